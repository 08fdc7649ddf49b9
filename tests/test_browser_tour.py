"""The tour of issue 11 in a real browser (Debian's Chromium through Playwright), on a small generated demo county
and the demo's five users:

1. every role logs in through the form, lands where it should and sees only the menu its permissions allow;
2. the 驾驶舱 of 2026年1-6月 (picked in the period picker) prints what ``kegong indicators --period 2026-06``
   gives, and draws its charts;
3. an enterprise found by part of its name shows its months and chart as kegong.figures.selectors computes them;
4. 手工录入 refuses a bad value by name and writes nothing, then writes a good one as a manual batch;
5. a soft audit finding is confirmed with a note;
6. the period is approved (an entry into it refused), unlocked with a reason (the entry goes through);
7. the monthly briefing is made, waited for and downloaded, its figure the dashboard's; the leader downloads it
   but may not make one;
8. the scopes hold when a town user, an enterprise reporter or the leader edits a URL or a hidden field.

Every page visited is shot at 1366×768 and 390×844 into /tmp/kegong-shots/tour/ (full page) and must not scroll
sideways on the phone (wide tables scroll inside their .table-wrap); no page may ask anything of a host other
than the test server, and none may log a console error — asserted at the end of each test. Each test loads the
demo county afresh (the live server's database is emptied after each test); the county is generated once.

Three bugs the tour found have tests of their own: the admin site asked for a /favicon.ico that was not there;
导入批次 scrolled sideways on a phone; a town user's dashboard named, and linked to, firms of other towns."""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connections
from django.urls import NoReverseMatch, reverse

from kegong.core import access
from kegong.demo.users import PASSWORD
from tests.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
]

SEED = 11
LAST = (2026, 7)
JUNE = "2026-06"
JUNE_LABEL = "2026年1-6月"
SHOTS = Path("/tmp/kegong-shots/tour")
DESK = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ROLE_OF = {"admin": access.ADMIN, "staff": access.STAFF, "town": access.TOWN, "enterprise": access.ENTERPRISE,
           "leader": access.LEADER}  # the users kegong.demo.users makes
SHOT: dict[str, bool] = {}  # the pages shot in this run, by name → whether checked on the phone: each one once
LOCKED = f"{JUNE_LABEL}数据已审定锁定，如需修改请先解锁（需填写理由）"

# The menu as the permission table (kegong.core.access.PERMISSIONS) says it should be, written out here rather
# than read from kegong.web.menu: the top items, and the sections' pages (a section shows when any of its pages
# does, and leads to the first). An item this table does not know (the menu grows) must at least open.
DATA = (("数据导入", "data_import", "data.import"), ("导入批次", "data_batches", "data.batches"),
        ("导入方案", "data_profiles", "data.import"), ("手工录入", "data_entry", "figures.enter"),
        ("数据审核", "data_audit", "audit.view"), ("期别审定", "data_approval", "period.approve"),
        ("数据下载", "data_downloads", "data.export"), ("审计日志", "audit_log", "audit_log.view"))
CULTIVATION = (("研发破零倍增", "list_rd", "enterprises.view"), ("升规入统", "list_scale_up", "enterprises.view"),
               ("高企复审提醒", "list_renewals", "ledgers.view"), ("用工与融资排名", "list_rankings", "dashboard.view"),
               ("中小微企业", "sme", "enterprises.view"))
PROJECTS_IT = (("信息化", "informatization", "dashboard.view"), ("项目完成情况", "projects_progress", "reports.view"))
SECTIONS = {"培育": CULTIVATION, "数据": DATA, "项目与信息化": PROJECTS_IT}
TOP = (("驾驶舱", "home", "dashboard.view"), ("企业", "enterprises", "enterprises.view"), ("培育", None, None),
       ("数据", None, None), ("台账", "ledgers", "ledgers.view"), ("项目与信息化", None, None),
       ("报告", "reports", "reports.view"), ("考评", "assessment", "dashboard.view"), ("管理后台", None, "users.manage"))
KNOWN = {label for label, _name, _perm in TOP}
# pages whose phone layout a test of their own checks (the tour then leaves it to that test)
PHONE_BUGS = {"data_batches": "导入批次: table.batches inside a .table-wrap (web/batches.html)"}


def exists(url_name: str) -> bool:
    try:
        reverse(url_name)
    except NoReverseMatch:
        return False
    return True


def expected_menu(role: str) -> tuple[list[str], dict[str, list[tuple[str, str]]]]:
    """(top labels, section → its (label, URL name) pages) for ``role``; a page this installation does not have
    is left out."""
    subs = {section: [(label, name) for label, name, perm in pages if access.allows(role, perm) and exists(name)]
            for section, pages in SECTIONS.items()}
    top = []
    for label, name, perm in TOP:
        if label in SECTIONS:
            if subs[label]:
                top.append(label)
        elif access.allows(role, perm) and (name is None or exists(name)):
            top.append(label)
    return top, {k: v for k, v in subs.items() if v}


