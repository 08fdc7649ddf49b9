"""Speed and memory of ``kegong demo`` at county and province size.

Each run is the whole CLI process (``kegong --data-dir <fresh temp dir> demo --enterprises N --quiet``) under
``/usr/bin/time -v``: wall time and peak resident memory. SQLite in a fresh data folder by default; with
``--postgres URL`` (an empty database you created) the same on PostgreSQL.

``--phases N`` instead runs one demo of N enterprises in this process and times its parts: generating the
records (pure), ``write_records`` (inside the transaction; ``--profile``: under cProfile), the county
figures, targets and facts, the commit (and what runs on it: the panel store's refresh), and the summary the
CLI prints.

    .venv/bin/python benchmarks/bench_demo.py --sizes 150 2000 20000 [--postgres postgresql://…/db]
    .venv/bin/python benchmarks/bench_demo.py --phases 20000
Writes nothing; paste the table into benchmarks/demo-results.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KEGONG = ROOT / ".venv" / "bin" / "kegong"


def run_cli(n: int, database_url: str | None, through: str) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in MB, last output line) of one ``kegong demo`` process."""
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory(prefix="kegong-demo-bench-") as tmp:
        cmd = ["/usr/bin/time", "-v", str(KEGONG), "--data-dir", tmp, "demo", "--enterprises", str(n),
               "--through", through, "--quiet"]
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"demo {n} failed:\n{r.stdout}\n{r.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", r.stderr).group(1)
    secs = sum(float(p) * 60 ** k for k, p in enumerate(reversed(wall.split(":"))))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) // 1024
    return secs, rss, r.stdout.strip().splitlines()[1]


def phases(n: int, through: str, profile: bool = False) -> None:
    tmp = tempfile.mkdtemp(prefix="kegong-demo-phases-")
    os.environ["KEGONG_DATA_DIR"] = tmp
    from kegong.cli.app import setup_django

    setup_django(must_exist=False, migrate=True)
    from django.db import transaction

    from kegong.demo import load
    from kegong.demo.generator import DemoSpec, gc_paused, generate_county

    y, m = map(int, through.split("-"))
    t = time.perf_counter()
    demo = generate_county(DemoSpec(n_enterprises=n, last=(y, m)))
    marks = [("generate (pure)", time.perf_counter() - t)]
    print(f"{len(demo.enterprises):,} enterprises, {len(demo.records.figures):,} figures")
    t = time.perf_counter()
    with transaction.atomic():
        with load._sqlite_cache(load.sqlite_cache_mb()), gc_paused():
            t0 = time.perf_counter()
            if profile:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                prof.enable()
            summary = load.write_records(demo.records, file_name="bench", file_hash=f"bench-{n}")
            if profile:
                prof.disable()
                pstats.Stats(prof).sort_stats("tottime").print_stats(12)
            marks.append(("write_records", time.perf_counter() - t0))
            t0 = time.perf_counter()
            load._county_and_facts(demo)
            marks.append(("county figures, targets, facts", time.perf_counter() - t0))
        t_commit = time.perf_counter()
    marks.append(("commit (and on-commit hooks)", time.perf_counter() - t_commit))
    t0 = time.perf_counter()
    load.summary_lines(load.DemoResult(county=demo, write=summary))
    marks.append(("summary (county overview)", time.perf_counter() - t0))
    for name, secs in marks:
        print(f"| {name} | {secs:.1f} |")
    print(f"| total after generating | {time.perf_counter() - t:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[150, 2000, 20000])
    ap.add_argument("--postgres", help="DATABASE_URL of an empty PostgreSQL database (runs the sizes there too)")
    ap.add_argument("--pg-sizes", type=int, nargs="*", default=[2000])
    ap.add_argument("--through", default="2026-11")
    ap.add_argument("--phases", type=int, help="time the parts of one in-process demo of this many enterprises")
    ap.add_argument("--profile", action="store_true", help="with --phases: cProfile write_records")
    args = ap.parse_args()
    if args.phases:
        phases(args.phases, args.through, args.profile)
        return
    print("| database | enterprises | wall s | peak RSS MB | written |")
    print("| --- | ---: | ---: | ---: | --- |")
    runs = [("SQLite", n, None) for n in args.sizes]
    if args.postgres:
        runs += [("PostgreSQL", n, args.postgres) for n in args.pg_sizes]
    for db, n, url in runs:
        if url:  # an empty database for every run
            _reset_postgres(url)
        secs, rss, line = run_cli(n, url, args.through)
        print(f"| {db} | {n:,} | {secs:.1f} | {rss:,} | {line} |", flush=True)


def _reset_postgres(url: str) -> None:
    subprocess.run(["psql", url, "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True,
                   capture_output=True)


if __name__ == "__main__":
    main()
