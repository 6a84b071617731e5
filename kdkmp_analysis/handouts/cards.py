"""One card per cooperative: what it must do, for which BUMN, and how.

:func:`write_cards` writes ``kartu/<kode_desa>.html`` for every cooperative of
the register, one shared stylesheet ``kartu/kartu.css`` and an index
``kartu/index.html``. A card is a small offline page (no script, one local
stylesheet) that prints on one A4 page: the cooperative's identity, where its
data come from, its readiness per programme with **what is missing and how
to get it** (the steps of ``data/langkah_persyaratan.toml``, each citing a
regulation, an official address or a source of ``data/parameter.toml``, or
saying *asumsi*), its rank in each BUMN's candidate list with the distance to
the nearest outlet/partner, the SPHP business case of the plan scenario and,
when a previous register is given, what changed since then.

:func:`card_href` is the one rule for linking a card from another page
(briefings, forum lists, maps).
"""

from __future__ import annotations

import functools
import html
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kdkmp_analysis import config, documents, params, register
from kdkmp_analysis import gaps as gaps_mod
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.handouts.analyses import distance_basis

if TYPE_CHECKING:
    from kdkmp_analysis.gaps.changes import RegisterChanges
    from kdkmp_analysis.handouts.analyses import Analyses

__all__ = [
    "CARD_DIR",
    "CSS",
    "STYLESHEET",
    "Step",
    "card_href",
    "card_html",
    "date_words",
    "steps_file",
    "steps_for",
    "write_cards",
]

#: The folder of the cards, under the build's root.
CARD_DIR = "kartu"
#: The one stylesheet every card links (written once into :data:`CARD_DIR`).
STYLESHEET = "kartu.css"

#: The cards' stylesheet: screen, and one A4 page when printed.
CSS = """
body{font-family:system-ui,sans-serif;max-width:54em;margin:1em auto;padding:0 1em;
color:#222;font-size:14px;line-height:1.35}
h1{color:#b30000;font-size:1.35em;margin:.2em 0}
h2{font-size:1.05em;border-bottom:2px solid #b30000;margin:.8em 0 .3em;padding-bottom:.1em}
h3{font-size:.95em;margin:.5em 0 .2em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:.2em 0 .5em}
th,td{border:1px solid #ccc;padding:.15em .35em;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.n{text-align:right;white-space:nowrap}
ol,ul{margin:.2em 0 .4em;padding-left:1.4em} li{margin:.1em 0}
.id{color:#444;margin:0} .dasar{color:#555;font-size:.88em}
.catatan{background:#fff4e5;border-left:4px solid #e69500;padding:.3em .6em;font-size:.9em}
.siap{color:#1a7a35;font-weight:600} .belum{color:#b30000;font-weight:600}
.tdd{color:#7a5a00;font-weight:600}
footer{margin-top:.8em;font-size:.8em;color:#555;border-top:1px solid #ccc}
nav{font-size:.85em}
@page{size:A4 portrait;margin:10mm 11mm 12mm;
@top-left{content:"Kartu koperasi";font-size:8pt;color:#555}
@bottom-right{content:"Halaman " counter(page);font-size:8pt;color:#555}}
@media print{body{max-width:none;margin:0;padding:0;font-size:8.5pt;line-height:1.2}
nav{display:none} h2{margin:.5em 0 .2em} a{color:inherit;text-decoration:none}
tr,li{break-inside:avoid} h2,h3{break-after:avoid}
footer{font-size:7pt}}
"""


def date_words(text: str) -> str:
    """An ISO date in Indonesian words, a time after it as ``pukul 18.05``.

    Examples
    --------
    >>> date_words("2026-08-05")
    '5 Agustus 2026'
    >>> date_words("2026-12-01 18:05")
    '1 Desember 2026, pukul 18.05'
    """
    return tanggal(text)


