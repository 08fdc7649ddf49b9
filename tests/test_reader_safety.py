"""Files built to hurt the reader: a sheet whose cells reach XFD1048576 (python-calamine would allocate
512 GB and abort the process), one reaching AZ1000000 (24 s and 2 GB), a ``<dimension>`` that lies, a file
that needs more memory than the reading child may have, one that takes longer than it may take. Each is one
Chinese line, quickly, and neither the calling process nor the command line goes down."""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from kegong.imports import sandbox
from kegong.imports.sandbox import read_file_capped
from kegong.readers import safety
from kegong.readers.common import ReadOptions
from kegong.readers.detect import read_file
from kegong.readers.errors import IngestError, column_letter
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_tongji_xls, write_tongji_xlsx
from tests.test_cli_errors import run

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SPARSE_MESSAGE = ("文件 sparse.xlsx 工作表 一月报表：内容范围达 A1:XFD1048576（1,048,576 行 × 16,384 列），超过可读取的上限"
                  "（1,048,576 行 / 2,000 列 / 20,000,000 个单元格），多半是表格远处有误填的单元格；请删除多余的行列后另存再导入")


def workbook_xml(sheet: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN_NS}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId7"/></sheets></workbook>')


def cell_xml(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def rows_xml(cells: list[tuple[str, str]]) -> str:
    """``<row>`` elements for (reference, text) cells, in row order."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        rows.setdefault(int(re.sub("[A-Z]", "", ref)), []).append(cell_xml(ref, value))
    return "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))


def write_xlsx(path: Path, sheet_data: str, dimension: str | None = None, sheet: str = "一月报表",
               root: str = f'<worksheet xmlns="{MAIN_NS}">', close: str = "</worksheet>") -> Path:
    """A minimal valid .xlsx, written by hand: one worksheet whose ``<sheetData>`` is ``sheet_data``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = root.replace(">", ">" + dim, 1) + sheet_data + close
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook_xml(sheet))
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + body)
    return path


def cells_xlsx(path: Path, cells: list[tuple[str, str]], dimension: str | None = None) -> Path:
    return write_xlsx(path, f"<sheetData>{rows_xml(cells)}</sheetData>", dimension)


def sparse_xlsx(folder: Path) -> Path:
    """1.6 KB: one cell at A1 and one at XFD1048576."""
    return cells_xlsx(folder / "sparse.xlsx", [("A1", "企业名称"), ("XFD1048576", "误填")])


def wide_xlsx(folder: Path, name: str = "wide.xlsx") -> Path:
    """Within the extent limits (1,000 columns × 10,000 rows = 10 million cells) yet python-calamine needs
    320 MB for the block — more than a 200 MB reading child has."""
    return cells_xlsx(folder / name, [("A1", "企业名称"), ("ALL10000", "误填")])


