"""Edits outside an import (the admin, a shell) still reach the panel store: a saved or deleted figure,
enterprise, org unit or scale status records a change in the same transaction."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from kegong.enterprises.models import Enterprise, OrgUnit, ScaleStatus
from kegong.figures.models import MonthlyFigure
from kegong.figures.store import record_change


def _figure_changed(sender, instance: MonthlyFigure, **kwargs) -> None:
    record_change([(instance.year, instance.month)])


def _register_changed(sender, instance, **kwargs) -> None:
    record_change()


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_figure_changed, sender=MonthlyFigure, dispatch_uid=f"panel-figure-{signal}")
        for model in (Enterprise, OrgUnit, ScaleStatus):
            signal.connect(_register_changed, sender=model, dispatch_uid=f"panel-{model.__name__}-{signal}")
