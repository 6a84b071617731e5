"""The business-matching forum: ranked candidates per BUMN, briefings, exports.

The planning question: *which cooperatives do we put in front of which BUMN,
and why?* Built on :mod:`kdkmp_analysis.gaps` (readiness per programme):

* per partner programme a **ranked candidate list** of the cooperatives not
  (known to be) partnered with that BUMN, each with its reasons — readiness,
  what is missing, the distance to the nearest existing partner outlet of the
  same BUMN (km, in the kabupaten's UTM zone) and the population of its desa
  and the touching desa that have no partner of that BUMN;
* per kecamatan a short **briefing** table;
* one **Excel workbook** (summary + one sheet per partner programme +
  kecamatan briefing + readiness matrix + sources) and the same lists as one
  self-contained **HTML** page; ``kdkmp forum`` writes both;
* **maps** of the gaps through :mod:`kdkmp_analysis.maps`.

Ranking (best candidate first): readiness ``siap`` → ``tidak dapat dinilai``
→ ``belum siap``; partner status known ``belum bermitra`` before ``tidak
diketahui``; fewer failed requirements; more people without a partner in the
desa and its neighbours; farther from the nearest partner outlet (no outlet
at all counts as farthest); then the desa code.
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import config, gaps, params, region, register
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = [
    "Forum",
    "ForumError",
    "ForumFiles",
    "build_forum",
    "candidates",
    "desa_neighbours",
    "gap_map",
    "gap_map_data",
    "kecamatan_briefing",
    "nearest_partner_km",
    "readiness_points_map",
    "readiness_register",
    "unserved_population",
    "write_forum",
    "write_gap_maps",
    "write_html",
    "write_workbook",
]

_READY_RANK = {gaps.SIAP: 0, gaps.TIDAK_DAPAT_DINILAI: 1, gaps.BELUM_SIAP: 2}
_PARTNER_RANK = {
    gaps.BELUM_BERMITRA: 0,
    gaps.MITRA_TIDAK_DIKETAHUI: 1,
    gaps.MITRA_TIDAK_BERLAKU: 0,
}


class ForumError(KdkmpError, ValueError):
    """Input the forum exports cannot use (register, kabupaten, programme)."""


# ---------------------------------------------------------------------------
# Geography: distances and neighbours
# ---------------------------------------------------------------------------
def _metric_xy(reg: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer

    lon = pd.to_numeric(reg["lon"], errors="coerce").astype(float).to_numpy()
    lat = pd.to_numeric(reg["lat"], errors="coerce").astype(float).to_numpy()
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        return np.full(len(reg), np.nan), np.full(len(reg), np.nan)
    crs = region.utm_crs(float(np.mean(lon[ok])), float(np.mean(lat[ok])))
    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = tr.transform(np.where(ok, lon, 0.0), np.where(ok, lat, 0.0))
    return np.where(ok, x, np.nan), np.where(ok, y, np.nan)


def nearest_partner_km(reg: pd.DataFrame, mitra: str) -> pd.Series:
    """Distance from each cooperative to the nearest *other* partner outlet.

    Parameters
    ----------
    reg : pandas.DataFrame
        A register (``lat``/``lon`` in EPSG:4326).
    mitra : str
        Partner key of :data:`kdkmp_analysis.register.MITRA` (``bulog``).

    Returns
    -------
    pandas.Series
        Straight-line distance in km (computed in the register's UTM zone),
        index of ``reg``; ``NaN`` when no other cooperative is a partner of
        that BUMN or the cooperative has no coordinates.
    """
    from scipy.spatial import cKDTree

    col = f"mitra_{mitra}"
    if col not in reg.columns:
        raise ForumError(f"register tidak punya kolom {col!r}")
    x, y = _metric_xy(reg)
    partner = np.asarray(pd.array(reg[col], dtype="boolean").fillna(False), dtype=bool)
    partner &= np.isfinite(x)
    out = np.full(len(reg), np.nan)
    idx = np.flatnonzero(partner)
    if len(idx) == 0:
        return pd.Series(out, index=reg.index, name="jarak_mitra_km")
    tree = cKDTree(np.column_stack([x[idx], y[idx]]))
    k = min(2, len(idx))
    has_xy = np.isfinite(x)
    q = np.flatnonzero(has_xy)
    dist, nn = tree.query(np.column_stack([x[q], y[q]]), k=k)
    dist = dist.reshape(len(q), k)
    nn = nn.reshape(len(q), k)
    for j, i in enumerate(q):
        for d, n in zip(dist[j], nn[j], strict=True):
            if idx[n] != i and np.isfinite(d):
                out[i] = d / 1000.0
                break
    return pd.Series(out, index=reg.index, name="jarak_mitra_km")


def desa_neighbours(desa_polygons: gpd.GeoDataFrame) -> dict[str, list[str]]:
    """Neighbouring desa: polygons that touch (or overlap at the edge).

    Open boundary data are digitised imperfectly: neighbours often overlap
    by a sliver instead of sharing an exact edge, so *intersecting* polygons
    count as touching.

    Parameters
    ----------
    desa_polygons : geopandas.GeoDataFrame
        ``kode_desa`` + geometry.

    Returns
    -------
    dict of str to list of str
        ``kode_desa`` → the codes of its neighbours (sorted, itself excluded).
    """
    codes = desa_polygons["kode_desa"].astype(str).to_numpy()
    geom = desa_polygons.geometry
    valid = ~(geom.isna() | geom.is_empty).to_numpy()
    out: dict[str, list[str]] = {c: [] for c in codes}
    if not valid.any():
        return out
    sub = desa_polygons[valid]
    sub_codes = codes[valid]
    a, b = sub.sindex.query(sub.geometry, predicate="intersects")
    keep = a != b
    for i, j in zip(a[keep], b[keep], strict=True):
        out[sub_codes[i]].append(sub_codes[j])
    return {k: sorted(set(v)) for k, v in out.items()}


def unserved_population(
    reg: pd.DataFrame,
    mitra: str,
    population: pd.DataFrame,
    neighbours: dict[str, list[str]],
) -> pd.Series:
    """People in a cooperative's desa and its neighbours without that partner.

    Parameters
    ----------
    reg : pandas.DataFrame
        A register.
    mitra : str
        Partner key (``bulog``).
    population : pandas.DataFrame
        Per-desa population (``kode_desa``, ``penduduk``).
    neighbours : dict
        Output of :func:`desa_neighbours`.

    Returns
    -------
    pandas.Series
        Sum of ``penduduk`` over the desa and its neighbours whose cooperative
        is not (known to be) partnered with the BUMN (index of ``reg``,
        ``Int64``; ``<NA>`` when the desa's own population is unknown).
    """
    pop = population.set_index("kode_desa")["penduduk"]
    col = f"mitra_{mitra}"
    partnered = (
        set(
            reg.loc[
                pd.array(reg[col], dtype="boolean").fillna(False).to_numpy(bool),
                "kode_desa",
            ]
        )
        if col in reg.columns
        else set()
    )
    vals = []
    for code in reg["kode_desa"]:
        if code not in pop.index or pd.isna(pop[code]):
            vals.append(pd.NA)
            continue
        area = [code, *neighbours.get(code, [])]
        vals.append(
            int(
                sum(
                    int(pop[c])
                    for c in area
                    if c not in partnered and c in pop.index and pd.notna(pop[c])
                )
            )
        )
    return pd.Series(
        pd.array(vals, dtype="Int64"), index=reg.index, name="penduduk_tanpa_mitra"
    )


# ---------------------------------------------------------------------------
# Candidate lists and briefings
# ---------------------------------------------------------------------------
def _fmt_int(v: Any) -> str:
    return "?" if pd.isna(v) else f"{int(v):,}".replace(",", ".")


def _fmt_km(v: Any) -> str:
    return f"{float(v):.1f}".replace(".", ",")


def _reason(row: pd.Series, nama_mitra: str, pop_label: str) -> str:
    if row["kesiapan"] == gaps.SIAP:
        parts = ["Siap: semua syarat yang tercatat di register terpenuhi"]
    elif row["kesiapan"] == gaps.BELUM_SIAP:
        parts = [f"Belum siap: kurang {row['syarat_kurang']}"]
    else:
        parts = [f"Tidak dapat dinilai: data belum ada ({row['data_kurang']})"]
    if row["kesiapan"] != gaps.TIDAK_DAPAT_DINILAI and row["data_kurang"]:
        parts.append(f"data belum ada: {row['data_kurang']}")
    if row["verifikasi_dokumen"]:
        parts.append(f"verifikasi dokumen: {row['verifikasi_dokumen']}")
    if row["status_mitra"] == gaps.MITRA_TIDAK_DIKETAHUI:
        parts.append(f"status kemitraan dengan {nama_mitra} tidak diketahui")
    if pd.isna(row["jarak_mitra_km"]):
        parts.append(f"belum ada mitra {nama_mitra} lain di register")
    else:
        parts.append(f"mitra {nama_mitra} terdekat {_fmt_km(row['jarak_mitra_km'])} km")
    if pd.notna(row["penduduk_tanpa_mitra"]):
        parts.append(
            f"{_fmt_int(row['penduduk_tanpa_mitra'])} jiwa di desa ini dan desa "
            f"tetangga belum punya mitra {nama_mitra}{pop_label}"
        )
    return "; ".join(parts) + "."


def candidates(
    ready: pd.DataFrame,
    program: str,
    reg: pd.DataFrame,
    *,
    population: pd.DataFrame | None = None,
    neighbours: dict[str, list[str]] | None = None,
) -> pd.DataFrame:
    """Ranked candidate list of one partner programme, with the reasons.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`kdkmp_analysis.gaps.readiness` (must include
        ``program``).
    program : str
        Programme key with a partner column (``bulog_sphp``).
    reg : pandas.DataFrame
        The register ``ready`` was computed from (coordinates, partners).
    population : pandas.DataFrame, optional
        Per-desa population; without it the population columns are ``<NA>``.
    neighbours : dict, optional
        Output of :func:`desa_neighbours`; without it a desa has none.

    Returns
    -------
    pandas.DataFrame
        Every cooperative not (known to be) partnered with the programme's
        BUMN, best first: ``peringkat``, identity columns, ``kesiapan``,
        ``status_mitra``, ``syarat_kurang``, ``data_kurang``,
        ``verifikasi_dokumen``, ``jarak_mitra_km``, ``penduduk_desa``,
        ``penduduk_tanpa_mitra``, ``alasan`` (one Indonesian sentence).
        ``attrs`` carry ``program``, ``status_penduduk`` and the register's
        ``status_data``.

    Raises
    ------
    ForumError
        When the programme has no partner column or is not in ``ready``.
    """
    prog = gaps.programme(program)
    if prog.mitra is None:
        raise ForumError(
            f"program {program!r} tidak punya kolom mitra; daftar kandidat hanya "
            "untuk program kemitraan BUMN"
        )
    r = ready[ready["program"] == program]
    if r.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesiapan")
    reg2 = register.coerce_register(reg)
    dist = nearest_partner_km(reg2, prog.mitra).set_axis(reg2["kode_desa"])
    pop_status = "tidak tersedia"
    if population is not None:
        pop_status = population.attrs.get("status_penduduk", "perkiraan")
        unserved = unserved_population(
            reg2, prog.mitra, population, neighbours or {}
        ).set_axis(reg2["kode_desa"])
        pop_desa = population.set_index("kode_desa")["penduduk"]
    else:
        unserved = pd.Series(pd.NA, index=reg2["kode_desa"], dtype="Int64")
        pop_desa = pd.Series(dtype="Int64")
    out = r[r["status_mitra"] != gaps.BERMITRA].copy()
    out["jarak_mitra_km"] = out["kode_desa"].map(dist).astype(float).round(2)
    out["penduduk_desa"] = pd.array(out["kode_desa"].map(pop_desa), dtype="Int64")
    out["penduduk_tanpa_mitra"] = pd.array(
        out["kode_desa"].map(unserved), dtype="Int64"
    )
    keys = pd.DataFrame(
        {
            "k1": out["kesiapan"].map(_READY_RANK),
            "k2": out["status_mitra"].map(_PARTNER_RANK),
            "k3": out["jumlah_kurang"],
            "k4": -out["penduduk_tanpa_mitra"].astype("Float64").fillna(-1.0),
            "k5": -out["jarak_mitra_km"].fillna(np.inf),
            "k6": out["kode_desa"],
        },
        index=out.index,
    )
    order = keys.sort_values(["k1", "k2", "k3", "k4", "k5", "k6"]).index
    out = out.loc[order].reset_index(drop=True)
    out.insert(0, "peringkat", np.arange(1, len(out) + 1))
    pop_label = " (perkiraan)" if pop_status == "perkiraan" else ""
    out["alasan"] = [
        _reason(row, prog.nama_mitra, pop_label) for _, row in out.iterrows()
    ]
    cols = [
        "peringkat",
        "koperasi_id",
        "nama_koperasi",
        "kode_desa",
        "nama_desa",
        "kode_kecamatan",
        "nama_kecamatan",
        "kesiapan",
        "status_mitra",
        "syarat_kurang",
        "data_kurang",
        "verifikasi_dokumen",
        "jarak_mitra_km",
        "penduduk_desa",
        "penduduk_tanpa_mitra",
        "alasan",
    ]
    out = out[cols]
    out.attrs = {
        "program": program,
        "status_penduduk": pop_status,
        "status_data": ready.attrs.get("status_data", ""),
    }
    return out


@dataclass
class Forum:
    """Everything the forum exports are made of.

    Attributes
    ----------
    kabupaten : str
        ``"Kabupaten Pasuruan (35.14)"``.
    register : pandas.DataFrame
        The register used.
    readiness : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.readiness` over the whole catalogue.
    gaps : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.gaps_by_kecamatan`.
    summary : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.regency_summary`.
    candidates : dict of str to pandas.DataFrame
        Ranked list per partner programme (:func:`candidates`).
    status_data : str
        ``ilustrasi`` for the default register, else ``impor``/other.
    status_penduduk : str
        ``perkiraan``, ``data`` or ``tidak tersedia``.
    sumber : dict of str to str
        Where the register, population and boundaries come from.
    """

    kabupaten: str
    register: pd.DataFrame
    readiness: pd.DataFrame
    gaps: pd.DataFrame
    summary: pd.DataFrame
    candidates: dict[str, pd.DataFrame]
    status_data: str
    status_penduduk: str
    sumber: dict[str, str] = field(default_factory=dict)

    @property
    def is_illustrative(self) -> bool:
        """True when the register's statuses are the ``ilustrasi`` scenario."""
        return self.status_data == register.STATUS_ILUSTRASI

    @property
    def data_note(self) -> str:
        """The one-line note on the data's status shown on every export."""
        parts = []
        if self.is_illustrative:
            parts.append(
                "DATA ILUSTRASI: status koperasi adalah skenario ilustrasi, "
                "bukan data resmi"
            )
        else:
            parts.append(f"Data register: {self.sumber.get('register', '')}")
        if self.status_penduduk == "perkiraan":
            parts.append("penduduk per desa = perkiraan")
        return " · ".join(parts)


def _resolve_kabupaten(reg: pd.DataFrame | None, kab_code: str | None) -> str:
    if reg is None:
        return region.resolve_kabupaten(kab_code or config.DEFAULT_KABUPATEN).code
    codes = sorted(set(reg["kode_kabupaten"].dropna().astype(str)))
    if kab_code is None:
        if len(codes) > 1:
            raise ForumError(
                "register berisi lebih dari satu kabupaten ("
                + ", ".join(codes)
                + "); pilih satu dengan --kabupaten"
            )
        kab_code = codes[0] if codes else config.DEFAULT_KABUPATEN
    kab = region.resolve_kabupaten(kab_code)
    if codes and codes != [kab.code]:
        raise ForumError(
            f"register berisi kabupaten {', '.join(codes)}, bukan {kab.code}"
        )
    return kab.code


def build_forum(
    reg: pd.DataFrame | None = None,
    kab_code: str | None = None,
    *,
    desa_polygons: gpd.GeoDataFrame | None = None,
    population: pd.DataFrame | None = None,
    strict: bool = False,
) -> Forum:
    """Compute readiness, gaps and every candidate list for the forum.

    Parameters
    ----------
    reg : pandas.DataFrame, optional
        The register (default: :func:`kdkmp_analysis.register.default_register`
        of the kabupaten).
    kab_code : str, optional
        Kemendagri code; default: the register's own ``kode_kabupaten``
        (35.14 without a register).
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons for neighbours and the population estimate (loaded with
        :func:`kdkmp_analysis.region.boundaries.load_desa_polygons` when omitted).
    population : pandas.DataFrame, optional
        Per-desa population (default:
        :func:`kdkmp_analysis.region.population.desa_population`, a ``perkiraan``).
    strict : bool
        Passed to :func:`kdkmp_analysis.gaps.readiness`.

    Returns
    -------
    Forum

    Raises
    ------
    ForumError
        A register of another (or of several) kabupaten.
    RegisterError
        A register that does not follow the schema.
    """
    from kdkmp_analysis.region import population as population_mod

    code = _resolve_kabupaten(reg, kab_code)
    kab = region.resolve_kabupaten(code)
    if reg is None:
        reg = register.default_register(code)
    reg = register.coerce_register(reg)
    if desa_polygons is None:
        from kdkmp_analysis.region import boundaries

        desa_polygons = boundaries.load_desa_polygons(code)
    if population is None:
        population = population_mod.desa_population(code, desa_polygons)
    pop_status = population.attrs.get("status_penduduk", "perkiraan")
    ready = gaps.readiness(reg, strict=strict)
    neighbours = desa_neighbours(desa_polygons)
    cands = {
        p.key: candidates(
            ready, p.key, reg, population=population, neighbours=neighbours
        )
        for p in gaps.load_programmes().values()
        if p.mitra is not None
    }
    status_data = reg.attrs.get("status_data") or (
        register.STATUS_ILUSTRASI
        if reg["sumber_status"]
        .dropna()
        .str.contains(register.STATUS_ILUSTRASI, regex=False)
        .any()
        else "impor"
    )
    ready.attrs["status_data"] = status_data
    pop_src = (
        population["sumber_penduduk"].iloc[0]
        if ("sumber_penduduk" in population.columns and len(population))
        else ""
    )
    return Forum(
        kabupaten=f"{kab.name} ({kab.code})",
        register=reg,
        readiness=ready,
        gaps=gaps.gaps_by_kecamatan(ready, population),
        summary=gaps.regency_summary(ready, population),
        candidates=cands,
        status_data=status_data,
        status_penduduk=pop_status,
        sumber={
            "register": str(reg.attrs.get("sumber", "register")),
            "penduduk": str(pop_src),
            "batas": str(desa_polygons.attrs.get("sumber_batas", "")),
        },
    )


def kecamatan_briefing(forum: Forum, program: str | None = None) -> pd.DataFrame:
    """A short briefing table per kecamatan.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    program : str, optional
        One programme key: its gap row per kecamatan plus the top three
        candidates. Default: all partner programmes side by side (the number
        of ready-but-unpartnered cooperatives per programme).

    Returns
    -------
    pandas.DataFrame
        Indonesian-named columns, one row per kecamatan.
    """
    reg = forum.register
    base = (
        reg.groupby(["kode_kecamatan", "nama_kecamatan"], sort=True)
        .agg(
            koperasi=("koperasi_id", "size"),
            tanpa_nib=("nib", lambda s: int((s == False).sum())),  # noqa: E712
            nib_tidak_diketahui=("nib", lambda s: int(s.isna().sum())),
            # unknown is not "not partnered": <NA> when no status is known
            bermitra_bumn=(
                "bermitra_bumn",
                lambda s: int(s.fillna(False).sum()) if s.notna().any() else pd.NA,
            ),
            bermitra_bumn_tidak_diketahui=(
                "bermitra_bumn",
                lambda s: int(s.isna().sum()),
            ),
        )
        .reset_index()
    )
    base["bermitra_bumn"] = pd.array(base["bermitra_bumn"], dtype="Int64")
    if program is not None:
        g = forum.gaps[forum.gaps["program"] == program]
        if g.empty:
            raise ForumError(f"program {program!r} tidak ada di tabel kesenjangan")
        cols = [
            "kode_kecamatan",
            "bermitra",
            "mitra_diketahui",
            "siap_belum_bermitra",
            "belum_siap",
            "tidak_dapat_dinilai",
            "syarat_kurang_terbanyak",
            "cakupan_penduduk_pct",
        ]
        out = base.merge(g[cols], on="kode_kecamatan", how="left")
        c = forum.candidates.get(program)
        if c is not None:
            top = (
                c[c["kesiapan"] == gaps.SIAP]
                .groupby("kode_kecamatan")["nama_desa"]
                .apply(lambda s: ", ".join(s.head(3)))
            )
            out["kandidat_teratas"] = out["kode_kecamatan"].map(top).fillna("")
        return out
    wide = forum.gaps[forum.gaps["program"].isin(forum.candidates)].pivot(
        index="kode_kecamatan", columns="program", values="siap_belum_bermitra"
    )
    progs = gaps.load_programmes()
    wide = wide[[k for k in forum.candidates if k in wide.columns]]
    wide.columns = [f"kandidat {progs[k].singkat}" for k in wide.columns]
    out = base.merge(wide, left_on="kode_kecamatan", right_index=True, how="left")
    r = forum.readiness
    r = r[
        r["program"].isin(forum.candidates)
        & (r["status_mitra"] != gaps.BERMITRA)
        & (r["kesiapan"] == gaps.BELUM_SIAP)
    ]
    common = r.groupby("kode_kecamatan")["syarat_kurang"].apply(
        lambda s: gaps._most_common(s, [])[0]
    )
    out["syarat_kurang_terbanyak"] = out["kode_kecamatan"].map(common).fillna("")
    return out


# ---------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------
_HEAD = {
    "peringkat": "Peringkat",
    "koperasi_id": "ID Koperasi",
    "nama_koperasi": "Koperasi",
    "kode_desa": "Kode Desa",
    "nama_desa": "Desa/Kelurahan",
    "kode_kecamatan": "Kode Kecamatan",
    "nama_kecamatan": "Kecamatan",
    "kesiapan": "Kesiapan",
    "status_mitra": "Status Mitra",
    "syarat_kurang": "Syarat Belum Terpenuhi",
    "data_kurang": "Data Belum Ada di Register",
    "verifikasi_dokumen": "Dokumen Diverifikasi di Forum",
    "jarak_mitra_km": "Jarak ke Mitra Terdekat (km)",
    "penduduk_desa": "Penduduk Desa",
    "penduduk_tanpa_mitra": "Penduduk Desa + Tetangga Tanpa Mitra",
    "alasan": "Alasan",
    "program": "Kode Program",
    "nama_program": "Program",
    "nama_mitra": "BUMN Mitra",
    "koperasi": "Koperasi",
    "bermitra": "Sudah Bermitra",
    "siap_belum_bermitra": "Siap, Belum Bermitra (Kandidat)",
    "belum_siap": "Belum Bermitra: Belum Siap",
    "tidak_dapat_dinilai": "Belum Bermitra: Tidak Dapat Dinilai",
    "siap": "Siap (Semua)",
    "mitra_tidak_diketahui": "Status Mitra Tidak Diketahui",
    "mitra_diketahui": "Status Mitra Diketahui",
    "penduduk_mitra_diketahui": "Penduduk di Desa dengan Status Mitra Diketahui",
    "syarat_kurang_terbanyak": "Syarat Kurang Terbanyak",
    "jumlah_syarat_kurang_terbanyak": "Jumlah Koperasi Kurang Syarat Itu",
    "penduduk": "Penduduk",
    "penduduk_desa_bermitra": "Penduduk di Desa Bermitra",
    "porsi_siap_belum_bermitra": "Porsi Kandidat",
    "cakupan_penduduk_pct": "Cakupan Penduduk (%)",
    "status_penduduk": "Status Angka Penduduk",
    "tanpa_nib": "Tanpa NIB",
    "nib_tidak_diketahui": "NIB Tidak Diketahui",
    "bermitra_bumn": "Bermitra BUMN (Mana Pun)",
    "bermitra_bumn_tidak_diketahui": "Status Bermitra BUMN Tidak Diketahui",
    "kandidat_teratas": "Kandidat Teratas",
    "syarat": "Syarat",
    "kolom": "Kolom Register",
    "kondisi": "Kondisi",
    "sumber": "ID Sumber",
    "judul_sumber": "Sumber",
    "url": "URL",
    "tanggal": "Tanggal",
    "mitra": "BUMN Mitra",
}


def _headed(df: pd.DataFrame, pop_status: str) -> pd.DataFrame:
    out = df.copy()
    names = {}
    for c in out.columns:
        label = _HEAD.get(c, c)
        if c.startswith("kandidat ") and c not in _HEAD:
            label = "Kandidat " + c[len("kandidat ") :]
        if pop_status == "perkiraan" and c in {
            "penduduk_desa",
            "penduduk_tanpa_mitra",
            "penduduk",
            "penduduk_desa_bermitra",
            "penduduk_mitra_diketahui",
            "cakupan_penduduk_pct",
        }:
            label += " (perkiraan)"
        names[c] = label
    out = out.rename(columns=names)
    for c in out.columns:  # Excel/HTML: plain objects, <NA> → empty
        if str(out[c].dtype) in {"Int64", "Float64", "boolean", "string"}:
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


def _summary_frame(forum: Forum) -> pd.DataFrame:
    cols = [
        "nama_program",
        "nama_mitra",
        "koperasi",
        "bermitra",
        "siap_belum_bermitra",
        "belum_siap",
        "tidak_dapat_dinilai",
        "siap",
        "mitra_diketahui",
        "mitra_tidak_diketahui",
        "syarat_kurang_terbanyak",
        "jumlah_syarat_kurang_terbanyak",
        "penduduk_desa_bermitra",
        "cakupan_penduduk_pct",
    ]
    # <NA> partner figures read "tidak diketahui" / "tidak berlaku", never 0
    shown = gaps.label_unknown(forum.summary[["program", *cols]])
    return _headed(shown[cols], forum.status_penduduk)


def _briefing_frame(forum: Forum) -> pd.DataFrame:
    b = kecamatan_briefing(forum)
    b["bermitra_bumn"] = (
        b["bermitra_bumn"]
        .astype(object)
        .where(b["bermitra_bumn"].notna(), gaps.TIDAK_DIKETAHUI)
    )
    return _headed(b, forum.status_penduduk)


def _candidate_frame(forum: Forum, key: str) -> pd.DataFrame:
    c = forum.candidates[key].drop(columns=["koperasi_id", "kode_kecamatan"])
    return _headed(c, forum.status_penduduk)


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
    base, i = name, 2
    while name in used:
        suffix = f" {i}"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name)
    return name


def _notes(forum: Forum) -> list[str]:
    today = _dt.date.today().isoformat()
    return [
        f"Forum temu bisnis KDKMP — {forum.kabupaten}; dibuat {today}",
        forum.data_note,
        f"Register: {forum.sumber.get('register', '')}",
        f"Penduduk: {forum.sumber.get('penduduk', '')}",
        f"Batas desa (tetangga): {forum.sumber.get('batas', '')}",
        "Kesiapan: 'belum siap' bila ada syarat yang tercatat tidak terpenuhi; "
        "'tidak dapat dinilai' bila data syarat belum ada di register; "
        "'siap' bila semua syarat yang dapat dicatat register terpenuhi — "
        "dokumen (KTP pengurus, proposal, dll.) tetap diverifikasi di forum.",
        "Status mitra yang tidak diketahui tidak dihitung sebagai 'belum "
        "bermitra': bila tidak ada status mitra yang diketahui, 'Sudah Bermitra' "
        "dan cakupan penduduk tertulis 'tidak diketahui'; persentase dihitung "
        "atas koperasi/desa yang statusnya diketahui.",
        "Kandidat = koperasi yang belum (diketahui) bermitra dengan BUMN itu. "
        "Urutan: siap → tidak dapat dinilai → belum siap; status mitra "
        "diketahui dulu; syarat kurang paling sedikit; penduduk tanpa mitra "
        "terbanyak; terjauh dari mitra yang ada.",
        "Syarat dan angka program: data/parameter.toml [program.*], "
        "sumber di lembar 'Sumber'.",
    ]


def _sources_frame(forum: Forum) -> pd.DataFrame:
    rows = []
    for p in gaps.load_programmes().values():
        for k in p.angka:
            e = params.entry(k)
            src = params.source(e.get("sumber", "asumsi"))
            rows.append(
                {
                    "nama_program": p.nama,
                    "syarat": k.rsplit(".", 1)[-1],
                    "kolom": "",
                    "kondisi": f"{e.get('nilai')} {e.get('satuan', '')}",
                    "sumber": e.get("sumber", ""),
                    "judul_sumber": src.get("judul", ""),
                    "url": src.get("url", ""),
                    "tanggal": src.get("tanggal", ""),
                }
            )
    cat = gaps.programmes_table().drop(columns=["program", "mitra"])
    return _headed(pd.concat([cat, pd.DataFrame(rows)], ignore_index=True), "")


def _xlsx_sheet(
    writer, name: str, title: str, df: pd.DataFrame, fmt: dict, header_note: str
) -> None:
    df.to_excel(writer, sheet_name=name, startrow=1, index=False)
    ws = writer.sheets[name]
    ws.write(0, 0, title, fmt["title"])
    for j, col in enumerate(df.columns):
        ws.write(1, j, col, fmt["head"])
        values = [len(str(v)) for v in df[col].head(500) if v is not None]
        width = max([len(str(col)) * 0.9, *values, 6])
        ws.set_column(
            j, j, min(max(width + 2, 8), 60), fmt["wrap"] if width > 60 else None
        )
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, max(len(df), 1) + 1, max(len(df.columns) - 1, 0))
    ws.set_header("&L" + header_note.replace("&", "&&")[:200])


def write_workbook(forum: Forum, path: str | Path) -> Path:
    """Write the forum workbook (xlsx).

    Sheets: ``Ringkasan`` (per programme, regency totals), one sheet per
    partner programme (ranked candidates with reasons), ``Per Kecamatan``
    (briefing), ``Matriks Kesiapan``, ``Sumber`` (requirements and numbers
    with their sources) and ``Catatan`` (data status, method). Every sheet:
    a title row naming the data status (``DATA ILUSTRASI`` for the default
    register), Indonesian headings on row 2, frozen header, autofilter,
    column widths set, and the same note as the printed page header.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    path : str or Path
        Target ``.xlsx`` file (parent directories are created).

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    progs = gaps.load_programmes()
    note = forum.data_note
    used: set[str] = set()
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        wb = writer.book
        fmt = {
            "title": wb.add_format(
                {
                    "bold": True,
                    "font_color": "#9c0006" if forum.is_illustrative else "#1f4e79",
                }
            ),
            "head": wb.add_format(
                {
                    "bold": True,
                    "bg_color": "#ddebf7",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),
            "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        }
        _xlsx_sheet(
            writer,
            _sheet_name("Ringkasan", used),
            f"Ringkasan kesenjangan kemitraan — {forum.kabupaten} · {note}",
            _summary_frame(forum),
            fmt,
            note,
        )
        for key in forum.candidates:
            p = progs[key]
            _xlsx_sheet(
                writer,
                _sheet_name(p.singkat, used),
                f"Kandidat mitra {p.nama_mitra} — {p.nama} · {note}",
                _candidate_frame(forum, key),
                fmt,
                note,
            )
        _xlsx_sheet(
            writer,
            _sheet_name("Per Kecamatan", used),
            f"Ringkasan per kecamatan: jumlah kandidat per program · {note}",
            _briefing_frame(forum),
            fmt,
            note,
        )
        matrix = gaps.readiness_matrix(forum.readiness).drop(
            columns=["koperasi_id", "kode_kecamatan"]
        )
        matrix = matrix.rename(
            columns={k: progs[k].singkat for k in progs if k in matrix.columns}
        )
        _xlsx_sheet(
            writer,
            _sheet_name("Matriks Kesiapan", used),
            f"Kesiapan tiap koperasi per program · {note}",
            _headed(matrix, ""),
            fmt,
            note,
        )
        _xlsx_sheet(
            writer,
            _sheet_name("Sumber", used),
            "Syarat dan angka program dengan sumbernya (data/parameter.toml)",
            _sources_frame(forum),
            fmt,
            note,
        )
        _xlsx_sheet(
            writer,
            _sheet_name("Catatan", used),
            "Catatan",
            pd.DataFrame({"Catatan": _notes(forum)}),
            fmt,
            note,
        )
    return path


_CSS = """
body{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
.catatan{background:#fff4ce;border:1px solid #e0c060;padding:.6em 1em}
.ilustrasi{background:#fde2e1;border-color:#c00;color:#7a0000;font-weight:bold}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #bbb;padding:.25em .45em;vertical-align:top}
th{background:#ddebf7;position:sticky;top:0}
nav a{margin-right:1em}
"""


def write_html(forum: Forum, path: str | Path) -> Path:
    """Write the same lists as one self-contained HTML page.

    The page has no external references (no scripts, styles, fonts or
    images from elsewhere); every value is HTML-escaped.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    path : str or Path
        Target ``.html`` file.

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    progs = gaps.load_programmes()
    esc = html.escape

    def table(df: pd.DataFrame) -> str:
        return df.to_html(index=False, escape=True, na_rep="", border=0)

    banner_cls = "catatan ilustrasi" if forum.is_illustrative else "catatan"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f"<title>{esc('Forum kemitraan KDKMP — ' + forum.kabupaten)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{esc('Forum temu bisnis KDKMP — ' + forum.kabupaten)}</h1>",
        f'<p class="{banner_cls}">{esc(forum.data_note)}</p>',
        "<nav>"
        + "".join(
            f'<a href="#{esc(k)}">{esc(progs[k].singkat)}</a>' for k in forum.candidates
        )
        + '<a href="#kecamatan">Per kecamatan</a><a href="#sumber">Sumber</a></nav>',
        "<h2>Ringkasan per program</h2>",
        table(_summary_frame(forum)),
    ]
    for key in forum.candidates:
        p = progs[key]
        parts += [
            f'<h2 id="{esc(key)}">{esc(f"Kandidat mitra {p.nama_mitra} — {p.nama}")}</h2>',
            f"<p>{esc(p.keterangan)}</p>",
            table(_candidate_frame(forum, key)),
        ]
    parts += [
        '<h2 id="kecamatan">Ringkasan per kecamatan</h2>',
        table(_briefing_frame(forum)),
        '<h2 id="sumber">Syarat, angka dan sumber</h2>',
        table(_sources_frame(forum)),
        "<h2>Catatan</h2><ul>",
        *[f"<li>{esc(n)}</li>" for n in _notes(forum)],
        "</ul></body></html>",
    ]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


@dataclass(frozen=True)
class ForumFiles:
    """Paths written by :func:`write_forum`."""

    workbook: Path
    html: Path


def write_forum(
    out_dir: str | Path,
    reg: pd.DataFrame | None = None,
    kab_code: str | None = None,
    *,
    population: pd.DataFrame | None = None,
    forum: Forum | None = None,
) -> ForumFiles:
    """Build the forum data (unless given) and write the workbook and HTML.

    Parameters
    ----------
    out_dir : str or Path
        Output directory (created).
    reg : pandas.DataFrame, optional
        Register (default register when omitted).
    kab_code : str, optional
        Kemendagri code (default: the register's).
    population : pandas.DataFrame, optional
        Per-desa population (default: the ``perkiraan`` estimate).
    forum : Forum, optional
        Already-built forum data (``reg``/``kab_code``/``population`` are
        then ignored).

    Returns
    -------
    ForumFiles
        ``forum_<code>.xlsx`` and ``forum_<code>.html``.
    """
    if forum is None:
        forum = build_forum(reg, kab_code, population=population)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ForumError(f"--out harus folder, bukan berkas: {out}")
    out.mkdir(parents=True, exist_ok=True)
    code = forum.register["kode_kabupaten"].dropna()
    slug = (str(code.iloc[0]) if len(code) else "kab").replace(".", "")
    return ForumFiles(
        workbook=write_workbook(forum, out / f"forum_{slug}.xlsx"),
        html=write_html(forum, out / f"forum_{slug}.html"),
    )


# ---------------------------------------------------------------------------
# Maps (through kdkmp_analysis.maps)
# ---------------------------------------------------------------------------
def gap_map_data(
    forum: Forum, program: str, kecamatan_polygons: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Kecamatan polygons joined to one programme's gap row.

    Returns
    -------
    geopandas.GeoDataFrame
        The polygons with the columns of
        :func:`kdkmp_analysis.gaps.gaps_by_kecamatan` and
        ``persen_siap_belum_bermitra`` (0–100).
    """
    g = forum.gaps[forum.gaps["program"] == program]
    if g.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesenjangan")
    g = g.drop(columns=["nama_kecamatan"])
    out = kecamatan_polygons.merge(g, on="kode_kecamatan", how="left")
    out["persen_siap_belum_bermitra"] = (
        100.0 * out["porsi_siap_belum_bermitra"]
    ).round(1)
    out.attrs = dict(kecamatan_polygons.attrs)
    return out


def write_gap_maps(
    forum: Forum,
    out_dir: str | Path,
    kecamatan_polygons: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """One self-contained offline gap map per partner programme.

    Kecamatan coloured by the share ready-but-unpartnered, markers by
    readiness (:func:`gap_map`, no basemap), saved with
    :func:`kdkmp_analysis.maps.save_offline` as
    ``peta_kesenjangan_<program>.html``.

    Parameters
    ----------
    forum : Forum
    out_dir : str or Path
        Output directory (created).
    kecamatan_polygons : GeoDataFrame, optional
        Loaded with :func:`kdkmp_analysis.region.boundaries.load_layers` when omitted.

    Returns
    -------
    list of Path
    """
    from kdkmp_analysis import maps
    from kdkmp_analysis.region import boundaries

    if kecamatan_polygons is None:
        code = str(forum.register["kode_kabupaten"].dropna().iloc[0])
        _, kecamatan_polygons = boundaries.load_layers(code)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key in forum.candidates:
        m = gap_map(forum, key, kecamatan_polygons, tiles=None)
        written.append(maps.save_offline(m, out / f"peta_kesenjangan_{key}.html"))
    return written


def readiness_register(forum: Forum, program: str) -> pd.DataFrame:
    """The register with a ``kesiapan_mitra`` column for one programme.

    Values: ``bermitra``, ``siap``, ``belum siap``, ``tidak dapat dinilai``.
    """
    r = forum.readiness[forum.readiness["program"] == program]
    if r.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesiapan")
    status = r["kesiapan"].where(r["status_mitra"] != gaps.BERMITRA, gaps.BERMITRA)
    out = forum.register.copy()
    out["kesiapan_mitra"] = (
        out["kode_desa"]
        .map(pd.Series(status.to_numpy(), index=r["kode_desa"].to_numpy()))
        .astype("string")
    )
    out.attrs = dict(forum.register.attrs)
    return out


_STATUS_COLORS = {
    gaps.BERMITRA: "#1f78b4",
    gaps.SIAP: "#1a9850",
    gaps.BELUM_SIAP: "#d73027",
    gaps.TIDAK_DAPAT_DINILAI: "#9e9e9e",
}


def gap_map(
    forum: Forum,
    program: str,
    kecamatan_polygons: gpd.GeoDataFrame,
    *,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """Kecamatan coloured by the share of ready-but-unpartnered cooperatives.

    Markers show each cooperative's readiness for the programme
    (``bermitra``, ``siap``, ``belum siap``, ``tidak dapat dinilai``). Built
    with :func:`kdkmp_analysis.maps.choropleth_map`, which labels an
    ``ilustrasi`` register on the map.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    program : str
        Programme key.
    kecamatan_polygons : geopandas.GeoDataFrame
        From :func:`kdkmp_analysis.region.boundaries.kecamatan_polygons`.
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons drawn as thin lines.
    tiles : str or None
        Basemap (``None`` for an offline export).

    Returns
    -------
    folium.Map
    """
    from kdkmp_analysis import maps

    p = gaps.programme(program)
    data = gap_map_data(forum, program, kecamatan_polygons)
    data.attrs["status_data"] = forum.status_data
    return maps.choropleth_map(
        data,
        "persen_siap_belum_bermitra",
        legend=f"Koperasi siap tetapi belum bermitra {p.nama_mitra}",
        unit="%",
        register=readiness_register(forum, program),
        status="kesiapan_mitra",
        desa_polygons=desa_polygons,
        tiles=tiles,
        title=f"Kesenjangan kemitraan — {p.nama}",
    )


def readiness_points_map(
    forum: Forum,
    program: str,
    *,
    nama_kecamatan: str | None = None,
    kecamatan_polygons: gpd.GeoDataFrame | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """Markers coloured by readiness for one programme, optionally one kecamatan.

    Built with :func:`kdkmp_analysis.maps.points_map`.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    program : str
        Programme key.
    nama_kecamatan : str, optional
        Show only this kecamatan's cooperatives (and polygons).
    kecamatan_polygons, desa_polygons : geopandas.GeoDataFrame, optional
        Polygons to draw.
    tiles : str or None
        Basemap (``None`` for an offline export).

    Returns
    -------
    folium.Map

    Raises
    ------
    ForumError
        An unknown kecamatan name.
    """
    from kdkmp_analysis import maps

    p = gaps.programme(program)
    reg = readiness_register(forum, program)
    title = f"Kesiapan untuk {p.nama}"
    if nama_kecamatan:
        known = sorted(set(reg["nama_kecamatan"].dropna()))
        if nama_kecamatan not in known:
            raise ForumError(
                f"kecamatan {nama_kecamatan!r} tidak ada di register; pilihan: "
                + ", ".join(known)
            )
        attrs = dict(reg.attrs)
        reg = reg[reg["nama_kecamatan"] == nama_kecamatan]
        reg.attrs = attrs
        if kecamatan_polygons is not None:
            kecamatan_polygons = kecamatan_polygons[
                kecamatan_polygons["nama_kecamatan"] == nama_kecamatan
            ]
        if desa_polygons is not None:
            desa_polygons = desa_polygons[
                desa_polygons["nama_kecamatan"] == nama_kecamatan
            ]
        title += f" — Kecamatan {nama_kecamatan}"
    return maps.points_map(
        reg,
        status="kesiapan_mitra",
        kecamatan=kecamatan_polygons,
        desa_polygons=desa_polygons,
        tiles=tiles,
        title=title,
        colors=dict(_STATUS_COLORS),
    )
