"""培育名单 (/lists/rd/, /lists/scale-up/ and their .xlsx): 研发投入「破零倍增」 among the above-scale firms and
升规入统 candidates among the others, on a small county (the desk's three firms above scale, three below);
a town user sees only its firms, the workbooks need data.export."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from kegong.core import access
from kegong.enterprises.models import Enterprise, OrgUnit, ScaleStatus
from kegong.figures.store import record_change
from kegong.imports.services import import_files
from kegong.readers.template import HEADERS, SHEET, TITLE
from kegong.targets.models import Target
from tests.desk_data import NAME_A, A, B, C, load_county, make_user, staff, text_of
from tests.ingest.builders import uscc, write_rows_xlsx

NAME_B, NAME_C = "湖南乙家具有限公司", "湖南丙电子科技有限公司"
D, E, F = uscc(4), uscc(5), uscc(6)
NAME_D, NAME_E, NAME_F = "青溪县丁食品有限公司", "青溪县戊机械厂", "青溪县己包装厂"


@pytest.fixture
def county(db, tmp_path):
    """A, B, C above scale in 2026 (A also in 2025); D (白沙镇), E and F (城关镇) below. R&D: A 0 this year
    and 40 last year, B exactly doubled (60 against 30), C nothing. Tax of A, B, C is a tenth of their
    revenue (the section's median ratio 10); D reports only tax (80: 800 estimated, 1600 a year), E revenue
    900 (1800 a year), F revenue 700 (1400 a year, below the line)."""
    load_county(tmp_path)
    towns = {t.name: t for t in OrgUnit.objects.filter(name__in=("城关镇", "白沙镇"))}
    for code, name, town in ((D, NAME_D, "白沙镇"), (E, NAME_E, "城关镇"), (F, NAME_F, "城关镇")):
        Enterprise.objects.create(uscc=code, name=name, industry_code="3411", industry_section="C",
                                  industry_division="34", town=towns[town])
    ScaleStatus.objects.create(enterprise=Enterprise.objects.get(uscc=A), year=2025, above_scale=True)
    Target.objects.create(year=2026, code="new_above_scale", name="新增规上工业企业", kind="count", value=5,
                          unit="家")
    record_change()
    rows = [[A, NAME_A, "研发投入", "2026-06", 0, 0, 5, 40], [B, NAME_B, "研发投入", "2026-06", 10, 60, 5, 30],
            [A, NAME_A, "纳税总额", "2026-06", 100, 650, None, None],
            [B, NAME_B, "纳税总额", "2026-06", 50, 350, None, None],
            [C, NAME_C, "纳税总额", "2026-06", 5, 25, None, None],
            [D, NAME_D, "纳税总额", "2026-06", 15, 80, None, None],
            [E, NAME_E, "营业收入", "2026-06", 150, 900, None, None],
            [F, NAME_F, "营业收入", "2026-06", 100, 700, None, None]]
    book = write_rows_xlsx(tmp_path / "培育.xlsx", [[TITLE], ["说明"], list(HEADERS), *rows], sheet_name=SHEET)
    [result] = import_files([book])
    assert result.summary.batch_id
    return tmp_path


def table_after(html: str, heading: str) -> list[str]:
    """The firm names of the table following a heading."""
    part = html.split(heading, 1)[1].split("<h2>", 1)[0]
    return re.findall(r'<td class="name"><a href="/enterprises/\w+/">([^<]+)</a>', part)


def test_rd_lists_for_the_county(client, county):
    client.force_login(staff())
    r = client.get("/lists/rd/")
    assert r.status_code == 200
    html = r.content.decode()
    page = text_of(html)
    assert "2026年1-6月" in page and "规上工业企业 3 家" in page
    assert "破零对象 2 家（其中未填报 1 家、上年同期有研发投入 1 家）" in page and "倍增在途 1 家" in page
    assert table_after(html, "破零对象：") == [NAME_A, NAME_C]  # the one with R&D last year first
    assert table_after(html, "倍增在途：") == [NAME_B]
    assert table_after(html, "上年有、今年无") == [NAME_A]
    row_b = re.search(rf"倍增在途：.*?{NAME_B}(.*?)</tr>", html, re.S).group(1)
    assert "60.00" in row_b and "30.00" in row_b and "2.00" in row_b and "6月" in row_b
    row_c = re.search(rf"破零对象：.*?{NAME_C}(.*?)</tr>", html, re.S).group(1)
    assert "未填报" in row_c
    assert 'href="/lists/rd.xlsx"' in html


def test_scale_up_candidates_with_an_estimate(client, county):
    client.force_login(staff())
    html = client.get("/lists/scale-up/").content.decode()
    page = text_of(html)
    assert table_after(html, "升规入统培育对象") == [NAME_E, NAME_D]  # 1800, then 1600 a year
    assert "的 2 家（其中 1 家无营业收入数据，按纳税或用电估算）" in page
    row_d = re.search(rf"{NAME_D}(.*?)</tr>", html, re.S).group(1)
    assert "估算（按纳税）" in row_d and "800.00" in row_d and "1,600.00" in row_d and "400.00" in row_d
    assert "依据 80.00 × 行业中位比值 10.00" in text_of(row_d)
    row_e = re.search(rf"{NAME_E}(.*?)</tr>", html, re.S).group(1)
    assert "统计报表" in row_e and "900.00" in row_e and "1,800.00" in row_e and "200.00" in row_e
    assert NAME_F not in page and NAME_A not in page
    assert "2026 年新进规上企业（本年在库、上年不在库）：2 家，年度目标 5 家" in page  # B and C
    assert "国统字〔2011〕75号" in page and "1,500 万元" in page


def test_a_town_user_sees_only_its_firms(client, county):
    client.force_login(make_user(access.TOWN, "cg", units=["城关镇"]))
    html = client.get("/lists/rd/").content.decode()
    assert table_after(html, "破零对象：") == [NAME_A, NAME_C] and table_after(html, "倍增在途：") == []
    assert NAME_B not in html and "规上工业企业 2 家" in text_of(html)
    assert "/lists/rd.xlsx" not in html  # no data.export
    html = client.get("/lists/scale-up/").content.decode()
    assert table_after(html, "升规入统培育对象") == [NAME_E] and NAME_D not in html
    assert "年度目标" not in text_of(html)  # the county's target is not the town's
    assert client.get("/lists/rd.xlsx").status_code == 403
    assert client.get("/lists/scale-up.xlsx").status_code == 403


def _book(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_workbooks(client, county):
    client.force_login(staff())
    r = client.get("/lists/rd.xlsx")
    assert r.status_code == 200 and "2026-06" in r["Content-Disposition"]
    wb = _book(r)
    assert wb.sheetnames == ["破零", "倍增", "上年有今年无"]
    zero = [row for row in wb["破零"].iter_rows(min_row=3, values_only=True)]
    assert [(x[0], x[3], x[5]) for x in zero] == [(NAME_A, 0, 40), (NAME_C, "未填报", None)]
    assert [(x[0], x[6]) for x in wb["倍增"].iter_rows(min_row=3, values_only=True)] == [(NAME_B, 2)]
    wb = _book(client.get("/lists/scale-up.xlsx"))
    rows = list(wb["升规入统"].iter_rows(min_row=3, values_only=True))
    assert [(x[0], x[3], x[4], x[5], x[8], x[9]) for x in rows] == [
        (NAME_E, 6, 900, "统计报表", 1800, 200), (NAME_D, 6, 800, "估算（按纳税）", 1600, 400)]
    assert "国统字〔2011〕75号" in "".join(str(c) for row in wb["口径"].iter_rows(values_only=True) for c in row)


def test_empty_database(client, db):
    client.force_login(staff())
    assert "还没有企业月度数据" in text_of(client.get("/lists/rd/").content.decode())
    assert "还没有企业月度数据" in text_of(client.get("/lists/scale-up/").content.decode())
    assert client.get("/lists/scale-up.xlsx").status_code == 200


# --- the demo county ---------------------------------------------------------------------------------------
@pytest.fixture
def demo(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    county = generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6)))
    load_demo(county)
    return county


def test_the_demo_county_has_both_lists_from_its_own_records(client, demo):
    """The demo's firms that left the scope report only 纳税 and 用电 in 2026: the 升规 list finds them by an
    estimate from tax, none of them above scale; the 破零 list is the 2026 above-scale firms whose records
    hold no R&D above zero this year — counted here from the generator's records, not from the panel."""
    by_name = {e.record.name: e for e in demo.enterprises}
    below = {e.record.name for e in demo.enterprises if not e.scope_years[2026] and e.commissioned_year is None}
    above = {e.record.uscc for e in demo.enterprises if e.scope_years[2026]}
    with_rd = {f.uscc for f in demo.records.figures
               if f.indicator == "rd_spend" and f.year == 2026 and (f.cumulative or 0) > 0}
    client.force_login(staff())
    html = client.get("/lists/scale-up/").content.decode()
    listed = table_after(html, "升规入统培育对象")
    assert listed and set(listed) <= below
    for name in listed:
        row = re.search(rf"{re.escape(name)}(.*?)</tr>", html, re.S).group(1)
        assert "估算（按纳税）" in row, name  # no revenue below the scope: the tax bureau's figure
        assert not by_name[name].scope_years[2026]
    html = client.get("/lists/rd/").content.decode()
    zero = table_after(html, "破零对象：")
    expected = {e.record.name for e in demo.enterprises if e.record.uscc in above - with_rd}
    assert zero and set(zero) == expected
    assert f"规上工业企业 {len(above)} 家" in text_of(html)


def test_a_long_list_shows_its_first_rows_and_says_the_whole_count(client, demo, monkeypatch):
    """A province's 破零 list runs to thousands: the page lists the first rows, says how many there are and
    where the whole list is; the counts in the lead and the workbook stay whole."""
    from kegong.web import views_lists

    monkeypatch.setattr(views_lists, "SHOWN", 5)
    client.force_login(staff())
    html = client.get("/lists/rd/").content.decode()
    zero = table_after(html, "破零对象：")
    total = int(re.search(r"破零对象 (\d+) 家", text_of(html)).group(1))
    assert len(zero) == 5 and total > 5
    assert f"页面列出前 5 家（共 {total} 家），全部名单请下载 .xlsx。" in text_of(html)
    book = _book(client.get("/lists/rd.xlsx"))
    assert sum(1 for r in book["破零"].iter_rows(values_only=True) if r[1] and len(str(r[1])) == 18) == total
