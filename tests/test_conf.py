"""Where kegong keeps its data, which database it uses, and its secret key."""

import stat

import pytest

from kegong import conf


def test_sqlite_in_the_data_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    cfg = conf.database_config()
    assert cfg["ENGINE"] == "django.db.backends.sqlite3" and cfg["NAME"] == str(tmp_path / "kegong.sqlite3")


def test_database_url_switches_to_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://kg@db.example:5433/kegong")
    cfg = conf.database_config()
    assert (cfg["ENGINE"], cfg["HOST"], cfg["PORT"], cfg["NAME"]) == (
        "django.db.backends.postgresql", "db.example", 5433, "kegong")
    assert conf.describe_database(cfg) == "PostgreSQL（db.example:5433/kegong）"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "nonsense"])
def test_other_databases_are_refused_in_chinese(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(conf.ConfigError, match="DATABASE_URL"):
        conf.database_config()


def test_secret_key_is_random_kept_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.delenv("KEGONG_SECRET_KEY", raising=False)
    monkeypatch.setenv("KEGONG_DATA_DIR", str(tmp_path / "a"))
    first = conf.secret_key()
    assert conf.secret_key() == first and len(first) >= 50
    assert stat.S_IMODE((tmp_path / "a" / "secret_key").stat().st_mode) == 0o600
    monkeypatch.setenv("KEGONG_DATA_DIR", str(tmp_path / "b"))
    assert conf.secret_key() != first
    monkeypatch.setenv("KEGONG_SECRET_KEY", "from-the-environment")
    assert conf.secret_key() == "from-the-environment"
