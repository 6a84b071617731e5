"""Forum files: the workbook (one sheet per BUMN programme) and the same lists as HTML.

Everything here only presents a :class:`kdkmp_analysis.forum.Forum`: the
Indonesian headings, the sheets and sections, the notes. Sheets are written
with :func:`kdkmp_analysis.documents.write_sheet` and the page with
:func:`kdkmp_analysis.documents.page` (the one sheet writer and page skeleton).
The workbook and the page share one sources table (:func:`sources_table`) and
the workbook's programme sheets link each candidate to its card
(:func:`kdkmp_analysis.handouts.cards.card_href`).
"""

from __future__ import annotations

import datetime as _dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kdkmp_analysis import documents, gaps, params, register
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.forum import Forum, ForumError, build_forum, kecamatan_briefing
from kdkmp_analysis.handouts import forum_page, outcome_sheet
from kdkmp_analysis.handouts.analyses import (
    JARAK_GERAI,
    distance_basis,
    distance_label,
)
from kdkmp_analysis.handouts.cards import card_href
from kdkmp_analysis.handouts.gap_maps import forum_gap_categories
from kdkmp_analysis.region import Kabupaten

__all__ = [
    "CARD_HEADING",
    "COLUMN_LABELS",
    "GAP_SHEET",
    "ForumFiles",
    "write_forum",
    "PRINT_TITLE_ROWS",
    "gap_category_frame",
    "set_print_layout",
    "write_html",
    "write_workbook",
]


#: Indonesian headings of the forum tables (keys are register/analysis columns).
COLUMN_LABELS = {
    "peringkat": "Peringkat",
    "koperasi_id": "ID Koperasi",
    "nama_koperasi": "Koperasi",
    "kode_desa": "Kode Desa",
    "nama_desa": "Desa/Kelurahan",
    "kode_kecamatan": "Kode Kecamatan",
    "nama_kecamatan": "Kecamatan",
    "kesiapan": "Kesiapan",
    "status_mitra": "Status Mitra",
    "syarat_kurang": "Syarat Belum Terpenuhi",
    "data_kurang": "Data Belum Ada di Register",
    "verifikasi_dokumen": "Dokumen Diverifikasi di Forum",
    "jarak_mitra_km": JARAK_GERAI,
    "penduduk_desa": "Penduduk Desa",
    "penduduk_tanpa_mitra": "Tambahan Penduduk Terjangkau (Dihitung Sekali)",
    "terlayani_t_minggu": "Tambahan Beras Terlayani (t/minggu, Perkiraan)",
    "alasan": "Alasan",
    "program": "Kode Program",
    "nama_program": "Program",
    "nama_mitra": "BUMN Mitra",
    "koperasi": "Koperasi",
    "bermitra": "Sudah Bermitra",
    "siap_belum_bermitra": "Siap, Belum Bermitra (Kandidat)",
    "belum_siap": "Belum Bermitra: Belum Siap",
    "tidak_dapat_dinilai": "Belum Bermitra: Tidak Dapat Dinilai",
    "siap": "Siap (Semua)",
    "mitra_tidak_diketahui": "Status Mitra Tidak Diketahui",
    "mitra_diketahui": "Status Mitra Diketahui",
    "penduduk_mitra_diketahui": "Penduduk di Desa dengan Status Mitra Diketahui",
    "syarat_kurang_terbanyak": "Syarat Kurang Terbanyak",
    "jumlah_syarat_kurang_terbanyak": "Jumlah Koperasi Kurang Syarat Itu",
    "penduduk": "Penduduk",
    "penduduk_desa_bermitra": "Penduduk di Desa Bermitra",
    "porsi_siap_belum_bermitra": "Porsi Kandidat",
    "cakupan_penduduk_pct": "Cakupan Penduduk (%)",
    "status_penduduk": "Status Angka Penduduk",
    "tanpa_nib": "Tanpa NIB",
    "nib_tidak_diketahui": "NIB Tidak Diketahui",
    "bermitra_bumn": "Bermitra BUMN (Mana Pun)",
    "bermitra_bumn_tidak_diketahui": "Status Bermitra BUMN Tidak Diketahui",
    "kandidat_teratas": "Kandidat Teratas",
    "syarat": "Syarat",
    "kolom": "Kolom Register",
    "kondisi": "Kondisi",
    "sumber": "ID Sumber",
    "judul_sumber": "Sumber",
    "url": "URL",
    "tanggal": "Tanggal",
    "mitra": "BUMN Mitra",
}


