"""Fuzzing the readers: whatever an office sends, ``kegong.readers.detect.read_file`` returns records or raises a
:class:`kegong.core.errors.KegongError` whose message is Chinese — never another exception, never a hang.

The workbooks are made the way offices make them and then mutated: title and unit lines, one- or two-level
headers (merged) whose words are drawn from the readers' own vocabulary (``kegong.readers.vocabulary.WORDS``,
the table ``kegong vocabulary`` prints) mixed with noise, a numbering row, 合计 and 注/签字 lines, numbers typed
as text (``1,234.5`` / ``１２３`` / ``—`` / ``12.3%``), dates, booleans, formulas as text, very long strings,
control characters, several sheets and empty ones; written as .xlsx (openpyxl), .xls (xlwt) or CSV in UTF-8,
GBK or UTF-16, with and without BOMs, sometimes with broken bytes; and whole files truncated or overwritten
with garbage.

Run time is bounded for CI: 150 examples per test, a 10 s deadline per example and 30 s before a read counts
as a hang — the whole file takes about 20 s. For a long run raise the number of examples per test:
``KEGONG_FUZZ_EXAMPLES=3000 .venv/bin/pytest -q tests/test_fuzz_readers.py`` (about 20 minutes);
``--hypothesis-show-statistics`` tells how many examples reached records and how many were refused.

Also the ledger readers (``kegong.readers.ledger.read_ledger``) with every LedgerSpec the apps declare.
What the fuzzing found is fixed in the readers, each with a regression test at the end of this file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import signal
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path

import openpyxl
import xlwt
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.readers.common import ParsedFile, ReadOptions
from kegong.readers.detect import SOURCE_CHOICES, read_file
from kegong.readers.template import HEADERS as TEMPLATE_HEADERS
from kegong.readers.template import TITLE as TEMPLATE_TITLE
from kegong.readers.vocabulary import WORDS, words_of
from tests.ingest.builders import uscc

EXAMPLES = int(os.environ.get("KEGONG_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 150, deadline=timedelta(seconds=10), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])
HANG_SECONDS = 30  # one file read taking longer than this counts as a hang
CHINESE = re.compile(r"[\u4e00-\u9fff]")
WORK = Path(tempfile.mkdtemp(prefix="kegong-fuzz-"))


class Hang(Exception):
    """A read took longer than HANG_SECONDS."""


@contextmanager
def no_hang(seconds: int = HANG_SECONDS):
    def alarm(_signum, _frame):
        raise Hang(f"reading took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def note(what: str) -> None:
    """Count what happened (``--hypothesis-show-statistics``): how many examples reached records."""
    if currently_in_test_context():
        event(what)


def read_checked(path: Path, source: str | None = None, options: ReadOptions | None = None) -> ParsedFile | None:
    """Read the file; records, or a KegongError with a Chinese message (None). Anything else fails the test."""
    try:
        with no_hang():
            parsed = read_file(path, source, options)
    except KegongError as e:
        assert CHINESE.search(str(e)), f"{type(e).__name__} without a Chinese message: {e!r}"
        note(f"refused: {type(e).__name__}")
        return None
    note("records" if parsed.records.figures or parsed.records.enterprises else "read, no records")
    assert isinstance(parsed, ParsedFile)
    assert parsed.records is not None
    return parsed


# --- cells -----------------------------------------------------------------------------------------------

def _vocabulary_word(word) -> st.SearchStrategy[str]:
    """A label a word (a ``Word`` of the vocabulary, or a ledger column's regular expression) matches."""
    pattern = word if isinstance(word, str) else word.pattern
    return st.from_regex(pattern, fullmatch=True).filter(lambda s: 0 < len(s) <= 40)


VOCABULARY = st.sampled_from(WORDS).flatmap(_vocabulary_word)
UNITS = st.sampled_from(["", "（万元）", "(千元)", "（元）", "【万千瓦时】", "(当年价格)", "（%）", "（个）"])
HEADER_NOISE = st.sampled_from(["", "备注", "指标", "期别", "金额", "其中：", "Unnamed: 3", "列1", "项目", "户号",
                                "纳税人识别号", "用电量", "1-6月", "2026年5月电量", "合计", "   ", "序"])


@st.composite
def header_word(draw) -> str:
    """A header label: a vocabulary word with a unit, spaces or full-width forms as offices type them, or noise."""
    word = draw(st.one_of(VOCABULARY, VOCABULARY, HEADER_NOISE, st.text(max_size=12)))
    word += draw(UNITS)
    if draw(st.booleans()) and len(word) > 1:
        word = draw(st.sampled_from([" ".join(word), word.replace("-", "－"), word.replace("(", "（"),
                                     word + "\n", "　" + word]))
    return word


TEXT_NUMBERS = st.sampled_from(["1,234.5", "１２３", "—", "", "12.3%", "-", "--", "(12.5)", "1 234", "12,3O5", "约100",
                                "1e5", "NaN", "inf", "-0", "+7", "１，２３４．５", "0.000001", "99999999999999999999",
                                "1.2.3", "٣٤", "十二", "/", "12,34", ".5", "5."])
WEIRD = st.one_of(
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.booleans(),
    st.sampled_from(["=SUM(E5:E9)", "=A1*2", "#REF!", "#DIV/0!", "=IF(B2>0,\"是\",\"否\")", "'0123"]),
    st.text(min_size=300, max_size=2000),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=8),
    st.text(alphabet=st.characters(min_codepoint=0x7F, max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=20),
)
NUMBERS = st.one_of(st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                    st.decimals(places=4, min_value=-10**9, max_value=10**9).map(float), TEXT_NUMBERS)
CODES = st.one_of(st.integers(1, 50).map(uscc), st.integers(1, 50).map(lambda n: uscc(n).lower()),
                  st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=0, max_size=20))
