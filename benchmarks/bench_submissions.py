"""200 enterprise reporters submitting their month within 10 minutes (issue 15, item 11), measured from the
outside against ``kegong serve``.

A demo county (``kegong demo --enterprises 200 --through 2026-05``: June is the month open to submit) gets one
enterprise reporter account per above-scale firm (the demo's own ``enterprise`` user for its firm, ``rep-<uscc>``
for the others; the password hash is computed once and shared, so that preparing 200 accounts does not take
200 PBKDF2 rounds). Each reporter's June figures are derived from the firm's own stored May (本月 = May's
本月 × (1 + a few %), 1-6月累计 = May's 累计 + 本月, 上年同期 from the stored June 2025) and checked
in-process by the form's own validation before the run, so every submission is one the server must accept.

Then ``kegong serve`` is started on a free port and every reporter, in its own ``requests`` session, does what
a browser does: GET /login/ → POST /login/ (302) → follows / → its enterprise page (200) → GET
/data/entry/?period=2026-06 (200, the form: CSRF token and ``version``) → thinks → POST the month (302) →
follows to the form again (200, 已保存…). Reporters start at seeded random moments over the window (600 s
for the full run) with at most ``concurrency`` in flight; every answer is checked (status and content), and
afterwards the database must hold each firm's June figures exactly as submitted (nothing lost, nothing
extra) and one 手工录入 batch per reporter.

Beside it, in the same run and server: the anonymous login page (GET /login/, no data read, no password
hashed) as the plain baseline, from 20 clients.

    .venv/bin/python benchmarks/bench_submissions.py                       # full: 600 s, SQLite and PostgreSQL
    .venv/bin/python benchmarks/bench_submissions.py --window 60 --concurrency 20 --think 0 --backends sqlite

tests/test_load_submissions.py runs the bounded form (all 200 within about a minute, 20 at once).
Results are written to benchmarks/load-submissions-results.md (raw measurements kept in its last section).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import http_load  # noqa: E402 - benchmarks/http_load.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
OUT = Path(__file__).with_name("load-submissions-results.md")
PG_URL = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "kegong-demo"  # kegong.demo.users.PASSWORD
MONTH = (2026, 6)
THROUGH = "2026-05"
RAW_HEADING, NOTES_HEADING = "## Raw measurements", "## Notes"
STEPS = ("login_page", "login_post", "home_redirect", "enterprise_page", "form_get", "submit_post", "after_save")

# --- preparing the county and the reporters (a child process with Django) -----------------------------------
PREPARE_CHILD = r"""
import json, sys
from decimal import Decimal, ROUND_HALF_UP
from kegong.cli.app import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from kegong.accounts.models import Account
from kegong.accounts.services import account_set
from kegong.core import access
from kegong.enterprises.models import Enterprise
from kegong.figures.models import MonthlyFigure
from kegong.imports.entry import entry_records
from kegong.readers.template import VALUE_KEYS

wanted, password, (year, month) = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
firms = list(Enterprise.objects.filter(scale_statuses__year=year, scale_statuses__above_scale=True).order_by("uscc")[:wanted])
if len(firms) < wanted:
    sys.exit(f"only {len(firms)} above-scale firms in {year}, {wanted} wanted")
own = dict(Account.objects.filter(role=access.ENTERPRISE).values_list("enterprise_id", "user__username"))
hashed = make_password(password)
cent = Decimal("0.01")

def stored(e, y, m):
    rows = MonthlyFigure.objects.filter(enterprise=e, year=y, month=m).values_list("indicator__code", *VALUE_KEYS)
    return {code: dict(zip(VALUE_KEYS, vals)) for code, *vals in rows}

def q(x):
    return None if x is None else Decimal(x).quantize(cent, ROUND_HALF_UP)

