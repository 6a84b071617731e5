"""Outlet layer on the real Pasuruan import: points, forum distances, Pertashop, people."""

from __future__ import annotations

import numpy as np
import pytest

from kdkmp_analysis import cli, forum, intake, maps, region


@pytest.fixture(scope="module")
def imported(simkopdes_dir, desa_polygons):
    return intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        boundaries=desa_polygons,
        export_date="2026-08-05",
    ).register


@pytest.fixture(scope="module")
def outlet_file(tmp_path_factory):
    """SPBU at three desa centres, a pangkalan by desa code, two points outside."""
    desa = region.load_desa("35.14").set_index("kode_desa")
    rows = ["jenis,nama,lat,lon,kode_desa"]
    for i, code in enumerate(["35.14.01.2001", "35.14.12.2001", "35.14.20.2001"]):
        rows.append(f"spbu,SPBU {i},{desa.at[code, 'lat']},{desa.at[code, 'lon']},")
    rows.append("pangkalan lpg,Pangkalan A,,,35.14.07.2011")
    rows.append("spbu,SPBU seberang batas,-7.6450,112.9050,")  # Kota Pasuruan side
    rows.append("rpk,RPK jauh,-7.60,113.60,")  # ~56 km east of the boundary
    path = tmp_path_factory.mktemp("outlet") / "outlet_bumn.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_points_outside_the_kabupaten_are_checked(outlet_file, desa_polygons):
    layer, rep = intake.read_outlets(outlet_file, "35.14", boundaries=desa_polygons)
    assert len(rep) == 6 and rep["diterima"].tolist() == [True] * 5 + [False]
    near = rep.iloc[4]
    assert near["kode_desa"] == "" and "di luar kabupaten" in near["catatan"]
    assert "dipakai untuk jarak" in near["catatan"]
    assert "intake.outlet_luar_kabupaten_km" in rep.iloc[5]["catatan"]
    assert (layer["jenis"] == "spbu").sum() == 4


def test_outlet_layer_changes_the_real_forum(imported, outlet_file, desa_polygons):
    plain = forum.build_forum(imported, desa_polygons=desa_polygons)
    layer, _ = intake.read_outlets(outlet_file, "35.14", boundaries=desa_polygons)
    with_layer = forum.build_forum(imported, desa_polygons=desa_polygons, outlets=layer)
    # Pertashop: without SPBU points the 10 km rule cannot be judged ...
    ps0 = plain.readiness[plain.readiness["program"] == "pertashop"]
    assert ps0["data_kurang"].str.contains("SPBU").all()
    ps1 = with_layer.readiness[with_layer.readiness["program"] == "pertashop"]
    assert not ps1["data_kurang"].str.contains("SPBU").any()
    near = ps1["syarat_kurang"].str.contains("SPBU")
    assert 0 < near.sum() < len(ps1)  # ... now it is, both ways
    # Pertamina: distances to the outlets, named as such; the pangkalan's desa fails
    c0 = plain.candidates["pertamina_lpg"]
    c1 = with_layer.candidates["pertamina_lpg"]
    assert c0["jarak_mitra_km"].isna().all()  # nobody partnered in the register
    assert c1["jarak_mitra_km"].notna().all()
    assert c1.attrs["dasar_jarak"].startswith("jarak ke gerai Pertamina Patra Niaga")
    assert (
        c1["alasan"]
        .str.contains("(jarak jalan perkiraan; berkas outlet)", regex=False)
        .all()
    )
    lpg = with_layer.readiness[with_layer.readiness["program"] == "pertamina_lpg"]
    failed = lpg[lpg["syarat_kurang"].str.contains("desa belum punya pangkalan LPG")]
    assert failed["kode_desa"].tolist() == ["35.14.07.2011"]
    assert (
        "outlet" in with_layer.sumber
        and "outlet_bumn.csv" in with_layer.sumber["outlet"]
    )
    # people without a partner, each counted once: at most the kabupaten's population
    total = int(with_layer.summary["penduduk"].iloc[0])
    for c in with_layer.candidates.values():
        assert int(c["penduduk_tanpa_mitra"].sum()) <= total
    # SIMKOPDES transactions (19 desa in the 2026-08-05 snapshot) are reasons
    b = with_layer.candidates["bulog_sphp"]
    trans = b["alasan"].str.contains("sudah bertransaksi Rp")
    assert trans.sum() == int((imported["transaksi_nilai_rp"] > 0).sum()) > 0
    assert b.loc[trans, "alasan"].str.contains("satuan tidak disebut SIMKOPDES").all()


def test_cli_import_outlet_then_forum(imported, outlet_file, tmp_path, capsys):
    from kdkmp_analysis import register

    reg_path = register.write_register(imported, tmp_path / "register.csv")
    out = tmp_path / "outlet"
    assert cli.main(["import-outlet", str(outlet_file), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "diterima 5" in text and "ditolak 1" in text
    assert (out / "outlet.csv").is_file() and (out / "laporan_outlet.csv").is_file()
    rc = cli.main(
        [
            "forum",
            "--register",
            str(reg_path),
            "--outlet",
            str(out / "outlet.csv"),
            "--out",
            str(tmp_path / "forum"),
        ]
    )
    assert rc == 0 and "Outlet BUMN: 5 gerai" in capsys.readouterr().out


def test_transaction_metric_on_the_real_import(imported, desa_polygons):
    from kdkmp_analysis.region import boundaries

    kec = boundaries.kecamatan_polygons(desa_polygons)
    t = maps.kecamatan_metrics(imported, kec)
    assert t["nilai_transaksi_rp"].sum() == pytest.approx(
        float(imported["transaksi_nilai_rp"].sum())
    )
    assert int(t["jumlah_bertransaksi"].sum()) == int(
        (imported["transaksi_nilai_rp"] > 0).sum()
    )
    assert maps.metric_label("nilai_transaksi_rp") == (
        "Nilai transaksi SIMKOPDES",
        "Rp",
    )
    assert np.isfinite(t["nilai_transaksi_rp"]).all()
