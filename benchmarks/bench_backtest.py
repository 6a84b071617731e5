"""Back-test of the distribution model (issue 12 §5): model vs published, side by side.

Run from the project root::

    KDKMP_DATA_DIR=../shared/data/boundaries KDKMP_OFFLINE=1 \\
        KDKMP_SIMKOPDES_DIR=../shared/data/simkopdes \\
        .venv/bin/python benchmarks/bench_backtest.py

Prints, per check of :func:`kdkmp_analysis.distribution.backtest.backtest`,
the published figure beside the model's low / central / high value (channel
share band ``distribusi.porsi_saluran``), the ratio model ÷ published (for
the SIMKOPDES check: published ÷ weekly model sales = "setara N minggu"),
whether the central value is within the stated factor, what each check means
(Indonesian) and how long the back-test took. Asserts nothing: the promise is
held by ``tests/unit/test_backtest.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import timed

from kdkmp_analysis._format import angka
from kdkmp_analysis.distribution import backtest as bt


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(
        c.rjust(w) if i else c.ljust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def main() -> None:
    """Print the back-test table, the ratios and the timing."""
    df, best, median = timed(bt.backtest, repeat=3)
    heads = ["uji", "terbit", "model rendah", "model tengah", "model tinggi", "satuan"]
    widths = [20, 10, 13, 13, 13, 24]
    print("Uji balik model distribusi (issue 12 §5): model vs angka terbit\n")
    print(_row(heads, widths))
    for _, r in df.iterrows():
        cells = [
            str(r["kunci"]),
            angka(float(r["terbit"]), 1),
            *(angka(float(r[f"model_{b}"]), 1) for b in bt.BANDS),
            "t/periode" if r["satuan_model"] != "t/minggu" else "t/minggu (model)",
        ]
        print(_row(cells, widths))
    print("\nRasio model ÷ terbit (rendah / tengah / tinggi)")
    for _, r in df.iterrows():
        if r["satuan_model"] == "t/minggu":
            weeks = " / ".join(
                angka(float(r[f"setara_minggu_{b}"]), 1) for b in bt.BANDS
            )
            print(
                f"  {r['kunci']}: setara {weeks} minggu penjualan model (uji kewajaran)"
            )
            continue
        ratios = [float(r[f"rasio_{b}"]) for b in bt.BANDS]
        inside = 1 / bt.FACTOR <= ratios[1] <= bt.FACTOR
        print(
            f"  {r['kunci']}: "
            + " / ".join(angka(x, 2) for x in ratios)
            + f"  → tengah {'dalam' if inside else 'DI LUAR'} faktor "
            f"{angka(bt.FACTOR, 1)} (porsi {angka(100 * float(r['porsi_nilai']), 1)} %)"
        )
    print("\nMakna\n")
    print(bt.backtest_text(df))
    print(f"\nWaktu uji balik: terbaik {best:.2f} s, median {median:.2f} s (3 kali)")


if __name__ == "__main__":
    main()
