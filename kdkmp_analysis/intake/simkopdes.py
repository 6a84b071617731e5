"""The SIMKOPDES export → a register and a match report that loses nothing.

Two files:

* cooperative locations
  (``cooperative_id,name,province,district,subdistrict,latitude,longitude``),
  read by :func:`read_locations`;
* village statistics (SIMKOPDES internal ids and names; accounts, NPWP, NIB,
  RAT counts, transactions, savings), read by :func:`read_stats` and joined
  by village name within kecamatan.

:func:`import_simkopdes` runs the steps: read, refuse a file of another
kabupaten, match every row (:mod:`~kdkmp_analysis.intake.matching`), check
its coordinates (:mod:`~kdkmp_analysis.intake.coordinates`), write the report
row, build the register of the matched rows, join the statistics.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import config, provenance, region, register
from kdkmp_analysis.intake import names
from kdkmp_analysis.intake.coordinates import COORDINATE_FLAGS, check_coordinates
from kdkmp_analysis.intake.matching import (
    MATCH_STATUS,
    check_own_kabupaten,
    kabupaten_per_row,
    match_names,
    other_kabupaten_rows,
)
from kdkmp_analysis.intake.report import IntakeResult, missing_desa, summarise
from kdkmp_analysis.intake.tables import (
    IntakeError,
    file_notes,
    parse_numbers,
    read_table,
    row_notes,
)

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "LOCATION_COLUMNS",
    "NO_EXPORT_DATE",
    "STATS_COLUMNS",
    "import_simkopdes",
    "read_locations",
    "read_stats",
]

#: Canonical columns of the SIMKOPDES location file → accepted heading aliases.
LOCATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "cooperative_id": (
        "cooperative_id",
        "id",
        "id_koperasi",
        "koperasi_id",
        "cooperativeid",
    ),
    "name": ("name", "nama", "nama_koperasi", "cooperative_name"),
    "province": ("province", "provinsi", "prov"),
    "district": (
        "district",
        "kabupaten",
        "kabupaten_kota",
        "kab_kota",
        "kota_kabupaten",
        "regency",
    ),
    "subdistrict": ("subdistrict", "kecamatan", "kec", "sub_district"),
    "latitude": ("latitude", "lat", "lintang"),
    "longitude": ("longitude", "lon", "lng", "long", "bujur"),
}
_LOCATION_REQUIRED = ("cooperative_id", "name", "subdistrict", "latitude", "longitude")

#: Canonical columns of the SIMKOPDES village statistics → aliases.
STATS_COLUMNS: dict[str, tuple[str, ...]] = {
    "province": ("province", "provinsi"),
    "district": ("district", "kabupaten", "kabupaten_kota"),
    "subdistrict": ("subdistrict", "kecamatan"),
    "village_id": ("village_id", "id_desa"),
    "village": ("village", "desa", "kelurahan", "desa_kelurahan", "nama_desa"),
    "cooperatives": ("cooperatives", "jumlah_koperasi"),
    "accounts_count": ("accounts_count", "akun", "jumlah_akun"),
    "npwp_count": ("npwp_count", "npwp"),
    "nib_count": ("nib_count", "nib"),
    "rat_count": ("rat_count", "rat"),
    "transaction_volume": ("transaction_volume", "jumlah_transaksi"),
    "transaction_value": ("transaction_value", "nilai_transaksi"),
    "savings_total_amount": ("savings_total_amount", "total_simpanan"),
    "simpanan_pokok_members": ("simpanan_pokok_members",),
}
_STATS_REQUIRED = ("subdistrict", "village")
_STATS_NUMERIC = (
    "cooperatives",
    "accounts_count",
    "npwp_count",
    "nib_count",
    "rat_count",
    "transaction_volume",
    "transaction_value",
    "savings_total_amount",
    "simpanan_pokok_members",
)


def read_locations(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read a SIMKOPDES cooperative-location file.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        The file (CSV/XLSX, any shape :func:`read_table` accepts) or a table.

    Returns
    -------
    pandas.DataFrame
        Text columns named as :data:`LOCATION_COLUMNS` (absent ones empty).
    """
    df = read_table(source, LOCATION_COLUMNS, _LOCATION_REQUIRED, what="berkas lokasi")
    for col in LOCATION_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df


