"""What a planner reads of a scenario run: the choices, the printout, the CSVs.

:class:`ScenarioOptions` is what a planner chooses (the plan scenario, the
branch quota, price, consumer-limit and calendar presets, and the weekly rice
allocation when Bulog Cabang gives one): resolved once at the door (the command
line) and passed on to the hand-outs. :func:`plan_heading` and
:func:`preset_lines` say which scenario is the plan and which presets it runs
under, with their sources — the command line, the briefings and the deck say
the same. :func:`write_outputs` writes the CSVs of ``kdkmp simulate --out``;
every one carries a ``keterangan`` column (what its figures rest on).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from kdkmp_analysis import documents, params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import presets
from kdkmp_analysis.distribution.business import business_cases
from kdkmp_analysis.distribution.commodity import (
    COMMODITIES,
    DistributionError,
    commodity,
)
from kdkmp_analysis.distribution.freight import (
    SCENARIO_COLUMNS,
    route_table,
    scenario_transport,
)
from kdkmp_analysis.distribution.lpg import LPG_CSV, write_lpg_csv
from kdkmp_analysis.distribution.montecarlo import PASTI_TEXT, monte_carlo
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.distribution.results import (
    ACCESS_LABEL,
    BASE_CHANNEL,
    SimulationResult,
    coverage_text,
    household_base,
    scenario_table,
    simulate,
)
from kdkmp_analysis.distribution.scenario import (
    DEFAULT_KEYS,
    PLAN_KEY,
    Scenario,
    default_scenarios,
)

__all__ = [
    "CHOSEN",
    "DEFAULT",
    "OUTPUT_FILES",
    "ScenarioOptions",
    "monte_carlo_bands",
    "plan_heading",
    "plan_result",
    "preset_lines",
    "print_presets",
    "print_summary",
    "share_text",
    "write_outputs",
]

#: How a page says the plan scenario was chosen.
CHOSEN = "dipilih perencana"
DEFAULT = "bawaan"
#: The files of ``kdkmp simulate --out``, each with a ``keterangan`` column.
OUTPUT_FILES = (
    "skenario.csv",
    "monte_carlo.csv",
    "usaha_koperasi.csv",
    "mitra_rencana.csv",
    "cakupan_beras_per_kecamatan.csv",
    "rute.csv",
    "usaha_lpg.csv",
)
#: Partner columns whose old names read as "served" (access is not service).
_SERVED_NAMES = ("desa_dilayani", "penduduk_dilayani")


def _check_choice(value: str | None, keys: Sequence[str], what: str) -> None:
    if value is not None and value not in keys:
        raise DistributionError(
            f"{what} {value!r} tidak dikenal; pilih salah satu: {', '.join(keys)}"
        )


@dataclass(frozen=True)
class ScenarioOptions:
    """The planner's choices for the distribution scenarios.

    ``None`` keeps each scenario's own value (the kabupaten's quota preset,
    the scenario's price, limit and calendar, the allocation band of
    ``data/parameter.toml``).

    Attributes
    ----------
    plan_key : str, optional
        Key of the plan scenario (one of
        :data:`~kdkmp_analysis.distribution.DEFAULT_KEYS`); ``None`` = the
        default :data:`~kdkmp_analysis.distribution.PLAN_KEY`, said as
        *bawaan* on pages.
    n_partners : int
        Partners of the sited scenarios.
    include_unassessed : bool
        See :attr:`Scenario.include_unassessed`.
    allocation_rice_t : float, optional
        The weekly rice allocation (t) for the kabupaten as Bulog Cabang gives
        it; every scenario runs with it (a fact, not a band).
    quota : str, optional
        Branch quota preset (``presets.QUOTA_KEYS``) of every scenario that
        does not name its own (``penempatan_serang`` keeps Serang's; the
        ``siap_batas_*`` scenarios keep their caps).
    prices, consumer_limit, calendar : str, optional
        ``presets.PRICE_KEYS``, ``presets.LIMIT_KEYS``, ``presets.CALENDAR_KEYS``.

    Raises
    ------
    DistributionError
        An unknown key or an allocation that is not a number above 0.
    """

    plan_key: str | None = None
    n_partners: int = 30
    include_unassessed: bool = False
    allocation_rice_t: float | None = None
    quota: str | None = None
    prices: str | None = None
    consumer_limit: str | None = None
    calendar: str | None = None

    def __post_init__(self) -> None:
        _check_choice(self.plan_key, DEFAULT_KEYS, "skenario rencana (--skenario)")
        _check_choice(self.quota, presets.QUOTA_KEYS, "kuota cabang (--kuota)")
        _check_choice(self.prices, presets.PRICE_KEYS, "harga SPHP (--harga)")
        _check_choice(
            self.consumer_limit, presets.LIMIT_KEYS, "batas pembeli (--batas-pembeli)"
        )
        _check_choice(self.calendar, presets.CALENDAR_KEYS, "kalender (--kalender)")
        t = self.allocation_rice_t
        if t is not None and not (math.isfinite(float(t)) and float(t) > 0):
            raise DistributionError(
                "alokasi beras (--alokasi-beras) harus angka ton per minggu di atas "
                f"0, bukan {t}"
            )

    @property
    def key(self) -> str:
        """The plan scenario's key (the default when none was chosen)."""
        return self.plan_key or PLAN_KEY

    @property
    def chosen(self) -> bool:
        """Whether the planner chose the plan scenario (else the default)."""
        return self.plan_key is not None

    def scenarios(self) -> list[Scenario]:
        """:func:`default_scenarios` with these presets applied.

        A scenario that names its own quota keeps it; the caps of the
        ``siap_batas_*`` scenarios stay (a cap overrides the quota's weekly
        amount and order size).
        """
        out = []
        for sc in default_scenarios(self.n_partners, self.include_unassessed):
            changes: dict[str, Any] = {}
            if self.allocation_rice_t is not None:
                changes["allocation_rice_t"] = float(self.allocation_rice_t)
            if self.quota is not None and sc.quota is None:
                changes["quota"] = self.quota
            for name in ("prices", "consumer_limit", "calendar"):
                if getattr(self, name) is not None:
                    changes[name] = getattr(self, name)
            out.append(replace(sc, **changes))
        return out

    def plan_scenario(self, scenarios: Sequence[Scenario] | None = None) -> Scenario:
        """The plan scenario among ``scenarios`` (default: :meth:`scenarios`)."""
        found = [s for s in (scenarios or self.scenarios()) if s.key == self.key]
        if not found:
            raise DistributionError(f"skenario rencana {self.key!r} tidak ada")
        return found[0]


