"""Words and per-partner figures that describe a scenario run.

:func:`scenario_terms` names the presets and central assumptions a result
rests on; :func:`partner_notes` the unknown statuses behind its partners;
:func:`counter_work` each partner's storage, stock-outs, cash and the
counter's daily work (sales per day, buyers, hours).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.plan import Plan

__all__ = ["counter_work", "partner_notes", "scenario_terms"]


def scenario_terms(p: Plan) -> dict[str, Any]:
    """The scenario's presets and central assumptions, in words."""
    q, k = p.quota, p.knobs
    band = p.alloc_band[0]
    alloc = (
        f"{angka(band[1], 1)} t/minggu (angka Bulog yang dimasukkan)"
        if band[0] == band[2]
        else f"{angka(band[1], 1)} t/minggu (rentang {angka(band[0], 1)}–"
        f"{angka(band[2], 1)}, perkiraan porsi penduduk dari target SPHP)"
    )
    rice = "batas per mitra ditetapkan skenario" if p.scenario.cap_rice_t else q.name
    return {
        "kuota_cabang": q.key,
        "kuota_cabang_teks": f"{rice}; {p.quota_note}" if p.quota_note else rice,
        "harga_sphp": f"{p.prices.name}: beli Rp{angka(p.prices.buy, 0)}/kg, HET "
        f"Rp{angka(p.prices.het, 0)}/kg (zona {p.prices.zone})",
        "batas_pembeli": p.limit_name,
        "kalender": p.calendar.name,
        "alokasi_beras_teks": alloc,
        "alokasi_beras_t_minggu": float(band[1]),
        "porsi_mitra_beroperasi": float(k["operating"]),
        "modal_kerja_awal_rp": float(k["cash0"]),
    }


def partner_notes(p: Plan) -> str:
    """Indonesian note on unknown statuses behind a scenario's partners."""
    kop = p.network.koperasi
    sc = p.scenario
    mode = sc.partners
    notes = []
    n_mitra_na = int(kop["mitra_bulog"].isna().sum())
    if n_mitra_na and (mode == "current" or (mode == "sited" and sc.keep_existing)):
        notes.append(
            f"status mitra Bulog tidak diketahui untuk {n_mitra_na} koperasi "
            "(tidak dihitung sebagai mitra)"
        )
    uses_ready = mode == "ready" or (
        mode == "sited" and sc.siting_candidates == "ready"
    )
    n_ready_na = int(kop["siap_bulog"].isna().sum())
    if uses_ready and n_ready_na:
        if sc.include_unassessed:
            notes.append(
                f"{n_ready_na} koperasi yang kesiapan Bulog-nya belum dapat "
                "dinilai DIANGGAP siap (asumsi)"
            )
        else:
            notes.append(
                f"{n_ready_na} koperasi yang kesiapan Bulog-nya belum dapat "
                "dinilai tidak dihitung"
            )
    return "; ".join(notes)


def counter_work(p: Plan, a: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per partner: storage, stock-outs, cash, and the counter's daily work.

    Rice sold per open day, the buyers that takes at the consumer limit (the
    fewest possible) and at a typical purchase, and the counter hours at the
    minutes per buyer (``distribusi.*``, asumsi).
    """
    weeks = a["sales"].shape[1]
    days = float(params.value("distribusi.hari_buka_per_minggu"))
    typical = float(params.value("distribusi.pembelian_tipikal_kg"))
    minutes = float(params.value("distribusi.menit_per_pembeli"))
    kg_day = a["sales"][0, :, 0, :].sum(axis=0) / weeks * 1000.0 / days
    buyers = kg_day / typical
    return {
        "beroperasi": a["operate"][0] if "operate" in a else np.ones(p.n_partners),
        "daya_tampung_t": p.storage,
        "minggu_kehabisan_beras": a["stockout_p"][0, 0],
        "kas_akhir_beras_rp": a["cash"][0, -1] if weeks else np.zeros(p.n_partners),
        "beras_kg_per_hari": kg_day,
        "pembeli_min_per_hari": kg_day / p.limit_kg,
        "pembeli_per_hari": buyers,
        "jam_layanan_per_hari": buyers * minutes / 60.0,
    }
