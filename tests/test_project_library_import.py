"""A 项目库 imported through ``kegong import`` keeps its projects (issue 13 item 3): beside 工业投资 and 技改投资,
each listed project becomes a Project of the list's year (owner, 计划总投资, counted as 工业投资 with the reason)
with its months' ProjectProgress, in the import's transaction; importing it again changes nothing, rolling the
batch back removes what it created, and a bad row is named with nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportBatch
from kegong.imports.rollback import RollbackError, rollback_batch
from kegong.imports.services import import_files
from kegong.projects.models import LibraryChange, Project, ProjectProgress, ProjectTheme
from kegong.readers.errors import IngestError
from tests.desk_data import A, B, load_county

TECH = "年产10万方砌块生产线技改"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # A 湖南甲建材有限公司, B 湖南乙家具有限公司, C 湖南丙电子科技有限公司
    return tmp_path


def library(path, rows, months=(1, 2, 3), title="青溪县2026年工业投资项目库",
            signed=("制表人：张三", None, None, "审核人：李四", None, "报出日期：2026年4月3日")):
    """The office's list: title, unit line, 本年完成投资 over the months (merged two-level header), a total
    and a signature line; amounts typed as text with thousands separators."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目库"
    last = chr(ord("E") + len(months))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws.append(["单位：万元"])
    ws.append(["序号", "项目名称", "建设单位", "是否技改", "计划总投资", "本年完成投资", *[None] * (len(months) - 1)])
    ws.append([None] * 5 + [f"{m}月" for m in months])
    for col in "ABCDE":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells(f"F3:{last}3")
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["合计"])
    ws.append(list(signed))
    wb.save(path)
    return path


ROWS = [
    [TECH, "湖南甲建材有限公司", "是", "5,000", "100", "200.5", "1,300"],
    ["新建成品仓库", "湖南甲建材有限公司", "否", "800", "50", None, "70"],
    ["家具生产线", "湖南乙家具有限公司", "否", "1,200.00", None, "10", "20"],
    ["他县项目", "外县某公司", "是", "100", "1", "1", "1"],
]


def _state():
    return (list(Project.objects.order_by("pk").values()), list(ProjectProgress.objects.order_by("pk").values()),
            list(ProjectTheme.objects.order_by("pk").values()),
            list(MonthlyFigure.objects.order_by("pk").values("pk", "value", "cumulative", "batch_id")))


def test_the_projects_are_kept_with_their_months(county):
    (r,) = import_files([library(county / "项目库2026.xlsx", ROWS)])
    assert not r.summary.already_imported
    assert "项目库：新增项目 3 个、更新 0 个，月度完成投资新增 7 条、修改 0 条（台账“示范区重点项目”）" in r.findings
    tech = Project.objects.get(name=TECH, year=2026)
    assert (tech.enterprise.uscc, tech.total_investment, tech.counts_as_industrial) == (A, Decimal(5000), True)
    assert tech.industrial_reason == "项目库工业投资清单所列项目（技改：是）"
    assert tech.theme.name == "工业投资项目" and tech.stage == Project.Stage.BUILDING
    assert Project.objects.get(name="家具生产线").industrial_reason == "项目库工业投资清单所列项目（技改：否）"
    assert dict(tech.progress.values_list("month", "completed")) == {1: Decimal(100), 2: Decimal("200.5"),
                                                                    3: Decimal(1300)}
    assert dict(Project.objects.get(name="新建成品仓库").progress.values_list("month", "completed")) == {
        1: Decimal(50), 3: Decimal(70)}
    assert not Project.objects.filter(name="他县项目").exists()  # its enterprise is not in the register
    assert Project.objects.count() == 3
    # the figures are written as before, in the same batch
    fig = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="industrial_investment", year=2026, month=3)
    assert fig.cumulative == Decimal("1720.5") and fig.batch_id == r.summary.batch_id
    assert set(LibraryChange.objects.values_list("batch_id", flat=True)) == {r.summary.batch_id}


@pytest.mark.parametrize("signed", [("填报人：王五", None, None, "填报日期：2026-04-03"),
                                    ("单位负责人：赵六", None, "统计负责人：钱七", None, "联系电话：0735-1234567"),
                                    ("注：本表由各园区报送，金额为万元。",)])
def test_the_signature_lines_offices_write_are_skipped(county, signed):
    (r,) = import_files([library(county / "项目库2026.xlsx", ROWS, signed=signed)])
    assert r.summary.batch_id and Project.objects.count() == 3


def test_importing_again_changes_nothing(county):
    path = library(county / "项目库2026.xlsx", ROWS)
    import_files([path])
    before = _state()
    (again,) = import_files([path])
    assert again.summary.already_imported and _state() == before
    resaved = library(county / "项目库2026（重报）.xlsx", ROWS, title="青溪县2026年工业投资项目库（重报）")  # a new batch
    (third,) = import_files([resaved])
    assert not third.summary.already_imported
    assert _state()[:3] == before[:3]
    assert not LibraryChange.objects.filter(batch_id=third.summary.batch_id).exists()


def test_a_rollback_removes_what_the_batch_created(county):
    (r,) = import_files([library(county / "项目库2026.xlsx", ROWS)])
    rollback_batch(r.summary.batch_id)
    assert not Project.objects.exists() and not ProjectProgress.objects.exists()
    assert not ProjectTheme.objects.filter(name="工业投资项目").exists() and not LibraryChange.objects.exists()
    assert not MonthlyFigure.objects.filter(indicator__code="industrial_investment").exists()


def test_a_later_list_that_changed_the_projects_is_rolled_back_first(county):
    (march,) = import_files([library(county / "项目库1-3月.xlsx", ROWS)])
    april_rows = [[*r[:4], *r[4:], "400"] for r in ROWS]
    april_rows[0][3] = "5,600"  # 计划总投资 revised
    (april,) = import_files([library(county / "项目库1-4月.xlsx", april_rows, months=(1, 2, 3, 4))])
    tech = Project.objects.get(name=TECH)
    assert tech.total_investment == Decimal(5600) and tech.progress.get(month=4).completed == Decimal(400)
    with pytest.raises(RollbackError, match=f"之后的批次 {april.summary.batch_id}"):
        rollback_batch(march.summary.batch_id)
    assert Project.objects.count() == 3  # refused: nothing undone
    rollback_batch(april.summary.batch_id)
    tech.refresh_from_db()
    assert tech.total_investment == Decimal(5000) and not tech.progress.filter(month=4).exists()
    assert ImportBatch.objects.get(pk=march.summary.batch_id).status == ImportBatch.Status.ACTIVE
    rollback_batch(march.summary.batch_id)
    assert not Project.objects.exists()


def test_a_zone_project_of_the_same_name_is_counted_and_restored(county):
    theme = ProjectTheme.objects.get_or_create(name="生态产业")[0]
    Project.objects.create(name="家具生产线", theme=theme, year=2026, total_investment=Decimal(1000),
                           plan_investment=Decimal(300), counts_as_industrial=False)
    (r,) = import_files([library(county / "项目库2026.xlsx", ROWS)])
    p = Project.objects.get(name="家具生产线")
    assert (p.theme.name, p.plan_investment, p.total_investment) == ("生态产业", Decimal(300), Decimal(1200))
    assert p.counts_as_industrial and p.enterprise.uscc == B
    rollback_batch(r.summary.batch_id)
    p.refresh_from_db()
    assert (p.total_investment, p.counts_as_industrial, p.enterprise, p.industrial_reason) == (
        Decimal(1000), False, None, "")
    assert not p.progress.exists() and Project.objects.count() == 1


@pytest.mark.parametrize(("row", "message"), [
    (["坏行项目", "湖南甲建材有限公司", "待定", "10", "1", "1", "1"], "第 9 行 D 列（是否技改）：“待定”无法识别"),
    (["坏数项目", "湖南甲建材有限公司", "是", "10", "一百", "1", "1"], "第 9 行 F 列"),
    (["负数项目", "湖南甲建材有限公司", "是", "10", "1", "-5", "1"], "第 9 行：2月完成投资为负数"),
    ([TECH, "湖南乙家具有限公司", "否", "10", "1", "1", "1"], f"第 9 行 “项目名称”列：项目“{TECH}”与第 5 行重复"),
])
def test_a_bad_row_is_named_and_nothing_is_written(county, row, message):
    before = _state()
    with pytest.raises(IngestError) as e:
        import_files([library(county / "项目库2026.xlsx", [*ROWS, row])])
    assert message in str(e.value) and "文件 项目库2026.xlsx 工作表 项目库" in str(e.value)
    assert _state() == before and not LibraryChange.objects.exists()