def plan_heading(options: ScenarioOptions, name: str) -> str:
    """``"Skenario rencana: 30 mitra terpilih (penempatan) — bawaan"``."""
    how = CHOSEN if options.chosen else DEFAULT
    return f"Skenario rencana: {name} — {how}"


def _source(key: str) -> str:
    """A ``[sumber]`` key in words (its ``judul_singkat``)."""
    return presets.source_title(key)


def share_text(share: float) -> str:
    """The channel share in words with its anchored band and source.

    E.g. "porsi saluran 6,7 % (perkiraan, dalam rentang antara porsi 3,6 % dan
    porsi 8,5 %, berpatokan pada angka SPHP: …)". Every ``%`` follows the word
    *porsi*: a parameter, not a coverage figure.
    """
    lo, v, hi = presets.band("distribusi.porsi_saluran")
    src = params.entry("distribusi.porsi_saluran")["sumber"]
    band = (
        f"dalam rentang antara porsi {angka(100 * lo, 1)} % dan porsi "
        f"{angka(100 * hi, 1)} %, berpatokan pada angka SPHP: realisasi 2025, "
        f"target 2026 ({_source(src)}) dan laju kanal koperasi, dibagi kebutuhan "
        "beras rumah tangga nasional"
    )
    if abs(float(share) - v) < 1e-9:
        return f"porsi saluran {angka(100 * v, 1)} % (perkiraan, {band})"
    return (
        f"porsi saluran {angka(100 * float(share), 1)} % (ditetapkan skenario; "
        f"parameter porsi {angka(100 * v, 1)} %, {band})"
    )


