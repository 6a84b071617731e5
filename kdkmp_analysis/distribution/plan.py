"""A scenario resolved on a network: partners, reach, caps, supply and trucks.

:func:`plan` turns a :class:`~kdkmp_analysis.distribution.Scenario` into the
arrays the weekly model (:mod:`kdkmp_analysis.distribution.model`) runs on:
which cooperatives are partners (:func:`site_partners` for ``sited``), which
desa each partner serves (nearest in reach, or :func:`assign_capacity`),
each commodity's weekly cap per partner, each warehouse's weekly supply and
each partner's delivery size and truck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import _format, params, siting
from kdkmp_analysis.distribution import placement, presets
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.network import (
    Network,
    allocation_bands,
    storage_t,
    trucks,
)
from kdkmp_analysis.distribution.scenario import (
    ASSIGNMENTS,
    PARTNER_MODES,
    Scenario,
    nothing_to_site,
    ready_mask,
    scenario_problem,
    siting_candidates,
)

__all__ = [
    "STATUS_LP_ROUNDED",
    "Plan",
    "assign_capacity",
    "plan",
    "site_partners",
]

#: Capacity assignment from a rounded LP relaxation: never claimed optimal.
STATUS_LP_ROUNDED = "pembulatan LP (tidak terbukti optimal)"


@dataclass
class Plan:
    """A scenario resolved on a network: arrays the simulation runs on.

    Desa are re-ordered so that each partner's desa are contiguous
    (``order``): reached desa first, grouped by partner, then the unreached.

    Attributes
    ----------
    network, scenario : Network, Scenario
    knobs : dict
        :meth:`Scenario.resolved`.
    partner_idx : numpy.ndarray
        Indices into ``network.koperasi`` of the partners, shape ``(P,)``.
    assign : numpy.ndarray
        Partner position (0..P-1) of each desa, ``-1`` if unreached, ``(D,)``.
    desa_km : numpy.ndarray
        Road km from each desa to its partner (``nan`` if unreached).
    order, counts : numpy.ndarray
        Desa permutation and desa per partner.
    n_reached : int
        Desa with a partner.
    base : numpy.ndarray
        Weekly demand ``(C, D)`` in ``order``.
    cap : numpy.ndarray
        Cap per commodity ``(C,)``: the weekly amount one partner may order
        (the order size; the quota per week is ``week_q``).
    supply : numpy.ndarray
        Weekly allocation ``(C, W)``.
    wh_rank, wh_km : numpy.ndarray
        Warehouses by distance per partner and their road km, ``(P, W)``.
    drop_t, truck_cost : numpy.ndarray
        Delivery size (t) and truck cost (Rp/km) per partner.
    truck : numpy.ndarray
        Truck class per partner.
    mass : numpy.ndarray
        Tonnes per unit per commodity.
    assignment_status : str
        ``terdekat``, ``optimal``, ``pembulatan LP (tidak terbukti optimal; …)``
        or ``layak, belum terbukti optimal``.
    siting : siting.SitingResult or None
        For ``sited`` scenarios.
    quota, quota_note : presets.Quota, str
        The branch quota preset and why it applies.
    week_q : numpy.ndarray
        Quota credited per week ``(C,)`` (``cap`` is the largest receipt in
        one week: the order size).
    storage : numpy.ndarray
        Storage per partner (t): ``kapasitas_gudang_t``, or
        ``distribusi.gudang_koperasi_default_t`` when unknown or 0.
    prices : presets.Prices
    limit_kg, limit_name : float, str
        Consumer limit per buyer and day.
    calendar : presets.Calendar
    alloc_band : numpy.ndarray
        ``(C, 3)``: rendah, nilai, tinggi of the weekly allocation (a user
        figure: all three equal).
    base_req : numpy.ndarray
        Expected weekly request per partner ``(C, P)`` (sum of its desa).
    """

    network: Network
    scenario: Scenario
    knobs: dict[str, Any]
    partner_idx: np.ndarray
    assign: np.ndarray
    desa_km: np.ndarray
    order: np.ndarray
    counts: np.ndarray
    n_reached: int
    base: np.ndarray
    cap: np.ndarray
    supply: np.ndarray
    wh_rank: np.ndarray
    wh_km: np.ndarray
    drop_t: np.ndarray
    truck_cost: np.ndarray
    truck: np.ndarray
    mass: np.ndarray
    assignment_status: str
    quota: presets.Quota
    quota_note: str
    week_q: np.ndarray
    storage: np.ndarray
    prices: presets.Prices
    limit_kg: float
    limit_name: str
    calendar: presets.Calendar
    alloc_band: np.ndarray
    base_req: np.ndarray
    siting: siting.SitingResult | None = None
    stage_groups: list | None = None
    segments: list | None = None
    kec_index: tuple | None = None

    @property
    def n_partners(self) -> int:
        """Number of partners."""
        return int(self.partner_idx.size)

    @property
    def population_reached(self) -> float:
        """Population of desa that have a partner in reach."""
        return float(self.network.desa["penduduk"].to_numpy()[self.assign >= 0].sum())


# ---------------------------------------------------------------------------
# Partners
# ---------------------------------------------------------------------------
def site_partners(
    network: Network,
    n: int,
    *,
    radius_km: float | None = None,
    circuity: float | None = None,
    candidates: str = "ready",
    keep_existing: bool = True,
    objective: str = "terlayani",
    seed: int = 0,
    include_unassessed: bool = False,
    scenario: Scenario | None = None,
) -> tuple[pd.DataFrame, siting.SitingResult]:
    """Choose ``n`` partner cooperatives (served demand, or maximal covering).

    Parameters
    ----------
    network : Network
        From :func:`~kdkmp_analysis.distribution.prepare`.
    n : int
        Partners in total (current partners included when ``keep_existing``).
    radius_km : float, optional
        Coverage radius in road km (default ``distribusi.jarak_layanan_km``).
    circuity : float, optional
        Road factor (default ``distribusi.faktor_sirkuitas``).
    candidates : {"ready", "all"}
        Only Bulog-ready cooperatives (:func:`bulog_ready`) or all.
    keep_existing : bool
        Fix the current Bulog partners (``mitra_bulog`` true).
    objective : {"terlayani", "cakupan", "p-median"}
        ``terlayani`` (default): the weekly demand actually served within each
        partner's cap and reach (:func:`~kdkmp_analysis.distribution.placement.site_served`,
        HiGHS MIP with a greedy start; the result is a
        :class:`~kdkmp_analysis.distribution.placement.ServedSiting`); the
        others: population within reach (:func:`kdkmp_analysis.siting.site`).
    seed : int
        Seed of the heuristic's restarts.
    include_unassessed : bool
        ``candidates="ready"``: also cooperatives whose readiness cannot be
        assessed (``siap_bulog`` ``<NA>``).
    scenario : Scenario, optional
        ``terlayani``: the quota preset, caps, share and allocation of the
        served demand (default ``Scenario()``); its reach and circuity are
        replaced by ``radius_km`` / ``circuity`` when those are given.

    Returns
    -------
    tuple
        The chosen cooperatives (``koperasi`` columns + ``mitra_lama``) and the
        :class:`~kdkmp_analysis.siting.SitingResult`.

    Raises
    ------
    kdkmp_analysis.siting.NothingToSiteError
        No cooperative may be chosen, or no desa has population (the
        sentence of :func:`~kdkmp_analysis.distribution.nothing_to_site`).
    kdkmp_analysis.siting.SitingError
        ``n`` below the number of fixed partners or above the candidates.
    """
    r = float(
        params.value("distribusi.jarak_layanan_km") if radius_km is None else radius_km
    )
    f = float(
        params.value("distribusi.faktor_sirkuitas") if circuity is None else circuity
    )
    if candidates not in ("ready", "all"):
        raise DistributionError(
            f"kandidat {candidates!r} tidak dikenal: 'ready' atau 'all'"
        )
    if objective not in ("terlayani", *siting.OBJECTIVES):
        raise DistributionError(
            f"tujuan penempatan {objective!r} tidak dikenal: terlayani, "
            f"{', '.join(siting.OBJECTIVES)}"
        )
    opts = {"keep_existing": keep_existing, "include_unassessed": include_unassessed}
    why = nothing_to_site(network, candidates, **opts)
    if why:
        raise siting.NothingToSiteError(why)
    cand, fixed = siting_candidates(network, candidates, **opts)
    res = network.cache.get(
        key := (
            "site",
            int(n),
            r,
            f,
            candidates,
            objective,
            keep_existing,
            seed,
            include_unassessed,
            scenario,
        )
    )
    if res is None and objective == "terlayani":
        sc = replace(scenario or Scenario(), max_km=r, circuity=f)
        place = placement.site_served(
            network, n, fixed=fixed, candidates=cand, scenario=sc
        )
        res = placement.as_siting(place, network, sc)
    elif res is None:
        res = siting.site(
            network.desa["penduduk"].to_numpy(),
            network.gc_desa_kop * f,
            n,
            radius_km=r,
            fixed=fixed,
            candidates=cand,
            objective=objective,
            seed=seed,
        )
    network.cache[key] = res
    out = network.koperasi.iloc[res.selected].copy()
    out["mitra_lama"] = np.isin(res.selected, res.fixed)
    out.attrs["siting"] = res
    return out.reset_index(drop=True), res


def _partners(
    network: Network, scenario: Scenario, knobs: dict[str, Any]
) -> tuple[np.ndarray, siting.SitingResult | None]:
    """Indices of the scenario's partners in ``network.koperasi`` (+ siting)."""
    kop = network.koperasi
    mode = scenario.partners
    if not isinstance(mode, str):
        ids = pd.Index(kop["koperasi_id"])
        pos = ids.get_indexer(list(mode))
        if (pos < 0).any():
            unknown = [m for m, p in zip(mode, pos, strict=True) if p < 0][:5]
            raise DistributionError(f"koperasi_id tidak dikenal: {', '.join(unknown)}")
        return np.unique(pos), None
    if mode == "current":
        return np.flatnonzero(
            kop["mitra_bulog"].fillna(False).to_numpy(dtype=bool)
        ), None
    if mode == "ready":
        return np.flatnonzero(ready_mask(kop, scenario.include_unassessed)), None
    if mode == "all":
        return np.arange(len(kop)), None
    if mode == "sited":
        if scenario.n_partners is None:
            raise DistributionError(
                "skenario penempatan perlu jumlah mitra (n_partners)"
            )
        _, sit = site_partners(
            network,
            scenario.n_partners,
            radius_km=knobs["max_km"],
            circuity=knobs["circuity"],
            candidates=scenario.siting_candidates,
            keep_existing=scenario.keep_existing,
            include_unassessed=scenario.include_unassessed,
            objective=scenario.siting_objective,
            scenario=scenario,
        )
        return sit.selected, sit
    raise DistributionError(
        f"pilihan mitra {mode!r} tidak dikenal: {', '.join(PARTNER_MODES)} "
        "atau daftar koperasi_id"
    )


