"""The web's mapping step: an unknown layout is shown column by column, mapped, saved as an import profile
and re-checked; the next file of that layout goes through by itself. A 合计 that does not add up and a new
town are refused until the user chooses otherwise (the reason is recorded on the batch)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportBatch, ImportProfile
from tests.ingest.builders import uscc
from tests.ingest.direct_builders import DirectFirm, DirectForm, write_direct_csv, write_direct_xlsx
from tests.test_web_data import PW, job_id_of, text_of, upload, wait_finished

A, B = uscc(11), uscc(12)


def firms(town_b: str = "金山街道") -> list[DirectFirm]:
    return [DirectFirm(A, "青溪县宏达建材有限公司", "3011", "龙溪街道",
                       {"gross_output": ("12,345.6", "12,345.6", "10,000", "10,000"),
                        "sales_output": ("12,000", "12,000", "9,800.5", "9,800.5")}),
            DirectFirm(B, "青溪县华盛电子有限公司", "3982", town_b,
                       {"gross_output": (5000, 5000, 4000.4, 4000.4), "sales_output": (4900, 4900, 3900, 3900)})]


UNKNOWN = {"gross_output": "产值（现价）"}
FORM = dict(indicators=("gross_output", "sales_output"))


@pytest.fixture
def staff(client, db):
    User.objects.create_user("wang", password=PW, is_staff=True)
    assert client.login(username="wang", password=PW)
    return client


def _check(client, path: Path) -> tuple[str, dict]:
    check_id = job_id_of(client.post("/data/import/", {"files": [upload(path)], "source": "", "period": ""}))
    return check_id, wait_finished(client, check_id)


def _confirm(client, check_id: str) -> dict:
    return wait_finished(client, job_id_of(client.post(f"/data/import/{check_id}/confirm/")))


@pytest.mark.django_db(transaction=True)
def test_an_unknown_layout_is_mapped_saved_and_used_for_the_next_file(staff, tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")
    first = write_direct_xlsx(tmp_path / "直报-1-2月.xlsx", DirectForm(firms(), headers=UNKNOWN, **FORM))
    check_id, state = _check(staff, first)
    assert state["stage"] == "失败" or not state.get("results")
    page = text_of(staff.get(f"/data/import/{check_id}/").content.decode())
    assert "未识别的数值列" in page and "产值（现价）本年本月" in page and "保存方案并重新检查" in page
    # E–H are the four 产值 columns (indexes 4–7)
    post = {"profile_name": "直报B201"}
    for i, part in zip(range(4, 8), ("value", "cumulative", "prior_year_value", "prior_year_cumulative")):
        post |= {f"field_{i}": "gross_output", f"part_{i}": part, f"unit_{i}": ""}
    recheck = job_id_of(staff.post(f"/data/import/{check_id}/recheck/", post))
    assert wait_finished(staff, recheck)["stage"] == "完成"
    assert _confirm(staff, recheck)["stage"] == "完成"
    got = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="gross_output", year=2026, month=2)
    # 12,345.6 千元 = 1,234.56 万元; 上年 10,000 千元 = 1,000 万元
    assert (got.value, got.cumulative, got.prior_year_value, got.start_month) == (
        Decimal("1234.56"), Decimal("1234.56"), Decimal("1000"), 1)
    assert ImportProfile.objects.get(name="直报B201").used == 1

    second = write_direct_xlsx(tmp_path / "直报-1-3月.xlsx", DirectForm(firms(), period="2026年1-3月", headers=UNKNOWN,
                                                                       **FORM))
    check2, state2 = _check(staff, second)
    assert state2["stage"] == "完成", state2
    assert "按导入方案“直报B201”读取列" in text_of(staff.get(f"/data/import/{check2}/").content.decode())
    assert _confirm(staff, check2)["stage"] == "完成"
    assert MonthlyFigure.objects.filter(indicator__code="gross_output", year=2026, month=3).count() == 2
    listing = text_of(staff.get("/data/profiles/").content.decode())
    assert "直报B201" in listing and "工业总产值 · 上年同期" in listing


@pytest.mark.django_db(transaction=True)
def test_a_total_that_does_not_add_up_needs_a_reason_and_a_new_town_a_confirmation(staff, tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")
    ok = write_direct_xlsx(tmp_path / "1-2月.xlsx", DirectForm(firms(), **FORM))
    check_id, state = _check(staff, ok)
    assert state["stage"] == "完成"
    _confirm(staff, check_id)

    bad = DirectForm(firms(town_b="=1+1镇"), period="2026年1-3月", **FORM)
    check_id, state = _check(staff, write_direct_csv(tmp_path / "公式.csv", bad))  # in .xlsx it would be a formula
    assert "不是有效的名称" in text_of(staff.get(f"/data/import/{check_id}/").content.decode())

    off = DirectForm(firms(town_b="白沙镇"), period="2026年1-3月", total_override={("gross_output", 1): "99,999"},
                     **FORM)
    check_id, state = _check(staff, write_direct_xlsx(tmp_path / "合计不符.xlsx", off))
    page = text_of(staff.get(f"/data/import/{check_id}/").content.decode())
    assert "合计行与各企业之和不符" in page and "相差" in page and "接受合计不符" in page
    assert "确认新建乡镇/园区" not in page  # the 合计 is checked while reading, the towns after
    again = job_id_of(staff.post(f"/data/import/{check_id}/recheck/", {"accept_totals": "1", "totals_reason": ""}))
    assert again == check_id  # no reason: refused on the same page
    again = job_id_of(staff.post(f"/data/import/{check_id}/recheck/",
                                 {"accept_totals": "1", "totals_reason": "统计局确认合计为快报数"}))
    state = wait_finished(staff, again)
    page = text_of(staff.get(f"/data/import/{again}/").content.decode())
    assert state["stage"] == "失败" and "白沙镇" in page and "确认新建乡镇/园区" in page
    third = job_id_of(staff.post(f"/data/import/{again}/recheck/", {"new_towns": "1"}))
    assert wait_finished(staff, third)["stage"] == "完成"
    assert _confirm(staff, third)["stage"] == "完成"
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.totals_accepted == "统计局确认合计为快报数"
    assert "已接受合计不符" in text_of(staff.get("/data/batches/").content.decode())
