"""台账计数 (/measures/): every count the documents and the dashboard take from a ledger, for a chosen period,
and the records behind each — the same number the report prints, within each user's read scope."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kegong.core import access
from kegong.enterprises.models import Enterprise
from kegong.service.models import Appeal
from kegong.tech.models import RdFiling
from tests.desk_data import NAME_A, A, B, load_county, make_user, staff, text_of


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    a, b = Enterprise.objects.get(uscc=A), Enterprise.objects.get(uscc=B)
    RdFiling.objects.create(enterprise=a, year=2026, filed=dt.date(2026, 3, 5))
    RdFiling.objects.create(enterprise=b, year=2026, filed=dt.date(2026, 7, 1))  # after 1-6月
    Appeal.objects.create(enterprise=a, category="labour", title="招工难", department="人社局",
                          received=dt.date(2026, 5, 6))
    return a, b


def _value(html: str, name: str) -> str:
    row = re.search(rf">{name}</a></td><td class=\"num\">([^<]*)</td>", html)
    assert row, name
    return row.group(1)


def test_the_index_gives_each_ledger_count_for_the_period(client, county):
    client.force_login(staff())
    html = client.get("/measures/", {"period": "2026-06"}).content.decode()
    assert _value(html, "研发资金备案企业数") == "1"
    assert _value(html, "受理企业诉求件数") == "1" and _value(html, "用工类企业诉求件数") == "1"
    assert _value(html, "国家级高新技术企业数") == "—"  # no certificate at all: unknown, not 0
    html = client.get("/measures/", {"period": "2026-07"}).content.decode()
    assert _value(html, "研发资金备案企业数") == "2"


def test_the_records_behind_a_count(client, county):
    client.force_login(staff())
    page = text_of(client.get("/measures/rd_filing_enterprises/", {"period": "2026-06"}).content.decode())
    assert "全县 1 家：下列 1 条记录，涉及 1 家企业" in page and NAME_A in page
    r = client.get("/measures/high_tech_enterprises/", {"period": "2026-06"})
    assert "还没有任何记录，这个数字未知（不是 0）" in text_of(r.content.decode())
    assert client.get("/measures/gross_output/").status_code == 404  # a figure of the panel, no records
    assert client.get("/measures/nonsense/").status_code == 404
    r = client.get("/measures/rd_filing_enterprises/", {"period": "2026年13月"})
    assert r.status_code == 200 and "已显示" in text_of(r.content.decode())  # a bad period said, not a traceback


def test_a_town_user_counts_its_own_firms_records(client, county):
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))  # B is in 白沙镇, A in 城关镇
    page = text_of(client.get("/measures/rd_filing_enterprises/", {"period": "2026-07"}).content.decode())
    assert "下列 1 条记录，涉及 1 家企业（您查看范围内）" in page and NAME_A not in page and "全县" not in page
    html = client.get("/measures/", {"period": "2026-07"}).content.decode()
    assert _value(html, "研发资金备案企业数") == "1 条" and _value(html, "受理企业诉求件数") == "0 条"


@pytest.fixture
def demo_county(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))


def test_the_half_year_summary_says_the_counts_the_web_shows(client, demo_county):
    """The demo county's 2026年1-6月: every ledger count in the report's facts, and the 三难 paragraph's
    counts, are the values /measures/ shows for the same period."""
    from kegong.core.catalogue import RECORD_COUNTS
    from kegong.core.numbers import rounded
    from kegong.core.periods import Period
    from kegong.measures.registry import measure
    from kegong.reports.context import build_context
    from kegong.reports.sources import gather

    ctx = build_context(gather(Period.cumulative(2026, 6), forecast_codes=()))
    client.force_login(staff())
    html = client.get("/measures/", {"period": "2026-06"}).content.decode()
    for code, d in RECORD_COUNTS.items():
        if code == "high_tech_renewals_due" or ctx["facts"][code].value is None:
            continue
        shown = _value(html, d.name).replace(",", "")
        # as shown: a share (信息化 四率, %) is not a whole number
        assert float(shown) == float(rounded(ctx["facts"][code].value, len(shown.partition(".")[2]))), code
    # section (四): the 中小微企业 survey and field checks and the 新型墙材 applications are counted, not typed
    for code in ("sme_confidence_answers", "sme_confidence_index", "sme_size_checks", "wall_applications",
                 "it_broadband_share"):
        assert ctx["facts"][code].value is not None, code
    received = _value(html, measure("appeals_received").name)
    overdue = _value(html, measure("appeals_overdue").name)
    problems = "".join(ctx["prose"]["problems"])
    assert f"共受理企业反映的问题{received}件" in problems and f"超过限时办结期限{overdue}件" in problems
    assert int(overdue) >= 1  # the demo has appeals past their deadline


def test_a_count_of_records_that_belong_to_no_enterprise_says_so(client, county):
    """5G sites are kept by town: the count is there, with no list of enterprises under it."""
    from kegong.enterprises.models import OrgUnit
    from kegong.informatization.models import G5Site

    G5Site.objects.create(number="QX-001", name="城关一号站", town=OrgUnit.objects.get(name="城关镇"),
                          operator=G5Site.Operator.MOBILE, status=G5Site.Status.BUILT, built=dt.date(2026, 5, 1))
    client.force_login(staff())
    page = text_of(client.get("/measures/g5_done_sites/", {"period": "2026-06"}).content.decode())
    assert "全县 1 个" in page and "记录不属于某一家企业" in page and "未知" not in page
