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
    progs = select_programmes(programmes)
    rows: list[dict] = []
    ia = a.set_index("kode_desa")
    ib = b.set_index("kode_desa")

    def add(
        code: str,
        side: pd.DataFrame,
        kind: str,
        prog: str = "",
        before: Any = "",
        after: Any = "",
    ) -> None:
        row = side.loc[code]
        rows.append(
            {
                "kode_desa": code,
                "nama_koperasi": row["nama_koperasi"],
                "kode_kecamatan": row["kode_kecamatan"],
                "nama_kecamatan": row["nama_kecamatan"],
                "perubahan": kind,
                "program": prog,
                "sebelum": before,
                "sesudah": after,
            }
        )

    for code in ib.index.difference(ia.index):
        add(code, ib, "koperasi baru")
    for code in ia.index.difference(ib.index):
        add(code, ia, "koperasi hilang")
    common = ia.index.intersection(ib.index, sort=False)
    common = ib.index[ib.index.isin(common)]

    def flag(df: pd.DataFrame, col: str, absent: set[str]) -> pd.Series:
        if col in absent:
            return pd.Series(pd.NA, index=common, dtype="boolean")
        return df.loc[common, col].astype("boolean")

    checks = [("nib", "NIB baru", "NIB hilang", "")] + [
        (f"mitra_{k}", "mitra baru", "mitra berakhir", k) for k in register.MITRA
    ]
    for col, gained, lost, key in checks:
        before, after = flag(ia, col, absent_a), flag(ib, col, absent_b)
        was_true = before.fillna(False).astype(bool)
        is_true = after.fillna(False).astype(bool)
        is_false = (after == False).fillna(False).astype(bool)  # noqa: E712
        for code in common[(~was_true & is_true).to_numpy()]:
            add(code, ib, gained, key, _bool_or_na(before[code]), True)
        for code in common[(was_true & is_false).to_numpy()]:
            add(code, ib, lost, key, True, False)

    ra = readiness_rows(a, absent_a, progs, strict)
    rb = readiness_rows(b, absent_b, progs, strict)
    ka = ra.set_index(["kode_desa", "program"])["kesiapan"]
    kb = rb.set_index(["kode_desa", "program"])["kesiapan"]
    for p in progs:
        sa = ka.xs(p.key, level="program").reindex(common)
        sb = kb.xs(p.key, level="program").reindex(common)
        for code in common[((sa != SIAP) & (sb == SIAP)).to_numpy()]:
            add(code, ib, "baru siap", p.key, sa[code], SIAP)
        for code in common[((sa == SIAP) & (sb != SIAP)).to_numpy()]:
            add(code, ib, "tidak lagi siap", p.key, SIAP, sb[code])

    detail = pd.DataFrame(
        rows,
        columns=[
            "kode_desa",
            "nama_koperasi",
            "kode_kecamatan",
            "nama_kecamatan",
            "perubahan",
            "program",
            "sebelum",
            "sesudah",
        ],
    )
    detail = detail.sort_values(
        ["kode_kecamatan", "kode_desa", "perubahan", "program"]
    ).reset_index(drop=True)
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
    by_kec = by_kec.reset_index(drop=True)
    return RegisterChanges(detail=detail, by_kecamatan=by_kec)