NAMES = st.one_of(st.sampled_from(["湖南甲建材有限公司", "湖南乙家具有限公司", "合计", "总计", "其中：", "城关镇", "白沙镇",
                                   "=1+1镇", ""]), st.text(alphabet="甲乙丙丁湖南建材有限公司镇街道", max_size=12))
CELL = st.one_of(st.none(), NUMBERS, NUMBERS, CODES, NAMES, WEIRD)
PERIOD_TEXT = st.builds(lambda y, a, b, form: form.format(y=y, a=a, b=max(a, b)),
                        st.integers(2019, 2031), st.integers(1, 12), st.integers(1, 12),
                        st.sampled_from(["规模以上工业企业主要指标（{y}年{a}-{b}月）", "{y}年{b}月", "{y}年1-{b}月",
                                         "{y}.{b:02d}", "{y}年第{a}季度", "{y}年{b}月份工业用电量", "{y}年全年"]))
NOTES = st.sampled_from(["注：1. 本表数据为快报数。", "2. 工业总产值按当年价格计算。", "单位负责人：    统计负责人：    填表人：",
                         "报出日期：2026年7月10日", "说明：带*的企业为新入规企业", "填报单位：某某县统计局"])


# --- sheets ----------------------------------------------------------------------------------------------

@st.composite
def office_sheet(draw) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """(rows, merged ranges as (first row, first col, last row, last col), 0-based) of one sheet."""
    rows: list[list[object]] = []
    merges: list[tuple[int, int, int, int]] = []
    width = draw(st.integers(1, 14))
    for _ in range(draw(st.integers(0, 2))):
        rows.append([draw(st.one_of(PERIOD_TEXT, NOTES, st.text(max_size=30)))])
        if width > 1 and draw(st.booleans()):
            merges.append((len(rows) - 1, 0, len(rows) - 1, width - 1))
    if draw(st.booleans()):
        rows.append(["", draw(st.sampled_from(["单位：万元", "单位：千元", "计量单位：元", "单位:万千瓦时", "金额单位：亿元"]))])
    top = len(rows)
    rows.append([draw(header_word()) for _ in range(width)])
    if draw(st.booleans()):  # a two-level header: groups over 本月 / 1-本月 / 上年同月 / 上年同期
        sub = [draw(header_word()) if draw(st.booleans()) else "" for _ in range(width)]
        c = 0
        while c < width:
            span = draw(st.integers(1, min(4, width - c)))
            for j in range(c + 1, c + span):
                rows[top][j] = ""
            if span > 1:
                merges.append((top, c, top, c + span - 1))
            elif not sub[c] and draw(st.booleans()):
                merges.append((top, c, top + 1, c))
            c += span
        rows.append(sub)
    if draw(st.booleans()):
        rows.append(["甲", "乙", "丙", "丁"][:width] + [str(i) for i in range(1, width - 3)])
    for _ in range(draw(st.integers(0, 8))):
        rows.append([draw(CELL) for _ in range(draw(st.integers(0, width + 1)))])
    if draw(st.booleans()):
        rows.append(["", "合计"] + [draw(NUMBERS) for _ in range(width - 2)])
    rows.extend([n] for n in draw(st.lists(NOTES, max_size=3)))
    return mutate(draw, rows), merges


