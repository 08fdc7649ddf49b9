"""台账核对, read: the values of the measures the record audit table reads, month by month for a year (county
scope, through kegong.measures.registry — never an app's models), the ledger records the record rules look
at (the records behind those measures: ``Measure.records``, or for the 5G sites the measure's model), and
the findings with the recorded notes applied.

The record rows name the records' fields (status, built, opened, output, kind …): those are the ledgers'
own field names, read as attributes of the records the measures hand back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import Q

from kegong.audit.models import RecordAuditNote
from kegong.core.periods import Period
from kegong.core.rules.record_audit import MEASURE_RULES, RECORD_RULES, RULES_BY_CODE, measure_codes
from kegong.core.stats.audit import Severity
from kegong.core.stats.record_audit import (
    RecordFinding,
    RecordRow,
    apply_notes,
    audit_measures,
    audit_records,
)
from kegong.core.stats.scopes import Scope
from kegong.measures.registry import Measure, MeasureData, measure
from kegong.measures.sharing import sharing

Series = dict[str, dict[int, float | None]]


def _measure(code: str) -> Measure | None:
    try:
        return measure(code)
    except KeyError:  # an app not installed: its measures are unknown, not 0
        return None


def series(year: int, codes: Iterable[str], months: Iterable[int]) -> Series:
    """Each measure's county value (the cumulative 1月 through the month) at each of ``months`` of ``year``."""
    data = MeasureData(panel=None)
    out: Series = {}
    months = list(months)
    with sharing():  # a survey year's counts, a ledger's emptiness … read once for the twelve months
        for code in codes:
            m = _measure(code)
            out[code] = {mo: (None if m is None else m.compute(Period.cumulative(year, mo), Scope.county(), data).level)
                         for mo in months}
    return out


def ledger_of(code: str) -> str:
    m = _measure(code)
    return m.ledger if m is not None else ""


def codes_fed_by(slug: str) -> tuple[str, ...]:
    """The measures of the table counted from the ledger ``slug`` (each Measure names its ledger)."""
    return tuple(c for c in measure_codes((*MEASURE_RULES, *RECORD_RULES)) if ledger_of(c) == slug)


# --- the records -----------------------------------------------------------------------------------------
def _f(v) -> float | None:
    return None if v is None else float(v)


def _records(code: str, period: Period) -> list:
    m = _measure(code)
    return (m.records(period, Scope.county()) or []) if m is not None else []


def _producer_rows(period: Period) -> list[RecordRow]:
    return [RecordRow("wall-producers", p.pk, str(p.enterprise), {"kind": p.kind})
            for p in _records("wall_enterprises", period)]


def _output_rows(period: Period) -> list[RecordRow]:
    rows, status = [], {}
    for o in _records("wall_land_saved", period):  # every producer's monthly outputs of the year
        if o.enterprise_id not in status:
            p = o.enterprise.wall_producer
            status[o.enterprise_id] = (p.status, p.get_status_display())
        code, label = status[o.enterprise_id]
        rows.append(RecordRow("wall-outputs", o.pk, f"{o.enterprise.name} {o.year}年{o.month}月",
                              {"output": _f(o.output), "month": o.month, "producer_status": code,
                               "producer_status_label": label}))
    return rows


def _project_rows(period: Period) -> list[RecordRow]:
    done: dict[int, Decimal] = {}
    projects = {}
    for p in _records("zone_done_investment", period):
        done[p.project_id] = done.get(p.project_id, Decimal(0)) + p.completed
        projects[p.project_id] = p.project
    return [RecordRow("projects", pk, str(projects[pk]), {"total": _f(projects[pk].total_investment),
                                                          "done": _f(v)}) for pk, v in done.items()]


def _site_rows(year: int) -> list[RecordRow]:
    """The 5G sites whose dates fall in ``year``, and those marked 建成 / 开通 without a date (the measure
    lists no records: its model is read, through the measure)."""
    model = getattr(_measure("g5_done_sites"), "model", None)
    if model is None:
        return []
    qs = model.objects.filter(Q(built__year=year) | Q(opened__year=year)
                              | Q(built__isnull=True, status__in=("built", "open"))).order_by("number")
    return [RecordRow("g5-sites", s.pk, str(s), {"status": s.status, "status_label": s.get_status_display(),
                                                 "built": s.built, "opened": s.opened}) for s in qs]


def record_rows(year: int, month: int = 12) -> list[RecordRow]:
    """The ledger records the record rules look at, for 1月 through ``month`` of ``year``."""
    period = Period.cumulative(year, month)
    return [*_producer_rows(period), *_output_rows(period), *_project_rows(period), *_site_rows(year)]


# --- findings ------------------------------------------------------------------------------------------
def notes(year: int) -> dict[tuple[str, str, int, int], str]:
    """Recorded notes as finding key (rule, subject, year, month) → note (empty: a correction awaiting one)."""
    return {(r, s, y, m): n for r, s, y, m, n in
            RecordAuditNote.objects.filter(year=year).values_list("rule", "subject", "year", "month", "note")}


def note_details(year: int) -> dict[tuple[str, str, int, int], RecordAuditNote]:
    return {(n.rule, n.subject, n.year, n.month): n
            for n in RecordAuditNote.objects.filter(year=year).select_related("user")}


def corrections(year: int, month: int = 12) -> list[RecordFinding]:
    """The corrections seen on entry (a cumulative lowered by an edit) of ``year`` up to ``month``."""
    out = []
    for n in RecordAuditNote.objects.filter(year=year, month__lte=month, correction=True).order_by("pk"):
        months = tuple(int(x) for x in n.months.split(",") if x)
        values = n.values if isinstance(n.values, dict) else {}
        out.append(RecordFinding(n.rule, Severity.SOFT, _title(n.rule), n.year, n.month,
                                 tuple(x for x in n.measures.split(",") if x), months,
                                 dict(values.get("shown", {})), n.message, n.subject, correction=True,
                                 before=values.get("before"), confirmed=bool(n.note), note=n.note))
    return out


def _title(rule: str) -> str:
    r = RULES_BY_CODE.get(rule)
    return r.title if r is not None else rule


def record_findings(year: int, month: int, *, rules: Sequence = (*MEASURE_RULES, *RECORD_RULES)
                    ) -> list[RecordFinding]:
    """Every finding of the table for 1月 through each month up to ``month`` of ``year`` (county), with the
    corrections seen on entry, the recorded notes applied; hard first."""
    measure_rules = [r for r in rules if r in MEASURE_RULES]
    record_rules = [r for r in rules if r in RECORD_RULES]
    values = series(year, measure_codes(measure_rules), range(1, month + 1))
    found = audit_measures(year, values, rules=measure_rules)
    found += audit_records(year, record_rows(year, month), rules=record_rules)
    live = {f.key for f in found}
    found += [c for c in corrections(year, month) if c.key not in live and c.rule in {r.code for r in rules}
              and not _made_good(c, values)]
    return apply_notes(found, notes(year))


def _made_good(c: RecordFinding, values: Series) -> bool:
    """A correction still awaiting its note whose cumulative is back where it was before the edit (the
    lowering was itself undone): nothing left to explain."""
    now = values.get(c.measures[0], {}).get(c.month) if c.measures else None
    return not c.note and c.before is not None and now is not None and now >= c.before - 1e-9
