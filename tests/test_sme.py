"""中小微企业 (issue 13 item 5): the 信心指数 questionnaire summary imported as a town sends it (a title, a unit
line, text numbers, a signature line), a bad answer named with its row and column and nothing written, the
same list again changing nothing; the field checks' computed size; each enterprise's size class from the
register and the figures; the page for staff and for a town user who sees only their town."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kegong.core import access
from kegong.core.numbers import fmt
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, EnterpriseYear
from kegong.imports.services import import_files
from kegong.ledgers.base import ledger
from kegong.ledgers.services import ledger_import
from kegong.measures.registry import measure
from kegong.readers.errors import IngestError
from kegong.sme import selectors as s
from kegong.sme.models import ConfidenceSurvey, SizeCheck
from tests.desk_data import NAME_A, A, B, C, load_county, make_user, staff, text_of
from tests.ingest.builders import Ent, TongjiSheet, write_tongji_xlsx

NAME_B, NAME_C = "湖南乙家具有限公司", "湖南丙电子科技有限公司"
HEADER = ["序号", "企业名称", "统一社会信用代码", "年度", "季度", "企业综合经营状况", "生产情况", "订单情况", "用工情况",
          "融资情况", "盈利情况", "下季度预期", "备注"]


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    return tmp_path


def survey_list(path, rows, title="青溪县中小微企业信心指数调查汇总表（2026年二季度）"):
    wb = Workbook()
    ws = wb.active
    ws.title = "问卷汇总"
    ws.append([title])
    ws.merge_cells("A1:M1")
    ws.append(["填报单位（盖章）：青溪县科技和工业信息化局", None, None, None, None, None, None, None, None, None, None,
               "单位：家"])
    ws.append(HEADER)
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["填报人：张三", None, None, "审核人：李四", None, None, None, None, None, "填报日期：2026年7月3日"])
    wb.save(path)
    return path


ROWS = [
    [NAME_A, A, "2026", "二季度", "好转", "好转", "增加", "持平", "恶化", "持平", "乐观", "订单回升"],
    [NAME_B, B, 2026, "第二季度", "持平", "持平", "减少", "持平", "持平", "下降", "持平", ""],
    [NAME_C, C, "2,026", "2", "恶化", "恶化", "减少", "减少", "恶化", "恶化", "悲观", "原材料涨价"],
]


def test_the_survey_summary_is_imported_and_again_changes_nothing(county):
    lg = ledger("sme-confidence")
    path = survey_list(county / "信心指数调查.xlsx", ROWS)
    r = ledger_import(ledger=lg, path=path)
    assert (len(r.created), len(r.updated), r.unchanged) == (3, 0, 0)
    a = ConfidenceSurvey.objects.get(enterprise__uscc=A)
    assert (a.year, a.quarter, a.overall, a.orders, a.financing, a.outlook, a.note) == (
        2026, 2, "up", "up", "down", "up", "订单回升")
    c = ConfidenceSurvey.objects.get(enterprise__uscc=C)
    assert c.year == 2026  # "2,026" read as a number
    again = ledger_import(ledger=lg, path=path)
    assert not again.changed and again.unchanged == 3 and ConfidenceSurvey.objects.count() == 3
    # 综合经营: 1 好转, 1 持平, 1 恶化 → 100; 订单: 1 增加, 2 减少 → 66.7; the overall the mean of the seven
    q = s.quarter_index(2026, 2, Scope("all"))
    assert q.of("overall").index == 100
    assert q.of("orders").index == pytest.approx(100 + (1 - 2) * 100 / 3)
    expected = sum(x.index for x in q.questions) / 7
    assert measure("sme_confidence_index").compute(Period.cumulative(2026, 6), Scope("all")).level == \
        round(expected, 2)
    assert measure("sme_confidence_index").compute(Period.cumulative(2026, 9), Scope("all")).level is None
    town = s.quarter_index(2026, 2, Scope("town", "白沙镇"))  # B alone
    assert town.enterprises == 1 and town.of("profit").index == 0


@pytest.mark.parametrize(("row", "column", "message"), [
    ([NAME_B, B, 2026, "二季度", "很好", "持平", "减少", "持平", "持平", "下降", "持平", ""], "F 列（企业综合经营状况）",
     "“很好”不是可选的综合经营"),
    ([NAME_B, B, 2026, "五季度", "持平", "持平", "减少", "持平", "持平", "下降", "持平", ""], "E 列（季度）",
     "“五季度”不是可选的季度"),
    ([NAME_B, B, "二〇二六", "二季度", "持平", "持平", "减少", "持平", "持平", "下降", "持平", ""], "D 列（年度）",
     "不是数字"),
    ([NAME_B, B, 2026, "二季度", None, None, None, None, None, None, None, "未答"], "“综合经营”列",
     "没有任何一题的回答"),
])
def test_a_bad_row_is_named_and_nothing_is_written(county, row, column, message):
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=ledger("sme-confidence"), path=survey_list(county / "坏.xlsx", [ROWS[0], row, ROWS[2]]))
    (line,) = e.value.lines()
    assert line.startswith(f"文件 坏.xlsx 工作表 问卷汇总 第 5 行 {column}"), line
    assert message in line
    assert not ConfidenceSurvey.objects.exists()


# --- size classes -----------------------------------------------------------------------------------------
def full_year_2025(folder):
    """The statistics bureau's 2025年1-12月 list: 营业收入 (本月, 1-本月, 上年同月, 上年同期), 万元."""
    ents = [
        Ent(A, NAME_A, "3021", "城关镇", {"gross_output": (900, 52000, 800, 48000), "revenue": (900, 45000, 800, 41000)}),
        Ent(B, NAME_B, "2110", "白沙镇", {"gross_output": (200, 2600, 150, 2100), "revenue": (180, 2500, 140, 2000)}),
    ]
    return write_tongji_xlsx(folder / "规上工业2025年1-12月.xlsx", [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2025年1-12月）", unit="单位：万元", sheet_name="1-12月",
        indicators=("gross_output", "revenue"))])


