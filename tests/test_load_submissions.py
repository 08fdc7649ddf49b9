"""200 enterprise reporters submit June through the web at once (issue 15, item 11), compressed for CI: a demo
county through May 2026 with one reporter account per above-scale firm, ``kegong serve`` in a subprocess on a
free port, and 200 simulated reporters (``requests`` sessions: log in, open the form, POST the month with its
CSRF token) starting over about a minute, 20 at a time. No request may fail, and afterwards the database must
hold every firm's June exactly as it was submitted. The full 10-minute pacing is
``benchmarks/bench_submissions.py``, whose functions this test runs in their bounded form."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import bench_submissions as bench  # noqa: E402

REPORTERS, WINDOW_S, AT_ONCE = 200, 60, 20

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    if request.param == "postgres" and not bench.pg_reachable():
        pytest.skip("PostgreSQL unreachable on 127.0.0.1:5432")
    return request.param


def test_200_reporters_submit_their_month(backend, tmp_path):
    r = bench.measure(backend, tmp_path, reporters=REPORTERS, window_s=WINDOW_S, concurrency=AT_ONCE, think_s=0)
    step = r["by_step"]
    print(f"\n{backend}: {r['submitted']} submissions in {r['last_finished_s']:.0f} s, {r['requests']} requests, "
          f"p95 {r['all_requests']['p95_ms']:.0f} ms (POST month p95 {step['submit_post']['p95_ms']:.0f} ms, "
          f"login POST p95 {step['login_post']['p95_ms']:.0f} ms); login page baseline p95 "
          f"{r['baseline_login_page']['p95_ms']:.1f} ms")
    assert r["errors"] == []
    assert r["submitted"] == REPORTERS == r["distinct_firms"] == r["distinct_users"]  # one reporter per firm
    assert r["requests"] == REPORTERS * len(bench.STEPS)  # every step of every flow answered as expected
    stored = r["stored"]
    assert stored["wrong"] == []  # each firm's June holds exactly what its reporter submitted
    assert stored["stored_rows"] == stored["expected_rows"] > REPORTERS  # and nothing else was written
    assert stored["sources"] == {"manual": stored["expected_rows"]}
    assert stored["manual_batches"] == REPORTERS  # one 手工录入 batch per submission
    assert r["server_log_locked"] == 0 and r["server_log_tracebacks"] == 0
