"""Execute the notebooks and render what planners hand out.

``kdkmp build`` (the README's main command) runs every notebook of ``notebooks/``
with papermill (parameters ``kabupaten``, ``register_path``, ``out_dir``, …),
renders each to HTML (planners: no code; analysts: with code) and writes an
``index.html`` linking everything with the date and the data sources.

Output layout (``--out``, default ``build/``)::

    index.html                 links, date, data sources
    notebook/<name>.html       rendered notebooks, code hidden (planners)
    notebook/kode/<name>.html  rendered notebooks with code (analysts)
    maps/                      offline maps (HTML) and static maps (PNG)
    data-yang-masih-kurang.html  which data to fill to unlock which verdicts
    kemajuan.html              progress after the forums (always; register timeline)
    tindak-lanjut.html         open follow-ups per PIC and BUMN (with ``history``)
    ringkasan/index.html       per-kecamatan briefings (one HTML per kecamatan)
    forum/forum_<kab>.xlsx|html  forum workbook (summary + one sheet per BUMN), HTML
    forum/presentasi_forum_<kab>.pptx  the forum deck
    forum/gambar/              the deck's PNG maps and charts

The hand-outs are computed in one process (:mod:`kdkmp_analysis.handouts`) while
the notebooks run; the kabupaten is resolved once (``--kabupaten`` or the register).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kdkmp_analysis import config, documents, region
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.handouts.index import write_index, write_pdfs, write_share_package
from kdkmp_analysis.handouts.progress import read_history
from kdkmp_analysis.region import Kabupaten

if TYPE_CHECKING:
    import pandas as pd

    from kdkmp_analysis.distribution.report import ScenarioOptions

__all__ = [
    "MARKER",
    "BuildResult",
    "NotebookResult",
    "build",
    "notebook_parameters",
]


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


def _resolve(register: Path | None, kabupaten: Kabupaten | str | None) -> Kabupaten:
    """Read the register file once (a bad file stops here) and resolve the kabupaten."""
    if register is None:
        return region.as_kabupaten(kabupaten)
    from kdkmp_analysis.register import read_register

    return region.as_kabupaten(kabupaten, read_register(register))


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


#: A Python warning as the kernel prints it: ``/path/file.py:12: XWarning: text``,
#: followed by the echoed source line.
_WARNING = re.compile(r"^\S+\.py:\d+: (\w*Warning): (.*)$")


def _plain_warnings(nb) -> None:
    """Warnings on stderr keep their message, not the builder's file paths."""
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") != "stream" or output.get("name") != "stderr":
                continue
            lines, keep, skip_echo = output["text"].splitlines(), [], False
            for line in lines:
                m = _WARNING.match(line)
                if m:
                    keep.append(f"Peringatan: {m.group(2)}")
                    skip_echo = True
                elif skip_echo and line.startswith("  "):
                    skip_echo = False  # the source line the warning echoes
                else:
                    skip_echo = False
                    keep.append(line)
            output["text"] = "\n".join(keep) + "\n"


def _render(executed: Path, out: Path) -> list[Path]:
    """Render an executed notebook twice: for planners (no code) and analysts."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    _drop_widget_views(nb)
    _plain_warnings(nb)
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
        documents.write_text(target, _offline(body))
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
    outlets: Path | None = None,
) -> NotebookResult:
    """Execute one notebook in a worker (``kabupaten`` is the resolved code)."""
    import tempfile

    start = time.perf_counter()
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    with _quiet_kernel(), tempfile.TemporaryDirectory(prefix="kdkmp-nb-") as tmp:
        return _execute(
            nb_path,
            Path(tmp) / nb_path.name,
            out,
            (register, outlets),
            kabupaten,
            start,
        )


#: What the Jupyter kernel prints on stderr on every run (not a problem).
_KERNEL_NOISE = re.compile(
    r"\[IPKernelApp\]|KeyboardInterrupt caught|TCP without encryption|"
    r"Debugger warning|frozen modules|PYDEVD_DISABLE_FILE_VALIDATION|Xfrozen_modules|"
    r"^\s*\d+\.\d+s - |^\s*$"
)


@contextlib.contextmanager
def _quiet_kernel():
    """Drop the kernel's routine noise from this worker's stderr.

    The kernel inherits file descriptor 2 of the worker; it is pointed at a
    temporary file while the notebook runs, and what is not routine noise
    (:data:`_KERNEL_NOISE`) is written to the real stderr afterwards.
    """
    import tempfile

    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            log.seek(0)
            text = log.read().decode("utf-8", "replace").splitlines()
            kept = [line for line in text if not _KERNEL_NOISE.search(line)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")


def _execute(
    nb_path: Path,
    executed: Path,
    out: Path,
    inputs: tuple[Path | None, Path | None],
    kabupaten: str,
    start: float,
) -> NotebookResult:
    import papermill as pm

    register, outlets = inputs
    declared = notebook_parameters(nb_path)
    values = {
        "kabupaten": kabupaten,
        "register_path": str(register.resolve()) if register else None,
        "outlet_path": str(outlets.resolve()) if outlets else None,
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
        rendered = _render(executed, out)
        return NotebookResult(
            nb_path.stem, True, time.perf_counter() - start, outputs=rendered
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


@dataclass
class StepResult:
    """Outcome of the hand-outs step (briefings, forum files, deck)."""

    ok: bool
    seconds: float
    labelled: list[tuple[str, Path]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    error: str = ""
    source: str = ""
    #: Which register columns come from where (``handouts.register_columns``).
    register_note: str = ""


def _programme_label(gap_map: Path) -> str:
    """``peta_kesenjangan_bulog_sphp.html`` → the programme's Indonesian name."""
    from kdkmp_analysis import gaps

    p = gaps.programme(gap_map.stem.removeprefix("peta_kesenjangan_"))
    return p.nama


