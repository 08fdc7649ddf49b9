"""手工录入: one enterprise's figures for one reporting month typed into a form.

The typed values go through the very reader an uploaded kegong template goes through
(:func:`kegong.readers.template.read_template`, on a sheet built from the form), so a value is refused
exactly as in an import, and then through the audit rule that a cumulative is not smaller than its month
(:func:`kegong.core.stats.audit.check_cumulative_below_month`). What passes is written by
:func:`kegong.imports.writer.write_records` as a batch of its own (source 手工录入), so it shows among the
import batches, can be rolled back, and respects the locks of approved periods.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from kegong.core.catalogue import INDICATORS
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.records import FigureRecord, RecordSet
from kegong.core.stats.audit import EnterpriseYear, MonthRow, Thresholds, check_cumulative_below_month
from kegong.figures.models import MonthlyFigure
from kegong.imports.writer import VALUE_FIELDS, WriteSummary, write_records
from kegong.readers.common import ReadOptions
from kegong.readers.errors import IngestError
from kegong.readers.tables import Sheet
from kegong.readers.template import HEADERS, SHEET, VALUE_KEYS, read_template

SOURCE = "manual"
FORM_NAME = "手工录入"
FIELD_LABELS = dict(zip(VALUE_KEYS, HEADERS[4:8]))  # value → 本月, cumulative → 1-本月累计 …
CODES = tuple(d.code for d in INDICATORS)
NAMES = {d.code: d.name for d in INDICATORS}
Raw = Mapping[str, Mapping[str, str]]  # indicator code → value key → the text typed
FieldKey = tuple[str, str]  # (indicator code, value key); ("", "") for the form as a whole


class EntryError(InputError):
    """Values that cannot be saved: every wrong field with its Chinese message (naming the field)."""

    def __init__(self, errors: dict[FieldKey, str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors.values()))


@dataclass(frozen=True)
class StoredFigure:
    values: dict[str, Decimal | None]
    start_month: int
    source: str
    batch_id: int | None


def stored_entry(enterprise_id: int, year: int, month: int) -> dict[str, StoredFigure]:
    """What is stored for the enterprise and reporting month, by indicator code (the form's pre-fill)."""
    rows = MonthlyFigure.objects.filter(enterprise_id=enterprise_id, year=year, month=month).values_list(
        "indicator__code", "start_month", "batch__source", "batch_id", *VALUE_FIELDS)
    return {code: StoredFigure(dict(zip(VALUE_FIELDS, vals)), start, source or "", batch)
            for code, start, source, batch, *vals in rows}


def _field_label(code: str, key: str) -> str:
    return f"{NAMES.get(code, code)}“{FIELD_LABELS.get(key, key)}”" if key else NAMES.get(code, code)


def _issues_by_field(e: IngestError, codes: list[str]) -> dict[FieldKey, str]:
    """The reader's issues put back on the form's fields: sheet row 2 is the first indicator, columns E–H
    are 本月 … 上年同期累计."""
    out: dict[FieldKey, str] = {}
    for issue in e.issues:
        row, col = issue.loc.row, issue.loc.col
        code = codes[row - 2] if row is not None and 2 <= row < len(codes) + 2 else ""
        key = VALUE_KEYS[col - 4] if col is not None and 4 <= col < 4 + len(VALUE_KEYS) else ""
        label = _field_label(code, key) if code else ""
        out.setdefault((code, key), f"{label}：{issue.message}" if label else issue.message)
    return out


def _below_month(figures: list[FigureRecord], uscc: str, period: Period) -> dict[FieldKey, str]:
    """1-本月 < 本月 and 上年同期 < 上年同月, by the audit rule H01 (profit may be negative)."""
    out: dict[FieldKey, str] = {}
    pairs = (("value", "cumulative", ""), ("prior_year_value", "prior_year_cumulative", "上年同期："))
    for small, big, prefix in pairs:
        e = EnterpriseYear(uscc, "", period.year)
        for f in figures:
            v, c = getattr(f, small), getattr(f, big)
            e.figures[f.indicator] = {f.month: MonthRow(f.month, f.start_month, None if v is None else float(v),
                                                        None if c is None else float(c))}
        for hit in check_cumulative_below_month(e, period.end, Thresholds()):
            out[(hit.indicator, big)] = f"{_field_label(hit.indicator, big)}：{prefix}{hit.message}，累计数应不小于当月数"
    return out


def _read(uscc: str, name: str, period: Period, codes: list[str], raw: Raw) -> RecordSet:
    rows = [list(HEADERS)] + [[uscc, name, c, period.key(), *(raw[c].get(k, "") for k in VALUE_KEYS)]
                              for c in codes]
    return read_template([Sheet(FORM_NAME, SHEET, rows)], Path(FORM_NAME),
                         ReadOptions(period=period, display_name=FORM_NAME)).records


def entry_records(uscc: str, name: str, year: int, month: int, raw: Raw) -> RecordSet:
    """The form's values as the records of one batch, validated as an import of the kegong template is;
    raises EntryError naming every wrong field."""
    period = Period.reporting(year, month)
    codes = [c for c in CODES if c in raw]
    try:
        rs = _read(uscc, name, period, codes, raw)
    except IngestError as e:
        errors = _issues_by_field(e, codes)
        good = [c for c in codes if not any(code == c for code, _k in errors)]
        if good:  # the indicators without a wrong value are still checked, so every error shows at once
            errors.update(_below_month(_read(uscc, name, period, good, raw).figures, uscc, period))
        raise EntryError(errors) from None
    below = _below_month(rs.figures, uscc, period)
    if below:
        raise EntryError(below)
    rs.source, rs.rows_read = SOURCE, len(rs.figures)
    return rs


def _changes_anything(records: RecordSet, stored: dict[str, StoredFigure]) -> bool:
    for f in records.figures:
        s = stored.get(f.indicator)
        if s is None or s.start_month != f.start_month or any(
                s.values[k] != getattr(f, k) for k in VALUE_FIELDS):
            return True
    return False


def who(user) -> str:
    if user is None:
        return "命令行"
    return user.get_full_name() or user.get_username()


def batch_name(enterprise_name: str, year: int, month: int, user=None) -> str:
    """``手工录入：湖南甲建材有限公司 2026-06（王主任）``."""
    return f"{FORM_NAME}：{enterprise_name} {Period.cumulative(year, month).key()}（{who(user)}）"


def save_entry(*, enterprise, year: int, month: int, raw: Raw, user=None) -> WriteSummary | None:
    """Validate and write the form's values for ``enterprise`` (an Enterprise) as one batch. None when
    nothing would change (no batch is made). Raises EntryError, or the lock's error for an approved month."""
    records = entry_records(enterprise.uscc, enterprise.name, year, month, raw)
    if not _changes_anything(records, stored_entry(enterprise.pk, year, month)):
        return None
    tag = f"entry:{enterprise.uscc}:{year}-{month}:{timezone.now().isoformat()}:{secrets.token_hex(8)}"
    return write_records(records, file_name=batch_name(enterprise.name, year, month, user),
                         file_hash=hashlib.sha256(tag.encode()).hexdigest(), user=user, replace_scope=False)
