"""The audit log (issue 15 item 2): an export, an approval and its unlocking, a rollback and a back-office
edit each leave a row with who, when, where from and what; the 审计日志 page is the bureau's (staff and
administrators) and filters by user, action and date; ``kegong audit-log`` lists the same rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from django.utils import timezone

from kegong.auditlog.models import Event
from kegong.core import access
from kegong.imports.models import ImportBatch
from tests.desk_data import load_county, make_user, staff

IP = "192.168.1.23"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)


@pytest.fixture
def as_staff(client, county):
    user = staff()
    client.force_login(user)
    client.user = user
    return client


def _only(action: str) -> Event:
    rows = list(Event.objects.filter(action=action))
    assert len(rows) == 1, rows
    return rows[0]


def test_a_download_is_logged_with_who_and_where_from(as_staff):
    r = as_staff.get("/data/downloads/enterprises.xlsx", REMOTE_ADDR=IP)
    assert r.status_code == 200
    e = _only("export")
    assert (e.user, e.username, e.ip, e.via) == (as_staff.user, "wang", IP, "网页")
    assert "企业" in e.what and "/data/downloads/enterprises.xlsx" in e.what
    assert abs((timezone.now() - e.at).total_seconds()) < 60
    as_staff.get("/enterprises/", REMOTE_ADDR=IP)  # a page is not an export
    assert Event.objects.filter(action="export").count() == 1


def test_an_approval_and_an_unlock_are_logged(as_staff):
    r = as_staff.post("/data/approval/approve/", {"period": "2026-06", "note": "月度审核会通过", "accept_findings": "1"},
                      REMOTE_ADDR=IP)
    assert r.status_code == 302
    e = _only("approve")
    assert (e.user, e.ip) == (as_staff.user, IP) and "2026年1-6月" in e.what and "月度审核会通过" in e.what
    as_staff.post("/data/approval/unlock/", {"period": "2026-06", "reason": "企业更正了研发投入"}, REMOTE_ADDR=IP)
    u = _only("unlock")
    assert (u.user, u.ip) == (as_staff.user, IP) and "企业更正了研发投入" in u.what


def test_an_approval_refused_leaves_no_row(as_staff):
    as_staff.post("/data/approval/approve/", {"period": "2026-06", "accept_findings": "1"})
    as_staff.post("/data/approval/approve/", {"period": "2026-06", "accept_findings": "1"})  # already approved
    assert Event.objects.filter(action="approve").count() == 1


def test_a_rollback_is_logged(as_staff):
    batch = ImportBatch.objects.get()
    r = as_staff.post(f"/data/batches/{batch.pk}/rollback/", {"confirm_count": str(batch.figures_written)},
                      REMOTE_ADDR=IP)
    assert r.status_code == 302
    e = _only("rollback")
    assert (e.user, e.ip) == (as_staff.user, IP)
    assert f"批次 {batch.pk}" in e.what and batch.file_name in e.what and f"删除 {batch.figures_written} 条" in e.what


def test_the_command_line_rows_say_so(county):
    from kegong.cli import main

    user = staff()
    r = CliRunner().invoke(main, ["period", "approve", "--period", "2026-06", "--user", "wang", "--force"],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    e = _only("approve")
    assert (e.user, e.via, e.ip) == (user, "命令行", None)


def test_an_admin_edit_is_logged_with_before_and_after(client, county):
    from kegong.enterprises.models import Enterprise

    admin = make_user(access.ADMIN, "root", "局管理员甲")
    client.force_login(admin)
    firm = Enterprise.objects.order_by("uscc").first()
    old = firm.name
    data = {"uscc": firm.uscc, "name": old + "（更名）", "industry_code": firm.industry_code, "town": firm.town_id,
            "park": "", "chain": "", "contact_person": "", "contact_phone": "", "commissioned": ""}
    for p in ("aliases", "scale_statuses"):
        data.update({f"{p}-TOTAL_FORMS": "0", f"{p}-INITIAL_FORMS": "0", f"{p}-MIN_NUM_FORMS": "0",
                     f"{p}-MAX_NUM_FORMS": "1000"})
    r = client.post(f"/admin/enterprises/enterprise/{firm.pk}/change/", data, REMOTE_ADDR=IP)
    assert r.status_code == 302, r.content.decode()[:2000]
    e = _only("admin_change")
    assert (e.user, e.ip) == (admin, IP)
    assert f"单位详细名称：“{old}”→“{old}（更名）”" in e.what


# --- the page and the command ---------------------------------------------------------------------------

@pytest.mark.parametrize("role, status", [(access.ADMIN, 200), (access.STAFF, 200), (access.TOWN, 403),
                                          (access.ENTERPRISE, 403), (access.LEADER, 403)])
def test_the_page_is_for_staff_and_administrators(client, county, role, status):
    from kegong.enterprises.models import Enterprise

    scope = {"units": ["城关镇"]} if role == access.TOWN else (
        {"enterprise_uscc": Enterprise.objects.order_by("uscc").first().uscc} if role == access.ENTERPRISE else {})
    client.force_login(make_user(role, f"u-{role}", **scope))
    r = client.get("/audit-log/")
    assert r.status_code == status
    if status == 200:
        assert "审计日志" in r.content.decode()


def test_the_page_needs_a_login(client, db):
    r = client.get("/audit-log/")
    assert r.status_code == 302 and r.url.startswith("/login/")


def _rows(day: dt.datetime, n: int, **kw) -> None:
    Event.objects.bulk_create([Event(at=day + dt.timedelta(minutes=i), **kw) for i in range(n)])


def test_the_page_filters_by_user_action_and_date_and_pages(as_staff):
    day = timezone.make_aware(dt.datetime(2026, 6, 10, 9, 0))
    _rows(day, 60, username="zhao", action="export", what="下载甲", ip="10.0.0.1")
    _rows(day - dt.timedelta(days=5), 3, username="qian", action="login_failed", what="失败乙", ip="10.0.0.2")
    page = as_staff.get("/audit-log/", {"user": "zhao"}).content.decode()
    assert "共 60 条，第 1/2 页" in page and page.count("下载甲") == 50 and "失败乙" not in page
    second = as_staff.get("/audit-log/", {"user": "zhao", "page": "2"}).content.decode()
    assert second.count("下载甲") == 10
    failed = as_staff.get("/audit-log/", {"action": "login_failed"}).content.decode()
    assert "共 3 条" in failed and "10.0.0.2" in failed and "下载甲" not in failed
    dated = as_staff.get("/audit-log/", {"since": "2026-06-05", "until": "2026-06-05"}).content.decode()
    assert "共 3 条" in dated and "失败乙" in dated
    assert "共 0 条" not in as_staff.get("/audit-log/", {"since": "not a day"}).content.decode()


def test_kegong_audit_log_lists_the_rows(as_staff):
    from kegong.cli import main

    day = timezone.make_aware(dt.datetime(2026, 6, 10, 9, 0))
    _rows(day, 4, username="zhao", action="export", what="下载甲", ip="10.0.0.1")
    _rows(day, 2, username="qian", action="approve", what="审定乙")
    r = CliRunner().invoke(main, ["audit-log", "--user", "zhao", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 4 and {(x["user"], x["ip"], x["action"]) for x in rows} == {("zhao", "10.0.0.1", "导出下载")}
    assert rows[0]["at"] > rows[-1]["at"]  # newest first
    text = CliRunner().invoke(main, ["audit-log", "--action", "approve"], catch_exceptions=False).stdout
    assert text.count("审定乙") == 2 and "下载甲" not in text
    bad = CliRunner().invoke(main, ["audit-log", "--since", "June"])
    assert bad.exit_code == 2 and "不是日期" in bad.stderr
