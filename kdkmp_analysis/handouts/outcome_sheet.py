"""The forum workbook's outcome sheets: "Hasil Forum" and "Tindak Lanjut" (issue 15).

:data:`outcome_schema.SHEET` has one row per candidate shown at the forum:
per programme, the first :data:`ROWS_PER_PROGRAMME` candidates of its list —
the rows the forum page shows by default
(:data:`kdkmp_analysis.handouts.forum_page.ROW_LIMIT`) — then, when a history
is given, every cooperative of that programme whose follow-up is still open
(so the next forum can record how it moved). Its columns are
:data:`outcome_schema.SHEET_COLUMNS`; the protected ones are locked (sheet
protection without a password), the editable ones are not, *Minat BUMN* and
*Tahap* are drop-down lists, *Tanggal Forum* and *Tenggat* accept dates only
and the hidden *Kunci Baris* is :func:`outcome_schema.row_key`.

A cooperative with a history row starts from its latest outcome
(:func:`kdkmp_analysis.handouts.progress.latest_state`); a new candidate
starts at ``calon`` with interest ``belum``. *Tanggal Forum* is prefilled with
the forum's (the build's) date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from kdkmp_analysis import documents, gaps
from kdkmp_analysis.forum import Forum
from kdkmp_analysis.handouts import progress
from kdkmp_analysis.handouts.forum_page import ROW_LIMIT
from kdkmp_analysis.intake import outcome_schema as osc

__all__ = [
    "FOLLOWUP_SHEET",
    "IMPORT_COMMAND",
    "ROWS_PER_PROGRAMME",
    "outcome_frame",
    "outcome_title",
    "write_outcome_sheets",
]

#: Candidates per programme on the sheet: those the forum page shows by default.
ROWS_PER_PROGRAMME = ROW_LIMIT
#: Name of the follow-up sheet (written when a history is given).
FOLLOWUP_SHEET = "Tindak Lanjut"
#: How the filled sheet is read back (said on the sheet's title row).
IMPORT_COMMAND = "kdkmp import-hasil-forum BERKAS --register R --out DIR"
_DATE_FORMAT = "dd/mm/yyyy"
_COLUMNS = list(osc.SHEET_COLUMNS)


def _open_rows(history: pd.DataFrame | None, key: str, today: dt.date) -> pd.DataFrame:
    """The programme's open follow-ups of the history (latest state)."""
    if history is None or history.empty:
        return pd.DataFrame(columns=list(osc.HISTORY_COLUMNS))
    open_ = progress.followups(history, today)
    return open_[open_["program"] == key]


def outcome_frame(
    forum: Forum,
    history: pd.DataFrame | None = None,
    *,
    forum_date: dt.date | None = None,
    per_programme: int | None = ROWS_PER_PROGRAMME,
) -> pd.DataFrame:
    """The rows of the *Hasil Forum* sheet, by column key.

    Parameters
    ----------
    forum : Forum
        The forum's candidate lists (:attr:`Forum.candidates`).
    history : pandas.DataFrame, optional
        The outcome history: open follow-ups are added to their programme's
        rows and every row with a history starts from its latest outcome.
    forum_date : datetime.date, optional
        Prefilled *Tanggal Forum* (default: today).
    per_programme : int or None
        Candidates per programme (``None``: the whole list).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`outcome_schema.SHEET_COLUMNS` (keys); ``program`` is
        the programme's short name, ``kunci_baris`` the row check of code
        and programme key.
    """
    day = forum_date or dt.date.today()
    progs = gaps.load_programmes()
    reg = forum.register.drop_duplicates("kode_desa").set_index("kode_desa")
    last = (
        progress.latest_state(history).set_index(["kode_desa", "program"])
        if history is not None and not history.empty
        else None
    )
    rows = []
    for key, cands in forum.candidates.items():
        shown = cands if per_programme is None else cands.head(per_programme)
        rank = dict(
            zip(cands["kode_desa"].astype(str), cands["peringkat"], strict=True)
        )
        codes = list(shown["kode_desa"].astype(str))
        codes += [
            c
            for c in _open_rows(history, key, day)["kode_desa"]
            if c not in codes and c in reg.index
        ]
        for code in codes:
            prev = (
                last.loc[(code, key)]
                if last is not None and (code, key) in last.index
                else None
            )
            rows.append(_row(code, key, progs[key].singkat, reg, rank, prev, day))
    return pd.DataFrame(rows, columns=_COLUMNS)


