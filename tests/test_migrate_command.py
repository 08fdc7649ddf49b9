"""``kegong migrate``: an upgrade takes a full backup first, then applies the schema changes; a database already
current is left alone (and no backup is made)."""

from __future__ import annotations

import sqlite3
import tarfile

from tests.test_cli_errors import run


def test_migrate_backs_up_then_upgrades(tmp_path):
    data = tmp_path / "data"
    assert run("init", data_dir=data).returncode == 0
    r = run("migrate", data_dir=data)
    assert r.returncode == 0 and "已是最新" in r.stdout and not (data / "backups").exists()
    # an older schema: undo the last migration of one app, as an older version of kegong would have left it
    db = sqlite3.connect(data / "kegong.sqlite3")
    last = db.execute("SELECT name FROM django_migrations WHERE app='api' ORDER BY id DESC LIMIT 1").fetchone()[0]
    db.execute("DELETE FROM django_migrations WHERE app='api' AND name=?", (last,))
    db.execute("DROP TABLE api_apitoken")
    db.commit()
    db.close()
    r = run("serve", data_dir=data)
    assert r.returncode != 0 and "kegong migrate" in r.stderr  # the server refuses an old schema, says how
    r = run("migrate", "--quiet", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "升级前已备份到" in r.stdout and "已升级：应用 1 项" in r.stdout
    (archive,) = (data / "backups").glob("升级前-*.tar.gz")
    with tarfile.open(archive) as t:
        assert "manifest.json" in t.getnames()
    db = sqlite3.connect(data / "kegong.sqlite3")
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name='api_apitoken'").fetchone()[0] == 1
