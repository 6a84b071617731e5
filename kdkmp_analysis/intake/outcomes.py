"""Forum outcomes read back: the "Hasil Forum" sheet → register + history (issue 15).

:func:`read_outcomes` reads the sheet :data:`~outcome_schema.SHEET` of a forum
workbook (or a CSV with the same headings, :data:`~outcome_schema.SHEET_COLUMNS`;
the header row is found by its headings, title rows above it are skipped)
and returns an :class:`OutcomeImport` with **one report row per input row**
(``baris_berkas`` is the row number as Excel shows it). Every row ends with
one status of :data:`STATUS`:

* *diterima* — read (hand-typed wordings read with the reading reported);
* *ditolak* — named with the heading of the column and the reason:
  a Kode Desa not in the register; a programme not in the catalogue (its
  short name or full name, case and spaces ignored); a **Kunci Baris** that
  is not :func:`~outcome_schema.row_key` of the row's code and programme
  (the code or programme was edited: the row it was made for is named when
  one of the register's codes × programmes has that key); a Tahap or Minat
  BUMN that cannot be read (``OK``), with the allowed values; a date that
  cannot be read; a **new or changed deadline before the forum date** (the
  whole row is refused, so a re-import after the fix applies it whole; a
  deadline already in ``history`` that is now past is kept, with a note);
  a **stage going backwards** from the latest stage of the same code +
  programme in ``history`` (:data:`~outcome_schema.STAGE_ORDER`) without a
  Catatan (with one it is accepted and reported); a second row for the
  same code + programme with a different content (the earlier row named);
* *duplikat* — the same code + programme with the same content as an
  earlier row: reported, applied once;
* *tidak diisi* — nothing decided (every editable column but the forum date
  empty): counted, not in the history. An empty Kunci Baris (a row added by
  hand) is accepted with a note.

:func:`apply_outcomes` turns accepted rows at a stage of
:data:`~outcome_schema.PARTNER_STAGES` into the partner column of the
programme's BUMN (``sumber_status`` names the forum and its date), listing
every changed cell. *ditolak* never sets a partner column to False: a
refused proposal does not end a partnership the register already holds.
:func:`append_history` appends to the one history file, never rewriting a
row nor adding one already there (the same file imported twice);
:func:`import_outcomes` does all three (``kdkmp import-hasil-forum``).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from kdkmp_analysis import documents, params, register
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.intake import outcome_schema as schema
from kdkmp_analysis.intake.dates import date_in_text
from kdkmp_analysis.intake.tables import IntakeError, file_notes, read_table, row_notes

__all__ = ["CHANGE_COLUMNS", "REPORT_LABELS", "STATUS", "OutcomeImport", "ProgrammeName",
           "append_history", "apply_outcomes", "import_outcomes", "programme_names",
           "read_date", "read_history", "read_interest", "read_outcomes", "read_stage"]  # fmt: skip

#: Statuses of a report row (each input row has exactly one).
STATUS = ("diterima", "ditolak", "duplikat", "tidak diisi")
#: Columns of :attr:`OutcomeImport.changes` (one row per changed register cell).
CHANGE_COLUMNS = ("kode_desa", "kolom", "sebelum", "sesudah", "alasan")
_H = schema.SHEET_COLUMNS
#: Report columns → headings of its workbook and page.
REPORT_LABELS = {
    "baris_berkas": "Baris di Berkas",
    **{k: _H[k] for k in ("kode_desa", "nama_koperasi", "program", "tanggal_forum")},
    **{k: _H[k] for k in ("minat_bumn", "tahap", "tenggat")},
    **{"status": "Status", "kolom": "Kolom", "catatan": "Keterangan Impor"},
}
_CHANGE_LABELS = dict(
    zip(
        CHANGE_COLUMNS,
        ("Kode Desa", "Kolom Register", "Sebelum", "Sesudah", "Alasan"),
        strict=True,
    )
)
#: Accepted rows: the history's outcome columns + where they came from.
_OUTCOME = [c for c in schema.HISTORY_COLUMNS if c not in ("berkas", "diimpor")]
_ACCEPTED = ["baris_berkas", *_OUTCOME, "kolom_mitra"]
_TEXT = ("tindak_lanjut", "pic", "catatan")

# fmt: off
_STAGE_WORDS: dict[str, tuple[str, ...]] = {
    "calon": ("kandidat", "candidate"),
    "minat": ("berminat", "tertarik", "interest", "interested"),
    "dokumen dilengkapi": ("dokumen lengkap", "dokumen sudah lengkap", "berkas lengkap",
                           "melengkapi dokumen", "dilengkapi"),
    "diajukan": ("ajukan", "pengajuan", "submitted", "diproses", "processed"),
    "diverifikasi": ("verifikasi", "terverifikasi", "verified"),
    "disetujui": ("setuju", "approved", "approve", "acc"),
    "ditolak": ("tolak", "rejected", "reject", "tidak disetujui"),
    "beroperasi": ("operasi", "aktif", "active", "sudah beroperasi", "berjalan"),
}
_INTEREST_WORDS: dict[str, tuple[str, ...]] = {
    "ya": ("y", "iya", "yes", "berminat", "minat"),
    "tidak": ("t", "tdk", "no", "n", "tidak berminat", "gak", "nggak"),
    "belum": ("blm", "belum tahu", "pending", "menunggu"),
}
# fmt: on


def _words(text: object) -> str:
    """Lower case, runs of spaces and punctuation → one space."""
    return re.sub(r"[^0-9a-z]+", " ", str(text).lower()).strip()


def _reader(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_words(w): k for k, words in table.items() for w in (k, *words)}


_STAGE_OF = _reader(_STAGE_WORDS)
_INTEREST_OF = _reader(_INTEREST_WORDS)


def _read_word(
    text: object, of: dict[str, str], allowed: tuple[str, ...]
) -> tuple[str | None, str]:
    t = str(text).strip()
    if not t:
        return "", ""
    value = of.get(_words(t))
    if value is None:
        return None, f"{t!r} tidak jelas; pilihan: {', '.join(allowed)}"
    return value, "" if _words(t) == _words(value) else f"{t!r} dibaca {value!r}"


def read_stage(text: object) -> tuple[str | None, str]:
    """A hand-typed Tahap: ``(stage, note)``; ``(None, why)`` when unreadable.

    Case and spaces are ignored; obvious variants are read and the reading is
    noted (``"Setuju"`` → ``disetujui``, ``"aktif"`` → ``beroperasi``); an
    ambiguous word (``"OK"``) is not guessed.

    >>> read_stage("Setuju")
    ('disetujui', "'Setuju' dibaca 'disetujui'")
    >>> read_stage("OK")[0] is None
    True
    """
    return _read_word(text, _STAGE_OF, schema.STAGES)


def read_interest(text: object) -> tuple[str | None, str]:
    """A hand-typed Minat BUMN (``ya``/``tidak``/``belum``), like :func:`read_stage`."""
    return _read_word(text, _INTEREST_OF, schema.INTEREST)


def read_date(text: object) -> tuple[str | None, str]:
    """A date cell: ``(ISO date or "", note)``; ``(None, "")`` when unreadable.

    An Excel date or an ISO text is read as is; ``5 Agustus 2026``,
    ``05/08/2026`` (day first) and an Excel day number are read with the
    reading noted.

    >>> read_date("05/08/2026")
    ('2026-08-05', "'05/08/2026' dibaca 5 Agustus 2026")
    """
    t = str(text).strip()
    if not t:
        return "", ""
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?", t)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1)).isoformat(), ""
        except ValueError:
            return None, ""
    if re.fullmatch(r"\d{5}(?:\.0+)?", t) and 30000 < float(t) < 80000:
        iso = (dt.date(1899, 12, 30) + dt.timedelta(days=int(float(t)))).isoformat()
        return iso, f"{t!r} (angka tanggal Excel) dibaca {tanggal(iso)}"
    found = date_in_text(t)
    return (found, f"{t!r} dibaca {tanggal(found)}") if found else (None, "")


class ProgrammeName(NamedTuple):
    """What the import needs of a programme of the catalogue."""

    key: str
    nama: str
    singkat: str
    mitra_column: str | None


def programme_names() -> dict[str, ProgrammeName]:
    """Key → :class:`ProgrammeName` of ``[program.*]`` in the parameter file.

    The same catalogue as ``gaps.load_programmes()``, read here because the
    intake comes before :mod:`kdkmp_analysis.gaps`.
    """
    col = dict(zip(register.MITRA, register.MITRA_COLUMNS, strict=True))
    raw = params.load().get("program", {})
    return {k: ProgrammeName(k, str(v.get("nama", k)), str(v.get("singkat", k)),
                             col.get(str(v.get("mitra") or ""))) for k, v in raw.items()}  # fmt: skip


@dataclass
class OutcomeImport:
    """An imported "Hasil Forum" sheet.

    Attributes
    ----------
    report : pandas.DataFrame
        One row per input row, same order: ``baris_berkas`` (the row number
        as Excel shows it), ``kode_desa``, ``nama_koperasi``, ``program`` (as
        typed), ``tanggal_forum``, ``minat_bumn``, ``tahap``, ``tenggat`` (as
        read), ``status`` (:data:`STATUS`), ``kolom`` (headings concerned),
        ``catatan`` (readings and reasons, Indonesian).
    accepted : pandas.DataFrame
        The rows with status *diterima*: ``baris_berkas``, the history's
        outcome columns (``program`` = catalogue key, dates ISO) and
        ``kolom_mitra`` (the programme's partner column or ``""``).
    source : str
        The file's name.
    summary : dict
        ``baris`` and one count per status (``tidak_diisi`` for *tidak
        diisi*); ``diterima + ditolak + duplikat + tidak_diisi == baris``.
    notes : list of str
        File-level notes of the reader.
    changes : pandas.DataFrame
        Filled by :func:`import_outcomes`: :data:`CHANGE_COLUMNS`.
    history : pandas.DataFrame
        Filled by :func:`import_outcomes`: :func:`append_history`'s answer.
    files : dict
        Filled by :func:`import_outcomes`: name → path written.
    """

    report: pd.DataFrame
    accepted: pd.DataFrame
    source: str
    summary: dict[str, int]
    notes: list[str] = field(default_factory=list)
    changes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(CHANGE_COLUMNS))
    )
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    files: dict[str, Path] = field(default_factory=dict)

    def summary_line(self) -> str:
        """``"N baris: A diterima, R ditolak, D duplikat, K tidak diisi"``."""
        s = self.summary
        return f"{angka(s['baris'])} baris: " + ", ".join(
            f"{angka(s[k.replace(' ', '_')])} {k}" for k in STATUS
        )

    def summary_text(self) -> str:
        """Indonesian summary: the line, rejected rows, changes, history."""
        lines = [f"Hasil forum {self.source} — {self.summary_line()}"]
        bad = self.report[self.report["status"] == "ditolak"]
        for _, r in bad.head(10).iterrows():
            lines.append(f"  baris {r['baris_berkas']}: {r['catatan']}")
        if len(bad) > 10:
            lines.append(f"  … {len(bad) - 10} baris ditolak lagi (lihat laporan)")
        if len(self.changes):
            lines.append(f"  register: {angka(len(self.changes))} sel berubah")
        if len(self.history):
            new = int((self.history["riwayat"] == "ditambahkan").sum())
            lines.append(
                f"  riwayat: {angka(new)} baris ditambahkan, "
                f"{angka(len(self.history) - new)} sudah ada (tidak digandakan)"
            )
        lines += [f"  catatan berkas: {t}" for t in self.notes]
        return "\n".join(lines)

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``laporan_hasil_forum.csv``, ``.xlsx`` and ``.html``."""
        out = documents.output_dir(out_dir)
        kinds = {"report": "csv", "report_xlsx": "xlsx", "report_html": "html"}
        paths = {k: out / f"laporan_hasil_forum.{ext}" for k, ext in kinds.items()}
        documents.write_csv(self.report, paths["report"], index=False)
        shown = self.report.rename(columns=REPORT_LABELS)
        changed = self.changes.rename(columns=_CHANGE_LABELS)
        title = f"Laporan impor hasil forum — {self.source}"
        summary = pd.DataFrame({"Ringkasan": self.summary_text().splitlines()})
        bad = {"Status": {"ditolak": {"bg_color": "#F4B183"}}}
        with documents.open_workbook(paths["report_xlsx"]) as xw:
            for name, df, marks in (("Ringkasan", summary, None),
                                    ("Laporan per Baris", shown, bad),
                                    ("Perubahan Register", changed, None)):  # fmt: skip
                documents.write_sheet(xw, name, df, header_note=title, highlight=marks)
        body = [
            f"<h2>Ringkasan</h2><pre>{html.escape(self.summary_text())}</pre>",
            "<h2>Perubahan register</h2>",
            documents.html_table(changed, numbers=False),
            "<h2>Laporan lengkap (satu baris per baris berkas)</h2>",
            documents.html_table(shown, numbers=False),
        ]
        documents.write_text(
            paths["report_html"],
            documents.page(title, "\n".join(body), sources=[self.source]),
        )
        return paths


def read_history(path: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    """The outcome history as text columns (:data:`~outcome_schema.HISTORY_COLUMNS`).

    A missing file (or ``None``) is an empty history.

    Raises
    ------
    IntakeError
        A file without the history's columns.
    """
    cols = list(schema.HISTORY_COLUMNS)
    if path is None or (not isinstance(path, pd.DataFrame) and not Path(path).exists()):
        return pd.DataFrame(columns=cols, dtype=str)
    if isinstance(path, pd.DataFrame):
        df = path.astype("string").fillna("").astype(str)
    else:  # the file as written (text that would run as a formula restored)
        df = documents.restore(pd.read_csv(path, dtype=str, keep_default_na=False))
    if missing := [c for c in cols if c not in df.columns]:
        raise IntakeError(f"riwayat hasil forum tanpa kolom: {', '.join(missing)}")
    return df[cols].reset_index(drop=True)


def _latest(history: pd.DataFrame) -> dict[tuple[str, str], list[dict[str, str]]]:
    """(kode, program) → its history rows, oldest first."""
    rows = history.sort_values(["tanggal_forum", "diimpor"], kind="stable")
    out: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in rows.to_dict("records"):
        out.setdefault((r["kode_desa"], r["program"]), []).append(r)
    return out


def _read_sheet(path: str | Path | pd.DataFrame) -> pd.DataFrame:
    """The sheet's rows under the schema's keys (IntakeError: wrong file/sheet)."""
    if not isinstance(path, pd.DataFrame) and zipfile.is_zipfile(p := Path(path)):
        try:
            with pd.ExcelFile(p) as book:
                names = book.sheet_names
        except Exception as exc:
            raise IntakeError(f"berkas {p.name} tidak terbaca: {exc}") from exc
        if schema.SHEET not in names:
            raise IntakeError(
                f"berkas {p.name} tidak berisi lembar {schema.SHEET!r}; "
                f"lembar yang ada: {', '.join(map(repr, names))}"
            )
    columns: dict[str, tuple[str, ...]] = {
        k: (k, h) for k, h in schema.SHEET_COLUMNS.items()
    }
    raw = read_table(
        path,
        columns,
        ("kode_desa", "program", "tahap"),
        what="berkas hasil forum",
        sheet=schema.SHEET,
    )
    for c in schema.SHEET_COLUMNS:
        if c not in raw.columns:
            raw[c] = ""
    return raw


@dataclass
class _Context:
    """What every row is checked against."""

    codes: dict[str, str]  # kode → nama koperasi
    programmes: dict[str, ProgrammeName]
    by_name: dict[str, str]  # normalised singkat/nama/key → key
    keys: dict[str, tuple[str, str]]  # row_key → (kode, program)
    history: dict[tuple[str, str], list[dict[str, str]]]
    forum_date: str  # for rows whose Tanggal Forum is empty
    forum_from: str  # where that date comes from


def _context(
    raw: pd.DataFrame,
    reg: pd.DataFrame,
    programmes: dict[str, ProgrammeName],
    history: pd.DataFrame,
    today: dt.date | None,
) -> _Context:
    codes = dict(zip(reg["kode_desa"].astype(str), reg["nama_koperasi"].astype(str),
                     strict=True))  # fmt: skip
    by_name = {_words(n): p.key for p in reversed(programmes.values())
               for n in (p.nama, p.singkat, p.key)}  # fmt: skip
    keys = {schema.row_key(c, k): (c, k) for c in codes for k in programmes}
    dates = Counter(d for d, _ in map(read_date, raw["tanggal_forum"]) if d)
    if dates:
        forum, origin = dates.most_common(1)[0][0], "tanggal forum terbanyak di berkas"
    else:
        forum, origin = (today or dt.date.today()).isoformat(), "tanggal impor"
    return _Context(codes, programmes, by_name, keys, _latest(history), forum, origin)


def read_outcomes(
    path: str | Path | pd.DataFrame,
    register: pd.DataFrame,
    *,
    history: str | Path | pd.DataFrame | None = None,
    today: dt.date | None = None,
) -> OutcomeImport:
    """Read and check the "Hasil Forum" sheet (the rules of the module docstring).

    Parameters
    ----------
    path : str, Path or pandas.DataFrame
        The forum workbook (its sheet :data:`~outcome_schema.SHEET`) or a CSV.
    register : pandas.DataFrame
        The register the forum was prepared from (codes are checked against it).
    history : path or pandas.DataFrame, optional
        The outcome history so far (:func:`read_history`): stages going
        backwards and deadlines already known are checked against it.
    today : datetime.date, optional
        The forum date of rows without one when no row of the file has one.

    Returns
    -------
    OutcomeImport

    Raises
    ------
    IntakeError
        A missing or unreadable file, no sheet "Hasil Forum", no Kode Desa /
        Program / Tahap heading, a history file without its columns.
    """
    raw = _read_sheet(path)
    ctx = _context(raw, register, programme_names(), read_history(history), today)
    read = row_notes(raw)
    rows: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], tuple[Any, tuple[str, ...]]] = {}
    for i in raw.index:
        rep, out = _check_row(raw.loc[i], i, ctx, seen)
        if read[i]:
            rep["catatan"] = "; ".join(x for x in (rep["catatan"], read[i]) if x)
        rows.append(rep)
        if out is not None:
            outcomes.append(out)
    report = pd.DataFrame(rows, columns=list(REPORT_LABELS))
    accepted = pd.DataFrame(outcomes, columns=_ACCEPTED)
    counts = report["status"].value_counts()
    summary = {"baris": len(report)}
    summary |= {k.replace(" ", "_"): int(counts.get(k, 0)) for k in STATUS}
    notes = file_notes(raw)
    source = str(getattr(path, "name", "") or "tabel")
    return OutcomeImport(report, accepted, source, summary, notes)


