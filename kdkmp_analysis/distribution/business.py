"""The cooperative's SPHP business case: margin, working capital, break-even, loan.

Per partner of one simulated scenario (issue 12 §4), from the partner's
weekly delivered volume (:attr:`SimulationResult.mitra`, mean over the
horizon) and the prices in ``data/parameter.toml``:

- *gross margin* per kg = HET − buying price (``bulog.het_beras`` −
  ``bulog.harga_beli_beras``), per week and per year (52 weeks). Sugar and
  Minyakita have a HET but no buying price in the parameters: their margin
  is not computed ("harga beli tidak ada di parameter"), never invented;
- *working capital* for one order = order size (the partner's weekly cap,
  2 t) × buying price. The parameters hold no payment tempo, so the order
  cycle needs one order paid in advance;
- *break-even* rice throughput (kg/week) = the monthly fixed costs
  (``[usaha]``: rent, staff, electricity; transport only when
  ``usaha.koperasi_bayar_angkut`` — all ``asumsi`` with a band) × 12/52 ÷
  margin per kg, for the central value and both ends of the band;
- *Himbara loan* (``program.pinjaman_himbara.angka.*``): does the ceiling
  cover the cycle's working capital, and the monthly instalment of a loan of
  that size — interest only in the grace period (``usaha.masa_tenggang_bulan``),
  then an annuity over the rest of the tenor — against the monthly margin.

Every row's ``keterangan`` names the labels it rests on.

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
    "FIXED_COST_KEYS",
    "annuity",
    "business_case",
    "business_cases",
    "business_summary",
    "fixed_costs",
]

#: Monthly fixed costs of one outlet (``[usaha]``, all ``asumsi``).
FIXED_COST_KEYS = (
    "usaha.sewa_rp_bulan",
    "usaha.gaji_staf_rp_bulan",
    "usaha.listrik_rp_bulan",
)
_HET = {"beras": "bulog.het_beras", "gula": "bulog.het_gula"}
_HET["minyak_goreng"] = "bulog.het_minyakita"
_BUY = {"beras": "bulog.harga_beli_beras"}  # sugar and oil: none in the file
_LOAN = "program.pinjaman_himbara.angka."
_NO_PRICE = "harga beli tidak ada di parameter"


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


def _margins() -> dict[str, float]:
    """Gross margin per kg or litre (Rp); NaN where no buying price exists."""
    return {
        key: float(params.value(_HET[key])) - float(params.value(_BUY[key]))
        if key in _BUY
        else float("nan")
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
        ``nama_koperasi``, ``nama_desa``, ``nama_kecamatan``; per commodity
        the mean weekly volume ``tersalur_<k>_kg_minggu`` (kg or litre) and
        ``margin_<k>_rp_per_kg`` (NaN for sugar and oil: no buying price);
        ``margin_rp_minggu``, ``margin_rp_bulan``, ``margin_rp_tahun``
        (rice); ``ukuran_pesanan_kg``, ``modal_kerja_satu_pesanan_rp``,
        ``modal_kerja_siklus_rp``; ``biaya_tetap_rp_bulan`` (+ ``_rendah``,
        ``_tinggi``), ``biaya_angkut_rp_bulan``; ``titik_impas_kg_minggu``
        (+ ``_rendah``, ``_tinggi``), ``laba_bersih_rp_bulan``,
        ``status_titik_impas`` (words); ``pinjaman_rp``,
        ``pinjaman_menutup_modal`` (bool), ``bunga_masa_tenggang_rp_bulan``,
        ``angsuran_rp_bulan``, ``angsuran_persen_margin``; ``keterangan``.
        ``attrs["keterangan"]`` holds the same labels once.
    """
    res = (
        result
        if isinstance(result, SimulationResult)
        else simulate(result.network, result)
    )
    p = res.plan
    weeks = int(res.ringkasan["minggu"])
    m = res.mitra
    margin = _margins()
    out = m[["koperasi_id", "nama_koperasi", "nama_desa", "nama_kecamatan"]].copy()
    out.insert(0, "skenario", p.scenario.name)
    out.insert(0, "kunci_skenario", p.scenario.key)
    for key in COMMODITIES:
        c = commodity(key)
        per_unit = 1000.0  # t → kg, kl → litre
        vol = m[f"diterima_{key}_{c.unit}"].to_numpy(dtype=float) / weeks * per_unit
        out[f"tersalur_{key}_kg_minggu"] = vol
        out[f"margin_{key}_rp_per_kg"] = margin[key]
    rice_kg = out["tersalur_beras_kg_minggu"].to_numpy()
    m_kg = margin["beras"]
    week = rice_kg * m_kg
    out["margin_rp_minggu"] = week
    out["margin_rp_bulan"] = week * WEEKS_PER_YEAR / MONTHS_PER_YEAR
    out["margin_rp_tahun"] = week * WEEKS_PER_YEAR
    buy = float(params.value(_BUY["beras"]))
    order_kg = float(p.cap[COMMODITIES.index("beras")]) * 1000.0
    out["ukuran_pesanan_kg"] = order_kg
    out["modal_kerja_satu_pesanan_rp"] = order_kg * buy
    out["modal_kerja_siklus_rp"] = order_kg * buy  # no tempo: one order in advance
    out = _break_even(out, res, weeks, m_kg)
    out = _loan(out)
    label = _labels(res)
    out["keterangan"] = label
    out.attrs["keterangan"] = label
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
            out["tersalur_beras_kg_minggu"],
            out["titik_impas_kg_minggu_rendah"],
            out["titik_impas_kg_minggu"],
            out["titik_impas_kg_minggu_tinggi"],
            out["ukuran_pesanan_kg"],
            strict=True,
        )
    ]
    return out


