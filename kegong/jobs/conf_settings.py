"""The settings this app needs, for kegong/settings.py to take (see docs/jobs.md):

    INSTALLED_APPS += [jobs_conf.APP]
    TASKS = jobs_conf.TASKS

(after ``from kegong.jobs import conf_settings as jobs_conf``). Tests that want jobs run at once, in the
thread that enqueues them, override ``TASKS`` with ``TASKS_IMMEDIATE``.
"""

from __future__ import annotations

APP = "kegong.jobs"
BACKEND = "kegong.jobs.backend.DatabaseBackend"
TASKS: dict = {"default": {"BACKEND": BACKEND, "QUEUES": ["default"]}}
TASKS_IMMEDIATE: dict = {"default": {"BACKEND": "kegong.jobs.backend.ImmediateBackend"}}
