"""The fixed geography of one register: desa demand points, partners, warehouses.

:func:`prepare` builds a :class:`Network` once — desa with their population
and centroid, cooperatives with a point (the possible partners) and their
Bulog readiness, the Bulog warehouses and weekly allocation of the
kabupaten, and the great-circle distances between them. Every scenario runs
on it.

Per-kabupaten values are data: the warehouses (``[gudang_bulog]``) and the
weekly allocations (``[distribusi] alokasi_*``) apply to the kabupaten codes
in their ``berlaku_untuk`` field. A kabupaten without them still gets a
network (its siting works), labelled with :attr:`Network.problem`: every
scenario of it is then *not evaluated*, with that reason, until a table is
added there or passed to :func:`prepare`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params, provenance, region
from kdkmp_analysis.distribution.commodity import COMMODITIES, DistributionError
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.region import distance

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "storage_t",
    "WAREHOUSE_COLUMNS",
    "Network",
    "bulog_ready",
    "prepare",
    "trucks",
    "warehouses",
    "weekly_allocation",
    "allocation_bands",
]

#: Columns of a warehouse table (:func:`warehouses`, ``prepare(warehouse=)``).
WAREHOUSE_COLUMNS = ("gudang", "nama", "lat", "lon", "porsi_alokasi", "status_titik")

#: ``[distribusi]`` keys of the weekly allocation per commodity. Another
#: kabupaten adds its own entry under a key that starts with the same name
#: (e.g. ``alokasi_beras_t_minggu_3513``) with ``berlaku_untuk = ["35.13"]``.
ALLOCATION_KEYS = {
    "beras": "alokasi_beras_t_minggu",
    "minyak_goreng": "alokasi_minyak_kl_minggu",
    "gula": "alokasi_gula_t_minggu",
}


# ---------------------------------------------------------------------------
# Readiness
# ---------------------------------------------------------------------------
def bulog_ready(register: pd.DataFrame) -> pd.Series:
    """Readiness of each cooperative to partner with Bulog (SPHP).

    The verdict of the programme catalogue
    (:func:`kdkmp_analysis.gaps.readiness`, programme ``bulog_sphp``) when
    the register can be assessed there; otherwise this module's own rule,
    the same requirements: a legal entity (``badan_hukum``) holding an
    ``nib`` and an ``npwp`` (Bulog asks for akta, NIB, NPWP and the board's
    KTP, which no register column holds).

    Parameters
    ----------
    register : pandas.DataFrame
        A register following :data:`kdkmp_analysis.register.SCHEMA`.

    Returns
    -------
    pandas.Series
        Nullable boolean: ``True`` ready, ``False`` a paper is missing,
        ``<NA>`` not assessable (a status is unknown and none is missing).
        Partner selection treats ``<NA>`` as not ready.
    """
    try:
        from kdkmp_analysis import gaps

        verdict = gaps.readiness(register, ["bulog_sphp"])["kesiapan"].to_numpy()
    except (ImportError, KdkmpError, KeyError):
        verdict = None
    if verdict is not None and len(verdict) == len(register):
        vals = [
            True if v == gaps.SIAP else False if v == gaps.BELUM_SIAP else pd.NA
            for v in verdict
        ]
        out = pd.Series(pd.array(vals, dtype="boolean"), index=register.index)
    else:
        out = pd.Series(True, index=register.index, dtype="boolean")
        for c in ("badan_hukum", "nib", "npwp"):
            s = (
                register[c].astype("boolean")
                if c in register
                else pd.Series(pd.NA, index=register.index, dtype="boolean")
            )
            out = out & s  # Kleene logic: False wins, else NA, else True
    out.name = "siap_bulog"
    return out


# ---------------------------------------------------------------------------
# Per-kabupaten parameters: warehouses, weekly allocation; trucks
# ---------------------------------------------------------------------------
def _applies(entry: dict[str, Any], kab: region.Kabupaten) -> bool:
    """Whether a parameter entry's ``berlaku_untuk`` names this kabupaten."""
    codes = entry.get("berlaku_untuk", [])
    if isinstance(codes, str):
        codes = [codes]
    return kab.code in {str(c) for c in codes}


