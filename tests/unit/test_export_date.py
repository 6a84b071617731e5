"""The import's export date (issue 11 §4): ``--tanggal``, else what the file
states (a date column, a heading line, its name), else *tanggal ekspor tidak
diketahui* — never the file's modification time."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from kdkmp_analysis import cli, intake, provenance
from kdkmp_analysis.intake.dates import date_in_text
from kdkmp_analysis.intake.simkopdes import NO_EXPORT_DATE

HEAD = "cooperative_id,name,province,district,subdistrict,latitude,longitude\n"
ROW = (
    "7,KOPERASI DESA MERAH PUTIH WONOKERTO,JAWA TIMUR,KAB. PASURUAN,Sukorejo,"
    "-7.657,112.760\n"
)
#: a modification time that appears nowhere else (2 January 2020)
OLD = time.mktime((2020, 1, 2, 12, 0, 0, 0, 0, -1))


def _write(path, text):
    path.write_text(text)
    os.utime(path, (OLD, OLD))
    return path


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("kopdes_locations_2026-08-05.csv", "2026-08-05"),
        ("ekspor_20260805_3514.csv", "2026-08-05"),
        ("data 05-08-2026.xlsx", "2026-08-05"),
        ("Tanggal ekspor: 5 Agustus 2026", "2026-08-05"),
        ("Data per 5 Agu 2026", "2026-08-05"),
        ("exported 5 August 2026", "2026-08-05"),
        ("2026-08-05 00:00:00", "2026-08-05"),
        ("kopdes_locations_3514.csv", None),
        ("versi 2026-13-40", None),
        ("kode 35140101", None),
    ],
)
def test_dates_written_in_names_and_headings(text, iso):
    assert date_in_text(text) == iso


def test_the_date_in_the_file_name_dates_the_export(tmp_path):
    p = _write(tmp_path / "kopdes_locations_2026-08-05.csv", HEAD + ROW)
    res = intake.import_simkopdes(p, boundaries=False)
    assert res.summary["tanggal_ekspor"] == "ekspor 2026-08-05 (dari nama berkas)"
    assert res.register["sumber_status"].str.contains("ekspor 2026-08-05").all()
    assert provenance.of(res.register).file_date == "2026-08-05"
    assert "2020-01-02" not in res.summary_text()


def test_a_heading_line_above_the_table_dates_the_export(tmp_path):
    p = _write(
        tmp_path / "kopdes_locations_3514.csv",
        "Ekspor SIMKOPDES - tanggal ekspor: 5 Agustus 2026\n\n" + HEAD + ROW,
    )
    res = intake.import_simkopdes(p, boundaries=False)
    assert res.summary["tanggal_ekspor"] == "ekspor 2026-08-05 (dari judul berkas)"


def test_a_date_column_dates_the_export_when_it_holds_one_date(tmp_path):
    head = HEAD.rstrip("\n") + ",tanggal_ekspor\n"
    one = ROW.rstrip("\n") + ",2026-08-05\n"
    p = _write(tmp_path / "lokasi.csv", head + one + one.replace("7,", "8,", 1))
    res = intake.import_simkopdes(p, boundaries=False)
    assert res.summary["tanggal_ekspor"] == (
        "ekspor 2026-08-05 (dari kolom tanggal_ekspor)"
    )
    two = one.replace("7,", "8,", 1).replace("2026-08-05", "2026-08-06")
    p = _write(tmp_path / "lokasi.csv", head + one + two)
    res = intake.import_simkopdes(p, boundaries=False)
    assert res.summary["tanggal_ekspor"] == "tanggal ekspor tidak diketahui"


def test_no_stated_date_is_unknown_never_the_modification_time(tmp_path):
    p = _write(tmp_path / "kopdes_locations_3514.csv", HEAD + ROW)
    res = intake.import_simkopdes(p, boundaries=False)
    assert res.summary["tanggal_ekspor"] == NO_EXPORT_DATE
    assert res.summary["tanggal_ekspor"] == "tanggal ekspor tidak diketahui"
    assert provenance.of(res.register).file_date == ""
    text = res.summary_text() + " ".join(res.register["sumber_status"])
    assert "2020-01-02" not in text and "tanggal berkas" not in text
    # the reader itself no longer records the mtime
    assert provenance.of(intake.read_locations(p)).file_date == ""


def test_tanggal_wins_over_what_the_file_states(tmp_path):
    p = _write(tmp_path / "kopdes_locations_2026-08-05.csv", HEAD + ROW)
    res = intake.import_simkopdes(p, boundaries=False, export_date="2026-09-01")
    assert res.summary["tanggal_ekspor"] == "ekspor 2026-09-01"
    assert provenance.of(res.register).file_date == "2026-09-01"


def test_xlsx_heading_row_dates_the_export(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Data koperasi per 5 Agustus 2026"])
    ws.append(HEAD.strip().split(","))
    ws.append(ROW.strip().split(","))
    p = tmp_path / "lokasi.xlsx"
    wb.save(p)
    os.utime(p, (OLD, OLD))
    res = intake.import_simkopdes(p, boundaries=False)
    assert res.summary["tanggal_ekspor"] == "ekspor 2026-08-05 (dari judul berkas)"


def test_cli_prints_the_export_date_and_where_it_was_found(tmp_path, capsys):
    p = _write(tmp_path / "kopdes_locations_20260805.csv", HEAD + ROW)
    assert cli.main(["import-simkopdes", str(p), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "tanggal: ekspor 2026-08-05 (dari nama berkas)" in out
    reg = pd.read_csv(tmp_path / "o" / "register.csv", dtype=str)
    assert reg["sumber_status"].str.contains("2026-08-05").all()
