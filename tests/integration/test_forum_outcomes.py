"""After the forum (issue 15), round trip: sheet → import → register, history, pages.

Two forums on the default register: the forum workbook's "Hasil Forum" sheet
is written by the package, filled here with openpyxl as the Dinas fills it
(stages, interest, PIC, deadlines, one date typed in Indonesian), imported
with ``kdkmp import-hasil-forum`` and, after the second forum, the build is
run with the history and the earlier register. What must hold: the partner
status changes with its source, the history accumulates both forums, the
funnel counts equal the history, the Kemajuan and follow-up pages show the
change and the overdue follow-up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import build, cli, gaps, handouts, intake, register
from kdkmp_analysis.handouts import progress
from kdkmp_analysis.intake import outcome_schema as osc
from kdkmp_analysis.testing.text_scan import violations, visible_text

F1, F2 = dt.date(2026, 10, 6), dt.date(2026, 11, 17)
LABEL = osc.SHEET_COLUMNS


def _sheet(path: Path) -> tuple[openpyxl.Workbook, object, int, dict[str, int]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[osc.SHEET]
    labels = list(LABEL.values())
    head = next(
        r for r in range(1, 8) if [c.value for c in ws[r]][: len(labels)] == labels
    )
    return wb, ws, head, {h: i + 1 for i, h in enumerate(labels)}


def _rows(path: Path) -> pd.DataFrame:
    _, ws, head, col = _sheet(path)
    data = [
        {h: ws.cell(r, c).value for h, c in col.items()}
        for r in range(head + 1, ws.max_row + 1)
    ]
    return pd.DataFrame(data)


def _fill(path: Path, edits: dict[tuple[str, str], dict[str, object]]) -> None:
    """Write the Dinas's entries into the rows of (code, programme name)."""
    wb, ws, head, col = _sheet(path)
    done = set()
    for r in range(head + 1, ws.max_row + 1):
        key = (
            ws.cell(r, col[LABEL["kode_desa"]]).value,
            ws.cell(r, col[LABEL["program"]]).value,
        )
        for heading, value in edits.get(key, {}).items():
            ws.cell(r, col[LABEL[heading]]).value = value
            done.add(key)
    assert done == set(edits)
    wb.save(path)


def _import(sheet: Path, reg: Path, out: Path, hist: Path, today: dt.date, capsys):
    code = cli.main(
        [
            "import-hasil-forum",
            str(sheet),
            "--register",
            str(reg),
            "--out",
            str(out),
            "--riwayat",
            str(hist),
        ]
    )
    said = capsys.readouterr()
    assert code == 0, said.err
    return said.out


@pytest.fixture(scope="module")
def programmes():
    p = gaps.load_programmes()
    return p["bulog_sphp"].singkat, p["pertamina_lpg"].singkat


