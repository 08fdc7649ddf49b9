"""Every table's row count and sha256, read through Django's connection cursor in primary-key order.

The columns' kinds come from the models' fields (a foreign key takes its target's), so SQLite and PostgreSQL
give the same checksum for the same rows (see :mod:`kegong.backup.manifest`). A table no model describes is
read with the values' own types.
"""

from __future__ import annotations

from collections.abc import Callable

from kegong.backup.manifest import Column, table_checksum

CHUNK = 2000
_KINDS = {
    "BooleanField": "bool", "NullBooleanField": "bool",
    "AutoField": "int", "BigAutoField": "int", "SmallAutoField": "int", "IntegerField": "int",
    "BigIntegerField": "int", "SmallIntegerField": "int", "PositiveIntegerField": "int",
    "PositiveSmallIntegerField": "int", "PositiveBigIntegerField": "int",
    "FloatField": "float", "DecimalField": "decimal", "DateField": "date", "DateTimeField": "datetime",
    "TimeField": "time", "JSONField": "json", "BinaryField": "bytes", "UUIDField": "uuid",
    "CharField": "text", "TextField": "text", "SlugField": "text", "EmailField": "text", "URLField": "text",
    "FileField": "text", "FilePathField": "text", "ImageField": "text", "GenericIPAddressField": "text",
    "IPAddressField": "text",
}


def _models_by_table() -> dict:
    from django.apps import apps
    from django.db.migrations.recorder import MigrationRecorder

    out = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    out[MigrationRecorder.Migration._meta.db_table] = MigrationRecorder.Migration
    return out


def _column(name: str, field) -> Column:
    while field is not None and field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field
    if field is None:
        return Column(name)
    kind = _KINDS.get(field.get_internal_type(), "any")
    return Column(name, kind, field.decimal_places if kind == "decimal" else None)


def _columns(connection, cursor, table: str, model) -> list[Column]:
    fields = {f.column: f for f in model._meta.concrete_fields} if model is not None else {}
    desc = connection.introspection.get_table_description(cursor, table)
    return [_column(d.name, fields.get(d.name)) for d in desc]


def _rows(cursor, sql: str, progress: Callable[[int], None] | None):
    cursor.execute(sql)
    while True:
        chunk = cursor.fetchmany(CHUNK)
        if not chunk:
            return
        yield from chunk
        if progress:
            progress(len(chunk))


def table_checksums(alias: str = "default", progress: Callable[[int], None] | None = None) -> dict[str, dict]:
    """``{table: {"rows": n, "sha256": hex}}`` for every table of the database ``alias``; ``progress`` gets
    the rows read (see :func:`row_total`)."""
    from django.db import connections

    connection = connections[alias]
    models = _models_by_table()
    qn = connection.ops.quote_name
    out: dict[str, dict] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            cols = _columns(connection, cursor, table, models.get(table))
            keys = connection.introspection.get_primary_key_columns(cursor, table) or [c.name for c in cols]
            sql = (f"SELECT {', '.join(qn(c.name) for c in cols)} FROM {qn(table)} "
                   f"ORDER BY {', '.join(qn(k) for k in keys)}")
            out[table] = table_checksum(_rows(cursor, sql, progress), cols)
    return out


def row_total(alias: str = "default") -> int:
    """How many rows the database's tables hold (the length of the checksums' progress bar)."""
    from django.db import connections

    connection = connections[alias]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        total = 0
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
            total += cursor.fetchone()[0]
    return total


def applied_migrations(alias: str = "default") -> list[list[str]]:
    from django.db import connections

    connection = connections[alias]
    with connection.cursor() as cursor:
        if "django_migrations" not in connection.introspection.table_names(cursor):
            return []
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [[a, n] for a, n in cursor.fetchall()]