def mutate(draw, rows: list[list[object]]) -> list[list[object]]:
    """Random edits an office makes: a row deleted or repeated, a cell overwritten, rows swapped, a blank row."""
    for _ in range(draw(st.integers(0, 4))):
        if not rows:
            break
        i = draw(st.integers(0, len(rows) - 1))
        op = draw(st.sampled_from(["delete", "repeat", "cell", "swap", "blank"]))
        if op == "delete":
            del rows[i]
        elif op == "repeat":
            rows.insert(i, list(rows[i]))
        elif op == "cell" and rows[i]:
            rows[i][draw(st.integers(0, len(rows[i]) - 1))] = draw(CELL)
        elif op == "swap":
            j = draw(st.integers(0, len(rows) - 1))
            rows[i], rows[j] = rows[j], rows[i]
        else:
            rows.insert(i, [])
    return rows


def field_word(source: str, key: str) -> st.SearchStrategy[str]:
    """A header word the readers place as ``source``'s field ``key`` (drawn from its own vocabulary)."""
    return st.sampled_from(words_of(source, key)).flatmap(_vocabulary_word)


GOOD_NUMBER = st.one_of(st.integers(0, 10**7), st.decimals(places=2, min_value=0, max_value=10**6).map(float),
                        st.integers(0, 10**6).map(lambda n: f"{n:,}"), st.none())
MAYBE_NUMBER = st.one_of(GOOD_NUMBER, GOOD_NUMBER, GOOD_NUMBER, NUMBERS)
INDUSTRY = st.one_of(st.sampled_from(["3021", "2110", "3982", "1311"]), st.sampled_from(["C3021", "99", "", 3021]))
TOWNS = st.one_of(st.sampled_from(["城关镇", "白沙镇"]), st.sampled_from(["城关镇 ", "白沙", "", "=1+1镇"]))
FIRM = st.integers(1, 30)