def warehouses(kabupaten: region.Kabupaten | str | None = None) -> pd.DataFrame:
    """The Bulog warehouses serving a kabupaten, from ``[gudang_bulog]``.

    Parameters
    ----------
    kabupaten : Kabupaten or str, optional
        The kabupaten or its code (default ``35.14``).

    Returns
    -------
    pandas.DataFrame
        ``gudang`` (key), ``nama``, ``lat``, ``lon``, ``porsi_alokasi``,
        ``status_titik`` (``perkiraan``: approximate points, not the real
        warehouse addresses).

    Raises
    ------
    DistributionError
        When the parameter file has no warehouse for this kabupaten: pass
        your own table to :func:`prepare` (``warehouse=``).
    """
    kab = region.as_kabupaten(kabupaten)
    table = params.load().get("gudang_bulog", {})
    rows = [
        {
            "gudang": key,
            "nama": e["nama"],
            "lat": float(e["lat"]),
            "lon": float(e["lon"]),
            "porsi_alokasi": float(e["porsi_alokasi"]),
            "status_titik": e.get("status", "data"),
        }
        for key, e in table.items()
        if _applies(e, kab)
    ]
    if not rows:
        raise DistributionError(
            f"lokasi gudang Bulog untuk kabupaten {kab.code} ({kab.name}) belum ada "
            "di data/parameter.toml [gudang_bulog]; berikan tabel gudang sendiri "
            "(kolom gudang, nama, lat, lon, porsi_alokasi)"
        )
    return pd.DataFrame(rows)


def weekly_allocation(
    kabupaten: region.Kabupaten | str | None = None,
) -> tuple[dict[str, float], str]:
    """Weekly Bulog allocation per commodity for a whole kabupaten.

    Read from the ``[distribusi]`` entries of :data:`ALLOCATION_KEYS` whose
    ``berlaku_untuk`` names the kabupaten.

    Parameters
    ----------
    kabupaten : Kabupaten or str, optional
        The kabupaten or its code (default ``35.14``).

    Returns
    -------
    tuple
        The allocation per commodity key (t or kl per week) and its status:
        ``ilustrasi`` when any entry is one, else ``data``.

    Raises
    ------
    DistributionError
        When a commodity has no allocation for this kabupaten: pass your own
        to :func:`prepare` (``allocation=``).
    """
    kab = region.as_kabupaten(kabupaten)
    table = params.load().get("distribusi", {})
    alloc: dict[str, float] = {}
    statuses: set[str] = set()
    for key, base in ALLOCATION_KEYS.items():
        for name, e in table.items():
            named = name == base or name.startswith(base + "_")
            if named and isinstance(e, dict) and _applies(e, kab):
                alloc[key] = float(e["nilai"])
                statuses.add(str(e.get("status", "data")))
                break
    missing = [c for c in COMMODITIES if c not in alloc]
    if missing:
        raise DistributionError(
            f"alokasi mingguan Bulog untuk kabupaten {kab.code} ({kab.name}) belum "
            f"ada di data/parameter.toml [distribusi] ({', '.join(missing)}); "
            "berikan alokasi sendiri (argumen allocation=)"
        )
    for status in ("ilustrasi", "perkiraan"):
        if status in statuses:
            return alloc, status
    return alloc, "data"


def allocation_bands(
    network: Network,
) -> dict[str, tuple[float, float, float]]:
    """``(rendah, nilai, tinggi)`` of each commodity's weekly allocation.

    The band of the ``[distribusi]`` entry (``rentang``) that gave the
    network's allocation, scaled to the value in use; an allocation the user
    gave (``status_alokasi`` ``data``) has no band: ``(a, a, a)``.
    """
    out: dict[str, tuple[float, float, float]] = {}
    table = params.load().get("distribusi", {})
    for key, base in ALLOCATION_KEYS.items():
        a = float(network.allocation.get(key, 0.0))
        out[key] = (a, a, a)
        if network.status_alokasi == "data":
            continue
        for name, e in table.items():
            named = name == base or name.startswith(base + "_")
            if named and isinstance(e, dict) and _applies(e, network.kabupaten):
                v = float(e["nilai"])
                lo, hi = e.get("rentang", [v, v])
                s = a / v if v else 0.0
                out[key] = (float(lo) * s, a, float(hi) * s)
                break
    return out


