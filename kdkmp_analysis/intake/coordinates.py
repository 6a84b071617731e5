"""Coordinate checks of an export: faults flagged, originals kept, fixes suggested.

Flags (:data:`COORDINATE_FLAGS`): missing, not numeric, outside Indonesia,
flipped sign, latitude/longitude swapped (with a suggested fix where the fixed
point falls in the cooperative's own desa or kabupaten), outside the
kabupaten, outside its own kecamatan, outside its own desa polygon (with the
distance in km), duplicate points, digits of another script (``７``, ``٧``:
read, and named). An infinite value (``-1e309``) is *not numeric*. A flagged point is never moved silently:
:func:`check_coordinates` says per row whether the export's point can be used
(``koordinat_aman``), and the register's ``sumber_koordinat`` names the point
it uses and why.

The point-in-desa lookups and distances run on the desa polygons through
:class:`_Locator` (an STRtree; distances in the kabupaten's metric CRS,
:func:`kdkmp_analysis.region.metric_crs`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import params, region
from kdkmp_analysis.intake.numbers import nonstandard_digits, parse_numbers

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["COORDINATE_FLAGS", "check_coordinates"]

#: Boolean coordinate flags of the report, with Indonesian labels.
COORDINATE_FLAGS: dict[str, str] = {
    "koordinat_kosong": "Koordinat kosong",
    "koordinat_bukan_angka": "Koordinat bukan angka",
    "di_luar_indonesia": "Di luar Indonesia",
    "tanda_terbalik": "Tanda (+/−) terbalik",
    "lintang_bujur_tertukar": "Lintang/bujur tertukar",
    "di_luar_kabupaten": "Di luar kabupaten",
    "di_luar_kecamatan": "Di luar kecamatannya",
    "di_luar_desa": "Di luar desanya",
    "titik_ganda": "Titik ganda",
    "digit_tidak_baku": "Angka berhuruf non-Latin (dibaca)",
}

_Fix = tuple[str, np.ndarray, np.ndarray]


def _in_box(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la0, la1, lo0, lo1 = (float(v) for v in params.value("intake.kotak_indonesia"))
    with np.errstate(invalid="ignore"):
        return (lat >= la0) & (lat <= la1) & (lon >= lo0) & (lon <= lo1)


def check_coordinates(
    lat_text: pd.Series,
    lon_text: pd.Series,
    kode_desa: pd.Series,
    polygons: gpd.GeoDataFrame | None = None,
    *,
    decimal_comma: bool = False,
) -> pd.DataFrame:
    """Flag coordinate faults; keep the original values; suggest safe fixes.

    Parameters
    ----------
    lat_text, lon_text : pandas.Series
        Coordinates as written in the file.
    kode_desa : pandas.Series
        The desa each row was matched to (``<NA>`` when none).
    polygons : geopandas.GeoDataFrame, optional
        Desa polygons of the kabupaten
        (:func:`kdkmp_analysis.region.boundaries.load_desa_polygons`). Without them
        only the checks that need no geometry run, and the polygon flags are
        ``<NA>`` (not assessed).
    decimal_comma : bool
        The file writes decimals with a comma.

    Returns
    -------
    pandas.DataFrame
        Same index: ``lat``, ``lon`` (parsed), the boolean flags of
        :data:`COORDINATE_FLAGS`, ``jarak_desa_km`` (0 inside, NaN when not
        assessable), ``desa_lokasi`` (the desa the point falls in),
        ``lat_saran``/``lon_saran`` (a fix that lands in the cooperative's
        own desa — or the kabupaten when the desa is unknown) and
        ``koordinat_aman`` (True when the export's point can be used).
    """
    out = _parse(lat_text, lon_text, decimal_comma)
    la, lo = out["lat"].to_numpy(), out["lon"].to_numpy()
    valid = ~np.isnan(la) & ~np.isnan(lo)
    n = len(out)
    for flag in ("tanda_terbalik", "lintang_bujur_tertukar"):
        out[flag] = np.zeros(n, dtype=bool)
    fix = (np.full(n, np.nan), np.full(n, np.nan))
    if polygons is None:
        safe = _check_without_polygons(out, la, lo, valid, fix)
    else:
        codes = kode_desa.astype("string").fillna("").to_numpy()
        safe = _check_against_polygons(out, la, lo, valid, codes, polygons, fix)
    out["lat_saran"], out["lon_saran"] = fix
    digits = int(params.value("intake.presisi_titik_ganda"))
    pts = pd.DataFrame({"a": np.round(la, digits), "b": np.round(lo, digits)})
    out["titik_ganda"] = valid & pts.duplicated(keep=False).to_numpy()
    out["koordinat_aman"] = safe & ~out["di_luar_indonesia"].to_numpy()
    return out


def _parse(
    lat_text: pd.Series, lon_text: pd.Series, decimal_comma: bool
) -> pd.DataFrame:
    """Step 1: parsed points and the flags that need no geometry."""
    lat, bad_lat = parse_numbers(lat_text, decimal_comma)
    lon, bad_lon = parse_numbers(lon_text, decimal_comma)
    empty = (lat_text.astype("string").fillna("").str.strip() == "") | (
        lon_text.astype("string").fillna("").str.strip() == ""
    )
    la, lo = lat.to_numpy(), lon.to_numpy()
    valid = ~np.isnan(la) & ~np.isnan(lo)
    out = pd.DataFrame(index=lat_text.index)
    out["lat"], out["lon"] = la, lo
    out["koordinat_kosong"] = empty.to_numpy()
    out["koordinat_bukan_angka"] = (bad_lat | bad_lon).to_numpy()
    out["digit_tidak_baku"] = (
        nonstandard_digits(lat_text) | nonstandard_digits(lon_text)
    ).to_numpy()
    out["di_luar_indonesia"] = valid & ~_in_box(la, lo)
    return out


def _candidate_fixes(la: np.ndarray, lo: np.ndarray) -> list[_Fix]:
    """Step 2: the fixes to try, in order of how common the fault is."""
    return [
        ("tanda_terbalik", -la, lo),
        ("tanda_terbalik", la, -lo),
        ("tanda_terbalik", -la, -lo),
        ("lintang_bujur_tertukar", lo, la),
        ("lintang_bujur_tertukar", -lo, la),
        ("lintang_bujur_tertukar", lo, -la),
        ("lintang_bujur_tertukar", -lo, -la),
    ]


def _check_without_polygons(
    out: pd.DataFrame,
    la: np.ndarray,
    lo: np.ndarray,
    valid: np.ndarray,
    fix: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Step 3a: no polygons: a fix is a point that lands inside Indonesia."""
    n = len(out)
    for c in ("di_luar_kabupaten", "di_luar_kecamatan", "di_luar_desa"):
        out[c] = pd.array([pd.NA] * n, dtype="boolean")
    out["jarak_desa_km"] = np.nan
    out["desa_lokasi"] = pd.array([pd.NA] * n, dtype="string")
    in_id = _in_box(la, lo)
    wrong = valid & ~in_id
    lat_fix, lon_fix = fix
    for flag, a, b in _candidate_fixes(la, lo):
        ok = wrong & np.isnan(lat_fix) & _in_box(a, b)
        out.loc[ok, flag] = True
        lat_fix[ok], lon_fix[ok] = a[ok], b[ok]
    return valid & in_id


def _check_against_polygons(
    out: pd.DataFrame,
    la: np.ndarray,
    lo: np.ndarray,
    valid: np.ndarray,
    codes: np.ndarray,
    polygons: gpd.GeoDataFrame,
    fix: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Step 3b: the point's desa, kecamatan and distance; fixes that land home.

    A fix is tried only for a point outside the kabupaten or more than
    ``intake.toleransi_luar_desa_km`` outside its own desa; it is accepted
    when the fixed point falls in the cooperative's own desa (or in the
    kabupaten, when the desa is unknown).
    """
    locate = _Locator(polygons)
    where = locate.desa_at(la, lo, valid)
    out["desa_lokasi"] = pd.array(where, dtype="string")
    inside_kab = np.array([w is not None for w in where])
    out["di_luar_kabupaten"] = valid & ~inside_kab
    kec_of = {c: k for c, k in zip(locate.codes, locate.kecamatan, strict=True)}
    own_kec_row = np.array([kec_of.get(c) for c in codes], dtype=object)
    point_kec = np.array([kec_of.get(w) if w else None for w in where], dtype=object)
    known = (codes != "") & valid
    outside = known & (np.asarray(where, dtype=object) != codes)
    sane = (np.abs(la) <= 90) & (np.abs(lo) <= 180)
    dist = locate.distance_km(la, lo, codes, outside & sane)
    dist[known & ~outside] = 0.0
    dist[outside & ~sane] = np.inf
    out["jarak_desa_km"] = np.round(dist, 3)
    out["di_luar_desa"] = pd.array(np.where(known, outside, pd.NA), dtype="boolean")
    out["di_luar_kecamatan"] = pd.array(
        np.where(known, point_kec != own_kec_row, pd.NA), dtype="boolean"
    )
    tol = float(params.value("intake.toleransi_luar_desa_km"))
    wrong = valid & (~inside_kab | (known & (dist > tol)))
    lat_fix, lon_fix = fix
    for flag, a, b in _candidate_fixes(la, lo):
        cand = wrong & np.isnan(lat_fix)
        if not cand.any():
            break
        w2 = np.asarray(locate.desa_at(a, b, cand & _in_box(a, b)), dtype=object)
        good = cand & np.where(codes != "", w2 == codes, w2 != None)  # noqa: E711
        out.loc[good, flag] = True
        lat_fix[good], lon_fix[good] = a[good], b[good]
    safe = valid & inside_kab & ~(known & (dist > tol))
    return (
        safe
        & ~out["tanda_terbalik"].to_numpy()
        & ~out["lintang_bujur_tertukar"].to_numpy()
    )


class _Locator:
    """Point-in-desa lookups and distances on a kabupaten's desa polygons."""

    def __init__(self, polygons: gpd.GeoDataFrame) -> None:
        import shapely

        self.poly = polygons.reset_index(drop=True)
        self.codes = self.poly["kode_desa"].to_numpy()
        self.kecamatan = self.poly["kode_kecamatan"].to_numpy()
        self.geoms = self.poly.geometry.to_numpy()
        self.tree = shapely.STRtree(self.geoms)
        self.pos = {c: i for i, c in enumerate(self.codes)}
        self.crs = region.metric_crs(self.poly)
        self._metric: np.ndarray | None = None

    def desa_at(
        self, lat: np.ndarray, lon: np.ndarray, mask: np.ndarray
    ) -> list[str | None]:
        """The desa code each masked point falls in (None outside, unmasked)."""
        import shapely

        out: list[str | None] = [None] * len(lat)
        rows = np.flatnonzero(mask)
        if not len(rows):
            return out
        pts = shapely.points(lon[rows], lat[rows])
        p_idx, g_idx = self.tree.query(pts, predicate="intersects")
        for p, g in zip(p_idx, g_idx, strict=True):
            r = rows[p]
            if out[r] is None:
                out[r] = self.codes[g]
        return out

    def distance_km(
        self, lat: np.ndarray, lon: np.ndarray, codes: np.ndarray, mask: np.ndarray
    ) -> np.ndarray:
        """Distance (km) of each masked point to its own desa polygon (NaN else)."""
        import geopandas as gpd
        import shapely

        dist = np.full(len(lat), np.nan)
        rows = [r for r in np.flatnonzero(mask) if codes[r] in self.pos]
        if not rows:
            return dist
        if self._metric is None:
            self._metric = (
                gpd.GeoSeries(self.geoms, crs="EPSG:4326").to_crs(self.crs).to_numpy()
            )
        at = np.asarray(rows)
        pts = (
            gpd.GeoSeries(shapely.points(lon[at], lat[at]), crs="EPSG:4326")
            .to_crs(self.crs)
            .to_numpy()
        )
        geoms = self._metric[[self.pos[c] for c in codes[at]]]
        dist[at] = shapely.distance(pts, geoms) / 1000.0
        return dist
