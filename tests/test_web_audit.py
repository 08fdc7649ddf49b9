"""数据审核 (/data/audit/), 期别审定 (/data/approval/) and the computed downloads
(/data/downloads/computed/<kind>.xlsx): findings shown and confirmed (who and when recorded), a town user's
own firms only, approving and unlocking through the pages, and the downloaded figures equal to
kegong.figures.tables'."""

from __future__ import annotations

import io
from urllib.parse import quote

import openpyxl
import pytest

from kegong.audit.models import AuditConfirmation, PeriodApproval
from kegong.audit.selectors import approval_of
from kegong.core import access
from kegong.core.numbers import round_half_up
from kegong.core.periods import Period
from kegong.figures.tables import indicators_table, ranking_table
from tests.desk_data import A, B, C, load_county, make_user, staff, text_of

P = Period.cumulative(2026, 6)


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)


def messages_of(client, url: str) -> str:
    return text_of(client.get(url).content.decode())


def test_the_findings_of_a_period_hard_and_soft_with_the_figures(client, county):
    client.force_login(staff())
    r = client.get("/data/audit/", {"period": "2026-06"})
    assert r.status_code == 200
    page = text_of(r.content.decode())
    assert "H03" in page and "工业总产值缺报 1月、2月、3月、4月、5月" in page  # hard: only June was imported
    assert "S04" in page and "湖南丙电子科技有限公司" in page  # soft: 250 万元 in 1-6月
    assert "年化 500.00" in page  # the finding's figures
    assert client.get("/data/audit/").status_code == 200  # the latest period by default
    soft = text_of(client.get("/data/audit/", {"period": "2026-06", "show": "soft"}).content.decode())
    assert "S04" in soft and "H03" not in soft


def test_a_soft_finding_is_confirmed_with_a_note_recorded_who_and_when(client, county):
    client.force_login(staff())
    url = "/data/audit/?period=2026-06"
    r = client.post("/data/audit/confirm/", {"period": "2026-06", "uscc": C, "rule": "S04", "indicator": "revenue",
                                            "note": "新投产企业，上半年产能爬坡", "show": "all"})
    assert r.status_code == 302 and r.url == "/data/audit/?period=2026-06&show=all"
    c = AuditConfirmation.objects.get()
    assert (c.rule, c.enterprise.uscc, c.note, c.user.username, c.confirmed_by) == (
        "S04", C, "新投产企业，上半年产能爬坡", "wang", "wang")
    page = messages_of(client, url)
    assert "已确认：湖南丙电子科技有限公司 S04" in page and "✓ 新投产企业，上半年产能爬坡" in page and "王主任" in page


def test_a_confirmation_needs_a_note_and_a_hard_finding_cannot_be_confirmed(client, county):
    client.force_login(staff())
    client.post("/data/audit/confirm/", {"period": "2026-06", "uscc": C, "rule": "S04", "note": " "})
    client.post("/data/audit/confirm/", {"period": "2026-06", "uscc": A, "rule": "H03", "indicator": "gross_output",
                                         "note": "知道了"})
    page = messages_of(client, "/data/audit/?period=2026-06")
    assert "未确认：确认说明不能为空" in page and "H03（月份缺报（累计期内缺月））是强制性审核问题，不能确认" in page
    assert not AuditConfirmation.objects.exists()


def test_a_town_user_sees_only_its_own_firms_and_cannot_confirm(client, county):
    client.force_login(make_user(access.TOWN, "chengguan", units=["城关镇"]))
    page = text_of(client.get("/data/audit/", {"period": "2026-06"}).content.decode())
    assert A in page and C in page and B not in page and "湖南乙家具有限公司" not in page
    assert 'name="note"' not in page
    r = client.post("/data/audit/confirm/", {"period": "2026-06", "uscc": C, "rule": "S04", "note": "x"})
    assert r.status_code == 403 and not AuditConfirmation.objects.exists()


def test_an_enterprise_reporter_has_no_audit_page(client, county):
    client.force_login(make_user(access.ENTERPRISE, "firm", enterprise_uscc=A))
    assert client.get("/data/audit/").status_code == 403


