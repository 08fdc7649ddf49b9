"""Audit, forecast and target commands: ``kegong audit``, ``kegong forecast``, ``kegong targets``."""

from __future__ import annotations

import getpass
import json

import click

from kegong.cli.app import KegongError, main, parse_period_option, setup_django
from kegong.core.numbers import fmt, fmt_pct, fmt_plain, fmt_signed
from kegong.core.texttable import text_table


def _services():
    from kegong.targets import services

    return services


# --- audit ---------------------------------------------------------------------------------------------
@main.group(invoke_without_command=True)
@click.option("--period", default=None, help="审核期别 YYYY-MM（审核该月报表，例如 2026-06 审核 2026年6月）。")
@click.option("--all-months", is_flag=True, help="审核当年 1-2月 至该月的每个报告月。")
@click.option("--severity", type=click.Choice(["hard", "soft"]), default=None,
              help="只列出强制性（hard）或提示性（soft）问题。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表。")
@click.pass_context
def audit(ctx: click.Context, period: str | None, all_months: bool, severity: str | None, as_json: bool) -> None:
    """数据审核：按审核规则表检查企业月报（强制性问题须更正；提示性问题须填写确认说明，见 audit confirm）。"""
    if ctx.invoked_subcommand is not None:
        return
    if period is None:
        raise KegongError("请用 --period YYYY-MM 指定审核期别，例如 kegong audit --period 2026-06")
    p = parse_period_option(period)
    setup_django()
    from kegong.audit import selectors

    year, month = p.year, p.end
    if not selectors.has_month(year, month):
        latest = selectors.latest_month(year)
        if month == 1 and selectors.has_month(year, 2):
            raise KegongError(f"{year}年1月与2月合并报送，请审核 {year}-02（1-2月）")
        tail = f"（{year}年数据截至 {latest} 月）" if latest else f"（数据库中没有 {year} 年的月度数据）"
        raise KegongError(f"没有 {year}年{month}月 的企业月报数据{tail}")
    months = [m for m in range(2, month + 1) if selectors.has_month(year, m)] if all_months else [month]
    from kegong.audit.services import run_audit

    findings = run_audit(year, months)
    if severity:
        findings = [f for f in findings if str(f.severity) == severity]
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1))
        return
    click.echo(_audit_text(year, months, findings))


def _audit_text(year: int, months: list[int], findings) -> str:
    from kegong.core.periods import Period
    from kegong.core.stats.audit import RULES_BY_CODE, summary

    span = Period.cumulative(year, months[-1]).reporting_month()
    head = span.label() if len(months) == 1 else f"{year}年1-2月至{months[-1]}月各月"
    s = summary(findings)
    lines = [f"{head}数据审核：强制性问题 {s['hard']} 条（须更正），提示性问题 {s['soft']} 条"
             f"（已确认 {s['confirmed']} 条，待确认 {s['unconfirmed']} 条）"]
    if not findings:
        lines.append("未发现问题。")
        return "\n".join(lines)
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    for code, fs in by_rule.items():
        r = RULES_BY_CODE[code]
        lines.append("")
        lines.append(f"【{code} {r.title}】{r.severity.label} {len(fs)} 条")
        rows = []
        for f in fs:
            state = "须更正" if f.severity.value == "hard" else ("已确认：" + f.note if f.confirmed else "待确认")
            rows.append([f.uscc, f.enterprise, f.indicator, f.period.label(), f.message, state])
        lines.append(text_table(["统一社会信用代码", "企业", "指标代码", "期别", "说明", "状态"], rows))
    if s["unconfirmed"]:
        lines.append("")
        lines.append("确认提示性问题：kegong audit confirm --period YYYY-MM --uscc 信用代码 --rule 规则 [--indicator 指标代码] --note 说明")
    return "\n".join(lines)


@audit.command("confirm")
@click.option("--period", required=True, help="问题所在的报告月 YYYY-MM。")
@click.option("--uscc", required=True, help="企业统一社会信用代码。")
@click.option("--rule", required=True, help="审核规则代码，如 S02（只能确认提示性问题 S01-S04）。")
@click.option("--indicator", default=None, help="指标代码（同一规则有多个指标触发时必填），如 gross_output。")
@click.option("--note", required=True, help="确认说明：为何数据属实。")
@click.option("--user", default=None, help="确认人（默认当前系统用户）。")
def audit_confirm(period: str, uscc: str, rule: str, indicator: str | None, note: str, user: str | None) -> None:
    """确认一条提示性审核问题（数据属实），写明确认说明；之后审核结果显示为“已确认”。"""
    p = parse_period_option(period)
    setup_django()
    from kegong.audit.services import confirm_finding

    f, replaced = confirm_finding(p, uscc, rule, note, indicator=indicator,
                                  user=user if user is not None else getpass.getuser())
    verb = "已更新确认" if replaced else "已确认"
    click.echo(f"{verb}：{f.enterprise} {f.period.label()} {f.rule} {f.message}；说明：{note.strip()}")


