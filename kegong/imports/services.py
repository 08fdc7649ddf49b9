"""The database side of an import: read every file first (all hard errors collected, nothing written), then,
in one transaction, complete each file's records from what is stored (cumulative tax, power-account matches,
enterprises missing from a later list) and write them through ``write_records``. ``dry_run`` does the same
and rolls the transaction back, so the summary shows exactly what would change."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kegong.core.catalogue import SOURCES
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.records import RecordSet
from kegong.enterprises.models import Enterprise, EnterpriseAlias, OrgUnit, PowerAccount
from kegong.figures.models import MonthlyFigure, PowerReading
from kegong.imports.models import BatchChange, ImportBatch
from kegong.imports.rollback import RollbackSummary
from kegong.imports.sandbox import read_file_capped
from kegong.imports.signals import file_written
from kegong.imports.writer import WriteSummary, file_sha256, write_records
from kegong.readers import power as power_mod
from kegong.readers import project as project_mod
from kegong.readers import tax as tax_mod
from kegong.readers.common import ParsedFile, ReadOptions
from kegong.readers.errors import IngestError, Issue, Loc
from kegong.readers.flows import Key, Stored, flow_figures
from kegong.readers.mapping import ColumnMapping
from kegong.readers.matching import NameIndex
from kegong.readers.tongji import missing_message

ProgressFactory = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]
StageHook = Callable[[str, str], None]  # (stage 读取/校验/写入, file display name)


@dataclass
class FileResult:
    display: str
    source: str
    period_key: str
    rows_read: int
    summary: WriteSummary
    findings: list[str] = field(default_factory=list)
    figures: int = 0


@dataclass(frozen=True)
class ImportChoices:
    """What the user chose for this import beyond the files: a mapping or a named profile for the columns
    kegong does not know, a reason for accepting 合计 rows that do not add up, new towns and parks confirmed."""

    profile: str = ""
    mapping: ColumnMapping | None = None
    accept_totals: str = ""
    new_towns: bool = False

    def read_options(self, period: Period | None, display_name: str | None) -> ReadOptions:
        from kegong.imports.profiles import profile_mapping, profile_mappings

        mapping = self.mapping or (profile_mapping(self.profile) if self.profile else None)
        return ReadOptions(period=period, display_name=display_name, mapping=mapping,
                           profiles=() if mapping else profile_mappings(), accept_totals=self.accept_totals.strip())


def parse_all(paths: Sequence[str | Path], source: str | None = None, period: Period | None = None,
              display_names: Sequence[str] | None = None, on_stage: StageHook | None = None,
              choices: ImportChoices | None = None) -> list[ParsedFile]:
    """Read and validate every file; raise one IngestError carrying the hard errors of all of them (and the
    columns of the sheets that need a mapping)."""
    choices = choices or ImportChoices()
    parsed, issues, columns = [], [], []
    for i, p in enumerate(paths):
        name = display_names[i] if display_names else None
        if on_stage:
            on_stage("读取", name or Path(p).name)
        try:
            parsed.append(read_file_capped(p, source, choices.read_options(period, name)))
        except IngestError as e:
            issues.extend(e.issues)
            columns.extend(e.columns)
    if issues:
        raise IngestError(issues, columns)
    return parsed


def import_files(paths: Sequence[str | Path], *, source: str | None = None, period: Period | None = None,
                 dry_run: bool = False, user=None, progress: ProgressFactory | None = None,
                 display_names: Sequence[str] | None = None, on_stage: StageHook | None = None,
                 choices: ImportChoices | None = None) -> list[FileResult]:
    """Import (or with ``dry_run`` only try) the files in one transaction. ``progress`` is called once per file
    with (label, number of figures) and yields the callback that counts figures written; ``on_stage`` hears
    (stage, file) as each file is read (读取), completed from what is stored (校验) and written (写入)."""
    choices = choices or ImportChoices()
    parsed = parse_all(paths, source, period, display_names, on_stage, choices)
    check_new_org_units(parsed, confirmed=choices.new_towns)
    parsed.sort(key=lambda pf: min(((p.year, p.end) for p in pf.periods), default=(0, 0)))
    results = []
    with transaction.atomic():
        for pf in parsed:
            if on_stage:
                on_stage("校验", pf.display)
            records, after = prepare(pf)
            file_hash = file_sha256(pf.path)
            if on_stage:
                on_stage("写入", pf.display)
            ctx = progress(f"写入 {pf.display}", len(records.figures)) if progress else contextlib.nullcontext(None)
            with ctx as bar:
                summary = write_records(records, file_name=pf.display, file_hash=file_hash, user=user,
                                        progress=bar, replace_scope=pf.source != "template")
            if after is not None and not summary.already_imported:
                after(summary.batch_id)
            if not summary.already_imported:  # the apps keeping more of the file (项目库: its projects)
                file_written.send(sender=pf.source, parsed=pf, batch_id=summary.batch_id, user=user)
            if choices.accept_totals.strip() and not summary.already_imported:
                ImportBatch.objects.filter(pk=summary.batch_id).update(totals_accepted=choices.accept_totals.strip())
            results.append(FileResult(pf.display, pf.source, records.period_key, records.rows_read, summary,
                                      list(records.findings), len(records.figures)))
        if dry_run:
            transaction.set_rollback(True)
        else:
            _count_profiles_used(choices, parsed)
    return results


def _count_profiles_used(choices: ImportChoices, parsed: list[ParsedFile]) -> None:
    from kegong.imports.profiles import profile_used

    used = set().union(*(pf.profiles_used for pf in parsed))
    if used:
        profile_used(names=used)


def check_new_org_units(parsed: list[ParsedFile], *, confirmed: bool) -> None:
    """Towns and parks the files name that the register does not have. Once the register has towns, a new
    one is created only when the user confirms it (a typo or a hostile file must not create a town); the
    very first import of a county creates its towns with a notice."""
    wanted: dict[tuple[str, str], list[str]] = {}
    for pf in parsed:
        for e in pf.records.enterprises:
            for kind, name in ((OrgUnit.Kind.TOWN, e.town), (OrgUnit.Kind.PARK, e.park)):
                if name:
                    wanted.setdefault((kind, name), []).append(pf.display)
    known = set(OrgUnit.objects.filter(kind__in=(OrgUnit.Kind.TOWN, OrgUnit.Kind.PARK)).values_list("kind", "name"))
    new = sorted(k for k in wanted if k not in known)
    if not new:
        return
    label = {OrgUnit.Kind.TOWN: "乡镇（街道）", OrgUnit.Kind.PARK: "园区"}
    listed = "、".join(f"{label[k]}“{n}”" for k, n in new)
    if confirmed or not known:
        for pf in parsed:
            mine = [f"{label[k]}“{n}”" for k, n in new if pf.display in wanted[(k, n)]]
            if mine:
                pf.records.findings.append(f"新建{'、'.join(mine)}（企业库中原来没有）")
        return
    files = sorted({f for k in new for f in wanted[k]})
    raise IngestError([Issue(Loc(files[0]), f"企业库中没有{listed}。如确为新设的乡镇或园区，请确认后再导入"
                                            "（网页勾选“确认新建乡镇/园区”，命令行加 --new-towns）；如是笔误，请改正文件")])


# --- what the CLI prints and the web shows -----------------------------------------------------------

FINDINGS_SHOWN = 50


def error_headline(e: IngestError) -> str:
    """The line after the list of hard errors."""
    n = len([i for i in e.issues if i.loc.file])
    return f"发现 {n} 处错误，未导入任何数据（请改正后重新导入）"


def result_line(r: FileResult, dry_run: bool = False) -> str:
    """One file's outcome: what was read and what was (or, on a dry run, would be) written."""
    head = f"{r.display}（{SOURCES.get(r.source, r.source)}，期别 {r.period_key or '—'}）"
    s = r.summary
    if s.already_imported:
        return f"{head}：此文件已导入过（批次 {s.batch_id}），未作任何修改"
    return (f"{head}：读取 {r.rows_read} 行；新建企业 {s.enterprises_created} 家，更新企业 "
            f"{s.enterprises_updated} 家；写入数据 {s.figures_written} 条（新增 {s.figures_created}，"
            f"修改 {s.figures_updated}，删除 {s.figures_removed}），未变 {s.figures_unchanged} 条"
            + ("" if dry_run else f"；批次 {s.batch_id}"))


