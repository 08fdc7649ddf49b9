"""The 示范区项目与新能源 ledgers for the generic pages, import and export: the project library (项目库: the
projects of a scheme year with their category, investment, stage, owner and park, and whether they count as
工业投资), the projects' monthly completed investment, and the wind farms and solar bases.

None of them needs an enterprise: a project's owner is optional and the farms belong to the county, so they
are imported by kegong.projects.services.zone_ledger_import (each name — category, park, owner, project,
town — looked up, an unknown one named with its row and column) and listed to the users who read the whole
county (``scoped_by_enterprise=False`` for the two without an enterprise)."""

from __future__ import annotations

from kegong.enterprises.models import Enterprise, OrgUnit
from kegong.ledgers.base import Ledger, register
from kegong.projects.models import EnergyFarm, Project, ProjectProgress, ProjectTheme
from kegong.readers.ledger import Column, LedgerSpec

GROUP = "示范区项目与新能源"
NOTE = Column("note", "备注", (r"备注", r"说明"))


class Missing(Exception):
    """A name in a row that kegong does not know: the column's key and the message."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key, self.message = key, message


def _choices(model_choices, *also: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(c), str(n)) for c, n in (*model_choices, *also))


def _theme(name: str | None) -> ProjectTheme:
    t = ProjectTheme.objects.filter(name=(name or "").strip()).first()
    if t is None:
        known = "、".join(ProjectTheme.objects.values_list("name", flat=True))
        raise Missing("theme", f"项目类别“{name or ''}”不在项目类别中（现有：{known}）")
    return t


def _park(name: str | None) -> OrgUnit | None:
    if not name:
        return None
    p = OrgUnit.objects.filter(kind=OrgUnit.Kind.PARK, name=name.strip()).first()
    if p is None:
        raise Missing("park", f"园区“{name}”不在区划与园区中")
    return p


def _owner(name: str | None) -> Enterprise | None:
    """项目业主 by credit code or name; a project without an enterprise owner (a 政府投资 project) is fine."""
    if not name:
        return None
    e = Enterprise.objects.filter(uscc=name.strip().upper()).first() or Enterprise.objects.filter(
        name=name.strip()).first()
    if e is None:
        raise Missing("owner", f"项目业主“{name}”不在企业库中（非企业项目请留空）")
    return e


def _project(name: str | None, year: int | None) -> Project:
    p = Project.objects.filter(name=(name or "").strip(), year=year).first()
    if p is None:
        raise Missing("project", f"项目“{name or ''}”（{year}年）不在项目库中，请先导入项目库")
    return p


def _town(name: str | None) -> OrgUnit | None:
    if not name:
        return None
    t = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, name=name.strip()).first()
    if t is None:
        raise Missing("town", f"乡镇（街道）“{name}”不在区划中")
    return t


def _import(**kw):
    """The ledgers' import: kegong.projects.services.zone_ledger_import (imported when called)."""
    from kegong.projects.services import zone_ledger_import

    return zone_ledger_import(**kw)


def _display(obj, field: str):
    return getattr(obj, f"get_{field}_display")()


S = Project.Stage
PROJECT_SPEC = LedgerSpec("示范区重点项目", (
    Column("name", "项目名称", (r"项目(名称)?",), required=True),
    Column("theme", "项目类别", (r"(项目)?(类别|类型|领域|板块)",), required=True),
    Column("year", "计划年度", (r"(计划)?(年度|年份)",), kind="int", required=True),
    Column("total_investment", "总投资", (r"(计划)?总投资(额)?",), kind="number", unit="万元", required=True),
    Column("plan_investment", "年度计划投资", (r"(本?年度?|\d{4}年)计划(完成)?投资(额)?",), kind="number",
           unit="万元", required=True),
    Column("stage", "建设阶段", (r"(建设)?(阶段|状态|性质|进度)",), kind="choice",
           choices=_choices(S.choices, ("pending", "新建"), ("pending", "拟建"), ("pending", "前期"),
                            ("building", "续建"), ("operating", "竣工"), ("operating", "投产"))),
    Column("owner", "项目业主", (r"(项目)?(业主|建设单位|责任单位|实施单位)(名称)?",)),
    Column("park", "所在园区", (r"(所在|所属)?园区",)),
    Column("counts_as_industrial", "计入工业投资", (r"(是否)?计入工业投资", r"工业投资项目"), kind="bool"),
    Column("industrial_reason", "计入理由", (r"(计入|不计入)?(工业投资)?(理由|依据|原因)",)),
    NOTE,
))


def _project_fields(v: dict) -> dict:
    return {"name": v.get("name"), "theme": _theme(v.get("theme")), "year": v.get("year"),
            "total_investment": v.get("total_investment"), "plan_investment": v.get("plan_investment"),
            "stage": v.get("stage") or S.PENDING, "enterprise": _owner(v.get("owner")), "park": _park(v.get("park")),
            "counts_as_industrial": bool(v.get("counts_as_industrial")),
            "industrial_reason": v.get("industrial_reason") or "", "note": v.get("note") or ""}


