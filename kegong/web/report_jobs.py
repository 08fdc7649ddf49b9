"""Reports made from the web page: a sibling of :mod:`kegong.web.jobs` (the imports' jobs) in the same style.

``start`` puts the job on the queue in the database (``kegong.jobs.tasks.report_job``, run by the worker; its
body ``kegong.jobs.reports_work`` calls ``kegong.reports.services.make_report``) and records its state under the
task result id; the stages are 排队/汇总数据/预测/写文档/完成/失败. The finished document is a
``ReportDocument`` row, the job's state keeps its id. Whether the period is 审定 is read when the work starts
and said by the job, the document and the list of documents.
"""

from __future__ import annotations

import secrets
import threading
import time

from kegong.jobs import reports_work
from kegong.jobs.reports_work import DONE, FAILED, PERCENT, QUEUED, approval_line  # noqa: F401
from kegong.jobs.services import job_state_save
from kegong.reports.services import FORECAST, GATHER, WRITE
from kegong.web.jobs import JobStates, in_a_thread, queued

_one_at_a_time = threading.Lock()  # without the queue: reports in this process are made one after the other

FINISHED = (DONE, FAILED)
STEPS = (GATHER, FORECAST, WRITE, DONE)

_JOBS = JobStates("template_name", problem_key="error", waiting_key="text")
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
    """Put a new job (``new_state``'s fields) on the queue and record its state; returns its id."""
    from kegong.jobs.tasks import report_job

    state = new_state(**fields)
    if not queued():
        return in_a_thread(state, _work, _one_at_a_time, "等待另一份报告生成完成", key="text", kind="report")
    result = report_job.enqueue(state)
    job_state_save({**state, "id": result.id}, create_only=True)  # unless the worker was quicker
    return result.id


def _work(job_id: str) -> None:
    """Run a stored job here and now (the worker runs ``kegong.jobs.tasks.report_job``; tests call this)."""
    reports_work.work(job_id)


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
