"""Import profiles (导入方案) and the column vocabulary: ``kegong profiles list|show|rename|delete`` and
``kegong vocabulary``; the column table the import command prints for a layout kegong does not know."""

from __future__ import annotations

import click

from kegong.cli.app import KegongError, django_command, main
from kegong.core.texttable import text_table


def columns_table(columns) -> str:
    """A sheet's columns with what kegong made of each (kegong.readers.mapping.SheetColumns)."""
    rows = [(p.letter, p.header or "（空）", p.describe(), "是" if p.numeric else "") for p in columns.placements
            if p.header or p.numeric]
    where = f"文件 {columns.file}" + (f" 工作表 {columns.sheet}" if columns.sheet else "")
    return f"{where}（表头第 {columns.header_row} 行）各列：\n" + text_table(("列", "表头", "识别为", "数值"), rows,
                                                                      indent="  ")


MAP_HINT = ("请为未识别的列指定映射后重新导入，例如：\n"
            "  kegong import 文件 --map E=gross_output:本月 --map F=gross_output:1-本月 --ignore G --save-profile 方案名\n"
            "  （指标写代码或中文名；第二项为 本月 / 1-本月 / 上年同月 / 上年同期；可加第三项单位，如 :千元）\n"
            "保存的方案会自动用于以后表头相同的文件，也可用 --profile 方案名 指定。")


@main.group()
def profiles() -> None:
    """导入方案：为 kegong 不认识的表头保存的列映射。"""


@profiles.command("list")
@django_command()
def profiles_list() -> None:
    """列出全部导入方案。"""
    from kegong.imports.profiles import profiles_all

    rows = [(p.name, p.fingerprint, len(p.columns), p.used, f"{p.updated_at:%Y-%m-%d %H:%M}",
             p.created_by.get_username() if p.created_by else "") for p in profiles_all()]
    if not rows:
        click.echo("尚无导入方案（导入 kegong 不认识的表头时，用 --map/--ignore 加 --save-profile 保存）")
        return
    click.echo(text_table(("方案", "表头指纹", "映射列数", "使用次数", "修改时间", "创建人"), rows, right={2, 3}))


@profiles.command("show")
@click.argument("name")
@django_command()
def profiles_show(name: str) -> None:
    """显示一个导入方案的列映射。"""
    from kegong.imports.profiles import profile_mapping
    from kegong.readers.mapping import describe_assign

    m = profile_mapping(name)
    rows = [(label, describe_assign(label, a)) for label, a in m.columns.items()]
    click.echo(f"导入方案“{m.name}”（表头指纹 {m.fingerprint}）：")
    click.echo(text_table(("表头", "映射为"), rows, indent="  "))


@profiles.command("rename")
@click.argument("name")
@click.argument("new_name")
@django_command()
def profiles_rename(name: str, new_name: str) -> None:
    """给导入方案改名。"""
    from kegong.imports.profiles import profile_rename

    profile_rename(name=name, new_name=new_name)
    click.echo(f"已将导入方案“{name}”改名为“{new_name}”")


@profiles.command("delete")
@click.argument("name")
@django_command()
def profiles_delete(name: str) -> None:
    """删除导入方案。"""
    from kegong.imports.profiles import profile_delete

    profile_delete(name=name)
    click.echo(f"已删除导入方案“{name}”")


@main.command()
@click.option("--source", type=click.Choice(["tongji", "tax", "power", "project", "template"]), default=None,
              help="只列出该来源的表头词。")
def vocabulary(source: str | None) -> None:
    """列出 kegong 认识的表头词（每个字段的写法及出处）。"""
    from kegong.readers.vocabulary import table

    rows = table(source)
    if not rows:
        raise KegongError("没有表头词")
    click.echo(text_table(("来源", "字段", "字段名", "表头词（正则）", "出处"), rows))