# --- the browser ------------------------------------------------------------------------------------------

@dataclass
class Tour:
    """One test's walk: a browser context per user, what each page asked of the network, what it logged, and
    the pages that scroll sideways on a phone. ``finish`` asserts the lot."""

    browser: object
    url: str
    contexts: list = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    shots: dict[str, bool] = field(default_factory=lambda: SHOT)
    refused: set[str] = field(default_factory=set)  # URLs asked for with a 4xx answer expected
    asked: int = 0  # requests seen (the watch itself works)

    def page(self):
        ctx = self.browser.new_context(viewport=DESK, locale="zh-CN", accept_downloads=True)
        ctx.on("request", self._request)
        self.contexts.append(ctx)
        return self.tab(ctx)

    def tab(self, ctx):
        """Another page in ``ctx`` (the same user), watched like the first."""
        page = ctx.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.console.append(f"页面脚本错误：{e}"))
        return page

    def _request(self, request) -> None:
        self.asked += 1
        u = urlparse(request.url)
        if u.scheme not in ("data", "blob", "about") and u.hostname not in LOCAL_HOSTS:
            self.outside.append(request.url)

    def _console(self, m) -> None:
        if m.type != "error":
            return
        where = (m.location or {}).get("url", "")
        if "Failed to load resource" in m.text and where.split("?")[0] in self.refused:
            return  # the refusal the test asked for (a 400, 403, 404 or 409 page)
        self.console.append(f"{where}: {m.text}")

    def expect_refusal(self, path: str) -> None:
        self.refused.add(self.url + path)

    def log_in(self, username: str):
        """A new context, the login form filled in and sent; returns the page, on where the login led."""
        page = self.page()
        page.goto(self.url + "/")
        assert urlparse(page.url).path == "/login/", page.url
        self.shoot(page, "login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert urlparse(page.url).path != "/login/", f"{username} was not logged in: {page.inner_text('main')}"
        page.wait_for_load_state("load")
        return page

    def visit(self, page, path: str, shot: str, status: int = 200, *, phone_checked: bool = True):
        if status >= 400:
            self.expect_refusal(path.split("?")[0])
        r = page.goto(self.url + path)
        assert r is not None and r.status == status, (path, r and r.status)
        page.wait_for_load_state("load")
        self.shoot(page, shot, phone_checked=phone_checked)
        return r

    def shoot(self, page, name: str, *, phone_checked: bool = True) -> None:
        """The page at 1366×768 and 390×844, full page; on the phone the page must not scroll sideways (unless
        ``phone_checked`` is false: a known bug, asserted by a test of its own)."""
        if self.shots.get(name) or (name in self.shots and not phone_checked):
            return
        self.shots[name] = phone_checked
        SHOTS.mkdir(parents=True, exist_ok=True)
        charts_drawn(page)
        page.screenshot(path=str(SHOTS / f"{name}-1366.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(150)  # the charts redraw on resize
        width, room = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width > room + 1 and phone_checked:
            wide = page.evaluate("""() => {
                const w = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap')).slice(0, 5)
                  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
            }""")
            self.overflow.append(f"{name} ({page.url}): scrollWidth {width} > clientWidth {room}; {wide}")
        page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
        page.set_viewport_size(DESK)

    def finish(self) -> None:
        assert self.asked > 0, "no request was seen: the watch on the network is broken"
        assert not self.outside, f"requests left the test server: {self.outside}"
        assert not self.console, f"console errors: {self.console}"
        assert not self.overflow, "pages scroll sideways at 390 px:\n" + "\n".join(self.overflow)

    def close(self) -> None:
        for ctx in self.contexts:
            ctx.close()


def charts_drawn(page) -> None:
    """Every ECharts div on the page holds a drawn svg."""
    if page.locator("div.chart").count():
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.chart')].every(c => c.querySelector('svg path'))",
            timeout=15000)


def submit(page, selector: str) -> int:
    """Click a submit button and wait for the page it leads to; returns the final answer's status."""
    with page.expect_navigation() as nav:
        page.click(selector)
    page.wait_for_load_state("load")
    return nav.value.status if nav.value else 0


def post_from_page(page, path: str, fields: dict[str, str]) -> int:
    """Send a form the page does not offer (with the page's CSRF token), as a user editing the page would."""
    with page.expect_navigation() as nav:
        page.evaluate("""([action, fields]) => {
            const f = document.createElement('form');
            f.method = 'post'; f.action = action;
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            for (const [k, v] of Object.entries({csrfmiddlewaretoken: token, ...fields})) {
                const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i);
            }
            document.body.appendChild(f); f.submit();
        }""", [path, fields])
    page.wait_for_load_state("load")
    return nav.value.status


def messages_of(page) -> str:
    return " ".join(page.locator("ul.messages li").all_inner_texts())


# --- fixtures ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_county():
    from kegong.demo.generator import DemoSpec, generate_county

    return generate_county(DemoSpec(seed=SEED, n_enterprises=40, last=LAST))


@pytest.fixture(scope="module")
def chromium():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in the test's thread
        mp.setenv("KEGONG_READ_IN_PROCESS", "1")
        from playwright.sync_api import sync_playwright

        from tests.browser import launch_chromium

        with sync_playwright() as p:
            browser = launch_chromium(p)
            yield browser
            browser.close()
    connections.close_all()


@dataclass
class County:
    """The loaded demo: who is who, and the firms the tour uses."""

    town: str  # the town user's town (the first by name)
    reporter_firm: str  # the enterprise reporter's firm (uscc), in another town


@pytest.fixture
def county(live_server, demo_county, chromium, settings) -> County:
    from kegong.accounts.models import Account
    from kegong.demo.load import load_demo
    from kegong.demo.users import demo_users
    from kegong.figures import store

    # a quick hasher for the demo's users (the live server runs in this process and reads the same settings):
    # how passwords are hashed is not what the tour is about, and PBKDF2 costs ~0.4 s a user and a login
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo(demo_county)
    demo_users()
    store.rebuild()  # the store on disk may hold an earlier test's county under the same change ids
    town = Account.objects.get(user__username="town").read_units.get().name
    firm = Account.objects.get(user__username="enterprise").enterprise.uscc
    return County(town=town, reporter_firm=firm)


@pytest.fixture
def tour(live_server, chromium, county):
    t = Tour(chromium, live_server.url)
    yield t
    t.close()


# --- data the tour looks at -------------------------------------------------------------------------------

def june_figure(uscc: str, code: str = "gross_output", month: int = 6):
    from kegong.figures.models import MonthlyFigure

    f = MonthlyFigure.objects.filter(enterprise__uscc=uscc, indicator__code=code, year=2026, month=month).first()
    return None if f is None else (f.value, f.cumulative, f.prior_year_value, f.prior_year_cumulative, f.batch_id)


def staff_firm(county: County) -> tuple[str, str]:
    """(uscc, name) of a firm the bureau's staff may enter for (no reporter of its own) with figures in 2026年5-6月,
    outside the town user's town."""
    from kegong.enterprises.models import Enterprise

    for e in Enterprise.objects.exclude(uscc=county.reporter_firm).exclude(town__name=county.town).order_by("name"):
        if june_figure(e.uscc) and june_figure(e.uscc, month=5):
            return e.uscc, e.name
    raise AssertionError("the demo has no firm with figures in 2026年5-6月")


def cli_indicators() -> tuple[dict, dict[str, list[str]]]:
    """``kegong indicators --period 2026-06`` run in-process: the --json object, and the printed table's 全县
    block as name → its columns."""
    from click.testing import CliRunner

    from kegong.cli import main

    r = CliRunner().invoke(main, ["indicators", "--period", JUNE, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    r = CliRunner().invoke(main, ["indicators", "--period", JUNE])
    assert r.exit_code == 0, r.output
    block = r.output.split("\n\n")[0].splitlines()
    assert block[0].startswith("【全县】") and JUNE_LABEL in block[0], block[0]
    printed = {line.split()[0]: line.split() for line in block[2:] if line.strip()}
    return data, printed


# --- 1. logging in and the menu ---------------------------------------------------------------------------

def menu_of(page) -> tuple[list[str], list[str]]:
    top = [s.strip() for s in page.locator("header nav .menu a").all_inner_texts()]
    sub = [s.strip() for s in page.locator("nav.subnav a").all_inner_texts()]
    return top, sub


def test_every_role_logs_in_lands_where_it_should_and_sees_only_its_menu(tour, county):
    for username, role in ROLE_OF.items():
        page = tour.log_in(username)
        path = urlparse(page.url).path
        assert path == (f"/enterprises/{county.reporter_firm}/" if role == access.ENTERPRISE else "/"), path
        assert f"（{access.role_name(role)}）" in page.inner_text("header .who")
        top, subs = expected_menu(role)
        shown = menu_of(page)[0]
        assert [label for label in shown if label in KNOWN] == top, (role, shown, top)
        if role == access.ADMIN:  # the admin's menu is staff's and 管理后台 (the admin site: its own test)
            assert page.locator("header nav .menu a:text-is('管理后台')").get_attribute("href") == "/admin/"
            continue
        seen = {path}
        tour.shoot(page, f"{username}-{'enterprise' if role == access.ENTERPRISE else 'home'}")
        for section, pages in subs.items():  # its second row: exactly the pages the role may use; each opens
            page.click(f"header nav .menu a:text-is('{section}')")
            page.wait_for_load_state("load")
            assert urlparse(page.url).path == reverse(pages[0][1])
            assert menu_of(page)[1] == [label for label, _name in pages], (role, section, menu_of(page)[1])
            for label, name in pages:
                tour.visit(page, reverse(name), f"{username}-{name}", phone_checked=name not in PHONE_BUGS)
                assert page.locator("nav.subnav a.on").inner_text().strip() == label
                seen.add(reverse(name))
        for label, name, _perm in TOP:
            if label in top and name and reverse(name) not in seen:
                tour.visit(page, reverse(name), f"{username}-{name}")
                assert page.locator("header nav .menu a.on").inner_text().strip() == label
        for label in shown:
            if label not in KNOWN:  # a section this test does not know yet: what the menu offers must open
                href = page.locator(f"header nav .menu a:text-is('{label}')").get_attribute("href")
                tour.visit(page, href, f"{username}-{label}")
    tour.finish()


def test_the_admin_site_opens_for_the_admin_without_console_errors(tour, county):
    page = tour.log_in("admin")
    page.click("header nav .menu a:text-is('管理后台')")
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/admin/" and "站点管理" in page.inner_text("body")
    tour.shoot(page, "admin-admin")
    tour.finish()


def test_on_a_phone_the_batches_table_scrolls_inside_its_wrapper(tour, county):
    page = tour.log_in("staff")
    tour.visit(page, "/data/batches/", "staff-data_batches")
    assert page.locator("table.batches tbody tr").count() >= 1  # the demo's own batch
    tour.finish()


# --- 2. the dashboard for a chosen period -----------------------------------------------------------------

def card_figures(page) -> dict[str, tuple[str, str]]:
    """The cards' name → (level as printed, growth as printed)."""
    out = {}
    cards = page.locator("section.cards article.kpi")
    for i in range(cards.count()):
        card = cards.nth(i)
        level = card.locator("p.level").evaluate("e => e.firstChild.textContent.trim()")
        growth = card.locator("p.growth strong")
        out[card.locator("h2").inner_text().strip()] = (level, growth.inner_text().strip() if growth.count() else "")
    return out


def test_the_dashboard_of_june_prints_what_the_cli_prints_and_draws_its_charts(tour, county):
    from kegong.core.numbers import fmt, fmt_pct

    page = tour.log_in("leader")
    assert page.locator("select[name=period] option:checked").inner_text().strip() == "2026年1-7月"
    with page.expect_navigation():
        page.select_option("select[name=period]", JUNE)  # the picker sends itself
    page.wait_for_load_state("load")
    assert f"period={JUNE}" in page.url
    assert page.locator("main h1 small").inner_text().strip() == JUNE_LABEL
    charts_drawn(page)
    assert page.locator("#trend-chart svg").count() == 1 and page.locator("#compare-chart svg").count() == 1
    tour.shoot(page, "leader-home-2026-06")

    data, printed = cli_indicators()
    county_rows = {r["name"]: r for r in data["indicators"] if r["scope"] == "all"}
    cards = card_figures(page)
    compared = [name for name in cards if name in county_rows]
    assert "工业总产值" in compared, cards
    for name in compared:
        level, growth = cards[name]
        assert level == fmt(county_rows[name]["cumulative"], 2), (name, level, county_rows[name])
        assert growth == fmt_pct(Decimal(printed[name][4])), (name, growth, printed[name])
    go = county_rows["工业总产值"]
    assert cards["工业总产值"] == (fmt(go["cumulative"]), fmt_pct(Decimal(printed["工业总产值"][4])))

    # the 主要指标 table beside the trend chart: every indicator's 1-6月 figure and growth as the CLI prints them
    table = page.locator("section.card:has(h2:text-is('主要指标（2026年1-6月）')) table tbody tr")
    shown = {}
    for i in range(table.count()):
        cells = [c.strip() for c in table.nth(i).locator("td").all_inner_texts()]
        shown[cells[0]] = (cells[1], cells[3])
    expected = {name: (row[2], fmt_pct(Decimal(row[4])) if row[4] != "—" else "—") for name, row in printed.items()}
    assert shown == expected
    tour.finish()


# --- 3. an enterprise found by part of its name -----------------------------------------------------------

def test_an_enterprise_found_by_part_of_its_name_shows_its_months_and_chart(tour, county):
    from kegong.core.numbers import fmt, fmt_pct
    from kegong.enterprises.models import Enterprise
    from kegong.figures.selectors import enterprise_series

    uscc, name = staff_firm(county)
    e = Enterprise.objects.get(uscc=uscc)
    part = name.removeprefix("青溪")[:3]
    page = tour.log_in("staff")
    page.click("header nav .menu a:text-is('企业')")
    page.wait_for_load_state("load")
    tour.shoot(page, "staff-enterprises")
    page.fill("form.filters input[name=q]", part)
    submit(page, "form.filters button[type=submit]")
    names = [n.strip() for n in page.locator("table.firms td.name").all_inner_texts()]
    assert name in names and all(part in n for n in names), (part, names)
    assert set(names) >= set(Enterprise.objects.filter(name__icontains=part).values_list("name", flat=True))
    assert "联系人" in page.locator("table.firms thead").inner_text()  # staff sees the contacts
    tour.shoot(page, "staff-enterprises-search")

    with page.expect_navigation():
        page.click(f"table.firms td.name a:text-is('{name}')")
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == f"/enterprises/{uscc}/"
    assert page.locator("main h1").inner_text().strip() == name
    assert "联系人" in page.locator("dl.firm-facts").inner_text()
    charts_drawn(page)
    assert page.locator("#firm-month-chart svg").count() == 1 and page.locator("#firm-growth-chart svg").count() == 1
    tour.shoot(page, "staff-enterprise")

    series = enterprise_series(uscc, e.industry_section, "gross_output", LAST[0])
    assert [m.label for m in series][:2] == ["1-2月", "3月"] and len(series) == LAST[1] - 1
    table = page.locator("main table.figures").first
    assert table.locator("thead").inner_text().split()[:2] == ["月份", "本月"]
    rows = [[c.strip() for c in table.locator("tbody tr").nth(i).locator("td").all_inner_texts()]
            for i in range(table.locator("tbody tr").count())]
    assert rows == [[m.label, fmt(m.value), fmt(m.cumulative), fmt(m.prior_cumulative), fmt_pct(m.growth),
                     fmt_pct(m.section_growth)] for m in series]
    assert any(m.growth is not None for m in series)
    tour.finish()


# --- 4. 手工录入 --------------------------------------------------------------------------------------------

def open_entry(tour, page, name: str, month: str):
    """The entry form of ``name`` for ``month``, reached as a user reaches it: the picker, then the month."""
    page.click("nav.subnav a:text-is('手工录入')")
    page.wait_for_load_state("load")
    page.fill("input[name=q]", name)
    submit(page, "form.desk-search button[type=submit]")
    tour.shoot(page, "staff-entry-picker")
    with page.expect_navigation():
        page.click(f"tr:has(td:text-is('{name}')) a:text-is('录入')")
    page.fill("form.desk-search input[name=period]", month)
    submit(page, "form.desk-search button[type=submit]")
    assert name in page.inner_text("main h1")


def test_a_bad_entry_is_named_and_not_written_a_good_one_is_a_manual_batch(tour, county):
    from kegong.figures.models import MonthlyFigure
    from kegong.imports.models import ImportBatch

    uscc, name = staff_firm(county)
    page = tour.log_in("staff")
    page.click("header nav .menu a:text-is('数据')")
    page.wait_for_load_state("load")
    open_entry(tour, page, name, JUNE)
    assert "2026年6月" in page.inner_text("main h1")
    before, batches = june_figure(uscc), ImportBatch.objects.count()
    value, cumulative = page.input_value("input[name=gross_output__value]"), page.input_value(
        "input[name=gross_output__cumulative]")
    assert Decimal(value) == before[0] and Decimal(cumulative) == before[1]
    tour.shoot(page, "staff-entry")

    page.fill("input[name=gross_output__value]", "12,3O5")
    tour.expect_refusal("/data/entry/")
    assert submit(page, "form.entry-form button[type=submit]") == 400
    assert "没有写入任何数据" in page.inner_text("p.desk-alert")
    cell = page.locator("td.bad:has(input[name=gross_output__value])")
    assert cell.locator("span.error").inner_text().strip() == "工业总产值“本月”：“12,3O5”不是数字，应为数值（单位：万元）"
    assert cell.locator("input").get_attribute("aria-invalid") == "true"
    assert page.input_value("input[name=gross_output__value]") == "12,3O5"  # what was typed stays to correct
    tour.shoot(page, "staff-entry-bad-value")
    assert june_figure(uscc) == before and ImportBatch.objects.count() == batches

    new_value, new_cumulative = Decimal(value) + Decimal("12.3"), Decimal(cumulative) + Decimal("12.3")
    page.fill("input[name=gross_output__value]", str(new_value))
    page.fill("input[name=gross_output__cumulative]", str(new_cumulative))
    assert submit(page, "form.entry-form button[type=submit]") == 200
    assert f"/data/entry/?enterprise={uscc}&period={JUNE}" in page.url
    batch = ImportBatch.objects.get(source="manual")
    assert f"已保存 {name} 2026年6月的数据：写入 1 条（批次 {batch.pk}）" in messages_of(page)
    after = june_figure(uscc)
    assert after[:2] == (new_value, new_cumulative) and after[2:4] == before[2:4] and after[4] == batch.pk
    assert batch.imported_by.username == "staff" and batch.figures_written == 1
    assert ImportBatch.objects.count() == batches + 1
    assert MonthlyFigure.objects.get(enterprise__uscc=uscc, indicator__code="gross_output", year=2026,
                                     month=6).batch.source == "manual"
    assert Decimal(page.input_value("input[name=gross_output__value]")) == new_value
    assert "手工录入" in page.locator("tr:has(input[name=gross_output__value]) td.source").inner_text()
    tour.shoot(page, "staff-entry-saved")
    tour.finish()


# --- 5 and 6. 数据审核 and 期别审定 -----------------------------------------------------------------------

def test_a_finding_is_confirmed_the_period_approved_locked_and_unlocked_with_a_reason(tour, county):
    from kegong.audit.models import AuditConfirmation, PeriodApproval
    from kegong.imports.models import ImportBatch

    note = "经电话核实，企业新生产线5月投产，数据属实"
    page = tour.log_in("staff")
    page.click("header nav .menu a:text-is('数据')")
    page.click("nav.subnav a:text-is('数据审核')")
    page.wait_for_load_state("load")
    page.fill("form.desk-search input[name=period]", JUNE)
    submit(page, "form.desk-search button[type=submit]")
    assert page.locator("main h1 small").inner_text().strip() == JUNE_LABEL
    tour.shoot(page, "staff-audit")
    page.click("nav.desk-tabs a:text-is('提示性')")
    page.wait_for_load_state("load")
    row = page.locator("table.desk-audit tbody tr.sev-soft:not(.confirmed)").first
    uscc, rule, code = (row.locator(f"input[name={n}]").get_attribute("value") for n in ("uscc", "rule", "indicator"))
    row.locator("input[name=note]").fill(note)
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "已确认：" in messages_of(page) and "show=soft" in page.url
    mine = page.locator(f"table.desk-audit tbody tr:has(input[name=uscc][value='{uscc}']):has(input[name=rule][value='{rule}'])"
                        f":has(input[name=indicator][value='{code}'])")
    assert mine.count() == 1 and "confirmed" in mine.get_attribute("class")
    assert note in mine.locator("p.confirmed-note").inner_text() and "业务员" in mine.locator("p.confirmed-note").inner_text()
    assert mine.locator("button[type=submit]").inner_text().strip() == "更新"
    tour.shoot(page, "staff-audit-confirmed")
    c = AuditConfirmation.objects.get(enterprise__uscc=uscc, rule=rule, indicator__code=code, year=2026, month=6)
    assert c.note == note and c.user.username == "staff"

    # an entry form for May opened before the period is approved ...
    firm, name = staff_firm(county)
    entry = tour.tab(page.context)
    entry.goto(f"{tour.url}/data/entry/?enterprise={firm}&period=2026-05")
    may = june_figure(firm, month=5)
    assert entry.locator("form.entry-form button[type=submit]").count() == 1

    # ... 1-6月 approved (the findings left accepted) ...
    page.click("nav.subnav a:text-is('期别审定')")
    page.wait_for_load_state("load")
    page.fill("form.desk-search input[name=period]", JUNE)
    submit(page, "form.desk-search button[type=submit]")
    assert "未审定" in page.locator("dl.facts").inner_text()
    tour.shoot(page, "staff-approval")
    page.fill("textarea[name=note]", "6月数据审核完毕")
    page.check("input[name=accept_findings]")
    submit(page, f"button:text-is('审定 {JUNE_LABEL}')")
    assert f"已审定 {JUNE_LABEL}（业务员，" in messages_of(page)
    assert "已审定锁定" in page.locator("dl.facts").inner_text()
    tour.shoot(page, "staff-approval-approved")
    a = PeriodApproval.objects.get(year=2026, month=6)
    assert a.approved_by.username == "staff" and a.locked and "6月数据审核完毕" in a.note

    # ... so saving May is refused with the lock's message, and nothing is written
    batches = ImportBatch.objects.count()
    entry.fill("input[name=gross_output__value]", str(may[0] + 1))
    entry.fill("input[name=gross_output__cumulative]", str(may[1] + 1))
    tour.expect_refusal("/data/entry/")
    assert submit(entry, "form.entry-form button[type=submit]") == 409
    assert entry.inner_text("p.desk-alert").strip() == f"未保存：{LOCKED}"
    tour.shoot(entry, "staff-entry-locked")
    assert june_figure(firm, month=5) == may and ImportBatch.objects.count() == batches
    entry.goto(f"{tour.url}/data/entry/?enterprise={firm}&period=2026-05")  # (a reload would post again)
    assert "审定锁定" in entry.inner_text("p.desk-note.locked")
    assert entry.locator("input[name=gross_output__value]").is_disabled()
    assert entry.locator("form.entry-form button[type=submit]").count() == 0

    # unlocked with a reason: the entry goes through
    reason = "统计局更正了5月企业产值"
    page.fill("textarea[name=reason]", reason)
    submit(page, "button:text-is('解锁')")
    assert f"已解锁 {JUNE_LABEL}，理由已记录" in messages_of(page)
    assert "未审定" in page.locator("dl.facts").inner_text()
    assert f"理由：{reason}" in page.locator("ol.desk-history").inner_text()
    tour.shoot(page, "staff-approval-unlocked")
    entry.goto(f"{tour.url}/data/entry/?enterprise={firm}&period=2026-05")
    entry.fill("input[name=gross_output__value]", str(may[0] + 1))
    entry.fill("input[name=gross_output__cumulative]", str(may[1] + 1))
    submit(entry, "form.entry-form button[type=submit]")
    assert f"已保存 {name} 2026年5月的数据" in messages_of(entry)
    assert june_figure(firm, month=5)[:2] == (may[0] + 1, may[1] + 1)
    a.refresh_from_db()
    assert not a.locked and a.unlocked_by.username == "staff" and a.unlock_reason == reason
    assert a.approved_by.username == "staff"
    tour.finish()


# --- 7. 报告 -----------------------------------------------------------------------------------------------

def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def test_the_monthly_briefing_is_made_waited_for_and_downloaded_the_leader_only_downloads(tour, county, tmp_path):
    if not exists("report_make"):
        pytest.skip("报告 (/reports/, kegong/web/views_reports.py) is not in kegong/web/urls.py yet")
    from kegong.reports import phrasing as ph
    from kegong.reports.models import ReportDocument

    page = tour.log_in("staff")
    page.goto(f"{tour.url}/?period={JUNE}")
    level, growth = card_figures(page)["工业总产值"]

    page.click("header nav .menu a:text-is('报告')")
    page.wait_for_load_state("load")
    tour.shoot(page, "staff-reports")
    page.check("input[name=kind][value=monthly]")
    page.select_option("select[name=period]", JUNE)
    submit(page, "button:text-is('生成')")
    assert re.search(r"/reports/jobs/[0-9a-f]{32}/$", page.url), page.url
    tour.shoot(page, "staff-report-job")
    page.wait_for_selector("#report-progress.result.ok", timeout=120000)
    assert "报告已生成" in page.inner_text("#report-progress")
    tour.shoot(page, "staff-report-done")
    with page.expect_download() as dl:
        page.click("#report-progress a[download]")
    assert dl.value.suggested_filename.endswith(f"{JUNE_LABEL}工业经济运行简报.docx"), dl.value.suggested_filename
    made = tmp_path / "staff.docx"
    dl.value.save_as(made)
    text = docx_text(made.read_bytes())
    expected = f"实现总产值{ph.yi(Decimal(level.replace(',', '')))}亿元，同比{'增长' if growth[0] == '+' else '下降'}{growth[1:]}"
    assert expected in text, (expected, text[:2000])
    doc = ReportDocument.objects.get()
    assert doc.made_by.username == "staff" and (doc.year, doc.month) == (2026, 6)

    leader = tour.log_in("leader")
    leader.click("header nav .menu a:text-is('报告')")
    leader.wait_for_load_state("load")
    assert leader.locator("form[action='/reports/make/']").count() == 0
    tour.shoot(leader, "leader-reports-with-document")
    with leader.expect_download() as dl:
        leader.click("table.reports-list a.button[download]")
    got = tmp_path / "leader.docx"
    dl.value.save_as(got)
    assert got.read_bytes() == made.read_bytes()
    tour.expect_refusal("/reports/make/")
    assert post_from_page(leader, "/reports/make/", {"kind": "monthly", "period": JUNE, "template": ""}) == 403
    assert "没有权限" in leader.inner_text("main") or "权限" in leader.inner_text("main")
    tour.shoot(leader, "leader-report-make-403")
    assert ReportDocument.objects.count() == 1
    tour.finish()


# --- 8. scopes --------------------------------------------------------------------------------------------

def test_scopes_hold_against_edited_urls_and_hidden_fields(tour, county):
    from kegong.enterprises.models import Enterprise
    from kegong.imports.models import ImportBatch

    other_town = Enterprise.objects.exclude(town__name=county.town).order_by("uscc").first()
    mine = list(Enterprise.objects.filter(town__name=county.town).values_list("name", flat=True))
    assert mine and other_town

    # the town user: its own town's firms only; another town's firm by URL is not found
    town = tour.log_in("town")
    town.click("header nav .menu a:text-is('企业')")
    town.wait_for_load_state("load")
    towns = {t.strip() for t in town.locator("table.firms tbody tr td:nth-child(3)").all_inner_texts()}
    names = [n.strip() for n in town.locator("table.firms td.name").all_inner_texts()]
    assert towns == {county.town} and sorted(names) == sorted(mine), (towns, names)
    assert f"共 {len(mine)} 家" in town.inner_text("p.lead")
    tour.visit(town, f"/enterprises/{other_town.uscc}/", "town-other-enterprise-404", status=404)
    assert "页面不存在" in town.inner_text("main")
    tour.visit(town, f"/data/audit/?period={JUNE}", "town-audit-2026-06")
    notes = town.locator("table.desk-audit tbody td.wrap small.muted").all_inner_texts()
    usccs = {n.strip() for n in notes if re.fullmatch(r"[0-9A-Z]{18}", n.strip())}
    own = set(Enterprise.objects.filter(town__name=county.town).values_list("uscc", flat=True))
    assert usccs and usccs <= own, (usccs, own)  # its own firms' findings, and only those

    # the enterprise reporter: another firm by URL, by the entry URL and by the hidden field, and nothing written
    other = Enterprise.objects.exclude(uscc=county.reporter_firm).order_by("uscc").first()
    firm = tour.log_in("enterprise")
    tour.visit(firm, f"/enterprises/{other.uscc}/", "enterprise-other-enterprise-404", status=404)
    tour.visit(firm, f"/data/entry/?enterprise={other.uscc}", "enterprise-other-entry-404", status=404)
    tour.visit(firm, "/data/entry/", "enterprise-entry")
    assert "手工录入" in firm.inner_text("main h1")
    own_before, other_before, batches = june_figure(county.reporter_firm, month=7), june_figure(other.uscc, month=7), \
        ImportBatch.objects.count()
    firm.fill("input[name=gross_output__value]", "1")
    firm.fill("input[name=gross_output__cumulative]", "99999")
    firm.evaluate("u => document.querySelector('form.entry-form input[type=hidden][name=enterprise]').value = u",
                  other.uscc)
    tour.expect_refusal("/data/entry/")
    assert submit(firm, "form.entry-form button[type=submit]") == 404
    tour.shoot(firm, "enterprise-entry-other-firm-404")
    assert june_figure(other.uscc, month=7) == other_before and june_figure(county.reporter_firm, month=7) == own_before
    assert ImportBatch.objects.count() == batches

    # the leader: no downloads of the register or the computed tables, no contacts
    leader = tour.log_in("leader")
    tour.visit(leader, "/data/downloads/enterprises.xlsx", "leader-download-enterprises-403", status=403)
    tour.visit(leader, "/data/downloads/computed/indicators.xlsx", "leader-download-indicators-403", status=403)
    tour.visit(leader, f"/enterprises/{other.uscc}/", "leader-enterprise")
    assert "联系人" not in leader.inner_text("main")
    assert other.contact_person and other.contact_person not in leader.inner_text("main")
    tour.visit(leader, "/enterprises/", "leader-enterprises")
    assert "联系人" not in leader.locator("table.firms thead").inner_text()
    tour.finish()


def test_the_town_users_dashboard_links_only_to_firms_it_may_open(tour, county):
    from kegong.enterprises.models import Enterprise

    town = tour.log_in("town")
    links = town.locator("ol.pullers a").evaluate_all("as => as.map(a => [a.textContent.trim(), a.getAttribute('href')])")
    assert "只列出您查看范围内的企业" in town.inner_text("main")
    staff = tour.log_in("staff")  # the county's staff see the county's pullers, whichever town
    assert staff.locator("ol.pullers a").count() > len(links)
    own = set(Enterprise.objects.filter(town__name=county.town).values_list("uscc", flat=True))
    outside = [(name, href) for name, href in links if href.strip("/").split("/")[-1] not in own]
    if outside:  # where such a link leads
        tour.visit(town, outside[0][1], "town-dashboard-link-outside-its-scope", status=404)
    assert not outside, f"{county.town}专干's dashboard names firms of other towns: {outside}"
    tour.finish()