@st.composite
def tongji_like(draw) -> list[list[object]]:
    """A statistics-bureau list: title with the period, unit line, ids, indicator groups over their parts."""
    ids = draw(st.permutations(["uscc", "name", "industry", "town", *draw(st.sampled_from([[], ["seq"]]))]))
    if draw(st.integers(0, 5)) == 0:  # now and then a required column is missing
        ids = ids[1:]
    indicators = draw(st.lists(st.sampled_from(["gross_output", "sales_output", "revenue", "profit", "electricity"]),
                               min_size=1, max_size=3, unique=True))
    parts = draw(st.lists(st.sampled_from(["value", "cumulative", "prior_year_value", "prior_year_cumulative"]),
                          min_size=1, max_size=4, unique=True))
    top = [draw(field_word("tongji", k)) for k in ids]
    sub = [""] * len(ids)
    for ind in indicators:
        word = draw(field_word("tongji", ind)) + draw(UNITS)
        top += [word] + [""] * (len(parts) - 1)
        sub += [draw(field_word("tongji", p)) for p in parts]
    rows: list[list[object]] = [[draw(PERIOD_TEXT)], ["", draw(st.sampled_from(["单位：万元", "单位：千元", "单位：元"]))],
                                top, sub]
    for i in range(draw(st.integers(1, 6))):
        n = draw(FIRM)
        cell = {"seq": i + 1, "uscc": uscc(n), "name": f"湖南{n}号建材有限公司", "industry": draw(INDUSTRY),
                "town": draw(TOWNS)}
        rows.append([cell[k] for k in ids] + [draw(MAYBE_NUMBER) for _ in range(len(indicators) * len(parts))])
    return rows


@st.composite
def tax_like(draw) -> list[list[object]]:
    keys = ["uscc", *draw(st.lists(st.sampled_from(["name", "industry", "period", "period_end", "kind"]),
                                   max_size=5, unique=True)), "amount"]
    rows: list[list[object]] = [[draw(PERIOD_TEXT)], ["金额单位：元"], [draw(field_word("tax", k)) for k in keys]]
    for _ in range(draw(st.integers(1, 6))):
        n = draw(FIRM)
        cell = {"uscc": uscc(n), "name": f"湖南{n}号建材有限公司", "industry": "制造业", "kind": draw(st.sampled_from(
            ["增值税", "企业所得税", "城市维护建设税", ""])), "period": draw(st.sampled_from(["2026-06-01", "202606", ""])),
            "period_end": draw(st.sampled_from(["2026-06-30", "2026年6月", ""])), "amount": draw(MAYBE_NUMBER)}
        rows.append([cell[k] for k in keys])
    return rows


@st.composite
def power_like(draw) -> list[list[object]]:
    keys = ["account", "name", *draw(st.lists(st.sampled_from(["address", "period"]), max_size=2, unique=True)), "kwh"]
    rows: list[list[object]] = [[draw(PERIOD_TEXT)], [draw(field_word("power", k)) for k in keys]]
    for _ in range(draw(st.integers(1, 6))):
        n = draw(FIRM)
        cell = {"account": draw(st.sampled_from([f"{n:04d}", n, f"0{n}"])), "name": f"湖南{n}号建材有限公司",
                "address": "城关镇工业园", "period": draw(st.sampled_from(["202606", "2026-06", "2026年6月", ""])),
                "kwh": draw(MAYBE_NUMBER)}
        rows.append([cell[k] for k in keys])
    return rows


@st.composite
def template_like(draw) -> list[list[object]]:
    rows: list[list[object]] = [[TEMPLATE_TITLE], list(TEMPLATE_HEADERS)]
    for _ in range(draw(st.integers(1, 6))):
        n = draw(FIRM)
        code = draw(st.sampled_from(["gross_output", "revenue", "工业总产值", "利润总额", "electricity", "不存在"]))
        rows.append([uscc(n), f"湖南{n}号建材有限公司", code, draw(st.sampled_from(["2026-06", "2026年6月", "2026-02", "6月"])),
                     *[draw(MAYBE_NUMBER) for _ in range(4)]])
    return rows


@st.composite
def near_valid_sheet(draw) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """A sheet of one of the sources as its office makes it, lightly mutated: these reach the readers' record code."""
    rows = draw(st.one_of(tongji_like(), tax_like(), power_like(), template_like()))
    if draw(st.booleans()):
        rows.append(["", "合计"] + [draw(GOOD_NUMBER) for _ in range(max(len(rows[-1]) - 2, 0))])
    rows.extend([n] for n in draw(st.lists(NOTES, max_size=2)))
    if draw(st.integers(0, 2)) == 0:
        rows = mutate(draw, rows)
    return rows, []