# ---------------------------------------------------------------------------
# Steps per requirement (data/langkah_persyaratan.toml)
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Step:
    """One step towards a requirement, with what it rests on.

    Attributes
    ----------
    teks : str
        The step (Indonesian).
    dasar : str
        Regulation name and number, or an Indonesian source name.
    url : str
        Official address or the source's address.
    asumsi : bool
        True when no written basis exists (a suggestion of this project).
    """

    teks: str
    dasar: str = ""
    url: str = ""
    asumsi: bool = False

    @property
    def basis(self) -> str:
        """``"Dasar: … — https://…"``, or ``"asumsi (…)"`` without a basis."""
        if self.asumsi:
            return "asumsi proyek ini (belum ada dasar tertulis; periksa ke Dinas/BUMN)"
        parts = [p for p in (self.dasar, self.url) if p]
        return "Dasar: " + " — ".join(parts) if parts else "Dasar: tidak tercatat"


def steps_file() -> Path:
    """Path of the steps file (``data/langkah_persyaratan.toml``)."""
    return config.data_dir() / "langkah_persyaratan.toml"


@functools.lru_cache(maxsize=2)
def _load_steps(path: str) -> dict[str, Any]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _step(raw: Mapping[str, Any], names: Mapping[str, str]) -> Step:
    """A step of the file, its ``sumber`` key resolved to a name and address."""
    dasar, url = str(raw.get("dasar", "")), str(raw.get("url", ""))
    key = raw.get("sumber")
    if key:
        src = params.source(str(key))
        name = names.get(str(key)) or src.get("judul_singkat") or ""
        dasar = "; ".join(p for p in (dasar, name) if p)
        url = url or src.get("url", "")
    return Step(str(raw["teks"]), dasar, url, raw.get("status") == "asumsi")


def steps_for(program: str, requirement: str) -> tuple[str, list[Step]]:
    """The title and steps of one requirement of one programme.

    ``[langkah."<program>.<requirement>"]`` first, else
    ``[langkah.<requirement>]``; a requirement the file does not cover gets
    one *asumsi* step (ask the BUMN at the forum).

    Examples
    --------
    >>> title, steps = steps_for("pupuk_indonesia", "kbli_47763")
    >>> "47763" in title and "oss.go.id" in steps[0].url
    True
    """
    data = _load_steps(str(steps_file()))
    table = data.get("langkah", {})
    entry = table.get(f"{program}.{requirement}") or table.get(requirement)
    if entry is None:
        return requirement, [
            Step("Tanyakan syarat ini langsung ke BUMN di forum.", asumsi=True)
        ]
    names = data.get("nama_sumber", {})
    return str(entry["judul"]), [_step(s, names) for s in entry["langkah"]]


def card_href(kode_desa: str, from_dir: str = "..") -> str:
    """Link to a cooperative's card from a page in another folder.

    Parameters
    ----------
    kode_desa : str
        The cooperative's desa code (the card's file name).
    from_dir : str
        Path from the linking page's folder to the build root: ``".."`` for
        ``ringkasan/`` and ``maps/``, ``"../.."`` for ``forum/peta/``, ``"."``
        (or ``""``) for a page at the root.

    Examples
    --------
    >>> card_href("35.14.01.2001")
    '../kartu/35.14.01.2001.html'
    >>> card_href("35.14.01.2001", ".")
    'kartu/35.14.01.2001.html'
    """
    root = from_dir.strip().rstrip("/")
    prefix = "" if root in ("", ".") else f"{root}/"
    return f"{prefix}{CARD_DIR}/{kode_desa}.html"


# ---------------------------------------------------------------------------
# What the cards are made of, computed once for the whole register
# ---------------------------------------------------------------------------
@dataclass
class _Context:
    """Lookups shared by every card (computed once per build)."""

    an: Analyses
    readiness: dict[str, pd.DataFrame]
    ranks: dict[tuple[str, str], tuple[int, int, float]]
    business: dict[str, pd.Series]
    changes: dict[str, pd.DataFrame] | None
    sources: dict[str, str]
    requirement_ids: dict[tuple[str, str], str]
    #: The data note (computed once: it reads the whole register).
    note: str
    #: kode_desa → register row.
    rows: dict[str, pd.Series]


