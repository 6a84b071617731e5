"""Results of a scenario: tables, summary, what limits the need, map joins.

:func:`simulate` runs one scenario with full detail and returns a
:class:`SimulationResult` (per desa, partner, kecamatan and warehouse, and a
summary that names what leaves need unmet). :func:`compare` runs several
side by side, indexed by their stable keys. :func:`kecamatan_layer` and
:func:`partner_roles` join a result to polygons and to the register for maps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params, provenance
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.describe import (
    counter_work,
    partner_notes,
    scenario_terms,
)
from kdkmp_analysis.distribution.model import Uncertainty, draw, weekly_model
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.plan import Plan, plan
from kdkmp_analysis.distribution.scenario import Scenario, ScenarioMap, scenario_problem

if TYPE_CHECKING:
    import geopandas as gpd

    from kdkmp_analysis.distribution.montecarlo import MonteCarloResult

__all__ = [
    "ACCESS_LABEL",
    "BASE_CHANNEL",
    "BASE_HOUSEHOLD",
    "LIMITS",
    "SCENARIO_INDEX",
    "SimulationResult",
    "compare",
    "coverage_text",
    "household_base",
    "household_need",
    "kecamatan_layer",
    "kecamatan_table",
    "partner_roles",
    "scenario_table",
    "simulate",
]

#: Name of the index of :func:`compare`'s summary (the scenario keys).
SCENARIO_INDEX = "kunci_skenario"
#: Limiting factors of unmet need, in the order of the model.
LIMITS = (
    ("jangkauan", "jangkauan"),
    ("tidak_beroperasi", "mitra tidak beroperasi"),
    ("batas", "batas per mitra (kuota cabang)"),
    ("modal", "modal kerja"),
    ("pasokan", "pasokan gudang"),
    ("terlambat", "pengiriman terlambat"),
    ("lain", "permintaan di atas perkiraan"),
)
#: Share of the channel need below which a limiting factor is not named.
_BINDING_SHARE = 0.001
#: The two bases of every coverage %, in words (household need first).
BASE_HOUSEHOLD = "dari kebutuhan {label} rumah tangga kabupaten"
BASE_CHANNEL = "dari permintaan saluran koperasi"
#: What "penduduk terjangkau" means wherever it is shown: access, not service.
ACCESS_LABEL = "penduduk dalam jangkauan mitra (akses, bukan yang terlayani)"
#: Commodity words of the coverage sentences.
_WORDS = {"beras": "beras", "minyak_goreng": "minyak goreng", "gula": "gula"}


def household_need(p: Plan) -> np.ndarray:
    """Weekly household need per commodity and desa ``(C, D)``, network order.

    Population × per-capita need (``[konsumsi]``, × 12/52): the whole need of
    the regency's households, *not* multiplied by the channel share. The
    channel demand of the model is this × ``distribusi.porsi_saluran``.
    """
    pop = p.network.desa["penduduk"].to_numpy(dtype=float)
    per_cap = np.array([commodity(c).weekly_per_capita for c in COMMODITIES])
    return per_cap[:, None] * pop[None, :]


def _share_words(share: float) -> str:
    """The channel share behind the channel base, in words (one decimal)."""
    v = float(params.value("distribusi.porsi_saluran"))
    how = "perkiraan" if abs(float(share) - v) < 1e-12 else "ditetapkan skenario"
    return f"porsi saluran {angka(100 * float(share), 1)} %, {how}"


def household_base(key: str = "beras") -> str:
    """The household base of a commodity's coverage in words.

    E.g. "dari kebutuhan beras rumah tangga kabupaten".
    """
    commodity(key)
    return BASE_HOUSEHOLD.format(label=_WORDS[key])


def coverage_text(summary: Any, key: str = "beras", digits: int = 1) -> str:
    """A coverage figure in words, with both its bases (household need first).

    Parameters
    ----------
    summary : mapping
        :attr:`SimulationResult.ringkasan` or one row of :func:`compare`.
    key : str
        Commodity key.
    digits : int
        Decimals of the percentages.

    Returns
    -------
    str
        E.g. "2,5 % dari kebutuhan beras rumah tangga kabupaten; 8,4 % dari
        permintaan saluran koperasi (porsi saluran 6,7 %, perkiraan)"; a share
        the scenario set itself says "…, ditetapkan skenario".
    """
    commodity(key)
    hh = float(summary[f"persen_kebutuhan_rt_{key}"])
    ch = float(summary[f"persen_permintaan_saluran_{key}"])
    share = float(summary["porsi_saluran"])
    return (
        f"{angka(hh, digits)} % {household_base(key)}; "
        f"{angka(ch, digits)} % {BASE_CHANNEL} "
        f"({_share_words(share)})"
    )


@dataclass
class SimulationResult:
    """Weekly results of one scenario run, in tables and raw arrays.

    Attributes
    ----------
    plan : Plan
    desa_mingguan : pandas.DataFrame
        Per week × desa × commodity: ``minggu``, ``komoditas``, ``satuan``,
        ``kode_desa``, ``nama_desa``, ``kode_kecamatan``, ``nama_kecamatan``,
        ``koperasi_penyalur``, ``jarak_km``, ``permintaan``, ``tersalur``,
        ``tak_terpenuhi``.
    mitra_mingguan : pandas.DataFrame
        Per week × partner: received per commodity, ``massa_t``, ``rit``,
        ``ton_km``.
    mitra : pandas.DataFrame
        Per partner over the horizon (+ ``desa_dalam_jangkauan`` and
        ``penduduk_dalam_jangkauan``: desa and people in reach, i.e. access,
        not people served; old names ``*_dilayani`` kept), nearest
        warehouse, truck, delivery size.
    kecamatan : pandas.DataFrame
        Per kecamatan × commodity: population, population reached, demand,
        delivered, unmet, ``cakupan_persen``.
    gudang_mingguan : pandas.DataFrame
        Per week × warehouse × commodity: ``pasokan``, ``dikirim``, ``sisa``.
    ringkasan : dict
        Headline figures and labels (``skenario`` the label,
        ``kunci_skenario`` the key).
    arrays : dict
        Raw model arrays (first axis = run, of length 1).
    """

    plan: Plan
    desa_mingguan: pd.DataFrame
    mitra_mingguan: pd.DataFrame
    mitra: pd.DataFrame
    kecamatan: pd.DataFrame
    gudang_mingguan: pd.DataFrame
    ringkasan: dict[str, Any]
    arrays: dict[str, np.ndarray]

    def invariant_violations(self, rtol: float = 1e-6) -> list[str]:
        """The model's promises that do not hold (empty list = all hold).

        Checks: received ≤ cap per partner, week, commodity; shipped ≤ stock
        per warehouse and week; 0 ≤ delivered ≤ demand per desa; stock =
        shipped + left; shipped = received = delivered; demand = delivered
        + unmet, every week and commodity.
        """
        return _violations(self.plan, self.arrays, rtol)


def _violations(p: Plan, a: dict[str, np.ndarray], rtol: float) -> list[str]:
    bad: list[str] = []
    scale = max(1.0, float(np.abs(a["stock"]).max()), float(a["demand"].max()))
    tol = rtol * scale
    cap = p.cap[None, None, :, None]
    if (a["received"] > cap + tol).any():
        bad.append("diterima mitra melebihi batas per pesanan")
    shipped_w = a["shipped_wh"]
    if (shipped_w > a["stock"] + tol).any():
        bad.append("dikirim gudang melebihi stok")
    if (a["delivered"] > a["demand"] + tol).any() or (a["delivered"] < -tol).any():
        bad.append("tersalur melebihi permintaan desa (atau negatif)")
    if (a["sales"] > a["request"] + tol).any():
        bad.append("penjualan mitra melebihi permintaan desanya")
    if not np.allclose(a["stock"], shipped_w + a["left"], atol=tol, rtol=0):
        bad.append("neraca gudang: stok ≠ dikirim + sisa")
    if not np.allclose(shipped_w.sum(-1), a["received"].sum(-1), atol=tol, rtol=0):
        bad.append("neraca: dikirim gudang ≠ diterima mitra")
    got = a["received"].sum(axis=1)  # (R, C, P) over the horizon
    kept = a["sales"].sum(axis=1) + a["stock_end"] + a["transit_end"]
    if not np.allclose(got, kept, atol=tol * a["demand"].shape[1], rtol=0):
        bad.append("neraca mitra: diterima ≠ terjual + stok akhir + dalam perjalanan")
    if (a["stock_end"] < -tol).any():
        bad.append("stok mitra negatif")
    if not np.allclose(a["sales"].sum(-1), a["delivered"].sum(-1), atol=tol, rtol=0):
        bad.append("neraca: terjual mitra ≠ tersalur ke desa")
    unmet = a["demand"].sum(axis=(1, 3)) - a["delivered"].sum(axis=(1, 3))
    if not np.allclose(unmet, a["unmet"].sum(-1), atol=tol * 10, rtol=1e-6):
        bad.append("neraca: tak terpenuhi ≠ jumlah penyebabnya")
    if p.quota is not None and p.quota.cash_bound and (a["cash"] < -tol * 1e3).any():
        bad.append("kas mitra negatif: mitra menerima yang tidak dapat dibayar")
    return bad


def simulate(
    network: Network,
    scenario: Scenario | Plan | None = None,
    *,
    uncertainty: Uncertainty | None = None,
    seed: int | None = None,
) -> SimulationResult:
    """Run one scenario week by week and return every table.

    Parameters
    ----------
    network : Network
        From :func:`~kdkmp_analysis.distribution.prepare`.
    scenario : Scenario or Plan, optional
        Default: :class:`Scenario` () — all ready cooperatives.
    uncertainty : Uncertainty, optional
        ``None`` (default): the expected case, every week alike. Otherwise
        one seeded random draw of demand noise and supply disruptions.
    seed : int, optional
        Seed of that draw (default ``distribusi.seed``): the same seed gives
        identical results.

    Returns
    -------
    SimulationResult

    Raises
    ------
    DistributionError
        A scenario that is wrong as given, or that the network cannot
        support (see :func:`~kdkmp_analysis.distribution.plan`).
    """
    p = (
        scenario
        if isinstance(scenario, Plan)
        else plan(network, scenario or Scenario())
    )
    unc = uncertainty or Uncertainty()
    unc.check()
    seed = int(params.value("distribusi.seed")) if seed is None else int(seed)
    rng = np.random.Generator(np.random.SFC64(seed))
    d = draw(p, rng, 1, p.knobs["weeks"], unc, dtype=np.float64)
    a = weekly_model(p, d, detail=True)
    return _tables(p, a)


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
def _desa_weekly(p: Plan, a: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per week × commodity × desa (in ``p.order``)."""
    net = p.network
    comms = [commodity(c) for c in COMMODITIES]
    weeks = a["demand"].shape[1]
    desa = net.desa.iloc[p.order].reset_index(drop=True)
    n_d = len(desa)
    kop = net.koperasi.iloc[p.partner_idx].reset_index(drop=True)
    part_pos = p.assign[p.order]
    ids = (
        kop["koperasi_id"].to_numpy()[np.maximum(part_pos, 0)]
        if len(kop)
        else np.full(len(part_pos), "")
    )
    partner_id = np.where(part_pos >= 0, ids, np.array(None, dtype=object))
    dem = a["demand"][0]  # (T, C, D)
    dlv = a["delivered"][0]
    idx_t, idx_c, idx_d = np.meshgrid(
        np.arange(weeks), np.arange(len(comms)), np.arange(n_d), indexing="ij"
    )
    flat_d = idx_d.ravel()
    return pd.DataFrame(
        {
            "minggu": idx_t.ravel() + 1,
            "komoditas": np.array(COMMODITIES)[idx_c.ravel()],
            "satuan": np.array([c.unit for c in comms])[idx_c.ravel()],
            "kode_desa": desa["kode_desa"].to_numpy()[flat_d],
            "nama_desa": desa["nama_desa"].to_numpy()[flat_d],
            "kode_kecamatan": desa["kode_kecamatan"].to_numpy()[flat_d],
            "nama_kecamatan": desa["nama_kecamatan"].to_numpy()[flat_d],
            "koperasi_penyalur": pd.array(partner_id[flat_d], dtype="string"),
            "jarak_km": p.desa_km[p.order][flat_d],
            "permintaan": dem.ravel(),
            "tersalur": dlv.ravel(),
            "tak_terpenuhi": (dem - dlv).ravel(),
        }
    )


