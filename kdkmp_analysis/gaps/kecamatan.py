"""Gaps by kecamatan and for the whole kabupaten, unknown partner status in words.

Also the *reach* of a partner around each desa, used by the forum: touching
neighbours, the desa already served by a BUMN (a partnered cooperative or an
existing outlet), the road distance to the nearest outlet
(:func:`nearest_outlet_km`) and the people without a partner **counted once**
(:func:`count_once`).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import provenance, register
from kdkmp_analysis.gaps.catalogue import (
    BELUM_BERMITRA,
    BELUM_SIAP,
    BERMITRA,
    MITRA_TIDAK_BERLAKU,
    MITRA_TIDAK_DIKETAHUI,
    SIAP,
    TIDAK_DAPAT_DINILAI,
    GapsError,
    load_programmes,
)

if TYPE_CHECKING:
    import geopandas as gpd

# ---------------------------------------------------------------------------
# Gaps by kecamatan
# ---------------------------------------------------------------------------
_COUNTS = [
    "koperasi",
    "siap_belum_bermitra",
    "belum_siap",
    "tidak_dapat_dinilai",
    "siap",
    "mitra_tidak_diketahui",
    "mitra_diketahui",
]
#: Columns that are ``<NA>`` when no partner status is known (or the
#: programme has no partner column) — never shown as zero.
_PARTNER_COLUMNS = [
    "bermitra",
    "penduduk_desa_bermitra",
    "penduduk_mitra_diketahui",
    "cakupan_penduduk_pct",
]


def most_common(lists: pd.Series, order: list[str]) -> tuple[str, int]:
    """The item named most often in ``"a; b"`` lists, with its count.

    Parameters
    ----------
    lists : pandas.Series
        Texts of ``"; "``-separated items (empty = none).
    order : list of str
        Tie-break order (earlier wins); unnamed items after, alphabetically.

    Returns
    -------
    tuple of (str, int)
        ``("", 0)`` when no item is named.
    """
    c: Counter[str] = Counter()
    for text in lists:
        if text:
            c.update(text.split("; "))
    if not c:
        return "", 0
    rank = {name: i for i, name in enumerate(order)}
    name = min(c, key=lambda k: (-c[k], rank.get(k, len(rank)), k))
    return name, int(c[name])


def _with_population(
    ready: pd.DataFrame, population: pd.DataFrame | None
) -> tuple[pd.DataFrame, str]:
    if population is None:
        return ready.assign(penduduk=pd.NA), "tidak tersedia"
    pop = population.set_index("kode_desa")["penduduk"]
    status = provenance.of(population).population
    if status is None and "status_penduduk" in population.columns:
        vals = set(population["status_penduduk"].dropna())
        status = "data" if vals == {"data"} else "perkiraan"
    return ready.assign(penduduk=ready["kode_desa"].map(pop)), status or "perkiraan"


def _aggregate(df: pd.DataFrame, req_order: dict[str, list[str]]) -> dict[str, Any]:
    unpartnered = df["status_mitra"] != BERMITRA
    siap = df["kesiapan"] == SIAP
    belum = df["kesiapan"] == BELUM_SIAP
    tdd = df["kesiapan"] == TIDAK_DAPAT_DINILAI
    prog = df["program"].iloc[0]
    name, count = most_common(
        df.loc[belum & unpartnered, "syarat_kurang"], req_order.get(prog, [])
    )
    pen = pd.to_numeric(df["penduduk"], errors="coerce")
    has_pop = pen.notna().all() and len(pen) > 0
    served = (df["status_mitra"] == BERMITRA).to_numpy()
    known = df["status_mitra"].isin([BERMITRA, BELUM_BERMITRA]).to_numpy()
    n_known = int(known.sum())
    total_pop = int(pen.sum()) if has_pop else pd.NA
    # unknown partner status is never counted as "not partnered": with no
    # status known the partner figures are <NA>, not zero
    served_pop = int(pen[served].sum()) if has_pop and n_known else pd.NA
    known_pop = int(pen[known].sum()) if has_pop and n_known else pd.NA
    return {
        "koperasi": len(df),
        "bermitra": int(served.sum()) if n_known else pd.NA,
        "siap_belum_bermitra": int((siap & unpartnered).sum()),
        "belum_siap": int((belum & unpartnered).sum()),
        "tidak_dapat_dinilai": int((tdd & unpartnered).sum()),
        "siap": int(siap.sum()),
        "mitra_tidak_diketahui": int(
            (df["status_mitra"] == MITRA_TIDAK_DIKETAHUI).sum()
        ),
        "mitra_diketahui": n_known,
        "syarat_kurang_terbanyak": name,
        "jumlah_syarat_kurang_terbanyak": count,
        "penduduk": total_pop,
        "penduduk_desa_bermitra": served_pop,
        "penduduk_mitra_diketahui": known_pop,
    }


def _finish(rows: list[dict], pop_status: str) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for c in _COUNTS + ["jumlah_syarat_kurang_terbanyak"]:
        out[c] = out[c].astype(int)
    for c in (
        "bermitra",
        "penduduk",
        "penduduk_desa_bermitra",
        "penduduk_mitra_diketahui",
    ):
        out[c] = pd.array(out[c], dtype="Int64")
    out["porsi_siap_belum_bermitra"] = (
        out["siap_belum_bermitra"] / out["koperasi"].where(out["koperasi"] > 0)
    ).astype(float)
    # share over the desa whose partner status is known (unknown ≠ "no")
    base = out["penduduk_mitra_diketahui"].astype("Float64")
    cov = out["penduduk_desa_bermitra"].astype("Float64") / base.where(base > 0)
    out["cakupan_penduduk_pct"] = (100.0 * cov).round(1)
    out["status_penduduk"] = pop_status
    return out


def _req_order(ready: pd.DataFrame) -> dict[str, list[str]]:
    progs = load_programmes()
    return {
        k: [r.nama for r in progs[k].syarat]
        for k in ready["program"].unique()
        if k in progs
    }


def gaps_by_kecamatan(
    ready: pd.DataFrame, population: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Gaps per kecamatan × programme.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`readiness`.
    population : pandas.DataFrame, optional
        Per-desa population (:func:`kdkmp_analysis.region.population.desa_population`:
        ``kode_desa``, ``penduduk``, ``provenance.population``). Without
        it the population columns are ``<NA>``.

    Returns
    -------
    pandas.DataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``program``, ``nama_program``,
        ``nama_mitra`` and the counts: ``koperasi`` = ``bermitra`` +
        ``siap_belum_bermitra`` (the forum's candidates) + ``belum_siap`` +
        ``tidak_dapat_dinilai`` (the last three count cooperatives *not
        known to be* partnered — partner status False or unknown; a
        ``<NA>`` ``bermitra`` counts as 0 in this sum); ``siap`` (all
        ready, partnered or not); ``mitra_tidak_diketahui`` and
        ``mitra_diketahui`` (partner status unknown / known);
        ``syarat_kurang_terbanyak`` and its count among the not-ready;
        ``penduduk``; ``penduduk_desa_bermitra`` (people living in desa
        whose cooperative is partnered) and ``penduduk_mitra_diketahui``
        (people in desa whose partner status is known);
        ``cakupan_penduduk_pct`` (``penduduk_desa_bermitra`` /
        ``penduduk_mitra_diketahui`` × 100: the share over the known);
        ``status_penduduk`` (``perkiraan`` / ``data`` / ``tidak
        tersedia``), ``porsi_siap_belum_bermitra``.

        ``bermitra``, ``penduduk_desa_bermitra``,
        ``penduduk_mitra_diketahui`` and ``cakupan_penduduk_pct`` are
        ``<NA>`` (*tidak diketahui*) when no cooperative's partner status
        is known, and for a programme without a partner column (*tidak
        berlaku*) — never 0. :func:`label_unknown` writes those words.

    Notes
    -----
    :func:`regency_summary` computes the regency rows directly from the
    cooperatives; they equal the column sums of this table (for the
    ``<NA>``-able columns: the sum of the known rows, ``<NA>`` only when
    every row is ``<NA>``).
    """
    df, pop_status = _with_population(ready, population)
    order = _req_order(ready)
    rows = []
    keys = ["kode_kecamatan", "nama_kecamatan", "program"]
    for (kk, nk, prog), g in df.groupby(keys, sort=False, dropna=False):
        rows.append(
            {
                "kode_kecamatan": kk,
                "nama_kecamatan": nk,
                "program": prog,
                "nama_program": g["nama_program"].iloc[0],
                "nama_mitra": g["nama_mitra"].iloc[0],
                **_aggregate(g, order),
            }
        )
    out = _finish(rows, pop_status)
    prog_order = {k: i for i, k in enumerate(dict.fromkeys(ready["program"]))}
    out = out.sort_values(
        ["program", "kode_kecamatan"],
        key=lambda s: s.map(prog_order) if s.name == "program" else s,
    ).reset_index(drop=True)
    out.attrs = dict(ready.attrs)
    provenance.carry(ready, out, population=pop_status)
    return out


