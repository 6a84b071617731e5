"""The business-matching forum: ranked candidates per BUMN and briefings.

The planning question: *which cooperatives do we put in front of which BUMN,
and why?* Built on :mod:`kdkmp_analysis.gaps` (readiness per programme):

* per partner programme a **ranked candidate list** of the cooperatives not
  (known to be) partnered with that BUMN, each with its reasons — readiness,
  what is missing, SIMKOPDES transactions (evidence that it operates), the
  road distance (great circle × circuity,
  :mod:`kdkmp_analysis.region.distance`) to the nearest outlet of the same
  BUMN — of any kind, from an outlet layer (``kdkmp import-outlet``) when one
  is given, else the nearest partnered cooperative of the register, and each
  list says which — and the people without a partner of that BUMN in its desa
  and the touching desa, **each person counted once** over the whole list
  (:func:`~kdkmp_analysis.gaps.kecamatan.count_once`);
* per kecamatan a short **briefing** table;
* the data of the gap maps (:func:`gap_map_data`, :func:`readiness_register`).

This module only analyses. The workbook, the HTML lists and the gap maps are
hand-outs: :mod:`kdkmp_analysis.handouts` (``kdkmp forum`` writes them).

Ranking (best candidate first): readiness ``siap`` → ``tidak dapat dinilai``
→ ``belum siap``; partner status known ``belum bermitra`` before ``tidak
diketahui``; fewer failed requirements; already transacting in SIMKOPDES;
then greedily the most people without a partner in the desa and its
neighbours not yet counted for a candidate above; farther from the nearest
outlet (no outlet at all counts as farthest); then the desa code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kdkmp_analysis import distribution, gaps, provenance, region, register
from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import ranking
from kdkmp_analysis.distribution.network import Network
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.gaps.kecamatan import (
    count_once,
    desa_neighbours,
    nearest_outlet_km,
    outlets_of,
    population_map,
    served_desa,
    unserved_population,
)
from kdkmp_analysis.region import Kabupaten

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CANDIDATE_COLUMNS",
    "Forum",
    "ForumError",
    "build_forum",
    "candidates",
    "count_once",
    "desa_neighbours",
    "gap_map_data",
    "inference_reason",
    "kecamatan_briefing",
    "nearest_outlet_km",
    "nearest_partner_km",
    "outlets_of",
    "readiness_register",
    "served_desa",
    "transaction_reason",
    "unserved_population",
]

_READY_RANK = {gaps.SIAP: 0, gaps.TIDAK_DAPAT_DINILAI: 1, gaps.BELUM_SIAP: 2}
_PARTNER_RANK = {
    gaps.BELUM_BERMITRA: 0,
    gaps.MITRA_TIDAK_DIKETAHUI: 1,
    gaps.MITRA_TIDAK_BERLAKU: 0,
}


class ForumError(KdkmpError, ValueError):
    """Input the forum exports cannot use (register, kabupaten, programme)."""


# ---------------------------------------------------------------------------
# Geography: road distances, neighbours, people counted once
# ---------------------------------------------------------------------------
def nearest_partner_km(
    reg: pd.DataFrame, mitra: str, outlets: pd.DataFrame | None = None
) -> pd.Series:
    """Road km to the nearest outlet/partner of a BUMN (:func:`nearest_outlet_km`).

    The basis sentence is in ``attrs["dasar_jarak"]``.
    """
    d, basis = nearest_outlet_km(reg, mitra, outlets)
    d.attrs["dasar_jarak"] = basis
    return d


# ---------------------------------------------------------------------------
# Candidate lists and briefings
# ---------------------------------------------------------------------------
def transaction_reason(row: pd.Series) -> str:
    """SIMKOPDES transactions in words: evidence that a cooperative operates.

    ``"sudah bertransaksi Rp12.500.000 (nilai transaksi SIMKOPDES); volume
    1.136 (satuan tidak disebut SIMKOPDES; nilai/volume ≈ Rp11.004 per
    satuan)"``; ``"belum ada transaksi tercatat di SIMKOPDES"`` for a known
    zero; ``""`` when the register holds no transaction figure. The volume is
    never called *transaksi*: SIMKOPDES does not say its unit.
    """
    nilai = row.get("transaksi_nilai_rp")
    if nilai is None or pd.isna(nilai):
        return ""
    src = row.get("sumber_simkopdes")
    src_txt = f"; {src}" if src is not None and pd.notna(src) and str(src) else ""
    if float(nilai) <= 0:
        return "belum ada transaksi tercatat di SIMKOPDES" + (
            f" ({src_txt[2:]})" if src_txt else ""
        )
    text = f"sudah bertransaksi Rp{angka(float(nilai))} (nilai transaksi SIMKOPDES"
    vol = row.get("transaksi_volume")
    if vol is not None and pd.notna(vol) and float(vol) > 0:
        per = float(nilai) / float(vol)
        text += (
            f"; volume {angka(float(vol))} (satuan tidak disebut SIMKOPDES; "
            f"nilai/volume ≈ Rp{angka(per)} per satuan)"
        )
    return text + src_txt + ")"


def inference_reason(disimpulkan: str) -> str:
    """The inferred requirements of a readiness row in words, ``""`` for none.

    ``"Akta pendirian / badan hukum (AHU) (disimpulkan dari NIB)"`` (the
    ``disimpulkan`` column of :func:`kdkmp_analysis.gaps.readiness`) becomes
    ``"Akta pendirian / badan hukum (AHU) disimpulkan dari NIB (periksa
    dokumennya di forum)"``: the register does not record the value, a rule
    implies it, and the document is what proves it.
    """
    items = [i for i in str(disimpulkan or "").split("; ") if i]
    if not items:
        return ""
    said = []
    for item in items:
        name, sep, why = item.rpartition(" (")
        said.append(f"{name} {why.removesuffix(')')}" if sep else item)
    return "; ".join(said) + " (periksa dokumennya di forum)"


def _reason(row: pd.Series, nama_mitra: str, gain: str, layer: bool) -> str:
    inferred = inference_reason(row.get("disimpulkan", ""))
    docs = row["verifikasi_dokumen"]
    if row["kesiapan"] == gaps.SIAP and inferred:
        # the verdict rests on inference: say so first, the rest as recorded
        parts = [f"Siap — {inferred}; syarat lain yang tercatat di register terpenuhi"]
        done = set(str(row["disimpulkan"]).split("; "))
        docs = "; ".join(d for d in str(docs).split("; ") if d and d not in done)
    elif row["kesiapan"] == gaps.SIAP:
        parts = ["Siap: semua syarat yang tercatat di register terpenuhi"]
    elif row["kesiapan"] == gaps.BELUM_SIAP:
        parts = [f"Belum siap: kurang {row['syarat_kurang']}"]
    else:
        parts = [f"Tidak dapat dinilai: data belum ada ({row['data_kurang']})"]
    if row["kesiapan"] != gaps.TIDAK_DAPAT_DINILAI and row["data_kurang"]:
        parts.append(f"data belum ada: {row['data_kurang']}")
    if docs:
        parts.append(f"verifikasi dokumen: {docs}")
    if row["status_mitra"] == gaps.MITRA_TIDAK_DIKETAHUI:
        parts.append(f"status kemitraan dengan {nama_mitra} tidak diketahui")
    trans = transaction_reason(row)
    if trans:
        parts.append(trans)
    if pd.isna(row["jarak_mitra_km"]):
        parts.append(
            f"belum ada gerai {nama_mitra} di berkas outlet maupun mitra di register"
            if layer
            else f"belum ada mitra {nama_mitra} lain di register"
        )
    else:
        what = "gerai" if layer else "koperasi mitra"
        where = "berkas outlet" if layer else "register"
        parts.append(
            f"{what} {nama_mitra} terdekat {angka(float(row['jarak_mitra_km']), 1)} "
            f"km (jarak jalan perkiraan; {where})"
        )
    parts.append(gain)
    return "; ".join(parts) + "."


#: Columns of a candidate list (:func:`candidates`).
CANDIDATE_COLUMNS = [
    "peringkat",
    "koperasi_id",
    "nama_koperasi",
    "kode_desa",
    "nama_desa",
    "kode_kecamatan",
    "nama_kecamatan",
    "kesiapan",
    "status_mitra",
    "syarat_kurang",
    "data_kurang",
    "verifikasi_dokumen",
    "jarak_mitra_km",
    "penduduk_desa",
    "penduduk_tanpa_mitra",
    "terlayani_t_minggu",
    "alasan",
]


def _rank(
    out: pd.DataFrame,
    reg: pd.DataFrame,
    prog: gaps.Programme,
    network: Network | None,
    outlets: pd.DataFrame | None,
    pop_label: str,
    population: pd.DataFrame | None,
    neighbours: dict[str, list[str]],
) -> tuple[pd.DataFrame, list[str], str]:
    """Candidates in rank order (:func:`~kdkmp_analysis.distribution.ranking.rank_candidates`),
    with ``penduduk_tanpa_mitra`` / ``terlayani_t_minggu`` counted once, each
    candidate's gain phrase and the basis sentence. Without a network (a
    register whose desa are not in the official list): people of the desa
    and its touching ``neighbours`` without a partner, counted once."""
    nilai = (
        pd.to_numeric(
            out["kode_desa"].map(reg.set_index("kode_desa")["transaksi_nilai_rp"]),
            errors="coerce",
        )
        if "transaksi_nilai_rp" in reg.columns
        else pd.Series(np.nan, index=out.index)
    )
    tiers = list(
        zip(
            out["kesiapan"].map(_READY_RANK),
            out["status_mitra"].map(_PARTNER_RANK),
            out["jumlah_kurang"].astype(int),
            strict=True,
        )
    )
    ties = list(
        zip(
            (~(nilai.fillna(0) > 0)).astype(int),  # operating (SIMKOPDES) first
            -out["jarak_mitra_km"].fillna(np.inf),
            out["kode_desa"],
            strict=True,
        )
    )
    mitra = str(prog.mitra)
    if network is None:
        return _rank_neighbours(
            out, reg, prog, tiers, ties, population, neighbours, outlets, pop_label
        )
    partners = served_desa(reg, mitra)  # desa of the partnered cooperatives
    r = ranking.rank_candidates(
        network,
        prog.key,
        out["kode_desa"].astype(str).tolist(),
        tiers,
        ties,
        partner_codes=partners,
        program_name=prog.nama_mitra,
        outlets=outlets_of(outlets, mitra),
        pop_label=pop_label,
    )
    out["penduduk_tanpa_mitra"] = pd.array(
        [pd.NA if np.isnan(v) else int(v) for v in r.people], dtype="Int64"
    )
    out["terlayani_t_minggu"] = np.round(r.tonnes, 2)
    phrases = [r.phrases[i] for i in r.order]
    return out.iloc[r.order].reset_index(drop=True), phrases, r.basis


def _rank_neighbours(
    out, reg, prog, tiers, ties, population, neighbours, outlets, pop_label
):
    """:func:`_rank` without a network: desa + touching desa, counted once."""
    served = served_desa(reg, str(prog.mitra), outlets)
    codes = out["kode_desa"].astype(str).tolist()
    pop = population_map(population) if population is not None else {}
    areas = [{c, *neighbours.get(c, [])} - served for c in codes]
    order, gains = count_once(areas, pop, tiers, ties)
    vals = [g if c in pop else pd.NA for c, g in zip(codes, gains, strict=True)]
    if population is None:
        vals = [pd.NA] * len(codes)
    out["penduduk_tanpa_mitra"] = pd.array(vals, dtype="Int64")
    out["terlayani_t_minggu"] = np.nan
    phrases = [
        f"{angka(int(vals[i]))} jiwa tanpa mitra {prog.nama_mitra} di desa ini dan "
        f"desa tetangga, belum dihitung untuk kandidat di atasnya{pop_label}"
        if vals[i] is not pd.NA
        else f"penduduk tanpa mitra {prog.nama_mitra} tidak dapat dihitung"
        for i in order
    ]
    basis = (
        f"penduduk tanpa mitra {prog.nama_mitra} di desa kandidat dan desa "
        f"tetangganya, dihitung sekali{pop_label}"
    )
    return out.iloc[order].reset_index(drop=True), phrases, basis


def _network(reg: pd.DataFrame, population: pd.DataFrame | None, polygons=None):
    """The distribution network of a register, or None when it cannot be built
    (no population, or desa outside the official list)."""
    if population is None:
        return None
    try:
        return distribution.prepare(reg, population, desa_polygons=polygons)
    except KdkmpError:
        return None


def candidates(
    ready: pd.DataFrame,
    program: str,
    reg: pd.DataFrame,
    *,
    population: pd.DataFrame | None = None,
    neighbours: dict[str, list[str]] | None = None,
    outlets: pd.DataFrame | None = None,
    network: Network | None = None,
) -> pd.DataFrame:
    """Ranked candidate list of one partner programme, with the reasons.

    Parameters
    ----------
    ready : pandas.DataFrame
        Output of :func:`kdkmp_analysis.gaps.readiness` (must include
        ``program``).
    program : str
        Programme key with a partner column (``bulog_sphp``).
    reg : pandas.DataFrame
        The register ``ready`` was computed from (coordinates, partners,
        SIMKOPDES transactions when present).
    population : pandas.DataFrame, optional
        Per-desa population; without it the population columns are ``<NA>``.
    neighbours : dict, optional
        Not used any more (the rank counts people within road reach, not in
        touching desa); kept so older calls still work.
    outlets : pandas.DataFrame, optional
        Existing BUMN outlets (:func:`kdkmp_analysis.intake.read_outlets`):
        distances are then to the nearest outlet of the BUMN of any kind, and
        desa within reach of such an outlet count as served.
    network : Network, optional
        The distribution network of ``reg`` and ``population``
        (:func:`kdkmp_analysis.distribution.prepare`; built when omitted).

    Returns
    -------
    pandas.DataFrame
        Every cooperative not (known to be) partnered with the programme's
        BUMN, best first (:data:`CANDIDATE_COLUMNS`): ``jarak_mitra_km`` is
        the road distance of :func:`nearest_outlet_km` (``attrs
        ["dasar_jarak"]`` says to what); ``penduduk_tanpa_mitra`` what the
        candidate adds **given every candidate above it**
        (:func:`~kdkmp_analysis.distribution.ranking.rank_candidates`: for
        Bulog the people-equivalent of the rice demand it newly serves, with
        ``terlayani_t_minggu`` the tonnes per week; for the others the people
        newly within road reach) — each person counted once, so the column
        sums to at most the kabupaten's population; ``alasan`` one
        Indonesian sentence (readiness, what is missing, SIMKOPDES
        transactions, distance, what it adds). ``attrs`` carry ``program``,
        ``dasar_jarak``, ``dasar_peringkat``, ``status_penduduk`` and the
        register's ``status_data``.

    Notes
    -----
    Rank: readiness (``siap`` → ``tidak dapat dinilai`` → ``belum siap``),
    partner status known before unknown, fewer failed requirements; within
    that, the greedy marginal gain (largest first), then already
    transacting in SIMKOPDES, farther from an outlet, the desa code.

    Raises
    ------
    ForumError
        When the programme has no partner column or is not in ``ready``.
    """
    prog = gaps.programme(program)
    if prog.mitra is None:
        raise ForumError(
            f"program {program!r} tidak punya kolom mitra; daftar kandidat hanya "
            "untuk program kemitraan BUMN"
        )
    r = ready[ready["program"] == program]
    if r.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesiapan")
    reg2 = register.as_register(reg)
    if outlets is not None:
        from kdkmp_analysis.intake import outlets as outlets_mod

        outlets = outlets_mod.as_layer(outlets)
    dist, dist_basis = nearest_outlet_km(reg2, prog.mitra, outlets)
    dist = dist.set_axis(reg2["kode_desa"])
    pop_status = "tidak tersedia"
    pop_desa = pd.Series(dtype="Int64")
    if population is not None:
        pop_status = provenance.of(population).population or "perkiraan"
        pop_desa = population.set_index("kode_desa")["penduduk"]
    out = r[r["status_mitra"] != gaps.BERMITRA].copy()
    out["jarak_mitra_km"] = out["kode_desa"].map(dist).astype(float).round(2)
    out["penduduk_desa"] = pd.array(out["kode_desa"].map(pop_desa), dtype="Int64")
    pop_label = " (perkiraan)" if pop_status == "perkiraan" else ""
    if network is None:
        network = _network(reg2, population)
    out, gains, basis = _rank(
        out, reg2, prog, network, outlets, pop_label, population, neighbours or {}
    )
    out.insert(0, "peringkat", np.arange(1, len(out) + 1))
    layer = len(outlets_of(outlets, prog.mitra)) > 0
    extra = [
        c
        for c in ("transaksi_nilai_rp", "transaksi_volume", "sumber_simkopdes")
        if c in reg2.columns
    ]
    shown = out.merge(reg2[["kode_desa", *extra]], on="kode_desa", how="left")
    out["alasan"] = [
        _reason(row, prog.nama_mitra, gain, layer)
        for (_, row), gain in zip(shown.iterrows(), gains, strict=True)
    ]
    out = out[CANDIDATE_COLUMNS]
    out.attrs = {
        "program": program,
        "dasar_jarak": dist_basis,
        "dasar_peringkat": basis,
    }
    return provenance.carry(ready, out, population=pop_status)


@dataclass
class Forum:
    """Everything the forum exports are made of.

    Attributes
    ----------
    kabupaten : Kabupaten
        The kabupaten (``.label`` is ``"Kabupaten Pasuruan (35.14)"``).
    register : pandas.DataFrame
        The register used.
    readiness : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.readiness` over the whole catalogue.
    gaps : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.gaps_by_kecamatan`.
    summary : pandas.DataFrame
        :func:`kdkmp_analysis.gaps.regency_summary`.
    candidates : dict of str to pandas.DataFrame
        Ranked list per partner programme (:func:`candidates`).
    status_data : str
        ``ilustrasi`` for the default register, else ``impor``/other.
    status_penduduk : str
        ``perkiraan``, ``data`` or ``tidak tersedia``.
    sumber : dict of str to str
        Where the register, population, boundaries, outlets (``outlet``) and
        each programme's distances (``jarak_<program>``) come from.
    outlets : geopandas.GeoDataFrame or None
        The existing BUMN outlets used (:func:`kdkmp_analysis.intake.read_outlets`).
    """

    kabupaten: Kabupaten
    register: pd.DataFrame
    readiness: pd.DataFrame
    gaps: pd.DataFrame
    summary: pd.DataFrame
    candidates: dict[str, pd.DataFrame]
    status_data: str
    status_penduduk: str
    sumber: dict[str, str] = field(default_factory=dict)
    outlets: pd.DataFrame | None = None

    @property
    def is_illustrative(self) -> bool:
        """True when the register's statuses are the ``ilustrasi`` scenario."""
        return self.status_data == register.STATUS_ILUSTRASI

    @property
    def data_note(self) -> str:
        """The one-line note on the data's status shown on every export."""
        parts = []
        real = register.real_status_source(self.register)
        if self.is_illustrative and real:
            parts.append(
                f"DATA CAMPURAN: NIB, NPWP, akun, RAT dan transaksi = {real}; "
                "status mitra, lahan, gudang dan lainnya = ILUSTRASI (skenario, "
                "bukan data resmi)"
            )
        elif self.is_illustrative:
            parts.append(
                "DATA ILUSTRASI: status koperasi adalah skenario ilustrasi, "
                "bukan data resmi"
            )
        else:
            parts.append(f"Data register: {self.sumber.get('register', '')}")
        if self.status_penduduk == "perkiraan":
            parts.append("penduduk per desa = perkiraan")
        return " · ".join(parts)


