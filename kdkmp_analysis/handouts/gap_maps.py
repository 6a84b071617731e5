"""Gap maps: kecamatan coloured by one programme's gap, cooperatives by readiness.

A gap map shows the four categories of :data:`kdkmp_analysis.gaps.KATEGORI`
(bermitra, siap belum bermitra, belum siap, tidak dapat dinilai), a radio
button each in the layer list, every share over the kecamatan's
cooperatives. The kecamatan polygons are drawn once and restyled on a
switch (fills, tooltips, popups); the legend and the title follow. The category table per programme is :func:`gap_category_table`.

The data comes from :mod:`kdkmp_analysis.forum` (:func:`~kdkmp_analysis.forum.gap_map_data`,
:func:`~kdkmp_analysis.forum.readiness_register`); the drawing from
:mod:`kdkmp_analysis.maps`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from kdkmp_analysis import gaps, maps, provenance
from kdkmp_analysis._format import angka
from kdkmp_analysis.forum import Forum, ForumError, readiness_register
from kdkmp_analysis.maps import classify, layers, popups

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = [
    "forum_gap_categories",
    "gap_category_table",
    "gap_map",
    "readiness_points_map",
    "write_gap_maps",
]


def write_gap_maps(
    forum: Forum,
    out_dir: str | Path,
    kecamatan_polygons: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """One self-contained offline gap map per partner programme.

    Kecamatan coloured by each of the four categories (a layer switch; the
    largest unpartnered category shown first), markers by readiness
    (:func:`gap_map`, no basemap), saved with
    :func:`kdkmp_analysis.maps.save_offline` as
    ``peta_kesenjangan_<program>.html`` (the names other pages link to).

    Parameters
    ----------
    forum : Forum
    out_dir : str or Path
        Output directory (created).
    kecamatan_polygons : GeoDataFrame, optional
        Loaded with :func:`kdkmp_analysis.region.boundaries.load_layers` when omitted.

    Returns
    -------
    list of Path
    """
    from kdkmp_analysis.region import boundaries

    if kecamatan_polygons is None:
        _, kecamatan_polygons = boundaries.load_layers(forum.kabupaten)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key in forum.candidates:
        m = gap_map(forum, key, kecamatan_polygons, tiles=None, card_dir="../../kartu/")
        written.append(maps.save_offline(m, out / f"peta_kesenjangan_{key}.html"))
    return written


_STATUS_COLORS = {
    gaps.BERMITRA: "#1f78b4",
    gaps.SIAP: "#1a9850",
    gaps.BELUM_SIAP: "#d73027",
    gaps.TIDAK_DAPAT_DINILAI: "#9e9e9e",
}


#: Categories a gap map may open on: the largest of them in the kabupaten
#: (ties in this order) — the gap, never the partnered.
OPENING_CATEGORIES = ("belum_siap", "siap_belum_bermitra", "tidak_dapat_dinilai")

#: Fill per class of each category: 0 %, > 0–25, > 25–50, > 50–75, > 75–100 %.
_CATEGORY_COLORS = {
    "bermitra": ["#ffffff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6"],
    "siap_belum_bermitra": ["#ffffff", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476"],
    "belum_siap": ["#ffffff", "#fee0d2", "#fcbba1", "#fc9272", "#fb6a4a"],
    "tidak_dapat_dinilai": ["#ffffff", "#f0f0f0", "#d9d9d9", "#bdbdbd", "#969696"],
}
_BINS = [0.0, 25.0, 50.0, 75.0, 100.0]
_BIN_LABELS = ["0 %", "> 0 – 25 %", "> 25 – 50 %", "> 50 – 75 %", "> 75 – 100 %"]


def forum_gap_categories(forum: Forum) -> pd.DataFrame:
    """:func:`kdkmp_analysis.gaps.gap_categories` of a forum, people from its lists.

    ``penduduk_tanpa_mitra`` per kecamatan is the sum of the forum's
    candidates' *penduduk tanpa mitra/gerai* (people newly within road reach
    of no partner or outlet — for Bulog the people-equivalent of the rice newly
    served — counted once over the kabupaten), attributed to the
    candidate's kecamatan (``dasar_penduduk_tanpa_mitra`` says so).
    """
    lists = [
        c[["kode_desa", "penduduk_tanpa_mitra"]].assign(program=k)
        for k, c in forum.candidates.items()
        if "penduduk_tanpa_mitra" in c.columns
    ]
    tanpa = pd.concat(lists, ignore_index=True) if lists else None
    return gaps.gap_categories(forum.readiness, None, tanpa, table=forum.gaps)


def gap_category_table(
    forum: Forum, program: str, by: str = "belum_siap"
) -> pd.DataFrame:
    """One programme's kecamatan ranked by not-ready cooperatives or by people.

    :func:`kdkmp_analysis.gaps.category_table` of :func:`forum_gap_categories`
    (``by`` = ``"belum_siap"`` or ``"penduduk_tanpa_mitra"``).
    """
    return gaps.category_table(forum_gap_categories(forum), program, by)


def _category_classes(
    data: pd.DataFrame, key: str, n_kec: int
) -> classify.ValueClasses:
    """Fixed classes of one category's share, with counts in the texts."""
    col = f"persen_{key}"
    y = pd.to_numeric(data[col], errors="coerce").astype(float).to_numpy()
    ok = np.isfinite(y)
    idx = np.full(len(y), -1, dtype=int)
    idx[ok] = np.searchsorted(_BINS, y[ok], side="left")
    value_text, known_text = [], []
    for i, (_, row) in enumerate(data.iterrows()):
        if not ok[i]:
            value_text.append("tidak ada koperasi")
            known_text.append("")
            continue
        text = f"{angka(y[i], 1)} % ({angka(int(row[key]))} koperasi"
        if key == "belum_siap" and row["syarat_kurang_terbanyak"]:
            text += f"; terbanyak kurang: {row['syarat_kurang_terbanyak']}"
        value_text.append(text + ")")
        parts = " · ".join(
            f"{lab.lower()} {angka(int(row[k]))}" for k, lab in gaps.KATEGORI.items()
        )
        note = f"dari {angka(int(row['koperasi']))} koperasi di kecamatan: {parts}"
        rank = row.get("peringkat_belum_siap")
        if rank is not None and pd.notna(rank):
            note += f"; peringkat belum siap {int(rank)} dari {n_kec} kecamatan"
        known_text.append(note)
    return classify.ValueClasses(
        index=idx,
        bounds=list(_BINS),
        labels=list(_BIN_LABELS),
        colors=list(_CATEGORY_COLORS[key]),
        value_text=value_text,
        missing_text=["tidak ada koperasi"] * len(y),
        known_text=known_text,
    )


