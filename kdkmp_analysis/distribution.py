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
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import config, params, siting
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "ASSIGNMENTS",
    "COMMODITIES",
    "PARTNER_MODES",
    "Commodity",
    "DistributionError",
    "MonteCarloResult",
    "Network",
    "Plan",
    "Scenario",
    "SimulationResult",
    "Uncertainty",
    "assign_capacity",
    "bulog_ready",
    "commodity",
    "compare",
    "default_scenarios",
    "kecamatan_layer",
    "monte_carlo",
    "partner_roles",
    "plan",
    "prepare",
    "reference_loop",
    "scenario_problem",
    "simulate",
    "site_partners",
    "warehouses",
    "with_knobs",
]

#: Months and weeks in a year: weekly need = monthly need × 12/52.
MONTHS_PER_YEAR = 12
WEEKS_PER_YEAR = 52

#: How a desa finds its partner.
ASSIGNMENTS = ("nearest", "capacity")
#: Which cooperatives are partners: ``current`` (``mitra_bulog`` true),
#: ``ready`` (:func:`bulog_ready`), ``sited`` (:func:`site_partners`),
#: ``all`` (every cooperative with a point) — or a tuple of ``koperasi_id``.
PARTNER_MODES = ("current", "ready", "sited", "all")

_STATUS_OPTIMAL = siting.STATUS_OPTIMAL
_STATUS_FEASIBLE = siting.STATUS_FEASIBLE
#: Capacity assignment from a rounded LP relaxation: never claimed optimal.
STATUS_LP_ROUNDED = "pembulatan LP (tidak terbukti optimal)"
#: Share of the channel need below which a limiting factor is not named.
_BINDING_SHARE = 0.001


class DistributionError(KdkmpError, ValueError):
    """A distribution scenario or input that cannot be simulated as given."""


# ---------------------------------------------------------------------------
# Commodities
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Commodity:
    """One SPHP commodity.

    Attributes
    ----------
    key : str
        ``beras``, ``minyak_goreng`` or ``gula`` (the ``[konsumsi]`` keys).
    label : str
        Indonesian display name.
    unit : str
        Unit of every amount: ``t`` or ``kl`` (1,000 litres).
    per_capita_month : float
        Household consumption per capita per month, in the unit of
        ``[konsumsi]`` (kg or litres).
    cap : float
        Default weekly cap per partner, in ``unit``.
    mass_t_per_unit : float
        Tonnes per unit (for trucks and ton-km).
    """

    key: str
    label: str
    unit: str
    per_capita_month: float
    cap: float
    mass_t_per_unit: float

    @property
    def weekly_per_capita(self) -> float:
        """Weekly need per capita in ``unit`` (× 12/52, kg or l → t or kl)."""
        return self.per_capita_month * MONTHS_PER_YEAR / WEEKS_PER_YEAR / 1000.0


#: Commodity keys in model order.
COMMODITIES = ("beras", "minyak_goreng", "gula")
_LABELS = {
    "beras": ("Beras SPHP", "t", "bulog.batas_beras_per_mitra_t_minggu"),
    "minyak_goreng": (
        "Minyak goreng (Minyakita)",
        "kl",
        "distribusi.batas_minyak_per_mitra_kl_minggu",
    ),
    "gula": ("Gula pasir", "t", "distribusi.batas_gula_per_mitra_t_minggu"),
}


def commodity(key: str) -> Commodity:
    """The :class:`Commodity` of a key, with today's parameter values.

    Raises
    ------
    DistributionError
        For an unknown key.
    """
    if key not in _LABELS:
        raise DistributionError(
            f"komoditas {key!r} tidak dikenal; pilih: {', '.join(COMMODITIES)}"
        )
    label, unit, cap_key = _LABELS[key]
    mass = (
        1.0 if unit == "t" else float(params.value("distribusi.massa_minyak_t_per_kl"))
    )
    return Commodity(
        key=key,
        label=label,
        unit=unit,
        per_capita_month=float(params.value(f"konsumsi.{key}")),
        cap=float(params.value(cap_key)),
        mass_t_per_unit=mass,
    )


# ---------------------------------------------------------------------------
# Readiness and warehouses
# ---------------------------------------------------------------------------
def bulog_ready(register: pd.DataFrame) -> pd.Series:
    """Readiness of each cooperative to partner with Bulog (SPHP).

    The verdict of the programme catalogue
    (:func:`kdkmp_analysis.gaps.readiness`, programme ``bulog_sphp``) when
    the register can be assessed there; otherwise this module's own rule,
    the same requirements: a legal entity (``badan_hukum``) holding an
    ``nib`` and an ``npwp`` (Bulog asks for akta, NIB, NPWP and the board's
    KTP, which no register column holds).

    Parameters
    ----------
    register : pandas.DataFrame
        A register following :data:`kdkmp_analysis.register.SCHEMA`.

    Returns
    -------
    pandas.Series
        Nullable boolean: ``True`` ready, ``False`` a paper is missing,
        ``<NA>`` not assessable (a status is unknown and none is missing).
        Partner selection treats ``<NA>`` as not ready.
    """
    try:
        from kdkmp_analysis import gaps

        verdict = gaps.readiness(register, ["bulog_sphp"])["kesiapan"].to_numpy()
    except (ImportError, KdkmpError, KeyError):
        verdict = None
    if verdict is not None and len(verdict) == len(register):
        vals = [
            True if v == gaps.SIAP else False if v == gaps.BELUM_SIAP else pd.NA
            for v in verdict
        ]
        out = pd.Series(pd.array(vals, dtype="boolean"), index=register.index)
    else:
        out = pd.Series(True, index=register.index, dtype="boolean")
        for c in ("badan_hukum", "nib", "npwp"):
            s = (
                register[c].astype("boolean")
                if c in register
                else pd.Series(pd.NA, index=register.index, dtype="boolean")
            )
            out = out & s  # Kleene logic: False wins, else NA, else True
    out.name = "siap_bulog"
    return out


def warehouses(kab_code: str = config.DEFAULT_KABUPATEN) -> pd.DataFrame:
    """The Bulog warehouses serving a kabupaten, from ``[gudang_bulog]``.

    Returns
    -------
    pandas.DataFrame
        ``gudang`` (key), ``nama``, ``lat``, ``lon``, ``porsi_alokasi``,
        ``status_titik`` (``perkiraan``: approximate points, not the real
        warehouse addresses).

    Raises
    ------
    DistributionError
        When the parameter file has no warehouse for this kabupaten: pass
        your own table to :func:`prepare` (``warehouse=``).
    """
    table = params.load().get("gudang_bulog", {})
    rows = [
        {
            "gudang": key,
            "nama": e["nama"],
            "lat": float(e["lat"]),
            "lon": float(e["lon"]),
            "porsi_alokasi": float(e["porsi_alokasi"]),
            "status_titik": e.get("status", "data"),
        }
        for key, e in table.items()
        if e.get("berlaku_untuk") == kab_code
    ]
    if not rows:
        raise DistributionError(
            f"lokasi gudang Bulog untuk kabupaten {kab_code} belum ada di "
            "data/parameter.toml [gudang_bulog]; berikan tabel gudang sendiri "
            "(kolom gudang, nama, lat, lon, porsi_alokasi)"
        )
    return pd.DataFrame(rows)


def _weekly_allocation(kab_code: str) -> dict[str, float]:
    """Weekly allocation per commodity for the whole kabupaten."""
    if kab_code != "35.14":
        raise DistributionError(
            f"alokasi mingguan Bulog untuk kabupaten {kab_code} belum ada; berikan "
            "alokasi sendiri (argumen allocation=)"
        )
    return {
        "beras": float(params.value("distribusi.alokasi_beras_t_minggu")),
        "minyak_goreng": float(params.value("distribusi.alokasi_minyak_kl_minggu")),
        "gula": float(params.value("distribusi.alokasi_gula_t_minggu")),
    }


def _trucks() -> pd.DataFrame:
    rows = [
        {
            "truk": k,
            "nama": e["nama"],
            "kapasitas_t": float(e["kapasitas_t"]),
            "biaya_rp_per_km": float(e["biaya_rp_per_km"]),
        }
        for k, e in params.load()["truk"].items()
    ]
    return pd.DataFrame(rows).sort_values("kapasitas_t", ignore_index=True)


