"""Weekly distribution of Bulog SPHP rice, cooking oil and sugar through partner cooperatives.

The planning question: if the partner cooperatives distribute the SPHP
commodities and Bulog gives each up to 2 t of rice a week, how much of the
need is covered, where, with how many and which partners, from which
warehouse and at what transport effort?

Model (one week :math:`t`, one commodity :math:`c`; all in the commodity's
unit, t or kl)
------------------------------------------------------------------------------
*Demand* of desa :math:`d`:

.. math::

    D_{tcd} = P_d \\cdot k_c \\cdot s \\cdot \\tfrac{12}{52} \\cdot \\varepsilon_{tcd},

with population :math:`P_d` (:mod:`kdkmp_analysis.region.population`, ``perkiraan``
by default), monthly consumption per capita :math:`k_c` (``[konsumsi]``),
the channel share :math:`s` (a scenario knob) and, in the Monte Carlo only,
noise :math:`\\varepsilon \\sim U(1-a, 1+a)` with :math:`a = \\sqrt3\\,cv` (mean
1, coefficient of variation :math:`cv`). A year has 12 months and 52 weeks:
``× 12/52`` turns monthly into weekly need.

*Reach*: each desa is served by one partner within ``max_km`` road km —
the nearest (``assignment="nearest"``), or the one an LP chooses so that no
partner gets more demand than its cap while others idle
(``assignment="capacity"``, :func:`assign_capacity`). Desa without a
partner in reach are *tidak terjangkau*: all their demand is unmet.

*Orders*: partner :math:`p` orders :math:`q_{tcp} = \\min(K_c, \\sum_{d \\to p}
D_{tcd})` — its weekly cap (``bulog.batas_beras_per_mitra_t_minggu`` = 2 t
for rice) or its desa' demand, whichever is smaller.

*Supply*: warehouse :math:`w` has a weekly allocation :math:`S_{tcw}` (no
carry-over: what is not shipped in a week stays with Bulog). The allocation
for this channel is not published: ``distribusi.alokasi_beras_t_minggu`` is
an ``ilustrasi`` figure (the Dec 2025 Pasuruan stock snapshot ÷ 52 only sets
its order of magnitude; a stock is replenished, so it is neither a yearly
flow nor a bound). Every summary says which factor leaves need unmet
(``pembatas_*``: reach, the per-partner cap or the warehouse supply). Each partner is
supplied by its nearest warehouse first; a warehouse short of stock ships
every order it serves the same fraction :math:`\\min(1, S/\\sum q)`
(**pro rata rationing**); what remains unserved is offered to the next
nearest warehouse with stock left, by the same rule.

*Last mile*: a partner splits what it received over its desa pro rata to
their demand, so every desa of a partner gets the same fill rate.

*Transport*: road km = great-circle km × circuity (1.35; band 1.2–1.6).
A partner takes deliveries of at most its own storage
(``kapasitas_gudang_t``; at least ``distribusi.drop_minimum_t``; unknown →
that minimum) and at most a truck load, with the smallest truck class that
carries it (``[truk]``): trips = ⌈received t / drop⌉ per warehouse; ton-km =
t × km (loaded leg); vehicle-km = 2 × trips × km.

Invariants, checked by :meth:`SimulationResult.invariant_violations` and the
tests: received ≤ cap per partner, week and commodity; shipped ≤ stock per
warehouse; delivered ≤ demand per desa; mass balance every week (stock =
shipped + left; shipped = received = delivered; demand = delivered + unmet);
the same seed gives identical results.

Every result says what it rests on: population ``perkiraan`` unless a BPS
file was loaded; cooperative statuses ``ilustrasi`` for the default
register; warehouse points ``perkiraan``; the weekly allocations, caps for
oil and sugar, the channel share and the Monte Carlo settings ``ilustrasi``
(``data/parameter.toml``). Scenarios that the register's statuses cannot
support (e.g. Bulog readiness unknown after a SIMKOPDES import) are not
evaluated: :func:`scenario_problem` says why and :func:`compare` lists them.

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
:mod:`~kdkmp_analysis.distribution.model`
    The weekly model: orders — **where the per-partner cap (2 t/week rice)
    is applied** (:func:`partner_orders`) — pro rata supply
    (:func:`ration`), deliveries, transport; :func:`weekly_model`.
:mod:`~kdkmp_analysis.distribution.results`
    :func:`simulate`, :class:`SimulationResult`, the summary and what
    limits the need (``pembatas_*``), :func:`compare`, the map joins.
:mod:`~kdkmp_analysis.distribution.montecarlo`
    :func:`monte_carlo`: P10/P50/P90 bands.
:mod:`~kdkmp_analysis.distribution.reference`
    :func:`reference_loop`, the plain-Python reference of the model.
:mod:`~kdkmp_analysis.distribution.business`
    :func:`business_case`: the cooperative's margin, working capital,
    break-even and Himbara loan per partner; :func:`business_summary`.

Examples
--------
>>> from kdkmp_analysis import distribution as ds
>>> net = ds.prepare()                                  # doctest: +SKIP
>>> summary, by_kec = ds.compare(net, ds.default_scenarios())  # doctest: +SKIP
>>> summary.loc["siap_batas_2t", "skenario"]            # doctest: +SKIP
'Semua koperasi siap, batas 2 t'
"""

from __future__ import annotations

from kdkmp_analysis.distribution.business import (
    FIXED_COST_KEYS,
    annuity,
    business_case,
    business_cases,
    business_summary,
    fixed_costs,
)
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    MONTHS_PER_YEAR,
    WEEKS_PER_YEAR,
    Commodity,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.model import (
    CAUSES,
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
    bulog_ready,
    prepare,
    trucks,
    warehouses,
    weekly_allocation,
)
from kdkmp_analysis.distribution.plan import (
    STATUS_LP_ROUNDED,
    Plan,
    assign_capacity,
    plan,
    site_partners,
)
from kdkmp_analysis.distribution.reference import (
    reference_loop,
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

__all__ = [
    "ACCESS_LABEL",
    "ALLOCATION_KEYS",
    "ASSIGNMENTS",
    "BASE_CHANNEL",
    "BASE_HOUSEHOLD",
    "CAUSES",
    "CHUNK",
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
    "STATUS_LP_ROUNDED",
    "Scenario",
    "ScenarioMap",
    "SimulationResult",
    "Uncertainty",
    "WAREHOUSE_COLUMNS",
    "WEEKS_PER_YEAR",
    "annuity",
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
    "weekly_model",
]
