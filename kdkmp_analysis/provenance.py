"""Where a table's data comes from: one small object, read and written here only.

Every table the analyses pass along (a register, the population, the
boundaries and what is derived from them) carries one :class:`Provenance`
under ``attrs["provenance"]``: whether the cooperatives' statuses are the
``ilustrasi`` scenario, where the register comes from, whether the population
and the boundaries are estimates (``perkiraan``). Code reads it with
:func:`of` and writes it with :func:`tag`; a derived table takes it over with
:func:`carry`, so a merge that drops ``attrs`` cannot drop the label. The
register's own ``sumber_status`` column stays the row-level record (see
:func:`kdkmp_analysis.register.is_ilustrasi`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["KEY", "Provenance", "carry", "of", "tag"]

#: The one ``attrs`` key that holds a table's provenance.
KEY = "provenance"


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin of a table's values.

    Attributes
    ----------
    status : str
        The cooperatives' statuses: ``"ilustrasi"`` (the default scenario),
        ``"impor"`` (a planner's file) or ``""`` (not a register).
    source : str
        Where the register comes from, for pages (file and date, or the
        scenario and its seed).
    file_date : str
        Export or file date of an import (``YYYY-MM-DD``), or ``""``.
    population : str
        ``"perkiraan"``, ``"data"`` (the planner's figures) or ``""``.
    boundaries : str
        Source text of the boundary layer, or ``""``.
    boundary_status : str
        ``"perkiraan"`` for the approximate fallback, else the open-data
        status text, or ``""``.
    """

    status: str = ""
    source: str = ""
    file_date: str = ""
    population: str = ""
    boundaries: str = ""
    boundary_status: str = ""


def of(frame: pd.DataFrame | None) -> Provenance:
    """The provenance a table carries (empty when it carries none)."""
    if frame is None:
        return Provenance()
    prov = frame.attrs.get(KEY)
    return prov if isinstance(prov, Provenance) else Provenance()


def tag[T: pd.DataFrame](frame: T, **fields: str) -> T:
    """Set some provenance fields of ``frame`` (in place) and return it.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    **fields : str
        :class:`Provenance` fields to set; the others are kept.
    """
    frame.attrs[KEY] = replace(of(frame), **fields)
    return frame


def carry[T: pd.DataFrame](source: pd.DataFrame | None, target: T, **fields: str) -> T:
    """Give ``target`` the provenance of ``source`` (plus ``fields``); return it."""
    target.attrs[KEY] = replace(of(source), **fields)
    return target
