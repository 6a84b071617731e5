"""What an intake produced, and the match report that loses nothing.

:class:`IntakeResult` holds the register, the match report (one row per input
row, whatever happened to it), the official desa without a row and the
statistics report; :meth:`IntakeResult.write` writes them as CSV, one
workbook (:func:`kdkmp_analysis.documents.write_sheet`, match statuses
highlighted) and one page (:func:`kdkmp_analysis.documents.page`).
:func:`missing_desa` and :func:`summarise` are shared by the SIMKOPDES and
the Dinas intake.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import documents, region, register
from kdkmp_analysis._format import angka
from kdkmp_analysis.intake.coordinates import COORDINATE_FLAGS
from kdkmp_analysis.intake.matching import DUPLICATE_RULE, MATCH_STATUS

__all__ = ["REPORT_LABELS", "IntakeResult", "missing_desa", "summarise"]

#: Report columns → Indonesian headings (Excel/HTML versions of the report).
REPORT_LABELS: dict[str, str] = {
    "baris_berkas": "Baris di Berkas",
    "cooperative_id": "ID SIMKOPDES",
    "nama_input": "Nama di Berkas",
    "kecamatan_input": "Kecamatan di Berkas",
    "kabupaten_input": "Kabupaten di Berkas",
    "lat_input": "Lintang di Berkas",
    "lon_input": "Bujur di Berkas",
    "nama_normal": "Nama Dinormalkan",
    "status_cocok": "Status Pencocokan",
    "status_label": "Keterangan Status",
    "skor": "Skor Kemiripan",
    "kode_desa": "Kode Desa/Kelurahan",
    "nama_desa": "Desa/Kelurahan Resmi",
    "nama_kecamatan": "Kecamatan Resmi",
    "kandidat": "Kandidat / Keterangan",
    "jenis_disebut": "Jenis di Nama",
    "jenis_resmi": "Jenis Resmi",
    "jenis_berbeda": "Jenis Berbeda",
    "id_ganda": "ID Ganda",
    "duplikat": "Terdaftar Ganda",
    "id_dipakai": "ID yang Dipakai",
    "kode_input": "Kode di Berkas",
    "nilai_tidak_sah": "Nilai Tidak Sah",
    "kontradiksi": "Data Bertentangan",
    **COORDINATE_FLAGS,
    "jarak_desa_km": "Jarak ke Desanya (km)",
    "desa_lokasi": "Titik Jatuh di Desa",
    "lat_saran": "Saran Lintang",
    "lon_saran": "Saran Bujur",
    "koordinat_dipakai": "Koordinat Dipakai",
    "masuk_register": "Masuk Register",
    "catatan": "Catatan",
}

_STATS_LABELS = {
    "baris_berkas": "Baris di Berkas",
    "village_id": "ID Desa SIMKOPDES",
    "kecamatan_input": "Kecamatan di Berkas",
    "desa_input": "Desa di Berkas",
    "kabupaten_input": "Kabupaten di Berkas",
    "status_cocok": "Status Pencocokan",
    "skor": "Skor Kemiripan",
    "kode_desa": "Kode Desa/Kelurahan",
    "nama_desa": "Desa/Kelurahan Resmi",
    "kandidat": "Kandidat / Keterangan",
    "nilai_bukan_angka": "Nilai Bukan Angka",
    "tergabung": "Tergabung ke Register",
    "catatan": "Catatan",
}
_MISSING_LABELS = {
    "kode_desa": "Kode Desa/Kelurahan",
    "nama_desa": "Desa/Kelurahan",
    "jenis": "Jenis",
    "nama_kecamatan": "Kecamatan",
    "alasan": "Alasan",
}

_WARN = {"bg_color": "#FFE699"}
_BAD = {"bg_color": "#F4B183"}
#: Match statuses highlighted in the workbook (``exact`` stays plain).
_HIGHLIGHT = {
    "fuzzy": _WARN,
    "ambiguous": _BAD,
    "conflict": _BAD,
    "unmatched": _BAD,
    "other-kabupaten": _BAD,
}
#: The legend of the page (static HTML).
_LEGEND = (
    "<p>Status: <b>exact</b> = nama tepat; <b>fuzzy</b> = mirip, perlu dicek; "
    "<b>ambiguous</b> = dua kandidat sama kuat (tidak ditebak); "
    "<b>conflict</b> = lebih dari satu baris untuk satu desa; "
    "<b>unmatched</b> = tidak ditemukan; <b>other-kabupaten</b> = baris "
    "kabupaten/kota lain. <i>Terdaftar Ganda</i> = satu koperasi dengan dua ID "
    "(desa dan titik sama): keduanya ditandai, hanya <i>ID yang Dipakai</i> "
    "masuk register. Titik yang ditandai tidak dipindah diam-diam: "
    "kolom <i>Koordinat Dipakai</i> menyebut titik mana yang dipakai.</p>"
)


@dataclass
class IntakeResult:
    """What an intake produced.

    Attributes
    ----------
    register : pandas.DataFrame
        The register (:data:`register.SCHEMA` + extra columns) of the rows that
        matched (``exact``/``fuzzy``), already coerced
        (:func:`kdkmp_analysis.register.coerce_register`).
    report : pandas.DataFrame
        One row per input row (same order), see :data:`REPORT_LABELS`.
    missing : pandas.DataFrame
        Official desa/kelurahan without a register row, with the reason.
    stats_report : pandas.DataFrame
        One row per statistics row (empty when no statistics were given).
    summary : dict
        Counts: ``baris_masuk``, ``baris_laporan``, one key per match status,
        ``register``, ``tanpa_baris``, ``jenis_berbeda``, one key per
        coordinate flag, ``statistik_masuk``, ``statistik_tergabung``.
    kabupaten : region.Kabupaten
        The kabupaten of the intake.
    source : str
        Files and export date, for titles.
    status_data : str
        ``"impor"``, or ``"ilustrasi"`` for the sample export.
    """

    register: pd.DataFrame
    report: pd.DataFrame
    missing: pd.DataFrame
    stats_report: pd.DataFrame
    summary: dict[str, Any]
    kabupaten: region.Kabupaten
    source: str = ""
    status_data: str = "impor"

    def summary_text(self) -> str:
        """The summary as Indonesian text lines (printed by the CLI)."""
        s = self.summary
        tag = f" [{self.status_data.upper()}]" if self.status_data != "impor" else ""
        lines = [
            f"Impor {self.source} → {self.kabupaten.label}{tag}",
            f"  baris masuk {s['baris_masuk']}, baris di laporan {s['baris_laporan']}",
            *([f"  tanggal: {s['tanggal_ekspor']}"] if s.get("tanggal_ekspor") else []),
            "  pencocokan: "
            + ", ".join(
                f"{MATCH_STATUS[k].split(' (')[0]} {s[k]}" for k in MATCH_STATUS
            ),
            f"  register: {s['register']} koperasi; desa/kelurahan resmi tanpa "
            f"baris: {s['tanpa_baris']}; jenis desa/kelurahan berbeda: "
            f"{s['jenis_berbeda']}",
        ]
        if s.get("duplikat"):
            lines.append(
                f"  terdaftar ganda (desa dan titik sama, ID berbeda): "
                f"{s['duplikat']} baris, satu per desa masuk register "
                f"({DUPLICATE_RULE})"
            )
        flags = [
            f"{COORDINATE_FLAGS[k].lower()} {s[k]}"
            for k in COORDINATE_FLAGS
            if s.get(k)
        ]
        lines.append("  koordinat: " + (", ".join(flags) if flags else "tanpa tanda"))
        if s["titik_ekspor"] or s["titik_pusat"]:
            lines.append(
                f"  titik dipakai: ekspor {s['titik_ekspor']}, titik pusat "
                f"desa {s['titik_pusat']}"
            )
        if s.get("baris_kosong"):
            lines.append(f"  baris kosong (tanpa isi) dilewati: {s['baris_kosong']}")
        if s.get("nilai_tidak_sah"):
            lines.append(
                f"  nilai tidak sah (dibiarkan kosong): "
                f"{s.get('sel_tidak_sah', s['nilai_tidak_sah'])} sel di "
                f"{s['nilai_tidak_sah']} baris"
            )
        if s.get("kontradiksi"):
            lines.append(
                f"  data bertentangan (lihat kolom Catatan): {s['kontradiksi']} baris"
            )
        if s.get("statistik_masuk"):
            lines.append(
                f"  statistik desa: {s['statistik_masuk']} baris, "
                f"{s['statistik_tergabung']} tergabung ke register, "
                f"{s['statistik_masuk'] - s['statistik_tergabung']} tidak"
            )
        # what the reader noticed about the file (sheets, headings, encoding)
        lines += [f"  catatan berkas: {note}" for note in s.get("catatan_berkas", [])]
        return "\n".join(lines)

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``register.csv``, ``match_report.csv/.xlsx/.html`` and more.

        Parameters
        ----------
        out_dir : str or Path
            Output directory (created).

        Every file is written whole or not at all
        (:func:`kdkmp_analysis.documents.atomic`); the register last, so a
        complete ``register.csv`` comes with its reports.

        Returns
        -------
        dict
            Name → path of every file written (``register``, ``report``,
            ``report_xlsx``, ``report_html``, ``missing``, ``stats_report``).
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            "register": out / "register.csv",
            "report": out / "match_report.csv",
            "report_xlsx": out / "match_report.xlsx",
            "report_html": out / "match_report.html",
            "missing": out / "desa_tanpa_baris.csv",
        }
        shown = dataclasses.replace(self, report=_note_formula_text(self.report))
        documents.write_csv(shown.report, paths["report"], index=False)
        documents.write_csv(self.missing, paths["missing"], index=False)
        if not self.stats_report.empty:
            paths["stats_report"] = out / "stats_report.csv"
            documents.write_csv(self.stats_report, paths["stats_report"], index=False)
        _write_xlsx(shown, paths["report_xlsx"])
        documents.write_text(paths["report_html"], _html(shown))
        # last: a complete register.csv means its reports were written with it
        register.write_register(self.register, paths["register"])
        return paths


#: What the report says of a row whose text would run as a spreadsheet formula.
FORMULA_NOTE = "teks berawalan = + - @ ditulis sebagai teks, bukan rumus"


def _note_formula_text(report: pd.DataFrame) -> pd.DataFrame:
    """The report with a note on every row whose text could run as a formula."""
    _, changed = documents.neutralise(report.drop(columns=["catatan"], errors="ignore"))
    rows = changed != ""
    if not rows.any() or "catatan" not in report.columns:
        return report
    out = report.copy()
    note = FORMULA_NOTE + " (kolom " + changed[rows] + ")"
    old = out.loc[rows, "catatan"].fillna("").astype(str)
    out.loc[rows, "catatan"] = (old + "; ").where(old != "", "") + note
    return out


# ---------------------------------------------------------------------------
# Shared by the SIMKOPDES and the Dinas intake
# ---------------------------------------------------------------------------
def missing_desa(
    official: pd.DataFrame, reg: pd.DataFrame, report: pd.DataFrame
) -> pd.DataFrame:
    """Official desa/kelurahan without a register row, with the reason.

    Parameters
    ----------
    official : pandas.DataFrame
        :func:`kdkmp_analysis.region.load_desa` of the kabupaten.
    reg : pandas.DataFrame
        The register built.
    report : pandas.DataFrame
        The match report (``kode_desa``, ``status_cocok``, ``cooperative_id``).

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``jenis``, ``nama_kecamatan``,
        ``alasan`` (the rows that claimed it and why they did not enter, or
        *tidak ada baris di berkas*).
    """
    miss = official[~official["kode_desa"].isin(reg["kode_desa"])][
        ["kode_desa", "nama_desa", "jenis", "nama_kecamatan"]
    ].copy()
    claimed = report[report["kode_desa"] != ""]
    claims = claimed.groupby("kode_desa")["cooperative_id"].agg(
        lambda s: ", ".join(map(str, s))
    )
    status = claimed.groupby("kode_desa")["status_cocok"].first()
    miss["alasan"] = [
        f"{MATCH_STATUS[status[c]]}: baris id {claims[c]}"
        if c in claims.index
        else "tidak ada baris di berkas"
        for c in miss["kode_desa"]
    ]
    return miss.reset_index(drop=True)


def summarise(
    report: pd.DataFrame,
    reg: pd.DataFrame,
    missing: pd.DataFrame,
    stats_report: pd.DataFrame,
) -> dict[str, Any]:
    """The counts of :attr:`IntakeResult.summary`.

    Parameters
    ----------
    report, reg, missing, stats_report : pandas.DataFrame
        The parts of an :class:`IntakeResult`.

    Returns
    -------
    dict
        See :attr:`IntakeResult.summary`.
    """
    counts = report["status_cocok"].value_counts()
    s: dict[str, Any] = {"baris_masuk": len(report), "baris_laporan": len(report)}
    for k in MATCH_STATUS:
        s[k] = int(counts.get(k, 0))
    s["register"] = len(reg)
    s["tanpa_baris"] = len(missing)

    def count(col: str) -> int:
        if col not in report:
            return 0
        return int(report[col].astype("boolean").fillna(False).astype(bool).sum())

    s["jenis_berbeda"] = count("jenis_berbeda")
    s["id_ganda"] = count("id_ganda")
    s["duplikat"] = count("duplikat")
    for c in COORDINATE_FLAGS:
        s[c] = count(c)
    used = report.get("koordinat_dipakai", pd.Series(dtype=str))
    s["titik_ekspor"] = int((used == "ekspor").sum())
    s["titik_pusat"] = int((used == "titik pusat desa").sum())
    s["statistik_masuk"] = len(stats_report)
    s["statistik_tergabung"] = (
        int(stats_report["tergabung"].sum()) if len(stats_report) else 0
    )
    return s


# ---------------------------------------------------------------------------
# Writers: one workbook, one page
# ---------------------------------------------------------------------------
def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(columns={k: v for k, v in REPORT_LABELS.items() if k in df})


def _title(res: IntakeResult) -> str:
    return f"Laporan impor data koperasi — {res.kabupaten.label}"


def _ilustrasi_note(res: IntakeResult) -> str | None:
    if res.status_data != register.STATUS_ILUSTRASI:
        return None
    return "DATA ILUSTRASI: contoh ekspor buatan, bukan data koperasi yang sebenarnya."


def _print_header(res: IntakeResult) -> str:
    tag = " — DATA ILUSTRASI" if _ilustrasi_note(res) else ""
    return _title(res) + tag


def _sheets(res: IntakeResult) -> dict[str, pd.DataFrame]:
    sheets = {
        "Ringkasan": pd.DataFrame({"Ringkasan": res.summary_text().splitlines()}),
        "Laporan Pencocokan": _labelled(res.report),
        "Desa Tanpa Baris": res.missing.rename(columns=_MISSING_LABELS),
    }
    if not res.stats_report.empty:
        sheets["Statistik Desa"] = res.stats_report.rename(columns=_STATS_LABELS)
    return sheets


def _write_xlsx(res: IntakeResult, path: Path) -> None:
    """The workbook: summary, match report (statuses highlighted), missing, stats."""
    header = _print_header(res)
    highlight = {REPORT_LABELS["status_cocok"]: _HIGHLIGHT}
    with documents.open_workbook(path) as xw:
        for name, df in _sheets(res).items():
            documents.write_sheet(
                xw,
                name,
                df,
                header_note=header,
                highlight=highlight if name == "Laporan Pencocokan" else None,
            )


#: Float columns shown with more decimals than a table cell's default.
_PRECISE = {"lat_saran": 6, "lon_saran": 6, "jarak_desa_km": 3}


def _precise(v: Any, digits: int) -> str | None:
    if pd.isna(v):
        return None
    return angka(float(v), digits) if np.isfinite(v) else "∞"


def _shown(df: pd.DataFrame) -> pd.DataFrame:
    """Coordinates and distances as Indonesian text with their precision."""
    out = df.copy()
    for col, digits in _PRECISE.items():
        if col in out:
            out[col] = [_precise(v, digits) for v in out[col]]
    return out


def _html(res: IntakeResult) -> str:
    """The page: summary, legend, rows to check, missing desa, stats, full report."""
    esc = html.escape
    rep = _shown(res.report)
    check = _labelled(rep[res.report["catatan"] != ""])
    body = [
        f"<h2>Ringkasan</h2><pre>{esc(res.summary_text())}</pre>",
        _LEGEND,
        "<h2>Baris yang perlu dicek</h2>",
        documents.html_table(check),
        "<h2>Desa/kelurahan resmi tanpa baris</h2>",
        documents.html_table(res.missing.rename(columns=_MISSING_LABELS)),
    ]
    if not res.stats_report.empty:
        sr = res.stats_report[res.stats_report["status_cocok"] != "exact"]
        body += [
            "<h2>Statistik desa yang tidak tepat cocok</h2>",
            documents.html_table(sr.rename(columns=_STATS_LABELS)),
        ]
    body += [
        "<h2>Laporan lengkap (satu baris per baris berkas)</h2>",
        documents.html_table(_labelled(rep)),
    ]
    note = _ilustrasi_note(res)
    return documents.page(
        _title(res),
        "\n".join(body),
        note=note,
        note_class="catatan ilustrasi" if note else "catatan",
        sources=[res.source, region.source_names()],
    )
