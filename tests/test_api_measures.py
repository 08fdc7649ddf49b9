"""The ledger counts of the measure registry read three ways — GET /api/measures/ (JSON), ``kegong measures``
and /measures/ — with the same numbers, within each user's scope; a record that belongs to no enterprise (a
project's month) never breaks a scoped user's page."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from kegong.cli import main
from kegong.core import access
from kegong.enterprises.models import Enterprise
from kegong.projects.models import Project, ProjectProgress, ProjectTheme
from kegong.service.models import Appeal
from kegong.tech.models import RdFiling
from tests.desk_data import NAME_A, A, B, load_county, make_user, staff


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    a, b = Enterprise.objects.get(uscc=A), Enterprise.objects.get(uscc=B)
    RdFiling.objects.create(enterprise=a, year=2026, filed=dt.date(2026, 3, 5))
    RdFiling.objects.create(enterprise=b, year=2026, filed=dt.date(2026, 7, 1))  # after 1-6月
    Appeal.objects.create(enterprise=a, category="labour", title="招工难", department="人社局",
                          received=dt.date(2026, 5, 6))
    theme, _ = ProjectTheme.objects.get_or_create(name="生态产业", defaults={"order": 1})
    p = Project.objects.create(name="智能家居产业园二期", theme=theme, year=2026, total_investment=Decimal(50000),
                               plan_investment=Decimal(12000), stage=Project.Stage.BUILDING)
    ProjectProgress.objects.create(project=p, year=2026, month=5, completed=Decimal(3000))
    return tmp_path


def _by_code(data: dict) -> dict:
    return {m["code"]: m for m in data["measures"]}


def test_the_api_gives_each_count_for_the_period_and_a_scope(client, county):
    client.force_login(staff())
    data = client.get("/api/measures/", {"period": "2026-06"}).json()
    assert data["period"] == "2026-06" and data["label"] == "2026年1-6月" and data["scope"] == "all"
    m = _by_code(data)
    assert m["rd_filing_enterprises"]["value"] == 1
    assert m["appeals_labour"]["value"] == 1
    assert m["high_tech_enterprises"]["value"] is None  # no certificate at all: unknown, not 0
    assert _by_code(client.get("/api/measures/", {"period": "2026-07"}).json())["rd_filing_enterprises"]["value"] == 2
    town = _by_code(client.get("/api/measures/", {"period": "2026-07", "scope": "town:白沙镇"}).json())
    assert town["rd_filing_enterprises"]["value"] == 1  # B is in 白沙镇


def test_one_count_with_its_records(client, county):
    client.force_login(staff())
    one = client.get("/api/measures/rd_filing_enterprises/", {"period": "2026-06"}).json()
    assert one["value"] == 1 and [i["enterprise"]["name"] for i in one["items"]] == [NAME_A]
    assert client.get("/api/measures/nonsense/").status_code == 404
    bad = client.get("/api/measures/", {"period": "2026年13月"})
    assert bad.status_code == 400 and "error" in bad.json()
    assert client.get("/api/measures/", {"scope": "planet:火星"}).status_code == 400


def test_a_town_user_gets_its_own_records_and_no_other_scope(client, county):
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))
    data = client.get("/api/measures/", {"period": "2026-07"}).json()
    m = _by_code(data)
    assert data["scope"] == "readable" and m["rd_filing_enterprises"]["value"] is None
    assert m["rd_filing_enterprises"]["records"] == 1 and m["appeals_received"]["records"] == 0
    refused = client.get("/api/measures/", {"scope": "town:城关镇"})
    assert refused.status_code == 400 and "只能查看本范围" in refused.json()["error"]
    # a project's month belongs to no enterprise: the page and the API answer, without counting it for the town
    assert client.get("/measures/", {"period": "2026-06"}).status_code == 200
    zone = [c for c, v in m.items() if v["ledger"] in ("projects", "project-progress") and v["records"] is not None]
    assert zone and all(m[c]["records"] == 0 for c in zone)
    assert client.get("/measures/zone_done_investment/", {"period": "2026-06"}).status_code == 200


def test_the_cli_says_the_same_numbers(client, county):
    client.force_login(staff())
    web = _by_code(client.get("/api/measures/", {"period": "2026-06"}).json())
    r = CliRunner().invoke(main, ["--data-dir", str(county), "measures", "--period", "2026-06", "--json"])
    assert r.exit_code == 0, r.output
    cli = _by_code(json.loads(r.output))
    assert {c: v["value"] for c, v in cli.items()} == {c: v["value"] for c, v in web.items()}
    r = CliRunner().invoke(main, ["--data-dir", str(county), "measures", "--period", "2026-06"])
    assert r.exit_code == 0 and "研发资金备案企业数" in r.output and "2026年1-6月" in r.output
    r = CliRunner().invoke(main, ["--data-dir", str(county), "measures", "rd_filing_enterprises", "--period",
                                  "2026-06"])
    assert r.exit_code == 0 and NAME_A in r.output and "研发资金备案企业数（2026年1-6月）：1 家" in r.output
    r = CliRunner().invoke(main, ["--data-dir", str(county), "measures", "nonsense"])
    assert r.exit_code != 0 and "没有台账计数" in r.output and "Traceback" not in r.output
