"""Classes and colours: status classes of the points, value classes of kecamatan.

:func:`status_classes`
    A boolean or categorical register column → one class per value, with
    Indonesian labels and colours (well-known readiness verdicts keep their
    colours; *tidak diketahui* is grey).
:func:`value_classes`
    A numeric column → mapclassify classes (Fisher-Jenks for natural breaks),
    with :func:`class_labels` in Indonesian number format.
:func:`kecamatan_metrics`
    The per-kecamatan counts and shares (:data:`METRIK`) the choropleths draw;
    a share is over the cooperatives whose status is *known*.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import provenance
from kdkmp_analysis import register as reg_mod
from kdkmp_analysis._format import angka
from kdkmp_analysis.maps._common import MapError, require

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BOOL_COLORS",
    "METRIK",
    "NODATA_COLOR",
    "STATUS_METRIK",
    "StatusClasses",
    "ValueClasses",
    "class_labels",
    "column_title",
    "decimals",
    "kecamatan_classes",
    "kecamatan_metrics",
    "metric_label",
    "palette",
    "status_classes",
    "status_coverage",
    "unit_suffix",
    "value_classes",
    "with_unit",
]

#: Default status colours: yes, no, unknown.
BOOL_COLORS = {True: "#1a9850", False: "#d73027", None: "#9e9e9e"}
_BOOL_LABELS = {True: "Ya", False: "Tidak", None: "Tidak diketahui"}
#: Colours of well-known categorical values (readiness verdicts).
_KNOWN_COLORS = {
    "siap": "#1a9850",
    "belum siap": "#d73027",
    "tidak dapat dinilai": "#9e9e9e",
    "tidak diketahui": "#9e9e9e",
}
_QUALITATIVE = [
    "#1f78b4",
    "#ff7f00",
    "#6a3d9a",
    "#33a02c",
    "#e31a1c",
    "#b15928",
    "#a6cee3",
    "#fdbf6f",
    "#cab2d6",
    "#b2df8a",
    "#fb9a99",
    "#ffff99",
]
_NA_LABEL = "Tidak diketahui"
#: Fill of a kecamatan without a value.
NODATA_COLOR = "#d9d9d9"

#: Boolean register columns summarised per kecamatan by :func:`kecamatan_metrics`.
STATUS_METRIK = ("nib", "bermitra_bumn", "gerai_beroperasi", "lahan_siap")

_STATUS_TEXT = {
    "nib": "ber-NIB",
    "bermitra_bumn": "bermitra BUMN",
    "gerai_beroperasi": "dengan gerai beroperasi",
    "lahan_siap": "dengan lahan siap",
}

#: Metric columns of :func:`kecamatan_metrics` → (Indonesian legend, unit).
METRIK: dict[str, tuple[str, str]] = {
    "jumlah_koperasi": ("Jumlah koperasi", "koperasi"),
    **{f"jumlah_{s}": (f"Koperasi {t}", "koperasi") for s, t in _STATUS_TEXT.items()},
    **{f"persen_{s}": (f"Koperasi {t}", "%") for s, t in _STATUS_TEXT.items()},
    "jumlah_belum_bermitra": ("Koperasi belum bermitra BUMN", "koperasi"),
    **{
        f"tidak_diketahui_{s}": (f"Status '{t}' tidak diketahui", "koperasi")
        for s, t in _STATUS_TEXT.items()
    },
    "nilai_transaksi_rp": ("Nilai transaksi SIMKOPDES", "Rp"),
    "jumlah_bertransaksi": ("Koperasi yang sudah bertransaksi (SIMKOPDES)", "koperasi"),
}


def metric_label(column: str) -> tuple[str, str]:
    """Indonesian legend text and unit of a :data:`METRIK` column.

    Parameters
    ----------
    column : str
        A column of :func:`kecamatan_metrics`, or any other column name.

    Returns
    -------
    (str, str)
        ``(legend, unit)``; an unknown column gets its name with underscores
        as spaces and an empty unit.
    """
    return METRIK.get(column, (column.replace("_", " ").capitalize(), ""))


def column_title(status: str) -> str:
    """Indonesian title of a register column (its schema label).

    Parameters
    ----------
    status : str
        A register column, e.g. ``"nib"``.

    Returns
    -------
    str
        The :data:`kdkmp_analysis.register.SCHEMA` label (``"NIB"``), or the
        name with underscores as spaces for a column outside the schema.
    """
    col = {c.name: c for c in reg_mod.SCHEMA}.get(status)
    return col.label if col else status.replace("_", " ").capitalize()


def unit_suffix(unit: str) -> str:
    """What follows a number: ``" t"``, ``" koperasi"``, but ``"%"`` unspaced.

    Rupiah stands before the number (:func:`with_unit`), so nothing follows it.
    """
    if unit == "Rp":
        return ""
    return f" {unit}" if unit and unit != "%" else unit


def with_unit(number_text: str, unit: str) -> str:
    """A formatted number with its unit: ``"Rp1.250.000"``, ``"12,5%"``, ``"3 t"``."""
    if unit == "Rp":
        return f"Rp{number_text}"
    return f"{number_text}{unit_suffix(unit)}"


def decimals(values: np.ndarray) -> int:
    """Decimals that show the finite ``values`` apart (0 for whole numbers)."""
    v = values[np.isfinite(values)]
    if v.size == 0 or np.allclose(v, np.round(v)):
        return 0
    span = float(v.max() - v.min())
    return 2 if span < 1 else 1


# ---------------------------------------------------------------------------
# Status classes of the cooperative points
# ---------------------------------------------------------------------------
@dataclass
class StatusClasses:
    """Per-row class index, legend entries and title of a status column."""

    index: np.ndarray  # per row → position in labels
    labels: list[str]
    colors: list[str]
    counts: list[int]
    title: str


def _lookup(table: dict | None, raw: Any, label: str) -> Any:
    if not table:
        return None
    for key in (raw, label):
        try:
            if key in table:
                return table[key]
        except TypeError:
            continue
    return None


def _raw_values(s: pd.Series, status: str) -> tuple[list[Any], list[Any], dict, dict]:
    """Class values in legend order, each row's value, default labels and colours."""
    is_bool = s.dtype == "boolean" or s.dtype == bool
    if not is_bool and s.dtype == object:
        vals = set(s.dropna().unique().tolist())
        is_bool = bool(vals) and vals <= {True, False}
    if is_bool:
        b = s.astype("boolean")
        raws: list[Any] = [True, False, None]
        row_raw: list[Any] = [None if pd.isna(v) else bool(v) for v in b]
        return raws, row_raw, _BOOL_LABELS, BOOL_COLORS
    if pd.api.types.is_numeric_dtype(s):
        raise MapError(
            f"kolom status {status!r} berisi angka; pilih kolom ya/tidak atau "
            "kategori (mis. 'siap'/'belum siap'), atau pakai choropleth_map untuk angka"
        )
    text = s.astype("string").str.strip()
    text = text.mask(text == "")
    seen = [v for v in pd.unique(text.dropna())]
    known = [k for k in _KNOWN_COLORS if k in seen]
    raws = known + sorted(v for v in seen if v not in known) + [None]
    row_raw = [None if pd.isna(v) else str(v) for v in text]
    return (
        raws,
        row_raw,
        {None: _NA_LABEL},
        {None: BOOL_COLORS[None], **_KNOWN_COLORS},
    )


