"""The default register, and an illustrative SIMKOPDES export with known faults.

:func:`default_register` is the embedded default: one cooperative per
desa/kelurahan of the official register, the public SIMKOPDES snapshot's
values where it is at hand (:mod:`~kdkmp_analysis.intake.snapshot`), and the
calibrated ``ilustrasi`` scenario for everything else (``data/KALIBRASI.md``);
published facts (``data/fakta_kemitraan.csv``, :func:`partner_facts`)
override the partners. :func:`load_register` is a file, else the default.

:func:`sample_export` builds, from the official register of any kabupaten, a
location file and a village-statistics file in the SIMKOPDES shapes, then
injects the faults real exports have (spacing variants, typos, wrong kind
word, flipped or swapped coordinates, empty and text coordinates, a point in
another kecamatan, duplicate points and ids, a row of another kabupaten/kota,
a desa without a row, a fictitious village in the statistics). Both frames
are labelled ``ilustrasi``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import config, params, provenance, region, register
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.intake import names, snapshot
from kdkmp_analysis.intake.matching import national_desa

if TYPE_CHECKING:
    from kdkmp_analysis.intake.report import IntakeResult
    from kdkmp_analysis.intake.snapshot import SnapshotFile

__all__ = ["default_register", "load_register", "partner_facts", "sample_export"]

_TAILS = [
    " KECAMATAN {kec} KABUPATEN {kab}",
    " KECAMATAN {kec} KEBUPATEN {kab}",
    " KECAMATAN {kec}",
    "",
    " KECAMATAN {kec} KABUPATEN {kab} {prov}",
]


class _Picker:
    """Draws rows without replacement from a random order."""

    def __init__(self, order: list[int]) -> None:
        self.order = order

    def take(self, cond: Callable[[int], bool] | None = None) -> int:
        for j, r in enumerate(self.order):
            if cond is None or cond(r):
                return self.order.pop(j)
        return self.order.pop(0)


def sample_export(
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An ``ilustrasi`` SIMKOPDES export built from the official register.

    Every desa/kelurahan gets a cooperative with a noisy name and a point near
    its centroid; then known faults are injected, so that a notebook can show
    the intake on a machine without the real export.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        The kabupaten, or its Kemendagri code.
    seed : int
        Random seed (the faults hit different rows per seed).

    Returns
    -------
    tuple of pandas.DataFrame
        ``(locations, stats)`` in the SIMKOPDES shapes, all values text.
        ``provenance.of(locations).status == "ilustrasi"``; ``attrs["kesalahan"]`` maps
        each injected fault to the ``cooperative_id`` values it hit
        (``spasi``, ``salah_ketik``, ``jenis_salah``, ``tanda_terbalik``,
        ``tertukar``, ``kosong``, ``bukan_angka``, ``luar_kecamatan``,
        ``titik_ganda``, ``id_ganda``, ``kabupaten_lain``, ``tanpa_baris``
        (the desa code left out) and ``statistik_fiktif``).
    """
    kab = region.as_kabupaten(kabupaten)
    desa = region.load_desa(kab).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    n = len(desa)
    ids = np.array(
        [str(i) for i in rng.choice(np.arange(1000, 100000), n, replace=False)],
        dtype=object,
    )
    short = names.district_name(pd.Series([kab.name])).iloc[0].upper()
    prov = kab.province_name.upper()
    village = desa["nama_desa"].str.upper().str.replace("-", " ", regex=False)
    kind_word = np.where(desa["jenis"] == "kelurahan", "KELURAHAN", "DESA")
    coop = _noisy_names(desa, village, kind_word, short, prov, rng)
    lat = desa["lat"].to_numpy() + rng.normal(0, 0.0004, n)
    lon = desa["lon"].to_numpy() + rng.normal(0, 0.0004, n)
    faults: dict[str, list[str]] = {}
    pick = _Picker(list(rng.permutation(n)))
    _inject_name_faults(coop, village, kind_word, ids, pick, faults)
    lat_txt, lon_txt = _inject_coordinate_faults(desa, lat, lon, ids, pick, rng, faults)
    gone = pick.take()
    faults["tanpa_baris"] = [desa.at[gone, "kode_desa"]]
    district = f"KAB. {short}" if kab.name.startswith("Kab") else f"KOTA {short}"
    loc = pd.DataFrame(
        {
            "cooperative_id": ids,
            "name": coop,
            "province": prov,
            "district": district,
            "subdistrict": desa["nama_kecamatan"],
            "latitude": lat_txt,
            "longitude": lon_txt,
        }
    ).drop(index=gone)
    dup = pick.take()
    loc = pd.concat([loc, loc.loc[[dup]]])
    faults["id_ganda"] = [ids[dup]]
    oid = str(max(int(i) for i in ids) + 1)
    other = _other_kabupaten_row(kab, prov, oid, lat, lon, rng)
    loc = pd.concat([loc, other], ignore_index=True)
    faults["kabupaten_lain"] = [oid]
    loc.attrs = {"kesalahan": faults}
    provenance.tag(
        loc,
        source=f"contoh ilustrasi {kab.code} seed {seed}",
        status=register.STATUS_ILUSTRASI,
    )
    stats = _sample_stats(desa, prov, district, rng)
    faults["statistik_fiktif"] = ["99999"]
    provenance.tag(
        stats,
        source=f"contoh statistik ilustrasi {kab.code} seed {seed}",
        status=register.STATUS_ILUSTRASI,
    )
    return loc.reset_index(drop=True), stats


