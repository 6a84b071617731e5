"""The cooperative's SPHP business case: margin, working capital, break-even, loan.

Per partner of one simulated scenario (issue 12 §4), from what the partner
*sold* over the horizon (:attr:`SimulationResult.mitra` ``terjual_*``, mean
per week) and the scenario's presets (:attr:`Plan.prices`,
:attr:`Plan.quota`):

- *gross margin* per kg = HET − buying price of the scenario's **price
  preset** (``res.plan.prices``: the 2025 zone table or the 2026 single
  price, ``[harga_sphp.*]``), per week and per year (52 weeks). Sugar and
  Minyakita have a HET but no buying price in the parameters: their margin
  is not computed ("harga beli tidak ada di parameter"), never invented;
- *working capital* for one order = the plan's order size
  (``plan.cap[0]``, 2 t under the default quota preset; at most the
  partner's storage when the preset delivers only what the storage holds)
  × buying price (2 t × Rp11,000 = Rp22 m). For the *order cycle*: under a
  cash preset (``plan.quota.cash_bound``, "tunai") one order is paid in
  advance; under "setelah_terjual" (Cabang Serang: pay within
  ``tempo_days`` for what was sold) the cooperative needs ≈ no working
  capital up front (``modal_kerja_siklus_rp`` = 0, said in words);
- *cash path*: from the partner's starting cash
  (``ringkasan["modal_kerja_awal_rp"]``) the simulated rice cash
  (``res.arrays["cash"]``, the partner's weekly ``kas_beras_rp``): its
  lowest value and the weeks in which cash limited the order — a week is
  counted when the partner spent all its cash on the delivery while the
  order size was more than it could pay and its desa had demand;
- *the counter's daily work* (copied from :attr:`SimulationResult.mitra`):
  rice sold per open day, buyers per day (typical purchase and the fewest
  at the consumer limit), counter hours, stock-out weeks, storage;
- *break-even* rice throughput (kg/week) = the monthly fixed costs
  (``[usaha]``: rent, staff, electricity; transport only when
  ``usaha.koperasi_bayar_angkut`` — all ``asumsi`` with a band) × 12/52 ÷
  margin per kg, for the central value and both ends of the band;
- *Himbara loan* (``program.pinjaman_himbara.angka.*``): does the ceiling
  cover the cycle's working capital, and the monthly instalment of a loan of
  that size — interest only in the grace period (``usaha.masa_tenggang_bulan``),
  then an annuity over the rest of the tenor — against the monthly margin.

Every row's ``keterangan`` names the labels it rests on and the price and
quota presets in words.

Examples
--------
>>> from kdkmp_analysis import distribution as ds
>>> net = ds.prepare()                                            # doctest: +SKIP
>>> res = ds.simulate(net, ds.default_scenarios()[4])            # doctest: +SKIP
>>> print(ds.business_summary(ds.business_case(res)))            # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import presets
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    MONTHS_PER_YEAR,
    WEEKS_PER_YEAR,
    commodity,
)
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.plan import Plan
from kdkmp_analysis.distribution.results import SimulationResult, simulate
from kdkmp_analysis.distribution.scenario import Scenario

__all__ = [
    "COUNTER_COLUMNS",
    "FIXED_COST_KEYS",
    "annuity",
    "business_case",
    "business_cases",
    "business_summary",
    "cash_limited_weeks",
    "fixed_costs",
    "order_size_t",
    "plan_prices",
]

#: Monthly fixed costs of one outlet (``[usaha]``, all ``asumsi``).
FIXED_COST_KEYS = (
    "usaha.sewa_rp_bulan",
    "usaha.gaji_staf_rp_bulan",
    "usaha.listrik_rp_bulan",
)
#: The counter's daily work per partner, copied from :attr:`SimulationResult.mitra`.
COUNTER_COLUMNS = (
    "beras_kg_per_hari",
    "pembeli_min_per_hari",
    "pembeli_per_hari",
    "jam_layanan_per_hari",
    "minggu_kehabisan_beras",
    "daya_tampung_t",
)
_LOAN = "program.pinjaman_himbara.angka."
_NO_PRICE = "harga beli tidak ada di parameter"
_RICE = COMMODITIES.index("beras")


def annuity(principal: float, rate_per_year_pct: float, months: int) -> float:
    """Monthly instalment of an annuity loan.

    ``A = P·r / (1 − (1 + r)^−n)`` with the monthly rate ``r`` = yearly % ÷
    1200 and ``n`` months; ``P / n`` when the rate is 0.
    """
    if months <= 0:
        return float("nan")
    r = rate_per_year_pct / 100 / MONTHS_PER_YEAR
    if r == 0:
        return principal / months
    return principal * r / (1 - (1 + r) ** -months)


def fixed_costs() -> dict[str, float]:
    """Monthly fixed costs (Rp): ``nilai``, ``rendah`` and ``tinggi`` (band)."""
    out = {"nilai": 0.0, "rendah": 0.0, "tinggi": 0.0}
    for key in FIXED_COST_KEYS:
        e = params.entry(key)
        lo, hi = e.get("rentang", [e["nilai"], e["nilai"]])
        out["nilai"] += float(e["nilai"])
        out["rendah"] += float(lo)
        out["tinggi"] += float(hi)
    return out


def plan_prices(p: Plan) -> presets.Prices:
    """The plan's price preset (resolved again from the scenario if unset)."""
    if p.prices is not None:
        return p.prices
    return presets.prices(p.scenario.prices, p.network.kabupaten.province_code)


