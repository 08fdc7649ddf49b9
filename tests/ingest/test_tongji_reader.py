"""The statistics-bureau workbook in the shapes it comes in — read and validated without a database."""

from decimal import Decimal
from pathlib import Path

import pytest

from kegong.core.periods import Period
from kegong.readers.common import ReadOptions
from kegong.readers.detect import detect_source, read_file
from kegong.readers.errors import IngestError
from kegong.readers.tables import read_tables
from tests.ingest.builders import (
    Ent,
    TongjiSheet,
    uscc,
    write_rows_xlsx,
    write_tongji_csv,
    write_tongji_xls,
    write_tongji_xlsx,
)


def county(n: int = 3) -> list[Ent]:
    """Three enterprises; amounts in the file's unit (本月, 1-本月, 上年同月, 上年同期)."""
    base = [
        ("湖南甲建材有限公司", "3021", "城关镇", (1200, 6000, 1000, 5000), (1123.4, 6123.4, 900, 5400)),
        ("湖南乙家具有限责任公司", "2110", "白沙镇", (400, 3000, 500, 3000), (500, 3500, 700, 3900)),
        ("湖南丙电子科技有限公司", "3982", "城关镇", (250, 1750, 250, 1250), (500, 2500, 300, 1800)),
    ]
    return [Ent(uscc(i + 1), name, ind, town, {"gross_output": go, "sales_output": go, "revenue": rev,
                                               "profit": (-20, 35, 10, 40)})
            for i, (name, ind, town, go, rev) in enumerate(base[:n])]


def figures_of(parsed, indicator="gross_output"):
    return {f.uscc: f for f in parsed.records.figures if f.indicator == indicator}


def test_merged_two_row_header_in_thousand_yuan(tmp_path: Path):
    p = write_tongji_xlsx(tmp_path / "规上.xlsx", [TongjiSheet(county())])
    parsed = read_file(p)
    assert parsed.source == "tongji"
    rs = parsed.records
    assert rs.rows_read == 3 and rs.period_key == "2026-06"
    assert len(rs.enterprises) == 3 and {s.year for s in rs.scale} == {2026}
    go = figures_of(parsed)[uscc(1)]
    # 千元 → 万元: divided by 10
    assert (go.value, go.cumulative, go.prior_year_value, go.prior_year_cumulative) == (
        Decimal(120), Decimal(600), Decimal(100), Decimal(500))
    assert (go.year, go.month, go.start_month) == (2026, 6, 6)
    assert figures_of(parsed, "revenue")[uscc(1)].value == Decimal("112.34")
    assert figures_of(parsed, "profit")[uscc(1)].value == Decimal(-2)  # profit may be negative, cumulative < month
    assert rs.findings == []  # 合计 row equals the sum; 注 lines skipped


@pytest.mark.parametrize(("unit", "factor"), [("单位：千元", Decimal("0.1")), ("单位：万元", Decimal(1)),
                                              ("金额单位：元", Decimal("0.0001")), ("计量单位:亿元", Decimal(10000))])
def test_the_unit_line_is_honoured(tmp_path: Path, unit, factor):
    p = write_tongji_xlsx(tmp_path / "a.xlsx", [TongjiSheet(county(), unit=unit)])
    go = figures_of(read_file(p))[uscc(2)]
    assert go.cumulative == Decimal(3000) * factor


def test_columns_in_another_order_and_other_wording(tmp_path: Path):
    s = TongjiSheet(county(), id_order=("town", "name", "seq", "industry", "uscc"), ids_after=True,
                    subs=("1—本月", "本月", "上年同期", "上年同月"), title="规模以上工业企业主要指标(2026年1～6月)")
    # the builder writes each sub-column's figure by its label; map the reordered labels back
    p = write_tongji_xlsx(tmp_path / "b.xlsx", [s])
    parsed = read_file(p)
    go = figures_of(parsed)[uscc(3)]
    assert (go.value, go.cumulative, go.prior_year_value, go.prior_year_cumulative) == (
        Decimal(25), Decimal(175), Decimal(25), Decimal(125))
    assert {e.town for e in parsed.records.enterprises} == {"城关镇", "白沙镇"}


def test_header_wording_with_spaces_and_half_width_brackets(tmp_path: Path):
    s = TongjiSheet(county(), id_titles={"uscc": "统一社会 信用代码", "name": "单位名称", "industry": "行业代码（小类）",
                                         "town": "所在乡镇(街道)"}, unit="（单位：万元）")
    parsed = read_file(write_tongji_xlsx(tmp_path / "w.xlsx", [s]))
    assert figures_of(parsed)[uscc(1)].cumulative == Decimal(6000)
    assert {e.industry_code for e in parsed.records.enterprises} == {"3021", "2110", "3982"}


