"""台账 in a real browser (issue 12, "Done when"): what the bureau's staff do with the ledgers, in Chromium on the
demo county and the demo's users (the live server, the users, the shots and the network / console checks are
tests/test_browser_tour.py's):

1. an 企业诉求 (用工) is registered through the ledger's form with a received date before 国庆 2026: its 限办日期 is
   the one kegong.core.workdays counts over the weekends, 中秋, 国庆 and the make-up Saturday (2026-10-15, where
   plain weekdays would give 10-08), it is 超期 (in red) on its page and counted in the dashboard's red block —
   which names the five longest overdue, the rest on the list it links to, 超期 in red there too —; a close
   without 办结日期 is refused by name, the page still showing what is stored (it showed the refused values as
   saved before views_ledgers read them first); closed with a reply it leaves the block, and every field of it
   (具体情况, 办理结果, 企业评价 …) is on its page for whoever reads it;
2. a 高新技术企业 list as the province publishes it (a title, a merged two-level header, a 注 line) is refused
   with its bad row named (file, sheet, row, column, in Chinese) and nothing written — an unknown credit code,
   then a date that does not exist —; the corrected list is imported, its certificates listed with 有效期至
   (three years less a day) and on the enterprise's page; the same list again, and saved as .xls, change
   nothing; a GBK CSV by name only adds its one certificate;
3. the scopes: the town user lists its own enterprises' appeals only and gets 404 for another town's record;
   the leader reads everything but has no 登记 / 导入 and gets 403 when it posts anyway.

Every page is shot at 1366×768 and 390×844 into /tmp/kegong-shots/ledgers/ and must not scroll sideways on the
phone; no console error, no request to another host."""

# ruff: noqa: F811 - the tests take the tour's fixtures (imported below) by their names
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from openpyxl import Workbook

import tests.test_browser_tour as tour_module
from tests.browser import CHROMIUM
from tests.test_browser_tour import (  # noqa: F401 - its fixtures, used by name
    Tour,
    chromium,
    county,
    demo_county,
    messages_of,
    post_from_page,
    submit,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
]

SHOTS = Path("/tmp/kegong-shots/ledgers")
SHOT: dict[str, bool] = {}  # this file's pages shot in this run (each once)
TITLE = "湖南省2025年认定报备的第一批高新技术企业名单"
ISSUED = dt.date(2025, 11, 28)


@pytest.fixture
def tour(live_server, chromium, county, monkeypatch):
    monkeypatch.setattr(tour_module, "SHOTS", SHOTS)  # Tour.shoot writes into the module's SHOTS
    t = Tour(chromium, live_server.url, shots=SHOT)
    yield t
    t.close()


def zh_date(d: dt.date) -> str:
    """A date as the pages print it (Django's zh-hans DATE_FORMAT)."""
    return f"{d.year}年{d.month}月{d.day}日"


def facts(page) -> dict[str, str]:
    """A record page's dl.facts as 表头 → value."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('dl.facts dt')]
        .map(dt => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]))""")


def table_rows(page, selector: str) -> list[list[str]]:
    return page.locator(f"{selector} tbody tr").evaluate_all(
        "trs => trs.map(tr => [...tr.cells].map(td => td.textContent.trim()))")


def count_shown(page) -> int:
    text = page.locator("p.actions span.muted").inner_text().strip()
    assert text.startswith("共 ") and text.endswith(" 条"), text
    return int(text[2:-2])


# --- 1. 企业诉求: registered, overdue, closed ---------------------------------------------------------------

RECEIVED = dt.date(2026, 9, 24)  # a Thursday, the last working day before 中秋 (9-25) and 国庆 (10-1 … 10-7)
TITLE_APPEAL = "新厂区投产招工缺口120人"


