"""企业 (/enterprises/ and /enterprises/<统一社会信用代码>/): the list searched, filtered and paged within the
user's read scope; one enterprise's page with its monthly series, its growth beside its section's and its
audit findings; an enterprise outside the scope is a 404 (by URL or by a changed code), contacts only for the
roles that may see them."""

from __future__ import annotations

import json
import re

import pytest

from kegong.core import access
from kegong.core.catalogue import INDICATORS
from kegong.core.periods import Period
from kegong.core.stats.indicators import indicator_table
from kegong.core.stats.panel import Scope
from kegong.enterprises.models import Enterprise, EnterpriseAlias, OrgUnit
from kegong.figures import store
from kegong.figures.store import record_change
from tests.desk_data import NAME_A, A, B, C, load_county, make_user, reporter, staff, text_of

NAME_B, NAME_C = "湖南乙家具有限公司", "湖南丙电子科技有限公司"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    Enterprise.objects.filter(uscc=A).update(contact_person="李四", contact_phone="0731-5550101")
    return tmp_path


def names(client, **params) -> list[str]:
    r = client.get("/enterprises/", params)
    assert r.status_code == 200
    return re.findall(r'<td class="name"><a href="/enterprises/\w+/">([^<]+)</a>', r.content.decode())


def test_staff_see_every_firm_with_its_output_and_growth(client, county):
    client.force_login(staff())
    r = client.get("/enterprises/")
    page = text_of(r.content.decode())
    assert names(client) == sorted([NAME_A, NAME_B, NAME_C])
    assert "共 3 家" in page and "2026年1-6月" in page
    row_a = re.search(rf"{NAME_A}(.*?)</tr>", r.content.decode(), re.S).group(1)
    assert "600.00" in row_a and "+20.0%" in row_a and "规上" in row_a  # 600 against 500
    assert "李四" in page and "0731-5550101" in page


def test_search_and_filters(client, county):
    client.force_login(staff())
    assert names(client, q="家具") == [NAME_B]
    assert names(client, q=C[-6:].lower()) == [NAME_C]  # part of the credit code, any case
    EnterpriseAlias.objects.create(enterprise=Enterprise.objects.get(uscc=B), name="青溪老木器厂")
    assert names(client, q="老木器") == [NAME_B]
    assert names(client, town="白沙镇") == [NAME_B]
    assert names(client, growth="ge20") == sorted([NAME_A, NAME_C])  # +20.0% and +40.0%
    assert names(client, growth="0-10") == [NAME_B]  # 300 against 300: 0.0%
    assert names(client, growth="lt0") == []
    # a band within a town, park or chain: counted among that town's firms (either side of the band listed)
    town_a = Enterprise.objects.get(uscc=A).town.name
    in_town_a = sorted(e.name for e in Enterprise.objects.filter(town__name=town_a))
    assert names(client, town=town_a, growth="ge20") == sorted(set(in_town_a) & {NAME_A, NAME_C})
    assert names(client, town=town_a, growth="0-10") == sorted(set(in_town_a) & {NAME_B})
    assert names(client, town="白沙镇", growth="0-10") == [NAME_B]
    assert names(client, town="白沙镇", growth="ge20") == []
    assert names(client, park="-", growth="ge20") == sorted(
        e.name for e in Enterprise.objects.filter(park__isnull=True, uscc__in=[A, C]))
    assert names(client, scale="above") == sorted([NAME_A, NAME_B, NAME_C])
    assert names(client, scale="below") == []
    r = client.get("/enterprises/", {"section": "Z"})  # not a section: the form says so, nothing listed
    assert r.status_code == 200 and names(client, section="Z") == []
    assert "选择一个有效的选项。 Z 不在可用的选项中。" in text_of(r.content.decode())


def test_pages_of_fifty(client, county):
    town = OrgUnit.objects.get(name="白沙镇")
    Enterprise.objects.bulk_create([Enterprise(uscc=_code(n), name=f"青溪县第{n:03d}号机械厂", industry_code="3411",
                                               industry_section="C", industry_division="34", town=town)
                                    for n in range(100, 160)])
    record_change()
    client.force_login(staff())
    first, second = names(client, town="白沙镇"), names(client, town="白沙镇", page=2)
    assert len(first) == 50 and len(second) == 11 and not set(first) & set(second)
    r = client.get("/enterprises/", {"town": "白沙镇", "page": 2})
    assert "第 2 / 2 页" in text_of(r.content.decode()) and "town=%E7%99%BD%E6%B2%99%E9%95%87&amp;page=1" in r.content.decode()


def _code(n: int) -> str:
    from tests.ingest.builders import uscc
    return uscc(n)


def test_a_town_user_sees_only_their_town(client, county):
    client.force_login(make_user(access.TOWN, "cg", units=["城关镇"]))
    assert names(client) == sorted([NAME_A, NAME_C])
    assert names(client, q="家具") == []
    html = client.get("/enterprises/").content.decode()
    assert "白沙镇" not in html  # not even as a filter choice
    assert client.get(f"/enterprises/{A}/").status_code == 200
    r = client.get(f"/enterprises/{B}/")
    assert r.status_code == 404 and NAME_B not in text_of(r.content.decode())
    assert client.get("/enterprises/not-a-code/").status_code == 404


def test_a_reporter_reaches_only_their_own_firm(client, county):
    client.force_login(reporter(A))
    assert client.get("/").url == f"/enterprises/{A}/"  # their home
    assert names(client) == [NAME_A]
    assert client.get(f"/enterprises/{A}/").status_code == 200
    for other in (B, C, B.lower()):
        assert client.get(f"/enterprises/{other}/").status_code == 404


def test_a_leader_sees_no_contacts(client, county):
    client.force_login(make_user(access.LEADER, "boss"))
    page = text_of(client.get("/enterprises/").content.decode())
    assert NAME_A in page and "李四" not in page and "联系人" not in page
    page = text_of(client.get(f"/enterprises/{A}/").content.decode())
    assert "李四" not in page and "0731-5550101" not in page


def test_the_profile_shows_the_series_beside_its_section(client, county):
    client.force_login(staff())
    r = client.get(f"/enterprises/{A}/")
    html, page = r.content.decode(), text_of(r.content.decode())
    assert r.status_code == 200 and NAME_A in page and "城关镇" in page and "3021" in page
    chart = json.loads(re.search(r'<script id="firm-chart-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert chart["labels"][-1] == "6月" and chart["value"][-1] == 120 and chart["prior_value"][-1] == 100
    assert chart["growth"][-1] == 20.0
    panel = store.panel()
    section = indicator_table(panel, Period.cumulative(2026, 6), [Scope("industry", "C")], INDICATORS)
    gross = next(row for row in section if row.code == "gross_output")
    assert chart["section_growth"][-1] == round(gross.yoy_pct, 1)  # the same figure `kegong indicators` gives
    assert "2026年1-6月各项指标" in page and "营业收入" in page
    assert "数据审核（2026年1-6月）" in page
    assert f'href="/data/entry/?enterprise={A}"' in html


def test_the_profile_names_its_audit_findings(client, county):
    client.force_login(staff())
    page = text_of(client.get(f"/enterprises/{C}/").content.decode())  # 175 against 125: +40%
    assert "数据审核（2026年1-6月）" in page
    from kegong.audit.selectors import enterprise_findings
    findings = enterprise_findings(C, 2026, 6)
    assert findings, "the test county should give C a finding"
    for f in findings:
        assert f.message in page