# ---------------------------------------------------------------------------
# Network: the fixed geography of one register + population
# ---------------------------------------------------------------------------
@dataclass
class Network:
    """Desa, cooperatives, warehouses and their great-circle distances.

    Built once by :func:`prepare`; every scenario runs on it.

    Attributes
    ----------
    kab_code : str
        Kemendagri kabupaten code.
    desa : pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``kode_kecamatan``, ``nama_kecamatan``,
        ``penduduk``, ``lat``, ``lon`` (desa centroids).
    koperasi : pandas.DataFrame
        Cooperatives with a point: ``koperasi_id``, ``nama_koperasi``,
        ``kode_desa``, ``nama_desa``, ``nama_kecamatan``, ``lat``, ``lon``,
        ``kapasitas_gudang_t``, ``mitra_bulog``, ``siap_bulog``.
    gudang : pandas.DataFrame
        Warehouses (see :func:`warehouses`).
    allocation : dict
        Weekly allocation per commodity for the kabupaten (unit of the
        commodity), split over warehouses by ``porsi_alokasi``.
    gc_desa_kop : numpy.ndarray
        Great-circle km, desa × cooperative.
    gc_kop_gudang : numpy.ndarray
        Great-circle km, cooperative × warehouse.
    status_penduduk : str
        ``perkiraan`` or ``data``.
    status_data : str
        ``ilustrasi`` (default register) or ``impor``.
    excluded : pandas.DataFrame
        Register rows left out (no coordinates), with the reason.
    status_alokasi : str
        ``ilustrasi`` (allocation from ``data/parameter.toml``) or ``data``
        (passed to :func:`prepare`).
    """

    kab_code: str
    desa: pd.DataFrame
    koperasi: pd.DataFrame
    gudang: pd.DataFrame
    allocation: dict[str, float]
    gc_desa_kop: np.ndarray
    gc_kop_gudang: np.ndarray
    status_penduduk: str
    status_data: str
    excluded: pd.DataFrame
    status_alokasi: str = "ilustrasi"
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        """One-line data label for titles and captions (Indonesian)."""
        parts = []
        if self.status_data == "ilustrasi":
            parts.append("status koperasi ILUSTRASI")
        parts.append(f"penduduk {self.status_penduduk}")
        if (self.gudang["status_titik"] != "data").any():
            parts.append("titik gudang perkiraan")
        if self.status_alokasi == "ilustrasi":
            parts.append("alokasi mingguan Bulog ilustrasi")
        return "; ".join(parts)


def prepare(
    register: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    *,
    kab_code: str | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    warehouse: pd.DataFrame | None = None,
    allocation: dict[str, float] | None = None,
) -> Network:
    """Build the :class:`Network` of a register and a population table.

    Parameters
    ----------
    register : pandas.DataFrame, optional
        The cooperatives (default: the ``ilustrasi`` default register).
    population : pandas.DataFrame, optional
        :func:`kdkmp_analysis.region.population.desa_population` output (default:
        its ``perkiraan`` estimate; pass the result of a BPS file instead).
    kab_code : str, optional
        Kabupaten code (default: the register's, else ``35.14``).
    desa_polygons : GeoDataFrame, optional
        For the population estimate's area weights.
    warehouse : pandas.DataFrame, optional
        Own warehouse table (columns of :func:`warehouses`).
    allocation : dict, optional
        Weekly allocation per commodity key (t or kl) for the kabupaten.

    Returns
    -------
    Network

    Raises
    ------
    DistributionError
        Population not covering the register's desa, no warehouse/allocation
        for the kabupaten, or a register with no cooperative point at all.
    """
    from kdkmp_analysis.region import population as population_mod
    from kdkmp_analysis import region
    from kdkmp_analysis import register as register_mod

    if kab_code is None:
        if register is not None and len(register):
            kab_code = str(register["kode_kabupaten"].dropna().iloc[0])
        else:
            kab_code = config.DEFAULT_KABUPATEN
    kab = region.resolve_kabupaten(kab_code)
    if register is None:
        register = register_mod.default_register(kab.code)
    if population is None:
        population = population_mod.desa_population(kab.code, desa_polygons)
    desa_ref = region.load_desa(kab.code)[
        ["kode_desa", "kode_kecamatan", "nama_kecamatan", "lat", "lon"]
    ]
    pop = population[["kode_desa", "nama_desa", "penduduk"]].merge(
        desa_ref, on="kode_desa", how="left", validate="one_to_one"
    )
    if pop["lat"].isna().any():
        bad = pop.loc[pop["lat"].isna(), "kode_desa"].head(5).tolist()
        raise DistributionError(
            f"kode desa penduduk tidak ada di {kab.name}: {', '.join(bad)}"
        )
    desa = pop[
        [
            "kode_desa",
            "nama_desa",
            "kode_kecamatan",
            "nama_kecamatan",
            "penduduk",
            "lat",
            "lon",
        ]
    ].reset_index(drop=True)
    desa["penduduk"] = desa["penduduk"].astype(float)
    reg = register.reset_index(drop=True)
    has_point = reg["lat"].notna() & reg["lon"].notna()
    excluded = reg.loc[~has_point, ["koperasi_id", "nama_koperasi", "kode_desa"]].copy()
    excluded["alasan"] = "tanpa koordinat: tidak dapat menjadi mitra penyalur"
    reg = reg[has_point].reset_index(drop=True)
    if reg.empty:
        raise DistributionError("register tidak berisi satu pun koperasi bertitik")
    ready = bulog_ready(reg)
    kop = pd.DataFrame(
        {
            "koperasi_id": reg["koperasi_id"].astype(str),
            "nama_koperasi": reg["nama_koperasi"].astype(str),
            "kode_desa": reg["kode_desa"].astype(str),
            "nama_desa": reg["nama_desa"].astype(str),
            "nama_kecamatan": reg["nama_kecamatan"].astype(str),
            "lat": reg["lat"].astype(float),
            "lon": reg["lon"].astype(float),
            "kapasitas_gudang_t": reg["kapasitas_gudang_t"].astype("Float64"),
            "mitra_bulog": reg["mitra_bulog"].astype("boolean"),
            "siap_bulog": ready.to_numpy(),
        }
    )
    gud = (warehouse if warehouse is not None else warehouses(kab.code)).copy()
    if "status_titik" not in gud:
        gud["status_titik"] = "data"
    alloc = dict(allocation) if allocation is not None else _weekly_allocation(kab.code)
    missing = [c for c in COMMODITIES if c not in alloc]
    if missing:
        raise DistributionError(
            f"alokasi mingguan tidak ada untuk: {', '.join(missing)}"
        )
    return Network(
        kab_code=kab.code,
        desa=desa,
        koperasi=kop,
        gudang=gud.reset_index(drop=True),
        allocation=alloc,
        gc_desa_kop=siting.distance_matrix(
            desa["lat"], desa["lon"], kop["lat"], kop["lon"]
        ),
        gc_kop_gudang=siting.distance_matrix(
            kop["lat"], kop["lon"], gud["lat"], gud["lon"]
        ),
        status_penduduk=str(population.attrs.get("status_penduduk", "perkiraan")),
        status_data=str(register.attrs.get("status_data", "impor")),
        excluded=excluded.reset_index(drop=True),
        status_alokasi="data" if allocation is not None else "ilustrasi",
    )


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """One what-if: which partners, which caps, which share of the need.

    ``None`` fields take the value of ``data/parameter.toml``.

    Attributes
    ----------
    name : str
        Indonesian label shown in tables and charts (default: from
        ``partners``, e.g. "Mitra Bulog saat ini").
    partners : str or tuple of str
        One of :data:`PARTNER_MODES` or a tuple of ``koperasi_id``.
    n_partners : int, optional
        Number of partners for ``partners="sited"`` (existing ones included
        when ``keep_existing``).
    keep_existing : bool
        ``sited``: current Bulog partners stay partners.
    siting_candidates : {"ready", "all"}
        ``sited``: who may be chosen.
    include_unassessed : bool
        ``ready`` partners and ``ready`` siting candidates include the
        cooperatives whose Bulog readiness cannot be assessed (a status is
        unknown, e.g. ``badan_hukum`` after a SIMKOPDES import) — an
        assumption the default name and the summary say.
    cap_rice_t, cap_oil_kl, cap_sugar_t : float, optional
        Weekly cap per partner.
    share : float, optional
        Share of the household need served through this channel (0–1).
    circuity : float, optional
        Road/great-circle factor.
    max_km : float, optional
        Maximum road km from a desa to its partner (and siting radius).
    assignment : {"nearest", "capacity"}
        How desa find their partner.
    supply_factor : float
        Multiplies the weekly allocation (e.g. 0.5 = half the stock).
    weeks : int, optional
        Horizon in weeks.
    """

    name: str = ""
    partners: str | tuple[str, ...] = "ready"
    n_partners: int | None = None
    keep_existing: bool = True
    siting_candidates: str = "ready"
    include_unassessed: bool = False
    cap_rice_t: float | None = None
    cap_oil_kl: float | None = None
    cap_sugar_t: float | None = None
    share: float | None = None
    circuity: float | None = None
    max_km: float | None = None
    assignment: str = "nearest"
    supply_factor: float = 1.0
    weeks: int | None = None

    def __post_init__(self) -> None:
        if not self.name:
            mode = self.partners
            ready = (
                "Koperasi siap + belum dinilai"
                if self.include_unassessed
                else "Semua koperasi siap"
            )
            names = {
                "current": "Mitra Bulog saat ini",
                "ready": ready,
                "all": "Semua koperasi",
                "sited": f"{self.n_partners} mitra terpilih",
            }
            label = (
                names.get(mode, str(mode))
                if isinstance(mode, str)
                else f"{len(mode)} koperasi pilihan"
            )
            object.__setattr__(self, "name", label)

    def resolved(self) -> dict[str, Any]:
        """Every knob with its effective value (parameters filled in)."""
        caps = {
            "beras": self.cap_rice_t,
            "minyak_goreng": self.cap_oil_kl,
            "gula": self.cap_sugar_t,
        }
        return {
            "caps": {
                k: float(commodity(k).cap if v is None else v) for k, v in caps.items()
            },
            "share": float(
                params.value("distribusi.porsi_saluran")
                if self.share is None
                else self.share
            ),
            "circuity": float(
                params.value("distribusi.faktor_sirkuitas")
                if self.circuity is None
                else self.circuity
            ),
            "max_km": float(
                params.value("distribusi.jarak_layanan_km")
                if self.max_km is None
                else self.max_km
            ),
            "weeks": int(
                params.value("distribusi.jumlah_minggu")
                if self.weeks is None
                else self.weeks
            ),
        }


