"""The Dinas spreadsheet: the template the planners fill in, and its reader.

:func:`write_template` writes the template (Indonesian headings =
:data:`kdkmp_analysis.register.SCHEMA` labels, prefilled with the official
desa list); :func:`import_dinas` reads it back into a register, matching rows
by their desa code (or by name, as for SIMKOPDES), checking every cell
(:func:`kdkmp_analysis.intake.tables.parse_dinas_numbers`, ``ya``/``tidak``)
and naming contradictions, without dropping anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import config, documents, provenance, region, register
from kdkmp_analysis.intake.matching import (
    MATCH_STATUS,
    kabupaten_per_row,
    mark_conflicts,
    match_names,
)
from kdkmp_analysis.intake.report import IntakeResult, missing_desa, summarise
from kdkmp_analysis.intake.tables import (
    IntakeError,
    file_notes,
    parse_dinas_numbers,
    read_table,
    row_notes,
)

__all__ = [
    "PREFILL_LABEL",
    "import_dinas",
    "prefill",
    "template_frame",
    "write_template",
]

_TEMPLATE_ID = ["kode_desa", "nama_kecamatan", "nama_desa", "nama_koperasi"]
_TEMPLATE_STATUS = [
    c.name
    for c in register.SCHEMA
    if c.name not in {x.name for x in register.SCHEMA if x.required}
    and c.name not in ("sumber_status", "sumber_simkopdes")  # provenance, not data
]
_BY_NAME = {c.name: c for c in register.SCHEMA}
#: The sheet of the template the planners fill in (read first on import).
_DATA_SHEET = "Data Koperasi"
_LABELS = {c.name: c.label for c in register.SCHEMA}
#: Heading of the column that says, per row, which cells a register prefilled.
PREFILL_LABEL = "Sumber Data Terisi"
_MONTHS = "Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des"


def _template_columns() -> list[register.Column]:
    return [_BY_NAME[c] for c in _TEMPLATE_ID + _TEMPLATE_STATUS]


# ---------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------
def template_frame(
    kabupaten: region.Kabupaten | str | None = config.DEFAULT_KABUPATEN,
    base: pd.DataFrame | str | Path | None = None,
) -> pd.DataFrame:
    """The Dinas template as a DataFrame with Indonesian headings.

    Parameters
    ----------
    kabupaten : Kabupaten, str or None
        The kabupaten (or its Kemendagri code): the identity columns are
        filled with the official desa/kelurahan list (status cells empty).
        ``None``: headings only.
    base : pandas.DataFrame, path or None
        A register (e.g. from ``import-simkopdes``) whose known values are
        prefilled; the column :data:`PREFILL_LABEL` says per row which cells
        came from where (``dari SIMKOPDES 5 Agu 2026: Akun SIMKOPDES, NIB,
        NPWP``), so the Dinas fills only the gaps. Values that the gap
        analysis would only infer (``disimpulkan dari NIB``) are not
        prefilled.

    Returns
    -------
    pandas.DataFrame
        Columns = :data:`register.SCHEMA` labels of the identity columns
        (code, kecamatan, desa, cooperative name) and of every status and
        partnership column (then :data:`PREFILL_LABEL` with ``base``).

    Raises
    ------
    IntakeError
        A ``base`` register of another kabupaten.
    """
    kab = None if kabupaten is None else region.as_kabupaten(kabupaten)
    df = _template_frame(kab)
    if base is not None and kab is not None:
        df = prefill(df, _base_register(base, kab))[0]
    return df


def _short_date(text: str) -> str:
    """The first date of a source text as ``5 Agu 2026`` (``""`` when none)."""
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        y, mo, d = m.groups()
        return f"{int(d)} {_MONTHS.split()[int(mo) - 1]} {y}"
    m = re.search(r"\d{1,2} [A-Za-z]+ \d{4}", text)  # already written out
    return m.group(0) if m else ""


def _row_source(reg: pd.DataFrame) -> pd.Series:
    """Per register row, a short name of where its statuses come from."""
    simk = reg.get("sumber_simkopdes", pd.Series(pd.NA, index=reg.index))
    text = simk.astype("string").fillna(reg["sumber_status"]).fillna("")
    date = text.map(_short_date)
    simkopdes = text.str.lower().str.contains("simkopdes")
    out = np.where(simkopdes, "SIMKOPDES " + date, text.str.split(";").str[0])
    return pd.Series(out, index=reg.index).str.strip().replace("", "register")


def prefill(df: pd.DataFrame, reg: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write a register's known values into a template frame.

    Parameters
    ----------
    df : pandas.DataFrame
        A template frame (:func:`template_frame` without ``base``).
    reg : pandas.DataFrame
        A validated register of the same kabupaten; rows are joined by
        ``kode_desa``.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The frame with ``ya``/``tidak`` and numbers where the register knows
        the value, the register's cooperative names, and the column
        :data:`PREFILL_LABEL`; and a boolean mask (same index, the status
        headings) of the prefilled cells.
    """
    out = df.copy()
    by_code = reg.set_index("kode_desa")
    codes = out[_LABELS["kode_desa"]]
    source = _row_source(reg).set_axis(reg["kode_desa"])
    names = codes.map(by_code["nama_koperasi"]).astype("string").fillna("")
    has_name = names.str.strip() != ""
    out.loc[has_name, _LABELS["nama_koperasi"]] = names[has_name]
    mask = pd.DataFrame(False, index=out.index, columns=[])
    filled: list[list[str]] = [[] for _ in range(len(out))]
    # a scenario value is never prefilled: returned unchanged, it would read as data
    ilu = reg["sumber_status"].astype("string").str.contains("ilustrasi").fillna(False)
    real = codes.map(pd.Series(~ilu.to_numpy(), index=reg["kode_desa"]))
    real = real.fillna(False).to_numpy(dtype=bool)
    for name in _TEMPLATE_STATUS:
        col = _BY_NAME[name]
        if name not in by_code or col.dtype == "string":
            continue
        vals = codes.map(by_code[name])
        has = vals.notna().to_numpy(dtype=bool) & real
        mask[col.label] = has
        if not has.any():
            continue
        if col.dtype == "boolean":
            vals = vals.map({True: "ya", False: "tidak"})
        else:
            vals = vals.astype(float)
        column = out[col.label].astype(object)
        column[has] = vals[has]
        out[col.label] = column
        for i in np.flatnonzero(has):
            filled[i].append(col.label)
    src = codes.map(source).fillna("")
    out[PREFILL_LABEL] = [
        f"dari {s}: {', '.join(f)}" if f else ""
        for s, f in zip(src, filled, strict=True)
    ]
    return out, mask


