"""The command line, run as a user runs it: the installed ``kegong`` in a fresh data folder (SQLite)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kegong.cli import main

KEGONG = [sys.executable, "-m", "kegong"]


def run(*args, data_dir=None, env=None, input=None):
    e = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KEGONG_DATA_DIR")}
    e.update(env or {})
    pre = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([*KEGONG, *pre, *args], capture_output=True, text=True, env=e, input=input, timeout=300)


def test_every_command_has_chinese_help():
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0 and "科工" in top.output
    for name, cmd in main.commands.items():
        r = runner.invoke(main, [name, "--help"])
        assert r.exit_code == 0, name
        assert cmd.help and any("\u4e00" <= ch <= "\u9fff" for ch in cmd.help), f"{name} has no Chinese help"


@pytest.mark.slow
def test_init_demo_check_createuser_end_to_end(tmp_path: Path):
    data = tmp_path / "data"
    r = run("demo", "--enterprises", "40", "--through", "2026-07", "--seed", "5", data_dir=data)
    assert r.returncode == 0, r.stderr
    assert "规上工业企业 " in r.stdout and "2026年1-7月主要指标" in r.stdout and "工业总产值" in r.stdout
    assert (data / "kegong.sqlite3").exists()
    again = run("demo", "--enterprises", "40", "--through", "2026-07", "--seed", "5", data_dir=data)
    assert again.returncode == 0 and "未重复写入" in again.stdout
    r = run("check", data_dir=data)
    assert r.returncode == 0 and "系统检查：通过" in r.stdout and str(data) in r.stdout and "SQLite" in r.stdout
    r = run("createuser", "zhang", "--password", "Kegong-2026-pw", "--name", "张三", data_dir=data)
    assert r.returncode == 0 and "已创建用户" in r.stdout
    r = run("createuser", "zhang", "--password", "Kegong-2026-pw", data_dir=data)
    assert r.returncode == 2 and "已存在" in r.stderr and "Traceback" not in r.stderr


def test_init_creates_the_data_folder(tmp_path: Path):
    r = run("init", data_dir=tmp_path / "new")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "new" / "kegong.sqlite3").exists()


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["check"], {}, "数据目录"),
        (["serve"], {}, "不存在"),
        (["check"], {"DATABASE_URL": "mysql2://nobody@nowhere/x"}, "DATABASE_URL"),
        (["check"], {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nodb"}, "无法连接数据库"),
        (["demo", "--through", "2026-13"], {}, "月份 13 无效"),
        (["demo", "--through", "去年"], {}, "无法识别的期别"),
    ],
)
def test_bad_input_gets_one_chinese_line_not_a_traceback(tmp_path, args, env, expected):
    r = run(*args, data_dir=tmp_path / "missing", env=env)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert expected in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
def test_demo_through_clicks_runner_prints_the_latest_month():
    from kegong.figures.models import MonthlyFigure

    r = CliRunner().invoke(main, ["demo", "--enterprises", "30", "--through", "2026-06", "--seed", "9", "--quiet"])
    assert r.exit_code == 0, r.output
    assert "2026年1-6月主要指标" in r.output
    assert "万千瓦时" in r.output and "万千瓦 " not in r.output
    assert MonthlyFigure.objects.filter(year=2026, month=6).exists()
    assert not MonthlyFigure.objects.filter(month=1).exists()


def test_createuser_refuses_a_weak_password_in_chinese(tmp_path: Path):
    data = tmp_path / "d"
    assert run("init", data_dir=data).returncode == 0
    r = run("createuser", "wang", "--password", "12345678", data_dir=data)
    assert r.returncode == 2 and "密码不符合要求" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("text", "cumulative", "year", "expected"), [
    ("2026-06", False, None, (2026, 1, 6)),
    ("2026年6月", False, None, (2026, 6, 6)),  # a month where a month is meant (audit, import)
    ("2026年6月", True, None, (2026, 1, 6)),  # the cumulative period it closes where one is needed
    ("2026年2月", True, None, (2026, 1, 2)),
    ("2026年1-6月", True, None, (2026, 1, 6)),
    ("2026年上半年", True, None, (2026, 1, 6)),
    ("6月", True, 2026, (2026, 1, 6)),  # the year from --year
    ("前三季度", True, 2026, (2026, 1, 9)),
    (None, True, None, None),
])
def test_period_option_reads_every_written_form(text, cumulative, year, expected):
    from kegong.cli.app import parse_period_option

    p = parse_period_option(text, cumulative=cumulative, year=year)
    assert (p.year, p.start, p.end) == expected if expected else p is None


@pytest.mark.parametrize(("text", "message"), [
    ("2026年二季度", "2026年4-6月 不是累计期"), ("2026-04-06", "不是累计期"), ("6月", "没有写年份"),
])
def test_period_option_refuses_what_is_not_a_cumulative_period(text, message):
    from kegong.cli.app import parse_period_option
    from kegong.core.periods import PeriodError

    with pytest.raises(PeriodError, match=message):
        parse_period_option(text, cumulative=True)
