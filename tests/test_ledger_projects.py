"""示范区重点项目与新能源 (issue 13 items 1–2): the project library imported as the 示范区办 keeps it (a title, the
unit line 单位：万元, a merged two-level header, text numbers with thousands separators, a signature line), a bad
row named with nothing written, the same list again changing nothing; completion against each year's plan
and the time progress, table-driven, a project spanning two years kept apart by year; capacities in 兆瓦;
the demo's 2026年1-6月 in the report equal to /measures/."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from openpyxl import Workbook

from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, OrgUnit
from kegong.ledgers.base import ledger
from kegong.measures.registry import measure
from kegong.projects import selectors
from kegong.projects.models import EnergyFarm, Project, ProjectProgress, ProjectTheme
from kegong.projects.services import zone_ledger_import
from kegong.readers.errors import IngestError
from tests.desk_data import NAME_A, A, B, load_county, reporter, staff

ALL = Scope("all")
JUNE = Period.cumulative(2026, 6)
PARK = "家居智造产业园"
ZONE = ("zone_projects", "zone_total_investment", "zone_plan_investment", "zone_done_investment",
        "furniture_building", "furniture_operating", "wind_farms", "solar_bases", "renewable_capacity",
        "wind_building_farms", "wind_building_capacity", "solar_building_bases", "solar_building_capacity")


@pytest.fixture
def county(db, tmp_path):
    # the categories are the data migration's rows; seeded again when an earlier test in the run flushed the
    # database (a live-server test empties every table, data migrations' rows too)
    importlib.import_module("kegong.projects.migrations.0002_seed_themes").seed(django_apps, None)
    load_county(tmp_path)
    park = OrgUnit.objects.create(name=PARK, kind=OrgUnit.Kind.PARK)
    Enterprise.objects.filter(uscc__in=[A, B]).update(park=park)
    return tmp_path


def value(code: str, period: Period = JUNE, scope: Scope = ALL):
    return measure(code).compute(period, scope, None).level


def library(path, rows, title="青溪县2026年可持续发展议程创新示范区重点项目库"):
    """The 示范区办's list: title, unit line, a two-level header (投资情况 over 总投资 and 年度计划投资), rows,
    a signature line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目库"
    ws.append([title])
    ws.merge_cells("A1:K1")
    ws.append(["填报单位：青溪县示范区建设办公室", None, None, None, None, None, None, None, None, "单位：万元"])
    ws.append(["序号", "项目名称", "项目类别", "计划年度", "投资情况", None, "建设阶段", "项目业主", "所在园区",
               "是否计入工业投资", "理由"])
    ws.merge_cells("E3:F3")
    for col in "ABCDGHIJK":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append([None, None, None, None, "总投资", "年度计划投资"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["填表人：张三", None, None, "审核人：李四", None, None, "填报日期：2026年7月5日"])
    wb.save(path)
    return path


ROWS = [
    ["智能家居生产线项目", "生态产业", 2026, "12,500.00", "3,000.00", "在建", NAME_A, PARK, "是", "工业企业技改"],
    ["河湖水系连通工程", "水生态文明", "2026", "80,000", "20,000.5", "待建", None, None, "否", "政府投资"],
    ["定制家居扩产项目", "生态产业", 2026, "6,000", "2,000", "竣工投产", B, PARK, "是", "工业企业新建"],
]


def test_the_project_library_is_imported_and_again_changes_nothing(county):
    path = library(county / "项目库.xlsx", ROWS)
    first = zone_ledger_import(ledger=ledger("projects"), path=path)
    assert len(first.created) == 3 and first.record is not None
    p = Project.objects.get(name="智能家居生产线项目")
    assert (p.total_investment, p.plan_investment, p.stage) == (Decimal("12500"), Decimal("3000"), "building")
    assert p.enterprise.uscc == A and p.park.name == PARK and p.theme.name == "生态产业"
    assert p.counts_as_industrial and p.industrial_reason == "工业企业技改"
    water = Project.objects.get(name="河湖水系连通工程")
    assert water.enterprise is None and not water.counts_as_industrial and water.plan_investment == Decimal("20000.5")
    again = zone_ledger_import(ledger=ledger("projects"), path=path)
    assert not again.changed and again.unchanged == 3 and Project.objects.count() == 3


@pytest.mark.parametrize(("row", "column", "message"), [
    (["甲项目", "文化旅游", 2026, "100", "10", "在建", None, None, "否", ""], "项目类别", "不在项目类别中"),
    (["乙项目", "生态环境", 2026, "一百", "10", "在建", None, None, "否", ""], "总投资", ""),
    (["丙项目", "生态环境", 2026, "100", "10", "在建", "不存在的公司", None, "否", ""], "项目业主", "不在企业库中"),
    (["丁项目", "生态环境", 2026, "100", "10", "在建", None, "火星园区", "否", ""], "所在园区", "不在区划与园区中"),
])
def test_a_bad_row_is_named_and_nothing_is_written(county, row, column, message):
    with pytest.raises(IngestError) as e:
        zone_ledger_import(ledger=ledger("projects"), path=library(county / "项目库.xlsx", [ROWS[0], row]))
    text = str(e.value)
    assert "项目库.xlsx" in text and "工作表 项目库" in text and "第 6 行" in text  # title, unit, two header rows
    assert column in text and message in text
    assert not Project.objects.exists()


def _project(name: str, year: int, plan: str, total: str = "50000", **kw) -> Project:
    theme = ProjectTheme.objects.get(name="科技创新")
    return Project.objects.create(name=name, theme=theme, year=year, total_investment=Decimal(total),
                                  plan_investment=Decimal(plan), stage=kw.pop("stage", "building"), **kw)


def _months(p: Project, *amounts: str) -> None:
    for m, a in enumerate(amounts, 1):
        ProjectProgress.objects.create(project=p, year=p.year, month=m, completed=Decimal(a))


def test_every_measure_is_unknown_while_the_ledgers_are_empty(county):
    assert all(value(c) is None for c in ZONE)


def test_a_project_spanning_two_years_keeps_each_years_plan_and_completion(county):
    a25 = _project("研发中心建设", 2025, "10000")
    a26 = _project("研发中心建设", 2026, "6000", total="50000")
    _months(a25, *["800"] * 12)  # 9,600 of 10,000 in 2025
    _months(a26, "500", "500", "1000", "1000", "500", "500", "900")  # July beyond 1-6月
    assert value("zone_projects") == 1
    assert value("zone_plan_investment") == 0.6 and value("zone_total_investment") == 5.0
    assert value("zone_done_investment") == 0.4  # 4,000 万元 of 2026 only
    assert value("zone_done_investment", Period.cumulative(2025, 12)) == 0.96
    c = selectors.completion(JUNE)
    assert (c.plan, c.done) == (Decimal("6000"), Decimal("4000"))
    assert measure("zone_plan_investment").compute(JUNE, ALL, None).prior == 1.0


@pytest.mark.parametrize(("month", "done", "rate", "time_progress", "behind"), [
    (6, "5000", 50.0, 50.0, False),  # on time
    (6, "4999", 49.99, 50.0, True),  # a hair behind
    (3, "3000", 30.0, 25.0, False),  # ahead
    (12, "9000", 90.0, 100.0, True),  # the year ends short
    (12, "10000", 100.0, 100.0, False),
])
def test_completion_against_the_time_progress(county, month, done, rate, time_progress, behind):
    p = _project("工业互联网平台", 2026, "10000")
    ProjectProgress.objects.create(project=p, year=2026, month=month, completed=Decimal(done))
    c = selectors.completion(Period.cumulative(2026, month))
    assert round(c.rate, 2) == rate and c.time_progress == time_progress and c.behind is behind


def test_completion_without_a_plan_is_unknown(county):
    _project("养老服务中心", 2026, "0")
    assert selectors.completion(JUNE).rate is None and selectors.completion(JUNE).behind is None


def test_the_furniture_park_counts_its_building_and_operating_enterprises(county):
    park = OrgUnit.objects.get(name=PARK)
    a, b = Enterprise.objects.get(uscc=A), Enterprise.objects.get(uscc=B)
    _project("一期", 2026, "100", enterprise=a, park=park, stage="building")
    _project("二期", 2026, "100", enterprise=a, park=park, stage="building")  # one enterprise, counted once
    _project("扩产", 2026, "100", enterprise=b, park=park, stage="operating")
    _project("园外", 2026, "100", enterprise=b, stage="building")  # not in the park
    _project("去年", 2025, "100", enterprise=b, park=park, stage="building")  # not the year
    assert (value("furniture_building"), value("furniture_operating")) == (1, 1)


def test_the_farms_capacities_in_megawatts_by_status_and_date(county):
    def farm(name, kind, status, mw, built=None):
        EnergyFarm.objects.create(name=name, kind=kind, status=status, capacity_mw=Decimal(mw), built=built)
    farm("一期风电场", "wind", "built", "49.5", dt.date(2024, 12, 28))
    farm("二期风电场", "wind", "built", "100", dt.date(2026, 7, 1))  # built after June: not yet
    farm("三期风电场", "wind", "planned", "80")
    farm("光伏基地", "solar", "built", "30.4", dt.date(2025, 6, 30))
    farm("二期光伏", "solar", "building", "60")
    assert (value("wind_farms"), value("solar_bases"), value("renewable_capacity")) == (1, 1, 80.0)
    assert (value("wind_building_farms"), value("wind_building_capacity")) == (2, 180.0)
    assert (value("solar_building_bases"), value("solar_building_capacity")) == (1, 60.0)
    assert value("wind_farms", Period.cumulative(2026, 7)) == 2
    assert measure("renewable_capacity").unit == "兆瓦"


def test_the_ledger_pages_are_the_bureaus_only(client, county, tmp_path):
    zone_ledger_import(ledger=ledger("projects"), path=library(county / "项目库.xlsx", ROWS))
    client.force_login(staff())
    for slug in ("projects", "project-progress", "energy-farms"):
        assert client.get(f"/ledgers/{slug}/").status_code == 200
    page = client.get("/ledgers/projects/").content.decode()
    assert "智能家居生产线项目" in page
    pk = Project.objects.get(name="河湖水系连通工程").pk
    assert client.get(f"/ledgers/projects/{pk}/").status_code == 200
    out = tmp_path / "导出.xlsx"
    out.write_bytes(b"".join(client.get("/ledgers/projects/export.xlsx").streaming_content))
    assert not zone_ledger_import(ledger=ledger("projects"), path=out).changed
    client.force_login(reporter())  # an enterprise reads its own records only: no county project
    page = client.get("/ledgers/projects/")
    assert page.status_code == 200 and "智能家居生产线项目" not in page.content.decode()
    assert client.get(f"/ledgers/projects/{pk}/").status_code == 404


# --- the demo county ----------------------------------------------------------------------------------------
@pytest.fixture
def demo_county(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6)))
    load_demo(demo)
    return demo


