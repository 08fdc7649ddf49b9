"""``kegong audit``, ``kegong forecast`` and ``kegong targets`` run as a user runs them, on a small demo county."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kegong.demo.generator import DemoSpec, generate_county

SPEC = DemoSpec(seed=5, n_enterprises=40, last=(2026, 7))


def run(*args, data_dir: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KEGONG_DATA_DIR")}
    pre = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([sys.executable, "-m", "kegong", *pre, *args], capture_output=True, text=True, env=env,
                          timeout=600)


def one_line_error(r, fragment: str) -> None:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0
    assert r.stderr.startswith("错误：") and fragment in r.stderr, r.stderr


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("audit") / "data"
    r = run("demo", "--enterprises", "40", "--through", "2026-07", "--seed", "5", "--quiet", data_dir=d)
    assert r.returncode == 0, r.stderr
    return d


@pytest.mark.slow
def test_audit_finds_the_planted_anomalies(demo_dir):
    planted = {p.kind: p for p in generate_county(SPEC).planted}
    typo, gap = planted["typo_x10"], planted["missing_month"]
    r = run("audit", "--period", "2026-07", "--all-months", "--json", data_dir=demo_dir)
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert {"rule", "severity", "uscc", "enterprise", "period", "figures", "message", "confirmed"} <= set(found[0])
    spikes = [f for f in found if f["rule"] == "S02" and f["uscc"] == typo.uscc and f["indicator"] == typo.indicator]
    assert [f["period"] for f in spikes] == [f"{typo.year}-{typo.month:02d}"]
    assert spikes[0]["severity"] == "soft" and spikes[0]["figures"]["ratio"] > 5
    gaps = [f for f in found if f["rule"] == "H03" and f["uscc"] == gap.uscc and f["indicator"] == gap.indicator]
    assert gaps and all(f["severity"] == "hard" and gap.month in f["figures"]["missing_months"] for f in gaps)
    assert gaps[0]["period"] == f"{gap.year}-{gap.month:02d}"  # found in the very month that is missing
    after = [f for f in gaps if f["period"] == f"{gap.year}-{gap.month + 1:02d}"][0]
    assert after["figures"]["implied_missing"] > 0  # the cumulative still carries the missing month


@pytest.mark.slow
def test_audit_text_and_confirming_a_soft_finding(demo_dir):
    planted = {p.kind: p for p in generate_county(SPEC).planted}
    typo, gap = planted["typo_x10"], planted["missing_month"]
    r = run("audit", "--period", "2026-04", data_dir=demo_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("2026年4月数据审核：") and "【S02 单月数是相邻月份的 3 倍以上】" in r.stdout
    assert typo.uscc in r.stdout and "待确认" in r.stdout

    r = run("audit", "confirm", "--period", "2026-04", "--uscc", typo.uscc, "--rule", "S02",
            "--note", "企业核实：4月确有大额订单交付", "--user", "审核员", data_dir=demo_dir)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("已确认：")
    found = json.loads(run("audit", "--period", "2026-04", "--json", data_dir=demo_dir).stdout)
    spike = [f for f in found if f["rule"] == "S02" and f["uscc"] == typo.uscc][0]
    assert spike["confirmed"] is True and spike["note"] == "企业核实：4月确有大额订单交付"
    assert "已确认：企业核实" in run("audit", "--period", "2026-04", data_dir=demo_dir).stdout
    again = run("audit", "confirm", "--period", "2026-04", "--uscc", typo.uscc, "--rule", "S02",
                "--indicator", "gross_output", "--note", "复核属实", data_dir=demo_dir)
    assert again.returncode == 0 and again.stdout.startswith("已更新确认")

    one_line_error(run("audit", "confirm", "--period", "2026-06", "--uscc", gap.uscc, "--rule", "H03",
                       "--note", "x", data_dir=demo_dir), "不能确认")
    one_line_error(run("audit", "confirm", "--period", "2026-06", "--uscc", gap.uscc, "--rule", "S02",
                       "--note", "x", data_dir=demo_dir), "无需确认")
    one_line_error(run("audit", "confirm", "--period", "2026-06", "--uscc", gap.uscc, "--rule", "S9",
                       "--note", "x", data_dir=demo_dir), "不存在")
    hard = json.loads(run("audit", "--period", "2026-06", "--severity", "hard", "--json", data_dir=demo_dir).stdout)
    assert hard and {f["severity"] for f in hard} == {"hard"}


@pytest.mark.slow
def test_forecast_next_month(demo_dir):
    r = run("forecast", "--period", "2026-06", "--json", data_dir=demo_dir)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["period"] == "2026-06" and not out["errors"]
    rows = {f["code"]: f for f in out["forecasts"]}
    assert len(rows) == 10
    for f in rows.values():
        assert f["period"] == "2026-07" and f["label"] == "2026年1-7月"
        assert f["cumulative"] == pytest.approx(f["actual_cumulative"] + f["month_value"])
        if f["cumulative_low"] is not None:
            assert f["cumulative_low"] <= f["cumulative"] <= f["cumulative_high"]
        assert f["model"] in f["backtest_mape"] or f["fallback"]
    text = run("forecast", "--period", "2026-06", "--indicator", "revenue", data_dir=demo_dir)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("预计2026年1-7月") and "营业收入" in text.stdout and "工业总产值" not in text.stdout
    one_line_error(run("forecast", "--period", "2026-06", "--indicator", "nope", data_dir=demo_dir), "不存在")
    one_line_error(run("forecast", "--period", "2030-06", data_dir=demo_dir), "没有 2030 年")


@pytest.mark.slow
def test_targets_set_progress_and_alerts(demo_dir):
    # the demo county comes with its own targets for the year: these replace three of them
    for args in (["--code", "industrial_investment", "--value", "0.5"],  # 0.5 亿元: far ahead by mid-year
                 ["--code", "new_above_scale", "--value", "40"],  # 40 new enterprises: behind
                 ["--code", "high_tech_new", "--value", "5"]):
        r = run("targets", "set", "--year", "2026", *args, data_dir=demo_dir)
        assert r.returncode == 0 and r.stdout.startswith("已修改"), r.stderr
    # 成功申报国家高新技术企业数 is counted from the certificate ledger: a typed actual is refused
    one_line_error(run("targets", "actual", "--period", "2026-06", "--code", "high_tech_new", "--value", "3",
                       "--unit", "家", data_dir=demo_dir), "由台账记录计数")
    out = json.loads(run("targets", "--year", "2026", "--period", "2026-06", "--json", data_dir=demo_dir).stdout)
    assert out["time_progress"] == pytest.approx(0.5)
    t = {x["code"]: x for x in out["targets"]}
    assert t["industrial_investment"]["status"] == "ahead" and t["industrial_investment"]["unit"] == "亿元"
    assert t["new_above_scale"]["status"] == "behind"
    # the certificates issued in 2026 by 30 June: none, the demo's 2026 batches come in November and December
    assert t["high_tech_new"]["actual"] == 0 and t["high_tech_new"]["status"] == "behind"
    lag = [a["code"] for a in out["alerts"] if a["kind"] == "target_lag"]
    assert "new_above_scale" in lag and "industrial_investment" not in lag and "high_tech_new" in lag
    for written in ("2026年6月", "6月", "上半年"):  # the month as the template writes it; the year from --year
        again = json.loads(run("targets", "--year", "2026", "--period", written, "--json", data_dir=demo_dir).stdout)
        assert again["period"] == "2026-06" and again["targets"] == out["targets"]
    text = run("targets", "--year", "2026", "--period", "2026-06", data_dir=demo_dir).stdout
    assert "2026年目标完成情况（截至 2026年1-6月，时间进度 50.0%）" in text and "超前" in text and "滞后" in text
    r = run("targets", "remove", "--year", "2026", "--code", "high_tech_new", data_dir=demo_dir)
    assert r.returncode == 0
    one_line_error(run("targets", "remove", "--year", "2026", "--code", "high_tech_new",
                       data_dir=demo_dir), "没有代码")
    one_line_error(run("targets", "set", "--year", "2026", "--code", "foo", "--value", "3", data_dir=demo_dir),
                   "--kind")
    one_line_error(run("targets", "set", "--year", "2026", "--code", "gross_output", "--value", "abc",
                       data_dir=demo_dir), "不是数字")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["audit"], "数据目录"),  # no period: the latest one, read from the data folder
        (["audit", "--period", "2026-13"], "月份"),
        (["audit", "--period", "2026-06"], "数据目录"),
        (["targets"], "数据目录"),
        (["forecast", "--period", "2026-06"], "数据目录"),
    ],
)
def test_errors_are_one_chinese_line(tmp_path, args, fragment):
    one_line_error(run(*args, data_dir=tmp_path / "none"), fragment)


@pytest.mark.slow
def test_audit_errors_on_periods_without_data(demo_dir):
    one_line_error(run("audit", "--period", "2026-01", data_dir=demo_dir), "合并报送")
    one_line_error(run("audit", "--period", "2026-09", data_dir=demo_dir), "截至 7 月")
