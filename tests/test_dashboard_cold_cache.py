"""A cold dashboard is computed once however many users arrive together: the requests that come while the
board is being computed wait for it (a per-key lock) instead of each computing it again — at 20,000 firms a
restarted server stalled 5–8 s when ~25 users computed the same board at once (benchmarks/dashboard-locust-results.md)."""

from __future__ import annotations

import threading
import time

import pytest
from django.test import Client

from tests.desk_data import staff

pytestmark = pytest.mark.django_db(transaction=True)  # the threads' requests see the loaded demo


def test_concurrent_cold_requests_compute_the_board_once(monkeypatch):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo
    from kegong.web import views

    load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=40, last=(2026, 6))))
    user = staff()
    views._fragments.clear()
    views._contexts.clear()
    calls: list[str] = []
    real = views.board_context

    def slow(period, by):
        calls.append(period.key())
        time.sleep(0.5)  # long enough for every other request to arrive meanwhile
        return real(period, by)

    monkeypatch.setattr(views, "board_context", slow)
    statuses: list[int] = []

    def visit():
        from django.db import connections

        try:
            c = Client()
            c.force_login(user)
            statuses.append(c.get("/?period=2026-06").status_code)
        finally:
            connections.close_all()  # this thread's own connection (PostgreSQL would keep it open)

    threads = [threading.Thread(target=visit) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * 6
    assert calls == ["2026-06"]  # one computation for six users