def test_an_appeal_registered_goes_overdue_on_the_dashboard_and_leaves_it_when_closed(tour, county):
    from kegong.core.rules.appeals import BY_CODE
    from kegong.core.workdays import china_calendar, due_date
    from kegong.enterprises.models import Enterprise
    from kegong.service.models import Appeal
    from kegong.service.selectors import overdue

    firm = Enterprise.objects.exclude(town__name=county.town).order_by("name").first()
    days = BY_CODE["labour"].days
    due = due_date(RECEIVED, days, china_calendar())
    # the known case: 10 working days from 9-24 are 9-28, 29, 30, 10-8, 9, 10 (the make-up Saturday), 12 … 15
    assert (days, due) == (10, dt.date(2026, 10, 15))
    today = dt.date.today()
    assert today > due, "the test counts on 2026-10-15 being past"

    page = tour.log_in("staff")
    assert page.locator(f"section.overdue-appeals :text('{TITLE_APPEAL}')").count() == 0
    page.click("header nav .menu a:text-is('台账')")
    page.wait_for_load_state("load")
    tour.shoot(page, "staff-ledgers")
    page.click("main a:text-is('企业诉求')")
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/ledgers/appeals/"
    before = count_shown(page)
    tour.shoot(page, "staff-appeals")
    with page.expect_navigation():
        page.click("main a:text-is('登记一条')")
    assert urlparse(page.url).path == "/ledgers/appeals/new/"
    tour.shoot(page, "staff-appeal-new")

    page.fill("input[name=enterprise_code]", firm.uscc)
    page.select_option("select[name=category]", label="用工")
    page.fill("input[name=title]", TITLE_APPEAL)
    page.fill("textarea[name=detail]", "新厂区10月投产，普工缺口约120人，请协助组织招聘")
    page.fill("input[name=department]", "县人社局")
    page.fill("input[name=received]", RECEIVED.isoformat())
    assert page.input_value("input[name=days]") == ""  # the category's limit
    assert submit(page, "main form.stacked button[type=submit]") == 200
    a = Appeal.objects.get(title=TITLE_APPEAL)
    assert urlparse(page.url).path == f"/ledgers/appeals/{a.pk}/"
    assert f"已登记：{firm.name}：{TITLE_APPEAL}" in messages_of(page)
    assert (a.enterprise_id, a.category, a.days, a.due, a.status) == (firm.pk, "labour", 10, due, "open")
    shown = facts(page)
    assert shown["限办日期"] == zh_date(due) == "2026年10月15日"
    assert shown["受理日期"] == zh_date(RECEIVED) and shown["类别"] == "用工"
    assert shown["状态"] == "已受理（超期）"
    assert page.locator("dl.facts dd.overdue").evaluate("e => getComputedStyle(e).color") == "rgb(185, 28, 28)"
    assert (shown["具体情况"], shown["办理时限（工作日）"], shown["办结日期"]) == (a.detail, "10", "—")
    tour.shoot(page, "staff-appeal-overdue")

    # the dashboard: counted in the red block, which names the five longest overdue; the rest on the list
    page.goto(tour.url + "/")
    block = page.locator("section.overdue-appeals")
    late = overdue(today)
    assert a in late
    assert block.locator("h2").inner_text().strip() == f"超期未办结的企业诉求 {len(late)} 件"
    links = block.locator("li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == [f"/ledgers/appeals/{x.pk}/" for x in late[:5]], (links, late)
    red = block.evaluate("e => [getComputedStyle(e).borderLeftColor, getComputedStyle(e).backgroundColor,"
                         " getComputedStyle(e.querySelector('h2')).color]")
    assert red == ["rgb(220, 38, 38)", "rgb(254, 242, 242)", "rgb(153, 27, 27)"], red
    tour.shoot(page, "staff-home-overdue")
    if a in late[:5]:
        item = block.locator(f"li:has(a[href='/ledgers/appeals/{a.pk}/'])")
        assert item.locator("a").inner_text().strip() == f"{firm.name}：{TITLE_APPEAL}"
        assert "县人社局，限 10月15日 前办结" in item.inner_text()
        with page.expect_navigation():
            item.locator("a").click()
    else:  # named on the list 查看全部企业诉求 leads to, 超期 in red
        with page.expect_navigation():
            block.locator("a:text-is('查看全部企业诉求')").click()
        assert urlparse(page.url).path == "/ledgers/appeals/"
        row = page.locator(f"table.ledger tbody tr:has(a[href='/ledgers/appeals/{a.pk}/'])")
        assert row.locator("td").nth(6).inner_text().strip() == "已受理（超期）"
        assert row.locator("td.overdue").evaluate("e => getComputedStyle(e).color") == "rgb(185, 28, 28)"
        with page.expect_navigation():
            row.locator("a").click()
    assert urlparse(page.url).path == f"/ledgers/appeals/{a.pk}/"

    # closed without a 办结日期: refused by name, nothing changed — the page still shows what is stored
    page.select_option("select[name=status]", label="已办结")
    page.fill("textarea[name=reply]", "县人社局组织专场招聘会2场，已招到普工112人")
    tour.expect_refusal(f"/ledgers/appeals/{a.pk}/")
    assert submit(page, "main form.stacked button[type=submit]") == 400
    assert "已办结的诉求须填写办结日期" in page.inner_text("main form.stacked")
    assert "未保存" in page.inner_text("section.desk-card p.desk-alert")
    shown = facts(page)
    assert shown["状态"] == "已受理（超期）" and shown["办理结果"] == "—", shown
    assert page.input_value("textarea[name=reply]").startswith("县人社局组织专场招聘会")  # kept to correct
    tour.shoot(page, "staff-appeal-close-without-date")
    a.refresh_from_db()
    assert a.status == "open" and a.closed is None and a.reply == ""

    # closed with the reply and today's date: 已办结, late (after 10-15), and off the dashboard
    page.fill("input[name=closed]", today.isoformat())
    page.select_option("select[name=satisfaction]", label="满意")
    assert submit(page, "main form.stacked button[type=submit]") == 200
    assert f"已保存：{firm.name}：{TITLE_APPEAL}" in messages_of(page)
    a.refresh_from_db()
    assert (a.status, a.closed, a.satisfaction, a.due) == ("closed", today, "good", due)
    assert "112人" in a.reply
    shown = facts(page)
    assert shown["状态"] == "已办结（超期）" and shown["限办日期"] == "2026年10月15日"
    assert (shown["办结日期"], shown["企业评价"], shown["办理时限（工作日）"]) == (zh_date(today), "满意", "10")
    assert shown["办理结果"] == a.reply
    assert "状态：“已受理”→“已办结”" in page.inner_text("ul.history")
    tour.shoot(page, "staff-appeal-closed")
    page.goto(tour.url + "/")
    assert page.locator(f"section.overdue-appeals a[href='/ledgers/appeals/{a.pk}/']").count() == 0
    assert a not in overdue(today) and len(overdue(today)) == len(late) - 1
    if late[1:]:
        assert page.locator("section.overdue-appeals h2").inner_text().strip() == f"超期未办结的企业诉求 {len(late) - 1} 件"
    tour.shoot(page, "staff-home-after-close")

    page.goto(tour.url + "/ledgers/appeals/")
    assert count_shown(page) == before + 1
    row = next(r for r in table_rows(page, "table.ledger") if r[1] == TITLE_APPEAL)
    assert row == [firm.name, TITLE_APPEAL, "用工", "县人社局", zh_date(RECEIVED), "2026年10月15日", "已办结（超期）"]
    tour.shoot(page, "staff-appeals-after")
    tour.finish()


# --- 2. 高新技术企业证书: a published list imported ---------------------------------------------------------

def province_xlsx(path: Path, rows: list[list], sheet: str = "第一批") -> Path:
    """The list as the province publishes it: a title over the table, a two-level header (证书编号 and 发证日期
    under 高新技术企业证书, the other headers merged down), a 注 line under it."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([TITLE])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "企业名称", "统一社会信用代码", "高新技术企业证书", None, "备注"])
    ws.append([None, None, None, "证书编号", "发证日期", None])
    for c in "ABCF":
        ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("D2:E2")
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append([])
    ws.append(["注：高新技术企业资格自颁发证书之日起有效期为三年。"])
    wb.save(path)
    return path


def province_xls(path: Path, rows: list[list]) -> Path:
    """The same list saved as .xls (a plain one-row header this time)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("第一批")
    ws.write_merge(0, 0, 0, 5, TITLE)
    for c, h in enumerate(["序号", "企业名称", "统一社会信用代码", "证书编号", "发证日期", "备注"]):
        ws.write(1, c, h)
    for r, row in enumerate(rows, 2):
        for c, v in enumerate([r - 1, *row]):
            if isinstance(v, dt.date):
                v = v.isoformat()
            if v not in (None, ""):
                ws.write(r, c, v)
    ws.write(len(rows) + 3, 0, "注：高新技术企业资格自颁发证书之日起有效期为三年。")
    wb.save(str(path))
    return path


def upload(tour, page, path: Path, status: int) -> None:
    """From the ledger's list: the file chosen in 导入清单 and sent; the answer page shot."""
    page.set_input_files("section.ledger-import input[name=file]", str(path))
    if status >= 400:
        tour.expect_refusal("/ledgers/high-tech/import/")
    assert submit(page, "section.ledger-import button[type=submit]") == status
    assert urlparse(page.url).path == "/ledgers/high-tech/import/"


def back_to_list(page) -> None:
    with page.expect_navigation():
        page.click("main a:text-is('返回高新技术企业证书')")
    page.wait_for_load_state("load")


def test_a_published_certificate_list_is_refused_by_name_then_imported_once(tour, county, tmp_path):
    from kegong.enterprises.models import Enterprise
    from kegong.ledgers.models import LedgerImport
    from kegong.tech.models import HighTechCertificate, valid_until
    from tests.ingest.builders import uscc

    firms = list(Enterprise.objects.filter(high_tech_certificates__isnull=True).order_by("name")[:4])
    stranger = next(uscc(n) for n in range(9000, 9100) if not Enterprise.objects.filter(uscc=uscc(n)).exists())
    numbers = [f"GR2025430{n:05d}" for n in (1201, 1202, 1203)]
    assert not HighTechCertificate.objects.filter(number__in=[*numbers, "GR202543001388"]).exists()
    good = [[firms[0].name, firms[0].uscc, numbers[0], "2025年11月28日", ""],
            [firms[1].name, firms[1].uscc.lower(), numbers[1], dt.datetime(2025, 11, 28), "首次认定"],
            [firms[2].name, firms[2].uscc, numbers[2], "2025-11-28", "重新认定"]]
    name = f"{TITLE}.xlsx"
    store = lambda: (HighTechCertificate.objects.count(), LedgerImport.objects.count())  # noqa: E731

    page = tour.log_in("staff")
    tour.visit(page, "/ledgers/high-tech/", "staff-high-tech")
    listed, before = count_shown(page), store()
    assert listed == before[0] and page.locator("section.ledger-import").count() == 1

    # one row with a credit code the 企业库 does not know: named, nothing written
    unknown = [good[0], ["湖南某某新材料有限公司", stranger, numbers[1], "2025-11-28", ""], good[2]]
    (tmp_path / "bad1").mkdir()
    upload(tour, page, province_xlsx(tmp_path / "bad1" / name, unknown), 400)
    assert page.locator("section.result.failed h2").inner_text().strip() == "未导入"
    assert page.locator("ul.issues li").all_inner_texts() == [
        f"文件 {name} 工作表 第一批 第 5 行 C 列（统一社会信用代码）：统一社会信用代码 {stranger}不在企业库中，请先在企业库中登记"]
    assert "全部未写入" in page.inner_text("section.result")
    tour.shoot(page, "staff-high-tech-import-unknown-code")
    assert store() == before

    # one row with a date that does not exist (11月31日): named, nothing written
    wrong_date = [good[0], good[1], [*good[2][:3], "2025-11-31", "重新认定"]]
    (tmp_path / "bad2").mkdir()
    back_to_list(page)
    upload(tour, page, province_xlsx(tmp_path / "bad2" / name, wrong_date), 400)
    (issue,) = page.locator("ul.issues li").all_inner_texts()
    assert issue.startswith(f"文件 {name} 工作表 第一批 第 6 行 E 列（") and "“2025-11-31”不是日期" in issue, issue
    tour.shoot(page, "staff-high-tech-import-bad-date")
    assert store() == before
    back_to_list(page)
    assert count_shown(page) == listed

    # the corrected list
    upload(tour, page, province_xlsx(tmp_path / name, good), 200)
    assert page.locator("section.result.ok h2").inner_text().strip() == "导入完成"
    assert "读取 3 行：新增 3 条，修改 0 条，未变 0 条。" in page.inner_text("section.result")
    tour.shoot(page, "staff-high-tech-imported")
    assert store() == (before[0] + 3, before[1] + 1)
    until = valid_until(ISSUED)
    assert until == dt.date(2028, 11, 27)
    for number, f in zip(numbers, firms):
        c = HighTechCertificate.objects.get(number=number)
        assert (c.enterprise_id, c.issued, c.valid_until) == (f.pk, ISSUED, until)
    back_to_list(page)
    assert count_shown(page) == listed + 3
    rows = {r[1]: r for r in table_rows(page, "table.ledger")}
    for number, f in zip(numbers, firms):
        assert rows[number][:4] == [f.name, number, "2025年11月28日", "2028年11月27日"], rows[number]
    tour.shoot(page, "staff-high-tech-after-import")
    assert LedgerImport.objects.latest("pk").file_name == name
    assert name in page.inner_text("section.ledger-import")  # 最近导入

    # on the enterprise's page
    with page.expect_navigation():
        page.click(f"table.ledger tr:has(td:text-is('{numbers[0]}')) a:text-is('{firms[0].name}')")
    assert facts(page)["有效期至"] == "2028年11月27日"
    with page.expect_navigation():
        page.click(f"dl.facts a:text-is('{firms[0].name}')")
    assert urlparse(page.url).path == f"/enterprises/{firms[0].uscc}/"
    got = page.evaluate("""() => {
        const h = [...document.querySelectorAll('main h2')].find(e => e.textContent.trim() === '高新技术企业证书');
        return h ? [...h.nextElementSibling.querySelectorAll('tbody tr')]
            .map(tr => [...tr.cells].map(td => td.textContent.trim())) : null;
    }""")
    assert got and [numbers[0], "2025年11月28日", "2028年11月27日"] in [r[:3] for r in got], got
    tour.shoot(page, "staff-enterprise-with-certificate")

    # the same list again, and the same list saved as .xls: nothing changes
    page.goto(tour.url + "/ledgers/high-tech/")
    upload(tour, page, tmp_path / name, 200)
    assert page.locator("section.result.ok h2").inner_text().strip() == "没有变化"
    assert "读取 3 行：新增 0 条，修改 0 条，未变 3 条。" in page.inner_text("section.result")
    tour.shoot(page, "staff-high-tech-import-again")
    assert store() == (before[0] + 3, before[1] + 1)
    back_to_list(page)
    upload(tour, page, province_xls(tmp_path / f"{TITLE}.xls", [[*r[:3], ISSUED, r[4]] for r in good]), 200)
    assert "读取 3 行：新增 0 条，修改 0 条，未变 3 条。" in page.inner_text("section.result")
    assert store() == (before[0] + 3, before[1] + 1)

    # a GBK CSV by name only (序号, 企业名称, 证书编号, 发证日期): its one certificate added
    csv = tmp_path / "湖南省2025年认定报备的第二批高新技术企业名单.csv"
    csv.write_bytes(f"序号,企业名称,证书编号,发证日期\n1,{firms[3].name},GR202543001388,2025/12/15\n".encode("gbk"))
    back_to_list(page)
    upload(tour, page, csv, 200)
    assert "读取 1 行：新增 1 条，修改 0 条，未变 0 条。" in page.inner_text("section.result")
    c = HighTechCertificate.objects.get(number="GR202543001388")
    assert (c.enterprise_id, c.issued, c.valid_until) == (firms[3].pk, dt.date(2025, 12, 15), dt.date(2028, 12, 14))
    assert store() == (before[0] + 4, before[1] + 2)
    tour.finish()


# --- 3. scopes --------------------------------------------------------------------------------------------

def _appeal(enterprise, title: str, received: dt.date):
    from kegong.service.models import Appeal

    a = Appeal(enterprise=enterprise, category="finance", title=title, department="县金融办", received=received)
    a.full_clean()
    a.save()
    return a


def test_a_town_lists_its_own_appeals_only_the_leader_reads_but_may_not_write(tour, county):
    from kegong.enterprises.models import Enterprise
    from kegong.ledgers.models import LedgerImport
    from kegong.service.models import Appeal

    own = Enterprise.objects.filter(town__name=county.town).order_by("name").first()
    other = Enterprise.objects.exclude(town__name=county.town).order_by("name").first()
    mine = _appeal(own, "流动资金贷款续贷困难", dt.date(2026, 11, 2))
    theirs = _appeal(other, "设备更新贷款贴息申请", dt.date.today())  # 15 working days from today: not overdue
    in_town = Appeal.objects.filter(enterprise__town__name=county.town).count()

    town = tour.log_in("town")
    tour.visit(town, "/ledgers/", "town-ledgers")
    counts = {r[0]: r[1] for r in table_rows(town, "main table.figures")}
    assert counts["企业诉求"] == str(in_town)
    tour.visit(town, "/ledgers/appeals/", "town-appeals")
    rows = table_rows(town, "table.ledger")
    owns = set(Enterprise.objects.filter(town__name=county.town).values_list("name", flat=True))
    assert rows and {r[0] for r in rows} <= owns, rows
    assert mine.title in {r[1] for r in rows} and theirs.title not in town.inner_text("main")
    assert town.locator("main a:text-is('登记一条')").count() == 0
    assert town.locator("section.ledger-import").count() == 0
    tour.visit(town, f"/ledgers/appeals/{mine.pk}/", "town-appeal")
    assert town.locator("main form.stacked").count() == 0  # reads, does not edit
    tour.visit(town, f"/ledgers/appeals/{theirs.pk}/", "town-other-appeal-404", status=404)
    assert "页面不存在" in town.inner_text("main")  # the 404 page: nothing of the record shown
    assert theirs.title not in town.inner_text("main")
    tour.visit(town, "/ledgers/appeals/new/", "town-appeal-new-403", status=403)

    leader = tour.log_in("leader")
    tour.visit(leader, "/ledgers/appeals/", "leader-appeals")
    titles = {r[1] for r in table_rows(leader, "table.ledger")}
    assert {mine.title, theirs.title} <= titles
    assert leader.locator("main a:text-is('登记一条')").count() == 0
    assert leader.locator("section.ledger-import, input[type=file]").count() == 0
    assert leader.locator("main a:has-text('导出')").count() == 0  # no data.export
    tour.visit(leader, f"/ledgers/appeals/{theirs.pk}/", "leader-appeal")
    shown = facts(leader)
    assert shown["状态"] == "已受理" and shown["办理结果"] == "—" and leader.locator("main form.stacked").count() == 0
    tour.visit(leader, "/ledgers/high-tech/", "leader-high-tech")
    assert leader.locator("section.ledger-import").count() == 0

    fields = {"enterprise_code": other.uscc, "category": "finance", "title": theirs.title, "department": "县金融办",
              "received": theirs.received.isoformat(), "status": "closed", "closed": "2026-11-10", "reply": "领导改的"}
    for path, shot in ((f"/ledgers/appeals/{theirs.pk}/", "leader-appeal-post-403"),
                       ("/ledgers/appeals/new/", "leader-appeal-new-post-403"),
                       ("/ledgers/high-tech/import/", "leader-high-tech-import-403")):
        tour.expect_refusal(path)
        assert post_from_page(leader, path, fields) == 403, path
        assert "没有权限" in leader.inner_text("main")
        tour.shoot(leader, shot)
        leader.goto(tour.url + "/ledgers/appeals/")  # a page with the CSRF token for the next post
    theirs.refresh_from_db()
    assert theirs.status == "open" and theirs.reply == "" and theirs.closed is None
    assert Appeal.objects.filter(title=theirs.title).count() == 1 and LedgerImport.objects.count() == 0
    tour.finish()
