"""Weekly distribution of Bulog SPHP rice, cooking oil and sugar through partner cooperatives.

The planning question: if the partner cooperatives distribute the SPHP
commodities under their Bulog branch's terms (2 t of rice a week in most
branches), how much of the regency's household need is delivered, where,
with how many and which partners, from which warehouse, at what transport
effort — and does the business pay for the cooperative?

Model (week :math:`t` of 2026, commodity :math:`c`; amounts in t or kl)
------------------------------------------------------------------------------
*Demand* of desa :math:`d`:

.. math::

    D_{tcd} = P_d \\cdot k_c \\cdot s \\cdot \\tfrac{12}{52} \\cdot f_{tc} \\cdot \\varepsilon_{tcd},

with population :math:`P_d` (BPS-based, ``perkiraan``), monthly consumption
per capita :math:`k_c` (``[konsumsi]``, BPS Susenas), the **channel share**
:math:`s` — a band anchored to published SPHP figures, never to the caps
(``distribusi.porsi_saluran``: 3.6 % realised 2025 / 6.7 % target 2026 /
8.5 % realised KDKMP rate) — the calendar's Ramadan/Lebaran factor
:math:`f_{tc}` (``[musim.ramadan_2026]``, dates from Kemenag, size asumsi)
and, in the Monte Carlo, desa noise :math:`\\varepsilon` (a minor term).
Every coverage figure is reported on two bases, named in words: delivered ÷
the regency's **household need** (:math:`P k_c \\tfrac{12}{52}`) and
delivered ÷ the **channel demand** (× :math:`s`).

*Reach*: each desa is served by one partner within ``max_km`` road km (the
nearest, or :func:`assign_capacity`); "penduduk dalam jangkauan" is access,
never people served (:data:`ACCESS_LABEL`).

*Partners* hold stock and cash (:mod:`~kdkmp_analysis.distribution.model`):
each week a partner orders up to its expected sales plus safety stock, cut by
its **branch quota preset** (:mod:`~kdkmp_analysis.distribution.presets`:
Tanjungpinang 2 t/week, Serang 0.5 t/week with 2 t per order and 7 days to
pay for what was sold, Lampung 2 t in tranches, or no quota but storage; no
national quota exists) and by its cash; Bulog's weekly allocation (a band
pro rata to the 1.5 Mt target, or the figure Bulog Cabang gives:
``allocation_rice_t``) is cut in the harvest weeks and rationed pro rata,
nearest warehouse first; a delivery may arrive a week late; sales =
min(stock, demand). Unmet demand is split by cause (``pembatas_*``).

*Transport*: road km = great-circle km × circuity (1.35; band 1.2–1.6);
trips ⌈received t / drop⌉ per warehouse, drop = the partner's storage
within a truck load; ton-km = t × km; vehicle-km = 2 × trips × km.

Invariants, checked by :meth:`SimulationResult.invariant_violations` and the
tests: received ≤ order size; shipped ≤ Bulog stock; delivered ≤ demand;
Bulog stock = shipped + left; received = sold + stock + in transit per
partner; sold = delivered to desa; demand = delivered + Σ unmet by cause;
no cash-bound partner receives what it cannot pay; the same seed gives
identical results.

Every result says what it rests on (``keterangan``): population
``perkiraan``; cooperative statuses ``ilustrasi`` for the default register;
warehouse points ``perkiraan``; the channel share and rice allocation
``perkiraan`` bands with sources; oil/sugar allocations and caps
``ilustrasi``; fixed costs, safety stock, lateness ``asumsi``. Scenarios that
the register's statuses cannot support are not evaluated:
:func:`scenario_problem` says why and :func:`compare` lists them.

Where each step lives
---------------------
:mod:`~kdkmp_analysis.distribution.commodity`
    The three commodities (units, per-capita need, caps) and
    :class:`DistributionError`.
:mod:`~kdkmp_analysis.distribution.network`
    :func:`prepare`: demand per desa, partners and their readiness
    (:func:`bulog_ready`), warehouses and weekly allocation per kabupaten
    (``berlaku_untuk`` in ``data/parameter.toml``), distances.
:mod:`~kdkmp_analysis.distribution.scenario`
    :class:`Scenario` (stable ``key``, Indonesian ``name``),
    :func:`default_scenarios`, :func:`scenario_problem`,
    :func:`nothing_to_site`.
:mod:`~kdkmp_analysis.distribution.plan`
    :func:`plan`: partners (:func:`site_partners`), reach
    (:func:`assign_capacity`), caps, supply, trucks.
:mod:`~kdkmp_analysis.distribution.presets`
    Branch quota, price, consumer-limit and calendar presets with sources.
:mod:`~kdkmp_analysis.distribution.model`
    The weekly model: partner demand (:func:`partner_request`), stock,
    orders under quota and cash, pro rata supply (:func:`ration`), lead
    time, sales, causes, transport; :func:`draw`, :func:`weekly_model`.
:mod:`~kdkmp_analysis.distribution.results`
    :func:`simulate`, :class:`SimulationResult`, the summary and what
    limits the need (``pembatas_*``), :func:`compare`, the map joins.
:mod:`~kdkmp_analysis.distribution.montecarlo`
    :func:`monte_carlo`: P10/P50/P90 bands of per-run draws, ``pasti``.
:mod:`~kdkmp_analysis.distribution.reference`
    :func:`reference_loop`, the plain-Python reference of the model.
:mod:`~kdkmp_analysis.distribution.backtest`
    ``backtest.backtest()``: the model under the realised conditions against the
    published KDKMP-channel figures (§5 of issue 12).
:mod:`~kdkmp_analysis.distribution.business`
    :func:`business_case`: the cooperative's margin, working capital,
    break-even and Himbara loan per partner; :func:`business_summary`.
:mod:`~kdkmp_analysis.distribution.served`
    :func:`served_demand`: what a partner set serves per week within caps,
    reach and allocation (transportation LP, split sourcing).
:mod:`~kdkmp_analysis.distribution.placement`
    :func:`site_served`: N partners by served demand (greedy start proven by
    the capacity bound, else HiGHS; bound and gap), :func:`random_baseline`,
    :func:`binding_text`.
:mod:`~kdkmp_analysis.distribution.ranking`
    :func:`rank_candidates`: the forum's order by marginal served demand
    (Bulog) or people newly within reach (the others), counted once.
:mod:`~kdkmp_analysis.distribution.assign`
    :func:`assign_warehouses`: one warehouse per partner and week within the
    allocation (a transportation problem; a forced split is reported).
:mod:`~kdkmp_analysis.distribution.routes`
    :func:`weekly_routes`: the week's truck rits per warehouse (capacitated
    routing with a working day; OR-Tools, savings fallback) against today's
    dedicated trips.
:mod:`~kdkmp_analysis.distribution.freight`
    :func:`transport_terms`: cost per kg beside the margin and the HET, and
    who pays; the transport columns of ``skenario.csv`` and ``rute.csv``.
:mod:`~kdkmp_analysis.distribution.lpg`
    :func:`lpg_case`: LPG 3 kg through the cooperative's outlet — tubes,
    quota, margin, working capital, break-even, the pangkalan check;
    :func:`lpg_summary`, :func:`lpg_kecamatan`, :func:`write_lpg_csv`.

Examples
--------
>>> from kdkmp_analysis import distribution as ds
>>> net = ds.prepare()                                  # doctest: +SKIP
>>> summary, by_kec = ds.compare(net, ds.default_scenarios())  # doctest: +SKIP
>>> summary.loc["siap_batas_2t", "skenario"]            # doctest: +SKIP
'Semua koperasi siap, batas 2 t'
"""

