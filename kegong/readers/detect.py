"""Which source a file comes from, told by its headers, and the reader for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kegong.core.catalogue import SOURCES
from kegong.readers.cells import norm_label, strip_brackets
from kegong.readers.common import ParsedFile, ReadOptions
from kegong.readers.errors import IngestError, Issue, Loc
from kegong.readers.power import read_power
from kegong.readers.power_wide import month_label
from kegong.readers.project import read_project
from kegong.readers.tables import Sheet, read_tables
from kegong.readers.tax import read_tax
from kegong.readers.template import TITLE, read_template
from kegong.readers.tongji import find_tongji_layout, indicator_of, read_tongji

Reader = Callable[[list[Sheet], Path, ReadOptions], ParsedFile]
READERS: dict[str, Reader] = {"tongji": read_tongji, "tax": read_tax, "power": read_power, "project": read_project,
                              "template": read_template}
SOURCE_CHOICES = tuple(READERS)


def _labels(sheet: Sheet, rows: int = 40) -> set[str]:
    out = set()
    for row in sheet.rows[:rows]:
        for c in row:
            s = norm_label(c)
            if s and len(s) <= 40:
                out.add(strip_brackets(s))
    return out


def detect_source(sheets: list[Sheet]) -> str | None:
    for sheet in [s for s in sheets if not s.hidden] or sheets:
        labels = _labels(sheet)
        titles = " ".join(norm_label(c) for row in sheet.rows[:3] for c in row if c)
        if norm_label(TITLE) in titles or ({"指标", "期别"} <= labels):
            return "template"

        def has(*words: str, labels: set[str] = labels) -> bool:
            return any(any(w in lab for w in words) for lab in labels)

        if (has("户号") and has("电量")) or (has("户号", "用户编号", "客户编号") and has("户名", "用户名称", "客户名称")
                                          and any(month_label(lab) for lab in labels)):
            return "power"  # a wide list (a column per month) may name 电量 only in its title or unit line
        if has("纳税人识别号", "纳税人名称") or (has("信用代码") and has("实缴", "税额")):
            return "tax"
        if has("项目名称") and has("投资"):
            return "project"
        layout = find_tongji_layout(sheet)
        if layout is not None and any(indicator_of(c.stem) and (c.sub or c.stem) for c in layout.columns):
            return "tongji"
    return None


def read_file(path: str | Path, source: str | None = None, options: ReadOptions | None = None) -> ParsedFile:
    """Read and validate one file (no database involved). Raises IngestError with every hard error."""
    p = Path(path)
    options = options or ReadOptions()
    display = options.display_name or p.name
    sheets = read_tables(p, display)
    if source is None:
        source = detect_source(sheets)
        if source is None:
            raise IngestError([Issue(Loc(display), "无法从表头判断文件来源（统计局/税务局/供电公司/项目库/模板），"
                                                   "请用 --source tongji|tax|power|project|template 指定")])
    if source not in READERS:
        raise IngestError([Issue(Loc(display), f"未知的来源“{source}”，应为 {'、'.join(READERS)}")])
    parsed = READERS[source](sheets, p, options)
    parsed.records.source = source
    return parsed


def source_label(source: str) -> str:
    return SOURCES.get(source, source)
