"""What a token may read, as the pages decide it for its user: the permission table of
:mod:`kegong.core.access` and the user's scope (:class:`kegong.accounts.selectors.Access`).

- the indicator table: anyone who sees the dashboard, for any aggregate scope (the dashboard shows the
  county's, each section's and each town's figures to every reader); ``enterprise:<uscc>`` only for a firm
  the user reads. An enterprise reporter (no dashboard) reads its own enterprise's indicators only.
- the rankings: the dashboard's readers; ranked enterprises are only those the user reads (the dashboard's
  拉动/拖累 lists are limited the same way).
- the register and the ledgers: the user's readable enterprises (``Access.enterprise_q``), as their pages.
"""

from __future__ import annotations

from ninja.errors import HttpError

from kegong.core import access as perms
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise


class Forbidden(HttpError):
    def __init__(self, message: str) -> None:
        super().__init__(403, message)


def require(access, code: str) -> None:
    if not access.can(code):
        raise Forbidden(f"此令牌的用户（{access.role_name}）没有“{perms.BY_CODE[code].name}”的权限")


def readable_usccs(access, usccs) -> set[str]:
    return set(Enterprise.objects.filter(access.enterprise_q(), uscc__in=list(usccs))
               .values_list("uscc", flat=True))


def own_uscc(access) -> str | None:
    if access.enterprise_id is None:
        return None
    return Enterprise.objects.filter(pk=access.enterprise_id).values_list("uscc", flat=True).first()


def _check_firm_scope(access, scope: Scope) -> None:
    named = [scope.key] if scope.kind == "enterprise" else list(scope.members) if scope.kind == "enterprises" else []
    if named and not access.reads_all and readable_usccs(access, named) != set(named):
        raise Forbidden("此令牌只能查看本范围内的企业：所指定的企业不在范围内")


def indicator_scope(access, text: str | None) -> str | None:
    """The scope to compute the indicator table for (None: the county, its sections and towns)."""
    require(access, "figures.view")
    text = (text or "").strip() or None
    if not access.can("dashboard.view"):  # an enterprise reporter: its own figures only
        own = own_uscc(access)
        if own is None:
            raise Forbidden("此令牌的用户没有所属企业，不能查看指标")
        if text is None:
            return f"enterprise:{own}"
        s = Scope.parse(text)
        if s.kind != "enterprise" or s.key != own:
            raise Forbidden(f"企业填报员的令牌只能查看本企业的指标（scope=enterprise:{own}）")
        return str(s)
    if text is not None:
        _check_firm_scope(access, Scope.parse(text))
    return text


def ranking_scope(access, text: str) -> str:
    require(access, "dashboard.view")
    text = text.strip() or "all"
    if text != "all":
        _check_firm_scope(access, Scope.parse(text))
    return text


def ranked_parts(access, by: str, parts: list[dict]) -> list[dict]:
    """The ranking's rows the user may see: every group; of enterprises, the readable ones."""
    if by != "enterprise" or access.reads_all:
        return parts
    mine = readable_usccs(access, [p["key"] for p in parts])
    return [p for p in parts if p["key"] in mine]
