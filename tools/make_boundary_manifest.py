"""Generate ``data/batas_manifest.csv`` from a clone of the boundary repository.

Run once by a developer when ``[batas] commit`` in ``data/parameter.toml``
changes (never at test time)::

    git clone https://github.com/cahyadsn/wilayah_boundaries /tmp/wb
    .venv/bin/python tools/make_boundary_manifest.py /tmp/wb
    .venv/bin/python tools/make_boundary_manifest.py /tmp/wb --check  # slow

The manifest lists every file of the pinned commit as stored in git (the bytes
``raw.githubusercontent.com/<repo>/<commit>/<path>`` serves): ``path``,
``sha256``, ``bytes`` and ``commit``. ``--check`` also reads every desa file of
the commit and runs :func:`kdkmp_analysis.region.boundaries.check_boundary_content`
on it, printing the measured shares behind the limits of ``[batas.periksa]``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import subprocess
import sys
from pathlib import Path

from kdkmp_analysis import params, region
from kdkmp_analysis.region import boundaries

FIELDS = ["path", "sha256", "bytes", "commit"]


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(git_dir), *args], check=True, capture_output=True
    ).stdout


def tree(git_dir: Path, commit: str) -> list[tuple[str, str]]:
    """(path, blob id) of every file of ``commit``."""
    out = _git(git_dir, "ls-tree", "-r", "-z", commit).decode("utf-8")
    rows = []
    for entry in filter(None, out.split("\0")):
        meta, path = entry.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind == "blob":
            rows.append((path, blob))
    return sorted(rows)


def manifest_rows(git_dir: Path, commit: str) -> list[dict[str, str]]:
    """One manifest row per file of ``commit`` (content read from git)."""
    rows = []
    for path, blob in tree(git_dir, commit):
        data = _git(git_dir, "cat-file", "blob", blob)
        if data.startswith(b"version https://git-lfs"):
            sys.exit(f"{path} is a Git LFS pointer; fetch the real file first")
        rows.append(
            {
                "path": path,
                "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": str(len(data)),
                "commit": commit,
            }
        )
    return rows


def check_all(git_dir: Path, commit: str) -> int:
    """Run the content check on every pinned desa file; print the shares."""
    failures = 0
    worst_codes, worst_points = (2.0, ""), (2.0, "")
    pattern = params.load()["batas"]["pola_desa"]
    for code in sorted(region.kabupaten_names()):
        kab = region.as_kabupaten(code)
        path = pattern.format(prov=kab.province_code, kab=kab.code)
        try:
            text = _git(git_dir, "show", f"{commit}:{path}").decode("utf-8")
        except subprocess.CalledProcessError:
            print(f"{code}: no desa file upstream")
            continue
        try:
            parsed = boundaries.parse_boundary_sql(text, name=Path(path).name)
            shares = boundaries.check_boundary_content(
                parsed, kab, name=Path(path).name
            )
        except boundaries.BoundaryError as exc:
            failures += 1
            print(f"{code}: REFUSED {exc}")
            continue
        worst_codes = min(worst_codes, (shares["porsi_kode"], code))
        worst_points = min(worst_points, (shares["porsi_titik"], code))
    print(f"lowest share of official desa codes in a file: {worst_codes}")
    print(f"lowest share of matched centres inside + tolerance: {worst_points}")
    print(f"files refused: {failures}")
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir", type=Path, help="a clone of cahyadsn/wilayah_boundaries")
    ap.add_argument("--out", type=Path, default=boundaries.manifest_file())
    ap.add_argument("--check", action="store_true", help="content-check every file")
    args = ap.parse_args(argv)
    commit = params.load()["batas"]["commit"]
    _git(args.git_dir, "cat-file", "-e", f"{commit}^{{commit}}")
    rows = manifest_rows(args.git_dir, commit)
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    kel = sum(r["path"].startswith("db/kel/") for r in rows)
    print(f"{args.out}: {len(rows)} files of {commit[:7]}, {kel} desa files")
    return check_all(args.git_dir, commit) if args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