def _margins(p: Plan) -> dict[str, float]:
    """Gross margin per kg or litre (Rp): rice from the price preset, else NaN."""
    return {
        key: float(plan_prices(p).margin) if key == "beras" else float("nan")
        for key in COMMODITIES
    }


def _transport_month(res: SimulationResult, weeks: int) -> np.ndarray:
    """Truck cost per partner and month (Rp) from the nearest warehouse."""
    p = res.plan
    trips = res.mitra["rit"].to_numpy(dtype=float)
    cost = trips * 2 * p.wh_km[:, 0] * p.truck_cost if p.n_partners else trips
    return np.asarray(cost, dtype=float) / weeks * WEEKS_PER_YEAR / MONTHS_PER_YEAR


def business_case(result: SimulationResult | Plan) -> pd.DataFrame:
    """The business case of every partner of one scenario.

    Parameters
    ----------
    result : SimulationResult or Plan
        A simulated scenario (expected case); a :class:`Plan` is simulated
        first.

    Returns
    -------
    pandas.DataFrame
        One row per partner: ``kunci_skenario``, ``skenario``, ``koperasi_id``,
        ``nama_koperasi``, ``nama_desa``, ``nama_kecamatan``,
        ``jumlah_minggu`` (the horizon); per commodity
        the mean weekly volume sold ``terjual_<k>_kg_minggu`` (kg or litre;
        also under its old name ``tersalur_<k>_kg_minggu``: what reached the
        buyers) and ``margin_<k>_rp_per_kg`` (NaN for sugar and oil: no
        buying price); ``diterima_beras_kg_minggu`` (received from Bulog);
        ``harga_beli_rp_per_kg``, ``het_rp_per_kg``; ``margin_rp_minggu``,
        ``margin_rp_bulan``, ``margin_rp_tahun`` (rice); ``kuota_kg_minggu``
        (NaN without a weekly quota), ``ukuran_pesanan_kg``,
        ``modal_kerja_satu_pesanan_rp``, ``modal_kerja_siklus_rp`` (0 when
        paid after sale), ``cara_bayar`` (words); ``modal_kerja_awal_rp``,
        ``kas_terendah_beras_rp``, ``kas_akhir_beras_rp``,
        ``minggu_modal_membatasi``, ``status_modal_kerja`` (words); the
        counter's daily work (:data:`COUNTER_COLUMNS`);
        ``biaya_tetap_rp_bulan`` (+ ``_rendah``, ``_tinggi``),
        ``biaya_angkut_rp_bulan``; ``titik_impas_kg_minggu`` (+ ``_rendah``,
        ``_tinggi``), ``laba_bersih_rp_bulan``, ``status_titik_impas``
        (words); ``pinjaman_rp``, ``pinjaman_menutup_modal`` (bool),
        ``bunga_masa_tenggang_rp_bulan``, ``angsuran_rp_bulan``,
        ``angsuran_persen_margin``; ``keterangan``. ``attrs["keterangan"]``
        holds the same labels once; ``attrs["tak_terpenuhi_modal_beras_t"]``
        the scenario's rice demand left unmet for lack of cash.
    """
    res = (
        result
        if isinstance(result, SimulationResult)
        else simulate(result.network, result)
    )
    p = res.plan
    weeks = int(res.ringkasan["minggu"])
    m = res.mitra
    margin = _margins(p)
    out = m[["koperasi_id", "nama_koperasi", "nama_desa", "nama_kecamatan"]].copy()
    out.insert(0, "skenario", p.scenario.name)
    out.insert(0, "kunci_skenario", p.scenario.key)
    out["jumlah_minggu"] = weeks
    for key in COMMODITIES:
        unit = commodity(key).unit  # t → kg, kl → litre: × 1000
        vol = m[f"terjual_{key}_{unit}"].to_numpy(dtype=float) / weeks * 1000.0
        out[f"terjual_{key}_kg_minggu"] = vol
        out[f"tersalur_{key}_kg_minggu"] = vol  # old name: sold = reached buyers
        out[f"margin_{key}_rp_per_kg"] = margin[key]
    out["diterima_beras_kg_minggu"] = (
        m["diterima_beras_t"].to_numpy(dtype=float) / weeks * 1000.0
    )
    out["harga_beli_rp_per_kg"] = float(plan_prices(p).buy)
    out["het_rp_per_kg"] = float(plan_prices(p).het)
    week = out["terjual_beras_kg_minggu"].to_numpy() * margin["beras"]
    out["margin_rp_minggu"] = week
    out["margin_rp_bulan"] = week * WEEKS_PER_YEAR / MONTHS_PER_YEAR
    out["margin_rp_tahun"] = week * WEEKS_PER_YEAR
    out = _working_capital(out, p)
    out = _cash_path(out, res)
    for col in COUNTER_COLUMNS:
        out[col] = m[col].to_numpy(dtype=float)
    out = _break_even(out, res, weeks, margin["beras"])
    out = _loan(out)
    label = _labels(res)
    out["keterangan"] = label
    out.attrs["keterangan"] = label
    out.attrs["tak_terpenuhi_modal_beras_t"] = float(
        res.ringkasan.get("tak_terpenuhi_modal_beras_t", 0.0)
    )
    return out.reset_index(drop=True)


