"""End to end on the demo county: ``kegong report half-year|monthly`` for 2026-06, opened with python-docx.

The expected figures are taken from the statistical core directly (indicator table, breakdown, forecasts,
county figures) and phrased with ``phrasing``; every number in the body text must be one of them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from kegong.reports import phrasing as ph

pytestmark = pytest.mark.django_db

PERIOD = "2026-06"
ISSUED = "2026-07-10"
PROBLEMS = "（一）本期问题一：要素保障仍需加强。\n（二）本期问题二：创新投入偏弱。"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county (150 enterprises, 2024-01 … 2026-06) with facts, targets and one own text; the
    half-year and monthly reports generated through the CLI; the core's own figures for checking."""
    from kegong.demo.facts import seed_facts
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo
    from kegong.reports.services import period_text_set
    from kegong.targets.services import set_target

    out = tmp_path_factory.mktemp("reports")
    with django_db_blocker.unblock():
        load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))
        seed_facts(2026, 6)
        set_target(2026, "value_added_growth", 8)
        set_target(2026, "industrial_investment", 20)
        set_target(2026, "new_above_scale", 12)
        period_text_set(kind="problems", year=2026, month=6, text=PROBLEMS)
        period_text_set(kind="measures", year=2026, month=5, text="（一）上期举措：继续抓好企业帮扶。")
        results = {kind: _cli("report", kind, "--period", PERIOD, "-o", str(out / f"{kind}.docx"), "--date", ISSUED)
                   for kind in ("half-year", "monthly")}
        expected = _core_figures()
    yield {"out": out, "results": results, "core": expected}
    with django_db_blocker.unblock():
        _clean()


def _clean() -> None:
    """Remove what the module wrote (the catalogue rows from the migrations stay)."""
    from django.apps import apps

    from kegong.county.models import CountyFigure
    from kegong.enterprises.models import Enterprise, OrgUnit
    from kegong.figures.models import FigureRevision, MonthlyFigure
    from kegong.imports.models import ImportBatch
    from kegong.reports.models import PeriodText
    from kegong.targets.models import Target

    ledgers = [m for app in ("tech", "service", "informatization", "wall", "projects", "sme", "assessment") for m in apps.get_app_config(app).get_models()]  # 台账 protect
    Target.all_scopes.all().delete()  # the towns' own targets too
    for model in (CountyFigure, PeriodText, CountyFigure, FigureRevision, MonthlyFigure, ImportBatch,
                  *ledgers):  # … their enterprises
        model.objects.all().delete()
    Enterprise.objects.all().delete()  # cascades to aliases, scale statuses, audit confirmations
    OrgUnit.objects.filter(kind__in=("town", "park")).delete()
    OrgUnit.objects.all().delete()


def _cli(*args: str):
    from kegong.cli import main
    from kegong.cli import reports as cli_reports

    original = cli_reports.setup_django
    cli_reports.setup_django = lambda **kw: None  # the test database is already set up by pytest-django
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        cli_reports.setup_django = original


def _core_figures() -> dict:
    """The statistical core's own numbers for 2026年1-6月 (not through kegong.reports)."""
    from kegong.core.catalogue import INDICATORS
    from kegong.core.periods import Period
    from kegong.core.stats.forecast import county_points, forecast_cumulative
    from kegong.core.stats.growth import breakdown, growth_pct
    from kegong.core.stats.indicators import county_checks, default_scopes, indicator_table
    from kegong.county.selectors import load_county_figures
    from kegong.figures.selectors import load_panel

    p = Period.cumulative(2026, 6)
    panel = load_panel(years=[2024, 2025, 2026])
    rows = indicator_table(panel, p, default_scopes(panel), INDICATORS)
    by = {(r.scope, r.code): r for r in rows}
    towns = [r for r in rows if r.scope.startswith("town:") and r.code == "gross_output"]
    b = breakdown([r.scope for r in towns], [r.scope_name for r in towns], [r.cumulative for r in towns],
                  [r.cumulative_prior_year for r in towns])
    figures = load_county_figures([2025, 2026])
    va, _ = county_checks(panel, p, figures)
    forecasts = {}
    for code in ("industrial_investment", "renovation_investment", "rd_spend", "tax", "gross_output"):
        pts, cum, prior = county_points(panel, code, 2026, 6)
        forecasts[code] = forecast_cumulative(pts, current_cumulative=cum, prior_cumulative=prior, level=0.8)
    county = {}
    for code in ("electricity_total", "high_tech_value_added"):
        cur, prior = figures[(code, 2026, 6)][0], figures[(code, 2025, 6)][0]
        county[code] = (cur, growth_pct(cur, prior))
    published = {c: figures[(c, 2026, 6)][0] for c in ("high_tech_value_added_growth",) if (c, 2026, 6) in figures}
    return {"by": by, "towns": b, "va": va, "forecasts": forecasts, "county": county, "published_growth": published}


