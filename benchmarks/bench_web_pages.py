"""What users feel on the web pages (issue 11): the dashboard and the enterprise pages, measured from the outside
against plain baselines served by the same process.

For each size (firms in the demo county, 3 years of monthly figures through 2026-10) and backend (SQLite in a
data folder, or PostgreSQL through DATABASE_URL) it reuses the data folder/database that
``bench_read_path.py`` builds (``kegong demo`` + ``kegong createuser``; built here when missing), warms the
panel store, starts ``kegong serve --threads 8`` and logs in as the demo users (``staff``, and ``town`` for the
scoped list) with a real client (csrftoken, POST /login/, sessionid). Then, page by page:

- the first request for that page in the fresh server process (on its own connection);
- a warm-up of 20 requests from 4 clients;
- REQUESTS requests from 1 client, then REQUESTS from 20 concurrent clients (python threads, http.client,
  each on its own keep-alive connection, no think time): p50/p95/max, req/s, the server's and the client's
  CPU per request, and the 1-minute load average before/after.

Every answer is checked (HTTP 200 and the page's expected content: the firm's name, the list's count, the
period label…), so a fast error page fails the run instead of counting as a result. The baselines are the
login page (anonymous GET /login/: Django's middleware, a template and a CSRF token, no data read) and a
static file (whitenoise), both from the same ``kegong serve``.

    .venv/bin/python benchmarks/bench_web_pages.py --sizes 150,2000 --backends sqlite,postgres
    .venv/bin/python benchmarks/bench_web_pages.py --sizes 20000 --backends sqlite --pages list,enterprise
    .venv/bin/python benchmarks/bench_web_pages.py profile --size 20000 --backend sqlite --page list_page20

``profile`` runs one page's view in-process under cProfile (Django's test client, the same data folder or
database, logged in as the page's user) and prints the top functions by cumulative and by own time.

Results are merged into benchmarks/web-pages-results.md (raw measurements kept in its last section, so runs
in parts add up); text under its "## Notes" heading is kept from run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import http.client
import itertools
import json
import math
import os
import re
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import bench_read_path as rp  # the demo data (Case, ensure_data), the machine facts, the process runner
import http_load

ROOT = rp.ROOT
OUT = Path(__file__).with_name("web-pages-results.md")
STATIC_FILE = "kegong/kegong.css"  # under kegong/web/static/
DEMO_PASSWORD = "kegong-demo"  # kegong.demo.users.PASSWORD
PER_PAGE = 50  # kegong.web.views_enterprises.PER_PAGE
FIRMS_IN_TURN = 40  # the enterprise page is fetched for this many firms in turn
RAW_HEADING, NOTES_HEADING = rp.RAW_HEADING, rp.NOTES_HEADING
LIMIT_MS, LIMIT_SIZE = 300, 20000  # issue 11: p95 with 20 concurrent clients < 300 ms at 20,000 firms


@dataclass(frozen=True)
class Target:
    """One URL and what its answer must hold (byte snippets, regular expressions)."""

    path: str
    contains: tuple[bytes, ...] = ()
    matches: tuple[bytes, ...] = ()

    def check(self, status: int, body: bytes) -> str | None:
        if status != 200:
            return f"HTTP {status}"
        missing = [s.decode() for s in self.contains if s not in body]
        missing += [f"/{m.decode()}/" for m in self.matches if not re.search(m, body)]
        return f"{len(body)} bytes without {missing[0]!r}" if missing else None


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    user: str | None  # demo user, or None for an anonymous request
    targets: tuple[Target, ...]  # fetched in turn
    baseline: bool = False
    notes: dict = field(default_factory=dict)


# --- what the pages must show, from the case's own database ------------------------------------------------
def case_facts(case: rp.Case) -> dict:
    """The facts the checks need, read from the case's database (never timed)."""
    year = rp.THROUGH[0]
    town_id, town = case.query("SELECT id, name FROM enterprises_orgunit WHERE kind = 'town' ORDER BY name LIMIT 1")[0]
    firms = case.query("SELECT COUNT(*) FROM enterprises_enterprise")[0][0]
    in_town = case.query(f"SELECT COUNT(*) FROM enterprises_enterprise WHERE town_id = {town_id} "
                         f"OR park_id = {town_id}")[0][0]
    first = case.query("SELECT name FROM enterprises_enterprise ORDER BY name, id LIMIT 1")[0][0]
    above = case.query("SELECT e.uscc, e.name FROM enterprises_enterprise e JOIN enterprises_scalestatus s "
                       f"ON s.enterprise_id = e.id AND s.year = {year} AND s.above_scale ORDER BY e.uscc")
    step = max(1, len(above) // FIRMS_IN_TURN)
    return {"town": town, "firms": firms, "firms_in_town": in_town, "first_name": first,
            "pages": math.ceil(firms / PER_PAGE), "sample": [list(r) for r in above[::step][:FIRMS_IN_TURN]]}


def count_shown(n: int) -> bytes:
    return f"共 <strong>{n}</strong> 家".encode()


ROW_NAME = rb'<td class="name"><a href="/enterprises/[0-9A-Z]{18}/">'


def pages_of(facts: dict) -> list[Page]:
    esc = lambda s: html.escape(s).encode()  # noqa: E731
    q = urllib.parse.quote
    town = facts["town"]
    last = min(20, facts["pages"])  # a page number past the end shows the last page
    board = "全县工业经济驾驶舱 <small>{}</small>"
    jun, latest = board.format("2026年1-6月").encode(), board.format("2026年1-10月").encode()
    listing = "企业名单".encode()
    return [
        Page("login", "GET /login/ (anonymous; baseline)", None,
             (Target("/login/", (b'name="csrfmiddlewaretoken"',)),), baseline=True),
        Page("static", f"GET /static/{STATIC_FILE} (whitenoise; baseline)", None,
             (Target(f"/static/{STATIC_FILE}", (b"{",)),), baseline=True),
        Page("home", "/ (驾驶舱)", "staff", (Target("/", (latest,)),)),
        Page("home_jun_section", "/?period=2026-06&by=section", "staff",
             (Target("/?period=2026-06&by=section", (jun,)),)),
        Page("home_jun_industry", "/?period=2026-06&by=industry", "staff",
             (Target("/?period=2026-06&by=industry", (jun, "分行业门类比较".encode())),)),
        Page("list", "/enterprises/", "staff",
             (Target("/enterprises/", (listing, count_shown(facts["firms"]), esc(facts["first_name"]))),)),
        Page("list_q", "/enterprises/?q=科技", "staff",
             (Target(f"/enterprises/?q={q('科技')}", (listing,), (ROW_NAME + "[^<]*科技".encode(),)),)),
        Page("list_town_growth", "/enterprises/?town=<first town>&growth=ge20", "staff",
             (Target(f"/enterprises/?town={q(town)}&growth=ge20",
                     (listing, f"<td>{esc(town).decode()}</td>".encode()), (ROW_NAME,)),)),
        Page("list_page20", "/enterprises/?page=20", "staff",
             (Target("/enterprises/?page=20", (listing, f"第 {last} / {facts['pages']} 页".encode()), (ROW_NAME,)),)),
        Page("enterprise", f"/enterprises/<uscc>/ ({len(facts['sample'])} firms in turn)", "staff",
             tuple(Target(f"/enterprises/{uscc}/", (esc(name), uscc.encode(), b'id="firm-month-chart"'))
                   for uscc, name in facts["sample"])),
        Page("town_list", "/enterprises/ as the town user (scoped list)", "town",
             (Target("/enterprises/", ("您的查看范围内的企业".encode(), count_shown(facts["firms_in_town"])),
                     (ROW_NAME,)),)),
        # issue 12: every count of the ledgers for the period, and the two computed 培育 lists
        Page("measures", "/measures/ (台账计数, every record count of the period)", "staff",
             (Target("/measures/", ("<h1>台账计数</h1>".encode(), "国家级高新技术企业数".encode()),
                     (rb'<td class="num">[0-9,]+</td>',)),)),
        Page("measures_town", "/measures/ as the town user (its firms' records)", "town",
             (Target("/measures/", ("只显示您查看范围内的企业的记录条数".encode(),)),)),
        Page("scale_up", "/lists/scale-up/ (升规入统培育对象)", "staff",
             (Target("/lists/scale-up/", ("<h1>升规入统培育对象</h1>".encode(),), (ROW_NAME,)),)),
        Page("rd", "/lists/rd/ (研发投入破零倍增)", "staff",
             (Target("/lists/rd/", ("破零对象".encode(),), (ROW_NAME,)),)),
        # issue 13: the new modules' pages
        Page("sme", "/sme/ (中小微企业: every firm's size class)", "staff",
             (Target("/sme/", ("<h1>中小微企业</h1>".encode(),)),)),
        Page("informatization", "/informatization/ (5G by town, 四率)", "staff",
             (Target("/informatization/", ("<h1>信息化与两化融合</h1>".encode(),)),)),
        Page("projects", "/projects/progress/ (项目完成情况)", "staff",
             (Target("/projects/progress/", ("<h1>项目完成情况</h1>".encode(),)),)),
        Page("assessment", "/assessment/ (绩效考评: every town scored)", "staff",
             (Target("/assessment/", ("<h1>绩效考评</h1>".encode(), "总分".encode())),)),
        Page("assessment_card", "/assessment/card/ (the dashboard's 考评 card)", "staff",
             (Target("/assessment/card/", ("绩效考评".encode(), "第 1 名".encode())),)),
    ]


PAGE_KEYS = ("login", "static", "home", "home_jun_section", "home_jun_industry", "list", "list_q",
             "list_town_growth", "list_page20", "enterprise", "town_list", "measures", "measures_town", "scale_up",
             "rd", "sme", "informatization", "projects", "assessment", "assessment_card")


def requester(page: Page, cookie: str | None):
    """The request function of :mod:`http_load`: the page's targets in turn, each answer checked."""
    turn = itertools.count()

    def request(conn: http.client.HTTPConnection) -> float:
        t = page.targets[next(turn) % len(page.targets)]
        dt_s, status, body = http_load.get(conn, t.path, cookie)
        problem = t.check(status, body)
        if problem:
            raise RuntimeError(f"{page.key} {t.path}: {problem}")
        return dt_s

    return request


# --- measuring one case -------------------------------------------------------------------------------------
def measure_page(port: int, page: Page, cookie: str | None, requests: int, server_pid: int) -> dict:
    before = rp.loadavg()
    conn = http.client.HTTPConnection(http_load.HOST, port, timeout=300)
    t = page.targets[0]
    first_s, status, body = http_load.get(conn, t.path, cookie)
    conn.close()
    problem = t.check(status, body)
    if problem:
        raise RuntimeError(f"{page.key} {t.path}: {problem}")
    shown = re.search(rb"\xe5\x85\xb1 <strong>(\d+)</strong>", body)  # 共 <strong>N</strong> 家
    request = requester(page, cookie)
    http_load.load(port, request, clients=4, total=20)  # warm-up
    levels = [http_load.load_with_cpu(port, request, c, requests, server_pid) for c in (1, 20)]
    return {"first_ms": first_s * 1e3, "bytes": len(body), "count_shown": int(shown.group(1)) if shown else None,
            "levels": levels, "loadavg": [before, rp.loadavg()],
            "at": dt.datetime.now().isoformat(timespec="seconds")}


def prepare(case: rp.Case) -> dict:
    """The case's data (built once by bench_read_path's ``ensure_data``), its tables brought up to the source
    tree's migrations (``kegong init`` upgrades in place: a folder built before a new app came keeps working)."""
    data = rp.ensure_data(case)
    rp.run(case.kegong("init"), case.env())
    return data


def measure_case(case: rp.Case, keys: tuple[str, ...], requests: int) -> dict:
    data = prepare(case)
    facts = case_facts(case)
    rp.run(rp.indicators_cmd(case, rp.THROUGH), case.env())  # the store is on disk, as for a restarted server
    port = http_load.free_port()
    proc = rp.start_server(case, port)
    out: dict = {"data": data, "facts": {k: v for k, v in facts.items() if k != "sample"} | {
        "firms_in_turn": len(facts["sample"])}, "pages": {}}
    try:
        cookies = {u: http_load.login(port, u, DEMO_PASSWORD) for u in ("staff", "town")}
        cookies[None] = None
        for page in pages_of(facts):
            if page.key not in keys:
                continue
            try:
                r = measure_page(port, page, cookies[page.user], requests, proc.pid)
            except Exception as e:  # noqa: BLE001 - recorded as the page's result, the others go on
                r = {"error": f"{type(e).__name__}: {str(e)[:1500]}"}
            out["pages"][page.key] = r
            print(f"  {page.key}: {summary_line(r)}", flush=True)
        mem = http_load.vm_status(proc.pid)
    finally:
        http_load.stop_server(proc)
    out["server"] = {"peak_rss_mib": mem["VmHWM"], "rss_after_mib": mem["VmRSS"]}
    return out


def level(r: dict, clients: int) -> dict:
    return next(lv for lv in r["levels"] if lv["clients"] == clients)


def summary_line(r: dict) -> str:
    if "error" in r:
        return f"ERROR {r['error'][:300]}"
    return (f"first {r['first_ms']:.0f} ms; " + ", ".join(
        f"{lv['clients']} clients p50 {lv['p50_ms']:.0f} / p95 {lv['p95_ms']:.0f} ms" for lv in r["levels"])
        + f"; {level(r, 20)['throughput_rps']:.0f} req/s; {r['bytes']:,} bytes")


# --- profiling one page in-process --------------------------------------------------------------------------
PROFILE_CHILD = r"""
import cProfile, pstats, sys, time
from kegong.cli.app import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.test import Client

path, user, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = Client()
c.force_login(get_user_model().objects.get(username=user))
r = c.get(path)  # the first: caches filled
assert r.status_code == 200, r.status_code
times = []
for _ in range(10):
    t0 = time.perf_counter(); c.get(path); times.append(time.perf_counter() - t0)
prof = cProfile.Profile()
prof.enable()
for _ in range(repeats):
    c.get(path)
prof.disable()
print(f"{path} as {user}: warm in-process {min(times) * 1e3:.1f} / {sorted(times)[5] * 1e3:.1f} ms (min / median of 10); "
      f"profile over {repeats} requests")
from django.db import connection
from django.test.utils import CaptureQueriesContext
with CaptureQueriesContext(connection) as cq:
    t0 = time.perf_counter(); c.get(path); wall = time.perf_counter() - t0
sql_s = sum(float(q["time"]) for q in cq.captured_queries)
print(f"one more request: {wall * 1e3:.1f} ms, {len(cq.captured_queries)} queries taking {sql_s * 1e3:.1f} ms:")
for q in sorted(cq.captured_queries, key=lambda q: -float(q["time"]))[:10]:
    print(f"  {float(q['time']) * 1e3:7.1f} ms  {q['sql'][:300]}")
st = pstats.Stats(prof).strip_dirs()
st.sort_stats("cumulative").print_stats(45)
st.sort_stats("tottime").print_stats(30)
"""


def profile_main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="bench_web_pages.py profile")
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--backend", default="sqlite")
    ap.add_argument("--page", default="list", choices=PAGE_KEYS)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--work", type=Path, default=Path("/tmp/kegong-bench-read-path"))
    args = ap.parse_args(argv)
    case = rp.Case(args.size, args.backend, args.work)
    prepare(case)
    page = next(p for p in pages_of(case_facts(case)) if p.key == args.page)
    subprocess.run([str(rp.BIN / "python"), "-c", PROFILE_CHILD, page.targets[0].path, page.user or "staff",
                    str(args.repeats)], env=case.env(), cwd=ROOT, check=True)


