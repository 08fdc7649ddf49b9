"""Audit rules: each rule on a hand-made enterprise that breaks it, and clean data that breaks none."""

import pytest

from kegong.core.periods import Period
from kegong.core.stats.audit import (
    RULES,
    RULES_BY_CODE,
    EnterpriseYear,
    MonthRow,
    Severity,
    Thresholds,
    apply_confirmations,
    audit,
    summary,
)


def series(months: dict[int, float], *, prior: dict[int, float] | None = None,
           cumulative: dict[int, float] | None = None) -> dict[int, MonthRow]:
    """Rows from month values (month 2 = 1-2月); cumulative = running sum unless given."""
    out, run, prun = {}, 0.0, 0.0
    for m in sorted(months):
        run += months[m]
        pv = (prior or {}).get(m)
        prun += pv or 0.0
        out[m] = MonthRow(m, 1 if m == 2 else m, months[m], (cumulative or {}).get(m, run),
                          pv, prun if pv is not None else None)
    return out


def clean(year: int = 2026, through: int = 6, **over) -> EnterpriseYear:
    """An enterprise with steady, consistent figures: output 1-2月 200, then 100 a month, +10% on last year;
    revenue twice the output (2400 万元 a year, above the 2000 万元 line)."""
    base = {2: 200.0, **{m: 100.0 for m in range(3, through + 1)}}
    prior = {m: v / 1.1 for m, v in base.items()}
    figs = {"gross_output": series(base, prior=prior),
            "sales_output": series({m: v * 0.96 for m, v in base.items()}, prior={m: v * 0.96 for m, v in prior.items()}),
            "revenue": series({m: v * 2 for m, v in base.items()}, prior={m: v * 2 for m, v in prior.items()}),
            "electricity": series({m: v * 0.02 for m, v in base.items()}, prior={m: v * 0.02 for m, v in prior.items()}),
            "profit": series({m: v * 0.05 for m, v in base.items()})}
    figs.update(over)
    return EnterpriseYear("91430000MA0000001X", "青溪示例机械有限公司", year, True, figs)


def codes(findings):
    return sorted({(f.rule, f.indicator) for f in findings})


def test_the_rules_are_a_table():
    assert len({r.code for r in RULES}) == len(RULES) == 9
    assert {r.code for r in RULES if r.severity is Severity.HARD} == {"H01", "H02", "H03", "H04", "H05"}
    assert {r.code for r in RULES if r.severity is Severity.SOFT} == {"S01", "S02", "S03", "S04"}
    assert all(r.title and any("\u4e00" <= ch <= "\u9fff" for ch in r.title) and callable(r.check) for r in RULES)


@pytest.mark.parametrize("month", [2, 3, 6])
def test_clean_enterprise_has_no_findings(month):
    assert audit([clean()], month) == []


def test_h01_cumulative_below_month():
    e = clean(gross_output=series({2: 200.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0}, cumulative={6: 90.0}))
    f = [x for x in audit([e], 6) if x.rule == "H01"]
    assert len(f) == 1 and f[0].figures == {"value": 100.0, "cumulative": 90.0}
    assert f[0].severity is Severity.HARD and "小于" in f[0].message
    # profit may be negative early in the year: a cumulative below the month is no error there
    loss = clean(profit=series({2: -10.0, 3: 5.0}))
    assert not [x for x in audit([loss], 3) if x.rule == "H01"]


def test_h02_negative_output():
    e = clean(gross_output=series({2: 200.0, 3: -5.0}))
    f = [x for x in audit([e], 3) if x.rule == "H02"]
    assert codes(f) == [("H02", "gross_output")] and f[0].figures == {"value": -5.0}