def june_workbook(folder: Path, name: str = "规上工业2026年1-6月.xlsx") -> Path:
    ents = [Ent(uscc(1), "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (120, 600, 100, 500)}),
            Ent(uscc(2), "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (40, 300, 50, 300)})]
    return write_tongji_xlsx(folder / name, [TongjiSheet(ents, title="规模以上工业企业主要指标（2026年1-6月）",
                                                         unit="单位：万元", indicators=("gross_output",))])


@pytest.fixture
def no_calamine(monkeypatch):
    """Fail the test if python-calamine is asked to open anything."""
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("python-calamine was asked to load the workbook")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)


def refused(path: Path) -> str:
    start = time.perf_counter()
    with pytest.raises(IngestError) as e:
        read_file(path)
    assert time.perf_counter() - start < 1.0
    assert len(e.value.issues) == 1
    return e.value.lines()[0]


# --- the extent, measured before any library loads the sheet ----------------------------------------------

def test_a_cell_at_xfd1048576_is_refused_quickly_without_loading(tmp_path, no_calamine):
    path = sparse_xlsx(tmp_path)
    assert path.stat().st_size < 2000
    assert refused(path) == SPARSE_MESSAGE


def test_a_cell_at_az1000000_is_refused_by_the_cell_count(tmp_path, no_calamine):
    line = refused(cells_xlsx(tmp_path / "az.xlsx", [("A1", "x"), ("AZ1000000", "y")]))
    assert "内容范围达 A1:AZ1000000（1,000,000 行 × 52 列）" in line and "20,000,000 个单元格" in line


def test_a_lying_dimension_is_not_believed_either_way(tmp_path, no_calamine):
    line = refused(cells_xlsx(tmp_path / "lies.xlsx", [("A1", "x"), ("XFD1048576", "y")], dimension="A1:B2"))
    assert "A1:XFD1048576" in line


def test_a_huge_dimension_over_two_cells_is_read(tmp_path):
    path = cells_xlsx(tmp_path / "dim.xlsx", [("A1", "序号"), ("B2", "企业")], dimension="A1:XFD1048576")
    assert safety.sniff(path) == "xlsx"
    with pytest.raises(IngestError) as e:  # read to the end: just not a known kind of report
        read_file(path)
    assert "无法从表头判断文件来源" in e.value.lines()[0]


def test_formatted_empty_cells_far_away_take_no_room(tmp_path):
    """python-calamine skips a cell without a value (``<c r=… s=…/>``); so does the check."""
    data = f'<sheetData><row r="1">{cell_xml("A1", "x")}</row><row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    assert safety.sniff(write_xlsx(tmp_path / "styled.xlsx", data)) == "xlsx"


def test_cells_without_references_and_prefixed_tags_are_measured_exactly(tmp_path, no_calamine):
    wide_row = '<sheetData><row>' + "<c><v>1</v></c>" * 2001 + "</row></sheetData>"
    assert "（1 行 × 2,001 列）" in refused(write_xlsx(tmp_path / "noref.xlsx", wide_row))
    prefixed = ('<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="1048576">'
                '<x:c r="XFD1048576"><x:v>2</x:v></x:c></x:row></x:sheetData>')
    path = write_xlsx(tmp_path / "prefixed.xlsx", prefixed, root=f'<x:worksheet xmlns:x="{MAIN_NS}">',
                      close="</x:worksheet>")
    assert "A1:XFD1048576" in refused(path)


def test_a_reference_past_excel_s_own_limits_is_refused(tmp_path, no_calamine):
    line = refused(cells_xlsx(tmp_path / "far.xlsx", [("A1", "x"), ("B99999999", "y")]))
    assert "A1:B99999999（99,999,999 行 × 2 列）" in line
    digits = "9" * 5000  # more digits than int() takes
    path = write_xlsx(tmp_path / "absurd.xlsx", f'<sheetData><row r="1">{cell_xml("A" + digits, "y")}</row></sheetData>')
    assert "内容范围达 A1:A1000000000000" in refused(path)


def test_the_scan_of_a_20000_by_40_sheet_takes_well_under_a_second(tmp_path):
    letters = [column_letter(c) for c in range(40)]
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{col}{r}"><v>{r}.5</v></c>' for col in letters) + "</row>"
                   for r in range(1, 20001))
    path = write_xlsx(tmp_path / "big.xlsx", f"<sheetData>{rows}</sheetData>")
    start = time.perf_counter()
    assert safety.sniff(path) == "xlsx"
    assert time.perf_counter() - start < 1.5
    with zipfile.ZipFile(path) as z:
        assert safety.exact_extent(z, z.getinfo("xl/worksheets/sheet1.xml")) == safety.Extent(20000, 40)


def test_an_xls_sheet_is_measured_before_its_rows_are_built(tmp_path, monkeypatch):
    ents = [Ent(uscc(n), f"湖南{n}号有限公司", "3021", "城关镇", {"gross_output": (1, 2, 3, 4)}) for n in range(1, 4)]
    path = write_tongji_xls(tmp_path / "old.xls", [TongjiSheet(ents, sheet_name="1-6月")])
    assert read_file(path).source == "tongji"
    monkeypatch.setattr(safety, "MAX_SHEET_CELLS", 50)
    with pytest.raises(IngestError) as e:
        read_file(path)
    assert re.fullmatch(r"文件 old\.xls 工作表 1-6月：内容范围达 A1:[A-Z]+\d+（\d+ 行 × \d+ 列），超过可读取的上限.*",
                        e.value.lines()[0])


# --- the reading child: the same outcome, or one line when it runs out of memory or time ----------------

def test_the_child_returns_what_reading_in_process_returns(tmp_path, monkeypatch):
    path = june_workbook(tmp_path)
    here, there = read_file(path), read_file_capped(path, None, ReadOptions(display_name="六月.xlsx"))
    assert there.display == "六月.xlsx" and there.path == path and there.source == "tongji"
    assert there.records.figures == here.records.figures and there.periods == here.periods
    with pytest.raises(IngestError) as inline:
        read_file(sparse_xlsx(tmp_path))
    with pytest.raises(IngestError) as child:
        read_file_capped(sparse_xlsx(tmp_path))
    assert child.value.issues == inline.value.issues


def test_a_child_past_its_memory_cap_is_one_chinese_line(tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KEGONG_READ_MEMORY_MB", "200")
    with pytest.raises(IngestError) as e:
        read_file_capped(wide_xlsx(tmp_path), options=ReadOptions(display_name="宽表.xlsx"))
    assert e.value.lines() == ["文件 宽表.xlsx：读取时内存超出上限（200 MB），文件可能已损坏或含有异常大的表格，已停止读取"]
    assert "out of memory" in (tmp_path / "data" / "logs" / "read.log").read_text(encoding="utf-8")


def test_a_child_past_its_time_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_READ_TIMEOUT", "0.3")
    start = time.perf_counter()
    with pytest.raises(IngestError) as e:
        read_file_capped(wide_xlsx(tmp_path))
    assert e.value.lines() == ["文件 wide.xlsx：读取超过 0.3 秒仍未读完，已停止读取"]
    assert time.perf_counter() - start < 5


def test_an_unforeseen_error_in_the_child_is_one_line_and_the_traceback_goes_to_the_log(tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_DATA_DIR", str(tmp_path / "data"))
    options = ReadOptions(period="2026-06")  # type: ignore[arg-type]  # a str where a Period belongs
    with pytest.raises(IngestError) as e:
        read_file_capped(june_workbook(tmp_path), "tongji", options)
    assert e.value.lines() == ["文件 规上工业2026年1-6月.xlsx：读取时发生意外错误，已停止读取（详情已记入数据目录的 logs/read.log）"]
    log = (tmp_path / "data" / "logs" / "read.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "AttributeError" in log


def test_in_process_reading_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_READ_IN_PROCESS", "1")
    monkeypatch.setattr(sandbox.subprocess, "Popen", None)  # no child may be started
    assert read_file_capped(june_workbook(tmp_path)).source == "tongji"


def test_a_bad_setting_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("KEGONG_READ_MEMORY_MB", "很多")
    with pytest.raises(sandbox.SetupError, match="KEGONG_READ_MEMORY_MB=很多 应为正数"):
        read_file_capped(june_workbook(tmp_path))


# --- the command line ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("reader-safety") / "data"
    r = run("init", data_dir=d)
    assert r.returncode == 0, r.stderr
    return d


def chinese_refusal(r, words: str) -> None:
    """Exit 2; the file's one error line, then the headline; no traceback, no Rust panic."""
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr[-3000:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and words in lines[0], r.stderr[-3000:]
    assert lines[1] == "错误：发现 1 处错误，未导入任何数据（请改正后重新导入）"
    for foreign in ("Traceback", "panicked", "memory allocation", "backtrace", "Error"):
        assert foreign not in r.stderr


@pytest.mark.parametrize("env", [{}, {"KEGONG_READ_IN_PROCESS": "1"}], ids=["child", "in-process"])
def test_kegong_import_of_the_sparse_workbook(data_dir, tmp_path, env):
    chinese_refusal(run("import", str(sparse_xlsx(tmp_path)), data_dir=data_dir, env=env), SPARSE_MESSAGE)


def test_kegong_import_past_the_memory_cap(data_dir, tmp_path):
    r = run("import", str(wide_xlsx(tmp_path)), data_dir=data_dir, env={"KEGONG_READ_MEMORY_MB": "200"})
    chinese_refusal(r, "文件 wide.xlsx：读取时内存超出上限（200 MB）")
