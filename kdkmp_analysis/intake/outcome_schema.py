"""What a forum outcome is: the "Hasil Forum" sheet and the history file (issue 15).

The forum workbook's sheet :data:`SHEET` has one row per candidate shown at
the forum (:data:`SHEET_COLUMNS`, headings in Indonesian); the Dinas fills
the editable columns by hand. ``kdkmp import-hasil-forum`` reads it back
(:mod:`kdkmp_analysis.intake.outcomes`), and every accepted row is appended
to one history file (:data:`HISTORY_FILE`, :data:`HISTORY_COLUMNS`), which the
"Kemajuan" page and the follow-up lists read
(:mod:`kdkmp_analysis.handouts.progress`).

The stages follow the funnels the programmes themselves use: SIMKOPDES's
partnership submissions (diproses → diverifikasi → disetujui / ditolak) and
Pertamina's LPG outlet path (SIMKOPDES registration → DigiKop verification →
approval or rejection → active outlet), preceded by what a forum adds
(a candidate, the BUMN's interest, documents completed).
"""

from __future__ import annotations

__all__ = [
    "EDITABLE",
    "FINAL_STAGES",
    "HISTORY_COLUMNS",
    "HISTORY_FILE",
    "INTEREST",
    "PARTNER_STAGES",
    "PROTECTED",
    "SHEET",
    "SHEET_COLUMNS",
    "STAGES",
    "STAGE_ORDER",
    "row_key",
]

#: The sheet's name in the forum workbook.
SHEET = "Hasil Forum"

#: Stages in order; ``ditolak`` shares its rank with ``disetujui`` (either
#: ends the review), ``beroperasi`` comes after ``disetujui``.
STAGES = (
    "calon",
    "minat",
    "dokumen dilengkapi",
    "diajukan",
    "diverifikasi",
    "disetujui",
    "ditolak",
    "beroperasi",
)
STAGE_ORDER = {
    "calon": 0,
    "minat": 1,
    "dokumen dilengkapi": 2,
    "diajukan": 3,
    "diverifikasi": 4,
    "disetujui": 5,
    "ditolak": 5,
    "beroperasi": 6,
}
#: Stages that make the cooperative a partner of the programme's BUMN in the
#: register (with the forum's date and the history as the source).
PARTNER_STAGES = ("disetujui", "beroperasi")
#: Stages after which no follow-up is open.
FINAL_STAGES = ("ditolak", "beroperasi")

#: ``minat_bumn``: did the BUMN show interest in this cooperative?
INTEREST = ("ya", "tidak", "belum")

#: Columns of the sheet: key → heading. The first five are written by the
#: build and protected (a row cannot be misattributed); :data:`EDITABLE` are
#: filled by the Dinas. ``kunci_baris`` is a hidden check of code + programme.
SHEET_COLUMNS = {
    "kode_desa": "Kode Desa",
    "nama_koperasi": "Koperasi",
    "nama_kecamatan": "Kecamatan",
    "program": "Program",  # the programme's short name (catalogue ``singkat``)
    "peringkat": "Peringkat di Forum",
    "tanggal_forum": "Tanggal Forum",
    "minat_bumn": "Minat BUMN",
    "tahap": "Tahap",
    "tindak_lanjut": "Tindak Lanjut",
    "pic": "PIC",
    "tenggat": "Tenggat",
    "catatan": "Catatan",
    "kunci_baris": "Kunci Baris",
}
PROTECTED = ("kode_desa", "nama_koperasi", "nama_kecamatan", "program", "peringkat")
EDITABLE = (
    "tanggal_forum",
    "minat_bumn",
    "tahap",
    "tindak_lanjut",
    "pic",
    "tenggat",
    "catatan",
)

#: The outcome history: one file, append-only, one row per accepted outcome.
HISTORY_FILE = "riwayat_hasil_forum.csv"
HISTORY_COLUMNS = (
    "tanggal_forum",  # ISO date of the forum
    "kode_desa",
    "program",  # catalogue key (``bulog_sphp``)
    "minat_bumn",
    "tahap",
    "tindak_lanjut",
    "pic",
    "tenggat",  # ISO date or empty
    "catatan",
    "berkas",  # the imported file's name
    "diimpor",  # ISO date and time of the import
)


def row_key(kode_desa: str, program: str) -> str:
    """The hidden check of a sheet row: ``k`` and 10 hex digits of code + programme.

    A row whose code or programme was edited no longer matches its check,
    so the import reports it instead of moving an outcome to another
    cooperative or programme. The letter keeps a spreadsheet from reading an
    all-digit check as a number.

    >>> row_key("35.14.01.2001", "bulog_sphp") == row_key("35.14.01.2001", "bulog_sphp")
    True
    >>> len(row_key("35.14.01.2001", "bulog_sphp"))
    11
    """
    import hashlib

    return "k" + hashlib.sha1(f"{kode_desa}|{program}".encode()).hexdigest()[:10]
