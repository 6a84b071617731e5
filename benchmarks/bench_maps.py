"""Benchmark: offline map of Kabupaten Pasuruan vs geopandas ``.explore()``.

Same layers for both: 365 cooperative markers, 365 desa polygons, 24
kecamatan coloured by the share of cooperatives with an NIB. Printed per
variant: HTML size, build time (layers → HTML text, imports excluded and
reported separately), headless-Chromium time (wall time with browser start,
and the page's own load time) and what the browser actually drew with no
network. Targets (issue 4): ≤ 3 MB, build < 2 s, render < 2 s.

Run: ``KDKMP_DATA_DIR=../shared/data/boundaries .venv/bin/python
benchmarks/bench_maps.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _timing import timed


def _variants(kabupaten) -> tuple[dict[str, Callable[[], str]], str]:
    """The three pages to build (label → builder) and a one-line data summary."""
    from kdkmp_analysis import intake, maps, register
    from kdkmp_analysis.region import boundaries

    desa = boundaries.load_desa_polygons(kabupaten.code)
    kec = boundaries.kecamatan_polygons(desa)
    reg = intake.default_register(kabupaten)
    table = maps.kecamatan_metrics(reg, kec)
    points = register.register_points(reg)

    def ours() -> str:
        m = maps.choropleth_map(
            table,
            "persen_nib",
            legend="Koperasi ber-NIB",
            unit="%",
            register=reg,
            status="nib",
            desa_polygons=desa,
            tiles=None,
        )
        return maps.offline_html(m)

    def explore(legend: bool = True):
        m = table.explore(
            column="persen_nib",
            scheme="NaturalBreaks",
            k=5,
            tooltip=["nama_kecamatan", "persen_nib"],
            name="Kecamatan",
            legend=legend,
        )
        desa.explore(
            m=m,
            style_kwds={"fill": False, "weight": 0.6},
            name="Desa",
            tooltip=["nama_desa", "nama_kecamatan"],
        )
        points.explore(
            m=m,
            column="nib",
            marker_kwds={"radius": 5},
            name="Koperasi",
            tooltip=["nama_koperasi", "nama_desa", "nib"],
            legend=legend,
        )
        return m

    def explore_cdn() -> str:
        return explore().get_root().render()

    def explore_offline() -> str:
        # its colour legend needs d3 from a CDN (no offline copy): left out
        return maps.offline_html(explore(legend=False))

    summary = (
        f"{kabupaten.label}: {len(reg)} koperasi, {len(desa)} desa, "
        f"{len(kec)} kecamatan"
    )
    return {
        "kdkmp_analysis.maps (luring)": ours,
        "geopandas .explore() (CDN, apa adanya)": explore_cdn,
        "geopandas .explore() tanpa legenda + maps.offline_html": explore_offline,
    }, summary


def _measure(
    label: str, fn: Callable[[], str], path: Path, repeat: int, chromium: str | None
) -> tuple:
    """Build ``repeat`` times, write the page, render it offline ``repeat`` times."""
    from kdkmp_analysis import maps, testing

    page, best, med = timed(fn, repeat)
    path.write_text(page, encoding="utf-8")
    size = path.stat().st_size / 1e6
    refs = len(maps.external_references(page))
    render = drawn = errors = "—"
    if chromium:
        walls, loads = [], []
        for _ in range(repeat):
            r = testing.render_page(path, timeout=90)
            walls.append(r.seconds)
            loads.append(r.load_ms or float("nan"))
        render = f"{min(walls):.2f} s (halaman {min(loads) / 1000:.2f} s)"
        drawn = f"{r.dom.count('<path ')} path"
        errors = str(len(r.errors))
    return (label, size, best, med, refs, render, drawn, errors)


def _report(rows: list[tuple]) -> None:
    head = (
        "varian",
        "MB",
        "bangun",
        "median",
        "ref. luar",
        "render Chromium",
        "digambar",
        "galat",
    )
    print(" | ".join(head))
    for label, size, best, med, refs, render, drawn, errors in rows:
        print(
            f"{label} | {size:.2f} | {best:.2f} s | {med:.2f} s | {refs} | {render} "
            f"| {drawn} | {errors}"
        )
    base = rows[0]
    for row in rows[1:]:
        print(
            f"rasio {row[0]} / ours: ukuran {row[1] / base[1]:.2f}×, "
            f"bangun {row[2] / base[2]:.2f}×"
        )
    ok = base[1] <= 3.0 and base[2] < 2.0
    print("target ≤ 3 MB dan bangun < 2 s:", "TERCAPAI" if ok else "TIDAK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kabupaten", default="35.14")
    args = parser.parse_args()

    t0 = time.perf_counter()
    import folium  # noqa: F401
    import geopandas  # noqa: F401
    import mapclassify  # noqa: F401

    from kdkmp_analysis import maps, region, register, testing  # noqa: F401
    from kdkmp_analysis.region import boundaries  # noqa: F401

    t_import = time.perf_counter() - t0
    variants, summary = _variants(region.as_kabupaten(args.kabupaten))
    tmp = Path(tempfile.mkdtemp(prefix="kdkmp-bench-"))
    chromium = testing.find_chromium()
    rows = [
        _measure(
            label,
            fn,
            tmp / (label.split()[0].replace(".", "_") + f"{i}.html"),
            args.repeat,
            chromium,
        )
        for i, (label, fn) in enumerate(variants.items())
    ]
    print(f"{summary}; impor folium/geopandas/mapclassify {t_import:.2f} s")
    print(
        f"Chromium: {chromium or 'tidak ditemukan (waktu render dilewati)'}; "
        f"jaringan diblokir; ulangan {args.repeat}, angka terbaik"
    )
    _report(rows)


if __name__ == "__main__":
    main()
