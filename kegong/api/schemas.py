"""The API's response shapes as pydantic models (the OpenAPI document is built from them); each mirrors the
dict :mod:`kegong.serializers` (or :mod:`kegong.api.selectors`) gives, key for key."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

Num = float | None


class Error(Schema):
    detail: str = Field(description="出错原因（中文）")


class Page(Schema):
    count: int = Field(description="符合条件的总条数")
    limit: int
    offset: int


# --- indicators (kegong indicators --json) ------------------------------------------------------------------
class IndicatorRow(Schema):
    code: str
    name: str
    unit: str
    scope: str
    scope_name: str
    members: int
    cumulative: Num
    cumulative_prior_year: Num
    yoy_pct: Num
    yoy_pct_prev: Num
    pp_change: Num
    month: Num
    month_prior_year: Num
    month_yoy_pct: Num
    net_addition: Num
    last_year_cumulative: Num
    naive_yoy_pct: Num
    yoy_pct_last_year: Num
    pp_change_last_year: Num


class ValueAdded(Schema):
    official_pct: Num
    gross_output_pct: Num
    ppi_index: Num
    estimate_pct: Num
    gap_pp: Num


class GdpRatios(Schema):
    gdp: Num
    rd_spend: Num
    rd_gdp_pct: Num
    high_tech_value_added: Num
    high_tech_gdp_pct: Num


class Indicators(Schema):
    period: str = Field(description="累计期，如 2026-06")
    period_label: str
    indicators: list[IndicatorRow]
    value_added: ValueAdded | None = None
    gdp_ratios: GdpRatios | None = None


# --- rankings (kegong ranking --json) -----------------------------------------------------------------------
class RankingTotal(Schema):
    cumulative: Num
    cumulative_prior_year: Num
    yoy_pct: Num


class RankingPart(Schema):
    key: str
    name: str
    cumulative: Num
    cumulative_prior_year: Num
    yoy_pct: Num
    net_addition: Num
    share_pct: Num
    pull_pp: Num
    contribution_pct: Num
    rank_level: int | None
    rank_growth: int | None


class Ranking(Schema):
    period: str
    indicator: str
    unit: str
    by: str
    scope: str
    sort: str
    total: RankingTotal
    parts: list[RankingPart]


# --- the register -------------------------------------------------------------------------------------------
class EnterpriseListed(Schema):
    uscc: str
    name: str
    industry_section: str
    town: str | None
    park: str | None
    contact_person: str | None = Field(description="无权查看联系人的账号（领导）为 null")
    contact_phone: str | None


class EnterprisePage(Page):
    items: list[EnterpriseListed]


class Alias(Schema):
    name: str
    kind: str


class ScaleStatus(Schema):
    year: int
    above_scale: bool
    entered_year: int | None


class Enterprise(Schema):
    uscc: str
    name: str
    industry_code: str
    industry_section: str
    industry_division: str
    town: str | None
    park: str | None
    chain: str
    registered_on: str | None
    commissioned: str | None
    contact_person: str | None
    contact_phone: str | None
    aliases: list[Alias]
    scale_statuses: list[ScaleStatus]


# --- the ledgers --------------------------------------------------------------------------------------------
class LedgerColumn(Schema):
    key: str
    header: str


class Ledger(Schema):
    slug: str
    name: str
    group: str
    columns: list[LedgerColumn]
    records: int = Field(description="本账号可查看的记录数")


class EnterpriseRef(Schema):
    uscc: str
    name: str


class LedgerRecord(Schema):
    id: int
    text: str
    enterprise: EnterpriseRef | None
    values: dict[str, Any] = Field(description="列表各列的值，键为 columns 中的 key")


class LedgerPage(Page):
    ledger: Ledger
    items: list[LedgerRecord]
