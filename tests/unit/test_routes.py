"""Weekly truck routes, one warehouse per partner, cost per kg (issue 13 §2)."""

from __future__ import annotations

import dataclasses
import sys

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis.distribution import assign, freight, routes
from kdkmp_analysis.testing.text_scan import violations

#: CDE 2 t at Rp7.500/km and CDD 5 t at Rp10.000/km, as in ``[truk]``.
TRUCKS = {"capacity": np.array([2.0, 5.0]), "rate": np.array([7500.0, 10000.0])}
#: A long day, quick unloading: only capacity binds unless a test says so.
EASY = {"hours": 24.0, "unload_min": 0.0, "speed_kmh": 30.0}


def _line(xs):
    """A warehouse at km 0 and drops at km ``xs`` on one straight road."""
    x = np.asarray(xs, dtype=float)
    return np.abs(x), np.abs(x[:, None] - x[None, :])


def _check(r, load, capacity, hours=None, speed=30.0, unload=0.0, d0=None, dd=None):
    """Every drop once (routed or undelivered), loads and days within limits."""
    seen = [i for route in r.routes for i in route]
    assert len(seen) == len(set(seen))
    assert sorted(seen + list(r.undelivered)) == list(range(len(load)))
    for route, k, km in zip(r.routes, r.truck, r.km, strict=True):
        assert load[route].sum() <= capacity[k] + 1e-9
        if hours is not None:
            assert km / speed + len(route) * unload / 60 <= hours + 1e-9
        if d0 is not None:
            legs = d0[route[0]] + d0[route[-1]]
            legs += sum(dd[a, b] for a, b in zip(route[:-1], route[1:], strict=True))
            assert km == pytest.approx(legs)


# ---------------------------------------------------------------------------
# The routing kernel on hand-checkable instances
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("solver", routes.SOLVERS)
def test_three_partners_on_a_line_are_one_rit_of_60_km(solver):
    d0, dd = _line([10, 20, 30])
    load = np.array([0.5, 0.5, 0.5])
    r = routes.solve_routes(d0, dd, load, solver=solver, **TRUCKS, **EASY)
    # out to km 30 and back: 60 km, 1.5 t in the CDE; dedicated trips 120 km
    assert len(r.routes) == 1 and sorted(r.routes[0]) == [0, 1, 2]
    assert r.km.sum() == pytest.approx(60.0)
    assert r.truck == [0]
    assert r.total_cost == pytest.approx(60 * 7500)
    _check(r, load, TRUCKS["capacity"], d0=d0, dd=dd)


@pytest.mark.parametrize("solver", routes.SOLVERS)
def test_capacity_is_respected_and_picks_the_truck(solver):
    d0, dd = _line([10, 20, 30])
    load = np.array([1.5, 1.5, 1.5])
    # 4,5 t fit one CDD (60 km × Rp10.000) — cheaper than three CDE trips
    r = routes.solve_routes(d0, dd, load, solver=solver, **TRUCKS, **EASY)
    assert r.truck == [1] and r.km.sum() == pytest.approx(60.0)
    # with the CDE alone no two drops fit one truck: three round trips, 120 km
    small = {"capacity": np.array([2.0]), "rate": np.array([7500.0])}
    r = routes.solve_routes(d0, dd, load, solver=solver, **small, **EASY)
    assert len(r.routes) == 3 and r.km.sum() == pytest.approx(120.0)
    _check(r, load, small["capacity"], d0=d0, dd=dd)


@pytest.mark.parametrize("solver", routes.SOLVERS)
def test_the_working_day_splits_the_tour(solver):
    d0, dd = _line([10, 20, 30])
    load = np.array([0.5, 0.5, 0.5])
    day = {"hours": 3.0, "unload_min": 30.0, "speed_kmh": 30.0}
    # one tour: 60 km = 2 h + 3 × 30 min = 3,5 h > 3 h. Best: {10} and {20, 30}
    # (20 km + 60 km = 80 km; 0,67 h + 0,5 h and 2 h + 1 h)
    r = routes.solve_routes(d0, dd, load, solver=solver, **TRUCKS, **day)
    assert len(r.routes) == 2
    assert r.km.sum() == pytest.approx(80.0)
    _check(r, load, TRUCKS["capacity"], hours=3.0, unload=30.0, d0=d0, dd=dd)


