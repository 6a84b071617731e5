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
    for slide in prs.slides:  # speaker notes on every slide
        assert slide.notes_slide.notes_text_frame.text.strip()


def test_long_content_moves_on_instead_of_overflowing(tmp_path):
    """Long bullets and tall tables continue on further slides; boxes fit."""
    import matplotlib.pyplot as plt

    from unit.test_deck_layout import (
        test_every_box_lies_inside_its_slide_and_overlaps_none as inside,
    )
    from unit.test_deck_layout import (
        test_type_is_large_enough_and_the_text_fits_its_box as fits,
    )

    fig = plt.figure(figsize=(4, 3))
    png = tmp_path / "peta.png"
    fig.savefig(png)
    plt.close(fig)
    deck = Deck("Kabupaten Uji · ilustrasi · " + "catatan data panjang " * 12)
    n = deck.bullets("Banyak hal", [f"butir nomor {i} " * 6 for i in range(40)])
    assert n > 1
    names = pd.DataFrame(
        {"Koperasi": ["Koperasi Desa Merah Putih Nama Sangat Panjang Sekali"] * 30}
    )
    assert deck.table("Tabel tinggi", names, rows_per_slide=30) > 1
    table = pd.DataFrame(
        {
            "Peringkat": range(1, 11),
            "Desa": [f"Desa{i}" for i in range(10)],
            "Jarak (km)": np.linspace(1, 9, 10),
        }
    )
    shown = deck.programme(
        "Program uji dengan judul yang cukup panjang",
        png,
        [("17", "koperasi sudah bermitra"), ("324", "siap"), ("24", "belum siap")],
        table,
        caption="Jarak: jarak ke koperasi mitra terdekat. " * 4,
        notes=["rincian"],
    )
    assert 1 <= shown <= 10
    deck.programme("Tanpa calon", png, [("0", "siap")], None, lines=["Belum ada."])
    path = deck.save(tmp_path / "d.pptx")
    inside(("uji", path))
    fits(("uji", path))


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


# --- the plan scenario by name, never silently the most optimistic (issue 12 §1) ---
@pytest.fixture(scope="module")
def analyses(boundary_dir):
    from kdkmp_analysis import handouts

    return handouts.analyse()


def _deck_texts(an, tmp_path) -> str:
    from kdkmp_analysis import handouts

    path = handouts.write_deck(an, tmp_path / "d.pptx", tmp_path / "img")
    return " ".join(_texts(s) for s in Presentation(path).slides)


def test_briefing_and_deck_show_the_default_plan_scenario_by_name(analyses, tmp_path):
    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis import handouts
    from unit.test_distribution import _unbased_percents

    heading = "Skenario rencana: 30 mitra terpilih (penempatan) — bawaan"
    assert analyses.options.key == ds.PLAN_KEY == handouts.SCENARIO_KEY
    assert analyses.distribution.plan.scenario.key == ds.PLAN_KEY
    page = handouts.briefing_html(analyses, "35.14.09")
    section = page[page.index("<h2>Distribusi SPHP") :]
    assert heading in section
    assert "Semua koperasi siap, batas 2 t" not in section
    assert ds.ACCESS_LABEL.capitalize() in section  # access named as access
    assert "porsi saluran 6,7 %" in section and "porsi 3,6 %" in section
    assert "30 %" not in section and "asumsi porsi saluran 30" not in section
    assert _unbased_percents(section) == []
    assert heading in _deck_texts(analyses, tmp_path)


def test_briefing_and_deck_show_the_scenario_the_planner_chose(analyses, tmp_path):
    from kdkmp_analysis import handouts
    from kdkmp_analysis.distribution.report import ScenarioOptions
    from unit.test_distribution import _unbased_percents

    an = handouts.choose_scenario(analyses, ScenarioOptions(plan_key="siap_batas_2t"))
    assert an.distribution.plan.scenario.key == "siap_batas_2t"
    assert analyses.distribution.plan.scenario.key == "penempatan"  # not changed
    heading = "Skenario rencana: Semua koperasi siap, batas 2 t — dipilih perencana"
    section = handouts.briefing_html(an, "35.14.09")
    section = section[section.index("<h2>Distribusi SPHP") :]
    assert heading in section and "— bawaan" not in section
    assert "batas 2,0 t/minggu per mitra ditetapkan skenario" in section
    assert _unbased_percents(section) == []
    texts = _deck_texts(an, tmp_path)
    assert heading in texts
    assert "Skenario rencana: 30 mitra terpilih (penempatan) — bawaan" not in texts
