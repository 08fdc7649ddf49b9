"""``kegong audit-log``: the audit log (logins, failures and lockouts, logouts, exports, approvals,
rollbacks, back-office edits) with who, when, from where and what — as the 审计日志 page shows it."""

from __future__ import annotations

import datetime as dt

import click

from kegong.cli.app import django_command, echo_json, main
from kegong.core.errors import InputError
from kegong.core.texttable import text_table


def _day(text: str | None, option: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option}“{text}”不是日期，应写作 2026-06-30") from None


@main.command("audit-log")
@click.option("--user", default="", help="只列出该用户名的记录。")
@click.option("--action", default="", help="只列出该操作（login、login_failed、locked_out、logout、export、"
              "approve、unlock、rollback、admin_add、admin_change、admin_delete）。")
@click.option("--since", default=None, help="自该日起（YYYY-MM-DD）。")
@click.option("--until", default=None, help="至该日止（YYYY-MM-DD，含当日）。")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1), help="最多列出的条数（最新的在前）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 列表。")
@django_command()
def audit_log(user: str, action: str, since: str | None, until: str | None, limit: int, as_json: bool) -> None:
    """审计日志：谁在何时、从哪个 IP 地址做了什么（最新的在前）。"""
    from django.utils.timezone import localtime

    from kegong.auditlog.selectors import ACTIONS, events

    names = dict(ACTIONS)
    if action and action not in names:
        raise InputError(f"没有操作“{action}”，可选：{'、'.join(names)}")
    qs = events(user=user.strip(), action=action, since=_day(since, "--since"), until=_day(until, "--until"))
    rows = [(f"{localtime(e.at):%Y-%m-%d %H:%M:%S}", e.username or "—", e.ip or "—", e.via, names.get(e.action, e.action),
             e.what) for e in qs[:limit]]
    if as_json:
        keys = ("at", "user", "ip", "via", "action", "what")
        echo_json([dict(zip(keys, r, strict=True)) for r in rows])
        return
    if not rows:
        click.echo("审计日志中没有符合条件的记录。")
        return
    click.echo(text_table(["时间", "用户", "IP 地址", "途径", "操作", "内容"], rows))
