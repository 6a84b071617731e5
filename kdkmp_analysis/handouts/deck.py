"""The forum deck: what goes on the slides (the slide kinds are :mod:`.slides`).

A short story per BUMN rather than a pile of tables: the title, the regency at
a glance, readiness per programme, then per programme **one** slide (its gap
map, the three figures that matter, the top candidates), the plan scenario of
the SPHP distribution with the base of every coverage figure, the data still
missing (in words), and the sources. Every slide carries speaker notes with
the detail that does not fit on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import forum, gaps, maps, params, provenance, region
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.distribution import presets, report
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

__all__ = ["UNKNOWN_WORDS", "WHERE_PAGE", "scenario_figure", "write_deck"]

#: The household base of the rice coverage, in words.
_HH_BASE = ds.household_base("beras")
#: What the deck says of a status nobody has recorded yet.
UNKNOWN_WORDS = "status belum diketahui — lengkapi lewat templat Dinas"
#: Where the deck and briefings say the page is, in words.
WHERE_PAGE = (
    f"halaman “{MISSING_DATA_TITLE}” di folder hasil analisis (berkas "
    f"{MISSING_DATA_PAGE}, tautannya di halaman depan)"
)


def write_deck(an: Analyses, path: str | Path, image_dir: str | Path) -> Path:
    """The forum deck, one short story per BUMN.

    Slides: title; the regency at a glance; readiness per programme; per
    programme one slide (gap map, three key figures, top candidates); the
    plan scenario of the SPHP distribution; the data still missing; sources.
    Speaker notes on every slide.

    Parameters
    ----------
    an : Analyses
    path : path
        ``.pptx`` to write.
    image_dir : path
        Where the PNG maps of the deck are written.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)

    image_dir = Path(image_dir)
    image_dir.mkdir(parents=True, exist_ok=True)
    deck = Deck(f"{an.kabupaten.label} · {an.note} · dibuat {tanggal(an.created)}")
    deck.title(
        "Forum Temu Bisnis Koperasi Desa/Kelurahan Merah Putih dan BUMN",
        f"{an.kabupaten.label}\n{an.source}",
        notes=[
            "Forum ini mempertemukan koperasi yang siap dengan BUMN mitranya.",
            f"Data: {an.note}.",
            f"Dibuat {tanggal(an.created)}.",
        ],
    )
    _glance_slides(deck, an, image_dir)
    missing = missing_by_programme(an)
    for key, cands in an.forum.candidates.items():
        _programme_slide(deck, an, key, cands, missing, image_dir)
    _distribution_slide(deck, an)
    _missing_data_slide(deck, an)
    _sources_slide(deck, an)
    return deck.save(path)


def _glance_slides(deck: Deck, an: Analyses, image_dir: Path) -> None:
    """The regency at a glance, and readiness per programme in one table."""
    reg = an.register
    lines = [
        f"{angka(len(reg))} koperasi di "
        f"{angka(reg['kode_kecamatan'].nunique())} kecamatan",
        status_count(reg["nib"], "ber-NIB", subject="koperasi"),
        status_count(
            reg["bermitra_bumn"], "sudah bermitra dengan BUMN", subject="koperasi"
        ),
        f"{angka(len(an.forum.candidates))} program BUMN dibahas di forum, "
        "satu slide per program",
    ]
    if len(an.forum.summary):
        pop = " (perkiraan)" if an.forum.status_penduduk == "perkiraan" else ""
        people = angka(an.forum.summary["penduduk"].iloc[0])
        lines.insert(1, f"Penduduk: {people} jiwa{pop}")
    deck.programme(
        f"{an.kabupaten.label} sekilas",
        _regency_map_png(an, image_dir / "peta-kabupaten.png"),
        [],
        None,
        notes=[
            "Peta: batas kecamatan; titik: koperasi menurut status NIB.",
            f"Data: {an.note}.",
            f"Sumber register: {an.source}.",
            "Urutan: kesiapan per program, lalu satu slide per program (peta "
            "kesenjangan, tiga angka, calon mitra teratas), distribusi SPHP, "
            "data yang masih kurang, dan sumber.",
        ],
        lines=lines,
    )
    summary = gap_table(
        an.forum.summary,
        [
            "nama_program",
            "bermitra",
            "siap_belum_bermitra",
            "belum_siap",
            "tidak_dapat_dinilai",
            "syarat_kurang_terbanyak",
        ],
    )
    deck.table(
        "Kesiapan per program (kabupaten)",
        summary,
        rows_per_slide=10,
        notes=[
            f"Semua angka adalah jumlah koperasi (dari {angka(len(reg))}).",
            "“Tidak dapat dinilai”: data syaratnya belum ada di register; "
            f"{UNKNOWN_WORDS}.",
            "“Tidak diketahui”: status kemitraan belum tercatat; “tidak berlaku”: "
            "program tanpa status kemitraan (mis. pinjaman).",
        ],
    )


