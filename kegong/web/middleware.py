"""Signed-in pages are not kept: ``Cache-Control: no-store`` on every response to a signed-in user (the
pages, the htmx cards, the JSON of progress boxes and the downloads all carry the bureau's figures), so a
shared computer's browser cache or a proxy holds none of them after logout. Static files are served before
this (whitenoise) and keep their caching. Each download of a signed-in user is a row of the audit log."""

from __future__ import annotations

import re
from urllib.parse import unquote

from django.utils.cache import patch_cache_control

from kegong.admin_log import record

_UTF8_NAME = re.compile(r"filename\*=UTF-8''([^;]+)", re.IGNORECASE)
_NAME = re.compile(r'filename="([^"]*)"', re.IGNORECASE)


def attachment_name(disposition: str) -> str | None:
    """The file name of an ``attachment`` Content-Disposition (the UTF-8 one when given), else None."""
    if not disposition.lower().startswith("attachment"):
        return None
    m = _UTF8_NAME.search(disposition)
    if m:
        return unquote(m.group(1))
    m = _NAME.search(disposition)
    return m.group(1) if m else ""


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        patch_cache_control(response, no_store=True, private=True)
        name = attachment_name(response.get("Content-Disposition", ""))
        if name is not None and response.status_code == 200:
            record("export", request=request, what=f"下载“{name}”（{request.get_full_path()}）")
        return response