def status_classes(
    df: pd.DataFrame,
    status: str,
    status_labels: dict | None,
    colors: dict | None,
) -> StatusClasses:
    """The classes of a boolean or categorical status column.

    Parameters
    ----------
    df : pandas.DataFrame
        A register.
    status : str
        The column (``<NA>`` and empty text are *tidak diketahui*).
    status_labels, colors : dict, optional
        Label and colour per value or per default label.

    Returns
    -------
    StatusClasses

    Raises
    ------
    MapError
        A missing or numeric column.
    """
    if status not in df.columns:
        raise MapError(
            f"kolom status {status!r} tidak ada di register. Kolom yang ada: "
            + ", ".join(map(str, df.columns))
        )
    title = column_title(status)
    raws, row_raw, default_labels, default_colors = _raw_values(df[status], status)
    if len(raws) > len(_QUALITATIVE) * 4:
        raise MapError(
            f"kolom {status!r} berisi {len(raws)} nilai berbeda: terlalu banyak untuk "
            f"warna titik (paling banyak {len(_QUALITATIVE) * 4}); pilih kolom status"
        )
    labels, cols = [], []
    qual = iter(_QUALITATIVE * 4)
    for raw in raws:
        label = default_labels.get(raw, str(raw) if raw is not None else _NA_LABEL)
        custom = _lookup(status_labels, raw, label)
        if custom is None and raw is None:
            custom = _lookup(status_labels, pd.NA, label)
        label = str(custom) if custom is not None else label
        color = _lookup(colors, raw, label)
        if color is None:
            color = default_colors.get(raw) or default_colors.get(
                str(raw).lower() if raw is not None else None
            )
        labels.append(label)
        cols.append(str(color or next(qual)))
    pos = {raw: i for i, raw in enumerate(raws)}
    index = np.array([pos[r] for r in row_raw], dtype=int)
    counts = np.bincount(index, minlength=len(raws)).tolist()
    return StatusClasses(index, labels, cols, counts, title)


