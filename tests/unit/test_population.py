import pandas as pd
import pytest

from kdkmp_analysis import provenance
from kdkmp_analysis.region import population


def test_template_roundtrip(tmp_path):
    path = population.write_population_template(tmp_path / "p.csv", "35.14")
    df = pd.read_csv(path, dtype=str)
    df["penduduk"] = [str(1000 + i) for i in range(len(df))]
    df.to_csv(path, index=False, sep=";")  # Indonesian Excel style
    pop = population.desa_population("35.14", path=path)
    assert pop["penduduk"].iloc[0] == 1000
    assert int(pop["penduduk"].sum()) == sum(range(1000, 1365))
    assert (pop["status_penduduk"] == "data").all()
    assert provenance.of(pop).population == "data"


def test_xlsx_template_roundtrip(tmp_path):
    path = population.write_population_template(tmp_path / "p.xlsx", "35.12")
    df = pd.read_excel(path, dtype=str)
    df["penduduk"] = "2.500"  # thousands separator, Indonesian style
    df.to_excel(path, index=False)
    pop = population.read_population_file(path, "35.12")
    assert len(pop) == 136 and (pop["penduduk"] == 2500).all()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.drop(columns="penduduk"), "kolom yang ada"),
        (lambda d: d.assign(penduduk=["banyak"] + ["1"] * (len(d) - 1)), "baris 2"),
        (lambda d: d.iloc[:-1], "belum punya angka"),
        (lambda d: pd.concat([d, d.iloc[[0]]]), "ganda"),
        (
            lambda d: d.assign(kode_desa=["35.75.01.1001"] + list(d["kode_desa"][1:])),
            "bukan bagian",
        ),
    ],
)
def test_bad_population_files(tmp_path, mutate, message):
    path = population.write_population_template(tmp_path / "p.csv", "35.14")
    df = pd.read_csv(path, dtype=str).assign(penduduk="10")
    mutate(df).to_csv(path, index=False)
    with pytest.raises(population.PopulationError, match=message):
        population.read_population_file(path, "35.14")


def test_missing_file():
    with pytest.raises(population.PopulationError, match="tidak ditemukan"):
        population.read_population_file("/nonexistent/p.csv")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("4521", 4521),
        ("4.521", 4521),
        ("4,521", 4521),
        ("1.234.567", 1234567),
        ("4521.0", 4521),
        ("4521,00", 4521),
        (4521.0, 4521),
        (" 12 ", 12),
        ("4521.5", None),
        ("1.234,5", None),
        ("-5", None),
        ("", None),
        ("abc", None),
        (4521.5, None),
    ],
)
def test_parse_count_never_inflates_or_guesses(text, count):
    assert population.parse_count(text) == count


def test_float_column_saved_by_a_spreadsheet_is_read_exactly(tmp_path):
    path = population.write_population_template(tmp_path / "p.csv", "35.14")
    df = pd.read_csv(path, dtype=str)
    df["penduduk"] = "4521.0"  # what pandas/LibreOffice write for a float column
    df.to_csv(path, index=False)
    pop = population.read_population_file(path, "35.14")
    assert (pop["penduduk"] == 4521).all()


def test_a_fraction_of_a_person_is_reported_with_its_row(tmp_path):
    path = population.write_population_template(tmp_path / "p.csv", "35.14")
    df = pd.read_csv(path, dtype=str).assign(penduduk="10")
    df.loc[3, "penduduk"] = "4521.5"
    df.to_csv(path, index=False)
    with pytest.raises(population.PopulationError, match=r"baris 5.*'4521.5'"):
        population.read_population_file(path, "35.14")


def test_not_an_excel_file_is_a_clear_error(tmp_path):
    fake = tmp_path / "p.xlsx"
    fake.write_text("bukan excel")
    with pytest.raises(population.PopulationError, match="bukan Excel"):
        population.read_population_file(fake, "35.14")
    with pytest.raises(population.PopulationError, match="folder"):
        population.read_population_file(tmp_path, "35.14")


# --- BPS kecamatan figures (data/penduduk_kecamatan.csv) ---------------------
import numpy as np  # noqa: E402

from kdkmp_analysis import params, region  # noqa: E402
from kdkmp_analysis.region import population_bps  # noqa: E402

# BPS, Penduduk Indonesia menurut Provinsi, Kabupaten/Kota, dan Kecamatan -
# SP2010 (hasil olah cepat), pp. 118-119, read from the PDF itself
CITED_SP2010 = {
    "35.14.24": ("Tosari", 18_481),  # BPS 3514040
    "35.14.03": ("Puspo", 27_239),  # BPS 3514030
    "35.14.12": ("Gempol", 123_203),  # BPS 3514130
    "35.14.18": ("Gondangwetan", 52_580),  # BPS 3514190 "GONDANG WETAN"
    "35.14.21": ("Nguling", 55_040),  # BPS 3514240
}