def _regency_map_png(an: Analyses, path: Path) -> Path:
    """The regency for a slide: kecamatan outlines, cooperatives by NIB."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.6, 4.8), layout="constrained")
    ax = fig.add_subplot()
    maps.static_map(an.kecamatan_polygons, register=an.register, status="nib", ax=ax)
    _drop_source_lines(ax)
    _legend_below(fig, ax)
    return maps.save_static(fig, path, dpi=150)


def _drop_source_lines(ax) -> None:
    """Remove a static map's source lines (they are on the sources slide)."""
    for text in list(ax.texts):
        if "Sumber:" in text.get_text():
            text.remove()


def _gap_map_png(an: Analyses, key: str, path: Path) -> Path:
    """The programme's gap map for a slide: kecamatan by share not ready.

    Drawn at the size it is shown (4.6 × 3.6 in) so that its type is read at
    its own size; cooperatives coloured by readiness for the programme.
    """
    from matplotlib.figure import Figure

    data = forum.gap_map_data(an.forum, key, an.kecamatan_polygons)
    n = pd.to_numeric(data["koperasi"], errors="coerce").astype(float)
    not_ready = pd.to_numeric(data["belum_siap"], errors="coerce").astype(float)
    data["persen_belum_siap"] = (100 * not_ready / n.where(n > 0)).round(1)
    provenance.tag(data, status=an.forum.status_data)
    points = forum.readiness_register(an.forum, key)
    fig = Figure(figsize=(4.6, 3.6), layout="constrained")
    ax = fig.add_subplot()
    maps.static_map(
        data,
        "persen_belum_siap",
        register=points,
        status="kesiapan_mitra",
        legend="Koperasi belum siap",
        unit="%",
        ax=ax,
    )
    _drop_source_lines(ax)
    if (legend := ax.get_legend()) is not None:  # said in words (GAP_LEGEND)
        legend.remove()
    return maps.save_static(fig, path, dpi=150)


#: The gap map's legend on its slide, in words at body size.
GAP_LEGEND = (
    "Warna kecamatan: bagian koperasi kecamatan itu yang belum siap, makin "
    "gelap makin banyak (dari tidak ada sampai semuanya). Titik: hijau siap, "
    "merah belum siap, biru sudah bermitra, abu-abu belum dapat dinilai."
)


def _legend_below(fig, ax) -> None:
    """The map's legend under the map at the slide's type size (≥ 14 pt)."""
    maps.static.legend_below(fig, ax)


def _figures(row: pd.Series) -> list[tuple[str, str]]:
    """The three figures that matter for one programme (counts of cooperatives)."""

    def value(col: str) -> str:
        v = row[col]
        return str(v) if isinstance(v, str) else angka(v)

    partnered = value("Sudah bermitra")
    if partnered == "tidak diketahui":
        partnered, partnered_label = (
            "belum diketahui",
            "koperasi sudah bermitra: lengkapi statusnya lewat templat Dinas",
        )
    elif partnered == "tidak berlaku":
        partnered_label = "sudah bermitra: program tanpa status kemitraan"
    else:
        partnered_label = "koperasi sudah bermitra"
    lacking = row.get("Syarat kurang terbanyak", "")
    not_ready = "koperasi belum siap"
    if isinstance(lacking, str) and lacking:
        not_ready += f" (paling sering kurang: {lacking})"
    return [
        (partnered, partnered_label),
        (value("Siap, belum bermitra"), "koperasi siap tetapi belum bermitra"),
        (value("Belum siap"), not_ready),
    ]


