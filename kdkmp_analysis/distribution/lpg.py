"""LPG 3 kg through the cooperative's outlet: a weekly business case per cooperative.

Issue 13 §4. Pertamina lets a KDKMP register as an LPG 3 kg outlet
(SIMKOPDES → check against the existing agents and pangkalan → DDMS →
merchant app; cashless, ``[sumber.pertamina_lpg_2025]``). Per cooperative of
the network (:func:`~kdkmp_analysis.distribution.network.prepare`), with every
value read from ``[lpg.*]`` and ``[program.pertamina_lpg.angka.*]``:

.. math::

    H_k &= P_{d(k)} / (n_{d(k)} \\cdot j) \\\\
    D_k &= H_k \\cdot t \\cdot \\tfrac{12}{52} \\cdot s \\\\
    Q &= q \\cdot 7 \\\\
    V_k &= \\min(D_k, Q) \\\\
    M_k &= V_k \\cdot m, \\qquad b = \\mathrm{HET} - m \\\\
    W_k &= \\min(L, V_k) \\cdot b \\\\
    B &= F / m

with :math:`P_d` the population of the cooperative's desa (``perkiraan``),
:math:`n_d` the cooperatives in that desa (they share it), :math:`j` persons
per household (``lpg.jiwa_per_rumah_tangga``, BPS), :math:`t` tubes per
household and month (``lpg.tabung_per_rumah_tangga_bulan``, Kementerian
ESDM), :math:`s` the share of the desa's purchases the cooperative takes
beside the existing pangkalan (``lpg.porsi_pembelian_desa_di_koperasi``,
asumsi; ESDM: the cooperative adds no quota), :math:`q` the tubes a pangkalan
receives a day (``lpg.kuota_pangkalan_tabung_hari``, Pertamina's reported
average), :math:`m` the Rp2,000 margin, :math:`b` the buying price from the
agent **derived** as HET − margin (Jawa Timur HET Rp18,000 → Rp16,000),
:math:`L` one delivery (``lpg.tabung_per_pengiriman``), :math:`F` the
outlet's monthly fixed costs (``[usaha]``, asumsi) and :math:`B` the
break-even tubes per month.

Choices, said in every text: LPG is charged the whole outlet's fixed costs
(:func:`~kdkmp_analysis.distribution.business.fixed_costs`) as a stand-alone
test — ``usaha_koperasi.csv`` charges them to SPHP, so the two net incomes must
not be added; payment is cashless per delivery through the merchant app, so one
delivery's working capital must be in the account before each delivery; empty
tubes / starting stock are not counted (no price source). The pangkalan check
uses an outlet layer (road km to the nearest pangkalan LPG, count in the desa),
else the register's ``pangkalan_lpg_di_desa``, else says "belum dapat dicek";
no national minimum distance was found, so it flags a pangkalan within
``lpg.jarak_cek_pangkalan_km`` (asumsi). Bands (``_rendah``/``_tinggi``)
combine the range ends giving the fewest and the most tubes. A row whose desa
population is negative or missing, or whose desa is unknown, keeps empty
numbers and a ``catatan_data`` (rows in = rows out).

Examples
--------
>>> from kdkmp_analysis import distribution as ds
>>> net = ds.prepare()                                    # doctest: +SKIP
>>> print(ds.lpg_summary(ds.lpg_case(net)))               # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from kdkmp_analysis import documents, params
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution.business import fixed_costs
from kdkmp_analysis.distribution.commodity import MONTHS_PER_YEAR, WEEKS_PER_YEAR
from kdkmp_analysis.distribution.network import Network

__all__ = [
    "LPG_CSV",
    "LPG_KEYS",
    "Band",
    "LpgValues",
    "lpg_case",
    "lpg_kecamatan",
    "lpg_summary",
    "lpg_table",
    "lpg_values",
    "pangkalan_check",
    "write_lpg_csv",
]

#: File name of the table in ``kdkmp simulate --out``.
LPG_CSV = "usaha_lpg.csv"
#: The parameters the LPG case reads (``[lpg.*]`` and the programme's numbers).
LPG_KEYS = (
    "lpg.tabung_per_rumah_tangga_bulan",
    "lpg.jiwa_per_rumah_tangga",
    "lpg.porsi_pembelian_desa_di_koperasi",
    "lpg.kuota_pangkalan_tabung_hari",
    "lpg.tabung_per_pengiriman",
    "lpg.jarak_cek_pangkalan_km",
    "program.pertamina_lpg.angka.het_lpg_3kg_jatim",
    "program.pertamina_lpg.angka.margin_lpg_3kg",
)
_MONTH = MONTHS_PER_YEAR / WEEKS_PER_YEAR  # months per week (12/52)
_NO_DATA = "tidak ada data outlet: belum dapat dicek"
_ENDS = ("", "_rendah", "_tinggi")
_PAY = (
    "nontunai lewat aplikasi merchant: setiap pengiriman dibayar ke agen sebelum "
    "tabung dijual ulang"
)


class Band(NamedTuple):
    """A central value and its range (``rendah`` ≤ ``nilai`` ≤ ``tinggi``)."""

    nilai: float
    rendah: float
    tinggi: float


@dataclass(frozen=True)
class LpgValues:
    """The numbers of the LPG case: :math:`t, j, s, q, L` as :class:`Band`, the
    check's km, HET and margin (Rp/tube) and the monthly fixed costs (Rp)."""

    tabung_rt_bulan: Band
    jiwa_rt: Band
    porsi: Band
    kuota_hari: Band
    pengiriman: Band
    jarak_cek_km: float
    het: float
    margin: float
    biaya_tetap: Band

    @property
    def harga_beli(self) -> float:
        """Buying price from the agent (Rp/tube): HET − margin, derived."""
        return self.het - self.margin