def build_forum(
    reg: pd.DataFrame | None = None,
    kabupaten: Kabupaten | str | None = None,
    *,
    desa_polygons: gpd.GeoDataFrame | None = None,
    population: pd.DataFrame | None = None,
    strict: bool = False,
    outlets: pd.DataFrame | str | Path | None = None,
) -> Forum:
    """Compute readiness, gaps and every candidate list for the forum.

    Parameters
    ----------
    reg : pandas.DataFrame, optional
        The register (default: :func:`kdkmp_analysis.intake.default_register`
        of the kabupaten).
    kabupaten : Kabupaten or str, optional
        The kabupaten; default: the register's own ``kode_kabupaten``
        (35.14 without a register).
    desa_polygons : geopandas.GeoDataFrame, optional
        Desa polygons for neighbours and the population estimate (loaded with
        :func:`kdkmp_analysis.region.boundaries.load_desa_polygons` when omitted).
    population : pandas.DataFrame, optional
        Per-desa population (default:
        :func:`kdkmp_analysis.region.population.desa_population`, a ``perkiraan``).
    strict : bool
        Passed to :func:`kdkmp_analysis.gaps.readiness`.
    outlets : GeoDataFrame, DataFrame, str or Path, optional
        Existing BUMN outlets: a layer of
        :func:`kdkmp_analysis.intake.read_outlets` or a file it reads. The
        register then gets ``jarak_spbu_km`` and ``pangkalan_lpg_di_desa``
        (:func:`kdkmp_analysis.intake.apply_outlets`), so Pertashop's 10 km
        rule and Pertamina's check against existing pangkalan are assessed;
        distances are to the nearest outlet of the BUMN.

    Returns
    -------
    Forum

    Raises
    ------
    RegionError
        A register of another (or of several) kabupaten.
    RegisterError
        A register that does not follow the schema.
    """
    from kdkmp_analysis import intake
    from kdkmp_analysis.region import population as population_mod

    kab = region.as_kabupaten(kabupaten, reg)
    reg = register.as_register(intake.default_register(kab) if reg is None else reg)
    if desa_polygons is None:
        from kdkmp_analysis.region import boundaries

        desa_polygons = boundaries.load_desa_polygons(kab)
    if population is None:
        population = population_mod.desa_population(kab, desa_polygons)
    pop_status = provenance.of(population).population or "perkiraan"
    layer = _outlet_layer(outlets, kab, desa_polygons)
    if layer is not None:
        reg = intake.apply_outlets(reg, layer)
    progs = gaps.select_programmes(None, columns=gaps.held_columns(reg))
    ready = gaps.readiness(reg, strict=strict)
    neighbours = desa_neighbours(desa_polygons)
    network = _network(reg, population, desa_polygons)
    cands = {
        p.key: candidates(
            ready,
            p.key,
            reg,
            population=population,
            neighbours=neighbours,
            outlets=layer,
            network=network,
        )
        for p in progs
        if p.mitra is not None
    }
    status_data = register.STATUS_ILUSTRASI if register.is_ilustrasi(reg) else "impor"
    provenance.tag(ready, status=status_data)
    pop_src = (
        population["sumber_penduduk"].iloc[0]
        if ("sumber_penduduk" in population.columns and len(population))
        else ""
    )
    return Forum(
        kabupaten=kab,
        register=reg,
        readiness=ready,
        gaps=gaps.gaps_by_kecamatan(ready, population),
        summary=gaps.regency_summary(ready, population),
        candidates=cands,
        status_data=status_data,
        status_penduduk=pop_status,
        sumber={
            "register": str(provenance.of(reg).source or "register"),
            "penduduk": str(pop_src),
            "batas": str(provenance.of(desa_polygons).boundaries),
            **(
                {"outlet": str(provenance.of(layer).source)}
                if layer is not None
                else {}
            ),
            **{
                f"jarak_{k}": str(c.attrs.get("dasar_jarak", ""))
                for k, c in cands.items()
            },
        },
        outlets=layer,
    )


