"""Execute the notebooks and render what planners hand out.

``kdkmp build`` (the README's main command) runs every notebook of
``notebooks/`` with papermill, injecting the parameters each notebook declares
in its ``parameters`` cell (``kabupaten``, ``register_path``, ``out_dir``),
renders each executed notebook to HTML (a planner version without code and an
analyst version with it) and writes an ``index.html`` that links everything
with the date and the data sources.

Output layout (``--out``, default ``build/``)::

    index.html                 links, date, data sources
    notebook/<name>.html       rendered notebooks, code hidden (planners)
    notebook/kode/<name>.html  rendered notebooks with code (analysts)
    maps/                      offline maps (HTML) and static maps (PNG)
    ringkasan/index.html       per-kecamatan briefings (one HTML per kecamatan)
    forum/forum_<kab>.xlsx     forum workbook (summary + one sheet per BUMN)
    forum/forum_<kab>.html     the same lists as HTML
    forum/presentasi_forum_<kab>.pptx  the forum deck
    forum/gambar/              the deck's PNG maps and charts

The hand-outs (briefings, workbook, deck) are computed in one process from the
same analyses (:mod:`kdkmp_analysis.reports`) while the notebooks run.
"""

from __future__ import annotations

import datetime as dt
import html
import multiprocessing
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kdkmp_analysis import config
from kdkmp_analysis.errors import KdkmpError

__all__ = ["BuildResult", "NotebookResult", "build", "notebook_parameters"]


@dataclass
class NotebookResult:
    """Outcome of one notebook."""

    name: str
    ok: bool
    seconds: float
    error: str = ""
    outputs: list[Path] = field(default_factory=list)


@dataclass
class BuildResult:
    """Outcome of a build."""

    out: Path
    notebooks: list[NotebookResult]
    files: list[Path]
    handouts: StepResult | None = None

    @property
    def ok(self) -> bool:
        """True when every notebook executed and the hand-outs were written."""
        return all(n.ok for n in self.notebooks) and (
            self.handouts is None or self.handouts.ok
        )


def _notebook_dir(notebooks: Path | None) -> Path:
    if notebooks is not None:
        return Path(notebooks)
    top = config.project_dir()
    if top is None:
        raise KdkmpError("tidak menemukan folder notebooks/; pakai --notebooks DIR")
    return top / "notebooks"


def notebook_parameters(path: Path) -> set[str]:
    """Names assigned in a notebook's ``parameters``-tagged cell."""
    import ast

    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            names: set[str] = set()
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign):
                    names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
                elif isinstance(node, ast.AnnAssign) and isinstance(
                    node.target, ast.Name
                ):
                    names.add(node.target.id)
            return names
    return set()


#: A cell that runs longer than this fails the notebook (never hang the build).
CELL_TIMEOUT_S = 300

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_WIDGET_NOTE = (
    '<p class="kdkmp-widget-note"><em>Kontrol interaktif (widget) hanya berjalan di '
    "JupyterLab: buka notebook ini di JupyterLab untuk memakainya.</em></p>"
)


def _drop_widget_views(nb) -> None:
    """Replace widget views (which need a kernel) with an Indonesian note."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if _WIDGET_VIEW in data:
                output["data"] = {"text/html": _WIDGET_NOTE}


def _render(executed: Path, out: Path) -> list[Path]:
    """Render an executed notebook twice: for planners (no code) and analysts."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    _drop_widget_views(nb)
    templates = str(Path(__file__).parent / "templates")
    written = []
    for sub, hide in (("", True), ("kode", False)):
        exporter = HTMLExporter(
            template_name="kdkmp_luring",
            extra_template_basedirs=[templates],
            exclude_input=hide,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            language_code="id",
        )
        body, _ = exporter.from_notebook_node(nb)
        target = out / "notebook" / sub / (executed.stem + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_offline(body), encoding="utf-8")
        written.append(target)
    return written


def _offline(page: str) -> str:
    """Check that a rendered page fetches nothing from the internet.

    Notebooks display maps with :func:`kdkmp_analysis.maps.embed` (Leaflet
    inlined) and the ``kdkmp_luring`` template drops the CDN scripts of
    nbconvert; anything left is a bug in a notebook, reported as an error.
    """
    from kdkmp_analysis.maps import external_references

    refs = external_references(page)
    if refs:
        raise KdkmpError(
            "halaman masih memuat sumber dari internet: " + ", ".join(refs[:5])
        )
    return page


