"""The weekly model, vectorised: partner stock, orders, cash and pro rata supply.

For every run :math:`r` at once (arrays ``(R, C, P)`` per week; the weeks
run in order because stock and cash carry over), commodity :math:`c`,
partner :math:`p`, week :math:`t`:

1. **Demand** of the partner's desa :math:`e_{tcp} = \\sum_{d \\to p} D_{tcd}`,
   where :math:`D` is population × need per capita × channel share ×
   the week's seasonal factor (Ramadan/Lebaran) × desa noise. A partner that
   does not operate in a run sells nothing ("mitra tidak beroperasi").
2. **Order** (weekly review with a reorder point): when stock on hand and
   late arrivals :math:`S + I` fall below this week's *expected* sales
   :math:`\\hat e` (the reorder point), up to :math:`\\hat e` plus ``safety``
   weeks of them (the safety stock at most the partner's storage
   :math:`G_p`): :math:`w = \\max(0, \\hat e + \\min(s\\hat e, G_p) - S - I)`. It is cut by
   the **branch quota** (credit of ``week_q`` per week, kept up to the order
   size ``cap``; one order per week of at most ``cap``; "only storage":
   at most :math:`G_p`) and, for rice under a cash preset, by **cash**:
   :math:`q \\le \\text{cash} / \\text{buying price}` — a partner that cannot
   pay does not receive.
3. **Supply, pro rata** (:func:`ration`): each warehouse ships every order
   the same fraction :math:`\\min(1, S_w/Q_w)`, nearest warehouse first;
   no carry-over at Bulog. The allocation is cut in the calendar's harvest
   weeks.
4. **Lead time**: a delivery arrives this week, or a week late with the
   run's lateness chance.
5. **Sales** :math:`= \\min(\\text{stock} + \\text{arrivals}, e)`; the rest is
   carried over. Cash: paid for what was delivered (``tunai``) and credited
   with sales at the HET; under ``setelah_terjual`` (Serang: pay within 7
   days for what was sold) only the margin moves and cash never binds.
6. **Unmet demand by cause**: the shortfall of a partner-week is split over
   what cut its order — quota (``batas``), cash (``modal``), Bulog stock
   (``pasokan``), a late delivery (``terlambat``) — in proportion to the
   cuts; with no cut it is demand above the expected (``lain``). Desa
   without a partner in reach (``jangkauan``) and partners that do not
   operate (``tidak_beroperasi``) are counted outside the loop.
7. **Deliveries to desa**: a partner's sales are split over its desa pro
   rata to their demand. **Transport** (:func:`transport`): trips
   :math:`\\lceil m / \\text{drop} \\rceil` per partner and warehouse stage.

Only rice is cash-bound and under the branch quota: the parameters hold no
buying price for sugar and oil, whose weekly caps stay ``distribusi.batas_*``.

:func:`draw` makes the inputs of one block of runs (:class:`Draws`);
:func:`weekly_model` runs the steps;
:func:`kdkmp_analysis.distribution.reference_loop` is the same model as a
plain-Python per-event loop, and the tests hold the two equal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis.distribution import kernel, presets
from kdkmp_analysis.distribution import loop as loop_mod
from kdkmp_analysis.distribution.commodity import DistributionError
from kdkmp_analysis.distribution.loop import CAUSES, ration
from kdkmp_analysis.distribution.plan import Plan

__all__ = [
    "CAUSES",
    "ENGINES",
    "Draws",
    "Uncertainty",
    "draw",
    "group_last",
    "partner_request",
    "ration",
    "segments",
    "transport",
    "weekly_model",
]

#: Implementations of the week loop (:func:`weekly_model` ``engine``).
ENGINES = ("numba", "numpy")


@dataclass(frozen=True)
class Uncertainty:
    """Monte Carlo settings.

    Attributes
    ----------
    demand_cv : float
        Coefficient of variation of weekly desa demand (uniform noise, mean 1;
        at most 1/√3 so demand stays ≥ 0): a minor term.
    disruption_prob : float
        Chance per warehouse and week that supply is disrupted.
    disruption_loss : float
        Share of that week's allocation lost when disrupted.
    per_run : bool
        Draw per run, uniformly within each parameter's ``rentang``: the
        weekly allocation, the channel share (take-up), the share of partners
        that operate, the lateness chance, the harvest-week supply factor,
        the Ramadan demand factors and the starting cash. A knob the scenario
        sets itself is not drawn.
    """

    demand_cv: float = 0.0
    disruption_prob: float = 0.0
    disruption_loss: float = 0.0
    per_run: bool = False

    @classmethod
    def from_params(cls) -> Uncertainty:
        """Per-run draws within the parameter bands, plus the ``mc_*`` terms."""
        return cls(
            demand_cv=float(params.value("distribusi.mc_cv_permintaan")),
            disruption_prob=float(params.value("distribusi.mc_peluang_gangguan")),
            disruption_loss=float(params.value("distribusi.mc_porsi_hilang")),
            per_run=True,
        )

    def check(self) -> None:
        """Raise :class:`DistributionError` for values outside their range."""
        if not 0 <= self.demand_cv <= 1 / math.sqrt(3):
            raise DistributionError("cv permintaan harus antara 0 dan 0,577")
        if not 0 <= self.disruption_prob <= 1 or not 0 <= self.disruption_loss <= 1:
            raise DistributionError("peluang dan porsi gangguan harus antara 0 dan 1")


@dataclass
class Draws:
    """Inputs of one block of runs.

    Attributes
    ----------
    base_noise : numpy.ndarray
        Desa demand before the run's common factors, ``(R, T, C, D)`` in
        ``plan.order``: base × desa noise (a broadcast view of the base when
        there is no noise). :attr:`demand` = this × :attr:`scale`.
    scale : numpy.ndarray
        The run's common demand factor per week ``(R, T, C)``: channel-share
        factor × seasonal factor.
    supply : numpy.ndarray
        Weekly allocation per warehouse ``(R, T, C, W)``.
    season : numpy.ndarray
        Demand factor per week ``(R, T, C)`` (known to the partners).
    share : numpy.ndarray
        Channel-share factor per run ``(R,)`` (1 = the scenario's share).
    operate : numpy.ndarray
        Boolean ``(R, P)``: the partner operates in the run.
    late : numpy.ndarray
        Boolean ``(R, T, P)``: that week's delivery arrives a week late.
    cash0 : numpy.ndarray
        Starting cash per run (Rp) ``(R,)``.
    drawn : dict
        What was drawn per run (for the bands): ``alokasi_beras``,
        ``porsi_saluran``, ``porsi_beroperasi``, ``peluang_terlambat``,
        ``faktor_panen``, ``modal_awal`` ``(R,)``.
    """

    base_noise: np.ndarray
    scale: np.ndarray
    supply: np.ndarray
    season: np.ndarray
    share: np.ndarray
    operate: np.ndarray
    late: np.ndarray
    cash0: np.ndarray
    drawn: dict[str, np.ndarray]

    @property
    def demand(self) -> np.ndarray:
        """Desa demand ``(R, T, C, D)`` in ``plan.order`` (materialised)."""
        return self.base_noise * self.scale[..., None]


def _uniform(
    rng: np.random.Generator, lo: float, hi: float, size: int, vary: bool = True
) -> np.ndarray:
    """``size`` uniform draws in ``[lo, hi]`` (all ``lo`` when not varied)."""
    return rng.uniform(lo, hi, size) if vary and hi > lo else np.full(size, lo)


def draw(
    p: Plan,
    rng: np.random.Generator,
    runs: int,
    weeks: int,
    unc: Uncertainty,
    dtype: type = np.float32,
) -> Draws:
    """The inputs of ``runs`` runs (:class:`Draws`).

    Without :attr:`Uncertainty.per_run` every run takes the central values
    (``nilai``); with it, each run draws its own allocation, channel share,
    operating share, lateness chance, harvest and Ramadan factors and
    starting cash, uniformly within the parameters' bands. Desa noise
    :math:`\\varepsilon \\sim U(1-a, 1+a)`, :math:`a = \\sqrt3\\,cv`, and
    warehouse disruptions come on top.

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
    Draws
    """
    n_c, n_d = p.base.shape
    n_w = p.supply.shape[1]
    n_p = p.n_partners
    sc, k = p.scenario, p.knobs
    vary = unc.per_run
    band = p.alloc_band
    alloc = np.empty((runs, n_c))
    for c in range(n_c):
        alloc[:, c] = (
            _uniform(rng, band[c, 0], band[c, 2], runs, True)
            if vary
            else np.full(runs, band[c, 1])
        )
    lo, mid, hi = presets.band("distribusi.porsi_saluran")
    free = vary and sc.share is None
    share = _uniform(rng, lo / mid, hi / mid, runs, True) if free else np.ones(runs)
    lo, _, hi = presets.band("distribusi.porsi_mitra_beroperasi")
    free = vary and sc.operating_share is None
    op = _uniform(rng, lo, hi, runs, True) if free else np.full(runs, k["operating"])
    lo, _, hi = presets.band("distribusi.peluang_terlambat")
    free = vary and sc.late_prob is None
    late_p = _uniform(rng, lo, hi, runs, True) if free else np.full(runs, k["late"])
    lo, _, hi = presets.band("usaha.modal_kerja_awal_rp")
    free = vary and sc.start_cash_rp is None
    cash0 = _uniform(rng, lo, hi, runs, True) if free else np.full(runs, k["cash0"])
    cal = p.calendar
    s_lo, s_mid, s_hi = cal.supply_band
    harvest = _uniform(rng, s_lo, s_hi, runs, True) if vary else np.full(runs, s_mid)
    rb = cal.ramadan_band
    ram = (
        rng.uniform(rb[:, 0], rb[:, 2], (runs, n_c))
        if vary
        else np.broadcast_to(rb[:, 1], (runs, n_c))
    )
    season: np.ndarray = cal.demand(ram)[:, :weeks].astype(dtype)  # (R, T, C)
    # demand: base × noise (per desa) and share × season (per run and week)
    scale = season * share[:, None, None].astype(dtype)
    base: np.ndarray = p.base.astype(dtype)
    if unc.demand_cv > 0:
        a = unc.demand_cv * math.sqrt(3.0)
        dem = rng.random((runs, weeks, n_c, n_d), dtype=dtype)
        dem *= base * dtype(2 * a)
        dem += base * dtype(1 - a)
    else:
        dem = np.broadcast_to(base, (runs, weeks, n_c, n_d))
    # supply: allocation × warehouse share × harvest factor (rice) × disruption
    tot = p.supply.sum(axis=1, keepdims=True)
    w_share = np.divide(p.supply, tot, out=np.zeros_like(p.supply), where=tot > 0)
    sup = alloc[:, None, :, None] * w_share[None, None]
    sup = np.broadcast_to(sup, (runs, weeks, n_c, n_w)).astype(dtype)
    sup[:, :, 0, :] *= cal.supply(harvest)[:, :weeks, None].astype(dtype)
    if unc.disruption_prob > 0 and unc.disruption_loss > 0:
        hit = rng.random((runs, weeks, 1, n_w)) < unc.disruption_prob
        sup *= np.where(hit, dtype(1 - unc.disruption_loss), dtype(1)).astype(dtype)
    if (op >= 1).all():
        operate = np.ones((runs, n_p), dtype=bool)
    else:
        operate = rng.random((runs, n_p)) < op[:, None]
    if (late_p > 0).any():
        late = rng.random((runs, weeks, n_p), dtype=np.float32) < late_p[:, None, None]
    else:
        late = np.zeros((runs, weeks, n_p), dtype=bool)
    drawn = {
        "alokasi_beras": alloc[:, 0],
        "porsi_saluran": share * k["share"],
        "porsi_beroperasi": op,
        "peluang_terlambat": late_p,
        "faktor_panen": harvest,
        "modal_awal": cash0,
    }
    return Draws(dem, scale, sup, season, share, operate, late, cash0, drawn)


def segments(p: Plan) -> list[tuple[str, int, int, int, int, np.ndarray | None]]:
    """Runs of partners of one kind and their desa (cached on the plan).

    Each run is ``(kind, p0, p1, d0, d1, starts)``: partners ``p0:p1`` serve
    the desa ``d0:d1`` of ``p.order``; ``kind`` ``"satu"`` (one desa each:
    the partner's demand *is* its desa's), ``"banyak"`` (``starts``: the
    offsets of each partner's desa for :func:`numpy.add.reduceat`) or
    ``"kosong"`` (no desa). :func:`~kdkmp_analysis.distribution.plan` orders
    the partners so that there are few runs.
    """
    if p.segments is not None:
        return p.segments
    out: list[tuple[str, int, int, int, int, np.ndarray | None]] = []
    kinds = np.where(p.counts == 1, 0, np.where(p.counts > 1, 1, 2))
    bounds = np.concatenate([[0], np.cumsum(p.counts)])
    i = 0
    while i < p.n_partners:
        j = i
        while j < p.n_partners and kinds[j] == kinds[i]:
            j += 1
        name = ("satu", "banyak", "kosong")[kinds[i]]
        d0, d1 = int(bounds[i]), int(bounds[j])
        starts = bounds[i:j] - d0 if name == "banyak" else None
        out.append((name, i, j, d0, d1, starts))
        i = j
    p.segments = out
    return out


def partner_request(p: Plan, dem: np.ndarray) -> np.ndarray:
    """Each partner's weekly demand: the sum over its desa, ``(…, C, P)``.

    Parameters
    ----------
    p : Plan
    dem : numpy.ndarray
        Demand ``(…, C, D)`` in ``p.order``.
    """
    out = np.zeros(dem.shape[:-1] + (p.n_partners,), dtype=dem.dtype)
    for kind, p0, p1, d0, d1, starts in segments(p):
        if kind == "satu":
            out[..., p0:p1] = dem[..., d0:d1]
        elif kind == "banyak":
            assert starts is not None
            out[..., p0:p1] = np.add.reduceat(dem[..., d0:d1], starts, axis=-1)
    return out


def _desa_sums(
    p: Plan,
    dem: np.ndarray,
    scale: np.ndarray,
    req: np.ndarray,
    sales: np.ndarray,
    sums: dict,
) -> tuple[np.ndarray, np.ndarray]:
    """Demand and delivered per desa over the horizon ``(R, C, D)``.

    A one-desa partner's desa demand is its own and its deliveries are its
    sales; only the desa of several-desa partners (pro rata to their
    demand) and the unreached desa are summed desa by desa.
    """
    d_sum = np.zeros(dem.shape[:1] + dem.shape[2:], dtype=sales.dtype)
    v_sum = np.zeros_like(d_sum)
    req_t, sales_t = sums["req"], sums["sales"]
    for kind, p0, p1, d0, d1, _ in segments(p):
        if kind == "satu":
            d_sum[..., d0:d1] = req_t[..., p0:p1]
            v_sum[..., d0:d1] = sales_t[..., p0:p1]
        elif kind == "banyak":
            part = dem[..., d0:d1]  # before the common factor `scale`
            d_sum[..., d0:d1] = np.einsum("rtcd,rtc->rcd", part, scale)
            fill = np.divide(
                sales[..., p0:p1],
                req[..., p0:p1],
                out=np.zeros_like(sales[..., p0:p1]),
                where=req[..., p0:p1] > 0,
            )
            fill *= scale[..., None]
            fill_d = np.repeat(fill, p.counts[p0:p1], axis=-1)
            v_sum[..., d0:d1] = np.einsum("rtcd,rtcd->rcd", part, fill_d)
    n_r = p.n_reached
    d_sum[..., n_r:] = np.einsum("rtcd,rtc->rcd", dem[..., n_r:], scale)
    return d_sum, v_sum


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


def _weekly_kernel(p: Plan, d: Draws, detail: bool) -> dict[str, np.ndarray]:
    """:func:`weekly_model` in :func:`kdkmp_analysis.distribution.kernel.run_block`."""
    dem = np.ascontiguousarray(d.base_noise)
    runs, weeks, n_c, n_d = dem.shape
    dt = dem.dtype
    n_p, n_w = p.n_partners, p.supply.shape[1]
    exp_base = (p.base_req[None] * d.share[:, None, None]).astype(dt)
    exp_base = exp_base * d.operate[:, None, :]
    targets = loop_mod.targets(p, d, exp_base)
    par = np.zeros((n_c, 7))
    par[:, 0], par[:, 1] = p.week_q, p.cap
    par[:, 2] = np.maximum(p.week_q, p.cap)
    par[0, 3] = float(p.quota.storage_only)
    par[0, 4] = float(p.quota.cash_bound)
    par[:, 5], par[:, 6] = p.prices.buy * 1000.0, p.prices.het * 1000.0
    inp = (
        dem,
        np.ascontiguousarray(d.scale, dtype=np.float64),
        np.ascontiguousarray(d.supply, dtype=np.float64),
        np.ascontiguousarray(d.late),
        np.ascontiguousarray(d.operate),
        np.ascontiguousarray(targets[False][0], dtype=np.float64),
        np.ascontiguousarray(targets.get(True, targets[False])[0], dtype=np.float64),
        np.ascontiguousarray(targets[False][1], dtype=np.float64),
        np.ascontiguousarray(targets.get(True, targets[False])[1], dtype=np.float64),
        np.ascontiguousarray(p.calendar.ramadan_weeks[:weeks]),
        np.concatenate([[0], np.cumsum(p.counts)]).astype(np.int64),
        np.ascontiguousarray(p.wh_rank, dtype=np.int64),
        d.cash0.astype(np.float64),
        p.mass.astype(np.float64),
        p.drop_t.astype(np.float64),
        np.ascontiguousarray(p.wh_km, dtype=np.float64),
        p.truck_cost.astype(np.float64),
        p.storage.astype(np.float64),
    )
    f8 = np.float64
    full = (runs, weeks, n_c, n_p) if detail else (1, 1, 1, 1)
    wk = (runs, weeks, n_p) if detail else (1, 1, 1)
    out = (
        np.zeros((runs, weeks, n_c), f8),  # demand per week
        np.zeros((runs, weeks, n_c), f8),  # delivered per week
        np.zeros((runs, weeks, n_c), f8),  # received per week
        np.zeros((runs, weeks, n_c, n_w), f8),  # Bulog stock left
        np.zeros((runs, weeks), f8),  # trips
        np.zeros((runs, weeks), f8),  # ton-km
        np.zeros((runs, weeks), f8),  # cost
        np.zeros((runs, n_c, n_d), f8),  # demand per desa
        np.zeros((runs, n_c, n_d), f8),  # delivered per desa
        np.zeros((runs, n_c), f8),  # unreached demand
        np.zeros((runs, n_c), f8),  # demand of partners not operating
        np.zeros((runs, n_c, n_p), f8),  # operating demand per partner
        np.zeros((runs, n_c, n_p), f8),  # sold per partner
        np.zeros((runs, n_c, n_p), f8),  # received per partner
        np.zeros((3, runs, n_c, n_p), f8),  # cuts: wanted, after quota, late
        np.zeros((runs, n_p), f8),  # cash cut
        np.zeros((runs, n_c, n_p), np.int32),  # stock-out weeks
        np.zeros((runs, n_c, n_p), f8),  # stock at the end
        np.zeros((runs, n_c, n_p), f8),  # in transit at the end
        np.zeros(full, f8),  # request
        np.zeros(full, f8),  # sales
        np.zeros(full, f8),  # received
        np.zeros((n_w, *full), f8),  # shipments per stage
        np.zeros(wk, f8),  # cash
        np.zeros(wk, f8),  # trips per partner
        np.zeros(wk, f8),  # ton-km per partner
    )
    kernel.run_block(inp, par, out, detail)
    (dem_w, dlv_w, rec_w, left, trips, tonkm, cost, d_sum, v_sum, unreached, idle,
     req_t, sold_t, got_t, acc, acc_cash, stockout, stock_end, transit_end,
     req_d, sales_d, got_d, ships_d, cash_d, trips_d, tonkm_d) = out  # fmt: skip
    cuts = {"want": acc[0], "q1": acc[1], "late": acc[2], "cash": acc_cash}
    causes = loop_mod.causes(req_t, sold_t, got_t, cuts)
    kec_idx, n_k = _kecamatan_index(p)
    res: dict[str, np.ndarray] = {
        "demand_week": dem_w.astype(dt),
        "delivered_week": dlv_w.astype(dt),
        "received_week": rec_w.astype(dt),
        "stock": d.supply,
        "left": left.astype(dt),
        "tonkm": tonkm,
        "trips": trips,
        "cost": cost,
        "unmet": np.concatenate([unreached[..., None], idle[..., None], causes], -1),
        "stockouts": stockout.sum(axis=-1),
        "demand_kec": group_last(d_sum.astype(dt), kec_idx, n_k),
        "delivered_kec": group_last(v_sum.astype(dt), kec_idx, n_k),
    }
    if detail:
        demand = d.demand
        fill = np.divide(sales_d, req_d, out=np.zeros_like(sales_d), where=req_d > 0)
        deliv = np.zeros_like(demand)
        n_r = p.n_reached
        if n_r:
            deliv[..., :n_r] = demand[..., :n_r] * np.repeat(fill, p.counts, axis=-1)
        shipped_wh = np.zeros(d.supply.shape, dtype=dt)
        for k in range(n_w):
            for w in range(n_w):
                sel = p.wh_rank[:, k] == w
                shipped_wh[..., w] += ships_d[k][..., sel].sum(axis=-1)
        res.update(
            demand=demand,
            delivered=deliv,
            request=req_d.astype(dt),
            received=got_d.astype(dt),
            sales=sales_d.astype(dt),
            stockout_p=stockout,
            operate=d.operate,
            cash=cash_d,
            stock_end=stock_end.astype(dt),
            transit_end=transit_end.astype(dt),
            trips_p=trips_d.astype(dt),
            tonkm_p=tonkm_d.astype(dt),
            shipped_wh=shipped_wh,
        )
    return res


def _kecamatan_index(p: Plan) -> tuple[np.ndarray, int]:
    """Kecamatan (0..K-1, sorted codes) of each desa in ``p.order``; cached."""
    if p.kec_index is None:
        codes = p.network.desa["kode_kecamatan"].to_numpy()[p.order]
        idx = pd.factorize(pd.Series(codes), sort=True)[0]
        p.kec_index = (idx, int(idx.max()) + 1)
    return p.kec_index


def weekly_model(
    p: Plan, d: Draws, detail: bool, engine: str = "numba"
) -> dict[str, np.ndarray]:
    """Run the weekly model (module docstring) on one block of draws.

    Parameters
    ----------
    p : Plan
    d : Draws
        From :func:`draw`.
    detail : bool
        Keep per-desa and per-partner arrays (else only aggregates).
    engine : {"numba", "numpy"}
        The week loop: the compiled kernel (:mod:`~kdkmp_analysis.distribution.kernel`;
        the numpy loop when numba is missing) or the numpy loop. Same results.

    Returns
    -------
    dict of numpy.ndarray
        Always ``demand_week``/``delivered_week``/``received_week``
        ``(R, T, C)``, ``stock``/``left`` ``(R, T, C, W)``,
        ``tonkm``/``trips``/``cost`` ``(R, T)``, ``demand_kec``/``delivered_kec``
        ``(R, C, K)``, ``unmet`` ``(R, C, 2 + len(CAUSES))`` (jangkauan,
        tidak beroperasi, then :data:`CAUSES`) and ``stockouts`` ``(R, C)``
        partner-weeks; with ``detail`` also ``demand``, ``delivered`` (per
        desa), ``request``, ``received``, ``sales``,
        ``stockout_p``, ``cash`` (per partner), ``stock_end``,
        ``transit_end``, ``trips_p``, ``tonkm_p``, ``shipped_wh``.
    """
    if engine == "numba" and kernel.AVAILABLE:
        return _weekly_kernel(p, d, detail)
    if engine not in ENGINES:
        raise DistributionError(f"mesin {engine!r} tidak dikenal: {', '.join(ENGINES)}")
    dem = d.base_noise  # × d.scale = demand
    scale = d.scale
    n_r = p.n_reached
    req = partner_request(p, dem)  # (R, T, C, P)
    req *= scale[..., None]
    op = d.operate[:, None, None, :].astype(dem.dtype)
    req_op = req * op
    exp_base = (p.base_req[None] * d.share[:, None, None]).astype(dem.dtype)
    exp_base = exp_base * d.operate[:, None, :]
    loop = loop_mod.week_loop_numpy(p, d, req_op, exp_base)
    sales = loop["sales"]
    sums = {
        k: a.sum(axis=1, dtype=np.float64)
        for k, a in (("req", req), ("sales", sales), ("got", loop["received"]))
    }
    req_op_t = sums["req"] * d.operate[:, None, :]
    loop["unmet_cause"] = loop_mod.causes(
        req_op_t, sums["sales"], sums["got"], loop["acc"]
    )
    np.subtract(req_op, sales, out=req_op)  # the weekly shortfall, in place
    loop["stockout_p"] = (req_op > 1e-6).sum(axis=1, dtype=np.int32)
    out: dict[str, np.ndarray] = {
        "demand_week": req.sum(axis=-1) + dem[..., n_r:].sum(axis=-1) * scale,
        "delivered_week": sales.sum(axis=-1),
        "received_week": loop["received"].sum(axis=-1),
        "stock": d.supply,
        "left": loop["left"],
    }
    moved = transport(p, loop["ships"], loop["received"], detail)
    out.update(tonkm=moved["tonkm"], trips=moved["trips"], cost=moved["cost"])
    d_sum, v_sum = _desa_sums(p, dem, scale, req, sales, sums)
    unreached = d_sum[..., n_r:].sum(axis=-1, dtype=np.float64)  # (R, C)
    idle = (sums["req"] - req_op_t).sum(axis=-1)
    out["unmet"] = np.concatenate(
        [unreached[..., None], idle[..., None], loop["unmet_cause"]], axis=-1
    )
    out["stockouts"] = loop["stockout_p"].sum(axis=-1)
    kec_idx, n_k = _kecamatan_index(p)
    out["demand_kec"] = group_last(d_sum, kec_idx, n_k)
    out["delivered_kec"] = group_last(v_sum, kec_idx, n_k)
    if detail:
        fill = np.divide(sales, req, out=np.zeros_like(sales), where=req > 0)
        dem = d.demand
        deliv = np.zeros_like(dem)
        if n_r:
            deliv[..., :n_r] = dem[..., :n_r] * np.repeat(fill, p.counts, axis=-1)
        out.update(
            demand=dem,
            delivered=deliv,
            request=req,
            received=loop["received"],
            sales=sales,
            stockout_p=loop["stockout_p"],
            operate=d.operate,
            cash=loop["cash"],
            stock_end=loop["stock_end"],
            transit_end=loop["transit_end"],
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
