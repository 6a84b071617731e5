"""The forum's candidate order: what each next candidate adds, counted once.

The forum (:mod:`kdkmp_analysis.forum`) ranks the candidates of a partner
programme by readiness first; within a readiness tier this module decides
the order by the **marginal** gain of each candidate given the current
partners and every candidate above it (a greedy, so people are counted
once):

* programmes with a flow model (:data:`FLOW_PROGRAMMES`: Bulog SPHP) —
  the weekly channel demand **served** of
  :mod:`~kdkmp_analysis.distribution.served` (the same caps, reach and lazy
  greedy as the siting of :func:`~kdkmp_analysis.distribution.placement.site_served`,
  with its ``cakupan`` tie-break), also said as people: served tonnes ÷
  (per-capita weekly need × channel share);
* the others (LPG, banks, PLN, ID Food, Pupuk) — the people of desa within
  the road reach (great circle × ``distribusi.faktor_sirkuitas`` ≤
  ``distribusi.jarak_layanan_km``) of the candidate that no partnered
  cooperative of that BUMN, no outlet of the Dinas' outlet layer and no
  candidate above reaches.

So adding the forum's top N of the Bulog list to the current partners is the
greedy of ``site_served(N)``: it serves what the siting serves whenever the
greedy is proven optimal by the capacity bound (the usual case), and the
reason text names the basis in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kdkmp_analysis import _format
from kdkmp_analysis.distribution.commodity import commodity as commodity_of
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.scenario import Scenario
from kdkmp_analysis.distribution.served import TIE_WEIGHT, greedy_order, inputs
from kdkmp_analysis.region.distance import distance_matrix

__all__ = ["FLOW_PROGRAMMES", "Ranking", "rank_candidates"]

#: Programme key → commodity of its flow model.
FLOW_PROGRAMMES = {"bulog_sphp": "beras"}


@dataclass(frozen=True)
class Ranking:
    """Rank order and marginal gains of one programme's candidates.

    ``order`` holds positions into the input lists, best first; ``people``
    (float, ``NaN`` for a candidate without a point in the network) and
    ``tonnes`` (flow programmes; else all ``NaN``) are per input position;
    ``phrases`` the Indonesian clause of each candidate's reason; ``basis``
    the sentence of what was counted.
    """

    order: list[int]
    people: np.ndarray
    tonnes: np.ndarray
    phrases: list[str]
    basis: str
    flow: bool


def _rank_keys(items: Sequence[tuple]) -> np.ndarray:
    """Dense ranks of sortable tuples (equal tuples share a rank)."""
    uniq = sorted(set(items))
    pos = {t: i for i, t in enumerate(uniq)}
    return np.array([pos[t] for t in items], dtype=float)


def _final_order(
    tier: np.ndarray, tie: np.ndarray, picked: dict[int, int], n: int
) -> list[int]:
    """Tier first; within it the greedy's pick order, then unpointed by ties."""
    big = n + 1
    keys = [
        (tier[i], 0 if i in picked else 1, picked.get(i, big), tie[i], i)
        for i in range(n)
    ]
    return [k[-1] for k in sorted(keys)]