def business_cases(
    network: Network,
    scenarios: Sequence[Scenario],
    skipped: Collection[str] = (),
) -> pd.DataFrame:
    """:func:`business_case` of every scenario not in ``skipped``, stacked.

    ``skipped`` holds the keys of scenarios that cannot be evaluated
    (``compare(...)[0].attrs["tidak_dinilai"]``). This is ``usaha_koperasi.csv``.
    """
    parts = [
        business_case(simulate(network, sc))
        for sc in scenarios
        if sc.key not in skipped
    ]
    if not parts:
        return pd.DataFrame(columns=["kunci_skenario", "skenario", "keterangan"])
    out = pd.concat(parts, ignore_index=True)
    out.attrs["keterangan"] = parts[0].attrs["keterangan"]
    return out


# ---------------------------------------------------------------------------
# Working capital and the cash path
# ---------------------------------------------------------------------------
def order_size_t(p: Plan) -> np.ndarray:
    """Rice order size per partner (t): ``plan.cap[0]``, within storage if the preset says.

    Under a preset that delivers at most the cooperative's storage
    (``hanya_gudang``, e.g. "tanpa batas") the order is the partner's
    storage; an unlimited order size without that rule is read the same way.
    """
    cap = float(p.cap[_RICE])
    storage = np.asarray(p.storage, dtype=float)
    if (p.quota is not None and p.quota.storage_only) or math.isinf(cap):
        return np.minimum(cap, storage)
    return np.full(p.n_partners, cap)


