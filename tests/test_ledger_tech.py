"""The 科技创新 ledgers of issue 12 beside the certificates: each imported from a list made the way the office
that sends it makes it (a title, a merged two-level header, a unit line, a signature line, text numbers with
thousands separators, dates as text and as dates), a bad list named by file, sheet, row and column with
nothing written, the good one, the same again changing nothing, and the export reading back as it is; the
science counts of the half-year summary counted from them (boundaries of the year and the period, a town's
scope, unknown while a ledger is empty); the catalogue's move (the report's ``facts.tech_sme`` … are the
counts the ledgers' pages list for the demo county's 2026年1-6月); re-certification reminders; a target on
成功申报国家高新技术企业数; the demo's records, realistic and loaded idempotently."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db.models import Q
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.ledgers.base import ledger
from kegong.ledgers.models import LedgerImport
from kegong.ledgers.services import ledger_import
from kegong.measures.registry import MeasureData, measure
from kegong.readers.errors import IngestError
from kegong.tech import models as M
from tests.desk_data import NAME_A, A, B, C, load_county, staff, text_of

NAME_B, NAME_C = "湖南乙家具有限公司", "湖南丙电子科技有限公司"
SIGN = "填表人：李明        审核人：王芳        填报日期：2026年7月5日"
JUNE = Period.cumulative(2026, 6)


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # A and C in 城关镇, B in 白沙镇
    return tmp_path


def workbook(path, title, header, rows, sub=None, unit=None, sheet="名单"):
    """A list as an office sends it: a title over the table, a unit line, the header (two levels when ``sub``
    is given: a parent cell merged across its columns, the others merged down), a 序号 column, the rows and a
    signature line under them."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if unit:
        ws.append([unit])
    h = ws.max_row + 1
    ws.append(header)
    if sub:
        ws.append(sub)
        for i, (top, low) in enumerate(zip(header, sub, strict=True), 1):
            if top is not None and low is None:
                ws.merge_cells(start_row=h, start_column=i, end_row=h + 1, end_column=i)
            elif top is not None:
                last = i
                while last < len(header) and header[last] is None:
                    last += 1
                ws.merge_cells(f"{get_column_letter(i)}{h}:{get_column_letter(last)}{h}")
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append([])
    ws.append([SIGN])
    wb.save(path)
    return path


@dataclass(frozen=True)
class Case:
    slug: str
    title: str
    header: list
    good: list
    bad: list
    errors: tuple[str, ...]  # in the refusal of the bad list, each naming its row and column
    sub: list | None = None
    unit: str | None = None


