"""The dashboard's 用电折算产值（预估） card: the demo county with July's electricity in and July's statistics not
yet — the card (fetched by htmx after the page) gives the county's estimate with its interval and back-test
error, the sections and the towns, and says the actual figures replace it; once the statistics arrive, or
with no pending month at all, the card is empty."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from kegong.core.numbers import fmt
from kegong.reports import phrasing
from tests.desk_data import staff, text_of

JULY = (2026, 7)


def _demo(last):
    from kegong.demo.generator import DemoSpec, generate_county

    return generate_county(DemoSpec(seed=2026, n_enterprises=150, last=last))


@pytest.fixture
def pending(db):
    """The demo through July 2026, of July only the power company's electricity loaded; returns (demo, the
    July figures held back)."""
    from kegong.demo.load import load_demo

    demo = _demo(JULY)
    held = [f for f in demo.records.figures if (f.year, f.month) == JULY and f.indicator != "electricity"]
    kept = [f for f in demo.records.figures if not ((f.year, f.month) == JULY and f.indicator != "electricity")]
    load_demo(dataclasses.replace(demo, records=dataclasses.replace(demo.records, figures=kept)))
    return demo, held


def _county_electricity_yoy(demo) -> float:
    """1-7月 same-scope electricity growth of the county, summed from the demo's own records: the firms above
    scale in 2026, this year's cumulative over the prior-year cumulative on the same form."""
    above = {e.record.uscc for e in demo.enterprises if e.scope_years.get(2026)}
    rows = [f for f in demo.records.figures
            if f.indicator == "electricity" and (f.year, f.month) == JULY and f.uscc in above]
    cur = sum((f.cumulative for f in rows if f.cumulative is not None), Decimal(0))
    pri = sum((f.prior_year_cumulative for f in rows if f.prior_year_cumulative is not None), Decimal(0))
    return float((cur / pri - 1) * 100)


def test_the_card_shows_the_estimate_while_the_statistics_are_pending(client, pending):
    from kegong.figures.estimates import early_estimates

    demo, held = pending
    client.force_login(staff())
    home = client.get("/").content.decode()
    assert 'hx-get="/estimate/card/"' in home and 'hx-trigger="load"' in home
    assert 'value="2026-06" selected' in home  # the dashboard itself stays on the latest statistics
    card = client.get("/estimate/card/").content.decode()
    text = text_of(card)
    assert "用电折算产值（预估）" in text and "2026年1-7月" in text and "统计局数据到达后自动替换为实际数" in text
    assert f"1-7月全县规模工业用电量{phrasing.growth(_county_electricity_yoy(demo))}" in text
    est = {e.scope: e for e in early_estimates()}
    county = est["all"]
    assert county.period.key() == "2026-07" and county.n_backtest >= 3
    assert f"规模工业总产值{phrasing.growth(county.output_yoy)}左右" in text
    assert f"（区间{phrasing.pct(county.low)}～{phrasing.pct(county.high)}）" in text
    assert f"回测平均误差{fmt(county.mae_pp, 1)}个百分点（{county.n_backtest}期）" in text
    sections = [e for e in est.values() if e.kind == "industry"]
    towns = [e for e in est.values() if e.kind == "town"]
    assert sections and towns
    for e in sections + towns:
        assert e.label in text and f"{fmt(e.mae_pp, 1)}{e.n_backtest}期" in text
    # the statistics bureau's July arrives: no pending month, the card goes, the dashboard moves to July
    from kegong.core.records import RecordSet
    from kegong.imports.writer import write_records

    write_records(RecordSet(source="tongji", figures=held), file_name="2026年7月规上工业.xlsx",
                  file_hash="july-statistics", replace_scope=False)
    assert early_estimates() == []
    assert client.get("/estimate/card/").content.decode().strip() == ""
    assert 'value="2026-07" selected' in client.get("/").content.decode()


def test_no_pending_month_no_card(client, db):
    from kegong.demo.load import load_demo

    load_demo(_demo((2026, 6)))
    client.force_login(staff())
    resp = client.get("/estimate/card/")
    assert resp.status_code == 200 and resp.content.decode().strip() == ""


def test_the_card_needs_the_dashboard_right(client, pending):
    from tests.desk_data import reporter

    demo, _held = pending
    firm = demo.enterprises[0].record.uscc
    client.force_login(reporter(firm))
    resp = client.get("/estimate/card/")
    assert resp.status_code == 403
