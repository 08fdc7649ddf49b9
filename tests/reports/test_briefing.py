"""The briefing app: per-period facts and texts, last period's text as the starting point."""

from __future__ import annotations

import pytest

from kegong.core.catalogue import FACTS, TEXTS, paragraphs
from kegong.core.errors import InputError
from kegong.county.selectors import facts_for
from kegong.county.services import county_figure_set
from kegong.reports.defaults import DEFAULT_TEXTS
from kegong.reports.models import PeriodText
from kegong.reports.selectors import starting_text, texts_for
from kegong.reports.services import period_text_set, period_texts_start

pytestmark = pytest.mark.django_db


def test_every_text_kind_has_a_default_and_facts_are_unique():
    assert set(DEFAULT_TEXTS) == {t.kind for t in TEXTS}
    assert len({f.code for f in FACTS}) == len(FACTS)


def test_paragraphs():
    assert paragraphs("  一段。\n\n  二段。 \n") == ["一段。", "二段。"]


def test_texts_own_carried_default():
    period_text_set(kind="problems", year=2026, month=5, text="五月的问题。")
    period_text_set(kind="problems", year=2025, month=12, text="去年的问题。")
    period_text_set(kind="measures", year=2026, month=6, text="六月的举措。")
    t = texts_for(2026, 6)
    assert (t["problems"].text, t["problems"].source, t["problems"].from_period) == ("五月的问题。", "carried", "2026-05")
    assert (t["measures"].text, t["measures"].source) == ("六月的举措。", "own")
    assert (t["intro"].text, t["intro"].source) == (DEFAULT_TEXTS["intro"], "default")
    assert texts_for(2026, 4)["problems"].from_period == "2025-12"  # never a later period's text
    assert texts_for(2026, 4)["measures"].source == "default"


def test_start_period_copies_the_latest_earlier_texts_once():
    period_text_set(kind="problems", year=2026, month=5, text="五月的问题。")
    created = period_texts_start(year=2026, month=6)
    assert set(created) == {t.kind for t in TEXTS}
    row = PeriodText.objects.get(kind="problems", year=2026, month=6)
    assert (row.text, row.based_on) == ("五月的问题。", "2026-05")
    assert PeriodText.objects.get(kind="intro", year=2026, month=6).based_on == ""  # from the default
    period_text_set(kind="problems", year=2026, month=6, text="改过的。")
    assert period_texts_start(year=2026, month=6) == []
    assert texts_for(2026, 6)["problems"].text == "改过的。"


def test_no_period_fact_is_typed_any_more():
    """预计新增 is counted from the 升规入统 list now: a published figure set for the period is not a fact."""
    county_figure_set(code="gdp", year=2026, month=6, value="3")
    assert facts_for(2026, 6) == {}
    with pytest.raises(InputError, match="未知的填报项目"):
        county_figure_set(code="new_enterprises_expected", year=2026, month=6, value=3)


@pytest.mark.parametrize(("code", "value", "message"), [
    ("no_such", 1, "未知的填报项目"), ("gdp", "abc", "不是数字"),
    ("gdp", -1, "非负数"), ("gdp", "nan", "非负数"),
    ("tech_sme", 21, "未知的填报项目"),  # counted from the 科技型中小企业入库 ledger, no longer typed
    ("g5_open_sites", 21, "未知的填报项目")])  # counted from the 5G基站 ledger (issue 13)
def test_set_fact_errors(code, value, message):
    with pytest.raises(InputError, match=message):
        county_figure_set(code=code, year=2026, month=6, value=value)


def test_unknown_text_kind():
    with pytest.raises(InputError, match="未知的文字栏目"):
        starting_text("nope", 2026, 6)


def test_admin_add_form_starts_from_last_periods_text(admin_client):
    period_text_set(kind="problems", year=2026, month=5, text="五月的问题：用工难。")
    res = admin_client.get("/admin/reports/periodtext/add/?kind=problems&year=2026&month=6")
    assert res.status_code == 200
    body = res.content.decode()
    assert "五月的问题：用工难。" in body and "2026-05" in body


def test_admin_lists_facts(admin_client):
    county_figure_set(code="gdp", year=2026, month=6, value=3)
    res = admin_client.get("/admin/county/countyfigure/")
    assert res.status_code == 200 and "地区生产总值" in res.content.decode()


def _cli(*args: str, input: str | None = None):
    from click.testing import CliRunner

    from kegong.cli import main
    from kegong.cli import reports as cli_reports

    original = cli_reports.setup_django
    cli_reports.setup_django = lambda **kw: None
    try:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    finally:
        cli_reports.setup_django = original


def test_briefing_commands():
    res = _cli("briefing", "set", "--period", "2026-06", "gdp", "3")
    assert res.exit_code == 0 and "地区生产总值：3万元" in res.stdout
    res = _cli("briefing", "set", "--period", "2026-06", "g5_done_sites", "145")  # counted from records
    assert res.exit_code == 2 and "未知的填报项目" in res.stderr
    res = _cli("briefing", "text", "--period", "2026-06", "problems", "-", input="第一段。\n第二段。\n")
    assert res.exit_code == 0
    assert texts_for(2026, 6)["problems"].text == "第一段。\n第二段。"
    res = _cli("briefing", "start", "--period", "2026-07")
    assert res.exit_code == 0 and "已建立 9 栏文字" in res.stdout
    res = _cli("briefing", "text", "--period", "2026-07", "problems")
    assert res.stdout.strip() == "第一段。\n第二段。"
    res = _cli("briefing", "show", "--period", "2026-06")
    assert "填报数据（0/0 项）" in res.stdout and "problems" in res.stdout
    res = _cli("briefing", "set", "--period", "2026-6-7", "tech_sme", "1")
    assert res.exit_code == 2 and "不是累计期" in res.stderr
