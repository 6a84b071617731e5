"""The project's own promises: packaging, environment, CLI, parameters."""

import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from kdkmp_analysis import cli, params

ROOT = Path(__file__).resolve().parents[2]


def _spec(req: str) -> str:
    return req.replace(" ", "").lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_spec(d) for d in py["project"]["dependencies"]}
    wanted |= {_spec(d) for d in py["project"]["optional-dependencies"]["dev"]}
    conda, pip = set(), set()
    in_pip = in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        s = line.split("#", 1)[0].rstrip()
        if not s.strip():
            continue
        if not s.startswith(" "):
            in_deps = s.startswith("dependencies:")
            continue
        if not in_deps:
            continue
        if s.strip() == "- pip:":
            in_pip = True
            continue
        m = re.match(r"^(\s*)- (.+)$", s)
        if not m:
            continue
        item = m.group(2).strip()
        if in_pip and len(m.group(1)) > 2:
            if item != "-e .":
                pip.add(_spec(item))
        else:
            in_pip = False
            conda.add(_spec(item))
    assert "python=3.12" in conda
    conda -= {"python=3.12", "pip"}
    assert conda | pip == wanted, (
        f"only in environment.yml: {sorted((conda | pip) - wanted)}; "
        f"only in pyproject.toml: {sorted(wanted - (conda | pip))}"
    )


def test_python_pin():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert py["project"]["requires-python"] == ">=3.12"
    assert (ROOT / ".python-version").read_text().strip() == "3.12"


def test_import_is_cheap_and_needs_no_shared_data():
    code = (
        "import time, sys; t=time.perf_counter(); import kdkmp_analysis, "
        "kdkmp_analysis.cli; print(time.perf_counter()-t); "
        "assert 'geopandas' not in sys.modules and 'folium' not in sys.modules"
    )
    env = {"PATH": "", "KDKMP_DATA_DIR": "/nonexistent"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        cwd="/",
    )
    assert float(out.stdout) < 1.0


def test_every_parameter_cites_a_known_source():
    data = params.load()
    sources = set(data["sumber"])
    for section, table in data.items():
        if section in {"sumber", "batas"}:
            continue
        for key, entry in table.items():
            if isinstance(entry, dict) and "nilai" in entry:
                assert entry.get("sumber") in sources, f"{section}.{key}"
                assert entry.get("satuan"), f"{section}.{key} has no unit"
            if isinstance(entry, dict) and entry.get("sumber") == "asumsi":
                assert params.is_estimate(f"{section}.{key}")


def test_cite_names_source_and_date():
    text = params.cite("bulog.batas_beras_per_mitra_t_minggu")
    assert "2.0" in text and "Bulog" in text and "2025-09" in text
    assert "[ilustrasi]" in params.cite("kalibrasi.porsi_gerai_beroperasi")
    with pytest.raises(params.ParameterError, match="tidak ada"):
        params.value("bulog.tidak_ada")


def test_cli_info(capsys):
    assert cli.main(["info", "--kabupaten", "35.14"]) == 0
    out = capsys.readouterr().out
    assert "Kabupaten Pasuruan (35.14)" in out
    assert "24 kecamatan, 365 desa/kelurahan (341 desa + 24 kelurahan)" in out


def test_cli_user_error_is_one_line_not_a_traceback(capsys):
    assert cli.main(["info", "--kabupaten", "Pasuruan"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat:") and "Traceback" not in err
    assert "Kota Pasuruan (35.75)" in err


def test_cli_register_and_module_entry_point(tmp_path):
    target = tmp_path / "reg.csv"
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "kdkmp_analysis", "register", "--out", str(target)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert time.perf_counter() - t < 60
    assert "365 koperasi" in proc.stdout
    assert target.read_text().count("\n") == 366


def test_committed_notebooks_carry_no_outputs():
    import json

    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        dirty = [
            i
            for i, c in enumerate(cells)
            if c["cell_type"] == "code"
            and (c.get("outputs") or c.get("execution_count"))
        ]
        assert not dirty, f"{nb.name}: cells {dirty} carry outputs; strip them"


def test_cli_info_uses_indonesian_number_format(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert "penduduk 1.665.922 jiwa; luas 1.493,161 km²" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["register", "--out", "{tmp}"], "adalah folder"),
        (["build", "--register", "{tmp}"], "adalah folder"),
        (["region", "--out", "{tmp}/berkas.txt/x"], "bukan folder"),
    ],
)
def test_cli_path_mistakes_are_one_indonesian_line(tmp_path, capsys, argv, message):
    (tmp_path / "berkas.txt").write_text("x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat:") and message in err and "Traceback" not in err
