"""The real-data path never dead-ends (issue 11 §4), on the real Pasuruan import.

The shared SIMKOPDES slices are imported in place (never copied); everything
written goes to ``tmp_path``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kdkmp_analysis import cli, gaps, intake, register
from kdkmp_analysis.intake import dinas


@pytest.fixture(scope="module")
def imported(simkopdes_dir, tmp_path_factory):
    """The real Pasuruan import, written as ``register.csv`` like the CLI does."""
    res = intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv",
        simkopdes_dir / "kopdes_stats_village_3514.csv",
        kabupaten="35.14",
        boundaries=False,
        export_date="2026-08-05",
    )
    out = tmp_path_factory.mktemp("impor")
    return res.write(out)["register"]


# --- the Dinas template prefilled from the import ------------------------------
def test_template_from_the_import_is_prefilled_marked_and_reads_back(
    imported, tmp_path
):
    reg = register.read_register(imported)
    path = intake.write_template(tmp_path / "templat.xlsx", "35.14", base=imported)
    raw = pd.read_excel(path, sheet_name="Data Koperasi", header=3, dtype=str)
    assert len(raw) == 365
    by_code = raw.set_index("Kode Desa/Kelurahan")
    nib = reg.set_index("kode_desa")["nib"]
    # what SIMKOPDES says is prefilled, as ya/tidak, for every cooperative
    expected = nib.map({True: "ya", False: "tidak"})
    assert (by_code.loc[expected.index, "NIB"] == expected).all()
    assert (by_code["NPWP"] == "ya").all() and (by_code["Akun SIMKOPDES"] == "ya").all()
    # the gaps stay empty for the Dinas (badan hukum is not prefilled from NIB)
    for label in ("Badan Hukum (AHU)", "Rekening Bank", "Kapasitas Gudang (t)"):
        assert by_code[label].isna().all(), label
    from openpyxl import load_workbook

    ws = load_workbook(path)["Data Koperasi"]
    heads = [c.value for c in ws[4]]
    nib_cell = ws.cell(row=5, column=heads.index("NIB") + 1)
    gap_cell = ws.cell(row=5, column=heads.index("Badan Hukum (AHU)") + 1)
    assert nib_cell.fill.fgColor.rgb.endswith("E0E0E0")  # prefilled: grey
    assert not gap_cell.fill.fgColor.rgb.endswith("E0E0E0")
    assert "Sel abu-abu sudah terisi dari register" in ws["A2"].value
    mark = by_code[dinas.PREFILL_LABEL]
    assert mark.str.startswith("dari SIMKOPDES 5 Agu 2026: ").all()
    assert mark.str.contains("NIB").all()
    # read back over the same register: no error, no invalid cell, nothing changed
    res = intake.import_dinas(path, "35.14", base=imported)
    assert res.summary["nilai_tidak_sah"] == 0
    assert (res.report["status_cocok"] == "exact").all()
    assert not res.summary["catatan_berkas"]  # every heading recognised
    back = res.register
    for c in register.SCHEMA:
        assert back[c.name].astype(str).tolist() == reg[c.name].astype(str).tolist()
    # repeating SIMKOPDES's values does not make them the Dinas's
    assert back["sumber_status"].str.startswith("impor SIMKOPDES").all()


def test_filled_gaps_of_the_prefilled_template_are_imported(imported, tmp_path):
    path = intake.write_template(tmp_path / "templat.csv", "35.14", base=imported)
    df = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
    df.loc[0, "Badan Hukum (AHU)"] = "ya"
    df.loc[0, "Kapasitas Gudang (t)"] = "7,5"
    df.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    res = intake.import_dinas(path, "35.14", base=imported)
    row = res.register.set_index("kode_desa").loc[df.loc[0, "Kode Desa/Kelurahan"]]
    assert bool(row["badan_hukum"]) and row["kapasitas_gudang_t"] == 7.5
    assert str(row["sumber_status"]).startswith("berkas Dinas templat.csv")
    assert ": 2 kolom diisi" in str(row["sumber_status"])
    assert res.summary["nilai_tidak_sah"] == 0


def test_ilustrasi_values_are_never_prefilled(default_register, tmp_path):
    df, mask = dinas.prefill(dinas.template_frame("35.14"), default_register)
    ilu = default_register["sumber_status"].str.contains("ilustrasi")
    assert ilu.all()
    assert not mask.to_numpy().any()
    assert (df[dinas.PREFILL_LABEL] == "").all()


def test_cli_template_from_register(imported, tmp_path, capsys):
    out = tmp_path / "templat.xlsx"
    code = cli.main(["template", "--dari-register", str(imported), "--out", str(out)])
    assert code == 0 and out.is_file()
    text = capsys.readouterr().out
    assert "365 baris terisi sebagian dari register" in text
    code = cli.main(
        ["template", "--dari-register", str(imported), "--kosong", "--out", str(out)]
    )
    assert code == 2
    assert "Galat:" in capsys.readouterr().err


# --- inference on the real import ---------------------------------------------
def test_real_import_bulog_rests_on_inference(imported):
    reg = register.read_register(imported)
    before = gaps.readiness(reg, ["bulog_sphp"], strict=True)
    after = gaps.readiness(reg, ["bulog_sphp"])
    assert (before["kesiapan"] == "siap").sum() == 0
    ready = after[after["kesiapan"] == "siap"]
    assert len(ready) == int(reg["nib"].sum()) == 341
    assert ready["disimpulkan"].str.contains("disimpulkan dari NIB").all()


# --- the build from the real import --------------------------------------------
def _visible(page: str) -> str:
    """What a planner reads: no styles, no analyst note, no source footer."""
    import html
    import re

    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = re.sub(r"<details>.*?</details>", "", page, flags=re.S)
    page = re.sub(r"<footer>.*?</footer>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def built(imported, boundary_dir, tmp_path_factory):
    from kdkmp_analysis import build

    tmp = tmp_path_factory.mktemp("bangun")
    from integration.test_build import _tiny_notebook

    # one tiny notebook: the project's notebooks on the real import are built
    # (and their planner pages scanned) in test_build.py
    nbs = tmp / "nb"
    nbs.mkdir()
    _tiny_notebook(nbs / "01-uji.ipynb", "1 + 1")
    result = build.build(out=tmp / "hasil", register=imported, notebooks=nbs)
    assert result.ok, result.handouts and result.handouts.error
    return tmp / "hasil"


def test_build_has_the_missing_data_page_with_the_register_counts(built, imported):
    import re

    from kdkmp_analysis import handouts

    page = (built / handouts.MISSING_DATA_PAGE).read_text(encoding="utf-8")
    index = (built / "index.html").read_text(encoding="utf-8")
    assert f'href="{handouts.MISSING_DATA_PAGE}"' in index
    reg = register.read_register(imported)
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"n\">([\d.]+)</td>", page)
    lacking = {label: int(n.replace(".", "")) for label, n in rows}
    labels = {c.name: c.label for c in register.SCHEMA}
    for key in ("lahan_siap", "kapasitas_gudang_t", "rekening_bank", "mitra_bulog"):
        assert lacking[labels[key]] == int(reg[key].isna().sum()) == 365, key
    # badan hukum: only the 24 cooperatives without NIB still lack it
    assert lacking[labels["badan_hukum"]] == int((~reg["nib"]).sum()) == 24
    # sorted by the verdicts each column unlocks: the bank account first (the
    # Himbara loan of the 341 cooperatives with NIB)
    table = re.search(r"<h2>Per kolom data</h2>(.*?)</table>", page, re.S).group(1)
    first = re.findall(r"<tr><td>([^<]+)</td>((?:<td[^>]*>[^<]*</td>)+)", table)
    unlocked = [
        int(re.findall(r">([\d.]+)<", cells)[1].replace(".", "")) for _, cells in first
    ]
    assert unlocked == sorted(unlocked, reverse=True) and unlocked[0] == 341
    assert first[0][0] == labels["rekening_bank"]
    text = _visible(page)
    assert not re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", text), "snake_case keys"
    assert not re.findall(r"(?<!\w)--\w", text), "command-line flags"
    assert "kdkmp template" not in text  # commands only in the analyst note
    assert "kdkmp template --dari-register" in page  # … which is there, collapsed
    assert "disimpulkan dari NIB" in text


def test_build_bulog_list_is_not_empty_and_rests_on_inference(built):
    from openpyxl import load_workbook

    lists = (built / "forum" / "forum_3514.html").read_text(encoding="utf-8")
    assert "disimpulkan dari NIB" in lists
    book = load_workbook(built / "forum" / "forum_3514.xlsx", read_only=True)
    sheet = next(ws for ws in book.worksheets if "Bulog" in ws.title)
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r and "Kesiapan" in r)
    col = rows[head].index("Kesiapan")
    docs = rows[head].index("Dokumen Diverifikasi di Forum")
    ready = [r for r in rows[head + 1 :] if r[col] == "siap"]
    assert len(ready) == 341
    assert all("disimpulkan dari NIB" in str(r[docs]) for r in ready)


def test_deck_and_briefings_point_to_the_page_in_words(built):
    from pptx import Presentation

    deck = Presentation(built / "forum" / "presentasi_forum_3514.pptx")
    text = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Belum ada koperasi yang siap." not in text
    assert "“Data yang masih kurang”" in text
    assert "disimpulkan dari NIB" in text
    assert not [w for w in text.split() if w.startswith("--")]
    briefing = next(p for p in (built / "ringkasan").glob("*-sukorejo.html"))
    page = briefing.read_text(encoding="utf-8")
    assert 'href="../data-yang-masih-kurang.html"' in page
    assert "disimpulkan dari NIB" in _visible(page)
    assert not [w for w in _visible(page).split() if w.startswith("--")]
