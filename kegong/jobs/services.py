"""Writes of the jobs' progress (through ``kegong.jobs.store``'s own connection, committed at once)."""

from __future__ import annotations

import json
import os
import socket

from django.utils import timezone

from kegong.jobs import store
from kegong.jobs.selectors import WORKER_PREFIX, job_progress

TABLE = "jobs_jobprogress"
COLUMNS = ("job_id", "stage", "done", "total", "message", "data", "updated_at")


def job_progress_set(*, job_id: str, stage: str | None = None, done: int | None = None, total: int | None = None,
                     message: str | None = None, data: dict | None = None, create_only: bool = False) -> dict:
    """Write a job's progress row: the fields given, ``data`` merged key by key into the stored state (JSON).
    ``create_only``: write only when the job has no row yet (the web and the worker may both make it; the
    first one wins and the later progress is never put back). Returns the row as ``job_progress`` reads it."""
    old = job_progress(job_id)
    if old is not None and create_only:
        return old
    row = old or {"stage": "排队", "done": 0, "total": 0, "message": "", "data": {}}
    merged = {**row["data"], **(data or {})}
    values = {"stage": row["stage"] if stage is None else stage, "done": row["done"] if done is None else int(done),
              "total": row["total"] if total is None else int(total),
              "message": row["message"] if message is None else message}
    now = timezone.now()
    with store.cursor() as c:
        params = [job_id, values["stage"], values["done"], values["total"], values["message"],
                  json.dumps(merged, ensure_ascii=False), c.db.ops.adapt_datetimefield_value(now)]
        conflict = ("DO NOTHING" if create_only else
                    "DO UPDATE SET " + ", ".join(f"{k} = excluded.{k}" for k in COLUMNS[1:]))
        c.execute(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
                  f"ON CONFLICT (job_id) {conflict}", params)
    return job_progress(job_id) or {**values, "job_id": job_id, "data": merged, "updated_at": now}


def job_progress_delete(*, job_id: str) -> None:
    with store.cursor() as c:
        c.execute(f"DELETE FROM {TABLE} WHERE job_id = %s", [job_id])


def worker_beat(*, worker_id: str) -> None:
    """A worker says it is alive (every few seconds, from a thread of its own, also while a task runs)."""
    job_progress_set(job_id=WORKER_PREFIX + worker_id, stage="运行",
                     message=f"{socket.gethostname()} 进程 {os.getpid()}")


def worker_gone(*, worker_id: str) -> None:
    """A worker stopping in good order takes its beat away."""
    job_progress_delete(job_id=WORKER_PREFIX + worker_id)


# --- a job's whole state (the dict a page shows) -------------------------------------------------------

MESSAGE_KEYS = ("error", "headline", "text", "file")  # what the progress row's message says, first found


def job_state_save(state: dict, *, create_only: bool = False) -> dict:
    """Store a job's state dict (its ``id``, ``stage`` and, when it has them, ``done``/``total``)."""
    return job_state_update(job_id=state["id"], create_only=create_only, **state)


def job_state_update(*, job_id: str, create_only: bool = False, **changes) -> dict:
    """Change some of a job's state; the progress columns follow ``stage``/``done``/``total`` and the first
    of ``MESSAGE_KEYS`` the changes hold."""
    message = next((changes[k] for k in MESSAGE_KEYS if changes.get(k)), None)
    if message is None and any(k in changes for k in MESSAGE_KEYS):
        message = ""
    row = job_progress_set(job_id=job_id, stage=changes.get("stage"), done=changes.get("done"),
                           total=changes.get("total"), message=message, data=changes, create_only=create_only)
    return {**row["data"], "id": job_id}


def jobs_prune(*, before) -> int:
    """Forget the jobs finished (and progress rows last written) before ``before``; returns how many tasks."""
    from kegong.jobs.models import FAILED, SUCCESSFUL, QueuedTask

    n, _ = QueuedTask.objects.filter(status__in=[FAILED, SUCCESSFUL], finished_at__lt=before).delete()
    with store.cursor() as c:
        c.execute(f"DELETE FROM {TABLE} WHERE updated_at < %s", [c.db.ops.adapt_datetimefield_value(before)])
    return n