def test_h03_gap_inside_the_cumulative_with_the_implied_value():
    rows = series({2: 200.0, 3: 100.0, 4: 100.0, 5: 100.0, 6: 100.0})
    del rows[5]  # May not reported; June's cumulative still includes it
    e = clean(gross_output=rows)
    f = [x for x in audit([e], 6) if x.indicator == "gross_output"]
    assert codes(f) == [("H03", "gross_output")]  # H04 is not piled on top of the gap
    assert f[0].figures == {"missing_months": [5], "cumulative": 600.0, "sum_of_months": 500.0,
                            "implied_missing": 100.0}
    assert "缺报 5月" in f[0].message
    # auditing May itself: May is the missing month
    may = [x for x in audit([e], 5) if x.rule == "H03"]
    assert may[0].figures == {"missing_months": [5]}
    # April is complete
    assert not [x for x in audit([e], 4) if x.rule == "H03"]


def test_h03_leading_months_count_only_when_the_cumulative_says_so():
    late_start = clean(gross_output={4: MonthRow(4, 4, 50.0, 50.0), 5: MonthRow(5, 5, 60.0, 110.0)})
    assert not [x for x in audit([late_start], 5) if x.rule in ("H03", "H04")]
    no_jan_feb = clean(gross_output={3: MonthRow(3, 3, 100.0, 300.0), 4: MonthRow(4, 4, 100.0, 400.0)})
    f = [x for x in audit([no_jan_feb], 4) if x.rule == "H03"]
    assert f[0].figures["missing_months"] == [1, 2] and f[0].figures["implied_missing"] == 200.0


def test_h04_cumulative_not_the_sum_of_months():
    e = clean(gross_output=series({2: 200.0, 3: 100.0, 4: 100.0}, cumulative={4: 420.0}))
    f = [x for x in audit([e], 4) if x.rule == "H04"]
    assert len(f) == 1 and f[0].figures["difference"] == 20.0 and f[0].figures["months"] == [2, 3, 4]
    # within tolerance (0.1% of the cumulative): rounding is not an error
    ok = clean(gross_output=series({2: 200.0, 3: 100.0, 4: 100.0}, cumulative={4: 400.3}))
    assert not [x for x in audit([ok], 4) if x.rule == "H04"]
    assert [x for x in audit([ok], 4, thresholds=Thresholds(sum_tolerance=0.0001)) if x.rule == "H04"]


def test_h05_sales_over_1_2_times_gross():
    e = clean(sales_output=series({2: 192.0, 3: 121.0}))  # 121 > 1.2 × 100
    f = [x for x in audit([e], 3) if x.rule == "H05"]
    assert len(f) == 1 and f[0].figures == {"sales_output": 121.0, "gross_output": 100.0, "ratio": 1.21}
    just = clean(sales_output=series({2: 192.0, 3: 120.0}))
    assert not [x for x in audit([just], 3) if x.rule == "H05"]


def test_s01_growth_beyond_50_percent():
    e = clean(revenue=series({2: 200.0, 3: 100.0}, prior={2: 120.0, 3: 70.0}))  # 300 / 190 − 1 = 57.9%
    f = [x for x in audit([e], 3) if x.rule == "S01"]
    assert codes(f) == [("S01", "revenue")] and f[0].figures["growth"] == pytest.approx(57.89, abs=0.01)
    assert f[0].severity is Severity.SOFT
    down = clean(electricity=series({2: 4.0, 3: 2.0}, prior={2: 8.0, 3: 4.5}))  # 6 / 12.5 − 1 = −52%
    assert codes([x for x in audit([down], 3) if x.rule == "S01"]) == [("S01", "electricity")]


def test_s02_spike_catches_a_typo_times_ten():
    months = {2: 200.0, 3: 100.0, 4: 1000.0, 5: 100.0, 6: 100.0}
    e = clean(gross_output=series(months, prior={m: v / 1.1 for m, v in {2: 200.0, 3: 100.0, 4: 100.0,
                                                                      5: 100.0, 6: 100.0}.items()}))
    f = [x for x in audit([e], 4) if x.rule == "S02"]
    assert len(f) == 1 and f[0].indicator == "gross_output"
    assert f[0].figures["neighbours"] == {"3月": 100.0, "5月": 100.0} and f[0].figures["ratio"] == 10.0
    # the month after the spike is not itself a spike
    assert not [x for x in audit([e], 5) if x.rule == "S02"]
    # the latest month (no month after yet): compared with the month before and last year's same month
    latest = [x for x in audit([clean(through=4, gross_output=series(
        {2: 200.0, 3: 100.0, 4: 1000.0}, prior={2: 180.0, 3: 90.0, 4: 95.0}))], 4) if x.rule == "S02"]
    assert latest[0].figures["neighbours"] == {"3月": 100.0, "上年4月": 95.0}


