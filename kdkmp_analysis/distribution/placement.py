"""Siting by served demand: which partners deliver the most, given caps and reach.

Maximal covering (:mod:`kdkmp_analysis.siting`) maximises the population
*within reach*, while a partner's weekly cap decides what it delivers. This
module sites partners by the weekly demand they actually **serve**
(:func:`~kdkmp_analysis.distribution.served.served_demand`).

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

from kdkmp_analysis import _format, siting
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.scenario import Scenario, siting_candidates
from kdkmp_analysis.distribution.served import (
    SPLIT_SOURCING,
    TIE_BREAKS,
    TIE_WEIGHT,
    TOL,
    Inputs,
    ServedResult,
    flow_value,
    greedy,
    inputs,
    quiet_stdout,
    serve,
    served_demand,
)

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
    "ServedSiting",
    "ServedResult",
    "binding_text",
    "capacity_binding_everywhere",
    "comparison_text",
    "inputs",
    "as_siting",
    "random_baseline",
    "served_demand",
    "site_served",
]

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
SOLVER_SKIPPED = "tidak perlu: pilihan bertahap mencapai batas kapasitas"


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
    if n < fx.size:  # the words of siting.site, for the same mistake
        raise siting.SitingError(
            f"jumlah mitra {n} lebih kecil dari {fx.size} mitra yang sudah ada "
            "(mitra tetap); naikkan jumlah mitra"
        )
    if n > int(cand.sum()):
        raise siting.SitingError(
            f"jumlah mitra {n} melebihi {int(cand.sum())} koperasi kandidat"
        )
    return cand, fx


def _capacity_bound(inp: Inputs, cand: np.ndarray, fx: np.ndarray, n: int) -> float:
    r"""Upper bound of the served demand of any ``n`` partners (fixed included).

    Served demand is subadditive, :math:`F(F \cup S) \le F(F) + F(S)`, and
    one partner serves at most :math:`u_j = \min(K_j, \sum_{i \in R_j}
    e_i)`; so :math:`F \le F(F) + ` the ``n − |F|`` largest :math:`u_j` of the
    other candidates (and at most the demand and the allocation).
    """
    base = serve(inp, fx).served if fx.size else 0.0
    u = np.minimum(inp.cap, inp.demand @ inp.reach.astype(float))
    u = u[cand & ~np.isin(np.arange(cand.size), fx)]
    top = float(np.sort(u)[::-1][: n - fx.size].sum())
    return min(base + top, float(inp.demand.sum()), inp.supply)


def _mip_solve(
    inp: Inputs,
    cand: np.ndarray,
    fx: np.ndarray,
    n: int,
    tie: np.ndarray | None,
    start: np.ndarray | None,
    time_limit: float,
) -> tuple[np.ndarray, float, str, bool]:
    """The MIP of the module docstring with highspy: set, served bound, status.

    ``tie`` None: no tie-break in the MIP (the ``cakupan`` tie-break lives in
    the greedy start only)."""
    import highspy
    from scipy import sparse

    cols = np.flatnonzero(cand)
    n_y = cols.size
    sub = inp.reach[:, cols] & (inp.demand[:, None] > 0)
    dd, pp = np.nonzero(sub)
    nz, n_d = dd.size, inp.demand.size
    if tie is None:
        tie = np.zeros(inp.reach.shape)
    scale = float(tie[dd, cols[pp]].max()) if nz else 0.0
    w = 1.0 - TIE_WEIGHT * (tie[dd, cols[pp]] / scale if scale > 0 else np.zeros(nz))
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
    with quiet_stdout():  # the banner HiGHS prints when it starts
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

    res = serve(inp, start)
    flow = np.zeros(inp.reach.shape)
    np.add.at(flow, (res.flows["desa"], res.flows["mitra"]), res.flows["jumlah"])
    y = np.isin(cols, start).astype(float)
    x = flow[dd, cols[pp]]
    sol = highspy.HighsSolution()
    sol.col_value = list(np.concatenate([y, x]))
    sol.value_valid = True
    h.setSolution(sol)


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
    val = flow_value(inp, cur)[0]
    swaps = 0
    is_fixed = np.isin(np.arange(cand.size), fx)
    reach_f = inp.reach.astype(float)
    while time.perf_counter() < deadline:
        resid = np.maximum(inp.demand - serve(inp, cur).per_desa, 0.0)
        gain = np.minimum(inp.cap, resid @ reach_f)
        gain[~cand] = -1.0
        gain[cur] = -1.0
        adds = [j for j in np.argsort(-gain, kind="stable")[:width] if gain[j] > 0]
        improved = False
        for j in adds:
            plus = np.sort(np.append(cur, j))
            per = flow_value(inp, plus)[1]
            movable = ~is_fixed[plus] & (plus != j)
            for k in plus[movable][np.argsort(per[movable], kind="stable")][:6]:
                trial = plus[plus != k]
                v = flow_value(inp, trial)[0]
                if v > val * (1 + TOL) + 1e-9:
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
    tie_break: str = "cakupan",
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
    tie_break : {"cakupan", "biaya", "jarak"}
        Small tie-break among equally served sets: the most channel demand
        within reach (``cakupan``; a set that keeps its volume when demand
        dips, and reaches more people), or the least ton-km warehouse →
        partner / desa → partner.
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
    cover = TIE_WEIGHT if tie_break == "cakupan" else 0.0
    start = greedy(inp, cand, fx, n, tie, cover) if warm_start else None
    upper = _capacity_bound(inp, cand, fx, n)
    if start is not None and serve(inp, start).served >= upper * (1 - TOL):
        # the start reaches the capacity bound: proven, HiGHS is not needed
        sel, bound, solver_status, optimal = start, upper, SOLVER_SKIPPED, True
    else:
        reserve = min(0.15 * time_limit, 0.3) if improve else 0.0
        mip_limit = time_limit - reserve - (time.perf_counter() - t0)
        sel, bound, solver_status, optimal = _mip_solve(
            inp, cand, fx, n, None if cover else tie, start, mip_limit
        )
    mip_seconds = time.perf_counter() - t0
    if sel.size != n or (
        start is not None and flow_value(inp, start)[0] > flow_value(inp, sel)[0]
    ):
        sel = start if start is not None else greedy(inp, cand, fx, n, tie, cover)
    swaps = 0
    if improve and not optimal:
        deadline = t0 + time_limit
        sel, _, swaps = _swap(inp, cand, fx, sel, deadline)
    res = serve(inp, sel, tie_break)
    bound = max(min(bound, upper), res.served)  # bound ≥ objective (rounding)
    gap = (bound - res.served) / bound if bound > 0 else 0.0
    proven = optimal or gap <= 1e-4
    method = "model eksak HiGHS" + (
        ", mulai dari pilihan bertahap" if warm_start else ""
    )
    if solver_status == SOLVER_SKIPPED:
        method = "pilihan bertahap, terbukti oleh batas kapasitas"
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


@dataclass(frozen=True)
class ServedSiting(siting.SitingResult):
    """A :class:`Placement` in the shape of the plan's siting result.

    ``covered`` / ``weighted_distance`` are the population within reach and
    the person-km to the nearest chosen partner (as for maximal covering);
    ``objective`` is ``"terlayani"``; ``served`` / ``served_bound`` the
    weekly demand served and its proven bound (``unit`` per week).
    """

    served: float = 0.0
    served_bound: float = 0.0
    unit: str = "t"
    commodity: str = "beras"

    @property
    def gap_percent(self) -> float | None:
        """How far below its proven bound the served demand may be, in %."""
        if not self.served_bound > 0:
            return None
        return 100.0 * max(self.served_bound - self.served, 0.0) / self.served_bound

    @property
    def value(self) -> float:
        """The objective: weekly demand served."""
        return self.served

    def summary(self) -> list[str]:
        """Indonesian lines: what is served, what is reached, what is proven."""
        a = _format.angka
        gap = self.gap_percent
        proof = (
            "terbukti optimal"
            if self.status == siting.STATUS_OPTIMAL
            else f"paling jauh {a(gap or 0.0, 2)} % dari optimum"
        )
        return [
            f"{self.selected.size} mitra ({self.fixed.size} mitra lama) melayani "
            f"{a(self.served, 1)} {self.unit} {self.commodity.replace('_', ' ')} "
            "per minggu dari permintaan saluran (perkiraan), dalam batas per mitra "
            "dan jangkauan",
            f"menjangkau {a(self.covered)} jiwa "
            f"({a(100 * self.covered_share, 1)} %) dalam {a(self.radius_km, 1)} km "
            f"jalan; jarak rata-rata {a(self.mean_distance_km, 2)} km",
            f"{self.method}: {a(self.seconds, 2)} detik; {proof}",
        ]


def as_siting(placement: Placement, net: Network, scenario: Scenario) -> ServedSiting:
    """The plan's siting result of a placement (population reach and distance)."""
    k = scenario.resolved()
    pop = net.desa["penduduk"].to_numpy(dtype=float)
    road = net.gc_desa_kop[:, placement.selected] * k["circuity"]
    reached = (road <= k["max_km"]).any(axis=1) if road.size else pop < 0
    nearest = road.min(axis=1) if road.size else np.zeros(pop.size)
    return ServedSiting(
        selected=placement.selected,
        fixed=placement.fixed,
        covered=float(pop[reached].sum()),
        total=float(pop.sum()),
        weighted_distance=float(pop @ nearest),
        objective="terlayani",
        method=placement.method,
        status=placement.status,
        seconds=placement.seconds,
        radius_km=float(k["max_km"]),
        iterations=placement.swaps,
        bound=placement.bound,
        served=placement.objective,
        served_bound=placement.bound,
        unit=placement.served.unit,
        commodity=placement.served.commodity,
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
        res = serve(inp, np.concatenate([fx, pick]))
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
        np.isfinite(s.supply) and (baseline.values >= s.supply * (1 - TOL)).all()
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
