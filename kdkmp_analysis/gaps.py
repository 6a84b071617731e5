"""Partnership readiness per programme, gaps by kecamatan, comparing registers.

The planning question: *which cooperative is ready for which partner
programme, who lacks what, where are the gaps, and what changed since the
last import?*

The programme catalogue is data: ``[program.<key>]`` in
``data/parameter.toml``, each requirement with its source. A requirement is
written over a register column (``{kolom = "nib", syarat = "== true"}``) and
is evaluated per cooperative to one of

* ``terpenuhi`` — the register holds the value and it meets the condition;
* ``tidak terpenuhi`` — the register holds the value and it does not;
* ``tidak dapat dinilai`` — the register does not hold the value (column
  absent or ``<NA>``), or the requirement has no register column at all (a
  document such as *KTP pengurus* or *proposal*). Never passed, never failed.

Readiness of a cooperative for a programme (the precedence, in order):

1. any requirement ``tidak terpenuhi`` → **belum siap** (a known failure
   rules the cooperative out whatever the missing data would show; the
   missing data are still listed);
2. else any requirement with a register column but no data → **tidak dapat
   dinilai** (the planner can fill the register);
3. else → **siap**: everything the register can hold is met. Requirements
   without a register column (documents) are listed in
   ``verifikasi_dokumen`` to be checked at the forum. With ``strict=True``
   they count as missing data (step 2) instead, and nobody is ``siap`` for
   a programme that needs a document.

Partner status comes from the programme's ``mitra_<key>`` column:
``bermitra`` (True), ``belum bermitra`` (False), ``tidak diketahui``
(``<NA>``), or ``tidak berlaku`` for a programme without a partner column
(the Himbara loan).
Unknown partner status is never counted as *not partnered* in the
aggregates: with no status known, the partner counts and population
coverage are ``<NA>`` (*tidak diketahui*), and shares are computed over the
cooperatives whose status is known.

Examples
--------
>>> from kdkmp_analysis import gaps, register
>>> reg = register.default_register("35.14")
>>> ready = gaps.readiness(reg)
>>> sorted(ready["kesiapan"].unique())
['belum siap', 'siap', 'tidak dapat dinilai']
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params, register
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "GapsError",
    "KESIAPAN",
    "Programme",
    "RegisterChanges",
    "Requirement",
    "STATUS_MITRA",
    "TERPENUHI",
    "TIDAK_DAPAT_DINILAI",
    "TIDAK_TERPENUHI",
    "compare_registers",
    "evaluate_requirement",
    "gaps_by_kecamatan",
    "label_unknown",
    "load_programmes",
    "most_common",
    "programme",
    "programmes_table",
    "readiness",
    "readiness_matrix",
    "regency_summary",
    "requirement_table",
]

#: Requirement outcomes.
TERPENUHI = "terpenuhi"
TIDAK_TERPENUHI = "tidak terpenuhi"
TIDAK_DAPAT_DINILAI = "tidak dapat dinilai"

#: Readiness statuses, best first.
SIAP = "siap"
BELUM_SIAP = "belum siap"
KESIAPAN = [SIAP, BELUM_SIAP, TIDAK_DAPAT_DINILAI]

#: Partner statuses.
BERMITRA = "bermitra"
BELUM_BERMITRA = "belum bermitra"
MITRA_TIDAK_DIKETAHUI = "tidak diketahui"
MITRA_TIDAK_BERLAKU = "tidak berlaku"
STATUS_MITRA = [BERMITRA, BELUM_BERMITRA, MITRA_TIDAK_DIKETAHUI, MITRA_TIDAK_BERLAKU]

_ID_COLUMNS = [
    "koperasi_id",
    "nama_koperasi",
    "kode_desa",
    "nama_desa",
    "kode_kecamatan",
    "nama_kecamatan",
]

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_SYARAT_RE = re.compile(r"^\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$")


class GapsError(KdkmpError, ValueError):
    """A programme catalogue or register the gap analysis cannot use."""


# ---------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a partner programme.

    Attributes
    ----------
    id : str
        Short id, unique within the programme.
    nama : str
        Indonesian name shown in reports.
    sumber : str
        Source id of the parameter file's ``[sumber]`` table.
    kolom : str or None
        Register column holding the fact; ``None`` for a document the
        register never holds (always *tidak dapat dinilai*).
    op : str or None
        Comparison operator (``==``, ``!=``, ``>=``, ``<=``, ``>``, ``<``).
    nilai : bool, float, str or None
        Value compared against (references to ``angka.<name>`` resolved).
    syarat : str
        The condition as written in the catalogue.
    """

    id: str
    nama: str
    sumber: str
    kolom: str | None = None
    op: str | None = None
    nilai: bool | float | str | None = None
    syarat: str = ""

    @property
    def is_document(self) -> bool:
        """True when no register column can hold this requirement."""
        return self.kolom is None


