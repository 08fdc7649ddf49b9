"""信息化与两化融合 (issue 13 item 3): a 5G site list imported as the operators send it (a title, a unit line,
a merged two-level header, text numbers with thousands separators, a signature line), a bad row named with
nothing written, the same list again changing nothing; the 四率 as shares of the year's above-scale
enterprises (not of those who answered); the sites built counted by date at month boundaries, never
falling; the demo's half-year summary printing the values /measures/ shows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, OrgUnit, ScaleStatus
from kegong.informatization.ledgers import G5_SITES
from kegong.informatization.models import G5Plan, G5Site, ItSurvey
from kegong.informatization.services import town_ledger_import
from kegong.measures.registry import measure
from kegong.readers.errors import IngestError
from tests.desk_data import A, B, C, load_county, staff

ALL = Scope("all")


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # A and C in 城关镇, B in 白沙镇
    return tmp_path


def town(name: str) -> OrgUnit:
    return OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN, name=name)


def value(code: str, year: int = 2026, month: int = 6, scope: Scope = ALL):
    return measure(code).compute(Period.cumulative(year, month), scope, None)


def site_list(path, rows):
    """中国铁塔's list: title, 报送单位 and unit line, 建设情况 over 建成日期 / 开通日期 / 投资, signature line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "5G站点"
    ws.append(["青溪县2026年5G基站建设进度表"])
    ws.merge_cells("A1:I1")
    ws.append(["报送单位：中国铁塔青溪县分公司", None, None, None, None, None, None, None, "投资单位：万元"])
    ws.append(["序号", "站点编号", "站点名称", "所属乡镇", "运营商", "建设状态", "建设情况", None, None])
    ws.append([None, None, None, None, None, None, "建成日期", "开通日期", "投资（万元）"])
    for col in "ABCDEF":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("G3:I3")
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["填报人：张三", None, None, "审核人：李四", None, None, "填报日期：2026年7月3日"])
    wb.save(path)
    return path


ROWS = [
    ["QX-001", "城关一中站", "城关镇", "中国铁塔", "已开通", "2026年1月15日", "2026-02-20", "1,250.5"],
    ["QX-002", "白沙工业园站", "白沙镇", "移动", "建成", "2026.6.30", None, "32"],
    ["QX-003", "城关北站", "城关镇", "联通", "建成", "2026/7/1", None, "28"],
    ["QX-004", "白沙南站", "白沙镇", "电信", "在建", None, None, "30"],
]


def test_a_site_list_as_the_operators_send_it(county):
    path = site_list(county / "5G站点.xlsx", ROWS)
    r = town_ledger_import(ledger=G5_SITES, path=path)
    assert (r.rows, len(r.created)) == (4, 4) and r.record is not None
    s = G5Site.objects.get(number="QX-001")
    assert (s.town.name, s.operator, s.status) == ("城关镇", "tower", "open")
    assert (s.built, s.opened, s.investment) == (dt.date(2026, 1, 15), dt.date(2026, 2, 20), Decimal("1250.5"))
    again = town_ledger_import(ledger=G5_SITES, path=path)
    assert (again.created, again.updated, again.unchanged) == ([], [], 4) and again.record is None
    assert G5Site.objects.count() == 4


def test_a_bad_row_is_named_and_nothing_is_written(county):
    rows = [*ROWS[:2], ["QX-009", "无名站", "不存在镇", "中国移动", "建成", "2026-03-01", None, "20"],
            ["QX-010", "开通无日期站", "城关镇", "中国移动", "已开通", "2026-03-01", None, "20"],
            ["QX-011", "城关西站", "城关镇", "中国移动", "在建", None, None, "二十"]]
    with pytest.raises(IngestError) as e:
        town_ledger_import(ledger=G5_SITES, path=site_list(county / "5G站点.xlsx", rows))
    text = str(e.value)
    assert "文件 5G站点.xlsx 工作表 5G站点 第 7 行 D 列（所属乡镇）：“不存在镇”不是可选的乡镇（街道）" in text
    assert "第 8 行" in text and "开通的站点须填写开通日期" in text
    assert "第 9 行 I 列" in text and "“二十”不是数字" in text
    assert "不存在镇" in text and "二十" in text
    assert G5Site.objects.count() == 0