def _row(
    code: str,
    key: str,
    short: str,
    reg: pd.DataFrame,
    rank: dict[str, Any],
    prev: pd.Series | None,
    day: dt.date,
) -> dict[str, Any]:
    r = rank.get(code)
    row: dict[str, Any] = {
        "kode_desa": code,
        "nama_koperasi": str(reg.at[code, "nama_koperasi"]),
        "nama_kecamatan": str(reg.at[code, "nama_kecamatan"]),
        "program": short,
        "peringkat": int(r) if r is not None and pd.notna(r) else None,
        "tanggal_forum": day,
        "minat_bumn": "belum",
        "tahap": "calon",
        "tindak_lanjut": "",
        "pic": "",
        "tenggat": None,
        "catatan": "",
        "kunci_baris": osc.row_key(code, key),
    }
    if prev is not None:
        for c in ("minat_bumn", "tahap", "tindak_lanjut", "pic", "catatan"):
            row[c] = str(prev[c]) if str(prev[c]) else row[c]
        row["tenggat"] = progress.iso_date(prev["tenggat"])
    return row


def outcome_title() -> str:
    """The sheet's title row: how to fill it and how to import it, in Indonesian."""
    editable = ", ".join(osc.SHEET_COLUMNS[c] for c in osc.EDITABLE)
    locked = ", ".join(osc.SHEET_COLUMNS[c] for c in osc.PROTECTED)
    return (
        f"Hasil forum: isi kolom {editable} untuk tiap koperasi (Minat BUMN dan "
        "Tahap dipilih dari daftar; tanggal ditulis sebagai tanggal, mis. "
        f"05/08/2026). Kolom {locked} terkunci agar hasil tidak tercatat pada "
        "koperasi atau program lain. Setelah diisi, simpan berkas ini dan impor "
        f"dengan perintah: {IMPORT_COMMAND} (BERKAS = buku kerja ini, R = "
        "register yang dipakai, DIR = folder hasil impor)."
    )


def write_outcome_sheets(
    writer: pd.ExcelWriter,
    forum: Forum,
    *,
    history: pd.DataFrame | None = None,
    today: dt.date | None = None,
    title_color: str = "#1f4e79",
    note: str | None = None,
    per_programme: int | None = ROWS_PER_PROGRAMME,
) -> list[str]:
    """Write *Hasil Forum* (always) and *Tindak Lanjut* (with a history).

    The print set-up is left to the caller's
    :func:`kdkmp_analysis.handouts.forum_files.set_print_layout` (as every
    other sheet of the workbook).

    Parameters
    ----------
    writer : pandas.ExcelWriter
        The forum workbook (:func:`kdkmp_analysis.documents.open_workbook`).
    forum : Forum
    history : pandas.DataFrame, optional
        The outcome history (:func:`kdkmp_analysis.handouts.progress.read_history`).
    today : datetime.date, optional
        The forum's date and the date deadlines are compared with.
    title_color, note : str
        Title colour and print header of the other sheets.
    per_programme : int or None
        Candidates per programme (:func:`outcome_frame`).

    Returns
    -------
    list of str
        The sheets written.
    """
    day = today or dt.date.today()
    frame = outcome_frame(forum, history, forum_date=day, per_programme=per_programme)
    heads = frame.rename(columns=osc.SHEET_COLUMNS)
    documents.write_sheet(
        writer,
        osc.SHEET,
        heads,
        title=outcome_title(),
        title_color=title_color,
        header_note=note,
    )
    _lock_and_validate(writer, writer.sheets[osc.SHEET], frame)
    written = [osc.SHEET]
    if history is not None and not history.empty:
        f = progress.followup_frame(history, forum.register, None, day)
        documents.write_sheet(
            writer,
            FOLLOWUP_SHEET,
            f,
            title="Tindak lanjut terbuka per PIC, urut tenggat ('terlambat': "
            f"tenggat sebelum {day.strftime('%d/%m/%Y')})",
            title_color=title_color,
            header_note=note,
        )
        _date_columns(writer, writer.sheets[FOLLOWUP_SHEET], f)
        written.append(FOLLOWUP_SHEET)
    return written


