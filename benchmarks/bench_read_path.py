"""What users feel on the read path (the panel store), measured from the outside, against plain baselines.

For each size (firms in the demo county, 3 years of monthly figures through THROUGH) and backend (SQLite
in a data folder, or PostgreSQL through DATABASE_URL) it builds a data folder/database once (``kegong demo``
+ ``kegong createuser``; reused when present) and times, every command as a whole process:

1. ``kegong indicators --period THROUGH --json``: cold (panel store deleted) and warm (median of N after
   one warm-up run);
2. the home page ``/`` against ``kegong serve --threads 8`` with a real HTTP client (python threads,
   http.client, keep-alive, session cookie from a real login): p50/p95 with 1 and 20 concurrent clients,
   and the server's peak RSS (VmHWM);
3. importing one new month (NEW_MONTH, every firm and indicator, kegong's template layout, values derived
   from the firms' previous month) with ``kegong import``, including the store's refresh (timed inside the
   same process by a wrapper around ``store.refresh``), then the first read after it; the batch is then
   rolled back (``kegong rollback``) so that the data folder can be reused;
4. ``kegong report half-year --period HALF_YEAR``: cold (store and forecast cache deleted), then warm;
5. baselines over the same rows: (a) pandas ``read_sql`` + merges + ``groupby`` sums (county by indicator
   and towns' gross output, cumulative and same-scope growth: members = firms above scale in the year);
   (b) DuckDB computing the same in SQL, over its sqlite/postgres scanner when that extension can be
   loaded locally, else over the frames pandas read (the mode used is recorded).

    .venv/bin/python benchmarks/bench_read_path.py --sizes 150,2000 --backends sqlite,postgres
    .venv/bin/python benchmarks/bench_read_path.py --sizes 20000 --backends sqlite --measures indicators,home

Results are merged into benchmarks/read-path-results.md (raw measurements kept in its last section, so
runs in parts add up); text under its "## Notes" heading is kept from run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import http_load  # benchmarks/http_load.py, beside this script
from http_load import free_port, stop_server, vm_status

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
OUT = Path(__file__).with_name("read-path-results.md")
THROUGH = (2026, 10)  # the demo's last month (fixed, so that results do not depend on today's date)
NEW_MONTH = (2026, 11)  # the month the import brings
HALF_YEAR = "2026-06"
USER, PASSWORD = "bench", "Bench-2026-pw"
PG_URL = "postgresql://postgres@127.0.0.1:5432"
MEASURES = ("indicators", "home", "import", "report", "baselines")
RAW_HEADING = "## Raw measurements"
NOTES_HEADING = "## Notes"
BROKEN_TREE = ("ImportError", "SyntaxError", "IndentationError", "NameError", "AttributeError: module",
               "ImproperlyConfigured")


# --- running things ------------------------------------------------------------------------------------
def run(cmd: list[str], env: dict, *, retries: int = 5, timeout: float = 3600) -> tuple[float, str]:
    """Run a whole process; (wall seconds, stdout). A failure that looks like another engineer's edit in
    progress (an ImportError at start) is retried after a minute."""
    for attempt in range(retries + 1):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        dt_s = time.perf_counter() - t0
        if p.returncode == 0:
            return dt_s, p.stdout
        broken = any(s in p.stderr for s in BROKEN_TREE)
        if not broken or attempt == retries:
            raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-3000:]}")
        print(f"  source tree looks mid-edit ({p.stderr.strip().splitlines()[-1][:120]}); retrying in 60 s",
              flush=True)
        time.sleep(60)
    raise AssertionError("unreachable")


def timed_runs(cmd: list[str], env: dict, repeats: int) -> dict:
    """One warm-up run, then ``repeats`` timed runs: median, min, max and every time."""
    run(cmd, env)
    times = [run(cmd, env)[0] for _ in range(repeats)]
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "runs_s": times}


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


@dataclass(frozen=True)
class Case:
    size: int
    backend: str  # "sqlite" | "postgres"
    work: Path

    @property
    def key(self) -> str:
        return f"{self.backend}-{self.size}"

    @property
    def data_dir(self) -> Path:
        return self.work / self.key / "data"

    @property
    def dbname(self) -> str:
        return f"kegong_bench_rp_{self.size}"

    def env(self) -> dict:
        env = dict(os.environ, KEGONG_DATA_DIR=str(self.data_dir))
        env.pop("DATABASE_URL", None)
        if self.backend == "postgres":
            env["DATABASE_URL"] = f"{PG_URL}/{self.dbname}"
        return env

    def kegong(self, *args: str) -> list[str]:
        return [str(BIN / "kegong"), *args]

    def connect(self):
        """A plain DB-API connection (for the bench's own look-ups, never timed)."""
        if self.backend == "sqlite":
            return sqlite3.connect(self.data_dir / "kegong.sqlite3")
        import psycopg

        return psycopg.connect(f"{PG_URL}/{self.dbname}", autocommit=True)

    def query(self, sql: str) -> list[tuple]:
        con = self.connect()
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


def period_text(ym: tuple[int, int]) -> str:
    return f"{ym[0]}-{ym[1]:02d}"


# --- building the data once ----------------------------------------------------------------------------
def ensure_data(case: Case) -> dict:
    """Build the case's data folder/database unless a finished build is there; returns its facts."""
    marker = case.data_dir / "bench-built.json"
    if marker.exists():
        return json.loads(marker.read_text())
    shutil.rmtree(case.data_dir, ignore_errors=True)
    case.data_dir.mkdir(parents=True)
    env = case.env()
    if case.backend == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{case.dbname}"')
        pg_admin(f'CREATE DATABASE "{case.dbname}"')
        run(case.kegong("init"), env)
    print(f"  building demo county ({case.size:,} firms, {case.backend})…", flush=True)
    demo_s, _ = run(case.kegong("demo", "--enterprises", str(case.size), "--through", period_text(THROUGH),
                                "--quiet"), env)
    run(case.kegong("createuser", USER, "--password", PASSWORD), env)
    facts = {"demo_s": round(demo_s, 1), "firms": case.query("SELECT COUNT(*) FROM enterprises_enterprise")[0][0],
             "figure_rows": case.query("SELECT COUNT(*) FROM figures_monthlyfigure")[0][0],
             "built": dt.datetime.now().isoformat(timespec="seconds")}
    marker.write_text(json.dumps(facts))
    return facts


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as con:
        con.execute(sql)


def drop_case(case: Case) -> None:
    if case.backend == "postgres":
        pg_admin(f'DROP DATABASE IF EXISTS "{case.dbname}"')
    shutil.rmtree(case.work / case.key, ignore_errors=True)


def clear_store(case: Case) -> None:
    shutil.rmtree(case.data_dir / "panel", ignore_errors=True)


def undo_new_month(case: Case) -> None:
    """Roll back any batch that left NEW_MONTH behind (an interrupted earlier run)."""
    y, m = NEW_MONTH
    ids = case.query(f"SELECT DISTINCT batch_id FROM figures_monthlyfigure WHERE year = {y} AND month = {m}")
    for (batch_id,) in sorted(ids, reverse=True):
        if batch_id is not None:
            run(case.kegong("rollback", str(batch_id), "--yes"), case.env())


# --- 1. kegong indicators ----------------------------------------------------------------------------
def indicators_cmd(case: Case, ym: tuple[int, int]) -> list[str]:
    return case.kegong("indicators", "--period", period_text(ym), "--json")


def county_gross_output(stdout: str) -> dict:
    """kegong's county gross output (cumulative, growth) from ``indicators --json``."""
    table = json.loads(stdout)
    row = next(r for r in table["indicators"] if r["code"] == "gross_output" and r["scope"] == "all")
    return {"cumulative": row["cumulative"], "yoy_pct": row["yoy_pct"]}


def measure_indicators(case: Case, repeats: int) -> dict:
    env, cmd = case.env(), indicators_cmd(case, THROUGH)
    clear_store(case)
    cold_s, out = run(cmd, env)
    warm = timed_runs(cmd, env, repeats)
    return {"cold_s": cold_s, **warm, "check": county_gross_output(out), "stdout_bytes": len(out)}


# --- 2. the home page --------------------------------------------------------------------------------
def start_server(case: Case, port: int) -> subprocess.Popen:
    return http_load.start_server(case.kegong("serve", "--port", str(port), "--threads", "8"), case.env(),
                                  case.work / case.key / "serve.log", ROOT, port)


def login(port: int) -> str:
    return http_load.login(port, USER, PASSWORD)


def get_home(conn: http.client.HTTPConnection, cookie: str) -> float:
    dt_s, status, body = http_load.get(conn, "/", cookie)
    if status != 200 or "全县工业经济驾驶舱 <small>".encode() not in body:  # the board, not the empty page
        raise RuntimeError(f"home page: HTTP {status}, {len(body)} bytes, not the dashboard")
    return dt_s


def load(port: int, cookie: str, clients: int, total: int) -> dict:
    """``total`` GET / spread over ``clients`` threads, each on its own keep-alive connection."""
    return http_load.load(port, lambda conn: get_home(conn, cookie), clients, total)


def load_with_cpu(port: int, cookie: str, clients: int, total: int, server_pid: int) -> dict:
    """:func:`load`, plus the server's and this client's CPU time per request."""
    return http_load.load_with_cpu(port, lambda conn: get_home(conn, cookie), clients, total, server_pid)


def measure_home(case: Case, requests: int, levels: tuple[int, ...] = (1, 20)) -> dict:
    run(indicators_cmd(case, THROUGH), case.env())  # the store is on disk, as for a restarted server
    port = free_port()
    proc = start_server(case, port)
    try:
        cookie = login(port)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        first_ms = get_home(conn, cookie) * 1e3
        conn.close()
        load(port, cookie, clients=4, total=40)  # warm-up
        result = {"first_page_ms": first_ms, "levels": [load_with_cpu(port, cookie, c, requests, proc.pid)
                                                          for c in levels]}
        mem = vm_status(proc.pid)
    finally:
        stop_server(proc)
    return {**result, "peak_rss_mib": mem["VmHWM"], "rss_after_mib": mem["VmRSS"]}


# --- 3. importing a month ------------------------------------------------------------------------------
MONTH_SQL = """
SELECT e.uscc, e.name, i.code, CAST(f.value AS {real}), CAST(f.cumulative AS {real}),
       CAST(p.value AS {real}), CAST(p.cumulative AS {real})
FROM figures_monthlyfigure f
JOIN enterprises_enterprise e ON e.id = f.enterprise_id
JOIN figures_indicator i ON i.id = f.indicator_id
LEFT JOIN figures_monthlyfigure p ON p.enterprise_id = f.enterprise_id AND p.indicator_id = f.indicator_id
     AND p.year = {py} AND p.month = {m}
WHERE f.year = {y} AND f.month = {m0}
ORDER BY e.uscc, i.id
"""


def month_rows(case: Case) -> list[tuple]:
    """NEW_MONTH for every firm and indicator of THROUGH: this month ≈ last month × (0.9–1.1), cumulative
    = last cumulative + this month, prior-year figures = what the firm reported for that month last year."""
    (y, m), (_, m0) = NEW_MONTH, THROUGH
    real = "REAL" if case.backend == "sqlite" else "DOUBLE PRECISION"
    rng = random.Random(case.size)
    out = []
    for uscc, name, code, value, cum, p_value, p_cum in case.query(
            MONTH_SQL.format(real=real, py=y - 1, y=y, m=m, m0=m0)):
        new = None if value is None else round(value * rng.uniform(0.9, 1.1), 2)
        new_cum = None if cum is None else round(cum + (new or 0.0), 2)
        out.append((uscc, name, code, period_text(NEW_MONTH), new, new_cum, p_value, p_cum))
    return out


def build_month_file(case: Case) -> tuple[Path, dict]:
    """The template workbook of NEW_MONTH (built once per case, untimed)."""
    from openpyxl import Workbook

    path = case.work / case.key / f"template-{period_text(NEW_MONTH)}.xlsx"
    facts_path = path.with_suffix(".json")
    if path.exists() and facts_path.exists():
        return path, json.loads(facts_path.read_text())
    t0 = time.perf_counter()
    rows = month_rows(case)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")  # kegong.readers.template: SHEET, TITLE, HEADERS
    ws.append(["kegong 手工数据导入模板（金额单位：万元；用电量单位：万千瓦时）"])
    ws.append(["说明：每行填一家企业、一个指标、一个月份。"])
    ws.append(["统一社会信用代码", "单位详细名称", "指标", "期别", "本月", "1-本月累计", "上年同月", "上年同期累计"])
    for row in rows:
        ws.append(list(row))
    wb.save(str(path))
    facts = {"rows": len(rows), "bytes": path.stat().st_size, "build_s": time.perf_counter() - t0}
    facts_path.write_text(json.dumps(facts))
    return path, facts


IMPORT_WRAPPER = """
import json, os, sys, time
import kegong.cli.app as app
spent, setup = [], app.setup_django

def timed_setup(**kw):
    setup(**kw)
    from kegong.figures import store
    refresh = store.refresh
    def timed_refresh():
        t0 = time.perf_counter()
        try:
            return refresh()
        finally:
            spent.append(time.perf_counter() - t0)
    store.refresh = timed_refresh

app.setup_django = timed_setup
from kegong.cli import run
try:
    run()
finally:
    with open(os.environ["BENCH_REFRESH_OUT"], "w") as fh:
        json.dump(spent, fh)
"""


def measure_import(case: Case) -> dict:
    path, facts = build_month_file(case)
    env = dict(case.env(), BENCH_REFRESH_OUT=str(case.work / case.key / "refresh.json"))
    run(indicators_cmd(case, THROUGH), env)  # the store is current before the import, as on a live site
    import_s, out = run([str(BIN / "python"), "-c", IMPORT_WRAPPER, "import", str(path), "--quiet"], env)
    refreshes = json.loads(Path(env["BENCH_REFRESH_OUT"]).read_text())
    first_read_s, first_out = run(indicators_cmd(case, NEW_MONTH), env)
    second_read_s, _ = run(indicators_cmd(case, NEW_MONTH), env)
    y, m = NEW_MONTH
    written = case.query(f"SELECT COUNT(*) FROM figures_monthlyfigure WHERE year = {y} AND month = {m}")[0][0]
    batch = case.query(f"SELECT DISTINCT batch_id FROM figures_monthlyfigure WHERE year = {y} AND month = {m}")
    rollback_s, _ = run(case.kegong("rollback", str(batch[0][0]), "--yes"), env)
    left = case.query(f"SELECT COUNT(*) FROM figures_monthlyfigure WHERE year = {y} AND month = {m}")[0][0]
    if left or written != facts["rows"]:
        raise RuntimeError(f"import wrote {written} of {facts['rows']} rows; {left} left after rollback")
    return {"file_rows": facts["rows"], "file_mb": facts["bytes"] / 1e6, "import_s": import_s,
            "refresh_s": sum(refreshes), "refresh_calls": len(refreshes), "first_read_s": first_read_s,
            "second_read_s": second_read_s, "rollback_s": rollback_s, "import_said": out.strip()[-300:],
            "check": county_gross_output(first_out)}


# --- 4. the half-year report ---------------------------------------------------------------------------
def measure_report(case: Case) -> dict:
    env = case.env()
    out = case.work / case.key / "half-year.docx"
    cmd = case.kegong("report", "half-year", "--period", HALF_YEAR, "-o", str(out), "--date", "2026-07-10")
    clear_store(case)
    shutil.rmtree(case.data_dir / "cache", ignore_errors=True)  # forecasts kept between report runs
    cold_s, _ = run(cmd, env)
    warm_s, _ = run(cmd, env)
    return {"cold_s": cold_s, "warm_s": warm_s, "docx_kb": out.stat().st_size / 1024}


# --- 5. baselines: a plain analyst's script (run as its own process: `_baseline pandas|duckdb`) ---------
FIG_SQL = ("SELECT enterprise_id, indicator_id, year, month, CAST(cumulative AS {real}) AS cumulative, "
           "CAST(prior_year_cumulative AS {real}) AS prior_cumulative FROM figures_monthlyfigure "
           "WHERE year IN ({y0}, {y1})")
ENT_SQL = ("SELECT e.id AS enterprise_id, t.name AS town FROM enterprises_enterprise e "
           "JOIN enterprises_orgunit t ON t.id = e.town_id")
SCALE_SQL = "SELECT enterprise_id, year FROM enterprises_scalestatus WHERE above_scale"
IND_SQL = "SELECT id AS indicator_id, code FROM figures_indicator"


def baseline_connect(backend: str, target: str):
    if backend == "sqlite":
        return sqlite3.connect(target)
    import psycopg

    return psycopg.connect(target)


def read_frames(backend: str, target: str, year: int) -> dict:
    """The rows of the two years, the firms' towns, the above-scale statuses and the indicator codes."""
    import warnings

    import pandas as pd

    real = "REAL" if backend == "sqlite" else "DOUBLE PRECISION"
    con = baseline_connect(backend, target)
    with warnings.catch_warnings():  # pandas warns about DB-API connections other than sqlite3
        warnings.simplefilter("ignore", UserWarning)
        frames = {"figs": pd.read_sql(FIG_SQL.format(real=real, y0=year - 1, y1=year), con),
                  "ents": pd.read_sql(ENT_SQL, con), "scale": pd.read_sql(SCALE_SQL, con),
                  "inds": pd.read_sql(IND_SQL, con)}
    con.close()
    return frames


def with_growth(df):
    ok = df["prior_cumulative"] > 0
    df["yoy_pct"] = (df["cumulative"] / df["prior_cumulative"] - 1).where(ok) * 100
    return df


def pandas_aggregates(frames: dict, year: int):
    """Same-scope sums: members are the firms above scale in the year (inner join on the status)."""
    df = (frames["figs"].merge(frames["scale"], on=["enterprise_id", "year"])
          .merge(frames["ents"], on="enterprise_id").merge(frames["inds"], on="indicator_id"))
    cols = ["cumulative", "prior_cumulative"]
    county = with_growth(df.groupby(["code", "year", "month"])[cols].sum(min_count=1).reset_index())
    county["pp_change"] = county.groupby(["code", "year"])["yoy_pct"].diff()
    towns = with_growth(df[df["code"] == "gross_output"].groupby(["town", "year", "month"])[cols]
                        .sum(min_count=1).reset_index())
    return county, towns


DUCK_SQL = """
WITH members AS (
  SELECT i.code, e.town, f.year, f.month, f.cumulative, f.prior_cumulative
  FROM {figs} f JOIN {scale} s ON s.enterprise_id = f.enterprise_id AND s.year = f.year
  JOIN {ents} e ON e.enterprise_id = f.enterprise_id JOIN {inds} i ON i.indicator_id = f.indicator_id
  {where}), county AS (
  SELECT code, year, month, SUM(cumulative) AS cumulative, SUM(prior_cumulative) AS prior_cumulative
  FROM members GROUP BY ALL), towns AS (
  SELECT town, year, month, SUM(cumulative) AS cumulative, SUM(prior_cumulative) AS prior_cumulative
  FROM members WHERE code = 'gross_output' GROUP BY ALL)
SELECT 'county' AS kind, code AS part, year, month, cumulative, prior_cumulative,
       CASE WHEN prior_cumulative > 0 THEN (cumulative / prior_cumulative - 1) * 100 END AS yoy_pct
FROM county UNION ALL
SELECT 'town', town, year, month, cumulative, prior_cumulative,
       CASE WHEN prior_cumulative > 0 THEN (cumulative / prior_cumulative - 1) * 100 END FROM towns
"""


def duckdb_scanner(con, backend: str, target: str) -> bool:
    """Attach the database through DuckDB's own scanner if the extension is installed locally (never
    downloaded); False when it is not there."""
    ext = "sqlite" if backend == "sqlite" else "postgres"
    try:
        con.execute(f"LOAD {ext}")
    except Exception:  # noqa: BLE001 - not installed: fall back to reading through pandas
        return False
    spec = target if backend == "sqlite" else libpq_dsn(target)
    con.execute(f"ATTACH '{spec}' AS k (TYPE {ext}, READ_ONLY)")
    return True


def libpq_dsn(url: str) -> str:
    u = urllib.parse.urlparse(url)
    return f"host={u.hostname} port={u.port or 5432} user={u.username} dbname={u.path.lstrip('/')}"


def duckdb_aggregates(backend: str, target: str, year: int) -> tuple[list, str, float]:
    import duckdb

    t0 = time.perf_counter()
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    if duckdb_scanner(con, backend, target):
        names = {"figs": "k.figures_monthlyfigure", "scale": "(SELECT * FROM k.enterprises_scalestatus "
                 "WHERE above_scale)", "ents": f"({ENT_SQL.replace('enterprises_', 'k.enterprises_')})",
                 "inds": f"({IND_SQL.replace('figures_', 'k.figures_')})"}
        where, mode = f"WHERE f.year IN ({year - 1}, {year})", f"{backend} scanner (ATTACH)"
    else:
        frames = read_frames(backend, target, year)
        for name, frame in frames.items():
            con.register(name, frame)
        names, where, mode = {n: n for n in frames}, "", "pandas read_sql, then DuckDB SQL over the frames"
    read_s = time.perf_counter() - t0
    rows = con.execute(DUCK_SQL.format(where=where, **names)).fetchall()
    return rows, mode, read_s


def baseline_main(argv: list[str]) -> None:
    """The child process of a baseline: prints one JSON line (internal stage times + the check figure)."""
    kind, backend, target, year, month = argv[0], argv[1], argv[2], int(argv[3]), int(argv[4])
    t0 = time.perf_counter()
    if kind == "pandas":
        import pandas  # noqa: F401 - the import is part of what an analyst's script pays

        t_import = time.perf_counter() - t0
        frames = read_frames(backend, target, year)
        t_read = time.perf_counter() - t0 - t_import
        county, towns = pandas_aggregates(frames, year)
        row = county[(county.code == "gross_output") & (county.year == year) & (county.month == month)].iloc[0]
        check, n_towns = {"cumulative": float(row.cumulative), "yoy_pct": float(row.yoy_pct)}, len(towns)
        mode = "pandas read_sql + merge + groupby"
    else:
        import duckdb  # noqa: F401
        import pandas  # noqa: F401 - the fallback reads through pandas (imported here, not timed as reading)

        t_import = time.perf_counter() - t0
        rows, mode, t_read = duckdb_aggregates(backend, target, year)
        hit = next(r for r in rows if r[:4] == ("county", "gross_output", year, month))
        check, n_towns = {"cumulative": hit[4], "yoy_pct": hit[6]}, sum(r[0] == "town" for r in rows)
    total = time.perf_counter() - t0
    print(json.dumps({"mode": mode, "import_s": t_import, "read_s": t_read,
                      "compute_s": total - t_import - t_read, "check": check, "town_rows": n_towns}))


def measure_baselines(case: Case, repeats: int) -> dict:
    target = str(case.data_dir / "kegong.sqlite3") if case.backend == "sqlite" else f"{PG_URL}/{case.dbname}"
    out = {}
    for kind in ("pandas", "duckdb"):
        cmd = [str(BIN / "python"), str(Path(__file__).resolve()), "_baseline", kind, case.backend, target,
               str(THROUGH[0]), str(THROUGH[1])]
        timing = timed_runs(cmd, case.env(), repeats)
        _, stdout = run(cmd, case.env())
        out[kind] = {**timing, **json.loads(stdout.strip().splitlines()[-1])}
    return out


# --- the run ---------------------------------------------------------------------------------------------
def run_case(case: Case, measures: tuple[str, ...], repeats: int, requests: int) -> dict:
    """Every chosen measure of one case, with the machine's load before and after each."""
    result: dict = {"data": ensure_data(case)}
    undo_new_month(case)
    steps = {"indicators": lambda: measure_indicators(case, repeats),
             "home": lambda: measure_home(case, requests),
             "report": lambda: measure_report(case),
             "baselines": lambda: measure_baselines(case, repeats),
             "import": lambda: measure_import(case)}
    for name in MEASURES:
        if name not in measures:
            continue
        print(f"  {name}…", flush=True)
        before = loadavg()
        try:
            result[name] = steps[name]()
        except Exception as e:  # noqa: BLE001 - recorded as the measure's result, the run goes on
            result[name] = {"error": f"{type(e).__name__}: {str(e)[:1500]}"}
            print(f"  {name} FAILED: {result[name]['error'][:400]}", flush=True)
        result[name]["loadavg"] = [before, loadavg()]
        result[name]["at"] = dt.datetime.now().isoformat(timespec="seconds")
        print(f"  {name}: {summary_line(name, result[name])}", flush=True)
    return result


def summary_line(name: str, r: dict) -> str:
    if "error" in r:
        return "error"
    if name == "indicators":
        return f"cold {r['cold_s']:.2f} s, warm median {r['median_s']:.2f} s"
    if name == "home":
        return ", ".join(f"{lv['clients']} clients p50 {lv['p50_ms']:.0f} / p95 {lv['p95_ms']:.0f} ms"
                         for lv in r["levels"]) + f", peak RSS {r['peak_rss_mib']:.0f} MiB"
    if name == "import":
        return f"import {r['import_s']:.2f} s (refresh {r['refresh_s']:.2f} s), first read {r['first_read_s']:.2f} s"
    if name == "report":
        return f"cold {r['cold_s']:.2f} s, warm {r['warm_s']:.2f} s"
    return ", ".join(f"{k} {v['median_s']:.2f} s" for k, v in r.items() if isinstance(v, dict) and "median_s" in v)


def machine_facts() -> dict:
    code = ("import json, platform, numpy, pandas, duckdb, django, sqlite3; print(json.dumps({'python': "
            "platform.python_version(), 'numpy': numpy.__version__, 'pandas': pandas.__version__, 'duckdb': "
            "duckdb.__version__, 'django': django.__version__, 'sqlite': sqlite3.sqlite_version}))")
    facts = json.loads(subprocess.run([str(BIN / "python"), "-c", code], capture_output=True, text=True,
                                      check=True).stdout)
    try:
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres") as con:
            facts["postgresql"] = con.execute("SHOW server_version").fetchone()[0]
    except Exception as e:  # noqa: BLE001
        facts["postgresql"] = f"unavailable ({type(e).__name__})"
    facts |= {"nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
              "free_g": subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.rstrip(),
              "cpu": cpu_model(), "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
              "loadavg": list(os.getloadavg())}
    return facts


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


# --- the results file -----------------------------------------------------------------------------------
def load_raw(out: Path | None = None) -> dict:
    """The raw measurements kept in a results file (default: this benchmark's) by earlier runs, and its notes."""
    out = out or OUT
    if not out.exists():
        return {"cases": {}, "machine": {}, "notes": ""}
    text = out.read_text(encoding="utf-8")
    notes = text.split(NOTES_HEADING, 1)[1].split(RAW_HEADING, 1)[0].strip() if NOTES_HEADING in text else ""
    m = re.search(r"```json\n(.*?)\n```", text.split(RAW_HEADING, 1)[-1], re.S) if RAW_HEADING in text else None
    raw = json.loads(m.group(1)) if m else {"cases": {}, "machine": {}}
    raw["notes"] = notes
    return raw


def merge(raw: dict, key: str, result: dict) -> None:
    case = raw["cases"].setdefault(key, {})
    case.update(result)  # a measure run again replaces the earlier one; others are kept


def cell(raw: dict, size: int, backend: str, fn) -> str:
    r = raw["cases"].get(f"{backend}-{size}")
    try:
        return fn(r)
    except (KeyError, TypeError, StopIteration, IndexError):
        if r is not None and ("build_error" in r or any(isinstance(v, dict) and "error" in v for v in r.values())):
            return "error"
        return "—"


def level(r: dict, clients: int) -> dict:
    return next(lv for lv in r["home"]["levels"] if lv["clients"] == clients)


def sizes_in(raw: dict) -> list[int]:
    return sorted({int(k.split("-")[1]) for k in raw["cases"]})


def table(raw: dict, title: str, columns: list[tuple[str, object]]) -> list[str]:
    """A table with one row per size × backend and one column per (header, function of the case)."""
    lines = [f"### {title}", "", "| firms | backend | " + " | ".join(h for h, _ in columns) + " |",
             "| ---: | --- | " + " | ".join("---:" for _ in columns) + " |"]
    for size in sizes_in(raw):
        for backend in ("sqlite", "postgres"):
            if f"{backend}-{size}" in raw["cases"]:
                cells = [cell(raw, size, backend, fn) for _, fn in columns]
                lines.append(f"| {size:,} | {backend} | " + " | ".join(cells) + " |")
    return lines + [""]


def s(x: float) -> str:
    return f"{x:.2f}"


def ms(x: float) -> str:
    return f"{x:.0f}"


def measure_tables(raw: dict) -> list[str]:
    ind, imp, rep, base = "indicators", "import", "report", "baselines"
    out = table(raw, "Data", [
        ("firms in register", lambda r: f"{r['data']['firms']:,}"),
        ("figure rows", lambda r: f"{r['data']['figure_rows']:,}"),
        ("demo build s (once)", lambda r: f"{r['data']['demo_s']:.0f}")])
    out += table(raw, f"1. `kegong indicators --period {period_text(THROUGH)} --json` (whole process, s)", [
        ("cold store", lambda r: s(r[ind]["cold_s"])), ("warm median", lambda r: s(r[ind]["median_s"])),
        ("warm min–max", lambda r: f"{s(r[ind]['min_s'])}–{s(r[ind]['max_s'])}"),
        ("load avg before/after", lambda r: "/".join(map(str, r[ind]["loadavg"])))])
    out += table(raw, "2. Home page `/` via `kegong serve --threads 8` (ms; RSS MiB)", [
        ("first page", lambda r: ms(r["home"]["first_page_ms"])),
        ("1 client p50", lambda r: ms(level(r, 1)["p50_ms"])), ("1 client p95", lambda r: ms(level(r, 1)["p95_ms"])),
        ("20 clients p50", lambda r: ms(level(r, 20)["p50_ms"])),
        ("20 clients p95", lambda r: ms(level(r, 20)["p95_ms"])),
        ("20 clients req/s", lambda r: f"{level(r, 20)['throughput_rps']:.1f}"),
        ("server CPU ms/page (1 / 20)", lambda r: f"{level(r, 1)['server_cpu_ms_per_req']:.1f} / "
                                                  f"{level(r, 20)['server_cpu_ms_per_req']:.1f}"),
        ("client CPU ms/page (20)", lambda r: f"{level(r, 20)['client_cpu_ms_per_req']:.1f}"),
        ("peak RSS", lambda r: ms(r["home"]["peak_rss_mib"])),
        ("load avg before/after", lambda r: "/".join(map(str, r["home"]["loadavg"])))])
    out += table(raw, f"3. Importing {period_text(NEW_MONTH)} for all firms (whole process, s)", [
        ("template rows", lambda r: f"{r[imp]['file_rows']:,}"), ("file MB", lambda r: f"{r[imp]['file_mb']:.1f}"),
        ("`kegong import` incl. refresh", lambda r: s(r[imp]["import_s"])),
        ("of which refresh", lambda r: s(r[imp]["refresh_s"])),
        ("first `indicators` after", lambda r: s(r[imp]["first_read_s"])),
        ("second", lambda r: s(r[imp]["second_read_s"])),
        ("rollback (not a target)", lambda r: s(r[imp]["rollback_s"]))])
    out += table(raw, f"4. `kegong report half-year --period {HALF_YEAR}` (whole process, s)", [
        ("cold (store + forecast cache deleted)", lambda r: s(r[rep]["cold_s"])),
        ("warm", lambda r: s(r[rep]["warm_s"]))])
    out += table(raw, "5. Baselines over the same rows (whole process, median of N after a warm-up, s)", [
        ("pandas", lambda r: s(r[base]["pandas"]["median_s"])),
        ("pandas read / compute", lambda r: f"{s(r[base]['pandas']['read_s'])} / {s(r[base]['pandas']['compute_s'])}"),
        ("DuckDB", lambda r: s(r[base]["duckdb"]["median_s"])),
        ("DuckDB read / query", lambda r: f"{s(r[base]['duckdb']['read_s'])} / {s(r[base]['duckdb']['compute_s'])}"),
        ("county gross output 1-10月: kegong / pandas / DuckDB", check_cell)])
    out += table(raw, "Ratios kegong / baseline (whole process; < 1 means kegong is faster)", [
        ("indicators warm / pandas", lambda r: ratio(r[ind]["median_s"], r[base]["pandas"]["median_s"])),
        ("indicators warm / DuckDB", lambda r: ratio(r[ind]["median_s"], r[base]["duckdb"]["median_s"])),
        ("indicators cold / pandas", lambda r: ratio(r[ind]["cold_s"], r[base]["pandas"]["median_s"])),
        ("indicators cold / DuckDB", lambda r: ratio(r[ind]["cold_s"], r[base]["duckdb"]["median_s"]))])
    return out


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}"


