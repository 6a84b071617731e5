"""After the forum: the *Kemajuan* page and the follow-up lists (issue 15 §2, §3).

Everything here reads the outcome history (:data:`outcome_schema.HISTORY_FILE`,
one row per accepted outcome, :data:`outcome_schema.HISTORY_COLUMNS`) and the
successive registers; nothing here writes the history.

The state of a cooperative in a programme *as of* a date is its latest
history row on or before that date (rows ordered by forum date, then import
time, then file order):

.. math::

    s_{c,p}(d) = \\text{tahap of } \\max_{\\preceq} \\{ r \\in H : r.kode = c,\\
    r.program = p,\\ r.tanggal \\le d \\}

and the funnel of programme :math:`p` at date :math:`d` counts
:math:`\\#\\{c : s_{c,p}(d) = t\\}` for every stage :math:`t`
(:func:`funnel_counts`). A follow-up is open while the latest stage is not in
:data:`outcome_schema.FINAL_STAGES`; it is *terlambat* when its deadline is
before today (:func:`followups`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from kdkmp_analysis import documents, gaps
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.gaps.catalogue import Programme
from kdkmp_analysis.intake import outcome_schema as osc

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "FOLLOWUP_PAGE",
    "PROGRESS_LABELS",
    "PROGRESS_PAGE",
    "PROGRESS_TITLE",
    "TERLAMBAT",
    "RegisterSnapshot",
    "followup_frame",
    "followup_page",
    "followups",
    "forum_dates",
    "funnel_chart",
    "funnel_counts",
    "coverage_maps",
    "iso_date",
    "latest_state",
    "moved",
    "overdue",
    "progress_page",
    "promises",
    "promises_section",
    "read_history",
    "register_timeline",
]

#: File names of the two pages in the build's root.
PROGRESS_PAGE = "kemajuan.html"
FOLLOWUP_PAGE = "tindak-lanjut.html"
PROGRESS_TITLE = "Kemajuan kemitraan"
#: How the build's index lists the two pages (Kemajuan, then follow-ups).
PROGRESS_LABELS = (
    "Kemajuan kemitraan: tahap per forum, yang bergerak, lewat tenggat",
    "Tindak lanjut per PIC dan per BUMN (siap cetak)",
)
#: The flag of a follow-up whose deadline has passed.
TERLAMBAT = "terlambat"
_NO_PIC = "PIC belum ditentukan"

#: One register of the timeline: its date, the register, where it comes from.
RegisterSnapshot = tuple[dt.date, pd.DataFrame, str]


# ---------------------------------------------------------------------------
# Reading the history
# ---------------------------------------------------------------------------
def read_history(path: str | Path) -> pd.DataFrame:
    """The outcome history file, read by the intake's one reader.

    :func:`kdkmp_analysis.intake.outcomes.read_history`, except that a
    missing file is an error here (a build given ``--riwayat`` must find it).

    Raises
    ------
    KdkmpError
        The file is missing or lacks a column (message in Indonesian).
    """
    from kdkmp_analysis.intake import outcomes

    path = Path(path)
    if not path.is_file():
        raise KdkmpError(f"berkas riwayat hasil forum tidak ditemukan: {path.name}")
    return outcomes.read_history(path)


def _ordered(history: pd.DataFrame) -> pd.DataFrame:
    h = history.copy()
    for c in osc.HISTORY_COLUMNS:
        if c not in h.columns:
            h[c] = ""
    h = h.fillna("").astype({c: str for c in osc.HISTORY_COLUMNS})
    h["_urut"] = range(len(h))
    return h.sort_values(["tanggal_forum", "diimpor", "_urut"], kind="stable")


def forum_dates(history: pd.DataFrame | None) -> list[str]:
    """The forum dates of the history (ISO, ascending)."""
    if history is None or history.empty:
        return []
    return sorted({str(d) for d in history["tanggal_forum"] if str(d)})


def latest_state(
    history: pd.DataFrame, as_of: str | dt.date | None = None
) -> pd.DataFrame:
    """The latest outcome per cooperative and programme, on or before ``as_of``.

    Parameters
    ----------
    history : pandas.DataFrame
        The outcome history (:func:`read_history`).
    as_of : str or datetime.date, optional
        ISO date; default: every row.

    Returns
    -------
    pandas.DataFrame
        One row per (``kode_desa``, ``program``), history columns.
    """
    h = _ordered(history)
    if as_of is not None:
        h = h[h["tanggal_forum"] <= str(as_of)]
    h = h.drop_duplicates(["kode_desa", "program"], keep="last")
    return h.drop(columns="_urut").reset_index(drop=True)


def funnel_counts(history: pd.DataFrame | None) -> pd.DataFrame:
    """Cooperatives per stage, per programme and forum date.

    Returns
    -------
    pandas.DataFrame
        ``program``, ``tanggal_forum`` and one column per stage of
        :data:`outcome_schema.STAGES` (counts of the latest stage as of that
        date, :func:`latest_state`), then ``jumlah``.
    """
    cols = ["program", "tanggal_forum", *osc.STAGES, "jumlah"]
    rows = []
    for d in forum_dates(history):
        assert history is not None
        state = latest_state(history, d)
        for prog, sub in state.groupby("program", sort=False):
            counts = sub["tahap"].value_counts()
            row: dict[str, Any] = {"program": prog, "tanggal_forum": d}
            row.update({t: int(counts.get(t, 0)) for t in osc.STAGES})
            row["jumlah"] = len(sub)
            rows.append(row)
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["program", "tanggal_forum"]).reset_index(drop=True)


def moved(history: pd.DataFrame | None, date: str | None = None) -> pd.DataFrame:
    """Cooperatives whose stage changed between the previous forum and ``date``.

    Parameters
    ----------
    history : pandas.DataFrame or None
    date : str, optional
        ISO forum date (default: the last one).

    Returns
    -------
    pandas.DataFrame
        ``kode_desa``, ``program``, ``sebelum`` (the stage at the previous
        forum, ``""`` when first recorded now), ``sesudah``, ``tanggal_forum``.
    """
    cols = ["kode_desa", "program", "sebelum", "sesudah", "tanggal_forum"]
    dates = forum_dates(history)
    if not dates:
        return pd.DataFrame(columns=cols)
    assert history is not None
    date = date or dates[-1]
    earlier = [d for d in dates if d < date]
    now = latest_state(history, date)
    if earlier:
        before = latest_state(history, earlier[-1])
        key = before.set_index(["kode_desa", "program"])["tahap"]
    else:
        key = pd.Series(dtype=str)
    now["sebelum"] = [
        key.get((c, p), "")
        for c, p in zip(now["kode_desa"], now["program"], strict=True)
    ]
    now = now.rename(columns={"tahap": "sesudah"})
    out = now[now["sebelum"] != now["sesudah"]]
    if earlier:  # only what this forum recorded
        out = out[out["tanggal_forum"] == date]
    return out[cols].reset_index(drop=True)


def iso_date(text: Any) -> dt.date | None:
    """An ISO date text as a date (``None`` when empty or not a date)."""
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def overdue(history: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    """Latest outcomes past their deadline and not final (stuck).

    Rows of :func:`latest_state` with ``tenggat`` before ``today`` and
    ``tahap`` not in :data:`outcome_schema.FINAL_STAGES`, by PIC then deadline.
    """
    if history is None or history.empty:
        return pd.DataFrame(columns=list(osc.HISTORY_COLUMNS))
    s = latest_state(history)
    due = s["tenggat"].map(iso_date)
    late = due.map(lambda d: d is not None and d < today).astype(bool)
    out = s[late & ~s["tahap"].isin(osc.FINAL_STAGES)]
    return out.sort_values(["pic", "tenggat", "kode_desa"]).reset_index(drop=True)


def followups(history: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    """Open follow-ups (latest stage not final), ordered by deadline.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`latest_state` whose stage is not final, with
        ``terlambat`` (bool: a deadline before ``today``); ordered by
        deadline (none last), then code.
    """
    if history is None or history.empty:
        return pd.DataFrame(columns=[*osc.HISTORY_COLUMNS, "terlambat"])
    s = latest_state(history)
    s = s[~s["tahap"].isin(osc.FINAL_STAGES)].copy()
    due = s["tenggat"].map(iso_date)
    s["terlambat"] = due.map(lambda d: d is not None and d < today).astype(bool)
    s["_tenggat"] = due.map(lambda d: d or dt.date.max)
    s = s.sort_values(["_tenggat", "kode_desa", "program"], kind="stable")
    return s.drop(columns="_tenggat").reset_index(drop=True)


# ---------------------------------------------------------------------------
# Tables with Indonesian headings
# ---------------------------------------------------------------------------
def _progs(programmes: Iterable[str | Programme] | None) -> dict[str, Programme]:
    return {p.key: p for p in gaps.select_programmes(programmes)}


def _names(reg: pd.DataFrame | None) -> pd.DataFrame:
    if reg is None or reg.empty:
        return pd.DataFrame(columns=["nama_koperasi", "nama_kecamatan"])
    return reg.drop_duplicates("kode_desa").set_index("kode_desa")[
        ["nama_koperasi", "nama_kecamatan"]
    ]


def _labelled(
    rows: pd.DataFrame, reg: pd.DataFrame | None, progs: dict[str, Programme]
) -> pd.DataFrame:
    """Code, cooperative, kecamatan, programme and BUMN in words."""
    names = _names(reg)
    out = pd.DataFrame(index=rows.index)
    out["Kode Desa"] = rows["kode_desa"]
    for col, src in (("Koperasi", "nama_koperasi"), ("Kecamatan", "nama_kecamatan")):
        known = names[src].astype(str).to_dict()
        out[col] = [known.get(c, "–") for c in rows["kode_desa"]]
    out["Program"] = rows["program"].map(lambda k: progs[k].nama if k in progs else k)
    out["BUMN"] = rows["program"].map(
        lambda k: progs[k].nama_mitra if k in progs else "–"
    )
    return out


def _date_text(value: Any) -> str:
    d = iso_date(value)
    return tanggal(d) if d else "–"


def followup_frame(
    history: pd.DataFrame | None,
    reg: pd.DataFrame | None,
    programmes: Iterable[str | Programme] | None,
    today: dt.date,
) -> pd.DataFrame:
    """The open follow-ups with Indonesian headings (sheet *Tindak Lanjut*).

    Ordered by PIC, then deadline (:func:`followups`); *Tenggat* and
    *Tanggal Forum* are dates (empty when none), *Terlambat* reads
    ``terlambat`` or is empty.
    """
    f = followups(history, today)
    progs = _progs(programmes)
    out = _labelled(f, reg, progs)
    out.insert(0, "PIC", [p or _NO_PIC for p in f["pic"]])
    out["Tahap"] = f["tahap"]
    out["Tindak Lanjut"] = [t or "–" for t in f["tindak_lanjut"]]
    out["Tenggat"] = f["tenggat"].map(iso_date)
    out["Terlambat"] = [TERLAMBAT if t else "" for t in f["terlambat"]]
    out["Tanggal Forum"] = f["tanggal_forum"].map(iso_date)
    out["_urut"] = range(len(out))
    out = out.sort_values(["PIC", "_urut"], kind="stable").drop(columns="_urut")
    return out.reset_index(drop=True)


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates in words for a page."""
    out = frame.copy()
    for c in ("Tenggat", "Tanggal Forum"):
        if c in out.columns:
            out[c] = out[c].map(_date_text)
    return out


