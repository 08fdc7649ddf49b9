"""科技型中小企业评价 self-check: the bands as tables, each boundary named, and the two routes."""

from decimal import Decimal
from fractions import Fraction

import pytest

from kegong.core.errors import KegongError
from kegong.core.rules import tech_sme as ts
from kegong.core.rules.common import FAIL, PASS, UNKNOWN

NO_DIRECT = dict(high_tech_certificate=False, national_award=False, provincial_rd_institution=False, led_standard=False)
# 20 (40 %) + 40 (R&D 5 % of sales) + 18 (3 Ⅱ类) = 78
GOOD = dict(staff=50, tech_staff=20, sales=3000, total_assets=2500, rd=150, total_cost=2600, ip_class1=0, ip_class2=3,
            **NO_DIRECT)


def facts(**changes) -> ts.TechSmeFacts:
    return ts.TechSmeFacts(**{**GOOD, **changes})


@pytest.mark.parametrize("bands", [ts.TECH_STAFF_BANDS, ts.RD_SALES_BANDS, ts.RD_COST_BANDS], ids=["staff", "sales", "cost"])
def test_each_band_table_covers_every_share_once(bands):
    assert bands[0].high is None and bands[-1].low == 0
    assert all(upper.low == lower.high for upper, lower in zip(bands, bands[1:]))
    assert all("国科发政〔2017〕115号" in b.source and "2017年" in b.source for b in bands)


@pytest.mark.parametrize(("case", "tech_per_10000", "points"), [
    ("30 % exactly", 3000, 20), ("29.99 %", 2999, 16), ("25 % exactly", 2500, 16), ("24.99 %", 2499, 12),
    ("20 % exactly", 2000, 12), ("19.99 %", 1999, 8), ("15 % exactly", 1500, 8), ("14.99 %", 1499, 4),
    ("10 % exactly", 1000, 4), ("9.99 %", 999, 0), ("none", 0, 0), ("all of them", 10000, 20),
])
def test_tech_staff_bands(case, tech_per_10000, points):
    got = ts.score_tech_staff(facts(staff=10000, tech_staff=tech_per_10000))
    assert got.points == points, case


def test_tech_staff_explanation_names_the_figures():
    got = ts.score_tech_staff(facts(staff=50, tech_staff=12))
    assert got.explanation == "科技人员 12 人，占职工总数 50 人的 24.00%（20%（含）至 25%），得 12 分"


@pytest.mark.parametrize(("case", "percent", "points"), [
    ("6 % exactly", "6", 50), ("5.99 %", "5.99", 40), ("5 % exactly", "5", 40), ("4.99 %", "4.99", 30),
    ("4 % exactly", "4", 30), ("3 % exactly", "3", 20), ("2.99 %", "2.99", 10), ("2 % exactly", "2", 10),
    ("1.99 %", "1.99", 0), ("none", "0", 0),
])
def test_rd_to_sales_bands(case, percent, points):
    got = ts.score_rd(facts(sales=10000, rd=Decimal(percent) * 100, total_cost=0))
    assert got.points == points, case  # no cost: that way scores 0, so the sales way decides


@pytest.mark.parametrize(("case", "percent", "points"), [
    ("30 % exactly", "30", 50), ("29.99 %", "29.99", 40), ("25 % exactly", "25", 40), ("20 % exactly", "20", 30),
    ("15 % exactly", "15", 20), ("10 % exactly", "10", 10), ("9.99 %", "9.99", 0),
])
def test_rd_to_cost_bands(case, percent, points):
    got = ts.score_rd(facts(sales=0, rd=Decimal(percent) * 100, total_cost=10000))
    assert got.points == points, case


@pytest.mark.parametrize(("case", "rd", "sales", "cost", "low", "high", "text"), [
    ("the higher of the two: cost", 300, 10000, 1000, 50, 50, "取高者，得 50 分"),
    ("the higher of the two: sales", 500, 10000, 10000, 40, 40, "占销售收入 5.00%（5%（含）至 6%，40 分）"),
    ("sales already 50: cost not needed", 600, 10000, None, 50, 50, "得 50 分"),
    ("sales 20, cost unknown: 20 to 50", 300, 10000, None, 20, 50, "已得 20 分，补充后最多 50 分"),
    ("no sales: that way scores 0", 100, 0, 1000, 10, 10, "销售收入为 0，此项不得分"),
    ("R&D unknown", None, 10000, 1000, 0, 50, "缺少 研发费用"),
])
def test_rd_takes_the_higher_way(case, rd, sales, cost, low, high, text):
    got = ts.score_rd(facts(rd=rd, sales=sales, total_cost=cost))
    assert (got.low, got.high) == (low, high), case
    assert text in got.explanation


@pytest.mark.parametrize(("case", "class1", "class2", "low", "high"), [
    ("one Ⅰ类", 1, 0, 30, 30), ("Ⅰ类 beats any Ⅱ类", 2, 9, 30, 30), ("Ⅰ类 known, Ⅱ类 not", 1, None, 30, 30),
    ("4 Ⅱ类", 0, 4, 24, 24), ("9 Ⅱ类", 0, 9, 24, 24), ("3 Ⅱ类", 0, 3, 18, 18), ("2 Ⅱ类", 0, 2, 12, 12),
    ("1 Ⅱ类", 0, 1, 6, 6), ("none", 0, 0, 0, 0),
    ("Ⅱ类 known, Ⅰ类 not", None, 3, 18, 30), ("no Ⅰ类, Ⅱ类 not known", 0, None, 0, 24), ("neither", None, None, 0, 30),
])
def test_ip_bands(case, class1, class2, low, high):
    got = ts.score_ip(facts(ip_class1=class1, ip_class2=class2))
    assert (got.low, got.high) == (low, high), case