def check_cell(r: dict) -> str:
    """The county's cumulative gross output and growth each way: a check that the baselines add up the
    same rows as kegong does."""
    k = r["indicators"]["check"]
    p, d = r["baselines"]["pandas"]["check"], r["baselines"]["duckdb"]["check"]
    agree = all(abs(x["cumulative"] - k["cumulative"]) < 0.01 and abs(x["yoy_pct"] - k["yoy_pct"]) < 0.006
                for x in (p, d))
    return f"{k['cumulative']:,.2f} ({k['yoy_pct']:+.2f}%) — {'same' if agree else 'DIFFERENT'}"


TARGETS = [  # (size, what, function of the case → measured value, limit, unit)
    (20000, "home page p95, 20 concurrent clients", lambda r: level(r, 20)["p95_ms"], 300, "ms"),
    (20000, "`kegong indicators` whole process (warm median)", lambda r: r["indicators"]["median_s"], 2, "s"),
    (20000, "`kegong indicators` whole process (cold store)", lambda r: r["indicators"]["cold_s"], 2, "s"),
    (20000, "refresh after a month's import (in the import process)", lambda r: r["import"]["refresh_s"], 10, "s"),
    (20000, "a month's import incl. refresh (whole `kegong import`)", lambda r: r["import"]["import_s"], 10, "s"),
    (20000, "server memory (peak RSS, VmHWM)", lambda r: r["home"]["peak_rss_mib"], 2048, "MiB"),
    (150, "home page p95, 20 concurrent clients", lambda r: level(r, 20)["p95_ms"], 100, "ms"),
]