def recent_batches(limit: int = 30):
    """The latest import batches, newest first, with who imported them."""
    return ImportBatch.objects.select_related("imported_by").order_by("-pk")[:limit]


def rollback_line(s: RollbackSummary) -> str:
    return (f"已撤销批次 {s.batch_id}：恢复数据 {s.figures_restored + s.figures_recreated} 条，删除数据 "
            f"{s.figures_deleted} 条，删除企业 {s.enterprises_deleted} 家"
            + (f"；批次 {s.reactivated} 重新生效" if s.reactivated else ""))


def template_enterprises() -> list[tuple[str, str]]:
    """(credit code, name) of every enterprise, to pre-fill the manual-figures template."""
    return list(Enterprise.objects.order_by("uscc").values_list("uscc", "name"))


# --- completing records from what is stored ---------------------------------------------------------

def prepare(pf: ParsedFile) -> tuple[RecordSet, Callable[[int], None] | None]:
    if pf.source == "tongji":
        pf.records.findings.extend(_missing_from_stored(pf))
        return pf.records, None
    if pf.source == "tax":
        years = {p.year for p in pf.periods}
        stored = stored_figures("tax", _around(years))
        months: dict[int, set[int]] = {}
        for (_u, y, m) in stored:
            months.setdefault(y, set()).add(m)
        known = dict(Enterprise.objects.values_list("uscc", "name"))
        return tax_mod.finish_tax(pf, known, stored, months), None
    if pf.source == "power":
        return _prepare_power(pf)
    if pf.source == "project":
        years = {p.year for p in pf.periods}
        stored = {ind: stored_figures(ind, _around(years)) for ind in (project_mod.ALL, project_mod.RENOVATION)}
        known = set(Enterprise.objects.values_list("uscc", flat=True))
        return project_mod.finish_project(pf, name_index(), known, stored), None
    if pf.source == "template":
        known = set(Enterprise.objects.values_list("uscc", flat=True))
        unknown = sorted({f.uscc for f in pf.records.figures} - known)
        if unknown:
            raise IngestError([Issue(Loc(pf.display), f"统一社会信用代码“{u}”不在企业库中（请先导入统计局报表或在管理"
                                                      "后台添加该企业）") for u in unknown])
        return pf.records, None
    return pf.records, None


