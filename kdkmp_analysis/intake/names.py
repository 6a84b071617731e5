"""Name normalisation for matching free-text names to the official register.

SIMKOPDES exports and Dinas spreadsheets spell places in many ways:
``KOPERASI DESA MERAH PUTIH DESA KLAKAH KECAMATAN PASREPAN KABUPATEN PASURUAN
JAWA TIMUR``, ``GAMBIR KUNING`` for *Gambirkuning*, ``KEBUPATEN`` for
*Kabupaten*. These helpers reduce such a text to the place name alone and to a
*key* (upper-case letters and digits, no spaces) that compares equal for
spacing and punctuation variants: ``"Gondang Wetan"`` and ``"Gondangwetan"``
both give ``GONDANGWETAN``.

All functions work on whole pandas Series (vectorised regular expressions), so
a national file of ~84,000 rows normalises in well under a second. The matcher
(:mod:`kdkmp_analysis.intake.matching`) compares these keys.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = [
    "KIND_WORDS",
    "district_key",
    "district_name",
    "key",
    "kind_mentioned",
    "name_variants",
    "strip_cooperative",
]

#: Words that name the kind of a village in a cooperative's name.
KIND_WORDS = {"DESA": "desa", "KELURAHAN": "kelurahan", "KEL": "kelurahan"}

# Indonesian province names (and common short forms) that trail a full name.
_PROVINCES = (
    "ACEH|NANGGROE ACEH DARUSSALAM|SUMATERA UTARA|SUMATRA UTARA|SUMATERA BARAT|"
    "SUMATRA BARAT|RIAU|KEPULAUAN RIAU|JAMBI|SUMATERA SELATAN|SUMATRA SELATAN|"
    "BENGKULU|LAMPUNG|KEPULAUAN BANGKA BELITUNG|BANGKA BELITUNG|DKI JAKARTA|"
    "JAKARTA|JAWA BARAT|JABAR|JAWA TENGAH|JATENG|DI YOGYAKARTA|DAERAH ISTIMEWA "
    "YOGYAKARTA|YOGYAKARTA|JAWA TIMUR|JATIM|BANTEN|BALI|NUSA TENGGARA BARAT|NTB|"
    "NUSA TENGGARA TIMUR|NTT|KALIMANTAN BARAT|KALIMANTAN TENGAH|KALIMANTAN "
    "SELATAN|KALIMANTAN TIMUR|KALIMANTAN UTARA|SULAWESI UTARA|SULAWESI TENGAH|"
    "SULAWESI SELATAN|SULAWESI TENGGARA|GORONTALO|SULAWESI BARAT|MALUKU|MALUKU "
    "UTARA|PAPUA|PAPUA BARAT|PAPUA BARAT DAYA|PAPUA SELATAN|PAPUA TENGAH|"
    "PAPUA PEGUNUNGAN"
)
_PUNCT = re.compile(r"[^A-Z0-9]+")
_SPACES = re.compile(r"\s+")
# "KOPERASI [DESA|KELURAHAN|DESA/KELURAHAN] MERAH PUTIH", "KOPDES", "KDMP" …
_COOP = re.compile(
    r"^(?:(?:KOPERASI|KOPERSI|KOPRASI|KOP)\s+"
    r"(?:(?:DESA\s+KELURAHAN|DESA|KELURAHAN|KEL|DES)\s+)?"
    r"(?:MERAH\s+PUTIH|MERAHPUTIH)?|KOPDES(?:\s+MERAH\s+PUTIH)?|KDKMP|KDMP|KKMP)\s*"
)
_LEADING_KIND = re.compile(r"^(?:(?:DESA|DS|KELURAHAN|KEL|MERAH\s+PUTIH)\s+)+")
# Typos of KABUPATEN seen in real exports (KEBUPATEN, KABUPATN, KAB …).
_KAB_WORD = r"(?:K[AE]B[UO]?P[AE]?T[AE]?N|KAB|KOTA|KOTAMADYA)"
_KEC_WORD = r"(?:KECAMATAN|KEC|KECEMATAN|KECAMATN|KCAMATAN)"
_TRAIL_KEC = re.compile(rf"\s+{_KEC_WORD}\b.*$")
_TRAIL_KAB = re.compile(rf"\s+{_KAB_WORD}\b.*$")
_TRAIL_PROV = re.compile(rf"\s+(?:PROVINSI\s+|PROV\s+)?(?:{_PROVINCES})$")
_DISTRICT_KIND = re.compile(r"^(?:Kabupaten|Kota)\s+")
_DISTRICT_PREFIX = re.compile(r"^(?:KABUPATEN|KAB|KOTA|KOTAMADYA|KOTA\s+ADM|ADM)\s+")


def _clean(s: pd.Series) -> pd.Series:
    """Upper case, punctuation → space, single spaces, stripped."""
    s = s.astype("string").fillna("").str.upper()
    s = s.str.replace(_PUNCT, " ", regex=True)
    return s.str.replace(_SPACES, " ", regex=True).str.strip()


def key(s: pd.Series) -> pd.Series:
    """Comparison key: upper-case letters and digits only.

    Parameters
    ----------
    s : pandas.Series
        Names (any case, punctuation, spacing).

    Returns
    -------
    pandas.Series
        ``"Oro-Oro Ombokulon"`` and ``"ORO ORO OMBO KULON"`` both become
        ``"OROOROOMBOKULON"``; missing values become ``""``.
    """
    return _clean(s).str.replace(" ", "", regex=False)


def kind_mentioned(names: pd.Series) -> pd.Series:
    """The kind of village a cooperative's name claims (``desa``/``kelurahan``).

    ``KOPERASI KELURAHAN MERAH PUTIH …`` → ``kelurahan``; ``KOPERASI DESA …``
    or ``… DESA X`` → ``desa``; no kind word → ``<NA>``. When both words
    appear, the first one wins.
    """
    first = (" " + _clean(names) + " ").str.extract(
        r" (DESA|KELURAHAN|KEL) ", expand=False
    )
    return first.map(KIND_WORDS, na_action="ignore").astype("string")


def strip_cooperative(names: pd.Series) -> pd.Series:
    """Reduce a cooperative's name to the village name it carries.

    Drops the ``KOPERASI DESA/KELURAHAN MERAH PUTIH`` prefix, repeated
    ``DESA``/``KELURAHAN`` words, a trailing ``KECAMATAN …``, ``KABUPATEN …``
    (with typos such as ``KEBUPATEN``) or ``KOTA …`` and a trailing province
    name.

    Parameters
    ----------
    names : pandas.Series
        Names as written in the file.

    Returns
    -------
    pandas.Series
        Cleaned, upper-case, single-spaced names (``"KLAKAH"``).
    """
    s = _clean(names)
    s = s.str.replace(_COOP, "", regex=True)
    s = s.str.replace(_LEADING_KIND, "", regex=True)
    s = s.str.replace(_TRAIL_PROV, "", regex=True)
    s = s.str.replace(_TRAIL_KEC, "", regex=True)
    s = s.str.replace(_TRAIL_KAB, "", regex=True)
    s = s.str.replace(_TRAIL_PROV, "", regex=True)
    return s.str.replace(_LEADING_KIND, "", regex=True).str.strip()


def name_variants(
    names: pd.Series, kecamatan: pd.Series, kabupaten: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """The stripped name and a shorter variant without trailing place names.

    Some names end in the kecamatan or kabupaten name without the
    ``KECAMATAN``/``KABUPATEN`` word (``WINONGAN KIDUL WINONGAN PASURUAN``).
    The second variant drops those trailing words (only when something is
    left), so that the matcher can try both.

    Parameters
    ----------
    names : pandas.Series
        Raw cooperative or village names.
    kecamatan, kabupaten : pandas.Series
        Cleaned kecamatan and kabupaten names of each row (``""`` if unknown).

    Returns
    -------
    tuple of pandas.Series
        ``(stripped, shorter)`` as keys (see :func:`key`).
    """
    stripped = strip_cooperative(names)
    short = stripped.tolist()
    places = list(zip(_clean(kabupaten), _clean(kecamatan), strict=True))
    for pos in (0, 1, 0):
        for i, (text, place) in enumerate(zip(short, places, strict=True)):
            tail = " " + place[pos]
            if len(tail) > 1 and len(text) > len(tail) and text.endswith(tail):
                short[i] = text[: -len(tail)]
    short = pd.Series(short, index=names.index, dtype="string")
    return stripped.str.replace(" ", "", regex=False), short.str.replace(
        " ", "", regex=False
    )


def district_name(names: pd.Series) -> pd.Series:
    """Official kabupaten/kota names without their kind word.

    ``"Kabupaten Pasuruan"`` → ``"Pasuruan"``, ``"Kota Batu"`` → ``"Batu"``
    (the form the name takes inside a cooperative's name).
    """
    return names.astype("string").fillna("").str.replace(_DISTRICT_KIND, "", regex=True)


def district_key(district: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split district texts into kind and name key.

    ``"KAB. PASURUAN"`` → (``kabupaten``, ``PASURUAN``); ``"KOTA PASURUAN"`` →
    (``kota``, ``PASURUAN``); ``"Pasuruan"`` → (``<NA>``, ``PASURUAN``).

    Returns
    -------
    tuple of pandas.Series
        ``(kind, key)``; kind is ``<NA>`` when the text does not say.
    """
    c = _clean(district)
    kind = pd.Series(pd.NA, index=district.index, dtype="string")
    kind[c.str.match(r"^(?:KOTA|KOTAMADYA)\b").fillna(False).astype(bool)] = "kota"
    kind[c.str.match(rf"^{_KAB_WORD}\b").fillna(False).astype(bool) & kind.isna()] = (
        "kabupaten"
    )
    name = c.str.replace(rf"^{_KAB_WORD}\s+", "", regex=True)
    name = name.str.replace(_DISTRICT_PREFIX, "", regex=True)
    name = name.str.replace(r"^ADMINISTRASI\s+", "", regex=True)
    return kind, name.str.replace(" ", "", regex=False)
