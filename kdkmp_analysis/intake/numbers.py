"""Numbers as the planners' files write them: Indonesian or English notation.

:func:`parse_numbers` reads SIMKOPDES exports (either notation, as the file
writes it); :func:`parse_dinas_numbers` reads the Dinas spreadsheet (the
Indonesian rule, with ranges and ambiguous cells reported, never guessed).
Digits of other scripts (full-width ``７``, Arabic-Indic ``٧``) are read as
the digits they are and named by :func:`nonstandard_digits`; infinite values
(``-1e309``) are never numbers.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["nonstandard_digits", "parse_dinas_numbers", "parse_numbers"]


_NUM_OK = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_OTHER_DIGIT = r"(?![0-9])\d"
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Marks of other scripts read as the ASCII mark they are.
_MARKS = {"\u066b": ".", "\u066c": ",", "\uff0e": ".", "\uff0c": ",", "\uff0d": "-"}


def _latin_char(m: re.Match[str]) -> str:
    c = m[0]
    d = unicodedata.decimal(c, None)
    return str(d) if d is not None else _MARKS.get(c, c)


def _latin(s: pd.Series) -> pd.Series:
    """Texts with digits of other scripts (``７``, ``٧``) as ASCII digits."""
    other = nonstandard_digits(s)
    if other.any():
        s = s.copy()
        s[other] = s[other].str.replace(_NON_ASCII, _latin_char, regex=True)
    return s


def nonstandard_digits(values: pd.Series) -> pd.Series:
    """True where a text writes a digit of another script (``７``, ``٧``).

    Such digits are read as the digits they are; the intake names the rows.
    """
    s = values.astype("string").fillna("")
    return s.str.contains(_OTHER_DIGIT, regex=True).fillna(False).astype(bool)


def parse_numbers(
    values: pd.Series, decimal_comma: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Indonesian or the English way.

    ``"-7,657"`` → −7.657; ``"1.234.567"`` → 1234567 when ``decimal_comma``
    (a ``;``-separated file); ``"1,234.5"`` → 1234.5; ``"−7.6"`` (Unicode
    minus) → −7.6; ``"７.６"`` (other-script digits) → 7.6; ``"-1e309"``
    (infinite) is not a number.

    Parameters
    ----------
    values : pandas.Series
        Texts.
    decimal_comma : bool
        The file writes decimals with a comma and thousands with a dot.

    Returns
    -------
    tuple of pandas.Series
        ``(numbers, bad)``: floats (NaN when empty or not a number) and a
        boolean Series, True where a non-empty text is not a number.
    """
    s = _latin(values.astype("string").fillna("").str.strip())
    s = s.str.replace("\u2212", "-", regex=False).str.replace(" ", "", regex=False)
    has_c = s.str.contains(",", regex=False)
    has_d = s.str.contains(".", regex=False)
    both = has_c & has_d
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    t = s.copy()
    # both separators: the last one is the decimal mark
    m = both & comma_last
    t[m] = s[m].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    m = both & ~comma_last
    t[m] = s[m].str.replace(",", "", regex=False)
    # only commas: one comma = decimal comma; several = thousands
    m = has_c & ~has_d
    single = s.str.count(",") == 1
    t[m & single] = s[m & single].str.replace(",", ".", regex=False)
    t[m & ~single] = s[m & ~single].str.replace(",", "", regex=False)
    if decimal_comma:  # only dots in a decimal-comma file: thousands separators
        m = has_d & ~has_c & s.str.fullmatch(r"-?\d{1,3}(\.\d{3})+")
        t[m] = s[m].str.replace(".", "", regex=False)
    ok = t.str.fullmatch(_NUM_OK).fillna(False).astype(bool)
    num = pd.to_numeric(t.where(ok), errors="coerce").astype(float)
    ok &= np.isfinite(num.fillna(0.0))  # "-1e309" is not a number
    num[~ok] = np.nan
    bad = (s != "") & ~ok
    return num, bad.astype(bool)


