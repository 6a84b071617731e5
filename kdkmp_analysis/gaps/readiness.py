"""Readiness: each cooperative × programme → siap / belum siap / tidak dapat dinilai."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kdkmp_analysis import provenance, register
from kdkmp_analysis.gaps.catalogue import (
    BELUM_BERMITRA,
    BELUM_SIAP,
    BERMITRA,
    ID_COLUMNS,
    MITRA_TIDAK_BERLAKU,
    MITRA_TIDAK_DIKETAHUI,
    OPERATORS,
    SIAP,
    TERPENUHI,
    TIDAK_DAPAT_DINILAI,
    TIDAK_TERPENUHI,
    GapsError,
    Programme,
    Requirement,
    select_programmes,
)


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------
def prepare_register(reg: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """Validate a register once; return it with the schema columns it lacked.

    Raises
    ------
    GapsError
        ``reg`` is not a table.
    """
    if not isinstance(reg, pd.DataFrame):
        raise GapsError("register harus berupa tabel (DataFrame)")
    absent = {c.name for c in register.SCHEMA} - set(reg.columns)
    out = register.as_register(reg)
    return out, absent


def evaluate_requirement(
    reg: pd.DataFrame, req: Requirement, absent: Iterable[str] = ()
) -> pd.Series:
    """Evaluate one requirement for every cooperative.

    Parameters
    ----------
    reg : pandas.DataFrame
        A register.
    req : Requirement
        The requirement.
    absent : iterable of str
        Columns the original register lacked (treated as without data even
        if a coerced copy carries them as ``<NA>``).

    Returns
    -------
    pandas.Series
        One of ``terpenuhi``, ``tidak terpenuhi``, ``tidak dapat dinilai``
        per row (index of ``reg``).

    Raises
    ------
    GapsError
        When the column's values cannot be compared with the condition.
    """
    out = pd.Series(TIDAK_DAPAT_DINILAI, index=reg.index, dtype=object)
    if req.kolom is None or req.kolom in set(absent) or req.kolom not in reg.columns:
        return out
    s = reg[req.kolom]
    try:
        if isinstance(req.nilai, bool):
            s = register.to_boolean(s, req.kolom)
        elif isinstance(req.nilai, float):
            if s.dtype == "boolean" or s.dtype == bool:
                raise TypeError("kolom berisi ya/tidak, bukan angka")
            num = pd.to_numeric(s, errors="coerce").astype("Float64")
            bad = num.isna() & s.notna()
            if bad.any():
                raise ValueError(f"nilai {s[bad].iloc[0]!r} bukan angka")
            s = num
        else:
            s = s.astype("string")
        result = OPERATORS[req.op](s, req.nilai)  # type: ignore[index]
    except (TypeError, ValueError) as exc:
        raise GapsError(
            f"syarat {req.nama!r}: kolom {req.kolom!r} tidak bisa dibandingkan "
            f"dengan {req.syarat!r} ({exc})"
        ) from exc
    result = pd.array(result, dtype="boolean")
    known = ~pd.isna(result)
    ok = np.asarray(result.fillna(False), dtype=bool)
    out[known & ok] = TERPENUHI
    out[known & ~ok] = TIDAK_TERPENUHI
    return out


def requirement_table(
    reg: pd.DataFrame, prog: str | Programme, *, strict: bool = False
) -> pd.DataFrame:
    """Requirement-by-requirement outcomes of one programme (the matrix).

    Parameters
    ----------
    reg : pandas.DataFrame
        A register (anything :func:`~kdkmp_analysis.register.coerce_register`
        accepts).
    prog : str or Programme
        Programme key or object.
    strict : bool
        Passed to :func:`readiness` for the ``kesiapan`` column.

    Returns
    -------
    pandas.DataFrame
        The identity columns, one column per requirement (its Indonesian
        name) holding the outcome, and ``kesiapan``.
    """
    p = select_programmes([prog])[0]
    reg2, absent = prepare_register(reg)
    out = reg2[ID_COLUMNS].copy()
    for r in p.syarat:
        out[r.nama] = evaluate_requirement(reg2, r, absent).to_numpy()
    out["kesiapan"] = readiness_rows(reg2, absent, [p], strict)["kesiapan"].to_numpy()
    return out


def _join(names: list[list[str]]) -> list[str]:
    return ["; ".join(n) for n in names]


def readiness(
    reg: pd.DataFrame,
    programmes: Iterable[str | Programme] | None = None,
    *,
    strict: bool = False,
) -> pd.DataFrame:
    """Readiness of every cooperative for every programme (long table).

    Parameters
    ----------
    reg : pandas.DataFrame
        A register; status columns may be absent or ``<NA>`` (unknown).
    programmes : iterable of str or Programme, optional
        Programmes to assess (default: the whole catalogue).
    strict : bool
        When True, requirements without a register column (documents) count
        as missing data, so no cooperative is ``siap`` for a programme that
        needs one. Default False: they are listed in ``verifikasi_dokumen``.

    Returns
    -------
    pandas.DataFrame
        One row per cooperative × programme: the identity columns,
        ``program``, ``nama_program``, ``mitra`` (partner key, empty for
        none), ``nama_mitra``, ``status_mitra`` (``bermitra`` / ``belum
        bermitra`` / ``tidak diketahui`` / ``tidak berlaku``), ``kesiapan``
        (``siap`` / ``belum siap`` / ``tidak dapat dinilai``),
        ``syarat_kurang`` (failed requirements, ``; ``-joined),
        ``data_kurang`` (requirements whose data the register lacks),
        ``verifikasi_dokumen`` (document requirements), ``jumlah_kurang``
        and ``jumlah_data_kurang`` (ints). ``attrs`` carry the register's
        ``status_data`` and ``sumber``.

    Raises
    ------
    GapsError
        Unknown programme, or a column that cannot be compared.
    RegisterError
        A register that does not follow the schema.
    """
    reg2, absent = prepare_register(reg)
    out = readiness_rows(reg2, absent, select_programmes(programmes), strict)
    out.attrs = {"strict": strict}
    return provenance.carry(reg, out)


def readiness_rows(
    reg2: pd.DataFrame, absent: set[str], progs: list[Programme], strict: bool
) -> pd.DataFrame:
    """Readiness rows of a prepared register (see :func:`readiness`)."""
    n = len(reg2)
    frames = []
    for p in progs:
        failed: list[list[str]] = [[] for _ in range(n)]
        missing: list[list[str]] = [[] for _ in range(n)]
        docs = [r.nama for r in p.syarat if r.is_document]
        for r in p.syarat:
            res = evaluate_requirement(reg2, r, absent).to_numpy()
            if r.is_document and not strict:
                continue
            for i in np.flatnonzero(res == TIDAK_TERPENUHI):
                failed[i].append(r.nama)
            for i in np.flatnonzero(res == TIDAK_DAPAT_DINILAI):
                missing[i].append(r.nama)
        n_failed = np.array([len(f) for f in failed], dtype=int)
        n_missing = np.array([len(m) for m in missing], dtype=int)
        status = np.where(
            n_failed > 0, BELUM_SIAP, np.where(n_missing > 0, TIDAK_DAPAT_DINILAI, SIAP)
        )
        if p.mitra_column is None:
            partner = pd.array([pd.NA] * n, dtype="boolean")
            status_mitra = np.full(n, MITRA_TIDAK_BERLAKU, dtype=object)
        else:
            partner = (
                pd.array([pd.NA] * n, dtype="boolean")
                if p.mitra_column in absent
                else pd.array(reg2[p.mitra_column], dtype="boolean")
            )
            known = ~pd.isna(partner)
            val = np.asarray(partner.fillna(False), dtype=bool)
            status_mitra = np.where(
                ~known, MITRA_TIDAK_DIKETAHUI, np.where(val, BERMITRA, BELUM_BERMITRA)
            )
        frame = reg2[ID_COLUMNS].copy()
        frame["program"] = p.key
        frame["nama_program"] = p.nama
        frame["mitra"] = p.mitra or ""
        frame["nama_mitra"] = p.nama_mitra
        frame["bermitra"] = partner
        frame["status_mitra"] = status_mitra
        frame["kesiapan"] = status
        frame["syarat_kurang"] = _join(failed)
        frame["data_kurang"] = _join(missing)
        frame["verifikasi_dokumen"] = "" if strict else "; ".join(docs)
        frame["jumlah_kurang"] = n_failed
        frame["jumlah_data_kurang"] = n_missing
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def readiness_matrix(ready: pd.DataFrame) -> pd.DataFrame:
    """Cooperative × programme matrix of readiness statuses.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`readiness`.

    Returns
    -------
    pandas.DataFrame
        Identity columns + one column per programme (named by its key)
        holding ``kesiapan``; a partnered cooperative's cell reads
        ``bermitra``.
    """
    cell = ready["kesiapan"].where(ready["status_mitra"] != BERMITRA, BERMITRA)
    wide = (
        ready.assign(_cell=cell)
        .pivot(index="koperasi_id", columns="program", values="_cell")
        .reindex(columns=list(dict.fromkeys(ready["program"])))
    )
    ids = ready.drop_duplicates("koperasi_id").set_index("koperasi_id")
    ids = ids[[c for c in ID_COLUMNS if c != "koperasi_id"]]
    out = ids.join(wide).reset_index()
    out.columns.name = None
    return out
