"""项目库 imported by ``kegong import`` keeps its projects: beside the two indicators the imports write (工业投资,
技改投资), each project of the list becomes (or updates) a Project of the list's year — its name, its
enterprise as owner, 计划总投资, counted as 工业投资 with the reason — and its months' completed investment
ProjectProgress rows, in the import's transaction. What was created or changed is logged per batch
(LibraryChange), so rolling the batch back (kegong.imports.rollback) removes what it created and restores
what it changed. Connected to the imports' signals (kegong.imports.signals) when the app is ready."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

from kegong.enterprises.models import Enterprise
from kegong.projects.models import LibraryChange, Project, ProjectProgress, ProjectTheme
from kegong.readers.errors import IngestError, Issue, Loc

SOURCE = "project"  # kegong.readers.project.SOURCE
THEME = "工业投资项目"  # the category an imported project gets
K = LibraryChange.Kind
PROJECT_FIELDS = ("enterprise_id", "total_investment", "counts_as_industrial", "industrial_reason")


def _q2(v) -> Decimal:
    """An amount in 万元 as stored: two decimals, half up (a list in 元 gives 万元 with four)."""
    return Decimal(v).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def reason(renovation: bool) -> str:
    return f"项目库工业投资清单所列项目（技改：{'是' if renovation else '否'}）"


def on_file_written(sender, *, parsed, batch_id: int, **kw) -> None:
    if sender == SOURCE:
        changes = library_import(data=parsed.extra, display=parsed.display, batch_id=batch_id)
        if changes:
            parsed.records.findings.append(summary_line(changes))


def on_rolling_back(sender, *, batch_id: int, **kw) -> str | None:
    return library_rollback(batch_id=batch_id) if sender == SOURCE else None


def _loc(display: str, r, header: str | None = None) -> Loc:
    return Loc(display, r.sheet, r.rownum, header=header)


def _months(data, r) -> dict[int, Decimal]:
    """The row's completed investment by month (万元): the list's month columns, else 本月完成 (or 本年完成 less
    the months already stored) for the list's month."""
    if data.monthly:
        return dict(r.months)
    if r.month_value is not None:
        return {data.month: r.month_value}
    if r.cumulative is None:
        return {}
    earlier = sum((p.completed for p in ProjectProgress.objects.filter(
        project__name=r.project.strip(), project__year=data.year, year=data.year, month__lt=data.month)), Decimal(0))
    return {data.month: r.cumulative - earlier}


def _check(data, display: str) -> list[tuple]:
    """Each matched row as (row, name, months); every problem raised together, nothing written."""
    issues, out, seen = [], [], {}
    for r in data.rows:
        if not r.matched:  # the enterprise is not in the register: the import's findings name it
            continue
        name = r.project.strip()
        if not name:
            issues.append(Issue(_loc(display, r, "项目名称"), "项目名称为空"))
            continue
        if name in seen:
            issues.append(Issue(_loc(display, r, "项目名称"), f"项目“{name}”与第 {seen[name]} 行重复"))
            continue
        seen[name] = r.rownum
        months = _months(data, r)
        bad = [m for m, v in months.items() if v < 0]
        if bad:
            issues.append(Issue(_loc(display, r), f"{bad[0]}月完成投资为负数，项目的月度完成投资不能为负"))
            continue
        out.append((r, name, months))
    if issues:
        raise IngestError(issues)
    return out


def summary_line(changes: list[LibraryChange]) -> str:
    """What the import's summary says of the projects kept."""
    n = {k: sum(1 for c in changes if c.kind == k) for k in K.values}
    return (f"项目库：新增项目 {n[K.PROJECT_CREATED]} 个、更新 {n[K.PROJECT_UPDATED]} 个，月度完成投资新增 "
            f"{n[K.PROGRESS_CREATED]} 条、修改 {n[K.PROGRESS_UPDATED]} 条（台账“示范区重点项目”）")


