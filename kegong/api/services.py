"""Writing API tokens (keyword-only ``<entity>_<action>`` functions). A key is made here, returned once and
never kept: the database holds its SHA-256 (:func:`key_hash`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.utils import timezone

from kegong.core.errors import InputError

KEY_PREFIX = "kg_"
TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most once a minute per token


class TokenError(InputError):
    """A token that cannot be made or revoked as asked; the message is Chinese."""


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_create(*, username: str, name: str):
    """A new token of user ``username``: (the ApiToken, the key — shown once, not stored)."""
    from kegong.api.models import ApiToken

    name = name.strip()
    if not name:
        raise TokenError("请给令牌起一个名称（用途），如“市平台”")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"用户“{username}”不存在（先用 kegong createuser 创建）")
    if not user.is_active:
        raise TokenError(f"用户“{username}”已停用，不能为其创建令牌")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=key_hash(key), prefix=key[:10])
    return token, key


def token_revoke(*, token_id: int):
    """Revoke token ``token_id`` (it answers 401 from now on); revoking twice is harmless."""
    from kegong.api.models import ApiToken

    token = ApiToken.objects.filter(pk=token_id).select_related("user").first()
    if token is None:
        raise TokenError(f"没有编号为 {token_id} 的令牌（kegong token list 列出全部令牌）")
    if not token.revoked:
        token.revoked = True
        token.save(update_fields=["revoked"])
    return token


def token_touch(token) -> None:
    """Note that ``token`` was used now (at most once a minute: one write, not one per request)."""
    from kegong.api.models import ApiToken

    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