out = []
with transaction.atomic():
    for i, e in enumerate(firms):
        user = own.get(e.pk)
        if user is None:
            user = f"rep-{e.uscc}"
            u = get_user_model().objects.create(username=user, password=hashed, first_name=f"{e.name}统计员")
            account_set(user=u, role=access.ENTERPRISE, enterprise_uscc=e.uscc)
        may, last = stored(e, year, month - 1), stored(e, year - 1, month)
        raw = {}
        for code, v in may.items():
            value = q(abs(v["value"] or Decimal(1)) * (1 + Decimal(i % 7 + 1) / 100))
            cum = q(max(v["cumulative"] or Decimal(0), Decimal(0)) + value)
            p = last.get(code, {})
            pv, pc = q(p.get("value")), q(p.get("cumulative"))
            if pv is not None and pc is not None and pc < pv:
                pv = pc = None
            raw[code] = {"value": value, "cumulative": cum, "prior_year_value": pv, "prior_year_cumulative": pc}
        text = {c: {k: "" if x is None else str(x) for k, x in vals.items()} for c, vals in raw.items()}
        entry_records(e.uscc, e.name, year, month, text)  # raises if the form would refuse it
        out.append({"username": user, "uscc": e.uscc, "name": e.name, "figures": text})
print(json.dumps(out, ensure_ascii=False))
"""

STORED_CHILD = r"""
import json, sys
from kegong.cli.app import setup_django
setup_django()
from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportBatch
from kegong.readers.template import VALUE_KEYS

year, month = json.loads(sys.argv[1])
rows = MonthlyFigure.objects.filter(year=year, month=month).values_list(
    "enterprise__uscc", "indicator__code", "batch__source", *VALUE_KEYS)
out = {"figures": {}, "sources": {}}
for uscc, code, source, *vals in rows:
    out["figures"].setdefault(uscc, {})[code] = ["" if v is None else str(v) for v in vals]
    out["sources"][source or ""] = out["sources"].get(source or "", 0) + 1
out["manual_batches"] = ImportBatch.objects.filter(source="manual", figures__year=year, figures__month=month).distinct().count()
print(json.dumps(out, ensure_ascii=False))
"""


@dataclass
class County:
    """A prepared data folder (and PostgreSQL database) with its reporters."""

    backend: str
    data_dir: Path
    dbname: str = ""
    reporters: list[dict] = field(default_factory=list)
    prepare_s: float = 0.0

    def env(self) -> dict:
        env = dict(os.environ, KEGONG_DATA_DIR=str(self.data_dir))
        env.pop("DATABASE_URL", None)
        if self.backend == "postgres":
            env["DATABASE_URL"] = f"{PG_URL}/{self.dbname}"
        return env

    def python(self, code: str, *args: str) -> str:
        p = subprocess.run([str(BIN / "python"), "-c", code, *args], env=self.env(), cwd=ROOT, capture_output=True,
                           text=True, timeout=1800)
        if p.returncode:
            raise RuntimeError(f"child failed ({p.returncode}):\n{p.stderr[-3000:]}")
        return p.stdout

    def kegong(self, *args: str) -> None:
        p = subprocess.run([str(BIN / "kegong"), *args], env=self.env(), cwd=ROOT, capture_output=True, text=True,
                           timeout=1800)
        if p.returncode:
            raise RuntimeError(f"kegong {' '.join(args)} failed ({p.returncode}):\n{p.stderr[-3000:]}")


def pg_reachable() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True).returncode == 0


def prepare(backend: str, work: Path, reporters: int = 200, firms: int = 200) -> County:
    """A demo county through May 2026 with ``reporters`` enterprise reporters (one per above-scale firm)."""
    t0 = time.perf_counter()
    county = County(backend, work / f"{backend}-data")
    county.data_dir.mkdir(parents=True, exist_ok=True)
    if backend == "postgres":
        county.dbname = f"kegong_load_{secrets.token_hex(4)}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", county.dbname], check=True)
        county.kegong("init")
    county.kegong("demo", "--enterprises", str(firms), "--through", THROUGH, "--quiet")
    county.reporters = json.loads(county.python(PREPARE_CHILD, str(reporters), PASSWORD, json.dumps(MONTH)))
    county.prepare_s = time.perf_counter() - t0
    return county


def drop(county: County) -> None:
    if county.dbname:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", county.dbname],
                       check=False, capture_output=True)
    shutil.rmtree(county.data_dir, ignore_errors=True)


def start_server(county: County, port: int, threads: int) -> subprocess.Popen:
    return http_load.start_server([str(BIN / "kegong"), "serve", "--port", str(port), "--threads", str(threads)],
                                  county.env(), county.data_dir.parent / f"serve-{county.backend}.log", ROOT, port)


# --- one reporter ------------------------------------------------------------------------------------------
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]*)"')


class FlowError(RuntimeError):
    pass


class Reporter:
    """One reporter's session: every request timed and checked."""

    def __init__(self, base: str, rep: dict) -> None:
        self.base, self.rep, self.s = base, rep, requests.Session()
        self.times: dict[str, float] = {}

    def call(self, step: str, method: str, path: str, expect: int, contains: tuple[str, ...] = (), **kw):
        t0 = time.perf_counter()
        r = self.s.request(method, self.base + path, allow_redirects=False, timeout=300, **kw)
        self.times[step] = time.perf_counter() - t0
        if r.status_code != expect:
            raise FlowError(f"{self.rep['username']} {step} {method} {path}: HTTP {r.status_code}, expected {expect}"
                            f" ({r.text[:300]!r})")
        missing = [c for c in contains if c not in r.text]
        if missing:
            raise FlowError(f"{self.rep['username']} {step} {path}: answer without {missing[0]!r}")
        return r

    def location(self, r) -> str:
        loc = r.headers.get("Location", "")
        return loc[len(self.base):] if loc.startswith(self.base) else loc

    def run(self, think_s: float, rng: random.Random) -> dict[str, float]:
        rep, (y, m) = self.rep, MONTH
        page = self.call("login_page", "GET", "/login/", 200, ('name="csrfmiddlewaretoken"',))
        r = self.call("login_post", "POST", "/login/", 302, data={
            "username": rep["username"], "password": PASSWORD, "csrfmiddlewaretoken": CSRF.search(page.text)[1]},
            headers={"Referer": self.base + "/login/"})
        r = self.call("home_redirect", "GET", self.location(r), 302)
        self.call("enterprise_page", "GET", self.location(r), 200, (rep["uscc"],))
        form = self.call("form_get", "GET", f"/data/entry/?period={y}-{m:02d}", 200,
                         (rep["uscc"], f'name="period" value="{y}-{m:02d}"'))
        if think_s:
            time.sleep(rng.uniform(0.5, 1.5) * think_s)
        data = {"csrfmiddlewaretoken": CSRF.search(form.text)[1], "enterprise": rep["uscc"],
                "period": f"{y}-{m:02d}", "version": VERSION.search(form.text)[1]}
        data |= {f"{code}__{k}": v for code, vals in rep["figures"].items() for k, v in vals.items()}
        r = self.call("submit_post", "POST", "/data/entry/", 302, data=data,
                      headers={"Referer": self.base + f"/data/entry/?period={y}-{m:02d}"})
        self.call("after_save", "GET", self.location(r), 200, ("已保存", rep["name"]))
        return self.times


