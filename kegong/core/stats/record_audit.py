"""台账核对, evaluated: the rules of kegong.core.rules.record_audit over plain values, no Django.

``audit_measures(year, series, before=None)`` takes, for one year, each measure's value at the months
computed (``{code: {month: value}}``, the cumulative 1月 through that month; None where unknown) and, on
entry, the same values as they were before an edit; ``audit_records(year, rows)`` takes the ledger records
as plain rows. Both return findings (rule, severity, measure names, months, values, a Chinese message); a
soft finding whose key has a recorded note comes back confirmed (``apply_notes``). One finding per rule and
measure (or record): the months it is seen in are listed, the first is its month."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from kegong.core.catalogue import RECORD_COUNTS, indicator_name
from kegong.core.numbers import fmt
from kegong.core.rules.record_audit import (
    MEASURE_RULES,
    RECORD_RULES,
    NotAboveRule,
    NotFallingRule,
    PartsRule,
    RangeRule,
    RecordRule,
)
from kegong.core.stats.audit import Severity

Series = Mapping[str, Mapping[int, float | None]]
EPS = 1e-9
SHOWN_MONTHS = 4


@dataclass(frozen=True)
class RecordFinding:
    rule: str
    severity: Severity
    title: str
    year: int
    month: int  # the first month the finding is seen in (0: the record's year as a whole)
    measures: tuple[str, ...]
    months: tuple[int, ...]
    values: dict  # label → value, as shown
    message: str
    subject: str  # a measure code, or "<ledger>:<pk>" for a record
    ledger: str = ""
    record: str = ""  # the record as its page names it
    record_pk: int | None = None
    correction: bool = False  # a fall against the values before an edit
    before: float | None = None  # a correction: the value at ``month`` before the edit
    confirmed: bool = False
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(indicator_name(c) for c in self.measures)

    @property
    def key(self) -> tuple[str, str, int, int]:
        """What a note is recorded against: (rule, subject, year, month)."""
        return (self.rule, self.subject, self.year, self.month)

    @property
    def soft(self) -> bool:
        return self.severity is Severity.SOFT


Iterator = Iterable[RecordFinding]


def show(code: str, v: float | None) -> str:
    """A measure's value with its catalogue digits and unit (a share with 2 decimals)."""
    d = RECORD_COUNTS.get(code)
    digits = (max(d.digits, 2) if d.unit == "%" else d.digits) if d else 2
    return f"{fmt(v, digits)}{d.unit if d else ''}"


def _label(m: int) -> str:
    return f"1-{m}月" if m > 1 else "1月"


def _months_text(months: Sequence[int]) -> str:
    text = "、".join(_label(m) for m in months[:SHOWN_MONTHS])
    return text + (f" 等 {len(months)} 个月" if len(months) > SHOWN_MONTHS else "")


def _finding(rule, year: int, months: Sequence[int], measures: Sequence[str], values: dict, message: str,
             **kw) -> RecordFinding:
    return RecordFinding(rule.code, rule.severity, rule.title, year, months[0], tuple(measures), tuple(months),
                         values, message, kw.pop("subject", measures[0]), **kw)


def _known(series: Series, codes: Iterable[str]) -> list[int]:
    """The months at which every one of ``codes`` is known."""
    months = None
    for c in codes:
        have = {m for m, v in series.get(c, {}).items() if v is not None}
        months = have if months is None else months & have
    return sorted(months or ())


# --- the measure rules ------------------------------------------------------------------------------------
def check_parts(rule: PartsRule, year: int, s: Series, before: Series | None) -> Iterator:
    bad = [m for m in _known(s, rule.measures)
           if abs(s[rule.whole][m] - sum(s[p][m] for p in rule.parts)) > EPS]
    if not bad:
        return
    m = bad[0]
    parts = " + ".join(f"{indicator_name(p)} {show(p, s[p][m])}" for p in rule.parts)
    total = sum(s[p][m] for p in rule.parts)
    values = {indicator_name(c): show(c, s[c][m]) for c in rule.measures}
    yield _finding(rule, year, bad, rule.measures, values,
                   f"{_months_text(bad)}，{indicator_name(rule.whole)} {show(rule.whole, s[rule.whole][m])}，"
                   f"而{parts} = {show(rule.whole, total)}")


