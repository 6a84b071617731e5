"""The build's index page guides (issue 14 §7): start here, labels, examples apart."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kdkmp_analysis import region
from kdkmp_analysis.handouts.index import write_index

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from kdkmp_analysis.testing.text_scan import violations, visible_text


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    out = tmp_path / "build"
    hand = [
        ("Ringkasan per kecamatan (2 kecamatan)", _touch(out / "ringkasan/index.html")),
        ("Data yang masih kurang", _touch(out / "data-yang-masih-kurang.html")),
        ("Buku kerja forum (Excel)", _touch(out / "forum/forum_3514.xlsx")),
        ("Daftar calon mitra per BUMN (HTML)", _touch(out / "forum/forum_3514.html")),
        (
            "Presentasi forum (PowerPoint)",
            _touch(out / "forum/presentasi_forum_3514.pptx"),
        ),
    ]
    _touch(out / "maps/forum_3514.xlsx")  # the notebook's copy of the workbook
    _touch(out / "maps/peta-koperasi-nib-3514.html", "<title>Koperasi — NIB</title>")
    _touch(out / "maps/peta-koperasi-nib-3514.png")
    _touch(out / "maps/impor-35.14/register.csv")
    _touch(out / "maps/impor-35.14/match_report.html")
    nb = out / "notebook/01-wilayah.html"
    nbs = [
        ("01-wilayah", True, 3.5, [_touch(nb), _touch(out / "notebook/kode/x.html")])
    ]
    package = _touch(out / "paket_forum_3514.zip")
    return out, hand, nbs, package


def _write(tree, note="Sumber per kolom register: NIB: data SIMKOPDES", **kw):
    out, hand, nbs, package = tree
    sources = ["Batas: berkas wilayah_boundaries_kel_35.14.sql dari KDKMP_DATA_DIR"]
    path = write_index(
        out,
        region.as_kabupaten("35.14"),
        nbs,
        hand,
        "",
        "register impor register.csv (ekspor 5 Agustus 2026; fakta terbit "
        "data/fakta_kemitraan.csv)",
        sources,
        note,
        package=package,
    )
    return path.read_text(encoding="utf-8")


def test_it_starts_here_and_names_a_file_per_reader(tree):
    page = _write(tree)
    text = visible_text(page)
    assert text.splitlines()[1] == "Mulai di sini"
    start = text.split("Bahan forum dan ringkasan")[0]
    for words in ("Untuk forum kemitraan", "Untuk camat", "Untuk analis"):
        assert words in start
    assert 'href="forum/presentasi_forum_3514.pptx"' in page
    assert 'href="paket_forum_3514.zip"' in page
    assert violations(text) == []


def test_workbook_once_and_sample_files_under_contoh(tree):
    page = _write(tree)
    assert page.count("forum_3514.xlsx") == 2  # start-here link and the list
    assert "maps/forum_3514.xlsx" not in page
    contoh = page.split("Contoh impor data")[1]
    assert "maps/impor-35.14/register.csv" in contoh
    assert "impor-35.14" not in page.split("Contoh impor data")[0]
    assert "Koperasi — NIB (gambar PNG)" in page


def test_an_imported_build_names_its_file_and_no_ilustrasi_box(tree):
    page = _write(tree)
    assert "<code>register.csv</code> (ekspor 5 Agustus 2026;" in page
    assert "catatan ilustrasi" not in page
    page = _write(tree, note="Sumber per kolom register: Lahan: ilustrasi")
    assert "catatan ilustrasi" in page
