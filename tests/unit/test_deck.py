import matplotlib
import numpy as np
import pandas as pd
import pytest
from pptx import Presentation

from kdkmp_analysis._format import sel
from kdkmp_analysis.handouts import Deck

matplotlib.use("Agg")


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_deck_slides_paginate_and_carry_the_footer(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(4, 3))
    plt.plot([0, 1], [0, 1])
    png = tmp_path / "x.png"
    fig.savefig(png)
    plt.close(fig)
    deck = Deck("Sumber: register bawaan (ilustrasi)")
    deck.title("Forum Temu Bisnis", "Kabupaten Pasuruan")
    deck.picture("Peta", png, note="batas desa cahyadsn (MIT)")
    pages = deck.table(
        "Calon mitra",
        pd.DataFrame({"koperasi": [f"K{i}" for i in range(25)], "penduduk": range(25)}),
        rows_per_slide=10,
    )
    assert pages == 3
    path = deck.save(tmp_path / "d.pptx")
    prs = Presentation(path)
    assert len(prs.slides) == 5
    assert "Forum Temu Bisnis" in _texts(prs.slides[0])
    for slide in prs.slides:
        assert "ilustrasi" in _texts(slide)
    tables = [s for s in prs.slides[4].shapes if s.has_table]
    assert len(tables) == 1
    tbl = tables[0].table
    assert tbl.cell(0, 0).text == "koperasi"
    assert tbl.cell(1, 0).text == "K20"  # third page starts at row 20
    assert "(lanjutan)" in _texts(prs.slides[3])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1.234.567"),
        (np.int64(5000), "5.000"),
        (1234.56, "1.234,6"),
        (pd.NA, "–"),
        (float("nan"), "–"),
        (True, "ya"),
        (np.False_, "tidak"),
        ("Sukorejo", "Sukorejo"),
    ],
)
def test_indonesian_number_format(value, text):
    assert sel(value) == text
