"""Indonesian number and cell formatting shared by maps, reports, deck and CLI."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

#: Indonesian month names (``BULAN[0]`` = Januari).
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def angka(x: float, decimals: int = 0) -> str:
    """Indonesian number format: ``1.234.567`` and ``1.234,5``."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def sel(value: Any, decimals: int = 1) -> str:
    """A table cell: 1.234.567 and 1.234,6; ya/tidak; – for unknown.

    ``decimals``: of a non-integral number (one by default).
    """
    import numpy as np

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool | np.bool_):
        return "ya" if value else "tidak"
    if isinstance(value, numbers.Integral):
        return angka(int(value), 0)
    if isinstance(value, numbers.Real):  # float32 NaN too
        return "–" if math.isnan(v := float(value)) else angka(v, decimals)
    try:
        import pandas as pd

        if pd.isna(value):
            return "–"
    except (TypeError, ValueError):
        pass
    return str(value)


def tanggal(value: Any, *, short: bool = False) -> str:
    """A date in Indonesian words: the one date formatter of the pages.

    Accepts a :class:`datetime.date`/``datetime`` or an ISO text: a full date
    (``"2026-08-05"`` → "5 Agustus 2026"), a date and time (``"2026-12-01
    18:05"`` → "1 Desember 2026, pukul 18.05"), a month (``"2025-09"`` →
    "September 2025") or a year (``"2025"``). ``short``: three-letter months
    ("5 Agu 2026"). Anything else is returned as written.

    Examples
    --------
    >>> tanggal("2026-08-05")
    '5 Agustus 2026'
    >>> tanggal("2025-09", short=True)
    'Sep 2025'
    """
    month = (lambda m: BULAN[m - 1][:3]) if short else (lambda m: BULAN[m - 1])
    if isinstance(value, dt.datetime):
        text = f"{value.day} {month(value.month)} {value.year}"
        if value.hour or value.minute:
            text += f", pukul {value.hour:02d}.{value.minute:02d}"
        return text
    if isinstance(value, dt.date):
        return f"{value.day} {month(value.month)} {value.year}"
    s = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{month(int(m.group(2)))} {m.group(1)}"
    if re.fullmatch(r"\d{4}", s):
        return s
    try:
        d = dt.datetime.fromisoformat(s)
    except ValueError:
        return s
    text = f"{d.day} {month(d.month)} {d.year}"
    if ":" in s:
        text += f", pukul {d.hour:02d}.{d.minute:02d}"
    return text
