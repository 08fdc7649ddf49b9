"""``kegong period``: 期别审定 from the command line — status, approve, unlock — as the web's 期别审定 page
(``/data/approval/``) does it, through ``kegong.audit.approval`` (period_approve, period_unlock).

The person named by ``--user`` must be a kegong user holding ``period.approve`` (局管理员、局业务人员); the
approval or unlock is recorded under that user. Approving with audit findings left (hard ones, or soft ones
not yet confirmed) needs ``--force``, the web's “审核问题已知悉，仍然审定”.
"""

from __future__ import annotations

import click

from kegong.cli.app import echo_json, main, parse_period_option, setup_django
from kegong.core.errors import InputError
from kegong.core.texttable import text_table

PERMISSION = "period.approve"


@main.group()
def period() -> None:
    """期别审定：审定 1-M月 累计期后，该年 1..M 月的数据锁定（导入、手工录入、撤销批次均被拒绝），解锁须填写理由。"""


# --- the user ------------------------------------------------------------------------------------------

def approver(username: str):
    """The kegong user named ``username``, who must be active and hold ``period.approve``."""
    from django.contrib.auth import get_user_model

    from kegong.accounts.selectors import access_of
    from kegong.core.access import BY_CODE

    name = (username or "").strip()
    user = get_user_model().objects.filter(username=name).first() if name else None
    if user is None:
        raise InputError(f"没有用户“{name}”（用 kegong createuser 创建，或用 --user 写明登录名）")
    if not user.is_active:
        raise InputError(f"用户“{name}”已停用，不能审定或解锁")
    acc = access_of(user)
    if not acc.can(PERMISSION):
        raise InputError(f"用户“{name}”（{acc.role_name}）没有“{BY_CODE[PERMISSION].name}”的权限"
                         "（须为局管理员或局业务人员）")
    return user


def _when(dt) -> str:
    from django.utils.timezone import localtime

    return f"{localtime(dt):%Y-%m-%d %H:%M}" if dt else ""


# --- status --------------------------------------------------------------------------------------------

def _year_rows(year: int) -> tuple[list[int], dict[int, list]]:
    """The months of ``year`` to show (those with figures, and those ever approved) and every approval of
    the year by month, oldest first."""
    from kegong.audit import selectors
    from kegong.audit.models import PeriodApproval

    history: dict[int, list] = {}
    for a in PeriodApproval.objects.filter(year=year).order_by("approved_at", "pk"):
        history.setdefault(a.month, []).append(a)
    months = sorted({m for m in range(1, 13) if selectors.has_month(year, m)} | set(history))
    return months, history


def _locked_by(year: int, month: int) -> str:
    from kegong.audit.selectors import approvals_covering

    hits = approvals_covering([(year, month)])
    return "、".join(a.label for a in hits)


def status_json(year: int, months: list[int], history: dict[int, list]) -> dict:
    out = []
    for m in months:
        rows = history.get(m, [])
        standing = next((a for a in rows if a.locked), None)
        out.append({
            "period": f"{year}-{m:02d}", "label": _label(year, m), "approved": standing is not None,
            "approved_by": standing.approved_by_name if standing else None,
            "approved_at": standing.approved_at.isoformat() if standing else None,
            "note": standing.note if standing else None, "locked_by": _locked_by(year, m) or None,
            "history": [{"approved_by": a.approved_by_name, "approved_at": a.approved_at.isoformat(),
                         "note": a.note, "unlocked_by": a.unlocked_by_name or None,
                         "unlocked_at": a.unlocked_at.isoformat() if a.unlocked_at else None,
                         "unlock_reason": a.unlock_reason or None} for a in rows],
        })
    return {"year": year, "months": out}


def _label(year: int, month: int) -> str:
    from kegong.core.periods import Period

    return Period.cumulative(year, month).label()


def status_text(year: int, months: list[int], history: dict[int, list]) -> str:
    lines = [f"{year}年期别审定（审定 1-M月 后，1..M 月的数据锁定）"]
    rows, unlocked = [], []
    for m in months:
        standing = next((a for a in history.get(m, []) if a.locked), None)
        locked = _locked_by(year, m)
        rows.append([_label(year, m), "已审定" if standing else "未审定", standing.approved_by_name if standing else "",
                     _when(standing.approved_at) if standing else "", f"锁定（{locked}）" if locked else "可修改"])
        unlocked += [a for a in history.get(m, []) if not a.locked]
    lines.append(text_table(["期别", "状态", "审定人", "审定时间", "当月数据"], rows))
    if unlocked:
        lines += ["", "解锁记录："]
        lines.append(text_table(["期别", "审定人", "审定时间", "解锁人", "解锁时间", "理由"], [
            [_label(year, a.month), a.approved_by_name, _when(a.approved_at), a.unlocked_by_name, _when(a.unlocked_at),
             a.unlock_reason] for a in sorted(unlocked, key=lambda a: (a.unlocked_at, a.pk))]))
    return "\n".join(lines)


