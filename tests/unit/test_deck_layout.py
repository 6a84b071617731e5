"""The forum deck is presentable (issue 14 §3): measured shape by shape.

Built twice, from the default register and from the real SIMKOPDES import of
Pasuruan, each deck is checked with python-pptx:

- every shape's box lies inside the slide;
- no two shapes overlap (text boxes, tables and pictures alike, so a picture
  is overlapped by nothing);
- body and table type ≥ 14 pt, titles ≥ 24 pt;
- the text fits its box, by a character-width heuristic: a character is
  ``0.52 × size`` wide (``0.58 × size`` bold — generous for Calibri), a line
  is ``1.2 × size`` high, words wrap greedily in the box width less 0.1 in of
  inset per side, and the box (or table row) adds 0.05 in above and below;
  ``lines × line height + insets`` must not exceed the box (row) height;
- every slide has speaker notes; no CLI flag, column key, ``True``/``NaN``
  or coverage percent without its base on a slide.

When LibreOffice (``soffice``) is on PATH the deck is also rendered to PDF
and must give one page per slide; otherwise that test is skipped.
"""

import re
import shutil
import subprocess

import pytest
from pptx import Presentation
from pptx.util import Emu

from kdkmp_analysis.testing.text_scan import violations

EMU_IN = 914400
TOL = 0.01  # inches


def _wrap(text: str, width_in: float, size: float, bold: bool) -> int:
    usable = max(width_in - 0.2, 0.1) * 72
    per_line = max(1, int(usable / ((0.58 if bold else 0.52) * size)))
    lines, used = 1, 0
    for word in text.split():
        n = len(word)
        while n > per_line:
            if used:
                lines += 1
            n -= per_line
            used = per_line
        need = n if used == 0 else used + 1 + n
        if need > per_line:
            lines, used = lines + 1, n
        else:
            used = need
    return lines


def _paras(frame):
    """(text, size pt, bold) of each paragraph of a text frame."""
    out = []
    for p in frame.paragraphs:
        size = p.font.size or next((r.font.size for r in p.runs if r.font.size), None)
        out.append((p.text, size.pt if size else None, bool(p.font.bold)))
    return out


def _needed(paras, width_in: float) -> float:
    pt = sum(_wrap(t, width_in, s, b) * 1.2 * s for t, s, b in paras)
    return pt / 72 + 0.1


def _box(shape):
    return (
        shape.left / EMU_IN,
        shape.top / EMU_IN,
        (shape.left + shape.width) / EMU_IN,
        (shape.top + shape.height) / EMU_IN,
    )


def _slide_text(slide) -> str:
    parts = []
    for s in slide.shapes:
        if s.has_text_frame:
            parts.append(s.text_frame.text)
        elif s.has_table:
            parts += [c.text for r in s.table.rows for c in r.cells]
    return " | ".join(parts)


@pytest.fixture(scope="module", params=["bawaan", "impor"])
def deck(request, tmp_path_factory, boundary_dir):
    from kdkmp_analysis import handouts, intake, register

    tmp = tmp_path_factory.mktemp(f"deck_{request.param}")
    if request.param == "bawaan":
        an = handouts.analyse()
    else:
        simkopdes = request.getfixturevalue("simkopdes_dir")
        res = intake.import_simkopdes(
            simkopdes / "kopdes_locations_3514.csv",
            simkopdes / "kopdes_stats_village_3514.csv",
            kabupaten="35.14",
        )
        path = register.write_register(res.register, tmp / "register.csv")
        an = handouts.analyse(path)
    path = handouts.write_deck(an, tmp / "presentasi.pptx", tmp / "gambar")
    return request.param, path


def test_every_box_lies_inside_its_slide_and_overlaps_none(deck):
    _, path = deck
    prs = Presentation(path)
    w, h = prs.slide_width / EMU_IN, prs.slide_height / EMU_IN
    for i, slide in enumerate(prs.slides, start=1):
        boxes = [(s.name, _box(s)) for s in slide.shapes]
        for name, (x0, y0, x1, y1) in boxes:
            assert x0 >= -TOL and y0 >= -TOL, (i, name)
            assert x1 <= w + TOL and y1 <= h + TOL, (i, name, x1, y1)
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                (na, (ax0, ay0, ax1, ay1)), (nb, (bx0, by0, bx1, by1)) = (
                    boxes[a],
                    boxes[b],
                )
                overlap = min(ax1, bx1) - max(ax0, bx0) > TOL and (
                    min(ay1, by1) - max(ay0, by0) > TOL
                )
                assert not overlap, (i, na, nb)


def test_type_is_large_enough_and_the_text_fits_its_box(deck):
    _, path = deck
    prs = Presentation(path)
    for i, slide in enumerate(prs.slides, start=1):
        texts = [s for s in slide.shapes if s.has_text_frame]
        title = min(texts, key=lambda s: s.top)  # the top box is the title
        for shape in texts:
            paras = _paras(shape.text_frame)
            for text, size, _ in paras:
                assert size is not None, (i, text)
                assert size >= (24 if shape is title else 14), (i, text, size)
            need = _needed(paras, shape.width / EMU_IN)
            assert need <= shape.height / EMU_IN + TOL, (i, shape.text_frame.text)
        for shape in (s for s in slide.shapes if s.has_table):
            tbl = shape.table
            assert sum(r.height for r in tbl.rows) <= shape.height + Emu(9144)
            for row in tbl.rows:
                for j, cell in enumerate(row.cells):
                    paras = _paras(cell.text_frame)
                    assert all(s is not None and s >= 14 for _, s, _ in paras), i
                    need = _needed(paras, tbl.columns[j].width / EMU_IN)
                    assert need <= row.height / EMU_IN + TOL, (i, cell.text)


def test_the_deck_is_a_short_story_with_notes_and_plain_words(deck):
    from unit.test_distribution import _unbased_percents

    kind, path = deck
    prs = Presentation(path)
    assert 10 < len(prs.slides) <= 16  # was 33 slides of tables
    flag = re.compile(r"(?<!\w)--[a-z]")  # a CLI flag
    for i, slide in enumerate(prs.slides, start=1):
        assert slide.has_notes_slide, i
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip(), i
        text = _slide_text(slide)
        # the planner-page scan (keys, reprs, English numbers, paths, English)
        assert violations(text) == [], (i, violations(text))
        assert violations(notes) == [], (i, violations(notes))
        assert flag.findall(text + notes) == [], i
        assert _unbased_percents(text) == [], i
    every = " ".join(_slide_text(s) for s in prs.slides)
    assert "Data yang masih kurang" in every
    assert "status belum diketahui — lengkapi lewat templat dinas" in every.lower()
    assert "dari kebutuhan beras rumah tangga kabupaten" in every
    pictures = [s for s in prs.slides if any(p.shape_type == 13 for p in s.shapes)]
    assert len(pictures) >= 9  # one gap map per programme
    if kind == "impor":
        assert "register.csv" in every and "ILUSTRASI" not in every


def test_libreoffice_renders_one_page_per_slide(deck, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) tidak ada di PATH: render tidak diperiksa")
    _, path = deck
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), path],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = (tmp_path / path.name).with_suffix(".pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == len(Presentation(path).slides)