# --- the load ------------------------------------------------------------------------------------------------
def percentiles(xs: list[float]) -> dict:
    if not xs:
        return {"n": 0}
    q = statistics.quantiles(xs, n=100, method="inclusive") if len(xs) > 1 else [xs[0]] * 99
    return {"n": len(xs), "p50_ms": statistics.median(xs) * 1e3, "p95_ms": q[94] * 1e3, "p99_ms": q[98] * 1e3,
            "max_ms": max(xs) * 1e3}


def run_load(port: int, reporters: list[dict], *, window_s: float, concurrency: int, think_s: float,
             seed: int = 2026) -> dict:
    """Every reporter's flow, started at seeded random moments over ``window_s``, ``concurrency`` at most in
    flight. Returns the latencies by step and overall, the errors, and when the last submission was done."""
    base, rng = f"http://{http_load.HOST}:{port}", random.Random(seed)
    starts = sorted(rng.uniform(0, window_s) for _ in reporters)
    order = list(reporters)
    rng.shuffle(order)
    lock, done, errors = threading.Lock(), [], []
    t0 = time.perf_counter()

    def one(rep: dict, start: float, seed_i: int) -> None:
        time.sleep(max(0.0, t0 + start - time.perf_counter()))
        begun = time.perf_counter()
        try:
            times = Reporter(base, rep).run(think_s, random.Random(seed_i))
        except Exception as e:  # noqa: BLE001 - counted and reported
            with lock:
                errors.append(f"{type(e).__name__}: {e}"[:600])
            return
        with lock:
            done.append({"uscc": rep["uscc"], "times": times, "flow_s": time.perf_counter() - begun,
                         "finished_s": time.perf_counter() - t0})

    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, order, starts, range(len(order))))
    by_step = {s: percentiles([d["times"][s] for d in done if s in d["times"]]) for s in STEPS}
    every = [t for d in done for t in d["times"].values()]
    return {"reporters": len(reporters), "submitted": len(done), "errors": errors, "window_s": window_s,
            "concurrency": concurrency, "think_s": think_s, "wall_s": time.perf_counter() - t0,
            "last_finished_s": max((d["finished_s"] for d in done), default=None), "requests": len(every),
            "all_requests": percentiles(every), "by_step": by_step,
            "flow": percentiles([d["flow_s"] for d in done])}