def preset_lines(result: SimulationResult) -> list[str]:
    """The presets a scenario ran under, each with its source, in words.

    Quota (or the scenario's own cap), SPHP prices, consumer limit, calendar,
    rice allocation (the band, or "angka Bulog yang dimasukkan") and the
    channel share (:func:`share_text`).
    """
    p, s = result.plan, result.ringkasan
    sc = p.scenario
    quota = p.quota.describe()
    if sc.cap_rice_t:
        quota = (
            f"batas {angka(sc.cap_rice_t, 1)} t/minggu per mitra ditetapkan "
            f"skenario; syarat bayar seperti {quota}"
        )
    if p.quota_note:
        quota += f"; {p.quota_note}"
    limit_src = params.load()["batas_pembeli"][sc.consumer_limit]["sumber"]
    alloc_src = params.entry("distribusi.alokasi_beras_t_minggu")["sumber"]
    alloc = s["alokasi_beras_teks"]
    if sc.allocation_rice_t is None:
        alloc += f" (sumber: {_source(alloc_src)})"
    return [
        f"Kuota cabang: {quota}",
        f"Harga SPHP: {s['harga_sphp']} (sumber: {_source(p.prices.source)})",
        f"Batas pembeli: {s['batas_pembeli']} (sumber: {_source(limit_src)})",
        f"Kalender: {s['kalender']} (sumber: {_source(p.calendar.source)})",
        f"Alokasi beras: {alloc}",
        f"Permintaan saluran koperasi: kebutuhan rumah tangga × "
        f"{share_text(s['porsi_saluran'])}",
    ]


def plan_result(
    net: Network,
    options: ScenarioOptions,
    scenarios: Sequence[Scenario],
    summary: pd.DataFrame,
) -> SimulationResult | None:
    """The plan scenario simulated (``None`` when it cannot be evaluated)."""
    if options.key in summary.attrs.get("tidak_dinilai", {}):
        return None
    return simulate(net, options.plan_scenario(scenarios))


def print_presets(
    options: ScenarioOptions,
    scenarios: Sequence[Scenario],
    res: SimulationResult | None,
) -> None:
    """Print the plan scenario, its presets with sources, and its coverage."""
    name = options.plan_scenario(scenarios).name
    print(plan_heading(options, name))
    if res is None:
        print("  tidak dapat dinilai dengan data ini (lihat alasannya di atas)")
        return
    for line in preset_lines(res):
        print(f"  {line}")
    s = res.ringkasan
    for key in COMMODITIES:
        print(f"  {commodity(key).label}: {coverage_text(s, key)}")
    print(f"  {ACCESS_LABEL.capitalize()}: {angka(s['penduduk_terjangkau'])} jiwa")


_HEADS = {  # every % names its base (household need first)
    "jumlah_mitra": "mitra",
    "persen_penduduk_terjangkau": "% penduduk dlm jangkauan (akses)",
    "persen_kebutuhan_rt_beras": "beras % keb. RT",
    "persen_permintaan_saluran_beras": "beras % perm. saluran",
    "persen_kebutuhan_rt_minyak_goreng": "minyak % keb. RT",
    "persen_permintaan_saluran_minyak_goreng": "minyak % perm. saluran",
    "persen_kebutuhan_rt_gula": "gula % keb. RT",
    "persen_permintaan_saluran_gula": "gula % perm. saluran",
    "ton_km": "ton_km",
    "rit": "rit",
}


def print_summary(net: Network, summary: pd.DataFrame) -> None:
    """Print the scenario comparison of :func:`compare`, every % with its base."""
    skipped = summary.attrs.get("tidak_dinilai", {})
    labels = summary.attrs.get("label_skenario", {})
    print(f"Data: {net.label}")
    if summary.empty:
        print("Tidak ada skenario yang dapat dinilai dengan status register ini.")
    else:
        shown = summary.set_index("skenario")[list(_HEADS)].copy()
        for c in _HEADS:  # counts whole, percentages with one decimal (Indonesian)
            digits = 1 if c.startswith("persen") else 0
            shown[c] = shown[c].map(lambda v, d=digits: angka(float(v), d))
        print(shown.rename(columns=_HEADS).to_string())
        print(
            "Dasar: '% keb. RT' = persen dari kebutuhan rumah tangga kabupaten "
            "(penduduk × konsumsi per kapita); '% perm. saluran' = persen dari "
            "permintaan saluran koperasi (kebutuhan × porsi saluran, perkiraan "
            f"berpatokan pada angka SPHP); 'akses' = {ACCESS_LABEL}."
        )
        for _, row in summary.iterrows():
            print(f"  {row['skenario']}: beras {coverage_text(row)}")
        print("Pembatas beras (kebutuhan tak terpenuhi karena):")
        for _, row in summary.iterrows():
            print(f"  {row['skenario']}: {row['pembatas_beras']}")
        for _, row in summary[summary["catatan_mitra"] != ""].iterrows():
            print(f"  Catatan {row['skenario']}: {row['catatan_mitra']}")
    for key, why in skipped.items():
        print(f"Skenario tidak dapat dinilai: {labels.get(key, key)} — {why}")


