"""Which Bulog warehouse delivers to each partner in a week (issue 13 §2).

Today's weekly model rations every order over the warehouses nearest first,
so a partner may be topped up from a second warehouse in the same week. A
truck plan needs one warehouse per partner and week: :func:`assign_warehouses`
solves a small transportation problem for it, and splits a partner between
two warehouses only when the weekly allocation forces it — then it says which
partner and why.

The week's amounts default to :func:`week_amounts`: each partner receives
what it sells in a steady week, the expected demand of its desa cut by the
weekly quota (the weekly model's mean receipts agree within 1 % on the
default plan).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.plan import Plan
from kdkmp_analysis.distribution.served import quiet_stdout

__all__ = [
    "SOURCING_NEAREST",
    "SOURCING_OPTIMAL",
    "WarehouseAssignment",
    "assign_sources",
    "assign_warehouses",
    "partner_warehouse_km",
    "warehouse_supply",
    "week_amounts",
]

#: Status when every partner's nearest warehouse has enough allocation.
SOURCING_NEAREST = "gudang terdekat (alokasi cukup)"
#: Status of a proven-optimal transportation problem.
SOURCING_OPTIMAL = "optimal (masalah transportasi, HiGHS)"
_EPS = 1e-9


@dataclass
class WarehouseAssignment:
    """One warehouse per partner for one week (split only when forced).

    Attributes
    ----------
    warehouse : numpy.ndarray
        Main warehouse (position in ``network.gudang``) per partner ``(P,)``;
        ``-1`` for a partner that receives nothing this week.
    share : numpy.ndarray
        Fraction of the partner's week from each warehouse ``(P, W)``; rows sum
        to 1 (0 for partners without a delivery).
    amounts : numpy.ndarray
        What each partner receives ``(C, P)`` in each commodity's unit, after
        the pro rata cut of :attr:`scale`.
    scale : numpy.ndarray
        ``(C,)``: 1, or the pro rata share of every order that the whole
        allocation covers when it is short (as the weekly model rations).
    split : pandas.DataFrame
        The partners supplied from two warehouses: ``koperasi_id``,
        ``nama_koperasi``, ``gudang`` (keys joined by ``+``), ``ton_per_gudang``
        and ``alasan`` (Indonesian).
    status : str
        :data:`SOURCING_NEAREST`, :data:`SOURCING_OPTIMAL` or the solver's
        words when it did not prove the optimum.
    notes : list of str
        Indonesian sentences: the pro rata cut and every split partner.
    """

    warehouse: np.ndarray
    share: np.ndarray
    amounts: np.ndarray
    scale: np.ndarray
    split: pd.DataFrame
    status: str
    notes: list[str] = field(default_factory=list)


def week_amounts(plan: Plan) -> np.ndarray:
    """What each partner receives in a steady week ``(C, P)``.

    The expected weekly demand of its desa (``plan.base_req``) cut by the
    quota credited per week (``plan.week_q``): in a steady week a partner
    orders what it sells.

    Parameters
    ----------
    plan : Plan

    Returns
    -------
    numpy.ndarray
        In each commodity's unit (t, or kl for cooking oil).
    """
    return np.minimum(plan.base_req, plan.week_q[:, None])


def partner_warehouse_km(plan: Plan) -> np.ndarray:
    """Road km partner → warehouse ``(P, W)``: great circle × circuity."""
    return plan.network.gc_kop_gudang[plan.partner_idx] * float(plan.knobs["circuity"])


def warehouse_supply(plan: Plan) -> np.ndarray:
    """Weekly allocation per commodity and warehouse ``(C, W)`` (``plan.supply``).

    ``plan.supply`` is the weekly allocation (or the figure Bulog Cabang gave)
    split by ``network.gudang["porsi_alokasi"]``.
    """
    return np.asarray(plan.supply, dtype=float)


def assign_sources(
    amounts: np.ndarray,
    supply: np.ndarray,
    km: np.ndarray,
    mass: np.ndarray | None = None,
    *,
    time_limit: float = 2.0,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Single-source transportation problem: one warehouse per partner if possible.

    With :math:`q_{cp}` the week's amount of commodity :math:`c` for partner
    :math:`p` (tonnes :math:`t_p = \\sum_c m_c q_{cp}`), supply :math:`S_{cw}`
    and road km :math:`k_{pw}`:

    .. math::

        \\min \\; \\sum_{p,w} t_p k_{pw} x_{pw} + M \\sum_{p,w} y_{pw}
        \\quad \\text{s.t.} \\quad \\sum_w x_{pw} = 1, \\quad
        x_{pw} \\le y_{pw}, \\quad \\sum_p q_{cp} x_{pw} \\le S_{cw},
        \\quad x \\in [0, 1], \\; y \\in \\{0, 1\\},

    with :math:`M > \\sum_p t_p \\max k`: the fewest sourcing links first (a
    split partner has two), then the least ton-km. When every partner's
    nearest warehouse has enough, that is the answer without a solver.
    Amounts must fit the total supply (cut them pro rata first).

    Parameters
    ----------
    amounts : numpy.ndarray
        ``(C, P)`` week's amounts.
    supply : numpy.ndarray
        ``(C, W)`` weekly allocation per warehouse.
    km : numpy.ndarray
        ``(P, W)`` road km.
    mass : numpy.ndarray, optional
        Tonnes per unit per commodity ``(C,)`` (default 1).
    time_limit : float
        Seconds for HiGHS.

    Returns
    -------
    tuple
        ``share`` ``(P, W)``, main warehouse ``(P,)`` (``-1`` without
        amounts) and the status.

    Raises
    ------
    DistributionError
        The amounts exceed the total supply, or HiGHS finds no solution.
    """
    q = np.asarray(amounts, dtype=float)
    s = np.asarray(supply, dtype=float)
    n_c, n_p = q.shape
    n_w = s.shape[1]
    m = np.ones(n_c) if mass is None else np.asarray(mass, dtype=float)
    if (q.sum(axis=1) > s.sum(axis=1) * (1 + 1e-9) + 1e-9).any():
        raise DistributionError(
            "pesanan minggu ini melebihi seluruh alokasi gudang: potong pro rata dulu"
        )
    active = q.sum(axis=0) > _EPS
    share = np.zeros((n_p, n_w))
    if not active.any() or n_w == 0:
        return share, np.full(n_p, -1), SOURCING_NEAREST
    nearest = np.argmin(km, axis=1)
    load = np.stack(
        [np.bincount(nearest[active], q[c, active], n_w) for c in range(n_c)]
    )
    if (load <= s * (1 + 1e-12) + 1e-12).all():
        share[np.flatnonzero(active), nearest[active]] = 1.0
        return share, np.where(active, nearest, -1), SOURCING_NEAREST
    share[active], status = _solve_sources(q[:, active], s, km[active], m, time_limit)
    main = np.where(active, np.argmax(share, axis=1), -1)
    return share, main, status


