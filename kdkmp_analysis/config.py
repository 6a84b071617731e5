"""Paths, cache directory and environment variables.

Environment variables
---------------------
``KDKMP_DATA_DIR``
    A directory holding boundary SQL files (``wilayah_boundaries_kel_<kab>.sql``);
    CI points it at ``../shared/data/boundaries``.
``KDKMP_SIMKOPDES_DIR``
    A directory holding the public SIMKOPDES snapshot
    (``kopdes_locations.csv``/``kopdes_stats_village.csv`` of
    danylaksono/kopdes-report, or per-kabupaten slices
    ``kopdes_locations_<4 digits>.csv``); CI points it at
    ``../shared/data/simkopdes``. See :mod:`kdkmp_analysis.intake.snapshot`.
``KDKMP_CACHE_DIR``
    Overrides the per-user cache directory (platformdirs) used for downloads.
``KDKMP_OFFLINE``
    ``1`` forbids any download; the boundary layer then falls back to the
    approximate (``perkiraan``) areas when no local file or cache exists,
    and ``kdkmp unduh-simkopdes`` stops with a message.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Kemendagri code of the default kabupaten: Kabupaten Pasuruan, Jawa Timur.
DEFAULT_KABUPATEN = "35.14"

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Directory of the project's own data files (parameters, calibration).

    Returns
    -------
    pathlib.Path
        ``kdkmp_analysis/_data`` in an installed wheel, else the source
        checkout's top-level ``data/`` directory.
    """
    bundled = _PACKAGE_DIR / "_data"
    if bundled.is_dir():
        return bundled
    return _PACKAGE_DIR.parent / "data"


def project_dir() -> Path | None:
    """Top of the source checkout, or ``None`` for an installed wheel."""
    top = _PACKAGE_DIR.parent
    return top if (top / "pyproject.toml").is_file() else None


def cache_dir() -> Path:
    """Per-user cache directory for downloads (created on demand).

    Returns
    -------
    pathlib.Path
        ``$KDKMP_CACHE_DIR`` if set, else platformdirs' user cache directory
        for ``kdkmp-analysis``.
    """
    env = os.environ.get("KDKMP_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("kdkmp-analysis", appauthor=False))


def local_data_dir() -> Path | None:
    """The directory named by ``KDKMP_DATA_DIR``, if set."""
    env = os.environ.get("KDKMP_DATA_DIR")
    return Path(env).expanduser() if env else None


def simkopdes_dir() -> Path | None:
    """The directory named by ``KDKMP_SIMKOPDES_DIR``, if set."""
    env = os.environ.get("KDKMP_SIMKOPDES_DIR")
    return Path(env).expanduser() if env else None


def offline() -> bool:
    """True when ``KDKMP_OFFLINE`` forbids downloads."""
    return os.environ.get("KDKMP_OFFLINE", "").strip().lower() in {"1", "true", "yes"}
