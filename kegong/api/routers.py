"""The endpoints of /api/v1/: thin — parse, check what the token's user may read (:mod:`kegong.api.rules`),
call the selector the pages and the CLI call, shape with :mod:`kegong.serializers` or
:mod:`kegong.api.selectors`."""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from kegong import serializers
from kegong.api import rules, schemas, selectors
from kegong.core.catalogue import BY_CODE, RANK_BY
from kegong.core.periods import Period
from kegong.enterprises import selectors as register
from kegong.figures.tables import indicators_table, latest_cumulative, ranking_table
from kegong.ledgers.base import ledger

MAX_LIMIT = 500
ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}
router = Router()

PeriodText = Field(None, max_length=40, description="累计期，如 2026-06、2026年1-6月、上半年（默认：最新有数据的月份）")
SCOPE_PATTERN = r"^(all|(industry|division|town|park|chain|enterprise):.+)$"
IndicatorCode = Literal[tuple(BY_CODE)]  # type: ignore[valid-type]
RankBy = Literal[tuple(RANK_BY)]  # type: ignore[valid-type]


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"每页条数（1～{MAX_LIMIT}）")
    offset: int = Field(0, ge=0, le=1_000_000_000, description="跳过的条数")


class IndicatorQuery(Schema):
    period: str | None = PeriodText
    scope: str | None = Field(None, max_length=120, pattern=SCOPE_PATTERN, description=(
        "范围：all、industry:B、town:名称、park:名称、chain:名称、enterprise:信用代码；不指定时为全县、各门类和各乡镇"))


class RankingQuery(Schema):
    period: str | None = PeriodText
    by: RankBy = Field("town", description="分组：industry、division、town、park、chain、enterprise")
    indicator: IndicatorCode = Field("gross_output", description="指标代码")
    scope: str = Field("all", max_length=120, pattern=SCOPE_PATTERN, description="在哪个范围内分组，如 all、industry:C、town:名称")
    sort: Literal["level", "growth"] = Field("level", description="按总量（level）或增速（growth）排序")
    top: int | None = Field(None, ge=1, le=10_000, description="只列出前 N 名")


class RegisterQuery(Paging):
    q: str | None = Field(None, max_length=100, description="企业名称、信用代码或曾用名的一部分")
    town: str | None = Field(None, max_length=100, description="乡镇（街道）名称")
    park: str | None = Field(None, max_length=100, description="园区名称；- 为不在园区")
    section: str | None = Field(None, max_length=1, description="行业门类字母，如 C")
    chain: str | None = Field(None, max_length=50, description="产业链名称；- 为未归入产业链")
    scale: Literal["above", "below"] | None = Field(None, description="above 规上（在库）、below 规下（最新年度）")


class LedgerQuery(Paging):
    q: str | None = Field(None, max_length=100, description="搜索（企业名称、信用代码等，与网页相同）")
    year: int | None = Field(None, ge=1900, le=2100, description="年度")


def _period(text: str | None) -> Period:
    text = (text or "").strip()
    return Period.parse(text).as_cumulative() if text else latest_cumulative()


@router.get("/indicators/", response={200: schemas.Indicators, **ERRORS}, tags=["指标"], exclude_unset=True,
            summary="主要指标表（kegong indicators --json）")
def indicators(request, query: Query[IndicatorQuery]):
    """一个累计期、一个范围的规上工业主要指标：累计值、同口径增速、增速变化和当月数据（与 kegong indicators --json
    相同；value_added、gdp_ratios 只在含全县时给出）。"""
    scope = rules.indicator_scope(request.access, query.scope)
    return serializers.indicators_json(indicators_table(_period(query.period), scope))


@router.get("/rankings/", response={200: schemas.Ranking, **ERRORS}, tags=["指标"],
            summary="排名（kegong ranking --json）")
def rankings(request, query: Query[RankingQuery]):
    """各乡镇、行业、园区、产业链或企业的累计总量、同比、占比、拉动和贡献率（同口径）。"""
    scope = rules.ranking_scope(request.access, query.scope)
    r = ranking_table(_period(query.period), by=query.by, indicator=query.indicator, scope=scope,
                      sort=query.sort)
    out = serializers.ranking_json(r)
    parts = rules.ranked_parts(request.access, query.by, out["parts"])  # the firms the user reads, then top N
    out["parts"] = parts[:query.top] if query.top else parts
    return out


@router.get("/enterprises/", response={200: schemas.EnterprisePage, **ERRORS}, tags=["企业库"],
            summary="企业名单（本令牌范围内）")
def enterprises(request, query: Query[RegisterQuery]):
    """企业库中本令牌用户可查看的企业，按名称排序，可按名称、乡镇、园区、门类、产业链、规上/规下筛选。"""
    acc = request.access
    rules.require(acc, "enterprises.view")
    f = selectors.enterprise_filter(acc, query.dict(include=set(selectors.REGISTER_FILTERS)))
    if not f.is_valid():
        raise rules.HttpError(400, "筛选条件无效：" + selectors.filter_errors(f))
    qs = f.qs
    return {"count": qs.count(), "limit": query.limit, "offset": query.offset,
            "items": selectors.enterprise_rows(qs, acc.can("enterprises.contacts"), query.limit, query.offset)}


@router.get("/enterprises/{uscc}/", response={200: schemas.Enterprise, **ERRORS}, tags=["企业库"],
            summary="一家企业（按统一社会信用代码）")
def enterprise(request, uscc: str):
    """企业档案：登记信息、曾用名与别名、各年度规上/规下状态。不在本令牌范围内的企业与不存在的企业一样返回 404。"""
    acc = request.access
    rules.require(acc, "enterprises.view")
    e = register.enterprise_for(acc.enterprise_q(), uscc[:40])
    if e is None:
        raise Http404(f"没有信用代码为“{uscc[:40]}”的企业（或不在本令牌的范围内）")
    return selectors.enterprise_json(e, acc.can("enterprises.contacts"))


@router.get("/ledgers/", response={200: list[schemas.Ledger], **ERRORS}, tags=["台账"], summary="台账目录")
def ledger_index(request):
    """每个台账：代码（slug）、名称、分组、列表各列，以及本令牌可查看的记录数。"""
    rules.require(request.access, "ledgers.view")
    return selectors.ledger_index(request.access)


@router.get("/ledgers/{slug}/", response={200: schemas.LedgerPage, **ERRORS}, tags=["台账"],
            summary="一个台账的记录（本令牌范围内）")
def ledger_records(request, slug: str, query: Query[LedgerQuery]):
    """台账记录，与网页列表相同的范围、搜索、年度筛选和排序；values 为列表各列的值。"""
    acc = request.access
    rules.require(acc, "ledgers.view")
    lg = ledger(slug)
    if lg is None:
        raise Http404(f"没有台账“{slug[:60]}”（GET /api/v1/ledgers/ 列出全部台账）")
    qs = selectors.ledger_records(lg, acc, query.q or "", query.year)
    items = [selectors.record_json(lg, obj) for obj in qs[query.offset:query.offset + query.limit]]
    return {"count": qs.count(), "limit": query.limit, "offset": query.offset,
            "ledger": selectors.ledger_json(lg, acc), "items": items}
