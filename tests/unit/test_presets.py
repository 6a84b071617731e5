"""Scenario presets (issue 12 §1): branch quota, prices, consumer limit, calendar."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import params
from kdkmp_analysis.distribution import presets


def test_serang_quota_is_half_a_tonne_a_week_paid_after_sale():
    q = presets.quota("serang")
    assert q.week_t == 0.5 and q.order_max_t == 2
    assert q.pay == "setelah_terjual" and q.tempo_days == 7
    assert not q.cash_bound
    assert "Serang" in q.describe() and "26 Sep 2025" in q.describe()


def test_other_quota_presets():
    tpi = presets.quota("tanjungpinang")
    assert (tpi.week_t, tpi.order_max_t, tpi.pay) == (2.0, 2.0, "tunai")
    assert tpi.cash_bound and not tpi.storage_only
    assert presets.quota("lampung").tranche
    free = presets.quota("tanpa_batas")
    assert math.isinf(free.week_t) and math.isinf(free.order_max_t)
    assert free.storage_only
    assert presets.QUOTA_KEYS == ("tanjungpinang", "serang", "lampung", "tanpa_batas")
    with pytest.raises(ds.DistributionError, match="tidak dikenal"):
        presets.quota("malang")


def test_the_local_quota_of_pasuruan_is_an_assumption_said_in_words():
    q, why = presets.local_quota("35.14")
    assert q.key == "tanjungpinang" and "tidak ditemukan" in why
    other, why = presets.local_quota("12.01")
    assert other.key == "tanjungpinang" and "asumsi" in why


@pytest.mark.parametrize(
    ("province", "zone", "buy", "het"),
    [("91", 3, 11_600, 13_500), ("35", 1, 11_000, 12_500), ("61", 2, 11_300, 13_100)],
)
def test_2025_zone_prices(province, zone, buy, het):
    p = presets.prices("zona_2025", province)
    assert (p.zone, p.buy, p.het) == (zone, buy, het)
    assert p.margin == het - buy
    assert p.source == "bapanas_sphp_zona_2025"


def test_2026_single_price_is_the_same_everywhere_and_marked():
    for prov in ("35", "91"):
        p = presets.prices("satu_harga_2026", prov)
        assert (p.buy, p.het, p.margin) == (11_000, 12_500, 1_500)
    assert p.status == "perkiraan"  # announced, in force not verified


def test_zone_prices_of_pasuruan_equal_the_bulog_parameters():
    p = presets.prices("zona_2025", "35")
    assert p.buy == params.value("bulog.harga_beli_beras")
    assert p.het == params.value("bulog.het_beras")


def test_a_province_outside_the_zone_table_is_a_clear_error():
    with pytest.raises(ds.DistributionError, match="provinsi 99 tidak ada"):
        presets.prices("zona_2025", "99")


def test_consumer_limit_presets():
    kg, name = presets.consumer_limit("rencana_2026")
    assert kg == 25 and "25 kg" in name
    assert presets.consumer_limit("juknis_2025")[0] == 10
    assert presets.consumer_limit()[0] == 25  # the default


def test_2026_harvest_calendar_cuts_weeks_9_to_18_and_31_to_35_only():
    cal = presets.calendar("panen_2026")
    weeks = (np.flatnonzero(cal.supply_weeks) + 1).tolist()
    assert weeks == [*range(9, 19), *range(31, 36)]
    assert cal.supply_band == (0.25, 0.5, 0.75)
    supply = cal.supply(0.5)
    assert supply[8] == 0.5 and supply[7] == 1.0 and supply[35] == 1.0
    # Ramadan 1447 H (19 Feb – 20 Mar 2026): weeks 8–12
    assert (np.flatnonzero(cal.ramadan_weeks) + 1).tolist() == [8, 9, 10, 11, 12]
    pause = presets.calendar("jeda_2025")
    assert (np.flatnonzero(pause.supply_weeks) + 1).tolist() == list(range(6, 29))
    assert pause.supply(0.0)[5] == 0.0
    assert not presets.calendar("tanpa_jeda").supply_weeks.any()
    short = presets.calendar("panen_2026", weeks=10)
    assert short.supply_weeks.shape == (10,) and short.supply_weeks[8:].all()
