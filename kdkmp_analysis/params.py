"""Programme catalogue and model parameters, read from ``data/parameter.toml``.

Every number the analyses use lives in that one file with its source and date;
code never inlines one. :func:`value` returns a number, :func:`cite` the
human-readable citation of where it comes from.

Examples
--------
>>> from kdkmp_analysis import params
>>> params.value("bulog.batas_beras_per_mitra_t_minggu")
2.0
>>> params.is_estimate("kalibrasi.porsi_gerai_beroperasi")
True
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from kdkmp_analysis.config import data_dir
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "ParameterError",
    "cite",
    "cite_id",
    "entry",
    "for_kabupaten",
    "is_estimate",
    "load",
    "parameter_file",
    "source",
    "source_title",
    "value",
]


class ParameterError(KdkmpError, KeyError):
    """A parameter key that ``data/parameter.toml`` does not define."""

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0])


def parameter_file() -> Path:
    """Path of the parameter file."""
    return data_dir() / "parameter.toml"


@functools.lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def load(path: str | Path | None = None) -> dict[str, Any]:
    """The whole parameter file as nested dicts (cached; do not mutate)."""
    return _load(str(path or parameter_file()))


def entry(key: str, path: str | Path | None = None) -> dict[str, Any]:
    """The table of one parameter, e.g. ``entry("konsumsi.beras")``.

    Raises
    ------
    ParameterError
        When the dotted key is not defined.
    """
    node: Any = load(path)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ParameterError(f"parameter {key!r} tidak ada di {parameter_file()}")
        node = node[part]
    if not isinstance(node, dict):
        raise ParameterError(f"parameter {key!r} bukan tabel parameter")
    return node


def value(key: str, path: str | Path | None = None) -> Any:
    """The ``nilai`` of a parameter."""
    e = entry(key, path)
    if "nilai" not in e:
        raise ParameterError(f"parameter {key!r} tidak punya 'nilai'")
    return e["nilai"]


def source(source_id: str, path: str | Path | None = None) -> dict[str, str]:
    """A source record (``judul``, ``url``, ``tanggal``) by its id."""
    try:
        return dict(load(path)["sumber"][source_id])
    except KeyError as exc:
        raise ParameterError(f"sumber {source_id!r} tidak terdaftar") from exc


def is_estimate(key: str, path: str | Path | None = None) -> bool:
    """True for a parameter that is an assumption (``perkiraan``/``ilustrasi``)."""
    e = entry(key, path)
    return e.get("sumber") == "asumsi" or e.get("status") in {"perkiraan", "ilustrasi"}


def cite(key: str, path: str | Path | None = None) -> str:
    """One-line citation of a parameter: value, unit, source title, date, URL."""
    e = entry(key, path)
    src = source(e.get("sumber", "asumsi"), path)
    label = f" [{e['status']}]" if e.get("status") else ""
    url = f", {src['url']}" if src.get("url") else ""
    return (
        f"{key} = {e.get('nilai')} {e.get('satuan', '')}{label} — "
        f"{src['judul']} ({src.get('tanggal', '?')}{url})"
    )


_STATUS = {
    "perkiraan": "perkiraan",
    "ilustrasi": "ilustrasi, bukan data resmi",
    "asumsi": "asumsi proyek ini",
}


def source_title(source_id: str, path: str | Path | None = None) -> str:
    """A source's title in Indonesian (``judul_id``, else ``judul``).

    Sources whose own title is Indonesian have no ``judul_id``; an English
    source keeps its English ``judul`` and gets an Indonesian ``judul_id``.
    """
    src = source(source_id, path)
    return str(src.get("judul_id") or src.get("judul") or source_id)


def cite_id(key: str, path: str | Path | None = None) -> str:
    """A parameter's citation for a planner page, in Indonesian.

    Value with Indonesian digits and unit, what kind of number it is (when it
    is not a published fact), the source's Indonesian title, its date and
    URL; no parameter key.

    Examples
    --------
    >>> cite_id("bulog.batas_beras_per_mitra_t_minggu")  # doctest: +SKIP
    '2 t/minggu — Perum Bulog: beras SPHP melalui Koperasi … (Sep 2025, https://…)'
    """
    from kdkmp_analysis._format import angka, tanggal

    e = entry(key, path)
    sid = e.get("sumber", "asumsi")
    src = source(sid, path)
    v = e.get("nilai")
    unit = str(e.get("satuan", ""))
    if isinstance(v, bool) or not isinstance(v, int | float):
        shown = str(v)
    else:
        if unit.startswith("fraksi"):  # a share reads as a percentage
            v, unit = v * 100, "%" + unit.removeprefix("fraksi")
        digits = repr(round(float(v), 6)).partition(".")[2].rstrip("0")
        shown = angka(v, 0 if "e" in digits else len(digits))
    status = e.get("status") or ("asumsi" if sid == "asumsi" else "")
    label = f" ({_STATUS.get(status, status)})" if status else ""
    when = tanggal(src.get("tanggal", ""), short=True) or "tanggal tidak tercatat"
    url = f", {src['url']}" if src.get("url") else ""
    unit = f" {unit}" if unit else ""
    return f"{shown}{unit}{label} — {source_title(sid, path)} ({when}{url})"


def for_kabupaten(section: str, code: str) -> dict[str, dict[str, Any]]:
    """The tables of a section that apply to one kabupaten (``berlaku_untuk``).

    Per-kabupaten values are data: a table applies to the kabupaten whose
    Kemendagri code its ``berlaku_untuk`` names (a code or a list of codes).

    Parameters
    ----------
    section : str
        Top-level section, e.g. ``"gudang_bulog"``.
    code : str
        Dotted Kemendagri code (``"35.14"``).

    Returns
    -------
    dict of str to dict
        Table name → table, in file order; empty when none applies.
    """
    out = {}
    for name, table in load().get(section, {}).items():
        scope = table.get("berlaku_untuk") if isinstance(table, dict) else None
        codes = [scope] if isinstance(scope, str) else list(scope or [])
        if code in codes:
            out[name] = table
    return out
