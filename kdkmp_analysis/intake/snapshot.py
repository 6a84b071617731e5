"""The public SIMKOPDES snapshot (``danylaksono/kopdes-report``) as a real source.

The repository publishes SIMKOPDES extracts as CSV under ``data/raw/``; this
module uses two of them at the pinned commit of ``data/simkopdes_manifest.csv``
(snapshot 2026-08-05): ``kopdes_locations.csv`` (every cooperative: id, name,
province, district, subdistrict, point) and ``kopdes_stats_village.csv``
(accounts, NPWP, NIB, RAT, transactions, savings per village). The repository
states **no licence**: it is credited, and its data is never shipped in the
package.

Each file is found in this order (the pattern of the boundary files):

1. a folder (or file) the caller passes;
2. the folder named by ``KDKMP_SIMKOPDES_DIR``;
3. the user cache (:func:`kdkmp_analysis.config.cache_dir`);
4. a download of the pinned commit from ``raw.githubusercontent.com`` into that
   cache (only when asked, and never with ``KDKMP_OFFLINE=1``).

A folder may hold the national file or the slice of one kabupaten
(``kopdes_locations_<4 digits>.csv``, ``kopdes_stats_village_<4 digits>.csv``);
the slice is preferred. Hashes: a file whose sha256 the manifest pins must
match it (else :class:`SnapshotError` naming the file and both hashes); the
national files' sha256 is **not pinned** (they could not be downloaded where
the manifest was written), so such a file is accepted with a
:class:`SnapshotWarning`, and the hash of the first download is recorded in
the cache (``sha256_tercatat.csv``) and enforced afterwards.

:func:`read_snapshot` keeps the rows of one kabupaten (province + district
names → the official code with
:func:`kdkmp_analysis.intake.matching.resolve_districts`; rows that cannot be
placed are reported, never dropped silently), :func:`import_snapshot` runs
them through :func:`kdkmp_analysis.intake.simkopdes.import_simkopdes`, and
:func:`download_snapshot` is ``kdkmp unduh-simkopdes``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kdkmp_analysis import config, documents, provenance, region
from kdkmp_analysis._format import angka, tanggal
from kdkmp_analysis.intake.matching import resolve_districts
from kdkmp_analysis.intake.report import IntakeResult
from kdkmp_analysis.intake.simkopdes import (
    import_simkopdes,
    read_locations,
    read_stats,
)
from kdkmp_analysis.intake.tables import IntakeError

__all__ = [
    "KINDS",
    "Pin",
    "Slice",
    "Snapshot",
    "SnapshotError",
    "SnapshotFile",
    "SnapshotWarning",
    "download_snapshot",
    "file_name",
    "import_snapshot",
    "locate_snapshot_file",
    "manifest",
    "manifest_file",
    "read_snapshot",
    "slice_file",
    "snapshot_date",
    "snapshot_label",
    "snapshot_source",
]

#: The snapshot's files: kind → file stem (``<stem>.csv`` national,
#: ``<stem>_<4 digits>.csv`` one kabupaten).
KINDS: dict[str, str] = {
    "lokasi": "kopdes_locations",
    "statistik": "kopdes_stats_village",
}
_WHAT = {"lokasi": "berkas lokasi SIMKOPDES", "statistik": "berkas statistik desa"}
_URL = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"


class SnapshotError(IntakeError):
    """A snapshot file that cannot be used (hash mismatch, not found, unreadable)."""


class SnapshotWarning(UserWarning):
    """A snapshot file accepted without a pinned hash, or a failed download."""


@dataclass(frozen=True, slots=True)
class Pin:
    """One row of ``data/simkopdes_manifest.csv``.

    ``sha256`` is ``""`` and ``bytes`` ``None`` where they are not known (the
    national files); ``karakter`` is the size in characters of a stored copy.
    """

    repo: str
    commit: str
    path: str
    berkas: str
    cakupan: str
    sha256: str
    bytes: int | None
    karakter: int | None
    tanggal: str


def manifest_file() -> Path:
    """Path of the snapshot manifest (``data/simkopdes_manifest.csv``)."""
    return config.data_dir() / "simkopdes_manifest.csv"


@functools.lru_cache(maxsize=2)
def _manifest(path: str) -> dict[str, Pin]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    def num(v: str) -> int | None:
        return int(v) if v.strip() else None

    return {
        r["berkas"]: Pin(
            r["repo"],
            r["commit"],
            r["path"],
            r["berkas"],
            r["cakupan"],
            r["sha256"].strip().lower(),
            num(r["bytes"]),
            num(r["karakter"]),
            r["tanggal_snapshot"],
        )
        for r in rows
    }


def manifest() -> dict[str, Pin]:
    """Every pinned snapshot file: file name → :class:`Pin` (cached)."""
    return dict(_manifest(str(manifest_file())))


def _national(kind: str) -> Pin:
    return manifest()[f"{KINDS[kind]}.csv"]


def snapshot_date() -> str:
    """Date of the snapshot (``YYYY-MM-DD``, from the manifest): ``2026-08-05``."""
    return _national("lokasi").tanggal


def _date_words(short: bool) -> str:
    return tanggal(_dt.date.fromisoformat(snapshot_date()), short=short)


def snapshot_source() -> str:
    """The per-row source text of snapshot values (``sumber_simkopdes``).

    ``"data SIMKOPDES 5 Agustus 2026 (danylaksono/kopdes-report ce4bb6e)"``.
    """
    pin = _national("lokasi")
    return f"data SIMKOPDES {_date_words(False)} ({pin.repo} {pin.commit[:7]})"


def snapshot_label() -> str:
    """The short label for maps, sheets and slides: ``"data SIMKOPDES 5 Agu 2026"``."""
    return f"data SIMKOPDES {_date_words(True)}"


def file_name(kind: str, kabupaten: region.Kabupaten | str | None = None) -> str:
    """``kopdes_locations.csv`` (national) or ``kopdes_locations_3514.csv``."""
    if kabupaten is None:
        return f"{KINDS[kind]}.csv"
    return f"{KINDS[kind]}_{region.as_kabupaten(kabupaten).digits}.csv"


# ---------------------------------------------------------------------------
# Hashes: pinned, recorded at the first download, or neither (warned)
# ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SnapshotFile:
    """A snapshot file found and checked.

    Attributes
    ----------
    kind : str
        ``"lokasi"`` or ``"statistik"``.
    path : Path
        The file.
    origin : str
        ``argumen``, ``KDKMP_SIMKOPDES_DIR``, ``cache`` or ``unduhan``.
    sha256 : str
        Its hash.
    check : str
        ``"dipatok"`` (equal to the manifest), ``"tercatat"`` (equal to the
        hash recorded at the first download) or ``"tidak dipatok"``.
    """

    kind: str
    path: Path
    origin: str
    sha256: str
    check: str


def _cache_folder() -> Path:
    return config.cache_dir() / "simkopdes" / _national("lokasi").commit[:12]


def _records_file() -> Path:
    return _cache_folder() / "sha256_tercatat.csv"


def _recorded() -> dict[str, str]:
    path = _records_file()
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["berkas"]: r["sha256"] for r in csv.DictReader(fh)}


def _record(name: str, sha: str, how: str) -> None:
    """Record a file's hash in the cache (the first one stays)."""
    rows = _recorded()
    if name in rows:
        return
    path = _records_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file()
    with open(path, "a", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        if new:
            w.writerow(["berkas", "sha256", "asal", "dicatat"])
        w.writerow([name, sha, how, _dt.date.today().isoformat()])


def _check(path: Path, kind: str, origin: str) -> SnapshotFile:
    """Check one file against its pin or recorded hash (see the module notes)."""
    name = path.name
    pin = manifest().get(name)
    limit = pin and (pin.bytes or pin.karakter)
    size = path.stat().st_size
    if limit and size > 4 * limit:  # not hashed: far too large to be the file
        raise SnapshotError(
            f"berkas SIMKOPDES {path}: {angka(size)} bita, jauh lebih besar dari "
            f"{name} yang dipatok (± {angka(limit)}); berkas tidak dipakai"
        )
    got = documents.sha256_file(path)
    if pin is not None and pin.sha256:
        if got != pin.sha256:
            raise SnapshotError(
                f"berkas SIMKOPDES {path}: sha256 {got} tidak sama dengan "
                f"{pin.sha256} yang dipatok untuk {name} ({pin.repo}@"
                f"{pin.commit[:7]}); berkas rusak atau diubah, tidak dipakai"
            )
        return SnapshotFile(kind, path, origin, got, "dipatok")
    rec = _recorded().get(name)
    if rec is not None:
        if got != rec:
            raise SnapshotError(
                f"berkas SIMKOPDES {path}: sha256 {got} tidak sama dengan {rec} "
                f"yang tercatat untuk {name} saat unduhan pertama "
                f"({_records_file()}); berkas rusak atau diubah, tidak dipakai"
            )
        return SnapshotFile(kind, path, origin, got, "tercatat")
    warnings.warn(
        f"berkas SIMKOPDES {path}: hash sha256 {name} tidak dipatok di "
        f"{manifest_file().name}; dipakai tanpa pemeriksaan hash (sha256 {got})",
        SnapshotWarning,
        stacklevel=3,
    )
    return SnapshotFile(kind, path, origin, got, "tidak dipatok")


def _download(kind: str, target: Path, timeout: float = 60.0) -> Path | None:
    """Download the pinned national file into the cache; None (warned) on failure."""
    pin = _national(kind)
    url = _URL.format(repo=pin.repo, commit=pin.commit, path=pin.path)
    part, exc = documents.fetch_part(url, target, timeout)
    if exc is not None:
        warnings.warn(
            f"unduhan {url} gagal ({type(exc).__name__}: {exc})",
            SnapshotWarning,
            stacklevel=3,
        )
        return None
    return part.replace(target)


def locate_snapshot_file(
    kind: str,
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN,
    path: str | Path | None = None,
    *,
    download: bool = False,
) -> SnapshotFile | None:
    """Find (or fetch) one snapshot file and check its hash.

    Parameters
    ----------
    kind : str
        ``"lokasi"`` or ``"statistik"`` (:data:`KINDS`).
    kabupaten : Kabupaten or str
        The kabupaten: its slice is preferred to the national file.
    path : str or Path, optional
        A folder holding the file (or the file itself).
    download : bool
        Allow step 4 (download into the cache); ``KDKMP_OFFLINE=1`` forbids it.

    Returns
    -------
    SnapshotFile or None
        ``None`` when no source has it.

    Raises
    ------
    SnapshotError
        A file found whose hash differs from its pin or recorded hash, or a
        ``path`` that holds neither file.
    """
    names = [file_name(kind, kabupaten), file_name(kind)]

    def look(where: Path, origin: str) -> SnapshotFile | None:
        one = where.is_file() and where.name in names  # the file itself
        for c in [where] if one else [where / n for n in names]:
            if c.is_file():
                return _check(c, kind, origin)
        return None

    if path is not None:
        found = look(Path(path), "argumen")
        if found is None:
            raise SnapshotError(
                f"{_WHAT[kind]}: {' atau '.join(names)} tidak ada di {path}"
            )
        return found
    env = config.simkopdes_dir()
    if env is not None and (found := look(env, "KDKMP_SIMKOPDES_DIR")):
        return found
    cached = _cache_folder() / names[1]
    if found := look(_cache_folder(), "cache"):
        return found
    if download and not config.offline():
        got = _download(kind, cached)
        if got is not None:
            if not _national(kind).sha256:
                sha = documents.sha256_file(got)
                _record(got.name, sha, "unduhan pertama")
                warnings.warn(
                    f"berkas SIMKOPDES {got.name} diunduh: hash sha256-nya tidak "
                    f"dipatok di {manifest_file().name}; sha256 {sha} dicatat di "
                    f"{_records_file()} dan diperiksa pada setiap pemakaian berikutnya",
                    SnapshotWarning,
                    stacklevel=2,
                )
            return _check(got, kind, "unduhan")
    return None


def _not_found(kind: str, kab: region.Kabupaten, download: bool) -> SnapshotError:
    """The Indonesian message when no source has a snapshot file."""
    pin = _national(kind)
    env = config.simkopdes_dir()
    why = (
        "unduhan dimatikan (KDKMP_OFFLINE=1)"
        if config.offline()
        else "unduhan gagal"
        if download
        else "unduhan tidak diminta"
    )
    url = _URL.format(repo=pin.repo, commit=pin.commit, path=pin.path)
    return SnapshotError(
        f"{_WHAT[kind]} tidak ditemukan: {file_name(kind, kab)} atau "
        f"{file_name(kind)} tidak ada di KDKMP_SIMKOPDES_DIR "
        f"({env or 'tidak diisi'}) maupun cache ({_cache_folder()}), dan {why}; "
        f"unduh {url} di komputer yang tersambung internet, lalu beri --sumber FOLDER"
    )


# ---------------------------------------------------------------------------
# One kabupaten's rows
# ---------------------------------------------------------------------------
@dataclass
class Slice:
    """The rows of one kabupaten taken from a snapshot file.

    Attributes
    ----------
    file : SnapshotFile
        Where they come from.
    frame : pandas.DataFrame
        The kept rows as :func:`read_locations`/:func:`read_stats` read them
        (index = line in the file).
    raw : bytes or None
        Header + the kept lines exactly as in the file (None when the file is
        not UTF-8); written by :meth:`Snapshot.write`.
    rows_in : int
        Data rows in the file.
    rows_other : int
        Rows of another kabupaten/kota.
    unplaced : pandas.DataFrame
        Rows whose province + district could not be placed: ``berkas``,
        ``baris_berkas``, ``provinsi``, ``kabupaten_kota``, ``kecamatan``,
        ``nama``, ``alasan``.
    """

    file: SnapshotFile
    frame: pd.DataFrame
    raw: bytes | None
    rows_in: int
    rows_other: int
    unplaced: pd.DataFrame = field(default_factory=pd.DataFrame)


#: Characters ``str.splitlines`` breaks on but ``bytes.splitlines`` does not.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _raw_lines(path: Path, frame: pd.DataFrame, keep: pd.Index) -> bytes | None:
    """Header + the kept records, byte for byte (a record may span lines)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(c in text for c in _OTHER_BREAKS):  # the reader's line numbers differ
        return None
    lines = raw.splitlines(keepends=True)
    starts = sorted(int(i) for i in frame.index)
    head = int(frame.attrs.get("baris_header", 0)) + 1
    nxt = dict(zip(starts, [*starts[1:], len(lines) + 1], strict=True))
    out = [ln if ln.endswith(b"\n") else ln + b"\n" for ln in lines[:head]]
    for s in sorted(int(i) for i in keep):
        chunk = b"".join(lines[s - 1 : nxt[s] - 1])
        out.append(chunk if chunk.endswith(b"\n") else chunk + b"\n")
    return b"".join(out)


def slice_file(
    file: SnapshotFile, kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN
) -> Slice:
    """Keep the rows of one kabupaten of a snapshot file (national or a slice).

    Each row's province + district text is resolved to a Kemendagri code
    (:func:`~kdkmp_analysis.intake.matching.resolve_districts`): the
    kabupaten's rows are kept, other kabupaten/kota counted, and rows that
    cannot be placed listed in :attr:`Slice.unplaced`, so that kept + other +
    unplaced = the file's rows.

    Raises
    ------
    IntakeError
        The file cannot be read (the intake's one-line messages).
    """
    kab = region.as_kabupaten(kabupaten)
    reader = read_locations if file.kind == "lokasi" else read_stats
    df = reader(file.path)
    pairs = df[["district", "province"]].drop_duplicates()
    codes = resolve_districts(pairs["district"], pairs["province"])
    keys = list(zip(pairs["district"], pairs["province"], strict=True))
    lookup = dict(zip(keys, codes, strict=True))
    code = pd.Series(
        [lookup[k] for k in zip(df["district"], df["province"], strict=True)],
        index=df.index,
        dtype="string",
    )
    keep = (code == kab.code).fillna(False).astype(bool)
    unplaced = code.isna().astype(bool)
    name_col = "name" if file.kind == "lokasi" else "village"
    u = df[unplaced]
    empty = (u["district"].str.strip() == "") & (u["province"].str.strip() == "")
    report = pd.DataFrame(
        {
            "berkas": file.path.name,
            "baris_berkas": u.index,
            "provinsi": u["province"],
            "kabupaten_kota": u["district"],
            "kecamatan": u["subdistrict"],
            "nama": u[name_col],
            "alasan": [
                "provinsi dan kabupaten/kota kosong"
                if e
                else "kabupaten/kota tidak dapat dipastikan di register resmi "
                "(nama tidak dikenal atau dipakai lebih dari satu wilayah)"
                for e in empty
            ],
        }
    ).reset_index(drop=True)
    kept = df[keep]
    kept.attrs = dict(df.attrs)
    provenance.tag(kept, source=file.path.name, status="impor")
    return Slice(
        file=file,
        frame=kept,
        raw=_raw_lines(file.path, df, kept.index),
        rows_in=len(df),
        rows_other=int((~keep & ~unplaced).sum()),
        unplaced=report,
    )


@dataclass
class Snapshot:
    """The snapshot's two files, cut to one kabupaten."""

    kabupaten: region.Kabupaten
    lokasi: Slice
    statistik: Slice

    def placement_report(self) -> pd.DataFrame:
        """Rows of either file that could not be placed in a kabupaten/kota."""
        return pd.concat(
            [self.lokasi.unplaced, self.statistik.unplaced], ignore_index=True
        )

    def write(self, out: str | Path) -> dict[str, Path]:
        """Write the two slices and ``tidak_terpetakan.csv`` to ``out``."""
        out = documents.output_dir(Path(out))
        files: dict[str, Path] = {}
        for kind, sl in (("lokasi", self.lokasi), ("statistik", self.statistik)):
            path = out / file_name(kind, self.kabupaten)
            if sl.raw is not None:
                with documents.atomic(path) as tmp:
                    Path(tmp).write_bytes(sl.raw)
            else:
                documents.write_csv(sl.frame, path, index=False)
            _record(
                path.name,
                documents.sha256_file(path),
                f"potongan dari {sl.file.path.name}",
            )
            files[kind] = path
        files["tidak_terpetakan"] = out / "tidak_terpetakan.csv"
        documents.write_csv(
            self.placement_report(), files["tidak_terpetakan"], index=False
        )
        return files


def read_snapshot(
    kabupaten: region.Kabupaten | str = config.DEFAULT_KABUPATEN,
    path: str | Path | None = None,
    *,
    download: bool = False,
    required: bool = False,
) -> Snapshot | None:
    """The snapshot cut to one kabupaten, or None when it is not at hand.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        The kabupaten.
    path : str or Path, optional
        A folder holding the files (step 1 of the lookup).
    download : bool
        Allow the pinned download into the cache (never with ``KDKMP_OFFLINE=1``).
    required : bool
        Raise :class:`SnapshotError` instead of returning None.

    Raises
    ------
    SnapshotError
        A hash mismatch; a file missing when ``required``.
    IntakeError
        A file that cannot be read.
    """
    kab = region.as_kabupaten(kabupaten)
    found = {}
    for kind in KINDS:
        f = locate_snapshot_file(kind, kab, path, download=download)
        if f is None:
            if required:
                raise _not_found(kind, kab, download)
            return None
        found[kind] = f
    return Snapshot(
        kab, slice_file(found["lokasi"], kab), slice_file(found["statistik"], kab)
    )


def import_snapshot(snapshot: Snapshot, *, boundaries: object = None) -> IntakeResult:
    """Run a kabupaten's snapshot rows through the intake (locations + statistics).

    The register's rows whose village statistics joined carry
    ``sumber_simkopdes`` (:func:`snapshot_source`).

    Raises
    ------
    IntakeError
        No row of the kabupaten in the location file, or the intake's errors.
    """
    kab = snapshot.kabupaten
    if snapshot.lokasi.frame.empty:
        raise SnapshotError(
            f"{snapshot.lokasi.file.path.name} tidak berisi baris {kab.label} "
            f"(dari {angka(snapshot.lokasi.rows_in)} baris)"
        )
    stats = snapshot.statistik.frame
    result = import_simkopdes(
        snapshot.lokasi.frame,
        None if stats.empty else stats,
        kab,
        boundaries=boundaries,
        export_date=snapshot_date(),
    )
    st = result.stats_report
    joined = st.loc[st["tergabung"], "kode_desa"] if len(st) else []
    reg = result.register
    reg.loc[reg["kode_desa"].isin(joined), "sumber_simkopdes"] = snapshot_source()
    return result


def download_snapshot(
    kabupaten: region.Kabupaten | str,
    out: str | Path,
    source: str | Path | None = None,
) -> tuple[Snapshot, IntakeResult, list[str]]:
    """``kdkmp unduh-simkopdes``: find/download, cut, write, import.

    Parameters
    ----------
    kabupaten : Kabupaten or str
        The kabupaten.
    out : str or Path
        Output folder: the two slices, ``tidak_terpetakan.csv`` and the
        intake's files (``register.csv``, ``match_report.*``, …).
    source : str or Path, optional
        A folder already holding the files.

    Returns
    -------
    tuple
        ``(snapshot, intake result, lines)``; ``lines`` are what the command
        prints (Indonesian): snapshot date, counts, files.
    """
    kab = region.as_kabupaten(kabupaten)
    out = documents.output_dir(Path(out))
    snap = read_snapshot(kab, source, download=True, required=True)
    assert snap is not None
    result = import_snapshot(snap)
    written = snap.write(out)
    files = result.write(out)
    pin = _national("lokasi")
    lines = [
        f"Snapshot SIMKOPDES {_date_words(False)} ({snapshot_date()}; "
        f"{pin.repo}@{pin.commit[:7]}; repositori tanpa lisensi)",
    ]
    for kind, sl in (("lokasi", snap.lokasi), ("statistik", snap.statistik)):
        lines.append(
            f"{_WHAT[kind]} {sl.file.path.name} ({sl.file.origin}, hash "
            f"{sl.file.check}): {angka(sl.rows_in)} baris, {angka(len(sl.frame))} "
            f"milik {kab.label}, {angka(sl.rows_other)} kabupaten/kota lain, "
            f"{angka(len(sl.unplaced))} tidak terpetakan"
        )
    reg = result.register
    lines.append(
        f"Register: {angka(len(reg))} koperasi; NIB {angka(int(reg['nib'].sum()))}, "
        f"NPWP {angka(int(reg['npwp'].sum()))}, akun SIMKOPDES "
        f"{angka(int(reg['akun_simkopdes'].sum()))}, bertransaksi "
        f"{angka(int((reg['transaksi_nilai_rp'].fillna(0) > 0).sum()))}"
    )
    lines.append(result.summary_text())
    lines += [f"→ {p}" for p in (*written.values(), files["register"], files["report"])]
    return snap, result, lines
