"""The export date a file states about itself — never its modification time.

A SIMKOPDES export or a Dinas spreadsheet is dated, in this order, by:

1. a date column (``tanggal_ekspor``, ``export_date``, ``data_per`` …) holding
   one date on every row;
2. a heading line above the table (``Tanggal ekspor: 5 Agustus 2026``,
   ``Data per 2026-08-05``);
3. the file's name (``kopdes_locations_2026-08-05.csv``,
   ``ekspor_20260805_3514.xlsx``, ``data 05-08-2026.csv``).

:func:`stated_date` returns the ISO date and where it was found; when none is
found the import says *tanggal ekspor tidak diketahui*. A file's modification
time says when it was copied, not when SIMKOPDES exported it, so it is never
used (:func:`kdkmp_analysis.intake.tables.read_table`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import pandas as pd

__all__ = ["DATE_COLUMNS", "date_in_text", "stated_date"]

#: Normalised headings of a column that dates the whole export.
DATE_COLUMNS = (
    "tanggal_ekspor",
    "tgl_ekspor",
    "tanggal_export",
    "export_date",
    "exported_at",
    "snapshot_date",
    "tanggal_data",
    "data_per",
    "tanggal_unduh",
    "downloaded_at",
)

_MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "mar": 3,
    "maret": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "agustus": 8,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "nop": 11,
    "november": 11,
    "des": 12,
    "desember": 12,
    "dec": 12,
    "december": 12,
}
_ISO = re.compile(r"(?<!\d)(20\d{2})[-_./]?(\d{2})[-_./]?(\d{2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})[-_./](\d{1,2})[-_./](20\d{2})(?!\d)")
_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s*([A-Za-z]{3,9})\.?\s*(20\d{2})(?!\d)")


def _valid(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def date_in_text(text: str) -> str | None:
    """The first calendar date written in ``text``, as ``YYYY-MM-DD``.

    Reads ``2026-08-05``, ``20260805``, ``2026_08_05``, ``05-08-2026``,
    ``5/8/2026`` (day first, the Indonesian order) and ``5 Agustus 2026`` /
    ``5 Agu 2026`` / ``5 August 2026``; an impossible date (``2026-13-40``) is
    no date.
    """
    found: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        if (iso := _valid(*m.groups())) is not None:
            found.append((m.start(), iso))
    for m in _DMY.finditer(text):
        if (iso := _valid(m.group(3), m.group(2), m.group(1))) is not None:
            found.append((m.start(), iso))
    for m in _WORDS.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month and (iso := _valid(m.group(3), str(month), m.group(1))):
            found.append((m.start(), iso))
    return min(found)[1] if found else None


def stated_date(
    frame: pd.DataFrame, heading_lines: Iterable[str], name: str
) -> tuple[str, str]:
    """The date a file states about itself, and where it was found.

    Parameters
    ----------
    frame : pandas.DataFrame
        The file's rows, columns under their normalised headings.
    heading_lines : iterable of str
        The lines above the table's header (CSV lines, XLSX rows joined).
    name : str
        The file's name.

    Returns
    -------
    tuple of str
        ``(YYYY-MM-DD, origin)`` — origin ``"kolom <heading>"``, ``"judul
        berkas"`` or ``"nama berkas"`` — or ``("", "")`` when the file states
        no date. A date column with several dates dates nothing.
    """
    for col in DATE_COLUMNS:
        if col in frame.columns:
            values = {date_in_text(str(v)) for v in frame[col] if str(v).strip()}
            if len(values) == 1 and None not in values:
                return str(values.pop()), f"kolom {col}"
    for line in heading_lines:
        if (iso := date_in_text(line)) is not None:
            return iso, "judul berkas"
    if (iso := date_in_text(name)) is not None:
        return iso, "nama berkas"
    return "", ""
