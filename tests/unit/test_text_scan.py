"""The planner-text scanner finds each kind of leak (issue 14 §1)."""

from __future__ import annotations

from kdkmp_analysis.testing.text_scan import violations, visible_text


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


def test_file_names_and_addresses_are_not_keys():
    text = visible_text(
        "<p>ekspor kopdes_locations_3514.csv (https://x.y/a_b) data/fakta_kemitraan.csv</p>"
    )
    assert violations(text) == []
