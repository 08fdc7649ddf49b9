"""Reports made from the web page: a sibling of :mod:`kegong.web.jobs` (the imports' jobs) in the same style.

``start`` records the job in Django's cache and runs ``kegong.reports.services.make_report`` in a
background thread; the stages are 排队/汇总数据/预测/写文档/完成/失败. The finished document is a
``ReportDocument`` row (its file in the data folder), the job's state keeps its id. Whether the period
is 审定 is read when the work starts and said by the job, the document and the list of documents.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time

from django.db import connections
from django.utils.timezone import localtime

from kegong.conf import database_message
from kegong.core.errors import KegongError
from kegong.reports.placeholders import ReportError
from kegong.reports.services import APPROVED, FORECAST, GATHER, NOT_APPROVED, WRITE
from kegong.web.jobs import JobStates

log = logging.getLogger(__name__)

QUEUED, DONE, FAILED = "排队", "完成", "失败"
FINISHED = (DONE, FAILED)
STEPS = (GATHER, FORECAST, WRITE, DONE)
PERCENT = {QUEUED: 0, GATHER: 10, FORECAST: 35, WRITE: 75, DONE: 100}

_one_at_a_time = threading.Lock()  # reports in this process are made one after the other


def approval_line(year: int, month: int) -> str:
    """本期数据已审定（who, when） or 本期数据尚未审定，数字可能变动 — from the period's standing approval."""
    from kegong.audit.selectors import approval_of

    a = approval_of(year, month)
    if a is None:
        return NOT_APPROVED
    return f"{APPROVED}（{a.approved_by or '—'}，{localtime(a.approved_at):%Y-%m-%d}）"


_JOBS = JobStates("kegong:report-job")
get_job, _save, _update = _JOBS.get, _JOBS.save, _JOBS.update


def new_state(*, user_id: int, kind: str, kind_name: str, period: str, period_label: str,
              template_id: int | None, template_name: str, approval: str = "") -> dict:
    return {
        "id": secrets.token_hex(16), "user_id": user_id, "kind": kind, "kind_name": kind_name,
        "period": period, "period_label": period_label, "template_id": template_id,
        "template_name": template_name, "stage": QUEUED, "percent": 0, "text": "等待开始",
        "approval": approval,  # read again when the work starts (the document says what held then)
        "started": time.time(), "finished": None,
        "document_id": None,  # the ReportDocument made
        "notes": [],          # what the document lacks, as the CLI prints them (提示)
        "error": "",          # a failed job: one Chinese line
    }


def start(**fields) -> str:
    """Record a new job (``new_state``'s fields) and run it in a background thread; returns its id."""
    state = new_state(**fields)
    _save(state)
    threading.Thread(target=run, args=(state["id"],), name=f"kegong-report-{state['id'][:8]}", daemon=True).start()
    return state["id"]


def run(job_id: str) -> None:
    """The body of a job (in its own thread)."""
    try:
        if not _one_at_a_time.acquire(blocking=False):
            _update(job_id, stage=QUEUED, text="等待另一份报告生成完成")
            _one_at_a_time.acquire()
        try:
            _work(job_id)
        finally:
            _one_at_a_time.release()
    finally:
        connections.close_all()  # this thread's connections; the request threads keep theirs


def _stage(job_id: str):
    texts = {GATHER: "按统计口径汇总本期指标", FORECAST: "计算下阶段预测（首次较慢）", WRITE: "填入模板、绘制图表"}

    def on_stage(stage: str) -> None:
        _update(job_id, stage=stage, percent=PERCENT[stage], text=texts.get(stage, ""))

    return on_stage


def _work(job_id: str) -> None:
    from django.contrib.auth import get_user_model

    from kegong.core.periods import Period
    from kegong.reports.models import ReportTemplate
    from kegong.reports.services import make_report

    state = get_job(job_id)
    if state is None:
        return
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
        _fail(job_id, f"未生成报告：{e.message}")
        return
    except Exception as e:  # anything else: say so in one line and log it
        db = database_message(e)
        if db is None:
            log.exception("report job %s failed", job_id)
        _fail(job_id, f"未生成报告：{db}" if db else f"生成报告时发生意外错误：{type(e).__name__}：{e}")
        return
    _update(job_id, stage=DONE, percent=100, text="", document_id=made.document.pk, notes=made.notes,
            finished=time.time())


def _fail(job_id: str, error: str) -> None:
    _update(job_id, stage=FAILED, error=error, text="", finished=time.time())


def steps(state: dict) -> list[tuple[str, str]]:
    """The stages shown above the bar with their class: done, now or nothing yet."""
    now = STEPS.index(state["stage"]) if state["stage"] in STEPS else -1
    return [(s, "done" if i < now else "now" if i == now else "") for i, s in enumerate(STEPS)]


def wait(job_id: str, timeout: float = 120.0) -> dict | None:
    """The job's state once it has finished (or after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        state = get_job(job_id)
        if state is None or state["stage"] in FINISHED or time.monotonic() > deadline:
            return state
        time.sleep(0.05)
