"""Scenarios: which partners, which caps, which share of the need.

A :class:`Scenario` has a stable :attr:`~Scenario.key` (code and tables
refer to it: ``"siap_batas_2t"``) and an Indonesian :attr:`~Scenario.name`
(the label on pages: "Semua koperasi siap, batas 2 t").
:func:`default_scenarios` is the standard side-by-side set;
:func:`scenario_problem` says why a register cannot support a scenario.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.commodity import commodity
from kdkmp_analysis.siting import NOTHING_TO_SITE

if TYPE_CHECKING:
    from kdkmp_analysis.distribution.network import Network

__all__ = [
    "ASSIGNMENTS",
    "DEFAULT_KEYS",
    "PARTNER_MODES",
    "PLAN_KEY",
    "Scenario",
    "ScenarioMap",
    "default_scenarios",
    "ready_mask",
    "scenario_problem",
    "siting_candidates",
    "status_problem",
]

#: How a desa finds its partner.
ASSIGNMENTS = ("nearest", "capacity")
#: Which cooperatives are partners: ``current`` (``mitra_bulog`` true),
#: ``ready`` (:func:`~kdkmp_analysis.distribution.bulog_ready`), ``sited``
#: (:func:`~kdkmp_analysis.distribution.site_partners`), ``all`` (every
#: cooperative with a point) — or a tuple of ``koperasi_id``.
PARTNER_MODES = ("current", "ready", "sited", "all")

#: Keys of :func:`default_scenarios`, in order (the same whatever its
#: arguments: the labels say ``+ belum dinilai`` and the number of partners).
DEFAULT_KEYS = (
    "mitra_saat_ini",
    "siap_batas_1t",
    "siap_batas_2t",
    "siap_batas_3t",
    "penempatan",
    "penempatan_serang",
    "siap_porsi_separuh",
)
#: The plan scenario briefings and the deck show unless the planner chooses
#: another: N sited partners under the kabupaten's quota preset.
PLAN_KEY = "penempatan"
_MODE_KEYS = {
    "current": "mitra_saat_ini",
    "ready": "siap",
    "all": "semua",
    "sited": "penempatan",
}


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
    siting_objective : {"terlayani", "cakupan", "p-median"}
        ``sited``: site by the weekly demand actually served within each
        partner's cap and reach (default), or by population within reach /
        distance (:func:`~kdkmp_analysis.distribution.site_partners`).
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
    quota : str, optional
        Branch quota preset (:data:`~kdkmp_analysis.distribution.presets.QUOTA_KEYS`;
        default: the kabupaten's, :func:`~kdkmp_analysis.distribution.presets.local_quota`).
        ``cap_rice_t`` overrides its weekly quota and order size.
    prices : str
        Price preset (``zona_2025`` or ``satu_harga_2026``).
    consumer_limit : str
        Consumer-limit preset (``juknis_2025`` 10 kg, ``rencana_2026`` 25 kg).
    calendar : str
        ``panen_2026`` (cut in the harvest weeks), ``jeda_2025`` (the 2025
        pause) or ``tanpa_jeda``.
    allocation_rice_t : float, optional
        Weekly rice allocation for the kabupaten (t) as Bulog gives it: then
        it is a fact, not a band.
    operating_share, late_prob, start_cash_rp, safety_weeks : float, optional
        Share of partners that operate, chance a delivery is a week late, a
        partner's starting cash for rice, safety stock in weeks of sales
        (defaults: ``data/parameter.toml``).
    key : str
        Stable identifier for code and tables (default: from ``partners``,
        e.g. ``mitra_saat_ini``, ``siap``, ``penempatan``); never shown on
        pages.
    """

    name: str = ""
    partners: str | tuple[str, ...] = "ready"
    n_partners: int | None = None
    keep_existing: bool = True
    siting_candidates: str = "ready"
    include_unassessed: bool = False
    siting_objective: str = "terlayani"
    cap_rice_t: float | None = None
    cap_oil_kl: float | None = None
    cap_sugar_t: float | None = None
    share: float | None = None
    circuity: float | None = None
    max_km: float | None = None
    assignment: str = "nearest"
    supply_factor: float = 1.0
    weeks: int | None = None
    quota: str | None = None
    prices: str = "zona_2025"
    consumer_limit: str = "rencana_2026"
    calendar: str = "panen_2026"
    allocation_rice_t: float | None = None
    operating_share: float | None = None
    late_prob: float | None = None
    start_cash_rp: float | None = None
    safety_weeks: float | None = None
    key: str = ""

    def __post_init__(self) -> None:
        mode = self.partners
        if not self.name:
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
        if not self.key:
            key = (
                _MODE_KEYS.get(mode, "pilihan") if isinstance(mode, str) else "pilihan"
            )
            object.__setattr__(self, "key", key)

    def resolved(self) -> dict[str, Any]:
        """Every knob with its effective value (parameters filled in)."""
        caps = {
            "beras": self.cap_rice_t,
            "minyak_goreng": self.cap_oil_kl,
            "gula": self.cap_sugar_t,
        }

        def knob(value: float | None, key: str) -> float:
            return float(params.value(key) if value is None else value)

        return {
            "caps": {
                k: float(commodity(k).cap if v is None else v) for k, v in caps.items()
            },
            "share": knob(self.share, "distribusi.porsi_saluran"),
            "circuity": knob(self.circuity, "distribusi.faktor_sirkuitas"),
            "max_km": knob(self.max_km, "distribusi.jarak_layanan_km"),
            "weeks": int(knob(self.weeks, "distribusi.jumlah_minggu")),
            "operating": knob(
                self.operating_share, "distribusi.porsi_mitra_beroperasi"
            ),
            "late": knob(self.late_prob, "distribusi.peluang_terlambat"),
            "cash0": knob(self.start_cash_rp, "usaha.modal_kerja_awal_rp"),
            "safety": knob(self.safety_weeks, "distribusi.stok_pengaman_minggu"),
            "allocation_rice_t": self.allocation_rice_t,
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
        Keys :data:`DEFAULT_KEYS`: current partners only (``mitra_saat_ini``);
        all ready cooperatives, cap 1, 2, 3 t (``siap_batas_1t`` …
        ``siap_batas_3t``); N sited partners under the kabupaten's quota
        preset (``penempatan``, :data:`PLAN_KEY`) and under Serang's 0.5 t/week
        (``penempatan_serang``); all ready with half the channel share
        (``siap_porsi_separuh``).
    """
    share = float(params.value("distribusi.porsi_saluran"))
    ready = (
        "Koperasi siap + belum dinilai" if include_unassessed else "Semua koperasi siap"
    )
    sited = " + belum dinilai" if include_unassessed else ""
    kw: dict[str, Any] = {"include_unassessed": include_unassessed}
    k = iter(DEFAULT_KEYS)
    return [
        Scenario("Mitra Bulog saat ini", partners="current", key=next(k)),
        *(
            Scenario(
                f"{ready}, batas {cap} t",
                partners="ready",
                cap_rice_t=float(cap),
                key=next(k),
                **kw,
            )
            for cap in (1, 2, 3)
        ),
        Scenario(
            f"{n_sited} mitra terpilih (penempatan{sited})",
            partners="sited",
            n_partners=n_sited,
            key=next(k),
            **kw,
        ),
        Scenario(
            f"{n_sited} mitra terpilih{sited}, kuota seperti Cabang Serang "
            "(0,5 t/minggu)",
            partners="sited",
            n_partners=n_sited,
            quota="serang",
            key=next(k),
            **kw,
        ),
        Scenario(
            f"{ready}, porsi saluran {angka(100 * share / 2, 1)} %",
            partners="ready",
            share=share / 2,
            key=next(k),
            **kw,
        ),
    ]


class ScenarioMap(dict[str, Any]):
    """A dict keyed by scenario key that also finds an entry by its label.

    ``compare(...)[0].attrs["tidak_dinilai"]`` is one: keyed by
    :attr:`Scenario.key`; ``label in m`` and ``m[label]`` still work for
    callers written when scenarios were found by their label.

    Parameters
    ----------
    items : iterable of (key, value)
        The entries.
    labels : dict
        Label → key of every scenario concerned.
    """

    def __init__(self, items: Iterable[tuple[str, Any]], labels: dict[str, str]):
        super().__init__(items)
        self.labels = dict(labels)

    def _key(self, k: str) -> str:
        if not dict.__contains__(self, k):
            return self.labels.get(k, k)
        return k

    def __contains__(self, k: object) -> bool:
        return isinstance(k, str) and dict.__contains__(self, self._key(k))

    def __getitem__(self, k: str) -> Any:
        return dict.__getitem__(self, self._key(k))

    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self)


def ready_mask(kop: pd.DataFrame, include_unassessed: bool) -> np.ndarray:
    """Bulog-ready cooperatives (``<NA>`` counted only when asked).

    Parameters
    ----------
    kop : pandas.DataFrame
        :attr:`Network.koperasi`.
    include_unassessed : bool
        Count ``siap_bulog`` ``<NA>`` as ready.

    Returns
    -------
    numpy.ndarray
        Boolean mask over ``kop``.
    """
    ready = kop["siap_bulog"].astype("boolean")
    return ready.fillna(include_unassessed).to_numpy(dtype=bool)


def siting_candidates(
    network: Network,
    candidates: str = "ready",
    *,
    keep_existing: bool = True,
    include_unassessed: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Who may be chosen as a partner, and who is fixed in advance.

    Parameters
    ----------
    network : Network
    candidates : {"ready", "all"}
        Bulog-ready cooperatives (:func:`ready_mask`) or every cooperative.
    keep_existing : bool
        Fix the current Bulog partners (``mitra_bulog`` true).
    include_unassessed : bool
        ``ready``: also those whose readiness cannot be assessed.

    Returns
    -------
    tuple of numpy.ndarray
        Candidate mask over ``network.koperasi`` and the fixed indices.
    """
    kop = network.koperasi
    cand = (
        ready_mask(kop, include_unassessed)
        if candidates == "ready"
        else np.ones(len(kop), dtype=bool)
    )
    fixed = (
        np.flatnonzero(kop["mitra_bulog"].fillna(False).to_numpy(dtype=bool))
        if keep_existing
        else np.array([], dtype=int)
    )
    return cand, fixed


def status_problem(network: Network, scenario: Scenario) -> str | None:
    """The reason of :func:`scenario_problem` that comes from unknown statuses.

    Parameters
    ----------
    network : Network
    scenario : Scenario

    Returns
    -------
    str or None
        Why the register's unknown statuses cannot support the scenario's
        partners (see :func:`scenario_problem`), whatever the network's own
        :attr:`~Network.problem`; ``None`` otherwise.
    """
    if not isinstance(scenario.partners, str):
        return None
    mode = scenario.partners
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
    n_ready = int(ready_mask(kop, False).sum())
    if mode == "ready":
        return None if n_ready else f"tidak ada koperasi yang diketahui siap{hint}"
    if scenario.n_partners is None:
        return None
    fixed = mitra.fillna(False).to_numpy(dtype=bool) if scenario.keep_existing else 0
    n_cand = int((ready_mask(kop, False) | fixed).sum())
    if scenario.n_partners > n_cand:
        return (
            f"jumlah mitra {scenario.n_partners} melebihi {n_cand} koperasi yang "
            f"diketahui siap{hint}"
        )
    return None


def nothing_to_site(
    network: Network,
    candidates: str = "ready",
    *,
    keep_existing: bool = True,
    include_unassessed: bool = False,
) -> str | None:
    """Why siting has nothing to choose from or nothing to reach, or ``None``.

    Parameters
    ----------
    network : Network
    candidates, keep_existing, include_unassessed
        As in :func:`~kdkmp_analysis.distribution.site_partners`.

    Returns
    -------
    str or None
        An Indonesian sentence: no cooperative may be chosen (none ready,
        none already a partner) or no desa has population.
    """
    cand, fixed = siting_candidates(
        network,
        candidates,
        keep_existing=keep_existing,
        include_unassessed=include_unassessed,
    )
    if not cand.any() and not fixed.size:
        who = (
            "tidak satu pun koperasi diketahui siap bermitra dengan Bulog "
            "(berbadan hukum, ber-NIB, ber-NPWP) dan belum ada mitra Bulog"
            if candidates == "ready"
            else "tidak ada koperasi bertitik"
        )
        return f"{NOTHING_TO_SITE}: {who}"
    if not float(network.desa["penduduk"].sum()) > 0:
        return (
            f"{NOTHING_TO_SITE}: penduduk desa berjumlah 0 "
            "(tidak ada yang dapat dijangkau)"
        )
    return None


def scenario_problem(network: Network, scenario: Scenario) -> str | None:
    """Why a scenario cannot be evaluated on this network, or ``None``.

    A scenario is *not evaluable* when

    * the kabupaten has no Bulog warehouse table or weekly allocation
      (:attr:`Network.problem`);
    * its partners depend on statuses that are unknown, so any figure would
      silently count "unknown" as "no": ``current`` with no cooperative
      known to partner with Bulog and some ``mitra_bulog`` unknown;
      ``ready`` with no cooperative known to be ready and the readiness of
      some unassessable (unless ``include_unassessed``); ``sited`` with
      ready candidates and fewer known candidates than partners asked for
      while some readiness is unknown;
    * ``sited`` has nothing to site (:func:`nothing_to_site`).

    User mistakes (a partner count below the current partners, or above all
    cooperatives) are not reported here:
    :func:`~kdkmp_analysis.distribution.plan` raises for them.

    Parameters
    ----------
    network : Network
    scenario : Scenario

    Returns
    -------
    str or None
        The reason in Indonesian, for tables and the command line.
    """
    if network.problem:
        return network.problem
    mode = scenario.partners
    if not isinstance(mode, str):
        return None
    why = status_problem(network, scenario)
    if why is None and mode == "sited":
        why = nothing_to_site(
            network,
            scenario.siting_candidates,
            keep_existing=scenario.keep_existing,
            include_unassessed=scenario.include_unassessed,
        )
    return why
