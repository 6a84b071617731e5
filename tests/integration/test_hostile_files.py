"""The build owns its folder and is whole or marked unfinished (issue 16 §4).

Builds here run one tiny notebook (``notebooks=`` a temporary folder) with the
real hand-outs of the default register once; later builds stub the hand-outs
step, which the folder mechanics do not depend on.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from kdkmp_analysis import build
from kdkmp_analysis.errors import KdkmpError


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("notebooks")
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('kabupaten = "35.14"\nout_dir = "maps"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Notebook kecil"),
        params,
        nbformat.v4.new_code_cell(
            "from pathlib import Path\n"
            "Path(out_dir).mkdir(parents=True, exist_ok=True)\n"
            "(Path(out_dir) / 'peta-kecil.html').write_text("
            "'<!DOCTYPE html><html lang=\"id\"><body>peta</body></html>')\n"
            "print('peta-kecil.html')"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, folder / "01-kecil.ipynb")
    return folder


@pytest.fixture(scope="module")
def first(tmp_path_factory, notebooks, boundary_dir) -> build.BuildResult:
    out = tmp_path_factory.mktemp("bangun") / "build"
    return build.build(out=out, notebooks=notebooks, jobs=1)


def _quick_handouts(out, register, kab, outlets=None, options=None):
    return build.StepResult(True, 0.0)


def _interrupt(out, register, kab, outlets=None, options=None):
    raise KeyboardInterrupt


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


def test_a_build_marks_its_folder_and_leaves_no_work_folder(first):
    out = first.out
    assert first.ok, [n.error for n in first.notebooks]
    assert (out / build.MARKER).is_file()
    assert (out / "maps" / "peta-kecil.html").is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "berhasil" in index and "belum selesai" not in index
    assert all(p.is_file() and p.is_relative_to(out) for p in first.files)
    assert _siblings(out) == []  # the fresh folder was swapped in, the old removed
    assert not list(out.rglob(".~*")), "temporary files left"


def test_build_refuses_a_folder_with_foreign_files(tmp_path, notebooks):
    (tmp_path / "laporan-dinas.xlsx").write_text("milik orang lain")
    with pytest.raises(KdkmpError, match="bukan hasil kdkmp build"):
        build.build(out=tmp_path, notebooks=notebooks)
    assert [p.name for p in tmp_path.iterdir()] == ["laporan-dinas.xlsx"]


def test_rebuild_drops_stale_maps_of_an_older_build(first, notebooks, monkeypatch):
    out = first.out
    stale = out / "maps" / "peta-koperasi-nib-3507.html"  # another register's map
    stale.write_text("<html>peta lama Malang</html>", encoding="utf-8")
    monkeypatch.setattr(build, "_handouts", _quick_handouts)
    again = build.build(out=out, notebooks=notebooks, jobs=1)
    assert again.ok and not stale.exists()
    assert "peta-koperasi-nib-3507" not in (out / "index.html").read_text("utf-8")
    assert (out / "maps" / "peta-kecil.html").is_file()
    assert _siblings(out) == []


def test_interrupted_build_leaves_the_old_complete_build(first, notebooks, monkeypatch):
    out = first.out
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    monkeypatch.setattr(build, "_handouts", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        build.build(out=out, notebooks=notebooks, jobs=1)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert _siblings(out) == []  # the unfinished work folder is removed


def test_interrupted_build_in_place_says_it_is_unfinished(
    tmp_path, notebooks, monkeypatch
):
    out = tmp_path / "build"
    monkeypatch.setattr(build, "_handouts", _quick_handouts)
    build.build(out=out, notebooks=notebooks, jobs=1)
    (out / "maps" / "peta-lama.html").write_text("<html>lama</html>")
    monkeypatch.setattr(build, "_can_swap", lambda out: False)  # e.g. a mount point
    monkeypatch.setattr(build, "_handouts", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        build.build(out=out, notebooks=notebooks, jobs=1)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "belum selesai" in index and "berhasil" not in index
    assert not (out / "maps" / "peta-lama.html").exists()
    assert (out / build.MARKER).is_file()
    monkeypatch.setattr(build, "_handouts", _quick_handouts)  # and it recovers
    assert build.build(out=out, notebooks=notebooks, jobs=1).ok
    assert "berhasil" in (out / "index.html").read_text(encoding="utf-8")
