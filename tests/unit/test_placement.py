"""Siting by served demand (issue 13 §1): hand-checked flows, brute force, baseline."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from helpers import make_network

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import siting
from kdkmp_analysis.distribution import placement as pl
from kdkmp_analysis.testing.text_scan import violations

#: Rice per person and week at the full share (t).
PER_PERSON = ds.commodity("beras").weekly_per_capita


def _network(demand_t, dist, *, mitra=None, ready=None, depot_km=None):
    """Desa with the given weekly rice demand (share 1), road km desa × coop."""
    n_k = np.shape(dist)[1]
    depot = np.full((n_k, 1), 10.0) if depot_km is None else np.c_[depot_km]
    pops = np.asarray(demand_t, dtype=float) / PER_PERSON
    return make_network(pops, dist, depot, mitra=mitra, ready=ready)


@pytest.fixture(scope="module")
def default_net():
    """The default register's network (built once for this module)."""
    return ds.prepare()


def _scenario(cap: float) -> ds.Scenario:
    return ds.Scenario(share=1.0, circuity=1.0, max_km=5.0, cap_rice_t=cap)


#: Desa 0–2 with 1, 2 and 1.5 t a week; desa 3 (0.7 t) out of everyone's reach.
#: Koperasi 0 reaches desa 0 and 1, koperasi 1 reaches desa 1 and 2.
DEMAND = [1.0, 2.0, 1.5, 0.7]
DIST = [[1.0, 50.0], [2.0, 3.0], [40.0, 1.0], [90.0, 90.0]]


def test_served_demand_equals_the_hand_computed_assignment():
    net = _network(DEMAND, DIST)
    r = pl.served_demand(net, [0, 1], scenario=_scenario(2.0))
    # caps bind: each partner serves 2 t; desa 1 is split between them
    assert r.served == pytest.approx(4.0)
    np.testing.assert_allclose(r.per_partner, [2.0, 2.0])
    assert r.all_full
    assert r.demand == pytest.approx(5.2)
    assert r.unserved == pytest.approx(1.2)
    assert r.unreached == pytest.approx(0.7)
    np.testing.assert_allclose(r.per_desa, [1.0, 1.5, 1.5, 0.0])
    split = r.flows.groupby("desa")["mitra"].nunique()
    assert split.loc[1] == 2  # split sourcing
    assert "split sourcing" in r.sourcing
    # caps of 3 t: everything in reach is served, nobody is full
    r3 = pl.served_demand(net, [0, 1], scenario=_scenario(3.0))
    assert r3.served == pytest.approx(4.5)
    assert r3.unserved == pytest.approx(0.7)
    assert not r3.all_full
    # one partner alone: its cap or its reach
    r0 = pl.served_demand(net, [0], scenario=_scenario(10.0))
    assert r0.served == pytest.approx(3.0)


def test_served_demand_respects_the_bulog_allocation():
    net = _network(DEMAND, DIST)
    net.allocation = {"beras": 2.5, "minyak_goreng": 1.0, "gula": 1.0}
    r = pl.served_demand(net, [0, 1], scenario=_scenario(2.0))
    assert r.served == pytest.approx(2.5)
    assert r.supply_bound


def test_tie_break_prefers_the_nearer_flow():
    # one desa, two partners in reach, one cap enough for all: the nearer serves
    net = _network([1.0], [[1.0, 4.0]])
    r = pl.served_demand(net, [0, 1], scenario=_scenario(2.0), tie_break="jarak")
    np.testing.assert_allclose(r.per_partner, [1.0, 0.0], atol=1e-9)


def _random_instance(seed: int, n_d: int = 14, n_k: int = 9):
    rng = np.random.default_rng(seed)
    desa_xy = rng.uniform(0, 12, size=(n_d, 2))
    kop_xy = rng.uniform(0, 12, size=(n_k, 2))
    dist = np.linalg.norm(desa_xy[:, None, :] - kop_xy[None, :, :], axis=2)
    demand = rng.uniform(0.2, 1.5, size=n_d)
    mitra = [True] + [False] * (n_k - 1)
    return _network(demand, dist, mitra=mitra, depot_km=rng.uniform(5, 30, n_k))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("plain", [False, True])
def test_site_served_is_optimal_against_brute_force(seed, plain):
    net = _random_instance(seed)
    sc = _scenario(2.5)
    n = 4
    best = max(
        pl.served_demand(net, (0, *rest), scenario=sc).served
        for rest in itertools.combinations(range(1, 9), n - 1)
    )
    p = pl.site_served(
        net, n, scenario=sc, warm_start=not plain, improve=not plain, time_limit=10
    )
    assert p.objective == pytest.approx(best, rel=1e-6)
    assert 0 in p.selected and p.selected.size == n
    assert p.status == siting.STATUS_OPTIMAL
    assert p.bound >= p.objective
    assert p.gap == pytest.approx((p.bound - p.objective) / p.bound, abs=1e-12)