CASES = [
    Case("high-tech-applications", "2026年高新技术企业申报情况统计表",
         ["序号", "企业名称", "统一社会信用代码", "申报情况", None, None, None, "证书编号", "备注"],
         [[NAME_A, A, 2026, "第一批", "申报", "2026年5月20日", "", ""],
          [NAME_B, B, "2026", "第一批", "评审", "2026-05-28", "", "已提交专家评审"],
          [NAME_C, C, 2025, "第二批", "认定", dt.datetime(2025, 8, 10), "GR202543000456", ""]],
         [[NAME_A, A, 2026, "第一批", "通过了", "2026年5月20日", "", ""],
          [NAME_B, B, "2026", "第一批", "评审", "2026年5月32日", "", ""],
          [NAME_C, C, 2025, "第二批", "认定", "2025-08-10", "", ""]],
         ("第 4 行 F 列（申报情况", "“通过了”不是可选的阶段", "第 5 行 G 列（申报情况", "“2026年5月32日”不是日期",
          "第 6 行 “证书编号”列：已认定的申报须填写证书编号"),
         sub=[None, None, None, "申报年度", "申报批次", "阶段", "申报日期", None, None]),
    Case("high-tech-filings", "2025年度高新技术企业火炬统计及年报填报情况表",
         ["序号", "企业名称", "统一社会信用代码", "报告年度", "火炬统计填报情况", "火炬统计填报日期", "高企年报填报情况",
          "年报填报日期"],
         [[NAME_A, A, 2025, "已审核", "2026-03-10", "已填报", "2026年5月20日"], [NAME_C, C, 2025, "未填报", "", "未填报", ""]],
         [[NAME_A, A, 2025, "已交", "2026-03-10", "已填报", "2026年5月20日"], [NAME_C, C, 2025, "未填报", "2026.13.01", "", ""]],
         ("第 3 行 E 列（火炬统计填报情况）：“已交”不是可选的火炬统计", "第 4 行 F 列（火炬统计填报日期）：“2026.13.01”不是日期")),
    Case("tech-sme", "湖南省2026年第四批入库科技型中小企业名单",  # the published list: no year, no status column
         ["序号", "登记编号", "企业名称", "统一社会信用代码"],
         [["202643112404000123", NAME_A, A], ["202643112404000156", NAME_C, C]],
         [["202643112404000123", NAME_A, A], ["202643112404000156", NAME_C, "91431124MA4L00000X"],
          ["待定", NAME_B, B]],
         ("第 4 行 D 列（统一社会信用代码）：统一社会信用代码“91431124MA4L00000X”末位校验码错误",
          "第 5 行 “评价年度”列：不能为空（清单没有“评价年度”列时，按以年份开头的入库登记编号确定）")),
    Case("rd-filings", "2026年度企业研发费用备案汇总表",
         ["序号", "企业名称", "统一社会信用代码", "备案年度", "研发费用备案金额（万元）", "备案日期"],
         [[NAME_A, A, 2026, "1,234.50", "2026-03-15"], [NAME_B, B, 2026, 86, "2026年4月2日"],
          [NAME_C, C, 2026, "320", dt.date(2026, 5, 6)]],
         [[NAME_A, A, 2026, "一千二", "2026-03-15"], [NAME_B, B, 2026, 86, "2026/02/30"], [NAME_C, C, 2026, "320", ""]],
         ("第 4 行 E 列（研发费用备案金额（万元））", "第 5 行 F 列（备案日期）：“2026/02/30”不是日期",
          "第 6 行 F 列（备案日期）：“备案日期”不能为空"),
         unit="单位：万元"),
    Case("rd-subsidies", "2026年度研发财政奖补申报汇总表",
         ["序号", "企业名称", "统一社会信用代码", "申报年度", "奖补资金（万元）", None, "状态", "申报日期"],
         [[NAME_A, A, 2026, "12.5", "", "申报", "2026-05-10"], [NAME_B, B, 2026, "30", "", "审核", "2026-05-12"],
          [NAME_C, C, 2025, "8", "6.5", "已拨付", "2025-05-20"]],
         [[NAME_A, A, 2026, "十万", "", "申报", "2026-05-10"], [NAME_B, B, 2026, "30", "", "已拨付", "2026-05-12"],
          [NAME_C, C, 2025, "8", "6.5", "已拨付", "2025-05-20"]],
         ("第 4 行 E 列（奖补资金", "“十万”", "第 5 行 “拨付金额（万元）”列：已拨付的奖补须填写拨付金额"),
         sub=[None, None, None, None, "申报金额", "拨付金额", None, None]),
    Case("platforms", "2026年市级科普基地和技术研发中心申报汇总表",
         ["序号", "企业名称", "统一社会信用代码", "平台名称", "平台类型", "级别", "申报年度", "状态"],
         [[NAME_A, A, "甲建材技术研发中心", "技术研发中心", "市级", 2026, "申报"],
          [NAME_C, C, "丙电子科普基地", "科普基地", "市级", 2026, "申报"],
          [NAME_C, C, "丙电子工程技术研究中心", "工程技术研究中心", "省级", 2026, "申报"]],
         [[NAME_A, A, "甲建材技术研究院", "研究院", "市级", 2026, "申报"],
          [NAME_C, C, "丙电子科普基地", "科普基地", "县级", 2026, "申报"]],
         ("第 3 行 E 列（平台类型）：“研究院”不是可选的平台类型", "第 4 行 F 列（级别）：“县级”不是可选的级别")),
    Case("tech-projects", "2026年度科技项目申报汇总表",
         ["序号", "项目名称", "承担单位", "统一社会信用代码", "项目级别", "计划类别", "申请资金（万元）", "状态", "申报年度"],
         [["高性能复合材料关键技术研发", NAME_A, A, "省级", "湖南省重点研发计划", "60", "申报", 2026],
          ["智能传感器模组研发", NAME_C, C, "市级", "市科技计划项目", "15", "立项", 2026]],
         [["高性能复合材料关键技术研发", NAME_A, A, "省级", "湖南省重点研发计划", "-5", "申报", 2026],
          ["智能传感器模组研发", NAME_C, C, "县级", "市科技计划项目", "15", "立项", 2026]],
         ("第 3 行 “支持资金（万元）”列：确保该值大于或等于0", "第 4 行 E 列（项目级别）：“县级”不是可选的级别")),
    Case("high-tech-stat", "2026年二季度纳入高新技术产业增加值统计企业名单",
         ["序号", "统一社会信用代码", "单位详细名称", "年度", "季度", "技术领域"],
         [[A, NAME_A, 2026, "二季度", "新材料"], [C, NAME_C, 2026, "1-6月", "电子信息"], [B, NAME_B, 2026, "第二季度", ""]],
         [[A, NAME_A, 2026, "二季度", "新材料"], [B, NAME_B, 2026, "五季度", ""]],
         ("第 4 行 E 列（季度）：“五季度”不是可选的季度",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.slug for c in CASES])
def test_a_published_list_bad_then_good_then_again_and_exported(client, county, case):
    lg = ledger(case.slug)
    bad = workbook(county / "坏清单.xlsx", case.title, case.header, case.bad, case.sub, case.unit)
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=lg, path=bad)
    text = "\n".join(e.value.lines())
    for expected in case.errors:
        assert expected in text, text
    assert all(line.startswith("文件 坏清单.xlsx 工作表 名单 第 ") for line in e.value.lines())
    assert lg.model.objects.count() == 0 and LedgerImport.objects.count() == 0  # nothing half written

    good = workbook(county / "清单.xlsx", case.title, case.header, case.good, case.sub, case.unit)
    user = staff()
    r = ledger_import(ledger=lg, path=good, user=user)
    assert (len(r.created), len(r.updated), r.unchanged) == (len(case.good), 0, 0)
    again = ledger_import(ledger=lg, path=good)
    assert not again.changed and again.unchanged == len(case.good)
    assert LedgerImport.objects.count() == 1

    client.force_login(user)
    page = text_of(client.get(f"/ledgers/{case.slug}/").content.decode())
    assert f"共 {len(case.good)} 条" in page and NAME_A in page
    out = county / "导出.xlsx"
    out.write_bytes(b"".join(client.get(f"/ledgers/{case.slug}/export.xlsx").streaming_content))
    back = ledger_import(ledger=lg, path=out)
    assert not back.changed and back.unchanged == len(case.good)  # the export reads back as it is


