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
legend; a register whose statuses are an ``ilustrasi`` scenario
(:func:`kdkmp_analysis.register.is_ilustrasi`) puts a visible ILUSTRASI
banner on the map.

On the page: the layer list and the search box open below the title (never
under it); desa names show from zoom 13 on
(:data:`~kdkmp_analysis.maps.layers.DESA_LABEL_ZOOM`); on a phone (≤ 600 px)
the title and legend are folded until their button opens them; a map shown
inside a frame leaves the mouse wheel to the page (``embedded=True`` sets it
in the map's options, the default detects the frame in the browser). Source
notes read as Indonesian words (:func:`~kdkmp_analysis.maps.popups.source_text`).

Offline
-------
:func:`save_offline` writes a self-contained HTML file (Leaflet inlined from
``xstatic-leaflet``, folium's unused CDN resources dropped, the controls as
small inline scripts); :func:`external_references` lists anything a page
would still fetch; :func:`embed` shows a map in a notebook without a CDN.

Safety
------
Every text that comes from data is HTML-escaped before it reaches a popup,
tooltip, legend, label or attribution, and the search index is plain text
shown with ``textContent``; data embedded in scripts is JSON with ``<``, ``>``
and ``&`` written as ``\\u003c``/``\\u003e``/``\\u0026``. Both rules live in
:mod:`~kdkmp_analysis.maps.popups`.

Modules
-------
:mod:`~kdkmp_analysis.maps.builders`
    :func:`points_map`, :func:`choropleth_map`, as named steps.
:mod:`~kdkmp_analysis.maps.layers`
    The point, desa, kecamatan, outline and label layers; title, legend and
    controls of a finished map.
:mod:`~kdkmp_analysis.maps.popups`
    Every text a map shows (tooltips, popups, legends, banner) and the one
    place where data text is escaped.
:mod:`~kdkmp_analysis.maps.classify`
    Status classes and colours, mapclassify value classes,
    :func:`kecamatan_metrics`, :data:`METRIK`.
:mod:`~kdkmp_analysis.maps.offline`
    Self-contained pages, :func:`external_references`, :func:`embed`, the
    coverage-preserving geometry simplification.
:mod:`~kdkmp_analysis.maps.static`
    :func:`static_map`, :func:`save_static`.
:mod:`~kdkmp_analysis.maps.routes`
    :func:`route_layer`, :func:`add_route_layer`: the weekly truck routes as
    one toggleable layer.
``_leaflet``
    The folium/branca internals (raw elements, inline JS/CSS), fenced in one
    file.
"""

from kdkmp_analysis.maps._common import PRECISION, SIMPLIFY_M, MapError
from kdkmp_analysis.maps._leaflet import KdkmpMap
from kdkmp_analysis.maps.builders import choropleth_map, points_map
from kdkmp_analysis.maps.classify import (
    METRIK,
    STATUS_METRIK,
    column_title,
    kecamatan_metrics,
    metric_label,
)
from kdkmp_analysis.maps.offline import (
    OfflineMap,
    embed,
    external_references,
    offline_html,
    save_offline,
    simplified_geojson,
)
from kdkmp_analysis.maps.routes import ROUTE_LAYER_NAME, add_route_layer, route_layer
from kdkmp_analysis.maps.static import save_static, static_map

__all__ = [
    "METRIK",
    "PRECISION",
    "ROUTE_LAYER_NAME",
    "SIMPLIFY_M",
    "STATUS_METRIK",
    "KdkmpMap",
    "MapError",
    "OfflineMap",
    "add_route_layer",
    "choropleth_map",
    "column_title",
    "embed",
    "external_references",
    "kecamatan_metrics",
    "metric_label",
    "offline_html",
    "points_map",
    "route_layer",
    "save_offline",
    "save_static",
    "simplified_geojson",
    "static_map",
]