def default_scenarios(
    n_sited: int = 30, include_unassessed: bool = False
) -> list[Scenario]:
    """The standard side-by-side set of the notebook and the ``simulate`` command.

    Parameters
    ----------
    n_sited : int
        Partners in the sited scenario.
    include_unassessed : bool
        Count cooperatives whose Bulog readiness cannot be assessed as ready
        (see :attr:`Scenario.include_unassessed`); the names then say
        "siap + belum dinilai".

    Returns
    -------
    list of Scenario
        Current partners only; all ready cooperatives (cap 1, 2, 3 t); N sited
        partners; all ready with half the channel share.
    """
    share = float(params.value("distribusi.porsi_saluran"))
    ready = (
        "Koperasi siap + belum dinilai" if include_unassessed else "Semua koperasi siap"
    )
    sited = " + belum dinilai" if include_unassessed else ""
    kw = {"include_unassessed": include_unassessed}
    return [
        Scenario("Mitra Bulog saat ini", partners="current"),
        Scenario(f"{ready}, batas 1 t", partners="ready", cap_rice_t=1.0, **kw),
        Scenario(f"{ready}, batas 2 t", partners="ready", cap_rice_t=2.0, **kw),
        Scenario(f"{ready}, batas 3 t", partners="ready", cap_rice_t=3.0, **kw),
        Scenario(
            f"{n_sited} mitra terpilih (penempatan{sited})",
            partners="sited",
            n_partners=n_sited,
            **kw,
        ),
        Scenario(
            f"{ready}, porsi saluran {share / 2:.0%}",
            partners="ready",
            share=share / 2,
            **kw,
        ),
    ]


def _ready_mask(kop: pd.DataFrame, include_unassessed: bool) -> np.ndarray:
    """Bulog-ready cooperatives (``<NA>`` counted only when asked)."""
    ready = kop["siap_bulog"].astype("boolean")
    return ready.fillna(include_unassessed).to_numpy(dtype=bool)


def scenario_problem(network: Network, scenario: Scenario) -> str | None:
    """Why the register's statuses cannot support a scenario, or ``None``.

    A scenario is *not evaluable* when its partners depend on statuses that
    are unknown, so any figure would silently count "unknown" as "no":

    * ``current``: no cooperative is known to partner with Bulog and some
      ``mitra_bulog`` are unknown;
    * ``ready``: no cooperative is known to be ready and the readiness of
      some cannot be assessed (unless ``include_unassessed``);
    * ``sited`` with ready candidates: fewer known candidates than partners
      asked for while some readiness is unknown.

    User mistakes (a partner count below the current partners, or above all
    cooperatives) are not reported here: :func:`plan` raises for them.

    Parameters
    ----------
    network : Network
    scenario : Scenario

    Returns
    -------
    str or None
        The reason in Indonesian, for tables and the command line.
    """
    mode = scenario.partners
    if not isinstance(mode, str):
        return None
    kop = network.koperasi
    n = len(kop)
    mitra = kop["mitra_bulog"].astype("boolean")
    n_mitra_na = int(mitra.isna().sum())
    if mode == "current":
        if n_mitra_na and not mitra.fillna(False).any():
            return (
                f"status mitra Bulog tidak diketahui untuk {n_mitra_na} dari {n} koperasi "
                "dan tidak satu pun tercatat sebagai mitra (kolom mitra_bulog kosong)"
            )
        return None
    uses_ready = mode == "ready" or (
        mode == "sited" and scenario.siting_candidates == "ready"
    )
    n_ready_na = int(kop["siap_bulog"].isna().sum())
    if not uses_ready or not n_ready_na or scenario.include_unassessed:
        return None
    hint = (
        f"; kesiapan Bulog (badan_hukum, nib, npwp) tidak dapat dinilai untuk "
        f"{n_ready_na} dari {n} koperasi — lengkapi statusnya, atau hitung mereka "
        "sebagai kandidat (opsi --kandidat-belum-dinilai, ditandai)"
    )
    n_ready = int(_ready_mask(kop, False).sum())
    if mode == "ready":
        return None if n_ready else f"tidak ada koperasi yang diketahui siap{hint}"
    if scenario.n_partners is None:
        return None
    fixed = mitra.fillna(False).to_numpy(dtype=bool) if scenario.keep_existing else 0
    n_cand = int((_ready_mask(kop, False) | fixed).sum())
    if scenario.n_partners > n_cand:
        return (
            f"jumlah mitra {scenario.n_partners} melebihi {n_cand} koperasi yang "
            f"diketahui siap{hint}"
        )
    return None


# ---------------------------------------------------------------------------
# Plan: a scenario resolved on a network (partners, reach, caps, supply)
# ---------------------------------------------------------------------------
@dataclass
class Plan:
    """A scenario resolved on a network: arrays the simulation runs on.

    Desa are re-ordered so that each partner's desa are contiguous
    (``order``): reached desa first, grouped by partner, then the unreached.

    Attributes
    ----------
    network, scenario : Network, Scenario
    knobs : dict
        :meth:`Scenario.resolved`.
    partner_idx : numpy.ndarray
        Indices into ``network.koperasi`` of the partners, shape ``(P,)``.
    assign : numpy.ndarray
        Partner position (0..P-1) of each desa, ``-1`` if unreached, ``(D,)``.
    desa_km : numpy.ndarray
        Road km from each desa to its partner (``nan`` if unreached).
    order, counts : numpy.ndarray
        Desa permutation and desa per partner.
    n_reached : int
        Desa with a partner.
    base : numpy.ndarray
        Weekly demand ``(C, D)`` in ``order``.
    cap : numpy.ndarray
        Cap per commodity ``(C,)``.
    supply : numpy.ndarray
        Weekly allocation ``(C, W)``.
    wh_rank, wh_km : numpy.ndarray
        Warehouses by distance per partner and their road km, ``(P, W)``.
    drop_t, truck_cost : numpy.ndarray
        Delivery size (t) and truck cost (Rp/km) per partner.
    truck : numpy.ndarray
        Truck class per partner.
    mass : numpy.ndarray
        Tonnes per unit per commodity.
    assignment_status : str
        ``terdekat``, ``optimal``, ``pembulatan LP (tidak terbukti optimal; …)``
        or ``layak, belum terbukti optimal``.
    siting : siting.SitingResult or None
        For ``sited`` scenarios.
    """

    network: Network
    scenario: Scenario
    knobs: dict[str, Any]
    partner_idx: np.ndarray
    assign: np.ndarray
    desa_km: np.ndarray
    order: np.ndarray
    counts: np.ndarray
    n_reached: int
    base: np.ndarray
    cap: np.ndarray
    supply: np.ndarray
    wh_rank: np.ndarray
    wh_km: np.ndarray
    drop_t: np.ndarray
    truck_cost: np.ndarray
    truck: np.ndarray
    mass: np.ndarray
    assignment_status: str
    siting: siting.SitingResult | None = None

    @property
    def n_partners(self) -> int:
        """Number of partners."""
        return int(self.partner_idx.size)

    @property
    def population_reached(self) -> float:
        """Population of desa that have a partner in reach."""
        return float(self.network.desa["penduduk"].to_numpy()[self.assign >= 0].sum())