def _flow(
    net: Network,
    com_key: str,
    pos: np.ndarray,
    tier: np.ndarray,
    tie: np.ndarray,
    partner_codes: set[str],
    scenario: Scenario,
    program_name: str,
) -> Ranking:
    """Served-demand greedy (the siting's) over the candidates with a point."""
    inp = inputs(net, commodity=com_key, scenario=scenario)
    k = scenario.resolved()
    com = commodity_of(com_key)
    per_person = com.weekly_per_capita * k["share"]
    n_k = len(net.koperasi)
    codes = net.koperasi["kode_desa"].astype(str).to_numpy()
    fx = np.flatnonzero(np.isin(codes, list(partner_codes)))
    has = pos >= 0
    cand = np.zeros(n_k, dtype=bool)
    cand[pos[has]] = True
    cand[fx] = False
    t_k = np.full(n_k, np.inf)
    key_k = np.zeros(n_k)
    t_k[pos[has]] = tier[has]
    key_k[pos[has]] = tie[has]
    picks, gains = greedy_order(
        inp, cand, fx, None, tiers=t_k, key=key_k, cover=TIE_WEIGHT
    )
    back = {int(p): i for i, p in enumerate(pos) if p >= 0}
    picked = {back[int(p)]: r for r, p in enumerate(picks)}
    tonnes = np.full(pos.size, np.nan)
    for p, g in zip(picks, gains, strict=True):
        tonnes[back[int(p)]] = g
    people = np.round(tonnes / per_person) if per_person > 0 else tonnes * np.nan
    caps = np.unique(np.round(inp.cap, 3))
    cap_words = (
        f"batas {_format.angka(float(caps[0]), 1)} {inp.unit} per mitra per minggu"
        if caps.size == 1
        else "batas per mitra menurut daya tampung"
    )
    terms = (
        f"model penyaluran: jangkauan {_format.angka(k['max_km'], 1)} km jalan, "
        f"{cap_words}; perkiraan"
    )
    name = com_key.replace("_", " ")
    pop = net.desa["penduduk"].to_numpy(dtype=float)
    covered = inp.reach[:, fx].any(axis=1) if fx.size else np.zeros(pop.size, bool)
    newly = np.full(pos.size, np.nan)
    for p in picks:  # people newly within reach, in pick order (the tie-break)
        newly[back[int(p)]] = float(pop[inp.reach[:, p] & ~covered].sum())
        covered |= inp.reach[:, p]
    phrases = []
    for t, p, nw in zip(tonnes, people, newly, strict=True):
        if np.isnan(t):
            phrases.append(
                "lokasi koperasi belum ada di register: tambahan yang terlayani "
                "tidak dapat dihitung"
            )
        elif t <= 1e-6:
            phrases.append(
                f"tidak menambah {name} terlayani: permintaan dalam jangkauannya "
                f"sudah terlayani mitra {program_name} lain atau kandidat di "
                f"atasnya ({terms})"
            )
        else:
            phrases.append(
                f"menambah {_format.angka(float(t), 1)} {inp.unit} {name} per "
                f"minggu terlayani (permintaan saluran setara "
                f"{_format.angka(float(p))} jiwa) yang belum terlayani mitra "
                f"{program_name} lain atau kandidat di atasnya, dan "
                f"{_format.angka(nw)} jiwa baru dalam jangkauan ({terms})"
            )
    basis = (
        f"tambahan permintaan {name} yang terlayani per kandidat, dihitung "
        f"sekali dari atas ke bawah ({terms})"
    )
    return Ranking(
        _final_order(tier, tie, picked, pos.size), people, tonnes, phrases, basis, True
    )


