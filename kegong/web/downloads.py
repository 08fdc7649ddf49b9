"""Workbooks sent to the browser: written by the same functions as ``kegong export`` / ``kegong template``
into a temporary file, then streamed with a Content-Disposition that keeps the Chinese file name."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.http import FileResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII name for old clients and the UTF-8 name (RFC 6266 / 5987)."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", fallback) or "kegong.xlsx"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_response(write: Callable[[Path], object], filename: str, fallback: str) -> FileResponse:
    """Call ``write(path)`` on a temporary .xlsx and stream it (the file goes away when the response closes)."""
    tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", prefix="kegong-")  # noqa: SIM115 - closed by the response
    try:
        write(Path(tmp.name))
        tmp.seek(0)
    except BaseException:
        tmp.close()
        raise
    response = FileResponse(tmp, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    return response


def export_filenames(table: str, sheet: str, period: str = "", indicator: str = "") -> tuple[str, str]:
    """(Chinese name, ASCII fallback) of an exported table, e.g. 企业月度数据-工业总产值-2026-06.xlsx."""
    from kegong.core.catalogue import INDICATORS

    def join(*parts: str) -> str:
        return "-".join(p for p in parts if p) + ".xlsx"

    name = next((d.name for d in INDICATORS if d.code == indicator), "")
    return join(sheet, name, period), join("kegong", table, indicator, period)
