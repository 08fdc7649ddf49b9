"""The connection progress is written and read through: not the request's or the task's own.

An import runs in one transaction; on SQLite that transaction holds the database's write lock from its start
(``transaction_mode = IMMEDIATE``), so a progress row written to the same file would wait for the import to
end, and one written through the import's own connection would be seen by nobody until then (and a check,
which rolls back, would lose it). So the progress table is reached through a second connection made here:

* SQLite: a file beside the database (``kegong-jobs.sqlite3`` next to ``kegong.sqlite3``), its one table made
  on first use — every process on the machine reads and writes it;
* PostgreSQL: the same database (the table comes with the migration); the second connection commits each
  write at once, outside the import's transaction, so every server and worker sees it.

One connection a thread, kept in a thread-local and closed at the end of each request (as Django closes its
own); it is not one of ``django.db.connections`` (a test's ``databases`` list does not need to name it).
"""

from __future__ import annotations

import copy
import re
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError, connections
from django.db.utils import load_backend

ALIAS = "kegong_jobs"
SIDE_FILE = "{stem}-jobs.sqlite3"
_local = threading.local()
_open: weakref.WeakSet = weakref.WeakSet()  # every thread's, for close_all
_made: set[str] = set()  # SQLite files whose table exists (made once a process)
_lock = threading.Lock()


def _settings_dict() -> dict:
    d = copy.deepcopy(connections["default"].settings_dict)
    if d["ENGINE"].endswith("sqlite3"):
        name = Path(str(d["NAME"]))
        d["NAME"] = str(name.with_name(SIDE_FILE.format(stem=name.stem)))
    d["CONN_MAX_AGE"] = None
    d["ATOMIC_REQUESTS"] = False
    d["AUTOCOMMIT"] = True
    return d


def side_name() -> str:
    """Where progress is kept: the SQLite file, or the PostgreSQL database's name."""
    return str(_settings_dict()["NAME"])


def _connect():
    d = _settings_dict()
    key = (d["ENGINE"], str(d["NAME"]), d.get("HOST"), d.get("PORT"))
    conn = getattr(_local, "conn", None)
    if conn is not None and getattr(_local, "key", None) == key:
        return conn
    if conn is not None:
        conn.close()
    conn = load_backend(d["ENGINE"]).DatabaseWrapper(d, ALIAS)
    _local.conn, _local.key = conn, key
    _open.add(conn)
    _ensure_table(conn)
    return conn


def _ensure_table(conn) -> None:
    """Make the progress table when the file (SQLite) or database lacks it: the SQL of its model."""
    from kegong.jobs.models import JobProgress

    name = str(conn.settings_dict["NAME"])
    if name in _made:
        return
    with _lock:
        if JobProgress._meta.db_table not in conn.introspection.table_names():
            with conn.schema_editor(collect_sql=True, atomic=False) as editor:
                editor.create_model(JobProgress)
            with conn.cursor() as c:
                for sql in editor.collected_sql:
                    c.execute(re.sub(r"^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", sql.rstrip(";")))
        _made.add(name)


@contextmanager
def cursor() -> Iterator:
    """A cursor on the progress connection (autocommit); one the server dropped is made anew next time."""
    conn = _connect()
    try:
        with conn.cursor() as c:
            yield c
    except (OperationalError, InterfaceError):
        if conn.connection is not None and not conn.is_usable():
            close()  # the next call connects again
        raise


def close() -> None:
    """Close this thread's progress connection (a worker's or a thread's end)."""
    conn = getattr(_local, "conn", None)
    if conn is not None:
        conn.close()
        _local.conn = None


def close_all() -> None:
    """Close every thread's progress connection (a test database about to be dropped)."""
    for conn in list(_open):
        if conn.connection is not None:
            conn.inc_thread_sharing()
            try:
                conn.close()
            finally:
                conn.dec_thread_sharing()


def _request_finished(**kwargs) -> None:
    close()


request_finished.connect(_request_finished, dispatch_uid="kegong.jobs.store")
