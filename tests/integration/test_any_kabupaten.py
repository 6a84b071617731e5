"""Any kabupaten, end to end: a SIMKOPDES-shaped export of Kabupaten Probolinggo.

The export is made from the official register of 35.13 (names as SIMKOPDES
writes them, centroid points), with some desa left out, as a planner would
import it; no polygon file of 35.13 is available offline, so the build runs
on the approximate (``perkiraan``) boundaries. Every notebook must run and the
hand-outs must be Probolinggo's own.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kdkmp_analysis import build, intake, region
from kdkmp_analysis.region import boundaries

KAB = "35.13"
#: Pasuruan's name or code as a page would show it (not digits inside a number
#: such as a coordinate 113.3514).
PASURUAN = re.compile(r"Pasuruan|(?<![\d.])35\.?14(?!\d)", re.IGNORECASE)
#: A path of the machine that built the pages.
MACHINE_PATH = re.compile(r"/(?:work|home|root|tmp)/\S+\.py")
#: Official desa left out of the export (every fourth kecamatan loses one).
LEFT_OUT = 6


def _export(tmp_path) -> tuple[str, str, list[str]]:
    """Locations and village-statistics CSVs in the SIMKOPDES shapes."""
    desa = region.load_desa(KAB)
    kab = region.as_kabupaten(KAB)
    gone = desa.groupby("kode_kecamatan").head(1).iloc[::4]["kode_desa"]
    gone = list(gone.head(LEFT_OUT))
    kept = desa[~desa["kode_desa"].isin(gone)].reset_index(drop=True)
    kind = kept["jenis"].str.upper()
    district = "KAB. " + kab.name.removeprefix("Kabupaten ").upper()  # as SIMKOPDES
    loc = pd.DataFrame(
        {
            "cooperative_id": range(50001, 50001 + len(kept)),
            "name": "KOPERASI "
            + kind
            + " MERAH PUTIH "
            + kind
            + " "
            + kept["nama_desa"].str.upper()
            + " KECAMATAN "
            + kept["nama_kecamatan"].str.upper(),
            "province": kab.province_name.upper(),
            "district": district,
            "subdistrict": kept["nama_kecamatan"],
            "latitude": kept["lat"].round(8),
            "longitude": kept["lon"].round(8),
        }
    )
    n = len(kept)
    stats = pd.DataFrame(
        {
            "province_id": 15,
            "province": kab.province_name.upper(),
            "district_id": 233,
            "district": district,
            "subdistrict_id": 4000 + kept.groupby("kode_kecamatan").ngroup(),
            "subdistrict": kept["nama_kecamatan"],
            "village_id": range(90001, 90001 + n),
            "village": kept["nama_desa"],
            "cooperatives": 1,
            "accounts_count": 1,
            "npwp_count": 1,
            "nib_count": [int(i % 5 != 0) for i in range(n)],
            "rat_count": 0,
            "transaction_volume": 0,
            "transaction_value": 0,
            "savings_total_amount": 0,
        }
    )
    lp, sp = tmp_path / "kopdes_locations_3513.csv", tmp_path / "kopdes_stats_3513.csv"
    loc.to_csv(lp, index=False)
    stats.to_csv(sp, index=False)
    return str(lp), str(sp), gone


@pytest.fixture(scope="module")
def probolinggo(tmp_path_factory, boundary_dir):
    tmp = tmp_path_factory.mktemp("probolinggo")
    locations, stats, gone = _export(tmp)
    # no polygon file of 35.13 offline: the approximate boundaries, said so
    with pytest.warns(boundaries.BoundaryFallbackWarning, match="PERKIRAAN"):
        result = intake.import_simkopdes(locations, stats, kabupaten=KAB)
        paths = result.write(tmp / "impor")
        built = build.build(out=tmp / "build", register=paths["register"], jobs=2)
    return result, built, gone


def test_import_keeps_every_row_and_lists_the_missing_desa(probolinggo):
    result, _, gone = probolinggo
    assert len(result.report) == len(region.load_desa(KAB)) - LEFT_OUT
    assert set(result.missing["kode_desa"]) == set(gone)
    assert set(result.register["kode_kabupaten"]) == {KAB}


def test_every_notebook_runs_for_the_imported_kabupaten(probolinggo):
    _, built, _ = probolinggo
    failed = {n.name: n.error for n in built.notebooks if not n.ok}
    assert not failed, failed
    assert built.handouts is not None and built.handouts.ok, built.handouts.error


def test_one_briefing_per_kecamatan_of_that_kabupaten(probolinggo):
    _, built, _ = probolinggo
    kec = region.load_kecamatan(KAB)
    pages = sorted((built.out / "ringkasan").glob("3513*.html"))
    assert len(pages) == len(kec) == 24
    assert not list((built.out / "ringkasan").glob("3514*.html"))
    assert (built.out / "forum" / "forum_3513.xlsx").is_file()
    assert (built.out / "forum" / "presentasi_forum_3513.pptx").is_file()


def test_no_pasuruan_on_the_handouts(probolinggo):
    _, built, _ = probolinggo
    # planner pages: the hand-outs and the notebooks without code (notebook 03
    # explains the *other-kabupaten* status with Kota Pasuruan as its example,
    # and its sample export's foreign row is a neighbour's: it is left out)
    pages = [
        built.out / "index.html",
        built.out / "forum" / "forum_3513.html",
        *sorted((built.out / "ringkasan").glob("*.html")),
        *sorted(
            p
            for p in (built.out / "notebook").glob("*.html")
            if not p.name.startswith("03-")
        ),
    ]
    leaks = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        found = PASURUAN.findall(text) + MACHINE_PATH.findall(text)
        if found:
            leaks[page.name] = sorted(set(found))
    assert not leaks
    index = (built.out / "index.html").read_text(encoding="utf-8")
    assert "Kabupaten Probolinggo (35.13)" in index


def test_approximate_boundaries_are_labelled(probolinggo):
    _, built, _ = probolinggo
    page = next((built.out / "ringkasan").glob("3513*.html")).read_text(
        encoding="utf-8"
    )
    assert "PERKIRAAN" in page or "perkiraan" in page