#: Words shown instead of ``<NA>`` in the partner columns.
TIDAK_BERLAKU = MITRA_TIDAK_BERLAKU
TIDAK_DIKETAHUI = MITRA_TIDAK_DIKETAHUI
TIDAK_TERSEDIA = "tidak tersedia"


def label_unknown(table: pd.DataFrame) -> pd.DataFrame:
    """Replace ``<NA>`` in the partner columns with Indonesian words.

    For display (workbook, HTML, widgets): ``tidak berlaku`` for a programme
    without a partner column, ``tidak diketahui`` when no cooperative's
    partner status is known, ``tidak tersedia`` for population figures
    without population data. Known values are kept as numbers.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`gaps_by_kecamatan` or :func:`regency_summary` (or
        a column subset holding ``program`` or ``nama_mitra``).

    Returns
    -------
    pandas.DataFrame
        A copy; the partner columns present become object columns.
    """
    out = table.copy()
    cols = [c for c in _PARTNER_COLUMNS if c in out.columns]
    if not cols:
        return out
    progs = load_programmes()
    if "program" in out.columns:
        no_partner = (
            out["program"]
            .map(lambda k: k in progs and progs[k].mitra is None)
            .to_numpy(dtype=bool)
        )
    elif "nama_mitra" in out.columns:
        no_partner = (out["nama_mitra"] == "-").to_numpy(dtype=bool)
    else:
        no_partner = np.zeros(len(out), dtype=bool)
    if "mitra_diketahui" in out.columns:
        none_known = (out["mitra_diketahui"] == 0).to_numpy(dtype=bool)
    elif "bermitra" in out.columns:
        none_known = out["bermitra"].isna().to_numpy(dtype=bool)
    else:
        none_known = np.zeros(len(out), dtype=bool)
    for c in cols:
        vals = out[c].astype(object).where(out[c].notna(), None).to_numpy()
        na = pd.isna(out[c]).to_numpy(dtype=bool)
        word = np.where(
            no_partner,
            TIDAK_BERLAKU,
            np.where(none_known, TIDAK_DIKETAHUI, TIDAK_TERSEDIA),
        )
        out[c] = pd.Series(np.where(na, word, vals), index=out.index, dtype=object)
    return out


