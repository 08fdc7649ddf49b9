"""Shared fixtures. The tests run on SQLite by default and on PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import os
import tempfile

# Always a data folder of this run's own (the SQLite test database lives in it): a folder inherited from the
# shell could be shared with another test run, which would delete the database under this one.
os.environ["KEGONG_DATA_DIR"] = tempfile.mkdtemp(prefix="kegong-test-")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """pytest-django reads the settings before this file runs, so the SQLite database was named after the
    data folder of the working directory — shared by every test run started there at the same time (each
    would delete the others' test database: "disk I/O error", "no such table"). Point it at this run's own
    folder before the test database is created."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        folder = Path(os.environ["KEGONG_DATA_DIR"])
        db["NAME"] = str(folder / "kegong.sqlite3")
        db.setdefault("TEST", {})["NAME"] = str(folder / "test-kegong.sqlite3")


@pytest.fixture(autouse=True)
def _jobs_in_threads(settings):
    """Web jobs run in a thread of the test process (no worker runs beside a test); tests/test_jobs.py's
    ``queue`` fixture puts the database queue back for its own tests."""
    settings.TASKS = {"default": {"BACKEND": "kegong.jobs.backend.ImmediateBackend"}}


@pytest.fixture(scope="session", autouse=True)
def _close_job_connections():
    """The job store's own connection is closed at the end, so PostgreSQL can drop the test database."""
    yield
    try:
        from kegong.jobs.store import close_all
    except ImportError:
        return
    close_all()
