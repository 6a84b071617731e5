"""The one HTML page skeleton, HTML table, workbook sheet writer and file writer.

Every page the package writes for planners (match report, forum lists,
briefings, the build index) is :func:`page`; every table on them is
:func:`html_table`; every workbook sheet (match report, forum workbook) is
:func:`write_sheet`. They sit at the bottom of the data's path (beside
:mod:`kdkmp_analysis._format`) so that intake and hand-outs share them without
importing each other.

Every file is written whole or not at all (:func:`atomic`: a temporary file
in the same folder, renamed into place), so an interruption or a full disk
never leaves a half-written file that looks complete; :func:`output_dir` and
:func:`output_file` check where a command may write (never a system folder).

Pages are self-contained: inline CSS, no script, font or image from
elsewhere; every text is HTML-escaped here, so callers pass plain text (or
HTML they built from escaped parts as ``body``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from kdkmp_analysis._format import sel
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "CSS",
    "SHEET_ROWS",
    "FORMULA_START",
    "SYSTEM_FOLDERS",
    "atomic",
    "describe_os_error",
    "fetch_part",
    "html_table",
    "mark_files",
    "neutralise",
    "open_workbook",
    "output_dir",
    "output_file",
    "page",
    "restore",
    "runs_as_formula",
    "sha256_file",
    "write_csv",
    "write_sheet",
    "write_text",
]

#: A cell text that a spreadsheet would run as a formula starts with one of
#: these (OWASP's CSV-injection rule).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: The stylesheet of every page (inline; no external reference).
CSS = """
body{font-family:system-ui,sans-serif;max-width:72em;margin:1.5em auto;padding:0 1em;color:#222}
h1{color:#b30000;margin-bottom:.2em} h2{border-bottom:2px solid #b30000;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0 1.2em;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3;position:sticky;top:0} td.n{text-align:right}
.catatan{background:#fff4e5;border-left:4px solid #e69500;padding:.5em .8em}
.catatan.ilustrasi{background:#ffe5e5;border-left-color:#b30000}
nav a{margin-right:1em}
pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap}
iframe{width:100%;height:480px;border:1px solid #ccc}
footer{margin-top:2em;font-size:.85em;color:#555}
"""


def page(
    title: str,
    body: str,
    *,
    note: str | None = None,
    note_class: str = "catatan",
    sources: Iterable[str] = (),
    heading: str | None = None,
) -> str:
    """A complete, self-contained HTML page in the house style.

    Parameters
    ----------
    title : str
        Plain text for ``<title>`` (escaped here).
    body : str
        HTML of the page's content, built from escaped parts.
    note : str, optional
        Plain-text data note shown under the heading (e.g. *DATA ILUSTRASI*).
    note_class : str
        CSS class of the note box (``"catatan"`` or ``"catatan ilustrasi"``).
    sources : iterable of str
        Plain-text source lines for the footer (*Sumber data*).
    heading : str, optional
        Plain text of the ``<h1>``; default ``title``.

    Returns
    -------
    str
        The page, ``<!DOCTYPE html>`` to ``</html>``, ``lang="id"``.
    """
    esc = html.escape
    parts = [
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(heading if heading is not None else title)}</h1>",
    ]
    if note:
        parts.append(f'<p class="{esc(note_class)}">{esc(note)}</p>')
    parts.append(body)
    src = "".join(f"<li>{mark_files(esc(s))}</li>" for s in sources if s)
    if src:
        parts.append(f"<footer><strong>Sumber data</strong><ul>{src}</ul></footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


#: A file name in a source line (``kopdes_locations_3514.csv``, ``data/x.toml``).
_FILE = re.compile(r"[\w.-]+(?:/[\w.-]+)*\.(?:csv|xlsx|xls|toml|sql|json|geojson|zip)")


def mark_files(text: str) -> str:
    """File names in an escaped text line shown as ``<code>`` (not as prose).

    A source line names the file it read (an imported SIMKOPDES export, a
    Dinas workbook); the name is shown as a file name, in code type, and
    addresses (``https://…``) are left whole.

    >>> mark_files("ekspor kopdes_locations_3514.csv, https://a.b/c.csv")
    'ekspor <code>kopdes_locations_3514.csv</code>, https://a.b/c.csv'
    """

    def one(token: str) -> str:
        if "://" in token or token.startswith("www."):
            return token
        return _FILE.sub(lambda m: f"<code>{m.group(0)}</code>", token)

    return " ".join(one(t) for t in text.split(" "))


def html_table(df: pd.DataFrame, *, numbers: bool = True) -> str:
    """A table as escaped HTML, Indonesian numbers right-aligned.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns are the headings as shown (labels, not keys); the index is
        not shown.
    numbers : bool
        Format cells with :func:`kdkmp_analysis._format.sel` (``1.234``,
        ``2,5``, ``ya``/``tidak``, ``–`` for unknown); ``False`` shows the
        text as it is (empty for unknown).

    Returns
    -------
    str
    """
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in df.columns)
    rows = []
    for values in df.itertuples(index=False, name=None):
        cells = []
        for v in values:
            numeric = isinstance(v, int | float) and not isinstance(v, bool)
            cls = ' class="n"' if numeric else ""
            text = sel(v) if numbers else ("" if _missing(v) else str(v))
            cells.append(f"<td{cls}>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _missing(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _number_kind(values: pd.Series) -> str | None:
    """``"int"``/``"float"`` for a column of numbers only (booleans are not), else None."""
    seen = [v for v in values if not _missing(v)]
    if not seen or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in seen
    ):
        return None
    whole = all(float(v).is_integer() for v in seen)
    return "int" if whole else "float"


#: Rows one worksheet holds (Excel's limit).
SHEET_ROWS = 1_048_576


def _write_in_parts(
    writer: pd.ExcelWriter, name: str, df: pd.DataFrame, **opts: Any
) -> None:
    """A table longer than a sheet, over ``name (1)``, ``name (2)``, …"""
    step = SHEET_ROWS - 2  # room for a title and the heading row
    parts = range(0, len(df), step)
    title = opts.pop("title") or name
    for k, start in enumerate(parts, 1):
        chunk = df.iloc[start : start + step]
        write_sheet(
            writer,
            f"{name[:25]} ({k})",
            chunk,
            title=f"{title} — bagian {k} dari {len(parts)} (baris {start + 1}–"
            f"{start + len(chunk)} dari {len(df)})",
            **opts,
        )


def write_sheet(
    writer: pd.ExcelWriter,
    name: str,
    df: pd.DataFrame,
    *,
    title: str | None = None,
    header_note: str | None = None,
    highlight: Mapping[str, Mapping[str, Any]] | None = None,
    max_width: int = 60,
    title_color: str = "#1f4e79",
    link_column: str | None = None,
) -> None:
    """Write one sheet in the house style (xlsxwriter engine).

    Frozen heading row, filters over the table, column widths from the
    content (capped, long text wrapped), number columns with a thousands
    separator (``#,##0`` / ``#,##0.0``, shown as ``1.234`` / ``1.234,5`` by
    an Indonesian Excel), an optional bold title row above the table and a
    print header naming the data.

    Parameters
    ----------
    writer : pandas.ExcelWriter
        Opened with ``engine="xlsxwriter"``.
    name : str
        Sheet name (≤ 31 characters, unique in the book).
    df : pandas.DataFrame
        Headings are labels; the index is not written.
    title : str, optional
        Written in bold in the first row; the table then starts on row 2.
    header_note : str, optional
        Printed in the page header of every printed page (e.g. *DATA
        ILUSTRASI*).
    highlight : mapping, optional
        ``{heading: {value: xlsxwriter format dict}}``: cells of that column
        equal to the value get the format (e.g. ``{"Status": {"fuzzy":
        {"bg_color": "#FFE699"}}}``).
    max_width : int
        Widest column, in characters.
    title_color : str
        Font colour of the title row (red for ilustrasi data, by the caller).
    link_column : str, optional
        Heading of a column of the package's own source URLs, written as
        real links (``http``/``https`` only). Text from data never becomes a
        link or a formula (:func:`open_workbook`).

    Notes
    -----
    A table longer than one sheet holds (:data:`SHEET_ROWS` rows) is split
    over ``name (1)``, ``name (2)``, …; each part's title says which rows it
    holds, so no row is lost and no traceback ends the report.
    """
    top = 1 if title else 0
    if len(df) > SHEET_ROWS - top - 1:
        _write_in_parts(
            writer,
            name,
            df,
            title=title,
            header_note=header_note,
            highlight=highlight,
            max_width=max_width,
            title_color=title_color,
            link_column=link_column,
        )
        return
    df.to_excel(writer, sheet_name=name, startrow=top, index=False)
    book, ws = writer.book, writer.sheets[name]
    if title:
        ws.write(
            0, 0, title, book.add_format({"bold": True, "font_color": title_color})
        )
    head = book.add_format(
        {
            "bold": True,
            "bg_color": "#DDEBF7",
            "border": 1,
            "text_wrap": True,
            "valign": "top",
        }
    )
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    numbers = {
        kind: book.add_format({"num_format": fmt, "valign": "top"})
        for kind, fmt in (("int", "#,##0"), ("float", "#,##0.0"))
    }
    for j, col in enumerate(df.columns):
        ws.write(top, j, col, head)
        values = [len(str(v)) for v in df[col].head(500) if not _missing(v)]
        width = max([len(str(col)) * 0.9, *values, 6])
        kind = _number_kind(df[col])
        fmt = numbers[kind] if kind else (wrap if width > max_width else None)
        ws.set_column(j, j, min(max(width + 2, 8), max_width), fmt)
    if link_column in df.columns:
        j = list(df.columns).index(link_column)
        for i, url in enumerate(df[link_column]):
            if isinstance(url, str) and url.startswith(("https://", "http://")):
                ws.write_url(top + 1 + i, j, url)
    ws.freeze_panes(top + 1, 0)
    ws.autofilter(top, 0, max(len(df), 1) + top, max(len(df.columns) - 1, 0))
    if header_note:
        ws.set_header("&L" + header_note.replace("&", "&&")[:200])
    for heading, rules in (highlight or {}).items():
        if heading not in df.columns or not len(df):
            continue
        j = list(df.columns).index(heading)
        for value, fmt in rules.items():
            ws.conditional_format(
                top + 1,
                j,
                top + len(df),
                j,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{value}"',
                    "format": book.add_format(dict(fmt)),
                },
            )


#: A plain number (``-7.75``, ``+62``, ``1e-3``): a spreadsheet reads it as a
#: number, never as a formula.
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def runs_as_formula(text: object) -> bool:
    """The one rule: would a spreadsheet run this cell text as a formula?

    True for text starting with one of :data:`FORMULA_START` that is not a
    plain number (a negative coordinate stays as it is).
    """
    return (
        isinstance(text, str)
        and text.startswith(FORMULA_START)
        and not _NUMBER.match(text.strip())
    )


def _is_text(s: pd.Series) -> bool:
    return s.dtype == object or pd.api.types.is_string_dtype(s.dtype)


@contextlib.contextmanager
def open_workbook(path: str | Path) -> Iterator[pd.ExcelWriter]:
    """An xlsxwriter workbook that stores every data text as text, written whole.

    pandas' xlsxwriter engine turns ``=…`` text into live formulas and
    ``http…`` text into links by default; here both are off, so a cell from a
    planner's or SIMKOPDES file can never run in a BUMN representative's Excel.
    The book is written to a temporary file and renamed into place when the
    ``with`` block ends (:func:`atomic`): an exception or Ctrl-C inside the
    block leaves no workbook with part of its sheets. Every workbook of the
    package is opened here::

        with documents.open_workbook(path) as xw:
            documents.write_sheet(xw, "Ringkasan", df)
    """
    with atomic(path) as tmp:
        writer = pd.ExcelWriter(
            tmp,
            engine="xlsxwriter",
            engine_kwargs={
                "options": {"strings_to_formulas": False, "strings_to_urls": False}
            },
        )
        try:
            yield writer
        except BaseException:
            with contextlib.suppress(Exception):
                writer.close()  # the temporary file is removed by atomic()
            raise
        try:
            writer.close()
        except Exception as exc:  # xlsxwriter wraps the OS error of the write
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from exc
            raise


def neutralise(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Text cells that a spreadsheet would run get a leading ``'`` (OWASP).

    Returns
    -------
    tuple of (DataFrame, Series)
        The table (a copy when something changed) and, per row, the columns
        that were neutralised (``""`` for none) — for the reports to say so.
    """
    changed = pd.Series("", index=df.index, dtype=object)
    out = df
    for col in df.columns:
        s = df[col]
        if not _is_text(s):
            continue
        hit = s.map(runs_as_formula).astype(bool)
        if hit.any():
            if out is df:
                out = df.copy()
            out[col] = s.where(~hit, "'" + s.astype("string"))
            changed[hit] = changed[hit].map(lambda v, c=col: f"{v}, {c}" if v else c)
    return out, changed


def restore(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`neutralise` on text read back from a CSV the package wrote."""
    out = df
    for col in df.columns:
        s = df[col]
        if not _is_text(s):
            continue
        text = s.astype("string")
        hit = text.str.startswith("'").fillna(False).astype(bool) & text.str.slice(
            1
        ).map(runs_as_formula).astype(bool)
        if hit.any():
            if out is df:
                out = df.copy()
            out[col] = s.where(~hit, text.str.slice(1))
    return out


def write_csv(df: pd.DataFrame, path: str | Path, **to_csv: Any) -> Path:
    """Write a CSV whose text cells cannot run as formulas (see :func:`neutralise`)."""
    path = Path(path)
    table = neutralise(df)[0]
    with atomic(path) as tmp:
        table.to_csv(tmp, **to_csv)
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic(path: str | Path) -> Iterator[Path]:
    """Write a file whole or not at all: yield a temporary path, rename it in.

    The temporary file is in the same folder (so the rename is atomic,
    :func:`os.replace`), hidden (``.~<name>.…``) and keeps the suffix (writers
    that pick the format by suffix still do). When the ``with`` block ends
    normally the file replaces ``path``; on any exception (a full disk,
    Ctrl-C) the temporary file is removed and an older ``path`` stays as it
    was. The file gets the usual permissions (umask), not ``mkstemp``'s 0600.

    Parameters
    ----------
    path : str or Path
        The file to write; its folder is created.

    Yields
    ------
    pathlib.Path
        Where the caller writes the content (an empty file that exists).

    Raises
    ------
    OSError
        As the writer raised it; an error about the temporary file names
        ``path`` instead.

    Examples
    --------
    >>> with atomic(folder / "peta.html") as tmp:  # doctest: +SKIP
    ...     tmp.write_text(page, encoding="utf-8")
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".~{path.name}.", suffix=path.suffix, dir=path.parent
    )
    os.close(fd)
    tmp = Path(name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename in (None, name, str(tmp)):
            exc.filename = str(path)
        raise


#: Folders no command writes into, nor below them (Linux and macOS).
SYSTEM_FOLDERS = (
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/proc",
    "/run",
    "/sbin",
    "/sys",
    "/usr",
    "/var",
    "/Library",
    "/System",
)

#: Below a system folder but meant for anyone's files.
_SCRATCH = ("/var/tmp",)

#: Folders that hold other people's or mounted folders: refused as an output
#: folder themselves (with the home folder), their sub-folders are fine.
_ROOTS = ("/home", "/media", "/mnt", "/opt", "/root", "/srv", "/Users", "/Volumes")


def _refuse_system(path: Path, *, roots: bool = True) -> None:
    """Refuse a system folder (or one below it) and, with ``roots``, a top folder."""
    text = path.as_posix()
    scratch = any(text == s or text.startswith(s + "/") for s in _SCRATCH)
    for top in SYSTEM_FOLDERS:
        below = top != "/" and text.startswith(top + "/")
        if not scratch and (text == top or below):
            raise KdkmpError(
                f"{path} adalah folder sistem; pilih folder lain untuk hasil"
            )
    if roots and path in (Path.home().resolve(), *(Path(r) for r in _ROOTS)):
        raise KdkmpError(
            f"{path} bukan folder untuk hasil (folder rumah atau induk); pakai "
            f"sub-folder, mis. {path / 'kdkmp'}"
        )


def output_dir(path: str | Path, *, create: bool = True) -> Path:
    """Check (and create) a folder a command writes into.

    Parameters
    ----------
    path : str or Path
        The folder (``--out``).
    create : bool
        Create it (with its parents) when missing.

    Returns
    -------
    pathlib.Path
        The folder, resolved.

    Raises
    ------
    KdkmpError
        An existing file, a system folder (:data:`SYSTEM_FOLDERS`, ``/``, the
        home folder itself), a folder that cannot be created or written.
    """
    out = Path(path).expanduser().resolve()
    _refuse_system(out)
    if out.exists() and not out.is_dir():
        raise KdkmpError(f"{out} adalah berkas; yang diminta sebuah folder")
    if create:
        _make_dir(out)
    return out


def _make_dir(out: Path) -> None:
    """Create a folder (parents too) and check it can be written."""
    blocker = next((p for p in (out, *out.parents) if p.is_file()), None)
    if blocker is not None:
        raise KdkmpError(
            f"tidak dapat membuat folder {out}: {blocker} adalah berkas, bukan folder"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KdkmpError(describe_os_error(exc)) from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise KdkmpError(f"folder {out} tidak dapat ditulisi (hanya-baca)")


def describe_os_error(exc: OSError) -> str:
    """An operating-system error about a path as one Indonesian line.

    The one wording of the ``Galat:`` line for a missing file, a folder given
    for a file, no permission, a read-only or a full disk.
    """
    name = exc.filename or ""
    if isinstance(exc, IsADirectoryError):
        return f"{name} adalah folder; yang diminta sebuah berkas"
    if isinstance(exc, NotADirectoryError):
        return f"{name} bukan folder"
    if isinstance(exc, FileExistsError):
        return f"{name} sudah ada dan bukan folder"
    if isinstance(exc, PermissionError):
        return f"tidak punya izin menulis atau membuka {name}"
    if isinstance(exc, FileNotFoundError):
        return f"berkas atau folder tidak ditemukan: {name or exc}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"ruang disk habis saat menulis {name}; berkas tidak ditulis"
    if exc.errno == errno.EROFS:
        return f"disk hanya-baca: tidak dapat menulis {name}"
    return f"gagal membaca/menulis {name} (galat sistem {exc.errno})"


def output_file(path: str | Path) -> Path:
    """Check a file a command writes (its folder as :func:`output_dir`).

    Returns
    -------
    pathlib.Path
        The file, resolved; its folder exists.

    Raises
    ------
    KdkmpError
        A folder given for the file, or a folder that :func:`output_dir`
        refuses.
    """
    target = Path(path).expanduser().resolve()
    if target.is_dir():
        raise KdkmpError(f"{target} adalah folder; yang diminta sebuah berkas")
    _refuse_system(target.parent, roots=False)
    _make_dir(target.parent)
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write a UTF-8 text file (a page) whole or not at all (:func:`atomic`)."""
    path = Path(path)
    with atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_part(url: str, target: Path, timeout: float) -> tuple[Path, Exception | None]:
    """Download ``url`` to ``<target>.unduh`` beside ``target`` (not yet in place).

    Returns the partial file and ``None``, or (after removing the partial
    file) the exception of a failed download; the caller checks the file and
    moves it into place, or warns in its own terms.
    """
    import pooch

    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".unduh")
    part.unlink(missing_ok=True)
    try:
        pooch.retrieve(
            url,
            known_hash=None,
            fname=part.name,
            path=part.parent,
            downloader=pooch.HTTPDownloader(timeout=timeout, progressbar=False),
            progressbar=False,
        )
    except Exception as exc:  # noqa: BLE001 - any network failure is the caller's
        part.unlink(missing_ok=True)
        return part, exc
    return part, None
