"""The forum list page (issue 14 §2) and the workbook's print set-up (§6)."""

from __future__ import annotations

import html
import re

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import forum
from kdkmp_analysis.handouts import forum_files, forum_page


@pytest.fixture(scope="module")
def fr(boundary_dir):
    return forum.build_forum()


@pytest.fixture(scope="module")
def page(fr, tmp_path_factory) -> str:
    path = forum_files.write_html(fr, tmp_path_factory.mktemp("forum") / "f.html")
    return path.read_text(encoding="utf-8")


def visible_text(doc: str) -> str:
    """The text a reader sees as prose: no script, style, code, tags, attributes."""
    doc = re.sub(r"<(script|style|code)\b.*?</\1>", " ", doc, flags=re.S | re.I)
    doc = re.sub(r"<[^>]+>", " ", doc)
    return html.unescape(doc)


def _sections(doc: str) -> dict[str, str]:
    parts = re.findall(
        r'<section class="program[^"]*" id="([^"]+)">(.*?)</section>', doc, re.S
    )
    return dict(parts)


def test_one_tab_and_one_table_per_programme(fr, page):
    sections = _sections(page)
    assert list(sections) == list(fr.candidates)
    assert page.count('role="tab"') == len(fr.candidates) + 1
    for key, sec in sections.items():
        # every candidate is in the file (the limit is applied on screen)
        assert sec.count('<tbody class="k"') == len(fr.candidates[key])
        assert sec.count("<th ") == len(forum_page.COLUMNS) <= 9
        assert sec.count('class="alasan"') == len(fr.candidates[key])
    # only the first programme is open without script
    assert page.count('class="program tersembunyi"') == len(fr.candidates) - 1


def test_filters_search_sort_and_counts_are_on_the_page(fr, page):
    assert '<input id="cari" type="search"' in page
    for sid in ("f-kecamatan", "f-kesiapan", "f-mitra"):
        assert f'<select id="{sid}">' in page
    kec = re.search(r'<select id="f-kecamatan">(.*?)</select>', page, re.S).group(1)
    names = {v for c in fr.candidates.values() for v in c["nama_kecamatan"]}
    assert kec.count("<option") == len(names) + 1  # + "Semua kecamatan"
    assert 'value="belum siap"' in page and 'value="tidak diketahui"' in page
    assert "window.kdkmpFilter" in page and "URLSearchParams" in page
    assert page.count('class="hitung"') == len(fr.candidates)
    assert "Menampilkan " in page and 'data-jenis="angka"' in page
    assert "position:sticky" in page  # the house CSS: headings stay on screen


def test_page_is_offline_and_printable(page):
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    assert "@import" not in page and "url(" not in page
    css = re.search(r"<style>(@page|\s*@page).*?</style>", page, re.S).group(0)
    assert "@page{size:A4 landscape" in css
    assert "thead{display:table-header-group}" in css
    assert "break-inside:avoid" in css
    assert ".l-out{display:table-row-group}" in css  # every row printed


def test_cards_are_linked_relative_and_safe(fr, page):
    links = re.findall(r'<a href="([^"]+)" title="Kartu koperasi">', page)
    assert len(links) == sum(len(c) for c in fr.candidates.values())
    assert all(re.fullmatch(r"\.\./kartu/35\.14\.\d\d\.\d{4}\.html", h) for h in links)
    assert forum_page.card_href("../../etc/passwd") == "../kartu/....etcpasswd.html"


def test_visible_text_is_indonesian_without_keys_or_reprs(page):
    text = visible_text(page)
    text = re.sub(r"https?://\S+", " ", text)  # addresses are not prose
    # file and repository names of the sources are shown as <code>
    assert not re.findall(r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b", text), "snake"
    assert not re.findall(r"\b(True|False|NaN|nan|None|null|undefined)\b", text)
    assert not re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])", text), "1,234"
    assert "/work/" not in text and "/tmp/" not in text