def _date_columns(writer: pd.ExcelWriter, ws: Any, frame: pd.DataFrame) -> None:
    """Date cells of a written sheet in day/month/year (empty where none)."""
    fmt = writer.book.add_format({"num_format": _DATE_FORMAT, "valign": "top"})
    for j, col in enumerate(frame.columns):
        if col in ("Tenggat", "Tanggal Forum"):
            ws.set_column(j, j, 12, fmt)
            for i, v in enumerate(frame[col]):
                if isinstance(v, dt.date):
                    ws.write_datetime(2 + i, j, dt.datetime.combine(v, dt.time()), fmt)
                else:
                    ws.write_blank(2 + i, j, None, fmt)


def _lock_and_validate(writer: pd.ExcelWriter, ws: Any, frame: pd.DataFrame) -> None:
    """Editable cells unlocked, drop-downs and date checks, key column hidden.

    Rows 0 and 1 are the title and headings (:func:`documents.write_sheet`);
    data rows start at row 2.
    """
    book = writer.book
    first, last = 2, 2 + max(len(frame), 1) - 1
    text = book.add_format({"locked": False, "valign": "top", "bg_color": "#FFF9E5"})
    date = book.add_format(
        {
            "locked": False,
            "valign": "top",
            "bg_color": "#FFF9E5",
            "num_format": _DATE_FORMAT,
        }
    )
    col = {c: j for j, c in enumerate(_COLUMNS)}
    widths = {"tindak_lanjut": 36, "catatan": 36, "pic": 18, "tahap": 18}
    for c in osc.EDITABLE:
        j = col[c]
        is_date = c in ("tanggal_forum", "tenggat")
        ws.set_column(
            j, j, 13 if is_date else widths.get(c, 14), date if is_date else text
        )
        for i, v in enumerate(frame[c]):
            if is_date and isinstance(v, dt.date):
                ws.write_datetime(first + i, j, dt.datetime.combine(v, dt.time()), date)
            elif v:
                ws.write_string(first + i, j, str(v), text)
            else:
                ws.write_blank(first + i, j, None, date if is_date else text)
    lists = {"minat_bumn": list(osc.INTEREST), "tahap": list(osc.STAGES)}
    for c, values in lists.items():
        ws.data_validation(
            first,
            col[c],
            last,
            col[c],
            {
                "validate": "list",
                "source": values,
                "error_title": osc.SHEET_COLUMNS[c],
                "error_message": "Pilih dari daftar: " + ", ".join(values),
            },
        )
    for c in ("tanggal_forum", "tenggat"):
        ws.data_validation(
            first,
            col[c],
            last,
            col[c],
            {
                "validate": "date",
                "criteria": ">=",
                "value": dt.datetime(2020, 1, 1),
                "error_title": osc.SHEET_COLUMNS[c],
                "error_message": "Tulis tanggal, mis. 05/08/2026.",
            },
        )
    ws.set_column(col["kunci_baris"], col["kunci_baris"], 12, None, {"hidden": True})
    ws.protect(
        "",
        {
            "autofilter": True,
            "sort": False,
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )
