"""墙材与节能 (issue 13 item 4): the monthly output list imported as the 墙改办 gets it (a title, the unit line
单位：万块, text numbers with thousands separators, a signature line), a bad row named with nothing written,
the same list again changing nothing; each measure at the period's boundaries; the savings derived from the
output with the coefficients of the table (or the core's); the demo's 2026年1-6月 in the report equal to
the ledgers and to /measures/."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from openpyxl import Workbook

from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise
from kegong.ledgers.base import ledger
from kegong.ledgers.services import ledger_import
from kegong.measures.registry import measure
from kegong.readers.errors import IngestError
from kegong.wall.models import SavingsCoefficient, WallOutput, WallProducer
from tests.desk_data import NAME_A, A, B, C, load_county, staff

seed = importlib.import_module("kegong.wall.migrations.0002_seed_coefficients").seed

NAME_B, NAME_C = "湖南乙家具有限公司", "湖南丙电子科技有限公司"
ALL = Scope("all")
JUNE = Period.cumulative(2026, 6)
CODES = ("wall_enterprises", "wall_sintered_enterprises", "wall_concrete_enterprises", "wall_sintered_output",
         "wall_concrete_output", "wall_land_saved", "wall_energy_saved", "wall_waste_used")


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    return tmp_path


def value(code: str, period: Period = JUNE, scope: Scope = ALL):
    return measure(code).compute(period, scope, None).level


def output_list(path, rows, title="青溪县2026年新型墙体材料生产情况月报表"):
    """The 墙改办's monthly list: title, 填报单位 and unit line, header, rows, signature line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "墙材产量"
    ws.append([title])
    ws.merge_cells("A1:G1")
    ws.append(["填报单位（盖章）：青溪县墙体材料革新办公室", None, None, None, None, "单位：万块"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "年份", "月份", "产量（折标砖）", "备注"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["填报人：张三", None, None, "审核人：李四", None, "填报日期：2026年7月5日"])
    wb.save(path)
    return path


ROWS = [
    [NAME_A, A, 2026, 1, "1,200", "页岩砖"],
    [NAME_A, A, "2026", "6", "800.5", ""],
    [NAME_B, B, 2026, 2, "30", ""],
    [NAME_A, A, 2026, 7, "1,000", "7月：1-6月之后"],
]


def producers(status_b: str = "normal"):
    WallProducer.objects.create(enterprise=Enterprise.objects.get(uscc=A), kind="sintered")
    WallProducer.objects.create(enterprise=Enterprise.objects.get(uscc=B), kind="concrete", status=status_b)


def test_the_monthly_list_is_imported_and_again_changes_nothing(county):
    producers()
    lg = ledger("wall-outputs")
    path = output_list(county / "墙材产量月报.xlsx", ROWS)
    r = ledger_import(ledger=lg, path=path)
    assert (len(r.created), len(r.updated), r.unchanged) == (4, 0, 0)
    jan = WallOutput.objects.get(enterprise__uscc=A, year=2026, month=1)
    assert (jan.output, jan.note) == (Decimal("1200"), "页岩砖")  # "1,200" read
    again = ledger_import(ledger=lg, path=path)
    assert not again.changed and again.unchanged == 4 and WallOutput.objects.count() == 4


@pytest.mark.parametrize(("row", "column", "message"), [
    ([NAME_B, B, 2026, 3, "-20", ""], "“产量（万块，折标砖）”列", "大于或等于0"),
    ([NAME_B, B, 2026, 13, "20", ""], "“月份”列", "小于或等于12"),
    ([NAME_B, B, 2026, 3, "二十", ""], "F 列（产量（折标砖））", "“二十”不是数字"),
    ([NAME_C, C, 2026, 3, "20", ""], "“企业”列", f"“{NAME_C}”不在墙材生产企业名册中"),
])
def test_a_bad_row_is_named_and_nothing_is_written(county, row, column, message):
    producers()
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "坏.xlsx", [ROWS[0], row, ROWS[2]]))
    (line,) = e.value.lines()
    assert line.startswith(f"文件 坏.xlsx 工作表 墙材产量 第 5 行 {column}"), line
    assert message in line
    assert not WallOutput.objects.exists()


