"""The power company's wide monthly list (one row per account, a column per month), read and imported through
``kegong.imports.services.import_files`` as the office mails it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kegong.core.periods import Period
from kegong.figures.models import MonthlyFigure, PowerReading
from kegong.imports.services import import_files
from kegong.readers.common import ReadOptions
from kegong.readers.detect import detect_source, read_file
from kegong.readers.errors import IngestError
from kegong.readers.matching import NameIndex, meter_base, name_keys
from kegong.readers.power_wide import is_total_label, month_label
from kegong.readers.tables import read_tables
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_rows_xlsx, write_tongji_xlsx
from tests.ingest.conftest import dump_db
from tests.ingest.power_builders import WRITERS, Meter, WideList, write_wide_csv, write_wide_xlsx

A, B, C = uscc(1), uscc(2), uscc(3)
Q = Decimal("0.0001")  # figures are stored to four places


def office_list(**changes) -> WideList:
    """The list of the tests: 甲 has two meters under different 户名 (有限责任公司 for the register's 有限公司,
    and a 一分厂 meter), 乙 two meters under one 户名, 丙 one, and a trading firm not in the register. Months
    1-10 are read, 11月 and 12月 are still empty; 3月 of 0101 is text with a thousands separator."""
    meters = [
        Meter("0101", "湖南甲建材有限责任公司", {1: 10000, 2: 11000, 3: Decimal("12345.6"), 4: 13000, 5: 9000,
                                         6: 9500, 7: 9800, 8: 10200, 9: 10400, 10: 10600}),
        Meter("0102", "湖南甲建材有限公司一分厂", {1: 1500, 2: "—", 3: 2000, 4: 2100, 5: 2200, 6: 2300, 7: 2400,
                                          8: 2500, 9: 2600, 10: 2700}),
        Meter("0201", "湖南乙家具有限责任公司", {m: 30000 for m in range(1, 11)}, address="白沙镇"),
        Meter("0202", "湖南乙家具有限责任公司", {m: 4000 for m in range(1, 11)}, address="白沙镇"),
        Meter("0301", "湖南丙电子科技有限公司（一期）", {**{m: Decimal("5000.5") for m in range(1, 11)}, 7: "-"}),
        Meter("0901", "某某商贸有限公司", {m: 100 for m in range(1, 11)}),
    ]
    base = WideList(meters, grouped_text={("0101", 3), ("0201", 5)})
    return dataclasses.replace(base, **changes)


@pytest.fixture
def county(tmp_path: Path):
    """Three enterprises known from a statistics workbook."""
    ents = [Ent(A, "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (10, 50, 9, 40)}),
            Ent(B, "湖南乙家具有限责任公司", "2110", "白沙镇", {"gross_output": (20, 90, 15, 80)}),
            Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (5, 30, 4, 20)})]
    p = write_tongji_xlsx(tmp_path / "规上.xlsx", [TongjiSheet(ents, title="2026年1-6月", unit="单位：万元")])
    import_files([p])


def fig(u: str, y: int, m: int) -> MonthlyFigure:
    return MonthlyFigure.objects.get(enterprise__uscc=u, indicator__code="electricity", year=y, month=m)


def stored() -> dict[tuple[str, int, int], tuple]:
    qs = MonthlyFigure.objects.filter(indicator__code="electricity")
    return {(f.enterprise.uscc, f.year, f.month): (f.value, f.cumulative, f.start_month)
            for f in qs.select_related("enterprise")}


def readings_of(path: Path, **options) -> dict[tuple[str, int, int], Decimal]:
    """What the reader makes of a file: readings per (户号, year, month), in 千瓦时, as plain numbers."""
    readings = read_file(path, options=ReadOptions(**options)).extra.readings
    return {k: v.normalize() for k, v in readings.items()}


def messages(path: Path) -> list[str]:
    """The findings of a file read (its hard errors when it is refused)."""
    try:
        return read_file(path).records.findings
    except IngestError as e:
        return e.lines()


@pytest.mark.django_db
def test_wide_list_is_stored_per_enterprise_and_month(county, tmp_path: Path):
    p = write_wide_xlsx(tmp_path / "2026年1-10月用电量.xlsx", office_list())
    [r] = import_files([p])
    assert (r.source, r.period_key, r.rows_read) == ("power", "2026-01~10", 6)
    assert any("户号 0901（某某商贸有限公司）未能匹配到企业" in f for f in r.findings)
    assert not any("合计" in f for f in r.findings)  # the 合计 column and row agree
    # 甲, 3月: (12,345.6 + 2,000) 千瓦时 = 14,345.6 千瓦时 = 1.43456 万千瓦时, stored to four places
    a3 = fig(A, 2026, 3)
    assert a3.value == Decimal("1.43456").quantize(Q)
    # 1-3月: (10,000 + 1,500) + (11,000 + 0: 0102's 2月 is "—") + 14,345.6 = 36,845.6 千瓦时
    assert a3.cumulative == Decimal("3.68456").quantize(Q)
    a2 = fig(A, 2026, 2)  # February is the combined 1-2月 figure
    assert (a2.start_month, a2.value) == (1, Decimal("2.25"))  # (11,500 + 11,000) / 10,000
    # 乙: two meters under one 户名, 5月 (30,000 written "30,000") + 4,000 = 3.4 万千瓦时
    assert fig(B, 2026, 5).value == Decimal("3.4")
    # 丙: 7月 is "-" — no reading, no figure; 1-10月 = 9 × 5,000.5 = 45,004.5 千瓦时
    assert not MonthlyFigure.objects.filter(enterprise__uscc=C, indicator__code="electricity",
                                            month=7).exists()
    assert fig(C, 2026, 10).cumulative == Decimal("4.50045").quantize(Q)
    assert PowerReading.objects.get(account__account_no="0101", month=3).kwh == Decimal("12345.6")
    assert set(PowerReading.objects.values_list("month", flat=True)) == set(range(1, 11))  # 合计 is no month
    assert PowerReading.objects.count() == 10 + 9 + 10 + 10 + 9 + 10
    assert PowerReading.objects.filter(account__enterprise__uscc=A).values("account").distinct().count() == 2


@pytest.mark.django_db
def test_kwh_and_wan_kwh_lists_store_the_same_figures(county, tmp_path: Path):
    kwh = write_wide_xlsx(tmp_path / "千瓦时.xlsx", office_list())
    wan = write_wide_xlsx(tmp_path / "万千瓦时.xlsx", office_list(
        unit="万千瓦时", unit_line="计量单位：万千瓦时", group="2026年用电量"))
    assert readings_of(kwh) == readings_of(wan)
    import_files([kwh])
    first = stored()
    [r] = import_files([wan])
    assert (r.summary.figures_created, r.summary.figures_updated, r.summary.figures_removed) == (0, 0, 0)
    assert stored() == first


@pytest.mark.django_db
def test_xlsx_and_gbk_csv_store_the_same_figures(county, tmp_path: Path):
    xlsx = write_wide_xlsx(tmp_path / "用电.xlsx", office_list())
    csv_ = write_wide_csv(tmp_path / "用电.csv", office_list(signature="spread"), encoding="gbk")
    assert csv_.read_bytes().decode("gbk").startswith("2026年1-10月")
    assert readings_of(xlsx) == readings_of(csv_)
    import_files([xlsx])
    first = stored()
    [r] = import_files([csv_])
    assert r.rows_read == 6 and r.summary.figures_updated == 0
    assert stored() == first


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "csv"])
@pytest.mark.parametrize("signature", ["one cell", "spread"])
def test_every_format_reads_the_same_readings(tmp_path: Path, fmt: str, signature: str):
    p = WRITERS[fmt](tmp_path / f"用电.{fmt}", office_list(signature=signature))
    parsed = read_file(p)
    assert parsed.source == "power" and parsed.records.rows_read == 6
    assert parsed.periods == [Period.month(2026, m) for m in range(1, 11)]
    assert readings_of(p) == readings_of(write_wide_xlsx(tmp_path / "ref.xlsx", office_list()))


@pytest.mark.parametrize("word", [
    lambda m: f"{m}月", lambda m: f"{m:02d}月", lambda m: f"2026年{m}月", lambda m: f"2026-{m:02d}",
    lambda m: "一二三四五六七八九十"[m - 1] + "月" if m <= 10 else ("十一月", "十二月")[m - 11],
    lambda m: f"{m}月份", lambda m: f"{m}月用电量", lambda m: f"{m}月(kWh)",
])
def test_month_headers_as_offices_write_them(tmp_path: Path, word):
    """One-row header without a group label, the unit only in the unit line (kW·h), 电量 nowhere in the
    headers: still detected as a power list and read alike."""
    w = office_list(group=None, month_word=word, title="2026年工业用户明细表", unit_line="单位:kW·h")
    p = write_wide_xlsx(tmp_path / "明细.xlsx", w)
    assert detect_source(read_tables(p)) == "power"
    assert readings_of(p) == readings_of(write_wide_xlsx(tmp_path / "ref.xlsx", office_list()))


def test_the_unit_from_the_header_the_unit_line_or_the_title(tmp_path: Path):
    ref = readings_of(write_wide_xlsx(tmp_path / "ref.xlsx", office_list()))
    header_wins = office_list(unit_line="单位：万千瓦时")  # the group says 千瓦时, and the figures are
    in_title = office_list(unit="万千瓦时", unit_line=None, group="2026年用电量",
                           title="2026年1-10月工业用户用电量明细表（单位：万千瓦时）")
    for i, w in enumerate((header_wins, in_title)):
        assert readings_of(write_wide_xlsx(tmp_path / f"{i}.xlsx", w)) == ref
    unwritten = write_wide_xlsx(tmp_path / "无单位.xlsx", office_list(unit_line=None, group="2026年"))
    assert readings_of(unwritten) == ref
    assert messages(unwritten) == ["文件 无单位.xlsx 工作表 用电明细：表头和单位行都未注明电量单位，按千瓦时读取"]


def test_other_office_shapes(tmp_path: Path):
    """Month headers Excel turned into dates, 用户编号 / 用户名称, a 序号 column, last year's and growth columns
    beside the months (ignored), a 总计 row, a group row above the header, 十月 … 十二月."""
    p = write_rows_xlsx(tmp_path / "分月.xlsx", [
        ["工业用户分月用电情况"], ["计量单位：万千瓦时"],
        ["序号", "用户编号", "用户名称", "行业分类", dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1),
         "1-3月累计", "上年同期累计", "同比增长%"],
        [1, "3301", "甲公司", "C30", 1.5, 2.25, 3, 6.75, 6, 12.5],
        [2, "3302", "乙公司", "C21", 0.5, None, "1.0", 1.5, 1, 50],
        ["", "总计", "", "", 2, 2.25, 4, 8.25, 7, 0],
        ["注：数据来源于营销系统。"]])
    assert detect_source(read_tables(p)) == "power" and messages(p) == []
    assert readings_of(p) == {("3301", 2026, 1): 15000, ("3301", 2026, 2): 22500, ("3301", 2026, 3): 30000,
                              ("3302", 2026, 1): 5000, ("3302", 2026, 3): 10000}
    q = write_rows_xlsx(tmp_path / "年度.xlsx", [
        ["2025年度工业用户用电量"], ["基本信息", None, "用电量（kW·h）"],
        ["户号", "户名", "十月", "十一月", "十二月", "合计"], ["9", "丙厂", "1,000", "2,000", "—", "3,000"]])
    assert readings_of(q) == {("9", 2025, 10): 1000, ("9", 2025, 11): 2000} and messages(q) == []


def test_year_from_the_file_name_or_period_and_the_months_that_exist(tmp_path: Path):
    w = office_list(title="工业用户用电量明细表", group="用电量（千瓦时）", months=tuple(range(1, 9)), total_row="top")
    named = write_wide_xlsx(tmp_path / "2025年用电量.xlsx", w)
    assert {y for (_a, y, _m) in readings_of(named)} == {2025}
    assert {m for (_a, _y, m) in readings_of(named)} == set(range(1, 9))
    assert messages(named) == []  # the 合计 row above the rows agrees with them
    plain = write_wide_xlsx(tmp_path / "用电量.xlsx", w)
    with pytest.raises(IngestError, match="未能从表头、标题、工作表名或文件名中识别年份"):
        read_file(plain)
    assert {y for (_a, y, _m) in readings_of(plain, period=Period.cumulative(2024, 8))} == {2024}


def test_a_total_that_disagrees_is_reported_by_the_totals_check(tmp_path: Path):
    good = write_wide_xlsx(tmp_path / "好.xlsx", office_list())
    assert not [m for m in messages(good) if "合计" in m]
    bad = write_wide_xlsx(tmp_path / "坏.xlsx", office_list(overrides={("0201", "合计"): 310000,
                                                                       ("合计", 4): 99999}))
    with pytest.raises(IngestError) as refused:
        read_file(bad)
    accepted = read_file(bad, options=ReadOptions(accept_totals="供电公司来电确认")).records.findings
    for got in (refused.value.lines(), accepted):
        def said(*parts: str, got: list[str] = got) -> bool:
            return any(all(p in m for p in parts) for m in got)

        # 0201's months sum to 10 × 30,000 = 300,000; its 合计 column says 310,000 (row 8, column R)
        assert said("第 8 行", "R 列", "310000", "各月之和", "300000", "相差 10000"), got
        # 4月: 13,000 + 2,100 + 30,000 + 4,000 + 5,000.5 + 100 = 54,200.5 in the rows, 99,999 in the 合计 row
        assert said("第 12 行", "I 列", "99999", "各行之和", "54200.5"), got
    assert all("已按用户确认导入（理由：供电公司来电确认）" in m for m in accepted)


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(county, tmp_path: Path):
    p = write_wide_xlsx(tmp_path / "用电.xlsx", office_list())
    import_files([p])
    before = dump_db()
    [r] = import_files([p])
    assert r.summary.already_imported
    assert dump_db() == before


@pytest.mark.django_db
def test_bad_cells_are_named_in_chinese_and_nothing_is_written(county, tmp_path: Path):
    w = office_list(overrides={("0101", 5): "暂无", ("0201", 6): -300})
    w.meters.append(Meter("", "湖南丙电子科技有限公司", {1: 10}))
    p = write_wide_xlsx(tmp_path / "坏.xlsx", w)
    before = dump_db()
    with pytest.raises(IngestError) as e:
        import_files([p])
    lines = e.value.lines()
    assert "文件 坏.xlsx 工作表 用电明细 第 6 行 J 列（2026年用电量（千瓦时）5月）：“暂无”不是数字，应为5月电量（单位：千瓦时）" in lines
    assert "文件 坏.xlsx 工作表 用电明细 第 8 行 K 列（2026年用电量（千瓦时）6月）：“-300”为负数，用电量应不小于 0" in lines
    assert "文件 坏.xlsx 工作表 用电明细 第 12 行 A 列（户号）：户号为空" in lines
    assert dump_db() == before


def test_month_and_total_labels():
    assert month_label("1月") == (None, 1) and month_label("十二月") == (None, 12)
    assert month_label("2025年12月用电量（千瓦时）") == (2025, 12) and month_label("202603") == (2026, 3)
    assert month_label("2026-01-01T00:00:00") == (2026, 1)  # a header Excel turned into a date
    assert month_label("月份") is None and month_label("13月") is None and month_label("1-10月") is None
    for label in ("合计", "全年合计", "累计", "总计", "用电量合计", "1-10月", "2026年1-10月累计", "合计(千瓦时)"):
        assert is_total_label(label), label
    for label in ("上年同期累计", "同比增长%", "户名", "1月"):
        assert not is_total_label(label), label


def test_meter_names_match_their_company_and_never_two_firms():
    assert meter_base(name_keys("湖南甲建材有限公司一分厂")[1]) == "湖南甲建材有限公司"
    assert meter_base(name_keys("湖南甲建材有限公司（一期）")[1]) == "湖南甲建材有限公司"
    idx = NameIndex([("A", ["湖南甲建材有限公司"]), ("B", ["湖南乙家具有限责任公司"])])
    assert idx.match("湖南甲建材有限责任公司二期") == ("A", [])
    assert idx.match("湖南乙家具有限公司 3号车间") == ("B", [])
    assert idx.match("湖南甲建材有限公司分公司") == (None, [])  # a 分公司 is a firm of its own
    # a branch registered on its own: another meter of the same company is ambiguous, the exact names match
    both = NameIndex([("A", ["湖南甲建材有限公司"]), ("A1", ["湖南甲建材有限公司一分厂"])])
    assert both.match("湖南甲建材有限公司一分厂") == ("A1", [])
    assert both.match("湖南甲建材有限公司") == ("A", [])
    assert both.match("湖南甲建材有限公司二分厂") == (None, ["A", "A1"])
    assert NameIndex([("A1", ["湖南甲建材有限公司一分厂"])]).match("湖南甲建材有限公司二分厂") == (None, [])
