"""After the forum: the Kemajuan page and the follow-up lists (issue 15 §2, §3).

A hand-made two-forum history over six cooperatives of the default register
(forum 1 on 20 August 2026, forum 2 on 24 September 2026; "today" is
1 October 2026): A moves calon → minat, B minat → diajukan, D diajukan →
disetujui, F disetujui → beroperasi, E (Pertamina LPG) minat → ditolak, and C
stays at minat past its deadline of 15 September (stuck, *terlambat*).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kdkmp_analysis import forum, region
from kdkmp_analysis.handouts import briefings, index, progress
from kdkmp_analysis.handouts.analyses import Analyses
from kdkmp_analysis.intake import outcome_schema as osc
from kdkmp_analysis.testing.text_scan import violations, visible_text

F1, F2 = "2026-08-20", "2026-09-24"
TODAY = dt.date(2026, 10, 1)


def _row(d, code, prog, tahap, pic="", tenggat="", tl="", minat="ya"):
    return {
        "tanggal_forum": d,
        "kode_desa": code,
        "program": prog,
        "minat_bumn": minat,
        "tahap": tahap,
        "tindak_lanjut": tl,
        "pic": pic,
        "tenggat": tenggat,
        "catatan": "",
        "berkas": "forum_3514.xlsx",
        "diimpor": f"{d}T10:00:00",
    }


@pytest.fixture(scope="module")
def codes(default_register):
    return list(default_register["kode_desa"].astype(str)[:6])


@pytest.fixture(scope="module")
def history(codes) -> pd.DataFrame:
    a, b, c, d, e, f = codes
    bulog, lpg = "bulog_sphp", "pertamina_lpg"
    rows = [
        _row(F1, a, bulog, "calon", minat="belum"),
        _row(F1, b, bulog, "minat", "Dinas Koperasi", "2026-09-10", "lengkapi NIB"),
        _row(F1, c, bulog, "minat", "Bulog Cabang", "2026-09-15", "survei gudang"),
        _row(F1, d, bulog, "diajukan", "Dinas Koperasi", "2026-09-20", "proposal"),
        _row(F1, e, lpg, "minat", "Pertamina", "2026-09-01", "cek lokasi"),
        _row(F1, f, bulog, "disetujui", "Bulog Cabang", "2026-09-30", "buka gerai"),
        _row(F2, a, bulog, "minat", "Dinas Koperasi", "2026-10-30", "dokumen"),
        _row(F2, b, bulog, "diajukan", "Dinas Koperasi", "2026-10-15", "verifikasi"),
        _row(F2, d, bulog, "disetujui", "Bulog Cabang", "", "tanda tangan"),
        _row(F2, e, lpg, "ditolak", "Pertamina", "", "lahan tidak siap"),
        _row(F2, f, bulog, "beroperasi", "Bulog Cabang"),
    ]
    return pd.DataFrame(rows, columns=list(osc.HISTORY_COLUMNS))


def _stage_at(history: pd.DataFrame, date: str) -> dict[tuple[str, str], str]:
    """The latest stage per cooperative and programme, by plain iteration."""
    state: dict[tuple[str, str], str] = {}
    for r in history.sort_values("tanggal_forum", kind="stable").itertuples():
        if r.tanggal_forum <= date:
            state[(r.kode_desa, r.program)] = r.tahap
    return state


def test_read_history_round_trips_the_file(history, tmp_path):
    path = tmp_path / osc.HISTORY_FILE
    history.to_csv(path, index=False)
    back = progress.read_history(path)
    pd.testing.assert_frame_equal(back, history.astype(str))
    (tmp_path / "rusak.csv").write_text("kode_desa\n35.14.01.2001\n", encoding="utf-8")
    with pytest.raises(Exception, match="tanpa kolom"):
        progress.read_history(tmp_path / "rusak.csv")


def test_funnel_counts_per_date_equal_the_history(history):
    f = progress.funnel_counts(history)
    assert sorted(set(f["tanggal_forum"])) == [F1, F2]
    for d in (F1, F2):
        expected = _stage_at(history, d)
        for row in f[f["tanggal_forum"] == d].to_dict("records"):
            mine = [s for (_, p), s in expected.items() if p == row["program"]]
            for stage in osc.STAGES:
                assert row[stage] == mine.count(stage), (d, row["program"], stage)
            assert row["jumlah"] == len(mine)
    bulog = f[f["program"] == "bulog_sphp"].set_index("tanggal_forum")
    assert bulog.loc[F1, ["calon", "minat", "diajukan", "disetujui"]].tolist() == [
        1,
        2,
        1,
        1,
    ]
    assert bulog.loc[F2, ["minat", "diajukan", "disetujui", "beroperasi"]].tolist() == [
        2,
        1,
        1,
        1,
    ]


def test_moved_and_stuck_and_terlambat(history, codes):
    a, b, c, d, e, f = codes
    m = progress.moved(history)
    assert set(m["kode_desa"]) == {a, b, d, e, f}  # C did not move
    got = m.set_index("kode_desa")
    assert (got.loc[a, "sebelum"], got.loc[a, "sesudah"]) == ("calon", "minat")
    assert got.loc[e, "sesudah"] == "ditolak"
    stuck = progress.overdue(history, TODAY)
    assert list(stuck["kode_desa"]) == [c] and stuck["pic"].iloc[0] == "Bulog Cabang"
    open_ = progress.followups(history, TODAY)
    # final stages (ditolak, beroperasi) close a follow-up; ordered by deadline
    assert list(open_["kode_desa"]) == [c, b, a, d]
    assert list(open_["terlambat"]) == [True, False, False, False]
    frame = progress.followup_frame(history, None, None, TODAY)
    assert set(frame["PIC"]) == {"Bulog Cabang", "Dinas Koperasi"}
    assert (frame["Terlambat"] == progress.TERLAMBAT).sum() == 1


def test_progress_page_shows_the_forums_and_passes_the_text_scan(
    history, default_register, codes
):
    later = default_register.copy()
    later.loc[later["kode_desa"] == codes[3], ["mitra_bulog", "bermitra_bumn"]] = True
    regs = [
        (dt.date(2026, 8, 1), default_register, "register bawaan"),
        (dt.date(2026, 9, 25), later, "register hasil impor hasil forum"),
    ]
    page = progress.progress_page(history, regs, None, TODAY)
    text = visible_text(page)
    assert violations(text) == []
    assert "20 Agustus 2026" in text and "24 September 2026" in text
    assert "Lewat tenggat" in text and progress.TERLAMBAT in text
    assert "Bulog Cabang" in text
    assert text.count("data:image/png;base64") == 0  # images are not text
    assert page.count('src="data:image/png;base64,') == 1  # funnel (no polygons)
    assert "batas kecamatan tidak tersedia" in text
    assert "Mitra baru" in text  # compare_registers of the two registers


def test_progress_page_without_history_says_so_and_keeps_the_timeline(
    default_register,
):
    regs = [(dt.date(2026, 8, 1), default_register, "register bawaan")]
    page = progress.progress_page(None, regs, None, TODAY)
    text = visible_text(page)
    assert "Belum ada hasil forum yang diimpor" in text
    assert "Baru ada satu register" in text
    assert "NIB dan transaksi per kecamatan" in text
    assert violations(text) == []


def test_followup_page_is_printable_and_clean(history, default_register):
    page = progress.followup_page(history, default_register, None, TODAY)
    assert "@page{size:A4" in page
    text = visible_text(page)
    assert violations(text) == []
    assert "Per PIC" in text and "Per BUMN" in text and "Perum Bulog" in text
    assert "1 terlambat" in text


@pytest.fixture(scope="module")
def analyses(boundary_dir, default_register) -> Analyses:
    """Analyses without the distribution (enough for briefings and Kemajuan)."""
    from kdkmp_analysis.region import boundaries

    kab = region.as_kabupaten("35.14")
    desa, kec = boundaries.load_layers(kab)
    fr = forum.build_forum(default_register, kab, desa_polygons=desa)
    return Analyses(
        kabupaten=kab,
        register=default_register,
        desa_polygons=desa,
        kecamatan_polygons=kec,
        forum=fr,
        distribution=None,
        scenarios=None,
        source="register bawaan",
        created="2026-10-01 09:00",
        distribution_notes=["tidak dihitung di uji ini"],
    )


def test_build_hook_writes_both_pages_and_the_index_links_them(
    analyses, history, tmp_path
):
    from kdkmp_analysis import handouts

    pages = handouts.write_progress(analyses, tmp_path, history, TODAY)
    assert [p.name for p in pages] == [progress.PROGRESS_PAGE, progress.FOLLOWUP_PAGE]
    kem = pages[0].read_text(encoding="utf-8")
    assert kem.count('src="data:image/png;base64,') == 2  # funnel + coverage map
    assert violations(visible_text(kem)) == []
    only = handouts.write_progress(analyses, tmp_path / "tanpa", None, TODAY)
    assert [p.name for p in only] == [progress.PROGRESS_PAGE]
    labelled = list(zip(progress.PROGRESS_LABELS, pages, strict=True))
    idx = index.write_index(
        tmp_path, analyses.kabupaten, [], labelled, "", "register bawaan", []
    ).read_text(encoding="utf-8")
    start = idx[idx.index("Mulai di sini") : idx.index("</section>")]
    assert 'href="kemajuan.html"' in start and 'href="tindak-lanjut.html"' in start
    assert "Setelah forum" in start


def test_briefing_starts_with_the_last_forums_promises(analyses, history, codes):
    kec = str(analyses.register.set_index("kode_desa").loc[codes[2], "kode_kecamatan"])
    page = briefings.briefing_html(analyses, kec, history=history)
    text = visible_text(page)
    assert text.index("Janji forum sebelumnya") < text.index("Peta koperasi")
    assert "survei gudang" in text and progress.TERLAMBAT in text  # C, still open
    assert violations(text) == []
    plain = visible_text(briefings.briefing_html(analyses, kec))
    assert "Janji forum sebelumnya" not in plain
