"""Readiness: each cooperative × programme → siap / belum siap / tidak dapat dinilai.

Before the requirements are evaluated, unknown statuses that a rule makes
certain are filled in and labelled (:data:`INFERENCES`, e.g. *disimpulkan
dari NIB*); ``strict=True`` turns this off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
# Inference: what a rule makes certain
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Inference:
    """One certain implication between register columns: ``dari`` ya ⇒ ``kolom`` ya.

    Only an unknown (``<NA>``) value of ``kolom`` is filled; a value the
    register holds is never changed (a contradiction stays as written and is
    named by the intake).

    Attributes
    ----------
    kolom : str
        The yes/no column filled in.
    dari : str
        The yes/no column it follows from.
    label : str
        Indonesian label shown wherever a verdict rests on the value
        (``disimpulkan dari NIB``).
    aturan : str
        The rule that makes it certain, in Indonesian.
    """

    kolom: str
    dari: str
    label: str
    aturan: str


#: The inferences applied unless ``strict=True``, in order (a value inferred by
#: an earlier rule feeds a later one: KBLI 47763 ⇒ NIB ⇒ badan hukum). Only
#: rules that make the value certain belong here; e.g. "partnered with a BUMN
#: ⇒ NIB" is not one (a partnership recorded by the Dinas is a practice, not a
#: legal consequence) and stays a contradiction check of the intake.
INFERENCES: tuple[Inference, ...] = (
    Inference(
        "nib",
        "kbli_47763",
        "disimpulkan dari KBLI 47763",
        "KBLI adalah bagian dari NIB: koperasi dengan KBLI 47763 pasti ber-NIB",
    ),
    Inference(
        "badan_hukum",
        "nib",
        "disimpulkan dari NIB",
        "NIB koperasi hanya diterbitkan untuk koperasi yang sudah berbadan hukum "
        "(pendaftaran OSS memerlukan pengesahan badan hukum)",
    ),
    Inference(
        "rekening_bank",
        "rekening_koran_3bln",
        "disimpulkan dari rekening koran",
        "rekening koran hanya diterbitkan untuk rekening bank",
    ),
)


def infer_statuses(
    reg: pd.DataFrame, absent: Iterable[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fill the unknown statuses that :data:`INFERENCES` make certain.

    Parameters
    ----------
    reg : pandas.DataFrame
        A validated register (:func:`prepare_register`).
    absent : iterable of str
        Columns the original register lacked: an absent source column infers
        nothing; an absent target column may be filled.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The register with the inferred values (a copy when anything was
        inferred), and one string column per inferred register column holding
        the label (``disimpulkan dari NIB``) where the value was inferred and
        ``""`` elsewhere; only columns with at least one inferred value.

    Examples
    --------
    >>> import pandas as pd
    >>> from kdkmp_analysis import gaps, intake
    >>> reg = intake.default_register("35.14").assign(badan_hukum=pd.NA)
    >>> filled, labels = gaps.infer_statuses(gaps.prepare_register(reg)[0])
    >>> int(filled["badan_hukum"].sum()), sorted(set(labels["badan_hukum"]))
    (341, ['', 'disimpulkan dari NIB'])
    """
    gone = set(absent)
    out = reg
    labels: dict[str, pd.Series] = {}
    for rule in INFERENCES:
        if rule.dari in gone or rule.dari not in out or rule.kolom not in out:
            continue
        src = pd.array(out[rule.dari], dtype="boolean")
        target = pd.array(out[rule.kolom], dtype="boolean")
        fill = np.asarray(src.fillna(False), dtype=bool) & np.asarray(
            pd.isna(target), dtype=bool
        )
        if not fill.any():
            continue
        if out is reg:
            out = reg.copy()
        col = out[rule.kolom].astype("boolean")
        col[fill] = True
        out[rule.kolom] = col
        label = rule.label
        why = labels.get(rule.dari)
        text = pd.Series(label, index=out.index, dtype=object)
        if why is not None:  # a chain: say what the source rests on
            text = text.where(why == "", label + ", yang " + why)
        labels[rule.kolom] = pd.Series(
            np.where(fill, text, labels.get(rule.kolom, "")), index=out.index
        ).astype(object)
    return out, pd.DataFrame(labels, index=reg.index)


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


