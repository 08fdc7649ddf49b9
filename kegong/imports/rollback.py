"""Rolling an import batch back: figures it changed get their old values again, figures it created or
removed are deleted or restored, and what else it did (enterprises, scale status, power accounts) is undone.

A batch can only be rolled back while no later batch has built on it (changed its figures or superseded it);
the message then names the batch to roll back first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kegong.admin_log import record
from kegong.core.errors import DataError
from kegong.db import delete_ids, insert_rows, update_rows
from kegong.enterprises.models import Enterprise, EnterpriseAlias, PowerAccount, ScaleStatus
from kegong.figures.locks import check_writable
from kegong.figures.models import FigureRevision, MonthlyFigure, PowerReading
from kegong.figures.store import record_change
from kegong.imports.models import BatchChange, ImportBatch
from kegong.imports.signals import batch_rolling_back

VALUE_FIELDS = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")


class RollbackError(DataError):
    """A batch that cannot be rolled back; the message is Chinese."""


@dataclass
class RollbackSummary:
    batch_id: int
    figures_restored: int = 0
    figures_deleted: int = 0
    figures_recreated: int = 0
    enterprises_deleted: int = 0
    changes_undone: int = 0
    reactivated: int | None = None


def _check(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.ROLLED_BACK:
        raise RollbackError(f"批次 {batch.pk} 已经撤销过了")
    live = ~_rolled_back()
    if batch.status == ImportBatch.Status.SUPERSEDED:
        later = (ImportBatch.objects.filter(source=batch.source, period_key=batch.period_key, pk__gt=batch.pk)
                 .exclude(status=ImportBatch.Status.ROLLED_BACK).order_by("-pk").first())
        if later is not None:
            raise RollbackError(f"批次 {batch.pk} 已被更正文件（批次 {later.pk}）替代，请先撤销批次 {later.pk}")
    later_ids = sorted(set(
        FigureRevision.objects.filter(old_batch=batch).exclude(replaced_by=batch)
        .filter(live).values_list("replaced_by_id", flat=True)))
    if later_ids:
        ids = "、".join(str(i) for i in later_ids)
        raise RollbackError(f"批次 {batch.pk} 的数据已被之后的批次 {ids} 修改，请先撤销批次 {ids}")
    touched = BatchChange.objects.filter(batch=batch, kind__in=[
        BatchChange.Kind.ENTERPRISE_UPDATED, BatchChange.Kind.SCALE_UPDATED, BatchChange.Kind.SCALE_CREATED,
        BatchChange.Kind.ENTERPRISE_CREATED])
    ent_ids = set(touched.values_list("enterprise_id", flat=True))
    if ent_ids:
        later = (BatchChange.objects.filter(batch__pk__gt=batch.pk, kind__in=[
            BatchChange.Kind.ENTERPRISE_UPDATED, BatchChange.Kind.SCALE_UPDATED])
            .exclude(batch__status=ImportBatch.Status.ROLLED_BACK))
        hit = sorted({b for b, e in later.values_list("batch_id", "enterprise_id") if e in ent_ids})
        if hit:
            ids = "、".join(str(i) for i in hit)
            raise RollbackError(f"批次 {batch.pk} 涉及的企业信息已被之后的批次 {ids} 修改，请先撤销批次 {ids}")


def _rolled_back():
    from django.db.models import Q

    return Q(replaced_by__status=ImportBatch.Status.ROLLED_BACK)


@transaction.atomic
def rollback_batch(batch_id: int, user=None) -> RollbackSummary:
    batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise RollbackError(f"批次 {batch_id} 不存在（用 kegong batches 查看批次编号）")
    _check(batch)
    for _receiver, refusal in batch_rolling_back.send(sender=batch.source, batch_id=batch.pk):
        if refusal:  # an app's records of the batch (项目库: its projects) that a later batch built on
            raise RollbackError(refusal)
    summary = RollbackSummary(batch_id=batch.pk)

    fields = ("pk", "enterprise_id", "indicator_id", "year", "month")
    current = {row[1:]: row[0] for row in
               MonthlyFigure.objects.filter(batch=batch).values_list(*fields).iterator(chunk_size=5000)}
    to_update: list[tuple] = []
    to_create: dict[tuple, tuple] = {}
    revs = (FigureRevision.objects.filter(replaced_by=batch).order_by("pk")
            .values_list("enterprise_id", "indicator_id", "year", "month", "start_month", *VALUE_FIELDS,
                         "old_batch_id"))
    restored: set[tuple] = set()
    for row in revs.iterator(chunk_size=5000):
        key = row[:4]
        if key in restored:  # the first revision of a figure in this batch holds its state before the batch
            continue
        restored.add(key)
        pk = current.pop(key, None)
        if pk is None:
            to_create[key] = row
        else:
            to_update.append((*row[4:], pk))
    created_ids = list(current.values())
    months = {(y, m) for _e, _i, y, m in [*current, *restored]}
    check_writable(months, RollbackError)  # an approved month refuses
    delete_ids(MonthlyFigure, created_ids)
    update_rows(MonthlyFigure, ("start_month", *VALUE_FIELDS, "batch"), to_update)
    insert_rows(MonthlyFigure, ("enterprise", "indicator", "year", "month", "start_month", *VALUE_FIELDS, "batch"),
                list(to_create.values()))
    summary.figures_deleted, summary.figures_restored = len(created_ids), len(to_update)
    summary.figures_recreated = len(to_create)

    _undo_changes(batch, summary)
    record_change(months)

    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.rolled_back_by, batch.rolled_back_at = user, timezone.now()
    batch.save(update_fields=["status", "rolled_back_by", "rolled_back_at"])
    if batch.period_key:
        previous = (ImportBatch.objects.filter(source=batch.source, period_key=batch.period_key, pk__lt=batch.pk,
                                               status=ImportBatch.Status.SUPERSEDED).order_by("-pk").first())
        if previous is not None:
            previous.status = ImportBatch.Status.ACTIVE
            previous.save(update_fields=["status"])
            summary.reactivated = previous.pk
    record("rollback", user=user, what=f"撤销导入批次 {batch.pk}（{batch.file_name}）：删除 {summary.figures_deleted} 条、"
           f"恢复 {summary.figures_restored + summary.figures_recreated} 条数据")
    return summary


def _undo_changes(batch: ImportBatch, summary: RollbackSummary) -> None:
    K = BatchChange.Kind
    created_enterprises: list[int] = []
    for ch in BatchChange.objects.filter(batch=batch).order_by("-pk").iterator(chunk_size=5000):
        summary.changes_undone += 1
        if ch.kind == K.ENTERPRISE_CREATED:
            created_enterprises.append(ch.enterprise_id)
        elif ch.kind == K.ENTERPRISE_UPDATED:
            e = Enterprise.objects.filter(pk=ch.enterprise_id).first()
            if e is not None:
                for k, v in ch.old.items():
                    setattr(e, k, v)
                e.save()
        elif ch.kind == K.ALIAS_CREATED:
            EnterpriseAlias.objects.filter(pk=ch.object_id).delete()
        elif ch.kind == K.SCALE_CREATED:
            ScaleStatus.objects.filter(enterprise_id=ch.enterprise_id, year=ch.year).delete()
        elif ch.kind == K.SCALE_UPDATED:
            ScaleStatus.objects.filter(enterprise_id=ch.enterprise_id, year=ch.year).update(**ch.old)
        elif ch.kind == K.READING_CREATED:
            PowerReading.objects.filter(pk=ch.object_id).delete()
        elif ch.kind == K.READING_UPDATED:
            PowerReading.objects.filter(pk=ch.object_id).update(kwh=ch.old["kwh"], batch_id=ch.old["batch_id"])
        elif ch.kind == K.ACCOUNT_CREATED:
            if not PowerReading.objects.filter(account_id=ch.object_id).exists():
                PowerAccount.objects.filter(pk=ch.object_id).delete()
        elif ch.kind == K.ACCOUNT_UPDATED:
            old = dict(ch.old)
            if old.get("matched_at"):
                from django.utils.dateparse import parse_datetime

                old["matched_at"] = parse_datetime(old["matched_at"])
            PowerAccount.objects.filter(pk=ch.object_id).update(**old)
    if created_enterprises:
        keep = set()
        for i in range(0, len(created_enterprises), 500):
            chunk = created_enterprises[i:i + 500]
            keep |= set(MonthlyFigure.objects.filter(enterprise_id__in=chunk).values_list("enterprise_id", flat=True))
            keep |= set(ScaleStatus.objects.filter(enterprise_id__in=chunk).values_list("enterprise_id", flat=True))
        doomed = [e for e in created_enterprises if e not in keep]
        for i in range(0, len(doomed), 500):
            chunk = doomed[i:i + 500]
            PowerAccount.objects.filter(enterprise_id__in=chunk).update(enterprise=None, matched_by="",
                                                                        matched_at=None)
            BatchChange.objects.filter(enterprise_id__in=chunk).delete()
            Enterprise.objects.filter(pk__in=chunk).delete()
        summary.enterprises_deleted = len(doomed)
