"""Maps on the real Pasuruan layers: counts, size, attribution, ``kdkmp peta``.

Logic on hand-built frames is in ``tests/unit/test_maps.py``; the
real-browser checks are in ``test_browser.py`` beside this file.
"""

from __future__ import annotations

from kdkmp_analysis import maps
from kdkmp_analysis.region import boundaries


def test_pasuruan_offline_map_counts_and_size(
    desa_polygons, default_register, tmp_path
):
    kec = boundaries.kecamatan_polygons(desa_polygons)
    t = maps.kecamatan_metrics(default_register, kec)
    assert t["jumlah_koperasi"].sum() == 365 and t["jumlah_nib"].sum() == 341
    m = maps.choropleth_map(
        t,
        "persen_nib",
        legend="Koperasi ber-NIB",
        unit="%",
        register=default_register,
        desa_polygons=desa_polygons,
        tiles=None,
    )
    assert m.kdkmp_info["koperasi"] == 365
    assert m.kdkmp_info["desa"] == 365
    assert m.kdkmp_info["kecamatan"] == 24
    assert m.kdkmp_info["ilustrasi"] is True
    path = maps.save_offline(m, tmp_path / "peta.html")
    assert path.stat().st_size <= 3_000_000
    page = path.read_text(encoding="utf-8")
    assert maps.external_references(page) == []
    assert "Batas desa \\u2014 data terbuka Cahya DSN (MIT)" in page  # layer
    assert "Batas desa: data terbuka Cahya DSN (MIT)" in page  # attribution


def test_cli_peta_writes_offline_maps_and_png(boundary_dir, tmp_path, capsys):
    from kdkmp_analysis import cli

    rc = cli.main(
        [
            "peta",
            "--out",
            str(tmp_path),
            "--boundaries",
            str(boundary_dir),
            "--status",
            "bermitra_bumn",
            "--metrik",
            "jumlah_belum_bermitra",
        ]
    )
    assert rc == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "peta-kecamatan-jumlah_belum_bermitra-3514.html",
        "peta-kecamatan-jumlah_belum_bermitra-3514.png",
        "peta-koperasi-bermitra_bumn-3514.html",
    ]
    for name in names[::2]:
        page = (tmp_path / name).read_text(encoding="utf-8")
        assert maps.external_references(page) == []
    rc = cli.main(
        [
            "peta",
            "--out",
            str(tmp_path),
            "--boundaries",
            str(boundary_dir),
            "--metrik",
            "tebakan",
        ]
    )
    assert rc == 2
    assert "Galat: metrik 'tebakan' tidak dikenal" in capsys.readouterr().err