def _falls(values: Mapping[int, float | None]) -> list[tuple[int, int]]:
    known = sorted((m, v) for m, v in values.items() if v is not None)
    return [(a, b) for (a, va), (b, vb) in zip(known, known[1:]) if vb < va - EPS]


def check_not_falling(rule: NotFallingRule, year: int, s: Series, before: Series | None) -> Iterator:
    for code in rule.codes:
        v = s.get(code, {})
        falls = _falls(v)
        if falls:
            a, b = falls[0]
            yield _finding(rule, year, [b for _a, b in falls], [code], {_label(a): show(code, v[a]),
                           _label(b): show(code, v[b])},
                           f"{indicator_name(code)}{_label(b)}累计 {show(code, v[b])}，"
                           f"低于{_label(a)}累计 {show(code, v[a])}")
        old = (before or {}).get(code, {})
        lowered = sorted(m for m, x in v.items() if x is not None and old.get(m) is not None and x < old[m] - EPS)
        if lowered:
            m = lowered[0]
            yield _finding(rule, year, lowered, [code], {"修改前": show(code, old[m]), "修改后": show(code, v[m])},
                           f"修改后{indicator_name(code)}{_months_text(lowered)}累计回落：{_label(m)} 由 "
                           f"{show(code, old[m])} 降为 {show(code, v[m])}", correction=True, before=old[m])


def check_range(rule: RangeRule, year: int, s: Series, before: Series | None) -> Iterator:
    for code in rule.codes:
        v = s.get(code, {})
        bad = sorted(m for m, x in v.items() if x is not None and not (rule.lo - EPS <= x <= rule.hi + EPS))
        if bad:
            yield _finding(rule, year, bad, [code], {_label(bad[0]): show(code, v[bad[0]])},
                           f"{indicator_name(code)}{_months_text(bad)}为 {show(code, v[bad[0]])}，"
                           f"不在 {fmt(rule.lo, 0)}～{fmt(rule.hi, 0)}% 之间")


def check_not_above(rule: NotAboveRule, year: int, s: Series, before: Series | None) -> Iterator:
    bad = [m for m in _known(s, rule.measures) if s[rule.lower][m] > s[rule.upper][m] + EPS]
    if bad:
        m, lo, up = bad[0], rule.lower, rule.upper
        yield _finding(rule, year, bad, rule.measures, {indicator_name(lo): show(lo, s[lo][m]),
                                                        indicator_name(up): show(up, s[up][m])},
                       f"{_months_text(bad)}，{indicator_name(lo)} {show(lo, s[lo][m])} 大于"
                       f"{indicator_name(up)} {show(up, s[up][m])}")


MEASURE_CHECKS: dict[type, Callable] = {PartsRule: check_parts, NotFallingRule: check_not_falling,
                                        RangeRule: check_range, NotAboveRule: check_not_above}


def audit_measures(year: int, series: Series, *, before: Series | None = None,
                   rules: Sequence = MEASURE_RULES) -> list[RecordFinding]:
    """The measure rules over one year's values (``before``: the values before an edit, on entry)."""
    return [f for r in rules for f in MEASURE_CHECKS[type(r)](r, year, series, before)]


# --- the record rules --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordRow:
    """One ledger record as plain values: ``fields`` by the model's field names (dates as dates, amounts as
    floats, choices by their codes), ``label`` as its page names it."""

    ledger: str
    pk: int
    label: str
    fields: dict = field(default_factory=dict)


def _in_year(year: int, *days: date | None) -> bool:
    return any(d is not None and d.year == year for d in days)


def opened_before_built(row: RecordRow, year: int):
    built, opened = row.fields.get("built"), row.fields.get("opened")
    if built and opened and opened < built and _in_year(year, built, opened):
        return {"建成日期": built.isoformat(), "开通日期": opened.isoformat()}, f"开通日期 {opened} 早于建成日期 {built}"
    return None