@period.command("status")
@click.option("--year", type=int, default=None, help="年份（默认：最新有数据的年份）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def period_status(year: int | None, as_json: bool) -> None:
    """列出一年中每个累计期是否已审定、审定人和时间、数据是否锁定，以及解锁记录（解锁人、时间、理由）。"""
    setup_django()
    if year is None:
        from kegong.figures.selectors import latest_period

        latest = latest_period()
        if latest is None:
            raise InputError("数据库中还没有企业月报数据，请先导入（或用 --year 指定年份）")
        year = latest[0]
    months, history = _year_rows(year)
    if as_json:
        echo_json(status_json(year, months, history))
    elif not months:
        click.echo(f"{year}年没有企业月报数据，也没有审定记录")
    else:
        click.echo(status_text(year, months, history))


# --- approve, unlock -----------------------------------------------------------------------------------

def _refuse_open_findings(p) -> None:
    """The web's rule: with hard findings or unconfirmed soft ones left, approve only when told (--force)."""
    from kegong.audit import selectors
    from kegong.audit.approval import ApprovalError, audit_left

    if selectors.approval_of(p.year, p.end) is not None or not selectors.has_month(p.year, p.end):
        return  # the service names these itself
    s = audit_left(p)
    if s["hard"] or s["unconfirmed"]:
        raise ApprovalError(
            f"{p.label()}的数据审核尚有强制性问题 {s['hard']} 条、提示性疑点待确认 {s['unconfirmed']} 条，未审定。"
            f"请先处理（kegong audit --period {p.key()}；确认疑点用 kegong audit confirm）；"
            "如确需审定，请加 --force（审核问题已知悉，仍然审定）")


@period.command("approve")
@click.option("--period", "period_text", required=True, help="审定的累计期 YYYY-MM（例如 2026-06 即 2026年1-6月）。")
@click.option("--user", "username", required=True, help="审定人的登录名（须有审定权限：局管理员或局业务人员）。")
@click.option("--note", default="", help="审定说明（可选）。")
@click.option("--force", is_flag=True, help="审核尚有问题时仍然审定（审核问题已知悉）；问题条数记入审定说明。")
def period_approve_cmd(period_text: str, username: str, note: str, force: bool) -> None:
    """审定一个累计期：记录审定人和时间，该年 1..M 月的数据从此锁定。"""
    p = parse_period_option(period_text, cumulative=True)
    setup_django()
    from kegong.audit.approval import period_approve

    user = approver(username)
    if not force:
        _refuse_open_findings(p)
    a = period_approve(year=p.year, month=p.end, user=user, note=note, accept_findings=force)
    click.echo(f"已审定 {p.label()}（{a.approved_by_name}，{_when(a.approved_at)}）；1-{p.end}月的数据已锁定，"
               f"如需修改请先解锁：kegong period unlock --period {p.key()} --user 登录名 --reason 理由")
    if a.note:
        click.echo(f"审定说明：{a.note}")


@period.command("unlock")
@click.option("--period", "period_text", required=True, help="要解锁的累计期 YYYY-MM。")
@click.option("--user", "username", required=True, help="解锁人的登录名（须有审定权限）。")
@click.option("--reason", required=True, help="解锁理由（必填，与解锁人、时间一并记录）。")
def period_unlock_cmd(period_text: str, username: str, reason: str) -> None:
    """解锁一个已审定的累计期（须填写理由）；修改数据后可重新审定。"""
    p = parse_period_option(period_text, cumulative=True)
    setup_django()
    from kegong.audit.approval import period_unlock

    user = approver(username)
    a = period_unlock(year=p.year, month=p.end, reason=reason, user=user)
    click.echo(f"已解锁 {p.label()}（{a.unlocked_by_name}，{_when(a.unlocked_at)}；理由：{a.unlock_reason}）；"
               "修改后可重新审定")