def _candidate_table(an: Analyses, cands: pd.DataFrame) -> pd.DataFrame:
    """The top ten ready candidates, in short columns (the caption says more)."""
    top = cands[cands["kesiapan"] == "siap"].head(10)
    return pd.DataFrame(
        {
            "Peringkat": top["peringkat"],
            "Desa": top["nama_desa"],
            "Kecamatan": top["nama_kecamatan"],
            "Jarak (km)": top["jarak_mitra_km"],
            "Tambahan penduduk": top["penduduk_tanpa_mitra"],
        }
    )


def _programme_slide(
    deck: Deck,
    an: Analyses,
    key: str,
    cands: pd.DataFrame,
    missing: pd.DataFrame,
    image_dir: Path,
) -> None:
    """One programme on one slide: gap map, three figures, top candidates."""
    rows = an.forum.summary[an.forum.summary["program"] == key]
    label = str(rows["nama_program"].iloc[0]) if len(rows) else gaps.programme(key).nama
    shown = gap_table(
        rows,
        [
            "bermitra",
            "siap_belum_bermitra",
            "belum_siap",
            "tidak_dapat_dinilai",
            "syarat_kurang_terbanyak",
        ],
    )
    figures = _figures(shown.iloc[0]) if len(shown) else []
    png = _gap_map_png(an, key, image_dir / f"peta-kesenjangan-{key}.png")
    table = _candidate_table(an, cands)
    pop = " (perkiraan)" if an.forum.status_penduduk == "perkiraan" else ""
    distance = (
        f"Jarak: {distance_basis(an.forum, key)} — {distance_label(an.forum, key)}"
    )
    if len(table) and table["Jarak (km)"].isna().all():
        table = table.drop(columns="Jarak (km)")
        distance += "; belum dapat dihitung: status kemitraan belum diketahui"
    caption = (
        "Desa: Koperasi Desa/Kelurahan Merah Putih di desa itu. "
        f"{distance}. "
        f"Penduduk: {COLUMN_LABELS['penduduk_tanpa_mitra']}{pop}."
    )
    unknown = int(rows["tidak_dapat_dinilai"].iloc[0]) if len(rows) else 0
    inference = _inference_note(table, an.forum.readiness, key)
    if inference:  # on the slide too: the forum checks these documents
        caption += f" {inference}"
    notes = [
        f"{label}: peta kesenjangan per kecamatan — warna: persentase koperasi "
        "yang belum siap dari semua koperasi kecamatan itu; titik: kesiapan tiap "
        "koperasi untuk program ini.",
        inference,
    ]
    if unknown:
        notes.append(
            f"{angka(unknown)} koperasi belum dapat dinilai: {UNKNOWN_WORDS}. "
            f"Rinciannya: {WHERE_PAGE}."
        )
    if table.empty:
        lines = _no_candidate_lines(missing, key)
        deck.programme(label, png, figures, None, "", notes, lines, GAP_LEGEND)
        return
    n = deck.programme(label, png, figures, table, caption, notes, legend=GAP_LEGEND)
    if n < len(table):
        slide = deck.prs.slides[-1]
        frame = slide.notes_slide.notes_text_frame
        frame.text += (
            f"\nDi slide tampil {angka(n)} calon teratas; daftar lengkap ada di "
            "buku kerja forum."
        )


