"""Writing a period's prose sections, storing uploaded templates and making documents (keyword-only services).

Templates and documents made through the web live in the data folder under ``reports/`` with generated file
names (``reports/templates/<time>-<token>.docx``, ``reports/<time>-<token>.docx``); the rows keep the paths
relative to the data folder and the user's names for display."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kegong import conf
from kegong.core.catalogue import TEXTS, text_kind
from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.reports.models import KIND_NAMES, PeriodText, ReportDocument, ReportTemplate
from kegong.reports.placeholders import ReportError
from kegong.reports.selectors import starting_text

DOCS_DIR, TEMPLATES_DIR = "reports", "reports/templates"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
FORECAST_LEVEL = 0.8  # the level gather() uses by default
GATHER, FORECAST, WRITE = "汇总数据", "预测", "写文档"  # the stages of make_report
APPROVED, NOT_APPROVED = "本期数据已审定", "本期数据尚未审定，数字可能变动"


# --- prose ---------------------------------------------------------------------------------------------

@transaction.atomic
def period_texts_start(*, year: int, month: int, user=None) -> list[str]:
    """Create this period's missing texts from their starting texts; returns the kinds created."""
    created = []
    existing = set(PeriodText.objects.filter(year=year, month=month).values_list("kind", flat=True))
    for t in TEXTS:
        if t.kind in existing:
            continue
        start = starting_text(t.kind, year, month)
        if not start.text:
            continue
        PeriodText.objects.create(kind=t.kind, year=year, month=month, text=start.text,
                                  based_on=start.from_period, updated_by=user)
        created.append(t.kind)
    return created


def period_text_set(*, kind: str, year: int, month: int, text: str, user=None) -> PeriodText:
    kind = text_kind(kind)
    row, _ = PeriodText.objects.update_or_create(kind=kind, year=year, month=month,
                                                 defaults={"text": text.strip(), "updated_by": user})
    return row


@transaction.atomic
def period_texts_save(*, year: int, month: int, texts: Mapping[str, str], user=None) -> list[str]:
    """Save the period's sections from a form: a section the period has no text for yet is created (its
    ``based_on`` the period it was started from), one whose text changed is updated; an unchanged own text
    is left as it is. Returns the kinds saved."""
    own = {r.kind: r for r in PeriodText.objects.filter(year=year, month=month)}
    saved = []
    for kind, text in texts.items():
        kind = text_kind(kind)
        row = own.get(kind)
        if row is not None and row.text == text.strip():
            continue
        start = starting_text(kind, year, month) if row is None else None
        row = period_text_set(kind=kind, year=year, month=month, text=text, user=user)
        if start is not None and start.from_period:
            PeriodText.objects.filter(pk=row.pk).update(based_on=start.from_period)
        saved.append(kind)
    return saved


# --- files in the data folder --------------------------------------------------------------------------

def data_path(relative: str) -> Path:
    return conf.data_dir() / relative


def _new_file(folder: str) -> tuple[str, Path]:
    relative = f"{folder}/{timezone.localtime():%Y%m%d-%H%M%S}-{secrets.token_hex(6)}.docx"
    path = data_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    return relative, path


def clean_name(name: str) -> str:
    """The last part of an uploaded file's name, without control characters (for display only)."""
    return re.sub(r"[\x00-\x1f\x7f]", "", Path((name or "").replace("\\", "/")).name).strip()


# --- templates -----------------------------------------------------------------------------------------

def _check_kind(kind: str) -> None:
    if kind not in KIND_NAMES:
        raise ReportError(f"未知的报告类型“{kind}”（可用：{'、'.join(KIND_NAMES.values())}）")


def size_text(n: int) -> str:
    return f"{n // 1024 // 1024} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def check_upload(name: str, size: int) -> str:
    """The cleaned name of an uploaded template, or the Chinese reason it is refused (before reading it)."""
    name = clean_name(name)
    if not name:
        raise ReportError("上传的文件没有文件名")
    if Path(name).suffix.lower() != ".docx":  # the CLI's words for --template
        raise ReportError(f"模板 {name} 不是 .docx 文件（请在 Word 中另存为 .docx）")
    if size > MAX_TEMPLATE_BYTES:
        raise ReportError(f"模板 {name} 超过 {size_text(MAX_TEMPLATE_BYTES)}，请删去不需要的图片后再上传")
    return name


