"""A django-tasks backend keeping the queue in the database (``QueuedTask``), for SQLite and PostgreSQL.

django-tasks 0.12 no longer ships its database backend (it moved to the separate ``django-tasks-db``); this is
the small one kegong needs: ``enqueue`` writes a row in the caller's transaction (a job enqueued in a
transaction that rolls back never runs), ``get_result`` reads it back from any process, and
``kegong.jobs.worker`` claims and runs the rows. Settings: ``TASKS = {"default": {"BACKEND":
"kegong.jobs.backend.DatabaseBackend"}}`` (``kegong.jobs.conf_settings.TASKS``).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.backends.immediate import ImmediateBackend as _Immediate
from django_tasks.base import Task, TaskError
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json


class DatabaseBackend(BaseTaskBackend):
    supports_get_result = True
    supports_priority = True

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        from kegong.jobs.models import QueuedTask

        self.validate_task(task)
        row = QueuedTask.objects.create(
            id=secrets.token_hex(16), task_path=task.module_path, queue_name=task.queue_name, priority=task.priority,
            args=normalize_json(args), kwargs=normalize_json(kwargs), enqueued_at=timezone.now())
        result = to_result(row, task, self.alias)
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult:
        from kegong.jobs.models import QueuedTask

        row = QueuedTask.objects.filter(pk=result_id).first()
        if row is None:
            raise TaskResultDoesNotExist(result_id)
        return to_result(row, None, self.alias)


def task_of(row) -> Task:
    """The ``@task`` object a row names (``module.function``)."""
    task = import_string(row.task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{row.task_path} 不是后台任务")
    return task


def to_result(row, task: Task | None, alias: str) -> TaskResult:
    result = TaskResult(
        task=task or task_of(row), id=row.id, status=TaskResultStatus(row.status), enqueued_at=row.enqueued_at,
        started_at=row.started_at, finished_at=row.finished_at, last_attempted_at=row.last_attempted_at,
        args=list(row.args), kwargs=dict(row.kwargs), backend=alias,
        errors=[TaskError(**e) for e in row.errors], worker_ids=list(row.worker_ids))
    object.__setattr__(result, "_return_value", row.return_value)
    return result


class ImmediateBackend(_Immediate):
    """django-tasks' ImmediateBackend (the task runs in the caller's thread, for tests) with kegong's job ids
    (32 hex digits, as the pages' URLs and the database backend have them)."""

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result = TaskResult(task=task, id=secrets.token_hex(16), status=TaskResultStatus.READY, enqueued_at=None,
                            started_at=None, last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs,
                            backend=self.alias, errors=[], worker_ids=[])
        self._execute_task(result)
        return result
