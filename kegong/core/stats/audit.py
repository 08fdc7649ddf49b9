"""Audit rules (审核) over plain monthly figures: a table of rules, each a code, a severity, a Chinese
description and a check function.

* **hard** (强制性) findings block: the figures must be corrected;
* **soft** (提示性) findings need a confirmation note from the user (they may be real), and show as
  confirmed once one is recorded.

A rule's check looks at one enterprise's figures for one year at one reporting month ``M`` (2 = 1-2月) and
returns hits. Rules only look at rows up to ``M``, except the spike rule (S02) which also uses the month
after ``M`` when it is already there (auditing a past month).

Hard rules
    H01 累计小于本月 — cumulative < the month's value (non-negative indicators; profit may legitimately be
        negative earlier in the year);
    H02 产值为负 — a negative gross/sales output or export delivery value;
    H03 月份缺报 — a month inside 1..M with no report (the months reported don't tile 1..M), with the
        cumulative's implied value of the missing months;
    H04 累计与各月之和不符 — no gap, but cumulative at M ≠ the sum of the months reported (tolerance
        ``sum_tolerance`` of the cumulative, at least 0.1);
    H05 销售产值超过总产值 1.2 倍 — the month's sales output > 1.2 × its gross output.

Soft rules
    S01 增速异常 — cumulative growth over the same period of last year beyond ±50%
        (gross output, sales output, revenue, electricity);
    S02 单月突增 — the month's value (per month: 1-2月 counts half) is more than 3× the largest of its
        neighbours (the reporting months before and after in the same year; when only one of them exists,
        last year's same month as reported on this form joins in) — catches a ×10 typo;
    S03 产值增长而用电大降 — the month's gross output grows over last year's same month while its
        electricity falls by 30% or more;
    S04 规上企业营收不足 2000 万元 — an above-scale enterprise whose 1-M月 revenue, annualised
        (× 12 / M), is under 2000 万元.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from kegong.core.catalogue import indicator_name
from kegong.core.numbers import fmt
from kegong.core.periods import Period, start_month_of


class Severity(StrEnum):
    HARD = "hard"
    SOFT = "soft"

    @property
    def label(self) -> str:
        return "强制" if self is Severity.HARD else "提示"


@dataclass(frozen=True)
class MonthRow:
    """One reported month of one indicator (``month`` is the last month covered; 1-2月: 2 with start 1)."""

    month: int
    start_month: int
    value: float | None = None
    cumulative: float | None = None
    prior_value: float | None = None
    prior_cumulative: float | None = None

    @property
    def n_months(self) -> int:
        return self.month - self.start_month + 1


@dataclass
class EnterpriseYear:
    """One enterprise's reported figures for one year: indicator → month → row."""

    uscc: str
    name: str
    year: int
    above_scale: bool = True
    figures: dict[str, dict[int, MonthRow]] = field(default_factory=dict)

    def row(self, indicator: str, month: int) -> MonthRow | None:
        return self.figures.get(indicator, {}).get(month)

    def rows_through(self, indicator: str, month: int) -> list[MonthRow]:
        return [r for m, r in sorted(self.figures.get(indicator, {}).items()) if m <= month]

    def span(self, row: MonthRow) -> str:
        """The months a row covers as messages name them: ``6月``, ``1-2月``."""
        return Period(self.year, row.start_month, row.month).span_label()


@dataclass(frozen=True)
class Thresholds:
    growth_limit: float = 50.0  # S01, %
    spike_ratio: float = 3.0  # S02
    power_drop: float = 30.0  # S03, %
    sales_ratio: float = 1.2  # H05
    min_revenue: float = 2000.0  # S04, 万元 a year
    sum_tolerance: float = 0.001  # H04, share of the cumulative


@dataclass(frozen=True)
class Hit:
    """What a check returns: the indicator it is about, the figures involved and a Chinese message."""

    indicator: str
    figures: dict
    message: str


