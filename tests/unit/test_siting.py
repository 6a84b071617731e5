"""Partner siting on hand-built cases with known optima."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kdkmp_analysis import siting


def _brute(w, d, n, r, objective, fixed=()):
    best = None
    for combo in itertools.combinations(range(d.shape[1]), n):
        if not set(fixed) <= set(combo):
            continue
        cov, dist = siting.evaluate(w, d, combo, r)
        key = (-cov, dist) if objective == "cakupan" else (dist,)
        if best is None or key < best[0]:
            best = (key, cov, dist)
    return best[1], best[2]


def _instance(seed, n_pts=11):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 10, (n_pts, 2))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    w = rng.integers(100, 5000, n_pts).astype(float)
    return w, d


def test_great_circle_one_degree_of_latitude():
    km = siting.great_circle_km(-7.0, 112.0, -8.0, 112.0)
    assert km == pytest.approx(111.2, abs=0.1)
    m = siting.distance_matrix(
        [-7.0], [112.0], [-8.0, -7.0], [112.0, 112.0], circuity=1.35
    )
    assert m.shape == (1, 2)
    assert m[0, 0] == pytest.approx(111.2 * 1.35, abs=0.2)
    assert m[0, 1] == 0.0


def test_line_of_towns_known_answer():
    # five towns on a line 0,1,2,10,11 km; two sites, radius 1 km
    x = np.array([0.0, 1.0, 2.0, 10.0, 11.0])
    d = np.abs(x[:, None] - x[None, :])
    w = np.array([100.0, 100.0, 100.0, 50.0, 50.0])
    res = siting.site(w, d, 2, radius_km=1.0)
    assert res.covered == 400.0  # everyone covered
    assert set(res.selected) == {1, 3} or set(res.selected) == {1, 4}
    assert res.weighted_distance == 250.0  # 100+100 to town 1, 50 to the pair's other
    pm = siting.site(w, d, 2, radius_km=1.0, objective="p-median")
    assert 1 in pm.selected and pm.weighted_distance == 250.0


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("objective", siting.OBJECTIVES)
def test_heuristic_and_exact_match_brute_force(seed, objective):
    w, d = _instance(seed)
    r = 3.0
    cov, dist = _brute(w, d, 3, r, objective)
    heur = siting.site(w, d, 3, radius_km=r, objective=objective)
    exact = siting.site_exact(w, d, 3, radius_km=r, objective=objective)
    if objective == "cakupan":
        assert exact.covered == pytest.approx(cov)
        assert heur.covered == pytest.approx(cov)  # tiny cases: optimum found
        assert heur.bound >= heur.covered - 1e-9
    else:
        assert exact.weighted_distance == pytest.approx(dist)
        assert heur.weighted_distance == pytest.approx(dist, rel=1e-9)
    assert exact.status == siting.STATUS_OPTIMAL


def test_fixed_sites_stay_and_candidates_are_respected():
    w, d = _instance(7, 15)
    fixed = [0, 14]
    cand = np.zeros(15, dtype=bool)
    cand[[3, 4, 5, 6]] = True
    res = siting.site(w, d, 4, radius_km=2.5, fixed=fixed, candidates=cand)
    assert set(fixed) <= set(res.selected)
    assert set(res.selected) - set(fixed) <= {3, 4, 5, 6}
    assert len(res.selected) == 4
    cov, dist = _brute(w, d[:, [0, 14, 3, 4, 5, 6]], 4, 2.5, "cakupan", fixed=(0, 1))
    assert res.covered == pytest.approx(cov)


def test_same_seed_same_sites():
    w, d = _instance(3, 40)
    a = siting.site(w, d, 8, radius_km=2.0, seed=5)
    b = siting.site(w, d, 8, radius_km=2.0, seed=5)
    np.testing.assert_array_equal(a.selected, b.selected)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1, "fixed": [0, 1]}, "lebih kecil dari 2 mitra yang sudah ada"),
        ({"n": 20}, "melebihi 11 koperasi kandidat"),
        ({"n": 2, "objective": "lain"}, "tujuan 'lain' tidak dikenal"),
    ],
)
def test_user_mistakes_are_clear(kwargs, message):
    w, d = _instance(1)
    n = kwargs.pop("n")
    with pytest.raises(siting.SitingError, match=message):
        siting.site(w, d, n, radius_km=2.0, **kwargs)


@pytest.mark.parametrize("objective", siting.OBJECTIVES)
def test_reported_objective_is_that_of_the_returned_sites(objective):
    w, d = _instance(11, 60)
    res = siting.site(w, d, 9, radius_km=1.5, objective=objective, fixed=[2])
    cov, dist = siting.evaluate(w, d, res.selected, 1.5)
    assert res.covered == pytest.approx(cov) and res.weighted_distance == pytest.approx(
        dist
    )
    if objective == "cakupan":
        exact = siting.site_exact(w, d, 9, radius_km=1.5, fixed=[2])
        assert res.covered <= exact.covered + 1e-9 <= res.bound + 1e-6
        assert (res.status == siting.STATUS_OPTIMAL) == (
            res.covered >= res.bound - 1e-6
        )
