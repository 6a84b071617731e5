"""The page "Data yang masih kurang" on hand-built registers (issue 11 §4)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
from helpers import make_register

from kdkmp_analysis import gaps, handouts

BULOG_OK = dict(nib=True, npwp=True)  # badan hukum inferred from NIB


def _an(reg: pd.DataFrame, *, strict: bool = False) -> SimpleNamespace:
    """The parts of :class:`handouts.Analyses` the table reads."""
    ready = gaps.readiness(reg, strict=strict)
    forum = SimpleNamespace(readiness=ready)
    return SimpleNamespace(register=reg, forum=forum, network=None, scenarios=None)


def test_counts_match_the_register_and_rows_are_sorted():
    reg = make_register(
        [
            {**BULOG_OK, "rekening_bank": True, "kapasitas_gudang_t": 6.0},
            {**BULOG_OK},
            {**BULOG_OK, "luas_lahan_m2": 150.0},
            {"npwp": True},  # no NIB known: badan hukum and NIB missing
        ]
    )
    table = handouts.missing_data_table(_an(reg))
    by_key = table.set_index("kolom")
    # cooperatives lacking each column, as in the register (after inference)
    assert by_key.loc["kapasitas_gudang_t", "koperasi_tanpa_data"] == 3
    assert by_key.loc["lahan_siap", "koperasi_tanpa_data"] == 4
    assert by_key.loc["rekening_bank", "koperasi_tanpa_data"] == 3
    assert by_key.loc["badan_hukum", "koperasi_tanpa_data"] == 1
    assert by_key.loc["badan_hukum", "disimpulkan"] == 3
    assert "npwp" not in by_key.index  # nobody lacks it
    # Himbara waits only for the bank account in rows 2 and 3
    assert by_key.loc["rekening_bank", "putusan_terbuka"] == 2
    # Pertashop: row 3 waits for the SPBU distance alone, rows 1, 2 for both,
    # row 4 for both and the NIB
    assert by_key.loc["jarak_spbu_km", "putusan_terbuka"] == 1
    assert by_key.loc["luas_lahan_m2", "putusan_terbuka"] == 0
    assert by_key.loc["luas_lahan_m2", "putusan_bersama"] == 3
    # NIB unknown in row 4: every NIB programme waits for it, some with more
    # (ID Food, 3 banks, PLN; LPG also waits for the SIMKOPDES account)
    assert by_key.loc["nib", "putusan_terbuka"] == 5
    # lahan_siap unlocks nothing any programme needs
    assert by_key.loc["lahan_siap", ["putusan_terbuka", "putusan_bersama"]].sum() == 0
    keys = list(zip(table["putusan_terbuka"], table["skenario_terbuka"], strict=True))
    assert keys == sorted(keys, reverse=True)
    assert table["kolom"].iloc[0] == "nib"
    # planner words: the column's heading and where the data is found, no command
    remedy = by_key.loc["rekening_bank", "cara_mengisi"]
    assert "“Rekening Bank”" in remedy and "templat Dinas" in remedy
    assert "--" not in " ".join(table["cara_mengisi"])
    assert by_key.loc["mitra_bulog", "program"] == "Bulog SPHP (status kemitraan)"


def test_strict_counts_without_inference_and_documents_unlock_nothing():
    reg = make_register([dict(BULOG_OK), dict(BULOG_OK)])
    table = handouts.missing_data_table(_an(reg, strict=True)).set_index("kolom")
    assert table.loc["badan_hukum", "koperasi_tanpa_data"] == 2
    assert table.loc["badan_hukum", "disimpulkan"] == 0
    # strict: Bulog also waits for the KTP (a document), so filling the
    # legal-entity column alone unlocks nothing there
    assert table.loc["badan_hukum", "putusan_terbuka"] == 0
    assert table.loc["badan_hukum", "putusan_bersama"] == 4  # Bulog + Himbara


def test_per_programme_table_names_the_data_to_fill_together():
    reg = make_register([dict(BULOG_OK), dict(BULOG_OK)])
    per = handouts.missing_by_programme(_an(reg)).set_index("program")
    assert per.loc["pertashop", "putusan"] == 2
    assert per.loc["pertashop", "data"] == "Jarak ke SPBU (km) + Luas Lahan (m²)"
    assert "bulog_sphp" not in per.index  # ready on inference


def test_planner_text_has_labels_and_no_flags():
    text = handouts.planner_text(
        "kesiapan Bulog (badan_hukum, nib, npwp) tidak dapat dinilai — lengkapi "
        "statusnya (opsi --kandidat-belum-dinilai, ditandai); kolom mitra_bulog kosong"
    )
    assert "--" not in text and "_" not in text
    assert "Badan Hukum (AHU), NIB, NPWP" in text
    assert "Mitra Perum Bulog" in text
    assert "“Data yang masih kurang”" in text
