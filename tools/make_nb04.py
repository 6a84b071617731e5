"""Generate notebooks/04-kesenjangan-kemitraan.ipynb (run from the project root)."""

from nb import write

write(
    "notebooks/04-kesenjangan-kemitraan.ipynb",
    [
        (
            "md",
            """
# 04 · Kesenjangan kemitraan dan forum temu bisnis

Dinas Koperasi mempertemukan koperasi yang belum bermitra dengan BUMN yang mencari outlet.
Notebook ini menjawab: **koperasi mana siap untuk program mitra mana, apa yang masih kurang
(terutama NIB), di kecamatan mana kesenjangannya, dan siapa yang diajukan ke BUMN mana.**

Bahan:
- **katalog program mitra** — `data/parameter.toml`, bagian `[program.*]`: setiap syarat dan
  angka (HET, margin, batas gudang, plafon pinjaman) punya sumber dan tanggal;
- **register koperasi** — bawaan (status = **skenario ilustrasi**, bukan data resmi) atau
  hasil impor SIMKOPDES / berkas Dinas (`register_path`);
- **penduduk per desa** — bawaan berupa **perkiraan** (total kabupaten dibagi ke desa), atau
  berkas BPS per desa (`penduduk_path`);
- **batas desa** — untuk desa tetangga dan peta.

Aturan penilaian satu syarat: *terpenuhi* / *tidak terpenuhi* bila register memuat datanya;
*tidak dapat dinilai* bila datanya kosong atau register memang tidak memuatnya (mis. KTP
pengurus, proposal) — **tidak pernah dianggap lulus atau gagal diam-diam**.

Urutan penentuan kesiapan koperasi untuk satu program:
1. ada syarat yang **tidak terpenuhi** → **belum siap**;
2. selain itu, ada syarat berkolom register yang datanya kosong → **tidak dapat dinilai**;
3. selain itu → **siap**; dokumen yang tidak tercatat di register (KTP pengurus, proposal, …)
   tetap didaftar di kolom *verifikasi dokumen* untuk diperiksa di forum.
""",
        ),
        (
            "params",
            """
# Parameter (dapat diganti saat build / papermill).
# register_path: register CSV hasil impor; None = register bawaan (ilustrasi).
# register_lama_path: register bulan lalu untuk dibandingkan; None = contoh simulasi.
# penduduk_path: berkas penduduk per desa (BPS); None = perkiraan.
# program: kunci program kemitraan BUMN di katalog (bukan pinjaman).
# kecamatan: kecamatan untuk peta titik dan daftar kandidat.
# peta_dasar: "OpenStreetMap" bila ada internet; None = tanpa peta dasar (luring).
kabupaten = "35.14"
register_path = None
register_lama_path = None
penduduk_path = None
out_dir = "../maps"
program = "bulog_sphp"
kecamatan = "Sukorejo"
tampilkan_peta = True
peta_dasar = "OpenStreetMap"
""",
        ),
        (
            "code",
            """
from pathlib import Path

import pandas as pd

from kdkmp_analysis import (
    boundaries,
    forum,
    gaps,
    gaps_widgets,
    params,
    population,
    region,
    register,
)

pd.set_option("display.max_colwidth", 120)
kab = region.resolve_kabupaten(kabupaten)
koperasi = register.load_register(register_path, kab.code)
poligon_desa, poligon_kec = boundaries.load_layers(kab.code)
penduduk = population.desa_population(kab.code, poligon_desa, path=penduduk_path)
data = forum.build_forum(koperasi, kab.code, desa_polygons=poligon_desa,
                         population=penduduk)
print(data.kabupaten, "—", len(koperasi), "koperasi")
print(data.data_note)
print("Register:", data.sumber["register"])
print("Penduduk:", data.sumber["penduduk"])
""",
        ),
        (
            "md",
            """
## Katalog program mitra

Satu baris per syarat: kolom register yang dipakai, kondisinya, dan sumbernya. Syarat tanpa
kolom register adalah dokumen yang diverifikasi di forum.
""",
        ),
        (
            "code",
            """
katalog = gaps.programmes_table()
katalog[["nama_program", "syarat", "kolom", "kondisi", "sumber", "tanggal"]]
""",
        ),
        (
            "code",
            """
sumber = params.load()["sumber"]
assert katalog["sumber"].isin(list(sumber)).all(), "setiap syarat punya sumber terdaftar"
assert program in gaps.load_programmes(), f"program {program!r} tidak ada di katalog"
p = gaps.programme(program)
assert p.mitra, f"{program!r} bukan program kemitraan BUMN; pilih mis. 'bulog_sphp'"
print(p.nama, "— mitra:", p.nama_mitra)
print(p.keterangan)
for key in p.angka:
    print(" ·", params.cite(key))
""",
        ),
        (
            "md",
            """
## Matriks kesiapan

Satu baris per koperasi, satu kolom per program. Sel berisi *bermitra* bila koperasi sudah
bermitra dengan BUMN program itu; selain itu *siap*, *belum siap* atau *tidak dapat dinilai*.
""",
        ),
        (
            "code",
            """
matriks = gaps.readiness_matrix(data.readiness)
matriks.head(10)
""",
        ),
        (
            "code",
            """
rekap = pd.crosstab(data.readiness["nama_program"], data.readiness["kesiapan"])
rekap
""",
        ),
        (
            "code",
            """
# Koperasi tanpa NIB tidak pernah siap untuk Bulog (NIB adalah syarat Bulog SPHP)
bulog = data.readiness[data.readiness["program"] == "bulog_sphp"]
tanpa_nib = koperasi.loc[(koperasi["nib"] == False).fillna(False), "kode_desa"]  # noqa: E712
assert not bulog[bulog["kode_desa"].isin(tanpa_nib)]["kesiapan"].eq("siap").any()
assert (bulog[bulog["kode_desa"].isin(tanpa_nib)]["kesiapan"] == "belum siap").all()
print(f"{len(tanpa_nib)} koperasi tanpa NIB: semuanya 'belum siap' untuk Bulog SPHP")
""",
        ),
        (
            "md",
            """
## Kesenjangan per kecamatan

Untuk program terpilih: jumlah koperasi, yang sudah bermitra, yang **siap tetapi belum
bermitra** (kandidat forum), yang belum siap (dengan syarat yang paling sering kurang) dan yang
tidak dapat dinilai; serta penduduk yang tinggal di desa yang koperasinya sudah bermitra
(cakupan). Angka penduduk bawaan adalah **perkiraan**.

Status mitra yang **tidak diketahui** (mis. hasil impor SIMKOPDES yang tidak memuat data
kemitraan) **tidak dihitung sebagai "belum bermitra"**: bila tidak ada satu pun status mitra
yang diketahui, kolom *bermitra* dan *cakupan* tertulis **tidak diketahui** (bukan 0); bila
sebagian diketahui, kolom `mitra_diketahui` menyebut jumlahnya dan cakupan dihitung atas desa
yang statusnya diketahui. Untuk pinjaman Himbara (tanpa kolom mitra) kolom itu **tidak
berlaku**.
""",
        ),
        (
            "code",
            """
kolom = ["nama_kecamatan", "koperasi", "bermitra", "mitra_diketahui", "siap_belum_bermitra",
         "belum_siap", "tidak_dapat_dinilai", "syarat_kurang_terbanyak",
         "penduduk_desa_bermitra", "cakupan_penduduk_pct", "status_penduduk"]
kesenjangan = data.gaps[data.gaps["program"] == program]
gaps.label_unknown(kesenjangan)[kolom]
""",
        ),
        (
            "code",
            """
# Total kabupaten (dihitung langsung dari koperasi) = jumlah baris kecamatan
# (kolom yang bisa "tidak diketahui": jumlah baris yang diketahui)
total = data.summary.set_index("program")
jumlah = data.gaps.groupby("program")[
    ["koperasi", "mitra_diketahui", "siap_belum_bermitra", "belum_siap",
     "tidak_dapat_dinilai"]
].sum()
jumlah["bermitra"] = data.gaps.groupby("program")["bermitra"].sum(min_count=1)
for c in jumlah.columns:
    a, b = jumlah[c], total.loc[jumlah.index, c]
    assert ((a == b).fillna(False) | (a.isna() & b.isna())).all(), c
assert (total["koperasi"] == len(koperasi)).all()
assert (total["bermitra"].fillna(0) + total["siap_belum_bermitra"] + total["belum_siap"]
        + total["tidak_dapat_dinilai"] == total["koperasi"]).all()
# status mitra yang tidak diketahui tidak pernah tampil sebagai 0
assert total.loc[total["mitra_diketahui"] == 0, "bermitra"].isna().all()
gaps.label_unknown(data.summary)[
    ["nama_program", "nama_mitra", "koperasi", "bermitra", "mitra_diketahui",
     "siap_belum_bermitra", "belum_siap", "tidak_dapat_dinilai", "syarat_kurang_terbanyak",
     "cakupan_penduduk_pct"]]
""",
        ),
        (
            "md",
            """
## Penjelajah interaktif

Pilih program dan kecamatan: tabel kesenjangan, matriks per syarat, daftar kandidat, dan peta
ikut berubah.
""",
        ),
        (
            "code",
            """
penjelajah = gaps_widgets.GapExplorer(
    data, kecamatan_polygons=poligon_kec, desa_polygons=poligon_desa,
    show_map=tampilkan_peta,
)
penjelajah.program.value = program
penjelajah.widget
""",
        ),
        (
            "md",
            """
## Peta kesenjangan

Kecamatan diwarnai menurut **persentase koperasi yang siap tetapi belum bermitra** dengan BUMN
program terpilih; titik = koperasi menurut kesiapannya. Register ilustrasi diberi tanda
ILUSTRASI di peta. Peta disimpan sebagai HTML mandiri (bisa dibuka tanpa internet).
""",
        ),
        (
            "code",
            """
from kdkmp_analysis import maps

out = Path(out_dir)
out.mkdir(parents=True, exist_ok=True)
peta = forum.gap_map(data, program, poligon_kec, desa_polygons=poligon_desa,
                     tiles=peta_dasar)
berkas_peta = maps.save_offline(peta, out / f"kesenjangan_{program}.html")
assert maps.external_references(berkas_peta.read_text(encoding="utf-8")) == []
print("Peta disimpan:", berkas_peta)
maps.embed(peta) if tampilkan_peta else None
""",
        ),
        (
            "code",
            """
peta_kec = forum.readiness_points_map(
    data, program, nama_kecamatan=kecamatan, kecamatan_polygons=poligon_kec,
    desa_polygons=poligon_desa, tiles=peta_dasar,
) if kecamatan in set(koperasi["nama_kecamatan"]) else None
maps.embed(peta_kec) if tampilkan_peta and peta_kec is not None else None
""",
        ),
        (
            "md",
            """
## Daftar kandidat untuk forum

Koperasi yang belum (diketahui) bermitra dengan BUMN program terpilih, diurutkan: siap → tidak
dapat dinilai → belum siap; status mitra yang diketahui lebih dulu; syarat kurang paling
sedikit; penduduk desa dan desa tetangga tanpa mitra terbanyak; terjauh dari mitra yang ada.
""",
        ),
        (
            "code",
            """
kandidat = data.candidates[program]
kandidat[["peringkat", "nama_koperasi", "nama_kecamatan", "kesiapan", "jarak_mitra_km",
          "penduduk_tanpa_mitra", "alasan"]].head(15)
""",
        ),
        (
            "code",
            """
forum.kecamatan_briefing(data, program)
""",
        ),
        (
            "md",
            """
## Apa yang berubah sejak impor sebelumnya?

Bandingkan register bulan lalu dengan register sekarang: NIB baru, mitra baru, koperasi yang
baru siap (per kecamatan). Tanpa `register_lama_path`, contoh di bawah adalah **simulasi**:
tiga koperasi tanpa NIB dianggap baru mendapat NIB.
""",
        ),
        (
            "code",
            """
if register_lama_path:
    lama = register.read_register(register_lama_path)
    baru = koperasi
else:
    lama = koperasi
    baru = koperasi.copy()
    calon = baru.index[(baru["nib"] == False).fillna(False)][:3]  # noqa: E712
    baru.loc[calon, "nib"] = True  # simulasi
perubahan = gaps.compare_registers(lama, baru, [program])
if not register_lama_path:
    assert (perubahan.detail["perubahan"] == "NIB baru").sum() == len(calon)
perubahan.by_kecamatan[perubahan.by_kecamatan[gaps.PERUBAHAN].sum(axis=1) > 0]
""",
        ),
        (
            "code",
            """
perubahan.detail
""",
        ),
        (
            "md",
            """
## Ekspor buku kerja forum

Satu berkas Excel (ringkasan + satu lembar per program mitra + per kecamatan + matriks + sumber)
dan halaman HTML mandiri berisi daftar yang sama — siap dibawa ke forum tanpa internet.
Perintah yang sama dari terminal: `kdkmp forum --out DIR [--register BERKAS]`.
""",
        ),
        (
            "code",
            """
import openpyxl

berkas = forum.write_forum(out, forum=data)
wb = openpyxl.load_workbook(berkas.workbook)
print(berkas.workbook, "—", ", ".join(wb.sheetnames))
print(berkas.html)
assert wb.sheetnames[0] == "Ringkasan"
assert gaps.programme(program).singkat in wb.sheetnames
assert wb[gaps.programme(program).singkat].freeze_panes == "A3"
if data.is_illustrative:
    assert "ILUSTRASI" in wb["Ringkasan"]["A1"].value
""",
        ),
    ],
)
