"""项目完成情况 (issue 13 item 3): each project's year plan, what it completed in the scheme year through the
period (a project carried across years counts only that year's months), completion beside the time progress
with 滞后 flagged, totals by category, and the .xlsx download."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kegong.core.periods import Period
from kegong.projects import selectors
from kegong.projects.models import Project, ProjectProgress, ProjectTheme
from tests.desk_data import make_user, staff, text_of
from tests.test_web_informatization import table_rows


@pytest.fixture
def themes(db):
    return {n: ProjectTheme.objects.get_or_create(name=n, defaults={"order": i})[0]
            for i, n in enumerate(("生态产业", "科技创新"), 1)}


def project(themes, name, year, plan, theme="生态产业", months=()):
    p = Project.objects.create(name=name, theme=themes[theme], year=year, total_investment=Decimal(10000),
                               plan_investment=Decimal(plan), stage=Project.Stage.BUILDING)
    for y, m, v in months:
        ProjectProgress.objects.create(project=p, year=y, month=m, completed=Decimal(v))
    return p


@pytest.fixture
def scheme(themes):
    """A project carried from 2025 into 2026 (a row each year), one on track, one behind, one without plan."""
    project(themes, "跨年产业园", 2025, 1000, months=[(2025, 11, 500), (2025, 12, 300)])
    carried = project(themes, "跨年产业园", 2026, 2000, months=[(2026, 1, 100), (2026, 2, 200)])
    ProjectProgress.objects.create(project=carried, year=2025, month=12, completed=Decimal(999))  # not 2026's
    project(themes, "快进项目", 2026, 600, months=[(2026, 1, 100), (2026, 2, 100), (2026, 3, 5)])
    project(themes, "科创中心", 2026, 1200, theme="科技创新", months=[(2026, 1, 50)])
    project(themes, "无计划项目", 2026, 0, theme="科技创新", months=[(2026, 2, 10)])


@pytest.mark.parametrize(("period", "year", "name", "done", "rate", "behind"), [
    ((2026, 2), 2026, "跨年产业园", 300, 15.0, True),  # 2026's months only: 300 of 2000 at 2/12 = 16.7 %
    ((2026, 2), 2026, "快进项目", 200, 100 / 3, False),  # 33.3 % against 16.7 %
    ((2026, 1), 2026, "快进项目", 100, 100 / 6, False),
    ((2025, 12), 2025, "跨年产业园", 800, 80.0, True),  # 80 % of the year at year end
    ((2026, 6), 2025, "跨年产业园", 800, 80.0, True),  # an earlier year: its whole year
    ((2026, 2), 2026, "无计划项目", 10, None, False),
])
def test_completion_counts_the_scheme_years_months_only(scheme, period, year, name, done, rate, behind):
    span, rows = selectors.completions(Period.cumulative(*period), year)
    (r,) = [r for r in rows if r.name == name]
    assert r.done == Decimal(done) and r.behind is behind
    assert (r.rate is None) if rate is None else r.rate == pytest.approx(rate)
    assert span == Period.cumulative(year, period[1] if year == period[0] else 12)


def test_a_later_scheme_year_is_refused(scheme):
    with pytest.raises(ValueError, match="还未开始"):
        selectors.completions(Period.cumulative(2025, 6), 2026)


def test_the_page_flags_the_projects_behind_and_sums_by_category(client, scheme):
    client.force_login(staff())
    html = client.get("/projects/progress/?period=2026-02&year=2026").content.decode()
    sums_html, items_html = html.split("<h2>各项目</h2>")
    assert "2 个项目滞后" in text_of(html)  # 跨年产业园 and 科创中心 (50 of 1200 = 4.2 %)
    items = {row[1]: row for row in _cells(items_html)}
    assert items["跨年产业园"] == ["生态产业", "跨年产业园", "—", "2,000.00", "300.00", "15.0", "16.7", "滞后"]
    assert items["快进项目"][3:] == ["600.00", "200.00", "33.3", "16.7", "超前"]
    assert items["无计划项目"][3:] == ["0.00", "10.00", "—", "16.7", "无年度计划"]
    sums = table_rows(sums_html)
    assert sums["生态产业"] == ["2,600.00", "500.00", "19.2", "16.7", "正常"]
    assert sums["科技创新"] == ["1,200.00", "60.00", "5.0", "16.7", "滞后"]
    assert sums["合计"] == ["3,800.00", "560.00", "14.7", "16.7", "滞后"]


def _cells(html: str) -> list[list[str]]:
    return [[text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if "<td" in tr]


def test_the_xlsx_is_the_pages_table(client, scheme, tmp_path):
    client.force_login(staff())
    r = client.get("/projects/progress.xlsx?period=2026-02&year=2026")
    assert r.status_code == 200
    out = tmp_path / "p.xlsx"
    out.write_bytes(b"".join(r.streaming_content))
    wb = load_workbook(out)
    rows = list(wb["项目完成情况"].iter_rows(values_only=True))
    assert rows[0][0] == "2026年项目完成情况（2026年1-2月）" and rows[1][1] == "项目名称"
    got = {r[1]: r[3:] for r in rows[2:]}
    assert got["跨年产业园"] == (2000, 300, 15, 16.7, "滞后")
    totals = {r[0]: r[3:] for r in list(wb["按类别合计"].iter_rows(values_only=True))[2:]}
    assert totals["合计"] == (3800, 560, 14.7, 16.7, "滞后")


def test_the_page_on_an_empty_database_and_who_may_see_it(client, db):
    from kegong.core import access

    client.force_login(staff())
    page = text_of(client.get("/projects/progress/?period=坏&year=x").content.decode())
    assert "还没有项目" in page
    client.force_login(make_user(access.LEADER, "leader"))
    assert client.get("/projects/progress/").status_code == 200
    assert client.get("/projects/progress.xlsx").status_code == 403
