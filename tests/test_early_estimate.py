"""用电折算产值（预估） in the core (kegong.core.stats.early_estimate): a synthetic panel whose output growth is
exactly 2 + 1.5 × electricity growth in every scope is recovered with no back-test error; a short history
falls back to electricity growth + the recent mean gap; which month is pending."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kegong.core.stats import early_estimate as ee
from kegong.core.stats.panel import EnterpriseInfo, FigureRow, Scope, panel_from_rows

FIRMS = [EnterpriseInfo(f"91000000000000{i:04d}", f"企业{i}", "C" if i % 3 else "D", "13" if i % 3 else "44",
                        "东镇" if i < 4 else "西镇") for i in range(7)]
A, B = 2.0, 1.5  # output yoy = A + B × electricity yoy, firm by firm, month by month
ELEC_PER_OUTPUT = 0.5  # every firm's prior-year electricity is this share of its prior-year output


def _amounts(years, seed=7):
    """Per firm, year and reporting month (2..12; 2 = the combined 1-2月): the prior-year output and the
    electricity growth (%) of the month."""
    rng = np.random.default_rng(seed)
    prior = {(e, y, m): 100.0 * (1 + e) * (1 + 0.02 * m) * (2 if m == 2 else 1)
             for e in range(len(FIRMS)) for y in years for m in range(2, 13)}
    elec_g = {k: float(rng.uniform(-6, 18)) for k in prior}
    return prior, elec_g


def _rows(years, prior, elec_g, output_until, elec_until):
    """FigureRows of both indicators; gross output reported through ``output_until`` (year, month),
    electricity through ``elec_until``."""
    rows = []
    for e, f in enumerate(FIRMS):
        for y in years:
            for code, share, until in (("gross_output", 1.0, output_until), ("electricity", ELEC_PER_OUTPUT,
                                                                              elec_until)):
                cum = pcum = 0.0
                for m in range(2, 13):
                    if (y, m) > until:
                        break
                    g = elec_g[(e, y, m)] if code == "electricity" else A + B * elec_g[(e, y, m)]
                    pv = prior[(e, y, m)] * share
                    v = pv * (1 + g / 100)
                    cum, pcum = cum + v, pcum + pv
                    rows.append(FigureRow(f.id, code, y, m, value=v, cumulative=cum, prior_value=pv,
                                          prior_cumulative=pcum))
    return rows


def _panel(years=(2024, 2025, 2026), output_until=(2026, 6), elec_until=(2026, 7)):
    prior, elec_g = _amounts(years)
    rows = _rows(years, prior, elec_g, output_until, elec_until)
    panel = panel_from_rows(FIRMS, rows, {y: [f.id for f in FIRMS] for y in years},
                            indicators=("gross_output", "electricity"), years=years)
    return panel, prior, elec_g


def _elec_cum_yoy(prior, elec_g, members, year, month):
    """The scope's same-scope cumulative electricity growth, summed here from the amounts themselves."""
    cur = sum(prior[(e, year, m)] * (1 + elec_g[(e, year, m)] / 100) for e in members for m in range(2, month + 1))
    pri = sum(prior[(e, year, m)] for e in members for m in range(2, month + 1))
    return (cur / pri - 1) * 100


def test_exact_linear_relation_is_recovered_with_no_backtest_error():
    panel, prior, elec_g = _panel()
    assert ee.pending_month(panel, 2026) == 7 and ee.latest_pending(panel) == (2026, 7)
    got = {e.scope: e for e in ee.estimate_scopes(panel, 2026, 7)}
    members = {"all": range(7), "industry:C": [i for i in range(7) if i % 3], "industry:D": [0, 3, 6],
               "town:东镇": range(4), "town:西镇": range(4, 7)}
    assert set(got) == set(members)
    for scope, mem in members.items():
        e = got[scope]
        x = _elec_cum_yoy(prior, elec_g, mem, 2026, 7)
        assert e.method == ee.REGRESSION and e.period.key() == "2026-07"
        assert e.electricity_yoy == pytest.approx(x, abs=1e-9)
        assert e.output_yoy == pytest.approx(A + B * x, abs=1e-6)
        assert e.cumulative.intercept == pytest.approx(A, abs=1e-6)
        assert e.cumulative.slope == pytest.approx(B, abs=1e-6)
        # 2024 and 2025 (11 reporting months each) and 1-2月…1-6月 of 2026 before July; the first MIN_FIT
        # points only fit
        assert e.n_backtest == 11 + 11 + 5 - ee.MIN_FIT
        assert e.mae_pp == pytest.approx(0, abs=1e-6) and e.high - e.low == pytest.approx(0, abs=1e-6)
        assert e.month.output_yoy == pytest.approx(A + B * e.month.electricity_yoy, abs=1e-6)
    county = got["all"]
    assert county.label == "全县" and got["town:东镇"].label == "东镇" and got["industry:C"].label == "制造业"


