"""Four categories per programme × kecamatan, kecamatan ranked, and the gap maps."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from helpers import make_register

from kdkmp_analysis import gaps, testing

BULOG_OK = dict(nib=True, npwp=True, badan_hukum=True)


@pytest.fixture(scope="module")
def small():
    """Kec 01: partnered, ready, not ready (no NIB), unknown; kec 02: not ready x2."""
    reg = make_register(
        [
            {"kec": "01", **BULOG_OK, "mitra_bulog": True},
            {"kec": "01", **BULOG_OK, "mitra_bulog": False},
            {"kec": "01", **dict(BULOG_OK, nib=False), "mitra_bulog": False},
            {"kec": "01", "npwp": True, "badan_hukum": True, "mitra_bulog": False},
            {"kec": "02", **dict(BULOG_OK, nib=False), "mitra_bulog": False},
            {"kec": "02", **dict(BULOG_OK, npwp=False), "mitra_bulog": pd.NA},
        ]
    )
    ready = gaps.readiness(reg, ["bulog_sphp"])
    pop = pd.DataFrame({"kode_desa": reg["kode_desa"], "penduduk": [100] * 6})
    return reg, ready, pop


def test_four_categories_on_a_hand_built_register(small):
    reg, ready, pop = small
    c = gaps.gap_categories(ready, pop).set_index("kode_kecamatan")
    one, two = c.loc["99.01.01"], c.loc["99.01.02"]
    assert [one[k] for k in gaps.KATEGORI] == [1, 1, 1, 1]
    assert [two[k] for k in gaps.KATEGORI] == [0, 0, 2, 0]
    assert one["persen_belum_siap"] == 25.0 and two["persen_belum_siap"] == 100.0
    assert two["syarat_kurang_terbanyak"] in {"NIB", "NPWP"}
    assert two["jumlah_syarat_kurang_terbanyak"] == 1
    # ranked per programme: most not-ready first
    assert two["peringkat_belum_siap"] == 1 and one["peringkat_belum_siap"] == 2
    # fallback people: desa whose cooperative is known "belum bermitra"
    assert one["penduduk_tanpa_mitra"] == 300 and two["penduduk_tanpa_mitra"] == 100
    assert set(c["dasar_penduduk_tanpa_mitra"]) == {gaps.DASAR_PENDUDUK_DESA}
    assert one["peringkat_penduduk_tanpa_mitra"] == 1


def test_people_from_the_forum_lists_and_without_population(small):
    reg, ready, _ = small
    tanpa = pd.DataFrame(
        {
            "program": "bulog_sphp",
            "kode_desa": reg["kode_desa"].iloc[1:],
            "penduduk_tanpa_mitra": [50, 0, 10, 7, 3],
        }
    )
    c = gaps.gap_categories(ready, None, tanpa).set_index("kode_kecamatan")
    assert c.loc["99.01.01", "penduduk_tanpa_mitra"] == 60
    assert c.loc["99.01.02", "penduduk_tanpa_mitra"] == 10
    assert set(c["dasar_penduduk_tanpa_mitra"]) == {gaps.DASAR_PENDUDUK_FORUM}
    none = gaps.gap_categories(ready)
    assert none["penduduk_tanpa_mitra"].isna().all()
    assert none["peringkat_penduduk_tanpa_mitra"].isna().all()


def test_category_table_is_ranked_with_indonesian_headings(small):
    _, ready, pop = small
    c = gaps.gap_categories(ready, pop)
    t = gaps.category_table(c, "bulog_sphp", "belum_siap")
    assert list(t["Kecamatan"]) == ["Kec 02", "Kec 01"]
    assert list(t["Peringkat"]) == [1, 2]
    assert "Belum siap (% dari koperasi di kecamatan)" in t.columns
    assert not [h for h in t.columns if re.search(r"[a-z]_[a-z]", h)]
    t2 = gaps.category_table(c, "bulog_sphp", "penduduk_tanpa_mitra")
    assert list(t2["Kecamatan"]) == ["Kec 01", "Kec 02"]
    with pytest.raises(gaps.GapsError, match="urutan"):
        gaps.category_table(c, "bulog_sphp", "jarak")
    with pytest.raises(gaps.GapsError, match="tidak ada"):
        gaps.category_table(c, "pln", "belum_siap")


@pytest.fixture(scope="module")
def default_categories(default_register):
    ready = gaps.readiness(default_register)
    return ready, gaps.gap_categories(ready)


def test_four_categories_sum_to_the_cooperatives_everywhere(default_categories):
    ready, c = default_categories
    parts = c[list(gaps.KATEGORI)].sum(axis=1)
    assert (parts == c["koperasi"]).all()
    shares = c[[f"persen_{k}" for k in gaps.KATEGORI]].sum(axis=1)
    assert ((shares - 100.0).abs() <= 0.2 + 1e-9).all()
    assert (c.groupby("program")["koperasi"].sum() == len(ready) // 10).all()


def test_pupuk_not_ready_equals_the_readiness_table(default_categories):
    ready, c = default_categories
    r = ready[ready["program"] == "pupuk_indonesia"]
    not_ready = (r["kesiapan"] == gaps.BELUM_SIAP) & (
        r["status_mitra"] != gaps.BERMITRA
    )
    p = c[c["program"] == "pupuk_indonesia"]
    assert int(p["belum_siap"].sum()) == int(not_ready.sum()) == 361
    assert int(p["koperasi"].sum()) == 365
    # the old gap map's share (ready but unpartnered) is 0 in 23 kecamatan;
    # the not-ready share is non-zero wherever a cooperative is not ready
    assert int((p["siap_belum_bermitra"] == 0).sum()) == 23
    assert (p.loc[p["belum_siap"] > 0, "persen_belum_siap"] > 0).all()


# --- the map ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def pupuk_map(default_register, desa_polygons):
    from kdkmp_analysis import forum, handouts
    from kdkmp_analysis.region import boundaries

    kec = boundaries.kecamatan_polygons(desa_polygons)
    f = forum.build_forum(default_register, "35.14", desa_polygons=desa_polygons)
    return f, handouts.gap_map(f, "pupuk_indonesia", kec, tiles=None), kec


def test_pupuk_gap_map_shows_the_361_not_ready(pupuk_map):
    from kdkmp_analysis import maps

    f, m, kec = pupuk_map
    info = m.kdkmp_info
    assert info["kategori_awal"] == "belum_siap"
    cats = info["kategori"]
    assert list(cats) == list(gaps.KATEGORI)
    assert [cats[k]["jumlah"] for k in gaps.KATEGORI] == [3, 1, 361, 0]
    belum = cats["belum_siap"]
    has = {k for k, n in belum["koperasi"].items() if n > 0}
    assert len(has) == 24
    assert all(belum["persen"][k] > 0 for k in has)
    assert sum(cats["belum_siap"]["kelas"].values()) == 24
    html = maps.offline_html(m)
    assert maps.external_references(html) == []
    for k in cats.values():  # a switch per category; its legend states the base
        assert k["nama_lapisan"] == f"{k['label']} ({k['jumlah']} koperasi)"
        assert maps.popups.script_json(k["nama_lapisan"])[1:-1] in html
        heading = f"{k['label']} — {gaps.DASAR_KATEGORI}"
        assert maps.popups.script_json(heading)[1:-1] in html
    assert "base_layers" in html and "Kesenjangan kemitraan" in html
    assert "True" not in info["judul"] and "_" not in info["judul"]
    # a map opens on its largest unpartnered category: Bulog on the candidates
    from kdkmp_analysis import handouts

    bulog = handouts.gap_map(f, "bulog_sphp", kec, tiles=None).kdkmp_info
    assert bulog["kategori_awal"] == "siap_belum_bermitra"
    assert bulog["kategori"]["belum_siap"]["jumlah"] == 24


def test_people_ranking_uses_the_forum_figures(pupuk_map):
    from kdkmp_analysis.handouts import gap_maps

    f, _, _ = pupuk_map
    t = gap_maps.gap_category_table(f, "pupuk_indonesia", "penduduk_tanpa_mitra")
    assert len(t) == 24 and list(t["Peringkat"]) == list(range(1, 25))
    people = t["Penduduk tanpa mitra"].astype(int)
    assert people.is_monotonic_decreasing
    counted_once = f.candidates["pupuk_indonesia"]["penduduk_tanpa_mitra"].sum()
    assert int(people.sum()) == int(counted_once)


_SWITCH = """
var R = document.documentElement;
function state() {
  var fills = {};
  document.querySelectorAll('path.kdkmp-kecamatan').forEach(function (p) {
    var f = p.getAttribute('fill');
    if (f && f !== 'none') { fills[f] = (fills[f] || 0) + 1; } });
  var h = document.querySelector('.kdkmp-judul h3');
  var leg = document.querySelector('.kdkmp-legend h4');
  return {fills: fills, judul: h ? h.textContent : '', legenda: leg ? leg.textContent : ''};
}
var before = state();
var radios = document.querySelectorAll('.leaflet-control-layers-base input');
radios[0].click();
R.setAttribute('data-uji', JSON.stringify({n: radios.length, before: before,
                                          after: state()}));
