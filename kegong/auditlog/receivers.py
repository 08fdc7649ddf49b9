"""Logins, failed logins, lockouts (django-axes) and logouts, each written to the audit log."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kegong.admin_log import record


@receiver(user_logged_in, dispatch_uid="kegong.auditlog.login")
def _logged_in(sender, request, user, **kwargs) -> None:
    record("login", user=user, request=request, what="登录成功")


@receiver(user_login_failed, dispatch_uid="kegong.auditlog.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is None:  # a check in code (the test client, a command), not a login through a page
        return
    record("login_failed", request=request, username=str(credentials.get("username") or ""),
           what="用户名或密码错误，或账户已锁定")


@receiver(user_locked_out, dispatch_uid="kegong.auditlog.locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs) -> None:
    record("locked_out", request=request, username=str(username or ""), what="连续登录失败次数过多，已锁定")


@receiver(user_logged_out, dispatch_uid="kegong.auditlog.logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record("logout", user=user, request=request, what="退出登录")