def _reach_people(
    net: Network,
    pos: np.ndarray,
    tier: np.ndarray,
    tie: np.ndarray,
    partner_codes: set[str],
    outlets: pd.DataFrame | None,
    scenario: Scenario,
    program_name: str,
    pop_label: str,
) -> Ranking:
    """Greedy count of people newly within reach (maximal covering's greedy)."""
    k = scenario.resolved()
    f, r = k["circuity"], k["max_km"]
    pop = net.desa["penduduk"].to_numpy(dtype=float)
    reach = net.gc_desa_kop * f <= r  # (D, K)
    codes = net.koperasi["kode_desa"].astype(str).to_numpy()
    reached = reach[:, np.isin(codes, list(partner_codes))].any(axis=1)
    if outlets is not None and len(outlets):
        pts = outlets.dropna(subset=["lat", "lon"])
        if len(pts):
            d = distance_matrix(
                net.desa["lat"].to_numpy(float),
                net.desa["lon"].to_numpy(float),
                pts["lat"].to_numpy(float),
                pts["lon"].to_numpy(float),
            )
            reached |= (d * f <= r).any(axis=1)
    covered = reached.copy()
    people = np.full(pos.size, np.nan)
    picked: dict[int, int] = {}
    has = np.flatnonzero(pos >= 0)
    # lazy greedy: tier, then most new people, then the forum's ties
    import heapq

    def new(i: int) -> float:
        return float(pop[reach[:, pos[i]] & ~covered].sum())

    heap = [(tier[i], -new(int(i)), tie[i], int(i)) for i in has]
    heapq.heapify(heap)
    while heap:
        t, g, c, i = heapq.heappop(heap)
        v = new(i)
        if heap and heap[0][0] == t and -heap[0][1] > v + 1e-9:
            heapq.heappush(heap, (t, -v, c, i))
            continue
        picked[i] = len(picked)
        people[i] = v
        covered |= reach[:, pos[i]]
    what = "mitra/gerai" if outlets is not None and len(outlets) else "mitra"
    km = _format.angka(r, 1)
    phrases = [
        "lokasi koperasi belum ada di register: tambahan jiwa tidak dapat dihitung"
        if np.isnan(p)
        else f"menambah {_format.angka(float(p))} jiwa dalam jangkauan {km} km jalan "
        f"yang belum terjangkau {what} {program_name} lain atau kandidat di "
        f"atasnya{pop_label}"
        for p in people
    ]
    basis = (
        f"penduduk dalam jangkauan {km} km jalan yang belum terjangkau {what} "
        f"{program_name}, dihitung sekali dari atas ke bawah{pop_label}"
    )
    return Ranking(
        _final_order(tier, tie, picked, pos.size),
        people,
        np.full(pos.size, np.nan),
        phrases,
        basis,
        False,
    )


def rank_candidates(
    net: Network,
    program: str,
    kode_desa: Sequence[str],
    tiers: Sequence[tuple],
    ties: Sequence[tuple],
    *,
    partner_codes: set[str],
    program_name: str,
    outlets: pd.DataFrame | None = None,
    scenario: Scenario | None = None,
    pop_label: str = "",
) -> Ranking:
    """Order one programme's candidates by their marginal gain, tiers first.

    Parameters
    ----------
    net : Network
        The distribution network of the register (same population).
    program : str
        Programme key; :data:`FLOW_PROGRAMMES` use served demand.
    kode_desa : sequence of str
        Each candidate's desa (one cooperative per desa).
    tiers, ties : sequence of tuple
        Per candidate the sort key before the gain (readiness, …) and the one
        between equal gains (smaller first).
    partner_codes : set of str
        Desa of the cooperatives already partnered with the BUMN (fixed).
    program_name : str
        The BUMN's name for the phrases ("Bulog").
    outlets : DataFrame, optional
        The BUMN's own outlets (``lat``/``lon``) from the outlet layer:
        their reach counts as served (programmes without a flow model).
    scenario : Scenario, optional
        Quota preset, share, reach and circuity (default ``Scenario()``, as
        the plan's siting).
    pop_label : str
        Appended to people phrases (" (perkiraan)" for an estimate).

    Returns
    -------
    Ranking
    """
    sc = scenario or Scenario()
    n = len(kode_desa)
    where = {c: i for i, c in enumerate(net.koperasi["kode_desa"].astype(str))}
    pos = np.array([where.get(str(c), -1) for c in kode_desa], dtype=int)
    tier, tie = _rank_keys(list(tiers)), _rank_keys(list(ties))
    if n == 0:
        empty = np.zeros(0)
        return Ranking([], empty, empty, [], "", program in FLOW_PROGRAMMES)
    if program in FLOW_PROGRAMMES and net.desa["penduduk"].sum() > 0:
        com = FLOW_PROGRAMMES[program]
        return _flow(net, com, pos, tier, tie, partner_codes, sc, program_name)
    return _reach_people(
        net, pos, tier, tie, partner_codes, outlets, sc, program_name, pop_label
    )