def test_a_drop_beyond_a_working_day_is_reported_not_routed():
    d0, dd = _line([10, 200, 20])
    load = np.array([0.5, 0.5, 0.5])
    day = {"hours": 8.0, "unload_min": 30.0, "speed_kmh": 30.0}
    r = routes.solve_routes(d0, dd, load, **TRUCKS, **day)
    # 400 km at 30 km/h = 13,3 h: no truck can do it in one day
    assert list(r.undelivered) == [1]
    assert "hari kerja" in r.undelivered[1] and "13,8 jam" in r.undelivered[1]
    assert violations(r.undelivered[1]) == []
    _check(r, load, TRUCKS["capacity"], hours=8.0, unload=30.0, d0=d0, dd=dd)
    big = routes.solve_routes(d0[:1], dd[:1, :1], np.array([6.0]), **TRUCKS, **EASY)
    assert big.routes == [] and "truk terbesar" in big.undelivered[0]


@pytest.mark.parametrize("solver", routes.SOLVERS)
def test_two_drops_of_one_partner_never_share_a_rit(solver):
    d0, dd = _line([10, 10, 20])
    load = np.array([0.5, 0.5, 0.5])
    r = routes.solve_routes(
        d0, dd, load, np.array([0, 0, 1]), solver=solver, **TRUCKS, **EASY
    )
    assert len(r.routes) == 2
    for route in r.routes:
        assert not {0, 1} <= set(route)
    _check(r, load, TRUCKS["capacity"])


def test_savings_is_the_fallback_when_ortools_is_absent(monkeypatch):
    d0, dd = _line([10, 20, 30, -15])
    load = np.full(4, 0.5)
    monkeypatch.setitem(sys.modules, "ortools.constraint_solver", None)
    r = routes.solve_routes(d0, dd, load, solver="ortools", **TRUCKS, **EASY)
    assert "Clarke–Wright" in r.method and "tidak terpasang" in r.method
    ref = routes.solve_routes(d0, dd, load, solver="savings", **TRUCKS, **EASY)
    assert r.routes == ref.routes
    # the savings answer: the east drops in one rit (60 km), the west one alone
    assert sorted(map(sorted, r.routes)) == [[0, 1, 2], [3]]
    assert r.km.sum() == pytest.approx(90.0)


def test_ortools_is_never_worse_than_its_savings_start():
    rng = np.random.default_rng(3)
    xy = rng.uniform(-20, 20, size=(25, 2))
    d0 = np.hypot(*xy.T)
    dd = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    load = rng.choice([0.5, 1.0, 2.0], size=25)
    day = {"hours": 8.0, "unload_min": 30.0, "speed_kmh": 30.0}
    sav = routes.solve_routes(d0, dd, load, solver="savings", **TRUCKS, **day)
    ort = routes.solve_routes(
        d0, dd, load, solver="ortools", time_limit=0.3, **TRUCKS, **day
    )
    assert ort.total_cost <= sav.total_cost + 1e-6
    again = routes.solve_routes(
        d0, dd, load, solver="ortools", time_limit=0.3, **TRUCKS, **day
    )
    assert again.routes == ort.routes  # local improvement: the same answer
    gls = routes.solve_routes(
        d0, dd, load, time_limit=0.3, guided=True, **TRUCKS, **day
    )
    assert gls.total_cost <= sav.total_cost + 1e-6 and "terpandu" in gls.method
    for r in (sav, ort, gls):
        _check(r, load, TRUCKS["capacity"], 8.0, 30.0, 30.0, d0, dd)


def test_an_unknown_solver_is_one_indonesian_error():
    d0, dd = _line([10])
    with pytest.raises(ds.DistributionError, match="pemecah rute"):
        routes.solve_routes(d0, dd, np.ones(1), solver="x", **TRUCKS, **EASY)


# ---------------------------------------------------------------------------
# One warehouse per partner
# ---------------------------------------------------------------------------
def test_a_partner_moves_whole_to_the_other_warehouse_when_the_nearest_is_short():
    amounts = np.array([[2.0, 2.0, 2.0]])  # one commodity, t
    km = np.array([[5.0, 20.0], [6.0, 8.0], [7.0, 30.0]])
    supply = np.array([[4.0, 4.0]])
    share, main, status = assign.assign_sources(amounts, supply, km)
    # all three are nearest to warehouse 0 (4 t): partner 1 costs least to move
    assert main.tolist() == [0, 1, 0]
    assert ((share > 0).sum(axis=1) == 1).all()
    assert status == assign.SOURCING_OPTIMAL
    nearest = assign.assign_sources(amounts, np.array([[6.0, 0.0]]), km)
    assert nearest[1].tolist() == [0, 0, 0]
    assert nearest[2] == assign.SOURCING_NEAREST


