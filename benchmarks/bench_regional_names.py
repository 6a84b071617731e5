"""The intake on real SIMKOPDES rows from outside Java (issue 11 §3): prints, asserts nothing.

Run from the project root::

    KDKMP_OFFLINE=1 .venv/bin/python benchmarks/bench_regional_names.py \
        /tmp/kopdes_real/*.csv [--nasional PATH] [--kabupaten 13.04 ...]

Each argument is a CSV in the layout of ``kopdes_locations.csv`` of the
public repository ``danylaksono/kopdes-report`` (header
``cooperative_id,name,province,district,subdistrict,latitude,longitude``):
slices cut from it by hand, or the whole national file (``--nasional``, or
``kopdes_locations*.csv`` found in the user cache). The repository states no
licence, so none of its rows are kept in this project: the slices live
outside it.

Rows are grouped by their province and district text, the district resolved
to its Kemendagri code (:func:`intake.matching.resolve_districts`), and each
kabupaten taken through :func:`intake.import_simkopdes` without the polygon
checks. Printed per kabupaten: rows, exact, fuzzy, ambiguous, conflict,
unmatched, rows flagged as a duplicate registration, and the official desa
with no row in the file (and those not in the register for another reason).

Works against older versions of the package too (columns it lacks print as
``-``), so that the same script measures before and after a change::

    git worktree add /tmp/wt_before HEAD
    PYTHONPATH=/tmp/wt_before .venv/bin/python benchmarks/bench_regional_names.py …
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from kdkmp_analysis import config, intake
from kdkmp_analysis.intake import matching

_COLUMNS = (
    "baris",
    "tepat",
    "mirip",
    "ambigu",
    "konflik",
    "tidak_cocok",
    "duplikat",
    "desa_tanpa_baris",
    "desa_tidak_masuk",
)


def _files(paths: list[Path], national: Path | None) -> list[Path]:
    out = list(paths)
    if national is not None:
        out.append(national)
    elif not out:
        out += sorted((config.cache_dir()).rglob("kopdes_locations*.csv"))
    return out


def _kabupaten_groups(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Rows per Kemendagri kabupaten code (rows of an unknown district skipped)."""
    pairs = df[["province", "district"]].drop_duplicates()
    codes = matching.resolve_districts(pairs["district"], pairs["province"])
    lookup = {
        (p, d): c
        for p, d, c in zip(pairs["province"], pairs["district"], codes, strict=True)
    }
    code = pd.Series(
        [lookup[(p, d)] for p, d in zip(df["province"], df["district"], strict=True)],
        index=df.index,
    )
    unknown = code.isna()
    if unknown.any():
        print(f"  {int(unknown.sum())} baris dengan kabupaten tidak dikenal dilewati")
    return {str(k): g for k, g in df[~unknown].groupby(code[~unknown])}


def measure(rows: pd.DataFrame, code: str) -> dict[str, object]:
    """The intake's figures for one kabupaten's rows."""
    res = intake.import_simkopdes(rows, kabupaten=code, boundaries=False)
    rep = res.report
    st = rep["status_cocok"].value_counts()
    missing = res.missing
    no_row = int((missing["alasan"] == "tidak ada baris di berkas").sum())
    dup = int(rep["duplikat"].astype(bool).sum()) if "duplikat" in rep.columns else "-"
    return {
        "kabupaten": f"{res.kabupaten.label}",
        "baris": len(rep),
        "tepat": int(st.get("exact", 0)),
        "mirip": int(st.get("fuzzy", 0)),
        "ambigu": int(st.get("ambiguous", 0)),
        "konflik": int(st.get("conflict", 0)),
        "tidak_cocok": int(st.get("unmatched", 0)),
        "duplikat": dup,
        "desa_tanpa_baris": no_row,
        "desa_tidak_masuk": len(missing) - no_row,
    }


def main(argv: list[str] | None = None) -> None:
    """Print the figures of every kabupaten in the given files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--nasional", type=Path, default=None)
    ap.add_argument("--kabupaten", nargs="*", default=None)
    ap.add_argument("--detail", action="store_true", help="print rows not exact")
    args = ap.parse_args(argv)
    files = _files(args.files, args.nasional)
    if not files:
        raise SystemExit("tidak ada berkas (beri CSV atau --nasional)")
    table = []
    for path in files:
        df = intake.read_locations(path)
        print(f"{path.name}: {len(df)} baris")
        for code, rows in _kabupaten_groups(df).items():
            if args.kabupaten and code not in args.kabupaten:
                continue
            t = time.perf_counter()
            row = measure(rows.reset_index(drop=True), code)
            row["detik"] = round(time.perf_counter() - t, 2)
            table.append(row)
            if args.detail:
                _detail(rows.reset_index(drop=True), code)
    out = pd.DataFrame(table)
    if not out.empty:
        total = {c: out[c].sum() for c in _COLUMNS if out[c].dtype != object}
        out = pd.concat(
            [out, pd.DataFrame([{"kabupaten": "JUMLAH", **total}])], ignore_index=True
        )
    print(out.astype(object).fillna("-").to_string(index=False))


def _detail(rows: pd.DataFrame, code: str) -> None:
    res = intake.import_simkopdes(rows, kabupaten=code, boundaries=False)
    rep = res.report
    cols = [
        c
        for c in (
            "cooperative_id",
            "nama_input",
            "status_cocok",
            "nama_desa",
            "kandidat",
        )
        if c in rep.columns
    ]
    odd = rep[rep["status_cocok"] != "exact"][cols]
    if len(odd):
        print(odd.to_string(index=False, max_colwidth=70))


if __name__ == "__main__":
    main()
