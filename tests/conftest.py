"""Shared fixtures. Tests never need the network.

``../shared/data`` (beside the checkout; read-only) holds the real boundary
files and a real SIMKOPDES export; tests that need it are skipped (failed when CI is set) with a
reason when it is absent. The boundary directory is exported as
``KDKMP_DATA_DIR`` and the SIMKOPDES slices as ``KDKMP_SIMKOPDES_DIR`` (so the
default register carries the public snapshot's values) unless the caller set
them, and the download cache is pointed at a per-session temporary directory
so no test touches the user's. ``scenario_register`` is the default built
without the snapshot (the labelled fallback).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (ROOT.parent / "shared" / "data").resolve()
if not SHARED_DATA.is_dir() and os.environ.get("KDKMP_DATA_DIR"):
    # a checkout elsewhere: the data directory named by KDKMP_DATA_DIR
    SHARED_DATA = Path(os.environ["KDKMP_DATA_DIR"]).resolve().parent
BOUNDARY_DIR = SHARED_DATA / "boundaries"
SIMKOPDES_DIR = SHARED_DATA / "simkopdes"

if BOUNDARY_DIR.is_dir():
    os.environ.setdefault("KDKMP_DATA_DIR", str(BOUNDARY_DIR))
if SIMKOPDES_DIR.is_dir():
    os.environ.setdefault("KDKMP_SIMKOPDES_DIR", str(SIMKOPDES_DIR))
os.environ.setdefault("KDKMP_OFFLINE", "1")
# Builds in the tests print no PDFs (≈ 50 s each); the one build that checks
# them (the default build of tests/integration/test_build.py) and the PDF tests
# switch them on.
os.environ.setdefault("KDKMP_PDF", "0")


def _missing(what: str) -> None:
    """Skip a real-data test, or fail it in CI, where the data must be present."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} missing in CI (expected beside the checkout)")
    pytest.skip(f"{what} not found")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    old = os.environ.get("KDKMP_CACHE_DIR")
    os.environ["KDKMP_CACHE_DIR"] = str(tmp_path_factory.mktemp("kdkmp-cache"))
    yield
    if old is None:
        os.environ.pop("KDKMP_CACHE_DIR", None)
    else:
        os.environ["KDKMP_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def boundary_dir() -> Path:
    if not (BOUNDARY_DIR / "wilayah_boundaries_kel_35.14.sql").is_file():
        _missing(f"real boundary files in {BOUNDARY_DIR}")
    return BOUNDARY_DIR


@pytest.fixture(scope="session")
def simkopdes_dir() -> Path:
    if not (SIMKOPDES_DIR / "kopdes_locations_3514.csv").is_file():
        _missing(f"real SIMKOPDES export in {SIMKOPDES_DIR}")
    return SIMKOPDES_DIR


@pytest.fixture(scope="session")
def desa_polygons(boundary_dir):
    from kdkmp_analysis.region import boundaries

    return boundaries.load_desa_polygons("35.14", boundary_dir)


@pytest.fixture(scope="session")
def default_register():
    from kdkmp_analysis import intake

    return intake.default_register("35.14")


@pytest.fixture(scope="session")
def scenario_register(tmp_path_factory):
    """The default register without the snapshot: no KDKMP_SIMKOPDES_DIR, empty cache."""
    from kdkmp_analysis import intake

    mp = pytest.MonkeyPatch()
    mp.delenv("KDKMP_SIMKOPDES_DIR", raising=False)
    mp.setenv("KDKMP_CACHE_DIR", str(tmp_path_factory.mktemp("cache-kosong")))
    try:
        return intake.default_register("35.14")
    finally:
        mp.undo()
