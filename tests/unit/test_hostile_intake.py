"""Hostile and broken files at the intake door (issue 16 §2 and §3).

Each case is built by hand in a few lines: nothing is lost silently, a file
that cannot be trusted is refused with one Indonesian line, a file over the
limits is refused before it is read.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import intake, register
from kdkmp_analysis.intake import tables

HEAD = "cooperative_id,name,province,district,subdistrict,latitude,longitude\n"
ROW = "{i},KOPERASI DESA MERAH PUTIH KLAKAH,JAWA TIMUR,KAB. PASURUAN,Pasrepan,-7.8,112.9\n"


def _xlsx(path, sheets: dict[str, tuple[pd.DataFrame, str]]):
    """A workbook: sheet name → (table, state)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (df, state) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(df.columns))
        for row in df.itertuples(index=False):
            ws.append(list(row))
        ws.sheet_state = state
    wb.save(path)
    return path


def _loc(n: int) -> pd.DataFrame:
    return pd.read_csv(
        __import__("io").StringIO(HEAD + "".join(ROW.format(i=i) for i in range(n))),
        dtype=str,
    )


# --- §2 sheets ---------------------------------------------------------------
def test_hidden_matching_sheet_is_not_read_and_is_named(tmp_path):
    p = _xlsx(
        tmp_path / "x.xlsx",
        {"Rahasia": (_loc(1), "hidden"), "Data": (_loc(5), "visible")},
    )
    df = intake.read_locations(p)
    assert len(df) == 5
    assert any("tersembunyi 'Rahasia'" in n for n in tables.file_notes(df))


def test_only_hidden_matching_sheets_are_an_error(tmp_path):
    empty = pd.DataFrame({"judul": ["bukan data"]})
    p = _xlsx(
        tmp_path / "x.xlsx",
        {"Depan": (empty, "visible"), "Rahasia": (_loc(3), "hidden")},
    )
    with pytest.raises(intake.IntakeError, match="tersembunyi 'Rahasia'"):
        intake.read_locations(p)


def test_two_visible_candidate_sheets_are_an_error_naming_them(tmp_path):
    p = _xlsx(
        tmp_path / "x.xlsx", {"A": (_loc(2), "visible"), "B": (_loc(3), "visible")}
    )
    with pytest.raises(intake.IntakeError, match="lebih dari satu lembar") as info:
        intake.read_locations(p)
    assert "'A'" in str(info.value) and "'B'" in str(info.value)
    assert "\n" not in str(info.value)


def test_dinas_template_sheet_is_chosen_by_its_name(tmp_path):
    t = intake.template_frame("35.14").head(4)
    t["NIB"] = "ya"
    copy = t.copy()
    copy["NIB"] = "tidak"
    p = _xlsx(
        tmp_path / "d.xlsx",
        {"Salinan": (copy, "visible"), "Data Koperasi": (t, "visible")},
    )
    res = intake.import_dinas(p, "35.14")
    assert res.register["nib"].fillna(False).all()
    assert any("'Salinan'" in n for n in res.summary["catatan_berkas"])


# --- §2 headings -------------------------------------------------------------
@pytest.mark.parametrize(
    "head", ["id,name,subdistrict,latitude,lat,longitude", "id,name,name,kec,lat,lon"]
)
def test_duplicate_headings_are_an_error_naming_them(tmp_path, head):
    p = tmp_path / "dup.csv"
    p.write_text(head + "\n1,A,B,C,-7.8,112.9\n")
    with pytest.raises(intake.IntakeError, match="judul kolom ganda") as info:
        intake.read_locations(p)
    assert ("'latitude' dan 'lat'" in str(info.value)) or "'name' dan 'name'" in str(
        info.value
    )


