"""Reading the planners' tables: CSV/XLSX files, encodings, headers, numbers.

The first stage of every intake. :func:`read_table` turns a file (or a
DataFrame) into text columns with canonical names, whatever its shape:

* ``,``/``;``/tab/``|`` separated CSV, UTF-8 (with or without BOM), UTF-16
  with BOM, cp1252 / latin-1;
* XLSX whose header is not on the first row (title rows above it), on any
  sheet;
* extra columns, headings in any case and Indonesian aliases
  (``kecamatan``, ``lintang``).

Numbers stay text until a stage parses them
(:mod:`~kdkmp_analysis.intake.numbers`, re-exported here).

Nothing is lost silently: duplicate headings and several candidate sheets are
errors; headings read as a variant or not recognised, hidden sheets left aside
(:func:`file_notes`), rows cut short, lines in another encoding and formula
cells without a stored value (:func:`row_notes`) are noted. Files over the
limits of ``[intake]`` in ``data/parameter.toml`` (size, unpacked XLSX size,
rows, cell length) are refused before they are read.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params, provenance
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.intake.dates import stated_date
from kdkmp_analysis.intake.numbers import parse_dinas_numbers, parse_numbers

__all__ = [
    "IntakeError",
    "file_notes",
    "parse_dinas_numbers",
    "parse_numbers",
    "read_table",
    "row_notes",
]


class IntakeError(KdkmpError, ValueError):
    """An input file the intake cannot use (empty, unreadable, wrong columns)."""


# ---------------------------------------------------------------------------
# Headings
# ---------------------------------------------------------------------------
def _heading(h: object) -> str:
    """Normalised heading: lower case, runs of non-alphanumerics → ``_``."""
    return re.sub(r"[^0-9a-z]+", "_", str(h).strip().lower()).strip("_")


_REMARK = re.compile(r"[\(\[][^\)\]]*[\)\]]")


def _variant(h: object) -> str:
    """A heading without its bracketed remark: ``NIB (ya/tidak)`` → ``nib``."""
    return _heading(_REMARK.sub(" ", str(h)))


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
        found = {aliases.get(_heading(c), aliases.get(_variant(c))) for c in row}
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


def _unknown_note(text: str, columns: dict[str, tuple[str, ...]]) -> str:
    """``kolom tidak dikenali: 'X', mungkin maksudnya 'Y'`` (the closest heading)."""
    from rapidfuzz import fuzz, process

    shown: dict[str, str] = {}
    for a in (a for aliases in columns.values() for a in aliases):
        if _heading(a) not in shown or a != _heading(a):  # the label, if any
            shown[_heading(a)] = a
    best = process.extractOne(
        _heading(text), list(shown), scorer=fuzz.ratio, score_cutoff=60
    )
    hint = f", mungkin maksudnya {shown[best[0]]!r}" if best else ""
    return f"kolom tidak dikenali: {text!r}{hint} (kolom tidak dibaca)"


def _name_columns(
    df: pd.DataFrame,
    headings: list[str],
    columns: dict[str, tuple[str, ...]],
    label: str,
    report_unknown: bool,
) -> tuple[pd.DataFrame, list[str]]:
    """Canonical names for the positional columns of ``df``; notes on headings.

    A recognisable variant (``NIB (ya/tidak)``) is read and named in a note; an
    unknown heading is named (with the closest known heading) when
    ``report_unknown``; a column without heading is dropped only when empty.
    Two headings read as one column are an error naming both.
    """
    aliases = _alias_map(columns)
    names: list[str] = []
    notes: list[str] = []
    seen: dict[str, list[str]] = {}
    keep: list[int] = []
    for j, h in enumerate(headings):
        text = str(h).strip()
        n = _heading(text)
        if not n:
            filled = bool((df.iloc[:, j].astype(str).str.strip() != "").any())
            if not filled:
                continue
            canon = f"kolom_{j + 1}"
            notes.append(f"kolom ke-{j + 1} tanpa judul berisi data (tidak dibaca)")
        elif n in aliases:
            canon = aliases[n]
        elif _variant(text) in aliases:
            canon = aliases[_variant(text)]
            notes.append(f"kolom {text!r} dibaca sebagai {canon}")
        else:
            canon = n
            if report_unknown:
                notes.append(_unknown_note(text, columns))
        keep.append(j)
        names.append(canon)
        seen.setdefault(canon, []).append(text)
    dup = [
        f"{' dan '.join(map(repr, hs))} sama-sama dibaca sebagai {c}"
        for c, hs in seen.items()
        if len(hs) > 1
    ]
    if dup:
        raise IntakeError(
            f"{label}: judul kolom ganda: {'; '.join(dup)}. Hapus atau ganti nama "
            "salah satunya"
        )
    out = df.iloc[:, keep]
    out.columns = names
    return out, notes


# ---------------------------------------------------------------------------
# Limits (data/parameter.toml [intake]): refused before the file is read
# ---------------------------------------------------------------------------
def _limit(key: str) -> int:
    return int(params.value(f"intake.{key}"))


def _check_rows(n: int, label: str) -> None:
    if n > _limit("batas_baris"):
        raise IntakeError(
            f"{label}: lebih dari {angka(_limit('batas_baris'))} baris ({angka(n)}); "
            "pecah berkas per kabupaten/kota (batas intake.batas_baris)"
        )


def _check_cells(df: pd.DataFrame, label: str) -> None:
    """Refuse a cell longer than ``intake.batas_panjang_sel`` characters."""
    k = _limit("batas_panjang_sel")
    if df.empty:
        return
    long = df.apply(lambda s: s.astype(str).str.len()) > k
    if long.to_numpy().any():
        col = long.any(axis=0).idxmax()
        row = long[col].idxmax()
        raise IntakeError(
            f"{label}: sel kolom {col} baris {row} lebih dari {k} karakter; berkas "
            "ini bukan data koperasi (batas intake.batas_panjang_sel)"
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
    report_unknown: bool = False,
    sheet: str | None = None,
) -> pd.DataFrame:
    """Read a CSV/XLSX file (or DataFrame) as text columns with canonical names.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        The file, or a DataFrame already in memory.
    columns : dict
        Canonical column → accepted heading aliases (compared after
        lower-casing and turning punctuation into ``_``; a bracketed remark
        such as ``(ya/tidak)`` may be added and is reported).
    required : iterable of str
        Canonical columns that must be present.
    what : str
        What the file is, for messages.
    comma_number_cells : bool
        Write the *number* cells of an XLSX file or DataFrame with a decimal
        comma (1.125 → ``"1,125"``, 1250 → ``"1250"``), so that they read
        exactly under the Indonesian rule (``.`` thousands, ``,`` decimal);
        text cells are kept as typed. Default: numbers as Python writes them.
    report_unknown : bool
        Name every heading that is not recognised (with the closest known
        heading) in :func:`file_notes`.
    sheet : str, optional
        The XLSX sheet the template names; read when it is visible and holds
        the columns. Otherwise the only visible sheet holding them is read.

    Returns
    -------
    pandas.DataFrame
        All values as strings (``""`` for empty), canonical headings for the
        known columns, other columns kept under their normalised heading.
        ``attrs``: ``baris_header`` (0-based row of the header),
        ``desimal_koma`` (True for ``;``-separated files), ``encoding``,
        ``baris_kosong``, ``tanggal_dari`` (where the date in
        ``provenance.of(df).file_date`` was found: a date column, a heading
        line or the file's name, :func:`~kdkmp_analysis.intake.dates.stated_date`; ``""`` — and no
        date — when the file states none: its modification time is never
        used) and the notes read by :func:`file_notes` and :func:`row_notes`.

    Raises
    ------
    IntakeError
        Empty file, unreadable encoding, missing required columns (the message
        names them and the columns found), two headings for one column, a
        file that cannot be parsed, several sheets holding the columns (or
        only hidden ones), a file over the limits of ``[intake]`` in
        ``data/parameter.toml`` (size, rows, cell length).
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
        size_mb = path.stat().st_size / 2**20
        if size_mb > _limit("batas_berkas_mb"):
            raise IntakeError(
                f"{what} {name}: berkas {size_mb:.0f} MB, lebih dari batas "
                f"{_limit('batas_berkas_mb')} MB (intake.batas_berkas_mb)"
            )
        raw = path.read_bytes()
        if not raw.strip():
            raise IntakeError(f"{what} {name}: berkas kosong")
        if raw[:4] == b"PK\x03\x04":
            del raw
            df, info = _read_xlsx(
                path, aliases, required, what, comma_number_cells, sheet
            )
        else:
            df, info = _read_csv(raw, name, aliases, required, what)
        info.update(sumber=name)
    label = f"{what} {name}"
    _check_rows(len(df), label)
    df, notes = _name_columns(df, info.pop("judul"), columns, label, report_unknown)
    _check_cells(df, label)
    info["catatan_berkas"] = [*info.get("catatan_berkas", []), *notes]
    row_note = info.setdefault("catatan_baris", {})
    # drop rows that are entirely empty (Excel's trailing blank rows)
    blank = (df.apply(lambda s: s.str.strip()) == "").all(axis=1)
    blank &= ~df.index.isin(list(row_note))
    df = df[~blank]
    info["baris_kosong"] = int(blank.sum())
    if df.empty:
        raise IntakeError(f"{what} {name}: berkas tidak berisi baris data")
    # the date the file states (column, heading line, name), never its mtime
    stated, info["tanggal_dari"] = stated_date(df, info.pop("baris_atas"), name)
    prov = {
        "source": str(info.pop("sumber", "") or ""),
        "file_date": stated,
        "status": str(info.pop("status_data", "") or ""),
    }
    df.attrs.update(info)
    return provenance.tag(df, **prov)


