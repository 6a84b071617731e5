"""Weekly truck routes from the Bulog warehouses to the partners (issue 13 §2).

Today's weekly model (:func:`~kdkmp_analysis.distribution.transport`) sends
every drop as its own round trip: vehicle-km :math:`= 2 \\times` trips
:math:`\\times` km. A truck can instead carry several partners' drops in one
*rit* — out of the warehouse, unloading at each stop, back within a working
day. :func:`weekly_routes` plans the week's rits per warehouse as a
capacitated vehicle-routing problem with the truck classes of ``[truk]``:

.. math::

    \\min \\sum_{r} b_{k(r)} \\cdot \\text{km}(r) \\quad \\text{s.t.} \\quad
    \\sum_{i \\in r} q_i \\le Q_{k(r)}, \\qquad
    \\frac{\\text{km}(r)}{v} + |r| \\cdot u \\le H, \\qquad
    \\text{every drop in exactly one rit},

with drop sizes :math:`q_i` (the partner's storage, at least
``distribusi.drop_minimum_t``, at most a truck load — as
:func:`~kdkmp_analysis.distribution.plan` sets them), truck class
:math:`k(r)` of capacity :math:`Q_k` and cost :math:`b_k` Rp/km, speed
:math:`v`, unloading :math:`u` per stop and the working day :math:`H`
(``[rute]``, asumsi). Two drops of one partner never share a rit (its
storage holds one). Road km = great circle × circuity.

Solvers: a Clarke–Wright savings heuristic (``solver="savings"``; parallel
version, a merge kept only when it does not raise the cost) and OR-Tools
routing (``solver="ortools"``, the default) started from the savings
solution: local improvement to a local optimum within a short time limit
(reproducible), or guided local search for the whole limit (``guided``) —
never worse than the savings start. Without OR-Tools installed the savings answer is
used and the method says so.

:func:`kdkmp_analysis.distribution.freight.transport_terms` sets the cost per
kg beside the cooperative's rice margin and the HET and says who pays.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.assign import (
    WarehouseAssignment,
    assign_warehouses,
    partner_warehouse_km,
)
from kdkmp_analysis.distribution.commodity import DistributionError
from kdkmp_analysis.distribution.network import trucks
from kdkmp_analysis.distribution.plan import Plan
from kdkmp_analysis.region.distance import great_circle_km

__all__ = [
    "ROUTE_COLUMNS",
    "SOLVERS",
    "RouteResult",
    "Routes",
    "drop_table",
    "route_params",
    "solve_routes",
    "weekly_routes",
]

#: ``solver`` of :func:`weekly_routes` / :func:`solve_routes`.
SOLVERS = ("ortools", "savings")
#: Columns of :attr:`RouteResult.rute` (one row per stop).
ROUTE_COLUMNS = (
    "gudang",
    "nama_gudang",
    "truk",
    "nama_truk",
    "rit",
    "urutan",
    "koperasi_id",
    "nama_koperasi",
    "lat",
    "lon",
    "muatan_t",
    "muatan_rit_t",
    "km_gudang",
    "km_dari_sebelumnya",
    "km_kumulatif",
    "km_rute",
    "jam_rit",
    "biaya_rit_rp",
)
_METHOD = {
    "savings": "heuristik penghematan Clarke–Wright",
    "ortools": "OR-Tools (perbaikan lokal) dari hasil heuristik penghematan",
    "guided": "OR-Tools (pencarian lokal terpandu) dari hasil heuristik penghematan",
}


@dataclass
class Routes:
    """Rits of one warehouse (the output of :func:`solve_routes`).

    Attributes
    ----------
    routes : list of list of int
        Drop positions of each rit in stop order.
    truck : list of int
        Truck class of each rit (position in the ``capacity``/``rate`` arrays).
    km, cost : numpy.ndarray
        Road km and cost (Rp) of each rit.
    undelivered : dict
        Drop position → the reason it cannot be delivered (Indonesian).
    method : str
        The solver in words.
    seconds : float
    """

    routes: list[list[int]]
    truck: list[int]
    km: np.ndarray
    cost: np.ndarray
    undelivered: dict[int, str] = field(default_factory=dict)
    method: str = _METHOD["savings"]
    seconds: float = 0.0

    @property
    def total_cost(self) -> float:
        """Sum of the rits' cost (Rp)."""
        return float(self.cost.sum())