# ---------------------------------------------------------------------------
# Value classes of kecamatan (mapclassify)
# ---------------------------------------------------------------------------
def palette(k: int) -> list[str]:
    """``k`` sequential colours (ColorBrewer YlGnBu)."""
    from branca.utilities import color_brewer

    if k <= 0:
        return []
    full = color_brewer("YlGnBu", max(3, k))
    if k >= 3:
        return full
    return [full[1]] if k == 1 else [full[0], full[-1]]


#: mapclassify schemes that need only ``k`` (``UserDefined`` needs bins).
_SCHEMES = {
    "boxplot",
    "equalinterval",
    "fisherjenks",
    "fisherjenkssampled",
    "headtailbreaks",
    "jenkscaspall",
    "jenkscaspallforced",
    "jenkscaspallsampled",
    "maximumbreaks",
    "naturalbreaks",
    "quantiles",
    "percentiles",
    "prettybreaks",
    "stdmean",
}


def value_classes(
    values: pd.Series, scheme: str, k: int
) -> tuple[np.ndarray, list[float]]:
    """Class index per value (-1 = no data) and the class upper bounds.

    Parameters
    ----------
    values : pandas.Series
        Numbers (NA allowed).
    scheme : str
        A mapclassify scheme (``NaturalBreaks`` runs Fisher-Jenks, the exact
        natural breaks, up to 3000 values).
    k : int
        Classes wanted (fewer when there are fewer distinct values).

    Returns
    -------
    (numpy.ndarray, list of float)

    Raises
    ------
    MapError
        An unknown scheme.
    """
    import mapclassify

    key = scheme.lower().replace("_", "").replace(" ", "")
    if key not in _SCHEMES:
        raise MapError(
            f"skema klasifikasi {scheme!r} tidak dikenal; pilihan: "
            "NaturalBreaks, FisherJenks, Quantiles, EqualInterval, HeadTailBreaks, "
            "MaximumBreaks, BoxPlot, Percentiles, StdMean, JenksCaspall, PrettyBreaks"
        )
    y = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
    ok = np.isfinite(y)
    idx = np.full(len(y), -1, dtype=int)
    if not ok.any():
        return idx, []
    uniq = np.unique(y[ok])
    k_eff = max(1, min(int(k), len(uniq)))
    if k_eff == 1:
        idx[ok] = 0
        return idx, [float(uniq.max())]
    if len(uniq) <= k_eff:
        bins = uniq
    else:
        # Jenks natural breaks: mapclassify's NaturalBreaks runs k-means with
        # random starts (slow, not reproducible); Fisher-Jenks finds the
        # optimal natural breaks exactly and fast at kecamatan/desa sizes.
        use = "FisherJenks" if key == "naturalbreaks" and ok.sum() <= 3000 else scheme
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*Numba.*")
                bins = mapclassify.classify(y[ok], scheme=use, k=k_eff).bins
        except ValueError as exc:
            raise MapError(
                f"skema klasifikasi {scheme!r} tidak dikenal mapclassify ({exc})"
            ) from exc
    bins = np.unique(np.asarray(bins, dtype=float))
    bins[-1] = max(bins[-1], y[ok].max())
    idx[ok] = np.searchsorted(bins, y[ok], side="left")
    return idx, bins.tolist()


def class_labels(y: np.ndarray, bins: list[float], unit: str) -> list[str]:
    """Legend text of each class: ``"12,5 – 50,0%"`` (lowest value inside)."""
    ok = y[np.isfinite(y)]
    d = decimals(np.concatenate([ok, np.asarray(bins)]) if len(bins) else ok)
    u = unit_suffix(unit)
    out = []
    lo = float(ok.min()) if ok.size else 0.0
    for i, hi in enumerate(bins):
        if i == 0:
            a = lo
        else:
            inside = ok[(ok > bins[i - 1]) & (ok <= hi)]
            a = float(inside.min()) if inside.size else bins[i - 1]
        if np.isclose(a, hi):
            out.append(with_unit(angka(hi, d), unit))
        else:
            out.append(f"{with_unit(angka(a, d), unit)} – {angka(hi, d)}{u}")
    return out


