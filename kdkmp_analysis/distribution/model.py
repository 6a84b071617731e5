"""The weekly model, vectorised: orders under the per-partner cap, pro rata supply.

For every run :math:`r`, week :math:`t`, commodity :math:`c` at once
(arrays ``(R, T, C, ·)``):

1. **Request** of partner :math:`p`: the demand of its desa,
   :math:`e_{rtcp} = \\sum_{d \\to p} D_{rtcd}`.
2. **Orders — the per-partner cap** (:func:`partner_orders`):
   :math:`q_{rtcp} = \\min(K_c, e_{rtcp})`, with :math:`K_c` the weekly cap
   per partner (``bulog.batas_beras_per_mitra_t_minggu`` = **2 t of rice**;
   ``distribusi.batas_*`` for oil and sugar; a scenario may change them).
   This is the one place the cap is applied.
3. **Supply, pro rata** (:func:`ration`): stage :math:`k = 1..W` offers each
   partner's unserved order to its :math:`k`-th nearest warehouse; a
   warehouse :math:`w` with stock :math:`S` and offered total :math:`Q`
   ships every order the same fraction :math:`\\min(1, S/Q)` and keeps
   :math:`\\max(S - \\text{shipped}, 0)`. No carry-over between weeks.
4. **Deliveries**: a partner splits what it received over its desa pro rata
   to their demand (fill rate :math:`f_p = \\text{received}_p / e_p`, the
   same for every desa of the partner).
5. **Transport** (:func:`transport`): trips :math:`\\lceil m / \\text{drop}
   \\rceil` per partner and warehouse stage (:math:`m` tonnes), ton-km
   :math:`m \\cdot km`, cost :math:`\\text{trips} \\cdot 2\\,km \\cdot
   \\text{Rp/km}`.

:func:`draw` makes the random demand and supply of the Monte Carlo
(:class:`Uncertainty`); :func:`weekly_model` runs the steps;
:func:`kdkmp_analysis.distribution.reference_loop` is the same model as a
plain-Python loop, and the tests hold the two equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis.distribution.commodity import DistributionError
from kdkmp_analysis.distribution.plan import Plan

__all__ = [
    "Uncertainty",
    "draw",
    "group_last",
    "partner_orders",
    "ration",
    "transport",
    "weekly_model",
]


@dataclass(frozen=True)
class Uncertainty:
    """Monte Carlo settings (``[distribusi]`` ``mc_*`` when taken from params).

    Attributes
    ----------
    demand_cv : float
        Coefficient of variation of weekly desa demand (uniform noise, mean 1;
        at most 1/√3 so demand stays ≥ 0).
    disruption_prob : float
        Chance per warehouse and week that supply is disrupted.
    disruption_loss : float
        Share of that week's allocation lost when disrupted.
    """

    demand_cv: float = 0.0
    disruption_prob: float = 0.0
    disruption_loss: float = 0.0

    @classmethod
    def from_params(cls) -> Uncertainty:
        """The parameter file's (``ilustrasi``) settings."""
        return cls(
            demand_cv=float(params.value("distribusi.mc_cv_permintaan")),
            disruption_prob=float(params.value("distribusi.mc_peluang_gangguan")),
            disruption_loss=float(params.value("distribusi.mc_porsi_hilang")),
        )

    def check(self) -> None:
        """Raise :class:`DistributionError` for values outside their range."""
        if not 0 <= self.demand_cv <= 1 / math.sqrt(3):
            raise DistributionError("cv permintaan harus antara 0 dan 0,577")
        if not 0 <= self.disruption_prob <= 1 or not 0 <= self.disruption_loss <= 1:
            raise DistributionError("peluang dan porsi gangguan harus antara 0 dan 1")


def draw(
    p: Plan,
    rng: np.random.Generator,
    runs: int,
    weeks: int,
    unc: Uncertainty,
    dtype: type = np.float32,
) -> tuple[np.ndarray, np.ndarray]:
    """Random demand ``(R, T, C, D)`` and supply ``(R, T, C, W)`` (in that order).

    Demand :math:`D_{rtcd} = \\bar D_{cd}\\,\\varepsilon` with
    :math:`\\varepsilon \\sim U(1-a, 1+a)`, :math:`a = \\sqrt3\\,cv`; each
    warehouse-week is disrupted with probability ``disruption_prob`` and then
    loses ``disruption_loss`` of its allocation.

    Parameters
    ----------
    p : Plan
    rng : numpy.random.Generator
    runs, weeks : int
    unc : Uncertainty
    dtype : type
        ``numpy.float32`` (Monte Carlo) or ``numpy.float64``.

    Returns
    -------
    tuple of numpy.ndarray
    """
    n_c, n_d = p.base.shape
    base: np.ndarray = p.base.astype(dtype)
    dem: np.ndarray
    if unc.demand_cv > 0:
        a = unc.demand_cv * math.sqrt(3.0)
        dem = rng.random((runs, weeks, n_c, n_d), dtype=dtype)
        dem *= dtype(2 * a)
        dem += dtype(1 - a)
        dem *= base
    else:
        dem = np.broadcast_to(base, (runs, weeks, n_c, n_d)).copy()
    n_w = p.supply.shape[1]
    sup: np.ndarray = np.broadcast_to(
        p.supply.astype(dtype)[None, None], (runs, weeks, n_c, n_w)
    ).copy()
    if unc.disruption_prob > 0 and unc.disruption_loss > 0:
        hit = rng.random((runs, weeks, 1, n_w)) < unc.disruption_prob
        sup *= np.where(hit, dtype(1 - unc.disruption_loss), dtype(1)).astype(dtype)
    return dem, sup


