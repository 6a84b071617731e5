"""LPG 3 kg through the cooperative's outlet (issue 13 §4) on tiny hand-built tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import params, region
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import lpg
from kdkmp_analysis.region import distance
from kdkmp_analysis.testing.text_scan import violations

KAB = region.Kabupaten("99.99", "Kabupaten Uji", "35", "Provinsi Uji")


def _tables(pops, kop_desa=None):
    """Desa with populations; one cooperative per desa (or in the given desa)."""
    desa = pd.DataFrame(
        {
            "kode_desa": [f"99.99.01.{2001 + i}" for i in range(len(pops))],
            "nama_desa": [f"Desa {i}" for i in range(len(pops))],
            "kode_kecamatan": "99.99.01",
            "nama_kecamatan": "Kec 01",
            "penduduk": np.asarray(pops, dtype=float),
            "lat": 0.0,
            "lon": 0.0,
        }
    )
    codes = list(desa["kode_desa"]) if kop_desa is None else list(kop_desa)
    kop = pd.DataFrame(
        {
            "koperasi_id": [f"K{j}" for j in range(len(codes))],
            "nama_koperasi": [f"Koperasi {j}" for j in range(len(codes))],
            "kode_desa": codes,
            "nama_desa": [f"Desa {j}" for j in range(len(codes))],
            "nama_kecamatan": ["Kec 01", "Kec 02"] * (len(codes) // 2)
            + ["Kec 01"] * (len(codes) % 2),
            "lat": [0.01 * j for j in range(len(codes))],
            "lon": 0.0,
        }
    )
    return kop, desa


def _values(**kw):
    """Round numbers for the hand-checked case (no band: rendah = tinggi)."""
    base = {
        "tabung_rt_bulan": lpg.Band(3.0, 3.0, 3.0),
        "jiwa_rt": lpg.Band(4.0, 4.0, 4.0),
        "porsi": lpg.Band(1.0, 1.0, 1.0),
        "kuota_hari": lpg.Band(1000.0, 1000.0, 1000.0),
        "pengiriman": lpg.Band(100.0, 100.0, 100.0),
        "jarak_cek_km": 2.0,
        "het": 18_000.0,
        "margin": 2_000.0,
        "biaya_tetap": lpg.Band(4_000_000.0, 4_000_000.0, 4_000_000.0),
    }
    base.update(kw)
    return lpg.LpgValues(**base)


def test_hand_checked_case():
    """4,000 people in the desa, 4 per household → 1,000 households.

    - tubes/month = 1,000 × 3 = 3,000 (the cooperative takes all: share 1);
      tubes/week = 3,000 × 12/52 = 692.31; the quota 1,000/day × 7 = 7,000/week
      does not bind;
    - margin = 3,000 × Rp2,000 = Rp6,000,000/month (Rp1,384,615/week);
    - buying price = HET − margin = 18,000 − 2,000 = Rp16,000; working capital
      for one delivery = 100 tubes × Rp16,000 = Rp1,600,000; 692.31 / 100 =
      6.92 deliveries/week;
    - break-even = Rp4,000,000 ÷ Rp2,000 = 2,000 tubes/month; net =
      6,000,000 − 4,000,000 = Rp2,000,000/month.
    """
    kop, desa = _tables([4000])
    row = lpg.lpg_table(kop, desa, values=_values()).iloc[0]
    assert row["rumah_tangga"] == pytest.approx(1000)
    assert row["tabung_bulan"] == pytest.approx(3000)
    assert row["tabung_minggu"] == pytest.approx(3000 * 12 / 52)
    assert row["tabung_minggu"] == pytest.approx(692.3077, abs=1e-4)
    assert not row["kuota_mengikat"]
    assert row["harga_beli_rp_per_tabung"] == 16_000
    assert row["margin_rp_bulan"] == pytest.approx(6_000_000)
    assert row["margin_rp_minggu"] == pytest.approx(1_384_615.38, abs=0.01)
    assert row["modal_kerja_satu_pengiriman_rp"] == pytest.approx(1_600_000)
    assert row["pengiriman_per_minggu"] == pytest.approx(6.923, abs=1e-3)
    assert row["titik_impas_tabung_bulan"] == pytest.approx(2000)
    assert row["laba_bersih_rp_bulan"] == pytest.approx(2_000_000)
    assert row["status_titik_impas"].startswith("di atas titik impas")
    assert row["catatan_data"] == ""


def test_quota_binding_and_not():
    """Quota 50 tubes/day = 350/week < 692.31 demanded: 350 sold, 350 × 52/12 =
    1,516.67 tubes/month, margin Rp3,033,333/month, below the 2,000 break-even."""
    kop, desa = _tables([4000, 400])
    t = lpg.lpg_table(kop, desa, values=_values(kuota_hari=lpg.Band(50, 50, 50)))
    big, small = t.iloc[0], t.iloc[1]
    assert big["kuota_mengikat"] and big["tabung_minggu"] == pytest.approx(350)
    assert big["tabung_bulan"] == pytest.approx(350 * 52 / 12)
    assert big["margin_rp_bulan"] == pytest.approx(3_033_333.33, abs=0.01)
    assert big["status_titik_impas"].startswith("di bawah titik impas")
    # 400 people: 100 households × 3 = 300/month = 69.2/week, under the quota
    assert not small["kuota_mengikat"]
    assert small["tabung_minggu"] == pytest.approx(300 * 12 / 52)
    # a delivery is at most one week's sales: 69.2 tubes × Rp16,000
    assert small["modal_kerja_satu_pengiriman_rp"] == pytest.approx(
        300 * 12 / 52 * 16e3
    )


def test_values_come_from_the_programme_parameters():
    v = lpg.lpg_values()
    assert v.het == params.value("program.pertamina_lpg.angka.het_lpg_3kg_jatim")
    assert v.margin == params.value("program.pertamina_lpg.angka.margin_lpg_3kg")
    assert v.harga_beli == v.het - v.margin == 16_000
    assert v.biaya_tetap.nilai == ds.fixed_costs()["nilai"]
    for key in lpg.LPG_KEYS:
        assert params.entry(key)["sumber"] in params.load()["sumber"]


def test_bands_are_ordered():
    kop, desa = _tables([1200, 3800, 9000, 22000])
    t = lpg.lpg_table(kop, desa)
    for col in (
        "rumah_tangga",
        "permintaan_tabung_minggu",
        "tabung_minggu",
        "tabung_bulan",
        "margin_rp_bulan",
        "modal_kerja_satu_pengiriman_rp",
        "biaya_tetap_rp_bulan",
        "titik_impas_tabung_bulan",
    ):
        lo, mid, hi = (t[f"{col}{e}"].to_numpy() for e in ("_rendah", "", "_tinggi"))
        assert (lo <= mid + 1e-9).all() and (mid <= hi + 1e-9).all(), col
        assert (lo < hi).any() or col == "rumah_tangga", col


def _layer(points):
    return pd.DataFrame(
        {
            "jenis": [j for j, _, _, _ in points],
            "lat": [la for _, la, _, _ in points],
            "lon": [lo for _, _, lo, _ in points],
            "kode_desa": [d for _, _, _, d in points],
            "sumber": "o.csv",
        }
    )


def test_pangkalan_check_with_a_layer():
    kop, desa = _tables([4000, 4000])  # K0 at lat 0, K1 at lat 0.01
    layer = _layer(
        [
            ("pangkalan_lpg", 0.005, 0.0, "99.99.01.2001"),
            ("spbu", 0.0, 0.0, ""),  # not a pangkalan: ignored
        ]
    )
    d0 = float(distance.road_km(0.0, 0.0, 0.005, 0.0))
    t = lpg.lpg_table(kop, desa, outlets=layer, values=_values(jarak_cek_km=d0 + 0.01))
    assert t["jarak_pangkalan_km"].to_numpy() == pytest.approx([d0, d0])
    assert t["cek_pangkalan"].iloc[0] == (
        f"ada pangkalan lain {angka(d0, 1)} km (berkas outlet o.csv; 1 pangkalan di "
        "desa ini)"
    )
    assert list(t["pangkalan_di_desa"]) == [1, 0]
    near = lpg.pangkalan_check(kop, layer, km=d0 / 2)
    assert (
        near["cek_pangkalan"]
        .iloc[1]
        .startswith(
            f"pangkalan terdekat {angka(d0, 1)} km, lebih dari {angka(d0 / 2, 1)} km"
        )
    )
    assert not near["pangkalan_dekat"].any()


def test_pangkalan_check_without_a_layer():
    kop, desa = _tables([4000, 4000, 4000])
    none = lpg.pangkalan_check(kop)
    assert (none["cek_pangkalan"] == "tidak ada data outlet: belum dapat dicek").all()
    assert none["pangkalan_di_desa"].isna().all()
    only_spbu = lpg.pangkalan_check(kop, _layer([("spbu", 0.0, 0.0, "")]))
    assert (
        only_spbu["cek_pangkalan"]
        .iloc[0]
        .startswith("berkas outlet tanpa pangkalan LPG")
    )
    reg = pd.DataFrame(
        {
            "koperasi_id": ["K0", "K1"],
            "pangkalan_lpg_di_desa": pd.array([True, False], dtype="boolean"),
        }
    )
    words = lpg.pangkalan_check(kop, reg=reg)["cek_pangkalan"].tolist()
    assert words[0].startswith("ada pangkalan LPG di desa ini (register)")
    assert words[1].startswith("register: belum ada pangkalan LPG")
    assert words[2] == "tidak ada data outlet: belum dapat dicek"  # K2 not in reg


def test_bad_population_is_labelled_not_dropped():
    kop, desa = _tables([-5, np.nan, 4000])
    kop.loc[len(kop)] = ["K9", "Koperasi 9", "99.99.01.9999", "X", "Kec 01", 0, 0]
    t = lpg.lpg_table(kop, desa, values=_values())
    assert len(t) == len(kop) == 4
    assert list(t["koperasi_id"]) == ["K0", "K1", "K2", "K9"]
    notes = t["catatan_data"].tolist()
    assert notes[0] == notes[1] == "penduduk desa kosong atau negatif: tidak dihitung"
    assert notes[2] == ""
    assert notes[3] == "desa koperasi tidak ada di tabel desa: tidak dihitung"
    assert t.loc[[0, 1, 3], "margin_rp_bulan"].isna().all()
    assert t.loc[[0, 1, 3], "status_titik_impas"].eq("tidak dihitung").all()
    assert t.loc[2, "margin_rp_bulan"] == pytest.approx(6_000_000)
    text = lpg.lpg_summary(t, _values())
    assert "1 koperasi (3 baris tanpa penduduk desa yang sah tidak dihitung)" in text
    kecamatan = lpg.lpg_kecamatan(t)
    assert kecamatan["koperasi_tidak_dihitung"].sum() == 3
    assert kecamatan["jumlah_koperasi"].sum() == 4
    all_bad = lpg.lpg_table(kop.iloc[:2], desa, values=_values())
    assert "tidak ada koperasi yang dapat dihitung" in lpg.lpg_summary(all_bad)


def test_cooperatives_in_one_desa_share_it():
    kop, desa = _tables([4000], kop_desa=["99.99.01.2001"] * 2)
    t = lpg.lpg_table(kop, desa, values=_values())
    assert t["penduduk_desa"].tolist() == [2000, 2000]
    assert t["tabung_bulan"].sum() == pytest.approx(3000)


def test_texts_are_planner_clean():
    kop, desa = _tables([1200, 3800, 9000, 22000])
    layer = _layer([("pangkalan_lpg", 0.005, 0.0, "99.99.01.2001")])
    for outlets in (None, layer):
        t = lpg.lpg_table(kop, desa, outlets=outlets)
        text = lpg.lpg_summary(t)
        assert violations(text) == [], text
        for col in ("cek_pangkalan", "status_titik_impas", "cara_bayar", "keterangan"):
            for cell in t[col].astype(str):
                assert violations(cell) == [], cell
    assert "Titik impas" in text and "nontunai" in text and "HET − margin" in text


def test_kecamatan_summary_adds_up():
    kop, desa = _tables([1200, 3800, 9000, 22000])
    t = lpg.lpg_table(kop, desa, values=_values())
    k = lpg.lpg_kecamatan(t)
    assert k["nama_kecamatan"].tolist() == ["Kec 01", "Kec 02"]
    assert k["jumlah_koperasi"].tolist() == [2, 2]
    assert k["tabung_minggu"].sum() == pytest.approx(t["tabung_minggu"].sum())
    assert k["margin_rp_bulan"].sum() == pytest.approx(t["margin_rp_bulan"].sum())
    assert k["koperasi_pangkalan_dekat"].isna().all()  # nothing was checked


def test_default_network_and_csv(tmp_path):
    net = ds.prepare()
    t = ds.lpg_case(net)
    assert len(t) == len(net.koperasi) == 365
    assert (t["catatan_data"] == "").all()
    assert violations(ds.lpg_summary(t)) == []
    path = ds.write_lpg_csv(net, tmp_path)
    assert path.name == "usaha_lpg.csv"
    back = pd.read_csv(path)
    assert len(back) == 365 and "cek_pangkalan" in back.columns
