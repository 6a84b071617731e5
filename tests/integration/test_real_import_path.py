"""The real-data path never dead-ends (issue 11 §4), on the real Pasuruan import.

The shared SIMKOPDES slices are imported in place (never copied); everything
written goes to ``tmp_path``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kdkmp_analysis import cli, gaps, intake, register
from kdkmp_analysis.intake import dinas


@pytest.fixture(scope="module")
def imported(simkopdes_dir, tmp_path_factory):
    """The real Pasuruan import, written as ``register.csv`` like the CLI does."""
    res = intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        kabupaten="35.14",
        boundaries=False,
        export_date="2026-08-05",
    )
    out = tmp_path_factory.mktemp("impor")
    return res.write(out)["register"]


# --- the Dinas template prefilled from the import ------------------------------
def test_template_from_the_import_is_prefilled_marked_and_reads_back(
    imported, tmp_path
):
    reg = register.read_register(imported)
    path = intake.write_template(tmp_path / "templat.xlsx", "35.14", base=imported)
    raw = pd.read_excel(path, sheet_name="Data Koperasi", header=3, dtype=str)
    assert len(raw) == 365
    by_code = raw.set_index("Kode Desa/Kelurahan")
    nib = reg.set_index("kode_desa")["nib"]
    # what SIMKOPDES says is prefilled, as ya/tidak, for every cooperative
    expected = nib.map({True: "ya", False: "tidak"})
    assert (by_code.loc[expected.index, "NIB"] == expected).all()
    assert (by_code["NPWP"] == "ya").all() and (by_code["Akun SIMKOPDES"] == "ya").all()
    # the gaps stay empty for the Dinas (badan hukum is not prefilled from NIB)
    for label in ("Badan Hukum (AHU)", "Rekening Bank", "Kapasitas Gudang (t)"):
        assert by_code[label].isna().all(), label
    mark = by_code[dinas.PREFILL_LABEL]
    assert mark.str.startswith("dari SIMKOPDES 5 Agu 2026: ").all()
    assert mark.str.contains("NIB").all()
    # read back over the same register: no error, no invalid cell, nothing changed
    res = intake.import_dinas(path, "35.14", base=imported)
    assert res.summary["nilai_tidak_sah"] == 0
    assert (res.report["status_cocok"] == "exact").all()
    assert not res.summary["catatan_berkas"]  # every heading recognised
    back = res.register
    for c in register.SCHEMA:
        assert back[c.name].astype(str).tolist() == reg[c.name].astype(str).tolist()
    # repeating SIMKOPDES's values does not make them the Dinas's
    assert back["sumber_status"].str.startswith("impor SIMKOPDES").all()


def test_filled_gaps_of_the_prefilled_template_are_imported(imported, tmp_path):
    path = intake.write_template(tmp_path / "templat.csv", "35.14", base=imported)
    df = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
    df.loc[0, "Badan Hukum (AHU)"] = "ya"
    df.loc[0, "Kapasitas Gudang (t)"] = "7,5"
    df.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    res = intake.import_dinas(path, "35.14", base=imported)
    row = res.register.set_index("kode_desa").loc[df.loc[0, "Kode Desa/Kelurahan"]]
    assert bool(row["badan_hukum"]) and row["kapasitas_gudang_t"] == 7.5
    assert str(row["sumber_status"]).startswith("berkas Dinas templat.csv")
    assert ": 2 kolom diisi" in str(row["sumber_status"])
    assert res.summary["nilai_tidak_sah"] == 0


def test_ilustrasi_values_are_never_prefilled(default_register, tmp_path):
    df, mask = dinas.prefill(dinas.template_frame("35.14"), default_register)
    ilu = default_register["sumber_status"].str.contains("ilustrasi")
    assert ilu.all()
    assert not mask.to_numpy().any()
    assert (df[dinas.PREFILL_LABEL] == "").all()


def test_cli_template_from_register(imported, tmp_path, capsys):
    out = tmp_path / "templat.xlsx"
    code = cli.main(["template", "--dari-register", str(imported), "--out", str(out)])
    assert code == 0 and out.is_file()
    text = capsys.readouterr().out
    assert "365 dari 365 baris sudah terisi sebagian" in text
    code = cli.main(
        ["template", "--dari-register", str(imported), "--kosong", "--out", str(out)]
    )
    assert code == 2
    assert "Galat:" in capsys.readouterr().err


# --- inference on the real import ---------------------------------------------
def test_real_import_bulog_rests_on_inference(imported):
    reg = register.read_register(imported)
    before = gaps.readiness(reg, ["bulog_sphp"], strict=True)
    after = gaps.readiness(reg, ["bulog_sphp"])
    assert (before["kesiapan"] == "siap").sum() == 0
    ready = after[after["kesiapan"] == "siap"]
    assert len(ready) == int(reg["nib"].sum()) == 341
    assert ready["disimpulkan"].str.contains("disimpulkan dari NIB").all()