def _grouped_tables(frame: pd.DataFrame, by: str, level: str = "h3") -> str:
    esc = html.escape
    if frame.empty:
        return "<p>Tidak ada tindak lanjut yang terbuka.</p>"
    parts = []
    for name, sub in frame.groupby(by, sort=True):
        late = int((sub["Terlambat"] == TERLAMBAT).sum())
        extra = f", {angka(late)} {TERLAMBAT}" if late else ""
        parts.append(
            f"<{level}>{esc(str(name))} ({angka(len(sub))} tindak lanjut{extra})"
            f"</{level}>"
        )
        sub = sub.drop(columns=[by])
        parts.append(documents.html_table(_shown(sub), numbers=False))
    return "".join(parts)


# ---------------------------------------------------------------------------
# Registers over time
# ---------------------------------------------------------------------------
def _true(s: pd.Series) -> pd.Series:
    return s.astype("boolean").fillna(False).astype(bool)


def register_timeline(registers: Sequence[RegisterSnapshot]) -> pd.DataFrame:
    """Per register date and kecamatan: cooperatives, NIB, transactions, partners.

    Returns
    -------
    pandas.DataFrame
        ``tanggal``, ``kode_kecamatan``, ``nama_kecamatan``, ``koperasi``,
        ``nib`` (with NIB), ``transaksi`` (with a transaction value above
        zero), ``bermitra`` (partner of any BUMN) and ``cakupan_pct``
        (``bermitra`` over the cooperatives whose partner status is known,
        empty when none is).
    """
    rows = []
    for date, reg, _ in registers:
        r = reg.copy()
        r["_nib"] = _true(r["nib"]) if "nib" in r else False
        if "transaksi_nilai_rp" in r:
            value = pd.to_numeric(r["transaksi_nilai_rp"], errors="coerce")
            r["_trx"] = value.fillna(0) > 0
        else:
            r["_trx"] = False
        partner = r.get("bermitra_bumn")
        if partner is None:
            partner = pd.Series(pd.NA, index=r.index, dtype="boolean")
        r["_mitra"] = _true(partner)
        r["_tahu"] = partner.astype("boolean").notna()
        for (code, name), sub in r.groupby(["kode_kecamatan", "nama_kecamatan"]):
            known = int(sub["_tahu"].sum())
            rows.append(
                {
                    "tanggal": date,
                    "kode_kecamatan": code,
                    "nama_kecamatan": name,
                    "koperasi": len(sub),
                    "nib": int(sub["_nib"].sum()),
                    "transaksi": int(sub["_trx"].sum()),
                    "bermitra": int(sub["_mitra"].sum()),
                    "cakupan_pct": 100 * sub["_mitra"].sum() / known
                    if known
                    else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def _timeline_section(registers: Sequence[RegisterSnapshot]) -> str:
    """NIB and transactions per kecamatan over the registers, with changes."""
    esc = html.escape
    parts = ["<h2>NIB dan transaksi per kecamatan dari register</h2>"]
    if not registers:
        return parts[0] + "<p>Belum ada register yang dapat dibandingkan.</p>"
    t = register_timeline(registers)
    srcs = "".join(
        f"<li>{esc(tanggal(d))}: {documents.mark_files(esc(s))}</li>"
        for d, _, s in registers
    )
    parts.append(f"<p>Register yang dipakai:</p><ul>{srcs}</ul>")
    wide = t.pivot_table(
        index="nama_kecamatan",
        columns="tanggal",
        values=["nib", "transaksi"],
        aggfunc="sum",
    ).sort_index()
    table = pd.DataFrame({"Kecamatan": wide.index})
    for what, label in (("nib", "Ber-NIB"), ("transaksi", "Ada transaksi")):
        for d in sorted(t["tanggal"].unique()):
            table[f"{label} ({tanggal(d)})"] = wide[(what, d)].astype(int).to_numpy()
    tot = t.groupby("tanggal")[["koperasi", "nib", "transaksi", "bermitra"]].sum()
    lines = "".join(
        f"<li>{esc(tanggal(d))}: {angka(r.koperasi)} koperasi, {angka(r.nib)} "
        f"ber-NIB, {angka(r.transaksi)} dengan transaksi di SIMKOPDES, "
        f"{angka(r.bermitra)} bermitra BUMN</li>"
        for d, r in tot.iterrows()
    )
    parts.append(f"<ul>{lines}</ul>")
    if len(registers) == 1:
        parts.append(
            "<p>Baru ada satu register, jadi di sini baru satu titik waktu. "
            "Perubahan per kecamatan tampil setelah register berikutnya (ekspor "
            "SIMKOPDES yang lebih baru atau register hasil impor hasil forum) "
            "dipakai bersama register ini.</p>"
        )
    parts.append(documents.html_table(table))
    parts += [_changes(a, b) for a, b in zip(registers, registers[1:], strict=False)]
    return "".join(parts)


def _changes(a: RegisterSnapshot, b: RegisterSnapshot) -> str:
    """What changed between two successive registers, counted per kecamatan."""
    ch = gaps.compare_registers(a[1], b[1])
    kinds = ["NIB baru", "NIB hilang", "mitra baru", "mitra berakhir"]
    k = ch.by_kecamatan
    k = k[k[kinds].sum(axis=1) > 0]
    head = (
        f"<h3>Perubahan {html.escape(tanggal(a[0]))} → {html.escape(tanggal(b[0]))}"
        "</h3>"
    )
    if k.empty:
        return head + "<p>Tidak ada perubahan NIB atau status mitra.</p>"
    shown = k[["nama_kecamatan", *kinds]].rename(
        columns={
            "nama_kecamatan": "Kecamatan",
            **{c: c[0].upper() + c[1:] for c in kinds},
        }
    )
    src = f"<p>Sumber perubahan: {documents.mark_files(html.escape(b[2]))}.</p>"
    return head + documents.html_table(shown) + src


# ---------------------------------------------------------------------------
# Charts (matplotlib, embedded as PNG)
# ---------------------------------------------------------------------------
_STAGE_COLORS = "#c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #31a354 #de2d26 #006d2c"


def _img(fig: Figure, alt: str) -> str:
    from kdkmp_analysis.handouts.charts import png

    data = base64.b64encode(png(fig)).decode("ascii")
    return (
        f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}" '
        'style="max-width:100%">'
    )


def funnel_chart(funnel: pd.DataFrame, progs: dict[str, Programme]) -> Figure:
    """Stacked bars: cooperatives per stage at each forum date, one panel per programme."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    keys = list(dict.fromkeys(funnel["program"]))
    n = max(len(keys), 1)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig = Figure(figsize=(4.2 * cols, 3.2 * rows + 0.8), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, key in zip(axes, keys, strict=False):
        sub = funnel[funnel["program"] == key]
        labels = [tanggal(d, short=True) for d in sub["tanggal_forum"]]
        bottom = [0] * len(sub)
        for stage, color in zip(osc.STAGES, _STAGE_COLORS.split(), strict=True):
            vals = sub[stage].tolist()
            ax.bar(labels, vals, bottom=bottom, color=color, label=stage)
            bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
        ax.set_title(progs[key].nama if key in progs else key, fontsize=10)
        ax.set_ylabel("koperasi")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    for ax in axes[len(keys) :]:
        ax.set_axis_off()
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="outside lower center", ncols=4, fontsize=8)
    fig.suptitle("Tahap kemitraan per tanggal forum")
    return fig


def coverage_maps(timeline: pd.DataFrame, polygons: Any) -> Figure:
    """Small multiples: % of cooperatives with a BUMN partner per kecamatan, per date."""
    from matplotlib.figure import Figure

    dates = sorted(timeline["tanggal"].unique())
    n = len(dates)
    cols = min(n, 3)
    rows = -(-n // cols)
    fig = Figure(figsize=(4.2 * cols, 4.0 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, d in zip(axes, dates, strict=False):
        vals = timeline[timeline["tanggal"] == d].set_index("kode_kecamatan")
        g = polygons.copy()
        g["cakupan"] = g["kode_kecamatan"].map(vals["cakupan_pct"]).astype(float)
        g.plot(
            column="cakupan",
            ax=ax,
            vmin=0,
            vmax=100,
            cmap="Greens",
            edgecolor="#555",
            linewidth=0.4,
            missing_kwds={"color": "#eeeeee", "hatch": "//", "edgecolor": "#999"},
        )
        ax.set_title(tanggal(d), fontsize=10)
        ax.set_axis_off()
    for ax in axes[n:]:
        ax.set_axis_off()
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    sm = ScalarMappable(norm=Normalize(0, 100), cmap="Greens")
    fig.colorbar(sm, ax=list(axes[:n]), shrink=0.7, label="% koperasi bermitra BUMN")
    fig.suptitle("Cakupan mitra BUMN per kecamatan")
    return fig


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
_NO_HISTORY = (
    "Belum ada hasil forum yang diimpor. Setelah forum, isi lembar “Hasil Forum” "
    "di buku kerja forum (minat BUMN, tahap, tindak lanjut, PIC dan tenggat per "
    "koperasi), impor berkas itu dengan perintah impor hasil forum (caranya "
    "tertulis di baris judul lembar itu), lalu jalankan build lagi dengan berkas "
    "riwayat hasil forum: halaman ini kemudian menampilkan tahap tiap program per "
    "tanggal forum, koperasi yang bergerak dan tindak lanjut yang lewat tenggat."
)


def _funnel_section(history: pd.DataFrame, progs: dict[str, Programme]) -> str:
    f = funnel_counts(history)
    heads = {t: t.capitalize() for t in osc.STAGES}
    table = f.rename(columns={**heads, "jumlah": "Jumlah"})
    table.insert(0, "Program", [progs[k].nama if k in progs else k for k in f.program])
    table["Tanggal Forum"] = f["tanggal_forum"].map(_date_text)
    table = table.drop(columns=["program", "tanggal_forum"])
    table = table[["Program", "Tanggal Forum", *heads.values(), "Jumlah"]]
    n = len(forum_dates(history))
    return (
        "<h2>Tahap kemitraan per program dan tanggal forum</h2>"
        f"<p>{angka(n)} forum tercatat. Tiap koperasi dihitung sekali per "
        "program, pada tahap terakhirnya sampai tanggal itu.</p>"
        + _img(funnel_chart(f, progs), "Tahap kemitraan per program")
        + documents.html_table(table)
    )


def _moved_section(
    history: pd.DataFrame, reg: pd.DataFrame | None, progs: dict[str, Programme]
) -> str:
    dates = forum_dates(history)
    m = moved(history)
    head = "<h2>Yang bergerak sejak forum sebelumnya</h2>"
    if len(dates) < 2:
        head += (
            f"<p>Baru ada satu forum ({html.escape(tanggal(dates[-1]))}); "
            "pergerakan tampil setelah forum berikutnya diimpor.</p>"
        )
        return head
    head += (
        f"<p>Dari forum {html.escape(tanggal(dates[-2]))} ke forum "
        f"{html.escape(tanggal(dates[-1]))}: {angka(len(m))} koperasi berpindah "
        "tahap.</p>"
    )
    if m.empty:
        return head
    t = _labelled(m, reg, progs).drop(columns=["BUMN"])
    t["Sebelumnya"] = [s or "belum tercatat" for s in m["sebelum"]]
    t["Sekarang"] = m["sesudah"]
    return head + documents.html_table(t, numbers=False)


def _stuck_section(
    history: pd.DataFrame,
    reg: pd.DataFrame | None,
    progs: dict[str, Programme],
    today: dt.date,
) -> str:
    s = overdue(history, today)
    head = (
        "<h2>Lewat tenggat, per PIC</h2>"
        f"<p>Per {html.escape(tanggal(today))}: {angka(len(s))} tindak lanjut "
        "melewati tenggatnya tanpa sampai ke tahap akhir (beroperasi atau "
        "ditolak).</p>"
    )
    if s.empty:
        return head
    t = _labelled(s, reg, progs)
    t.insert(0, "PIC", [p or _NO_PIC for p in s["pic"]])
    t["Tahap"] = s["tahap"]
    t["Tindak Lanjut"] = [x or "–" for x in s["tindak_lanjut"]]
    t["Tenggat"] = s["tenggat"].map(iso_date)
    t["Terlambat"] = TERLAMBAT
    return head + _grouped_tables(t, "PIC")


def _map_section(registers: Sequence[RegisterSnapshot], polygons: Any) -> str:
    head = "<h2>Peta cakupan mitra per kecamatan</h2>"
    if not registers:
        return ""
    if polygons is None or len(polygons) == 0:
        return head + "<p>Peta tidak dibuat: batas kecamatan tidak tersedia.</p>"
    t = register_timeline(registers)
    return (
        head + "<p>Porsi koperasi yang bermitra dengan BUMN mana pun, dari koperasi "
        "yang status mitranya diketahui; satu peta per tanggal register "
        "(arsir: status mitra tidak diketahui).</p>"
        + _img(coverage_maps(t, polygons), "Peta cakupan mitra per kecamatan")
    )


def progress_page(
    history: pd.DataFrame | None,
    registers: Sequence[RegisterSnapshot],
    programmes: Iterable[str | Programme] | None,
    today: dt.date,
    *,
    kecamatan_polygons: Any = None,
    note: str | None = None,
    sources: Iterable[str] = (),
    followup_href: str | None = FOLLOWUP_PAGE,
) -> str:
    """The *Kemajuan* page: stages per forum, movers, overdue, registers over time.

    Parameters
    ----------
    history : pandas.DataFrame or None
        The outcome history (:func:`read_history`); ``None`` or empty: the
        page says that no outcome has been imported yet, and how.
    registers : sequence of (date, register, source text)
        Successive registers, oldest first; two successive ones are compared
        with :func:`kdkmp_analysis.gaps.compare_registers`.
    programmes : iterable of str or Programme, optional
        Programmes whose names are shown (default: the catalogue).
    today : datetime.date
        The date deadlines are compared with.
    kecamatan_polygons : geopandas.GeoDataFrame, optional
        Kecamatan polygons (``kode_kecamatan``) for the coverage maps;
        without them the maps are skipped with a sentence.
    note : str, optional
        The data note under the heading.
    sources : iterable of str
        Source lines of the footer.
    followup_href : str, optional
        Link to the follow-up page (``None``: named in words).

    Returns
    -------
    str
        One self-contained page (charts as embedded PNG, no external file).
    """
    progs = _progs(programmes)
    reg = registers[-1][1] if registers else None
    parts = [f"<p>Keadaan per {html.escape(tanggal(today))}.</p>"]
    if history is None or history.empty:
        parts.append(f'<p class="catatan">{html.escape(_NO_HISTORY)}</p>')
    else:
        link = (
            f'<a href="{html.escape(followup_href)}">daftar tindak lanjut</a>'
            if followup_href
            else "daftar tindak lanjut"
        )
        parts += [
            f"<p>Tindak lanjut yang masih terbuka per PIC dan per BUMN: {link}.</p>",
            _funnel_section(history, progs),
            _moved_section(history, reg, progs),
            _stuck_section(history, reg, progs, today),
        ]
    parts.append(_timeline_section(registers))
    parts.append(_map_section(registers, kecamatan_polygons))
    return documents.page(PROGRESS_TITLE, "".join(parts), note=note, sources=sources)


def followup_page(
    history: pd.DataFrame | None,
    reg: pd.DataFrame | None,
    programmes: Iterable[str | Programme] | None,
    today: dt.date,
    *,
    note: str | None = None,
    sources: Iterable[str] = (),
) -> str:
    """The printable follow-up lists: per PIC and per BUMN, by deadline.

    Open follow-ups only (:func:`followups`), with *terlambat* where the
    deadline has passed; A4 print rules of the briefings
    (:data:`kdkmp_analysis.handouts.briefings.PRINT_CSS`).
    """
    from kdkmp_analysis.handouts.briefings import PRINT_CSS

    f = followup_frame(history, reg, programmes, today)
    late = int((f["Terlambat"] == TERLAMBAT).sum()) if len(f) else 0
    body = [
        f"<style>{PRINT_CSS}</style>",
        f"<p>Keadaan per {html.escape(tanggal(today))}: {angka(len(f))} tindak "
        f"lanjut terbuka, {angka(late)} {TERLAMBAT} (tenggat sudah lewat).</p>",
    ]
    if history is None or history.empty:
        body.append(f'<p class="catatan">{html.escape(_NO_HISTORY)}</p>')
    body += [
        "<h2>Per PIC</h2>",
        _grouped_tables(f, "PIC"),
        "<h2>Per BUMN</h2>",
        _grouped_tables(f, "BUMN"),
    ]
    return documents.page(
        "Tindak lanjut forum", "".join(body), note=note, sources=sources
    )


def promises(
    history: pd.DataFrame | None, reg: pd.DataFrame, today: dt.date
) -> pd.DataFrame:
    """What the forums promised for the cooperatives of ``reg``, still standing.

    The latest outcome of each of these cooperatives per programme that was
    recorded at the last forum or is still open (an earlier promise not
    followed up since), when it names a follow-up, a PIC or a deadline or
    moved past ``calon``; Indonesian headings, *Terlambat* where an open
    follow-up's deadline is before ``today``.
    """
    dates = forum_dates(history)
    if not dates:
        return pd.DataFrame()
    assert history is not None
    s = latest_state(history)
    keep = (s["tanggal_forum"] == dates[-1]) | ~s["tahap"].isin(osc.FINAL_STAGES)
    s = s[keep & s["kode_desa"].isin(reg["kode_desa"])]
    said = (s["tindak_lanjut"] != "") | (s["pic"] != "") | (s["tenggat"] != "")
    s = s[said | (s["tahap"] != "calon")].copy()
    due = s["tenggat"].map(iso_date)
    late = [
        d is not None and d < today and t not in osc.FINAL_STAGES
        for d, t in zip(due, s["tahap"], strict=True)
    ]
    out = _labelled(s, reg, _progs(None)).drop(columns=["Kode Desa", "Kecamatan"])
    out["Tahap"] = s["tahap"]
    out["Tindak Lanjut"] = [t or "–" for t in s["tindak_lanjut"]]
    out["PIC"] = [p or _NO_PIC for p in s["pic"]]
    out["Tenggat"] = due
    out["Terlambat"] = [TERLAMBAT if x else "" for x in late]
    out["Tanggal Forum"] = s["tanggal_forum"].map(iso_date)
    out["_t"] = due.map(lambda d: d or dt.date.max)
    return out.sort_values(["_t", "Koperasi"]).drop(columns="_t").reset_index(drop=True)


def promises_section(
    history: pd.DataFrame | None, reg: pd.DataFrame, today: dt.date
) -> str:
    """HTML of a briefing's first section *Janji forum sebelumnya* (``""`` without history)."""
    dates = forum_dates(history)
    if not dates:
        return ""
    p = promises(history, reg, today)
    head = (
        "<h2>Janji forum sebelumnya</h2>"
        f"<p>Forum {html.escape(tanggal(dates[-1]))}: "
        f"{angka(len(p))} hasil untuk koperasi di kecamatan ini (yang dicatat "
        "di forum itu dan tindak lanjut forum sebelumnya yang masih terbuka)"
    )
    if p.empty:
        return (
            f"<h2>Janji forum sebelumnya</h2><p>Forum {html.escape(tanggal(dates[-1]))}"
            ": tidak ada janji atau tindak lanjut terbuka untuk koperasi di "
            "kecamatan ini.</p>"
        )
    late = int((p["Terlambat"] == TERLAMBAT).sum())
    head += f", {angka(late)} {TERLAMBAT}.</p>" if late else ".</p>"
    return head + documents.html_table(_shown(p), numbers=False)
