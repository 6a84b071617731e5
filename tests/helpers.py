"""Small hand-built inputs shared by unit and integration tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kdkmp_analysis import region, register

#: A kabupaten that is no real one (hand-built networks only), in a province of
#: SPHP price zone 1 (Jawa Timur: Rp11.000/kg buy, HET Rp12.500/kg, like Pasuruan).
TEST_KABUPATEN = region.Kabupaten("99.99", "Kabupaten Uji", "35", "Jawa Timur")

#: The count columns of a gap table, which add up per programme.
COUNTS = [
    "koperasi",
    "bermitra",
    "siap_belum_bermitra",
    "belum_siap",
    "tidak_dapat_dinilai",
    "siap",
    "mitra_tidak_diketahui",
]


def make_register(rows: list[dict]) -> pd.DataFrame:
    """A tiny register: identity columns + the given status values."""
    base = []
    for i, r in enumerate(rows):
        kec = r.pop("kec", "01")
        code = f"99.01.{kec}.{2001 + i}"
        base.append(
            {
                "koperasi_id": f"KDKMP-{code}",
                "nama_koperasi": f"Koperasi Desa Merah Putih Uji {i}",
                "kode_desa": code,
                "nama_desa": f"Uji {i}",
                "jenis": "desa",
                "kode_kecamatan": f"99.01.{kec}",
                "nama_kecamatan": f"Kec {kec}",
                "kode_kabupaten": "99.01",
                "lat": -7.6 - 0.01 * i,
                "lon": 112.7 + 0.01 * i,
                "sumber_koordinat": "uji",
                **r,
            }
        )
    return register.coerce_register(pd.DataFrame(base))


def make_network(
    pops,
    dist_desa_kop,
    dist_kop_gudang,
    *,
    storage=None,
    mitra=None,
    ready=None,
    allocation=None,
    kec=None,
    kabupaten=TEST_KABUPATEN,
):
    """A tiny distribution network: populations and road km given (circuity 1).

    Desa ``99.99.01.2001`` …; cooperative ``K{j}`` sits in desa ``j`` (the
    last desa when there are more cooperatives than desa); warehouses share
    the allocation equally; storage 0.5 t unless given.
    """
    from kdkmp_analysis import distribution as ds

    n_d, n_k = np.shape(dist_desa_kop)
    n_w = np.shape(dist_kop_gudang)[1]
    kec = kec or ["99.99.01"] * n_d
    desa = pd.DataFrame(
        {
            "kode_desa": [f"99.99.01.{2001 + i}" for i in range(n_d)],
            "nama_desa": [f"Desa {i}" for i in range(n_d)],
            "kode_kecamatan": kec,
            "nama_kecamatan": [f"Kec {c[-2:]}" for c in kec],
            "penduduk": np.asarray(pops, dtype=float),
            "lat": 0.0,
            "lon": 0.0,
        }
    )
    home = np.minimum(np.arange(n_k), n_d - 1)
    kop = pd.DataFrame(
        {
            "koperasi_id": [f"K{j}" for j in range(n_k)],
            "nama_koperasi": [f"Koperasi {j}" for j in range(n_k)],
            "kode_desa": desa["kode_desa"].to_numpy()[home],
            "nama_desa": desa["nama_desa"].to_numpy()[home],
            "nama_kecamatan": "Kec 01",
            "lat": 0.0,
            "lon": 0.0,
            "kapasitas_gudang_t": pd.array(storage or [0.5] * n_k, dtype="Float64"),
            "mitra_bulog": pd.array(mitra or [False] * n_k, dtype="boolean"),
            "siap_bulog": pd.array(ready or [True] * n_k, dtype="boolean"),
        }
    )
    gud = pd.DataFrame(
        {
            "gudang": [f"g{w}" for w in range(n_w)],
            "nama": [f"Gudang {w}" for w in range(n_w)],
            "lat": 0.0,
            "lon": 0.0,
            "porsi_alokasi": 1.0 / n_w,
            "status_titik": "data",
        }
    )
    return ds.Network(
        kabupaten=kabupaten,
        desa=desa,
        koperasi=kop,
        gudang=gud,
        allocation=allocation or {"beras": 1e6, "minyak_goreng": 1e6, "gula": 1e6},
        gc_desa_kop=np.asarray(dist_desa_kop, dtype=float),
        gc_kop_gudang=np.asarray(dist_kop_gudang, dtype=float),
        status_penduduk="data",
        status_data="impor",
        excluded=pd.DataFrame(),
    )