# ---------------------------------------------------------------------------
# Reach: which desa each partner serves
# ---------------------------------------------------------------------------
def assign_capacity(
    demand: np.ndarray,
    dist: np.ndarray,
    cap: np.ndarray,
    max_km: float,
    *,
    time_limit: float = 10.0,
) -> tuple[np.ndarray, str]:
    """Capacity-aware desa → partner assignment (LP, HiGHS).

    .. math::

        \\min \\sum_{(d,p) \\in A} e_d\\,(c_{dp} - M)\\,x_{dp} \\quad \\text{s.t.}
        \\quad \\sum_p x_{dp} \\le 1 \\;\\forall d, \\qquad
        \\sum_d e_d x_{dp} \\le K_p \\;\\forall p, \\qquad 0 \\le x \\le 1,

    with :math:`A = \\{(d,p): c_{dp} \\le R\\}`, weekly demand :math:`e_d`,
    caps :math:`K_p` and :math:`M > \\max c`: serve as much demand as the caps
    allow, then at the least person-km. This is the LP *relaxation* of the
    whole-desa assignment: each desa goes to the partner with its largest
    :math:`x_{dp}`; desa the LP leaves unserved (all partners in reach full)
    go to their nearest partner in reach and are rationed there.

    The result is called ``optimal`` only when the LP solution is already
    integral (then it solves the whole-desa problem too). Otherwise it is
    :data:`STATUS_LP_ROUNDED`, with the demand the rounded assignment can
    deliver under the caps, :math:`\\sum_p \\min(K_p, \\text{load}_p)`, as a
    share of the LP value — an upper bound of any assignment's. (An exact
    MILP proved too slow for the interactive explorer: > 20 s on 341
    partners.)

    Parameters
    ----------
    demand : numpy.ndarray
        Weekly demand per desa ``(D,)``.
    dist : numpy.ndarray
        Road km ``(D, P)``.
    cap : numpy.ndarray
        Cap per partner ``(P,)``.
    max_km : float
        Reach ``R``.
    time_limit : float
        Seconds for HiGHS.

    Returns
    -------
    tuple
        Partner position per desa (``-1`` unreached) and the status:
        ``optimal`` (integral LP solution), ``pembulatan LP (tidak terbukti
        optimal; … % dari batas atas LP)`` or ``layak, belum terbukti
        optimal`` (time limit).
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n_d, n_p = dist.shape
    reach = dist <= max_km
    nearest = np.where(
        reach.any(axis=1), np.argmin(np.where(reach, dist, np.inf), axis=1), -1
    )
    dd, pp = np.nonzero(reach)
    if dd.size == 0:
        return nearest, siting.STATUS_OPTIMAL
    big = float(dist[reach].max()) + 1.0
    c = demand[dd] * (dist[dd, pp] - big)
    nz = dd.size
    rows = np.concatenate([dd, n_d + pp])
    vals = np.concatenate([np.ones(nz), demand[dd]])
    cols = np.concatenate([np.arange(nz), np.arange(nz)])
    a_ub = sparse.csr_matrix((vals, (rows, cols)), shape=(n_d + n_p, nz))
    b_ub = np.concatenate([np.ones(n_d), cap])
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        bounds=(0.0, 1.0),
        method="highs",
        options={"time_limit": float(time_limit)},
    )
    if res.x is None:
        return (
            nearest,
            f"{siting.STATUS_FEASIBLE}: batas waktu tanpa solusi, dipakai terdekat",
        )
    x = sparse.csr_matrix((res.x, (dd, pp)), shape=(n_d, n_p)).toarray()
    best = np.argmax(x, axis=1)
    served = x.max(axis=1) > 1e-9
    assign = np.where(served, best, nearest)
    if res.status != 0:
        return assign, f"{siting.STATUS_FEASIBLE} (batas waktu LP, lalu dibulatkan)"
    integral = bool(np.all(np.minimum(res.x, 1.0 - res.x) <= 1e-7))
    if integral:
        return assign, siting.STATUS_OPTIMAL
    ok = assign >= 0
    load = np.bincount(assign[ok], weights=demand[ok], minlength=n_p)
    got = float(np.minimum(load, cap).sum())
    bound = float(demand[dd] @ res.x)
    pct = 100.0 * got / bound if bound > 0 else 100.0
    share = _format.angka(pct, 1)
    return assign, f"{STATUS_LP_ROUNDED[:-1]}; {share}% dari batas atas LP)"


def _reach(
    network: Network,
    scenario: Scenario,
    knobs: dict[str, Any],
    partner_idx: np.ndarray,
    rice_demand: np.ndarray,
    rice_cap: float,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Partner of each desa (``-1`` unreached), its road km and the status."""
    n_d = len(network.desa)
    n_p = partner_idx.size
    if not n_p:
        return np.full(n_d, -1), np.full(n_d, np.nan), "tanpa mitra"
    dist = network.gc_desa_kop[:, partner_idx] * knobs["circuity"]
    reach = dist <= knobs["max_km"]
    if scenario.assignment == "capacity":
        assign, status = assign_capacity(
            rice_demand, dist, np.full(n_p, rice_cap), knobs["max_km"]
        )
    else:
        assign = np.where(
            reach.any(axis=1), np.argmin(np.where(reach, dist, np.inf), axis=1), -1
        )
        status = "terdekat"
    desa_km = np.where(assign >= 0, dist[np.arange(n_d), np.maximum(assign, 0)], np.nan)
    return assign, desa_km, status