from __future__ import annotations

from kdkmp_analysis.distribution import presets, report
from kdkmp_analysis.distribution.assign import (
    WarehouseAssignment,
    assign_sources,
    assign_warehouses,
    week_amounts,
)
from kdkmp_analysis.distribution.backtest import (
    AVERAGE_DESA,
    CHECKS,
    FACTOR,
    Published,
    backtest_text,
    transaction_tonnes,
    unit_network,
    unit_rice,
)
from kdkmp_analysis.distribution.business import (
    COUNTER_COLUMNS,
    FIXED_COST_KEYS,
    annuity,
    business_case,
    business_cases,
    business_summary,
    cash_limited_weeks,
    fixed_costs,
    order_size_t,
    plan_prices,
)
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    MONTHS_PER_YEAR,
    WEEKS_PER_YEAR,
    Commodity,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.freight import (
    payer_text,
    route_table,
    scenario_transport,
    transport_terms,
)
from kdkmp_analysis.distribution.loop import week_loop_numpy
from kdkmp_analysis.distribution.lpg import (
    LPG_CSV,
    LPG_KEYS,
    LpgValues,
    lpg_case,
    lpg_kecamatan,
    lpg_summary,
    lpg_table,
    lpg_values,
    pangkalan_check,
    write_lpg_csv,
)
from kdkmp_analysis.distribution.model import (
    CAUSES,
    ENGINES,
    Draws,
    Uncertainty,
    draw,
    group_last,
    partner_request,
    ration,
    transport,
    weekly_model,
)
from kdkmp_analysis.distribution.montecarlo import (
    CHUNK,
    PASTI_TEXT,
    MonteCarloResult,
    monte_carlo,
)
from kdkmp_analysis.distribution.network import (
    ALLOCATION_KEYS,
    WAREHOUSE_COLUMNS,
    Network,
    allocation_bands,
    bulog_ready,
    prepare,
    trucks,
    warehouses,
    weekly_allocation,
)
from kdkmp_analysis.distribution.placement import (
    BINDING_TEXT,
    Placement,
    RandomBaseline,
    ServedSiting,
    binding_text,
    capacity_binding_everywhere,
    comparison_text,
    random_baseline,
    site_served,
)
from kdkmp_analysis.distribution.plan import (
    STATUS_LP_ROUNDED,
    Plan,
    assign_capacity,
    plan,
    site_partners,
)
from kdkmp_analysis.distribution.ranking import (
    FLOW_PROGRAMMES,
    Ranking,
    rank_candidates,
)
from kdkmp_analysis.distribution.reference import (
    reference_loop,
)
from kdkmp_analysis.distribution.report import (
    ScenarioOptions,
    plan_heading,
    preset_lines,
    share_text,
)
from kdkmp_analysis.distribution.results import (
    ACCESS_LABEL,
    BASE_CHANNEL,
    BASE_HOUSEHOLD,
    LIMITS,
    SCENARIO_INDEX,
    SimulationResult,
    compare,
    coverage_text,
    household_base,
    household_need,
    kecamatan_layer,
    kecamatan_table,
    partner_roles,
    scenario_table,
    simulate,
)
from kdkmp_analysis.distribution.routes import (
    RouteResult,
    Routes,
    solve_routes,
    weekly_routes,
)
from kdkmp_analysis.distribution.scenario import (
    ASSIGNMENTS,
    DEFAULT_KEYS,
    PARTNER_MODES,
    PLAN_KEY,
    Scenario,
    ScenarioMap,
    default_scenarios,
    nothing_to_site,
    ready_mask,
    scenario_problem,
    siting_candidates,
    status_problem,
)
from kdkmp_analysis.distribution.served import ServedResult, served_demand