def target_lines(raw: dict) -> list[str]:
    lines = ["## Targets", "", "| firms | target | backend | measured | limit | verdict |",
             "| ---: | --- | --- | ---: | ---: | --- |"]
    for size, what, fn, limit, unit in TARGETS:
        for backend in ("sqlite", "postgres"):
            r = raw["cases"].get(f"{backend}-{size}")
            try:
                value = fn(r)
                verdict = "**met**" if value < limit else "**NOT met**"
                shown = f"{value:,.2f} {unit}" if unit == "s" else f"{value:,.0f} {unit}"
            except (KeyError, TypeError, StopIteration):
                verdict, shown = "not measured", "—"
            lines.append(f"| {size:,} | {what} | {backend} | {shown} | < {limit:,} {unit} | {verdict} |")
    lines.append("")
    lines.append("The rows \"(cold store)\" and \"(whole `kegong import`)\" are stricter readings than the "
                 "targets' own (the targets name the warm command and the refresh); they are listed so that "
                 "the gap is visible.")
    return lines + [""]


def method_lines(raw: dict) -> list[str]:
    m = raw["machine"]
    return [
        "# Read-path benchmark: what users feel",
        "",
        "`benchmarks/bench_read_path.py` — every figure below is a whole process (or a real HTTP request) "
        "timed from outside, on a demo county (`kegong demo --enterprises N --through "
        f"{period_text(THROUGH)}`: 3 years, 2024-01 … {period_text(THROUGH)}) in SQLite (data folder) and "
        "PostgreSQL (`DATABASE_URL`). Generated by the script; do not edit by hand above the Notes.",
        "",
        "## Machine",
        "",
        f"- date of the last run: {m.get('date')}; CPU: {m.get('cpu')}; `nproc`: {m.get('nproc')}",
        f"- Python {m.get('python')}, numpy {m.get('numpy')}, pandas {m.get('pandas')}, duckdb {m.get('duckdb')}, "
        f"Django {m.get('django')}, SQLite {m.get('sqlite')}, PostgreSQL {m.get('postgresql')}",
        f"- load average at the start of the last run: {', '.join(f'{x:.2f}' for x in m.get('loadavg', []))}; "
        "the machine is shared with other engineers working at the same time (their test runs and builds "
        "compete for the 2 cores), so each table shows the 1-minute load average before/after its measure. "
        "The OS page cache is never dropped (that would disturb the others), so \"cold\" means a deleted "
        "panel store (and forecast cache), not a cold disk.",
        "",
        "```",
        m.get("free_g", ""),
        "```",
        "",
        "How: indicators, report and baselines run as subprocesses (wall time with `time.perf_counter`); "
        "warm = median of N runs after one warm-up. The home page is fetched by python threads with "
        "`http.client` on keep-alive connections after a real login (csrftoken, POST /login/, sessionid); "
        "each level sends the stated number of requests after a 40-request warm-up; the client runs on the "
        "same 2 cores as the server. The import reads a kegong template workbook (one row per firm × "
        "indicator) for the new month; its refresh is timed inside the import process by a wrapper around "
        "`kegong.figures.store.refresh`; the batch is rolled back afterwards so the data can be reused.",
        "",
    ]


