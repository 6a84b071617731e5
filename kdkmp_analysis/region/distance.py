"""Road distance: the one rule every module uses (great circle × circuity).

No road network is available offline, so a road distance is approximated
as the great-circle (haversine) distance times a circuity factor
(``distribusi.faktor_sirkuitas`` in ``data/parameter.toml``: 1.35, band
1.2–1.6, an assumption labelled ``perkiraan``):

.. math::

    d_\\text{jalan}(a, b) = c \\cdot 2R \\arcsin \\sqrt{\\sin^2\\frac{\\Delta\\varphi}{2}
    + \\cos\\varphi_a \\cos\\varphi_b \\sin^2\\frac{\\Delta\\lambda}{2}}

with :math:`R` = 6371.0088 km (IUGG mean radius) and :math:`c` the
circuity. The distribution model, the siting model, the forum's distance to
the nearest outlet and the Pertashop distance to the nearest SPBU all call
:func:`road_km` / :func:`distance_matrix` (or :func:`great_circle_km` and
multiply by a scenario's own circuity knob).
"""

from __future__ import annotations

import numpy as np

from kdkmp_analysis import params

__all__ = [
    "EARTH_RADIUS_KM",
    "circuity",
    "distance_matrix",
    "great_circle_km",
    "nearest_road_km",
    "road_basis",
    "road_km",
]

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius (geodesy constant)


def circuity() -> float:
    """The road-to-straight-line factor of the parameter file (1.35)."""
    return float(params.value("distribusi.faktor_sirkuitas"))


def road_basis() -> str:
    """How a road distance is computed, in words (for labels and reasons)."""
    from kdkmp_analysis._format import angka

    return f"perkiraan: garis lurus × {angka(circuity(), 2)}"


def great_circle_km(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:
    """Great-circle (haversine) distance in km; arguments broadcast.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : array_like
        Coordinates in degrees (EPSG:4326).

    Returns
    -------
    numpy.ndarray
        Distances in km.
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(lon2) - np.radians(lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def road_km(
    lat1: np.ndarray | float,
    lon1: np.ndarray | float,
    lat2: np.ndarray | float,
    lon2: np.ndarray | float,
    factor: float | None = None,
) -> np.ndarray:
    """Approximate road distance in km: great circle × circuity; broadcasts.

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : array_like
        Coordinates in degrees (EPSG:4326).
    factor : float, optional
        Circuity (default :func:`circuity`, ``distribusi.faktor_sirkuitas``).

    Returns
    -------
    numpy.ndarray
        Distances in km.
    """
    c = circuity() if factor is None else float(factor)
    return great_circle_km(lat1, lon1, lat2, lon2) * c


def distance_matrix(
    lat_a: np.ndarray,
    lon_a: np.ndarray,
    lat_b: np.ndarray,
    lon_b: np.ndarray,
    circuity: float = 1.0,
) -> np.ndarray:
    """Approximate road distance ``d[a, b]`` = great circle × circuity (km).

    Parameters
    ----------
    lat_a, lon_a : array_like
        Rows (e.g. desa centroids).
    lat_b, lon_b : array_like
        Columns (e.g. cooperatives or warehouses).
    circuity : float
        Road-to-straight-line factor (1.0 gives the great circle; the
        parameter file's value is :func:`kdkmp_analysis.region.distance.circuity`).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(a), len(b))``, float64.
    """
    a_lat = np.asarray(lat_a, dtype=float)[:, None]
    a_lon = np.asarray(lon_a, dtype=float)[:, None]
    b_lat = np.asarray(lat_b, dtype=float)[None, :]
    b_lon = np.asarray(lon_b, dtype=float)[None, :]
    return great_circle_km(a_lat, a_lon, b_lat, b_lon) * float(circuity)


def nearest_road_km(
    lat_a: np.ndarray,
    lon_a: np.ndarray,
    lat_b: np.ndarray,
    lon_b: np.ndarray,
    *,
    exclude_self: np.ndarray | None = None,
    factor: float | None = None,
) -> np.ndarray:
    """Road distance from each point ``a`` to the nearest point ``b`` (km).

    Parameters
    ----------
    lat_a, lon_a : array_like
        The points measured from (NaN coordinates give NaN).
    lat_b, lon_b : array_like
        The targets (NaN coordinates are ignored).
    exclude_self : numpy.ndarray, optional
        Per ``a``, the index in ``b`` that is the point itself (``-1`` for
        none): a partner's own outlet never counts as its nearest.
    factor : float, optional
        Circuity (default :func:`circuity`).

    Returns
    -------
    numpy.ndarray
        Length ``len(a)``; NaN where ``a`` has no coordinate or no target is
        left.
    """
    la = np.asarray(lat_a, dtype=float)
    lo = np.asarray(lon_a, dtype=float)
    lb = np.asarray(lat_b, dtype=float)
    ob = np.asarray(lon_b, dtype=float)
    out = np.full(len(la), np.nan)
    ok_b = np.isfinite(lb) & np.isfinite(ob)
    if not ok_b.any() or not len(la):
        return out
    c = circuity() if factor is None else float(factor)
    d = distance_matrix(la, lo, np.where(ok_b, lb, 0.0), np.where(ok_b, ob, 0.0), c)
    d[:, ~ok_b] = np.inf
    if exclude_self is not None:
        rows = np.flatnonzero(np.asarray(exclude_self) >= 0)
        d[rows, np.asarray(exclude_self)[rows]] = np.inf
    best = d.min(axis=1) if d.shape[1] else np.full(len(la), np.inf)
    ok_a = np.isfinite(la) & np.isfinite(lo) & np.isfinite(best)
    out[ok_a] = best[ok_a]
    return out
