"""Generate notebooks/03-impor-data.ipynb (run from the project root)."""

from nb import write

write(
    "notebooks/03-impor-data.ipynb",
    [
        (
            "md",
            """
# 03 · Impor data nyata: ekspor SIMKOPDES dan berkas Dinas

Data koperasi yang sebenarnya datang dari **ekspor SIMKOPDES** (lokasi koperasi dan statistik
desa) dan dari **berkas Excel Dinas**. Data itu tidak rapi: nama berisi "KOPERASI DESA MERAH
PUTIH … KECAMATAN … KABUPATEN …", salah ketik (KEBUPATEN), penulisan berspasi (GONDANG WETAN),
koordinat dengan tanda terbalik, titik di kecamatan lain, baris dari Kota Pasuruan, dan
sebagainya.

Notebook ini mencocokkan **setiap baris** dengan kode resmi Kemendagri (di dalam kecamatan yang
disebut baris itu), memeriksa koordinatnya, lalu membuat **register** koperasi dan **laporan
pencocokan** — satu baris laporan untuk setiap baris berkas, tidak ada yang hilang diam-diam.

| status | arti |
|---|---|
| `exact` | nama cocok tepat (setelah dibersihkan) |
| `fuzzy` | nama mirip (skor ≥ ambang di `data/parameter.toml`), **perlu dicek** |
| `ambiguous` | dua kandidat sama kuat — **tidak ditebak** |
| `conflict` | lebih dari satu baris mengaku desa yang sama — semuanya dilaporkan |
| `unmatched` | tidak ditemukan di kecamatan itu |
| `other-kabupaten` | baris milik kabupaten/kota lain (mis. Kota Pasuruan) |

Jika `lokasi_path` kosong, notebook memakai **contoh ILUSTRASI** yang dibuat dari register resmi
dengan kesalahan yang sengaja disisipkan (bukan data nyata).
""",
        ),
        (
            "params",
            """
# Parameter (dapat diganti saat build / papermill).
# lokasi_path: ekspor lokasi koperasi SIMKOPDES (CSV/XLSX); None = contoh ilustrasi.
# statistik_path: ekspor statistik desa SIMKOPDES (opsional).
kabupaten = "35.14"
register_path = None
out_dir = "../maps"
lokasi_path = None
statistik_path = None
tanggal_ekspor = None
seed = 0
""",
        ),
        (
            "code",
            """
from pathlib import Path

import pandas as pd

from kdkmp_analysis import intake, region, register

pd.set_option("display.max_colwidth", 90)
kab = region.resolve_kabupaten(kabupaten)
desa = region.load_desa(kab.code)
print(f"{kab.name} ({kab.code}): {len(desa)} desa/kelurahan resmi")
""",
        ),
        ("md", "## Berkas masukan"),
        (
            "code",
            """
if lokasi_path:
    lokasi = lokasi_path
    statistik = statistik_path
    jumlah_masuk = len(intake.read_locations(lokasi_path))
    print(f"Berkas lokasi: {lokasi_path} ({jumlah_masuk} baris)")
else:
    lokasi, statistik = intake.sample_export(kab.code, seed=seed)
    jumlah_masuk = len(lokasi)
    print(f"ILUSTRASI: contoh ekspor buatan ({jumlah_masuk} baris), kesalahan disisipkan:")
    for jenis, ids in lokasi.attrs["kesalahan"].items():
        print(f"  {jenis:<16} {', '.join(map(str, ids))}")
""",
        ),
        ("md", "## Impor dan ringkasan"),
        (
            "code",
            """
hasil = intake.import_simkopdes(
    lokasi, statistik, kabupaten=kab.code, export_date=tanggal_ekspor
)
print(hasil.summary_text())
""",
        ),
        (
            "code",
            """
s = hasil.summary
laporan = hasil.report
# tidak ada baris yang hilang: baris masuk = baris laporan
assert len(laporan) == jumlah_masuk == s["baris_masuk"]
assert sum(s[k] for k in intake.MATCH_STATUS) == len(laporan)
# register = baris yang cocok (exact/fuzzy); tiap desa paling banyak satu koperasi
assert len(hasil.register) == s["exact"] + s["fuzzy"]
assert hasil.register["kode_desa"].is_unique
# desa resmi = desa di register + desa tanpa baris
assert len(hasil.register) + len(hasil.missing) == len(desa)
if not lokasi_path:
    salah = lokasi.attrs["kesalahan"]
    per_id = laporan.set_index("cooperative_id")
    assert hasil.register.attrs["status_data"] == "ilustrasi"
    assert per_id.loc[salah["tanda_terbalik"], "tanda_terbalik"].all()
    assert per_id.loc[salah["tertukar"], "lintang_bujur_tertukar"].all()
    assert (per_id.loc[salah["kabupaten_lain"], "status_cocok"] == "other-kabupaten").all()
    assert (per_id.loc[salah["id_ganda"], "status_cocok"] == "conflict").all()
    assert set(salah["tanpa_baris"]) <= set(hasil.missing["kode_desa"])
""",
        ),
        (
            "md",
            """
## Baris yang perlu dicek

Setiap baris yang tidak *exact* atau punya tanda koordinat. Kolom **Catatan** menjelaskan
semuanya dalam satu kalimat; kolom **Koordinat Dipakai** menyebut titik yang dipakai register
(titik ekspor, atau titik pusat desa bila titik ekspor tidak dapat dipercaya).
""",
        ),
        (
            "code",
            """
kolom = ["cooperative_id", "nama_normal", "kecamatan_input", "status_cocok", "skor",
         "kode_desa", "nama_desa", "koordinat_dipakai", "catatan"]
perlu_cek = laporan.loc[laporan["catatan"] != "", kolom]
print(f"{len(perlu_cek)} dari {len(laporan)} baris perlu dicek")
perlu_cek.rename(columns=intake.REPORT_LABELS)
""",
        ),
        ("md", "## Tanda koordinat"),
        (
            "code",
            """
tanda = pd.DataFrame({
    "tanda": list(intake.COORDINATE_FLAGS.values()),
    "jumlah baris": [s[k] for k in intake.COORDINATE_FLAGS],
})
tanda
""",
        ),
        (
            "code",
            """
# titik yang ditandai tidak pernah dipindah diam-diam
dipakai = laporan[laporan["masuk_register"]]
assert set(dipakai["koordinat_dipakai"]) <= {"ekspor", "titik pusat desa"}
pusat = dipakai[dipakai["koordinat_dipakai"] == "titik pusat desa"]
reg = hasil.register.set_index("kode_desa")
assert reg.loc[pusat["kode_desa"], "sumber_koordinat"].str.contains("titik pusat").all()
pusat[["cooperative_id", "nama_desa", "lat_input", "lon_input", "lat_saran", "lon_saran",
       "catatan"]]
""",
        ),
        ("md", "## Desa/kelurahan resmi tanpa koperasi di berkas"),
        (
            "code",
            """
hasil.missing
""",
        ),
        (
            "md",
            """
## Statistik desa SIMKOPDES

Statistik desa hanya membawa ID internal SIMKOPDES, jadi digabung **berdasarkan nama desa di
dalam kecamatan**. NIB, NPWP, dan akun SIMKOPDES di register = jumlahnya di statistik > 0;
transaksi dan simpanan disimpan sebagai kolom tambahan.
""",
        ),
        (
            "code",
            """
if len(hasil.stats_report):
    sr = hasil.stats_report
    print(f"{int(sr['tergabung'].sum())} dari {len(sr)} baris statistik tergabung")
    assert sr["tergabung"].sum() <= len(hasil.register)
    tampil = sr[~sr["tergabung"] | (sr["status_cocok"] != "exact")]
    print(f"NIB: {int(hasil.register['nib'].sum())} koperasi; "
          f"tanpa data NIB: {int(hasil.register['nib'].isna().sum())}")
else:
    tampil = "tanpa berkas statistik desa"
tampil
""",
        ),
        ("md", "## Simpan register dan laporan (CSV, Excel, HTML)"),
        (
            "code",
            """
folder = Path(out_dir) / f"impor-{kab.code}"
berkas = hasil.write(folder)
for nama, path in berkas.items():
    print(f"{nama:<13} {path}")
kembali = register.read_register(berkas["register"])
assert len(kembali) == len(hasil.register)
assert len(pd.read_csv(berkas["report"])) == jumlah_masuk
""",
        ),
        (
            "md",
            """
## Berkas Dinas: templat dan impor

`kdkmp template --out templat.xlsx` menulis templat kosong (judul kolom dalam bahasa Indonesia,
daftar desa resmi sudah terisi, pilihan ya/tidak). Dinas mengisi status dan kemitraan, lalu
`kdkmp import-dinas berkas.xlsx --register register.csv --out DIR` memperbarui register.
Di bawah ini contoh kecil (ILUSTRASI): dua sel diisi, satu sel salah isi.
""",
        ),
        (
            "code",
            """
templat = intake.write_template(folder / "templat_dinas.xlsx", kab.code)
isian = intake.template_frame(kab.code).head(3).copy()
judul = {c.name: c.label for c in register.SCHEMA}
isian.loc[0, judul["gerai_beroperasi"]] = "ya"
isian.loc[1, judul["mitra_bulog"]] = "tidak"
isian.loc[2, judul["nib"]] = "sedang diurus"  # bukan ya/tidak: dilaporkan, dibiarkan kosong
dinas = intake.import_dinas(isian, kab.code, base=hasil.register)
print(dinas.summary_text())
assert len(dinas.report) == 3
assert dinas.report["nilai_tidak_sah"].ne("").sum() == 1
dinas.report[["baris_berkas", "kode_desa", "status_cocok", "nilai_tidak_sah", "catatan"]]
""",
        ),
    ],
)
