"""Every text a map shows, and the one place where data text is escaped.

Tooltips, popups, legends, the title banner, label and layer-control texts,
attributions and the search index are written here. Two rules, applied to
every value that comes from data:

* :func:`esc` HTML-escapes it (``<``, ``>``, ``&``, quotes) before it reaches
  a popup, tooltip, legend, label or attribution; Leaflet inserts those as
  HTML. Layer-control names go through :func:`layer_label`.
* :func:`script_json` writes data embedded in a ``<script>`` as JSON with
  ``<``, ``>`` and ``&`` as ``\\u003c``/``\\u003e``/``\\u0026``, so no data
  can close the script.

The search index (``q``) is plain text: the page shows it with
``textContent``, never as HTML. The layers (:mod:`.layers`) call the
functions below and never build HTML from data themselves.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params
from kdkmp_analysis import register as reg_mod
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.maps._common import open_source_label, open_source_url
from kdkmp_analysis.maps.classify import NODATA_COLOR, StatusClasses, column_title

__all__ = [
    "CARD_DIR",
    "PROGRAMME_COLUMNS",
    "attribution",
    "card_link",
    "cooperative_popup",
    "cooperative_search",
    "cooperative_tooltip",
    "desa_search",
    "desa_tooltip",
    "desa_value_line",
    "esc",
    "ilustrasi_tag",
    "kecamatan_label",
    "kecamatan_tooltip",
    "kecamatan_value_popup",
    "kecamatan_value_tooltip",
    "layer_label",
    "lines_legend",
    "missing_points_note",
    "outline_tooltip",
    "programme_columns",
    "scheme_text",
    "script_json",
    "source_text",
    "status_legend",
    "title_banner",
    "transaction_rows",
    "value_legend",
]


# ---------------------------------------------------------------------------
# The two escaping rules
# ---------------------------------------------------------------------------
def esc(value: Any) -> str:
    """HTML-escape any value; NA becomes an empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def script_json(obj: Any) -> str:
    """JSON for embedding in a <script>: no '<', '>', '&' or line separators."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def layer_label(name: str) -> str:
    """Layer-control label: Leaflet inserts it as HTML, so escape it."""
    return esc(name).replace("{", "(").replace("}", ")")


def attribution(text: str) -> str:
    """A layer's attribution (Leaflet shows it as HTML)."""
    return esc(text)


_EXPORT_FILE = re.compile(
    r"\s*\b[\w.-]+\.(?:csv|xlsx?|json|parquet)\s*\(ekspor (\d{4}-\d{2}-\d{2})\)"
)
_BOUNDARY_SQL = re.compile(r"\bwilayah_boundaries_kel_(\d{2}\.\d{2})\.sql\b")
_DATA_FILE = re.compile(r"\b[\w./-]+\.(?:csv|xlsx?|json|parquet|sql|toml)\b")
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_KM = re.compile(r"(?<![\d.,])(\d+)\.(\d+)(?=\s*km\b)")
_KEY = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b")