def route_params() -> dict[str, float]:
    """Working day (h), unloading per stop (min) and speed (km/h) of ``[rute]``."""
    return {
        "hours": float(params.value("rute.jam_kerja_per_hari")),
        "unload_min": float(params.value("rute.menit_bongkar_per_titik")),
        "speed_kmh": float(params.value("rute.kecepatan_km_per_jam")),
    }


def _truck_of(load: float, capacity: np.ndarray) -> int:
    """Smallest truck class that carries ``load`` (capacities ascending)."""
    k = int(np.searchsorted(capacity, load - 1e-9))
    return min(k, capacity.size - 1)


def _route_km(route: list[int], d0: np.ndarray, dd: np.ndarray) -> float:
    if not route:
        return 0.0
    inner = float(sum(dd[a, b] for a, b in zip(route[:-1], route[1:], strict=True)))
    return float(d0[route[0]] + inner + d0[route[-1]])


def _savings(
    d0: np.ndarray,
    dd: np.ndarray,
    load: np.ndarray,
    group: np.ndarray,
    ok: np.ndarray,
    capacity: np.ndarray,
    rate: np.ndarray,
    day_min: float,
    min_per_km: float,
    unload_min: float,
) -> list[list[int]]:
    """Parallel Clarke–Wright savings over the drops in ``ok``.

    Pairs in order of :math:`s_{ij} = d_{0i} + d_{0j} - d_{ij}`; two rits are
    joined end to end when the load fits the largest truck, the day fits
    :math:`H`, no partner appears twice, and the cost (km × the Rp/km of the
    smallest truck that carries the load) does not rise.
    """
    idx = np.flatnonzero(ok)
    of = {int(i): int(i) for i in idx}
    routes: dict[int, list[int]] = {int(i): [int(i)] for i in idx}
    r_load = {int(i): float(load[i]) for i in idx}
    r_km = {int(i): 2.0 * float(d0[i]) for i in idx}
    r_grp: dict[int, set[int]] = {int(i): {int(group[i])} for i in idx}

    def cost(km: float, t: float) -> float:
        return km * float(rate[_truck_of(t, capacity)])

    sub = d0[idx][:, None] + d0[idx][None, :] - dd[np.ix_(idx, idx)]
    a, b = np.triu_indices(idx.size, k=1)
    s = sub[a, b]
    keep = s > 1e-9
    order = np.argsort(-s[keep], kind="stable")
    for i, j in zip(idx[a[keep][order]], idx[b[keep][order]], strict=True):
        ri, rj = of[int(i)], of[int(j)]
        if ri == rj:
            continue
        ra, rb = routes[ri], routes[rj]
        if i not in (ra[0], ra[-1]) or j not in (rb[0], rb[-1]):
            continue
        t = r_load[ri] + r_load[rj]
        if t > capacity[-1] + 1e-9 or r_grp[ri] & r_grp[rj]:
            continue
        km = r_km[ri] + r_km[rj] - d0[i] - d0[j] + dd[i, j]
        if km * min_per_km + (len(ra) + len(rb)) * unload_min > day_min + 1e-9:
            continue
        if cost(km, t) > cost(r_km[ri], r_load[ri]) + cost(r_km[rj], r_load[rj]) + 1e-6:
            continue
        if ra[-1] != i:
            ra.reverse()
        if rb[0] != j:
            rb.reverse()
        ra.extend(rb)
        for n in rb:
            of[n] = ri
        r_load[ri], r_km[ri] = t, float(km)
        r_grp[ri] |= r_grp.pop(rj)
        del routes[rj], r_load[rj], r_km[rj]
    return [routes[k] for k in sorted(routes, key=lambda k: routes[k][0])]


