"""Published county figures carry their own period (一季度 / 上半年 / 前三季度 / 全年, 1-M月) and say at which
prices their growth is: the bureau's published rate (按可比价格计算) or the ratio of the two levels (按现价计算)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kegong.core.catalogue import REPORTED_GROWTH
from kegong.core.periods import Period
from kegong.core.stats import targets as T
from kegong.core.stats.growth import growth_pct
from kegong.reports import phrasing as ph
from kegong.reports.data import CountyMeasure, TargetLine
from kegong.reports.sources import _county_figures
from kegong.reports.views import county_figure_view, target_view

# the quarter words the bureau uses for what it publishes by quarter (the month a release covers → its name)
QUARTER_WORDS = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
HTVA = "high_tech_value_added"


def _quarterly(year: int = 2026) -> dict:
    """高新技术产业增加值 published for 1-3, 1-6, 1-9, 1-12月 of this and last year (万元), growth for each."""
    figs = {}
    for y in (year - 1, year):
        for q in QUARTER_WORDS:
            figs[(HTVA, y, q)] = (1000.0 * q + (300.0 * q if y == year else 0.0), "万元")
            if y == year:
                figs[(REPORTED_GROWTH[HTVA], y, q)] = (20.0 + q / 10, "%")
    return figs


def _released(month: int) -> int:
    """The last quarter-end month up to ``month``."""
    return max(q for q in QUARTER_WORDS if q <= month)


@pytest.mark.parametrize("month", range(3, 13))
def test_a_quarterly_figure_is_labelled_with_its_quarter(month):
    figs = _quarterly()
    cm = _county_figures(figs, Period.cumulative(2026, month))[HTVA]
    q = _released(month)
    assert cm.period == Period.cumulative(2026, q)
    assert cm.value == figs[(HTVA, 2026, q)][0]
    view = county_figure_view(cm)
    assert view.period_label == QUARTER_WORDS[q]
    assert view.period_full == f"2026年{QUARTER_WORDS[q]}"
    # the rate said is the one published for that same quarter
    assert view.yoy_pct == figs[(REPORTED_GROWTH[HTVA], 2026, q)][0]


@pytest.mark.parametrize("month", [2, 4, 5, 7, 8, 10, 11])
def test_a_monthly_figure_is_labelled_with_its_months(month):
    figs = {("electricity_total", y, m): (100.0 * m * (1.1 if y == 2026 else 1.0), "万千瓦时")
            for y in (2025, 2026) for m in range(2, 13)}
    view = county_figure_view(_county_figures(figs, Period.cumulative(2026, month))["electricity_total"])
    assert view.period_label == f"1-{month}月"
    assert view.growth_basis == ""  # energy has no price basis


def test_nothing_published_yet_this_year_is_absent():
    assert HTVA not in _county_figures(_quarterly(), Period.cumulative(2026, 2))


@pytest.mark.parametrize("reported, expected_basis", [
    (22.3, "（按可比价格计算）"),
    (-1.5, "（按可比价格计算）"),
    (None, "（按现价计算）"),
])
def test_growth_is_the_published_comparable_rate_when_there_is_one(reported, expected_basis):
    value, prior = 16_890.0, 13_000.0
    cm = CountyMeasure(HTVA, "高新技术产业增加值", "万元", value, prior, growth_pct(value, prior),
                       Period.cumulative(2026, 9), reported_yoy_pct=reported)
    view = county_figure_view(cm)
    rate = reported if reported is not None else growth_pct(value, prior)
    assert view.yoy_pct == rate
    assert view.growth == ph.growth(rate)
    assert view.growth_vs == ph.growth(rate, prefix="较上年同期")
    assert view.growth_basis == expected_basis


def test_no_growth_no_basis():
    cm = CountyMeasure(HTVA, "高新技术产业增加值", "万元", 16_890.0, None, None, Period.cumulative(2026, 9))
    view = county_figure_view(cm)
    assert view.growth == ph.growth(None) and view.growth_basis == ""


def test_a_growth_published_for_another_month_is_not_used():
    figs = _quarterly()
    del figs[(REPORTED_GROWTH[HTVA], 2026, 9)]  # 1-9月 amount published, its growth not (yet)
    cm = _county_figures(figs, Period.cumulative(2026, 11))[HTVA]
    assert cm.reported_yoy_pct is None
    view = county_figure_view(cm)
    assert view.yoy_pct == growth_pct(figs[(HTVA, 2026, 9)][0], figs[(HTVA, 2025, 9)][0])
    assert view.growth_basis == "（按现价计算）"


# --- the share targets computed from the quarterly GDP ------------------------------------------------------
def _share_spec():
    return T.TargetSpec(year=2026, code="high_tech_gdp_share", name="高新技术产业增加值占GDP比重",
                        kind=T.TargetKind.SHARE, value=12.0, unit="%")


@pytest.mark.parametrize("month", range(3, 13))
def test_a_share_of_quarterly_gdp_says_its_quarter(month):
    q = _released(month)
    county = {("high_tech_gdp_share", 2026, m): (11.0 + m / 100, "%") for m in QUARTER_WORDS}
    period = Period.cumulative(2026, month)
    got = T.achieved(_share_spec(), period, county=county)
    assert got.as_of == q and got.actual == county[("high_tech_gdp_share", 2026, q)][0]
    p = T.progress_of(_share_spec(), period, got)
    assert p.as_of == q
    said = f"{QUARTER_WORDS[q] if q != month else period.span_label()}为{T.figure_text('share', got.actual, '%')}"
    assert said in p.message
    if q != month:
        assert f"{period.span_label()}为" not in p.message
    # the document's line says the same as the CLI
    line = TargetLine(p.target.code, p.target.name, "share", 12.0, "%", p.actual, p.completion, p.time_progress,
                      p.gap_points, p.status.label if p.status else None, p.message, as_of=p.as_of)
    assert target_view(line, period).text == p.message
    assert target_view(replace(line, as_of=None), period).text != p.message or q == month


def test_amount_targets_keep_the_period_span():
    text = T.sentence("工业投资", "level", 20.0, "亿元", Period.cumulative(2026, 11), actual=14.05,
                      completion=14.05 / 20, gap_points=-21.4, as_of=9)
    assert "1-11月完成" in text


# --- the demo publishes the rates; the documents print them with their period and basis -----------------------
def test_the_demo_publishes_the_comparable_growth_with_each_amount():
    from decimal import Decimal

    from kegong.demo.published import GDP_DEFLATOR, with_reported_growth

    figs = [(HTVA, 2025, 9, Decimal("10000"), "万元"), (HTVA, 2026, 9, Decimal("12500"), "万元"),
            ("ppi", 2026, 9, Decimal("102.0"), "上年同期=100"), ("gdp", 2025, 9, Decimal("80000"), "万元"),
            ("gdp", 2026, 9, Decimal("86000"), "万元"), (HTVA, 2026, 6, Decimal("8000"), "万元")]
    out = with_reported_growth(figs)
    added = {(c, y, m): v for c, y, m, v, u in out[len(figs):]}
    assert out[:len(figs)] == figs and all(u == "%" for *_, u in out[len(figs):])
    # no prior-year 1-6月 amount: nothing published for it
    assert set(added) == {(REPORTED_GROWTH[HTVA], 2026, 9), (REPORTED_GROWTH["gdp"], 2026, 9)}
    expected_ht = (12500 / 10000 / 1.02 - 1) * 100  # deflated by the PPI of the same month
    expected_gdp = (86000 / 80000 / GDP_DEFLATOR - 1) * 100
    assert abs(float(added[(REPORTED_GROWTH[HTVA], 2026, 9)]) - expected_ht) <= 0.05
    assert abs(float(added[(REPORTED_GROWTH["gdp"], 2026, 9)]) - expected_gdp) <= 0.05
    # comparable is below nominal when prices rose
    assert float(added[(REPORTED_GROWTH[HTVA], 2026, 9)]) < growth_pct(12500, 10000)


@pytest.fixture
def sample_with_high_tech():
    from tests.reports.sample import sample_data

    data = sample_data()  # 2026年1-6月; the high-tech figure last published for 一季度
    cm = CountyMeasure(HTVA, "高新技术产业增加值", "万元", 52_000.0, 41_000.0, growth_pct(52_000.0, 41_000.0),
                       Period.cumulative(2026, 3), reported_yoy_pct=18.4)
    return replace(data, county_figures={**data.county_figures, HTVA: cm}), cm


@pytest.mark.parametrize("kind", ["monthly", "half-year"])
def test_the_documents_print_the_figure_with_its_period_and_basis(kind, sample_with_high_tech):
    from kegong.reports.writer import default_template, render

    data, cm = sample_with_high_tech
    doc = render(data, default_template(kind), with_charts=False).document
    text = "\n".join(p.text for p in doc.paragraphs)
    said = f"{ph.growth(cm.reported_yoy_pct)}（按可比价格计算）"
    assert f"一季度{'，全县' if kind == 'monthly' else ''}高新技术产业增加值" in text
    assert said in text
    assert ph.growth(cm.yoy_pct) not in text  # not the ratio of the levels
