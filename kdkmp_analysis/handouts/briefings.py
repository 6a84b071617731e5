"""Kecamatan briefings: one self-contained page per kecamatan, and their index.

Each page: an offline map of the kecamatan's cooperatives, readiness and
gaps per programme, the top candidates per BUMN and the SPHP distribution
coverage, with the data note and sources (:func:`kdkmp_analysis.documents.page`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pandas as pd

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import documents, maps
from kdkmp_analysis import gaps as gaps_mod
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.distribution import report
from kdkmp_analysis.documents import html_table, page
from kdkmp_analysis.handouts import progress
from kdkmp_analysis.handouts.analyses import (
    MISSING_DATA_TITLE,
    Analyses,
    sources,
    status_count,
)
from kdkmp_analysis.handouts.cards import card_href, date_words

__all__ = [
    "MAP_PRINT_CSS",
    "PRINT_CSS",
    "briefing_html",
    "distribution_section",
    "gap_table",
    "scenario_heading",
    "slug",
    "write_briefings",
]


#: A4 print rules of the briefings (added to the house page style): no map
#: controls, no row split across pages, a header and footer on every page.
PRINT_CSS = """
@page{size:A4 portrait;margin:16mm 12mm 16mm}
@media print{
body{max-width:none;margin:0;padding:0;font-size:9.5pt}
.leaflet-control,.leaflet-control-container,nav{display:none!important}
tr,li{break-inside:avoid;page-break-inside:avoid} thead{display:table-header-group}
h2,h3{break-after:avoid} th{position:static}
iframe{height:120mm;break-inside:avoid}
a{color:inherit;text-decoration:none}
}
"""

#: Print rule inside the map frame (the page's CSS does not reach into it).
MAP_PRINT_CSS = (
    "@media print{.leaflet-control-container,.leaflet-control{display:none!important}}"
)


def _css_string(text: str) -> str:
    """A CSS string literal (``content:``) of plain text."""
    flat = " ".join(str(text).split())
    return (
        '"' + flat.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'
    )


def _print_frame(title: str, an: Analyses) -> str:
    """The print rules and the page header and footer of every printed page.

    The header (page title, kabupaten) and footer (source, date, page
    number) are ``@page`` margin boxes: they repeat on every A4 page and
    never cover the content.
    """
    head = _css_string(f"{title} · {an.kabupaten.label}")
    foot = _css_string(
        f"Sumber: {an.source or 'register'} · dibuat {date_words(an.created)}"
    )
    margin = (
        "@page{"
        f"@top-left{{content:{head};font-size:7.5pt;color:#555}}"
        f"@bottom-left{{content:{foot};font-size:7pt;color:#555}}"
        '@bottom-right{content:"Halaman " counter(page) " dari " counter(pages);'
        "font-size:7pt;color:#555}}"
    )
    return f"<style>{PRINT_CSS}{margin}</style>"


def _card_link(code: str, name: str, card_root: str | None) -> str:
    """A cooperative's name linked to its card (plain name without cards)."""
    if card_root is None:
        return html.escape(name)
    return (
        f'<a href="{html.escape(card_href(code, card_root))}">{html.escape(name)}</a>'
    )


def _cards_section(reg: pd.DataFrame, card_root: str | None) -> str:
    """Every cooperative of the kecamatan, linked to its card."""
    if card_root is None:
        return ""
    rows = reg.sort_values("nama_desa")
    links = ", ".join(
        _card_link(str(c), str(n), card_root)
        for c, n in rows[["kode_desa", "nama_desa"]].itertuples(index=False)
    )
    return (
        "<h2>Kartu per koperasi</h2><p>Apa yang kurang dan cara memenuhinya, "
        f"per koperasi (nama desa): {links}</p>"
    )


