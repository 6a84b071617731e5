"""Planner pages read as Indonesian documents (issue 14 §1, §7).

The default build runs once (a subprocess, as a planner runs it, ≈ 90 s) and
the visible text of every planner page is scanned for what leaks the machine:
snake_case keys, Python reprs (``True``/``False``/``NaN``/``None``), English
thousands separators (``1,665,922``), absolute paths of the builder and
English phrases. Text inside ``<script>``, ``<style>``, ``<code>`` and
``<pre>`` and URLs are not scanned (code and addresses are not prose).

Every planner page and the build's own messages must pass; the same scan
runs on a build from the real Pasuruan import in
``tests/integration/test_real_import_path.py``, on the deck in
``tests/unit/test_deck_layout.py`` and on the workbook in
``tests/unit/test_workbook.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kdkmp_analysis.testing.text_scan import (
    planner_pages,
    scan_build,
    violations,
    visible_text,
)

ROOT = Path(__file__).resolve().parents[2]

#: Kernel and library noise that must never reach the planner's terminal.
NOISE = ("IPKernelApp", "KeyboardInterrupt", "TCP without encryption", "Traceback")


def test_scan_finds_each_kind():
    text = visible_text(
        "<p>badan_hukum True 1,665,922 /tmp/x source</p>"
        "<script>var a_b = True;</script><code>x_y</code>"
        "<p>1.665.922 2,8 km 0,644 kg 1,090 l https://a.b/c_d</p>"
    )
    found = violations(text)
    assert found == [
        "snake_case: badan_hukum",
        "repr: True",
        "ribuan Inggris: 1,665,922",
        "path: /tmp",
        "Inggris: source",
    ]


@pytest.fixture(scope="module")
def build_run(tmp_path_factory, boundary_dir):
    """One default build through the command line: its folder and messages."""
    out = tmp_path_factory.mktemp("planner") / "build"
    env = dict(
        os.environ, KDKMP_DATA_DIR=str(boundary_dir), KDKMP_OFFLINE="1", KDKMP_PDF="1"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "kdkmp_analysis", "build", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    messages = (proc.stdout + "\n" + proc.stderr).replace(str(out), "build")
    assert proc.returncode == 0, messages[-3000:]
    return out, messages


def test_index_page_is_clean(build_run):
    out, _ = build_run
    text = visible_text((out / "index.html").read_text(encoding="utf-8"))
    assert text.splitlines()[1] == "Mulai di sini"  # right under the heading
    assert violations(text) == []


def test_build_messages_are_indonesian_and_quiet(build_run):
    _, messages = build_run
    noise = [n for n in NOISE if n in messages]
    assert not noise, messages[-2000:]
    text = "\n".join(line for line in messages.splitlines() if "→" not in line)
    assert [v for v in violations(text) if not v.startswith("path")] == []
    assert "PDF" in messages and "paket_forum_3514.zip" in messages


def test_the_build_prints_the_pdfs_when_chromium_is_present(build_run):
    """This build (``KDKMP_PDF=1``) is the suite's one full build with PDFs."""
    from kdkmp_analysis.testing import find_chromium

    out, messages = build_run
    if find_chromium() is None:
        assert "Chromium tidak ditemukan" in messages
        return
    briefings = sorted((out / "ringkasan" / "pdf").glob("*.pdf"))
    assert len(briefings) == 24  # one per kecamatan of Kabupaten Pasuruan
    assert [p.name for p in (out / "forum" / "pdf").glob("*.pdf")] == ["forum_3514.pdf"]
    assert all(p.read_bytes()[:4] == b"%PDF" for p in briefings)


def test_every_planner_page_is_clean(build_run):
    """Briefings, forum list, cards, maps, missing data, notebooks (planner version)."""
    out, _ = build_run
    pages = planner_pages(out)
    assert len(pages) > 400  # 366 cards, 25 briefings, 5 notebooks, maps, …
    for folder in ("ringkasan/", "kartu/", "forum/", "maps/", "notebook/"):
        assert any(p.startswith(folder) for p in pages), folder
    report = scan_build(out)
    assert not report, "\n".join(f"{p}: {', '.join(v)}" for p, v in report.items())
