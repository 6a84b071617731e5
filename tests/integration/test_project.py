"""The project's own promises: packaging, environment, CLI, parameters."""

from pathlib import Path

from kdkmp_analysis import cli

ROOT = Path(__file__).resolve().parents[2]


def test_cli_region_writes_tables(tmp_path, boundary_dir):
    assert (
        cli.main(["region", "--out", str(tmp_path), "--boundaries", str(boundary_dir)])
        == 0
    )
    assert (tmp_path / "desa_3514.geojson").is_file()
    assert (tmp_path / "kecamatan_3514.geojson").is_file()
    assert (tmp_path / "desa_3514.csv").read_text().count("\n") == 366
