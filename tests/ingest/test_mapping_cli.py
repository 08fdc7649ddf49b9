"""The mapping step in the CLI: a layout kegong does not know is shown column by column and refused; the
user maps it with --map/--ignore and saves it as an import profile; the next file of that layout goes through
by itself; profiles are listed, shown, renamed and deleted. And the vocabulary is a table: a synonym is a row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportProfile
from kegong.readers import vocabulary
from kegong.readers.detect import read_file
from kegong.readers.errors import IngestError
from tests.ingest.builders import uscc
from tests.ingest.conftest import dump_db
from tests.ingest.direct_builders import DirectFirm, DirectForm, write_direct_xlsx

A, B = uscc(21), uscc(22)
UNKNOWN = {"gross_output": "产值（现价）"}


def firms() -> list[DirectFirm]:
    return [DirectFirm(A, "青溪县宏达建材有限公司", "3011", "龙溪街道",
                       {"gross_output": ("12,345.6", "12,345.6", "10,000", "10,000"),
                        "sales_output": ("12,000", "12,000", "9,800.5", "9,800.5")}),
            DirectFirm(B, "青溪县华盛电子有限公司", "3982", "金山街道",
                       {"gross_output": (5000, 5000, 4000.4, 4000.4), "sales_output": (4900, 4900, 3900, 3900)})]


def form(period: str = "2026年1-2月", **kw) -> DirectForm:
    return DirectForm(firms(), period=period, indicators=("gross_output", "sales_output"), **kw)


MAPS = ["--map", "E=gross_output:本月", "--map", "F=工业总产值:1-本月", "--map", "G=gross_output:上年同月",
        "--map", "产值（现价）上年1-本月=gross_output:上年同期"]  # a column named by its header


@pytest.fixture(autouse=True)
def _in_process(monkeypatch):
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")


@pytest.mark.django_db
def test_an_unknown_layout_is_refused_with_its_columns_shown(cli, tmp: Path):
    path = write_direct_xlsx(tmp / "直报.xlsx", form(headers=UNKNOWN))
    before = dump_db()
    r = cli("import", str(path))
    assert r.exit_code == 2
    assert "E 列（产值（现价）本年本月）：是数值列，但表头不是 kegong 认识的指标" in r.stderr
    assert "E   产值（现价）本年本月" in r.stderr and "未识别的数值列" in r.stderr
    assert "I   工业销售产值（当年价格）本年本月" in r.stderr and "工业销售产值 · 本月" in r.stderr
    assert "--save-profile" in r.stderr and "发现 4 处错误，未导入任何数据" in r.stderr
    assert dump_db() == before
    shown = cli("import", str(path), "--show-columns")
    assert shown.exit_code == 0 and "未识别的数值列" in shown.stdout and dump_db() == before


@pytest.mark.django_db
def test_map_save_and_the_next_file_goes_through_by_itself(cli, tmp: Path):
    first = write_direct_xlsx(tmp / "直报-1-2.xlsx", form(headers=UNKNOWN))
    r = cli("import", str(first), *MAPS, "--save-profile", "直报B201")
    assert r.exit_code == 0, r.output
    assert "已保存导入方案“直报B201”" in r.stdout
    got = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="gross_output", year=2026, month=2)
    # 12,345.6 千元 = 1,234.56 万元 (本月 = 1-本月 in 1-2月); 10,000 千元 = 1,000 万元
    assert (got.value, got.cumulative, got.prior_year_value, got.prior_year_cumulative) == (
        Decimal("1234.56"), Decimal("1234.56"), Decimal("1000"), Decimal("1000"))
    second = write_direct_xlsx(tmp / "直报-1-3.xlsx", form("2026年1-3月", headers=UNKNOWN))
    r = cli("import", str(second))
    assert r.exit_code == 0, r.output
    assert "按导入方案“直报B201”读取列" in r.stdout
    assert MonthlyFigure.objects.filter(indicator__code="gross_output", year=2026, month=3).count() == 2
    assert ImportProfile.objects.get(name="直报B201").used == 1

    listed = cli("profiles", "list")
    assert "直报B201" in listed.stdout
    shown = cli("profiles", "show", "直报B201")
    assert "产值(现价)上年1-本月" in shown.stdout and "工业总产值 · 上年同期" in shown.stdout
    assert cli("profiles", "rename", "直报B201", "统计局直报").exit_code == 0
    assert cli("profiles", "show", "直报B201").exit_code == 2
    assert cli("profiles", "delete", "统计局直报").exit_code == 0
    assert not ImportProfile.objects.exists()


@pytest.mark.django_db
def test_profile_by_name_and_ignoring_a_column(cli, tmp: Path):
    first = write_direct_xlsx(tmp / "a.xlsx", form(headers=UNKNOWN))
    r = cli("import", str(first), "--ignore", "E", "--ignore", "F", "--ignore", "G", "--ignore", "H",
            "--save-profile", "只要销售产值", "--dry-run")
    assert r.exit_code == 0, r.output
    assert not MonthlyFigure.objects.exists()  # a dry run writes nothing; the profile is kept
    r = cli("import", str(first), "--profile", "只要销售产值")
    assert r.exit_code == 0, r.output
    assert set(MonthlyFigure.objects.values_list("indicator__code", flat=True)) == {"sales_output"}
    assert cli("import", str(first), "--profile", "没有这个").stderr.startswith("错误：没有名为“没有这个”的导入方案")


@pytest.mark.django_db
@pytest.mark.parametrize("spec, message", [
    ("E=产量:本月", "“产量”不是可导入的指标或识别列"),
    ("E=gross_output", "还应写明是本月、1-本月、上年同月还是上年同期"),
    ("E=gross_output:本周", "“本周”不是本月 / 1-本月 / 上年同月 / 上年同期 之一"),
    ("E=gross_output:本月:斤", "“斤”不是可识别的计量单位"),
    ("Z=gross_output:本月", "文件中没有“Z”列"),
    ("gross_output", "应写成 列=指标:本月"),
])
def test_a_mapping_that_cannot_be_understood_is_one_chinese_line(cli, tmp: Path, spec: str, message: str):
    r = cli("import", str(write_direct_xlsx(tmp / "a.xlsx", form(headers=UNKNOWN))), "--map", spec)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.output


@pytest.mark.django_db
def test_a_new_town_needs_confirming_once_the_register_has_towns(cli, tmp: Path):
    assert cli("import", str(write_direct_xlsx(tmp / "a.xlsx", form()))).exit_code == 0  # first import: towns made
    later = form("2026年1-3月")
    later.firms[1].town = "白沙镇"
    path = write_direct_xlsx(tmp / "b.xlsx", later)
    before = dump_db()
    r = cli("import", str(path))
    assert r.exit_code == 2 and "企业库中没有乡镇（街道）“白沙镇”" in r.stderr and "--new-towns" in r.stderr
    assert dump_db() == before
    r = cli("import", str(path), "--new-towns")
    assert r.exit_code == 0 and "新建乡镇（街道）“白沙镇”" in r.stdout


def test_a_synonym_is_a_row_of_the_vocabulary(tmp: Path, monkeypatch):
    path = write_direct_xlsx(tmp / "a.xlsx", form(headers={"gross_output": "现价产值"}))
    with pytest.raises(IngestError):
        read_file(path)
    words = vocabulary.WORDS + (vocabulary.Word("tongji", "gross_output", "现价产值", "某县统计局自制表"),)
    monkeypatch.setattr(vocabulary, "WORDS", words)
    vocabulary.pattern.cache_clear()
    try:
        parsed = read_file(path)
    finally:
        vocabulary.pattern.cache_clear()
    assert {f.indicator for f in parsed.records.figures} == {"gross_output", "sales_output"}


def test_every_field_has_words_and_every_word_a_field_and_a_form():
    for f in vocabulary.FIELDS:
        assert vocabulary.words_of(f.source, f.key), f
    for w in vocabulary.WORDS:
        assert vocabulary.field(w.source, w.field) and w.form
        vocabulary.pattern(w.source, w.field)  # compiles


def test_the_vocabulary_command_lists_the_words(cli):
    r = cli("vocabulary", "--source", "tongji")
    assert r.exit_code == 0 and "单位代码" in r.stdout and "联网直报" in r.stdout


def test_the_columns_come_back_from_the_reading_child_process(tmp: Path, monkeypatch):
    from kegong.imports.sandbox import read_file_capped
    from kegong.readers.common import ReadOptions

    monkeypatch.delenv("KEGONG_READ_IN_PROCESS")
    path = write_direct_xlsx(tmp / "直报.xlsx", form(headers=UNKNOWN))
    with pytest.raises(IngestError) as e:
        read_file_capped(path, None, ReadOptions())
    (sheet,) = e.value.columns
    assert [p.letter for p in sheet.unplaced] == ["E", "F", "G", "H"]
