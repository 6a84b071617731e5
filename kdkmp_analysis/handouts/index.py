"""The build's index page: links to every hand-out, the date and the data sources."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path

from kdkmp_analysis._format import angka
from kdkmp_analysis.documents import page, write_text
from kdkmp_analysis.region import Kabupaten

__all__ = ["write_index"]

#: One notebook's outcome: name, ok, seconds, rendered files.
NotebookRow = tuple[str, bool, float, Sequence[Path]]


def _link(out: Path, path: Path, label: str) -> str:
    rel = path.relative_to(out).as_posix()
    return f'<a href="{html.escape(rel)}">{html.escape(label)}</a>'


def _notebook_table(out: Path, notebooks: Sequence[NotebookRow]) -> str:
    rows = []
    for name, ok, seconds, outputs in notebooks:
        links = " · ".join(
            _link(out, p, "dengan kode" if "kode" in p.parts else "laporan")
            for p in outputs
        )
        rows.append(
            f"<tr><td>{html.escape(name)}</td><td>{'berhasil' if ok else 'GAGAL'}</td>"
            f"<td>{angka(seconds, 1)} dtk</td><td>{links}</td></tr>"
        )
    return (
        "<table><tr><th>Notebook</th><th>Status</th><th>Waktu</th><th>Berkas</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _map_items(out: Path) -> str:
    maps_dir = out / "maps"
    if not maps_dir.is_dir():
        return ""
    return "".join(
        f"<li>{_link(out, m, m.relative_to(maps_dir).as_posix())}</li>"
        for m in sorted(maps_dir.rglob("*"))
        if m.suffix in {".html", ".png", ".xlsx", ".csv"}
    )


def write_index(
    out: Path,
    kabupaten: Kabupaten,
    notebooks: Sequence[NotebookRow],
    handouts: Sequence[tuple[str, Path]],
    handouts_error: str,
    source: str,
    sources: Sequence[str],
    register_note: str = "",
) -> Path:
    """Write ``out/index.html``.

    Parameters
    ----------
    out : Path
        The build directory (every link is relative to it).
    kabupaten : Kabupaten
        The kabupaten the build is for (named in the heading).
    notebooks : sequence of (name, ok, seconds, files)
        One row per executed notebook.
    handouts : sequence of (label, path)
        The hand-outs written (briefings, workbook, lists, gap maps, deck).
    handouts_error : str
        Why the hand-outs failed, or ``""``.
    source : str
        Where the register comes from (file and date, or the default).
    sources : sequence of str
        Source lines for the footer.
    register_note : str
        Which register columns come from where
        (:func:`kdkmp_analysis.handouts.register_columns`: data SIMKOPDES next
        to ilustrasi, per column); ``""`` when it could not be read.

    Returns
    -------
    Path
    """
    hand = "".join(f"<li>{_link(out, p, label)}</li>" for label, p in handouts)
    if handouts_error:
        hand += f"<li><strong>GAGAL:</strong> {html.escape(handouts_error)}</li>"
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    body = (
        f"<p>{html.escape(kabupaten.label)}. Dibuat: {now}. Data: "
        f"{html.escape(source)}. Semua berkas dapat dibuka tanpa internet (ukuran "
        f"total ± {angka(size / 1e6)} MB).</p>"
        "<h2>Bahan forum dan ringkasan</h2>"
        f"<ul>{hand}</ul>"
        "<h2>Notebook</h2>"
        f"{_notebook_table(out, notebooks)}"
        "<h2>Peta luring dan berkas lain dari notebook</h2>"
        f"<ul>{_map_items(out) or '<li>(belum ada)</li>'}</ul>"
    )
    note = (
        f"{register_note or 'Sumber per kolom register tidak terbaca'}. Penduduk "
        "per desa adalah perkiraan kecuali dimuat per desa dari berkas BPS."
    )
    target = out / "index.html"
    write_text(
        target,
        page(
            "KDKMP — hasil analisis",
            body,
            heading="Analisis Koperasi Desa/Kelurahan Merah Putih",
            note=note,
            sources=sources,
        ),
    )
    return target