def test_header_without_merged_cells_group_label_typed_once(tmp_path: Path):
    p = write_tongji_xlsx(tmp_path / "c.xlsx", [TongjiSheet(county(), merged=False)])
    # without merges the builder leaves the group label in every sub-column; blank all but the first
    import openpyxl

    wb = openpyxl.load_workbook(p)
    ws = wb.active
    for col in range(7, ws.max_column + 1):
        if ws.cell(3, col).value == ws.cell(3, col - 1).value or ws.cell(3, col).value is None:
            pass
    labels = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
    for c in range(len(labels) - 1, 0, -1):
        if labels[c] == labels[c - 1] and labels[c] not in (None,):
            ws.cell(3, c + 1).value = None
    wb.save(p)
    go = figures_of(read_file(p))[uscc(1)]
    assert go.cumulative == Decimal(600)


def test_gbk_csv_and_utf8_csv(tmp_path: Path):
    for enc in ("gbk", "utf-8-sig", "utf-8"):
        p = write_tongji_csv(tmp_path / f"规上-{enc}.csv", TongjiSheet(county()), encoding=enc)
        parsed = read_file(p)
        assert parsed.source == "tongji"
        assert figures_of(parsed)[uscc(2)].cumulative == Decimal(300)
        assert {e.name for e in parsed.records.enterprises} >= {"湖南乙家具有限责任公司"}


def test_xls_workbook_with_merged_header(tmp_path: Path):
    p = write_tongji_xls(tmp_path / "规上.xls", [TongjiSheet(county())])
    parsed = read_file(p)
    assert figures_of(parsed)[uscc(3)].prior_year_cumulative == Decimal(125)
    assert parsed.records.rows_read == 3


def test_a_sheet_per_month_and_the_combined_jan_feb(tmp_path: Path):
    ents = county()
    sheets = [TongjiSheet(ents, title="规模以上工业企业主要指标", sheet_name=name)
              for name in ("1-2月", "1-3月", "1-4月")]
    p = write_tongji_xlsx(tmp_path / "规上工业2026年.xlsx", sheets)
    parsed = read_file(p)
    assert parsed.records.period_key == "2026-02~04"
    months = sorted({(f.month, f.start_month) for f in parsed.records.figures})
    assert months == [(2, 1), (3, 3), (4, 4)]
    assert parsed.records.rows_read == 9 and len(parsed.records.enterprises) == 3


def test_an_enterprise_missing_from_a_later_month_is_reported(tmp_path: Path):
    ents = county()
    sheets = [TongjiSheet(ents, title="2026年1-4月", sheet_name="1-4月"),
              TongjiSheet(ents[:2], title="2026年1-5月", sheet_name="1-5月")]
    parsed = read_file(write_tongji_xlsx(tmp_path / "m.xlsx", sheets))
    assert len(parsed.records.findings) == 1
    assert "湖南丙电子科技有限公司" in parsed.records.findings[0] and "1-5月 中没有" in parsed.records.findings[0]


def test_period_from_file_name_and_the_override(tmp_path: Path):
    s = TongjiSheet(county(), title="规模以上工业企业主要指标", sheet_name="Sheet1")
    p = write_tongji_xlsx(tmp_path / "规上工业_202605.xlsx", [s])
    assert read_file(p).records.period_key == "2026-05"
    p2 = write_tongji_xlsx(tmp_path / "规上工业.xlsx", [s])
    with pytest.raises(IngestError) as e:
        read_file(p2)
    assert "未能从标题、工作表名或文件名中识别期别" in str(e.value) and "--period" in str(e.value)
    parsed = read_file(p2, options=ReadOptions(period=Period.parse("2026-02")))
    assert {(f.month, f.start_month) for f in parsed.records.figures} == {(2, 1)}


