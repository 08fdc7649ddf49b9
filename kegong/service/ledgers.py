"""The 企业服务 ledgers declared for the generic pages, import and export: 企业诉求, 乡镇输送用工, 银行融资,
企业荣誉与培育名单 and 升规入统培育. Header words are those the offices write (a town's 输送用工统计表, a bank's
贷款投放明细, the published 专精特新 lists); amounts in 万元, workers in 人."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from kegong.core.rules.appeals import BY_CODE, CATEGORIES
from kegong.enterprises.models import OrgUnit
from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec
from kegong.service.models import Appeal, BankLoan, EnterpriseHonour, ScaleUpCandidate, WorkerReferral

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


# --- shared --------------------------------------------------------------------------------------------
def _firm(*extra: str) -> tuple[Column, Column]:
    """The enterprise columns, with the words a kind of list uses for it (用工企业, 借款人 …)."""
    uscc, name = ENTERPRISE
    return uscc, Column(name.key, name.label, (*name.words, *extra))


def _note() -> Column:
    return Column("note", "备注", (r"备注", r"说明"))


def _text(v: dict, *keys: str) -> dict:
    return {k: v.get(k) or "" for k in keys}


def _export(ledger_spec: LedgerSpec, names: dict[str, str] | None = None):
    """An export row: the enterprise's code and name, each choice as its Chinese name, a town by name."""
    def row(obj) -> dict:
        out = {"uscc": obj.enterprise.uscc, "enterprise_name": obj.enterprise.name}
        for c in ledger_spec.columns:
            if c.key in out:
                continue
            v = getattr(obj, (names or {}).get(c.key, c.key))
            out[c.key] = v() if callable(v) else v
        return out
    return row


class Towns(Sequence):
    """The towns (乡镇/街道) kegong knows, as the choices of a column: read when a list is read, not when the
    ledger is declared (the towns live in the database)."""

    def _names(self) -> list[str]:
        return list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).order_by("order", "name")
                    .values_list("name", flat=True))

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter([(n, n) for n in self._names()])

    def __len__(self) -> int:
        return len(self._names())

    def __getitem__(self, i):
        return [(n, n) for n in self._names()][i]

    __hash__ = object.__hash__

    def __eq__(self, other) -> bool:
        return self is other


def _town(name: str | None) -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, name=name).first() if name else None


# --- 乡镇输送用工 ---------------------------------------------------------------------------------------
_REFERRALS = LedgerSpec("乡镇输送用工", (
    *_firm(r"用工(企业|单位)(名称)?", r"(输送|接收|招工)(企业|单位)(名称)?"),
    Column("town", "输送乡镇（街道）", (r"(输送|所属|所在)?乡镇(街道)?(名称)?", r"乡镇/街道"),
           kind="choice", required=True, choices=Towns()),
    Column("date", "输送日期", (r"(输送|上岗|入职|到岗|报到)(日期|时间|月份)", r"日期", r"时间", r"月份"),
           kind="date", required=True),
    Column("workers", "输送人数", (r"(输送|推荐|转移|实际到岗|到岗|上岗)(务工|就业)?人(数|员数)", r"人数"),
           kind="int", unit="人", required=True),
    _note(),
))
REFERRALS = register(Ledger(
    slug="referrals", name="乡镇输送用工", group="企业服务", model=WorkerReferral, spec=_REFERRALS,
    key=("town", "enterprise", "date"),
    to_fields=lambda v: {"town": _town(v.get("town")), "enterprise": v["enterprise"], "date": v.get("date"),
                         "workers": v.get("workers"), **_text(v, "note")},
    to_row=_export(_REFERRALS),
    list_columns=(("town", "输送乡镇（街道）"), ("enterprise", "用工企业"), ("date", "输送日期"),
                  ("workers", "输送人数（人）"), ("note", "备注")),
    search=("enterprise__name", "enterprise__uscc", "town__name"),
    order=("-date", "town__order", "pk"),
    form_fields=("town", "enterprise", "date", "workers", "note"),
))


