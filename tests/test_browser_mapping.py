"""The mapping step in a real browser: a 联网直报 file whose 产值 header kegong does not know is refused with
its columns listed, the user maps E–H to 工业总产值 and names the profile, the re-check passes and the
import lands in the database; the next file of the same layout goes through on the saved profile, and the
profile shows on 导入方案."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connections

from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportProfile
from tests.ingest.builders import uscc
from tests.ingest.direct_builders import DirectFirm, DirectForm, write_direct_xlsx

PW = "Kegong-2026-pw"
A, B = uscc(1), uscc(2)
SHOTS = Path("/tmp/kegong-shots")
PROFILE = "直报B201"
PARTS = {"E": ("value", "本月"), "F": ("cumulative", "1-本月"), "G": ("prior_year_value", "上年同月"),
         "H": ("prior_year_cumulative", "上年同期")}

# 千元 as typed: (本年本月, 本年1-本月, 上年同月, 上年1-本月). 1-2月 is one report: 本月 = 1-本月.
FEB = {A: {"gross_output": ("12,345.6", "12,345.6", "11,000", "11,000"),
           "sales_output": ("12,000", "12,000", "10,800", "10,800"),
           "export_delivery": ("1,234.5", "1,234.5", "1,000", "1,000")},
       B: {"gross_output": ("8,000", "8,000", "7,000.5", "7,000.5"),
           "sales_output": ("7,900", "7,900", "6,900", "6,900"),
           "export_delivery": ("500", "500", "400", "400")}}
MAR = {A: {"gross_output": ("6,500", "18,845.6", "6,000", "17,000"),
           "sales_output": ("6,400", "18,400", "5,900", "16,700"),
           "export_delivery": ("600", "1,834.5", "500", "1,500")},
       B: {"gross_output": ("4,100", "12,100", "3,600", "10,600.5"),
           "sales_output": ("4,000", "11,900", "3,500", "10,400"),
           "export_delivery": ("200", "700", "150", "550")}}
# the same in 万元, worked out by hand (千元 ÷ 10)
FEB_GROSS_WAN = {A: ("1234.56", "1234.56", "1100", "1100"), B: ("800", "800", "700.05", "700.05")}
MAR_GROSS_WAN = {A: ("650", "1884.56", "600", "1700"), B: ("410", "1210", "360", "1060.05")}


def direct_file(folder: Path, name: str, period: str, figures: dict) -> Path:
    firms = [DirectFirm(A, "湖南龙溪建材有限公司", "3021", "龙溪街道", figures=figures[A]),
             DirectFirm(B, "湖南白沙家具有限公司", "2110", "白沙镇", figures=figures[B])]
    return write_direct_xlsx(folder / name, DirectForm(firms, period=period,
                                                       headers={"gross_output": "产值（现价）"}))


def gross(month: int) -> dict[str, tuple[Decimal, ...]]:
    rows = MonthlyFigure.objects.filter(indicator__code="gross_output", year=2026, month=month)
    return {f.enterprise.uscc: (f.value, f.cumulative, f.prior_year_value, f.prior_year_cumulative)
            for f in rows.select_related("enterprise")}


def wan(d: dict) -> dict:
    return {k: tuple(Decimal(x) for x in v) for k, v in d.items()}


def upload_and_check(page, url: str, path: Path) -> None:
    page.goto(url + "/data/import/")
    page.wait_for_selector("#import-form")
    page.set_input_files("input[name=files]", str(path))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector(".result", timeout=60000)


def horizontal_overflow(page) -> dict:
    return page.evaluate("""() => {
        const doc = document.documentElement, wrap = document.querySelector('.table-wrap');
        return {page: doc.scrollWidth - doc.clientWidth,
                wrap: wrap ? wrap.scrollWidth - wrap.clientWidth : null,
                wrapScrolls: wrap ? getComputedStyle(wrap).overflowX : null};
    }""")


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"),
                    reason="needs Debian's chromium")
def test_map_unknown_columns_save_a_profile_and_reuse_it_in_a_real_browser(live_server, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium, log_in

    User.objects.create_user("wang", password=PW, first_name="王主任", is_staff=True)
    feb = direct_file(tmp_path, "B201-1_2026年1-2月.xlsx", "2026年1-2月", FEB)
    mar = direct_file(tmp_path, "B201-1_2026年1-3月.xlsx", "2026年1-3月", MAR)
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url + "/")
        log_in(page, "wang", PW)
        page.click("nav .menu >> text=\"数据\"")  # the 数据 desk opens on its first page: 数据导入
        page.wait_for_selector("#import-form")

        # 1. the first file: refused, its columns listed, E-H unplaced
        upload_and_check(page, url, feb)
        assert page.locator(".result.failed").count() == 1
        assert "检查未通过" in page.inner_text(".result.failed h2")
        rows = page.locator("table.mapping tbody tr.unplaced")
        assert rows.count() == 4
        for i, letter in enumerate("EFGH"):
            cells = rows.nth(i).locator("td")
            assert cells.nth(0).inner_text().strip() == letter
            assert "产值（现价）" in cells.nth(1).inner_text() or "产值(现价)" in cells.nth(1).inner_text()
            assert cells.nth(2).inner_text().strip() == "未识别的数值列"
        assert page.locator("table.mapping select[name^=field_]").count() == 4

        for shot, size in (("mapping-form-1366.png", (1366, 768)), ("mapping-form-390.png", (390, 844))):
            page.set_viewport_size({"width": size[0], "height": size[1]})
            page.screenshot(path=str(SHOTS / shot), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})

        for letter, (part, label) in PARTS.items():
            page.select_option(f"select[aria-label='{letter} 列指定为']", label="工业总产值")
            page.select_option(f"select[aria-label='{letter} 列是哪一列']", label=label)
            assert page.eval_on_selector(f"select[aria-label='{letter} 列是哪一列']", "e => e.value") == part
        page.fill("input[name=profile_name]", PROFILE)
        page.click("text=保存方案并重新检查")
        page.wait_for_selector(".result", timeout=60000)
        assert page.locator(".result.ok").count() == 1, page.inner_text("main")
        assert "检查通过" in page.inner_text(".result.ok h2")
        # the “已保存导入方案…” message goes out with the progress page the recheck redirects to; it is gone
        # once that page reloads on the result, so it is the database that says the profile was saved
        assert ImportProfile.objects.filter(name=PROFILE).exists()
        page.screenshot(path=str(SHOTS / "mapping-recheck-passed-1366.png"), full_page=True)
        assert MonthlyFigure.objects.count() == 0  # the check wrote nothing

        page.click("text=确认导入")
        page.wait_for_selector(".result.ok h2:has-text('导入完成')", timeout=60000)
        assert gross(2) == wan(FEB_GROSS_WAN)
        feb_row = MonthlyFigure.objects.get(indicator__code="gross_output", month=2, enterprise__uscc=A)
        assert feb_row.start_month == 1

        # 2. the second file of the same layout: read with the profile, no mapping asked
        upload_and_check(page, url, mar)
        assert page.locator(".result.ok").count() == 1, page.inner_text("main")
        assert "检查通过" in page.inner_text(".result.ok h2")
        assert f"按导入方案“{PROFILE}”读取列" in page.inner_text("main")
        page.click("text=确认导入")
        page.wait_for_selector(".result.ok h2:has-text('导入完成')", timeout=60000)
        assert gross(3) == wan(MAR_GROSS_WAN)
        assert gross(2) == wan(FEB_GROSS_WAN)

        # 3. 导入方案 lists the profile, its four columns and how often it was used
        page.click("nav >> text=导入方案")
        page.wait_for_selector("table.profiles")
        assert page.url.endswith("/data/profiles/")
        (row,) = [r for r in page.locator("table.profiles tbody tr").all() if PROFILE in r.inner_text()]
        mapped = row.locator("ul.plain li").all_inner_texts()
        assert len(mapped) == 4, mapped
        assert all("工业总产值" in m for m in mapped), mapped
        for word in ("本月", "1-本月", "上年同月", "上年同期"):
            assert any(word in m for m in mapped), (word, mapped)
        used = int(row.locator("td.num").inner_text())
        assert used >= 1
        assert ImportProfile.objects.get(name=PROFILE).used == used
        page.screenshot(path=str(SHOTS / "profiles-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "profiles-390.png"), full_page=True)
        browser.close()
    connections.close_all()


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"),
                    reason="needs Debian's chromium")
def test_on_a_phone_the_mapping_table_scrolls_inside_its_wrapper(live_server, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium, log_in

    User.objects.create_user("wang", password=PW, first_name="王主任", is_staff=True)
    feb = direct_file(tmp_path, "B201-1_2026年1-2月.xlsx", "2026年1-2月", FEB)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(live_server.url + "/data/import/")
        log_in(page, "wang", PW)
        upload_and_check(page, live_server.url, feb)
        page.wait_for_selector("table.mapping")
        sizes = horizontal_overflow(page)
        browser.close()
    connections.close_all()
    assert sizes["wrapScrolls"] in ("auto", "scroll"), sizes
    assert sizes["page"] <= 0, sizes