def site_partners(
    network: Network,
    n: int,
    *,
    radius_km: float | None = None,
    circuity: float | None = None,
    candidates: str = "ready",
    keep_existing: bool = True,
    objective: str = "cakupan",
    seed: int = 0,
    include_unassessed: bool = False,
) -> tuple[pd.DataFrame, siting.SitingResult]:
    """Choose ``n`` partner cooperatives (maximal covering, then p-median).

    Parameters
    ----------
    network : Network
        From :func:`prepare`.
    n : int
        Partners in total (current partners included when ``keep_existing``).
    radius_km : float, optional
        Coverage radius in road km (default ``distribusi.jarak_layanan_km``).
    circuity : float, optional
        Road factor (default ``distribusi.faktor_sirkuitas``).
    candidates : {"ready", "all"}
        Only Bulog-ready cooperatives (:func:`bulog_ready`) or all.
    keep_existing : bool
        Fix the current Bulog partners (``mitra_bulog`` true).
    objective : {"cakupan", "p-median"}
        See :func:`kdkmp_analysis.siting.site`.
    seed : int
        Seed of the heuristic's restarts.
    include_unassessed : bool
        ``candidates="ready"``: also cooperatives whose readiness cannot be
        assessed (``siap_bulog`` ``<NA>``).

    Returns
    -------
    tuple
        The chosen cooperatives (``koperasi`` columns + ``mitra_lama``) and the
        :class:`~kdkmp_analysis.siting.SitingResult`.

    Raises
    ------
    kdkmp_analysis.siting.SitingError
        ``n`` below the number of fixed partners or above the candidates.
    """
    r = float(
        params.value("distribusi.jarak_layanan_km") if radius_km is None else radius_km
    )
    f = float(
        params.value("distribusi.faktor_sirkuitas") if circuity is None else circuity
    )
    kop = network.koperasi
    if candidates not in ("ready", "all"):
        raise DistributionError(
            f"kandidat {candidates!r} tidak dikenal: 'ready' atau 'all'"
        )
    cand = (
        _ready_mask(kop, include_unassessed)
        if candidates == "ready"
        else np.ones(len(kop), dtype=bool)
    )
    fixed = (
        np.flatnonzero(kop["mitra_bulog"].fillna(False).to_numpy(dtype=bool))
        if keep_existing
        else np.array([], dtype=int)
    )
    key = (
        "site",
        int(n),
        r,
        f,
        candidates,
        keep_existing,
        objective,
        seed,
        include_unassessed,
    )
    res = network._cache.get(key)
    if res is None:
        res = siting.site(
            network.desa["penduduk"].to_numpy(),
            network.gc_desa_kop * f,
            n,
            radius_km=r,
            fixed=fixed,
            candidates=cand,
            objective=objective,
            seed=seed,
        )
        network._cache[key] = res
    out = kop.iloc[res.selected].copy()
    out["mitra_lama"] = np.isin(res.selected, res.fixed)
    out.attrs["siting"] = res
    return out.reset_index(drop=True), res


def assign_capacity(
    demand: np.ndarray,
    dist: np.ndarray,
    cap: np.ndarray,
    max_km: float,
    *,
    time_limit: float = 10.0,
) -> tuple[np.ndarray, str]:
    """Capacity-aware desa → partner assignment (LP, HiGHS).

    .. math::

        \\min \\sum_{(d,p) \\in A} e_d\\,(c_{dp} - M)\\,x_{dp} \\quad \\text{s.t.}
        \\quad \\sum_p x_{dp} \\le 1 \\;\\forall d, \\qquad
        \\sum_d e_d x_{dp} \\le K_p \\;\\forall p, \\qquad 0 \\le x \\le 1,

    with :math:`A = \\{(d,p): c_{dp} \\le R\\}`, weekly demand :math:`e_d`,
    caps :math:`K_p` and :math:`M > \\max c`: serve as much demand as the caps
    allow, then at the least person-km. This is the LP *relaxation* of the
    whole-desa assignment: each desa goes to the partner with its largest
    :math:`x_{dp}`; desa the LP leaves unserved (all partners in reach full)
    go to their nearest partner in reach and are rationed there.

    The result is called ``optimal`` only when the LP solution is already
    integral (then it solves the whole-desa problem too). Otherwise it is
    :data:`STATUS_LP_ROUNDED`, with the demand the rounded assignment can
    deliver under the caps, :math:`\\sum_p \\min(K_p, \\text{load}_p)`, as a
    share of the LP value — an upper bound of any assignment's. (An exact
    MILP proved too slow for the interactive explorer: > 20 s on 341
    partners.)

    Parameters
    ----------
    demand : numpy.ndarray
        Weekly demand per desa ``(D,)``.
    dist : numpy.ndarray
        Road km ``(D, P)``.
    cap : numpy.ndarray
        Cap per partner ``(P,)``.
    max_km : float
        Reach ``R``.
    time_limit : float
        Seconds for HiGHS.

    Returns
    -------
    tuple
        Partner position per desa (``-1`` unreached) and the status:
        ``optimal`` (integral LP solution), ``pembulatan LP (tidak terbukti
        optimal; … % dari batas atas LP)`` or ``layak, belum terbukti
        optimal`` (time limit).
    """
    from scipy import sparse
    from scipy.optimize import linprog

    n_d, n_p = dist.shape
    reach = dist <= max_km
    nearest = np.where(
        reach.any(axis=1), np.argmin(np.where(reach, dist, np.inf), axis=1), -1
    )
    dd, pp = np.nonzero(reach)
    if dd.size == 0:
        return nearest, _STATUS_OPTIMAL
    big = float(dist[reach].max()) + 1.0
    c = demand[dd] * (dist[dd, pp] - big)
    nz = dd.size
    rows = np.concatenate([dd, n_d + pp])
    vals = np.concatenate([np.ones(nz), demand[dd]])
    cols = np.concatenate([np.arange(nz), np.arange(nz)])
    a_ub = sparse.csr_matrix((vals, (rows, cols)), shape=(n_d + n_p, nz))
    b_ub = np.concatenate([np.ones(n_d), cap])
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        bounds=(0.0, 1.0),
        method="highs",
        options={"time_limit": float(time_limit)},
    )
    if res.x is None:
        return (
            nearest,
            f"{_STATUS_FEASIBLE}: batas waktu tanpa solusi, dipakai terdekat",
        )
    x = sparse.csr_matrix((res.x, (dd, pp)), shape=(n_d, n_p)).toarray()
    best = np.argmax(x, axis=1)
    served = x.max(axis=1) > 1e-9
    assign = np.where(served, best, nearest)
    if res.status != 0:
        return assign, f"{_STATUS_FEASIBLE} (batas waktu LP, lalu dibulatkan)"
    integral = bool(np.all(np.minimum(res.x, 1.0 - res.x) <= 1e-7))
    if integral:
        return assign, _STATUS_OPTIMAL
    ok = assign >= 0
    load = np.bincount(assign[ok], weights=demand[ok], minlength=n_p)
    got = float(np.minimum(load, cap).sum())
    bound = float(demand[dd] @ res.x)
    pct = 100.0 * got / bound if bound > 0 else 100.0
    share = f"{pct:.1f}".replace(".", ",")
    return assign, f"{STATUS_LP_ROUNDED[:-1]}; {share}% dari batas atas LP)"