# ---------------------------------------------------------------------------
# Supply and deliveries
# ---------------------------------------------------------------------------
def _warehouse_supply(
    network: Network, scenario: Scenario, knobs: dict[str, Any], partner_idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weekly supply ``(C, W)``; warehouses by distance per partner and their km."""
    share_w = network.gudang["porsi_alokasi"].to_numpy(dtype=float)
    share_w = share_w / share_w.sum()
    alloc = (
        np.array([network.allocation[c] for c in COMMODITIES]) * scenario.supply_factor
    )
    if knobs.get("allocation_rice_t") is not None:
        alloc[0] = float(knobs["allocation_rice_t"])
    supply = alloc[:, None] * share_w[None, :]
    wkm = network.gc_kop_gudang[partner_idx] * knobs["circuity"]  # (P, W)
    wh_rank = np.argsort(wkm, axis=1, kind="stable")
    wh_km = np.take_along_axis(wkm, wh_rank, axis=1)
    return supply, wh_rank, wh_km


def _deliveries(
    network: Network, partner_idx: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Delivery size (t), truck cost (Rp/km) and truck class per partner.

    A partner takes at most its own storage (at least
    ``distribusi.drop_minimum_t``; unknown → that minimum) and at most a
    truck load, in the smallest truck class that carries it.
    """
    table = trucks()
    min_drop = float(params.value("distribusi.drop_minimum_t"))
    storage = network.koperasi["kapasitas_gudang_t"].to_numpy(
        dtype=float, na_value=np.nan
    )[partner_idx]
    eff = np.maximum(np.nan_to_num(storage, nan=min_drop), min_drop)
    t_cap = table["kapasitas_t"].to_numpy()
    t_i = np.minimum(np.searchsorted(t_cap, eff - 1e-9), len(t_cap) - 1)
    drop = np.minimum(eff, t_cap[t_i])
    return drop, table["biaya_rp_per_km"].to_numpy()[t_i], table["truk"].to_numpy()[t_i]


def _check_knobs(scenario: Scenario, k: dict[str, Any]) -> None:
    """Raise :class:`DistributionError` for knobs outside their range."""
    if not 0.0 <= k["share"] <= 1.0:
        raise DistributionError(f"porsi saluran {k['share']} harus antara 0 dan 1")
    if any(v < 0 for v in k["caps"].values()):
        raise DistributionError("batas per mitra tidak boleh negatif")
    if k["weeks"] < 1:
        raise DistributionError("jumlah minggu harus minimal 1")
    if not 0.0 <= k["operating"] <= 1.0 or not 0.0 <= k["late"] <= 1.0:
        raise DistributionError(
            "porsi mitra beroperasi dan peluang terlambat harus antara 0 dan 1"
        )
    if k["cash0"] < 0 or k["safety"] < 0:
        raise DistributionError(
            "modal kerja awal dan stok pengaman tidak boleh negatif"
        )
    if k["allocation_rice_t"] is not None and not k["allocation_rice_t"] >= 0:
        raise DistributionError("alokasi beras mingguan tidak boleh negatif")
    if k["circuity"] < 1.0:
        raise DistributionError(
            "faktor sirkuitas harus ≥ 1 (jalan tidak lebih pendek dari garis lurus)"
        )
    if scenario.assignment not in ASSIGNMENTS:
        raise DistributionError(
            f"penugasan {scenario.assignment!r} tidak dikenal: {', '.join(ASSIGNMENTS)}"
        )


def plan(network: Network, scenario: Scenario) -> Plan:
    """Resolve a scenario on a network (partners, reach, caps, supply, trucks).

    Parameters
    ----------
    network : Network
        From :func:`~kdkmp_analysis.distribution.prepare`.
    scenario : Scenario
        The what-if.

    Returns
    -------
    Plan

    Raises
    ------
    DistributionError
        Unknown partner mode or assignment, unknown cooperative ids, a share
        outside 0–1, a negative cap, a non-positive horizon; or a scenario the
        network cannot support (the reason of :func:`scenario_problem`:
        "skenario tidak dapat dinilai: …").
    """
    k = scenario.resolved()
    _check_knobs(scenario, k)
    mode = scenario.partners
    problem = (
        scenario_problem(network, scenario)
        if mode in PARTNER_MODES or network.problem
        else None
    )
    if problem:
        raise DistributionError(
            f"skenario {scenario.name!r} tidak dapat dinilai: {problem}"
        )
    partner_idx, sit = _partners(network, scenario, k)
    partner_idx = np.asarray(partner_idx, dtype=int)
    n_p = partner_idx.size
    comms = [commodity(c) for c in COMMODITIES]
    pop = network.desa["penduduk"].to_numpy(dtype=float)
    per_cap = np.array([c.weekly_per_capita for c in comms])
    base_all = (per_cap[:, None] * pop[None, :]) * k["share"]  # (C, D)
    cap = np.array([k["caps"][c] for c in COMMODITIES])
    assign, desa_km, status = _reach(
        network, scenario, k, partner_idx, base_all[0], cap[0]
    )
    partner_idx, assign = _partner_order(network, partner_idx, assign)
    reached = assign >= 0
    order = np.concatenate(
        [
            np.flatnonzero(reached)[np.argsort(assign[reached], kind="stable")],
            np.flatnonzero(~reached),
        ]
    )
    supply, wh_rank, wh_km = _warehouse_supply(network, scenario, k, partner_idx)
    drop, truck_cost, truck = _deliveries(network, partner_idx)
    q, q_note = (
        (presets.quota(scenario.quota), "dipilih dalam skenario")
        if scenario.quota
        else presets.local_quota(network.kabupaten.code)
    )
    week_q, order_max = cap.copy(), cap.copy()
    if scenario.cap_rice_t is None:
        week_q[0], order_max[0] = q.week_t, q.order_max_t
    base_sorted = base_all[:, order]
    counts = np.bincount(assign[reached], minlength=n_p)
    base_req = np.zeros((len(comms), n_p))
    if n_p and reached.any():
        present = np.flatnonzero(counts)
        starts = np.concatenate([[0], np.cumsum(counts[present])[:-1]])
        base_req[:, present] = np.add.reduceat(
            base_sorted[:, : int(reached.sum())], starts, axis=-1
        )
    limit_kg, limit_name = presets.consumer_limit(scenario.consumer_limit)
    return Plan(
        network=network,
        scenario=scenario,
        knobs=k,
        partner_idx=partner_idx,
        assign=assign,
        desa_km=desa_km,
        order=order,
        counts=counts,
        n_reached=int(reached.sum()),
        base=base_sorted,
        cap=order_max,
        supply=supply,
        wh_rank=wh_rank,
        wh_km=wh_km,
        drop_t=drop,
        truck_cost=truck_cost,
        truck=truck,
        mass=np.array([c.mass_t_per_unit for c in comms]),
        assignment_status=status,
        siting=sit,
        quota=q,
        quota_note=q_note,
        week_q=week_q,
        storage=storage_t(network, partner_idx),
        prices=presets.prices(scenario.prices, network.kabupaten.province_code),
        limit_kg=limit_kg,
        limit_name=limit_name,
        calendar=presets.calendar(scenario.calendar, k["weeks"]),
        alloc_band=_alloc_band(network, scenario, k),
        base_req=base_req,
    )


def _partner_order(
    network: Network, partner_idx: np.ndarray, assign: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Partners by nearest warehouse, then one-desa, several-desa, no desa.

    Each warehouse's partners are then one slice in the weekly rationing, and
    the partners that serve exactly one desa a few slices whose demand is the
    desa's own (no sums, no gathers: :func:`~kdkmp_analysis.distribution.model.
    partner_request`). The desa → partner assignment follows the new order.
    """
    n_p = partner_idx.size
    if not n_p:
        return partner_idx, assign
    counts = np.bincount(assign[assign >= 0], minlength=n_p)
    kind = np.where(counts == 1, 0, np.where(counts > 1, 1, 2))
    first = (
        network.gc_kop_gudang[partner_idx].argmin(axis=1)
        if network.gc_kop_gudang.shape[1]
        else np.zeros(n_p, dtype=int)
    )
    perm = np.lexsort((kind, first))
    inv = np.empty(n_p, dtype=int)
    inv[perm] = np.arange(n_p)
    return partner_idx[perm], np.where(assign >= 0, inv[np.maximum(assign, 0)], -1)


def _alloc_band(
    network: Network, scenario: Scenario, knobs: dict[str, Any]
) -> np.ndarray:
    """``(C, 3)`` allocation band in use (scaled by ``supply_factor``)."""
    if network.problem:
        return np.zeros((len(COMMODITIES), 3))
    bands = allocation_bands(network)
    out = np.array([bands[c] for c in COMMODITIES], dtype=float)
    out *= scenario.supply_factor
    if knobs.get("allocation_rice_t") is not None:
        out[0] = float(knobs["allocation_rice_t"])
    return out