SHEET_NAMES = st.one_of(st.sampled_from(["1-6月", "Sheet1", "2026年5月", "汇总", "5月", "2025年12月", "说明"]),
                        st.text(alphabet="甲乙丙年月表汇总0123456789-", min_size=1, max_size=20))
WORKBOOK = st.lists(st.tuples(SHEET_NAMES, st.one_of(office_sheet(), near_valid_sheet(), near_valid_sheet(),
                                                     st.just(([], [])))), min_size=1, max_size=3,
                    unique_by=lambda s: s[0])


# --- writers ---------------------------------------------------------------------------------------------

def _xlsx_value(v: object) -> object:
    if isinstance(v, str):
        return ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m[0]):04X}_", v)  # how Excel stores control characters
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return str(v)
    return v


def write_xlsx(path: Path, sheets) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (rows, merges) in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([_xlsx_value(v) for v in r])
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)
    return path


DATE_STYLE = xlwt.easyxf(num_format_str="YYYY-MM-DD")


def write_xls(path: Path, sheets) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    for name, (rows, merges) in sheets:
        ws = wb.add_sheet(name, cell_overwrite_ok=True)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, (dt.date, dt.datetime)):
                    ws.write(r, c, v, DATE_STYLE)
                elif v is not None:
                    ws.write(r, c, v[:32767] if isinstance(v, str) else v)
        for r0, c0, r1, c1 in merges:
            if (r0, c0) != (r1, c1):
                ws.merge(r0, r1, c0, c1)
    wb.save(str(path))
    return path


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows([["" if v is None else v for v in r] for r in rows])
    return buf.getvalue()


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "big5"])


@st.composite
def csv_bytes(draw, rows: list[list[object]]) -> bytes:
    """The sheet as CSV (or tab-separated) bytes in some encoding, perhaps with a BOM, perhaps broken."""
    content = csv_text(rows, draw(st.sampled_from([",", "\t", ";"])))
    data = content.encode(draw(ENCODINGS), errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""])) + data
    for _ in range(draw(st.integers(0, 3))):  # broken bytes: a cut multi-byte character, stray high bytes
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


# --- the tests -------------------------------------------------------------------------------------------

SOURCES = st.sampled_from([None, None, *SOURCE_CHOICES])
OPTIONS = st.one_of(st.none(), st.builds(lambda y, m: ReadOptions(period=Period.reporting(y, m)),
                                         st.integers(2020, 2030), st.integers(1, 12)))


@FUZZ
@given(sheets=WORKBOOK, kind=st.sampled_from(["xlsx", "xls"]), source=SOURCES, options=OPTIONS)
def test_office_workbooks_give_records_or_a_chinese_error(sheets, kind, source, options):
    path = WORK / f"规上工业.{kind}"
    (write_xlsx if kind == "xlsx" else write_xls)(path, sheets)
    read_checked(path, source, options)


@FUZZ
@given(sheet=st.one_of(office_sheet(), near_valid_sheet()), data=st.data(), source=SOURCES, options=OPTIONS,
       suffix=st.sampled_from([".csv", ".txt", ".CSV"]))
def test_csv_in_any_encoding_gives_records_or_a_chinese_error(sheet, data, source, options, suffix):
    path = WORK / f"清单{suffix}"
    path.write_bytes(data.draw(csv_bytes(sheet[0])))
    read_checked(path, source, options)