def _solve_sources(
    q: np.ndarray, s: np.ndarray, km: np.ndarray, m: np.ndarray, time_limit: float
) -> tuple[np.ndarray, str]:
    """The MIP of :func:`assign_sources` for partners with amounts (HiGHS)."""
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    n_c, n_p = q.shape
    n_w = s.shape[1]
    t = m @ q  # tonnes per partner
    nv = n_p * n_w  # x then y, index p * n_w + w
    big = float(t.sum() * km.max()) + 1.0
    c = np.concatenate([(t[:, None] * km).ravel(), np.full(nv, big)])
    pw = np.arange(nv)
    p_of, w_of = pw // n_w, pw % n_w
    one = sparse.csr_matrix((np.ones(nv), (p_of, pw)), shape=(n_p, 2 * nv))
    link = sparse.hstack([sparse.eye(nv), -sparse.eye(nv)]).tocsr()
    rows = (np.arange(n_c)[:, None] * n_w + w_of[None, :]).ravel()
    cols = np.tile(pw, n_c)
    vals = q[:, p_of].ravel()
    cap = sparse.csr_matrix((vals, (rows, cols)), shape=(n_c * n_w, 2 * nv))
    with quiet_stdout():  # HiGHS prints a debug line on some MIP paths
        res = milp(
            c,
            constraints=[
                LinearConstraint(one, 1.0, 1.0),
                LinearConstraint(link, -np.inf, 0.0),
                LinearConstraint(cap, -np.inf, s.ravel()),
            ],
            integrality=np.concatenate([np.zeros(nv), np.ones(nv)]),
            bounds=Bounds(0.0, 1.0),
            options={"time_limit": float(time_limit)},
        )
    if res.x is None:
        raise DistributionError(
            f"pembagian gudang tidak menemukan solusi ({res.message})"
        )
    x = np.clip(res.x[:nv].reshape(n_p, n_w), 0.0, 1.0)
    x[x < 1e-7] = 0.0
    x /= x.sum(axis=1, keepdims=True)
    status = SOURCING_OPTIMAL if res.status == 0 else f"layak ({res.message})"
    return x, status


