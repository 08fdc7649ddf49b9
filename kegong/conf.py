"""Where kegong keeps its data and which database it uses.

SQLite in a data folder is the embedded default (``--data-dir``, env ``KEGONG_DATA_DIR``, default
``./kegong-data``); ``DATABASE_URL=postgresql://…`` switches to PostgreSQL. Errors are Chinese, one line.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


class ConfigError(RuntimeError):
    """A configuration problem the user can fix; the message is one Chinese line."""


def data_dir() -> Path:
    return Path(os.environ.get("KEGONG_DATA_DIR") or "kegong-data").expanduser().resolve()


def database_config() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir() / "kegong.sqlite3"),
                "OPTIONS": {"timeout": 30}}
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
