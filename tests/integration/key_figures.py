"""Key figures of the default build, recorded from the code as it was.

History of the recording (each re-recording is a deliberate change of the
default figures, explained in its commit and the issue's closing note):

* before the re-house (issue 10): the re-house had to leave them unchanged;
* after issue 11 ("Real data in"): population from BPS kecamatan figures
  (1,634,022 instead of Kepmendagri's 1,665,922 spread by area), the default
  register's NIB/NPWP/account/RAT/transactions and points from the public
  SIMKOPDES snapshot (5 Aug 2026; Tosari 0 of 8 with NIB, so "all ready"
  reaches 357 of 365 desa), people without a partner counted once (new
  candidate order), the "Data yang masih kurang" page and the prefilled
  template (54 HTML, 5 XLSX). Readiness counts did not change.
* after issue 12 ("Distribution model v2"): only the distribution scenarios
  changed — the channel share is the anchored 6.7 % (not the circular 30 %),
  the rice allocation 163.5 t/week pro rata to the SPHP target (not 503),
  cut in the 2026 harvest weeks; partners hold stock and cash under the
  branch quota preset (2 t/week); a new scenario under Serang's 0.5 t/week.
  The 30 sited partners deliver 3,059 t (2.46 % of household need, 36.7 % of
  channel demand) instead of 3,120 t (8.4 % of the circular channel demand);
  "all ready" 7,161 t instead of 26,156 t. Readiness, gaps, candidates and
  files did not change.
* during issue 14 ("Forum-ready"): only the build's file counts — 420 HTML
  (was 54: one card per cooperative, 365, plus the cards' index) and 11 PNG
  (was 3: the deck's gap map per programme). Figures did not change.
* during issue 15 ("After the forum"): 421 HTML — ``kemajuan.html`` is in
  every build (``tindak-lanjut.html`` only with a history). Figures did not
  change.
* during issue 13 ("Where partners and trucks go"): the forum's candidate
  order — Bulog by the marginal rice demand served (the siting's greedy),
  the other programmes by the people newly within road reach of no partner or
  outlet, counted once (before: the people of the desa and its touching
  neighbours); readiness still ranks first. The sited scenarios choose
  partners by served demand (tie-break: channel demand newly in reach): rice
  delivered unchanged (3,059 t; 780 t under Serang's quota), 301 desa in reach
  instead of 304, cooking oil delivered 617.5 kl instead of 593.7, ton-km
  103,819 instead of 101,955, trips 7,272 instead of 7,105. Readiness, gaps
  and files did not change.

``python tests/integration/key_figures.py --record BUILD_DIR`` writes
``data/key_figures_default.json`` from the analyses of the embedded default
data and the files of a default build in ``BUILD_DIR``;
``test_behaviour_preserved.py`` recomputes the same figures and asserts they
are unchanged. The file is data recorded from the code as it was: it is not
edited by hand.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "data" / "key_figures_default.json"

#: A point feature in a page's embedded GeoJSON (one per drawn marker), also
#: inside an ``<iframe srcdoc>`` where the quotes are HTML-escaped.
_MARKER = re.compile(r'(?:"|&quot;)type(?:"|&quot;):\s*(?:"|&quot;)Point(?:"|&quot;)')


def _rounded(value: Any) -> Any:
    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if value != value else round(value, 6)
    if hasattr(value, "item"):
        return _rounded(value.item())
    return value


def analysis_figures(an: Any) -> dict[str, Any]:
    """Readiness, gaps, candidates and scenarios of one ``analyse()`` run."""
    fr = an.forum
    ready = fr.readiness.groupby(["program", "kesiapan"]).size().sort_index()
    readiness = {f"{p}|{k}": int(n) for (p, k), n in ready.items()}
    gap_cols = [
        "koperasi",
        "bermitra",
        "siap_belum_bermitra",
        "belum_siap",
        "tidak_dapat_dinilai",
        "syarat_kurang_terbanyak",
    ]
    gaps = {
        f"{r.kode_kecamatan}|{r.program}": [_rounded(getattr(r, c)) for c in gap_cols]
        for r in fr.gaps.itertuples()
    }
    candidates = {k: df["koperasi_id"].tolist() for k, df in fr.candidates.items()}
    scen_cols = [
        "jumlah_mitra",
        "desa_terjangkau",
        "tersalur_beras_t",
        "cakupan_beras_persen",
        "tersalur_minyak_goreng_kl",
        "tersalur_gula_t",
        "ton_km",
        "rit",
        "pembatas_beras",
    ]
    table = an.scenarios
    # recorded per Indonesian label; after the re-house the index is the
    # scenario's stable key and the label is the ``skenario`` column
    labels = table["skenario"] if "skenario" in table.columns else table.index
    scenarios = {
        str(label): [_rounded(table.loc[key, c]) for c in scen_cols]
        for key, label in zip(table.index, labels, strict=True)
    }
    return {
        "readiness": readiness,
        "gaps": gaps,
        "candidates": candidates,
        "scenarios": scenarios,
    }


def build_figures(out: Path) -> dict[str, Any]:
    """Numbers of hand-out files by kind and of markers drawn per map page."""
    files = {
        ext: len([p for p in out.rglob(f"*.{ext}") if p.is_file()])
        for ext in ("html", "xlsx", "pptx", "png")
    }
    markers = {}
    for page in sorted(out.rglob("*.html")):
        n = len(_MARKER.findall(page.read_text(encoding="utf-8")))
        if n:
            markers[page.relative_to(out).as_posix()] = n
    return {"files": files, "markers": markers}


def record(build_dir: Path) -> None:
    from kdkmp_analysis import handouts

    figures = {
        "analyses": analysis_figures(handouts.analyse()),
        "build": build_figures(build_dir),
    }
    BASELINE.write_text(
        json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {BASELINE}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--record":
        sys.exit("usage: key_figures.py --record BUILD_DIR")
    record(Path(sys.argv[2]))