def plan(network: Network, scenario: Scenario) -> Plan:
    """Resolve a scenario on a network (partners, reach, caps, supply, trucks).

    Parameters
    ----------
    network : Network
        From :func:`prepare`.
    scenario : Scenario
        The what-if.

    Returns
    -------
    Plan

    Raises
    ------
    DistributionError
        Unknown partner mode or assignment, unknown cooperative ids, a share
        outside 0–1, a negative cap, a non-positive horizon; or a scenario the
        register's statuses cannot support (the reason of
        :func:`scenario_problem`: "skenario tidak dapat dinilai: …").
    """
    k = scenario.resolved()
    if not 0.0 <= k["share"] <= 1.0:
        raise DistributionError(f"porsi saluran {k['share']} harus antara 0 dan 1")
    if any(v < 0 for v in k["caps"].values()):
        raise DistributionError("batas per mitra tidak boleh negatif")
    if k["weeks"] < 1:
        raise DistributionError("jumlah minggu harus minimal 1")
    if k["circuity"] < 1.0:
        raise DistributionError(
            "faktor sirkuitas harus ≥ 1 (jalan tidak lebih pendek dari garis lurus)"
        )
    if scenario.assignment not in ASSIGNMENTS:
        raise DistributionError(
            f"penugasan {scenario.assignment!r} tidak dikenal: {', '.join(ASSIGNMENTS)}"
        )
    kop = network.koperasi
    sit = None
    mode = scenario.partners
    problem = scenario_problem(network, scenario) if mode in PARTNER_MODES else None
    if problem:
        raise DistributionError(
            f"skenario {scenario.name!r} tidak dapat dinilai: {problem}"
        )
    if isinstance(mode, str):
        if mode == "current":
            partner_idx = np.flatnonzero(
                kop["mitra_bulog"].fillna(False).to_numpy(dtype=bool)
            )
        elif mode == "ready":
            partner_idx = np.flatnonzero(_ready_mask(kop, scenario.include_unassessed))
        elif mode == "all":
            partner_idx = np.arange(len(kop))
        elif mode == "sited":
            if scenario.n_partners is None:
                raise DistributionError(
                    "skenario penempatan perlu jumlah mitra (n_partners)"
                )
            _, sit = site_partners(
                network,
                scenario.n_partners,
                radius_km=k["max_km"],
                circuity=k["circuity"],
                candidates=scenario.siting_candidates,
                keep_existing=scenario.keep_existing,
                include_unassessed=scenario.include_unassessed,
            )
            partner_idx = sit.selected
        else:
            raise DistributionError(
                f"pilihan mitra {mode!r} tidak dikenal: {', '.join(PARTNER_MODES)} "
                "atau daftar koperasi_id"
            )
    else:
        ids = pd.Index(kop["koperasi_id"])
        pos = ids.get_indexer(list(mode))
        if (pos < 0).any():
            unknown = [m for m, p in zip(mode, pos, strict=True) if p < 0][:5]
            raise DistributionError(f"koperasi_id tidak dikenal: {', '.join(unknown)}")
        partner_idx = np.unique(pos)
    partner_idx = np.asarray(partner_idx, dtype=int)
    n_p = partner_idx.size
    comms = [commodity(c) for c in COMMODITIES]
    pop = network.desa["penduduk"].to_numpy(dtype=float)
    per_cap = np.array([c.weekly_per_capita for c in comms])
    base_all = (per_cap[:, None] * pop[None, :]) * k["share"]  # (C, D)
    cap = np.array([k["caps"][c] for c in COMMODITIES])
    n_d = len(network.desa)
    if n_p:
        dist = network.gc_desa_kop[:, partner_idx] * k["circuity"]
        reach = dist <= k["max_km"]
        if scenario.assignment == "capacity":
            assign, status = assign_capacity(
                base_all[0], dist, np.full(n_p, cap[0]), k["max_km"]
            )
        else:
            assign = np.where(
                reach.any(axis=1), np.argmin(np.where(reach, dist, np.inf), axis=1), -1
            )
            status = "terdekat"
        desa_km = np.where(
            assign >= 0, dist[np.arange(n_d), np.maximum(assign, 0)], np.nan
        )
    else:
        assign = np.full(n_d, -1)
        desa_km = np.full(n_d, np.nan)
        status = "tanpa mitra"
    reached = assign >= 0
    order = np.concatenate(
        [
            np.flatnonzero(reached)[np.argsort(assign[reached], kind="stable")],
            np.flatnonzero(~reached),
        ]
    )
    counts = np.bincount(assign[reached], minlength=n_p)
    # warehouses
    gud = network.gudang
    share_w = gud["porsi_alokasi"].to_numpy(dtype=float)
    share_w = share_w / share_w.sum()
    alloc = (
        np.array([network.allocation[c] for c in COMMODITIES]) * scenario.supply_factor
    )
    supply = alloc[:, None] * share_w[None, :]
    wkm = network.gc_kop_gudang[partner_idx] * k["circuity"]  # (P, W)
    wh_rank = np.argsort(wkm, axis=1, kind="stable")
    wh_km = np.take_along_axis(wkm, wh_rank, axis=1)
    # deliveries and trucks
    trucks = _trucks()
    min_drop = float(params.value("distribusi.drop_minimum_t"))
    storage = kop["kapasitas_gudang_t"].to_numpy(dtype=float, na_value=np.nan)[
        partner_idx
    ]
    eff = np.maximum(np.nan_to_num(storage, nan=min_drop), min_drop)
    t_cap = trucks["kapasitas_t"].to_numpy()
    t_i = np.minimum(np.searchsorted(t_cap, eff - 1e-9), len(t_cap) - 1)
    drop = np.minimum(eff, t_cap[t_i])
    return Plan(
        network=network,
        scenario=scenario,
        knobs=k,
        partner_idx=partner_idx,
        assign=assign,
        desa_km=desa_km,
        order=order,
        counts=counts,
        n_reached=int(reached.sum()),
        base=base_all[:, order],
        cap=cap,
        supply=supply,
        wh_rank=wh_rank,
        wh_km=wh_km,
        drop_t=drop,
        truck_cost=trucks["biaya_rp_per_km"].to_numpy()[t_i],
        truck=trucks["truk"].to_numpy()[t_i],
        mass=np.array([c.mass_t_per_unit for c in comms]),
        assignment_status=status,
        siting=sit,
    )


# ---------------------------------------------------------------------------
# The vectorised weekly model
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Uncertainty:
    """Monte Carlo settings (``[distribusi]`` ``mc_*`` when taken from params).

    Attributes
    ----------
    demand_cv : float
        Coefficient of variation of weekly desa demand (uniform noise, mean 1;
        at most 1/√3 so demand stays ≥ 0).
    disruption_prob : float
        Chance per warehouse and week that supply is disrupted.
    disruption_loss : float
        Share of that week's allocation lost when disrupted.
    """

    demand_cv: float = 0.0
    disruption_prob: float = 0.0
    disruption_loss: float = 0.0

    @classmethod
    def from_params(cls) -> Uncertainty:
        """The parameter file's (``ilustrasi``) settings."""
        return cls(
            demand_cv=float(params.value("distribusi.mc_cv_permintaan")),
            disruption_prob=float(params.value("distribusi.mc_peluang_gangguan")),
            disruption_loss=float(params.value("distribusi.mc_porsi_hilang")),
        )

    def check(self) -> None:
        """Raise :class:`DistributionError` for values outside their range."""
        if not 0 <= self.demand_cv <= 1 / math.sqrt(3):
            raise DistributionError("cv permintaan harus antara 0 dan 0,577")
        if not 0 <= self.disruption_prob <= 1 or not 0 <= self.disruption_loss <= 1:
            raise DistributionError("peluang dan porsi gangguan harus antara 0 dan 1")


def _draw(
    p: Plan,
    rng: np.random.Generator,
    runs: int,
    weeks: int,
    unc: Uncertainty,
    dtype: type = np.float32,
) -> tuple[np.ndarray, np.ndarray]:
    """Random demand ``(R, T, C, D)`` and supply ``(R, T, C, W)`` (in that order)."""
    n_c, n_d = p.base.shape
    base = p.base.astype(dtype)
    if unc.demand_cv > 0:
        a = unc.demand_cv * math.sqrt(3.0)
        dem = rng.random((runs, weeks, n_c, n_d), dtype=dtype)
        dem *= dtype(2 * a)
        dem += dtype(1 - a)
        dem *= base
    else:
        dem = np.broadcast_to(base, (runs, weeks, n_c, n_d)).copy()
    n_w = p.supply.shape[1]
    sup = np.broadcast_to(
        p.supply.astype(dtype)[None, None], (runs, weeks, n_c, n_w)
    ).copy()
    if unc.disruption_prob > 0 and unc.disruption_loss > 0:
        hit = rng.random((runs, weeks, 1, n_w)) < unc.disruption_prob
        sup *= np.where(hit, dtype(1 - unc.disruption_loss), dtype(1)).astype(dtype)
    return dem, sup


def _slices(rank_col: np.ndarray, n_w: int) -> list[slice | np.ndarray]:
    """Partners per warehouse for one preference stage (slices when contiguous)."""
    out: list[slice | np.ndarray] = []
    for w in range(n_w):
        idx = np.flatnonzero(rank_col == w)
        if idx.size and idx[-1] - idx[0] + 1 == idx.size:
            out.append(slice(int(idx[0]), int(idx[-1]) + 1))
        else:
            out.append(idx)
    return out