def test_bps_kecamatan_facts_are_the_cited_figures():
    facts = population_bps.kecamatan_facts("35.14")
    by_code = facts.set_index("kode_kecamatan")
    for code, (name, count) in CITED_SP2010.items():
        assert by_code.loc[code, "nama"] == name
        assert by_code.loc[code, "penduduk"] == count
        assert by_code.loc[code, "tahun"] == 2010
    # the publication's regency row (3514 PASURUAN 1 510 261)
    assert int(facts["penduduk"].sum()) == 1_510_261
    assert int(params.value("penduduk_bps.pasuruan_2010")) == 1_510_261
    official = region.load_kecamatan("35.14")["kode_kecamatan"]
    assert sorted(facts["kode_kecamatan"]) == sorted(official)
    assert set(facts["status"]) == {"data"}
    sources = set(params.load()["sumber"])
    assert set(facts["sumber"]) <= sources


def test_bps_desa_facts_cover_every_desa_and_sum_to_the_census_total():
    desa = population_bps.desa_facts("35.14")
    official = region.load_desa("35.14")
    assert sorted(desa["kode_desa"]) == sorted(official["kode_desa"])
    assert int(desa["penduduk"].sum()) == 1_512_468  # SP2010 regency total
    # names matched within the right kecamatan: the desa sums of each
    # kecamatan are within 2 % of BPS's own kecamatan figure
    kec = population_bps.kecamatan_facts("35.14").set_index("kode_kecamatan")
    by_kec = desa.groupby(desa["kode_desa"].str.slice(0, 8))["penduduk"].sum()
    ratio = by_kec / kec["penduduk"]
    assert ratio.between(0.98, 1.02).all(), ratio[~ratio.between(0.98, 1.02)]
    assert set(desa["sumber"]) <= set(params.load()["sumber"])


def test_largest_remainder_is_exact_and_proportional():
    out = population_bps.largest_remainder(10, np.array([1.0, 1.0, 1.0]))
    assert out.sum() == 10 and sorted(out) == [3, 3, 4]
    out = population_bps.largest_remainder(1_634_022, np.array([18_481, 65_388.0]))
    assert out.sum() == 1_634_022 and out[1] / out[0] == pytest.approx(65_388 / 18_481)
    assert population_bps.largest_remainder(5, np.zeros(2)).tolist() == [3, 2]
    with pytest.raises(ValueError):
        population_bps.largest_remainder(5, np.array([1.0, -1.0]))


@pytest.mark.parametrize(
    ("tahun", "total", "status"),
    [
        (2010, 1_510_261, "data"),
        (2020, 1_605_969, "perkiraan"),
        (2023, 1_634_022, "perkiraan"),
        (None, 1_634_022, "perkiraan"),
    ],
)
def test_kecamatan_base_scales_the_census_shares_to_the_bps_total(tahun, total, status):
    kec = region.load_kecamatan("35.14")
    base = population_bps.kecamatan_base("35.14", kec, tahun)
    assert base is not None and base.total == total and base.status == status
    facts = population_bps.kecamatan_facts("35.14").set_index("kode_kecamatan")
    got = base.table.set_index("kode_kecamatan")["penduduk"]
    share = facts["penduduk"] / facts["penduduk"].sum()
    # each kecamatan within one person of its exact share
    assert (abs(got - share.reindex(got.index) * total) < 1).all()
    if status == "perkiraan":
        assert base.sumber.startswith(f"perkiraan {base.tahun}: porsi")
        assert "Sensus Penduduk 2010" in base.sumber
    else:
        assert got.to_dict() == facts["penduduk"].to_dict()


def test_no_bps_kecamatan_rows_means_no_base():
    assert (
        population_bps.kecamatan_base("35.13", region.load_kecamatan("35.13")) is None
    )


def test_basis_note_relates_the_total_to_kepmendagri():
    note = population_bps.basis_note(1_634_022, 2023, "35.14", "BPS")
    assert "1.634.022" in note and "1.665.922" in note and "31.900" in note
    assert "di bawah" in note and "bukan galat" in note


# --- per-kecamatan template ---------------------------------------------------


def _kecamatan_file(tmp_path, code="35.12", name="k.csv"):
    path = population.write_population_template(tmp_path / name, code, per="kecamatan")
    df = pd.read_csv(path, dtype=str)
    assert list(df.columns) == ["kode_kecamatan", "nama_kecamatan", "penduduk"]
    df["penduduk"] = [str(10_000 + 7 * i) for i in range(len(df))]
    return path, df


