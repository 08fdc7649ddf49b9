"""A database that goes away mid-request: a Chinese page (HTTP 503, no traceback) instead of the 500 page.

``DatabaseUnavailableMiddleware`` turns an ``OperationalError`` or ``InterfaceError`` raised by a view (the
database server restarted, the network dropped, the SQLite file locked too long) into the page
“数据库暂时无法连接，请稍后重试”; ``server_error`` (the ``handler500``) does the same for one raised outside a view
(a middleware saving the session) and renders the ordinary 500 page otherwise. The page is plain HTML built
here — no template context processor, nothing that would ask the database again.

The next request works once the database is back: Django closes a connection that saw an error when the
request finishes (``close_if_unusable_or_obsolete``) and opens a new one for the next request; the middleware
also closes, right away, any connection outside a transaction that is no longer usable.
"""

from __future__ import annotations

import logging
import sys

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger("kegong.web")

MESSAGE = "数据库暂时无法连接，请稍后重试"
RETRY_AFTER_SECONDS = 30
DB_ERRORS = (OperationalError, InterfaceError)
PAGE = """<!doctype html>
<html lang="zh-Hans">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据库暂时无法连接 · 科工 kegong</title>
<link rel="stylesheet" href="/static/kegong/kegong.css"></head>
<body>
<header class="top"><div class="brand">科工 <small>县科工局工业经济监测平台</small></div></header>
<main><section class="card notice">
  <h1>{message}</h1>
  <p>数据库服务器暂时没有响应，这次操作没有完成；已保存的数据不受影响。请稍等片刻后刷新页面重试，
  如长时间无法恢复，请联系系统管理员。</p>
  <p><a href="/">返回首页</a></p>
</section></main>
</body>
</html>
"""


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """The 503 page (``Retry-After`` set, never cached); for the read API (``/api/``) its ``{"detail": …}``."""
    if request is not None and request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(PAGE.format(message=MESSAGE), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _drop_broken_connections() -> None:
    """Close every connection outside a transaction that can no longer be used (the next query reconnects)."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None and not conn.in_atomic_block:
            try:
                if not conn.is_usable():
                    conn.close()
            except DB_ERRORS:
                pass


def _log(request: HttpRequest, error: BaseException) -> None:
    logger.warning("数据库不可用：%s %s → %s: %s", request.method, request.path, type(error).__name__, error)


class DatabaseUnavailableMiddleware:
    """Listed last in ``MIDDLEWARE``, so that its ``process_exception`` is asked first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DB_ERRORS):
            return None
        _log(request, exception)
        _drop_broken_connections()
        _no_more_queries(request)
        return unavailable_response(request)


def _no_more_queries(request: HttpRequest) -> None:
    """Keep the middlewares on the way out from asking the database again for this request: the user (looked
    up lazily, and it failed) is anonymous from here on, and the session is not saved (saving on every request
    keeps the idle timeout; a failed request does not prolong it)."""
    request.user = AnonymousUser()
    session = getattr(request, "session", None)
    if session is not None:
        session.save = lambda *args, **kwargs: None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: the 503 page for a database error raised outside a view, else Django's 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DB_ERRORS):
        _log(request, error)
        return unavailable_response(request)
    return default_server_error(request, template_name)