@audit.command("rules")
def audit_rules() -> None:
    """列出审核规则表（代码、类别、说明）。"""
    from kegong.core.stats.audit import RULES

    click.echo(text_table(["代码", "类别", "说明"], [[r.code, r.severity.label, r.title] for r in RULES]))


# --- forecast ------------------------------------------------------------------------------------------
@main.command()
@click.option("--period", required=True, help="已有数据的累计期 YYYY-MM；预测下一个月，例如 2026-06 预计 1-7 月。")
@click.option("--indicator", "codes", multiple=True, help="只预测这些指标（可重复），默认全部。")
@click.option("--level", default=0.8, show_default=True, type=click.FloatRange(0.5, 0.99),
              help="预测区间的置信水平。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象。")
def forecast(period: str, codes: tuple[str, ...], level: float, as_json: bool) -> None:
    """预计下月累计（预计 1-M 月）：各指标的累计值、同比增速和预测区间，模型按滚动回测选定。"""
    p = parse_period_option(period, cumulative=True)
    setup_django()
    from kegong.core.catalogue import BY_CODE, INDICATORS
    from kegong.core.stats.forecast import ForecastError, county_points, forecast_cumulative
    from kegong.figures.models import MonthlyFigure
    from kegong.figures.selectors import load_panel

    unknown = [c for c in codes if c not in BY_CODE]
    if unknown:
        raise KegongError(f"指标代码“{unknown[0]}”不存在（可用：{'、'.join(BY_CODE)}）")
    years = sorted(y for y in MonthlyFigure.objects.values_list("year", flat=True).distinct() if y <= p.year)
    if p.year not in years:
        raise KegongError(f"没有 {p.year} 年的月度数据，无法预测")
    panel = load_panel(years=years, indicators=list(codes) or None)
    if p.end >= 2 and not panel.has_data(p.year, p.end):
        raise KegongError(f"没有 {p.label()} 的数据（{p.year}年数据截至 {panel.last_month(p.year) or '—'} 月）")
    results, errors = [], []
    for d in INDICATORS:
        if codes and d.code not in codes:
            continue
        points, cum, prior = county_points(panel, d.code, p.year, p.end)
        try:
            cf = forecast_cumulative(points, current_cumulative=cum, prior_cumulative=prior, level=level)
        except ForecastError as e:
            errors.append({"code": d.code, "name": d.name, "message": str(e)})
            continue
        actual_growth = 100 * (cum / prior - 1) if cum is not None and prior else None
        results.append({"code": d.code, "name": d.name, "unit": d.unit, "actual_cumulative": cum,
                        "actual_growth": actual_growth, **cf.to_dict()})
    if as_json:
        click.echo(json.dumps({"period": p.key(), "forecasts": results, "errors": errors}, ensure_ascii=False,
                              indent=1))
        return
    if not results:
        raise KegongError("；".join(f"{e['name']}：{e['message']}" for e in errors) or "没有可预测的指标")
    nxt = results[0]["label"]
    click.echo(f"预计{nxt}（依据 {p.label()} 及以前的月度数据；区间为 {level:.0%} 预测区间）")
    rows = []
    for r in results:
        rows.append([r["name"], r["unit"], fmt(r["actual_cumulative"]), fmt_pct(r["actual_growth"]),
                     fmt(r["cumulative"]), f"{fmt(r['cumulative_low'])} ~ {fmt(r['cumulative_high'])}",
                     fmt_pct(r["growth"]), f"{fmt_pct(r['growth_low'])} ~ {fmt_pct(r['growth_high'])}",
                     r["model"] + ("（降级）" if r["fallback"] else ""),
                     fmt(r["backtest_mape"].get(r["model"]), 1) + ("%" if r["backtest_mape"].get(r["model"]) else "")])
    click.echo(text_table(["指标", "单位", f"{p.span_label()}累计", "增速", f"预计{results[0]['span_label']}", "区间",
                       "预计增速", "增速区间", "模型", "回测MAPE"], rows, right={2, 3, 4, 6, 9}))
    for e in errors:
        click.echo(f"{e['name']}：无法预测（{e['message']}）")
    chosen = [r for r in results if not r["fallback"]]
    if chosen:
        k = max(r["backtest_origins"] for r in chosen)
        click.echo(f"注：模型按近 {k} 期滚动回测（一步预测）MAPE 最小者选定，基准为季节朴素法（上年同期）。")
    for r in results:
        if r["fallback"]:
            click.echo(f"注：{r['name']}{r['note']}")
    used = dict.fromkeys(r["model"] for r in results)
    labels = {r["model"]: r["model_label"] for r in results}
    click.echo("模型：" + "；".join(f"{m} {labels[m]}" for m in used))


# --- targets -------------------------------------------------------------------------------------------
@main.group(invoke_without_command=True)
@click.option("--year", type=int, default=None, help="目标年度，例如 2026。")
@click.option("--period", default=None, help="评估期 YYYY-MM（默认该年最新有数据的月份）。")
@click.option("--drop", "drop_points", default=5.0, show_default=True, type=float,
              help="增速回落预警线（百分点）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象。")
