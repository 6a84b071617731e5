"""The business-matching forum: ranked candidates per BUMN and briefings.

The planning question: *which cooperatives do we put in front of which BUMN,
and why?* Built on :mod:`kdkmp_analysis.gaps` (readiness per programme):

* per partner programme a **ranked candidate list** of the cooperatives not
  (known to be) partnered with that BUMN, each with its reasons — readiness,
  what is missing, the distance to the nearest existing partner outlet of the
  same BUMN (km, in the kabupaten's UTM zone) and the population of its desa
  and the touching desa that have no partner of that BUMN;
* per kecamatan a short **briefing** table;
* the data of the gap maps (:func:`gap_map_data`, :func:`readiness_register`).

This module only analyses. The workbook, the HTML lists and the gap maps are
hand-outs: :mod:`kdkmp_analysis.handouts` (``kdkmp forum`` writes them).

Ranking (best candidate first): readiness ``siap`` → ``tidak dapat dinilai``
→ ``belum siap``; partner status known ``belum bermitra`` before ``tidak
diketahui``; fewer failed requirements; more people without a partner in the
desa and its neighbours; farther from the nearest partner outlet (no outlet
at all counts as farthest); then the desa code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import gaps, provenance, region, register
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "Forum",
    "ForumError",
    "build_forum",
    "candidates",
    "desa_neighbours",
    "gap_map_data",
    "kecamatan_briefing",
    "nearest_partner_km",
    "readiness_register",
    "unserved_population",
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
        parts.append(
            f"mitra {nama_mitra} terdekat {angka(float(row['jarak_mitra_km']), 1)} km"
        )
    if pd.notna(row["penduduk_tanpa_mitra"]):
        parts.append(
            f"{angka(int(row['penduduk_tanpa_mitra']))} jiwa di desa ini dan desa "
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
    reg2 = register.as_register(reg)
    dist = nearest_partner_km(reg2, prog.mitra).set_axis(reg2["kode_desa"])
    pop_status = "tidak tersedia"
    if population is not None:
        pop_status = provenance.of(population).population or "perkiraan"
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
    out.attrs = {"program": program}
    return provenance.carry(ready, out, population=pop_status)


@dataclass
class Forum:
    """Everything the forum exports are made of.

    Attributes
    ----------
    kabupaten : Kabupaten
        The kabupaten (``.label`` is ``"Kabupaten Pasuruan (35.14)"``).
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

    kabupaten: Kabupaten
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


def build_forum(
    reg: pd.DataFrame | None = None,
    kabupaten: Kabupaten | str | None = None,
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
    kabupaten : Kabupaten or str, optional
        The kabupaten; default: the register's own ``kode_kabupaten``
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
    RegionError
        A register of another (or of several) kabupaten.
    RegisterError
        A register that does not follow the schema.
    """
    from kdkmp_analysis.region import population as population_mod

    kab = region.as_kabupaten(kabupaten, reg)
    reg = register.as_register(register.default_register(kab) if reg is None else reg)
    if desa_polygons is None:
        from kdkmp_analysis.region import boundaries

        desa_polygons = boundaries.load_desa_polygons(kab)
    if population is None:
        population = population_mod.desa_population(kab, desa_polygons)
    pop_status = provenance.of(population).population or "perkiraan"
    ready = gaps.readiness(reg, strict=strict)
    neighbours = desa_neighbours(desa_polygons)
    cands = {
        p.key: candidates(
            ready, p.key, reg, population=population, neighbours=neighbours
        )
        for p in gaps.load_programmes().values()
        if p.mitra is not None
    }
    status_data = register.STATUS_ILUSTRASI if register.is_ilustrasi(reg) else "impor"
    provenance.tag(ready, status=status_data)
    pop_src = (
        population["sumber_penduduk"].iloc[0]
        if ("sumber_penduduk" in population.columns and len(population))
        else ""
    )
    return Forum(
        kabupaten=kab,
        register=reg,
        readiness=ready,
        gaps=gaps.gaps_by_kecamatan(ready, population),
        summary=gaps.regency_summary(ready, population),
        candidates=cands,
        status_data=status_data,
        status_penduduk=pop_status,
        sumber={
            "register": str(provenance.of(reg).source or "register"),
            "penduduk": str(pop_src),
            "batas": str(provenance.of(desa_polygons).boundaries),
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
        lambda s: gaps.most_common(s, [])[0]
    )
    shown = out["kode_kecamatan"].map(common).astype(object)
    out["syarat_kurang_terbanyak"] = shown.where(shown.notna(), "")
    return out


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
