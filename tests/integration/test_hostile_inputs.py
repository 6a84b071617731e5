"""Hostile input (issue 16 §1): no text from a file ever runs as a spreadsheet formula.

A crafted copy of the real SIMKOPDES export puts formula text in cooperative
names (the cases of the issue: ``=HYPERLINK(…)``, ``=cmd|…``, ``+…``, ``@…``,
``-…``); it goes through the intake, the register file and the forum
workbook. Every XLSX the package writes must hold zero formula cells, every
CSV must neutralise such cells with a leading ``'``, the match report must say
so for the rows concerned, and the register must read back as written.
"""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import documents, forum, handouts, intake, register

PAYLOADS = [
    '=HYPERLINK("http://contoh.invalid/x","klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1:A9)",
    "-2+3",
]


def _formula_cells(path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


@pytest.fixture(scope="module")
def crafted(tmp_path_factory, simkopdes_dir):
    tmp = tmp_path_factory.mktemp("hostile")
    loc = pd.read_csv(simkopdes_dir / "kopdes_locations_3514.csv", dtype=str)
    hit = loc.index[:: len(loc) // len(PAYLOADS)][: len(PAYLOADS)]
    # the payload replaces the name of a row that will not match, and is
    # appended to the name of one that will (so it reaches the register)
    loc.loc[hit, "name"] = PAYLOADS
    keep = loc.index[1]
    loc.loc[keep, "name"] = loc.loc[keep, "name"] + " =1+1"
    path = tmp / "kopdes_locations_3514.csv"
    loc.to_csv(path, index=False)
    result = intake.import_simkopdes(path, kabupaten="35.14")
    files = result.write(tmp / "impor")
    return tmp, loc, hit, result, files


def test_match_report_workbook_has_no_formula(crafted):
    *_, files = crafted
    assert _formula_cells(files["report_xlsx"]) == []


def test_csv_cells_are_neutralised_and_the_report_says_so(crafted):
    _, loc, hit, _, files = crafted
    with open(files["report"], newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(loc)  # nothing lost
    for cell in (v for r in rows for v in r.values()):
        assert not documents.runs_as_formula(cell), cell
    by_id = {r["cooperative_id"]: r for r in rows}
    for i in hit:
        r = by_id[loc.loc[i, "cooperative_id"]]
        assert r["nama_input"] == "'" + loc.loc[i, "name"]
        assert intake.report.FORMULA_NOTE in r["catatan"]


def test_register_reads_back_as_written(crafted):
    _, _, _, result, files = crafted
    back = register.read_register(files["register"])
    pd.testing.assert_series_equal(
        back["nama_koperasi"].reset_index(drop=True),
        result.register["nama_koperasi"].reset_index(drop=True),
        check_dtype=False,
    )


def test_forum_workbook_from_the_crafted_register_has_no_formula(
    crafted, desa_polygons
):
    tmp, *_ = crafted
    reg = crafted[3].register.copy()
    reg.loc[0, "nama_koperasi"] = '=HYPERLINK("http://contoh.invalid","klik")'
    reg.loc[1, "catatan_mitra"] = "@SUM(A1)"
    data = forum.build_forum(reg, desa_polygons=desa_polygons)
    files = handouts.write_forum(tmp / "forum", forum=data)
    assert _formula_cells(files.workbook) == []
    wb = openpyxl.load_workbook(files.workbook)
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert '=HYPERLINK("http://contoh.invalid","klik")' in texts  # kept as text


def test_dinas_file_with_formula_text_writes_no_formula(tmp_path):
    frame = intake.template_frame("35.14").head(3).copy()
    label = register.SCHEMA[[c.name for c in register.SCHEMA].index("catatan_mitra")]
    frame[label.label] = ["=1+1", "+SUM(A1)", "@x"]
    path = tmp_path / "dinas.csv"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    result = intake.import_dinas(path, "35.14")
    files = result.write(tmp_path / "out")
    assert _formula_cells(files["report_xlsx"]) == []
    text = files["register"].read_text(encoding="utf-8")
    assert "'=1+1" in text and "\n=1+1" not in text
    back = register.read_register(files["register"])
    assert sorted(back["catatan_mitra"].dropna()) == ["+SUM(A1)", "=1+1", "@x"]