def _ranks(an: Analyses) -> dict[tuple[str, str], tuple[int, int, float]]:
    """(programme, kode_desa) → (rank, list length, distance km)."""
    out = {}
    for key, cands in an.forum.candidates.items():
        n = len(cands)
        for code, rank, km in cands[
            ["kode_desa", "peringkat", "jarak_mitra_km"]
        ].itertuples(index=False):
            out[(key, str(code))] = (int(rank), n, float(km))
    return out


def _business(an: Analyses) -> dict[str, pd.Series]:
    """koperasi_id → the plan scenario's business-case row of that partner."""
    if an.distribution is None:
        return {}
    from kdkmp_analysis import distribution as ds

    bc = ds.business_case(an.distribution)
    return {str(r["koperasi_id"]): r for _, r in bc.iterrows()}


def _row_sources(reg: pd.DataFrame) -> dict[str, str]:
    """kode_desa → which of its columns come from where (one sentence).

    :func:`kdkmp_analysis.register.sources_text` of the row alone, computed
    once per group of rows with the same source texts and empty cells.
    """
    text_cols = [
        c
        for c in ("sumber_status", "sumber_simkopdes", "sumber_koordinat")
        if c in reg.columns
    ]
    sourced = [c for c in register.SOURCED_COLUMNS if c in reg.columns]
    keys = reg[text_cols].astype("string").fillna("").agg("|".join, axis=1)
    keys = keys + "|" + reg[sourced].isna().astype(int).astype(str).agg("".join, axis=1)
    out: dict[str, str] = {}
    for _, idx in keys.groupby(keys).groups.items():
        text = register.sources_text(reg.loc[[idx[0]]])
        for code in reg.loc[idx, "kode_desa"].astype(str):
            out[code] = text
    return out


def _requirement_ids() -> dict[tuple[str, str], str]:
    """(programme key, requirement name) → requirement id, from the catalogue."""
    out = {}
    for p in gaps_mod.select_programmes(None):
        for r in p.syarat:
            out[(p.key, r.nama)] = r.id
            if r.bila_ada is not None:
                out[(p.key, r.bila_ada.nama)] = r.id
    return out


def _context(an: Analyses, changes: RegisterChanges | None) -> _Context:
    r = an.forum.readiness
    by_code = {str(k): g for k, g in r.groupby("kode_desa", sort=False)}
    ch = None
    if changes is not None:
        ch = {str(k): g for k, g in changes.detail.groupby("kode_desa", sort=False)}
    reg = an.register.copy()
    reg.attrs = {}  # slices of a register would copy its provenance every time
    return _Context(
        an=an,
        readiness=by_code,
        ranks=_ranks(an),
        business=_business(an),
        changes=ch,
        sources=_row_sources(reg),
        requirement_ids=_requirement_ids(),
        note=an.note,
        rows={str(r["kode_desa"]): r for _, r in reg.iterrows()},
    )