def _outlet_layer(
    outlets: pd.DataFrame | str | Path | None,
    kab: Kabupaten,
    desa_polygons: gpd.GeoDataFrame,
) -> pd.DataFrame | None:
    """The outlet layer: given (checked), or read from a file; ``None`` without."""
    from kdkmp_analysis.intake import outlets as outlets_mod

    if outlets is None:
        return None
    if isinstance(outlets, pd.DataFrame):
        return outlets_mod.as_layer(outlets)
    return outlets_mod.read_outlets(outlets, kab, boundaries=desa_polygons)[0]


def kecamatan_briefing(forum: Forum, program: str | None = None) -> pd.DataFrame:
    """A short briefing table per kecamatan.

    Parameters
    ----------
    forum : Forum
        Output of :func:`build_forum`.
    program : str, optional
        One programme key: its gap row per kecamatan plus the top three
        candidates. Default: all partner programmes side by side (the number
        of ready-but-unpartnered cooperatives per programme).

    Returns
    -------
    pandas.DataFrame
        Indonesian-named columns, one row per kecamatan.
    """
    reg = forum.register
    base = (
        reg.groupby(["kode_kecamatan", "nama_kecamatan"], sort=True)
        .agg(
            koperasi=("koperasi_id", "size"),
            tanpa_nib=("nib", lambda s: int((s == False).sum())),  # noqa: E712
            nib_tidak_diketahui=("nib", lambda s: int(s.isna().sum())),
            # unknown is not "not partnered": <NA> when no status is known
            bermitra_bumn=(
                "bermitra_bumn",
                lambda s: int(s.fillna(False).sum()) if s.notna().any() else pd.NA,
            ),
            bermitra_bumn_tidak_diketahui=(
                "bermitra_bumn",
                lambda s: int(s.isna().sum()),
            ),
        )
        .reset_index()
    )
    base["bermitra_bumn"] = pd.array(base["bermitra_bumn"], dtype="Int64")
    if program is not None:
        g = forum.gaps[forum.gaps["program"] == program]
        if g.empty:
            raise ForumError(f"program {program!r} tidak ada di tabel kesenjangan")
        cols = [
            "kode_kecamatan",
            "bermitra",
            "mitra_diketahui",
            "siap_belum_bermitra",
            "belum_siap",
            "tidak_dapat_dinilai",
            "syarat_kurang_terbanyak",
            "cakupan_penduduk_pct",
        ]
        out = base.merge(g[cols], on="kode_kecamatan", how="left")
        c = forum.candidates.get(program)
        if c is not None:
            top = (
                c[c["kesiapan"] == gaps.SIAP]
                .groupby("kode_kecamatan")["nama_desa"]
                .apply(lambda s: ", ".join(s.head(3)))
            )
            out["kandidat_teratas"] = out["kode_kecamatan"].map(top).fillna("")
        return out
    wide = forum.gaps[forum.gaps["program"].isin(forum.candidates)].pivot(
        index="kode_kecamatan", columns="program", values="siap_belum_bermitra"
    )
    progs = gaps.load_programmes()
    wide = wide[[k for k in forum.candidates if k in wide.columns]]
    wide.columns = [f"kandidat {progs[k].singkat}" for k in wide.columns]
    out = base.merge(wide, left_on="kode_kecamatan", right_index=True, how="left")
    r = forum.readiness
    r = r[
        r["program"].isin(forum.candidates)
        & (r["status_mitra"] != gaps.BERMITRA)
        & (r["kesiapan"] == gaps.BELUM_SIAP)
    ]
    common = r.groupby("kode_kecamatan")["syarat_kurang"].apply(
        lambda s: gaps.most_common(s, [])[0]
    )
    shown = out["kode_kecamatan"].map(common).astype(object)
    out["syarat_kurang_terbanyak"] = shown.where(shown.notna(), "")
    return out


