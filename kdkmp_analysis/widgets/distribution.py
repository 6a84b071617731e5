"""Interactive explorer of the distribution model (ipywidgets).

:class:`DistributionExplorer` puts four controls — partner scenario and
number of partners, rice cap per partner, channel share, commodity — over
:func:`kdkmp_analysis.distribution.simulate`; every change re-runs the
52-week scenario (siting included) and redraws a summary and a chart of
coverage by kecamatan, well under a second. The explorer is a plain object
holding its widgets, so tests drive it without a browser: set
``explorer.controls["jumlah_mitra"].value`` and read ``explorer.result``,
``explorer.summary.value`` or ``explorer.chart.value`` (PNG bytes).

:func:`kdkmp_analysis.handouts.charts.plot_coverage` draws its chart (the
same chart the notebook and reports show).
"""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING, Any

from kdkmp_analysis import distribution as ds
from kdkmp_analysis import params
from kdkmp_analysis._format import angka
from kdkmp_analysis.errors import KdkmpError
from kdkmp_analysis.handouts.charts import plot_coverage, png

if TYPE_CHECKING:
    pass

__all__ = ["DistributionExplorer"]

_MODES = [
    ("Mitra terpilih (penempatan)", "sited"),
    ("Semua koperasi siap", "ready"),
    ("Mitra Bulog saat ini", "current"),
]


