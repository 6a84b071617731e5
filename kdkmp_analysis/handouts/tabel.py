"""Tables in the notebooks as a planner reads them (issue 14 §1).

A notebook's planner version (rendered without code) shows every table it
displays. :func:`tabel` turns a frame into that table: Indonesian headings
(the register schema's labels, the forum's, the intake report's; any other
key written out in words), no pandas row numbers, Indonesian numbers
(``1.665.922``, ``2,8``), ``ya``/``tidak`` for booleans and ``–`` for an
unknown value. :func:`aktifkan` makes it the way every frame displays in a
notebook, so a cell ending in ``df`` or ``display(df)`` shows the planner's
table; the frame itself is unchanged (analysts still work on the keys).

>>> import pandas as pd
>>> t = tabel(pd.DataFrame({"nama_kecamatan": ["Rejoso"], "nib": [True]}))
>>> list(t.frame.columns)
['Kecamatan', 'NIB']
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kdkmp_analysis import gaps, params, register
from kdkmp_analysis._format import angka, sel, tanggal
from kdkmp_analysis.handouts.forum_files import COLUMN_LABELS
from kdkmp_analysis.intake.report import REPORT_LABELS

__all__ = ["LABELS", "Tabel", "aktifkan", "label", "tabel", "value_text"]

#: Headings of every key a notebook table shows: the register schema first,
#: then the forum's and the intake report's headings.
LABELS: dict[str, str] = {
    **{c.name: c.label for c in register.SCHEMA},
    **REPORT_LABELS,
    **COLUMN_LABELS,
}

#: Words written out when a key has no heading (``rt`` → ``rumah tangga``).
_WORDS = {
    "rt": "rumah tangga",
    "rp": "(Rp)",
    "t": "(t)",
    "kg": "(kg)",
    "km": "(km)",
    "pct": "(%)",
    "persen": "persen",
    "p10": "P10",
    "p50": "P50",
    "p90": "P90",
    "bumn": "BUMN",
    "nib": "NIB",
    "npwp": "NPWP",
    "rat": "RAT",
    "sphp": "SPHP",
    "het": "HET",
    "id": "ID",
}


def label(key: Any, labels: Mapping[str, str] | None = None) -> str:
    """The Indonesian heading of a column key.

    Parameters
    ----------
    key : Any
        A column name (usually a snake_case key).
    labels : Mapping, optional
        Headings that take precedence over :data:`LABELS`.

    Returns
    -------
    str
        The heading; a key without one is written out in words
        (``"tersalur_p50_t"`` → ``"Tersalur P50 (t)"``).
    """
    text = str(key)
    for table in (labels or {}, LABELS):
        if text in table:
            return table[text]
    if "_" not in text:
        return text
    words = [_WORDS.get(w, w) for w in text.split("_") if w]
    out = " ".join(words)
    return out[:1].upper() + out[1:]


#: A cell that is one key (``bulog_sphp``, ``porsi_saluran``), not prose.
_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
#: A cell that is an ISO date or month (``2025-09-15``, ``2025-09``).
_ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


@functools.cache
def _value_labels() -> dict[str, str]:
    """What a key in a cell reads as: programme names, source titles, commodities."""
    out = dict(LABELS)
    out.update({k: p.nama for k, p in gaps.load_programmes().items()})
    for key, src in params.load().get("sumber", {}).items():
        out[key] = str(src.get("judul_singkat") or params.source_title(key))
    out.update(
        {"minyak_goreng": "Minyak goreng (Minyakita)", "beras": "Beras", "gula": "Gula"}
    )
    return out


def value_text(value: str) -> str:
    """A cell text that is one key, in words; any other text as it is.

    >>> value_text("kbli_47763")
    'KBLI 47763'
    >>> value_text("Tutur")
    'Tutur'
    >>> value_text("2025-09-15")
    '15 September 2025'
    """
    if _ISO_DATE.fullmatch(value):
        return tanggal(value)
    if not _KEY.fullmatch(value):
        return value
    return _value_labels().get(value) or label(value)


def _decimals(col: pd.Series) -> int:
    """Decimals for a numeric column: none for whole numbers, more when small."""
    values = pd.to_numeric(col, errors="coerce").dropna().to_numpy(dtype=float)
    values = values[np.isfinite(values)]
    if not len(values) or np.allclose(values, np.round(values)):
        return 0
    top = float(np.abs(values).max())
    return 1 if top >= 10 else 2 if top >= 1 else 3


def _cell(value: Any, decimals: int) -> str:
    """One shown cell: the pages' formatter, dates and lists; keys in words."""
    if isinstance(value, pd.Timestamp):
        return tanggal(value.date())
    if isinstance(value, list | tuple | set):
        return ", ".join(_cell(v, decimals) for v in value) or "–"
    text = sel(value, decimals)
    if not isinstance(value, str):
        return text
    return value_text(str(value))


