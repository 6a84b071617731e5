"""The forum ranking is the siting's model (issue 13 §3)."""

from __future__ import annotations

import numpy as np
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import forum
from kdkmp_analysis.distribution import placement as pl
from kdkmp_analysis.testing.text_scan import violations


@pytest.fixture(scope="module")
def fr():
    return forum.build_forum()


@pytest.fixture(scope="module")
def net(fr):
    return ds.prepare(fr.register)


@pytest.mark.parametrize("top", [13, 43])
def test_forum_top_n_serves_what_site_n_serves(fr, net, top):
    """Current partners + the forum's Bulog top N serve at least site(N) − 0.5 %."""
    c = fr.candidates["bulog_sphp"]
    codes = net.koperasi["kode_desa"].astype(str)
    current = np.flatnonzero(net.koperasi["mitra_bulog"].fillna(False).to_numpy(bool))
    picks = np.flatnonzero(codes.isin(c["kode_desa"].head(top)).to_numpy())
    forum_set = np.union1d(current, picks)
    n = current.size + top
    assert forum_set.size == n
    sited = pl.site_served(net, n)
    got = pl.served_demand(net, forum_set).served
    assert got >= sited.objective * (1 - 0.005) - 1e-6
    # and better than random ready sets of the same size
    rand = pl.random_baseline(net, n, draws=20, seed=1)
    assert got > rand.mean


def test_gains_are_marginal_counted_once_and_said_in_words(fr, net):
    c = fr.candidates["bulog_sphp"]
    t = c["terlayani_t_minggu"].to_numpy(float)
    siap = (c["kesiapan"] == "siap").to_numpy()
    # within the ready tier the gains never grow down the list (greedy order)
    g = t[siap]
    assert (np.diff(g[~np.isnan(g)]) <= 1e-6).all()
    current = np.flatnonzero(net.koperasi["mitra_bulog"].fillna(False).to_numpy(bool))
    everyone = np.union1d(current, np.arange(len(net.koperasi)))
    base = pl.served_demand(net, current).served
    total = pl.served_demand(net, everyone).served
    # the gains add up to what all of them together add: counted once
    assert np.nansum(t) == pytest.approx(total - base, abs=0.05)
    assert c["penduduk_tanpa_mitra"].sum() <= net.desa["penduduk"].sum()
    first = c.iloc[0]["alasan"]
    assert "t beras per minggu terlayani" in first and "jiwa" in first
    assert "belum terlayani mitra Perum Bulog lain" in first
    assert not violations(first)
    lpg = fr.candidates["pertamina_lpg"]
    assert "jiwa dalam jangkauan" in lpg.iloc[0]["alasan"]
    assert lpg["penduduk_tanpa_mitra"].sum() <= net.desa["penduduk"].sum()
    # people newly within reach never grow down a tier either
    p = lpg.loc[lpg["kesiapan"] == "siap", "penduduk_tanpa_mitra"].to_numpy(float)
    assert (np.diff(p) <= 0).all()
    assert "dihitung sekali" in lpg.attrs["dasar_peringkat"]
