"""Statistics commands: ``kegong indicators`` and ``kegong ranking`` — parse, call one selector, render."""

from __future__ import annotations

import click

from kegong.cli.app import echo_json, main, period_or_latest
from kegong.core.catalogue import RANK_BY

PERIOD_HELP = "累计期，如 2026-06、2026年6月、2026年1-6月、上半年（默认：最新有数据的月份）。"


@main.command()
@click.option("--period", default=None, help=PERIOD_HELP)
@click.option("--scope", default=None,
              help="范围：all、industry:B、town:名称、park:名称、chain:名称、enterprise:统一社会信用代码；"
                   "不指定时列出全县、各行业门类和各乡镇（街道）。")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象（供其他工具读取）。")
def indicators(period: str | None, scope: str | None, as_json: bool) -> None:
    """规上工业主要指标：累计值、同口径增速、增速变化和当月数据。"""
    p = period_or_latest(period)
    from kegong import serializers
    from kegong.core.stats.indicators import format_table
    from kegong.figures.tables import indicators_table

    t = indicators_table(p, scope)
    if as_json:
        echo_json(serializers.indicators_json(t))
    else:
        click.echo(format_table(t.period, t.rows, t.value_added, t.ratios), nl=False)


@main.command()
@click.option("--period", default=None, help=PERIOD_HELP)
@click.option("--by", "by", type=click.Choice(list(RANK_BY)), default="town", show_default=True,
              help="按什么分组排名：industry 行业门类、division 行业大类、town 乡镇、park 园区、chain 产业链、enterprise 企业。")
@click.option("--indicator", default="gross_output", show_default=True, help="指标代码，如 gross_output、tax。")
@click.option("--scope", default="all", show_default=True, help="在哪个范围内分组，如 all、industry:C、town:名称。")
@click.option("--sort", "sort", type=click.Choice(["level", "growth"]), default="level", show_default=True,
              help="按总量（level）或增速（growth）排序。")
@click.option("--top", type=int, default=None, help="只列出前 N 名。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def ranking(period: str | None, by: str, indicator: str, scope: str, sort: str, top: int | None,
            as_json: bool) -> None:
    """排名：各乡镇、行业、园区、产业链或企业的累计总量、同比、占比、拉动和贡献率（同口径）。"""
    p = period_or_latest(period)
    from kegong import serializers
    from kegong.figures.tables import ranking_table

    r = ranking_table(p, by=by, indicator=indicator, scope=scope, sort=sort, top=top)
    if as_json:
        echo_json(serializers.ranking_json(r))
    else:
        click.echo(format_ranking(r))


def format_ranking(r) -> str:
    from kegong.core.catalogue import BY_CODE, SCOPE_KINDS
    from kegong.core.numbers import fmt
    from kegong.core.texttable import text_table

    d, p, bd = BY_CODE[r.indicator], r.period, r.total
    head = ["名次", SCOPE_KINDS[r.by], f"{p.span_label()}累计（{d.unit}）", "同比%", "占比%", "拉动（百分点）", "贡献率%"]
    rows = [[str(getattr(x, r.rank_key) or "—"), x.label, fmt(x.current), fmt(x.growth_pct, 1),
             fmt(x.share_pct, 1), fmt(x.pull_pp, 2), fmt(x.contribution_pct, 1)] for x in r.parts]
    title = (f"{p.label()} {d.name}按{SCOPE_KINDS[r.by]}排名（{'总量' if r.sort == 'level' else '增速'}，同口径）："
             f"合计 {fmt(bd.current)} {d.unit}，同比 {fmt(bd.growth_pct, 1)}%")
    return title + "\n" + text_table(head, rows, right=range(2, len(head)))
