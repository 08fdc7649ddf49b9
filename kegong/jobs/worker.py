"""The worker: claims the queue's tasks one at a time and runs them (``kegong worker``; ``kegong serve``
starts one beside the web server).

A claim is one ``UPDATE … WHERE status = READY`` (the row goes to the worker whose update changed it, on
SQLite and PostgreSQL alike). While it lives a worker beats every few seconds (a progress row
``worker:<id>``, through the progress connection, so a long import does not stop the beat). A task whose
worker's beat has gone stale was cut off (the process killed, the machine down): the next worker to look puts
it back in the queue once, and a second time marks it failed with a Chinese message — nothing stays
"running" with nobody running it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence

from django.db import close_old_connections, connection, connections
from django.utils import timezone
from django_tasks import TaskContext
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id, normalize_json

from kegong.jobs import selectors, services, store
from kegong.jobs.backend import task_of, to_result
from kegong.jobs.models import FAILED, READY, RUNNING, SUCCESSFUL, QueuedTask

log = logging.getLogger(__name__)
BEAT_EVERY = 5.0  # seconds
MAX_ATTEMPTS = 2  # a task cut off twice is failed, not run a third time
KEEP = dt.timedelta(days=30)  # finished jobs (and their progress) are forgotten after this, when a worker starts
RETRIED = "上次处理时后台进程中断，已重新排队（第 {n} 次）"
GAVE_UP = "后台进程处理这项任务时两次中断，任务没有完成，请检查服务器后重新提交"


class WorkerLost(Exception):
    """The worker running a task stopped before the task ended."""


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{get_random_id()[:8]}"


class _Beat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"kegong-worker-beat-{worker_id[-8:]}", daemon=True)
        self.worker_id, self.stopped = worker_id, threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(BEAT_EVERY):
                try:
                    services.worker_beat(worker_id=self.worker_id)
                except Exception:  # the next beat tries again; a long outage makes the tasks look lost
                    log.exception("worker beat failed")
        finally:
            store.close()


def recover_lost() -> int:
    """Put back (or fail) the tasks marked running whose worker has stopped; returns how many."""
    live = set(selectors.live_workers())
    n = 0
    for row in QueuedTask.objects.filter(status=RUNNING):
        if row.worker_ids and row.worker_ids[-1] in live:
            continue
        attempts = len(row.worker_ids)
        if attempts < MAX_ATTEMPTS:
            changed = QueuedTask.objects.filter(pk=row.pk, status=RUNNING).update(status=READY)
            services.job_progress_set(job_id=row.pk, stage="排队", message=RETRIED.format(n=attempts + 1),
                                      data={"file": RETRIED.format(n=attempts + 1),
                                            "text": RETRIED.format(n=attempts + 1)})
        else:
            error = {"exception_class_path": get_module_path(WorkerLost), "traceback": f"WorkerLost: {GAVE_UP}"}
            changed = QueuedTask.objects.filter(pk=row.pk, status=RUNNING).update(
                status=FAILED, finished_at=timezone.now(), errors=[*row.errors, error])
            services.job_progress_set(job_id=row.pk, stage="失败", message=GAVE_UP,
                                      data={"headline": GAVE_UP, "error": GAVE_UP, "text": ""})
        n += changed
    return n


def claim(worker_id: str, queues: Sequence[str]) -> QueuedTask | None:
    """Take the next ready task (highest priority, then the oldest) for this worker, or None."""
    ready = QueuedTask.objects.filter(status=READY, queue_name__in=list(queues)).order_by("-priority", "enqueued_at")
    for row in ready[:10]:
        now = timezone.now()
        if QueuedTask.objects.filter(pk=row.pk, status=READY).update(
                status=RUNNING, started_at=row.started_at or now, last_attempted_at=now,
                worker_ids=[*row.worker_ids, worker_id]):
            row.refresh_from_db()
            return row
    return None


def execute(row: QueuedTask) -> None:
    """Run one claimed task and record its outcome on its row."""
    try:
        task = task_of(row)
        args = [TaskContext(task_result=to_result(row, task, task.backend)), *row.args] if task.takes_context \
            else list(row.args)
        value = normalize_json(task.call(*args, **row.kwargs))
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # the task's own failure: recorded, the worker goes on
        log.exception("task %s (%s) failed", row.pk, row.task_path)
        _tidy()
        error = {"exception_class_path": get_module_path(type(e)), "traceback": get_exception_traceback(e)}
        QueuedTask.objects.filter(pk=row.pk).update(status=FAILED, finished_at=timezone.now(),
                                                    errors=[*row.errors, error])
        return
    QueuedTask.objects.filter(pk=row.pk).update(status=SUCCESSFUL, finished_at=timezone.now(), return_value=value)


def run_worker(*, queues: Sequence[str] = ("default",), interval: float = 1.0, max_tasks: int | None = None,
               duration: float | None = None, stop: Callable[[], bool] | None = None,
               worker_id: str | None = None) -> int:
    """Run tasks until ``stop()`` says so, ``max_tasks`` have run or ``duration`` seconds have passed (each
    None: no such limit); between tasks look for lost ones and wait ``interval`` seconds when the queue is
    empty. Returns how many tasks ran."""
    worker_id = worker_id or new_worker_id()
    services.worker_beat(worker_id=worker_id)
    services.jobs_prune(before=timezone.now() - KEEP)
    beat = _Beat(worker_id)
    beat.start()
    deadline = None if duration is None else time.monotonic() + duration
    ran = 0
    try:
        while not (stop and stop()) and (max_tasks is None or ran < max_tasks):
            if deadline is not None and time.monotonic() > deadline:
                break
            _tidy()
            recover_lost()
            row = claim(worker_id, queues)
            if row is None:
                time.sleep(interval)
                continue
            execute(row)
            ran += 1
    finally:
        beat.stopped.set()
        beat.join(timeout=BEAT_EVERY + 1)
        services.worker_gone(worker_id=worker_id)
        if not connection.in_atomic_block:  # run in a test's transaction, it stays open
            connections.close_all()
        store.close()
    return ran


def _tidy() -> None:
    """Drop the connections a broken database left (never inside a caller's transaction: a test's)."""
    if not connection.in_atomic_block:
        close_old_connections()