@cache
def good_files() -> dict[str, bytes]:
    """A real workbook in each format: what the byte-level mutations start from."""
    rows = [["规模以上工业企业主要指标（2026年1-6月）"], ["", "单位：万元"],
            ["序号", "统一社会信用代码", "单位详细名称", "行业代码", "所在乡镇（街道）", "工业总产值", "", "", ""],
            ["", "", "", "", "", "本月", "1-本月", "上年同月", "上年同期"],
            [1, uscc(1), "湖南甲建材有限公司", "3021", "城关镇", 120, 600, 100, 500],
            [2, uscc(2), "湖南乙家具有限公司", "2110", "白沙镇", 40, 300, 50, 300],
            ["", "", "合计", "", "", 160, 900, 150, 800], ["注：本表数据为快报数。"]]
    sheets = [("1-6月", (rows, [(2, 5, 2, 8), (0, 0, 0, 8)]))]
    out = {}
    for kind, writer in (("xlsx", write_xlsx), ("xls", write_xls)):
        out[kind] = writer(WORK / f"good.{kind}", sheets).read_bytes()
    out["csv"] = csv_text(rows).encode("gbk")
    return out


@st.composite
def damaged(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(["xlsx", "xls", "csv"]))
    data = good_files()[kind]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "overwrite"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            data = data[:at]
        elif op == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
        else:
            chunk = draw(st.binary(min_size=1, max_size=256))
            data = data[:at] + chunk + data[at + len(chunk):]
    return kind, data


@FUZZ
@given(file=damaged(), suffix=st.sampled_from([None, ".xlsx", ".xls", ".csv"]), source=SOURCES)
def test_truncated_or_damaged_files_give_a_chinese_error_or_records(file, suffix, source):
    kind, data = file
    path = WORK / f"损坏{suffix or '.' + kind}"
    path.write_bytes(data)
    read_checked(path, source)


MAGIC = st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf",
                         b"\xff\xfe", b"<html>", b"<?xml version='1.0'?>", b"ID;P", b"\x00\x00"])


@FUZZ
@given(head=MAGIC, body=st.binary(max_size=4096), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".et", ".xlsm"]))
def test_garbage_bytes_give_a_chinese_error_or_records(head, body, suffix):
    path = WORK / f"乱码{suffix}"
    path.write_bytes(head + body)
    read_checked(path)


# --- what the fuzzing found (regressions) -----------------------------------------------------------------

def test_a_csv_with_a_stray_carriage_return_is_read():
    """Found by the fuzzer: a bare ``\\r`` (old Mac line ends, a cell pasted from another program) made the
    csv module raise ``_csv.Error: new-line character seen in unquoted field``."""
    path = WORK / "回车.csv"
    path.write_bytes("\r\x01\n序号\r\n".encode())
    from kegong.readers.tables import read_tables

    assert read_tables(path)[0].rows == [[], ["\x01"], ["序号"]]
    path.write_bytes("规模以上工业企业主要指标（2026年1-6月）\r序号,单位详细名称\r1,湖南甲建材有限公司\r".encode("gbk"))
    assert read_tables(path)[0].rows[1:] == [["序号", "单位详细名称"], ["1", "湖南甲建材有限公司"]]


def test_a_csv_whose_field_exceeds_the_csv_limit_is_a_chinese_error():
    path = WORK / "超长.csv"
    path.write_text('序号,"' + "长" * (csv.field_size_limit() + 10) + '"\n', encoding="utf-8")
    assert read_checked(path) is None


def _member_data_offset(data: bytes, name: str) -> int:
    """Where the compressed bytes of a zip member start (after its local header)."""
    import struct
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def test_an_xlsx_whose_deflate_stream_is_broken_is_a_chinese_error():
    """Found by the fuzzer: deflate data that is not (``zlib.error: invalid block type``) escaped the size
    check of ``kegong.readers.safety``."""
    data = bytearray(good_files()["xlsx"])
    at = _member_data_offset(bytes(data), "xl/worksheets/sheet1.xml")
    data[at] = 0xFF  # block type 3: invalid
    path = WORK / "坏流.xlsx"
    path.write_bytes(bytes(data))
    with no_hang():
        try:
            read_file(path)
        except KegongError as e:
            assert "xl/worksheets/sheet1.xml 已损坏" in str(e)
        else:  # pragma: no cover
            raise AssertionError("a broken deflate stream was read")


