"""The pages added with the 中小微企业, 信息化, 项目 and 台账计数 ledgers, looked at in a real browser (Debian's
Chromium through Playwright) on the tour's demo county (tests/test_browser_tour.py: its live server, users,
shots and network / console checks):

1. on a phone (390×844), as the bureau's staff and as a town user, none of them scrolls sideways — a wide table
   scrolls inside its .table-wrap — and none prints a traceback or a Python ``None`` / ``True`` / ``False``
   (示范区重点项目's 计入工业投资 did, on its list and on a record's page), nor names a filter in English (a
   ledger's search box said "name" for a lookup across a relation: 乡镇（街道）, 项目);
2. on a desk (1366×768) the tables whose last column matters fit their width: 中小微企业's 测算过程 wraps, and
   项目完成情况's 进度 (滞后 …) is in view without scrolling the table.

The records behind a count of projects, of wind farms or of firms (the records of no enterprise, or the
enterprises themselves) answered 500 before views_measures asked each record for its firm.

Every page is shot at 1366×768 and 390×844 into /tmp/kegong-shots/pages/."""

# ruff: noqa: F811 - the tests take the tour's fixtures (imported below) by their names
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import tests.test_browser_tour as tour_module
from tests.browser import CHROMIUM
from tests.test_browser_tour import (  # noqa: F401 - its fixtures, used by name
    PHONE,
    Tour,
    chromium,
    county,
    demo_county,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
]

SHOTS = Path("/tmp/kegong-shots/pages")
SHOT: dict[str, bool] = {}  # this file's pages shot in this run (each once)
PERIOD = "2026-06"
# the pages as a user opens them: the menu's, a 年度 filter on a ledger list, a count and the records behind it
PAGES = ("/sme/", "/informatization/", f"/informatization/?period={PERIOD}", "/projects/progress/",
         "/measures/", f"/measures/?period={PERIOD}", f"/measures/appeals_received/?period={PERIOD}",
         f"/measures/it_broadband_share/?period={PERIOD}", f"/measures/sme_confidence_index/?period={PERIOD}",
         f"/measures/g5_done_sites/?period={PERIOD}", f"/measures/zone_projects/?period={PERIOD}",
         f"/measures/wind_farms/?period={PERIOD}", f"/measures/furniture_building/?period={PERIOD}",
         "/ledgers/appeals/?year=2026", "/ledgers/g5-sites/", "/ledgers/g5-plans/", "/ledgers/it-survey/", "/ledgers/sme-confidence/", "/ledgers/sme-size-checks/",
         "/ledgers/project-progress/", "/ledgers/projects/", "/data/audit/")
RECORD_OF = {"/ledgers/projects/", "/ledgers/project-progress/", "/ledgers/g5-sites/"}  # its first record opened too
NOT_FOR_TOWN = {"/projects/progress/"}  # 报告 (reports.view): a town user is refused it, by the menu too

SIDEWAYS = """() => {
    const w = window.innerWidth;
    return {width: document.scrollingElement.scrollWidth, room: w,
            wide: [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap')).slice(0, 5)
              .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))};
}"""


@pytest.fixture
def tour(live_server, chromium, county, monkeypatch):
    monkeypatch.setattr(tour_module, "SHOTS", SHOTS)  # Tour.shoot writes into the module's SHOTS
    t = Tour(chromium, live_server.url, shots=SHOT)
    yield t
    t.close()


def shot_name(username: str, path: str) -> str:
    return username + "-" + "".join(c if c.isalnum() else "_" for c in path.strip("/"))


def on_a_phone(page) -> list[str]:
    """What is wrong with the page at 390×844: sideways scrolling, a traceback, a ``None`` (empty: nothing)."""
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    seen = page.evaluate(SIDEWAYS)
    text = page.inner_text("body")
    page.set_viewport_size(tour_module.DESK)
    wrong = []
    if seen["width"] > seen["room"] + 1:
        wrong.append(f"scrolls sideways ({seen['width']} > {seen['room']}; {seen['wide']})")
    wrong += [f"prints {word!r}" for word in ("Traceback", "None", "True", "False") if word in text]
    labels = page.locator("form.filters label").all_inner_texts()  # a ledger's 查找 box named in Chinese
    wrong += [f"an English label {t!r}" for t in labels if re.search(r"[A-Za-z]", t)]
    return wrong


@pytest.mark.parametrize("username", ["staff", "town"])
def test_the_new_pages_fit_a_phone_and_print_no_traceback_nor_none(tour, county, username):
    page = tour.log_in(username)
    wrong = {}
    for path in PAGES:
        if username == "town" and path in NOT_FOR_TOWN:
            tour.visit(page, path, shot_name(username, path), status=403)
            continue
        tour.visit(page, path, shot_name(username, path))
        if problems := on_a_phone(page):
            wrong[path] = problems
        first = page.locator("table.ledger tbody tr td:first-child a").first
        if path in RECORD_OF and first.count():
            record = first.get_attribute("href")
            tour.visit(page, record, shot_name(username, path + "record"))
            if problems := on_a_phone(page):
                wrong[record] = problems
    assert not wrong, f"{username}: " + "; ".join(f"{p}: {', '.join(w)}" for p, w in wrong.items())
    tour.finish()


def widths(table) -> tuple[int, int]:
    """A table's width and its wrapper's."""
    return table.evaluate("t => [t.scrollWidth, t.closest('.table-wrap').clientWidth]")


def test_on_a_desk_the_working_and_the_progress_columns_are_in_view(tour, county):
    page = tour.log_in("staff")
    tour.visit(page, "/sme/", "staff-sme")
    assert page.locator("table.firms tbody tr").count() > 0
    width, room = widths(page.locator("table.firms"))
    assert width <= room + 1, f"中小微企业: the firms' table is {width} px wide in a {room} px wrapper"
    tour.visit(page, "/projects/progress/", "staff-projects_progress")
    tables = page.locator("table.figures")
    assert tables.count() == 2 and "进度" in tables.nth(1).locator("thead").inner_text()
    width, room = widths(tables.nth(1))
    assert width <= room + 1, f"项目完成情况: the projects' table is {width} px wide in a {room} px wrapper"
    status = tables.nth(1).locator("tbody tr td:last-child").first
    assert status.inner_text().strip(), "a project without its 进度"
    box, view = status.bounding_box(), page.viewport_size
    assert box is not None and box["x"] + box["width"] <= view["width"], "进度 is off the screen"
    tour.finish()