def _around(years: set[int]) -> set[int]:
    return {y + d for y in years for d in (-1, 0, 1)}


def stored_figures(indicator: str, years: set[int]) -> dict[Key, Stored]:
    qs = MonthlyFigure.objects.filter(indicator__code=indicator, year__in=years).values_list(
        "enterprise__uscc", "year", "month", "value", "cumulative", "prior_year_value", "prior_year_cumulative",
        "start_month")
    return {(u, y, m): Stored(v, c, pv, pc, s) for u, y, m, v, c, pv, pc, s in qs.iterator(chunk_size=5000)}


def name_index() -> NameIndex:
    names: dict[str, list[str]] = {}
    for uscc, name in Enterprise.objects.values_list("uscc", "name"):
        names.setdefault(uscc, []).append(name)
    for uscc, name in EnterpriseAlias.objects.values_list("enterprise__uscc", "name"):
        names.setdefault(uscc, []).append(name)
    return NameIndex(names.items())


def _missing_from_stored(pf: ParsedFile) -> list[str]:
    """Enterprises in the stored list of an earlier month of the year and absent from this file's list."""
    out = []
    for (year, month), present in sorted(pf.present.items()):
        earlier_in_file = [m for (y, m) in pf.present if y == year and m < month]
        stored = (MonthlyFigure.objects.filter(year=year, month__lt=month, indicator__source="tongji")
                  .order_by("-month").values_list("month", flat=True).first())
        if stored is None or (earlier_in_file and max(earlier_in_file) >= stored):
            continue
        rows = (MonthlyFigure.objects.filter(year=year, month=stored, indicator__source="tongji")
                .values_list("enterprise__uscc", "enterprise__name").distinct())
        gone = sorted({(u, n) for u, n in rows if u not in present})
        out.extend(missing_message(u, n, (year, stored), (year, month), pf.display) for u, n in gone)
    return out


# --- power -------------------------------------------------------------------------------------------

def _prepare_power(pf: ParsedFile) -> tuple[RecordSet, Callable[[int], None]]:
    data: power_mod.PowerData = pf.extra
    accounts = {a: u for a, u in PowerAccount.objects.values_list("account_no", "enterprise__uscc")}
    months = {(y, m) for (_a, y, m) in data.readings}
    stored_readings: dict[tuple[str, int, int], Decimal] = {}
    for y, m in months:
        for a, kwh in PowerReading.objects.filter(year=y, month=m).values_list("account__account_no", "kwh"):
            stored_readings[(a, y, m)] = kwh
    stored = stored_figures(power_mod.INDICATOR, _around({y for y, _ in months}))
    rs, plan = power_mod.finish_power(pf, accounts, name_index(), stored_readings, stored)

    def after(batch_id: int) -> None:
        save_power(data, plan, batch_id)

    return rs, after


