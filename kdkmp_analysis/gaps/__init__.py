"""Gaps: partnership readiness per programme, gaps by kecamatan, comparing registers.

The planning question: *which cooperative is ready for which partner
programme, who lacks what, where are the gaps, and what changed since the
last import?*

The programme catalogue is data: ``[program.<key>]`` in
``data/parameter.toml``, each requirement with its source. A requirement is
written over a register column (``{kolom = "nib", syarat = "== true"}``) and
is evaluated per cooperative to one of

* ``terpenuhi`` — the register holds the value and it meets the condition;
* ``tidak terpenuhi`` — the register holds the value and it does not;
* ``tidak dapat dinilai`` — the register does not hold the value (column
  absent or ``<NA>``), or the requirement has no register column at all (a
  document such as *KTP pengurus* or *proposal*). Never passed, never failed.

Readiness of a cooperative for a programme (the precedence, in order):

1. any requirement ``tidak terpenuhi`` → **belum siap** (a known failure
   rules the cooperative out whatever the missing data would show; the
   missing data are still listed);
2. else any requirement with a register column but no data → **tidak dapat
   dinilai** (the planner can fill the register);
3. else → **siap**: everything the register can hold is met. Requirements
   without a register column (documents) are listed in
   ``verifikasi_dokumen`` to be checked at the forum. With ``strict=True``
   they count as missing data (step 2) instead, and nobody is ``siap`` for
   a programme that needs a document.

Before step 1, an unknown status that a rule makes certain is inferred and
labelled (:data:`~kdkmp_analysis.gaps.readiness.INFERENCES`): NIB ya ⇒ badan
hukum ya (*disimpulkan dari NIB*: OSS issues a cooperative's NIB only to a
legal entity), KBLI 47763 ya ⇒ NIB ya (the KBLI is part of the NIB), bank
statement ya ⇒ bank account ya. A verdict that rests on an inferred value
names it in ``disimpulkan`` and in ``verifikasi_dokumen`` (checked at the
forum like a document). ``strict=True`` turns inference off.

Partner status comes from the programme's ``mitra_<key>`` column:
``bermitra`` (True), ``belum bermitra`` (False), ``tidak diketahui``
(``<NA>``), or ``tidak berlaku`` for a programme without a partner column
(the Himbara loan).
Unknown partner status is never counted as *not partnered* in the
aggregates: with no status known, the partner counts and population
coverage are ``<NA>`` (*tidak diketahui*), and shares are computed over the
cooperatives whose status is known.

Examples
--------
>>> from kdkmp_analysis import gaps, intake
>>> reg = intake.default_register("35.14")
>>> ready = gaps.readiness(reg)
>>> sorted(ready["kesiapan"].unique())
['belum siap', 'siap', 'tidak dapat dinilai']

Modules
-------
:mod:`~kdkmp_analysis.gaps.catalogue`
    The programme catalogue and the status words.
:mod:`~kdkmp_analysis.gaps.readiness`
    Requirements evaluated per cooperative; readiness per programme.
:mod:`~kdkmp_analysis.gaps.kecamatan`
    Gaps per kecamatan and for the kabupaten; the four categories
    (:func:`gap_categories`: bermitra, siap belum bermitra, belum siap,
    tidak dapat dinilai) with kecamatan ranked per programme.
:mod:`~kdkmp_analysis.gaps.changes`
    What changed between two registers.
"""

from kdkmp_analysis.gaps.catalogue import (
    BELUM_BERMITRA,
    BELUM_SIAP,
    BERMITRA,
    ID_COLUMNS,
    KESIAPAN,
    MITRA_TIDAK_BERLAKU,
    MITRA_TIDAK_DIKETAHUI,
    OPERATORS,
    SIAP,
    STATUS_MITRA,
    TERPENUHI,
    TIDAK_DAPAT_DINILAI,
    TIDAK_TERPENUHI,
    GapsError,
    Programme,
    Requirement,
    load_programmes,
    programme,
    programmes_table,
    select_programmes,
)
from kdkmp_analysis.gaps.changes import (
    PERUBAHAN,
    RegisterChanges,
    compare_registers,
)
from kdkmp_analysis.gaps.kecamatan import (
    DASAR_KATEGORI,
    DASAR_PENDUDUK_DESA,
    DASAR_PENDUDUK_FORUM,
    KATEGORI,
    TIDAK_BERLAKU,
    TIDAK_DIKETAHUI,
    TIDAK_TERSEDIA,
    category_table,
    gap_categories,
    gaps_by_kecamatan,
    label_unknown,
    most_common,
    regency_summary,
)
from kdkmp_analysis.gaps.readiness import (
    INFERENCES,
    Inference,
    evaluate_requirement,
    held_columns,
    infer_statuses,
    prepare_register,
    readiness,
    readiness_matrix,
    readiness_rows,
    requirement_table,
)

__all__ = [
    "BELUM_BERMITRA",
    "BELUM_SIAP",
    "BERMITRA",
    "DASAR_KATEGORI",
    "DASAR_PENDUDUK_DESA",
    "DASAR_PENDUDUK_FORUM",
    "GapsError",
    "ID_COLUMNS",
    "INFERENCES",
    "Inference",
    "KATEGORI",
    "KESIAPAN",
    "MITRA_TIDAK_BERLAKU",
    "MITRA_TIDAK_DIKETAHUI",
    "OPERATORS",
    "PERUBAHAN",
    "Programme",
    "RegisterChanges",
    "Requirement",
    "SIAP",
    "STATUS_MITRA",
    "TERPENUHI",
    "TIDAK_BERLAKU",
    "TIDAK_DAPAT_DINILAI",
    "TIDAK_DIKETAHUI",
    "TIDAK_TERPENUHI",
    "TIDAK_TERSEDIA",
    "category_table",
    "compare_registers",
    "evaluate_requirement",
    "gap_categories",
    "gaps_by_kecamatan",
    "held_columns",
    "infer_statuses",
    "label_unknown",
    "load_programmes",
    "most_common",
    "prepare_register",
    "programme",
    "programmes_table",
    "readiness",
    "readiness_matrix",
    "readiness_rows",
    "regency_summary",
    "requirement_table",
    "select_programmes",
]
