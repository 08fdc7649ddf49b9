"""审计日志 (/audit-log/): who did what, when, from where — for the bureau's staff and administrators; and
the page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from kegong.auditlog.selectors import ACTIONS, events, usernames
from kegong.web.access import requires

PER_PAGE = 50
# the page's permission (局管理员 and 局业务人员), declared in kegong.core.access
PERMISSION = "audit_log.view"


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


@require_GET
@requires(PERMISSION)
def audit_log(request):
    q = request.GET
    chosen = {"user": q.get("user", "").strip(), "action": q.get("action", "").strip(),
              "since": _day(q.get("since", "")), "until": _day(q.get("until", ""))}
    if chosen["action"] not in dict(ACTIONS):
        chosen["action"] = ""
    page = Paginator(events(**chosen), PER_PAGE).get_page(q.get("page"))
    kept = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in chosen.items() if v}
    return render(request, "web/audit_log.html", {
        "page": page, "chosen": kept, "actions": ACTIONS, "usernames": usernames(),
        "query": urlencode(kept), "bad_dates": any(q.get(k) and chosen[k] is None for k in ("since", "until")),
    })


def lockout(request, response=None, credentials=None):
    """The Chinese page of a login refused by the lockout (HTTP 429), never a traceback."""
    from axes.helpers import get_client_username

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "web/lockout.html", {
        "username": get_client_username(request, credentials) or "", "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE)
