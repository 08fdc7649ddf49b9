"""The 中小微企业 ledgers declared for the generic pages, import and export: the quarterly 信心指数 survey (the
questionnaire summary a town sends: 企业, 年度, 季度, one column per question answered 好转/持平/恶化) and the
field checks of size 认定 (企业, 核查日期, 申报规模, the staff, revenue and assets found, 结论, 核查人员). The header
words are those of the forms; a computed size is never imported (it is worked out from the figures found)."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

from kegong.core.rules.enterprise_size import SIZES
from kegong.core.stats.confidence import ANSWER_WORDS, ANSWERS, QUESTIONS
from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.sme.models import QUARTERS, ConfidenceSurvey, SizeCheck

GROUP = "中小微企业"
NOTE = Column("note", "备注", (r"备注",))
ANSWER_CHOICES = (*ANSWERS, *((code, w) for code, words in ANSWER_WORDS.items() for w in words))
QUARTER_CHOICES = tuple((str(q), w) for q, name in QUARTERS
                        for w in (name, f"第{name}", f"{q}季度", f"第{q}季度", f"Q{q}"))
QUESTION_WORDS = {
    "overall": (r"(企业)?综合经营(状况|情况)?", r"(总体|整体)经营(状况|情况)?"),
    "production": (r"生产(经营)?(状况|情况)?",),
    "orders": (r"(新)?订单(状况|情况)?",),
    "employment": (r"用工(状况|情况)?", r"(劳动力|招工)(状况|情况)?"),
    "financing": (r"融资(状况|情况)?", r"资金(状况|情况)?"),
    "profit": (r"盈利(状况|情况)?", r"(利润|效益)(状况|情况)?"),
    "outlook": (r"下(一)?季度(经营)?(预期|展望|判断)?", r"(经营)?预期"),
}


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


def _fields(v: dict, names, texts=(), defaults: dict | None = None) -> dict:
    out = {"enterprise": v["enterprise"], **{k: v.get(k) for k in names}}
    out.update({k: v.get(k) or "" for k in texts})
    for k, d in (defaults or {}).items():
        if out.get(k) is None:
            out[k] = d
    return out


def _survey_fields(v: dict) -> dict:
    out = _fields(v, ("year",), (*(q.code for q in QUESTIONS), "note"))
    out["quarter"] = int(v["quarter"]) if v.get("quarter") else None
    return out


SURVEY_SPEC = LedgerSpec("信心指数调查", (
    *ENTERPRISE,
    Column("year", "年度", (r"(调查)?年(度|份)",), kind="int", required=True),
    Column("quarter", "季度", (r"(调查)?季度",), kind="choice", required=True, choices=QUARTER_CHOICES),
    *(Column(q.code, q.name, QUESTION_WORDS[q.code], kind="choice", choices=ANSWER_CHOICES) for q in QUESTIONS),
    NOTE,
))

SURVEYS = register(Ledger(
    slug="sme-confidence", name="信心指数调查", group=GROUP, model=ConfidenceSurvey, spec=SURVEY_SPEC,
    key=("enterprise", "year", "quarter"), to_row=_export(SURVEY_SPEC), to_fields=_survey_fields,
    list_columns=(("enterprise", "企业"), ("year", "年度"), ("get_quarter_display", "季度"),
                  *((f"get_{q.code}_display", q.name) for q in QUESTIONS)),
    order=("-year", "-quarter", "enterprise__name"),
    form_fields=("enterprise", "year", "quarter", *(q.code for q in QUESTIONS), "note"),
))

C = SizeCheck.Conclusion
SIZE_CHOICES = (*SIZES, *((code, f"{name}企业") for code, name in SIZES), *((code, name[0]) for code, name in SIZES))
CHECK_SPEC = LedgerSpec("企业规模认定现场核查", (
    *ENTERPRISE,
    Column("date", "核查日期", (r"(现场)?核查(日期|时间)", r"日期"), kind="date", required=True),
    Column("year", "数据年度", (r"(数据|核查|统计)?年(度|份)",), kind="int", required=True),
    Column("declared", "申报规模", (r"(申报|申请)(企业)?规模", r"(申报|申请)(类型|类别)"), kind="choice", required=True,
           choices=SIZE_CHOICES),
    Column("staff", "核查从业人员", (r"(核查|核实)?(从业人员|职工)(数|人数)?",), kind="int", unit="人"),
    Column("revenue", "核查营业收入", (r"(核查|核实)?营业收入",), kind="number", unit="万元"),
    Column("assets", "核查资产总额", (r"(核查|核实)?资产总额",), kind="number", unit="万元"),
    Column("conclusion", "核查结论", (r"(核查)?结论", r"(核查)?结果"), kind="choice",
           choices=(*C.choices, ("passed", "合格"), ("failed", "不合格"), ("pending", "待补充材料"))),
    Column("inspectors", "核查人员", (r"核查(人员|人)", r"检查人员?")),
    NOTE,
))

CHECKS = register(Ledger(
    slug="sme-size-checks", name="企业规模认定现场核查", group=GROUP, model=SizeCheck, spec=CHECK_SPEC,
    key=("enterprise", "date"), to_row=_export(CHECK_SPEC),
    to_fields=lambda v: _fields(v, ("date", "year", "declared", "staff", "revenue", "assets", "conclusion"),
                                ("inspectors", "note"), {"conclusion": C.PENDING}),
    list_columns=(("enterprise", "企业"), ("date", "核查日期"), ("get_declared_display", "申报规模"),
                  ("staff", "从业人员（人）"), ("revenue", "营业收入（万元）"), ("get_computed_display", "测算规模"),
                  ("get_conclusion_display", "结论")),
    order=("-date", "enterprise__name"),
    form_fields=("enterprise", "date", "year", "declared", "staff", "revenue", "assets", "conclusion", "inspectors",
                 "note"),
))