def file_notes(df: pd.DataFrame) -> list[str]:
    """What :func:`read_table` noted about the file as a whole (Indonesian).

    Headings read as a variant or not recognised, sheets left aside, the
    encoding when it is not UTF-8.
    """
    return list(df.attrs.get("catatan_berkas", []))


def row_notes(df: pd.DataFrame) -> pd.Series:
    """What :func:`read_table` noted about each row (``""`` for most rows).

    A row cut short or with too many fields, a line in another encoding,
    formula cells without a stored value.
    """
    notes = df.attrs.get("catatan_baris", {})
    return pd.Series([notes.get(i, "") for i in df.index], index=df.index, dtype=object)


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
    df = source.set_axis(range(len(head)), axis=1)
    if comma_number_cells:
        df = df.map(_comma_text)
    else:
        df = df.astype("string").fillna("").astype(str)
    df.index = pd.RangeIndex(2, len(df) + 2)  # as line numbers under a header
    info = {
        "sumber": name,
        "judul": head,
        "baris_header": 0,
        "desimal_koma": False,
        "encoding": None,
        "baris_atas": [],
        "status_data": (provenance.of(source).status or "impor"),
    }
    return df, info


def _control_chars(text: str) -> bool:
    """Binary content decodes as latin-1 too: too many control characters."""
    head = text[:20000]
    ctrl = sum(1 for ch in head if ord(ch) < 32 and ch not in "\r\n\t")
    return "\x00" in text or ctrl > 0.01 * max(len(head), 1)


