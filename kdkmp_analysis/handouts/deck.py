"""The forum deck: what goes on the slides (the slide kinds are :mod:`.slides`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import documents, forum, maps, provenance
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import report
from kdkmp_analysis.handouts.analyses import (
    MISSING_DATA_PAGE,
    MISSING_DATA_TITLE,
    Analyses,
    distance_basis,
    distance_label,
    sources,
    status_count,
)
from kdkmp_analysis.handouts.briefings import gap_table, scenario_heading
from kdkmp_analysis.handouts.forum_files import COLUMN_LABELS
from kdkmp_analysis.handouts.missing_data import (
    missing_by_programme,
    missing_data_table,
)
from kdkmp_analysis.handouts.slides import Deck

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["scenario_figure", "write_deck"]

#: The household base of the rice coverage, in words.
_HH_BASE = ds.household_base("beras")


def write_deck(an: Analyses, path: str | Path, image_dir: str | Path) -> Path:
    """The forum deck: title, regency map, gap tables and candidates per BUMN,
    the distribution scenarios chart and the sources.

    Parameters
    ----------
    an : Analyses
    path : path
        ``.pptx`` to write.
    image_dir : path
        Where the PNG maps and charts of the deck are written.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)

    image_dir = Path(image_dir)
    image_dir.mkdir(parents=True, exist_ok=True)
    deck = Deck(f"{an.kabupaten.label} · {an.note} · dibuat {an.created}")
    deck.title(
        "Forum Temu Bisnis Koperasi Desa/Kelurahan Merah Putih dan BUMN",
        f"{an.kabupaten.label}\n{an.source}",
    )
    reg = an.register
    deck.bullets(
        "Ringkasan",
        [
            f"{len(reg)} koperasi di {reg['kode_kecamatan'].nunique()} kecamatan",
            status_count(reg["nib"], "ber-NIB", subject="koperasi"),
            status_count(
                reg["bermitra_bumn"], "sudah bermitra dengan BUMN", subject="koperasi"
            ),
            an.note,
        ],
    )
    _bulog_gap_map(deck, an, image_dir)
    missing = missing_by_programme(an)
    _programme_slides(deck, an, missing)
    _missing_data_slide(deck, an)
    if an.scenarios is not None:
        _scenario_chart(deck, an.scenarios, an, image_dir)
    _plan_slides(deck, an)
    if an.distribution_notes:
        deck.bullets(
            "Skenario distribusi yang tidak dapat dinilai", an.distribution_notes[:8]
        )
    deck.bullets("Sumber data", sources(an))
    return deck.save(path)


def _bulog_gap_map(deck: Deck, an: Analyses, image_dir: Path) -> None:
    """The regency map of the Bulog gap (kecamatan colours, NIB points)."""
    reg = an.register
    bulog = forum.gap_map_data(an.forum, "bulog_sphp", an.kecamatan_polygons)
    provenance.tag(bulog, status=an.forum.status_data)
    fig = maps.static_map(
        bulog,
        "persen_siap_belum_bermitra",
        register=reg,
        status="nib",
        legend="Koperasi siap tetapi belum bermitra Bulog",
        unit="%",
        title=f"Kesenjangan kemitraan Bulog — {an.kabupaten.label}",
    )
    png = maps.save_static(fig, image_dir / "peta-kesenjangan-bulog.png")
    deck.picture(
        "Peta kesenjangan kemitraan Bulog",
        png,
        note="Warna: koperasi siap tetapi belum bermitra; titik: status NIB",
    )


#: Where the deck and briefings say the page is, in words.
WHERE_PAGE = (
    f"halaman “{MISSING_DATA_TITLE}” di folder hasil analisis (berkas "
    f"{MISSING_DATA_PAGE}, tautannya di halaman depan)"
)


def _no_candidate_lines(missing: pd.DataFrame, key: str) -> list[str]:
    """Why a programme has no ready candidate, and where to read what to fill."""
    rows = missing[missing["program"] == key]
    lines = ["Belum ada koperasi yang diketahui siap untuk program ini."]
    for r in rows.head(3).itertuples():
        lines.append(
            f"{angka(int(r.putusan))} koperasi belum dapat dinilai: data {r.data} "
            "belum ada di register."
        )
    lines.append(f"Data mana yang perlu dilengkapi dan caranya: {WHERE_PAGE}.")
    return lines