def storage_t(network: Network, idx: np.ndarray | None = None) -> np.ndarray:
    """Storage per cooperative (t) at positions ``idx`` (default: all).

    Unknown or 0 → ``distribusi.gudang_koperasi_default_t``: the one rule of
    the plan, the served demand and the routes.
    """
    default = float(params.value("distribusi.gudang_koperasi_default_t"))
    s = network.koperasi["kapasitas_gudang_t"].to_numpy(dtype=float, na_value=np.nan)
    if idx is not None:
        s = s[idx]
    return np.where(np.isnan(s) | (s <= 0), default, s)


def trucks() -> pd.DataFrame:
    """Truck classes of ``[truk]``, smallest first (``truk``, ``nama``, ...).

    Returns
    -------
    pandas.DataFrame
        ``truk``, ``nama``, ``kapasitas_t``, ``biaya_rp_per_km``.
    """
    rows = [
        {
            "truk": k,
            "nama": e["nama"],
            "kapasitas_t": float(e["kapasitas_t"]),
            "biaya_rp_per_km": float(e["biaya_rp_per_km"]),
        }
        for k, e in params.load()["truk"].items()
    ]
    return pd.DataFrame(rows).sort_values("kapasitas_t", ignore_index=True)


# ---------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------
@dataclass
class Network:
    """Desa, cooperatives, warehouses and their great-circle distances.

    Built once by :func:`prepare`; every scenario runs on it.

    Attributes
    ----------
    kabupaten : Kabupaten
        The kabupaten (resolved once by :func:`prepare`).
    desa : pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``kode_kecamatan``, ``nama_kecamatan``,
        ``penduduk``, ``lat``, ``lon`` (desa centroids).
    koperasi : pandas.DataFrame
        Cooperatives with a point: ``koperasi_id``, ``nama_koperasi``,
        ``kode_desa``, ``nama_desa``, ``nama_kecamatan``, ``lat``, ``lon``,
        ``kapasitas_gudang_t``, ``mitra_bulog``, ``siap_bulog``.
    gudang : pandas.DataFrame
        Warehouses (see :func:`warehouses`); empty when the kabupaten has none.
    allocation : dict
        Weekly allocation per commodity for the kabupaten (unit of the
        commodity), split over warehouses by ``porsi_alokasi``; empty when
        the kabupaten has none.
    gc_desa_kop : numpy.ndarray
        Great-circle km, desa × cooperative.
    gc_kop_gudang : numpy.ndarray
        Great-circle km, cooperative × warehouse.
    status_penduduk : str
        ``perkiraan`` or ``data``.
    status_data : str
        ``ilustrasi`` (:func:`kdkmp_analysis.register.is_ilustrasi`) or ``impor``.
    excluded : pandas.DataFrame
        Register rows left out (no coordinates), with the reason.
    status_alokasi : str
        ``ilustrasi`` (allocation from ``data/parameter.toml``) or ``data``
        (passed to :func:`prepare`).
    problem : str or None
        Why no scenario can be simulated on this network (no warehouse table
        or no allocation for the kabupaten), in Indonesian; ``None`` when
        scenarios can run. Siting needs neither and still works.
    sumber_nib : str or None
        On a partly ilustrasi register, where its NIB column comes from
        (``"data SIMKOPDES 5 Agu 2026"``, :func:`register.real_status_source`).
    """

    kabupaten: region.Kabupaten
    desa: pd.DataFrame
    koperasi: pd.DataFrame
    gudang: pd.DataFrame
    allocation: dict[str, float]
    gc_desa_kop: np.ndarray
    gc_kop_gudang: np.ndarray
    status_penduduk: str
    status_data: str
    excluded: pd.DataFrame
    status_alokasi: str = "ilustrasi"
    problem: str | None = None
    sumber_nib: str | None = None
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        """One-line data label for titles and captions (Indonesian)."""
        parts = []
        if self.status_data == "ilustrasi" and self.sumber_nib:
            parts.append(
                f"status mitra dan kesiapan lain ILUSTRASI; NIB {self.sumber_nib}"
            )
        elif self.status_data == "ilustrasi":
            parts.append("status koperasi ILUSTRASI")
        parts.append(f"penduduk {self.status_penduduk}")
        if (self.gudang["status_titik"] != "data").any():
            parts.append("titik gudang perkiraan")
        if self.problem:
            parts.append("gudang/alokasi Bulog belum ada untuk kabupaten ini")
        elif self.status_alokasi == "ilustrasi":
            parts.append(
                "alokasi beras perkiraan (porsi penduduk dari target SPHP), "
                "gula dan minyak ilustrasi"
                if allocation_bands(self)["beras"][0] < self.allocation["beras"]
                else "alokasi mingguan Bulog ilustrasi"
            )
        elif self.status_alokasi == "perkiraan":
            parts.append("alokasi mingguan Bulog perkiraan")
        return "; ".join(parts)