def _decode(raw: bytes, name: str) -> tuple[str, str, list[int]]:
    """Bytes → text, trying UTF-8 (BOM), UTF-16 (BOM), cp1252, latin-1.

    A UTF-8 file with a few lines in cp1252 (a row pasted from another file)
    is read as UTF-8 with those lines as cp1252; their 1-based line numbers are
    returned, to be named in the report.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as exc:
            raise IntakeError(f"{name}: berkas UTF-16 rusak ({exc.reason})") from exc
    try:
        text = raw.decode("utf-8-sig")
        if not _control_chars(text):
            return text, "utf-8-sig", []
    except UnicodeDecodeError:
        lines = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        mixed = _utf8_with_foreign_lines(lines)
        if mixed is not None and not _control_chars(mixed[0]):
            return mixed[0], "utf-8", mixed[1]
        for enc in ("cp1252", "latin-1"):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if _control_chars(text):
                break
            return text, enc, []
    raise IntakeError(
        f"{name}: berkas tidak dapat dibaca sebagai teks CSV (encoding tidak "
        "dikenal atau berkas biner). Simpan ulang sebagai CSV UTF-8 atau XLSX."
    )


def _utf8_with_foreign_lines(lines: list[bytes]) -> tuple[str, list[int]] | None:
    """UTF-8 lines (with real UTF-8 characters) and a few that are not."""
    out: list[str] = []
    bad: list[int] = []
    utf8_chars = False
    for i, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
            utf8_chars = utf8_chars or not line.isascii()
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
            bad.append(i)
    if not utf8_chars or len(bad) > 0.5 * len(lines):
        return None  # a cp1252 file as a whole
    return "\n".join(out), bad


def _read_csv(
    raw: bytes,
    name: str,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    _check_rows(raw.count(b"\n"), f"{what} {name}")
    text, enc, foreign = _decode(raw, name)
    if "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends
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
    head, records, notes = _csv_records(text, sep, header_row, f"{what} {name}")
    for line in foreign:
        row = max((r for r in records if r <= line), default=None)
        if row is not None:
            notes[row] = _join(
                notes.get(row, ""),
                "baris ini bukan UTF-8, dibaca sebagai cp1252 (periksa huruf)",
            )
    df = pd.DataFrame(list(records.values()), index=list(records), dtype=str)
    df = df.reindex(columns=range(len(head)), fill_value="")
    file_notes = (
        [f"berkas dibaca sebagai {enc} (bukan UTF-8)"]
        if enc in ("cp1252", "latin-1")
        else []
    )
    return df, {
        "judul": head,
        "baris_atas": lines[:header_row],
        "baris_header": header_row,
        "desimal_koma": sep == ";",
        "encoding": enc,
        "catatan_baris": notes,
        "catatan_berkas": file_notes,
    }


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _csv_records(
    text: str, sep: str, header_row: int, label: str
) -> tuple[list[str], dict[int, list[str]], dict[int, str]]:
    """The header and the records (by 1-based start line), short/long rows noted.

    A record with fewer fields than the header (a file cut mid-row, a row
    that lost its separators) is kept with the missing fields empty; one with
    more fields keeps the header's and names the rest. Both are noted.
    """
    reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True)
    head: list[str] | None = None
    records: dict[int, list[str]] = {}
    notes: dict[int, str] = {}
    line = 0
    try:
        for rec in reader:
            start, line = line + 1, reader.line_num
            if start <= header_row:
                continue
            if head is None:
                head = [str(c) for c in rec]
                continue
            if not rec:
                continue
            records[start] = rec
    except csv.Error as exc:
        raise IntakeError(
            f"{label}: CSV tidak dapat diurai di baris {line + 1}: {exc}"
        ) from exc
    head = head or []
    n = len(head)
    last = max(records, default=0)
    for start, rec in records.items():
        if len(rec) < n:
            cut = (
                "berkas berakhir di tengah baris; "
                if (start == last and not text.endswith("\n"))
                else ""
            )
            notes[start] = (
                f"baris terpotong: {cut}{len(rec)} dari {n} kolom terisi, kolom "
                f"{', '.join(head[len(rec) :])} dibaca kosong"
            )
        elif len(rec) > n and any(v.strip() for v in rec[n:]):
            notes[start] = (
                f"baris berisi {len(rec)} kolom, judul hanya {n}: nilai lebih "
                f"{', '.join(map(repr, rec[n:]))} tidak dibaca"
            )
        records[start] = (rec + [""] * n)[:n]
    return head, records, notes


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


# ---------------------------------------------------------------------------
# XLSX: the zip checked before openpyxl opens it, the sheet chosen
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Sheet:
    name: str
    visible: bool
    member: str


def _open_zip(path: Path, label: str) -> zipfile.ZipFile:
    """The XLSX as a zip whose members, unpacked, fit ``intake.batas_xlsx_mb``."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _unreadable(label, exc) from exc
    total = sum(i.file_size for i in zf.infolist()) / 2**20
    if total > _limit("batas_xlsx_mb"):
        zf.close()
        raise IntakeError(
            f"{label}: isi XLSX {angka(total)} MB setelah dibuka, lebih dari batas "
            f"{_limit('batas_xlsx_mb')} MB (intake.batas_xlsx_mb); berkas ditolak "
            "sebelum dibaca"
        )
    return zf


