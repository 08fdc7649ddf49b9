"""``kegong forecast``: 预计 the next cumulative period, with intervals."""

from __future__ import annotations

import json

import click

from kegong.cli.app import KegongError, main, period_or_latest
from kegong.core.numbers import fmt, fmt_pct
from kegong.core.texttable import text_table


@main.command()
@click.option("--period", default=None, help="已有数据的累计期 YYYY-MM；预测下一个月，例如 2026-06 预计 1-7 月（默认最新月份）。")
@click.option("--indicator", "codes", multiple=True, help="只预测这些指标（可重复），默认全部。")
@click.option("--level", default=0.8, show_default=True, type=click.FloatRange(0.5, 0.99),
              help="预测区间的置信水平。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象。")
def forecast(period: str, codes: tuple[str, ...], level: float, as_json: bool) -> None:
    """预计下月累计（预计 1-M 月）：各指标的累计值、同比增速和预测区间，模型按滚动回测选定。"""
    p = period_or_latest(period)
    from kegong import serializers
    from kegong.figures.tables import forecast_table

    t = forecast_table(p, codes, level)
    if as_json:
        click.echo(json.dumps(serializers.forecast_json(t), ensure_ascii=False, indent=1))
    else:
        click.echo(format_forecast(t))


def format_forecast(t) -> str:
    p, level, results, errors = t.period, t.level, t.results, t.errors
    out: list[str] = []
    if not results:
        raise KegongError("；".join(f"{e['name']}：{e['message']}" for e in errors) or "没有可预测的指标")
    nxt = results[0]["label"]
    out.append(f"预计{nxt}（依据 {p.label()} 及以前的月度数据；区间为 {level:.0%} 预测区间）")
    rows = []
    for r in results:
        rows.append([r["name"], r["unit"], fmt(r["actual_cumulative"]), fmt_pct(r["actual_growth"]),
                     fmt(r["cumulative"]), f"{fmt(r['cumulative_low'])} ~ {fmt(r['cumulative_high'])}",
                     fmt_pct(r["growth"]), f"{fmt_pct(r['growth_low'])} ~ {fmt_pct(r['growth_high'])}",
                     r["model"] + ("（降级）" if r["fallback"] else ""),
                     fmt(r["backtest_mape"].get(r["model"]), 1) + ("%" if r["backtest_mape"].get(r["model"]) else "")])
    out.append(text_table(["指标", "单位", f"{p.span_label()}累计", "增速", f"预计{results[0]['span_label']}", "区间",
                       "预计增速", "增速区间", "模型", "回测MAPE"], rows, right={2, 3, 4, 6, 9}))
    for e in errors:
        out.append(f"{e['name']}：无法预测（{e['message']}）")
    chosen = [r for r in results if not r["fallback"]]
    if chosen:
        k = max(r["backtest_origins"] for r in chosen)
        out.append(f"注：模型按近 {k} 期滚动回测（一步预测）MAPE 最小者选定，基准为季节朴素法（上年同期）。")
    for r in results:
        if r["fallback"]:
            out.append(f"注：{r['name']}{r['note']}")
    used = dict.fromkeys(r["model"] for r in results)
    labels = {r["model"]: r["model_label"] for r in results}
    out.append("模型：" + "；".join(f"{m} {labels[m]}" for m in used))
    return "\n".join(out)
