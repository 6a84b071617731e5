"""The page "Data yang masih kurang": which column to fill to unlock which verdicts.

After a real import most programme verdicts are *tidak dapat dinilai*: the
register lacks a column the programme needs. This page says, per register
column, in this order:

1. how many cooperatives lack it (after the inference of
   :data:`kdkmp_analysis.gaps.INFERENCES`; the inferred values are counted
   separately);
2. how many programme verdicts it would unlock — verdicts *tidak dapat
   dinilai* whose only missing data is this column, so that filling it makes
   them *siap* or *belum siap* whatever the values — and how many more wait
   for it together with other columns;
3. how many distribution scenarios it would unlock: a scenario the register
   could not support becomes evaluable when this column alone is filled
   (tested by filling it with a value that meets every requirement and
   asking :func:`kdkmp_analysis.distribution.scenario_problem` again);

sorted by unlocked verdicts, then scenarios, then the verdicts waiting with
other columns, with the way to fill it in words for planners. The commands
appear only in a collapsed note for analysts.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import pandas as pd

from kdkmp_analysis import documents, gaps, register
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.documents import html_table, page
from kdkmp_analysis.handouts.analyses import (
    MISSING_DATA_PAGE,
    MISSING_DATA_TITLE,
    Analyses,
    sources,
)

__all__ = [
    "missing_by_programme",
    "missing_data_page",
    "missing_data_table",
    "write_missing_data_page",
]

#: Where the Dinas finds each fact (planner words); others: :data:`_ASK`.
WHERE_FROM = {
    "badan_hukum": "SK pengesahan badan hukum (AHU) koperasi",
    "akun_simkopdes": "akun koperasi di SIMKOPDES",
    "nib": "NIB koperasi di OSS",
    "kbli_47763": "daftar KBLI pada NIB koperasi (OSS)",
    "npwp": "kartu NPWP koperasi",
    "rekening_bank": "buku rekening bank atas nama koperasi",
    "rekening_koran_3bln": "rekening koran 3 bulan terakhir dari bank koperasi",
    "gerai_beroperasi": "kunjungan lapangan atau laporan pendamping koperasi",
    "lahan_siap": "data lahan dari pemerintah desa",
    "luas_lahan_m2": "data lahan dari pemerintah desa",
    "jarak_spbu_km": "jarak ke SPBU terdekat (peta, atau daftar SPBU dari Pertamina)",
    "kapasitas_gudang_t": "kunjungan lapangan (kapasitas gudang/penyimpanan)",
    "jumlah_anggota": "buku daftar anggota koperasi",
    "bermitra_bumn": "daftar mitra dari BUMN atau perjanjian kerja sama",
}
_ASK = "pengurus koperasi atau pendamping koperasi"


def _candidate_columns() -> list[register.Column]:
    """Register columns a planner can fill: status and partner columns."""
    return [c for c in register.SCHEMA if not c.required and c.dtype != "string"]


def _where_from(col: register.Column) -> str:
    if col.name in register.MITRA_COLUMNS:
        return f"daftar mitra dari {col.label.removeprefix('Mitra ')} atau perjanjian"
    return WHERE_FROM.get(col.name, _ASK)


def _remedy(col: register.Column) -> str:
    """How a planner fills the column, in words (never a command)."""
    return f"Isi kolom “{col.label}” di templat Dinas, dari {_where_from(col)}."


def _needed_by(col: register.Column) -> str:
    """Short names of the programmes whose requirements or partner status use it."""
    names = []
    for p in gaps.load_programmes().values():
        if any(r.kolom == col.name for r in p.syarat):
            names.append(p.singkat)
        elif p.mitra_column == col.name:
            names.append(f"{p.singkat} (status kemitraan)")
    return ", ".join(names)


def _missing_sets(ready: pd.DataFrame) -> pd.DataFrame:
    """Verdicts *tidak dapat dinilai*: their missing columns and whether only columns."""
    tdd = ready[ready["kesiapan"] == gaps.TIDAK_DAPAT_DINILAI]
    cols = (
        tdd["kolom_data_kurang"]
        .fillna("")
        .map(lambda t: frozenset(x for x in str(t).split("; ") if x))
    )
    only_columns = cols.map(len).to_numpy() == tdd["jumlah_data_kurang"].to_numpy()
    return pd.DataFrame(
        {"program": tdd["program"], "kolom": cols, "hanya_kolom": only_columns},
        index=tdd.index,
    )


def _passing_value(name: str) -> object:
    """A value of ``name`` that meets every catalogue requirement on it."""
    col = {c.name: c for c in register.SCHEMA}[name]
    if col.dtype == "boolean":
        return True
    need = [
        float(r.nilai)
        for p in gaps.load_programmes().values()
        for r in p.syarat
        if r.kolom == name and isinstance(r.nilai, float)
    ]
    return max(need, default=0.0) + 1.0


def _scenarios_unlocked(an: Analyses, names: list[str]) -> dict[str, list[str]]:
    """Per column, the labels of the skipped scenarios it alone would unlock."""
    from kdkmp_analysis import distribution

    out: dict[str, list[str]] = {n: [] for n in names}
    net, table = an.network, an.scenarios
    if net is None or table is None or net.problem:
        return out
    skipped = table.attrs.get("tidak_dinilai", {})
    waiting = [s for s in distribution.default_scenarios() if s.key in skipped]
    if not waiting:
        return out
    reg = register.as_register(an.register)
    by_id = reg.set_index("koperasi_id")
    for name in names:
        filled = reg.copy()
        value = _passing_value(name)
        filled[name] = filled[name].fillna(value).astype(filled[name].dtype)
        ready = distribution.bulog_ready(filled).set_axis(filled["koperasi_id"])
        kop = net.koperasi.copy()
        kop["siap_bulog"] = pd.array(kop["koperasi_id"].map(ready), dtype="boolean")
        mitra = filled.set_index("koperasi_id")["mitra_bulog"].reindex(by_id.index)
        kop["mitra_bulog"] = pd.array(kop["koperasi_id"].map(mitra), dtype="boolean")
        trial = dataclasses.replace(net, koperasi=kop)
        out[name] = [
            s.name for s in waiting if distribution.scenario_problem(trial, s) is None
        ]
    return out


def missing_data_table(an: Analyses) -> pd.DataFrame:
    """Per register column with missing data: what filling it would unlock.

    Parameters
    ----------
    an : Analyses

    Returns
    -------
    pandas.DataFrame
        One row per status/partner column that some cooperative lacks:
        ``kolom`` (key), ``label``, ``koperasi_tanpa_data``, ``disimpulkan``
        (values inferred, e.g. badan hukum from NIB), ``putusan_terbuka``
        (verdicts it alone unlocks), ``putusan_bersama`` (verdicts waiting for
        it with other data), ``skenario_terbuka`` (number) and
        ``nama_skenario`` (their labels), ``program`` (short names of the
        programmes that need it), ``cara_mengisi`` (planner words); sorted by
        ``putusan_terbuka``, ``skenario_terbuka``, ``putusan_bersama``,
        ``koperasi_tanpa_data`` (descending).
    """
    ready = an.forum.readiness
    strict = bool(ready.attrs.get("strict", False))
    reg, _ = gaps.prepare_register(an.register)
    labels = pd.DataFrame(index=reg.index)
    if not strict:
        reg, labels = gaps.infer_statuses(reg)
    sets = _missing_sets(ready)
    cols = [
        c for c in _candidate_columns() if c.name in reg and reg[c.name].isna().any()
    ]
    unlocked = _scenarios_unlocked(an, [c.name for c in cols])
    rows = []
    for col in cols:
        has = sets["kolom"].map(lambda s, n=col.name: n in s).to_numpy(dtype=bool)
        sole = has & sets["hanya_kolom"].to_numpy() & (sets["kolom"].map(len) == 1)
        inferred = labels[col.name].ne("").sum() if col.name in labels else 0
        rows.append(
            {
                "kolom": col.name,
                "label": col.label,
                "koperasi_tanpa_data": int(reg[col.name].isna().sum()),
                "disimpulkan": int(inferred),
                "putusan_terbuka": int(sole.sum()),
                "putusan_bersama": int((has & ~sole).sum()),
                "skenario_terbuka": len(unlocked[col.name]),
                "nama_skenario": "; ".join(unlocked[col.name]),
                "program": _needed_by(col),
                "cara_mengisi": _remedy(col),
            }
        )
    out = pd.DataFrame(rows, columns=_TABLE_COLUMNS)
    keys = ["putusan_terbuka", "skenario_terbuka", "putusan_bersama"]
    keys.append("koperasi_tanpa_data")
    return out.sort_values(keys, ascending=False, kind="stable").reset_index(drop=True)


_TABLE_COLUMNS = [
    "kolom",
    "label",
    "koperasi_tanpa_data",
    "disimpulkan",
    "putusan_terbuka",
    "putusan_bersama",
    "skenario_terbuka",
    "nama_skenario",
    "program",
    "cara_mengisi",
]


def missing_by_programme(an: Analyses) -> pd.DataFrame:
    """Per programme, the data whose filling together unlocks its verdicts.

    Returns
    -------
    pandas.DataFrame
        ``program``, ``nama_program``, ``putusan`` (verdicts *tidak dapat
        dinilai* with exactly this missing data), ``data`` (column labels,
        joined by " + "; documents named when the verdict waits for one),
        sorted by ``putusan`` (descending).
    """
    sets = _missing_sets(an.forum.readiness)
    names = {p.key: p.nama for p in gaps.load_programmes().values()}
    labels = {c.name: c.label for c in register.SCHEMA}
    rows = []
    for (prog, cols, only), grp in sets.groupby(
        ["program", "kolom", "hanya_kolom"], sort=False
    ):
        data = " + ".join(labels.get(c, c) for c in sorted(cols))
        if not only:
            data = (data + " + " if data else "") + "dokumen (diperiksa di forum)"
        rows.append(
            {
                "program": prog,
                "nama_program": names.get(str(prog), str(prog)),
                "putusan": len(grp),
                "data": data,
            }
        )
    out = pd.DataFrame(rows, columns=["program", "nama_program", "putusan", "data"])
    return out.sort_values("putusan", ascending=False, kind="stable").reset_index(
        drop=True
    )


def _intro(an: Analyses, table: pd.DataFrame) -> str:
    ready = an.forum.readiness
    n_tdd = int((ready["kesiapan"] == gaps.TIDAK_DAPAT_DINILAI).sum())
    n_inf = int(
        ((ready["kesiapan"] == gaps.SIAP) & (ready["jumlah_disimpulkan"] > 0)).sum()
    )
    parts = [
        f"{angka(len(an.register))} koperasi × {angka(ready['program'].nunique())} "
        f"program = {angka(len(ready))} putusan kesiapan; {angka(n_tdd)} di antaranya "
        "belum dapat dinilai karena datanya belum ada di register."
    ]
    if n_inf:
        parts.append(
            f"{angka(n_inf)} putusan “siap” bertumpu pada data yang disimpulkan "
            "(mis. badan hukum disimpulkan dari NIB: NIB koperasi hanya terbit untuk "
            "badan hukum); periksa dokumennya di forum."
        )
    parts.append(
        "Tabel di bawah mengurutkan data yang kurang menurut banyaknya putusan yang "
        "langsung dapat dinilai bila data itu diisi. Cara melengkapinya: minta "
        "templat Dinas yang sudah berisi data register ini (sel abu-abu sudah "
        "terisi, kolom “Sumber Data Terisi” menyebut asalnya), isi sel yang kosong "
        "pada lembar “Data Koperasi”, lalu serahkan berkasnya ke analis untuk "
        "diimpor ulang; bahan forum berikutnya memakai data baru itu."
    )
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts)


def _analyst_note() -> str:
    cmds = [
        "# REGISTER.csv = register yang dipakai untuk build ini",
        "kdkmp template --dari-register REGISTER.csv --out templat_dinas.xlsx",
        "kdkmp import-dinas templat_dinas.xlsx --register REGISTER.csv --out impor_dinas",
        "kdkmp build --register impor_dinas/register.csv",
    ]
    code = "\n".join(html.escape(c) for c in cmds)
    return (
        "<details><summary>Catatan untuk analis (perintah)</summary>"
        f"<pre>{code}</pre></details>"
    )


def missing_data_page(an: Analyses) -> str:
    """The page :data:`MISSING_DATA_TITLE` (self-contained HTML)."""
    table = missing_data_table(an)
    shown = pd.DataFrame(
        {
            "Data": table["label"],
            "Koperasi tanpa data": table["koperasi_tanpa_data"],
            "Putusan program yang dapat dinilai bila diisi": table["putusan_terbuka"],
            "Skenario distribusi yang dapat dihitung bila diisi": table[
                "skenario_terbuka"
            ],
            "Putusan yang juga menunggu data lain": table["putusan_bersama"],
            "Disimpulkan dari data lain": table["disimpulkan"],
            "Dibutuhkan program": table["program"],
            "Cara mengisi": table["cara_mengisi"],
        }
    )
    body = [
        f"<p>{html.escape(an.kabupaten.label)} · dibuat {html.escape(tanggal(an.created))}</p>"
    ]
    body.append(_intro(an, table))
    body.append("<h2>Per kolom data</h2>")
    body.append(
        html_table(shown) if len(shown) else "<p>Tidak ada data yang kurang.</p>"
    )
    named = table[table["nama_skenario"] != ""]
    if len(named):
        items = "".join(
            f"<li>{html.escape(r.label)}: {html.escape(r.nama_skenario)}</li>"
            for r in named.itertuples()
        )
        body.append(f"<h2>Skenario distribusi yang menunggu data</h2><ul>{items}</ul>")
    elif an.distribution_notes:
        items = "".join(f"<li>{html.escape(n)}</li>" for n in an.distribution_notes)
        body.append(
            "<h2>Skenario distribusi</h2><p>Skenario berikut tidak dapat dihitung, "
            f"dan tidak satu kolom pun saja yang membukanya:</p><ul>{items}</ul>"
        )
    per_prog = missing_by_programme(an)
    if len(per_prog):
        body.append("<h2>Per program: data yang harus diisi bersama</h2>")
        body.append(
            html_table(
                pd.DataFrame(
                    {
                        "Program": per_prog["nama_program"],
                        "Putusan yang belum dapat dinilai": per_prog["putusan"],
                        "Data yang harus diisi": per_prog["data"],
                    }
                )
            )
        )
    body.append(_analyst_note())
    return page(MISSING_DATA_TITLE, "".join(body), note=an.note, sources=sources(an))


def write_missing_data_page(an: Analyses, out_dir: str | Path) -> Path:
    """Write :data:`MISSING_DATA_PAGE` into ``out_dir``."""
    path = Path(out_dir) / MISSING_DATA_PAGE
    return documents.write_text(path, missing_data_page(an))