def _rest_of_year(core) -> set[str]:
    """What the year's 亿元 targets still need after June (target − actual, and a sixth of it a month)."""
    from kegong.targets.models import Target

    out = set()
    for t in Target.objects.filter(year=2026, unit="亿元"):
        left = float(t.value) - core["by"][("all", t.code)].cumulative / 1e4
        out |= {ph.num(left, 2), ph.num(left / 6, 2)}
    return out


def _body(doc) -> str:
    """The text before 附件 (the attachment holds tables and charts)."""
    lines = []
    for p in doc.paragraphs:
        if p.text.strip() == "附件":
            break
        lines.append(p.text)
    return "\n".join(lines)


def _all_text(doc) -> str:
    return "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])


@pytest.fixture(scope="module")
def half(demo):
    res = demo["results"]["half-year"]
    assert res.exit_code == 0, res.output
    return Document(str(demo["out"] / "half-year.docx"))


def test_cli_says_what_it_made_and_what_is_missing(demo):
    res = demo["results"]["half-year"]
    assert "已生成 2026年上半年工作总结及工作计划" in res.stdout, res.output
    assert "沿用以前期别" in res.stderr and "工作举措（沿用 2026-05）" in res.stderr


def test_key_sentences_carry_the_cores_figures(demo, half):
    by, text = demo["core"]["by"], _body(half)
    go, inv, ren = by[("all", "gross_output")], by[("all", "industrial_investment")], by[("all", "renovation_investment")]
    el, tax = by[("all", "electricity")], by[("all", "tax")]
    assert (f"全县{go.members}家规模工业企业实现总产值{ph.yi(go.cumulative)}亿元，{ph.growth(go.yoy_pct)}，"
            f"{ph.pp_change(go.pp_change, against='1-5月', subject='增速')}") in text
    assert f"规模工业增加值{ph.growth(demo['core']['va'].official_pct)}" in text
    assert (f"全县在库企业工业项目完成投资{ph.yi(inv.cumulative)}亿元，{ph.growth(inv.yoy_pct, prefix='较上年同期')}") in text
    assert f"工业技改投资{ph.yi(ren.cumulative)}亿元，{ph.growth(ren.yoy_pct, prefix='较上年同期')}" in text
    assert (f"规模工业用电量{ph.wan(el.cumulative)}万千瓦时，{ph.growth(el.yoy_pct, prefix='较上年同期')}，"
            f"{ph.net_change(el.net_addition, '万千瓦时')}") in text
    assert f"纳税总额{ph.wan(tax.cumulative)}万元，{ph.growth(tax.yoy_pct, prefix='较上年同期')}" in text
    for s in ("B", "C", "D"):
        r = by[(f"industry:{s}", "tax")]
        assert f"{r.scope_name}纳税{ph.wan(r.cumulative)}万元，{ph.growth(r.yoy_pct, prefix='较上年同期')}" in text
    el_total, el_growth = demo["core"]["county"]["electricity_total"]
    assert f"全社会用电量{ph.wan(el_total)}万千瓦时，{ph.growth(el_growth, prefix='较上年同期')}" in text
    ht, _nominal = demo["core"]["county"]["high_tech_value_added"]
    ht_growth = demo["core"]["published_growth"]["high_tech_value_added_growth"]  # as the bureau published it
    assert f"高新技术产业增加值完成{ph.yi(ht)}亿元（统计上报），{ph.growth(ht_growth)}（按可比价格计算）" in text
    f = demo["core"]["forecasts"]["industrial_investment"]
    said = _said(f)
    assert f"预计1-7月实现工业投资{said[1]}，{said[0]}" in text


