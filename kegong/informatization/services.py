"""Writing the 5G ledgers (keyword-only ``<entity>_<action>``): a town's list — a plan or the operators' site
list — imported with every row checked first (its town known, each value valid for its field), then handed
to the ledgers' one writer (kegong.ledgers.services.ledger_write: all written in one transaction or none,
recorded as a LedgerImport), rows matched on the ledger's key (the site number; the year and town), so
importing the same list twice changes nothing. Enterprise ledgers use kegong.ledgers.services.ledger_import."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from kegong.ledgers.base import Ledger
from kegong.ledgers.services import ImportResult, ledger_write
from kegong.readers.errors import Issue
from kegong.readers.ledger import read_ledger
from kegong.readers.tables import read_tables


def _label(ledger: Ledger, name: str) -> str:
    try:
        return str(ledger.model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field error key such as __all__
        return "记录"


def _show(v) -> str:
    return "（空）" if v in (None, "") else str(v)


def _changes(ledger: Ledger, obj, values: dict) -> list[str]:
    """Set ``values`` on the stored ``obj``; what changed, as the import record lists it."""
    out = []
    for f, v in values.items():
        old = getattr(obj, f)
        if old != v and not (old in (None, "") and v in (None, "")):
            out.append(f"{_label(ledger, f)}：“{_show(old)}”→“{_show(v)}”")
            setattr(obj, f, v)
    return out


def _planned(ledger: Ledger, parsed) -> list[tuple[object, list[str] | None]]:
    """Each good row as (object, None for new / its changes, [] unchanged); problems raise together."""
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
        changes = None
        if obj is None:
            obj = ledger.model(**values)
        else:
            changes = _changes(ledger, obj, values)
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as e:
            issues.extend(Issue(row.loc(parsed.display, header=_label(ledger, f)), "；".join(msgs))
                          for f, msgs in e.message_dict.items())
            continue
        out.append((obj, changes))
    parsed.raise_if_any(issues)
    return out


def town_ledger_import(*, ledger: Ledger, path: Path, display: str | None = None, user=None) -> ImportResult:
    """Import a town ledger's list (5G建设年度计划, 5G基站); raises IngestError (every problem named, nothing
    written). The generic import page calls it as the ledgers' ``importer``."""
    display = display or path.name
    parsed = read_ledger(read_tables(path, display), path, ledger.spec, display)
    return ledger_write(ledger=ledger, path=path, display=display, rows=len(parsed.rows),
                        planned=_planned(ledger, parsed), user=user)