def _run_one(
    nb_path: Path,
    out: Path,
    register: Path | None,
    kabupaten: str,
) -> NotebookResult:
    import tempfile

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kdkmp-nb-") as tmp:
        return _execute(
            nb_path, Path(tmp) / nb_path.name, out, register, kabupaten, start
        )


def _execute(
    nb_path: Path,
    executed: Path,
    out: Path,
    register: Path | None,
    kabupaten: str,
    start: float,
) -> NotebookResult:
    import papermill as pm

    declared = notebook_parameters(nb_path)
    values = {
        "kabupaten": kabupaten,
        "register_path": str(register.resolve()) if register else None,
        "out_dir": str((out / "maps").resolve()),
        "peta_dasar": None,  # no online basemap: the build is for offline use
    }
    try:
        pm.execute_notebook(
            str(nb_path),
            str(executed),
            parameters={k: v for k, v in values.items() if k in declared},
            cwd=str(nb_path.parent),
            progress_bar=False,
            kernel_name="python3",
            execution_timeout=CELL_TIMEOUT_S,
        )
        files = _render(executed, out)
        return NotebookResult(
            nb_path.stem, True, time.perf_counter() - start, outputs=files
        )
    except Exception as exc:  # noqa: BLE001 - reported, build continues
        msg = str(exc).strip().splitlines()
        detail = "\n".join(msg[-12:]) if msg else traceback.format_exc(limit=2)
        files: list[Path] = []
        if executed.exists():  # render what ran, so the failing cell is visible
            try:
                files = _render(executed, out)
            except Exception as render_exc:  # noqa: BLE001
                detail += f"\n(render: {render_exc})"
        return NotebookResult(
            nb_path.stem,
            False,
            time.perf_counter() - start,
            error=detail,
            outputs=files,
        )


def _link(out: Path, path: Path, label: str) -> str:
    rel = path.relative_to(out).as_posix()
    return f'<a href="{html.escape(rel)}">{html.escape(label)}</a>'


def _index(
    out: Path,
    results: list[NotebookResult],
    handouts: StepResult,
    source: str,
    sources: list[str],
) -> Path:
    rows = []
    for r in results:
        status = "berhasil" if r.ok else "GAGAL"
        links = " · ".join(
            _link(out, p, "dengan kode" if "kode" in p.parts else "laporan")
            for p in r.outputs
        )
        rows.append(
            f"<tr><td>{html.escape(r.name)}</td><td>{status}</td>"
            f"<td>{r.seconds:.1f} dtk</td><td>{links}</td></tr>"
        )
    maps_dir = out / "maps"
    map_items = (
        "".join(
            f"<li>{_link(out, m, m.relative_to(maps_dir).as_posix())}</li>"
            for m in sorted(maps_dir.rglob("*"))
            if m.suffix in {".html", ".png", ".xlsx", ".csv"}
        )
        if maps_dir.is_dir()
        else ""
    )
    hand = "".join(f"<li>{_link(out, p, label)}</li>" for label, p in handouts.labelled)
    if not handouts.ok:
        hand += f"<li><strong>GAGAL:</strong> {html.escape(handouts.error)}</li>"
    src = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>KDKMP — hasil analisis</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