def status_coverage(
    kecamatan: pd.DataFrame, column: str
) -> tuple[list[str], list[str]]:
    """Per row: the text of a missing value and a "known k of n" note.

    For a ``persen_<s>`` column of :func:`kecamatan_metrics` a missing value
    with cooperatives present means no status is known (*tidak diketahui*),
    and the note says how many statuses the share is computed over.
    """
    n = len(kecamatan)
    missing = ["tidak ada data"] * n
    notes = [""] * n
    s = column[len("persen_") :] if column.startswith("persen_") else ""
    na_col = f"tidak_diketahui_{s}"
    if (
        not s
        or na_col not in kecamatan.columns
        or ("jumlah_koperasi" not in kecamatan.columns)
    ):
        return missing, notes
    total = pd.to_numeric(kecamatan["jumlah_koperasi"], errors="coerce")
    unknown = pd.to_numeric(kecamatan[na_col], errors="coerce")
    for i, (t, u) in enumerate(zip(total, unknown, strict=True)):
        if pd.isna(t) or pd.isna(u) or t <= 0:
            continue
        known = int(t - u)
        if known == 0:
            missing[i] = "tidak diketahui"
        notes[i] = f"status diketahui: {known} dari {int(t)} koperasi"
    return missing, notes


@dataclass
class ValueClasses:
    """The classes of a numeric kecamatan column, with every text they show."""

    index: np.ndarray  # per row → class, -1 = no data
    bounds: list[float]  # upper bound per class
    labels: list[str]  # legend text per class
    colors: list[str]  # fill per class
    value_text: list[str]  # per row: "12,5%" or why there is no value
    missing_text: list[str]  # per row: the text of a missing value
    known_text: list[str]  # per row: "status diketahui: k dari n koperasi" or ""


def kecamatan_classes(
    kecamatan: pd.DataFrame, column: str, unit: str, scheme: str, k: int
) -> ValueClasses:
    """Class, colour and texts of each kecamatan for ``column``.

    Parameters
    ----------
    kecamatan : pandas.DataFrame
        The kecamatan table (e.g. :func:`kecamatan_metrics`).
    column : str
        Its numeric column.
    unit : str
        Unit after each number.
    scheme, k : str, int
        mapclassify scheme and number of classes (:func:`value_classes`).

    Returns
    -------
    ValueClasses
    """
    idx, bins = value_classes(kecamatan[column], scheme, k)
    y = pd.to_numeric(kecamatan[column], errors="coerce").astype(float).to_numpy()
    missing, known = status_coverage(kecamatan, column)
    d = decimals(y)
    value_text = [
        missing[i] if not np.isfinite(v) else with_unit(angka(v, d), unit)
        for i, v in enumerate(y)
    ]
    return ValueClasses(
        index=idx,
        bounds=bins,
        labels=class_labels(y, bins, unit),
        colors=palette(len(bins)),
        value_text=value_text,
        missing_text=missing,
        known_text=known,
    )


# ---------------------------------------------------------------------------
# Kecamatan table
# ---------------------------------------------------------------------------
def _transactions(
    out: gpd.GeoDataFrame, register: pd.DataFrame, kec: pd.Series
) -> gpd.GeoDataFrame:
    """SIMKOPDES transactions per kecamatan: value (Rp) and cooperatives with any.

    ``nilai_transaksi_rp`` sums the known values (NaN, *tidak diketahui*,
    where no cooperative of the kecamatan has one; a register without the
    column gives NaN everywhere); ``jumlah_bertransaksi`` counts values > 0.
    The volume is not summarised: SIMKOPDES does not state its unit.
    """
    if "transaksi_nilai_rp" not in register.columns:
        out["nilai_transaksi_rp"] = np.nan
        out["jumlah_bertransaksi"] = pd.array([pd.NA] * len(out), dtype="Int64")
        return out
    v = pd.to_numeric(register["transaksi_nilai_rp"], errors="coerce").astype(float)
    t = pd.DataFrame({"k": kec.to_numpy(), "v": v.to_numpy()})
    agg = t.groupby("k").agg(
        nilai=("v", lambda s: s.sum() if s.notna().any() else np.nan),
        n=("v", lambda s: int((s > 0).sum()) if s.notna().any() else -1),
    )
    key = out["kode_kecamatan"].astype(str)
    out["nilai_transaksi_rp"] = key.map(agg["nilai"]).astype(float)
    n = key.map(agg["n"])
    out["jumlah_bertransaksi"] = pd.array(n.where(n >= 0), dtype="Int64")
    return out