@pytest.mark.parametrize(("case", "changes", "code", "status"), [
    ("500 staff", dict(staff=500, tech_staff=150), "staff", PASS),
    ("501 staff", dict(staff=501, tech_staff=150), "staff", FAIL),
    ("sales exactly 2 亿", dict(sales=20000), "sales", PASS),
    ("sales 2 亿 and 100 元", dict(sales=Decimal("20000.01")), "sales", FAIL),
    ("assets exactly 2 亿", dict(total_assets=20000), "total_assets", PASS),
    ("assets over 2 亿", dict(total_assets=Decimal("20000.0001")), "total_assets", FAIL),
    ("assets not given", dict(total_assets=None), "total_assets", UNKNOWN),
])
def test_size_limits(case, changes, code, status):
    got = next(f for f in ts.self_check(facts(**changes)).size if f.code == code)
    assert got.status == status, case


@pytest.mark.parametrize(("case", "changes", "status", "route"), [
    ("78 分", {}, PASS, "评分"),
    ("exactly 60 分: 20 + 40 + 0", dict(ip_class2=0), PASS, "评分"),
    ("58 分: 16 + 30 + 12", dict(tech_staff=13, rd=120, total_cost=100000, ip_class2=2), FAIL, ""),
    ("科技人员 0 分 with 80 分 in all", dict(tech_staff=4, rd=600, ip_class1=1), FAIL, ""),
    ("score too low but a 高企 certificate: 直通", dict(tech_staff=4, rd=0, high_tech_certificate=True), PASS, "直通"),
    ("直通 by a led standard", dict(ip_class2=0, rd=0, led_standard=True), PASS, "直通"),
    ("直通 but too big", dict(staff=600, tech_staff=200, high_tech_certificate=True), FAIL, ""),
    ("score too low, 直通 unknown", dict(tech_staff=4, national_award=None), UNKNOWN, ""),
    ("IP unknown but already 70 分", dict(rd=300, ip_class1=None, ip_class2=None), PASS, "评分"),
    ("IP unknown and cannot reach 60", dict(tech_staff=5, rd=0, ip_class1=None, ip_class2=None),
     FAIL, ""),
    ("IP unknown, 60 within reach: 12 + 20 + 18..30", dict(tech_staff=10, rd=90, ip_class1=None), UNKNOWN, ""),
    ("assets unknown, scores pass", dict(total_assets=None), UNKNOWN, ""),
])
def test_verdict(case, changes, status, route):
    got = ts.self_check(facts(**changes))
    assert (got.status, got.route) == (status, route), case


def test_a_decided_verdict_needs_nothing_more():
    got = ts.self_check(facts(rd=300, ip_class1=None, ip_class2=None, **{k: None for k in NO_DIRECT}))
    assert (got.verdict_name, got.missing, got.total) == ("符合", (), None)
    assert got.scored.explanation.startswith("已得 70 分")


def test_an_undecided_verdict_says_what_is_missing():
    got = ts.self_check(facts(tech_staff=4, national_award=None))
    assert got.verdict_name == "待补充资料"
    assert got.missing == ("近五年国家级科技奖励（获奖单位前三名）情况",)
    assert got.explanation.startswith("科技人员指标得 0 分")


def test_nothing_known_is_all_to_be_supplied():
    got = ts.self_check(ts.TechSmeFacts())
    assert got.status == UNKNOWN
    assert [s.status_name for s in got.scores] == ["待补充"] * 3
    assert got.missing[:3] == ("职工总数", "年销售收入", "资产总额")
    assert "研发费用" in got.missing and "近五年主导制定国际、国家或行业标准情况" in got.missing


def test_scores_and_the_total_read_in_chinese():
    got = ts.self_check(facts())
    assert [s.status_name for s in got.scores] == ["20 分", "40 分", "18 分"]
    assert got.total == 78
    assert got.explanation == "规模符合；综合评价 78 分（科技人员 20 分、研发投入 40 分、科技成果 18 分），不低于 60 分且科技人员指标不为 0 分"


def test_the_direct_routes_are_the_rule_s_four():
    assert [c.code for c in ts.DIRECT] == ["high_tech_certificate", "national_award", "provincial_rd_institution",
                                           "led_standard"]
    assert "国家级科技奖励，并在获奖单位中排在前三名" in ts.DIRECT[1].text
    assert "国际标准、国家标准或行业标准" in ts.DIRECT[3].text


def test_a_band_is_decided_exactly():
    assert ts.band_for(ts.TECH_STAFF_BANDS, Fraction(3, 10)).points == 20
    assert ts.band_for(ts.TECH_STAFF_BANDS, Fraction(3, 10) - Fraction(1, 10**12)).points == 16


@pytest.mark.parametrize(("case", "changes", "message"), [
    ("more tech staff than staff", dict(tech_staff=60), "科技人员数 60 人多于职工总数 50 人"),
    ("a yes/no that is text", dict(led_standard="是"), "应为“是”或“否”"),
    ("negative cost", dict(total_cost=-1), "成本费用支出总额不能为负数"),
    ("IP as a fraction", dict(ip_class2=1.5), "Ⅱ类知识产权数不是整数"),
])
def test_bad_facts_are_refused_in_chinese(case, changes, message):
    with pytest.raises(KegongError, match=message):
        facts(**changes)
