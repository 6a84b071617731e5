"""Cooperative cards (issue 14 §5), popup card links and briefing print CSS (§6).

One analysis of the default register (365 cooperatives) is shared by the
module; the cards are written once into a temporary folder.
"""

from __future__ import annotations

import html
import re

import pytest

from kdkmp_analysis import gaps, handouts, maps
from kdkmp_analysis.handouts import briefings, cards
from kdkmp_analysis.maps import popups

#: snake_case tokens a planner must never see (file names aside).
SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b(?!\.(?:csv|toml|html))")
MACHINE = re.compile(r"\b(?:True|False|NaN|None|nan)\b|/work/|/tmp/")
ENGLISH_THOUSANDS = re.compile(r"\b\d{1,3},\d{3}\b(?!,)")


def _text(page: str) -> str:
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def an():
    return handouts.analyse()


@pytest.fixture(scope="module")
def written(an, tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    return out, cards.write_cards(an, out)


def test_one_small_card_per_cooperative_with_shared_a4_stylesheet(an, written):
    out, files = written
    index, *card_files = files
    assert index == out / "kartu" / "index.html"
    assert len(card_files) == len(an.register) == 365
    assert {p.stem for p in card_files} == set(an.register["kode_desa"].astype(str))
    sizes = [p.stat().st_size for p in card_files]
    assert max(sizes) < 30_000, max(sizes)
    css = (out / "kartu" / cards.STYLESHEET).read_text(encoding="utf-8")
    assert "@page{size:A4" in css and "@media print" in css
    assert "break-inside:avoid" in css
    page = card_files[0].read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="kartu.css">' in page
    assert "<script" not in page and "http://" not in page.split("<footer>")[0]
    assert maps.external_references(page) == ["kartu.css"]  # the one local file


def test_not_ready_card_says_what_is_missing_and_how(an, written):
    out, _ = written
    r = an.forum.readiness
    row = r[(r["program"] == "pupuk_indonesia") & (r["kesiapan"] == gaps.BELUM_SIAP)]
    row = row[row["syarat_kurang"].str.contains("KBLI 47763")].iloc[0]
    text = _text((out / "kartu" / f"{row['kode_desa']}.html").read_text("utf-8"))
    assert "Yang masih kurang dan cara memenuhinya" in text
    assert "NIB dengan KBLI 47763: belum terpenuhi" in text
    assert "tambahkan KBLI 47763" in text and "https://oss.go.id" in text
    assert "PP Nomor 28 Tahun 2025" in text  # the step cites its regulation (2025)
    assert "Pengecer pupuk bersubsidi Pupuk Indonesia (PPTS)" in text


def test_candidate_card_shows_rank_distance_and_business_case(an, written):
    out, _ = written
    cands = an.forum.candidates["bulog_sphp"]
    top = cands.iloc[0]
    text = _text((out / "kartu" / f"{top['kode_desa']}.html").read_text("utf-8"))
    assert f"1 dari {len(cands)}" in text.replace(".", "")
    assert "Jarak ke mitra/gerai terdekat" in text and " km" in text
    assert "Usaha SPHP pada skenario rencana" in text
    from kdkmp_analysis import distribution as ds

    bc = ds.business_case(an.distribution)
    partner = an.register.loc[
        an.register["koperasi_id"] == bc["koperasi_id"].iloc[0], "kode_desa"
    ].iloc[0]
    ptext = _text((out / "kartu" / f"{partner}.html").read_text("utf-8"))
    assert "Beras terjual (perkiraan model)" in ptext and "laba bersih" in ptext
    if top["koperasi_id"] not in set(bc["koperasi_id"]):
        assert "bukan mitra pada skenario rencana" in text


def test_cards_show_no_keys_reprs_or_english_numbers(written):
    _, files = written
    for path in files[1:40]:
        text = _text(path.read_text(encoding="utf-8"))
        assert not SNAKE.findall(text), (path.name, SNAKE.findall(text)[:5])
        assert not MACHINE.search(text), (path.name, MACHINE.search(text))
        assert not ENGLISH_THOUSANDS.search(text), path.name
        assert "Tanggal data SIMKOPDES: 5 Agustus 2026" in text


def test_every_catalogue_requirement_has_cited_steps():
    for p in gaps.select_programmes(None):
        for r in p.syarat:
            title, steps = cards.steps_for(p.key, r.id)
            assert title != r.id, (p.key, r.id)  # covered by the steps file
            assert steps
            for s in steps:
                assert s.asumsi or s.dasar or s.url, (p.key, r.id, s.teks)


def test_card_lists_changes_since_previous_register(an):
    old = an.register.copy()
    code = str(old.loc[old["nib"].fillna(False).astype(bool), "kode_desa"].iloc[0])
    old.loc[old["kode_desa"] == code, "nib"] = False
    changes = gaps.compare_registers(old, an.register)
    text = _text(cards.card_html(an, code, changes=changes))
    assert "Perubahan sejak register sebelumnya" in text and "NIB baru" in text


def test_card_href():
    assert cards.card_href("35.14.01.2001") == "../kartu/35.14.01.2001.html"
    assert cards.card_href("35.14.01.2001", "../..") == "../../kartu/35.14.01.2001.html"
    assert cards.card_href("35.14.01.2001", ".") == "kartu/35.14.01.2001.html"


def test_popup_links_the_card_and_shows_programme_lines(an):
    reg = popups.programme_columns(
        an.register,
        an.forum.readiness,
        an.forum.candidates["pupuk_indonesia"],
        "pupuk_indonesia",
    )
    m = maps.points_map(reg.head(8), "nib", tiles=None)
    page = m.get_root().render()
    code = str(reg["kode_desa"].iloc[0])
    assert f"../kartu/{code}.html" in page and "Kartu koperasi" in page
    assert "Peringkat calon" in page and "Kurang untuk" in page
    assert "Jarak ke mitra/gerai terdekat" in page
    row = reg.iloc[0]
    from kdkmp_analysis.maps.classify import status_classes

    cls = status_classes(reg.head(1), "nib", None, None)
    p = popups.cooperative_popup(
        row, cls, 0, others=[], ilustrasi=False, card_dir="../../kartu/"
    )
    assert f'href="../../kartu/{code}.html"' in p
    assert "Kartu koperasi" not in popups.cooperative_popup(
        row, cls, 0, others=[], ilustrasi=False, card_dir=None
    )


def test_briefing_prints_on_a4_without_map_controls_and_links_cards(an):
    code = str(an.register["kode_kecamatan"].iloc[0])
    page = briefings.briefing_html(an, code, card_root="..")
    assert "@page{size:A4" in page and ".leaflet-control" in page
    assert "tr,li{break-inside:avoid" in page
    # header and footer repeated on every printed page (@page margin boxes)
    assert "@top-left{content:" in page and '@bottom-left{content:"Sumber: ' in page
    assert "counter(page)" in page
    assert "display:none!important" in html.unescape(page)  # inside the map frame
    first = an.register[an.register["kode_kecamatan"] == code]["kode_desa"].iloc[0]
    assert f'href="../kartu/{first}.html"' in page
    plain = briefings.briefing_html(an, code, card_root=None)
    assert "../kartu/" not in re.sub(r'srcdoc="[^"]*"', "", plain)


def test_largest_card_prints_on_one_a4_page(written, tmp_path):
    import subprocess

    from kdkmp_analysis.testing.chromium import find_chromium

    exe = find_chromium()
    if exe is None:
        pytest.skip("Chromium tidak ada di mesin ini")
    _, files = written
    largest = max(files[1:], key=lambda p: p.stat().st_size)
    pdf = tmp_path / "kartu.pdf"
    subprocess.run(
        [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profil'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            largest.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) == 1, (largest.name, len(pages))