def _shown(html: str, name: str) -> str:
    row = re.search(rf">{re.escape(name)}</a></td><td class=\"num\">([^<]*)</td>", html)
    assert row, name
    return row.group(1).replace(",", "")


def test_the_demos_half_year_summary_says_what_the_web_shows(client, demo_county):
    from kegong.county.models import CountyFigure
    from kegong.demo.project_records import load_project_records
    from kegong.reports.context import build_context
    from kegong.reports.sources import gather

    assert not CountyFigure.objects.filter(code__in=ZONE).exists()  # nothing typed
    ctx = build_context(gather(JUNE, forecast_codes=()))
    facts = {c: ctx["facts"][c].value for c in ZONE}
    assert all(v is not None for v in facts.values()), facts
    assert facts["zone_projects"] == 30 and 100 <= facts["zone_total_investment"] <= 300
    assert 20 <= facts["zone_plan_investment"] <= 40
    assert (facts["wind_farms"], facts["solar_bases"], facts["wind_building_farms"],
            facts["solar_building_bases"]) == (3, 2, 2, 1)
    assert 5 <= facts["furniture_building"] <= 10 and 1 <= facts["furniture_operating"] <= 6
    client.force_login(staff())
    html = client.get("/measures/", {"period": "2026-06"}).content.decode()
    for code in ZONE:
        assert Decimal(_shown(html, measure(code).name)) == Decimal(str(facts[code])), code
    assert load_project_records(demo_county) == 0  # a second run writes nothing


