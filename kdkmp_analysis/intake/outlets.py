"""Existing BUMN outlets (pangkalan LPG, SPBU, kios pupuk, agen bank, RPK Bulog).

The Dinas collects these lists from the BUMN (CSV/XLSX: ``jenis``, ``nama``,
``lat``, ``lon`` or ``kode_desa``; optionally ``bumn``/``bank``).
:func:`import_outlets` reads such a file with the intake's readers
(:func:`~kdkmp_analysis.intake.tables.read_table`, the Indonesian/English
number rule, :func:`~kdkmp_analysis.intake.coordinates.check_coordinates`)
and returns a **layer** (one point per accepted row, with its source) and a
**report with one row per input row** — accepted or rejected, and why:

* ``jenis`` must be one of :data:`JENIS` (common wordings such as
  *AgenBRILink*, *Rumah Pangan Kita*, *pangkalan elpiji* are read);
* the point is the file's coordinate when it is usable (inside Indonesia,
  not flipped, not more than ``intake.toleransi_luar_desa_km`` outside the
  desa the row names); else the centroid of the desa the row names
  (``kode_desa``); else the row is rejected;
* a point outside the kabupaten but within
  ``intake.outlet_luar_kabupaten_km`` of its boundary is kept for distances
  (an SPBU just across the border counts for Pertashop's 10 km rule), with
  no desa; further away it is rejected.

Each outlet belongs to its BUMN (:data:`JENIS_BUMN`): pangkalan LPG and SPBU
→ Pertamina Patra Niaga, kios pupuk → Pupuk Indonesia, RPK → Bulog, an agen
bank → the bank named in ``bumn``/``bank`` (BRI, BNI, Mandiri, or the name as
written), else *bank (tidak disebut)*. The layer is written by
:meth:`OutletResult.write` (``outlet.csv``) and read back by the same
:func:`read_outlets`.

:func:`apply_outlets` puts what the layer says into a register: the road
distance to the nearest SPBU (``jarak_spbu_km``, Pertashop's condition) and
whether a pangkalan LPG already stands in the desa
(``pangkalan_lpg_di_desa``, Pertamina's check against existing pangkalan),
each with its source.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import documents, params, provenance, region, register
from kdkmp_analysis._format import angka
from kdkmp_analysis.intake.coordinates import COORDINATE_FLAGS, check_coordinates
from kdkmp_analysis.intake.tables import IntakeError, file_notes, read_table, row_notes
from kdkmp_analysis.region import distance

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BANK_TIDAK_DISEBUT",
    "JENIS",
    "JENIS_BUMN",
    "LAYER_COLUMNS",
    "OUTLET_COLUMNS",
    "OutletResult",
    "apply_outlets",
    "as_layer",
    "import_outlets",
    "outlet_source",
    "read_outlets",
]

#: Outlet kinds (stable keys) → Indonesian labels.
JENIS: dict[str, str] = {
    "pangkalan_lpg": "pangkalan LPG 3 kg",
    "spbu": "SPBU",
    "kios_pupuk": "kios pupuk",
    "agen_bank": "agen bank",
    "rpk_bulog": "RPK Bulog",
}
#: Outlet kind → partner key of :data:`kdkmp_analysis.register.MITRA`
#: (``None``: the bank is named per row).
JENIS_BUMN: dict[str, str | None] = {
    "pangkalan_lpg": "pertamina",
    "spbu": "pertamina",
    "kios_pupuk": "pupuk_indonesia",
    "agen_bank": None,
    "rpk_bulog": "bulog",
}
BANK_TIDAK_DISEBUT = "bank (tidak disebut)"

#: Canonical columns of an outlet file → accepted heading aliases.
OUTLET_COLUMNS: dict[str, tuple[str, ...]] = {
    "jenis": ("jenis", "jenis_outlet", "jenis_gerai", "tipe", "kategori"),
    "nama": ("nama", "nama_outlet", "nama_gerai", "nama_pangkalan", "nama_usaha"),
    "bumn": ("bumn", "bank", "nama_bank", "bumn_mitra"),
    "lat": ("lat", "latitude", "lintang"),
    "lon": ("lon", "longitude", "lng", "long", "bujur"),
    "kode_desa": (
        "kode_desa",
        "kode_wilayah",
        "kode_kemendagri",
        "kode_desa_kelurahan",
    ),
    "lokasi_titik": ("lokasi_titik",),
    "sumber": ("sumber",),
}

#: Columns of the layer (:func:`read_outlets`, ``outlet.csv``).
LAYER_COLUMNS = [
    "jenis",
    "bumn",
    "nama_bumn",
    "nama",
    "lat",
    "lon",
    "kode_desa",
    "nama_desa",
    "lokasi_titik",
    "sumber",
]

_JENIS_WORDS: dict[str, tuple[str, ...]] = {
    "pangkalan_lpg": (
        "pangkalan lpg",
        "pangkalan",
        "pangkalan lpg 3 kg",
        "pangkalan elpiji",
        "pangkalan gas",
        "lpg",
        "lpg 3 kg",
    ),
    "spbu": ("spbu", "pom bensin", "stasiun pengisian bahan bakar umum"),
    "kios_pupuk": (
        "kios pupuk",
        "kios pupuk lengkap",
        "kpl",
        "pengecer pupuk",
        "pengecer pupuk bersubsidi",
        "kios",
    ),
    "agen_bank": (
        "agen bank",
        "agen laku pandai",
        "laku pandai",
        "agen brilink",
        "agenbrilink",
        "brilink",
        "agen bri",
        "agen46",
        "agen 46",
        "agen bni",
        "agen mandiri",
        "mandiri agen",
    ),
    "rpk_bulog": ("rpk", "rpk bulog", "rumah pangan kita", "rumah pangan kita bulog"),
}
_JENIS_OF = {w: k for k, words in _JENIS_WORDS.items() for w in (*words, k)}
_BUMN_WORDS = [
    ("bri", r"\bbri|brilink"),
    ("bni", r"\bbni\b|agen ?46"),
    ("bank_mandiri", r"mandiri"),
    ("pertamina", r"pertamina"),
    ("pupuk_indonesia", r"pupuk|petrokimia|\bpkg\b"),
    ("bulog", r"bulog"),
    ("id_food", r"id ?food"),
    ("pln", r"\bpln\b"),
]


def _words(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def _jenis_key(text: object) -> str | None:
    w = _words(text)
    return _JENIS_OF.get(w) or _JENIS_OF.get(w.replace(" ", "_"))


def _bumn_key(text: object) -> str | None:
    w = _words(text)
    if not w:
        return None
    return next((k for k, pat in _BUMN_WORDS if re.search(pat, w)), None)


def _desa_code(text: object) -> str:
    t = str(text).strip()
    digits = re.sub(r"\D", "", t)
    if len(digits) == 10 and re.fullmatch(r"[\d.\s]+", t):
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return t


def outlet_source(name: str, tanggal: str | None = None) -> str:
    """How a layer names its source: the file and its date (or the import day)."""
    when = f"data {tanggal}" if tanggal else f"diimpor {_dt.date.today().isoformat()}"
    return f"berkas outlet {name} ({when})"


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------
@dataclass
class OutletResult:
    """An imported outlet file: the layer, the report, a summary.

    Attributes
    ----------
    layer : geopandas.GeoDataFrame
        Accepted outlets, :data:`LAYER_COLUMNS` + point geometry (EPSG:4326).
    report : pandas.DataFrame
        One row per input row, same order (``baris_berkas``, inputs, what
        was read, coordinate flags, ``diterima``, ``catatan``).
    kabupaten : Kabupaten
    source : str
        :func:`outlet_source` of the file.
    notes : list of str
        File-level notes of the reader (headings read as variants, …).
    """

    layer: gpd.GeoDataFrame
    report: pd.DataFrame
    kabupaten: region.Kabupaten
    source: str
    notes: list[str] = field(default_factory=list)

    def summary_text(self) -> str:
        """Indonesian summary: rows, accepted per kind and BUMN, rejected."""
        n = len(self.report)
        ok = int(self.report["diterima"].sum())
        per = self.layer.groupby("jenis").size() if len(self.layer) else pd.Series()
        kinds = ", ".join(f"{JENIS[k]} {int(v)}" for k, v in per.items())
        lines = [
            f"{self.source} — {self.kabupaten.label}: {n} baris; diterima {ok}"
            + (f" ({kinds})" if kinds else "")
            + f"; ditolak {n - ok}",
        ]
        bad = self.report[~self.report["diterima"]]
        for _, r in bad.head(10).iterrows():
            lines.append(f"  baris {r['baris_berkas']}: {r['catatan']}")
        if len(bad) > 10:
            lines.append(f"  … {len(bad) - 10} baris ditolak lagi (lihat laporan)")
        lines += [f"  catatan berkas: {t}" for t in self.notes]
        return "\n".join(lines)

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``outlet.csv`` (the layer), ``laporan_outlet.csv`` and ``.html``."""
        out = documents.output_dir(out_dir)
        table = pd.DataFrame(self.layer.drop(columns="geometry"))
        report_html = documents.page(
            f"Laporan impor outlet BUMN — {self.kabupaten.label}",
            documents.html_table(self.report, numbers=False),
            note=self.summary_text().splitlines()[0],
            sources=[self.source],
        )
        return {
            "report": documents.write_csv(
                self.report, out / "laporan_outlet.csv", index=False
            ),
            "report_html": documents.write_text(
                out / "laporan_outlet.html", report_html
            ),
            "layer": documents.write_csv(table, out / "outlet.csv", index=False),
        }


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------
def read_outlets(
    path: str | Path | pd.DataFrame,
    kabupaten: region.Kabupaten | str,
    *,
    boundaries: Any = None,
    tanggal: str | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Read an outlet file (or a layer written by :meth:`OutletResult.write`).

    Parameters
    ----------
    path : str, Path or pandas.DataFrame
        CSV/XLSX with ``jenis`` and ``lat``/``lon`` or ``kode_desa``.
    kabupaten : Kabupaten or str
        The kabupaten the outlets serve.
    boundaries : path, GeoDataFrame or False, optional
        Desa polygons for the point checks (default: the foundation's
        lookup; ``False`` skips the polygon checks).
    tanggal : str, optional
        Date of the BUMN's list (``YYYY-MM-DD``), for ``sumber``.

    Returns
    -------
    (geopandas.GeoDataFrame, pandas.DataFrame)
        The layer and the report (see :class:`OutletResult`).

    Raises
    ------
    IntakeError
        Empty or unreadable file, no ``jenis`` column, a date that is not
        a date.
    """
    res = import_outlets(path, kabupaten, boundaries=boundaries, tanggal=tanggal)
    return res.layer, res.report


def import_outlets(
    path: str | Path | pd.DataFrame,
    kabupaten: region.Kabupaten | str,
    *,
    boundaries: Any = None,
    tanggal: str | None = None,
) -> OutletResult:
    """Import an outlet file: the layer, the report, a summary (see the module)."""
    kab = region.as_kabupaten(kabupaten)
    if tanggal is not None:
        try:
            tanggal = _dt.date.fromisoformat(str(tanggal).strip()).isoformat()
        except ValueError as exc:
            raise IntakeError(
                f"tanggal {tanggal!r} bukan tanggal TTTT-BB-HH (mis. 2026-11-30)"
            ) from exc
    raw = read_table(path, OUTLET_COLUMNS, ("jenis",), what="berkas outlet")
    for col in OUTLET_COLUMNS:
        if col not in raw.columns:
            raw[col] = ""
    if not {"lat", "kode_desa"} & set(raw.columns[(raw != "").any()]):
        raise IntakeError(
            f"berkas outlet {provenance.of(raw).source}: tidak ada kolom lat/lon "
            "maupun kode_desa yang berisi; lokasi outlet tidak dapat dibaca"
        )
    source = outlet_source(str(provenance.of(raw).source or "tabel"), tanggal)
    official = region.load_desa(kab).set_index("kode_desa")
    polygons = _polygons(kab, boundaries)
    report = _report(raw, official, polygons, source)
    layer = _layer(report)
    # a layer read back keeps the source of the BUMN list it came from
    provenance.tag(layer, source="; ".join(dict.fromkeys(layer["sumber"])) or source)
    notes = file_notes(raw)
    if raw.attrs.get("baris_kosong"):
        notes.append(f"{raw.attrs['baris_kosong']} baris kosong seluruhnya dilewati")
    return OutletResult(layer, report, kab, source, notes)


def _polygons(kab: region.Kabupaten, boundaries: Any) -> gpd.GeoDataFrame | None:
    if boundaries is False:
        return None
    if boundaries is not None and not isinstance(boundaries, str | Path):
        return boundaries
    from kdkmp_analysis.region import boundaries as bnd

    return bnd.load_desa_polygons(kab, boundaries)


def _outside_km(
    polygons: gpd.GeoDataFrame, lat: np.ndarray, lon: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """Distance (km) of the masked points to the kabupaten (NaN unmasked)."""
    import geopandas as gpd
    import shapely

    out = np.full(len(lat), np.nan)
    if not rows.any():
        return out
    crs = region.metric_crs(polygons)
    kab = shapely.union_all(polygons.geometry.to_crs(crs).to_numpy())
    pts = gpd.GeoSeries(shapely.points(lon[rows], lat[rows]), crs="EPSG:4326").to_crs(
        crs
    )
    out[rows] = shapely.distance(pts.to_numpy(), kab) / 1000.0
    return out


def _bumn(jenis: str | None, text: str, jenis_text: str) -> tuple[str, str, str]:
    """(bumn key or text, label, note) of one row."""
    named = _bumn_key(text)
    if jenis is None:
        return "", "", ""
    expected = JENIS_BUMN[jenis]
    if expected is None:  # agen bank: the bank named, else not named
        named = named if text.strip() else _bumn_key(jenis_text)  # AgenBRILink
        if named in {"bri", "bni", "bank_mandiri"}:
            return named, register.MITRA[named], ""
        if text.strip():
            return text.strip(), text.strip(), ""
        return BANK_TIDAK_DISEBUT, BANK_TIDAK_DISEBUT, ""
    note = ""
    if text.strip() and named != expected:
        note = (
            f"kolom bumn {text.strip()!r} tidak sesuai jenis {JENIS[jenis]}; "
            f"dipakai {register.MITRA[expected]}"
        )
    return expected, register.MITRA[expected], note


def _report(
    raw: pd.DataFrame,
    official: pd.DataFrame,
    polygons: gpd.GeoDataFrame | None,
    source: str,
) -> pd.DataFrame:
    """One report row per input row: what was read, where the point is, why."""
    codes = raw["kode_desa"].map(_desa_code)
    code_ok = codes.isin(official.index)
    coords = check_coordinates(
        raw["lat"],
        raw["lon"],
        codes.where(code_ok, pd.NA).astype("string"),
        polygons,
        decimal_comma=bool(raw.attrs.get("desimal_koma")),
    )
    la, lo = coords["lat"].to_numpy(), coords["lon"].to_numpy()
    valid = np.isfinite(la) & np.isfinite(lo)
    out_kab = coords["di_luar_kabupaten"].fillna(False).to_numpy(dtype=bool)
    flipped = (coords["tanda_terbalik"] | coords["lintang_bujur_tertukar"]).to_numpy()
    sane = valid & ~coords["di_luar_indonesia"].to_numpy(dtype=bool)
    far = (
        _outside_km(polygons, la, lo, out_kab & ~flipped & sane)
        if polygons is not None
        else np.full(len(la), np.nan)
    )
    limit = float(params.value("intake.outlet_luar_kabupaten_km"))
    read = row_notes(raw)
    rows = []
    for j, i in enumerate(raw.index):
        rows.append(
            _report_row(
                raw.loc[i],
                i,
                codes[i],
                bool(code_ok[i]),
                coords.loc[i],
                bool(valid[j]),
                float(far[j]),
                limit,
                official,
                read[i],
            )
        )
    report = pd.DataFrame(rows)
    for c in COORDINATE_FLAGS:
        report[c] = coords[c].to_numpy()
    report["sumber"] = np.where(
        report["diterima"],
        raw["sumber"].where(raw["sumber"].str.strip() != "", source).to_numpy(),
        "",
    )
    return report


def _report_row(
    row: pd.Series,
    i: Any,
    code: str,
    code_ok: bool,
    c: pd.Series,
    valid: bool,
    far_km: float,
    limit: float,
    official: pd.DataFrame,
    read_note: str,
) -> dict[str, Any]:
    """The report row of one input row (the rules of the module docstring)."""
    jenis = _jenis_key(row["jenis"])
    bumn, nama_bumn, bnote = _bumn(jenis, str(row["bumn"]), str(row["jenis"]))
    notes: list[str] = [bnote] if bnote else []
    if jenis is None:
        notes.insert(
            0,
            f"jenis {str(row['jenis']).strip()!r} tidak dikenal; pilihan: "
            + ", ".join(JENIS),
        )
    if code.strip() and not code_ok:
        notes.append(f"kode desa {code.strip()!r} bukan desa kabupaten ini")
    for flag, label in COORDINATE_FLAGS.items():
        v = c[flag]
        quiet = {"di_luar_kabupaten"} | ({"koordinat_kosong"} if code_ok else set())
        if flag not in quiet and not pd.isna(v) and bool(v):
            notes.append(label.lower())
    stored = str(row.get("lokasi_titik", "")).strip()
    lat = lon = np.nan
    desa, where = "", ""
    if valid and bool(c["koordinat_aman"]):
        lat, lon, where = float(c["lat"]), float(c["lon"]), stored or "titik berkas"
        desa = (
            code
            if code_ok
            else (str(c["desa_lokasi"]) if pd.notna(c["desa_lokasi"]) else "")
        )
    elif code_ok:
        lat, lon = float(official.at[code, "lat"]), float(official.at[code, "lon"])
        desa, where = code, "titik pusat desa"
        if valid:
            notes.append("titik berkas tidak dipakai; dipakai titik pusat desa")
    elif valid and np.isfinite(far_km) and not bool(c["di_luar_indonesia"]):
        if far_km <= limit:
            lat, lon, where = float(c["lat"]), float(c["lon"]), "titik berkas"
            notes.append(
                f"di luar kabupaten ({angka(far_km, 1)} km dari batas): dipakai "
                "untuk jarak, tanpa desa"
            )
        else:
            notes.append(
                f"di luar kabupaten, {angka(far_km, 1)} km dari batas (lebih dari "
                f"{angka(limit)} km, intake.outlet_luar_kabupaten_km)"
            )
    elif not valid and not code.strip():
        notes.append("tanpa koordinat dan tanpa kode desa")
    if pd.notna(c["lat_saran"]):
        notes.append(f"saran titik ({c['lat_saran']:.6f}, {c['lon_saran']:.6f})")
    accepted = jenis is not None and np.isfinite(lat)
    if jenis is not None and not accepted:
        notes.append("lokasi tidak dapat dipakai")
    if read_note:
        notes.append(read_note)
    return {
        "baris_berkas": i,
        "jenis_input": row["jenis"],
        "nama": str(row["nama"]).strip(),
        "bumn_input": row["bumn"],
        "lat_input": row["lat"],
        "lon_input": row["lon"],
        "kode_desa_input": row["kode_desa"],
        "jenis": jenis or "",
        "bumn": bumn if accepted else "",
        "nama_bumn": nama_bumn if accepted else "",
        "kode_desa": desa if accepted else "",
        "nama_desa": str(official.at[desa, "nama_desa"]) if accepted and desa else "",
        "lokasi_titik": where if accepted else "",
        "lat": lat,
        "lon": lon,
        "diterima": bool(accepted),
        "catatan": "; ".join(n for n in notes if n) or ("" if accepted else "ditolak"),
    }


def _layer(report: pd.DataFrame) -> gpd.GeoDataFrame:
    import geopandas as gpd

    ok = report[report["diterima"]]
    table = ok[LAYER_COLUMNS].reset_index(drop=True)
    return gpd.GeoDataFrame(
        table,
        geometry=gpd.points_from_xy(table["lon"], table["lat"]),
        crs="EPSG:4326",
    )


# ---------------------------------------------------------------------------
# What the layer says about each cooperative
# ---------------------------------------------------------------------------
def as_layer(outlets: pd.DataFrame) -> pd.DataFrame:
    """A table of outlets checked as a layer: the columns every use needs.

    A layer of :func:`read_outlets` passes unchanged. A hand-made table needs
    ``jenis`` (:data:`JENIS` keys), ``lat`` and ``lon``; ``bumn`` defaults to
    the kind's BUMN (:data:`JENIS_BUMN`), ``kode_desa`` to empty and
    ``sumber`` to the table's provenance (else *tabel outlet*).

    Raises
    ------
    IntakeError
        A missing column or an unknown ``jenis`` (named).
    """
    missing = [c for c in ("jenis", "lat", "lon") if c not in outlets.columns]
    if missing:
        raise IntakeError(f"tabel outlet tanpa kolom: {', '.join(missing)}")
    bad = sorted(set(outlets["jenis"].astype(str)) - set(JENIS))
    if bad:
        raise IntakeError(
            f"tabel outlet: jenis {', '.join(map(repr, bad))} tidak dikenal; "
            f"pilihan: {', '.join(JENIS)} (baca berkas dengan read_outlets)"
        )
    if {"bumn", "kode_desa", "sumber"} <= set(outlets.columns):
        return outlets
    out = outlets.copy()
    if "bumn" not in out.columns:
        out["bumn"] = out["jenis"].map(JENIS_BUMN).fillna(BANK_TIDAK_DISEBUT)
    if "kode_desa" not in out.columns:
        out["kode_desa"] = ""
    if "sumber" not in out.columns:
        out["sumber"] = str(provenance.of(outlets).source or "tabel outlet")
    out.attrs = dict(outlets.attrs)
    return out


def _layer_source(outlets: pd.DataFrame) -> str:
    vals = outlets["sumber"].dropna().astype(str).unique() if len(outlets) else []
    return "; ".join(vals) or str(provenance.of(outlets).source or "berkas outlet")


def apply_outlets(reg: pd.DataFrame, outlets: pd.DataFrame) -> pd.DataFrame:
    """The register with what the outlet layer says filled in, with sources.

    * ``jarak_spbu_km``: road distance (:func:`kdkmp_analysis.region.distance.road_km`)
      from the cooperative to the nearest SPBU of the layer, where the
      register has no value; ``sumber_jarak_spbu_km`` says where each value
      comes from. Left unknown when the layer has no SPBU.
    * ``pangkalan_lpg_di_desa``: True when a pangkalan LPG of the layer lies
      in the cooperative's desa, False when none does; ``<NA>`` when the
      layer has no pangkalan at all. ``sumber_pangkalan_lpg_di_desa``.

    Parameters
    ----------
    reg : pandas.DataFrame
        A register.
    outlets : pandas.DataFrame
        A layer of :func:`read_outlets`.

    Returns
    -------
    pandas.DataFrame
        A copy of ``reg`` (attrs kept).
    """
    outlets = as_layer(outlets)
    out = reg.copy()
    src = _layer_source(outlets)
    spbu = outlets[outlets["jenis"] == "spbu"]
    old = (
        pd.to_numeric(out["jarak_spbu_km"], errors="coerce")
        if "jarak_spbu_km" in out.columns
        else pd.Series(np.nan, index=out.index)
    )
    had = old.notna()
    src_col = pd.Series(pd.NA, index=out.index, dtype="string")
    if "sumber_jarak_spbu_km" in out.columns:
        src_col = out["sumber_jarak_spbu_km"].astype("string")
    src_col[had & src_col.isna()] = "register"
    if len(spbu):
        d = distance.nearest_road_km(
            pd.to_numeric(out["lat"], errors="coerce").to_numpy(dtype=float),
            pd.to_numeric(out["lon"], errors="coerce").to_numpy(dtype=float),
            spbu["lat"].to_numpy(dtype=float),
            spbu["lon"].to_numpy(dtype=float),
        )
        fill = ~had.to_numpy() & np.isfinite(d)
        old[fill] = np.round(d[fill], 2)
        src_col[fill] = f"jarak jalan ke SPBU terdekat ({distance.road_basis()}), {src}"
    out["jarak_spbu_km"] = old.astype(float)
    out["sumber_jarak_spbu_km"] = src_col
    lpg = outlets[outlets["jenis"] == "pangkalan_lpg"]
    if len(lpg):
        here = set(lpg["kode_desa"].dropna().astype(str)) - {""}
        out["pangkalan_lpg_di_desa"] = pd.array(
            out["kode_desa"].astype(str).isin(here), dtype="boolean"
        )
        out["sumber_pangkalan_lpg_di_desa"] = f"pangkalan LPG di desa menurut {src}"
    elif "pangkalan_lpg_di_desa" not in out.columns:
        out["pangkalan_lpg_di_desa"] = pd.array([pd.NA] * len(out), dtype="boolean")
    out.attrs = dict(reg.attrs)
    return out
