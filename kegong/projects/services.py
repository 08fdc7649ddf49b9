"""Writing the 示范区 and 新能源 ledgers (keyword-only ``<entity>_<action>``): a list — the project library, the
projects' monthly completion, the farms — imported with every row checked first (each name it refers to
known, each value valid for its field), then all written in one transaction or none, rows matched on the
ledger's key, so importing the same list twice changes nothing. The result is the generic import's
(kegong.ledgers.services.ImportResult), so the generic import page shows it."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError

from kegong.ledgers.base import Ledger
from kegong.ledgers.services import ImportResult, ledger_write
from kegong.projects.ledgers import Missing
from kegong.readers.errors import Issue
from kegong.readers.ledger import read_ledger
from kegong.readers.tables import read_tables


def _label(ledger: Ledger, name: str) -> str:
    try:
        return str(ledger.model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field error key such as __all__
        return "记录"


def _at(parsed, row, key: str):
    return row.loc(parsed.display, parsed.columns.get(key), parsed.headers.get(key))


def _changes(obj, values: dict, ledger: Ledger) -> list[str]:
    out = []
    for f, v in values.items():
        old = getattr(obj, f)
        if old != v and not (old in (None, "") and v in (None, "")):
            out.append(f"{_label(ledger, f)}：“{'' if old is None else old}”→“{'' if v is None else v}”")
            setattr(obj, f, v)
    return out


def _planned(ledger: Ledger, parsed) -> list[tuple[object, list[str] | None]]:
    """Each good row as (object, None for new / its changes); every problem raised together."""
    issues: list[Issue] = []
    out, seen = [], {}
    for row in parsed.rows:
        if row.bad:
            continue
        try:
            values = ledger.to_fields(row.values)
        except Missing as e:
            issues.append(Issue(_at(parsed, row, e.key), e.message))
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
            changes = _changes(obj, values, ledger)
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as e:
            issues.extend(Issue(row.loc(parsed.display, header=_label(ledger, f)), "；".join(msgs))
                          for f, msgs in e.message_dict.items())
            continue
        out.append((obj, changes))
    parsed.raise_if_any(issues)
    return out


def zone_ledger_import(*, ledger: Ledger, path: Path, display: str | None = None, user=None) -> ImportResult:
    """Import a list into a 示范区 / 新能源 ledger; raises IngestError (every problem named, nothing written).
    Its rows are planned here (names of categories, parks, projects and towns looked up); written and recorded
    by the ledgers' own writer."""
    display = display or path.name
    parsed = read_ledger(read_tables(path, display), path, ledger.spec, display)
    return ledger_write(ledger=ledger, path=path, display=display, rows=len(parsed.rows),
                        planned=_planned(ledger, parsed), user=user)
