"""A small county worked by hand, and the panel / same-scope sums checked against it.

Six enterprises, gross output (工业总产值, 万元), 2025 and 2026:

====  =======  ====  ======  ======  ===========================================
 id   section  town  park    chain   scale
====  =======  ====  ======  ======  ===========================================
 A    C (21)   城关镇  经开区    家具     above scale both years
 B    C (30)   城关镇                  above scale both years
 C    B (10)   河口镇                  above scale both years
 D    D (44)   河口镇  经开区    新能源    above scale both years
 E    C (21)   河口镇                  2025 only — left the scope in 2026 (still reports)
 F    C (39)   城关镇                  2026 only — entered in 2026, no prior-year figure
====  =======  ====  ======  ======  ===========================================

2026 cumulative / prior-year cumulative as reported on the 2026 forms:

=====  =========  =========  =========  =========
  id    1-2月      1-3月      1-5月      1-6月
=====  =========  =========  =========  =========
  A    180 / 220  330 / 330  560 / 530  690 / 640
  B    100 / 100  160 / 150  270 / 250  330 / 300
  C     50 /  40   80 /  70  140 / 120  170 / 150
  D    150 / 160  230 / 240  380 / 390  460 / 460
  E     60 /  70   90 /  95  150 / 160  190 / 200   (outside the scope: never counted in 2026)
  F     30 /  —    45 /  —    75 /  —    90 /  —
=====  =========  =========  =========  =========

County (A B C D F): 1-2月 510 / 520 → −1.923077 %; 1-3月 845 / 790 → +6.962025 % (negative turning
positive, +8.885102 pp against 1-2月); 1-5月 1425 / 1290 → 10.465116 %; 1-6月 1740 / 1550 → 12.258065 %
(+1.792949 pp against 1-5月). June (value / prior value): A 130/110 B 60/50 C 30/30 D 80/70 F 15/— →
315 / 260 → 21.153846 %. March: A 150/110 B 60/50 C 30/30 D 80/80 F 15/— → 335 / 270 → 24.074074 %.

2025 as stored last year, 1-6月 cumulative / prior: A 635/600 B 300/280 C 150/140 D 465/450 E 100/110
→ scope 2025 (A B C D E) 1650 / 1580 → last year's growth 4.430380 %; naive growth 2026 against the
stored 2025 totals 1740 / 1650 − 1 = 5.454545 %.

Electricity (万千瓦时): only A reports, 1-6月 cumulative 50, no prior-year figure → county growth None.
"""

from __future__ import annotations

import numpy as np
import pytest

from kegong.core.stats.aggregate import enterprise_figures, period_fields, scope_totals
from kegong.core.stats.panel import (
    EnterpriseInfo,
    FigureRow,
    Grouping,
    Panel,
    Scope,
    StatsError,
    panel_from_rows,
)

ENTERPRISES = [
    EnterpriseInfo("A", "甲家具有限公司", "C", "21", "城关镇", "经开区", "家具"),
    EnterpriseInfo("B", "乙建材有限公司", "C", "30", "城关镇"),
    EnterpriseInfo("C", "丙矿业有限公司", "B", "10", "河口镇"),
    EnterpriseInfo("D", "丁电力有限公司", "D", "44", "河口镇", "经开区", "新能源"),
    EnterpriseInfo("E", "戊木业有限公司", "C", "21", "河口镇"),
    EnterpriseInfo("F", "己电子有限公司", "C", "39", "城关镇"),
]
SCALE = {2025: ["A", "B", "C", "D", "E"], 2026: ["A", "B", "C", "D", "F"]}

