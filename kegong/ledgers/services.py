"""Writing a ledger (keyword-only ``<entity>_<action>`` functions): a list imported — every row checked
first (credit code or name known to the 企业库, each value valid for its field), then all written in one
transaction or none; rows matched on the ledger's natural key, so importing the same list again changes
nothing — and a record edited in a form. Every change is recorded with who, when, before and after."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import models, transaction

from kegong.enterprises.models import Enterprise, EnterpriseAlias
from kegong.ledgers.base import Ledger
from kegong.ledgers.models import LedgerImport
from kegong.readers.errors import Issue, Loc
from kegong.readers.ledger import LedgerFile, LedgerRow, read_ledger
from kegong.readers.tables import read_tables


@dataclass
class ImportResult:
    ledger: Ledger
    rows: int
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)  # (object, ["字段：“之前”→“之后”", …])
    unchanged: int = 0
    record: LedgerImport | None = None

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def ledger_import(*, ledger: Ledger, path: Path, display: str | None = None, user=None) -> ImportResult:
    """Import a list into ``ledger``; raises IngestError (every problem named, nothing written)."""
    display = display or path.name
    parsed = read_ledger(read_tables(path, display), path, ledger.spec, display)
    return ledger_write(ledger=ledger, path=path, display=display, rows=len(parsed.rows),
                        planned=_plan(ledger, parsed), user=user)


def ledger_write(*, ledger: Ledger, path: Path, display: str, rows: int,
                 planned: list[tuple[models.Model, list[str] | None]], user=None) -> ImportResult:
    """Write an import planned row by row — (object, None) to create, (object, its changes) to update, (object,
    []) unchanged — in one transaction, recorded as a LedgerImport when anything changed. Every ledger's
    import ends here, whatever plans its rows (a ledger's own ``importer`` included)."""
    result = ImportResult(ledger, rows)
    with transaction.atomic():
        for obj, before in planned:
            if before is None:
                obj.save()
                result.created.append(obj)
            elif before:
                obj.save()
                result.updated.append((obj, before))
            else:
                result.unchanged += 1
        if result.changed:
            result.record = LedgerImport.objects.create(
                ledger=ledger.slug, file_name=display, digest=_digest(path), rows=result.rows,
                created=len(result.created), updated=len(result.updated), unchanged=result.unchanged,
                changes=_changes_text(result), imported_by=user)
    return result


def _plan(ledger: Ledger, parsed: LedgerFile) -> list[tuple[models.Model, list[str] | None]]:
    """Each row as the object to save and its changes (None: a new object; []: nothing changed)."""
    issues: list[Issue] = []
    firms = _enterprises(parsed, issues)
    out, seen = [], {}
    for row in parsed.rows:
        enterprise = firms.get(row.rownum)
        if enterprise is None or row.bad:
            continue
        values = ledger.to_fields({**row.values, "enterprise": enterprise})
        key = tuple(values.get(k) for k in ledger.key)
        if key in seen:
            issues.append(Issue(row.loc(parsed.display), f"与第 {seen[key]} 行重复（{_key_text(ledger, key)}）"))
            continue
        seen[key] = row.rownum
        absent = {c.key for c in ledger.spec.columns} - set(parsed.columns)  # columns the list does not have
        obj, before = _object(ledger, {k: v for k, v in values.items() if k not in absent}, values, key)
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as e:
            issues.extend(Issue(row.loc(parsed.display, header=_label(ledger, f)), "；".join(msgs))
                          for f, msgs in e.message_dict.items())
            continue
        out.append((obj, before))
    parsed.raise_if_any(issues)
    return out


def _object(ledger: Ledger, values: dict, new_values: dict, key: tuple) -> tuple[models.Model, list[str] | None]:
    """The object to save: a new one from ``new_values``, or the existing one with ``values`` (what the list
    has columns for: a column the list lacks leaves the stored value alone) and what changed."""
    existing = ledger.model.objects.filter(**dict(zip(ledger.key, key, strict=True))).first()
    if existing is None:
        return ledger.model(**new_values), None
    changes = []
    for name, value in values.items():
        old = getattr(existing, name)
        if old != value and not (old in (None, "") and value in (None, "")):
            changes.append(f"{_label(ledger, name)}：“{_show(old)}”→“{_show(value)}”")
            setattr(existing, name, value)
    return existing, changes


def _enterprises(parsed: LedgerFile, issues: list[Issue]) -> dict[int, Enterprise]:
    """Each row's enterprise, by credit code where the list has one, else by name or former name."""
    codes = {r.values.get("uscc") for r in parsed.rows} - {None}
    by_code = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes)}
    names = {r.values.get("enterprise_name") for r in parsed.rows if not r.values.get("uscc")} - {None}
    by_name = {e.name: e for e in Enterprise.objects.filter(name__in=names)}
    for a in EnterpriseAlias.objects.filter(name__in=names - set(by_name)).select_related("enterprise"):
        by_name.setdefault(a.name, a.enterprise)
    out = {}
    for row in parsed.rows:
        code, name = row.values.get("uscc"), row.values.get("enterprise_name")
        if row.bad and "uscc" not in row.values:  # its credit code could not be read: named already
            continue
        e = by_code.get(code) if code else by_name.get(name)
        if e is None:
            col = "uscc" if code else "enterprise_name"
            what = f"统一社会信用代码 {code}" if code else f"企业“{name}”" if name else "企业（信用代码和名称都为空）"
            issues.append(Issue(_cell(parsed, row, col), f"{what}不在企业库中，请先在企业库中登记"))
        else:
            out[row.rownum] = e
    return out


def _cell(parsed: LedgerFile, row: LedgerRow, key: str) -> Loc:
    return row.loc(parsed.display, parsed.columns.get(key), parsed.headers.get(key))


def _label(ledger: Ledger, name: str) -> str:
    try:
        return str(ledger.model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field error key such as __all__
        return "记录"


def _key_text(ledger: Ledger, key: tuple) -> str:
    return "，".join(f"{_label(ledger, k)} {_show(v)}" for k, v in zip(ledger.key, key, strict=True))


def _show(v) -> str:
    return "（空）" if v in (None, "") else str(v)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _changes_text(result: ImportResult) -> str:
    lines = [f"新增 {obj}" for obj in result.created]
    lines += [f"修改 {obj}：" + "；".join(ch) for obj, ch in result.updated]
    return "\n".join(lines)


def ledger_record_save(*, ledger: Ledger, form, user) -> models.Model:
    """Save a record from its form, recorded in the history with the values before and after."""
    from kegong.admin_log import change_message

    add = form.instance.pk is None
    with transaction.atomic():
        obj = form.save()
        LogEntry.objects.log_actions(user_id=user.pk, queryset=[obj], action_flag=ADDITION if add else CHANGE,
                                     change_message=change_message(form, (), add), single_object=True)
    return obj