def declare(uscc, year, people=None, sales=None):
    EnterpriseYear.objects.create(enterprise=Enterprise.objects.get(uscc=uscc), year=year, staff=people, sales=sales)


def test_the_size_class_comes_from_the_register_and_the_figures(county):
    import_files([full_year_2025(county)])
    declare(A, 2025, people=1200)  # 1,200 人 and 45,000 万元 (1-12月): 大型
    declare(B, 2025, people=120, sales=Decimal("9999"))  # the 1-12月 figure (2,500) wins over the declaration
    declare(C, 2025, people=15)  # no revenue anywhere, but 15 人 is 微型 by itself
    rows = {r.enterprise.uscc: r for r in s.sizes(2025)}
    assert [rows[u].code for u in (A, B, C)] == ["large", "small", "micro"]
    assert rows[B].revenue == 2500 and rows[B].revenue_from == "2025年1-12月月报累计营业收入"
    assert "取较低一档：小型" in rows[B].size.working
    assert rows[A].staff_from == "2025年企业年度情况（职工总数）"
    assert "营业收入未知不影响" in rows[C].size.working
    # 2024: only the 上年同期 of the 2025 form, and no staff declared: unknown, saying which
    rows24 = {r.enterprise.uscc: r for r in s.sizes(2024)}
    assert rows24[A].revenue == 41000 and rows24[A].revenue_from.startswith("2025年12月月报上年同期")
    assert rows24[A].code == "unknown" and "从业人员未知" in rows24[A].size.working
    # 2026 has only 1-6月: the half year is never taken for the whole
    assert s.sizes(2026)[0].revenue is None
    assert s.counts(s.sizes(2025)) == {"large": 1, "medium": 0, "small": 1, "micro": 1, "unknown": 0}
    assert measure("sme_small_enterprises").compute(Period.cumulative(2026, 6), Scope("all")).level == 1
    assert measure("sme_micro_enterprises").compute(Period.cumulative(2026, 6), Scope("town", "白沙镇")).level == 0
    assert measure("sme_micro_enterprises").compute(Period.cumulative(2025, 12), Scope("all")).level == 1


