"""The folium/branca internals of the maps, fenced in one file.

Everything that knows how folium and branca render a page lives here: the
inline CSS and JavaScript of this package's layers and controls (:data:`CSS`,
:data:`JS`: the ``kdkmp`` helpers ``layer``, ``labels``, ``box``, ``title``,
``controls``), the branca elements that put them on the page, and the map
constructor. The title and legend fold on a narrow screen (≤ 600 px: folded when the
page opens, a button opens them); the top control corners move below the
title so that neither the layer list nor the search box opens under it;
desa labels (``minZoom``) show only from that zoom on. The rest of
:mod:`kdkmp_analysis.maps` builds layers through
:class:`DataLayer`, :class:`LabelLayer`, :func:`new_map` and
:func:`add_script` and never subclasses a folium class itself.

Why raw elements: branca wraps every rendered script in a new Jinja template,
which is slow for large data and would evaluate ``{{ … }}`` found in data.
The elements below insert their (already escaped, see :mod:`.popups`) text as
it is.
"""

from __future__ import annotations

from typing import Any, cast

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from folium.map import Layer
from jinja2 import Template

from kdkmp_analysis.maps.popups import layer_label, script_json

__all__ = [
    "CSS",
    "JS",
    "DataLayer",
    "KdkmpMap",
    "LabelLayer",
    "add_script",
    "new_map",
]

CSS = """
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
.kdkmp-legend div.kdkmp-isi{white-space:normal}
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
.kdkmp-label-desa{display:none;background:none;border:none;font-size:10px;
font-weight:500;color:#333;text-shadow:0 0 3px #fff,0 0 3px #fff;white-space:nowrap;
pointer-events:none}
.kdkmp-dekat .kdkmp-label-desa{display:block}
.kdkmp-tombol{display:none}
@media (max-width:600px){
.kdkmp-judul{max-width:calc(100% - 24px);width:max-content;padding:3px 8px}
.kdkmp-judul h3{font-size:13px}
.kdkmp-tombol{display:block;margin:2px auto 0;padding:1px 8px;font:inherit;
font-size:12px;border:1px solid #999;border-radius:3px;background:#fff;cursor:pointer}
.kdkmp-judul.kdkmp-terlipat h3,.kdkmp-judul.kdkmp-terlipat .kdkmp-ilustrasi{
white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.kdkmp-judul.kdkmp-terlipat .kdkmp-tombol{display:inline-block;margin:0 0 0 6px}
.kdkmp-judul.kdkmp-terlipat{display:flex;align-items:center}
.kdkmp-judul.kdkmp-terlipat .kdkmp-isi{min-width:0;flex:1}
.kdkmp-legend{max-width:75vw;max-height:45vh}
.kdkmp-legend.kdkmp-terlipat{padding:0;background:none;box-shadow:none}
.kdkmp-legend.kdkmp-terlipat .kdkmp-isi{display:none}
}
"""

JS = r"""
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
    var cls = o.cls || 'kdkmp-label';
    items.forEach(function (it) {
      L.marker([it[0], it[1]], {interactive: false, keyboard: false,
        icon: L.divIcon({className: cls, html: it[2], iconSize: null,
                         iconAnchor: o.dy ? [0, -o.dy] : null})
      }).addTo(g);
    });
    if (o.minZoom) {
      var sync = function () {
        map.getContainer().classList.toggle('kdkmp-dekat', map.getZoom() >= o.minZoom);
      };
      map.on('zoomend', sync);
      sync();
    }
    return g;
  }
  var NARROW = '(max-width: 600px)';
  function fold(d, b, texts, changed) {
    function set(folded) {
      d.classList.toggle('kdkmp-terlipat', folded);
      b.textContent = folded ? texts[0] : texts[1];
      b.setAttribute('aria-expanded', String(!folded));
    }
    set(!!(window.matchMedia && window.matchMedia(NARROW).matches));
    L.DomEvent.on(b, 'click', function (e) {
      L.DomEvent.stop(e);
      set(!d.classList.contains('kdkmp-terlipat'));
      if (changed) { changed(); }
    });
  }
  function foldable(d, content, texts, after, changed) {
    var body = L.DomUtil.create('div', 'kdkmp-isi');
    var b = L.DomUtil.create('button', 'kdkmp-tombol');
    b.type = 'button';
    if (after) { d.appendChild(body); d.appendChild(b); }
    else { d.appendChild(b); d.appendChild(body); }
    body.innerHTML = content;
    fold(d, b, texts, changed);
    return body;
  }
  function box(map, position, cls, content, texts) {
    var body = null;
    var C = L.Control.extend({onAdd: function () {
      var d = L.DomUtil.create('div', cls);
      body = foldable(d, content, texts || ['Legenda', 'Tutup legenda'], false);
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    }});
    var c = new C({position: position}).addTo(map);
    c.setContent = function (h) { body.innerHTML = h; };
    return c;
  }
  function place(map, t) {
    var c = map.getContainer();
    function go() {
      var tb = t.getBoundingClientRect(), cb = c.getBoundingClientRect();
      ['topleft', 'topright'].forEach(function (k) {
        var corner = map._controlCorners && map._controlCorners[k];
        if (!corner) { return; }
        corner.style.paddingTop = '0px';
        var r = corner.getBoundingClientRect();
        var across = r.right > tb.left && r.left < tb.right && r.height > 0;
        var push = k === 'topright' || across;
        corner.style.paddingTop = push ? Math.ceil(tb.bottom - cb.top) + 'px' : '0px';
      });
    }
    go();
    if (window.ResizeObserver) {
      var ro = new ResizeObserver(go);
      ro.observe(t);
      ['topleft', 'topright'].forEach(function (k) {
        if (map._controlCorners && map._controlCorners[k]) {
          ro.observe(map._controlCorners[k]);
        }
      });
    }
    map.on('resize', go);
    c.addEventListener('mouseover', go, true);
    window.addEventListener('load', go);
    map._kdkmpPlace = go;
    return go;
  }
  function title(map, content) {
    var d = L.DomUtil.create('div', 'kdkmp-judul', map.getContainer());
    foldable(d, content, ['Selengkapnya', 'Ringkas'], true, function () {
      if (map._kdkmpPlace) { map._kdkmpPlace(); }
    });
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    place(map, d);
    return d;
  }
  function norm(s) {
    return String(s).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  function controls(map, o) {
    if (o.frameWheel && window.self !== window.top) { map.scrollWheelZoom.disable(); }
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
  return {layer: layer, labels: labels, box: box, title: title, controls: controls,
          place: place};
})();
"""