def test_a_split_only_when_the_allocation_forces_it():
    amounts = np.array([[3.0, 3.0]])
    km = np.array([[5.0, 9.0], [6.0, 7.0]])
    supply = np.array([[4.0, 2.0]])
    share, main, _ = assign.assign_sources(amounts, supply, km)
    # 6 t of orders, 4 t + 2 t of supply: no single-source answer exists
    assert ((share > 0).sum(axis=1) > 1).sum() == 1
    np.testing.assert_allclose((amounts @ share)[0], [4.0, 2.0])
    with pytest.raises(ds.DistributionError, match="pro rata"):
        assign.assign_sources(amounts, np.array([[2.0, 2.0]]), km)


# ---------------------------------------------------------------------------
# The default plan (Kabupaten Pasuruan, 30 sited partners)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan_(boundary_dir):
    net = ds.prepare()
    sc = next(s for s in ds.default_scenarios(30) if s.key == ds.PLAN_KEY)
    return ds.plan(net, sc)


@pytest.fixture(scope="module")
def week(plan_):
    return ds.weekly_routes(plan_, time_limit=0.5)


def test_default_plan_one_warehouse_each_and_routes_halve_vehicle_km(plan_, week):
    a = week.assignment
    assert (a.warehouse >= 0).all() and a.split.empty and a.notes == []
    s = week.ringkasan
    assert s["km_kendaraan"] <= 0.5 * s["km_kendaraan_langsung"]
    assert s["penghematan_km_persen"] >= 50
    assert s["biaya_angkut_rp_per_kg"] < s["biaya_angkut_langsung_rp_per_kg"]
    # every drop of the week once: routed + undelivered = the drop table
    drops = routes.drop_table(plan_, a)
    assert len(week.rute) + len(week.tak_terkirim) == len(drops)
    tonnes = float(plan_.mass @ ds.week_amounts(plan_).sum(axis=1))
    assert week.rute["muatan_t"].sum() + s["tak_terkirim_t"] == pytest.approx(tonnes)
    assert week.rute["koperasi_id"].nunique() == plan_.n_partners


def test_default_plan_routes_respect_trucks_and_the_day(week):
    rp = routes.route_params()
    cap = dict(zip(*ds.trucks()[["truk", "kapasitas_t"]].T.to_numpy(), strict=True))
    for _, stops in week.rute.groupby(["gudang", "rit"]):
        assert stops["muatan_t"].sum() <= cap[stops["truk"].iloc[0]] + 1e-9
        assert stops["jam_rit"].iloc[0] <= rp["hours"] + 1e-9
        assert stops["koperasi_id"].is_unique
        assert stops["urutan"].tolist() == list(range(1, len(stops) + 1))
        assert stops["km_kumulatif"].is_monotonic_increasing
    assert list(week.rute.columns) == list(routes.ROUTE_COLUMNS)
    per_rit = week.per_rit()
    assert len(per_rit) == week.ringkasan["rit"]


def test_cost_per_kg_beside_margin_and_het_and_who_pays(plan_, week):
    t = freight.transport_terms(week)
    assert t["margin_beras_rp_per_kg"] == plan_.prices.margin == 1500
    assert t["het_beras_rp_per_kg"] == plan_.prices.het
    assert 0 < t["biaya_angkut_rp_per_kg"] < t["margin_beras_rp_per_kg"]
    assert t["pembayar_angkut"] == "dibayar Bulog (SPHP: Bulog mengantar ke koperasi)"
    texts = [*week.lines(), t["pembayar_angkut"], t["keterangan_angkut"]]
    assert all(violations(x) == [] for x in texts), [violations(x) for x in texts]


