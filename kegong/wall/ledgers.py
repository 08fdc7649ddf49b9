"""The 墙材与节能 ledgers declared for the generic pages, import and export: the wall-material producers, their
monthly output (the 墙材生产情况月报 the 墙改办 collects: 企业, 年份, 月份, 产量 in 万块 折标砖) and the 新型墙材产品认定
applications. The header words are those of the lists the offices send."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models

from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.wall.models import NewWallMaterialApplication, WallOutput, WallProducer

GROUP = "墙材与节能"
NOTE = Column("note", "备注", (r"备注",))


def _choices(model_choices: Iterable[tuple[object, str]], *also: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(name)) for code, name in (*model_choices, *also))


def _fields(v: dict, names: Iterable[str], texts: Iterable[str] = (), defaults: dict | None = None) -> dict:
    out = {"enterprise": v["enterprise"], **{k: v.get(k) for k in names}}
    out.update({k: v.get(k) or "" for k in texts})
    for k, d in (defaults or {}).items():
        if out.get(k) is None:
            out[k] = d
    return out


def _export(spec: LedgerSpec) -> Callable[[models.Model], dict]:
    """A record as its export row, a choice by its Chinese name (an exported list reads back as it is)."""
    def row(obj: models.Model) -> dict:
        out = {"uscc": obj.enterprise.uscc, "enterprise_name": obj.enterprise.name}
        for c in spec.columns:
            if c.key not in out:
                field = obj._meta.get_field(c.key)
                out[c.key] = getattr(obj, f"get_{c.key}_display")() if field.choices else getattr(obj, c.key)
        return out
    return row


P = WallProducer
PRODUCER_SPEC = LedgerSpec("墙材生产企业", (
    *ENTERPRISE,
    Column("kind", "墙材类别", (r"(墙材|产品)?(类别|类型|种类)",), kind="choice", required=True,
           choices=_choices(P.Kind.choices, ("sintered", "烧结砖"), ("sintered", "烧结类"),
                            ("concrete", "混凝土砖"), ("concrete", "混凝土类"), ("concrete", "混凝土砌块"))),
    Column("status", "生产状态", (r"(生产)?(状态|情况)",), kind="choice",
           choices=_choices(P.Status.choices, ("normal", "正常"), ("normal", "生产"), ("stopped", "停产整改"),
                            ("closed", "关闭"))),
    NOTE,
))

PRODUCERS = register(Ledger(
    slug="wall-producers", name="墙材生产企业", group=GROUP, model=P, spec=PRODUCER_SPEC,
    key=("enterprise",), to_row=_export(PRODUCER_SPEC),
    to_fields=lambda v: _fields(v, ("kind", "status"), ("note",), {"status": P.Status.NORMAL}),
    list_columns=(("enterprise", "企业"), ("get_kind_display", "墙材类别"), ("get_status_display", "生产状态"),
                  ("note", "备注")),
    order=("enterprise__name",),
    form_fields=("enterprise", "kind", "status", "note"),
))

OUTPUT_SPEC = LedgerSpec("墙材月度产量", (
    *ENTERPRISE,
    Column("year", "年份", (r"(统计|生产)?年(份|度)",), kind="int", required=True),
    Column("month", "月份", (r"(统计|生产)?月(份|度)?",), kind="int", required=True),
    Column("output", "产量", (r"(本月|当月)?(墙材)?产量(折标砖)?", r"(本月|当月)?(生产)?折标砖(产量|数量)?"),
           kind="number", required=True, unit="万块"),
    NOTE,
))

OUTPUTS = register(Ledger(
    slug="wall-outputs", name="墙材月度产量", group=GROUP, model=WallOutput, spec=OUTPUT_SPEC,
    key=("enterprise", "year", "month"), to_row=_export(OUTPUT_SPEC),
    to_fields=lambda v: _fields(v, ("year", "month", "output"), ("note",)),
    list_columns=(("enterprise", "企业"), ("year", "年份"), ("month", "月份"), ("output", "产量（万块，折标砖）")),
    order=("-year", "-month", "enterprise__name"),
    form_fields=("enterprise", "year", "month", "output", "note"),
))

A = NewWallMaterialApplication
APPLICATION_SPEC = LedgerSpec("新型墙材产品认定申请", (
    *ENTERPRISE,
    Column("product", "产品名称", (r"(申报|申请)?产品(名称)?",), required=True),
    Column("year", "申请年度", (r"(申报|申请|认定)?年(度|份)",), kind="int", required=True),
    Column("status", "状态", (r"(认定)?(状态|结果)",), kind="choice",
           choices=_choices(A.Status.choices, ("applied", "已申请"), ("certified", "已认定"), ("certified", "通过"))),
    Column("date", "日期", (r"(申请|申报|认定)?(日期|时间)",), kind="date"),
    NOTE,
))

APPLICATIONS = register(Ledger(
    slug="wall-applications", name="新型墙材产品认定申请", group=GROUP, model=A, spec=APPLICATION_SPEC,
    key=("enterprise", "product", "year"), to_row=_export(APPLICATION_SPEC),
    to_fields=lambda v: _fields(v, ("product", "year", "status", "date"), ("note",), {"status": A.Status.APPLIED}),
    list_columns=(("enterprise", "企业"), ("product", "产品名称"), ("year", "申请年度"), ("get_status_display", "状态"),
                  ("date", "日期")),
    order=("-year", "enterprise__name", "product"),
    form_fields=("enterprise", "product", "year", "status", "date", "note"),
))
