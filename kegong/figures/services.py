"""Writing figures: the one service every import (and the demo generator) goes through.

Atomic: everything a record set carries is written in one transaction or nothing is. Idempotent: writing
the same records again changes nothing (no new revisions, no updated rows). A changed figure keeps its old
value in FigureRevision so that a batch can be rolled back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from kegong.enterprises.models import Enterprise, EnterpriseAlias, OrgUnit, ScaleStatus
from kegong.figures.catalogue import INDICATORS
from kegong.figures.models import FigureRevision, ImportBatch, Indicator, MonthlyFigure
from kegong.ingest.records import EnterpriseRecord, FigureRecord, RecordSet

VALUE_FIELDS = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
Progress = Callable[[int], None]


@dataclass
class WriteSummary:
    batch_id: int | None
    enterprises_created: int = 0
    enterprises_updated: int = 0
    figures_created: int = 0
    figures_updated: int = 0
    figures_unchanged: int = 0
    already_imported: bool = False

    @property
    def figures_written(self) -> int:
        return self.figures_created + self.figures_updated


def sync_catalogue() -> None:
    """Make the Indicator table match the catalogue (idempotent)."""
    for d in INDICATORS:
        Indicator.objects.update_or_create(
            code=d.code,
            defaults={"name": d.name, "unit": d.unit, "kind": d.kind, "source": d.source,
                      "aggregation": d.aggregation, "order": d.order},
        )


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def county() -> OrgUnit:
    unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).first()
    if unit is None:
        unit = OrgUnit.objects.create(name="本县", kind=OrgUnit.Kind.COUNTY)
    return unit


def _org(kind: str, name: str, cache: dict) -> OrgUnit:
    key = (kind, name)
    if key not in cache:
        cache[key], _ = OrgUnit.objects.get_or_create(kind=kind, name=name, defaults={"parent": county()})
    return cache[key]


def upsert_enterprises(records: Iterable[EnterpriseRecord]) -> tuple[dict[str, Enterprise], int, int]:
    """Create or update enterprises by credit code; returns (uscc → enterprise, created, updated)."""
    records = list(records)
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[r.uscc for r in records])}
    orgs: dict = {}
    created = updated = 0
    for r in records:
        town = _org(OrgUnit.Kind.TOWN, r.town, orgs)
        park = _org(OrgUnit.Kind.PARK, r.park, orgs) if r.park else None
        e = existing.get(r.uscc)
        if e is None:
            e = Enterprise(uscc=r.uscc, name=r.name, industry_code=r.industry_code, town=town, park=park,
                           chain=r.chain, contact_person=r.contact_person, contact_phone=r.contact_phone)
            e.save()
            existing[r.uscc] = e
            created += 1
        else:
            changes = {"industry_code": r.industry_code, "town_id": town.pk}
            if park is not None:
                changes["park_id"] = park.pk
            for attr in ("chain", "contact_person", "contact_phone"):
                if getattr(r, attr):
                    changes[attr] = getattr(r, attr)
            if r.name != e.name:
                EnterpriseAlias.objects.get_or_create(enterprise=e, name=e.name,
                                                      defaults={"kind": EnterpriseAlias.Kind.FORMER})
                changes["name"] = r.name
            if any(getattr(e, k) != v for k, v in changes.items()):
                for k, v in changes.items():
                    setattr(e, k, v)
                e.save()
                updated += 1
        for alias in r.aliases:
            EnterpriseAlias.objects.get_or_create(enterprise=e, name=alias)
    return existing, created, updated


def _dec(v: Decimal | float | None) -> Decimal | None:
    if v is None:
        return None
    return Decimal(v).quantize(Decimal("0.0001")) if not isinstance(v, Decimal) else v.quantize(Decimal("0.0001"))


@transaction.atomic
def write_records(records: RecordSet, *, file_name: str, file_hash: str, user=None,
                  progress: Progress | None = None, replace_scope: bool = True) -> WriteSummary:
    """Write one file's records in one transaction. Returns what changed.

    The same file (same hash, still active) is not written twice. Figures that differ from the stored
    ones are updated and their old values kept in FigureRevision under the new batch.
    """
    sync_catalogue() if not Indicator.objects.exists() else None
    prior = ImportBatch.objects.filter(file_hash=file_hash, source=records.source,
                                       status=ImportBatch.Status.ACTIVE).first()
    if prior is not None:
        return WriteSummary(batch_id=prior.pk, already_imported=True)

    batch = ImportBatch.objects.create(source=records.source, file_name=file_name, file_hash=file_hash,
                                       period_key=records.period_key, imported_by=user, rows=records.rows_read,
                                       note="\n".join(records.findings)[:5000])
    by_uscc, created, updated = upsert_enterprises(records.enterprises)
    missing = {f.uscc for f in records.figures} | {s.uscc for s in records.scale}
    missing -= set(by_uscc)
    if missing:
        by_uscc.update({e.uscc: e for e in Enterprise.objects.filter(uscc__in=missing)})

    for s in records.scale:
        ScaleStatus.objects.update_or_create(
            enterprise=by_uscc[s.uscc], year=s.year,
            defaults={"above_scale": s.above_scale, "entered_year": s.entered_year},
        )

    summary = WriteSummary(batch_id=batch.pk, enterprises_created=created, enterprises_updated=updated)
    _write_figures(records.figures, by_uscc, batch, summary, progress)
    batch.figures_written = summary.figures_written
    batch.save(update_fields=["figures_written"])
    return summary


def _write_figures(figures: list[FigureRecord], by_uscc: dict[str, Enterprise], batch: ImportBatch,
                   summary: WriteSummary, progress: Progress | None) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    ent_ids = {by_uscc[f.uscc].pk for f in figures}
    ind_ids = {indicators[f.indicator].pk for f in figures}
    years = {f.year for f in figures}
    existing: dict[tuple[int, int, int, int], MonthlyFigure] = {}
    if figures:
        qs = MonthlyFigure.objects.filter(indicator_id__in=ind_ids, year__in=years)
        if len(ent_ids) < 500:
            qs = qs.filter(enterprise_id__in=ent_ids)
        for mf in qs.iterator(chunk_size=5000):
            existing[(mf.enterprise_id, mf.indicator_id, mf.year, mf.month)] = mf

    to_create: list[MonthlyFigure] = []
    to_update: list[MonthlyFigure] = []
    revisions: list[FigureRevision] = []
    for n, f in enumerate(figures, 1):
        ent = by_uscc[f.uscc]
        ind = indicators[f.indicator]
        values = {k: _dec(getattr(f, k)) for k in VALUE_FIELDS}
        key = (ent.pk, ind.pk, f.year, f.month)
        mf = existing.get(key)
        if mf is None:
            mf = MonthlyFigure(enterprise=ent, indicator=ind, year=f.year, month=f.month,
                               start_month=f.start_month, batch=batch, **values)
            to_create.append(mf)
            existing[key] = mf
            summary.figures_created += 1
        elif mf.start_month == f.start_month and all(
            _dec(getattr(mf, k)) == v for k, v in values.items()
        ):
            summary.figures_unchanged += 1
        else:
            if mf.pk is not None:
                revisions.append(FigureRevision(
                    enterprise_id=mf.enterprise_id, indicator_id=mf.indicator_id, year=mf.year, month=mf.month,
                    start_month=mf.start_month, old_batch_id=mf.batch_id, replaced_by=batch,
                    **{k: getattr(mf, k) for k in VALUE_FIELDS}))
                to_update.append(mf)
            mf.start_month = f.start_month
            for k, v in values.items():
                setattr(mf, k, v)
            mf.batch = batch
            summary.figures_updated += 1
        if progress and n % 2000 == 0:
            progress(2000)
    MonthlyFigure.objects.bulk_create(to_create, batch_size=2000)
    MonthlyFigure.objects.bulk_update(to_update, [*VALUE_FIELDS, "start_month", "batch"], batch_size=1000)
    FigureRevision.objects.bulk_create(revisions, batch_size=2000)
    if progress:
        progress(len(figures) % 2000)
