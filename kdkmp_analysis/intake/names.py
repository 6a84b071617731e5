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

import functools
import re

import numpy as np
import pandas as pd
from rapidfuzz.fuzz import ratio as _ratio

from kdkmp_analysis import params

__all__ = [
    "KIND_WORDS",
    "LOCAL_WORDS",
    "SPELLING_VARIANTS",
    "district_key",
    "district_name",
    "drop_local_word",
    "key",
    "keys_of",
    "kind_mentioned",
    "name_forms",
    "name_keys",
    "name_variants",
    "normal_key",
    "strip_cooperative",
]

#: Words that name the kind of a village in a cooperative's name.
KIND_WORDS = {"DESA": "desa", "KELURAHAN": "kelurahan", "KEL": "kelurahan"}

#: The local words for a desa written before its name, with where they are used.
#: They are dropped only as the *first* word, and only as a further variant:
#: a name that is an official name with the word (``Kampung Baru``, ``Negeri
#: Lama``) matches that name first (:func:`name_forms`). *Jorong* (a part of a
#: nagari) and *dusun* (a part of a desa; also in official names such as
#: ``Dusun Tangah``) are not on the list: a row naming one is not a desa.
LOCAL_WORDS: dict[str, str] = {
    "DESA": "umum",
    "DS": "umum (singkatan)",
    "KELURAHAN": "umum",
    "KEL": "umum (singkatan)",
    "NAGARI": "Sumatera Barat",
    "NAGORI": "Simalungun (Sumatera Utara)",
    "GAMPONG": "Aceh",
    "GP": "Aceh (singkatan gampong)",
    "KAMPUNG": "Papua, Kalimantan Timur/Utara, Riau, Lampung (Tulang Bawang, Way Kanan)",
    "KAMPONG": "Aceh (ejaan lain)",
    "PEKON": "Lampung (Lampung Barat, Tanggamus, Pringsewu, Pesisir Barat)",
    "TIYUH": "Lampung (Tulang Bawang Barat)",
    "LEMBANG": "Tana Toraja, Toraja Utara (Sulawesi Selatan)",
    "NEGERI": "Maluku",
    "OHOI": "Maluku Tenggara",
    "KALURAHAN": "DI Yogyakarta",
}

