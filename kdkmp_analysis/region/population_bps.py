"""BPS population figures per kecamatan and per desa: cited facts from ``data/``.

Two fact tables ship with the package, one row per unit and year, each row
naming its source (a key of ``[sumber]`` in ``data/parameter.toml``):

``data/penduduk_kecamatan.csv``
    BPS kecamatan populations (``berlaku_untuk``, ``kode_kecamatan``,
    ``nama``, ``kode_bps``, ``nama_bps``, ``tahun``, ``penduduk``,
    ``status``, ``sumber``, ``catatan``). Kabupaten Pasuruan: the 24
    kecamatan of the 2010 Census (BPS, 1,510,261 in total; BPS numbers its
    kecamatan differently from Kemendagri — 3514040 Tosari is 35.14.24 — so
    they were matched by name).
``data/penduduk_desa_sp2010.csv``
    BPS 2010 Census population of every desa/kelurahan (same columns with
    ``kode_desa``); Kabupaten Pasuruan: 365 desa, 1,512,468 in total.

No per-kecamatan figure of the 2020 Census or of a later BPS projection
could be found for Kabupaten Pasuruan. For a year without kecamatan figures,
:func:`kecamatan_base` scales the latest kecamatan figures to the BPS regency
total of that year (``[penduduk_bps.*]`` of ``data/parameter.toml``):
``kecamatan = share of the kabupaten at the fact year × regency total``,
rounded by largest remainder so that the kecamatan sum equals the published
total exactly. Those figures are labelled ``perkiraan`` with the method; the
fact-year figures themselves are ``data``.

BPS figures count the people who live in an area (census, projection);
Kepmendagri's population (Dukcapil registration, December 2024: 1,665,922 for
Kabupaten Pasuruan) counts the people registered there. The two bases differ
by design; :func:`basis_note` says by how much.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import config, params
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "DESA_FILE",
    "FactTableError",
    "KECAMATAN_FILE",
    "KecamatanBase",
    "basis_note",
    "desa_facts",
    "kecamatan_base",
    "kecamatan_facts",
    "largest_remainder",
    "regency_totals",
    "short_source",
]

KECAMATAN_FILE = "penduduk_kecamatan.csv"
DESA_FILE = "penduduk_desa_sp2010.csv"


class FactTableError(KdkmpError, ValueError):
    """A shipped BPS fact table that does not cover its kabupaten."""


@dataclass(frozen=True)
class KecamatanBase:
    """The kecamatan populations in use for one kabupaten and year.

    Attributes
    ----------
    table : pandas.DataFrame
        ``kode_kecamatan``, ``nama_kecamatan``, ``penduduk`` (int), one row
        per kecamatan of the kabupaten.
    tahun : int
        Year of the figures.
    status : str
        ``"data"`` (BPS kecamatan figures as published) or ``"perkiraan"``
        (scaled to the regency total of ``tahun``).
    sumber : str
        One line, Indonesian: where the figures come from and, for a
        ``perkiraan``, how they were made.
    """

    table: pd.DataFrame
    tahun: int
    status: str
    sumber: str

    @property
    def total(self) -> int:
        """Sum of the kecamatan figures."""
        return int(self.table["penduduk"].sum())


@functools.lru_cache(maxsize=4)
def _read(name: str) -> pd.DataFrame:
    df = pd.read_csv(config.data_dir() / name, dtype=str, keep_default_na=False)
    df["tahun"] = df["tahun"].astype(int)
    df["penduduk"] = df["penduduk"].astype(int)
    return df


def kecamatan_facts(code: str) -> pd.DataFrame:
    """The BPS kecamatan rows of ``data/penduduk_kecamatan.csv`` for a kabupaten.

    Parameters
    ----------
    code : str
        Dotted Kemendagri kabupaten code (``"35.14"``).
    """
    df = _read(KECAMATAN_FILE)
    return df[df["berlaku_untuk"] == code].reset_index(drop=True)


def desa_facts(code: str) -> pd.DataFrame:
    """The BPS 2010 desa rows of ``data/penduduk_desa_sp2010.csv`` for a kabupaten."""
    df = _read(DESA_FILE)
    return df[df["berlaku_untuk"] == code].reset_index(drop=True)


def regency_totals(code: str) -> dict[int, dict[str, Any]]:
    """BPS regency totals by year (``[penduduk_bps.*]``) for a kabupaten."""
    out = {}
    for table in params.for_kabupaten("penduduk_bps", code).values():
        out[int(table["tahun"])] = table
    return dict(sorted(out.items()))


def short_source(source_id: str) -> str:
    """A short citation of a source: ``judul_singkat`` (else ``judul``) and date."""
    src = params.source(source_id)
    title = src.get("judul_singkat") or src.get("judul") or source_id
    return f"{title}, {src.get('tanggal', '?')}"


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that sum exactly to ``total``.

    Hamilton's method: floor the exact shares, then give the remaining units
    to the largest fractional parts (ties in input order). Zero weights
    everywhere spread the total equally.
    """
    w = np.asarray(weights, dtype=float)
    if len(w) == 0:
        return np.zeros(0, dtype=int)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be finite and non-negative")
    if w.sum() <= 0:
        w = np.ones_like(w)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    rest = int(total - out.sum())
    out[np.argsort(-(raw - out), kind="stable")[:rest]] += 1
    return out


def _complete(facts: pd.DataFrame, kecamatan: pd.DataFrame, code: str) -> None:
    """Every kecamatan of the kabupaten has a figure in every fact year."""
    want = set(kecamatan["kode_kecamatan"])
    for year, rows in facts.groupby("tahun"):
        have = set(rows["kode_kecamatan"])
        if have != want:
            gone = sorted(want - have) + sorted(have - want)
            raise FactTableError(
                f"data/{KECAMATAN_FILE}: tahun {year} untuk {code} tidak cocok "
                f"dengan daftar kecamatan resmi ({', '.join(gone[:5])})"
            )


