"""What a file really is, checked before any library opens it: empty, not a workbook, a zip bomb."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kegong.readers.errors import Loc, fail

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 600 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # uncompressed : compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024
MAX_MEMBERS = 5000


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
    if b"\x00" in head:
        raise fail(loc, "不是 Excel 工作簿，也不是 CSV 文本文件")
    if ext in (".xlsx", ".xlsm", ".xls", ".et"):
        raise fail(loc, f"扩展名为 {ext}，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）")
    return "csv"


def check_zip(path: Path, name: str) -> None:
    """Refuse a zip that would expand beyond reason (a zip bomb dressed as .xlsx) or is no workbook.

    The sizes declared in the zip directory are checked first; then every member is actually inflated,
    in chunks and without keeping it, stopping as soon as it outgrows what it declared."""
    loc = Loc(name)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise fail(loc, "不是有效的 Excel 工作簿（压缩包已损坏）") from None
    with zf:
        infos = zf.infolist()
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
        budget = MAX_UNCOMPRESSED_BYTES
        for i in infos:
            seen = 0
            try:
                with zf.open(i) as member:
                    while chunk := member.read(1 << 20):
                        seen += len(chunk)
                        if seen > i.file_size or seen > budget:
                            raise fail(loc, f"其中 {i.filename} 解压后超出其声明的大小，疑似“压缩炸弹”，已拒绝打开")
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                raise fail(loc, f"不是有效的 Excel 工作簿（其中 {i.filename} 已损坏）") from None
            budget -= seen