Check = Callable[[EnterpriseYear, int, Thresholds], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    check: Check


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    title: str
    uscc: str
    enterprise: str
    indicator: str
    year: int
    month: int
    start_month: int
    figures: dict
    message: str
    confirmed: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str, int, int]:
        """What a confirmation is recorded against: (rule, uscc, indicator, year, month)."""
        return (self.rule, self.uscc, self.indicator, self.year, self.month)

    @property
    def period(self) -> Period:
        """The reported months the finding is about (``Period(2026, 1, 2)`` for 1-2月)."""
        return Period(self.year, self.start_month, self.month)

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": str(self.severity), "title": self.title, "uscc": self.uscc,
                "enterprise": self.enterprise, "indicator": self.indicator,
                "period": Period.cumulative(self.year, self.month).key(), "period_label": self.period.label(),
                "figures": self.figures, "message": self.message, "confirmed": self.confirmed, "note": self.note}


# --- indicator groups (plain data; names come from the catalogue, which imports no Django) ------------
OUTPUT = ("gross_output", "sales_output", "export_delivery")
CAN_BE_NEGATIVE = ("profit",)
GROWTH_CHECKED = ("gross_output", "sales_output", "revenue", "electricity")
SPIKE_CHECKED = ("gross_output", "sales_output", "export_delivery", "revenue", "electricity")


def _name(code: str) -> str:
    return indicator_name(code)  # the catalogue's name (one name per concept)


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


