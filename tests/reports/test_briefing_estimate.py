"""The monthly briefing says the 用电折算产值 estimate while the next month's statistics are out: the power
company's July list is in, the statistics bureau's July is not — the 1-6月 briefing carries the county's
estimate for 1-7月 as the dashboard's card gives it; once July's statistics arrive the sentence goes."""

from __future__ import annotations

import dataclasses

import pytest

from kegong.core.periods import Period

pytestmark = pytest.mark.django_db

JULY = (2026, 7)


@pytest.fixture
def pending(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=2026, n_enterprises=150, last=JULY))
    held = [f for f in demo.records.figures if (f.year, f.month) == JULY and f.indicator != "electricity"]
    kept = [f for f in demo.records.figures if not ((f.year, f.month) == JULY and f.indicator != "electricity")]
    load_demo(dataclasses.replace(demo, records=dataclasses.replace(demo.records, figures=kept)))
    return held


def _briefing_text(tmp_path) -> str:
    from docx import Document

    from kegong.reports.sources import gather
    from kegong.reports.writer import default_template, write_docx

    data = gather(Period.cumulative(2026, 6), forecast_codes=())
    out = tmp_path / "m.docx"
    write_docx(data, out, default_template("monthly"))
    return "\n".join(p.text for p in Document(str(out)).paragraphs)


def test_the_briefing_says_the_estimate_then_drops_it(pending, tmp_path):
    from kegong.core.records import RecordSet
    from kegong.figures.estimates import early_estimates
    from kegong.imports.writer import write_records
    from kegong.reports.estimate_view import estimate_view

    said = estimate_view(early_estimates())  # the dashboard card's estimate, phrased for the briefing
    assert said["available"] and said["span"] == "1-7月"
    text = _briefing_text(tmp_path)
    assert said["text"] in text and "待统计数据公布后更新" in text
    write_records(RecordSet(source="tongji", figures=pending), file_name="2026年7月规上工业.xlsx",
                  file_hash="july-statistics", replace_scope=False)
    assert "据此预估" not in _briefing_text(tmp_path)  # July's statistics are in: nothing left to estimate
