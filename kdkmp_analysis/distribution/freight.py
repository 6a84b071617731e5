"""Transport cost per kg beside the margin and the HET, and who pays (issue 13 §2).

:func:`transport_terms` turns the week's routes of
:func:`~kdkmp_analysis.distribution.routes.weekly_routes` into the cost per kg
moved, set beside the cooperative's rice margin (HET − buying price of the
plan's price preset) and the HET, with who pays in words (:func:`payer_text`:
under SPHP Bulog delivers to the cooperative). :func:`scenario_transport` does
it for every scenario of ``skenario.csv``; :func:`route_table` is ``rute.csv``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import presets
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.plan import Plan
from kdkmp_analysis.distribution.plan import plan as plan_
from kdkmp_analysis.distribution.routes import RouteResult, route_params, weekly_routes
from kdkmp_analysis.distribution.scenario import Scenario

__all__ = [
    "SCENARIO_COLUMNS",
    "payer_text",
    "route_table",
    "scenario_transport",
    "transport_terms",
]


# ---------------------------------------------------------------------------
# Cost per kg beside the margin, and who pays
# ---------------------------------------------------------------------------
def payer_text(plan: Plan | None = None) -> str:
    """Who pays the truck from the Bulog warehouse, in words.

    ``usaha.koperasi_bayar_angkut`` (asumsi) false and ``rute.pengantar``
    ``bulog`` (Bulog delivers to the cooperative: Bulog Cabang Serang's
    minutes, Bulog Kanwil Lampung) give "dibayar Bulog (SPHP: Bulog mengantar
    ke koperasi)". ``plan`` is accepted for a future per-preset rule.
    """
    if bool(params.value("usaha.koperasi_bayar_angkut")):
        return "dibayar koperasi (asumsi)"
    if str(params.value("rute.pengantar")) == "bulog":
        return "dibayar Bulog (SPHP: Bulog mengantar ke koperasi)"
    return "pembayar angkutan belum diketahui"


def transport_terms(result: RouteResult) -> dict[str, Any]:
    """Cost per kg moved beside the rice margin and the HET, and who pays.

    Returns
    -------
    dict
        ``biaya_angkut_rp_per_kg`` (routed), ``biaya_angkut_langsung_rp_per_kg``
        (one round trip per drop), ``margin_beras_rp_per_kg`` (HET − buying
        price of the plan's price preset), ``het_beras_rp_per_kg``,
        ``persen_biaya_angkut_dari_margin``, ``pembayar_angkut`` and
        ``keterangan_angkut`` (Indonesian).
    """
    s, p = result.ringkasan, result.plan
    margin, het = float(p.prices.margin), float(p.prices.het)
    per_kg = float(s["biaya_angkut_rp_per_kg"])
    share = 100 * per_kg / margin if margin > 0 else float("nan")
    src = params.entry("rute.pengantar")
    return {
        "biaya_angkut_rp_per_kg": per_kg,
        "biaya_angkut_langsung_rp_per_kg": float(s["biaya_angkut_langsung_rp_per_kg"]),
        "margin_beras_rp_per_kg": margin,
        "het_beras_rp_per_kg": het,
        "persen_biaya_angkut_dari_margin": share,
        "pembayar_angkut": payer_text(p),
        "keterangan_angkut": (
            f"biaya angkut per kg = rute truk mingguan perkiraan ({s['metode']}) "
            f"untuk satu minggu biasa, {angka(s['muatan_t'], 1)} t ketiga komoditas; "
            f"= {angka(share, 1)} % dari margin beras Rp{angka(margin)}/kg (HET "
            f"Rp{angka(het)}/kg); jam kerja, waktu bongkar, kecepatan dan biaya truk "
            "per km asumsi; pengantaran oleh Bulog: "
            f"{presets.source_title(src['sumber'])}; siapa menanggung ongkos angkut "
            "tidak disebut sumber (asumsi)"
        ),
    }


# ---------------------------------------------------------------------------
# Outputs of ``kdkmp simulate --out``
# ---------------------------------------------------------------------------
#: Columns :func:`scenario_transport` adds to ``skenario.csv``.
SCENARIO_COLUMNS = (
    "biaya_angkut_rp_per_kg",
    "margin_beras_rp_per_kg",
    "het_beras_rp_per_kg",
    "persen_biaya_angkut_dari_margin",
    "pembayar_angkut",
    "biaya_angkut_langsung_rp_per_kg",
    "km_kendaraan_rute_per_minggu",
    "km_kendaraan_langsung_per_minggu",
    "keterangan_angkut",
)


def scenario_transport(
    network: Network,
    scenarios: Sequence[Scenario],
    skipped: Collection[str] = (),
    *,
    solver: str = "ortools",
    time_limit: float = 1.5,
) -> tuple[pd.DataFrame, dict[str, RouteResult]]:
    """The week's routes and the cost per kg of every evaluable scenario.

    Parameters
    ----------
    network : Network
    scenarios : sequence of Scenario
    skipped : collection of str
        Keys of scenarios that cannot be evaluated (left out).
    solver, time_limit
        See :func:`weekly_routes`.

    Returns
    -------
    tuple
        :data:`SCENARIO_COLUMNS` per scenario (index = scenario key) and the
        :class:`RouteResult` of each scenario.
    """
    rows, results = {}, {}
    for sc in scenarios:
        if sc.key in skipped:
            continue
        res = weekly_routes(plan_(network, sc), solver=solver, time_limit=time_limit)
        terms = transport_terms(res)
        terms["km_kendaraan_rute_per_minggu"] = res.ringkasan["km_kendaraan"]
        terms["km_kendaraan_langsung_per_minggu"] = res.ringkasan[
            "km_kendaraan_langsung"
        ]
        rows[sc.key] = {c: terms[c] for c in SCENARIO_COLUMNS}
        results[sc.key] = res
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(SCENARIO_COLUMNS))
    table.index.name = "kunci"
    return table, results


def route_table(result: RouteResult, note: str = "") -> pd.DataFrame:
    """``rute.csv``: the plan's stops with the scenario and a ``keterangan``.

    Parameters
    ----------
    result : RouteResult
    note : str
        Appended to every ``keterangan`` (e.g. the allocation typed in).
    """
    p, s = result.plan, result.ringkasan
    rp = route_params()
    out = result.rute.copy()
    out.insert(0, "kunci_skenario", p.scenario.key)
    out.insert(1, "skenario", p.scenario.name)
    out["keterangan"] = (
        f"{p.network.label}{note}; rute truk mingguan PERKIRAAN untuk satu minggu "
        f"biasa ({s['metode']}); jarak jalan = garis lurus × sirkuitas "
        f"{angka(float(p.knobs['circuity']), 2)}; satu rit = satu hari kerja "
        f"{angka(rp['hours'], 1)} jam, bongkar {angka(rp['unload_min'])} menit per "
        f"titik, kecepatan {angka(rp['speed_kmh'])} km/jam, biaya truk per km "
        f"(ASUMSI, data/parameter.toml); {payer_text(p)}"
    )
    return out
