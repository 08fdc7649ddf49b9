"""The 信息化 pages (issue 13 item 1): the 5G plan and site ledgers on the generic ledger pages, read by town
(a town user their own town's, an enterprise user none, staff all) and imported through the ledgers' writer;
the 信息化 page's 5G by town and the 四率 over the year's above-scale enterprises (not those who answered)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kegong.core import access
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, OrgUnit, ScaleStatus
from kegong.informatization.models import G5Plan, G5Site, ItSurvey
from kegong.ledgers.models import LedgerImport
from kegong.measures.registry import measure
from tests.desk_data import A, B, C, load_county, make_user, reporter, staff, text_of


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # A and C in 城关镇, B in 白沙镇
    return tmp_path


def town(name: str) -> OrgUnit:
    return OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN, name=name)


def _g5():
    G5Plan.objects.create(year=2026, town=town("城关镇"), sites=10, investment=Decimal("1300.5"))
    G5Plan.objects.create(year=2026, town=town("白沙镇"), sites=4, investment=Decimal("200"))
    for number, name, where, status, built, opened in (
            ("CG-01", "城关一中站", "城关镇", "open", dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
            ("CG-02", "城关北站", "城关镇", "built", dt.date(2026, 6, 30), None),
            ("CG-03", "城关东站", "城关镇", "built", dt.date(2026, 7, 1), None),
            ("BS-01", "白沙工业园站", "白沙镇", "open", dt.date(2026, 5, 5), dt.date(2026, 5, 20))):
        G5Site.objects.create(number=number, name=name, town=town(where), operator="mobile", status=status,
                              built=built, opened=opened, investment=Decimal(100))


def table_rows(html: str) -> dict[str, list[str]]:
    """The page's table rows by their first cell, each cell's text."""
    out = {}
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [text_of(c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
        if cells:
            out[cells[0]] = cells[1:]
    return out


def town_user(name: str = "城关镇", username: str = "cg"):
    return make_user(access.TOWN, username, "城关镇统计员", units=[name])


@pytest.mark.parametrize(("who", "sites"), [
    ("staff", {"城关一中站", "城关北站", "城关东站", "白沙工业园站"}),
    ("town", {"城关一中站", "城关北站", "城关东站"}),
    ("enterprise", set()),
])
def test_the_site_ledger_is_read_by_town(client, county, who, sites):
    _g5()
    client.force_login({"staff": staff, "town": town_user, "enterprise": reporter}[who]())
    page = text_of(client.get("/ledgers/g5-sites/").content.decode())
    shown = {n for n in ("城关一中站", "城关北站", "城关东站", "白沙工业园站") if n in page}
    assert shown == sites
    plans = text_of(client.get("/ledgers/g5-plans/").content.decode())
    assert ("1,300.5" in plans or "1300.5" in plans) == bool(sites)
    assert ("白沙镇" in plans) == (who == "staff")
    other = G5Site.objects.get(number="BS-01")
    assert client.get(f"/ledgers/g5-sites/{other.pk}/").status_code == (200 if who == "staff" else 404)
    mine = G5Site.objects.get(number="CG-01")
    assert client.get(f"/ledgers/g5-sites/{mine.pk}/").status_code == (200 if sites else 404)


def site_list(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "5G站点"
    ws.append(["青溪县2026年5G基站建设进度表"])
    ws.append(["报送单位：中国移动青溪分公司", None, None, None, None, None, None, "投资单位：万元"])
    ws.append(["站点编号", "站点名称", "所属乡镇", "运营商", "建设状态", "建成日期", "开通日期", "投资（万元）"])
    for r in rows:
        ws.append(r)
    ws.append(["填表人：张三", None, None, "审核人：李四"])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_site_list_is_imported_exported_and_created_on_the_pages(client, county):
    client.force_login(staff())
    rows = [["QX-001", "城关一中站", "城关镇", "中国移动", "已开通", "2026-01-15", "2026-02-20", "1,250.50"],
            ["QX-002", "白沙南站", "白沙镇", "电信", "在建", None, None, "30"]]
    up = SimpleUploadedFile("5G站点.xlsx", site_list(rows))
    r = client.post("/ledgers/g5-sites/import/", {"file": up})
    assert r.status_code == 200, text_of(r.content.decode())
    assert G5Site.objects.get(number="QX-001").investment == Decimal("1250.5")
    rec = LedgerImport.objects.get(ledger="g5-sites")
    assert (rec.created, rec.unchanged) == (2, 0)
    bad = [["QX-003", "无名站", "不存在镇", "中国移动", "建成", "2026-03-01", None, "20"]]
    r = client.post("/ledgers/g5-sites/import/", {"file": SimpleUploadedFile("坏.xlsx", site_list(bad))})
    assert r.status_code == 400 and "第 4 行 C 列（所属乡镇）" in text_of(r.content.decode())
    assert G5Site.objects.count() == 2
    export = client.get("/ledgers/g5-sites/export.xlsx")
    out = county / "sites.xlsx"
    out.write_bytes(b"".join(export.streaming_content))
    got = list(load_workbook(out).active.iter_rows(values_only=True))
    assert got[1][:5] == ("站点编号", "站点名称", "乡镇（街道）", "运营商", "状态")
    assert {r[2] for r in got[2:]} == {"城关镇", "白沙镇"} and "中国移动" in {r[3] for r in got[2:]}
    again = client.post("/ledgers/g5-sites/import/", {"file": SimpleUploadedFile("导出.xlsx", out.read_bytes())})
    assert again.status_code == 200 and LedgerImport.objects.filter(ledger="g5-sites").count() == 1  # unchanged
    new = client.post("/ledgers/g5-plans/new/", {"year": 2026, "town": town("城关镇").pk, "sites": 8,
                                                  "investment": "480", "note": ""})
    assert new.status_code == 302 and G5Plan.objects.get(year=2026).sites == 8


def test_the_page_shows_5g_by_town(client, county):
    _g5()
    client.force_login(staff())
    rows = table_rows(client.get("/informatization/?period=2026-06").content.decode())
    assert rows["城关镇"] == ["10", "1,300.50", "2", "200.00", "1", "20.0"]  # CG-03 built in July
    assert rows["白沙镇"] == ["4", "200.00", "1", "100.00", "1", "25.0"]
    assert rows["全县"] == ["14", "1,500.50", "3", "300.00", "2", "21.4"]
    assert table_rows(client.get("/informatization/?period=2026-07").content.decode())["城关镇"][2] == "3"
    # the same figures as the measures
    p = Period.cumulative(2026, 6)
    assert measure("g5_done_sites").compute(p, Scope("town", "城关镇"), None).level == 2
    client.force_login(town_user())
    mine = text_of(client.get("/informatization/?period=2026-06").content.decode())
    assert "城关镇" in mine and "白沙镇" not in mine and "全县" not in mine
    assert "仅显示您所属乡镇" in mine


def test_the_rates_are_over_the_years_above_scale_firms(client, county):
    for u, above in ((A, True), (B, True), (C, True)):
        ScaleStatus.objects.update_or_create(enterprise=Enterprise.objects.get(uscc=u), year=2026,
                                             defaults={"above_scale": above})
    ItSurvey.objects.create(enterprise=Enterprise.objects.get(uscc=A), year=2026, broadband=True, lan=True,
                            cloud=True)
    ItSurvey.objects.create(enterprise=Enterprise.objects.get(uscc=B), year=2026, broadband=True, lan=False)
    client.force_login(staff())
    html = client.get("/informatization/?period=2026-06").content.decode()
    page = text_of(html)
    assert "分母为 2026 年规上工业企业" in page and "不是填答调查的企业" in page
    # 宽带: 2 yes over 3 above-scale firms (C did not answer) — 66.7 %, not 100 % of those who answered
    assert table_rows(html)["宽带接入率"] == ["2", "3", "2", "66.7"]
    assert table_rows(html)["内部局域网普及率"] == ["1", "3", "2", "33.3"]
    assert table_rows(html)["电子商务应用率"] == ["0", "3", "0", "0.0"]
    assert "企业上云：规上工业企业 1 家上云" in page
    assert measure("it_broadband_share").compute(Period.cumulative(2026, 6), Scope("all"), None).level == \
        pytest.approx(200 / 3)
    client.force_login(town_user())  # 城关镇: A and C
    assert table_rows(client.get("/informatization/?period=2026-06").content.decode())["宽带接入率"] == [
        "1", "2", "1", "50.0"]


def test_the_page_on_an_empty_county_and_a_bad_period(client, db):
    client.force_login(staff())
    r = client.get("/informatization/?period=不是期别")
    assert r.status_code == 200
    page = text_of(r.content.decode())
    assert "已显示" in page and "还没有企业信息化调查记录" in page
