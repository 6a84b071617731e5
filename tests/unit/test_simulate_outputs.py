"""``kdkmp simulate``: the planner's presets and the labelled CSVs (issue 12 Outputs)."""

from __future__ import annotations

import pandas as pd
import pytest

from kdkmp_analysis import cli
from kdkmp_analysis import distribution as ds
from kdkmp_analysis.distribution import presets, report

#: The CSVs of ``simulate --out`` the contract names, and the partner table.
CONTRACT = ("skenario.csv", "monte_carlo.csv", "usaha_koperasi.csv")


@pytest.fixture(scope="module")
def run(tmp_path_factory, boundary_dir):
    """One run with the branch's allocation and Serang's quota typed in."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("simulasi")
    argv = ["simulate", "--runs", "20", "--alokasi-beras", "50", "--kuota", "serang"]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main([*argv, "--out", str(out)]) == 0
    return out, buf.getvalue()


def test_simulate_writes_the_four_csvs_each_with_its_labels(run):
    out, _ = run
    for name in (*CONTRACT, "mitra_rencana.csv", "cakupan_beras_per_kecamatan.csv"):
        df = pd.read_csv(out / name)
        assert "keterangan" in df.columns, name
        text = df["keterangan"].fillna("").astype(str).str.strip()
        assert len(df) and (text != "").all(), name
        # the allocation typed in is said as Bulog's figure wherever it is used
        assert text.str.contains("angka Bulog yang dimasukkan").all(), name


def test_skenario_csv_carries_the_allocation_typed_in_and_the_quota(run):
    out, _ = run
    sc = pd.read_csv(out / "skenario.csv").set_index("kunci")
    assert list(sc.index) == list(ds.DEFAULT_KEYS)
    assert (sc["alokasi_beras_t_minggu"] == 50).all()
    assert sc.loc[ds.PLAN_KEY, "alokasi_beras_t_minggu"] == 50
    assert "angka Bulog yang dimasukkan" in sc.loc[ds.PLAN_KEY, "alokasi_beras_teks"]
    assert sc.loc[ds.PLAN_KEY, "kuota_cabang"] == "serang"
    assert sc.loc["penempatan_serang", "kuota_cabang"] == "serang"
    # under Serang's quota the plan and penempatan_serang are the same scenario
    assert sc.loc[ds.PLAN_KEY, "tersalur_beras_t"] == pytest.approx(
        sc.loc["penempatan_serang", "tersalur_beras_t"]
    )
    for key in ds.COMMODITIES:
        unit = ds.commodity(key).unit
        for col in (
            f"kebutuhan_rt_{key}_{unit}",
            f"permintaan_saluran_{key}_{unit}",
            f"tersalur_{key}_{unit}",
            f"persen_kebutuhan_rt_{key}",
            f"persen_permintaan_saluran_{key}",
        ):
            assert sc[col].notna().all(), col
        assert sc[f"pembatas_{key}"].str.match(r"^[a-z ()+]+$").all()  # words


def test_monte_carlo_csv_has_the_bands_per_scenario_and_pasti(run):
    out, _ = run
    mc = pd.read_csv(out / "monte_carlo.csv")
    assert {"kunci", "nama", "komoditas", "pasti", "pita"} <= set(mc.columns)
    assert set(mc["kunci"]) == set(ds.DEFAULT_KEYS)
    for q in ("p10", "p50", "p90"):
        for base in ("persen_kebutuhan_rt", "persen_permintaan_saluran", "tersalur"):
            assert f"{base}_{q}" in mc.columns
    assert mc["pasti"].dtype == bool
    flat = mc[mc["pasti"]]
    assert (flat["pita"] == ds.PASTI_TEXT).all()


def test_mitra_rencana_has_the_plan_partners_per_day_and_no_served_wording(run):
    out, _ = run
    m = pd.read_csv(out / "mitra_rencana.csv")
    assert len(m) == 30 and set(m["kunci_skenario"]) == {ds.PLAN_KEY}
    for col in ("beras_kg_per_hari", "pembeli_per_hari", "jam_layanan_per_hari"):
        assert m[col].notna().all() and (m[col] >= 0).all()
    assert "penduduk_dalam_jangkauan" in m.columns
    assert not {"penduduk_dilayani", "desa_dilayani"} & set(m.columns)
    assert m["keterangan"].str.contains("akses, bukan yang terlayani").all()


def test_simulate_prints_the_plan_scenario_and_its_presets_with_sources(run):
    _, text = run
    assert "Skenario rencana: 30 mitra terpilih (penempatan) — bawaan" in text
    head = text[text.index("Skenario rencana:") :]
    assert "Kuota cabang: Bulog Cabang Serang" in head
    assert "Alokasi beras: 50,0 t/minggu (angka Bulog yang dimasukkan)" in head
    for what in ("Harga SPHP:", "Batas pembeli:", "Kalender:"):
        line = next(x for x in head.splitlines() if what in x)
        assert "(sumber: " in line, line
    assert "porsi saluran 6,7 %" in head and "porsi 3,6 %" in head
    assert "dari kebutuhan beras rumah tangga kabupaten" in head
    assert "P10/P50/P90" in text


@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--kuota", "malang", "kuota cabang"),
        ("--harga", "2024", "harga SPHP"),
        ("--batas-pembeli", "5kg", "batas pembeli"),
        ("--kalender", "lebaran", "kalender"),
        ("--skenario", "terbaik", "skenario rencana"),
        ("--alokasi-beras", "0", "alokasi beras"),
        ("--alokasi-beras", "nan", "alokasi beras"),
    ],
)
def test_a_wrong_preset_is_one_galat_line_before_anything_runs(
    capsys, flag, value, words
):
    assert cli.main(["simulate", flag, value]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Galat:") and words in err[0]
    assert captured.out == ""  # nothing was computed


def test_the_help_texts_name_every_preset_key():
    helps = {dest: text for _, dest, text in cli.PRESET_OPTIONS}
    keys = {
        "plan_key": ds.DEFAULT_KEYS,
        "quota": presets.QUOTA_KEYS,
        "prices": presets.PRICE_KEYS,
        "consumer_limit": presets.LIMIT_KEYS,
        "calendar": presets.CALENDAR_KEYS,
    }
    assert set(helps) == set(keys)
    for dest, wanted in keys.items():
        for key in wanted:
            assert key in helps[dest], (dest, key)


def test_options_apply_the_presets_but_keep_a_scenarios_own_quota_and_cap():
    opts = report.ScenarioOptions(
        allocation_rice_t=50,
        quota="tanpa_batas",
        prices="satu_harga_2026",
        consumer_limit="juknis_2025",
        calendar="tanpa_jeda",
    )
    by_key = {sc.key: sc for sc in opts.scenarios()}
    assert list(by_key) == list(ds.DEFAULT_KEYS)
    assert all(sc.allocation_rice_t == 50 for sc in by_key.values())
    assert all(sc.prices == "satu_harga_2026" for sc in by_key.values())
    assert all(sc.calendar == "tanpa_jeda" for sc in by_key.values())
    assert by_key[ds.PLAN_KEY].quota == "tanpa_batas"
    assert by_key["penempatan_serang"].quota == "serang"
    assert by_key["siap_batas_2t"].cap_rice_t == 2.0
    assert by_key[ds.PLAN_KEY].name == "30 mitra terpilih (penempatan)"
    assert opts.plan_scenario().key == ds.PLAN_KEY and not opts.chosen
    chosen = report.ScenarioOptions(plan_key="siap_batas_2t")
    assert chosen.chosen and chosen.plan_scenario().key == "siap_batas_2t"
    name = chosen.plan_scenario().name
    assert report.plan_heading(chosen, name) == (
        "Skenario rencana: Semua koperasi siap, batas 2 t — dipilih perencana"
    )
    plain = report.ScenarioOptions()
    assert plain.scenarios() == ds.default_scenarios()  # nothing chosen: unchanged


def test_the_share_is_said_with_its_anchored_band_never_as_a_coverage():
    from unit.test_distribution import _unbased_percents

    share = presets.band("distribusi.porsi_saluran")[1]
    text = report.share_text(share)
    assert text.startswith("porsi saluran 6,7 % (perkiraan")
    assert "porsi 3,6 %" in text and "porsi 8,5 %" in text
    assert "angka SPHP" in text and "30" not in text
    assert _unbased_percents(text) == []
    half = report.share_text(share / 2)
    assert half.startswith("porsi saluran 3,4 % (ditetapkan skenario")
    assert _unbased_percents(half) == []


def test_simulate_writes_every_output_file_and_the_lpg_case(run):
    out, _ = run
    for name in report.OUTPUT_FILES:
        assert (out / name).is_file(), name
    lpg = pd.read_csv(out / "usaha_lpg.csv")
    net = ds.prepare()
    assert len(lpg) == len(net.koperasi)  # one row per cooperative, none dropped
    assert lpg["keterangan"].fillna("").str.contains("asumsi").all()
    assert (lpg["margin_rp_per_tabung"] == 2000).all()  # Pertamina: Rp2.000/tabung
