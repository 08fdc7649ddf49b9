"""What a file really is, checked before any library opens it: empty, not a workbook, a zip bomb, a sheet
whose cells span more than can be read."""

from __future__ import annotations

import codecs
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from kegong.readers.errors import Loc, column_letter, fail

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 600 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed : compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024
MAX_MEMBERS = 5000
CHUNK = 1 << 20
# what zipfile raises on a damaged or encrypted member: a bad CRC, a cut stream, deflate data that is not
# (zlib.error), an encrypted member (RuntimeError: password required), a compression it does not know
BROKEN_MEMBER = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error, RuntimeError)

# A sheet is read as a dense block from A1 to its last cell (python-calamine allocates rows × columns before
# anything else happens), so one stray cell at XFD1048576 asks for 17 billion cells. Real files stay far
# below these limits: a province-wide list is ~200,000 rows × 60 columns = 12 million cells.
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
MAX_SHEET_COLS = 2_000
MAX_SHEET_CELLS = 20_000_000


def sniff(path: str | Path, display: str | None = None) -> str:
    """Return 'xlsx', 'xls' or 'csv' — or raise IngestError saying, in Chinese, why the file is refused."""
    p = Path(path)
    name = display or p.name
    loc = Loc(name)
    try:
        size = p.stat().st_size
    except OSError:
        raise fail(loc, "文件不存在或无法读取") from None
    if size == 0:
        raise fail(loc, "是空文件（0 字节），没有可导入的内容")
    if size > MAX_FILE_BYTES:
        raise fail(loc, f"文件过大（{size / 1048576:.0f} MB），超过 {MAX_FILE_BYTES // 1048576} MB 的上限")
    with open(p, "rb") as f:
        head = f.read(4096)
    ext = p.suffix.lower()
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        check_zip(p, name)
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "xls"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")):
        raise fail(loc, "实际是网页（HTML/XML）格式，不是 Excel 工作簿；请用 Excel 打开后“另存为” .xlsx 再导入")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"  # Excel's “Unicode 文本” (UTF-16, tab-separated)
    if b"\x00" in head:
        raise fail(loc, "不是 Excel 工作簿，也不是 CSV 文本文件")
    if ext in (".xlsx", ".xlsm", ".xls", ".et"):
        raise fail(loc, f"扩展名为 {ext}，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）")
    return "csv"


def check_zip(path: Path, name: str) -> None:
    """Refuse a zip that would expand beyond reason (a zip bomb dressed as .xlsx) or is no workbook, and a
    worksheet whose cells span more than a reader can hold (``check_extent``).

    The sizes declared in the zip directory are checked first; then every member is actually inflated,
    in chunks and without keeping it, stopping as soon as it outgrows what it declared. The worksheets'
    cell references are scanned on the way, so no library ever loads a sheet of a billion empty cells."""
    loc = Loc(name)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise fail(loc, "不是有效的 Excel 工作簿（压缩包已损坏）") from None
    with zf:
        infos = zf.infolist()
        _check_directory(infos, loc)
        sheets = worksheet_names(zf)
        budget = MAX_UNCOMPRESSED_BYTES
        for i in infos:
            budget -= _inflate(zf, i, budget, loc, sheets.get(i.filename))