def kecamatan_metrics(
    register: pd.DataFrame, kecamatan: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Counts and shares of the cooperatives' statuses per kecamatan.

    Parameters
    ----------
    register : pandas.DataFrame
        A register with ``kode_kecamatan`` and the :data:`STATUS_METRIK`
        columns (absent columns count as unknown).
    kecamatan : geopandas.GeoDataFrame
        Kecamatan polygons with ``kode_kecamatan`` (e.g.
        :func:`kdkmp_analysis.region.boundaries.kecamatan_polygons`).

    Returns
    -------
    geopandas.GeoDataFrame
        The kecamatan columns plus the :data:`METRIK` columns:
        ``jumlah_koperasi``; per status ``jumlah_<s>`` (yes),
        ``persen_<s>`` (yes / cooperatives whose status is *known* × 100;
        NaN — drawn grey as *tidak diketahui* — when no status is known, so
        an unknown status is never shown as 0 %) and
        ``tidak_diketahui_<s>``; ``jumlah_belum_bermitra`` (known not
        partnered). ``provenance.status`` is copied from the register.

    Raises
    ------
    MapError
        When a cooperative's ``kode_kecamatan`` is not in the kecamatan table
        (named), so no cooperative is silently lost.
    """
    require(register, ["kode_kecamatan"], "register")
    require(kecamatan, ["kode_kecamatan", "geometry"], "tabel kecamatan")
    known = set(kecamatan["kode_kecamatan"].astype(str))
    codes = register["kode_kecamatan"].astype("string")
    stray = sorted(set(codes.dropna()) - known)
    if stray or codes.isna().any():
        raise MapError(
            "koperasi dengan kode kecamatan yang tidak ada di peta: "
            + ", ".join(stray + (["(kosong)"] if codes.isna().any() else []))[:300]
        )
    g = pd.DataFrame({"kode_kecamatan": codes.astype(str)})
    for s in STATUS_METRIK:
        col = (
            register[s].astype("boolean")
            if s in register.columns
            else pd.Series(pd.NA, index=register.index, dtype="boolean")
        )
        g[f"_y_{s}"] = col.fillna(False).astype(int).to_numpy()
        g[f"_na_{s}"] = col.isna().astype(int).to_numpy()
    agg = g.groupby("kode_kecamatan").agg(
        jumlah_koperasi=("kode_kecamatan", "size"),
        **{f"jumlah_{s}": (f"_y_{s}", "sum") for s in STATUS_METRIK},
        **{f"tidak_diketahui_{s}": (f"_na_{s}", "sum") for s in STATUS_METRIK},
    )
    out = kecamatan.merge(
        agg,
        left_on=kecamatan["kode_kecamatan"].astype(str),
        right_index=True,
        how="left",
    )
    if "key_0" in out.columns:
        out = out.drop(columns="key_0")
    count_cols = ["jumlah_koperasi"] + [
        f"{p}_{s}" for s in STATUS_METRIK for p in ("jumlah", "tidak_diketahui")
    ]
    out[count_cols] = out[count_cols].fillna(0).astype(int)
    for s in STATUS_METRIK:
        # share over the cooperatives whose status is known: unknown is not
        # "no"; NaN (grey, "tidak diketahui") when none is known
        n_known = (out["jumlah_koperasi"] - out[f"tidak_diketahui_{s}"]).astype(float)
        out[f"persen_{s}"] = (
            100.0 * out[f"jumlah_{s}"] / n_known.where(n_known > 0)
        ).round(1)
    out["jumlah_belum_bermitra"] = (
        out["jumlah_koperasi"]
        - out["jumlah_bermitra_bumn"]
        - out["tidak_diketahui_bermitra_bumn"]
    )
    out = _transactions(out, register, g["kode_kecamatan"])
    out.attrs = dict(kecamatan.attrs)
    provenance.tag(
        out,
        status=reg_mod.STATUS_ILUSTRASI
        if reg_mod.is_ilustrasi(register)
        else provenance.of(register).status,
    )
    return out
