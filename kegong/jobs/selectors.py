"""Reads of the jobs: a job's progress row and its status for the pages (task status and progress together)."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kegong.jobs import store

WORKER_PREFIX = "worker:"
STALE_AFTER = dt.timedelta(seconds=30)  # a worker whose beat is older has stopped (it beats every 5 s)
NO_WORKER_AFTER = dt.timedelta(seconds=15)  # a job queued this long with no worker alive says so
FINISHED_STAGES = ("完成", "失败")
WORKER_LOST = ("处理这项任务的后台进程已停止（被关闭或意外退出），任务没有完成。"
               "重新启动 kegong serve（或 kegong worker）后会自动重新处理；也可以重新提交")
NO_WORKER = "排队中：后台进程（kegong worker）没有在运行，任务将在它启动后开始"
TASK_FAILED = "后台任务意外出错，没有完成：{error}"


def _when(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)
    parsed = parse_datetime(str(value))
    return parsed if parsed is None or timezone.is_aware(parsed) else timezone.make_aware(parsed, dt.UTC)


def job_progress(job_id: str) -> dict | None:
    """The job's progress row: stage, done, total, message, updated_at and ``data`` (the stored state)."""
    with store.cursor() as c:
        c.execute("SELECT stage, done, total, message, data, updated_at FROM jobs_jobprogress WHERE job_id = %s",
                  [job_id])
        row = c.fetchone()
    if row is None:
        return None
    stage, done, total, message, data, updated = row
    return {"job_id": job_id, "stage": stage, "done": int(done), "total": int(total), "message": message or "",
            "data": json.loads(data or "{}"), "updated_at": _when(updated)}


def live_workers() -> list[str]:
    """The ids of the workers that have beaten within ``STALE_AFTER``."""
    since = timezone.now() - STALE_AFTER
    with store.cursor() as c:
        c.execute("SELECT job_id, updated_at FROM jobs_jobprogress WHERE job_id LIKE %s", [WORKER_PREFIX + "%"])
        rows = c.fetchall()
    return [k.removeprefix(WORKER_PREFIX) for k, when in rows if (_when(when) or since) > since]


def job_status(job_id: str) -> dict | None:
    """What a page shows of a job: its stored state (``data``) with the progress columns, the task's status
    (``task_status``: READY/RUNNING/FAILED/SUCCESSFUL, or None when no queue row) and ``problem``, a Chinese
    line when the job cannot go on as it is: its task failed outside the work's own handling or its worker
    has stopped (then ``stage`` is 失败), or it waits with no worker alive (``stage`` stays 排队)."""
    from django.apps import apps

    from kegong.jobs.models import FAILED, READY, RUNNING, QueuedTask

    progress = job_progress(job_id)
    task = QueuedTask.objects.filter(pk=job_id).first() if apps.is_installed("kegong.jobs") else None
    if progress is None and task is None:
        return None
    progress = progress or {"stage": "排队", "done": 0, "total": 0, "message": "", "data": {}, "updated_at": None}
    out = {**progress["data"], **{k: progress[k] for k in ("stage", "done", "total", "message", "updated_at")},
           "id": job_id, "task_status": task.status if task else None, "problem": ""}
    if task is None or out["stage"] in FINISHED_STAGES:
        return out
    if task.status == FAILED:
        last = (task.errors[-1]["traceback"].strip().splitlines() or ["—"])[-1] if task.errors else "—"
        out.update(stage="失败", problem=TASK_FAILED.format(error=last))
    elif task.status == RUNNING and (not task.worker_ids or task.worker_ids[-1] not in live_workers()):
        out.update(stage="失败", problem=WORKER_LOST)
    elif (task.status == READY and timezone.now() - task.enqueued_at > NO_WORKER_AFTER
          and not live_workers()):
        out.update(problem=NO_WORKER)
    return out
