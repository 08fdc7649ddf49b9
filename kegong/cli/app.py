"""The command group, its error mapping and Django's set-up — everything the command modules share.

Every error reaches the user as one Chinese line on stderr with exit code 2: kegong's own errors (the root
:class:`kegong.core.errors.KegongError`), click's usage errors (in Chinese, see ``click_zh``) and the
database's "locked" or "unreachable". Anything unexpected is one line too (exit 1), its traceback kept in
the data folder's ``logs/cli.log``.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import traceback
from pathlib import Path

# The statistical core works on small matrices: BLAS threads only contend on a small shared machine (a 20×
# slowdown was measured for the forecast fits). Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import click  # noqa: E402

from kegong import conf  # noqa: E402
from kegong.cli import click_zh  # noqa: E402
from kegong.conf import database_message  # noqa: E402
from kegong.core.errors import InputError, KegongError  # noqa: E402

click_zh.install()
EXIT_USER = 2
EXIT_INTERNAL = 1


def _one_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _log_internal(e: BaseException) -> Path | None:
    try:
        path = conf.data_dir() / "logs" / "cli.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=path, level=logging.ERROR, format="%(asctime)s %(message)s")
        logging.getLogger("kegong.cli").error("".join(traceback.format_exception(e)))
        return path
    except OSError:
        return None


def usage_message(text: str) -> str:
    """click's message made to read as Chinese: no ASCII quotes around names, lists joined with 、."""
    text = re.sub(r"'([^']*)'", r"\1", text.strip()).replace(", ", "、")
    return text[:-1] + "。" if text.endswith(".") else text


class KegongGroup(click.Group):
    """The ``kegong`` group: runs a command and turns every error into one Chinese line."""

    def main(self, args=None, prog_name=None, **extra):  # noqa: D401 - click's signature
        try:
            rv = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("已取消。", err=True)
            sys.exit(EXIT_INTERNAL)
        except click.ClickException as e:  # usage errors: one line, in Chinese
            click.echo(f"错误：{usage_message(e.format_message())}", err=True)
            sys.exit(EXIT_USER)
        except KegongError as e:
            click.echo(f"错误：{e.message}", err=True)
            sys.exit(EXIT_USER)
        except Exception as e:  # the database's own errors, and what nobody foresaw
            db = database_message(e)
            if db is not None:
                click.echo(f"错误：{db}", err=True)
                sys.exit(EXIT_USER)
            where = _log_internal(e)
            tail = f"（详情已记入 {where}）" if where else ""
            click.echo(f"错误：内部错误 {type(e).__name__}：{_one_line(e)}{tail}", err=True)
            sys.exit(EXIT_INTERNAL)
        if isinstance(rv, int) and rv:
            sys.exit(rv)
        return rv


KegongGroup.group_class = type  # subgroups (``kegong audit confirm``) are KegongGroups too


def setup_django(*, must_exist: bool = True, migrate: bool = False) -> None:
    """Configure Django for the chosen data folder/database; optionally apply migrations.

    When Django is already set up in this process (the tests, a command calling another) it is left as is.
    """
    from django.apps import apps

    if apps.ready:
        return
    from kegong.backup.permissions import private_umask, secure

    private_umask()  # the database, uploads and reports this process creates: the owner's only (0700/0600)
    data_dir = conf.data_dir()
    if not os.environ.get("DATABASE_URL"):
        if must_exist and not (data_dir / "kegong.sqlite3").exists():
            if not data_dir.exists():
                raise InputError(f"数据目录 {data_dir} 不存在，请先运行 kegong init 或 kegong demo（或用 --data-dir 指定）")
            raise InputError(f"数据目录 {data_dir} 中还没有数据库，请先运行 kegong init 或 kegong demo")
        data_dir.mkdir(parents=True, exist_ok=True)
    conf.database_config()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kegong.settings")
    import django

    django.setup()
    if migrate or must_exist:
        _check_database(migrate)
    if migrate:
        secure(data_dir)


def _check_database(migrate: bool) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.utils import Error as DbError

    try:
        connection.ensure_connection()
    except DbError as e:
        raise conf.ConfigError(
            f"无法连接数据库 {conf.describe_database(connection.settings_dict)}：{_one_line(e)}") from None
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


def parse_period_option(text: str | None, *, cumulative: bool = False, year: int | None = None):
    """The period a user typed (any form ``kegong.core.periods.parse_period`` reads), or None.

    ``year`` is the year of the context (``1-6月``, ``6月``, ``上半年`` need one). With ``cumulative`` (the
    ``--period`` of indicators, ranking, report, forecast and targets) a month means the cumulative period
    it closes — ``2026年6月`` is 2026年1-6月, as the template tells users to write — and any other span
    that does not start in January is refused as 不是累计期."""
    from kegong.core.periods import parse_period

    if text is None:
        return None
    p = parse_period(text, year=year)
    return p.as_cumulative() if cumulative else p


@click.group(cls=KegongGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="KEGONG_DATA_DIR",
              help="数据目录（SQLite 数据库所在处），默认 ./kegong-data；也可用环境变量 KEGONG_DATA_DIR。")
@click.version_option(package_name="kegong", message="kegong %(version)s")
def main(data_dir: Path | None) -> None:
    """科工 kegong：县科工局工业经济监测、科技与企业服务平台。

    设置环境变量 DATABASE_URL=postgresql://… 可改用 PostgreSQL。
    """
    if data_dir is not None:
        os.environ["KEGONG_DATA_DIR"] = str(data_dir)


def period_or_latest(text: str | None, *, year: int | None = None):
    """The cumulative period a user typed, or — when none is given — the latest one with figures, as the
    dashboard shows it. Sets Django up (the latest period is read from the store)."""
    if text is not None:
        p = parse_period_option(text, cumulative=True, year=year)  # a typo is named before the database
        setup_django()
        return p
    setup_django()
    from kegong.figures.tables import latest_cumulative

    return latest_cumulative()


def echo_json(data) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False))
