"""Speed and memory of the statistical core against a plain pandas groupby doing the same sums.

Synthetic data: N enterprises × 24 months (two years) × 6 indicators, every field of the form (本月, 累计,
上年同月, 上年同期累计), some figures missing, enterprises entering and leaving the above-scale scope.
Computed for every scope — 全县, 3 sections, 15 towns, 2 parks, 8 chains — and every month of both years:
same-scope sums of the four fields, cumulative growth and month growth.

Each implementation runs in its own subprocess (so that its peak memory, ``ru_maxrss``, is its own) and
starts from the same rows, one indicator at a time, as a database query would give them:

* kegong — scatter the rows into a :class:`~kegong.core.stats.panel.Panel`, then :func:`scope_totals` and
  :func:`growth_pct_array` for each year;
* pandas — ``pd.concat`` the rows into one long frame, keep the rows of enterprises above scale in their
  year (merge with the scale table), join the enterprise attributes, ``groupby(...).sum(min_count=1)`` per
  kind of scope, growth from the sums;
* reference — stream the rows and ``np.bincount`` them per kind of scope: an independent check that needs
  little memory (to check kegong at the national size without running pandas).

Data generation and imports are not timed. The parent asserts every implementation gives the same figures
as the first one (relative 1e-9, the same figures missing) and prints a table (results and how to read them:
``benchmarks/stats-results.md``). It watches the pandas child's memory and kills it past
``--pandas-limit-gib`` (default 14) instead of letting it take the machine down.

    .venv/bin/python benchmarks/bench_stats.py                                  # province, kegong vs pandas
    .venv/bin/python benchmarks/bench_stats.py --sizes tiny,province --impls kegong,pandas,reference --repeat 5
    .venv/bin/python benchmarks/bench_stats.py --sizes national --impls kegong,reference
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"tiny": 2_000, "province": 20_000, "national": 500_000}
INDICATORS = ("gross_output", "sales_output", "revenue", "profit", "electricity", "tax")
FIELDS = ("value", "cumulative", "prior_value", "prior_cumulative")
FIRST_YEAR, N_YEARS = 2025, 2
SECTIONS = ("B", "C", "D")
TOWNS = tuple(f"镇{i:02d}" for i in range(1, 16))
PARKS = ("", "经开区", "高新区")
CHAINS = ("", *(f"链{i}" for i in range(1, 9)))


# --- synthetic data ------------------------------------------------------------------------------------
def make_enterprises(n: int, seed: int) -> dict[str, np.ndarray]:
    """Attribute codes (indexes into SECTIONS, TOWNS, PARKS, CHAINS) and above-scale flags per year."""
    rng = np.random.default_rng([seed, 0])
    town_p = 1 / np.arange(1, len(TOWNS) + 1)
    above0 = rng.random(n) < 0.95
    stay = rng.random(n) < 0.97
    enter = rng.random(n) < 0.5
    above1 = np.where(above0, stay, enter)
    return {
        "section": rng.choice(3, size=n, p=[0.05, 0.85, 0.10]).astype(np.int32),
        "town": rng.choice(len(TOWNS), size=n, p=town_p / town_p.sum()).astype(np.int32),
        "park": rng.choice(3, size=n, p=[0.6, 0.25, 0.15]).astype(np.int32),
        "chain": rng.choice(9, size=n, p=[0.5, *([0.5 / 8] * 8)]).astype(np.int32),
        "above": np.stack([above0, above1]),
        "entered1": ~above0 & above1,  # new in year 2: no prior-year figures on the form
    }


def make_rows(n: int, k: int, seed: int, ents: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """All rows of indicator ``k``, ordered (year, month, enterprise) like the (indicator, year, month)
    index returns them; amounts in 万元 with 4 decimals as stored; some figures missing (NaN)."""
    rng = np.random.default_rng([seed, 1 + k])
    shape = (N_YEARS, 12, n)
    base = rng.lognormal(6.0, 1.2, size=n) * (0.1 if INDICATORS[k] in ("profit", "tax") else 1.0)
    g = rng.normal(0.08, 0.15, size=n)
    season = np.array([0.7, 0.6, 1.0, 1.0, 1.05, 1.1, 1.0, 1.0, 1.05, 1.05, 1.1, 1.25])
    level = base * season[:, None]  # (12, n)
    value = np.empty(shape)
    prior_value = np.empty(shape)
    for yi in range(N_YEARS):
        value[yi] = np.round(level * (1 + g) ** (yi + 1) * rng.uniform(0.85, 1.15, size=(12, n)), 4)
        prior_value[yi] = np.round(level * (1 + g) ** yi * rng.uniform(0.85, 1.15, size=(12, n)), 4)
    cumulative = np.cumsum(value, axis=1)
    prior_cumulative = np.cumsum(prior_value, axis=1)
    no_prior = np.zeros((N_YEARS, n), dtype=bool)
    no_prior[0] = rng.random(n) < 0.03
    no_prior[1] = ents["entered1"]
    prior_value[np.broadcast_to(no_prior[:, None, :], shape)] = np.nan
    prior_cumulative[np.broadcast_to(no_prior[:, None, :], shape)] = np.nan
    for arr in (value, cumulative, prior_value, prior_cumulative):
        arr[rng.random(shape) < 0.005] = np.nan
    out = {"ent": np.broadcast_to(np.arange(n, dtype=np.int32), shape).ravel(),
           "year": np.broadcast_to(np.arange(FIRST_YEAR, FIRST_YEAR + N_YEARS, dtype=np.int16)[:, None, None],
                                   shape).ravel(),
           "month": np.broadcast_to(np.arange(1, 13, dtype=np.int8)[None, :, None], shape).ravel()}
    out.update(value=value.ravel(), cumulative=cumulative.ravel(), prior_value=prior_value.ravel(),
               prior_cumulative=prior_cumulative.ravel())
    return out


def scope_list() -> list[tuple[str, int]]:
    """(attribute, code) of every scope, in output order; ("all", 0) is the county."""
    return ([("all", 0)] + [("section", i) for i in range(3)] + [("town", i) for i in range(len(TOWNS))]
            + [("park", i) for i in range(1, 3)] + [("chain", i) for i in range(1, 9)])


LABELS = {"section": SECTIONS, "town": TOWNS, "park": PARKS, "chain": CHAINS}


# --- the two implementations ---------------------------------------------------------------------------
def run_kegong(n: int, seed: int) -> tuple[dict[str, np.ndarray], float, float]:
    from kegong.core.stats.aggregate import scope_totals
    from kegong.core.stats.growth import growth_pct_array
    from kegong.core.stats.panel import Grouping, PanelBuilder, Scope

    ents = make_enterprises(n, seed)
    groups = {a: Grouping(ents[a], LABELS[a]) for a in ("section", "town", "park", "chain")}
    groups["division"] = Grouping(np.zeros(n, dtype=np.int32), ("00",))
    ids = tuple(f"E{i:07d}" for i in range(n))
    load = 0.0
    t = time.perf_counter()
    b = PanelBuilder(ids, ids, groups, INDICATORS, FIRST_YEAR, N_YEARS)
    for y in range(N_YEARS):
        b.set_above_scale(FIRST_YEAR + y, np.flatnonzero(ents["above"][y]))
    load += time.perf_counter() - t
    for k, code in enumerate(INDICATORS):
        rows = make_rows(n, k, seed, ents)
        t = time.perf_counter()
        b.add(code, rows.pop("ent"), rows.pop("year"), rows.pop("month"), **rows)
        load += time.perf_counter() - t
        del rows
    t = time.perf_counter()
    panel = b.build()
    kind = {"all": "all", "section": "industry", "town": "town", "park": "park", "chain": "chain"}
    scopes = [Scope("all") if a == "all" else Scope(kind[a], LABELS[a][c]) for a, c in scope_list()]
    out: dict[str, np.ndarray] = {}
    for y in panel.years:
        tot = scope_totals(panel, scopes, y)
        for f in FIELDS:
            out[f"{f}_{y}"] = getattr(tot, f)
        out[f"yoy_{y}"] = growth_pct_array(tot.cumulative, tot.prior_cumulative)
        out[f"month_yoy_{y}"] = growth_pct_array(tot.value, tot.prior_value)
    return out, load, time.perf_counter() - t


def run_pandas(n: int, seed: int) -> tuple[dict[str, np.ndarray], float, float]:
    import pandas as pd

    ents = make_enterprises(n, seed)
    load = 0.0
    frames = []
    for k in range(len(INDICATORS)):
        rows = make_rows(n, k, seed, ents)
        t = time.perf_counter()
        frames.append(pd.DataFrame({"ent": rows["ent"], "ind": np.full(rows["ent"].size, k, dtype=np.int8),
                                    "year": rows["year"], "month": rows["month"],
                                    **{f: rows[f] for f in FIELDS}}))
        load += time.perf_counter() - t
        del rows
    t = time.perf_counter()
    df = pd.concat(frames, ignore_index=True)
    del frames
    load += time.perf_counter() - t

    t = time.perf_counter()
    ent_table = pd.DataFrame({"ent": np.arange(n, dtype=np.int32),
                              **{a: pd.Categorical.from_codes(ents[a], LABELS[a])
                                 for a in ("section", "town", "park", "chain")}})
    yi, ei = np.nonzero(ents["above"])
    scale = pd.DataFrame({"ent": ei.astype(np.int32), "year": (FIRST_YEAR + yi).astype(np.int16)})
    df = df.merge(scale, on=["ent", "year"], how="inner")
    df = df.merge(ent_table, on="ent", how="left")
    df["all"] = 0
    shape = (len(scope_list()), len(INDICATORS), 12)
    out = {f"{f}_{y}": np.full(shape, np.nan) for f in FIELDS for y in range(FIRST_YEAR, FIRST_YEAR + N_YEARS)}
    for attr in ("all", "section", "town", "park", "chain"):
        sums = df.groupby([attr, "ind", "year", "month"], observed=True)[list(FIELDS)].sum(min_count=1)
        where = {c: s for s, (a, c) in enumerate(scope_list()) if a == attr}
        codes = (sums.index.get_level_values(0) if attr == "all"
                 else sums.index.get_level_values(0).map({lab: i for i, lab in enumerate(LABELS[attr])}))
        codes = np.asarray(codes)
        ind = np.asarray(sums.index.get_level_values(1))
        year = np.asarray(sums.index.get_level_values(2))
        month = np.asarray(sums.index.get_level_values(3))
        keep = np.array([c in where for c in codes]) if attr != "all" else np.ones(len(codes), dtype=bool)
        srow = np.array([where.get(c, -1) for c in codes])[keep]
        for f in FIELDS:
            vals = sums[f].to_numpy()[keep]
            for y in range(FIRST_YEAR, FIRST_YEAR + N_YEARS):
                sel = year[keep] == y
                out[f"{f}_{y}"][srow[sel], ind[keep][sel], month[keep][sel] - 1] = vals[sel]
    for y in range(FIRST_YEAR, FIRST_YEAR + N_YEARS):
        for name, cur, pri in (("yoy", "cumulative", "prior_cumulative"), ("month_yoy", "value", "prior_value")):
            c, p = out[f"{cur}_{y}"], out[f"{pri}_{y}"]
            with np.errstate(divide="ignore", invalid="ignore"):
                out[f"{name}_{y}"] = np.where(p > 0, (c / p - 1) * 100, np.nan)
    return out, load, time.perf_counter() - t


def run_reference(n: int, seed: int) -> tuple[dict[str, np.ndarray], float, float]:
    """A third, independent check: stream the rows chunk by chunk and ``np.bincount`` them per kind of scope
    (no panel, no pandas). Cheap in memory, so it can check kegong at the national size without pandas."""
    ents = make_enterprises(n, seed)
    scopes = scope_list()
    y_range = range(FIRST_YEAR, FIRST_YEAR + N_YEARS)
    shape = (len(scopes), len(INDICATORS), 12)
    sums = {f"{f}_{y}": np.zeros(shape) for f in FIELDS for y in y_range}
    counts = {f"{f}_{y}": np.zeros(shape) for f in FIELDS for y in y_range}
    codes = {"all": np.zeros(n, dtype=np.int64), **{a: ents[a].astype(np.int64) for a in LABELS}}
    n_codes = {"all": 1, **{a: len(LABELS[a]) for a in LABELS}}
    compute = 0.0
    for k in range(len(INDICATORS)):
        rows = make_rows(n, k, seed, ents)
        t = time.perf_counter()
        yi = rows["year"].astype(np.int64) - FIRST_YEAR
        cell = yi * 12 + rows["month"] - 1  # (year, month)
        inscale = ents["above"][yi, rows["ent"]]
        for f in FIELDS:
            v = rows[f]
            ok = ~np.isnan(v) & inscale
            w = np.where(ok, v, 0.0)
            for attr, code in codes.items():
                key = code[rows["ent"]] * (N_YEARS * 12) + cell
                size = n_codes[attr] * N_YEARS * 12
                got = np.bincount(key, weights=w, minlength=size).reshape(n_codes[attr], N_YEARS, 12)
                cnt = np.bincount(key, weights=ok, minlength=size).reshape(n_codes[attr], N_YEARS, 12)
                for s, (a, c) in enumerate(scopes):
                    if a == attr:
                        for j, y in enumerate(y_range):
                            sums[f"{f}_{y}"][s, k] += got[c, j]
                            counts[f"{f}_{y}"][s, k] += cnt[c, j]
        compute += time.perf_counter() - t
        del rows
    t = time.perf_counter()
    out = {key: np.where(counts[key] > 0, sums[key], np.nan) for key in sums}
    for y in y_range:
        for name, cur, pri in (("yoy", "cumulative", "prior_cumulative"), ("month_yoy", "value", "prior_value")):
            c, p = out[f"{cur}_{y}"], out[f"{pri}_{y}"]
            with np.errstate(divide="ignore", invalid="ignore"):
                out[f"{name}_{y}"] = np.where(p > 0, (c / p - 1) * 100, np.nan)
    return out, 0.0, compute + time.perf_counter() - t


# --- child and parent ----------------------------------------------------------------------------------
IMPLS = {"kegong": run_kegong, "pandas": run_pandas, "reference": run_reference}


def child(impl: str, n: int, seed: int, out_path: str) -> None:
    result, load, compute = IMPLS[impl](n, seed)
    np.savez(out_path, **result)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"impl": impl, "n": n, "load_s": load, "compute_s": compute, "peak_bytes": peak}))


def run_child(impl: str, n: int, seed: int, out_path: str, limit_bytes: int | None) -> dict:
    cmd = [sys.executable, __file__, "--child", impl, "--n", str(n), "--seed", str(seed), "--out", out_path]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched_peak = 0
    killed = False
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as fh:
                rss = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            rss = 0
        watched_peak = max(watched_peak, rss)
        if limit_bytes and rss > limit_bytes:
            proc.kill()
            killed = True
            break
        time.sleep(0.1)
    out, err = proc.communicate()
    if killed:
        return {"impl": impl, "n": n, "killed": True, "watched_peak_bytes": watched_peak}
    if proc.returncode != 0:
        raise SystemExit(f"{impl} child failed:\n{err}")
    return json.loads(out.strip().splitlines()[-1])


def compare(a_path: str, b_path: str) -> int:
    a, b = np.load(a_path), np.load(b_path)
    assert sorted(a.files) == sorted(b.files), (a.files, b.files)
    checked = 0
    for key in a.files:
        x, y = a[key], b[key]
        np.testing.assert_array_equal(np.isnan(x), np.isnan(y), err_msg=f"{key}: missing figures differ")
        np.testing.assert_allclose(x[~np.isnan(x)], y[~np.isnan(y)], rtol=1e-9, atol=1e-9, err_msg=key)
        checked += int((~np.isnan(x)).sum())
    return checked


def gib(b: float) -> str:
    return f"{b / 2**30:.2f} GiB"


def best_of(impl: str, n: int, seed: int, out_path: str, limit: int | None, repeat: int) -> dict:
    """Run a child ``repeat`` times (the machine is shared): the fastest run's times, the largest peak."""
    runs = [run_child(impl, n, seed, out_path, limit) for _ in range(repeat)]
    if any(r.get("killed") for r in runs):
        return next(r for r in runs if r.get("killed"))
    best = min(runs, key=lambda r: r["load_s"] + r["compute_s"])
    return {**best, "peak_bytes": max(r["peak_bytes"] for r in runs),
            "all_s": [round(r["load_s"] + r["compute_s"], 3) for r in runs]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="province", help="comma-separated: tiny, province, national")
    ap.add_argument("--impls", default="kegong,pandas",
                    help="comma-separated: kegong, pandas, reference (a streaming numpy bincount check); "
                         "every other one is compared with the first")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--repeat", type=int, default=3, help="runs per implementation and size (national: 1)")
    ap.add_argument("--pandas-limit-gib", type=float, default=14.0)
    ap.add_argument("--child", choices=list(IMPLS))
    ap.add_argument("--n", type=int)
    ap.add_argument("--out")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.n, args.seed, args.out)
        return

    impls = args.impls.split(",")
    table = []
    with tempfile.TemporaryDirectory(prefix="kegong-bench-") as tmp:
        for size in args.sizes.split(","):
            n = SIZES[size]
            repeat = 1 if size == "national" else args.repeat
            print(f"== {size}: {n:,} enterprises × 24 months × {len(INDICATORS)} indicators "
                  f"(best of {repeat})", flush=True)
            got = {}
            for impl in impls:
                limit = int(args.pandas_limit_gib * 2**30) if impl == "pandas" else None
                r = got[impl] = best_of(impl, n, args.seed, f"{tmp}/{impl}-{size}.npz", limit, repeat)
                if r.get("killed"):
                    print(f"   {impl}: stopped at {gib(r['watched_peak_bytes'])} "
                          f"(limit {args.pandas_limit_gib} GiB)", flush=True)
                    continue
                print(f"   {impl}: load {r['load_s']:.2f} s, compute {r['compute_s']:.2f} s, "
                      f"peak {gib(r['peak_bytes'])}  (runs: {r['all_s']} s)", flush=True)
                if impl != impls[0] and not got[impls[0]].get("killed"):
                    checked = compare(f"{tmp}/{impls[0]}-{size}.npz", f"{tmp}/{impl}-{size}.npz")
                    print(f"   {impls[0]} = {impl}: {checked:,} figures compared", flush=True)
            table.append((size, n, got))

    print("\n| size | enterprises | implementation | load + compute | total | peak memory | kegong faster by |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for size, n, got in table:
        k = got.get("kegong")
        for impl, r in got.items():
            if r.get("killed"):
                print(f"| {size} | {n:,} | {impl} | stopped past {gib(r['watched_peak_bytes'])} | — | — | — |")
                continue
            total = r["load_s"] + r["compute_s"]
            ratio = "" if impl == "kegong" or not k else f"{total / (k['load_s'] + k['compute_s']):.1f}× " \
                f"(compute {r['compute_s'] / k['compute_s']:.0f}×)"
            print(f"| {size} | {n:,} | {impl} | {r['load_s']:.2f} + {r['compute_s']:.2f} s | {total:.2f} s "
                  f"| {gib(r['peak_bytes'])} | {ratio} |")


if __name__ == "__main__":
    main()
