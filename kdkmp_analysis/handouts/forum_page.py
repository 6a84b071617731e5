"""The forum list as one usable offline page: filter, search, sort, print.

:func:`kdkmp_analysis.handouts.forum_files.write_html` builds the page from
the parts here. One tab per programme, each a table that fits a 1366-px
screen: nine short columns, the reason (*alasan*) in a line under each
cooperative's cells (one line on screen, click to read all; whole when
printed). A bar above the tables filters by kecamatan, readiness and partner
status and searches names; every column heading sorts; the heading row stays
on screen while scrolling; the count above each table says how many rows are
shown of how many match.

The default view is bounded: one programme at a time, its first
:data:`ROW_LIMIT` rows ("Tampilkan semua" shows the rest), the per-kecamatan
table, the sources and the notes folded. :data:`HEIGHT_BOUND_PX` is the
height the default view stays under at 1366 × 900 (tested in headless
Chromium).

Everything is inline (CSS and a small vanilla script), nothing is fetched.
The page reads its state from the address, so a saved link or a PDF run can
open a given view: ``forum_3514.html?program=pertamina_lpg&q=sukorejo``
(also after ``#``); keys ``program`` (a programme key or ``semua``), ``q``,
``kecamatan``, ``kesiapan``, ``mitra``, ``semua=1`` (every row). The same is
reachable from a script as ``window.kdkmpFilter({...})``, which returns the
counts of the visible section.

Printing (A4 landscape): the controls are hidden, the programme(s) on screen
are printed with every row that matches the filter, the heading row repeats
on each page and no cooperative's two lines are split over two pages.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from kdkmp_analysis import documents, register
from kdkmp_analysis._format import angka

__all__ = [
    "HEIGHT_BOUND_PX",
    "PAGE_CSS",
    "PAGE_SCRIPT",
    "ROW_LIMIT",
    "Listing",
    "candidate_section",
    "card_href",
    "filter_bar",
    "folded",
    "forum_body",
    "mark_names",
    "tab_bar",
    "with_labels",
]

#: Rows of each programme shown before "Tampilkan semua".
ROW_LIMIT = 25

#: Height (px) the default view stays under at a 1366 × 900 window.
HEIGHT_BOUND_PX = 4000

#: Relative link of a cooperative's card (written by the cards step).
CARD_HREF = "../kartu/{kode_desa}.html"

#: The nine columns of a programme table: (key, heading, CSS width).
COLUMNS = (
    ("peringkat", "No.", "4%"),
    ("nama_koperasi", "Koperasi", "24%"),
    ("nama_desa", "Desa/Kelurahan", "11%"),
    ("nama_kecamatan", "Kecamatan", "10%"),
    ("kesiapan", "Kesiapan", "9%"),
    ("status_mitra", "Status Mitra", "9%"),
    ("syarat_kurang", "Syarat Belum Terpenuhi", "15%"),
    ("jarak_mitra_km", "Jarak (km)", "8%"),
    ("penduduk_tanpa_mitra", "Tambahan Penduduk Terjangkau", "10%"),
)

#: Filter choices (value in the data, label on the page).
KESIAPAN = (
    ("siap", "Siap"),
    ("tidak dapat dinilai", "Tidak dapat dinilai"),
    ("belum siap", "Belum siap"),
)
STATUS_MITRA = (
    ("belum bermitra", "Belum bermitra"),
    ("tidak diketahui", "Status tidak diketahui"),
)

PAGE_CSS = """
@page{size:A4 landscape;margin:12mm 10mm}
body{max-width:78em}
.saring{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;background:#f6f8fb;
border:1px solid #d5dde8;padding:.6em .8em;margin:.6em 0}
.saring label{display:flex;flex-direction:column;font-size:.85em;gap:.15em}
.saring input,.saring select{font:inherit;font-size:1em;padding:.2em .3em}
.saring input{width:18em}
.tab{display:flex;flex-wrap:wrap;gap:.3em;margin:.6em 0 0}
.tab button{font:inherit;font-size:.85em;padding:.3em .6em;border:1px solid #bbb;
background:#fff;border-radius:4px 4px 0 0;cursor:pointer}
.tab button[aria-selected=true]{background:#b30000;color:#fff;border-color:#b30000}
.program.tersembunyi{display:none}
.hitung{font-weight:bold;margin:.3em 0}
table.kandidat{width:100%;table-layout:fixed;font-size:.85em;margin-top:.2em}
table.kandidat th{cursor:pointer;user-select:none;z-index:1}
table.kandidat th[aria-sort=ascending]::after{content:" ▲"}
table.kandidat th[aria-sort=descending]::after{content:" ▼"}
table.kandidat td{overflow-wrap:anywhere}
table.kandidat tbody{border-top:2px solid #999}
table.kandidat tr.rinci td{border-top:0;color:#444;background:#fafafa}
.alasan{display:-webkit-box;-webkit-line-clamp:1;-webkit-box-orient:vertical;
overflow:hidden;cursor:pointer}
.alasan.buka{display:block}
.alasan::before{content:"▸ "}
.alasan.buka::before{content:"▾ "}
.f-out,.l-out{display:none}
button.semua{font:inherit;font-size:.85em;margin:.3em 0 1em}
.lebar{overflow-x:auto}
details.lipat{margin:.8em 0}
details.lipat>summary{font-size:1.2em;font-weight:bold;cursor:pointer;color:#b30000}
@media print{
body{max-width:none;margin:0;font-size:9pt}
.saring,.tab,button.semua,nav{display:none}
details.lipat,.program.tersembunyi{display:none}
.l-out{display:table-row-group}
thead{display:table-header-group}
tbody,tr{break-inside:avoid;page-break-inside:avoid}
th{position:static}
.alasan{display:block;overflow:visible}
.alasan::before{content:""}
a{color:inherit;text-decoration:none}
}
"""

PAGE_SCRIPT = """
(function(){
var LIMIT=%LIMIT%;
var S={program:'',q:'',kecamatan:'',kesiapan:'',mitra:'',semua:{}};
function norm(s){return String(s||'').toLowerCase().normalize('NFD')
.replace(/[\\u0300-\\u036f]/g,'').replace(/\\s+/g,' ').trim();}
function fmt(n){return String(n).replace(/\\B(?=(\\d{3})+(?!\\d))/g,'.');}
var secs=[].slice.call(document.querySelectorAll('section.program'));
var tabs=[].slice.call(document.querySelectorAll('.tab button'));
function el(id){return document.getElementById(id);}
function count(sec){
var q=norm(S.q),shown=0,match=0,all=!!S.semua[sec.id];
var items=sec.querySelectorAll('tbody.k');
for(var i=0;i<items.length;i++){var t=items[i],d=t.dataset;
var ok=(!S.kecamatan||d.kec===S.kecamatan)&&(!S.kesiapan||d.kes===S.kesiapan)
&&(!S.mitra||d.mitra===S.mitra)&&(!q||d.cari.indexOf(q)>=0);
t.classList.toggle('f-out',!ok);
var over=ok&&!all&&match>=LIMIT;t.classList.toggle('l-out',over);
if(ok){match++;if(!over){shown++;}}}
var total=items.length;
sec.querySelector('.hitung').textContent='Menampilkan '+fmt(shown)+' dari '+fmt(match)
+' koperasi'+(match<total?' yang cocok (dari '+fmt(total)+' kandidat)':'');
var b=sec.querySelector('button.semua');
b.hidden=match<=LIMIT;
b.textContent=all?'Tampilkan '+LIMIT+' teratas saja':'Tampilkan semua ('+fmt(match)+')';
return {program:sec.id,ditampilkan:shown,cocok:match,total:total};}
function apply(){
if(!secs.some(function(s){return s.id===S.program;})&&S.program!=='semua'){
S.program=secs.length?secs[0].id:'';}
var res={program:S.program,bagian:[]};
secs.forEach(function(sec,i){var on=S.program==='semua'||sec.id===S.program;
sec.classList.toggle('tersembunyi',!on);
var c=count(sec);res.bagian.push(c);
if(tabs[i]){tabs[i].setAttribute('aria-selected',String(sec.id===S.program));
tabs[i].querySelector('span').textContent=fmt(c.cocok);}
if(sec.id===S.program){res.ditampilkan=c.ditampilkan;res.cocok=c.cocok;res.total=c.total;}});
if(S.program==='semua'){res.ditampilkan=0;res.cocok=0;res.bagian.forEach(function(c){
res.ditampilkan+=c.ditampilkan;res.cocok+=c.cocok;});}
var sem=el('tab-semua');if(sem){sem.setAttribute('aria-selected',String(S.program==='semua'));}
return res;}
function sync(){el('cari').value=S.q;el('f-kecamatan').value=S.kecamatan;
el('f-kesiapan').value=S.kesiapan;el('f-mitra').value=S.mitra;}
function sortBy(th){var table=th.closest('table'),j=[].indexOf.call(th.parentNode.children,th);
var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
[].forEach.call(th.parentNode.children,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
var num=th.dataset.jenis==='angka',items=[].slice.call(table.querySelectorAll('tbody.k'));
function key(t){var c=t.rows[0].cells[j];return num?c.dataset.v:c.textContent;}
items.sort(function(a,b){var x=key(a),y=key(b);
if(num){x=x===''?Infinity:+x;y=y===''?Infinity:+y;return x===y?0:(x<y?-dir:dir);}
return dir*x.localeCompare(y,'id');});
items.forEach(function(t){table.appendChild(t);});apply();}
window.kdkmpFilter=function(o){o=o||{};if('program' in o){S.program=String(o.program);apply();}
for(var k in o){if(k==='program'){continue;}if(k==='semua'){
if(o.semua){S.semua[S.program]=true;}else{S.semua={};}}else{S[k]=String(o[k]);}}
sync();return apply();};
window.kdkmpSort=function(program,j){var sec=el(program);
sortBy(sec.querySelectorAll('table.kandidat thead th')[j]);return apply();};
document.addEventListener('click',function(e){var t=e.target;
if(t.matches('table.kandidat th')){sortBy(t);}
else if(t.closest('.alasan')){t.closest('.alasan').classList.toggle('buka');}
else if(t.matches('button.semua')){var id=t.closest('section').id;S.semua[id]=!S.semua[id];apply();}
else if(t.closest('.tab button')){S.program=t.closest('button').dataset.program;apply();}});
document.addEventListener('keydown',function(e){var t=e.target;if(e.key!=='Enter'){return;}
if(t.matches('table.kandidat th')){sortBy(t);}
else if(t.matches('.alasan')){t.classList.toggle('buka');}});
el('cari').addEventListener('input',function(){S.q=this.value;apply();});
[['f-kecamatan','kecamatan'],['f-kesiapan','kesiapan'],['f-mitra','mitra']].forEach(function(p){
el(p[0]).addEventListener('change',function(){S[p[1]]=this.value;apply();});});
var p=new URLSearchParams(location.search.slice(1)||location.hash.slice(1));
['program','q','kecamatan','kesiapan','mitra'].forEach(function(k){if(p.has(k)){S[k]=p.get(k);}});
apply();if(p.get('semua')==='1'){S.semua[S.program]=true;}
sync();window.kdkmpState=apply();
})();
"""


@dataclass(frozen=True)
class Listing:
    """One programme's candidate list as the page shows it.

    Attributes
    ----------
    key : str
        Programme key (only an HTML ``id``, never shown).
    tab : str
        Short name on the tab (``Bulog SPHP``).
    title : str
        Heading of the section.
    notes : tuple of str
        Plain-text paragraphs under the heading (what the programme is, what
        the distance is measured to).
    distance_heading : str
        Full heading of the distance column (its ``title`` tooltip).
    rows : pandas.DataFrame
        ``forum.candidates[key]``: register/analysis columns by key.
    population_status : str
        ``perkiraan`` when the population figures are estimates.
    """

    key: str
    tab: str
    title: str
    notes: tuple[str, ...]
    distance_heading: str
    rows: pd.DataFrame
    population_status: str = ""


def card_href(kode_desa: str) -> str:
    """Relative link of a cooperative's card, ``../kartu/<kode_desa>.html``.

    A missing card is a plain "file not found" of the browser; the link never
    leaves the build's folder (the code is escaped and has no slash).
    """
    safe = "".join(ch for ch in str(kode_desa) if ch.isalnum() or ch in ".-_")
    return CARD_HREF.format(kode_desa=safe)


def with_labels(text: str) -> str:
    """Register column keys in a prose text replaced by their labels.

    ``"Kolom mitra_pertamina tidak membedakan …"`` → ``"Kolom «Mitra
    Pertamina» tidak membedakan …"`` (labels of :data:`register.SCHEMA`).
    """
    for col in register.SCHEMA:
        if "_" in col.name and col.name in text:
            text = re.sub(rf"\b{re.escape(col.name)}\b", f"«{col.label}»", text)
    return text


#: A file or repository name in a source line (``fakta_kemitraan.csv``,
#: ``cahyadsn/wilayah_boundaries@3c5a796``, ``KDKMP_DATA_DIR``).
_NAME = re.compile(
    r"(?<![\w.@/-])[\w.@/-]*_[\w.@/-]*\w|\b[\w/-]+\.(?:csv|toml|sql|xlsx)\b"
)


def mark_names(fragment: str) -> str:
    """File, folder and repository names in escaped HTML shown as ``<code>``.

    Only text between tags is touched (attributes never, addresses never),
    so a source line names its file as a file, not as prose.
    """

    def text(m: re.Match[str]) -> str:
        if m.group(1).lstrip().startswith(("http://", "https://")):
            return m.group(0)  # an address is shown whole
        inner = _NAME.sub(lambda n: f"<code>{n.group(0)}</code>", m.group(1))
        return f">{inner}<"

    return re.sub(r">([^<]+)<", text, fragment)


def _missing(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _number_cell(v: object, decimals: int, unknown: str) -> tuple[str, str]:
    """(shown text, sort key) of a number cell."""
    if _missing(v) or not isinstance(v, int | float):
        return unknown, ""
    x = float(v)
    if math.isinf(x):
        return unknown, ""
    return angka(x, decimals), repr(round(x, 6))


def _text(v: object) -> str:
    return "" if _missing(v) else str(v)


def _detail(r: pd.Series, population_status: str) -> str:
    """The plain-text line under a cooperative's cells."""
    parts = [f"Alasan: {_text(r.get('alasan'))}".rstrip()]
    if _text(r.get("data_kurang")):
        parts.append(f"Data belum ada di register: {r['data_kurang']}")
    if _text(r.get("verifikasi_dokumen")):
        parts.append(f"Diverifikasi di forum: {r['verifikasi_dokumen']}")
    pop, _ = _number_cell(r.get("penduduk_desa"), 0, "tidak diketahui")
    est = " (perkiraan)" if population_status == "perkiraan" else ""
    parts.append(f"Penduduk desa{est}: {pop}")
    return " · ".join(parts)


def _cooperative(r: pd.Series, listing: Listing) -> str:
    """One cooperative: a ``<tbody>`` of its cells and the reason line."""
    esc = html.escape
    cells = []
    for key, _label, _w in COLUMNS:
        v = r.get(key)
        if key == "peringkat":
            text, sort = _number_cell(v, 0, "")
            cells.append(f'<td class="n" data-v="{sort}">{esc(text)}</td>')
        elif key == "jarak_mitra_km":
            text, sort = _number_cell(v, 1, "tidak ada")
            cells.append(f'<td class="n" data-v="{sort}">{esc(text)}</td>')
        elif key == "penduduk_tanpa_mitra":
            text, sort = _number_cell(v, 0, "tidak diketahui")
            cells.append(f'<td class="n" data-v="{sort}">{esc(text)}</td>')
        elif key == "nama_koperasi":
            name = _text(v)
            href = card_href(_text(r.get("kode_desa")))
            cells.append(
                f'<td><a href="{esc(href)}" title="Kartu koperasi">{esc(name)}</a></td>'
            )
        else:  # text cells sort by their text
            cells.append(f"<td>{esc(_text(v) or '–')}</td>")
    search = " ".join(
        _text(r.get(k))
        for k in ("nama_koperasi", "nama_desa", "nama_kecamatan", "kode_desa")
    )
    attrs = (
        f'data-kec="{esc(_text(r.get("nama_kecamatan")))}" '
        f'data-kes="{esc(_text(r.get("kesiapan")))}" '
        f'data-mitra="{esc(_text(r.get("status_mitra")))}" '
        f'data-cari="{esc(_fold(search))}"'
    )
    detail = esc(_detail(r, listing.population_status))
    return (
        f'<tbody class="k" {attrs}><tr>{"".join(cells)}</tr>'
        f'<tr class="rinci"><td></td><td colspan="{len(COLUMNS) - 1}">'
        f'<div class="alasan" tabindex="0" title="Klik untuk membaca semua">'
        f"{detail}</div></td></tr></tbody>"
    )


def _fold(text: str) -> str:
    """Lower case without accents (what the search box compares)."""
    import unicodedata

    t = unicodedata.normalize("NFD", text.lower())
    return " ".join("".join(ch for ch in t if not unicodedata.combining(ch)).split())


def candidate_section(listing: Listing, *, hidden: bool = True) -> str:
    """One programme's section: heading, notes, count, table, "show all".

    Parameters
    ----------
    listing : Listing
        The programme's list.
    hidden : bool
        Start hidden (another programme's tab is open); the script decides
        on load, this is only the view without script.

    Returns
    -------
    str
        ``<section class="program" id="<key>">…</section>``.
    """
    esc = html.escape
    head = []
    for key, label, width in COLUMNS:
        kind = "angka" if key in {"peringkat", "jarak_mitra_km"} else "teks"
        kind = "angka" if key == "penduduk_tanpa_mitra" else kind
        tip = label
        if key == "jarak_mitra_km":
            tip = listing.distance_heading
        elif key == "penduduk_tanpa_mitra":
            tip = "Penduduk dalam jangkauan jalan yang belum terjangkau mitra BUMN "
            tip += "ini atau kandidat di atasnya (Bulog: setara beras terlayani), "
            tip += "tiap orang dihitung sekali"
            if listing.population_status == "perkiraan":
                tip += " (perkiraan)"
        elif key == "peringkat":
            tip = "Peringkat kandidat"
        head.append(
            f'<th style="width:{width}" data-jenis="{kind}" tabindex="0" '
            f'title="{esc(tip)} — klik untuk mengurutkan">{esc(label)}</th>'
        )
    body = "".join(_cooperative(r, listing) for _, r in listing.rows.iterrows())
    n = len(listing.rows)
    notes = "".join(f"<p>{esc(with_labels(t))}</p>" for t in listing.notes)
    cls = "program tersembunyi" if hidden else "program"
    return (
        f'<section class="{cls}" id="{esc(listing.key)}">'
        f"<h2>{esc(listing.title)}</h2>{notes}"
        f'<p class="hitung">Menampilkan {angka(n)} dari {angka(n)} koperasi</p>'
        f'<table class="kandidat"><thead><tr>{"".join(head)}</tr></thead>'
        f"{body}</table>"
        f'<button type="button" class="semua" hidden>Tampilkan semua '
        f"({angka(n)})</button></section>"
    )


def tab_bar(listings: Sequence[Listing]) -> str:
    """The programme tabs (each with its count of matching rows)."""
    esc = html.escape
    buttons = [
        f'<button type="button" role="tab" data-program="{esc(x.key)}" '
        f'aria-selected="{"true" if i == 0 else "false"}">{esc(x.tab)} '
        f"(<span>{angka(len(x.rows))}</span>)</button>"
        for i, x in enumerate(listings)
    ]
    buttons.append(
        '<button type="button" role="tab" id="tab-semua" data-program="semua" '
        'aria-selected="false" title="Semua program (untuk dicetak)">'
        "Semua program</button>"
    )
    return f'<div class="tab" role="tablist">{"".join(buttons)}</div>'


def _options(choices: Iterable[tuple[str, str]], every: str) -> str:
    esc = html.escape
    opts = [f'<option value="">{esc(every)}</option>']
    opts += [f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in choices]
    return "".join(opts)


def filter_bar(kecamatan: Iterable[str]) -> str:
    """Search box and the three filters (kecamatan, readiness, partner)."""
    kec = sorted({k for k in kecamatan if k})
    example = f"mis. {kec[0]}" if kec else "nama koperasi atau desa"
    return (
        '<div class="saring" role="search">'
        '<label>Cari koperasi, desa atau kecamatan<input id="cari" type="search" '
        f'placeholder="{html.escape(example)}" autocomplete="off"></label>'
        '<label>Kecamatan<select id="f-kecamatan">'
        + _options(((k, k) for k in kec), "Semua kecamatan")
        + '</select></label><label>Kesiapan<select id="f-kesiapan">'
        + _options(KESIAPAN, "Semua")
        + '</select></label><label>Status mitra<select id="f-mitra">'
        + _options(STATUS_MITRA, "Semua")
        + "</select></label></div>"
    )


def folded(anchor: str, title: str, content: str) -> str:
    """A section folded by default (``<details>``), e.g. the sources."""
    esc = html.escape
    return (
        f'<details class="lipat" id="{esc(anchor)}"><summary>{esc(title)}</summary>'
        f"{content}</details>"
    )


def forum_body(
    listings: Sequence[Listing],
    summary: pd.DataFrame,
    extra: Sequence[tuple[str, str, str]] = (),
) -> str:
    """The page's body: styles, summary, filters, tabs, sections, script.

    Parameters
    ----------
    listings : sequence of Listing
        One per partner programme, in tab order.
    summary : pandas.DataFrame
        The short per-programme summary (headings as shown).
    extra : sequence of (anchor, title, html)
        Folded sections after the lists (per kecamatan, sources, notes).

    Returns
    -------
    str
    """
    kec: set[str] = set()
    for x in listings:
        if "nama_kecamatan" in x.rows.columns:
            kec.update(_text(v) for v in x.rows["nama_kecamatan"])
    parts = [
        f"<style>{PAGE_CSS}</style>",
        "<h2>Ringkasan per program</h2>",
        f'<div class="lebar">{documents.html_table(summary)}</div>',
        '<h2 id="daftar">Daftar kandidat per program</h2>',
        "<p>Pilih program, saring atau cari; klik judul kolom untuk mengurutkan, "
        "klik baris alasan untuk membacanya utuh, klik nama koperasi untuk "
        f"membuka kartunya. Tiap program menampilkan {angka(ROW_LIMIT)} baris "
        "teratas dulu.</p>",
        filter_bar(kec),
        tab_bar(listings),
        *(candidate_section(x, hidden=i > 0) for i, x in enumerate(listings)),
        *(folded(a, t, h) for a, t, h in extra),
        # an id on the tag: the page's one script, told apart from any text
        f'<script id="kdkmp-daftar">'
        f"{PAGE_SCRIPT.replace('%LIMIT%', str(ROW_LIMIT))}</script>",
    ]
    return "\n".join(parts)