# ---------------------------------------------------------------------------
# The card's sections
# ---------------------------------------------------------------------------
def _txt(value: Any) -> str:
    """Plain text of a value; unknown is ``–``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return str(value)


def _e(text: Any) -> str:
    return html.escape("" if text is None or pd.isna(text) else str(text))


def _split(text: Any) -> list[str]:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    return [t.strip() for t in str(text).split(";") if t.strip()]


def _identity(row: pd.Series, an: Analyses) -> str:
    jenis = "Kelurahan" if row.get("jenis") == "kelurahan" else "Desa"
    return (
        f'<p class="id">{jenis} {_e(row["nama_desa"])}, Kecamatan '
        f"{_e(row['nama_kecamatan'])}, {_e(an.kabupaten.label)}</p>"
        f'<p class="id">Kode desa {_e(row["kode_desa"])} · kode kecamatan '
        f"{_e(row['kode_kecamatan'])} · nomor koperasi {_e(row['koperasi_id'])}</p>"
    )


_KESIAPAN_CLASS = {
    gaps_mod.SIAP: "siap",
    gaps_mod.BELUM_SIAP: "belum",
    gaps_mod.TIDAK_DAPAT_DINILAI: "tdd",
}


def _rank_text(ctx: _Context, program: str, code: str, status_mitra: str) -> tuple:
    """(rank text, distance text) of one programme row."""
    if status_mitra == gaps_mod.BERMITRA:
        return "sudah bermitra", "–"
    found = ctx.ranks.get((program, code))
    if found is None:
        return "–", "–"
    rank, n, km = found
    dist = f"{angka(km, 1)} km" if pd.notna(km) else "belum ada mitra/gerai"
    return f"{angka(rank)} dari {angka(n)}", dist


def _readiness_table(ctx: _Context, code: str) -> str:
    r = ctx.readiness.get(code)
    if r is None or r.empty:
        return "<p>Kesiapan tidak tercatat untuk koperasi ini.</p>"
    head = (
        "<tr><th>Program</th><th>Status mitra</th><th>Kesiapan</th>"
        "<th>Peringkat calon</th><th>Jarak ke mitra/gerai terdekat</th></tr>"
    )
    rows = []
    for _, x in r.iterrows():
        rank, dist = _rank_text(ctx, str(x["program"]), code, str(x["status_mitra"]))
        cls = _KESIAPAN_CLASS.get(str(x["kesiapan"]), "")
        rows.append(
            f"<tr><td>{_e(x['nama_program'])}</td><td>{_e(x['status_mitra'])}</td>"
            f'<td class="{cls}">{_e(x["kesiapan"])}</td><td class="n">{_e(rank)}</td>'
            f'<td class="n">{_e(dist)}</td></tr>'
        )
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _missing(ctx: _Context, code: str) -> tuple[dict[str, dict], list[str]]:
    """Requirement id → {name, programmes, kind, program}; documents checked."""
    r = ctx.readiness.get(code)
    found: dict[str, dict] = {}
    docs: list[str] = []
    if r is None:
        return found, docs
    for _, x in r.iterrows():
        prog = str(x["program"])
        for kind, col in (("kurang", "syarat_kurang"), ("data", "data_kurang")):
            for name in _split(x[col]):
                rid = ctx.requirement_ids.get((prog, name), name)
                item = found.setdefault(
                    rid, {"nama": name, "program": [], "kind": kind, "key": prog}
                )
                item["program"].append(str(x["nama_program"]))
                if kind == "kurang":
                    item["kind"] = "kurang"
        docs += _split(x.get("verifikasi_dokumen"))
    return found, list(dict.fromkeys(docs))


def _cite(step: Step, bases: list[str]) -> str:
    """``[n]`` of the step's basis in ``bases`` (added once), or ``asumsi``."""
    if step.asumsi:
        return "asumsi"
    text = step.basis.removeprefix("Dasar: ")
    if text not in bases:
        bases.append(text)
    return f"[{bases.index(text) + 1}]"


def _missing_section(ctx: _Context, code: str) -> str:
    """What is missing per requirement, its steps, and the numbered bases."""
    found, docs = _missing(ctx, code)
    parts = ["<h2>Yang masih kurang dan cara memenuhinya</h2>"]
    if not found:
        parts.append(
            "<p>Tidak ada syarat tercatat yang belum terpenuhi untuk program di "
            "atas.</p>"
        )
    bases: list[str] = []
    for rid, item in found.items():
        title, steps = steps_for(item["key"], rid)
        why = (
            "belum terpenuhi"
            if item["kind"] == "kurang"
            else "datanya belum ada di register (lengkapi lewat templat Dinas)"
        )
        progs = list(dict.fromkeys(item["program"]))
        shown = ", ".join(progs) if len(progs) < 3 else f"{len(progs)} program di atas"
        items = "".join(
            f'<li>{_e(s.teks)} <span class="dasar">{_e(_cite(s, bases))}</span></li>'
            for s in steps
        )
        parts.append(
            f"<h3>{_e(item['nama'])}: {_e(why)} "
            f'<span class="dasar">(untuk {_e(shown)}; {_e(title)})</span></h3>'
            f"<ol>{items}</ol>"
        )
    if docs:
        docs = [d.removesuffix(" (verifikasi langsung)") for d in docs]
        parts.append(
            "<p>Diperiksa langsung di forum (dokumen, atau data yang disimpulkan): "
            f"{_e(', '.join(dict.fromkeys(docs)))}.</p>"
        )
    if bases:
        refs = "; ".join(f"[{i}] {b}" for i, b in enumerate(bases, 1))
        parts.append(
            f'<p class="dasar">Dasar langkah: {_e(refs)}. Asumsi = saran proyek ini '
            "tanpa dasar tertulis; periksa ke Dinas atau BUMN.</p>"
        )
    return "".join(parts)