def _core(
    p: Plan, dem: np.ndarray, sup: np.ndarray, detail: bool
) -> dict[str, np.ndarray]:
    """Run the weekly model on realised demand and supply (vectorised).

    Parameters
    ----------
    p : Plan
    dem : numpy.ndarray
        Demand ``(R, T, C, D)`` in ``p.order``.
    sup : numpy.ndarray
        Allocation ``(R, T, C, W)``.
    detail : bool
        Keep per-desa and per-partner arrays (else only aggregates).

    Returns
    -------
    dict of numpy.ndarray
    """
    dt = dem.dtype
    runs, weeks, n_c, _ = dem.shape
    n_w = sup.shape[-1]
    n_p, n_r = p.n_partners, p.n_reached
    present = np.flatnonzero(p.counts)
    req = np.zeros((runs, weeks, n_c, n_p), dtype=dt)
    if n_r:
        starts = np.concatenate([[0], np.cumsum(p.counts[present])[:-1]])
        req[..., present] = np.add.reduceat(dem[..., :n_r], starts, axis=-1)
    order_q = np.minimum(req, p.cap.astype(dt)[None, None, :, None])
    rest = order_q.copy()
    stock = sup.copy()
    ships = []
    for k in range(n_w):
        if k and not (stock > 0).any():
            break  # every warehouse is empty: later stages ship nothing
        ship_k = np.empty_like(rest)
        for w, g in enumerate(_slices(p.wh_rank[:, k], n_w)):
            r_g = rest[..., g]
            if r_g.shape[-1] == 0:
                continue
            tot = r_g.sum(axis=-1)
            ratio = np.where(
                tot > stock[..., w], stock[..., w] / np.where(tot > 0, tot, 1), 1
            )
            if isinstance(g, slice):
                s_g = np.multiply(r_g, ratio.astype(dt)[..., None], out=ship_k[..., g])
            else:
                s_g = r_g * ratio.astype(dt)[..., None]
                ship_k[..., g] = s_g
            stock[..., w] = np.maximum(stock[..., w] - s_g.sum(axis=-1), 0)
        rest -= ship_k
        ships.append(ship_k)
    shipped = np.subtract(order_q, rest, out=rest)  # (R, T, C, P) received
    fill = np.divide(shipped, req, out=np.zeros_like(shipped), where=req > 0)
    out: dict[str, np.ndarray] = {
        "demand_week": dem.sum(axis=-1),  # (R, T, C)
        "delivered_week": shipped.sum(axis=-1),
        "stock": sup,
        "left": stock,
    }
    if n_r == n_p and (p.counts == 1).all():
        fill_d = fill  # one desa per partner: no expansion needed
    else:
        fill_d = np.repeat(fill, p.counts, axis=-1)
    # transport per partner and warehouse stage
    tonkm = np.zeros((runs, weeks), dtype=np.float64)
    trips = np.zeros((runs, weeks), dtype=np.float64)
    cost = np.zeros((runs, weeks), dtype=np.float64)
    shipped_w = np.zeros((runs, weeks, n_c, n_w), dtype=dt)
    trips_p = np.zeros((runs, weeks, n_p), dtype=dt)
    tonkm_p = np.zeros((runs, weeks, n_p), dtype=dt)
    drop = p.drop_t.astype(dt)
    for k, ship_k in enumerate(ships):
        m_k = np.einsum("rtcp,c->rtp", ship_k, p.mass.astype(dt))  # tonnes
        tr = np.ceil(m_k / drop - dt.type(1e-6))
        km = p.wh_km[:, k].astype(dt)
        tonkm += (m_k * km).sum(axis=-1)
        trips += tr.sum(axis=-1)
        cost += (tr * (2 * p.wh_km[:, k] * p.truck_cost).astype(dt)).sum(axis=-1)
        if detail:
            tonkm_p += m_k * km
            trips_p += tr
            for w in range(n_w):
                sel = p.wh_rank[:, k] == w
                shipped_w[..., w] += ship_k[..., sel].sum(axis=-1)
    out.update(tonkm=tonkm, trips=trips, cost=cost)
    # per kecamatan over the horizon
    kec_codes = p.network.desa["kode_kecamatan"].to_numpy()[p.order]
    kec_idx = pd.factorize(pd.Series(kec_codes), sort=True)[0]
    n_k = int(kec_idx.max()) + 1
    d_sum = dem.sum(axis=1)  # (R, C, D)
    v_sum = np.zeros_like(d_sum)
    if n_r:
        v_sum[..., :n_r] = np.einsum("rtcd,rtcd->rcd", dem[..., :n_r], fill_d)
    out["demand_kec"] = _group_last(d_sum, kec_idx, n_k)
    out["delivered_kec"] = _group_last(v_sum, kec_idx, n_k)
    if detail:
        deliv = np.zeros_like(dem)
        if n_r:
            deliv[..., :n_r] = dem[..., :n_r] * fill_d
        out.update(
            demand=dem,
            delivered=deliv,
            received=shipped,
            order=order_q,
            request=req,
            trips_p=trips_p,
            tonkm_p=tonkm_p,
            shipped_wh=shipped_w,
        )
    return out


