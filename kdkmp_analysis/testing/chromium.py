"""Open an HTML page in headless Chromium and return its DOM and console errors.

Used by the real-browser map tests, the build tests (a rendered notebook must
draw its maps offline) and the map benchmark. Chromium runs with a fresh profile, no background
networking and — by default — every host name resolving to nothing, so a page
that still needs the internet fails here exactly as it would in a hall
without a connection.

How errors are caught: a small probe script is injected at the top of a
temporary copy of the page (and of every ``<iframe srcdoc>`` in it). It
records ``window.onerror``, failed ``<script>``/``<link>``/``<img>`` loads,
unhandled promise rejections, ``console.error`` and ``alert()`` calls, and at
``load`` copies the DOM of each same-origin frame into ``<template
class="kdkmp-frame">`` elements of the top document, so that
``--dump-dom`` returns the maps drawn inside notebook frames too. Chromium's
own console log (``--enable-logging=stderr``) is parsed as a second source.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "BrowserError",
    "BrowserNotFound",
    "RenderResult",
    "count_elements",
    "find_chromium",
    "render_dom",
    "render_page",
]

#: Executable names tried in order (``$KDKMP_CHROMIUM`` first).
CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)

#: Flags of every run (see the module docstring).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--window-size=1280,900",
    "--enable-logging=stderr",
    "--v=0",
)
#: Added when ``offline=True``: no name resolves, no proxy is used.
OFFLINE_FLAGS = ("--host-resolver-rules=MAP * ~NOTFOUND", "--no-proxy-server")

_ATTR = "data-kdkmp-errors"
_PROBE = (
    "<script>(function(){var E=[];var R=document.documentElement;"
    "function rec(m){E.push(String(m).slice(0,500));"
    "R.setAttribute('" + _ATTR + "',JSON.stringify(E));}"
    "window.addEventListener('error',function(e){var t=e.target;"
    "if(t&&t!==window&&(t.src||t.href)){rec('gagal memuat: '+(t.src||t.href));}"
    "else{rec((e.message||'error')+(e.filename?' @'+e.filename+':'+e.lineno:''));}"
    "},true);"
    "window.addEventListener('unhandledrejection',function(e){"
    "rec('unhandled rejection: '+(e.reason&&e.reason.message||e.reason));});"
    "var ce=console.error;console.error=function(){"
    "rec(Array.prototype.map.call(arguments,String).join(' '));"
    "return ce.apply(console,arguments);};"
    "window.alert=function(m){rec('alert(): '+m);};"
    "R.setAttribute('" + _ATTR + "','[]');"
    "window.addEventListener('load',function(){"
    "R.setAttribute('data-kdkmp-load-ms',String(Math.round(performance.now())));"
    "});})();</script>"
)
_COLLECT = (
    "<script>window.addEventListener('load',function(){"
    "var all=[];function walk(doc,depth){if(depth>3){return;}"
    "var fs=doc.querySelectorAll('iframe');for(var i=0;i<fs.length;i++){var d;"
    "try{d=fs[i].contentDocument;}catch(e){all.push('bingkai tidak terbaca: '+e);"
    "continue;}if(!d||!d.documentElement){continue;}"
    "var r=d.documentElement.getAttribute('" + _ATTR + "');"
    "if(r){try{all=all.concat(JSON.parse(r));}catch(e){}}"
    "var t=document.createElement('template');t.className='kdkmp-frame';"
    "t.innerHTML=d.documentElement.outerHTML;document.body.appendChild(t);"
    "walk(d,depth+1);}}"
    "walk(document,0);"
    "if(all.length){var R=document.documentElement;"
    "var own=JSON.parse(R.getAttribute('" + _ATTR + "')||'[]');"
    "R.setAttribute('" + _ATTR + "',JSON.stringify(own.concat(all)));}"
    "%SCRIPT%});</script>"
)
_CONSOLE = re.compile(
    r":(?:INFO|WARNING|ERROR):CONSOLE[:(]\d+\)?\]\s*\"(.*)\", source: (.*)$"
)
_CONSOLE_ERROR = re.compile(
    r"Uncaught|Error|Failed to load|Refused to|net::ERR_|is not defined|alert\(",
    re.I,
)


class BrowserError(KdkmpError, RuntimeError):
    """Chromium could not render the page (crash, timeout)."""


class BrowserNotFound(BrowserError):
    """No Chromium/Chrome executable was found."""


@dataclass
class RenderResult:
    """What a headless render returned.

    Attributes
    ----------
    dom : str
        Serialized DOM after ``load`` (plus ``<template class="kdkmp-frame">``
        copies of frame DOMs).
    errors : list of str
        Console errors, uncaught exceptions, failed loads, alerts.
    seconds : float
        Wall time of the browser run (start-up included).
    load_ms : float or None
        Time from navigation start to the ``load`` event, inside the page.
    """

    dom: str
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    load_ms: float | None = None


def find_chromium() -> str | None:
    """Path of a Chromium-family browser, or None.

    ``$KDKMP_CHROMIUM`` wins when it names an executable; then
    :data:`CANDIDATES` are looked up on ``PATH``.
    """
    env = os.environ.get("KDKMP_CHROMIUM")
    if env and (shutil.which(env) or Path(env).is_file()):
        return shutil.which(env) or env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _inject(page: str, script: str | None) -> str:
    """Probe at the top of the page and of each srcdoc frame; collector at end."""

    def into_head(doc: str) -> str:
        m = re.search(r"<head[^>]*>", doc, re.I)
        if m:
            return doc[: m.end()] + _PROBE + doc[m.end() :]
        m = re.search(r"<html[^>]*>", doc, re.I)
        if m:
            return doc[: m.end()] + _PROBE + doc[m.end() :]
        return _PROBE + doc

    def frame(m: re.Match) -> str:
        inner = html.unescape(m.group(2))
        return f'srcdoc="{html.escape(into_head(inner), quote=True)}"'

    page = re.sub(r"""srcdoc=(["'])(.*?)\1""", frame, page, flags=re.S)
    page = into_head(page)
    collect = _COLLECT.replace("%SCRIPT%", script or "")
    idx = page.lower().rfind("</body>")
    if idx < 0:
        return page + collect
    return page[:idx] + collect + page[idx:]


def render_page(
    html_path: str | Path,
    timeout: float = 60.0,
    *,
    script: str | None = None,
    offline: bool = True,
    budget_ms: int = 3000,
    browser: str | None = None,
) -> RenderResult:
    """Render a local HTML file in headless Chromium.

    Parameters
    ----------
    html_path : str or Path
        The page. A probed copy is written next to it (same directory, so
        relative references behave as in the original) and removed after.
    timeout : float
        Seconds before the browser is killed (:class:`BrowserError`).
    script : str, optional
        JavaScript run at ``load`` before the DOM is captured (e.g. open a
        popup or type into the search box).
    offline : bool
        Make every host name unresolvable (no internet for the page).
    budget_ms : int
        Virtual time the page may use for timers before the DOM is dumped.
    browser : str, optional
        Browser executable (default :func:`find_chromium`).

    Returns
    -------
    RenderResult

    Raises
    ------
    BrowserNotFound
        When no browser is installed.
    BrowserError
        On timeout or when the browser prints no DOM.
    """
    exe = browser or find_chromium()
    if exe is None:
        raise BrowserNotFound(
            "Chromium tidak ditemukan (pasang paket 'chromium' atau isi KDKMP_CHROMIUM)"
        )
    src = Path(html_path).resolve()
    page = src.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="kdkmp-chromium-") as profile:
        try:
            fd, probe_name = tempfile.mkstemp(
                prefix=".kdkmp-probe-", suffix=".html", dir=src.parent
            )
        except OSError:  # read-only directory: relative references then fail
            fd, probe_name = tempfile.mkstemp(
                prefix="kdkmp-probe-", suffix=".html", dir=profile
            )
        probe = Path(probe_name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(_inject(page, script))
            cmd = [
                exe,
                *FLAGS,
                *(OFFLINE_FLAGS if offline else ()),
                f"--user-data-dir={profile}",
                *([f"--virtual-time-budget={int(budget_ms)}"] if budget_ms > 0 else []),
                "--dump-dom",
                probe.as_uri(),
            ]
            start = time.perf_counter()
            proc = subprocess.Popen(
                cmd,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                start_new_session=True,
            )
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                # the browser (not yet reaped, so its id is still its own) and
                # the helpers it started in its session
                _kill_group(proc)
                raise BrowserError(
                    f"Chromium tidak selesai dalam {timeout:g} detik: {src}"
                ) from exc
            seconds = time.perf_counter() - start
        finally:
            probe.unlink(missing_ok=True)
    dom = stdout
    if not dom.strip():
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        raise BrowserError(
            f"Chromium tidak menghasilkan DOM (kode {proc.returncode}) untuk {src}:\n"
            f"{tail}"
        )
    errors = _page_errors(dom, stderr)
    load = re.search(r'data-kdkmp-load-ms="(\d+)"', dom)
    return RenderResult(
        dom=dom,
        errors=errors,
        seconds=seconds,
        load_ms=float(load.group(1)) if load else None,
    )


def _page_errors(dom: str, stderr: str) -> list[str]:
    """What the probe recorded in the DOM, plus console errors Chromium logged."""
    errors: list[str] = []
    m = re.search(_ATTR + r'="([^"]*)"', dom)
    if m:
        try:
            errors += [str(e) for e in json.loads(html.unescape(m.group(1)))]
        except json.JSONDecodeError:
            errors.append(f"probe: {m.group(1)[:200]}")
    else:
        errors.append("probe: halaman tidak menjalankan skrip pemeriksa")
    for line in stderr.splitlines():
        c = _CONSOLE.search(line)
        if c and _CONSOLE_ERROR.search(c.group(1)):
            msg = f"console: {c.group(1)} ({c.group(2)})"
            if not any(c.group(1)[:80] in e for e in errors):
                errors.append(msg)
    return errors


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the process group this module started for one browser run."""
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
        proc.communicate(timeout=5)


def render_dom(html_path: str | Path, timeout: float = 60.0) -> tuple[str, list[str]]:
    """Render a page offline in headless Chromium: ``(dom_text, console_errors)``.

    Parameters
    ----------
    html_path : str or Path
        A local HTML file (a saved map, a rendered notebook…).
    timeout : float
        Seconds before giving up.

    Returns
    -------
    (str, list of str)
        The DOM after load (frame DOMs appended as ``<template
        class="kdkmp-frame">``) and every console error seen.

    Raises
    ------
    BrowserNotFound, BrowserError
        See :func:`render_page`.
    """
    r = render_page(html_path, timeout)
    return r.dom, r.errors


def count_elements(dom: str, css_class: str, tag: str | None = None) -> int:
    """Count elements whose ``class`` attribute contains ``css_class``.

    Parameters
    ----------
    dom : str
        Serialized DOM from :func:`render_dom`.
    css_class : str
        One class name, e.g. ``"kdkmp-koperasi"`` (a cooperative marker) or
        ``"kdkmp-desa"`` (a desa polygon).
    tag : str, optional
        Only elements of this tag (e.g. ``"path"``).

    Returns
    -------
    int
    """
    t = re.escape(tag) if tag else r"[a-zA-Z][\w-]*"
    pattern = re.compile(
        r"<"
        + t
        + r"\b[^>]*\bclass=\"(?:[^\"]*\s)?"
        + re.escape(css_class)
        + r"(?:\s[^\"]*)?\""
    )
    return len(pattern.findall(dom))