def test_an_xlsx_with_an_encrypted_member_is_a_chinese_error():
    """A member flagged as encrypted (zipfile: RuntimeError, password required) is refused in Chinese."""
    import struct
    import zipfile

    data = bytearray(good_files()["xlsx"])
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the flag: local header and central directory
        pos = 0
        while (pos := bytes(data).find(sig, pos)) >= 0:
            header = bytes(data[pos:pos + 46])
            name_len_at = 26 if sig == b"PK\x03\x04" else 28
            name_len = struct.unpack("<H", header[name_len_at:name_len_at + 2])[0]
            start = pos + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[start:start + name_len]) == info.filename.encode():
                data[pos + flag_at] |= 1
            pos += 4
    path = WORK / "加密成员.xlsx"
    path.write_bytes(bytes(data))
    assert read_checked(path) is None


def test_an_xls_whose_sheet_is_damaged_is_a_chinese_error():
    """Found by the fuzzer: a .xls that opens but whose sheet records are broken made xlrd raise IndexError,
    KeyError (or struct.error …) when the sheet was loaded, outside the reader's guard around opening the book."""
    data = bytearray(good_files()["xls"])
    data[973] = 0xFF  # inside the first sheet's records (xlrd: KeyError while loading it)
    path = WORK / "坏表.xls"
    path.write_bytes(bytes(data))
    with no_hang():
        try:
            read_file(path)
        except KegongError as e:
            assert "第 1 个工作表已损坏，无法读取" in str(e)
        else:  # pragma: no cover
            raise AssertionError("a damaged sheet was read")


