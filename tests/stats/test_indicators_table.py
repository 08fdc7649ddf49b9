"""The indicator table on the hand-worked county of test_panel_handworked (figures in its docstring)."""

from __future__ import annotations

import json

import pytest

from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period, PeriodError
from kegong.core.stats.indicators import (
    CONTRACT_KEYS,
    check_period,
    county_checks,
    default_scopes,
    format_table,
    indicator_table,
    table_json,
)
from kegong.core.stats.panel import Scope, StatsError
from tests.stats.test_panel_handworked import handworked_panel

A = pytest.approx


@pytest.fixture(scope="module")
def panel():
    return handworked_panel()


def row(panel, period: Period, scope: Scope, code: str = "gross_output"):
    rows = indicator_table(panel, period, [scope], INDICATORS)
    return next(r for r in rows if r.code == code)


# period end, cumulative, prior, yoy, yoy of previous period, pp, month, month prior, month yoy
COUNTY = [
    (2, 510, 520, -1.923076923, None, None, 510, 520, -1.923076923),  # 1-2月: the month is 1-2月 combined
    (3, 845, 790, 6.962025316, -1.923076923, 8.885102239, 335, 270, 24.074074074),  # turns positive
    (6, 1740, 1550, 12.258064516, 10.465116279, 1.792948237, 315, 260, 21.153846154),
]


@pytest.mark.parametrize(("end", "cum", "prior", "yoy", "prev", "pp", "month", "mprior", "myoy"), COUNTY)
def test_county_rows(panel, end, cum, prior, yoy, prev, pp, month, mprior, myoy):
    r = row(panel, Period.cumulative(2026, end), Scope.county())
    assert (r.cumulative, r.cumulative_prior_year) == (cum, prior)
    assert r.yoy_pct == A(yoy)
    assert r.yoy_pct_prev == (A(prev) if prev is not None else None)
    assert r.pp_change == (A(pp) if pp is not None else None)
    assert (r.month, r.month_prior_year) == (month, mprior)
    assert r.month_yoy_pct == A(myoy)
    assert r.members == 5 and r.net_addition == cum - prior
    assert (r.scope, r.scope_name, r.name, r.unit) == ("all", "全县", "工业总产值", "万元")


def test_naive_and_last_year_growth(panel):
    r = row(panel, Period.cumulative(2026, 6), Scope.county())
    assert r.last_year_cumulative == 1650
    assert r.naive_yoy_pct == A(5.454545455)       # 1740 / 1650 − 1, against last year's stored totals
    assert r.yoy_pct_last_year == A(4.430379747)   # 1650 / 1580 − 1
    assert r.pp_change_last_year == A(7.827684769)
    # no 2025 data at 1-3月: nothing to compare with
    r3 = row(panel, Period.cumulative(2026, 3), Scope.county())
    assert (r3.last_year_cumulative, r3.naive_yoy_pct, r3.pp_change_last_year) == (None, None, None)


@pytest.mark.parametrize(("scope", "cum", "prior", "yoy"), [
    (Scope("industry", "C"), 1110, 940, 18.085106383),
    (Scope("town", "河口镇"), 630, 610, 3.278688525),    # E (left the scope) is not counted
    (Scope("park", "经开区"), 1150, 1100, 4.545454545),
    (Scope("enterprise", "F"), 90, None, None),           # no prior-year figure: no growth
    (Scope("enterprise", "E"), 190, 200, -5.0),
])
def test_scope_rows(panel, scope, cum, prior, yoy):
    r = row(panel, Period.cumulative(2026, 6), scope)
    assert (r.cumulative, r.cumulative_prior_year) == (cum, prior)
    assert r.yoy_pct == (A(yoy) if yoy is not None else None)


def test_indicator_without_prior_figures(panel):
    r = row(panel, Period.cumulative(2026, 6), Scope.county(), "electricity")
    assert (r.cumulative, r.cumulative_prior_year, r.yoy_pct, r.unit) == (50, None, None, "万千瓦时")
    assert (r.month, r.month_yoy_pct) == (10, None)


