"""The two interactive maps: cooperatives as points, kecamatan as a choropleth.

:func:`points_map`
    One circle marker per cooperative, coloured by a status column the caller
    picks (boolean such as ``nib``/``bermitra_bumn``/``gerai_beroperasi``, or
    a categorical string column such as a readiness verdict), with Indonesian
    tooltips and popups.
:func:`choropleth_map`
    Kecamatan coloured by any numeric column, classed with mapclassify, with
    an Indonesian legend and unit; optional cooperative points on top.

Both are a sequence of named steps: a map (:func:`._leaflet.new_map`), its
layers (:mod:`.layers`), the legend (:mod:`.popups`) and the frame of title,
controls and layer list (:func:`.layers.finish_map`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kdkmp_analysis import register as reg_mod
from kdkmp_analysis.maps import layers, popups
from kdkmp_analysis.maps._common import MapError, perkiraan_mask, require
from kdkmp_analysis.maps._leaflet import KdkmpMap, new_map
from kdkmp_analysis.maps.classify import ValueClasses, kecamatan_classes

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["choropleth_map", "points_map"]


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
    card_dir: str | None = "../kartu/",
    embedded: bool | None = None,
) -> KdkmpMap:
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
    card_dir : str or None
        Folder of the cooperative cards relative to the page that shows the
        map (default ``../kartu/``: pages in ``maps/`` and ``notebook/`` of a
        build); ``None``: popups without the card link.
    embedded : bool or None
        ``True``: the map is embedded in a page (a briefing), the mouse wheel
        scrolls the page (``scrollWheelZoom`` off); ``False``: a stand-alone
        page, the wheel zooms; ``None`` (default): the wheel zooms unless the
        page is shown inside a frame (``<iframe>``), detected in the browser.

    Returns
    -------
    KdkmpMap
        A :class:`folium.Map` with ``m.kdkmp_info`` (counts per class,
        markers, desa drawn).

    Raises
    ------
    MapError
        When a needed column is missing or the status column is numeric.
    """
    ilustrasi = reg_mod.is_ilustrasi(register)
    m = new_map(
        tiles,
        layers.bounds(desa_polygons, kecamatan, register),
        scroll_wheel_zoom=layers.scroll_wheel_zoom(embedded),
    )
    desa_perk = kec_perk = False
    if desa_polygons is not None:
        desa_perk = layers.desa_layer(m, desa_polygons, filled=True)
    if kecamatan is not None:
        kec_perk = layers.kecamatan_lines_layer(m, kecamatan)
    outline_src = kecamatan if kecamatan is not None else desa_polygons
    if outline_src is not None:
        layers.outline_layer(m, outline_src)
    if kecamatan is not None:
        layers.kecamatan_labels(m, kecamatan, show=True)
    cls = layers.points_layer(
        m, register, status, status_labels, colors, ilustrasi, card_dir
    )
    layers.desa_labels(m, desa_polygons if desa_polygons is not None else register)
    legend = popups.status_legend(cls, ilustrasi)
    legend += popups.missing_points_note(len(m.kdkmp_info["koperasi_tanpa_koordinat"]))
    legend += popups.lines_legend(
        desa=desa_polygons is not None,
        desa_perk=desa_perk,
        kec=kecamatan is not None,
        kec_perk=kec_perk,
    )
    if title is None:
        title = f"Koperasi Desa/Kelurahan Merah Putih — {cls.title}"
    return layers.finish_map(
        m, title=title, ilustrasi=ilustrasi, legend_html=legend, embedded=embedded
    )


def _check_value_column(kecamatan: gpd.GeoDataFrame, column: str) -> None:
    """The kecamatan table has its names, codes, geometry and a numeric ``column``."""
    require(
        kecamatan,
        ["nama_kecamatan", "kode_kecamatan", "geometry", column],
        "tabel kecamatan",
    )
    values = kecamatan[column]
    if not (pd.api.types.is_numeric_dtype(values) or values.isna().all()):
        raise MapError(f"kolom {column!r} bukan angka (dtype {values.dtype})")
    if values.dtype == "boolean" or values.dtype == bool:
        raise MapError(f"kolom {column!r} berisi ya/tidak, bukan angka")


def _class_counts(classes: ValueClasses) -> dict[str, int]:
    import numpy as np

    idx = classes.index
    counts = np.bincount(idx[idx >= 0], minlength=len(classes.labels)).tolist()
    return dict(zip(classes.labels, counts, strict=True))


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
    embedded: bool | None = None,
) -> KdkmpMap:
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
    embedded : bool or None
        ``True``: the map is embedded in a page (a briefing), the mouse wheel
        scrolls the page (``scrollWheelZoom`` off); ``False``: a stand-alone
        page, the wheel zooms; ``None`` (default): the wheel zooms unless the
        page is shown inside a frame (``<iframe>``), detected in the browser.

    Returns
    -------
    KdkmpMap
        A :class:`folium.Map` with ``m.kdkmp_info`` (classes, counts,
        kecamatan drawn).

    Raises
    ------
    MapError
        Missing or non-numeric column, unknown scheme.
    """
    _check_value_column(kecamatan, column)
    ilustrasi = reg_mod.is_ilustrasi(register) or reg_mod.is_ilustrasi(kecamatan)
    classes = kecamatan_classes(kecamatan, column, unit, scheme, k)
    kec_perk = bool(perkiraan_mask(kecamatan).any())
    m = new_map(
        tiles,
        layers.bounds(kecamatan, desa_polygons),
        scroll_wheel_zoom=layers.scroll_wheel_zoom(embedded),
    )
    layers.kecamatan_value_layer(
        m, kecamatan, classes, legend=legend, ilustrasi=ilustrasi, perkiraan=kec_perk
    )
    desa_perk = False
    if desa_polygons is not None:
        extra = {
            str(n): popups.desa_value_line(legend, t, ilustrasi)
            for n, t in zip(
                kecamatan["nama_kecamatan"], classes.value_text, strict=True
            )
        }
        desa_perk = layers.desa_layer(
            m, desa_polygons, filled=False, extra_tooltip=extra
        )
    layers.outline_layer(m, kecamatan)
    layers.kecamatan_labels(m, kecamatan, show=True)
    leg = popups.value_legend(
        legend=legend,
        unit=unit,
        ilustrasi=ilustrasi,
        labels=classes.labels,
        colors=classes.colors,
        idx=classes.index,
        missing_text=classes.missing_text,
        scheme=scheme,
    )
    if register is not None:
        cls = layers.points_layer(m, register, status or "nib", None, None, ilustrasi)
        leg += popups.status_legend(cls, ilustrasi)
    if desa_polygons is not None:
        layers.desa_labels(m, desa_polygons)
    leg += popups.lines_legend(
        desa=desa_polygons is not None, desa_perk=desa_perk, kec=True, kec_perk=kec_perk
    )
    m.kdkmp_info.update(
        {
            "kolom": column,
            "kelas": _class_counts(classes),
            "batas_kelas": classes.bounds,
        }
    )
    return layers.finish_map(
        m,
        title=title or f"{legend} per kecamatan",
        ilustrasi=ilustrasi,
        legend_html=leg,
        embedded=embedded,
    )