def test_s02_compares_jan_feb_per_month():
    # 1-2月 = 200 is 100 a month: not a spike against March 100
    assert not [x for x in audit([clean()], 2) if x.rule == "S02"]
    big = clean(gross_output=series({2: 800.0, 3: 100.0}))  # 400 a month = 4 × March
    assert [x for x in audit([big], 2) if x.rule == "S02"][0].figures["per_month"] == 400.0


def test_s03_output_up_while_power_falls_30_percent():
    e = clean(electricity=series({2: 4.0, 3: 1.3}, prior={2: 3.6, 3: 2.0}))  # March −35%, output +10%
    f = [x for x in audit([e], 3) if x.rule == "S03"]
    assert len(f) == 1 and f[0].figures == {"gross_output_growth": 10.0, "electricity_growth": -35.0}
    mild = clean(electricity=series({2: 4.0, 3: 1.5}, prior={2: 3.6, 3: 2.0}))  # −25%
    assert not [x for x in audit([mild], 3) if x.rule == "S03"]


def test_s04_small_above_scale_enterprise():
    small = clean(revenue=series({2: 300.0, 3: 150.0, 4: 150.0}))  # 600 in 4 months → 1800 a year
    f = [x for x in audit([small], 4) if x.rule == "S04"]
    assert len(f) == 1 and f[0].figures == {"cumulative": 600.0, "months": 4, "annualised": 1800.0}
    big = clean(revenue=series({2: 400.0, 3: 200.0, 4: 200.0}))  # 2400 a year
    assert not [x for x in audit([big], 4) if x.rule == "S04"]
    small.above_scale = False
    assert not [x for x in audit([small], 4) if x.rule == "S04"]


def test_findings_carry_enterprise_period_and_json():
    e = clean(gross_output=series({2: 200.0, 3: -5.0}))
    f = audit([e], 3)[0]
    d = f.to_dict()
    assert {"rule", "severity", "uscc", "enterprise", "period", "figures", "message", "confirmed"} <= set(d)
    assert d["uscc"] == "91430000MA0000001X" and d["enterprise"] == "青溪示例机械有限公司"
    assert d["period"] == "2026-03" and d["period_label"] == "2026年3月" and d["confirmed"] is False
    jf = audit([clean(gross_output=series({2: -1.0}))], 2)[0]
    assert jf.period == Period(2026, 1, 2) and jf.period.label() == "2026年1-2月"


def test_confirmations_mark_soft_findings_only():
    e = clean(revenue=series({2: 200.0, 3: 100.0}, prior={2: 120.0, 3: 70.0}),
              gross_output=series({2: 200.0, 3: -5.0}))
    found = audit([e], 3)
    keys = {f.key: "企业新增生产线，数据属实" for f in found}
    confirmed = audit([e], 3, confirmations=keys)
    soft = [f for f in confirmed if f.severity is Severity.SOFT]
    hard = [f for f in confirmed if f.severity is Severity.HARD]
    assert soft and all(f.confirmed and f.note == "企业新增生产线，数据属实" for f in soft)
    assert hard and not any(f.confirmed for f in hard)
    assert summary(confirmed)["unconfirmed"] == 0 and summary(found)["unconfirmed"] == len(soft)
    assert apply_confirmations(found, {}) == found
    assert confirmed[0].severity is Severity.HARD  # hard findings are listed first


def test_custom_rule_table_and_thresholds():
    e = clean(gross_output=series({2: 200.0, 3: 100.0}, prior={2: 150.0, 3: 80.0}))  # +30.4%
    assert not audit([e], 3)
    assert codes(audit([e], 3, thresholds=Thresholds(growth_limit=30))) == [("S01", "gross_output")]
    assert audit([e], 3, rules=[RULES_BY_CODE["H01"]], thresholds=Thresholds(growth_limit=30)) == []
