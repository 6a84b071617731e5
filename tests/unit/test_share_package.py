"""One file to send and PDFs of the hand-outs (issue 14 §6)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kdkmp_analysis import testing
from kdkmp_analysis.handouts import index

CHROMIUM = testing.find_chromium()


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_package_holds_what_is_sent_and_nothing_else(tmp_path):
    out = tmp_path
    wanted = [
        "forum/presentasi_forum_3514.pptx",
        "forum/forum_3514.xlsx",
        "forum/pdf/forum_3514.pdf",
        "forum/peta/peta_kesenjangan_bri.html",
        "ringkasan/pdf/351401-purwodadi.pdf",
        "maps/peta-koperasi-nib-3514.html",
        "kartu/3514012001.html",
        "kartu/kartu.css",
    ]
    others = [
        "index.html",
        "ringkasan/351401-purwodadi.html",
        "maps/forum_3514.html",  # the notebook's copy of the list
        "maps/impor-35.14/register.csv",  # sample import
        "notebook/01-wilayah.html",
    ]
    for rel in wanted + others:
        _touch(out / rel)
    package = index.write_share_package(out, "3514")
    assert package == out / "paket_forum_3514.zip"
    assert sorted(zipfile.ZipFile(package).namelist()) == sorted(wanted)


def test_no_package_from_an_empty_build(tmp_path):
    assert index.write_share_package(tmp_path, "3514") is None


def test_without_chromium_the_pdfs_are_skipped_plainly(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KDKMP_PDF", "1")
    monkeypatch.setattr(testing, "find_chromium", lambda: None)
    page = _touch(tmp_path / "a.html", "<p>halo</p>")
    assert index.write_pdfs([(page, tmp_path / "pdf" / "a.pdf")]) == []
    assert capsys.readouterr().out.strip() == index.NO_CHROMIUM
    assert not (tmp_path / "pdf").exists()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium tidak ditemukan")
def test_chromium_prints_a_small_page_to_pdf(tmp_path, monkeypatch):
    monkeypatch.setenv("KDKMP_PDF", "1")
    page = _touch(
        tmp_path / "a.html", "<h1>Ringkasan Purwodadi</h1><p>1.234 koperasi</p>"
    )
    pdf = tmp_path / "pdf" / "a.pdf"
    assert index.write_pdfs([(page, pdf)]) == [pdf]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 500


def test_pdfs_switched_off_are_said_and_not_written(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KDKMP_PDF", "0")
    page = _touch(tmp_path / "a.html", "<p>halo</p>")
    assert index.write_pdfs([(page, tmp_path / "pdf" / "a.pdf")]) == []
    assert capsys.readouterr().out.strip() == index.PDF_OFF
    assert not (tmp_path / "pdf").exists()
