"""``kegong ranking`` on the hand-worked county (see tests/stats/test_panel_handworked.py).

1-6月 gross output by town (scope 2026: A B C D F; E left the scope):
城关镇 A 690/640 + B 330/300 + F 90/— = 1110 / 940 → +18.085 %, 拉动 170/1550 = 10.968 pp, 占比 63.79 %,
贡献率 170/190 = 89.47 %; 河口镇 C 170/150 + D 460/460 = 630 / 610 → +3.279 %, 拉动 20/1550 = 1.290 pp.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kegong.cli import main
from tests.stats.test_cli_indicators import USCC, county_db  # noqa: F401  (fixture)


def invoke(*args: str):
    return CliRunner().invoke(main, ["ranking", *args], catch_exceptions=False)


def test_towns_by_level_with_pull_share_and_contribution(county_db):  # noqa: F811
    r = invoke("--period", "2026-06", "--by", "town", "--json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["total"] == {"cumulative": 1740.0, "cumulative_prior_year": 1550.0,
                            "yoy_pct": pytest.approx(12.258065, abs=1e-5)}
    a, b = doc["parts"]
    assert (a["name"], a["rank_level"], a["cumulative"], a["cumulative_prior_year"]) == ("城关镇", 1, 1110.0, 940.0)
    assert a["yoy_pct"] == pytest.approx(18.085106, abs=1e-5)
    assert a["pull_pp"] == pytest.approx(10.967742, abs=1e-5)
    assert a["share_pct"] == pytest.approx(63.793103, abs=1e-5)
    assert a["contribution_pct"] == pytest.approx(89.473684, abs=1e-5)
    assert (b["name"], b["yoy_pct"], b["pull_pp"]) == ("河口镇", pytest.approx(3.278689, abs=1e-5),
                                                       pytest.approx(1.290323, abs=1e-5))
    assert a["pull_pp"] + b["pull_pp"] == pytest.approx(doc["total"]["yoy_pct"])


def test_enterprises_by_growth_put_the_one_without_prior_year_last(county_db):  # noqa: F811
    r = invoke("--period", "2026-06", "--by", "enterprise", "--sort", "growth", "--json")
    parts = json.loads(r.stdout)["parts"]
    # C 170/150 +13.3 %, B 330/300 +10 %, A 690/640 +7.8 %, D 460/460 0 %, F no prior-year figure
    assert [p["name"] for p in parts] == ["丙矿业有限公司", "乙建材有限公司", "甲家具有限公司", "丁电力有限公司",
                                          "己电子有限公司"]
    assert parts[-1]["yoy_pct"] is None and parts[-1]["rank_growth"] is None
    assert "戊木业有限公司" not in r.stdout  # left the scope


def test_text_table_and_errors(county_db):  # noqa: F811
    r = invoke("--period", "2026-06", "--by", "industry")
    assert r.exit_code == 0 and "工业总产值按行业门类排名" in r.output and "制造业" in r.output
    bad = invoke("--period", "2026-06", "--indicator", "nope")
    assert bad.exit_code == 2 and "指标“nope”不存在" in bad.output
    bad = invoke("--period", "2026-06", "--scope", "town:不存在镇")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_the_month_as_written_is_the_cumulative_period(county_db):  # noqa: F811
    r = invoke("--period", "2026年6月", "--by", "town", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == json.loads(invoke("--period", "2026-06", "--by", "town", "--json").stdout)
    bad = invoke("--period", "2026年二季度")
    assert bad.exit_code == 2 and "2026年4-6月 不是累计期" in bad.output
