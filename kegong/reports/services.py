"""Writing a period's prose sections (keyword-only services)."""

from __future__ import annotations

from django.db import transaction

from kegong.core.catalogue import TEXTS, text_kind
from kegong.reports.models import PeriodText
from kegong.reports.selectors import starting_text


@transaction.atomic
def period_texts_start(*, year: int, month: int, user=None) -> list[str]:
    """Create this period's missing texts from their starting texts; returns the kinds created."""
    created = []
    existing = set(PeriodText.objects.filter(year=year, month=month).values_list("kind", flat=True))
    for t in TEXTS:
        if t.kind in existing:
            continue
        start = starting_text(t.kind, year, month)
        if not start.text:
            continue
        PeriodText.objects.create(kind=t.kind, year=year, month=month, text=start.text,
                                  based_on=start.from_period, updated_by=user)
        created.append(t.kind)
    return created


def period_text_set(*, kind: str, year: int, month: int, text: str, user=None) -> PeriodText:
    kind = text_kind(kind)
    row, _ = PeriodText.objects.update_or_create(kind=kind, year=year, month=month,
                                                 defaults={"text": text.strip(), "updated_by": user})
    return row
