"""The 信息化 ledgers: 5G建设年度计划 (per town and year), 5G基站 (the operators' site lists) and 企业信息化年度调查.

All three are registered for the generic pages, import and export. The survey is an enterprise's ledger.
The two 5G ledgers belong to a town, not an enterprise (``town_field="town"``: a town user reads their own
towns' plans and sites): declared here with the header words the operators' lists use, and imported by
kegong.informatization.services.town_ledger_import (each row's town known), written by the ledgers' writer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kegong.enterprises.models import OrgUnit
from kegong.informatization.models import ITEMS, G5Plan, G5Site, ItSurvey
from kegong.ledgers.base import Ledger, register
from kegong.readers.ledger import ENTERPRISE, Column, LedgerSpec


class Towns(Sequence):
    """The towns kegong knows, as a column's choices: read when a list is read (they live in the database)."""

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


def town(name: str | None) -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, name=name).first() if name else None


def _import(**kw):
    """The 5G ledgers' import: kegong.informatization.services.town_ledger_import (imported when called)."""
    from kegong.informatization.services import town_ledger_import

    return town_ledger_import(**kw)


def _name(o) -> str:
    return o.name if o is not None else ""


def _town_column() -> Column:
    return Column("town", "乡镇（街道）", (r"(所属|所在|建设)?乡镇(街道)?(名称)?", r"乡镇/街道", r"(所属)?区域"),
                  kind="choice", required=True, choices=Towns())


def _note() -> Column:
    return Column("note", "备注", (r"备注", r"说明"))


# --- 5G建设年度计划 ------------------------------------------------------------------------------------
G5_PLANS = register(Ledger(
    slug="g5-plans", name="5G建设年度计划", group="信息化与两化融合", model=G5Plan,
    spec=LedgerSpec("5G建设年度计划", (
        Column("year", "计划年度", (r"(计划)?(年度|年份)",), kind="int", required=True),
        _town_column(),
        Column("sites", "计划建设站点数", (r"(计划)?(建设)?(站点|基站)(数|数量|个数)?",), kind="int", unit="个",
               required=True),
        Column("investment", "计划投资", (r"(计划)?投资(额|金额)?",), kind="number", unit="万元", required=True),
        _note(),
    )),
    key=("year", "town"),
    to_fields=lambda v: {"year": v.get("year"), "town": town(v.get("town")), "sites": v.get("sites"),
                         "investment": v.get("investment"), "note": v.get("note") or ""},
    list_columns=(("year", "计划年度"), ("town", "乡镇（街道）"), ("sites", "计划建设站点数（个）"),
                  ("investment", "计划投资（万元）")),
    search=("town__name",), order=("-year", "town__order", "pk"),
    form_fields=("year", "town", "sites", "investment", "note"),
    to_row=lambda o: {"year": o.year, "town": _name(o.town), "sites": o.sites, "investment": o.investment,
                      "note": o.note},
    scoped_by_enterprise=False, town_field="town", importer=_import,
))

# the operators and statuses as the model has them, and the other names their lists use
OPERATORS = (*G5Site.Operator.choices, ("mobile", "移动"), ("telecom", "电信"), ("unicom", "联通"),
             ("tower", "铁塔"), ("tower", "中国铁塔股份有限公司"))
STATUSES = (*G5Site.Status.choices, ("planned", "规划中"), ("planned", "待建"), ("building", "建设中"),
            ("built", "已建成"), ("open", "已开通"))

