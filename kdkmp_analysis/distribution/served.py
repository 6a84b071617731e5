"""Served demand: what a partner set actually delivers, given caps and reach.

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

The greedy of :func:`greedy` (lazy, max-flow gains) is shared by the siting
(:mod:`~kdkmp_analysis.distribution.placement`) and the forum ranking
(:mod:`~kdkmp_analysis.distribution.ranking`): the same model.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kdkmp_analysis import siting
from kdkmp_analysis.distribution import presets
from kdkmp_analysis.distribution.commodity import commodity as commodity_of
from kdkmp_analysis.distribution.network import Network, storage_t
from kdkmp_analysis.distribution.scenario import Scenario

__all__ = [
    "SPLIT_SOURCING",
    "TIE_BREAKS",
    "TIE_WEIGHT",
    "TOL",
    "Inputs",
    "ServedResult",
    "flow_value",
    "greedy",
    "greedy_order",
    "inputs",
    "quiet_stdout",
    "serve",
    "served_demand",
]

#: How a desa's demand may be divided between partners.
SPLIT_SOURCING = (
    "split sourcing: permintaan satu desa boleh dilayani beberapa mitra dalam jangkauan"
)
#: Tie-breaks among equally served flows: ton-km warehouse → partner (``biaya``)
#: or desa → partner (``jarak``).
#: ``cakupan``: among equally served sets, the most channel demand (∝
#: population) within reach — the flows then take the least desa → partner
#: ton-km.
TIE_BREAKS = ("cakupan", "biaya", "jarak")
#: Weight of the (scaled, 0–1) tie-break per tonne against one tonne served.
TIE_WEIGHT = 1e-4
#: Relative tolerance of "at its cap" and "improves".
TOL = 1e-6


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
        if tie_break == "cakupan":
            return self.road_km  # the flows' own tie-break: desa → partner
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
        cap = np.minimum(cap, storage_t(net))  # the plan's storage rule
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
        return self.per_partner >= self.cap * (1 - TOL) - 1e-9

    @property
    def all_full(self) -> bool:
        """Every partner at its weekly cap (then location cannot add volume)."""
        return bool(self.full.all()) if self.partners.size else False

    @property
    def supply_bound(self) -> bool:
        """The Bulog allocation, not the partners, limits the volume."""
        cut = self.supply * (1 - TOL)
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


def serve(
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
    return serve(inp, np.asarray(partners, dtype=int), tie_break)


def flow_value(inp: Inputs, partners: np.ndarray) -> tuple[float, np.ndarray]:
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


def greedy(
    inp: Inputs,
    cand: np.ndarray,
    fx: np.ndarray,
    n: int,
    tie: np.ndarray | None = None,
    cover: float = 0.0,
) -> np.ndarray:
    """Lazy greedy on the submodular :math:`F` (:func:`greedy_order`): the
    ``n`` partners, fixed ones included, sorted."""
    order, _ = greedy_order(inp, cand, fx, n, tie, cover=cover)
    return np.sort(np.concatenate([np.unique(fx), order]).astype(int))


def greedy_order(
    inp: Inputs,
    cand: np.ndarray,
    fx: np.ndarray,
    n: int | None = None,
    tie: np.ndarray | None = None,
    *,
    tiers: np.ndarray | None = None,
    key: np.ndarray | None = None,
    cover: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates in greedy order and the served demand each one adds.

    Lazy greedy on the submodular :math:`F`: starting from the fixed
    partners ``fx``, the next pick is the candidate (``cand`` mask) of the
    lowest ``tiers`` value (default: all one tier) with the largest gain
    :math:`F(S \\cup \\{j\\}) - F(S)`; gains are re-scored by max-flow only at
    the top of the queue, a candidate whose upper bound is 0 is taken
    without a solve. Equal gains go to the lower ``key`` (default: the
    mean tie-break cost ``tie`` in reach), then the lower position. With
    ``cover`` > 0 the score is the gain plus ``cover`` × the channel demand
    newly within reach (the ``cakupan`` tie-break; ``cover`` =
    :data:`TIE_WEIGHT`: at most 0.01 % of the demand, so served tonnes come
    first); the returned gains are served demand only.

    Returns
    -------
    tuple
        Positions in pick order (fixed ones excluded; all candidates when
        ``n`` is None, else until ``n`` partners in total) and each pick's gain
        (the commodity's unit per week).
    """
    import heapq

    chosen = [int(j) for j in np.unique(fx)]
    val = flow_value(inp, np.array(chosen, dtype=int))[0] if chosen else 0.0
    reach_d = inp.demand @ inp.reach.astype(float)
    if key is None:
        key = np.zeros(cand.size)
        if tie is not None:
            key = (inp.demand @ (inp.reach * tie)) / np.maximum(reach_d, 1e-12)
    tier = np.zeros(cand.size) if tiers is None else np.asarray(tiers, dtype=float)
    upper = np.minimum(inp.cap, reach_d) + cover * reach_d
    taken = set(chosen)
    covered = (
        inp.reach[:, chosen].any(axis=1) if chosen else np.zeros(len(inp.demand), bool)
    )
    flow_ub = np.minimum(inp.cap, reach_d)  # a bound of each flow gain, lowered lazily
    heap = [
        (tier[j], -upper[j], key[j], int(j))
        for j in np.flatnonzero(cand)
        if int(j) not in taken
    ]
    heapq.heapify(heap)
    order: list[int] = []
    gains: list[float] = []
    total = len(chosen) + len(heap) if n is None else int(n)
    while len(chosen) < total and heap:
        t, ub, c, j = heapq.heappop(heap)
        newly = cover * float(inp.demand[inp.reach[:, j] & ~covered].sum())
        if heap and heap[0][0] == t and flow_ub[j] + newly < -heap[0][1] - 1e-6:
            heapq.heappush(heap, (t, -(flow_ub[j] + newly), c, j))  # no solve yet
            continue
        if flow_ub[j] <= 1e-9 or val >= inp.supply * (1 - TOL):
            v = val  # nothing left to add: no solve needed
        else:
            v = flow_value(inp, np.array([*chosen, j]))[0]
        flow_ub[j] = max(v - val, 0.0)
        score = flow_ub[j] + newly
        best = not heap or heap[0][0] > t or score >= -heap[0][1] - 1e-6
        if best:  # still the best of its tier: take it
            chosen.append(j)
            order.append(j)
            gains.append(flow_ub[j])
            val = max(v, val)
            covered |= inp.reach[:, j]
        else:
            heapq.heappush(heap, (t, -score, c, j))
    return np.array(order, dtype=int), np.array(gains, dtype=float)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence what native code (HiGHS' banner) writes to file descriptor 1."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), fd)
        try:
            yield
        finally:
            os.dup2(saved, fd)
            os.close(saved)
