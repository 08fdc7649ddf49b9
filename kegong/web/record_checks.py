"""台账核对 on the pages: the section of /data/audit/ (``record_section``, a note on a soft finding:
``record_confirm``) and the checks when a ledger record is saved through the generic form
(``before_save`` / ``after_save``, called by kegong.web.views_ledgers).

On entry, the rules touching the measures the ledger feeds (each Measure names its ledger) and the record
rules of the ledger are evaluated for the record's year, before and after the save: a cumulative the edit
lowered (a month's output re-entered lower, a 5G site's 建成日期 moved later) is kept as a correction until
someone writes why (kegong.audit.services.record_corrections_save); every finding is shown on the next page.
The checks cover the county, so the section is for users who read the whole county."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kegong.audit import records
from kegong.audit.services import record_corrections_save, record_finding_confirm
from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.core.rules.record_audit import MEASURE_RULES, RECORD_RULES, measure_codes, rules_touching
from kegong.core.stats.record_audit import (
    RecordFinding,
    RecordRow,
    apply_notes,
    audit_measures,
    audit_records,
    summary,
)

YEAR_DATES = ("built", "opened", "date")


# --- the audit page's section ----------------------------------------------------------------------------
def _months_text(f: RecordFinding) -> str:
    return "、".join(f"1-{m}月" if m > 1 else "1月" for m in f.months) or f"{f.year}年"


def _row(f: RecordFinding, period: Period, detail) -> dict:
    q = f"?period={period.year}-{period.end:02d}"
    links = [(name, reverse("measure_records", args=[code]) + q) for code, name in zip(f.measures, f.names)]
    record_url = reverse("ledger_record", args=[f.ledger, f.record_pk]) if f.record_pk else ""
    return {"f": f, "links": links, "months": _months_text(f), "record_url": record_url,
            "values": "；".join(f"{k} {v}" for k, v in f.values.items()),
            "detail": detail if f.confirmed else None}


def record_section(request, period: Period, show: str = "all") -> dict:
    """The 台账核对 findings of ``period``'s year through its month, for a user reading the whole county;
    ``show`` filters them as the figures' (hard, soft, open: soft without a note)."""
    if not request.access.reads_all:
        return {}
    found = records.record_findings(period.year, period.end)
    details = records.note_details(period.year)
    kept = [f for f in found if {"hard": not f.soft, "soft": f.soft, "open": f.soft and not f.confirmed}.get(show, True)]
    return {"record_shown": True, "record_counts": summary(found),
            "record_rows": [_row(f, period, details.get(f.key)) for f in kept]}


def record_confirm(request, back: str) -> HttpResponse:
    """POST of the section's form: a note on one soft finding (rule, subject, year, month)."""
    if not request.access.reads_all:
        raise Http404("台账核对只对全县范围的用户开放")
    p = request.POST
    try:
        f, replaced = record_finding_confirm(rule=p.get("rule", ""), subject=p.get("subject", ""),
                                             year=_int(p.get("year")), month=_int(p.get("month")),
                                             note=p.get("note", ""), user=request.user)
    except KegongError as e:
        messages.error(request, f"未说明：{e.message}")
    else:
        messages.success(request, f"{'已更新说明' if replaced else '已说明'}：{f.rule} {f.message}")
    return HttpResponseRedirect(back)


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


# --- on entry ------------------------------------------------------------------------------------------
@dataclass
class Before:
    """The values of the measures a ledger feeds, for the years a record touches, before it is saved."""

    slug: str
    codes: tuple[str, ...]
    years: dict[int, records.Series] = field(default_factory=dict)


def years_of(obj) -> set[int]:
    """The years a record counts in: its 年份, the years of its dates, else this year."""
    out = set()
    if isinstance(getattr(obj, "year", None), int):
        out.add(obj.year)
    out.update(d.year for d in (getattr(obj, f, None) for f in YEAR_DATES) if isinstance(d, dt.date))
    return out or {dt.date.today().year}


def months_of(year: int) -> range:
    """The months of ``year`` to compare: all twelve of a past year, through this month of this one."""
    today = dt.date.today()
    return range(1, 13 if year < today.year else today.month + 1 if year == today.year else 1)


def before_save(lg, obj) -> Before:
    """Called with the form's instance just before it is saved: the stored record's years and the new ones;
    the measures the ledger feeds and those the same rules compare them with."""
    codes = measure_codes([r for r in rules_touching(records.codes_fed_by(lg.slug)) if r in MEASURE_RULES])
    stored = lg.model.objects.filter(pk=obj.pk).first() if obj.pk else None
    years = years_of(obj) | (years_of(stored) if stored is not None else set())
    return Before(lg.slug, codes, {y: records.series(y, codes, months_of(y)) for y in sorted(years)})


def _concerns(row: RecordRow, slug: str, obj) -> bool:
    """A record row about the saved record itself, or about a record it belongs to (a progress's project)."""
    if row.ledger == slug:
        return row.pk == obj.pk
    ids = {getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.is_relation}
    return row.pk in ids


def after_save(request, lg, obj, before: Before) -> list[RecordFinding]:
    """Called after the save: evaluate, keep the corrections, and show every finding on the next page."""
    return _evaluate(request, lg, before, set(before.years) | years_of(obj), lambda r: _concerns(r, lg.slug, obj))


def before_import(lg) -> Before:
    """Called before a ledger list is imported: the measures' values for the years its records may touch —
    this year, last year and any later year the ledger already holds."""
    codes = measure_codes([r for r in rules_touching(records.codes_fed_by(lg.slug)) if r in MEASURE_RULES])
    return Before(lg.slug, codes, {y: records.series(y, codes, months_of(y)) for y in _recent_years(lg)})


def after_import(request, lg, before: Before) -> list[RecordFinding]:
    """Called after the import: the same rules as on entry, over the ledger's records of those years (and of
    any year the list brought), every finding shown on the result page."""
    return _evaluate(request, lg, before, set(before.years) | set(_recent_years(lg)), lambda r: r.ledger == lg.slug)


def _recent_years(lg) -> list[int]:
    from django.db.models import Q

    from kegong.ledgers.selectors import years

    this = dt.date.today().year
    return sorted({y for y in years(lg, Q()) if y >= this - 1} | {this})


def _evaluate(request, lg, before: Before, year_set, keep_row) -> list[RecordFinding]:
    touching = rules_touching(records.codes_fed_by(lg.slug))
    measure_rules = [r for r in touching if r in MEASURE_RULES]
    record_rules = [r for r in RECORD_RULES if r in touching or r.ledger == lg.slug]
    found: list[RecordFinding] = []
    for year in sorted(year_set):
        now = records.series(year, before.codes, months_of(year))
        found += audit_measures(year, now, before=before.years.get(year), rules=measure_rules)
        rows = [r for r in records.record_rows(year) if keep_row(r)] if record_rules else []
        found += audit_records(year, rows, rules=record_rules)
    record_corrections_save(findings=found, user=request.user)
    notes = {y: records.notes(y) for y in {f.year for f in found}}
    shown = [f for f in found if f.correction or not apply_notes([f], notes[f.year])[0].confirmed]
    for f in shown:
        messages.warning(request, f"台账核对 {f.rule}（{f.severity.label}）：{f.message}；{_advice(f)}")
    return shown


def _advice(f: RecordFinding) -> str:
    if f.correction:
        return "如系更正，请在“数据审核 · 台账核对”中写明更正原因"
    return "如数据属实，请在“数据审核 · 台账核对”中写明说明" if f.soft else "请修改台账记录"