def save_power(data: power_mod.PowerData, plan: power_mod.PowerPlan, batch_id: int) -> None:
    """Remember the accounts, the matches made by name and the readings, logged under the batch."""
    batch = ImportBatch.objects.get(pk=batch_id)
    now = timezone.now()
    ents = dict(Enterprise.objects.filter(uscc__in=set(plan.auto_matches.values())).values_list("uscc", "pk"))
    existing = {a.account_no: a for a in PowerAccount.objects.filter(account_no__in=list(data.accounts))}
    changes: list[BatchChange] = []
    for acct, (name, address) in data.accounts.items():
        a = existing.get(acct)
        ent_id = ents.get(plan.auto_matches.get(acct, ""))
        if a is None:
            a = PowerAccount.objects.create(account_no=acct, name=name, address=address, enterprise_id=ent_id,
                                            matched_by=PowerAccount.MatchedBy.AUTO if ent_id else "",
                                            matched_at=now if ent_id else None)
            existing[acct] = a
            changes.append(BatchChange(batch=batch, kind=BatchChange.Kind.ACCOUNT_CREATED, object_id=a.pk))
            continue
        want = {"name": name, "address": address or a.address}
        if ent_id and a.enterprise_id is None:
            want |= {"enterprise_id": ent_id, "matched_by": PowerAccount.MatchedBy.AUTO, "matched_at": now}
        if any(getattr(a, k) != v for k, v in want.items()):
            changes.append(BatchChange(batch=batch, kind=BatchChange.Kind.ACCOUNT_UPDATED, object_id=a.pk, old={
                k: (getattr(a, k).isoformat() if k == "matched_at" and getattr(a, k) else getattr(a, k))
                for k in want}))
            PowerAccount.objects.filter(pk=a.pk).update(**want)
    months = {(y, m) for (_a, y, m) in data.readings}
    current = {(r.account.account_no, r.year, r.month): r for y, m in months
               for r in PowerReading.objects.filter(year=y, month=m).select_related("account")}
    for (acct, y, m), kwh in data.readings.items():
        r = current.get((acct, y, m))
        if r is None:
            r = PowerReading.objects.create(account=existing[acct], year=y, month=m, kwh=kwh, batch=batch)
            changes.append(BatchChange(batch=batch, kind=BatchChange.Kind.READING_CREATED, object_id=r.pk))
        elif r.kwh != kwh.quantize(Decimal("0.0001")):
            changes.append(BatchChange(batch=batch, kind=BatchChange.Kind.READING_UPDATED, object_id=r.pk,
                                       old={"kwh": str(r.kwh), "batch_id": r.batch_id}))
            PowerReading.objects.filter(pk=r.pk).update(kwh=kwh, batch=batch)
    BatchChange.objects.bulk_create(changes, batch_size=2000)


class MatchError(InputError):
    """A match that cannot be made; the message is Chinese."""


@transaction.atomic
def match_power_account(account_no: str, uscc: str, user=None) -> tuple[PowerAccount, WriteSummary | None]:
    """Match an account to an enterprise once (remembered for later imports) and write the electricity
    figures its stored readings give that enterprise."""
    acct = PowerAccount.objects.filter(account_no=account_no.strip()).first()
    if acct is None:
        raise MatchError(f"户号“{account_no}”不存在（先导入含该户号的供电清单）")
    ent = Enterprise.objects.filter(uscc=uscc.strip().upper()).first()
    if ent is None:
        raise MatchError(f"统一社会信用代码“{uscc}”不在企业库中")
    if acct.enterprise_id == ent.pk:
        return acct, None
    old = {"enterprise_id": acct.enterprise_id, "matched_by": acct.matched_by,
           "matched_at": acct.matched_at.isoformat() if acct.matched_at else None}
    acct.enterprise, acct.matched_by, acct.matched_at = ent, PowerAccount.MatchedBy.MANUAL, timezone.now()
    acct.save(update_fields=["enterprise", "matched_by", "matched_at"])
    readings = {(a, y, m): kwh for a, y, m, kwh in PowerReading.objects.filter(account__enterprise=ent)
                .values_list("account__account_no", "year", "month", "kwh")}
    accts = list(PowerAccount.objects.filter(enterprise=ent).values_list("account_no", flat=True))
    new = power_mod.enterprise_electricity({ent.uscc: accts}, readings)
    stored = {k: v for k, v in stored_figures(power_mod.INDICATOR, _around({y for (_u, y, _m) in new})).items()
              if k[0] == ent.uscc}
    rs = RecordSet(source=power_mod.SOURCE, figures=flow_figures(power_mod.INDICATOR, new, stored),
                   rows_read=len(readings))
    tag = hashlib.sha256(f"match:{account_no}:{uscc}:{timezone.now().isoformat()}".encode()).hexdigest()
    summary = write_records(rs, file_name=f"户号 {account_no} 人工匹配到 {ent.name}", file_hash=tag, user=user,
                            replace_scope=False)
    BatchChange.objects.create(batch_id=summary.batch_id, kind=BatchChange.Kind.ACCOUNT_UPDATED, object_id=acct.pk,
                               old=old)
    return acct, summary