def _candidates_table(an: Analyses, kode_kecamatan: str, card_root: str | None) -> str:
    """Top three ready candidates per BUMN in this kecamatan, names linked to cards."""
    rows = []
    for key, cands in an.forum.candidates.items():
        here = cands[
            (cands["kode_kecamatan"] == kode_kecamatan) & (cands["kesiapan"] == "siap")
        ].head(3)
        prog = an.forum.gaps.loc[an.forum.gaps["program"] == key, "nama_program"]
        label = str(prog.iloc[0]) if len(prog) else key
        names = ", ".join(
            _card_link(str(c), str(n), card_root)
            for c, n in here[["kode_desa", "nama_desa"]].itertuples(index=False)
        )
        rows.append(f"<tr><td>{html.escape(label)}</td><td>{names or '–'}</td></tr>")
    return (
        "<table><thead><tr><th>Program</th><th>Calon (desa)</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def slug(text: str) -> str:
    """A file-name slug: ``"Gondang Wetan"`` → ``"gondang-wetan"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_GAP_COLUMNS = {
    "nama_program": "Program",
    "koperasi": "Koperasi",
    "bermitra": "Sudah bermitra",
    "siap_belum_bermitra": "Siap, belum bermitra",
    "belum_siap": "Belum siap",
    "tidak_dapat_dinilai": "Tidak dapat dinilai",
    "syarat_kurang_terbanyak": "Syarat kurang terbanyak",
    "cakupan_penduduk_pct": "Penduduk di desa bermitra (%)",
}


def gap_table(gaps: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Gap rows with Indonesian headings; unknown partner figures in words.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Rows of :func:`kdkmp_analysis.gaps.gaps_by_kecamatan` or
        :func:`~kdkmp_analysis.gaps.regency_summary`.
    cols : list of str
        Columns to show, in order.

    Returns
    -------
    pandas.DataFrame
    """
    extra = [c for c in ("program", "mitra_diketahui") if c in gaps.columns]
    shown = gaps_mod.label_unknown(gaps[list(dict.fromkeys([*cols, *extra]))])
    return shown[cols].rename(columns={"nama_kecamatan": "Kecamatan", **_GAP_COLUMNS})


def _missing_data_note(an: Analyses, kode_kecamatan: str, href: str | None) -> str:
    """What in this kecamatan waits for data or rests on inference, and where to read more."""
    r = an.forum.readiness[an.forum.readiness["kode_kecamatan"] == kode_kecamatan]
    n_tdd = int((r["kesiapan"] == gaps_mod.TIDAK_DAPAT_DINILAI).sum())
    inferred = r[(r["kesiapan"] == gaps_mod.SIAP) & (r["jumlah_disimpulkan"] > 0)]
    parts = []
    if len(inferred):
        progs = ", ".join(dict.fromkeys(inferred["nama_program"].astype(str)))
        parts.append(
            f"{len(inferred)} putusan “siap” di kecamatan ini ({progs}) bertumpu pada "
            "data yang disimpulkan, bukan tercatat: "
            f"{inferred['disimpulkan'].iloc[0]}. Periksa dokumennya di forum."
        )
    if n_tdd:
        parts.append(
            f"{n_tdd} putusan kesiapan di kecamatan ini belum dapat dinilai karena "
            "datanya belum ada di register."
        )
    if not parts:
        return ""
    page_name = html.escape(f"“{MISSING_DATA_TITLE}”")
    where = f'<a href="{html.escape(href)}">{page_name}</a>' if href else page_name
    return (
        "<p>"
        + html.escape(" ".join(parts))
        + f" Data mana yang perlu dilengkapi dan caranya: halaman {where}.</p>"
    )


def briefing_html(
    an: Analyses,
    kode_kecamatan: str,
    missing_data_href: str | None = None,
    card_root: str | None = "..",
    history: pd.DataFrame | None = None,
) -> str:
    """The self-contained briefing page of one kecamatan.

    Parameters
    ----------
    an : Analyses
    kode_kecamatan : str
    missing_data_href : str, optional
        Link to the page *Data yang masih kurang* (relative to this page);
        without it the page is named in words.
    card_root : str or None
        Path from this page's folder to the build root, where ``kartu/``
        holds the cooperative cards (``".."`` for ``ringkasan/``); names of
        cooperatives link to their cards. ``None``: no links.
    history : pandas.DataFrame, optional
        The forum outcome history: the page then starts with *Janji forum
        sebelumnya* (:func:`kdkmp_analysis.handouts.progress.promises_section`).

    Returns
    -------
    str
        HTML with an offline map (Leaflet inlined, no basemap), readiness and
        gaps per programme, the top candidates and the distribution coverage.
    """
    reg = an.register[an.register["kode_kecamatan"] == kode_kecamatan]
    if reg.empty:
        raise ValueError(f"kecamatan {kode_kecamatan} tidak ada di register")
    name = str(reg["nama_kecamatan"].iloc[0])
    kec = an.kecamatan_polygons[
        an.kecamatan_polygons["kode_kecamatan"] == kode_kecamatan
    ]
    desa = an.desa_polygons[an.desa_polygons["kode_kecamatan"] == kode_kecamatan]
    m = maps.points_map(
        reg,
        "nib",
        kecamatan=kec,
        desa_polygons=desa,
        tiles=None,
        title=f"Koperasi di Kecamatan {name}",
    )
    doc = maps.offline_html(m).replace(
        "</head>", f"<style>{MAP_PRINT_CSS}</style></head>", 1
    )
    frame = html.escape(doc, quote=True)
    parts = [
        _print_frame(f"Ringkasan Kecamatan {name}", an),
        f"<p>{html.escape(an.kabupaten.label)} · dibuat {html.escape(tanggal(an.created))}</p>",
        progress.promises_section(history, reg, dt.date.today()),
        f'<h2>Peta koperasi</h2><iframe title="Peta Kecamatan {html.escape(name)}" '
        f'srcdoc="{frame}"></iframe>',
    ]
    facts = [
        status_count(reg["nib"], "ber-NIB"),
        status_count(reg["bermitra_bumn"], "sudah bermitra dengan BUMN"),
    ]
    parts.append(f"<p>{len(reg)} koperasi; {html.escape('; '.join(facts))}.</p>")
    gaps = an.forum.gaps[an.forum.gaps["kode_kecamatan"] == kode_kecamatan]
    parts.append("<h2>Kesiapan dan kesenjangan per program</h2>")
    parts.append(html_table(gap_table(gaps, list(_GAP_COLUMNS))))
    parts.append(_missing_data_note(an, kode_kecamatan, missing_data_href))
    parts.append("<h2>Calon mitra teratas per BUMN</h2>")
    parts.append(_candidates_table(an, kode_kecamatan, card_root))
    parts.append(_cards_section(reg, card_root))
    if an.distribution is not None:
        parts.append(distribution_section(an, kode_kecamatan))
    else:
        reasons = "".join(f"<li>{html.escape(n)}</li>" for n in an.distribution_notes)
        parts.append(
            f"<h2>Distribusi SPHP — {html.escape(scenario_heading(an))}</h2>"
            "<p>Skenario ini tidak dapat dinilai dengan data ini:</p>"
            f"<ul>{reasons or '<li>alasan tidak tercatat</li>'}</ul>"
        )
    return page(
        f"Ringkasan Kecamatan {name}", "".join(parts), note=an.note, sources=sources(an)
    )


def scenario_heading(an: Analyses) -> str:
    """The plan scenario by its Indonesian name and who chose it.

    ``"Skenario rencana: 30 mitra terpilih (penempatan) — bawaan"`` (or
    ``— dipilih perencana``); an object without options names the scenario only.
    """
    heading = getattr(an, "scenario_heading", "")
    return heading or f"Skenario “{an.scenario_label}”"


def distribution_section(an: Analyses, kode_kecamatan: str) -> str:
    """HTML of a briefing's SPHP section: every coverage % names its base.

    The plan scenario by name (:func:`scenario_heading`), the regency's figure
    (household need, then channel demand, in words), access named as access,
    the presets with their sources, then the kecamatan's table with both bases
    side by side and the cooperative's business case.
    """
    res = an.distribution
    assert res is not None
    s = res.ringkasan
    weeks = s["minggu"]
    k = res.kecamatan[res.kecamatan["kode_kecamatan"] == kode_kecamatan]
    share = angka(100 * float(s["porsi_saluran"]), 1)
    table = pd.DataFrame(
        {
            "Komoditas": k["komoditas"].str.replace("_", " "),
            "Satuan/minggu": k["satuan"],
            "Kebutuhan rumah tangga": k["kebutuhan_rt"] / weeks,
            f"Permintaan saluran koperasi (porsi {share} %)": k["permintaan"] / weeks,
            "Tersalur": k["tersalur"] / weeks,
            "Tersalur, % dari kebutuhan rumah tangga": k["persen_kebutuhan_rt"],
            "Tersalur, % dari permintaan saluran koperasi": k["cakupan_persen"],
        }
    )
    lines = "".join(
        f"<li>{html.escape(ds.commodity(c).label)}: "
        f"{html.escape(ds.coverage_text(s, c))}</li>"
        for c in ds.COMMODITIES
    )
    access = (
        f"{ds.ACCESS_LABEL.capitalize()}: {angka(float(s['penduduk_terjangkau']))} "
        f"jiwa. Yang membatasi beras: {s['pembatas_beras']}."
    )
    terms = "".join(f"<li>{html.escape(t)}</li>" for t in report.preset_lines(res))
    return (
        f"<h2>Distribusi SPHP — {html.escape(scenario_heading(an))}</h2>"
        f"<p>Seluruh kabupaten, tersalur selama {weeks} minggu:</p><ul>{lines}</ul>"
        f"<p>{html.escape(access)}</p>"
        f"<h3>Preset dan asumsi skenario ini</h3><ul>{terms}</ul>"
        f"<p>Kecamatan ini (rata-rata per minggu):</p>"
        + html_table(table)
        + "<p>Kebutuhan rumah tangga = penduduk × konsumsi per kapita; permintaan "
        "saluran koperasi = kebutuhan rumah tangga × porsi saluran (perkiraan yang "
        "berpatokan pada angka SPHP, lihat preset di atas; bukan diturunkan dari "
        "batas per mitra). Penduduk dalam jangkauan mitra berarti akses, bukan "
        "yang terlayani.</p>" + _business_section(res)
    )


def _business_section(res: ds.SimulationResult) -> str:
    """The cooperative's business case for the briefing's scenario (issue 12 §4)."""
    question, _, answer = ds.business_summary(ds.business_case(res)).partition("? ")
    return (
        f"<h3>{html.escape(question)}?</h3><p>{html.escape(answer)}</p>"
        "<p>Margin = HET − harga beli Bulog; biaya tetap gerai adalah asumsi "
        "(rentang di sumber); volume per mitra dari model, dibandingkan dengan laju "
        "realisasi kanal koperasi.</p>"
    )


def write_briefings(
    an: Analyses,
    out_dir: str | Path,
    missing_data_href: str | None = None,
    card_root: str | None = "..",
    history: pd.DataFrame | None = None,
) -> list[Path]:
    """Write one briefing per kecamatan plus an index page into ``out_dir``.

    ``missing_data_href`` links each page to *Data yang masih kurang*
    (relative to ``out_dir``); ``card_root`` is the path from ``out_dir`` to
    the build root whose ``kartu/`` holds the cards (``None``: no links);
    ``history`` (the forum outcome history) starts each page with what the
    last forum promised there.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kec = (
        an.register[["kode_kecamatan", "nama_kecamatan"]]
        .drop_duplicates()
        .sort_values("kode_kecamatan")
    )
    written = []
    links = []
    for code, name in kec.itertuples(index=False):
        path = out_dir / f"{code.replace('.', '')}-{slug(name)}.html"
        documents.write_text(
            path, briefing_html(an, code, missing_data_href, card_root, history)
        )
        written.append(path)
        links.append(
            f'<li><a href="{html.escape(path.name)}">{html.escape(name)}</a></li>'
        )
    index = out_dir / "index.html"
    documents.write_text(
        index,
        page(
            f"Ringkasan per kecamatan — {an.kabupaten.label}",
            f"<ul>{''.join(links)}</ul>",
            note=an.note,
            sources=sources(an),
        ),
    )
    return [index, *written]