def library_import(*, data, display: str, batch_id: int) -> list[LibraryChange]:
    """Write the list's projects and their months (``data``: kegong.readers.project.ProjectData, its rows
    matched to the register); what was created or changed."""
    rows = _check(data, display)
    if not rows:
        return []
    firms = {e.uscc: e for e in Enterprise.objects.filter(uscc__in={r.matched for r, _n, _m in rows})}
    changes: list[LibraryChange] = []
    theme = ProjectTheme.objects.filter(name=THEME).first()
    if theme is None:
        theme = ProjectTheme.objects.create(name=THEME, order=90)
        changes.append(LibraryChange(batch_id=batch_id, kind=K.THEME_CREATED, object_pk=theme.pk))
    issues: list[Issue] = []
    for r, name, months in rows:
        try:
            project = _project(r, name, data.year, firms[r.matched], theme, months, batch_id, changes)
        except ValidationError as e:
            issues.extend(Issue(_loc(display, r, _label(Project, f)), "；".join(m)) for f, m in e.message_dict.items())
            continue
        for month, value in sorted(months.items()):
            _progress(project, data.year, month, value, batch_id, changes)
    if issues:
        raise IngestError(issues)  # inside the import's transaction: nothing of the import is kept
    LibraryChange.objects.bulk_create(changes)
    return changes


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a non-field error key such as __all__
        return "项目"


def _project(r, name: str, year: int, owner: Enterprise, theme: ProjectTheme, months: dict, batch_id: int,
             changes: list) -> Project:
    want = {"enterprise_id": owner.pk, "counts_as_industrial": True, "industrial_reason": reason(r.renovation)}
    if r.planned is not None:
        want["total_investment"] = _q2(r.planned)
    p = Project.objects.filter(name=name, year=year).first()
    if p is None:
        p = Project(name=name, year=year, theme=theme, total_investment=want.pop("total_investment", Decimal(0)),
                    plan_investment=Decimal(0), stage=Project.Stage.BUILDING if any(months.values())
                    else Project.Stage.PENDING, **want)
        p.full_clean(validate_unique=False)
        p.save()
        changes.append(LibraryChange(batch_id=batch_id, kind=K.PROJECT_CREATED, project_pk=p.pk, object_pk=p.pk))
        return p
    old = {f: getattr(p, f) for f in want if getattr(p, f) != want[f]}
    if old:
        for f in old:
            setattr(p, f, want[f])
        p.full_clean(validate_unique=False)
        p.save()
        changes.append(LibraryChange(batch_id=batch_id, kind=K.PROJECT_UPDATED, project_pk=p.pk, object_pk=p.pk,
                                     old={f: str(v) if isinstance(v, Decimal) else v for f, v in old.items()}))
    return p


def _progress(project: Project, year: int, month: int, value: Decimal, batch_id: int, changes: list) -> None:
    value = _q2(value)
    row = ProjectProgress.objects.filter(project=project, year=year, month=month).first()
    if row is None:
        row = ProjectProgress.objects.create(project=project, year=year, month=month, completed=value)
        changes.append(LibraryChange(batch_id=batch_id, kind=K.PROGRESS_CREATED, project_pk=project.pk,
                                     object_pk=row.pk))
    elif row.completed != value:
        changes.append(LibraryChange(batch_id=batch_id, kind=K.PROGRESS_UPDATED, project_pk=project.pk,
                                     object_pk=row.pk, old={"completed": str(row.completed)}))
        row.completed = value
        row.save(update_fields=["completed"])


def library_rollback(*, batch_id: int) -> str | None:
    """Undo what the batch did to the projects, newest first; or why it cannot be undone yet (a later batch
    changed a project or month it created or changed)."""
    mine = list(LibraryChange.objects.filter(batch_id=batch_id).order_by("-pk"))
    touched = {c.project_pk for c in mine if c.project_pk}
    later = sorted(set(LibraryChange.objects.filter(batch_id__gt=batch_id, project_pk__in=touched)
                       .values_list("batch_id", flat=True)))
    if later:
        ids = "、".join(str(i) for i in later)
        return f"批次 {batch_id} 导入的项目已被之后的批次 {ids} 修改，请先撤销批次 {ids}"
    for c in mine:
        if c.kind == K.PROGRESS_CREATED:
            ProjectProgress.objects.filter(pk=c.object_pk).delete()
        elif c.kind == K.PROGRESS_UPDATED:
            ProjectProgress.objects.filter(pk=c.object_pk).update(completed=Decimal(c.old["completed"]))
        elif c.kind == K.PROJECT_CREATED:
            Project.objects.filter(pk=c.object_pk).delete()
        elif c.kind == K.PROJECT_UPDATED:
            Project.objects.filter(pk=c.object_pk).update(**{
                f: Decimal(v) if f == "total_investment" else v for f, v in c.old.items()})
        elif c.kind == K.THEME_CREATED:
            ProjectTheme.objects.filter(pk=c.object_pk, projects__isnull=True).delete()
    LibraryChange.objects.filter(batch_id=batch_id).delete()
    return None