def baseline(port: int, clients: int = 20, total: int = 400) -> dict:
    """The anonymous login page from ``clients`` threads, on the same server (no data, no password hash)."""
    def request(conn) -> float:
        dt_s, status, body = http_load.get(conn, "/login/")
        if status != 200 or b'name="csrfmiddlewaretoken"' not in body:
            raise RuntimeError(f"login page: HTTP {status}")
        return dt_s

    return http_load.load(port, request, clients, total)


# --- checking what was stored ----------------------------------------------------------------------------
def same(a: str, b: str) -> bool:
    return (a == "" and b == "") or (a != "" and b != "" and Decimal(a) == Decimal(b))


def lost_submissions(county: County) -> dict:
    """Compare the database's June with what every reporter submitted: the firms whose figures differ or are
    missing, the rows nobody submitted, and the 手工录入 batch count."""
    stored = json.loads(county.python(STORED_CHILD, json.dumps(MONTH)))
    keys = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
    wrong, expected_rows = [], 0
    for rep in county.reporters:
        got = stored["figures"].get(rep["uscc"], {})
        for code, vals in rep["figures"].items():
            expected_rows += 1
            row = got.get(code)
            if row is None or not all(same(vals[k], row[i]) for i, k in enumerate(keys)):
                wrong.append(f"{rep['uscc']} {code}: submitted {[vals[k] for k in keys]}, stored {row}")
    rows = sum(len(v) for v in stored["figures"].values())
    return {"wrong": wrong, "expected_rows": expected_rows, "stored_rows": rows, "sources": stored["sources"],
            "manual_batches": stored["manual_batches"]}


def measure(backend: str, work: Path, *, reporters: int, window_s: float, concurrency: int, think_s: float,
            threads: int = 8) -> dict:
    """Prepare, serve, load, check; the county is dropped afterwards."""
    county = prepare(backend, work, reporters)
    port = http_load.free_port()
    proc = start_server(county, port, threads)
    load0 = os.getloadavg()[0]
    try:
        cpu0 = http_load.cpu_seconds(proc.pid)
        result = run_load(port, county.reporters, window_s=window_s, concurrency=concurrency, think_s=think_s)
        result["server_cpu_s"] = http_load.cpu_seconds(proc.pid) - cpu0
        result["loadavg"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
        result["baseline_login_page"] = baseline(port)
        result["server_peak_rss_mib"] = http_load.vm_status(proc.pid)["VmHWM"]
    finally:
        http_load.stop_server(proc)
    log = (county.data_dir.parent / f"serve-{backend}.log").read_text(errors="replace")
    result["server_log_locked"] = log.count("database is locked")
    result["server_log_tracebacks"] = log.count("Traceback")
    try:
        result["stored"] = lost_submissions(county)
    finally:
        drop(county)
    result |= {"backend": backend, "threads": threads, "prepare_s": county.prepare_s,
               "distinct_firms": len({rep["uscc"] for rep in county.reporters}),
               "distinct_users": len({rep["username"] for rep in county.reporters}),
               "at": dt.datetime.now().isoformat(timespec="seconds")}
    return result


# --- the results file -----------------------------------------------------------------------------------
def machine() -> dict:
    model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), "unknown")
    facts = {"cores": os.cpu_count(), "cpu": model, "python": sys.version.split()[0],
             "requests": requests.__version__, "loadavg_before": list(os.getloadavg()),
             "date": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
    if pg_reachable():
        p = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
                           capture_output=True, text=True)
        facts["postgresql"] = p.stdout.strip()
    return facts


def load_raw() -> dict:
    if not OUT.exists():
        return {"runs": {}, "notes": ""}
    text = OUT.read_text(encoding="utf-8")
    notes = text.split(NOTES_HEADING, 1)[1].split(RAW_HEADING, 1)[0].strip() if NOTES_HEADING in text else ""
    m = re.search(r"```json\n(.*?)\n```", text.split(RAW_HEADING, 1)[-1], re.S) if RAW_HEADING in text else None
    raw = json.loads(m.group(1)) if m else {"runs": {}}
    raw["notes"] = notes
    return raw


