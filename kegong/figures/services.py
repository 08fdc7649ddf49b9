"""Writes of the figures app: keeping the Indicator table in step with the catalogue, and the version check
that keeps two people editing the same enterprise-month from overwriting each other.

Figures themselves are written by an import (``kegong.imports.writer.write_records``), so that every
change is recorded in a batch and can be rolled back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from kegong.core.catalogue import INDICATORS
from kegong.core.errors import DataError
from kegong.enterprises.models import Enterprise
from kegong.figures.models import Indicator, MonthlyFigure, PanelChange

T = TypeVar("T")
_VALUES = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
CONFLICT = "该企业该月数据已被 {who} 于 {at} 修改，请刷新后重试"


def sync_catalogue() -> None:
    """Make the Indicator table match the catalogue (idempotent)."""
    for d in INDICATORS:
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={"name": d.name, "unit": d.unit, "kind": d.kind, "source": d.source,
                      "aggregation": d.aggregation, "order": d.order},
        )


class EditConflict(DataError):
    """The enterprise-month changed since the form was loaded (someone else saved, an import, a rollback):
    nothing was written; the message names who changed it and when."""


def entry_version(*, enterprise_id: int, year: int, month: int) -> str:
    """A token of what is stored for one enterprise and reporting month (every indicator's values, covered
    months and batch): the form carries it in a hidden field, and any change by anyone changes it."""
    rows = (MonthlyFigure.objects.filter(enterprise_id=enterprise_id, year=year, month=month)
            .order_by("indicator__code").values_list("indicator__code", "start_month", "batch_id", *_VALUES))
    parts = [[code, start, batch, *(None if v is None else format(v.normalize(), "f") for v in vals)]
             for code, start, batch, *vals in rows]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def save_if_unchanged(*, enterprise_id: int, year: int, month: int, version: str, save: Callable[[], T]) -> T:
    """Run ``save`` (the write of the edited enterprise-month) only when what is stored still matches
    ``version`` (the :func:`entry_version` the form was shown with); otherwise raise :class:`EditConflict`
    and write nothing. The enterprise row is locked first, so two saves at once are taken one after the
    other and the second sees the first's figures (PostgreSQL; SQLite takes one writer at a time anyway)."""
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise_id).values_list("pk").first()
        if entry_version(enterprise_id=enterprise_id, year=year, month=month) != version:
            raise EditConflict(conflict_message(enterprise_id=enterprise_id, year=year, month=month))
        return save()


def conflict_message(*, enterprise_id: int, year: int, month: int) -> str:
    """``该企业该月数据已被 王主任 于 14:05 修改，请刷新后重试``: the batch that wrote the newest of the month's
    figures (else the last change of that month, by 其他人员)."""
    newest = (MonthlyFigure.objects.filter(enterprise_id=enterprise_id, year=year, month=month)
              .exclude(batch=None).select_related("batch__imported_by").order_by("-batch__imported_at").first())
    if newest is not None:
        user = newest.batch.imported_by
        who = (user.get_full_name() or user.get_username()) if user is not None else "命令行导入"
        at = newest.batch.imported_at
    else:  # nothing stored any more (a rollback removed it): the last change that touched the month
        who, at = "其他人员", timezone.now()
        for change in PanelChange.objects.order_by("-id")[:50]:
            if [year, month] in change.months:
                at = change.created_at
                break
    return CONFLICT.format(who=who, at=timezone.localtime(at).strftime("%H:%M"))
