"""``kegong indicators`` through click's CliRunner on the hand-worked county written with write_records.

The figures are those of tests/stats/test_panel_handworked.py (see its docstring for the working).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from click.testing import CliRunner

from kegong.cli import main
from kegong.core.codes.uscc import make_uscc
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet, ScaleRecord
from tests.stats.test_panel_handworked import ENTERPRISES, SCALE, handworked_rows

INDUSTRY_CODE = {"A": "2110", "B": "3021", "C": "1011", "D": "4411", "E": "2120", "F": "3971"}
USCC = {e.id: make_uscc(f"91330100{i + 1:08d}") for i, e in enumerate(ENTERPRISES)}


def _d(v) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def handworked_records() -> RecordSet:
    rs = RecordSet(source="manual")
    for e in ENTERPRISES:
        rs.enterprises.append(EnterpriseRecord(uscc=USCC[e.id], name=e.name, industry_code=INDUSTRY_CODE[e.id],
                                               town=e.town, park=e.park or None, chain=e.chain))
    for year, ids in SCALE.items():
        rs.scale += [ScaleRecord(uscc=USCC[i], year=year, above_scale=True) for i in ids]
    rs.scale.append(ScaleRecord(uscc=USCC["E"], year=2026, above_scale=False))  # left the scope
    for r in handworked_rows():
        rs.figures.append(FigureRecord(uscc=USCC[r.enterprise], indicator=r.indicator, year=r.year, month=r.month,
                                       start_month=1 if r.month == 2 else r.month, value=_d(r.value),
                                       cumulative=_d(r.cumulative), prior_year_value=_d(r.prior_value),
                                       prior_year_cumulative=_d(r.prior_cumulative)))
    return rs


@pytest.fixture
def county_db(db, monkeypatch):
    from kegong.county.models import CountyFigure
    from kegong.imports.writer import write_records

    write_records(handworked_records(), file_name="handworked.xlsx", file_hash="0" * 64)
    CountyFigure.objects.create(code="value_added_growth", year=2026, month=6, value=Decimal("8.0"), unit="%")
    CountyFigure.objects.create(code="ppi", year=2026, month=6, value=Decimal("101.5"))
    CountyFigure.objects.create(code="gdp", year=2026, month=6, value=Decimal("85.6"), unit="亿元")
    # the test database is already set up by pytest-django: skip the data-folder check
    monkeypatch.setattr("kegong.cli.setup_django", lambda **kw: None)


def invoke(*args: str):
    return CliRunner().invoke(main, ["indicators", *args], catch_exceptions=False)


def by_key(doc: dict) -> dict:
    return {(r["scope"], r["code"]): r for r in doc["indicators"]}


def test_json_county(county_db):
    res = invoke("--period", "2026-06", "--scope", "all", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["period"] == "2026-06"
    go = by_key(doc)[("all", "gross_output")]
    assert {k: go[k] for k in ("code", "name", "unit", "scope")} == {
        "code": "gross_output", "name": "工业总产值", "unit": "万元", "scope": "all"}
    # 1740 / 1550 − 1 = 12.258 %; 1-5月 1425 / 1290 − 1 = 10.465 %; June 315 / 260 − 1 = 21.154 %
    assert (go["cumulative"], go["cumulative_prior_year"]) == (1740.0, 1550.0)
    assert (go["yoy_pct"], go["yoy_pct_prev"], go["pp_change"]) == (12.26, 10.47, 1.79)
    assert (go["month"], go["month_prior_year"], go["month_yoy_pct"]) == (315.0, 260.0, 21.15)
    assert go["naive_yoy_pct"] == 5.45  # 1740 / 1650 − 1 against last year's stored totals
    el = by_key(doc)[("all", "electricity")]
    assert (el["cumulative"], el["cumulative_prior_year"], el["yoy_pct"], el["unit"]) == (50.0, None, None, "万千瓦时")
    assert by_key(doc)[("all", "profit")]["cumulative"] is None  # no figure: null
    # official 8.0 %; 1740 / 1.015 / 1550 − 1 = 10.60 %; gap −2.60 pp; GDP 85.6 亿元 = 856000 万元
    assert doc["value_added"] == {"official_pct": 8.0, "gross_output_pct": 12.26, "ppi_index": 101.5,
                                  "estimate_pct": 10.6, "gap_pp": -2.6}
    assert doc["gdp_ratios"]["gdp"] == 856000.0 and doc["gdp_ratios"]["rd_gdp_pct"] is None


def test_json_jan_feb_and_march(county_db):
    feb = by_key(json.loads(invoke("--period", "2026-02", "--scope", "all", "--json").stdout))
    go = feb[("all", "gross_output")]
    # 510 / 520 − 1 = −1.92 %; no previous cumulative period; the month is the combined 1-2月
    assert (go["yoy_pct"], go["yoy_pct_prev"], go["pp_change"]) == (-1.92, None, None)
    assert (go["month"], go["month_prior_year"], go["month_yoy_pct"]) == (510.0, 520.0, -1.92)
    mar = by_key(json.loads(invoke("--period", "2026-03", "--scope", "all", "--json").stdout))
    go = mar[("all", "gross_output")]
    # 845 / 790 − 1 = 6.96 %, against 1-2月 −1.92 %: +8.89 pp
    assert (go["yoy_pct"], go["yoy_pct_prev"], go["pp_change"]) == (6.96, -1.92, 8.89)


@pytest.mark.parametrize("period", ["2026年6月", "2026年1-6月", "2026年1—6月", "2026年上半年", "２０２６－０６",
                                    "2026-01-06"])
def test_every_written_form_of_the_period_is_the_cumulative_1_6(county_db, period):
    """``2026年6月`` is the reporting month June: the command reads it as 1-6月, as the template says."""
    same = json.loads(invoke("--period", "2026-06", "--scope", "all", "--json").stdout)
    res = invoke("--period", period, "--scope", "all", "--json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert (doc["period"], doc["period_label"]) == ("2026-06", "2026年1-6月") and doc == same


def test_json_scopes(county_db):
    town = by_key(json.loads(invoke("--period", "2026-06", "--scope", "town:河口镇", "--json").stdout))
    go = town[("town:河口镇", "gross_output")]
    assert (go["cumulative"], go["cumulative_prior_year"], go["yoy_pct"]) == (630.0, 610.0, 3.28)  # E left
    ent = by_key(json.loads(invoke("--period", "2026-06", "--scope", f"enterprise:{USCC['F']}", "--json").stdout))
    go = ent[(f"enterprise:{USCC['F']}", "gross_output")]
    assert (go["cumulative"], go["cumulative_prior_year"], go["yoy_pct"]) == (90.0, None, None)
    ind = by_key(json.loads(invoke("--period", "2026-06", "--scope", "industry:C", "--json").stdout))
    assert ind[("industry:C", "gross_output")]["yoy_pct"] == 18.09  # 1110 / 940 − 1


def test_default_scopes_listed(county_db):
    doc = json.loads(invoke("--period", "2026-06", "--json").stdout)
    scopes = list(dict.fromkeys(r["scope"] for r in doc["indicators"]))
    assert scopes == ["all", "industry:B", "industry:C", "industry:D", "town:城关镇", "town:河口镇"]


def test_readable_table(county_db):
    res = invoke("--period", "2026-06")
    assert res.exit_code == 0
    assert "【全县】2026年1-6月 规上工业主要指标（5家企业，同口径）" in res.stdout
    assert "1,740.00" in res.stdout and "【河口镇】" in res.stdout
    assert "规上工业增加值增速（统计局公布）：8.0%" in res.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2026-07"], "错误：没有 2026年1-7月 的数据（现有数据截至 2026年6月）"),
    (["--period", "2024-06"], "错误：没有 2024年1-6月 的数据"),
    (["--period", "2026-13"], "错误：期别“2026-13”中的月份 13 无效"),
    (["--period", "2026-04-06"], "错误：2026年4-6月 不是累计期"),
    (["--period", "2026年二季度"], "错误：2026年4-6月 不是累计期"),
    (["--period", "6月"], "错误：期别“6月”没有写年份"),
    (["--period", "2026-06", "--scope", "town:不存在镇"], "错误：范围“town:不存在镇”不存在"),
    (["--period", "2026-06", "--scope", "region:东"], "错误：无法识别的范围“region:东”"),
    (["--period", "2026-06", "--scope", "enterprise:91330100MA0000000X"], "没有统一社会信用代码"),
])
def test_errors_are_one_chinese_line(county_db, args, message):
    res = invoke(*args)
    assert res.exit_code == 2
    assert message in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and res.stdout == ""


@pytest.mark.slow
def test_demo_county_end_to_end(tmp_path):
    """A small demo county (40 enterprises) through the real command line."""
    pytest.importorskip("kegong.demo.generator")
    kegong = shutil.which("kegong", path=os.path.dirname(sys.executable))
    assert kegong, "the kegong script is not installed in the environment"
    env = {**os.environ, "KEGONG_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    subprocess.run([kegong, "--data-dir", str(tmp_path), "demo", "--enterprises", "40", "--quiet",
                    "--through", "2026-06"], check=True, env=env, capture_output=True, timeout=600)
    out = subprocess.run([kegong, "--data-dir", str(tmp_path), "indicators", "--period", "2026-06", "--json"],
                         check=True, env=env, capture_output=True, text=True, timeout=300).stdout
    doc = json.loads(out)
    rows = by_key(doc)
    go = rows[("all", "gross_output")]
    assert go["cumulative"] > 0 and go["cumulative_prior_year"] > 0
    assert go["yoy_pct"] == pytest.approx((go["cumulative"] / go["cumulative_prior_year"] - 1) * 100, abs=0.01)
    sections = [r for (s, c), r in rows.items() if s.startswith("industry:") and c == "gross_output"]
    assert sum(r["cumulative"] or 0 for r in sections) == pytest.approx(go["cumulative"], abs=0.05)
    towns = [r for (s, c), r in rows.items() if s.startswith("town:") and c == "gross_output"]
    assert sum(r["cumulative"] or 0 for r in towns) == pytest.approx(go["cumulative"], abs=0.05)
