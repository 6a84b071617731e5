"""kdkmp-analysis: planning toolkit for the Koperasi Desa/Kelurahan Merah Putih.

The package is laid out along the data's path, one folder per step, and a
module imports only its own step or an earlier one:

1. :mod:`~kdkmp_analysis.region` — the kabupaten (:class:`~kdkmp_analysis.region.Kabupaten`,
   resolved once by :func:`~kdkmp_analysis.region.as_kabupaten`), its official
   register, boundaries and population;
2. :mod:`~kdkmp_analysis.register` — the cooperatives, validated once
   (:func:`~kdkmp_analysis.register.as_register`), and the default scenario;
3. :mod:`~kdkmp_analysis.intake` — SIMKOPDES exports and Dinas spreadsheets in;
4. analyses: :mod:`~kdkmp_analysis.gaps`, :mod:`~kdkmp_analysis.forum`,
   :mod:`~kdkmp_analysis.siting`, :mod:`~kdkmp_analysis.distribution`;
5. presentation: :mod:`~kdkmp_analysis.maps`, :mod:`~kdkmp_analysis.handouts`,
   :mod:`~kdkmp_analysis.widgets`;
6. :mod:`~kdkmp_analysis.build` and :mod:`~kdkmp_analysis.cli`.

Underneath all of them: :mod:`~kdkmp_analysis.config`,
:mod:`~kdkmp_analysis.errors`, :mod:`~kdkmp_analysis.params` (the parameter
file), :mod:`~kdkmp_analysis._format` (the one number formatter),
:mod:`~kdkmp_analysis.documents` (the one page skeleton and sheet writer),
:mod:`~kdkmp_analysis.provenance` and :mod:`~kdkmp_analysis.testing`.
Importing the package is cheap: heavy modules (geopandas, folium, solvers) are
imported by the submodules that need them.
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
