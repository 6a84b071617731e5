"""Hand-outs: what the planner gives out and shows at the forum.

The last step before the build. Everything here presents analyses computed
elsewhere; nothing here is imported by a lower step.

Modules
-------
:mod:`~kdkmp_analysis.handouts.analyses`
    :func:`analyse`: every analysis the hand-outs need, computed once;
    :func:`choose_scenario`: the same with another plan scenario or presets.
:mod:`~kdkmp_analysis.handouts.briefings`
    One page per kecamatan (offline map, readiness, gaps, candidates, SPHP).
:mod:`~kdkmp_analysis.handouts.forum_files`
    The forum workbook (one sheet per BUMN programme) and the HTML lists.
:mod:`~kdkmp_analysis.handouts.gap_maps`
    Offline gap maps per programme.
:mod:`~kdkmp_analysis.handouts.deck`, :mod:`~kdkmp_analysis.handouts.slides`
    The forum deck: its content, and the slide kinds (python-pptx).
:mod:`~kdkmp_analysis.handouts.missing_data`
    The page *Data yang masih kurang*: which column to fill to unlock which
    verdicts and distribution scenarios.
:mod:`~kdkmp_analysis.handouts.outcome_sheet`
    The workbook's sheets *Hasil Forum* (outcomes to fill) and *Tindak Lanjut*.
:mod:`~kdkmp_analysis.handouts.progress`
    After the forum: the *Kemajuan* page and the follow-up lists.
:mod:`~kdkmp_analysis.handouts.index`
    The build's index page.

The page skeleton, HTML table and sheet writer they share are
:mod:`kdkmp_analysis.documents`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kdkmp_analysis.handouts.analyses import (
    JARAK_GERAI,
    JARAK_KOPERASI,
    MISSING_DATA_PAGE,
    MISSING_DATA_TITLE,
    SCENARIO_KEY,
    Analyses,
    analyse,
    choose_scenario,
    distance_basis,
    distance_label,
    export_date,
    planner_text,
    register_columns,
    register_source,
    sources,
    status_count,
)
from kdkmp_analysis.handouts.briefings import briefing_html, write_briefings
from kdkmp_analysis.handouts.cards import card_href, write_cards
from kdkmp_analysis.handouts.deck import write_deck
from kdkmp_analysis.handouts.forum_files import (
    ForumFiles,
    write_forum,
    write_html,
    write_workbook,
)
from kdkmp_analysis.handouts.gap_maps import (
    forum_gap_categories,
    gap_category_table,
    gap_map,
    readiness_points_map,
    write_gap_maps,
)
from kdkmp_analysis.handouts.missing_data import (
    missing_by_programme,
    missing_data_page,
    missing_data_table,
    write_missing_data_page,
)
from kdkmp_analysis.handouts.outcome_sheet import outcome_frame, write_outcome_sheets
from kdkmp_analysis.handouts.progress import (
    FOLLOWUP_PAGE,
    PROGRESS_LABELS,
    PROGRESS_PAGE,
    PROGRESS_TITLE,
    followup_page,
    followups,
    funnel_counts,
    latest_state,
    progress_page,
    read_history,
)
from kdkmp_analysis.handouts.slides import Deck

__all__ = [
    "FOLLOWUP_PAGE",
    "PROGRESS_LABELS",
    "PROGRESS_PAGE",
    "PROGRESS_TITLE",
    "card_href",
    "followup_page",
    "followups",
    "funnel_counts",
    "latest_state",
    "outcome_frame",
    "progress_page",
    "read_history",
    "write_outcome_sheets",
    "write_progress",
    "JARAK_GERAI",
    "JARAK_KOPERASI",
    "MISSING_DATA_PAGE",
    "MISSING_DATA_TITLE",
    "SCENARIO_KEY",
    "Analyses",
    "Deck",
    "ForumFiles",
    "analyse",
    "briefing_html",
    "choose_scenario",
    "distance_basis",
    "distance_label",
    "export_date",
    "forum_gap_categories",
    "gap_category_table",
    "gap_map",
    "missing_by_programme",
    "missing_data_page",
    "missing_data_table",
    "planner_text",
    "readiness_points_map",
    "register_columns",
    "register_source",
    "sources",
    "status_count",
    "write_briefings",
    "write_cards",
    "write_deck",
    "write_forum",
    "write_forum_files",
    "write_gap_maps",
    "write_html",
    "write_index",
    "write_missing_data_page",
    "write_workbook",
]


def write_forum_files(
    an: Analyses, out_dir: str | Path, history: pd.DataFrame | None = None
) -> list[Path]:
    """The forum workbook, HTML lists and one offline gap map per programme.

    ``history`` (the forum outcome history, :func:`read_history`) adds the
    open follow-ups to the workbook's *Hasil Forum* and its *Tindak Lanjut*.

    Returns
    -------
    list of Path
        Workbook, HTML lists, then the gap maps
        (:func:`write_forum`, :func:`write_gap_maps`).
    """
    files = write_forum(out_dir, forum=an.forum, history=history)
    gap_maps = write_gap_maps(an.forum, Path(out_dir) / "peta", an.kecamatan_polygons)
    return [Path(files.workbook), Path(files.html), *gap_maps]


def _register_date(reg: pd.DataFrame, fallback: str) -> dt.date:
    """A register's export date when it states one, else ``fallback`` (ISO)."""
    import re

    m = re.search(r"\d{4}-\d{2}-\d{2}", export_date(reg))
    return dt.date.fromisoformat(m.group(0) if m else fallback[:10])


def write_progress(
    an: Analyses,
    out_dir: str | Path,
    history: pd.DataFrame | None = None,
    today: dt.date | None = None,
    earlier: Sequence[str | Path] = (),
) -> list[Path]:
    """Write the *Kemajuan* page, and with a history the follow-up page.

    ``out_dir/kemajuan.html`` always (the register timeline; without history
    the plain sentence that no forum outcome has been imported yet), and
    ``out_dir/tindak-lanjut.html`` when ``history`` has rows. ``earlier``:
    registers of earlier SIMKOPDES exports or imports (``register.csv``
    files), each dated by its export date, so the timeline has one point
    per export date, with the changes between successive ones.

    Returns
    -------
    list of Path
        The Kemajuan page, then the follow-up page when written.
    """
    from kdkmp_analysis import documents

    out = Path(out_dir)
    day = today or dt.date.today()
    from kdkmp_analysis import register as reg_mod

    by_date = {}
    for path in earlier:
        old = reg_mod.read_register(path)
        by_date[_register_date(old, an.created)] = (old, f"register {Path(path).name}")
    # one point per export date: the build's own register wins over an earlier
    # file of the same export (it carries the forum outcomes applied since)
    by_date[_register_date(an.register, an.created)] = (an.register, an.source)
    registers = [(d, reg, src) for d, (reg, src) in sorted(by_date.items())]
    has = history is not None and not history.empty
    kem = documents.write_text(
        out / PROGRESS_PAGE,
        progress_page(
            history,
            registers,
            None,
            day,
            kecamatan_polygons=an.kecamatan_polygons,
            note=an.note,
            sources=sources(an),
            followup_href=FOLLOWUP_PAGE if has else None,
        ),
    )
    if not has:
        return [kem]
    tl = documents.write_text(
        out / FOLLOWUP_PAGE,
        followup_page(
            history, an.register, None, day, note=an.note, sources=sources(an)
        ),
    )
    return [kem, tl]