def test_the_imported_values(county):
    for case in CASES:
        lg = ledger(case.slug)
        ledger_import(ledger=lg, path=workbook(county / f"{case.slug}.xlsx", case.title, case.header, case.good,
                                               case.sub, case.unit))
    app = M.HighTechApplication.objects.get(enterprise__uscc=C)
    assert (app.year, app.batch, app.stage, app.applied, app.certificate_number) == (
        2025, "second", "certified", dt.date(2025, 8, 10), "GR202543000456")
    f = M.HighTechFiling.objects.get(enterprise__uscc=A)
    assert (f.torch_status, f.torch_date, f.report_status, f.report_date) == (
        "checked", dt.date(2026, 3, 10), "filed", dt.date(2026, 5, 20))
    assert M.RdFiling.objects.get(enterprise__uscc=A).amount == Decimal("1234.50")  # 1,234.50 as text
    assert M.RdSubsidy.objects.get(enterprise__uscc=C).granted_amount == Decimal("6.5")
    assert M.RdSubsidy.objects.get(enterprise__uscc=A).granted_amount is None  # blank until granted
    assert set(M.InnovationPlatform.objects.values_list("kind", "level")) == {
        ("rd_centre", "city"), ("science_base", "city"), ("engineering", "province")}
    assert set(M.HighTechStatEnterprise.objects.values_list("quarter", flat=True)) == {2}  # 二季度, 1-6月, 第二季度
    p = M.TechProject.objects.get(enterprise__uscc=A)
    assert (p.level, p.programme, p.amount, p.status) == ("province", "湖南省重点研发计划", Decimal(60), "applied")