def test_bound_and_gap_are_consistent_under_a_short_time_limit(default_net):
    net = default_net
    sc = ds.Scenario(cap_rice_t=5.0)
    p = pl.site_served(
        net, 30, scenario=sc, warm_start=False, improve=False, time_limit=0.3
    )
    assert p.bound >= p.objective > 0
    assert p.gap == pytest.approx((p.bound - p.objective) / p.bound, abs=1e-12)
    assert (p.status == siting.STATUS_OPTIMAL) == (p.gap <= 1e-4)
    assert p.seconds < 5


def test_sited_beats_twenty_random_ready_draws_on_the_default_network(
    default_net, capsys
):
    net = default_net  # default register, the kabupaten's 2 t/week preset
    lines = []
    for n in (30, 60):
        p = pl.site_served(net, n)
        base = pl.random_baseline(net, n, draws=20, seed=0)
        assert not pl.capacity_binding_everywhere(p, base)
        assert p.objective > base.mean
        assert p.objective >= base.high - 1e-9
        assert p.gap <= 0.01
        assert p.seconds < 5
        text = pl.binding_text(p, base)
        assert text.startswith("terpilih ")
        assert violations(text) == []
        lines.append(
            f"N={n}: {pl.comparison_text(p, base)}; gap {p.gap_percent:.3f} %, "
            f"{p.seconds:.2f} s, {p.solver_status}"
        )
    with capsys.disabled():
        print("\n" + "\n".join(lines))


def test_capacity_binding_everywhere_says_so_in_words():
    # every desa has far more demand than any cap: whichever set, all are full
    dist = np.full((6, 5), 50.0)
    np.fill_diagonal(dist, 1.0)
    net = _network([5.0] * 6, dist)
    sc = _scenario(0.5)
    p = pl.site_served(net, 3, scenario=sc)
    base = pl.random_baseline(net, 3, draws=5, scenario=sc)
    assert p.objective == pytest.approx(1.5)
    assert base.mean == pytest.approx(1.5)
    assert pl.capacity_binding_everywhere(p, base)
    assert pl.binding_text(p, base) == pl.BINDING_TEXT
    assert "lokasi tidak mengubah volume" in pl.BINDING_TEXT
    assert violations(pl.BINDING_TEXT) == []


def test_random_baseline_is_reproducible_and_keeps_the_fixed_partners():
    net = _random_instance(4)
    sc = _scenario(2.0)
    a = pl.random_baseline(net, 4, draws=6, seed=3, scenario=sc)
    b = pl.random_baseline(net, 4, draws=6, seed=3, scenario=sc)
    np.testing.assert_array_equal(a.values, b.values)
    assert all(0 in s and s.size == 4 for s in a.sets)
    assert a.low <= a.mean <= a.high


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "jumlah mitra 0 lebih kecil dari 1 mitra yang sudah ada"),
        ({"n": 99}, "koperasi kandidat"),
        ({"n": 3, "tie_break": "murah"}, "pemecah seri"),
    ],
)
def test_bad_requests_raise_in_indonesian(kwargs, message):
    net = _random_instance(5)
    with pytest.raises(siting.SitingError, match=message):
        pl.site_served(net, scenario=_scenario(2.0), **kwargs)


def test_plan_scenario_is_sited_by_served_demand_and_delivers_more_than_random(
    default_net,
):
    """The weekly model on the plan's sited set beats random ready sets of 30."""
    net = default_net
    plan_sc = next(s for s in ds.default_scenarios(30) if s.key == ds.PLAN_KEY)
    p = ds.plan(net, plan_sc)
    assert isinstance(p.siting, pl.ServedSiting) and p.siting.objective == "terlayani"
    assert p.siting.status == siting.STATUS_OPTIMAL
    for line in p.siting.summary():
        assert violations(line) == [], line
    sited = ds.simulate(net, plan_sc).ringkasan["tersalur_beras_t"]
    base = pl.random_baseline(net, 30, draws=8, seed=3, scenario=plan_sc)
    drawn = [
        ds.simulate(
            net,
            ds.Scenario("acak", partners=tuple(net.koperasi["koperasi_id"].iloc[s])),
        ).ringkasan["tersalur_beras_t"]
        for s in base.sets
    ]
    assert sited > float(np.mean(drawn))
    # the reach objective is still there, and serves no more
    reach = ds.plan(net, dataclasses.replace(plan_sc, siting_objective="cakupan"))
    served = pl.served_demand(net, reach.partner_idx, scenario=plan_sc).served
    assert p.siting.served >= served - 1e-6
    with pytest.raises(ds.DistributionError, match="tujuan penempatan"):
        ds.site_partners(net, 30, objective="acak")
