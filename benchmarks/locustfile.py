"""Locust users for ``benchmarks/bench_dashboard_locust.py`` (issue 15, item 8): the dashboard and the enterprise
list as the bureau's staff, and the anonymous login page as the baseline.

    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8000 StaffUser

Each ``StaffUser`` logs in once like a browser (GET /login/ for the CSRF token, POST /login/, 302) and then
asks for / and /enterprises/ in turn with a think time between requests (``KEGONG_LOCUST_WAIT``, seconds
"low-high", default "1-3"; "0" for none). Every answer is checked (HTTP 200 and the page's own heading), so a
fast error page counts as a failure, not as a result. ``LoginPageUser`` only GETs /login/ (no data read, no
password hashed): what the same server answers for a page that costs nothing.

Credentials: ``KEGONG_LOCUST_USER`` / ``KEGONG_LOCUST_PASSWORD`` (default: the demo's ``staff`` / ``kegong-demo``).
With ``KEGONG_LOCUST_COOKIES`` (Cookie headers separated by "|", one logged-in session each, made beforehand
by the bench) each user takes the next session instead of logging in, so that the window measured is not
the users' PBKDF2 rounds at start.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import HttpUser, between, constant, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BOARD = "全县工业经济驾驶舱 <small>"  # the dashboard's heading (not the empty "no data yet" page)
LISTING = "企业名单"
SESSIONS = [c for c in os.environ.get("KEGONG_LOCUST_COOKIES", "").split("|") if c]
NEXT_SESSION = itertools.count()


def think():
    low, _, high = os.environ.get("KEGONG_LOCUST_WAIT", "1-3").partition("-")
    return constant(float(low)) if not high else between(float(low), float(high))


def check(resp, *contains: str) -> None:
    if resp.status_code != 200:
        resp.failure(f"HTTP {resp.status_code}")
        return
    missing = [c for c in contains if c not in resp.text]
    if missing:
        resp.failure(f"{len(resp.content)} bytes without {missing[0]!r}")


class StaffUser(HttpUser):
    wait_time = think()

    def on_start(self) -> None:
        if SESSIONS:
            header = SESSIONS[next(NEXT_SESSION) % len(SESSIONS)]
            for part in header.split(";"):
                name, _, value = part.strip().partition("=")
                self.client.cookies.set(name, value)
            return
        page = self.client.get("/login/", name="login: GET /login/")
        token = CSRF.search(page.text)
        with self.client.post("/login/", name="login: POST /login/", allow_redirects=False, catch_response=True,
                              data={"username": os.environ.get("KEGONG_LOCUST_USER", "staff"),
                                    "password": os.environ.get("KEGONG_LOCUST_PASSWORD", "kegong-demo"),
                                    "csrfmiddlewaretoken": token[1] if token else ""},
                              headers={"Referer": self.host + "/login/"}) as r:
            if r.status_code != 302 or "sessionid" not in self.client.cookies:
                r.failure(f"login failed: HTTP {r.status_code}")

    @task
    def dashboard(self) -> None:
        with self.client.get("/", name="/ (驾驶舱)", catch_response=True) as r:
            check(r, BOARD)

    @task
    def enterprises(self) -> None:
        with self.client.get("/enterprises/", name="/enterprises/", catch_response=True) as r:
            check(r, LISTING, "共 <strong>")


class LoginPageUser(HttpUser):
    wait_time = think()

    @task
    def login_page(self) -> None:
        with self.client.get("/login/", name="/login/ (anonymous; baseline)", catch_response=True) as r:
            check(r, 'name="csrfmiddlewaretoken"')
