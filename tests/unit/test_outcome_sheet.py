"""The forum workbook's "Hasil Forum" and "Tindak Lanjut" sheets (issue 15 §1, §3).

One forum of the default register; the workbook is written once without a
history and once with a small one, and read back with openpyxl.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import forum, gaps
from kdkmp_analysis.handouts import forum_files, outcome_sheet, progress
from kdkmp_analysis.intake import outcome_schema as osc
from kdkmp_analysis.testing.text_scan import violations


@pytest.fixture(scope="module")
def fr(boundary_dir):
    return forum.build_forum()


@pytest.fixture(scope="module")
def history(fr) -> pd.DataFrame:
    """Two outcomes: one open follow-up outside the top rows, one inside."""
    bulog = fr.candidates["bulog_sphp"]
    inside = str(bulog["kode_desa"].iloc[0])
    outside = str(bulog["kode_desa"].iloc[outcome_sheet.ROWS_PER_PROGRAMME + 3])
    base = {
        "tanggal_forum": "2026-08-20",
        "program": "bulog_sphp",
        "minat_bumn": "ya",
        "catatan": "",
        "berkas": "forum_3514.xlsx",
        "diimpor": "2026-08-21T09:00:00",
    }
    rows = [
        {**base, "kode_desa": inside, "tahap": "diajukan", "tindak_lanjut": "kirim",
         "pic": "Dinas Koperasi", "tenggat": "2026-09-01"},
        {**base, "kode_desa": outside, "tahap": "minat", "tindak_lanjut": "survei",
         "pic": "Bulog Cabang", "tenggat": "2026-12-31"},
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(osc.HISTORY_COLUMNS))


@pytest.fixture(scope="module")
def books(fr, history, tmp_path_factory):
    out = tmp_path_factory.mktemp("hasil")
    plain = forum_files.write_workbook(fr, out / "a.xlsx", cards_from=None)
    with_h = forum_files.write_workbook(
        fr, out / "b.xlsx", cards_from=None, history=history
    )
    return openpyxl.load_workbook(plain), openpyxl.load_workbook(with_h)


def _rows(ws) -> tuple[list[str], list[tuple]]:
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return list(rows[0]), [r for r in rows[1:] if any(v is not None for v in r)]


def test_sheet_has_one_row_per_candidate_shown(fr, books):
    ws = books[0][osc.SHEET]
    heads, rows = _rows(ws)
    assert heads == list(osc.SHEET_COLUMNS.values())
    n = outcome_sheet.ROWS_PER_PROGRAMME
    assert len(rows) == sum(min(len(c), n) for c in fr.candidates.values())
    col = {h: i for i, h in enumerate(heads)}
    progs = gaps.load_programmes()
    short = {p.singkat: k for k, p in progs.items()}
    for key, cands in fr.candidates.items():
        mine = [r for r in rows if r[col["Program"]] == progs[key].singkat]
        assert [r[col["Kode Desa"]] for r in mine] == list(cands["kode_desa"][:n])
        assert [r[col["Peringkat di Forum"]] for r in mine] == list(
            cands["peringkat"][:n]
        )
    for r in rows:  # the hidden check is row_key(code, programme key)
        key = short[r[col["Program"]]]
        assert r[col["Kunci Baris"]] == osc.row_key(r[col["Kode Desa"]], key)
        assert r[col["Tahap"]] == "calon" and r[col["Minat BUMN"]] == "belum"
        assert r[col["Tanggal Forum"]].date() == dt.date.today()


def test_sheet_is_protected_with_lists_and_dates(books):
    ws = books[0][osc.SHEET]
    heads, rows = _rows(ws)
    letter = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(heads)}
    assert ws.protection.sheet and not ws.protection.password
    for key in osc.PROTECTED:
        assert ws[f"{letter[osc.SHEET_COLUMNS[key]]}3"].protection.locked, key
    for key in osc.EDITABLE:
        assert not ws[f"{letter[osc.SHEET_COLUMNS[key]]}3"].protection.locked, key
    found = {}
    for dv in ws.data_validations.dataValidation:
        found[str(dv.sqref).split(":")[0][0]] = (dv.type, dv.formula1)
    last = len(rows) + 2
    assert all(
        f"{letter[h]}3:{letter[h]}{last}"
        in {str(dv.sqref) for dv in ws.data_validations.dataValidation}
        for h in ("Minat BUMN", "Tahap", "Tenggat", "Tanggal Forum")
    )
    assert found[letter["Minat BUMN"]] == ("list", '"' + ",".join(osc.INTEREST) + '"')
    assert found[letter["Tahap"]] == ("list", '"' + ",".join(osc.STAGES) + '"')
    assert found[letter["Tenggat"]][0] == "date"
    assert found[letter["Tanggal Forum"]][0] == "date"
    assert ws.column_dimensions[letter["Kunci Baris"]].hidden
    assert ws.print_title_rows == "$1:$2" and ws.page_setup.orientation == "landscape"
    assert "import-hasil-forum" in ws["A1"].value and "--register" in ws["A1"].value


def test_visible_cells_pass_the_planner_text_scan(books):
    for book in books:
        for name in (osc.SHEET, outcome_sheet.FOLLOWUP_SHEET):
            if name not in book.sheetnames:
                continue
            ws = book[name]
            hidden = {
                k for k, d in ws.column_dimensions.items() if d.hidden
            }  # the row check: hex digits, hidden
            text = "\n".join(
                str(c.value)
                for row in ws.iter_rows()
                for c in row
                if c.value is not None and c.column_letter not in hidden
            )
            assert violations(text) == [], name


def test_history_adds_open_followups_and_the_followup_sheet(fr, books, history):
    plain, with_h = books
    assert outcome_sheet.FOLLOWUP_SHEET not in plain.sheetnames
    assert with_h.sheetnames[-2:] == [osc.SHEET, outcome_sheet.FOLLOWUP_SHEET]
    heads, rows = _rows(with_h[osc.SHEET])
    col = {h: i for i, h in enumerate(heads)}
    assert len(rows) == len(_rows(plain[osc.SHEET])[1]) + 1  # the one outside
    inside, outside = history["kode_desa"]
    by_code = {
        r[col["Kode Desa"]]: r for r in rows if r[col["Program"]] == "Bulog SPHP"
    }
    assert by_code[outside][col["Peringkat di Forum"]] == (
        outcome_sheet.ROWS_PER_PROGRAMME + 4
    )
    # a row with a history starts from its latest outcome
    assert by_code[inside][col["Tahap"]] == "diajukan"
    assert by_code[inside][col["PIC"]] == "Dinas Koperasi"
    assert by_code[inside][col["Tenggat"]].date() == dt.date(2026, 9, 1)
    fh, frows = _rows(with_h[outcome_sheet.FOLLOWUP_SHEET])
    assert len(frows) == len(progress.followups(history, dt.date.today()))
    fcol = {h: i for i, h in enumerate(fh)}
    late = {r[fcol["Kode Desa"]]: r[fcol["Terlambat"]] for r in frows}
    today = dt.date.today()
    assert (late[inside] == progress.TERLAMBAT) == (dt.date(2026, 9, 1) < today)
