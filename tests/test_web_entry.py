"""手工录入 (/data/entry/): validated as an import of the kegong template, written as a batch, audited; an
enterprise reporter reaches only their own firm; staff cannot overwrite a directly-reporting firm; an
approved period's months refuse entry, import and rollback until unlocked with a reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.audit.approval import ApprovalError, period_approve, period_unlock
from kegong.audit.models import PeriodApproval
from kegong.audit.selectors import approval_of
from kegong.core.catalogue import INDICATORS
from kegong.figures.locks import PeriodLocked
from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportBatch
from kegong.imports.rollback import RollbackError, rollback_batch
from kegong.imports.services import import_files
from kegong.readers.template import VALUE_KEYS
from tests.desk_data import NAME_A, A, B, june, load_county, may, reporter, staff, text_of

LOCKED = "2026年1-6月数据已审定锁定，如需修改请先解锁（需填写理由）"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    return tmp_path


def figure(uscc: str, code: str = "gross_output", month: int = 6) -> MonthlyFigure | None:
    return MonthlyFigure.objects.filter(enterprise__uscc=uscc, indicator__code=code, year=2026, month=month).first()


def form(uscc: str = A, period: str = "2026-06", **values: str) -> dict:
    """The entry form as the page sends it: every field, the given ones (``gross_output__value="130"``) set."""
    data = {f"{d.code}__{k}": "" for d in INDICATORS for k in VALUE_KEYS}
    data.update({"enterprise": uscc, "period": period, **values})
    return data


def prefilled(client, uscc: str = A) -> dict:
    """The form with what the page pre-fills (the stored figures of A, 2026-06)."""
    data = form(uscc)
    f = figure(uscc)
    data.update({f"gross_output__{k}": format(getattr(f, k).normalize(), "f") for k in VALUE_KEYS})
    r = figure(uscc, "revenue")
    data.update({f"revenue__{k}": format(getattr(r, k).normalize(), "f") for k in VALUE_KEYS})
    return data


def test_the_form_is_prefilled_with_what_is_stored(client, county):
    client.force_login(staff())
    r = client.get("/data/entry/", {"enterprise": A, "period": "2026-06"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="gross_output__value" value="120"' in html and 'name="gross_output__cumulative" value="600"' in html
    assert 'name="gross_output__prior_year_cumulative" value="500"' in html
    assert "统计局" in text_of(html)  # the stored figure's source


def test_the_picker_lists_enterprises_and_finds_by_name(client, county):
    client.force_login(staff())
    r = client.get("/data/entry/", {"q": "乙家具"})
    assert r.status_code == 200 and "湖南乙家具有限公司" in text_of(r.content.decode())
    assert NAME_A not in text_of(r.content.decode())


def test_a_bad_value_is_named_and_nothing_is_written(client, county):
    client.force_login(staff())
    batches = ImportBatch.objects.count()
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "12,3O5"})
    assert r.status_code == 400
    page = text_of(r.content.decode())
    assert "工业总产值“本月”：“12,3O5”不是数字，应为数值（单位：万元）" in page
    assert ImportBatch.objects.count() == batches and figure(A).value == Decimal("120")


def test_a_cumulative_below_its_month_is_refused(client, county):
    client.force_login(staff())
    r = client.post("/data/entry/", prefilled(client) | {"revenue__value": "7000", "revenue__cumulative": "6500"})
    assert r.status_code == 400
    page = text_of(r.content.decode())
    assert "营业收入“1-本月累计”：营业收入1-6月累计 6,500.00 小于6月 7,000.00，累计数应不小于当月数" in page
    assert figure(A, "revenue").value == Decimal("1300")
    r = client.post("/data/entry/", prefilled(client) | {"rd_spend__prior_year_value": "9", "rd_spend__prior_year_cumulative": "5"})
    assert r.status_code == 400 and "研发投入“上年同期累计”：上年同期：" in text_of(r.content.decode())
    assert figure(A, "rd_spend") is None


def test_a_good_entry_is_stored_as_a_batch_and_audited(client, county):
    client.force_login(staff())
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "130", "gross_output__cumulative": "900",
                                                         "rd_spend__value": "12.5", "rd_spend__cumulative": "60"})
    assert r.status_code == 302 and r.url == f"/data/entry/?enterprise={A}&period=2026-06"
    f = figure(A)
    assert (f.value, f.cumulative, f.prior_year_cumulative) == (Decimal("130"), Decimal("900"), Decimal("500"))
    assert figure(A, "rd_spend").cumulative == Decimal("60")
    batch = ImportBatch.objects.get(source="manual")
    assert batch.file_name == f"手工录入：{NAME_A} 2026-06（王主任）" and batch.figures_written == 2
    assert batch.imported_by.username == "wang" and f.batch_id == batch.pk
    page = text_of(client.get(r.url).content.decode())
    assert f"已保存 {NAME_A} 2026年6月的数据：写入 2 条（批次 {batch.pk}）" in page
    assert "累计增长 80.0%，超出 ±50%" in page  # S01 on 900 against 500, shown with the audit of the month
    r = client.post("/data/entry/", prefilled(client))  # the same values again: nothing to write
    assert r.status_code == 302 and ImportBatch.objects.filter(source="manual").count() == 1
    assert rollback_batch(batch.pk).figures_restored == 1 and figure(A).value == Decimal("120")


def test_an_enterprise_reporter_reaches_only_their_own_firm(client, county):
    client.force_login(reporter(A))
    r = client.get("/data/entry/")
    assert r.status_code == 200 and NAME_A in text_of(r.content.decode())
    assert client.get("/data/entry/", {"enterprise": B}).status_code == 404
    batches, before = ImportBatch.objects.count(), figure(B).value
    r = client.post("/data/entry/", form(B, gross_output__value="1", gross_output__cumulative="1"))
    assert r.status_code == 404
    assert ImportBatch.objects.count() == batches and figure(B).value == before
    data = prefilled(client)
    del data["enterprise"]  # no hidden field: their own firm
    r = client.post("/data/entry/", data | {"gross_output__value": "125"})
    assert r.status_code == 302 and figure(A).value == Decimal("125")


def test_staff_may_see_but_not_overwrite_a_directly_reporting_firm(client, county):
    reporter(A)
    client.force_login(staff())
    r = client.get("/data/entry/", {"enterprise": A, "period": "2026-06"})
    html = r.content.decode()
    assert r.status_code == 200 and "已开通企业填报员账号" in text_of(html) and "disabled" in html
    batches = ImportBatch.objects.count()
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "999"})
    assert r.status_code == 403 and "局内人员可以查看，不能修改" in text_of(r.content.decode())
    assert ImportBatch.objects.count() == batches and figure(A).value == Decimal("120")
    r = client.post("/data/entry/", form(B, gross_output__value="41", gross_output__cumulative="301"))
    assert r.status_code == 302 and figure(B).value == Decimal("41")  # a firm without a reporter


def test_an_approved_period_refuses_entry_import_and_rollback_until_unlocked(client, county, tmp_path):
    user = staff()
    client.force_login(user)
    first = ImportBatch.objects.get()
    a = period_approve(year=2026, month=6, user=user, accept_findings=True)
    assert a.approved_by_name == "王主任" and approval_of(2026, 6).approved_by == "王主任"
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "130"})
    assert r.status_code == 409 and LOCKED in text_of(r.content.decode())
    assert figure(A).value == Decimal("120") and not ImportBatch.objects.filter(source="manual").exists()

    batches = ImportBatch.objects.count()
    (tmp_path / "x").mkdir()
    with pytest.raises(PeriodLocked, match=LOCKED):
        import_files([june(tmp_path / "x", a_gross=(130, 610, 100, 500))])
    with pytest.raises(PeriodLocked, match="2026年1-6月数据已审定锁定"):
        import_files([may(tmp_path)])  # May is inside 1-6月
    assert ImportBatch.objects.count() == batches and figure(A).value == Decimal("120")
    assert figure(A, month=5) is None
    with pytest.raises(RollbackError, match=LOCKED):
        rollback_batch(first.pk)
    same = import_files([june(tmp_path / "x", name="同样的数据.xlsx")])  # changes no figure: accepted
    assert same[0].summary.figures_written == 0

    with pytest.raises(ApprovalError, match="须填写理由"):
        period_unlock(year=2026, month=6, user=user, reason="  ")
    assert approval_of(2026, 6) is not None
    period_unlock(year=2026, month=6, user=user, reason="统计局更正了甲公司的产值")
    assert approval_of(2026, 6) is None
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "130"})
    assert r.status_code == 302 and figure(A).value == Decimal("130")
    period_approve(year=2026, month=6, user=user, accept_findings=True)
    rows = list(PeriodApproval.objects.order_by("pk"))
    assert len(rows) == 2 and rows[0].unlock_reason == "统计局更正了甲公司的产值" and rows[0].unlocked_by == user
    assert rows[1].locked and not rows[0].locked


def test_a_later_month_is_not_locked_by_an_earlier_approval(client, county, tmp_path):
    user = staff()
    import_files([may(tmp_path)])
    period_approve(year=2026, month=5, user=user, accept_findings=True)
    client.force_login(user)
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "130"})
    assert r.status_code == 302 and figure(A).value == Decimal("130")
    r = client.post("/data/entry/", form(A, "2026-05", gross_output__value="1", gross_output__cumulative="480"))
    assert r.status_code == 409 and "2026年1-5月数据已审定锁定" in text_of(r.content.decode())


def test_a_bad_period_is_one_chinese_line(client, county):
    client.force_login(staff())
    r = client.get("/data/entry/", {"enterprise": A, "period": "2026-13"})
    assert r.status_code == 400 and "月" in text_of(r.content.decode())


def test_every_wrong_field_shows_at_once(client, county):
    client.force_login(staff())
    r = client.post("/data/entry/", prefilled(client) | {"gross_output__value": "约100", "revenue__cumulative": "1"})
    page = text_of(r.content.decode())
    assert r.status_code == 400 and "工业总产值“本月”：“约100”不是数字" in page
    assert "营业收入“1-本月累计”：营业收入1-6月累计 1.00 小于6月 1,300.00" in page