def template_store(*, name: str, kind: str, upload, user=None) -> ReportTemplate:
    """Keep an uploaded template (a Django ``UploadedFile``) once its placeholders pass the check the CLI
    runs (``writer.check``); a refused one is removed again and its error raised with the user's file name
    in it, as the CLI would have named the file."""
    from kegong.reports import writer
    from kegong.reports.sources import FORECAST_LIST

    _check_kind(kind)
    original = check_upload(upload.name, upload.size)
    relative, path = _new_file(TEMPLATES_DIR)
    try:
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        writer.check(path, FORECAST_LIST)
    except KegongError as e:
        path.unlink(missing_ok=True)
        raise type(e)(e.message.replace(path.name, original)) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReportTemplate.objects.create(name=(name or "").strip()[:100] or Path(original).stem[:100], kind=kind,
                                         path=relative, original_name=original[:255], uploaded_by=user)


def template_path(kind: str, template: ReportTemplate | None) -> Path:
    """The file to render ``kind`` with: the uploaded template, else the built-in one."""
    from kegong.reports import writer

    _check_kind(kind)
    if template is None:
        return writer.default_template(kind)
    if template.kind != kind:
        raise ReportError(f"模板“{template.name}”是{template.get_kind_display()}的模板，不能用于{KIND_NAMES[kind]}")
    path = data_path(template.path)
    if not path.exists():
        raise ReportError(f"模板“{template.name}”的文件已不在数据目录中，请重新上传")
    return path


# --- documents -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Made:
    document: ReportDocument
    notes: list[str]  # what the document lacks (missing_inputs), as the CLI prints them


def _panel_for(period: Period):
    from kegong.figures.selectors import load_panel
    from kegong.reports.sources import SourceError

    stored = load_panel()
    if not stored.has_year(period.year) or stored.last_month(period.year) is None:
        raise SourceError(f"没有 {period.year} 年的月度数据，无法生成 {period.label()} 的报告")
    return load_panel(years=range(stored.first_year, period.year + 1))


def add_note(document, text: str) -> None:
    """A closing note line, set apart from what precedes it (the templates' 注释 style when they have it)."""
    from docx.shared import Pt

    try:
        style = document.styles["注释"]
    except KeyError:
        style = None
    document.add_paragraph(text, style=style).paragraph_format.space_before = Pt(18)


def make_report(*, kind: str, period: Period, template: ReportTemplate | None = None, user=None,
                approval: str = NOT_APPROVED, issued: dt.date | None = None,
                on_stage: Callable[[str], object] = lambda stage: None) -> Made:
    """Make the document ``kind`` for the cumulative ``period`` as ``kegong report`` does (placeholders
    checked first, then the data, the forecasts the template prints, the document), close it with the
    approval line (``approval``: APPROVED… or NOT_APPROVED, the caller reads the period's approval) and keep
    it in the data folder."""
    from kegong.core.rules.documents import covered, title_label
    from kegong.reports import writer
    from kegong.reports.context import missing_inputs
    from kegong.reports.sources import FORECAST_LIST, add_outlooks, default_cache_dir, gather

    period.require_cumulative()
    source = template_path(kind, template)
    codes = writer.check(source, FORECAST_LIST)
    on_stage(GATHER)
    panel = _panel_for(period)
    data = gather(period, forecast_codes=(), issued=issued, panel=panel, covers=covered(kind, period))
    on_stage(FORECAST)
    add_outlooks(data, panel, codes, FORECAST_LEVEL, default_cache_dir())  # gather's own step
    on_stage(WRITE)
    rendered = writer.render(data, source, checked=True)
    add_note(rendered.document, f"注：{approval}。")
    relative, path = _new_file(DOCS_DIR)
    rendered.save(path)
    doc = ReportDocument.objects.create(
        kind=kind, year=period.year, month=period.end, template=template,
        template_name=template.name if template else "默认模板", path=relative,
        filename=f"{data.county_name}{title_label(kind, period)}{KIND_NAMES[kind]}.docx"[:200],
        approved=approval.startswith(APPROVED), approval=approval[:200], made_by=user)
    return Made(doc, missing_inputs(data))
