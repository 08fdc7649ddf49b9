"""Dashboard p95 under 50 concurrent users (issue 15, item 8), with locust against ``kegong serve``.

For each case (firms in the demo county × backend; the data folder/database is built once by
``bench_read_path.ensure_data`` under ``--work`` and reused: ``kegong demo`` through 2026-10) it brings the
tables up to the source tree's migrations, warms the panel store on disk (``kegong indicators``), starts
``kegong serve --threads 8`` on a free port and runs locust headless twice against it
(``benchmarks/locustfile.py``):

1. ``StaffUser`` × 50 (spawn rate 10/s): each with a session of its own as the demo's ``staff`` (50 logins
   made through the login form before the run, 2 at a time), GETs / (the dashboard) and /enterprises/ in
   turn with a think time (default 1–3 s; ``--wait 0`` for none);
2. ``LoginPageUser`` × 50: the anonymous login page, the baseline served by the same process.

Each run lasts ``--run-time`` seconds; its statistics are reset once every user has been spawned
(``--reset-stats``), and / and /enterprises/ are fetched once before it (their first request in the fresh
process, recorded: it fills the dashboard's in-process cache, which 25 users arriving at once on a cold server
would otherwise all compute together), so the window measured is 50 users in steady state (the logins' PBKDF2
rounds, ≈0.5 s of CPU each, are not in it: with 50 users logging in inside the window they dominated its
p95). Every answer is checked (status and the page's heading). Locust itself runs on the same cores as the
server (the CPU seconds each took are recorded).

    .venv/bin/python benchmarks/bench_dashboard_locust.py --cases sqlite-150,sqlite-2000,postgres-2000
    .venv/bin/python benchmarks/bench_dashboard_locust.py --cases sqlite-20000 --run-time 60

Results are merged into benchmarks/dashboard-locust-results.md (raw measurements kept in its last section, so
runs in parts add up); text under its "## Notes" heading is kept from run to run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import datetime as dt
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_read_path as rp  # noqa: E402 - the demo data (Case, ensure_data), the machine facts, run()
import http_load  # noqa: E402

ROOT = rp.ROOT
OUT = Path(__file__).with_name("dashboard-locust-results.md")
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
RAW_HEADING, NOTES_HEADING = rp.RAW_HEADING, rp.NOTES_HEADING
LIMIT_MS = 300  # issue 11's page target (p95 < 300 ms), for comparison


class Case(rp.Case):
    """bench_read_path's case, with a database name of its own (the two benches may run side by side)."""

    @property
    def dbname(self) -> str:
        return f"kegong_bench_locust_{self.size}"


def case_of(text: str, work: Path) -> Case:
    backend, size = text.split("-")
    return Case(int(size), backend, work)


def locust(port: int, user_class: str, users: int, spawn: int, run_time: int, wait: str, prefix: Path,
           cookies: list[str]) -> dict:
    """One headless locust run; its stats by request name (from the CSV)."""
    env = dict(os.environ, KEGONG_LOCUST_WAIT=wait, KEGONG_LOCUST_COOKIES="|".join(cookies))
    cmd = [str(rp.BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--users", str(users), "--spawn-rate",
           str(spawn), "--run-time", f"{run_time}s", "--host", f"http://{http_load.HOST}:{port}", "--csv",
           str(prefix), "--only-summary", "--reset-stats", "--stop-timeout", "10", "--loglevel", "WARNING",
           user_class]
    t0, cpu0 = time.perf_counter(), sum(os.times()[2:4])
    p = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=run_time + 300)
    wall, locust_cpu = time.perf_counter() - t0, sum(os.times()[2:4]) - cpu0
    if p.returncode not in (0, 1):  # 1: some requests failed (reported in the stats)
        raise RuntimeError(f"locust exited {p.returncode}:\n{p.stderr[-3000:]}")
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {r["Name"]: stats_of(r) for r in csv.DictReader(f)}
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv", newline="") as f:
            failures = [f"{r['Method']} {r['Name']}: {r['Error']} ×{r['Occurrences']}" for r in csv.DictReader(f)]
    return {"users": users, "spawn_rate": spawn, "run_time_s": run_time, "wait": wait, "wall_s": wall,
            "locust_cpu_s": locust_cpu,
            "requests": rows, "failures": failures, "exit": p.returncode}