def _headed(
    df: pd.DataFrame, pop_status: str, labels: dict[str, str] | None = None
) -> pd.DataFrame:
    out = df.copy()
    names = {}
    for c in out.columns:
        label = (labels or {}).get(c) or COLUMN_LABELS.get(c, c)
        if c.startswith("kandidat ") and c not in COLUMN_LABELS:
            label = "Kandidat " + c[len("kandidat ") :]
        if pop_status == "perkiraan" and c in {
            "penduduk_desa",
            "penduduk_tanpa_mitra",
            "penduduk",
            "penduduk_desa_bermitra",
            "penduduk_mitra_diketahui",
            "cakupan_penduduk_pct",
        }:
            label += " (perkiraan)"
        names[c] = label
    out = out.rename(columns=names)
    for c in out.columns:  # Excel/HTML: plain objects, <NA> → empty
        if str(out[c].dtype) in {"Int64", "Float64", "boolean", "string"}:
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


def _summary_frame(forum: Forum) -> pd.DataFrame:
    cols = [
        "nama_program",
        "nama_mitra",
        "koperasi",
        "bermitra",
        "siap_belum_bermitra",
        "belum_siap",
        "tidak_dapat_dinilai",
        "siap",
        "mitra_diketahui",
        "mitra_tidak_diketahui",
        "syarat_kurang_terbanyak",
        "jumlah_syarat_kurang_terbanyak",
        "penduduk_desa_bermitra",
        "cakupan_penduduk_pct",
    ]
    # <NA> partner figures read "tidak diketahui" / "tidak berlaku", never 0
    shown = gaps.label_unknown(forum.summary[["program", *cols]])
    return _headed(shown[cols], forum.status_penduduk)


def _briefing_frame(forum: Forum) -> pd.DataFrame:
    b = kecamatan_briefing(forum)
    b["bermitra_bumn"] = (
        b["bermitra_bumn"]
        .astype(object)
        .where(b["bermitra_bumn"].notna(), gaps.TIDAK_DIKETAHUI)
    )
    return _headed(b, forum.status_penduduk)


def _candidate_frame(forum: Forum, key: str) -> pd.DataFrame:
    c = forum.candidates[key].drop(columns=["koperasi_id", "kode_kecamatan"])
    if c.get("terlayani_t_minggu", pd.Series(dtype=float)).isna().all():
        c = c.drop(columns=["terlayani_t_minggu"], errors="ignore")  # no flow model
    # the card link's cell (the link is written over it, see _write_card_links)
    c.insert(list(c.columns).index("nama_koperasi") + 1, CARD_HEADING, CARD_HEADING)
    # the distance heading says what this list's distance is measured to
    return _headed(
        c, forum.status_penduduk, {"jarak_mitra_km": distance_label(forum, key)}
    )


#: Name of the workbook sheet of the four gap categories per kecamatan (§4).
GAP_SHEET = "Kesenjangan per Kecamatan"
#: Heading of the programme sheets' column that links each candidate's card.
CARD_HEADING = "Kartu"
_RANK_NOT_READY = "Peringkat (Koperasi Belum Siap)"
_RANK_PEOPLE = "Peringkat (Penduduk Tanpa Mitra)"
_PARTNER_UNKNOWN = (
    "Status Mitra Tidak Diketahui (Termasuk di Tiga Kategori Belum Bermitra)"
)


