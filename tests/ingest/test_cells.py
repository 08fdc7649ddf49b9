"""Cell parsing, header labels, units and periods — plain functions, no database."""

from decimal import Decimal

import pytest

from kegong.core.periods import find_period_in
from kegong.readers.cells import NotANumber, norm_label, parse_number
from kegong.readers.errors import Loc, column_letter
from kegong.readers.layout import find_period, unit_in_label, units_in_text
from kegong.readers.matching import NameIndex, name_keys
from kegong.readers.simple import month_of
from kegong.readers.tongji import sub_kind


@pytest.mark.parametrize(("raw", "expected"), [
    (12, Decimal(12)), (12.5, Decimal("12.5")), (3.0, Decimal(3)), ("1,234.5", Decimal("1234.5")),
    ("１２３４", Decimal(1234)), ("１，２３４．５", Decimal("1234.5")), (" 12 ", Decimal(12)), ("-3.2", Decimal("-3.2")),
    ("−7", Decimal(-7)), ("(15)", Decimal(-15)), ("", None), (None, None), ("-", None), ("—", None),
    ("12,345,678", Decimal(12345678)),
])
def test_numbers_are_read_with_separators_and_full_width_digits(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["12,3O5", "约100", "1,23", "12.3.4", "100万", "abc", "1 2,3"])
def test_text_that_is_not_a_number_is_refused(raw):
    with pytest.raises(NotANumber) as e:
        parse_number(raw)
    assert "不是数字" in str(e.value)


def test_labels_are_normalised_brackets_spaces_dashes():
    assert norm_label("工业总产值（当年价格）") == "工业总产值(当年价格)"
    assert norm_label(" 1—本月 ") == "1-本月"
    assert norm_label("1～本月") == "1-本月"
    assert norm_label("所在乡镇 （街道）") == "所在乡镇(街道)"
    for s in ("1-本月", "1—本月", "1－本月", "本年累计", "1-本月累计"):
        assert sub_kind(norm_label(s)) == "cumulative", s
    assert sub_kind("本月") == "value"
    assert sub_kind("上年同月") == "prior_year_value"
    assert sub_kind("上年同期") == "prior_year_cumulative"


def test_units_from_the_unit_line_and_from_headers():
    assert units_in_text(["填报单位：某县统计局   单位：千元"]).money == "千元"
    assert units_in_text(["计量单位:万元、万千瓦时"]) .energy == "万千瓦时"
    assert units_in_text(["金额单位：元"]).money == "元"
    assert units_in_text(["填报单位：统计局"]).money is None
    assert unit_in_label("工业总产值(当年价格)(千元)") == ("money", "千元")
    assert unit_in_label("用电量(万千瓦时)") == ("energy", "万千瓦时")


@pytest.mark.parametrize(("text", "expected"), [
    ("规模以上工业企业主要指标（2026年1-6月）", (2026, 1, 6)),
    ("规模以上工业企业主要指标(2026年1—6月)", (2026, 1, 6)),
    ("2026年1-2月", (2026, 1, 2)),
    ("2026年6月规上工业", (2026, 6, 6)),
    ("1-6月", (None, 1, 6)),
    ("规上企业_202605", (2026, 5, 5)),
    ("tongji-2026-04", (2026, 4, 4)),
    ("2026年上半年", (2026, 1, 6)),
])
def test_periods_in_titles_sheet_names_and_file_names(text, expected):
    g = find_period_in(text)
    assert (g.year, g.start, g.end) == expected


def test_period_takes_months_from_the_sheet_and_year_from_the_file_name():
    g = find_period(["某县统计局", "1-3月", "规上工业2026"])
    assert (g.year, g.end) == (2026, 3)
    assert find_period(["无期别", "Sheet1", "data"]) is None


def test_month_cells_of_tax_and_power_lists():
    import datetime as dt

    assert month_of("2026-06") == (2026, 6)
    assert month_of("2026年6月") == (2026, 6)
    assert month_of(202606.0) == (2026, 6)
    assert month_of("2026-04-01至2026-06-30") == (2026, 6)
    assert month_of(dt.date(2026, 3, 31)) == (2026, 3)
    assert month_of("六月") is None


def test_locations_read_like_the_bureau_writes_them():
    assert column_letter(0) == "A" and column_letter(25) == "Z" and column_letter(27) == "AB"
    assert str(Loc("a.xlsx", "1-6月", 12, 3, "统一社会信用代码")) == "文件 a.xlsx 工作表 1-6月 第 12 行 D 列（统一社会信用代码）"
    assert str(Loc("a.csv", None, 3, 0, "户号")) == "文件 a.csv 第 3 行 A 列（户号）"


def test_names_match_across_bracket_space_and_company_form_variants():
    assert name_keys("某某建材（集团）有限责任公司")[0] == name_keys("某某建材(集团)有限公司")[0]
    idx = NameIndex([("U1", ["湖南某某建材有限公司", "某某建材"]), ("U2", ["某某电子科技有限公司"])])
    assert idx.match("湖南某某建材有限责任公司") == ("U1", [])
    assert idx.match(" 湖南 某某建材 有限公司 ") == ("U1", [])
    assert idx.match("某某建材") == ("U1", [])
    assert idx.match("某某电子科技有限公司（二厂）") == ("U2", [])
    assert idx.match("不相干公司") == (None, [])