@dataclass(frozen=True)
class Tabel:
    """A frame as a planner's table: headings in Indonesian, cells formatted.

    Attributes
    ----------
    frame : pandas.DataFrame
        The shown table (text cells, Indonesian headings, no index).
    numeric : tuple of bool
        Which columns hold numbers (right-aligned).
    """

    frame: pd.DataFrame
    numeric: tuple[bool, ...]

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(str(c))}</th>" for c in self.frame.columns)
        rows = []
        for values in self.frame.itertuples(index=False, name=None):
            cells = "".join(
                f"<td{' class="n"' if num else ''}>{esc(v)}</td>"
                for v, num in zip(values, self.numeric, strict=True)
            )
            rows.append(f"<tr>{cells}</tr>")
        return (
            f"<style>{_CSS}</style><table class='kdkmp-tabel'><thead><tr>{head}"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)


_CSS = (
    ".kdkmp-tabel{border-collapse:collapse;font-size:13px}"
    ".kdkmp-tabel th,.kdkmp-tabel td{border:1px solid #ccc;padding:3px 6px;"
    "text-align:left;vertical-align:top}.kdkmp-tabel td.n{text-align:right}"
    ".kdkmp-tabel th{background:#f3f3f3}"
)


def tabel(
    data: pd.DataFrame | pd.Series,
    labels: Mapping[str, str] | None = None,
    *,
    max_rows: int = 60,
) -> Tabel:
    """A frame or series as a planner's table.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        The table. A named or non-default index is shown as its first
        column(s) (``koperasi_id`` → "ID Koperasi"); a plain row number is
        not shown.
    labels : Mapping, optional
        Headings for keys, over :data:`LABELS`.
    max_rows : int
        Rows shown at most; a last row says how many were left out.

    Returns
    -------
    Tabel
    """
    df = data.to_frame() if isinstance(data, pd.Series) else data
    plain = isinstance(df.index, pd.RangeIndex) and df.index.name is None
    if not plain:
        names = [n if n is not None else "" for n in df.index.names]
        df = df.reset_index(names=names)
    if isinstance(df.columns, pd.MultiIndex):
        df = df.copy()
        df.columns = [" · ".join(label(p, labels) for p in c if p) for c in df.columns]
    shown = df.head(max_rows)
    out = {}
    numeric = []
    for i in range(shown.shape[1]):
        series = shown.iloc[:, i]
        is_num = pd.api.types.is_numeric_dtype(series) and not (
            pd.api.types.is_bool_dtype(series)
        )
        d = _decimals(series) if is_num else 0
        out[i] = [_cell(v, d) for v in series.tolist()]
        numeric.append(bool(is_num))
    frame = pd.DataFrame(out)
    frame.columns = [label(c, labels) for c in shown.columns]
    if len(df) > max_rows:
        more = [""] * len(frame.columns)
        more[0] = f"… {angka(len(df) - max_rows)} baris lagi tidak ditampilkan"
        frame.loc[len(frame)] = more
    return Tabel(frame, tuple(numeric))


def aktifkan(ip: Any = None) -> bool:
    """Show every frame and series in this notebook as :func:`tabel` does.

    Registers an HTML formatter in the running IPython (a no-op outside
    one). The frames themselves are unchanged.

    Returns
    -------
    bool
        ``True`` when a notebook's display now uses planner tables.
    """
    if ip is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency
            return False
        ip = get_ipython()
    if ip is None:
        return False
    html_fmt = ip.display_formatter.formatters["text/html"]
    plain_fmt = ip.display_formatter.formatters["text/plain"]
    for kind in (pd.DataFrame, pd.Series):
        html_fmt.for_type(kind, lambda obj, *_: tabel(obj)._repr_html_())
        plain_fmt.for_type(kind, lambda obj, p, cycle: p.text(repr(tabel(obj))))
    return True
