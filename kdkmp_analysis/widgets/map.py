"""ipywidgets explorers over the maps (JupyterLab).

:func:`map_explorer` builds a small explorer: pick the kecamatan metric that
colours the choropleth, the status that colours the cooperatives, and a
kecamatan to zoom to; the map (self-contained, no CDN) and a summary of the
chosen kecamatan update in place. All logic lives in :class:`MapExplorer`,
whose :meth:`~MapExplorer.build_map` and :meth:`~MapExplorer.summary_html`
are plain functions of the widget values, so tests drive it without a
browser.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pandas as pd

from kdkmp_analysis import maps, register
from kdkmp_analysis._format import angka

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = ["DEFAULT_METRICS", "DEFAULT_STATUSES", "MapExplorer", "map_explorer"]

#: Metrics offered by default (columns of :func:`maps.kecamatan_metrics`).
DEFAULT_METRICS = (
    "persen_nib",
    "persen_bermitra_bumn",
    "jumlah_belum_bermitra",
    "persen_gerai_beroperasi",
    "persen_lahan_siap",
    "jumlah_koperasi",
)
#: Status columns offered for the markers by default.
DEFAULT_STATUSES = ("nib", "bermitra_bumn", "gerai_beroperasi", "lahan_siap")
_ALL = "__semua__"


class MapExplorer:
    """Choropleth + cooperatives explorer with metric/status/kecamatan pickers.

    Parameters
    ----------
    register : pandas.DataFrame
        The cooperative register.
    kecamatan : geopandas.GeoDataFrame
        Kecamatan polygons; the metrics are computed with
        :func:`kdkmp_analysis.maps.kecamatan_metrics` unless they are already
        columns of it.
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons drawn as thin lines.
    metrics : sequence of str or dict, optional
        Columns to offer (default :data:`DEFAULT_METRICS`); a dict maps
        column → ``(legend, unit)``.
    statuses : sequence of str, optional
        Register columns that may colour the markers (default
        :data:`DEFAULT_STATUSES`, those present).
    tiles : str or None
        Basemap (``None`` offline).
    height : int
        Map height in pixels.

    Attributes
    ----------
    metric, status, kecamatan : ipywidgets.Dropdown
        The pickers (``kecamatan.value`` is a ``kode_kecamatan`` or the
        "all" sentinel).
    map_output, summary : ipywidgets.HTML
        The map frame and the summary of the selection.
    widget : ipywidgets.VBox
        Everything together (displayed by Jupyter).
    current_map : folium.Map
        The map currently shown.
    """

    def __init__(
        self,
        register: pd.DataFrame,
        kecamatan: gpd.GeoDataFrame,
        *,
        desa_polygons: gpd.GeoDataFrame | None = None,
        metrics: Any = None,
        statuses: Any = None,
        tiles: str | None = None,
        height: int = 520,
    ):
        import ipywidgets as w

        self.register = register
        self.desa_polygons = desa_polygons
        self.tiles = tiles
        self.height = height
        table = kecamatan
        if "jumlah_koperasi" not in kecamatan.columns:
            table = maps.kecamatan_metrics(register, kecamatan)
        self.table = table
        if isinstance(metrics, dict):
            self.labels = {k: tuple(v) for k, v in metrics.items()}
        else:
            cols = list(metrics or DEFAULT_METRICS)
            self.labels = {c: maps.metric_label(c) for c in cols}
        missing = [c for c in self.labels if c not in table.columns]
        if missing:
            raise maps.MapError(
                "tabel kecamatan tidak punya kolom ukuran: " + ", ".join(missing)
            )
        status_cols = [
            s for s in (statuses or DEFAULT_STATUSES) if s in register.columns
        ]
        if not status_cols:
            raise maps.MapError("register tidak punya kolom status untuk warna titik")
        layout = w.Layout(width="auto")
        style = {"description_width": "initial"}
        self.metric = w.Dropdown(
            options=[
                (f"{lab} ({unit})" if unit else lab, col)
                for col, (lab, unit) in self.labels.items()
            ],
            description="Ukuran kecamatan:",
            style=style,
            layout=layout,
        )
        self.status = w.Dropdown(
            options=[(maps.column_title(s), s) for s in status_cols],
            description="Warna titik:",
            style=style,
            layout=layout,
        )
        kec_sorted = table.sort_values("nama_kecamatan")
        self.kecamatan = w.Dropdown(
            options=[("Semua kecamatan", _ALL)]
            + [
                (str(n), str(k))
                for k, n in zip(
                    kec_sorted["kode_kecamatan"],
                    kec_sorted["nama_kecamatan"],
                    strict=True,
                )
            ],
            description="Kecamatan:",
            style=style,
            layout=layout,
        )
        self.map_output = w.HTML()
        self.summary = w.HTML()
        self.widget = w.VBox(
            [
                w.HBox([self.metric, self.status, self.kecamatan]),
                self.summary,
                self.map_output,
            ]
        )
        self.current_map: folium.Map | None = None
        for dd in (self.metric, self.status, self.kecamatan):
            dd.observe(self.refresh, names="value")
        self.refresh()

    # -- pure parts ---------------------------------------------------------
    def selected(self) -> gpd.GeoDataFrame:
        """Kecamatan rows of the current selection (all, or the one picked)."""
        if self.kecamatan.value == _ALL:
            return self.table
        return self.table[
            self.table["kode_kecamatan"].astype(str) == self.kecamatan.value
        ]

    def build_map(self) -> folium.Map:
        """The map for the current widget values (choropleth + points)."""
        col = self.metric.value
        legend, unit = self.labels[col]
        m = maps.choropleth_map(
            self.table,
            col,
            legend=legend,
            unit=unit,
            register=self.register,
            status=self.status.value,
            desa_polygons=self.desa_polygons,
            tiles=self.tiles,
        )
        if self.kecamatan.value != _ALL:
            b = self.selected().geometry.to_crs(4326).total_bounds
            m.fit_bounds([[b[1], b[0]], [b[3], b[2]]])
            m.kdkmp_info["fokus"] = str(self.selected()["nama_kecamatan"].iloc[0])
        return m

    def summary_html(self) -> str:
        """Indonesian summary of the selection (escaped HTML table)."""
        sel = self.selected()
        col = self.metric.value
        legend, unit = self.labels[col]
        st = self.status.value
        reg = self.register
        if self.kecamatan.value != _ALL:
            reg = reg[reg["kode_kecamatan"].astype(str) == self.kecamatan.value]
        raw = reg[st]
        is_bool = raw.dtype == "boolean" or raw.dtype == bool
        s = raw.astype("boolean") if is_bool else raw.astype("string")
        name = (
            "Semua kecamatan"
            if self.kecamatan.value == _ALL
            else f"Kecamatan {sel['nama_kecamatan'].iloc[0]}"
        )
        if self.kecamatan.value == _ALL:
            vals = pd.to_numeric(sel[col], errors="coerce")
            value = (
                f"{angka(float(vals.min()), 1)} – {angka(float(vals.max()), 1)}"
                if vals.notna().any()
                else "tidak ada data"
            )
        else:
            v = pd.to_numeric(sel[col], errors="coerce").iloc[0]
            value = "tidak ada data" if pd.isna(v) else angka(float(v), 1)
        tag = " (ilustrasi)" if register.is_ilustrasi(self.register) else ""
        if is_bool:
            yes, no, na = (
                int(s.eq(True).sum()),
                int(s.eq(False).sum()),
                int(s.isna().sum()),
            )
            status_txt = f"ya {yes} · tidak {no} · tidak diketahui {na}"
        else:
            status_txt = ", ".join(f"{k}: {v}" for k, v in s.value_counts().items())
        rows = [
            ("Wilayah", name),
            ("Jumlah koperasi", str(len(reg))),
            (f"{legend}{f' ({unit})' if unit else ''}", value + tag),
            (maps.column_title(st), status_txt + tag),
        ]
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(a)}</th>"
            f"<td>{html.escape(b)}</td></tr>"
            for a, b in rows
        )
        return f"<table>{body}</table>"

    # -- widget plumbing ----------------------------------------------------
    def refresh(self, change: Any = None) -> None:
        """Rebuild the map and the summary from the widget values."""
        self.current_map = self.build_map()
        self.map_output.value = maps.embed(
            self.current_map, height=self.height
        )._repr_html_()
        self.summary.value = self.summary_html()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def map_explorer(
    register: pd.DataFrame,
    kecamatan: gpd.GeoDataFrame,
    *,
    desa_polygons: gpd.GeoDataFrame | None = None,
    metrics: Any = None,
    statuses: Any = None,
    tiles: str | None = None,
    height: int = 520,
) -> MapExplorer:
    """Build the kecamatan map explorer (see :class:`MapExplorer`).

    Parameters
    ----------
    register, kecamatan, desa_polygons, metrics, statuses, tiles, height
        As for :class:`MapExplorer`.

    Returns
    -------
    MapExplorer
        Display it in a notebook cell; ``.widget`` is the ipywidgets box.

    Raises
    ------
    kdkmp_analysis.maps.MapError
        Unknown metric column or no status column.
    """
    return MapExplorer(
        register,
        kecamatan,
        desa_polygons=desa_polygons,
        metrics=metrics,
        statuses=statuses,
        tiles=tiles,
        height=height,
    )
