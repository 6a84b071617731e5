"""The default data's key figures change only deliberately.

``data/key_figures_default.json`` was recorded by ``key_figures.py`` (first
before the re-house of issue 10, which had to preserve them; re-recorded after
issue 11, whose real data changed them on purpose — see ``key_figures.py``).
The analyses here are recomputed from the current code and must match it (the
build's file and marker counts are checked in ``test_build.py`` on the build
made there).
"""

from __future__ import annotations

import json

import pytest

from integration.key_figures import BASELINE, analysis_figures


@pytest.fixture(scope="module")
def recorded():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current(boundary_dir):
    from kdkmp_analysis import handouts

    return analysis_figures(handouts.analyse())


@pytest.mark.parametrize("part", ["readiness", "gaps", "candidates", "scenarios"])
def test_default_analyses_unchanged(recorded, current, part):
    assert current[part] == recorded["analyses"][part]