#: The hand-out steps the progress bar counts (besides one per notebook).
HANDOUT_STEPS = (
    "analisis",
    "data yang masih kurang",
    "ringkasan per kecamatan",
    "buku kerja dan daftar forum",
    "presentasi forum",
    "kartu koperasi",
    "kemajuan dan tindak lanjut",
    "PDF",
)
#: Steps after the notebooks: the share package and the index.
FINAL_STEPS = ("paket forum (zip)", "halaman indeks")
#: The active progress callback (set by :func:`_run_all`; tests replace
#: ``_handouts`` with stubs of the same signature, so it is not a parameter).
_progress: list[Callable[[str], None]] = []


def _tick(step: str) -> None:
    """One step done: advance the build's progress bar (when there is one)."""
    for callback in _progress:
        callback(step)


def _handouts(
    out: Path,
    register: Path | None,
    kab: Kabupaten,
    outlets: pd.DataFrame | None = None,
    options: ScenarioOptions | None = None,
    history: pd.DataFrame | None = None,
    earlier: tuple[Path, ...] = (),
) -> StepResult:
    from kdkmp_analysis import handouts

    start, step = time.perf_counter(), HANDOUT_STEPS[0]
    try:
        an = handouts.analyse(register, kab, outlets=outlets, options=options)
        _tick(step)
        labelled: list[tuple[str, Path]] = []
        step = HANDOUT_STEPS[1]
        missing = handouts.write_missing_data_page(an, out)
        _tick(step)
        step = HANDOUT_STEPS[2]
        briefings = handouts.write_briefings(
            an, out / "ringkasan", f"../{handouts.MISSING_DATA_PAGE}", history=history
        )
        labelled.append(
            (f"Ringkasan per kecamatan ({len(briefings) - 1} kecamatan)", briefings[0])
        )
        labelled.append(
            (f"{handouts.MISSING_DATA_TITLE}: apa yang perlu dilengkapi", missing)
        )
        _tick(step)
        step = HANDOUT_STEPS[3]
        workbook, lists, *gap_maps = handouts.write_forum_files(
            an, out / "forum", history
        )
        labelled.append(("Buku kerja forum (Excel, satu lembar per BUMN)", workbook))
        labelled.append(("Daftar calon mitra per BUMN (HTML)", lists))
        labelled += [  # programme labels, never keys
            (f"Peta kesenjangan: {_programme_label(p)}", p) for p in gap_maps
        ]
        _tick(step)
        step = HANDOUT_STEPS[4]
        deck = handouts.write_deck(
            an,
            out / "forum" / f"presentasi_forum_{kab.digits}.pptx",
            out / "forum" / "gambar",
        )
        labelled.append(("Presentasi forum (PowerPoint)", deck))
        for page in [briefings[0], *briefings[1:], lists, missing]:
            _offline(page.read_text(encoding="utf-8"))
        _tick(step)
        step = HANDOUT_STEPS[5]
        from kdkmp_analysis.handouts import cards

        card_index, *card_pages = cards.write_cards(an, out)
        labelled.append(
            (f"Kartu per koperasi ({len(card_pages)} koperasi)", card_index)
        )
        _tick(step)
        step = HANDOUT_STEPS[6]
        after = handouts.write_progress(an, out, history, earlier=earlier)
        labelled += list(zip(handouts.PROGRESS_LABELS, after, strict=False))
        for page in after:
            _offline(page.read_text(encoding="utf-8"))
        _tick(step)
        step = HANDOUT_STEPS[7]
        pdf = [(b, b.parent / "pdf" / f"{b.stem}.pdf") for b in briefings[1:]]
        pdf += [(p, out / "pdf" / f"{p.stem}.pdf") for p in after[1:]]
        write_pdfs([*pdf, (lists, out / "forum" / "pdf" / f"{lists.stem}.pdf")])
        _tick(step)
        return StepResult(
            True,
            time.perf_counter() - start,
            labelled,
            handouts.sources(an),
            source=an.source,
            register_note=handouts.register_columns(an.register),
        )
    except Exception as exc:  # noqa: BLE001 - reported, the build goes on
        log = out / BUILD_LOG
        with contextlib.suppress(OSError):
            log.write_text(traceback.format_exc(), encoding="utf-8")
        return StepResult(
            False,
            time.perf_counter() - start,
            error=f"langkah '{step}' gagal: {type(exc).__name__}: {exc} "
            f"(rincian teknis: {BUILD_LOG} di folder build)",
        )


