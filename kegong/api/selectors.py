"""Reading for the API: a token's user, and the register and the ledgers as JSON-ready rows — through the
selectors the pages use (:mod:`kegong.enterprises.selectors`, :mod:`kegong.ledgers.selectors`), within the
user's :class:`~kegong.accounts.selectors.Access` exactly as the pages apply it."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from kegong.api.services import key_hash
from kegong.enterprises import selectors as register
from kegong.figures.selectors import latest_period
from kegong.ledgers import selectors as ledger_selectors
from kegong.ledgers.base import Ledger, ledgers

# the register list's filters (the page's EnterpriseFilter, by the same names)
REGISTER_FILTERS = ("q", "town", "park", "section", "chain", "scale")


def token_for(key: str):
    """The live token with key ``key`` (not revoked, its user active), else None."""
    from kegong.api.models import ApiToken

    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
    if token is None or token.revoked or not token.user.is_active:
        return None
    return token


def tokens() -> list:
    from kegong.api.models import ApiToken

    return list(ApiToken.objects.select_related("user").order_by("pk"))


def plain(v):
    """A value as JSON has it: amounts as numbers (non-finite → None), days as ISO text, objects by name."""
    if v is None or isinstance(v, bool | int | str):
        return v
    if isinstance(v, Decimal | float):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [plain(x) for x in v]
    return str(v)


# --- the register -------------------------------------------------------------------------------------------
def enterprise_filter(access, data: dict):
    """The page's FilterSet over the enterprises ``access`` reads (the 规上/规下 year: the latest with figures)."""
    latest = latest_period()
    return register.EnterpriseFilter({k: v for k, v in data.items() if v not in (None, "")},
                                     queryset=register.readable(access.enterprise_q()),
                                     year=latest[0] if latest else None, narrow=not access.reads_all)


def filter_errors(f) -> str:
    return "；".join(f"{name}：{'、'.join(str(m) for m in msgs)}" for name, msgs in f.errors.items())


def enterprise_rows(qs, contacts: bool, limit: int, offset: int) -> list[dict]:
    return [listed_json(r, contacts) for r in register.list_rows(qs)[offset:offset + limit]]


def listed_json(row: dict, contacts: bool) -> dict:
    return {"uscc": row["uscc"], "name": row["name"], "industry_section": row["industry_section"],
            "town": row["town__name"], "park": row["park__name"],
            "contact_person": row["contact_person"] if contacts else None,
            "contact_phone": row["contact_phone"] if contacts else None}


def enterprise_json(e, contacts: bool) -> dict:
    """One enterprise's register data, its former names and aliases, and its 规上/规下 status by year."""
    return {"uscc": e.uscc, "name": e.name, "industry_code": e.industry_code,
            "industry_section": e.industry_section, "industry_division": e.industry_division,
            "town": e.town.name if e.town_id else None, "park": e.park.name if e.park_id else None,
            "chain": e.chain, "registered_on": plain(e.registered_on), "commissioned": plain(e.commissioned),
            "contact_person": e.contact_person if contacts else None,
            "contact_phone": e.contact_phone if contacts else None,
            "aliases": [{"name": a.name, "kind": a.get_kind_display()} for a in register.aliases_of(e)],
            "scale_statuses": [{"year": s.year, "above_scale": s.above_scale, "entered_year": s.entered_year}
                               for s in register.scale_statuses_of(e)]}


# --- the ledgers --------------------------------------------------------------------------------------------
def ledger_json(lg: Ledger, access) -> dict:
    return {"slug": lg.slug, "name": lg.name, "group": lg.group,
            "columns": [{"key": a, "header": h} for a, h in lg.list_columns],
            "records": ledger_selectors.records(lg, access).count()}


def ledger_index(access) -> list[dict]:
    return [ledger_json(lg, access) for lg in ledgers()]


def ledger_records(lg: Ledger, access, q: str = "", year: int | None = None):
    """The ledger's records ``access`` reads, searched and of one year, as the list page has them (the
    records' towns, projects … read with them: one query a page, not one a record)."""
    related = [a for a, _h in lg.list_columns if _is_relation(lg.model, a)]
    return ledger_selectors.records(lg, access, q, year).select_related(*related)


def _is_relation(model, name: str) -> bool:
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return f.many_to_one or f.one_to_one


def record_json(lg: Ledger, obj: models.Model) -> dict:
    """A record: its id, its enterprise (None for a town's or a project's record) and the list's columns."""
    values = {}
    for attr, _header in lg.list_columns:
        v = getattr(obj, attr, None)
        values[attr] = plain(v() if callable(v) else v)
    e = getattr(obj, "enterprise", None) if lg.scoped_by_enterprise else None
    return {"id": obj.pk, "text": str(obj), "enterprise": None if e is None else {"uscc": e.uscc, "name": e.name},
            "values": values}