@dataclass(frozen=True, slots=True)
class Programme:
    """A partner programme of the catalogue (``[program.<key>]``).

    Attributes
    ----------
    key : str
        Catalogue key (``bulog_sphp``).
    nama : str
        Indonesian name.
    singkat : str
        Short name (sheet names, widget options).
    mitra : str or None
        Key of :data:`kdkmp_analysis.register.MITRA`; ``None`` when the
        programme has no partner column (the loan).
    sumber : str
        Source id of the programme as a whole.
    keterangan : str
        Indonesian description.
    syarat : tuple of Requirement
        The requirements.
    angka : dict
        Parameter keys of the programme's numbers (its own
        ``[program.<key>.angka]`` and ``angka_terkait``).
    """

    key: str
    nama: str
    singkat: str
    mitra: str | None
    sumber: str
    keterangan: str
    syarat: tuple[Requirement, ...]
    angka: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mitra_column(self) -> str | None:
        """Name of the register's partner column, or ``None``."""
        return f"mitra_{self.mitra}" if self.mitra else None

    @property
    def nama_mitra(self) -> str:
        """Display name of the partner BUMN ('-' for none)."""
        return register.MITRA.get(self.mitra or "", "-")


def _parse_value(text: str, angka: Mapping[str, Any], where: str) -> Any:
    t = text.strip()
    low = t.lower()
    if low in {"true", "ya"}:
        return True
    if low in {"false", "tidak"}:
        return False
    if low.startswith("angka."):
        name = t.split(".", 1)[1]
        if name not in angka:
            raise GapsError(f"{where}: angka {name!r} tidak didefinisikan")
        return float(angka[name]["nilai"])
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
        return t[1:-1]
    try:
        return float(t)
    except ValueError as exc:
        raise GapsError(f"{where}: nilai {t!r} tidak dikenal") from exc


def _parse_programme(key: str, raw: Mapping[str, Any], sources: Mapping) -> Programme:
    where = f"program.{key}"
    for name in ("nama", "sumber", "syarat"):
        if name not in raw:
            raise GapsError(f"{where}: kunci {name!r} tidak ada di katalog")
    mitra = raw.get("mitra") or None
    if mitra is not None and mitra not in register.MITRA:
        raise GapsError(
            f"{where}: mitra {mitra!r} tidak dikenal; pilihan: "
            + ", ".join(register.MITRA)
        )
    angka = raw.get("angka", {}) or {}
    reqs: list[Requirement] = []
    seen: set[str] = set()
    for i, r in enumerate(raw["syarat"]):
        rwhere = f"{where}.syarat[{i}]"
        if "id" not in r or "nama" not in r or "sumber" not in r:
            raise GapsError(f"{rwhere}: perlu 'id', 'nama' dan 'sumber'")
        if r["id"] in seen:
            raise GapsError(f"{rwhere}: id {r['id']!r} ganda")
        seen.add(r["id"])
        if r["sumber"] not in sources:
            raise GapsError(f"{rwhere}: sumber {r['sumber']!r} tidak terdaftar")
        kolom = r.get("kolom") or None
        op = nilai = None
        text = r.get("syarat", "")
        if kolom is not None:
            m = _SYARAT_RE.match(text)
            if not m:
                raise GapsError(
                    f"{rwhere}: syarat {text!r} tidak sah (contoh: '== true', '>= 5')"
                )
            op, nilai = m.group(1), _parse_value(m.group(2), angka, rwhere)
        elif text:
            raise GapsError(f"{rwhere}: syarat tanpa 'kolom'")
        reqs.append(
            Requirement(r["id"], r["nama"], r["sumber"], kolom, op, nilai, text)
        )
    if raw["sumber"] not in sources:
        raise GapsError(f"{where}: sumber {raw['sumber']!r} tidak terdaftar")
    keys = [f"{where}.angka.{n}" for n in angka]
    for k in raw.get("angka_terkait", []):
        params.entry(k)  # raises ParameterError when the key is unknown
        keys.append(k)
    return Programme(
        key=key,
        nama=raw["nama"],
        singkat=raw.get("singkat", raw["nama"]),
        mitra=mitra,
        sumber=raw["sumber"],
        keterangan=raw.get("keterangan", ""),
        syarat=tuple(reqs),
        angka=tuple(keys),
    )