class _Row:
    """Notes and reasons of one row, each with the heading it concerns."""

    def __init__(self) -> None:
        self.notes: list[tuple[str, str]] = []
        self.reasons: list[tuple[str, str]] = []

    def note(self, col: str, text: str) -> None:
        if text:
            self.notes.append((_H[col], text))

    def refuse(self, col: str, text: str) -> None:
        self.reasons.append((_H[col], text))

    def columns(self) -> str:
        items = self.reasons or self.notes
        return ", ".join(dict.fromkeys(h for h, _ in items))

    def text(self) -> str:
        return "; ".join(f"{h}: {t}" for h, t in (*self.reasons, *self.notes))


def _identity(r: pd.Series, ctx: _Context, row: _Row) -> tuple[str, str | None]:
    """The row's code and programme key (None when the programme is unknown)."""
    kode = str(r["kode_desa"]).strip()
    if not kode:
        row.refuse("kode_desa", "kosong")
    elif kode not in ctx.codes:
        row.refuse("kode_desa", f"{kode!r} tidak ada di register")
    typed = str(r["program"]).strip()
    prog = ctx.by_name.get(_words(typed))
    if prog is None:
        row.refuse(
            "program",
            f"{typed!r} tidak ada di katalog; pilihan: "
            + ", ".join(p.singkat for p in ctx.programmes.values()),
        )
    key = str(r["kunci_baris"]).strip().lower()
    if not key:
        row.note(
            "kunci_baris",
            "kosong (baris ditambahkan tangan): kode dan program tidak dapat dicek",
        )
    elif prog is None or key != schema.row_key(kode, prog):
        was = ctx.keys.get(key)
        where = (
            f"; baris ini semula untuk {was[0]} ({ctx.codes[was[0]]}) — "
            f"{ctx.programmes[was[1]].singkat}"
            if was
            else "; Kunci Baris tidak cocok dengan kode dan program mana pun"
        )
        row.refuse("kunci_baris", "kode atau program diubah" + where)
    return kode, prog