def _square_polygons(code):
    import geopandas as gpd
    from shapely.geometry import box

    desa = region.load_desa(code)
    geoms = [
        box(112 + 0.01 * i, -7.0, 112 + 0.01 * i + 0.009, -6.991)
        for i in range(len(desa))
    ]
    return gpd.GeoDataFrame(desa, geometry=geoms, crs="EPSG:4326")


def test_per_kecamatan_template_of_another_kabupaten_is_read_and_spread(tmp_path):
    path, df = _kecamatan_file(tmp_path)
    df.to_csv(path, index=False, sep=";")
    poly = _square_polygons("35.12")
    pop = population.read_population_file(path, "35.12", poly)
    assert len(pop) == len(region.load_desa("35.12"))
    kec = population.kecamatan_population(pop)
    want = df.set_index("kode_kecamatan")["penduduk"].astype(int)
    assert kec.set_index("kode_kecamatan")["penduduk"].to_dict() == want.to_dict()
    assert set(kec["status_penduduk"]) == {"data"}
    assert (pop["status_penduduk"] == "perkiraan").all()
    assert pop["sumber_penduduk"].str.contains("per kecamatan").all()
    assert provenance.of(pop).population == "perkiraan"
    # equal areas: inside a kecamatan the desa get equal shares (±1) and a
    # kelurahan twice a desa's (the damped-area rule, no SP2010 desa data)
    jenis = poly.set_index("kode_desa")["jenis"]
    for code, grp in pop.groupby("kode_kecamatan"):
        kind = jenis.reindex(grp["kode_desa"]).to_numpy()
        des, kel = (
            grp.loc[kind == "desa", "penduduk"],
            grp.loc[kind == "kelurahan", "penduduk"],
        )
        assert des.max() - des.min() <= 1, code
        if len(kel):
            assert kel.min() == pytest.approx(2 * des.mean(), abs=2), code
    # the same through desa_population(path=...)
    again = population.desa_population("35.12", poly, path=path)
    assert again["penduduk"].tolist() == pop["penduduk"].tolist()


def test_undotted_kecamatan_codes_are_accepted(tmp_path):
    path, df = _kecamatan_file(tmp_path)
    df["kode_kecamatan"] = df["kode_kecamatan"].str.replace(".", "", regex=False)
    df.to_csv(path, index=False)
    pop = population.read_population_file(path, "35.12", _square_polygons("35.12"))
    assert int(pop["penduduk"].sum()) == int(df["penduduk"].astype(int).sum())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d.assign(
                penduduk=["1"] * 3 + ["sekitar 5000"] + ["1"] * (len(d) - 4)
            ),
            r"baris 5, kolom 'penduduk': 'sekitar 5000'",
        ),
        (
            lambda d: d.assign(
                kode_kecamatan=["3512040"] + list(d["kode_kecamatan"][1:])
            ),
            r"kolom 'kode_kecamatan'.*bukan bagian.*baris 2 \('3512040'\).*kode BPS",
        ),
        (lambda d: pd.concat([d, d.iloc[[0]]]), r"ganda: baris 2 .*baris \d+"),
        (lambda d: d.iloc[:-1], "kecamatan belum punya angka"),
        (lambda d: d.drop(columns="kode_kecamatan"), "kode_kecamatan"),
    ],
)
def test_bad_rows_of_a_kecamatan_file_name_row_and_column(tmp_path, mutate, message):
    path, df = _kecamatan_file(tmp_path)
    mutate(df).to_csv(path, index=False)
    with pytest.raises(population.PopulationError, match=message):
        population.read_population_file(path, "35.12", _square_polygons("35.12"))


def test_unknown_template_level_is_an_error(tmp_path):
    with pytest.raises(population.PopulationError, match="desa' atau 'kecamatan"):
        population.write_population_template(tmp_path / "x.csv", "35.14", per="rt")


def test_a_planners_file_is_not_called_census_and_a_large_gap_is_flagged():
    from kdkmp_analysis.region import population_bps

    bps = population_bps.basis_note(1_634_022, 2023, "35.14", "BPS")
    assert "hasil sensus/proyeksi" in bps and "bukan galat" in bps
    own = population_bps.basis_note(24_000, None, "35.14", "berkas penduduk.csv")
    assert "sensus" not in own and "bukan galat" not in own
    assert "periksa apakah berkas memuat semua desa/kecamatan" in own
    close = population_bps.basis_note(1_660_000, None, "35.14", "berkas penduduk.csv")
    assert "periksa" not in close


def test_an_empty_cell_is_called_empty_not_nan(tmp_path):
    path = population.write_population_template(tmp_path / "p.csv", "35.14")
    df = pd.read_csv(path, dtype=str).assign(penduduk="10")
    df.loc[3, "penduduk"] = None
    df.to_csv(path, index=False)
    with pytest.raises(population.PopulationError, match=r"baris 5.*sel kosong") as e:
        population.read_population_file(path, "35.14")
    assert "nan" not in str(e.value)
