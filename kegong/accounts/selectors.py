"""Reading who a user is: role, permissions, and the scope of what they may read and enter."""

from __future__ import annotations

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


def access_of(user) -> Access:
    """The user's Access (remembered on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    cached = getattr(user, "_kegong_access", None)
    if cached is not None:
        return cached
    got = _load(user)
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