PROJECTS = register(Ledger(
    slug="projects", name="示范区重点项目", group=GROUP, model=Project, spec=PROJECT_SPEC,
    key=("name", "year"), to_fields=_project_fields,
    to_row=lambda o: {"name": o.name, "theme": o.theme.name, "year": o.year, "total_investment": o.total_investment,
                      "plan_investment": o.plan_investment, "stage": _display(o, "stage"),
                      "owner": o.enterprise.name if o.enterprise else "", "park": o.park.name if o.park else "",
                      "counts_as_industrial": "是" if o.counts_as_industrial else "否",
                      "industrial_reason": o.industrial_reason, "note": o.note},
    list_columns=(("name", "项目名称"), ("theme", "项目类别"), ("year", "计划年度"), ("total_investment", "总投资（万元）"),
                  ("plan_investment", "年度计划投资（万元）"), ("get_stage_display", "建设阶段"), ("park", "所在园区"),
                  ("counts_as_industrial", "计入工业投资")),
    search=("name", "enterprise__name"), order=("-year", "theme__order", "name"),
    form_fields=("name", "theme", "year", "total_investment", "plan_investment", "stage", "park",
                 "counts_as_industrial", "industrial_reason", "note"),
    scoped_by_enterprise=False, importer=_import,
))

PROGRESS_SPEC = LedgerSpec("项目月度完成投资", (
    Column("project", "项目名称", (r"项目(名称)?",), required=True),
    Column("year", "年份", (r"(统计)?年(份|度)",), kind="int", required=True),
    Column("month", "月份", (r"(统计)?月(份|度)?",), kind="int", required=True),
    Column("completed", "本月完成投资", (r"(本月|当月)?完成投资(额)?",), kind="number", unit="万元", required=True),
    NOTE,
))

PROGRESS = register(Ledger(
    slug="project-progress", name="项目月度完成投资", group=GROUP, model=ProjectProgress, spec=PROGRESS_SPEC,
    key=("project", "year", "month"),
    to_fields=lambda v: {"project": _project(v.get("project"), v.get("year")), "year": v.get("year"),
                         "month": v.get("month"), "completed": v.get("completed"), "note": v.get("note") or ""},
    to_row=lambda o: {"project": o.project.name, "year": o.year, "month": o.month, "completed": o.completed,
                      "note": o.note},
    list_columns=(("project", "项目"), ("year", "年份"), ("month", "月份"), ("completed", "本月完成投资（万元）")),
    search=("project__name",), order=("-year", "-month", "project__name"),
    form_fields=("project", "year", "month", "completed", "note"),
    scoped_by_enterprise=False, importer=_import,
))

F = EnergyFarm
FARM_SPEC = LedgerSpec("新能源项目", (
    Column("name", "项目名称", (r"(项目|风电场|光伏(电站|基地)?)(名称)?",), required=True),
    Column("kind", "类别", (r"(项目)?(类别|类型)",), kind="choice", required=True,
           choices=_choices(F.Kind.choices, ("wind", "风电场"), ("wind", "风力发电"), ("solar", "光伏基地"),
                            ("solar", "光伏发电"), ("solar", "光伏电站"))),
    Column("status", "状态", (r"(建设)?(状态|进度|阶段)",), kind="choice", required=True,
           choices=_choices(F.Status.choices, ("built", "建成"), ("built", "并网"), ("building", "建设中"),
                            ("planned", "待建"), ("planned", "规划"))),
    Column("capacity_mw", "装机容量", (r"(总)?装机(容量|规模)",), kind="number", unit="兆瓦", required=True),
    Column("generation", "年发电量", (r"(年|上年)?发电量",), kind="number", unit="万千瓦时"),
    Column("town", "所在乡镇（街道）", (r"(所在|所属)?乡镇(街道)?",)),
    Column("built", "建成日期", (r"(建成|并网)(日期|时间)",), kind="date"),
    NOTE,
))

FARMS = register(Ledger(
    slug="energy-farms", name="新能源项目", group=GROUP, model=F, spec=FARM_SPEC, key=("name",),
    to_fields=lambda v: {"name": v.get("name"), "kind": v.get("kind"), "status": v.get("status"),
                         "capacity_mw": v.get("capacity_mw"), "generation": v.get("generation"),
                         "town": _town(v.get("town")), "built": v.get("built"), "note": v.get("note") or ""},
    to_row=lambda o: {"name": o.name, "kind": _display(o, "kind"), "status": _display(o, "status"),
                      "capacity_mw": o.capacity_mw, "generation": o.generation,
                      "town": o.town.name if o.town else "", "built": o.built, "note": o.note},
    list_columns=(("name", "项目名称"), ("get_kind_display", "类别"), ("get_status_display", "状态"),
                  ("capacity_mw", "装机容量（兆瓦）"), ("generation", "年发电量（万千瓦时）"), ("town", "所在乡镇（街道）"),
                  ("built", "建成日期")),
    search=("name",), order=("kind", "name"),
    form_fields=("name", "kind", "status", "capacity_mw", "generation", "town", "built", "note"),
    scoped_by_enterprise=False, importer=_import,
))
