"""The three SPHP commodities, their units and caps, and the module's error.

Every other module of :mod:`kdkmp_analysis.distribution` imports from here;
this one imports nothing of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kdkmp_analysis import params
from kdkmp_analysis.errors import KdkmpError

__all__ = [
    "COMMODITIES",
    "MONTHS_PER_YEAR",
    "WEEKS_PER_YEAR",
    "Commodity",
    "DistributionError",
    "commodity",
]

#: Months and weeks in a year: weekly need = monthly need × 12/52.
MONTHS_PER_YEAR = 12
WEEKS_PER_YEAR = 52


class DistributionError(KdkmpError, ValueError):
    """A distribution scenario or input that cannot be simulated as given."""


@dataclass(frozen=True)
class Commodity:
    """One SPHP commodity.

    Attributes
    ----------
    key : str
        ``beras``, ``minyak_goreng`` or ``gula`` (the ``[konsumsi]`` keys).
    label : str
        Indonesian display name.
    unit : str
        Unit of every amount: ``t`` or ``kl`` (1,000 litres).
    per_capita_month : float
        Household consumption per capita per month, in the unit of
        ``[konsumsi]`` (kg or litres).
    cap : float
        Default weekly cap per partner, in ``unit``.
    mass_t_per_unit : float
        Tonnes per unit (for trucks and ton-km).
    """

    key: str
    label: str
    unit: str
    per_capita_month: float
    cap: float
    mass_t_per_unit: float

    @property
    def weekly_per_capita(self) -> float:
        """Weekly need per capita in ``unit`` (× 12/52, kg or l → t or kl)."""
        return self.per_capita_month * MONTHS_PER_YEAR / WEEKS_PER_YEAR / 1000.0


#: Commodity keys in model order.
COMMODITIES = ("beras", "minyak_goreng", "gula")
_LABELS = {
    "beras": ("Beras SPHP", "t", "bulog.batas_beras_per_mitra_t_minggu"),
    "minyak_goreng": (
        "Minyak goreng (Minyakita)",
        "kl",
        "distribusi.batas_minyak_per_mitra_kl_minggu",
    ),
    "gula": ("Gula pasir", "t", "distribusi.batas_gula_per_mitra_t_minggu"),
}


def commodity(key: str) -> Commodity:
    """The :class:`Commodity` of a key, with today's parameter values.

    Parameters
    ----------
    key : str
        One of :data:`COMMODITIES`.

    Returns
    -------
    Commodity

    Raises
    ------
    DistributionError
        For an unknown key.
    """
    if key not in _LABELS:
        raise DistributionError(
            f"komoditas {key!r} tidak dikenal; pilih: {', '.join(COMMODITIES)}"
        )
    label, unit, cap_key = _LABELS[key]
    mass = (
        1.0 if unit == "t" else float(params.value("distribusi.massa_minyak_t_per_kl"))
    )
    return Commodity(
        key=key,
        label=label,
        unit=unit,
        per_capita_month=float(params.value(f"konsumsi.{key}")),
        cap=float(params.value(cap_key)),
        mass_t_per_unit=mass,
    )