def _group_last(x: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    """Sum the last axis of ``x`` by ``groups`` → last axis of length ``n``."""
    order = np.argsort(groups, kind="stable")
    counts = np.bincount(groups, minlength=n)
    present = np.flatnonzero(counts)
    starts = np.concatenate([[0], np.cumsum(counts[present])[:-1]])
    out = np.zeros(x.shape[:-1] + (n,), dtype=x.dtype)
    out[..., present] = np.add.reduceat(x[..., order], starts, axis=-1)
    return out


def reference_loop(p: Plan, dem: np.ndarray, sup: np.ndarray) -> dict[str, np.ndarray]:
    """The same weekly model as a plain-Python per-event loop (slow reference).

    Used by the tests (the vectorised model must agree with it) and the
    benchmark (speed ratio). Inputs as :func:`_core` (one run or several).

    Returns
    -------
    dict
        ``delivered`` ``(R, T, C, D)`` in ``p.order``, ``received``
        ``(R, T, C, P)``, ``trips`` and ``tonkm`` ``(R, T)``.
    """
    runs, weeks, n_c, n_d = dem.shape
    n_p, n_w = p.n_partners, p.supply.shape[1]
    bounds = np.concatenate([[0], np.cumsum(p.counts)]).tolist()
    cap = p.cap.tolist()
    rank = p.wh_rank.tolist()
    wkm = p.wh_km.tolist()
    drop = p.drop_t.tolist()
    mass = p.mass.tolist()
    delivered = np.zeros((runs, weeks, n_c, n_d))
    received = np.zeros((runs, weeks, n_c, n_p))
    trips = np.zeros((runs, weeks))
    tonkm = np.zeros((runs, weeks))
    for r in range(runs):
        for t in range(weeks):
            tonnes = [[0.0] * n_w for _ in range(n_p)]
            for c in range(n_c):
                d_rc = dem[r, t, c].tolist()
                req = [sum(d_rc[bounds[q] : bounds[q + 1]]) for q in range(n_p)]
                rest = [min(cap[c], x) for x in req]
                stock = sup[r, t, c].tolist()
                got = [0.0] * n_p
                for k in range(n_w):
                    tot = [0.0] * n_w
                    for q in range(n_p):
                        tot[rank[q][k]] += rest[q]
                    ratio = [
                        stock[w] / tot[w] if tot[w] > stock[w] else 1.0
                        for w in range(n_w)
                    ]
                    used = [0.0] * n_w
                    for q in range(n_p):
                        w = rank[q][k]
                        s = rest[q] * ratio[w]
                        got[q] += s
                        rest[q] -= s
                        used[w] += s
                        tonnes[q][k] += s * mass[c]
                    for w in range(n_w):
                        stock[w] = max(stock[w] - used[w], 0.0)
                for q in range(n_p):
                    received[r, t, c, q] = got[q]
                    f = got[q] / req[q] if req[q] > 0 else 0.0
                    for i in range(bounds[q], bounds[q + 1]):
                        delivered[r, t, c, i] = d_rc[i] * f
            for q in range(n_p):
                for k in range(n_w):
                    m = tonnes[q][k]
                    trips[r, t] += math.ceil(m / drop[q] - 1e-6)
                    tonkm[r, t] += m * wkm[q][k]
    return {
        "delivered": delivered,
        "received": received,
        "trips": trips,
        "tonkm": tonkm,
    }


# ---------------------------------------------------------------------------
# Deterministic / single-run simulation with full detail
# ---------------------------------------------------------------------------
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
        Per partner over the horizon (+ desa and population served, nearest
        warehouse, truck, delivery size).
    kecamatan : pandas.DataFrame
        Per kecamatan × commodity: population, population reached, demand,
        delivered, unmet, ``cakupan_persen``.
    gudang_mingguan : pandas.DataFrame
        Per week × warehouse × commodity: ``pasokan``, ``dikirim``, ``sisa``.
    ringkasan : dict
        Headline figures and labels.
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
    scale = max(1.0, float(np.abs(a["stock"]).max()))
    tol = rtol * scale
    cap = p.cap[None, None, :, None]
    if (a["received"] > cap + tol).any():
        bad.append("diterima mitra melebihi batas per minggu")
    shipped_w = a["shipped_wh"]
    if (shipped_w > a["stock"] + tol).any():
        bad.append("dikirim gudang melebihi stok")
    if (a["delivered"] > a["demand"] + tol).any() or (a["delivered"] < -tol).any():
        bad.append("tersalur melebihi permintaan desa (atau negatif)")
    if not np.allclose(a["stock"], shipped_w + a["left"], atol=tol, rtol=0):
        bad.append("neraca gudang: stok ≠ dikirim + sisa")
    if not np.allclose(shipped_w.sum(-1), a["received"].sum(-1), atol=tol, rtol=0):
        bad.append("neraca: dikirim gudang ≠ diterima mitra")
    if not np.allclose(a["received"].sum(-1), a["delivered"].sum(-1), atol=tol, rtol=0):
        bad.append("neraca: diterima mitra ≠ tersalur ke desa")
    unmet = a["demand"] - a["delivered"]
    if not np.allclose(
        a["demand"].sum(-1), a["delivered"].sum(-1) + unmet.sum(-1), atol=tol, rtol=0
    ):
        bad.append("neraca: permintaan ≠ tersalur + tak terpenuhi")
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
        From :func:`prepare`.
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
    dem, sup = _draw(p, rng, 1, p.knobs["weeks"], unc, dtype=np.float64)
    a = _core(p, dem, sup, detail=True)
    return _tables(p, a)


def _tables(p: Plan, a: dict[str, np.ndarray]) -> SimulationResult:
    net = p.network
    weeks = a["demand"].shape[1]
    comms = [commodity(c) for c in COMMODITIES]
    n_c = len(comms)
    desa = net.desa.iloc[p.order].reset_index(drop=True)
    n_d = len(desa)
    kop = net.koperasi.iloc[p.partner_idx].reset_index(drop=True)
    part_pos = p.assign[p.order]
    partner_id = np.where(
        part_pos >= 0,
        kop["koperasi_id"].to_numpy()[np.maximum(part_pos, 0)] if len(kop) else "",
        None,
    )
    dem = a["demand"][0]  # (T, C, D)
    dlv = a["delivered"][0]
    idx_t, idx_c, idx_d = np.meshgrid(
        np.arange(weeks), np.arange(n_c), np.arange(n_d), indexing="ij"
    )
    idx_d = idx_d.ravel()
    desa_w = pd.DataFrame(
        {
            "minggu": idx_t.ravel() + 1,
            "komoditas": np.array(COMMODITIES)[idx_c.ravel()],
            "satuan": np.array([c.unit for c in comms])[idx_c.ravel()],
            "kode_desa": desa["kode_desa"].to_numpy()[idx_d],
            "nama_desa": desa["nama_desa"].to_numpy()[idx_d],
            "kode_kecamatan": desa["kode_kecamatan"].to_numpy()[idx_d],
            "nama_kecamatan": desa["nama_kecamatan"].to_numpy()[idx_d],
            "koperasi_penyalur": pd.array(partner_id[idx_d], dtype="string"),
            "jarak_km": p.desa_km[p.order][idx_d],
            "permintaan": dem.ravel(),
            "tersalur": dlv.ravel(),
            "tak_terpenuhi": (dem - dlv).ravel(),
        }
    )
    # partners
    rec = a["received"][0]  # (T, C, P)
    n_p = p.n_partners
    tt, pp = np.meshgrid(np.arange(weeks), np.arange(n_p), indexing="ij")
    mitra_w = pd.DataFrame(
        {
            "minggu": tt.ravel() + 1,
            "koperasi_id": kop["koperasi_id"].to_numpy()[pp.ravel()] if n_p else [],
        }
    )
    for ci, c in enumerate(comms):
        mitra_w[f"diterima_{c.key}_{c.unit}"] = rec[:, ci, :].ravel()
    mitra_w["massa_t"] = (rec * p.mass[None, :, None]).sum(axis=1).ravel()
    mitra_w["rit"] = a["trips_p"][0].ravel()
    mitra_w["ton_km"] = a["tonkm_p"][0].ravel()
    served_pop = np.bincount(
        p.assign[p.assign >= 0],
        weights=net.desa["penduduk"].to_numpy()[p.assign >= 0],
        minlength=n_p,
    )
    mitra = kop[
        [
            "koperasi_id",
            "nama_koperasi",
            "nama_desa",
            "nama_kecamatan",
            "lat",
            "lon",
            "kapasitas_gudang_t",
            "mitra_bulog",
        ]
    ].copy()
    mitra["desa_dilayani"] = p.counts
    mitra["penduduk_dilayani"] = served_pop.round().astype(int)
    mitra["gudang_terdekat"] = (
        net.gudang["nama"].to_numpy()[p.wh_rank[:, 0]] if n_p else []
    )
    mitra["jarak_gudang_km"] = p.wh_km[:, 0] if n_p else []
    mitra["truk"] = p.truck
    mitra["ukuran_kirim_t"] = p.drop_t
    agg = mitra_w.drop(columns="minggu").groupby("koperasi_id", sort=False).sum()
    # with no partner the ids are an empty float column: give them the key's dtype
    agg.index = pd.Index(agg.index.astype(str), dtype=mitra["koperasi_id"].dtype)
    mitra = mitra.merge(agg, left_on="koperasi_id", right_index=True, how="left")
    if p.siting is not None:
        mitra["mitra_lama"] = np.isin(p.partner_idx, p.siting.fixed)
    # kecamatan
    kec = _kecamatan_table(p, a["demand_kec"][0], a["delivered_kec"][0])
    # warehouses
    gnames = net.gudang["nama"].to_numpy()
    n_w = len(gnames)
    tt, cc, ww = np.meshgrid(
        np.arange(weeks), np.arange(n_c), np.arange(n_w), indexing="ij"
    )
    gud_w = pd.DataFrame(
        {
            "minggu": tt.ravel() + 1,
            "gudang": gnames[ww.ravel()],
            "komoditas": np.array(COMMODITIES)[cc.ravel()],
            "pasokan": a["stock"][0].ravel(),
            "dikirim": a["shipped_wh"][0].ravel(),
            "sisa": a["left"][0].ravel(),
        }
    )
    ring = _summary(p, a)
    for df in (desa_w, mitra_w, mitra, kec, gud_w):
        df.attrs["keterangan"] = ring["keterangan"]
    return SimulationResult(p, desa_w, mitra_w, mitra, kec, gud_w, ring, a)


def _kecamatan_table(p: Plan, dem_kec: np.ndarray, dlv_kec: np.ndarray) -> pd.DataFrame:
    """Per kecamatan × commodity table from ``(C, K)`` totals."""
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
    rows = []
    for ci, key in enumerate(COMMODITIES):
        c = commodity(key)
        for ki, code in enumerate(codes):
            dm, dv = float(dem_kec[ci, ki]), float(dlv_kec[ci, ki])
            rows.append(
                {
                    "kode_kecamatan": code,
                    "nama_kecamatan": names[code],
                    "komoditas": key,
                    "satuan": c.unit,
                    "penduduk": float(pop[code]),
                    "penduduk_terjangkau": float(reached.get(code, 0.0)),
                    "permintaan": dm,
                    "tersalur": dv,
                    "tak_terpenuhi": dm - dv,
                    "cakupan_persen": 100.0 * dv / dm if dm > 0 else np.nan,
                }
            )
    out = pd.DataFrame(rows)
    out["persen_terjangkau"] = 100 * out["penduduk_terjangkau"] / out["penduduk"]
    return out


def _summary(p: Plan, a: dict[str, np.ndarray]) -> dict[str, Any]:
    net = p.network
    pop_total = float(net.desa["penduduk"].sum())
    out: dict[str, Any] = {
        "skenario": p.scenario.name,
        "jumlah_mitra": p.n_partners,
        "desa_terjangkau": p.n_reached,
        "penduduk_terjangkau": p.population_reached,
        "persen_penduduk_terjangkau": 100 * p.population_reached / pop_total,
        "penugasan": p.assignment_status,
        "minggu": int(a["demand_week"].shape[1]),
    }
    for ci, key in enumerate(COMMODITIES):
        unit = commodity(key).unit
        dm = float(a["demand_week"][..., ci].sum()) / a["demand_week"].shape[0]
        dv = float(a["delivered_week"][..., ci].sum()) / a["demand_week"].shape[0]
        out[f"permintaan_{key}_{unit}"] = dm
        out[f"tersalur_{key}_{unit}"] = dv
        out[f"tak_terpenuhi_{key}_{unit}"] = dm - dv
        out[f"cakupan_{key}_persen"] = 100 * dv / dm if dm > 0 else float("nan")
        if "request" in a:
            out.update(_binding(a, ci, key, unit, dm))
    n_runs = a["tonkm"].shape[0]
    out["ton_km"] = float(a["tonkm"].sum()) / n_runs
    out["rit"] = float(a["trips"].sum()) / n_runs
    out["biaya_angkut_rp"] = float(a["cost"].sum()) / n_runs
    notes = _partner_notes(p)
    out["catatan_mitra"] = notes
    out["keterangan"] = (
        f"{net.label}; parameter asumsi (porsi saluran {p.knobs['share']:.0%}, "
        f"sirkuitas {p.knobs['circuity']:g}, jangkauan {p.knobs['max_km']:g} km) "
        "ditandai di data/parameter.toml" + (f"; {notes}" if notes else "")
    )
    if p.siting is not None:
        out["penempatan"] = f"{p.siting.method}; {p.siting.status}"
    return out


#: Limiting factors of unmet need, in the order of the model.
_LIMITS = (
    ("jangkauan", "jangkauan"),
    ("batas", "batas per mitra"),
    ("pasokan", "pasokan gudang"),
)


def _binding(
    a: dict[str, np.ndarray], ci: int, key: str, unit: str, demand: float
) -> dict[str, Any]:
    """Unmet need of one commodity split by what limits it (horizon, mean run).

    ``jangkauan``: demand of desa without a partner in reach; ``batas``:
    partners' desa demand above the weekly cap; ``pasokan``: capped orders
    the warehouses could not fill. ``pembatas_<key>`` names those above
    0.1 % of the channel need, largest first ("tidak ada" otherwise).
    """
    n_runs = a["demand"].shape[0]
    req = a["request"][..., ci, :].sum() / n_runs
    order = a["order"][..., ci, :].sum() / n_runs
    got = a["received"][..., ci, :].sum() / n_runs
    parts = {
        "jangkauan": max(demand - req, 0.0),
        "batas": max(req - order, 0.0),
        "pasokan": max(order - got, 0.0),
    }
    out: dict[str, Any] = {
        f"tak_terpenuhi_{k}_{key}_{unit}": float(v) for k, v in parts.items()
    }
    names = dict(_LIMITS)
    binding = [
        names[k]
        for k, v in sorted(parts.items(), key=lambda kv: -kv[1])
        if demand > 0 and v > _BINDING_SHARE * demand
    ]
    out[f"pembatas_{key}"] = " + ".join(binding) if binding else "tidak ada"
    return out


def _partner_notes(p: Plan) -> str:
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
    commodity_key : str
        Commodity of the per-kecamatan coverage table.

    Returns
    -------
    tuple of pandas.DataFrame
        One row per evaluated scenario (:attr:`SimulationResult.ringkasan`),
        and the coverage % per kecamatan (rows) × scenario (columns) for the
        commodity. Scenarios the register cannot support
        (:func:`scenario_problem`) are skipped, not failed:
        ``attrs["tidak_dinilai"]`` maps their names to the reason, and
        ``attrs["keterangan"]`` names them.

    Raises
    ------
    DistributionError
        A scenario that is wrong as given (see :func:`plan`).
    """
    commodity(commodity_key)
    rows, cols, skipped = [], {}, {}
    for sc in scenarios:
        problem = scenario_problem(network, sc)
        if problem:
            skipped[sc.name] = problem
            continue
        res = simulate(network, sc)
        rows.append(res.ringkasan)
        k = res.kecamatan[res.kecamatan["komoditas"] == commodity_key]
        cols[sc.name] = k.set_index("nama_kecamatan")["cakupan_persen"]
    summary = (
        pd.DataFrame(rows).set_index("skenario")
        if rows
        else pd.DataFrame(index=pd.Index([], name="skenario"))
    )
    by_kec = pd.DataFrame(cols)
    label = network.label
    if skipped:
        label += "; tidak dapat dinilai: " + "; ".join(
            f"{name} ({why})" for name, why in skipped.items()
        )
    for df in (summary, by_kec):
        df.attrs["keterangan"] = label
        df.attrs["tidak_dinilai"] = dict(skipped)
    return summary, by_kec


# ---------------------------------------------------------------------------
# Monte Carlo
# ---------------------------------------------------------------------------
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


_CHUNK = 4  # runs per block (cache-sized); fixed, so results do not depend on threads


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
        ``runs`` < 1 or uncertainty settings out of range.
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
    sizes = [min(_CHUNK, runs - i) for i in range(0, runs, _CHUNK)]
    streams = np.random.SeedSequence(seed).spawn(len(sizes))

    def block(i: int) -> dict[str, np.ndarray]:
        rng = np.random.Generator(np.random.SFC64(streams[i]))
        dem, sup = _draw(p, rng, sizes[i], weeks, unc)
        a = _core(p, dem, sup, detail=False)
        return {
            k: a[k]
            for k in (
                "demand_week",
                "delivered_week",
                "demand_kec",
                "delivered_kec",
                "tonkm",
                "trips",
                "cost",
            )
        }

    n_threads = threads or min(2, os.cpu_count() or 1)
    if n_threads > 1 and len(sizes) > 1:
        with ThreadPoolExecutor(max_workers=n_threads) as ex:
            parts = list(ex.map(block, range(len(sizes))))
    else:
        parts = [block(i) for i in range(len(sizes))]
    s = {k: np.concatenate([q[k] for q in parts], axis=0) for k in parts[0]}
    return _bands(p, runs, seed, unc, s, time.perf_counter() - t0)


def _bands(
    p: Plan,
    runs: int,
    seed: int,
    unc: Uncertainty,
    s: dict[str, np.ndarray],
    seconds: float,
) -> MonteCarloResult:
    q = (10, 50, 90)
    dw = s["demand_week"].astype(np.float64)
    vw = s["delivered_week"].astype(np.float64)
    cov_w = np.divide(100 * vw, dw, out=np.zeros_like(vw), where=dw > 0)
    v_q = np.percentile(vw, q, axis=0)  # (3, T, C)
    c_q = np.percentile(cov_w, q, axis=0)
    d_q = np.percentile(dw, 50, axis=0)
    weeks, n_c = dw.shape[1:]
    rows = []
    for t in range(weeks):
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
    mingguan = pd.DataFrame(rows)
    dk, vk = s["demand_kec"], s["delivered_kec"]
    cov_k = np.divide(100 * vk, dk, out=np.full_like(vk, np.nan), where=dk > 0)
    k_q = np.nanpercentile(cov_k, q, axis=0)  # (3, C, K)
    base = _kecamatan_table(p, dk.mean(axis=0), vk.mean(axis=0))
    base["cakupan_p10"] = k_q[0].ravel()
    base["cakupan_p50"] = k_q[1].ravel()
    base["cakupan_p90"] = k_q[2].ravel()
    kec = base.drop(
        columns=["permintaan", "tersalur", "tak_terpenuhi", "cakupan_persen"]
    )
    tot_rows = []
    for ci, key in enumerate(COMMODITIES):
        dv = vw[..., ci].sum(axis=1)
        un = dw[..., ci].sum(axis=1) - dv
        tot_rows.append(
            {
                "komoditas": key,
                "satuan": commodity(key).unit,
                **{
                    f"tersalur_p{x}": v
                    for x, v in zip(q, np.percentile(dv, q), strict=True)
                },
                **{
                    f"tak_terpenuhi_p{x}": v
                    for x, v in zip(q, np.percentile(un, q), strict=True)
                },
            }
        )
    total = pd.DataFrame(tot_rows)
    tk = s["tonkm"].mean(axis=1)
    tr = s["trips"].mean(axis=1)
    total.attrs["ton_km_per_minggu"] = dict(zip(q, np.percentile(tk, q), strict=True))
    total.attrs["rit_per_minggu"] = dict(zip(q, np.percentile(tr, q), strict=True))
    label = (
        f"{p.network.label}; ketidakpastian ilustrasi (cv {unc.demand_cv:g}, "
        f"gangguan {unc.disruption_prob:g}/minggu), {runs} ulangan, seed {seed}"
    )
    for df in (mingguan, kec, total):
        df.attrs["keterangan"] = label
    return MonteCarloResult(p, runs, seed, unc, mingguan, kec, total, s, seconds)


def with_knobs(scenario: Scenario, **changes: Any) -> Scenario:
    """A copy of a scenario with some fields changed (``dataclasses.replace``)."""
    return replace(scenario, **changes)


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
        The polygons with the result's columns; ``attrs["status_data"]``
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
    out.attrs["status_data"] = net.status_data
    out.attrs["keterangan"] = net.label
    return out


def partner_roles(register: pd.DataFrame, plan_: Plan) -> pd.Series:
    """Role of each cooperative of a register in a scenario, for a points map.

    Returns
    -------
    pandas.Series
        ``mitra lama`` (current Bulog partner kept), ``mitra baru``
        (partner in the scenario, not yet a Bulog partner) or ``bukan mitra``.
    """
    ids = set(plan_.network.koperasi["koperasi_id"].to_numpy()[plan_.partner_idx])
    current = (
        register["mitra_bulog"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    )
    member = register["koperasi_id"].astype(str).isin(ids).to_numpy()
    role = np.where(
        member & current, "mitra lama", np.where(member, "mitra baru", "bukan mitra")
    )
    return pd.Series(role, index=register.index, name="peran_distribusi")