def monte_carlo_bands(
    net: Network,
    scenarios: Sequence[Scenario],
    summary: pd.DataFrame,
    runs: int,
    seed: int | None,
) -> pd.DataFrame:
    """Monte Carlo of every evaluable scenario; prints the rice band of each.

    Returns
    -------
    pandas.DataFrame
        ``monte_carlo.csv``: per scenario × commodity ``kunci``, ``nama``, the
        household need and the P10/P50/P90 of channel demand, delivered,
        unmet and coverage on both bases, ``pasti``, ``pita``, ``keterangan``.
    """
    skipped = summary.attrs.get("tidak_dinilai", {})
    parts = []
    for sc in (s for s in scenarios if s.key not in skipped):
        mc = monte_carlo(net, sc, runs=runs, seed=seed)
        t = mc.total.copy()
        t.insert(0, "kunci", sc.key)
        t.insert(1, "nama", sc.name)
        t["keterangan"] = mc.total.attrs.get("keterangan", net.label)
        parts.append(t)
        rice = t.set_index("komoditas").loc["beras"]
        weeks = int(mc.plan.knobs["weeks"])
        band = "/".join(angka(rice[f"tersalur_p{q}"]) for q in (10, 50, 90))
        pct = "/".join(
            angka(rice[f"persen_kebutuhan_rt_p{q}"], 1) for q in (10, 50, 90)
        )
        how = f"; {PASTI_TEXT}" if bool(rice["pasti"]) else ""
        print(
            f"  {sc.name}: beras tersalur {weeks} minggu P10/P50/P90 {band} t = "
            f"{pct} % {household_base('beras')}{how} ({runs} ulangan, "
            f"{angka(mc.seconds, 1)} dtk)"
        )
    if not parts:
        return pd.DataFrame(columns=["kunci", "nama", "pasti", "pita", "keterangan"])
    return pd.concat(parts, ignore_index=True)


def _allocation_note(options: ScenarioOptions) -> str:
    t = options.allocation_rice_t
    if t is None:
        return ""
    return (
        f"; alokasi beras {angka(float(t), 1)} t/minggu: angka Bulog yang "
        "dimasukkan (bukan perkiraan)"
    )


