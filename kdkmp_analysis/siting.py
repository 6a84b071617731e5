"""Partner siting: which N cooperatives should distribute, so most people are near one.

Two classic location models on a precomputed distance matrix (demand points
= desa, candidates = cooperatives):

**Maximal covering** (Church & ReVelle 1974), the primary objective — choose
``n`` sites so that the population within ``R`` km of a site is largest:

.. math::

    \\max \\sum_i w_i y_i \\quad \\text{s.t.} \\quad
    y_i \\le \\sum_{j \\in N_i} x_j \\;\\forall i, \\qquad
    \\sum_j x_j = n, \\qquad x_j = 1 \\;\\forall j \\in F, \\qquad
    x_j \\in \\{0, 1\\},\\; 0 \\le y_i \\le 1,

where :math:`w_i` is the population of desa :math:`i`, :math:`N_i = \\{j :
d_{ij} \\le R\\}` and :math:`F` the fixed (existing) partners.

**p-median** (Hakimi 1964), the second objective — minimise the
population-weighted distance to the nearest site:

.. math::

    \\min \\sum_i \\sum_j w_i d_{ij} z_{ij} \\quad \\text{s.t.} \\quad
    \\sum_j z_{ij} = 1 \\;\\forall i, \\qquad z_{ij} \\le x_j, \\qquad
    \\sum_j x_j = n, \\qquad x_j = 1 \\;\\forall j \\in F.

:func:`site` answers interactively (365 candidates, n = 30: well under a
second) with a greedy start and a vertex-substitution local search
(Teitz & Bart 1968, with Whitaker's fast interchange evaluation): every swap
of a chosen site for an unchosen one is scored at once with numpy, the best
improving swap is taken until none improves. With ``objective="cakupan"`` the
comparison is lexicographic: coverage first, then weighted distance.
:func:`site_exact` solves the MIPs above with HiGHS (``scipy.optimize.milp``)
as the reference; a run stopped by its time limit is reported as
``"layak, belum terbukti optimal"``, never as optimal.

This module is pure numpy (scipy only inside :func:`site_exact`); building
the matrix from a register is :func:`kdkmp_analysis.distribution.site_partners`.
When there is nothing to site (no candidate at all, or no population to
reach) the answer is a sentence, never a division by zero:
:class:`NothingToSiteError` from :func:`site` and
:func:`kdkmp_analysis.distribution.site_partners`, and
:attr:`SitingResult.gap_percent` / :meth:`SitingResult.summary` say so.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kdkmp_analysis.errors import KdkmpError

# the one road-distance rule lives in region.distance; re-exported here
from kdkmp_analysis.region.distance import distance_matrix, great_circle_km

__all__ = [
    "NOTHING_TO_SITE",
    "OBJECTIVES",
    "STATUS_FEASIBLE",
    "STATUS_LOCAL",
    "STATUS_OPTIMAL",
    "NothingToSiteError",
    "SitingError",
    "SitingResult",
    "distance_matrix",
    "evaluate",
    "great_circle_km",
    "site",
    "site_exact",
]

#: Objectives: ``cakupan`` (maximal covering, p-median as tie-break) and
#: ``p-median`` (weighted distance only).
OBJECTIVES = ("cakupan", "p-median")
STATUS_OPTIMAL = "optimal"
STATUS_FEASIBLE = "layak, belum terbukti optimal"
STATUS_LOCAL = "optimum lokal (heuristik, tanpa bukti optimal)"


#: Start of every "nothing to site" sentence.
NOTHING_TO_SITE = "penempatan mitra tidak dapat dihitung"


class SitingError(KdkmpError, ValueError):
    """Siting inputs that cannot work (too few candidates, bad n, bad shapes)."""


class NothingToSiteError(SitingError):
    """Nothing to site: no candidate may be chosen, or no population to reach.

    Its message is the Indonesian sentence to show instead of a result.
    """


@dataclass(frozen=True)
class SitingResult:
    """A chosen set of sites and how good it is.

    Attributes
    ----------
    selected : numpy.ndarray
        Sorted candidate (column) indices of the chosen sites, fixed ones
        included.
    fixed : numpy.ndarray
        Sorted indices of the sites that were fixed in advance.
    covered : float
        Weight (population) within ``radius_km`` of a chosen site.
    total : float
        Total weight.
    weighted_distance : float
        :math:`\\sum_i w_i \\min_{j \\in S} d_{ij}` (person-km).
    objective, method, status : str
        What was optimised, how, and what is proven about the primary
        objective (coverage for ``cakupan``; its distance tie-break is never
        claimed optimal).
    seconds : float
        Wall time of the solve.
    iterations : int
        Improving swaps (heuristic) or 0.
    bound : float or None
        Best proven bound of the objective (exact solver only).
    radius_km : float
        Coverage radius used.
    """

    selected: np.ndarray
    fixed: np.ndarray
    covered: float
    total: float
    weighted_distance: float
    objective: str
    method: str
    status: str
    seconds: float
    radius_km: float
    iterations: int = 0
    bound: float | None = None

    @property
    def covered_share(self) -> float:
        """Covered share of the total weight (0–1)."""
        return self.covered / self.total if self.total else 0.0

    @property
    def mean_distance_km(self) -> float:
        """Weighted mean distance to the nearest chosen site (km)."""
        return self.weighted_distance / self.total if self.total else 0.0

    @property
    def gap_percent(self) -> float | None:
        """How far below its LP upper bound the coverage may be, in % (or ``None``).

        ``100 (bound − covered) / bound``: the heuristic is at most this far
        from the optimum. ``None`` when there is no positive bound to
        compare with (no site chosen beyond the fixed ones, the p-median
        objective, or nothing coverable).
        """
        if self.bound is None or not self.bound > 0 or self.objective != "cakupan":
            return None
        return 100.0 * (self.bound - self.covered) / self.bound

    def summary(self) -> list[str]:
        """Indonesian lines for a notebook or a page: coverage, distance, proof.

        Returns
        -------
        list of str
            What the chosen sites reach and how good the choice is proven to
            be; a sentence instead of a figure where there is nothing to
            compare with.
        """
        from kdkmp_analysis import _format

        n_new = int(self.selected.size - self.fixed.size)
        lines = [
            f"{self.selected.size} mitra ({self.fixed.size} mitra lama) menjangkau "
            f"{_format.angka(self.covered)} jiwa "
            f"({_format.angka(100 * self.covered_share, 1)}%) dalam "
            f"{_format.angka(self.radius_km, 1)} km; jarak rata-rata "
            f"{_format.angka(self.mean_distance_km, 2)} km"
        ]
        gap = self.gap_percent
        if gap is not None:
            lines.append(
                f"{self.method}: {_format.angka(self.seconds, 2)} detik; paling jauh "
                f"{_format.angka(gap, 2)}% dari optimum ({self.status})"
            )
        elif n_new <= 0:
            lines.append(
                f"{self.method}: tidak ada mitra baru yang dipilih (semua mitra "
                "adalah mitra lama), jadi tidak ada selisih terhadap optimum"
            )
        else:
            lines.append(
                f"{self.method}: {_format.angka(self.seconds, 2)} detik; selisih "
                f"terhadap optimum tidak dapat dihitung (tidak ada batas atas "
                f"positif; {self.status})"
            )
        return lines

    @property
    def value(self) -> float:
        """The primary objective value (coverage, or weighted distance)."""
        return self.covered if self.objective == "cakupan" else self.weighted_distance


def _check(
    weights: np.ndarray,
    dist: np.ndarray,
    n: int,
    fixed: Sequence[int] | np.ndarray,
    candidates: np.ndarray | Sequence[int] | None,
    objective: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    w = np.asarray(weights, dtype=np.float64)
    d = np.asarray(dist, dtype=np.float64)
    if d.ndim != 2 or d.shape[0] != w.shape[0]:
        raise SitingError(
            f"matriks jarak berukuran {d.shape} tidak cocok dengan {w.shape[0]} "
            "titik permintaan"
        )
    if objective not in OBJECTIVES:
        raise SitingError(
            f"tujuan {objective!r} tidak dikenal; pilih salah satu: {', '.join(OBJECTIVES)}"
        )
    n_cols = d.shape[1]
    cand = np.ones(n_cols, dtype=bool)
    if candidates is not None:
        c = np.asarray(candidates)
        if c.dtype == bool:
            if c.shape != (n_cols,):
                raise SitingError("mask kandidat tidak sepanjang jumlah kolom")
            cand = c.copy()
        else:
            cand = np.zeros(n_cols, dtype=bool)
            cand[c.astype(int)] = True
    fx = np.unique(np.asarray(fixed, dtype=int))
    if fx.size and (fx.min() < 0 or fx.max() >= n_cols):
        raise SitingError("indeks mitra tetap di luar rentang kandidat")
    cand[fx] = True
    _nothing(w, cand)
    if int(n) < fx.size:
        raise SitingError(
            f"jumlah mitra {n} lebih kecil dari {fx.size} mitra yang sudah ada "
            "(mitra tetap); naikkan jumlah mitra"
        )
    if int(n) > int(cand.sum()):
        raise SitingError(
            f"jumlah mitra {n} melebihi {int(cand.sum())} koperasi kandidat"
        )
    if int(n) < 0:
        raise SitingError("jumlah mitra tidak boleh negatif")
    return w, d, cand, fx


def _nothing(w: np.ndarray, cand: np.ndarray) -> None:
    """Raise :class:`NothingToSiteError` with the sentence that says why."""
    if not cand.any():
        raise NothingToSiteError(
            f"{NOTHING_TO_SITE}: tidak ada satu pun kandidat yang dapat dipilih"
        )
    if not float(w.sum()) > 0:
        raise NothingToSiteError(
            f"{NOTHING_TO_SITE}: bobot (penduduk) berjumlah 0, tidak ada yang "
            "dapat dijangkau"
        )


def evaluate(
    weights: np.ndarray,
    dist: np.ndarray,
    selected: Sequence[int] | np.ndarray,
    radius_km: float,
) -> tuple[float, float]:
    """Coverage and weighted distance of a given site set.

    Parameters
    ----------
    weights : array_like
        Weight (population) per demand point, shape ``(I,)``.
    dist : array_like
        Distance matrix ``(I, J)`` in km.
    selected : sequence of int
        Chosen column indices.
    radius_km : float
        Coverage radius.

    Returns
    -------
    tuple of float
        ``(covered weight, Σ w_i min_j d_ij)``; with no site the distance
        term is ``inf``.
    """
    w = np.asarray(weights, dtype=np.float64)
    sel = np.asarray(selected, dtype=int)
    if sel.size == 0:
        return 0.0, float("inf")
    sub = np.asarray(dist, dtype=np.float64)[:, sel]
    covered = float(w[(sub <= radius_km).any(axis=1)].sum())
    return covered, float(w @ sub.min(axis=1))


def _state(d: np.ndarray, a: np.ndarray, sel: np.ndarray, big: float):
    """Nearest/second-nearest distances and cover counts of a site set."""
    sub = d[:, sel]
    if sel.size >= 2:
        part = np.argpartition(sub, 1, axis=1)[:, :2]
        d_a = np.take_along_axis(sub, part, axis=1)
        swap = d_a[:, 0] > d_a[:, 1]
        first = np.where(swap, part[:, 1], part[:, 0])
        d1 = np.where(swap, d_a[:, 1], d_a[:, 0])
        d2 = np.where(swap, d_a[:, 0], d_a[:, 1])
    else:
        first = np.zeros(d.shape[0], dtype=int)
        d1 = sub[:, 0]
        d2 = np.full(d.shape[0], big)
    a_sub = a[:, sel]
    cnt = a_sub.sum(axis=1)
    sole = np.argmax(a_sub, axis=1)  # meaningful only where cnt == 1
    return first, d1, d2, cnt, sole


def _better(
    c_new: float, d_new: float, c_old: float, d_old: float, cover: bool
) -> bool:
    tol_c = 1e-9 * max(1.0, abs(c_old))
    tol_d = 1e-9 * max(1.0, abs(d_old))
    if not cover:
        return d_new < d_old - tol_d
    if c_new > c_old + tol_c:
        return True
    return c_new >= c_old - tol_c and d_new < d_old - tol_d


def _wsum(w: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``w @ m`` without BLAS (OpenBLAS threads stall on a busy 2-core box)."""
    return np.einsum("i,ij->j", w, m, optimize=False)