def _pay_words(p: Plan) -> str:
    """How the partner pays Bulog under the scenario's quota preset (Indonesian)."""
    q = p.quota
    if q is None or q.cash_bound:
        return "tunai: satu pesanan dibayar di muka"
    return (
        f"membayar dalam {q.tempo_days} hari untuk yang terjual: modal kerja di "
        "muka hampir nol"
    )


def _working_capital(out: pd.DataFrame, p: Plan) -> pd.DataFrame:
    buy = float(plan_prices(p).buy)
    order_kg = order_size_t(p) * 1000.0
    week_q = float(p.week_q[_RICE]) if p.week_q is not None else float(p.cap[_RICE])
    out["kuota_kg_minggu"] = week_q * 1000.0 if math.isfinite(week_q) else np.nan
    out["ukuran_pesanan_kg"] = order_kg
    out["modal_kerja_satu_pesanan_rp"] = order_kg * buy
    cash_bound = p.quota is None or p.quota.cash_bound
    # cash: one order paid in advance; after sale: ≈ nothing up front
    out["modal_kerja_siklus_rp"] = order_kg * buy if cash_bound else 0.0
    out["cara_bayar"] = _pay_words(p)
    return out


def cash_limited_weeks(res: SimulationResult) -> np.ndarray:
    """Weeks in which cash limited each partner's rice order, ``(P,)``.

    A week counts when the preset is cash-bound, the partner's desa had
    demand, the cash it held before the order paid for less than the order
    size, and it spent all of it on that week's delivery (the model cut the
    order to :math:`\\text{cash} / \\text{buying price}`).
    """
    p = res.plan
    a = res.arrays
    if (p.quota is not None and not p.quota.cash_bound) or not p.n_partners:
        return np.zeros(p.n_partners, dtype=int)
    buy = float(plan_prices(p).buy) * 1000.0  # Rp per t
    cash = a["cash"][0]  # (T, P) after each week
    start = np.full((1, p.n_partners), float(res.ringkasan["modal_kerja_awal_rp"]))
    before = np.maximum(np.concatenate([start, cash[:-1]], axis=0), 0.0)
    got = a["received"][0, :, _RICE, :].astype(float)
    asked = a["request"][0, :, _RICE, :] > 0
    order_t = order_size_t(p)[None, :]
    afford = before / buy
    spent_all = got * buy >= before * (1 - 1e-9) - 1.0
    limited = asked & (afford < order_t - 1e-9) & spent_all
    return limited.sum(axis=0).astype(int)


def _cash_path(out: pd.DataFrame, res: SimulationResult) -> pd.DataFrame:
    p = res.plan
    cash0 = float(res.ringkasan["modal_kerja_awal_rp"])
    cash = res.arrays["cash"][0]  # (T, P)
    out["modal_kerja_awal_rp"] = cash0
    low = np.minimum(cash.min(axis=0), cash0) if cash.size else np.full(len(out), cash0)
    out["kas_terendah_beras_rp"] = low
    out["kas_akhir_beras_rp"] = res.mitra["kas_akhir_beras_rp"].to_numpy(dtype=float)
    n_lim = cash_limited_weeks(res)
    out["minggu_modal_membatasi"] = n_lim
    weeks = int(res.ringkasan["minggu"])
    if p.quota is not None and not p.quota.cash_bound:
        words = [
            f"bayar setelah terjual (tempo {p.quota.tempo_days} hari): modal kerja di "
            "muka ≈ 0, kas tidak membatasi pesanan"
        ] * len(out)
    else:
        words = [
            f"modal awal Rp{angka(cash0)} (asumsi) cukup: kas tidak pernah membatasi "
            "pesanan"
            if n == 0
            else f"kas membatasi pesanan pada {n} dari {weeks} minggu (modal awal "
            f"Rp{angka(cash0)}, asumsi)"
            for n in n_lim
        ]
    out["status_modal_kerja"] = words
    return out