def gap_map_data(
    forum: Forum, program: str, kecamatan_polygons: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    """Kecamatan polygons joined to one programme's gap row.

    Returns
    -------
    geopandas.GeoDataFrame
        The polygons with the columns of
        :func:`kdkmp_analysis.gaps.gaps_by_kecamatan` and
        ``persen_siap_belum_bermitra`` (0–100).
    """
    g = forum.gaps[forum.gaps["program"] == program]
    if g.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesenjangan")
    g = g.drop(columns=["nama_kecamatan"])
    out = kecamatan_polygons.merge(g, on="kode_kecamatan", how="left")
    out["persen_siap_belum_bermitra"] = (
        100.0 * out["porsi_siap_belum_bermitra"]
    ).round(1)
    out.attrs = dict(kecamatan_polygons.attrs)
    return out


def readiness_register(forum: Forum, program: str) -> pd.DataFrame:
    """The register with a ``kesiapan_mitra`` column for one programme.

    Values: ``bermitra``, ``siap``, ``belum siap``, ``tidak dapat dinilai``.
    """
    r = forum.readiness[forum.readiness["program"] == program]
    if r.empty:
        raise ForumError(f"program {program!r} tidak ada di tabel kesiapan")
    status = r["kesiapan"].where(r["status_mitra"] != gaps.BERMITRA, gaps.BERMITRA)
    out = forum.register.copy()
    out["kesiapan_mitra"] = (
        out["kode_desa"]
        .map(pd.Series(status.to_numpy(), index=r["kode_desa"].to_numpy()))
        .astype("string")
    )
    out.attrs = dict(forum.register.attrs)
    return out