class _CategorySwitch(MacroElement):
    """The page script: one kecamatan layer restyled per category.

    The four categories are empty base layers (a radio button each); on a
    switch the kecamatan polygons (drawn once) take the category's fills,
    tooltips and popups, and the legend and the title follow. Data reach
    the script as JSON variables (never as template source), so a ``{{`` in
    a name is not evaluated.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function () { var map = {{ this._parent.get_name() }};"
        " var D = {{ this.data }}; var cur = null;"
        " var box = kdkmp.box(map, 'bottomright', 'kdkmp-legend', '',"
        "  ['Legenda warna', 'Tutup legenda warna']);"
        " var head = map.getContainer().querySelector('.kdkmp-judul h3');"
        " var base = head ? head.textContent : '';"
        " function paint() {"
        "  var c = D[cur]; map.eachLayer(function (l) {"
        "   var f = l.feature; if (!f || !f.properties || !f.properties.p) { return; }"
        "   var r = c.rows[f.properties.q]; if (!r || !l.setStyle) { return; }"
        "   l.setStyle(c.styles[r[0]]); l.setTooltipContent(r[1]);"
        "   l.setPopupContent(r[2]); l.bringToBack(); }); }"
        " function show(name) {"
        "  if (!(name in D)) { return; } cur = name;"
        "  box.setContent(D[name].legend);"
        "  if (head) { head.textContent = base + ' — ' + D[name].title; }"
        "  if (map._kdkmpPlace) { map._kdkmpPlace(); }"
        "  paint(); }"
        " map.on('baselayerchange', function (e) { show(e.name); });"
        " map.on('overlayadd', function () { if (cur) { paint(); } });"
        " show({{ this.default }});"
        "})();"
        "{% endmacro %}"
    )

    def __init__(self, data: dict[str, dict[str, Any]], default: str):
        super().__init__()
        self._name = "KdkmpKategori"
        self.data = popups.script_json(data)
        self.default = popups.script_json(default)


def _styles(key: str, perkiraan: bool) -> list[dict[str, Any]]:
    """Fill styles of one category's classes, then the no-data grey."""
    base = {
        "color": "#333333",
        "weight": 1.4,
        "fillOpacity": 0.72,
        "dashArray": "6 4" if perkiraan else None,
    }
    fills = [*_CATEGORY_COLORS[key], classify.NODATA_COLOR]
    return [dict(base, fillColor=c) for c in fills]