# ---------------------------------------------------------------------------
# Break-even and the loan
# ---------------------------------------------------------------------------
def _break_even(
    out: pd.DataFrame, res: SimulationResult, weeks: int, m_kg: float
) -> pd.DataFrame:
    fc = fixed_costs()
    pays = bool(params.value("usaha.koperasi_bayar_angkut"))
    haul = _transport_month(res, weeks)
    out["biaya_angkut_rp_bulan"] = haul
    charged = haul if pays else np.zeros(len(out))
    per_week = WEEKS_PER_YEAR / MONTHS_PER_YEAR  # weeks per month
    for suffix, band in (("", "nilai"), ("_rendah", "rendah"), ("_tinggi", "tinggi")):
        cost = fc[band] + charged
        out[f"biaya_tetap_rp_bulan{suffix}"] = fc[band]
        out[f"titik_impas_kg_minggu{suffix}"] = cost / per_week / m_kg
    out["laba_bersih_rp_bulan"] = out["margin_rp_bulan"] - fc["nilai"] - charged
    out["status_titik_impas"] = [
        _status(v, lo, mid, hi, cap)
        for v, lo, mid, hi, cap in zip(
            out["terjual_beras_kg_minggu"],
            out["titik_impas_kg_minggu_rendah"],
            out["titik_impas_kg_minggu"],
            out["titik_impas_kg_minggu_tinggi"],
            out["kuota_kg_minggu"],
            strict=True,
        )
    ]
    return out


def _status(kg: float, lo: float, mid: float, hi: float, quota: float) -> str:
    """Break-even in words for one partner (Indonesian); ``quota`` NaN = none."""
    if not kg > 0:
        return "tidak ada penjualan beras: tidak ada margin, titik impas tidak tercapai"
    if mid > quota:
        return (
            f"titik impas {angka(mid)} kg/minggu di atas kuota "
            f"{angka(quota)} kg/minggu: tidak tercapai dengan beras SPHP saja"
        )
    if kg >= hi:
        return "di atas titik impas, juga dengan biaya tetap tertinggi (asumsi)"
    if kg >= mid:
        return "di atas titik impas dengan biaya tetap tengah (asumsi); belum dengan yang tertinggi"
    if kg >= lo:
        return "di bawah titik impas dengan biaya tetap tengah (asumsi); impas hanya dengan biaya terendah"
    return "di bawah titik impas, juga dengan biaya tetap terendah (asumsi)"


