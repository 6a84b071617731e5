"""What the build hands out besides the notebooks: briefings, forum files, deck.

All of it is computed once, in one process, from the same analyses
(:class:`Analyses`): the register (default ``ilustrasi`` scenario or an
imported file), boundaries, population, the forum (readiness, gaps,
candidates) and one distribution scenario. Every page and slide carries the
data note (``ilustrasi`` / ``perkiraan``) and the sources.

* :func:`write_briefings` — one self-contained HTML per kecamatan: an offline
  map of its cooperatives, readiness per programme, the gaps, the candidates
  and the distribution coverage.
* :func:`write_deck` — the forum deck (PowerPoint).
* :func:`write_forum_files` — the forum workbook and HTML lists.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kdkmp_analysis import config

if TYPE_CHECKING:
    import geopandas as gpd

    from kdkmp_analysis.distribution import SimulationResult
    from kdkmp_analysis.forum import Forum

__all__ = [
    "Analyses",
    "analyse",
    "briefing_html",
    "sources",
    "status_count",
    "write_briefings",
    "write_deck",
    "write_forum_files",
]

#: The distribution scenario shown in briefings and on the deck.
SCENARIO_NAME = "Semua koperasi siap, batas 2 t"


@dataclass
class Analyses:
    """Every analysis the hand-outs are made of (computed once)."""

    kabupaten: str
    register: pd.DataFrame
    desa_polygons: gpd.GeoDataFrame
    kecamatan_polygons: gpd.GeoDataFrame
    forum: Forum
    distribution: SimulationResult | None
    scenarios: pd.DataFrame | None
    source: str
    created: str
    distribution_notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        """The data note shown on every page and slide."""
        return self.forum.data_note


def analyse(
    register_path: str | Path | None = None,
    kab_code: str = config.DEFAULT_KABUPATEN,
) -> Analyses:
    """Run every analysis once for the hand-outs.

    Parameters
    ----------
    register_path : path, optional
        Register CSV (from ``kdkmp import-simkopdes`` or ``kdkmp register``);
        default: the embedded ``ilustrasi`` register.
    kab_code : str
        Kemendagri code when no register file is given.

    Returns
    -------
    Analyses
    """
    from kdkmp_analysis import distribution, forum, region
    from kdkmp_analysis.region import boundaries, population
    from kdkmp_analysis import register as register_mod
    from kdkmp_analysis.errors import KdkmpError

    reg = register_mod.load_register(register_path, kab_code)
    if register_path is not None:
        codes = sorted(set(reg["kode_kabupaten"].dropna()))
        kab_code = codes[0] if len(codes) == 1 else kab_code
        stamp = dt.datetime.fromtimestamp(Path(register_path).stat().st_mtime)
        source = f"register impor {Path(register_path).name} (berkas {stamp:%Y-%m-%d})"
    else:
        source = "register bawaan (skenario ilustrasi)"
    kab = region.resolve_kabupaten(kab_code)
    desa, kec = boundaries.load_layers(kab.code)
    pop = population.desa_population(kab.code, desa)
    fr = forum.build_forum(reg, kab.code, desa_polygons=desa, population=pop)
    result = scenarios = None
    notes: list[str] = []
    try:
        net = distribution.prepare(reg, pop, kab_code=kab.code, desa_polygons=desa)
        scenarios, _ = distribution.compare(net, distribution.default_scenarios())
        skipped = scenarios.attrs.get("tidak_dinilai", {})
        notes = [f"{name}: {why}" for name, why in skipped.items()]
        if SCENARIO_NAME not in skipped:
            chosen = next(
                s for s in distribution.default_scenarios() if s.name == SCENARIO_NAME
            )
            result = distribution.simulate(net, chosen)
        if scenarios.empty:
            scenarios = None
    except KdkmpError as exc:
        # e.g. no Bulog warehouse table for this kabupaten: hand-outs say why
        result = scenarios = None
        notes = [str(exc)]
    return Analyses(
        kabupaten=f"{kab.name} ({kab.code})",
        register=reg,
        desa_polygons=desa,
        kecamatan_polygons=kec,
        forum=fr,
        distribution=result,
        scenarios=scenarios,
        distribution_notes=notes,
        source=source,
        created=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


# ---------------------------------------------------------------------------
# HTML helpers
# ---------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,sans-serif;max-width:72em;margin:1.5em auto;padding:0 1em;color:#222}
h1{color:#b30000;margin-bottom:.2em} h2{border-bottom:2px solid #b30000;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0 1.2em;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.n{text-align:right}
.catatan{background:#fff4e5;border-left:4px solid #e69500;padding:.5em .8em}
iframe{width:100%;height:480px;border:1px solid #ccc}
footer{margin-top:2em;font-size:.85em;color:#555}
"""


