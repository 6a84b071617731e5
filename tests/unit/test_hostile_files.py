"""Files written whole or not at all; command-line mistakes as one line (issue 16 §4).

Every writer goes through :func:`kdkmp_analysis.documents.atomic`: a failure in
the middle of a write (a full disk, Ctrl-C) leaves the old complete file or no
file, and no temporary file. Every ``--out`` is checked before anything is
computed; each mistake is one ``Galat:`` line, exit status 2, no traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pandas as pd
import pytest

from kdkmp_analysis import build, cli, documents
from kdkmp_analysis.errors import KdkmpError

OLD = "isi lama yang lengkap\n"


def _disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~"))


def test_atomic_keeps_the_old_file_when_the_write_fails_halfway(tmp_path):
    target = tmp_path / "halaman.html"
    target.write_text(OLD, encoding="utf-8")
    with pytest.raises(OSError) as info, documents.atomic(target) as tmp:
        tmp.write_text("<html>separuh", encoding="utf-8")
        _disk_full()
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []
    assert info.value.filename == str(target)  # the message names the real file


def test_atomic_writes_nothing_on_ctrl_c_and_the_usual_permissions(tmp_path):
    target = tmp_path / "baru.csv"
    with pytest.raises(KeyboardInterrupt), documents.atomic(target) as tmp:
        tmp.write_text("a,b\n1,", encoding="utf-8")
        raise KeyboardInterrupt
    assert not target.exists() and _leftovers(tmp_path) == []
    documents.write_text(target, "a,b\n1,2\n")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0600


def test_csv_on_a_full_disk_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "register.csv"
    target.write_text(OLD, encoding="utf-8")

    def half(self, path, **kwargs):
        Path(path).write_text("kode_desa,nama\n35.14.01", encoding="utf-8")
        _disk_full()

    monkeypatch.setattr(pd.DataFrame, "to_csv", half)
    with pytest.raises(OSError, match="No space"):
        documents.write_csv(pd.DataFrame({"a": [1]}), target, index=False)
    assert target.read_text(encoding="utf-8") == OLD
    assert _leftovers(tmp_path) == []


def test_workbook_interrupted_after_some_sheets_is_not_written(tmp_path):
    target = tmp_path / "forum.xlsx"
    with pytest.raises(KeyboardInterrupt), documents.open_workbook(target) as xw:
        for i in range(3):
            documents.write_sheet(xw, f"Lembar {i}", pd.DataFrame({"a": [i]}))
        raise KeyboardInterrupt
    assert not target.exists() and _leftovers(tmp_path) == []
    with documents.open_workbook(target) as xw:  # and a whole one still works
        documents.write_sheet(xw, "Ringkasan", pd.DataFrame({"a": ["=1+1"]}))
    assert target.stat().st_size > 0 and _leftovers(tmp_path) == []


def test_workbook_on_a_full_disk_raises_the_os_error(tmp_path, monkeypatch):
    from xlsxwriter.workbook import Workbook

    target = tmp_path / "laporan.xlsx"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(Workbook, "_store_workbook", _disk_full)
    with pytest.raises(OSError) as info, documents.open_workbook(target) as xw:
        documents.write_sheet(xw, "Ringkasan", pd.DataFrame({"a": [1]}))
    assert info.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == OLD and _leftovers(tmp_path) == []


def test_map_png_and_deck_writers_are_atomic(tmp_path, monkeypatch):
    from matplotlib.figure import Figure
    from pptx.presentation import Presentation

    from kdkmp_analysis import handouts, maps

    def half_savefig(self, fname, **kwargs):
        Path(fname).write_bytes(b"\x89PNG separuh")
        _disk_full()

    def half_save(self, fname):
        Path(fname).write_bytes(b"PK separuh")
        _disk_full()

    monkeypatch.setattr(Figure, "savefig", half_savefig)
    monkeypatch.setattr(Presentation, "save", half_save)
    monkeypatch.setattr(Path, "write_text", lambda self, *a, **k: _disk_full())
    with pytest.raises(OSError):
        maps.save_static(Figure(), tmp_path / "peta.png")
    with pytest.raises(OSError):
        handouts.Deck().save(tmp_path / "presentasi.pptx")
    with pytest.raises(OSError):
        maps.OfflineMap("<html></html>").save(tmp_path / "peta.html")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("/", "folder sistem"),
        ("/etc", "folder sistem"),
        ("/usr/share/kdkmp", "folder sistem"),
        ("/proc/self", "folder sistem"),
        ("/home", "bukan folder untuk hasil"),
        ("~", "bukan folder untuk hasil"),
    ],
)
def test_system_and_home_folders_are_refused(folder, message):
    with pytest.raises(KdkmpError, match=message):
        documents.output_dir(folder, create=False)


def test_output_folder_and_file_checks(tmp_path, monkeypatch):
    (tmp_path / "berkas").write_text("x")
    with pytest.raises(KdkmpError, match="adalah berkas"):
        documents.output_dir(tmp_path / "berkas")
    with pytest.raises(KdkmpError, match="adalah folder"):
        documents.output_file(tmp_path)
    with pytest.raises(KdkmpError, match="folder sistem"):
        documents.output_file("/etc/register.csv")
    assert documents.output_dir(tmp_path / "a" / "b").is_dir()
    assert documents.output_file(tmp_path / "c" / "r.csv").parent.is_dir()
    assert documents.output_file(Path.home() / "r.csv").name == "r.csv"  # no write
    monkeypatch.setattr(documents.os, "access", lambda *a: False)  # root ignores 0555
    with pytest.raises(KdkmpError, match="tidak dapat ditulisi"):
        documents.output_dir(tmp_path / "a")


def test_build_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "skripsi.docx").write_text("bukan milik build")
    with pytest.raises(KdkmpError, match="bukan hasil kdkmp build.*skripsi.docx"):
        build._check_owned(tmp_path)
    (tmp_path / "skripsi.docx").unlink()
    build._check_owned(tmp_path)  # empty: fine
    (tmp_path / build.MARKER).write_text("x")
    (tmp_path / "maps").mkdir()
    build._check_owned(tmp_path)  # its own
    assert not build.MARKER.endswith((".html", ".xlsx", ".pptx", ".png"))


def test_build_recognises_a_build_from_before_the_marker(tmp_path):
    (tmp_path / "maps").mkdir()
    (tmp_path / "index.html").write_text(
        "<h1>Analisis Koperasi Desa/Kelurahan Merah Putih</h1>", encoding="utf-8"
    )
    build._check_owned(tmp_path)
    (tmp_path / "catatan.txt").write_text("x")
    with pytest.raises(KdkmpError):
        build._check_owned(tmp_path)


def _galat(capsys, argv: list[str]) -> str:
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("Galat: ") and "Traceback" not in captured.err
    return lines[0]


def test_cli_out_mistakes_are_one_line(tmp_path, capsys):
    afile = tmp_path / "hasil.txt"
    afile.write_text("x")
    assert "adalah berkas" in _galat(capsys, ["forum", "--out", str(afile)])
    assert "bukan folder" in _galat(
        capsys, ["register", "--out", str(afile / "register.csv")]
    )
    assert "adalah folder" in _galat(capsys, ["template", "--out", "/"])
    assert "folder sistem" in _galat(capsys, ["region", "--out", "/"])
    assert "folder sistem" in _galat(capsys, ["peta", "--out", "/usr/share/peta"])
    assert "folder sistem" in _galat(capsys, ["register", "--out", "/etc/r.csv"])
    assert "folder sistem" in _galat(capsys, ["build", "--out", "/etc"])
    assert "bukan folder untuk hasil" in _galat(capsys, ["simulate", "--out", "~"])
    assert not Path("/etc/r.csv").exists()


def test_cli_build_into_a_foreign_folder_is_refused(tmp_path, capsys):
    (tmp_path / "data.xlsx").write_text("milik orang lain")
    line = _galat(capsys, ["build", "--out", str(tmp_path)])
    assert "bukan hasil kdkmp build" in line and "data.xlsx" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.xlsx"]


def test_cli_read_only_folder(tmp_path, capsys, monkeypatch):
    ro = tmp_path / "hanya-baca"
    ro.mkdir()
    ro.chmod(0o555)
    real = os.access
    monkeypatch.setattr(  # as root, 0555 does not stop a write: say it does
        documents.os, "access", lambda p, m: Path(p) != ro and real(p, m)
    )
    try:
        line = _galat(capsys, ["forum", "--out", str(ro)])
        assert "tidak dapat ditulisi" in line
    finally:
        ro.chmod(0o755)


def test_cli_full_disk_is_one_line_and_leaves_no_file(tmp_path, capsys, monkeypatch):
    def half(self, path, **kwargs):
        Path(path).write_text("kode_desa,nama\n35.14", encoding="utf-8")
        _disk_full()

    monkeypatch.setattr(pd.DataFrame, "to_csv", half)
    target = tmp_path / "register.csv"
    line = _galat(capsys, ["register", "--out", str(target)])
    assert "ruang disk habis" in line and str(target) in line
    assert list(tmp_path.iterdir()) == []


def test_cli_negative_seed(tmp_path, capsys):
    for argv in (["register", "--out", str(tmp_path / "r.csv")], ["simulate"]):
        assert "--seed" in _galat(capsys, [*argv, "--seed", "-1"])
    assert list(tmp_path.iterdir()) == []


def test_cli_status_that_is_not_a_status_column(tmp_path, capsys):
    line = _galat(
        capsys, ["peta", "--status", "nama_koperasi", "--out", str(tmp_path / "p")]
    )
    assert "bukan kolom status" in line and "nib" in line
    assert "bukan kolom register" in _galat(
        capsys, ["peta", "--status", "tidak_ada", "--out", str(tmp_path / "p")]
    )
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    "content",
    [
        b'kode_desa;penduduk\n"35.14.01.2001;"12\n',  # a torn quote
        bytes(range(256)) * 12,  # binary
        b"kode_desa,penduduk\n35.14.01.2001,12\n35.14.01.2002,1,2\n",  # extra field
    ],
)
def test_cli_bad_population_file(tmp_path, capsys, content):
    bad = tmp_path / "penduduk.csv"
    bad.write_bytes(content)
    line = _galat(capsys, ["simulate", "--penduduk", str(bad), "--runs", "2"])
    assert "berkas penduduk" in line and str(bad) in line


def test_cli_missing_input_names_the_file(tmp_path, capsys):
    missing = tmp_path / "ekspor.csv"
    for argv in (
        ["import-simkopdes", str(missing), "--out", str(tmp_path / "o")],
        ["import-dinas", str(missing), "--out", str(tmp_path / "o")],
        ["forum", "--penduduk", str(missing), "--out", str(tmp_path / "o")],
        ["simulate", "--register", str(missing)],
    ):
        line = _galat(capsys, argv)
        assert "tidak ditemukan" in line and str(missing) in line
    assert not (tmp_path / "o").exists()  # nothing made before the check


def test_a_table_longer_than_a_sheet_is_split_not_lost(tmp_path, monkeypatch):
    """More rows than a sheet holds: several sheets, every row kept, no traceback."""
    import openpyxl
    import pandas as pd

    from kdkmp_analysis import documents

    monkeypatch.setattr(documents, "SHEET_ROWS", 12)  # Excel's limit, scaled down
    df = pd.DataFrame({"Baris": range(25), "Teks": [f"t{i}" for i in range(25)]})
    path = tmp_path / "besar.xlsx"
    with documents.open_workbook(path) as xw:
        documents.write_sheet(xw, "Laporan", df, title="Laporan")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Laporan (1)", "Laporan (2)", "Laporan (3)"]
    rows = [
        r[0] for ws in wb.worksheets for r in ws.iter_rows(min_row=3, values_only=True)
    ]
    assert rows == list(range(25))
    assert "bagian 1 dari 3" in wb["Laporan (1)"]["A1"].value


def test_a_status_with_too_many_values_is_a_map_error_not_stopiteration():
    import pandas as pd
    import pytest
    from helpers import make_register

    from kdkmp_analysis import maps

    reg = make_register([{} for _ in range(60)])
    reg["nama_status"] = [f"nilai {i}" for i in range(60)]
    with pytest.raises(maps.MapError, match="terlalu banyak"):
        maps.points_map(reg, "nama_status", tiles=None)
    assert isinstance(reg, pd.DataFrame)


def test_file_notes_reach_the_printed_summary(tmp_path):
    from kdkmp_analysis import intake

    frame = intake.template_frame("35.14").head(3)
    frame = frame.rename(columns={"Rekening Bank": "Rekening Bnk"})
    path = tmp_path / "dinas.csv"
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    text = intake.import_dinas(path, "35.14").summary_text()
    assert "catatan berkas:" in text and "Rekening Bnk" in text
