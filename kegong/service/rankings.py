"""Yearly rankings for the reward schemes: towns by the workers they referred (乡镇输送用工), banks by the amount
they lent and by the enterprises they served (银行融资) — each row with its rank, figure and share — and the
same as a table ready for an .xlsx sheet (headers and rows).

Ties share a rank and the next rank skips (1, 1, 3: 竞赛排名), tied rows by name. Every town kegong knows is
ranked, those that referred nobody at the bottom with 0. A share is the row's part of the column's total,
in %, so the shares add up to 100 (a firm served by two banks counts for each of them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from kegong.enterprises.models import OrgUnit
from kegong.service.models import BankLoan, WorkerReferral

KINDS = {"towns": "乡镇输送用工排名", "banks-amount": "银行贷款金额排名", "banks-enterprises": "银行服务企业数排名"}


@dataclass(frozen=True)
class RankRow:
    rank: int
    name: str
    value: int | Decimal  # what is ranked: workers, 万元 or enterprises
    share: float | None  # % of the column's total (None while the total is 0)
    enterprises: int  # the enterprises served
    records: int  # referrals / loans
    amount: Decimal | None = None  # a bank's amount lent (万元)


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]


def ranked(items: list[tuple[str, int | Decimal, int, int, Decimal | None]]) -> list[RankRow]:
    """(name, value, enterprises, records, amount) rows ranked by value, the highest first."""
    items = sorted(items, key=lambda r: (-r[1], r[0]))
    total = sum(r[1] for r in items)
    out: list[RankRow] = []
    for i, (name, value, firms, n, amount) in enumerate(items):
        rank = out[-1].rank if out and out[-1].value == value else i + 1
        share = round(float(100 * Decimal(value) / Decimal(total)), 2) if total else None
        out.append(RankRow(rank, name, value, share, firms, n, amount))
    return out


def bounds(year: int, through: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """1 January and 31 December of ``year``, or ``through`` where it is earlier."""
    last = dt.date(year, 12, 31)
    return dt.date(year, 1, 1), min(last, through) if through else last


def town_ranking(year: int, through: dt.date | None = None) -> list[RankRow]:
    """Every town by the workers it referred in ``year`` (through ``through``)."""
    first, last = bounds(year, through)
    agg = {r["town__name"]: r for r in WorkerReferral.objects.filter(date__gte=first, date__lte=last)
           .values("town__name")
           .annotate(workers=Sum("workers"), n=Count("pk"), firms=Count("enterprise", distinct=True))}
    towns = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).values_list("name", flat=True)
    rows = []
    for name in towns:
        r = agg.get(name, {})
        rows.append((name, r.get("workers") or 0, r.get("firms", 0), r.get("n", 0), None))
    return ranked(rows)


def bank_ranking(year: int, by: str = "amount", through: dt.date | None = None) -> list[RankRow]:
    """The banks that lent in ``year`` (through ``through``), by the amount (万元) or by the enterprises."""
    if by not in ("amount", "enterprises"):
        raise ValueError(f"unknown ranking {by}")
    first, last = bounds(year, through)
    qs = (BankLoan.objects.filter(granted__gte=first, granted__lte=last).values("bank")
          .annotate(amount=Sum("amount"), n=Count("pk"), firms=Count("enterprise", distinct=True)))
    rows = [(r["bank"], r["amount"] if by == "amount" else r["firms"], r["firms"], r["n"], r["amount"]) for r in qs]
    return ranked(rows)


def ranking_table(kind: str, year: int, through: dt.date | None = None) -> Table:
    """A ranking as an .xlsx sheet's headers and rows (kind: towns, banks-amount, banks-enterprises)."""
    if kind not in KINDS:
        raise ValueError(f"unknown ranking {kind}")
    title = f"{year}年{KINDS[kind]}"
    if kind == "towns":
        headers = ("名次", "乡镇（街道）", "输送人数（人）", "占比（%）", "用工企业（家）", "输送次数")
        rows = tuple((r.rank, r.name, r.value, r.share, r.enterprises, r.records) for r in town_ranking(year, through))
    elif kind == "banks-amount":
        headers = ("名次", "贷款银行", "贷款金额（万元）", "占比（%）", "贷款企业（家）", "贷款笔数")
        rows = tuple((r.rank, r.name, r.value, r.share, r.enterprises, r.records)
                     for r in bank_ranking(year, "amount", through))
    else:
        headers = ("名次", "贷款银行", "贷款企业（家）", "占比（%）", "贷款金额（万元）", "贷款笔数")
        rows = tuple((r.rank, r.name, r.value, r.share, r.amount, r.records)
                     for r in bank_ranking(year, "enterprises", through))
    return Table(title, headers, rows)