def test_the_published_sme_list_registers_its_firms(county):
    """The province's 入库 list has the 登记编号 and the firm only: the year is the number's, and a firm that
    was 自评 becomes 入库 — a column the list lacks leaves what it does not say alone (the score)."""
    from kegong.enterprises.models import Enterprise

    M.TechSmeRegistration.objects.create(enterprise=Enterprise.objects.get(uscc=A), year=2026, score=72)
    case = next(c for c in CASES if c.slug == "tech-sme")
    r = ledger_import(ledger=ledger("tech-sme"), path=workbook(county / "入库.xlsx", case.title, case.header, case.good))
    assert (len(r.created), len(r.updated)) == (1, 1)
    a = M.TechSmeRegistration.objects.get(enterprise__uscc=A)
    assert (a.year, a.number, a.status, a.score) == (2026, "202643112404000123", "registered", 72)
    assert M.TechSmeRegistration.objects.get(enterprise__uscc=C).status == "registered"


# --- the counts of the science section, on hand-made records --------------------------------------------------
SCIENCE = ("rd_filing_enterprises", "rd_subsidy_enterprises", "rd_subsidy_amount", "platform_applicants", "tech_sme",
           "hightech_applicants", "hightech_stat_enterprises", "high_tech_new", "high_tech_renewals_due")


def _firms():
    from kegong.enterprises.models import Enterprise

    return {e.uscc: e for e in Enterprise.objects.all()}


def _v(code: str, period: Period = JUNE, scope: Scope | None = None):
    return measure(code).compute(period, scope or Scope.county(), MeasureData(panel=None))


@pytest.mark.parametrize("code", SCIENCE)
def test_unknown_while_the_ledger_holds_no_record(county, code):
    assert not _v(code).has_data and not _v(code, scope=Scope("town", "城关镇")).has_data


def test_the_names_and_units_are_the_catalogues():
    from kegong.core.catalogue import RECORD_COUNTS

    for code in SCIENCE[:-1]:
        d = RECORD_COUNTS[code]
        assert (measure(code).name, measure(code).unit) == (d.name, d.unit)
    assert measure("high_tech_new").__doc__.count("Re-certifications count")
    assert (measure("high_tech_renewals_due").name, measure("high_tech_renewals_due").unit) == (
        "6个月内需重新认定的高新技术企业数", "家")


def test_rd_filings_by_the_year_and_the_periods_last_day(county):
    """A filing of 31 December counts in its year's 1-12月; one of the same campaign on 1 January is late for
    1-12月 and belongs to no other year; the next year's filed on 1 January counts in its 1-2月."""
    f = _firms()
    for firm, year, filed in ((A, 2026, dt.date(2026, 12, 31)), (B, 2026, dt.date(2027, 1, 1)),
                              (C, 2027, dt.date(2027, 1, 1)), (C, 2026, dt.date(2026, 3, 1))):
        M.RdFiling.objects.create(enterprise=f[firm], year=year, filed=filed, amount=Decimal(100))
    table = [  # period, scope, the count
        (Period.cumulative(2026, 11), Scope.county(), 1),  # C only: A files on 31 December
        (Period.cumulative(2026, 12), Scope.county(), 2),  # A and C; B's of 1 January is not in 1-12月
        (Period.cumulative(2026, 12), Scope("town", "城关镇"), 2),
        (Period.cumulative(2026, 12), Scope("town", "白沙镇"), 0),  # B's filing is late: known to be none
    ]
    for period, scope, level in table:
        assert _v("rd_filing_enterprises", period, scope).level == level, (period, scope)
    jan_feb = _v("rd_filing_enterprises", Period.cumulative(2027, 2))
    assert (jan_feb.level, jan_feb.prior, jan_feb.growth) == (1, 0, None)  # 2026-02: C filed on 1 March
    dec = _v("rd_filing_enterprises", Period.cumulative(2027, 12))
    assert (dec.level, dec.prior, dec.growth) == (1, 2, -50)