def _business_section(ctx: _Context, row: pd.Series) -> str:
    an = ctx.an
    label = an.scenario_label or "skenario rencana"
    head = f"<h2>Usaha SPHP pada skenario rencana ({_e(label)})</h2>"
    if an.distribution is None:
        why = "; ".join(an.distribution_notes) or "alasan tidak tercatat"
        return head + f"<p>Skenario distribusi tidak dapat dinilai: {_e(why)}</p>"
    b = ctx.business.get(str(row["koperasi_id"]))
    if b is None:
        return head + (
            "<p>Koperasi ini bukan mitra pada skenario rencana; angka usaha SPHP "
            "hanya dihitung untuk mitra skenario.</p>"
        )

    def rp(col: str) -> str:
        v = b.get(col)
        return "–" if v is None or pd.isna(v) else f"Rp{angka(float(v))}"

    lines = [
        f"Beras terjual (perkiraan model): {angka(float(b['terjual_beras_kg_minggu']))}"
        " kg per minggu",
        f"Margin kotor beras: {rp('margin_rp_bulan')} per bulan "
        f"(HET {rp('het_rp_per_kg')} − harga beli {rp('harga_beli_rp_per_kg')} per kg)",
        f"Biaya tetap gerai (asumsi tengah): {rp('biaya_tetap_rp_bulan')} per bulan; "
        f"laba bersih: {rp('laba_bersih_rp_bulan')} per bulan",
        f"Titik impas: {_txt(b.get('status_titik_impas'))}",
        f"Modal kerja: {_txt(b.get('status_modal_kerja'))} ({_txt(b.get('cara_bayar'))})",
        f"Pembeli per hari (perkiraan): {angka(float(b['pembeli_per_hari']))}",
    ]
    items = "".join(f"<li>{html.escape(t)}</li>" for t in lines)
    return head + f"<ul>{items}</ul>"


def _changes_section(ctx: _Context, code: str) -> str:
    if ctx.changes is None:
        return ""
    head = "<h2>Perubahan sejak register sebelumnya</h2>"
    g = ctx.changes.get(code)
    if g is None or g.empty:
        return head + "<p>Tidak ada perubahan tercatat.</p>"
    names = {p.key: p.nama for p in gaps_mod.select_programmes(None)}
    names.update(register.MITRA)
    items = []
    for _, x in g.iterrows():
        prog = names.get(str(x["program"]), "") if _e(x["program"]) else ""
        what = f"{x['perubahan']}" + (f" ({prog})" if prog else "")
        items.append(f"<li>{_e(what)}</li>")
    return head + f"<ul>{''.join(items)}</ul>"


def _sources_section(ctx: _Context, row: pd.Series) -> str:
    an = ctx.an
    from kdkmp_analysis.intake import snapshot

    try:
        snap = date_words(snapshot.snapshot_date())
    except (OSError, KeyError, ValueError):
        snap = "tidak diketahui"
    lines = [
        f"Register: {an.source}",
        f"Sumber per kolom koperasi ini: {ctx.sources.get(str(row['kode_desa']), '')}",
        f"Tanggal data SIMKOPDES: {snap}",
        f"Jarak: {distance_basis(an.forum)}",
        "Syarat program dan langkah memenuhinya: berkas parameter dan berkas "
        "langkah persyaratan di folder data proyek (sumber per langkah di atas)",
        f"Kartu dibuat {date_words(an.created)}",
    ]
    return (
        "<footer><ul>"
        + "".join(f"<li>{documents.mark_files(_e(t))}</li>" for t in lines)
        + "</ul></footer>"
    )


