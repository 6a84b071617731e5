"""The weekly model compiled with numba: the Monte Carlo's inner kernel.

Stock and cash carry over from week to week, so the weeks of a run must run
in order. numpy can vectorise only across runs and partners inside a week,
which costs ~25 passes over ``(runs, commodities, partners)`` arrays per
week plus as many again to sum the results (issue 12 measured that as the
bottleneck). :func:`run_block` runs each run's weeks in order, one partner at
a time, in compiled code without temporaries: partner demand from its desa,
the order up to the target under quota credit and cash, pro rata stages over
the warehouses, lateness, sales, cash, trips and ton-km, and the horizon sums
the summaries need (per desa, per partner, per week). The per-run state is a
few ``(commodities, partners)`` rows that stay in cache. It releases the GIL,
so blocks of runs run on several threads.

It is the same model as :func:`kdkmp_analysis.distribution.loop.week_loop_numpy`
(the fallback when numba is missing, :data:`AVAILABLE` false) and the
plain-Python :func:`~kdkmp_analysis.distribution.reference_loop`; the tests
hold the three equal.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["AVAILABLE", "run_block"]

try:  # numba is a dependency; keep the model usable without it
    from numba import njit

    AVAILABLE = True
except ImportError:  # pragma: no cover - exercised only without numba
    AVAILABLE = False

    def njit(*_a, **_k):  # type: ignore[no-redef]
        return lambda f: f


def _compiled(f: Any) -> Any:
    """``numba.njit`` with the kernel's options (cached, GIL released)."""
    return njit(cache=True, nogil=True, fastmath=True, error_model="numpy")(f)


@_compiled
def _request(dem_row, scale, bounds, op, req, req_op, req_t):
    """Partner demand of one run-week-commodity: scale × Σ its desa.

    ``req_op`` is it for partners that operate (0 otherwise), summed into
    ``req_t``; returns the total and the demand of partners not operating.
    """
    total = 0.0
    idle = 0.0
    for q in range(req.size):
        s = 0.0
        for i in range(bounds[q], bounds[q + 1]):
            s += dem_row[i]
        s *= scale
        req[q] = s
        total += s
        o = s * op[q]  # branch-free: `op` is random, a branch would mispredict
        req_op[q] = o
        req_t[q] += o
        idle += s - o
    return total, idle


@_compiled
def _orders(
    tg, rop, store, st, tr, cr, a_want, a_q1, a_cash, cash, order, par, rice, first, tot
):
    """Step 2: below the reorder point, order up to the target; cut by quota
    credit, storage and cash.

    Also sums the orders per nearest warehouse into ``tot``.
    """
    wq, om, cap, storage_only, cash_bound, buy = (
        par[0],
        par[1],
        par[2],
        par[3],
        par[4],
        par[5],
    )
    tot[:] = 0.0
    for q in range(order.size):
        pos = st[q] + tr[q]
        want = max(tg[q] - pos, 0.0) * (pos < rop[q])  # only below the reorder point
        a_want[q] += want
        c = min(cr[q] + wq, cap)
        cr[q] = c
        x = min(want, c, om)
        if rice and storage_only > 0:
            x = min(x, store[q])
        a_q1[q] += x
        if rice and cash_bound > 0:
            cut = max(x - max(cash[q], 0.0) / buy, 0.0)
            a_cash[q] += cut
            x -= cut
        order[q] = x
        tot[first[q]] += x


