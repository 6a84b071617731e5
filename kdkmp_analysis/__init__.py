"""kdkmp-analysis: planning toolkit for the Koperasi Desa/Kelurahan Merah Putih.

Data flows one way: :mod:`~kdkmp_analysis.region` (official register and
geometry) → :mod:`~kdkmp_analysis.register` (the cooperatives) → analyses
→ maps and reports → notebooks. Importing the package is cheap: heavy
modules (geopandas, folium, solvers) are imported by the submodules that
need them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kdkmp-analysis")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]

#: Modules that moved into a step's folder (issue 10), still importable as
#: ``from kdkmp_analysis import boundaries`` for existing notebooks and scripts.
_MOVED = {
    "boundaries": "kdkmp_analysis.region.boundaries",
    "population": "kdkmp_analysis.region.population",
    "reports": "kdkmp_analysis.handouts",
    "gaps_widgets": "kdkmp_analysis.widgets.gaps",
    "distribution_widgets": "kdkmp_analysis.widgets.distribution",
}


def __getattr__(name: str):  # PEP 562: resolve the moved modules lazily
    if name in _MOVED:
        import importlib

        return importlib.import_module(_MOVED[name])
    raise AttributeError(f"module 'kdkmp_analysis' has no attribute {name!r}")