def _band(key: str) -> Band:
    e = params.entry(key)
    lo, hi = (float(v) for v in e.get("rentang", [e["nilai"], e["nilai"]]))
    return Band(float(e["nilai"]), lo, hi)


def lpg_values() -> LpgValues:
    """The LPG case's numbers from ``data/parameter.toml`` (:data:`LPG_KEYS`)."""
    fc = fixed_costs()
    return LpgValues(
        tabung_rt_bulan=_band(LPG_KEYS[0]),
        jiwa_rt=_band(LPG_KEYS[1]),
        porsi=_band(LPG_KEYS[2]),
        kuota_hari=_band(LPG_KEYS[3]),
        pengiriman=_band(LPG_KEYS[4]),
        jarak_cek_km=float(params.value(LPG_KEYS[5])),
        het=float(params.value(LPG_KEYS[6])),
        margin=float(params.value(LPG_KEYS[7])),
        biaya_tetap=Band(fc["nilai"], fc["rendah"], fc["tinggi"]),
    )


# ---------------------------------------------------------------------------
# The pangkalan check
# ---------------------------------------------------------------------------
def _layer_label(lpg: pd.DataFrame) -> str:
    src = "; ".join(dict.fromkeys(lpg["sumber"].dropna().astype(str)))
    plain = src in {"", "berkas outlet", "tabel outlet"}
    return "berkas outlet" + ("" if plain else f" {src}")


def _register_flag(koperasi: pd.DataFrame, reg: pd.DataFrame | None) -> pd.Series:
    """``pangkalan_lpg_di_desa`` per cooperative (boolean, NA unknown)."""
    col, ids = "pangkalan_lpg_di_desa", koperasi["koperasi_id"].astype(str)
    if col in koperasi.columns:
        got = koperasi[col]
    elif reg is not None and {col, "koperasi_id"} <= set(reg.columns):
        flag = pd.Series(
            pd.array(reg[col], dtype="boolean"), reg["koperasi_id"].astype(str)
        )
        got = ids.map(flag[~flag.index.duplicated()])
    else:
        got = [pd.NA] * len(koperasi)
    return pd.Series(pd.array(got, dtype="boolean"), index=koperasi.index)


