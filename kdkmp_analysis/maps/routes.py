"""The weekly truck routes as a map layer (issue 13 §2).

:func:`route_layer` draws the rits of
:func:`kdkmp_analysis.distribution.weekly_routes` (its ``rute`` table, or
``rute.csv``) as one toggleable layer, "Rute truk mingguan (perkiraan)": one
line per rit from the warehouse through its stops in order and back, coloured
by warehouse, with an Indonesian tooltip (warehouse, truck, stops, load, km),
and a marker per warehouse. Plain Leaflet polylines: the offline page
(:func:`~kdkmp_analysis.maps.save_offline`) needs nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from kdkmp_analysis._format import angka
from kdkmp_analysis.maps import layers, popups
from kdkmp_analysis.maps._common import PRECISION, require

if TYPE_CHECKING:
    import folium

__all__ = ["ROUTE_LAYER_NAME", "add_route_layer", "route_layer", "route_tooltip"]

#: Name of the layer in the layer list.
ROUTE_LAYER_NAME = "Rute truk mingguan (perkiraan)"
#: Line colours per warehouse (cartography, colour-blind safe).
_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
_NEEDED = [
    "gudang",
    "nama_gudang",
    "nama_truk",
    "rit",
    "urutan",
    "nama_koperasi",
    "lat",
    "lon",
    "muatan_rit_t",
    "km_rute",
]


def route_tooltip(stops: pd.DataFrame) -> str:
    """The tooltip of one rit (HTML, every data text escaped).

    Parameters
    ----------
    stops : pandas.DataFrame
        The rows of one rit in stop order (columns of ``rute``).
    """
    first = stops.iloc[0]
    names = ", ".join(popups.esc(n) for n in stops["nama_koperasi"])
    hours = f", ± {angka(float(first['jam_rit']), 1)} jam" if "jam_rit" in stops else ""
    return (
        f"<b>{popups.esc(first['nama_gudang'])}</b><br>"
        f"Rit {angka(int(first['rit']))} · truk {popups.esc(first['nama_truk'])}<br>"
        f"Muatan {angka(float(first['muatan_rit_t']), 2)} t untuk "
        f"{angka(len(stops))} titik antar<br>"
        f"{angka(float(first['km_rute']), 1)} km pergi-pulang{hours}<br>"
        f"Urutan: {names}"
    )


def route_layer(
    rute: pd.DataFrame,
    gudang: pd.DataFrame,
    *,
    name: str = ROUTE_LAYER_NAME,
    show: bool = True,
) -> folium.FeatureGroup:
    """One toggleable layer with a line per rit and a marker per warehouse.

    Parameters
    ----------
    rute : pandas.DataFrame
        :attr:`kdkmp_analysis.distribution.RouteResult.rute` or ``rute.csv``.
    gudang : pandas.DataFrame
        The warehouses (``network.gudang``: ``gudang``, ``nama``, ``lat``,
        ``lon``).
    name : str
        The layer's name in the layer list.
    show : bool
        Whether the layer is on when the page opens.

    Returns
    -------
    folium.FeatureGroup
        Add it with :func:`add_route_layer` to a finished map (the layer list
        must be rendered after it), or to a map before its layer list.

    Raises
    ------
    kdkmp_analysis.maps.MapError
        ``rute`` or ``gudang`` lacks a column.
    """
    import folium

    require(rute, _NEEDED, "Tabel rute")
    require(gudang, ["gudang", "nama", "lat", "lon"], "Tabel gudang")
    layer = folium.FeatureGroup(name=popups.layer_label(name), show=show)
    wh = gudang.set_index("gudang")
    colour = {k: _COLOURS[i % len(_COLOURS)] for i, k in enumerate(wh.index)}
    for (key, _), stops in rute.sort_values("urutan").groupby(
        ["gudang", "rit"], sort=True
    ):
        if key not in wh.index:
            continue
        home = (round(float(wh.at[key, "lat"]), PRECISION),
                round(float(wh.at[key, "lon"]), PRECISION))  # fmt: skip
        path = [home]
        path += [
            (round(float(a), PRECISION), round(float(b), PRECISION))
            for a, b in zip(stops["lat"], stops["lon"], strict=True)
        ]
        folium.PolyLine(
            path + [home],
            color=colour[key],
            weight=3,
            opacity=0.8,
            tooltip=folium.Tooltip(route_tooltip(stops), sticky=True),
        ).add_to(layer)
    for key, row in wh.iterrows():
        approx = str(row.get("status_titik", "perkiraan")) != "data"
        where = "Gudang Bulog (titik perkiraan)" if approx else "Gudang Bulog"
        folium.CircleMarker(
            (float(row["lat"]), float(row["lon"])),
            radius=8,
            color="#000000",
            weight=2,
            fill=True,
            fill_color=colour[key],
            fill_opacity=1.0,
            tooltip=folium.Tooltip(f"<b>{popups.esc(row['nama'])}</b><br>{where}"),
        ).add_to(layer)
    return layer


def add_route_layer(
    m: folium.Map, rute: pd.DataFrame, gudang: pd.DataFrame, **kwargs: object
) -> folium.FeatureGroup:
    """Add :func:`route_layer` to a map and keep its layer list last.

    A finished map (:func:`~kdkmp_analysis.maps.points_map`,
    :func:`~kdkmp_analysis.maps.choropleth_map`) already has its layer list;
    Leaflet's list names only layers defined before it, so the list moves
    after the new layer.

    Parameters
    ----------
    m : folium.Map
    rute, gudang : pandas.DataFrame
        See :func:`route_layer`.
    **kwargs
        ``name`` and ``show`` of :func:`route_layer`.

    Returns
    -------
    folium.FeatureGroup
    """
    layer = route_layer(rute, gudang, **kwargs)  # type: ignore[arg-type]
    layer.add_to(m)
    layers.control_last(m)
    return layer