def test_a_field_check_computes_its_size_and_refuses_a_pass_that_contradicts_it(county, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "核查记录"
    ws.append(["青溪县中小企业规模认定现场核查记录汇总表"])
    ws.append(["", "", "", "", "", "", "", "", "单位：人、万元"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "核查日期", "数据年度", "申报规模", "从业人员", "营业收入", "资产总额",
               "核查结论", "核查人员", "备注"])
    ws.append([1, NAME_B, B, "2026年3月12日", 2025, "小型企业", "118", "2,480.5", "3,100", "通过", "刘一、陈二", ""])
    ws.append([2, NAME_C, C, "2026-03-15", "2025", "小型", "15", "260", "", "待补充", "刘一", "缺社保缴纳证明"])
    ws.append(["注：营业收入为上年全年数。"])
    wb.save(tmp_path / "核查.xlsx")
    lg = ledger("sme-size-checks")
    r = ledger_import(ledger=lg, path=tmp_path / "核查.xlsx")
    assert len(r.created) == 2
    b = SizeCheck.objects.get(enterprise__uscc=B)
    assert (b.date, b.staff, b.revenue, b.computed, b.conclusion) == (
        dt.date(2026, 3, 12), 118, Decimal("2480.5"), "small", "passed")
    assert SizeCheck.objects.get(enterprise__uscc=C).computed == "micro"
    assert not ledger_import(ledger=lg, path=tmp_path / "核查.xlsx").changed
    # 通过 for a 小型 declaration whose figures give 微型: refused, nothing written
    ws.cell(5, 10, "通过")
    wb.save(tmp_path / "核查2.xlsx")
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=lg, path=tmp_path / "核查2.xlsx")
    (line,) = e.value.lines()
    assert "第 5 行" in line and "按核查数测算为微型，与申报的小型不符" in line
    assert SizeCheck.objects.get(enterprise__uscc=C).conclusion == "pending"
    # the field check's staff counts for a firm that declared none
    assert {r.enterprise.uscc: r.code for r in s.sizes(2025)}[C] == "micro"


# --- the page -------------------------------------------------------------------------------------------
@pytest.fixture
def classified(county):
    import_files([full_year_2025(county)])
    declare(A, 2025, people=1200)
    declare(B, 2025, people=120)
    declare(C, 2025, people=15)
    ledger_import(ledger=ledger("sme-confidence"), path=survey_list(county / "信心指数调查.xlsx", ROWS))
    return county


def test_the_page_shows_the_classes_and_the_index_to_staff(client, classified):
    client.force_login(staff())
    r = client.get("/sme/")
    assert r.status_code == 200
    page = text_of(r.content.decode())
    assert "企业规模（2025年）" in page and "国统字〔2017〕213号" in page
    for name in (NAME_A, NAME_B, NAME_C):
        assert name in page
    assert "大型" in page and "取较低一档：小型" in page and "45,000.00" in page and "1,200" in page
    assert "分项指数 =（好转/乐观占比% − 恶化/悲观占比%）+ 100" in page and "2026年二季度" in page
    q = s.quarter_index(2026, 2, Scope("all"))
    assert f">{fmt(q.overall, 1)}<" in r.content.decode().replace("<strong>", "").replace("</strong>", "")
    small = text_of(client.get("/sme/", {"size": "small", "year": "2025"}).content.decode())
    assert NAME_B in small and NAME_A not in small and NAME_C not in small
    town = text_of(client.get("/sme/", {"town": "白沙镇"}).content.decode())
    assert NAME_B in town and NAME_A not in town
    odd = client.get("/sme/", {"year": "不是年份", "page": "x", "size": "huge"})
    assert odd.status_code == 200 and NAME_A in odd.content.decode()  # ignored: the latest year, every class


def test_a_town_user_sees_only_their_town(client, classified):
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))  # B is in 白沙镇, A and C in 城关镇
    r = client.get("/sme/")
    assert r.status_code == 200
    page = text_of(r.content.decode())
    assert NAME_B in page and NAME_A not in page and NAME_C not in page
    assert "您的查看范围内的企业" in page and "城关镇" not in page
    # B's survey alone: 综合经营 持平 → 100.0, 盈利 下降 → 0.0
    html = r.content.decode()
    row = html[html.index("2026年二季度"):]
    row = row[:row.index("</tr>")]
    assert "<td class=\"num\">1</td>" in row and ">100.0<" in row and ">0.0<" in row
    other = text_of(client.get("/sme/", {"town": "城关镇"}).content.decode())  # not theirs: ignored
    assert NAME_A not in other and NAME_B in other