#: Regional spellings of one word, written to one form on *both* sides (the
#: file's names and the official names) before a second exact comparison and
#: the fuzzy scores (:func:`normal_key`). Minangkabau forms (``koto`` for
#: *kota*, ``-uang``/``-uak`` for *-ung*/*-uk*), Acehnese abbreviations, the
#: old spelling ``sungei``. A word split or joined (``DI BAWAH``/``Dibawah``)
#: needs no entry: keys have no spaces.
SPELLING_VARIANTS: dict[str, str] = {
    "KOTA": "KOTO",
    "SUNGEI": "SUNGAI",
    "SUNGE": "SUNGAI",
    "SEI": "SUNGAI",
    "SG": "SUNGAI",
    "LUBUAK": "LUBUK",
    "TANJUANG": "TANJUNG",
    "TANJONG": "TANJUNG",
    "GUNUANG": "GUNUNG",
    "KAMPUANG": "KAMPUNG",
    "KAMPONG": "KAMPUNG",
    "KP": "KAMPUNG",
    "BUKIK": "BUKIT",
    "AIA": "AIR",
    "AIE": "AIR",
    "TANGAH": "TENGAH",
    "AMPEK": "EMPAT",
    "TIGO": "TIGA",
    "DUO": "DUA",
    "LIMO": "LIMA",
    "MNS": "MEUNASAH",
}

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
_PROVINCE_LAST_WORDS = {p.split()[-1] for p in _PROVINCES.split("|")}
_PUNCT = re.compile(r"[^A-Z0-9]+")
_SPACES = re.compile(r"\s+")
# "KOPERASI [DESA|KELURAHAN|DESA/KELURAHAN] MERAH PUTIH", "KOPDES", "KDMP" …
# … optionally followed by SYARIAH (Aceh: "KOPERASI DESA MERAH PUTIH SYARIAH")
_COOP = re.compile(
    r"^(?:(?:KOPERASI|KOPERSI|KOPRASI|KOP)\s+"
    r"(?:(?:DESA\s+KELURAHAN|DESA|KELURAHAN|KEL|DES)\s+)?"
    r"(?:MERAH\s+PUTIH|MERAHPUTIH)?|KOPDES(?:\s+MERAH\s+PUTIH)?|KDKMP|KDMP|KKMP)\s*"
    r"(?:SYARIAH\b\s*)?"
)
_LEADING_KIND = re.compile(r"^(?:(?:DESA|DS|KELURAHAN|KEL|MERAH\s+PUTIH)\s+)+")
# the same, keeping DESA/KELURAHAN (official names such as "Desa Baru")
_LEADING_MP = re.compile(r"^(?:MERAH\s+PUTIH\s+)+")
# Typos of KABUPATEN seen in real exports (KEBUPATEN, KABUPATN, KAB …).
_KAB_WORD = r"(?:K[AE]B[UO]?P[AE]?T[AE]?N|KAB|KOTA|KOTAMADYA)"
# DISTRIK: the kecamatan of Papua ("KAMPUNG X DISTRIK Y")
_KEC_WORD = r"(?:KECAMATAN|KEC|KECEMATAN|KECAMATN|KCAMATAN|DISTRIK)"
_TRAIL_KEC = re.compile(rf"\s+{_KEC_WORD}\b.*$")
_TRAIL_KAB = re.compile(rf"\s+{_KAB_WORD}\b.*$")
# without KOTA: "NAGARI KOTA BARU" is a name, not "NAGARI" of a kota
_TRAIL_KAB_ONLY = re.compile(r"\s+(?:K[AE]B[UO]?P[AE]?T[AE]?N|KAB)\b.*$")
# "GAMPONG LAMME SYARIAH": the cooperative's SYARIAH written after the name
_TRAIL_SYARIAH = re.compile(r"\s+SYARIAH$")
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

    Drops the ``KOPERASI DESA/KELURAHAN MERAH PUTIH [SYARIAH]`` prefix (also
    when written twice) and a ``SYARIAH`` written after the name, repeated
    ``DESA``/``KELURAHAN`` words, a trailing ``KECAMATAN …`` (or Papua's
    ``DISTRIK …``), ``KABUPATEN …``
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
    return _strip(names, _LEADING_KIND, _TRAIL_KAB)


def _strip(
    names: pd.Series, leading: re.Pattern[str], trail_kab: re.Pattern[str]
) -> pd.Series:
    """:func:`strip_cooperative` with the leading and kabupaten tail patterns given."""
    trail_prov = _TRAIL_PROV
    s = _clean(names)
    # twice: some names carry the prefix twice ("… SYARIAH KOPERASI DESA …")
    s = s.str.replace(_COOP, "", regex=True).str.replace(_COOP, "", regex=True)
    s = s.str.replace(leading, "", regex=True)
    s = s.str.replace(trail_prov, "", regex=True)
    s = s.str.replace(_TRAIL_KEC, "", regex=True)
    s = s.str.replace(trail_kab, "", regex=True)
    s = s.str.replace(trail_prov, "", regex=True)
    s = s.str.replace(_TRAIL_SYARIAH, "", regex=True)
    return s.str.replace(leading, "", regex=True).str.strip()


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


def drop_local_word(text: str) -> list[str]:
    """The name without its leading local words, one word at a time.

    ``"NAGARI KOTO BARU"`` → ``["KOTO BARU"]``; ``"GAMPONG KAMPONG BARO"`` →
    ``["KAMPONG BARO", "BARO"]``; a name that is only a local word, or does not
    start with one, → ``[]``.
    """
    words = text.split()
    out = []
    while len(words) > 1 and words[0] in LOCAL_WORDS:
        words = words[1:]
        out.append(" ".join(words))
    return out