def read_stats(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read a SIMKOPDES village-statistics file.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        The file (CSV/XLSX, any shape :func:`read_table` accepts) or a table.

    Returns
    -------
    pandas.DataFrame
        Text columns named as :data:`STATS_COLUMNS` (absent ones empty).
    """
    df = read_table(
        source, STATS_COLUMNS, _STATS_REQUIRED, what="berkas statistik desa"
    )
    for col in STATS_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df


def import_simkopdes(
    locations: str | Path | pd.DataFrame,
    stats: str | Path | pd.DataFrame | None = None,
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN,
    *,
    boundaries: Any = None,
    export_date: str | None = None,
) -> IntakeResult:
    """Turn a SIMKOPDES export into a register and a full match report.

    Parameters
    ----------
    locations : str, Path or pandas.DataFrame
        The cooperative-location file
        (``cooperative_id,name,province,district,subdistrict,latitude,longitude``).
    stats : str, Path or pandas.DataFrame, optional
        The village-statistics file; joined by village name within kecamatan.
    kabupaten : Kabupaten or str
        The kabupaten, or its Kemendagri code (default ``"35.14"``).
    boundaries : path, GeoDataFrame or False, optional
        Desa polygons (a boundary SQL file/directory, a loaded GeoDataFrame,
        or ``False`` to skip the polygon checks). Default: the foundation's
        lookup (``KDKMP_DATA_DIR``, cache, download, approximate).
    export_date : str, optional
        Date of the export (``YYYY-MM-DD``), for ``sumber_status`` and
        ``summary["tanggal_ekspor"]``. Default: the date the file states (a
        date column, a heading line above the table, or its name, e.g.
        ``kopdes_locations_2026-08-05.csv``), else *tanggal ekspor tidak
        diketahui* — never the file's modification time.

    Returns
    -------
    IntakeResult
        ``register`` (matched rows, valid for
        :func:`kdkmp_analysis.register.coerce_register`), ``report`` (one row
        per input row), ``missing``, ``stats_report``, ``summary``.

    Raises
    ------
    IntakeError
        Empty or unreadable file, missing columns, a file whose rows all
        belong to another kabupaten, or an export date that is not a date.
    """
    kab = region.as_kabupaten(kabupaten)
    export_date = _iso_date(export_date)
    loc = read_locations(locations)
    src = provenance.of(loc).source
    date_txt = _date_text(export_date, loc)
    official = region.load_desa(kab)
    other, other_codes = other_kabupaten_rows(loc, kab)
    check_own_kabupaten(other, other_codes, loc, kab, f"berkas lokasi {src}")

    m = _match_locations(loc, official, kab, other, other_codes)
    coords = check_coordinates(
        loc["latitude"],
        loc["longitude"],
        m["kode_desa"],
        _load_polygons(kab, boundaries),
        decimal_comma=bool(loc.attrs.get("desimal_koma")),
    )
    report = _location_report(loc, m, coords, official)
    reg = _location_register(loc, m, coords, report, official, src, date_txt)
    report = report.reset_index(drop=True)

    stats_report = pd.DataFrame()
    if stats is not None:
        reg, stats_report = _join_stats(reg, stats, kab, official, export_date)
    ilustrasi = register.is_ilustrasi(loc)
    if ilustrasi:
        for col in ("sumber_status", "sumber_koordinat"):
            reg[col] = f"{register.STATUS_ILUSTRASI} (contoh buatan): " + reg[col]
    status_data = (
        register.STATUS_ILUSTRASI
        if ilustrasi
        else str(provenance.of(loc).status or "impor")
    )
    reg = register.coerce_register(reg)
    provenance.tag(reg, source=f"impor SIMKOPDES {src} ({date_txt})")
    provenance.tag(reg, file_date=export_date or provenance.of(loc).file_date)
    provenance.tag(reg, status=status_data)

    missing = missing_desa(official, reg, report)
    summary = summarise(report, reg, missing, stats_report)
    summary["baris_kosong"] = int(loc.attrs.get("baris_kosong", 0))
    summary["tanggal_ekspor"] = date_txt
    summary["catatan_berkas"] = file_notes(loc)
    return IntakeResult(
        register=reg,
        report=report,
        missing=missing,
        stats_report=stats_report,
        summary=summary,
        kabupaten=kab,
        source=f"SIMKOPDES {src}",
        status_data=status_data,
    )


def _iso_date(export_date: str | None) -> str | None:
    """The export date as ``YYYY-MM-DD`` (None stays None)."""
    if export_date is None:
        return None
    try:
        return _dt.date.fromisoformat(str(export_date).strip()).isoformat()
    except ValueError as exc:
        raise IntakeError(
            f"tanggal ekspor {export_date!r} bukan tanggal TTTT-BB-HH (mis. 2026-08-05)"
        ) from exc


#: How an export whose date is stated nowhere is dated.
NO_EXPORT_DATE = "tanggal ekspor tidak diketahui"


def _date_text(export_date: str | None, table: pd.DataFrame) -> str:
    """How the export is dated in ``sumber_status``/``sumber_koordinat``.

    ``--tanggal`` first; else the date the file states (a date column, a
    heading line, its name: :func:`~kdkmp_analysis.intake.dates.stated_date`)
    with where it was found; else :data:`NO_EXPORT_DATE`. Never the file's
    modification time.
    """
    if export_date:
        return f"ekspor {export_date}"
    stated = provenance.of(table).file_date
    if stated:
        return f"ekspor {stated} (dari {table.attrs.get('tanggal_dari') or 'berkas'})"
    return NO_EXPORT_DATE


def _load_polygons(kab: region.Kabupaten, boundaries: Any) -> gpd.GeoDataFrame | None:
    if boundaries is False:
        return None
    if boundaries is not None and not isinstance(boundaries, str | Path):
        return boundaries
    from kdkmp_analysis.region import boundaries as bnd

    return bnd.load_desa_polygons(kab, boundaries)


def _match_locations(
    loc: pd.DataFrame,
    official: pd.DataFrame,
    kab: region.Kabupaten,
    other: np.ndarray,
    other_codes: pd.Series,
) -> pd.DataFrame:
    """Step: every location row matched; rows of another kabupaten named."""
    ids = loc["cooperative_id"].astype(str).str.strip()
    kab_codes = kabupaten_per_row(other, kab, loc.index)
    m = match_names(
        loc["name"],
        loc["subdistrict"],
        official,
        kab_codes,
        ids="id " + ids,
        points=_points(loc),
    )
    m.loc[other, "status_cocok"] = "other-kabupaten"
    m.loc[other, "kode_desa"] = pd.NA
    names_all = region.kabupaten_names()
    for i in loc.index[other]:
        c = other_codes[i]
        m.at[i, "kandidat"] = (
            f"baris milik {names_all.get(c, c)} ({c})"
            if pd.notna(c)
            else f"kabupaten/kota {loc.at[i, 'district'] or loc.at[i, 'province']!r}"
        )
    return m


def _points(loc: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The rows' coordinates as plain numbers (NaN when not a number)."""
    comma = bool(loc.attrs.get("desimal_koma"))

    def num(col: str) -> pd.Series:
        t = loc[col].astype("string").fillna("").str.strip()
        if comma:
            t = t.str.replace(",", ".", regex=False)
        return pd.to_numeric(t, errors="coerce").astype(float)

    return num("latitude"), num("longitude")


def _location_report(
    loc: pd.DataFrame, m: pd.DataFrame, coords: pd.DataFrame, official: pd.DataFrame
) -> pd.DataFrame:
    """Step: one report row per location row (index of ``loc``)."""
    off = official.set_index("kode_desa")
    ids = loc["cooperative_id"].astype(str).str.strip()
    report = pd.DataFrame(index=loc.index)
    report["baris_berkas"] = loc.index
    report["cooperative_id"] = loc["cooperative_id"]
    report["nama_input"] = loc["name"]
    report["kecamatan_input"] = loc["subdistrict"]
    report["kabupaten_input"] = loc["district"]
    report["lat_input"] = loc["latitude"]
    report["lon_input"] = loc["longitude"]
    report["nama_normal"] = m["nama_normal"]
    report["status_cocok"] = m["status_cocok"]
    report["status_label"] = m["status_cocok"].map(MATCH_STATUS)
    report["skor"] = m["skor"]
    report["kode_desa"] = m["kode_desa"].fillna("")
    has = m["kode_desa"].notna()
    report["nama_desa"] = m["kode_desa"].map(off["nama_desa"]).fillna("")
    report["nama_kecamatan"] = m["kode_desa"].map(off["nama_kecamatan"]).fillna("")
    report["kandidat"] = m["kandidat"]
    report["jenis_disebut"] = names.kind_mentioned(loc["name"]).fillna("")
    report["jenis_resmi"] = m["kode_desa"].map(off["jenis"]).fillna("")
    report["jenis_berbeda"] = (
        has
        & (report["jenis_disebut"] != "")
        & (report["jenis_disebut"] != report["jenis_resmi"])
    )
    report["id_ganda"] = (ids != "") & ids.duplicated(keep=False)
    report["duplikat"] = m["duplikat"].to_numpy(dtype=bool)
    report["id_dipakai"] = _kept_ids(m, ids)
    for c in COORDINATE_FLAGS:
        report[c] = coords[c]
    report["jarak_desa_km"] = coords["jarak_desa_km"]
    report["desa_lokasi"] = coords["desa_lokasi"].fillna("")
    report["lat_saran"] = coords["lat_saran"]
    report["lon_saran"] = coords["lon_saran"]
    in_reg = m["status_cocok"].isin(["exact", "fuzzy"]) & has & m["dipakai"]
    use_export = in_reg & coords["koordinat_aman"]
    report["koordinat_dipakai"] = np.where(
        use_export, "ekspor", np.where(in_reg, "titik pusat desa", "")
    )
    report["masuk_register"] = in_reg
    read = row_notes(loc)
    report["catatan"] = [
        f"{a}; {b}" if a and b else a or b
        for a, b in zip(_notes(report), read, strict=True)
    ]
    return report


def _kept_ids(m: pd.DataFrame, ids: pd.Series) -> list[str]:
    """Per row registered twice, the id that enters the register (else ``""``)."""
    kept = m["duplikat"] & m["dipakai"]
    by_code = dict(zip(m.loc[kept, "kode_desa"], ids[kept], strict=True))
    return [
        by_code.get(c, "") if d else ""
        for c, d in zip(m["kode_desa"], m["duplikat"], strict=True)
    ]


def _notes(report: pd.DataFrame) -> list[str]:
    """One Indonesian sentence per row naming everything that needs a look."""
    out = []
    for r in report.itertuples(index=False):
        parts: list[str] = []
        st = r.status_cocok
        if st != "exact":
            parts.append(MATCH_STATUS[st] + (f": {r.kandidat}" if r.kandidat else ""))
        if r.jenis_berbeda:
            parts.append(
                f"nama menyebut {r.jenis_disebut}, register resmi {r.jenis_resmi}"
            )
        if r.id_ganda:
            parts.append("ID ganda di berkas")
        if r.duplikat:
            parts.append(
                f"terdaftar ganda: {r.kandidat}"
                if r.id_dipakai == str(r.cooperative_id).strip()
                else f"terdaftar ganda, tidak masuk register: {r.kandidat}"
            )
        for c, label in COORDINATE_FLAGS.items():
            v = getattr(r, c)
            if not pd.isna(v) and bool(v):
                txt = label.lower()
                if c == "di_luar_desa" and not np.isnan(r.jarak_desa_km):
                    d = r.jarak_desa_km
                    if np.isfinite(d):
                        txt += f" {d:.2f} km" if d >= 0.01 else " < 0.01 km"
                parts.append(txt)
        if not np.isnan(r.lat_saran):
            parts.append(f"saran titik ({r.lat_saran:.6f}, {r.lon_saran:.6f})")
        out.append("; ".join(parts))
    return out


def _location_register(
    loc: pd.DataFrame,
    m: pd.DataFrame,
    coords: pd.DataFrame,
    report: pd.DataFrame,
    official: pd.DataFrame,
    src: str,
    date_txt: str,
) -> pd.DataFrame:
    """Step: the register rows of the matched rows, each point with its source."""
    in_reg = report["masuk_register"].to_numpy(dtype=bool)
    rows = loc.index[in_reg]
    od = official.set_index("kode_desa").loc[m.loc[rows, "kode_desa"]]
    reg = pd.DataFrame(
        {
            "koperasi_id": ("KDKMP-" + od.index).to_numpy(),
            "nama_koperasi": loc.loc[rows, "name"].str.strip().to_numpy(),
            "kode_desa": od.index.to_numpy(),
            "nama_desa": od["nama_desa"].to_numpy(),
            "jenis": od["jenis"].to_numpy(),
            "kode_kecamatan": od["kode_kecamatan"].to_numpy(),
            "nama_kecamatan": od["nama_kecamatan"].to_numpy(),
            "kode_kabupaten": od["kode_kabupaten"].to_numpy(),
        }
    )
    ue = (report.loc[rows, "koordinat_dipakai"] == "ekspor").to_numpy()
    reg["lat"] = np.where(ue, coords.loc[rows, "lat"], od["lat"])
    reg["lon"] = np.where(ue, coords.loc[rows, "lon"], od["lon"])
    flags_txt = report.loc[rows, "catatan"].to_numpy()
    reg["sumber_koordinat"] = [
        f"ekspor SIMKOPDES {src} ({date_txt})" + (f"; ditandai: {f}" if f else "")
        if u
        else f"titik pusat desa, {s}; titik ekspor tidak dipakai: {f or 'tidak ada'}"
        for u, f, s in zip(ue, flags_txt, od["sumber_titik"], strict=True)
    ]
    ids = loc["cooperative_id"].astype(str).str.strip()
    reg["simkopdes_id"] = ids[rows].to_numpy()
    reg["status_cocok"] = m.loc[rows, "status_cocok"].to_numpy()
    reg["skor_cocok"] = m.loc[rows, "skor"].to_numpy()
    reg["sumber_status"] = (
        f"impor SIMKOPDES {src} ({date_txt}); status tidak diketahui "
        "(tanpa statistik desa)"
    )
    return reg


# ---------------------------------------------------------------------------
# The village statistics, joined by name within kecamatan
# ---------------------------------------------------------------------------
def _join_stats(
    reg: pd.DataFrame,
    stats: str | Path | pd.DataFrame,
    kab: region.Kabupaten,
    official: pd.DataFrame,
    export_date: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step: match the statistics rows, report each, merge the joined ones."""
    st = read_stats(stats)
    src = provenance.of(st).source
    date_txt = _date_text(export_date, st)
    other, other_codes = other_kabupaten_rows(st, kab)
    check_own_kabupaten(other, other_codes, st, kab, f"berkas statistik {src}")
    kab_codes = kabupaten_per_row(other, kab, st.index)
    m = match_names(
        st["village"], st["subdistrict"], official, kab_codes, cooperative_names=False
    )
    m.loc[other, ["status_cocok", "kode_desa"]] = ["other-kabupaten", pd.NA]
    nums, bad_cols = _stats_numbers(st)
    rep = _stats_report(st, m, official, reg, bad_cols)
    joined = st.index[rep["tergabung"]]
    s = pd.DataFrame(
        {
            "kode_desa": m.loc[joined, "kode_desa"].to_numpy(),
            "akun_simkopdes": _gt0(nums["accounts_count"][joined]),
            "npwp": _gt0(nums["npwp_count"][joined]),
            "nib": _gt0(nums["nib_count"][joined]),
            "simkopdes_village_id": st.loc[joined, "village_id"].to_numpy(),
            "jumlah_rat": nums["rat_count"][joined].to_numpy(),
            "transaksi_volume": nums["transaction_volume"][joined].to_numpy(),
            "transaksi_nilai_rp": nums["transaction_value"][joined].to_numpy(),
            "simpanan_total_rp": nums["savings_total_amount"][joined].to_numpy(),
            "anggota_simpanan_pokok": nums["simpanan_pokok_members"][joined].to_numpy(),
        }
    )
    reg = reg.drop(
        columns=[c for c in ("akun_simkopdes", "npwp", "nib") if c in reg.columns]
    )
    reg = reg.merge(s, on="kode_desa", how="left")
    got = reg["kode_desa"].isin(s["kode_desa"])
    reg.loc[got, "sumber_status"] = (
        f"impor SIMKOPDES: statistik desa {src} ({date_txt}); akun/NPWP/NIB = "
        "jumlah > 0; status lain tidak diketahui"
    )
    return reg, rep.reset_index(drop=True)


def _stats_numbers(st: pd.DataFrame) -> tuple[dict[str, pd.Series], pd.Series]:
    """The numeric columns parsed, and per row the columns that are not numbers."""
    dec = bool(st.attrs.get("desimal_koma"))
    nums: dict[str, pd.Series] = {}
    bad_cols = pd.Series("", index=st.index)
    for col in _STATS_NUMERIC:
        v, bad = parse_numbers(st[col], dec)
        nums[col] = v
        bad_cols[bad] = [f"{b}; {col}" if b else col for b in bad_cols[bad]]
    return nums, bad_cols


def _stats_report(
    st: pd.DataFrame,
    m: pd.DataFrame,
    official: pd.DataFrame,
    reg: pd.DataFrame,
    bad_cols: pd.Series,
) -> pd.DataFrame:
    """One report row per statistics row: matched, joined, or why not."""
    rep = pd.DataFrame(
        {
            "baris_berkas": st.index,
            "village_id": st["village_id"],
            "kabupaten_input": st["district"],
            "kecamatan_input": st["subdistrict"],
            "desa_input": st["village"],
            "status_cocok": m["status_cocok"],
            "skor": m["skor"],
            "kode_desa": m["kode_desa"].fillna(""),
            "nama_desa": m["kode_desa"]
            .map(official.set_index("kode_desa")["nama_desa"])
            .fillna(""),
            "kandidat": m["kandidat"],
            "nilai_bukan_angka": bad_cols,
        },
        index=st.index,
    )
    ok = m["status_cocok"].isin(["exact", "fuzzy"]) & m["kode_desa"].notna()
    in_reg = m["kode_desa"].isin(reg["kode_desa"])
    rep["tergabung"] = ok & in_reg
    rep["catatan"] = np.where(
        rep["tergabung"],
        "",
        np.where(
            ok,
            "desa tidak ada di register (baris lokasi tidak cocok)",
            m["status_cocok"].map(MATCH_STATUS),
        ),
    )
    bad = bad_cols != ""
    rep.loc[bad, "catatan"] = (
        rep.loc[bad, "catatan"]
        .str.cat("nilai bukan angka: " + bad_cols[bad], sep="; ")
        .str.strip("; ")
    )
    return rep


def _gt0(v: pd.Series) -> pd.api.extensions.ExtensionArray:
    return pd.array(np.where(v.isna(), pd.NA, v > 0), dtype="boolean")