#: Where a failing hand-out step writes its traceback (inside the build).
BUILD_LOG = "catatan-build.txt"

#: The file that marks a folder as a build's own (not a page, book or image).
MARKER = ".kdkmp-build"
_MARKER_TEXT = (
    "Folder ini dibuat oleh `kdkmp build`; build berikutnya menggantinya "
    "seluruhnya. Jangan simpan berkas lain di sini.\n"
)
#: What a build made before the marker existed: still recognised as its own.
_LEGACY = {"index.html", "notebook", "maps", "ringkasan", "forum"}
_INDEX_HEADING = "Analisis Koperasi Desa/Kelurahan Merah Putih"


def _check_owned(out: Path) -> None:
    """Refuse an output folder that holds something the build did not make."""
    if not out.exists():
        return
    entries = sorted(p.name for p in out.iterdir())
    if not entries or MARKER in entries:
        return
    index = out / "index.html"
    if (
        set(entries) <= _LEGACY
        and index.is_file()
        and _INDEX_HEADING in index.read_text(encoding="utf-8", errors="replace")
    ):
        return  # a build from before the marker
    shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
    raise KdkmpError(
        f"folder {out} berisi berkas yang bukan hasil kdkmp build ({shown}); "
        "build mengganti seluruh isi foldernya: pilih folder kosong atau baru"
    )


def _can_swap(out: Path) -> bool:
    """A fresh sibling folder can be made and renamed over ``out``."""
    return not os.path.ismount(out) and os.access(out.parent, os.W_OK | os.X_OK)


