"""Monte Carlo of a scenario: the uncertain inputs drawn per run, P10/P50/P90.

Each run draws what a planner is actually unsure of (the allocation, the
channel share, the share of partners that operate, late deliveries, the
harvest-week cut and the Ramadan peak, the starting cash: see
:class:`~kdkmp_analysis.distribution.Uncertainty`), plus desa noise and
warehouse disruptions as minor terms. Blocks of :data:`CHUNK` runs are drawn
(:func:`~kdkmp_analysis.distribution.draw`) and simulated
(:func:`~kdkmp_analysis.distribution.weekly_model`) at once, in float32, each
block with its own SFC64 stream spawned from the seed — so the result does not
depend on the number of threads. A quantity whose P10 and P90 agree is marked
``pasti``: it does not depend on the uncertainty modelled.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.model import Uncertainty, draw, weekly_model
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.plan import Plan, plan
from kdkmp_analysis.distribution.results import household_need, kecamatan_table
from kdkmp_analysis.distribution.scenario import Scenario

__all__ = ["CHUNK", "DRAWN", "PASTI_TEXT", "MonteCarloResult", "monte_carlo"]

#: Inputs drawn per run (keys of :attr:`Draws.drawn`), for their bands.
DRAWN = (
    "alokasi_beras",
    "porsi_saluran",
    "porsi_beroperasi",
    "peluang_terlambat",
    "faktor_panen",
    "modal_awal",
)

#: Runs per block; fixed, so results do not depend on threads. Large enough
#: that each numpy call works on ~10⁵ numbers (the week loop is sequential).
CHUNK = 125
#: What a deterministic quantity says instead of a flat band.
PASTI_TEXT = "pasti (tidak bergantung pada ketidakpastian yang dimodelkan)"
#: Relative P90 − P10 spread below which a quantity is ``pasti``.
_FLAT = 1e-6
#: Percentiles of the bands.
_Q = (10, 50, 90)
_KEPT = (
    "demand_week",
    "delivered_week",
    "demand_kec",
    "delivered_kec",
    "tonkm",
    "trips",
    "cost",
    "unmet",
    "received_week",
    "stockouts",
)


@dataclass
class MonteCarloResult:
    """P10/P50/P90 bands of a scenario under demand noise and disruptions.

    Attributes
    ----------
    plan : Plan
    runs, seed : int
    uncertainty : Uncertainty
    mingguan : pandas.DataFrame
        Per week × commodity: ``permintaan_p50``, ``tersalur_p10/p50/p90``,
        ``cakupan_p10/p50/p90`` (%).
    kecamatan : pandas.DataFrame
        Per kecamatan × commodity: ``cakupan_p10/p50/p90`` over the horizon.
    total : pandas.DataFrame
        Per commodity: horizon ``tersalur`` and ``tak_terpenuhi`` P10/P50/P90;
        and ton-km, trips per week.
    samples : dict
        Per-run arrays: ``demand_week``/``delivered_week`` ``(R, T, C)``,
        ``demand_kec``/``delivered_kec`` ``(R, C, K)``, ``tonkm``/``trips``
        ``(R, T)``.
    seconds : float
        Wall time.
    """

    plan: Plan
    runs: int
    seed: int
    uncertainty: Uncertainty
    mingguan: pd.DataFrame
    kecamatan: pd.DataFrame
    total: pd.DataFrame
    samples: dict[str, np.ndarray]
    seconds: float


def monte_carlo(
    network: Network,
    scenario: Scenario | Plan | None = None,
    *,
    runs: int = 1000,
    seed: int | None = None,
    uncertainty: Uncertainty | None = None,
    threads: int | None = None,
) -> MonteCarloResult:
    """Monte Carlo of a scenario: demand noise and supply disruptions.

    Blocks of 4 runs are simulated at once (float32, numpy SFC64 streams
    spawned from ``seed``, one per block) on up to ``threads`` threads; the
    block streams make the result independent of the thread count.

    Parameters
    ----------
    network : Network
    scenario : Scenario or Plan, optional
    runs : int
        Number of runs (≥ 1).
    seed : int, optional
        Default ``distribusi.seed``.
    uncertainty : Uncertainty, optional
        Default :meth:`Uncertainty.from_params` (``ilustrasi`` settings).
    threads : int, optional
        Default: the number of CPUs, at most 2.

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    DistributionError
        ``runs`` < 1, uncertainty settings out of range, or a scenario the
        network cannot support.
    """
    t0 = time.perf_counter()
    if runs < 1:
        raise DistributionError("jumlah ulangan Monte Carlo minimal 1")
    p = (
        scenario
        if isinstance(scenario, Plan)
        else plan(network, scenario or Scenario())
    )
    unc = uncertainty or Uncertainty.from_params()
    unc.check()
    seed = int(params.value("distribusi.seed")) if seed is None else int(seed)
    weeks = p.knobs["weeks"]
    sizes = [min(CHUNK, runs - i) for i in range(0, runs, CHUNK)]
    streams = np.random.SeedSequence(seed).spawn(len(sizes))

    def block(i: int) -> dict[str, np.ndarray]:
        rng = np.random.Generator(np.random.SFC64(streams[i]))
        d = draw(p, rng, sizes[i], weeks, unc)
        a = weekly_model(p, d, detail=False)
        return {**{k: a[k] for k in _KEPT}, **d.drawn}

    n_threads = threads or min(2, os.cpu_count() or 1)
    if n_threads > 1 and len(sizes) > 1:
        with ThreadPoolExecutor(max_workers=n_threads) as ex:
            parts = list(ex.map(block, range(len(sizes))))
    else:
        parts = [block(i) for i in range(len(sizes))]
    s = {k: np.concatenate([q[k] for q in parts], axis=0) for k in parts[0]}
    return _bands(p, runs, seed, unc, s, time.perf_counter() - t0)


def _weekly_bands(s: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per week × commodity percentiles of delivered and coverage."""
    dw = s["demand_week"].astype(np.float64)
    vw = s["delivered_week"].astype(np.float64)
    cov_w = np.divide(100 * vw, dw, out=np.zeros_like(vw), where=dw > 0)
    v_q = np.percentile(vw, _Q, axis=0)  # (3, T, C)
    c_q = np.percentile(cov_w, _Q, axis=0)
    d_q = np.percentile(dw, 50, axis=0)
    rows = []
    for t in range(dw.shape[1]):
        for ci, key in enumerate(COMMODITIES):
            rows.append(
                {
                    "minggu": t + 1,
                    "komoditas": key,
                    "satuan": commodity(key).unit,
                    "permintaan_p50": d_q[t, ci],
                    "tersalur_p10": v_q[0, t, ci],
                    "tersalur_p50": v_q[1, t, ci],
                    "tersalur_p90": v_q[2, t, ci],
                    "cakupan_p10": c_q[0, t, ci],
                    "cakupan_p50": c_q[1, t, ci],
                    "cakupan_p90": c_q[2, t, ci],
                }
            )
    return pd.DataFrame(rows)


