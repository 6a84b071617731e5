"""The ``kdkmp`` command (also ``python -m kdkmp_analysis``).

Each subcommand is one ``_cmd_<name>`` function registered in :data:`_COMMANDS`
with an ``_args_<name>`` function for its arguments. Heavy modules are
imported inside the command, so ``kdkmp --help`` stays fast.

A user's mistake (:class:`~kdkmp_analysis.errors.KdkmpError`, a missing file)
prints one ``Galat:`` line and exits with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kdkmp_analysis import __version__
from kdkmp_analysis.config import DEFAULT_KABUPATEN
from kdkmp_analysis.errors import KdkmpError

__all__ = ["main"]


def _kab_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--kabupaten",
        default=DEFAULT_KABUPATEN,
        help="Kemendagri code of the kabupaten/kota (default: %(default)s)",
    )


# --- info -------------------------------------------------------------------
def _args_info(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)


def _cmd_info(args: argparse.Namespace) -> int:
    from kdkmp_analysis import region

    kab = region.resolve_kabupaten(args.kabupaten)
    kec = region.load_kecamatan(kab.code)
    print(f"{kab.name} ({kab.code}), {kab.province_name}")
    print(
        f"  {len(kec)} kecamatan, {int(kec['jumlah_total'].sum())} desa/kelurahan "
        f"({int(kec['jumlah_desa'].sum())} desa + "
        f"{int(kec['jumlah_kelurahan'].sum())} kelurahan)"
    )
    if kab.population:
        print(f"  penduduk {kab.population:,} jiwa; luas {kab.area_km2:,} km²")
    print(f"  sumber: {region.source_names()}; {region.source_points()}")
    print(kec[["kode_kecamatan", "nama_kecamatan", "jumlah_desa", "jumlah_kelurahan"]]
          .to_string(index=False))
    return 0


# --- region -----------------------------------------------------------------
def _args_region(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)
    p.add_argument("--out", type=Path, required=True, help="output directory")
    p.add_argument("--boundaries", type=Path, default=None,
                   help="boundary SQL file or directory (else KDKMP_DATA_DIR, "
                   "cache, download, approximate)")


def _cmd_region(args: argparse.Namespace) -> int:
    from kdkmp_analysis import boundaries, region

    kab = region.resolve_kabupaten(args.kabupaten)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    desa = boundaries.load_desa_polygons(kab.code, args.boundaries)
    kec = boundaries.kecamatan_polygons(desa)
    slug = kab.code.replace(".", "")
    desa.drop(columns="geometry").to_csv(out / f"desa_{slug}.csv", index=False)
    desa.to_file(out / f"desa_{slug}.geojson", driver="GeoJSON")
    kec.to_file(out / f"kecamatan_{slug}.geojson", driver="GeoJSON")
    print(f"{len(desa)} desa, {len(kec)} kecamatan → {out}")
    print(f"  batas: {desa.attrs['sumber_batas']}")
    return 0


# --- register ---------------------------------------------------------------
def _args_register(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)
    p.add_argument("--out", type=Path, required=True, help="register CSV to write")
    p.add_argument("--seed", type=int, default=None, help="scenario seed")


def _cmd_register(args: argparse.Namespace) -> int:
    from kdkmp_analysis import register

    reg = register.default_register(args.kabupaten, args.seed)
    register.write_register(reg, args.out)
    print(f"{len(reg)} koperasi → {args.out}")
    print(f"  {reg.attrs['sumber']}")
    return 0


# --- build ------------------------------------------------------------------
def _args_build(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("build"),
                   help="output directory (default: %(default)s)")
    p.add_argument("--register", type=Path, default=None,
                   help="register CSV to use instead of the embedded default")
    p.add_argument("--notebooks", type=Path, default=None,
                   help="notebook directory (default: the project's notebooks/)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks run in parallel")


def _cmd_build(args: argparse.Namespace) -> int:
    from kdkmp_analysis import build

    result = build.build(
        out=args.out, register=args.register, notebooks=args.notebooks,
        jobs=args.jobs,
    )
    return 0 if result.ok else 1


_COMMANDS: dict[str, tuple[Callable, Callable, str]] = {
    "info": (_args_info, _cmd_info, "summary of a kabupaten's official register"),
    "region": (_args_region, _cmd_region, "write desa/kecamatan tables and polygons"),
    "register": (_args_register, _cmd_register, "write the default (ilustrasi) register"),
    "build": (_args_build, _cmd_build, "execute and render notebooks, maps, reports"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kdkmp",
        description="Planning toolkit for the Koperasi Desa/Kelurahan Merah Putih.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (add_args, _, help_text) in _COMMANDS.items():
        add_args(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kdkmp`` command; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return int(_COMMANDS[args.command][1](args) or 0)
    except (KdkmpError, FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("Dibatalkan.", file=sys.stderr)
        return 130
