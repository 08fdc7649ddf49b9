"""Behind HTTPS (issue 15 item 1): the declared deployment settings (kegong.deploy_settings) read from the
environment, a login through a TLS proxy, the Content-Security-Policy, no-store on the pages with figures,
the session's idle timeout, ``kegong check --deploy`` and ``kegong settings``."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks
from django.test import Client, override_settings

from kegong import deploy_settings as ds
from kegong.core import access
from kegong.core.errors import KegongError
from tests.desk_data import PW, load_county, make_user

PROXY = {"KEGONG_ALLOWED_HOSTS": "proxy.example", "KEGONG_TRUSTED_ORIGINS": "https://proxy.example",
         "KEGONG_PROXY_SSL_HEADER": "1", "KEGONG_SECURE_COOKIES": "1", "KEGONG_SSL_REDIRECT": "1"}
DOCS = Path(__file__).resolve().parent.parent / "docs" / "security.md"


# --- the table and the environment ------------------------------------------------------------------------

def test_the_table_declares_each_setting_once_with_type_default_and_help():
    names = [s.name for s in ds.SETTINGS]
    assert len(names) == len(set(names)) and all(n.startswith("KEGONG_") for n in names)
    for s in ds.SETTINGS:
        assert s.type in {"bool", "int", "list", "str"} and s.help
        assert s.parse(None) == s.default  # not set: the default
    targets = set().union(*(s.apply(s.default) for s in ds.SETTINGS))
    assert {"CSRF_TRUSTED_ORIGINS", "SECURE_PROXY_SSL_HEADER", "USE_X_FORWARDED_HOST", "ALLOWED_HOSTS",
            "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_AGE",
            "SESSION_SAVE_EVERY_REQUEST", "DEBUG"} <= targets


def test_defaults_are_a_local_site_with_debug_off_and_a_30_minute_idle_session():
    d = ds.django_settings({})
    assert d["DEBUG"] is False and d["SECURE_PROXY_SSL_HEADER"] is None and d["CSRF_TRUSTED_ORIGINS"] == []
    assert d["SESSION_COOKIE_AGE"] == 30 * 60 and d["SESSION_SAVE_EVERY_REQUEST"] is True
    assert d["SESSION_COOKIE_SECURE"] is False and d["SECURE_HSTS_SECONDS"] == 0
    # the running site applied the table (the tests set none of the variables)
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.DEBUG is False


def test_the_environment_is_parsed_by_type():
    d = ds.django_settings({"KEGONG_PROXY_SSL_HEADER": "1", "KEGONG_TRUSTED_ORIGINS": " https://a.example , http://b:8080,",
                            "KEGONG_SESSION_IDLE_MINUTES": "45", "KEGONG_SECURE_COOKIES": "yes", "KEGONG_DEBUG": "0",
                            "KEGONG_ALLOWED_HOSTS": "a.example,b"})
    assert d["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert d["CSRF_TRUSTED_ORIGINS"] == ["https://a.example", "http://b:8080"]
    assert d["SESSION_COOKIE_AGE"] == 45 * 60
    assert d["SESSION_COOKIE_SECURE"] is True and d["CSRF_COOKIE_SECURE"] is True and d["DEBUG"] is False
    assert d["ALLOWED_HOSTS"] == ["a.example", "b"]


@pytest.mark.parametrize("env, fragment", [
    ({"KEGONG_DEBUG": "maybe"}, "KEGONG_DEBUG"),
    ({"KEGONG_HSTS_SECONDS": "a year"}, "不是整数"),
    ({"KEGONG_HSTS_SECONDS": "-1"}, "不能为负数"),
    ({"KEGONG_SESSION_IDLE_MINUTES": "0"}, "至少为 1"),
    ({"KEGONG_TRUSTED_ORIGINS": "proxy.example"}, "须带协议"),
])
def test_a_value_kegong_cannot_read_is_a_chinese_error_naming_the_variable(env, fragment):
    with pytest.raises(KegongError) as e:
        ds.django_settings(env)
    assert fragment in e.value.message


def test_rows_show_the_value_here_and_the_default():
    rows = {r[0]: r for r in ds.rows({"KEGONG_HSTS_SECONDS": "600"})}
    assert rows["KEGONG_HSTS_SECONDS"][1:3] == ("600", "0")
    assert rows["KEGONG_TRUSTED_ORIGINS"][1:3] == ("（空）", "（空）")
    assert rows["KEGONG_SESSION_IDLE_MINUTES"][1:3] == ("30", "30")


def test_the_docs_carry_the_generated_table():
    assert ds.markdown_table() in DOCS.read_text(encoding="utf-8")


def test_kegong_settings_lists_name_value_default_help(monkeypatch):
    from click.testing import CliRunner

    from kegong.cli import main

    monkeypatch.setenv("KEGONG_SESSION_IDLE_MINUTES", "20")
    r = CliRunner().invoke(main, ["settings", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    import json

    got = {row["name"]: row for row in json.loads(r.stdout)}
    assert set(got) == {s.name for s in ds.SETTINGS}
    assert (got["KEGONG_SESSION_IDLE_MINUTES"]["value"], got["KEGONG_SESSION_IDLE_MINUTES"]["default"]) == ("20", "30")
    assert got["KEGONG_PROXY_SSL_HEADER"]["help"] == ds.BY_NAME["KEGONG_PROXY_SSL_HEADER"].help


def test_the_deploy_check_is_clean_with_the_documented_production_environment(monkeypatch):
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # set for the browser tests in this process
    assert "\n".join(f"{k}={v}" for k, v in ds.PRODUCTION_EXAMPLE.items()) in DOCS.read_text(encoding="utf-8")
    with override_settings(**ds.django_settings(ds.PRODUCTION_EXAMPLE)):
        found = [f"{m.id} {m.msg}" for m in checks.run_checks(include_deployment_checks=True)
                 if m.level >= checks.WARNING]
    assert found == []
    with override_settings(**ds.django_settings({})):  # the local defaults are not fit to go on line
        ids = {m.id for m in checks.run_checks(include_deployment_checks=True)}
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= ids


# --- a login through the proxy ----------------------------------------------------------------------------

def _login_through_proxy(client: Client, host: str) -> object:
    headers = {"X-Forwarded-Proto": "https", "Origin": "https://proxy.example", "Referer": "https://proxy.example/login/"}
    page = client.get("/login/", HTTP_HOST=host, headers={"X-Forwarded-Proto": "https"})
    assert page.status_code == 200
    token = client.cookies["csrftoken"].value
    return client.post("/login/", {"username": "wang", "password": PW, "csrfmiddlewaretoken": token},
                       HTTP_HOST=host, headers=headers)


def test_a_login_through_the_https_proxy_succeeds_with_the_settings_applied(db):
    make_user(access.STAFF, "wang")
    with override_settings(**ds.django_settings(PROXY)):
        client = Client(enforce_csrf_checks=True)
        r = _login_through_proxy(client, "proxy.example")
        assert r.status_code == 302 and r.url == "/", r.content.decode()[:500]
        assert client.cookies["sessionid"]["secure"] and client.cookies["csrftoken"]["secure"]
        home = client.get("/enterprises/", HTTP_HOST="proxy.example", headers={"X-Forwarded-Proto": "https"})
        assert home.status_code == 200  # signed in
        # plain http to the site is sent to https
        assert client.get("/login/", HTTP_HOST="proxy.example").status_code == 301


def test_a_proxy_that_passes_its_own_host_needs_the_trusted_origin(db):
    """nginx with ``proxy_pass http://127.0.0.1:8000`` and no ``proxy_set_header Host``: the request's host is
    the upstream's, the browser's Origin is the public one — only CSRF_TRUSTED_ORIGINS lets the login in."""
    make_user(access.STAFF, "wang")
    env = {**PROXY, "KEGONG_ALLOWED_HOSTS": "127.0.0.1"}
    with override_settings(**ds.django_settings(env)):
        assert _login_through_proxy(Client(enforce_csrf_checks=True), "127.0.0.1").status_code == 302
    with override_settings(**ds.django_settings({**env, "KEGONG_TRUSTED_ORIGINS": ""})):
        refused = _login_through_proxy(Client(enforce_csrf_checks=True), "127.0.0.1")
        assert refused.status_code == 403  # today's failure: Origin checking failed


def test_without_the_settings_the_proxied_login_is_refused(db):
    make_user(access.STAFF, "wang")
    with override_settings(ALLOWED_HOSTS=["proxy.example"]):
        assert _login_through_proxy(Client(enforce_csrf_checks=True), "proxy.example").status_code == 403


# --- CSP, no-store, idle timeout --------------------------------------------------------------------------

def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.fixture
def signed_in(db, tmp_path, client):
    load_county(tmp_path)
    client.force_login(make_user(access.STAFF, "wang", "王主任"))
    return client


def test_every_page_carries_a_csp_without_inline_script(client, signed_in):
    for url in ("/login/", "/", "/enterprises/", "/data/batches/"):
        r = client.get(url)
        assert r.status_code == 200, url
        csp = _directives(r["Content-Security-Policy"])
        assert csp["script-src"] == ["'self'"] and "'unsafe-inline'" not in csp["script-src"]
        assert "'unsafe-inline'" not in csp["style-src"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]


TEMPLATES = Path(__file__).resolve().parent.parent / "kegong"


def test_no_template_has_an_inline_script_style_element_or_handler():
    bad = []
    found = [*TEMPLATES.glob("*/templates/**/*.html"), *TEMPLATES.glob("web/admin_templates/**/*.html")]
    assert len(found) > 40
    for t in found:
        text = t.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in m.group(0):
                bad.append(f"{t.name}: {m.group(0)}")
        if re.search(r"<style\b|\sstyle=|\son[a-z]+=", text):
            bad.append(f"{t.name}: style or handler")
    assert bad == []


def test_pages_with_figures_are_not_stored_but_static_files_keep_their_caching(client, signed_in):
    for url in ("/", "/enterprises/", "/data/batches/"):
        cc = client.get(url)["Cache-Control"]
        assert "no-store" in cc and "private" in cc, url
    xlsx = client.get("/data/downloads/enterprises.xlsx")
    assert xlsx.status_code == 200 and "no-store" in xlsx["Cache-Control"]
    static = client.get("/static/kegong/kegong.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")
    client.logout()
    assert "no-store" not in client.get("/static/kegong/kegong.js").get("Cache-Control", "")


def test_a_session_ends_after_its_idle_time_and_each_request_renews_it(db):
    make_user(access.STAFF, "wang")
    client = Client()
    with override_settings(SESSION_COOKIE_AGE=2):
        assert client.post("/login/", {"username": "wang", "password": PW}).status_code == 302
        for _ in range(2):  # busy for longer than the idle time: each request renews the session
            time.sleep(1.1)
            r = client.get("/enterprises/")
            assert r.status_code == 200 and r.cookies["sessionid"]["max-age"] == 2
        time.sleep(2.5)  # idle
        r = client.get("/enterprises/")
        assert r.status_code == 302 and r.url.startswith("/login/")


def test_kegong_check_deploy_names_what_is_missing_and_passes_in_production(db):
    from click.testing import CliRunner

    from kegong.cli import main

    with override_settings(**ds.django_settings({})):
        r = CliRunner().invoke(main, ["check", "--deploy"])
    assert r.exit_code == 2 and r.stderr.startswith("错误：上线检查未通过") and r.stderr.strip().count("\n") == 0
    assert "security.W012" in r.stderr and "docs/security.md" in r.stderr
    with override_settings(**ds.django_settings(ds.PRODUCTION_EXAMPLE)):
        ok = CliRunner().invoke(main, ["check", "--deploy"], catch_exceptions=False)
    assert ok.exit_code == 0 and "上线检查：通过" in ok.stdout, ok.output
    assert CliRunner().invoke(main, ["check"], catch_exceptions=False).exit_code == 0  # the local defaults pass
