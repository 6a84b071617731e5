"""The weekly model as a plain-Python per-event loop: the slow reference.

The tests hold :func:`kdkmp_analysis.distribution.weekly_model` equal to it,
and ``benchmarks/bench_distribution.py`` reports the speed ratio. Every step
is written the way one would by hand: request, capped order, pro rata stages
over the warehouses nearest first, deliveries, trips and ton-km.
"""

from __future__ import annotations

import math

import numpy as np

from kdkmp_analysis.distribution.plan import Plan

__all__ = ["reference_loop"]


def reference_loop(p: Plan, dem: np.ndarray, sup: np.ndarray) -> dict[str, np.ndarray]:
    """The same weekly model as a plain-Python per-event loop (slow reference).

    For each run, week and commodity: partner :math:`p` requests
    :math:`e_p = \\sum_{d \\to p} D_d` and orders :math:`\\min(K_c, e_p)`;
    at stage :math:`k` each warehouse ships the offered orders the fraction
    :math:`\\min(1, S_w / Q_w)`; a partner's desa get its fill rate
    :math:`\\text{received}_p / e_p`; trips :math:`\\lceil m/\\text{drop}
    \\rceil` and ton-km :math:`m \\cdot km` per partner and stage.

    Parameters
    ----------
    p : Plan
    dem : numpy.ndarray
        Demand ``(R, T, C, D)`` in ``p.order``.
    sup : numpy.ndarray
        Allocation ``(R, T, C, W)``.

    Returns
    -------
    dict
        ``delivered`` ``(R, T, C, D)`` in ``p.order``, ``received``
        ``(R, T, C, P)``, ``trips`` and ``tonkm`` ``(R, T)``.
    """
    runs, weeks, n_c, n_d = dem.shape
    n_p, n_w = p.n_partners, p.supply.shape[1]
    bounds = np.concatenate([[0], np.cumsum(p.counts)]).tolist()
    cap = p.cap.tolist()
    rank = p.wh_rank.tolist()
    wkm = p.wh_km.tolist()
    drop = p.drop_t.tolist()
    mass = p.mass.tolist()
    delivered = np.zeros((runs, weeks, n_c, n_d))
    received = np.zeros((runs, weeks, n_c, n_p))
    trips = np.zeros((runs, weeks))
    tonkm = np.zeros((runs, weeks))
    for r in range(runs):
        for t in range(weeks):
            tonnes = [[0.0] * n_w for _ in range(n_p)]
            for c in range(n_c):
                d_rc = dem[r, t, c].tolist()
                req = [sum(d_rc[bounds[q] : bounds[q + 1]]) for q in range(n_p)]
                rest = [min(cap[c], x) for x in req]
                stock = sup[r, t, c].tolist()
                got = [0.0] * n_p
                for k in range(n_w):
                    tot = [0.0] * n_w
                    for q in range(n_p):
                        tot[rank[q][k]] += rest[q]
                    ratio = [
                        stock[w] / tot[w] if tot[w] > stock[w] else 1.0
                        for w in range(n_w)
                    ]
                    used = [0.0] * n_w
                    for q in range(n_p):
                        w = rank[q][k]
                        s = rest[q] * ratio[w]
                        got[q] += s
                        rest[q] -= s
                        used[w] += s
                        tonnes[q][k] += s * mass[c]
                    for w in range(n_w):
                        stock[w] = max(stock[w] - used[w], 0.0)
                for q in range(n_p):
                    received[r, t, c, q] = got[q]
                    f = got[q] / req[q] if req[q] > 0 else 0.0
                    for i in range(bounds[q], bounds[q + 1]):
                        delivered[r, t, c, i] = d_rc[i] * f
            for q in range(n_p):
                for k in range(n_w):
                    m = tonnes[q][k]
                    trips[r, t] += math.ceil(m / drop[q] - 1e-6)
                    tonkm[r, t] += m * wkm[q][k]
    return {
        "delivered": delivered,
        "received": received,
        "trips": trips,
        "tonkm": tonkm,
    }
