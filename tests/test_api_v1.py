"""The read API /api/v1/ through Django's test client: a token is required (and a revoked one refused), each
token reads exactly what its user reads on the pages (a town's staff their town's enterprises and records, an
enterprise reporter its own), the indicator table is the one ``kegong indicators --json`` prints, lists page
with limit/offset (at most 500), errors are Chinese JSON. ``kegong.api`` is installed here for this module
(tests/api_settings.py's line, until kegong.settings lists it) and its table made."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from click.testing import CliRunner
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import override_settings

from kegong.cli import main
from kegong.core import access
from kegong.enterprises.models import Enterprise
from kegong.tech.models import RdFiling
from tests.desk_data import A, B, C, load_county, make_user, reporter, staff

BASE = "/api/v1"


@pytest.fixture(scope="module", autouse=True)
def api_app(django_db_setup, django_db_blocker):
    override = None
    if not apps.is_installed("kegong.api"):
        override = override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "kegong.api"])
        override.enable()
    from kegong.api.models import ApiToken

    created = False
    with django_db_blocker.unblock():
        if ApiToken._meta.db_table not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(ApiToken)
            created = True
    yield
    with django_db_blocker.unblock():
        if created:
            with connection.schema_editor() as editor:
                editor.delete_model(ApiToken)
    if override is not None:
        override.disable()


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # A and C in 城关镇, B in 白沙镇
    for firm in (A, B):
        RdFiling.objects.create(enterprise=Enterprise.objects.get(uscc=firm), year=2026, filed=dt.date(2026, 3, 5))
    return tmp_path


def key_of(user) -> str:
    from kegong.api.services import token_create

    return token_create(username=user.get_username(), name="市平台")[1]


def get(client, key: str | None, path: str, **params):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(BASE + path, params, headers=headers)


def town_user():
    return make_user(access.TOWN, "chengguan", units=["城关镇"])


def test_a_token_is_required_and_a_revoked_one_refused(client, county):
    from kegong.api.models import ApiToken

    none = get(client, None, "/enterprises/")
    assert none.status_code == 401 and "令牌" in none.json()["detail"] and none["WWW-Authenticate"].startswith("Bearer")
    assert get(client, "kg_not-a-key", "/enterprises/").json() == {"detail": "接口令牌无效或已吊销"}
    key = key_of(staff())
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest() and key not in (token.prefix, token.name)
    ok = get(client, key, "/enterprises/")
    assert ok.status_code == 200 and "no-store" in ok["Cache-Control"]
    token.refresh_from_db()
    assert token.last_used_at is not None
    out = CliRunner().invoke(main, ["token", "revoke", str(token.pk)])
    assert out.exit_code == 0 and "已吊销" in out.output
    assert get(client, key, "/enterprises/").status_code == 401


def test_the_cli_makes_a_key_shown_once_and_lists_tokens_without_it(client, county):
    staff()
    made = CliRunner().invoke(main, ["token", "create", "--user", "wang", "--name", "统计局工具", "--quiet"])
    key = made.output.strip()
    assert made.exit_code == 0 and key.startswith("kg_")
    listed = CliRunner().invoke(main, ["token", "list"])
    assert "统计局工具" in listed.output and "wang" in listed.output and key not in listed.output
    assert get(client, key, "/ledgers/").status_code == 200
    nobody = CliRunner().invoke(main, ["token", "create", "--user", "nobody", "--name", "x"])
    assert nobody.exit_code != 0 and "不存在" in nobody.output


def test_a_town_token_reads_its_towns_enterprises_only(client, county):
    town, county_key = key_of(town_user()), key_of(staff())
    mine = get(client, town, "/enterprises/", limit=500).json()
    assert mine["count"] == 2 and {e["uscc"] for e in mine["items"]} == {A, C}
    assert {e["town"] for e in mine["items"]} == {"城关镇"}
    assert get(client, county_key, "/enterprises/").json()["count"] == 3
    assert get(client, town, f"/enterprises/{A}/").json()["uscc"] == A
    other = get(client, town, f"/enterprises/{B}/")
    assert other.status_code == 404 and "不在本令牌的范围内" in other.json()["detail"]
    assert get(client, county_key, f"/enterprises/{B}/").json()["town"] == "白沙镇"
    assert get(client, town, "/indicators/", scope=f"enterprise:{B}").status_code == 403
    assert get(client, town, "/indicators/", scope=f"enterprise:{A}").status_code == 200
    filtered = get(client, county_key, "/enterprises/", town="白沙镇").json()
    assert [e["uscc"] for e in filtered["items"]] == [B]


def test_an_enterprise_token_reads_its_own_enterprise_only(client, county):
    key = key_of(reporter(A))
    assert [e["uscc"] for e in get(client, key, "/enterprises/").json()["items"]] == [A]
    own = get(client, key, "/indicators/").json()
    assert {r["scope"] for r in own["indicators"]} == {f"enterprise:{A}"}
    assert get(client, key, "/indicators/", scope="all").status_code == 403
    assert get(client, key, "/indicators/", scope=f"enterprise:{B}").status_code == 403
    refused = get(client, key, "/rankings/")
    assert refused.status_code == 403 and "查看驾驶舱" in refused.json()["detail"]


def test_a_ledger_within_the_tokens_scope(client, county):
    town, county_key = key_of(town_user()), key_of(staff())
    index = {lg["slug"]: lg for lg in get(client, town, "/ledgers/").json()}
    assert index["rd-filings"]["records"] == 1 and index["rd-filings"]["name"] == "研发费用备案"
    mine = get(client, town, "/ledgers/rd-filings/").json()
    assert mine["count"] == 1 and [r["enterprise"]["uscc"] for r in mine["items"]] == [A]
    assert set(mine["items"][0]["values"]) == {c["key"] for c in mine["ledger"]["columns"]}
    everyone = get(client, county_key, "/ledgers/rd-filings/").json()
    assert {r["enterprise"]["uscc"] for r in everyone["items"]} == {A, B}
    assert get(client, county_key, "/ledgers/rd-filings/", year=2025).json()["count"] == 0
    missing = get(client, county_key, "/ledgers/nonsense/")
    assert missing.status_code == 404 and "没有台账" in missing.json()["detail"]


def test_the_indicators_are_those_kegong_indicators_prints(client, county):
    key = key_of(staff())
    for scope in (None, "town:城关镇"):
        args = ["indicators", "--period", "2026-06", "--json"] + (["--scope", scope] if scope else [])
        printed = json.loads(CliRunner().invoke(main, args).output)
        params = {"period": "2026-06"} | ({"scope": scope} if scope else {})
        assert get(client, key, "/indicators/", **params).json() == printed

    def cumulative(scope: str) -> float:
        rows = get(client, key, "/indicators/", period="2026-06", scope=scope).json()["indicators"]
        return next(r["cumulative"] for r in rows if r["code"] == "gross_output")

    assert cumulative("town:城关镇") == pytest.approx(cumulative(f"enterprise:{A}") + cumulative(f"enterprise:{C}"))


def test_a_town_token_ranks_only_its_enterprises(client, county):
    town, county_key = key_of(town_user()), key_of(staff())
    everyone = get(client, county_key, "/rankings/", by="enterprise", period="2026-06").json()
    assert {p["key"] for p in everyone["parts"]} == {A, B, C}
    mine = get(client, town, "/rankings/", by="enterprise", period="2026-06").json()
    assert {p["key"] for p in mine["parts"]} == {A, C} and mine["total"] == everyone["total"]
    assert [p["key"] for p in get(client, town, "/rankings/", by="enterprise", top=1).json()["parts"]] == [
        next(p["key"] for p in mine["parts"])]
    towns = get(client, town, "/rankings/", by="town").json()
    assert {p["name"] for p in towns["parts"]} == {"城关镇", "白沙镇"}  # groups, as the dashboard shows them


def test_lists_page_with_limit_and_offset(client, county):
    key = key_of(staff())
    whole = [e["uscc"] for e in get(client, key, "/enterprises/").json()["items"]]
    assert len(whole) == 3
    page = get(client, key, "/enterprises/", limit=1, offset=1).json()
    assert page["count"] == 3 and page["limit"] == 1 and page["offset"] == 1
    assert [e["uscc"] for e in page["items"]] == whole[1:2]
    assert get(client, key, "/enterprises/", offset=5).json()["items"] == []
    too_many = get(client, key, "/enterprises/", limit=501)
    assert too_many.status_code == 400 and "limit" in too_many.json()["detail"]
    assert get(client, key, "/enterprises/", limit="x").status_code == 400


def test_errors_are_chinese_json(client, county):
    key = key_of(make_user(access.LEADER, "leader"))
    bad = get(client, key, "/indicators/", period="2026年13月")
    assert bad.status_code == 400 and any("\u4e00" <= ch <= "\u9fff" for ch in bad.json()["detail"])
    unknown_town = get(client, key, "/indicators/", scope="town:没有这个镇")
    assert unknown_town.status_code == 400 and "detail" in unknown_town.json()
    assert get(client, key, "/nowhere/").json()["detail"].startswith("没有这个接口")
    assert "应以 / 结尾" in get(client, key, "/enterprises").json()["detail"]
    listed = get(client, key, "/enterprises/").json()["items"]
    assert listed and all(e["contact_phone"] is None for e in listed)  # a leader sees no contacts


def test_an_unexpected_failure_is_a_chinese_500_without_a_traceback(client, county, monkeypatch):
    from kegong.api import routers

    def broken(*_a, **_k):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(routers, "indicators_table", broken)
    r = get(client, key_of(staff()), "/indicators/")
    assert r.status_code == 500 and "服务器内部错误" in r.json()["detail"]
    assert "secret internals" not in r.content.decode() and "Traceback" not in r.content.decode()


def test_the_openapi_document_names_every_operation(client, db):
    doc = client.get(BASE + "/openapi.json").json()
    assert {"/api/v1/indicators/", "/api/v1/rankings/", "/api/v1/enterprises/", "/api/v1/enterprises/{uscc}/",
            "/api/v1/ledgers/", "/api/v1/ledgers/{slug}/"} <= set(doc["paths"])
    assert client.get(BASE + "/docs").status_code == 200


def test_the_admin_makes_a_token_and_shows_its_key_once(rf, db):
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    from kegong.api.admin import ApiTokenAdmin
    from kegong.api.models import ApiToken

    user = staff()
    request = rf.post("/admin/api/apitoken/add/")
    request.session, request.user = {}, user
    request._messages = FallbackStorage(request)
    ApiTokenAdmin(ApiToken, admin.site).save_model(request, ApiToken(user=user, name="市平台"), None, False)
    token = ApiToken.objects.get()
    shown = [str(m) for m in request._messages]
    key = shown[0].rsplit("：", 1)[1]
    assert "只显示这一次" in shown[0] and hashlib.sha256(key.encode()).hexdigest() == token.key_hash