def stats_of(r: dict) -> dict:
    num = lambda k: float(r[k]) if r.get(k) not in (None, "", "N/A") else None  # noqa: E731
    return {"requests": int(r["Request Count"]), "failures": int(r["Failure Count"]), "p50_ms": num("50%"),
            "p95_ms": num("95%"), "p99_ms": num("99%"), "max_ms": num("Max Response Time"),
            "avg_ms": num("Average Response Time"), "rps": num("Requests/s"), "bytes": num("Average Content Size")}


def first_get(port: int, path: str, cookie: str) -> float:
    """The page's first request in the fresh server (ms): it fills the in-process caches (the dashboard's
    fragments), so that the run measures a warm server, as a user meets it after the first visitor."""
    conn = http.client.HTTPConnection(http_load.HOST, port, timeout=300)
    try:
        dt_s, status, _body = http_load.get(conn, path, cookie)
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"first GET {path}: HTTP {status}")
    return dt_s * 1e3


def measure_case(case: Case, users: int, spawn: int, run_time: int, wait: str) -> dict:
    data = rp.ensure_data(case)
    rp.run(case.kegong("init"), case.env())
    rp.run(rp.indicators_cmd(case, rp.THROUGH), case.env())  # the store is on disk, as for a restarted server
    firms = case.query("SELECT COUNT(*) FROM enterprises_enterprise")[0][0]
    port = http_load.free_port()
    (case.work / case.key).mkdir(parents=True, exist_ok=True)
    proc = rp.start_server(case, port)
    out: dict = {"data": data, "firms": firms, "runs": {}}
    try:
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(2) as pool:  # one session per user, before the run
            cookies = list(pool.map(lambda _: http_load.login(port, "staff", "kegong-demo"), range(users)))
        out["logins"] = {"sessions": len(set(cookies)), "wall_s": time.perf_counter() - t0}
        out["first_ms"] = {path: first_get(port, path, cookies[0]) for path in ("/", "/enterprises/")}
        for key, user_class in (("staff", "StaffUser"), ("baseline", "LoginPageUser")):
            cpu0, load0 = http_load.cpu_seconds(proc.pid), rp.loadavg()
            r = locust(port, user_class, users, spawn, run_time, wait, case.work / case.key / f"locust-{key}",
                       cookies)
            r |= {"server_cpu_s": http_load.cpu_seconds(proc.pid) - cpu0, "loadavg": [load0, rp.loadavg()],
                  "at": dt.datetime.now().isoformat(timespec="seconds")}
            out["runs"][key] = r
            print(f"  {case.key} {key}: {summary(r)}", flush=True)
        out["server"] = {"peak_rss_mib": http_load.vm_status(proc.pid)["VmHWM"]}
    finally:
        http_load.stop_server(proc)
    return out


def summary(r: dict) -> str:
    return "; ".join(f"{name}: {s['requests']} req, p50 {s['p50_ms']} / p95 {s['p95_ms']} / p99 {s['p99_ms']} ms, "
                     f"{s['rps']:.1f} req/s, {s['failures']} failed" for name, s in r["requests"].items())


