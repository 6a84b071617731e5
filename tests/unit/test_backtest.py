"""Back-test of the distribution model against published figures (issue 12 §5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import intake, params, region
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import backtest as bt


@pytest.fixture(scope="module")
def register():
    return intake.default_register()


@pytest.fixture(scope="module")
def table(register):
    return bt.backtest(register).set_index("kunci")


def _judul(key):
    return params.source(key)["judul"]


def test_published_figures_are_the_sources_figures():
    sep, jan = bt.CHECKS
    text = _judul(sep.source)
    assert sep.source == "bapanas_kdkmp_2025_09"
    assert "498 t/177 unit" in text and "705 t/248 unit" in text
    assert sep.tonnes == 705 - 498 and sep.units == (177 + 248) // 2 == 212
    assert sep.days == 14  # start of September → 15 Sep 2025
    text = _judul(jan.source)
    assert jan.source == "bulog_kdkmp_2026_01"
    assert "beras SPHP 499 t" in text and "464 mitra" in text and "19 Jan 2026" in text
    assert "tunai" in text
    assert (jan.tonnes, jan.units, jan.days) == (499, 464, 19)
    # the national-average desa and the national consumption, from their sources
    assert "288.315.089" in _judul("dukcapil_penduduk_2025_12")
    assert bt.NATIONAL_POPULATION == 288_315_089
    assert "6,50 kg per kapita sebulan" in _judul("bps_susenas_2024_beras")
    assert bt.NATIONAL_RICE_KG_MONTH == 6.50
    raw = params.parameter_file().read_text(encoding="utf-8")
    assert "83,762 desa/kelurahan (kepmendagri_2025)" in raw
    assert bt.NATIONAL_DESA == 83_762
    assert round(bt.AVERAGE_DESA) == 3442


def test_central_model_within_the_stated_factor_of_both_national_checks(table):
    assert bt.FACTOR == 1.5  # stated in the module docstring
    for c in bt.CHECKS:
        r = table.loc[c.key]
        assert r["terbit"] == c.tonnes
        assert 1 / bt.FACTOR <= r["rasio_nilai"] <= bt.FACTOR, c.key
        assert r["rasio_rendah"] < r["rasio_nilai"] < r["rasio_tinggi"]
        assert r["rasio_nilai"] == pytest.approx(r["model_nilai"] / r["terbit"])
        assert "uji independen" in r["makna"]
        assert "dalam faktor 1,5" in r["makna"]


def test_the_shares_are_the_parameter_band(table):
    e = params.entry("distribusi.porsi_saluran")
    lo, hi = e["rentang"]
    for key in table.index:
        r = table.loc[key]
        assert (r["porsi_rendah"], r["porsi_nilai"], r["porsi_tinggi"]) == (
            lo,
            e["nilai"],
            hi,
        )


def test_national_model_is_the_weekly_model_of_one_average_desa_per_unit(table):
    # no cut binds (cash, quota, supply): the steady-state weekly sales are
    # exactly units × people × 6.50 kg × 12/52 × share, computed by hand here
    for c in bt.CHECKS:
        r = table.loc[c.key]
        for b in bt.BANDS:
            per_unit_t = bt.AVERAGE_DESA * 6.50 * 12 / 52 / 1000 * r[f"porsi_{b}"]
            hand = c.units * per_unit_t * c.days / 7
            assert r[f"model_{b}"] == pytest.approx(hand, rel=1e-9)
            assert r[f"tak_terpenuhi_modal_{b}_t"] == 0
            assert r[f"tak_terpenuhi_kuota_{b}_t"] == 0
        assert "tidak membatasi penjualan model" in r["makna"]


def test_the_unit_network_keeps_every_model_invariant():
    kab = region.Kabupaten("00.00", "Uji", "00", "-")
    net = bt.unit_network([3442.0, 1000.0, 50_000.0], kab)
    sc = ds.Scenario(
        "uji",
        partners="all",
        share=0.5,
        max_km=1.0,
        circuity=1.0,
        weeks=6,
        quota="tanjungpinang",
        prices="satu_harga_2026",
        start_cash_rp=5e6,
    )
    res = ds.simulate(net, sc)
    assert res.invariant_violations() == []
    assert list(res.mitra["desa_dalam_jangkauan"]) == [1, 1, 1]
    # the big desa is held to the 2 t quota and by cash; the others are not
    assert res.ringkasan["tak_terpenuhi_batas_beras_t"] > 0
    assert res.ringkasan["tak_terpenuhi_pasokan_beras_t"] == 0  # no supply limit


def test_simkopdes_check_is_transactions_over_the_buying_price(table, register):
    r = table.loc["simkopdes_kabupaten"]
    v = pd.to_numeric(register["transaksi_nilai_rp"], errors="coerce").fillna(0)
    zones = params.load()["harga_sphp"]["zona_2025"]
    assert "35" in zones["zona_1"]
    buy = zones["harga_beli"][0]
    assert r["terbit"] == pytest.approx(v.sum() / buy / 1000)
    assert r["unit"] == int((v > 0).sum()) == 19
    assert np.isnan(r["rasio_nilai"])  # no period: not a ratio
    for b in bt.BANDS:
        assert r[f"setara_minggu_{b}"] == pytest.approx(r["terbit"] / r[f"model_{b}"])
    assert (
        r["setara_minggu_tinggi"] < r["setara_minggu_nilai"] < r["setara_minggu_rendah"]
    )
    assert "bukan rasio" in r["makna"] and "batas atas" in r["makna"]
    assert r["sumber"].startswith("data SIMKOPDES")
    # the model's weekly sales of those desa, by hand (Pasuruan consumption)
    from kdkmp_analysis.region import population

    pop = population.desa_population("35.14").set_index("kode_desa")["penduduk"]
    people = pop.loc[register.loc[v > 0, "kode_desa"]].sum()
    kg = params.value("konsumsi.beras")
    hand = people * kg * 12 / 52 / 1000 * r["porsi_nilai"]
    assert r["model_nilai"] == pytest.approx(hand, rel=1e-9)


def test_a_register_without_transactions_is_not_judged(register):
    df = bt.backtest(register.drop(columns=["transaksi_nilai_rp"]))
    r = df.set_index("kunci").loc["simkopdes_kabupaten"]
    assert r["unit"] == 0 and np.isnan(r["model_nilai"])
    assert "tidak tersedia" in r["makna"]


def test_text_and_labels_are_indonesian_and_name_their_assumptions(table):
    text = bt.backtest_text(table.reset_index())
    assert text.count("\n\n") == 2
    for c in bt.CHECKS:  # ratios in Indonesian format
        assert f"{angka(table.loc[c.key, 'rasio_nilai'], 2)} × angka terbit" in text
    for key in table.index:
        label = table.loc[key, "keterangan"]
        assert "asumsi" in label and "perkiraan" in label
        assert "porsi_saluran" not in label and "tanjungpinang" not in label
    assert "Dukcapil" in table.loc["bapanas_2025_09", "keterangan"]