def _partner_tables(
    p: Plan, a: dict[str, np.ndarray]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per week × partner, and per partner over the horizon."""
    net = p.network
    comms = [commodity(c) for c in COMMODITIES]
    weeks = a["demand"].shape[1]
    kop = net.koperasi.iloc[p.partner_idx].reset_index(drop=True)
    rec = a["received"][0]  # (T, C, P)
    n_p = p.n_partners
    tt, pp = np.meshgrid(np.arange(weeks), np.arange(n_p), indexing="ij")
    mitra_w = pd.DataFrame(
        {
            "minggu": tt.ravel() + 1,
            "koperasi_id": kop["koperasi_id"].to_numpy()[pp.ravel()] if n_p else [],
        }
    )
    sold = a["sales"][0]
    for ci, c in enumerate(comms):
        mitra_w[f"diterima_{c.key}_{c.unit}"] = rec[:, ci, :].ravel()
    for ci, c in enumerate(comms):
        mitra_w[f"terjual_{c.key}_{c.unit}"] = sold[:, ci, :].ravel()
    mitra_w["massa_t"] = (rec * p.mass[None, :, None]).sum(axis=1).ravel()
    mitra_w["rit"] = a["trips_p"][0].ravel()
    mitra_w["ton_km"] = a["tonkm_p"][0].ravel()
    served_pop = np.bincount(
        p.assign[p.assign >= 0],
        weights=net.desa["penduduk"].to_numpy()[p.assign >= 0],
        minlength=n_p,
    )
    cols = [
        "koperasi_id",
        "nama_koperasi",
        "nama_desa",
        "nama_kecamatan",
        "lat",
        "lon",
        "kapasitas_gudang_t",
        "mitra_bulog",
    ]
    mitra = kop[cols].copy()
    # desa and people *in reach* of the partner (access, not people served);
    # the ``*_dilayani`` names are kept for notebooks written before issue 12
    mitra["desa_dalam_jangkauan"] = p.counts
    mitra["penduduk_dalam_jangkauan"] = served_pop.round().astype(int)
    mitra["desa_dilayani"] = mitra["desa_dalam_jangkauan"]
    mitra["penduduk_dilayani"] = mitra["penduduk_dalam_jangkauan"]
    mitra["gudang_terdekat"] = (
        net.gudang["nama"].to_numpy()[p.wh_rank[:, 0]] if n_p else []
    )
    mitra["jarak_gudang_km"] = p.wh_km[:, 0] if n_p else []
    mitra["truk"] = p.truck
    mitra["ukuran_kirim_t"] = p.drop_t
    agg = (
        mitra_w.drop(columns=["minggu", "kas_beras_rp"], errors="ignore")
        .groupby("koperasi_id", sort=False)
        .sum()
    )
    # with no partner the ids are an empty float column: give them the key's dtype
    agg.index = pd.Index(agg.index.astype(str), dtype=mitra["koperasi_id"].dtype)
    mitra = mitra.merge(agg, left_on="koperasi_id", right_index=True, how="left")
    if p.siting is not None:
        mitra["mitra_lama"] = np.isin(p.partner_idx, p.siting.fixed)
    mitra = mitra.assign(**counter_work(p, a))
    mitra_w["kas_beras_rp"] = a["cash"][0].ravel()
    return mitra_w, mitra


def _warehouse_weekly(p: Plan, a: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per week × commodity × warehouse: supply, shipped, left."""
    weeks = a["demand"].shape[1]
    gnames = p.network.gudang["nama"].to_numpy()
    tt, cc, ww = np.meshgrid(
        np.arange(weeks),
        np.arange(len(COMMODITIES)),
        np.arange(len(gnames)),
        indexing="ij",
    )
    return pd.DataFrame(
        {
            "minggu": tt.ravel() + 1,
            "gudang": gnames[ww.ravel()],
            "komoditas": np.array(COMMODITIES)[cc.ravel()],
            "pasokan": a["stock"][0].ravel(),
            "dikirim": a["shipped_wh"][0].ravel(),
            "sisa": a["left"][0].ravel(),
        }
    )


def _tables(p: Plan, a: dict[str, np.ndarray]) -> SimulationResult:
    desa_w = _desa_weekly(p, a)
    mitra_w, mitra = _partner_tables(p, a)
    kec = kecamatan_table(p, a["demand_kec"][0], a["delivered_kec"][0])
    gud_w = _warehouse_weekly(p, a)
    ring = _summary(p, a)
    for df in (desa_w, mitra_w, mitra, kec, gud_w):
        df.attrs["keterangan"] = ring["keterangan"]
    return SimulationResult(p, desa_w, mitra_w, mitra, kec, gud_w, ring, a)


def kecamatan_table(p: Plan, dem_kec: np.ndarray, dlv_kec: np.ndarray) -> pd.DataFrame:
    """Per kecamatan × commodity table from ``(C, K)`` totals.

    Parameters
    ----------
    p : Plan
    dem_kec, dlv_kec : numpy.ndarray
        Demand and delivered per commodity and kecamatan (sorted codes).

    Returns
    -------
    pandas.DataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``komoditas``, ``satuan``,
        ``penduduk``, ``penduduk_terjangkau`` (in reach of a partner: access,
        not served), ``kebutuhan_rt`` (household need over the horizon),
        ``permintaan`` (channel demand), ``tersalur``, ``tak_terpenuhi``,
        ``persen_kebutuhan_rt`` (delivered ÷ household need),
        ``cakupan_persen`` (delivered ÷ channel demand; also
        ``persen_permintaan_saluran``), ``persen_terjangkau``.
    """
    net = p.network
    codes = sorted(net.desa["kode_kecamatan"].unique())
    names = net.desa.drop_duplicates("kode_kecamatan").set_index("kode_kecamatan")[
        "nama_kecamatan"
    ]
    pop = net.desa.groupby("kode_kecamatan")["penduduk"].sum()
    reached = (
        net.desa.assign(r=p.assign >= 0)
        .query("r")
        .groupby("kode_kecamatan")["penduduk"]
        .sum()
    )
    weeks = int(p.knobs["weeks"])
    rows = []
    for ci, key in enumerate(COMMODITIES):
        c = commodity(key)
        for ki, code in enumerate(codes):
            dm, dv = float(dem_kec[ci, ki]), float(dlv_kec[ci, ki])
            hh = float(pop[code]) * c.weekly_per_capita * weeks
            rows.append(
                {
                    "kode_kecamatan": code,
                    "nama_kecamatan": names[code],
                    "komoditas": key,
                    "satuan": c.unit,
                    "penduduk": float(pop[code]),
                    "penduduk_terjangkau": float(reached.get(code, 0.0)),
                    "kebutuhan_rt": hh,
                    "permintaan": dm,
                    "tersalur": dv,
                    "tak_terpenuhi": dm - dv,
                    "persen_kebutuhan_rt": 100.0 * dv / hh if hh > 0 else np.nan,
                    "cakupan_persen": 100.0 * dv / dm if dm > 0 else np.nan,
                }
            )
    out = pd.DataFrame(rows)
    out["persen_permintaan_saluran"] = out["cakupan_persen"]
    out["persen_terjangkau"] = 100 * out["penduduk_terjangkau"] / out["penduduk"]
    return out


# ---------------------------------------------------------------------------
# Summary: headline figures and what limits the need
# ---------------------------------------------------------------------------
def _summary(p: Plan, a: dict[str, np.ndarray]) -> dict[str, Any]:
    net = p.network
    pop_total = float(net.desa["penduduk"].sum())
    reached_pct = 100 * p.population_reached / pop_total if pop_total > 0 else 0.0
    out: dict[str, Any] = {
        "skenario": p.scenario.name,
        "kunci_skenario": p.scenario.key,
        "jumlah_mitra": p.n_partners,
        "desa_terjangkau": p.n_reached,
        "penduduk_terjangkau": p.population_reached,
        "persen_penduduk_terjangkau": reached_pct,
        "penugasan": p.assignment_status,
        "minggu": int(a["demand_week"].shape[1]),
    }
    n_runs = a["demand_week"].shape[0]
    out["porsi_saluran"] = float(p.knobs["share"])
    need = household_need(p).sum(axis=1) * out["minggu"]  # (C,) over the horizon
    for ci, key in enumerate(COMMODITIES):
        unit = commodity(key).unit
        dm = float(a["demand_week"][..., ci].sum()) / n_runs
        dv = float(a["delivered_week"][..., ci].sum()) / n_runs
        hh = float(need[ci])
        out[f"kebutuhan_rt_{key}_{unit}"] = hh
        out[f"permintaan_saluran_{key}_{unit}"] = dm
        out[f"permintaan_{key}_{unit}"] = dm  # old name, same figure
        out[f"tersalur_{key}_{unit}"] = dv
        out[f"tak_terpenuhi_{key}_{unit}"] = dm - dv
        out[f"persen_kebutuhan_rt_{key}"] = 100 * dv / hh if hh > 0 else float("nan")
        pct = 100 * dv / dm if dm > 0 else float("nan")
        out[f"persen_permintaan_saluran_{key}"] = pct
        out[f"cakupan_{key}_persen"] = pct  # old name: the channel base
        out.update(_binding(a, ci, key, unit, dm))
        out[f"minggu_kehabisan_{key}"] = float(a["stockouts"][:, ci].mean())
    n_runs = a["tonkm"].shape[0]
    out["ton_km"] = float(a["tonkm"].sum()) / n_runs
    out["rit"] = float(a["trips"].sum()) / n_runs
    out["biaya_angkut_rp"] = float(a["cost"].sum()) / n_runs
    out.update(scenario_terms(p))
    notes = partner_notes(p)
    out["catatan_mitra"] = notes
    label = net.label
    if p.knobs.get("allocation_rice_t") is not None:
        label = label.replace(
            "alokasi beras perkiraan (porsi penduduk dari target SPHP)",
            "alokasi beras angka Bulog yang dimasukkan",
        )
    out["keterangan"] = (
        f"{label}; {_share_words(p.knobs['share'])} (rentang dan sumber di "
        f"data/parameter.toml), sirkuitas {angka(p.knobs['circuity'], 2)} dan "
        f"jangkauan {angka(p.knobs['max_km'], 1)} km (perkiraan)"
        + (f"; {notes}" if notes else "")
    )
    if p.siting is not None:
        out["penempatan"] = f"{p.siting.method}; {p.siting.status}"
    out["dasar_cakupan"] = (
        "persen_kebutuhan_rt_* = tersalur ÷ kebutuhan rumah tangga kabupaten "
        "(penduduk × konsumsi per kapita × minggu); persen_permintaan_saluran_* "
        "(= cakupan_*_persen) = tersalur ÷ permintaan saluran koperasi (kebutuhan "
        f"rumah tangga × {_share_words(p.knobs['share'])}); "
        f"penduduk_terjangkau = {ACCESS_LABEL}"
    )
    return out


def _binding(
    a: dict[str, np.ndarray], ci: int, key: str, unit: str, demand: float
) -> dict[str, Any]:
    """Unmet need of one commodity split by what limits it (horizon, mean run).

    The causes of :data:`LIMITS` (``a["unmet"]``: desa out of reach, partners
    that do not operate, then the cuts of the weekly loop,
    :data:`~kdkmp_analysis.distribution.model.CAUSES`). ``pembatas_<key>``
    names those above 0.1 % of the channel demand, largest first ("tidak
    ada" otherwise).
    """
    parts = dict(
        zip((k for k, _ in LIMITS), a["unmet"][:, ci].mean(axis=0), strict=True)
    )
    out: dict[str, Any] = {
        f"tak_terpenuhi_{k}_{key}_{unit}": float(max(v, 0.0)) for k, v in parts.items()
    }
    names = dict(LIMITS)
    binding = [
        names[k]
        for k, v in sorted(parts.items(), key=lambda kv: -kv[1])
        if demand > 0 and v > _BINDING_SHARE * demand
    ]
    out[f"pembatas_{key}"] = " + ".join(binding) if binding else "tidak ada"
    return out


# ---------------------------------------------------------------------------
# Scenario comparison
# ---------------------------------------------------------------------------
def compare(
    network: Network, scenarios: Sequence[Scenario], commodity_key: str = "beras"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run scenarios (expected case) side by side.

    Parameters
    ----------
    network : Network
    scenarios : sequence of Scenario
        With distinct :attr:`Scenario.key`.
    commodity_key : str
        Commodity of the per-kecamatan coverage table.

    Returns
    -------
    tuple of pandas.DataFrame
        One row per evaluated scenario (:attr:`SimulationResult.ringkasan`),
        indexed by :attr:`Scenario.key` (index ``kunci_skenario``) with the
        Indonesian label in column ``skenario``; and the coverage % per
        kecamatan (rows) × scenario key (columns) for the commodity — of the
        channel demand; the same of the household need is in its
        ``attrs["persen_kebutuhan_rt"]``.
        Scenarios the network cannot support (:func:`scenario_problem`) are
        skipped, not failed: ``attrs["tidak_dinilai"]`` maps their keys to
        the reason (a :class:`ScenarioMap`: a label finds its entry too),
        ``attrs["label_skenario"]`` maps every key to its label, and
        ``attrs["keterangan"]`` names the skipped ones by label.

    Raises
    ------
    DistributionError
        Two scenarios with the same key, or a scenario that is wrong as
        given (see :func:`~kdkmp_analysis.distribution.plan`).
    """
    commodity(commodity_key)
    keys = [sc.key for sc in scenarios]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise DistributionError(
            f"kunci skenario ganda: {', '.join(dup)}; beri setiap skenario key= sendiri"
        )
    labels = {sc.key: sc.name for sc in scenarios}
    rows, cols, hh_cols, skipped = [], {}, {}, {}
    for sc in scenarios:
        problem = scenario_problem(network, sc)
        if problem:
            skipped[sc.key] = problem
            continue
        res = simulate(network, sc)
        rows.append(res.ringkasan)
        k = res.kecamatan[res.kecamatan["komoditas"] == commodity_key]
        cols[sc.key] = k.set_index("nama_kecamatan")["cakupan_persen"]
        hh_cols[sc.key] = k.set_index("nama_kecamatan")["persen_kebutuhan_rt"]
    summary = (
        pd.DataFrame(rows).set_index(SCENARIO_INDEX)
        if rows
        else pd.DataFrame(index=pd.Index([], name=SCENARIO_INDEX))
    )
    by_kec = pd.DataFrame(cols)
    label = network.label
    if skipped:
        label += "; tidak dapat dinilai: " + "; ".join(
            f"{labels[key]} ({why})" for key, why in skipped.items()
        )
    by_kec.attrs["persen_kebutuhan_rt"] = pd.DataFrame(hh_cols)
    by_label = {name: key for key, name in labels.items()}
    for df in (summary, by_kec):
        df.attrs["keterangan"] = label
        df.attrs["tidak_dinilai"] = ScenarioMap(skipped.items(), by_label)
        df.attrs["label_skenario"] = dict(labels)
    return summary, by_kec


def scenario_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`compare` in the column order of ``skenario.csv``.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`compare`'s summary (index the scenario keys), possibly with
        rows of scenarios not evaluated.

    Returns
    -------
    pandas.DataFrame
        ``kunci``, ``nama``; per commodity ``kebutuhan_rt_<k>_<unit>``,
        ``permintaan_saluran_<k>_<unit>``, ``tersalur_<k>_<unit>``,
        ``persen_kebutuhan_rt_<k>``, ``persen_permintaan_saluran_<k>``; the
        ``pembatas_*`` in words, ``keterangan``, ``dasar_cakupan``; then every
        other column of the summary (old names kept).
    """
    out = summary.reset_index()
    out.insert(0, "kunci", out.pop(SCENARIO_INDEX))
    out.insert(1, "nama", out.pop("skenario"))
    first = ["kunci", "nama"]
    for key in COMMODITIES:
        unit = commodity(key).unit
        first += [
            f"kebutuhan_rt_{key}_{unit}",
            f"permintaan_saluran_{key}_{unit}",
            f"tersalur_{key}_{unit}",
            f"persen_kebutuhan_rt_{key}",
            f"persen_permintaan_saluran_{key}",
        ]
    first += [f"pembatas_{k}" for k in COMMODITIES]
    first += ["keterangan", "dasar_cakupan"]
    for col in first:
        if col not in out.columns:
            out[col] = np.nan
    label = summary.attrs.get("keterangan")
    if label:
        out["keterangan"] = out["keterangan"].fillna(label)
    out = out[first + [c for c in out.columns if c not in first]]
    out.attrs.update(summary.attrs)
    return out


# ---------------------------------------------------------------------------
# Map layers (joined to polygons; the maps module draws them)
# ---------------------------------------------------------------------------
def kecamatan_layer(
    result: SimulationResult | MonteCarloResult,
    kecamatan_polygons: gpd.GeoDataFrame,
    commodity_key: str = "beras",
) -> gpd.GeoDataFrame:
    """Kecamatan polygons with the coverage and unmet demand of one commodity.

    Parameters
    ----------
    result : SimulationResult or MonteCarloResult
        A run (columns ``cakupan_persen``, ``tak_terpenuhi_per_minggu``) or a
        Monte Carlo (``cakupan_p10``/``p50``/``p90``).
    kecamatan_polygons : GeoDataFrame
        :func:`kdkmp_analysis.region.boundaries.kecamatan_polygons` output.
    commodity_key : str
        Commodity.

    Returns
    -------
    GeoDataFrame
        The polygons with the result's columns; ``provenance.status``
        (``ilustrasi`` for the default register, so maps show the banner)
        and ``attrs["keterangan"]``.
    """
    commodity(commodity_key)
    k = result.kecamatan[result.kecamatan["komoditas"] == commodity_key].copy()
    if isinstance(result, SimulationResult):
        k["tak_terpenuhi_per_minggu"] = k["tak_terpenuhi"] / result.ringkasan["minggu"]
    keep = [c for c in k.columns if c not in ("nama_kecamatan", "komoditas")]
    out = kecamatan_polygons.merge(k[keep], on="kode_kecamatan", how="left")
    net = result.plan.network
    provenance.tag(out, status=net.status_data)
    out.attrs["keterangan"] = net.label
    return out


def partner_roles(register: pd.DataFrame, plan_: Plan | pd.DataFrame) -> pd.Series:
    """Role of each cooperative of a register in a scenario, for a points map.

    Parameters
    ----------
    register : pandas.DataFrame
        The register the network was prepared from.
    plan_ : Plan or pandas.DataFrame
        A resolved scenario (e.g. ``result.plan``), or the chosen partners of
        :func:`~kdkmp_analysis.distribution.site_partners` (``koperasi_id``).

    Returns
    -------
    pandas.Series
        ``mitra lama`` (current Bulog partner kept), ``mitra baru``
        (partner in the scenario, not yet a Bulog partner) or ``bukan mitra``.
    """
    if isinstance(plan_, Plan):
        kop_ids = plan_.network.koperasi["koperasi_id"].to_numpy()
        ids = set(kop_ids[plan_.partner_idx])
    else:
        ids = set(plan_["koperasi_id"].astype(str))
    current = (
        register["mitra_bulog"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    )
    member = register["koperasi_id"].astype(str).isin(ids).to_numpy()
    role = np.where(
        member & current, "mitra lama", np.where(member, "mitra baru", "bukan mitra")
    )
    return pd.Series(role, index=register.index, name="peran_distribusi")