def test_rd_subsidies_count_the_firms_and_sum_the_amounts_applied_for(county):
    f = _firms()
    for firm, year, asked, granted, status, applied in (
            (A, 2026, "12.5", None, "applied", dt.date(2026, 5, 10)),
            (C, 2026, "30", "20", "granted", dt.date(2026, 6, 30)),
            (B, 2026, "8", None, "rejected", dt.date(2026, 7, 1)),  # after 1-6月
            (A, 2025, "10", "10", "granted", dt.date(2025, 6, 1))):
        M.RdSubsidy.objects.create(enterprise=f[firm], year=year, applied_amount=Decimal(asked),
                                   granted_amount=granted and Decimal(granted), status=status, applied=applied)
    firms, amount = _v("rd_subsidy_enterprises"), _v("rd_subsidy_amount")
    assert (firms.level, firms.prior, firms.growth) == (2, 1, 100)
    assert (amount.level, amount.prior) == (42.5, 10)  # applied, not granted (20)
    assert _v("rd_subsidy_amount", Period.cumulative(2026, 7)).level == 50.5  # B's rejected one was applied for
    assert _v("rd_subsidy_amount", scope=Scope("town", "白沙镇")).level == 0
    assert measure("rd_subsidy_amount").kind == "amount"


def test_platform_applicants_are_those_for_a_city_science_base_or_rd_centre(county):
    f = _firms()
    P = M.InnovationPlatform
    for firm, kind, level, status, year in (
            (A, P.Kind.RD_CENTRE, P.Level.CITY, P.Status.APPLIED, 2026),
            (A, P.Kind.SCIENCE_BASE, P.Level.CITY, P.Status.REJECTED, 2026),  # A twice: once
            (B, P.Kind.RD_CENTRE, P.Level.PROVINCE, P.Status.APPLIED, 2026),  # 省级: not counted
            (C, P.Kind.ENGINEERING, P.Level.CITY, P.Status.APPLIED, 2026),  # 工程技术研究中心: not counted
            (C, P.Kind.SCIENCE_BASE, P.Level.CITY, P.Status.RECOGNISED, 2025)):
        P.objects.create(enterprise=f[firm], kind=kind, level=level, status=status, year=year)
    v = _v("platform_applicants")
    assert (v.level, v.prior) == (1, 1)
    assert _v("platform_applicants", scope=Scope("town", "白沙镇")).level == 0


def test_tech_smes_registered_in_the_year_by_the_period(county):
    f = _firms()
    S = M.TechSmeRegistration.Status
    for firm, year, status, date in ((A, 2026, S.REGISTERED, dt.date(2026, 6, 30)),
                                     (B, 2026, S.REGISTERED, dt.date(2026, 7, 1)),  # after 1-6月
                                     (C, 2026, S.PUBLIC, dt.date(2026, 6, 20)),
                                     (C, 2025, S.REVOKED, dt.date(2025, 4, 1)),
                                     (A, 2025, S.REGISTERED, None)):  # no date: counted in its year
        M.TechSmeRegistration.objects.create(enterprise=f[firm], year=year, status=status, date=date,
                                             number="2026431124040001" if status == S.REGISTERED else "")
    v = _v("tech_sme")
    assert (v.level, v.prior) == (1, 1)
    assert _v("tech_sme", Period.cumulative(2026, 7)).level == 2
    assert _v("tech_sme", scope=Scope("town", "城关镇")).level == 1


def test_first_batch_applicants_from_the_stage_of_submission_on(county):
    f = _firms()
    St = M.HighTechApplication.Stage
    for firm, year, batch, stage, applied in ((A, 2026, "first", St.APPLIED, dt.date(2026, 6, 10)),
                                              (B, 2026, "first", St.REJECTED, dt.date(2026, 5, 10)),
                                              (C, 2026, "first", St.CULTIVATING, None),  # not yet applied
                                              (C, 2026, "second", St.APPLIED, dt.date(2026, 6, 1)),
                                              (A, 2025, "first", St.REVIEW, dt.date(2025, 7, 1))):
        M.HighTechApplication.objects.create(enterprise=f[firm], year=year, batch=batch, stage=stage, applied=applied)
    v = _v("hightech_applicants")
    assert (v.level, v.prior) == (2, 0)  # A's 2025 application came in July
    assert _v("hightech_applicants", Period.cumulative(2026, 5)).level == 1
    assert _v("hightech_applicants", scope=Scope("town", "城关镇")).level == 1


