"""A PowerPoint deck for the business-matching forum (python-pptx).

:class:`Deck` is a small builder over python-pptx with the four slide kinds the
forum needs — title, picture (maps, charts), table (paginated gap tables and
candidate lists) and bullet points — in 16:9, with a footer on every slide
that names the data source (and says ``ilustrasi`` when it is). What goes on
the slides is decided by :mod:`kdkmp_analysis.build`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kdkmp_analysis import documents
from kdkmp_analysis._format import sel

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Deck"]

_RED = (0xB3, 0x00, 0x00)
_GREY = (0x55, 0x55, 0x55)


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
    >>> deck.bullets("Ringkasan", ["365 koperasi", "24 kecamatan"])
    >>> len(deck.prs.slides)
    2
    """

    def __init__(self, footer: str = "") -> None:
        from pptx import Presentation
        from pptx.util import Inches

        self.prs = Presentation()
        self.prs.slide_width = Inches(13.333)
        self.prs.slide_height = Inches(7.5)
        self.footer = footer

    # -- helpers -------------------------------------------------------------
    def _blank(self):
        return self.prs.slides.add_slide(self.prs.slide_layouts[6])

    def _text(
        self, slide, text, left, top, width, height, size, bold=False, color=(0, 0, 0)
    ):
        from pptx.dml.color import RGBColor
        from pptx.util import Inches, Pt

        box = slide.shapes.add_textbox(
            Inches(left), Inches(top), Inches(width), Inches(height)
        )
        frame = box.text_frame
        frame.word_wrap = True
        lines = text if isinstance(text, list) else [text]
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = str(line)
            para.font.size = Pt(size)
            para.font.bold = bold
            para.font.color.rgb = RGBColor(*color)
        return box

    def _heading(self, slide, heading: str) -> None:
        self._text(slide, heading, 0.5, 0.3, 12.3, 0.8, 28, bold=True, color=_RED)
        if self.footer:
            self._text(slide, self.footer, 0.5, 7.0, 12.3, 0.4, 10, color=_GREY)

    # -- slide kinds ---------------------------------------------------------
    def title(self, heading: str, subtitle: str = "") -> None:
        """A title slide."""
        slide = self._blank()
        self._text(slide, heading, 0.8, 2.3, 11.7, 1.4, 40, bold=True, color=_RED)
        if subtitle:
            self._text(slide, subtitle, 0.8, 3.8, 11.7, 1.6, 20)
        if self.footer:
            self._text(slide, self.footer, 0.8, 6.6, 11.7, 0.6, 12, color=_GREY)

    def bullets(self, heading: str, lines: Sequence[str], size: int = 20) -> None:
        """A slide of bullet lines (``size`` in points; smaller for long lines)."""
        slide = self._blank()
        self._heading(slide, heading)
        self._text(slide, [f"• {x}" for x in lines], 0.7, 1.3, 11.9, 5.5, size)

    def picture(self, heading: str, image: str | Path, note: str = "") -> None:
        """A slide with one picture (a PNG map or chart), fitted to the slide."""
        from PIL import Image
        from pptx.util import Inches

        slide = self._blank()
        self._heading(slide, heading)
        with Image.open(image) as img:
            w, h = img.size
        max_w, max_h = 12.3, 5.4 if note else 5.7
        scale = min(max_w / w, max_h / h)
        width, height = w * scale, h * scale
        slide.shapes.add_picture(
            str(image),
            Inches(0.5 + (max_w - width) / 2),
            Inches(1.2),
            Inches(width),
            Inches(height),
        )
        if note:
            self._text(slide, note, 0.5, 6.55, 12.3, 0.4, 12, color=_GREY)

    def table(
        self, heading: str, df: pd.DataFrame, rows_per_slide: int = 12, note: str = ""
    ) -> int:
        """One or more slides with a table; returns the number of slides added.

        Long tables continue on further slides (``(lanjutan)``); numbers are
        formatted with Indonesian thousands separators.
        """
        from pptx.util import Inches, Pt

        n = max(1, -(-len(df) // rows_per_slide))
        for page in range(n):
            part = df.iloc[page * rows_per_slide : (page + 1) * rows_per_slide]
            slide = self._blank()
            self._heading(slide, heading + (" (lanjutan)" if page else ""))
            shape = slide.shapes.add_table(
                len(part) + 1,
                len(df.columns),
                Inches(0.5),
                Inches(1.2),
                Inches(12.3),
                Inches(0.4 * (len(part) + 1)),
            )
            tbl = shape.table
            for j, col in enumerate(df.columns):
                cell = tbl.cell(0, j)
                cell.text = str(col)
                cell.text_frame.paragraphs[0].font.size = Pt(12)
                cell.text_frame.paragraphs[0].font.bold = True
            for i, (_, row) in enumerate(part.iterrows(), start=1):
                for j, value in enumerate(row):
                    cell = tbl.cell(i, j)
                    cell.text = sel(value)
                    cell.text_frame.paragraphs[0].font.size = Pt(11)
            if note:  # two lines fit above the footer (long notes in smaller type)
                size = 12 if len(note) <= 150 else 10
                self._text(slide, note, 0.5, 6.2, 12.3, 0.75, size, color=_GREY)
        return n

    def save(self, path: str | Path) -> Path:
        """Write the deck (``.pptx``)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with documents.atomic(path) as tmp:
            self.prs.save(str(tmp))
        return path