def machine_facts() -> dict:
    code = ("import json, platform, django, sqlite3, waitress, importlib.metadata as md; print(json.dumps({"
            "'python': platform.python_version(), 'django': django.__version__, 'sqlite': sqlite3.sqlite_version, "
            "'waitress': md.version('waitress')}))")
    facts = json.loads(subprocess.run([str(rp.BIN / "python"), "-c", code], capture_output=True, text=True,
                                      check=True).stdout)
    try:
        import psycopg

        with psycopg.connect(f"{rp.PG_URL}/postgres") as con:
            facts["postgresql"] = con.execute("SHOW server_version").fetchone()[0]
    except Exception as e:  # noqa: BLE001
        facts["postgresql"] = f"unavailable ({type(e).__name__})"
    facts |= {"nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
              "free_g": subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.rstrip(),
              "cpu": rp.cpu_model(), "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
              "loadavg": list(os.getloadavg())}
    return facts


# --- the results file -----------------------------------------------------------------------------------------
def load_raw() -> dict:
    return rp.load_raw(OUT)  # the same results-file layout as the read-path benchmark


def merge(raw: dict, key: str, result: dict) -> None:
    case = raw["cases"].setdefault(key, {"pages": {}})
    pages = case.get("pages", {}) | result.pop("pages", {})  # a page measured again replaces the earlier one
    case.update(result)
    case["pages"] = pages