@click.pass_context
def targets(ctx: click.Context, year: int | None, period: str | None, drop_points: float, as_json: bool) -> None:
    """年度目标：列出目标及完成进度（时间过半、任务过半：超前 / 正常 / 滞后）和指标预警；用 targets set 设定目标。"""
    if ctx.invoked_subcommand is not None:
        return
    p = parse_period_option(period, cumulative=True, year=year)
    if year is None and p is None:
        raise KegongError("请用 --year YYYY 指定目标年度，例如 kegong targets --year 2026")
    year = year or p.year
    if p is not None and p.year != year:
        raise KegongError(f"评估期 {p.label()} 不在 {year} 年内")
    setup_django()
    from kegong.audit import selectors
    from kegong.core.stats.targets import figure_text, goal_text
    from kegong.county.selectors import load_county_figures
    from kegong.figures.selectors import load_panel

    if p is None:
        latest = selectors.latest_month(year)
        p = parse_period_option(f"{year}-{latest or 12:02d}")
    panel = load_panel(years=[year - 1, year])
    report = _services().progress_report(year, p, panel=panel, county=load_county_figures([year]))
    found = _alerts(panel, p, report.progress, drop_points)
    if as_json:
        click.echo(json.dumps({"year": year, "period": p.key(), "time_progress": p.time_progress(),
                               "targets": [x.to_dict() for x in report.progress],
                               "alerts": [a.to_dict() for a in found]}, ensure_ascii=False, indent=1))
        return
    click.echo(f"{year}年目标完成情况（截至 {p.label()}，时间进度 {fmt(100 * p.time_progress(), 1)}%）")
    if not report.progress:
        click.echo(f"尚未设定 {year} 年目标。设定示例：kegong targets set --year {year} --code value_added_growth --value 8")
    else:
        rows = [[x.target.name, x.target.kind.label, goal_text(x.target.kind, x.target.value, x.target.unit),
                 figure_text(x.target.kind, x.actual, x.target.unit),
                 fmt(None if x.completion is None else 100 * x.completion, 1) + ("%" if x.completion is not None else ""),
                 fmt_signed(x.gap_points, 1), x.status.label if x.status else "无数据"] for x in report.progress]
        click.echo(text_table(["目标", "类型", "目标值", "完成", "完成率", "差距（百分点）", "状态"], rows,
                          right={2, 3, 4, 5}))
        for x in report.progress:
            click.echo(f"  {x.message}")
    click.echo("")
    if found:
        click.echo(f"预警（{len(found)} 条）：")
        for a in found:
            click.echo(f"  [{a.kind.label}] {a.message}")
    else:
        click.echo("预警：无")


def _alerts(panel, p, progress, drop_points: float):
    from kegong.core.catalogue import INDICATORS
    from kegong.core.stats.alerts import alerts
    from kegong.core.stats.indicators import indicator_table
    from kegong.core.stats.panel import Scope

    if not panel.has_data(p.year, p.end):
        return alerts([], p, progress, drop_points=drop_points)
    rows = indicator_table(panel, p, [Scope.county()], INDICATORS)
    return alerts(rows, p, progress, drop_points=drop_points)


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
def targets_set(year: int, code: str, value: str, kind: str | None, unit: str | None, name: str | None,
                note: str) -> None:
    """设定（或修改）一项年度目标。"""
    setup_django()
    svc = _services()
    t, created = svc.set_target(year, code, value, kind=kind, unit=unit, name=name, note=note)
    click.echo(f"{'已设定' if created else '已修改'}：{t.year}年 {t.name}（{t.get_kind_display()}）目标 {fmt_plain(t.value, 4)}{t.unit}")


@targets.command("remove")
@click.option("--year", type=int, required=True, help="目标年度。")
@click.option("--code", required=True, help="指标代码。")
@click.option("--kind", type=click.Choice(["growth", "level", "count"]), default=None, help="只删除该类型的目标。")
def targets_remove(year: int, code: str, kind: str | None) -> None:
    """删除一项年度目标。"""
    setup_django()
    svc = _services()
    n = svc.remove_target(year, code, kind)
    click.echo(f"已删除 {year}年“{code}”目标 {n} 项")


@targets.command("actual")
@click.option("--period", required=True, help="截至期别 YYYY-MM。")
@click.option("--code", required=True, help="指标代码，如 high_tech_new。")
@click.option("--value", required=True, help="截至该期的完成数。")
@click.option("--unit", default="", help="单位，如 家、亿元。")
def targets_actual(period: str, code: str, value: str, unit: str) -> None:
    """录入无法从月报计算的完成数（如国家高新技术企业认定数），保存为全县数据。"""
    p = parse_period_option(period, cumulative=True)
    setup_django()
    svc = _services()
    replaced = svc.record_actual(p, code, value, unit)
    click.echo(f"{'已更新' if replaced else '已录入'}：{p.label()} {code} 完成 {value}{unit}")
