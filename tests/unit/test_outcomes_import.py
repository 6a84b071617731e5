"""Importing the "Hasil Forum" sheet (issue 15 §1 and its bad input).

A small sheet is built here with openpyxl (a title row, then the headings of
:data:`outcome_schema.SHEET_COLUMNS`), like the forum workbook's sheets, and
read back against the default register.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import cli, register
from kdkmp_analysis.intake import outcome_schema as schema
from kdkmp_analysis.intake import outcomes
from kdkmp_analysis.testing.text_scan import violations

FORUM = "2026-08-05"
HEAD = list(schema.SHEET_COLUMNS.values())


@pytest.fixture(scope="module")
def reg(default_register):
    return default_register


def _codes(reg, n=6):
    """Cooperatives not yet partner of Bulog (the sheet's candidates)."""
    free = reg[reg["mitra_bulog"].eq(False) & reg["mitra_pertamina"].eq(False)]
    return list(free["kode_desa"].head(n))


def _row(code, prog="bulog_sphp", singkat="Bulog SPHP", key=None, **values):
    """One sheet row: protected columns + the editable values given."""
    cells = {
        "kode_desa": code,
        "nama_koperasi": "",
        "nama_kecamatan": "",
        "program": singkat,
        "peringkat": 1,
        "tanggal_forum": FORUM,
        "kunci_baris": schema.row_key(code, prog) if key is None else key,
    }
    cells |= values
    return [cells.get(k, "") for k in schema.SHEET_COLUMNS]


def _sheet(path, rows, *, title=True, name=schema.SHEET):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ringkasan"
    ws.append(["Ringkasan forum"])
    ws = wb.create_sheet(name)
    if title:
        ws.append(["Hasil Forum — isi setelah forum"])
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _status(res, excel_row):
    rep = res.report.set_index("baris_berkas")
    return rep.loc[excel_row, "status"], rep.loc[excel_row, "catatan"]


def test_happy_path_sets_the_partner_with_its_source_and_appends_history(reg, tmp_path):
    a, b, c = _codes(reg, 3)
    path = _sheet(
        tmp_path / "forum.xlsx",
        [
            _row(
                a,
                tahap="disetujui",
                minat_bumn="ya",
                pic="Bu Sari",
                tenggat="2026-09-01",
            ),
            _row(b, tahap="minat", minat_bumn="ya", tindak_lanjut="kirim dokumen"),
            _row(c),  # nothing decided
        ],
    )
    res = outcomes.read_outcomes(path, reg)
    assert list(res.report["baris_berkas"]) == [3, 4, 5]  # title row + header row
    assert list(res.report["status"]) == ["diterima", "diterima", "tidak diisi"]
    assert res.summary == {
        "baris": 3, "diterima": 2, "ditolak": 0, "duplikat": 0, "tidak_diisi": 1
    }  # fmt: skip
    assert (
        res.summary_line()
        == "3 baris: 2 diterima, 0 ditolak, 0 duplikat, 1 tidak diisi"
    )
    assert list(res.accepted["program"]) == ["bulog_sphp", "bulog_sphp"]
    new, changes = outcomes.apply_outcomes(reg, res.accepted, FORUM)
    row = new.set_index("kode_desa").loc[a]
    assert bool(row["mitra_bulog"]) and bool(row["bermitra_bumn"])
    assert row["sumber_status"].startswith("hasil forum 5 Agustus 2026: ")
    assert "lainnya: " in row["sumber_status"]  # the former source is kept
    assert not bool(new.set_index("kode_desa").loc[b, "mitra_bulog"])  # minat only
    assert set(changes["kode_desa"]) == {a}
    assert changes.iloc[0][["sebelum", "sesudah"]].tolist() == ["tidak", "ya"]
    assert (reg.drop(index=reg.index[reg["kode_desa"] == a]).equals(
        new.drop(index=new.index[new["kode_desa"] == a])))  # fmt: skip
    hist = tmp_path / schema.HISTORY_FILE
    added = outcomes.append_history(
        hist, res.accepted, file_name="forum.xlsx", imported_at="2026-08-06 10:00:00"
    )
    assert list(added["riwayat"]) == ["ditambahkan"] * 2
    again = outcomes.append_history(hist, res.accepted, file_name="salinan.xlsx")
    assert list(again["riwayat"]) == ["sudah ada"] * 2  # not doubled
    back = outcomes.read_history(hist)
    assert list(back.columns) == list(schema.HISTORY_COLUMNS)
    assert back[["kode_desa", "tahap", "tenggat", "pic"]].values.tolist() == [
        [a, "disetujui", "2026-09-01", "Bu Sari"],
        [b, "minat", "", ""],
    ]


def test_a_refusal_never_ends_a_partnership(reg):
    partner = reg[reg["mitra_bulog"].eq(True)]["kode_desa"].iloc[0]
    acc = pd.DataFrame(
        [{"kode_desa": partner, "program": "bulog_sphp", "tahap": "ditolak",
          "tanggal_forum": FORUM, "kolom_mitra": "mitra_bulog"}]
    )  # fmt: skip
    new, changes = outcomes.apply_outcomes(reg, acc, FORUM)
    assert changes.empty and new["mitra_bulog"].equals(reg["mitra_bulog"])


@pytest.mark.parametrize(
    ("values", "status", "said"),
    [
        ({"tahap": "Setuju"}, "diterima", "'Setuju' dibaca 'disetujui'"),
        ({"tahap": "  DISETUJUI "}, "diterima", ""),
        ({"tahap": "Tolak"}, "diterima", "dibaca 'ditolak'"),
        ({"tahap": "aktif"}, "diterima", "dibaca 'beroperasi'"),
        ({"tahap": "operasi"}, "diterima", "dibaca 'beroperasi'"),
        ({"tahap": "dokumen lengkap"}, "diterima", "dibaca 'dokumen dilengkapi'"),
        ({"tahap": "approved"}, "diterima", "dibaca 'disetujui'"),
        ({"tahap": "OK"}, "ditolak", "Tahap: 'OK' tidak jelas; pilihan: calon, minat"),
        ({"minat_bumn": "Y"}, "diterima", "'Y' dibaca 'ya'"),
        ({"minat_bumn": "iya"}, "diterima", "'iya' dibaca 'ya'"),
        ({"minat_bumn": "mungkin"}, "ditolak", "Minat BUMN: 'mungkin' tidak jelas"),
        ({"tenggat": "5 September 2026"}, "diterima", "dibaca 5 September 2026"),
        ({"tenggat": "05/09/2026"}, "diterima", "'05/09/2026' dibaca 5 September 2026"),
        ({"tenggat": dt.datetime(2026, 9, 5)}, "diterima", ""),
        ({"tenggat": "besok pagi"}, "ditolak", "Tenggat: 'besok pagi' bukan tanggal"),
        ({"tenggat": "2026-07-01"}, "ditolak", "tenggat baru 1 Juli 2026 sebelum"),
        ({"tanggal_forum": "5 Agustus 2026"}, "diterima", "dibaca 5 Agustus 2026"),
        ({"tanggal_forum": "kemarin"}, "ditolak", "Tanggal Forum: 'kemarin' bukan"),
    ],
)
def test_hand_typed_values_are_read_or_named(reg, tmp_path, values, status, said):
    (a,) = _codes(reg, 1)
    cells = {"tahap": "minat"} | values
    res = outcomes.read_outcomes(_sheet(tmp_path / "f.xlsx", [_row(a, **cells)]), reg)
    got, note = _status(res, 3)
    assert got == status and said in note
    if status == "ditolak":
        assert res.accepted.empty and res.report.loc[0, "kolom"]
    else:
        stage = res.accepted.loc[0, "tahap"]
        assert stage in schema.STAGES


def test_codes_programmes_and_row_keys(reg, tmp_path):
    a, b, c, d = _codes(reg, 4)
    rows = [
        _row("35.14.99.9999", key="", tahap="minat"),  # unknown code
        _row(a, singkat="Program Fiktif", key="", tahap="minat"),  # unknown programme
        _row(b, singkat="  pertamina   lpg ", prog="pertamina_lpg", tahap="minat"),
        _row(c, key=schema.row_key(d, "bulog_sphp"), tahap="minat"),  # code edited
        _row(d, key="", tahap="minat"),  # added by hand
        _row(a, key="0123456789", tahap="minat"),  # a key of nothing
    ]
    res = outcomes.read_outcomes(_sheet(tmp_path / "f.xlsx", rows), reg)
    st = res.report.set_index("baris_berkas")
    assert list(st["status"]) == ["ditolak", "ditolak", "diterima", "ditolak",
                                  "diterima", "ditolak"]  # fmt: skip
    assert "'35.14.99.9999' tidak ada di register" in st.loc[3, "catatan"]
    assert (
        "'Program Fiktif' tidak ada di katalog; pilihan: Bulog SPHP"
        in st.loc[4, "catatan"]
    )
    assert st.loc[4, "kolom"] == "Program"
    assert (
        f"kode atau program diubah; baris ini semula untuk {d}" in st.loc[6, "catatan"]
    )
    assert "Bulog SPHP" in st.loc[6, "catatan"]
    assert "Kunci Baris: kosong (baris ditambahkan tangan)" in st.loc[7, "catatan"]
    assert "tidak cocok dengan kode dan program mana pun" in st.loc[8, "catatan"]
    assert res.summary["diterima"] + res.summary["ditolak"] == res.summary["baris"] == 6


def test_duplicated_rows(reg, tmp_path):
    a, b = _codes(reg, 2)
    rows = [
        _row(a, tahap="disetujui", pic="Pak Budi"),
        _row(a, tahap="Disetujui", pic="pak budi"),  # same content
        _row(b, tahap="minat"),
        _row(b, tahap="diajukan"),  # different content
    ]
    res = outcomes.read_outcomes(_sheet(tmp_path / "f.xlsx", rows), reg)
    assert list(res.report["status"]) == ["diterima", "duplikat", "diterima", "ditolak"]
    assert "sama dengan baris 3" in res.report.loc[1, "catatan"]
    assert "sudah ada di baris 5 dengan isi berbeda" in res.report.loc[3, "catatan"]
    assert len(res.accepted) == 2
    _, changes = outcomes.apply_outcomes(reg, res.accepted, FORUM)
    mine = changes[changes["kode_desa"] == a]
    label = {c.name: c.label for c in register.SCHEMA}["mitra_bulog"]
    assert (mine["kolom"] == label).sum() == 1


def test_a_stage_going_backwards_needs_a_note(reg, tmp_path):
    a, b = _codes(reg, 2)
    first = outcomes.read_outcomes(
        _sheet(tmp_path / "f1.xlsx", [_row(a, tahap="diverifikasi"),
                                     _row(b, tahap="diverifikasi")]), reg
    )  # fmt: skip
    hist = tmp_path / "h.csv"
    outcomes.append_history(hist, first.accepted, file_name="f1.xlsx")
    later = dict(tanggal_forum="2026-09-05")
    rows = [
        _row(a, tahap="diajukan", **later),
        _row(b, tahap="diajukan", catatan="berkas dikembalikan BUMN", **later),
    ]
    res = outcomes.read_outcomes(_sheet(tmp_path / "f2.xlsx", rows), reg, history=hist)
    assert list(res.report["status"]) == ["ditolak", "diterima"]
    assert "mundur dari 'diverifikasi'" in res.report.loc[0, "catatan"]
    assert "tanpa Catatan" in res.report.loc[0, "catatan"]
    assert "alasannya di Catatan" in res.report.loc[1, "catatan"]


def test_an_old_deadline_already_in_the_history_is_kept(reg, tmp_path):
    (a,) = _codes(reg, 1)
    first = outcomes.read_outcomes(
        _sheet(tmp_path / "f1.xlsx", [_row(a, tahap="minat", tenggat="2026-08-20")]),
        reg,
    )
    hist = tmp_path / "h.csv"
    outcomes.append_history(hist, first.accepted, file_name="f1.xlsx")
    again = _row(a, tahap="minat", tenggat="2026-08-20", tanggal_forum="2026-09-05",
                 pic="Pak Joko")  # fmt: skip
    res = outcomes.read_outcomes(
        _sheet(tmp_path / "f2.xlsx", [again]), reg, history=hist
    )
    assert res.report.loc[0, "status"] == "diterima"
    assert "sudah lewat" in res.report.loc[0, "catatan"]


def test_a_csv_with_the_same_headings_and_no_title_row(reg, tmp_path):
    (a,) = _codes(reg, 1)
    frame = pd.DataFrame([_row(a, tahap="minat")], columns=HEAD)
    path = tmp_path / "hasil.csv"
    frame.to_csv(path, index=False)
    res = outcomes.read_outcomes(path, reg)
    assert res.report.loc[0, "baris_berkas"] == 2 and res.summary["diterima"] == 1


def _run(capsys, argv):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_cli_same_file_twice_and_a_second_forum(reg, tmp_path, capsys):
    a, b = _codes(reg, 2)
    reg_path = register.write_register(reg, tmp_path / "register.csv")
    f1 = _sheet(tmp_path / "forum1.xlsx", [
        _row(a, tahap="disetujui", tenggat="2026-09-01"),
        _row(b, tahap="minat"),
        _row(b, tahap="OK", prog="pertamina_lpg", singkat="Pertamina LPG"),
    ])  # fmt: skip
    out = tmp_path / "hasil"
    code, text, _ = _run(capsys, ["import-hasil-forum", str(f1), "--register",
                                  str(reg_path), "--out", str(out)])  # fmt: skip
    assert code == 0
    assert "3 baris: 2 diterima, 1 ditolak, 0 duplikat, 0 tidak diisi" in text
    hist = out / schema.HISTORY_FILE
    assert len(outcomes.read_history(hist)) == 2
    new = register.read_register(out / "register.csv")
    assert bool(new.set_index("kode_desa").loc[a, "mitra_bulog"])
    for name in ("laporan_hasil_forum.csv", "laporan_hasil_forum.xlsx"):
        assert (out / name).exists()
    page = (out / "laporan_hasil_forum.html").read_text(encoding="utf-8")
    from kdkmp_analysis.testing.text_scan import visible_text

    assert not violations(visible_text(page))
    # the same file again: nothing new, nothing doubled, the written rows untouched
    before = hist.read_bytes()
    code, text, _ = _run(capsys, ["import-hasil-forum", str(f1), "--register",
                                  str(out / "register.csv"), "--out", str(out)])  # fmt: skip
    assert (
        code == 0
        and "3 baris: 0 diterima, 1 ditolak, 0 duplikat, 2 tidak diisi" in text
    )
    assert hist.read_bytes() == before
    # a second forum: appended after the first, the first rows kept as they were
    f2 = _sheet(tmp_path / "forum2.xlsx", [
        _row(a, tahap="beroperasi", tanggal_forum="2026-09-05"),
        _row(b, tahap="diajukan", tanggal_forum="5 September 2026"),
    ])  # fmt: skip
    riwayat = tmp_path / "riwayat.csv"
    riwayat.write_bytes(before)
    code, text, _ = _run(capsys, ["import-hasil-forum", str(f2), "--register",
                                  str(out / "register.csv"), "--out", str(out),
                                  "--riwayat", str(riwayat)])  # fmt: skip
    assert code == 0
    assert riwayat.read_bytes().startswith(before)
    h = outcomes.read_history(riwayat)
    assert h["tanggal_forum"].tolist() == [FORUM, FORUM, "2026-09-05", "2026-09-05"]
    assert h["berkas"].tolist() == ["forum1.xlsx"] * 2 + ["forum2.xlsx"] * 2


@pytest.mark.parametrize("case", ["missing", "wrong-sheet", "no-headings", "register"])
def test_cli_user_errors_exit_2_without_traceback(reg, tmp_path, capsys, case):
    (a,) = _codes(reg, 1)
    reg_path = register.write_register(reg, tmp_path / "register.csv")
    f = tmp_path / "f.xlsx"
    if case == "wrong-sheet":
        _sheet(f, [_row(a, tahap="minat")], name="Lembar1")
    elif case == "no-headings":
        wb = openpyxl.Workbook()
        wb.active.title = schema.SHEET
        wb.active.append(["Nama", "Alamat"])
        wb.save(f)
    elif case == "register":
        _sheet(f, [_row(a, tahap="minat")])
        reg_path = tmp_path / "tidak_ada.csv"
    argv = ["import-hasil-forum", str(f), "--register", str(reg_path), "--out",
            str(tmp_path / "o")]  # fmt: skip
    code, out, err = _run(capsys, argv)
    assert code == 2 and err.startswith("Galat: ") and err.count("\n") == 1
    said = {"missing": "tidak ditemukan", "wrong-sheet": "tidak berisi lembar 'Hasil Forum'",
            "no-headings": "kolom wajib tidak ada", "register": "tidak ditemukan"}  # fmt: skip
    assert said[case] in err


def test_history_of_another_shape_is_refused(tmp_path):
    other = tmp_path / "riwayat.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(outcomes.IntakeError, match="bukan riwayat hasil forum"):
        outcomes.append_history(other, pd.DataFrame(), file_name="x.xlsx")
    assert other.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_build_passes_the_history(monkeypatch, tmp_path):
    import inspect

    from kdkmp_analysis import build

    assert "history" in inspect.signature(build.build).parameters
    seen = {}

    def fake(**kw):
        seen.update(kw)
        return type("R", (), {"ok": True})()

    monkeypatch.setattr(build, "build", fake)
    hist = tmp_path / schema.HISTORY_FILE
    assert (
        cli.main(["build", "--out", str(tmp_path / "b"), "--riwayat", str(hist)]) == 0
    )
    assert seen["history"] == hist


def test_an_untouched_prefilled_row_decides_nothing(reg, tmp_path):
    a, b = _codes(reg, 2)
    first = outcomes.read_outcomes(
        _sheet(tmp_path / "f1.xlsx", [_row(a, tahap="minat", pic="Bu Ani"),
                                     _row(b, tahap="calon", minat_bumn="belum")]), reg
    )  # fmt: skip
    assert list(first.report["status"]) == ["diterima", "tidak diisi"]
    assert "masih calon" in first.report.loc[1, "catatan"]
    hist = tmp_path / "h.csv"
    outcomes.append_history(hist, first.accepted, file_name="f1.xlsx")
    later = {"tanggal_forum": "2026-09-05"}
    rows = [_row(a, tahap="minat", pic="Bu Ani", **later),  # prefilled, unchanged
            _row(b, tahap="calon", minat_bumn="ya", **later)]  # fmt: skip
    res = outcomes.read_outcomes(_sheet(tmp_path / "f2.xlsx", rows), reg, history=hist)
    assert list(res.report["status"]) == ["tidak diisi", "diterima"]
    assert "sama dengan riwayat (forum 5 Agustus 2026)" in res.report.loc[0, "catatan"]
