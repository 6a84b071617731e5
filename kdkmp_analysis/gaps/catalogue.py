"""The programme catalogue: partner programmes, their requirements and sources.

Read from ``[program.<key>]`` in ``data/parameter.toml``; also the status
words of the whole gap analysis (readiness, partner status).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kdkmp_analysis import params, register
from kdkmp_analysis.errors import KdkmpError

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

ID_COLUMNS = [
    "koperasi_id",
    "nama_koperasi",
    "kode_desa",
    "nama_desa",
    "kode_kecamatan",
    "nama_kecamatan",
]

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
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
    bila_ada : Requirement or None
        For a document requirement: the register condition that replaces it
        when the register carries that column (``kolom_bila_ada``,
        ``syarat_bila_ada``, ``nama_bila_ada`` in the catalogue), e.g.
        Pertamina's check against existing pangkalan once an outlet layer
        has filled ``pangkalan_lpg_di_desa``. See :meth:`Programme.with_columns`.
    """

    id: str
    nama: str
    sumber: str
    kolom: str | None = None
    op: str | None = None
    nilai: bool | float | str | None = None
    syarat: str = ""
    bila_ada: Requirement | None = None

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

    def with_columns(self, columns: Iterable[str]) -> Programme:
        """This programme, assessing from the register what the register holds.

        A document requirement with a ``bila_ada`` condition becomes that
        condition when its column is in ``columns`` (the columns of the
        register that hold data); otherwise it stays a document.
        """
        have = set(columns)
        reqs = tuple(
            r.bila_ada if r.bila_ada is not None and r.bila_ada.kolom in have else r
            for r in self.syarat
        )
        return dataclasses.replace(self, syarat=reqs)


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


def _parse_bila_ada(
    r: Mapping[str, Any], angka: Mapping[str, Any], where: str
) -> Requirement | None:
    """The ``kolom_bila_ada`` condition of a document requirement, parsed."""
    kolom = r.get("kolom_bila_ada") or None
    if kolom is None:
        return None
    if r.get("kolom"):
        raise GapsError(f"{where}: 'kolom_bila_ada' hanya untuk syarat dokumen")
    text = str(r.get("syarat_bila_ada", ""))
    m = _SYARAT_RE.match(text)
    if not m:
        raise GapsError(f"{where}: syarat_bila_ada {text!r} tidak sah")
    return Requirement(
        r["id"],
        str(r.get("nama_bila_ada") or r["nama"]),
        r["sumber"],
        kolom,
        m.group(1),
        _parse_value(m.group(2), angka, where),
        text,
    )


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
            Requirement(
                r["id"],
                r["nama"],
                r["sumber"],
                kolom,
                op,
                nilai,
                text,
                _parse_bila_ada(r, angka, rwhere),
            )
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


def select_programmes(
    programmes: Iterable[str | Programme] | None,
    columns: Iterable[str] | None = None,
) -> list[Programme]:
    """Programmes by key or object; ``None`` = the whole catalogue, in order.

    With ``columns`` (the register columns that hold data), each programme
    assesses what the register can now hold (:meth:`Programme.with_columns`).
    """
    if programmes is None:
        out = list(load_programmes().values())
    else:
        out = [p if isinstance(p, Programme) else programme(p) for p in programmes]
    if columns is None:
        return out
    cols = set(columns)
    return [p.with_columns(cols) for p in out]


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
    for p in select_programmes(programmes):
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
