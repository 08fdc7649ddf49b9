"""培育名单 in the core (kegong.core.stats.cultivation): the boundaries of 破零 (zero vs missing), 倍增 (exactly
2 × counts, a zero base never doubles), the figures to date, and the 升规入统 band with estimates from tax and
electricity by the section's median ratio."""

from __future__ import annotations

import numpy as np
import pytest

from kegong.core.stats.cultivation import (
    APPROACH,
    RULES,
    THRESHOLD,
    annualise,
    is_doubled,
    median,
    new_above_scale,
    rd_lists,
    scale_up_candidates,
    section_ratios,
    to_date,
)
from kegong.core.stats.panel import EnterpriseInfo, FigureRow, panel_from_rows

Y = 2026


def ent(i: int, section: str = "C", town: str = "城关镇") -> EnterpriseInfo:
    return EnterpriseInfo(f"E{i:02d}", f"企业{i:02d}", section, "30", town)


def row(i: int, code: str, month: int, cum: float | None, prior: float | None = None, year: int = Y) -> FigureRow:
    return FigureRow(f"E{i:02d}", code, year, month, cumulative=cum, prior_cumulative=prior)


def panel(n: int, rows, above=None, last_year_above=None, sections=None):
    ents = [ent(i, (sections or {}).get(i, "C")) for i in range(n)]
    scope = {Y: [f"E{i:02d}" for i in (range(n) if above is None else above)],
             Y - 1: [f"E{i:02d}" for i in (last_year_above or ())]}
    return panel_from_rows(ents, rows, scope, indicators=("rd_spend", "revenue", "tax", "electricity"),
                           years=(Y - 1, Y))


# --- 破零倍增 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("current", "prior", "doubled"), [
    (200.0, 100.0, True),  # exactly 2 ×
    (199.9999, 100.0, False),
    (0.2, 0.1, True),  # 2 × 0.1 in binary is not 0.2; the amounts are
    (250.0, 100.0, True),
    (50.0, 0.0, False),  # from zero: 破零, not 倍增
    (50.0, None, False),
    (None, 10.0, False),
    (0.0, 0.0, False),
])
def test_doubling_boundaries(current, prior, doubled):
    assert is_doubled(current, prior) is doubled


@pytest.mark.parametrize(("rows", "zero", "reported", "lapsed", "doubling"), [
    ([], True, False, False, False),  # nothing reported: 破零, 未填报
    ([row(0, "rd_spend", 6, 0.0, 0.0)], True, True, False, False),  # reported as 0
    ([row(0, "rd_spend", 6, 0.0, 30.0)], True, True, True, False),  # had R&D last year: 上年有、今年无
    ([row(0, "rd_spend", 6, None, 30.0)], True, False, True, False),  # only the prior figure given
    ([row(0, "rd_spend", 6, 60.0, 30.0)], False, True, False, True),  # exactly doubled
    ([row(0, "rd_spend", 6, 59.0, 30.0)], False, True, False, False),
    ([row(0, "rd_spend", 6, 5.0, None)], False, True, False, False),  # broke zero, nothing to double
    ([row(0, "rd_spend", 3, 40.0, 20.0)], False, True, False, True),  # March's figure stands in June
    ([row(0, "rd_spend", 6, 40.0), row(0, "rd_spend", 6, 20.0, year=Y - 1)], False, True, False, True),
    ([row(0, "rd_spend", 6, 40.0), row(0, "rd_spend", 9, 20.0, year=Y - 1)], False, True, False, False),
])
def test_rd_lists_one_firm(rows, zero, reported, lapsed, doubling):
    lists = rd_lists(panel(1, rows), Y, 6)
    assert lists.firms == 1
    assert bool(lists.zero) is zero and bool(lists.lapsed) is lapsed and bool(lists.doubling) is doubling
    firm = (lists.zero or lists.doubling or [None])[0]
    if firm is not None:
        assert firm.reported is reported


def test_rd_lists_look_only_at_above_scale_firms_in_the_scope():
    rows = [row(0, "rd_spend", 6, 0.0), row(1, "rd_spend", 6, 0.0), row(2, "rd_spend", 6, 0.0)]
    p = panel(3, rows, above=(0, 1))
    assert [f.id for f in rd_lists(p, Y, 6).zero] == ["E00", "E01"]
    among = np.array([p.ids[i] == "E01" for i in range(3)])
    assert [f.id for f in rd_lists(p, Y, 6, among).zero] == ["E01"]