def partner_orders(p: Plan, dem: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each partner's request and its order under the per-partner weekly cap.

    **This is where the cap is applied** (2 t/week of rice by default):
    :math:`q = \\min(K_c, \\sum_{d \\to p} D_d)`.

    Parameters
    ----------
    p : Plan
    dem : numpy.ndarray
        Demand ``(R, T, C, D)`` in ``p.order``.

    Returns
    -------
    tuple of numpy.ndarray
        Request and order, ``(R, T, C, P)``.
    """
    runs, weeks, n_c, _ = dem.shape
    req = np.zeros((runs, weeks, n_c, p.n_partners), dtype=dem.dtype)
    present = np.flatnonzero(p.counts)
    if p.n_reached:
        starts = np.concatenate([[0], np.cumsum(p.counts[present])[:-1]])
        req[..., present] = np.add.reduceat(dem[..., : p.n_reached], starts, axis=-1)
    order_q = np.minimum(req, p.cap.astype(dem.dtype)[None, None, :, None])
    return req, order_q


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
    p: Plan, order_q: np.ndarray, sup: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Pro rata rationing of orders over the warehouses, nearest first.

    Parameters
    ----------
    p : Plan
    order_q : numpy.ndarray
        Capped orders ``(R, T, C, P)`` (:func:`partner_orders`).
    sup : numpy.ndarray
        Stock ``(R, T, C, W)``.

    Returns
    -------
    tuple
        Received per partner ``(R, T, C, P)``, stock left ``(R, T, C, W)``,
        and the shipment of each warehouse stage ``(R, T, C, P)``.
    """
    dt = order_q.dtype
    n_w = sup.shape[-1]
    rest = order_q.copy()
    stock = sup.copy()
    ships = []
    for k in range(n_w):
        if k and not (stock > 0).any():
            break  # every warehouse is empty: later stages ship nothing
        ship_k = np.empty_like(rest)
        for w, g in enumerate(_slices(p.wh_rank[:, k], n_w)):
            r_g = rest[..., g]
            if r_g.shape[-1] == 0:
                continue
            tot = r_g.sum(axis=-1)
            ratio = np.where(
                tot > stock[..., w], stock[..., w] / np.where(tot > 0, tot, 1), 1
            )
            if isinstance(g, slice):
                s_g = np.multiply(r_g, ratio.astype(dt)[..., None], out=ship_k[..., g])
            else:
                s_g = r_g * ratio.astype(dt)[..., None]
                ship_k[..., g] = s_g
            stock[..., w] = np.maximum(stock[..., w] - s_g.sum(axis=-1), 0)
        rest -= ship_k
        ships.append(ship_k)
    shipped = np.subtract(order_q, rest, out=rest)  # received
    return shipped, stock, ships


def transport(
    p: Plan, ships: list[np.ndarray], order_q: np.ndarray, detail: bool
) -> dict[str, np.ndarray]:
    """Trips, ton-km and cost of the shipments of each warehouse stage.

    Parameters
    ----------
    p : Plan
    ships : list of numpy.ndarray
        Shipment per stage ``(R, T, C, P)`` (:func:`ration`).
    order_q : numpy.ndarray
        The orders (for shape and dtype).
    detail : bool
        Also per partner (``trips_p``, ``tonkm_p``) and per warehouse
        (``shipped_wh``).

    Returns
    -------
    dict of numpy.ndarray
        ``tonkm``, ``trips``, ``cost`` ``(R, T)`` (+ the detail arrays).
    """
    runs, weeks, n_c, n_p = order_q.shape
    dt = order_q.dtype
    n_w = p.supply.shape[1]
    tonkm = np.zeros((runs, weeks), dtype=np.float64)
    trips = np.zeros((runs, weeks), dtype=np.float64)
    cost = np.zeros((runs, weeks), dtype=np.float64)
    shipped_w = np.zeros((runs, weeks, n_c, n_w), dtype=dt)
    trips_p = np.zeros((runs, weeks, n_p), dtype=dt)
    tonkm_p = np.zeros((runs, weeks, n_p), dtype=dt)
    drop = p.drop_t.astype(dt)
    for k, ship_k in enumerate(ships):
        m_k = np.einsum("rtcp,c->rtp", ship_k, p.mass.astype(dt))  # tonnes
        tr = np.ceil(m_k / drop - dt.type(1e-6))
        km = p.wh_km[:, k].astype(dt)
        tonkm += (m_k * km).sum(axis=-1)
        trips += tr.sum(axis=-1)
        cost += (tr * (2 * p.wh_km[:, k] * p.truck_cost).astype(dt)).sum(axis=-1)
        if detail:
            tonkm_p += m_k * km
            trips_p += tr
            for w in range(n_w):
                sel = p.wh_rank[:, k] == w
                shipped_w[..., w] += ship_k[..., sel].sum(axis=-1)
    out = {"tonkm": tonkm, "trips": trips, "cost": cost}
    if detail:
        out.update(trips_p=trips_p, tonkm_p=tonkm_p, shipped_wh=shipped_w)
    return out


def weekly_model(
    p: Plan, dem: np.ndarray, sup: np.ndarray, detail: bool
) -> dict[str, np.ndarray]:
    """Run the weekly model (module docstring) on realised demand and supply.

    Parameters
    ----------
    p : Plan
    dem : numpy.ndarray
        Demand ``(R, T, C, D)`` in ``p.order``.
    sup : numpy.ndarray
        Allocation ``(R, T, C, W)``.
    detail : bool
        Keep per-desa and per-partner arrays (else only aggregates).

    Returns
    -------
    dict of numpy.ndarray
        Always ``demand_week``/``delivered_week`` ``(R, T, C)``, ``stock``,
        ``left``, ``tonkm``/``trips``/``cost`` ``(R, T)``,
        ``demand_kec``/``delivered_kec`` ``(R, C, K)``; with ``detail`` also
        ``demand``, ``delivered`` (per desa), ``received``, ``order``,
        ``request`` (per partner), ``trips_p``, ``tonkm_p``, ``shipped_wh``.
    """
    n_p, n_r = p.n_partners, p.n_reached
    req, order_q = partner_orders(p, dem)
    shipped, stock, ships = ration(p, order_q, sup)
    fill = np.divide(shipped, req, out=np.zeros_like(shipped), where=req > 0)
    out: dict[str, np.ndarray] = {
        "demand_week": dem.sum(axis=-1),  # (R, T, C)
        "delivered_week": shipped.sum(axis=-1),
        "stock": sup,
        "left": stock,
    }
    if n_r == n_p and (p.counts == 1).all():
        fill_d = fill  # one desa per partner: no expansion needed
    else:
        fill_d = np.repeat(fill, p.counts, axis=-1)
    moved = transport(p, ships, order_q, detail)
    out.update(tonkm=moved["tonkm"], trips=moved["trips"], cost=moved["cost"])
    # per kecamatan over the horizon
    kec_codes = p.network.desa["kode_kecamatan"].to_numpy()[p.order]
    kec_idx = pd.factorize(pd.Series(kec_codes), sort=True)[0]
    n_k = int(kec_idx.max()) + 1
    d_sum = dem.sum(axis=1)  # (R, C, D)
    v_sum = np.zeros_like(d_sum)
    if n_r:
        v_sum[..., :n_r] = np.einsum("rtcd,rtcd->rcd", dem[..., :n_r], fill_d)
    out["demand_kec"] = group_last(d_sum, kec_idx, n_k)
    out["delivered_kec"] = group_last(v_sum, kec_idx, n_k)
    if detail:
        deliv = np.zeros_like(dem)
        if n_r:
            deliv[..., :n_r] = dem[..., :n_r] * fill_d
        out.update(
            demand=dem,
            delivered=deliv,
            received=shipped,
            order=order_q,
            request=req,
            trips_p=moved["trips_p"],
            tonkm_p=moved["tonkm_p"],
            shipped_wh=moved["shipped_wh"],
        )
    return out


def group_last(x: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    """Sum the last axis of ``x`` by ``groups`` → last axis of length ``n``.

    Parameters
    ----------
    x : numpy.ndarray
    groups : numpy.ndarray
        Group (0..n-1) of each position of the last axis.
    n : int
        Number of groups.

    Returns
    -------
    numpy.ndarray
    """
    order = np.argsort(groups, kind="stable")
    counts = np.bincount(groups, minlength=n)
    present = np.flatnonzero(counts)
    starts = np.concatenate([[0], np.cumsum(counts[present])[:-1]])
    out = np.zeros(x.shape[:-1] + (n,), dtype=x.dtype)
    out[..., present] = np.add.reduceat(x[..., order], starts, axis=-1)
    return out
