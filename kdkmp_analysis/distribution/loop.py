"""The numpy week loop: pro rata rationing and steps 2–6, all runs at once.

:func:`week_loop_numpy` is the model's week loop in numpy (the fallback
without numba, and the tests' second check of
:func:`kdkmp_analysis.distribution.kernel.run_block`); :func:`ration` is the
pro rata supply over the warehouses, nearest first; :func:`targets` the
order-up-to levels; :func:`causes` splits each partner's shortfall over what
cut its orders. The model itself is written out in
:mod:`kdkmp_analysis.distribution.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from kdkmp_analysis.distribution.plan import Plan

if TYPE_CHECKING:
    from kdkmp_analysis.distribution.model import Draws

__all__ = ["CAUSES", "causes", "ration", "targets", "week_loop_numpy"]

#: Causes of unmet demand inside the loop, in the order of ``unmet_cause``.
CAUSES = ("batas", "modal", "pasokan", "terlambat", "lain")


def _slices(rank_col: np.ndarray, n_w: int) -> list[slice | np.ndarray]:
    """Partners per warehouse for one preference stage (slices when contiguous)."""
    out: list[slice | np.ndarray] = []
    for w in range(n_w):
        idx = np.flatnonzero(rank_col == w)
        if idx.size and idx[-1] - idx[0] + 1 == idx.size:
            out.append(slice(int(idx[0]), int(idx[-1]) + 1))
        else:
            out.append(idx)
    return out


def ration(
    p: Plan,
    order_q: np.ndarray,
    sup: np.ndarray,
    ships_out: list[np.ndarray] | None = None,
    got_out: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Pro rata rationing of orders over the warehouses, nearest first.

    Parameters
    ----------
    p : Plan
    order_q : numpy.ndarray
        Orders ``(…, C, P)``.
    sup : numpy.ndarray
        Stock ``(…, C, W)``.
    ships_out : list of numpy.ndarray, optional
        Arrays (one per stage, shaped like ``order_q``, zero-filled) to write
        the shipments into.
    got_out : numpy.ndarray, optional
        Array to write what each partner received into.

    Returns
    -------
    tuple
        Received per partner ``(…, C, P)``, stock left ``(…, C, W)``, and the
        shipment of each warehouse stage ``(…, C, P)`` (only the stages that
        shipped anything).
    """
    dt = order_q.dtype
    n_w = sup.shape[-1]
    if p.stage_groups is None:
        p.stage_groups = [_slices(p.wh_rank[:, k], n_w) for k in range(n_w)]
    stock = sup.copy()
    groups = p.stage_groups[0]
    if all(isinstance(g, slice) for g in groups):
        tots = [order_q[..., g].sum(axis=-1) for g in groups]
        if all((tot <= stock[..., w]).all() for w, tot in enumerate(tots)):
            # the nearest warehouses fill every order: ship all at stage 1
            ship0 = ships_out[0] if ships_out is not None else np.empty_like(order_q)
            ship0[...] = order_q
            for w, tot in enumerate(tots):
                stock[..., w] = np.maximum(stock[..., w] - tot, 0)
            got = got_out if got_out is not None else np.empty_like(order_q)
            got[...] = order_q
            return got, stock, [ship0]
    rest = order_q.copy()
    ships = []
    for k in range(n_w):
        if k and not (stock > 0).any():
            break  # every warehouse is empty: later stages ship nothing
        ship_k = ships_out[k] if ships_out is not None else np.empty_like(rest)
        for w, g in enumerate(p.stage_groups[k]):
            r_g = rest[..., g]
            if r_g.shape[-1] == 0:
                continue
            tot = r_g.sum(axis=-1)
            s_w = stock[..., w]
            ratio = np.where(tot > s_w, s_w / np.where(tot > 0, tot, 1), 1).astype(dt)
            if isinstance(g, slice):
                s_g = np.multiply(r_g, ratio[..., None], out=ship_k[..., g])
            else:
                s_g = r_g * ratio[..., None]
                ship_k[..., g] = s_g
            stock[..., w] = np.maximum(s_w - s_g.sum(axis=-1), 0)
        rest -= ship_k
        ships.append(ship_k)
    shipped = np.subtract(order_q, rest, out=got_out if got_out is not None else rest)
    return shipped, stock, ships


def targets(
    p: Plan, d: Draws, exp_base: np.ndarray
) -> dict[bool, tuple[np.ndarray, np.ndarray]]:
    """Order-up-to level and reorder point, ordinary and Ramadan weeks ``(R, C, P)``.

    A partner orders when its stock on hand and in transit falls below the
    reorder point — the week's expected sales :math:`\\hat e` — up to
    :math:`\\hat e` plus ``safety`` weeks of them, the safety stock at most
    the partner's storage. The calendar's demand factor is 1 outside
    Ramadan and one factor per run and commodity in it.
    """
    dt = exp_base.dtype
    store = p.storage.astype(dt)[None, None, :]
    safety = dt.type(p.knobs["safety"])
    out = {False: (exp_base + np.minimum(safety * exp_base, store), exp_base)}
    ram = np.flatnonzero(p.calendar.ramadan_weeks[: d.season.shape[1]])
    if ram.size:
        e_exp = exp_base * d.season[:, ram[0], :, None]
        out[True] = (e_exp + np.minimum(safety * e_exp, store), e_exp)
    return out


