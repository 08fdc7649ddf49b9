"""Import and export commands: import, export, template, batches, rollback, match-power."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

import click

from kegong.cli.app import KegongError, django_command, main, parse_period_option
from kegong.cli.profiles import MAP_HINT, columns_table
from kegong.core.catalogue import SOURCES

SOURCE_NAMES = ("tongji", "tax", "power", "project", "template")


def _progress_factory(quiet: bool):
    if quiet:
        return None

    @contextlib.contextmanager
    def factory(label: str, length: int):
        if length < 2000:  # a small file is written at once: no bar
            yield lambda n: None
            return
        with click.progressbar(length=length, label=label, show_pos=True) as bar:
            yield bar.update

    return factory


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", type=click.Choice(SOURCE_NAMES), default=None,
              help="来源：tongji 统计局、tax 税务局、power 供电公司、project 项目库、template kegong 模板；不指定时按表头判断。")
@click.option("--period", default=None, help="期别 YYYY-MM（覆盖从标题、工作表名或文件名识别的期别）。")
@click.option("--dry-run", is_flag=True, help="只检查并显示将作的修改，不写入数据库。")
@click.option("--quiet", is_flag=True, help="不显示进度条。")
@click.option("--profile", default="", help="按该导入方案读取各列（不指定时自动使用表头相同的方案）。")
@click.option("--map", "maps", multiple=True, metavar="列=指标:本月|1-本月|上年同月|上年同期[:单位]",
              help="指定一列的含义，如 --map E=gross_output:本月:千元；可多次使用。")
@click.option("--ignore", "ignores", multiple=True, metavar="列", help="忽略一列（列字母或表头），可多次使用。")
@click.option("--save-profile", default="", metavar="方案名", help="把 --map/--ignore 保存为导入方案，供以后表头相同的文件使用。")
@click.option("--show-columns", is_flag=True, help="只显示 kegong 对各列的识别结果，不导入。")
@click.option("--accept-totals", default="", metavar="理由", help="接受与各行之和不符的合计行，理由记入导入批次。")
@click.option("--new-towns", is_flag=True, help="确认新建文件中企业库没有的乡镇（街道）和园区。")
@django_command()
def import_(files: tuple[Path, ...], source: str | None, period: str | None, dry_run: bool, quiet: bool,
            profile: str, maps: tuple[str, ...], ignores: tuple[str, ...], save_profile: str, show_columns: bool,
            accept_totals: str, new_towns: bool) -> None:
    """导入统计局报表、税务清单、供电清单、项目库清单或 kegong 模板（.xlsx/.xls/.csv）。

    任一文件有错误时不导入任何数据，并列出全部错误。表头中有 kegong 不认识的数值列时，会列出各列的识别结果，
    可用 --map/--ignore 指定并用 --save-profile 保存为导入方案。"""
    from kegong.imports.services import ImportChoices

    choices = ImportChoices(profile=profile, accept_totals=accept_totals, new_towns=new_towns)
    columns = None
    if maps or ignores or show_columns or save_profile:
        columns = _columns(files, choices, period)
        if show_columns:
            for c in columns:
                click.echo(columns_table(c))
            return
        from kegong.readers.mapping import mapping_from_specs

        base = choices.read_options(None, None).mapping
        choices = replace(choices, mapping=mapping_from_specs(columns[0], maps, ignores, base, name=save_profile))
    _run_import(files, source, period, dry_run, quiet, choices)
    if save_profile:
        from kegong.imports.profiles import profile_save

        profile_save(name=save_profile, columns=columns[0], mapping=choices.mapping)
        click.echo(f"已保存导入方案“{save_profile}”：以后表头相同的文件将自动按此方案读取")


def _columns(files: tuple[Path, ...], choices, period: str | None) -> list:
    from kegong.readers.tables import read_tables
    from kegong.readers.tongji import sheet_columns

    if len(files) != 1:
        raise KegongError("--map、--ignore、--save-profile、--show-columns 一次只能用于一个文件")
    columns = sheet_columns(read_tables(files[0]), choices.read_options(None, None))
    if not columns:
        raise KegongError(f"{files[0].name} 中找不到统计报表的表头，无法按列映射")
    return columns


def _run_import(files, source, period, dry_run, quiet, choices) -> None:
    from kegong.imports.services import FINDINGS_SHOWN, error_headline, import_files, result_line
    from kegong.readers.errors import IngestError

    p = parse_period_option(period)
    try:
        results = import_files(list(files), source=source, period=p, dry_run=dry_run,
                               progress=_progress_factory(quiet), choices=choices)
    except IngestError as e:
        for line in e.lines():
            click.echo(line, err=True)
        for c in e.columns:
            click.echo(columns_table(c), err=True)
        if e.columns:
            click.echo(MAP_HINT, err=True)
        raise KegongError(error_headline(e)) from None
    for r in results:
        click.echo(result_line(r, dry_run))
        if r.findings and not r.summary.already_imported:
            click.echo(f"  提示 {len(r.findings)} 条：")
            for f in r.findings[:FINDINGS_SHOWN]:
                click.echo(f"  - {f}")
            if len(r.findings) > FINDINGS_SHOWN:
                click.echo(f"  - ……另有 {len(r.findings) - FINDINGS_SHOWN} 条")
    if dry_run:
        click.echo("试运行（--dry-run）：以上为将作的修改，数据库未改动")


@main.command()
@click.argument("table", type=click.Choice(["enterprises", "figures", "indicators", "batches", "power-accounts",
                                            "scale"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件（.xlsx）。")
@click.option("--period", default=None, help="只导出该期别的数据 YYYY-MM（figures 表）。")
@click.option("--indicator", default=None, help="只导出该指标代码的数据（figures 表）。")
@django_command()
def export(table: str, output: Path, period: str | None, indicator: str | None) -> None:
    """把一张表导出为 Excel（.xlsx），表头为中文。"""
    from kegong.imports.exports import export_table, write_xlsx

    if output.suffix.lower() != ".xlsx":
        raise KegongError(f"输出文件 {output.name} 应以 .xlsx 结尾")
    p = parse_period_option(period)
    sheet, headers, rows = export_table(table, p, indicator)
    try:
        n = write_xlsx(output, [(sheet, headers, rows)])
    except OSError as e:
        raise KegongError(f"无法写入 {output}：{e.strerror or e}") from None
    from kegong.admin_log import record

    record("export", what=f"导出“{sheet}” {n} 行到 {output}")
    click.echo(f"已导出“{sheet}” {n} 行到 {output}")


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件（.xlsx）。")
@click.option("--with-enterprises", is_flag=True, help="预填企业库中的全部企业（需要数据库）。")
@click.option("--period", default="", help="预填的期别，如 2026-06。")
def template(output: Path, with_enterprises: bool, period: str) -> None:
    """生成 kegong 手工数据导入模板（.xlsx）。"""
    from kegong.imports.exports import write_template

    if output.suffix.lower() != ".xlsx":
        raise KegongError(f"输出文件 {output.name} 应以 .xlsx 结尾")
    if period:
        parse_period_option(period)
    enterprises: list[tuple[str, str]] = []
    if with_enterprises:
        from kegong.cli.app import setup_django

        setup_django()
        from kegong.imports.services import template_enterprises

        enterprises = template_enterprises()
    try:
        write_template(output, enterprises, period)
    except OSError as e:
        raise KegongError(f"无法写入 {output}：{e.strerror or e}") from None
    click.echo(f"已生成模板 {output}（填好后用 kegong import {output.name} 导入）")


@main.command()
@click.option("--limit", default=30, show_default=True, help="最多列出多少个批次（最新的在前）。")
@django_command()
def batches(limit: int) -> None:
    """列出导入批次（编号用于 kegong rollback）。"""
    from kegong.imports.models import ImportBatch
    from kegong.imports.services import recent_batches

    status = dict(ImportBatch.Status.choices)
    rows = list(recent_batches(limit))
    if not rows:
        click.echo("还没有导入批次")
        return
    click.echo("批次\t导入时间\t来源\t期别\t行数\t写入\t状态\t文件")
    for b in rows:
        click.echo(f"{b.pk}\t{b.imported_at:%Y-%m-%d %H:%M}\t{SOURCES.get(b.source, b.source)}\t{b.period_key or '—'}\t"
                   f"{b.rows}\t{b.figures_written}\t{status.get(b.status, b.status)}\t{b.file_name}")


@main.command()
@click.argument("batch_id", type=int)
@click.option("--yes", is_flag=True, help="不再确认，直接撤销。")
@django_command()
def rollback(batch_id: int, yes: bool) -> None:
    """撤销一次导入：恢复被它修改或删除的数据，删除它新增的数据。"""
    from kegong.imports.models import ImportBatch
    from kegong.imports.rollback import rollback_batch
    from kegong.imports.services import rollback_line

    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is not None and not yes:
        click.confirm(f"撤销批次 {batch_id}（{batch.file_name}，期别 {batch.period_key or '—'}）？", abort=True)
    s = rollback_batch(batch_id)
    click.echo(rollback_line(s))


@main.command("match-power")
@click.argument("account", required=False)
@click.argument("uscc", required=False)
@django_command()
def match_power(account: str | None, uscc: str | None) -> None:
    """把供电户号指定给企业（记住，以后自动匹配）；不带参数时列出尚未匹配的户号。"""
    from kegong.enterprises.models import PowerAccount
    from kegong.imports.services import match_power_account

    if account is None:
        rows = PowerAccount.objects.filter(enterprise__isnull=True).order_by("account_no")
        if not rows.exists():
            click.echo("所有供电户号均已匹配到企业")
            return
        click.echo("尚未匹配的供电户号（用 kegong match-power 户号 统一社会信用代码 指定）：")
        for a in rows:
            click.echo(f"{a.account_no}\t{a.name}\t{a.address}")
        return
    if uscc is None:
        raise KegongError("请同时给出户号和统一社会信用代码，例如 kegong match-power 0101234567 91431124MA4L0XXXXX")
    acct, summary = match_power_account(account, uscc)
    if summary is None:
        click.echo(f"户号 {acct.account_no} 已匹配到 {acct.enterprise.name}，无需修改")
        return
    click.echo(f"户号 {acct.account_no}（{acct.name}）已匹配到 {acct.enterprise.name}；写入用电量数据 "
               f"{summary.figures_written} 条（批次 {summary.batch_id}）")