def case_keys(raw: dict) -> list[str]:
    sizes = sorted({int(k.split("-")[1]) for k in raw["cases"]})
    return [f"{b}-{s}" for s in sizes for b in ("sqlite", "postgres") if f"{b}-{s}" in raw["cases"]]


def page_of(raw: dict, key: str, page: str) -> dict | None:
    return raw["cases"].get(key, {}).get("pages", {}).get(page)


def cell(raw: dict, key: str, page: str, fn) -> str:
    r = page_of(raw, key, page)
    if r is None:
        return "—"
    if "error" in r:
        return "error"
    try:
        return fn(r)
    except (KeyError, TypeError, StopIteration):
        return "—"


def case_label(key: str) -> str:
    backend, size = key.split("-")
    return f"{int(size):,} {'SQLite' if backend == 'sqlite' else 'PostgreSQL'}"


LABELS = {  # the row names of the summary table
    "login": "GET /login/ (anonymous; baseline)", "static": f"GET /static/{STATIC_FILE} (baseline)",
    "home": "`/` 驾驶舱", "home_jun_section": "`/?period=2026-06&by=section`",
    "home_jun_industry": "`/?period=2026-06&by=industry`", "list": "`/enterprises/`",
    "list_q": "`/enterprises/?q=科技`", "list_town_growth": "`/enterprises/?town=<first town>&growth=ge20`",
    "list_page20": "`/enterprises/?page=20`", "enterprise": f"`/enterprises/<uscc>/` ({FIRMS_IN_TURN} firms in turn)",
    "town_list": "`/enterprises/` as `town` (scoped)", "measures": "`/measures/` 台账计数",
    "measures_town": "`/measures/` as `town` (scoped)", "scale_up": "`/lists/scale-up/` 升规入统",
    "rd": "`/lists/rd/` 破零倍增", "sme": "`/sme/` 中小微企业", "informatization": "`/informatization/` 信息化",
    "projects": "`/projects/progress/` 项目完成情况", "assessment": "`/assessment/` 绩效考评",
    "assessment_card": "`/assessment/card/` 考评卡片",
}