def _xml(zf: zipfile.ZipFile, member: str, label: str) -> ET.Element:
    data = zf.read(member)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise IntakeError(f"{label}: XLSX berisi deklarasi DOCTYPE/ENTITY, ditolak")
    return ET.fromstring(data)


def _refuse_doctype(zf: zipfile.ZipFile, label: str) -> None:
    """No XML part of the workbook may declare a DTD or entities (XXE, bombs)."""
    for item in zf.infolist():
        if item.filename.endswith((".xml", ".rels")):
            with zf.open(item) as fh:
                head = fh.read(4096)  # a DOCTYPE stands before the root element
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise IntakeError(
                    f"{label}: XLSX berisi deklarasi DOCTYPE/ENTITY di "
                    f"{item.filename}, ditolak"
                )


def _unreadable(label: str, exc: Exception) -> IntakeError:
    """One Indonesian line for an XLSX that a reader could not parse."""
    first = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    detail = f" ({type(exc).__name__}: {first})" if first else ""
    return IntakeError(f"{label}: XLSX tidak dapat dibaca{detail}")


def _workbook_sheets(zf: zipfile.ZipFile, label: str) -> list[_Sheet]:
    """Every sheet of the workbook: name, visible or hidden, its zip member."""
    try:
        book = _xml(zf, "xl/workbook.xml", label)
        rels = _xml(zf, "xl/_rels/workbook.xml.rels", label)
    except (KeyError, ET.ParseError) as exc:
        raise _unreadable(label, exc) from exc
    target = {
        r.get("Id"): str(r.get("Target", ""))
        for r in rels.iter()
        if r.tag.endswith("Relationship")
    }
    out = []
    for el in book.iter():
        if not el.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")
        t = target.get(rid, "")
        member = t.lstrip("/") if t.startswith("/") else f"xl/{t}"
        state = el.get("state", "visible")
        out.append(_Sheet(str(el.get("name")), state == "visible", member))
    return out


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _scan_sheet(zf: zipfile.ZipFile, member: str) -> tuple[int, bool]:
    """Rows written and whether any formula appears, streamed (bounded memory)."""
    rows, formula, tail = 0, False, b""
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            rows += len(_ROW_TAG.findall(buf)) - len(_ROW_TAG.findall(tail))
            formula = formula or bool(_FORMULA_TAG.search(buf))
            tail = buf[-16:]
    return rows, formula