def source_text(value: Any) -> str:
    """A source note of the data in planner words (plain text, not escaped).

    Export file names become the export date (``kopdes_locations_3514.csv
    (ekspor 2026-08-05)`` → ``5 Agustus 2026``), a boundary SQL file
    (``wilayah_boundaries_kel_35.14.sql``) the open boundary source and the
    kabupaten code, other file names *berkas data*, ``[sumber]`` keys their
    short titles, ISO dates Indonesian dates and ``0.02 km`` ``0,02 km``.

    Examples
    --------
    >>> source_text("ekspor SIMKOPDES a_b.csv (ekspor 2026-08-05); di luar 0.02 km")
    'ekspor SIMKOPDES 5 Agustus 2026; di luar 0,02 km'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    sumber = params.load().get("sumber", {})
    s = _EXPORT_FILE.sub(lambda m: " " + tanggal(m.group(1)), str(value))
    s = _BOUNDARY_SQL.sub(
        lambda m: f"berkas batas desa {open_source_label()}, kabupaten {m.group(1)}",
        s,
    )
    s = _DATA_FILE.sub(
        lambda m: "berkas parameter" if m.group(0).endswith(".toml") else "berkas data",
        s,
    )
    s = _ISO_DATE.sub(lambda m: tanggal(m.group(0)), s)
    s = _KM.sub(lambda m: angka(float(m.group(0)), len(m.group(2))), s)

    def title(m: re.Match) -> str:
        e = sumber.get(m.group(0))
        return str(e.get("judul_singkat") or e.get("judul_id")) if e else m.group(0)

    return _KEY.sub(title, s)


#: mapclassify schemes in words (the legend's note on how classes are cut).
_SCHEMES = {
    "NaturalBreaks": "jeda alami (nilai yang mirip satu kelas)",
    "FisherJenks": "jeda alami Fisher-Jenks",
    "JenksCaspall": "jeda alami Jenks-Caspall",
    "Quantiles": "kuantil (jumlah kecamatan sama per kelas)",
    "EqualInterval": "selang sama lebar",
    "StdMean": "simpangan baku dari rata-rata",
    "BoxPlot": "diagram kotak",
    "HeadTailBreaks": "jeda kepala-ekor",
    "Percentiles": "persentil",
}


def scheme_text(scheme: str) -> str:
    """How the classes of a choropleth were cut, in Indonesian words."""
    return _SCHEMES.get(scheme, "pembagian kelas menurut nilai")


def ilustrasi_tag(ilustrasi: bool) -> str:
    """The mark after every status shown from an ilustrasi register."""
    return " (ilustrasi)" if ilustrasi else ""


# ---------------------------------------------------------------------------
# Cooperative points
# ---------------------------------------------------------------------------
def _mitra_text(row: pd.Series) -> str:
    names, unknown = [], False
    for key, name in reg_mod.MITRA.items():
        v = row.get(f"mitra_{key}")
        if v is None or pd.isna(v):
            unknown = True
        elif bool(v):
            names.append(name)
    if names:
        return ", ".join(names)
    other = row.get("bermitra_bumn")
    if other is not None and not pd.isna(other) and bool(other):
        return "BUMN (tidak disebut)"
    if unknown:
        return "tidak diketahui"
    return "belum ada"


def _bool_text(v: Any) -> str:
    if v is None or pd.isna(v):
        return "tidak diketahui"
    return "ya" if bool(v) else "tidak"


def _point_source_text(src: Any) -> str:
    s = "" if src is None or pd.isna(src) else str(src)
    if "pusat desa" in s.lower():
        return "titik pusat desa (bukan lokasi kantor koperasi)"
    if s:
        return "koordinat dari data koperasi"
    return "tidak diketahui"


def _jenis_text(jenis: Any) -> str:
    if jenis == "kelurahan":
        return "KKMP (kelurahan)"
    if jenis == "desa":
        return "KDMP (desa)"
    return esc(jenis)


#: Where the cooperative cards are, relative to a map in ``maps/`` of a build
#: (``kartu/<kode_desa>.html``, :mod:`kdkmp_analysis.handouts.cards`).
CARD_DIR = "../kartu/"

#: Columns a programme map adds to the register rows so that each popup says
#: what is missing for the programme, the candidate rank and the distance
#: (:func:`programme_columns`).
PROGRAMME_COLUMNS = (
    "nama_program",
    "syarat_kurang_program",
    "data_kurang_program",
    "peringkat_calon",
    "jumlah_calon",
    "jarak_mitra_km",
)


def programme_columns(
    reg: pd.DataFrame,
    readiness: pd.DataFrame,
    candidates: pd.DataFrame | None,
    program: str,
) -> pd.DataFrame:
    """The register with the popup columns of one programme (:data:`PROGRAMME_COLUMNS`).

    Parameters
    ----------
    reg : pandas.DataFrame
        The register drawn on the map.
    readiness : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.readiness` (``forum.readiness``).
    candidates : pandas.DataFrame, optional
        The programme's ranked list (``forum.candidates[program]``).
    program : str
        Programme key.

    Returns
    -------
    pandas.DataFrame
        A copy of ``reg`` (same attrs) with the columns added.
    """
    out = reg.copy()
    r = readiness[readiness["program"] == program].set_index("kode_desa")
    code = out["kode_desa"]
    out["nama_program"] = code.map(r["nama_program"])
    out["syarat_kurang_program"] = code.map(r["syarat_kurang"])
    out["data_kurang_program"] = code.map(r["data_kurang"])
    if candidates is not None and len(candidates):
        c = candidates.set_index("kode_desa")
        out["peringkat_calon"] = pd.array(code.map(c["peringkat"]), dtype="Int64")
        out["jumlah_calon"] = len(candidates)
        out["jarak_mitra_km"] = code.map(c["jarak_mitra_km"]).astype(float)
    out.attrs = dict(reg.attrs)
    return out


def card_link(row: pd.Series, card_dir: str | None = CARD_DIR) -> str:
    """The popup's link "Kartu koperasi" to ``<card_dir><kode_desa>.html``.

    Empty when ``card_dir`` is ``None`` or the row has no ``kode_desa``.
    """
    code = row.get("kode_desa")
    if card_dir is None or not _has(code) or not str(code).strip():
        return ""
    prefix = card_dir if card_dir.endswith("/") or not card_dir else card_dir + "/"
    href = esc(f"{prefix}{code}.html")
    return (
        f'<div class="kdkmp-kartu"><a href="{href}" target="_blank" '
        'rel="noopener">Kartu koperasi</a> (apa yang kurang dan caranya)</div>'
    )


def _programme_rows(row: pd.Series) -> list[tuple[str, str]]:
    """Popup lines of a programme map: missing, rank, distance (escaped)."""
    if "nama_program" not in row.index or not _has(row.get("nama_program")):
        return []
    prog = esc(row["nama_program"])
    out = []
    missing = [
        str(row.get(c)).strip()
        for c in ("syarat_kurang_program", "data_kurang_program")
        if _has(row.get(c)) and str(row.get(c)).strip()
    ]
    if _has(row.get("syarat_kurang_program")) and str(row["syarat_kurang_program"]):
        out.append((f"Kurang untuk {prog}", esc(row["syarat_kurang_program"])))
    if _has(row.get("data_kurang_program")) and str(row["data_kurang_program"]):
        out.append(("Data belum ada", esc(row["data_kurang_program"])))
    if not missing:
        out.append((f"Kurang untuk {prog}", "tidak ada syarat tercatat yang kurang"))
    rank = row.get("peringkat_calon")
    if _has(rank):
        n = row.get("jumlah_calon")
        of = f" dari {angka(float(n))}" if _has(n) else ""
        out.append(("Peringkat calon", esc(f"{angka(float(rank))}{of}")))
    km = row.get("jarak_mitra_km")
    if _has(km):
        out.append(
            (
                "Jarak ke mitra/gerai terdekat",
                esc(f"{angka(float(km), 1)} km (perkiraan)"),
            )
        )
    return out


def cooperative_popup(
    row: pd.Series,
    cls: StatusClasses,
    k: int,
    *,
    others: list[str],
    ilustrasi: bool,
    card_dir: str | None = CARD_DIR,
) -> str:
    """The popup of one cooperative: place, kind, statuses, partners, sources.

    On a programme map (the row carries :data:`PROGRAMME_COLUMNS`, see
    :func:`programme_columns`) also what is missing for the programme, the
    candidate rank and the distance; always the link to the cooperative's
    card (:func:`card_link`).

    Parameters
    ----------
    row : pandas.Series
        A register row.
    cls : StatusClasses
        The classes of the colouring status; ``k`` is this row's class.
    others : list of str
        Other yes/no status columns shown (present in the register).
    ilustrasi : bool
        Mark every status as *ilustrasi*.
    card_dir : str or None
        Folder of the cards relative to the page showing the map (default
        :data:`CARD_DIR`, for ``maps/`` of a build); ``None``: no link.
    """
    tag = ilustrasi_tag(ilustrasi)
    swatch = f'<span class="kdkmp-dot" style="background:{esc(cls.colors[k])}"></span>'
    rows = [
        ("Desa/Kelurahan", esc(row["nama_desa"])),
        ("Kecamatan", esc(row["nama_kecamatan"])),
        ("Jenis", _jenis_text(row.get("jenis"))),
        (esc(cls.title), swatch + esc(cls.labels[k]) + tag),
    ]
    rows += [(esc(column_title(c)), _bool_text(row[c]) + tag) for c in others]
    rows.append(("Mitra BUMN", esc(_mitra_text(row)) + tag))
    rows += [(a, b + tag) for a, b in _programme_rows(row)]
    rows += transaction_rows(row)
    if esc(row.get("catatan_mitra")):
        rows.append(("Catatan mitra", esc(source_text(row["catatan_mitra"]))))
    src = row.get("sumber_koordinat")
    rows.append(("Lokasi titik", esc(_point_source_text(src))))
    if esc(src):
        rows.append(("Sumber titik", esc(source_text(src))))
    if esc(row.get("sumber_status")):
        rows.append(("Sumber data", esc(source_text(row.get("sumber_status")))))
    return (
        f'<div class="kdkmp-popup"><b>{esc(row["nama_koperasi"])}</b><table>'
        + "".join(f"<tr><th>{a}</th><td>{b}</td></tr>" for a, b in rows)
        + "</table>"
        + card_link(row, card_dir)
        + "</div>"
    )


def transaction_rows(row: pd.Series) -> list[tuple[str, str]]:
    """Popup lines of SIMKOPDES transactions (escaped); none without the column.

    The value is *nilai transaksi SIMKOPDES (Rp)*; the volume is never called
    *transaksi*: SIMKOPDES does not state its unit, so the line gives the value
    per unit of volume (≈ Rp11.000 in several villages, the SPHP rice price).
    """
    nilai = row.get("transaksi_nilai_rp")
    if nilai is None or pd.isna(nilai):
        return []
    src = row.get("sumber_simkopdes")
    src_txt = f" ({source_text(src)})" if _has(src) and str(src) else ""
    out = [("Nilai transaksi SIMKOPDES (Rp)", esc(f"Rp{angka(float(nilai))}{src_txt}"))]
    vol = row.get("transaksi_volume")
    if _has(vol) and float(vol) > 0:
        per = (
            f"; nilai/volume ≈ Rp{angka(float(nilai) / float(vol))} per satuan"
            if float(nilai) > 0
            else ""
        )
        out.append(
            (
                "Volume (satuan tidak disebut SIMKOPDES)",
                esc(f"{angka(float(vol))}{per}"),
            )
        )
    return out


def cooperative_tooltip(
    row: pd.Series, cls: StatusClasses, k: int, *, ilustrasi: bool
) -> str:
    """The tooltip of one cooperative: name, place and its status class."""
    return (
        f"<b>{esc(row['nama_koperasi'])}</b><br>{esc(row['nama_desa'])}, "
        f"Kec. {esc(row['nama_kecamatan'])}<br>{esc(cls.title)}: "
        f"{esc(cls.labels[k])}{ilustrasi_tag(ilustrasi)}"
    )


def cooperative_search(row: pd.Series) -> str:
    """Search-index text of a cooperative (plain text, shown with textContent)."""
    return f"{row['nama_koperasi']} — {row['nama_desa']}, Kec. {row['nama_kecamatan']}"


# ---------------------------------------------------------------------------
# Desa, kecamatan and kabupaten
# ---------------------------------------------------------------------------
def _has(value: Any) -> bool:
    return value is not None and not pd.isna(value)


def desa_tooltip(
    row: pd.Series, *, perkiraan: bool, extra: dict[str, str] | None = None
) -> str:
    """Tooltip of a desa polygon: kind and name, kecamatan, boundary status.

    ``extra`` maps a kecamatan name to one more (already escaped) line, e.g.
    the kecamatan's value on a choropleth (:func:`desa_value_line`).
    """
    jenis = str(row.get("jenis") or "desa")
    kec = row.get("nama_kecamatan")
    batas = (
        "batas PERKIRAAN (bukan batas resmi)"
        if perkiraan
        else "batas desa sumber terbuka"
    )
    tip = f"<b>{esc(jenis.capitalize())} {esc(row['nama_desa'])}</b>"
    if _has(kec):
        tip += f"<br>Kec. {esc(kec)}"
        if extra and str(kec) in extra:
            tip += f"<br>{extra[str(kec)]}"
    tip += f"<br><i>{esc(batas)}</i>"
    return tip


def desa_search(row: pd.Series) -> str:
    """Search-index text of a desa (plain text)."""
    jenis = str(row.get("jenis") or "desa")
    kec = row.get("nama_kecamatan")
    return f"{jenis.capitalize()} {row['nama_desa']}" + (
        f" — Kec. {kec}" if _has(kec) else ""
    )


def desa_value_line(legend: str, value_text: str, ilustrasi: bool) -> str:
    """The kecamatan's value as a line of its desa tooltips."""
    return f"{esc(legend)} kecamatan: {esc(value_text)}{ilustrasi_tag(ilustrasi)}"


def kecamatan_tooltip(name: Any) -> str:
    """Tooltip of a kecamatan outline."""
    return f"<b>Kecamatan {esc(name)}</b>"


def kecamatan_label(name: Any) -> str:
    """The permanent name label of a kecamatan."""
    return esc(name)


def outline_tooltip(kabupaten_name: str, *, perkiraan: bool) -> str:
    """Tooltip of the kabupaten outline."""
    tip = f"<b>{esc(kabupaten_name or 'Batas kabupaten')}</b>"
    if perkiraan:
        tip += "<br><i>sebagian batas PERKIRAAN</i>"
    return tip


def kecamatan_value_tooltip(
    row: pd.Series, legend: str, value_text: str, known_text: str, ilustrasi: bool
) -> str:
    """Choropleth tooltip: kecamatan, value, and the base of a share."""
    return (
        f"<b>Kecamatan {esc(row['nama_kecamatan'])}</b><br>{esc(legend)}: "
        f"{esc(value_text)}{ilustrasi_tag(ilustrasi)}"
        + (f"<br>({esc(known_text)})" if known_text else "")
    )


def kecamatan_value_popup(
    row: pd.Series,
    legend: str,
    value_text: str,
    class_text: str,
    known_text: str,
    ilustrasi: bool,
) -> str:
    """Choropleth popup: code, value, class, base of a share, boundary status."""
    popup = (
        f'<div class="kdkmp-popup"><b>Kecamatan {esc(row["nama_kecamatan"])}</b>'
        f"<table><tr><th>Kode</th><td>{esc(row['kode_kecamatan'])}</td></tr>"
        f"<tr><th>{esc(legend)}</th><td>{esc(value_text)}"
        f"{ilustrasi_tag(ilustrasi)}</td></tr>"
        f"<tr><th>Kelas</th><td>{esc(class_text)}</td></tr>"
    )
    if known_text:
        popup += f"<tr><th>Dasar persentase</th><td>{esc(known_text)}</td></tr>"
    if esc(row.get("status_batas")):
        popup += f"<tr><th>Batas</th><td>{esc(row['status_batas'])}</td></tr>"
    return popup + "</table></div>"


# ---------------------------------------------------------------------------
# Legends and the title banner
# ---------------------------------------------------------------------------
def status_legend(cls: StatusClasses, ilustrasi: bool) -> str:
    """Legend of the cooperative points: one dot per non-empty class."""
    head = f"<h4>Koperasi — {esc(cls.title)}{ilustrasi_tag(ilustrasi)}</h4>"
    rows = "".join(
        f'<div><span class="kdkmp-dot" style="background:{esc(c)}"></span>'
        f"{esc(lab)} ({n})</div>"
        for lab, c, n in zip(cls.labels, cls.colors, cls.counts, strict=True)
        if n > 0
    )
    return head + rows


def missing_points_note(n: int) -> str:
    """Legend note on cooperatives that have no coordinate."""
    if not n:
        return ""
    return f'<div class="note">{n} koperasi tanpa koordinat tidak digambar</div>'


def lines_legend(*, desa: bool, desa_perk: bool, kec: bool, kec_perk: bool) -> str:
    """Legend of the boundary lines (and of approximate boundaries)."""
    out = "<h4>Batas wilayah</h4>"
    out += '<div><span class="kdkmp-line" style="border-top:3px solid #111"></span>'
    out += "Kabupaten</div>"
    if kec:
        out += '<div><span class="kdkmp-line" style="border-top:2px solid #333">'
        out += "</span>Kecamatan</div>"
    if desa:
        out += '<div><span class="kdkmp-line" style="border-top:1px solid #555">'
        out += "</span>Desa/kelurahan</div>"
        out += (
            f'<div class="note">Sumber batas: {esc(open_source_label())}, '
            f"{esc(open_source_url())}</div>"
        )
    if desa_perk or kec_perk:
        out += (
            '<div><span class="kdkmp-line" style="border-top:2px dashed #b35806">'
            "</span><b>Batas PERKIRAAN</b> (bukan batas resmi)</div>"
        )
    return out


def value_legend(
    *,
    legend: str,
    unit: str,
    ilustrasi: bool,
    labels: list[str],
    colors: list[str],
    idx: np.ndarray,
    missing_text: list[str],
    scheme: str,
) -> str:
    """Legend of a choropleth: heading with unit, classes with counts, no data."""
    unit_txt = f" ({esc(unit)})" if unit else ""
    leg = f"<h4>{esc(legend)}{unit_txt}{ilustrasi_tag(ilustrasi)}</h4>"
    leg += "".join(
        f'<div><span class="kdkmp-sw" style="background:{c}"></span>{esc(lab)}'
        f" ({int((idx == i).sum())})</div>"
        for i, (lab, c) in enumerate(zip(labels, colors, strict=True))
    )
    if (idx < 0).any():
        nodata = sorted(
            {missing_text[i] for i in np.flatnonzero(idx < 0)}, reverse=True
        )
        leg += (
            f'<div><span class="kdkmp-sw" style="background:{NODATA_COLOR}"></span>'
            f"{esc(' / '.join(nodata))} ({int((idx < 0).sum())})</div>"
        )
    leg += f'<div class="note">Kelas: {esc(scheme_text(scheme))}; satu angka per '
    leg += "kecamatan</div>"
    return leg


def title_banner(title: str | None, ilustrasi: bool) -> str:
    """The title box at the top of the map, with the ILUSTRASI banner."""
    head = f"<h3>{esc(title)}</h3>" if title else ""
    if ilustrasi:
        head += (
            '<div class="kdkmp-ilustrasi">ILUSTRASI — status koperasi adalah '
            "skenario, bukan data resmi</div>"
        )
    return head
