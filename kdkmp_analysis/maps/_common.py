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
    "open_source_url",
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
    """The open boundary source in words, e.g. ``"data terbuka Cahya DSN (MIT)"``.

    The holder is the licence's ``(c)`` name (else the repository's owner);
    the repository itself is :func:`open_source_url` (a planner reads words,
    not ``owner/repo_name``).
    """
    batas = params.load()["batas"]
    parts = [p.strip() for p in str(batas.get("lisensi", "")).split(",")]
    licence = parts[0] if parts and parts[0] else ""
    holder = next(
        (p.removeprefix("(c)").strip() for p in parts[1:] if p.startswith("(c)")),
        str(batas["repo"]).split("/")[0],
    )
    return f"data terbuka {holder}" + (f" ({licence})" if licence else "")


def open_source_url() -> str:
    """Address of the open boundary repository (``https://github.com/<repo>``)."""
    return f"https://github.com/{params.load()['batas']['repo']}"