def assign_warehouses(
    plan: Plan, week_t: np.ndarray | None = None, *, time_limit: float = 2.0
) -> WarehouseAssignment:
    """Each partner to one warehouse for one week, within the allocation.

    The weekly allocation of each warehouse is ``plan.supply`` (the kabupaten's
    allocation × ``porsi_alokasi``). When the whole allocation is short of the
    week's orders, every order is cut by the same share (as the weekly model
    rations); then :func:`assign_sources` picks one warehouse per partner, or
    splits a partner when no single-source assignment fits.

    Parameters
    ----------
    plan : Plan
    week_t : numpy.ndarray, optional
        The week's amounts ``(C, P)`` in each commodity's unit (default
        :func:`week_amounts`).
    time_limit : float
        Seconds for HiGHS.

    Returns
    -------
    WarehouseAssignment
    """
    q = week_amounts(plan) if week_t is None else np.asarray(week_t, dtype=float)
    if q.shape != (len(COMMODITIES), plan.n_partners):
        raise DistributionError(
            f"jumlah mingguan harus berbentuk {(len(COMMODITIES), plan.n_partners)} "
            f"(komoditas × mitra), bukan {q.shape}"
        )
    s = warehouse_supply(plan)
    need = q.sum(axis=1)
    total = s.sum(axis=1)
    scale = np.where(need > total, total / np.where(need > 0, need, 1.0), 1.0)
    q = q * scale[:, None]
    km = partner_warehouse_km(plan)
    share, main, status = assign_sources(q, s, km, plan.mass, time_limit=time_limit)
    notes = [
        f"Alokasi {commodity(k).label.lower()} minggu ini kurang: setiap pesanan "
        f"dipotong menjadi {angka(100 * float(f), 1)} % (pro rata)."
        for k, f in zip(COMMODITIES, scale, strict=True)
        if f < 1.0
    ]
    split = _split_table(plan, q, s, share)
    notes += [f"{r.nama_koperasi}: {r.alasan}." for r in split.itertuples()]
    return WarehouseAssignment(
        warehouse=main,
        share=share,
        amounts=q,
        scale=scale,
        split=split,
        status=status,
        notes=notes,
    )


def _split_table(
    plan: Plan, q: np.ndarray, s: np.ndarray, share: np.ndarray
) -> pd.DataFrame:
    """The partners supplied from two or more warehouses, with the reason."""
    cols = ["koperasi_id", "nama_koperasi", "gudang", "ton_per_gudang", "alasan"]
    many = np.flatnonzero((share > 0).sum(axis=1) > 1)
    if not many.size:
        return pd.DataFrame(columns=cols)
    gud = plan.network.gudang
    names = gud["nama"].astype(str).tolist()
    keys = gud["gudang"].astype(str).tolist()
    used = q @ share  # (C, W)
    full = [
        f"{commodity(COMMODITIES[c]).label.lower()} di {names[w]}"
        for c in range(q.shape[0])
        for w in range(s.shape[1])
        if s[c, w] > 0 and used[c, w] >= s[c, w] * (1 - 1e-6)
    ]
    why = (
        "alokasi mingguan habis: " + "; ".join(full)
        if full
        else "alokasi mingguan gudang tidak cukup untuk memasok setiap mitra dari "
        "satu gudang"
    )
    kop = plan.network.koperasi.iloc[plan.partner_idx[many]]
    t = plan.mass @ q[:, many]
    rows = []
    for i, p in enumerate(many):
        ws = np.flatnonzero(share[p] > 0)
        parts = [f"{angka(t[i] * share[p, w], 2)} t dari {names[w]}" for w in ws]
        rows.append(
            {
                "koperasi_id": kop["koperasi_id"].iloc[i],
                "nama_koperasi": kop["nama_koperasi"].iloc[i],
                "gudang": "+".join(keys[w] for w in ws),
                "ton_per_gudang": "; ".join(angka(t[i] * share[p, w], 2) for w in ws),
                "alasan": f"dipasok dari dua gudang ({', '.join(parts)}) karena {why}",
            }
        )
    return pd.DataFrame(rows, columns=cols)
