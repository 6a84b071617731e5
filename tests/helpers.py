"""Small hand-built inputs shared by unit and integration tests."""

from __future__ import annotations

import pandas as pd

from kdkmp_analysis import register

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