def test_edited_dinas_headings_are_read_and_unknown_ones_named():
    t = intake.template_frame("35.14").head(3)
    t["NIB"] = "ya"
    t["Jumlah Anggota"] = "25"
    t["Rekening Bank"] = "ya"
    t = t.rename(
        columns={
            "NIB": "NIB (ya/tidak)",
            "Jumlah Anggota": "Jumlah anggota (orang)",
            "Rekening Bank": "Rekening Bnk",
        }
    )
    res = intake.import_dinas(t, "35.14")
    assert res.register["nib"].all() and (res.register["jumlah_anggota"] == 25).all()
    notes = res.summary["catatan_berkas"]
    assert any("'NIB (ya/tidak)' dibaca sebagai nib" in n for n in notes)
    assert any("'Jumlah anggota (orang)' dibaca" in n for n in notes)
    assert any(
        n.startswith("kolom tidak dikenali: 'Rekening Bnk', mungkin maksudnya")
        and "Rekening Bank" in n
        for n in notes
    )


# --- §2 rows of a CSV --------------------------------------------------------
def test_short_rows_and_a_cut_last_row_are_kept_and_noted(tmp_path):
    p = tmp_path / "cut.csv"
    body = HEAD + ROW.format(i=1) + "2,KOPERASI DESA X,JAWA TIMUR\n" + ROW.format(i=3)
    p.write_text(body + "4,KOPERASI DESA MERAH PUTIH KLAKAH,JAWA TIM")
    df = intake.read_locations(p)
    assert len(df) == 4  # nothing dropped
    notes = tables.row_notes(df)
    assert notes[3].startswith("baris terpotong: 3 dari 7 kolom")
    assert "berkas berakhir di tengah baris" in notes[5]
    assert notes[2] == "" and notes[4] == ""


def test_one_cp1252_line_in_a_utf8_file_is_named(tmp_path):
    p = tmp_path / "mixed.csv"
    good = ROW.format(i=1).replace("KLAKAH", "KLAKAH – ÉÉ").encode("utf-8")
    bad = ROW.format(i=2).replace("KLAKAH", "KLAKAH É").encode("cp1252")
    p.write_bytes(HEAD.encode() + good + bad + ROW.format(i=3).encode())
    df = intake.read_locations(p)
    assert df.attrs["encoding"] == "utf-8"
    assert "–" in df.loc[2, "name"]  # the UTF-8 lines stay UTF-8
    assert "bukan UTF-8" in tables.row_notes(df)[3]


def test_formula_cells_without_stored_value_are_noted(tmp_path):
    loc = _loc(3)
    p = _xlsx(tmp_path / "f.xlsx", {"Data": (loc, "visible")})
    wb = openpyxl.load_workbook(p)
    wb["Data"]["F3"] = "=-7.8+0"  # openpyxl stores no cached value
    wb.save(p)
    df = intake.read_locations(p)
    assert len(df) == 3 and df.loc[3, "latitude"] == ""
    assert "sel F3 berisi rumus tanpa nilai tersimpan" in tables.row_notes(df)[3]


def test_infinite_and_other_script_digits_are_flagged():
    lat = pd.Series(["-1e309", "－７.８", "-٧.٨", "-7.8"])
    lon = pd.Series(["112.9", "１１２.９", "١١٢.٩", "112.9"])
    out = intake.check_coordinates(lat, lon, pd.Series([pd.NA] * 4))
    assert out["koordinat_bukan_angka"].tolist() == [True, False, False, False]
    assert out["digit_tidak_baku"].tolist() == [False, True, True, False]
    assert out.loc[1, "lat"] == pytest.approx(-7.8)
    assert out.loc[2, "lon"] == pytest.approx(112.9)


# --- §3 limits ---------------------------------------------------------------
def test_too_many_rows_are_refused_before_reading(tmp_path):
    p = tmp_path / "big.csv"
    p.write_text(HEAD + "1,a,b,c,d,e,f\n" * 250_001)
    with pytest.raises(intake.IntakeError, match="batas_baris"):
        intake.read_locations(p)


def test_a_cell_too_long_is_refused(tmp_path):
    p = tmp_path / "long.csv"
    p.write_text(HEAD + ROW.format(i=1).replace("KLAKAH", "X" * 3000))
    with pytest.raises(intake.IntakeError, match="lebih dari 2000 karakter"):
        intake.read_locations(p)