def test_every_percentage_states_its_base(page):
    for th in re.findall(r"<th>(.*?)</th>", page):
        if "%" in th:
            assert "% dari" in html.unescape(th), th
    text = visible_text(page)
    for m in re.finditer(r"%", text):
        around = text[max(0, m.start() - 80) : m.end() + 80]
        assert "dari" in around or "per" in around, around


def test_file_and_repository_names_are_code_not_prose():
    frag = (
        "<td>cahyadsn/wilayah_boundaries@3c5a796; berkas data/fakta_kemitraan.csv"
        '</td><td class="a_b">https://x.id/a_b</td><td>Kolom mitra_pertamina</td>'
    )
    out = forum_page.mark_names(frag)
    assert "<code>cahyadsn/wilayah_boundaries@3c5a796</code>" in out
    assert "<code>data/fakta_kemitraan.csv</code>" in out
    assert 'class="a_b">https://x.id/a_b<' in out  # attributes, addresses kept
    assert forum_page.with_labels("Kolom mitra_pertamina tidak") == (
        "Kolom «Mitra Pertamina Patra Niaga» tidak"
    )


def test_hostile_names_are_text_and_numbers_indonesian():
    rows = pd.DataFrame(
        {
            "peringkat": [1, 2],
            "nama_koperasi": ["<script>alert(1)</script>", 'Koperasi "A" & B'],
            "kode_desa": ["35.14.01.2001", '"><b>'],
            "nama_desa": ["Satu", "Dua"],
            "nama_kecamatan": ["Kec A", "Kec B"],
            "kesiapan": ["siap", "belum siap"],
            "status_mitra": ["belum bermitra", "tidak diketahui"],
            "syarat_kurang": ["", "NIB"],
            "data_kurang": ["", ""],
            "verifikasi_dokumen": ["KTP pengurus", ""],
            "jarak_mitra_km": [12345.67, float("nan")],
            "penduduk_desa": pd.array([1234567, None], dtype="Int64"),
            "penduduk_tanpa_mitra": pd.array([47488, None], dtype="Int64"),
            "alasan": ["Siap: semua syarat terpenuhi", "Belum siap: kurang NIB"],
        }
    )
    listing = forum_page.Listing(
        key="uji",
        tab="Uji",
        title="Uji",
        notes=(),
        distance_heading="Jarak",
        rows=rows,
        population_status="perkiraan",
    )
    sec = forum_page.candidate_section(listing, hidden=False)
    assert "<script>" not in sec
    assert "<b>" not in sec
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in sec
    assert ">12.345,7<" in sec and ">47.488<" in sec
    assert "Penduduk desa (perkiraan): 1.234.567" in sec
    assert ">tidak ada<" in sec and "tidak diketahui" in sec
    assert "nan" not in visible_text(sec).lower().split()
    assert 'data-v="12345.67"' in sec  # sorts by the number, not its text


def test_workbook_prints_landscape_one_page_wide_with_repeated_heading(fr, tmp_path):
    path = forum_files.write_workbook(fr, tmp_path / "forum.xlsx")
    book = openpyxl.load_workbook(path)
    assert len(book.worksheets) >= 5
    for ws in book.worksheets:
        ps = ws.page_setup
        assert ps.orientation == "landscape", ws.title
        assert str(ps.paperSize) == "9"  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # fitToWidth absent means 1 (the OOXML default; xlsxwriter leaves it out)
        assert int(ps.fitToWidth or 1) == 1 and int(ps.fitToHeight) == 0
        assert ws.print_title_rows == "$1:$2", ws.title
        assert "Halaman &P dari &N" in ws.oddFooter.center.text
    # numbers stay numbers, '#,##0' (shown per the reader's Excel locale); a
    # column mixing numbers and words ("tidak berlaku") keeps Excel's General
    ws = book["Ringkasan"]
    koperasi = [c for c in ws["C"][2:] if c.value is not None]
    assert koperasi and all(isinstance(c.value, int) for c in koperasi)
    assert {c.number_format for c in koperasi} == {"#,##0"}
