"""Reading the planners' tables: CSV/XLSX files, encodings, headers, numbers.

The first stage of every intake. :func:`read_table` turns a file (or a
DataFrame) into text columns with canonical names, whatever its shape:

* ``,``/``;``/tab/``|`` separated CSV, UTF-8 (with or without BOM), UTF-16
  with BOM, cp1252 / latin-1;
* XLSX whose header is not on the first row (title rows above it), on any
  sheet;
* extra columns, headings in any case and Indonesian aliases
  (``kecamatan``, ``lintang``).

Numbers stay text until a stage parses them: :func:`parse_numbers` for
SIMKOPDES exports (Indonesian or English notation, as the file writes it) and
:func:`parse_dinas_numbers` for the Dinas spreadsheet (the Indonesian rule,
with ranges and ambiguous cells reported, never guessed).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import provenance
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "IntakeError",
    "parse_dinas_numbers",
    "parse_numbers",
    "read_table",
]


class IntakeError(KdkmpError, ValueError):
    """An input file the intake cannot use (empty, unreadable, wrong columns)."""


# ---------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------
def _heading(h: object) -> str:
    """Normalised heading: lower case, runs of non-alphanumerics → ``_``."""
    return re.sub(r"[^0-9a-z]+", "_", str(h).strip().lower()).strip("_")


def _alias_map(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canon, aliases in columns.items():
        for a in aliases:
            out.setdefault(_heading(a), canon)
    return out


def _find_header(
    rows: Iterable[list[str]], aliases: dict[str, str], required: Iterable[str]
) -> int | None:
    need = set(required)
    for i, row in enumerate(rows):
        found = {aliases.get(_heading(c)) for c in row}
        if need <= found:
            return i
    return None


def _missing_columns_error(
    name: str, required: Iterable[str], first: list[str], aliases: dict[str, str]
) -> IntakeError:
    found = [str(c) for c in first if str(c).strip()]
    have = {aliases.get(_heading(c)) for c in found}
    missing = [c for c in required if c not in have]
    return IntakeError(
        f"{name}: kolom wajib tidak ada: {', '.join(missing)}. "
        f"Kolom yang ditemukan: {', '.join(found) if found else '(tidak ada)'}"
    )


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------
def read_table(
    source: str | Path | pd.DataFrame,
    columns: dict[str, tuple[str, ...]],
    required: Iterable[str],
    *,
    what: str = "berkas",
    comma_number_cells: bool = False,
) -> pd.DataFrame:
    """Read a CSV/XLSX file (or DataFrame) as text columns with canonical names.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        The file, or a DataFrame already in memory.
    columns : dict
        Canonical column → accepted heading aliases (compared after
        lower-casing and turning punctuation into ``_``).
    required : iterable of str
        Canonical columns that must be present.
    what : str
        What the file is, for messages.
    comma_number_cells : bool
        Write the *number* cells of an XLSX file or DataFrame with a decimal
        comma (1.125 → ``"1,125"``, 1250 → ``"1250"``), so that they read
        exactly under the Indonesian rule (``.`` thousands, ``,`` decimal);
        text cells are kept as typed. Default: numbers as Python writes them.

    Returns
    -------
    pandas.DataFrame
        All values as strings (``""`` for empty), canonical headings for the
        known columns, other columns kept under their normalised heading.
        ``attrs``: ``sumber`` (file name), ``baris_header`` (0-based row of
        the header), ``desimal_koma`` (True for ``;``-separated files),
        ``encoding``, ``tanggal_berkas`` (modification date or None).

    Raises
    ------
    IntakeError
        Empty file, unreadable encoding, missing required columns (the message
        names them and the columns found), a file that cannot be parsed.
    FileNotFoundError
        When the path does not exist.
    """
    aliases = _alias_map(columns)
    required = tuple(required)
    if isinstance(source, pd.DataFrame):
        df, info = _read_frame(source, aliases, required, what, comma_number_cells)
        name = info["sumber"]
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"berkas tidak ditemukan: {path}")
        name = path.name
        raw = path.read_bytes()
        if not raw.strip():
            raise IntakeError(f"{what} {name}: berkas kosong")
        mtime = _dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
        if raw[:4] == b"PK\x03\x04":
            df, info = _read_xlsx(path, aliases, required, what, comma_number_cells)
        else:
            df, info = _read_csv(raw, name, aliases, required, what)
        info.update(sumber=name, tanggal_berkas=mtime)
    df = df.rename(columns=lambda c: aliases.get(_heading(c), _heading(c) or "kolom"))
    df = df.loc[:, ~pd.Index(df.columns).duplicated()]
    # drop rows that are entirely empty (Excel's trailing blank rows)
    blank = (df.apply(lambda s: s.str.strip()) == "").all(axis=1)
    df = df[~blank]
    info["baris_kosong"] = int(blank.sum())
    if df.empty:
        raise IntakeError(f"{what} {name}: berkas tidak berisi baris data")
    prov = {
        "source": str(info.pop("sumber", "") or ""),
        "file_date": str(info.pop("tanggal_berkas", "") or ""),
        "status": str(info.pop("status_data", "") or ""),
    }
    df.attrs.update(info)
    return provenance.tag(df, **prov)


def _read_frame(
    source: pd.DataFrame,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
    comma_number_cells: bool,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A DataFrame already in memory, as text under line numbers (2, 3, …)."""
    name = provenance.of(source).source or "DataFrame"
    if source.empty and len(source.columns) == 0:
        raise IntakeError(f"{what} {name}: tabel kosong")
    head = [str(c) for c in source.columns]
    if _find_header([head], aliases, required) is None:
        raise _missing_columns_error(name, required, head, aliases)
    if comma_number_cells:
        df = source.map(_comma_text)
    else:
        df = source.astype("string").fillna("").astype(str)
    df.columns = head
    df.index = pd.RangeIndex(2, len(df) + 2)  # as line numbers under a header
    info = {
        "sumber": name,
        "baris_header": 0,
        "desimal_koma": False,
        "encoding": None,
        "tanggal_berkas": None,
        "status_data": (provenance.of(source).status or "impor"),
    }
    return df, info


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """Bytes → text, trying UTF-8 (BOM), UTF-16 (BOM), cp1252, latin-1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IntakeError(f"{name}: berkas UTF-16 rusak ({exc.reason})") from exc
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        # Binary content decodes as latin-1 too: reject control characters.
        ctrl = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
        if "\x00" in text or ctrl > 0.01 * max(len(text[:20000]), 1):
            break
        return text, enc
    raise IntakeError(
        f"{name}: berkas tidak dapat dibaca sebagai teks CSV (encoding tidak "
        "dikenal atau berkas biner). Simpan ulang sebagai CSV UTF-8 atau XLSX."
    )


def _read_csv(
    raw: bytes,
    name: str,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    text, enc = _decode(raw, name)
    lines = text.splitlines()[:30]
    header_row, sep = None, ","
    for delim in (",", ";", "\t", "|"):
        rows = list(csv.reader(lines, delimiter=delim))
        i = _find_header(rows, aliases, required)
        if i is not None and (header_row is None or i < header_row):
            header_row, sep = i, delim
    if header_row is None:
        first = next((ln for ln in lines if ln.strip()), "")
        delim = max((",", ";", "\t", "|"), key=first.count)
        raise _missing_columns_error(
            f"{what} {name}",
            required,
            next(csv.reader([first], delimiter=delim)),
            aliases,
        )
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            skiprows=header_row,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise IntakeError(f"{what} {name}: CSV tidak dapat diurai: {exc}") from exc
    df.columns = [str(c) for c in df.columns]
    df.index = df.index + header_row + 2  # 1-based line numbers in the file
    return df, {"baris_header": header_row, "desimal_koma": sep == ";", "encoding": enc}


def _comma_text(v: object) -> str:
    """A cell as text; numbers with a decimal comma (1.125 → ``"1,125"``)."""
    if v is None or (
        not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v)
    ):
        return ""
    if isinstance(v, bool | np.bool_) or not isinstance(v, int | float | np.number):
        return str(v)
    f = float(v)
    if np.isfinite(f) and f == int(f) and abs(f) < 2**53:
        return str(int(f))
    return repr(f).replace(".", ",")


def _read_xlsx(
    path: Path,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
    comma_number_cells: bool = False,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    try:
        sheets = pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            dtype=object if comma_number_cells else str,
            nrows=None,
        )
    except Exception as exc:
        raise IntakeError(
            f"{what} {path.name}: XLSX tidak dapat dibaca: {exc}"
        ) from exc
    first_rows: list[str] = []
    for _sheet, raw in sheets.items():
        raw = raw.map(_comma_text) if comma_number_cells else raw.fillna("")
        rows = raw.head(30).astype(str).values.tolist()
        i = _find_header(rows, aliases, required)
        if i is None:
            if not first_rows and rows:
                first_rows = next((r for r in rows if any(c.strip() for c in r)), [])
            continue
        header = [str(c).strip() for c in raw.iloc[i]]
        df = raw.iloc[i + 1 :].astype(str)
        df.columns = [h or f"kolom_{j + 1}" for j, h in enumerate(header)]
        df = df.loc[:, [bool(h) for h in header] or slice(None)]
        df = df.apply(
            lambda s: (
                s.str.replace(r"\.0$", "", regex=True)
                if s.str.fullmatch(r"-?\d+\.0").any()
                else s
            )
        )
        df.index = df.index + 1  # 1-based Excel row numbers
        return df, {"baris_header": int(i), "desimal_koma": False, "encoding": "xlsx"}
    raise _missing_columns_error(f"{what} {path.name}", required, first_rows, aliases)


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------
_NUM_OK = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_numbers(
    values: pd.Series, decimal_comma: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Indonesian or the English way.

    ``"-7,657"`` → −7.657; ``"1.234.567"`` → 1234567 when ``decimal_comma``
    (a ``;``-separated file); ``"1,234.5"`` → 1234.5; ``"−7.6"`` (Unicode
    minus) → −7.6.

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
    s = values.astype("string").fillna("").str.strip()
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
    s = values.astype("string").fillna("").str.strip()
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