def kecamatan_base(
    code: str, kecamatan: pd.DataFrame, tahun: int | None = None
) -> KecamatanBase | None:
    """The kecamatan populations of a kabupaten for a year, from the BPS facts.

    Parameters
    ----------
    code : str
        Dotted Kemendagri kabupaten code.
    kecamatan : pandas.DataFrame
        The official kecamatan list (``kode_kecamatan``, ``nama_kecamatan``;
        :func:`kdkmp_analysis.region.load_kecamatan`).
    tahun : int, optional
        Year wanted; default ``penduduk.tahun`` of ``data/parameter.toml``.
        A year with BPS kecamatan figures gives them as ``data``; a year with
        only a BPS regency total gives the latest earlier kecamatan shares
        scaled to it (``perkiraan``); a year with neither uses the latest
        regency total there is.

    Returns
    -------
    KecamatanBase or None
        ``None`` when ``data/penduduk_kecamatan.csv`` has no row for the
        kabupaten.

    Raises
    ------
    FactTableError
        When a fact year does not cover exactly the official kecamatan.
    """
    facts = kecamatan_facts(code)
    if facts.empty:
        return None
    _complete(facts, kecamatan, code)
    want = int(tahun if tahun is not None else params.value("penduduk.tahun"))
    names = kecamatan.set_index("kode_kecamatan")["nama_kecamatan"]
    if want in set(facts["tahun"]):
        rows = facts[facts["tahun"] == want]
        return KecamatanBase(
            _table(rows["kode_kecamatan"], rows["penduduk"], names),
            want,
            "data",
            "; ".join(short_source(s) for s in sorted(set(rows["sumber"]))),
        )
    totals = regency_totals(code)
    years = [y for y in totals if y <= want] or list(totals)
    fact_years = sorted(set(facts["tahun"]))
    if not years:  # no regency total: the latest kecamatan facts as they are
        return kecamatan_base(code, kecamatan, fact_years[-1])
    year = max(years)
    base_year = max([y for y in fact_years if y <= year] or fact_years)
    if year == base_year:
        return kecamatan_base(code, kecamatan, year)
    rows = facts[facts["tahun"] == base_year]
    total = int(totals[year]["nilai"])
    pop = largest_remainder(total, rows["penduduk"].to_numpy())
    fact_src = "; ".join(short_source(s) for s in sorted(set(rows["sumber"])))
    sumber = (
        f"perkiraan {year}: porsi tiap kecamatan pada {base_year} ({fact_src}) × "
        f"penduduk kabupaten {year} {angka(total)} jiwa "
        f"({short_source(totals[year]['sumber'])}); angka BPS per kecamatan untuk "
        f"{year} tidak tersedia di sini"
    )
    return KecamatanBase(
        _table(rows["kode_kecamatan"], pop, names), year, "perkiraan", sumber
    )


def _table(codes: pd.Series, pop: Any, names: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame(
        {"kode_kecamatan": codes.to_numpy(), "penduduk": np.asarray(pop, dtype=int)}
    )
    out.insert(1, "nama_kecamatan", names.reindex(out["kode_kecamatan"]).to_numpy())
    return out.sort_values("kode_kecamatan").reset_index(drop=True)


def basis_note(total: int, tahun: int | None, code: str, basis: str) -> str:
    """How a population total relates to Kepmendagri's figure, in Indonesian.

    Parameters
    ----------
    total : int
        The kabupaten sum of the population in use.
    tahun : int or None
        Its year (``None`` when unknown, e.g. a planner's file).
    code : str
        Dotted Kemendagri kabupaten code.
    basis : str
        What ``total`` is, e.g. ``"BPS"`` or ``"berkas penduduk"``.
    """
    kemendagri = params.for_kabupaten("penduduk_kabupaten", code)
    if not kemendagri:
        return (
            f"Jumlah penduduk yang dipakai {angka(total)} jiwa ({basis}); "
            "angka Kepmendagri (Dukcapil) kabupaten ini tidak tercatat di "
            "data/parameter.toml."
        )
    entry = next(iter(kemendagri.values()))
    reg = int(entry["nilai"])
    diff = reg - total
    pct = angka(abs(diff) / reg * 100, 1)
    arah = "di bawah" if diff > 0 else "di atas"
    year = f" ({tahun})" if tahun else ""
    kemendagri_txt = (
        f"angka Kepmendagri {angka(reg)} jiwa ({short_source(entry['sumber'])}; "
        "Dukcapil, penduduk yang terdaftar)"
    )
    if basis == "BPS":
        return (
            f"Jumlah penduduk yang dipakai{year}: {angka(total)} jiwa ({basis}: "
            f"orang yang tinggal di wilayah itu, hasil sensus/proyeksi) "
            f"{angka(abs(diff))} jiwa ({pct} %) {arah} {kemendagri_txt}. Dasar "
            "pencatatannya berbeda; selisih ini bukan galat."
        )
    # a planner's own file: its sum is stated, never explained away
    warn = (
        " Selisih lebih dari 5 %: periksa apakah berkas memuat semua desa/kecamatan."
        if abs(diff) / reg > 0.05
        else ""
    )
    return (
        f"Jumlah penduduk yang dipakai{year}: {angka(total)} jiwa ({basis}), "
        f"{angka(abs(diff))} jiwa ({pct} %) {arah} {kemendagri_txt}.{warn}"
    )
