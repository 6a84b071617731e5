"""Partnership readiness, gaps by kecamatan and register comparison."""

from __future__ import annotations

import pandas as pd
from helpers import COUNTS

from kdkmp_analysis import gaps, register


def test_totals_reconcile_with_kecamatan_rows(default_register, desa_polygons):
    from kdkmp_analysis.region import population

    pop = population.desa_population("35.14", desa_polygons)
    ready = gaps.readiness(default_register)
    by_kec = gaps.gaps_by_kecamatan(ready, pop)
    total = gaps.regency_summary(ready, pop).set_index("program")
    assert len(by_kec) == 24 * len(total)
    sums = by_kec.groupby("program")[
        [*COUNTS, "penduduk", "penduduk_desa_bermitra"]
    ].sum()
    for col in [*COUNTS, "penduduk", "penduduk_desa_bermitra"]:
        assert (sums[col] == total.loc[sums.index, col]).all(), col
    # the four partner classes partition the cooperatives
    parts = by_kec[
        ["bermitra", "siap_belum_bermitra", "belum_siap", "tidak_dapat_dinilai"]
    ].sum(axis=1)
    assert (parts == by_kec["koperasi"]).all()
    assert (total["koperasi"] == 365).all()
    assert (total["penduduk"] == 1_634_022).all()  # BPS mid-2023 (issue 11 §1)
    assert total.loc["bulog_sphp", "bermitra"] == int(
        default_register["mitra_bulog"].fillna(False).sum()
    )
    assert set(by_kec["status_penduduk"]) == {"perkiraan"}


# --- unknown partner status is never shown as zero ------------------------------
def _unknown_partners(reg: pd.DataFrame) -> pd.DataFrame:
    """Every partner status unknown, as on a real SIMKOPDES import."""
    out = reg.copy()
    for c in [*register.MITRA_COLUMNS, "bermitra_bumn"]:
        out[c] = pd.array([pd.NA] * len(out), dtype="boolean")
    return out


def test_all_partner_status_unknown_is_na_not_zero(default_register, desa_polygons):
    from kdkmp_analysis.region import population

    pop = population.desa_population("35.14", desa_polygons)
    ready = gaps.readiness(_unknown_partners(default_register))
    total = gaps.regency_summary(ready, pop).set_index("program")
    by_kec = gaps.gaps_by_kecamatan(ready, pop)
    for t in (total, by_kec):
        for col in (
            "bermitra",
            "penduduk_desa_bermitra",
            "penduduk_mitra_diketahui",
            "cakupan_penduduk_pct",
        ):
            assert t[col].isna().all(), col
        assert (t["mitra_diketahui"] == 0).all()
        assert t["penduduk"].notna().all()  # population itself is known
    assert (total["mitra_tidak_diketahui"].drop("pinjaman_himbara") == 365).all()
    # the 365 cooperatives are all candidates or not-ready, none "not partnered"
    parts = total[["siap_belum_bermitra", "belum_siap", "tidak_dapat_dinilai"]]
    assert (parts.sum(axis=1) == 365).all()
    shown = gaps.label_unknown(total.reset_index())
    bulog = shown.set_index("program").loc["bulog_sphp"]
    assert bulog["bermitra"] == "tidak diketahui"
    assert bulog["cakupan_penduduk_pct"] == "tidak diketahui"
    assert bulog["penduduk_desa_bermitra"] == "tidak diketahui"


def test_loan_without_partner_column_is_not_applicable(default_register, desa_polygons):
    from kdkmp_analysis.region import population

    pop = population.desa_population("35.14", desa_polygons)
    ready = gaps.readiness(default_register, ["pinjaman_himbara", "bulog_sphp"])
    total = gaps.regency_summary(ready, pop).set_index("program")
    loan = total.loc["pinjaman_himbara"]
    for col in ("bermitra", "penduduk_desa_bermitra", "cakupan_penduduk_pct"):
        assert pd.isna(loan[col]), col
    shown = gaps.label_unknown(total.reset_index()).set_index("program")
    assert shown.loc["pinjaman_himbara", "bermitra"] == "tidak berlaku"
    assert shown.loc["pinjaman_himbara", "cakupan_penduduk_pct"] == "tidak berlaku"
    # a known number stays a number (17: the scenario's Bulog partners among the
    # snapshot's 341 NIB holders + the published Wonokerto partnership)
    assert shown.loc["bulog_sphp", "bermitra"] == 17


def test_totals_reconcile_when_some_kecamatan_know_nothing(
    default_register, desa_polygons
):
    from kdkmp_analysis.region import population

    pop = population.desa_population("35.14", desa_polygons)
    reg = default_register.copy()
    blind = reg["nama_kecamatan"].isin(["Sukorejo", "Prigen"])
    for c in [*register.MITRA_COLUMNS, "bermitra_bumn"]:
        reg[c] = reg[c].astype("boolean").mask(blind)
    ready = gaps.readiness(reg)
    by_kec = gaps.gaps_by_kecamatan(ready, pop)
    total = gaps.regency_summary(ready, pop).set_index("program")
    blind_rows = by_kec[
        by_kec["nama_kecamatan"].isin(["Sukorejo", "Prigen"])
        & (by_kec["program"] == "bulog_sphp")
    ]
    assert len(blind_rows) == 2 and blind_rows["bermitra"].isna().all()
    for col in ("bermitra", "penduduk_desa_bermitra", "penduduk_mitra_diketahui"):
        sums = by_kec.groupby("program")[col].sum(min_count=1)
        for prog in total.index:
            a, b = sums.get(prog, pd.NA), total.loc[prog, col]
            assert (pd.isna(a) and pd.isna(b)) or a == b, (col, prog)
    for col in COUNTS:
        sums = by_kec.groupby("program")[col].sum()
        assert (sums == total.loc[sums.index, col]).all(), col
    parts = by_kec[
        ["bermitra", "siap_belum_bermitra", "belum_siap", "tidak_dapat_dinilai"]
    ].sum(axis=1)  # <NA> bermitra: none known
    assert (parts == by_kec["koperasi"]).all()
    # partly blind regency: the known partnered count is kept, not lost
    known = reg.loc[~blind, "mitra_bulog"].fillna(False).sum()
    assert total.loc["bulog_sphp", "bermitra"] == int(known)
