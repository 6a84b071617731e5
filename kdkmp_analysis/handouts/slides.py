"""A PowerPoint deck for the business-matching forum (python-pptx).

:class:`Deck` is a small builder over python-pptx with the slide kinds the
forum needs — title, bullet points, picture, table, and the programme slide
(a gap map, three key figures and the top candidates side by side) — in 16:9,
with a footer on every slide that names the data source (and says
``ilustrasi`` when it is) and speaker notes on every slide. What goes on the
slides is decided by :mod:`kdkmp_analysis.handouts.deck`.

Every box is placed so that it lies inside the slide and overlaps no other:
the height of a text is estimated before the box is drawn (:func:`text_height`,
a character-width heuristic) and the text is set smaller (never below
:data:`MIN_BODY_PT`), moved to a continuation slide or to the speaker notes
when it would not fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kdkmp_analysis import documents
from kdkmp_analysis._format import sel

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MIN_BODY_PT",
    "MIN_TITLE_PT",
    "SLIDE_HEIGHT_IN",
    "SLIDE_WIDTH_IN",
    "Deck",
    "text_height",
    "wrap_count",
]

#: Slide size (16:9), inches.
SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
#: The smallest type of any body text, table or footer (points).
MIN_BODY_PT = 14
#: The smallest type of a slide title (points).
MIN_TITLE_PT = 24
_TITLE_PT = 28
_MARGIN = 0.5
_GAP = 0.12
#: Average character width as a share of the type size (regular, bold):
#: generous for Calibri, so that an estimate that fits does fit.
_CHAR_W = (0.52, 0.58)
_LINE_H = 1.2
#: Text-box and table-cell insets (python-pptx defaults), inches.
_INSET_X, _INSET_Y = 0.1, 0.05

_RED = (0xB3, 0x00, 0x00)
_GREY = (0x55, 0x55, 0x55)
_BLACK = (0, 0, 0)

#: One paragraph: text, size (pt), bold, colour.
Para = tuple[str, float, bool, tuple[int, int, int]]


def wrap_count(text: str, width_in: float, size: float, bold: bool = False) -> int:
    """Lines a paragraph takes in a box ``width_in`` wide (greedy word wrap).

    A character is ``0.52 × size`` wide (``0.58`` bold); the box loses
    0.1 in of inset on each side.
    """
    usable_pt = max(width_in - 2 * _INSET_X, 0.1) * 72
    per_line = max(1, int(usable_pt / (_CHAR_W[bold] * size)))
    lines, used = 1, 0
    for word in str(text).split():
        n = len(word)
        while n > per_line:  # a word longer than a line breaks inside
            if used:
                lines += 1
            n -= per_line
            used = per_line
        need = n if used == 0 else used + 1 + n
        if need > per_line:
            lines += 1
            used = n
        else:
            used = need
    return lines


def text_height(paras: Sequence[Para], width_in: float) -> float:
    """Height (inches) of paragraphs in a box ``width_in`` wide.

    Each line is ``1.2 × size`` high; the box adds 0.05 in of inset above
    and below.
    """
    pt = sum(
        wrap_count(t, width_in, size, bold) * _LINE_H * size
        for t, size, bold, _ in paras
    )
    return pt / 72 + 2 * _INSET_Y


class Deck:
    """Build a 16:9 forum deck slide by slide.

    Parameters
    ----------
    footer : str
        Text at the bottom of every slide (data source, date, ``ilustrasi``).

    Examples
    --------
    >>> deck = Deck("Sumber: register bawaan (ilustrasi)")
    >>> deck.title("Forum Temu Bisnis KDKMP", "Kabupaten Pasuruan")
    >>> _ = deck.bullets("Ringkasan", ["365 koperasi", "24 kecamatan"])
    >>> len(deck.prs.slides)
    2
    """

    def __init__(self, footer: str = "") -> None:
        from pptx import Presentation
        from pptx.util import Inches

        self.prs = Presentation()
        self.prs.slide_width = Inches(SLIDE_WIDTH_IN)
        self.prs.slide_height = Inches(SLIDE_HEIGHT_IN)
        self.footer = footer
        width = SLIDE_WIDTH_IN - 2 * _MARGIN
        self._footer_h = (
            text_height([(footer, MIN_BODY_PT, False, _GREY)], width) if footer else 0
        )

    # -- helpers -------------------------------------------------------------
    @property
    def body_bottom(self) -> float:
        """Where the body of a slide ends (above the footer), inches."""
        return SLIDE_HEIGHT_IN - 0.1 - self._footer_h - _GAP

    def _blank(self, notes: Sequence[str] = ()):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[6])
        text = "\n".join(str(n) for n in notes if n)
        slide.notes_slide.notes_text_frame.text = text or self.footer
        return slide

    def _text(self, slide, paras: Sequence[Para], left, top, width, height=None):
        """A text box of paragraphs; its height is the estimate unless given."""
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt

        if height is None:
            height = text_height(paras, width)
        box = slide.shapes.add_textbox(
            Inches(left), Inches(top), Inches(width), Inches(height)
        )
        frame = box.text_frame
        frame.word_wrap = True
        for i, (text, size, bold, color) in enumerate(paras):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = str(text)
            para.font.size = Pt(size)
            para.font.bold = bold
            para.font.color.rgb = RGBColor(*color)
        return box

    def _heading(self, slide, heading: str) -> float:
        """Title and footer; returns where the body starts (inches)."""
        width = SLIDE_WIDTH_IN - 2 * _MARGIN
        size = _TITLE_PT
        para = [(heading, size, True, _RED)]
        while size > MIN_TITLE_PT and text_height(para, width) > 1.0:
            size -= 2
            para = [(heading, size, True, _RED)]
        box = self._text(slide, para, _MARGIN, 0.25, width)
        if self.footer:
            self._text(
                slide,
                [(self.footer, MIN_BODY_PT, False, _GREY)],
                _MARGIN,
                SLIDE_HEIGHT_IN - 0.1 - self._footer_h,
                width,
                self._footer_h,
            )
        return 0.25 + box.height / 914400 + _GAP

    def _fitting_lines(
        self, lines: Sequence[str], width: float, height: float, size: float
    ) -> tuple[list[str], float]:
        """The leading lines that fit ``height`` at the largest size ≥ 14 pt."""
        size = max(size, MIN_BODY_PT)
        while True:
            paras = [(x, size, False, _BLACK) for x in lines]
            if text_height(paras, width) <= height or size <= MIN_BODY_PT:
                break
            size -= 2
        kept = list(lines)
        while len(kept) > 1 and (
            text_height([(x, size, False, _BLACK) for x in kept], width) > height
        ):
            kept.pop()
        return kept, size

    # -- slide kinds ---------------------------------------------------------
    def title(self, heading: str, subtitle: str = "", notes: Sequence[str] = ()):
        """A title slide."""
        slide = self._blank(notes)
        width = SLIDE_WIDTH_IN - 2 * 0.8
        top = 1.6
        box = self._text(slide, [(heading, 40, True, _RED)], 0.8, top, width)
        top += box.height / 914400 + 0.3
        if subtitle:
            paras = [(x, 20, False, _BLACK) for x in subtitle.split("\n")]
            self._text(slide, paras, 0.8, top, width)
        if self.footer:
            self._text(
                slide,
                [(self.footer, MIN_BODY_PT, False, _GREY)],
                0.8,
                SLIDE_HEIGHT_IN - 0.1 - self._footer_h,
                width,
            )

    def bullets(
        self,
        heading: str,
        lines: Sequence[str],
        size: int = 20,
        notes: Sequence[str] = (),
    ) -> int:
        """Slides of bullet lines; returns the number of slides added.

        The type is set smaller (down to 14 pt) when the lines would not fit;
        lines that still do not fit continue on a slide ``(lanjutan)``.
        """
        rest = [f"• {x}" for x in lines]
        n = 0
        while rest or n == 0:
            slide = self._blank(notes)
            top = self._heading(slide, heading + (" (lanjutan)" if n else ""))
            width = SLIDE_WIDTH_IN - 2 * _MARGIN - 0.2
            kept, s = self._fitting_lines(rest, width, self.body_bottom - top, size)
            if kept:
                self._text(
                    slide, [(x, s, False, _BLACK) for x in kept], 0.6, top, width
                )
            rest = rest[len(kept) :]
            n += 1
        return n

    def picture(
        self,
        heading: str,
        image: str | Path,
        note: str = "",
        notes: Sequence[str] = (),
    ) -> None:
        """A slide with one picture (a PNG map or chart), fitted to the slide."""
        slide = self._blank(notes)
        top = self._heading(slide, heading)
        width = SLIDE_WIDTH_IN - 2 * _MARGIN
        bottom = self.body_bottom
        if note:
            para = [(note, MIN_BODY_PT, False, _GREY)]
            h = text_height(para, width)
            bottom -= h + _GAP
            self._text(slide, para, _MARGIN, bottom + _GAP, width, h)
        self._place_picture(slide, image, _MARGIN, top, width, bottom - top)

    @staticmethod
    def _place_picture(slide, image, left, top, width, height) -> None:
        """``image`` scaled to fit the box, centred horizontally."""
        from PIL import Image
        from pptx.util import Inches

        with Image.open(image) as img:
            w, h = img.size
        scale = min(width / w, height / h)
        pw, ph = w * scale, h * scale
        slide.shapes.add_picture(
            str(image),
            Inches(left + (width - pw) / 2),
            Inches(top),
            Inches(pw),
            Inches(ph),
        )

    def table(
        self,
        heading: str,
        df: pd.DataFrame,
        rows_per_slide: int = 12,
        note: str = "",
        notes: Sequence[str] = (),
    ) -> int:
        """One or more slides with a table; returns the number of slides added.

        Long tables continue on further slides (``(lanjutan)``), with fewer
        rows than ``rows_per_slide`` when the rows would not fit; numbers are
        formatted with Indonesian thousands separators; type 14 pt.
        """
        width = SLIDE_WIDTH_IN - 2 * _MARGIN
        start, n = 0, 0
        while start < len(df) or n == 0:
            slide = self._blank(notes)
            top = self._heading(slide, heading + (" (lanjutan)" if n else ""))
            bottom = self.body_bottom
            if note:
                para = [(note, MIN_BODY_PT, False, _GREY)]
                h = text_height(para, width)
                bottom -= h + _GAP
            part = df.iloc[start : start + rows_per_slide]
            shown = self.add_table(slide, part, _MARGIN, top, width, bottom - top)
            if note:
                self._text(slide, para, _MARGIN, bottom + _GAP, width, h)
            start += max(shown, 1)
            n += 1
        return n

    def add_table(
        self,
        slide,
        df: pd.DataFrame,
        left: float,
        top: float,
        width: float,
        height: float,
        size: float = MIN_BODY_PT,
    ) -> int:
        """Draw the leading rows of ``df`` that fit the box; returns how many.

        Column widths follow the text they hold; each row is as high as its
        tallest cell (estimated with :func:`text_height`).
        """
        from pptx.util import Emu, Inches, Pt

        if not df.columns.size:
            return len(df)
        header = [str(c) for c in df.columns]
        body = [[sel(v) for v in row] for row in df.itertuples(index=False)]
        widths = _column_widths(header, body, width, size)
        heights = [
            max(
                text_height([(t, size, bold, _BLACK)], w)
                for t, w in zip(r, widths, strict=True)
            )
            for r, bold in [(header, True)] + [(r, False) for r in body]
        ]
        rows = 0
        while rows < len(body) and sum(heights[: rows + 2]) <= height:
            rows += 1
        shape = slide.shapes.add_table(
            rows + 1,
            len(header),
            Inches(left),
            Inches(top),
            Inches(width),
            Inches(sum(heights[: rows + 1])),
        )
        tbl = shape.table
        for j, w in enumerate(widths):
            tbl.columns[j].width = Inches(w)
        for i, cells in enumerate([header, *body[:rows]]):
            tbl.rows[i].height = Inches(heights[i])
            for j, text in enumerate(cells):
                cell = tbl.cell(i, j)
                cell.text = text
                para = cell.text_frame.paragraphs[0]
                para.font.size = Pt(size)
                para.font.bold = i == 0
        shape.width = Emu(sum(c.width for c in tbl.columns))
        shape.height = Emu(sum(r.height for r in tbl.rows))
        return rows

    def programme(
        self,
        heading: str,
        image: str | Path | None,
        figures: Sequence[tuple[str, str]],
        table: pd.DataFrame | None,
        caption: str = "",
        notes: Sequence[str] = (),
        lines: Sequence[str] = (),
        legend: str = "",
    ) -> int:
        """One programme on one slide: map and key figures left, candidates right.

        Parameters
        ----------
        heading : str
        image : path, optional
            The gap map (PNG), fitted above the figures.
        figures : sequence of (value, label)
            The key figures, each a large value over its label.
        table : DataFrame, optional
            The top candidates (as many rows as fit).
        caption : str
            Under the table: what its columns measure.
        notes : sequence of str
            Speaker notes.
        lines : sequence of str
            Text shown instead of the table (no candidates).
        legend : str
            The map's legend in words, under the map at body size (a legend
            drawn inside a 4.6-in picture cannot be read on a projected slide).

        Returns
        -------
        int
            The candidate rows shown.
        """
        slide = self._blank(notes)
        top = self._heading(slide, heading)
        bottom = self.body_bottom
        left_w, right_x = 4.6, _MARGIN + 4.6 + 0.25
        right_w = SLIDE_WIDTH_IN - _MARGIN - right_x
        paras: list[Para] = []
        for value, label in figures:
            paras += [(value, 24, True, _RED), (label, MIN_BODY_PT + 1, False, _BLACK)]
        fig_h = text_height(paras, left_w) if paras else 0.0
        key = [(legend, MIN_BODY_PT, False, _GREY)]
        key_h = text_height(key, left_w) if legend else 0.0
        if image is not None:
            map_h = bottom - top - fig_h - _GAP - (key_h + _GAP if legend else 0.0)
            self._place_picture(slide, image, _MARGIN, top, left_w, map_h)
            if legend:
                key_top = top + map_h + _GAP / 2
                self._text(slide, key, _MARGIN, key_top, left_w, key_h)
        if paras:
            self._text(slide, paras, _MARGIN, bottom - fig_h, left_w, fig_h)
        cap = [(caption, MIN_BODY_PT, False, _GREY)]
        cap_h = text_height(cap, right_w) if caption else 0.0
        shown = 0
        if table is not None and len(table):
            avail = bottom - top - (cap_h + _GAP if caption else 0)
            shown = self.add_table(slide, table, right_x, top, right_w, avail)
            tbl = [s for s in slide.shapes if s.has_table][-1]
            cap_top = top + tbl.height / 914400 + _GAP
        else:
            kept, s = self._fitting_lines(
                [f"• {x}" for x in lines], right_w, bottom - top - cap_h, 20
            )
            box = self._text(
                slide, [(x, s, False, _BLACK) for x in kept], right_x, top, right_w
            )
            cap_top = top + box.height / 914400 + _GAP
        if caption:
            self._text(slide, cap, right_x, cap_top, right_w, cap_h)
        return shown

    def save(self, path: str | Path) -> Path:
        """Write the deck (``.pptx``)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with documents.atomic(path) as tmp:
            self.prs.save(str(tmp))
        return path


def _column_widths(
    header: list[str], body: list[list[str]], width: float, size: float
) -> list[float]:
    """Column widths (inches, summing to ``width``) that follow their text.

    A column wants room for its longest text (up to 30 characters) and at
    least its longest header word; what is left is shared in proportion.
    """
    if not header:
        return []
    cw = _CHAR_W[True] * size / 72
    pad = 2 * _INSET_X + 0.02
    floor = [
        max(len(w) for w in (h.split() or [""])) * cw + pad for h in header
    ]  # the longest header word must not break
    want = [
        min(max([len(h) / 3, *(len(r[j]) for r in body)]), 30) * cw + pad
        for j, h in enumerate(header)
    ]
    want = [max(a, b) for a, b in zip(want, floor, strict=True)]
    total = sum(want)
    if total <= width:
        extra = width - total
        return [w + extra * w / total for w in want]
    spare = [w - f for w, f in zip(want, floor, strict=True)]
    cut = total - width
    room = sum(spare)
    if room <= 0 or cut > room:
        return [width * f / sum(floor) for f in floor]
    return [w - cut * s / room for w, s in zip(want, spare, strict=True)]