def test_figures_to_date_take_the_last_month_up_to_the_period():
    p = panel(2, [row(0, "rd_spend", 3, 10.0), row(0, "rd_spend", 9, 30.0)])
    values, months = to_date(p, "cumulative", "rd_spend", Y, 6)
    i, j = p.enterprise_index("E00"), p.enterprise_index("E01")
    assert (values[i], months[i]) == (10.0, 3) and np.isnan(values[j]) and months[j] == 0
    assert to_date(p, "cumulative", "rd_spend", Y, 12)[1][i] == 9


# --- 升规入统 ------------------------------------------------------------------------------------------
def test_the_rules_are_rows_with_their_source():
    assert (THRESHOLD, APPROACH) == (2000.0, 1500.0)
    assert "国统字〔2011〕75号" in RULES["threshold"].source and "2000 万元" in RULES["threshold"].source


@pytest.mark.parametrize(("cum", "months", "candidate"), [
    (750.0, 6, True),  # 1500 a year: on the line
    (749.99, 6, False),
    (1000.0, 6, True),  # 2000 a year: reached, still not in the scope
    (1375.0, 11, True),
])
def test_scale_up_band(cum, months, candidate):
    p = panel(2, [row(1, "revenue", months, cum)], above=(0,))
    found = scale_up_candidates(p, Y, 12)
    assert bool(found) is candidate
    if candidate:
        c = found[0]
        assert (c.basis, c.months, c.revenue) == ("revenue", months, cum)
        assert c.annualised == pytest.approx(annualise(cum, months)) and c.gap == pytest.approx(THRESHOLD - c.annualised)


def test_above_scale_firms_are_never_candidates():
    p = panel(1, [row(0, "revenue", 6, 5000.0)])
    assert scale_up_candidates(p, Y, 6) == []


def test_median():
    assert median([]) is None and median([3.0]) == 3.0 and median([1.0, 9.0, 2.0]) == 2.0
    assert median([1.0, 2.0, 3.0, 10.0]) == 2.5


def _county(extra):
    """Three above-scale firms of section C (revenue/tax 10, 20, 30; revenue/electricity 100), one of D."""
    rows = [row(0, "revenue", 6, 1000.0), row(0, "tax", 6, 100.0), row(0, "electricity", 6, 10.0),
            row(1, "revenue", 6, 2000.0), row(1, "tax", 6, 100.0), row(1, "electricity", 6, 20.0),
            row(2, "revenue", 6, 3000.0), row(2, "tax", 6, 100.0), row(2, "electricity", 6, 30.0),
            row(3, "revenue", 6, 9000.0), row(3, "tax", 6, 10.0)]
    return panel(6, rows + extra, above=(0, 1, 2, 3), sections={3: "D", 5: "D"})


def test_section_ratios_are_medians_of_the_above_scale_firms():
    p = _county([])
    assert section_ratios(p, Y, 6, "tax") == {"C": 20.0, "D": 900.0}
    assert section_ratios(p, Y, 6, "electricity") == {"C": 100.0}


@pytest.mark.parametrize(("extra", "basis", "revenue", "months"), [
    ([row(4, "tax", 6, 40.0)], "tax", 800.0, 6),  # 40 × 20; 1600 a year
    ([row(4, "tax", 4, 30.0), row(4, "electricity", 6, 9.0)], "tax", 600.0, 4),  # tax comes first
    ([row(4, "electricity", 6, 9.0)], "electricity", 900.0, 6),
    ([row(4, "revenue", 6, 100.0), row(4, "tax", 6, 400.0)], "revenue", 100.0, None),  # reported: no estimate
    ([row(4, "tax", 6, 37.0)], "tax", None, None),  # 740: 1480 a year, below the line
])
def test_estimates_from_tax_or_electricity(extra, basis, revenue, months):
    found = [c for c in scale_up_candidates(_county(extra), Y, 6) if c.id == "E04"]
    if months is None:
        assert found == []
        return
    c = found[0]
    assert (c.basis, c.months, c.estimated) == (basis, months, True)
    assert c.revenue == pytest.approx(revenue)
    assert c.basis_label == {"tax": "估算（按纳税）", "electricity": "估算（按用电）"}[basis]


def test_no_estimate_without_a_section_ratio():
    p = _county([row(5, "electricity", 6, 100.0)])  # section D has no electricity figures
    assert scale_up_candidates(p, Y, 6) == []


def test_new_above_scale():
    p = panel(3, [], above=(0, 1, 2), last_year_above=(0,))
    assert new_above_scale(p, Y) == 2 and new_above_scale(p, Y - 1) is None
