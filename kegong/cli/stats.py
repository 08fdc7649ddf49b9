"""Statistics commands: ``kegong indicators`` and ``kegong ranking``."""

from __future__ import annotations

import json

import click

from kegong.cli.app import KegongError, django_command, main, parse_period_option


@main.command()
@click.option("--period", required=True, help="累计期 YYYY-MM，例如 2026-06 表示 2026年1-6月。")
@click.option("--scope", default=None,
              help="范围：all、industry:B、town:名称、park:名称、chain:名称、enterprise:统一社会信用代码；"
                   "不指定时列出全县、各行业门类和各乡镇（街道）。")
@click.option("--json", "as_json", is_flag=True, help="输出一个 JSON 对象（供其他工具读取）。")
@django_command()
def indicators(period: str, scope: str | None, as_json: bool) -> None:
    """规上工业主要指标：累计值、同口径增速、增速变化和当月数据。"""
    from kegong.core.catalogue import INDICATORS
    from kegong.core.stats.indicators import (
        check_period,
        county_checks,
        default_scopes,
        format_table,
        indicator_table,
        table_json,
    )
    from kegong.core.stats.panel import Scope
    from kegong.county.selectors import load_county_figures
    from kegong.figures.selectors import load_panel

    p = parse_period_option(period, cumulative=True)
    panel = load_panel(years=[p.year - 1, p.year])
    check_period(panel, p)
    scopes = [Scope.parse(scope)] if scope else default_scopes(panel)
    for s in scopes:
        panel.mask(s)  # an unknown scope fails here, before any output
    rows = indicator_table(panel, p, scopes, INDICATORS)
    va = ratios = None
    if any(s.kind == "all" for s in scopes):
        va, ratios = county_checks(panel, p, load_county_figures([p.year]))
    if as_json:
        click.echo(json.dumps(table_json(p, rows, va, ratios), ensure_ascii=False))
    else:
        click.echo(format_table(p, rows, va, ratios), nl=False)


BY_CHOICES = {"industry": "section", "division": "division", "town": "town", "park": "park", "chain": "chain",
              "enterprise": "enterprise"}


@main.command()
@click.option("--period", required=True, help="累计期 YYYY-MM，例如 2026-06 表示 2026年1-6月。")
@click.option("--by", "by", type=click.Choice(list(BY_CHOICES)), default="town", show_default=True,
              help="按什么分组排名。")
@click.option("--indicator", default="gross_output", show_default=True, help="指标代码，如 gross_output、tax。")
@click.option("--scope", default="all", show_default=True, help="在哪个范围内分组，如 all、industry:C、town:名称。")
@click.option("--sort", "sort", type=click.Choice(["level", "growth"]), default="level", show_default=True,
              help="按总量（level）或增速（growth）排序。")
@click.option("--top", type=int, default=None, help="只列出前 N 名。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@django_command()
def ranking(period: str, by: str, indicator: str, scope: str, sort: str, top: int | None, as_json: bool) -> None:
    """排名：各乡镇、行业、园区、产业链或企业的累计总量、同比、占比、拉动和贡献率（同口径）。"""
    from kegong.core.catalogue import BY_CODE, SCOPE_KINDS
    from kegong.core.numbers import fmt
    from kegong.core.stats.aggregate import breakdown_by, breakdown_by_enterprise
    from kegong.core.stats.indicators import check_period
    from kegong.core.stats.panel import Scope
    from kegong.core.texttable import text_table
    from kegong.figures.selectors import load_panel

    p = parse_period_option(period, cumulative=True)
    if indicator not in BY_CODE:
        raise KegongError(f"指标“{indicator}”不存在（可用：{'、'.join(BY_CODE)}）")
    panel = load_panel(years=[p.year - 1, p.year])
    check_period(panel, p)
    within = Scope.parse(scope)
    panel.mask(within)
    if by == "enterprise":
        bd = breakdown_by_enterprise(panel, within, indicator, p.year, p.end)
    else:
        bd = breakdown_by(panel, within, BY_CHOICES[by], indicator, p.year, p.end)
    rank_key = "rank_level" if sort == "level" else "rank_growth"
    parts = sorted(bd.parts, key=lambda r: (getattr(r, rank_key) is None, getattr(r, rank_key) or 0))
    if top:
        parts = parts[:top]
    d = BY_CODE[indicator]
    if as_json:
        click.echo(json.dumps({
            "period": p.key(), "indicator": indicator, "unit": d.unit, "by": by, "scope": scope, "sort": sort,
            "total": {"cumulative": bd.current, "cumulative_prior_year": bd.prior, "yoy_pct": bd.growth_pct},
            "parts": [{"key": r.key, "name": r.label, "cumulative": r.current, "cumulative_prior_year": r.prior,
                       "yoy_pct": r.growth_pct, "net_addition": r.net_addition, "share_pct": r.share_pct,
                       "pull_pp": r.pull_pp, "contribution_pct": r.contribution_pct, "rank_level": r.rank_level,
                       "rank_growth": r.rank_growth} for r in parts]}, ensure_ascii=False))
        return
    head = ["名次", SCOPE_KINDS[by], f"{p.span_label()}累计（{d.unit}）", "同比%", "占比%", "拉动（百分点）", "贡献率%"]
    rows = [[str(getattr(r, rank_key) or "—"), r.label, fmt(r.current), fmt(r.growth_pct, 1),
             fmt(r.share_pct, 1), fmt(r.pull_pp, 2), fmt(r.contribution_pct, 1)] for r in parts]
    click.echo(f"{p.label()} {d.name}按{SCOPE_KINDS[by]}排名（{'总量' if sort == 'level' else '增速'}，同口径）："
               f"合计 {fmt(bd.current)} {d.unit}，同比 {fmt(bd.growth_pct, 1)}%")
    click.echo(text_table(head, rows, right=range(2, len(head))))
