"""Backup commands: backup (one file, or the daily one with retention), restore, cleanup-uploads."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from kegong.cli.app import django_command, main, setup_django
from kegong.core.errors import InputError


def _progress(quiet: bool):
    @contextlib.contextmanager
    def bar(label: str, length: int):
        with click.progressbar(length=max(int(length), 1), label=label, hidden=quiet) as b:
            yield b.update

    return bar


def _size(n: int) -> str:
    for unit, k in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n} 字节"


def _summary(manifest: dict) -> str:
    tables = manifest["tables"]
    rows = sum(t["rows"] for t in tables.values())
    n_files = sum(1 for name in manifest["files"] if name.startswith("files/"))
    return f"{len(tables)} 张表、{rows} 行，上传文件和报告 {n_files} 个"


@main.command("backup")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="备份文件（.tar.gz）。")
@click.option("--to-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="每日备份：写入此目录，文件名按日期（kegong-backup-YYYYMMDD-HHMMSS.tar.gz）。")
@click.option("--keep", type=click.IntRange(min=1), default=14, show_default=True,
              help="与 --to-dir 一起：保留最近的几份备份，更早的删除。")
@click.option("--older-than", type=click.FloatRange(min=0), default=24, show_default=True,
              help="与 --to-dir 一起：先清理超过此小时数、检查后未确认导入的上传文件。")
@click.option("--quiet", is_flag=True, help="不显示进度条。")
@django_command()
def backup_cmd(output: Path | None, to_dir: Path | None, keep: int, older_than: float, quiet: bool) -> None:
    """备份数据库（服务运行时也可，得到一致的快照）和数据目录中的上传文件、报告，写成一个带清单的归档。"""
    from kegong.backup.service import backup, backup_to_dir

    if (output is None) == (to_dir is None):
        raise InputError("请给出 -o 备份文件，或 --to-dir 备份目录（二者选一）")
    if output is not None:
        result = backup(output, _progress(quiet))
    else:
        result = backup_to_dir(to_dir, keep, older_than_hours=older_than, progress=_progress(quiet))
        if result.cleanup and result.cleanup.removed:
            click.echo(f"已清理未确认导入的上传 {len(result.cleanup.removed)} 批（{_size(result.cleanup.bytes_freed)}）")
    click.echo(f"已备份到 {result.path}（{_summary(result.manifest)}；{_size(result.path.stat().st_size)}，"
               f"用时 {result.seconds:.1f} 秒）")
    for old in result.removed:
        click.echo(f"已删除超出保留份数（{keep}）的旧备份 {old.name}")


@main.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--quiet", is_flag=True, help="不显示进度条。")
def restore_cmd(archive: Path, quiet: bool) -> None:
    """把备份恢复到空的数据目录（SQLite）或空的数据库（PostgreSQL），并逐表核对校验值。"""
    from kegong.backup.errors import BackupError

    setup_django(must_exist=False)
    from kegong.backup.service import restore

    result = restore(archive, _progress(quiet))
    m = result.manifest
    for line in result.mismatches:
        click.echo(f"不符：{line}", err=True)
    if result.mismatches:
        raise BackupError(f"恢复后有 {len(result.mismatches)} 张表与备份清单不符（见上），请勿使用这份恢复的数据")
    click.echo(f"已恢复 {m['created_at']} 的备份（kegong {m['kegong_version']}，{_summary(m)}）；"
               f"{result.tables} 张表的行数和校验值均与备份一致，用时 {result.seconds:.1f} 秒")
    for line in result.notes:
        click.echo(f"提示：{line}")


@main.command("cleanup-uploads")
@click.option("--older-than", type=click.FloatRange(min=0), default=24, show_default=True,
              help="清理超过此小时数、检查后未确认导入的上传。")
@click.option("--dry-run", is_flag=True, help="只列出，不删除。")
@django_command()
def cleanup_uploads_cmd(older_than: float, dry_run: bool) -> None:
    """删除检查（试导入）后一直未确认导入的上传文件（已导入的文件保留）。"""
    from kegong.backup.uploads import cleanup_uploads

    result = cleanup_uploads(older_than, dry_run=dry_run)
    verb = "将删除" if dry_run else "已删除"
    for folder in result.removed:
        click.echo(f"{verb} {folder.name}")
    click.echo(f"{verb}未确认导入的上传 {len(result.removed)} 批（{_size(result.bytes_freed)}），保留 {result.kept} 批")


@main.command("migrate")
@click.option("--backup-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="升级前的备份写到此目录（默认：数据目录下的 backups/）。")
@click.option("--no-backup", is_flag=True, help="不先备份（不推荐）。")
@click.option("--quiet", is_flag=True, help="不显示进度条。")
def migrate_cmd(backup_dir: Path | None, no_backup: bool, quiet: bool) -> None:
    """升级数据库表结构：先做一份完整备份（可用 kegong restore 恢复），再应用新版本的表结构变更。"""
    setup_django(must_exist=True, migrate=False)
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from kegong import conf
    from kegong.backup.service import backup
    from kegong.enterprises.services import county
    from kegong.figures.services import sync_catalogue

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        click.echo("数据库表结构已是最新，无需升级")
        return
    if not no_backup:
        import datetime as dt

        folder = backup_dir or conf.data_dir() / "backups"
        dest = folder / f"升级前-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        result = backup(dest, _progress(quiet))
        click.echo(f"升级前已备份到 {result.path}（{_summary(result.manifest)}）")
    call_command("migrate", verbosity=0, interactive=False)
    sync_catalogue()
    county()
    click.echo(f"已升级：应用 {len(pending)} 项表结构变更")
