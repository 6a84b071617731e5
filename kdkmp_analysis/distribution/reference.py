"""The weekly model as a plain-Python per-event loop: the slow reference.

The tests hold :func:`kdkmp_analysis.distribution.weekly_model` equal to it,
and ``benchmarks/bench_distribution.py`` reports the speed ratio. Every step
is written the way one would by hand, one partner at a time: expected sales,
the order — when stock falls below them — up to them plus safety stock, the branch quota credit, cash,
pro rata stages over the warehouses nearest first, late deliveries, sales
from stock, cash after sales, deliveries to desa, trips and ton-km.
"""

from __future__ import annotations

import math

import numpy as np

from kdkmp_analysis.distribution.model import Draws
from kdkmp_analysis.distribution.plan import Plan

__all__ = ["reference_loop"]


def _ration(
    rest: list[float], stock: list[float], rank: list[list[int]], n_w: int
) -> tuple[list[float], list[list[float]]]:
    """Pro rata stages: what each partner gets, and from which stage."""
    n_p = len(rest)
    got = [0.0] * n_p
    by_stage = [[0.0] * n_w for _ in range(n_p)]
    for k in range(n_w):
        if k and not any(s > 0 for s in stock):
            break
        tot = [0.0] * n_w
        for q in range(n_p):
            tot[rank[q][k]] += rest[q]
        ratio = [stock[w] / tot[w] if tot[w] > stock[w] else 1.0 for w in range(n_w)]
        used = [0.0] * n_w
        for q in range(n_p):
            w = rank[q][k]
            s = rest[q] * ratio[w]
            got[q] += s
            rest[q] -= s
            used[w] += s
            by_stage[q][k] += s
        for w in range(n_w):
            stock[w] = max(stock[w] - used[w], 0.0)
    return got, by_stage


def reference_loop(p: Plan, d: Draws) -> dict[str, np.ndarray]:
    """The same weekly model as a plain-Python per-event loop (slow reference).

    Parameters
    ----------
    p : Plan
    d : Draws
        From :func:`~kdkmp_analysis.distribution.draw` (float64).

    Returns
    -------
    dict
        ``delivered`` ``(R, T, C, D)`` in ``p.order``, ``received`` and
        ``sales`` ``(R, T, C, P)``, ``cash`` ``(R, T, P)``, ``trips`` and
        ``tonkm`` ``(R, T)``.
    """
    dem = d.demand
    runs, weeks, n_c, n_d = dem.shape
    n_p, n_w = p.n_partners, p.supply.shape[1]
    bounds = np.concatenate([[0], np.cumsum(p.counts)]).tolist()
    rank, wkm = p.wh_rank.tolist(), p.wh_km.tolist()
    drop, mass, store = p.drop_t.tolist(), p.mass.tolist(), p.storage.tolist()
    week_q, o_max = p.week_q.tolist(), p.cap.tolist()
    base_req = p.base_req.tolist()
    safety = float(p.knobs["safety"])
    buy, het = p.prices.buy * 1000.0, p.prices.het * 1000.0
    quota = p.quota
    delivered = np.zeros((runs, weeks, n_c, n_d))
    received = np.zeros((runs, weeks, n_c, n_p))
    sales = np.zeros((runs, weeks, n_c, n_p))
    cash_out = np.zeros((runs, weeks, n_p))
    trips = np.zeros((runs, weeks))
    tonkm = np.zeros((runs, weeks))
    for r in range(runs):
        ops = d.operate[r].tolist()
        stock = [[0.0] * n_p for _ in range(n_c)]
        transit = [[0.0] * n_p for _ in range(n_c)]
        credit = [[0.0] * n_p for _ in range(n_c)]
        cash = [float(d.cash0[r])] * n_p
        share = float(d.share[r])
        for t in range(weeks):
            tonnes = [[0.0] * n_w for _ in range(n_p)]
            late = d.late[r, t].tolist()
            for c in range(n_c):
                season = float(d.season[r, t, c])
                d_rc = dem[r, t, c].tolist()
                want, order = [0.0] * n_p, [0.0] * n_p
                for q in range(n_p):
                    e_exp = base_req[c][q] * share * ops[q] * season
                    pos = stock[c][q] + transit[c][q]
                    target = e_exp + min(safety * e_exp, store[q])
                    # order only when stock would not last the week (reorder point)
                    want[q] = max(target - pos, 0.0) if pos < e_exp else 0.0
                    credit[c][q] = min(
                        credit[c][q] + week_q[c], max(week_q[c], o_max[c])
                    )
                    x = min(want[q], credit[c][q], o_max[c])
                    if c == 0 and quota.storage_only:
                        x = min(x, store[q])
                    if c == 0 and quota.cash_bound:
                        x = min(x, max(cash[q], 0.0) / buy)
                    order[q] = x
                got, by_stage = _ration(order[:], d.supply[r, t, c].tolist(), rank, n_w)
                for q in range(n_p):
                    credit[c][q] -= got[q]
                    arrive = 0.0 if late[q] else got[q]
                    avail = stock[c][q] + transit[c][q] + arrive
                    transit[c][q] = got[q] - arrive
                    e = sum(d_rc[bounds[q] : bounds[q + 1]]) if ops[q] else 0.0
                    sold = min(avail, e)
                    stock[c][q] = avail - sold
                    if c == 0:
                        if quota.cash_bound:
                            cash[q] = cash[q] - got[q] * buy + sold * het
                        else:
                            cash[q] = cash[q] + sold * (het - buy)
                    received[r, t, c, q] = got[q]
                    sales[r, t, c, q] = sold
                    req = sum(d_rc[bounds[q] : bounds[q + 1]])
                    f = sold / req if req > 0 else 0.0
                    for i in range(bounds[q], bounds[q + 1]):
                        delivered[r, t, c, i] = d_rc[i] * f
                    for k in range(n_w):
                        tonnes[q][k] += by_stage[q][k] * mass[c]
            for q in range(n_p):
                cash_out[r, t, q] = cash[q]
                for k in range(n_w):
                    m = tonnes[q][k]
                    trips[r, t] += math.ceil(m / drop[q] - 1e-6)
                    tonkm[r, t] += m * wkm[q][k]
    return {
        "delivered": delivered,
        "received": received,
        "sales": sales,
        "cash": cash_out,
        "trips": trips,
        "tonkm": tonkm,
    }
