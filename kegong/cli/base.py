"""Foundation commands: init, demo, serve, createuser, check."""

from __future__ import annotations

import signal

import click

from kegong import conf
from kegong.cli.app import KegongError, django_command, main, setup_django
from kegong.core.access import ROLES
from kegong.core.errors import InputError

# waitress buffers up to 1 GiB of a request body by default, before any login check: cap it just above the
# largest upload kegong takes (an import's files, 50 MB each) — see docs/deploy.md for nginx's limit
MAX_BODY_MB = 64


@main.command()
def init() -> None:
    """创建数据目录并建立（或升级）数据库表。"""
    setup_django(must_exist=False, migrate=True)
    from kegong.enterprises.services import county
    from kegong.figures.services import sync_catalogue

    sync_catalogue()
    county()
    click.echo(f"已初始化：数据目录 {conf.data_dir()}，数据库 {_db()}")


@main.command()
@click.option("--seed", default=2026, show_default=True, help="随机种子：同一种子生成完全相同的演示县。")
@click.option("--enterprises", "n_enterprises", default=150, show_default=True, help="规上工业企业数（约）。")
@click.option("--through", "through", default=None, help="最后一个月 YYYY-MM（默认：上一个完整月份）。")
@click.option("--quiet", is_flag=True, help="不显示进度条。")
def demo(seed: int, n_enterprises: int, through: str | None, quiet: bool) -> None:
    """生成一个演示县（约 150 家规上企业、10 余个乡镇、2 个园区、3 年月度数据）并打印最新月份的主要指标。"""
    from kegong.cli.app import parse_period_option

    last = parse_period_option(through)
    setup_django(must_exist=False, migrate=True)
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo, summary_lines

    spec = DemoSpec(seed=seed, n_enterprises=n_enterprises,
                    last=(last.year, last.end) if last else None)
    county_data = generate_county(spec)
    with click.progressbar(length=len(county_data.records.figures), label="写入演示数据", hidden=quiet) as bar:
        result = load_demo(county_data, progress=bar.update)
    for line in summary_lines(result):
        click.echo(line)
    from kegong.demo.users import PASSWORD, demo_users

    users = demo_users()
    if users:
        click.echo(f"演示账号（密码均为 {PASSWORD}）：")
        for line in users:
            click.echo(line)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
@click.option("--with-worker/--no-worker", default=True, show_default=True,
              help="同时启动后台任务进程（处理导入和报告生成）；另行运行 kegong worker 时可关闭。")
@click.option("--max-body-mb", default=MAX_BODY_MB, show_default=True, type=click.IntRange(1, 1024),
              help="一个请求的最大请求体（MB）：超过的请求在读入前即被拒绝（413），不会为未登录的请求缓冲大文件。"
                   "应不小于最大上传文件；nginx 的 client_max_body_size 设得略小。")
@django_command()
def serve(host: str, port: int, threads: int, with_worker: bool, max_body_mb: int) -> None:
    """用 waitress 提供网页服务（生产级 WSGI 服务器，静态文件由 whitenoise 提供）。"""
    from django.apps import apps
    from waitress import create_server

    from kegong.cli.worker import WorkerChild
    from kegong.wsgi import application

    _require_current_schema()
    try:
        server = create_server(application, host=host, port=port, threads=threads,
                               max_request_body_size=max_body_mb * 1024 * 1024)
    except OSError as e:
        raise InputError(_bind_message(host, port, e)) from None
    queue = apps.is_installed("kegong.jobs")  # else the jobs run in threads of this process
    child = WorkerChild().start() if with_worker and queue else None
    signal.signal(signal.SIGTERM, _stop_serving)  # a service manager's stop: close down as Ctrl+C does
    worker_line = "，后台任务进程已启动" if child else "；后台任务请另行运行 kegong worker" if queue else ""
    click.echo(f"kegong 网页服务：http://{host}:{port}/ （数据库 {_db()}{worker_line}；按 Ctrl+C 停止）")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("已停止网页服务")
    finally:
        server.close()
        if child:
            child.stop()


def _stop_serving(signum, frame) -> None:
    raise KeyboardInterrupt


def _require_current_schema() -> None:
    """Refuse to serve a database older than the code (every page would fail): say how to upgrade it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise InputError(f"数据库需要升级（有 {len(pending)} 项表结构变更未应用），请先运行 kegong migrate（先备份再升级；"
                         "或 kegong init），再启动网页服务（数据不会丢失）")


def _bind_message(host: str, port: int, e: OSError) -> str:
    import errno

    if e.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用（另一个 kegong serve 或其他程序正在使用），请用 --port 换一个端口"
    if e.errno == errno.EACCES:
        return f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请用 --port 换一个端口"
    return f"无法在 {host}:{port} 上提供服务：{e.strerror or e}"


@main.command()
@click.argument("username")
@click.option("--password", prompt="密码", hide_input=True, confirmation_prompt=True, help="登录密码。")
@click.option("--role", type=click.Choice([r for r, _ in ROLES]), default="staff", show_default=True,
              help="角色：admin 局管理员、staff 局业务人员、town 乡镇/园区人员、enterprise 企业填报员、leader 领导。")
@click.option("--superuser", is_flag=True, help="等同 --role admin（可进入管理后台、管理用户）。")
@click.option("--unit", "units", multiple=True, help="乡镇/园区人员所属的乡镇（街道）或园区名称，可多次使用。")
@click.option("--enterprise", "enterprise", default="", help="企业填报员所属企业的统一社会信用代码。")
@click.option("--name", default="", help="姓名。")
@django_command()
def createuser(username: str, password: str, role: str, superuser: bool, units: tuple[str, ...], enterprise: str,
               name: str) -> None:
    """创建登录用户及其角色和范围。"""
    from kegong.accounts.services import user_create
    from kegong.core.access import role_name

    role = "admin" if superuser else role
    user_create(username=username, password=password, role=role, name=name, units=units, enterprise_uscc=enterprise)
    click.echo(f"已创建用户“{username}”（{role_name(role)}）")


@main.command()
@click.option("--deploy", is_flag=True, help="同时做上线检查（HTTPS、Cookie、HSTS、DEBUG 等，见 kegong settings）。")
@django_command()
def check(deploy: bool) -> None:
    """运行 Django 系统检查，并报告所用数据目录和数据库。"""
    from django.core import checks
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    level = checks.WARNING if deploy else checks.ERROR
    problems = [m for m in checks.run_checks(include_deployment_checks=deploy) if m.level >= level]
    if problems:
        raise KegongError(("上线检查" if deploy else "系统检查") + "未通过：" + "；".join(
            f"{m.id} {m.msg}" for m in problems) + ("（部署设置见 kegong settings 与 docs/security.md）" if deploy else ""))
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    click.echo(f"数据目录：{conf.data_dir()}")
    click.echo(f"数据库：{_db()}")
    click.echo("数据库表：" + ("需要升级，请运行 kegong init" if pending else "已是最新"))
    click.echo("上线检查：通过" if deploy else "系统检查：通过")
    from kegong.backup.permissions import warning

    if (loose := warning(conf.data_dir())) is not None:
        click.echo(loose, err=True)


def _db() -> str:
    from django.db import connection

    return conf.describe_database(connection.settings_dict)