def _kecamatan_bands(p: Plan, s: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per kecamatan × commodity coverage percentiles over the horizon."""
    dk, vk = s["demand_kec"], s["delivered_kec"]
    cov_k = np.divide(100 * vk, dk, out=np.full_like(vk, np.nan), where=dk > 0)
    k_q = np.nanpercentile(cov_k, _Q, axis=0)  # (3, C, K)
    base = kecamatan_table(p, dk.mean(axis=0), vk.mean(axis=0))
    base["cakupan_p10"] = k_q[0].ravel()
    base["cakupan_p50"] = k_q[1].ravel()
    base["cakupan_p90"] = k_q[2].ravel()
    return base.drop(
        columns=[
            "permintaan",
            "tersalur",
            "tak_terpenuhi",
            "cakupan_persen",
            "persen_kebutuhan_rt",
            "persen_permintaan_saluran",
        ]
    )


def _total_bands(p: Plan, s: dict[str, np.ndarray]) -> pd.DataFrame:
    """Per commodity horizon totals; trips and ton-km per week in attrs.

    Coverage on both bases: ``persen_kebutuhan_rt_p*`` (delivered ÷ the
    regency's household need, ``kebutuhan_rt``) and
    ``persen_permintaan_saluran_p*`` (delivered ÷ that run's channel demand).
    """
    dw = s["demand_week"].astype(np.float64)
    vw = s["delivered_week"].astype(np.float64)
    need = household_need(p).sum(axis=1) * dw.shape[1]
    rows = []
    for ci, key in enumerate(COMMODITIES):
        dv = vw[..., ci].sum(axis=1)
        dm = dw[..., ci].sum(axis=1)
        un = dm - dv
        hh = float(need[ci])
        pct_hh = 100 * dv / hh if hh > 0 else np.full_like(dv, np.nan)
        pct_ch = np.divide(100 * dv, dm, out=np.full_like(dv, np.nan), where=dm > 0)
        flat = bool(np.ptp(dv) <= _FLAT * max(float(np.abs(dv).max()), 1.0))
        rows.append(
            {
                "komoditas": key,
                "satuan": commodity(key).unit,
                "kebutuhan_rt": hh,
                **{
                    f"permintaan_saluran_p{x}": v
                    for x, v in zip(_Q, np.percentile(dm, _Q), strict=True)
                },
                **{
                    f"tersalur_p{x}": v
                    for x, v in zip(_Q, np.percentile(dv, _Q), strict=True)
                },
                **{
                    f"tak_terpenuhi_p{x}": v
                    for x, v in zip(_Q, np.percentile(un, _Q), strict=True)
                },
                **{
                    f"persen_kebutuhan_rt_p{x}": v
                    for x, v in zip(_Q, np.percentile(pct_hh, _Q), strict=True)
                },
                **{
                    f"persen_permintaan_saluran_p{x}": v
                    for x, v in zip(_Q, np.percentile(pct_ch, _Q), strict=True)
                },
                "pasti": flat,
                "pita": PASTI_TEXT if flat else "P10–P90 dari ulangan Monte Carlo",
            }
        )
    total = pd.DataFrame(rows)
    tk = s["tonkm"].mean(axis=1)
    tr = s["trips"].mean(axis=1)
    total.attrs["ton_km_per_minggu"] = dict(zip(_Q, np.percentile(tk, _Q), strict=True))
    total.attrs["rit_per_minggu"] = dict(zip(_Q, np.percentile(tr, _Q), strict=True))
    total.attrs["masukan"] = {
        k: dict(zip(_Q, np.percentile(s[k], _Q), strict=True)) for k in DRAWN if k in s
    }
    return total


def _bands(
    p: Plan,
    runs: int,
    seed: int,
    unc: Uncertainty,
    s: dict[str, np.ndarray],
    seconds: float,
) -> MonteCarloResult:
    mingguan = _weekly_bands(s)
    kec = _kecamatan_bands(p, s)
    total = _total_bands(p, s)
    drawn = (
        "per ulangan: alokasi, porsi saluran, porsi mitra beroperasi, "
        "keterlambatan, faktor panen dan Ramadan, modal awal (seragam dalam "
        "rentang parameter); "
        if unc.per_run
        else ""
    )
    label = (
        f"{p.network.label}; ketidakpastian: {drawn}derau desa cv "
        f"{angka(unc.demand_cv, 2)} dan gangguan gudang "
        f"{angka(unc.disruption_prob, 2)}/minggu (ilustrasi); {runs} ulangan, "
        f"seed {seed}"
    )
    for df in (mingguan, kec, total):
        df.attrs["keterangan"] = label
    return MonteCarloResult(p, runs, seed, unc, mingguan, kec, total, s, seconds)