def test_excel_unicode_text_utf16_tab_separated_is_read_like_the_gbk_csv():
    """Excel's “另存为 Unicode 文本” is UTF-16 with a BOM, tab-separated: read like the same list saved as GBK CSV
    (it used to be refused as “不是 CSV 文本文件” for its NUL bytes)."""
    from tests.ingest.builders import Ent, TongjiSheet, tongji_rows

    sheet = TongjiSheet([Ent(uscc(1), "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (120, 600, 100, 500)}),
                         Ent(uscc(2), "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (40, 300, 50, 300)})],
                        indicators=("gross_output",))
    rows = tongji_rows(sheet)
    gbk, utf16 = WORK / "规上工业2026年1-6月.csv", WORK / "规上工业2026年1-6月.txt"
    gbk.write_bytes(csv_text(rows).encode("gbk"))
    for encoding in ("utf-16", "utf-16-be"):
        utf16.write_bytes((codecs.BOM_UTF16_BE if encoding.endswith("be") else b"")
                          + csv_text(rows, "\t").encode(encoding))
        a, b = read_file(gbk), read_file(utf16)
        assert a.records.figures and a.records.figures == b.records.figures
        assert a.records.enterprises == b.records.enterprises
    utf16.write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate: not UTF-16 text
    assert read_checked(utf16) is None


def test_an_xls_cell_holding_nan_or_infinity_is_empty_or_a_chinese_error():
    """Found by the fuzzer: a .xls number cell can hold NaN or ±inf; the 统计局 reader's fast path made
    ``Decimal('NaN')`` of it and the cumulative check crashed (``decimal.InvalidOperation``). NaN is an empty
    cell (as everywhere else), ±inf is not a number."""
    from tests.ingest.builders import Ent, TongjiSheet, write_tongji_xls

    def sheet(prior: float) -> TongjiSheet:
        return TongjiSheet([Ent(uscc(1), "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (120, 600, prior, 500)})],
                           indicators=("gross_output",), total=False, unit="单位：万元")

    path = write_tongji_xls(WORK / "规上工业2026年1-6月.xls", [sheet(float("nan"))])
    (figure,) = [f for f in read_file(path).records.figures if f.indicator == "gross_output"]
    assert figure.prior_year_value is None and figure.cumulative == 600
    write_tongji_xls(path, [sheet(float("inf"))])
    try:
        read_file(path)
    except KegongError as e:
        assert "“inf”不是数字" in str(e)
    else:  # pragma: no cover
        raise AssertionError("an infinite figure was read")


# --- the ledger readers (台账: one list per ledger, its columns declared by a LedgerSpec) -----------------

def ledger_specs() -> list:
    """Every ledger the apps declare (``kegong.readers.ledger.LedgerSpec`` values of their ledgers modules)."""
    import importlib

    from kegong.readers.ledger import LedgerSpec

    names = ["kegong.projects.ledgers", "kegong.tech.ledgers_rd", "kegong.tech.ledgers", "kegong.sme.ledgers",
             "kegong.service.ledgers", "kegong.informatization.ledgers", "kegong.wall.ledgers"]
    found = {}
    for name in names:
        for value in vars(importlib.import_module(name)).values():
            # a spec whose choices are read from the database (a lazy list) is left out: no database here
            if isinstance(value, LedgerSpec) and all(isinstance(c.choices, tuple) for c in value.columns):
                found[value.name] = value
    return list(found.values())


DATE_TEXT = st.sampled_from(["2026年6月1日", "2026-06-01", "2026/6/1", "2026.06", "2026年6月", "6月1日", "2026-13-01",
                             "46000", "明年", ""])


def ledger_cell(column) -> st.SearchStrategy:
    kind = {"uscc": CODES, "number": MAYBE_NUMBER, "int": st.one_of(st.integers(-5, 10**6), TEXT_NUMBERS),
            "date": st.one_of(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 1, 1)), DATE_TEXT,
                              st.integers(30000, 50000)),
            "bool": st.sampled_from(["是", "否", "√", "×", True, False, 1, 0, "也许", ""]),
            "choice": st.sampled_from([*(c for pair in column.choices for c in pair), "其他", ""]),
            }.get(column.kind, st.one_of(NAMES, st.text(max_size=30)))
    return st.one_of(kind, kind, kind, CELL)


@st.composite
def ledger_workbook(draw):
    spec = draw(st.sampled_from(ledger_specs()))
    columns = draw(st.lists(st.sampled_from(spec.columns), min_size=1, max_size=len(spec.columns), unique=True))
    header = [draw(st.sampled_from(c.words).flatmap(_vocabulary_word)) + draw(st.sampled_from(["", f"（{c.unit}）"]))
              for c in columns]
    rows: list[list[object]] = [[f"{spec.name}清单"], header]
    for _ in range(draw(st.integers(0, 6))):
        rows.append([draw(ledger_cell(c)) for c in columns])
    rows.extend([n] for n in draw(st.lists(NOTES, max_size=2)))
    return spec, mutate(draw, rows) if draw(st.booleans()) else rows


@FUZZ
@given(book=ledger_workbook(), kind=st.sampled_from(["xlsx", "xls", "csv"]))
def test_ledger_lists_give_rows_or_a_chinese_error(book, kind):
    from kegong.readers.ledger import read_ledger
    from kegong.readers.tables import read_tables

    spec, rows = book
    path = WORK / f"台账.{kind}"
    if kind == "csv":
        path.write_bytes(csv_text(rows).encode("gbk", errors="replace"))
    else:
        (write_xlsx if kind == "xlsx" else write_xls)(path, [("Sheet1", (rows, []))])
    try:
        with no_hang():
            ledger = read_ledger(read_tables(path), path, spec)
            ledger.raise_if_any()
    except KegongError as e:
        assert CHINESE.search(str(e)), f"{type(e).__name__} without a Chinese message: {e!r}"
        note(f"refused: {type(e).__name__}")
        return
    note("rows")
    assert all(set(r.values) <= {c.key for c in spec.columns} for r in ledger.rows)
