"""Writing the 5G ledgers (keyword-only ``<entity>_<action>``): a town's list — a plan or the operators' site
list — imported with every row checked first (its town known, each value valid for its field), then all
written in one transaction or none, rows matched on the ledger's key (the site number; the year and town),
so importing the same list twice changes nothing. Enterprise ledgers use kegong.ledgers.services."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from kegong.ledgers.base import Ledger
from kegong.readers.errors import Issue
from kegong.readers.ledger import read_ledger
from kegong.readers.tables import read_tables


@dataclass
class TownImport:
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _label(ledger: Ledger, name: str) -> str:
    try:
        return str(ledger.model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field error key such as __all__
        return "记录"


def _planned(ledger: Ledger, parsed) -> list[tuple[object, bool | None]]:
    """Each good row as (object, None for new / True changed / False unchanged); problems raise together."""
    issues: list[Issue] = []
    out, seen = [], {}
    for row in parsed.rows:
        if row.bad:
            continue
        values = ledger.to_fields(row.values)
        if values.get("town") is None:
            issues.append(Issue(row.loc(parsed.display, parsed.columns.get("town"), parsed.headers.get("town")),
                                f"乡镇（街道）“{row.values.get('town') or ''}”不在区划中"))
            continue
        key = tuple(values[k] for k in ledger.key)
        if key in seen:
            issues.append(Issue(row.loc(parsed.display), f"与第 {seen[key]} 行重复"))
            continue
        seen[key] = row.rownum
        obj = ledger.model.objects.filter(**dict(zip(ledger.key, key, strict=True))).first()
        state = None
        if obj is None:
            obj = ledger.model(**values)
        else:
            state = any(getattr(obj, f) != v for f, v in values.items())
            for f, v in values.items():
                setattr(obj, f, v)
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as e:
            issues.extend(Issue(row.loc(parsed.display, header=_label(ledger, f)), "；".join(msgs))
                          for f, msgs in e.message_dict.items())
            continue
        out.append((obj, state))
    parsed.raise_if_any(issues)
    return out


def town_ledger_import(*, ledger: Ledger, path: Path, display: str | None = None) -> TownImport:
    """Import a town ledger's list (5G建设年度计划, 5G基站); raises IngestError (every problem named, nothing
    written)."""
    display = display or path.name
    parsed = read_ledger(read_tables(path, display), path, ledger.spec, display)
    planned = _planned(ledger, parsed)
    result = TownImport(len(parsed.rows))
    with transaction.atomic():
        for obj, state in planned:
            if state is None or state:
                obj.save()
            if state is None:
                result.created += 1
            elif state:
                result.updated += 1
            else:
                result.unchanged += 1
    return result
