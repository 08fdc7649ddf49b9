"""Reading ledgers for the pages: a ledger's records within the user's read scope, searched; one record; its
history (Django's LogEntry, written with the values before and after); the imports of a ledger."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q, QuerySet

from kegong.core.access import SCOPE_UNITS
from kegong.ledgers.base import Ledger
from kegong.ledgers.models import LedgerImport


def records(ledger: Ledger, scope, text: str = "", year: int | None = None) -> QuerySet:
    """``scope`` is the user's Access (``request.access``: each kind of ledger read within it, see
    :func:`_scoped`) or, as before, ``access.enterprise_q("enterprise__")``: the records of the enterprises
    the user reads; ``year`` keeps the records of one year (the ledger's year_filter)."""
    qs = _scoped(ledger, scope).order_by(*ledger.order)
    by_year = ledger.year_filter()
    if year is not None and by_year is not None:
        qs = qs.filter(**{by_year[0]: year})
    text = text.strip()
    if text:
        q = Q()
        for f in ledger.search:
            q |= Q(**{f"{f}__icontains": text})
        qs = qs.filter(q)
    return qs


def years(ledger: Ledger, scope) -> list[int]:
    """The years the user's records of the ledger fall in, newest first (the 年度 filter's choices)."""
    by_year = ledger.year_filter()
    if by_year is None:
        return []
    lookup = by_year[0]
    qs = _scoped(ledger, scope).order_by()
    if lookup.endswith("__year"):
        return sorted({d.year for d in qs.dates(lookup[: -len("__year")], "year")}, reverse=True)
    return sorted({y for y in qs.values_list(lookup, flat=True).distinct() if y is not None}, reverse=True)


def record(ledger: Ledger, scope, pk: int):
    return _scoped(ledger, scope).filter(pk=pk).first()


def _scoped(ledger: Ledger, scope) -> QuerySet:
    """An enterprise's ledger: the records of the enterprises the user reads. A town's ledger
    (``town_field``): a town user's own towns' records, none for an enterprise user. A ledger without
    enterprises or towns (``scoped_by_enterprise=False``): every record for a user who reads everything,
    none for anyone else. Given a Q (the enterprises' filter) rather than the user's Access, the empty Q
    stands for a user who reads everything."""
    objects = ledger.model.objects
    if isinstance(scope, Q):
        if ledger.scoped_by_enterprise:
            return objects.filter(scope).select_related("enterprise")
        return objects.all() if not scope else objects.none()
    if ledger.scoped_by_enterprise:
        return objects.filter(scope.enterprise_q("enterprise__")).select_related("enterprise")
    if scope.reads_all:
        return objects.all()
    if ledger.town_field and scope.read == SCOPE_UNITS:
        return objects.filter(**{f"{ledger.town_field}__in": scope.read_units})
    return objects.none()


def history(obj) -> list[LogEntry]:
    ct = ContentType.objects.get_for_model(type(obj))
    return list(LogEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("user")
                .order_by("-action_time"))


def imports(ledger: Ledger, limit: int = 20) -> list[LedgerImport]:
    return list(LedgerImport.objects.filter(ledger=ledger.slug).select_related("imported_by")[:limit])


def _with_enterprise() -> list[Ledger]:
    from kegong.ledgers.base import ledgers

    return [lg for lg in ledgers() if any(f.name == "enterprise" for f in lg.model._meta.get_fields())]


def holding(enterprise_id: int) -> list[Ledger]:
    """The ledgers holding any record of the enterprise, in one query (a UNION ALL of one indexed count per
    ledger) rather than one query per ledger: the enterprise page asks it for every firm, and most firms are
    in none of them."""
    found = _with_enterprise()
    if not found:
        return []
    parts = []
    for i, lg in enumerate(found):
        meta = lg.model._meta
        column = connection.ops.quote_name(meta.get_field("enterprise").column)
        parts.append(f"SELECT {i}, COUNT(*) FROM {connection.ops.quote_name(meta.db_table)} WHERE {column} = %s")
    with connection.cursor() as cur:
        cur.execute(" UNION ALL ".join(parts), [enterprise_id] * len(parts))
        return [found[i] for i, n in sorted(cur.fetchall()) if n]


def of_enterprise(enterprise) -> list[tuple[Ledger, list]]:
    """Every ledger's records of one enterprise (for the enterprise page), ledgers without any left out."""
    return [(lg, list(lg.model.objects.filter(enterprise=enterprise).order_by(*lg.order)))
            for lg in holding(enterprise.pk)]