def ms(r: dict, key: str = "p95_ms") -> str:
    return f"{r[key]:,.0f}" if key in r else "—"


def run_rows(raw: dict) -> list[str]:
    out = ["| run | backend | reporters submitted / errors | window (last done) | in flight | all requests p50 / p95 / "
           "p99 ms | POST month p95 ms | login POST p95 ms | whole flow p95 s | lost / extra rows | "
           "login page baseline p50 / p95 ms | server CPU s |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key, r in raw["runs"].items():
        st, a, b = r["stored"], r["all_requests"], r["baseline_login_page"]
        extra = st["stored_rows"] - st["expected_rows"]
        out.append(f"| {key} | {r['backend']} | {r['submitted']} / {len(r['errors'])} | {r['window_s']:.0f} s "
                   f"({r['last_finished_s'] or 0:.0f} s) | {r['concurrency']} | {ms(a, 'p50_ms')} / {ms(a)} / "
                   f"{ms(a, 'p99_ms')} | {ms(r['by_step']['submit_post'])} | {ms(r['by_step']['login_post'])} | "
                   f"{r['flow']['p95_ms'] / 1e3:.1f} | {len(st['wrong'])} / {extra} | {b['p50_ms']:.1f} / "
                   f"{b['p95_ms']:.1f} | {r['server_cpu_s']:.0f} |")
    return out


def step_rows(raw: dict) -> list[str]:
    out = ["| run | " + " | ".join(STEPS) + " |", "|---|" + "---|" * len(STEPS)]
    for key, r in raw["runs"].items():
        out.append(f"| {key} | " + " | ".join(f"{ms(r['by_step'][s], 'p50_ms')} / {ms(r['by_step'][s])}"
                                              for s in STEPS) + " |")
    return out


def write_results(raw: dict) -> None:
    m = raw.get("machine", {})
    lines = ["# 200 enterprise reporters submitting their month (issue 15, item 11)", "",
             "Made by `benchmarks/bench_submissions.py` (see its docstring for the method); the bounded form runs "
             "in `tests/test_load_submissions.py`.", "",
             f"Machine: {m.get('cores')} cores, {m.get('cpu')}; Python {m.get('python')}, requests "
             f"{m.get('requests')}, PostgreSQL {m.get('postgresql', '—')}; load average before "
             f"{m.get('loadavg_before')}; {m.get('date')}. The cores are shared with other work, so absolute times "
             "vary from run to run; the login page served by the same process in the same run is the baseline.",
             "", "## Runs", "", *run_rows(raw), "",
             "## Latency by step (p50 / p95 ms)", "", *step_rows(raw), "",
             NOTES_HEADING, "", raw.get("notes") or "", "", RAW_HEADING, "",
             "```json", json.dumps({k: v for k, v in raw.items() if k != "notes"}, indent=1, ensure_ascii=False),
             "```", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--reporters", type=int, default=200)
    ap.add_argument("--window", type=float, default=600, help="seconds over which the reporters start")
    ap.add_argument("--concurrency", type=int, default=200, help="reporters in flight at most")
    ap.add_argument("--think", type=float, default=20, help="mean seconds between the form and its POST")
    ap.add_argument("--threads", type=int, default=8, help="kegong serve --threads")
    a = ap.parse_args(argv)
    raw = load_raw()
    raw["machine"] = machine()
    for backend in a.backends.split(","):
        if backend == "postgres" and not pg_reachable():
            print("PostgreSQL unreachable: skipped", flush=True)
            continue
        with tempfile.TemporaryDirectory(prefix="kegong-load-") as work:
            r = measure(backend, Path(work), reporters=a.reporters, window_s=a.window, concurrency=a.concurrency,
                        think_s=a.think, threads=a.threads)
        key = f"{backend}-{a.reporters}-in-{a.window:.0f}s-x{a.concurrency}"
        raw["runs"][key] = r
        print(f"{key}: {r['submitted']} submitted, {len(r['errors'])} errors, p95 {ms(r['all_requests'])} ms, "
              f"POST p95 {ms(r['by_step']['submit_post'])} ms, lost {len(r['stored']['wrong'])}", flush=True)
        for e in r["errors"][:5]:
            print("  ", e, flush=True)
        write_results(raw)


if __name__ == "__main__":
    main(sys.argv[1:])
