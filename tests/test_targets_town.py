"""Targets get a scope (issue 13 item 6): ``kegong targets set|remove|list --town 城关镇`` keeps a town's own
targets beside the county's — the county's targets, their progress and the dashboard read the county's
alone, exactly as before; one target per year, code and kind for the county and one for each town; an
unknown town is named in one Chinese line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from kegong.targets.models import Target
from kegong.targets.selectors import target_specs, targets_of
from tests.desk_data import load_county


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # 城关镇 (A, C) and 白沙镇 (B)


@pytest.fixture
def cli():
    from kegong.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def one_line_error(r, fragment: str) -> None:
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.output and r.stderr.strip().count("\n") == 0, r.stderr
    assert r.stderr.startswith("错误：") and fragment in r.stderr, r.stderr


def test_a_town_target_is_set_beside_the_county_one(county, cli):
    assert cli("targets", "set", "--year", "2026", "--code", "industrial_investment", "--value", "20").exit_code == 0
    r = cli("targets", "set", "--year", "2026", "--code", "industrial_investment", "--value", "3.5", "--town", "城关镇")
    assert r.exit_code == 0 and r.stdout.strip() == "已设定：2026年 城关镇 工业投资（总量）目标 3.5亿元"
    r = cli("targets", "set", "--year", "2026", "--code", "industrial_investment", "--value", "4", "--town", "城关镇",
            "--note", "镇党委确定")
    assert r.stdout.strip() == "已修改：2026年 城关镇 工业投资（总量）目标 4亿元"
    cli("targets", "set", "--year", "2026", "--code", "industrial_investment", "--value", "2.5", "--town", "白沙镇")
    rows = {(t.scope_name, t.code): t.value for t in targets_of(2026, towns=True)}
    assert rows == {("全县", "industrial_investment"): Decimal("20"), ("城关镇", "industrial_investment"): Decimal("4"),
                    ("白沙镇", "industrial_investment"): Decimal("2.5")}
    # the county's own targets are the county's alone: progress, dashboard and reports read target_specs
    assert [(s.code, s.value) for s in target_specs(2026)] == [("industrial_investment", 20.0)]
    out = cli("targets", "--year", "2026", "--period", "2026-06", "--json").stdout
    assert '"target": 20.0' in out and '"target": 4.0' not in out


def test_the_list_shows_each_target_s_town(county, cli):
    cli("targets", "set", "--year", "2026", "--code", "gross_output", "--value", "8")
    cli("targets", "set", "--year", "2026", "--code", "gross_output", "--value", "10", "--town", "白沙镇")
    cli("targets", "set", "--year", "2026", "--code", "gross_output", "--value", "9", "--town", "城关镇")
    lines = cli("targets", "list", "--year", "2026").stdout.splitlines()
    assert lines[0].split() == ["年度", "范围", "目标", "代码", "类型", "目标值", "说明"]
    body = [line.split()[:6] for line in lines[2:]]
    # the county's first, then the towns in the register's order (城关镇 before 白沙镇 by name here)
    assert [b[1] for b in body] == ["全县", "城关镇", "白沙镇"]
    assert body[2] == ["2026", "白沙镇", "规上工业总产值增长", "gross_output", "增速", "10%"]
    town = cli("targets", "list", "--year", "2026", "--town", "白沙镇").stdout.splitlines()
    assert [line.split()[1] for line in town[2:]] == ["白沙镇"]
    assert [line.split()[1] for line in cli("targets", "list", "--county").stdout.splitlines()[2:]] == ["全县"]
    assert cli("targets", "list", "--year", "2025").stdout.strip() == "2025年尚未设定目标。"


def test_remove_takes_the_town_s_target_only(county, cli):
    for town in ((), ("--town", "城关镇"), ("--town", "白沙镇")):
        cli("targets", "set", "--year", "2026", "--code", "new_above_scale", "--value", "3", *town)
    r = cli("targets", "remove", "--year", "2026", "--code", "new_above_scale", "--town", "城关镇")
    assert r.stdout.strip() == "已删除 2026年城关镇“new_above_scale”目标 1 项"
    assert sorted(t.scope_name for t in Target.all_scopes.all()) == ["全县", "白沙镇"]
    one_line_error(cli("targets", "remove", "--year", "2026", "--code", "new_above_scale", "--town", "城关镇"),
                   "2026年城关镇没有代码为“new_above_scale”的目标")
    cli("targets", "remove", "--year", "2026", "--code", "new_above_scale")
    assert [t.scope_name for t in Target.all_scopes.all()] == ["白沙镇"]


@pytest.mark.parametrize("args", [
    ("targets", "set", "--year", "2026", "--code", "gross_output", "--value", "8", "--town", "桃源镇"),
    ("targets", "remove", "--year", "2026", "--code", "gross_output", "--town", "桃源镇"),
    ("targets", "list", "--town", "桃源镇"),
])
def test_an_unknown_town_is_named(county, cli, args):
    one_line_error(cli(*args), "没有名为“桃源镇”的乡镇（街道）")
    assert not Target.all_scopes.exists()