def _formulas_without_value(zf: zipfile.ZipFile, member: str) -> list[str]:
    """Cells (``C17``) holding a formula but no stored value (read empty)."""
    out = []
    with zf.open(member) as fh:
        for _, el in ET.iterparse(fh, events=("end",)):
            if not el.tag.endswith("}c"):
                continue
            kids = {k.tag.rsplit("}", 1)[-1]: k for k in el}
            if "f" in kids and not (kids.get("v") is not None and kids["v"].text):
                out.append(str(el.get("r", "")))
            el.clear()
    return out


def _candidate_sheets(
    path: Path,
    sheets: list[_Sheet],
    aliases: dict[str, str],
    required: tuple[str, ...],
    dtype: Any,
) -> tuple[dict[str, int], list[str]]:
    """The sheets whose first 30 rows hold the header (name → header row)."""
    heads = pd.read_excel(
        path, sheet_name=[s.name for s in sheets], header=None, nrows=30, dtype=dtype
    )
    found: dict[str, int] = {}
    first: list[str] = []
    for s in sheets:
        rows = heads[s.name].map(_comma_text).values.tolist()
        i = _find_header(rows, aliases, required)
        if i is not None:
            found[s.name] = i
        elif not first and s.visible:
            first = next((r for r in rows if any(c.strip() for c in r)), [])
    return found, first