def _template_frame(kab: region.Kabupaten | None) -> pd.DataFrame:
    cols = _template_columns()
    if kab is None:
        return pd.DataFrame(columns=[c.label for c in cols])
    desa = region.load_desa(kab)
    df = pd.DataFrame({c.label: "" for c in cols}, index=desa.index)
    df[_LABELS["kode_desa"]] = desa["kode_desa"]
    df[_LABELS["nama_kecamatan"]] = desa["nama_kecamatan"]
    df[_LABELS["nama_desa"]] = desa["nama_desa"]
    df[_LABELS["nama_koperasi"]] = [
        f"Koperasi {'Kelurahan' if j == 'kelurahan' else 'Desa'} Merah Putih {n}"
        for n, j in zip(desa["nama_desa"], desa["jenis"], strict=True)
    ]
    return df.reset_index(drop=True)


def write_template(
    path: str | Path,
    kabupaten: region.Kabupaten | str | None = config.DEFAULT_KABUPATEN,
    base: pd.DataFrame | str | Path | None = None,
) -> Path:
    """Write the Dinas template (``.xlsx`` with instructions, or ``.csv``).

    The XLSX has a title and an instruction line above the header (row 4),
    drop-down lists ``ya``/``tidak`` on the yes/no columns and a sheet
    *Petunjuk* describing every column. The CSV is ``;``-separated UTF-8 with
    BOM (opens directly in Indonesian Excel). Both read back with
    :func:`import_dinas`. With ``base``, the register's known values are
    prefilled (grey cells in the XLSX) and :data:`PREFILL_LABEL` names their
    source per row (see :func:`template_frame`).

    Parameters
    ----------
    path : str or Path
        Output file; the suffix chooses the format.
    kabupaten : Kabupaten, str or None
        Prefill the official desa list of this kabupaten (None: headings only).
    base : pandas.DataFrame, path or None
        A register whose known values are prefilled (needs ``kabupaten``).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    IntakeError
        For a suffix other than ``.xlsx``/``.csv``; a ``base`` register of
        another kabupaten, or ``base`` without a kabupaten.
    """
    path = Path(path)
    kab = None if kabupaten is None else region.as_kabupaten(kabupaten)
    df = _template_frame(kab)
    mask = pd.DataFrame(index=df.index)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise IntakeError(
            f"format templat {path.suffix!r} tidak dikenal: pakai .xlsx atau .csv"
        )
    if base is not None:
        if kab is None:
            raise IntakeError("templat berisi data register perlu daftar desa")
        df, mask = prefill(df, _base_register(base, kab))
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        documents.write_csv(
            _comma_numbers(df), path, sep=";", index=False, encoding="utf-8-sig"
        )
        return path
    title = "Templat data Koperasi Desa/Kelurahan Merah Putih"
    if kab is not None:
        title += f" — {kab.label}"
    with documents.open_workbook(path) as xw:
        _write_data_sheet(xw, df, title, mask)
        _write_instructions(xw, prefilled=base is not None)
    return path


