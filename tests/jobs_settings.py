"""kegong's settings with the jobs app and its queue, for ``makemigrations jobs`` and for running
tests/test_jobs.py before kegong/settings.py takes the two lines of ``kegong.jobs.conf_settings``:

    .venv/bin/pytest -q tests/test_jobs.py --ds=tests.jobs_settings
"""

from kegong.jobs import conf_settings as jobs_conf
from kegong.settings import *  # noqa: F403
from kegong.settings import INSTALLED_APPS

if jobs_conf.APP not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, jobs_conf.APP]
TASKS = jobs_conf.TASKS
