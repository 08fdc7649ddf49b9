"""The statistics bureau's 联网直报 export (B201-1 工业产销总值及主要产品产量) imported end to end: a county of four
firms over 2026年1-2月 (combined), 1-3月 and 1-6月; the same file as .xlsx, legacy .xls and GBK CSV; re-imports;
合计 rows that do and do not add up; and a header kegong does not know, completed by a column mapping.

Every expected figure is worked out by hand below (comments show the arithmetic); the files are in 千元 and
kegong stores 万元, so each stored amount is the typed figure ÷ 10."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kegong.enterprises.models import Enterprise, ScaleStatus
from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportBatch
from kegong.readers.common import ReadOptions
from kegong.readers.detect import read_file
from kegong.readers.errors import IngestError
from kegong.readers.mapping import Assign, ColumnMapping, SheetColumns
from tests.ingest.builders import uscc
from tests.ingest.conftest import dump_db
from tests.ingest.direct_builders import (
    DirectFirm,
    DirectForm,
    write_direct_csv,
    write_direct_xls,
    write_direct_xlsx,
)


@pytest.fixture(autouse=True)
def _read_in_process(monkeypatch):
    # another engineer is working on the child-process sandbox; these tests are about the reader
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")


# --- the county ---------------------------------------------------------------------------------------

A, B, C, D = uscc(2), uscc(14), uscc(6), uscc(1)


def spaced(code: str) -> str:
    """'9143112400000014XQ' typed in groups: ' 9143 1124 0000 0014 XQ'."""
    return " " + " ".join((code[:4], code[4:8], code[8:12], code[12:16], code[16:]))


def full_width(code: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) for ch in code)


TYPED = {A: A.lower(), B: spaced(B), C: full_width(C), D: D}  # the credit codes as the file has them
FIRMS = {A: ("湖南甲建材有限公司", "3021", "城关镇"), B: ("湖南乙家具有限公司", "2110", "白沙镇"),
         C: ("湖南丙电子科技有限公司", "3982", "城关镇"), D: ("湖南丁食品有限公司", "1391", "白沙镇")}

# 千元 as typed: (本年本月, 本年1-本月, 上年同月, 上年1-本月). 1-2月 is one combined report: 本月 = 1-本月.
# Each later 1-本月 is the earlier 1-本月 plus the months since (A: 12,345.6 + 6,800 = 19,145.6).
TYPED_FIGURES: dict[str, dict[str, dict[str, tuple]]] = {
    "2026年1-2月": {
        A: {"gross_output": ("12,345.6", "12,345.6", "11,000", "11,000"),
            "sales_output": ("12,000", "12,000", "10,800", "10,800"),
            "export_delivery": ("1,234.5", "1,234.5", "1,000", "1,000")},
        B: {"gross_output": ("8,000", "8,000", "7,000.5", "7,000.5"),
            "sales_output": ("7,900", "7,900", "6,900", "6,900"),
            "export_delivery": ("—", "—", "—", "—")},  # nothing to report: no record
        C: {"gross_output": ("2,500", "2,500", "2,000", "2,000"),
            "sales_output": ("2,450", "2,450", "1,980", "1,980"),
            "export_delivery": ("100", "100", "—", "—")},  # exports began this year
        D: {"gross_output": ("950", "950", "1,000", "1,000"),
            "sales_output": ("930", "930", "990", "990")},  # export cells left empty
    },
    "2026年1-3月": {
        A: {"gross_output": ("6,800", "19,145.6", "6,000", "17,000"),
            "sales_output": ("6,700", "18,700", "5,900", "16,700"),
            "export_delivery": ("600", "1,834.5", "500", "1,500")},
        B: {"gross_output": ("4,100", "12,100", "3,999.5", "11,000"),
            "sales_output": ("4,000", "11,900", "3,950", "10,850"),
            "export_delivery": ("—", "—", "—", "—")},
        C: {"gross_output": ("1,500", "4,000", "—", "2,000"),  # no output last March
            "sales_output": ("1,450", "3,900", "—", "1,980"),
            "export_delivery": ("50", "150", "—", "—")},
        D: {"gross_output": ("480.4", "1,430.4", "500", "1,500"),
            "sales_output": ("470", "1,400", "495", "1,485")},
    },
    "2026年1-6月": {  # 4-5月 not imported
        A: {"gross_output": ("7,200.5", "40,000", "6,500", "36,000"),
            "sales_output": ("7,000", "39,000", "6,400", "35,500"),
            "export_delivery": ("700", "4,000", "650", "3,600")},
        B: {"gross_output": ("4,300", "25,000", "4,000", "23,000"),
            "sales_output": ("4,200", "24,500", "3,900", "22,800"),
            "export_delivery": ("—", "—", "—", "—")},
        C: {"gross_output": ("1,600", "9,000", "1,000", "6,000"),
            "sales_output": ("1,550", "8,800", "980", "5,900"),
            "export_delivery": ("60", "400", "—", "—")},
        D: {"gross_output": ("520", "3,000", "550", "3,100"),
            "sales_output": ("510", "2,950", "540", "3,050")},
    },
}
FEB, MAR, JUN = "2026年1-2月", "2026年1-3月", "2026年1-6月"


def _d(v: str | None) -> Decimal | None:
    return None if v is None else Decimal(v)


def wan(*parts: str | None) -> tuple[Decimal | None, ...]:
    return tuple(_d(p) for p in parts)


# 万元 by hand (千元 ÷ 10): month → firm → (value, cumulative, prior_year_value, prior_year_cumulative)
GROSS_WAN = {
    2: {A: wan("1234.56", "1234.56", "1100", "1100"), B: wan("800", "800", "700.05", "700.05"),
        C: wan("250", "250", "200", "200"), D: wan("95", "95", "100", "100")},
    3: {A: wan("680", "1914.56", "600", "1700"), B: wan("410", "1210", "399.95", "1100"),
        C: wan("150", "400", None, "200"), D: wan("48.04", "143.04", "50", "150")},
    6: {A: wan("720.05", "4000", "650", "3600"), B: wan("430", "2500", "400", "2300"),
        C: wan("160", "900", "100", "600"), D: wan("52", "300", "55", "310")},
}
SALES_WAN_JUNE = {A: wan("700", "3900", "640", "3550"), B: wan("420", "2450", "390", "2280"),
                  C: wan("155", "880", "98", "590"), D: wan("51", "295", "54", "305")}
EXPORT_WAN = {  # B ("—") and D (empty cells) have no export rows at all
    2: {A: wan("123.45", "123.45", "100", "100"), C: wan("10", "10", None, None)},
    3: {A: wan("60", "183.45", "50", "150"), C: wan("5", "15", None, None)},
    6: {A: wan("70", "400", "65", "360"), C: wan("6", "40", None, None)},
}


def form(period: str = JUN, **kw) -> DirectForm:
    firms = [DirectFirm(TYPED[u], *FIRMS[u], figures=dict(TYPED_FIGURES[period][u])) for u in (A, B, C, D)]
    return DirectForm(firms, period=period, **kw)


WRITERS = {"xlsx": write_direct_xlsx, "xls": write_direct_xls, "csv": write_direct_csv}


def write(tmp: Path, name: str, f: DirectForm, ext: str = "xlsx") -> Path:
    return WRITERS[ext](tmp / f"{name}.{ext}", f)


def stored(code: str, month: int) -> dict[str, tuple]:
    rows = MonthlyFigure.objects.filter(indicator__code=code, year=2026, month=month).select_related("enterprise")
    return {f.enterprise.uscc: (f.value, f.cumulative, f.prior_year_value, f.prior_year_cumulative) for f in rows}


def start_months(month: int) -> set[int]:
    return set(MonthlyFigure.objects.filter(year=2026, month=month).values_list("start_month", flat=True))


def by_key(records) -> list:
    return sorted(records, key=lambda r: (r.uscc, getattr(r, "indicator", ""), getattr(r, "month", 0)))


def test_the_codes_are_typed_three_wrong_ways_and_one_right():
    # uscc(2), uscc(14), uscc(6) end in letters, so lowercasing and full-width change them
    assert (A, B, C, D) == ("91431124000000027W", "9143112400000014XQ", "9143112400000006X5", "914311240000000192")
    assert TYPED[A] == "91431124000000027w" and TYPED[B] == " 9143 1124 0000 0014 XQ"
    assert TYPED[C] == "９１４３１１２４０００００００６Ｘ５"


# --- 1. three reports through the CLI -------------------------------------------------------------------

def _indicator_rows(cli, period: str) -> dict[str, dict]:
    out = cli("indicators", "--period", period, "--scope", "all", "--json")
    assert out.exit_code == 0, out.output
    return {row["code"]: row for row in json.loads(out.output)["indicators"]}


def _printed_row(cli, period: str, name: str) -> list[str]:
    out = cli("indicators", "--period", period, "--scope", "all")
    assert out.exit_code == 0, out.output
    (line,) = [ln for ln in out.output.splitlines() if ln.split() and ln.split()[0] == name]
    return line.split()


@pytest.mark.django_db
def test_a_county_over_three_reports_through_the_cli(cli, tmp_path: Path):
    # the file names carry no period: it comes from the form's period line (2026年1-2月 …)
    feb = write(tmp_path, "b201_feb", form(FEB, signatures_in_one_cell=True))
    mar = write(tmp_path, "b201_mar", form(MAR))  # signatures over four cells
    jun = write(tmp_path, "b201_jun", form(JUN))
    for p, n in ((feb, 10), (mar, 10), (jun, 10)):  # 4 gross + 4 sales + 2 export rows each
        r = cli("import", str(p), "--quiet")
        assert r.exit_code == 0, r.output
        assert "读取 4 行" in r.output and f"写入数据 {n} 条" in r.output
        # the lowercase, spaced and full-width codes are cleaned, with one notice naming the first
        assert (f"文件 {p.name} 工作表 B201-1：3 个统一社会信用代码含小写字母、全角字符或空格，已规范化后导入"
                f"（如第 8 行“91431124000000027w”→“91431124000000027W”）") in r.output
        assert "错误" not in r.output and "合计" not in r.output  # 合计 adds up; signatures and 注 lines skipped
        if p is feb:
            assert "新建企业 4 家" in r.output
        else:
            assert "新建企业 0 家" in r.output

    # four firms, no phantom one from the signature, 注 or numbering lines
    assert Enterprise.objects.count() == 4 and ScaleStatus.objects.filter(year=2026, above_scale=True).count() == 4
    assert set(Enterprise.objects.values_list("uscc", flat=True)) == {A, B, C, D}
    assert {(e.uscc, e.name, e.industry_code, e.town.name) for e in Enterprise.objects.select_related("town")} == {
        (u, *FIRMS[u]) for u in (A, B, C, D)}
    assert MonthlyFigure.objects.count() == 30

    # stored in 万元 (千元 ÷ 10), exact; the 1-2月 report is one combined period: start_month 1, month 2
    assert start_months(2) == {1} and start_months(3) == {3} and start_months(6) == {6}
    for month in (2, 3, 6):
        assert stored("gross_output", month) == GROSS_WAN[month], month
        assert stored("export_delivery", month) == EXPORT_WAN[month], month
    assert stored("sales_output", 6) == SALES_WAN_JUNE
    jan_feb = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="gross_output", month=2)
    assert (jan_feb.year, jan_feb.start_month, jan_feb.month) == (2026, 1, 2)
    assert jan_feb.value == jan_feb.cumulative == Decimal("1234.56")  # "12,345.6" 千元

    # The county, 2026年1-6月, gross output (万元):
    #   cumulative      4000 + 2500 + 900 + 300        = 7700
    #   prior year      3600 + 2300 + 600 + 310        = 6810
    #   growth          7700 / 6810 − 1 = 890 / 6810   = 13.0690…%  → 13.07 (JSON), 13.1 (printed)
    #   June            720.05 + 430 + 160 + 52        = 1362.05
    #   June last year  650 + 400 + 100 + 55           = 1205
    #   June growth     157.05 / 1205                  = 13.0332…%  → 13.03, 13.0
    #   1-5月 was not imported: no previous growth
    go = _indicator_rows(cli, "2026-06")["gross_output"]
    assert (go["cumulative"], go["cumulative_prior_year"]) == (7700.0, 6810.0)
    assert go["yoy_pct"] == 13.07 and go["yoy_pct_prev"] is None and go["pp_change"] is None
    assert (go["month"], go["month_prior_year"], go["month_yoy_pct"]) == (1362.05, 1205.0, 13.03)
    printed = _printed_row(cli, "2026-06", "工业总产值")
    assert printed[2:5] == ["7,700.00", "6,810.00", "13.1"] and printed[-1] == "13.0"

    # 2026年1-3月, with 1-2月 as the previous period:
    #   cumulative  1914.56 + 1210 + 400 + 143.04 = 3667.6;  prior 1700 + 1100 + 200 + 150 = 3150
    #   growth      517.6 / 3150      = 16.4317…%  → 16.43
    #   1-2月       1234.56 + 800 + 250 + 95 = 2379.56;  prior 1100 + 700.05 + 200 + 100 = 2100.05
    #   growth      279.51 / 2100.05  = 13.3097…%  → 13.31;  change 16.4317 − 13.3097 = 3.1221 → 3.12 points
    #   March       680 + 410 + 150 + 48.04 = 1288.04;  last March 600 + 399.95 + (C: none) + 50 = 1049.95
    #   growth      238.09 / 1049.95  = 22.6763…%  → 22.68
    go = _indicator_rows(cli, "2026-03")["gross_output"]
    assert (go["cumulative"], go["cumulative_prior_year"]) == (3667.6, 3150.0)
    assert (go["yoy_pct"], go["yoy_pct_prev"], go["pp_change"]) == (16.43, 13.31, 3.12)
    assert (go["month"], go["month_prior_year"], go["month_yoy_pct"]) == (1288.04, 1049.95, 22.68)

    # export delivery, 1-6月: A 400 + C 40 = 440 against A 360 (C had none): 80 / 360 = 22.2222…% → 22.22
    ex = _indicator_rows(cli, "2026-06")["export_delivery"]
    assert (ex["cumulative"], ex["cumulative_prior_year"], ex["yoy_pct"]) == (440.0, 360.0, 22.22)


# --- 2. the same report as .xlsx, .xls and GBK CSV ------------------------------------------------------

@pytest.mark.parametrize("one_cell", [False, True], ids=["signatures-over-four-cells", "signatures-in-one-cell"])
def test_xlsx_xls_and_gbk_csv_give_the_same_records(tmp_path: Path, one_cell: bool):
    f = form(JUN, signatures_in_one_cell=one_cell)
    parsed = {ext: read_file(write(tmp_path, "b201", f, ext)) for ext in WRITERS}
    raw = (tmp_path / "b201.csv").read_bytes()
    assert "湖南甲建材有限公司" in raw.decode("gbk")  # really GBK, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    figures = {ext: by_key(p.records.figures) for ext, p in parsed.items()}
    enterprises = {ext: by_key(p.records.enterprises) for ext, p in parsed.items()}
    assert figures["xls"] == figures["xlsx"] and figures["csv"] == figures["xlsx"]
    assert enterprises["xls"] == enterprises["xlsx"] and enterprises["csv"] == enterprises["xlsx"]
    for ext, p in parsed.items():
        assert p.source == "tongji" and p.records.period_key == "2026-06" and p.records.rows_read == 4, ext
        assert sorted(p.records.scale, key=lambda s: s.uscc) == sorted(
            parsed["xlsx"].records.scale, key=lambda s: s.uscc), ext
        assert len(p.records.findings) == 1 and "3 个统一社会信用代码" in p.records.findings[0], ext
    # and they are the right records, not merely the same ones
    got = {r.uscc: (r.value, r.cumulative, r.prior_year_value, r.prior_year_cumulative)
           for r in figures["csv"] if r.indicator == "gross_output"}
    assert got == GROSS_WAN[6]
    assert {(r.year, r.month, r.start_month) for r in figures["csv"]} == {(2026, 6, 6)}
    assert [(e.uscc, e.name, e.industry_code, e.town) for e in enterprises["xls"]] == [
        (u, *FIRMS[u]) for u in sorted((A, B, C, D))]


# --- 3. the same file twice -------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("ext", list(WRITERS))
def test_importing_the_same_file_twice_changes_nothing(cli, tmp_path: Path, ext: str):
    p = write(tmp_path, "b201_jun", form(JUN), ext)
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0 and "写入数据 10 条" in r.output, r.output
    before = dump_db()
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0, r.output
    assert "已导入过" in r.output and "未作任何修改" in r.output
    assert "提示" not in r.output  # the notice is not repeated for a file already imported
    assert dump_db() == before


# --- 4. 合计 rows ---------------------------------------------------------------------------------------------

# Rows: 1 title, 2 period, 3 表号, 4 unit, 5-6 header, 7 numbering 甲 乙 丙 丁 1 2 …, then the firms (8-11)
# and the 合计 row (12) — or with the 合计 first, the 合计 at 8 and the firms at 9-12.
# Columns: A-D identification, E-H gross output, I-L sales output, M-P export delivery.
BAD_TOTALS = {
    # 1-本月 of gross output: 40,000 + 25,000 + 9,000 + 3,000 = 77,000; typed 99,999 → 22,999 too much
    "last": ("sum", {("gross_output", 1): "99,999"}, 12,
             "F 列“工业总产值（当年价格）本年1-本月”合计 99999、各企业之和 77000，相差 22999千元"),
    # 上年1-本月 of sales output: 35,500 + 22,800 + 5,900 + 3,050 = 67,250; typed 60,000 → 7,250 short
    "first": ("first", {("sales_output", 3): "60,000"}, 8,
              "L 列“工业销售产值（当年价格）上年1-本月”合计 60000、各企业之和 67250，相差 -7250千元"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BAD_TOTALS))
def test_a_total_that_does_not_add_up_is_refused_unless_accepted(cli, tmp_path: Path, case: str):
    total, override, row, gap = BAD_TOTALS[case]
    p = write(tmp_path, "b201_jun", form(JUN, total=total, total_override=override))
    before = dump_db()
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 2, r.output
    assert f"文件 {p.name} 工作表 B201-1 第 {row} 行：合计行与各企业之和不符：{gap}" in r.output
    assert "--accept-totals 理由" in r.output and "未导入任何数据" in r.output
    assert dump_db() == before

    # accepted with a reason (kegong import --accept-totals): written, the reason reported and kept on the batch
    reason = "统计局确认：合计为快报数"
    r = cli("import", str(p), "--quiet", "--accept-totals", reason)
    assert r.exit_code == 0, r.output
    assert (f"文件 {p.name} 工作表 B201-1 第 {row} 行：合计行与各企业之和不符：{gap}。"
            f"已按用户确认导入（理由：{reason}）") in r.output
    assert ImportBatch.objects.get().totals_accepted == reason
    assert Enterprise.objects.count() == 4 and MonthlyFigure.objects.count() == 10
    assert stored("gross_output", 6) == GROSS_WAN[6] and stored("sales_output", 6) == SALES_WAN_JUNE

    # and the reader on its own, with ReadOptions(accept_totals=…): the records of the file without the bad 合计
    parsed = read_file(p, options=ReadOptions(accept_totals=reason))
    assert [n for n in parsed.records.findings if "合计" in n] == [
        f"文件 {p.name} 工作表 B201-1 第 {row} 行：合计行与各企业之和不符：{gap}。已按用户确认导入（理由：{reason}）"]
    good = read_file(write(tmp_path, "good", form(JUN, total="none")))
    assert by_key(parsed.records.figures) == by_key(good.records.figures)
    assert by_key(parsed.records.enterprises) == by_key(good.records.enterprises)


@pytest.mark.django_db
@pytest.mark.parametrize("total", ["sum", "first", "none"])
def test_a_total_that_adds_up_goes_through_silently(cli, tmp_path: Path, total: str):
    p = write(tmp_path, "b201_jun", form(JUN, total=total))
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0, r.output
    assert "写入数据 10 条" in r.output and "新建企业 4 家" in r.output
    assert "合计" not in r.output  # the notices are the cleaned credit codes and the county's first towns
    assert "提示 2 条" in r.output and "3 个统一社会信用代码" in r.output and "新建乡镇（街道）" in r.output
    assert Enterprise.objects.count() == 4  # the 合计 row is no firm
    assert ImportBatch.objects.get().totals_accepted == ""
    assert stored("gross_output", 6) == GROSS_WAN[6]


# --- 5. a header kegong does not know ---------------------------------------------------------------------

UNKNOWN = {"gross_output": "产值（现价）"}
# the normalised labels of E-H (full-width brackets made half-width), the keys a mapping uses
LABELS = {"产值(现价)本年本月": "value", "产值(现价)本年1-本月": "cumulative",
          "产值(现价)上年同月": "prior_year_value", "产值(现价)上年1-本月": "prior_year_cumulative"}


@pytest.mark.parametrize("ext", list(WRITERS))
def test_an_unknown_header_is_refused_until_mapped(tmp_path: Path, ext: str):
    p = write(tmp_path, "b201_jun", form(JUN, headers=UNKNOWN), ext)
    with pytest.raises(IngestError) as e:
        read_file(p)
    lines = e.value.lines()
    assert len(lines) == 4
    for line, letter in zip(lines, "EFGH", strict=True):
        assert f"第 6 行 {letter} 列（" in line
        assert "是数值列，但表头不是 kegong 认识的指标" in line and f"--map {letter}=" in line
    if ext != "csv":  # as typed; a CSV has no merged cells and its F-H show the normalised 产值(现价)…
        assert "E 列（产值（现价）本年本月）" in lines[0] and "F 列（产值（现价）本年1-本月）" in lines[1]
    (cols,) = e.value.columns
    assert isinstance(cols, SheetColumns) and cols.header_row == 6
    assert [(u.letter, u.role) for u in cols.unplaced] == [(c, "unplaced") for c in "EFGH"]
    assert [u.label for u in cols.unplaced] == list(LABELS)
    assert all(u.numeric for u in cols.unplaced)
    assert {p.letter: p.role for p in cols.placements if p.letter in "ABCDIM"} == {
        "A": "id", "B": "id", "C": "id", "D": "id", "I": "figure", "M": "figure"}

    mapping = ColumnMapping({u.label: Assign("gross_output", LABELS[u.label]) for u in cols.unplaced})
    mapped = read_file(p, options=ReadOptions(mapping=mapping))
    known = read_file(write(tmp_path, "known", form(JUN), ext))
    assert by_key(mapped.records.figures) == by_key(known.records.figures)
    assert by_key(mapped.records.enterprises) == by_key(known.records.enterprises)
    got = {r.uscc: (r.value, r.cumulative, r.prior_year_value, r.prior_year_cumulative)
           for r in mapped.records.figures if r.indicator == "gross_output"}
    assert got == GROSS_WAN[6]


@pytest.mark.django_db
def test_an_unknown_header_through_the_cli_with_map(cli, tmp_path: Path):
    p = write(tmp_path, "b201_jun", form(JUN, headers=UNKNOWN))
    before = dump_db()
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 2, r.output
    assert (f"文件 {p.name} 工作表 B201-1 第 6 行 E 列（产值（现价）本年本月）：是数值列，但表头不是 kegong 认识的指标"
            in r.output)
    assert r.output.count("未识别的数值列") == 4 and "--map E=gross_output:本月" in r.output
    assert dump_db() == before
    # the parts in the form's own words, the indicator by code or by name
    r = cli("import", str(p), "--quiet", "--map", "E=gross_output:本年本月", "--map", "F=gross_output:本年1-本月",
            "--map", "G=工业总产值:上年同月", "--map", "H=gross_output:上年1-本月")
    assert r.exit_code == 0, r.output
    assert "写入数据 10 条" in r.output
    assert stored("gross_output", 6) == GROSS_WAN[6] and stored("sales_output", 6) == SALES_WAN_JUNE


def test_a_mapping_with_a_unit_overrides_the_unit_line(tmp_path: Path):
    # the same columns mapped as 元 instead of the sheet's 千元: 40,000 元 = 4 万元 (÷ 10,000)
    p = write(tmp_path, "b201_jun", form(JUN, headers=UNKNOWN))
    mapping = ColumnMapping({lab: Assign("gross_output", part, "元") for lab, part in LABELS.items()})
    parsed = read_file(p, options=ReadOptions(mapping=mapping))
    a = next(r for r in parsed.records.figures if r.uscc == A and r.indicator == "gross_output")
    assert (a.value, a.cumulative, a.prior_year_value, a.prior_year_cumulative) == (
        Decimal("0.72005"), Decimal(4), Decimal("0.65"), Decimal("3.6"))
    s = next(r for r in parsed.records.figures if r.uscc == A and r.indicator == "sales_output")
    assert s.cumulative == Decimal(3900)  # the other columns keep the sheet's 千元


# --- growth at an exact half --------------------------------------------------------------------------------

HALVES = [
    # 1-6月 cumulative 44,900 against 40,000 千元: 4490 / 4000 − 1 = 12.25% exactly → printed 12.3
    pytest.param("44,900", "40,000", 12.25, "12.3", id="12.25%"),
    # 40,500 against 40,000: 4050 / 4000 − 1 = 1.25% exactly → printed 1.3 (四舍五入)
    # (the float is 1.2499999999999956: kegong.core.numbers takes a float's noise off before rounding)
    pytest.param("40,500", "40,000", 1.25, "1.3", id="1.25%"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("cum", "prior", "json_pct", "printed"), HALVES)
def test_growth_at_an_exact_half_rounds_up(cli, tmp_path: Path, cum, prior, json_pct, printed):
    firm = DirectFirm(TYPED[D], *FIRMS[D], figures={"gross_output": ("5,000", cum, "4,000", prior)})
    p = write(tmp_path, "b201_jun", DirectForm([firm], period=JUN, indicators=("gross_output",)))
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0, r.output
    assert _indicator_rows(cli, "2026-06")["gross_output"]["yoy_pct"] == json_pct
    assert _printed_row(cli, "2026-06", "工业总产值")[4] == printed
