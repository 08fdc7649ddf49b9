"""``kegong audit``: run the audit rules over a reporting month, confirm soft findings, list the rules."""

from __future__ import annotations

import getpass
import json

import click

from kegong.cli.app import main, parse_period_option, period_or_latest, setup_django
from kegong.core.texttable import text_table


# --- audit ---------------------------------------------------------------------------------------------
@main.group(invoke_without_command=True)
@click.option("--period", default=None, help="审核期别 YYYY-MM（审核该月报表，例如 2026-06 审核 2026年6月；默认最新月份）。")
@click.option("--all-months", is_flag=True, help="审核当年 1-2月 至该月的每个报告月。")
@click.option("--severity", type=click.Choice(["hard", "soft"]), default=None,
              help="只列出强制性（hard）或提示性（soft）问题。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表。")
@click.pass_context
def audit(ctx: click.Context, period: str | None, all_months: bool, severity: str | None, as_json: bool) -> None:
    """数据审核：按审核规则表检查企业月报（强制性问题须更正；提示性问题须填写确认说明，见 audit confirm）。"""
    if ctx.invoked_subcommand is not None:
        return
    p = period_or_latest(period)
    from kegong import serializers
    from kegong.audit.selectors import audit_months
    from kegong.audit.services import run_audit

    months = audit_months(p.year, p.end, all_months)
    findings = [f for f in run_audit(p.year, months) if not severity or str(f.severity) == severity]
    if as_json:
        click.echo(json.dumps(serializers.findings_json(findings), ensure_ascii=False, indent=1))
    else:
        click.echo(_audit_text(p.year, months, findings))
        click.echo(_record_text(p.year, months[-1]))


def _audit_text(year: int, months: list[int], findings) -> str:
    from kegong.core.catalogue import indicator_name
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
            rows.append([f.uscc, f.enterprise, indicator_name(f.indicator), f.period.label(), f.message, state])
        lines.append(text_table(["统一社会信用代码", "企业", "指标", "期别", "说明", "状态"], rows))
    if s["unconfirmed"]:
        lines.append("")
        lines.append("确认提示性问题：kegong audit confirm --period YYYY-MM --uscc 信用代码 --rule 规则 [--indicator 指标代码] --note 说明")
    return "\n".join(lines)


def _record_text(year: int, month: int) -> str:
    """台账核对: the ledgers' checks for 1月 through ``month`` (kegong.audit.records)."""
    from kegong.audit.records import record_findings
    from kegong.core.stats.record_audit import summary

    found = record_findings(year, month)
    s = summary(found)
    lines = ["", f"{year}年1-{month}月台账核对：强制性问题 {s['hard']} 条（须修改台账），提示性问题 {s['soft']} 条"
             f"（已说明 {s['confirmed']} 条，待说明 {s['unconfirmed']} 条）"]
    if not found:
        lines.append("各台账计数相互一致，未发现问题。")
        return "\n".join(lines)
    rows = [[f.rule, f.severity.label, "、".join(f.names), f.subject, str(f.month), f.message,
             "须修改" if not f.soft else ("已说明：" + f.note if f.confirmed else "待说明")] for f in found]
    lines.append(text_table(["规则", "类别", "指标", "对象", "月", "说明", "状态"], rows))
    if s["unconfirmed"]:
        lines.append("说明提示性问题：kegong audit note --year 年 --rule 规则 --subject 对象 --month 月 --note 说明")
    return "\n".join(lines)


@audit.command("note")
@click.option("--year", type=int, required=True, help="核对问题所在年份。")
@click.option("--rule", required=True, help="台账核对规则代码，如 R02（只能说明提示性问题）。")
@click.option("--subject", required=True, help="对象：指标代码（如 wall_sintered_output），或 台账:记录号。")
@click.option("--month", type=int, default=0, help="问题所在的（首个）月份；记录问题为其月份或 0。")
@click.option("--note", required=True, help="说明：数据属实或更正的原因。")
@click.option("--user", default=None, help="说明人（默认当前系统用户）。")
def audit_note(year: int, rule: str, subject: str, month: int, note: str, user: str | None) -> None:
    """为一条提示性台账核对问题写明说明（数据属实，或累计数回落是更正）。"""
    setup_django()
    from kegong.audit.services import record_finding_confirm

    f, replaced = record_finding_confirm(rule=rule, subject=subject, year=year, month=month, note=note,
                                         user=user if user is not None else getpass.getuser())
    click.echo(f"{'已更新说明' if replaced else '已说明'}：{f.rule} {f.message}；说明：{note.strip()}")


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
    from kegong.core.rules.record_audit import RULES as RECORD_RULES  # 台账核对 (kegong audit note)

    click.echo("\n台账核对规则：")
    click.echo(text_table(["代码", "类别", "说明"], [[r.code, r.severity.label, r.title] for r in RECORD_RULES]))
