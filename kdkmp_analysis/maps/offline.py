"""Offline packaging: self-contained HTML pages and the geometry that goes in them.

:func:`save_offline` writes a self-contained HTML file: Leaflet's script and
stylesheet (with its images as data URIs) are inlined from the PyPI package
``xstatic-leaflet`` (the Leaflet version folium uses), folium's other CDN
resources (jQuery, Bootstrap, Font Awesome, awesome-markers) are dropped when
the page does not use them, and the controls are small inline scripts of
this package (:mod:`._leaflet`), not CDN plugins. Folium's class-level
resource lists are never touched. :func:`external_references` lists anything
a page would still fetch; :func:`embed` shows a page in a notebook frame.

:func:`simplified_geojson` keeps the files small: geometry is simplified as
a coverage (shared edges stay shared) and coordinates are trimmed to
:data:`PRECISION` decimals (about 1 m).
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np
from branca.element import Figure

from kdkmp_analysis import documents, region
from kdkmp_analysis.maps._common import PRECISION, SIMPLIFY_M, MapError
from kdkmp_analysis.maps.popups import esc

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = [
    "OfflineMap",
    "embed",
    "external_references",
    "offline_html",
    "save_offline",
    "simplified_geojson",
]


# ---------------------------------------------------------------------------
# Geometry for the page
# ---------------------------------------------------------------------------
def simplified_geojson(gdf: gpd.GeoDataFrame) -> list[str | None]:
    """Coverage-simplify in metres, trim precision, return GeoJSON strings.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons (simplified together with :data:`SIMPLIFY_M` metres of
        tolerance in :func:`kdkmp_analysis.region.metric_crs`, so neighbours
        keep their shared edges) or other geometries (only trimmed).

    Returns
    -------
    list of str or None
        One GeoJSON geometry per row in EPSG:4326 with :data:`PRECISION`
        decimals; None for a missing or empty geometry.
    """
    import geopandas as gpd
    import shapely

    geoms = gdf.geometry.to_crs(4326).to_numpy()
    ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    out: list[str | None] = [None] * len(geoms)
    if not ok.any():
        return out
    crs = region.metric_crs(gdf)
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


# ---------------------------------------------------------------------------
# What a page would fetch
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


# ---------------------------------------------------------------------------
# Self-contained pages
# ---------------------------------------------------------------------------
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
    root = cast(Figure, clone.get_root())
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
        page = page.replace("<head>", f"<head>\n<title>{esc(title)}</title>", 1)
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
    return documents.write_text(path, page)


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
        return documents.write_text(path, self.html)


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
