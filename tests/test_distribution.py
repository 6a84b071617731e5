"""Weekly distribution model: hand-built cases with known answers, invariants, real 365."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import params

RICE_T_PER_PERSON_WEEK = 6.34 * 12 / 52 / 1000


def _network(
    pops,
    dist_desa_kop,
    dist_kop_gudang,
    *,
    storage=None,
    mitra=None,
    ready=None,
    allocation=None,
    kec=None,
):
    """A tiny network with given populations and road distances (circuity 1)."""
    n_d, n_k = np.shape(dist_desa_kop)
    n_w = np.shape(dist_kop_gudang)[1]
    desa = pd.DataFrame(
        {
            "kode_desa": [f"99.99.01.{2001 + i}" for i in range(n_d)],
            "nama_desa": [f"Desa {i}" for i in range(n_d)],
            "kode_kecamatan": kec or ["99.99.01"] * n_d,
            "nama_kecamatan": [f"Kec {c[-2:]}" for c in (kec or ["99.99.01"] * n_d)],
            "penduduk": np.asarray(pops, dtype=float),
            "lat": 0.0,
            "lon": 0.0,
        }
    )
    kop = pd.DataFrame(
        {
            "koperasi_id": [f"K{j}" for j in range(n_k)],
            "nama_koperasi": [f"Koperasi {j}" for j in range(n_k)],
            "kode_desa": desa["kode_desa"].iloc[:n_k].to_numpy(),
            "nama_desa": desa["nama_desa"].iloc[:n_k].to_numpy(),
            "nama_kecamatan": "Kec 01",
            "lat": 0.0,
            "lon": 0.0,
            "kapasitas_gudang_t": pd.array(storage or [0.5] * n_k, dtype="Float64"),
            "mitra_bulog": pd.array(mitra or [False] * n_k, dtype="boolean"),
            "siap_bulog": pd.array(ready or [True] * n_k, dtype="boolean"),
        }
    )
    gud = pd.DataFrame(
        {
            "gudang": [f"g{w}" for w in range(n_w)],
            "nama": [f"Gudang {w}" for w in range(n_w)],
            "lat": 0.0,
            "lon": 0.0,
            "porsi_alokasi": 1.0 / n_w,
            "status_titik": "data",
        }
    )
    return ds.Network(
        kab_code="99.99",
        desa=desa,
        koperasi=kop,
        gudang=gud,
        allocation=allocation or {"beras": 1e6, "minyak_goreng": 1e6, "gula": 1e6},
        gc_desa_kop=np.asarray(dist_desa_kop, dtype=float),
        gc_kop_gudang=np.asarray(dist_kop_gudang, dtype=float),
        status_penduduk="data",
        status_data="impor",
        excluded=pd.DataFrame(),
    )


def _sc(**kw):
    base = {
        "name": "uji",
        "partners": "all",
        "share": 1.0,
        "circuity": 1.0,
        "max_km": 1.0,
        "weeks": 2,
    }
    base.update(kw)
    return ds.Scenario(**base)


def test_weekly_demand_is_population_times_consumption_times_12_over_52():
    c = ds.commodity("beras")
    assert c.weekly_per_capita == pytest.approx(RICE_T_PER_PERSON_WEEK)
    assert ds.commodity("gula").weekly_per_capita == pytest.approx(
        0.644 * 12 / 52 / 1000
    )
    assert ds.commodity("minyak_goreng").unit == "kl"
    net = _network([10_000], [[0.0]], [[10.0]])
    res = ds.simulate(net, _sc(share=0.5))
    week1 = res.desa_mingguan.query("minggu == 1 and komoditas == 'beras'")
    assert week1["permintaan"].iloc[0] == pytest.approx(
        10_000 * RICE_T_PER_PERSON_WEEK * 0.5
    )
    with pytest.raises(ds.DistributionError, match="tidak dikenal"):
        ds.commodity("kopi")


def test_pro_rata_rationing_known_answer():
    # three desa with their own cooperative; demand 1, 3, 2 t/week; cap 2 t;
    # the warehouse has 4 t: orders 1+2+2 = 5 t are each filled at 80 %
    pops = np.array([1.0, 3.0, 2.0]) / RICE_T_PER_PERSON_WEEK
    far = 10.0
    d = np.full((3, 3), far)
    np.fill_diagonal(d, 0.0)
    net = _network(
        pops,
        d,
        [[20.0]] * 3,
        allocation={"beras": 4.0, "minyak_goreng": 1e6, "gula": 1e6},
    )
    res = ds.simulate(net, _sc(cap_rice_t=2.0))
    rice = res.desa_mingguan.query("minggu == 1 and komoditas == 'beras'").set_index(
        "nama_desa"
    )
    np.testing.assert_allclose(
        rice.loc[["Desa 0", "Desa 1", "Desa 2"], "tersalur"], [0.8, 1.6, 1.6]
    )
    np.testing.assert_allclose(
        rice.loc[["Desa 0", "Desa 1", "Desa 2"], "tak_terpenuhi"], [0.2, 1.4, 0.4]
    )
    g = res.gudang_mingguan.query("minggu == 1 and komoditas == 'beras'")
    assert g["dikirim"].iloc[0] == pytest.approx(4.0) and g["sisa"].iloc[
        0
    ] == pytest.approx(0)
    assert res.invariant_violations() == []
    kec = res.kecamatan.query("komoditas == 'beras'").iloc[0]
    assert kec["cakupan_persen"] == pytest.approx(100 * 4.0 / 6.0)


def test_instalments_trips_and_ton_km():
    # one partner, 1.6 t of rice a week, 20 km from the warehouse
    pops = [1.6 / RICE_T_PER_PERSON_WEEK]
    for storage, trips in [(0.5, 4), (1.0, 2), (5.0, 1), (0.0, 4)]:
        net = _network(pops, [[0.0]], [[20.0]], storage=[storage])
        res = ds.simulate(net, _sc(share=1.0, cap_oil_kl=0.0, cap_sugar_t=0.0))
        wk = res.mitra_mingguan.query("minggu == 1").iloc[0]
        assert wk["massa_t"] == pytest.approx(1.6)
        assert wk["rit"] == trips, storage
        assert wk["ton_km"] == pytest.approx(1.6 * 20.0)
        assert res.mitra["truk"].iloc[0] == ("cdd" if storage > 2 else "cde")
        assert res.ringkasan["biaya_angkut_rp"] == pytest.approx(
            2
            * trips
            * 2
            * 20.0
            * params.entry(f"truk.{res.mitra['truk'].iloc[0]}")["biaya_rp_per_km"]
        )


def test_second_warehouse_serves_what_the_nearest_cannot():
    pops = [2.0 / RICE_T_PER_PERSON_WEEK]
    net = _network(
        pops,
        [[0.0]],
        [[10.0, 50.0]],
        storage=[5.0],
        allocation={"beras": 2.0, "minyak_goreng": 1e6, "gula": 1e6},
    )
    # porsi 0.5/0.5 → 1 t in each warehouse; the near one runs out
    res = ds.simulate(net, _sc(cap_rice_t=2.0, cap_oil_kl=0.0, cap_sugar_t=0.0))
    g = res.gudang_mingguan.query("minggu == 1 and komoditas == 'beras'")
    np.testing.assert_allclose(g["dikirim"], [1.0, 1.0])
    wk = res.mitra_mingguan.query("minggu == 1").iloc[0]
    assert wk["ton_km"] == pytest.approx(1.0 * 10 + 1.0 * 50)
    assert wk["rit"] == 2  # one delivery from each warehouse
    assert res.invariant_violations() == []


def test_unreached_desa_get_nothing_and_are_reported():
    net = _network([1000, 1000], [[0.0], [9.0]], [[10.0]])
    res = ds.simulate(net, _sc(max_km=5.0))
    far = res.desa_mingguan.query("nama_desa == 'Desa 1'")
    assert far["tersalur"].eq(0).all() and far["koperasi_penyalur"].isna().all()
    assert res.ringkasan["desa_terjangkau"] == 1
    assert res.kecamatan["persen_terjangkau"].iloc[0] == pytest.approx(50.0)


def test_capacity_assignment_uses_idle_partner():
    # desa 0 and 1 are next to partner X; desa 2 next to Y; desa 1 is 4 km from Y.
    # Nearest: X gets 2 t of demand for a 1 t cap while Y idles at 0.2 t.
    pops = np.array([1.0, 1.0, 0.2]) / RICE_T_PER_PERSON_WEEK
    d = [[0.0, 9.0], [1.0, 4.0], [3.0, 0.0]]
    net = _network(pops, d, [[10.0, 10.0]][0:1] * 2)
    kw = {"max_km": 5.0, "cap_rice_t": 1.0, "weeks": 1}
    near = ds.simulate(net, _sc(**kw))
    cap = ds.simulate(net, _sc(assignment="capacity", **kw))
    # the LP splits desa 1 (0.8 at Y): a rounded LP is never called optimal,
    # but here the rounding reaches the LP bound (2 t)
    status = cap.plan.assignment_status
    assert status == "pembulatan LP (tidak terbukti optimal; 100,0% dari batas atas LP)"
    assert list(cap.plan.assign) == [0, 1, 1]
    r_near = near.ringkasan["tersalur_beras_t"]
    r_cap = cap.ringkasan["tersalur_beras_t"]
    assert r_near == pytest.approx(1.2) and r_cap == pytest.approx(2.0)
    assert cap.invariant_violations() == []


def test_capacity_assignment_is_optimal_only_when_the_lp_is_integral():
    # ample caps: every desa whole at its nearest partner, an integral LP
    demand = np.array([1.0, 1.0, 0.2])
    dist = np.array([[0.0, 9.0], [1.0, 4.0], [3.0, 0.0]])
    assign, status = ds.assign_capacity(demand, dist, np.array([5.0, 5.0]), 5.0)
    assert status == "optimal" and list(assign) == [0, 0, 1]
    # desa 0 (1.5 t) reaches only A, desa 2 (1 t) only B, desa 1 (1.5 t) both;
    # caps 2 t: the LP serves 4 t by splitting desa 1, no whole-desa
    # assignment can (best 3.5 t) — the status must say so
    demand = np.array([1.5, 1.5, 1.0])
    dist = np.array([[0.0, 9.0], [1.0, 1.0], [9.0, 0.0]])
    assign, status = ds.assign_capacity(demand, dist, np.array([2.0, 2.0]), 5.0)
    assert status.startswith("pembulatan LP (tidak terbukti optimal; ")
    assert status != "optimal"
    load = np.bincount(assign, weights=demand, minlength=2)
    served = np.minimum(load, 2.0).sum()
    assert served in (3.0, 3.5)
    pct = float(status.split("; ")[1].split("%")[0].replace(",", "."))
    assert pct == pytest.approx(100 * served / 4.0, abs=0.05)


def test_summary_names_what_limits_the_need():
    # one desa, one partner: need 3 t/week
    pops = [3.0 / RICE_T_PER_PERSON_WEEK]

    def run(cap, alloc):
        net = _network(
            pops,
            [[0.0]],
            [[10.0]],
            storage=[5.0],
            allocation={"beras": alloc, "minyak_goreng": 1e6, "gula": 1e6},
        )
        return ds.simulate(net, _sc(cap_rice_t=cap, weeks=1)).ringkasan

    supply = run(cap=5.0, alloc=1.0)  # the cap would allow 3 t: the warehouse has 1 t
    assert supply["pembatas_beras"] == "pasokan gudang"
    assert supply["tak_terpenuhi_pasokan_beras_t"] == pytest.approx(2.0)
    assert supply["tak_terpenuhi_batas_beras_t"] == pytest.approx(0.0)
    cap = run(cap=2.0, alloc=10.0)  # stock enough: the 2 t cap binds
    assert cap["pembatas_beras"] == "batas per mitra"
    assert cap["tak_terpenuhi_batas_beras_t"] == pytest.approx(1.0)
    both = run(cap=2.0, alloc=0.5)  # cap leaves 1 t unmet, then supply 1.5 t
    assert both["pembatas_beras"] == "pasokan gudang + batas per mitra"
    free = run(cap=5.0, alloc=10.0)
    assert free["pembatas_beras"] == "tidak ada" and free["cakupan_beras_persen"] == 100
    far = _network([1000, 1000], [[0.0], [9.0]], [[10.0]])
    s = ds.simulate(far, _sc(max_km=5.0)).ringkasan
    assert s["pembatas_beras"].startswith("jangkauan")
    assert s["tak_terpenuhi_jangkauan_beras_t"] == pytest.approx(
        1000 * RICE_T_PER_PERSON_WEEK * 2
    )


def _unknown_statuses(reg, *, readiness=True, mitra=True):
    """A register as a SIMKOPDES import leaves it: statuses unknown."""
    reg = reg.copy()
    if readiness:
        reg["badan_hukum"] = pd.array([pd.NA] * len(reg), dtype="boolean")
    if mitra:
        reg["mitra_bulog"] = pd.array([pd.NA] * len(reg), dtype="boolean")
    return reg


def test_scenarios_the_register_cannot_support_are_skipped_with_a_reason(
    default_register, desa_polygons
):
    net = ds.prepare(_unknown_statuses(default_register), desa_polygons=desa_polygons)
    assert net.koperasi["siap_bulog"].isna().sum() == 341  # 24 lack an NIB: known False
    scenarios = ds.default_scenarios(30)
    reasons = {sc.name: ds.scenario_problem(net, sc) for sc in scenarios}
    assert "mitra_bulog kosong" in reasons["Mitra Bulog saat ini"]
    assert (
        "tidak dapat dinilai untuk 341 dari 365"
        in reasons["Semua koperasi siap, batas 2 t"]
    )
    assert (
        "melebihi 0 koperasi yang diketahui siap"
        in reasons["30 mitra terpilih (penempatan)"]
    )
    summary, by_kec = ds.compare(net, scenarios)
    assert summary.empty and by_kec.empty
    assert summary.attrs["tidak_dinilai"] == reasons
    assert "tidak dapat dinilai: Mitra Bulog saat ini" in summary.attrs["keterangan"]
    # simulating one directly is a clear error, never a silent 0 %
    with pytest.raises(ds.DistributionError, match="tidak dapat dinilai: tidak ada"):
        ds.simulate(net, scenarios[2])
    # counting the unassessed as candidates: evaluated and labelled
    marked = ds.default_scenarios(30, include_unassessed=True)
    summary, by_kec = ds.compare(net, marked)
    assert list(summary.index) == [sc.name for sc in marked[1:]]
    assert list(summary.attrs["tidak_dinilai"]) == ["Mitra Bulog saat ini"]
    assert all("belum dinilai" in name for name in summary.index)
    assert (summary["jumlah_mitra"].iloc[:3] == 341).all()
    assert (
        summary.loc["30 mitra terpilih (penempatan + belum dinilai)", "jumlah_mitra"]
        == 30
    )
    assert summary["catatan_mitra"].str.contains("341 koperasi .* DIANGGAP siap").all()
    assert summary["keterangan"].str.contains("DIANGGAP siap").all()
    assert by_kec.shape == (24, 5)


def test_partly_known_statuses_still_evaluate(default_register, desa_polygons):
    # readiness known for some: the ready scenario runs on those, and says so
    reg = default_register.copy()
    bh = reg["badan_hukum"].astype("boolean").copy()
    bh.iloc[:100] = pd.NA
    reg["badan_hukum"] = bh
    net = ds.prepare(reg, desa_polygons=desa_polygons)
    n_known = int(net.koperasi["siap_bulog"].fillna(False).sum())
    assert 0 < n_known < 341
    sc = ds.Scenario("siap", partners="ready")
    assert ds.scenario_problem(net, sc) is None
    res = ds.simulate(net, sc)
    assert res.ringkasan["jumlah_mitra"] == n_known
    assert "belum dapat dinilai tidak dihitung" in res.ringkasan["catatan_mitra"]
    # asking for more sited partners than known-ready ones: skipped, with the hint
    big = ds.Scenario("banyak", partners="sited", n_partners=n_known + 20)
    assert "--kandidat-belum-dinilai" in ds.scenario_problem(net, big)


def test_vectorised_model_equals_plain_python_loop():
    rng = np.random.default_rng(0)
    n_d, n_k = 12, 5
    d = rng.uniform(0, 6, (n_d, n_k))
    net = _network(
        rng.integers(500, 4000, n_d),
        d,
        rng.uniform(5, 60, (n_k, 2)),
        storage=[0.0, 0.5, 1.0, 5.0, 10.0],
        allocation={"beras": 3.0, "minyak_goreng": 1.0, "gula": 0.4},
    )
    p = ds.plan(net, _sc(max_km=3.0, weeks=5))
    dem, sup = ds._draw(
        p,
        np.random.Generator(np.random.SFC64(1)),
        3,
        5,
        ds.Uncertainty(0.3, 0.4, 0.7),
        dtype=np.float64,
    )
    fast = ds._core(p, dem, sup, detail=True)
    slow = ds.reference_loop(p, dem, sup)
    for key in ("delivered", "received", "trips", "tonkm"):
        np.testing.assert_allclose(fast[key], slow[key], rtol=1e-9, atol=1e-9)


def test_bulog_readiness_is_three_valued():
    reg = pd.DataFrame(
        {
            "badan_hukum": pd.array([True, True, True, pd.NA], dtype="boolean"),
            "nib": pd.array([True, False, pd.NA, False], dtype="boolean"),
            "npwp": pd.array([True, True, True, True], dtype="boolean"),
        }
    )
    assert ds.bulog_ready(reg).tolist() == [True, False, pd.NA, False]


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        (_sc(share=1.5), "porsi saluran"),
        (_sc(partners=("K0", "X9")), "koperasi_id tidak dikenal: X9"),
        (_sc(partners="sited"), "perlu jumlah mitra"),
        (_sc(partners="semua"), "pilihan mitra 'semua' tidak dikenal"),
        (_sc(assignment="acak"), "penugasan 'acak' tidak dikenal"),
        (_sc(circuity=0.8), "sirkuitas"),
    ],
)
def test_scenario_mistakes_are_clear(scenario, message):
    net = _network([1000, 1000], [[0.0, 1.0], [1.0, 0.0]], [[10.0], [10.0]])
    with pytest.raises(ds.DistributionError, match=message):
        ds.plan(net, scenario)


def test_other_kabupaten_needs_its_own_warehouses():
    with pytest.raises(
        ds.DistributionError, match="gudang Bulog untuk kabupaten 35.07"
    ):
        ds.warehouses("35.07")


# --- the real 365 ------------------------------------------------------------
def network_register():
    from kdkmp_analysis import register as register_mod

    return register_mod.default_register("35.14")


@pytest.fixture(scope="module")
def network(desa_polygons, default_register):
    return ds.prepare(default_register, desa_polygons=desa_polygons)


def test_network_labels_its_data(network):
    assert len(network.desa) == 365 and len(network.koperasi) == 365
    assert network.desa["penduduk"].sum() == 1_665_922
    assert "ILUSTRASI" in network.label and "penduduk perkiraan" in network.label
    assert "titik gudang perkiraan" in network.label
    assert set(network.gudang["gudang"]) == {"malang", "pasuruan"}
    # the weekly rice allocation is its own ilustrasi assumption, not the
    # Dec 2025 stock snapshot (26,154 t) divided by anything
    rice = network.allocation["beras"]
    entry = params.entry("distribusi.alokasi_beras_t_minggu")
    assert rice == entry["nilai"] and entry["sumber"] == "asumsi"
    assert entry["status"] == "ilustrasi"
    assert "alokasi mingguan Bulog ilustrasi" in network.label
    own = ds.prepare(
        network_register(), allocation={"beras": 1.0, "minyak_goreng": 1.0, "gula": 1.0}
    )
    assert own.status_alokasi == "data" and "alokasi" not in own.label


@pytest.mark.parametrize("scenario", ds.default_scenarios(30), ids=lambda s: s.name)
def test_invariants_hold_for_every_standard_scenario(network, scenario):
    res = ds.simulate(
        network, scenario, uncertainty=ds.Uncertainty.from_params(), seed=3
    )
    assert res.invariant_violations() == []
    a = res.arrays
    assert (a["received"] <= res.plan.cap[None, None, :, None] + 1e-9).all()
    assert (a["shipped_wh"] <= a["stock"] + 1e-9).all()
    assert (a["delivered"] <= a["demand"] + 1e-12).all()
    assert "ilustrasi" in res.ringkasan["keterangan"].lower()


def test_expected_case_figures(network):
    res = ds.simulate(network, ds.Scenario(partners="ready", cap_rice_t=2.0))
    s = res.ringkasan
    assert s["jumlah_mitra"] == 341
    # weekly rice need through the channel: 1,665,922 × 6.34 kg × 12/52 × 30 %
    need = 1_665_922 * RICE_T_PER_PERSON_WEEK * 0.3 * 52
    assert s["permintaan_beras_t"] == pytest.approx(need)
    # 341 × 2 t exceeds the (ilustrasi) weekly allocation: supply binds, and
    # the summary says so
    alloc = params.value("distribusi.alokasi_beras_t_minggu")
    assert s["tersalur_beras_t"] == pytest.approx(52 * alloc, rel=1e-6)
    assert "pasokan gudang" in s["pembatas_beras"]
    assert s["tak_terpenuhi_pasokan_beras_t"] > 0
    low = ds.simulate(network, ds.Scenario(partners="ready", cap_rice_t=1.0)).ringkasan
    assert "pasokan" not in low["pembatas_beras"]  # at 1 t the cap binds first
    assert low["tersalur_beras_t"] < 52 * alloc
    assert len(res.desa_mingguan) == 52 * 3 * 365
    assert len(res.kecamatan) == 24 * 3


def test_more_cap_never_less_rice_and_current_partners_cover_less(network):
    summary, by_kec = ds.compare(network, ds.default_scenarios(30))
    cov = summary["cakupan_beras_persen"]
    assert (
        cov["Semua koperasi siap, batas 1 t"] <= cov["Semua koperasi siap, batas 2 t"]
    )
    assert cov["Mitra Bulog saat ini"] < cov["Semua koperasi siap, batas 2 t"]
    assert by_kec.shape == (24, 6)
    assert summary.loc["30 mitra terpilih (penempatan)", "jumlah_mitra"] == 30


def test_same_seed_identical_results(network):
    unc = ds.Uncertainty.from_params()
    a = ds.simulate(network, uncertainty=unc, seed=11)
    b = ds.simulate(network, uncertainty=unc, seed=11)
    c = ds.simulate(network, uncertainty=unc, seed=12)
    pd.testing.assert_frame_equal(a.desa_mingguan, b.desa_mingguan)
    assert not a.desa_mingguan["permintaan"].equals(c.desa_mingguan["permintaan"])
    m1 = ds.monte_carlo(network, runs=40, seed=5, threads=1)
    m2 = ds.monte_carlo(network, runs=40, seed=5, threads=2)
    for key, arr in m1.samples.items():
        np.testing.assert_array_equal(arr, m2.samples[key], err_msg=key)


def test_monte_carlo_bands(network):
    mc = ds.monte_carlo(network, ds.Scenario(partners="all"), runs=60, seed=1)
    w = mc.mingguan
    assert len(w) == 52 * 3
    assert (w["tersalur_p10"] <= w["tersalur_p50"] + 1e-6).all()
    assert (w["tersalur_p50"] <= w["tersalur_p90"] + 1e-6).all()
    assert (w["cakupan_p90"] <= 100 + 1e-4).all()
    assert mc.samples["delivered_week"].shape == (60, 52, 3)
    assert (
        mc.samples["delivered_week"] <= mc.samples["demand_week"] * (1 + 1e-5)
    ).all()
    # disruptions make rice supply vary: P10 < P90 somewhere
    rice = w[w["komoditas"] == "beras"]
    assert (rice["tersalur_p10"] < rice["tersalur_p90"]).any()
    assert "ilustrasi" in w.attrs["keterangan"]
    k = mc.kecamatan
    assert len(k) == 24 * 3 and (k["cakupan_p10"] <= k["cakupan_p90"] + 1e-6).all()


def test_planner_population_file_replaces_estimate(tmp_path, network, default_register):
    from kdkmp_analysis.region import population

    path = population.write_population_template(tmp_path / "penduduk.csv", "35.14")
    df = pd.read_csv(path, dtype=str)
    df["penduduk"] = "1000"
    df.to_csv(path, index=False)
    pop = population.desa_population("35.14", path=path)
    net = ds.prepare(default_register, pop)
    assert net.status_penduduk == "data" and "penduduk data" in net.label
    res = ds.simulate(net, ds.Scenario(partners="all", weeks=1))
    assert res.ringkasan["permintaan_beras_t"] == pytest.approx(
        365 * 1000 * RICE_T_PER_PERSON_WEEK * 0.3
    )


def test_sited_partners_keep_existing_ones(network):
    chosen, res = ds.site_partners(network, 30)
    current = set(
        network.koperasi.loc[
            network.koperasi["mitra_bulog"].fillna(False).astype(bool), "koperasi_id"
        ]
    )
    assert current <= set(chosen["koperasi_id"])
    assert len(chosen) == 30 and chosen["mitra_lama"].sum() == len(current)
    assert chosen.loc[~chosen["mitra_lama"], "siap_bulog"].fillna(False).all()
    assert res.covered_share > 0.5


def test_readiness_agrees_with_the_gap_catalogue(default_register):
    ready = ds.bulog_ready(default_register)
    assert int(ready.sum()) == 341  # NIB 341/365; NPWP and legal entity 365/365
    own = (
        default_register["nib"]
        & default_register["npwp"]
        & default_register["badan_hukum"]
    )
    assert ready.tolist() == own.tolist()


def test_explorer_reruns_on_slider_change(network):
    from kdkmp_analysis import distribution_widgets as dw

    ex = dw.DistributionExplorer(network, n_partners=30)
    ex.refresh()
    assert ex.result.ringkasan["jumlah_mitra"] == 30
    assert ex.chart.value[:4] == b"\x89PNG"
    assert "mitra menjangkau" in ex.summary.value and "ILUSTRASI" in ex.summary.value
    reach30 = ex.result.ringkasan["penduduk_terjangkau"]
    ex.controls["jumlah_mitra"].value = 60  # the observer re-runs the scenario
    assert ex.result.ringkasan["jumlah_mitra"] == 60
    assert ex.result.ringkasan["penduduk_terjangkau"] >= reach30
    ex.controls["komoditas"].value = "gula"
    assert "Gula pasir" in ex.summary.value
    ex.controls["skenario"].value = "ready"
    assert ex.controls["jumlah_mitra"].disabled
    assert ex.result.ringkasan["jumlah_mitra"] == 341
    low = ex.result.ringkasan["cakupan_beras_persen"]
    ex.controls["porsi"].value = 0.1
    assert ex.result.ringkasan["cakupan_beras_persen"] > low


def test_charts_are_labelled(network):
    from kdkmp_analysis import distribution_widgets as dw

    res = ds.simulate(network, ds.Scenario(partners="current"))
    fig = dw.plot_coverage(res, "minyak_goreng")
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "ILUSTRASI" in texts and "perkiraan" in texts
    mc = ds.monte_carlo(network, ds.Scenario(partners="current"), runs=20)
    fig = dw.plot_bands(mc, "beras")
    assert "P10–P90" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()][0]


def test_cli_simulate(tmp_path, capsys, boundary_dir):
    from kdkmp_analysis import cli

    assert cli.main(["simulate", "--runs", "8", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ILUSTRASI" in out and "Mitra Bulog saat ini" in out and "P10/P50/P90" in out
    sc = pd.read_csv(tmp_path / "skenario.csv")
    assert len(sc) == 6
    assert (tmp_path / "monte_carlo.csv").is_file()
    assert cli.main(["simulate", "--mitra", "5", "--runs", "4"]) == 2
    assert "lebih kecil dari" in capsys.readouterr().err


def test_cli_simulate_on_a_real_simkopdes_import(
    simkopdes_dir, desa_polygons, tmp_path, capsys
):
    intake = pytest.importorskip("kdkmp_analysis.intake")
    from kdkmp_analysis import cli, register

    res = intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        kabupaten="35.14",
        boundaries=desa_polygons,
    )
    path = register.write_register(res.register, tmp_path / "register.csv")
    out = tmp_path / "sim"
    assert (
        cli.main(
            ["simulate", "--register", str(path), "--runs", "4", "--out", str(out)]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "Tidak ada skenario yang dapat dinilai" in text
    assert text.count("Skenario tidak dapat dinilai:") == 6
    assert "--kandidat-belum-dinilai" in text
    sc = pd.read_csv(out / "skenario.csv")
    assert len(sc) == 6 and sc["alasan_tidak_dinilai"].notna().all()
    assert (
        cli.main(
            [
                "simulate",
                "--register",
                str(path),
                "--runs",
                "4",
                "--kandidat-belum-dinilai",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert text.count("Skenario tidak dapat dinilai:") == 1  # current partners unknown
    assert "DIANGGAP siap" in text and "P10/P50/P90" in text
    sc = pd.read_csv(out / "skenario.csv")
    assert len(sc) == 6 and sc["alasan_tidak_dinilai"].notna().sum() == 1
    assert (out / "monte_carlo.csv").is_file()


def test_a_scenario_with_no_partner_runs_and_delivers_nothing():
    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis import register as register_mod

    reg = register_mod.default_register("35.14").copy()
    reg["mitra_bulog"] = False
    net = ds.prepare(reg)
    res = ds.simulate(net, ds.Scenario("tanpa mitra", partners="current"))
    assert res.ringkasan["jumlah_mitra"] == 0
    assert res.kecamatan["tersalur"].sum() == 0
    assert res.mitra.empty
    assert not res.invariant_violations()


def test_explorer_on_unknown_statuses(default_register, desa_polygons):
    from kdkmp_analysis import distribution_widgets as dw

    net = ds.prepare(_unknown_statuses(default_register), desa_polygons=desa_polygons)
    ex = dw.DistributionExplorer(net, n_partners=30, mode="ready")
    with pytest.raises(ds.DistributionError, match="tidak dapat dinilai"):
        ex.refresh()
    assert "Galat" in ex.summary.value and "tidak dapat dinilai" in ex.summary.value
    ex = dw.DistributionExplorer(
        net, n_partners=30, mode="ready", include_unassessed=True
    )
    ex.refresh()
    assert ex.result.ringkasan["jumlah_mitra"] == 341
    assert "belum dinilai" in ex.result.ringkasan["skenario"]
    assert "DIANGGAP siap" in ex.summary.value and "Pembatas" in ex.summary.value