# --- 5G基站 -------------------------------------------------------------------------------------------
G5_SITES = register(Ledger(
    slug="g5-sites", name="5G基站", group="信息化与两化融合", model=G5Site,
    spec=LedgerSpec("5G基站", (
        Column("number", "站点编号", (r"(站点|基站)(编号|编码|ID)", r"站号"), required=True),
        Column("name", "站点名称", (r"(站点|基站|站址)名称", r"站名"), required=True),
        _town_column(),
        Column("operator", "运营商", (r"(运营商|建设单位|承建单位)(名称)?",), kind="choice", required=True,
               choices=OPERATORS),
        Column("status", "状态", (r"(建设)?(状态|进度)",), kind="choice", required=True, choices=STATUSES),
        Column("built", "建成日期", (r"建成(日期|时间)", r"竣工(日期|时间)"), kind="date"),
        Column("opened", "开通日期", (r"开通(日期|时间)", r"入网(日期|时间)"), kind="date"),
        Column("investment", "投资", (r"(完成|建设)?投资(额|金额)?",), kind="number", unit="万元"),
        _note(),
    )),
    key=("number",),
    to_fields=lambda v: {"number": v.get("number"), "name": v.get("name"), "town": town(v.get("town")),
                         "operator": v.get("operator"), "status": v.get("status"), "built": v.get("built"),
                         "opened": v.get("opened"), "investment": v.get("investment"), "note": v.get("note") or ""},
    list_columns=(("number", "站点编号"), ("name", "站点名称"), ("town", "乡镇（街道）"),
                  ("get_operator_display", "运营商"), ("get_status_display", "状态"), ("built", "建成日期"),
                  ("opened", "开通日期"), ("investment", "投资（万元）")),
    search=("number", "name", "town__name"), order=("town__order", "number"),
    form_fields=("number", "name", "town", "operator", "status", "built", "opened", "investment", "note"),
    to_row=lambda o: {"number": o.number, "name": o.name, "town": _name(o.town), "operator": o.get_operator_display(),
                      "status": o.get_status_display(), "built": o.built, "opened": o.opened,
                      "investment": o.investment, "note": o.note},
    scoped_by_enterprise=False, town_field="town", importer=_import,
))


# --- 企业信息化年度调查 ---------------------------------------------------------------------------------------
_ITEM_WORDS = {
    "broadband": ("宽带接入", (r"(是否)?(接入)?宽带(接入)?",)),
    "lan": ("内部局域网", (r"(是否)?(组建|建有|建立)?(企业)?内部局域网", r"局域网")),
    "ecommerce": ("电子商务", (r"(是否)?(利用互联网)?(开展)?电子商务", r"电商")),
    "website": ("门户网站", (r"(是否)?(建立|建有)?(企业)?门户网站", r"(企业)?网站")),
    "cloud": ("上云", (r"(是否)?(企业)?上云", r"云(服务|平台)(应用)?")),
}
_SURVEY = LedgerSpec("企业信息化年度调查", (
    *ENTERPRISE,
    Column("year", "调查年度", (r"(调查)?(年度|年份)",), kind="int", required=True),
    *(Column(k, label, words, kind="bool") for k, (label, words) in _ITEM_WORDS.items()),
    _note(),
))


def _yes_no(v: bool | None) -> str:
    return "" if v is None else ("是" if v else "否")


IT_SURVEY = register(Ledger(
    slug="it-survey", name="企业信息化年度调查", group="信息化与两化融合", model=ItSurvey, spec=_SURVEY,
    key=("enterprise", "year"),
    to_fields=lambda v: {"enterprise": v["enterprise"], "year": v.get("year"),
                         **{k: v.get(k) for k in ITEMS}, "note": v.get("note") or ""},
    to_row=lambda o: {"uscc": o.enterprise.uscc, "enterprise_name": o.enterprise.name, "year": o.year,
                      **{k: _yes_no(getattr(o, k)) for k in ITEMS}, "note": o.note},
    list_columns=(("enterprise", "企业"), ("year", "调查年度"), ("broadband_said", "宽带接入"),
                  ("lan_said", "内部局域网"), ("ecommerce_said", "电子商务"), ("website_said", "门户网站"),
                  ("cloud_said", "上云")),
    order=("-year", "enterprise__name", "pk"),
    form_fields=("enterprise", "year", *ITEMS, "note"),
))