def test_approving_through_the_page_then_unlocking_with_a_reason(client, county):
    client.force_login(staff())
    page = text_of(client.get("/data/approval/", {"period": "2026-06"}).content.decode())
    assert "未审定" in page and "强制性问题" in page
    client.post("/data/approval/approve/", {"period": "2026-06"})
    assert "未审定：2026年1-6月的数据审核尚有" in messages_of(client, "/data/approval/?period=2026-06")
    assert approval_of(2026, 6) is None
    r = client.post("/data/approval/approve/", {"period": "2026-06", "note": "月度审核会通过", "accept_findings": "1"})
    assert r.status_code == 302
    a = PeriodApproval.objects.get()
    assert a.approved_by.username == "wang" and a.approved_at is not None and a.note.startswith("月度审核会通过\n审定时")
    page = messages_of(client, "/data/approval/?period=2026-06")
    assert "已审定 2026年1-6月" in page and "已审定锁定" in page
    client.post("/data/approval/unlock/", {"period": "2026-06", "reason": ""})
    assert "未解锁：解锁2026年1-6月须填写理由" in messages_of(client, "/data/approval/?period=2026-06")
    assert approval_of(2026, 6) is not None
    client.post("/data/approval/unlock/", {"period": "2026-06", "reason": "统计局更正"})
    a.refresh_from_db()
    assert (a.unlock_reason, a.unlocked_by.username, a.locked) == ("统计局更正", "wang", False)
    assert "理由：统计局更正" in messages_of(client, "/data/approval/")


def test_approval_is_for_the_bureau_only(client, county):
    client.force_login(make_user(access.TOWN, "chengguan", units=["城关镇"]))
    assert client.get("/data/approval/").status_code == 403
    assert client.post("/data/approval/approve/", {"period": "2026-06", "accept_findings": "1"}).status_code == 403
    assert not PeriodApproval.objects.exists()


def _sheet_rows(content: bytes, sheet: str) -> list[tuple]:
    wb = openpyxl.load_workbook(io.BytesIO(content))
    return [tuple(r) for r in wb[sheet].iter_rows(min_row=3, values_only=True)]


def test_the_computed_indicator_table_has_the_figures_of_kegong_indicators(client, county):
    client.force_login(staff())
    r = client.get("/data/downloads/computed/indicators.xlsx", {"period": "2026-06"})
    assert r.status_code == 200 and quote("主要指标表-2026-06.xlsx") in r["Content-Disposition"]
    rows = _sheet_rows(b"".join(r.streaming_content), "主要指标")
    want = [(x.scope_name, x.name, round_half_up(x.cumulative, 2), round_half_up(x.yoy_pct, 1),
             round_half_up(x.month, 2)) for x in indicators_table(P).rows if not x.is_empty]
    assert [(row[0], row[2], row[4], row[6], row[9]) for row in rows] == want
    assert ("全县", 3, "工业总产值", "万元", 1075.0, 925.0, 16.2) == rows[0][:7]


def test_the_computed_rankings_have_the_figures_of_kegong_ranking(client, county):
    client.force_login(staff())
    r = client.get("/data/downloads/computed/rankings.xlsx", {"period": "2026年1-6月", "indicator": "revenue"})
    assert r.status_code == 200
    rows = _sheet_rows(b"".join(r.streaming_content), "按乡镇（街道）")
    got = ranking_table(P, by="town", indicator="revenue")
    assert [(row[1], row[2], row[4]) for row in rows] == [
        (x.label, round_half_up(x.current, 2), round_half_up(x.growth_pct, 1)) for x in got.parts]
    assert {row[1] for row in rows} == {"城关镇", "白沙镇"}


def test_a_computed_download_without_figures_or_of_an_unknown_kind(client, db):
    client.force_login(staff())
    r = client.get("/data/downloads/computed/indicators.xlsx")
    assert r.status_code == 302 and r.url == "/data/downloads/"
    assert "无法生成主要指标表：数据库中还没有企业月报数据" in messages_of(client, "/data/downloads/")
    assert client.get("/data/downloads/computed/monthly.xlsx").status_code == 404