_GROUPS_DOT = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")
_GROUPS_COMMA = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+$")
_BOTH_ID = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+,\d+$")
_BOTH_EN = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+\.\d+$")
#: Largest whole number an ``Int64`` column takes from a Dinas file.
_INT_MAX = 2**53


def parse_dinas_numbers(
    values: pd.Series, integer: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse the numbers of a Dinas spreadsheet (Indonesian rule) and check them.

    The rule: ``,`` is the decimal mark and ``.`` separates thousands.

    * ``"2,5"`` → 2.5; ``"1,250"`` → 1.25 (one comma = decimal);
      ``"1.250.000"`` and ``"1,250,000"`` → 1250000 (several groups);
      ``"1.250,5"`` / ``"1,250.5"`` → 1250.5 (both marks: the last is decimal).
    * One dot followed by exactly three digits (``"1.250"``, ``"5.000"``):
      thousands in an integer column (1250, 5000); **ambiguous** in a decimal
      column (5000 or 5?) — left empty and reported, never guessed.
    * Any other single dot (``"2.5"``, ``"0.125"``) cannot be a thousands
      separator: it is read as a decimal point (the form English-language
      spreadsheets and number cells use).
    * Every value must be finite and ≥ 0; an integer column takes whole
      numbers only (``"12,5"`` members is invalid).

    Parameters
    ----------
    values : pandas.Series
        Texts as written in the file.
    integer : bool
        The column holds whole numbers (``Int64``).

    Returns
    -------
    tuple of pandas.Series
        ``(numbers, problem)``: floats (NaN when empty or invalid) and, per
        cell, ``""`` or the Indonesian reason the cell was not accepted.
    """
    s = _latin(values.astype("string").fillna("").str.strip())
    s = s.str.replace("\u2212", "-", regex=False).str.replace(
        r"[\s\u00a0]", "", regex=True
    )
    t = s.copy()
    problem = pd.Series("", index=s.index, dtype=object)
    has_c = s.str.contains(",", regex=False)
    has_d = s.str.contains(".", regex=False)
    m = s.str.fullmatch(_BOTH_ID).fillna(False).astype(bool)
    t[m] = s[m].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    m = s.str.fullmatch(_BOTH_EN).fillna(False).astype(bool)
    t[m] = s[m].str.replace(",", "", regex=False)
    m = has_c & ~has_d & (s.str.count(",") == 1)
    t[m] = s[m].str.replace(",", ".", regex=False)
    m = s.str.fullmatch(_GROUPS_COMMA).fillna(False).astype(bool) & (
        s.str.count(",") > 1
    )
    t[m] = s[m].str.replace(",", "", regex=False)
    groups = s.str.fullmatch(_GROUPS_DOT).fillna(False).astype(bool)
    several = groups & (s.str.count(r"\.") > 1)
    t[several] = s[several].str.replace(".", "", regex=False)
    single = groups & ~several
    if integer:
        t[single] = s[single].str.replace(".", "", regex=False)
    else:
        alt = pd.to_numeric(s[single], errors="coerce")
        problem[single] = [
            f"ambigu: titik bisa pemisah ribuan ({x.replace('.', '')}) atau "
            f"desimal ({a:g}); tulis tanpa titik atau dengan koma desimal"
            for x, a in zip(s[single], alt, strict=True)
        ]
        t[single] = ""
    ok = t.str.fullmatch(_NUM_OK).fillna(False).astype(bool)
    num = pd.to_numeric(t.where(ok), errors="coerce").astype(float)
    empty = s == ""
    problem[~empty & ~ok & (problem == "")] = "bukan angka"
    bad = ok & ~np.isfinite(num.fillna(0.0))
    problem[bad] = "bukan angka terhingga"
    rest = ok & ~bad
    problem[rest & (num < 0)] = "negatif, harus ≥ 0"
    if integer:
        frac = rest & (num >= 0) & (num != num.round())
        problem[frac] = "bukan bilangan bulat"
        big = rest & (num >= _INT_MAX)
        problem[big] = "terlalu besar"
    num[problem != ""] = np.nan
    return num, problem
