"""The briefing app: per-period facts and texts, last period's text as the starting point."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.briefing.catalogue import FACTS, TEXTS, paragraphs
from kegong.briefing.defaults import DEFAULT_TEXTS
from kegong.briefing.models import PeriodText
from kegong.briefing.services import (
    BriefingError,
    facts_for,
    set_fact,
    set_text,
    start_period,
    starting_text,
    texts_for,
)

pytestmark = pytest.mark.django_db


def test_every_text_kind_has_a_default_and_facts_are_unique():
    assert set(DEFAULT_TEXTS) == {t.kind for t in TEXTS}
    assert len({f.code for f in FACTS}) == len(FACTS)


def test_paragraphs():
    assert paragraphs("  一段。\n\n  二段。 \n") == ["一段。", "二段。"]


def test_texts_own_carried_default():
    set_text("problems", 2026, 5, "五月的问题。")
    set_text("problems", 2025, 12, "去年的问题。")
    set_text("measures", 2026, 6, "六月的举措。")
    t = texts_for(2026, 6)
    assert (t["problems"].text, t["problems"].source, t["problems"].from_period) == ("五月的问题。", "carried", "2026-05")
    assert (t["measures"].text, t["measures"].source) == ("六月的举措。", "own")
    assert (t["intro"].text, t["intro"].source) == (DEFAULT_TEXTS["intro"], "default")
    assert texts_for(2026, 4)["problems"].from_period == "2025-12"  # never a later period's text
    assert texts_for(2026, 4)["measures"].source == "default"


def test_start_period_copies_the_latest_earlier_texts_once():
    set_text("problems", 2026, 5, "五月的问题。")
    created = start_period(2026, 6)
    assert set(created) == {t.kind for t in TEXTS}
    row = PeriodText.objects.get(kind="problems", year=2026, month=6)
    assert (row.text, row.based_on) == ("五月的问题。", "2026-05")
    assert PeriodText.objects.get(kind="intro", year=2026, month=6).based_on == ""  # from the default
    set_text("problems", 2026, 6, "改过的。")
    assert start_period(2026, 6) == []
    assert texts_for(2026, 6)["problems"].text == "改过的。"


def test_facts_are_per_period_never_carried():
    set_fact("tech_sme", 2026, 5, 21)
    set_fact("tech_sme", 2026, 6, "23")
    assert facts_for(2026, 6) == {"tech_sme": Decimal("23")}
    assert facts_for(2026, 7) == {}


@pytest.mark.parametrize(("code", "value", "message"), [
    ("no_such", 1, "未知的填报项目"), ("tech_sme", "abc", "不是数字"), ("tech_sme", -1, "非负数"),
    ("tech_sme", "nan", "非负数")])
def test_set_fact_errors(code, value, message):
    with pytest.raises(BriefingError, match=message):
        set_fact(code, 2026, 6, value)


def test_unknown_text_kind():
    with pytest.raises(BriefingError, match="未知的文字栏目"):
        starting_text("nope", 2026, 6)


def test_admin_add_form_starts_from_last_periods_text(admin_client):
    set_text("problems", 2026, 5, "五月的问题：用工难。")
    res = admin_client.get("/admin/briefing/periodtext/add/?kind=problems&year=2026&month=6")
    assert res.status_code == 200
    body = res.content.decode()
    assert "五月的问题：用工难。" in body and "2026-05" in body


def test_admin_lists_facts(admin_client):
    set_fact("g5_done_sites", 2026, 6, 145)
    res = admin_client.get("/admin/briefing/periodfact/")
    assert res.status_code == 200 and "5G站点累计建成数" in res.content.decode()


def _cli(*args: str, input: str | None = None):
    from click.testing import CliRunner

    from kegong import cli_reports
    from kegong.cli import main

    original = cli_reports.setup_django
    cli_reports.setup_django = lambda **kw: None
    try:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    finally:
        cli_reports.setup_django = original


def test_briefing_commands():
    res = _cli("briefing", "set", "--period", "2026-06", "g5_done_sites", "145")
    assert res.exit_code == 0 and "5G站点累计建成数：145个" in res.stdout
    res = _cli("briefing", "set", "--period", "2026-06", "g5_done_site", "145")
    assert res.exit_code == 2 and "未知的填报项目" in res.stderr
    res = _cli("briefing", "text", "--period", "2026-06", "problems", "-", input="第一段。\n第二段。\n")
    assert res.exit_code == 0
    assert texts_for(2026, 6)["problems"].text == "第一段。\n第二段。"
    res = _cli("briefing", "start", "--period", "2026-07")
    assert res.exit_code == 0 and "已建立 9 栏文字" in res.stdout
    res = _cli("briefing", "text", "--period", "2026-07", "problems")
    assert res.stdout.strip() == "第一段。\n第二段。"
    res = _cli("briefing", "show", "--period", "2026-06")
    assert "5G站点累计建成数：145个" in res.stdout and "problems" in res.stdout
    res = _cli("briefing", "set", "--period", "2026-6-7", "tech_sme", "1")
    assert res.exit_code == 2 and "不是累计期" in res.stderr
