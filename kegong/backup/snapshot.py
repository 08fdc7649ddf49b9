"""A consistent copy of the database while the server runs, and loading it back.

- SQLite: the online backup API (:meth:`sqlite3.Connection.backup`) copies every page in one step inside
  one read transaction; in WAL mode the server's writers are not blocked and none of their commits is half in
  the copy. The copy is switched to a plain journal so that it is one self-contained file.
- PostgreSQL: a ``REPEATABLE READ`` transaction exports its snapshot (``pg_export_snapshot()``), ``pg_dump
  --format=custom --snapshot=…`` dumps exactly that state and the checksums are read in the same
  transaction, so the manifest describes the dump whatever commits meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from kegong.backup.errors import BackupError, ToolMissing

SNAPSHOT_ALIAS = "kegong_backup_snapshot"


def sqlite_copy(source: Path, dest: Path) -> None:
    """Copy a live SQLite database to ``dest`` (0600) with the online backup API."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    src = sqlite3.connect(str(source), timeout=60)
    dst = sqlite3.connect(str(dest))
    try:
        with dst:
            src.backup(dst)  # pages=-1: one step, one read transaction: a consistent copy
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


@contextlib.contextmanager
def sqlite_alias(path: Path) -> Iterator[str]:
    """A Django database alias reading the SQLite file ``path`` (the snapshot), removed afterwards."""
    from django.db import connections

    cfg = dict(connections.settings["default"])
    cfg.update(NAME=str(path), OPTIONS={"timeout": 60}, CONN_MAX_AGE=0)
    connections.settings[SNAPSHOT_ALIAS] = cfg
    try:
        yield SNAPSHOT_ALIAS
    finally:
        connections[SNAPSHOT_ALIAS].close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]


def _pg_env_args(cfg: dict) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                        ("sslkey", "PGSSLKEY"), ("passfile", "PGPASSFILE")):
        if (cfg.get("OPTIONS") or {}).get(option):
            env[var] = str(cfg["OPTIONS"][option])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if cfg.get(key):
            args += [flag, str(cfg[key])]
    return env, args + ["-d", str(cfg["NAME"])]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ToolMissing(f"找不到 PostgreSQL 工具 {name}，请安装 PostgreSQL 客户端（postgresql-client）并确保它在 PATH 中")
    return path


def _run(cmd: list[str], env: dict, what: str) -> None:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what}失败：{tail[-1] if tail else f'退出码 {done.returncode}'}")


@contextlib.contextmanager
def pg_snapshot(dest: Path, alias: str = "default") -> Iterator[None]:
    """Dump the PostgreSQL database to ``dest`` (custom format) from an exported snapshot; the body runs in
    the same REPEATABLE READ transaction (read the checksums there)."""
    from django.db import connections, transaction

    connection = connections[alias]
    pg_dump = _tool("pg_dump")
    env, args = _pg_env_args(connection.settings_dict)
    with transaction.atomic(using=alias):
        with connection.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cur.fetchone()
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.close(fd)
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "-f", str(dest), *args], env, "pg_dump 导出数据库")
        yield


def pg_load(dump: Path, alias: str = "default") -> None:
    """Load a custom-format dump into the (empty) database of ``alias`` with pg_restore, in one transaction."""
    from django.db import connections

    connection = connections[alias]
    pg_restore = _tool("pg_restore")
    env, args = _pg_env_args(connection.settings_dict)
    connection.close()
    _run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *args,
          str(dump)], env, "pg_restore 载入数据库")


def database_tables(alias: str = "default") -> list[str]:
    from django.db import connections

    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)