def _status(kg: float, lo: float, mid: float, hi: float, cap: float) -> str:
    """Break-even in words for one partner (Indonesian)."""
    if not kg > 0:
        return "tidak ada penjualan beras: tidak ada margin, titik impas tidak tercapai"
    if mid > cap:
        return (
            f"titik impas {angka(mid)} kg/minggu di atas batas pesanan "
            f"{angka(cap)} kg: tidak tercapai dengan beras SPHP saja"
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


def _labels(res: SimulationResult) -> str:
    """The labels every row of the business case rests on (Indonesian)."""
    pays = bool(params.value("usaha.koperasi_bayar_angkut"))
    grace = params.entry("usaha.masa_tenggang_bulan")
    parts = [
        "volume tersalur perkiraan model (rata-rata mingguan)",
        res.plan.network.label,
        "margin = HET − harga beli (bulog.het_beras − bulog.harga_beli_beras, "
        f"{params.source(params.entry('bulog.het_beras')['sumber'])['tanggal']})",
        f"gula dan Minyakita: {_NO_PRICE}, margin tidak dihitung",
        "biaya tetap (sewa, staf, listrik) ASUMSI dengan rentang rendah–tinggi",
        "biaya angkut dibayar koperasi (asumsi)"
        if pays
        else "biaya angkut tidak dibebankan ke koperasi (asumsi); biaya angkut "
        "per bulan = perkiraan jika koperasi membayar (truk untuk ketiga "
        "komoditas, dibandingkan dengan margin beras saja)",
        "tempo bayar tidak ada di parameter: modal kerja siklus = satu pesanan "
        "dibayar di muka",
        f"pinjaman Himbara ({_loan_source()}): "
        f"masa tenggang {grace['nilai']} bulan (rentang {grace['rentang'][0]}–"
        f"{grace['rentang'][1]}) bunga saja, lalu anuitas",
    ]
    return "; ".join(parts)


def _median_partner(df: pd.DataFrame) -> pd.Series:
    """The partner with the median weekly rice volume (lower median)."""
    ranked = df.sort_values(["tersalur_beras_kg_minggu", "koperasi_id"], kind="stable")
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


def _one_summary(g: pd.DataFrame) -> str:
    med = _median_partner(g)
    rows: dict[str, Any] = {c: float(med[c]) for c in _SUMMARY_COLS}
    n = len(g)
    n_ok = int((g["laba_bersih_rp_bulan"] > 0).sum())
    n_none = int((g["tersalur_beras_kg_minggu"] <= 0).sum())
    m_kg = float(g["margin_beras_rp_per_kg"].iloc[0])
    covers = bool(g["pinjaman_menutup_modal"].all())
    kg = rows["tersalur_beras_kg_minggu"]
    realised_ok = _realised_margin(m_kg) > rows["biaya_tetap_rp_bulan"]
    if rows["laba_bersih_rp_bulan"] <= 0:
        verdict = "Belum"
    elif realised_ok:
        verdict = "Ya, pada volume model dan pada laju realisasi, dengan asumsi biaya tetap tengah"
    else:
        verdict = (
            "Hanya bila penjualannya mendekati volume model; pada laju realisasi "
            "kanal koperasi 2025 belum impas (asumsi biaya tetap tengah)"
        )
    text = (
        f"Apakah usaha SPHP layak untuk koperasi ini? {verdict} "
        f"({g['skenario'].iloc[0]}; mitra median {med['nama_koperasi']}). Margin kotor beras SPHP "
        f"Rp{angka(m_kg)}/kg (HET − harga beli); mitra median menyalurkan "
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
        + (f", {n_none} tidak menyalurkan apa pun" if n_none else "")
        + f". Modal kerja satu pesanan ({angka(rows['ukuran_pesanan_kg'])} kg × "
        f"harga beli) Rp{angka(rows['modal_kerja_satu_pesanan_rp'])}; "
        + (
            "pinjaman Himbara menutupnya"
            if covers
            else "pinjaman Himbara TIDAK menutupnya untuk semua mitra"
        )
        + f", angsuran {_rp(rows['angsuran_rp_bulan'])}/bulan setelah masa "
        "tenggang"
        + (
            " (mitra median tanpa margin)"
            if math.isnan(rows["angsuran_persen_margin"])
            else f" = {angka(rows['angsuran_persen_margin'], 1)} % dari margin bulanan"
        )
        + f". {_haul_note(g)}{_realised_note(m_kg, rows)}Gula dan Minyakita: "
        f"{_NO_PRICE}, margin tidak dihitung."
    )
    return text


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
        f"Volume di atas adalah hasil model (porsi saluran asumsi); pada laju "
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
    "tersalur_beras_kg_minggu",
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
)
