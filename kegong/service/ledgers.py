"""The 企业服务 ledgers declared for the generic pages, import and export."""

from __future__ import annotations

from kegong.core.rules.appeals import BY_CODE, CATEGORIES
from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.service.models import Appeal

_FIELDS = ("enterprise", "category", "title", "detail", "department", "received", "days", "status", "closed",
           "reply", "satisfaction")


def _fields(v: dict) -> dict:
    out = {k: v.get(k) for k in _FIELDS}
    for k in ("detail", "reply", "satisfaction"):
        out[k] = out[k] or ""
    out["status"] = out["status"] or Appeal.Status.OPEN
    if out["days"] is None and out["category"] in BY_CODE:
        out["days"] = BY_CODE[out["category"]].days  # the category's limit
    return out


APPEALS = register(Ledger(
    slug="appeals", name="企业诉求", group="企业服务", model=Appeal,
    spec=LedgerSpec("企业诉求", (
        *ENTERPRISE,
        Column("category", "类别", (r"(诉求|问题)?类(别|型)",), kind="choice", required=True,
               choices=tuple((c.code, c.name) for c in CATEGORIES)),
        Column("title", "诉求事项", (r"诉求(事项|内容)?", r"(问题|事项)(名称|内容)?"), required=True),
        Column("detail", "具体情况", (r"具体情况", r"情况说明")),
        Column("department", "责任单位", (r"责任(单位|部门)", r"承办(单位|部门)"), required=True),
        Column("received", "受理日期", (r"受理(日期|时间)", r"登记(日期|时间)"), kind="date", required=True),
        Column("days", "办理时限", (r"(办理)?时限.*",), kind="int", unit="工作日"),
        Column("status", "状态", (r"(办理)?状态",), kind="choice", choices=tuple(Appeal.Status.choices)),
        Column("closed", "办结日期", (r"办结(日期|时间)",), kind="date"),
        Column("reply", "办理结果", (r"办理(结果|情况)", r"答复(意见)?")),
        Column("satisfaction", "企业评价", (r"(企业)?(评价|满意度)",), kind="choice",
               choices=tuple(Appeal.Satisfaction.choices)),
    )),
    key=("enterprise", "title", "received"),
    to_fields=_fields,
    list_columns=(("enterprise", "企业"), ("title", "诉求事项"), ("get_category_display", "类别"),
                  ("department", "责任单位"), ("received", "受理日期"), ("due", "限办日期"), ("state", "状态")),
    search=("enterprise__name", "enterprise__uscc", "title", "department"),
    order=("-received", "-pk"),
    form_fields=_FIELDS,
))
