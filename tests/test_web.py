"""The first web pages: log in, then the home page with the latest period and the county totals."""

import os
import shutil

import pytest
from django.contrib.auth.models import User

from kegong.demo.generator import DemoSpec, generate_county
from kegong.demo.load import load_demo


@pytest.fixture
def demo_db(db):
    load_demo(generate_county(DemoSpec(seed=3, n_enterprises=30, last=(2026, 6))))


@pytest.fixture
def staff(db):
    return User.objects.create_user("li", password="Kegong-2026-pw", first_name="李科员")


def test_home_needs_a_login(client, db):
    r = client.get("/")
    assert r.status_code == 302 and r.url.startswith("/login/")


def test_a_polling_box_after_the_session_ran_out_sends_the_window_to_the_login_page(client, db):
    """htmx follows the 302 by itself and would swap the login form into the progress box: it is told instead
    to load the login page in the window, and to come back to the page the box was on."""
    r = client.get("/reports/jobs/abc/status/", headers={
        "HX-Request": "true", "HX-Current-URL": "http://testserver/reports/?period=2026-06"})
    assert r.status_code == 200 and r.content == b""
    assert r["HX-Redirect"] == "/login/?next=/reports/%3Fperiod%3D2026-06"
    assert client.get("/reports/").status_code == 302  # a plain request is still redirected


def test_wrong_password_says_so_in_chinese(client, staff):
    r = client.post("/login/", {"username": "li", "password": "wrong"})
    assert r.status_code == 200 and "用户名或密码不正确" in r.content.decode()


def test_home_lists_latest_period_and_county_totals(client, staff, demo_db):
    from kegong.figures.selectors import county_overview

    assert client.login(username="li", password="Kegong-2026-pw")
    html = client.get("/").content.decode()
    assert "2026年1-6月" in html and "工业总产值" in html and "万千瓦时" in html
    go = next(t for t in county_overview()["totals"] if t["code"] == "gross_output")
    assert f"{float(go['cumulative']):,.2f}" in html
    assert "万千瓦<" not in html


def test_home_shows_towns_with_growth_and_pull_from_the_core(client, staff, demo_db):
    from kegong.core.periods import Period
    from kegong.measures.dashboard import dashboard

    client.login(username="li", password="Kegong-2026-pw")
    html = client.get("/").content.decode()
    board = dashboard(Period.cumulative(2026, 6))
    assert board["trend"]["labels"][0] == "1-2月" and board["trend"]["labels"][-1] == "1-6月"
    towns = board["compare"]
    assert [t["rank"] for t in towns] == sorted(t["rank"] for t in towns)
    # the towns' pulls add up to the county's growth of gross output
    go = next(c for c in board["cards"] if c["code"] == "gross_output")
    assert sum(t["pull"] for t in towns) == pytest.approx(go["growth"], abs=1e-6)
    for t in towns:
        assert t["label"] in html
    assert "拉动（百分点）" in html and 'id="trend-data"' in html and 'id="compare-data"' in html


def test_the_dashboard_for_a_chosen_period_and_comparison(client, staff, demo_db):
    from kegong.core.catalogue import BY_CODE
    from kegong.core.numbers import fmt, fmt_pct
    from kegong.core.periods import Period
    from kegong.core.stats.indicators import indicator_table
    from kegong.core.stats.panel import Scope
    from kegong.figures.selectors import load_panel

    client.login(username="li", password="Kegong-2026-pw")
    html = client.get("/?period=2026年1-3月&by=industry").content.decode()
    (row,) = indicator_table(load_panel(years=[2025, 2026]), Period.cumulative(2026, 3), [Scope.county()],
                             [BY_CODE["gross_output"]])
    assert "2026年1-3月" in html and fmt(row.cumulative) in html and fmt_pct(row.yoy_pct) in html
    assert "分行业门类比较" in html and 'selected>2026年1-3月' in html
    bad = client.get("/?period=明年").content.decode()
    assert "无法识别的期别“明年”" in bad and "已显示最新期别 2026年1-6月" in bad
    later = client.get("/?period=2026-09").content.decode()
    assert "2026年1-9月 还没有数据" in later


def test_card_colours_follow_the_target_and_the_thresholds(client, staff, demo_db):
    from kegong.core.periods import Period
    from kegong.measures.dashboard import dashboard
    from kegong.targets.models import Threshold
    from kegong.targets.services import set_target

    june = Period.cumulative(2026, 6)
    go = next(c for c in dashboard(june)["cards"] if c["code"] == "gross_output")
    assert go["growth"] > 0 and go["state"] == "none"  # no target yet
    set_target(2026, "gross_output", str(round(go["growth"] - 1, 1)), kind="growth")
    assert next(c for c in dashboard(june)["cards"] if c["code"] == "gross_output")["state"] == "green"
    set_target(2026, "gross_output", str(round(go["growth"] + 1.5, 1)), kind="growth")
    assert next(c for c in dashboard(june)["cards"] if c["code"] == "gross_output")["state"] == "blue"
    Threshold.objects.create(code="gross_output", blue_gap=0.5, orange_gap=1.0, red_below=None)
    assert next(c for c in dashboard(june)["cards"] if c["code"] == "gross_output")["state"] == "red"


def test_home_without_data_explains_what_to_do(client, staff):
    client.login(username="li", password="Kegong-2026-pw")
    assert "kegong demo" in client.get("/").content.decode()


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium")
def test_login_and_home_in_a_real_browser(live_server, staff, demo_db, tmp_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium, log_in

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(live_server.url + "/")
        assert "登录" in page.title()
        log_in(page, "li", "Kegong-2026-pw")
        page.wait_for_selector("table.figures")
        assert "2026年1-6月" in page.inner_text("main")
        assert page.locator("table.figures tbody tr").count() >= 8
        # ECharts (from npm, copied into the static files) drew both charts
        page.wait_for_selector("#trend-chart svg path", state="attached")
        assert page.locator("#trend-chart svg").count() == 1 and page.locator("#compare-chart svg").count() == 1
        assert "2026年" in page.inner_text("#trend-chart") and "2025年" in page.inner_text("#trend-chart")
        assert "同比增速" in page.inner_text("#compare-chart")  # the chart says what it plots
        assert page.locator("article.kpi").count() == 8
        shots = os.environ.get("KEGONG_SCREENSHOT_DIR") or str(tmp_path)
        page.screenshot(path=os.path.join(shots, "home.png"), full_page=True)
        browser.close()


def test_the_ui_is_chinese_whatever_language_the_browser_asks_for(client, db):
    User.objects.create_superuser("boss", password="Kegong-2026-pw")
    client.login(username="boss", password="Kegong-2026-pw")
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "站点管理" in html and "企业库" in html and "Site administration" not in html


def test_error_pages_are_chinese(client, staff):
    from django.test import Client

    client.login(username="li", password="Kegong-2026-pw")
    r = client.get("/no-such-page/")
    assert r.status_code == 404 and "页面不存在" in r.content.decode() and "Not Found" not in r.content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="li", password="Kegong-2026-pw")
    r = strict.post("/logout/")
    assert r.status_code == 403 and "表单已过期" in r.content.decode() and "CSRF" not in r.content.decode()