def week_loop_numpy(
    p: Plan, d: Draws, req_op: np.ndarray, exp_base: np.ndarray
) -> dict[str, Any]:
    """Steps 2–5 of the module docstring, week by week, all runs at once (numpy).

    The model's fallback without numba, and the tests' second check of the
    kernel. Written for speed (issue 12: 1,000 runs in < 1.5 s): every array is
    ``(R, C, P)``, results go straight into their output arrays, a cut that
    cannot bind is skipped, and the cuts of step 6 are summed over the weeks
    here and split per partner afterwards (:func:`causes`).
    """
    runs, weeks, n_c, n_p = req_op.shape
    dt = req_op.dtype
    q = p.quota
    big = dt.type(np.finfo(dt).max / 4)
    quota = bool(np.isfinite(p.week_q).any() or np.isfinite(p.cap).any())
    week_q = np.where(np.isinf(p.week_q), big, p.week_q).astype(dt)[:, None]
    o_max = np.where(np.isinf(p.cap), big, p.cap).astype(dt)[:, None]
    credit_cap = np.maximum(week_q, o_max)
    order_cut = bool((week_q > o_max).any())  # else credit ≤ order size already
    store = p.storage.astype(dt)[None, :]
    buy = p.prices.buy * 1000.0  # Rp per t
    het = p.prices.het * 1000.0
    levels = targets(p, d, exp_base)
    ramadan = p.calendar.ramadan_weeks
    any_late = bool(d.late.any())
    stock = np.zeros((runs, n_c, n_p), dtype=dt)
    transit = np.zeros_like(stock)
    credit = np.zeros_like(stock)
    acc = {k: np.zeros_like(stock) for k in ("want", "q1", "late")}
    acc["cash"] = np.zeros((runs, n_p), dtype=dt)
    cash = np.broadcast_to(d.cash0[:, None], (runs, n_p)).astype(np.float64)
    # week-major buffers: each week's slice is contiguous (strided week slices
    # of (R, T, …) arrays cost more than the arithmetic); returned as views
    shape = (weeks, runs, n_c, n_p)
    sales = np.empty(shape, dtype=dt)
    got_all = np.empty(shape, dtype=dt)
    ships = [np.zeros(shape, dtype=dt) for _ in range(p.supply.shape[1])]
    left = np.empty((weeks, runs, n_c, d.supply.shape[-1]), dtype=dt)
    cash_w = np.empty((weeks, runs, n_p), dtype=np.float64)
    demand_w = np.ascontiguousarray(req_op.transpose(1, 0, 2, 3))
    late_w = np.ascontiguousarray(d.late.transpose(1, 0, 2))
    supply_w = np.ascontiguousarray(d.supply.transpose(1, 0, 2, 3))
    for t in range(weeks):
        pos = stock + transit  # late deliveries of last week arrive now
        level, rop = levels[bool(ramadan[t]) and True in levels]
        want = np.subtract(level, pos)
        np.maximum(want, 0, out=want)
        want *= pos < rop  # order only below the reorder point
        acc["want"] += want
        if quota:
            credit += week_q
            np.minimum(credit, credit_cap, out=credit)
            order = np.minimum(want, credit, out=want)
            if order_cut:
                np.minimum(order, o_max, out=order)
        else:
            order = want
        if q.storage_only:
            np.minimum(order[:, 0], store, out=order[:, 0])
        acc["q1"] += order
        if q.cash_bound:
            afford = (np.maximum(cash, 0.0) / buy).astype(dt)
            cut = np.maximum(order[:, 0] - afford, 0)
            acc["cash"] += cut
            order[:, 0] -= cut
        got = got_all[t]
        left[t] = ration(p, order, supply_w[t], [s[t] for s in ships], got)[1]
        if quota:
            credit -= got
        if any_late:
            transit = np.where(late_w[t][:, None, :], got, dt.type(0))
            acc["late"] += transit
            pos += got
            pos -= transit  # available this week
        else:
            pos += got
        sold = sales[t]
        np.minimum(pos, demand_w[t], out=sold)
        stock = np.subtract(pos, sold, out=pos)
        if q.cash_bound:
            cash = cash - got[:, 0] * buy + sold[:, 0] * het
        else:
            cash = cash + sold[:, 0] * (het - buy)
        cash_w[t] = cash
    back = (1, 0, 2, 3)
    return {
        "sales": sales.transpose(back),
        "received": got_all.transpose(back),
        "ships": [s.transpose(back) for s in ships],
        "left": left.transpose(back),
        "cash": cash_w.transpose(1, 0, 2),
        "stock_end": stock,
        "transit_end": transit,
        "acc": acc,
    }


def causes(
    req_t: np.ndarray, sales_t: np.ndarray, got_t: np.ndarray, acc: dict
) -> np.ndarray:
    """Unmet demand of operating partners by cause ``(R, C, len(CAUSES))``.

    Each partner's shortfall over the horizon (``req_t`` − ``sales_t``, sums
    over the weeks, ``(R, C, P)``) is split over the cuts of its orders
    summed over the weeks — quota, cash, Bulog stock, late delivery — in
    proportion to them; without any cut it is ``lain``.
    """
    short = req_t - sales_t
    cash = np.zeros_like(short)
    cash[:, 0] = acc["cash"]
    red = np.stack(
        [
            acc["want"] - acc["q1"],
            cash,
            acc["q1"] - cash - got_t,
            acc["late"].astype(np.float64),
        ]
    ).astype(np.float64)
    np.maximum(red, 0, out=red)
    tot = red.sum(axis=0)
    has = tot > 0
    frac = np.divide(short, tot, out=np.zeros_like(short), where=has)
    cause = np.empty(short.shape[:2] + (len(CAUSES),))
    cause[..., :4] = (red * frac).sum(axis=-1).transpose(1, 2, 0)
    cause[..., 4] = np.where(has, 0.0, short).sum(axis=-1)
    return cause