@_compiled
def _ration(order, rest, supply, wh_rank, ships, tot, wstock, ratio, used):
    """Step 3: pro rata stages over the warehouses, nearest first.

    ``tot`` holds the orders per nearest warehouse (:func:`_orders`).
    Returns whether any warehouse was short; only then are ``rest`` (what
    stays unserved) and ``ships`` ``(W, P)`` (each stage's shipment) written
    — otherwise every order is filled at stage 1. ``wstock``: stock left.
    """
    n_p, n_w = wh_rank.shape
    short = False
    for w in range(n_w):
        wstock[w] = supply[w]
        if tot[w] > wstock[w]:
            short = True
    if not short:  # the nearest warehouses fill every order
        for w in range(n_w):
            wstock[w] = max(wstock[w] - tot[w], 0.0)
        return False
    for q in range(n_p):
        rest[q] = order[q]
    for k in range(n_w):
        for w in range(n_w):
            tot[w] = 0.0
            used[w] = 0.0
        for q in range(n_p):
            tot[wh_rank[q, k]] += rest[q]
        for w in range(n_w):
            ratio[w] = wstock[w] / tot[w] if tot[w] > wstock[w] else 1.0
        for q in range(n_p):
            w = wh_rank[q, k]
            s = rest[q] * ratio[w]
            ships[k, q] = s
            rest[q] -= s
            used[w] += s
        for w in range(n_w):
            wstock[w] = max(wstock[w] - used[w], 0.0)
    return True


@_compiled
def _sell(
    order,
    rest,
    short,
    ships,
    req_op,
    late,
    st,
    tr,
    cr,
    a_late,
    cash,
    got,
    sold,
    sold_t,
    got_t,
    stockout,
    par,
    rice,
):
    """Steps 4–5: lateness, sales from stock, cash; returns received and sold.

    Without a short warehouse every order was filled at stage 1: ``ships``
    is set here. Sums sold and received into ``sold_t``/``got_t`` and counts
    stock-out weeks.
    """
    cash_bound, buy, het = par[4], par[5], par[6]
    n_w = ships.shape[0]
    g_tot = 0.0
    s_tot = 0.0
    for q in range(order.size):
        if short:
            g = order[q] - rest[q]
        else:
            g = order[q]
            ships[0, q] = g
            for k in range(1, n_w):
                ships[k, q] = 0.0
        got[q] = g
        cr[q] -= g
        lg = g * late[q]  # late this week (branch-free: `late` is random)
        avail = st[q] + tr[q] + g - lg
        tr[q] = lg
        a_late[q] += lg
        e = req_op[q]
        s = min(avail, e)
        sold[q] = s
        st[q] = avail - s
        g_tot += g
        s_tot += s
        sold_t[q] += s
        got_t[q] += g
        stockout[q] += e - s > 1e-6
        if rice:
            if cash_bound > 0:
                cash[q] = cash[q] - g * buy + s * het
            else:
                cash[q] = cash[q] + s * (het - buy)
    return g_tot, s_tot


@_compiled
def _desa(dem_row, scale, bounds, req, sold, n_r, d_sum, v_sum):
    """Horizon demand and deliveries per desa (a partner's fill rate each)."""
    for q in range(bounds.size - 1):
        f = sold[q] / req[q] if req[q] > 0 else 0.0
        for i in range(bounds[q], bounds[q + 1]):
            x = dem_row[i] * scale
            d_sum[i] += x
            v_sum[i] += x * f
    un = 0.0
    for i in range(n_r, dem_row.size):
        x = dem_row[i] * scale
        d_sum[i] += x
        un += x
    return un


@_compiled
def _trucks(ships_c, mass, drop, wkm, tcost, trips_p, tonkm_p):
    """Trips, ton-km and cost of one run-week: ⌈tonnes / drop⌉ per stage."""
    n_c, n_w, n_p = ships_c.shape
    trips = 0.0
    tonkm = 0.0
    cost = 0.0
    for q in range(n_p):
        tp = 0.0
        kp = 0.0
        for k in range(n_w):
            m = 0.0
            for c in range(n_c):
                m += ships_c[c, k, q] * mass[c]
            tr = math.ceil(m / drop[q] - 1e-6)
            tp += tr
            kp += m * wkm[q, k]
            cost += tr * 2.0 * wkm[q, k] * tcost[q]
        trips_p[q] = tp
        tonkm_p[q] = kp
        trips += tp
        tonkm += kp
    return trips, tonkm, cost