def _inference_note(top: pd.DataFrame, ready: pd.DataFrame, key: str) -> str:
    """The note under a candidate table whose verdicts rest on inferred data."""
    r = ready[(ready["program"] == key) & (ready["kesiapan"] == "siap")]
    inferred = r[r["jumlah_disimpulkan"] > 0]
    if inferred.empty or top.empty:
        return ""
    what = inferred["disimpulkan"].iloc[0]
    return (
        f"Kesiapan {angka(len(inferred))} koperasi bertumpu pada data yang "
        f"disimpulkan, bukan tercatat: {what}. Periksa dokumennya di forum."
    )


def _missing_data_slide(deck: Deck, an: Analyses) -> None:
    """The columns that unlock the most verdicts, and where the page is."""
    table = missing_data_table(an)
    table = table[
        (
            table["putusan_terbuka"]
            + table["skenario_terbuka"]
            + table["putusan_bersama"]
        )
        > 0
    ]
    if table.empty:
        return
    shown = pd.DataFrame(
        {
            "Data": table["label"],
            "Koperasi tanpa data": table["koperasi_tanpa_data"],
            "Putusan yang dapat dinilai bila diisi": table["putusan_terbuka"],
            "Skenario distribusi": table["skenario_terbuka"],
            "Putusan yang juga menunggu data lain": table["putusan_bersama"],
        }
    )
    deck.table(
        MISSING_DATA_TITLE,
        shown.head(8),
        rows_per_slide=8,
        note=f"Cara melengkapinya: {WHERE_PAGE}.",
    )


def _programme_slides(deck: Deck, an: Analyses, missing: pd.DataFrame) -> None:
    """Readiness per programme, then per BUMN its gaps per kecamatan and top 10."""
    summary = gap_table(
        an.forum.summary,
        [
            "nama_program",
            "koperasi",
            "bermitra",
            "siap_belum_bermitra",
            "belum_siap",
            "tidak_dapat_dinilai",
            "syarat_kurang_terbanyak",
        ],
    )
    deck.table("Kesiapan per program (kabupaten)", summary, rows_per_slide=10)
    pop = " (perkiraan)" if an.forum.status_penduduk == "perkiraan" else ""
    for key, cands in an.forum.candidates.items():
        gaps = an.forum.gaps[an.forum.gaps["program"] == key]
        label = str(gaps["nama_program"].iloc[0]) if len(gaps) else key
        per_kec = gap_table(
            gaps,
            [
                "nama_kecamatan",
                "bermitra",
                "siap_belum_bermitra",
                "belum_siap",
                "tidak_dapat_dinilai",
            ],
        )
        deck.table(f"{label}: kesenjangan per kecamatan", per_kec, rows_per_slide=12)
        top = cands[cands["kesiapan"] == "siap"].head(10)
        shown = pd.DataFrame(
            {
                "Peringkat": top["peringkat"],
                "Koperasi": top["nama_koperasi"],
                "Kecamatan": top["nama_kecamatan"],
                distance_label(an.forum, key): top["jarak_mitra_km"],
                COLUMN_LABELS["penduduk_tanpa_mitra"] + pop: top[
                    "penduduk_tanpa_mitra"
                ],
            }
        )
        notes = [
            f"Jarak: {distance_basis(an.forum, key)}.",
            _inference_note(top, an.forum.readiness, key),
        ]
        if shown.empty:
            deck.bullets(f"{label}: calon mitra", _no_candidate_lines(missing, key))
        else:
            deck.table(
                f"{label}: 10 calon mitra teratas",
                shown,
                rows_per_slide=10,
                note=" ".join(n for n in notes if n),
            )


