"""What every step of a map shares: the error, column checks, boundary status, sources.

Private to :mod:`kdkmp_analysis.maps` (its public names are re-exported by
the package): the classes, texts, layers, offline packaging and the static
map all raise :class:`MapError` and read the same rendering constants.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "PERKIRAAN",
    "PRECISION",
    "SIMPLIFY_M",
    "MapError",
    "open_source_label",
    "perkiraan_mask",
    "require",
]


class MapError(KdkmpError, ValueError):
    """A map request that cannot be drawn (missing column, unknown scheme…)."""


# ---------------------------------------------------------------------------
# Rendering constants (cartography, not programme numbers)
# ---------------------------------------------------------------------------
#: Simplification tolerance of polygon layers, metres (coverage-preserving).
SIMPLIFY_M = 15.0
#: Decimal places kept in coordinates (5 ≈ 1.1 m at the equator).
PRECISION = 5
#: ``status_batas`` of an approximate (not official) boundary.
PERKIRAAN = "perkiraan"


def require(df: pd.DataFrame, cols: list[str], what: str) -> None:
    """Raise :class:`MapError` naming the columns of ``cols`` that ``df`` lacks."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise MapError(
            f"{what} tidak punya kolom: {', '.join(missing)}. "
            f"Kolom yang ada: {', '.join(map(str, df.columns))}"
        )


def perkiraan_mask(gdf: pd.DataFrame) -> np.ndarray:
    """Per row: is this boundary approximate (``status_batas == "perkiraan"``)?"""
    if "status_batas" not in gdf.columns:
        return np.zeros(len(gdf), dtype=bool)
    return (
        gdf["status_batas"]
        .astype("string")
        .eq(PERKIRAAN)
        .fillna(False)
        .to_numpy(dtype=bool)
    )


def open_source_label() -> str:
    """The open boundary source and its licence, e.g. ``"repo (MIT)"``."""
    batas = params.load()["batas"]
    licence = str(batas.get("lisensi", "")).split(",")[0].strip()
    return f"{batas['repo']} ({licence})" if licence else str(batas["repo"])
