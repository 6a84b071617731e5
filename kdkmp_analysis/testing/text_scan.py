"""Scan a planner page's visible text for what leaks the machine (issue 14 §1).

A planner page (a briefing, the forum list, a card, a notebook's planner
version, a map, the workbook, the deck) must not show snake_case keys,
Python reprs (``True``/``False``/``NaN``/``None``), English thousands
separators (``1,665,922``), absolute paths of the builder or English phrases.
Text inside ``<script>``, ``<style>``, ``<code>``, ``<pre>`` and
``<template>``, URLs and file names with their extension
(``kopdes_locations_3514.csv``, named by a source line) are not scanned.

>>> violations(visible_text("<p>badan_hukum True</p><code>x_y</code>"))
['snake_case: badan_hukum', 'repr: True']
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = [
    "ANALYST_FOLDERS",
    "ENGLISH",
    "planner_pages",
    "scan_build",
    "visible_text",
    "violations",
]

SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b")
REPR = re.compile(r"\b(?:True|False|NaN|None|nan)\b")
#: ``1,665,922`` or ``Rp11,000``; not ``0,644`` or ``1,090`` (Indonesian decimals).
THOUSANDS_EN = re.compile(
    r"(?<![\d.,])(?:[1-9]\d{0,2}(?:,\d{3}){2,}|(?<=Rp)[1-9]\d{0,2}(?:,\d{3})+)(?![\d,])"
)
ABS_PATH = re.compile(r"(?:^|[\s(\"'=:])(?:/home|/tmp|/work|/usr|/root|[A-Z]:\\)")
URL = re.compile(r"\b(?:https?|file)://\S+|\bwww\.\S+")
#: A file name with its extension (``kopdes_locations_3514.csv``): a source
#: line names the file it read, which is not a key.
FILE = re.compile(
    r"(?<![\w/])[\w.-]+(?:/[\w.-]+)*\."
    r"(?:csv|xlsx|xls|toml|sql|json|geojson|zip|pptx|html|pdf|md)\b"
)
#: English words a planner page must not say (whole words, case-insensitive).
ENGLISH = (
    "source",
    "sources",
    "not found",
    "illustrative",
    "estimate",
    "unknown",
    "missing",
    "warning",
    "error",
    "traceback",
    "default",
    "greedy",
    "solver",
    "mapclassify",
    "naturalbreaks",
    "dataframe",
)
ENGLISH_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, ENGLISH)) + r")\b", re.I)


class _Visible(HTMLParser):
    """Collect text a reader sees: not scripts, styles, code or templates."""

    HIDDEN = {"script", "style", "code", "pre", "template", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(page: str) -> str:
    """The visible text of an HTML page, one line per text node."""
    parser = _Visible()
    parser.feed(page)
    return "\n".join(parser.parts)


def violations(text: str, limit: int = 12) -> list[str]:
    """What the scan finds in a text (at most ``limit`` distinct hits per kind)."""
    text = FILE.sub(" ", URL.sub(" ", text))
    found = []
    for kind, rx in (
        ("snake_case", SNAKE),
        ("repr", REPR),
        ("ribuan Inggris", THOUSANDS_EN),
        ("path", ABS_PATH),
        ("Inggris", ENGLISH_RE),
    ):
        hits = sorted({m.group(0).strip() for m in rx.finditer(text)})
        found += [f"{kind}: {h}" for h in hits[:limit]]
    return found


#: Folders of a build whose pages are not for planners: the analysts' version
#: of the notebooks (code shown) and the sample import's own reports.
ANALYST_FOLDERS = ("notebook/kode/", "maps/impor-")


def planner_pages(out) -> list[str]:
    """Every planner page of a build folder (relative paths, sorted)."""
    from pathlib import Path

    root = Path(out)
    pages = (p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    return sorted(p for p in pages if not p.startswith(ANALYST_FOLDERS))


def scan_build(out) -> dict[str, list[str]]:
    """What the scan finds on each planner page of a build (clean pages left out)."""
    from pathlib import Path

    report = {}
    for page in planner_pages(out):
        text = visible_text((Path(out) / page).read_text(encoding="utf-8"))
        if found := violations(text):
            report[page] = found
    return report
