"""Benchmark: weekly truck routes from 2 warehouses (issue 13 §2, Performance).

Printed, for 30 partners (the default plan: 30 sited partners) and for 120
ready cooperatives drawn at random (seed 0), on the default Kabupaten
Pasuruan network with its two Bulog warehouses:

1. seconds of :func:`kdkmp_analysis.distribution.assign_warehouses` and of
   :func:`kdkmp_analysis.distribution.weekly_routes` with the default settings
   (savings start + OR-Tools local improvement, at most 1.5 s) and with the
   savings heuristic alone, and their sum (target < 2 s), best of ``--repeat``;
2. the cost gap of each to the best found by OR-Tools guided local search in
   ``--reference-limit`` seconds (default 30);
3. vehicle-km of the routes against today's dedicated trips (one round trip
   per drop, as ``distribution.transport`` counts them) on the same drops,
   with the ratio (target: at least 50 % less).

Run: ``KDKMP_DATA_DIR=../shared/data/boundaries .venv/bin/python
benchmarks/bench_routes.py [--repeat 3] [--reference-limit 30]``. On a
shared machine other processes' load shows in the times.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import timed


def _cases(ds, net):
    """(label, plan) for 30 sited partners and 120 random ready cooperatives."""
    plan_sc = next(s for s in ds.default_scenarios(30) if s.key == ds.PLAN_KEY)
    ready = net.koperasi.loc[
        ds.ready_mask(net.koperasi, False), "koperasi_id"
    ].to_numpy()
    pick = np.random.default_rng(0).choice(ready, size=120, replace=False)
    many = ds.Scenario(partners=tuple(sorted(pick)), key="acak_120")
    return [
        ("30 mitra terpilih (rencana bawaan)", ds.plan(net, plan_sc)),
        ("120 koperasi siap acak (seed 0)", ds.plan(net, many)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference-limit", type=float, default=30.0)
    args = parser.parse_args()

    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis._format import angka

    print(f"CPU: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    net = ds.prepare()
    for label, p in _cases(ds, net):
        a, t_a, _ = timed(lambda p=p: ds.assign_warehouses(p), args.repeat)
        per_wh = np.bincount(a.warehouse[a.warehouse >= 0], minlength=2)
        print(
            f"\n{label}: {p.n_partners} mitra, per gudang {per_wh.tolist()}, "
            f"pembagian gudang: {a.status} ({t_a:.2f} s); {len(a.split)} mitra "
            "dipecah"
        )
        best = ds.weekly_routes(
            p, assignment=a, guided=True, time_limit=args.reference_limit
        )
        ref = best.ringkasan["biaya_angkut_rp"]
        for name, kw in (
            ("bawaan (penghematan + OR-Tools)", {}),
            ("penghematan saja", {"solver": "savings"}),
        ):
            res, t_best, t_med = timed(
                lambda kw=kw, p=p, a=a: ds.weekly_routes(p, assignment=a, **kw),
                args.repeat,
            )
            s = res.ringkasan
            gap = 100 * (s["biaya_angkut_rp"] - ref) / ref
            total = t_best + t_a
            print(
                f"  {name:<32} {t_best:5.2f} s + pembagian gudang = {total:5.2f} s "
                f"(median rute {t_med:5.2f})  "
                f"{'OK' if total < 2.0 else 'OVER'}  {s['rit']:3d} rit  "
                f"Rp{angka(s['biaya_angkut_rp'])} = Rp{angka(s['biaya_angkut_rp_per_kg'])}/kg"
                f"  gap {gap:+.2f} % ke terbaik {args.reference_limit:g} s"
            )
            print(
                f"  {'':<32} km kendaraan rute {s['km_kendaraan']:8.1f} vs "
                f"perjalanan langsung {s['km_kendaraan_langsung']:8.1f} "
                f"(rasio {s['km_kendaraan'] / s['km_kendaraan_langsung']:.3f}, "
                f"{s['penghematan_km_persen']:.1f} % lebih sedikit; "
                f"{'OK' if s['penghematan_km_persen'] >= 50 else 'KURANG'})"
            )
        b = best.ringkasan
        print(
            f"  {'terbaik ' + format(args.reference_limit, 'g') + ' s (terpandu)':<32} "
            f"{b['detik']:5.2f} s  {b['rit']:3d} rit  Rp{angka(ref)} = "
            f"Rp{angka(b['biaya_angkut_rp_per_kg'])}/kg; km kendaraan "
            f"{b['km_kendaraan']:.1f} ({b['penghematan_km_persen']:.1f} % lebih sedikit)"
        )
        print(
            f"  perjalanan langsung: {b['rit_langsung']} rit, "
            f"Rp{angka(b['biaya_angkut_langsung_rp_per_kg'])}/kg"
        )


if __name__ == "__main__":
    main()