# 2026: month -> id -> (cumulative, prior cumulative)
CUM_2026 = {
    2: {"A": (180, 220), "B": (100, 100), "C": (50, 40), "D": (150, 160), "E": (60, 70), "F": (30, None)},
    3: {"A": (330, 330), "B": (160, 150), "C": (80, 70), "D": (230, 240), "E": (90, 95), "F": (45, None)},
    5: {"A": (560, 530), "B": (270, 250), "C": (140, 120), "D": (380, 390), "E": (150, 160), "F": (75, None)},
    6: {"A": (690, 640), "B": (330, 300), "C": (170, 150), "D": (460, 460), "E": (190, 200), "F": (90, None)},
}
# 2026: month -> id -> (value, prior value); February's value is the combined 1-2月 figure.
MONTH_2026 = {
    3: {"A": (150, 110), "B": (60, 50), "C": (30, 30), "D": (80, 80), "E": (30, 25), "F": (15, None)},
    6: {"A": (130, 110), "B": (60, 50), "C": (30, 30), "D": (80, 70), "E": (40, 40), "F": (15, None)},
}
CUM_2025_JUNE = {"A": (635, 600), "B": (300, 280), "C": (150, 140), "D": (465, 450), "E": (100, 110)}


def handworked_rows() -> list[FigureRow]:
    rows = []
    for m, by_id in CUM_2026.items():
        for e, (c, pc) in by_id.items():
            v, pv = MONTH_2026.get(m, {}).get(e, (c, pc) if m == 2 else (None, None))
            rows.append(FigureRow(e, "gross_output", 2026, m, v, c, pv, pc))
    for e, (c, pc) in CUM_2025_JUNE.items():
        rows.append(FigureRow(e, "gross_output", 2025, 6, None, c, None, pc))
    rows.append(FigureRow("A", "electricity", 2026, 6, 10, 50, None, None))
    return rows


def handworked_panel() -> Panel:
    return panel_from_rows(ENTERPRISES, handworked_rows(), SCALE, indicators=["gross_output", "electricity"],
                           years=[2025, 2026])


@pytest.fixture(scope="module")
def panel() -> Panel:
    return handworked_panel()


def test_panel_layout(panel):
    assert panel.years == range(2025, 2027)
    assert panel.data["cumulative"].shape == (2, 2, 12, 6)
    assert panel.figure("cumulative", "gross_output", "A", 2026, 6) == 690
    assert panel.figure("prior_cumulative", "gross_output", "A", 2026, 2) == 220
    assert panel.figure("prior_cumulative", "gross_output", "F", 2026, 6) is None
    assert panel.figure("cumulative", "gross_output", "A", 2026, 1) is None  # inside the combined 1-2月
    a = panel.enterprise_index("A")
    row = panel.figures("cumulative", "gross_output", 2026)[a]
    assert row[[1, 2, 4, 5]].tolist() == [180, 330, 560, 690]
    assert np.isnan(row[[0, 3, 6, 11]]).all()
    assert panel.ids == ("C", "B", "F", "A", "E", "D")  # ordered by section, town, park, chain, division
    assert panel.has_data(2026, 2) and not panel.has_data(2026, 1) and not panel.has_data(2026, 7)
    assert panel.last_month(2026) == 6 and panel.last_month(2025) == 6


def test_grouping_codes():
    g = Grouping.from_values(["城关镇", "河口镇", "城关镇"])
    assert g.labels == ("城关镇", "河口镇")
    assert list(g.codes) == [0, 1, 0]
    assert g.onehot().tolist() == [[1, 0, 1], [0, 1, 0]]


@pytest.mark.parametrize(("text", "kind", "key", "label"), [
    ("all", "all", "", "全县"),
    ("industry:c", "industry", "C", "制造业"),
    ("industry:D", "industry", "D", "电力、热力、燃气及水生产和供应业"),
    ("division:21", "division", "21", "家具制造业"),
    ("town:河口镇", "town", "河口镇", "河口镇"),
    ("park:经开区", "park", "经开区", "经开区"),
    ("chain:新能源", "chain", "新能源", "新能源"),
    ("enterprise:F", "enterprise", "F", "己电子有限公司"),
])
def test_scope_parse_and_label(panel, text, kind, key, label):
    s = Scope.parse(text)
    assert (s.kind, s.key) == (kind, key)
    assert str(Scope.parse(str(s))) == str(s)
    assert panel.scope_label(s) == label


@pytest.mark.parametrize("text", ["", "town", "town:", "county:x", "region:东"])
def test_scope_parse_rejects(text):
    with pytest.raises(StatsError):
        Scope.parse(text)