def _choose_sheet(
    sheets: list[_Sheet], found: dict[str, int], wanted: str | None, label: str
) -> tuple[_Sheet, list[str]]:
    """The template's visible sheet, else the only visible candidate; notes."""
    visible = [s for s in sheets if s.visible and s.name in found]
    hidden = [s.name for s in sheets if not s.visible and s.name in found]
    named = [s for s in visible if s.name == wanted]
    if named:
        chosen = named[0]
    elif len(visible) == 1:
        chosen = visible[0]
    elif visible:
        raise IntakeError(
            f"{label}: lebih dari satu lembar berisi kolom yang dicari: "
            f"{', '.join(repr(s.name) for s in visible)}; sisakan satu lembar"
            + (f" atau pakai lembar {wanted!r} templat" if wanted else "")
        )
    else:
        raise IntakeError(
            f"{label}: kolom yang dicari hanya ada di lembar tersembunyi "
            f"{', '.join(map(repr, hidden))}; tampilkan lembar itu (Unhide) bila "
            "memang datanya"
        )
    notes = [
        f"lembar {s.name!r} juga berisi kolom yang dicari, tidak dibaca (dibaca "
        f"lembar {chosen.name!r})"
        for s in visible
        if s is not chosen
    ] + [f"lembar tersembunyi {h!r} tidak dibaca" for h in hidden]
    return chosen, notes


def _read_xlsx(
    path: Path,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
    comma_number_cells: bool = False,
    sheet: str | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    label = f"{what} {path.name}"
    dtype = object if comma_number_cells else str
    with _open_zip(path, label) as zf:
        _refuse_doctype(zf, label)
        sheets = _workbook_sheets(zf, label)
        try:
            found, first = _candidate_sheets(path, sheets, aliases, required, dtype)
        except Exception as exc:
            raise _unreadable(label, exc) from exc
        if not found:
            raise _missing_columns_error(label, required, first, aliases)
        chosen, notes = _choose_sheet(sheets, found, sheet, label)
        n_rows, has_formula = _scan_sheet(zf, chosen.member)
        _check_rows(n_rows, label)
        empty_formulas = (
            _formulas_without_value(zf, chosen.member) if has_formula else []
        )
    try:
        raw = pd.read_excel(path, sheet_name=chosen.name, header=None, dtype=dtype)
    except Exception as exc:
        raise _unreadable(label, exc) from exc
    raw = raw.map(_comma_text) if comma_number_cells else raw.fillna("")
    i = found[chosen.name]
    header = [str(c).strip() for c in raw.iloc[i]]
    df = raw.iloc[i + 1 :].astype(str)
    df.columns = range(len(header))
    df = df.apply(
        lambda s: (
            s.str.replace(r"\.0$", "", regex=True)
            if s.str.fullmatch(r"-?\d+\.0").any()
            else s
        )
    )
    df.index = df.index + 1  # 1-based Excel row numbers
    above = [" ".join(str(c) for c in raw.iloc[k] if str(c).strip()) for k in range(i)]
    return df, {
        "judul": header,
        "baris_atas": above,
        "baris_header": int(i),
        "desimal_koma": False,
        "encoding": "xlsx",
        "catatan_berkas": notes,
        "catatan_baris": _formula_notes(empty_formulas, i + 1),
    }


def _formula_notes(cells: list[str], header_row: int) -> dict[int, str]:
    """Per Excel row: the formula cells read empty (no stored value)."""
    by_row: dict[int, list[str]] = {}
    for ref in cells:
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        if m and int(m.group(2)) > header_row:
            by_row.setdefault(int(m.group(2)), []).append(ref)
    return {
        r: f"sel {', '.join(c)} berisi rumus tanpa nilai tersimpan (dibaca kosong; "
        "buka dan simpan ulang di Excel)"
        for r, c in by_row.items()
    }