def _loan(out: pd.DataFrame) -> pd.DataFrame:
    ceiling = float(params.value(_LOAN + "plafon_maks"))
    rate = float(params.value(_LOAN + "bunga_per_tahun"))
    tenor = int(params.value(_LOAN + "tenor_maks_bulan"))
    grace = int(params.value("usaha.masa_tenggang_bulan"))
    need = out["modal_kerja_siklus_rp"].to_numpy(dtype=float)
    loan = np.minimum(need, ceiling)
    out["pinjaman_rp"] = loan
    out["pinjaman_menutup_modal"] = need <= ceiling
    out["bunga_masa_tenggang_rp_bulan"] = loan * rate / 100 / MONTHS_PER_YEAR
    inst = np.array([annuity(v, rate, tenor - grace) for v in loan])
    out["angsuran_rp_bulan"] = inst
    marg = out["margin_rp_bulan"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["angsuran_persen_margin"] = np.where(marg > 0, 100 * inst / marg, np.nan)
    return out


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------
def _labels(res: SimulationResult) -> str:
    """The labels every row of the business case rests on (Indonesian)."""
    p = res.plan
    pays = bool(params.value("usaha.koperasi_bayar_angkut"))
    grace = params.entry("usaha.masa_tenggang_bulan")
    pr = plan_prices(p)
    price_state = "" if pr.status == "data" else f", {pr.status}"
    quota = p.quota.describe() if p.quota is not None else "batas per mitra"
    if p.scenario.cap_rice_t is not None:
        quota = f"batas per mitra {angka(float(p.cap[_RICE]), 1)} t ditetapkan skenario"
    parts = [
        "volume terjual perkiraan model (rata-rata mingguan)",
        p.network.label,
        f"harga: {pr.name} — beli Rp{angka(pr.buy)}/kg, HET Rp{angka(pr.het)}/kg "
        f"(zona {pr.zone}; sumber: {presets.source_title(pr.source)}{price_state}); "
        "margin = HET − harga beli",
        f"kuota: {quota}; {_pay_words(p)}"
        + (f" ({p.quota_note})" if p.quota_note else ""),
        f"gula dan Minyakita: {_NO_PRICE}, margin tidak dihitung",
        f"modal kerja awal Rp{angka(float(res.ringkasan['modal_kerja_awal_rp']))} "
        "per mitra (asumsi)",
        "biaya tetap (sewa, staf, listrik) ASUMSI dengan rentang rendah–tinggi",
        "biaya angkut dibayar koperasi (asumsi)"
        if pays
        else "biaya angkut tidak dibebankan ke koperasi (asumsi); biaya angkut "
        "per bulan = perkiraan jika koperasi membayar (truk untuk ketiga "
        "komoditas, dibandingkan dengan margin beras saja)",
        "pelayanan per hari: hari buka, pembelian tipikal dan menit per pembeli asumsi",
        f"pinjaman Himbara ({_loan_source()}): "
        f"masa tenggang {grace['nilai']} bulan (rentang {grace['rentang'][0]}–"
        f"{grace['rentang'][1]}) bunga saja, lalu anuitas",
    ]
    return "; ".join(parts)


def _median_partner(df: pd.DataFrame) -> pd.Series:
    """The partner with the median weekly rice sales (lower median)."""
    ranked = df.sort_values(["terjual_beras_kg_minggu", "koperasi_id"], kind="stable")
    return ranked.iloc[(len(ranked) - 1) // 2]


def _loan_source() -> str:
    """The loan rule's source in words ("PMK 49/2025 (Inpres 9/2025)"), not its key."""
    src = params.source(params.entry(_LOAN + "plafon_maks")["sumber"])
    return str(src.get("judul_singkat") or src["judul"].split(":")[0])


def _rp(x: float) -> str:
    """Rupiah in Indonesian format; a loss as "−Rp350.958", never "Rp-350.958"."""
    if math.isnan(x):
        return "–"
    return f"−Rp{angka(-x)}" if x < 0 else f"Rp{angka(x)}"


# ---------------------------------------------------------------------------
# Summary: "Apakah usaha SPHP layak untuk koperasi ini?"
# ---------------------------------------------------------------------------
def business_summary(df: pd.DataFrame) -> str:
    """Answer "Apakah usaha SPHP layak untuk koperasi ini?" for the median partner.

    Parameters
    ----------
    df : pandas.DataFrame
        From :func:`business_case` (one or more scenarios; one paragraph
        per scenario).

    Returns
    -------
    str
        Indonesian text, numbers in Indonesian format, assumptions labelled.
    """
    if df.empty:
        return (
            "Apakah usaha SPHP layak untuk koperasi ini? Tidak dapat dinilai: "
            "skenario ini tidak punya mitra."
        )
    paras = [_one_summary(g) for _, g in df.groupby("kunci_skenario", sort=False)]
    return "\n\n".join(paras)


def _verdict(rows: dict[str, Any], m_kg: float) -> str:
    if rows["laba_bersih_rp_bulan"] <= 0:
        return "Belum"
    if _realised_margin(m_kg) > rows["biaya_tetap_rp_bulan"]:
        return "Ya, pada volume model dan pada laju realisasi, dengan asumsi biaya tetap tengah"
    return (
        "Hanya bila penjualannya mendekati volume model; pada laju realisasi "
        "kanal koperasi 2025 belum impas (asumsi biaya tetap tengah)"
    )


def _one_summary(g: pd.DataFrame) -> str:
    med = _median_partner(g)
    rows: dict[str, Any] = {c: float(med[c]) for c in _SUMMARY_COLS}
    n = len(g)
    n_ok = int((g["laba_bersih_rp_bulan"] > 0).sum())
    n_none = int((g["terjual_beras_kg_minggu"] <= 0).sum())
    m_kg = float(g["margin_beras_rp_per_kg"].iloc[0])
    kg = rows["terjual_beras_kg_minggu"]
    return (
        f"Apakah usaha SPHP layak untuk koperasi ini? {_verdict(rows, m_kg)} "
        f"({g['skenario'].iloc[0]}; mitra median {med['nama_koperasi']}). Margin kotor beras SPHP "
        f"Rp{angka(m_kg)}/kg (HET Rp{angka(rows['het_rp_per_kg'])} − harga beli "
        f"Rp{angka(rows['harga_beli_rp_per_kg'])}); mitra median menjual "
        f"{angka(kg)} kg/minggu (perkiraan), margin Rp{angka(rows['margin_rp_bulan'])}"
        f"/bulan atau Rp{angka(rows['margin_rp_tahun'])}/tahun. Biaya tetap "
        f"(ASUMSI) Rp{angka(rows['biaya_tetap_rp_bulan'])}/bulan (rentang "
        f"Rp{angka(rows['biaya_tetap_rp_bulan_rendah'])}–"
        f"Rp{angka(rows['biaya_tetap_rp_bulan_tinggi'])}): titik impas "
        f"{angka(rows['titik_impas_kg_minggu'])} kg/minggu (rentang "
        f"{angka(rows['titik_impas_kg_minggu_rendah'])}–"
        f"{angka(rows['titik_impas_kg_minggu_tinggi'])}); laba bersih "
        f"{_rp(rows['laba_bersih_rp_bulan'])}/bulan. {n_ok} dari {n} mitra "
        "di atas titik impas"
        + (f", {n_none} tidak menjual apa pun" if n_none else "")
        + f". {_capital_note(g, rows)}{_counter_note(rows, g)}"
        f"{_haul_note(g)}{_realised_note(m_kg, rows)}Gula dan Minyakita: "
        f"{_NO_PRICE}, margin tidak dihitung."
    )


def _capital_note(g: pd.DataFrame, rows: dict[str, Any]) -> str:
    """Working capital, the cash path and the loan, by the payment preset."""
    one = (
        f"Modal kerja satu pesanan ({angka(rows['ukuran_pesanan_kg'])} kg × harga "
        f"beli) Rp{angka(rows['modal_kerja_satu_pesanan_rp'])}"
    )
    if not (g["modal_kerja_siklus_rp"] > 0).any():
        return (
            f"{one}, tetapi dengan kuota ini koperasi {g['cara_bayar'].iloc[0]}, "
            "jadi tidak perlu pinjaman modal kerja. "
        )
    covers = bool(g["pinjaman_menutup_modal"].all())
    n_short = int((g["minggu_modal_membatasi"] > 0).sum())
    cash0 = float(g["modal_kerja_awal_rp"].iloc[0])
    unmet = float(g.attrs.get("tak_terpenuhi_modal_beras_t", 0.0))
    short = (
        "kas mitra tidak pernah membatasi pesanan"
        if n_short == 0
        else f"kas membatasi pesanan pada {n_short} dari {len(g)} mitra"
        + (f" ({angka(unmet, 1)} t permintaan tak terpenuhi)" if unmet > 0 else "")
    )
    pct = rows["angsuran_persen_margin"]
    return (
        f"{one}; pembayaran tunai, jadi satu siklus pesanan perlu satu pesanan "
        f"dibayar di muka. Dengan modal awal Rp{angka(cash0)} (asumsi) {short}. "
        + (
            "Pinjaman Himbara menutupnya"
            if covers
            else "Pinjaman Himbara TIDAK menutupnya untuk semua mitra"
        )
        + f", angsuran {_rp(rows['angsuran_rp_bulan'])}/bulan setelah masa tenggang"
        + (
            " (mitra median tanpa margin). "
            if math.isnan(pct)
            else f" = {angka(pct, 1)} % dari margin bulanan. "
        )
    )


def _counter_note(rows: dict[str, Any], g: pd.DataFrame) -> str:
    """The median partner's counter work per open day (asumsi)."""
    return (
        f"Di loket, mitra median menjual ≈ {angka(rows['beras_kg_per_hari'])} kg/hari "
        f"buka: ≈ {angka(rows['pembeli_per_hari'])} pembeli/hari dengan pembelian "
        f"tipikal (paling sedikit {angka(rows['pembeli_min_per_hari'])} pada batas "
        f"per pembeli), ≈ {angka(rows['jam_layanan_per_hari'], 1)} jam layanan/hari "
        f"(asumsi); permintaan tidak terpenuhi penuh pada "
        f"{angka(rows['minggu_kehabisan_beras'])} dari "
        f"{angka(float(g['jumlah_minggu'].iloc[0]))} minggu. "
    )


def _realised_margin(margin_kg: float) -> float:
    """Monthly rice margin at the realised KDKMP-channel rate (Rp)."""
    return margin_kg * float(params.value("usaha.volume_realisasi_kg_minggu")) * 52 / 12


def _realised_note(margin_kg: float, rows: dict[str, Any]) -> str:
    """The same partner at the realised KDKMP-channel rate (a cited range)."""
    key = "usaha.volume_realisasi_kg_minggu"
    kg = float(params.value(key))
    lo, hi = (float(v) for v in params.entry(key)["rentang"])
    month = _realised_margin(margin_kg)
    fixed = rows["biaya_tetap_rp_bulan"]
    verdict = "di atas" if month > fixed else "di bawah"
    return (
        f"Volume di atas adalah hasil model (porsi saluran perkiraan); pada laju "
        f"realisasi kanal koperasi ≈ {angka(kg)} kg/minggu per koperasi (rentang "
        f"{angka(lo)}–{angka(hi)}, perkiraan dari 705 t lewat 248 koperasi s.d. "
        f"15 Sep 2025) margin Rp{angka(month)}/bulan, {verdict} biaya tetap tengah "
        f"Rp{angka(fixed)}/bulan" + ("" if month > fixed else ": belum impas") + ". "
    )


def _haul_note(g: pd.DataFrame) -> str:
    """What the truck would cost the partners if they paid (perkiraan)."""
    if bool(params.value("usaha.koperasi_bayar_angkut")):
        return "Biaya angkut dibayar koperasi (asumsi), sudah dihitung. "
    haul = g["biaya_angkut_rp_bulan"].to_numpy(dtype=float)
    net = g["laba_bersih_rp_bulan"].to_numpy(dtype=float) - haul
    return (
        "Biaya angkut dari gudang Bulog tidak dibebankan ke koperasi (asumsi); jika "
        f"koperasi membayar, perkiraan median {_rp(float(np.median(haul)))}/bulan, "
        f"laba bersih median {_rp(float(np.median(net)))}/bulan dan "
        f"{int((net > 0).sum())} dari {len(g)} mitra di atas titik impas. "
    )


_SUMMARY_COLS = (
    "terjual_beras_kg_minggu",
    "harga_beli_rp_per_kg",
    "het_rp_per_kg",
    "margin_rp_bulan",
    "margin_rp_tahun",
    "biaya_tetap_rp_bulan",
    "biaya_tetap_rp_bulan_rendah",
    "biaya_tetap_rp_bulan_tinggi",
    "titik_impas_kg_minggu",
    "titik_impas_kg_minggu_rendah",
    "titik_impas_kg_minggu_tinggi",
    "laba_bersih_rp_bulan",
    "ukuran_pesanan_kg",
    "modal_kerja_satu_pesanan_rp",
    "angsuran_rp_bulan",
    "angsuran_persen_margin",
    *COUNTER_COLUMNS,
)
