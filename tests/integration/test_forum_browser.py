"""The forum list in headless Chromium (issue 14 §2): bounded, filterable, printable.

The page is opened at 1366 × 900 with no network. A small script runs after
``load`` (typing in the search box, changing a select, clicking a heading)
and writes what it measured into an attribute of ``<html>``, which
``--dump-dom`` returns. Skipped only when no Chromium is installed.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from kdkmp_analysis import forum, testing
from kdkmp_analysis.handouts import forum_files, forum_page

pytestmark = pytest.mark.browser

CHROMIUM = testing.find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium tidak ditemukan: pasang paket Debian 'chromium' "
    "(.ci/run melakukannya) atau isi KDKMP_CHROMIUM",
)

#: What the probe measures after the actions (visible = laid out on screen).
MEASURE = """
function vis(e){return e.getClientRects().length>0;}
var sec=[].filter.call(document.querySelectorAll('section.program'),vis);
var rows=[];sec.forEach(function(s){[].forEach.call(s.querySelectorAll('tbody.k'),
function(t){if(vis(t)){rows.push({kec:t.dataset.kec,kes:t.dataset.kes,cari:t.dataset.cari,
v:[].map.call(t.rows[0].cells,function(c){return c.dataset.v;})});}});});
var d=document.documentElement;
d.setAttribute('data-hasil',JSON.stringify({tinggi:d.scrollHeight,lebar:d.scrollWidth,
bagian:sec.map(function(s){return s.id;}),baris:rows,
hitung:sec.map(function(s){return s.querySelector('.hitung').textContent;}),
state:window.kdkmpState||null}));
"""


def _run(page: Path, actions: str = "", query: str = "") -> dict:
    """Open ``page`` (with ``?query``) at 1366 × 900, run ``actions``, measure."""
    probe = page.with_name(".uji-" + page.name)
    script = (
        "<script>window.addEventListener('load',function(){"
        f"{actions}\n{MEASURE}}});</script>"
    )
    text = page.read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", script + "</body>"), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            out = subprocess.run(
                [
                    CHROMIUM,
                    *testing.chromium.FLAGS,
                    *testing.chromium.OFFLINE_FLAGS,
                    "--window-size=1366,900",
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=3000",
                    "--dump-dom",
                    probe.as_uri() + (f"?{query}" if query else ""),
                ],
                capture_output=True,
                text=True,
                timeout=180,
            )
    finally:
        probe.unlink(missing_ok=True)
    m = re.search(r'data-hasil="([^"]*)"', out.stdout)
    assert m, out.stderr[-2000:]
    return json.loads(html.unescape(m.group(1)))


@pytest.fixture(scope="module")
def fr(boundary_dir):
    return forum.build_forum()


@pytest.fixture(scope="module")
def page(fr, tmp_path_factory) -> Path:
    return forum_files.write_html(fr, tmp_path_factory.mktemp("forum") / "f.html")


@needs_chromium
def test_default_view_is_bounded_and_fits_the_screen(fr, page):
    first = next(iter(fr.candidates))
    r = _run(page)
    print(f"tinggi tampilan awal: {r['tinggi']} px, lebar {r['lebar']} px")
    assert r["tinggi"] <= forum_page.HEIGHT_BOUND_PX
    assert r["lebar"] <= 1366
    assert r["bagian"] == [first]
    n = len(fr.candidates[first])
    assert len(r["baris"]) == min(n, forum_page.ROW_LIMIT)
    shown = "Menampilkan 25 dari " + forum_files.angka(n) + " koperasi"
    assert r["hitung"] == [shown]
    assert [float(row["v"][0]) for row in r["baris"]] == list(range(1, 26))


@needs_chromium
def test_no_errors_and_typing_in_the_search_box_changes_the_rows(fr, page):
    script = (
        "var i=document.getElementById('cari');i.value='sukorejo';"
        "i.dispatchEvent(new Event('input'));"
        "document.documentElement.setAttribute('data-hitung',"
        "document.querySelector('section.program:not(.tersembunyi) .hitung')"
        ".textContent);"
    )
    result = testing.render_page(page, script=script)
    assert result.errors == []
    first = next(iter(fr.candidates))
    c = fr.candidates[first]
    hits = c[
        c[["nama_koperasi", "nama_desa", "nama_kecamatan"]]
        .apply(lambda s: s.str.lower().str.contains("sukorejo"))
        .any(axis=1)
    ]
    assert 0 < len(hits) < len(c)
    shown = min(len(hits), forum_page.ROW_LIMIT)
    want = (
        f"Menampilkan {shown} dari {len(hits)} koperasi yang cocok "
        f"(dari {forum_files.angka(len(c))} kandidat)"
    )
    assert f'data-hitung="{want}"' in result.dom
    r = _run(page, script)
    assert len(r["baris"]) == shown
    assert all("sukorejo" in row["cari"] for row in r["baris"])


@needs_chromium
def test_filters_by_select_and_by_address(fr, page):
    kec = fr.candidates["pupuk_indonesia"]["nama_kecamatan"].value_counts().index[0]
    script = (
        "document.querySelector('[data-program=pupuk_indonesia]').click();"
        "var s=document.getElementById('f-kecamatan');"
        f"s.value={json.dumps(kec)};s.dispatchEvent(new Event('change'));"
    )
    r = _run(page, script)
    c = fr.candidates["pupuk_indonesia"]
    want = int((c["nama_kecamatan"] == kec).sum())
    assert r["bagian"] == ["pupuk_indonesia"]
    assert len(r["baris"]) == min(want, 25) and {x["kec"] for x in r["baris"]} == {kec}
    # the same view from the address (a saved link, a PDF run)
    q = "program=pupuk_indonesia&kesiapan=siap"
    r = _run(page, query=q)
    assert r["bagian"] == ["pupuk_indonesia"]
    ready = int((c["kesiapan"] == "siap").sum())
    assert len(r["baris"]) == min(ready, 25) < len(c)
    assert {x["kes"] for x in r["baris"]} <= {"siap"}


@needs_chromium
def test_heading_click_sorts_and_show_all_lifts_the_limit(fr, page):
    first = next(iter(fr.candidates))
    j = [k for k, _, _ in forum_page.COLUMNS].index("jarak_mitra_km")
    script = (
        "var th=document.querySelectorAll("
        "'section.program:not(.tersembunyi) table.kandidat th');"
        f"th[{j}].click();"
        "document.querySelector('section.program:not(.tersembunyi) button.semua')"
        ".click();"
    )
    r = _run(page, script)
    assert len(r["baris"]) == len(fr.candidates[first])
    km = [float(x["v"][j]) for x in r["baris"] if x["v"][j]]
    assert km == sorted(km) and len(km) > 25


@needs_chromium
def test_prints_on_a4_landscape(page, tmp_path):
    pdf = tmp_path / "forum.pdf"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                CHROMIUM,
                *testing.chromium.FLAGS,
                *testing.chromium.OFFLINE_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                page.as_uri() + "?kesiapan=belum%20siap",
            ],
            capture_output=True,
            timeout=180,
        )
    data = pdf.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert boxes
    for w, h in boxes:  # A4 landscape: 842 × 595 pt
        assert abs(float(w) - 841.9) < 2 and abs(float(h) - 595.3) < 2