h1{{color:#b30000}} td,th{{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left}}
.catatan{{background:#fff4e5;border-left:4px solid #e69500;padding:.5em .8em}}</style>
</head><body>
<h1>Analisis Koperasi Desa/Kelurahan Merah Putih</h1>
<p>Dibuat: {now}. Data: {html.escape(source)}. Semua berkas dapat dibuka tanpa internet
(ukuran total ± {size / 1e6:.0f} MB).</p>
<p class="catatan">Status koperasi pada register bawaan adalah <strong>skenario
ilustrasi</strong>, bukan data resmi; penduduk per desa adalah <strong>perkiraan</strong>
kecuali dimuat dari berkas BPS.</p>
<h2>Bahan forum dan ringkasan</h2><ul>{hand}</ul>
<h2>Notebook</h2>
<table><tr><th>Notebook</th><th>Status</th><th>Waktu</th><th>Berkas</th></tr>
{"".join(rows)}</table>
<h2>Peta luring dan berkas lain dari notebook</h2><ul>{map_items or "<li>(belum ada)</li>"}</ul>
<h2>Sumber data</h2><ul>{src}</ul>
</body></html>
"""
    target = out / "index.html"
    target.write_text(page, encoding="utf-8")
    return target


@dataclass
class StepResult:
    """Outcome of the hand-outs step (briefings, forum files, deck)."""

    ok: bool
    seconds: float
    labelled: list[tuple[str, Path]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    error: str = ""
    source: str = ""


def _handouts(out: Path, register: Path | None, kabupaten: str) -> StepResult:
    from kdkmp_analysis import reports

    start = time.perf_counter()
    try:
        an = reports.analyse(register, kabupaten)
        labelled: list[tuple[str, Path]] = []
        briefings = reports.write_briefings(an, out / "ringkasan")
        labelled.append(
            (f"Ringkasan per kecamatan ({len(briefings) - 1} kecamatan)", briefings[0])
        )
        workbook, lists, *gap_maps = reports.write_forum_files(an, out / "forum")
        labelled.append(("Buku kerja forum (Excel, satu lembar per BUMN)", workbook))
        labelled.append(("Daftar calon mitra per BUMN (HTML)", lists))
        labelled += [
            (f"Peta kesenjangan: {p.stem.removeprefix('peta_kesenjangan_')}", p)
            for p in gap_maps
        ]
        slug = an.kabupaten.rsplit("(", 1)[-1].strip(")").replace(".", "")
        deck = reports.write_deck(
            an,
            out / "forum" / f"presentasi_forum_{slug}.pptx",
            out / "forum" / "gambar",
        )
        labelled.append(("Presentasi forum (PowerPoint)", deck))
        for page in [briefings[0], *briefings[1:], lists]:
            _offline(page.read_text(encoding="utf-8"))
        return StepResult(
            True,
            time.perf_counter() - start,
            labelled,
            reports.sources(an),
            source=an.source,
        )
    except Exception as exc:  # noqa: BLE001 - reported, the build goes on
        return StepResult(
            False, time.perf_counter() - start, error=f"{type(exc).__name__}: {exc}"
        )


def build(
    out: Path | str = "build",
    register: Path | str | None = None,
    notebooks: Path | str | None = None,
    jobs: int = 2,
    kabupaten: str = config.DEFAULT_KABUPATEN,
) -> BuildResult:
    """Execute and render every notebook; write the index.

    Parameters
    ----------
    out : path
        Output directory (created).
    register : path, optional
        Register CSV to use instead of the embedded default.
    notebooks : path, optional
        Notebook directory (default: the checkout's ``notebooks/``).
    jobs : int
        Notebooks executed in parallel.
    kabupaten : str
        Kemendagri code passed to notebooks that declare ``kabupaten``.

    Returns
    -------
    BuildResult
        Per-notebook status; a failing notebook does not stop the others.
    """
    from tqdm.auto import tqdm

    # absolute paths: papermill changes the working directory of its process
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    reg = Path(register).resolve() if register else None
    if reg is not None:
        from kdkmp_analysis.register import read_register

        read_register(reg)  # a bad file stops here with one clear message
    nb_dir = _notebook_dir(Path(notebooks).resolve() if notebooks else None)
    paths = sorted(p for p in nb_dir.glob("[0-9]*.ipynb"))
    if not paths:
        raise KdkmpError(f"tidak ada notebook di {nb_dir}")
    results: list[NotebookResult] = []
    # Notebooks run in worker processes (papermill chdirs, which must not race
    # between threads); the hand-outs are computed here meanwhile.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx) as pool:
        futures = [pool.submit(_run_one, p, out, reg, kabupaten) for p in paths]
        handouts = _handouts(out, reg, kabupaten)
        for fut in tqdm(futures, desc="notebook", unit="nb"):
            r = fut.result()
            results.append(r)
            status = "ok" if r.ok else "GAGAL"
            tqdm.write(f"{r.name}: {status} ({r.seconds:.1f} s)")
            if not r.ok:
                tqdm.write(f"  {r.error}")
    status = "ok" if handouts.ok else "GAGAL"
    print(f"bahan forum & ringkasan: {status} ({handouts.seconds:.1f} s)")
    if not handouts.ok:
        print(f"  {handouts.error}")
    source = handouts.source or (  # the analyses' label names the file and its date
        f"register impor {reg.name}" if reg else "register bawaan (skenario ilustrasi)"
    )
    index = _index(out, results, handouts, source, handouts.sources)
    files = (
        [index]
        + [p for _, p in handouts.labelled]
        + [f for r in results for f in r.outputs]
    )
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"→ {index}  ({size / 1e6:.1f} MB)")
    return BuildResult(out, results, files, handouts)
