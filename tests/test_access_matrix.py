"""Every URL × every role, generated from the URL list: a page that declares no permission fails here, and
each role gets 403 exactly where the permission table (kegong.core.access) says it must."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver

from kegong.accounts.services import user_create
from kegong.core import access
from kegong.enterprises.models import Enterprise, OrgUnit
from kegong.enterprises.services import county
from tests.ingest.builders import uscc

PW = "Kegong-2026-pw"
OPEN = {"login", "logout"}  # reachable without logging in
SAMPLES = {"job_id": "0" * 32, "batch_id": "1", "table": "enterprises", "uscc": uscc(1), "year": "2026",
           "month": "6", "period": "2026-06", "kind": "monthly", "pk": "1", "code": "gross_output", "slug": "high-tech",
           "doc_id": "1"}


def _patterns(resolver=None, prefix: str = ""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith(("admin/", "api/v1/")):
                continue  # Django's admin checks its own permissions (is_staff + model permissions); the read
                # API its tokens, each read as its user's scope (tests/test_api_v1.py)
            yield from _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield p, prefix + str(p.pattern)


def _url(route: str) -> str:
    out = route
    for key, value in SAMPLES.items():
        for conv in ("slug", "int", "str", "path", ""):
            out = out.replace(f"<{conv}:{key}>" if conv else f"<{key}>", value)
    assert "<" not in out, f"no sample value for {route}"
    return "/" + out


PAGES = [(p.name, _url(route), p.callback) for p, route in _patterns() if p.name not in OPEN]


def test_the_enterprise_pages_are_walked():
    assert {f"/enterprises/{uscc(1)}/", f"/enterprises/{uscc(1)}/tech/"} <= {url for _n, url, _v in PAGES}


def test_every_page_declares_its_permission():
    missing = [name for name, _url_, view in PAGES if getattr(view, "kegong_permission", None) not in access.BY_CODE]
    assert not missing, f"pages without @requires(...): {missing}"


@pytest.fixture
def people(db):
    town = OrgUnit.objects.create(name="城关镇", kind=OrgUnit.Kind.TOWN, parent=county())
    ent = Enterprise.objects.create(uscc=uscc(1), name="青溪县宏达建材有限公司", industry_code="3011", town=town)
    for role, _ in access.ROLES:
        scope = {"units": ["城关镇"]} if role == access.TOWN else (
            {"enterprise_uscc": ent.uscc} if role == access.ENTERPRISE else {})
        user_create(username=role, password=PW, role=role, check_password=False, **scope)
    return {role: User.objects.get(username=role) for role, _ in access.ROLES}


@pytest.mark.parametrize("role", [r for r, _ in access.ROLES])
def test_each_role_gets_403_exactly_where_the_table_says(client, people, role):
    client.force_login(people[role])
    wrong = []
    for name, url, view in PAGES:
        allowed = access.allows(role, view.kegong_permission)
        r = client.get(url)
        status = r.status_code
        # a page a role may not see answers 403 — or sends the user to the page that is theirs (an
        # enterprise reporter's home is their enterprise), never to the login again
        denied = status == 403 or (status == 302 and not r.url.startswith("/login/") and not allowed)
        if denied == allowed or status >= 500:
            wrong.append(f"{name} {url}: {status} (permission {view.kegong_permission}, allowed {allowed})")
    assert not wrong, "\n".join(wrong)


def test_anonymous_users_are_sent_to_the_login(client, db):
    for name, url, _view in PAGES:
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/login/"), name
