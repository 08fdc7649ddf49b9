"""Reading who a user is: role, permissions, and the scope of what they may read and enter."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.db.models import Q

from kegong.core import access
from kegong.core.access import ADMIN, LEADER, SCOPE_ALL, SCOPE_ENTERPRISE, STAFF


@dataclass(frozen=True)
class Access:
    """A user's rights, read once per request."""

    role: str
    read: str  # all | units | enterprise | none
    read_units: frozenset[int] = frozenset()
    entry: str = "none"
    entry_units: frozenset[int] = frozenset()
    enterprise_id: int | None = None

    def can(self, code: str) -> bool:
        return access.allows(self.role, code)

    @property
    def perms(self) -> frozenset[str]:
        """The codes of the permissions the role holds (templates: ``{% if "data.import" in access.perms %}``)."""
        return frozenset(p.code for p in access.PERMISSIONS if self.role in p.roles)

    @property
    def role_name(self) -> str:
        return access.role_name(self.role)

    @property
    def reads_all(self) -> bool:
        return self.read == SCOPE_ALL

    def enterprise_q(self, prefix: str = "") -> Q:
        """A filter on enterprises (or, with ``prefix`` like ``"enterprise__"``, on rows that name one) that
        keeps what the user may read."""
        return self._q(self.read, self.read_units, prefix)

    def entry_q(self, prefix: str = "") -> Q:
        return self._q(self.entry, self.entry_units, prefix)

    def _q(self, kind: str, units: frozenset[int], prefix: str) -> Q:
        if kind == SCOPE_ALL:
            return Q()
        if kind == SCOPE_ENTERPRISE and self.enterprise_id:
            return Q(**{f"{prefix}pk" if prefix else "pk": self.enterprise_id})
        if kind == access.SCOPE_UNITS and units:
            return Q(**{f"{prefix}town_id__in": units}) | Q(**{f"{prefix}park_id__in": units})
        return Q(pk__in=[])

    def may_read(self, enterprise) -> bool:
        return self._allows(self.read, self.read_units, enterprise)

    def may_enter(self, enterprise) -> bool:
        return self._allows(self.entry, self.entry_units, enterprise)

    def _allows(self, kind: str, units: frozenset[int], e) -> bool:
        if kind == SCOPE_ALL:
            return True
        if kind == SCOPE_ENTERPRISE:
            return self.enterprise_id is not None and e.pk == self.enterprise_id
        if kind == access.SCOPE_UNITS:
            return e.town_id in units or (e.park_id is not None and e.park_id in units)
        return False


NOBODY = Access(role=LEADER, read="none")


# Each page needs the user's Access; reading it is three queries. It is remembered per user for a few
# seconds in this process, and forgotten at once when an account changes here (the admin, the CLI's
# createuser in this process); a change made by another process applies within REMEMBER_S.
REMEMBER_S = 15.0
_remembered: dict[int, tuple[float, bool, bool, Access]] = {}
_lock = threading.Lock()


def forget_access(user_id: int | None = None) -> None:
    with _lock:
        if user_id is None:
            _remembered.clear()
        else:
            _remembered.pop(user_id, None)


def access_of(user) -> Access:
    """The user's Access (remembered on the user object for the request, and briefly in the process)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, "_kegong_access", None)
    if cached is not None:
        return cached
    now = time.monotonic()
    hit = _remembered.get(user.pk)
    if hit is not None and now - hit[0] < REMEMBER_S and hit[1:3] == (user.is_superuser, user.is_staff):
        got = hit[3]
    else:
        got = _load(user)
        with _lock:
            if len(_remembered) > 10_000:
                _remembered.clear()
            _remembered[user.pk] = (now, user.is_superuser, user.is_staff, got)
    user._kegong_access = got
    return got


def _load(user) -> Access:
    from kegong.accounts.models import Account

    account = Account.objects.filter(user=user).first()
    if account is None:  # a login made before roles existed, or by createsuperuser
        role = ADMIN if user.is_superuser else (STAFF if user.is_staff else LEADER)
        return Access(role=role, read=SCOPE_ALL, entry=access.ENTRY_SCOPE.get(role, "none"))
    role = ADMIN if user.is_superuser else account.role
    read = access.READ_SCOPE.get(role, "none")
    entry = access.ENTRY_SCOPE.get(role, "none")
    read_units = frozenset(account.read_units.values_list("pk", flat=True))
    entry_units = frozenset(account.entry_units.values_list("pk", flat=True))
    return Access(role=role, read=read, read_units=read_units, entry=entry, entry_units=entry_units,
                  enterprise_id=account.enterprise_id)
