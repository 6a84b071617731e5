"""An ipywidgets explorer over the partnership gaps (notebook 04).

Pick a partner programme and a kecamatan; the explorer shows the gap row,
the requirement-by-requirement readiness matrix, the ranked candidate list
and a map (through :mod:`kdkmp_analysis.forum` and
:mod:`kdkmp_analysis.maps`). The logic lives in :mod:`kdkmp_analysis.gaps`
and :mod:`kdkmp_analysis.forum`; this module only wires widgets to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from kdkmp_analysis import forum as forum_mod
from kdkmp_analysis import gaps, handouts

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["SEMUA", "GapExplorer"]

#: Kecamatan option meaning "the whole kabupaten".
SEMUA = "(semua kecamatan)"


class GapExplorer:
    """Programme × kecamatan explorer of the partnership gaps.

    Parameters
    ----------
    forum : kdkmp_analysis.forum.Forum
        Output of :func:`kdkmp_analysis.forum.build_forum`.
    kecamatan_polygons, desa_polygons : geopandas.GeoDataFrame, optional
        Polygons for the map; without kecamatan polygons no map is drawn.
    show_map : bool
        Draw the map on every change (False keeps the explorer fast).
    rows : int
        Candidates shown.

    Attributes
    ----------
    program, kecamatan : ipywidgets.Dropdown
        The two choices.
    widget : ipywidgets.VBox
        What to display in the notebook.
    current : dict of str to pandas.DataFrame
        The tables last shown (``kesenjangan``, ``matriks``, ``kandidat``).
    last_map : folium.Map or None
        The map last shown.
    """

    def __init__(
        self,
        forum: forum_mod.Forum,
        *,
        kecamatan_polygons: gpd.GeoDataFrame | None = None,
        desa_polygons: gpd.GeoDataFrame | None = None,
        show_map: bool = True,
        rows: int = 15,
    ) -> None:
        import ipywidgets as w

        self.forum = forum
        self.kecamatan_polygons = kecamatan_polygons
        self.desa_polygons = desa_polygons
        self.show_map = show_map
        self.rows = rows
        progs = gaps.load_programmes()
        options = [
            (progs[k].singkat + " — " + progs[k].nama_mitra, k)
            for k in forum.candidates
        ]
        kec = sorted(set(forum.register["nama_kecamatan"].dropna()))
        self.program = w.Dropdown(
            options=options, description="Program:", layout=w.Layout(width="420px")
        )
        self.kecamatan = w.Dropdown(
            options=[SEMUA, *kec],
            description="Kecamatan:",
            layout=w.Layout(width="320px"),
        )
        self._out_gap = w.Output()
        self._out_matrix = w.Output()
        self._out_cand = w.Output()
        # The map goes into an HTML widget (an iframe), not an Output widget:
        # headless executors (nbclient/papermill) stall on large outputs
        # captured by an Output widget from a callback.
        self._map = w.HTML()
        self.current: dict[str, pd.DataFrame] = {}
        self.last_map: Any = None
        note = w.HTML(
            f"<b style='color:#9c0006'>{forum.data_note}</b>"
            if forum.is_illustrative
            else f"<i>{forum.data_note}</i>"
        )
        self.widget = w.VBox(
            [
                note,
                w.HBox([self.program, self.kecamatan]),
                w.HTML("<h4>Kesenjangan</h4>"),
                self._out_gap,
                w.HTML("<h4>Matriks kesiapan (per syarat)</h4>"),
                self._out_matrix,
                w.HTML("<h4>Kandidat untuk forum</h4>"),
                self._out_cand,
                self._map,
            ]
        )
        self.program.observe(self._changed, names="value")
        self.kecamatan.observe(self._changed, names="value")
        self.refresh()

    def _changed(self, _change: dict) -> None:
        self.refresh()

    def tables(self, program: str, kecamatan: str | None) -> dict[str, pd.DataFrame]:
        """The three tables for one choice (no display).

        Parameters
        ----------
        program : str
            Programme key.
        kecamatan : str or None
            Kecamatan name, or ``None``/:data:`SEMUA` for the whole kabupaten.

        Returns
        -------
        dict of str to pandas.DataFrame
            ``kesenjangan`` (gap rows; ``<NA>`` partner figures written as
            *tidak diketahui* / *tidak berlaku* by
            :func:`kdkmp_analysis.gaps.label_unknown`), ``matriks`` (requirement
            outcomes per
            cooperative), ``kandidat`` (ranked candidates).
        """
        kec = None if kecamatan in (None, SEMUA) else kecamatan
        f = self.forum
        gap = f.gaps[f.gaps["program"] == program]
        matrix = gaps.requirement_table(
            f.register, program, strict=bool(f.readiness.attrs.get("strict"))
        )
        cand = f.candidates[program]
        if kec is not None:
            gap = gap[gap["nama_kecamatan"] == kec]
            matrix = matrix[matrix["nama_kecamatan"] == kec]
            cand = cand[cand["nama_kecamatan"] == kec]
        matrix = matrix.drop(
            columns=["koperasi_id", "kode_desa", "kode_kecamatan", "nama_koperasi"]
        )
        return {
            # unknown partner figures read "tidak diketahui"/"tidak berlaku", never 0
            "kesenjangan": gaps.label_unknown(gap).drop(
                columns=["program", "nama_program"]
            ),
            "matriks": matrix.reset_index(drop=True),
            "kandidat": cand.drop(
                columns=["koperasi_id", "kode_kecamatan"]
            ).reset_index(drop=True),
        }

    def refresh(self) -> None:
        """Recompute and redisplay for the current choices."""
        from IPython.display import display

        prog = self.program.value
        kec = self.kecamatan.value
        self.current = self.tables(prog, kec)
        for out, key, n in (
            (self._out_gap, "kesenjangan", None),
            (self._out_matrix, "matriks", 30),
            (self._out_cand, "kandidat", self.rows),
        ):
            out.clear_output(wait=True)
            with out:
                df = self.current[key]
                display(df if n is None else df.head(n))
                if n is not None and len(df) > n:
                    print(f"… {len(df) - n} baris lagi (lihat buku kerja forum)")
        if not self.show_map or self.kecamatan_polygons is None:
            self.last_map = None
            self._map.value = ""
            return
        if kec == SEMUA:
            self.last_map = handouts.gap_map(
                self.forum,
                prog,
                self.kecamatan_polygons,
                desa_polygons=self.desa_polygons,
            )
        else:
            self.last_map = handouts.readiness_points_map(
                self.forum,
                prog,
                nama_kecamatan=kec,
                kecamatan_polygons=self.kecamatan_polygons,
                desa_polygons=self.desa_polygons,
            )
        from kdkmp_analysis import maps

        # Leaflet inlined: the explorer's map also works without internet
        self._map.value = maps.embed(self.last_map)._repr_html_()
