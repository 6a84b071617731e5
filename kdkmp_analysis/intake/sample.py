"""An illustrative SIMKOPDES export with known faults (for notebooks and tests).

:func:`sample_export` builds, from the official register of any kabupaten, a
location file and a village-statistics file in the SIMKOPDES shapes, then
injects the faults real exports have (spacing variants, typos, wrong kind
word, flipped or swapped coordinates, empty and text coordinates, a point in
another kecamatan, duplicate points and ids, a row of another kabupaten/kota,
a desa without a row, a fictitious village in the statistics). Both frames
are labelled ``ilustrasi``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kdkmp_analysis import config, provenance, region, register
from kdkmp_analysis.intake import names
from kdkmp_analysis.intake.matching import national_desa

__all__ = ["sample_export"]

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