def _check_directory(infos: list[zipfile.ZipInfo], loc: Loc) -> None:
    """What the zip directory declares: how many members, their total size, their compression ratios."""
    if len(infos) > MAX_MEMBERS:
        raise fail(loc, f"压缩包内有 {len(infos)} 个文件，超过 {MAX_MEMBERS} 个的上限，疑似恶意文件")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise fail(loc, "是压缩包，但不是 Excel 工作簿（缺少 xl/ 目录）")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise fail(loc, f"解压后将达 {total / 1048576:.0f} MB，超过 {MAX_UNCOMPRESSED_BYTES // 1048576} MB 的上限，"
                        "疑似“压缩炸弹”，已拒绝打开")
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_MEMBER_RATIO * max(i.compress_size, 1):
            raise fail(loc, f"其中 {i.filename} 压缩比达 {i.file_size // max(i.compress_size, 1)}:1，"
                            "疑似“压缩炸弹”，已拒绝打开")


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, loc: Loc, sheet: str | None) -> int:
    """Inflate one member (scanning its cell references when it is a worksheet); returns its size."""
    seen = 0
    scan = FastScan() if sheet is not None else None
    try:
        with zf.open(info) as member:
            while chunk := member.read(CHUNK):
                seen += len(chunk)
                if seen > info.file_size or seen > budget:
                    raise fail(loc, f"其中 {info.filename} 解压后超出其声明的大小，疑似“压缩炸弹”，已拒绝打开")
                if scan is not None:
                    scan.feed(chunk)
        if scan is not None:
            extent = scan.extent()
            if scan.needs_exact or not extent.fits():
                extent = exact_extent(zf, info)
            check_extent(extent, Loc(loc.file, sheet))
    except BROKEN_MEMBER:
        raise fail(loc, f"不是有效的 Excel 工作簿（其中 {info.filename} 已损坏或已加密）") from None
    return seen


# --- how far a worksheet's cells reach -----------------------------------------------------------------

@dataclass(frozen=True)
class Extent:
    """A sheet read as a block from A1: ``rows`` × ``cols`` cells (1-based: the last row and column)."""

    rows: int
    cols: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    def fits(self) -> bool:
        return self.rows <= MAX_SHEET_ROWS and self.cols <= MAX_SHEET_COLS and self.cells <= MAX_SHEET_CELLS


def check_extent(extent: Extent, loc: Loc) -> None:
    """Refuse a sheet whose block from A1 would exceed the limits — the .xlsx and the .xls reader alike."""
    if extent.fits():
        return
    last = f"{column_letter(extent.cols - 1)}{extent.rows}"
    raise fail(loc, f"内容范围达 A1:{last}（{extent.rows:,} 行 × {extent.cols:,} 列），超过可读取的上限"
                    f"（{MAX_SHEET_ROWS:,} 行 / {MAX_SHEET_COLS:,} 列 / {MAX_SHEET_CELLS:,} 个单元格），"
                    "多半是表格远处有误填的单元格；请删除多余的行列后另存再导入")