def summary_table(raw: dict) -> list[str]:
    keys = case_keys(raw)
    lines = ["### p95 with 20 concurrent clients (ms; p50 in brackets)", "",
             "| page | " + " | ".join(case_label(k) for k in keys) + " |",
             "| --- | " + " | ".join("---:" for _ in keys) + " |"]
    for page in PAGE_KEYS:
        cells = [cell(raw, k, page, lambda r: f"{level(r, 20)['p95_ms']:.0f} ({level(r, 20)['p50_ms']:.0f})")
                 for k in keys]
        lines.append(f"| {LABELS[page]} | " + " | ".join(cells) + " |")
    return lines + [""]


def page_table(raw: dict, page: str) -> list[str]:
    lines = [f"#### {LABELS[page]}", "",
             "| firms | backend | bytes | firms listed | first | 1 client p50 / p95 | 20 clients p50 / p95 / max "
             "| req/s (20) | server CPU ms/req (1 / 20) | client CPU ms/req (20) | load avg before/after |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for k in case_keys(raw):
        r = page_of(raw, k, page)
        if r is None:
            continue
        backend, size = k.split("-")
        if "error" in r:
            lines.append(f"| {int(size):,} | {backend} | error: {r['error'][:200]} |" + " |" * 8)
            continue
        one, many = level(r, 1), level(r, 20)
        shown = "—" if r.get("count_shown") is None else f"{r['count_shown']:,}"
        lines.append(
            f"| {int(size):,} | {backend} | {r['bytes']:,} | {shown} | {r['first_ms']:.0f} "
            f"| {one['p50_ms']:.1f} / {one['p95_ms']:.1f} | {many['p50_ms']:.0f} / {many['p95_ms']:.0f} / "
            f"{many['max_ms']:.0f} | {many['throughput_rps']:.0f} | {one['server_cpu_ms_per_req']:.1f} / "
            f"{many['server_cpu_ms_per_req']:.1f} | {many['client_cpu_ms_per_req']:.1f} | "
            + "/".join(map(str, r["loadavg"])) + " |")
    return lines + [""]


def data_table(raw: dict) -> list[str]:
    lines = ["### Data and server", "",
             "| firms | backend | firms in register | figure rows | first town (its firms) | list pages "
             "| demo build s (once) | server peak RSS MiB |",
             "| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |"]
    for k in case_keys(raw):
        c = raw["cases"][k]
        backend, size = k.split("-")
        if "data" not in c:
            lines.append(f"| {int(size):,} | {backend} | error: {c.get('build_error', '?')[:200]} |" + " |" * 5)
            continue
        d, f = c["data"], c.get("facts", {})
        rss = c.get("server", {}).get("peak_rss_mib")
        lines.append(f"| {int(size):,} | {backend} | {d['firms']:,} | {d['figure_rows']:,} | "
                     f"{f.get('town', '—')} ({f.get('firms_in_town', '—')}) | {f.get('pages', '—')} | "
                     f"{d['demo_s']:.0f} | {'—' if rss is None else f'{rss:.0f}'} |")
    return lines + [""]


def target_lines(raw: dict) -> list[str]:
    lines = ["## Target", "", f"Issue 11: p95 with 20 concurrent clients < {LIMIT_MS} ms at {LIMIT_SIZE:,} firms.", "",
             "| page | backend | p95 (20 clients) | verdict |", "| --- | --- | ---: | --- |"]
    for page in PAGE_KEYS:
        if page in ("login", "static"):
            continue
        for backend in ("sqlite", "postgres"):
            r = page_of(raw, f"{backend}-{LIMIT_SIZE}", page)
            if r is None or "error" in r:
                shown, verdict = ("—", "not measured") if r is None else ("error", "**error**")
            else:
                p95 = level(r, 20)["p95_ms"]
                shown, verdict = f"{p95:,.0f} ms", "**met**" if p95 < LIMIT_MS else "**NOT met**"
            lines.append(f"| {LABELS[page]} | {backend} | {shown} | {verdict} |")
    return lines + [""]


def method_lines(raw: dict) -> list[str]:
    m = raw["machine"]
    return [
        "# Web pages benchmark: what users feel (issue 11)",
        "",
        "`benchmarks/bench_web_pages.py` — every figure below is a real HTTP request to `kegong serve --threads 8` "
        "timed by the client, on the demo counties of `benchmarks/bench_read_path.py` (`kegong demo --enterprises N "
        f"--through {rp.period_text(rp.THROUGH)}`: 3 years, 2024-01 … {rp.period_text(rp.THROUGH)}) in SQLite (data "
        "folder) and PostgreSQL (`DATABASE_URL`). Generated by the script; do not edit by hand above the Notes.",
        "",
        "## Machine",
        "",
        f"- date of the last run: {m.get('date')}; CPU: {m.get('cpu')}; `nproc`: {m.get('nproc')}",
        f"- Python {m.get('python')}, Django {m.get('django')}, waitress {m.get('waitress')}, SQLite {m.get('sqlite')}, "
        f"PostgreSQL {m.get('postgresql')}",
        f"- load average at the start of the last run: {', '.join(f'{x:.2f}' for x in m.get('loadavg', []))}; "
        "the machine is shared with other engineers working at the same time (their test runs compete for the 2 "
        "cores), so each page's row shows the 1-minute load average before/after its measure.",
        "",
        "```",
        m.get("free_g", ""),
        "```",
        "",
        "How: for each case the panel store is built first (`kegong indicators`), then one `kegong serve --threads 8` "
        "process serves every page of the case; the client logs in as the demo users `staff` (局业务人员, reads "
        "the whole county) and `town` (乡镇专干 of the first town by name, a scoped list) like a browser (GET "
        "/login/, csrftoken, POST, sessionid). Per page: the first request in that server process (on its own "
        "connection; earlier pages of the case have already warmed what they share, such as the mapped panel "
        "store), a warm-up of 20 requests from 4 clients, then the stated number of requests from 1 client and "
        "from 20 concurrent clients (python threads, `http.client`, each on its own keep-alive connection, back to "
        "back with no think time). The client runs on the same 2 cores as the server (its CPU per request is "
        "shown). Every answer must be HTTP 200 with the page's expected content — the list's count and first "
        "firm, a row naming 科技, the town's rows, `第 20 / N 页`, the firm's name, credit code and chart, the "
        "period label — or the run fails. The enterprise page is fetched for "
        f"{FIRMS_IN_TURN} firms above scale in turn (spread over the register), not one cached firm. Baselines: "
        "anonymous GET /login/ (middleware, session, a template with a CSRF token; no data read) and a static "
        "file served by whitenoise, from the same process.",
        "",
    ]


def write_results(raw: dict) -> None:
    lines = method_lines(raw) + ["## Results", ""] + summary_table(raw) + data_table(raw)
    lines += ["### Per page", ""]
    for page in PAGE_KEYS:
        lines += page_table(raw, page)
    lines += target_lines(raw)
    lines += [NOTES_HEADING, "", raw.get("notes") or "(none yet)", ""]
    dump = {"machine": raw["machine"], "cases": raw["cases"]}
    lines += [RAW_HEADING, "", "Kept by the script to merge runs made in parts.", "", "```json",
              json.dumps(dump, ensure_ascii=False, indent=1), "```", ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="150,2000,20000", help="firms, comma-separated")
    ap.add_argument("--backends", default="sqlite,postgres", help="sqlite and/or postgres")
    ap.add_argument("--pages", default=",".join(PAGE_KEYS), help=f"any of {','.join(PAGE_KEYS)}")
    ap.add_argument("--requests", type=int, default=200, help="requests per page and concurrency level")
    ap.add_argument("--work", type=Path, default=Path("/tmp/kegong-bench-read-path"),
                    help="where the data folders live (bench_read_path's; reused when present)")
    ap.add_argument("--only-write", action="store_true", help="rewrite the results file from its raw section")
    return ap.parse_args(argv)


def main(argv: list[str]) -> None:
    if argv[:1] == ["profile"]:
        return profile_main(argv[1:])
    args = parse_args(argv)
    raw = load_raw()
    if args.only_write:
        return write_results(raw)
    raw["machine"] = machine_facts()
    keys = tuple(k for k in args.pages.split(",") if k)
    unknown = set(keys) - set(PAGE_KEYS)
    if unknown:
        raise SystemExit(f"unknown pages: {', '.join(sorted(unknown))}")
    for size in (int(x) for x in args.sizes.split(",")):
        for backend in args.backends.split(","):
            case = rp.Case(size, backend, args.work)
            print(f"== {case.key} (load average {os.getloadavg()[0]:.2f})", flush=True)
            try:
                merge(raw, case.key, measure_case(case, keys, args.requests))
            except Exception as e:  # noqa: BLE001 - a case that cannot be run is recorded, the rest go on
                merge(raw, case.key, {"build_error": f"{type(e).__name__}: {str(e)[:1500]}"})
                print(f"  FAILED: {e}", flush=True)
            write_results(raw)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
