"""The forum workbook as a Dinas document (issue 14 §1, §4, §5, §6).

One forum of the default register (365 cooperatives) is built for the module
and its workbook written once into a folder laid out like the build's
(``forum/forum_3514.xlsx`` beside ``kartu/<kode_desa>.html``); every check
reads that file back with openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest

from kdkmp_analysis import forum, gaps, register
from kdkmp_analysis.handouts import cards, forum_files, index
from kdkmp_analysis.testing.text_scan import violations


@pytest.fixture(scope="module")
def fr(boundary_dir):
    return forum.build_forum()


@pytest.fixture(scope="module")
def build(fr, tmp_path_factory) -> Path:
    """A build's root: the workbook in ``forum/``, one card per cooperative."""
    out = tmp_path_factory.mktemp("build")
    for code in fr.register["kode_desa"].astype(str):
        card = out / cards.card_href(code, ".")
        card.parent.mkdir(parents=True, exist_ok=True)
        card.write_text("<p>kartu</p>", encoding="utf-8")
    forum_files.write_workbook(fr, out / "forum" / "forum_3514.xlsx")
    return out


@pytest.fixture(scope="module")
def book(build):
    return openpyxl.load_workbook(build / "forum" / "forum_3514.xlsx")


def _table(ws) -> tuple[list[str], list[tuple]]:
    """Headings (row 2) and data rows (row 3 on) of a sheet."""
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return list(rows[0]), rows[1:]


# --- §4: the four gap categories per programme and kecamatan -------------------------
def test_gap_sheet_has_four_categories_that_sum_to_the_cooperatives(fr, book):
    ws = book[forum_files.GAP_SHEET]
    heads, rows = _table(ws)
    col = {h: i for i, h in enumerate(heads)}
    labels = list(gaps.KATEGORI.values())
    assert set(labels) <= set(heads)
    assert "Syarat kurang terbanyak (belum siap)" in heads
    unknown = next(h for h in heads if h.startswith("Status Mitra Tidak Diketahui"))
    for r in rows:
        assert sum(r[col[k]] for k in labels) == r[col["Koperasi"]]
        # an unknown partner status is counted in the three unpartnered ones
        assert r[col[unknown]] <= sum(r[col[k]] for k in labels[1:])
    assert sum(r[col[unknown]] for r in rows) == int(
        fr.gaps.loc[
            fr.gaps["program"].isin(list(fr.candidates)), "mitra_tidak_diketahui"
        ].sum()
    )
    # Pupuk Indonesia: the not-ready total is the cooperatives not ready for it
    pupuk = gaps.load_programmes()["pupuk_indonesia"].nama
    mine = [r for r in rows if r[col["Program"]] == pupuk]
    ready = fr.readiness[fr.readiness["program"] == "pupuk_indonesia"]
    not_ready = (ready["kesiapan"] == gaps.BELUM_SIAP) & (
        ready["status_mitra"] != gaps.BERMITRA
    )
    assert sum(r[col["Belum siap"]] for r in mine) == int(not_ready.sum()) == 361
    assert sum(r[col["Koperasi"]] for r in mine) == len(fr.register) == 365
    # one block per partner programme, every kecamatan, ranked both ways
    n_kec = fr.register["kode_kecamatan"].nunique()
    progs = gaps.load_programmes()
    assert [r[col["Program"]] for r in rows[::n_kec]] == [
        progs[k].nama for k in fr.candidates
    ]
    assert len(rows) == n_kec * len(fr.candidates)
    for rank in ("Peringkat (Koperasi Belum Siap)", "Peringkat (Penduduk Tanpa Mitra)"):
        assert sorted(r[col[rank]] for r in mine) == list(range(1, n_kec + 1))
    assert [r[col["Peringkat (Koperasi Belum Siap)"]] for r in mine] == list(
        range(1, n_kec + 1)
    )
    not_ready_counts = [r[col["Belum siap"]] for r in mine]
    assert not_ready_counts == sorted(not_ready_counts, reverse=True)


def test_gap_sheet_numbers_are_numbers_with_indonesian_formats(book):
    ws = book[forum_files.GAP_SHEET]
    heads = [c.value for c in ws[2]]
    fmt = {}
    for j, h in enumerate(heads, 1):
        cells = [ws.cell(row=i, column=j) for i in range(3, ws.max_row + 1)]
        fmt[h] = {c.number_format for c in cells if c.value is not None}
    assert fmt["Koperasi"] == fmt["Belum siap"] == {"#,##0"}
    assert fmt["Belum siap (% dari koperasi di kecamatan)"] == {"#,##0.0"}
    people = next(h for h in heads if h.startswith("Penduduk Tanpa Mitra"))
    assert fmt[people] == {"#,##0"}
    # the print set-up of every forum sheet
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"
    assert ws.print_title_rows == "$1:$2"
    assert ws.freeze_panes == "A3"


