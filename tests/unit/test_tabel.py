"""Notebook tables read as a planner's (issue 14 §1): labels, numbers, no index."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kdkmp_analysis import register
from kdkmp_analysis.handouts import tabel as tb
from kdkmp_analysis.testing.text_scan import violations, visible_text


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nama_kecamatan": ["Rejoso", "Kraton"],
            "nib": pd.array([True, pd.NA], dtype="boolean"),
            "jumlah_koperasi": [15, 1665922],
            "persen_nib": [12.345, np.nan],
            "tersalur_p50_t": [0.1234, 2.5],
        }
    ).set_index("nama_kecamatan")


def test_headings_are_labels_and_cells_indonesian():
    t = tb.tabel(_frame())
    assert list(t.frame.columns) == [
        "Kecamatan",
        {c.name: c.label for c in register.SCHEMA}["nib"],
        tb.LABELS.get("jumlah_koperasi", "Jumlah koperasi"),
        "Persen NIB",
        "Tersalur P50 (t)",
    ]
    rows = t.frame.to_numpy().tolist()
    assert rows[0][1:] == ["ya", "15", "12,3", "0,12"]
    assert rows[1][1:] == ["–", "1.665.922", "–", "2,50"]


def test_the_html_has_no_key_no_repr_no_row_number():
    page = tb.tabel(_frame())._repr_html_()
    text = visible_text(page)
    assert violations(text) == []
    assert "Rejoso" in text and "<th></th>" not in page  # the index is a named column


def test_long_tables_say_what_is_left_out():
    df = pd.DataFrame({"kode_desa": [f"35.14.01.{i:04d}" for i in range(100)]})
    t = tb.tabel(df, max_rows=10)
    assert len(t.frame) == 11
    assert t.frame.iloc[-1, 0] == "… 90 baris lagi tidak ditampilkan"


def test_aktifkan_makes_every_frame_display_as_a_planner_table():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    assert tb.aktifkan(shell) is True
    data, _ = shell.display_formatter.format(_frame())
    assert (
        "Kecamatan" in data["text/html"] and "nama_kecamatan" not in data["text/html"]
    )
    assert "nama_kecamatan" not in data["text/plain"]
    series, _ = shell.display_formatter.format(_frame()["persen_nib"])
    assert "12,3" in series["text/html"]
    assert tb.aktifkan(None) in (True, False)  # outside IPython: no error
