"""Intake on the real Pasuruan SIMKOPDES export and boundary files (issue 3).

The real export in ``../shared/data/simkopdes`` is read in place (never copied);
synthetic files are built in ``tmp_path``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kdkmp_analysis import cli, intake, provenance, register
from kdkmp_analysis.intake import names

STATUSES = set(intake.MATCH_STATUS)


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
    assert (names.key(rep["kecamatan_input"]) == names.key(rep["nama_kecamatan"])).all()
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
    assert len(back) == 365 and provenance.of(back).status == "impor"
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


# --- the illustrative sample ---------------------------------------------------
def test_sample_export_faults_are_all_caught(desa_polygons):
    loc, st = intake.sample_export("35.14", seed=7)
    res = intake.import_simkopdes(loc, st, boundaries=desa_polygons)
    f = loc.attrs["kesalahan"]
    rep = res.report.set_index("cooperative_id")
    assert len(res.report) == len(loc) == 366
    assert provenance.of(res.register).status == "ilustrasi"
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
    assert (names.key(ok["kecamatan_input"]) == names.key(ok["nama_kecamatan"])).all()
    assert len(truth) == len(loc)


def test_export_date_must_be_a_date(simkopdes_dir):
    with pytest.raises(intake.IntakeError, match="TTTT-BB-HH"):
        intake.import_simkopdes(
            simkopdes_dir / "kopdes_locations_3514.csv",
            kabupaten="35.14",
            export_date="kemarin",
        )
