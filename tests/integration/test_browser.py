"""Real-browser checks: saved offline maps drawn by headless Chromium.

Chromium runs with no network at all (every host name unresolvable). The
tests are skipped, with the reason shown, only when no Chromium is installed;
``.ci/run`` installs Debian's ``chromium`` so CI always runs them.
"""

from __future__ import annotations

import html

import pytest

from kdkmp_analysis import maps, testing
from kdkmp_analysis.region import boundaries

pytestmark = pytest.mark.browser

CHROMIUM = testing.find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium tidak ditemukan: pasang paket Debian 'chromium' "
    "(.ci/run melakukannya) atau isi KDKMP_CHROMIUM",
)
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def pasuruan(desa_polygons, default_register, tmp_path_factory):
    kec = boundaries.kecamatan_polygons(desa_polygons)
    table = maps.kecamatan_metrics(default_register, kec)
    m = maps.choropleth_map(
        table,
        "persen_nib",
        legend="Koperasi ber-NIB",
        unit="%",
        register=default_register,
        desa_polygons=desa_polygons,
        tiles="OpenStreetMap",
    )
    out = tmp_path_factory.mktemp("peta")
    return maps.save_offline(m, out / "peta-kecamatan.html"), m


@needs_chromium
def test_offline_pasuruan_map_draws_everything_without_errors(pasuruan):
    path, m = pasuruan
    result = testing.render_page(path)
    dom = result.dom
    assert result.errors == []
    assert testing.count_elements(dom, "kdkmp-koperasi", "path") == 365
    assert testing.count_elements(dom, "kdkmp-desa", "path") == 365
    assert testing.count_elements(dom, "kdkmp-kecamatan", "path") == 24
    assert testing.count_elements(dom, "kdkmp-kabupaten", "path") == 1
    assert testing.count_elements(dom, "kdkmp-label") == 24
    # legend, ILUSTRASI banner, search box, fullscreen, scale bar, layer control
    assert testing.count_elements(dom, "kdkmp-ilustrasi") == 1
    assert "Koperasi ber-NIB (%) (ilustrasi)" in dom
    assert testing.count_elements(dom, "kdkmp-search") == 1
    assert testing.count_elements(dom, "kdkmp-fs") == 1
    assert testing.count_elements(dom, "leaflet-control-scale") == 1
    assert testing.count_elements(dom, "leaflet-control-layers") == 1
    assert "tile.openstreetmap.org" not in dom  # basemap left out of the offline file


@needs_chromium
def test_popup_and_search_show_hostile_names_as_text(
    tmp_path, desa_polygons, default_register
):
    reg = default_register.head(3).copy()
    reg.loc[0, "nama_koperasi"] = XSS
    desa = desa_polygons[desa_polygons["kode_desa"].isin(reg["kode_desa"])]
    m = maps.points_map(reg, "nib", desa_polygons=desa, tiles=None)
    path = maps.save_offline(m, tmp_path / "xss.html")
    script = (
        "var inp=document.querySelector('.kdkmp-search input');"
        "inp.value='onerror';inp.dispatchEvent(new Event('input'));"
        "document.querySelector('.kdkmp-search li').click();"
    )
    result = testing.render_page(path, script=script)
    dom = result.dom
    assert result.errors == []  # alert() would be recorded here
    assert '<img src="x"' not in dom and "<img src=x" not in dom
    popup = dom.split('class="leaflet-popup-content"', 1)[1].split("</table>", 1)[0]
    assert html.escape(XSS, quote=False) in popup  # shown as text
    hits = dom.split('aria-label="Cari desa', 1)[1].split("</ul>", 1)[0]
    assert hits.count("<li") == 1
    assert html.escape(XSS, quote=False) in hits


@needs_chromium
def test_map_embedded_in_a_notebook_frame_is_drawn(
    tmp_path, desa_polygons, default_register
):
    """What the build checks: a rendered notebook holds maps in srcdoc frames."""
    m = maps.points_map(default_register, "bermitra_bumn", tiles=None)
    frame = maps.embed(m, height=400)._repr_html_()
    page = tmp_path / "notebook.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head>"
        f"<body><h1>Notebook</h1>{frame}</body></html>",
        encoding="utf-8",
    )
    dom, errors = testing.render_dom(page)
    assert errors == []
    assert testing.count_elements(dom, "kdkmp-frame", "template") == 1
    assert testing.count_elements(dom, "kdkmp-koperasi", "path") == 365


@needs_chromium
def test_harness_reports_errors_and_blocked_network(tmp_path):
    """The check can fail: errors, failed loads and the internet are caught."""
    page = tmp_path / "rusak.html"
    page.write_text(
        "<!DOCTYPE html><html><head>"
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js">'
        "</script></head><body><script>L.map('x');</script>"
        "<iframe srcdoc=\"<script>console.error('dalam bingkai')</script>\"></iframe>"
        "</body></html>",
        encoding="utf-8",
    )
    dom, errors = testing.render_dom(page)
    text = " | ".join(errors)
    assert "gagal memuat: https://cdn.jsdelivr.net" in text  # no internet here
    assert "L is not defined" in text
    assert "dalam bingkai" in text


def test_missing_browser_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KDKMP_CHROMIUM", "")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert testing.find_chromium() is None
    page = tmp_path / "a.html"
    page.write_text("<html></html>")
    with pytest.raises(testing.BrowserNotFound, match="Chromium tidak ditemukan"):
        testing.render_dom(page)


def test_count_elements_matches_whole_class_names():
    dom = (
        '<path class="kdkmp-desa leaflet-interactive"></path>'
        '<path class="x kdkmp-desa"></path><path class="kdkmp-desa-x"></path>'
        '<div class="kdkmp-desa"></div>"className":"kdkmp-desa"'
    )
    assert testing.count_elements(dom, "kdkmp-desa", "path") == 2
    assert testing.count_elements(dom, "kdkmp-desa") == 3
