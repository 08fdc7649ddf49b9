"""Fast bulk writes for the import path: plain parameterised INSERT/UPDATE statements run with
``executemany`` (SQLite and PostgreSQL alike), instead of building a model instance per row."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

CHUNK = 5000


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    qn = connection.ops.quote_name
    return [qn(model._meta.get_field(f).column) for f in fields]


def prep(model: type[models.Model], field: str, value):
    """A value as the database driver takes it (dates, JSON); plain numbers and text pass as they are."""
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Insert rows of values for ``fields``; any other column gets its field's default (or now, for an
    auto_now(_add) date), so a column added to the model later does not break this path."""
    if not rows:
        return
    named = {model._meta.get_field(f).attname for f in fields}
    extra = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in named]
    if extra:
        from django.utils import timezone

        tail = tuple(prep(model, f.name, timezone.now() if getattr(f, "auto_now_add", False)
                          or getattr(f, "auto_now", False) else f.get_default()) for f in extra)
        fields = [*fields, *(f.name for f in extra)]
        rows = [(*r, *tail) for r in rows]
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(_columns(model, fields))}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cur:
        for i in range(0, len(rows), CHUNK):
            cur.executemany(sql, list(rows[i:i + CHUNK]))


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple]) -> None:
    """Each row is (*values of ``fields``, pk)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    sets = ", ".join(f"{c} = %s" for c in _columns(model, fields))
    sql = f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {qn(model._meta.pk.column)} = %s"
    with connection.cursor() as cur:
        for i in range(0, len(rows), CHUNK):
            cur.executemany(sql, list(rows[i:i + CHUNK]))


def delete_ids(model: type[models.Model], ids: Sequence[int]) -> None:
    """Delete rows by primary key (for tables nothing else points at)."""
    if not ids:
        return
    qn = connection.ops.quote_name
    ids = list(ids)
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            cur.execute(f"DELETE FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} IN "
                        f"({', '.join(['%s'] * len(chunk))})", chunk)
