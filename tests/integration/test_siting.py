"""Partner siting on the real 365 desa of Kabupaten Pasuruan: within 1 % of HiGHS."""

from __future__ import annotations

import pytest

from kdkmp_analysis import siting


@pytest.fixture(scope="module")
def real(desa_polygons, default_register):
    from kdkmp_analysis.region import population

    pop = population.desa_population("35.14", desa_polygons)
    w = pop["penduduk"].to_numpy(dtype=float)
    d = siting.distance_matrix(
        desa_polygons["lat"],
        desa_polygons["lon"],
        default_register["lat"],
        default_register["lon"],
        1.35,
    )
    return w, d


def test_real_365_within_one_percent_of_highs(real):
    w, d = real
    heur = siting.site(w, d, 30, radius_km=3.0)
    exact = siting.site_exact(w, d, 30, radius_km=3.0, time_limit=120)
    assert exact.status == siting.STATUS_OPTIMAL
    assert heur.covered <= exact.covered + 1e-6
    assert heur.covered >= 0.99 * exact.covered
    assert len(heur.selected) == 30


@pytest.mark.parametrize("radius", [4.0, 5.0, 6.0])
def test_real_365_within_one_percent_of_lp_bound(real, radius):
    # the LP relaxation bounds the exact optimum from above: being within 1 %
    # of it proves being within 1 % of the optimum
    w, d = real
    heur = siting.site(w, d, 30, radius_km=radius)
    assert heur.bound is not None
    assert heur.covered >= 0.99 * heur.bound
