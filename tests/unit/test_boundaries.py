import socket
import warnings

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from kdkmp_analysis import provenance, region
from kdkmp_analysis.region import boundaries

BIG_AREA_KM2 = 1493.161  # BIG / Kepmendagri 2025 area of Kabupaten Pasuruan


def test_parse_handles_lat_lng_order_and_multipolygons():
    sql = (
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        "('99.01.01.2001','Desa A',-7.5,112.5,'[[[-7.0,112.0],[-7.0,113.0],"
        "[-8.0,113.0],[-8.0,112.0],[-7.0,112.0]]]'),\n"
        "('99.01.01.2002','Desa O''Brien',-7.5,112.5,'[[[[-7.0,112.0],[-7.0,112.5],"
        "[-7.5,112.5],[-7.0,112.0]]],[[[-8.0,113.0],[-8.0,113.5],[-8.5,113.5],"
        "[-8.0,113.0]]]]');\n"
    )
    gdf = boundaries.parse_boundary_sql(sql)
    assert list(gdf["kode"]) == ["99.01.01.2001", "99.01.01.2002"]
    assert gdf.loc[1, "nama"] == "Desa O'Brien"
    # [lat, lng] → (lon, lat): x spans 112..113, y spans -8..-7
    assert shapely.equals(gdf.geometry.iloc[0], box(112.0, -8.0, 113.0, -7.0))
    assert gdf.geometry.iloc[1].geom_type == "MultiPolygon"


def test_unparsable_file_is_a_clear_error():
    with pytest.raises(boundaries.BoundaryError, match="tidak berisi"):
        boundaries.parse_boundary_sql("-- nothing here")


def test_wrong_hash_is_refused(tmp_path):
    bad = tmp_path / "wilayah_boundaries_kel_35.14.sql"
    bad.write_text("INSERT INTO nothing;")
    with pytest.raises(boundaries.BoundaryError, match="sha256"):
        boundaries.locate_boundary_file("35.14", tmp_path)


def test_fallback_when_no_source_and_no_network(tmp_path, monkeypatch):
    monkeypatch.delenv("KDKMP_DATA_DIR", raising=False)
    monkeypatch.delenv("KDKMP_OFFLINE", raising=False)
    monkeypatch.setenv("KDKMP_CACHE_DIR", str(tmp_path / "empty-cache"))

    def unreachable(*args, **kwargs):
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket, "create_connection", unreachable)
    monkeypatch.setattr(socket.socket, "connect", unreachable)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        poly = boundaries.load_desa_polygons("35.14")
    kinds = [w.category for w in caught]
    assert boundaries.BoundaryFallbackWarning in kinds
    assert provenance.of(poly).boundary_status == boundaries.STATUS_PERKIRAAN
    assert (poly["status_batas"] == "perkiraan").all()
    assert poly["sumber_batas"].str.startswith("perkiraan").all()
    assert len(poly) == 365 and poly.geometry.is_valid.all()
    kec = boundaries.kecamatan_polygons(poly)
    assert (kec["status_batas"] == "perkiraan").all()
    # a download was attempted and failed: nothing cached
    assert not list((tmp_path / "empty-cache").rglob("*.sql"))


def test_fallback_cells_contain_their_centroids_and_skip_kota_pasuruan():
    poly = boundaries.approximate_desa_polygons("35.14")
    desa = region.load_desa("35.14").set_index("kode_desa")
    pts = gpd.points_from_xy(
        desa.loc[poly["kode_desa"], "lon"], desa.loc[poly["kode_desa"], "lat"]
    )
    assert all(g.contains(p) for g, p in zip(poly.geometry, pts, strict=True))
    # Kota Pasuruan's own centroids are not inside any regency cell
    kota = region.load_desa("35.75")
    kota_pts = gpd.GeoSeries(gpd.points_from_xy(kota["lon"], kota["lat"]), crs=4326)
    union = poly.geometry.union_all()
    assert not kota_pts.within(union).any()
    area = poly.to_crs("EPSG:32749").area.sum() / 1e6
    assert 0.8 < area / BIG_AREA_KM2 < 1.2


def test_explicit_path_that_lacks_the_file_is_an_error(tmp_path):
    with pytest.raises(boundaries.BoundaryError, match="tidak ada"):
        boundaries.load_desa_polygons("35.14", tmp_path)


def test_close_slivers_fills_hairline_gaps_but_keeps_real_holes():
    # two 1 km squares 2 m apart, and a 1 km square with a 0.5 km² hole
    a = box(0, 0, 1000, 1000)
    b = box(1002, 0, 2002, 1000)
    holed = box(0, 2000, 2000, 4000).difference(box(500, 2500, 1207, 3207))
    s = gpd.GeoSeries([a.union(b), holed], crs="EPSG:32749")
    out = boundaries.close_slivers(s, tol_m=5.0)
    assert out.iloc[0].geom_type == "Polygon"  # the 2 m gap is closed
    assert abs(out.iloc[0].area - 2002 * 1000) < 50
    assert len(out.iloc[1].interiors) == 1  # the 0.5 km² hole stays
    assert abs(out.iloc[1].area - holed.area) < 50  # only corners rounded
