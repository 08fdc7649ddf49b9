"""A changed account (role, scopes, enterprise) or user is forgotten by the access cache at once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from kegong.accounts.models import Account
from kegong.accounts.selectors import forget_access


@receiver([post_save, post_delete], sender=Account)
def _account_changed(sender, instance, **kwargs):
    forget_access(instance.user_id)


@receiver(m2m_changed, sender=Account.read_units.through)
@receiver(m2m_changed, sender=Account.entry_units.through)
def _scope_changed(sender, instance, **kwargs):
    forget_access(getattr(instance, "user_id", None))


@receiver([post_save, post_delete], sender=get_user_model())
def _user_changed(sender, instance, **kwargs):
    forget_access(instance.pk)