def test_indicators_not_in_the_panel_are_left_out(panel):
    rows = indicator_table(panel, Period.cumulative(2026, 6), [Scope.county()], INDICATORS)
    assert [r.code for r in rows] == ["gross_output", "electricity"]


def test_default_scopes(panel):
    assert [str(s) for s in default_scopes(panel)] == [
        "all", "industry:B", "industry:C", "industry:D", "town:城关镇", "town:河口镇"]


def test_unknown_or_non_cumulative_period(panel):
    with pytest.raises(StatsError, match=r"没有 2026年1-7月 的数据（现有数据截至 2026年6月）"):
        check_period(panel, Period.cumulative(2026, 7))
    with pytest.raises(StatsError, match="没有 2024年1-6月 的数据"):
        check_period(panel, Period.cumulative(2024, 6))
    with pytest.raises(PeriodError, match="不是累计期"):  # the one error Period.require_cumulative gives
        check_period(panel, Period.quarter(2026, 2))


def test_json_contract_and_rounding(panel):
    p = Period.cumulative(2026, 6)
    rows = indicator_table(panel, p, [Scope.county(), Scope("enterprise", "F")], INDICATORS)
    doc = json.loads(json.dumps(table_json(p, rows), allow_nan=False))
    assert doc["period"] == "2026-06"
    first = doc["indicators"][0]
    assert list(first)[: len(CONTRACT_KEYS)] == list(CONTRACT_KEYS)
    assert first["yoy_pct"] == 12.26 and first["yoy_pct_prev"] == 10.47 and first["pp_change"] == 1.79
    assert first["month_yoy_pct"] == 21.15 and first["cumulative"] == 1740.0
    f = next(d for d in doc["indicators"] if d["scope"] == "enterprise:F" and d["code"] == "gross_output")
    assert f["cumulative_prior_year"] is None and f["yoy_pct"] is None and f["pp_change"] is None


def test_readable_table(panel):
    p = Period.cumulative(2026, 6)
    rows = indicator_table(panel, p, [Scope.county(), Scope("enterprise", "F")], INDICATORS)
    text = format_table(p, rows)
    assert "【全县】2026年1-6月 规上工业主要指标（5家企业，同口径）" in text
    assert "【己电子有限公司】2026年1-6月 主要指标" in text
    assert "1,740.00" in text and "12.3" in text and "1-5月同比%" in text
    f_block = text.split("【己电子有限公司】")[1]
    f_line = next(line for line in f_block.splitlines() if "工业总产值" in line)
    assert "90.00" in f_line and "—" in f_line


def test_county_checks(panel):
    figures = {("value_added_growth", 2026, 6): (8.0, "%"), ("ppi", 2026, 6): (101.5, ""),
               ("gdp", 2026, 6): (85.6, "亿元"), ("high_tech_value_added", 2026, 6): (12.84, "亿元"),
               ("rd_spend", 2026, 6): (17120.0, "万元")}
    va, ratios = county_checks(panel, Period.cumulative(2026, 6), figures)
    assert va.official_pct == 8.0 and va.gross_output_pct == A(12.258064516)
    assert va.estimate_pct == A(10.599078341) and va.gap_pp == A(-2.599078341)
    assert ratios.gdp == A(856000) and ratios.rd_gdp_pct == A(2.0) and ratios.high_tech_gdp_pct == A(15.0)
    doc = table_json(Period.cumulative(2026, 6), [], va, ratios)
    assert doc["value_added"]["estimate_pct"] == 10.6 and doc["gdp_ratios"]["rd_gdp_pct"] == 2.0
    text = format_table(Period.cumulative(2026, 6), [], va, ratios)
    assert "统计局公布）：8.0%" in text and "估算" in text
    va2, r2 = county_checks(panel, Period.cumulative(2026, 3), {})
    assert va2.official_pct is None and va2.estimate_pct is None and r2.rd_gdp_pct is None
