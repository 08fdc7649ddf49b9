"""The server-side check in front of every page: a view declares the permission it needs
(``@requires("data.import")``) and the user's role must hold it (:mod:`kegong.core.access`); what the view
then shows is limited by ``request.access`` (the user's scope). The declared permission is kept on the
view, so the access-matrix test can walk every URL."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render

from kegong.accounts.selectors import access_of
from kegong.core import access


def to_login(request) -> HttpResponse:
    """The login page, then back. A request htmx makes for part of a page (a progress box polling after the
    session ran out) is told to load the login page in the window (``HX-Redirect``), with the page it was
    part of to come back to — not given the login form to swap into the box."""
    if request.headers.get("HX-Request") != "true":
        return redirect_to_login(request.get_full_path())
    page = urlsplit(request.headers.get("HX-Current-URL", ""))
    back = (page.path or "/") + (f"?{page.query}" if page.query else "")
    response = HttpResponse(status=200)
    response["HX-Redirect"] = redirect_to_login(back).url
    return response


def requires(code: str):
    """Log in first; then the user's role must hold ``code``, else the Chinese 403 page."""
    assert code in access.BY_CODE, code

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return to_login(request)
            request.access = access_of(request.user)
            if not request.access.can(code):
                return forbidden(request, access.BY_CODE[code].name)
            return view(request, *args, **kwargs)

        wrapper.kegong_permission = code
        return wrapper

    return decorate


def forbidden(request, what: str = ""):
    return render(request, "web/403.html", {"what": what}, status=403)


def context(request) -> dict:
    """Templates see the user's rights as ``access`` and the menu (kegong.web.menu) as ``menu``."""
    from kegong.web.menu import menu_for

    acc = access_of(getattr(request, "user", None))
    match = getattr(request, "resolver_match", None)
    return {"access": acc, "menu": menu_for(acc.perms, (match.url_name or "") if match else "")}


def csrf_failure(request, reason: str = ""):
    """Django's CSRF refusal, in Chinese: most often a form left open past the session or the page reloaded."""
    return render(request, "web/403.html", {"what": "", "csrf": True}, status=403)