def _workspace(out: Path) -> tuple[Path, bool]:
    """The folder to build into, and whether it is swapped in at the end.

    Normally a fresh hidden sibling of ``out`` (the old build stays whole
    until the new one is complete). When ``out`` cannot be replaced (a mount
    point, a parent that is not writable) the build clears ``out`` itself;
    its index then says *belum selesai* until the build ends.
    """
    if _can_swap(out):
        stage = out.parent / f".{out.name}.sedang-dibuat-{secrets.token_hex(4)}"
        stage.mkdir()
        swap = True
    else:
        out.mkdir(parents=True, exist_ok=True)
        for entry in out.iterdir():  # the build owns it (checked before)
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        stage, swap = out, False
    (stage / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
    documents.write_text(
        stage / "index.html",
        documents.page(
            "KDKMP — build belum selesai",
            "<p>Build sedang berjalan atau terhenti sebelum selesai: berkas di "
            "folder ini tidak lengkap. Jalankan <code>kdkmp build</code> lagi.</p>",
            heading="Build belum selesai",
            note="Hasil belum lengkap: jangan dipakai.",
            note_class="catatan ilustrasi",
        ),
    )
    return stage, swap


def _swap(stage: Path, out: Path) -> None:
    """Put the finished build in place of the old one; the old one is removed."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.lama-{secrets.token_hex(4)}")
        os.replace(out, old)
    try:
        os.replace(stage, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _notebook_finished(bar: Any, fut: Any) -> None:
    """Future callback: report a finished notebook (errors are reported later)."""
    if fut.exception() is None:
        _notebook_done(bar, fut.result())


def _notebook_done(bar: Any, r: NotebookResult) -> None:
    """Say one notebook's outcome above the bar; a failure says where to look."""
    bar.update(1)
    if r.ok:
        bar.write(f"notebook {r.name}: ok ({angka(r.seconds, 1)} dtk)")
        return
    bar.write(f"notebook {r.name}: GAGAL ({angka(r.seconds, 1)} dtk)\n  {r.error}")
    bar.write(f"  lihat sel yang gagal di notebook/kode/{r.name}.html")


def _run_all(
    stage: Path,
    reg: Path | None,
    kab: Kabupaten,
    paths: list[Path],
    jobs: int,
    outlets: tuple[Path, pd.DataFrame] | None = None,
    options: ScenarioOptions | None = None,
    bar=None,
    history: pd.DataFrame | None = None,
    earlier: tuple[Path, ...] = (),
) -> tuple[list[NotebookResult], StepResult]:
    """Execute the notebooks in workers while the hand-outs are computed here."""
    results: list[NotebookResult] = []
    # Notebooks run in worker processes (papermill chdirs, which must not race
    # between threads); the hand-outs are computed here meanwhile.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx) as pool:
        file, layer = outlets if outlets is not None else (None, None)
        futures = [pool.submit(_run_one, p, stage, reg, kab.code, file) for p in paths]
        if bar is not None:
            for fut in futures:
                fut.add_done_callback(lambda f: _notebook_finished(bar, f))
        try:
            extra: dict[str, Any] = {"history": history, "earlier": earlier}
            if history is None and not earlier:  # stubs of _handouts take five
                extra = {}
            handouts = _handouts(stage, reg, kab, layer, options, **extra)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        results = [fut.result() for fut in futures]
    status = "ok" if handouts.ok else "GAGAL"
    say = bar.write if bar is not None else print
    say(f"bahan forum & ringkasan: {status} ({angka(handouts.seconds, 1)} dtk)")
    if not handouts.ok:
        say(f"  {handouts.error}")
    return results, handouts


@contextlib.contextmanager
def _progress_bar(total: int):
    """One bar for the whole build (notebooks and hand-out steps), from the start."""
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc="build", unit="langkah", file=sys.stdout)

    def step(label: str) -> None:
        bar.set_postfix_str(label, refresh=False)
        bar.update(1)

    _progress.append(step)
    try:
        yield bar
    finally:
        _progress.remove(step)
        bar.close()


def _read_outlets(path: Path, kab: Kabupaten) -> tuple[Path, pd.DataFrame]:
    """The outlet file and its layer, read once (``IntakeError`` when unusable)."""
    from kdkmp_analysis import intake

    if not path.is_file():
        raise KdkmpError(f"berkas outlet tidak ditemukan: {path.name}")
    layer, _ = intake.read_outlets(path, kab)
    print(f"Outlet BUMN: {len(layer)} gerai dari {path.name}")
    return path, layer


def _read_history(path: Path) -> pd.DataFrame:
    """The outcome history, read once (a bad file stops the build here)."""
    print(f"Riwayat hasil forum: {angka(len(h := read_history(path)))} baris")
    return h


def _register_label(reg: Path | None, kab: Kabupaten) -> tuple[str, str]:
    """The register's name and column sources when the hand-outs failed."""
    from kdkmp_analysis import handouts, intake

    try:
        loaded = intake.load_register(reg, kab)
    except KdkmpError:
        name = f"register impor {reg.name}" if reg else "register bawaan"
        return name, ""
    return handouts.register_source(reg, loaded), handouts.register_columns(loaded)


def _moved(paths: list[Path], stage: Path, out: Path) -> list[Path]:
    return [out / p.relative_to(stage) for p in paths]


def _relocate(
    out: Path,
    stage: Path,
    results: list[NotebookResult],
    handouts: StepResult,
    index: Path,
) -> list[Path]:
    """Paths of the built files moved from the staging folder to ``out``."""
    for r in results:
        r.outputs = _moved(r.outputs, stage, out)
    handouts.labelled = [
        (label, out / p.relative_to(stage)) for label, p in handouts.labelled
    ]
    return [
        out / index.relative_to(stage),
        *(p for _, p in handouts.labelled),
        *(f for r in results for f in r.outputs),
    ]


