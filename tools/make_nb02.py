"""Generate notebooks/02-peta-koperasi.ipynb (run from the project root)."""

from nb import write

write(
    "notebooks/02-peta-koperasi.ipynb",
    [
        (
            "md",
            """
# 02 · Peta Koperasi per Kecamatan

Peta interaktif **Koperasi Desa/Kelurahan Merah Putih (KDKMP)** per kecamatan, untuk dijelajahi
di JupyterLab dan dibawa ke forum temu usaha **tanpa internet**:

1. peta titik koperasi, diwarnai menurut status yang dipilih (NIB, kemitraan BUMN, gerai);
2. peta kecamatan (choropleth) menurut satu ukuran, dengan legenda dan satuan;
3. penjelajah (widget) untuk memilih ukuran, status, dan kecamatan;
4. ekspor **HTML luring** (satu berkas, tanpa CDN) ke folder `maps/`, dan **PNG** untuk cetak/slide.

Setiap peta menyebut sumbernya. Status koperasi pada register bawaan adalah **skenario
ilustrasi** (bukan data resmi) dan peta menampilkannya dengan jelas; batas yang dihitung dari
titik pusat desa diberi label **PERKIRAAN**. Lokasi titik koperasi = koordinat dari data
koperasi bila ada, selain itu titik pusat desa (bukan alamat kantor) — popup menyebutkannya.
""",
        ),
        (
            "params",
            """
# Parameter (dapat diganti saat build / papermill).
# register_path: berkas register CSV hasil impor; None = register bawaan.
# status_titik: kolom status untuk warna titik (nib, bermitra_bumn, gerai_beroperasi).
# metrik: ukuran kecamatan, lihat maps.METRIK.
# peta_dasar: "OpenStreetMap" bila ada internet; None = tanpa peta dasar (luring).
kabupaten = "35.14"
register_path = None
out_dir = "../maps"
status_titik = "nib"
metrik = "persen_nib"
peta_dasar = None
""",
        ),
        (
            "code",
            """
from pathlib import Path

from IPython.display import Image, display

from kdkmp_analysis import maps, region, register, widgets
from kdkmp_analysis.region import boundaries

kab = region.resolve_kabupaten(kabupaten)
koperasi = register.load_register(register_path, kab.code)
poligon_desa, poligon_kec = boundaries.load_layers(kab.code)
print(f"{kab.name}: {len(koperasi)} koperasi, {len(poligon_kec)} kecamatan")
print("Register:", koperasi.attrs.get("sumber", ""))
print("Batas   :", poligon_desa.attrs["sumber_batas"])
""",
        ),
        (
            "code",
            """
assert len(koperasi) == len(poligon_desa), "satu koperasi per desa/kelurahan"
assert status_titik in koperasi.columns, f"kolom status {status_titik!r} tidak ada"
if kab.code == "35.14":
    assert len(koperasi) == 365
    assert len(poligon_kec) == 24
""",
        ),
        (
            "md",
            """
## Ukuran per kecamatan

Tabel ini menghitung, untuk setiap kecamatan, jumlah koperasi dan berapa yang ber-NIB,
bermitra BUMN, punya gerai beroperasi, dan punya lahan siap — dalam jumlah dan persen dari
semua koperasi kecamatan itu. Status yang tidak diketahui dihitung terpisah
(`tidak_diketahui_*`), tidak dianggap "ya" atau "tidak".
""",
        ),
        (
            "code",
            """
tabel_kec = maps.kecamatan_metrics(koperasi, poligon_kec)
assert metrik in tabel_kec.columns, f"ukuran {metrik!r} tidak dikenal; pilihan: {list(maps.METRIK)}"
assert tabel_kec["jumlah_koperasi"].sum() == len(koperasi), "tidak ada koperasi yang hilang"
kolom = ["nama_kecamatan", "jumlah_koperasi", "jumlah_nib", "persen_nib",
         "jumlah_bermitra_bumn", "persen_bermitra_bumn", "jumlah_belum_bermitra"]
tabel_kec[kolom].sort_values("persen_nib").reset_index(drop=True)
""",
        ),
        (
            "md",
            """
## Peta titik koperasi

Satu titik per koperasi. Arahkan tetikus ke titik untuk ringkasan, klik untuk rincian
(desa, kecamatan, jenis, status, mitra BUMN, asal titik, sumber data). Kotak **Cari** di kiri
atas mencari nama desa atau koperasi; tombol ⛶ membuka layar penuh; daftar lapisan di kanan
atas menyalakan/mematikan batas desa, kecamatan, dan nama kecamatan.
""",
        ),
        (
            "code",
            """
peta_titik = maps.points_map(
    koperasi, status_titik, kecamatan=poligon_kec, desa_polygons=poligon_desa,
    tiles=peta_dasar,
)
info = peta_titik.kdkmp_info
print("Titik koperasi:", info["koperasi"], "| kelas:", info["kelas_status"])
assert info["koperasi"] + len(info["koperasi_tanpa_koordinat"]) == len(koperasi)
assert info["desa"] == poligon_desa.geometry.notna().sum()
assert info["ilustrasi"] == (koperasi.attrs.get("status_data") == "ilustrasi")
maps.embed(peta_titik)
""",
        ),
        (
            "md",
            """
## Peta kecamatan (choropleth)

Kecamatan diwarnai menurut ukuran `metrik` (kelas *natural breaks*, mapclassify); titik
koperasi tetap di atasnya. Angka pada legenda memakai format Indonesia (koma desimal).
""",
        ),
        (
            "code",
            """
legenda, satuan = maps.metric_label(metrik)
peta_kec = maps.choropleth_map(
    tabel_kec, metrik, legend=legenda, unit=satuan, register=koperasi,
    status=status_titik, desa_polygons=poligon_desa, tiles=peta_dasar,
)
print("Kelas:", peta_kec.kdkmp_info["kelas"])
assert sum(peta_kec.kdkmp_info["kelas"].values()) == tabel_kec[metrik].notna().sum()
assert peta_kec.kdkmp_info["kecamatan"] == len(tabel_kec)
maps.embed(peta_kec)
""",
        ),
        (
            "md",
            """
## Penjelajah: pilih ukuran, status, dan kecamatan

Di JupyterLab, ubah pilihan di bawah ini: peta dan ringkasan diperbarui. (Dalam laporan HTML
hasil build, widget tidak aktif; dua peta di atas tetap dapat dijelajahi.)
""",
        ),
        (
            "code",
            """
penjelajah = widgets.map_explorer(
    koperasi, tabel_kec, desa_polygons=poligon_desa, tiles=peta_dasar
)
penjelajah.metric.value = metrik
penjelajah.status.value = status_titik
assert penjelajah.current_map.kdkmp_info["koperasi"] == info["koperasi"]
penjelajah
""",
        ),
        (
            "md",
            """
## Ekspor untuk forum: HTML luring dan PNG

Berkas HTML berikut berisi semuanya (Leaflet, data, kontrol) dalam **satu berkas** — dapat
dibuka di peramban mana pun tanpa internet, misalnya di laptop aula forum. Berkas PNG untuk
dicetak atau ditempel di slide.
""",
        ),
        (
            "code",
            """
folder = Path(out_dir)
slug = kab.code.replace(".", "")
berkas_titik = maps.save_offline(peta_titik, folder / f"peta-koperasi-{status_titik}-{slug}.html")
berkas_kec = maps.save_offline(peta_kec, folder / f"peta-kecamatan-{metrik}-{slug}.html")
for berkas in (berkas_titik, berkas_kec):
    teks = berkas.read_text(encoding="utf-8")
    ukuran = berkas.stat().st_size / 1e6
    print(f"{berkas.name}: {ukuran:.2f} MB")
    assert maps.external_references(teks) == [], "peta luring tidak boleh merujuk sumber luar"
    assert ukuran <= 3.0, "peta luring terlalu besar"
""",
        ),
        (
            "code",
            """
gambar = maps.static_map(
    tabel_kec, metrik, register=koperasi, status=status_titik,
    desa_polygons=poligon_desa,
    title=f"{legenda} per kecamatan — {kab.name}",
)
berkas_png = maps.save_static(gambar, folder / f"peta-kecamatan-{metrik}-{slug}.png")
assert berkas_png.read_bytes()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
print(berkas_png.name)
display(Image(filename=str(berkas_png), width=900))
""",
        ),
    ],
)
