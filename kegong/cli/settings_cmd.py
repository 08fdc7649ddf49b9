"""``kegong settings``: the deployment settings (kegong.deploy_settings) with their values here, defaults and
help — the same table as docs/security.md (``--markdown`` prints it)."""

from __future__ import annotations

import os

import click

from kegong import deploy_settings
from kegong.cli.app import echo_json, main
from kegong.core.texttable import text_table


@main.command("settings")
@click.option("--markdown", is_flag=True, help="输出 Markdown 表格（供文档使用，列出默认值）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表。")
def settings_cmd(markdown: bool, as_json: bool) -> None:
    """部署设置：各环境变量的当前值、默认值和说明（经 HTTPS 代理部署时见 docs/security.md）。"""
    if markdown:
        click.echo(deploy_settings.markdown_table())
        return
    rows = deploy_settings.rows(os.environ)
    if as_json:
        echo_json([{"name": n, "value": v, "default": d, "help": h} for n, v, d, h in rows])
        return
    click.echo(text_table(["环境变量", "当前值", "默认值", "说明"], [list(r) for r in rows]))