def card_html(
    an: Analyses,
    kode_desa: str,
    *,
    changes: RegisterChanges | None = None,
    ctx: _Context | None = None,
) -> str:
    """The card of one cooperative (HTML linking ``kartu.css`` beside it).

    Parameters
    ----------
    an : Analyses
        From :func:`kdkmp_analysis.handouts.analyse`.
    kode_desa : str
        The cooperative's desa code.
    changes : RegisterChanges, optional
        Changes since the previous register (ignored when ``ctx`` is given).
    ctx : optional
        Lookups shared by all cards (built here when omitted).

    Returns
    -------
    str
    """
    ctx = ctx or _context(an, changes)
    row = ctx.rows.get(str(kode_desa))
    if row is None:
        raise ValueError(f"koperasi dengan kode desa {kode_desa} tidak ada di register")
    code = str(row["kode_desa"])
    body = [
        '<nav><a href="index.html">Semua kartu koperasi</a></nav>',
        f"<h1>{_e(row['nama_koperasi'])}</h1>",
        _identity(row, an),
        f'<p class="catatan">{_e(ctx.note)}</p>' if ctx.note else "",
        "<h2>Kesiapan per program</h2>",
        _readiness_table(ctx, code),
        _missing_section(ctx, code),
        _business_section(ctx, row),
        _changes_section(ctx, code),
        _sources_section(ctx, row),
    ]
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Kartu {_e(row['nama_koperasi'])}</title>"
        f'<link rel="stylesheet" href="{STYLESHEET}"></head><body>'
        + "".join(body)
        + "</body></html>"
    )


def _index_html(an: Analyses, note: str) -> str:
    reg = an.register.sort_values(["nama_kecamatan", "nama_desa"])
    parts = []
    for kec, g in reg.groupby("nama_kecamatan", sort=False):
        links = ", ".join(
            f'<a href="{_e(c)}.html">{_e(n)}</a>'
            for c, n in g[["kode_desa", "nama_desa"]].itertuples(index=False)
        )
        parts.append(f"<h2>Kecamatan {_e(kec)}</h2><p>{links}</p>")
    return documents.page(
        f"Kartu koperasi — {an.kabupaten.label}",
        f"<p>{len(reg)} koperasi; satu kartu per koperasi (nama desa).</p>"
        + "".join(parts),
        note=note,
    )


def write_cards(
    an: Analyses,
    out_dir: str | Path,
    *,
    changes: RegisterChanges | None = None,
    previous: pd.DataFrame | str | Path | None = None,
) -> list[Path]:
    """Write one card per cooperative into ``<out_dir>/kartu/``.

    Parameters
    ----------
    an : Analyses
        From :func:`kdkmp_analysis.handouts.analyse`.
    out_dir : path
        The build's root: cards go to ``out_dir/kartu/<kode_desa>.html``,
        with ``kartu.css`` (written once) and ``index.html``.
    changes : RegisterChanges, optional
        :func:`kdkmp_analysis.gaps.compare_registers` of the previous and
        this register; each card then lists its changes.
    previous : DataFrame or path, optional
        The previous register (compared here when ``changes`` is not given).

    Returns
    -------
    list of Path
        ``kartu/index.html``, then one card per register row in register
        order. The stylesheet is ``kartu/kartu.css``.
    """
    if changes is None and previous is not None:
        from kdkmp_analysis import intake

        old = previous
        if not isinstance(old, pd.DataFrame):
            old = intake.load_register(old, an.kabupaten)
        changes = gaps_mod.compare_registers(old, an.register)
    folder = Path(out_dir) / CARD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    documents.write_text(folder / STYLESHEET, CSS.strip() + "\n")
    ctx = _context(an, changes)
    written = []
    for code in an.register["kode_desa"].astype(str):
        path = folder / f"{code}.html"
        documents.write_text(path, card_html(an, code, ctx=ctx))
        written.append(path)
    index = documents.write_text(folder / "index.html", _index_html(an, ctx.note))
    return [Path(index), *written]
