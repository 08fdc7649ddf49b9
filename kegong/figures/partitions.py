"""The monthly figures table partitioned by year on PostgreSQL (docs/scaling.md, "按年分区（PostgreSQL）").

``figures_monthlyfigure`` becomes a table ``PARTITION BY RANGE (year)`` with one partition per year
(``figures_monthlyfigure_y2024`` holds ``2024 <= year < 2025``) and a DEFAULT partition
(``figures_monthlyfigure_default``) for any year without its own. The model is unchanged: the columns,
the unique constraint, the indexes, the checks and the foreign keys keep the names Django gave them; only the
primary key becomes ``(id, year)`` (a partitioned table's unique keys must contain the partition key) and
``id`` takes its numbers from a sequence OWNED BY the column (PostgreSQL 15 has no identity columns on
partitioned tables), so ``pg_get_serial_sequence`` and Django's sequence reset still find it.

Everything here is a no-op on SQLite. The conversion reads the table's own definitions from the catalogue
(``pg_get_constraintdef`` / ``pg_get_indexdef``), so it copies whatever the migrations made.
"""

from __future__ import annotations

TABLE = "figures_monthlyfigure"
DEFAULT_PARTITION = f"{TABLE}_default"
FIRST_YEAR = 2000
LAST_YEAR = 2040


def _connection(connection=None):
    if connection is None:
        from django.db import connection as default

        return default
    return connection


def partition_name(year: int) -> str:
    """The partition holding ``year``: ``figures_monthlyfigure_y2024``."""
    return f"{TABLE}_y{int(year)}"


def is_partitioned(connection=None) -> bool:
    """Whether the figures table is a partitioned table (never on SQLite)."""
    connection = _connection(connection)
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
                    "WHERE c.relname = %s AND pg_table_is_visible(c.oid)", [TABLE])
        return cur.fetchone() is not None


def year_partitions(connection=None) -> dict[str, str]:
    """``{partition: bound}`` of the figures table, e.g. ``{"figures_monthlyfigure_y2024": "FOR VALUES FROM
    (2024) TO (2025)", "figures_monthlyfigure_default": "DEFAULT"}``; empty when it is not partitioned."""
    connection = _connection(connection)
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
                    "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                    "WHERE p.relname = %s AND pg_table_is_visible(p.oid) ORDER BY c.relname", [TABLE])
        return dict(cur.fetchall())


def ensure_year_partitions(first: int, last: int, connection=None) -> list[str]:
    """Create the missing partitions for the years ``first``..``last`` (and the DEFAULT partition); returns
    the names created. Rows of such a year already in the DEFAULT partition move into the new partition.
    Does nothing on SQLite or when the table is not partitioned. Run it inside a transaction."""
    connection = _connection(connection)
    if not is_partitioned(connection):
        return []
    existing = year_partitions(connection)
    created = []
    qn = connection.ops.quote_name
    with connection.cursor() as cur:
        if DEFAULT_PARTITION not in existing:
            cur.execute(f"CREATE TABLE {qn(DEFAULT_PARTITION)} PARTITION OF {qn(TABLE)} DEFAULT")
            created.append(DEFAULT_PARTITION)
        for year in range(int(first), int(last) + 1):
            name = partition_name(year)
            if name in existing:
                continue
            _create_year(cur, qn, year)
            created.append(name)
    return created


def _create_year(cur, qn, year: int) -> None:
    """One year's partition; the rows of that year the DEFAULT partition holds are moved into it (PostgreSQL
    refuses a new partition whose rows the DEFAULT partition already has)."""
    cur.execute(f"SELECT EXISTS (SELECT 1 FROM {qn(DEFAULT_PARTITION)} WHERE year = %s)", [year])
    moving = cur.fetchone()[0]
    if moving:
        cur.execute(f"CREATE TEMPORARY TABLE kegong_moving_year (LIKE {qn(TABLE)})")
        cur.execute(f"WITH gone AS (DELETE FROM {qn(DEFAULT_PARTITION)} WHERE year = %s RETURNING *) "
                    f"INSERT INTO kegong_moving_year SELECT * FROM gone", [year])
    cur.execute(f"CREATE TABLE {qn(partition_name(year))} PARTITION OF {qn(TABLE)} "
                f"FOR VALUES FROM ({int(year)}) TO ({int(year) + 1})")
    if moving:
        cur.execute(f"INSERT INTO {qn(TABLE)} SELECT * FROM kegong_moving_year")
        cur.execute("DROP TABLE kegong_moving_year")


