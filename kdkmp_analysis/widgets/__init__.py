"""Widgets: interactive explorers for JupyterLab (ipywidgets).

Each explorer is a plain object holding its widgets, so tests drive it
without a browser.

Modules
-------
:mod:`~kdkmp_analysis.widgets.map`
    :func:`map_explorer`: metric, marker status and kecamatan pickers over the maps.
:mod:`~kdkmp_analysis.widgets.gaps`
    :class:`GapExplorer`: programme × kecamatan explorer of the partnership gaps.
:mod:`~kdkmp_analysis.widgets.distribution`
    :class:`DistributionExplorer`: sliders over the SPHP distribution model.
"""

from kdkmp_analysis.widgets.distribution import DistributionExplorer
from kdkmp_analysis.widgets.gaps import SEMUA, GapExplorer
from kdkmp_analysis.widgets.map import (
    DEFAULT_METRICS,
    DEFAULT_STATUSES,
    MapExplorer,
    map_explorer,
)

__all__ = [
    "DEFAULT_METRICS",
    "DEFAULT_STATUSES",
    "SEMUA",
    "DistributionExplorer",
    "GapExplorer",
    "MapExplorer",
    "map_explorer",
]