BOMB = textwrap.dedent(
    """
    import resource, sys, time, zipfile
    from kdkmp_analysis import intake

    def peak_mb():
        # VmHWM is this process's own high-water mark; ru_maxrss is not: Linux
        # carries it over execve from the forked parent (a big pytest worker)
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    path = sys.argv[1]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b" " * (1 << 20)
            for _ in range(1024):  # 1 GiB of spaces, a few MB packed
                fh.write(block)
    base = peak_mb()
    t = time.perf_counter()
    try:
        intake.read_locations(path)
    except intake.IntakeError as exc:
        print("REFUSED", exc)
    print("SECONDS", time.perf_counter() - t)
    print("PEAK_MB", peak_mb())
    print("BASE_MB", base)
    """
)


def test_zip_bomb_is_refused_fast_with_bounded_memory(tmp_path):
    p = tmp_path / "bomb.xlsx"
    out = subprocess.run(
        [sys.executable, "-c", BOMB, str(p)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    got = dict(line.split(" ", 1) for line in out.strip().splitlines())
    assert "batas_xlsx_mb" in got["REFUSED"] and "1.024 MB" in got["REFUSED"]
    assert p.stat().st_size < 8 * 2**20  # a small file …
    assert float(got["SECONDS"]) < 2.0  # … refused at once
    assert float(got["PEAK_MB"]) < 400  # without unpacking it
    assert float(got["PEAK_MB"]) - float(got["BASE_MB"]) < 50
    print(out)


# --- §2 the register door ----------------------------------------------------
def _register_file(tmp_path, df: pd.DataFrame):
    p = tmp_path / "register.csv"
    df.to_csv(p, index=False)
    return p


def test_register_cut_off_mid_row_is_refused(tmp_path, default_register):
    p = _register_file(tmp_path, default_register)
    lines = p.read_text().splitlines(keepends=True)
    p.write_text("".join(lines[:257]) + lines[257][:40])  # 256 rows + half a row
    with pytest.raises(register.RegisterError, match="terpotong") as info:
        register.read_register(p)
    assert "baris 258" in str(info.value) and "berakhir di tengah" in str(info.value)


def test_register_with_fewer_rows_than_desa_is_legitimate(tmp_path, default_register):
    p = _register_file(tmp_path, default_register.head(256))
    assert len(register.read_register(p)) == 256


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kode_kabupaten": ""}, "'kode_kabupaten' kosong: baris 6"),
        ({"koperasi_id": "KDKMP-35.14.01.2999"}, "baris 6: koperasi_id memuat kode"),
        ({"nama_desa": "Desa Lain"}, "baris 6: nama_desa 'Desa Lain' bukan nama"),
    ],
)
def test_register_rows_with_wrong_codes_are_refused(
    tmp_path, default_register, change, message
):
    df = default_register.copy()
    for k, v in change.items():
        df[k] = df[k].astype(object)
        df.loc[4, k] = v
    with pytest.raises(register.RegisterError, match=message):
        register.read_register(_register_file(tmp_path, df))


def test_register_of_two_kabupaten_is_refused(tmp_path, default_register):
    other = intake.default_register("35.07").head(3)
    both = pd.concat([default_register, other], ignore_index=True)
    with pytest.raises(register.RegisterError, match="satu kabupaten") as info:
        register.coerce_register(both)
    assert "35.07 (3 baris)" in str(info.value) and "365, 366, 367" in str(info.value)
    with pytest.raises(register.RegisterError, match="satu kabupaten"):
        register.read_register(_register_file(tmp_path, both))


def test_import_dinas_refuses_a_base_register_of_another_kabupaten(tmp_path):
    t = intake.template_frame("35.14").head(3)
    base = register.write_register(
        intake.default_register("35.07"), tmp_path / "malang.csv"
    )
    with pytest.raises(intake.IntakeError, match="register dasar"):
        intake.import_dinas(t, "35.14", base=base)
