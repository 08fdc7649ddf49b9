"""The ``kegong`` command line: a thin shell over the services and the statistical core.

``app`` holds the group, the error mapping and Django's set-up; one module per command group registers its
commands on it when imported here. Imports go one way: command modules → ``app`` → services and core.
"""

from __future__ import annotations

from kegong.cli import (  # noqa: F401  (registers the commands)
    approval,
    audit,
    auditlog_cmd,
    backup,
    base,
    forecast,
    imports,
    measures,
    panel,
    profiles,
    reports,
    settings_cmd,
    stats,
    targets,
    tokens,
    worker,
)
from kegong.cli.app import KegongError, main, setup_django  # noqa: F401


def run() -> None:
    main(prog_name="kegong")
