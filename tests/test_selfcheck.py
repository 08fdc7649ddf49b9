"""The 高企 self-check and the 科技型中小企业 evaluation of one enterprise (issue 12), through the page's data path
(kegong.tech.selfcheck: the declared 企业年度科技情况, the monthly figures where a figure is not declared, the
register, the certificate ledger) and the page itself: the bands at their boundaries, what is missing named,
where each figure came from, the roles' scopes, and the yearly form imported the way enterprises fill it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kegong.core import access
from kegong.enterprises.models import Enterprise, EnterpriseYear
from kegong.figures.models import Indicator, MonthlyFigure
from kegong.ledgers.base import ledger
from kegong.ledgers.models import LedgerImport
from kegong.ledgers.services import ledger_import
from kegong.readers.errors import IngestError
from kegong.tech.models import HighTechCertificate
from kegong.tech.selfcheck import self_check_for
from tests.desk_data import NAME_A, A, B, C, load_county, make_user, reporter, staff, text_of

TODAY = dt.date(2026, 3, 16)  # checking in 2026 with 2025 as the last accounting year
YEARS = (2023, 2024, 2025)
LG = ledger("enterprise-years")


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    Enterprise.objects.filter(uscc=A).update(commissioned=dt.date(2015, 5, 1))
    return tmp_path


def firm(uscc: str = A) -> Enterprise:
    return Enterprise.objects.get(uscc=uscc)


def declare(uscc: str = A, years=YEARS, **values) -> None:
    """The same figures declared for each of ``years`` (a callable value gets the year)."""
    for y in years:
        row = EnterpriseYear(enterprise=firm(uscc), year=y,
                             **{k: (v(y) if callable(v) else v) for k, v in values.items()})
        row.full_clean()
        row.save()


def check(year: int = 2025, uscc: str = A, today: dt.date = TODAY):
    return self_check_for(firm(uscc), year, today=today)


def ht_finding(sc, code: str):
    return next(f for f in sc.high_tech.findings if f.code == code)


def no_direct_route() -> None:
    """The certificate ledger holds B's expired certificate, and A says no to the other direct routes: the
    tech-SME verdict then rests on the score alone."""
    HighTechCertificate.objects.create(enterprise=firm(B), number="GR201943000001", issued=dt.date(2019, 11, 28))


SME_OK = {"national_award": False, "provincial_rd_institution": False, "led_standard": False,
          "total_assets": Decimal(8000)}


# --- 高企: the R&D band by the last year's sales, the ratio, the tech staff ------------------------------------
@pytest.mark.parametrize(("last_sales", "band", "rd_ratio"), [
    ("5000", 5, "fail"),  # exactly 5000 万元: still the 5 % band; 4.5 % is below it
    ("5000.01", 4, "pass"),  # a cent more: the 4 % band
    ("20000", 4, "pass"),  # exactly 2 亿元: still 4 %
    ("20000.01", 3, "pass"),
])
def test_the_band_goes_by_the_last_years_sales(county, last_sales, band, rd_ratio):
    declare(sales=lambda y: Decimal(last_sales) if y == 2025 else Decimal(5000),
            rd=lambda y: (Decimal(last_sales) * Decimal("0.045")).quantize(Decimal("0.01")) if y == 2025 else Decimal(225))
    sc = check()
    assert sc.band.min_percent == band
    assert ht_finding(sc, "rd_ratio").status == rd_ratio


@pytest.mark.parametrize(("rd", "status", "shown"), [("399", "fail", "3.99%"), ("400", "pass", "4.00%"),
                                                     ("399.99", "fail", "3.99%")])
def test_the_rd_ratio_at_the_4_percent_band(county, rd, status, shown):
    declare(sales=Decimal(10000), rd=Decimal(rd))
    f = ht_finding(check(), "rd_ratio")
    assert f.status == status and f"研发费用占销售收入 {shown}" in f.explanation
    assert "（2023—2025年）" in f.explanation


@pytest.mark.parametrize(("tech", "status"), [(999, "fail"), (1000, "pass")])
def test_tech_staff_at_10_percent(county, tech, status):
    declare(staff=10000, tech_staff=tech)
    f = ht_finding(check(), "tech_staff")
    assert f.status == status
    assert ("9.99%，低于 10%" if status == "fail" else "10.00%，不低于 10%") in f.explanation


def test_every_criterion_passes_and_the_verdict_is_met(county):
    declare(staff=100, tech_staff=20, sales=Decimal(8000), rd=Decimal(400), domestic_rd=Decimal(390),
            total_income=Decimal(8200), high_tech_income=Decimal(6000), core_ip_count=5)
    sc = check()
    assert [f.status for f in sc.high_tech.findings] == ["pass"] * 6
    assert sc.high_tech.verdict_name == "符合"
    assert "投产日期为2015年5月1日" in ht_finding(sc, "registered").explanation


# --- 科技型中小企业: the score at 60, the zero tech-staff score, the direct route ------------------------------
@pytest.mark.parametrize(("tech", "rd", "class2", "class1", "total", "verdict"), [
    (25, "300", 4, 0, 60, "符合"),  # 16 + 20 + 24 = 60: passes by the score
    (10, "400", 4, 0, 58, "不符合"),  # 4 + 30 + 24
    (20, "600", 0, 0, 62, "符合"),  # 12 + 50 + 0
    (9, "600", 0, 1, 80, "不符合"),  # 0 + 50 + 30 = 80, but a tech-staff score of 0 fails
])
def test_the_tech_sme_score(county, tech, rd, class2, class1, total, verdict):
    no_direct_route()
    declare(years=(2025,), staff=100, tech_staff=tech, sales=Decimal(10000), rd=Decimal(rd),
            total_cost=Decimal(10000), ip_class1=class1, ip_class2=class2, **SME_OK)
    r = check().tech_sme
    assert r.total == total and r.verdict_name == verdict
    assert r.route == ("评分" if verdict == "符合" else "")
    if tech < 10:
        assert "科技人员指标得 0 分" in r.scored.explanation


def test_a_valid_certificate_passes_directly_and_an_expired_one_does_not(county):
    declare(years=(2025,), staff=100, tech_staff=5, sales=Decimal(10000), rd=Decimal(10), total_cost=Decimal(9000),
            ip_class1=0, ip_class2=0, **SME_OK)
    HighTechCertificate.objects.create(enterprise=firm(), number="GR202243000001", issued=dt.date(2022, 12, 12))
    r = check().tech_sme  # valid until 2025-12-11: gone on 2026-03-16
    assert r.verdict_name == "不符合" and r.direct.status == "fail"
    cert = HighTechCertificate.objects.create(enterprise=firm(), number="GR202543000123", issued=dt.date(2025, 12, 10))
    sc = check()
    assert sc.tech_sme.verdict_name == "符合" and sc.tech_sme.route == "直通" and sc.certificate == cert
    assert sc.facts["high_tech_certificate"].source.startswith("高新技术企业证书台账：GR202543000123")


def test_the_size_limits_decide_whatever_the_score(county):
    HighTechCertificate.objects.create(enterprise=firm(), number="GR202543000123", issued=dt.date(2025, 12, 10))
    declare(years=(2025,), staff=501, tech_staff=200, sales=Decimal(20000), total_assets=Decimal(20000))
    r = check().tech_sme
    assert r.verdict_name == "不符合" and [f.status for f in r.size] == ["fail", "pass", "pass"]
    assert "职工总数 501 人，超过 500 人" in r.explanation


# --- what is missing, and where the figures came from ---------------------------------------------------------
def test_missing_data_is_named(county):
    declare(years=(2025,), staff=80, sales=Decimal(3000))
    sc = check()
    assert sc.high_tech.verdict_name == "待补充资料"
    missing = sc.high_tech.missing
    for what in ("科技人员数", "2023年研发费用", "2023年销售收入", "2025年研发费用", "境内研发费用",
                 "近一年高新技术产品（服务）收入", "近一年总收入", "核心知识产权数"):
        assert what in missing, what
    assert ht_finding(sc, "tech_staff").status_name == "待补充"
    assert sc.tech_sme.verdict_name == "待补充资料" and "资产总额" in sc.tech_sme.missing


def test_undeclared_sales_and_rd_come_from_the_monthly_figures(county):
    e = firm()
    for code, cum in (("revenue", Decimal("9876.5")), ("rd_spend", Decimal("432.1"))):
        MonthlyFigure.objects.create(enterprise=e, indicator=Indicator.objects.get(code=code), year=2025, month=12,
                                     start_month=12, value=Decimal(800), cumulative=cum)
    declare(years=(2025,), staff=50, sales=None)
    sc = check()
    (_y, sales, rd, _d) = sc.yearly[-1]
    assert (sales.value, sales.source) == (Decimal("9876.5"), "月度数据·营业收入1-12月累计")
    assert (rd.value, rd.source) == (Decimal("432.1"), "月度数据·研发投入1-12月累计")
    assert sc.facts["staff"].source == "企业申报"
    # 2026 has only 1-6月: not a whole year, said so
    assert "月度数据营业收入只到 6 月，不足全年" in check(2026, today=dt.date(2027, 2, 1)).notes


def test_the_registration_is_bounded_by_what_kegong_knows(county):
    c = check(uscc=C)  # C: no 投产日期, figures of 2026 1-6月 only
    f = ht_finding(c, "registered")
    assert f.status == "unknown" and f.missing == ("注册成立日期",) and "2026年6月起有月度数据" in f.explanation
    HighTechCertificate.objects.create(enterprise=firm(C), number="GR202243000009", issued=dt.date(2022, 12, 1))
    f = ht_finding(check(uscc=C), "registered")
    assert f.status == "pass" and "2022年12月1日获发高新技术企业证书" in f.explanation


@pytest.mark.parametrize(("days_before", "status"), [(365, "pass"), (364, "fail"), (3650, "pass"), (0, "fail")])
def test_the_registration_date_kept_in_the_register_decides(county, days_before, status):
    applied = check(uscc=C).applied_on
    Enterprise.objects.filter(uscc=C).update(registered_on=applied - dt.timedelta(days=days_before))
    HighTechCertificate.objects.create(enterprise=firm(C), number="GR202243000009", issued=dt.date(2000, 12, 1))
    f = ht_finding(check(uscc=C), "registered")  # the register's date, not the older certificate's bound
    assert f.status == status and f.missing == ()
    assert "企业库登记注册成立日期为" in f.explanation and f"{days_before} 天" in f.explanation


# --- the page --------------------------------------------------------------------------------------------------
def test_the_page_for_staff(client, county):
    declare(staff=100, tech_staff=9, sales=Decimal(5000), rd=Decimal(200), total_cost=Decimal(4500),
            ip_class2=2, **SME_OK)
    client.force_login(staff())
    r = client.get(f"/enterprises/{A}/tech/?year=2025")
    assert r.status_code == 200
    page = text_of(r.content.decode())
    for words in ("高新技术企业认定条件自查", "科技型中小企业评价", NAME_A, "科技人员占比", "不符合", "待补充",
                  "国科发火〔2016〕32号，2016年",
                  "国科发政〔2017〕115号，2017年", "国科火字〔2022〕67号，2022年", "满分 20 分", "企业申报",
                  "最近一年销售收入小于 5000 万元（含）", "本企业适用", "待补充：核心知识产权数、境内研发费用"):
        assert words in page, words
    assert "科技人员 9 人，占当年职工总数 100 人的 9.00%，低于 10%" in page
    assert f'href="/enterprises/{A}/tech/"' in client.get(f"/enterprises/{A}/").content.decode()  # linked
    assert client.get(f"/enterprises/{A}/tech/?year=abc").status_code == 200  # a bad year: the default one


def test_the_page_is_refused_outside_the_users_scope(client, county):
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))  # A is in 城关镇
    assert client.get(f"/enterprises/{A}/tech/").status_code == 404
    assert client.get(f"/enterprises/{B}/tech/").status_code == 200
    client.force_login(reporter(B, "firm-b"))
    assert client.get(f"/enterprises/{A}/tech/").status_code == 404
    assert client.get(f"/enterprises/{B}/tech/").status_code == 200
    client.force_login(make_user(access.TOWN, "cg", units=["城关镇"]))
    assert client.get(f"/enterprises/{A}/tech/").status_code == 200


# --- the yearly form as enterprises fill it -------------------------------------------------------------------
HEADER = ["序号", "企业名称", "统一社会信用代码", "年度", "职工总数（人）", "其中：科技人员数（人）", "销售收入（万元）",
          "总收入（万元）", "资产总额（万元）", "成本费用支出总额（万元）", "研究开发费用总额（万元）",
          "其中：境内研究开发费用（万元）", "高新技术产品（服务）收入（万元）", "核心知识产权（项）", "Ⅰ类知识产权（项）",
          "Ⅱ类知识产权（项）", "近五年获国家级科技奖励（前三名）", "拥有省部级以上研发机构", "近五年主导制定国家或行业标准", "备注"]
GOOD = [
    [NAME_A, A, 2025, "120", "18", "6,161.22", "6,300.50", "4,480", "5,600", "310.5", "300", "4,100", "6", "1", "3",
     "否", "是", "否", ""],
    ["湖南乙家具有限公司", B, 2025, "60", "", "2,050", "", "", "", "", "", "", "", "", "", "", "", "", "未填研发"],
]


def yearly_form(path, rows, title="2025年度企业科技情况统计表"):
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    ws.append([title])
    ws.merge_cells("A1:T1")
    ws.append(["填报单位：青溪县科工局", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
               "单位：人、万元、项"])
    ws.append(HEADER)
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append([])
    ws.append(["填表人：王五", "", "", "审核人：赵六", "", "", "填报日期：2026年3月10日"])
    wb.save(path)
    return path


def test_the_yearly_form_is_imported_and_again_changes_nothing(county):
    r = ledger_import(ledger=LG, path=yearly_form(county / "年度科技情况.xlsx", GOOD))
    assert len(r.created) == 2
    a = EnterpriseYear.objects.get(enterprise__uscc=A, year=2025)
    assert (a.staff, a.tech_staff, a.sales, a.rd, a.domestic_rd) == (120, 18, Decimal("6161.22"), Decimal("310.5"), 300)
    assert (a.ip_class1, a.ip_class2, a.national_award, a.provincial_rd_institution) == (1, 3, False, True)
    b = EnterpriseYear.objects.get(enterprise__uscc=B, year=2025)
    assert b.tech_staff is None and b.rd is None and b.national_award is None and b.note == "未填研发"  # blank: unknown
    again = ledger_import(ledger=LG, path=yearly_form(county / "年度科技情况.xlsx", GOOD))
    assert not again.changed and again.unchanged == 2
    assert ht_finding(check(), "tech_staff").status == "pass"  # the page's data path reads the import


def test_a_bad_row_is_named_and_nothing_is_written(county):
    bad = [GOOD[0], ["湖南乙家具有限公司", B, 2025, "60", "75", "约2000", "", "", "", "", "", "", "", "", "", "有的", "",
                     "", ""]]
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=LG, path=yearly_form(county / "坏年报.xlsx", bad))
    text = "\n".join(e.value.lines())
    assert "文件 坏年报.xlsx 工作表 年报 第 5 行 G 列（销售收入（万元））" in text and "约2000" in text
    assert "第 5 行 Q 列（近五年获国家级科技奖励（前三名））：“有的”应为“是”或“否”" in text
    assert EnterpriseYear.objects.count() == 0 and LedgerImport.objects.count() == 0
    more_tech = [GOOD[0], ["湖南乙家具有限公司", B, 2025, "60", "75", *[""] * 14]]
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=LG, path=yearly_form(county / "坏年报2.xlsx", more_tech))
    assert "第 5 行" in "\n".join(e.value.lines()) and "科技人员数 75 人多于职工总数 60 人" in "\n".join(e.value.lines())
    assert EnterpriseYear.objects.count() == 0


# --- the demo county's declarations ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_demo_declares_three_years_consistent_with_its_figures():
    from kegong.demo.enterprise_years import declared_years, enterprise_years, monthly_totals
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.ledgers import high_tech_certificates
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=11, n_enterprises=60, last=(2026, 7)))
    load_demo(demo)
    years = declared_years(demo)
    assert years == (2023, 2024, 2025)
    rows = list(EnterpriseYear.objects.select_related("enterprise"))
    declared = {r.enterprise.uscc for r in rows}
    assert {c.uscc for c in high_tech_certificates(demo)} <= declared  # every holder declares
    assert all(sum(1 for r in rows if r.enterprise_id == e) == 3 for e in {r.enterprise_id for r in rows})
    totals = monthly_totals(years)
    close = [r for r in rows if r.sales is not None and (r.enterprise.uscc, "revenue", r.year) in totals]
    assert len(close) > len(rows) // 3  # the years the monthly figures cover
    for r in close:  # 销售收入 is the year's 营业收入 less up to 1.5 %
        assert Decimal("0.985") * totals[(r.enterprise.uscc, "revenue", r.year)] - 1 <= r.sales \
            <= totals[(r.enterprise.uscc, "revenue", r.year)] + 1
    assert all(r.tech_staff <= r.staff for r in rows)
    verdicts = {self_check_for(e, 2025, today=dt.date(2026, 8, 1)).high_tech.status for e in
                Enterprise.objects.filter(uscc__in=declared)}
    assert "pass" in verdicts and "fail" in verdicts  # a realistic mix
    before = sorted(EnterpriseYear.objects.values_list("enterprise_id", "year", "sales", "rd"))
    assert enterprise_years(demo, totals) == enterprise_years(demo, totals)  # deterministic
    load_demo(demo)
    assert sorted(EnterpriseYear.objects.values_list("enterprise_id", "year", "sales", "rd")) == before


def test_the_export_reads_back_unchanged(client, county):
    user = staff()
    ledger_import(ledger=LG, path=yearly_form(county / "年度科技情况.xlsx", GOOD), user=user)
    client.force_login(user)
    r = client.get("/ledgers/enterprise-years/export.xlsx")
    assert r.status_code == 200
    out = county / "导出.xlsx"
    out.write_bytes(b"".join(r.streaming_content))
    again = ledger_import(ledger=LG, path=out)
    assert not again.changed and again.unchanged == 2
    page = text_of(client.get("/ledgers/enterprise-years/").content.decode())
    assert "企业年度科技情况" in page and "6,161.22" in page  # an amount as every number kegong shows


def test_the_demo_register_keeps_each_firms_registration_date(client, db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=3, n_enterprises=30, last=(2026, 6)))
    load_demo(demo)
    kept = dict(Enterprise.objects.values_list("uscc", "registered_on"))
    assert all(kept[e.record.uscc] == e.record.registered_on for e in demo.enterprises)
    assert all(d.year < 2026 for d in kept.values() if d is not None)
    e = demo.enterprises[0].record
    client.force_login(staff())
    page = client.get(f"/enterprises/{e.uscc}/").content.decode()
    assert "注册成立日期" in page and e.registered_on.isoformat() in page