def test_unknown_scope_key(panel):
    with pytest.raises(StatsError, match="不存在"):
        panel.mask(Scope("town", "不存在镇"))
    with pytest.raises(StatsError, match="统一社会信用代码"):
        panel.mask(Scope("enterprise", "ZZZ"))


@pytest.mark.parametrize(("scope", "year", "members"), [
    (Scope.county(), 2026, "ABCDF"),       # E left the scope, F entered
    (Scope.county(), 2025, "ABCDE"),
    (Scope("industry", "C"), 2026, "ABF"),
    (Scope("town", "河口镇"), 2026, "CD"),
    (Scope("park", "经开区"), 2026, "AD"),
    (Scope("park", ""), 2026, "BCF"),
    (Scope("division", "21"), 2025, "AE"),
    (Scope("enterprise", "E"), 2026, "E"),  # an explicit enterprise is shown whatever its status
    (Scope.enterprise_list(["E", "F"]), 2026, "EF"),
])
def test_members(panel, scope, year, members):
    got = "".join(sorted(panel.ids[i] for i in np.flatnonzero(panel.mask(scope, year))))
    assert got == members


# (scope, month, cumulative, prior cumulative) worked by hand from the table in the module docstring
SAME_SCOPE = [
    (Scope.county(), 2, 510, 520),
    (Scope.county(), 3, 845, 790),
    (Scope.county(), 5, 1425, 1290),
    (Scope.county(), 6, 1740, 1550),
    (Scope("industry", "C"), 6, 1110, 940),
    (Scope("industry", "B"), 6, 170, 150),
    (Scope("industry", "D"), 6, 460, 460),
    (Scope("town", "城关镇"), 2, 310, 320),
    (Scope("town", "河口镇"), 6, 630, 610),
    (Scope("park", "经开区"), 6, 1150, 1100),
    (Scope("chain", "新能源"), 3, 230, 240),
    (Scope("enterprise", "F"), 6, 90, None),
    (Scope("enterprise", "E"), 6, 190, 200),
]


@pytest.mark.parametrize(("scope", "month", "cur", "prior"), SAME_SCOPE)
def test_same_scope_sums(panel, scope, month, cur, prior):
    t = scope_totals(panel, [scope], 2026, ["gross_output"])
    assert t.get("cumulative", scope, "gross_output", month) == pytest.approx(cur)
    got_prior = t.get("prior_cumulative", scope, "gross_output", month)
    assert got_prior == (pytest.approx(prior) if prior is not None else None)


def test_many_scopes_at_once_match_one_by_one(panel):
    scopes = [s for s, *_ in SAME_SCOPE]
    scopes = list(dict.fromkeys(scopes))
    together = scope_totals(panel, scopes, 2026)
    for s in scopes:
        alone = scope_totals(panel, [s], 2026)
        for f in ("value", "cumulative", "prior_value", "prior_cumulative"):
            np.testing.assert_array_equal(getattr(together, f)[together.index(s)], getattr(alone, f)[0])


def test_month_sums_and_reporters(panel):
    t = scope_totals(panel, [Scope.county()], 2026, ["gross_output"])
    c = Scope.county()
    assert t.get("value", c, "gross_output", 6) == pytest.approx(315)
    assert t.get("prior_value", c, "gross_output", 6) == pytest.approx(260)
    assert t.get("value", c, "gross_output", 3) == pytest.approx(335)
    assert t.get("value", c, "gross_output", 4) is None  # nobody reported April
    assert t.members.tolist() == [5]
    assert t.reporters["prior_cumulative"][0, 0, 5] == 4  # F has no prior-year figure


def test_last_year_sums_use_last_years_scope(panel):
    t = scope_totals(panel, [Scope.county()], 2025, ["gross_output"])
    assert t.get("cumulative", Scope.county(), "gross_output", 6) == pytest.approx(1650)
    assert t.get("prior_cumulative", Scope.county(), "gross_output", 6) == pytest.approx(1580)


def test_year_outside_panel_is_all_missing(panel):
    t = scope_totals(panel, [Scope.county()], 2024, ["gross_output"])
    assert np.isnan(t.cumulative).all() and t.members.tolist() == [0]


