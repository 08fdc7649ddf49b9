"""One number, one string: the CLI, the web page, the export and the Word text print a figure the same way.

Every shell rounds through ``kegong.core.numbers``: half up (四舍五入) from the number as written (a float's
shortest repr, so the binary 2.67499… of 2.675 still gives 2.68), ``0.0`` rather than ``-0.0``, ``—`` for a
figure that does not exist.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kegong.core import numbers as N
from kegong.core.periods import Period

# (figure, decimals, the one string every shell prints)
HALVES = [
    (12.25, 1, "12.3"),
    (0.05, 1, "0.1"),
    (-0.05, 1, "-0.1"),
    (-0.04, 1, "0.0"),
    (0.15, 1, "0.2"),
    (0.005, 2, "0.01"),
    (2.675, 2, "2.68"),  # binary 2.67499999…: still 2.68
    (1.005, 2, "1.01"),
    (-2.675, 2, "-2.68"),
    (-0.004, 2, "0.00"),
]


def signed(expected: str) -> str:
    """The same string as a change prints it: a plus before a positive figure, zero unsigned."""
    return expected if expected.startswith("-") or float(expected) == 0 else f"+{expected}"


# --- the core formatter, table by table ----------------------------------------------------------------
@pytest.mark.parametrize(("value", "nd", "grouping", "expected"), [
    (12.25, 1, True, "12.3"),
    (0.05, 1, True, "0.1"),
    (-0.05, 1, True, "-0.1"),
    (-0.04, 1, True, "0.0"),
    (-0.0, 2, True, "0.00"),
    (0.005, 2, True, "0.01"),
    (2.675, 2, True, "2.68"),
    (12.345, 2, True, "12.35"),
    (12.335, 2, True, "12.34"),  # half up, not to even
    (0.125, 2, True, "0.13"),
    (1234567.891, 2, True, "1,234,567.89"),
    (1234567.891, 2, False, "1234567.89"),
    (-1234.5, 0, True, "-1,235"),
    (2.5, 0, True, "3"),
    (Decimal("1234550"), 0, False, "1234550"),
    (Decimal("0.25"), 1, True, "0.3"),
    ("8.15", 1, True, "8.2"),
    (7, 2, True, "7.00"),
    (1e30, 2, False, "1000000000000000000000000000000.00"),
    (None, 2, True, "—"),
    (float("nan"), 1, True, "—"),
    (float("inf"), 1, True, "—"),
])
def test_fmt(value, nd, grouping, expected):
    assert N.fmt(value, nd, grouping=grouping) == expected


@pytest.mark.parametrize(("value", "nd", "expected_signed", "expected_pct"), [
    (1.25, 1, "+1.3", "+1.3%"),
    (-0.8, 1, "-0.8", "-0.8%"),
    (0, 1, "0.0", "0.0%"),
    (-0.04, 1, "0.0", "0.0%"),
    (0.05, 1, "+0.1", "+0.1%"),
    (-0.05, 1, "-0.1", "-0.1%"),
    (0.005, 2, "+0.01", "+0.01%"),
    (None, 1, "—", "—"),
])
def test_fmt_signed_and_pct(value, nd, expected_signed, expected_pct):
    assert N.fmt_signed(value, nd) == expected_signed
    assert N.fmt_pct(value, nd) == expected_pct


@pytest.mark.parametrize(("value", "nd", "expected"), [
    (2.675, 2, 2.68), (0.005, 2, 0.01), (-0.05, 1, -0.1), (12.25, 1, 12.3), (12.258064516, 2, 12.26),
    (1e-9, 2, 0.0), (None, 2, None), (float("nan"), 2, None),
])
def test_round_half_up(value, nd, expected):
    got = N.round_half_up(value, nd)
    assert got == expected and (got is None or isinstance(got, float))
    if got == 0:
        assert str(got) == "0.0"  # never -0.0 in JSON


def test_round_half_up_never_gives_negative_zero():
    assert str(N.round_half_up(-0.004, 2)) == "0.0" and str(N.round_half_up(-1e-12, 1)) == "0.0"


@pytest.mark.parametrize(("value", "max_nd", "expected"), [
    (8, 2, "8"), (8.5, 2, "8.5"), (1.25, 2, "1.25"), (1.255, 2, "1.26"), (40.0, 2, "40"), (12, 0, "12"),
    (-0.001, 2, "0"), (Decimal("0.5000"), 4, "0.5"), (None, 2, "—"),
])
def test_fmt_plain(value, max_nd, expected):
    assert N.fmt_plain(value, max_nd) == expected


def test_not_a_number_is_a_chinese_input_error():
    from kegong.core.errors import InputError

    with pytest.raises(InputError, match="不是数字"):
        N.fmt("abc")


# --- the same figure in every shell ----------------------------------------------------------------------
def _cli_cells(value: float, nd: int) -> tuple[str, str]:
    """The ``kegong indicators`` text table (amounts at 2 decimals, rates at 1): (cumulative, growth) cells."""
    from kegong.core.stats.indicators import IndicatorRow, format_table

    row = IndicatorRow(code="gross_output", name="工业总产值", unit="万元", scope="all", scope_name="全县", members=3,
                       cumulative=value, cumulative_prior_year=None, yoy_pct=value, yoy_pct_prev=None,
                       pp_change=None, month=None, month_prior_year=None, month_yoy_pct=None, net_addition=None,
                       last_year_cumulative=None, naive_yoy_pct=None, yoy_pct_last_year=None,
                       pp_change_last_year=None)
    text = format_table(Period.cumulative(2026, 6), [row])
    cells = next(line for line in text.splitlines() if line.strip().startswith("工业总产值")).split()
    return cells[2], cells[4]


def _cli_ranking(value: float, nd: int) -> str:
    """The ``kegong ranking`` cells and the ``kegong targets`` completion column use the same formatter."""
    from kegong.core.texttable import text_table

    table = text_table(["名次", "乡镇"], [["1", N.fmt(value, nd)]], right={1})
    return table.splitlines()[-1].split()[-1]


def _web(value: float, nd: int, rf) -> dict[str, str]:
    """The dashboard as its template renders it (no database: the figures are handed over)."""
    from django.template.loader import render_to_string

    from kegong.core.stats.indicators import IndicatorRow
    from kegong.web import board

    row = IndicatorRow(code="gross_output", name="工业总产值", unit="万元", scope="all", scope_name="全县", members=3,
                       cumulative=value, cumulative_prior_year=None, yoy_pct=value, yoy_pct_prev=None,
                       pp_change=value, month=None, month_prior_year=None, month_yoy_pct=None, net_addition=None,
                       last_year_cumulative=None, naive_yoy_pct=None, yoy_pct_last_year=None,
                       pp_change_last_year=None)
    figures = {"cards": [], "trend": {"labels": ["1-6月"], "series": [], "name": "工业总产值"}, "targets": [],
               "alerts": [], "pullers": {"up": [], "down": []},
               "indicators": [row],
               "compare": [{"label": "城关镇", "current": value, "growth": value, "pull": value, "share": value,
                            "rank": 1}]}
    original = board.dashboard
    board.dashboard = lambda period, by: figures
    try:
        html = render_to_string("web/_dashboard.html", board.board_context(Period.cumulative(2026, 6), "town"))
    finally:
        board.dashboard = original
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    total = re.findall(r"<td[^>]*>([^<]*)</td>", next(r for r in rows if "工业总产值" in r))
    town = re.findall(r"<td[^>]*>([^<]*)</td>", next(r for r in rows if "城关镇" in r))
    return {"cumulative": total[1], "yoy": total[3], "pp": total[4], "town_cumulative": town[2],
            "town_yoy": town[3], "town_pull": town[4]}


def _export(value: float, tmp_path) -> float:
    """``kegong export`` / the web download: the cell holds the exact figure (the spreadsheet formats it)."""
    from openpyxl import load_workbook

    from kegong.imports.exports import write_xlsx

    path = tmp_path / "figures.xlsx"
    write_xlsx(path, [("企业月度数据", ["本月"], [[value]])])
    return load_workbook(path).active.cell(2, 1).value


@pytest.mark.parametrize(("value", "nd", "expected"), HALVES)
def test_cli_web_export_and_word_print_the_same_string(value, nd, expected, rf, tmp_path):
    from kegong.core.stats.targets import TargetKind, figure_text
    from kegong.reports import phrasing as ph

    # the Word text (every phrase of the documents goes through phrasing)
    assert ph.num(value, nd) == expected
    assert ph.pp(value, nd) == signed(expected)
    assert ph.pct(value, nd) == f"{expected}%"
    # the CLI
    cum_cell, growth_cell = _cli_cells(value, nd)
    assert (cum_cell if nd == 2 else growth_cell) == expected
    assert _cli_ranking(value, nd) == expected
    # a target's figure: the same function for `kegong targets`, the web and the documents
    assert figure_text(TargetKind.LEVEL if nd == 2 else TargetKind.GROWTH, value, "亿元") == (
        f"{expected}亿元" if nd == 2 else f"{expected}%")
    # the web page (amounts at 2 decimals, rates at 1, the town's pull at 2)
    web = _web(value, nd, rf)
    if nd == 2:
        assert web["cumulative"] == web["town_cumulative"] == expected
        assert web["town_pull"] == signed(expected)
    else:
        assert web["yoy"] == web["town_yoy"] == f"{signed(expected)}%"
        assert web["pp"] == signed(expected)
        assert N.round_half_up(value, 1) == float(expected)  # the chart data (trend, yoy_chart)
    # the export keeps the exact figure; shown by the same formatter it reads the same
    cell = _export(value, tmp_path)
    assert cell == value and N.fmt(cell, nd) == expected


def test_grouping_is_the_one_difference_between_tables_and_documents():
    """Tables (CLI, web) group thousands; 公文 text does not — the digits are the same."""
    from kegong.reports import phrasing as ph

    v = 1234567.125
    assert N.fmt(v) == "1,234,567.13" and ph.num(v, 2) == "1234567.13" and ph.wan(v) == "1234567.13"
    assert ph.yi(v) == N.fmt(v / 10000, 2) == "123.46"


def test_indicators_json_rounds_half_up_and_keeps_its_shape():
    from kegong.core.stats.indicators import CONTRACT_KEYS, IndicatorRow, table_json

    row = IndicatorRow(code="gross_output", name="工业总产值", unit="万元", scope="all", scope_name="全县", members=3,
                       cumulative=2.675, cumulative_prior_year=None, yoy_pct=-0.004, yoy_pct_prev=float("nan"),
                       pp_change=0.005, month=None, month_prior_year=None, month_yoy_pct=None, net_addition=None,
                       last_year_cumulative=None, naive_yoy_pct=None, yoy_pct_last_year=None,
                       pp_change_last_year=None)
    doc = table_json(Period.cumulative(2026, 6), [row])
    got = doc["indicators"][0]
    assert tuple(got)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert (got["cumulative"], got["yoy_pct"], got["yoy_pct_prev"], got["pp_change"]) == (2.68, 0.0, None, 0.01)
    assert str(got["yoy_pct"]) == "0.0" and got["members"] == 3


def test_target_sentence_is_one_for_cli_and_documents():
    from kegong.core.stats.targets import TargetKind, TargetSpec, assess
    from kegong.reports.context import target_view
    from kegong.reports.data import TargetLine

    june = Period.cumulative(2026, 6)
    spec = TargetSpec(2026, "industrial_investment", "工业投资", TargetKind.LEVEL, 40, "亿元")
    p = assess(spec, june, 12.625)
    line = TargetLine(code=spec.code, name=spec.name, kind=str(spec.kind), target=spec.value, unit=spec.unit,
                      actual=p.actual, completion=p.completion, time_progress=p.time_progress,
                      gap_points=p.gap_points, status_label=p.status.label, message=p.message)
    view = target_view(line, june)
    assert view.text == p.message == (
        "工业投资：全年目标40亿元，1-6月完成12.63亿元，完成率31.6%，慢于时间进度18.4个百分点（滞后）")
    assert view.actual_text == "12.63亿元" and view.target_text == "40亿元"
