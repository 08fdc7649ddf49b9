"""One login per role for the demo county, password ``kegong-demo`` (README lists them)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from kegong.accounts.services import user_create
from kegong.core import access
from kegong.enterprises.models import Enterprise, OrgUnit

PASSWORD = "kegong-demo"


def demo_users() -> list[str]:
    """Create the demo's users (those that exist are left as they are); one line per user for the CLI."""
    towns = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).order_by("name").values_list("name", flat=True))
    if not towns:
        return []
    first = towns[0]
    firm = (Enterprise.objects.exclude(town__name=first).order_by("uscc").values_list("uscc", "name").first())
    wanted = [("admin", access.ADMIN, "管理员", {}), ("staff", access.STAFF, "业务员", {}),
              ("town", access.TOWN, f"{first}专干", {"units": [first]}),
              ("leader", access.LEADER, "分管领导", {})]
    if firm:
        wanted.insert(3, ("enterprise", access.ENTERPRISE, "企业统计员", {"enterprise_uscc": firm[0]}))
    User = get_user_model()
    lines = []
    for username, role, name, scope in wanted:
        if not User.objects.filter(username=username).exists():
            user_create(username=username, password=PASSWORD, role=role, name=name, check_password=False, **scope)
        where = {"town": f"，{first}", "enterprise": f"，{firm[1] if firm else ''}"}.get(username, "")
        lines.append(f"  {username:<10} {access.role_name(role)}{where}")
    return lines
