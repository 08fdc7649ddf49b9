"""Fixtures for the import tests: the CLI against the test database, and a dump of every row."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner


@pytest.fixture
def cli():
    """Run ``kegong …`` in-process against the test database."""
    from kegong import conf
    from kegong.cli import main

    data = conf.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DATABASE_URL"):
        (data / "kegong.sqlite3").touch()  # the CLI checks the data folder; the tests' database is pytest-django's

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def dump_db() -> str:
    """Every row of every table, in primary-key order, as one string (to compare before/after)."""
    from django.apps import apps

    out = {}
    for model in apps.get_models():
        rows = list(model.objects.order_by("pk").values())
        out[model._meta.label] = rows
    return json.dumps(out, default=str, sort_keys=True, ensure_ascii=False)


@pytest.fixture
def db_dump():
    return dump_db


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    return tmp_path
