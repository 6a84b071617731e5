"""Forum candidate lists, briefings, workbook/HTML exports, CLI, maps, widgets."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from kdkmp_analysis import forum, gaps, handouts, register
from kdkmp_analysis.handouts import forum_files
from kdkmp_analysis.intake import outcome_schema


@pytest.fixture(scope="module")
def forum_data(default_register, desa_polygons):
    return forum.build_forum(default_register, "35.14", desa_polygons=desa_polygons)


@pytest.fixture(scope="module")
def exported(forum_data, tmp_path_factory):
    return handouts.write_forum(tmp_path_factory.mktemp("forum"), forum=forum_data)


def test_forum_on_the_default_register(forum_data, default_register):
    assert forum_data.is_illustrative and "ILUSTRASI" in forum_data.data_note
    assert forum_data.status_penduduk == "perkiraan"
    assert set(forum_data.candidates) == {
        k for k, p in gaps.load_programmes().items() if p.mitra
    }
    bulog = forum_data.candidates["bulog_sphp"]
    partnered = int(default_register["mitra_bulog"].fillna(False).sum())
    assert len(bulog) == 365 - partnered
    assert (
        not bulog["kode_desa"]
        .isin(
            default_register.loc[
                default_register["mitra_bulog"].fillna(False), "kode_desa"
            ]
        )
        .any()
    )
    siap = bulog[bulog["kesiapan"] == "siap"]
    assert (siap["peringkat"] <= len(siap)).all()  # ready ones come first
    summ = forum_data.summary.set_index("program")
    assert summ.loc["bulog_sphp", "siap_belum_bermitra"] == len(siap)
    brief = forum.kecamatan_briefing(forum_data)
    assert len(brief) == 24 and brief["koperasi"].sum() == 365
    assert brief["kandidat Bulog SPHP"].sum() == len(siap)
    assert brief["tanpa_nib"].sum() == 24
    one = forum.kecamatan_briefing(forum_data, "bulog_sphp")
    assert one["siap_belum_bermitra"].sum() == len(siap)


# --- exports -----------------------------------------------------------------------
def test_workbook_sheets_headings_frozen_filtered(exported, forum_data):
    wb = openpyxl.load_workbook(exported.workbook)
    progs = gaps.load_programmes()
    expected = [
        "Ringkasan",
        *[progs[k].singkat for k in forum_data.candidates],
        forum_files.GAP_SHEET,
        "Per Kecamatan",
        "Matriks Kesiapan",
        "Sumber",
        "Catatan",
        outcome_schema.SHEET,  # filled by the Dinas at the forum (issue 15)
    ]
    assert wb.sheetnames == expected
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A3", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), ws.title
        assert ws.column_dimensions["A"].width and ws.column_dimensions["A"].width > 8
    ws = wb["Bulog SPHP"]
    assert "ILUSTRASI" in ws["A1"].value
    heads = [c.value for c in ws[2]]
    assert heads[:7] == [
        "Peringkat",
        "Koperasi",
        "Kartu",  # a link to the cooperative's card
        "Kode Desa",
        "Desa/Kelurahan",
        "Kecamatan",
        "Kesiapan",
    ]
    # no outlet layer: the distance is to the nearest partnered cooperative
    assert handouts.JARAK_KOPERASI in heads and "Alasan" in heads
    assert handouts.JARAK_GERAI not in heads
    assert "Tambahan Penduduk Terjangkau (Dihitung Sekali) (perkiraan)" in heads
    assert ws.max_row == 2 + len(forum_data.candidates["bulog_sphp"])
    assert ws.cell(3, 1).value == 1 and ws.cell(3, 7).value == "siap"
    summ = wb["Ringkasan"]
    assert [c.value for c in summ[2]][:3] == ["Program", "BUMN Mitra", "Koperasi"]
    assert summ.max_row == 2 + len(gaps.load_programmes())
    notes = " ".join(str(c.value) for c in wb["Catatan"]["A"])
    assert "ilustrasi" in notes.lower() and "tidak dapat dinilai" in notes
    src = [c.value for c in wb["Sumber"][2]]
    assert "Sumber" in src and "Tautan" in src and "Tanggal" in src


def test_html_is_self_contained_and_escaped(default_register, desa_polygons, tmp_path):
    from kdkmp_analysis import maps

    reg = default_register.copy()
    reg.loc[0, "nama_koperasi"] = "<script>alert('x')</script> & Co"
    reg.attrs = dict(default_register.attrs)
    data = forum.build_forum(reg, desa_polygons=desa_polygons)
    path = handouts.write_html(data, tmp_path / "f.html")
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert maps.external_references(text) == []
    assert "Kandidat mitra Perum Bulog" in text
    # the note names which statuses are data and which the ilustrasi scenario
    assert "DATA CAMPURAN: NIB, NPWP, akun, RAT dan transaksi = data SIMKOPDES" in text
    assert "status mitra, lahan, gudang dan lainnya = ILUSTRASI" in text


def test_imported_register_exports(default_register, desa_polygons, tmp_path):
    reg = default_register.copy()
    for c in register.SCHEMA:
        if not c.required and c.name not in {"nib", "npwp"} and c.dtype != "string":
            reg[c.name] = pd.array([pd.NA] * len(reg), dtype=c.dtype)
    reg["sumber_status"] = "impor SIMKOPDES 2026-08-05"
    path = register.write_register(reg, tmp_path / "impor.csv")
    back = register.read_register(path)
    data = forum.build_forum(back, desa_polygons=desa_polygons)
    assert not data.is_illustrative
    files = handouts.write_forum(tmp_path / "out", forum=data)
    wb = openpyxl.load_workbook(files.workbook)
    assert "ILUSTRASI" not in wb["Bulog SPHP"]["A1"].value
    assert wb["Bulog SPHP"].max_row == 2 + 365  # nobody known partnered
    assert set(data.candidates["bulog_sphp"]["status_mitra"]) == {"tidak diketahui"}


def test_real_simkopdes_import(simkopdes_dir, desa_polygons, tmp_path):
    intake = pytest.importorskip("kdkmp_analysis.intake")
    res = intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        boundaries=desa_polygons,
    )
    data = forum.build_forum(res.register, desa_polygons=desa_polygons)
    n = len(res.register)
    s = data.summary
    parts = s[
        ["bermitra", "siap_belum_bermitra", "belum_siap", "tidak_dapat_dinilai"]
    ].sum(axis=1)
    assert (parts == n).all()
    files = handouts.write_forum(tmp_path, forum=data)
    assert files.workbook.is_file() and files.html.is_file()


# --- maps and widgets ------------------------------------------------------------
def test_gap_map_and_readiness_markers(forum_data, desa_polygons):
    from kdkmp_analysis.region import boundaries

    kec = boundaries.kecamatan_polygons(desa_polygons)
    data = forum.gap_map_data(forum_data, "bulog_sphp", kec)
    g = forum_data.gaps[forum_data.gaps["program"] == "bulog_sphp"]
    assert data["persen_siap_belum_bermitra"].sum() == pytest.approx(
        (100 * g["porsi_siap_belum_bermitra"]).round(1).sum()
    )
    m = handouts.gap_map(forum_data, "bulog_sphp", kec, tiles=None)
    info = m.kdkmp_info
    assert info["ilustrasi"] and info["kecamatan"] == 24
    partnered = int(forum_data.register["mitra_bulog"].fillna(False).sum())
    assert info["kelas_status"]["bermitra"] == partnered
    m2 = handouts.readiness_points_map(
        forum_data, "pupuk_indonesia", nama_kecamatan="Sukorejo", tiles=None
    )
    assert m2.kdkmp_info["koperasi"] == 19
    with pytest.raises(forum.ForumError, match="Sukorejo"):
        handouts.readiness_points_map(
            forum_data, "bulog_sphp", nama_kecamatan="Atlantis"
        )


def test_gap_explorer_follows_the_choices(forum_data):
    from kdkmp_analysis import gaps_widgets

    e = gaps_widgets.GapExplorer(forum_data, show_map=False)
    assert e.program.value == "bulog_sphp"
    assert len(e.current["kesenjangan"]) == 24
    e.kecamatan.value = "Sukorejo"
    assert set(e.current["kandidat"]["nama_kecamatan"]) == {"Sukorejo"}
    assert len(e.current["matriks"]) == 19
    e.program.value = "pupuk_indonesia"
    assert "Gudang minimal 5 t" in e.current["matriks"].columns
    assert len(e.current["kesenjangan"]) == 1


def test_gap_explorer_map_is_an_html_widget(forum_data, desa_polygons):
    from kdkmp_analysis import gaps_widgets
    from kdkmp_analysis.region import boundaries

    kec = boundaries.kecamatan_polygons(desa_polygons)
    e = gaps_widgets.GapExplorer(forum_data, kecamatan_polygons=kec)
    assert e.last_map.kdkmp_info["kecamatan"] == 24
    assert "<iframe" in e._map.value
    e.kecamatan.value = "Sukorejo"
    assert e.last_map.kdkmp_info["koperasi"] == 19


# --- unknown partner status is never shown as zero --------------------------------
def test_unknown_partners_read_tidak_diketahui_in_the_workbook(
    default_register, desa_polygons, tmp_path
):
    reg = default_register.copy()
    for c in [*register.MITRA_COLUMNS, "bermitra_bumn"]:
        reg[c] = pd.array([pd.NA] * len(reg), dtype="boolean")
    data = forum.build_forum(reg, desa_polygons=desa_polygons)
    s = data.summary.set_index("program")
    assert s["bermitra"].isna().all() and (s["mitra_diketahui"] == 0).all()
    files = handouts.write_forum(tmp_path, forum=data)
    ws = openpyxl.load_workbook(files.workbook)["Ringkasan"]
    head = [c.value for c in ws[2]]
    rows = {
        r[0]: dict(zip(head, r, strict=True))
        for r in ws.iter_rows(min_row=3, values_only=True)
    }
    bulog = rows[gaps.programme("bulog_sphp").nama]
    assert bulog["Sudah Bermitra"] == "tidak diketahui"
    assert bulog["Penduduk di Desa Bermitra (perkiraan)"] == "tidak diketahui"
    assert bulog["Cakupan Penduduk (%) (perkiraan)"] == "tidak diketahui"
    assert bulog["Status Mitra Diketahui"] == 0
    assert bulog["Status Mitra Tidak Diketahui"] == 365
    loan = rows[gaps.programme("pinjaman_himbara").nama]
    assert loan["Sudah Bermitra"] == "tidak berlaku"
    assert loan["Cakupan Penduduk (%) (perkiraan)"] == "tidak berlaku"
    assert not any(
        v == 0
        for k, v in bulog.items()
        if k.startswith(("Sudah Bermitra", "Penduduk di Desa", "Cakupan"))
    )
    kec = openpyxl.load_workbook(files.workbook)["Per Kecamatan"]
    khead = [c.value for c in kec[2]]
    col = khead.index("Bermitra BUMN (Mana Pun)")
    unk = khead.index("Status Bermitra BUMN Tidak Diketahui")
    vals = [r for r in kec.iter_rows(min_row=3, values_only=True)]
    assert len(vals) == 24
    assert {r[col] for r in vals} == {"tidak diketahui"}
    assert sum(r[unk] for r in vals) == 365
    text = files.html.read_text(encoding="utf-8")
    assert "tidak diketahui" in text and "tidak berlaku" in text


def test_default_register_numbers_unchanged_in_the_workbook(forum_data, exported):
    ws = openpyxl.load_workbook(exported.workbook)["Ringkasan"]
    head = [c.value for c in ws[2]]
    rows = {
        r[0]: dict(zip(head, r, strict=True))
        for r in ws.iter_rows(min_row=3, values_only=True)
    }
    bulog = rows[gaps.programme("bulog_sphp").nama]
    assert bulog["Sudah Bermitra"] == 17  # partners need the snapshot's real NIB
    assert bulog["Status Mitra Diketahui"] == 360
    b = forum.kecamatan_briefing(forum_data)
    assert (
        b["bermitra_bumn"].sum() == 88 and b["bermitra_bumn_tidak_diketahui"].sum() == 0
    )


def test_gap_explorer_shows_unknown_partners_as_words(default_register, desa_polygons):
    from kdkmp_analysis import gaps_widgets

    reg = default_register.copy()
    for c in [*register.MITRA_COLUMNS, "bermitra_bumn"]:
        reg[c] = pd.array([pd.NA] * len(reg), dtype="boolean")
    data = forum.build_forum(reg, desa_polygons=desa_polygons)
    e = gaps_widgets.GapExplorer(data, show_map=False)
    gap = e.current["kesenjangan"]
    assert len(gap) == 24
    assert set(gap["bermitra"]) == {"tidak diketahui"}
    assert set(gap["cakupan_penduduk_pct"]) == {"tidak diketahui"}
    assert (gap["mitra_diketahui"] == 0).all()
    e.kecamatan.value = "Sukorejo"
    assert e.current["kesenjangan"]["bermitra"].tolist() == ["tidak diketahui"]