def test_two_forums_round_trip(
    tmp_path, capsys, boundary_dir, simkopdes_dir, programmes
):
    from integration.test_build import _tiny_notebook

    bulog, lpg = programmes
    orig = register.write_register(
        intake.load_register(None, "35.14"), tmp_path / "awal" / "register.csv"
    )
    hist = tmp_path / osc.HISTORY_FILE

    # --- forum 1: the sheet the build writes, filled by hand ---------------------
    an = handouts.analyse(orig)
    book = Path(handouts.write_forum(tmp_path / "forum1", forum=an.forum).workbook)
    rows = _rows(book)
    assert len(rows) == len(
        rows.drop_duplicates([LABEL["kode_desa"], LABEL["program"]])
    )
    b = rows[rows[LABEL["program"]] == bulog][LABEL["kode_desa"]].tolist()
    p = rows[rows[LABEL["program"]] == lpg][LABEL["kode_desa"]].tolist()
    a_code, b_code, c_code = b[0], b[1], p[0]
    reg0 = register.read_register(orig).set_index("kode_desa")
    assert reg0.loc[a_code, "mitra_bulog"] is not True  # a candidate, not a partner
    _fill(
        book,
        {
            (a_code, bulog): {
                "tanggal_forum": F1,
                "minat_bumn": "ya",
                "tahap": "Setuju",  # typed by hand: read as "disetujui"
                "pic": "Bidang Koperasi",
                "tenggat": dt.date(2026, 10, 20),
                "tindak_lanjut": "tanda tangan perjanjian kerja sama",
            },
            (b_code, bulog): {
                "tanggal_forum": F1,
                "minat_bumn": "ya",
                "tahap": "minat",
                "pic": "Bulog Cabang",
                "tenggat": dt.date(2026, 10, 30),
            },
            (c_code, lpg): {
                "tanggal_forum": F1,
                "minat_bumn": "belum",
                "tahap": "dokumen dilengkapi",
                "pic": "Bidang Koperasi",
                "tenggat": "1 November 2026",  # an Indonesian date in words
            },
        },
    )
    said = _import(book, orig, tmp_path / "impor1", hist, F1, capsys)
    assert "3 diterima" in said
    reg1_path = tmp_path / "impor1" / "register.csv"
    reg1 = register.read_register(reg1_path).set_index("kode_desa")
    assert bool(reg1.loc[a_code, "mitra_bulog"]) is True  # disetujui → partner
    assert "hasil forum 6 Oktober 2026" in str(reg1.loc[a_code, "sumber_status"])
    cs = register.column_sources(reg1.reset_index())
    bulog_src = cs[cs["kolom"] == "mitra_bulog"].set_index("sumber")["jumlah_baris"]
    assert bulog_src["hasil forum 6 Oktober 2026"] == 1
    h1 = pd.read_csv(hist, dtype=str, keep_default_na=False)
    assert len(h1) == 3 and set(h1["tanggal_forum"]) == {F1.isoformat()}
    tenggat = h1.set_index(["kode_desa", "program"])["tenggat"]
    assert tenggat[(c_code, "pertamina_lpg")] == "2026-11-01"  # read from words
    report = pd.read_csv(tmp_path / "impor1" / "laporan_hasil_forum.csv", dtype=str)
    assert len(report) == len(rows)  # one report row per input row

    # --- forum 2: the next sheet starts from the history ----------------------
    an2 = handouts.analyse(reg1_path)
    book2 = Path(
        handouts.write_forum(
            tmp_path / "forum2", forum=an2.forum, history=progress.read_history(hist)
        ).workbook
    )
    rows2 = _rows(book2).set_index([LABEL["kode_desa"], LABEL["program"]])
    assert rows2.loc[(c_code, lpg), LABEL["tahap"]] == "dokumen dilengkapi"
    _fill(
        book2,
        {
            (a_code, bulog): {"tanggal_forum": F2, "tahap": "beroperasi"},
            (b_code, bulog): {
                "tanggal_forum": F2,
                "tahap": "diajukan",
                "tenggat": dt.date(2026, 12, 15),
            },
        },
    )
    said = _import(book2, reg1_path, tmp_path / "impor2", hist, F2, capsys)
    assert "2 diterima" in said
    h2 = progress.read_history(hist)
    assert len(h2) == 5 and h2.iloc[:3].equals(progress.read_history(hist).iloc[:3])
    assert sorted(set(h2["tanggal_forum"])) == [F1.isoformat(), F2.isoformat()]

    # the funnel per forum date equals the history, counted here by hand
    funnel = progress.funnel_counts(h2).set_index(["program", "tanggal_forum"])
    assert funnel.loc[("bulog_sphp", F1.isoformat()), "disetujui"] == 1
    assert funnel.loc[("bulog_sphp", F1.isoformat()), "minat"] == 1
    assert funnel.loc[("bulog_sphp", F2.isoformat()), "beroperasi"] == 1
    assert funnel.loc[("bulog_sphp", F2.isoformat()), "diajukan"] == 1
    assert funnel.loc[("pertamina_lpg", F2.isoformat()), "dokumen dilengkapi"] == 1
    for (prog, day), row in funnel.iterrows():
        latest = (
            h2[(h2["program"] == prog) & (h2["tanggal_forum"] <= day)]
            .sort_values("tanggal_forum", kind="stable")
            .groupby("kode_desa")["tahap"]
            .last()
        )
        assert row["jumlah"] == len(latest)
        assert all(row[t] == int((latest == t).sum()) for t in osc.STAGES)

    # --- the build with the history and the earlier register ------------------
    nbs = tmp_path / "nb"
    nbs.mkdir()
    _tiny_notebook(nbs / "01-uji.ipynb", "1 + 1")
    # an earlier register: the public SIMKOPDES snapshot's export of 5 Aug 2026
    snap = intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        kabupaten="35.14",
        boundaries=False,
        export_date="2026-08-05",
    ).write(tmp_path / "snapshot")["register"]
    out = tmp_path / "hasil"
    result = build.build(
        out=out,
        register=tmp_path / "impor2" / "register.csv",
        notebooks=nbs,
        jobs=1,
        history=hist,
        earlier=[snap, orig],  # orig has the build's date: the build's own wins
    )
    assert result.ok, result.handouts and result.handouts.error
    names = reg1["nama_koperasi"]
    kem = visible_text((out / "kemajuan.html").read_text(encoding="utf-8"))
    assert names[a_code] in kem and "beroperasi" in kem
    assert "5 Agustus 2026" in kem or "5 Agu 2026" in kem  # the earlier register
    tl = visible_text((out / "tindak-lanjut.html").read_text(encoding="utf-8"))
    assert names[c_code] in tl and "terlambat" in tl  # 1 Nov 2026 passed, still open
    assert violations(kem) == [] and violations(tl) == []
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="kemajuan.html"' in index