def _sites():
    for number, built, opened in (("S1", dt.date(2026, 5, 31), dt.date(2026, 6, 30)),
                                  ("S2", dt.date(2026, 6, 1), None), ("S3", dt.date(2026, 6, 30), dt.date(2026, 7, 1)),
                                  ("S4", dt.date(2026, 7, 1), None), ("S0", dt.date(2025, 6, 30), None)):
        status = "open" if opened else "built"
        G5Site.objects.create(number=number, name=number, town=town("城关镇" if number != "S2" else "白沙镇"),
                              operator="tower", status=status, built=built, opened=opened, investment=Decimal(10))
    G5Site.objects.create(number="P1", name="P1", town=town("城关镇"), operator="mobile", status="building")


@pytest.mark.parametrize(("month", "built", "opened"), [(4, 0, 0), (5, 1, 0), (6, 3, 1), (7, 4, 2), (12, 4, 2)])
def test_done_sites_at_month_boundaries(county, month, built, opened):
    _sites()
    assert value("g5_done_sites", month=month).level == built
    assert value("g5_open_sites", month=month).level == opened
    assert value("g5_done_investment", month=month).level == 10 * built
    # the year's sites, by date (S0 of 2025 is last year's work): a year earlier only S0 (built 2025-06-30)
    assert value("g5_done_sites", month=month).prior == (1 if month >= 6 else 0)


def test_done_sites_never_fall_month_to_month(county):
    _sites()
    counts = [value("g5_done_sites", month=m).level for m in range(1, 13)]
    assert counts == sorted(counts) and counts[-1] == 4


def test_a_town_counts_its_own_sites_and_plan(county):
    _sites()
    G5Plan.objects.create(year=2026, town=town("城关镇"), sites=10, investment=Decimal("300"))
    G5Plan.objects.create(year=2026, town=town("白沙镇"), sites=5, investment=Decimal("150.5"))
    assert value("g5_done_sites", scope=Scope("town", "白沙镇")).level == 1
    assert value("g5_plan_sites").level == 15 and value("g5_plan_investment").level == 450.5
    assert value("g5_plan_sites", scope=Scope("town", "城关镇")).level == 10
    assert value("g5_plan_sites", year=2025).level == 0  # a ledger with records: 0, not unknown


def test_unknown_while_the_ledgers_are_empty(county):
    for code in ("g5_plan_sites", "g5_done_sites", "g5_open_sites", "it_lan_share", "cloud_enterprises"):
        assert value(code).level is None, code


def _scale(year: int, above: list[str], below: list[str] = ()):
    for uscc, is_above in [*((u, True) for u in above), *((u, False) for u in below)]:
        ScaleStatus.objects.update_or_create(enterprise=Enterprise.objects.get(uscc=uscc), year=year,
                                             defaults={"above_scale": is_above})


def _answer(uscc: str, year: int, **items):
    ItSurvey.objects.create(enterprise=Enterprise.objects.get(uscc=uscc), year=year, **items)


# (above-scale firms, answers {firm: items}, item, expected share %) — the denominator is every above-scale firm
SURVEYS = [
    ("3 above, 2 answered, 1 with LAN", [A, B, C], {A: {"lan": True}, B: {"lan": False}}, "lan", 100 / 3),
    ("a below-scale answer does not count", [A, B], {A: {"lan": True}, C: {"lan": True}}, "lan", 50.0),
    ("an unanswered item is not a yes", [A, B], {A: {"website": None}, B: {"website": True}}, "website", 50.0),
    ("everyone", [A, B, C], {A: {"broadband": True}, B: {"broadband": True}, C: {"broadband": True}},
     "broadband", 100.0),
    ("nobody answered yes", [A, B, C], {A: {"ecommerce": False}}, "ecommerce", 0.0),
]