def test_period_fields_jan_feb_month_is_the_combined_figure():
    assert period_fields(2, cumulative=False) == ("cumulative", "prior_cumulative")
    assert period_fields(3, cumulative=False) == ("value", "prior_value")
    assert period_fields(6) == ("cumulative", "prior_cumulative")


def test_enterprise_figures(panel):
    ef = enterprise_figures(panel, Scope("town", "城关镇"), "gross_output", 2026, 6)
    assert ef.ids == ("A", "B", "F")
    assert ef.cumulative.tolist() == [690, 330, 90]
    assert ef.prior_cumulative[:2].tolist() == [640, 300] and np.isnan(ef.prior_cumulative[2])


def test_batches_and_single_rows_build_the_same_panel():
    """One call, two calls, one row at a time or one call written in small batches give the same panel; a
    later figure replaces an earlier one, a missing one erases nothing."""
    from kegong.core.stats.panel import PanelBuilder

    rng = np.random.default_rng(7)
    n = 30
    ent = np.tile(np.arange(n), 24)
    year = np.repeat([2025, 2026], 12 * n)
    month = np.tile(np.repeat(np.arange(1, 13), n), 2)
    vals = {f: np.where(rng.random(ent.size) < 0.2, np.nan, rng.random(ent.size) * 1000)
            for f in ("value", "cumulative", "prior_value", "prior_cumulative")}
    ents = [EnterpriseInfo(f"X{i}", f"企业{i}", "BCD"[i % 3], "13", ["城关镇", "河口镇"][i % 2]) for i in range(n)]

    def builder():
        return PanelBuilder.for_enterprises(ents, ["gross_output"], 2025, 2)

    whole = builder()  # one batch
    whole.add("gross_output", ent, year, month, **vals)
    halves = builder()  # two batches, the second merged into the first
    for y in (2025, 2026):
        sel = year == y
        halves.add("gross_output", ent[sel], y, month[sel], **{f: v[sel] for f, v in vals.items()})
    rows = builder()  # one row at a time
    for i in range(ent.size):
        rows.add("gross_output", ent[i:i + 1], year[i:i + 1], month[i:i + 1],
                 **{f: v[i:i + 1] for f, v in vals.items()})
    tiny = builder()  # one call, written in batches of 7 rows
    tiny.BATCH = 7
    tiny.add("gross_output", ent, year, month, **vals)
    panels = [b.build() for b in (whole, halves, rows, tiny)]
    for f in ("value", "cumulative", "prior_value", "prior_cumulative"):
        for p in panels[1:]:
            np.testing.assert_array_equal(p.data[f], panels[0].data[f])
            np.testing.assert_array_equal(p.reported[f], panels[0].reported[f])
        np.testing.assert_array_equal(panels[0].reported[f].sum(), (~np.isnan(vals[f])).sum())
    # a later row replaces an earlier one
    again = builder()
    again.add("gross_output", ent, year, month, **vals)
    again.add("gross_output", ent, year, month, cumulative=np.full(ent.size, 5.0))
    again.add("gross_output", ent, year, month, value=np.full(ent.size, np.nan))  # a missing figure erases nothing
    p = again.build()
    assert (p.data["cumulative"] == 5.0).all() and p.reported["cumulative"].all()
    np.testing.assert_array_equal(p.data["value"], panels[0].data["value"])
    np.testing.assert_array_equal(p.reported["value"], panels[0].reported["value"])
    small = builder()  # a missing figure does not erase one written before
    small.add("gross_output", ent[:5], year[:5], month[:5], cumulative=np.arange(5.0))
    small.add("gross_output", ent[:5], year[:5], month[:5], cumulative=np.full(5, np.nan))
    assert sorted(small.build().data["cumulative"][small.build().reported["cumulative"]]) == [0, 1, 2, 3, 4]


def test_the_core_does_not_import_django():
    import subprocess
    import sys

    code = ("import sys; import kegong.core.stats.panel, kegong.core.stats.aggregate, kegong.core.stats.growth, "
            "kegong.core.stats.indicators, kegong.core.stats.value_added, kegong.core.stats.ratios, kegong.core.stats.scopes; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