def _definitions(cur, table: str) -> tuple[list[str], list[tuple[str, str, str]], list[str]]:
    """The table's columns (DDL, without the id's default), its constraints ``(name, type, definition)`` and
    the CREATE INDEX statements of the indexes no constraint owns — read from the catalogue."""
    cur.execute("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
                "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                [table])
    columns = []
    for name, kind, not_null, default in cur.fetchall():
        ddl = f'"{name}" {kind}' + (" NOT NULL" if not_null else "")
        if default is not None and name != "id" and "nextval(" not in default:
            ddl += f" DEFAULT {default}"
        columns.append(ddl)
    cur.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND coninhcount = 0 ORDER BY conname", [table])
    constraints = list(cur.fetchall())
    cur.execute("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid) "
                "ORDER BY c.relname", [table])
    indexes = [row[0].replace(" ON ONLY ", " ON ") for row in cur.fetchall()]
    return columns, constraints, indexes


def _rebuild(cur, connection, partitioned: bool) -> None:
    """Rebuild the figures table, partitioned by year or plain: the old table is renamed, the new one made
    with the same columns and checks, the rows copied, the old table dropped (freeing the names of its
    indexes and its sequence), then the keys, indexes and foreign keys added under their old names."""
    old = f"{TABLE}_unpartitioned" if partitioned else f"{TABLE}_partitioned"
    columns, constraints, indexes = _definitions(cur, TABLE)
    cur.execute(f'LOCK TABLE "{TABLE}" IN ACCESS EXCLUSIVE MODE')
    cur.execute(f'ALTER TABLE "{TABLE}" RENAME TO "{old}"')
    checks = [f'CONSTRAINT "{n}" {d}' for n, t, d in constraints if t == "c"]
    layout = " PARTITION BY RANGE (year)" if partitioned else ""
    cur.execute(f'CREATE TABLE "{TABLE}" ({", ".join(columns + checks)}){layout}')
    if partitioned:
        ensure_year_partitions(FIRST_YEAR, LAST_YEAR, connection)
    names = ", ".join(c.split(" ", 1)[0] for c in columns)
    cur.execute(f'INSERT INTO "{TABLE}" ({names}) SELECT {names} FROM "{old}"')
    cur.execute(f'DROP TABLE "{old}"')
    _sequence(cur, partitioned)
    for name, kind, definition in constraints:
        if kind == "p":
            definition = "PRIMARY KEY (id, year)" if partitioned else "PRIMARY KEY (id)"
        if kind in "pu":
            cur.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" {definition}')
    for statement in indexes:
        cur.execute(statement)
    for name, kind, definition in constraints:
        if kind == "f":
            cur.execute(f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" {definition}')


def _sequence(cur, partitioned: bool) -> None:
    """The id's numbers: a sequence OWNED BY the column (partitioned) or an identity (plain, as Django makes
    it), set past the highest id copied."""
    seq = f"{TABLE}_id_seq"
    if partitioned:
        cur.execute(f'CREATE SEQUENCE "{seq}" AS bigint OWNED BY "{TABLE}".id')
        cur.execute(f"ALTER TABLE \"{TABLE}\" ALTER COLUMN id SET DEFAULT nextval('\"{seq}\"'::regclass)")
    else:
        cur.execute(f'ALTER TABLE "{TABLE}" ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY '
                    f'(SEQUENCE NAME "{seq}")')
    cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{TABLE}\"', 'id'), COALESCE(MAX(id), 0) + 1, false) "
                f'FROM "{TABLE}"')


def partition_table(connection=None) -> None:
    """Turn the plain figures table into one partitioned by year (PostgreSQL; nothing on SQLite or when it is
    partitioned already)."""
    connection = _connection(connection)
    if connection.vendor != "postgresql" or is_partitioned(connection):
        return
    with connection.cursor() as cur:
        _rebuild(cur, connection, partitioned=True)


def unpartition_table(connection=None) -> None:
    """Turn the partitioned figures table back into a plain one (the reverse of :func:`partition_table`)."""
    connection = _connection(connection)
    if not is_partitioned(connection):
        return
    with connection.cursor() as cur:
        _rebuild(cur, connection, partitioned=False)