def test_a_farm_is_entered_on_its_form_and_the_progress_list_imported_through_the_page(client, county, tmp_path):
    from kegong.ledgers.models import LedgerImport

    zone_ledger_import(ledger=ledger("projects"), path=library(county / "项目库.xlsx", ROWS))
    client.force_login(staff())
    assert client.get("/ledgers").status_code in (200, 301) and client.get("/ledgers/").status_code == 200
    r = client.post("/ledgers/energy-farms/new/", {"name": "青溪风电场", "kind": "wind", "status": "built",
                                                   "capacity_mw": "49.5", "built": "2025-12-28"})
    assert r.status_code == 302 and EnergyFarm.objects.get().capacity_mw == Decimal("49.5")
    wb = Workbook()
    ws = wb.active
    ws.title = "完成投资"
    ws.append(["青溪县示范区重点项目2026年1-2月完成投资情况"])
    ws.append(["单位：万元"])
    ws.append(["项目名称", "年份", "月份", "本月完成投资"])
    ws.append(["智能家居生产线项目", 2026, 1, "1,250.00"])
    ws.append(["没有的项目", 2026, 2, "100"])
    ws.append(["填表人：张三"])
    path = tmp_path / "完成投资.xlsx"
    wb.save(path)
    with path.open("rb") as f:
        page = client.post("/ledgers/project-progress/import/", {"file": f})
    text = page.content.decode()
    assert page.status_code == 400 and "没有的项目" in text and "不在项目库中" in text and "第 5 行" in text
    assert not ProjectProgress.objects.exists() and not LedgerImport.objects.filter(ledger="project-progress")
