"""``kegong period status|approve|unlock`` through click's CliRunner on the data-desk county (tests/desk_data.py:
three firms, 1-6月 imported from a statistics workbook): approving locks the months for the real write path
(``kegong import`` of the kegong template), unlocking needs a reason and is recorded, findings left need
--force, only a user holding ``period.approve`` may approve, a bad period is the project's Chinese error."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from kegong.audit.models import PeriodApproval
from kegong.audit.selectors import approval_of
from kegong.core import access
from kegong.figures.models import MonthlyFigure
from tests.desk_data import NAME_A, A, C, load_county, make_user, staff

LOCKED = "2026年1-6月数据已审定锁定"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)


@pytest.fixture
def cli():
    """``kegong …`` in-process against the test database (Django is already set up by pytest-django)."""
    from kegong.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def one_line_error(r, fragment: str) -> None:
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.output and r.stderr.strip().count("\n") == 0, r.stderr
    assert r.stderr.startswith("错误：") and fragment in r.stderr, r.stderr


def template_with(tmp_path: Path, cli, *rows: list) -> Path:
    """The kegong template (``kegong template``) with ``rows`` filled in."""
    t = tmp_path / "模板.xlsx"
    assert cli("template", "-o", str(t)).exit_code == 0
    wb = openpyxl.load_workbook(t)
    for row in rows:
        wb["数据"].append(row)
    wb.save(t)
    return t


def rd_spend(month: int) -> MonthlyFigure | None:
    return MonthlyFigure.objects.filter(enterprise__uscc=A, indicator__code="rd_spend", year=2026, month=month).first()


def test_approve_locks_the_months_for_an_import_until_unlocked_with_a_reason(cli, county, tmp_path):
    user = staff()
    r = cli("period", "approve", "--period", "2026-06", "--user", "wang", "--force", "--note", "月度审核会通过")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("已审定 2026年1-6月（王主任，") and "1-6月的数据已锁定" in r.stdout
    a = PeriodApproval.objects.get()
    assert (a.approved_by, a.locked) == (user, True) and a.note.startswith("月度审核会通过\n审定时审核尚有强制性问题")
    assert approval_of(2026, 6).approved_by == "王主任"

    t = template_with(tmp_path, cli, [A, NAME_A, "研发投入", "2026-03", 3, 15, None, None])
    one_line_error(cli("import", str(t), "--quiet"), LOCKED)
    assert rd_spend(3) is None
    status = cli("period", "status").stdout
    assert "2026年1-6月  已审定  王主任" in status and "锁定（2026年1-6月）" in status

    one_line_error(cli("period", "unlock", "--period", "2026-06", "--user", "wang", "--reason", "  "), "须填写理由")
    one_line_error(cli("period", "unlock", "--period", "2026-06", "--user", "wang"), "缺少选项")
    assert approval_of(2026, 6) is not None
    r = cli("period", "unlock", "--period", "2026-06", "--user", "wang", "--reason", "统计局更正了甲公司的研发投入")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("已解锁 2026年1-6月（王主任，") and "理由：统计局更正了甲公司的研发投入" in r.stdout
    a.refresh_from_db()
    assert (a.locked, a.unlocked_by, a.unlock_reason) == (False, user, "统计局更正了甲公司的研发投入")
    assert approval_of(2026, 6) is None

    assert cli("import", str(t), "--quiet").exit_code == 0
    assert rd_spend(3).cumulative == Decimal("15")
    status = cli("period", "status", "--year", "2026").stdout
    assert "2026年1-6月  未审定" in status and "解锁记录：" in status and "统计局更正了甲公司的研发投入" in status
    one_line_error(cli("period", "unlock", "--period", "2026-06", "--user", "wang", "--reason", "再解"), "无需解锁")


def test_status_as_json_keeps_the_history(cli, county):
    staff()
    cli("period", "approve", "--period", "2026-06", "--user", "wang", "--force")
    cli("period", "unlock", "--period", "2026-06", "--user", "wang", "--reason", "更正")
    cli("period", "approve", "--period", "2026-06", "--user", "wang", "--force")
    data = json.loads(cli("period", "status", "--json").stdout)
    assert data["year"] == 2026 and [m["period"] for m in data["months"]] == ["2026-06"]
    june = data["months"][0]
    assert june["approved"] and june["approved_by"] == "王主任" and june["locked_by"] == "2026年1-6月"
    assert [(h["unlocked_by"], h["unlock_reason"]) for h in june["history"]] == [("王主任", "更正"), (None, None)]
    assert "没有企业月报数据，也没有审定记录" in cli("period", "status", "--year", "2025").stdout


def test_approve_is_refused_with_findings_left_unless_forced(cli, county):
    staff()
    r = cli("period", "approve", "--period", "2026-06", "--user", "wang")
    one_line_error(r, "2026年1-6月的数据审核尚有强制性问题 ")
    assert "提示性疑点待确认 1 条" in r.stderr and "--force" in r.stderr
    assert not PeriodApproval.objects.exists()

    r = cli("audit", "confirm", "--period", "2026-06", "--uscc", C, "--rule", "S04", "--indicator", "revenue",
            "--note", "新投产企业，上半年产能爬坡", "--user", "wang")
    assert r.exit_code == 0, r.output
    r = cli("period", "approve", "--period", "2026-06", "--user", "wang")
    one_line_error(r, "提示性疑点待确认 0 条")  # the hard ones (months 1-5 not reported) are still there
    r = cli("period", "approve", "--period", "2026-06", "--user", "wang", "--force")
    assert r.exit_code == 0 and "审定人已知悉" in r.stdout
    one_line_error(cli("period", "approve", "--period", "2026-06", "--user", "wang", "--force"), "已经审定过了")


@pytest.mark.parametrize(("who", "message"), [
    ("nobody", "没有用户“nobody”"),
    ("lingdao", "用户“lingdao”（领导）没有“审定期别、解锁”的权限"),
    ("chengguan", "（乡镇/园区人员）没有“审定期别、解锁”的权限"),
    ("firm", "（企业填报员）没有“审定期别、解锁”的权限"),
    ("gone", "用户“gone”已停用"),
])
def test_only_a_user_holding_period_approve_may_approve_or_unlock(cli, county, who, message):
    make_user(access.LEADER, "lingdao", "李局长")
    make_user(access.TOWN, "chengguan", units=["城关镇"])
    make_user(access.ENTERPRISE, "firm", enterprise_uscc=A)
    gone = make_user(access.STAFF, "gone")
    gone.is_active = False
    gone.save()
    one_line_error(cli("period", "approve", "--period", "2026-06", "--user", who, "--force"), message)
    assert not PeriodApproval.objects.exists()
    cli("period", "approve", "--period", "2026-06", "--user", staff().username, "--force")
    one_line_error(cli("period", "unlock", "--period", "2026-06", "--user", who, "--reason", "x"), message)
    assert approval_of(2026, 6) is not None


@pytest.mark.parametrize(("text", "message"), [
    ("2026-13", "期别“2026-13”中的月份 13 无效"),
    ("去年", "无法识别的期别“去年”"),
    ("2026年二季度", "2026年4-6月 不是累计期"),
    ("6月", "没有写年份"),
    ("2026-08", "没有 2026年1-8月 的企业月报数据，不能审定"),
])
def test_a_bad_period_is_the_projects_chinese_period_error(cli, county, text, message):
    staff()
    one_line_error(cli("period", "approve", "--period", text, "--user", "wang", "--force"), message)
    assert not PeriodApproval.objects.exists()


def test_a_month_means_the_cumulative_period_it_closes(cli, county):
    staff()
    r = cli("period", "approve", "--period", "2026年6月", "--user", "wang", "--force")
    assert r.exit_code == 0 and approval_of(2026, 6) is not None