def _said(f):
    """A core forecast in the words its back-test allows (growth, amount): kegong.reports.forecast_words."""
    from kegong.reports import forecast_words as fw

    mape = f.next.backtest.get(f.next.model)
    style = fw.style(f.growth_low, f.growth_high, mape, f.next.fallback)
    return (fw.growth_said(f.growth, f.growth_low, f.growth_high, mape=mape, fallback=f.next.fallback),
            fw.amount_said(f.cumulative, f.cumulative_low, f.cumulative_high, "万元", rate_style=style))


def test_negative_growth_reads_decline(demo, half):
    text = _all_text(half)
    inv = demo["core"]["by"][("all", "industrial_investment")]
    assert inv.yoy_pct < 0  # the demo county's investment fell: the sentence must say so
    assert f"较上年同期下降{ph.growth_abs(inv.yoy_pct)}" in text
    assert "二是工业投资下降明显" in text or "二是工业投资有所下降" in text
    assert "增长-" not in text and "下降-" not in text
    assert f"从主要指标看，工业投资同比下降{ph.growth_abs(inv.yoy_pct)}" in text


def _high_tech_on(day) -> int:
    """The enterprises with a 高新技术企业 certificate valid on ``day``, counted from the records one by one."""
    from kegong.tech.models import HighTechCertificate

    return len({c.enterprise_id for c in HighTechCertificate.objects.all() if c.is_valid_on(day)})


def test_the_high_tech_count_is_the_count_of_certificate_records(demo, half):
    """国家级高新技术企业数 in the half-year summary is the number of enterprises whose certificate the ledger
    lists as valid on 2026-06-30 (issue 12) — the demo's certificates, not a typed figure."""
    from kegong.core.periods import Period
    from kegong.core.stats.scopes import Scope
    from kegong.measures.registry import MeasureData, measure

    n = _high_tech_on(dt.date(2026, 6, 30))
    assert 25 <= n <= 40
    assert f"其中国家级高新技术企业{n}家" in _all_text(half)
    assert measure("high_tech_enterprises").compute(Period.cumulative(2026, 6), Scope.county(),
                                                    MeasureData(panel=None)).level == n


def _record_counts() -> set[str]:
    """The counts of ledger records (RECORD_COUNTS) for 2026年1-6月, as the documents write them."""
    from decimal import Decimal

    from kegong.core.catalogue import RECORD_COUNTS
    from kegong.core.periods import Period
    from kegong.core.stats.scopes import Scope
    from kegong.measures.registry import MeasureData, measure
    from kegong.reports.difficulties import CODES

    june = Period.cumulative(2026, 6)
    values = {d: measure(d.code).compute(june, Scope.county(), MeasureData(panel=None)).level
              for d in RECORD_COUNTS.values()}
    appeals = {measure(c).compute(june, Scope.county(), MeasureData(panel=None)).level
               for c in (*CODES, "appeals_procedure")}  # 手续 in all: the sum of its procedures
    return ({ph.num(Decimal(str(v)), d.digits) for d, v in values.items() if v is not None}
            | {str(int(v)) for v in appeals if v is not None})  # the 三难 paragraph's 企业诉求 counts


