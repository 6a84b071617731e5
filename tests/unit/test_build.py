"""Build steps that need no notebook run."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from kdkmp_analysis import build, handouts


def test_warnings_on_planner_pages_keep_the_message_not_the_path():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    text = (
        "/home/u/kdkmp_analysis/region/boundaries.py:380: BoundaryFallbackWarning: "
        "Batas desa tidak tersedia: memakai batas PERKIRAAN.\n"
        "  return bnd.load_desa_polygons(kab, boundaries)\n"
        "baris lain\n"
    )
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=text)]
    nb.cells.append(cell)
    build._plain_warnings(nb)
    out = nb.cells[0].outputs[0]["text"]
    assert out == (
        "Peringatan: Batas desa tidak tersedia: memakai batas PERKIRAAN.\nbaris lain\n"
    )
    assert "/home/u" not in out and ".py" not in out


# --- what pages say about the register (issue 11) ----------------------------------
def _imported_csv(default_register, tmp_path, status: str):
    import os

    from kdkmp_analysis import register

    reg = default_register.copy()
    reg["sumber_status"] = status
    reg["sumber_simkopdes"] = pd.NA
    path = register.write_register(reg, tmp_path / "register.csv")
    os.utime(path, (1_600_000_000, 1_600_000_000))  # file time: 2020-09-13
    return path


def test_register_source_names_the_stated_export_date_never_the_file_time(
    default_register, tmp_path
):
    stated = _imported_csv(
        default_register,
        tmp_path,
        "impor SIMKOPDES: statistik desa s.csv (ekspor 2026-08-05); status lain "
        "tidak diketahui",
    )
    assert handouts.register_source(stated) == (
        "register impor register.csv (ekspor 2026-08-05)"
    )
    unstated = _imported_csv(
        default_register,
        tmp_path,
        "impor SIMKOPDES: statistik desa s.csv (tanggal ekspor tidak diketahui)",
    )
    text = handouts.register_source(unstated)
    assert text == "register impor register.csv (tanggal ekspor tidak diketahui)"
    assert "2020" not in text and "berkas 20" not in text


def test_register_columns_put_simkopdes_data_next_to_ilustrasi(
    simkopdes_dir, default_register, scenario_register
):
    text = handouts.register_columns(default_register)
    real, _, rest = text.partition(": data SIMKOPDES 5 Agu 2026")
    assert rest, text
    for label in ("NIB", "NPWP", "Akun SIMKOPDES", "Jumlah RAT", "Nilai Transaksi"):
        assert label in real
    ilu = rest.split(": ilustrasi;")[0]
    for label in ("Lahan Siap", "Kapasitas Gudang (t)", "KBLI 47763", "Mitra per BUMN"):
        assert label in ilu and label not in real
    assert "_" not in text.replace("data/fakta_kemitraan.csv", "")  # labels, no keys
    assert "(ilustrasi = skenario, bukan data resmi)" in text
    fallback = handouts.register_columns(scenario_register)
    assert "data SIMKOPDES 5 Agu" not in fallback
    assert "NPWP: ilustrasi (data SIMKOPDES tidak tersedia)" in fallback
    # the default register's name lists its sources, not "all ilustrasi"
    src = handouts.register_source(None, default_register)
    assert src.startswith("register bawaan (data SIMKOPDES 5 Agu 2026")
    assert "ilustrasi" in src


def test_build_reads_the_outlet_file_before_anything_runs(tmp_path, boundary_dir):
    from kdkmp_analysis.errors import KdkmpError

    out = tmp_path / "hasil"
    with pytest.raises(KdkmpError, match="berkas outlet tidak ditemukan"):
        build.build(out=out, outlets=tmp_path / "tidak-ada.csv")
    bad = tmp_path / "outlet.csv"
    bad.write_text("nama,lat,lon\nSPBU A,-7.7,112.8\n", encoding="utf-8")
    with pytest.raises(KdkmpError, match="jenis"):
        build.build(out=out, outlets=bad)
    assert not out.exists()


def test_cli_build_with_a_missing_outlet_file_is_one_line(capsys, tmp_path):
    from kdkmp_analysis import cli

    code = cli.main(
        ["build", "--out", str(tmp_path / "h"), "--outlet", str(tmp_path / "x.csv")]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat:") and "berkas outlet" in err


# --- the plan scenario and presets reach the hand-outs (issue 12 §1) ----------------
def test_cli_build_hands_the_plan_scenario_and_presets_to_the_build(
    monkeypatch, tmp_path
):
    from types import SimpleNamespace

    from kdkmp_analysis import cli

    seen = {}

    def fake_build(**kw):
        seen.update(kw)
        return SimpleNamespace(ok=True)

    monkeypatch.setattr(build, "build", fake_build)
    argv = ["build", "--out", str(tmp_path / "h"), "--skenario", "siap_batas_2t"]
    argv += ["--kuota", "serang", "--alokasi-beras", "60", "--harga", "satu_harga_2026"]
    assert cli.main(argv) == 0
    opts = seen["scenario_options"]
    assert opts.key == "siap_batas_2t" and opts.chosen
    assert (opts.quota, opts.allocation_rice_t, opts.prices) == (
        "serang",
        60.0,
        "satu_harga_2026",
    )
    assert cli.main(["build", "--out", str(tmp_path / "h")]) == 0
    assert seen["scenario_options"].key == "penempatan"
    assert not seen["scenario_options"].chosen


def test_cli_build_with_an_unknown_scenario_is_one_line(monkeypatch, capsys, tmp_path):
    from kdkmp_analysis import cli

    monkeypatch.setattr(build, "build", lambda **kw: pytest.fail("build ran"))
    assert cli.main(["build", "--skenario", "terbaik"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Galat: skenario rencana")
    assert "penempatan" in err[0]  # the choices are named


def test_the_handouts_step_runs_the_analyses_with_the_options(monkeypatch, tmp_path):
    from kdkmp_analysis import region
    from kdkmp_analysis.distribution.report import ScenarioOptions

    seen = {}

    def fake_analyse(register, kab, *, outlets=None, options=None):
        seen["options"] = options
        raise RuntimeError("stop")

    monkeypatch.setattr(handouts, "analyse", fake_analyse)
    opts = ScenarioOptions(plan_key="siap_batas_2t")
    step = build._handouts(tmp_path, None, region.as_kabupaten("35.14"), None, opts)
    assert not step.ok and "stop" in step.error
    assert seen["options"] is opts
