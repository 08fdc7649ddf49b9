"""The dashboard's 绩效考评 card: fetched after the page (htmx), the scheme's first three towns with their totals,
a town user's own place added and marked; a year without a scheme says so."""

from __future__ import annotations

import re

import pytest

from kegong.core import access
from tests.desk_data import make_user, staff, text_of


@pytest.fixture
def demo(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))


def _ranks(html: str) -> list[tuple[int, str, str]]:
    return [(int(a), b.strip(), c) for a, b, c in
            re.findall(r'<span class="rank">第 (\d+) 名</span>([^<]+)<span class="num">([\d.]+) 分</span>', html)]


def test_the_dashboard_loads_the_card_after_the_page(client, demo):
    client.force_login(staff())
    home = client.get("/").content.decode()
    assert 'hx-get="/assessment/card/?period=2026-06"' in home and 'hx-trigger="load"' in home
    card = client.get("/assessment/card/", {"period": "2026-06"}).content.decode()
    top = _ranks(card)
    board = text_of(client.get("/assessment/", {"period": "2026-06"}).content.decode())
    assert len(top) == 3 and [r for r, _t, _s in top] == sorted(r for r, _t, _s in top)
    for _rank, town, total in top:
        assert town in board and total in board  # the card says what the ranking page says
    assert "查看" in card and "计分过程" in card
    no_scheme = text_of(client.get("/assessment/card/", {"period": "2024-06"}).content.decode())
    assert "2024 年还没有考评方案" in no_scheme
    # a town user: its own place, marked, whatever its rank
    from kegong.assessment import selectors
    from kegong.core.periods import Period

    board = selectors.board(selectors.scheme_for(2026), Period.cumulative(2026, 6))
    last = board.rows[-1]
    client.force_login(make_user(access.TOWN, "t-last", units=[last.town]))
    card = client.get("/assessment/card/", {"period": "2026-06"}).content.decode()
    assert (last.rank, last.town) in [(r, t) for r, t, _s in _ranks(card)] and "（本乡镇）" in card
