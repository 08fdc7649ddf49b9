"""Rendering the default templates with hand-made data; placeholder errors; the Markdown preview."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest
from docx import Document

from kegong.reports import charts as ch
from kegong.reports.writer import ReportError, check, default_template, render, to_markdown
from tests.reports.sample import sample_data


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def rendered():
    return {kind: render(sample_data(), default_template(kind)) for kind in ("half-year", "monthly")}


@pytest.mark.parametrize("kind", ["half-year", "monthly"])
def test_default_templates_render_completely(rendered, kind):
    doc = rendered[kind].document
    text = _text(doc)
    assert "{{" not in text and "{%" not in text and "}}" not in text
    assert not re.search(r"(?<![A-Za-z])x+(?![A-Za-z])", text)
    assert "增长-" not in text and "下降-" not in text
    assert "同比下降11.8%" in text or "较上年同期下降11.8%" in text  # the sample's investment, -11.76%
    assert "万千瓦时" in text and not re.search(r"万千瓦(?!时)", text)
    assert len(doc.inline_shapes) >= 3
    assert len(doc.tables) >= 3


def test_town_table_rows_are_real_rows(rendered):
    doc = rendered["half-year"].document
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("乡镇"))
    names = [r.cells[0].text for r in table.rows[1:]]
    assert names == ["城关镇", "龙溪街道", "金山街道", "白沙镇", "青山镇", "全县合计"]
    assert [r.cells[5].text for r in table.rows[1:-1]] == ["1", "2", "3", "4", "5"]


def _edited(tmp_path: Path, replace: str, by: str) -> Path:
    """A copy of the half-year template with one tag changed, as a user would in Word."""
    path = tmp_path / "edited.docx"
    shutil.copyfile(default_template("half-year"), path)
    doc = Document(str(path))
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells
                                         for p in c.paragraphs]
    for p in paragraphs:
        for r in p.runs:
            if replace in r.text:
                r.text = r.text.replace(replace, by)
                doc.save(str(path))
                return path
    raise AssertionError(f"{replace} not in template")


def test_unknown_top_level_placeholder_is_named_with_the_known_ones(tmp_path):
    path = _edited(tmp_path, "{{ county.name }}", "{{ coutny.name }}")
    with pytest.raises(ReportError) as e:
        render(sample_data(), path)
    msg = str(e.value)
    assert "coutny" in msg and "county" in msg and "industry" in msg and "CONTEXT.md" in msg


def test_unknown_nested_placeholder_is_named_with_the_known_ones(tmp_path):
    path = _edited(tmp_path, "{{ industry.gross_output.cumulative_yi }}", "{{ industry.gross_output.cumulativ_yi }}")
    with pytest.raises(ReportError) as e:
        render(sample_data(), path)
    msg = str(e.value)
    assert "cumulativ_yi" in msg and "{{ industry.gross_output.cumulativ_yi }}" in msg
    assert "cumulative_yi" in msg and "growth" in msg


def test_unknown_fact_code_in_a_condition_is_an_error(tmp_path):
    path = _edited(tmp_path, "{% if facts.tech_sme %}", "{% if facts.tech_smes %}")
    with pytest.raises(ReportError, match="tech_smes"):
        render(sample_data(), path)


def test_syntax_error_is_one_chinese_line(tmp_path):
    path = _edited(tmp_path, "{{ county.name }}", "{{ county.name }")
    with pytest.raises(ReportError, match="模板语法错误"):
        render(sample_data(), path)


def test_not_a_docx(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(ReportError, match="不是有效的 Word"):
        render(sample_data(), bad)


def test_forecasts_are_made_only_for_what_the_template_uses():
    listed = ("gross_output", "electricity")
    # gross output's forecast is what the 增加值 and 高新技术产业增加值 预计 figures are made from
    assert set(check(default_template("half-year"), listed)) == {
        "gross_output", "industrial_investment", "renovation_investment", "rd_spend"}
    assert check(default_template("monthly"), listed) == listed


def test_check_covers_branches_and_loops_without_data(tmp_path):
    """The static check sees a typo in a branch the data would not take and inside a table-row loop."""
    path = _edited(tmp_path, "{% if facts.wall_waste_used %}、利用工业废渣{{ facts.wall_waste_used.text }}",
                   "{% if facts.wall_waste_used %}、利用工业废渣{{ facts.wall_waste_used.txet }}")
    with pytest.raises(ReportError, match="txet"):
        check(path)
    path = _edited(tmp_path, "{{ t.gross_output.cumulative_yi }}", "{{ t.gross_output.cumulative_yy }}")
    with pytest.raises(ReportError) as e:
        check(path)
    assert "cumulative_yy" in str(e.value) and "cumulative_yi" in str(e.value)
    path = _edited(tmp_path, "{{ t.gross_output.cumulative_yi }}", "{{ t.gross_outptu.cumulative_yi }}")
    with pytest.raises(ReportError) as e:
        check(path)
    assert "gross_outptu" in str(e.value) and "rank" in str(e.value) and "tax" in str(e.value)


def test_default_templates_pass_the_check():
    for kind in ("half-year", "monthly"):
        check(default_template(kind))


def test_markdown_preview(rendered, tmp_path):
    md = to_markdown(rendered["monthly"], tmp_path, image_prefix="m-")
    assert md.startswith("# 工业经济运行简报")
    assert "## 一、总体运行情况" in md
    assert "| 乡镇（街道） | 企业数（家） |" in md
    images = sorted(tmp_path.glob("m-chart*.png"))
    assert len(images) >= 3 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in images)
    assert "{{" not in md


def test_charts_have_no_missing_glyphs():
    data = sample_data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = [
            ch.trend_chart({"工业总产值": data.trend["gross_output"], "工业投资": data.trend["industrial_investment"]}),
            ch.growth_bars(["城关镇", "龙溪街道", "电力、热力、燃气及水生产和供应业"], [12.3, -4.5, 0.0], average=8.1),
            ch.growth_and_pull(["采矿业", "制造业"], [-4.0, 13.0], [-0.5, 10.3]),
            ch.target_progress(["工业投资", "新增规上企业"], [37.5, 58.3], 50.0),
        ]
    glyph = [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert glyph == []
    assert all(p and p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_nothing_to_draw_gives_no_chart():
    assert ch.trend_chart({"工业总产值": [("1-2月", None)]}) is None
    assert ch.growth_bars(["城关镇"], [None]) is None
    assert ch.target_progress([], [], 50.0) is None


def test_a_share_target_is_drawn_against_its_goal_not_the_time_progress(monkeypatch):
    """高新比重 at 94.7 % of its goal in June (time progress 50 %) is 滞后 in `targets`: the chart draws it orange
    too, beside an amount target ahead of the time progress (blue) and one behind it (orange)."""
    from dataclasses import replace

    from kegong.reports.data import TargetLine
    from kegong.reports.writer import chart_images

    data = sample_data()
    share = TargetLine("high_tech_gdp_share", "高新技术产业增加值占GDP比重", "share", 12.9, "%", 12.22, 12.22 / 12.9,
                       0.5, 12.22 - 12.9, "滞后", "")
    data = replace(data, targets=[*data.targets, share])
    seen = {}

    def spy(names, completion, tp, behind=None, shares=None):
        seen.update({r.label: r for r in ch.target_rows(names, completion, tp, behind, shares)})
        return None

    monkeypatch.setattr(ch, "target_progress", spy)
    from kegong.reports.context import build_context

    chart_images(build_context(data), data)
    assert seen["高新技术产业增加值占GDP比重（比重）"].colour == ch.ORANGE
    assert round(seen["高新技术产业增加值占GDP比重（比重）"].value, 1) == 94.7
    assert seen["新增规上企业"].colour == ch.BLUE  # 58.3 % against 50 %: 超前
    assert seen["工业投资"].colour == ch.ORANGE  # 37.5 % against 50 %: 滞后
    assert "规上工业增加值增长" not in seen  # growth targets are not drawn as completion


@pytest.mark.parametrize("completion, tp, expected", [(49.9, 50.0, "orange"), (50.0, 50.0, "blue"), (80.0, 50.0, "blue")])
def test_target_bars_default_to_the_time_progress(completion, tp, expected):
    (bar,) = ch.target_rows(["工业投资"], [completion], tp)
    assert bar.colour == {"orange": ch.ORANGE, "blue": ch.BLUE}[expected]
