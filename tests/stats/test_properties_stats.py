"""Hypothesis properties of the same-scope sums, growth and contributions on random small counties.

The reference for growth is a plain Python loop over enterprise rows, written from the definition:
Σ this year's figure / Σ the prior-year figure the same enterprises reported − 1, over the enterprises of
the scope that are above scale this year; a missing figure adds nothing.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period
from kegong.core.stats.aggregate import breakdown_by, scope_totals
from kegong.core.stats.growth import growth_pct
from kegong.core.stats.indicators import indicator_table
from kegong.core.stats.panel import EnterpriseInfo, FigureRow, Scope, panel_from_rows

TOWNS, PARKS, CHAINS = ("城关镇", "河口镇", "东山乡"), ("", "经开区", "高新区"), ("", "家具", "新能源")
YEARS = (2025, 2026)
money = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9).map(lambda c: c / 10**4))


@st.composite
def counties(draw):
    n = draw(st.integers(min_value=1, max_value=10))
    ents, scale, rows = [], {y: [] for y in YEARS}, []
    for i in range(n):
        e = EnterpriseInfo(f"E{i:02d}", f"企业{i}", draw(st.sampled_from("BCD")), "", draw(st.sampled_from(TOWNS)),
                           draw(st.sampled_from(PARKS)), draw(st.sampled_from(CHAINS)))
        ents.append(e)
        for y in YEARS:
            if draw(st.booleans()):
                scale[y].append(e.id)
            for m in draw(st.sets(st.sampled_from([2, 3, 6]), max_size=3)):
                rows.append(FigureRow(e.id, "gross_output", y, m, draw(money), draw(money), draw(money),
                                      draw(money)))
    return ents, scale, rows


def loop_sums(ents, scale, rows, pred, year, month, cur_field="cumulative", prior_field="prior_cumulative"):
    """Σ current and Σ prior over the enterprises satisfying ``pred`` and above scale in ``year``."""
    members = {e.id for e in ents if pred(e) and e.id in scale[year]}
    cur = prior = 0.0
    any_cur = any_prior = False
    for r in rows:
        if r.enterprise in members and r.year == year and r.month == month:
            if getattr(r, cur_field) is not None:
                cur, any_cur = cur + getattr(r, cur_field), True
            if getattr(r, prior_field) is not None:
                prior, any_prior = prior + getattr(r, prior_field), True
    return (cur if any_cur else None), (prior if any_prior else None)


def close(a, b) -> bool:
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or (isinstance(b, float) and math.isnan(b)))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


SCOPES_AND_PREDICATES = [
    (Scope.county(), lambda e: True),
    (Scope("industry", "C"), lambda e: e.section == "C"),
    (Scope("town", "河口镇"), lambda e: e.town == "河口镇"),
    (Scope("park", "经开区"), lambda e: e.park == "经开区"),
    (Scope("chain", "新能源"), lambda e: e.chain == "新能源"),
]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(counties(), st.sampled_from([2, 3, 6]), st.sampled_from(YEARS))
def test_scope_growth_equals_plain_loop(county, month, year):
    ents, scale, rows = county
    panel = panel_from_rows(ents, rows, scale, indicators=["gross_output"], years=YEARS)
    for scope, pred in SCOPES_AND_PREDICATES:
        if scope.kind != "all" and scope.key not in panel.groups[
                {"industry": "section", "town": "town", "park": "park", "chain": "chain"}[scope.kind]].labels:
            continue
        t = scope_totals(panel, [scope], year, ["gross_output"])
        cur, prior = loop_sums(ents, scale, rows, pred, year, month)
        assert close(t.get("cumulative", scope, "gross_output", month), cur)
        assert close(t.get("prior_cumulative", scope, "gross_output", month), prior)
        g_core = growth_pct(t.get("cumulative", scope, "gross_output", month),
                            t.get("prior_cumulative", scope, "gross_output", month))
        assert close(g_core, growth_pct(cur, prior))


@FAST
@given(counties(), st.sampled_from([2, 3, 6]))
def test_indicator_table_equals_plain_loop(county, month):
    ents, scale, rows = county
    panel = panel_from_rows(ents, rows, scale, indicators=["gross_output"], years=YEARS)
    if not panel.has_data(2026, month):
        return
    period = Period.cumulative(2026, month)
    r = indicator_table(panel, period, [Scope.county()], INDICATORS)[0]
    cur, prior = loop_sums(ents, scale, rows, lambda e: True, 2026, month)
    assert close(r.cumulative, cur) and close(r.cumulative_prior_year, prior)
    assert close(r.yoy_pct, growth_pct(cur, prior))
    prev = period.previous_cumulative()
    g_prev = growth_pct(*loop_sums(ents, scale, rows, lambda e: True, 2026, prev.end)) if prev else None
    expected_pp = None if r.yoy_pct is None or g_prev is None else growth_pct(cur, prior) - g_prev
    assert close(r.pp_change, expected_pp)
    fields = ("cumulative", "prior_cumulative") if month == 2 else ("value", "prior_value")
    mc, mp = loop_sums(ents, scale, rows, lambda e: True, 2026, month, *fields)
    assert close(r.month, mc) and close(r.month_prior_year, mp) and close(r.month_yoy_pct, growth_pct(mc, mp))
    last_cur, _ = loop_sums(ents, scale, rows, lambda e: True, 2025, month)
    assert close(r.naive_yoy_pct, growth_pct(cur, last_cur))


@FAST
@given(counties(), st.sampled_from(["section", "town", "park", "chain"]), st.sampled_from([2, 3, 6]))
def test_parts_of_a_partition_sum_to_the_whole(county, attribute, month):
    ents, scale, rows = county
    panel = panel_from_rows(ents, rows, scale, indicators=["gross_output"], years=YEARS)
    parts = panel.partition(attribute)
    whole = scope_totals(panel, [Scope.county()], 2026)
    split = scope_totals(panel, parts, 2026)
    for f in ("value", "cumulative", "prior_value", "prior_cumulative"):
        w, p = getattr(whole, f)[0], getattr(split, f)
        np.testing.assert_array_equal(np.isnan(w), np.isnan(p).all(axis=0))
        np.testing.assert_allclose(np.nansum(p, axis=0)[~np.isnan(w)], w[~np.isnan(w)], rtol=1e-12, atol=1e-6)
    assert split.members.sum() == whole.members[0]


@FAST
@given(counties(), st.sampled_from(["section", "town", "park", "chain"]), st.sampled_from([2, 3, 6]),
       st.booleans())
def test_pulls_of_a_partition_sum_to_the_growth(county, attribute, month, cumulative):
    ents, scale, rows = county
    panel = panel_from_rows(ents, rows, scale, indicators=["gross_output"], years=YEARS)
    b = breakdown_by(panel, Scope.county(), attribute, "gross_output", 2026, month, cumulative=cumulative)
    fields = ("cumulative", "prior_cumulative") if cumulative or month == 2 else ("value", "prior_value")
    total = scope_totals(panel, [Scope.county()], 2026, ["gross_output"])
    cur = total.get(fields[0], Scope.county(), "gross_output", month)
    prior = total.get(fields[1], Scope.county(), "gross_output", month)
    assert close(b.current, cur) and close(b.prior, prior)
    g = growth_pct(cur, prior)
    if g is None:
        assert all(p.pull_pp is None for p in b.parts)
        return
    assert math.isclose(sum(p.pull_pp for p in b.parts if p.pull_pp is not None), g, rel_tol=1e-9, abs_tol=1e-6)
    if abs(cur - prior) > 1e-6 * max(cur, prior):
        rates = [p.contribution_pct for p in b.parts if p.contribution_pct is not None]
        assert math.isclose(sum(rates), 100.0, rel_tol=1e-6)
        shares = [p.share_pct for p in b.parts if p.share_pct is not None]
        if cur > 0:
            assert math.isclose(sum(shares), 100.0, rel_tol=1e-9)
