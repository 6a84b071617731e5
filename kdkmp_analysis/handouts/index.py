"""The build's index page, the PDFs of the hand-outs and the share package.

:func:`write_index` writes ``index.html`` (*Mulai di sini*, links, date,
sources); :func:`write_pdfs` prints pages to A4 PDFs with headless Chromium
when it is present; :func:`write_share_package` packs what is sent after a
forum into ``paket_forum_<kode>.zip``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

from kdkmp_analysis import documents
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.documents import page, write_text
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region import Kabupaten

__all__ = [
    "NO_CHROMIUM",
    "print_pdf",
    "write_index",
    "write_pdfs",
    "write_share_package",
]

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


#: Folders of a notebook's sample import (``maps/impor-<kode>/``): examples.
_SAMPLE_PREFIX = "impor-"
#: A file name in a source line (shown as code, not prose).
_FILE_NAME = re.compile(r"\b[\w.@/-]*_[\w.@/-]*\b|\b[\w/-]+\.(?:csv|toml|sql|xlsx)\b")


def _title(path: Path) -> str:
    """What a map file shows: its page title, else its name in words."""
    if path.suffix == ".html":
        head = path.read_text(encoding="utf-8", errors="replace")[:20000]
        m = re.search(r"<title>(.*?)</title>", head, re.S)
        if m and m.group(1).strip():
            return html.unescape(m.group(1)).split(" — status")[0].strip()
    twin = path.with_suffix(".html")
    if path.suffix == ".png" and twin.is_file():
        return f"{_title(twin)} (gambar PNG)"
    return re.sub(r"[-_]+", " ", path.stem)


def _map_items(out: Path, skip: set[str]) -> tuple[str, str]:
    """Notebook maps (by title) and the sample import's files (as examples)."""
    maps_dir = out / "maps"
    if not maps_dir.is_dir():
        return "", ""
    maps, samples = [], []
    for m in sorted(maps_dir.rglob("*")):
        if m.suffix not in {".html", ".png", ".xlsx", ".csv"} or m.name in skip:
            continue
        rel = m.relative_to(maps_dir)
        if rel.parts[0].startswith(_SAMPLE_PREFIX):
            code = f"<code>{html.escape(rel.as_posix())}</code>"
            samples.append(f'<li><a href="{html.escape(_rel(out, m))}">{code}</a></li>')
        else:
            maps.append(f"<li>{_link(out, m, _title(m))}</li>")
    return "".join(maps), "".join(samples)


