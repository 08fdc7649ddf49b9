"""后台任务: the queue (one row a task, django-tasks' TaskResult kept in the database) and each job's progress.

``QueuedTask`` lives in the main database and is written by the web (enqueue) and the worker (claim, outcome).
``JobProgress`` is written through a connection of its own (``kegong.jobs.store``): on SQLite in a file beside
the database, so an import holding the database's write lock does not block its own progress; on PostgreSQL
in this table of the same database. Every process reads both.
"""

from __future__ import annotations

from django.db import models

READY, RUNNING, FAILED, SUCCESSFUL = "READY", "RUNNING", "FAILED", "SUCCESSFUL"
STATUSES = [(READY, "排队"), (RUNNING, "运行中"), (FAILED, "失败"), (SUCCESSFUL, "完成")]


class QueuedTask(models.Model):
    """One enqueued task: what to call with what, its status and outcome (django-tasks' TaskResult)."""

    id = models.CharField(primary_key=True, max_length=64)
    task_path = models.CharField("任务", max_length=300)
    queue_name = models.CharField("队列", max_length=100, default="default")
    priority = models.IntegerField("优先级", default=0)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    status = models.CharField("状态", max_length=16, choices=STATUSES, default=READY)
    enqueued_at = models.DateTimeField("入队时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    last_attempted_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    worker_ids = models.JSONField(default=list)  # one a run: a retried task has two
    return_value = models.JSONField(null=True, blank=True)
    errors = models.JSONField(default=list)  # [{"exception_class_path": …, "traceback": …}]

    class Meta:
        app_label = "jobs"  # importable before settings install the app (kegong.web then runs jobs in threads)
        verbose_name = verbose_name_plural = "后台任务"
        indexes = [models.Index(fields=["status", "queue_name", "-priority", "enqueued_at"],
                                name="jobs_task_claim")]

    def __str__(self) -> str:
        return f"{self.task_path} {self.id} {self.status}"


class JobProgress(models.Model):
    """A job's progress keyed by its task result id; ``data`` (JSON text) keeps the page's own state."""

    job_id = models.CharField(primary_key=True, max_length=64)
    stage = models.CharField("阶段", max_length=20, default="排队")
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    message = models.TextField("说明", blank=True, default="")
    data = models.TextField(default="{}")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        app_label = "jobs"
        verbose_name = verbose_name_plural = "任务进度"

    def __str__(self) -> str:
        return f"{self.job_id} {self.stage} {self.done}/{self.total}"
