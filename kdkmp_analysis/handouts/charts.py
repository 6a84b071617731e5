"""Charts of the distribution model for notebooks, reports and the explorer.

Matplotlib ``Figure`` objects (no pyplot state): coverage by kecamatan of one
scenario (:func:`plot_coverage`) and the Monte Carlo bands (:func:`plot_bands`);
:func:`png` turns a figure into PNG bytes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np

from kdkmp_analysis import distribution as ds

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["plot_bands", "plot_coverage", "png"]


def plot_coverage(result: ds.SimulationResult, commodity: str = "beras") -> Figure:
    """Bar chart: coverage % and unmet demand by kecamatan for one commodity.

    Parameters
    ----------
    result : SimulationResult
        From :func:`kdkmp_analysis.distribution.simulate`.
    commodity : str
        ``beras``, ``minyak_goreng`` or ``gula``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    c = ds.commodity(commodity)
    k = result.kecamatan[result.kecamatan["komoditas"] == commodity].sort_values(
        "cakupan_persen"
    )
    fig = Figure(figsize=(9, 6.5), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2, sharey=True, width_ratios=[3, 2])
    y = np.arange(len(k), dtype=float)
    words = ds.household_base(commodity)
    ax1.barh(
        y - 0.2,
        k["persen_kebutuhan_rt"],
        height=0.4,
        color="#08519c",
        label=f"% {words}",
    )
    ax1.barh(
        y + 0.2,
        k["cakupan_persen"],
        height=0.4,
        color="#9ecae1",
        label=f"% {ds.BASE_CHANNEL}",
    )
    ax1.set_yticks(y, k["nama_kecamatan"], fontsize=8)
    ax1.set_xlim(0, 100)
    ax1.set_xlabel("Tersalur (% dari kebutuhan RT / % dari permintaan saluran)")
    ax1.legend(loc="lower right", fontsize=6, framealpha=0.9)
    weeks = result.ringkasan["minggu"]
    ax2.barh(y, k["tak_terpenuhi"] / weeks, color="#de2d26")
    ax2.set_xlabel(f"Tak terpenuhi dari permintaan saluran ({c.unit}/minggu)")
    s = result.ringkasan
    fig.suptitle(
        f"{c.label}: {s['skenario']} — {s['jumlah_mitra']} mitra\n"
        "kabupaten: " + ds.coverage_text(s, commodity).replace("; ", ";\n"),
        fontsize=10,
    )
    _footer(fig, s["keterangan"])
    return fig


def plot_bands(mc: ds.MonteCarloResult, commodity: str = "beras") -> Figure:
    """Weekly delivered amount with its P10–P90 band and the P50 line.

    Parameters
    ----------
    mc : MonteCarloResult
        From :func:`kdkmp_analysis.distribution.monte_carlo`.
    commodity : str
        Commodity key.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    c = ds.commodity(commodity)
    w = mc.mingguan[mc.mingguan["komoditas"] == commodity]
    fig = Figure(figsize=(9, 4), layout="constrained")
    ax = fig.subplots()
    ax.fill_between(
        w["minggu"],
        w["tersalur_p10"],
        w["tersalur_p90"],
        color="#9ecae1",
        label="tersalur P10–P90",
    )
    ax.plot(w["minggu"], w["tersalur_p50"], color="#08519c", label="tersalur P50")
    ax.plot(
        w["minggu"],
        w["permintaan_p50"],
        color="#636363",
        ls="--",
        label="permintaan saluran koperasi (P50)",
    )
    ax.set_xlabel("Minggu")
    ax.set_ylabel(f"{c.label} ({c.unit}/minggu)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(
        f"{c.label} per minggu — {mc.plan.scenario.name} ({mc.runs} ulangan)",
        fontsize=11,
    )
    _footer(fig, mc.mingguan.attrs.get("keterangan", ""))
    return fig


def _footer(fig: Figure, text: str) -> None:
    """Data label under the axes (room kept free by the layout engine)."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.set(rect=(0, 0.045, 1, 0.955))  # type: ignore[call-arg]
    fig.text(0.01, 0.008, text, fontsize=6.5, color="#555555", wrap=True)


def png(fig: Figure, dpi: int = 80) -> bytes:
    """PNG bytes of a figure (for ``IPython.display.Image`` and the explorer)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
