"""Forum candidate lists, briefings, workbook/HTML exports, CLI, maps, widgets."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from helpers import make_register
from shapely.geometry import box

from kdkmp_analysis import cli, forum, gaps, provenance, register


# --- geography -------------------------------------------------------------------
def test_nearest_partner_distance_is_road_km():
    """Great circle × circuity (distribusi.faktor_sirkuitas), the one road rule."""
    from pyproj import Geod

    from kdkmp_analysis import params

    c = params.value("distribusi.faktor_sirkuitas")

    reg = make_register(
        [
            {"mitra_bulog": True},
            {"mitra_bulog": False},
            {"mitra_bulog": None},
            {"mitra_bulog": True},
        ]
    )
    reg["lat"] = pd.array([-7.60, -7.60, -7.60, -7.60], dtype="Float64")
    reg["lon"] = pd.array([112.70, 112.71, 112.80, 112.90], dtype="Float64")
    d = forum.nearest_partner_km(reg, "bulog")
    geod = Geod(ellps="WGS84")

    def km(a, b):
        return c * geod.inv(a, -7.6, b, -7.6)[2] / 1000

    assert "koperasi mitra Perum Bulog terdekat (register" in d.attrs["dasar_jarak"]
    assert d[1] == pytest.approx(km(112.70, 112.71), rel=2e-3)
    assert d[2] == pytest.approx(km(112.80, 112.90), rel=2e-3)
    # a partner's own outlet does not count: the nearest *other* one
    assert d[0] == pytest.approx(km(112.70, 112.90), rel=2e-3)
    alone = reg.assign(mitra_bulog=pd.array([True, False, False, False], "boolean"))
    d2 = forum.nearest_partner_km(alone, "bulog")
    assert np.isnan(d2[0]) and d2[3] == pytest.approx(km(112.70, 112.90), rel=2e-3)


def _grid():
    """2×2 unit squares + one far away: 99.01.01.2001 … 2005."""
    boxes = [
        box(0, 0, 1, 1),
        box(1, 0, 2, 1),
        box(0, 1, 1, 2),
        box(1, 1, 2, 2),
        box(10, 10, 11, 11),
    ]
    codes = [f"99.01.01.{2001 + i}" for i in range(5)]
    return gpd.GeoDataFrame({"kode_desa": codes}, geometry=boxes, crs="EPSG:4326")


def test_neighbours_are_touching_polygons():
    nb = forum.desa_neighbours(_grid())
    assert nb["99.01.01.2001"] == ["99.01.01.2002", "99.01.01.2003", "99.01.01.2004"]
    assert nb["99.01.01.2005"] == []


def test_unserved_population_counts_desa_and_neighbours_without_partner():
    reg = make_register([{"mitra_bulog": v} for v in (True, False, None, False, False)])
    pop = pd.DataFrame(
        {"kode_desa": reg["kode_desa"], "penduduk": [100, 200, 300, 400, 500]}
    )
    got = forum.unserved_population(reg, "bulog", pop, forum.desa_neighbours(_grid()))
    # gross figure: desa 2 (200): itself + 3 (300) + 4 (400); desa 1 is partnered
    assert got.tolist() == [900, 900, 900, 900, 500]


def test_candidates_count_each_person_once():
    """The neighbours of the grid overlap: counted once, the sum ≤ the population."""
    ok = dict(badan_hukum=True, nib=True, npwp=True)
    reg = make_register([{**ok, "mitra_bulog": False} for _ in range(5)])
    pop = pd.DataFrame(
        {"kode_desa": reg["kode_desa"], "penduduk": [100, 200, 300, 400, 500]}
    )
    ready = gaps.readiness(reg, ["bulog_sphp"])
    nb = forum.desa_neighbours(_grid())
    c = forum.candidates(ready, "bulog_sphp", reg, population=pop, neighbours=nb)
    # every grid desa touches the other three: the first takes all 1,000 people,
    # the far desa its own 500, the rest nobody new
    assert c["penduduk_tanpa_mitra"].tolist()[:2] == [1000, 500]
    assert c["penduduk_tanpa_mitra"].sum() == pop["penduduk"].sum()
    gross = forum.unserved_population(reg, "bulog", pop, nb)
    assert gross.sum() > pop["penduduk"].sum()  # what the old column did
    assert "belum dihitung untuk kandidat di atasnya" in c.iloc[0]["alasan"]


# --- candidate ranking ----------------------------------------------------------
def test_candidates_are_ranked_with_reasons():
    ok = dict(badan_hukum=True, nib=True, npwp=True)
    reg = make_register(
        [
            {**ok, "mitra_bulog": True},  # partnered: not a candidate
            {**ok, "nib": False, "mitra_bulog": False},  # belum siap
            {**ok, "npwp": None, "mitra_bulog": False},  # tidak dapat dinilai
            {**ok, "mitra_bulog": None},  # siap, partner unknown
            {**ok, "mitra_bulog": False},  # siap
        ]
    )
    pop = pd.DataFrame(
        {"kode_desa": reg["kode_desa"], "penduduk": [1000, 5000, 4000, 3000, 100]}
    )
    provenance.tag(pop, population="perkiraan")
    ready = gaps.readiness(reg, ["bulog_sphp"])
    c = forum.candidates(ready, "bulog_sphp", reg, population=pop, neighbours={})
    assert c["nama_desa"].tolist() == ["Uji 4", "Uji 3", "Uji 2", "Uji 1"]
    assert c["peringkat"].tolist() == [1, 2, 3, 4]
    assert c["kesiapan"].tolist() == [
        "siap",
        "siap",
        "tidak dapat dinilai",
        "belum siap",
    ]
    first, last = c.iloc[0], c.iloc[-1]
    assert first["alasan"].startswith("Siap")
    assert "KTP pengurus" in first["alasan"] and "km" in first["alasan"]
    assert "(perkiraan)" in first["alasan"]
    assert last["syarat_kurang"] == "NIB" and "kurang NIB" in last["alasan"]
    assert "tidak diketahui" in c.iloc[1]["alasan"]
    assert c.loc[c["nama_desa"] == "Uji 1", "penduduk_tanpa_mitra"].item() == 5000
    with pytest.raises(forum.ForumError, match="kolom mitra"):
        forum.candidates(
            gaps.readiness(reg, ["pinjaman_himbara"]), "pinjaman_himbara", reg
        )


def test_a_siap_resting_on_inference_says_so():
    """badan_hukum unknown + NIB yes: siap, but the reason names the inference."""
    reg = make_register(
        [
            dict(badan_hukum=None, nib=True, npwp=True, mitra_bulog=False),
            dict(badan_hukum=True, nib=True, npwp=True, mitra_bulog=False),
        ]
    )
    ready = gaps.readiness(reg, ["bulog_sphp"])
    assert ready["kesiapan"].tolist() == ["siap", "siap"]
    c = forum.candidates(ready, "bulog_sphp", reg).set_index("nama_desa")
    inferred, recorded = c.at["Uji 0", "alasan"], c.at["Uji 1", "alasan"]
    assert inferred.startswith(
        "Siap — Akta pendirian / badan hukum (AHU) disimpulkan dari NIB "
        "(periksa dokumennya di forum); syarat lain yang tercatat di register "
        "terpenuhi; verifikasi dokumen: KTP pengurus;"
    )
    assert "semua syarat yang tercatat" not in inferred
    assert inferred.count("disimpulkan dari NIB") == 1  # not repeated as a document
    assert recorded.startswith(
        "Siap: semua syarat yang tercatat di register terpenuhi; "
        "verifikasi dokumen: KTP pengurus;"
    )
    assert "disimpulkan" not in recorded
    # strict: no inference, so no verdict rests on it
    strict = gaps.readiness(reg, ["bulog_sphp"], strict=True)
    cs = forum.candidates(strict, "bulog_sphp", reg).set_index("nama_desa")
    assert "disimpulkan" not in " ".join(cs["alasan"])


def test_inference_reason_words():
    assert forum.inference_reason("") == ""
    two = "NIB (disimpulkan dari KBLI 47763); Berbadan hukum (disimpulkan dari NIB)"
    assert forum.inference_reason(two) == (
        "NIB disimpulkan dari KBLI 47763; Berbadan hukum disimpulkan dari NIB "
        "(periksa dokumennya di forum)"
    )


# --- CLI ----------------------------------------------------------------------------
def test_cli_forum_writes_workbook_and_html(tmp_path, capsys):
    assert cli.main(["forum", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ILUSTRASI" in out and "Perum Bulog" in out
    assert (tmp_path / "forum_3514.xlsx").is_file()
    assert (tmp_path / "forum_3514.html").is_file()
    # one offline gap map per partner programme, fetching nothing from the web
    from kdkmp_analysis import maps

    gap_maps = sorted(tmp_path.glob("peta_kesenjangan_*.html"))
    assert len(gap_maps) == 9
    assert (tmp_path / "peta_kesenjangan_bulog_sphp.html") in gap_maps
    for page in gap_maps:
        assert maps.external_references(page.read_text(encoding="utf-8")) == []
    assert "9 peta kesenjangan" in out


def test_cli_forum_bad_register_is_one_galat_line(tmp_path, capsys):
    rc = cli.main(
        ["forum", "--out", str(tmp_path), "--register", str(tmp_path / "tidak-ada.csv")]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].startswith("Galat:")
    assert "tidak ditemukan" in err[0]


def test_cli_forum_register_of_another_kabupaten(tmp_path, capsys, default_register):
    path = register.write_register(default_register, tmp_path / "r.csv")
    rc = cli.main(
        [
            "forum",
            "--out",
            str(tmp_path),
            "--register",
            str(path),
            "--kabupaten",
            "35.12",
        ]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and "35.14" in err[0]