"""


@pytest.mark.skipif(testing.find_chromium() is None, reason="Chromium tidak ditemukan")
def test_the_layer_switch_changes_colours_legend_and_title(pupuk_map, tmp_path):
    import html
    import json

    from kdkmp_analysis import maps

    _, m, _ = pupuk_map
    page = maps.save_offline(m, tmp_path / "peta.html")
    res = testing.render_page(page, script=_SWITCH)
    assert res.errors == []
    found = re.search(r'data-uji="([^"]*)"', res.dom)
    assert found, "the probe script did not run"
    uji = json.loads(html.unescape(found.group(1)))
    assert uji["n"] == 4
    # opens on "belum siap": every kecamatan in the top class
    assert uji["before"]["fills"] == {"#fb6a4a": 24}
    assert uji["before"]["judul"].endswith("Belum siap: 361 koperasi")
    assert uji["before"]["legenda"].startswith("Belum siap — % dari koperasi")
    # switched to "bermitra": 21 kecamatan at 0 %, 3 with a partner
    assert uji["after"]["fills"] == {"#ffffff": 21, "#deebf7": 3}
    assert uji["after"]["judul"].endswith("Bermitra: 3 koperasi")
    assert uji["after"]["legenda"].startswith("Bermitra — % dari koperasi")
