"""The analyses every hand-out is made of, computed once.

:func:`analyse` runs, in one process, the register (default ``ilustrasi``
scenario or an imported file), boundaries, population, the forum (readiness,
gaps, candidates) and the distribution scenarios; :class:`Analyses` carries
them to the briefings, the forum files and the deck. Every page and slide
carries the data note (``ilustrasi`` / ``perkiraan``) and :func:`sources`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kdkmp_analysis import region
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

    from kdkmp_analysis.distribution import Network, SimulationResult
    from kdkmp_analysis.forum import Forum

__all__ = [
    "SCENARIO_KEY",
    "Analyses",
    "MISSING_DATA_PAGE",
    "MISSING_DATA_TITLE",
    "analyse",
    "planner_text",
    "register_source",
    "sources",
    "status_count",
]

#: The distribution scenario shown in briefings and on the deck.
SCENARIO_KEY = "siap_batas_2t"
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
    #: Indonesian label of the scenario the briefings show (:data:`SCENARIO_KEY`).
    scenario_label: str = ""
    #: The distribution network the scenarios ran on (``None`` when it failed).
    network: Network | None = None

    @property
    def note(self) -> str:
        """The data note shown on every page and slide."""
        return self.forum.data_note


def analyse(
    register_path: str | Path | None = None,
    kabupaten: Kabupaten | str | None = None,
) -> Analyses:
    """Run every analysis once for the hand-outs.

    Parameters
    ----------
    register_path : path, optional
        Register CSV (from ``kdkmp import-simkopdes`` or ``kdkmp register``);
        default: the embedded ``ilustrasi`` register.
    kabupaten : Kabupaten or str, optional
        The kabupaten; default: the register file's own, else 35.14. A code
        that disagrees with the register file is an error.

    Returns
    -------
    Analyses
    """
    from kdkmp_analysis import forum
    from kdkmp_analysis import register as register_mod
    from kdkmp_analysis.region import boundaries, population

    reg = register_mod.load_register(register_path, kabupaten)
    kab = region.as_kabupaten(kabupaten, reg)
    desa, kec = boundaries.load_layers(kab)
    pop = population.desa_population(kab, desa)
    fr = forum.build_forum(reg, kab, desa_polygons=desa, population=pop)
    result, scenarios, notes, label, net = _distribution(reg, pop, kab, desa)
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
        source=register_source(register_path),
        created=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def register_source(register_path: str | Path | None) -> str:
    """How pages name the register: the imported file and its date, or the default."""
    if register_path is None:
        return "register bawaan (skenario ilustrasi)"
    stamp = dt.datetime.fromtimestamp(Path(register_path).stat().st_mtime)
    return f"register impor {Path(register_path).name} (berkas {stamp:%Y-%m-%d})"


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


def _distribution(
    reg: pd.DataFrame, pop: pd.DataFrame, kab: Kabupaten, desa: gpd.GeoDataFrame
) -> tuple[
    SimulationResult | None, pd.DataFrame | None, list[str], str, Network | None
]:
    """The scenario comparison, the briefing scenario, its label and the network."""
    from kdkmp_analysis import distribution

    chosen = next(s for s in distribution.default_scenarios() if s.key == SCENARIO_KEY)
    try:
        net = distribution.prepare(reg, pop, kabupaten=kab, desa_polygons=desa)
        scenarios, _ = distribution.compare(net, distribution.default_scenarios())
    except KdkmpError as exc:
        return None, None, [str(exc)], chosen.name, None
    skipped = scenarios.attrs.get("tidak_dinilai", {})
    labels = scenarios.attrs.get("label_skenario", {})
    reasons = {str(labels.get(k, k)): str(why) for k, why in skipped.items()}
    if len(reasons) > 1 and len(set(reasons.values())) == 1:
        # e.g. no Bulog warehouse table for this kabupaten: one reason, said once
        notes = [f"Semua skenario distribusi: {next(iter(reasons.values()))}"]
    else:
        notes = [f"{label}: {why}" for label, why in reasons.items()]
    result = None if SCENARIO_KEY in skipped else distribution.simulate(net, chosen)
    return result, (None if scenarios.empty else scenarios), notes, chosen.name, net


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
        f"Kode dan nama wilayah: {region.source_names()}",
        f"Titik pusat desa: {region.source_points()}",
        f"Batas: {s.get('batas', '')}",
        f"Penduduk per desa: {s.get('penduduk', '')}",
        "Syarat dan angka program: data/parameter.toml (sumber dan tanggal per nilai)",
    ]
    if an.distribution is not None:
        out.append(f"Distribusi: {an.distribution.ringkasan.get('keterangan', '')}")
    return out