def build(
    out: Path | str = "build",
    register: Path | str | None = None,
    notebooks: Path | str | None = None,
    jobs: int = 2,
    kabupaten: Kabupaten | str | None = None,
    outlets: Path | str | None = None,
    scenario_options: ScenarioOptions | None = None,
    history: Path | str | None = None,
    earlier: Sequence[Path | str] = (),
) -> BuildResult:
    """Execute and render every notebook; write the index.

    The build owns its output folder: it is built afresh beside the old one
    and swapped in at the end, so an interruption (Ctrl-C, a full disk)
    leaves the old complete build, never a mix (where ``out`` cannot be
    replaced, e.g. a mount point, its index says *belum selesai* until the
    end). A folder holding files the build did not make is refused; the
    build marks its own with :data:`MARKER`.

    Parameters
    ----------
    out : path
        Output directory (created; replaced as a whole).
    register : path, optional
        Register CSV to use instead of the embedded default.
    notebooks : path, optional
        Notebook directory (default: the checkout's ``notebooks/``).
    jobs : int
        Notebooks executed in parallel.
    kabupaten : Kabupaten or str, optional
        The kabupaten; default: the register file's own (every row carries its
        codes), else 35.14. A code that disagrees with the register is an
        error. Its code is passed to notebooks that declare ``kabupaten``.
    outlets : path, optional
        Existing BUMN outlets (``kdkmp import-outlet`` layer or the BUMN's own
        list): read once here (a bad file stops the build before anything
        runs), then the forum's distances are to the nearest outlet of each
        BUMN and every list says so; passed as ``outlet_path`` to notebooks
        that declare it.
    scenario_options : ScenarioOptions, optional
        The planner's plan scenario and presets
        (:class:`kdkmp_analysis.distribution.report.ScenarioOptions`) for the
        distribution of the briefings and the deck; default: the plan scenario
        :data:`~kdkmp_analysis.distribution.PLAN_KEY` under the kabupaten's
        presets, said as *bawaan*. The notebooks keep their own parameters.
    history : path, optional
        Forum outcome history, read once: adds ``tindak-lanjut.html`` and the
        follow-ups (workbook, briefings, ``kemajuan.html``).
    earlier : sequence of path
        Registers of earlier exports: one point each on ``kemajuan.html``.

    Returns
    -------
    BuildResult
        Per-notebook status; a failing notebook does not stop the others.

    Raises
    ------
    KdkmpError
        An unreadable register or outlet file, an unknown code or a code that
        disagrees with the register, an output folder that is a file, a system folder or holds
        other files (before anything runs).
    """
    # absolute paths: papermill changes the working directory of its process
    out = documents.output_dir(out, create=False)
    _check_owned(out)
    reg = Path(register).resolve() if register else None
    kab = _resolve(reg, kabupaten)
    layer = _read_outlets(Path(outlets).resolve(), kab) if outlets else None
    hist = _read_history(Path(history)) if history else None
    old = tuple(Path(p).resolve() for p in earlier)
    nb_dir = _notebook_dir(Path(notebooks).resolve() if notebooks else None)
    paths = sorted(p for p in nb_dir.glob("[0-9]*.ipynb"))
    if not paths:
        raise KdkmpError(f"tidak ada notebook di {nb_dir}")
    out.parent.mkdir(parents=True, exist_ok=True)
    stage, swap = _workspace(out)
    total = len(paths) + len(HANDOUT_STEPS) + len(FINAL_STEPS)
    print(f"Build {kab.label}: {len(paths)} notebook dan bahan forum")
    try:
        with _progress_bar(total) as bar:
            results, handouts = _run_all(
                stage, reg, kab, paths, jobs, layer, scenario_options, bar, hist, old
            )
            if not handouts.ok:  # the index still names the register's sources
                handouts.source, handouts.register_note = _register_label(reg, kab)
            package = write_share_package(stage, kab.digits)
            _tick(FINAL_STEPS[0])
            index = write_index(
                stage,
                kab,
                [(r.name, r.ok, r.seconds, r.outputs) for r in results],
                handouts.labelled,
                handouts.error if not handouts.ok else "",
                handouts.source,
                handouts.sources,
                handouts.register_note,
                package=package,
            )
            _tick(FINAL_STEPS[1])
        if swap:
            _swap(stage, out)
    except BaseException:
        if swap:
            shutil.rmtree(stage, ignore_errors=True)
        raise
    files = _relocate(out, stage, results, handouts, index)
    if package is not None:
        files.append(out / package.name)
        print(
            f"→ {out / package.name}  "
            f"({angka((out / package.name).stat().st_size / 1e6, 1)} MB)"
        )
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"→ {out / 'index.html'}  ({angka(size / 1e6, 1)} MB)")
    return BuildResult(out, results, files, handouts)