def _category_rows(
    data: pd.DataFrame, classes: classify.ValueClasses, legend: str, ilustrasi: bool
) -> dict[str, list[Any]]:
    """Per kecamatan (its search text): style index, tooltip, popup."""
    out = {}
    for i, (_, row) in enumerate(data.iterrows()):
        k = int(classes.index[i])
        value, known = classes.value_text[i], classes.known_text[i]
        kelas = classes.labels[k] if k >= 0 else classes.missing_text[i]
        out[f"Kecamatan {row['nama_kecamatan']}"] = [
            k if k >= 0 else len(classes.colors),
            popups.kecamatan_value_tooltip(row, legend, value, known, ilustrasi),
            popups.kecamatan_value_popup(row, legend, value, kelas, known, ilustrasi),
        ]
    return out


def _category_legend(
    classes: classify.ValueClasses, legend: str, total: int, ilustrasi: bool
) -> str:
    return popups.value_legend(
        legend=legend,
        unit="",
        ilustrasi=ilustrasi,
        labels=classes.labels,
        colors=classes.colors,
        idx=classes.index,
        missing_text=classes.missing_text,
        scheme="",
    ).split('<div class="note">Kelas:')[0] + (
        f'<div class="note">Jumlah di kabupaten: {angka(total)} koperasi; '
        "pilih kategori lain di daftar lapisan</div>"
    )


def _category_layers(
    m: folium.Map, data: gpd.GeoDataFrame, default: str, ilustrasi: bool
) -> dict[str, Any]:
    """The kecamatan drawn once, a switch per category, the page data; the info."""
    import folium

    perk = bool(
        data.get("status_batas", pd.Series(dtype=str)).astype(str).eq("perkiraan").any()
    )
    n_kec = int(data["koperasi"].notna().sum())
    page: dict[str, dict[str, Any]] = {}
    info: dict[str, dict[str, Any]] = {}
    for key, label in gaps.KATEGORI.items():
        total = int(pd.to_numeric(data[key], errors="coerce").fillna(0).sum())
        name = f"{label} ({angka(total)} koperasi)"
        classes = _category_classes(data, key, n_kec)
        legend = f"{label} — {gaps.DASAR_KATEGORI}"
        if key == default:
            layers.kecamatan_value_layer(
                cast(maps.KdkmpMap, m),
                data,
                classes,
                legend="Kategori koperasi",
                ilustrasi=ilustrasi,
                perkiraan=perk,
            )
        folium.FeatureGroup(name=name, overlay=False, show=key == default).add_to(m)
        page[name] = {
            "styles": _styles(key, perk),
            "rows": _category_rows(data, classes, legend, ilustrasi),
            "legend": _category_legend(classes, legend, total, ilustrasi),
            "title": f"{label}: {angka(total)} koperasi",
        }
        values = pd.to_numeric(data[f"persen_{key}"], errors="coerce")
        counts = np.bincount(classes.index[classes.index >= 0], minlength=5)
        info[key] = {
            "label": label,
            "nama_lapisan": name,
            "jumlah": total,
            "persen": dict(zip(data["nama_kecamatan"], values, strict=True)),
            "koperasi": dict(
                zip(data["nama_kecamatan"], pd.to_numeric(data[key]), strict=True)
            ),
            "kelas": dict(zip(classes.labels, counts.tolist(), strict=True)),
        }
    m.add_child(_CategorySwitch(page, str(info[default]["nama_lapisan"])))
    layers.control_last(m)
    return info


