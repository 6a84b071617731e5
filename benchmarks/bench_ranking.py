"""Benchmark: the forum ranking for all programmes (issue 13 §3).

Printed: seconds to rank every partner programme's candidates on the
default register (365 cooperatives) — the served-demand greedy for Bulog,
people newly within road reach for the others
(:func:`kdkmp_analysis.distribution.ranking.rank_candidates`, through
:func:`kdkmp_analysis.forum.candidates` with the network given) — against the
old neighbour count (no network) measured in the same run, and what the
forum's Bulog top 13 (current partners + 13 = 30) serves against
``site_served(30)`` and 20 random ready draws. Target: < 2 s for all
programmes.

Run: ``KDKMP_DATA_DIR=../shared/data/boundaries .venv/bin/python
benchmarks/bench_ranking.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("KDKMP_OFFLINE", "1")
    from _timing import timed

    from kdkmp_analysis import distribution as ds
    from kdkmp_analysis import forum
    from kdkmp_analysis.distribution import placement as pl

    fr = forum.build_forum()
    reg = fr.register
    net = ds.prepare(reg)
    from kdkmp_analysis.region import boundaries, population

    poly = boundaries.load_desa_polygons(fr.kabupaten)
    pop = population.desa_population(fr.kabupaten, poly)
    nb = forum.desa_neighbours(poly)
    progs = list(fr.candidates)
    ready = fr.readiness

    def rank_all(network):
        return {
            k: forum.candidates(
                ready, k, reg, population=pop, neighbours=nb, network=network
            )
            for k in progs
        }

    out, best, med = timed(lambda: rank_all(net), args.repeat)
    _, best0, med0 = timed(lambda: rank_all(None), args.repeat)
    print(f"1. Peringkat forum, {len(progs)} program, {len(reg)} koperasi")
    print(
        f"   model penyaluran/jangkauan: terbaik {best:.2f} s, median {med:.2f} s "
        f"{'OK' if best < 2 else 'OVER'} (target < 2 s)"
    )
    print(
        f"   hitungan tetangga lama:     terbaik {best0:.2f} s, median {med0:.2f} s"
        f"  rasio {best / best0:.2f}"
    )
    c = out["bulog_sphp"]
    codes = net.koperasi["kode_desa"].astype(str)
    cur = np.flatnonzero(net.koperasi["mitra_bulog"].fillna(False).to_numpy(bool))
    n = 30
    top = np.flatnonzero(codes.isin(c["kode_desa"].head(n - cur.size)).to_numpy())
    got = pl.served_demand(net, np.union1d(cur, top)).served
    sited = pl.site_served(net, n)
    rand = pl.random_baseline(net, n, draws=20)
    print(f"2. Bulog: {cur.size} mitra saat ini + {n - cur.size} teratas forum")
    print(
        f"   forum {got:.2f} t/minggu; site_served({n}) {sited.objective:.2f} t "
        f"(gap {sited.gap_percent:.3f} %); {pl.comparison_text(sited, rand)}"
    )


if __name__ == "__main__":
    main()
