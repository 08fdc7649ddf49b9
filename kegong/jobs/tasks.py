"""The background tasks (django-tasks ``@task``): a web import or check, and a report. Each takes the job's
first state (the web's dict), stores it under its own task result id unless the web already has, and runs the
work (``imports_work`` / ``reports_work``, which call the import and report services)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from kegong.jobs import imports_work, reports_work
from kegong.jobs.services import job_state_save


@task(takes_context=True)
def import_job(context: TaskContext, state: dict) -> dict:
    """Check (dry run) or import the uploaded files of ``state`` (``kegong.web.jobs``)."""
    job_id = context.task_result.id
    job_state_save({**state, "id": job_id}, create_only=True)
    return {"job_id": job_id, "stage": imports_work.work(job_id)}


@task(takes_context=True)
def report_job(context: TaskContext, state: dict) -> dict:
    """Make the report ``state`` asks for (``kegong.web.report_jobs``)."""
    job_id = context.task_result.id
    job_state_save({**state, "id": job_id}, create_only=True)
    return {"job_id": job_id, "stage": reports_work.work(job_id)}