def test_every_number_in_the_text_is_one_of_the_cores(demo, half):
    """Strip dates and numbering, then each number left must be a figure the core (or a fact) gives."""
    from kegong.core.catalogue import FACTS
    from kegong.county.selectors import facts_for

    core = demo["core"]
    allowed: set[str] = set()
    for r in core["by"].values():
        for v in (r.cumulative, r.cumulative_prior_year, r.net_addition):
            allowed |= {ph.yi(v), ph.wan(v), ph.yi(abs(v)) if v is not None else "", ph.wan(abs(v)) if v else ""}
        for v in (r.yoy_pct, r.pp_change):
            allowed.add(ph.growth_abs(v).rstrip("%"))
        allowed.add(str(r.members))
    allowed.add(ph.growth_abs(core["va"].official_pct).rstrip("%"))
    for value, growth in core["county"].values():
        allowed |= {ph.yi(value), ph.wan(value), ph.growth_abs(growth).rstrip("%")}
    for f in core["forecasts"].values():  # a forecast is said as its point or its range (forecast_words)
        for v in (f.cumulative, f.cumulative_low, f.cumulative_high):
            allowed.add(ph.yi(v))
        for g in (f.growth, f.growth_low, f.growth_high):
            allowed.add(ph.growth_abs(g).rstrip("%"))
    go, go_next = core["by"][("all", "gross_output")].yoy_pct, core["forecasts"]["gross_output"]
    for g in (go_next.growth, go_next.growth_low, go_next.growth_high):  # 增加值: official moved by output's change
        allowed.add(ph.growth_abs(core["va"].official_pct + (g - go)).rstrip("%"))
    allowed |= _rest_of_year(core)
    allowed |= {ph.growth_abs(g).rstrip("%") for g in core["published_growth"].values()}
    facts = facts_for(2026, 6)
    allowed |= {ph.num(facts[d.code], d.digits) for d in FACTS if d.code in facts}
    allowed.add(str(_high_tech_on(dt.date(2026, 6, 30))))  # counted from the ledger, not a fact
    allowed |= _record_counts()  # 研发备案, 科技型中小企业 …: counted from the demo's 台账, no longer typed
    from kegong.enterprises.models import ScaleStatus

    allowed.add(str(ScaleStatus.objects.filter(year=2026, above_scale=True, entered_year=2026).count()))
    allowed |= {"8", "20", "12"}  # the annual targets set above (主要目标)
    # the analyst's paragraphs (结构, 企业, 以电折产, 投资结构) are checked against the panel's own arrays in
    # tests/reports/test_analysis.py; here every other number
    text = "\n".join(line for line in _body(half).split("\n") if not line.startswith(("从结构看", "从投资结构看")))
    text = re.sub(r"\d{4}年(\d{1,2}月\d{1,2}日)?", "", text)  # years and the date
    text = re.sub(r"\d{1,2}-\d{1,2}月|\d{1,2}月", "", text)  # period spans
    text = re.sub(r"(?m)^\d[.．]|[图表]\d+", "", text)  # list numbering, figure and table numbers
    text = text.replace("5G", "G")
    stray = [n for n in re.findall(r"\d+(?:\.\d+)?", text) if n not in allowed]
    assert stray == []


def test_nothing_left_unrendered(half):
    text = _all_text(half)
    assert "{{" not in text and "{%" not in text and "}}" not in text and "%}" not in text
    assert not re.search(r"(?<![A-Za-z])x+(?![A-Za-z])", text, flags=re.IGNORECASE)
    assert "—" not in _body(half).replace("——", "")  # no missing figure (all facts entered)


def test_prose_comes_from_the_briefing_app(half):
    text = _body(half)
    assert "（一）本期问题一：要素保障仍需加强。" in text and "（二）本期问题二：创新投入偏弱。" in text
    assert "（一）上期举措：继续抓好企业帮扶。" in text  # carried over from 2026-05
    # the default target names come from the catalogue (新增规上工业企业数 → 新增规上工业企业)
    assert "全年规模工业增加值累计增长8%左右" in text and "全年新增规上工业企业12家以上" in text


def test_charts_and_tables_are_real(demo, half):
    assert len(half.inline_shapes) >= 3
    by, b = demo["core"]["by"], demo["core"]["towns"]
    table = next(t for t in half.tables if t.rows[0].cells[0].text.startswith("乡镇"))
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    shown = []
    for part in b.parts:
        r = by[(part.key, "gross_output")]
        row = rows[part.label]
        assert row[:4] + row[5:] == [part.label, str(r.members), ph.yi(r.cumulative), ph.num(r.yoy_pct, 1),
                                     str(part.rank_growth)]
        pull = Decimal(row[4])  # 拉动: within one unit of the last place of the town's own pull …
        assert abs(float(pull) - part.pull_pp) < 0.1 + 1e-9
        shown.append(pull)
    county = by[("all", "gross_output")]
    assert rows["全县合计"][2] == ph.yi(county.cumulative)
    # … and rounded so that the column adds up to the county's growth as printed (the table's note says so)
    assert sum(shown) == Decimal(ph.num(county.yoy_pct, 1)) == Decimal(rows["全县合计"][4])