def gap_category_frame(
    forum: Forum, categories: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The four gap categories per partner programme and kecamatan, ranked.

    One block per programme of the forum's lists: every kecamatan with its
    cooperatives split into *bermitra*, *siap, belum bermitra*, *belum
    siap* (with the requirement they miss most often) and *tidak dapat
    dinilai*, counts and shares, and the people without a partner or outlet
    (:func:`kdkmp_analysis.handouts.gap_maps.forum_gap_categories`). Rows in
    the order of :func:`kdkmp_analysis.gaps.category_table` by not-ready
    cooperatives; the rank by people without a partner is a column beside it
    (a filter or sort in Excel gives that order). A cooperative whose
    partner status is unknown is counted in the three unpartnered
    categories, and a column says how many there are.

    Parameters
    ----------
    forum : Forum
    categories : pandas.DataFrame, optional
        :func:`forum_gap_categories` of ``forum`` when already computed.

    Returns
    -------
    pandas.DataFrame
        Indonesian headings; counts, shares and ranks stay numbers (empty
        where not known), so the writer gives them number formats.
    """
    cats = forum_gap_categories(forum) if categories is None else categories
    progs = gaps.load_programmes()
    est = " (perkiraan)" if forum.status_penduduk == "perkiraan" else ""
    people = f"Penduduk Tanpa Mitra/Gerai (Dihitung Sekali){est}"
    blocks = []
    for key in forum.candidates:
        sub = cats[cats["program"] == key]
        if sub.empty:
            continue
        t = gaps.category_table(cats, key, "belum_siap")
        sub = sub.sort_values(
            ["peringkat_belum_siap", "kode_kecamatan"], na_position="last"
        )
        if list(sub["nama_kecamatan"]) != list(t["Kecamatan"]):
            raise ForumError(f"urutan kecamatan {key} tidak cocok")  # pragma: no cover
        t = t.rename(
            columns={"Peringkat": _RANK_NOT_READY, "Penduduk tanpa mitra": people}
        )
        t.insert(1, _RANK_PEOPLE, sub["peringkat_penduduk_tanpa_mitra"].to_numpy())
        # unknown partner status sits in the three unpartnered categories: said
        unknown = forum.gaps[forum.gaps["program"] == key].set_index("kode_kecamatan")
        most = "Syarat kurang terbanyak (belum siap)"
        t.insert(
            list(t.columns).index(most),
            _PARTNER_UNKNOWN,
            sub["kode_kecamatan"].map(unknown["mitra_tidak_diketahui"]).to_numpy(),
        )
        t.insert(0, COLUMN_LABELS["nama_program"], progs[key].nama)
        t.insert(1, COLUMN_LABELS["nama_mitra"], progs[key].nama_mitra)
        t[most] = [m if isinstance(m, str) and m else "–" for m in t[most]]
        blocks.append(t)
    if not blocks:
        return pd.DataFrame({COLUMN_LABELS["nama_program"]: []})
    return _headed(pd.concat(blocks, ignore_index=True), "")


def _gap_title(cats: pd.DataFrame, note: str) -> str:
    """Title row of the gap-category sheet: what is counted over what."""
    basis = cats["dasar_penduduk_tanpa_mitra"].dropna().astype(str)
    people = f"; penduduk: {basis.iloc[0]}" if len(basis) else ""
    return (
        "Kesenjangan per kecamatan: bermitra, siap belum bermitra, belum siap, "
        f"tidak dapat dinilai ({gaps.DASAR_KATEGORI}){people} · {note}"
    )


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31]
    base, i = name, 2
    while name in used:
        suffix = f" {i}"
        name = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(name)
    return name


def _notes(forum: Forum) -> list[str]:
    today = tanggal(_dt.date.today())
    return [
        f"Forum temu bisnis KDKMP — {forum.kabupaten.label}; dibuat {today}",
        forum.data_note,
        f"Register: {forum.sumber.get('register', '')}",
        f"Penduduk: {forum.sumber.get('penduduk', '')}",
        f"Batas desa: {forum.sumber.get('batas', '')}",
        *(
            [f"Gerai BUMN yang ada: {forum.sumber['outlet']}"]
            if "outlet" in forum.sumber
            else []
        ),
        f"Jarak ke mitra terdekat: {distance_basis(forum)}; per daftar BUMN: "
        "lihat lembar 'Sumber'.",
        "Tambahan penduduk terjangkau: penduduk dalam jangkauan jalan kandidat "
        "yang belum terjangkau mitra atau gerai BUMN itu maupun kandidat di "
        "atasnya (Bulog: setara permintaan beras yang terlayani menurut model "
        "penyaluran), tiap orang dihitung sekali (jumlah kolom tidak melebihi "
        "penduduk kabupaten).",
        "Kesiapan: 'belum siap' bila ada syarat yang tercatat tidak terpenuhi; "
        "'tidak dapat dinilai' bila data syarat belum ada di register; "
        "'siap' bila semua syarat yang dapat dicatat register terpenuhi — "
        "dokumen (KTP pengurus, proposal, dll.) tetap diverifikasi di forum.",
        "Status mitra yang tidak diketahui tidak dihitung sebagai 'belum "
        "bermitra': bila tidak ada status mitra yang diketahui, 'Sudah Bermitra' "
        "dan cakupan penduduk tertulis 'tidak diketahui'; persentase dihitung "
        "atas koperasi/desa yang statusnya diketahui.",
        "Kandidat = koperasi yang belum (diketahui) bermitra dengan BUMN itu. "
        "Urutan: siap → tidak dapat dinilai → belum siap; status mitra "
        "diketahui dulu; syarat kurang paling sedikit; lalu tambahan terbesar "
        "(Bulog: beras terlayani; lainnya: penduduk terjangkau); bila sama, "
        "sudah bertransaksi dulu, lalu terjauh dari mitra yang ada.",
        "Syarat dan angka program: tabel parameter proyek "
        "(data/parameter.toml); sumber tiap syarat dan angka di lembar 'Sumber'.",
    ]


def _data_sources(forum: Forum) -> pd.DataFrame:
    """Rows of the Sumber sheet: each list's distance, the outlets, each column."""
    progs = gaps.load_programmes()
    rows = [
        {
            "nama_program": progs[k].nama if k in progs else k,
            "kolom": distance_label(forum, k),
            "judul_sumber": distance_basis(forum, k),
        }
        for k in forum.candidates
    ]
    rows += [
        {
            "nama_program": progs[k].nama if k in progs else k,
            "kolom": "Dasar peringkat",
            "judul_sumber": str(c.attrs.get("dasar_peringkat", "")),
        }
        for k, c in forum.candidates.items()
    ]
    if "outlet" in forum.sumber:
        n = 0 if forum.outlets is None else len(forum.outlets)
        rows.append(
            {
                "kolom": "Gerai BUMN yang ada",
                "kondisi": f"{angka(n)} gerai",
                "judul_sumber": forum.sumber["outlet"],
            }
        )
    n_reg = len(forum.register)
    for r in register.column_sources(forum.register).itertuples():
        rows.append(
            {
                "kolom": r.label,
                "kondisi": f"{angka(r.jumlah_baris)} dari {angka(n_reg)} koperasi",
                "judul_sumber": r.sumber,
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class _Sheet:
    """One sheet of the forum workbook, as :func:`write_workbook` writes it."""

    name: str
    title: str
    frame: pd.DataFrame
    #: Desa code of each row, for the card links of a programme sheet.
    cards: tuple[str, ...] = ()


def _workbook_sheets(forum: Forum, note: str) -> list[_Sheet]:
    """Every sheet of the forum workbook, in order (``note``: the data note)."""
    progs = gaps.load_programmes()
    label = forum.kabupaten.label
    sheets = [
        _Sheet(
            "Ringkasan",
            f"Ringkasan kesenjangan kemitraan — {label} · {note}",
            _summary_frame(forum),
        )
    ]
    for key, cands in forum.candidates.items():
        p = progs[key]
        sheets.append(
            _Sheet(
                p.singkat,
                f"Kandidat mitra {p.nama_mitra} — {p.nama} · {note} · "
                f"{distance_basis(forum, key)} · kolom '{CARD_HEADING}': "
                "kartu koperasi (folder kartu di samping folder forum)",
                _candidate_frame(forum, key),
                tuple(cands["kode_desa"].astype(str)),
            )
        )
    cats = forum_gap_categories(forum)
    matrix = gaps.readiness_matrix(forum.readiness).drop(
        columns=["koperasi_id", "kode_kecamatan"]
    )
    matrix = matrix.rename(
        columns={k: progs[k].singkat for k in progs if k in matrix.columns}
    )
    sheets += [
        _Sheet(GAP_SHEET, _gap_title(cats, note), gap_category_frame(forum, cats)),
        _Sheet(
            "Per Kecamatan",
            f"Ringkasan per kecamatan: jumlah kandidat per program · {note}",
            _briefing_frame(forum),
        ),
        _Sheet(
            "Matriks Kesiapan",
            f"Kesiapan tiap koperasi per program · {note}",
            _headed(matrix, ""),
        ),
        _Sheet(
            "Sumber",
            "Syarat dan angka program dengan sumbernya; dasar jarak tiap "
            "daftar, gerai BUMN dan sumber tiap kolom register",
            _sources_table(forum),
        ),
        _Sheet("Catatan", "Catatan", pd.DataFrame({"Catatan": _notes(forum)})),
    ]
    return sheets


def _write_card_links(ws: Any, sheet: _Sheet, cards_from: str) -> None:
    """Each row's *Kartu* cell becomes a link to ``kartu/<kode_desa>.html``.

    The link is relative to the workbook's folder (``cards_from`` leads from
    there to the build's root), so it works in the build and in the unpacked
    share package alike (:func:`kdkmp_analysis.handouts.index.write_share_package`
    keeps the build's paths).
    """
    j = list(sheet.frame.columns).index(CARD_HEADING)
    top = 1  # the title row; the heading row follows (documents.write_sheet)
    for i, code in enumerate(sheet.cards):
        ws.write_url(
            top + 1 + i,
            j,
            "external:" + card_href(code, cards_from),
            string=CARD_HEADING,
            tip=f"Kartu koperasi desa {code}",
        )


def write_workbook(
    forum: Forum,
    path: str | Path,
    *,
    cards_from: str | None = "..",
    history: pd.DataFrame | None = None,
) -> Path:
    """Write the forum workbook (xlsx).

    Sheets: ``Ringkasan`` (per programme, regency totals), one sheet per
    partner programme (ranked candidates with reasons and a *Kartu* link to
    each cooperative's card), :data:`GAP_SHEET` (the four gap categories per
    programme and kecamatan, :func:`gap_category_frame`), ``Per Kecamatan``
    (briefing), ``Matriks Kesiapan``, ``Sumber`` (requirements and numbers
    with their sources, the same table as the page) and ``Catatan`` (data
    status, method). Every sheet: a title row naming the data status
    (``DATA ILUSTRASI`` for the default register), Indonesian headings on
    row 2, frozen header, autofilter, column widths and number formats set,
    the same note as the printed page header, and the print set-up of
    :func:`set_print_layout`.

    Parameters
    ----------
    forum : Forum
        Output of :func:`kdkmp_analysis.forum.build_forum`.
    path : str or Path
        Target ``.xlsx`` file (parent directories are created).
    cards_from : str or None
        Path from the workbook's folder to the build's root, where the cards
        lie in ``kartu/`` (``".."``: the workbook is in ``forum/`` or
        ``maps/``). ``None`` writes the *Kartu* column without links.
    history : pandas.DataFrame, optional
        The outcome history: adds the *Tindak Lanjut* sheet and the open
        follow-ups to *Hasil Forum* (:mod:`~kdkmp_analysis.handouts.outcome_sheet`,
        whose sheets are always the last).

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    color = "#9c0006" if forum.is_illustrative else "#1f4e79"
    note = forum.data_note  # computed from the whole register: once
    with documents.open_workbook(path) as writer:
        for sheet in _workbook_sheets(forum, note):
            name = _sheet_name(sheet.name, used)
            documents.write_sheet(
                writer,
                name,
                sheet.frame,
                title=sheet.title,
                title_color=color,
                header_note=note,
                link_column="Tautan",  # the sources' own pages
            )
            if sheet.cards and cards_from is not None and name in writer.sheets:
                _write_card_links(writer.sheets[name], sheet, cards_from)
        outcome_sheet.write_outcome_sheets(
            writer, forum, history=history, title_color=color, note=note
        )
        for ws in writer.sheets.values():  # parts of a split table included
            set_print_layout(ws)
    return path


#: Rows repeated at the top of every printed page: the title (data status)
#: and the heading row that :func:`documents.write_sheet` writes below it.
PRINT_TITLE_ROWS = (0, 1)


def set_print_layout(ws: Any, title_rows: tuple[int, int] = PRINT_TITLE_ROWS) -> None:
    """Print set-up of one forum sheet: A4 landscape, one page wide.

    Landscape A4, fit to the page width (``fitToWidth=1``) with as many
    pages down as needed (``fitToHeight=0``), the title and heading rows
    repeated on every printed page, narrow margins, the table's gridlines
    printed and "Halaman n dari m" in the footer.

    Numbers stay numbers with the format ``#,##0`` / ``#,##0.0``: an Excel
    format code cannot force a decimal comma, so a reader's Excel shows its
    own locale's separators (``1.234,5`` in an Indonesian Excel, ``1,234.5``
    in an English one); the workbook cannot carry a locale.

    Parameters
    ----------
    ws : xlsxwriter.worksheet.Worksheet
        A sheet written by :func:`documents.write_sheet`.
    title_rows : tuple of int
        First and last row (0-based) repeated on each page.
    """
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(*title_rows)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.hide_gridlines(0)  # print the gridlines
    ws.set_footer("&CHalaman &P dari &N")


def _page_summary(forum: Forum) -> pd.DataFrame:
    """The short per-programme summary of the page (the workbook has all)."""
    cols = [
        "nama_program",
        "nama_mitra",
        "bermitra",
        "siap_belum_bermitra",
        "belum_siap",
        "tidak_dapat_dinilai",
        "mitra_tidak_diketahui",
        "syarat_kurang_terbanyak",
        "cakupan_penduduk_pct",
    ]
    shown = gaps.label_unknown(forum.summary[["program", *cols]])[cols].copy()
    most = forum.summary["syarat_kurang_terbanyak"].astype(object)
    count = forum.summary["jumlah_syarat_kurang_terbanyak"]
    shown["syarat_kurang_terbanyak"] = [
        f"{m} ({angka(int(c))} koperasi)"
        if isinstance(m, str) and m and pd.notna(c)
        else "–"
        for m, c in zip(most, count, strict=True)
    ]
    est = " (perkiraan)" if forum.status_penduduk == "perkiraan" else ""
    labels = {
        "nama_program": "Program",
        "nama_mitra": "BUMN Mitra",
        "bermitra": "Sudah Bermitra",
        "siap_belum_bermitra": "Kandidat Siap",
        "belum_siap": "Belum Siap",
        "tidak_dapat_dinilai": "Tidak Dapat Dinilai",
        "mitra_tidak_diketahui": "Status Mitra Tidak Diketahui",
        "syarat_kurang_terbanyak": "Syarat Kurang Terbanyak",
        "cakupan_penduduk_pct": "Cakupan Penduduk (% dari penduduk desa yang "
        f"status mitranya diketahui){est}",
    }
    n = len(forum.register)
    labels["bermitra"] += f" (dari {angka(n)} koperasi)"
    return _headed(shown, "", labels)


def _condition_words(program: str, condition: str) -> str:
    """A requirement's condition in words (``>= angka.gudang_min_t`` → "minimal 5 t")."""
    if condition == "== true":
        return "harus ada (tercatat di register)"
    if condition == "verifikasi dokumen":
        return "diperiksa di forum"
    if condition.startswith(">= angka."):
        key = f"program.{program}.angka.{condition.split('.', 1)[1]}"
        try:
            e = params.entry(key)
        except (KeyError, ValueError):
            return "sesuai ketentuan program"
        shown = _number_words(e.get("nilai"))
        return f"minimal {shown} {e.get('satuan', '')}".strip()
    return condition


def _number_words(v: Any) -> str:
    """A parameter's value as a planner reads it (``11000`` → "11.000")."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    return angka(v, 0 if float(v).is_integer() else 1)


_ACRONYMS = {"het": "HET", "lpg": "LPG", "npk": "NPK", "spbu": "SPBU", "sphp": "SPHP"}
_WORDS = {
    "min": "minimal",
    "maks": "maksimal",
    "jatim": "Jawa Timur",
    "3kg": "3 kg",
    "minyakita": "Minyakita",
}
_UNITS = {"kg", "t", "km", "m2", "bulan", "minggu", "liter"}


def _number_name(key: str) -> str:
    """A programme number's name in words (``jarak_spbu_min_km`` → "jarak SPBU minimal").

    The unit is left out (the *Ketentuan* column states it).
    """
    words = key.rsplit(".", 1)[-1].split("_")
    while len(words) > 1 and words[-1] in _UNITS:
        words.pop()
    return " ".join(_ACRONYMS.get(w) or _WORDS.get(w, w) for w in words)


def _date_words(value: Any) -> str:
    """A source's date in Indonesian words (``2025-09`` → "September 2025").

    A year alone reads "tahun 2025" (text, never a number a sheet would sum).
    """
    if not isinstance(value, str) or not value:
        return ""
    return f"tahun {value}" if value.isdigit() else tanggal(value)


def _sources_table(forum: Forum) -> pd.DataFrame:
    """The sources table of the page and of the workbook's *Sumber* sheet.

    Requirements and programme numbers in words with the Indonesian title of
    their source, its link and date, then each list's distance basis, the
    outlets and the source of each register column; no keys, ``–`` where
    there is nothing to say.
    """
    rows = []
    for r in gaps.programmes_table().itertuples():
        rows.append(
            {
                "Program": r.nama_program,
                "Syarat atau Angka": r.syarat,
                "Ketentuan": _condition_words(r.program, str(r.kondisi)),
                "Sumber": params.source_title(r.sumber) if r.sumber else "",
                "Tautan": r.url,
                "Tanggal": _date_words(r.tanggal),
            }
        )
    for p in gaps.load_programmes().values():
        for k in p.angka:
            e = params.entry(k)
            src = params.source(e.get("sumber", "asumsi"))
            shown = _number_words(e.get("nilai"))
            rows.append(
                {
                    "Program": p.nama,
                    "Syarat atau Angka": f"Angka program: {_number_name(k)}",
                    "Ketentuan": f"{shown} {e.get('satuan', '')}".strip(),
                    "Sumber": params.source_title(e.get("sumber", "asumsi")),
                    "Tautan": src.get("url", ""),
                    "Tanggal": _date_words(src.get("tanggal", "")),
                }
            )
    for rec in _data_sources(forum).to_dict("records"):
        r = {k: v for k, v in rec.items() if isinstance(v, str) and v}
        rows.append(
            {
                "Program": r.get("nama_program") or "Semua program",
                "Syarat atau Angka": r.get("kolom", ""),
                "Ketentuan": r.get("kondisi") or "",
                "Sumber": r.get("judul_sumber", ""),
            }
        )
    out = pd.DataFrame(rows).fillna("")
    return out.astype(object).where(out.astype(bool), "–")


def _listings(forum: Forum) -> list[forum_page.Listing]:
    progs = gaps.load_programmes()
    out = []
    for key, rows in forum.candidates.items():
        p = progs[key]
        out.append(
            forum_page.Listing(
                key=key,
                tab=p.singkat,
                title=f"Kandidat mitra {p.nama_mitra} — {p.nama}",
                notes=(p.keterangan, f"Jarak: {distance_basis(forum, key)}."),
                distance_heading=distance_label(forum, key),
                rows=rows,
                population_status=forum.status_penduduk,
            )
        )
    return out


def write_html(forum: Forum, path: str | Path) -> Path:
    """Write the forum lists as one self-contained, usable HTML page.

    One tab per programme with a table that fits a 1366-px screen, the
    reason under each cooperative, filters (kecamatan, readiness, partner
    status), search, sortable columns, sticky headings, counts that follow
    the filter, the first :data:`forum_page.ROW_LIMIT` rows by default and
    A4-landscape print styles (:mod:`kdkmp_analysis.handouts.forum_page`).
    Each cooperative links to its card ``../kartu/<kode_desa>.html``. The
    page has no external references; every value is HTML-escaped.

    Parameters
    ----------
    forum : Forum
        Output of :func:`kdkmp_analysis.forum.build_forum`.
    path : str or Path
        Target ``.html`` file.

    Returns
    -------
    pathlib.Path
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    esc = html.escape
    table = documents.html_table
    notes = "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in _notes(forum)) + "</ul>"
    names = forum_page.mark_names
    extra = [
        (
            "kecamatan",
            "Ringkasan per kecamatan",
            f'<div class="lebar">{names(table(_briefing_frame(forum)))}</div>',
        ),
        (
            "sumber",
            "Syarat, angka dan sumber",
            f'<div class="lebar">{names(table(_sources_table(forum)))}</div>',
        ),
        ("catatan", "Catatan dan cara membaca", names(notes)),
    ]
    body = forum_page.forum_body(_listings(forum), _page_summary(forum), extra)
    label = forum.kabupaten.label
    page = documents.page(
        f"Forum kemitraan KDKMP — {label}",
        body,
        heading=f"Forum temu bisnis KDKMP — {label}",
        note=forum.data_note,
        note_class="catatan ilustrasi" if forum.is_illustrative else "catatan",
    )
    return documents.write_text(path, page)


@dataclass(frozen=True)
class ForumFiles:
    """Paths written by :func:`write_forum`."""

    workbook: Path
    html: Path


def write_forum(
    out_dir: str | Path,
    reg: pd.DataFrame | None = None,
    kabupaten: Kabupaten | str | None = None,
    *,
    population: pd.DataFrame | None = None,
    forum: Forum | None = None,
    history: pd.DataFrame | None = None,
) -> ForumFiles:
    """Build the forum data (unless given) and write the workbook and HTML.

    Parameters
    ----------
    out_dir : str or Path
        Output directory (created).
    reg : pandas.DataFrame, optional
        Register (default register when omitted).
    kabupaten : Kabupaten or str, optional
        The kabupaten (default: the register's).
    population : pandas.DataFrame, optional
        Per-desa population (default: the ``perkiraan`` estimate).
    forum : Forum, optional
        Already-built forum data (``reg``/``kabupaten``/``population`` are
        then ignored).
    history : pandas.DataFrame, optional
        The outcome history (:func:`write_workbook`).

    Returns
    -------
    ForumFiles
        ``forum_<code>.xlsx`` and ``forum_<code>.html``.
    """
    if forum is None:
        forum = build_forum(reg, kabupaten, population=population)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ForumError(f"--out harus folder, bukan berkas: {out}")
    out.mkdir(parents=True, exist_ok=True)
    slug = forum.kabupaten.digits
    return ForumFiles(
        workbook=write_workbook(forum, out / f"forum_{slug}.xlsx", history=history),
        html=write_html(forum, out / f"forum_{slug}.html"),
    )
