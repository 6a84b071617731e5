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