def _group_sum(values: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    """Sum the rows of ``values`` by ``groups`` (0..n-1) → ``(n, cols)``."""
    out = np.zeros((n, values.shape[1]))
    if groups.size == 0:
        return out
    order = np.argsort(groups, kind="stable")
    counts = np.bincount(groups, minlength=n)
    present = np.flatnonzero(counts)
    starts = np.concatenate([[0], np.cumsum(counts[present])[:-1]])
    out[present] = np.add.reduceat(values[order], starts, axis=0)
    return out


def _greedy(w, d, a, cand, chosen, n, cover, big):
    """Add sites to ``chosen`` (mask, copied) one by one up to ``n``."""
    chosen = chosen.copy()
    covered = a[:, chosen].any(axis=1)
    d1 = d[:, chosen].min(axis=1) if chosen.any() else np.full(d.shape[0], big)
    while int(chosen.sum()) < n:
        open_ = cand & ~chosen
        new_d = _wsum(w, np.minimum(d, d1[:, None]))
        if cover:
            gain_c = np.where(open_, _wsum(w * ~covered, a), -np.inf)
            best_c = gain_c.max()
            tie = open_ & (gain_c >= best_c - 1e-9 * max(1.0, best_c))
            j = int(np.argmin(np.where(tie, new_d, np.inf)))
        else:
            j = int(np.argmin(np.where(open_, new_d, np.inf)))
        chosen[j] = True
        covered |= a[:, j]
        d1 = np.minimum(d1, d[:, j])
    return chosen


def _covering_lp(
    w: np.ndarray, a: np.ndarray, n: int, cand: np.ndarray, fx: np.ndarray
) -> tuple[float, np.ndarray]:
    """LP relaxation of maximal covering (HiGHS): upper bound and ``x``."""
    from scipy import sparse
    from scipy.optimize import linprog

    n_i, n_j = a.shape
    a_ub = sparse.hstack([-sparse.csr_matrix(a, dtype=float), sparse.eye(n_i)])
    a_eq = sparse.hstack(
        [sparse.csr_matrix(np.ones((1, n_j))), sparse.csr_matrix((1, n_i))]
    )
    lb = np.zeros(n_j + n_i)
    lb[fx] = 1.0
    ub = np.concatenate([cand.astype(float), np.ones(n_i)])
    res = linprog(
        np.concatenate([np.zeros(n_j), -w]),
        A_ub=a_ub.tocsr(),
        b_ub=np.zeros(n_i),
        A_eq=a_eq.tocsr(),
        b_eq=[float(n)],
        bounds=np.column_stack([lb, ub]),
        method="highs",
    )
    if res.status != 0:  # pragma: no cover - the LP is always feasible here
        raise SitingError(f"relaksasi LP gagal: {res.message}")
    # the LP optimum bounds every integer solution; integer weights → floor
    bound = float(-res.fun)
    if np.allclose(w, np.round(w)):
        bound = float(np.floor(bound + 1e-6))
    return bound, res.x[:n_j]


def _proven(covered: float, bound: float | None) -> bool:
    """Coverage reaches the LP upper bound (so it is optimal)."""
    return bound is not None and covered >= bound - 1e-9 * max(1.0, abs(bound))


def _substitute(w, d, a, cand, fx, chosen, radius_km, cover, big, max_iter):
    """Best-improvement vertex substitution from ``chosen`` (mask, copied)."""
    chosen = chosen.copy()
    sel = np.flatnonzero(chosen)
    c_cur, d_cur = evaluate(w, d, sel, radius_km) if sel.size else (0.0, np.inf)
    iterations = 0
    movable = ~np.isin(sel, fx)
    while sel.size and movable.any() and iterations < max_iter:
        first, d1, d2, cnt, sole = _state(d, a, sel, big)
        cols = np.flatnonzero(cand & ~chosen)
        if not cols.size:
            break
        dj = d[:, cols]  # (I, J')
        m1 = np.minimum(dj, d1[:, None])
        base_d = _wsum(w, m1)  # (J',)
        delta = w[:, None] * (np.minimum(dj, d2[:, None]) - m1)
        new_d = base_d[None, :] + _group_sum(delta, first, sel.size)  # (n, J')
        if cover:
            aj = a[:, cols]
            gain = _wsum(w * (cnt == 0), aj)  # (J',)
            once = cnt == 1
            loss = np.bincount(sole[once], weights=w[once], minlength=sel.size)
            kept = _group_sum(w[once, None] * aj[once], sole[once], sel.size)
            new_c = c_cur + gain[None, :] - loss[:, None] + kept
        else:
            new_c = np.full(new_d.shape, c_cur)
        new_c[~movable, :] = -np.inf
        new_d[~movable, :] = np.inf
        if cover:
            best_c = new_c.max()
            tie = new_c >= best_c - 1e-9 * max(1.0, abs(best_c))
            flat = int(np.argmin(np.where(tie, new_d, np.inf)))
        else:
            flat = int(np.argmin(new_d))
        k, jj = divmod(flat, cols.size)
        if not _better(float(new_c[k, jj]), float(new_d[k, jj]), c_cur, d_cur, cover):
            break
        chosen[sel[k]] = False
        chosen[cols[jj]] = True
        sel = np.flatnonzero(chosen)
        movable = ~np.isin(sel, fx)
        c_cur, d_cur = evaluate(w, d, sel, radius_km)
        iterations += 1
    return chosen, c_cur, d_cur, iterations


def site(
    weights: np.ndarray,
    dist: np.ndarray,
    n: int,
    *,
    radius_km: float,
    fixed: Sequence[int] | np.ndarray = (),
    candidates: np.ndarray | Sequence[int] | None = None,
    objective: str = "cakupan",
    restarts: int = 20,
    seed: int = 0,
    max_iter: int = 10_000,
) -> SitingResult:
    """Choose ``n`` sites quickly: greedy start + vertex substitution.

    Parameters
    ----------
    weights : array_like
        Population per demand point, shape ``(I,)``.
    dist : array_like
        Distance matrix ``(I, J)`` in km (demand × candidate).
    n : int
        Number of sites in total, fixed ones included.
    radius_km : float
        Coverage radius ``R``.
    fixed : sequence of int
        Column indices that must be chosen (existing partners).
    candidates : bool mask or index array, optional
        Columns that may be chosen (default: all). Fixed ones are always
        allowed.
    objective : {"cakupan", "p-median"}
        ``cakupan``: maximise covered population, then minimise weighted
        distance (lexicographic); ``p-median``: weighted distance only.
    restarts : int
        Perturbation restarts after the first local optimum (iterated local
        search): a fifth of the movable sites is swapped at random, the
        substitution re-run, the better set kept.
    seed : int
        Seed of the perturbations: the same inputs and seed give the same
        sites.
    max_iter : int
        Safety cap on improving swaps per local search.

    Returns
    -------
    SitingResult
        ``status`` is :data:`STATUS_LOCAL`: a local optimum, never claimed
        optimal (compare with :func:`site_exact`).

    Raises
    ------
    SitingError
        ``n`` smaller than the fixed set or larger than the candidates,
        mismatched shapes, unknown objective.

    Notes
    -----
    Greedy adds, one at a time, the candidate with the best (coverage gain,
    distance gain). The substitution step scores all swaps ``k → j`` (``k``
    chosen and not fixed, ``j`` unchosen candidate) at once:

    .. math::

        \\Delta D_{kj} = \\sum_i w_i \\min(d_{ij}, d^{(1)}_i)
          + \\sum_{i: \\nu(i)=k} w_i [\\min(d_{ij}, d^{(2)}_i)
          - \\min(d_{ij}, d^{(1)}_i)] - D

    with :math:`d^{(1)}, d^{(2)}` the nearest and second-nearest chosen
    distances and :math:`\\nu(i)` the nearest site, and the covering
    analogue with cover counts; both are one ``(I, J)`` array pass and
    one grouped row sum ``(I, J) → (n, J)`` per swap.
    """
    t0 = time.perf_counter()
    w, d, cand, fx = _check(weights, dist, n, fixed, candidates, objective)
    cover = objective == "cakupan"
    n = int(n)
    a = d <= radius_km
    big = float(d.max() * 10 + 1.0) if d.size else 1.0
    chosen = np.zeros(d.shape[1], dtype=bool)
    chosen[fx] = True
    starts = [_greedy(w, d, a, cand, chosen, n, cover, big)]
    bound = None
    if cover and n > fx.size:
        bound, x_lp = _covering_lp(w, a, n, cand, fx)
        lp_start = chosen.copy()
        order = np.argsort(-np.where(cand & ~chosen, x_lp, -1.0), kind="stable")
        lp_start[order[: n - fx.size]] = True
        starts.append(lp_start)
    # --- vertex substitution, then seeded destroy-and-repair restarts -------
    iterations = 0
    best: np.ndarray | None = None
    c_best, d_best = -np.inf, np.inf
    for start in starts:
        trial, c_t, d_t, it = _substitute(
            w, d, a, cand, fx, start, radius_km, cover, big, max_iter
        )
        iterations += it
        if best is None or _better(c_t, d_t, c_best, d_best, cover):
            best, c_best, d_best = trial, c_t, d_t
    assert best is not None  # there is always a first start
    chosen, c_cur, d_cur = best, c_best, d_best
    rng = np.random.default_rng(seed)
    is_fixed = np.zeros(chosen.size, dtype=bool)
    is_fixed[fx] = True
    for _ in range(restarts):
        if _proven(c_best, bound):
            break  # coverage equals the LP upper bound: proven optimal
        movable = np.flatnonzero(chosen & ~is_fixed)
        k = min(max(2, movable.size // 4), movable.size)
        if k == 0 or int((cand & ~chosen).sum()) < k:
            break
        drop = rng.choice(movable, size=k, replace=False)
        trial = chosen.copy()
        trial[drop] = False
        tabu = cand.copy()
        tabu[drop] = False  # repair with other sites than the dropped ones
        trial = _greedy(w, d, a, tabu, trial, n, cover, big)
        trial, c_t, d_t, it = _substitute(
            w, d, a, cand, fx, trial, radius_km, cover, big, max_iter
        )
        iterations += it
        if not _better(c_cur, d_cur, c_t, d_t, cover):  # accept ties: walk plateaus
            chosen, c_cur, d_cur = trial, c_t, d_t
        if _better(c_t, d_t, c_best, d_best, cover):
            best, c_best, d_best = trial, c_t, d_t
    sel = np.flatnonzero(best)
    return SitingResult(
        selected=sel,
        fixed=fx,
        covered=c_best,
        total=float(w.sum()),
        weighted_distance=d_best,
        objective=objective,
        method="heuristik: greedy/LP + substitusi simpul (Teitz–Bart)",
        status=STATUS_OPTIMAL if _proven(c_best, bound) else STATUS_LOCAL,
        seconds=time.perf_counter() - t0,
        radius_km=float(radius_km),
        iterations=iterations,
        bound=bound,
    )


def site_exact(
    weights: np.ndarray,
    dist: np.ndarray,
    n: int,
    *,
    radius_km: float,
    fixed: Sequence[int] | np.ndarray = (),
    candidates: np.ndarray | Sequence[int] | None = None,
    objective: str = "cakupan",
    time_limit: float = 600.0,
) -> SitingResult:
    """Reference solution of the MIP (module docstring) with HiGHS.

    Parameters
    ----------
    weights, dist, n, radius_km, fixed, candidates, objective
        As in :func:`site`. For ``cakupan`` only the covering objective is
        optimised (the heuristic's distance tie-break is not part of it).
    time_limit : float
        Seconds before HiGHS stops; the best solution found is then
        returned with status :data:`STATUS_FEASIBLE` and ``bound`` set.

    Returns
    -------
    SitingResult
        ``status`` :data:`STATUS_OPTIMAL` only when HiGHS proved it.

    Raises
    ------
    SitingError
        Bad inputs, or no feasible solution within the time limit.
    """
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    t0 = time.perf_counter()
    w, d, cand, fx = _check(weights, dist, n, fixed, candidates, objective)
    n_i, n_j = d.shape
    lb_x = np.zeros(n_j)
    lb_x[fx] = 1.0
    ub_x = cand.astype(float)
    one_row = sparse.csr_matrix(np.ones((1, n_j)))
    if objective == "cakupan":
        a = sparse.csr_matrix(d <= radius_km, dtype=float)
        c = np.concatenate([np.zeros(n_j), -w])
        cons = [
            LinearConstraint(sparse.hstack([-a, sparse.eye(n_i)]), -np.inf, 0.0),
            LinearConstraint(
                sparse.hstack([one_row, sparse.csr_matrix((1, n_i))]), n, n
            ),
        ]
        integrality = np.concatenate([np.ones(n_j), np.zeros(n_i)])
        bounds = Bounds(
            np.concatenate([lb_x, np.zeros(n_i)]), np.concatenate([ub_x, np.ones(n_i)])
        )
    else:
        cols = np.flatnonzero(cand)
        n_c = cols.size
        nz = n_i * n_c
        c = np.concatenate([np.zeros(n_j), (w[:, None] * d[:, cols]).ravel()])
        rows_i = np.repeat(np.arange(n_i), n_c)
        z_idx = np.arange(nz) + n_j
        assign = sparse.csr_matrix(
            (np.ones(nz), (rows_i, z_idx)), shape=(n_i, n_j + nz)
        )
        link = sparse.csr_matrix(
            (
                np.concatenate([np.ones(nz), -np.ones(nz)]),
                (
                    np.concatenate([np.arange(nz), np.arange(nz)]),
                    np.concatenate([z_idx, np.tile(cols, n_i)]),
                ),
            ),
            shape=(nz, n_j + nz),
        )
        count = sparse.hstack([one_row, sparse.csr_matrix((1, nz))])
        cons = [
            LinearConstraint(assign, 1.0, 1.0),
            LinearConstraint(link, -np.inf, 0.0),
            LinearConstraint(count, n, n),
        ]
        integrality = np.concatenate([np.ones(n_j), np.zeros(nz)])
        bounds = Bounds(
            np.concatenate([lb_x, np.zeros(nz)]), np.concatenate([ub_x, np.ones(nz)])
        )
    res = milp(
        c,
        constraints=cons,
        integrality=integrality,
        bounds=bounds,
        options={"time_limit": float(time_limit), "disp": False},
    )
    if res.x is None:
        raise SitingError(f"HiGHS tidak menemukan solusi layak: {res.message}")
    sel = np.flatnonzero(res.x[:n_j] > 0.5)
    covered, wd = evaluate(w, d, sel, radius_km)
    status = STATUS_OPTIMAL if res.status == 0 else STATUS_FEASIBLE
    bound = getattr(res, "mip_dual_bound", None)
    if bound is not None and objective == "cakupan":
        bound = -float(bound)
    return SitingResult(
        selected=sel,
        fixed=fx,
        covered=covered,
        total=float(w.sum()),
        weighted_distance=wd,
        objective=objective,
        method="MIP HiGHS (scipy.optimize.milp)",
        status=status,
        seconds=time.perf_counter() - t0,
        radius_km=float(radius_km),
        bound=None if bound is None else float(bound),
    )
