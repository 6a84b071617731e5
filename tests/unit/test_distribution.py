"""Weekly distribution model on tiny hand-built networks: known answers, invariants."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from helpers import make_network

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import params, provenance, region, siting

RICE_T_PER_PERSON_WEEK = 6.34 * 12 / 52 / 1000
_network = make_network  # the shared tiny network (tests/helpers.py)


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
    # no safety stock, so each orders its week's demand up to the cap: the
    # warehouse has 4 t, orders 1+2+2 = 5 t are each filled at 80 %
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
    res = ds.simulate(net, _sc(cap_rice_t=2.0, safety_weeks=0.0))
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
    # one partner, 1.6 t of rice a week, 20 km from the warehouse; without
    # safety stock it receives its week's sales, delivered in drops of its storage
    pops = [1.6 / RICE_T_PER_PERSON_WEEK]
    for storage, trips in [(0.5, 4), (1.0, 2), (5.0, 1), (0.0, 4)]:
        net = _network(pops, [[0.0]], [[20.0]], storage=[storage])
        sc = _sc(share=1.0, cap_oil_kl=0.0, cap_sugar_t=0.0, safety_weeks=0.0)
        res = ds.simulate(net, sc)
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


def test_limits_are_the_seven_causes_of_the_model():
    assert [k for k, _ in ds.LIMITS] == [
        "jangkauan",
        "tidak_beroperasi",
        *ds.CAUSES,
    ]
    assert ds.CAUSES == ("batas", "modal", "pasokan", "terlambat", "lain")
    assert dict(ds.LIMITS)["batas"] == "batas per mitra (kuota cabang)"
    assert len({label for _, label in ds.LIMITS}) == 7


#: Cash for a partner that is never short of working capital (Rp).
AMPLE_CASH = 1e12


def test_summary_names_what_limits_the_need():
    # one desa, one partner: need 3 t/week; no safety stock, so the partner
    # orders the week's 3 t and every shortfall has one known cause
    pops = [3.0 / RICE_T_PER_PERSON_WEEK]
    batas, modal, pasokan = (dict(ds.LIMITS)[k] for k in ("batas", "modal", "pasokan"))

    def run(cap, alloc, **kw):
        net = _network(
            pops,
            [[0.0]],
            [[10.0]],
            storage=[5.0],
            allocation={"beras": alloc, "minyak_goreng": 1e6, "gula": 1e6},
        )
        kw = {"start_cash_rp": AMPLE_CASH, "safety_weeks": 0.0, **kw}
        return ds.simulate(net, _sc(cap_rice_t=cap, weeks=1, **kw)).ringkasan

    supply = run(cap=5.0, alloc=1.0)  # the cap would allow 3 t: the warehouse has 1 t
    assert supply["pembatas_beras"] == pasokan
    assert supply["tak_terpenuhi_pasokan_beras_t"] == pytest.approx(2.0)
    assert supply["tak_terpenuhi_batas_beras_t"] == pytest.approx(0.0)
    cap = run(cap=2.0, alloc=10.0)  # stock enough: the 2 t cap binds
    assert cap["pembatas_beras"] == batas
    assert cap["tak_terpenuhi_batas_beras_t"] == pytest.approx(1.0)
    both = run(cap=2.0, alloc=0.5)  # cap leaves 1 t unmet, then supply 1.5 t
    assert both["pembatas_beras"] == f"{pasokan} + {batas}"
    assert both["tak_terpenuhi_pasokan_beras_t"] == pytest.approx(1.5)
    # cash for 1 t (Rp11,000/kg): a partner that cannot pay does not receive
    buy = params.value("bulog.harga_beli_beras")
    cash = run(cap=5.0, alloc=10.0, start_cash_rp=1000 * buy)
    assert cash["pembatas_beras"] == modal
    assert cash["tak_terpenuhi_modal_beras_t"] == pytest.approx(2.0)
    idle = run(cap=5.0, alloc=10.0, operating_share=0.0)
    assert idle["pembatas_beras"] == "mitra tidak beroperasi"
    assert idle["tak_terpenuhi_tidak_beroperasi_beras_t"] == pytest.approx(3.0)
    late = run(cap=5.0, alloc=10.0, late_prob=1.0)  # arrives in week 2
    assert late["pembatas_beras"] == "pengiriman terlambat"
    assert late["tak_terpenuhi_terlambat_beras_t"] == pytest.approx(3.0)
    free = run(cap=5.0, alloc=10.0)
    assert free["pembatas_beras"] == "tidak ada" and free["cakupan_beras_persen"] == 100
    far = _network([1000, 1000], [[0.0], [9.0]], [[10.0]])
    s = ds.simulate(far, _sc(max_km=5.0)).ringkasan
    assert s["pembatas_beras"].startswith("jangkauan")
    assert s["tak_terpenuhi_jangkauan_beras_t"] == pytest.approx(
        1000 * RICE_T_PER_PERSON_WEEK * 2
    )


def test_demand_above_the_expected_is_its_own_cause():
    # the partner orders for the expected 1 t a week; desa noise makes some
    # weeks ask more; quota, cash and supply are ample: only "lain" is left
    net = _network([1.0 / RICE_T_PER_PERSON_WEEK], [[0.0]], [[10.0]], storage=[5.0])
    sc = _sc(weeks=10, safety_weeks=0.0, start_cash_rp=AMPLE_CASH, cap_rice_t=5.0)
    res = ds.simulate(net, sc, uncertainty=ds.Uncertainty(demand_cv=0.5), seed=4)
    assert res.invariant_violations() == []
    unmet = dict(zip([k for k, _ in ds.LIMITS], res.arrays["unmet"][0, 0], strict=True))
    assert unmet["lain"] > 0.1
    assert sum(v for k, v in unmet.items() if k != "lain") == pytest.approx(0.0)
    s = res.ringkasan
    assert s["pembatas_beras"] == "permintaan di atas perkiraan"
    assert s["tak_terpenuhi_lain_beras_t"] == pytest.approx(s["tak_terpenuhi_beras_t"])


def _random_plan(quota, weeks=12, rice_t=3.0, **kw):
    """Twelve desa, five partners, two warehouses; scarce supply by default."""
    rng = np.random.default_rng(0)
    n_d, n_k = 12, 5
    net = _network(
        rng.integers(500, 4000, n_d),
        rng.uniform(0, 6, (n_d, n_k)),
        rng.uniform(5, 60, (n_k, 2)),
        storage=[0.0, 0.5, 1.0, 5.0, 10.0],
        allocation={"beras": rice_t, "minyak_goreng": 1.0, "gula": 0.4},
    )
    return ds.plan(net, _sc(max_km=3.0, weeks=weeks, quota=quota, **kw))


@pytest.mark.parametrize("quota", ds.presets.QUOTA_KEYS)
def test_vectorised_model_equals_plain_python_loop(quota):
    # per-run draws (allocation, share, operating partners, lateness, harvest
    # and Ramadan factors, starting cash), desa noise, disruptions; weeks 1–12
    # include Ramadan (8–12) and the first harvest cut (9–)
    p = _random_plan(quota)
    unc = ds.Uncertainty(0.3, 0.4, 0.7, per_run=True)
    d = ds.draw(p, np.random.Generator(np.random.SFC64(1)), 4, 12, unc, np.float64)
    assert isinstance(d, ds.Draws)
    # the draw exercises every path of the loop
    assert d.late.any() and not d.operate.all() and np.ptp(d.cash0) > 0
    assert np.ptp(d.drawn["alokasi_beras"]) == 0  # a network's own figure: no band
    fast = ds.weekly_model(p, d, detail=True)
    slow = ds.reference_loop(p, d)
    for key in ("delivered", "received", "sales", "trips", "tonkm"):
        np.testing.assert_allclose(
            fast[key], slow[key], rtol=1e-9, atol=1e-9, err_msg=key
        )
    np.testing.assert_allclose(fast["cash"], slow["cash"], rtol=1e-9, atol=1e-3)
    causes = fast["unmet"].sum(axis=(0, 1))  # (2 + causes,)
    by = dict(zip([k for k, _ in ds.LIMITS], causes, strict=True))
    assert by["terlambat"] > 0 and by["tidak_beroperasi"] > 0
    assert (by["modal"] > 0) == p.quota.cash_bound
    # the numpy week loop (the fallback without numba) gives the same, every output
    slow_np = ds.weekly_model(p, d, detail=True, engine="numpy")
    for key, value in fast.items():
        np.testing.assert_allclose(
            np.asarray(value, dtype=float),
            np.asarray(slow_np[key], dtype=float),
            rtol=1e-9,
            atol=1e-6,
            err_msg=key,
        )


def test_engine_float32_blocks_agree_and_unknown_engine_is_refused():
    p = _random_plan("tanjungpinang")
    unc = ds.Uncertainty.from_params()
    d = ds.draw(p, np.random.Generator(np.random.SFC64(3)), 6, 12, unc)
    a = ds.weekly_model(p, d, detail=False)
    b = ds.weekly_model(p, d, detail=False, engine="numpy")
    for key in ("delivered_week", "demand_kec", "delivered_kec", "unmet", "trips"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-4, atol=1e-4, err_msg=key)
    with pytest.raises(ds.DistributionError, match="mesin"):
        ds.weekly_model(p, d, detail=False, engine="fortran")


# --- partner stock, orders and cash (issue 12 §2) ------------------------------
def _one_partner(need_t=3.0, storage=5.0):
    """One desa asking ``need_t`` t of rice a week; its partner stores ``storage`` t."""
    return _network(
        [need_t / RICE_T_PER_PERSON_WEEK], [[0.0]], [[10.0]], storage=[storage]
    )


def test_serang_quota_gives_half_a_tonne_a_week_and_at_most_2_t_at_once():
    # 35 weeks under the 2025 calendar (no SPHP in weeks 6–28): the unused
    # quota accumulates during the pause, but never beyond one 2 t order
    net = _one_partner()
    sc = _sc(quota="serang", calendar="jeda_2025", weeks=35, start_cash_rp=0.0)
    res = ds.simulate(net, sc)
    assert res.invariant_violations() == []
    got = res.arrays["received"][0, :, 0, 0]  # rice per week
    assert got.sum() / 35 <= 0.5 + 1e-9 and got.max() <= 2.0 + 1e-9
    np.testing.assert_allclose(got[:5], 0.5)  # no cash: pays for what it sold
    assert got[5:28].sum() == 0.0
    assert got[28] == pytest.approx(2.0)  # the credit of the pause, one order
    np.testing.assert_allclose(got[29:], 0.5)
    s = res.ringkasan
    assert (
        s["kuota_cabang"] == "serang" and "0,5 t per minggu" in s["kuota_cabang_teks"]
    )
    assert s["tak_terpenuhi_modal_beras_t"] == 0.0


def test_a_partner_that_cannot_pay_does_not_receive():
    buy = params.value("bulog.harga_beli_beras")  # Rp/kg
    het = params.value("bulog.het_beras")
    net = _one_partner()
    cash0 = 500 * buy  # Rp5,500,000: half a tonne
    assert cash0 == 5_500_000
    res = ds.simulate(net, _sc(quota="tanjungpinang", weeks=4, start_cash_rp=cash0))
    assert res.invariant_violations() == []
    a = res.arrays
    got = a["received"][0, :, 0, 0]
    assert got[0] == pytest.approx(0.5)  # all it can pay for, not the 2 t quota
    # it sells the half tonne at the HET and orders again with the proceeds
    assert a["cash"][0, 0, 0] == pytest.approx(cash0 + 500 * (het - buy))
    assert got[1] == pytest.approx(a["cash"][0, 0, 0] / (1000 * buy))
    assert (np.diff(got) > 0).all() and (got < 2.0).all()
    assert (a["cash"] >= -1e-6).all()
    s = res.ringkasan
    assert s["tak_terpenuhi_modal_beras_t"] > 0 and "modal kerja" in s["pembatas_beras"]
    assert res.mitra["kas_akhir_beras_rp"].iloc[0] == pytest.approx(a["cash"][0, -1, 0])
    # no cash at all: nothing is received; the shortfall is split over the
    # cuts of the order (quota 3 → 2 t, cash 2 → 0 t), cash first
    broke = _sc(quota="tanjungpinang", weeks=4, start_cash_rp=0.0, safety_weeks=0.0)
    b = ds.simulate(net, broke).ringkasan
    assert b["tersalur_beras_t"] == 0.0
    assert b["pembatas_beras"] == "modal kerja + batas per mitra (kuota cabang)"
    assert b["tak_terpenuhi_modal_beras_t"] == pytest.approx(2 * 4.0)


def test_late_deliveries_arrive_a_week_later():
    net = _one_partner(need_t=1.0)
    kw = {"weeks": 6, "start_cash_rp": AMPLE_CASH}
    late = ds.simulate(net, _sc(late_prob=1.0, **kw))
    on_time = ds.simulate(net, _sc(late_prob=0.0, **kw))
    assert late.invariant_violations() == []
    got, sold = (late.arrays[k][0, :, 0, 0] for k in ("received", "sales"))
    assert got[0] > 0 and sold[0] == 0.0  # no starting stock: nothing to sell
    # what is sold by week t arrived by week t, i.e. was received by week t − 1
    assert (np.cumsum(sold)[1:] <= np.cumsum(got)[:-1] + 1e-9).all()
    assert late.arrays["transit_end"][0, 0, 0] == pytest.approx(got[-1])
    assert on_time.arrays["sales"][0, 0, 0, 0] == pytest.approx(1.0)
    assert "pengiriman terlambat" in late.ringkasan["pembatas_beras"]
    assert late.ringkasan["tersalur_beras_t"] < on_time.ringkasan["tersalur_beras_t"]


def test_stock_carries_over_and_every_tonne_received_is_accounted_for():
    p = _random_plan("tanjungpinang")
    unc = ds.Uncertainty(0.3, 0.4, 0.7, per_run=True)
    d = ds.draw(p, np.random.Generator(np.random.SFC64(2)), 4, 12, unc, np.float64)
    a = ds.weekly_model(p, d, detail=True)
    got, sold = a["received"], a["sales"]  # (R, T, C, P)
    assert (a["stock_end"] >= -1e-12).all() and (a["transit_end"] >= 0).all()
    np.testing.assert_allclose(
        got.sum(axis=1), sold.sum(axis=1) + a["stock_end"] + a["transit_end"], atol=1e-9
    )
    assert (sold > got + 1e-6).any()  # some weeks sell what an earlier week brought
    # expected case with ample supply, no lateness: the safety stock is kept
    # from week to week, and each week ends with at most the partner's storage
    rich = _random_plan(
        "tanjungpinang", rice_t=1e6, start_cash_rp=AMPLE_CASH, share=0.2
    )  # every partner's week below the 2 t quota
    exp = ds.simulate(rich.network, rich)
    stock_t = np.cumsum(exp.arrays["received"] - exp.arrays["sales"], axis=1)
    assert (stock_t >= -1e-9).all() and (stock_t[0, :, 0] > 0).any()
    assert (stock_t[0, :, 0] <= exp.plan.storage[None, :] + 1e-9).all()
    np.testing.assert_allclose(stock_t[:, -1], exp.arrays["stock_end"], atol=1e-9)
    assert exp.invariant_violations() == []


def test_stated_allocation_replaces_the_band():
    net = _one_partner()
    p = ds.plan(net, _sc(allocation_rice_t=50.0, weeks=20))
    assert tuple(p.alloc_band[0]) == (50.0, 50.0, 50.0)
    d = ds.draw(p, np.random.default_rng(0), 3, 20, ds.Uncertainty(per_run=True))
    weekly = d.supply[:, :, 0, :].sum(axis=-1)  # (R, T) rice over the warehouses
    harvest = p.calendar.supply_weeks
    np.testing.assert_allclose(weekly[:, ~harvest], 50.0, rtol=1e-6)
    assert (weekly[:, harvest] < 50.0).all()
    assert (d.drawn["alokasi_beras"] == 50.0).all()
    with pytest.raises(ds.DistributionError, match="alokasi beras mingguan"):
        ds.plan(net, _sc(allocation_rice_t=-1.0))


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


# --- scenario keys ------------------------------------------------------------
def test_default_scenarios_have_stable_keys_and_unchanged_labels():
    scenarios = ds.default_scenarios(30)
    assert [s.key for s in scenarios] == list(ds.DEFAULT_KEYS)
    assert list(ds.DEFAULT_KEYS) == [
        "mitra_saat_ini",
        "siap_batas_1t",
        "siap_batas_2t",
        "siap_batas_3t",
        "penempatan",
        "penempatan_serang",
        "siap_porsi_separuh",
    ]
    assert [s.name for s in scenarios] == [
        "Mitra Bulog saat ini",
        "Semua koperasi siap, batas 1 t",
        "Semua koperasi siap, batas 2 t",
        "Semua koperasi siap, batas 3 t",
        "30 mitra terpilih (penempatan)",
        "30 mitra terpilih, kuota seperti Cabang Serang (0,5 t/minggu)",
        # half of the anchored share 6,7 %, not of the old circular 30 %
        "Semua koperasi siap, porsi saluran 3,4 %",
    ]
    plan_sc = scenarios[4]
    assert plan_sc.key == ds.PLAN_KEY and plan_sc.quota is None  # the local preset
    assert plan_sc.n_partners == 30 and plan_sc.cap_rice_t is None
    assert scenarios[5].quota == "serang" and scenarios[5].n_partners == 30
    assert scenarios[6].share == pytest.approx(0.0335)
    marked = ds.default_scenarios(12, include_unassessed=True)
    assert [s.key for s in marked] == list(ds.DEFAULT_KEYS)
    assert marked[4].name == "12 mitra terpilih (penempatan + belum dinilai)"
    assert ds.Scenario(partners="current").key == "mitra_saat_ini"
    assert ds.Scenario(partners=("K0",)).key == "pilihan"


def test_every_marked_scenario_says_it_counts_the_unassessed():
    marked = ds.default_scenarios(12, include_unassessed=True)
    assert all("belum dinilai" in s.name for s in marked[1:])


def test_compare_is_indexed_by_key_with_the_label_in_a_column():
    net = _network([1000, 1000], [[0.0, 9.0], [9.0, 0.0]], [[10.0], [10.0]])
    scenarios = [
        _sc(name="Dua mitra", key="dua"),
        _sc(name="Satu mitra", key="satu", partners=("K0",)),
    ]
    summary, by_kec = ds.compare(net, scenarios)
    assert list(summary.index) == ["dua", "satu"]
    assert summary.index.name == "kunci_skenario"
    assert summary.loc["satu", "skenario"] == "Satu mitra"
    assert list(by_kec.columns) == ["dua", "satu"]
    assert summary.attrs["label_skenario"] == {"dua": "Dua mitra", "satu": "Satu mitra"}
    with pytest.raises(ds.DistributionError, match="kunci skenario ganda: dua"):
        ds.compare(net, [scenarios[0], scenarios[0]])


def test_skipped_scenarios_are_keyed_by_key_and_found_by_label():
    net = _network([1000], [[0.0]], [[10.0]], mitra=[pd.NA], ready=[pd.NA])
    sc = ds.Scenario("Mitra lama", partners="current", key="lama")
    summary, _ = ds.compare(net, [sc])
    skipped = summary.attrs["tidak_dinilai"]
    assert list(skipped) == ["lama"] and "mitra_bulog kosong" in skipped["lama"]
    assert "Mitra lama" in skipped and skipped["Mitra lama"] == skipped["lama"]
    assert "tidak dapat dinilai: Mitra lama (" in summary.attrs["keterangan"]


# --- provenance ---------------------------------------------------------------
def _register(kab_code, n, *, ilustrasi=True):
    """A small register of the first ``n`` official desa of a kabupaten."""
    desa = region.load_desa(kab_code).head(n).reset_index(drop=True)
    reg = pd.DataFrame(
        {
            "koperasi_id": [f"KOP{i}" for i in range(n)],
            "nama_koperasi": [f"Kopdes {d}" for d in desa["nama_desa"]],
            "kode_kabupaten": kab_code,
            "kode_desa": desa["kode_desa"],
            "nama_desa": desa["nama_desa"],
            "nama_kecamatan": desa["nama_kecamatan"],
            "lat": desa["lat"],
            "lon": desa["lon"],
            "kapasitas_gudang_t": pd.array([1.0] * n, dtype="Float64"),
            "mitra_bulog": pd.array([False] * n, dtype="boolean"),
            "badan_hukum": pd.array([True] * n, dtype="boolean"),
            "nib": pd.array([True] * n, dtype="boolean"),
            "npwp": pd.array([True] * n, dtype="boolean"),
            "sumber_status": "ilustrasi: uji" if ilustrasi else "impor SIMKOPDES",
        }
    )
    provenance.tag(reg, status="ilustrasi" if ilustrasi else "impor")
    pop = desa[["kode_desa", "nama_desa"]].assign(penduduk=1000.0)
    return reg, pop


def test_provenance_survives_a_merge_or_copy_that_drops_attrs():
    reg, pop = _register("35.14", 4)
    merged = pd.merge(reg, reg[["koperasi_id"]], on="koperasi_id")
    merged.attrs = {}
    copied = reg.copy()
    copied.attrs.clear()
    for r in (merged, copied):
        net = ds.prepare(r, pop)
        assert net.status_data == "ilustrasi"
        assert "ILUSTRASI" in net.label
    imported, pop = _register("35.14", 4, ilustrasi=False)
    assert ds.prepare(imported, pop).status_data == "impor"


def test_prepare_takes_the_kabupaten_as_code_or_object():
    reg, pop = _register("35.14", 3)
    assert ds.prepare(reg, pop, kabupaten="35.14").kabupaten.code == "35.14"
    kab = region.as_kabupaten("35.14")
    assert ds.prepare(reg, pop, kabupaten=kab).kabupaten is kab
    with pytest.raises(region.RegionError, match="tidak sesuai dengan register"):
        ds.prepare(reg, pop, kabupaten="35.07")


# --- any kabupaten: no Pasuruan number ----------------------------------------
def test_other_kabupaten_without_allocation_is_not_evaluated_with_its_own_label():
    with pytest.raises(
        ds.DistributionError, match="alokasi mingguan Bulog untuk kabupaten 35.07"
    ):
        ds.weekly_allocation("35.07")
    alloc, status = ds.weekly_allocation("35.14")
    assert alloc["beras"] == params.value("distribusi.alokasi_beras_t_minggu")
    assert status == "ilustrasi"
    reg, pop = _register("35.07", 5)
    net = ds.prepare(reg, pop)
    assert net.gudang.empty and net.allocation == {}
    assert "Kabupaten Malang (35.07)" in net.problem
    assert "35.14" not in net.problem and "Pasuruan" not in net.problem
    summary, by_kec = ds.compare(net, ds.default_scenarios(3))
    assert summary.empty and by_kec.empty
    assert set(summary.attrs["tidak_dinilai"]) == set(ds.DEFAULT_KEYS)
    assert all(why == net.problem for why in summary.attrs["tidak_dinilai"].values())
    with pytest.raises(ds.DistributionError, match="tidak dapat dinilai: gudang dan"):
        ds.simulate(net, _sc(partners=("KOP0",)))
    # siting needs no warehouse: it still works
    chosen, res = ds.site_partners(net, 2)
    assert len(chosen) == 2 and res.covered > 0
    # own tables make it evaluable, labelled as data
    own = ds.prepare(
        reg,
        pop,
        warehouse=pd.DataFrame(
            {
                "gudang": ["g"],
                "nama": ["Gudang uji"],
                "lat": [reg["lat"].mean()],
                "lon": [reg["lon"].mean()],
                "porsi_alokasi": [1.0],
            }
        ),
        allocation={"beras": 10.0, "minyak_goreng": 1.0, "gula": 1.0},
    )
    assert own.problem is None and own.status_alokasi == "data"
    assert not ds.compare(own, ds.default_scenarios(3))[0].empty


# --- siting with nothing to site ----------------------------------------------
def test_nothing_to_site_is_a_sentence_not_a_division_by_zero():
    net = _network([1000, 1000], [[0.0, 1.0], [1.0, 0.0]], [[10.0], [10.0]])
    net.koperasi["siap_bulog"] = pd.array([False, False], dtype="boolean")
    why = ds.nothing_to_site(net)
    assert why.startswith("penempatan mitra tidak dapat dihitung: tidak satu pun")
    sited = _sc(name="Penempatan", partners="sited", n_partners=1)
    assert ds.scenario_problem(net, sited) == why
    with pytest.raises(siting.NothingToSiteError, match="tidak dapat dihitung"):
        ds.site_partners(net, 1)
    summary, _ = ds.compare(net, [sited])
    assert summary.empty and summary.attrs["tidak_dinilai"]["penempatan"] == why
    empty = _network([0.0, 0.0], [[0.0, 1.0], [1.0, 0.0]], [[10.0], [10.0]])
    assert "penduduk desa berjumlah 0" in ds.nothing_to_site(empty)
    res = ds.simulate(empty, _sc(partners="all"))  # no population: no 0/0 either
    assert res.ringkasan["persen_penduduk_terjangkau"] == 0.0


def test_siting_of_nothing_raises_and_a_result_without_bound_says_why():
    w = np.array([10.0, 20.0])
    d = np.array([[0.0, 5.0], [5.0, 0.0]])
    with pytest.raises(siting.NothingToSiteError, match="tidak ada satu pun kandidat"):
        siting.site(w, d, 1, radius_km=1.0, candidates=np.zeros(2, dtype=bool))
    with pytest.raises(siting.NothingToSiteError, match="berjumlah 0"):
        siting.site(np.zeros(2), d, 1, radius_km=1.0)
    fixed_only = siting.site(w, d, 1, radius_km=1.0, fixed=[0])
    assert fixed_only.bound is None and fixed_only.gap_percent is None
    lines = fixed_only.summary()
    assert "tidak ada mitra baru yang dipilih" in lines[1]
    chosen = siting.site(w, d, 1, radius_km=1.0)
    assert chosen.gap_percent == pytest.approx(0.0)
    assert "paling jauh 0,00% dari optimum" in chosen.summary()[1]
    far = siting.site(w, np.full((2, 2), 9.0), 1, radius_km=1.0)
    assert far.covered == 0 and far.gap_percent is None
    assert "tidak dapat dihitung" in far.summary()[1]


# --- coverage on both bases (issue 12 §1) -------------------------------------
def _unbased_percents(text: str) -> list[str]:
    """Every '%' of a text that is not followed by its base in words.

    Coverage names household need or channel demand; a loan instalment names
    the margin it is set against.

    Parameter mentions ("porsi saluran 30 %", "porsi 30 %") are not coverage
    figures and are left out.
    """
    import re

    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"porsi(?: saluran)? [\d.,]+ ?%", "porsi", text)
    bad = []
    for m in re.finditer("%", text):
        after = text[m.end() : m.end() + 40].strip()
        # a coverage figure names one of its two bases; the business case's
        # "angsuran … = 3,0 % dari margin bulanan" names its own
        if not after.startswith(
            ("dari kebutuhan", "dari permintaan saluran", "dari margin")
        ):
            bad.append(text[max(0, m.start() - 40) : m.end() + 40])
    return bad


def _two_desa_result(share=0.3, cap=1.0, weeks=3):
    # two desa of 4 t and 2 t household rice need a week; one partner reaches
    # both; at share 0.3 the channel asks 1.8 t/week, the partner may take 1 t
    pops = [4.0 / RICE_T_PER_PERSON_WEEK, 2.0 / RICE_T_PER_PERSON_WEEK]
    net = _network(
        pops,
        [[0.0], [0.5]],
        [[10.0]],
        storage=[5.0],
        kec=["99.99.01", "99.99.02"],
    )
    sc = _sc(share=share, cap_rice_t=cap, weeks=weeks, key="uji")
    return net, ds.simulate(net, sc)


def test_every_scenario_reports_household_and_channel_bases():
    net, res = _two_desa_result()
    s = res.ringkasan
    weeks = 3
    pop = net.desa["penduduk"].to_numpy()
    for key in ds.COMMODITIES:
        c = ds.commodity(key)
        need = (
            pop.sum() * c.weekly_per_capita * weeks
        )  # computed here, not by the model
        assert s[f"kebutuhan_rt_{key}_{c.unit}"] == pytest.approx(need)
        assert s[f"permintaan_saluran_{key}_{c.unit}"] == pytest.approx(0.3 * need)
        # the old names stay, on the channel base
        assert (
            s[f"permintaan_{key}_{c.unit}"] == s[f"permintaan_saluran_{key}_{c.unit}"]
        )
        assert s[f"cakupan_{key}_persen"] == s[f"persen_permintaan_saluran_{key}"]
        got = s[f"tersalur_{key}_{c.unit}"]
        assert s[f"persen_kebutuhan_rt_{key}"] == pytest.approx(100 * got / need)
    # rice: 1 t of 6 t household need a week; 1 t of the channel's 1.8 t
    assert s["tersalur_beras_t"] == pytest.approx(3.0)
    assert s["persen_kebutuhan_rt_beras"] == pytest.approx(100 / 6)
    assert s["persen_permintaan_saluran_beras"] == pytest.approx(100 / 1.8)
    assert s["porsi_saluran"] == 0.3
    assert "akses, bukan yang terlayani" in s["dasar_cakupan"]
    m = res.mitra.iloc[0]  # access in words that do not read as "served"
    assert m["penduduk_dalam_jangkauan"] == round(pop.sum())
    assert m["desa_dalam_jangkauan"] == 2
    text = ds.coverage_text(s)
    assert text == (
        "16,7 % dari kebutuhan beras rumah tangga kabupaten; 55,6 % dari "
        "permintaan saluran koperasi (porsi saluran 30,0 %, ditetapkan skenario)"
    )
    assert _unbased_percents(text) == []
    # per kecamatan: both bases too (pro rata: each desa gets 1/1.8 of its ask)
    k = res.kecamatan.query("komoditas == 'beras'").set_index("kode_kecamatan")
    assert k.loc["99.99.01", "kebutuhan_rt"] == pytest.approx(4.0 * weeks)
    assert k.loc["99.99.01", "persen_kebutuhan_rt"] == pytest.approx(100 / 6)
    assert k.loc["99.99.02", "persen_permintaan_saluran"] == pytest.approx(100 / 1.8)
    # halving the channel share leaves the household need as it is
    _, half = _two_desa_result(share=0.15)
    assert half.ringkasan["kebutuhan_rt_beras_t"] == pytest.approx(
        s["kebutuhan_rt_beras_t"]
    )
    assert (
        half.ringkasan["persen_permintaan_saluran_beras"]
        > s["persen_permintaan_saluran_beras"]
    )


def test_scenario_table_leads_with_the_contract_columns():
    net, _ = _two_desa_result()
    summary, _ = ds.compare(net, [_sc(share=0.3, cap_rice_t=1.0, weeks=3, key="uji")])
    table = ds.scenario_table(summary)
    assert list(table.columns[:7]) == [
        "kunci",
        "nama",
        "kebutuhan_rt_beras_t",
        "permintaan_saluran_beras_t",
        "tersalur_beras_t",
        "persen_kebutuhan_rt_beras",
        "persen_permintaan_saluran_beras",
    ]
    for col in (
        "kebutuhan_rt_minyak_goreng_kl",
        "persen_kebutuhan_rt_gula",
        "pembatas_beras",
        "keterangan",
        "cakupan_beras_persen",
    ):
        assert col in table.columns
    assert table.loc[0, "kunci"] == "uji" and table.loc[0, "nama"] == "uji"
    assert table.loc[0, "persen_kebutuhan_rt_beras"] == pytest.approx(100 / 6)


def test_monte_carlo_totals_carry_both_bases():
    net, res = _two_desa_result()
    mc = ds.monte_carlo(net, res.plan, runs=8, seed=1)
    rice = mc.total.set_index("komoditas").loc["beras"]
    need = res.ringkasan["kebutuhan_rt_beras_t"]
    assert rice["kebutuhan_rt"] == pytest.approx(need)
    assert rice["persen_kebutuhan_rt_p50"] == pytest.approx(
        100 * rice["tersalur_p50"] / need, rel=1e-6
    )
    assert (
        rice["persen_permintaan_saluran_p10"] <= rice["persen_permintaan_saluran_p90"]
    )
    assert "persen_kebutuhan_rt" not in mc.kecamatan.columns  # no band of a mean


def test_briefing_and_deck_never_show_a_coverage_percent_without_its_base():
    from types import SimpleNamespace

    import matplotlib

    matplotlib.use("Agg")
    from kdkmp_analysis.handouts import briefings, charts, deck

    net, res = _two_desa_result()
    an = SimpleNamespace(distribution=res, scenario_label="uji")
    html_text = briefings.distribution_section(an, "99.99.01")
    assert "dari kebutuhan beras rumah tangga kabupaten" in html_text
    assert html_text.index("dari kebutuhan") < html_text.index(
        "dari permintaan saluran"
    )
    assert _unbased_percents(html_text) == []
    # the cooperative's business case (issue 12 §4) follows, with its assumptions
    assert "<h3>Apakah usaha SPHP layak untuk koperasi ini?</h3>" in html_text
    assert "laju realisasi kanal koperasi" in html_text and "ASUMSI" in html_text
    summary, _ = ds.compare(net, [_sc(share=0.3, cap_rice_t=1.0, weeks=3, key="uji")])
    for fig in (deck.scenario_figure(summary), charts.plot_coverage(res, "beras")):
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        shown = " | ".join(texts)
        assert "dari kebutuhan beras rumah tangga kabupaten" in shown
        assert [t for t in texts if _unbased_percents(t)] == []
    # the sentence that a chart or a slide would say without its base fails
    assert _unbased_percents("cakupan 8 %") != []


def test_partner_orders_only_below_its_reorder_point():
    # 0.5 t/week of rice demand, a week of safety stock and room to store it:
    # week 1 orders up to 1 t and keeps 0.5 t, which lasts week 2 (no order:
    # stock is not below the reorder point, the week's expected sales), so the
    # receipts alternate 1 t, 0, 1 t, 0 — while sales are 0.5 t every week
    net = _one_partner(need_t=0.5, storage=10.0)
    sc = _sc(weeks=6, safety_weeks=1.0, start_cash_rp=AMPLE_CASH, cap_rice_t=5.0)
    res = ds.simulate(net, sc)
    assert res.invariant_violations() == []
    got = res.arrays["received"][0, :, 0, 0]
    sold = res.arrays["sales"][0, :, 0, 0]
    np.testing.assert_allclose(got, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(sold, 0.5, atol=1e-9)
    # without safety stock the partner orders each week exactly what it sells
    res0 = ds.simulate(net, dataclasses.replace(sc, safety_weeks=0.0))
    np.testing.assert_allclose(res0.arrays["received"][0, :, 0, 0], 0.5, atol=1e-9)
