"""What the 科技创新 ledgers share in their declarations: the Chinese names of a model's choices as a
column's choices (a cell may hold the code, the name or one of the names the published lists write), a
read row as the model's fields, and a record as the export row — choices by their Chinese names, so that an
exported list reads back as it is and a person reads it too."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models

from kegong.readers.ledger import LedgerSpec


def choices(model_choices: Iterable[tuple[object, str]], *also: tuple[object, str]) -> tuple[tuple[str, str], ...]:
    """A column's (code, 中文名称) pairs: the model's, then other names the lists write for the same codes."""
    return tuple((str(code), str(name)) for code, name in (*model_choices, *also))


def fields(v: dict, names: Iterable[str], texts: Iterable[str] = (), defaults: dict | None = None) -> dict:
    """The model's field values of a read row: ``names`` as read, ``texts`` "" for an empty cell, and
    ``defaults`` for an empty cell of a new record (a column the list lacks leaves a stored record alone)."""
    out = {"enterprise": v["enterprise"], **{k: v.get(k) for k in names}}
    for k in texts:
        out[k] = v.get(k) or ""
    for k, d in (defaults or {}).items():
        if out.get(k) is None:
            out[k] = d
    return out


def export_row(spec: LedgerSpec, renamed: dict[str, str] | None = None) -> Callable[[models.Model], dict]:
    """A record as the export row of ``spec``: each column's field (``renamed``: column key → field name), a
    choice by its Chinese name."""
    renamed = renamed or {}

    def row(obj: models.Model) -> dict:
        out = {}
        for c in spec.columns:
            if c.key == "uscc":
                out[c.key] = obj.enterprise.uscc
            elif c.key == "enterprise_name":
                out[c.key] = obj.enterprise.name
            else:
                name = renamed.get(c.key, c.key)
                field = obj._meta.get_field(name)
                out[c.key] = getattr(obj, f"get_{name}_display")() if field.choices and getattr(obj, name) is not None \
                    else getattr(obj, name)
        return out

    return row
