"""企业诉求 with 限时办结: the due date counted in working days on the national calendar (chinesecalendar) with
the corrections staff keep; overdue ones red on the dashboard; closed; imported from the office's own list;
counts by category, 三难 group and department for the reports."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from kegong.core import access
from kegong.core.periods import Period
from kegong.enterprises.models import Enterprise
from kegong.ledgers.base import ledger
from kegong.ledgers.services import ledger_import
from kegong.readers.errors import IngestError
from kegong.service.models import Appeal, CalendarDay
from kegong.service.selectors import counts, overdue
from tests.desk_data import A, B, load_county, make_user, staff, text_of


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    return tmp_path


def appeal(uscc=A, category="labour", received=dt.date(2026, 9, 25), **kw) -> Appeal:
    a = Appeal(enterprise=Enterprise.objects.get(uscc=uscc), category=category, title=kw.pop("title", "招工难"),
               department=kw.pop("department", "县人社局"), received=received, **kw)
    a.full_clean()
    a.save()
    return a


@pytest.mark.parametrize(("received", "category", "days", "due"), [
    (dt.date(2026, 11, 27), "other", None, dt.date(2026, 12, 4)),  # Friday + 5: over a plain weekend
    (dt.date(2026, 9, 25), "labour", None, dt.date(2026, 10, 15)),  # 10 days over 中秋, 国庆 and 10月10日 (Sat, worked)
    (dt.date(2026, 10, 3), "other", 1, dt.date(2026, 10, 8)),  # received on a holiday: counts from the next day
    (dt.date(2026, 9, 19), "other", 1, dt.date(2026, 9, 20)),  # 9月20日 is a make-up Sunday: a working day
    (dt.date(2026, 6, 1), "other", 0, dt.date(2026, 6, 1)),  # 即办
])
def test_due_dates_in_working_days(county, received, category, days, due):
    assert appeal(received=received, category=category, days=days).due == due


def test_a_correction_of_the_calendar_counts(county):
    # 2027 is past the package's years: plain weekdays until staff enter the published arrangement
    a = appeal(received=dt.date(2026, 12, 30), category="other")  # 5 days: 12-31 (Thu), 1-1, 1-4, 1-5, 1-6
    assert a.due == dt.date(2027, 1, 6)  # 2027-01-01 (Friday) counted as a working day: not yet published
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, note="元旦")
    a.save()
    assert a.due == dt.date(2027, 1, 7)


def test_overdue_open_and_closed(county):
    late = appeal(received=dt.date(2026, 9, 25))  # due 2026-10-15
    assert not late.is_overdue(dt.date(2026, 10, 15)) and late.is_overdue(dt.date(2026, 10, 16))
    assert overdue(dt.date(2026, 10, 16)) == [late]
    late.status, late.closed = Appeal.Status.CLOSED, dt.date(2026, 10, 20)
    late.save()
    assert overdue(dt.date(2026, 10, 21)) == [] and late.is_overdue() and late.state() == "已办结（超期）"
    with pytest.raises(Exception, match="办结日期"):
        Appeal(enterprise=late.enterprise, category="other", title="x", department="y",
               received=dt.date(2026, 10, 1), status=Appeal.Status.CLOSED).full_clean()


def test_counts_for_the_reports(county):
    appeal(category="labour", received=dt.date(2026, 3, 2))
    appeal(category="finance", title="贷款难", department="县金融办", received=dt.date(2026, 4, 1))
    appeal(uscc=B, category="land", title="用地报批慢", department="县自然资源局", received=dt.date(2026, 5, 6))
    appeal(uscc=B, category="eia", title="环评慢", department="市生态环境局", received=dt.date(2026, 7, 1))
    c = counts(Period.cumulative(2026, 6))
    assert c["total"] == 3 and c["by_group"] == {"用工难": 1, "融资难": 1, "办事难": 1}
    assert c["by_department"]["县自然资源局"] == 1


def office_list(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.title = "诉求台账"
    ws.append(["青溪县企业诉求办理台账（2026年）"])
    ws.append(["填报单位：县科工局", None, None, None, "单位：个"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "诉求类别", "诉求内容", "责任单位", "受理时间", "办理状态", "办结时间"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["填表人：王五", None, None, "审核人：赵六"])
    wb.save(path)
    return path


def test_the_office_list_imports_and_names_its_errors(county):
    lg = ledger("appeals")
    good = [["湖南甲建材有限公司", A, "用工", "招工难，缺技工30人", "县人社局", "2026年9月25日", "办理中", ""],
            ["湖南乙家具有限公司", B, "手续：土地", "用地报批", "县自然资源局", "2026-06-01", "已办结", "2026-06-20"]]
    r = ledger_import(ledger=lg, path=office_list(county / "诉求.xlsx", good))
    assert len(r.created) == 2 and Appeal.objects.get(title__startswith="招工难").due == dt.date(2026, 10, 15)
    assert not ledger_import(ledger=lg, path=office_list(county / "诉求.xlsx", good)).changed
    bad = [["湖南甲建材有限公司", A, "用电", "电价高", "县发改局", "2026-06-01", "", ""],
           ["湖南乙家具有限公司", B, "其他", "证照", "县行政审批局", "2026-06-01", "已办结", ""]]
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=lg, path=office_list(county / "坏.xlsx", bad))
    text = "\n".join(e.value.lines())
    assert "第 4 行 D 列（诉求类别）：“用电”不是可选的类别" in text
    assert "第 5 行" in text and "已办结的诉求须填写办结日期" in text
    assert Appeal.objects.count() == 2


def test_an_appeal_created_goes_overdue_on_the_dashboard_and_is_closed(client, county, monkeypatch):
    client.force_login(staff())
    r = client.post("/ledgers/appeals/new/", {"enterprise_code": A, "category": "other", "title": "证照办理慢",
                                               "department": "县行政审批局", "received": "2026-06-01",
                                               "status": "open"})
    assert r.status_code == 302, text_of(r.content.decode())[-800:]
    a = Appeal.objects.get(title="证照办理慢")
    assert a.due == dt.date(2026, 6, 8)  # 5 working days from Monday 1 June
    page = text_of(client.get("/").content.decode())
    assert "超期未办结的企业诉求 1 件" in page and "证照办理慢" in page
    town = make_user(access.TOWN, "bs", units=["白沙镇"])  # A is in 城关镇
    client.force_login(town)
    assert "超期未办结" not in text_of(client.get("/").content.decode())
    client.force_login(make_user(access.STAFF, "li"))
    r = client.post(f"/ledgers/appeals/{a.pk}/", {"enterprise_code": A, "category": "other", "title": "证照办理慢",
                                                  "department": "县行政审批局", "received": "2026-06-01",
                                                  "status": "closed", "closed": "2026-06-05", "reply": "已办结",
                                                  "satisfaction": "good"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == "closed" and not a.is_overdue()
    assert "超期未办结" not in text_of(client.get("/").content.decode())
    assert "状态：“已受理”→“已办结”" in text_of(client.get(f"/ledgers/appeals/{a.pk}/").content.decode())