@pytest.mark.parametrize(("label", "above", "answers", "item", "share"), SURVEYS, ids=[s[0] for s in SURVEYS])
def test_survey_rates_over_the_years_above_scale_firms(county, label, above, answers, item, share):
    _scale(2026, above, [u for u in (A, B, C) if u not in above])
    for uscc, items in answers.items():
        _answer(uscc, 2026, **items)
    code = {"lan": "it_lan_share", "website": "it_website_share", "broadband": "it_broadband_share",
            "ecommerce": "it_ecommerce_share"}[item]
    v = value(code).level
    assert v == pytest.approx(share) and 0 <= v <= 100
    assert measure(code).unit == "%"


def test_the_latest_earlier_survey_and_cloud_count(county):
    _scale(2025, [A, B, C])
    _scale(2026, [A, B])
    _answer(A, 2025, cloud=True, lan=True)
    _answer(B, 2025, cloud=True)
    assert value("cloud_enterprises").level == 2  # 2026 has no survey: 2025's, over 2025's firms
    assert value("it_lan_share").level == pytest.approx(100 / 3)
    _answer(A, 2026, cloud=False)
    assert value("cloud_enterprises").level == 0 and value("it_lan_share").level == 0


def test_the_survey_ledger_imports_yes_and_no(county):
    from kegong.ledgers.base import ledger
    from kegong.ledgers.services import ledger_import

    wb = Workbook()
    ws = wb.active
    ws.append(["2026年规模以上工业企业信息化情况调查表"])
    ws.append(["统一社会信用代码", "企业名称", "调查年度", "宽带接入", "内部局域网", "电子商务", "门户网站", "上云"])
    ws.append([A, None, "2026", "是", "否", None, "√", "否"])
    ws.append(["填报人：张三"])
    wb.save(county / "调查.xlsx")
    ledger_import(ledger=ledger("it-survey"), path=county / "调查.xlsx")
    s = ItSurvey.objects.get()
    assert (s.broadband, s.lan, s.ecommerce, s.website, s.cloud) == (True, False, None, True, False)


@pytest.fixture
def demo_county(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))


def test_the_demo_summary_prints_what_the_web_shows(client, demo_county):
    import re

    from kegong.reports.context import build_context
    from kegong.reports.sources import gather

    ctx = build_context(gather(Period.cumulative(2026, 6), forecast_codes=()))
    client.force_login(staff())
    html = client.get("/measures/", {"period": "2026-06"}).content.decode()
    codes = ("g5_plan_sites", "g5_plan_investment", "g5_done_sites", "g5_done_investment", "g5_open_sites",
             "it_broadband_share", "it_lan_share", "it_ecommerce_share", "it_website_share", "cloud_enterprises")
    for code in codes:
        m = measure(code)
        row = re.search(rf">{m.name}</a></td><td class=\"num\">([^<]*)</td>", html)
        assert row, code
        fact = ctx["facts"][code].value
        assert fact is not None and round(float(row.group(1).replace(",", ""))) == round(float(fact)), code
    done = [value("g5_done_sites", month=m).level for m in range(1, 7)]
    assert done == sorted(done) and 100 < value("g5_plan_sites").level < 200
    assert 75 < value("it_broadband_share").level < 90  # 95 % of the ~90 % answering and 45 < value("it_lan_share").level < 65


def test_the_survey_pages_and_an_export_that_reads_back(client, county):
    from openpyxl import load_workbook

    from kegong.ledgers.base import ledger
    from kegong.ledgers.services import ledger_import
    from tests.desk_data import NAME_A, text_of

    _answer(A, 2026, broadband=True, lan=False)
    _answer(B, 2026, broadband=True, cloud=True)
    client.force_login(staff())
    page = text_of(client.get("/ledgers/it-survey/").content.decode())
    assert NAME_A in page and "未答" in page and "是" in page and "否" in page
    r = client.get("/ledgers/it-survey/export.xlsx")
    assert r.status_code == 200
    out = county / "it-survey.xlsx"
    out.write_bytes(b"".join(r.streaming_content))
    assert len(list(load_workbook(out).active.iter_rows(values_only=True))) == 2 + 2
    again = ledger_import(ledger=ledger("it-survey"), path=out)
    assert not again.changed and again.unchanged == 2
    assert ItSurvey.objects.get(enterprise__uscc=A).ecommerce is None  # 未答 stays unanswered
