"""Existing BUMN outlets: import (one report row per input row), layer, uses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import make_register

from kdkmp_analysis import cli, forum, gaps, intake, params
from kdkmp_analysis.intake import outlets
from kdkmp_analysis.region import distance

GERBO = "35.14.01.2001"  # a desa of Kabupaten Pasuruan (official register)


def _file(tmp_path, text: str):
    path = tmp_path / "outlet.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_reported_per_row_and_nothing_is_dropped(tmp_path):
    path = _file(
        tmp_path,
        "jenis,nama,lat,lon,kode_desa,bank\n"
        "SPBU,SPBU 54.671,-7.70,112.80,,\n"  # 2: accepted at its point
        "pangkalan elpiji,Pangkalan A,,,35.14.01.2001,\n"  # 3: desa centroid
        "warung,Warung B,-7.70,112.80,,\n"  # 4: unknown jenis
        "kios pupuk,Kios C,abc,112.8,,\n"  # 5: bad coordinate, no desa
        "AgenBRILink,Toko D,-7.71,112.81,,\n"  # 6: bank from the jenis wording
        "agen bank,Toko E,-7.72,112.82,,BNI\n"  # 7: bank column
        "agen bank,Toko F,-7.73,112.83,,\n"  # 8: bank not named
        "rpk,,,,,\n",  # 9: no location at all
    )
    res = intake.import_outlets(path, "35.14", boundaries=False, tanggal="2026-11-30")
    rep = res.report
    assert rep["baris_berkas"].tolist() == list(range(2, 10))  # one row per row
    assert rep["diterima"].sum() + (~rep["diterima"]).sum() == 8
    assert len(res.layer) == int(rep["diterima"].sum()) == 5
    by = rep.set_index("baris_berkas")
    assert (
        not by.at[4, "diterima"]
        and "jenis 'warung' tidak dikenal" in by.at[4, "catatan"]
    )
    assert not by.at[5, "diterima"] and "koordinat bukan angka" in by.at[5, "catatan"]
    assert not by.at[9, "diterima"] and "tanpa koordinat" in by.at[9, "catatan"]
    assert by.at[3, "lokasi_titik"] == "titik pusat desa" and by.at[3, "kode_desa"] == (
        GERBO
    )
    assert by.loc[[2, 3], "bumn"].tolist() == ["pertamina", "pertamina"]
    assert by.loc[[6, 7, 8], "bumn"].tolist() == [
        "bri",
        "bni",
        outlets.BANK_TIDAK_DISEBUT,
    ]
    assert set(res.layer["sumber"]) == {"berkas outlet outlet.csv (data 2026-11-30)"}
    assert "ditolak 3" in res.summary_text()
    # written as a layer and read back the same, source kept
    files = res.write(tmp_path / "out")
    layer, report = intake.read_outlets(files["layer"], "35.14", boundaries=False)
    assert layer["bumn"].tolist() == res.layer["bumn"].tolist()
    assert layer["lokasi_titik"].tolist() == res.layer["lokasi_titik"].tolist()
    assert set(layer["sumber"]) == set(res.layer["sumber"])
    assert report["diterima"].all()


def test_unreadable_outlet_file_is_one_galat_line(tmp_path, capsys):
    empty = _file(tmp_path, "")
    rc = cli.main(["import-outlet", str(empty), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].startswith("Galat:")
    no_place = _file(tmp_path, "jenis,nama\nspbu,A\n")
    with pytest.raises(intake.IntakeError, match="lat/lon maupun kode_desa"):
        intake.read_outlets(no_place, "35.14", boundaries=False)


def _layer(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame([{"kode_desa": "", **r} for r in rows])
    df["sumber"] = "berkas outlet uji.csv (data 2026-11-30)"
    return df


def test_apply_outlets_fills_spbu_distance_and_pangkalan_with_sources():
    reg = make_register([{}, {}, {"jarak_spbu_km": 3.0}])
    spbu_lat, spbu_lon = -7.60, 112.60
    layer = _layer(
        [
            {"jenis": "spbu", "bumn": "pertamina", "lat": spbu_lat, "lon": spbu_lon},
            {
                "jenis": "pangkalan_lpg",
                "bumn": "pertamina",
                "lat": -7.61,
                "lon": 112.71,
                "kode_desa": reg["kode_desa"][1],
            },
        ]
    )
    out = intake.apply_outlets(reg, layer)
    want = distance.road_km(-7.6, 112.7, spbu_lat, spbu_lon)
    c = params.value("distribusi.faktor_sirkuitas")
    assert out.at[0, "jarak_spbu_km"] == pytest.approx(float(want), abs=0.01)
    assert float(want) == pytest.approx(
        c * distance.great_circle_km(-7.6, 112.7, -7.6, 112.6)
    )
    assert out.at[2, "jarak_spbu_km"] == 3.0  # the register's own value is kept
    assert out.at[2, "sumber_jarak_spbu_km"] == "register"
    assert "SPBU terdekat" in out.at[0, "sumber_jarak_spbu_km"]
    assert "uji.csv" in out.at[0, "sumber_jarak_spbu_km"]
    assert out["pangkalan_lpg_di_desa"].tolist() == [False, True, False]


def test_pertashop_becomes_assessable_with_spbu_points():
    base = dict(nib=True, luas_lahan_m2=150.0)
    reg = make_register([dict(base), dict(base)])
    before = gaps.readiness(reg, ["pertashop"])
    assert (before["kesiapan"] == gaps.TIDAK_DAPAT_DINILAI).all()
    # an SPBU ~1.5 road km from the first cooperative, ~27 km from the second
    layer = _layer(
        [{"jenis": "spbu", "bumn": "pertamina", "lat": -7.60, "lon": 112.71}]
    )
    reg[["lat", "lon"]] = [[-7.60, 112.70], [-7.60, 112.90]]
    after = gaps.readiness(intake.apply_outlets(reg, layer), ["pertashop"])
    assert after["kesiapan"].tolist() == [gaps.BELUM_SIAP, gaps.SIAP]
    assert after.loc[0, "syarat_kurang"] == "Minimal 10 km dari SPBU terdekat"


def test_pertamina_checks_existing_pangkalan_only_with_a_layer():
    ok = dict(nib=True, akun_simkopdes=True)
    reg = make_register([dict(ok), dict(ok)])
    plain = gaps.readiness(reg, gaps.catalogue.select_programmes(["pertamina_lpg"]))
    assert (plain["kesiapan"] == gaps.SIAP).all()
    assert "agen/pangkalan" in plain.loc[0, "verifikasi_dokumen"]
    layer = _layer(
        [
            {
                "jenis": "pangkalan_lpg",
                "bumn": "pertamina",
                "lat": -7.6,
                "lon": 112.7,
                "kode_desa": reg["kode_desa"][0],
            }
        ]
    )
    reg2 = intake.apply_outlets(reg, layer)
    progs = gaps.catalogue.select_programmes(["pertamina_lpg"], columns=reg2.columns)
    r = gaps.readiness(reg2, progs)
    assert r["kesiapan"].tolist() == [gaps.BELUM_SIAP, gaps.SIAP]
    assert "desa belum punya pangkalan LPG" in r.loc[0, "syarat_kurang"]
    assert r.loc[1, "verifikasi_dokumen"] == ""  # assessed, no longer a document


def test_outlet_layer_changes_forum_distances_and_reasons():
    ok = dict(nib=True, akun_simkopdes=True)
    reg = make_register(
        [{**ok, "mitra_pertamina": True}, {**ok, "mitra_pertamina": False}]
    )
    reg[["lat", "lon"]] = [[-7.60, 112.90], [-7.60, 112.70]]
    ready = gaps.readiness(reg, ["pertamina_lpg"])
    c0 = forum.candidates(ready, "pertamina_lpg", reg)
    layer = _layer(
        [{"jenis": "spbu", "bumn": "pertamina", "lat": -7.60, "lon": 112.71}]
    )
    c1 = forum.candidates(ready, "pertamina_lpg", reg, outlets=layer)
    d0, d1 = c0.at[0, "jarak_mitra_km"], c1.at[0, "jarak_mitra_km"]
    assert d0 == pytest.approx(float(distance.road_km(-7.6, 112.7, -7.6, 112.9)), 0.01)
    assert d1 == pytest.approx(float(distance.road_km(-7.6, 112.7, -7.6, 112.71)), 0.01)
    assert "koperasi mitra Pertamina Patra Niaga terdekat" in c0.at[0, "alasan"]
    assert "(jarak jalan perkiraan; register)" in c0.at[0, "alasan"]
    assert "gerai Pertamina Patra Niaga terdekat" in c1.at[0, "alasan"]
    assert "berkas outlet" in c1.at[0, "alasan"]
    assert c0.attrs["dasar_jarak"].startswith("jarak ke koperasi mitra")
    assert c1.attrs["dasar_jarak"].startswith("jarak ke gerai Pertamina Patra Niaga")
    assert "uji.csv" in c1.attrs["dasar_jarak"]
    # another BUMN's outlets do not count for Bulog
    bulog = forum.nearest_outlet_km(reg, "bulog", layer)
    assert np.isnan(bulog[0]).all() and "tanpa gerai Perum Bulog" in bulog[1]


def test_transactions_are_a_reason_and_volume_keeps_its_unknown_unit():
    row = pd.Series({"transaksi_nilai_rp": 12_500_000.0, "transaksi_volume": 1136.0})
    text = forum.transaction_reason(row)
    assert text.startswith("sudah bertransaksi Rp12.500.000")
    assert "satuan tidak disebut SIMKOPDES" in text
    assert "nilai/volume ≈ Rp11.004 per satuan" in text
    assert "transaksi 1.136" not in text
    assert forum.transaction_reason(pd.Series({"transaksi_nilai_rp": 0.0})) == (
        "belum ada transaksi tercatat di SIMKOPDES"
    )
    assert forum.transaction_reason(pd.Series({"transaksi_nilai_rp": pd.NA})) == ""


def test_hand_made_outlet_table_is_checked_as_a_layer():
    table = pd.DataFrame({"jenis": ["spbu", "rpk_bulog"], "lat": [-7.6, -7.7]})
    with pytest.raises(intake.IntakeError, match="tanpa kolom: lon"):
        intake.apply_outlets(make_register([{}]), table)
    table["lon"] = [112.7, 112.8]
    layer = outlets.as_layer(table)
    assert layer["bumn"].tolist() == ["pertamina", "bulog"]
    assert layer["sumber"].tolist() == ["tabel outlet"] * 2
    with pytest.raises(intake.IntakeError, match="'warung' tidak dikenal"):
        outlets.as_layer(table.assign(jenis=["spbu", "warung"]))
