"""Partnership readiness, gaps by kecamatan and register comparison."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import make_register

from kdkmp_analysis import gaps, params, provenance, register

PUPUK_OK = dict(
    nib=True,
    kbli_47763=True,
    npwp=True,
    rekening_koran_3bln=True,
    kapasitas_gudang_t=5.0,
)


# --- catalogue ----------------------------------------------------------------
def test_catalogue_has_every_programme_with_sources():
    progs = gaps.load_programmes()
    assert set(progs) >= {
        "bulog_sphp",
        "pertamina_lpg",
        "pertashop",
        "pupuk_indonesia",
        "id_food",
        "bank_mandiri",
        "bri",
        "bni",
        "pln",
        "pinjaman_himbara",
    }
    assert progs["pinjaman_himbara"].mitra is None
    assert {p.mitra for p in progs.values()} - {None} == set(register.MITRA)
    sources = params.load()["sumber"]
    for p in progs.values():
        assert p.sumber in sources
        for r in p.syarat:
            assert r.sumber in sources, (p.key, r.id)
            assert r.kolom is None or r.kolom in {c.name for c in register.SCHEMA}
        for key in p.angka:
            e = params.entry(key)
            assert e["sumber"] in sources and "nilai" in e
    for sid, s in sources.items():  # never an invented URL: cite where it came from
        assert "tanggal" in s, sid
        if not s["url"] and sid != "asumsi":
            assert s.get("dikutip_dari"), sid


def test_catalogue_numbers_match_the_cited_facts():
    v = params.value
    assert v("program.pupuk_indonesia.angka.gudang_min_t") == 5
    assert v("program.pupuk_indonesia.angka.het_urea") == 1800
    assert v("program.pupuk_indonesia.angka.het_npk") == 1840
    assert v("program.pertamina_lpg.angka.het_lpg_3kg_jatim") == 18000
    assert v("program.pertamina_lpg.angka.margin_lpg_3kg") == 2000
    assert v("program.pertashop.angka.luas_lahan_min_m2") == 100
    assert v("program.pertashop.angka.luas_lahan_maks_m2") == 210
    assert v("program.pertashop.angka.jarak_spbu_min_km") == 10
    assert v("program.pln.angka.imbal_per_transaksi") == 2000
    assert v("program.pinjaman_himbara.angka.plafon_maks") == 3_000_000_000
    assert v("program.pinjaman_himbara.angka.bunga_per_tahun") == 6
    assert v("program.pinjaman_himbara.angka.tenor_maks_bulan") == 72
    bulog = gaps.programme("bulog_sphp")
    assert "bulog.batas_beras_per_mitra_t_minggu" in bulog.angka
    assert [r.nama for r in bulog.syarat if r.is_document] == ["KTP pengurus"]
    gudang = {r.id: r for r in gaps.programme("pupuk_indonesia").syarat}["gudang"]
    assert (gudang.op, gudang.nilai) == (">=", 5.0)  # resolved from angka.gudang_min_t
    loan = {r.id for r in gaps.programme("pinjaman_himbara").syarat}
    assert loan >= {
        "badan_hukum",
        "nik_koperasi",
        "rekening_bank",
        "npwp",
        "nib",
        "proposal",
        "persetujuan",
    }


def _toml(tmp_path, body: str):
    path = tmp_path / "p.toml"
    path.write_text(
        '[sumber.x]\njudul = "x"\nurl = ""\ntanggal = "2025"\n' + body, encoding="utf-8"
    )
    return str(path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[program.a]\nnama = "A"\nsumber = "x"\nmitra = "bulog"\n'
            'syarat = [{id = "n", nama = "N", kolom = "nib", syarat = "=> true", '
            'sumber = "x"}]\n',
            "tidak sah",
        ),
        (
            '[program.a]\nnama = "A"\nsumber = "x"\nmitra = "bulog"\n'
            'syarat = [{id = "n", nama = "N", kolom = "x", syarat = ">= angka.tidak_ada", '
            'sumber = "x"}]\n',
            "tidak_ada",
        ),
        (
            '[program.a]\nnama = "A"\nsumber = "x"\nmitra = "pos"\nsyarat = []\n',
            "mitra 'pos'",
        ),
        (
            '[program.a]\nnama = "A"\nsumber = "x"\nmitra = ""\n'
            'syarat = [{id = "n", nama = "N", sumber = "tidak_terdaftar"}]\n',
            "tidak terdaftar",
        ),
        ('[program.a]\nnama = "A"\nsumber = "x"\n', "'syarat'"),
    ],
)
def test_bad_catalogue_entries_are_named(tmp_path, body, message):
    with pytest.raises(gaps.GapsError, match=message):
        gaps.load_programmes(_toml(tmp_path, body))


def test_unknown_programme_lists_the_choices():
    with pytest.raises(gaps.GapsError, match="bulog_sphp"):
        gaps.programme("pos_indonesia")


# --- one requirement: passing, failing, not assessable -------------------------
@pytest.mark.parametrize(
    ("req", "values", "expected"),
    [
        (
            gaps.Requirement("nib", "NIB", "x", "nib", "==", True, "== true"),
            [True, False, None],
            [gaps.TERPENUHI, gaps.TIDAK_TERPENUHI, gaps.TIDAK_DAPAT_DINILAI],
        ),
        (
            gaps.Requirement(
                "g", "Gudang", "x", "kapasitas_gudang_t", ">=", 5.0, ">= 5"
            ),
            [5.0, 4.99, None],
            [gaps.TERPENUHI, gaps.TIDAK_TERPENUHI, gaps.TIDAK_DAPAT_DINILAI],
        ),
        (
            gaps.Requirement("s", "SPBU", "x", "jarak_spbu_km", "<", 10.0, "< 10"),
            [3.0, 10.0, None],
            [gaps.TERPENUHI, gaps.TIDAK_TERPENUHI, gaps.TIDAK_DAPAT_DINILAI],
        ),
        (
            gaps.Requirement("j", "Jenis", "x", "jenis", "==", "desa", '== "desa"'),
            ["desa", "kelurahan", None],
            [gaps.TERPENUHI, gaps.TIDAK_TERPENUHI, gaps.TIDAK_DAPAT_DINILAI],
        ),
    ],
)
def test_requirement_pass_fail_and_unknown(req, values, expected):
    reg = make_register([{} for _ in values])
    reg[req.kolom] = pd.array(values, dtype=reg[req.kolom].dtype)
    assert gaps.evaluate_requirement(reg, req).tolist() == expected


def test_document_and_absent_column_are_not_assessable():
    reg = make_register([{"nib": True}, {"nib": False}])
    doc = gaps.Requirement("ktp", "KTP pengurus", "x")
    assert set(gaps.evaluate_requirement(reg, doc)) == {gaps.TIDAK_DAPAT_DINILAI}
    extra = gaps.Requirement(
        "p", "Proposal", "x", "proposal_ada", "==", True, "== true"
    )
    assert set(gaps.evaluate_requirement(reg, extra)) == {gaps.TIDAK_DAPAT_DINILAI}
    nib = gaps.Requirement("nib", "NIB", "x", "nib", "==", True, "== true")
    assert set(gaps.evaluate_requirement(reg, nib, absent={"nib"})) == {
        gaps.TIDAK_DAPAT_DINILAI
    }


def test_incomparable_column_is_a_clear_error():
    reg = make_register([{"nib": True}])
    bad = gaps.Requirement("nib", "NIB", "x", "nib", ">=", 5.0, ">= 5")
    with pytest.raises(gaps.GapsError, match="NIB"):
        gaps.evaluate_requirement(reg, bad)


# --- readiness precedence ----------------------------------------------------
def test_readiness_precedence_for_pupuk_indonesia():
    reg = make_register(
        [
            dict(PUPUK_OK),  # all met
            {**PUPUK_OK, "kapasitas_gudang_t": 2.0},  # one failed
            {**PUPUK_OK, "kbli_47763": None},  # one unknown
            {**PUPUK_OK, "kapasitas_gudang_t": 0.5, "npwp": None},  # failed + unknown
        ]
    )
    r = gaps.readiness(reg, ["pupuk_indonesia"])
    assert r["kesiapan"].tolist() == [
        "siap",
        "belum siap",
        "tidak dapat dinilai",
        "belum siap",
    ]
    assert r["syarat_kurang"].tolist() == [
        "",
        "Gudang minimal 5 t",
        "",
        "Gudang minimal 5 t",
    ]
    assert r["data_kurang"].tolist() == ["", "", "NIB dengan KBLI 47763", "NPWP"]
    assert r["jumlah_kurang"].tolist() == [0, 1, 0, 1]


def test_documents_listed_not_passed_and_strict_mode():
    reg = make_register([dict(badan_hukum=True, nib=True, npwp=True)])
    r = gaps.readiness(reg, ["bulog_sphp"]).iloc[0]
    assert r["kesiapan"] == "siap"
    assert r["verifikasi_dokumen"] == "KTP pengurus"
    strict = gaps.readiness(reg, ["bulog_sphp"], strict=True).iloc[0]
    assert strict["kesiapan"] == "tidak dapat dinilai"
    assert strict["data_kurang"] == "KTP pengurus"


def test_absent_status_column_is_not_assessable():
    reg = make_register([dict(PUPUK_OK)]).drop(columns=["kapasitas_gudang_t"])
    r = gaps.readiness(reg, ["pupuk_indonesia"]).iloc[0]
    assert r["kesiapan"] == "tidak dapat dinilai"
    assert r["data_kurang"] == "Gudang minimal 5 t"


def test_partner_status():
    reg = make_register([{"mitra_bulog": True}, {"mitra_bulog": False}, {}])
    r = gaps.readiness(reg, ["bulog_sphp", "pinjaman_himbara"])
    bulog = r[r["program"] == "bulog_sphp"]["status_mitra"].tolist()
    assert bulog == ["bermitra", "belum bermitra", "tidak diketahui"]
    loan = r[r["program"] == "pinjaman_himbara"]["status_mitra"]
    assert set(loan) == {"tidak berlaku"}


def test_default_register_without_nib_is_never_bulog_ready(default_register):
    r = gaps.readiness(default_register)
    bulog = r[r["program"] == "bulog_sphp"].set_index("kode_desa")
    no_nib = default_register.loc[default_register["nib"] == False, "kode_desa"]  # noqa: E712
    assert len(no_nib) == 24
    assert (bulog.loc[no_nib, "kesiapan"] == "belum siap").all()
    assert bulog.loc[no_nib, "syarat_kurang"].str.contains("NIB").all()
    assert bulog.loc["35.14.09.2019", "status_mitra"] == "bermitra"  # Wonokerto fact
    # jarak_spbu_km has no source: Pertashop is never judged on a guess
    pertashop = r[r["program"] == "pertashop"]
    assert not (pertashop["kesiapan"] == "siap").any()
    assert (
        pertashop.loc[pertashop["kesiapan"] == "tidak dapat dinilai", "data_kurang"]
        .str.contains("SPBU")
        .all()
    )
    assert len(r) == 365 * len(gaps.load_programmes())


# --- gaps by kecamatan ---------------------------------------------------------
def test_gaps_by_kecamatan_on_a_hand_built_register():
    reg = make_register(
        [
            {
                "kec": "01",
                "nib": True,
                "npwp": True,
                "badan_hukum": True,
                "mitra_bulog": True,
            },
            {
                "kec": "01",
                "nib": True,
                "npwp": True,
                "badan_hukum": True,
                "mitra_bulog": False,
            },
            {
                "kec": "01",
                "nib": False,
                "npwp": True,
                "badan_hukum": True,
                "mitra_bulog": False,
            },
            {
                "kec": "02",
                "nib": False,
                "npwp": False,
                "badan_hukum": True,
                "mitra_bulog": None,
            },
            {
                "kec": "02",
                "nib": None,
                "npwp": True,
                "badan_hukum": True,
                "mitra_bulog": False,
            },
        ]
    )
    pop = pd.DataFrame(
        {"kode_desa": reg["kode_desa"], "penduduk": [1000, 2000, 3000, 4000, 5000]}
    )
    provenance.tag(pop, population="perkiraan")
    ready = gaps.readiness(reg, ["bulog_sphp"])
    g = gaps.gaps_by_kecamatan(ready, pop).set_index("nama_kecamatan")
    k1, k2 = g.loc["Kec 01"], g.loc["Kec 02"]
    assert (
        k1["koperasi"],
        k1["bermitra"],
        k1["siap_belum_bermitra"],
        k1["belum_siap"],
        k1["tidak_dapat_dinilai"],
    ) == (3, 1, 1, 1, 0)
    assert k1["syarat_kurang_terbanyak"] == "NIB"
    assert (k1["penduduk"], k1["penduduk_desa_bermitra"]) == (6000, 1000)
    assert k1["cakupan_penduduk_pct"] == pytest.approx(16.7)
    assert (
        k2["koperasi"],
        k2["bermitra"],
        k2["belum_siap"],
        k2["tidak_dapat_dinilai"],
        k2["mitra_tidak_diketahui"],
    ) == (2, 0, 1, 1, 1)
    assert k2["jumlah_syarat_kurang_terbanyak"] == 1
    assert set(g["status_penduduk"]) == {"perkiraan"}


def test_imported_register_with_unknown_statuses(default_register):
    reg = default_register.copy()
    keep = {"nib", "npwp", "akun_simkopdes"}
    for c in register.SCHEMA:
        if not c.required and c.name not in keep and c.dtype != "string":
            reg[c.name] = pd.array([pd.NA] * len(reg), dtype=c.dtype)
    reg["sumber_status"] = "impor SIMKOPDES"
    reg.attrs = {"status_data": "impor"}
    strict = gaps.readiness(reg, strict=True)
    bulog = strict[strict["program"] == "bulog_sphp"]
    # strict: nothing is inferred; without the legal-entity status, a
    # cooperative with NIB and NPWP is "tidak dapat dinilai", one without NIB
    # "belum siap"
    assert set(bulog.loc[bulog["kesiapan"] == "siap", "kode_desa"]) == set()
    assert (bulog["kesiapan"] == "belum siap").sum() == 24
    assert (bulog["disimpulkan"] == "").all()
    # default: NIB ya ⇒ badan hukum ya, labelled on every verdict resting on it
    r = gaps.readiness(reg)
    bulog = r[r["program"] == "bulog_sphp"]
    ready = bulog[bulog["kesiapan"] == "siap"]
    assert len(ready) == int(reg["nib"].sum()) == 341
    assert (ready["disimpulkan"].str.contains("disimpulkan dari NIB")).all()
    assert ready["verifikasi_dokumen"].str.contains("disimpulkan dari NIB").all()
    assert (bulog["kesiapan"] == "belum siap").sum() == 24
    no_nib = bulog[bulog["kesiapan"] == "belum siap"]
    assert (no_nib["kolom_data_kurang"] == "badan_hukum").all()  # never inferred
    assert set(bulog["status_mitra"]) == {"tidak diketahui"}
    s = gaps.regency_summary(r)
    # unknown partner status is not "not partnered": <NA>, never 0
    assert s["bermitra"].isna().all() and s["penduduk"].isna().all()
    assert (s["mitra_diketahui"] == 0).all()


# --- inference: what a rule makes certain ---------------------------------------
def test_nib_implies_legal_entity_only_where_unknown():
    reg = make_register(
        [
            dict(nib=True, npwp=True),  # badan_hukum unknown: inferred
            dict(nib=True, npwp=True, badan_hukum=False),  # as written: kept
            dict(nib=False, npwp=True),  # no NIB: nothing inferred
            dict(npwp=True),  # NIB unknown: nothing inferred
        ]
    )
    filled, labels = gaps.infer_statuses(gaps.prepare_register(reg)[0])
    assert filled["badan_hukum"].tolist() == [True, False, pd.NA, pd.NA]
    assert labels["badan_hukum"].tolist() == ["disimpulkan dari NIB", "", "", ""]
    assert reg["badan_hukum"].isna().sum() == 3  # the input is not changed
    r = gaps.readiness(reg, ["bulog_sphp"])
    assert r["kesiapan"].tolist() == [
        "siap",
        "belum siap",
        "belum siap",
        "tidak dapat dinilai",
    ]
    assert r["disimpulkan"].tolist() == [
        "Akta pendirian / badan hukum (AHU) (disimpulkan dari NIB)",
        "",
        "",
        "",
    ]
    assert r["jumlah_disimpulkan"].tolist() == [1, 0, 0, 0]
    assert r["verifikasi_dokumen"].iloc[0] == (
        "KTP pengurus; Akta pendirian / badan hukum (AHU) (disimpulkan dari NIB)"
    )
    assert r["verifikasi_dokumen"].iloc[1] == "KTP pengurus"
    assert r["kolom_data_kurang"].tolist() == [
        "",
        "",
        "badan_hukum",
        "badan_hukum; nib",
    ]


def test_strict_turns_inference_off_everywhere():
    reg = make_register([dict(nib=True, npwp=True)])
    strict = gaps.readiness(reg, ["bulog_sphp"], strict=True).iloc[0]
    assert strict["kesiapan"] == "tidak dapat dinilai"
    assert strict["disimpulkan"] == ""
    assert "Akta pendirian / badan hukum (AHU)" in strict["data_kurang"]
    table = gaps.requirement_table(reg, "bulog_sphp")
    assert table["Akta pendirian / badan hukum (AHU)"].iloc[0] == (
        "terpenuhi (disimpulkan dari NIB)"
    )
    assert table["NIB"].iloc[0] == "terpenuhi"  # as written: no label
    table = gaps.requirement_table(reg, "bulog_sphp", strict=True)
    assert table["Akta pendirian / badan hukum (AHU)"].iloc[0] == "tidak dapat dinilai"


def test_inference_chain_and_bank_statement():
    reg = make_register([dict(kbli_47763=True, npwp=True, rekening_koran_3bln=True)])
    filled, labels = gaps.infer_statuses(gaps.prepare_register(reg)[0])
    assert bool(filled.at[0, "nib"]) and bool(filled.at[0, "badan_hukum"])
    assert bool(filled.at[0, "rekening_bank"])
    assert labels.at[0, "nib"] == "disimpulkan dari KBLI 47763"
    assert labels.at[0, "badan_hukum"] == (
        "disimpulkan dari NIB, yang disimpulkan dari KBLI 47763"
    )
    loan = gaps.readiness(reg, ["pinjaman_himbara"]).iloc[0]
    assert loan["kesiapan"] == "siap"
    assert loan["jumlah_disimpulkan"] == 3  # badan hukum, rekening bank, NIB
    assert (
        "Rekening bank koperasi (disimpulkan dari rekening koran)"
        in (loan["disimpulkan"])
    )


def test_absent_columns_infer_only_from_present_ones():
    reg = make_register([dict(nib=True, npwp=True)]).drop(columns=["badan_hukum"])
    r = gaps.readiness(reg, ["bulog_sphp"]).iloc[0]
    assert r["kesiapan"] == "siap"  # the absent target column is filled
    reg = make_register([dict(npwp=True, badan_hukum=None)]).drop(columns=["nib"])
    r = gaps.readiness(reg, ["bulog_sphp"]).iloc[0]
    assert r["kesiapan"] == "tidak dapat dinilai"
    assert r["kolom_data_kurang"] == "badan_hukum; nib"


def test_every_inference_names_known_yes_no_columns():
    by_name = {c.name: c for c in register.SCHEMA}
    for rule in gaps.INFERENCES:
        assert by_name[rule.kolom].dtype == by_name[rule.dari].dtype == "boolean"
        assert rule.label.startswith("disimpulkan dari ") and rule.aturan


# --- comparing two registers ---------------------------------------------------
def test_compare_registers_finds_exactly_the_planted_changes(default_register):
    old = default_register
    new = old.copy()
    idx = new.set_index("kode_desa").index
    no_nib = old.loc[old["nib"] == False, "kode_desa"].iloc[0]  # noqa: E712
    unpartnered = old.loc[
        old["mitra_bulog"].eq(False) & old["nib"] & old["mitra_bri"].eq(False),
        "kode_desa",
    ]
    b, d = unpartnered.iloc[0], unpartnered.iloc[1]
    c = old.loc[old["mitra_bri"] == True, "kode_desa"].iloc[0]  # noqa: E712
    new.loc[idx.get_loc(no_nib), "nib"] = True  # NIB baru + baru siap
    new.loc[idx.get_loc(b), "mitra_bulog"] = True  # mitra baru (bulog)
    new.loc[idx.get_loc(c), "mitra_bri"] = False  # mitra berakhir (bri)
    new.loc[idx.get_loc(d), "nib"] = pd.NA  # unknown: not "lost" …
    ch = gaps.compare_registers(old, new, ["bulog_sphp"])
    got = set(
        zip(
            ch.detail["kode_desa"],
            ch.detail["perubahan"],
            ch.detail["program"],
            strict=True,
        )
    )
    assert got == {
        (no_nib, "NIB baru", ""),
        (no_nib, "baru siap", "bulog_sphp"),
        (b, "mitra baru", "bulog"),
        (c, "mitra berakhir", "bri"),
        (d, "tidak lagi siap", "bulog_sphp"),  # … but no longer assessable as ready
    }
    row = ch.detail[(ch.detail["perubahan"] == "tidak lagi siap")].iloc[0]
    assert row["sesudah"] == "tidak dapat dinilai"
    assert ch.by_kecamatan[gaps.PERUBAHAN].to_numpy().sum() == 5
    kec_of = old.set_index("kode_desa")["kode_kecamatan"]
    assert (
        ch.by_kecamatan.set_index("kode_kecamatan").loc[kec_of[no_nib], "NIB baru"] == 1
    )
    assert len(ch.by_kecamatan) == 24


def test_compare_registers_added_and_removed_and_unchanged(default_register):
    same = gaps.compare_registers(default_register, default_register.copy())
    assert same.detail.empty and same.by_kecamatan[gaps.PERUBAHAN].to_numpy().sum() == 0
    smaller = default_register.iloc[1:].reset_index(drop=True)
    ch = gaps.compare_registers(default_register, smaller)
    gone = default_register["kode_desa"].iloc[0]
    assert ch.detail[["kode_desa", "perubahan"]].values.tolist() == [
        [gone, "koperasi hilang"]
    ]
    back = gaps.compare_registers(smaller, default_register)
    assert back.detail["perubahan"].tolist() == ["koperasi baru"]


def test_partly_known_partner_status_shares_over_the_known():
    reg = make_register(
        [
            {"kec": "01", "mitra_bulog": True},
            {"kec": "01", "mitra_bulog": False},
            {"kec": "01", "mitra_bulog": None},
            {"kec": "02", "mitra_bulog": None},
            {"kec": "02", "mitra_bulog": None},
        ]
    )
    pop = pd.DataFrame(
        {"kode_desa": reg["kode_desa"], "penduduk": [1000, 3000, 6000, 2000, 2000]}
    )
    provenance.tag(pop, population="data")
    ready = gaps.readiness(reg, ["bulog_sphp"])
    g = gaps.gaps_by_kecamatan(ready, pop).set_index("nama_kecamatan")
    k1, k2 = g.loc["Kec 01"], g.loc["Kec 02"]
    assert (k1["bermitra"], k1["mitra_diketahui"], k1["mitra_tidak_diketahui"]) == (
        1,
        2,
        1,
    )
    assert (k1["penduduk_desa_bermitra"], k1["penduduk_mitra_diketahui"]) == (
        1000,
        4000,
    )
    assert k1["cakupan_penduduk_pct"] == pytest.approx(25.0)  # 1000 / 4000 known
    assert pd.isna(k2["bermitra"]) and pd.isna(k2["cakupan_penduduk_pct"])
    assert k2["mitra_diketahui"] == 0 and k2["penduduk"] == 4000
    # the regency total reconciles with the kecamatan rows: sums of the known
    total = gaps.regency_summary(ready, pop).iloc[0]
    assert total["bermitra"] == g["bermitra"].sum(min_count=1) == 1
    assert total["mitra_diketahui"] == g["mitra_diketahui"].sum() == 2
    assert total["penduduk_desa_bermitra"] == 1000
    assert total["penduduk_mitra_diketahui"] == 4000
    assert total["cakupan_penduduk_pct"] == pytest.approx(25.0)
    shown = gaps.label_unknown(g.reset_index()).set_index("nama_kecamatan")
    assert shown.loc["Kec 02", "bermitra"] == "tidak diketahui"
    assert shown.loc["Kec 01", "bermitra"] == 1


# --- programmes assess what the register holds (kolom_bila_ada) -------------------
PANGKALAN = (
    "Lolos pengecekan pangkalan: desa belum punya pangkalan LPG (menurut berkas outlet)"
)
DOKUMEN_PANGKALAN = "Lolos pengecekan terhadap agen/pangkalan yang ada"


def _lpg_register(pangkalan):
    rows = [dict(akun_simkopdes=True, nib=True) for _ in pangkalan]
    reg = make_register(rows)
    if any(v is not pd.NA for v in pangkalan):
        reg["pangkalan_lpg_di_desa"] = pd.array(pangkalan, dtype="boolean")
    return reg


def test_readiness_alone_uses_the_registers_pangkalan_column():
    reg = _lpg_register([False, True, pd.NA])
    r = gaps.readiness(reg, ["pertamina_lpg"])
    assert r["kesiapan"].tolist() == [
        gaps.SIAP,
        gaps.BELUM_SIAP,
        gaps.TIDAK_DAPAT_DINILAI,
    ]
    assert r["syarat_kurang"].tolist() == ["", PANGKALAN, ""]
    assert r["data_kurang"].tolist() == ["", "", PANGKALAN]
    assert DOKUMEN_PANGKALAN not in " ".join(r["verifikasi_dokumen"])
    # the same whichever way the programmes are given (key, plain object, adapted)
    plain = gaps.programme("pertamina_lpg")
    adapted = gaps.select_programmes([plain], columns=gaps.held_columns(reg))
    for progs in ([plain], adapted, None):
        other = gaps.readiness(reg, progs)
        other = other[other["program"] == "pertamina_lpg"].reset_index(drop=True)
        pd.testing.assert_frame_equal(other, r)
    # the requirement matrix shows the same check
    m = gaps.requirement_table(reg, "pertamina_lpg")
    assert DOKUMEN_PANGKALAN not in m.columns
    assert m[PANGKALAN].tolist() == [
        gaps.TERPENUHI,
        gaps.TIDAK_TERPENUHI,
        gaps.TIDAK_DAPAT_DINILAI,
    ]


def test_without_pangkalan_values_the_check_stays_a_document():
    for reg in (_lpg_register([pd.NA, pd.NA]), make_register([dict(nib=True)] * 2)):
        r = gaps.readiness(reg, ["pertamina_lpg"])
        assert (r["verifikasi_dokumen"].str.contains(DOKUMEN_PANGKALAN)).all()
        assert PANGKALAN not in " ".join(r["syarat_kurang"] + r["data_kurang"])


def test_compare_registers_judges_each_register_by_its_own_columns():
    old = _lpg_register([pd.NA, pd.NA])
    new = _lpg_register([False, True])
    ch = gaps.compare_registers(old, new, ["pertamina_lpg"]).detail
    lost = ch[ch["perubahan"] == "tidak lagi siap"]
    assert lost["kode_desa"].tolist() == [new["kode_desa"][1]]
    assert lost["sesudah"].tolist() == [gaps.BELUM_SIAP]