def scenario_figure(
    s: pd.DataFrame, note: str = "", plan_key: str | None = None
) -> Figure:
    """Rice coverage of the scenarios ``s`` on both bases, as a bar chart.

    Two bars per scenario: delivered as % of the regency's household rice
    need (first) and as % of the cooperative channel's demand; every bar's
    label names its base in words. The scenario whose key (index of ``s``) is
    ``plan_key`` is marked *skenario rencana*.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 5.6), layout="constrained")
    ax = fig.subplots()
    # the Indonesian label of each scenario (the index holds its stable key)
    names = list(s["skenario"]) if "skenario" in s.columns else list(s.index)
    y = np.arange(len(names), dtype=float)
    hh = s["persen_kebutuhan_rt_beras"].to_numpy(dtype=float)
    ch = s["persen_permintaan_saluran_beras"].to_numpy(dtype=float)
    # the share most scenarios use; a scenario with its own says it in its name
    share = float(s["porsi_saluran"].astype(float).mode().iloc[0]) if len(s) else 0.0
    channel = f"% {ds.BASE_CHANNEL} (porsi saluran {angka(100 * share, 1)} %)"
    ax.barh(y - 0.2, hh, height=0.38, color="#08519c", label=f"% {_HH_BASE}")
    ax.barh(y + 0.2, ch, height=0.38, color="#9ecae1", label=channel)
    limits = s["pembatas_beras"] if "pembatas_beras" in s.columns else None
    if limits is not None:
        names = [f"{n}\n(pembatas: {w})" for n, w in zip(names, limits, strict=True)]
    is_plan = [str(k) == plan_key for k in s.index]
    names = [
        f"Skenario rencana: {n}" if p else n
        for n, p in zip(names, is_plan, strict=True)
    ]
    ax.set_yticks(y, names, fontsize=8)
    for label, p in zip(ax.get_yticklabels(), is_plan, strict=True):
        label.set_fontweight("bold" if p else "normal")
    ax.set_xlabel(
        "Beras SPHP tersalur (% dari kebutuhan RT kabupaten / "
        "% dari permintaan saluran)"
    )
    ax.set_xlim(0, 195)
    ax.set_xticks(range(0, 101, 20))
    ax.invert_yaxis()
    for i in range(len(names)):
        ax.text(
            hh[i] + 1,
            y[i] - 0.2,
            f"{angka(hh[i], 1)} % {_HH_BASE}",
            va="center",
            fontsize=7,
        )
        ax.text(
            ch[i] + 1,
            y[i] + 0.2,
            f"{angka(ch[i], 1)} % {ds.BASE_CHANNEL}",
            va="center",
            fontsize=7,
        )
    fig.legend(loc="outside upper center", ncols=2, fontsize=8)
    ax.set_title("Skenario distribusi beras SPHP (horizon simulasi)")
    if note:
        fig.supxlabel(note, fontsize=7, color="#555")
    return fig


def _scenario_chart(deck: Deck, s: pd.DataFrame, an: Analyses, image_dir: Path) -> None:
    """The distribution scenarios ``s`` as one bar chart of rice coverage."""
    fig = scenario_figure(s, an.note, an.options.key)
    png = image_dir / "skenario-distribusi.png"
    with documents.atomic(png) as tmp:
        fig.savefig(tmp, dpi=110, format="png")
    deck.picture(
        "Skenario distribusi SPHP",
        png,
        note="Dua dasar: kebutuhan beras rumah tangga kabupaten (penduduk × "
        "konsumsi per kapita) dan permintaan saluran koperasi (kebutuhan × porsi "
        "saluran: perkiraan berpatokan pada angka SPHP, dengan rentang); "
        f"{scenario_heading(an)}",
    )


def _plan_slides(deck: Deck, an: Analyses) -> None:
    """The plan scenario by name: coverage on both bases, access, presets."""
    res = an.distribution
    if res is None:
        return
    s = res.ringkasan
    lines = [scenario_heading(an)]
    lines += [
        f"{ds.commodity(c).label}: {ds.coverage_text(s, c)}" for c in ds.COMMODITIES
    ]
    lines.append(
        f"{ds.ACCESS_LABEL.capitalize()}: {angka(float(s['penduduk_terjangkau']))} jiwa"
    )
    lines.append(f"Yang membatasi beras: {s['pembatas_beras']}")
    deck.bullets("Skenario rencana distribusi SPHP", lines, size=16)
    deck.bullets(
        "Skenario rencana: preset dan asumsi",
        [scenario_heading(an), *report.preset_lines(res)],
        size=12,
    )