def pangkalan_check(
    koperasi: pd.DataFrame,
    outlets: pd.DataFrame | None = None,
    reg: pd.DataFrame | None = None,
    km: float | None = None,
) -> pd.DataFrame:
    """Is there already a pangkalan LPG near each cooperative? In words.

    Parameters
    ----------
    koperasi : pandas.DataFrame
        ``koperasi_id``, ``kode_desa``, ``lat``, ``lon`` (``net.koperasi``); its
        ``pangkalan_lpg_di_desa`` is read when there is no layer.
    outlets : pandas.DataFrame, optional
        An outlet layer (:func:`kdkmp_analysis.intake.read_outlets`, or a table
        :func:`~kdkmp_analysis.intake.outlets.as_layer` accepts); its
        ``pangkalan_lpg`` points are used.
    reg : pandas.DataFrame, optional
        A register with ``pangkalan_lpg_di_desa`` (joined on ``koperasi_id``).
    km : float, optional
        Distance of the check (default ``lpg.jarak_cek_pangkalan_km``).

    Returns
    -------
    pandas.DataFrame
        Index of ``koperasi``: ``jarak_pangkalan_km`` (NaN without a layer),
        ``pangkalan_di_desa`` (Int64, ``<NA>`` unknown), ``pangkalan_dekat``
        (boolean) and ``cek_pangkalan``, e.g. "ada pangkalan lain 1,2 km
        (berkas outlet)".
    """
    from kdkmp_analysis.intake.outlets import as_layer
    from kdkmp_analysis.region import distance

    km = float(params.value(LPG_KEYS[5])) if km is None else float(km)
    n = len(koperasi)
    out = pd.DataFrame(index=koperasi.index)
    out["jarak_pangkalan_km"] = np.nan
    out["pangkalan_di_desa"] = pd.array([pd.NA] * n, dtype="Int64")
    out["pangkalan_dekat"] = pd.array([pd.NA] * n, dtype="boolean")
    layer = as_layer(outlets) if outlets is not None else None
    lpg = layer[layer["jenis"] == "pangkalan_lpg"] if layer is not None else None
    if lpg is not None and len(lpg):
        lat = pd.to_numeric(koperasi["lat"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(koperasi["lon"], errors="coerce").to_numpy(dtype=float)
        d = distance.nearest_road_km(
            lat, lon, lpg["lat"].to_numpy(dtype=float), lpg["lon"].to_numpy(dtype=float)
        )
        counts = lpg["kode_desa"].astype(str).value_counts()
        in_desa = koperasi["kode_desa"].astype(str).map(counts).fillna(0).astype(int)
        label = _layer_label(lpg)
        out["jarak_pangkalan_km"] = d
        out["pangkalan_di_desa"] = pd.array(in_desa.to_numpy(), dtype="Int64")
        out["pangkalan_dekat"] = pd.array(
            np.where(np.isfinite(d), d <= km, pd.NA), dtype="boolean"
        )
        out["cek_pangkalan"] = [
            _distance_words(dk, int(c), km, label)
            for dk, c in zip(d, in_desa, strict=True)
        ]
        return out
    flag = _register_flag(koperasi, reg)
    out["pangkalan_di_desa"] = pd.array(
        [pd.NA if pd.isna(f) else int(bool(f)) for f in flag], dtype="Int64"
    )
    lead = "berkas outlet tanpa pangkalan LPG; " if layer is not None else ""
    words = {
        True: "ada pangkalan LPG di desa ini (register); jarak belum dapat dicek",
        False: "register: belum ada pangkalan LPG di desa ini; jarak belum dapat dicek",
    }
    out["cek_pangkalan"] = [
        lead + (_NO_DATA if pd.isna(f) else words[bool(f)]) for f in flag
    ]
    return out


def _distance_words(d: float, in_desa: int, km: float, label: str) -> str:
    """The check for one cooperative with an outlet layer (Indonesian)."""
    here = f"; {in_desa} pangkalan di desa ini" if in_desa else ""
    if not np.isfinite(d):
        return f"titik koperasi tidak ada: jarak belum dapat dicek ({label}{here})"
    if d <= km:
        return f"ada pangkalan lain {angka(d, 1)} km ({label}{here})"
    return (
        f"pangkalan terdekat {angka(d, 1)} km, lebih dari {angka(km, 1)} km "
        f"({label}{here})"
    )


# ---------------------------------------------------------------------------
# The business case
# ---------------------------------------------------------------------------
def _population(koperasi: pd.DataFrame, desa: pd.DataFrame) -> tuple[np.ndarray, list]:
    """Population per cooperative (its desa ÷ cooperatives there) and data notes."""
    pop = pd.to_numeric(desa["penduduk"], errors="coerce")
    by_code = pd.Series(pop.to_numpy(dtype=float), index=desa["kode_desa"].astype(str))
    by_code = by_code[~by_code.index.duplicated()]
    code = koperasi["kode_desa"].astype(str)
    found = code.isin(by_code.index).to_numpy()
    p = code.map(by_code).to_numpy(dtype=float)
    share = code.map(code.value_counts()).to_numpy(dtype=float)
    notes = [
        "desa koperasi tidak ada di tabel desa: tidak dihitung"
        if not f
        else "penduduk desa kosong atau negatif: tidak dihitung"
        if not (np.isfinite(v) and v >= 0)
        else ""
        for f, v in zip(found, p, strict=True)
    ]
    bad = np.array([bool(x) for x in notes], dtype=bool)
    p = np.where(bad, np.nan, p / share)
    return p, notes


def _volumes(pop: np.ndarray, v: LpgValues) -> dict[str, np.ndarray]:
    """Households, demand, quota and tubes sold per week (central, low, high)."""
    hh = pop / v.jiwa_rt.nilai
    hh_lo, hh_hi = pop / v.jiwa_rt.tinggi, pop / v.jiwa_rt.rendah
    desa_wk = hh * v.tabung_rt_bulan.nilai * _MONTH
    dem = desa_wk * v.porsi.nilai
    dem_lo = hh_lo * v.tabung_rt_bulan.rendah * _MONTH * v.porsi.rendah
    dem_hi = hh_hi * v.tabung_rt_bulan.tinggi * _MONTH * v.porsi.tinggi
    q = Band(*(x * 7.0 for x in v.kuota_hari))
    return {
        "rumah_tangga": hh,
        "rumah_tangga_rendah": hh_lo,
        "rumah_tangga_tinggi": hh_hi,
        "permintaan_desa_tabung_minggu": desa_wk,
        "permintaan_tabung_minggu": dem,
        "permintaan_tabung_minggu_rendah": dem_lo,
        "permintaan_tabung_minggu_tinggi": dem_hi,
        "kuota_tabung_minggu": np.full(len(pop), q.nilai),
        "tabung_minggu": np.minimum(dem, q.nilai),
        "tabung_minggu_rendah": np.minimum(dem_lo, q.rendah),
        "tabung_minggu_tinggi": np.minimum(dem_hi, q.tinggi),
    }


def lpg_table(
    koperasi: pd.DataFrame,
    desa: pd.DataFrame,
    outlets: pd.DataFrame | None = None,
    reg: pd.DataFrame | None = None,
    values: LpgValues | None = None,
) -> pd.DataFrame:
    """The LPG 3 kg business case of every cooperative (one row each).

    Parameters
    ----------
    koperasi : pandas.DataFrame
        ``koperasi_id``, ``nama_koperasi``, ``kode_desa``, ``nama_desa``,
        ``nama_kecamatan``, ``lat``, ``lon`` (``net.koperasi``).
    desa : pandas.DataFrame
        ``kode_desa`` and ``penduduk`` (``net.desa``).
    outlets, reg : pandas.DataFrame, optional
        For :func:`pangkalan_check`.
    values : LpgValues, optional
        Default :func:`lpg_values`.

    Returns
    -------
    pandas.DataFrame
        The cooperative's identity; ``penduduk_desa`` (its share when several
        cooperatives sit in one desa), ``rumah_tangga`` (+ ``_rendah``,
        ``_tinggi``); ``permintaan_desa_tabung_minggu`` (all purchases of the
        desa), ``permintaan_tabung_minggu`` (the cooperative's share, +
        band), ``kuota_tabung_minggu``, ``kuota_mengikat`` (bool),
        ``tabung_minggu``, ``tabung_bulan`` (+ band); ``het_rp_per_tabung``,
        ``harga_beli_rp_per_tabung`` (HET − margin), ``margin_rp_per_tabung``,
        ``margin_rp_minggu``, ``margin_rp_bulan`` (+ band);
        ``tabung_per_pengiriman``, ``pengiriman_per_minggu``,
        ``modal_kerja_satu_pengiriman_rp`` (+ band), ``cara_bayar``;
        ``biaya_tetap_rp_bulan`` (+ band), ``titik_impas_tabung_bulan`` (+
        band), ``laba_bersih_rp_bulan``, ``status_titik_impas`` (words);
        the :func:`pangkalan_check` columns; ``catatan_data`` ("" when the row
        is computed) and ``keterangan``.
    """
    v = lpg_values() if values is None else values
    keep = ["koperasi_id", "nama_koperasi", "kode_desa", "nama_desa", "nama_kecamatan"]
    out = koperasi[[c for c in keep if c in koperasi.columns]].copy()
    pop, notes = _population(koperasi, desa)
    out["penduduk_desa"] = pop
    for col, arr in _volumes(pop, v).items():
        out[col] = arr
    out["kuota_mengikat"] = out["permintaan_tabung_minggu"] > out["kuota_tabung_minggu"]
    for end in _ENDS:
        wk = out[f"tabung_minggu{end}"].to_numpy(dtype=float)
        out[f"tabung_bulan{end}"] = wk / _MONTH
    out["het_rp_per_tabung"] = v.het
    out["harga_beli_rp_per_tabung"] = v.harga_beli
    out["margin_rp_per_tabung"] = v.margin
    out["margin_rp_minggu"] = out["tabung_minggu"] * v.margin
    for end in _ENDS:
        out[f"margin_rp_bulan{end}"] = out[f"tabung_bulan{end}"] * v.margin
    out = _capital(out, v)
    out = _break_even(out, v)
    check = pangkalan_check(koperasi, outlets, reg, v.jarak_cek_km)
    out = out.join(check)
    out["catatan_data"] = notes
    out["keterangan"] = _labels(v)
    out.attrs["keterangan"] = out["keterangan"].iloc[0] if len(out) else _labels(v)
    return out.reset_index(drop=True)


def _capital(out: pd.DataFrame, v: LpgValues) -> pd.DataFrame:
    """Working capital of one delivery: min(delivery, week) × buying price."""
    for end, size in zip(_ENDS, v.pengiriman, strict=True):
        wk = out[f"tabung_minggu{end}"].to_numpy(dtype=float)
        lot = np.minimum(size, wk)
        if not end:
            out["tabung_per_pengiriman"] = lot
            with np.errstate(divide="ignore", invalid="ignore"):
                out["pengiriman_per_minggu"] = np.where(lot > 0, wk / lot, 0.0)
        out[f"modal_kerja_satu_pengiriman_rp{end}"] = lot * v.harga_beli
    out["cara_bayar"] = _PAY
    return out


def _break_even(out: pd.DataFrame, v: LpgValues) -> pd.DataFrame:
    """Fixed costs, break-even tubes per month and the verdict in words."""
    for end, cost in zip(_ENDS, v.biaya_tetap, strict=True):
        out[f"biaya_tetap_rp_bulan{end}"] = cost
        out[f"titik_impas_tabung_bulan{end}"] = cost / v.margin
    out["laba_bersih_rp_bulan"] = out["margin_rp_bulan"] - out["biaya_tetap_rp_bulan"]
    be = v.biaya_tetap.nilai / v.margin
    out["status_titik_impas"] = [
        "tidak dihitung"
        if not np.isfinite(m)
        else f"di atas titik impas ({angka(m)} tabung/bulan, impas {angka(be)})"
        if m >= be
        else f"di bawah titik impas: {angka(m)} tabung/bulan, perlu {angka(be)}"
        for m in out["tabung_bulan"].to_numpy(dtype=float)
    ]
    return out


def _labels(v: LpgValues) -> str:
    """What the LPG case rests on (Indonesian, one line)."""
    return (
        f"rumah tangga = penduduk desa ÷ {angka(v.jiwa_rt.nilai, 2)} jiwa (perkiraan, "
        f"BPS); {angka(v.tabung_rt_bulan.nilai, 1)} tabung/rumah tangga/bulan "
        "(perkiraan, Kementerian ESDM); porsi koperasi "
        f"{angka(v.porsi.nilai * 100)} % pembelian desa (asumsi); kuota "
        f"{angka(v.kuota_hari.nilai)} tabung/hari per pangkalan (perkiraan, "
        f"Pertamina); margin Rp{angka(v.margin)}/tabung, HET Jawa Timur "
        f"Rp{angka(v.het)} (Pertamina); harga beli = HET − margin (diturunkan); "
        f"pengiriman {angka(v.pengiriman.nilai)} tabung (asumsi); biaya tetap gerai "
        "dibebankan penuh ke LPG (asumsi); modal tabung kosong tidak dihitung"
    )


def lpg_case(
    net: Network,
    outlets: pd.DataFrame | None = None,
    reg: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`lpg_table` of a network's cooperatives and desa."""
    out = lpg_table(net.koperasi, net.desa, outlets, reg)
    if net.kabupaten.province_code != "35":
        note = "; HET Jawa Timur dipakai: HET provinsi ini belum ada di parameter"
        out["keterangan"] = out["keterangan"].astype(str) + note
        out.attrs["keterangan"] = str(out.attrs.get("keterangan", "")) + note
    return out


def write_lpg_csv(
    net: Network,
    path: str | Path,
    outlets: pd.DataFrame | None = None,
    reg: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`lpg_case` as a CSV (``usaha_lpg.csv`` inside a folder).

    ``path`` is a file, or an existing folder (then :data:`LPG_CSV` in it).
    """
    target = Path(path)
    if target.is_dir():
        target = target / LPG_CSV
    return documents.write_csv(lpg_case(net, outlets, reg), target, index=False)


# ---------------------------------------------------------------------------
# Summaries for planners
# ---------------------------------------------------------------------------
def lpg_kecamatan(table: pd.DataFrame) -> pd.DataFrame:
    """Per kecamatan: ``jumlah_koperasi``; sums of ``rumah_tangga``,
    ``tabung_minggu``, ``margin_rp_bulan``; ``margin_median_rp_bulan``; counts
    ``koperasi_di_atas_impas``, ``koperasi_kuota_mengikat``,
    ``koperasi_tidak_dihitung``, ``koperasi_pangkalan_dekat`` (``<NA>``: not
    checked)."""
    t = table.assign(
        _impas=table["tabung_bulan"] >= table["titik_impas_tabung_bulan"],
        _mengikat=table["kuota_mengikat"].astype(bool),
        _dekat=pd.array(table["pangkalan_dekat"], dtype="boolean"),
        _gagal=table["catatan_data"].astype(str) != "",
    )
    g = t.groupby("nama_kecamatan", sort=True, dropna=False)
    out = g.agg(
        jumlah_koperasi=("koperasi_id", "size"),
        rumah_tangga=("rumah_tangga", "sum"),
        tabung_minggu=("tabung_minggu", "sum"),
        margin_rp_bulan=("margin_rp_bulan", "sum"),
        margin_median_rp_bulan=("margin_rp_bulan", "median"),
        koperasi_di_atas_impas=("_impas", "sum"),
        koperasi_kuota_mengikat=("_mengikat", "sum"),
        koperasi_tidak_dihitung=("_gagal", "sum"),
    )
    dekat = g["_dekat"].agg(lambda s: s.sum() if s.notna().any() else pd.NA)
    out["koperasi_pangkalan_dekat"] = pd.array(dekat, dtype="Int64")
    return out.reset_index()


def _rp(x: float) -> str:
    return f"Rp{angka(x)}" if np.isfinite(x) else "–"


def _span(b: Band, decimals: int = 0, scale: float = 1.0) -> str:
    return f"{angka(b.rendah * scale, decimals)}–{angka(b.tinggi * scale, decimals)}"


def _med(t: pd.DataFrame, col: str) -> float:
    s = t[col].dropna()
    return float(s.median()) if len(s) else float("nan")


def _check_note(t: pd.DataFrame, km: float) -> str:
    """The pangkalan check over all cooperatives, in words."""
    dekat = pd.array(t["pangkalan_dekat"], dtype="boolean")
    if pd.isna(dekat).all():
        in_desa = pd.array(t["pangkalan_di_desa"], dtype="Int64")
        if pd.isna(in_desa).all():
            return (
                "Cek pangkalan: tidak ada data outlet, jadi belum dapat dicek apakah "
                "sudah ada pangkalan LPG di dekat koperasi (muat berkas outlet Dinas). "
            )
        n_yes = int((in_desa.fillna(0) > 0).sum())
        return (
            f"Cek pangkalan (register): {n_yes} dari {len(t)} koperasi sudah punya "
            "pangkalan LPG di desanya; jarak belum dapat dicek tanpa berkas outlet. "
        )
    n_near = int(dekat.fillna(False).sum())
    return (
        f"Cek pangkalan (berkas outlet): {n_near} dari {len(t)} koperasi punya "
        f"pangkalan lain dalam {angka(km, 1)} km jalan (asumsi; aturan jarak "
        "minimum antarpangkalan tidak ditemukan). "
    )


def _quota_note(v: LpgValues, be: float) -> str:
    """Whether one pangkalan's quota can reach the break-even at all."""
    full = v.kuota_hari.nilai * 7 / _MONTH
    if full >= be:
        return ""
    return (
        f"Kuota penuh satu pangkalan ({angka(full)} tabung/bulan) di bawah titik "
        "impas: LPG saja tidak menutup biaya tetap gerai; nilainya adalah "
        f"tambahan margin hingga {_rp(full * v.margin)}/bulan bagi gerai yang "
        "sudah berjalan. "
    )


def lpg_summary(table: pd.DataFrame, values: LpgValues | None = None) -> str:
    """A planner's paragraph on the LPG 3 kg case (Indonesian, numbers Indonesian).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`lpg_table` / :func:`lpg_case`.
    values : LpgValues, optional
        The numbers the table was built with (default :func:`lpg_values`).
    """
    v = lpg_values() if values is None else values
    ok = table[table["catatan_data"].astype(str) == ""]
    n, n_ok = len(table), len(ok)
    if not n_ok:
        return (
            f"LPG 3 kg: tidak ada koperasi yang dapat dihitung ({n} baris, semuanya "
            "tanpa penduduk desa yang sah)."
        )
    be = v.biaya_tetap.nilai / v.margin
    n_be = int((ok["tabung_bulan"] >= be).sum())
    n_bind = int(ok["kuota_mengikat"].sum())
    skipped = f" ({n - n_ok} baris tanpa penduduk desa yang sah tidak dihitung)"
    skipped = skipped if n > n_ok else ""
    lot = v.pengiriman.nilai
    return (
        f"LPG 3 kg lewat gerai koperasi, {n_ok} koperasi{skipped}. Rumah tangga desa "
        f"= penduduk ÷ {angka(v.jiwa_rt.nilai, 2)} jiwa (perkiraan, BPS; rentang "
        f"{_span(v.jiwa_rt, 2)}), "
        f"{angka(v.tabung_rt_bulan.nilai, 1)} tabung per rumah tangga per bulan "
        f"(perkiraan, Kementerian ESDM: {_span(v.tabung_rt_bulan)}); semua rumah tangga dihitung memakai "
        "LPG 3 kg (batas atas). Koperasi mendapat "
        f"{angka(v.porsi.nilai * 100)} % pembelian desanya (asumsi, rentang "
        f"{_span(v.porsi, scale=100)} %): pangkalan "
        "yang ada tetap melayani, dan menurut Kementerian ESDM koperasi tidak "
        f"menambah kuota. Kuota satu pangkalan {angka(v.kuota_hari.nilai)} tabung/"
        f"hari = {angka(v.kuota_hari.nilai * 7)} tabung/minggu (perkiraan dari "
        f"penyaluran rata-rata Pertamina {_span(v.kuota_hari)} tabung/hari; kuota resmi per pangkalan tidak "
        f"ditemukan); kuota membatasi di {n_bind} dari {n_ok} koperasi. Koperasi "
        f"median menjual {angka(_med(ok, 'tabung_minggu'))} tabung/minggu (rentang "
        f"{angka(_med(ok, 'tabung_minggu_rendah'))}–"
        f"{angka(_med(ok, 'tabung_minggu_tinggi'))}); margin Rp{angka(v.margin)}/"
        f"tabung (HET Jawa Timur Rp{angka(v.het)}; harga beli dari agen "
        f"Rp{angka(v.harga_beli)} = HET − margin, diturunkan) memberi "
        f"{_rp(_med(ok, 'margin_rp_bulan'))}/bulan (rentang "
        f"{_rp(_med(ok, 'margin_rp_bulan_rendah'))}–"
        f"{_rp(_med(ok, 'margin_rp_bulan_tinggi'))}). Modal kerja satu pengiriman "
        f"{angka(lot)} tabung × Rp{angka(v.harga_beli)} = "
        f"{_rp(lot * v.harga_beli)} (asumsi ukuran pengiriman "
        f"{_span(v.pengiriman)} tabung): "
        "pembayaran nontunai lewat aplikasi merchant, jadi setiap pengiriman "
        "dibayar ke agen sebelum tabung dijual ulang dan modal ini harus ada di "
        "rekening sebelum setiap pengiriman. Modal tabung kosong atau stok awal "
        "tidak dihitung (harganya tidak ada di parameter). Biaya tetap gerai "
        f"{_rp(v.biaya_tetap.nilai)}/bulan (asumsi, rentang "
        f"{_rp(v.biaya_tetap.rendah)}–{_rp(v.biaya_tetap.tinggi)}) dibebankan penuh "
        "ke LPG sebagai uji berdiri sendiri; tabel usaha SPHP membebankan biaya "
        "yang sama ke SPHP, jadi laba keduanya jangan dijumlahkan. Titik impas "
        f"{angka(be)} tabung/bulan (rentang "
        f"{_span(v.biaya_tetap, scale=1 / v.margin)}); {n_be} dari {n_ok} koperasi "
        f"di atas titik impas. {_quota_note(v, be)}{_check_note(ok, v.jarak_cek_km)}"
    ).strip()