def _rel(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def _role(handouts: Sequence[tuple[str, Path]], test) -> Path | None:
    return next((p for _, p in handouts if test(p)), None)


def _start_here(
    out: Path,
    handouts: Sequence[tuple[str, Path]],
    notebooks: Sequence[NotebookRow],
    package: Path | None,
) -> str:
    """The *Mulai di sini* box: which file for the forum, a camat, an analyst."""
    deck = _role(handouts, lambda p: p.suffix == ".pptx")
    book = _role(handouts, lambda p: p.suffix == ".xlsx")
    lists = _role(handouts, lambda p: p.suffix == ".html" and p.parent.name == "forum")
    brief = _role(handouts, lambda p: p.parent.name == "ringkasan")
    missing = _role(
        handouts,
        lambda p: p.parent == out and p.suffix == ".html" and p.name not in _AFTER,
    )
    kemajuan = _role(handouts, lambda p: p.parent == out and p.name == _AFTER[0])
    follow = _role(handouts, lambda p: p.parent == out and p.name == _AFTER[1])
    cards = _role(handouts, lambda p: p.parent.name == "kartu")
    a = lambda p, label: _link(out, p, label) if p else html.escape(label)  # noqa: E731
    forum = (
        f"tayangkan {a(deck, 'presentasi forum')}, bagikan {a(book, 'buku kerja forum')} "
        f"(satu lembar per BUMN) atau {a(lists, 'daftar calon mitra')} untuk disaring"
    )
    if package is not None:
        size = angka(package.stat().st_size / 1e6, 1)
        forum += (
            f"; untuk dikirim dalam satu berkas: {_link(out, package, 'paket forum')} "
            f"(zip, {size} MB: presentasi, buku kerja, PDF, peta luring)"
        )
    pdf = (
        " (PDF siap cetak di folder ringkasan/pdf)"
        if (out / "ringkasan" / "pdf").is_dir()
        else ""
    )
    code = [p for *_, files in notebooks for p in files if "kode" in p.parts]
    analyst = (
        "baca notebook versi dengan kode (tabel Notebook di bawah)"
        if code
        else "baca notebook di bawah"
    )
    if missing is not None:
        analyst += f" dan {a(missing, 'data yang masih kurang')}"
    return (
        '<section class="mulai"><h2>Mulai di sini</h2><ul>'
        f"<li><strong>Untuk forum kemitraan</strong> (Dinas dan BUMN): {forum}.</li>"
        f"<li><strong>Untuk camat</strong>: buka {a(brief, 'ringkasan per kecamatan')} "
        f"dan pilih kecamatannya{pdf}"
        + (
            f"; per koperasi: {a(cards, 'kartu koperasi')} (apa yang kurang dan caranya)"
            if cards
            else ""
        )
        + ".</li>"
        + _after_forum(kemajuan, follow, a)
        + f"<li><strong>Untuk analis</strong>: {analyst}.</li>"
        "</ul></section>"
    )


#: The pages after the forum (``handouts.progress``): Kemajuan, follow-ups.
_AFTER = ("kemajuan.html", "tindak-lanjut.html")


def _after_forum(kemajuan: Path | None, follow: Path | None, a) -> str:
    """The *Setelah forum* line of *Mulai di sini* (empty without the page)."""
    if kemajuan is None:
        return ""
    line = (
        "<li><strong>Setelah forum</strong>: catat hasilnya di lembar “Hasil "
        "Forum” buku kerja forum dan impor; lihat "
        f"{a(kemajuan, 'kemajuan kemitraan')} (tahap tiap program per forum, "
        "koperasi yang bergerak, tindak lanjut yang lewat tenggat)"
    )
    if follow is not None:
        line += f" dan {a(follow, 'daftar tindak lanjut')} per PIC dan per BUMN"
    return line + ".</li>"


def _source_line(text: str) -> str:
    """A source line, escaped, with file names shown as code."""
    parts, last = [], 0
    for m in _FILE_NAME.finditer(text):
        parts += [
            html.escape(text[last : m.start()]),
            f"<code>{html.escape(m[0])}</code>",
        ]
        last = m.end()
    return "".join(parts) + html.escape(text[last:])


def write_index(
    out: Path,
    kabupaten: Kabupaten,
    notebooks: Sequence[NotebookRow],
    handouts: Sequence[tuple[str, Path]],
    handouts_error: str,
    source: str,
    sources: Sequence[str],
    register_note: str = "",
    package: Path | None = None,
) -> Path:
    """Write ``out/index.html``: *Mulai di sini*, then every file by role.

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
        Source lines for the footer (file names in them are shown as code).
    register_note : str
        Which register columns come from where
        (:func:`kdkmp_analysis.handouts.register_columns`: data SIMKOPDES next
        to ilustrasi, per column); ``""`` when it could not be read. The
        *ilustrasi* box is shown only when a column is ilustrasi.
    package : Path, optional
        The share package (:func:`write_share_package`), linked with its size.

    Returns
    -------
    Path
    """
    hand = "".join(f"<li>{_link(out, p, label)}</li>" for label, p in handouts)
    if handouts_error:
        hand += f"<li><strong>GAGAL:</strong> {html.escape(handouts_error)}</li>"
    if package is not None:
        mb = angka(package.stat().st_size / 1e6, 1)
        hand += f"<li>{_link(out, package, 'Paket forum (zip)')} — {mb} MB</li>"
    # the notebooks' copies of the workbook and list: the forum folder's are listed
    skip = {p.name for _, p in handouts if p.parent.name == "forum"}
    maps, samples = _map_items(out, skip)
    note = (
        f"{register_note or 'Sumber per kolom register tidak terbaca'}. Penduduk "
        "per desa adalah perkiraan kecuali dimuat per desa dari berkas BPS."
    )
    box = "catatan ilustrasi" if "ilustrasi" in register_note else "catatan"
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    body = (
        _start_here(out, handouts, notebooks, package)
        + f"<p>{html.escape(kabupaten.label)}. Dibuat: {tanggal(dt.datetime.now().replace(second=0, microsecond=0))}. "
        f"Data: {_source_line(source)}. Semua berkas dapat dibuka tanpa internet "
        f"(ukuran total ± {angka(size / 1e6)} MB).</p>"
        f'<p class="{box}">{_source_line(note)}</p>'
        "<h2>Bahan forum dan ringkasan</h2>"
        f"<ul>{hand}</ul>"
        "<h2>Notebook</h2>"
        f"{_notebook_table(out, notebooks)}"
        "<h2>Peta luring dari notebook</h2>"
        f"<ul>{maps or '<li>(belum ada)</li>'}</ul>"
        + (
            "<h2>Contoh impor data (bukan bahan forum)</h2><p>Berkas contoh dari "
            "notebook impor: cara membaca ekspor SIMKOPDES dan templat Dinas.</p>"
            f"<ul>{samples}</ul>"
            if samples
            else ""
        )
    )
    footer = "".join(f"<li>{_source_line(s)}</li>" for s in sources if s)
    if footer:
        body += f"<footer><strong>Sumber data</strong><ul>{footer}</ul></footer>"
    target = out / "index.html"
    write_text(
        target,
        page(
            "KDKMP — hasil analisis",
            body,
            heading="Analisis Koperasi Desa/Kelurahan Merah Putih",
        ),
    )
    return target


#: Seconds one page may take to print to PDF.
PDF_TIMEOUT_S = 120
#: Said once when PDFs cannot be made.
NO_CHROMIUM = "PDF tidak dibuat: Chromium tidak ditemukan"
#: Said when PDFs are switched off (``KDKMP_PDF=0``: the tests' quick builds).
PDF_OFF = "PDF tidak dibuat: dimatikan dengan KDKMP_PDF=0"


def print_pdf(page: Path, pdf: Path, browser: str, timeout: float = PDF_TIMEOUT_S):
    """Print one local HTML page to an A4 PDF with headless Chromium.

    Parameters
    ----------
    page : Path
        The HTML file (its print CSS decides the layout).
    pdf : Path
        The PDF to write (its folder must exist).
    browser : str
        Chromium executable (:func:`kdkmp_analysis.testing.find_chromium`).
    timeout : float
        Seconds before the browser is stopped (:class:`KdkmpError`).
    """
    import tempfile

    from kdkmp_analysis.testing import chromium

    with tempfile.TemporaryDirectory(prefix="kdkmp-pdf-") as profile:
        cmd = [
            browser,
            *(f for f in chromium.FLAGS if not f.startswith("--enable-logging")),
            *chromium.OFFLINE_FLAGS,
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise KdkmpError(f"Chromium tidak selesai mencetak {page.name}") from exc
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise KdkmpError(f"Chromium tidak menghasilkan PDF untuk {page.name}")
    return pdf


def write_pdfs(jobs: list[tuple[Path, Path]], browser: str | None = None) -> list[Path]:
    """Print ``(page, pdf)`` pairs with Chromium, two at a time, when it is present.

    Without Chromium, says :data:`NO_CHROMIUM` and returns ``[]`` (with
    ``KDKMP_PDF=0`` in the environment, :data:`PDF_OFF`); a page
    that does not print is said in one line and skipped (the build goes on).

    Returns
    -------
    list of Path
        The PDFs written.
    """
    from concurrent.futures import ThreadPoolExecutor

    from kdkmp_analysis.testing import find_chromium

    if os.environ.get("KDKMP_PDF", "1").strip() == "0":
        print(PDF_OFF)
        return []
    exe = browser or find_chromium()
    if exe is None:
        print(NO_CHROMIUM)
        return []
    for _, pdf in jobs:
        pdf.parent.mkdir(parents=True, exist_ok=True)
    done = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(print_pdf, page, pdf, exe) for page, pdf in jobs]
        for fut in futures:
            try:
                done.append(fut.result())
            except KdkmpError as exc:
                print(f"PDF tidak dibuat: {exc}")
    return done


def write_share_package(out: Path, digits: str) -> Path | None:
    """``out/paket_forum_<digits>.zip``: one file to send after the forum.

    Holds the deck, the workbook, the PDFs, the offline maps (forum gap maps
    and the notebooks' maps, not the sample import) and the cards
    (``kartu/``) when they exist; paths inside are those of the build.
    ``None`` when there is nothing to pack.
    """
    forum = out / "forum"
    wanted = [
        *forum.glob("*.pptx"),
        *forum.glob("*.xlsx"),
        *(out / "ringkasan" / "pdf").glob("*.pdf"),
        *(forum / "pdf").glob("*.pdf"),
        *(forum / "peta").glob("*.html"),
        *(p for p in (out / "maps").glob("*.html") if not p.stem.startswith("forum")),
        *(p for p in (out / "kartu").rglob("*") if p.is_file()),
    ]
    if not wanted:
        return None
    target = out / f"paket_forum_{digits}.zip"
    with documents.atomic(target) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        for f in sorted(set(wanted)):
            zf.write(f, f.relative_to(out).as_posix(), zipfile.ZIP_DEFLATED)
    return target