def column_number(letters: bytes) -> int:
    """b'A' → 1, b'XFD' → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _Cutter:
    """Cuts a stream of XML bytes just before its last ``<`` so that no tag is split between two pieces."""

    def __init__(self) -> None:
        self.carry = b""

    def cut(self, data: bytes) -> bytes:
        buf = self.carry + data
        at = buf.rfind(b"<")
        if at < 0 or (at == 0 and len(buf) > CHUNK):
            at = len(buf)
        piece, self.carry = buf[:at], buf[at:]
        return piece

    def rest(self) -> bytes:
        piece, self.carry = self.carry, b""
        return piece


# the cell tags every common writer produces: <c r="B7" …>, the reference first
# (a reference longer than any real one is cut: it is past the limits all the same)
_COLS = re.compile(rb'<c r="([A-Z]{1,6})')
_ROWS = re.compile(rb'<c r="[A-Z]+([0-9]{1,12})')
# anything else — a cell without a reference or with it later, a namespace prefix — needs the exact scan
# (two patterns, not one alternation: each keeps the literal prefix that makes the search run at C speed)
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z])[\s/>]')
_PREFIXED_CELL = re.compile(rb':c[\s/>]')


class FastScan:
    """An upper bound of a worksheet's extent from the columns and rows its cell tags name, at the speed of
    two C-level regex passes (no Python per cell). Cells only formatted (``<c r="…" s="1"/>``) count too,
    so a sheet over the limits is measured again by :func:`exact_extent`, which python-calamine agrees with."""

    def __init__(self) -> None:
        self.cols: set[bytes] = set()
        self.rows: set[bytes] = set()
        self.needs_exact = False
        self._cutter = _Cutter()

    def feed(self, data: bytes) -> None:
        self._scan(self._cutter.cut(data))

    def _scan(self, piece: bytes) -> None:
        self.cols.update(_COLS.findall(piece))
        self.rows.update(_ROWS.findall(piece))
        if not self.needs_exact and (_ODD_CELL.search(piece) or _PREFIXED_CELL.search(piece)):
            self.needs_exact = True

    def extent(self) -> Extent:
        self._scan(self._cutter.rest())
        return Extent(max(map(int, self.rows), default=0), max(map(column_number, self.cols), default=0))


_TAG = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>')
_REF_ATTR = re.compile(rb'(?:^|\s)r\s*=\s*["\']([^"\']*)["\']')
_CELL_REF = re.compile(rb'([A-Z]+)([0-9]+)')
BEYOND = 10 ** 12  # where a reference too long to be real is taken to point


def _position(ref: bytes) -> tuple[int, int] | None:
    """(row, column) of a cell reference such as b'XFD1048576', or None when it is none."""
    m = _CELL_REF.fullmatch(ref)
    if m is None:
        return None
    letters, digits = m[1], m[2]
    return (int(digits) if len(digits) <= 12 else BEYOND), (column_number(letters) if len(letters) <= 6 else BEYOND)


class _ExactScan:
    """Where python-calamine puts every cell: by its reference, else next to the previous cell (and a row
    without a reference after the previous row); a cell without a value (a self-closing tag) takes no room."""

    def __init__(self) -> None:
        self.row = self.col = self.max_row = self.max_col = 0

    def scan(self, piece: bytes) -> None:
        for kind, attrs in _TAG.findall(piece):
            ref = _REF_ATTR.search(attrs)
            if kind == b"row":
                digits = ref[1] if ref and ref[1].isdigit() else b""
                self.row = (int(digits) if len(digits) <= 12 else BEYOND) if digits else self.row + 1
                self.col = 0
                continue
            at = _position(ref[1]) if ref else None
            row = at[0] if at else max(self.row, 1)
            self.col = at[1] if at else self.col + 1
            if not attrs.endswith(b"/"):
                self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, self.col)


def exact_extent(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Extent:
    """The extent python-calamine will read, from every row and cell tag of the worksheet (slower: Python per
    tag; used only for a sheet the fast scan cannot vouch for)."""
    cutter, scan = _Cutter(), _ExactScan()
    with zf.open(info) as member:
        while chunk := member.read(CHUNK):
            scan.scan(cutter.cut(chunk))
    scan.scan(cutter.rest())
    return Extent(scan.max_row, scan.max_col)


MAX_INDEX_BYTES = 16 * 1024 * 1024  # workbook.xml and its relationships are small; a huge one is not parsed


def worksheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Zip member → sheet name of every worksheet python-calamine may load: the ones workbook.xml names, and
    every ``xl/worksheets/*.xml`` (named after its file when the workbook does not name it)."""
    members = {i.filename: i for i in zf.infolist()}
    out = {n: posixpath.splitext(posixpath.basename(n))[0] for n in members
           if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)}
    try:
        rels = _relationships(zf, members)
        for name, rid in _sheet_ids(zf, members):
            target = rels.get(rid)
            if target in members:
                out[target] = name
    except (ElementTree.ParseError, KeyError, ValueError, *BROKEN_MEMBER):
        pass  # a broken index: python-calamine will say so; the sheets found by their paths are still checked
    return out


def _small_xml(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> ElementTree.Element | None:
    info = members.get(name)
    if info is None or info.file_size > MAX_INDEX_BYTES:
        return None
    return ElementTree.fromstring(zf.read(info))


def _relationships(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> dict[str, str]:
    """Relationship id → zip member of the worksheets xl/_rels/workbook.xml.rels lists."""
    root = _small_xml(zf, members, "xl/_rels/workbook.xml.rels")
    out: dict[str, str] = {}
    for rel in root.iter() if root is not None else ():
        target, rid = rel.get("Target"), rel.get("Id")
        if not target or not rid or not rel.get("Type", "").endswith("/worksheet"):
            continue
        out[rid] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return out


def _sheet_ids(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> list[tuple[str, str]]:
    """(sheet name, relationship id) of every ``<sheet>`` in xl/workbook.xml, whatever its namespaces."""
    root = _small_xml(zf, members, "xl/workbook.xml")
    out = []
    for el in root.iter() if root is not None else ():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        if el.get("name") and rid:
            out.append((el.get("name"), rid))
    return out
