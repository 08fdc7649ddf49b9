"""The 年度 filter of every ledger list: the records of one year by the ledger's 年度 or the day it is dated by,
its choices the years the user's records fall in, a year not among them (or not a year) showing all."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kegong.core import access
from kegong.enterprises.models import Enterprise
from kegong.ledgers.base import ledgers
from kegong.service.models import Appeal
from kegong.tech.models import RdFiling
from tests.desk_data import NAME_A, A, B, load_county, make_user, staff, text_of


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    a, b = Enterprise.objects.get(uscc=A), Enterprise.objects.get(uscc=B)
    for firm, year in ((a, 2025), (a, 2026), (b, 2026)):
        RdFiling.objects.create(enterprise=firm, year=year, filed=dt.date(year, 3, 5))
    for firm, day in ((a, dt.date(2025, 12, 31)), (b, dt.date(2026, 1, 1)), (b, dt.date(2026, 5, 6))):
        Appeal.objects.create(enterprise=firm, category="labour", title="招工难", department="人社局", received=day)


def count_shown(html: str) -> int:
    return int(re.search(r"共 (\d+) 条", text_of(html)).group(1))


@pytest.mark.parametrize(("slug", "year", "shown"), [
    ("rd-filings", "", 3), ("rd-filings", "2026", 2), ("rd-filings", "2025", 1),
    ("appeals", "2025", 1), ("appeals", "2026", 2),  # by 受理日期: 31 December is the old year's
    ("appeals", "2019", 3), ("appeals", "二〇二六", 3),  # not one of the years: every record, no error
])
def test_a_year_keeps_that_years_records(client, county, slug, year, shown):
    client.force_login(staff())
    r = client.get(f"/ledgers/{slug}/", {"year": year})
    assert r.status_code == 200 and count_shown(r.content.decode()) == shown


def test_the_choices_are_the_users_years(client, county):
    client.force_login(staff())
    html = client.get("/ledgers/appeals/").content.decode()
    assert "受理日期（年份）" in html and re.findall(r'<option value="(\d{4})"', html) == ["2026", "2025"]
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))  # B only: its appeals are of 2026
    html = client.get("/ledgers/appeals/").content.decode()
    assert re.findall(r'<option value="(\d{4})"', html) == ["2026"] and NAME_A not in html


def test_every_ledger_with_records_of_a_year_has_the_filter(db):
    missing = [lg.slug for lg in ledgers() if lg.year_filter() is None]
    assert missing == ["wall-producers"]  # a register of producers, not records of a year
