"""The boundary manifest: every pinned file hash-checked, content checked.

Issue 16 §5. Hand-built files and polygons only (the official register and
centroids are package data); the real shared files are in the integration test.
"""

import csv
import hashlib

import geopandas as gpd
import pytest
from shapely.geometry import box

from kdkmp_analysis import config, params, region
from kdkmp_analysis.region import boundaries

COMMIT = "3c5a7960f4d227a38489094d84252bdbb3f978a5"
MALANG = "35.07"
MALANG_FILE = "wilayah_boundaries_kel_35.07.sql"
README_PINS = {  # ../shared/data/README.md
    "db/kel/35/wilayah_boundaries_kel_35.14.sql": (
        "24c21d9bd69a0f5db6261cc8be87d51a7a59a449853122c11a9ca0dc8978bf63"
    ),
    "db/kec/wilayah_boundaries_kec_35.sql": (
        "c2db7230dca8b4e5d45b2e64c2af831cc29e3aa0b743c651ab82c2e8b27aa5d1"
    ),
    "db/kab/wilayah_boundaries_kab_35.sql": (
        "120a4f01539dafe82117e2b75c36859fb39bac12d9c5e227828127648b10575d"
    ),
}


def _sql(rows: list[tuple[str, float, float]], half: float = 0.002) -> str:
    """A wilayah_boundaries dump: one square of ±half° around each point."""
    values = []
    for kode, lat, lon in rows:
        ring = [
            [lat - half, lon - half],
            [lat - half, lon + half],
            [lat + half, lon + half],
            [lat + half, lon - half],
            [lat - half, lon - half],
        ]
        values.append(f"('{kode}','Desa',{lat},{lon},'{[ring]}')".replace(" ", ""))
    return (
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        + ",\n".join(values)
        + ";\n"
    )


def _squares(desa, dlon: float = 0.0) -> gpd.GeoDataFrame:
    """Small squares around each desa centre, shifted ``dlon`` degrees east."""
    return gpd.GeoDataFrame(
        {"kode": desa["kode_desa"].to_numpy()},
        geometry=[
            box(lon + dlon - 0.002, lat - 0.002, lon + dlon + 0.002, lat + 0.002)
            for lon, lat in zip(desa["lon"], desa["lat"], strict=True)
        ],
        crs="EPSG:4326",
    )


@pytest.fixture
def no_local_copy(tmp_path, monkeypatch):
    """No KDKMP_DATA_DIR, an empty cache, offline."""
    monkeypatch.delenv("KDKMP_DATA_DIR", raising=False)
    monkeypatch.setenv("KDKMP_OFFLINE", "1")
    monkeypatch.setenv("KDKMP_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


# --- the manifest ------------------------------------------------------------


def test_manifest_pins_every_file_of_the_commit_and_every_kabupaten():
    assert params.load()["batas"]["commit"] == COMMIT
    pins = boundaries.load_manifest()
    assert len(pins) == 605  # every file of the commit's tree
    desa_files = [p for p in pins if p.startswith("db/kel/")]
    assert len(desa_files) == 514
    names = region.kabupaten_names()
    assert len(names) == 514
    # every kabupaten/kota of the official register has its desa file pinned
    assert {boundaries.boundary_file_path(code) for code in names} == set(desa_files)
    for path, sha in README_PINS.items():
        assert pins[path].sha256 == sha
    assert all(len(p.sha256) == 64 and p.bytes > 0 for p in pins.values())
    # the old per-file table is gone: the manifest is the one home of the pins
    assert "sha256" not in params.load()["batas"]


def test_manifest_rows_of_another_commit_are_not_pins(tmp_path, monkeypatch):
    other = tmp_path / "manifest.csv"
    with open(other, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "sha256", "bytes", "commit"])
        w.writerow(
            ["db/kel/35/wilayah_boundaries_kel_35.07.sql", "0" * 64, 1, "f" * 40]
        )
    monkeypatch.setattr(boundaries, "manifest_file", lambda: other)
    assert boundaries.load_manifest() == {}


# --- the hash, on every use --------------------------------------------------


def test_a_file_that_is_not_the_pinned_one_is_refused_with_both_hashes(tmp_path):
    bad = tmp_path / MALANG_FILE
    bad.write_bytes(b"INSERT INTO nothing;\n")
    got = hashlib.sha256(bad.read_bytes()).hexdigest()
    want = boundaries.pinned_file(boundaries.boundary_file_path(MALANG)).sha256
    with pytest.raises(boundaries.BoundaryError) as err:
        boundaries.locate_boundary_file(MALANG, tmp_path)
    text = str(err.value)
    assert got in text and want in text and MALANG_FILE in text
    assert "\n" not in text


def test_a_cached_file_is_checked_on_every_use(no_local_copy):
    cached = config.cache_dir() / "boundaries" / COMMIT[:12] / MALANG_FILE
    cached.parent.mkdir(parents=True)
    cached.write_text(_sql([("35.07.01.2001", -8.36, 112.49)]))
    with pytest.raises(boundaries.BoundaryError, match="sha256"):
        boundaries.load_desa_polygons(MALANG)