def _noisy_names(
    desa: pd.DataFrame,
    village: pd.Series,
    kind_word: np.ndarray,
    short: str,
    prov: str,
    rng: np.random.Generator,
) -> list[str]:
    """Step 1: cooperative names with the prefixes and tails exports carry."""
    n = len(desa)
    tail_pick = rng.choice(len(_TAILS), n, p=[0.6, 0.05, 0.15, 0.1, 0.1])
    repeat_kind = rng.random(n) < 0.15
    return [
        f"KOPERASI {kw} MERAH PUTIH "
        + (f"{kw} " if rk else "")
        + v
        + _TAILS[t].format(kec=k.upper(), kab=short, prov=prov)
        for kw, rk, v, t, k in zip(
            kind_word,
            repeat_kind,
            village,
            tail_pick,
            desa["nama_kecamatan"],
            strict=True,
        )
    ]


def _inject_name_faults(
    coop: list[str],
    village: pd.Series,
    kind_word: np.ndarray,
    ids: np.ndarray,
    pick: _Picker,
    faults: dict[str, list[str]],
) -> None:
    """Step 2: spaced variants, one-letter typos, a wrong kind word (in place)."""

    def compound(r: int) -> bool:
        return " " not in village[r] and len(village[r]) >= 9

    for _ in range(3):  # spaced variants: "GAMBIR KUNING" for Gambirkuning
        r = pick.take(compound)
        v = village[r]
        coop[r] = coop[r].replace(v, v[: len(v) // 2] + " " + v[len(v) // 2 :], 1)
        faults.setdefault("spasi", []).append(ids[r])
    for _ in range(2):  # one-letter typo in a long name
        r = pick.take(compound)
        v = village[r]
        k = len(v) // 2
        typo = v[:k] + ("A" if v[k] != "A" else "E") + v[k + 1 :]
        coop[r] = coop[r].replace(v, typo, 1)
        faults.setdefault("salah_ketik", []).append(ids[r])
    r = pick.take()
    other_kw = "DESA" if kind_word[r] == "KELURAHAN" else "KELURAHAN"
    coop[r] = coop[r].replace(f"KOPERASI {kind_word[r]}", f"KOPERASI {other_kw}", 1)
    faults["jenis_salah"] = [ids[r]]


def _inject_coordinate_faults(
    desa: pd.DataFrame,
    lat: np.ndarray,
    lon: np.ndarray,
    ids: np.ndarray,
    pick: _Picker,
    rng: np.random.Generator,
    faults: dict[str, list[str]],
) -> tuple[list[str], list[str]]:
    """Step 3: the coordinates as text, with every coordinate fault once."""
    lat_txt = [f"{v:.8f}" for v in lat]
    lon_txt = [f"{v:.8f}" for v in lon]
    r = pick.take()
    lat_txt[r] = f"{-lat[r]:.8f}"
    faults["tanda_terbalik"] = [ids[r]]
    r = pick.take()
    lat_txt[r], lon_txt[r] = lon_txt[r], lat_txt[r]
    faults["tertukar"] = [ids[r]]
    r = pick.take()
    lat_txt[r] = ""
    faults["kosong"] = [ids[r]]
    r = pick.take()
    lon_txt[r] = "belum diisi"
    faults["bukan_angka"] = [ids[r]]
    r = pick.take()
    far = desa.index[desa["kode_kecamatan"] != desa.at[r, "kode_kecamatan"]]
    f = int(rng.choice(far))
    lat_txt[r], lon_txt[r] = f"{lat[f]:.8f}", f"{lon[f]:.8f}"
    faults["luar_kecamatan"] = [ids[r]]
    r, f = pick.take(), pick.take()
    lat_txt[r], lon_txt[r] = lat_txt[f], lon_txt[f]
    faults["titik_ganda"] = [ids[r], ids[f]]
    return lat_txt, lon_txt


def _other_kabupaten_row(
    kab: region.Kabupaten,
    prov: str,
    oid: str,
    lat: np.ndarray,
    lon: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Step 4: a row of another kabupaten/kota (a kota, if any) of the province."""
    nat = national_desa()
    others = nat[
        (nat["kode_kabupaten"].str.slice(0, 2) == kab.province_code)
        & (nat["kode_kabupaten"] != kab.code)
    ]
    kota = others[others["nama_kabupaten"].str.startswith("Kota")]
    pool = kota if len(kota) else others
    pick = pool.iloc[int(rng.integers(len(pool)))]
    return pd.DataFrame(
        [
            {
                "cooperative_id": oid,
                "name": f"KOPERASI KELURAHAN MERAH PUTIH {pick['nama_desa'].upper()}",
                "province": prov,
                "district": pick["nama_kabupaten"].upper(),
                "subdistrict": pick["nama_kecamatan"],
                "latitude": f"{lat.mean():.8f}",
                "longitude": f"{lon.mean():.8f}",
            }
        ]
    )


def _sample_stats(
    desa: pd.DataFrame, prov: str, district: str, rng: np.random.Generator
) -> pd.DataFrame:
    """Step 5: village statistics, one row per desa + one village that does not exist."""
    n = len(desa)
    nib = rng.random(n) < 0.93
    stats = pd.DataFrame(
        {
            "province": prov,
            "district": district,
            "subdistrict": desa["nama_kecamatan"],
            "village_id": (
                rng.choice(np.arange(30000, 90000), n, replace=False)
            ).astype(str),
            "village": desa["nama_desa"],
            "cooperatives": "1",
            "accounts_count": "1",
            "npwp_count": "1",
            "nib_count": np.where(nib, "1", "0"),
            "rat_count": "0",
            "transaction_volume": rng.integers(0, 500, n).astype(str),
            "transaction_value": (rng.integers(0, 500, n) * 15000).astype(str),
            "savings_total_amount": (rng.integers(0, 40, n) * 25000).astype(str),
        }
    )
    fict = stats.iloc[[0]].assign(village="Sukamaju Fiktif", village_id="99999")
    return pd.concat([stats, fict], ignore_index=True)


# ---------------------------------------------------------------------------
# The default register: the public snapshot where it is at hand, else the
# calibrated ilustrasi scenario; published facts override either
# ---------------------------------------------------------------------------
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
        :data:`kdkmp_analysis.register.MITRA`, empty when the source does not
        name the BUMN), ``sumber`` (a source id of the parameter file),
        ``catatan`` (how the name was resolved) and the official
        ``nama_desa``/``nama_kecamatan``.
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


_MITRA_COLUMNS = register.MITRA_COLUMNS


def _scenario(
    kab_code: str, seed: int
) -> tuple[pd.DataFrame, np.random.Generator, dict[str, np.ndarray]]:
    """Official identity + the calibrated scenario, before the facts.

    Returns the frame (partners masked by the scenario's NIB), the generator
    (its state continues into :func:`_apply_facts`) and the partner draws
    before masking (the real path masks them by the real NIB).
    """
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
    ).reset_index(drop=True)
    # Calibrated statuses (exact counts where a published aggregate exists).
    for col in ("badan_hukum", "akun_simkopdes", "npwp", "nib", "rekening_bank"):
        df[col] = _exact_true(rng, n, _share(f"porsi_{col}"))
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
    draws = {key: rng.random(n) < float(shares[key]) for key in register.MITRA}
    for key, drawn in draws.items():
        df[f"mitra_{key}"] = drawn & df["nib"]
    df[_MITRA_COLUMNS] = df[_MITRA_COLUMNS].astype("boolean")
    return df, rng, draws


def _partner_note(df: pd.DataFrame) -> None:
    """``catatan_mitra`` of scenario partners (in place)."""
    df["catatan_mitra"] = pd.Series(
        np.where(
            df[_MITRA_COLUMNS].fillna(False).any(axis=1).to_numpy(),
            "ilustrasi (skenario)",
            None,
        ),  # type: ignore[call-overload]
        dtype="string",
    )


def _apply_facts(
    df: pd.DataFrame,
    facts: pd.DataFrame,
    rng: np.random.Generator,
    *,
    real_nib: bool,
    status_rest: str,
) -> None:
    """Published facts override the scenario (in place); partners need the NIB.

    With the scenario's NIB (``real_nib=False``) a partnered cooperative is
    given the NIB and the NIB total is kept on the published aggregate; with
    the snapshot's NIB a fact keeps its partners and an NIB the snapshot does
    not show is noted, never invented.
    """
    n = len(df)
    idx = pd.Index(df["kode_desa"])
    fact_rows = idx.get_indexer(facts["kode_desa"])
    for i, (_, fact) in zip(fact_rows, facts.iterrows(), strict=True):
        src = params.source(fact["sumber"])
        keys = [k for k in fact["mitra"].split(";") if k]
        for key in register.MITRA:  # BUMN not named → unknown per BUMN, never guessed
            df.loc[i, f"mitra_{key}"] = (key in keys) if keys else pd.NA
        title = str(src.get("judul_singkat") or src.get("judul_id") or src["judul"])
        when = (
            "" if str(src["tanggal"])[:4] in title else f" ({tanggal(src['tanggal'])})"
        )
        note = f"fakta: {title}{when}" + ("" if keys else "; BUMN tidak disebut")
        if not real_nib:
            df.loc[i, "nib"] = True  # a partnered cooperative holds the NIB
        elif not (pd.notna(df.loc[i, "nib"]) and bool(df.loc[i, "nib"])):
            note += "; NIB belum tercatat di data SIMKOPDES"
        df.loc[i, "catatan_mitra"] = note
        df.loc[i, "sumber_status"] = (
            f"kemitraan: fakta ({fact['sumber']}); {status_rest}"
        )
    fact_mask = np.zeros(n, dtype=bool)
    fact_mask[fact_rows] = True
    if not real_nib:  # keep the NIB total on the published aggregate
        surplus = int(df["nib"].sum()) - round(_share("porsi_nib") * n)
        if surplus > 0:
            candidates = np.setdiff1d(np.flatnonzero(df["nib"].to_numpy()), fact_rows)
            df.loc[rng.choice(candidates, size=surplus, replace=False), "nib"] = False
    nib = df["nib"].fillna(False).astype(bool)
    df["kbli_47763"] = df["kbli_47763"] & nib
    has_partner = df[_MITRA_COLUMNS].fillna(False).any(axis=1)
    keep = nib | fact_mask if real_nib else nib
    for col in _MITRA_COLUMNS:  # a partnership needs the NIB
        df[col] = df[col].where(keep, False)
    df["bermitra_bumn"] = df[_MITRA_COLUMNS].fillna(False).any(axis=1) | fact_mask
    df.loc[~df["bermitra_bumn"] & has_partner, "catatan_mitra"] = pd.NA


def _scenario_text(seed: int) -> str:
    return (
        f"{register.STATUS_ILUSTRASI}: skenario seed {seed}, dikalibrasi ke "
        "agregat terbit (data/parameter.toml [kalibrasi])"
    )


def _overlay_snapshot(
    df: pd.DataFrame,
    result: IntakeResult,
    draws: dict[str, np.ndarray],
    seed: int,
) -> None:
    """The snapshot's values and points over the scenario (in place).

    Rows whose village statistics joined take the SIMKOPDES columns
    (:data:`kdkmp_analysis.register.SIMKOPDES_COLUMNS`) and
    ``sumber_simkopdes``; rows whose location matched take the point the
    intake chose after its checks, with its ``sumber_koordinat``. The
    scenario's partners are drawn again over the real NIB.
    """
    src = snapshot.snapshot_source()
    got = result.register.set_index("kode_desa")
    st = result.stats_report
    joined = set(st.loc[st["tergabung"], "kode_desa"]) if len(st) else set()
    located = df["kode_desa"].isin(got.index).to_numpy()
    rows = df.index[located]
    for col in ("lat", "lon", "sumber_koordinat"):
        df.loc[rows, col] = got.loc[df.loc[rows, "kode_desa"], col].to_numpy()
    has = df["kode_desa"].isin(joined).to_numpy()
    rows = df.index[has]
    dtypes = {c.name: c.dtype for c in register.SCHEMA}
    for col in register.SIMKOPDES_COLUMNS:
        values = got.loc[df.loc[rows, "kode_desa"], col].astype(dtypes[col])
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype=dtypes[col])
        df[col] = df[col].astype(dtypes[col])
        df.loc[rows, col] = values.to_numpy()
    df["sumber_simkopdes"] = pd.Series(pd.NA, index=df.index, dtype="string")
    df.loc[rows, "sumber_simkopdes"] = src
    nib = df["nib"].fillna(False).to_numpy(dtype=bool)
    for key, drawn in draws.items():
        df[f"mitra_{key}"] = pd.array(drawn & nib, dtype="boolean")
    what = "akun, NPWP, NIB, RAT, transaksi, simpanan"
    df["sumber_status"] = np.where(
        has,
        f"{src}: {what}; status lain {_scenario_text(seed)}",
        f"{register.STATUS_ILUSTRASI} ({register.TIDAK_TERSEDIA} untuk desa ini): "
        + _scenario_text(seed).split(": ", 1)[1],
    )


@functools.lru_cache(maxsize=8)
def _default_cached(
    kab_code: str, seed: int, files: tuple[SnapshotFile, ...]
) -> pd.DataFrame:
    df, rng, draws = _scenario(kab_code, seed)
    kab = region.as_kabupaten(kab_code)
    facts = partner_facts(kab_code)
    snap = None
    if files:
        snap = snapshot.Snapshot(kab, *(snapshot.slice_file(f, kab) for f in files))
    if snap is not None and not snap.lokasi.frame.empty:  # else: no row of it
        result = snapshot.import_snapshot(snap)
        _overlay_snapshot(df, result, draws, seed)
        _partner_note(df)
        rest = (
            f"{snapshot.snapshot_source()}: akun, NPWP, NIB, RAT, transaksi, "
            f"simpanan; status lain {register.STATUS_ILUSTRASI}"
        )
        _apply_facts(df, facts, rng, real_nib=True, status_rest=rest)
        export = df["sumber_koordinat"].str.startswith("ekspor SIMKOPDES")
        n_export = int(export.sum())
        where = (
            f"titik ekspor SIMKOPDES {angka(n_export)}, titik pusat desa "
            f"{region.source_points()} {angka(len(df) - n_export)}; "
            f"akun/NPWP/NIB/RAT/transaksi/simpanan {snapshot.snapshot_source()} "
            f"untuk {angka(int(df['sumber_simkopdes'].notna().sum()))} dari "
            f"{angka(len(df))} koperasi; status lain skenario seed {seed}"
        )
    else:
        _partner_note(df)
        missing = f"{register.STATUS_ILUSTRASI} ({register.TIDAK_TERSEDIA})"
        df["sumber_status"] = f"{missing}: " + _scenario_text(seed).split(": ", 1)[1]
        df["sumber_simkopdes"] = pd.Series(pd.NA, index=df.index, dtype="string")
        _apply_facts(
            df, facts, rng, real_nib=False, status_rest=f"status lain {missing}"
        )
        where = (
            f"titik {region.source_points()}, status skenario seed {seed} "
            f"({register.TIDAK_TERSEDIA})"
        )
    kind = register.STATUS_ILUSTRASI
    if df["sumber_simkopdes"].notna().any():
        kind = f"data SIMKOPDES + {register.STATUS_ILUSTRASI}"
    out = register.coerce_register(df)
    provenance.tag(
        out,
        source=f"register bawaan ({kind}): nama & kode "
        f"{region.source_names()}, {where}",
        status=register.STATUS_ILUSTRASI,
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
        The :data:`~kdkmp_analysis.register.SCHEMA` columns. Names and codes
        are official. Where the public SIMKOPDES snapshot is at hand
        (``KDKMP_SIMKOPDES_DIR`` or the user cache; never downloaded here:
        ``kdkmp unduh-simkopdes`` fills the cache), its NIB, NPWP, account,
        RAT, transactions and savings and its points after the intake's
        checks are used, each such row saying so in ``sumber_simkopdes``; the
        other columns (partners per BUMN, land, warehouse, KBLI, members …)
        are the ``ilustrasi`` scenario. Without the snapshot every status is
        the scenario and ``sumber_status`` says *ilustrasi (data SIMKOPDES
        tidak tersedia)*. Published facts (``data/fakta_kemitraan.csv``)
        override the partners. Its provenance status is ``"ilustrasi"``
        either way (the partner statuses are); see
        :func:`kdkmp_analysis.register.column_sources` per column.

    Raises
    ------
    SnapshotError
        A snapshot file whose hash differs from its pin (never used).

    Notes
    -----
    Scenario calibration: exactly round(share × N) cooperatives get each
    status whose aggregate is published (NIB 341/365, NPWP and SIMKOPDES
    account 365/365, legal entity 365/365, land ready 226/365); the rest are
    illustrative shares. See ``data/KALIBRASI.md``. The snapshot agrees on
    the counts for Pasuruan (NIB 341, NPWP 365) but not on which desa.
    """
    kab = region.as_kabupaten(kabupaten)
    seed = int(params.value("kalibrasi.seed")) if seed is None else int(seed)
    found = [snapshot.locate_snapshot_file(k, kab) for k in snapshot.KINDS]
    files = tuple(f for f in found if f is not None)
    cached = _default_cached(kab.code, seed, files if len(files) == 2 else ())
    out = cached.copy()
    out.attrs = dict(cached.attrs)
    return out


def load_register(
    path: str | Path | None = None,
    kabupaten: region.Kabupaten | str | None = None,
) -> pd.DataFrame:
    """The register a notebook or report works on: a file, else the default.

    Parameters
    ----------
    path : str or Path, optional
        Register CSV (:func:`kdkmp_analysis.register.write_register`,
        ``kdkmp import-simkopdes``).
    kabupaten : Kabupaten or str, optional
        Kabupaten of the default register when no file is given (default
        35.14); with a file, it must agree with the file's rows.

    Returns
    -------
    pandas.DataFrame
        :func:`kdkmp_analysis.register.read_register` of ``path``, else
        :func:`default_register`.
    """
    if not path:
        return default_register(region.as_kabupaten(kabupaten))
    reg = register.read_register(path)
    region.as_kabupaten(kabupaten, reg)  # a disagreeing --kabupaten stops here
    return reg
