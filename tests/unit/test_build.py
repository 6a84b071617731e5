"""Build steps that need no notebook run."""

from __future__ import annotations

import nbformat

from kdkmp_analysis import build


def test_warnings_on_planner_pages_keep_the_message_not_the_path():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    text = (
        "/home/u/kdkmp_analysis/region/boundaries.py:380: BoundaryFallbackWarning: "
        "Batas desa tidak tersedia: memakai batas PERKIRAAN.\n"
        "  return bnd.load_desa_polygons(kab, boundaries)\n"
        "baris lain\n"
    )
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=text)]
    nb.cells.append(cell)
    build._plain_warnings(nb)
    out = nb.cells[0].outputs[0]["text"]
    assert out == (
        "Peringatan: Batas desa tidak tersedia: memakai batas PERKIRAAN.\nbaris lain\n"
    )
    assert "/home/u" not in out and ".py" not in out