class DistributionExplorer:
    """Sliders over the weekly distribution model.

    Parameters
    ----------
    network : Network
        From :func:`kdkmp_analysis.distribution.prepare`.
    n_partners : int
        Starting number of partners (sited scenario).
    mode : {"sited", "ready", "current"}
        Starting partner scenario.
    commodity : str
        Starting commodity.
    include_unassessed : bool
        Count cooperatives whose Bulog readiness cannot be assessed as ready
        (:attr:`kdkmp_analysis.distribution.Scenario.include_unassessed`);
        the summary says so. Without it, a scenario the register cannot
        support shows its reason instead of figures.

    Attributes
    ----------
    controls : dict
        ``skenario``, ``jumlah_mitra``, ``batas_beras``, ``porsi``,
        ``komoditas`` (ipywidgets).
    summary : ipywidgets.HTML
        Indonesian summary of the last run.
    chart : ipywidgets.Image
        PNG of :func:`plot_coverage` of the last run.
    result : SimulationResult or None
        The last run.
    seconds : float
        Wall time of the last refresh.
    widget : ipywidgets.VBox
        Everything, for display.
    """

    def __init__(
        self,
        network: ds.Network,
        *,
        n_partners: int = 30,
        mode: str = "sited",
        commodity: str = "beras",
        include_unassessed: bool = False,
    ) -> None:
        import ipywidgets as w

        self.network = network
        self.include_unassessed = include_unassessed
        kop = network.koperasi
        n_fixed = int(kop["mitra_bulog"].fillna(False).sum())
        n_cand = int(
            (
                kop["siap_bulog"].fillna(include_unassessed)
                | kop["mitra_bulog"].fillna(False)
            ).sum()
        )
        style = {"description_width": "170px"}
        layout = w.Layout(width="520px")
        self.controls: dict[str, Any] = {
            "skenario": w.Dropdown(
                options=_MODES,
                value=mode,
                description="Mitra",
                style=style,
                layout=layout,
            ),
            "jumlah_mitra": w.IntSlider(
                value=min(max(n_partners, n_fixed), n_cand),
                min=max(n_fixed, 1),
                max=max(n_cand, n_fixed, 1),
                step=1,
                description="Jumlah mitra (penempatan)",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "batas_beras": w.FloatSlider(
                value=float(params.value("bulog.batas_beras_per_mitra_t_minggu")),
                min=0.5,
                max=3.0,
                step=0.5,
                description="Batas beras (t/minggu/mitra)",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "kuota": w.Dropdown(
                options=[
                    *((ds.presets.quota(k).name, k) for k in ds.presets.QUOTA_KEYS),
                    ("Atur sendiri (penggeser batas beras)", "manual"),
                ],
                value=ds.presets.local_quota(network.kabupaten.code)[0].key,
                description="Kuota cabang Bulog",
                style=style,
                layout=layout,
            ),
            "porsi": w.FloatSlider(
                value=float(params.value("distribusi.porsi_saluran")),
                min=0.01,
                max=0.20,
                step=0.001,
                readout_format=".1%",
                description="Porsi kebutuhan (saluran)",
                style=style,
                layout=layout,
                continuous_update=False,
            ),
            "komoditas": w.Dropdown(
                options=[(ds.commodity(c).label, c) for c in ds.COMMODITIES],
                value=commodity,
                description="Komoditas",
                style=style,
                layout=layout,
            ),
        }
        self.summary = w.HTML()
        self.chart = w.Image(format="png")
        self.result: ds.SimulationResult | None = None
        self.seconds = 0.0
        for c in self.controls.values():
            c.observe(self._on_change, names="value")
        self.widget = w.VBox([*self.controls.values(), self.summary, self.chart])

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def scenario(self) -> ds.Scenario:
        """The scenario the controls describe."""
        v = {k: c.value for k, c in self.controls.items()}
        mode = v["skenario"]
        name = dict((b, a) for a, b in _MODES)[mode]
        if mode == "sited":
            name = f"{v['jumlah_mitra']} mitra terpilih"
        if self.include_unassessed and mode != "current":
            name += " (+ belum dinilai)"
        return ds.Scenario(
            name=name,
            partners=mode,
            n_partners=int(v["jumlah_mitra"]) if mode == "sited" else None,
            cap_rice_t=float(v["batas_beras"]) if v["kuota"] == "manual" else None,
            quota=None if v["kuota"] == "manual" else v["kuota"],
            share=float(v["porsi"]),
            include_unassessed=self.include_unassessed,
        )

    def refresh(self) -> ds.SimulationResult:
        """Re-run the scenario and redraw summary and chart."""
        t0 = time.perf_counter()
        self.controls["jumlah_mitra"].disabled = (
            self.controls["skenario"].value != "sited"
        )
        self.controls["batas_beras"].disabled = self.controls["kuota"].value != "manual"
        key = self.controls["komoditas"].value
        try:
            res = ds.simulate(self.network, self.scenario())
        except KdkmpError as exc:
            self.summary.value = f"<b>Galat:</b> {html.escape(str(exc))}"
            raise
        self.result = res
        self.summary.value = self.summary_html(res, key)
        self.chart.value = png(plot_coverage(res, key))
        self.seconds = time.perf_counter() - t0
        return res

    @staticmethod
    def summary_html(res: ds.SimulationResult, commodity: str) -> str:
        """Indonesian summary of a run: people reached, coverage, unmet, where."""
        s = res.ringkasan
        c = ds.commodity(commodity)
        weeks = s["minggu"]
        k = res.kecamatan[res.kecamatan["komoditas"] == commodity]
        worst = k.sort_values("tak_terpenuhi", ascending=False).head(3)
        km = res.plan.knobs["max_km"]
        worst_txt = ", ".join(
            f"{html.escape(r.nama_kecamatan)} "
            f"({angka(r.tak_terpenuhi / weeks, 1)} {c.unit}/minggu)"
            for r in worst.itertuples()
        )
        return (
            f"<div style='font-size:14px'><b>{html.escape(str(s['skenario']))}</b>: "
            f"{s['jumlah_mitra']} mitra; {html.escape(ds.ACCESS_LABEL)} "
            f"dalam {angka(km, 0 if float(km).is_integer() else 1)} km: "
            f"<b>{angka(s['penduduk_terjangkau'])} jiwa</b> "
            f"({angka(s['persen_penduduk_terjangkau'], 1)} % penduduk kabupaten, "
            "akses).<br>"
            f"{html.escape(c.label)}: kebutuhan rumah tangga kabupaten "
            f"{angka(s[f'kebutuhan_rt_{commodity}_{c.unit}'] / weeks, 1)} "
            f"{c.unit}/minggu; permintaan saluran koperasi "
            f"{angka(s[f'permintaan_saluran_{commodity}_{c.unit}'] / weeks, 1)} "
            f"{c.unit}/minggu; tersalur "
            f"{angka(s[f'tersalur_{commodity}_{c.unit}'] / weeks, 1)} {c.unit}/minggu "
            f"= <b>{html.escape(ds.coverage_text(s, commodity))}</b>; tak terpenuhi "
            f"{angka(s[f'tak_terpenuhi_{commodity}_{c.unit}'] / weeks, 1)} "
            f"{c.unit}/minggu (dari permintaan saluran).<br>"
            f"Kekurangan terbesar: {worst_txt}. Pembatas: "
            f"<b>{html.escape(s.get(f'pembatas_{commodity}', '-'))}</b>.<br>"
            f"Angkutan: {angka(s['rit'] / weeks)} rit dan "
            f"{angka(s['ton_km'] / weeks)} ton-km per minggu; penugasan: "
            f"{html.escape(str(s['penugasan']))}.<br>"
            f"Kuota: {html.escape(str(s['kuota_cabang_teks']))}; "
            f"{html.escape(str(s['harga_sphp']))}; alokasi beras "
            f"{html.escape(str(s['alokasi_beras_teks']))}; "
            f"{html.escape(str(s['kalender']))}.<br>"
            f"<small>{html.escape(s['keterangan'])}</small></div>"
        )

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        from IPython.display import display

        if self.result is None:
            self.refresh()
        display(self.widget)
