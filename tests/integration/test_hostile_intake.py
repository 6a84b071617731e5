"""Broken and hostile copies of the real export and register (issue 16 §2, §3).

Rows are conserved (accepted + rejected = input) and every broken row is
named in the report; what cannot be trusted is refused with one line.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import intake, register


@pytest.fixture(scope="module")
def export(simkopdes_dir):
    return simkopdes_dir / "kopdes_locations_3514.csv"


def test_export_cut_mid_row_keeps_every_row_and_names_the_cut(tmp_path, export):
    lines = export.read_text().splitlines(keepends=True)
    cut = tmp_path / "terpotong.csv"
    cut.write_text("".join(lines[:257]) + lines[257][:50])  # 256 rows + half
    res = intake.import_simkopdes(cut, kabupaten="35.14", boundaries=False)
    assert len(res.report) == 257  # every input row has its report row
    last = res.report.set_index("baris_berkas").loc[258, "catatan"]
    assert "baris terpotong" in last and "berakhir di tengah baris" in last


def test_hidden_sheet_of_one_row_beside_the_export_is_not_read(tmp_path, export):
    loc = pd.read_csv(export, dtype=str)
    path = tmp_path / "lokasi.xlsx"
    with pd.ExcelWriter(path) as xw:
        loc.head(1).to_excel(xw, sheet_name="Lama", index=False)
        loc.to_excel(xw, sheet_name="Ekspor", index=False)
    wb = openpyxl.load_workbook(path)
    wb["Lama"].sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    res = intake.import_simkopdes(path, kabupaten="35.14", boundaries=False)
    assert len(res.report) == len(loc) == 365
    assert any("tersembunyi 'Lama'" in n for n in res.summary["catatan_berkas"])


def test_latitude_and_lat_in_one_export_is_an_error(tmp_path, export):
    loc = pd.read_csv(export, dtype=str)
    loc["lat"] = ""
    loc.to_csv(tmp_path / "dua.csv", index=False)
    with pytest.raises(intake.IntakeError, match="'latitude' dan 'lat'"):
        intake.import_simkopdes(tmp_path / "dua.csv", kabupaten="35.14")


def test_broken_coordinates_are_flagged_not_silently_centred(tmp_path, export):
    loc = pd.read_csv(export, dtype=str)
    loc.loc[3, "latitude"] = "-1e309"
    loc.loc[4, "longitude"] = "１１２.７６"
    loc.to_csv(tmp_path / "titik.csv", index=False)
    res = intake.import_simkopdes(tmp_path / "titik.csv", kabupaten="35.14")
    rep = res.report
    assert rep.loc[3, "koordinat_bukan_angka"]
    assert "koordinat bukan angka" in rep.loc[3, "catatan"]
    assert rep.loc[4, "digit_tidak_baku"] and "non-latin" in rep.loc[4, "catatan"]


def test_import_dinas_with_another_kabupatens_register_is_refused(tmp_path):
    base = register.write_register(
        intake.default_register("35.07"), tmp_path / "register.csv"
    )
    template = intake.template_frame("35.14")
    with pytest.raises(intake.IntakeError, match="register dasar"):
        intake.import_dinas(template, "35.14", base=base)
