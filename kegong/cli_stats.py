"""Statistics commands: ``kegong indicators``."""

from __future__ import annotations

import json

import click

from kegong.cli import KegongError, django_command, main, parse_period_option


@main.command()
@click.option("--period", required=True, help="累计期 YYYY-MM，例如 2026-06 表示 2026年1-6月。")
@click.option("--scope", default=None,
              help="范围：all、industry:B、town:名称、park:名称、chain:名称、enterprise:统一社会信用代码；"
                   "不指定时列出全县、各行业门类和各乡镇（街道）。")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象（供其他工具读取）。")
@django_command()
def indicators(period: str, scope: str | None, as_json: bool) -> None:
    """规上工业主要指标：累计值、同口径增速、增速变化和当月数据。"""
    from kegong.figures.catalogue import INDICATORS
    from kegong.figures.selectors import load_county_figures, load_panel
    from kegong.stats.indicators import (
        check_period,
        county_checks,
        default_scopes,
        format_table,
        indicator_table,
        table_json,
    )
    from kegong.stats.panel import Scope, StatsError

    p = parse_period_option(period)
    try:
        if not p.is_cumulative:
            raise StatsError(f"{p.label()} 不是累计期，请用 YYYY-MM 指定 1-M 月累计期，例如 2026-06")
        panel = load_panel(years=[p.year - 1, p.year])
        check_period(panel, p)
        scopes = [Scope.parse(scope)] if scope else default_scopes(panel)
        for s in scopes:
            panel.mask(s)  # an unknown scope fails here, before any output
        rows = indicator_table(panel, p, scopes, INDICATORS)
        va = ratios = None
        if any(s.kind == "all" for s in scopes):
            va, ratios = county_checks(panel, p, load_county_figures([p.year]))
    except StatsError as e:
        raise KegongError(str(e)) from None
    if as_json:
        click.echo(json.dumps(table_json(p, rows, va, ratios), ensure_ascii=False))
    else:
        click.echo(format_table(p, rows, va, ratios), nl=False)
