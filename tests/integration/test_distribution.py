"""Weekly distribution model on the real data: the 365 of Pasuruan, imports, the CLI."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import params

RICE_T_PER_PERSON_WEEK = 6.34 * 12 / 52 / 1000


def _unknown_statuses(reg, *, readiness=True, mitra=True):
    """A register whose Bulog readiness is unknown (NIB known, NPWP not).

    ``badan_hukum`` unknown alone is no longer enough: it is inferred from the
    NIB (``gaps.INFERENCES``), so NPWP is made unknown too.
    """
    reg = reg.copy()
    if readiness:
        reg["badan_hukum"] = pd.array([pd.NA] * len(reg), dtype="boolean")
        reg["npwp"] = pd.array([pd.NA] * len(reg), dtype="boolean")
    if mitra:
        reg["mitra_bulog"] = pd.array([pd.NA] * len(reg), dtype="boolean")
    return reg


def test_scenarios_the_register_cannot_support_are_skipped_with_a_reason(
    default_register, desa_polygons
):
    net = ds.prepare(_unknown_statuses(default_register), desa_polygons=desa_polygons)
    assert net.koperasi["siap_bulog"].isna().sum() == 341  # 24 lack an NIB: known False
    scenarios = ds.default_scenarios(30)
    reasons = {sc.key: ds.scenario_problem(net, sc) for sc in scenarios}
    assert "mitra_bulog kosong" in reasons["mitra_saat_ini"]
    assert "tidak dapat dinilai untuk 341 dari 365" in reasons["siap_batas_2t"]
    assert "melebihi 0 koperasi yang diketahui siap" in reasons["penempatan"]
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
    assert list(summary.index) == [sc.key for sc in marked[1:]]
    assert list(summary["skenario"]) == [sc.name for sc in marked[1:]]
    assert list(summary.attrs["tidak_dinilai"]) == ["mitra_saat_ini"]
    assert all("belum dinilai" in name for name in summary["skenario"])
    assert (summary["jumlah_mitra"].iloc[:3] == 341).all()
    assert summary.loc["penempatan", "jumlah_mitra"] == 30
    assert summary["catatan_mitra"].str.contains("341 koperasi .* DIANGGAP siap").all()
    assert summary["keterangan"].str.contains("DIANGGAP siap").all()
    assert by_kec.shape == (24, 5)


def test_partly_known_statuses_still_evaluate(default_register, desa_polygons):
    # readiness known for some: the ready scenario runs on those, and says so
    reg = default_register.copy()
    npwp = reg["npwp"].astype("boolean").copy()  # badan hukum would be inferred
    npwp.iloc[:100] = pd.NA
    reg["npwp"] = npwp
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


# --- the real 365 ------------------------------------------------------------
def network_register():
    from kdkmp_analysis import intake

    return intake.default_register("35.14")


@pytest.fixture(scope="module")
def network(desa_polygons, default_register):
    return ds.prepare(default_register, desa_polygons=desa_polygons)


def test_network_labels_its_data(network):
    assert len(network.desa) == 365 and len(network.koperasi) == 365
    assert network.desa["penduduk"].sum() == 1_634_022  # BPS mid-2023 (issue 11 §1)
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


@pytest.mark.parametrize("scenario", ds.default_scenarios(30), ids=lambda s: s.key)
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
    # weekly rice need through the channel: 1,634,022 (BPS mid-2023) × 6.34 kg × 12/52 × 30 %
    need = 1_634_022 * RICE_T_PER_PERSON_WEEK * 0.3 * 52
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
    assert cov["siap_batas_1t"] <= cov["siap_batas_2t"]
    assert cov["mitra_saat_ini"] < cov["siap_batas_2t"]
    assert by_kec.shape == (24, 6)
    assert summary.loc["penempatan", "jumlah_mitra"] == 30


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
    from kdkmp_analysis.widgets import distribution as dw

    ex = dw.DistributionExplorer(network, n_partners=30)
    ex.refresh()
    assert ex.result.ringkasan["jumlah_mitra"] == 30
    assert ex.chart.value[:4] == b"\x89PNG"
    # access is named as access, and the coverage names its two bases
    assert ds.ACCESS_LABEL in ex.summary.value and "ILUSTRASI" in ex.summary.value
    assert "dari kebutuhan beras rumah tangga kabupaten" in ex.summary.value
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
    from kdkmp_analysis.handouts import charts

    res = ds.simulate(network, ds.Scenario(partners="current"))
    fig = charts.plot_coverage(res, "minyak_goreng")
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "ILUSTRASI" in texts and "perkiraan" in texts
    mc = ds.monte_carlo(network, ds.Scenario(partners="current"), runs=20)
    fig = charts.plot_bands(mc, "beras")
    assert "P10–P90" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()][0]


def test_cli_simulate(tmp_path, capsys, boundary_dir):
    from kdkmp_analysis import cli

    assert cli.main(["simulate", "--runs", "8", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ILUSTRASI" in out and "Mitra Bulog saat ini" in out and "P10/P50/P90" in out
    sc = pd.read_csv(tmp_path / "skenario.csv")
    assert len(sc) == 6
    assert list(sc.columns[:5]) == [
        "kunci",
        "nama",
        "kebutuhan_rt_beras_t",
        "permintaan_saluran_beras_t",
        "tersalur_beras_t",
    ]
    row = sc.set_index("kunci").loc["penempatan"]
    assert 2.0 < row["persen_kebutuhan_rt_beras"] < 3.0
    assert sc["keterangan"].notna().all()
    assert "dari kebutuhan beras rumah tangga kabupaten" in out
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
    # Bulog readiness rests on the badan hukum inferred from the NIB: the ready
    # scenarios run; only the current-partner one waits (partners unknown)
    assert "Tidak ada skenario yang dapat dinilai" not in text
    assert text.count("Skenario tidak dapat dinilai:") == 1
    sc = pd.read_csv(out / "skenario.csv")
    assert len(sc) == 6 and sc["alasan_tidak_dinilai"].notna().sum() == 1
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
    # every Bulog verdict is known (341 siap on inference, 24 belum siap):
    # nobody is assumed ready
    assert "DIANGGAP siap" not in text and "P10/P50/P90" in text
    sc = pd.read_csv(out / "skenario.csv")
    assert len(sc) == 6 and sc["alasan_tidak_dinilai"].notna().sum() == 1
    assert (out / "monte_carlo.csv").is_file()


def test_a_scenario_with_no_partner_runs_and_delivers_nothing():
    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis import intake

    reg = intake.default_register("35.14").copy()
    reg["mitra_bulog"] = False
    net = ds.prepare(reg)
    res = ds.simulate(net, ds.Scenario("tanpa mitra", partners="current"))
    assert res.ringkasan["jumlah_mitra"] == 0
    assert res.kecamatan["tersalur"].sum() == 0
    assert res.mitra.empty
    assert not res.invariant_violations()


def test_explorer_on_unknown_statuses(default_register, desa_polygons):
    from kdkmp_analysis.widgets import distribution as dw

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


def test_default_sited_scenario_reports_its_share_of_household_rice_need(network):
    # issue 12 §1: 30 sited partners × 2 t/week is ≈ 2.5 % of Pasuruan's
    # household rice need, not the 8 % of the assumed 30 % channel demand
    sited = next(s for s in ds.default_scenarios(30) if s.key == "penempatan")
    res = ds.simulate(network, sited)
    s = res.ringkasan
    assert s["jumlah_mitra"] == 30 and res.plan.cap[0] == 2.0
    weeks = int(params.value("distribusi.jumlah_minggu"))
    per_capita_week = float(params.value("konsumsi.beras")) * 12 / 52 / 1000
    need = float(network.desa["penduduk"].sum()) * per_capita_week * weeks
    expected = 100 * s["tersalur_beras_t"] / need
    assert s["persen_kebutuhan_rt_beras"] == pytest.approx(expected)
    assert 2.0 < s["persen_kebutuhan_rt_beras"] < 3.0
    share = float(params.value("distribusi.porsi_saluran"))
    assert s["persen_permintaan_saluran_beras"] == pytest.approx(expected / share)
    text = ds.coverage_text(s)
    assert text.startswith("2,5 % dari kebutuhan beras rumah tangga kabupaten; ")
    assert "% dari permintaan saluran koperasi" in text
