"""Writing an import's records: the one service every import (and the demo generator) goes through.

Atomic: everything a record set carries is written in one transaction or nothing is. Idempotent: writing
the same records again changes nothing (no new revisions, no updated rows). A changed figure keeps its old
value in FigureRevision so that a batch can be rolled back (see ``kegong.imports.rollback``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from kegong.core.catalogue import INDICATORS
from kegong.core.codes.industry import classify
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet
from kegong.db import delete_ids, insert_rows, prep, update_rows
from kegong.enterprises.models import Enterprise, EnterpriseAlias, OrgUnit, ScaleStatus
from kegong.enterprises.services import org_unit
from kegong.figures.locks import check_writable
from kegong.figures.models import FigureRevision, Indicator, MonthlyFigure
from kegong.figures.services import sync_catalogue
from kegong.figures.store import record_change
from kegong.imports.models import BatchChange, ImportBatch

VALUE_FIELDS = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
ENTERPRISE_FIELDS = ("name", "industry_code", "town_id", "park_id", "chain", "contact_person", "contact_phone",
                     "registered_on")
Progress = Callable[[int], None]
_IN_LIMIT = 500  # above this many ids, load the whole table slice instead of a huge IN (…) list


@dataclass
class WriteSummary:
    batch_id: int | None
    enterprises_created: int = 0
    enterprises_updated: int = 0
    figures_created: int = 0
    figures_updated: int = 0
    figures_unchanged: int = 0
    figures_removed: int = 0
    already_imported: bool = False

    @property
    def figures_written(self) -> int:
        return self.figures_created + self.figures_updated + self.figures_removed


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _ids_by_uscc(usccs: set[str]) -> dict[str, int]:
    if not usccs:
        return {}
    if len(usccs) > _IN_LIMIT:
        return {u: i for u, i in Enterprise.objects.values_list("uscc", "pk").iterator(chunk_size=5000) if u in usccs}
    return dict(Enterprise.objects.filter(uscc__in=usccs).values_list("uscc", "pk"))


def _enterprises_by_uscc(usccs: set[str]) -> dict[str, Enterprise]:
    ids = _ids_by_uscc(usccs)
    return {e.uscc: e for e in Enterprise.objects.filter(pk__in=list(ids.values()))} if len(ids) <= _IN_LIMIT else \
        {e.uscc: e for e in Enterprise.objects.all() if e.uscc in usccs}


def _log(batch: ImportBatch, kind: str, enterprise_id: int | None = None, year: int | None = None,
         object_id: int | None = None, old: dict | None = None) -> tuple:
    return (batch.pk, kind, enterprise_id, year, object_id, prep(BatchChange, "old", old) if old else _empty_json())


def _empty_json():
    if connection.vendor not in _EMPTY:
        _EMPTY[connection.vendor] = prep(BatchChange, "old", {})
    return _EMPTY[connection.vendor]


_EMPTY: dict[str, object] = {}


LOG_FIELDS = ("batch", "kind", "enterprise", "year", "object_id", "old")


def upsert_enterprises(records: Iterable[EnterpriseRecord], batch: ImportBatch | None = None
                       ) -> tuple[dict[str, Enterprise], int, int]:
    """Create or update enterprises by credit code; returns (uscc → enterprise, created, updated)."""
    ids, created, updated = _upsert_enterprise_ids(records, batch)
    return _enterprises_by_uscc(set(ids)), created, updated


def _upsert_enterprise_ids(records: Iterable[EnterpriseRecord], batch: ImportBatch | None
                           ) -> tuple[dict[str, int], int, int]:
    """Create or update enterprises by credit code; returns (uscc → id, created, updated). With a batch,
    what was created or changed is logged (BatchChange) so that the batch can be undone."""
    records = list({r.uscc: r for r in records}.values())
    existing = _stored_enterprises({r.uscc for r in records})
    orgs: dict = {}
    logs: list[tuple] = []
    new_rows: list[tuple] = []
    updated = 0
    now = prep(Enterprise, "created_at", timezone.now())
    for r in records:
        town = org_unit(OrgUnit.Kind.TOWN, r.town, orgs)
        park = org_unit(OrgUnit.Kind.PARK, r.park, orgs) if r.park else None
        cls = classify(r.industry_code)
        e = existing.get(r.uscc)
        if e is None:
            new_rows.append((r.uscc, r.name, cls.code, cls.section, cls.division, town.pk, park.pk if park else None,
                             r.chain, r.contact_person, r.contact_phone, r.registered_on, now))
        elif (want := _changes(r, e, cls.code, town, park)) is not None:
            _update_enterprise(e, want, cls, batch, logs)
            updated += 1
    insert_rows(Enterprise, NEW_ENTERPRISE_FIELDS, new_rows)
    ids = {u: e["pk"] for u, e in existing.items()}
    new_ids = _ids_by_uscc({row[0] for row in new_rows})
    ids.update(new_ids)
    if batch is not None:
        logs.extend(_log(batch, BatchChange.Kind.ENTERPRISE_CREATED, i) for i in new_ids.values())
    _add_aliases(records, ids, batch, logs)
    insert_rows(BatchChange, LOG_FIELDS, logs)
    return ids, len(new_rows), updated


NEW_ENTERPRISE_FIELDS = ("uscc", "name", "industry_code", "industry_section", "industry_division", "town", "park",
                         "chain", "contact_person", "contact_phone", "registered_on", "created_at")


def _stored_enterprises(usccs: set[str]) -> dict[str, dict]:
    """The stored enterprises among ``usccs``: uscc → {pk, uscc, name, industry_code, town_id, …}."""
    fields = ("pk", "uscc", *ENTERPRISE_FIELDS)
    qs = Enterprise.objects.values_list(*fields)
    if len(usccs) <= _IN_LIMIT:
        qs = qs.filter(uscc__in=usccs)
    return {row[1]: dict(zip(fields, row)) for row in qs.iterator(chunk_size=5000) if row[1] in usccs}


def _changes(r: EnterpriseRecord, e: dict, industry_code: str, town: OrgUnit, park: OrgUnit | None) -> dict | None:
    """What the record changes in the stored enterprise (a blank in the file changes nothing), or None."""
    want = {"industry_code": industry_code, "town_id": town.pk}
    if park is not None:
        want["park_id"] = park.pk
    for attr in ("chain", "contact_person", "contact_phone", "registered_on"):
        if getattr(r, attr):
            want[attr] = getattr(r, attr)
    if r.name != e["name"]:
        want["name"] = r.name
    return None if all(e[k] == v for k, v in want.items()) else want


def _update_enterprise(e: dict, want: dict, cls, batch: ImportBatch | None, logs: list[tuple]) -> None:
    """Apply the changes; a new name keeps the old one as a former name (曾用名)."""
    if "name" in want:
        alias, made = EnterpriseAlias.objects.get_or_create(
            enterprise_id=e["pk"], name=e["name"], defaults={"kind": EnterpriseAlias.Kind.FORMER})
        if made and batch is not None:
            logs.append(_log(batch, BatchChange.Kind.ALIAS_CREATED, e["pk"], object_id=alias.pk))
    Enterprise.objects.filter(pk=e["pk"]).update(**want, industry_section=cls.section,
                                                 industry_division=cls.division)
    if batch is not None:
        logs.append(_log(batch, BatchChange.Kind.ENTERPRISE_UPDATED, e["pk"],
                         old={k: e[k].isoformat() if hasattr(e[k], "isoformat") else e[k]
                              for k in ENTERPRISE_FIELDS}))


def _add_aliases(records: list[EnterpriseRecord], ids: dict[str, int], batch: ImportBatch | None,
                 logs: list[tuple]) -> None:
    for r in records:
        for alias_name in r.aliases:
            alias, made = EnterpriseAlias.objects.get_or_create(enterprise_id=ids[r.uscc], name=alias_name)
            if made and batch is not None:
                logs.append(_log(batch, BatchChange.Kind.ALIAS_CREATED, ids[r.uscc], object_id=alias.pk))


def _write_scale(records: RecordSet, ids: dict[str, int], batch: ImportBatch) -> None:
    if not records.scale:
        return
    years = {s.year for s in records.scale}
    ent_ids = {ids[s.uscc] for s in records.scale}
    qs = ScaleStatus.objects.filter(year__in=years)
    if len(ent_ids) <= _IN_LIMIT:
        qs = qs.filter(enterprise_id__in=ent_ids)
    existing = {(e, y): (pk, a, n) for pk, e, y, a, n in
                qs.values_list("pk", "enterprise_id", "year", "above_scale", "entered_year").iterator(chunk_size=5000)}
    to_create, to_update, logs = [], [], []
    for s in {(r.uscc, r.year): r for r in records.scale}.values():
        ent = ids[s.uscc]
        cur = existing.get((ent, s.year))
        if cur is None:
            to_create.append((ent, s.year, s.above_scale, s.entered_year, ""))
            logs.append(_log(batch, BatchChange.Kind.SCALE_CREATED, ent, s.year))
            continue
        pk, above, entered_old = cur
        entered = s.entered_year if s.entered_year is not None else entered_old
        if (above, entered_old) != (s.above_scale, entered):
            logs.append(_log(batch, BatchChange.Kind.SCALE_UPDATED, ent, s.year,
                             old={"above_scale": above, "entered_year": entered_old}))
            to_update.append((s.above_scale, entered, pk))
    insert_rows(ScaleStatus, ("enterprise", "year", "above_scale", "entered_year", "note"), to_create)
    update_rows(ScaleStatus, ("above_scale", "entered_year"), to_update)
    insert_rows(BatchChange, LOG_FIELDS, logs)


def _dec(v: Decimal | float | None) -> Decimal | None:
    if v is None:
        return None
    return Decimal(v).quantize(Decimal("0.0001")) if not isinstance(v, Decimal) else v.quantize(Decimal("0.0001"))


_Q4, _CENT = Decimal("0.0001"), Decimal("0.01")


def _amount(v: Decimal | float | None) -> Decimal | None:
    """An amount as stored (4 places). A Decimal in whole cents or at 4 places already is kept as it is: the
    same value, and no new object per figure (a province-size import holds millions of them)."""
    if type(v) is Decimal:
        return v if v.same_quantum(_CENT) or v.same_quantum(_Q4) else v.quantize(_Q4)
    return _dec(v)


@transaction.atomic
def write_records(records: RecordSet, *, file_name: str, file_hash: str, user=None,
                  progress: Progress | None = None, replace_scope: bool = True) -> WriteSummary:
    """Write one file's records in one transaction. Returns what changed.

    The same file (same hash, still active) is not written twice. Figures that differ from the stored
    ones are updated and their old values kept in FigureRevision under the new batch. With
    ``replace_scope`` the records speak for their whole scope — the (indicator, year, month) triples in
    ``records.scope`` or else in the figures: a figure of that scope written earlier from the same source
    and absent from these records is removed (kept in FigureRevision), and earlier active batches of the
    same source and period are marked superseded.
    """
    if Indicator.objects.count() < len(INDICATORS):
        sync_catalogue()
    prior = ImportBatch.objects.filter(file_hash=file_hash, source=records.source,
                                       status=ImportBatch.Status.ACTIVE).first()
    if prior is not None:
        return WriteSummary(batch_id=prior.pk, already_imported=True)

    batch = ImportBatch.objects.create(source=records.source, file_name=file_name[:255], file_hash=file_hash,
                                       period_key=records.period_key[:20], imported_by=user,
                                       rows=records.rows_read, note="\n".join(records.findings)[:5000])
    if replace_scope and records.period_key:
        (ImportBatch.objects.filter(source=records.source, period_key=batch.period_key,
                                    status=ImportBatch.Status.ACTIVE)
         .exclude(pk=batch.pk).update(status=ImportBatch.Status.SUPERSEDED))
    ids, created, updated = _upsert_enterprise_ids(records.enterprises, batch)
    missing = {f.uscc for f in records.figures} | {s.uscc for s in records.scale}
    missing -= set(ids)
    if missing:
        ids.update(_ids_by_uscc(missing))
    _write_scale(records, ids, batch)

    summary = WriteSummary(batch_id=batch.pk, enterprises_created=created, enterprises_updated=updated)
    _write_figures(records, ids, batch, summary, progress, replace_scope)
    if summary.figures_written or created or updated or records.scale:
        scope = records.scope if records.scope is not None else ()
        record_change({(f.year, f.month) for f in records.figures} | {(y, m) for _i, y, m in scope})
    batch.figures_written = summary.figures_written
    batch.save(update_fields=["figures_written"])
    return summary


FIGURE_ROW = ("pk", "enterprise_id", "indicator_id", "year", "month", "start_month", *VALUE_FIELDS, "batch_id")
REVISION_FIELDS = ("enterprise", "indicator", "year", "month", "start_month", *VALUE_FIELDS, "old_batch",
                   "replaced_by", "existed")


def _write_figures(records: RecordSet, ids: dict[str, int], batch: ImportBatch,
                   summary: WriteSummary, progress: Progress | None, replace_scope: bool) -> None:
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    scope = set(records.scope) if records.scope is not None else \
        {(f.indicator, f.year, f.month) for f in records.figures}
    existing, source_of_batch = _stored_figures(records, ids, indicators, scope, replace_scope)
    plan = _FigurePlan()
    step = 0
    for f in records.figures:
        plan.take(f, ids[f.uscc], indicators[f.indicator], existing, batch.pk, summary)
        step += 1
        if progress and step == 5000:
            progress(step)
            step = 0
    removed: list[int] = []
    if replace_scope and scope:
        codes = {pk: c for c, pk in indicators.items()}
        for key, row in existing.items():
            if (key not in plan.matched and (codes[row[2]], row[3], row[4]) in scope
                    and source_of_batch.get(row[-1]) == records.source):
                plan.revisions.append((*row[1:10], row[10], batch.pk, True))
                removed.append(row[0])
    check_writable({k[2:4] for k in plan.to_create} | {r[2:4] for r in plan.revisions})  # an approved month refuses
    insert_rows(MonthlyFigure, ("enterprise", "indicator", "year", "month", "start_month", *VALUE_FIELDS, "batch"),
                list(plan.to_create.values()))
    update_rows(MonthlyFigure, ("start_month", *VALUE_FIELDS, "batch"), list(plan.to_update.values()))
    insert_rows(FigureRevision, REVISION_FIELDS, plan.revisions)
    delete_ids(MonthlyFigure, removed)
    summary.figures_removed = len(removed)
    if progress and step:
        progress(step)


def _stored_figures(records: RecordSet, ids: dict[str, int], indicators: dict[str, int], scope: set,
                    replace_scope: bool) -> tuple[dict[tuple, tuple], dict[int | None, str]]:
    """The stored figures these records may replace, keyed (enterprise, indicator, year, month), and the
    source of each batch they came from."""
    figures = records.figures
    ent_ids = {ids[f.uscc] for f in figures}
    ind_ids = {indicators[c] for c, _, _ in scope} | {indicators[f.indicator] for f in figures}
    if not ind_ids:
        return {}, {}
    years = {y for _, y, _ in scope} | {f.year for f in figures}
    months = {m for _, _, m in scope} | {f.month for f in figures}
    qs = MonthlyFigure.objects.filter(indicator_id__in=ind_ids, year__in=years, month__in=months)
    if len(ent_ids) < _IN_LIMIT and not replace_scope:
        qs = qs.filter(enterprise_id__in=ent_ids)
    existing = {(row[1], row[2], row[3], row[4]): row for row in qs.values_list(*FIGURE_ROW).iterator(chunk_size=5000)}
    batch_ids = {row[-1] for row in existing.values()}
    source_of_batch = dict(ImportBatch.objects.filter(pk__in=batch_ids).values_list("pk", "source")) \
        if len(batch_ids) < _IN_LIMIT else dict(ImportBatch.objects.values_list("pk", "source"))
    return existing, source_of_batch


@dataclass
class _FigurePlan:
    """What writing the records does to the stored figures: rows to create and update, the revisions that
    keep the old values, and the stored figures the records speak for (the others may be removed)."""

    to_create: dict[tuple, tuple] = field(default_factory=dict)
    to_update: dict[int, tuple] = field(default_factory=dict)
    revisions: list[tuple] = field(default_factory=list)
    matched: set[tuple] = field(default_factory=set)

    def take(self, f: FigureRecord, ent: int, ind: int, existing: dict, batch_id: int, summary: WriteSummary) -> None:
        values = (_amount(f.value), _amount(f.cumulative), _amount(f.prior_year_value),
                  _amount(f.prior_year_cumulative))
        key = (ent, ind, f.year, f.month)
        row = existing.get(key)
        if row is None:
            if key in self.to_create:
                summary.figures_created -= 1
            self.to_create[key] = (ent, ind, f.year, f.month, f.start_month, *values, batch_id)
            summary.figures_created += 1
        elif row[5] == f.start_month and row[6:10] == values:
            self.matched.add(key)
            summary.figures_unchanged += 1
        elif row[0] in self.to_update:
            self.to_update[row[0]] = (f.start_month, *values, batch_id, row[0])
        else:
            self.matched.add(key)
            self.revisions.append((*row[1:10], row[10], batch_id, True))
            self.to_update[row[0]] = (f.start_month, *values, batch_id, row[0])
            summary.figures_updated += 1