def test_a_download_that_does_not_match_is_refused_and_not_kept(
    no_local_copy, monkeypatch
):
    import pooch

    monkeypatch.delenv("KDKMP_OFFLINE")

    def fake_retrieve(url, known_hash, fname, path, **kwargs):
        assert url.endswith(f"/{COMMIT}/db/kel/35/{MALANG_FILE}")
        target = path / fname
        target.write_bytes(b"-- served by someone else\n")
        return str(target)

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    with pytest.raises(boundaries.BoundaryError, match="sha256 [0-9a-f]{64} tidak"):
        boundaries.locate_boundary_file(MALANG)
    assert not list((no_local_copy / "cache").rglob("*.sql*"))


def test_a_file_outside_the_manifest_is_refused(tmp_path, monkeypatch):
    lean = tmp_path / "manifest.csv"
    with open(lean, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "sha256", "bytes", "commit"])
        w.writerow(["db/kel/35/wilayah_boundaries_kel_35.14.sql", "0" * 64, 1, COMMIT])
    monkeypatch.setattr(boundaries, "manifest_file", lambda: lean)
    local = tmp_path / "data"
    local.mkdir()
    (local / MALANG_FILE).write_text(_sql([("35.07.01.2001", -8.36, 112.49)]))
    with pytest.raises(boundaries.BoundaryError, match="tidak ada di manifest.csv"):
        boundaries.locate_boundary_file(MALANG, local)


def test_without_any_file_an_unpinned_kabupaten_falls_back(no_local_copy, monkeypatch):
    monkeypatch.setattr(boundaries, "load_manifest", dict)
    monkeypatch.delenv("KDKMP_OFFLINE")
    # no download is attempted for a path the manifest does not pin
    monkeypatch.setattr("pooch.retrieve", pytest.fail)
    assert boundaries.locate_boundary_file(MALANG) is None


# --- malformed files: one line, never a traceback ----------------------------

MALFORMED = {
    "json": (
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        "('35.07.01.2001','A',-8.3,112.4,'[[[-8.3,112.4],[-8.3,}]]');\n",
        "poligon 35.07.01.2001 tidak terbaca",
    ),
    "ring": (
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        "('35.07.01.2001','A',-8.3,112.4,'[[[-8.3,112.4],[-8.3,112.5]]]');\n",
        "poligon 35.07.01.2001",
    ),
    "truncated": (
        _sql([("35.07.01.2001", -8.36, 112.49), ("35.07.01.2002", -8.35, 112.47)])[
            :-60
        ],
        "1 dari 2 baris nilai tidak terbaca",
    ),
    "empty": ("", "tidak berisi"),
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_malformed_sql_is_one_boundary_error_line(kind):
    text, message = MALFORMED[kind]
    with pytest.raises(boundaries.BoundaryError, match=message) as err:
        boundaries.parse_boundary_sql(text, name=MALANG_FILE)
    assert "\n" not in str(err.value) and MALANG_FILE in str(err.value)


def test_a_file_that_is_not_utf8_is_one_line(tmp_path):
    bad = tmp_path / MALANG_FILE
    bad.write_bytes(_sql([("35.07.01.2001", -8.36, 112.49)]).encode() + b"\xff\xfe")
    with pytest.raises(boundaries.BoundaryError, match="bukan teks UTF-8"):
        boundaries.read_boundary_file(bad, MALANG)


# --- the polygons belong to the kabupaten asked for --------------------------


def test_polygons_of_the_kabupaten_pass_and_report_their_shares():
    desa = region.load_desa(MALANG)
    shares = boundaries.check_boundary_content(_squares(desa), MALANG)
    assert shares == {"porsi_kode": 1.0, "porsi_titik": 1.0}


def test_codes_of_another_kabupaten_are_refused():
    poly = _squares(region.load_desa("35.14"))
    with pytest.raises(boundaries.BoundaryError, match="bukan milik Kabupaten Malang"):
        boundaries.check_boundary_content(poly, MALANG, name=MALANG_FILE)


def test_a_file_with_few_of_the_official_codes_is_refused():
    desa = region.load_desa(MALANG)
    with pytest.raises(boundaries.BoundaryError, match="hanya 39 dari 390 kode"):
        boundaries.check_boundary_content(_squares(desa.iloc[:39]), MALANG)


def test_relabelled_polygons_elsewhere_are_refused():
    # the right codes on polygons 0.5° (≈ 55 km) east of the desa centres
    desa = region.load_desa(MALANG)
    with pytest.raises(boundaries.BoundaryError, match="titik pusat desa"):
        boundaries.check_boundary_content(_squares(desa, dlon=0.5), MALANG)
    # within the tolerance (≈ 0.2 km + the 0.2 km half-square) they pass
    boundaries.check_boundary_content(_squares(desa, dlon=0.004), MALANG)


def test_a_kabupaten_limit_in_the_parameters_overrides_the_default():
    # the pinned Pasaman Barat file holds 19 of its 90 desa ([batas.periksa_...])
    desa = region.load_desa("13.12").dropna(subset=["lat", "lon"])
    shares = boundaries.check_boundary_content(_squares(desa.iloc[:19]), "13.12")
    assert round(shares["porsi_kode"], 3) == round(19 / 90, 3)
    with pytest.raises(boundaries.BoundaryError, match="minimal 20%"):
        boundaries.check_boundary_content(_squares(desa.iloc[:10]), "13.12")