def test_monthly_briefing(demo):
    res = demo["results"]["monthly"]
    assert res.exit_code == 0, res.output
    doc = Document(str(demo["out"] / "monthly.docx"))
    text = _all_text(doc)
    by = demo["core"]["by"]
    go = by[("all", "gross_output")]
    assert f"实现总产值{ph.yi(go.cumulative)}亿元，{ph.growth(go.yoy_pct)}" in text
    f = demo["core"]["forecasts"]["tax"]
    assert f"预计1-7月{_said(f)[0]}" in text
    assert "工业投资：全年目标20亿元" in text
    assert len(doc.inline_shapes) >= 4
    assert "{{" not in text and "增长-" not in text


def test_markdown_preview_through_the_cli(demo):
    out = demo["out"] / "preview.md"
    from django.test.utils import override_settings  # noqa: F401  (the DB is the module's)

    res = _cli("report", "half-year", "--period", PERIOD, "-o", str(out), "--date", ISSUED)
    assert res.exit_code == 0, res.output
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# 青溪县科工局2026年上半年工作总结及下半年工作计划")
    assert (demo["out"] / "preview-chart1.png").exists()


def test_edited_template_with_unknown_placeholder_fails_clearly(demo, tmp_path):
    from kegong.reports.writer import default_template

    path = tmp_path / "mine.docx"
    shutil.copyfile(default_template("half-year"), path)
    doc = Document(str(path))
    doc.add_paragraph("本县共有{{ industry.enterprise_count }}家企业。")
    doc.save(str(path))
    res = _cli("report", "half-year", "--period", PERIOD, "--template", str(path), "-o", str(tmp_path / "x.docx"))
    assert res.exit_code == 2
    assert "enterprise_count" in res.stderr and "enterprises" in res.stderr and "new_enterprises" in res.stderr
    assert "Traceback" not in res.output and not (tmp_path / "x.docx").exists()


def test_period_without_data_is_one_chinese_line(demo):
    res = _cli("report", "monthly", "--period", "2026-09", "-o", "/tmp/never.docx")
    assert res.exit_code == 2 and "没有 2026年1-9月 的数据" in res.stderr


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_converts_with_libreoffice(demo, half, tmp_path):
    from kegong.reports.convert import docx_to_pdf, pdf_to_pngs

    pdf = docx_to_pdf(Path(demo["out"] / "half-year.docx"), tmp_path)
    assert pdf.stat().st_size > 10_000
    pages = pdf_to_pngs(pdf, tmp_path / "page", dpi=30, first=1, last=2)
    assert len(pages) == 2


def test_forecast_cache_returns_the_cores_forecast(demo, tmp_path):
    from kegong.core.periods import Period
    from kegong.figures.selectors import load_panel
    from kegong.reports.sources import _outlooks

    panel = load_panel(years=[2024, 2025, 2026])
    first = _outlooks(panel, Period.cumulative(2026, 6), ["tax"], 0.8, tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 1
    again = _outlooks(panel, Period.cumulative(2026, 6), ["tax"], 0.8, tmp_path)
    core = demo["core"]["forecasts"]["tax"]
    for o in (first["tax"], again["tax"]):
        assert (o.cumulative, o.growth, o.growth_low, o.growth_high) == pytest.approx(
            (core.cumulative, core.growth, core.growth_low, core.growth_high), rel=1e-12)
    _outlooks(panel, Period.cumulative(2026, 6), ["tax"], 0.9, tmp_path)  # another level: another entry
    assert len(list(tmp_path.glob("*.json"))) == 2