def _check_row(
    r: pd.Series,
    i: Any,
    ctx: _Context,
    seen: dict[tuple[str, str], tuple[Any, tuple[str, ...]]],
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The report row of one input row and its outcome (None unless accepted)."""
    row = _Row()
    kode, prog = _identity(r, ctx, row)
    content = tuple(_words(r[c]) for c in schema.EDITABLE)
    filled = any(str(r[c]).strip() for c in schema.EDITABLE if c != "tanggal_forum")
    out, prev = _read_values(r, kode, prog, ctx, row) if filled else (None, None)
    same = _undecided(out, prev) if out is not None else "semua kolom isian kosong"
    status = "diterima"
    if filled and prog is not None and kode in ctx.codes:
        first = seen.setdefault((kode, prog), (i, content))
        if first[0] != i and first[1] == content:
            status = "duplikat"
            row.note(
                "kode_desa", f"sama dengan baris {first[0]}; diterapkan sekali saja"
            )
        elif first[0] != i:
            row.refuse(
                "kode_desa",
                f"baris ganda: {kode} — {ctx.programmes[prog].singkat} sudah ada "
                f"di baris {first[0]} dengan isi berbeda",
            )
    if row.reasons:
        status = "ditolak"
    elif same and status == "diterima":
        status = "tidak diisi"
        row.note("tahap", f"tidak ada keputusan baru ({same}); tidak masuk riwayat")
    report = {
        "baris_berkas": i,
        "kode_desa": kode,
        "nama_koperasi": ctx.codes.get(kode, str(r["nama_koperasi"]).strip()),
        "program": str(r["program"]).strip(),
        **{k: (out or {}).get(k, "") for k in ("tanggal_forum", "minat_bumn")},
        **{k: (out or {}).get(k, "") for k in ("tahap", "tenggat")},
        "status": status,
        "kolom": row.columns(),
        "catatan": row.text(),
    }
    if status != "diterima" or out is None:
        return report, None
    return report, {"baris_berkas": i, **out}


def _read_values(
    r: pd.Series, kode: str, prog: str | None, ctx: _Context, row: _Row
) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The editable columns read: stage, interest, dates; the history rules."""
    past = ctx.history.get((kode, prog or ""), [])
    forum, note = read_date(r["tanggal_forum"])
    if forum is None:
        row.refuse(
            "tanggal_forum", f"{str(r['tanggal_forum']).strip()!r} bukan tanggal"
        )
    elif not forum:
        forum = ctx.forum_date
        note = f"kosong; dipakai {tanggal(forum)} ({ctx.forum_from})"
    row.note("tanggal_forum", note)
    before = [h for h in past if not forum or h["tanggal_forum"] <= forum]
    prev = before[-1] if before else None
    stage, note = read_stage(r["tahap"])
    if stage is None:
        row.refuse("tahap", note)
    else:
        row.note("tahap", note)
        if not stage:
            stage = prev["tahap"] if prev and prev["tahap"] else "calon"
            row.note("tahap", f"kosong; dianggap {stage!r} (tahap terakhir)")
    interest, note = read_interest(r["minat_bumn"])
    (row.refuse if interest is None else row.note)("minat_bumn", note)
    deadline, note = read_date(r["tenggat"])
    if deadline is None:
        row.refuse("tenggat", f"{str(r['tenggat']).strip()!r} bukan tanggal")
    else:
        row.note("tenggat", note)
    catatan = str(r["catatan"]).strip()
    if deadline and forum and deadline < forum:
        if prev is not None and prev["tenggat"] == deadline:
            row.note(
                "tenggat", f"{tanggal(deadline)} sudah lewat (tenggat forum sebelumnya)"
            )
        else:
            row.refuse(
                "tenggat",
                f"tenggat baru {tanggal(deadline)} sebelum tanggal forum {tanggal(forum)}",
            )
    if stage and prev is not None and prev["tahap"] in schema.STAGE_ORDER:
        order = schema.STAGE_ORDER
        if order[stage] < order[prev["tahap"]]:
            text = (
                f"mundur dari {prev['tahap']!r} (forum {tanggal(prev['tanggal_forum'])}) "
                f"ke {stage!r}"
            )
            if catatan:
                row.note("tahap", text + "; alasannya di Catatan")
            else:
                row.refuse("tahap", text + " tanpa Catatan; tulis alasannya di Catatan")
    mitra = ctx.programmes[prog].mitra_column if prog else None
    return {
        "tanggal_forum": forum or "",
        "kode_desa": kode,
        "program": prog or "",
        "minat_bumn": interest or "",
        "tahap": stage or "",
        **{c: str(r[c]).strip() for c in _TEXT},
        "tenggat": deadline or "",
        "kolom_mitra": mitra or "",
    }, prev


def _undecided(out: dict[str, Any], prev: dict[str, str] | None) -> str:
    """Why a read row decides nothing new (``""`` when it does)."""
    if prev is not None:
        same = all(out[c] == prev[c] for c in _OUTCOME if c != "tanggal_forum")
        return f"sama dengan riwayat (forum {tanggal(prev['tanggal_forum'])})" * same
    blank = not any(out[c] for c in ("tindak_lanjut", "pic", "tenggat", "catatan"))
    fresh = out["tahap"] == "calon" and out["minat_bumn"] in ("", "belum")
    return "masih calon, minat belum diketahui" * (blank and fresh)


_LABEL = {c.name: c.label for c in register.SCHEMA}


def _shown(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return "tidak diketahui"
    if isinstance(v, bool | np.bool_):
        return "ya" if v else "tidak"
    return str(v)


def apply_outcomes(
    register_: pd.DataFrame, accepted: pd.DataFrame, forum_date: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register with the partner status the forum's outcomes give.

    A row at a stage of :data:`~outcome_schema.PARTNER_STAGES` whose programme
    has a partner column sets it (and ``bermitra_bumn``) to True; the row's
    ``sumber_status`` starts with ``"hasil forum <tanggal>: <kolom>=ya
    (tahap …)"`` and keeps the former source after ``"; lainnya: "``. A
    *ditolak* never sets a partner column to False (a refused proposal is
    not the end of an existing partnership); other stages change nothing.

    Parameters
    ----------
    register_ : pandas.DataFrame
        The register.
    accepted : pandas.DataFrame
        :attr:`OutcomeImport.accepted`.
    forum_date : str, optional
        ISO date for rows without their own ``tanggal_forum``.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        A copy of the register (attrs kept) and one row per changed cell
        (:data:`CHANGE_COLUMNS`; values as Indonesian text).
    """
    out = register_.copy()
    pos = pd.Index(out["kode_desa"].astype(str))
    changes: list[tuple[str, str, str, str, str]] = []
    stamps: dict[int, list[str]] = {}
    rows = accepted[accepted["tahap"].isin(schema.PARTNER_STAGES)]
    for rec in rows.to_dict("records"):
        col = rec.get("kolom_mitra") or ""
        if not col or col not in out.columns or rec["kode_desa"] not in pos:
            continue
        r = int(pos.get_loc(rec["kode_desa"]))
        when = tanggal(rec.get("tanggal_forum") or forum_date or "")
        why = f"hasil forum {when} (tahap {rec['tahap']})"
        for c in (col, "bermitra_bumn"):
            old = out.iloc[r][c]
            if _shown(old) == "ya":
                continue
            out.iloc[r, out.columns.get_loc(c)] = True
            changes.append((rec["kode_desa"], _LABEL[c], _shown(old), "ya", why))
            if c == col:
                stamps.setdefault(r, []).append(
                    f"hasil forum {when}: {_LABEL[c]}=ya ({rec['tahap']})"
                )
    for r, parts in stamps.items():
        old = out.iloc[r]["sumber_status"]
        rest = str(old) if isinstance(old, str) and old else ""
        new = "; ".join(parts) + (f"; lainnya: {rest}" if rest else "")
        out.iloc[r, out.columns.get_loc("sumber_status")] = new
        kode, label = str(out.iloc[r]["kode_desa"]), _LABEL["sumber_status"]
        changes.append((kode, label, rest, new, "sumber status dari hasil forum"))
    out.attrs = dict(register_.attrs)
    return out, pd.DataFrame(changes, columns=list(CHANGE_COLUMNS))


def append_history(
    path: str | Path,
    accepted: pd.DataFrame,
    *,
    file_name: str,
    imported_at: dt.datetime | str | None = None,
) -> pd.DataFrame:
    """Append accepted outcomes to the history file; never rewrite a row.

    The file is created with its header (:data:`~outcome_schema.HISTORY_COLUMNS`)
    when absent. A row equal to one already there on every column but
    ``berkas`` and ``diimpor`` (the same file imported twice, or renamed) is
    not appended again.

    Parameters
    ----------
    path : str or Path
        The history file.
    accepted : pandas.DataFrame
        :attr:`OutcomeImport.accepted`.
    file_name, imported_at : str; datetime or str, optional
        ``berkas`` (the imported file's name) and ``diimpor`` (default: now).

    Returns
    -------
    pandas.DataFrame
        The accepted rows as history rows, with ``riwayat``: *ditambahkan* or
        *sudah ada*.

    Raises
    ------
    IntakeError
        An existing file without the history's header.
    """
    path = Path(path)
    cols = list(schema.HISTORY_COLUMNS)
    new = accepted.reindex(columns=_OUTCOME).fillna("").astype(str)
    new["berkas"] = file_name
    new["diimpor"] = str(imported_at or dt.datetime.now().replace(microsecond=0))
    new = new[cols].reset_index(drop=True)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        head = path.read_text(encoding="utf-8-sig").splitlines()[:1]
        if not head or next(csv.reader(head)) != cols:
            raise IntakeError(
                f"berkas riwayat {path.name} bukan riwayat hasil forum (kolom: "
                f"{', '.join(cols)}); pakai berkas lain dengan --riwayat"
            )
    known = {tuple(r) for r in read_history(path)[_OUTCOME].itertuples(index=False)}
    keys = [tuple(r) for r in new[_OUTCOME].itertuples(index=False)]
    fresh = [k not in known for k in keys]
    new["riwayat"] = ["ditambahkan" if f else "sudah ada" for f in fresh]
    rows = documents.neutralise(new.loc[fresh, cols])[0]
    buf = io.StringIO()
    if exists and not path.read_bytes().endswith(b"\n"):
        buf.write("\n")  # a file cut after its last field: the new row on its own line
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(([] if exists else [cols]) + list(rows.itertuples(index=False)))
    if len(rows) or not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", newline="") as fh:
            fh.write(buf.getvalue())
    return new


def import_outcomes(
    path: str | Path,
    register_path: str | Path,
    out_dir: str | Path,
    *,
    history: str | Path | None = None,
    today: dt.date | None = None,
    imported_at: dt.datetime | str | None = None,
) -> OutcomeImport:
    """``kdkmp import-hasil-forum``: read, apply, write the register, append history.

    Writes ``register.csv`` (updated) and the reports into ``out_dir``, then
    appends to ``history`` (default ``out_dir/riwayat_hasil_forum.csv``).

    Returns
    -------
    OutcomeImport
        With ``changes``, ``history`` and ``files`` filled.

    Raises
    ------
    IntakeError
        See :func:`read_outcomes`.
    RegisterError
        A register that cannot be read.
    """
    out = documents.output_dir(out_dir)
    hist = Path(history) if history is not None else out / schema.HISTORY_FILE
    reg = register.read_register(register_path)
    res = read_outcomes(path, reg, history=hist, today=today)
    new_reg, res.changes = apply_outcomes(reg, res.accepted)
    res.files = res.write(out)
    res.files["register"] = register.write_register(new_reg, out / "register.csv")
    res.history = append_history(
        hist, res.accepted, file_name=res.source, imported_at=imported_at
    )
    res.files["history"] = hist
    return res
