"""Gap maps: kecamatan coloured by one programme's gap, cooperatives by readiness.

The data comes from :mod:`kdkmp_analysis.forum` (:func:`~kdkmp_analysis.forum.gap_map_data`,
:func:`~kdkmp_analysis.forum.readiness_register`); the drawing from
:mod:`kdkmp_analysis.maps`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kdkmp_analysis import gaps, maps, provenance
from kdkmp_analysis.forum import Forum, ForumError, gap_map_data, readiness_register

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = ["gap_map", "readiness_points_map", "write_gap_maps"]


def write_gap_maps(
    forum: Forum,
    out_dir: str | Path,
    kecamatan_polygons: gpd.GeoDataFrame | None = None,
) -> list[Path]:
    """One self-contained offline gap map per partner programme.

    Kecamatan coloured by the share ready-but-unpartnered, markers by
    readiness (:func:`gap_map`, no basemap), saved with
    :func:`kdkmp_analysis.maps.save_offline` as
    ``peta_kesenjangan_<program>.html``.

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
        m = gap_map(forum, key, kecamatan_polygons, tiles=None)
        written.append(maps.save_offline(m, out / f"peta_kesenjangan_{key}.html"))
    return written


_STATUS_COLORS = {
    gaps.BERMITRA: "#1f78b4",
    gaps.SIAP: "#1a9850",
    gaps.BELUM_SIAP: "#d73027",
    gaps.TIDAK_DAPAT_DINILAI: "#9e9e9e",
}


def gap_map(
    forum: Forum,
    program: str,
    kecamatan_polygons: gpd.GeoDataFrame,
    *,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
) -> folium.Map:
    """Kecamatan coloured by the share of ready-but-unpartnered cooperatives.

    Markers show each cooperative's readiness for the programme
    (``bermitra``, ``siap``, ``belum siap``, ``tidak dapat dinilai``). Built
    with :func:`kdkmp_analysis.maps.choropleth_map`, which labels an
    ``ilustrasi`` register on the map.

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

    Returns
    -------
    folium.Map
    """
    p = gaps.programme(program)
    data = gap_map_data(forum, program, kecamatan_polygons)
    provenance.tag(data, status=forum.status_data)
    return maps.choropleth_map(
        data,
        "persen_siap_belum_bermitra",
        legend=f"Koperasi siap tetapi belum bermitra {p.nama_mitra}",
        unit="%",
        register=readiness_register(forum, program),
        status="kesiapan_mitra",
        desa_polygons=desa_polygons,
        tiles=tiles,
        title=f"Kesenjangan kemitraan — {p.nama}",
    )


def readiness_points_map(
    forum: Forum,
    program: str,
    *,
    nama_kecamatan: str | None = None,
    kecamatan_polygons: gpd.GeoDataFrame | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
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
        reg,
        status="kesiapan_mitra",
        kecamatan=kecamatan_polygons,
        desa_polygons=desa_polygons,
        tiles=tiles,
        title=title,
        colors=dict(_STATUS_COLORS),
    )