def test_every_measure_is_unknown_while_the_ledgers_are_empty(county):
    # the coefficients are the data migration's rows, not records — seeded again here when an earlier test in
    # the run flushed the database (a live-server test empties every table, data migrations' rows too)
    if not SavingsCoefficient.objects.exists():
        seed(django_apps, None)
    assert SavingsCoefficient.objects.count() == 3
    assert all(value(code) is None for code in CODES)


def test_each_measure_at_the_periods_boundaries(county):
    producers()
    ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "月报.xlsx", ROWS))
    jan_feb, june, july = Period.jan_feb(2026), JUNE, Period.cumulative(2026, 7)
    assert (value("wall_sintered_output", jan_feb), value("wall_sintered_output", june),
            value("wall_sintered_output", july)) == (0.12, 0.2, 0.3)  # 1,200 → 2,000.5 → 3,000.5 万块
    assert value("wall_concrete_output", Period.month(2026, 1)) == 0  # 1月 alone: none yet
    assert (value("wall_concrete_output", jan_feb), value("wall_concrete_output", june)) == (30, 30)
    assert [value(c, june) for c in CODES[:3]] == [2, 1, 1]
    assert [value(c, Period.month(2026, 1)) for c in CODES[:3]] == [1, 1, 0]  # B produced nothing in 1月
    assert value("wall_sintered_output", Period.cumulative(2025, 6)) == 0  # another year: none
    v = measure("wall_sintered_output").compute(Period.cumulative(2027, 6), ALL, None)
    assert (v.level, v.prior, v.growth) == (0, 0.2, -100)


def test_a_producer_not_producing_is_not_counted_and_the_parts_add_up(county):
    producers(status_b="stopped")
    ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "月报.xlsx", ROWS))
    assert [value(c) for c in CODES[:3]] == [1, 1, 0]
    assert value("wall_concrete_output") == 30  # its output still counts: it was produced


def test_the_savings_are_derived_from_the_whole_output(county):
    producers()
    ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "月报.xlsx", ROWS))
    # 1-6月: 2,000.5 + 30 = 2,030.5 万块 = 0.20305 亿块 × 165 亩, 6,200 吨标煤, 92,000 吨
    assert value("wall_land_saved") == 34  # 33.50325 亩, half-up to the catalogue's 0 digits
    assert value("wall_energy_saved") == 0.13  # 1,258.91 吨 = 0.125891 万吨
    assert value("wall_waste_used") == 1.87  # 18,680.6 吨
    # staff change the land coefficient from 2026 on: 2026 uses it, 2025 keeps the seeded default
    SavingsCoefficient.objects.create(code="land", value=Decimal("130"), unit="亩/亿块标砖", source="本县墙改办",
                                      valid_from=2026)
    assert value("wall_land_saved") == 26  # 26.3965
    WallProducer.objects.create(enterprise=Enterprise.objects.get(uscc=C), kind="concrete")
    WallOutput.objects.create(enterprise=Enterprise.objects.get(uscc=C), year=2025, month=3, output=10000)
    assert value("wall_land_saved", Period.cumulative(2025, 6)) == 165
    SavingsCoefficient.objects.all().delete()  # the table emptied: the core's defaults
    assert value("wall_land_saved") == 34


def test_a_cumulative_output_cannot_fall_within_a_year(county):
    """1-2月 above 1-6月 (the seed's 2.37 亿块 then 1.60) cannot happen: a cumulative is a sum of months, each
    at least 0 — the database refuses a negative month, and every later period adds months."""
    from django.db import IntegrityError, transaction

    producers()
    ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "月报.xlsx", ROWS))
    levels = [value("wall_sintered_output", Period.cumulative(2026, m)) for m in range(1, 13)]
    assert levels == sorted(levels) and value("wall_sintered_output", Period.jan_feb(2026)) <= levels[5]
    with pytest.raises(IntegrityError), transaction.atomic():
        WallOutput.objects.create(enterprise=Enterprise.objects.get(uscc=A), year=2026, month=4, output=-5000)


