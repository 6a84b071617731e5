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
