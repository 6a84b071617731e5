"""Population of the default kabupaten from the cited BPS figures (issue 11 §1)."""

import pandas as pd
import pytest

from kdkmp_analysis import cli, provenance, region
from kdkmp_analysis.region import population, population_bps

# BPS Kabupaten Pasuruan, Kecamatan Tosari 2022 (Pikiran Rakyat, 1 Jul 2023,
# "Sumber: BPS"); [sumber.bps_tosari_2022] of data/parameter.toml
TOSARI_BPS_2022 = 18_837


@pytest.fixture(scope="module")
def pop(desa_polygons):
    return population.desa_population("35.14", desa_polygons)


def test_tosari_is_within_a_quarter_of_bps(pop):
    kec = population.kecamatan_population(pop).set_index("nama_kecamatan")
    tosari = int(kec.loc["Tosari", "penduduk"])
    assert abs(tosari - TOSARI_BPS_2022) / TOSARI_BPS_2022 < 0.25
    # the area rule gave 58,372: the highlands no longer get the most people
    assert tosari < 25_000


def test_default_is_the_bps_2023_total_labelled(pop):
    assert len(pop) == 365
    assert int(pop["penduduk"].sum()) == 1_634_022  # BPS mid-2023 estimate
    assert (pop["penduduk"] > 0).all()
    assert (pop["status_penduduk"] == "perkiraan").all()
    assert pop["sumber_penduduk"].str.startswith("perkiraan 2023").all()
    assert (
        pop["sumber_penduduk"]
        .str.contains("Sensus Penduduk 2010 (BPS)", regex=False)
        .all()
    )
    assert (pop["tahun_penduduk"] == 2023).all()
    assert provenance.of(pop).population == "perkiraan"
    note = pop.attrs["catatan_penduduk"]
    assert "1.634.022" in note and "1.665.922" in note and "Dukcapil" in note


def test_desa_sums_equal_the_kecamatan_figures(pop):
    base = population_bps.kecamatan_base("35.14", region.load_kecamatan("35.14"))
    kec = population.kecamatan_population(pop)
    assert len(kec) == 24
    got = kec.set_index("kode_kecamatan")["penduduk"]
    assert got.to_dict() == base.table.set_index("kode_kecamatan")["penduduk"].to_dict()
    assert set(kec["status_penduduk"]) == {"perkiraan"}
    assert kec["sumber_penduduk"].str.contains("1.634.022").all()
    assert kec["catatan"].str.contains("1.665.922").all()


def test_census_year_gives_every_kecamatan_its_cited_figure(desa_polygons):
    pop = population.desa_population("35.14", desa_polygons, tahun=2010)
    kec = population.kecamatan_population(pop).set_index("kode_kecamatan")
    facts = population_bps.kecamatan_facts("35.14").set_index("kode_kecamatan")
    assert kec["penduduk"].to_dict() == facts["penduduk"].to_dict()
    assert kec.loc["35.14.24", "penduduk"] == 18_481  # Tosari, BPS 3514040
    assert kec.loc["35.14.11", "penduduk"] == 105_139  # Pandaan, BPS 3514120
    assert set(kec["status_penduduk"]) == {"data"}
    # inside each kecamatan the desa keep their 2010 Census shares
    sp2010 = population_bps.desa_facts("35.14").set_index("kode_desa")["penduduk"]
    got = pop.set_index("kode_desa")["penduduk"]
    share_got = got / got.groupby(got.index.str.slice(0, 8)).transform("sum")
    share_bps = sp2010 / sp2010.groupby(sp2010.index.str.slice(0, 8)).transform("sum")
    assert (abs(share_got - share_bps.reindex(share_got.index)) < 1e-3).all()


def test_without_bps_figures_the_fallback_is_labelled():
    with pytest.warns(Warning):  # approximate boundaries offline
        pop = population.desa_population("35.13")  # Probolinggo: no file
    assert (pop["status_penduduk"] == "perkiraan").all()
    assert pop["sumber_penduduk"].str.contains(population.NO_BPS).all()
    kec = population.kecamatan_population(pop)
    assert set(kec["status_penduduk"]) == {"perkiraan"}
    assert kec["sumber_penduduk"].str.contains("tidak ada data BPS per kecamatan").all()
    assert int(kec["penduduk"].sum()) == int(pop["penduduk"].sum())


def test_a_planner_desa_file_still_wins(tmp_path, desa_polygons):
    path = population.write_population_template(tmp_path / "p.csv", "35.14")
    df = pd.read_csv(path, dtype=str).assign(penduduk="1000")
    df.to_csv(path, index=False)
    pop = population.desa_population("35.14", desa_polygons, path=path)
    assert (pop["penduduk"] == 1000).all() and (pop["status_penduduk"] == "data").all()
    kec = population.kecamatan_population(pop)
    assert set(kec["status_penduduk"]) == {"data"}


def test_a_planner_kecamatan_file_is_spread_by_census_shares(tmp_path, desa_polygons):
    path = population.write_population_template(
        tmp_path / "k.xlsx", "35.14", per="kecamatan"
    )
    df = pd.read_excel(path, dtype=str).assign(penduduk="20.000")
    df.to_excel(path, index=False)
    pop = population.desa_population("35.14", desa_polygons, path=path)
    kec = population.kecamatan_population(pop)
    assert (kec["penduduk"] == 20_000).all() and set(kec["status_penduduk"]) == {"data"}
    assert pop["sumber_penduduk"].str.contains("Sensus Penduduk 2010").all()


def test_cli_region_writes_desa_and_kecamatan_with_population(
    tmp_path, boundary_dir, capsys
):
    out = tmp_path / "wilayah"
    assert (
        cli.main(["region", "--out", str(out), "--boundaries", str(boundary_dir)]) == 0
    )
    desa = pd.read_csv(out / "desa.csv", dtype={"kode_desa": str})
    kec = pd.read_csv(out / "kecamatan.csv", dtype={"kode_kecamatan": str})
    assert len(desa) == 365 and len(kec) == 24
    for frame in (desa, kec):
        assert {"penduduk", "sumber_penduduk", "status_penduduk"} <= set(frame.columns)
        assert int(frame["penduduk"].sum()) == 1_634_022
    assert kec.set_index("nama_kecamatan").loc["Tosari", "penduduk"] < 25_000
    printed = capsys.readouterr().out
    assert "1.634.022" in printed and "perkiraan" in printed


def test_cli_region_reads_a_kecamatan_file_and_reports_a_bad_row(
    tmp_path, boundary_dir, capsys
):
    path = population.write_population_template(
        tmp_path / "k.csv", "35.14", per="kecamatan"
    )
    df = pd.read_csv(path, dtype=str).assign(penduduk="30.000")
    df.to_csv(path, index=False)
    argv = ["region", "--out", str(tmp_path / "o"), "--boundaries", str(boundary_dir)]
    assert cli.main([*argv, "--penduduk", str(path)]) == 0
    kec = pd.read_csv(tmp_path / "o" / "kecamatan.csv")
    assert (kec["penduduk"] == 30_000).all() and set(kec["status_penduduk"]) == {"data"}
    capsys.readouterr()
    df.loc[6, "penduduk"] = "tiga puluh ribu"
    df.to_csv(path, index=False)
    assert cli.main([*argv, "--penduduk", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Galat: baris 8, kolom 'penduduk'")
