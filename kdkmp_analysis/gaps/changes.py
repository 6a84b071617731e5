"""What changed between two registers (NIB, partners, readiness, cooperatives)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kdkmp_analysis import register
from kdkmp_analysis.gaps.catalogue import SIAP, Programme, select_programmes
from kdkmp_analysis.gaps.readiness import prepare_register, readiness_rows


# ---------------------------------------------------------------------------
# Comparing two registers
# ---------------------------------------------------------------------------
@dataclass
class RegisterChanges:
    """What changed between two registers.

    Attributes
    ----------
    detail : pandas.DataFrame
        One row per change: ``kode_desa``, ``nama_koperasi``,
        ``nama_kecamatan``, ``perubahan`` (kind, see below), ``program``
        (programme key or partner key, empty for NIB/cooperative changes),
        ``sebelum``, ``sesudah``.
    by_kecamatan : pandas.DataFrame
        Counts per kecamatan, one column per kind of change.

    Notes
    -----
    Kinds of change: ``NIB baru``, ``NIB hilang``, ``mitra baru``,
    ``mitra berakhir``, ``baru siap``, ``tidak lagi siap``, ``koperasi baru``,
    ``koperasi hilang``. Unknown (``<NA>``) is neither True nor False: a
    status that goes from unknown to True is new; from True to unknown is
    *not* reported as lost (the register simply does not say).
    """

    detail: pd.DataFrame
    by_kecamatan: pd.DataFrame


PERUBAHAN = [
    "NIB baru",
    "NIB hilang",
    "mitra baru",
    "mitra berakhir",
    "baru siap",
    "tidak lagi siap",
    "koperasi baru",
    "koperasi hilang",
]


def _bool_or_na(v: Any) -> Any:
    return pd.NA if pd.isna(v) else bool(v)


def compare_registers(
    old: pd.DataFrame,
    new: pd.DataFrame,
    programmes: Iterable[str | Programme] | None = None,
    *,
    strict: bool = False,
) -> RegisterChanges:
    """Compare two registers (e.g. last month's and this month's import).

    Cooperatives are matched by their official ``kode_desa``.

    Parameters
    ----------
    old, new : pandas.DataFrame
        The earlier and the later register.
    programmes : iterable of str or Programme, optional
        Programmes whose readiness is compared (default: all).
    strict : bool
        Passed to :func:`readiness`.

    Returns
    -------
    RegisterChanges
        The changes, per cooperative and counted per kecamatan.
    """
    a, absent_a = prepare_register(old)
    b, absent_b = prepare_register(new)
    ia, ib = a.set_index("kode_desa"), b.set_index("kode_desa")
    common = ib.index[ib.index.isin(ia.index)]
    rows = _membership_changes(ia, ib)
    rows += _status_changes(ia, ib, common, absent_a, absent_b)
    progs = select_programmes(programmes)
    rows += _readiness_changes(
        readiness_rows(a, absent_a, progs, strict),
        readiness_rows(b, absent_b, progs, strict),
        ib,
        common,
        progs,
    )
    detail = pd.DataFrame(rows, columns=_DETAIL_COLUMNS)
    detail = detail.sort_values(
        ["kode_kecamatan", "kode_desa", "perubahan", "program"]
    ).reset_index(drop=True)
    return RegisterChanges(
        detail=detail, by_kecamatan=_count_by_kecamatan(a, b, detail)
    )


_DETAIL_COLUMNS = [
    "kode_desa",
    "nama_koperasi",
    "kode_kecamatan",
    "nama_kecamatan",
    "perubahan",
    "program",
    "sebelum",
    "sesudah",
]


def _row(
    side: pd.DataFrame,
    code: str,
    kind: str,
    prog: str = "",
    before: Any = "",
    after: Any = "",
) -> dict[str, Any]:
    row = side.loc[code]
    return {
        "kode_desa": code,
        "nama_koperasi": row["nama_koperasi"],
        "kode_kecamatan": row["kode_kecamatan"],
        "nama_kecamatan": row["nama_kecamatan"],
        "perubahan": kind,
        "program": prog,
        "sebelum": before,
        "sesudah": after,
    }


def _membership_changes(ia: pd.DataFrame, ib: pd.DataFrame) -> list[dict[str, Any]]:
    """Cooperatives that appear in only one of the two registers."""
    rows = [_row(ib, code, "koperasi baru") for code in ib.index.difference(ia.index)]
    rows += [
        _row(ia, code, "koperasi hilang") for code in ia.index.difference(ib.index)
    ]
    return rows


def _status_changes(
    ia: pd.DataFrame,
    ib: pd.DataFrame,
    common: pd.Index,
    absent_a: set[str],
    absent_b: set[str],
) -> list[dict[str, Any]]:
    """NIB gained/lost and partnerships started/ended (unknown is not a change)."""

    def flag(df: pd.DataFrame, col: str, absent: set[str]) -> pd.Series:
        if col in absent:
            return pd.Series(pd.NA, index=common, dtype="boolean")
        return df.loc[common, col].astype("boolean")

    checks = [("nib", "NIB baru", "NIB hilang", "")] + [
        (f"mitra_{k}", "mitra baru", "mitra berakhir", k) for k in register.MITRA
    ]
    rows = []
    for col, gained, lost, key in checks:
        before, after = flag(ia, col, absent_a), flag(ib, col, absent_b)
        was_true = before.fillna(False).astype(bool)
        is_true = after.fillna(False).astype(bool)
        is_false = (after == False).fillna(False).astype(bool)  # noqa: E712
        for code in common[(~was_true & is_true).to_numpy()]:
            rows.append(_row(ib, code, gained, key, _bool_or_na(before[code]), True))
        for code in common[(was_true & is_false).to_numpy()]:
            rows.append(_row(ib, code, lost, key, True, False))
    return rows


def _readiness_changes(
    ra: pd.DataFrame,
    rb: pd.DataFrame,
    ib: pd.DataFrame,
    common: pd.Index,
    progs: list[Programme],
) -> list[dict[str, Any]]:
    """Cooperatives that became ready, or stopped being ready, per programme."""
    ka = ra.set_index(["kode_desa", "program"])["kesiapan"]
    kb = rb.set_index(["kode_desa", "program"])["kesiapan"]
    rows = []
    for p in progs:
        sa = ka.xs(p.key, level="program").reindex(common)
        sb = kb.xs(p.key, level="program").reindex(common)
        for code in common[((sa != SIAP) & (sb == SIAP)).to_numpy()]:
            rows.append(_row(ib, code, "baru siap", p.key, sa[code], SIAP))
        for code in common[((sa == SIAP) & (sb != SIAP)).to_numpy()]:
            rows.append(_row(ib, code, "tidak lagi siap", p.key, SIAP, sb[code]))
    return rows


def _count_by_kecamatan(
    a: pd.DataFrame, b: pd.DataFrame, detail: pd.DataFrame
) -> pd.DataFrame:
    """Changes counted per kecamatan (every kecamatan of either register)."""
    kec = (
        pd.concat([a, b])[["kode_kecamatan", "nama_kecamatan"]]
        .drop_duplicates("kode_kecamatan")
        .sort_values("kode_kecamatan")
    )
    counts = (
        detail.groupby(["kode_kecamatan", "perubahan"]).size().unstack(fill_value=0)
        if not detail.empty
        else pd.DataFrame(index=pd.Index([], name="kode_kecamatan"))
    )
    counts = counts.reindex(columns=PERUBAHAN, fill_value=0)
    by_kec = kec.merge(counts, left_on="kode_kecamatan", right_index=True, how="left")
    by_kec[PERUBAHAN] = by_kec[PERUBAHAN].fillna(0).astype(int)
    return by_kec.reset_index(drop=True)