def test_the_producer_and_application_lists_import(county, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "墙材企业"
    ws.append(["青溪县墙材生产企业名册"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "墙材类别", "生产状态", "备注"])
    ws.append([1, NAME_A, A, "烧结砖", "正常生产", ""])
    ws.append([2, NAME_B, B, "混凝土", "停产", "整改"])
    ws.append(["填报人：张三"])
    wb.save(tmp_path / "名册.xlsx")
    r = ledger_import(ledger=ledger("wall-producers"), path=tmp_path / "名册.xlsx")
    assert len(r.created) == 2
    assert WallProducer.objects.get(enterprise__uscc=B).get_status_display() == "停产"
    assert not ledger_import(ledger=ledger("wall-producers"), path=tmp_path / "名册.xlsx").changed


# --- the demo county ----------------------------------------------------------------------------------------
@pytest.fixture
def demo_county(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6)))
    load_demo(demo)
    return demo


def _shown(html: str, name: str) -> str:
    row = re.search(rf">{name}</a></td><td class=\"num\">([^<]*)</td>", html)
    assert row, name
    return row.group(1).replace(",", "")


def test_the_demos_half_year_summary_says_what_the_ledgers_and_the_web_show(client, demo_county):
    from kegong.core.rules.wall import half_up, savings
    from kegong.county.models import CountyFigure
    from kegong.demo.wall_records import load_wall_records
    from kegong.reports.context import build_context
    from kegong.reports.sources import gather

    assert not CountyFigure.objects.filter(code__startswith="wall_").exists()  # nothing typed
    ctx = build_context(gather(JUNE, forecast_codes=()))
    facts = {c: ctx["facts"][c].value for c in CODES}
    assert all(v is not None for v in facts.values())
    assert facts["wall_enterprises"] == facts["wall_sintered_enterprises"] + facts["wall_concrete_enterprises"]
    assert (facts["wall_sintered_enterprises"], facts["wall_concrete_enterprises"]) == (4, 5)  # one 停产 left out
    months = WallOutput.objects.filter(year=2026, month__lte=6)
    sintered = sum(o.output for o in months if o.enterprise.wall_producer.kind == "sintered")
    concrete = sum(o.output for o in months if o.enterprise.wall_producer.kind == "concrete")
    assert facts["wall_sintered_output"] == half_up(sintered / 10000, 2)
    assert facts["wall_concrete_output"] == half_up(concrete, 0)
    s = savings(sintered + concrete)
    assert facts["wall_land_saved"] == half_up(s.land, 0)
    assert facts["wall_energy_saved"] == half_up(s.coal / 10000, 2)
    assert facts["wall_waste_used"] == half_up(s.waste / 10000, 2)
    client.force_login(staff())
    html = client.get("/measures/", {"period": "2026-06"}).content.decode()
    for code in CODES:
        assert Decimal(_shown(html, measure(code).name)) == facts[code], code
    page = client.get("/measures/wall_enterprises/", {"period": "2026-06"})
    assert page.status_code == 200
    assert load_wall_records(demo_county) == 0  # a second run writes nothing


@pytest.mark.parametrize("slug", ["wall-producers", "wall-outputs", "wall-applications"])
def test_the_ledger_pages_list_and_the_export_reads_back(client, county, slug, tmp_path):
    from kegong.wall.models import NewWallMaterialApplication

    producers()
    ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "月报.xlsx", ROWS))
    NewWallMaterialApplication.objects.create(enterprise=Enterprise.objects.get(uscc=A), product="烧结页岩多孔砖",
                                              year=2026, status="certified")
    client.force_login(staff())
    page = client.get(f"/ledgers/{slug}/")
    assert page.status_code == 200 and NAME_A in page.content.decode()
    out = tmp_path / f"{slug}.xlsx"
    out.write_bytes(b"".join(client.get(f"/ledgers/{slug}/export.xlsx").streaming_content))
    back = ledger_import(ledger=ledger(slug), path=out)
    assert not back.changed and back.unchanged == ledger(slug).model.objects.count()


def test_a_town_counts_its_own_producers_and_output(county):
    producers()  # A (烧结) in 城关镇, B (混凝土) in 白沙镇
    ledger_import(ledger=ledger("wall-outputs"), path=output_list(county / "月报.xlsx", ROWS))
    baisha, chengguan = Scope("town", "白沙镇"), Scope("town", "城关镇")
    assert [value(c, scope=baisha) for c in CODES[:5]] == [1, 0, 1, 0, 30]
    assert [value(c, scope=chengguan) for c in CODES[:5]] == [1, 1, 0, 0.2, 0]
    assert value("wall_land_saved", scope=chengguan) == 33  # 2,000.5 万块: 33.00825 亩