def _scenario_rows(
    summary: pd.DataFrame, note: str, haul: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``skenario.csv``: evaluated scenarios, then those that cannot be.

    ``haul`` (:func:`~kdkmp_analysis.distribution.routes.scenario_transport`)
    adds the transport cost per kg beside the margin and the HET, after the
    ``pembatas_*`` columns.
    """
    skipped = summary.attrs.get("tidak_dinilai", {})
    labels = summary.attrs.get("label_skenario", {})
    rows = summary.assign(alasan_tidak_dinilai="")
    if skipped:
        rows = pd.concat(
            [
                rows,
                pd.DataFrame(
                    {
                        "skenario": [labels.get(k, k) for k in skipped],
                        "alasan_tidak_dinilai": list(skipped.values()),
                    },
                    index=pd.Index(list(skipped), name=summary.index.name),
                ),
            ]
        )
    rows.attrs.update(summary.attrs)
    table = scenario_table(rows)
    table["keterangan"] = table["keterangan"].fillna("").astype(str) + note
    for key in COMMODITIES:
        table[f"pembatas_{key}"] = table[f"pembatas_{key}"].fillna("tidak dinilai")
    if haul is not None:
        table = _with_haul(table, haul)
    return table


def _with_haul(table: pd.DataFrame, haul: pd.DataFrame) -> pd.DataFrame:
    """The transport columns joined on ``kunci``, placed after ``pembatas_*``."""
    cols = [c for c in SCENARIO_COLUMNS if c not in table.columns]
    out = table.join(haul[cols], on="kunci")
    out["pembayar_angkut"] = out["pembayar_angkut"].fillna("tidak dinilai")
    at = list(table.columns).index(f"pembatas_{COMMODITIES[-1]}") + 1
    rest = [c for c in table.columns if c not in cols]
    order = rest[:at] + cols + rest[at:]
    out = out[order]
    out.attrs.update(table.attrs)
    return out


def _partner_table(res: SimulationResult, note: str) -> pd.DataFrame:
    """``mitra_rencana.csv``: the plan scenario per partner, with its label."""
    m = res.mitra.drop(columns=[c for c in _SERVED_NAMES if c in res.mitra.columns])
    m.insert(0, "kunci_skenario", res.plan.scenario.key)
    m.insert(1, "skenario", res.plan.scenario.name)
    label = res.mitra.attrs.get("keterangan") or res.plan.network.label

    def v(key: str) -> str:
        return angka(float(params.value(f"distribusi.{key}")))

    m["keterangan"] = (
        f"{label}{note}; penduduk_dalam_jangkauan = {ACCESS_LABEL}; "
        "beras_kg_per_hari, pembeli_per_hari dan jam_layanan_per_hari per hari "
        f"buka: {v('hari_buka_per_minggu')} hari buka per minggu, pembelian "
        f"tipikal {v('pembelian_tipikal_kg')} kg, {v('menit_per_pembeli')} menit "
        "per pembeli (ASUMSI, data/parameter.toml)"
    )
    return m


def _kecamatan_table(by_kec: pd.DataFrame, note: str) -> pd.DataFrame:
    """``cakupan_beras_per_kecamatan.csv``: columns name their base and scenario."""
    hh = by_kec.attrs.get("persen_kebutuhan_rt")
    parts = [by_kec.rename(columns=lambda k: f"persen_permintaan_saluran_{k}")]
    if hh is not None and not hh.empty:
        parts.insert(0, hh.rename(columns=lambda k: f"persen_kebutuhan_rt_{k}"))
    out = pd.concat(parts, axis=1)
    out.index.name = "nama_kecamatan"
    out = out.reset_index()
    out["keterangan"] = (
        f"{by_kec.attrs.get('keterangan', '')}{note}; angka = beras tersalur per "
        "kecamatan: persen_kebutuhan_rt_<kunci skenario> = % dari kebutuhan beras "
        "rumah tangga kecamatan, persen_permintaan_saluran_<kunci skenario> = % "
        f"{BASE_CHANNEL}"
    )
    return out


def write_outputs(
    out: Path,
    net: Network,
    options: ScenarioOptions,
    scenarios: Sequence[Scenario],
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    plan_res: SimulationResult | None,
) -> list[Path]:
    """Write the CSVs of ``kdkmp simulate --out`` (:data:`OUTPUT_FILES`).

    Parameters
    ----------
    out : Path
        An output folder already checked
        (:func:`kdkmp_analysis.documents.output_dir`).
    net : Network
    options : ScenarioOptions
    scenarios : sequence of Scenario
        The scenarios of ``tables``.
    tables : tuple of pandas.DataFrame
        :func:`compare`'s summary and per-kecamatan table, and
        :func:`monte_carlo_bands`.
    plan_res : SimulationResult or None
        :func:`plan_result` (``mitra_rencana.csv`` and ``rute.csv``, the plan
        scenario's weekly truck routes, are not written without it).

    Returns
    -------
    list of Path
        The files written.
    """
    summary, by_kec, bands = tables
    note = _allocation_note(options)
    skipped = summary.attrs.get("tidak_dinilai", {})
    haul, routes = scenario_transport(net, scenarios, skipped)
    written = [
        documents.write_csv(
            _scenario_rows(summary, note, haul), out / "skenario.csv", index=False
        )
    ]
    if len(bands):
        mc = bands.assign(keterangan=bands["keterangan"].astype(str) + note)
        written.append(documents.write_csv(mc, out / "monte_carlo.csv", index=False))
    business = business_cases(net, scenarios, skipped)
    if note and "keterangan" in business.columns:
        business["keterangan"] = business["keterangan"].astype(str) + note
    written.append(
        documents.write_csv(business, out / "usaha_koperasi.csv", index=False)
    )
    if plan_res is not None:
        written.append(
            documents.write_csv(
                _partner_table(plan_res, note), out / "mitra_rencana.csv", index=False
            )
        )
    written.append(
        documents.write_csv(
            _kecamatan_table(by_kec, note),
            out / "cakupan_beras_per_kecamatan.csv",
            index=False,
        )
    )
    written.append(write_lpg_csv(net, out / LPG_CSV))  # LPG 3 kg per cooperative
    if plan_res is not None and plan_res.plan.scenario.key in routes:
        rute = route_table(routes[plan_res.plan.scenario.key], note)
        written.append(documents.write_csv(rute, out / "rute.csv", index=False))
    return written