def test_the_stat_list_is_the_years_latest_up_to_the_period(county):
    f = _firms()
    for firm, year, quarter in ((A, 2026, 1), (B, 2026, 1), (C, 2026, 1), (A, 2026, 2), (C, 2026, 2),
                                (A, 2026, 3), (A, 2025, 2)):
        M.HighTechStatEnterprise.objects.create(enterprise=f[firm], year=year, quarter=quarter)
    table = [(2, None, None), (3, 3, None), (5, 3, None), (6, 2, 1), (8, 2, 1), (9, 1, 1), (12, 1, 1)]
    for month, level, prior in table:
        v = _v("hightech_stat_enterprises", Period.cumulative(2026, month))
        assert (v.level, v.prior) == (level, prior), month
    assert _v("hightech_stat_enterprises", scope=Scope("town", "白沙镇")).level == 0  # not on 二季度's list


def test_new_high_tech_enterprises_are_certificates_issued_in_the_year(county):
    f = _firms()
    for number, firm, issued in (("GR202543000001", A, dt.date(2025, 12, 31)), ("GR202643000002", B, dt.date(2026, 1, 1)),
                                 ("GR202643000003", A, dt.date(2026, 11, 28)),  # A re-certified: counts
                                 ("GR202243000004", C, dt.date(2022, 12, 10))):
        M.HighTechCertificate.objects.create(enterprise=f[firm], number=number, issued=issued)
    assert _v("high_tech_new", Period.cumulative(2026, 2)).level == 1  # B on 1 January
    nov = _v("high_tech_new", Period.cumulative(2026, 11))
    assert (nov.level, nov.prior) == (2, 0)
    assert _v("high_tech_new", Period.cumulative(2025, 12)).level == 1
    assert _v("high_tech_new", Period.cumulative(2026, 12), Scope("town", "城关镇")).level == 1


# --- re-certification reminders -----------------------------------------------------------------------------
def test_renewals_due_within_six_months_without_a_later_application(county):
    from kegong.tech.selectors import renewals_due

    f = _firms()
    a = M.HighTechCertificate.objects.create(enterprise=f[A], number="GR202343000001", issued=dt.date(2023, 11, 28))
    b = M.HighTechCertificate.objects.create(enterprise=f[B], number="GR202343000002", issued=dt.date(2023, 12, 20))
    M.HighTechCertificate.objects.create(enterprise=f[C], number="GR202443000003", issued=dt.date(2024, 12, 6))
    M.HighTechCertificate.objects.create(enterprise=f[C], number="GR202243000004", issued=dt.date(2022, 11, 25))
    assert (a.valid_until, a.renewal_due()) == (dt.date(2026, 11, 27), dt.date(2026, 5, 27))
    assert b.renewal_due() == dt.date(2026, 6, 19)
    table = [  # day, the certificates due
        (dt.date(2026, 5, 26), []), (dt.date(2026, 5, 27), [a]), (dt.date(2026, 6, 30), [a, b]),
        (dt.date(2026, 11, 27), [a, b]), (dt.date(2026, 11, 28), [b]), (dt.date(2026, 12, 20), []),
    ]
    for day, due in table:
        assert renewals_due(day) == due, day
    june = dt.date(2026, 6, 30)
    app = M.HighTechApplication.objects.create(enterprise=f[A], year=2026, stage="applied", applied=dt.date(2026, 6, 1))
    assert renewals_due(june) == [b]  # A applied again
    app.stage = "rejected"
    app.save()
    assert renewals_due(june) == [a, b]  # failed: the second batch is still open
    M.HighTechApplication.objects.create(enterprise=f[B], year=2023, batch="second", stage="certified",
                                         certificate_number=b.number)
    assert renewals_due(june) == [a, b]  # the application that gave the certificate is not a later one
    M.HighTechCertificate.objects.create(enterprise=f[B], number="GR202643000005", issued=dt.date(2026, 6, 15))
    assert renewals_due(june) == [a]  # re-certified already
    assert _v("high_tech_renewals_due").level == 1
    assert _v("high_tech_renewals_due", scope=Scope("town", "白沙镇")).level == 0
    assert renewals_due(june, Q(enterprise__town__name="白沙镇")) == []