@_compiled
def run_block(inp, par, out, detail):
    """Run every run of a block, its weeks in order; fill the output arrays.

    ``inp`` and ``out`` are tuples of arrays (see
    :func:`kdkmp_analysis.distribution.model.weekly_model`); ``par`` ``(C, 7)``
    holds per commodity week quota, order size, credit cap, storage-only,
    cash-bound, buying price and HET (Rp per unit). With ``detail`` the
    per-week partner arrays are written too.
    """
    # fmt: off
    (dem, scale, supply, late, op, tg_norm, tg_ram, rop_norm, rop_ram, ramadan, bounds,
     wh_rank, cash0, mass, drop, wkm, tcost, store) = inp
    (dem_w, dlv_w, rec_w, left, trips, tonkm, cost, d_sum, v_sum, unreached, idle,
     req_t, sold_t, got_t, acc, acc_cash, stockout, stock_end, transit_end,
     req_d, sales_d, got_d, ships_d, cash_d, trips_d, tonkm_d) = out
    # fmt: on
    runs, weeks, n_c, n_d = dem.shape
    n_p, n_w = wh_rank.shape
    n_r = bounds[n_p]
    order = np.empty(n_p)
    rest = np.empty(n_p)
    req = np.empty(n_p)
    req_op = np.empty(n_p)
    got = np.empty(n_p)
    sold = np.empty(n_p)
    ships_c = np.empty((n_c, n_w, n_p))
    trips_p = np.empty(n_p)
    tonkm_p = np.empty(n_p)
    tot = np.empty(n_w)
    wstock = np.empty(n_w)
    ratio = np.empty(n_w)
    used = np.empty(n_w)
    st = np.zeros((n_c, n_p))
    tr = np.zeros((n_c, n_p))
    cr = np.zeros((n_c, n_p))
    cash = np.empty(n_p)
    first = wh_rank[:, 0].copy()
    for r in range(runs):
        st[:] = 0.0
        tr[:] = 0.0
        cr[:] = 0.0
        cash[:] = cash0[r]
        for t in range(weeks):
            tg = tg_ram if ramadan[t] else tg_norm
            rop = rop_ram if ramadan[t] else rop_norm
            for c in range(n_c):
                dem_row = dem[r, t, c]
                sc = scale[r, t, c]
                total, idl = _request(
                    dem_row, sc, bounds, op[r], req, req_op, req_t[r, c]
                )
                idle[r, c] += idl
                # fmt: off
                _orders(tg[r, c], rop[r, c], store, st[c], tr[c], cr[c], acc[0, r, c],
                        acc[1, r, c], acc_cash[r], cash, order, par[c], c == 0, first, tot)
                short = _ration(order, rest, supply[r, t, c], wh_rank, ships_c[c], tot,
                                wstock, ratio, used)
                left[r, t, c, :] = wstock
                g_tot, s_tot = _sell(order, rest, short, ships_c[c], req_op, late[r, t],
                                     st[c], tr[c], cr[c], acc[2, r, c], cash, got, sold,
                                     sold_t[r, c], got_t[r, c], stockout[r, c], par[c],
                                     c == 0)
                # fmt: on
                un = _desa(
                    dem_row, sc, bounds, req, sold, n_r, d_sum[r, c], v_sum[r, c]
                )
                unreached[r, c] += un
                dem_w[r, t, c] = total + un
                dlv_w[r, t, c] = s_tot
                rec_w[r, t, c] = g_tot
                if detail:
                    req_d[r, t, c, :] = req
                    sales_d[r, t, c, :] = sold
                    got_d[r, t, c, :] = got
                    for k in range(n_w):
                        ships_d[k, r, t, c, :] = ships_c[c, k]
            trips[r, t], tonkm[r, t], cost[r, t] = _trucks(
                ships_c, mass, drop, wkm, tcost, trips_p, tonkm_p
            )
            if detail:
                cash_d[r, t, :] = cash
                trips_d[r, t, :] = trips_p
                tonkm_d[r, t, :] = tonkm_p
        stock_end[r] = st
        transit_end[r] = tr
