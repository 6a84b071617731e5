"""Benchmark: weekly distribution Monte Carlo and partner siting (issues 6, 12).

Printed:

1. Monte Carlo, 1,000 runs × 52 weeks × 365 desa × 3 commodities with
   partner stock/cash dynamics and the per-run draws (every cooperative a
   partner: the largest case; and the 30-partner plan scenario), vectorised
   numpy, 1 and 2 threads; the raw random-number cost of the same number of
   float32 draws as the floor, and the ratio to it. Target (issue 12):
   < 1.5 s on the 2 cores.
2. The same model as a straightforward per-event plain-Python loop
   (:func:`kdkmp_analysis.distribution.reference_loop`) on a subset of runs,
   checked equal to the vectorised model on that subset, and the speed ratio
   per run. Target: ≥ 100×.
3. Siting, 365 candidates, N = 30: the heuristic (greedy/LP start +
   Teitz–Bart substitution) against a direct HiGHS MIP
   (``scipy.optimize.milp``) for maximal covering (R = 3, 4, 5 km) and the
   p-median. Target: heuristic < 1 s, objective within 1 % of the optimum.
4. The notebook explorer: one slider change end to end (siting + 52-week
   simulation + summary + chart), and one scenario re-run alone (the
   simulation the slider triggers). Target: re-run < 0.3 s.

Run: ``KDKMP_DATA_DIR=../shared/data/boundaries .venv/bin/python
benchmarks/bench_distribution.py [--repeat 3] [--loop-runs 2]
[--pmedian-limit 300]``. On a shared machine, other processes' load shows in
the numbers: the median of ``--repeat`` is printed with the best.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from _timing import timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument(
        "--loop-runs",
        type=int,
        default=2,
        help="runs of the plain-Python loop (× 52 weeks × 365 desa)",
    )
    parser.add_argument(
        "--pmedian-limit",
        type=float,
        default=300.0,
        help="HiGHS time limit of the exact p-median (s); 0 skips it",
    )
    args = parser.parse_args()

    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis import siting

    print(f"CPU: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    net = ds.prepare()
    p = ds.plan(net, ds.Scenario("semua koperasi", partners="all"))
    unc = ds.Uncertainty.from_params()
    shape = (args.runs, p.knobs["weeks"], len(ds.COMMODITIES), len(net.desa))
    n_cells = int(np.prod(shape))

    # 1. Monte Carlo ----------------------------------------------------------
    print(
        f"\n1. Monte Carlo {shape[0]} runs × {shape[1]} weeks × {shape[3]} desa × "
        f"{shape[2]} commodities = {n_cells / 1e6:.1f} M cells, "
        f"{p.n_partners} partners"
    )
    ds.monte_carlo(net, p, runs=8)  # warm-up
    rng = np.random.Generator(np.random.SFC64(0))
    _, rng_best, rng_med = timed(
        lambda: [rng.random(shape[1:], dtype=np.float32) for _ in range(shape[0])],
        args.repeat,
    )
    print(
        f"   RNG floor (float32 SFC64, same cells): best {rng_best:.3f} s, "
        f"median {rng_med:.3f} s"
    )
    print(f"   numpy {np.__version__}; block size {ds.CHUNK} runs")
    mc = {}
    for threads in (1, 2):
        res, best, med = timed(
            lambda t=threads: ds.monte_carlo(net, p, runs=args.runs, threads=t),
            args.repeat,
        )
        mc[threads] = (res, best, med)
        print(
            f"   vectorised, {threads} thread(s): best {best:.3f} s, median {med:.3f} s"
            f" = {best / rng_best:.1f}× the RNG floor"
            f"  ({'OK' if best < 1.5 else 'OVER'} target < 1.5 s)"
        )
    plan_p = ds.plan(net, ds.default_scenarios()[4])
    ds.monte_carlo(net, plan_p, runs=8)
    _, pbest, pmed = timed(
        lambda: ds.monte_carlo(net, plan_p, runs=args.runs, threads=2), args.repeat
    )
    print(
        f"   plan scenario ({plan_p.n_partners} sited partners), 2 threads: best "
        f"{pbest:.3f} s, median {pmed:.3f} s"
    )
    same = all(
        np.array_equal(mc[1][0].samples[k], mc[2][0].samples[k])
        for k in mc[1][0].samples
    )
    print(f"   1 and 2 threads give identical samples: {same}")
    rice = mc[2][0].total.set_index("komoditas").loc["beras"]
    print(
        f"   rice delivered over the year P10/P50/P90: {rice['tersalur_p10']:,.0f} / "
        f"{rice['tersalur_p50']:,.0f} / {rice['tersalur_p90']:,.0f} t"
    )

    # 2. Plain-Python loop on a subset ---------------------------------------
    n_loop = args.loop_runs
    print(
        f"\n2. Per-event plain-Python loop, subset of {n_loop} run(s) × "
        f"{shape[1]} weeks × {shape[3]} desa × {shape[2]} commodities"
    )
    g = np.random.Generator(np.random.SFC64(1))
    d = ds.draw(p, g, n_loop, shape[1], unc, dtype=np.float64)
    t = time.perf_counter()
    slow = ds.reference_loop(p, d)
    t_loop = time.perf_counter() - t
    fast = ds.weekly_model(p, d, detail=True)
    ok = all(
        np.allclose(fast[k], slow[k], rtol=1e-9, atol=1e-6)
        for k in ("delivered", "received", "sales", "cash", "trips", "tonkm")
    )
    per_loop = t_loop / n_loop
    per_vec = mc[2][1] / args.runs
    print(
        f"   loop {t_loop:.2f} s = {per_loop:.3f} s/run; vectorised "
        f"{per_vec * 1e3:.2f} ms/run (2 threads, best)"
    )
    print(f"   same results as the vectorised model: {ok}")
    print(
        f"   speed ratio vectorised / loop: {per_loop / per_vec:,.0f}× "
        f"(loop for {args.runs} runs ≈ {per_loop * args.runs / 60:.0f} min)"
    )

    # 3. Siting -----------------------------------------------------------------
    print("\n3. Siting: 365 candidates, N = 30 (population of 365 desa)")
    w = net.desa["penduduk"].to_numpy(dtype=float)
    d = net.gc_desa_kop * float(p.knobs["circuity"])
    siting.site(w, d, 30, radius_km=5.0)  # warm-up (imports scipy for the LP)
    for radius in (3.0, 4.0, 5.0):
        heur, best, med = timed(
            lambda r=radius: siting.site(w, d, 30, radius_km=r), args.repeat
        )
        exact = siting.site_exact(w, d, 30, radius_km=radius, time_limit=600)
        gap = 100 * (exact.covered - heur.covered) / exact.covered
        print(
            f"   covering R={radius:g} km: heuristic {heur.covered_share:.2%} covered in "
            f"best {best:.3f} s / median {med:.3f} s; HiGHS {exact.covered_share:.2%} "
            f"in {exact.seconds:.1f} s ({exact.status}); gap {gap:.2f} % "
            f"({'OK' if gap <= 1 and best < 1 else 'OVER'})"
        )
    heur, best, med = timed(
        lambda: siting.site(w, d, 30, radius_km=5.0, objective="p-median"), args.repeat
    )
    line = (
        f"   p-median: heuristic {heur.mean_distance_km:.3f} km mean in best "
        f"{best:.3f} s / median {med:.3f} s"
    )
    if args.pmedian_limit > 0:
        exact = siting.site_exact(
            w, d, 30, radius_km=5.0, objective="p-median", time_limit=args.pmedian_limit
        )
        gap = (
            100
            * (heur.weighted_distance - exact.weighted_distance)
            / exact.weighted_distance
        )
        line += (
            f"; HiGHS {exact.mean_distance_km:.3f} km in {exact.seconds:.1f} s "
            f"({exact.status}); gap {gap:.2f} %"
        )
        if exact.bound is not None and exact.status != siting.STATUS_OPTIMAL:
            lb = 100 * (heur.weighted_distance - exact.bound) / exact.bound
            line += f"; gap to HiGHS lower bound ≤ {lb:.2f} %"
    print(line)

    # 4. Explorer -----------------------------------------------------------------
    try:
        from kdkmp_analysis.widgets import distribution as dw
    except ImportError as exc:  # pragma: no cover
        print(f"\n4. explorer skipped: {exc}")
        return
    ex = dw.DistributionExplorer(net)
    ex.refresh()
    times = []
    for n in (20, 40, 60):
        t = time.perf_counter()
        ex.controls["jumlah_mitra"].value = n  # observer re-runs the scenario
        times.append(time.perf_counter() - t)
    sc = ex.scenario()
    ds.simulate(net, sc)
    _, rbest, rmed = timed(lambda: ds.simulate(net, sc), args.repeat)
    print(
        f"\n4. Explorer slider change (siting + 52-week run + chart): "
        f"{', '.join(f'{x:.3f}' for x in times)} s; scenario re-run alone: best "
        f"{rbest:.3f} s, median {rmed:.3f} s "
        f"({'OK' if rbest < 0.3 else 'OVER'} target < 0.3 s)"
    )


if __name__ == "__main__":
    main()