# --- a target on 成功申报国家高新技术企业数 ---------------------------------------------------------------------------
def test_a_target_on_new_high_tech_enterprises_reads_the_certificates(county):
    from kegong.county.models import CountyFigure
    from kegong.targets.services import TargetsError, progress_report, record_actual, set_target

    set_target(2026, "high_tech_new", 4)
    CountyFigure.objects.create(code="high_tech_new", year=2026, month=6, value=9, unit="家")  # typed before: ignored
    f = _firms()
    M.HighTechCertificate.objects.create(enterprise=f[A], number="GR202543000001", issued=dt.date(2025, 12, 1))
    M.HighTechCertificate.objects.create(enterprise=f[C], number="GR202643000002", issued=dt.date(2026, 3, 20))
    report = progress_report(2026, JUNE)
    (p,) = [p for p in report.progress if p.target.code == "high_tech_new"]
    assert p.actual == 1 and report.sources["high_tech_new:count"] == "count"
    with pytest.raises(TargetsError, match="由台账记录计数"):
        record_actual(JUNE, "high_tech_new", 3)


# --- the catalogue's move: the report says the counts the ledgers' pages list ----------------------------------------
def test_the_science_counts_are_no_longer_typed():
    from kegong.core.catalogue import COUNTY_MEASURES, FACTS_BY_CODE, RECORD_COUNTS
    from kegong.core.errors import InputError
    from kegong.county.services import county_figure_set

    for code in SCIENCE[:-1]:
        assert code in RECORD_COUNTS and code not in FACTS_BY_CODE and code not in COUNTY_MEASURES
    assert RECORD_COUNTS["tech_sme"].name == "成功申报科技型中小企业数" and RECORD_COUNTS["rd_subsidy_amount"].unit == "万元"
    with pytest.raises(InputError, match="未知的填报项目"):
        county_figure_set(code="rd_filing_enterprises", year=2026, month=6, value=44)


