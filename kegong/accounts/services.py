"""Writing users, roles and scopes (keyword-only ``<entity>_<action>`` functions)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import ValidationError, validate_password
from django.db import transaction

from kegong.accounts.models import Account
from kegong.core import access
from kegong.core.errors import InputError
from kegong.enterprises.models import Enterprise, OrgUnit


class AccountError(InputError):
    """A user that cannot be created or changed as asked; the message is Chinese."""


@transaction.atomic
def user_create(*, username: str, password: str, role: str, name: str = "", units: Iterable[str] = (),
                enterprise_uscc: str = "", check_password: bool = True):
    """A login with its role: ``units`` (town or park names) for a town user, ``enterprise_uscc`` for an
    enterprise reporter."""
    User = get_user_model()
    if role not in access.ROLE_NAMES:
        raise AccountError(f"未知的角色“{role}”，应为 " + "、".join(f"{k}（{v}）" for k, v in access.ROLES))
    if User.objects.filter(username=username).exists():
        raise AccountError(f"用户“{username}”已存在")
    if check_password:
        try:
            validate_password(password)
        except ValidationError as e:
            raise AccountError("密码不符合要求：" + "；".join(e.messages)) from None
    user = User.objects.create_user(username=username, password=password, first_name=name,
                                    is_staff=role in (access.ADMIN, access.STAFF), is_superuser=role == access.ADMIN)
    account_set(user=user, role=role, units=units, enterprise_uscc=enterprise_uscc)
    return user


@transaction.atomic
def account_set(*, user, role: str, units: Iterable[str] = (), enterprise_uscc: str = "") -> Account:
    names = [u.strip() for u in units if u.strip()]
    found = list(OrgUnit.objects.filter(name__in=names, kind__in=(OrgUnit.Kind.TOWN, OrgUnit.Kind.PARK)))
    missing = sorted(set(names) - {u.name for u in found})
    if missing:
        raise AccountError("企业库中没有乡镇/园区：" + "、".join(missing))
    if role == access.TOWN and not found:
        raise AccountError("乡镇/园区人员须指定所属乡镇（街道）或园区")
    enterprise = None
    if role == access.ENTERPRISE:
        enterprise = Enterprise.objects.filter(uscc=enterprise_uscc.strip().upper()).first()
        if enterprise is None:
            raise AccountError(f"企业填报员须指定所属企业：统一社会信用代码“{enterprise_uscc}”不在企业库中")
    account, _ = Account.objects.update_or_create(user=user, defaults={"role": role, "enterprise": enterprise})
    account.read_units.set(found if role == access.TOWN else [])
    account.entry_units.set([])
    return account