def test_short_history_falls_back_to_electricity_plus_the_recent_gap():
    years = (2026,)
    panel, prior, elec_g = _panel(years=years)
    (county, *_rest) = ee.estimate_scopes(panel, 2026, 7, [Scope.county()])
    # five past points (1-2月 … 1-6月): too few to fit a line on
    out_g = {m: _elec_cum_yoy(prior, {k: A + B * g for k, g in elec_g.items()}, range(7), 2026, m)
             for m in range(2, 7)}
    el_g = {m: _elec_cum_yoy(prior, elec_g, range(7), 2026, m) for m in range(2, 8)}
    gaps = [out_g[m] - el_g[m] for m in range(2, 7)]
    assert county.method == ee.GAP
    assert county.output_yoy == pytest.approx(el_g[7] + sum(gaps[-ee.RECENT:]) / ee.RECENT, abs=1e-9)
    errors = [abs(el_g[m] + np.mean(gaps[max(0, i - ee.RECENT):i]) - out_g[m])
              for i, m in enumerate(range(2, 7)) if i >= 1]
    assert county.n_backtest == len(errors) == 4
    assert county.mae_pp == pytest.approx(float(np.mean(errors)), abs=1e-9)
    q = float(np.quantile(errors, ee.LEVEL))
    assert (county.low, county.high) == pytest.approx((county.output_yoy - q, county.output_yoy + q))


def test_estimate_on_points_alone():
    pts = [ee.Point(2025, m, float(m), A + B * m) for m in range(2, 13)]
    e = ee.estimate(pts, 20.0)
    assert e.method == ee.REGRESSION and e.output_yoy == pytest.approx(A + B * 20)
    assert e.n_backtest == len(pts) - ee.MIN_FIT and e.mae_pp == pytest.approx(0, abs=1e-9)
    none = ee.estimate([], 5.0)
    assert none.method == ee.ELECTRICITY_ONLY and none.output_yoy == 5.0 and none.mae_pp is None
    assert not none.has_interval and none.n_backtest == 0
    one = ee.estimate(pts[:1], 5.0)  # one past point: its gap, nothing to back-test
    assert one.method == ee.GAP and one.output_yoy == pytest.approx(5 + (A + B * 2 - 2))
    assert one.mae_pp is None and not one.has_interval
    assert ee.estimate(pts, None).output_yoy is None
    assert ee.estimate(pts, math.nan).output_yoy is None


def test_pending_month():
    done, *_ = _panel(output_until=(2026, 7), elec_until=(2026, 7))
    assert ee.pending_month(done, 2026) is None and ee.latest_pending(done) is None
    assert ee.estimate_scopes(done, 2026, 7)[0].output_yoy is not None  # a past month can still be estimated
    hole, *_ = _panel(output_until=(2026, 6), elec_until=(2026, 5))  # output later than electricity
    assert ee.pending_month(hole, 2026) is None
    # December's electricity in, its output not, and nothing of the next year yet
    dec, *_ = _panel(years=(2025, 2026), output_until=(2026, 11), elec_until=(2026, 12))
    assert ee.pending_month(dec, 2026) == 12 and ee.latest_pending(dec) == (2026, 12)
    # January's electricity alone is not pending: the statistics report 1-2月 together
    jan = panel_from_rows(FIRMS[:1], [FigureRow(FIRMS[0].id, "electricity", 2026, 1, value=5.0, cumulative=5.0,
                                                prior_value=4.0, prior_cumulative=4.0)],
                          {2026: [FIRMS[0].id]}, indicators=("gross_output", "electricity"), years=(2026,))
    assert ee.pending_month(jan, 2026) is None
    no_elec = panel_from_rows(FIRMS[:1], [], {2026: [FIRMS[0].id]}, indicators=("gross_output",), years=(2026,))
    assert ee.pending_month(no_elec, 2026) is None and ee.estimate_scopes(no_elec, 2026, 7) == []


def test_briefing_sentence_says_falls_as_falls():
    from kegong.core.periods import Period
    from kegong.reports.estimate_view import estimate_view

    def scope(kind, key, label, elec, out, low, high):
        est = ee.Estimate(elec, out, low, high, 1.25, 12, ee.REGRESSION)
        return ee.ScopeEstimate(str(Scope(kind, key)) if kind != "all" else "all", kind, label,
                                Period.cumulative(2026, 7), est, ee.Estimate(elec, out, None, None, None, 0, ee.GAP))

    v = estimate_view([scope("town", "东镇", "东镇", 3.0, 4.0, 1.0, 7.0),
                       scope("all", "", "全县", -2.04, -3.06, -5.2, -0.9)])
    assert v["available"] and v["text"] == (
        "据供电部门7月数据，1-7月全县规模工业用电量同比下降2.0%，据此预估1-7月规模工业总产值同比下降3.1%左右"
        "（区间下降0.9%～5.2%，回测平均误差1.3个百分点），待统计数据公布后更新。")  # 1.25 rounds half up; bounds in the words of the estimate (forecast_words.rate_range)
    assert "增长-" not in v["text"] + v["month_text"]
    assert [p["label"] for p in v["parts"]] == ["全县", "东镇"]
    assert v["parts"][1]["text"] == "东镇预估同比增长4.0%左右" and v["parts"][1]["error"] == "回测平均误差1.3个百分点（12期）"
    assert v["month_text"] == "7月当月规模工业用电量同比下降2.0%，预估当月规模工业总产值同比下降3.1%左右。"
    assert estimate_view([])["available"] is False and estimate_view([])["text"] == ""
