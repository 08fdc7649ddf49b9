"""A database that goes away mid-request gives the Chinese page “数据库暂时无法连接，请稍后重试” (HTTP 503, no
traceback), and the next request after the database is back works (``kegong.web.db_errors``).

The middleware is added here as ``settings.MIDDLEWARE`` will list it; ``handler500`` is set through a URLconf
of this module that is kegong's own plus the handler."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.backends import utils as db_utils
from django.test import Client, RequestFactory

from kegong.web import db_errors
from kegong.web.db_errors import MESSAGE, server_error
from tests.desk_data import A, load_county, staff, text_of

MIDDLEWARE = "kegong.web.db_errors.DatabaseUnavailableMiddleware"
ENTRY = "/data/entry/"

urlpatterns = __import__("kegong.urls", fromlist=["urlpatterns"]).urlpatterns
handler500 = "kegong.web.db_errors.server_error"


@pytest.fixture
def with_middleware(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    return settings


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)


def failing_cursor(monkeypatch, error: Exception) -> None:
    """Every query from now on fails as when the server closed the connection."""
    def execute(self, *args, **kwargs):
        raise error
    monkeypatch.setattr(db_utils.CursorWrapper, "_execute", execute)
    monkeypatch.setattr(db_utils.CursorWrapper, "_executemany", execute)


def assert_unavailable_page(response) -> None:
    assert response.status_code == 503
    body = response.content.decode()
    assert MESSAGE in text_of(body)
    assert "Traceback" not in body and "OperationalError" not in body and "InterfaceError" not in body
    assert response["Retry-After"].isdigit()


@pytest.mark.parametrize("error", [OperationalError("server closed the connection unexpectedly"),
                                   InterfaceError("connection already closed")])
def test_a_query_failing_mid_request_gives_the_503_page_and_the_next_request_works(
        client, county, with_middleware, monkeypatch, error):
    client.force_login(staff())
    page = {"enterprise": A, "period": "2026-06"}
    assert client.get(ENTRY, page).status_code == 200
    failing_cursor(monkeypatch, error)
    assert_unavailable_page(client.get(ENTRY, page))
    monkeypatch.undo()  # the database is back
    r = client.get(ENTRY, page)
    assert r.status_code == 200 and 'name="gross_output__value" value="120"' in r.content.decode()


def test_other_errors_are_not_taken_for_a_database_outage(client, county, with_middleware, monkeypatch):
    client.force_login(staff())
    failing_cursor(monkeypatch, ValueError("not a database error"))
    try:
        with pytest.raises(ValueError):  # the test client re-raises what reached Django's 500 handling
            client.get(ENTRY, {"enterprise": A, "period": "2026-06"})
    finally:
        monkeypatch.undo()


def _unreachable(settings_dict: dict, tmp_path) -> dict:
    """The settings of a database that is not there: a folder that does not exist, a port nobody listens on."""
    if connection.vendor == "sqlite":
        return {"NAME": str(tmp_path / "gone" / "kegong.sqlite3")}
    return {"HOST": "127.0.0.1", "PORT": "1"}


@pytest.mark.django_db(transaction=True)
def test_a_database_that_is_gone_and_comes_back(with_middleware, tmp_path):
    load_county(tmp_path)
    user = staff()
    client = Client()
    client.force_login(user)
    page = {"enterprise": A, "period": "2026-06"}
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(_unreachable(saved, tmp_path))
    try:
        assert_unavailable_page(client.get(ENTRY, page))
        assert_unavailable_page(client.get(ENTRY, page))  # still gone: still the page, not a 500
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    r = client.get(ENTRY, page)  # reconnected
    assert r.status_code == 200 and 'name="gross_output__value" value="120"' in r.content.decode()


def test_handler500_gives_the_503_page_for_a_database_error_outside_a_view(client, county, settings, monkeypatch):
    """Without the middleware (or for an error in another middleware) the 500 handler still tells the outage."""
    settings.ROOT_URLCONF = __name__
    client.force_login(staff())
    failing_cursor(monkeypatch, OperationalError("could not connect to server"))
    quiet = Client(raise_request_exception=False)
    quiet.cookies = client.cookies
    try:
        assert_unavailable_page(quiet.get(ENTRY, {"enterprise": A, "period": "2026-06"}))
    finally:
        monkeypatch.undo()


def test_server_error_is_the_ordinary_500_page_for_anything_else(db):
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        assert_unavailable_page(server_error(request))
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        r = server_error(request)
    assert r.status_code == 500 and "系统出错" in r.content.decode()
    assert db_errors.MESSAGE not in r.content.decode()


def test_the_read_api_gets_the_message_as_json(db):
    import json

    request = RequestFactory().get("/api/v1/enterprises")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        r = server_error(request)
    assert r.status_code == 503 and json.loads(r.content) == {"detail": MESSAGE}