def _list_rows(client, slug: str) -> list[dict[str, str]]:
    """Every row the ledger's list page shows (page after page), as 表头 → the cell's text."""
    out, page = [], 1
    while True:
        html = client.get(f"/ledgers/{slug}/?page={page}").content.decode()
        heads = [text_of(h).strip() for h in re.findall(r"<th>(.*?)</th>", html, flags=re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
            cells = [text_of(c).strip() for c in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
            if cells:
                out.append(dict(zip(heads, cells, strict=True)))
        if f"第 {page} / " not in html or f"第 {page} / {page} 页" in html:
            return out
        page += 1


def _day(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    return dt.date(*map(int, m.groups())) if m else None


def _by_june(text: str) -> bool:
    day = _day(text)
    return day is None or day <= dt.date(2026, 6, 30)  # “—”: no date, counted in its year


def _page_counts(client) -> dict[str, Decimal]:
    """Each science count of 2026年1-6月 worked out from the rows the ledgers' pages show."""
    rows = {slug: _list_rows(client, slug) for slug in (
        "rd-filings", "rd-subsidies", "platforms", "tech-sme", "high-tech-applications", "high-tech-stat", "high-tech")}

    def firms(slug, keep):
        return Decimal(len({r["企业"] for r in rows[slug] if keep(r)}))

    subsidies = [r for r in rows["rd-subsidies"] if r["申报年度"] == "2026" and _by_june(r["申报日期"])]
    quarter = max((r["季度"] for r in rows["high-tech-stat"] if r["年度"] == "2026" and r["季度"] in ("一季度", "二季度")),
                  key=["一季度", "二季度"].index)
    return {
        "rd_filing_enterprises": firms("rd-filings", lambda r: r["备案年度"] == "2026" and _by_june(r["备案日期"])),
        "rd_subsidy_enterprises": Decimal(len({r["企业"] for r in subsidies})),
        "rd_subsidy_amount": sum(Decimal(r["申报金额（万元）"]) for r in subsidies),
        "platform_applicants": firms("platforms", lambda r: r["申报年度"] == "2026" and r["级别"] == "市级"
                                     and r["平台类型"] in ("科普基地", "技术研发中心")),
        "tech_sme": firms("tech-sme", lambda r: r["评价年度"] == "2026" and r["状态"] == "入库" and _by_june(r["入库日期"])),
        "hightech_applicants": firms("high-tech-applications", lambda r: r["申报年度"] == "2026" and r["申报批次"] == "第一批"
                                     and r["阶段"] != "培育" and _by_june(r["申报日期"])),
        "hightech_stat_enterprises": firms("high-tech-stat", lambda r: r["年度"] == "2026" and r["季度"] == quarter),
        "high_tech_new": firms("high-tech", lambda r: _day(r["发证日期"]).year == 2026 and _by_june(r["发证日期"])),
    }


@pytest.fixture
def demo_county(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6)))
    load_demo(demo)
    return demo


def test_the_reports_science_counts_are_what_the_ledgers_pages_list(client, demo_county):
    """The half-year summary of the demo county's 2026年1-6月: ``facts.tech_sme`` and the others are the counts
    of the records a staff user opens on the ledgers' pages — and the sentences of section (二) say them."""
    from kegong.reports.context import build_context
    from kegong.reports.sources import gather

    facts = build_context(gather(JUNE, forecast_codes=()))["facts"]
    client.force_login(staff())
    shown = _page_counts(client)
    assert {code: facts[code].value for code in shown} == shown
    assert 40 <= shown["rd_filing_enterprises"] <= 50 and 3 <= shown["platform_applicants"] <= 8
    assert 15 <= shown["tech_sme"] <= 28 and 4 <= shown["hightech_applicants"] <= 9
    assert 15 <= shown["rd_subsidy_enterprises"] <= 28 and 40 <= shown["hightech_stat_enterprises"] <= 60
    assert facts["tech_sme"].text == f"{shown['tech_sme']}家" and facts["rd_subsidy_amount"].text.endswith("万元")


# --- the demo's records ---------------------------------------------------------------------------------------
def test_the_demo_records_agree_with_the_certificates_and_are_the_seeds():
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.ledgers import high_tech_certificates
    from kegong.demo.tech_records import tech_records

    demo = generate_county(DemoSpec(seed=2026, last=(2026, 6)))
    recs = tech_records(demo)
    assert recs == tech_records(generate_county(DemoSpec(seed=2026, last=(2026, 6))))
    certs = high_tech_certificates(demo)
    certified = {(a["uscc"], a["certificate_number"]) for a in recs["HighTechApplication"] if a["stage"] == "certified"}
    assert certified == {(c.uscc, c.number) for c in certs}  # every certificate was applied for, none else
    assert all(a["applied"] is None or a["applied"] <= dt.date(2026, 6, 30) for a in recs["HighTechApplication"])
    june = dt.date(2026, 6, 30)
    valid = {c.uscc for c in certs if c.issued <= june <= M.valid_until(c.issued)}
    on_list = {r["uscc"] for r in recs["HighTechStatEnterprise"] if (r["year"], r["quarter"]) == (2026, 2)}
    assert valid <= on_list and 40 <= len(on_list) <= 60  # the list includes the certificate holders
    subsidies = [r for r in recs["RdSubsidy"] if r["year"] == 2026]
    assert all(Decimal(5) <= r["applied_amount"] <= Decimal(40) and r["granted_amount"] is None for r in subsidies)
    filers = {r["uscc"] for r in recs["RdFiling"] if r["year"] == 2026}
    assert 40 <= len(filers) <= 50 and {r["uscc"] for r in subsidies} <= filers
    registered = [r for r in recs["TechSmeRegistration"] if r["year"] == 2026 and r["status"] == "registered"]
    assert all(re.fullmatch(r"2026\d{14}", r["number"]) and r["date"] <= june for r in registered)
    assert 3 <= len(recs["TechProject"]) and {r["level"] for r in recs["TechProject"]} <= {"province", "city"}


def test_the_demo_loads_its_records_once(demo_county):
    """Loaded with the demo, matched on the ledgers' natural keys: a second run writes nothing, and the
    re-certification reminders are the holders of 2023 that let their certificate lapse."""
    from django.apps import apps

    from kegong.demo.load import load_demo
    from kegong.demo.tech_records import load_tech_records, tech_records
    from kegong.tech.selectors import renewals_due

    models = [m for m in apps.get_app_config("tech").get_models()]
    before = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
    expected = {name: len(rows) for name, rows in tech_records(demo_county).items()}
    assert {name: len(before[name]) for name in expected} == expected
    assert load_tech_records(demo_county) == 0
    load_demo(demo_county)
    assert {m.__name__: list(m.objects.order_by("pk").values()) for m in models} == before  # updated_at too
    due = renewals_due(dt.date(2026, 6, 30))
    assert due and all(c.issued.year == 2023 for c in due)
    assert _v("high_tech_renewals_due").level == len({c.enterprise_id for c in due})
