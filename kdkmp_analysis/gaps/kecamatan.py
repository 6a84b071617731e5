"""Gaps by kecamatan and for the whole kabupaten, unknown partner status in words."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import provenance
from kdkmp_analysis.gaps.catalogue import (
    BELUM_BERMITRA,
    BELUM_SIAP,
    BERMITRA,
    MITRA_TIDAK_BERLAKU,
    MITRA_TIDAK_DIKETAHUI,
    SIAP,
    TIDAK_DAPAT_DINILAI,
    load_programmes,
)

# ---------------------------------------------------------------------------
# Gaps by kecamatan
# ---------------------------------------------------------------------------
_COUNTS = [
    "koperasi",
    "siap_belum_bermitra",
    "belum_siap",
    "tidak_dapat_dinilai",
    "siap",
    "mitra_tidak_diketahui",
    "mitra_diketahui",
]
#: Columns that are ``<NA>`` when no partner status is known (or the
#: programme has no partner column) — never shown as zero.
_PARTNER_COLUMNS = [
    "bermitra",
    "penduduk_desa_bermitra",
    "penduduk_mitra_diketahui",
    "cakupan_penduduk_pct",
]


def most_common(lists: pd.Series, order: list[str]) -> tuple[str, int]:
    """The item named most often in ``"a; b"`` lists, with its count.

    Parameters
    ----------
    lists : pandas.Series
        Texts of ``"; "``-separated items (empty = none).
    order : list of str
        Tie-break order (earlier wins); unnamed items after, alphabetically.

    Returns
    -------
    tuple of (str, int)
        ``("", 0)`` when no item is named.
    """
    c: Counter[str] = Counter()
    for text in lists:
        if text:
            c.update(text.split("; "))
    if not c:
        return "", 0
    rank = {name: i for i, name in enumerate(order)}
    name = min(c, key=lambda k: (-c[k], rank.get(k, len(rank)), k))
    return name, int(c[name])


def _with_population(
    ready: pd.DataFrame, population: pd.DataFrame | None
) -> tuple[pd.DataFrame, str]:
    if population is None:
        return ready.assign(penduduk=pd.NA), "tidak tersedia"
    pop = population.set_index("kode_desa")["penduduk"]
    status = provenance.of(population).population
    if status is None and "status_penduduk" in population.columns:
        vals = set(population["status_penduduk"].dropna())
        status = "data" if vals == {"data"} else "perkiraan"
    return ready.assign(penduduk=ready["kode_desa"].map(pop)), status or "perkiraan"


def _aggregate(df: pd.DataFrame, req_order: dict[str, list[str]]) -> dict[str, Any]:
    unpartnered = df["status_mitra"] != BERMITRA
    siap = df["kesiapan"] == SIAP
    belum = df["kesiapan"] == BELUM_SIAP
    tdd = df["kesiapan"] == TIDAK_DAPAT_DINILAI
    prog = df["program"].iloc[0]
    name, count = most_common(
        df.loc[belum & unpartnered, "syarat_kurang"], req_order.get(prog, [])
    )
    pen = pd.to_numeric(df["penduduk"], errors="coerce")
    has_pop = pen.notna().all() and len(pen) > 0
    served = (df["status_mitra"] == BERMITRA).to_numpy()
    known = df["status_mitra"].isin([BERMITRA, BELUM_BERMITRA]).to_numpy()
    n_known = int(known.sum())
    total_pop = int(pen.sum()) if has_pop else pd.NA
    # unknown partner status is never counted as "not partnered": with no
    # status known the partner figures are <NA>, not zero
    served_pop = int(pen[served].sum()) if has_pop and n_known else pd.NA
    known_pop = int(pen[known].sum()) if has_pop and n_known else pd.NA
    return {
        "koperasi": len(df),
        "bermitra": int(served.sum()) if n_known else pd.NA,
        "siap_belum_bermitra": int((siap & unpartnered).sum()),
        "belum_siap": int((belum & unpartnered).sum()),
        "tidak_dapat_dinilai": int((tdd & unpartnered).sum()),
        "siap": int(siap.sum()),
        "mitra_tidak_diketahui": int(
            (df["status_mitra"] == MITRA_TIDAK_DIKETAHUI).sum()
        ),
        "mitra_diketahui": n_known,
        "syarat_kurang_terbanyak": name,
        "jumlah_syarat_kurang_terbanyak": count,
        "penduduk": total_pop,
        "penduduk_desa_bermitra": served_pop,
        "penduduk_mitra_diketahui": known_pop,
    }


def _finish(rows: list[dict], pop_status: str) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    for c in _COUNTS + ["jumlah_syarat_kurang_terbanyak"]:
        out[c] = out[c].astype(int)
    for c in (
        "bermitra",
        "penduduk",
        "penduduk_desa_bermitra",
        "penduduk_mitra_diketahui",
    ):
        out[c] = pd.array(out[c], dtype="Int64")
    out["porsi_siap_belum_bermitra"] = (
        out["siap_belum_bermitra"] / out["koperasi"].where(out["koperasi"] > 0)
    ).astype(float)
    # share over the desa whose partner status is known (unknown ≠ "no")
    base = out["penduduk_mitra_diketahui"].astype("Float64")
    cov = out["penduduk_desa_bermitra"].astype("Float64") / base.where(base > 0)
    out["cakupan_penduduk_pct"] = (100.0 * cov).round(1)
    out["status_penduduk"] = pop_status
    return out


def _req_order(ready: pd.DataFrame) -> dict[str, list[str]]:
    progs = load_programmes()
    return {
        k: [r.nama for r in progs[k].syarat]
        for k in ready["program"].unique()
        if k in progs
    }


def gaps_by_kecamatan(
    ready: pd.DataFrame, population: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Gaps per kecamatan × programme.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`readiness`.
    population : pandas.DataFrame, optional
        Per-desa population (:func:`kdkmp_analysis.region.population.desa_population`:
        ``kode_desa``, ``penduduk``, ``provenance.population``). Without
        it the population columns are ``<NA>``.

    Returns
    -------
    pandas.DataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``program``, ``nama_program``,
        ``nama_mitra`` and the counts: ``koperasi`` = ``bermitra`` +
        ``siap_belum_bermitra`` (the forum's candidates) + ``belum_siap`` +
        ``tidak_dapat_dinilai`` (the last three count cooperatives *not
        known to be* partnered — partner status False or unknown; a
        ``<NA>`` ``bermitra`` counts as 0 in this sum); ``siap`` (all
        ready, partnered or not); ``mitra_tidak_diketahui`` and
        ``mitra_diketahui`` (partner status unknown / known);
        ``syarat_kurang_terbanyak`` and its count among the not-ready;
        ``penduduk``; ``penduduk_desa_bermitra`` (people living in desa
        whose cooperative is partnered) and ``penduduk_mitra_diketahui``
        (people in desa whose partner status is known);
        ``cakupan_penduduk_pct`` (``penduduk_desa_bermitra`` /
        ``penduduk_mitra_diketahui`` × 100: the share over the known);
        ``status_penduduk`` (``perkiraan`` / ``data`` / ``tidak
        tersedia``), ``porsi_siap_belum_bermitra``.

        ``bermitra``, ``penduduk_desa_bermitra``,
        ``penduduk_mitra_diketahui`` and ``cakupan_penduduk_pct`` are
        ``<NA>`` (*tidak diketahui*) when no cooperative's partner status
        is known, and for a programme without a partner column (*tidak
        berlaku*) — never 0. :func:`label_unknown` writes those words.

    Notes
    -----
    :func:`regency_summary` computes the regency rows directly from the
    cooperatives; they equal the column sums of this table (for the
    ``<NA>``-able columns: the sum of the known rows, ``<NA>`` only when
    every row is ``<NA>``).
    """
    df, pop_status = _with_population(ready, population)
    order = _req_order(ready)
    rows = []
    keys = ["kode_kecamatan", "nama_kecamatan", "program"]
    for (kk, nk, prog), g in df.groupby(keys, sort=False, dropna=False):
        rows.append(
            {
                "kode_kecamatan": kk,
                "nama_kecamatan": nk,
                "program": prog,
                "nama_program": g["nama_program"].iloc[0],
                "nama_mitra": g["nama_mitra"].iloc[0],
                **_aggregate(g, order),
            }
        )
    out = _finish(rows, pop_status)
    prog_order = {k: i for i, k in enumerate(dict.fromkeys(ready["program"]))}
    out = out.sort_values(
        ["program", "kode_kecamatan"],
        key=lambda s: s.map(prog_order) if s.name == "program" else s,
    ).reset_index(drop=True)
    out.attrs = dict(ready.attrs)
    provenance.carry(ready, out, population=pop_status)
    return out