# --- hard rules -----------------------------------------------------------------------------------------
def check_cumulative_below_month(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    for code in e.figures:
        r = e.row(code, m)
        if code in CAN_BE_NEGATIVE or r is None or r.value is None or r.cumulative is None:
            continue
        if r.cumulative < r.value - 1e-6 * max(1.0, abs(r.value)):
            yield Hit(code, {"value": _r(r.value), "cumulative": _r(r.cumulative)},
                      f"{_name(code)}1-{m}月累计 {fmt(r.cumulative)} 小于{e.span(r)} {fmt(r.value)}")


def check_negative_output(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    for code in OUTPUT:
        r = e.row(code, m)
        if r is None:
            continue
        neg = {k: _r(v) for k, v in (("value", r.value), ("cumulative", r.cumulative)) if v is not None and v < 0}
        if neg:
            what = "、".join(f"{'本月' if k == 'value' else '累计'} {fmt(v)}" for k, v in neg.items())
            yield Hit(code, neg, f"{_name(code)}为负数（{what}）")


def _missing_months(e: EnterpriseYear, code: str, m: int) -> list[int]:
    """Months in 1..m no row covers. Months before the first row count only when that row's cumulative
    exceeds its own value (something earlier went unreported); an enterprise that starts reporting an
    indicator mid-year has no gap."""
    rows = e.rows_through(code, m)
    if not rows:
        return []
    covered: set[int] = set()
    for r in rows:
        covered.update(range(r.start_month, r.month + 1))
    first = rows[0]
    lead_counts = (first.cumulative is not None and first.value is not None
                   and first.cumulative - first.value > 1e-6 * max(1.0, abs(first.cumulative)))
    start = 1 if lead_counts else first.start_month
    return [x for x in range(start, m + 1) if x not in covered]


def check_month_gap(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    for code in e.figures:
        missing = _missing_months(e, code, m)
        if not missing:
            continue
        figs: dict = {"missing_months": missing}
        r = e.row(code, m)
        text = "、".join(f"{x}月" for x in missing)
        msg = f"{_name(code)}缺报 {text}"
        if r is not None and r.cumulative is not None:
            reported = sum(x.value or 0.0 for x in e.rows_through(code, m))
            figs.update(cumulative=_r(r.cumulative), sum_of_months=_r(reported),
                        implied_missing=_r(r.cumulative - reported))
            msg += f"（1-{m}月累计 {fmt(r.cumulative)}，已报各月合计 {fmt(reported)}，差额 {fmt(r.cumulative - reported)}）"
        yield Hit(code, figs, msg)


def check_cumulative_sum(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    for code in e.figures:
        r = e.row(code, m)
        if r is None or r.cumulative is None or _missing_months(e, code, m):
            continue
        rows = e.rows_through(code, m)
        if any(x.value is None for x in rows):
            continue
        total = sum(x.value for x in rows)
        if abs(r.cumulative - total) > max(0.1, th.sum_tolerance * abs(r.cumulative)):
            yield Hit(code, {"cumulative": _r(r.cumulative), "sum_of_months": _r(total),
                             "difference": _r(r.cumulative - total), "months": [x.month for x in rows]},
                      f"{_name(code)}1-{m}月累计 {fmt(r.cumulative)} 与各月之和 {fmt(total)} 不符"
                      f"（差 {fmt(r.cumulative - total)}）")


def check_sales_over_gross(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    g, s = e.row("gross_output", m), e.row("sales_output", m)
    if g is None or s is None or g.value is None or s.value is None or g.value < 0:
        return
    if s.value > th.sales_ratio * g.value:
        ratio = s.value / g.value if g.value else None
        yield Hit("sales_output", {"sales_output": _r(s.value), "gross_output": _r(g.value), "ratio": _r(ratio)},
                  f"{e.span(s)}{_name('sales_output')} {fmt(s.value)} 超过{_name('gross_output')} {fmt(g.value)} "
                  f"的 {th.sales_ratio:g} 倍")


# --- soft rules -----------------------------------------------------------------------------------------
def _growth(cur: float | None, prior: float | None) -> float | None:
    if cur is None or prior is None or prior <= 0:
        return None
    return 100 * (cur / prior - 1)


def check_growth(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    for code in GROWTH_CHECKED:
        r = e.row(code, m)
        if r is None:
            continue
        g = _growth(r.cumulative, r.prior_cumulative)
        if g is not None and abs(g) > th.growth_limit:
            yield Hit(code, {"cumulative": _r(r.cumulative), "prior_cumulative": _r(r.prior_cumulative),
                             "growth": round(g, 2)},
                      f"{_name(code)}1-{m}月累计增长 {fmt(g, 1, grouping=False)}%，超出 ±{th.growth_limit:g}%")


def _per_month(r: MonthRow | None) -> float | None:
    return None if r is None or r.value is None else r.value / r.n_months


def check_spike(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    for code in SPIKE_CHECKED:
        rows = e.figures.get(code, {})
        r = rows.get(m)
        v = _per_month(r)
        if v is None or v <= 0:
            continue
        before = max((x for x in rows if x < m), default=None)
        after = min((x for x in rows if x > m), default=None)
        refs = {e.span(rows[x]): _per_month(rows[x]) for x in (before, after) if x is not None}
        refs = {k: x for k, x in refs.items() if x is not None}
        if len(refs) < 2 and r.prior_value is not None:
            refs[f"上年{e.span(r)}"] = r.prior_value / r.n_months
        if not refs or any(x <= 0 for x in refs.values()):
            continue
        top = max(refs.values())
        if v > th.spike_ratio * top:
            shown = "、".join(f"{k} {fmt(x)}" for k, x in refs.items())
            yield Hit(code, {"value": _r(r.value), "per_month": _r(v), "neighbours": {k: _r(x) for k, x in refs.items()},
                             "ratio": _r(v / top)},
                      f"{_name(code)}{e.span(r)}（月均）{fmt(v)} 是相邻月份（{shown}）的 "
                      f"{fmt(v / top, 1, grouping=False)} 倍，疑似录入错误")


def check_output_vs_power(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    g, p = e.row("gross_output", m), e.row("electricity", m)
    if g is None or p is None:
        return
    gg, pg = _growth(g.value, g.prior_value), _growth(p.value, p.prior_value)
    if gg is not None and pg is not None and gg > 0 and pg <= -th.power_drop:
        yield Hit("gross_output", {"gross_output_growth": round(gg, 2), "electricity_growth": round(pg, 2)},
                  f"{e.span(g)}{_name('gross_output')}增长 {fmt(gg, 1, grouping=False)}%，"
                  f"而用电量下降 {fmt(-pg, 1, grouping=False)}%")


def check_small_revenue(e: EnterpriseYear, m: int, th: Thresholds) -> Iterable[Hit]:
    r = e.row("revenue", m)
    if not e.above_scale or r is None or r.cumulative is None:
        return
    annual = r.cumulative * 12 / m
    if annual < th.min_revenue:
        yield Hit("revenue", {"cumulative": _r(r.cumulative), "months": m, "annualised": _r(annual)},
                  f"规上企业 1-{m}月{_name('revenue')} {fmt(r.cumulative)} 万元，年化约 {fmt(annual, 0)} 万元，"
                  f"低于 {fmt(th.min_revenue, 0)} 万元的规模以上标准")


RULES: tuple[Rule, ...] = (
    Rule("H01", Severity.HARD, "累计数小于本月数", check_cumulative_below_month),
    Rule("H02", Severity.HARD, "产值为负数", check_negative_output),
    Rule("H03", Severity.HARD, "月份缺报（累计期内缺月）", check_month_gap),
    Rule("H04", Severity.HARD, "累计数与各月之和不符", check_cumulative_sum),
    Rule("H05", Severity.HARD, "销售产值超过总产值 1.2 倍", check_sales_over_gross),
    Rule("S01", Severity.SOFT, "累计增速超出 ±50%", check_growth),
    Rule("S02", Severity.SOFT, "单月数是相邻月份的 3 倍以上", check_spike),
    Rule("S03", Severity.SOFT, "产值增长而用电量下降 30% 以上", check_output_vs_power),
    Rule("S04", Severity.SOFT, "规上企业年营业收入不足 2000 万元", check_small_revenue),
)
RULES_BY_CODE = {r.code: r for r in RULES}


# --- running ----------------------------------------------------------------------------------------------
def audit(enterprises: Iterable[EnterpriseYear], month: int, *, rules: Sequence[Rule] = RULES,
          thresholds: Thresholds = Thresholds(),
          confirmations: Mapping[tuple[str, str, str, int, int], str] | None = None) -> list[Finding]:
    """Run every rule on every enterprise at reporting month ``month``; hard findings first. Soft findings
    whose key is in ``confirmations`` (key → note) come back confirmed."""
    out: list[Finding] = []
    for e in enterprises:
        for rule in rules:
            for hit in rule.check(e, month, thresholds):
                row = e.row(hit.indicator, month)
                start = row.start_month if row is not None else start_month_of(month)
                out.append(Finding(rule.code, rule.severity, rule.title, e.uscc, e.name, hit.indicator, e.year,
                                   month, start, hit.figures, hit.message))
    if confirmations:
        out = apply_confirmations(out, confirmations)
    return sorted(out, key=lambda f: (f.severity is not Severity.HARD, f.rule, f.uscc, f.indicator))


def apply_confirmations(findings: Iterable[Finding],
                        confirmations: Mapping[tuple[str, str, str, int, int], str]) -> list[Finding]:
    """Mark soft findings confirmed where a note was recorded; hard findings cannot be confirmed away."""
    return [replace(f, confirmed=True, note=confirmations[f.key])
            if f.severity is Severity.SOFT and f.key in confirmations else f for f in findings]


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Counts: hard (blocking), soft, soft confirmed, soft still awaiting a note."""
    hard = sum(f.severity is Severity.HARD for f in findings)
    soft = [f for f in findings if f.severity is Severity.SOFT]
    confirmed = sum(f.confirmed for f in soft)
    return {"hard": hard, "soft": len(soft), "confirmed": confirmed, "unconfirmed": len(soft) - confirmed}
