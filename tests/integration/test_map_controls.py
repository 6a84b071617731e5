"""Issue 14 §6: the map's controls on a laptop and a phone, and its planner text.

Each browser test shows a saved offline map inside a frame of the screen's
size (1366 × 900 or 390 × 844: a frame's media queries follow its own
width) in headless Chromium, runs a script in the map's page and reads the
measures back from the DOM. Skipped only when no Chromium is installed.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from kdkmp_analysis import forum, handouts, maps, testing
from kdkmp_analysis.maps import layers, popups, static
from kdkmp_analysis.region import boundaries
from kdkmp_analysis.testing.text_scan import violations, visible_text

CHROMIUM = testing.find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium tidak ditemukan: pasang paket Debian 'chromium' atau isi "
    "KDKMP_CHROMIUM",
)
SCREENS = {"laptop": (1366, 900), "ponsel": (390, 844)}


@pytest.fixture(scope="module")
def kec(desa_polygons):
    return boundaries.kecamatan_polygons(desa_polygons)


@pytest.fixture(scope="module")
def fr(default_register, desa_polygons):
    return forum.build_forum(default_register, "35.14", desa_polygons=desa_polygons)


@pytest.fixture(scope="module")
def pages(default_register, desa_polygons, kec, fr, tmp_path_factory) -> dict:
    """A cooperative map (with desa polygons) and a gap map, saved offline."""
    out = tmp_path_factory.mktemp("peta-kontrol")
    titik = maps.points_map(
        default_register, "nib", kecamatan=kec, desa_polygons=desa_polygons, tiles=None
    )
    gap = handouts.gap_map(fr, "bulog_sphp", kec, tiles=None)
    return {
        "titik": maps.save_offline(titik, out / "titik.html"),
        "kesenjangan": maps.save_offline(gap, out / "kesenjangan.html"),
    }


#: Script run inside the map's page: finds the map, then ``STEPS`` (a list of
#: functions of (map, doc) each returning a dict), a pause before each.
_RUNNER = """
var win = FRAME, doc = win.document, out = [];
var key = Object.keys(win).filter(function (k) { return /^map_[0-9a-f]+$/.test(k); })[0];
var map = win[key];
function box(el) {
  if (!el) { return null; }
  var r = el.getBoundingClientRect();
  return {l: r.left, t: r.top, r: r.right, b: r.bottom, h: r.height, w: r.width};
}
function shown(el) {
  var c = doc.querySelector('.leaflet-container').getBoundingClientRect();
  var r = el.getBoundingClientRect();
  return win.getComputedStyle(el).display !== 'none' && r.width > 0 &&
    r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom;
}
var steps = [STEPS];
function next(i) {
  if (i >= steps.length) {
    document.documentElement.setAttribute('data-hasil', JSON.stringify(out));
    return;
  }
  setTimeout(function () { out.push(steps[i](map, doc)); next(i + 1); }, 400);
}
next(0);
"""


def _run(page: Path, steps: list[str], size: tuple[int, int] | None) -> list[dict]:
    """Run ``steps`` (JS functions) in ``page``, shown in a frame of ``size``."""
    if size is None:
        target, frame = page, "window"
    else:
        w, h = size
        doc = html.escape(page.read_text(encoding="utf-8"), quote=True)
        target = page.with_name(f"bingkai-{w}-{page.name}")
        target.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<style>body{margin:0}iframe{border:0;display:block}</style></head>"
            f'<body><iframe width="{w}" height="{h}" srcdoc="{doc}"></iframe>'
            "</body></html>",
            encoding="utf-8",
        )
        frame = "document.querySelector('iframe').contentWindow"
    script = _RUNNER.replace("FRAME", frame).replace("STEPS", ",".join(steps))
    r = testing.render_page(target, script=script, budget_ms=6000, timeout=120)
    assert r.errors == []
    m = re.search(r'data-hasil="([^"]*)"', r.dom)
    assert m, "the page script did not finish"
    return json.loads(html.unescape(m.group(1)))


def _overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


_MEASURE = """function (map, doc) {
  return {judul: box(doc.querySelector('.kdkmp-judul')),
          lapisan: box(doc.querySelector('.leaflet-control-layers')),
          daftar: box(doc.querySelector('.leaflet-control-layers-list')),
          cari: box(doc.querySelector('.kdkmp-search')),
          legenda: box(doc.querySelector('.kdkmp-legend')),
          terbuka: doc.querySelector('.leaflet-control-layers')
            .classList.contains('leaflet-control-layers-expanded')};
}"""
_EXPAND = """function (map, doc) {
  doc.querySelector('.leaflet-control-layers')
    .dispatchEvent(new win.MouseEvent('mouseover', {bubbles: true}));
  return {};
}"""
_OPEN_TITLE = """function (map, doc) {
  doc.querySelector('.kdkmp-judul .kdkmp-tombol').click(); return {};
}"""


@needs_chromium
@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("kind", ["titik", "kesenjangan"])
def test_layer_list_opens_below_the_title(pages, kind, screen):
    steps = [_EXPAND, _MEASURE]
    if screen == "ponsel":  # the title folded, then opened: the list follows
        steps += [_OPEN_TITLE, _EXPAND, _MEASURE]
    results = [r for r in _run(pages[kind], steps, SCREENS[screen]) if r]
    for r in results:
        assert r["terbuka"], "the layer list did not open"
        assert r["daftar"]["h"] > 50
        assert not _overlap(r["lapisan"], r["judul"]), r
        assert not _overlap(r["cari"], r["judul"]), r
        assert r["lapisan"]["b"] <= SCREENS[screen][1]
    if screen == "ponsel":
        assert results[1]["judul"]["h"] > results[0]["judul"]["h"]


@needs_chromium
def test_desa_names_show_from_zoom_13(pages, desa_polygons):
    count = """function (map, doc) {
      var all = doc.querySelectorAll('.kdkmp-label-desa');
      var n = 0; all.forEach(function (el) { if (shown(el)) { n++; } });
      return {zoom: map.getZoom(), semua: all.length, tampil: n};
    }"""
    zoom = """function (map, doc) { map.setZoom(14, {animate: false}); return {}; }"""
    before, _, after = _run(pages["titik"], [count, zoom, count], SCREENS["laptop"])
    assert before["zoom"] < layers.DESA_LABEL_ZOOM
    assert before["semua"] == len(desa_polygons) and before["tampil"] == 0
    assert after["zoom"] == 14 and after["tampil"] > 0
    page = pages["titik"].read_text(encoding="utf-8")
    names = set(desa_polygons["nama_desa"])
    assert "Nama desa/kelurahan (tampil dari zoom 13)" in page
    assert all(html.escape(n) in page for n in list(names)[:20])


@needs_chromium
def test_gap_map_labels_desa_at_its_cooperatives(pages):
    count = """function (map, doc) {
      map.setZoom(14, {animate: false});
      return {semua: doc.querySelectorAll('.kdkmp-label-desa').length};
    }"""
    (r,) = _run(pages["kesenjangan"], [count], SCREENS["laptop"])
    assert r["semua"] == 365


_FOLD = """function (map, doc) {
  var leg = doc.querySelector('.kdkmp-legend');
  var title = doc.querySelector('.kdkmp-judul');
  return {legenda: box(leg), judul: box(title),
          tombol: box(leg.querySelector('.kdkmp-tombol')),
          isi: win.getComputedStyle(leg.querySelector('.kdkmp-isi')).display,
          teks: leg.querySelector('.kdkmp-tombol').textContent};
}"""
_OPEN_BOTH = """function (map, doc) {
  doc.querySelector('.kdkmp-legend .kdkmp-tombol').click();
  doc.querySelector('.kdkmp-judul .kdkmp-tombol').click();
  return {};
}"""


@needs_chromium
@pytest.mark.parametrize("kind", ["titik", "kesenjangan"])
def test_legend_and_title_fold_on_a_phone(pages, kind):
    folded, _, opened = _run(pages[kind], [_FOLD, _OPEN_BOTH, _FOLD], (390, 844))
    assert folded["isi"] == "none" and folded["teks"].startswith("Legenda")
    assert folded["legenda"]["h"] <= 40 and folded["legenda"]["w"] <= 120
    assert folded["judul"]["h"] <= 60
    assert opened["isi"] != "none" and opened["teks"].startswith("Tutup legenda")
    assert opened["legenda"]["h"] > 3 * folded["legenda"]["h"]
    assert opened["judul"]["h"] > folded["judul"]["h"]
    (wide,) = _run(pages[kind], [_FOLD], (1366, 900))
    assert wide["isi"] != "none" and wide["tombol"]["h"] == 0  # no button


_WHEEL = """function (map, doc) { return {roda: map.scrollWheelZoom.enabled()}; }"""


def test_embedded_map_leaves_the_wheel_to_the_page(default_register):
    reg = default_register.head(5)
    embedded = maps.offline_html(maps.points_map(reg, tiles=None, embedded=True))
    alone = maps.offline_html(maps.points_map(reg, tiles=None, embedded=False))
    auto = maps.offline_html(maps.points_map(reg, tiles=None))
    assert '"scrollWheelZoom": false' in embedded
    assert '"scrollWheelZoom": true' in alone and '"scrollWheelZoom": true' in auto
    assert '"frameWheel":true' in auto and '"frameWheel":false' in alone


@needs_chromium
def test_default_map_turns_the_wheel_off_inside_a_frame(pages):
    """The briefing shows ``points_map(...)`` (default) in an ``<iframe>``."""
    assert _run(pages["titik"], [_WHEEL], None) == [{"roda": True}]
    assert _run(pages["titik"], [_WHEEL], (1366, 900)) == [{"roda": False}]


def test_static_map_type_reads_at_14_pt_on_the_slide(kec, default_register, tmp_path):
    """Legend and names at :data:`static.TEXT_PT`; the deck's slot keeps ≥ 14 pt.

    The deck draws its maps 4.6 in wide and places them in a 4.6 in wide
    slot (``slides.Deck.programme``): the type's size on the slide is its
    size in the figure times the placed / drawn width.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.6, 4.8), layout="constrained")
    ax = fig.add_subplot()
    static.static_map(kec, register=default_register, status="nib", ax=ax)
    legend = ax.get_legend()
    assert {t.get_fontsize() for t in legend.get_texts()} == {static.TEXT_PT}
    names = fig.kdkmp_info["label_kecamatan"]
    assert len(names) == 24
    assert {t.get_fontsize() for t in names} == {static.TEXT_PT}
    static.legend_below(fig, ax)
    below = fig.legends[0]
    assert {t.get_fontsize() for t in below.get_texts()} == {static.TEXT_PT}
    fig.draw_without_rendering()
    drawn = [t for t in names if t.kdkmp_box is not None]
    assert 5 <= len(drawn) < 24  # the names that fit, none over another
    boxes = [t.kdkmp_box for t in drawn]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    from PIL import Image

    png = static.save_static(fig, tmp_path / "peta.png", dpi=100)
    with Image.open(png) as img:
        width_in = img.size[0] / 100
    assert static.TEXT_PT * 4.6 / width_in >= 14