#: Words shown instead of ``<NA>`` in the partner columns.
TIDAK_BERLAKU = MITRA_TIDAK_BERLAKU
TIDAK_DIKETAHUI = MITRA_TIDAK_DIKETAHUI
TIDAK_TERSEDIA = "tidak tersedia"


def label_unknown(table: pd.DataFrame) -> pd.DataFrame:
    """Replace ``<NA>`` in the partner columns with Indonesian words.

    For display (workbook, HTML, widgets): ``tidak berlaku`` for a programme
    without a partner column, ``tidak diketahui`` when no cooperative's
    partner status is known, ``tidak tersedia`` for population figures
    without population data. Known values are kept as numbers.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`gaps_by_kecamatan` or :func:`regency_summary` (or
        a column subset holding ``program`` or ``nama_mitra``).

    Returns
    -------
    pandas.DataFrame
        A copy; the partner columns present become object columns.
    """
    out = table.copy()
    cols = [c for c in _PARTNER_COLUMNS if c in out.columns]
    if not cols:
        return out
    progs = load_programmes()
    if "program" in out.columns:
        no_partner = (
            out["program"]
            .map(lambda k: k in progs and progs[k].mitra is None)
            .to_numpy(dtype=bool)
        )
    elif "nama_mitra" in out.columns:
        no_partner = (out["nama_mitra"] == "-").to_numpy(dtype=bool)
    else:
        no_partner = np.zeros(len(out), dtype=bool)
    if "mitra_diketahui" in out.columns:
        none_known = (out["mitra_diketahui"] == 0).to_numpy(dtype=bool)
    elif "bermitra" in out.columns:
        none_known = out["bermitra"].isna().to_numpy(dtype=bool)
    else:
        none_known = np.zeros(len(out), dtype=bool)
    for c in cols:
        vals = out[c].astype(object).where(out[c].notna(), None).to_numpy()
        na = pd.isna(out[c]).to_numpy(dtype=bool)
        word = np.where(
            no_partner,
            TIDAK_BERLAKU,
            np.where(none_known, TIDAK_DIKETAHUI, TIDAK_TERSEDIA),
        )
        out[c] = pd.Series(np.where(na, word, vals), index=out.index, dtype=object)
    return out


def regency_summary(
    ready: pd.DataFrame, population: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Regency totals per programme, computed directly from the cooperatives.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`readiness`.
    population : pandas.DataFrame, optional
        Per-desa population, as for :func:`gaps_by_kecamatan`.

    Returns
    -------
    pandas.DataFrame
        One row per programme with the columns of :func:`gaps_by_kecamatan`
        (without the kecamatan columns).
    """
    df, pop_status = _with_population(ready, population)
    order = _req_order(ready)
    rows = [
        {
            "program": prog,
            "nama_program": g["nama_program"].iloc[0],
            "nama_mitra": g["nama_mitra"].iloc[0],
            **_aggregate(g, order),
        }
        for prog, g in df.groupby("program", sort=False)
    ]
    out = _finish(rows, pop_status)
    out.attrs = dict(ready.attrs)
    provenance.carry(ready, out, population=pop_status)
    return out