class _Raw(Element):
    """Text inserted into the page as is (never compiled as a Jinja template)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "KdkmpRaw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _figure(el: Element) -> Figure:
    """The page an element is rendered into (its root is a branca Figure)."""
    return cast(Figure, el.get_root())


def _raw_render(el: MacroElement, js: str, **kwargs: Any) -> None:
    _figure(el).script.add_child(_Raw(js), name=el.get_name())
    for child in el._children.values():
        child.render(**kwargs)


class _Assets(MacroElement):
    """The package's inline CSS and JS, added once to the page header."""

    _template = Template("")

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        _figure(self).header.add_child(
            _Raw(f"<style>{CSS}</style>\n<script>{JS}</script>"),
            name="kdkmp_assets",
        )


class _Script(MacroElement):
    """A call into the ``kdkmp`` helpers of the page."""

    _template = Template("")

    def __init__(self, code: str):
        super().__init__()
        self._name = "KdkmpScript"
        self.code = code

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        _raw_render(self, self.code, **kwargs)


class _JsLayer(Layer):
    """A layer whose script is ``var <name> = <call>;`` (shown via Layer)."""

    _template = Template("")
    _call = ""

    def __init__(self, name: str, args: str, show: bool = True):
        super().__init__(name=layer_label(name), overlay=True, control=True, show=show)
        self._name = "KdkmpLayer"
        self.args = args

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        parent = self._parent
        assert parent is not None, "a layer is rendered inside its map"
        if self.show:
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(),
                    element_parent_name=parent.get_name(),
                ),
                name=self.get_name() + "_add",
            )
        js = f"var {self.get_name()} = {self._call}({parent.get_name()}, {self.args});"
        _raw_render(self, js, **kwargs)


class DataLayer(_JsLayer):
    """A GeoJSON layer whose styles, tooltips and popups are precomputed.

    Parameters
    ----------
    data : str
        A GeoJSON FeatureCollection (JSON text; feature properties ``s``
        style index, ``t`` tooltip, ``p`` popup, ``q`` search text).
    opts : dict
        Options of ``kdkmp.layer`` (``cls``, ``styles``, ``pane``, ``search``…).
    name : str
        Layer-control name (escaped here).
    show : bool
        Shown when the page opens.
    """

    _call = "kdkmp.layer"

    def __init__(self, data: str, opts: dict, name: str, show: bool = True):
        super().__init__(name, f"{data}, {script_json(opts)}", show)
        self.features = data


class LabelLayer(_JsLayer):
    """Permanent text labels (already escaped HTML) at ``[lat, lon, html]`` points."""

    _call = "kdkmp.labels"

    def __init__(self, items: list, opts: dict, name: str, show: bool = True):
        super().__init__(name, f"{script_json(items)}, {script_json(opts)}", show)
        self.items = items


class KdkmpMap(folium.Map):
    """A folium map of this package: ``kdkmp_info`` records what was drawn on it.

    It renders exactly as a :class:`folium.Map`; the builders fill
    ``kdkmp_info`` (markers, desa, classes, ``ilustrasi``, ``judul``…).
    """

    kdkmp_info: dict[str, Any]


def new_map(
    tiles: str | None,
    bounds: list[list[float]] | None,
    *,
    scroll_wheel_zoom: bool = True,
) -> KdkmpMap:
    """An empty map with this package's assets, fitted to ``bounds``.

    ``scroll_wheel_zoom=False`` (a map embedded in a page) leaves the mouse
    wheel to the page: the map zooms with its buttons, a double click or two
    fingers.
    """
    center = (
        [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
        if bounds
        else [-2.5, 118.0]
    )
    m = KdkmpMap(
        location=center,
        zoom_start=10,
        tiles=tiles,
        control_scale=False,
        scroll_wheel_zoom=scroll_wheel_zoom,
    )
    _Assets().add_to(m)
    if bounds:
        m.fit_bounds(bounds)
    m.kdkmp_info = {}
    return m


def add_script(m: folium.Map, code: str) -> None:
    """Run ``code`` (a call into ``kdkmp``; ``MAP`` is the map) on the page."""
    _Script(code.replace("MAP", m.get_name())).add_to(m)