def _ortools(
    d0: np.ndarray,
    dd: np.ndarray,
    load: np.ndarray,
    group: np.ndarray,
    start: list[list[int]],
    capacity: np.ndarray,
    rate: np.ndarray,
    limits: tuple[float, float, float],
    time_limit: float,
    guided: bool,
) -> tuple[list[list[int]], list[int]] | None:
    """OR-Tools routing from the savings rits (``None`` when it finds nothing)."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    day_min, min_per_km, unload_min = limits
    nodes = [i for r in start for i in r]
    n = len(nodes)
    km = np.zeros((n + 1, n + 1))
    km[0, 1:] = d0[nodes]
    km[1:, 0] = d0[nodes]
    km[1:, 1:] = dd[np.ix_(nodes, nodes)]
    pos = {d: k + 1 for k, d in enumerate(nodes)}
    n_k = len(start) + 1
    v_type = [k for k in range(capacity.size) for _ in range(n_k)]
    manager = pywrapcp.RoutingIndexManager(n + 1, len(v_type), 0)
    model = pywrapcp.RoutingModel(manager)
    for k in range(capacity.size):
        cb = model.RegisterTransitMatrix(np.rint(km * rate[k]).astype(int).tolist())
        for v in range(k * n_k, (k + 1) * n_k):
            model.SetArcCostEvaluatorOfVehicle(cb, v)
    kg = np.concatenate([[0], np.rint(load[nodes] * 1000)]).astype(int)
    model.AddDimensionWithVehicleCapacity(
        model.RegisterUnaryTransitVector(kg.tolist()),
        0,
        [int(round(capacity[k] * 1000)) for k in v_type],
        True,
        "muatan",
    )
    sec = km * min_per_km * 60
    sec[1:, :] += unload_min * 60
    model.AddDimension(
        model.RegisterTransitMatrix(np.rint(sec).astype(int).tolist()),
        0,
        int(day_min * 60),
        True,
        "waktu",
    )
    solver = model.solver()
    grp = np.asarray(group)[nodes]
    for g in np.unique(grp):
        members = np.flatnonzero(grp == g)
        if members.size > 1:
            solver.Add(
                solver.AllDifferent(
                    [model.VehicleVar(manager.NodeToIndex(int(m) + 1)) for m in members]
                )
            )
    search = pywrapcp.DefaultRoutingSearchParameters()
    search.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    )
    meta = routing_enums_pb2.LocalSearchMetaheuristic
    search.local_search_metaheuristic = (
        meta.GUIDED_LOCAL_SEARCH if guided else meta.GREEDY_DESCENT
    )
    search.time_limit.FromMilliseconds(max(1, int(1000 * time_limit)))
    model.CloseModelWithParameters(search)
    per_vehicle: list[list[int]] = [[] for _ in v_type]
    used = [0] * capacity.size
    for r in start:
        k = _truck_of(float(load[r].sum()), capacity)
        per_vehicle[k * n_k + used[k]] = [pos[d] for d in r]
        used[k] += 1
    initial = model.ReadAssignmentFromRoutes(per_vehicle, True)
    sol = model.SolveFromAssignmentWithParameters(initial, search)
    if sol is None:
        return None
    routes, kinds = [], []
    for v in range(len(v_type)):
        i = sol.Value(model.NextVar(model.Start(v)))
        stops = []
        while not model.IsEnd(i):
            stops.append(nodes[manager.IndexToNode(i) - 1])
            i = sol.Value(model.NextVar(i))
        if stops:
            routes.append(stops)
            kinds.append(v_type[v])
    return routes, kinds


def solve_routes(
    d0: np.ndarray,
    dd: np.ndarray,
    load: np.ndarray,
    group: np.ndarray | None = None,
    *,
    capacity: np.ndarray,
    rate: np.ndarray,
    hours: float,
    unload_min: float,
    speed_kmh: float,
    solver: str = "ortools",
    time_limit: float = 1.0,
    guided: bool = False,
) -> Routes:
    """Capacitated routes with a working-day limit from one warehouse.

    Parameters
    ----------
    d0 : numpy.ndarray
        Road km warehouse → drop ``(n,)``.
    dd : numpy.ndarray
        Road km between drops ``(n, n)``, symmetric.
    load : numpy.ndarray
        Drop size (t) ``(n,)``.
    group : numpy.ndarray, optional
        Partner of each drop; drops of one partner never share a rit.
    capacity, rate : numpy.ndarray
        Truck classes, smallest first: load (t) and cost (Rp/km).
    hours, unload_min, speed_kmh : float
        Working day per rit, unloading per stop, road speed (:func:`route_params`).
    solver : {"ortools", "savings"}
        See the module text; ``"ortools"`` falls back to the savings answer
        when OR-Tools is not installed.
    time_limit : float
        Seconds for OR-Tools at most.
    guided : bool
        OR-Tools: guided local search for the whole ``time_limit`` (the best
        found in that time; not reproducible run to run) instead of local
        improvement to the first local optimum (the default: the same answer
        every run when it ends within the limit).

    Returns
    -------
    Routes
        Drops that fit no truck or no working day on their own are left out,
        each with its reason; every other drop is in exactly one rit.
    """
    if solver not in SOLVERS:
        raise DistributionError(
            f"pemecah rute {solver!r} tidak dikenal: {', '.join(SOLVERS)}"
        )
    t0 = time.perf_counter()
    d0, dd = np.asarray(d0, dtype=float), np.asarray(dd, dtype=float)
    load = np.asarray(load, dtype=float)
    group = np.arange(load.size) if group is None else np.asarray(group)
    capacity, rate = np.asarray(capacity, float), np.asarray(rate, float)
    min_per_km = 60.0 / speed_kmh
    day_min = 60.0 * hours
    undelivered = {}
    for i in np.flatnonzero(load > capacity[-1] + 1e-9):
        undelivered[int(i)] = (
            f"muatan {angka(load[i], 2)} t melebihi truk terbesar "
            f"({angka(capacity[-1], 1)} t)"
        )
    trip = 2 * d0 * min_per_km + unload_min
    for i in np.flatnonzero(trip > day_min + 1e-9):
        undelivered.setdefault(
            int(i),
            f"pergi-pulang dan bongkar {angka(trip[i] / 60, 1)} jam melebihi satu "
            f"hari kerja ({angka(hours, 1)} jam)",
        )
    ok = np.ones(load.size, dtype=bool)
    ok[list(undelivered)] = False
    ok &= load > 0
    limits = (day_min, min_per_km, unload_min)
    routes = _savings(d0, dd, load, group, ok, capacity, rate, *limits)
    kinds = [_truck_of(float(load[r].sum()), capacity) for r in routes]
    method = _METHOD["savings"]
    if solver == "ortools" and routes:
        try:
            found = _ortools(
                d0, dd, load, group, routes, capacity, rate, limits, time_limit, guided
            )
        except ImportError:
            found = None
            method += " (OR-Tools tidak terpasang)"
        if found is not None:
            km_o = np.array([_route_km(r, d0, dd) for r in found[0]])
            km_s = np.array([_route_km(r, d0, dd) for r in routes])
            if km_o @ rate[found[1]] <= km_s @ rate[kinds] + 1e-6:
                routes, kinds = found
                method = _METHOD["guided" if guided else "ortools"]
    km = np.array([_route_km(r, d0, dd) for r in routes])
    return Routes(
        routes=[list(map(int, r)) for r in routes],
        truck=[int(k) for k in kinds],
        km=km,
        cost=km * rate[kinds] if routes else np.zeros(0),
        undelivered=undelivered,
        method=method,
        seconds=time.perf_counter() - t0,
    )


# ---------------------------------------------------------------------------
# The plan's week
# ---------------------------------------------------------------------------
def drop_table(plan: Plan, assignment: WarehouseAssignment) -> pd.DataFrame:
    """The week's drops: each partner's tonnes from each warehouse in drop sizes.

    A partner receiving :math:`m` t from a warehouse gets
    :math:`\\lceil m / q \\rceil` drops of its drop size :math:`q`
    (``plan.drop_t``), the last one the remainder — the trips of today's model.

    Returns
    -------
    pandas.DataFrame
        ``mitra`` (partner position), ``gudang_idx``, ``koperasi_id``,
        ``nama_koperasi``, ``lat``, ``lon``, ``muatan_t``, ``km_gudang``.
    """
    kop = plan.network.koperasi.iloc[plan.partner_idx].reset_index(drop=True)
    tonnes = plan.mass @ assignment.amounts  # (P,)
    km = partner_warehouse_km(plan)
    rows = []
    for p in np.flatnonzero(tonnes > 1e-9):
        for w in np.flatnonzero(assignment.share[p] > 0):
            m = float(tonnes[p] * assignment.share[p, w])
            q = float(plan.drop_t[p])
            n = int(np.ceil(m / q - 1e-6))
            sizes = [q] * (n - 1) + [m - q * (n - 1)]
            for size in sizes:
                rows.append((p, w, size, float(km[p, w])))
    cols = ["mitra", "gudang_idx", "muatan_t", "km_gudang"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("koperasi_id", "nama_koperasi", "lat", "lon"):
        out[c] = kop[c].to_numpy()[out["mitra"].to_numpy(dtype=int)]
    return out


@dataclass
class RouteResult:
    """The week's rits of a plan, and today's dedicated trips on the same drops.

    Attributes
    ----------
    rute : pandas.DataFrame
        One row per stop (:data:`ROUTE_COLUMNS`).
    ringkasan : dict
        ``rit``, ``km_kendaraan``, ``biaya_angkut_rp``, ``muatan_t``,
        ``biaya_angkut_rp_per_kg``; the same with suffix ``_langsung`` for
        one round trip per drop; ``penghematan_km_persen``,
        ``tak_terkirim_t``, ``metode``, ``detik``.
    tak_terkirim : pandas.DataFrame
        Drops that fit no truck or no working day (``alasan``).
    assignment : WarehouseAssignment
    plan : Plan
    """

    rute: pd.DataFrame
    ringkasan: dict[str, Any]
    tak_terkirim: pd.DataFrame
    assignment: WarehouseAssignment
    plan: Plan

    def per_rit(self) -> pd.DataFrame:
        """One row per rit: warehouse, truck, stops, load, km, hours, cost."""
        cols = ["nama_gudang", "rit", "nama_truk", "muatan_rit_t", "km_rute"]
        g = self.rute.groupby(["gudang", "rit"], sort=True)
        out = g[cols + ["jam_rit", "biaya_rit_rp"]].first()
        out.insert(3, "titik", g.size())
        return out.reset_index(level="rit", drop=True).reset_index()

    def lines(self) -> list[str]:
        """The week's routes against today's trips, in Indonesian sentences."""
        s = self.ringkasan
        out = [
            f"Rute truk mingguan (perkiraan): {angka(s['rit'])} rit, "
            f"{angka(s['km_kendaraan'])} km kendaraan, Rp{angka(s['biaya_angkut_rp'])}"
            f" untuk {angka(s['muatan_t'], 1)} t = Rp{angka(s['biaya_angkut_rp_per_kg'])}"
            f"/kg ({s['metode']}).",
            f"Perjalanan langsung seperti model sekarang (satu pergi-pulang per "
            f"antaran): {angka(s['rit_langsung'])} rit, "
            f"{angka(s['km_kendaraan_langsung'])} km kendaraan = "
            f"Rp{angka(s['biaya_angkut_langsung_rp_per_kg'])}/kg; rute menghemat "
            f"{angka(s['penghematan_km_persen'], 1)} % km kendaraan.",
        ]
        if s["tak_terkirim_t"] > 0:
            out.append(
                f"Tidak terkirim: {angka(s['tak_terkirim_t'], 2)} t "
                f"({len(self.tak_terkirim)} antaran; alasan per antaran di tabel)."
            )
        return out + list(self.assignment.notes)


def weekly_routes(
    plan: Plan,
    week_t: np.ndarray | None = None,
    *,
    solver: str = "ortools",
    time_limit: float = 1.5,
    guided: bool = False,
    assignment: WarehouseAssignment | None = None,
) -> RouteResult:
    """The week's truck rits per warehouse for a plan (see the module text).

    Parameters
    ----------
    plan : Plan
    week_t : numpy.ndarray, optional
        The week's amounts ``(C, P)``
        (default :func:`~kdkmp_analysis.distribution.assign.week_amounts`).
    solver : {"ortools", "savings"}
    time_limit : float
        Seconds for OR-Tools over all warehouses at most (shared by their
        drops).
    guided : bool
        See :func:`solve_routes`.
    assignment : WarehouseAssignment, optional
        Default :func:`~kdkmp_analysis.distribution.assign_warehouses`.

    Returns
    -------
    RouteResult
    """
    t0 = time.perf_counter()
    a = assignment or assign_warehouses(plan, week_t)
    drops = drop_table(plan, a)
    trk = trucks()
    cap = trk["kapasitas_t"].to_numpy(dtype=float)
    rate = trk["biaya_rp_per_km"].to_numpy(dtype=float)
    rp = route_params()
    circuity = float(plan.knobs["circuity"])
    gud = plan.network.gudang.reset_index(drop=True)
    rows, lost, methods = [], [], set()
    n_all = max(len(drops), 1)
    for w in range(len(gud)):
        sub = drops[drops["gudang_idx"] == w].reset_index(drop=True)
        if sub.empty:
            continue
        lat, lon = sub["lat"].to_numpy(float), sub["lon"].to_numpy(float)
        dd = great_circle_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        r = solve_routes(
            sub["km_gudang"].to_numpy(float),
            dd * circuity,
            sub["muatan_t"].to_numpy(float),
            sub["mitra"].to_numpy(int),
            capacity=cap,
            rate=rate,
            solver=solver,
            time_limit=time_limit * len(sub) / n_all,
            guided=guided,
            **rp,
        )
        methods.add(r.method)
        rows += _stop_rows(sub, r, gud.iloc[w], trk, dd * circuity, rp)
        lost += [
            {**sub.iloc[i][["koperasi_id", "nama_koperasi", "muatan_t"]].to_dict(),
             "gudang": gud["gudang"].iloc[w], "alasan": why}
            for i, why in r.undelivered.items()
        ]  # fmt: skip
    rute = pd.DataFrame(rows, columns=list(ROUTE_COLUMNS))
    gone = pd.DataFrame(
        lost, columns=["gudang", "koperasi_id", "nama_koperasi", "muatan_t", "alasan"]
    )
    s = _totals(rute, gone, cap, rate)
    s["metode"] = "; ".join(sorted(methods)) or _METHOD[solver]
    s["detik"] = time.perf_counter() - t0
    return RouteResult(
        rute=rute, ringkasan=s, tak_terkirim=gone, assignment=a, plan=plan
    )


def _stop_rows(
    sub: pd.DataFrame,
    r: Routes,
    wh: pd.Series,
    trk: pd.DataFrame,
    dd: np.ndarray,
    rp: dict[str, float],
) -> list[dict[str, Any]]:
    """One row per stop of one warehouse's rits."""
    d0 = sub["km_gudang"].to_numpy(float)
    load = sub["muatan_t"].to_numpy(float)
    out = []
    for n, (route, k) in enumerate(zip(r.routes, r.truck, strict=True), start=1):
        km_r = float(r.km[n - 1])
        hours = km_r / rp["speed_kmh"] + len(route) * rp["unload_min"] / 60
        cum, prev = 0.0, None
        for order, i in enumerate(route, start=1):
            leg = float(d0[i] if prev is None else dd[prev, i])
            cum += leg
            prev = i
            out.append(
                {
                    "gudang": wh["gudang"],
                    "nama_gudang": wh["nama"],
                    "truk": trk["truk"].iloc[k],
                    "nama_truk": trk["nama"].iloc[k],
                    "rit": n,
                    "urutan": order,
                    "koperasi_id": sub["koperasi_id"].iloc[i],
                    "nama_koperasi": sub["nama_koperasi"].iloc[i],
                    "lat": float(sub["lat"].iloc[i]),
                    "lon": float(sub["lon"].iloc[i]),
                    "muatan_t": float(load[i]),
                    "muatan_rit_t": float(load[route].sum()),
                    "km_gudang": float(d0[i]),
                    "km_dari_sebelumnya": leg,
                    "km_kumulatif": cum,
                    "km_rute": km_r,
                    "jam_rit": hours,
                    "biaya_rit_rp": float(r.cost[n - 1]),
                }
            )
    return out