@functools.lru_cache(maxsize=4)
def _load_cached(path: str | None) -> dict[str, Programme]:
    data = params.load(path)
    raw = data.get("program")
    if not raw:
        raise GapsError("katalog program ([program.*]) tidak ada di berkas parameter")
    sources = data.get("sumber", {})
    return {k: _parse_programme(k, v, sources) for k, v in raw.items()}


def load_programmes(path: str | None = None) -> dict[str, Programme]:
    """The programme catalogue, parsed and checked.

    Parameters
    ----------
    path : str, optional
        Parameter file (default: the project's ``data/parameter.toml``).

    Returns
    -------
    dict of str to Programme
        In catalogue order.

    Raises
    ------
    GapsError
        A programme or requirement that is incomplete, names an unknown
        partner, source or number, or has a condition that cannot be read.
    """
    return dict(_load_cached(None if path is None else str(path)))


def programme(key: str) -> Programme:
    """One programme by its catalogue key.

    Raises
    ------
    GapsError
        When the key is not in the catalogue (the known keys are named).
    """
    progs = load_programmes()
    if key not in progs:
        raise GapsError(
            f"program {key!r} tidak ada di katalog; pilihan: {', '.join(progs)}"
        )
    return progs[key]


def _select(programmes: Iterable[str | Programme] | None) -> list[Programme]:
    if programmes is None:
        return list(load_programmes().values())
    return [p if isinstance(p, Programme) else programme(p) for p in programmes]


def programmes_table(
    programmes: Iterable[str | Programme] | None = None,
) -> pd.DataFrame:
    """The catalogue as a table: one row per requirement, with its citation.

    Returns
    -------
    pandas.DataFrame
        ``program``, ``nama_program``, ``mitra``, ``syarat``, ``kolom``
        (empty for documents), ``kondisi``, ``sumber``, ``judul_sumber``,
        ``url``, ``tanggal``.
    """
    rows = []
    for p in _select(programmes):
        for r in p.syarat:
            src = params.source(r.sumber)
            rows.append(
                {
                    "program": p.key,
                    "nama_program": p.nama,
                    "mitra": p.nama_mitra,
                    "syarat": r.nama,
                    "kolom": r.kolom or "",
                    "kondisi": r.syarat if r.kolom else "verifikasi dokumen",
                    "sumber": r.sumber,
                    "judul_sumber": src.get("judul", ""),
                    "url": src.get("url", ""),
                    "tanggal": src.get("tanggal", ""),
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------
def _prepare(reg: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
    """Coerce a register; return it with the set of columns it lacked."""
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
        result = _OPS[req.op](s, req.nilai)  # type: ignore[index]
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
    p = _select([prog])[0]
    reg2, absent = _prepare(reg)
    out = reg2[_ID_COLUMNS].copy()
    for r in p.syarat:
        out[r.nama] = evaluate_requirement(reg2, r, absent).to_numpy()
    out["kesiapan"] = _readiness(reg2, absent, [p], strict)["kesiapan"].to_numpy()
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
    reg2, absent = _prepare(reg)
    out = _readiness(reg2, absent, _select(programmes), strict)
    out.attrs = {
        "status_data": reg.attrs.get("status_data", ""),
        "sumber": reg.attrs.get("sumber", ""),
        "strict": strict,
    }
    return out


def _readiness(
    reg2: pd.DataFrame, absent: set[str], progs: list[Programme], strict: bool
) -> pd.DataFrame:
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
        frame = reg2[_ID_COLUMNS].copy()
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
    ids = ids[[c for c in _ID_COLUMNS if c != "koperasi_id"]]
    out = ids.join(wide).reset_index()
    out.columns.name = None
    return out


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
    status = population.attrs.get("status_penduduk")
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
        ``kode_desa``, ``penduduk``, ``attrs["status_penduduk"]``). Without
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
    out.attrs = {**ready.attrs, "status_penduduk": pop_status}
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
    out.attrs = {**ready.attrs, "status_penduduk": pop_status}
    return out


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
    a, absent_a = _prepare(old)
    b, absent_b = _prepare(new)
    progs = _select(programmes)
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

    ra = _readiness(a, absent_a, progs, strict)
    rb = _readiness(b, absent_b, progs, strict)
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
