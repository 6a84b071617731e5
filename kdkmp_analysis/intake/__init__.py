"""Intake of real data: SIMKOPDES exports and Dinas spreadsheets → the register.

The planners' own data is messy. This package reads it, matches every row to
the official Kemendagri codes of :func:`kdkmp_analysis.region.load_desa`,
checks its coordinates, and builds a register (:data:`register.SCHEMA`,
already valid for :func:`kdkmp_analysis.register.coerce_register`) together
with a **match report that loses nothing**: one row per input row, whatever
happened to it.

Modules, in the order a row passes through them
------------------------------------------------
:mod:`~kdkmp_analysis.intake.tables`
    CSV/XLSX readers: encodings (UTF-8 with or without BOM, UTF-16, cp1252,
    latin-1), ``,``/``;``/tab separators, headers below title rows, heading
    aliases; Indonesian and English numbers; :class:`IntakeError`.
:mod:`~kdkmp_analysis.intake.names`
    SIMKOPDES name normalisation: cooperative prefixes, trailing
    kecamatan/kabupaten/province words, comparison keys.
:mod:`~kdkmp_analysis.intake.matching`
    How a row is matched to a desa code: kecamatan first, then *exact*,
    *fuzzy*, *ambiguous*, *unmatched*, *conflict*; rows of another
    kabupaten/kota (*other-kabupaten*) and district texts → codes.
:mod:`~kdkmp_analysis.intake.coordinates`
    Coordinate checks (missing, not numeric, outside Indonesia, flipped,
    swapped, outside kabupaten/kecamatan/desa, duplicates) and suggested
    fixes; the point-in-desa locator.
:mod:`~kdkmp_analysis.intake.simkopdes`
    :func:`import_simkopdes`: the location file and the village statistics
    (joined by name within kecamatan) → register + report.
:mod:`~kdkmp_analysis.intake.dinas`
    The Dinas template (:func:`write_template`, :func:`template_frame`) and
    :func:`import_dinas`.
:mod:`~kdkmp_analysis.intake.outlets`
    Existing BUMN outlets (pangkalan LPG, SPBU, kios pupuk, agen bank, RPK):
    :func:`read_outlets` → a layer with its source + a report per row;
    :func:`apply_outlets` fills ``jarak_spbu_km`` and ``pangkalan_lpg_di_desa``.
:mod:`~kdkmp_analysis.intake.report`
    :class:`IntakeResult` and its files: CSV, one workbook and one page
    (:mod:`kdkmp_analysis.documents`).
:mod:`~kdkmp_analysis.intake.snapshot`
    The public SIMKOPDES snapshot (danylaksono/kopdes-report, pinned in
    ``data/simkopdes_manifest.csv``): found, hash-checked, cut to one
    kabupaten and imported (``kdkmp unduh-simkopdes``).
:mod:`~kdkmp_analysis.intake.sample`
    :func:`default_register` (the snapshot where at hand + the ``ilustrasi``
    scenario), :func:`load_register`, :func:`partner_facts`, and
    :func:`sample_export`: an ``ilustrasi`` export with known faults.

Examples
--------
>>> from kdkmp_analysis import intake
>>> lokasi, statistik = intake.sample_export("35.14", seed=1)
>>> hasil = intake.import_simkopdes(lokasi, statistik, kabupaten="35.14")
>>> len(hasil.report) == len(lokasi)
True
"""

from kdkmp_analysis.intake import names
from kdkmp_analysis.intake.coordinates import COORDINATE_FLAGS, check_coordinates
from kdkmp_analysis.intake.dinas import import_dinas, template_frame, write_template
from kdkmp_analysis.intake.matching import (
    MATCH_STATUS,
    match_names,
    national_desa,
    resolve_districts,
    score_names,
)
from kdkmp_analysis.intake.outcomes import (
    OutcomeImport,
    append_history,
    apply_outcomes,
    import_outcomes,
    read_history,
    read_outcomes,
)
from kdkmp_analysis.intake.outlets import (
    OutletResult,
    apply_outlets,
    import_outlets,
    read_outlets,
)
from kdkmp_analysis.intake.report import REPORT_LABELS, IntakeResult
from kdkmp_analysis.intake.sample import (
    default_register,
    load_register,
    partner_facts,
    sample_export,
)
from kdkmp_analysis.intake.simkopdes import (
    LOCATION_COLUMNS,
    STATS_COLUMNS,
    import_simkopdes,
    read_locations,
    read_stats,
)
from kdkmp_analysis.intake.snapshot import (
    SnapshotError,
    download_snapshot,
    import_snapshot,
    read_snapshot,
)
from kdkmp_analysis.intake.tables import (
    IntakeError,
    parse_dinas_numbers,
    parse_numbers,
    read_table,
)

__all__ = [
    "COORDINATE_FLAGS",
    "IntakeError",
    "IntakeResult",
    "LOCATION_COLUMNS",
    "MATCH_STATUS",
    "OutcomeImport",
    "OutletResult",
    "REPORT_LABELS",
    "STATS_COLUMNS",
    "SnapshotError",
    "append_history",
    "apply_outcomes",
    "apply_outlets",
    "check_coordinates",
    "default_register",
    "download_snapshot",
    "import_dinas",
    "import_outcomes",
    "import_outlets",
    "import_simkopdes",
    "import_snapshot",
    "load_register",
    "match_names",
    "names",
    "national_desa",
    "parse_dinas_numbers",
    "parse_numbers",
    "partner_facts",
    "read_history",
    "read_locations",
    "read_outcomes",
    "read_snapshot",
    "read_outlets",
    "read_stats",
    "read_table",
    "resolve_districts",
    "sample_export",
    "score_names",
    "template_frame",
    "write_template",
]