def _desa_table(kab: region.Kabupaten, population: pd.DataFrame) -> pd.DataFrame:
    """Desa demand points: population joined to the official centroids."""
    desa_ref = region.load_desa(kab)[
        ["kode_desa", "kode_kecamatan", "nama_kecamatan", "lat", "lon"]
    ]
    pop = population[["kode_desa", "nama_desa", "penduduk"]].merge(
        desa_ref, on="kode_desa", how="left", validate="one_to_one"
    )
    if pop["lat"].isna().any():
        bad = pop.loc[pop["lat"].isna(), "kode_desa"].head(5).tolist()
        raise DistributionError(
            f"kode desa penduduk tidak ada di {kab.name}: {', '.join(bad)}"
        )
    cols = [
        "kode_desa",
        "nama_desa",
        "kode_kecamatan",
        "nama_kecamatan",
        "penduduk",
        "lat",
        "lon",
    ]
    desa = pop[cols].reset_index(drop=True)
    desa["penduduk"] = desa["penduduk"].astype(float)
    return desa


def _koperasi_table(register: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cooperatives with a point (possible partners) and the rows left out."""
    reg = register.reset_index(drop=True)
    has_point = reg["lat"].notna() & reg["lon"].notna()
    excluded = reg.loc[~has_point, ["koperasi_id", "nama_koperasi", "kode_desa"]].copy()
    excluded["alasan"] = "tanpa koordinat: tidak dapat menjadi mitra penyalur"
    reg = reg[has_point].reset_index(drop=True)
    if reg.empty:
        raise DistributionError("register tidak berisi satu pun koperasi bertitik")
    ready = bulog_ready(reg)
    kop = pd.DataFrame(
        {
            "koperasi_id": reg["koperasi_id"].astype(str),
            "nama_koperasi": reg["nama_koperasi"].astype(str),
            "kode_desa": reg["kode_desa"].astype(str),
            "nama_desa": reg["nama_desa"].astype(str),
            "nama_kecamatan": reg["nama_kecamatan"].astype(str),
            "lat": reg["lat"].astype(float),
            "lon": reg["lon"].astype(float),
            "kapasitas_gudang_t": reg["kapasitas_gudang_t"].astype("Float64"),
            "mitra_bulog": reg["mitra_bulog"].astype("boolean"),
            "siap_bulog": ready.to_numpy(),
        }
    )
    return kop, excluded.reset_index(drop=True)


def _supply_side(
    kab: region.Kabupaten,
    warehouse: pd.DataFrame | None,
    allocation: dict[str, float] | None,
) -> tuple[pd.DataFrame, dict[str, float], str, str | None]:
    """Warehouses, allocation, its status and the problem (``None`` if none)."""
    missing_gud = missing_alloc = None
    try:
        gud = (warehouse if warehouse is not None else warehouses(kab)).copy()
    except DistributionError as exc:
        gud = pd.DataFrame({c: [] for c in WAREHOUSE_COLUMNS})
        missing_gud = str(exc)
    if "status_titik" not in gud:
        gud["status_titik"] = "data"
    if allocation is not None:
        alloc, status = dict(allocation), "data"
        missing = [c for c in COMMODITIES if c not in alloc]
        if missing:
            raise DistributionError(
                f"alokasi mingguan tidak ada untuk: {', '.join(missing)}"
            )
    else:
        try:
            alloc, status = weekly_allocation(kab)
        except DistributionError as exc:
            alloc, status = {}, "data"
            missing_alloc = str(exc)
    if missing_gud and missing_alloc:
        problem: str | None = (
            f"gudang dan alokasi mingguan Bulog untuk {kab.label} belum ada di "
            "data/parameter.toml ([gudang_bulog] dan [distribusi] alokasi_*, "
            f'berlaku_untuk = ["{kab.code}"]); tambahkan di sana, atau berikan '
            "tabel gudang dan alokasi sendiri (warehouse=, allocation=)"
        )
    else:
        problem = missing_gud or missing_alloc
    if problem is None and not float(gud["porsi_alokasi"].astype(float).sum()) > 0:
        problem = "porsi_alokasi gudang Bulog berjumlah 0"
    return gud.reset_index(drop=True), alloc, status, problem


def prepare(
    register: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    *,
    kabupaten: region.Kabupaten | str | None = None,
    desa_polygons: gpd.GeoDataFrame | None = None,
    warehouse: pd.DataFrame | None = None,
    allocation: dict[str, float] | None = None,
) -> Network:
    """Build the :class:`Network` of a register and a population table.

    Parameters
    ----------
    register : pandas.DataFrame, optional
        The cooperatives (default: the ``ilustrasi`` default register).
    population : pandas.DataFrame, optional
        :func:`kdkmp_analysis.region.population.desa_population` output (default:
        its ``perkiraan`` estimate; pass the result of a BPS file instead).
    kabupaten : Kabupaten or str, optional
        The kabupaten (default: the register's, else ``35.14``); checked
        against the register by :func:`kdkmp_analysis.region.as_kabupaten`.
    desa_polygons : GeoDataFrame, optional
        For the population estimate's area weights.
    warehouse : pandas.DataFrame, optional
        Own warehouse table (columns of :func:`warehouses`).
    allocation : dict, optional
        Weekly allocation per commodity key (t or kl) for the kabupaten.

    Returns
    -------
    Network
        With :attr:`Network.problem` set when the kabupaten has no warehouse
        table or allocation (then no scenario is evaluated; siting works).

    Raises
    ------
    DistributionError
        Population not covering the register's desa, an ``allocation``
        missing a commodity, or a register with no cooperative point at all.
    """
    from kdkmp_analysis import intake
    from kdkmp_analysis import register as register_mod
    from kdkmp_analysis.region import population as population_mod

    kab = region.as_kabupaten(kabupaten, register)
    if register is None:
        register = intake.default_register(kab)
    if population is None:
        population = population_mod.desa_population(kab, desa_polygons)
    desa = _desa_table(kab, population)
    kop, excluded = _koperasi_table(register)
    gud, alloc, status_alokasi, problem = _supply_side(kab, warehouse, allocation)
    ilustrasi = register_mod.is_ilustrasi(register)
    return Network(
        kabupaten=kab,
        desa=desa,
        koperasi=kop,
        gudang=gud,
        allocation=alloc,
        gc_desa_kop=distance.distance_matrix(
            desa["lat"], desa["lon"], kop["lat"], kop["lon"]
        ),
        gc_kop_gudang=distance.distance_matrix(
            kop["lat"], kop["lon"], gud["lat"], gud["lon"]
        ),
        status_penduduk=str(provenance.of(population).population or "perkiraan"),
        status_data="ilustrasi" if ilustrasi else "impor",
        excluded=excluded,
        status_alokasi=status_alokasi,
        problem=problem,
        sumber_nib=register_mod.real_status_source(register) if ilustrasi else None,
    )