def gap_map(
    forum: Forum,
    program: str,
    kecamatan_polygons: gpd.GeoDataFrame,
    *,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
    default: str | None = None,
    card_dir: str | None = "../kartu/",
) -> folium.Map:
    """Kecamatan coloured by each of the four categories, markers by readiness.

    One layer per category of :data:`kdkmp_analysis.gaps.KATEGORI` (a
    radio button in the layer list), each the share
    ``% dari koperasi di kecamatan`` in fixed classes (0 % apart, then
    quarters), the popup with the count, the base, the most common missing
    requirement and the kecamatan's not-ready rank. Markers show each
    cooperative's readiness (``bermitra``, ``siap``, ``belum siap``,
    ``tidak dapat dinilai``); an ``ilustrasi`` register is labelled on the
    map.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    program : str
        Programme key.
    kecamatan_polygons : geopandas.GeoDataFrame
        From :func:`kdkmp_analysis.region.boundaries.kecamatan_polygons`.
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons drawn as thin lines.
    tiles : str or None
        Basemap (``None`` for an offline export).
    default : str, optional
        The category shown when the map opens (a key of ``KATEGORI``);
        by default the largest of :data:`OPENING_CATEGORIES` (Pupuk
        Indonesia: *belum siap*; Perum Bulog: *siap, belum bermitra*).

    Returns
    -------
    folium.Map
        ``m.kdkmp_info["kategori"]`` holds per category its layer name, total,
        share and count per kecamatan and class counts.
    """
    p = gaps.programme(program)
    cats = forum_gap_categories(forum)
    cats = cats[cats["program"] == program].drop(columns=["nama_kecamatan"])
    if cats.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesenjangan")
    data = kecamatan_polygons.merge(cats, on="kode_kecamatan", how="left")
    data["syarat_kurang_terbanyak"] = data["syarat_kurang_terbanyak"].fillna("")
    provenance.tag(data, status=forum.status_data)
    m = maps.points_map(
        _with_popup_lines(forum, readiness_register(forum, program), program),
        status="kesiapan_mitra",
        kecamatan=kecamatan_polygons,
        desa_polygons=desa_polygons,
        tiles=tiles,
        title=f"Kesenjangan kemitraan — {p.nama}",
        colors=dict(_STATUS_COLORS),
        card_dir=card_dir,
    )
    if default is None:
        totals = {k: int(cats[k].sum()) for k in OPENING_CATEGORIES}
        default = max(OPENING_CATEGORIES, key=lambda k: totals[k])
    info = _category_layers(m, data, default, bool(m.kdkmp_info["ilustrasi"]))
    m.kdkmp_info.update(
        {
            "kategori": info,
            "kategori_awal": default,
            "kolom": f"persen_{default}",
            "kelas": info[default]["kelas"],
            "batas_kelas": list(_BINS),
        }
    )
    return m


def readiness_points_map(
    forum: Forum,
    program: str,
    *,
    nama_kecamatan: str | None = None,
    kecamatan_polygons: gpd.GeoDataFrame | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
    card_dir: str | None = "../kartu/",
) -> folium.Map:
    """Markers coloured by readiness for one programme, optionally one kecamatan.

    Built with :func:`kdkmp_analysis.maps.points_map`.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    program : str
        Programme key.
    nama_kecamatan : str, optional
        Show only this kecamatan's cooperatives (and polygons).
    kecamatan_polygons, desa_polygons : geopandas.GeoDataFrame, optional
        Polygons to draw.
    tiles : str or None
        Basemap (``None`` for an offline export).

    Returns
    -------
    folium.Map

    Raises
    ------
    ForumError
        An unknown kecamatan name.
    """
    p = gaps.programme(program)
    reg = readiness_register(forum, program)
    title = f"Kesiapan untuk {p.nama}"
    if nama_kecamatan:
        known = sorted(set(reg["nama_kecamatan"].dropna()))
        if nama_kecamatan not in known:
            raise ForumError(
                f"kecamatan {nama_kecamatan!r} tidak ada di register; pilihan: "
                + ", ".join(known)
            )
        attrs = dict(reg.attrs)
        reg = reg[reg["nama_kecamatan"] == nama_kecamatan]
        reg.attrs = attrs
        if kecamatan_polygons is not None:
            kecamatan_polygons = kecamatan_polygons[
                kecamatan_polygons["nama_kecamatan"] == nama_kecamatan
            ]
        if desa_polygons is not None:
            desa_polygons = desa_polygons[
                desa_polygons["nama_kecamatan"] == nama_kecamatan
            ]
        title += f" — Kecamatan {nama_kecamatan}"
    return maps.points_map(
        _with_popup_lines(forum, reg, program),
        status="kesiapan_mitra",
        kecamatan=kecamatan_polygons,
        desa_polygons=desa_polygons,
        tiles=tiles,
        title=title,
        colors=dict(_STATUS_COLORS),
        card_dir=card_dir,
    )


def _with_popup_lines(forum: Forum, reg: pd.DataFrame, program: str) -> pd.DataFrame:
    """The register with the programme's popup lines: missing, rank, distance."""
    cand = forum.candidates.get(program) if forum.candidates else None
    return maps.popups.programme_columns(reg, forum.readiness, cand, program)
