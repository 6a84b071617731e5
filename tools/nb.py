"""Tiny helper for writing notebooks from a list of (kind, source) cells.

Used by developers to (re)generate notebooks; the .ipynb files are the source
of truth that is committed (without outputs).
"""

from __future__ import annotations

import sys

import nbformat


def write(path: str, cells: list[tuple[str, str]]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, src in cells:
        src = src.strip("\n")
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(src))
        elif kind == "params":
            c = nbformat.v4.new_code_cell(src)
            c.metadata["tags"] = ["parameters"]
            nb.cells.append(c)
        else:
            nb.cells.append(nbformat.v4.new_code_cell(src))
    for i, c in enumerate(nb.cells):
        c["id"] = f"c{i:02d}"
    nbformat.write(nb, path)
    print(f"wrote {path}", file=sys.stderr)