@functools.lru_cache(maxsize=65536)
def _drop_tail(text: str, place: str, fuzzy: float | None) -> str:
    """``text`` without a trailing ``place`` name (spaced, joined or misspelt).

    The last one to four words are compared with the place's key: equal keys
    (``TANAH DATAR``/``TANAHDATAR``), or when ``fuzzy`` (a threshold,
    ``intake.batas_mirip``) a ratio of at least that for a place key of six
    letters or more (``DHARMSRAYA`` for *Dharmasraya*; the first letter must
    agree). Something must remain.
    """
    place_key = place.replace(" ", "")
    words = text.split()
    if not place_key or len(words) < 2:
        return text
    best, cut = -1.0, 0
    for k in range(1, min(4, len(words) - 1) + 1):
        tail = "".join(words[-k:])
        if tail == place_key:
            return " ".join(words[:-k])
        if fuzzy is not None and len(place_key) >= 6 and tail[0] == place_key[0]:
            r = _ratio(tail, place_key)
            if r > best:
                best, cut = r, k
    if cut and fuzzy is not None and best >= fuzzy:
        return " ".join(words[:-cut])
    return text


def _row_variants(texts: list[str], kab: str, kec: str, limit: float) -> list[str]:
    """Spaced variants of one row's stripped names, most faithful first."""
    out: list[str] = []

    def add(t: str) -> None:
        if t and t not in out:
            out.append(t)

    for text in texts:
        starts = [text, *drop_local_word(text)]
        for t in starts:
            add(t)
        for t in starts:
            a = _drop_tail(t, kab, limit)
            b = _drop_tail(a, kec, None)
            for v in (a, b, _drop_tail(b, kab, limit)):
                add(v)
                for w in drop_local_word(v):
                    add(w)
    return out or [""]


def _bases(names: pd.Series) -> list[list[str]]:
    """Per row, the distinct stripped names the forms start from, in order.

    DESA/KELURAHAN are kept (dropped later as a local word, after ``Desa
    Baru`` failed); a ``KOTA`` tail and a province name are kept in the first
    ones (``NAGARI KOTA BARU``, ``NEUSU ACEH`` before ``… KOTA PASURUAN``,
    ``… JAWA TIMUR``).
    """
    return [_row_bases(c) for c in _clean(names).tolist()]


def _sub(pattern: re.Pattern[str], text: str, hint: tuple[str, ...]) -> str:
    """``pattern.sub("", text)``, skipped when no ``hint`` is in ``text`` (speed)."""
    return pattern.sub("", text) if any(h in text for h in hint) else text


_KEC_HINT = (" KEC", " KCA", " DISTRIK")
_KAB_HINT = (" KAB", " KEB")
_KOTA_HINT = (*_KAB_HINT, " KOTA")


def _row_bases(c: str) -> list[str]:
    c = _COOP.sub("", c)
    if c.startswith(("KOP", "KD", "KK")):
        c = _COOP.sub("", c)
    c = _LEADING_MP.sub("", c) if c.startswith("MERAH") else c
    # the province alternation is costly: tried only when the last word fits
    has_prov = c.rsplit(" ", 1)[-1] in _PROVINCE_LAST_WORDS
    keep = _sub(_TRAIL_KEC, c, _KEC_HINT)
    cut = _sub(_TRAIL_KEC, _TRAIL_PROV.sub("", c), _KEC_HINT) if has_prov else keep
    forms = [_sub(_TRAIL_KAB_ONLY, keep, _KAB_HINT)]
    for kab, hint in ((_TRAIL_KAB_ONLY, _KAB_HINT), (_TRAIL_KAB, _KOTA_HINT)):
        t = _sub(kab, cut, hint)
        last = t.rsplit(" ", 1)[-1] in _PROVINCE_LAST_WORDS
        forms.append(_TRAIL_PROV.sub("", t) if last else t)
    out = []
    for t in forms:
        if t.endswith(" SYARIAH"):
            t = _TRAIL_SYARIAH.sub("", t)
        if t.startswith("MERAH"):
            t = _LEADING_MP.sub("", t)
        out.append(t.strip())
    return list(dict.fromkeys(out))


