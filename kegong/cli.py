"""The ``kegong`` command line: a thin shell over the services and the statistical core.

Global options come before the command (``kegong --data-dir DIR demo``). Every user error is printed as
one Chinese line on stderr with exit code 2 — never a traceback.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

# The statistical core works on small matrices: BLAS threads only contend on a small shared machine (a 20×
# slowdown was measured for the forecast fits). Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import click  # noqa: E402

from kegong import conf  # noqa: E402


class KegongError(click.ClickException):
    """A user-facing error: one Chinese line, exit code 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


def setup_django(*, must_exist: bool = True, migrate: bool = False) -> None:
    """Configure Django for the chosen data folder/database; optionally apply migrations.

    When Django is already set up in this process (the tests, a command calling another) it is left as is.
    """
    from django.apps import apps

    if apps.ready:
        return
    data_dir = conf.data_dir()
    if not os.environ.get("DATABASE_URL"):
        if must_exist and not (data_dir / "kegong.sqlite3").exists():
            if not data_dir.exists():
                raise KegongError(f"数据目录 {data_dir} 不存在，请先运行 kegong init 或 kegong demo（或用 --data-dir 指定）")
            raise KegongError(f"数据目录 {data_dir} 中还没有数据库，请先运行 kegong init 或 kegong demo")
        data_dir.mkdir(parents=True, exist_ok=True)
    try:
        conf.database_config()
    except conf.ConfigError as e:
        raise KegongError(str(e)) from None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kegong.settings")
    import django

    django.setup()
    if migrate or must_exist:
        _check_database(migrate)


def _check_database(migrate: bool) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.utils import Error as DbError

    try:
        connection.ensure_connection()
    except DbError as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise KegongError(f"无法连接数据库 {conf.describe_database(connection.settings_dict)}：{first}") from None
    if migrate:
        call_command("migrate", verbosity=0, interactive=False)


def django_command(must_exist: bool = True, migrate: bool = False):
    """Decorator: set Django up before the command body runs."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            setup_django(must_exist=must_exist, migrate=migrate)
            return fn(*args, **kwargs)

        return inner

    return wrap


def parse_period_option(text: str | None):
    from kegong.stats.periods import Period, PeriodError

    if text is None:
        return None
    try:
        p = Period.parse(text)
    except PeriodError as e:
        raise KegongError(str(e)) from None
    return p


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="KEGONG_DATA_DIR",
              help="数据目录（SQLite 数据库所在处），默认 ./kegong-data；也可用环境变量 KEGONG_DATA_DIR。")
@click.version_option(package_name="kegong", message="kegong %(version)s")
def main(data_dir: Path | None) -> None:
    """科工 kegong：县科工局工业经济监测、科技与企业服务平台。

    设置环境变量 DATABASE_URL=postgresql://… 可改用 PostgreSQL。
    """
    if data_dir is not None:
        os.environ["KEGONG_DATA_DIR"] = str(data_dir)


# Commands live in small modules by domain; importing them registers them on ``main``.
from kegong import cli_audit, cli_base, cli_ingest, cli_reports, cli_stats  # noqa: E402,F401


def run() -> None:
    main(prog_name="kegong")

