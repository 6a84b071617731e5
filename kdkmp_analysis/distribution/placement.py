"""Siting by served demand: which partners deliver the most, given caps and reach.

Maximal covering (:mod:`kdkmp_analysis.siting`) maximises the population
*within reach*, while a partner's weekly cap decides what it delivers. This
module sites partners by the weekly demand they actually **serve**.

*Served demand* of a partner set :math:`S` (:func:`served_demand`) is a
transportation LP with **split sourcing** (a desa may be served by several
partners in reach):

.. math::

    F(S) = \\max \\sum_{(i,j) \\in A_S} x_{ij} \\;\\text{s.t.}\\;
    \\sum_j x_{ij} \\le e_i, \\quad \\sum_i x_{ij} \\le K_j, \\quad
    \\sum_{ij} x_{ij} \\le B, \\quad x \\ge 0,

with :math:`A_S = \\{(i, j): j \\in S,\\ c\\,g_{ij} \\le R\\}` (great-circle km
:math:`g` × circuity :math:`c` within ``distribusi.jarak_layanan_km``), the
model's anchored channel demand :math:`e_i = P_i k \\tfrac{12}{52} s`
(``distribusi.porsi_saluran``), the sustained weekly cap :math:`K_j` of the
branch quota preset (credit per week and order size; under "only storage"
at most the partner's storage, as in the weekly model) and the weekly Bulog
allocation :math:`B`. Among the maximal flows the tie-break takes the least
ton-km.

*Siting* (:func:`site_served`) is the capacitated maximal covering MIP

.. math::

    \\max \\sum_{(i,j) \\in A} (1 - \\varepsilon \\tilde c_{ij}) x_{ij}
    \\;\\text{s.t.}\\; x_{ij} \\le e_i y_j, \\;
    \\sum_i x_{ij} \\le K_j y_j, \\; \\sum_j x_{ij} \\le e_i, \\;
    \\sum_{ij} x_{ij} \\le B, \\; \\sum_j y_j = n, \\;
    y_j = 1 \\,(j \\in F), \\; y \\in \\{0, 1\\},

with the tie-break cost :math:`\\tilde c \\in [0, 1]` (road km nearest
warehouse → partner, ``biaya``, or desa → partner, ``jarak``, over its
largest value) and :math:`\\varepsilon =` :data:`TIE_WEIGHT`; a bound
:math:`U'` of this objective bounds the served demand by
:math:`U' / (1 - \\varepsilon)`. :math:`F` is submodular and a partner
serves at most :math:`u_j = \\min(K_j, \\sum_{i \\in R_j} e_i)`, so
:math:`U = F(F) +` the :math:`n - |F|` largest other :math:`u_j` bounds it
too. A lazy-greedy set (max-flow gains) that reaches :math:`U` is proven
optimal at once — the usual case under a 2 t/week quota — and HiGHS is not
called; otherwise HiGHS (``highspy``) solves the MIP warm-started from it
within ``time_limit`` and max-flow-scored swaps improve its incumbent. The
result states the served demand, the proven bound (the smaller of :math:`U`
and HiGHS'), gap, solver status and seconds.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kdkmp_analysis import _format, params, siting
from kdkmp_analysis.distribution import presets
from kdkmp_analysis.distribution.commodity import commodity as commodity_of
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.scenario import Scenario, siting_candidates

__all__ = [
    "BINDING_TEXT",
    "SOLVER_SKIPPED",
    "SPLIT_SOURCING",
    "SUPPLY_TEXT",
    "TIE_BREAKS",
    "TIE_WEIGHT",
    "Inputs",
    "Placement",
    "RandomBaseline",
    "ServedResult",
    "binding_text",
    "capacity_binding_everywhere",
    "comparison_text",
    "inputs",
    "random_baseline",
    "served_demand",
    "site_served",
]

#: How a desa's demand may be divided between partners.
SPLIT_SOURCING = (
    "split sourcing: permintaan satu desa boleh dilayani beberapa mitra dalam jangkauan"
)
#: Tie-breaks among equally served flows: ton-km warehouse → partner (``biaya``)
#: or desa → partner (``jarak``).
TIE_BREAKS = ("biaya", "jarak")
#: Weight of the (scaled, 0–1) tie-break per tonne against one tonne served.
TIE_WEIGHT = 1e-4
#: What the tool says when location cannot change the volume.
BINDING_TEXT = (
    "setiap mitra sudah terisi penuh: lokasi tidak mengubah volume, hanya "
    "jangkauan dan biaya"
)
#: ... when the week's Bulog allocation, not the partners, is used up.
SUPPLY_TEXT = (
    "alokasi Bulog sudah habis terbagi: lokasi tidak mengubah volume, hanya "
    "jangkauan dan biaya"
)
#: :attr:`Placement.solver_status` when the greedy start already reaches the
#: capacity bound (proven optimal without the MIP).
SOLVER_SKIPPED = "tidak perlu: awal greedy mencapai batas kapasitas"
#: Relative tolerance of "at its cap" and "improves".
_TOL = 1e-6


@dataclass(frozen=True)
class Inputs:
    """Demand, caps, reach and tie-break costs of one network and scenario.

    ``demand`` is the weekly channel demand per desa ``(D,)``, ``cap`` the
    sustained weekly cap per cooperative ``(K,)``, ``reach`` / ``road_km``
    ``(D, K)``, ``depot_km`` the road km to the nearest warehouse ``(K,)``
    (zeros without a warehouse table), ``supply`` the weekly Bulog allocation
    (``inf`` when unknown).
    """

    commodity: str
    unit: str
    demand: np.ndarray
    cap: np.ndarray
    reach: np.ndarray
    road_km: np.ndarray
    depot_km: np.ndarray
    supply: float

    def tie_cost(self, tie_break: str | None) -> np.ndarray:
        """Tie-break cost per tonne on each (desa, cooperative) pair ``(D, K)``."""
        if tie_break is None:
            return np.zeros_like(self.road_km)
        if tie_break not in TIE_BREAKS:
            raise siting.SitingError(
                f"pemecah seri {tie_break!r} tidak dikenal; pilih: "
                f"{', '.join(TIE_BREAKS)}"
            )
        if tie_break == "biaya" and self.depot_km.any():
            return np.broadcast_to(self.depot_km[None, :], self.road_km.shape)
        return self.road_km


def _weekly_cap(net: Network, sc: Scenario, key: str) -> np.ndarray:
    """Sustained weekly cap per cooperative (quota credit, order size, storage)."""
    k = sc.resolved()
    n_k = len(net.koperasi)
    if key != "beras":
        return np.full(n_k, k["caps"][key])
    q = (
        presets.quota(sc.quota)
        if sc.quota
        else presets.local_quota(net.kabupaten.code)[0]
    )
    week = min(q.week_t, q.order_max_t)
    if sc.cap_rice_t is not None:
        week = float(sc.cap_rice_t)
    cap = np.full(n_k, week)
    if q.storage_only and sc.cap_rice_t is None:
        # the plan's storage rule: unknown or 0 → the parameters' default
        default = float(params.value("distribusi.gudang_koperasi_default_t"))
        s = net.koperasi["kapasitas_gudang_t"].to_numpy(dtype=float, na_value=np.nan)
        cap = np.minimum(cap, np.where(np.isnan(s) | (s <= 0), default, s))
    return cap


def inputs(
    net: Network, *, commodity: str = "beras", scenario: Scenario | None = None
) -> Inputs:
    """Resolve demand, caps, reach and distances of a network once.

    ``scenario`` gives the share, reach, circuity, quota preset, cap and
    allocation (default ``Scenario()``: the parameters and the kabupaten's
    quota preset); ``commodity`` is a key of
    :data:`~kdkmp_analysis.distribution.COMMODITIES`.
    """
    sc = scenario or Scenario()
    k = sc.resolved()
    com = commodity_of(commodity)
    pop = net.desa["penduduk"].to_numpy(dtype=float)
    demand = pop * com.weekly_per_capita * k["share"]
    road = net.gc_desa_kop * k["circuity"]
    cap = _weekly_cap(net, sc, commodity)
    depot = (
        net.gc_kop_gudang.min(axis=1) * k["circuity"]
        if net.gc_kop_gudang.size
        else np.zeros(len(net.koperasi))
    )
    supply = float("inf")
    if net.allocation and not net.problem:
        supply = float(net.allocation[commodity]) * sc.supply_factor
        if commodity == "beras" and k["allocation_rice_t"] is not None:
            supply = float(k["allocation_rice_t"])
    return Inputs(
        commodity=commodity,
        unit=com.unit,
        demand=demand,
        cap=cap,
        reach=road <= k["max_km"],
        road_km=road,
        depot_km=depot,
        supply=supply,
    )


# Served demand of a given set (the transportation LP)
@dataclass(frozen=True)
class ServedResult:
    """What a partner set serves per week (capacitated, :data:`SPLIT_SOURCING`).

    ``partners`` are sorted positions in ``network.koperasi``; ``served`` the
    weekly demand served (unit of the commodity), ``per_partner`` / ``cap``
    per partner in that order, ``per_desa`` per desa ``(D,)``; ``demand`` the
    kabupaten's weekly channel demand, ``unreached`` that of desa with no
    partner in reach, ``supply`` the Bulog allocation (``inf``: none);
    ``flows`` the positive flows (``desa``, ``mitra`` positions, ``jumlah``).
    """

    partners: np.ndarray
    served: float
    per_partner: np.ndarray
    cap: np.ndarray
    per_desa: np.ndarray
    demand: float
    unreached: float
    supply: float
    commodity: str
    unit: str
    flows: pd.DataFrame = field(repr=False)
    sourcing: str = SPLIT_SOURCING

    @property
    def unserved(self) -> float:
        """Weekly demand not served (unreached + over the caps)."""
        return max(self.demand - self.served, 0.0)

    @property
    def full(self) -> np.ndarray:
        """Per partner: at its weekly cap."""
        return self.per_partner >= self.cap * (1 - _TOL) - 1e-9

    @property
    def all_full(self) -> bool:
        """Every partner at its weekly cap (then location cannot add volume)."""
        return bool(self.full.all()) if self.partners.size else False

    @property
    def supply_bound(self) -> bool:
        """The Bulog allocation, not the partners, limits the volume."""
        cut = self.supply * (1 - _TOL)
        return bool(np.isfinite(self.supply)) and self.served >= cut


def _flow_lp(inp: Inputs, partners: np.ndarray, tie: np.ndarray | None):
    """Edges, their flows and the served total of the LP (two phases)."""
    from scipy import sparse
    from scipy.optimize import linprog

    sub = inp.reach[:, partners] & (inp.demand[:, None] > 0)
    dd, pp = np.nonzero(sub)
    nz = dd.size
    if nz == 0:
        return dd, pp, np.zeros(0), 0.0
    n_d, n_p = inp.demand.size, partners.size
    rows = np.concatenate([dd, n_d + pp])
    a = sparse.csr_matrix(
        (np.ones(2 * nz), (rows, np.tile(np.arange(nz), 2))), shape=(n_d + n_p, nz)
    )
    b = np.concatenate([inp.demand, inp.cap[partners]])
    if np.isfinite(inp.supply):
        a = sparse.vstack([a, sparse.csr_matrix(np.ones((1, nz)))]).tocsr()
        b = np.append(b, inp.supply)
    res = linprog(-np.ones(nz), A_ub=a, b_ub=b, bounds=(0, None), method="highs")
    if res.status != 0:  # pragma: no cover - always feasible (x = 0)
        raise siting.SitingError(f"LP permintaan terlayani gagal: {res.message}")
    x, served = res.x, float(-res.fun)
    cost = None if tie is None else tie[dd, partners[pp]]
    if cost is not None and served > 0 and np.ptp(cost) > 0:
        a2 = sparse.vstack([a, -sparse.csr_matrix(np.ones((1, nz)))]).tocsr()
        b2 = np.append(b, -served * (1 - 1e-9))
        res2 = linprog(cost, A_ub=a2, b_ub=b2, bounds=(0, None), method="highs")
        if res2.status == 0:
            x = res2.x
    return dd, pp, np.maximum(x, 0.0), served


def _served(
    inp: Inputs, partners: np.ndarray, tie_break: str | None = None
) -> ServedResult:
    """:func:`served_demand` on resolved inputs."""
    partners = np.unique(np.asarray(partners, dtype=int))
    tie = None if tie_break is None else inp.tie_cost(tie_break)
    dd, pp, x, served = _flow_lp(inp, partners, tie)
    n_p = partners.size
    reached = inp.reach[:, partners].any(axis=1) if n_p else np.zeros(inp.demand.size)
    keep = x > 1e-12
    return ServedResult(
        partners=partners,
        served=served,
        per_partner=np.bincount(pp, weights=x, minlength=n_p),
        cap=inp.cap[partners],
        per_desa=np.bincount(dd, weights=x, minlength=inp.demand.size),
        demand=float(inp.demand.sum()),
        unreached=float(inp.demand[~reached.astype(bool)].sum()),
        supply=inp.supply,
        commodity=inp.commodity,
        unit=inp.unit,
        flows=pd.DataFrame(
            {"desa": dd[keep], "mitra": partners[pp[keep]], "jumlah": x[keep]}
        ),
    )


def served_demand(
    net: Network,
    partners: Sequence[int] | np.ndarray,
    *,
    commodity: str = "beras",
    scenario: Scenario | None = None,
    tie_break: str | None = "jarak",
) -> ServedResult:
    """Weekly demand a partner set actually serves (capacitated, split sourcing).

    :math:`F(S)` of the module docstring for ``partners`` (positions in
    ``net.koperasi``); ``commodity`` and ``scenario`` as in :func:`inputs`;
    ``tie_break``: among the flows serving the most, the least ton-km desa →
    partner (``jarak``) or warehouse → partner (``biaya``), or any (``None``).
    """
    inp = inputs(net, commodity=commodity, scenario=scenario)
    return _served(inp, np.asarray(partners, dtype=int), tie_break)


# Siting: the capacitated maximal covering MIP, then swaps
@dataclass(frozen=True)
class Placement:
    """A sited partner set, its served demand and what is proven about it.

    ``selected`` (fixed included) and ``fixed`` are positions in
    ``network.koperasi``; ``served`` the :class:`ServedResult` of
    ``selected``; ``objective`` its weekly demand served; ``bound`` a proven
    upper bound of what any ``n`` partners serve; ``gap`` ``(bound −
    objective) / bound`` (0 when the bound is 0); ``status``
    :data:`kdkmp_analysis.siting.STATUS_OPTIMAL` when proven, else
    ``STATUS_FEASIBLE``; ``solver_status`` HiGHS' model status (or
    :data:`SOLVER_SKIPPED`); ``seconds`` / ``mip_seconds`` wall time in total
    and up to the end of the MIP; ``swaps`` improving swaps after it.
    """

    selected: np.ndarray
    fixed: np.ndarray
    served: ServedResult
    objective: float
    bound: float
    gap: float
    status: str
    solver_status: str
    method: str
    seconds: float
    mip_seconds: float
    swaps: int
    tie_break: str

    @property
    def proven(self) -> bool:
        """The served demand is proven optimal (within HiGHS' tolerance)."""
        return self.status == siting.STATUS_OPTIMAL

    @property
    def gap_percent(self) -> float:
        """:attr:`gap` in %."""
        return 100.0 * self.gap


def _who(
    net: Network,
    n: int,
    fixed: Sequence[int] | np.ndarray | None,
    candidates: Sequence[int] | np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate mask (fixed included) and fixed positions; defaults: ready, current."""
    ready, current = siting_candidates(net, "ready")
    n_k = len(net.koperasi)
    fx = current if fixed is None else np.unique(np.asarray(fixed, dtype=int))
    if candidates is None:
        cand = ready.copy()
    else:
        c = np.asarray(candidates)
        cand = c.astype(bool).copy() if c.dtype == bool else np.isin(np.arange(n_k), c)
    if fx.size and (fx.min() < 0 or fx.max() >= n_k):
        raise siting.SitingError("indeks mitra tetap di luar rentang koperasi")
    cand[fx] = True
    if not cand.any():
        raise siting.NothingToSiteError(
            f"{siting.NOTHING_TO_SITE}: tidak ada satu pun kandidat yang dapat dipilih"
        )
    if not fx.size <= n <= int(cand.sum()):
        raise siting.SitingError(
            f"jumlah mitra {n} harus antara {fx.size} (mitra yang sudah ada) dan "
            f"{int(cand.sum())} (koperasi kandidat)"
        )
    return cand, fx


def _greedy(
    inp: Inputs,
    cand: np.ndarray,
    fx: np.ndarray,
    n: int,
    tie: np.ndarray | None = None,
) -> np.ndarray:
    """Lazy greedy on the submodular :math:`F`: gains re-scored by max-flow only
    at the top of the queue; ties to the least mean tie-break cost in reach."""
    import heapq

    chosen = [int(j) for j in np.unique(fx)]
    val = _flow_value(inp, np.array(chosen, dtype=int))[0] if chosen else 0.0
    reach_d = inp.demand @ inp.reach.astype(float)
    cost = np.zeros(cand.size)
    if tie is not None:
        cost = (inp.demand @ (inp.reach * tie)) / np.maximum(reach_d, 1e-12)
    upper = np.minimum(inp.cap, reach_d)
    heap = [(-upper[j], cost[j], int(j)) for j in np.flatnonzero(cand)]
    heap = [h for h in heap if h[2] not in set(chosen)]
    heapq.heapify(heap)
    while len(chosen) < n and heap:
        _, c, j = heapq.heappop(heap)
        v = _flow_value(inp, np.array([*chosen, j]))[0]
        if not heap or v - val >= -heap[0][0] - 1e-6:  # still the best: take it
            chosen.append(j)
            val = v
        else:
            heapq.heappush(heap, (-(v - val), c, j))
    return np.sort(np.array(chosen, dtype=int))


def _capacity_bound(inp: Inputs, cand: np.ndarray, fx: np.ndarray, n: int) -> float:
    r"""Upper bound of the served demand of any ``n`` partners (fixed included).

    Served demand is subadditive, :math:`F(F \cup S) \le F(F) + F(S)`, and
    one partner serves at most :math:`u_j = \min(K_j, \sum_{i \in R_j}
    e_i)`; so :math:`F \le F(F) + ` the ``n − |F|`` largest :math:`u_j` of the
    other candidates (and at most the demand and the allocation).
    """
    base = _served(inp, fx).served if fx.size else 0.0
    u = np.minimum(inp.cap, inp.demand @ inp.reach.astype(float))
    u = u[cand & ~np.isin(np.arange(cand.size), fx)]
    top = float(np.sort(u)[::-1][: n - fx.size].sum())
    return min(base + top, float(inp.demand.sum()), inp.supply)


def _mip_solve(
    inp: Inputs,
    cand: np.ndarray,
    fx: np.ndarray,
    n: int,
    tie: np.ndarray,
    start: np.ndarray | None,
    time_limit: float,
) -> tuple[np.ndarray, float, str, bool]:
    """The MIP of the module docstring with highspy: set, served bound, status."""
    import highspy
    from scipy import sparse

    cols = np.flatnonzero(cand)
    n_y = cols.size
    sub = inp.reach[:, cols] & (inp.demand[:, None] > 0)
    dd, pp = np.nonzero(sub)
    nz, n_d = dd.size, inp.demand.size
    scale = float(tie[dd, cols[pp]].max()) if nz else 0.0
    w = 1.0 - TIE_WEIGHT * (tie[dd, cols[pp]] / scale if scale > 0 else 0.0)
    cap = np.minimum(inp.cap[cols], np.bincount(pp, inp.demand[dd], minlength=n_y))
    e = np.arange(nz)
    blocks = [
        ((np.ones(nz), (dd, n_y + e))),  # Σ_j x_ij ≤ e_i
        ((np.ones(nz), (n_d + pp, n_y + e))),  # Σ_i x_ij − K_j y_j ≤ 0
        ((-cap, (n_d + np.arange(n_y), np.arange(n_y)))),
        ((np.ones(nz), (n_d + n_y + e, n_y + e))),  # x_ij − e_i y_j ≤ 0
        ((-inp.demand[dd], (n_d + n_y + e, pp))),
        ((np.ones(n_y), (np.full(n_y, n_d + n_y + nz), np.arange(n_y)))),  # Σ y = n
    ]
    n_row = n_d + n_y + nz + 1
    row_lo = np.concatenate([np.full(n_d + n_y + nz, -np.inf), [n]])
    row_hi = np.concatenate([inp.demand, np.zeros(n_y + nz), [n]])
    if np.isfinite(inp.supply):
        blocks.append((np.ones(nz), (np.full(nz, n_row), n_y + e)))
        row_lo, row_hi = np.append(row_lo, -np.inf), np.append(row_hi, inp.supply)
        n_row += 1
    vals = np.concatenate([b[0] for b in blocks])
    r = np.concatenate([b[1][0] for b in blocks])
    c = np.concatenate([b[1][1] for b in blocks])
    a = sparse.csc_matrix((vals, (r, c)), shape=(n_row, n_y + nz))
    h = highspy.Highs()
    h.silent()
    h.setOptionValue("time_limit", max(float(time_limit), 0.01))
    h.setOptionValue("threads", 1)
    lo_y = np.isin(cols, fx).astype(float)
    h.passModel(
        *(n_y + nz, n_row, a.nnz, 1, 1, 0.0),  # columnwise, minimise, no offset
        np.concatenate([np.zeros(n_y), -w]),
        np.concatenate([lo_y, np.zeros(nz)]),
        np.concatenate([np.ones(n_y), inp.demand[dd]]),
        *(row_lo, row_hi, a.indptr.astype(np.int32), a.indices.astype(np.int32)),
        *(a.data, np.concatenate([np.ones(n_y), np.zeros(nz)]).astype(np.int32)),
    )
    if start is not None:
        _warm_start(h, inp, cols, dd, pp, start)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    bound = -float(info.mip_dual_bound) / (1.0 - TIE_WEIGHT)
    col_value = np.asarray(h.getSolution().col_value)
    if col_value.size != n_y + nz:  # no incumbent at all
        return np.array([], dtype=int), bound, status, False
    sel = cols[col_value[:n_y] > 0.5]
    return sel, bound, status, h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def _warm_start(h, inp, cols, dd, pp, start) -> None:
    """Give HiGHS the start set and its served flows as the first incumbent."""
    import highspy

    res = _served(inp, start)
    flow = np.zeros(inp.reach.shape)
    np.add.at(flow, (res.flows["desa"], res.flows["mitra"]), res.flows["jumlah"])
    y = np.isin(cols, start).astype(float)
    x = flow[dd, cols[pp]]
    sol = highspy.HighsSolution()
    sol.col_value = list(np.concatenate([y, x]))
    sol.value_valid = True
    h.setSolution(sol)


def _flow_value(inp: Inputs, partners: np.ndarray) -> tuple[float, np.ndarray]:
    """:math:`F(S)` and flow per partner by max-flow in 0.1 kg units (fast)."""
    from scipy import sparse
    from scipy.sparse.csgraph import maximum_flow

    dd, pp = np.nonzero(inp.reach[:, partners])
    n_d, n_p = inp.demand.size, partners.size
    src, sink = n_d + n_p, n_d + n_p + 1
    e = np.floor(inp.demand * 1e4).astype(np.int64)
    k = np.floor(np.minimum(inp.cap[partners], e.sum() / 1e4) * 1e4).astype(np.int64)
    # rows in order: desa (edges to partners), partners (to sink), source, sink
    counts = np.concatenate([np.bincount(dd, minlength=n_d), np.ones(n_p), [n_d, 0]])
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    cols = np.concatenate([n_d + pp, np.full(n_p, sink), np.arange(n_d)])
    data = np.concatenate([e[dd], k, e]).astype(np.int32)
    g = sparse.csr_array(
        (data, cols.astype(np.int32), indptr), shape=(sink + 1, sink + 1)
    )
    res = maximum_flow(g, src, sink, method="dinic")
    f = res.flow  # antisymmetric: a partner row's entry at the sink is its flow
    ptr = f.indptr[n_d : n_d + n_p + 1]
    row = np.repeat(np.arange(n_p), np.diff(ptr))
    to_sink = f.indices[ptr[0] : ptr[-1]] == sink
    per = np.bincount(row[to_sink], f.data[ptr[0] : ptr[-1]][to_sink], n_p)
    return min(res.flow_value / 1e4, inp.supply), per / 1e4


def _swap(
    inp: Inputs,
    cand: np.ndarray,
    fx: np.ndarray,
    sel: np.ndarray,
    deadline: float,
    width: int = 12,
) -> tuple[np.ndarray, float, int]:
    """Improve ``sel`` by swaps scored by max-flow (add one of the ``width`` of
    largest estimated gain, drop one of the 6 least used) while any improves."""
    cur = np.unique(sel)
    val = _flow_value(inp, cur)[0]
    swaps = 0
    is_fixed = np.isin(np.arange(cand.size), fx)
    reach_f = inp.reach.astype(float)
    while time.perf_counter() < deadline:
        resid = np.maximum(inp.demand - _served(inp, cur).per_desa, 0.0)
        gain = np.minimum(inp.cap, resid @ reach_f)
        gain[~cand] = -1.0
        gain[cur] = -1.0
        adds = [j for j in np.argsort(-gain, kind="stable")[:width] if gain[j] > 0]
        improved = False
        for j in adds:
            plus = np.sort(np.append(cur, j))
            per = _flow_value(inp, plus)[1]
            movable = ~is_fixed[plus] & (plus != j)
            for k in plus[movable][np.argsort(per[movable], kind="stable")][:6]:
                trial = plus[plus != k]
                v = _flow_value(inp, trial)[0]
                if v > val * (1 + _TOL) + 1e-9:
                    cur, val, improved, swaps = trial, v, True, swaps + 1
                    break
                if time.perf_counter() >= deadline:
                    return cur, val, swaps
            if improved:
                break
        if not improved:
            break
    return cur, val, swaps


def site_served(
    net: Network,
    n: int,
    *,
    fixed: Sequence[int] | np.ndarray | None = None,
    candidates: Sequence[int] | np.ndarray | None = None,
    commodity: str = "beras",
    scenario: Scenario | None = None,
    time_limit: float = 2.0,
    tie_break: str = "biaya",
    warm_start: bool = True,
    improve: bool = True,
) -> Placement:
    """Choose ``n`` partners maximising the weekly demand served (MIP first).

    Parameters
    ----------
    net : Network
        From :func:`~kdkmp_analysis.distribution.prepare`.
    n : int
        Partners in total, fixed ones included.
    fixed, candidates : optional
        Positions that stay partners (default: the current Bulog partners) and
        who may be chosen (bool mask or positions; default: Bulog-ready).
    commodity, scenario
        As in :func:`inputs`.
    time_limit : float
        Seconds in total: HiGHS gets most of it, the swaps the rest.
    tie_break : {"biaya", "jarak"}
        Small tie-break on ton-km warehouse → partner or desa → partner.
    warm_start, improve : bool
        Greedy start (and its capacity-bound proof) for HiGHS; the swap
        heuristic from the MIP's incumbent when not proven. Both off: the
        plain MIP.

    Returns
    -------
    Placement
        Served demand, proven bound, gap, status, seconds.

    Raises
    ------
    kdkmp_analysis.siting.SitingError
        ``n`` below the fixed partners or above the candidates; an unknown
        tie-break (:class:`~kdkmp_analysis.siting.NothingToSiteError`: no
        candidate at all).
    """
    t0 = time.perf_counter()
    inp = inputs(net, commodity=commodity, scenario=scenario)
    tie = inp.tie_cost(tie_break)
    n = int(n)
    cand, fx = _who(net, n, fixed, candidates)
    start = _greedy(inp, cand, fx, n, tie) if warm_start else None
    upper = _capacity_bound(inp, cand, fx, n)
    if start is not None and _served(inp, start).served >= upper * (1 - _TOL):
        # the start reaches the capacity bound: proven, HiGHS is not needed
        sel, bound, solver_status, optimal = start, upper, SOLVER_SKIPPED, True
    else:
        reserve = min(0.15 * time_limit, 0.3) if improve else 0.0
        mip_limit = time_limit - reserve - (time.perf_counter() - t0)
        sel, bound, solver_status, optimal = _mip_solve(
            inp, cand, fx, n, tie, start, mip_limit
        )
    mip_seconds = time.perf_counter() - t0
    if sel.size != n or (
        start is not None and _flow_value(inp, start)[0] > _flow_value(inp, sel)[0]
    ):
        sel = start if start is not None else _greedy(inp, cand, fx, n, tie)
    swaps = 0
    if improve and not optimal:
        deadline = t0 + time_limit
        sel, _, swaps = _swap(inp, cand, fx, sel, deadline)
    res = _served(inp, sel, tie_break)
    bound = max(min(bound, upper), res.served)  # bound ≥ objective (rounding)
    gap = (bound - res.served) / bound if bound > 0 else 0.0
    proven = optimal or gap <= 1e-4
    method = "MIP HiGHS (highspy)" + (", awal greedy" if warm_start else "")
    if solver_status == SOLVER_SKIPPED:
        method = "awal greedy, terbukti oleh batas kapasitas"
    return Placement(
        selected=res.partners,
        fixed=fx,
        served=res,
        objective=res.served,
        bound=bound,
        gap=max(gap, 0.0),
        status=siting.STATUS_OPTIMAL if proven else siting.STATUS_FEASIBLE,
        solver_status=solver_status,
        method=method,
        seconds=time.perf_counter() - t0,
        mip_seconds=mip_seconds,
        swaps=swaps,
        tie_break=tie_break,
    )


# Random baseline and "capacity binds everywhere"
@dataclass(frozen=True)
class RandomBaseline:
    """Served demand of random ready partner sets (fixed ones included).

    ``values`` is the served demand per draw (``mean``, ``std``, ``low``,
    ``high`` over them), ``all_full`` per draw whether every partner is at
    its cap, ``sets`` the partner positions of each draw.
    """

    values: np.ndarray
    all_full: np.ndarray
    sets: list[np.ndarray]
    n: int
    seed: int
    unit: str
    mean: float = field(init=False)
    std: float = field(init=False)
    low: float = field(init=False)
    high: float = field(init=False)

    def __post_init__(self) -> None:
        v = self.values
        object.__setattr__(self, "mean", float(v.mean()))
        object.__setattr__(self, "std", float(v.std(ddof=1)) if v.size > 1 else 0.0)
        object.__setattr__(self, "low", float(v.min()))
        object.__setattr__(self, "high", float(v.max()))


def random_baseline(
    net: Network,
    n: int,
    draws: int = 20,
    seed: int = 0,
    *,
    fixed: Sequence[int] | np.ndarray | None = None,
    candidates: Sequence[int] | np.ndarray | None = None,
    commodity: str = "beras",
    scenario: Scenario | None = None,
) -> RandomBaseline:
    """Served demand of ``n`` partners: the fixed plus random ready cooperatives.

    ``n`` counts the fixed ones; ``draws`` random sets are drawn with
    ``seed`` (the same inputs and seed give the same sets); ``fixed``,
    ``candidates``, ``commodity`` and ``scenario`` are as in
    :func:`site_served`.
    """
    inp = inputs(net, commodity=commodity, scenario=scenario)
    n = int(n)
    cand, fx = _who(net, n, fixed, candidates)
    pool = np.flatnonzero(cand & ~np.isin(np.arange(cand.size), fx))
    rng = np.random.default_rng(seed)
    values, full, sets = [], [], []
    for _ in range(int(draws)):
        pick = rng.choice(pool, size=n - fx.size, replace=False)
        res = _served(inp, np.concatenate([fx, pick]))
        values.append(res.served)
        full.append(res.all_full)
        sets.append(res.partners)
    v, f = np.asarray(values, dtype=float), np.asarray(full, dtype=bool)
    return RandomBaseline(v, f, sets, n, int(seed), inp.unit)


def capacity_binding_everywhere(placement: Placement, baseline: RandomBaseline) -> bool:
    """Whether every partner is at its cap whichever set is chosen.

    Judged on the evidence at hand: the sited set (:func:`site_served`) and
    every random draw (:func:`random_baseline`, same ``n``) have all their
    partners at the cap, or the Bulog allocation is used up in every one of
    them; then location cannot change the volume.
    """
    s = placement.served
    sited = s.all_full or s.supply_bound
    drawn = bool(baseline.all_full.all()) or bool(
        np.isfinite(s.supply) and (baseline.values >= s.supply * (1 - _TOL)).all()
    )
    return sited and drawn


def comparison_text(placement: Placement, baseline: RandomBaseline) -> str:
    """``terpilih … t vs acak rata-rata … t`` with the draws' range (Indonesian)."""
    u = placement.served.unit
    return (
        f"terpilih {_format.angka(placement.objective, 1)} {u} vs acak rata-rata "
        f"{_format.angka(baseline.mean, 1)} {u} per minggu "
        f"({baseline.values.size} undian, rentang {_format.angka(baseline.low, 1)}–"
        f"{_format.angka(baseline.high, 1)} {u}; {placement.selected.size} mitra)"
    )


def binding_text(placement: Placement, baseline: RandomBaseline) -> str:
    """What location changes, in words (Indonesian): :data:`BINDING_TEXT` when
    :func:`capacity_binding_everywhere`, else how much more the sited serve."""
    if capacity_binding_everywhere(placement, baseline):
        return BINDING_TEXT if placement.served.all_full else SUPPLY_TEXT
    u = placement.served.unit
    more = placement.objective - baseline.mean
    return (
        f"{comparison_text(placement, baseline)}: penempatan menurut permintaan "
        f"terlayani menambah {_format.angka(more, 1)} {u} per minggu"
    )