def regency_summary(
    ready: pd.DataFrame, population: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Regency totals per programme, computed directly from the cooperatives.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`readiness`.
    population : pandas.DataFrame, optional
        Per-desa population, as for :func:`gaps_by_kecamatan`.

    Returns
    -------
    pandas.DataFrame
        One row per programme with the columns of :func:`gaps_by_kecamatan`
        (without the kecamatan columns).
    """
    df, pop_status = _with_population(ready, population)
    order = _req_order(ready)
    rows = [
        {
            "program": prog,
            "nama_program": g["nama_program"].iloc[0],
            "nama_mitra": g["nama_mitra"].iloc[0],
            **_aggregate(g, order),
        }
        for prog, g in df.groupby("program", sort=False)
    ]
    out = _finish(rows, pop_status)
    out.attrs = dict(ready.attrs)
    provenance.carry(ready, out, population=pop_status)
    return out


# ---------------------------------------------------------------------------
# Four categories per kecamatan: the whole gap, not only the candidates
# ---------------------------------------------------------------------------
#: The four categories of a cooperative for one programme (column key → label).
#: Exclusive and exhaustive: partnered first, then readiness of the rest.
KATEGORI: dict[str, str] = {
    "bermitra": "Bermitra",
    "siap_belum_bermitra": "Siap, belum bermitra",
    "belum_siap": "Belum siap",
    "tidak_dapat_dinilai": "Tidak dapat dinilai",
}
#: The base every category share is computed over.
DASAR_KATEGORI = "% dari koperasi di kecamatan"
#: Basis of ``penduduk_tanpa_mitra`` when no forum figure is given.
DASAR_PENDUDUK_DESA = "penduduk desa yang koperasinya belum bermitra"
#: Basis of ``penduduk_tanpa_mitra`` from the forum's candidate lists.
DASAR_PENDUDUK_FORUM = (
    "tambahan penduduk per kandidat dalam jangkauan jalan yang belum terjangkau "
    "mitra/gerai (Bulog: setara permintaan beras yang terlayani), dihitung sekali "
    "(daftar kandidat forum), dijumlah per kecamatan kandidat"
)


def _people_without(
    ready: pd.DataFrame,
    population: pd.DataFrame | None,
    tanpa_mitra: pd.DataFrame | None,
) -> tuple[pd.Series, str]:
    """People without a partner per (program, kode_kecamatan), and the basis."""
    keys = ["program", "kode_kecamatan"]
    if tanpa_mitra is not None:
        t = tanpa_mitra[["program", "kode_desa", "penduduk_tanpa_mitra"]]
        r = ready[["program", "kode_desa", "kode_kecamatan"]].merge(
            t, on=["program", "kode_desa"], how="left"
        )
        v = pd.to_numeric(r["penduduk_tanpa_mitra"], errors="coerce")
        # a programme with figures: a cooperative without one (partnered) adds 0
        known = set(r.loc[v.notna(), "program"])
        v = v.where(~(r["program"].isin(known) & v.isna()), 0.0)
        s = v.groupby([r["program"], r["kode_kecamatan"]]).sum(min_count=1)
        return s.rename_axis(keys), DASAR_PENDUDUK_FORUM
    if population is None:
        return pd.Series(dtype=float), TIDAK_TERSEDIA
    pop = population.set_index("kode_desa")["penduduk"]
    v = pd.to_numeric(ready["kode_desa"].map(pop), errors="coerce")
    v = v.where(ready["status_mitra"] == BELUM_BERMITRA, 0.0)
    s = v.groupby([ready["program"], ready["kode_kecamatan"]]).sum(min_count=1)
    return s.rename_axis(keys), DASAR_PENDUDUK_DESA


def gap_categories(
    ready: pd.DataFrame,
    population: pd.DataFrame | None = None,
    tanpa_mitra: pd.DataFrame | None = None,
    *,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Cooperatives per kecamatan × programme in four categories, with ranks.

    Every cooperative falls in exactly one of :data:`KATEGORI`:
    ``bermitra`` (partner status ``bermitra``), else by readiness
    ``siap_belum_bermitra``, ``belum_siap`` or ``tidak_dapat_dinilai``
    (partner status ``belum bermitra`` *or unknown*, as in
    :func:`gaps_by_kecamatan`). The four counts sum to ``koperasi``.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`readiness`.
    population : pandas.DataFrame, optional
        Per-desa population (as for :func:`gaps_by_kecamatan`).
    tanpa_mitra : pandas.DataFrame, optional
        ``program``, ``kode_desa``, ``penduduk_tanpa_mitra``: the forum's
        people without a partner counted once per candidate. Without it
        ``penduduk_tanpa_mitra`` is the population of the desa whose
        cooperative is ``belum bermitra`` (:data:`DASAR_PENDUDUK_DESA`).
    table : pandas.DataFrame, optional
        :func:`gaps_by_kecamatan` of ``ready`` when already computed (the
        forum holds it); computed here otherwise.

    Returns
    -------
    pandas.DataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``program``,
        ``nama_program``, ``nama_mitra``, ``koperasi``, the four counts
        (``int``, a partner count of *tidak diketahui* is 0 here), their
        shares ``persen_<kategori>`` (0–100, one decimal, over
        ``koperasi``), ``syarat_kurang_terbanyak`` (the requirement the
        not-ready miss most often, in words) and its count,
        ``penduduk_tanpa_mitra`` (``Int64``) with ``dasar_penduduk_tanpa_mitra``,
        and per programme ``peringkat_belum_siap`` and
        ``peringkat_penduduk_tanpa_mitra`` (1 = most; ties by kecamatan
        code; ``<NA>`` without population).
    """
    g = gaps_by_kecamatan(ready, population) if table is None else table
    # plain frames: pandas deep-copies ``attrs`` on every operation
    ready = pd.DataFrame(
        {c: ready[c].to_numpy() for c in ("program", "kode_desa", "kode_kecamatan")}
        | {"status_mitra": ready["status_mitra"].to_numpy()}
    )
    out = g[
        ["kode_kecamatan", "nama_kecamatan", "program", "nama_program", "nama_mitra"]
        + ["koperasi", "syarat_kurang_terbanyak", "jumlah_syarat_kurang_terbanyak"]
    ].copy()
    out.attrs = {}
    out["bermitra"] = g["bermitra"].fillna(0).astype(int)
    for k in list(KATEGORI)[1:]:
        out[k] = g[k].astype(int)
    base = out["koperasi"].where(out["koperasi"] > 0).astype(float)
    for k in KATEGORI:
        out[f"persen_{k}"] = (100.0 * out[k] / base).round(1)
    people, basis = _people_without(ready, population, tanpa_mitra)
    idx = pd.MultiIndex.from_frame(out[["program", "kode_kecamatan"]])
    vals = people.reindex(idx).to_numpy() if len(people) else np.full(len(out), np.nan)
    out["penduduk_tanpa_mitra"] = pd.array(
        [pd.NA if pd.isna(v) else int(v) for v in vals], dtype="Int64"
    )
    out["dasar_penduduk_tanpa_mitra"] = basis
    out["peringkat_belum_siap"] = _rank_within(out, "belum_siap")
    out["peringkat_penduduk_tanpa_mitra"] = _rank_within(out, "penduduk_tanpa_mitra")
    cols = list(out.columns[:5]) + ["koperasi", *KATEGORI]
    cols += [f"persen_{k}" for k in KATEGORI]
    cols += [c for c in out.columns if c not in cols]
    out = out[cols]
    out.attrs = dict(g.attrs)
    return out


def _rank_within(table: pd.DataFrame, column: str) -> pd.Series:
    """1 = largest ``column`` within each programme (ties: kecamatan code)."""
    v = pd.to_numeric(table[column], errors="coerce").astype(float)
    order = table.assign(_v=-v.fillna(np.inf)).sort_values(
        ["program", "_v", "kode_kecamatan"]
    )
    rank = order.groupby("program", sort=False).cumcount() + 1
    rank = rank.reindex(table.index)
    return pd.Series(pd.array(rank.where(v.notna()), dtype="Int64"), index=table.index)


def category_table(categories: pd.DataFrame, program: str, by: str) -> pd.DataFrame:
    """One programme's kecamatan ranked, with Indonesian headings (for pages).

    Parameters
    ----------
    categories : pandas.DataFrame
        Output of :func:`gap_categories`.
    program : str
        Programme key.
    by : {"belum_siap", "penduduk_tanpa_mitra"}
        The ranking: not-ready cooperatives or people without a partner.

    Returns
    -------
    pandas.DataFrame
        Rows in rank order; columns *Peringkat*, *Kecamatan*, *Koperasi*,
        count and share of each category, *Syarat kurang terbanyak*,
        *Penduduk tanpa mitra* (numbers stay numbers; the writer formats).

    Raises
    ------
    GapsError
        An unknown programme or ranking.
    """
    if by not in ("belum_siap", "penduduk_tanpa_mitra"):
        raise GapsError(
            f"urutan {by!r} tidak dikenal: belum_siap / penduduk_tanpa_mitra"
        )
    t = categories[categories["program"] == program]
    if t.empty:
        raise GapsError(f"program {program!r} tidak ada di tabel kategori")
    t = t.sort_values([f"peringkat_{by}", "kode_kecamatan"], na_position="last")
    heads = {f"peringkat_{by}": "Peringkat", "nama_kecamatan": "Kecamatan"}
    heads["koperasi"] = "Koperasi"
    for k, label in KATEGORI.items():
        heads[k] = label
        heads[f"persen_{k}"] = f"{label} ({DASAR_KATEGORI})"
    heads["syarat_kurang_terbanyak"] = "Syarat kurang terbanyak (belum siap)"
    heads["jumlah_syarat_kurang_terbanyak"] = "Koperasi yang kurang syarat itu"
    heads["penduduk_tanpa_mitra"] = "Penduduk tanpa mitra"
    return t[list(heads)].rename(columns=heads).reset_index(drop=True)


# ---------------------------------------------------------------------------
# Reach: neighbours, served desa, road distance to outlets, people counted once
# ---------------------------------------------------------------------------
def _coords(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    lat = pd.to_numeric(df["lat"], errors="coerce").astype(float).to_numpy()
    lon = pd.to_numeric(df["lon"], errors="coerce").astype(float).to_numpy()
    return lat, lon


def _partnered(reg: pd.DataFrame, mitra: str) -> np.ndarray:
    col = f"mitra_{mitra}"
    if col not in reg.columns:
        raise GapsError(f"register tidak punya kolom {col!r}")
    return np.asarray(pd.array(reg[col], dtype="boolean").fillna(False), dtype=bool)


def outlets_of(outlets: pd.DataFrame | None, mitra: str) -> pd.DataFrame:
    """The outlets of one BUMN (any kind) in a layer of :func:`intake.read_outlets`."""
    if outlets is None or not len(outlets):
        return pd.DataFrame(columns=["jenis", "bumn", "lat", "lon", "kode_desa"])
    return outlets[outlets["bumn"].astype(str) == mitra]


def nearest_outlet_km(
    reg: pd.DataFrame, mitra: str, outlets: pd.DataFrame | None = None
) -> tuple[pd.Series, str]:
    """Road distance to the nearest outlet of a BUMN, and what it was measured to.

    With an outlet layer that holds outlets of this BUMN, the targets are
    those outlets (of **any** kind: pangkalan LPG and SPBU both count for
    Pertamina) together with the cooperatives already partnered in the
    register; otherwise the nearest *other* partnered cooperative. The
    distance is :func:`kdkmp_analysis.region.distance.road_km` (great circle
    × ``distribusi.faktor_sirkuitas``), a ``perkiraan``.

    Parameters
    ----------
    reg : pandas.DataFrame
        A register (``lat``/``lon`` in EPSG:4326).
    mitra : str
        Partner key of :data:`kdkmp_analysis.register.MITRA` (``bulog``).
    outlets : pandas.DataFrame, optional
        A layer of :func:`kdkmp_analysis.intake.read_outlets`.

    Returns
    -------
    (pandas.Series, str)
        Road km (index of ``reg``; ``NaN`` where no target is left or the
        cooperative has no coordinate) and the Indonesian basis, e.g.
        ``"jarak ke gerai Pertamina Patra Niaga terdekat (berkas outlet
        o.csv (diimpor 2026-12-01) + koperasi mitra di register; perkiraan:
        garis lurus × 1,35)"`` or ``"jarak ke koperasi mitra … terdekat
        (register; …)"``.
    """
    from kdkmp_analysis.region import distance

    partner = _partnered(reg, mitra)
    lat, lon = _coords(reg)
    name = register.MITRA.get(mitra, mitra)
    own = outlets_of(outlets, mitra)
    idx = np.flatnonzero(partner)
    t_lat, t_lon = lat[idx], lon[idx]
    self_at = np.full(len(reg), -1)
    self_at[idx] = np.arange(len(idx))
    if len(own):
        o_lat, o_lon = _coords(own)
        t_lat, t_lon = np.concatenate([t_lat, o_lat]), np.concatenate([t_lon, o_lon])
        src = "; ".join(dict.fromkeys(own["sumber"].astype(str))) or "berkas outlet"
        also = " + koperasi mitra di register" if len(idx) else ""
        basis = f"jarak ke gerai {name} terdekat ({src}{also}"
    else:
        basis = f"jarak ke koperasi mitra {name} terdekat (register"
        if outlets is not None:
            basis += f"; berkas outlet tanpa gerai {name}"
    basis += f"; {distance.road_basis()})"
    d = distance.nearest_road_km(lat, lon, t_lat, t_lon, exclude_self=self_at)
    return pd.Series(d, index=reg.index, name="jarak_mitra_km"), basis


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


def served_desa(
    reg: pd.DataFrame, mitra: str, outlets: pd.DataFrame | None = None
) -> set[str]:
    """Desa with a partner of the BUMN: a partnered cooperative or an outlet there."""
    col = f"mitra_{mitra}"
    out: set[str] = set()
    if col in reg.columns:
        out |= set(reg.loc[_partnered(reg, mitra), "kode_desa"].astype(str))
    own = outlets_of(outlets, mitra)
    if len(own):
        out |= set(own["kode_desa"].dropna().astype(str)) - {""}
    return out


def unserved_population(
    reg: pd.DataFrame,
    mitra: str,
    population: pd.DataFrame,
    neighbours: dict[str, list[str]],
    outlets: pd.DataFrame | None = None,
) -> pd.Series:
    """People in a cooperative's desa and its neighbours without that partner.

    A *gross* figure: a desa is counted for every cooperative around it, so
    these figures must not be summed. The forum shows the figure counted once
    (:func:`count_once`).

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
    outlets : pandas.DataFrame, optional
        An outlet layer: a desa with an outlet of the BUMN counts as served.

    Returns
    -------
    pandas.Series
        Sum of ``penduduk`` over the desa and its neighbours without a partner
        (:func:`served_desa`) (index of ``reg``, ``Int64``; ``<NA>`` when the
        desa's own population is unknown).
    """
    pop = population_map(population)
    served = served_desa(reg, mitra, outlets)
    vals: list[object] = []
    for code in reg["kode_desa"].astype(str):
        if code not in pop:
            vals.append(pd.NA)
            continue
        area = {code, *neighbours.get(code, [])} - served
        vals.append(int(sum(pop.get(c, 0) for c in area)))
    return pd.Series(
        pd.array(vals, dtype="Int64"), index=reg.index, name="penduduk_tanpa_mitra"
    )


def population_map(population: pd.DataFrame) -> dict[str, int]:
    p = population[["kode_desa", "penduduk"]].dropna()
    return {str(k): int(v) for k, v in zip(p["kode_desa"], p["penduduk"], strict=True)}


def count_once(
    areas: list[set[str]],
    pop: dict[str, int],
    tiers: list[tuple],
    ties: list[tuple],
) -> tuple[list[int], list[int]]:
    """Rank candidates so that every person is counted for one candidate only.

    Greedy marginal count (the greedy of maximal covering): tier by tier
    (ascending), the candidate whose area holds the most people not yet
    counted for a candidate above it comes next; its gain is those people.
    The gains only shrink as desa are taken, so a lazy priority queue gives
    the exact greedy order. The gains sum to the people of the union of the
    areas: never more than the kabupaten's population.

    Parameters
    ----------
    areas : list of set of str
        Per candidate, the desa it would serve (its desa and neighbours
        without a partner).
    pop : dict
        Desa code → population (unknown desa absent: count 0).
    tiers : list of tuple
        Per candidate, the sort key that ranks before people (readiness, …).
    ties : list of tuple
        Per candidate, the sort key between equal gains (smaller first).

    Returns
    -------
    (list of int, list of int)
        The candidates' positions in rank order, and each candidate's gain
        (by position in the input).
    """
    import heapq

    taken: set[str] = set()
    gains = [0] * len(areas)
    order: list[int] = []
    for tier in sorted(set(tiers)):
        heap = [
            (-sum(pop.get(c, 0) for c in areas[i]), ties[i], i)
            for i in range(len(areas))
            if tiers[i] == tier
        ]
        heapq.heapify(heap)
        while heap:
            neg, tie, i = heapq.heappop(heap)
            gain = sum(pop.get(c, 0) for c in areas[i] - taken)
            if gain != -neg:
                heapq.heappush(heap, (-gain, tie, i))
                continue
            gains[i] = gain
            taken |= areas[i]
            order.append(i)
    return order, gains