def test_total_row_that_does_not_add_up_is_refused_unless_accepted(tmp_path: Path):
    s = TongjiSheet(county(), total_override={("gross_output", "1-本月"): 99999})
    path = write_tongji_xlsx(tmp_path / "t.xlsx", [s])
    with pytest.raises(IngestError) as e:
        read_file(path)
    (line,) = e.value.lines()
    assert "第 8 行" in line and "G 列“工业总产值（当年价格）1-本月”合计 99999、各企业之和 10750，相差 89249千元" in line
    assert "--accept-totals" in line
    parsed = read_file(path, options=ReadOptions(accept_totals="统计局确认合计为快报数"))
    (f,) = parsed.records.findings
    assert "相差 89249千元" in f and "已按用户确认导入（理由：统计局确认合计为快报数）" in f
    assert len(parsed.records.figures) == len(read_file(write_tongji_xlsx(tmp_path / "ok.xlsx", [TongjiSheet(county())]
                                                                          )).records.figures)


def test_numbering_row_under_the_header_is_skipped(tmp_path: Path):
    parsed = read_file(write_tongji_xlsx(tmp_path / "n.xlsx", [TongjiSheet(county(), numbering_row=True)]))
    assert parsed.records.rows_read == 3


def _errors(p: Path, **kw) -> list[str]:
    with pytest.raises(IngestError) as e:
        read_file(p, **kw)
    return e.value.lines()


def test_bad_credit_code_names_file_sheet_row_column_and_the_right_check_character(tmp_path: Path):
    good = uscc(2)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    s = TongjiSheet(county(), overrides={(1, "uscc"): bad})
    lines = _errors(write_tongji_xlsx(tmp_path / "a.xlsx", [s]))
    assert lines == [f"文件 a.xlsx 工作表 1-6月 第 6 行 B 列（统一社会信用代码）：“{bad}”末位校验码错误，应为“{good[-1]}”"]


def test_every_error_is_collected_not_just_the_first(tmp_path: Path):
    s = TongjiSheet(county(), overrides={(0, ("gross_output", "1-本月")): "12,3O5", (1, "industry"): "99X",
                                         (2, "town"): None, (2, ("revenue", "本月")): "九百"})
    lines = _errors(write_tongji_xlsx(tmp_path / "a.xlsx", [s]))
    assert len(lines) == 4
    assert lines[0] == "文件 a.xlsx 工作表 1-6月 第 5 行 G 列（工业总产值（当年价格）1-本月）：“12,3O5”不是数字，应为数值（单位：千元）"
    assert "第 6 行 D 列（行业代码）：行业代码“99X”应为 4 位数字" in lines[1]
    assert "第 7 行 E 列（所在乡镇（街道））：所在乡镇（街道）为空" in lines[2]
    assert "第 7 行" in lines[3] and "“九百”不是数字" in lines[3]


def test_cumulative_below_the_month_is_an_error(tmp_path: Path):
    s = TongjiSheet(county(), overrides={(0, ("sales_output", "1-本月")): 100})
    lines = _errors(write_tongji_xlsx(tmp_path / "a.xlsx", [s]))
    assert len(lines) == 1 and "“100”小于本月数“1200”" in lines[0]


def test_a_missing_header_is_named(tmp_path: Path):
    s = TongjiSheet(county(), id_order=("seq", "name", "industry", "town"))
    lines = _errors(write_tongji_xlsx(tmp_path / "a.xlsx", [s]))
    assert lines == ["文件 a.xlsx 工作表 1-6月 第 3 行：缺少“统一社会信用代码”列（表头中未找到）"]


def test_no_unit_line_is_an_error(tmp_path: Path):
    lines = _errors(write_tongji_xlsx(tmp_path / "a.xlsx", [TongjiSheet(county(), unit="")]))
    assert lines == ["文件 a.xlsx 工作表 1-6月：未找到计量单位（表头上方应有“单位：千元”或“单位：万元”一行，或在列名中注明单位）"]


def test_the_same_enterprise_twice_is_an_error(tmp_path: Path):
    s = TongjiSheet(county(), overrides={(2, "uscc"): uscc(1)})
    lines = _errors(write_tongji_xlsx(tmp_path / "a.xlsx", [s]))
    assert len(lines) == 1 and "与第 5 行重复" in lines[0]


def test_source_is_told_by_the_headers(tmp_path: Path):
    p = write_tongji_xlsx(tmp_path / "a.xlsx", [TongjiSheet(county())])
    assert detect_source(read_tables(p)) == "tongji"
    q = write_rows_xlsx(tmp_path / "b.xlsx", [["姓名", "年龄"], ["张三", 30]])
    lines = _errors(q)
    assert lines == ["文件 b.xlsx：无法从表头判断文件来源（统计局/税务局/供电公司/项目库/模板），"
                     "请用 --source tongji|tax|power|project|template 指定"]