def machine_facts() -> dict:
    """Cores, CPU model, versions (bench_read_path's own list wants duckdb, which this venv may lack)."""
    code = ("import json, platform, django, sqlite3; print(json.dumps({'python': platform.python_version(), "
            "'django': django.__version__, 'sqlite': sqlite3.sqlite_version}))")
    facts = json.loads(subprocess.run([str(rp.BIN / "python"), "-c", code], capture_output=True, text=True,
                                      check=True).stdout)
    p = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
                       capture_output=True, text=True)
    return facts | {"postgresql": p.stdout.strip() or "unavailable", "nproc": os.cpu_count(), "cpu": rp.cpu_model(),
                    "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "loadavg": list(os.getloadavg())}


# --- the results file -----------------------------------------------------------------------------------
def load_raw() -> dict:
    return rp.load_raw(OUT)  # the same results-file layout as the read-path benchmark


def fmt(x) -> str:
    return "—" if x is None else f"{x:,.0f}"


def result_rows(raw: dict) -> list[str]:
    out = ["| case | firms | users (think s) | request | requests | p50 ms | p95 ms | p99 ms | max ms | req/s | "
           "failures | server / locust CPU s | load avg |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key, c in raw["cases"].items():
        for run_key in ("staff", "baseline"):
            r = c["runs"].get(run_key)
            if r is None:
                continue
            for name, s in r["requests"].items():
                if name == "Aggregated" and run_key == "baseline":
                    continue
                out.append(f"| {key} | {c['firms']:,} | {r['users']} ({r['wait']}) | {name} | {s['requests']:,} | "
                           f"{fmt(s['p50_ms'])} | {fmt(s['p95_ms'])} | {fmt(s['p99_ms'])} | {fmt(s['max_ms'])} | "
                           f"{s['rps']:.1f} | {s['failures']} | {r['server_cpu_s']:.0f} / "
                           f"{fmt(r.get('locust_cpu_s'))} | {r['loadavg'][0]:.1f}→{r['loadavg'][1]:.1f} |")
    return out


def failure_lines(raw: dict) -> list[str]:
    out = [f"- {key} {run_key}: {f}" for key, c in raw["cases"].items() for run_key, r in c["runs"].items()
           for f in r["failures"]]
    return out or ["None: every answer was HTTP 200 with the page's own heading."]


def write_results(raw: dict) -> None:
    m = raw.get("machine", {})
    lines = ["# Dashboard under 50 concurrent users, with locust (issue 15, item 8)", "",
             "Made by `benchmarks/bench_dashboard_locust.py` with `benchmarks/locustfile.py` (method in the "
             "script's docstring). Times are locust's (from request sent to body read), over the run after all "
             "users were spawned; the login page from the same server is the baseline. Each user has its own "
             "session, logged in through the form before the run.", "",
             f"Machine: {m.get('nproc')} cores, {m.get('cpu')}; Python {m.get('python')}, Django {m.get('django')}, "
             f"SQLite {m.get('sqlite')}, PostgreSQL {m.get('postgresql')}; locust {m.get('locust')}; {m.get('date')}; "
             f"load average before {m.get('loadavg')}. The 2 cores are shared with locust itself and with other "
             "work on the machine, so absolute figures vary from run to run; compare with the baseline of the "
             "same run.", "", "## Results", "", *result_rows(raw), "", "## Failures", "", *failure_lines(raw), "",
             NOTES_HEADING, "", raw.get("notes") or "", "", RAW_HEADING, "", "```json",
             json.dumps({k: v for k, v in raw.items() if k != "notes"}, indent=1, ensure_ascii=False), "```", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", default="sqlite-150,sqlite-2000,postgres-2000", help="backend-firms, comma-separated")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--spawn-rate", type=int, default=10)
    ap.add_argument("--run-time", type=int, default=60, help="seconds per locust run")
    ap.add_argument("--wait", default="1-3", help='think time in seconds, "low-high" or "0"')
    ap.add_argument("--work", type=Path, default=Path("/tmp/kegong-bench-locust"))
    ap.add_argument("--drop", action="store_true", help="drop the cases' databases and data folders afterwards")
    a = ap.parse_args(argv)
    raw = load_raw()
    from importlib.metadata import version  # not ``import locust``: it monkey-patches this process (gevent)

    raw["machine"] = machine_facts() | {"locust": version("locust")}
    for text in a.cases.split(","):
        case = case_of(text, a.work)
        if case.backend == "postgres" and subprocess.run(["pg_isready", "-h", "127.0.0.1"]).returncode:
            print(f"{text}: PostgreSQL unreachable, skipped", flush=True)
            continue
        try:
            raw["cases"][f"{case.key}-u{a.users}-w{a.wait}"] = measure_case(case, a.users, a.spawn_rate,
                                                                            a.run_time, a.wait)
        finally:
            if a.drop:
                rp.drop_case(case)
        write_results(raw)


if __name__ == "__main__":
    main(sys.argv[1:])
