"""A ledger (台账) declared once: its model, the columns of its lists (kegong.readers.ledger), the natural
key an imported row is matched on, and how a row becomes the model's fields. The generic pages
(kegong.web.views_ledgers), the import and export (kegong.ledgers.services) and the enterprise page all
read this declaration; adding a ledger is declaring one and registering it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from kegong.readers.ledger import LedgerSpec

REGISTRY: dict[str, Ledger] = {}
# a record's year, in the order looked for: its 年度, else the day it is dated by
YEAR_FIELDS = ("year", "received", "issued", "granted", "date", "built")


@dataclass(frozen=True)
class Ledger:
    slug: str  # the URL part: /ledgers/<slug>/
    name: str  # 高新技术企业证书
    group: str  # 科技创新 | 企业服务 …, the menu heading
    model: type[models.Model]
    spec: LedgerSpec  # the list's columns, for import and export
    key: tuple[str, ...]  # the fields an imported row is matched on (e.g. the certificate number)
    # a read row's values → the model's field values (the enterprise already resolved into "enterprise")
    to_fields: Callable[[dict], dict] = field(default=lambda v: dict(v))
    # a model object → the export row's values by column key
    to_row: Callable[[models.Model], dict] | None = None
    list_columns: tuple[tuple[str, str], ...] = ()  # (attribute or method, 中文表头) shown in the list
    search: tuple[str, ...] = ("enterprise__name", "enterprise__uscc")
    order: tuple[str, ...] = ("-pk",)
    form_fields: tuple[str, ...] = ()
    # False: the records name no enterprise (示范区 projects, 新能源 farms): only users who read everything see them
    scoped_by_enterprise: bool = True
    # a ledger whose records belong to a town (5G plans and sites): the field naming it; a town user reads
    # their own towns' records, an enterprise user none, a user who reads everything all of them
    town_field: str = ""
    # the import, when not kegong.ledgers.services.ledger_import (same keywords, same ImportResult)
    importer: Callable | None = None
    # the field the list's 年度 filter reads (a year or a date); "" = the first of YEAR_FIELDS the model has
    year_field: str = ""

    def year_filter(self) -> tuple[str, str] | None:
        """(the lookup of a record's year, its label) for the list's 年度 filter; None for a ledger without one
        (墙材生产企业: a register, not records of a year)."""
        for name in (self.year_field,) if self.year_field else YEAR_FIELDS:
            try:
                f = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(f, models.DateField):
                return f"{name}__year", f"{f.verbose_name}（年份）"
            return name, str(f.verbose_name)
        return None

    def export_values(self, obj: models.Model) -> dict:
        if self.to_row is not None:
            return self.to_row(obj)
        out = {}
        for c in self.spec.columns:
            if c.key == "uscc":
                out[c.key] = obj.enterprise.uscc
            elif c.key == "enterprise_name":
                out[c.key] = obj.enterprise.name
            else:
                out[c.key] = getattr(obj, c.key, None)
        return out


def register(ledger: Ledger) -> Ledger:
    if ledger.slug in REGISTRY:
        raise ValueError(f"ledger {ledger.slug} registered twice")
    REGISTRY[ledger.slug] = ledger
    return ledger


def ledger(slug: str) -> Ledger | None:
    return REGISTRY.get(slug)


def ledgers() -> list[Ledger]:
    return list(REGISTRY.values())