def write_results(raw: dict) -> None:
    lines = method_lines(raw) + ["## Results", ""] + measure_tables(raw) + target_lines(raw)
    lines += [NOTES_HEADING, "", raw.get("notes") or "(none yet)", ""]
    dump = {"machine": raw["machine"], "cases": raw["cases"]}
    lines += [RAW_HEADING, "", "Kept by the script to merge runs made in parts.", "", "```json",
              json.dumps(dump, ensure_ascii=False, indent=1), "```", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="150,2000,20000", help="firms, comma-separated")
    ap.add_argument("--backends", default="sqlite,postgres", help="sqlite and/or postgres")
    ap.add_argument("--measures", default=",".join(MEASURES), help=f"any of {','.join(MEASURES)}")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs after the warm-up")
    ap.add_argument("--requests", type=int, default=200, help="home-page requests per concurrency level")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kegong-bench-read-path"),
                    help="where the data folders live (reused when present)")
    ap.add_argument("--drop", action="store_true", help="drop the cases' databases and data folders afterwards")
    ap.add_argument("--only-write", action="store_true", help="rewrite the results file from its raw section")
    return ap.parse_args(argv)


def main(argv: list[str]) -> None:
    if argv[:1] == ["_baseline"]:
        return baseline_main(argv[1:])
    args = parse_args(argv)
    raw = load_raw()
    if args.only_write:
        return write_results(raw)
    raw["machine"] = machine_facts()
    measures = tuple(m for m in args.measures.split(",") if m)
    for size in (int(x) for x in args.sizes.split(",")):
        for backend in args.backends.split(","):
            case = Case(size, backend, args.work)
            print(f"== {case.key}", flush=True)
            try:
                merge(raw, case.key, run_case(case, measures, args.repeats, args.requests))
            except Exception as e:  # noqa: BLE001 - a case that cannot be built is recorded, the rest go on
                merge(raw, case.key, {"build_error": f"{type(e).__name__}: {str(e)[:1500]}"})
                print(f"  FAILED: {e}", flush=True)
            write_results(raw)
            if args.drop:
                drop_case(case)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