def _script_texts(page: str) -> list[str]:
    """Every string literal of the page's own scripts (popups, legends, names)."""
    out = []
    for code in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S):
        if "var kdkmp = (function" in code or "Leaflet" in code[:3000]:
            continue  # the libraries, not planner text
        for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', code):
            try:
                text = json.loads(f'"{lit}"')
            except json.JSONDecodeError:
                continue
            if not re.fullmatch(r"[a-z_]+_[0-9a-f]{32}", text):  # element ids
                out.append(text)
    return out


def test_every_text_of_the_build_maps_is_planner_text(
    default_register, desa_polygons, kec, fr, tmp_path
):
    """The gap maps of a build and the cooperative/kecamatan maps, all texts."""
    written = handouts.write_gap_maps(fr, tmp_path / "peta", kec)
    titik = maps.points_map(
        default_register, "nib", kecamatan=kec, desa_polygons=desa_polygons, tiles=None
    )
    table = maps.kecamatan_metrics(default_register, kec)
    choro = maps.choropleth_map(
        table, "persen_nib", legend="Koperasi ber-NIB", unit="%",
        register=default_register, desa_polygons=desa_polygons, tiles=None,
    )  # fmt: skip
    pages = [p.read_text(encoding="utf-8") for p in written]
    pages += [maps.offline_html(titik), maps.offline_html(choro)]
    assert len(written) == len(fr.candidates)
    found: dict[str, str] = {}
    n_texts = 0
    for page in pages:
        for v in violations(visible_text(page)):
            found.setdefault(v, "halaman")
        for text in _script_texts(page):
            n_texts += 1
            for v in violations(visible_text(text)):
                found.setdefault(v, text[:160])
    assert n_texts > 1000  # popups, tooltips, legends, layer names were read
    assert found == {}


def test_source_notes_read_as_indonesian():
    text = popups.source_text(
        "ekspor SIMKOPDES kopdes_locations_3514.csv (ekspor 2026-08-05); "
        "ditandai: di luar desanya 0.02 km; batas: wilayah_boundaries_kel_35.14.sql; "
        "kemitraan: fakta (artikel_2025_10_08)"
    )
    assert violations(text) == []
    assert "ekspor SIMKOPDES 5 Agustus 2026" in text
    assert "0,02 km" in text
    assert "berkas batas desa data terbuka Cahya DSN (MIT), kabupaten 35.14" in text
    assert "Artikel 8 Okt 2025" in text
    assert violations(popups.scheme_text("NaturalBreaks")) == []


@needs_chromium
def test_rendered_map_text_is_planner_text(pages):
    """What Chromium draws (title, legend, layer list, attribution) on a phone."""
    for page in pages.values():
        r = testing.render_page(page)
        assert r.errors == []
        assert violations(visible_text(r.dom)) == []