def _form_rows(
    names: pd.Series, kecamatan: pd.Series, kabupaten: pd.Series, cooperative: bool
) -> list[list[str]]:
    if not cooperative:
        return [[t, *drop_local_word(t)] for t in _clean(names)]
    limit = float(params.value("intake.batas_mirip"))
    kab = _clean(kabupaten).tolist()
    kec = _clean(kecamatan).tolist()
    return [
        _row_variants(ts, a, b, limit)
        for ts, a, b in zip(_bases(names), kab, kec, strict=True)
    ]


def name_keys(
    names: pd.Series,
    kecamatan: pd.Series,
    kabupaten: pd.Series,
    *,
    cooperative: bool = True,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The keys of :func:`name_forms`: as written, and with regional spellings
    unified (:func:`normal_key`); the same shapes, computed row by row."""
    rows = _form_rows(names, kecamatan, kabupaten, cooperative)
    width = max((len(v) for v in rows), default=1)
    keys = [np.empty(len(rows), dtype=object) for _ in range(width)]
    norms = [np.empty(len(rows), dtype=object) for _ in range(width)]
    for r, forms in enumerate(rows):
        for i in range(width):
            f = forms[i] if i < len(forms) else forms[0]
            keys[i][r] = f.replace(" ", "")
            norms[i][r] = "".join(SPELLING_VARIANTS.get(w, w) for w in f.split())
    return keys, norms


def name_forms(
    names: pd.Series,
    kecamatan: pd.Series,
    kabupaten: pd.Series,
    *,
    cooperative: bool = True,
) -> list[pd.Series]:
    """Every form a name may stand for, most faithful first.

    From the stripped name (:func:`strip_cooperative`, or the cleaned name when
    ``cooperative`` is False): the name itself; without its leading local word
    (:data:`LOCAL_WORDS`: ``NAGARI``, ``GAMPONG``, ``PEKON`` …); without a
    trailing kabupaten name written without ``KABUPATEN`` (spaced, joined or
    misspelt: ``TANAH DATAR``, ``TANAHDATAR``, ``DHARMSRAYA``); without a
    trailing kecamatan name (equal key only); and the combinations. The
    matcher takes the first form that equals an official name, so an
    official ``Kampung Baru`` is found before ``Baru`` and ``Lubuk Gadang
    Selatan`` before ``Lubuk Gadang``.

    Parameters
    ----------
    names : pandas.Series
        Raw cooperative or village names.
    kecamatan, kabupaten : pandas.Series
        The kecamatan and the kabupaten name (without its kind word) of each
        row (``""`` if unknown).
    cooperative : bool
        Strip cooperative prefixes and place tails (True), or only clean the
        name and drop a leading local word (village names).

    Returns
    -------
    list of pandas.Series
        Upper-case spaced forms (turn them into keys with :func:`key` or
        :func:`normal_key`), all of the same length and index; a row with
        fewer variants repeats its first one.
    """
    rows = _form_rows(names, kecamatan, kabupaten, cooperative)
    width = max((len(v) for v in rows), default=1)
    return [
        pd.Series(
            [v[i] if i < len(v) else v[0] for v in rows],
            index=names.index,
            dtype="string",
        )
        for i in range(width)
    ]


def normal_key(s: pd.Series) -> pd.Series:
    """The key with regional spellings written one way (:data:`SPELLING_VARIANTS`).

    ``"Koto Nan Ampek Di Bawah"`` and ``"KOTA NAN EMPAT DIBAWAH"`` both give
    ``KOTONANEMPATDIBAWAH``; applied to the official names too. The words of
    the spaced name are looked up one by one (so give names, not keys).
    """
    return keys_of(s)[1]


def keys_of(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """:func:`key` and :func:`normal_key` of names, cleaned once."""
    clean = _clean(s)
    norm = [
        "".join(SPELLING_VARIANTS.get(w, w) for w in t.split()) for t in clean.tolist()
    ]
    return (
        clean.str.replace(" ", "", regex=False),
        pd.Series(norm, index=s.index, dtype="string"),
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
