"""The real boundary files against the manifest (issue 16 §5).

Pasuruan's real file under Malang's name, a tampered byte, a malformed file and
Pasuruan's polygons relabelled with Malang's codes are each refused with one
line; the three shared files are the pinned ones.
"""

import hashlib
import shutil

import pytest

from kdkmp_analysis import cli, region
from kdkmp_analysis.region import boundaries

PASURUAN_FILE = "wilayah_boundaries_kel_35.14.sql"
MALANG_FILE = "wilayah_boundaries_kel_35.07.sql"
SHARED = {  # file in ../shared/data/boundaries → path in the repository
    PASURUAN_FILE: "db/kel/35/wilayah_boundaries_kel_35.14.sql",
    "wilayah_boundaries_kec_35.sql": "db/kec/wilayah_boundaries_kec_35.sql",
    "wilayah_boundaries_kab_35.sql": "db/kab/wilayah_boundaries_kab_35.sql",
    "LICENSE": "LICENSE",
}


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(SHARED))
def test_the_shared_files_are_the_pinned_ones(boundary_dir, name):
    pin = boundaries.check_pinned_file(boundary_dir / name, SHARED[name])
    assert pin.bytes == (boundary_dir / name).stat().st_size


def test_pasuruan_file_under_malang_name_is_refused(boundary_dir, tmp_path):
    renamed = tmp_path / MALANG_FILE
    shutil.copyfile(boundary_dir / PASURUAN_FILE, renamed)
    want = boundaries.pinned_file(boundaries.boundary_file_path("35.07")).sha256
    for where in (tmp_path, renamed):  # a directory holding it, or the file
        with pytest.raises(boundaries.BoundaryError) as err:
            boundaries.load_desa_polygons("35.07", where)
        text = str(err.value)
        assert _sha(renamed) in text and want in text and MALANG_FILE in text
        assert "\n" not in text


def test_pasuruan_file_as_another_kabupaten_in_the_data_dir_is_refused(
    boundary_dir, tmp_path, monkeypatch
):
    shutil.copyfile(boundary_dir / PASURUAN_FILE, tmp_path / MALANG_FILE)
    monkeypatch.setenv("KDKMP_DATA_DIR", str(tmp_path))
    with pytest.raises(boundaries.BoundaryError, match="sha256"):
        boundaries.load_desa_polygons("35.07")


def test_pasuruan_polygons_are_not_malang_whatever_their_codes(boundary_dir):
    parsed = boundaries.parse_boundary_sql(
        (boundary_dir / PASURUAN_FILE).read_text(encoding="utf-8")
    )
    assert boundaries.check_boundary_content(parsed, "35.14") == {
        "porsi_kode": 1.0,
        "porsi_titik": 1.0,
    }
    with pytest.raises(boundaries.BoundaryError, match="bukan milik Kabupaten Malang"):
        boundaries.check_boundary_content(parsed, "35.07", name=MALANG_FILE)
    # relabelled: Malang's official codes written on Pasuruan's polygons
    malang = region.load_desa("35.07")["kode_desa"]
    relabelled = parsed.iloc[: len(malang)].assign(
        kode=malang.iloc[: len(parsed)].to_numpy()
    )
    with pytest.raises(boundaries.BoundaryError, match="titik pusat desa") as err:
        boundaries.check_boundary_content(relabelled, "35.07", name=MALANG_FILE)
    assert "Kabupaten Malang (35.07)" in str(err.value)


def test_a_tampered_byte_is_refused_with_both_hashes(boundary_dir, tmp_path):
    data = bytearray((boundary_dir / PASURUAN_FILE).read_bytes())
    i = data.index(b"-7.", len(data) // 2)
    data[i + 3] = ord("9") if data[i + 3] != ord("9") else ord("8")
    tampered = tmp_path / PASURUAN_FILE
    tampered.write_bytes(bytes(data))
    with pytest.raises(boundaries.BoundaryError) as err:
        boundaries.load_desa_polygons("35.14", tampered)
    text = str(err.value)
    assert _sha(tampered) in text and _sha(boundary_dir / PASURUAN_FILE) in text


def test_a_malformed_file_is_one_galat_line(boundary_dir, tmp_path, capsys):
    text = (boundary_dir / PASURUAN_FILE).read_text(encoding="utf-8")
    bad = tmp_path / MALANG_FILE
    bad.write_text(text.replace("[[[", "[[{", 1), encoding="utf-8")
    code = cli.main(
        ["region", "--kabupaten", "35.07", "--out", str(tmp_path / "out")]
        + ["--boundaries", str(bad)]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("Galat: berkas batas") and "\n" not in err
    assert "Traceback" not in err
    # read directly (hash aside), the same file is one line too
    with pytest.raises(boundaries.BoundaryError, match="tidak terbaca"):
        boundaries.parse_boundary_sql(bad.read_text(encoding="utf-8"), name=bad.name)


def test_the_manifest_covers_every_kabupaten_with_an_upstream_file():
    pins = boundaries.load_manifest()
    names = region.kabupaten_names()
    pinned = [code for code in names if boundaries.boundary_file_path(code) in pins]
    assert len(names) == 514 and len(pinned) == 514