def _comma_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Number cells as text with a decimal comma (the ``;`` CSV's rule)."""
    out = df.copy()
    for c in out.columns:
        col = out[c]
        num = col.map(lambda v: isinstance(v, float | int) and not isinstance(v, bool))
        if num.any():
            out[c] = col.where(
                ~num, col[num].map(lambda v: f"{float(v):.12g}".replace(".", ","))
            )
    return out


def _write_data_sheet(
    xw: pd.ExcelWriter, df: pd.DataFrame, title: str, mask: pd.DataFrame
) -> None:
    """The sheet the planners fill in: title, instruction, header on row 4."""
    df.to_excel(xw, sheet_name=_DATA_SHEET, index=False, startrow=3)
    ws = xw.sheets[_DATA_SHEET]
    book = xw.book
    ws.write(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    hint = (
        "Satu baris per koperasi. Kolom ya/tidak: isi 'ya' atau "
        "'tidak'; kosongkan bila belum diketahui. Jangan ubah judul "
        "kolom (baris 4). Penjelasan kolom: lembar 'Petunjuk'."
    )
    if mask.to_numpy().any():
        hint += (
            f" Sel abu-abu sudah terisi dari register (sumbernya di kolom "
            f"'{PREFILL_LABEL}'): isi sel yang kosong saja; ubah sel abu-abu "
            "hanya bila datanya salah."
        )
        _shade_prefilled(ws, df, mask, book.add_format({"bg_color": "#E0E0E0"}))
    ws.write(1, 0, hint)
    ws.freeze_panes(4, 3)
    last = max(len(df), 1000) + 4
    for j, c in enumerate(_template_columns()):
        ws.set_column(j, j, max(12, min(len(c.label) + 2, 40)))
        rule: dict[str, Any]
        if c.dtype == "boolean":
            rule = {"validate": "list", "source": ["ya", "tidak"]}
        elif c.dtype in ("Float64", "Int64"):
            rule = {"validate": "decimal", "criteria": ">=", "value": 0}
        else:
            continue
        ws.data_validation(4, j, last, j, {**rule, "error_type": "warning"})


def _shade_prefilled(ws: Any, df: pd.DataFrame, mask: pd.DataFrame, fmt: Any) -> None:
    """Rewrite the prefilled cells of the data sheet with a grey fill."""
    pos = {c: j for j, c in enumerate(df.columns)}
    for label in mask.columns:
        j = pos[label]
        for i in np.flatnonzero(mask[label].to_numpy(dtype=bool)):
            v = df.iat[i, j]  # ya/tidak or a number, never a formula
            if isinstance(v, str):
                ws.write_string(i + 4, j, v, fmt)
            else:
                ws.write_number(i + 4, j, float(v), fmt)


def _write_instructions(xw: pd.ExcelWriter, *, prefilled: bool = False) -> None:
    """The *Petunjuk* sheet: every column, what it takes, what it means."""
    kinds = {
        "boolean": "ya / tidak / kosong",
        "Float64": "angka",
        "Int64": "bilangan bulat",
        "string": "teks",
    }
    cols = _template_columns()
    info = pd.DataFrame(
        {
            "Judul Kolom": [c.label for c in cols],
            "Isi": [kinds.get(c.dtype, c.dtype) for c in cols],
            "Keterangan": [c.description for c in cols],
            "Nama di Register": [c.name for c in cols],
        }
    )
    if prefilled:
        info.loc[len(info)] = [
            PREFILL_LABEL,
            "teks (tidak dibaca saat impor)",
            "Sel yang sudah terisi dari register dan sumbernya; sel lain diisi Dinas",
            "",
        ]
    documents.write_sheet(xw, "Petunjuk", info, max_width=70)


# ---------------------------------------------------------------------------
# Reading the filled-in spreadsheet
# ---------------------------------------------------------------------------
def _dinas_columns() -> dict[str, tuple[str, ...]]:
    cols: dict[str, tuple[str, ...]] = {
        c.name: (c.name, c.label) for c in _template_columns()
    }
    cols["kode_desa"] += ("kode", "kode_desa_kelurahan", "kode_wilayah")
    cols["nama_desa"] += ("desa", "kelurahan", "desa_kelurahan", "nama_desa_kelurahan")
    cols["nama_kecamatan"] += ("kecamatan",)
    cols["sumber_terisi"] = ("sumber_terisi", PREFILL_LABEL)  # read, not used
    return cols


def import_dinas(
    source: str | Path | pd.DataFrame,
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN,
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
    kabupaten : Kabupaten or str
        The kabupaten, or its Kemendagri code.
    base : pandas.DataFrame, path or None
        A register to update (e.g. from :func:`import_simkopdes`); filled
        cells of the Dinas file override it. ``None``: the register holds the
        matched rows only, with the official centroids as points.

    Returns
    -------
    IntakeResult
        ``report`` has one row per input row (``status_cocok``, ``kode_desa``,
        ``nilai_tidak_sah``, ``kontradiksi``, ``masuk_register``,
        ``catatan``); ``register`` is valid for
        :func:`kdkmp_analysis.register.coerce_register`.

    Raises
    ------
    IntakeError
        Empty/unreadable file, missing columns, or all rows of another
        kabupaten; a ``base`` register of another kabupaten.

    Notes
    -----
    Headings edited into a recognisable variant (``NIB (ya/tidak)``) are read;
    they and the headings not recognised are named in
    ``summary["catatan_berkas"]``.
    """
    kab = region.as_kabupaten(kabupaten)
    df = read_table(
        source,
        _dinas_columns(),
        ("nama_kecamatan", "nama_desa"),
        what="berkas Dinas",
        comma_number_cells=True,
        report_unknown=True,
        sheet=_DATA_SHEET,
    )
    src = provenance.of(df).source
    date = provenance.of(df).file_date
    official = region.load_desa(kab)
    m, code_in = _match_rows(df, official, kab)
    cells = _read_cells(df)
    report = _dinas_report(df, m, code_in, cells, official)

    stamp = f"berkas Dinas {src}" + (f" (tanggal berkas {date})" if date else "")
    ok = report["masuk_register"].to_numpy(dtype=bool)
    reg = _add_new_desa(_base_register(base, kab), m.loc[ok, "kode_desa"], official)
    reg = _apply_rows(reg, df, m, ok, cells.values, report, stamp)
    report["catatan"] = [
        f"{a}; {b}" if a and b else a or b
        for a, b in zip(_dinas_notes(report), row_notes(df), strict=True)
    ]
    provenance.tag(reg, source=stamp)
    provenance.tag(reg, status="impor")
    report = report.reset_index(drop=True)

    claims = report.assign(
        cooperative_id=report["baris_berkas"].map(lambda b: f"baris {b}")
    )
    missing = missing_desa(official, reg, claims)
    summary = summarise(report, reg, missing, pd.DataFrame())
    summary["baris_kosong"] = int(df.attrs.get("baris_kosong", 0))
    summary["nilai_tidak_sah"] = int((report["nilai_tidak_sah"] != "").sum())
    summary["sel_tidak_sah"] = cells.n_bad
    summary["kontradiksi"] = int((report["kontradiksi"] != "").sum())
    summary["catatan_berkas"] = file_notes(df)
    return IntakeResult(
        register=reg,
        report=report,
        missing=missing,
        stats_report=pd.DataFrame(),
        summary=summary,
        kabupaten=kab,
        source=stamp,
    )


def _match_rows(
    df: pd.DataFrame, official: pd.DataFrame, kab: region.Kabupaten
) -> tuple[pd.DataFrame, pd.Series]:
    """Step 1: each row's desa: by its official code, else by name.

    Returns the :func:`match_names` frame (a code of another kabupaten makes
    the row ``other-kabupaten``; two rows of one desa are ``conflict``) and
    the codes as written.
    """
    src = provenance.of(df).source
    codes = set(official["kode_desa"])
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
            f"berkas Dinas {src}: semua kode desa di luar {kab.label}, "
            f"misalnya {code_in.iloc[0]}"
        )
    kab_codes = kabupaten_per_row(other.to_numpy(dtype=bool), kab, df.index)
    labels = "baris " + df.index.astype(str)
    m = match_names(
        df["nama_desa"], df["nama_kecamatan"], official, kab_codes, ids=labels
    )
    by_code = code_in.isin(codes)
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
    # conflicts are decided again after the codes replaced the names
    m.loc[m["status_cocok"] == "conflict", "status_cocok"] = "exact"
    m["kandidat"] = m["kandidat"].str.replace(
        r"diklaim juga oleh: [^;]*(; )?", "", regex=True
    )
    mark_conflicts(m, labels)
    return m, code_in


@dataclass
class _Cells:
    """The file's status cells parsed: values, invalid cells named per row."""

    values: pd.DataFrame
    bad_txt: pd.Series
    n_bad: int


def _parse_bool(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = s.astype("string").fillna("").str.strip().str.lower()
    true = text.isin(register.YES_WORDS)
    false = text.isin(register.NO_WORDS)
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[true] = True
    out[false] = False
    return out, (text != "") & ~true & ~false


def _read_cells(df: pd.DataFrame) -> _Cells:
    """Step 2: every status cell as its register dtype; invalid ones named."""
    values = pd.DataFrame(index=df.index)
    bad_txt = pd.Series("", index=df.index)
    n_bad = 0
    for name in _TEMPLATE_STATUS:
        if name not in df:
            continue
        col = _BY_NAME[name]
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
        n_bad += int(bad.sum())
        for i in df.index[bad]:
            item = f"{col.label}={df.at[i, name]!r}" + (
                f" ({why[i]})" if why[i] else ""
            )
            bad_txt[i] = f"{bad_txt[i]}; {item}" if bad_txt[i] else item
    return _Cells(values, bad_txt, n_bad)


def _dinas_report(
    df: pd.DataFrame,
    m: pd.DataFrame,
    code_in: pd.Series,
    cells: _Cells,
    official: pd.DataFrame,
) -> pd.DataFrame:
    """Step 3: one report row per file row (``kontradiksi`` filled later)."""
    off = official.set_index("kode_desa")
    ok = m["status_cocok"].isin(["exact", "fuzzy"]) & m["kode_desa"].notna()
    return pd.DataFrame(
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
            "nilai_tidak_sah": cells.bad_txt,
            "kontradiksi": "",
            "masuk_register": ok,
        },
        index=df.index,
    )


def _base_register(
    base: pd.DataFrame | str | Path | None, kab: region.Kabupaten
) -> pd.DataFrame:
    """Step 4: the register to update (an empty one when none is given).

    A register of another kabupaten is refused (never merged into one).
    """
    if base is None:
        empty: dict[str, list[Any]] = {
            c: []
            for c in (
                "koperasi_id",
                "nama_koperasi",
                "kode_desa",
                "nama_desa",
                "jenis",
                "kode_kecamatan",
                "nama_kecamatan",
                "kode_kabupaten",
                "lat",
                "lon",
                "sumber_koordinat",
            )
        }
        return register.coerce_register(pd.DataFrame(empty))
    if isinstance(base, pd.DataFrame):
        reg = register.coerce_register(base)
    else:
        reg = register.read_register(base)
    try:
        region.as_kabupaten(kab, reg)
    except region.RegionError as exc:
        raise IntakeError(f"register dasar (--register) ditolak: {exc}") from exc
    return reg


def _add_new_desa(
    reg: pd.DataFrame, matched: pd.Series, official: pd.DataFrame
) -> pd.DataFrame:
    """Step 5: a row (official centroid) for each matched desa not in ``reg``."""
    have = set(reg["kode_desa"])
    new = [c for c in matched if c not in have]
    if not new:
        return reg
    od = official.set_index("kode_desa").loc[new]
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
    return pd.concat([reg, register.coerce_register(add)], ignore_index=True)


def _apply_rows(
    reg: pd.DataFrame,
    df: pd.DataFrame,
    m: pd.DataFrame,
    ok: np.ndarray,
    values: pd.DataFrame,
    report: pd.DataFrame,
    stamp: str,
) -> pd.DataFrame:
    """Step 6: filled cells override ``reg``; contradictions named per row.

    Rows that do not enter the register are checked on the file's own values.
    ``bermitra_bumn`` becomes ya where any ``mitra_*`` is ya (also for rows of
    the base register).
    """
    pos = pd.Index(reg["kode_desa"])
    for i in df.index[~ok]:
        own = {c for c in values.columns if pd.notna(values.at[i, c])}
        items, _ = _contradictions({c: values.at[i, c] for c in own}, own)
        report.at[i, "kontradiksi"] = "; ".join(items)
    for i in df.index[ok]:
        r = pos.get_loc(m.at[i, "kode_desa"])
        name = str(df.at[i, "nama_koperasi"]).strip() if "nama_koperasi" in df else ""
        current = reg.at[r, "nama_koperasi"]
        if name and (pd.isna(current) or not str(current).strip()):
            reg.loc[r, "nama_koperasi"] = name
        filled = [c for c in values.columns if pd.notna(values.at[i, c])]
        # a cell repeating the register (a prefilled template) is not the Dinas's
        new = [c for c in filled if not _same(reg.at[r, c], values.at[i, c])]
        for c in new:
            reg.loc[r, c] = values.at[i, c]
        items, derive = _contradictions(reg.loc[r].to_dict(), set(filled))
        report.at[i, "kontradiksi"] = "; ".join(items)
        if derive:
            reg.loc[r, "bermitra_bumn"] = True
        old = reg.at[r, "sumber_status"]
        if not new and isinstance(old, str) and old:
            continue
        reg.loc[r, "sumber_status"] = f"{stamp}: {len(new)} kolom diisi" + (
            f"; lainnya: {old}" if isinstance(old, str) and old else ""
        )
    reg.loc[reg["nama_koperasi"].fillna("") == "", "nama_koperasi"] = (
        "Koperasi Desa Merah Putih " + reg["nama_desa"]
    )
    reg = register.coerce_register(reg)
    partner = reg[list(register.MITRA_COLUMNS)].fillna(False).any(axis=1)
    reg.loc[partner, "bermitra_bumn"] = True  # also for rows of `base`
    return reg


def _same(current: Any, value: Any) -> bool:
    """Whether a file cell holds exactly the register's value."""
    if current is None or current is pd.NA or value is None or value is pd.NA:
        return False
    try:
        if isinstance(current, float | int | np.number) and not isinstance(
            current, bool | np.bool_
        ):
            return bool(np.isclose(float(current), float(value), rtol=1e-9, atol=0))
        return bool(current == value)
    except (TypeError, ValueError):
        return False


#: Implications checked on every Dinas row: (if column is ya) → (column is ya).
def _implications() -> list[tuple[str, str, str]]:
    pairs = [
        (c, "nib", "semua program kemitraan mensyaratkan NIB")
        for c in register.MITRA_COLUMNS
    ]
    pairs += [
        ("bermitra_bumn", "nib", "semua program kemitraan mensyaratkan NIB"),
        ("kbli_47763", "nib", "KBLI tercantum di NIB"),
        ("nib", "badan_hukum", "NIB koperasi hanya terbit untuk badan hukum"),
        (
            "rekening_koran_3bln",
            "rekening_bank",
            "rekening koran memerlukan rekening bank",
        ),
    ]
    return pairs


def _contradictions(row: dict[str, Any], filled: set[str]) -> tuple[list[str], bool]:
    """Contradictions of one (merged) row that involve a cell of the file.

    Returns the Indonesian items and whether ``bermitra_bumn`` must become True
    (some ``mitra_*`` is ya).
    """

    def val(c: str) -> bool | None:
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
            f"{_LABELS[mitra_yes[0]]}=ya tetapi {_LABELS['bermitra_bumn']}"
            "=tidak (Bermitra BUMN dijadikan ya)"
        )
    for a, b, why in _implications():
        if a == "bermitra_bumn" and derive:
            continue  # already named through the mitra_* column
        if val(a) is True and val(b) is False and ({a, b} & filled):
            items.append(f"{_LABELS[a]}=ya tetapi {_LABELS[b]}=tidak ({why})")
    return items, derive


def _dinas_notes(report: pd.DataFrame) -> list[str]:
    """Step 7: one note per row: match status, invalid cells, contradictions."""
    notes = []
    for st, cand, bad, con in zip(
        report["status_cocok"],
        report["kandidat"],
        report["nilai_tidak_sah"],
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
    return notes