def _totals(
    rute: pd.DataFrame,
    gone: pd.DataFrame,
    cap: np.ndarray,
    rate: np.ndarray,
) -> dict[str, Any]:
    """Totals of the rits and of one round trip per delivered drop."""
    rits = rute.drop_duplicates(["gudang", "rit"])
    moved = float(rute["muatan_t"].sum())
    km = float(rits["km_rute"].sum())
    cost = float(rits["biaya_rit_rp"].sum())
    own = np.array([_truck_of(t, cap) for t in rute["muatan_t"]], dtype=int)
    d0 = rute["km_gudang"].to_numpy(dtype=float)
    km_d = float(2 * d0.sum())
    cost_d = float((2 * d0 * rate[own]).sum()) if len(own) else 0.0

    def per_kg(c: float) -> float:
        return c / (1000 * moved) if moved > 0 else float("nan")

    return {
        "rit": int(len(rits)),
        "titik_antar": int(len(rute)),
        "km_kendaraan": km,
        "biaya_angkut_rp": cost,
        "muatan_t": moved,
        "biaya_angkut_rp_per_kg": per_kg(cost),
        "rit_langsung": int(len(rute)),
        "km_kendaraan_langsung": km_d,
        "biaya_angkut_langsung_rp": cost_d,
        "biaya_angkut_langsung_rp_per_kg": per_kg(cost_d),
        "penghematan_km_persen": 100 * (1 - km / km_d) if km_d > 0 else 0.0,
        "tak_terkirim_t": float(gone["muatan_t"].sum()) if len(gone) else 0.0,
    }
