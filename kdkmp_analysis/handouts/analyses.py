"""The analyses every hand-out is made of, computed once.

:func:`analyse` runs, in one process, the register (the default: SIMKOPDES
snapshot values where at hand and the ``ilustrasi`` scenario for the rest, or
an imported file), boundaries, population, the forum (readiness, gaps,
candidates; to existing BUMN outlets when a layer is given) and the
distribution scenarios; :class:`Analyses` carries
them to the briefings, the forum files and the deck. Every page and slide
carries the data note (``ilustrasi`` / ``perkiraan``) and :func:`sources`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kdkmp_analysis import region
from kdkmp_analysis.distribution import PLAN_KEY
from kdkmp_analysis.distribution.report import ScenarioOptions, plan_heading
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

    from kdkmp_analysis.distribution import Network, SimulationResult
    from kdkmp_analysis.forum import Forum

__all__ = [
    "JARAK_GERAI",
    "JARAK_KOPERASI",
    "SCENARIO_KEY",
    "Analyses",
    "MISSING_DATA_PAGE",
    "MISSING_DATA_TITLE",
    "analyse",
    "choose_scenario",
    "distance_basis",
    "distance_label",
    "export_date",
    "planner_text",
    "register_columns",
    "register_source",
    "sources",
    "status_count",
]

#: The distribution scenario briefings and the deck show unless the planner
#: chooses another (:class:`~kdkmp_analysis.distribution.report.ScenarioOptions`):
#: N sited partners under the kabupaten's presets, never the most optimistic.
SCENARIO_KEY = PLAN_KEY
#: The page that says which data to fill to unlock which verdicts (build root).
MISSING_DATA_PAGE = "data-yang-masih-kurang.html"
MISSING_DATA_TITLE = "Data yang masih kurang"


@dataclass
class Analyses:
    """Every analysis the hand-outs are made of (computed once)."""

    kabupaten: Kabupaten
    register: pd.DataFrame
    desa_polygons: gpd.GeoDataFrame
    kecamatan_polygons: gpd.GeoDataFrame
    forum: Forum
    distribution: SimulationResult | None
    scenarios: pd.DataFrame | None
    source: str
    created: str
    distribution_notes: list[str] = field(default_factory=list)
    #: Indonesian label of the plan scenario the briefings and deck show.
    scenario_label: str = ""
    #: The distribution network the scenarios ran on (``None`` when it failed).
    network: Network | None = None
    #: The planner's plan scenario and presets (default: :data:`SCENARIO_KEY`).
    options: ScenarioOptions = field(default_factory=ScenarioOptions)

    @property
    def scenario_heading(self) -> str:
        """``"Skenario rencana: … — dipilih perencana"`` (or ``— bawaan``)."""
        return plan_heading(self.options, self.scenario_label)

    @property
    def note(self) -> str:
        """The data note shown on every page and slide."""
        return self.forum.data_note


def analyse(
    register_path: str | Path | None = None,
    kabupaten: Kabupaten | str | None = None,
    *,
    outlets: pd.DataFrame | str | Path | None = None,
    options: ScenarioOptions | None = None,
) -> Analyses:
    """Run every analysis once for the hand-outs.

    Parameters
    ----------
    register_path : path, optional
        Register CSV (from ``kdkmp import-simkopdes`` or ``kdkmp register``);
        default: :func:`kdkmp_analysis.intake.default_register` (SIMKOPDES
        snapshot values where at hand, the ``ilustrasi`` scenario for the
        rest).
    kabupaten : Kabupaten or str, optional
        The kabupaten; default: the register file's own, else 35.14. A code
        that disagrees with the register file is an error.
    outlets : GeoDataFrame, DataFrame, str or Path, optional
        Existing BUMN outlets (a layer of
        :func:`kdkmp_analysis.intake.read_outlets` or a file it reads),
        passed to :func:`kdkmp_analysis.forum.build_forum`: distances are then
        to the nearest outlet of the BUMN, and the forum's ``sumber`` names
        the layer (``outlet``) and each list's distance basis (``jarak_*``).
    options : ScenarioOptions, optional
        The plan scenario and the presets of the distribution scenarios;
        default: :data:`SCENARIO_KEY` under the kabupaten's presets.

    Returns
    -------
    Analyses
    """
    from kdkmp_analysis import forum, intake
    from kdkmp_analysis.region import boundaries, population

    reg = intake.load_register(register_path, kabupaten)
    kab = region.as_kabupaten(kabupaten, reg)
    desa, kec = boundaries.load_layers(kab)
    pop = population.desa_population(kab, desa)
    fr = forum.build_forum(
        reg, kab, desa_polygons=desa, population=pop, outlets=outlets
    )
    options = options or ScenarioOptions()
    net, error = _network(reg, pop, kab, desa)
    result, scenarios, notes, label = _distribution(net, options, error)
    return Analyses(
        kabupaten=kab,
        register=reg,
        desa_polygons=desa,
        kecamatan_polygons=kec,
        forum=fr,
        distribution=result,
        scenarios=scenarios,
        distribution_notes=[planner_text(n) for n in notes],
        scenario_label=label,
        network=net,
        options=options,
        source=register_source(register_path, reg),
        created=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


#: An export date written in a row's ``sumber_status`` by the intake.
_STATED_DATE = re.compile(r"\((?:ekspor|tanggal berkas) (\d{4}-\d{2}-\d{2})")


def export_date(reg: pd.DataFrame) -> str:
    """The export date an imported register states, in words.

    The date the intake recorded (``provenance.of(reg).file_date``, else the
    ``(ekspor YYYY-MM-DD…)`` / ``(tanggal berkas …)`` of the rows'
    ``sumber_status``, the most frequent first), else
    :data:`kdkmp_analysis.intake.simkopdes.NO_EXPORT_DATE`. Never the file's
    modification time: that is when the file was copied, not the data's date.

    Examples
    --------
    >>> import pandas as pd
    >>> export_date(pd.DataFrame({"sumber_status": ["impor (ekspor 2026-08-05)"]}))
    'ekspor 2026-08-05'
    >>> export_date(pd.DataFrame({"sumber_status": ["impor SIMKOPDES"]}))
    'tanggal ekspor tidak diketahui'
    """
    from kdkmp_analysis import provenance
    from kdkmp_analysis.intake.simkopdes import NO_EXPORT_DATE

    stated = provenance.of(reg).file_date
    if not stated and "sumber_status" in reg.columns:
        found = reg["sumber_status"].astype("string").str.extract(_STATED_DATE)[0]
        dates = found.dropna().value_counts().index[:2]
        stated = ", ".join(str(d) for d in dates)
    return f"ekspor {stated}" if stated else NO_EXPORT_DATE


def register_source(
    register_path: str | Path | None, reg: pd.DataFrame | None = None
) -> str:
    """How pages name the register: the imported file and its export date, or the default.

    Parameters
    ----------
    register_path : path, optional
        The imported register file; ``None`` for the default register.
    reg : pandas.DataFrame, optional
        The register itself (read from ``register_path`` when omitted; the
        default register's sources need it).

    Returns
    -------
    str
        ``"register impor register.csv (ekspor 2026-08-05)"`` (or *tanggal
        ekspor tidak diketahui*: :func:`export_date`) or ``"register bawaan
        (data SIMKOPDES 5 Agu 2026, …, ilustrasi, …)"``: the sources of
        :func:`kdkmp_analysis.register.column_sources`, per column in
        :func:`register_columns`.
    """
    from kdkmp_analysis import intake, register

    if reg is None:
        reg = intake.load_register(register_path)
    if register_path is not None:
        return f"register impor {Path(register_path).name} ({export_date(reg)})"
    cs = register.column_sources(reg)
    found = [s for s in dict.fromkeys(cs["sumber"]) if s != "tidak diketahui"]
    return f"register bawaan ({', '.join(found) or register.STATUS_ILUSTRASI})"


def register_columns(reg: pd.DataFrame) -> str:
    """Which register columns come from where, for a page's note or sources.

    :func:`kdkmp_analysis.register.sources_text` after a heading, e.g.
    ``"Sumber per kolom register: Titik koordinat (361 dari 365), Akun
    SIMKOPDES, NIB, …: data SIMKOPDES 5 Agu 2026; …: ilustrasi"``; kolom
    *ilustrasi* are a scenario, not official data.
    """
    from kdkmp_analysis import register

    text = f"Sumber per kolom register: {register.sources_text(reg)}"
    if register.STATUS_ILUSTRASI in text:
        text += " (ilustrasi = skenario, bukan data resmi)"
    return text


def planner_text(text: str) -> str:
    """A sentence for a planner page: column keys as labels, no command-line flags.

    Texts written for the command line (e.g. why a distribution scenario
    cannot be evaluated) name register columns by key and options by flag;
    on a page they name the column's heading and point to the page
    :data:`MISSING_DATA_TITLE` instead.

    Examples
    --------
    >>> planner_text("kesiapan (badan_hukum, nib) tidak dapat dinilai "
    ...              "(opsi --kandidat-belum-dinilai, ditandai)")
    'kesiapan (Badan Hukum (AHU), NIB) tidak dapat dinilai (lihat halaman “Data yang masih kurang”)'
    """
    from kdkmp_analysis import register

    out = re.sub(
        r"\((?:opsi|pakai|lihat) --[^)]*\)",
        f"(lihat halaman “{MISSING_DATA_TITLE}”)",
        text,
    )
    out = re.sub(r"\s*--[a-z][\w-]*", "", out)
    labels = {c.name: c.label for c in register.SCHEMA}
    for key in sorted(labels, key=len, reverse=True):
        if "_" in key or key in ("nib", "npwp"):
            out = re.sub(rf"\b{re.escape(key)}\b", labels[key], out)
    return out


def _network(
    reg: pd.DataFrame, pop: pd.DataFrame, kab: Kabupaten, desa: gpd.GeoDataFrame
) -> tuple[Network | None, str]:
    """The distribution network, or ``None`` and why it could not be built."""
    from kdkmp_analysis import distribution

    try:
        return distribution.prepare(reg, pop, kabupaten=kab, desa_polygons=desa), ""
    except KdkmpError as exc:
        return None, str(exc)


def _distribution(
    net: Network | None, options: ScenarioOptions, error: str = ""
) -> tuple[SimulationResult | None, pd.DataFrame | None, list[str], str]:
    """The scenario comparison, the plan scenario's run, notes and its label."""
    from kdkmp_analysis import distribution

    scenarios = options.scenarios()
    chosen = options.plan_scenario(scenarios)
    if net is None:
        return None, None, [error], chosen.name
    try:
        table, _ = distribution.compare(net, scenarios)
    except KdkmpError as exc:
        return None, None, [str(exc)], chosen.name
    skipped = table.attrs.get("tidak_dinilai", {})
    labels = table.attrs.get("label_skenario", {})
    reasons = {str(labels.get(k, k)): str(why) for k, why in skipped.items()}
    if len(reasons) > 1 and len(set(reasons.values())) == 1:
        # e.g. no Bulog warehouse table for this kabupaten: one reason, said once
        notes = [f"Semua skenario distribusi: {next(iter(reasons.values()))}"]
    else:
        notes = [f"{label}: {why}" for label, why in reasons.items()]
    result = None if chosen.key in skipped else distribution.simulate(net, chosen)
    return result, (None if table.empty else table), notes, chosen.name


def choose_scenario(an: Analyses, options: ScenarioOptions) -> Analyses:
    """The same analyses with another plan scenario or presets.

    Reuses the register, forum and distribution network of ``an``; only the
    distribution scenarios run again (e.g. a briefing of the planner's chosen
    scenario next to the default one).
    """
    error = "" if an.network is not None else "; ".join(an.distribution_notes)
    result, scenarios, notes, label = _distribution(an.network, options, error)
    return replace(
        an,
        distribution=result,
        scenarios=scenarios,
        distribution_notes=[planner_text(n) for n in notes],
        scenario_label=label,
        options=options,
    )


def status_count(values: pd.Series, yes: str, *, subject: str = "") -> str:
    """An Indonesian count of a yes/no status that never hides the unknown.

    Unknown (``<NA>``) is never counted as "no": the sentence names how many
    are unknown, or says *tidak diketahui* when nothing is known.

    Parameters
    ----------
    values : pandas.Series
        A boolean status column (``<NA>`` = unknown).
    yes : str
        What a True value means, e.g. ``"sudah bermitra dengan BUMN"``.
    subject : str
        Noun put before ``yes`` in the count (``"koperasi"``), optional.

    Returns
    -------
    str
        ``"86 koperasi sudah bermitra dengan BUMN"``,
        ``"80 … ; 5 tidak diketahui"`` or
        ``"koperasi sudah bermitra dengan BUMN: tidak diketahui (semua 365
        koperasi)"``.
    """
    s = pd.array(values, dtype="boolean")
    unknown = int(pd.isna(s).sum())
    noun = f"{subject} " if subject else ""
    if len(s) and unknown == len(s):
        return f"{noun}{yes}: tidak diketahui (semua {len(s)} koperasi)"
    text = f"{int(s.fillna(False).sum())} {noun}{yes}"
    return f"{text}; {unknown} tidak diketahui" if unknown else text


def sources(an: Analyses) -> list[str]:
    """The source lines of every page and slide (register, names, points, …)."""
    s = an.forum.sumber
    out = [
        f"Register: {s.get('register', an.source)}",
        register_columns(an.register),
        f"Kode dan nama wilayah: {region.source_names()}",
        f"Titik pusat desa: {region.source_points()}",
        f"Batas: {s.get('batas', '')}",
        f"Penduduk per desa: {s.get('penduduk', '')}",
        "Syarat dan angka program: data/parameter.toml (sumber dan tanggal per nilai)",
    ]
    if "outlet" in s:
        out.append(f"Gerai BUMN yang ada: {s['outlet']}")
    out.append(f"Jarak ke mitra terdekat: {distance_basis(an.forum)}")
    if an.distribution is not None:
        out.append(f"Distribusi: {an.distribution.ringkasan.get('keterangan', '')}")
    return out


#: Heading of a list's distance when it is measured to the BUMN's outlets.
JARAK_GERAI = "Jarak Jalan ke Gerai/Mitra BUMN Terdekat (km, perkiraan)"
#: Heading of a list's distance when no outlet of that BUMN is known.
JARAK_KOPERASI = "Jarak Jalan ke Koperasi Mitra Terdekat (km, perkiraan)"


def distance_label(fr: Forum, program: str) -> str:
    """The heading of one list's distance column: to outlets, or to partners.

    :data:`JARAK_GERAI` when the forum's outlet layer holds outlets of the
    programme's BUMN (:func:`kdkmp_analysis.forum.outlets_of`), else
    :data:`JARAK_KOPERASI` (the nearest cooperative already partnered).
    """
    from kdkmp_analysis import forum, gaps

    mitra = gaps.programme(program).mitra
    if mitra is None or fr.outlets is None:
        return JARAK_KOPERASI
    return JARAK_GERAI if len(forum.outlets_of(fr.outlets, mitra)) else JARAK_KOPERASI


def distance_basis(fr: Forum, program: str | None = None) -> str:
    """What the forum's distances are measured to, in words.

    Parameters
    ----------
    fr : Forum
        The forum data (``sumber["jarak_<program>"]`` per list).
    program : str, optional
        One list's basis (``"jarak ke gerai Pertamina Patra Niaga terdekat
        (berkas outlet …; perkiraan: garis lurus × 1,35)"``); default: the
        whole forum in one sentence.
    """
    from kdkmp_analysis.region import distance

    if program is not None:
        return fr.sumber.get(f"jarak_{program}", "") or distance.road_basis()
    to = (
        "gerai BUMN terdekat dari berkas outlet (BUMN tanpa gerai di berkas: "
        "koperasi mitra terdekat di register)"
        if "outlet" in fr.sumber
        else "koperasi mitra BUMN terdekat di register (tanpa berkas outlet)"
    )
    return f"jarak jalan ke {to}; {distance.road_basis()}"