__all__ = [
    "BINDING_TEXT",
    "FLOW_PROGRAMMES",
    "Placement",
    "RandomBaseline",
    "Ranking",
    "ServedResult",
    "ServedSiting",
    "binding_text",
    "capacity_binding_everywhere",
    "comparison_text",
    "random_baseline",
    "rank_candidates",
    "served_demand",
    "site_served",
    "ACCESS_LABEL",
    "AVERAGE_DESA",
    "CHECKS",
    "COUNTER_COLUMNS",
    "FACTOR",
    "Published",
    "backtest",
    "backtest_text",
    "cash_limited_weeks",
    "order_size_t",
    "plan_prices",
    "transaction_tonnes",
    "unit_network",
    "unit_rice",
    "ALLOCATION_KEYS",
    "ASSIGNMENTS",
    "BASE_CHANNEL",
    "BASE_HOUSEHOLD",
    "CAUSES",
    "CHUNK",
    "ENGINES",
    "Draws",
    "PASTI_TEXT",
    "PLAN_KEY",
    "COMMODITIES",
    "Commodity",
    "DEFAULT_KEYS",
    "DistributionError",
    "FIXED_COST_KEYS",
    "LIMITS",
    "MONTHS_PER_YEAR",
    "MonteCarloResult",
    "Network",
    "PARTNER_MODES",
    "Plan",
    "SCENARIO_INDEX",
    "ScenarioOptions",
    "plan_heading",
    "preset_lines",
    "report",
    "share_text",
    "STATUS_LP_ROUNDED",
    "Scenario",
    "ScenarioMap",
    "SimulationResult",
    "Uncertainty",
    "WAREHOUSE_COLUMNS",
    "WEEKS_PER_YEAR",
    "annuity",
    "allocation_bands",
    "assign_capacity",
    "bulog_ready",
    "business_case",
    "business_cases",
    "business_summary",
    "commodity",
    "compare",
    "coverage_text",
    "default_scenarios",
    "draw",
    "fixed_costs",
    "group_last",
    "household_base",
    "household_need",
    "kecamatan_layer",
    "kecamatan_table",
    "monte_carlo",
    "nothing_to_site",
    "partner_request",
    "partner_roles",
    "plan",
    "prepare",
    "presets",
    "ration",
    "ready_mask",
    "reference_loop",
    "scenario_problem",
    "scenario_table",
    "simulate",
    "site_partners",
    "siting_candidates",
    "status_problem",
    "transport",
    "trucks",
    "warehouses",
    "weekly_allocation",
    "week_loop_numpy",
    "weekly_model",
    "LPG_CSV",
    "LPG_KEYS",
    "LpgValues",
    "lpg_case",
    "lpg_kecamatan",
    "lpg_summary",
    "lpg_table",
    "lpg_values",
    "pangkalan_check",
    "write_lpg_csv",
    "RouteResult",
    "Routes",
    "WarehouseAssignment",
    "assign_sources",
    "assign_warehouses",
    "payer_text",
    "route_table",
    "scenario_transport",
    "solve_routes",
    "transport_terms",
    "week_amounts",
    "weekly_routes",
]
