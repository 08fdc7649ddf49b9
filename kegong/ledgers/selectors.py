"""Reading ledgers for the pages: a ledger's records within the user's read scope, searched; one record; its
history (Django's LogEntry, written with the values before and after); the imports of a ledger."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from kegong.ledgers.base import Ledger
from kegong.ledgers.models import LedgerImport


def records(ledger: Ledger, scope: Q, text: str = "") -> QuerySet:
    """``scope`` is ``access.enterprise_q("enterprise__")``: the records of the enterprises the user reads."""
    qs = ledger.model.objects.filter(scope).select_related("enterprise").order_by(*ledger.order)
    text = text.strip()
    if text:
        q = Q()
        for f in ledger.search:
            q |= Q(**{f"{f}__icontains": text})
        qs = qs.filter(q)
    return qs


def record(ledger: Ledger, scope: Q, pk: int):
    return ledger.model.objects.filter(scope).select_related("enterprise").filter(pk=pk).first()


def history(obj) -> list[LogEntry]:
    ct = ContentType.objects.get_for_model(type(obj))
    return list(LogEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("user")
                .order_by("-action_time"))


def imports(ledger: Ledger, limit: int = 20) -> list[LedgerImport]:
    return list(LedgerImport.objects.filter(ledger=ledger.slug).select_related("imported_by")[:limit])


def of_enterprise(enterprise) -> list[tuple[Ledger, list]]:
    """Every ledger's records of one enterprise (for the enterprise page), ledgers without any left out."""
    from kegong.ledgers.base import ledgers

    out = []
    for lg in ledgers():
        rows = list(lg.model.objects.filter(enterprise=enterprise).order_by(*lg.order))
        if rows:
            out.append((lg, rows))
    return out
