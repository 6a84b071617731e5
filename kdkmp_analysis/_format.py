"""Indonesian number and cell formatting shared by maps, reports, deck and CLI."""

from __future__ import annotations

import math
import numbers
from typing import Any


def angka(x: float, decimals: int = 0) -> str:
    """Indonesian number format: ``1.234.567`` and ``1.234,5``."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def sel(value: Any) -> str:
    """A table cell: 1.234.567 and 1.234,6; ya/tidak; – for unknown."""
    import numpy as np

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return "ya" if value else "tidak"
    if isinstance(value, numbers.Integral):
        return angka(int(value), 0)
    if isinstance(value, numbers.Real):
        return angka(float(value), 1)
    try:
        import pandas as pd

        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    return str(value)