def _num(value: Any) -> str:
    from kdkmp_analysis._format import sel

    return sel(value)


def _table(df: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, row in df.iterrows():
        cells = []
        for v in row:
            numeric = isinstance(v, int | float) and not isinstance(v, bool)
            cls = ' class="n"' if numeric else ""
            cells.append(f"<td{cls}>{html.escape(_num(v))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


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


def _page(title: str, body: str, note: str, sources: list[str]) -> str:
    src = "".join(f"<li>{html.escape(s)}</li>" for s in sources if s)
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="catatan">{html.escape(note)}</p>{body}'
        f"<footer><strong>Sumber data</strong><ul>{src}</ul></footer></body></html>"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def sources(an: Analyses) -> list[str]:
    from kdkmp_analysis import region

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


# ---------------------------------------------------------------------------
# Briefings
# ---------------------------------------------------------------------------
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


def _gap_table(gaps: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Gap rows with Indonesian headings; unknown partner figures in words."""
    from kdkmp_analysis import gaps as gaps_mod

    extra = [c for c in ("program", "mitra_diketahui") if c in gaps.columns]
    shown = gaps_mod.label_unknown(gaps[list(dict.fromkeys([*cols, *extra]))])
    return shown[cols].rename(columns={"nama_kecamatan": "Kecamatan", **_GAP_COLUMNS})


def briefing_html(an: Analyses, kode_kecamatan: str) -> str:
    """The self-contained briefing page of one kecamatan.

    Returns
    -------
    str
        HTML with an offline map (Leaflet inlined, no basemap), readiness and
        gaps per programme, the top candidates and the distribution coverage.
    """
    from kdkmp_analysis import maps

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
    frame = html.escape(maps.offline_html(m), quote=True)
    parts = [
        f"<p>{html.escape(an.kabupaten)} · dibuat {html.escape(an.created)}</p>",
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
    parts.append(_table(_gap_table(gaps, list(_GAP_COLUMNS))))
    parts.append("<h2>Calon mitra teratas per BUMN</h2>")
    rows = []
    for key, cands in an.forum.candidates.items():
        here = cands[
            (cands["kode_kecamatan"] == kode_kecamatan) & (cands["kesiapan"] == "siap")
        ].head(3)
        prog = an.forum.gaps.loc[an.forum.gaps["program"] == key, "nama_program"]
        label = str(prog.iloc[0]) if len(prog) else key
        names = ", ".join(here["nama_desa"].astype(str)) or "–"
        rows.append({"Program": label, "Calon (desa)": names})
    parts.append(_table(pd.DataFrame(rows)))
    if an.distribution is not None:
        k = an.distribution.kecamatan
        k = k[k["kode_kecamatan"] == kode_kecamatan]
        table = pd.DataFrame(
            {
                "Komoditas": k["komoditas"].str.replace("_", " "),
                "Satuan/minggu": k["satuan"],
                "Kebutuhan saluran": k["permintaan"]
                / an.distribution.ringkasan["minggu"],
                "Tersalur": k["tersalur"] / an.distribution.ringkasan["minggu"],
                "Cakupan (%)": k["cakupan_persen"],
            }
        )
        parts.append(
            f"<h2>Distribusi SPHP — skenario “{html.escape(SCENARIO_NAME)}”</h2>"
            + _table(table)
            + "<p>Rata-rata per minggu; kebutuhan dari penduduk × konsumsi × porsi "
            "saluran (parameter asumsi, lihat sumber).</p>"
        )
    else:
        reasons = "".join(f"<li>{html.escape(n)}</li>" for n in an.distribution_notes)
        parts.append(
            "<h2>Distribusi SPHP</h2><p>Skenario “"
            + html.escape(SCENARIO_NAME)
            + "” tidak dapat dinilai dengan data ini:</p>"
            + f"<ul>{reasons or '<li>alasan tidak tercatat</li>'}</ul>"
        )
    return _page(f"Ringkasan Kecamatan {name}", "".join(parts), an.note, sources(an))


def write_briefings(an: Analyses, out_dir: str | Path) -> list[Path]:
    """Write one briefing per kecamatan plus an index page into ``out_dir``."""
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
        path = out_dir / f"{code.replace('.', '')}-{_slug(name)}.html"
        path.write_text(briefing_html(an, code), encoding="utf-8")
        written.append(path)
        links.append(
            f'<li><a href="{html.escape(path.name)}">{html.escape(name)}</a></li>'
        )
    index = out_dir / "index.html"
    index.write_text(
        _page(
            f"Ringkasan per kecamatan — {an.kabupaten}",
            f"<ul>{''.join(links)}</ul>",
            an.note,
            sources(an),
        ),
        encoding="utf-8",
    )
    return [index, *written]


# ---------------------------------------------------------------------------
# Forum files and deck
# ---------------------------------------------------------------------------
def write_forum_files(an: Analyses, out_dir: str | Path) -> list[Path]:
    """The forum workbook, HTML lists and one offline gap map per programme.

    Returns
    -------
    list of Path
        Workbook, HTML lists, then the gap maps
        (:func:`kdkmp_analysis.forum.write_forum`, :func:`~kdkmp_analysis.forum.write_gap_maps`).
    """
    from kdkmp_analysis import forum

    files = forum.write_forum(out_dir, forum=an.forum)
    gap_maps = forum.write_gap_maps(
        an.forum, Path(out_dir) / "peta", an.kecamatan_polygons
    )
    return [Path(files.workbook), Path(files.html), *gap_maps]


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
    from matplotlib.figure import Figure

    from kdkmp_analysis import forum, maps
    from kdkmp_analysis.deck import Deck

    image_dir = Path(image_dir)
    image_dir.mkdir(parents=True, exist_ok=True)
    deck = Deck(f"{an.kabupaten} · {an.note} · dibuat {an.created}")
    deck.title(
        "Forum Temu Bisnis Koperasi Desa/Kelurahan Merah Putih dan BUMN",
        f"{an.kabupaten}\n{an.source}",
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
    bulog = forum.gap_map_data(an.forum, "bulog_sphp", an.kecamatan_polygons)
    bulog.attrs["status_data"] = an.forum.status_data
    fig = maps.static_map(
        bulog,
        "persen_siap_belum_bermitra",
        register=reg,
        status="nib",
        legend="Koperasi siap tetapi belum bermitra Bulog",
        unit="%",
        title=f"Kesenjangan kemitraan Bulog — {an.kabupaten}",
    )
    png = maps.save_static(fig, image_dir / "peta-kesenjangan-bulog.png")
    deck.picture(
        "Peta kesenjangan kemitraan Bulog",
        png,
        note="Warna: koperasi siap tetapi belum bermitra; titik: status NIB",
    )
    summary = _gap_table(
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
    for key, cands in an.forum.candidates.items():
        gaps = an.forum.gaps[an.forum.gaps["program"] == key]
        label = str(gaps["nama_program"].iloc[0]) if len(gaps) else key
        per_kec = _gap_table(
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
                "Jarak mitra terdekat (km)": top["jarak_mitra_km"],
                "Penduduk tanpa mitra": top["penduduk_tanpa_mitra"],
            }
        )
        if shown.empty:
            deck.bullets(f"{label}: calon mitra", ["Belum ada koperasi yang siap."])
        else:
            deck.table(f"{label}: 10 calon mitra teratas", shown, rows_per_slide=10)
    if an.scenarios is not None:
        s = an.scenarios
        fig = Figure(figsize=(10, 5.2), layout="constrained")
        ax = fig.subplots()
        names = list(s.index)
        ax.barh(range(len(names)), s["cakupan_beras_persen"], color="#2b8cbe")
        ax.set_yticks(range(len(names)), names, fontsize=9)
        ax.set_xlabel("Cakupan kebutuhan beras saluran SPHP (%)")
        ax.set_xlim(0, 100)
        ax.invert_yaxis()
        limits = s["pembatas_beras"] if "pembatas_beras" in s.columns else None
        for i, v in enumerate(s["cakupan_beras_persen"]):
            why = f"  (pembatas: {limits.iloc[i]})" if limits is not None else ""
            ax.text(v + 1, i, f"{v:.0f}%{why}", va="center", fontsize=8)
        ax.set_title("Skenario distribusi beras SPHP (rata-rata mingguan)")
        fig.supxlabel(an.note, fontsize=7, color="#555")
        png = image_dir / "skenario-distribusi.png"
        fig.savefig(png, dpi=110)
        deck.picture(
            "Skenario distribusi SPHP",
            png,
            note="Parameter asumsi (porsi saluran, jangkauan) ditandai di "
            "data/parameter.toml",
        )
    if an.distribution_notes:
        deck.bullets(
            "Skenario distribusi yang tidak dapat dinilai", an.distribution_notes[:8]
        )
    deck.bullets("Sumber data", sources(an))
    return deck.save(path)
