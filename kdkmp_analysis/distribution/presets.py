"""Scenario presets with their sources: branch quota, price, consumer limit, calendar.

Bulog has no national per-cooperative quota: each branch states its own
(``[kuota_cabang.*]`` in ``data/parameter.toml``, each with its source).
Prices come from the 2025 juknis zone table or the announced 2026 single
price (``[harga_sphp.*]``), the consumer limit from the 2025 juknis (10 kg)
or the 2026 update (25 kg, ``[batas_pembeli.*]``), and the weekly calendar
(Ramadan/Lebaran demand, the harvest-time cut of SPHP rice) from
``[musim.*]``. A scenario names the preset keys; :func:`local_quota` gives a
kabupaten's default.

This module imports only :mod:`kdkmp_analysis.params` and the commodity
module, so every other distribution module may use it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kdkmp_analysis import params
from kdkmp_analysis.distribution.commodity import COMMODITIES, DistributionError

__all__ = [
    "CALENDAR_KEYS",
    "LIMIT_KEYS",
    "PRICE_KEYS",
    "QUOTA_KEYS",
    "Calendar",
    "Prices",
    "Quota",
    "band",
    "calendar",
    "consumer_limit",
    "local_quota",
    "prices",
    "quota",
    "source_title",
]

#: Branch quota presets (``[kuota_cabang.*]``), in display order.
QUOTA_KEYS = ("tanjungpinang", "serang", "lampung", "tanpa_batas")
#: Price presets (``[harga_sphp.*]``); the first is the default.
PRICE_KEYS = ("zona_2025", "satu_harga_2026")
#: Consumer-limit presets (``[batas_pembeli.*]``); the last is the default.
LIMIT_KEYS = ("juknis_2025", "rencana_2026")
#: Calendars (``[musim.*]`` except Ramadan); the first is the default.
CALENDAR_KEYS = ("panen_2026", "jeda_2025", "tanpa_jeda")
#: "No limit" in the parameter file.
_UNLIMITED = 1e8


def _choose(kind: str, key: str, keys: tuple[str, ...]) -> dict:
    table = params.load().get(kind, {})
    if key not in keys or key not in table:
        raise DistributionError(
            f"pilihan {kind} {key!r} tidak dikenal; pilih: {', '.join(keys)}"
        )
    return table[key]


def source_title(key: str) -> str:
    """Short title of a ``[sumber]`` key (its ``judul_singkat`` or ``judul``)."""
    e = params.load()["sumber"].get(key, {})
    return str(e.get("judul_singkat") or e.get("judul") or key)


def band(key: str) -> tuple[float, float, float]:
    """``(rendah, nilai, tinggi)`` of a parameter (``rentang``; else the value)."""
    e = params.entry(key)
    v = float(e["nilai"])
    lo, hi = e.get("rentang", [v, v])
    return float(lo), v, float(hi)


@dataclass(frozen=True)
class Quota:
    """One branch's terms for a cooperative (rice).

    Attributes
    ----------
    key, name : str
        Preset key and its Indonesian name.
    week_t : float
        Quota credited per week (t); ``inf`` without a quota.
    order_max_t : float
        At most one order of this size per week; unused credit accumulates
        up to it.
    pay : str
        ``tunai`` (paid when delivered) or ``setelah_terjual``.
    tempo_days : int
    storage_only : bool
        Receipts per week at most the cooperative's storage.
    tranche : bool
        The branch states deliveries in tranches of the cooperative's storage.
        The model delivers that way under every preset (a drop is the
        partner's storage within a truck load), so Lampung's 2 t equals
        Tanjungpinang's 2 t in volume; the flag records what was stated.
    source : str
        ``[sumber]`` key.
    note : str
    """

    key: str
    name: str
    week_t: float
    order_max_t: float
    pay: str
    tempo_days: int
    storage_only: bool
    tranche: bool
    source: str
    note: str = ""

    @property
    def cash_bound(self) -> bool:
        """Whether the partner must pay before it can receive."""
        return self.pay == "tunai"

    def describe(self) -> str:
        """The preset in words with its source."""
        return f"{self.name} (sumber: {source_title(self.source)})"


def _limit(x: float) -> float:
    return float("inf") if float(x) >= _UNLIMITED else float(x)


def quota(key: str) -> Quota:
    """The branch quota preset ``key`` (one of :data:`QUOTA_KEYS`)."""
    e = _choose("kuota_cabang", key, QUOTA_KEYS)
    return Quota(
        key=key,
        name=str(e["nama"]),
        week_t=_limit(e["batas_t_minggu"]),
        order_max_t=_limit(e["maks_per_pesan_t"]),
        pay=str(e["bayar"]),
        tempo_days=int(e["tempo_hari"]),
        storage_only=bool(e["hanya_gudang"]),
        tranche=bool(e["tranche_gudang"]),
        source=str(e["sumber"]),
        note=str(e.get("catatan", "")),
    )


def local_quota(kabupaten_code: str) -> tuple[Quota, str]:
    """A kabupaten's default quota preset and why (``[kuota_cabang_lokal]``).

    Returns
    -------
    tuple
        The preset and a sentence: the branch's own terms, or the assumption
        used because none were found.
    """
    for e in params.load().get("kuota_cabang_lokal", {}).values():
        if any(
            kabupaten_code == c or kabupaten_code.startswith(c + ".")
            for c in e.get("berlaku_untuk", [])
        ):
            return quota(str(e["preset"])), str(e.get("catatan", ""))
    return quota("tanjungpinang"), (
        "kuota cabang Bulog untuk kabupaten ini tidak ada di parameter; dipakai "
        "2 t/minggu (yang paling sering dinyatakan cabang) — asumsi"
    )


@dataclass(frozen=True)
class Prices:
    """SPHP rice prices for one province under one preset (Rp/kg)."""

    key: str
    name: str
    buy: float
    het: float
    zone: int
    source: str
    status: str

    @property
    def margin(self) -> float:
        """HET − buying price (Rp/kg)."""
        return self.het - self.buy


def prices(key: str = PRICE_KEYS[0], province_code: str = "35") -> Prices:
    """Rice prices of a preset for a province (the zone of the 2025 juknis)."""
    e = _choose("harga_sphp", key, PRICE_KEYS)
    zone = 1
    if "zona_1" in e:
        prov = province_code[:2]
        found = [z for z in (1, 2, 3) if prov in e.get(f"zona_{z}", [])]
        if not found:
            raise DistributionError(f"provinsi {prov} tidak ada di tabel zona SPHP")
        zone = found[0]
    i = min(zone, len(e["harga_beli"])) - 1
    return Prices(
        key=key,
        name=str(e["nama"]),
        buy=float(e["harga_beli"][i]),
        het=float(e["het"][i]),
        zone=zone,
        source=str(e["sumber"]),
        status=str(e.get("status", "data")),
    )


def consumer_limit(key: str = LIMIT_KEYS[-1]) -> tuple[float, str]:
    """Kilograms one buyer may take per day under a preset, and its name."""
    e = _choose("batas_pembeli", key, LIMIT_KEYS)
    return float(e["nilai"]), str(e["nama"])


@dataclass(frozen=True)
class Calendar:
    """Weekly factors of one calendar: rice supply and demand per commodity.

    Attributes
    ----------
    key, name : str
    supply_weeks : numpy.ndarray
        Boolean ``(T,)``: weeks whose rice allocation is cut.
    supply_band : tuple
        ``(rendah, nilai, tinggi)`` of the factor in those weeks.
    ramadan_weeks : numpy.ndarray
        Boolean ``(T,)``.
    ramadan_band : numpy.ndarray
        ``(C, 3)``: rendah, nilai, tinggi of each commodity's demand factor.
    source : str
    """

    key: str
    name: str
    supply_weeks: np.ndarray
    supply_band: tuple[float, float, float]
    ramadan_weeks: np.ndarray
    ramadan_band: np.ndarray
    source: str

    def supply(self, factor: float | np.ndarray) -> np.ndarray:
        """Rice supply factor per week, ``(…, T)``, for one factor per run."""
        f = np.asarray(factor, dtype=float)[..., None]
        return np.where(self.supply_weeks, f, 1.0)

    def demand(self, factors: np.ndarray) -> np.ndarray:
        """Demand factor per week and commodity ``(…, T, C)`` for ``(…, C)``."""
        f = np.asarray(factors, dtype=float)[..., None, :]
        return np.where(self.ramadan_weeks[:, None], f, 1.0)


def _weeks(spans: list, weeks: int) -> np.ndarray:
    out = np.zeros(weeks, dtype=bool)
    if spans and not isinstance(spans[0], list):
        spans = [spans]
    for a, b in spans:
        out[max(int(a) - 1, 0) : min(int(b), weeks)] = True
    return out


def calendar(key: str = CALENDAR_KEYS[0], weeks: int = 52, ramadan: bool = True):
    """The calendar ``key`` over ``weeks`` weeks (week 1 = 1–7 Jan 2026)."""
    e = _choose("musim", key, CALENDAR_KEYS)
    lo, hi = e["faktor_pasokan_rentang"]
    r = params.load()["musim"]["ramadan_2026"]
    rb = np.array(
        [[*r[f"{c}_rentang"][:1], r[c], r[f"{c}_rentang"][1]] for c in COMMODITIES],
        dtype=float,
    )
    return Calendar(
        key=key,
        name=str(e["nama"]),
        supply_weeks=_weeks(e["minggu"], weeks),
        supply_band=(float(lo), float(e["faktor_pasokan"]), float(hi)),
        ramadan_weeks=_weeks(r["minggu"], weeks) if ramadan else np.zeros(weeks, bool),
        ramadan_band=rb,
        source=str(e["sumber"]),
    )