def status_without_date(row: RecordRow, year: int):
    f = row.fields
    status, built, opened = f.get("status"), f.get("built"), f.get("opened")
    if built is not None and not _in_year(year, built, opened):
        return None
    if status in ("built", "open") and built is None:
        return {"状态": f.get("status_label", status)}, f"状态为{f.get('status_label', status)}，但未填建成日期"
    if status == "open" and opened is None and built is not None:
        return {"状态": f.get("status_label", status)}, "状态为开通，但未填开通日期"
    return None


def date_without_status(row: RecordRow, year: int):
    f = row.fields
    if f.get("opened") and f.get("status") != "open" and _in_year(year, f["opened"]):
        return ({"状态": f.get("status_label", f.get("status")), "开通日期": f["opened"].isoformat()},
                f"已填开通日期 {f['opened']}，但状态为{f.get('status_label', f.get('status'))}")
    return None


def done_over_total(row: RecordRow, year: int):
    done, total = row.fields.get("done"), row.fields.get("total")
    if done is not None and total is not None and done > total + EPS:
        return ({"累计完成投资": f"{fmt(done)}万元", "总投资": f"{fmt(total)}万元"},
                f"累计完成投资 {fmt(done)} 万元超过总投资 {fmt(total)} 万元")
    return None


def negative_output(row: RecordRow, year: int):
    v = row.fields.get("output")
    if v is not None and v < 0:
        return {"产量": f"{fmt(v)}万块"}, f"{row.fields.get('month')}月产量 {fmt(v)} 万块为负数"
    return None


def output_while_stopped(row: RecordRow, year: int):
    v, status = row.fields.get("output"), row.fields.get("producer_status")
    if v is not None and v > 0 and status in ("stopped", "closed"):
        label = row.fields.get("producer_status_label", status)
        return {"产量": f"{fmt(v)}万块", "生产状态": label}, f"企业生产状态为{label}，{row.fields.get('month')}月却报产量 {fmt(v)} 万块"
    return None


def unknown_kind(row: RecordRow, year: int):
    kind = row.fields.get("kind")
    if kind not in ("sintered", "concrete"):
        return {"墙材类别": kind or "（空）"}, f"墙材类别为“{kind or '（空）'}”，既不是烧结也不是混凝土"
    return None


RECORD_CHECKS: dict[str, Callable] = {f.__name__: f for f in (
    opened_before_built, status_without_date, date_without_status, done_over_total, negative_output,
    output_while_stopped, unknown_kind)}


def audit_records(year: int, rows: Iterable[RecordRow], *,
                  rules: Sequence[RecordRule] = RECORD_RULES) -> list[RecordFinding]:
    """The record rules over the ledgers' rows (each rule looks at its own ledger's rows)."""
    out: list[RecordFinding] = []
    by_ledger: dict[str, list[RecordRow]] = {}
    for row in rows:
        by_ledger.setdefault(row.ledger, []).append(row)
    for rule in rules:
        check = RECORD_CHECKS[rule.check]
        for row in by_ledger.get(rule.ledger, ()):
            hit = check(row, year)
            if hit is None:
                continue
            values, message = hit
            month = row.fields.get("month") or 0
            out.append(RecordFinding(rule.code, rule.severity, rule.title, year, month, rule.measures,
                                     (month,) if month else (), values, f"{row.label}：{message}",
                                     f"{row.ledger}:{row.pk}", ledger=row.ledger, record=row.label,
                                     record_pk=row.pk))
    return out


# --- notes ------------------------------------------------------------------------------------------------
def apply_notes(findings: Iterable[RecordFinding],
                notes: Mapping[tuple[str, str, int, int], str]) -> list[RecordFinding]:
    """Soft findings with a recorded note come back confirmed; hard ones stay (the records must change);
    hard findings first."""
    out = [replace(f, confirmed=True, note=notes[f.key]) if f.soft and notes.get(f.key) else f for f in findings]
    return sorted(out, key=lambda f: (f.soft, f.rule, f.subject))


def summary(findings: Sequence[RecordFinding]) -> dict[str, int]:
    soft = [f for f in findings if f.soft]
    confirmed = sum(f.confirmed for f in soft)
    return {"hard": len(findings) - len(soft), "soft": len(soft), "confirmed": confirmed,
            "unconfirmed": len(soft) - confirmed}