def _no_candidate_lines(missing: pd.DataFrame, key: str) -> list[str]:
    """Why a programme has no ready candidate, in words."""
    rows = missing[missing["program"] == key]
    lines = ["Belum ada koperasi yang diketahui siap untuk program ini."]
    for r in rows.head(3).itertuples():
        lines.append(
            f"{angka(int(r.putusan))} koperasi belum dapat dinilai: data {r.data} "
            f"belum ada; {UNKNOWN_WORDS}."
        )
    return lines


def _inference_note(top: pd.DataFrame, ready: pd.DataFrame, key: str) -> str:
    """The note on a candidate list whose verdicts rest on inferred data."""
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
    """The data that unlock the most verdicts, in words, and how to fill them."""
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
            "Untuk program": table["program"],
            "Koperasi yang statusnya belum diketahui": table["koperasi_tanpa_data"],
            "Putusan yang dapat dinilai bila diisi": table["putusan_terbuka"],
        }
    )
    where = "Cara mengisi tiap data ada di catatan pembicara."
    if len(table) > 8:
        where = f"{angka(len(table) - 8)} data lain dan caranya di catatan pembicara."
    notes = [f"Cara melengkapinya: {WHERE_PAGE}."]
    notes += [str(r.cara_mengisi) for r in table.itertuples() if r.cara_mengisi]
    deck.table(
        MISSING_DATA_TITLE,
        shown.head(8),
        rows_per_slide=8,
        note=(
            "Status belum diketahui — lengkapi lewat templat Dinas; rinciannya di "
            f"halaman “{MISSING_DATA_TITLE}”. {where}"
        ),
        notes=notes,
    )


def _distribution_slide(deck: Deck, an: Analyses) -> None:
    """The plan scenario by name: coverage on both bases, access, the limit."""
    res = an.distribution
    notes = [*an.distribution_notes]
    if res is None:
        if notes:
            deck.bullets(
                "Distribusi SPHP",
                ["Skenario distribusi belum dapat dinilai; alasannya di catatan."],
                notes=notes,
            )
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
    lines.append(
        "Dua dasar cakupan: kebutuhan rumah tangga kabupaten (penduduk × konsumsi "
        "per kapita) dan permintaan saluran koperasi (kebutuhan × porsi saluran)"
    )
    notes = [
        "Dua dasar cakupan: kebutuhan beras rumah tangga kabupaten (penduduk × "
        "konsumsi per kapita) dan permintaan saluran koperasi (kebutuhan × porsi "
        "saluran: perkiraan berpatokan pada angka SPHP, dengan rentang).",
        *report.preset_lines(res),
        f"Dasar: {s.get('keterangan', '')}",
        *notes,
    ]
    deck.bullets("Distribusi SPHP: skenario rencana", lines, size=18, notes=notes)


#: ``"(sumber: …)"`` at the end of a preset line.
_SOURCE = re.compile(r"\(sumber: ([^()]*(?:\([^()]*\)[^()]*)*)\)")


def _sources_slide(deck: Deck, an: Analyses) -> None:
    """Sources by short Indonesian title; the full lines in the notes."""
    s = an.forum.sumber
    lines = [
        f"Register: {an.source}",
        f"Kode dan nama wilayah: {region.source_names()}",
        f"Batas wilayah: {str(s.get('batas', '')).split(';')[0]}",
        f"Penduduk per desa: {str(s.get('penduduk', '')).split(':')[0]} (BPS)",
        f"Jarak: {distance_basis(an.forum)}",
    ]
    if an.distribution is not None:
        for line in report.preset_lines(an.distribution):
            m = _SOURCE.search(line)
            if m:
                lines.append(f"{line.split(':')[0]}: {m.group(1)}")
        share = params.entry("distribusi.porsi_saluran")
        lines.append(
            f"Porsi saluran koperasi: {presets.source_title(share['sumber'])} "
            f"({share.get('status', 'data')})"
        )
    lines.append(
        "Syarat dan angka program: berkas parameter proyek (sumber, tanggal dan "
        "status tiap nilai)"
    )
    deck.bullets("Sumber data", lines, size=16, notes=sources(an))


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
