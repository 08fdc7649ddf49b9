"""Every bad input a new user hits on the command line: one Chinese line on stderr, exit code 2, no
traceback, no English from click or Django."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

KEGONG = [sys.executable, "-m", "kegong"]


def run(*args, data_dir: Path | None = None, env: dict | None = None, timeout: int = 120):
    e = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KEGONG_DATA_DIR")}
    e.update(env or {})
    pre = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([*KEGONG, *pre, *args], capture_output=True, text=True, env=e, timeout=timeout)


def one_chinese_line(r, *words: str) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    line = lines[0]
    assert line.startswith("错误：") and "Traceback" not in r.stderr
    for english in ("Error:", "Usage:", "Try ", "Missing option", "No such command", "is not one of",
                    "is not a valid", "Show this message"):
        assert english not in r.stderr, r.stderr
    for w in words:
        assert w in line, line
    return line


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli-errors") / "data"
    r = run("demo", "--enterprises", "25", "--through", "2026-06", "--quiet", data_dir=d, timeout=300)
    assert r.returncode == 0, r.stderr
    return d


@pytest.mark.parametrize(("args", "words"), [
    (["yearly"], ["yearly", "命令"]),
    (["ranking", "--period", "2026-06", "--by", "county"], ["--by", "county", "industry、division"]),
    (["ranking", "--period", "2026-06", "--top", "abc"], ["--top", "abc", "整数"]),
    (["indicators", "--period", "2026-13"], ["月份"]),
    (["indicators", "--period", "next year"], ["期别"]),
    (["indicators", "--scope", "town:没有这个镇", "--period", "2026-06"], ["没有这个镇"]),
    (["report", "half-year", "--period", "2030-06", "-o", "x.docx"], ["2030"]),
    (["rollback", "99999"], ["99999"]),
], ids=lambda v: v[0] if isinstance(v, list) else None)
def test_bad_input_is_one_chinese_line(demo_dir, args, words):
    one_chinese_line(run(*args, data_dir=demo_dir), *words)


def test_help_is_chinese_throughout():
    r = run("ranking", "--help")
    assert r.returncode == 0
    assert "显示本帮助并退出" in r.stdout and "Show this message" not in r.stdout and "用法" in r.stdout


def test_a_missing_data_folder_is_named(tmp_path):
    one_chinese_line(run("indicators", "--period", "2026-06", data_dir=tmp_path / "nowhere"), "nowhere", "kegong demo")


def test_serve_on_a_busy_port_says_so_before_claiming_to_serve(demo_dir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run("serve", "--port", str(port), data_dir=demo_dir)
    line = one_chinese_line(r, str(port), "已被占用")
    assert "网页服务：http" not in r.stdout, line


def test_serve_on_an_old_database_says_to_upgrade_it(demo_dir, tmp_path):
    """A data folder from an older kegong (a table this version needs is missing): one line, no server."""
    old = tmp_path / "old"
    old.mkdir()
    (old / "kegong.sqlite3").write_bytes((demo_dir / "kegong.sqlite3").read_bytes())
    with sqlite3.connect(old / "kegong.sqlite3") as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'tech'")  # as before the 科技创新 app came
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tech\\_%' "
                                   "ESCAPE '\\'").fetchall():
            db.execute(f'DROP TABLE "{table}"')
    r = run("serve", "--port", "0", data_dir=old)
    one_chinese_line(r, "数据库需要升级", "kegong init")
    assert "网页服务：http" not in r.stdout
    assert run("init", data_dir=old).returncode == 0  # the upgrade the message names
    with sqlite3.connect(old / "kegong.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM tech_hightechcertificate").fetchone() == (0,)


def test_check_prints_no_english(demo_dir):
    r = run("check", data_dir=demo_dir)
    assert r.returncode == 0, r.stderr
    assert "System check" not in r.stdout + r.stderr and "系统检查：通过" in r.stdout


def test_a_locked_database_waits_then_says_so_in_one_line(demo_dir, tmp_path):
    """Another writer holds the SQLite write lock for longer than the wait: one clear line, nothing written."""
    template = tmp_path / "模板.xlsx"
    assert run("template", "-o", str(template), data_dir=demo_dir).returncode == 0
    holder = sqlite3.connect(demo_dir / "kegong.sqlite3", timeout=1)
    try:
        holder.execute("BEGIN IMMEDIATE")
        r = run("rollback", "1", "--yes", data_dir=demo_dir, env={"KEGONG_SQLITE_TIMEOUT": "0.5"})
    finally:
        holder.rollback()
        holder.close()
    one_chinese_line(r, "占用")


@pytest.mark.parametrize("command", [["indicators", "--json"], ["ranking", "--json"], ["targets", "--json"]])
def test_without_a_period_a_command_takes_the_latest_one(demo_dir, command):
    latest = run(*command, data_dir=demo_dir)
    named = run(*command, "--period", "2026年6月", data_dir=demo_dir)
    assert latest.returncode == 0 and named.returncode == 0, latest.stderr + named.stderr
    assert latest.stdout == named.stdout and '"2026-06"' in latest.stdout