def held_columns(reg2: pd.DataFrame, absent: Iterable[str] = ()) -> set[str]:
    """The columns of a prepared register that hold data (at least one value).

    What :meth:`Programme.with_columns` assesses from: a document requirement
    with a ``kolom_bila_ada`` condition (Pertamina's pangkalan check once an
    outlet layer filled ``pangkalan_lpg_di_desa``) becomes that condition.
    Every verdict of this module uses it, so a programme is judged the same
    whether the caller passes plain catalogue programmes or adapted ones.
    """
    gone = set(absent)
    return {c for c in reg2.columns if c not in gone and reg2[c].notna().any()}


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
        Passed to :func:`readiness` for the ``kesiapan`` column; also turns
        the inference (:data:`INFERENCES`) off.

    Returns
    -------
    pandas.DataFrame
        The identity columns, one column per requirement (its Indonesian
        name) holding the outcome — ``terpenuhi (disimpulkan dari NIB)`` where
        it rests on an inferred value — and ``kesiapan``.
    """
    reg2, absent = prepare_register(reg)
    p = select_programmes([prog], columns=held_columns(reg2, absent))[0]
    kesiapan = readiness_rows(reg2, absent, [p], strict)["kesiapan"].to_numpy()
    labels = pd.DataFrame(index=reg2.index)
    if not strict:
        reg2, labels, absent = _inferred(reg2, absent)
    out = reg2[ID_COLUMNS].copy()
    for r in p.syarat:
        res = evaluate_requirement(reg2, r, absent)
        if r.kolom in labels:
            why = labels[r.kolom]
            res = res.where((res != TERPENUHI) | (why == ""), res + " (" + why + ")")
        out[r.nama] = res.to_numpy()
    out["kesiapan"] = kesiapan
    return out


def _inferred(
    reg2: pd.DataFrame, absent: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame, set[str]]:
    """:func:`infer_statuses`; an absent column that was filled is no longer absent."""
    filled, labels = infer_statuses(reg2, absent)
    return filled, labels, set(absent) - set(labels.columns)


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
        Programmes to assess (default: the whole catalogue). Each assesses
        what the register holds (:func:`held_columns`): a document
        requirement with a ``kolom_bila_ada`` condition is that condition when
        the register has values in its column, whoever calls.
    strict : bool
        When True, only what the register holds counts: no value is inferred
        (:data:`INFERENCES`), and requirements without a register column
        (documents) count as missing data, so no cooperative is ``siap`` for
        a programme that needs one. Default False: unknown values that a rule
        makes certain are inferred and labelled (*disimpulkan dari NIB*), and
        documents are listed in ``verifikasi_dokumen``.

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
        ``kolom_data_kurang`` (register columns of those requirements, keys,
        ``; ``-joined), ``disimpulkan`` (requirements met on an inferred
        value, with the label: ``Akta pendirian / badan hukum (AHU)
        (disimpulkan dari NIB)``), ``verifikasi_dokumen`` (document
        requirements, then the ``disimpulkan`` items: what rests on
        inference is checked at the forum like a document),
        ``jumlah_kurang``, ``jumlah_data_kurang`` and ``jumlah_disimpulkan``
        (ints). ``attrs`` carry ``strict`` and the register's provenance.

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
    """Readiness rows of a prepared register (see :func:`readiness`).

    Each programme assesses what the register holds (:func:`held_columns`).
    """
    held = held_columns(reg2, absent)
    progs = [p.with_columns(held) for p in progs]
    labels = pd.DataFrame(index=reg2.index)
    if not strict:
        reg2, labels, absent = _inferred(reg2, absent)
    n = len(reg2)
    frames = []
    for p in progs:
        failed: list[list[str]] = [[] for _ in range(n)]
        missing: list[list[str]] = [[] for _ in range(n)]
        columns: list[list[str]] = [[] for _ in range(n)]
        inferred: list[list[str]] = [[] for _ in range(n)]
        docs = [r.nama for r in p.syarat if r.is_document]
        for r in p.syarat:
            res = evaluate_requirement(reg2, r, absent).to_numpy()
            if r.is_document and not strict:
                continue
            for i in np.flatnonzero(res == TIDAK_TERPENUHI):
                failed[i].append(r.nama)
            for i in np.flatnonzero(res == TIDAK_DAPAT_DINILAI):
                missing[i].append(r.nama)
                if r.kolom is not None:
                    columns[i].append(r.kolom)
            if r.kolom in labels:
                why = labels[r.kolom].to_numpy()
                for i in np.flatnonzero((res == TERPENUHI) & (why != "")):
                    inferred[i].append(f"{r.nama} ({why[i]})")
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
        frame["kolom_data_kurang"] = _join(columns)
        frame["disimpulkan"] = _join(inferred)
        frame["verifikasi_dokumen"] = (
            [""] * n if strict else _join([docs + x for x in inferred])
        )
        frame["jumlah_kurang"] = n_failed
        frame["jumlah_data_kurang"] = n_missing
        frame["jumlah_disimpulkan"] = np.array([len(x) for x in inferred], dtype=int)
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
