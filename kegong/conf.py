"""Where kegong keeps its data and which database it uses.

SQLite in a data folder is the embedded default (``--data-dir``, env ``KEGONG_DATA_DIR``, default
``./kegong-data``); ``DATABASE_URL=postgresql://…`` switches to PostgreSQL. Errors are Chinese, one line.
"""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path

import dj_database_url

from kegong.core.errors import SetupError


class ConfigError(SetupError):
    """A configuration problem the user can fix; the message is one Chinese line."""


def data_dir() -> Path:
    """The data folder: ``KEGONG_DATA_DIR``, else ``kegong-data`` under the working directory (resolved once
    per setting: a page asks for it on every read of the panel store)."""
    return _resolved(os.environ.get("KEGONG_DATA_DIR") or "kegong-data", os.getcwd())


@functools.lru_cache(maxsize=8)
def _resolved(raw: str, cwd: str) -> Path:
    return (Path(cwd) / Path(raw).expanduser()).resolve()


def secret_key() -> str:
    """``KEGONG_SECRET_KEY``, else a random key kept in the data folder (made on first use), so that
    sessions cannot be forged on a deployed site."""
    env = os.environ.get("KEGONG_SECRET_KEY", "").strip()
    if env:
        return env
    path = data_dir() / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        return key  # a read-only place: this process gets a key of its own
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key)
    return key


def sqlite_timeout() -> float:
    """Seconds a SQLite writer waits for another's lock (env ``KEGONG_SQLITE_TIMEOUT``, default 30)."""
    try:
        return max(0.1, float(os.environ.get("KEGONG_SQLITE_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def database_config() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        # WAL: readers (the pages, the panel store) never wait for an import's writes, nor block them. A
        # transaction takes the write lock when it begins (IMMEDIATE), so a second import waits up to 30 s
        # for the first (the busy timeout) instead of failing when it first writes. Tests use a file too, so
        # threads see the same locking as the server does.
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir() / "kegong.sqlite3"),
                "OPTIONS": {"timeout": sqlite_timeout(), "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
                "TEST": {"NAME": str(data_dir() / "test-kegong.sqlite3")}}
    try:
        cfg = dj_database_url.parse(url, conn_max_age=60)
    except Exception as e:  # dj_database_url raises ValueError/KeyError on unknown schemes
        raise ConfigError(f"DATABASE_URL“{url}”无法识别：{e}（示例：postgresql://user@127.0.0.1:5432/kegong）") from e
    if cfg.get("ENGINE") not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ConfigError(f"DATABASE_URL“{url}”：kegong 只支持 PostgreSQL 或 SQLite")
    return cfg


def describe_database(cfg: dict) -> str:
    if cfg["ENGINE"].endswith("sqlite3"):
        return f"SQLite（{cfg['NAME']}）"
    return f"PostgreSQL（{cfg.get('HOST') or 'localhost'}:{cfg.get('PORT') or 5432}/{cfg.get('NAME')}）"


def database_message(e: BaseException) -> str | None:
    """A Chinese line for the database errors a user can meet (locked, unreachable), else None."""
    text = str(e).lower()
    if "database is locked" in text or "database table is locked" in text:
        return "数据库正被另一项操作（例如另一个导入）占用，等待后仍未释放，请稍后再试"
    if "could not connect" in text or "connection refused" in text or "connection failed" in text:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        return f"无法连接数据库：{first}"
    return None
