"""``kegong targets``: the year's targets, their progress and the alerts; setting and removing targets."""

from __future__ import annotations

import json

import click

from kegong.cli.app import main, parse_period_option, period_or_latest, setup_django
from kegong.core.numbers import fmt, fmt_plain, fmt_signed
from kegong.core.texttable import text_table


@main.group(invoke_without_command=True)
@click.option("--year", type=int, default=None, help="目标年度，例如 2026。")
@click.option("--period", default=None, help="评估期，如 2026-06、2026年6月、上半年（默认该年最新有数据的月份）。")
@click.option("--drop", "drop_points", default=5.0, show_default=True, type=float,
              help="增速回落预警线（百分点）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象。")
@click.pass_context
def targets(ctx: click.Context, year: int | None, period: str | None, drop_points: float, as_json: bool) -> None:
    """年度目标：列出目标及完成进度（时间过半、任务过半：超前 / 正常 / 滞后）和指标预警；用 targets set 设定目标。"""
    if ctx.invoked_subcommand is not None:
        return
    p = parse_period_option(period, cumulative=True, year=year)
    setup_django()
    from kegong import serializers
    from kegong.targets.services import targets_overview

    if year is None and p is None:
        p = period_or_latest(None)
    o = targets_overview(year or p.year, p, drop_points)
    if as_json:
        click.echo(json.dumps(serializers.targets_json(o), ensure_ascii=False, indent=1))
    else:
        click.echo(format_targets(o))


def format_targets(o) -> str:
    from kegong.core.stats.targets import figure_text, goal_text

    year, p, progress, found = o.year, o.period, o.progress, o.alerts
    out: list[str] = []
    out.append(f"{year}年目标完成情况（截至 {p.label()}，时间进度 {fmt(100 * p.time_progress(), 1)}%）")
    if not progress:
        out.append(f"尚未设定 {year} 年目标。设定示例：kegong targets set --year {year} --code value_added_growth --value 8")
    else:
        rows = [[x.target.name, x.target.kind.label, goal_text(x.target.kind, x.target.value, x.target.unit),
                 figure_text(x.target.kind, x.actual, x.target.unit),
                 fmt(None if x.completion is None else 100 * x.completion, 1) + ("%" if x.completion is not None else ""),
                 fmt_signed(x.gap_points, 1), x.status.label if x.status else "无数据"] for x in progress]
        out.append(text_table(["目标", "类型", "目标值", "完成", "完成率", "差距（百分点）", "状态"], rows,
                          right={2, 3, 4, 5}))
        for x in progress:
            out.append(f"  {x.message}")
    out.append("")
    if found:
        out.append(f"预警（{len(found)} 条）：")
        for a in found:
            out.append(f"  [{a.kind.label}] {a.message}")
    else:
        out.append("预警：无")
    return "\n".join(out)


@targets.command("set")
@click.option("--year", type=int, required=True, help="目标年度。")
@click.option("--code", required=True,
              help="指标代码：value_added_growth、gross_output、industrial_investment、new_above_scale、"
                   "high_tech_new 等。")
@click.option("--value", required=True, help="目标值（增速目标为百分数，如 8 表示增长 8%）。")
@click.option("--kind", type=click.Choice(["growth", "level", "count"]), default=None,
              help="类型：growth 增速、level 总量、count 数量（常用指标有默认值）。")
@click.option("--unit", default=None, help="单位，如 %、亿元、万元、家。")
@click.option("--name", default=None, help="目标名称，如 新增规上企业。")
@click.option("--note", default="", help="说明。")
@click.option("--town", default=None, help="乡镇（街道）名称，如 城关镇：设定该乡镇自己的目标（绩效考评用）；不填为全县目标。")
def targets_set(year: int, code: str, value: str, kind: str | None, unit: str | None, name: str | None,
                note: str, town: str | None) -> None:
    """设定（或修改）一项年度目标（全县的，或用 --town 设定某乡镇的）。"""
    setup_django()
    from kegong.targets.services import set_target

    t, created = set_target(year, code, value, kind=kind, unit=unit, name=name, note=note, town=town)
    where = f"{t.town.name} " if t.town_id else ""
    click.echo(f"{'已设定' if created else '已修改'}：{t.year}年 {where}{t.name}（{t.get_kind_display()}）目标 "
               f"{fmt_plain(t.value, 4)}{t.unit}")


@targets.command("list")
@click.option("--year", type=int, default=None, help="目标年度（默认所有年度）。")
@click.option("--town", default=None, help="只列该乡镇（街道）的目标。")
@click.option("--county", "county_only", is_flag=True, help="只列全县目标。")
def targets_list(year: int | None, town: str | None, county_only: bool) -> None:
    """列出已设定的目标：全县目标和各乡镇目标（“范围”列）。"""
    setup_django()
    from kegong.core.stats.targets import TargetKind, goal_text
    from kegong.targets.selectors import targets_of
    from kegong.targets.services import town_unit

    if town is not None:
        town_unit(town)  # an unknown town is named
    rows = targets_of(year, town=town, towns=not county_only)
    if not rows:
        where = f"{town}" if town else ("全县" if county_only else "")
        click.echo(f"{f'{year}年' if year else ''}{where}尚未设定目标。")
        return
    click.echo(text_table(["年度", "范围", "目标", "代码", "类型", "目标值", "说明"],
                          [[t.year, t.scope_name, t.name, t.code, t.get_kind_display(),
                            goal_text(TargetKind(t.kind), float(t.value), t.unit), t.note] for t in rows],
                          right={5}))


@targets.command("remove")
@click.option("--year", type=int, required=True, help="目标年度。")
@click.option("--code", required=True, help="指标代码。")
@click.option("--kind", type=click.Choice(["growth", "level", "count"]), default=None, help="只删除该类型的目标。")
@click.option("--town", default=None, help="删除该乡镇（街道）的目标（不填为全县目标）。")
def targets_remove(year: int, code: str, kind: str | None, town: str | None) -> None:
    """删除一项年度目标（全县的，或用 --town 删除某乡镇的）。"""
    setup_django()
    from kegong.targets.services import remove_target

    n = remove_target(year, code, kind, town=town)
    click.echo(f"已删除 {year}年{town or ''}“{code}”目标 {n} 项")


@targets.command("actual")
@click.option("--period", required=True, help="截至期别 YYYY-MM。")
@click.option("--code", required=True, help="目标的指标代码（台账计数的指标，如 high_tech_new，由台账记录计算，不能录入）。")
@click.option("--value", required=True, help="截至该期的完成数。")
@click.option("--unit", default="", help="单位，如 家、亿元。")
def targets_actual(period: str, code: str, value: str, unit: str) -> None:
    """录入无法从月报或台账计算的完成数，保存为全县数据。"""
    p = parse_period_option(period, cumulative=True)
    setup_django()
    from kegong.targets.services import record_actual

    replaced = record_actual(p, code, value, unit)
    click.echo(f"{'已更新' if replaced else '已录入'}：{p.label()} {code} 完成 {value}{unit}")