# --- 银行融资 -------------------------------------------------------------------------------------------
def bank_name(s: str | None) -> str | None:
    """A bank as the lists write it, without stray spaces (全角 letters and brackets made half-width)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)) if s else s


# the kinds as the model has them, and the other names banks write for them
LOAN_KINDS = (*BankLoan.Kind.choices, ("working", "流动资金贷款"), ("project", "固定资产贷款"), ("project", "项目"))
_LOANS = LedgerSpec("银行融资", (
    *_firm(r"(贷款|借款|融资)(企业|单位|人)(名称)?", r"客户(名称)?"),
    Column("bank", "贷款银行", (r"(贷款|放贷|发放|经办|承贷)?(银行|金融机构)(名称)?", r"(经办)?(支行|网点)(名称)?"),
           required=True),
    Column("granted", "发放日期", (r"(贷款)?(发放|放款|投放|起贷)(日期|时间)", r"(贷款)?(起始)?日期"),
           kind="date", required=True),
    Column("amount", "贷款金额", (r"(贷款|放贷|发放|投放|放款)(金额|额)", r"金额"), kind="number", unit="万元",
           required=True),
    Column("term", "贷款期限", (r"(贷款)?期限",), kind="int", unit="月"),
    Column("kind", "贷款类型", (r"(贷款)?(类型|种类|品种|用途)",), kind="choice", choices=LOAN_KINDS),
    _note(),
))
LOANS = register(Ledger(
    slug="loans", name="银行融资", group="企业服务", model=BankLoan, spec=_LOANS,
    key=("bank", "enterprise", "granted"),
    to_fields=lambda v: {"bank": bank_name(v.get("bank")), "enterprise": v["enterprise"],
                         "granted": v.get("granted"), "amount": v.get("amount"), "term": v.get("term"),
                         "kind": v.get("kind") or BankLoan.Kind.WORKING, **_text(v, "note")},
    to_row=_export(_LOANS, {"kind": "get_kind_display"}),
    list_columns=(("bank", "贷款银行"), ("enterprise", "贷款企业"), ("granted", "发放日期"),
                  ("amount", "贷款金额（万元）"), ("term", "期限（月）"), ("get_kind_display", "贷款类型")),
    search=("enterprise__name", "enterprise__uscc", "bank"),
    order=("-granted", "bank", "pk"),
    form_fields=("bank", "enterprise", "granted", "amount", "term", "kind", "note"),
))


# --- 企业荣誉与培育名单 -----------------------------------------------------------------------------------
_HONOUR_KINDS = (*EnterpriseHonour.Kind.choices, ("little_giant", "专精特新小巨人"), ("little_giant", "小巨人"),
                 ("little_giant", "专精特新“小巨人”企业"), ("specialised", "专精特新"),
                 ("specialised", "专精特新企业"), ("innovative", "创新型"), ("brand", "湖湘精品"),
                 ("brand", "湖湘精品品牌"))
_HONOURS = LedgerSpec("企业荣誉与培育名单", (
    *ENTERPRISE,
    Column("kind", "类别", (r"(荣誉|培育|认定)?(类别|类型|称号)", r"(荣誉|培育)名称"), kind="choice", required=True,
           choices=_HONOUR_KINDS),
    Column("level", "级别", (r"(认定)?(级别|层级)",), kind="choice", required=True,
           choices=(*EnterpriseHonour.Level.choices, ("national", "国家"), ("provincial", "省"),
                    ("municipal", "市"))),
    Column("year", "认定年度", (r"(认定|入选|公布)?(年度|年份)",), kind="int", required=True),
    Column("batch", "批次", (r"(认定|入选)?批次",)),
    _note(),
))
HONOURS = register(Ledger(
    slug="honours", name="企业荣誉与培育名单", group="企业服务", model=EnterpriseHonour, spec=_HONOURS,
    key=("enterprise", "kind", "level", "year"),
    to_fields=lambda v: {"enterprise": v["enterprise"], "kind": v.get("kind"), "level": v.get("level"),
                         "year": v.get("year"), **_text(v, "batch", "note")},
    to_row=_export(_HONOURS, {"kind": "get_kind_display", "level": "get_level_display"}),
    list_columns=(("enterprise", "企业"), ("get_kind_display", "类别"), ("get_level_display", "级别"),
                  ("year", "认定年度"), ("batch", "批次")),
    order=("-year", "kind", "pk"),
    form_fields=("enterprise", "kind", "level", "year", "batch", "note"),
))


# --- 升规入统培育 ----------------------------------------------------------------------------------------
_SCALE_UP = LedgerSpec("升规入统培育", (
    *ENTERPRISE,
    Column("year", "培育年度", (r"(培育)?(年度|年份)",), kind="int", required=True),
    Column("stage", "阶段", (r"(培育|工作|目前)?(阶段|进度|状态)",), kind="choice", required=True,
           choices=tuple(ScaleUpCandidate.Stage.choices)),
    Column("expected", "预计入统月份", (r"预计(入统|升规|纳统)(月份|时间|日期)?",), kind="date"),
    _note(),
))
SCALE_UP = register(Ledger(
    slug="scale-up", name="升规入统培育", group="企业服务", model=ScaleUpCandidate, spec=_SCALE_UP,
    key=("enterprise", "year"),
    to_fields=lambda v: {"enterprise": v["enterprise"], "year": v.get("year"), "stage": v.get("stage"),
                         "expected": v["expected"].replace(day=1) if v.get("expected") else None,
                         **_text(v, "note")},
    to_row=_export(_SCALE_UP, {"stage": "get_stage_display", "expected": "expected_month"}),
    list_columns=(("enterprise", "企业"), ("year", "培育年度"), ("get_stage_display", "阶段"),
                  ("expected_month", "预计入统月份"), ("note", "备注")),
    order=("-year", "stage", "pk"),
    form_fields=("enterprise", "year", "stage", "expected", "note"),
))