def test_a_forced_split_is_reported_with_its_reason(plan_):
    q = ds.week_amounts(plan_)
    need = q.sum(axis=1)
    # the allocation exactly covers the week, 1/10 of it at the Malang warehouse
    supply = np.stack([need * 0.1, need * 0.9], axis=1)
    tight = dataclasses.replace(plan_, supply=supply)
    a = ds.assign_warehouses(tight)
    assert (a.scale == 1).all()
    np.testing.assert_allclose((a.amounts @ a.share), supply, atol=1e-6)
    assert len(a.split) >= 1
    assert len(a.split) <= 3  # at most one split partner per binding commodity
    assert a.split["alasan"].str.contains("dipasok dari dua gudang").all()
    assert all(violations(n) == [] for n in a.notes)
    r = ds.weekly_routes(tight, assignment=a, solver="savings")
    split_ids = set(a.split["koperasi_id"])
    both = r.rute[r.rute["koperasi_id"].isin(split_ids)].groupby("koperasi_id")
    assert (both["gudang"].nunique() == 2).all()


def test_a_short_allocation_cuts_every_order_pro_rata(plan_):
    q = ds.week_amounts(plan_)
    short = dataclasses.replace(
        plan_, supply=plan_.supply * 0.0 + q.sum(1)[:, None] / 4
    )
    a = ds.assign_warehouses(short)
    np.testing.assert_allclose(a.scale, 0.5)
    assert any("pro rata" in n for n in a.notes)


def test_route_layer_draws_one_line_per_rit(plan_, week):
    import folium

    from kdkmp_analysis import maps

    layer = maps.route_layer(week.rute, plan_.network.gudang)
    lines = [c for c in layer._children.values() if isinstance(c, folium.PolyLine)]
    assert len(lines) == week.ringkasan["rit"]
    assert layer.layer_name == maps.ROUTE_LAYER_NAME
    from kdkmp_analysis.maps.routes import route_tooltip

    stops = week.rute[week.rute["rit"] == 1].iloc[:3]
    tip = route_tooltip(stops)
    assert "Rit 1" in tip and "km pergi-pulang" in tip
    assert violations(tip.replace("<br>", " ")) == []
    m = folium.Map()
    folium.LayerControl().add_to(m)  # a finished map already has its layer list
    maps.add_route_layer(m, week.rute, plan_.network.gudang)
    kinds = [type(c).__name__ for c in m._children.values()]
    assert kinds[-1] == "LayerControl" and "FeatureGroup" in kinds
    html = m.get_root().render()
    assert html.index("L.featureGroup") < html.index("L.control.layers")
    with pytest.raises(maps.MapError, match="Tabel rute"):
        maps.route_layer(week.rute.drop(columns=["km_rute"]), plan_.network.gudang)


def test_route_table_is_labelled(week):
    t = freight.route_table(week, "; catatan uji")
    assert t["keterangan"].str.contains("PERKIRAAN").all()
    assert t["keterangan"].str.endswith("mengantar ke koperasi)").all()
    assert t["keterangan"].str.contains("catatan uji").all()
    assert (t["kunci_skenario"] == ds.PLAN_KEY).all()
    assert isinstance(t, pd.DataFrame)


def test_simulate_writes_rute_csv_and_the_cost_beside_margin_and_het(tmp_path):
    import contextlib
    import io

    from kdkmp_analysis import cli

    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["simulate", "--runs", "2", "--out", str(tmp_path)]) == 0
    sk = pd.read_csv(tmp_path / "skenario.csv")
    cols = list(sk.columns)
    at = cols.index("biaya_angkut_rp_per_kg")
    assert cols[at + 1 : at + 5] == [
        "margin_beras_rp_per_kg",
        "het_beras_rp_per_kg",
        "persen_biaya_angkut_dari_margin",
        "pembayar_angkut",
    ]
    done = sk["alasan_tidak_dinilai"].astype("string").fillna("") == ""
    assert (sk.loc[done, "biaya_angkut_rp_per_kg"] > 0).all()
    assert (sk.loc[done, "margin_beras_rp_per_kg"] == 1500).all()
    assert sk.loc[done, "pembayar_angkut"].str.startswith("dibayar Bulog").all()
    rute = pd.read_csv(tmp_path / "rute.csv")
    assert len(rute) and rute["keterangan"].fillna("").str.len().gt(0).all()
    assert {"gudang", "truk", "rit", "urutan", "muatan_t", "km_rute"} <= set(rute)
    assert (rute["kunci_skenario"] == ds.PLAN_KEY).all()
