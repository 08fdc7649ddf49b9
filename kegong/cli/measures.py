"""``kegong measures``: the ledger counts of the measure registry (台账计数) for a period and a scope — the same
numbers as /measures/, /api/measures/, the reports and the dashboard — and, for one count, the records it
counts."""

from __future__ import annotations

import datetime as dt
import json

import click

from kegong.cli.app import main, parse_period_option, setup_django
from kegong.core.texttable import text_table


@main.command("measures")
@click.argument("code", required=False)
@click.option("--period", default=None, help="期别，如 2026-06、2026年6月、上半年（默认上月末的累计期）。")
@click.option("--scope", default=None, help="范围：all（默认）、town:乡镇名、park:园区名、industry:B …")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象（与 /api/measures/ 相同）。")
def measures(code: str | None, period: str | None, scope: str | None, as_json: bool) -> None:
    """台账计数：报告和驾驶舱中来自台账的数字（国家级高新技术企业数、研发费用备案企业数、5G站点累计建成数 …）；
    给出 CODE 时列出该计数所数的记录。"""
    from kegong.core.periods import Period
    from kegong.core.stats.scopes import Scope

    p = parse_period_option(period, cumulative=True)
    sc = Scope.parse(scope) if scope else Scope.county()
    setup_django()
    from kegong import serializers
    from kegong.measures.listing import MeasureRow, default_period, ledger_measure, measure_rows, shown

    p = p or default_period(dt.date.today())
    assert isinstance(p, Period)
    if code is None:
        rows = measure_rows(p, sc)
        if as_json:
            click.echo(json.dumps(serializers.measures_json(p, sc, rows, True), ensure_ascii=False, indent=1))
            return
        click.echo(f"台账计数（{p.label()}，{'全县' if sc.kind == 'all' else sc}）")
        click.echo(text_table(["代码", "计数", "数值", "单位", "台账"],
                              [[r.measure.code, r.measure.name, shown(r.measure, r.level), r.measure.unit,
                                r.measure.ledger] for r in rows], right={2}))
        click.echo("“—”：该台账还没有任何记录（数字未知，不是 0）。")
        return
    m = ledger_measure(code)
    if m is None:
        from kegong.core.errors import InputError

        raise InputError(f"没有台账计数“{code}”；运行 kegong measures 查看全部代码")
    records = m.records(p, sc) if sc.kind == "all" else None
    row = MeasureRow(m, m.compute(p, sc).level, records)
    if as_json:
        out = serializers.measures_json(p, sc, [row], True, with_records=True)
        click.echo(json.dumps({**{k: out[k] for k in ("period", "label", "scope")}, **out["measures"][0]},
                              ensure_ascii=False, indent=1))
        return
    click.echo(f"{m.name}（{p.label()}）：{shown(m, row.level)} {m.unit}")
    if records:
        click.echo(text_table(["企业", "记录"], [[getattr(getattr(r, "enterprise", None), "name", "—"), str(r)]
                                             for r in records]))