# --- §5: every candidate links its card -----------------------------------------------
def _card_links(book, fr) -> dict[str, list[tuple[str, str]]]:
    """Programme sheet → (kode desa, link target) per candidate row."""
    progs = gaps.load_programmes()
    out = {}
    for key in fr.candidates:
        ws = book[progs[key].singkat]
        heads = [c.value for c in ws[2]]
        j = heads.index(forum_files.CARD_HEADING) + 1
        k = heads.index(forum_files.COLUMN_LABELS["kode_desa"]) + 1
        out[key] = [
            (
                ws.cell(row=i, column=k).value,
                ws.cell(row=i, column=j).hyperlink.target
                if ws.cell(row=i, column=j).hyperlink
                else "",
            )
            for i in range(3, ws.max_row + 1)
        ]
        assert {ws.cell(row=i, column=j).value for i in range(3, ws.max_row + 1)} == {
            forum_files.CARD_HEADING
        }
    return out


def _resolve(folder: Path, target: str) -> Path:
    """A relative link as Excel resolves it from the workbook's folder."""
    return (folder / Path(*PureWindowsPath(target).parts)).resolve()


def test_each_candidate_links_its_card_in_the_build_and_in_the_zip(
    fr, book, build, tmp_path
):
    links = _card_links(book, fr)
    assert {k: len(v) for k, v in links.items()} == {
        k: len(c) for k, c in fr.candidates.items()
    }
    folder = build / "forum"
    for rows in links.values():
        for code, target in rows:
            assert target and not PureWindowsPath(target).is_absolute(), target
            card = _resolve(folder, target)
            assert card.is_file() and card.name == f"{code}.html", target
            assert card.parent == (build / cards.CARD_DIR).resolve()
    # the share package keeps the build's paths: the links work once unpacked
    package = index.write_share_package(build, "3514")
    unpacked = tmp_path / "paket"
    with zipfile.ZipFile(package) as zf:
        zf.extractall(unpacked)
    names = zipfile.ZipFile(package).namelist()
    assert "forum/forum_3514.xlsx" in names
    rows = links["pupuk_indonesia"]
    assert all(_resolve(unpacked / "forum", t).is_file() for _, t in rows)


def test_without_cards_the_column_has_no_links(fr, tmp_path):
    path = forum_files.write_workbook(fr, tmp_path / "f.xlsx", cards_from=None)
    ws = openpyxl.load_workbook(path)[gaps.load_programmes()["bulog_sphp"].singkat]
    assert not ws._hyperlinks


# --- §1: the visible text is a Dinas document -----------------------------------------
def _sheet_text(ws) -> str:
    return "\n".join(
        str(c.value) for row in ws.iter_rows() for c in row if c.value is not None
    )


def test_every_sheet_reads_as_a_dinas_document(fr, book):
    """No keys, reprs, English numbers, paths or English phrases in any cell.

    Texts that come whole from other modules (the source sentences of the
    forum and of the register columns) are checked where they are made; a
    hit that only they carry is reported there, not here.
    """
    foreign_texts = [str(v) for v in fr.sumber.values()]
    foreign_texts += list(register.column_sources(fr.register)["sumber"].astype(str))
    foreign = set(violations("\n".join(foreign_texts), limit=1000))
    found = {}
    for ws in book.worksheets:
        hits = set(violations(_sheet_text(ws), limit=1000)) - foreign
        if hits:
            found[ws.title] = sorted(hits)
    assert found == {}
    assert "Sumber" in book.sheetnames and forum_files.GAP_SHEET in book.sheetnames


#: A number written as text (``1,665,922``, ``2.84``, ``365``): Excel cannot sum it.
_NUMBER_TEXT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)$")


def test_numbers_are_stored_as_numbers(book):
    for ws in book.worksheets:
        heads = [c.value for c in ws[2]]
        for j, h in enumerate(heads, 1):
            cells = [ws.cell(row=i, column=j) for i in range(3, ws.max_row + 1)]
            values = [c.value for c in cells if c.value is not None]
            assert not [v for v in values if isinstance(v, bool)], (ws.title, h)
            as_text = [
                v for v in values if isinstance(v, str) and _NUMBER_TEXT.match(v)
            ]
            assert not as_text, (ws.title, h, as_text[:3])
            numeric = all(isinstance(v, int | float) for v in values)
            if values and numeric:  # a column of numbers: thousands grouped
                shown = {c.number_format for c in cells if c.value is not None}
                assert shown <= {"#,##0", "#,##0.0"}, (ws.title, h, shown)