# --- the demo county ----------------------------------------------------------------------------------------
@pytest.fixture
def demo_county(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6)))
    load_demo(demo)
    return demo


def test_the_demo_has_two_quarters_of_surveys_and_a_few_field_checks(client, demo_county):
    from kegong.demo.sme_records import load_sme_records

    assert set(ConfidenceSurvey.objects.values_list("year", "quarter")) == {(2026, 1), (2026, 2)}
    assert ConfidenceSurvey.objects.filter(year=2026, quarter=2).count() == 60
    q1, q2 = s.indices()
    assert q1.overall < 100 < q2.overall  # a cautious first quarter, a better second one
    checks = list(SizeCheck.objects.all())
    assert len(checks) == 6 and all(c.year == 2025 and c.computed for c in checks)
    assert {c.conclusion for c in checks} == {"passed", "failed", "pending"}
    assert all(c.declared == c.computed for c in checks if c.conclusion == "passed")
    assert all(c.declared != c.computed for c in checks if c.conclusion == "failed")
    rows = s.sizes(2025)
    n = s.counts(rows)
    assert n["medium"] + n["small"] > 0 and n["unknown"] < len(rows)
    assert measure("sme_confidence_index").compute(Period.cumulative(2026, 6), Scope("all")).level == \
        round(q2.overall, 2)
    assert load_sme_records(demo_county) == 0  # a second run writes nothing
    client.force_login(staff())
    r = client.get("/sme/")
    assert r.status_code == 200 and "企业规模（2025年）" in text_of(r.content.decode())
    assert client.get("/measures/", {"period": "2026-06"}).status_code == 200
    assert client.get("/ledgers/sme-size-checks/").status_code == 200


@pytest.mark.parametrize("slug", ["sme-confidence", "sme-size-checks"])
def test_the_ledger_pages_list_and_the_export_reads_back(client, classified, slug, tmp_path):
    SizeCheck.objects.create(enterprise=Enterprise.objects.get(uscc=B), date=dt.date(2026, 3, 12), year=2025,
                             declared="small", staff=118, revenue=Decimal("2480.5"), conclusion="passed",
                             inspectors="刘一")
    client.force_login(staff())
    page = client.get(f"/ledgers/{slug}/")
    assert page.status_code == 200 and NAME_B in page.content.decode()
    out = tmp_path / f"{slug}.xlsx"
    out.write_bytes(b"".join(client.get(f"/ledgers/{slug}/export.xlsx").streaming_content))
    back = ledger_import(ledger=ledger(slug), path=out)
    assert not back.changed and back.unchanged == ledger(slug).model.objects.count()
    assert client.get(f"/enterprises/{B}/").status_code == 200
    assert ledger(slug).name in text_of(client.get(f"/enterprises/{B}/").content.decode())


def test_a_field_check_entered_in_the_form_gets_its_size_and_a_contradicting_pass_is_refused(client, county):
    client.force_login(staff())
    form = {"enterprise_code": C, "date": "2026-04-02", "year": "2025", "declared": "small", "staff": "15",
            "revenue": "260", "assets": "", "conclusion": "passed", "inspectors": "刘一", "note": ""}
    r = client.post("/ledgers/sme-size-checks/new/", form)
    assert r.status_code == 400 and "按核查数测算为微型，与申报的小型不符" in text_of(r.content.decode())
    assert not SizeCheck.objects.exists()
    r = client.post("/ledgers/sme-size-checks/new/", {**form, "declared": "micro"}, follow=True)
    assert r.status_code == 200 and "已登记" in text_of(r.content.decode())
    c = SizeCheck.objects.get()
    assert (c.computed, c.get_computed_display()) == ("micro", "微型") and "低于小型下限" in c.working
