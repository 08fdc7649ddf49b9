"""The body of a report made from the web page (moved here from ``kegong.web.report_jobs`` when the jobs went
to the queue): runs ``kegong.reports.services.make_report`` for a stored job state. Stages
排队/汇总数据/预测/写文档/完成/失败; the finished document is a ``ReportDocument`` row, the state keeps its id.
"""

from __future__ import annotations

import logging
import time

from django.utils.timezone import localtime

from kegong.conf import database_message
from kegong.core.errors import KegongError
from kegong.jobs.selectors import job_status
from kegong.jobs.services import job_state_update
from kegong.reports.services import APPROVED, FORECAST, GATHER, NOT_APPROVED, WRITE

log = logging.getLogger(__name__)

QUEUED, DONE, FAILED = "排队", "完成", "失败"
PERCENT = {QUEUED: 0, GATHER: 10, FORECAST: 35, WRITE: 75, DONE: 100}
TEXTS = {GATHER: "按统计口径汇总本期指标", FORECAST: "计算下阶段预测（首次较慢）", WRITE: "填入模板、绘制图表"}


def approval_line(year: int, month: int) -> str:
    """本期数据已审定（who, when） or 本期数据尚未审定，数字可能变动 — from the period's standing approval."""
    from kegong.audit.selectors import approval_of

    a = approval_of(year, month)
    if a is None:
        return NOT_APPROVED
    return f"{APPROVED}（{a.approved_by or '—'}，{localtime(a.approved_at):%Y-%m-%d}）"


def _update(job_id: str, **changes) -> dict:
    return job_state_update(job_id=job_id, **changes)


def _stage(job_id: str):
    def on_stage(stage: str) -> None:
        _update(job_id, stage=stage, percent=PERCENT[stage], text=TEXTS.get(stage, ""))

    return on_stage


def work(job_id: str) -> str:
    """Make the job's report, then record the outcome; returns the stage it ended in."""
    from django.contrib.auth import get_user_model

    from kegong.core.periods import Period
    from kegong.reports.models import ReportTemplate
    from kegong.reports.placeholders import ReportError
    from kegong.reports.services import make_report

    state = job_status(job_id)
    if state is None or "period" not in state:
        return FAILED
    try:
        period = Period.parse(state["period"]).as_cumulative()
        approval = approval_line(period.year, period.end)
        _update(job_id, approval=approval)
        template = None
        if state["template_id"]:
            template = ReportTemplate.objects.filter(pk=state["template_id"]).first()
            if template is None:
                raise ReportError(f"模板“{state['template_name']}”已被删除，请重新选择")
        user = get_user_model().objects.filter(pk=state["user_id"]).first()
        made = make_report(kind=state["kind"], period=period, template=template, user=user, approval=approval,
                           on_stage=_stage(job_id))
    except KegongError as e:
        return fail(job_id, f"未生成报告：{e.message}")
    except Exception as e:  # anything else: say so in one line and log it
        db = database_message(e)
        if db is None:
            log.exception("report job %s failed", job_id)
        return fail(job_id, f"未生成报告：{db}" if db else f"生成报告时发生意外错误：{type(e).__name__}：{e}")
    _update(job_id, stage=DONE, percent=100, text="", document_id=made.document.pk, notes=made.notes,
            finished=time.time())
    return DONE


def fail(job_id: str, error: str) -> str:
    _update(job_id, stage=FAILED, error=error, text="", finished=time.time())
    return FAILED
