"""DOCX → PDF (and PDF → PNG pages) with LibreOffice headless and poppler, fonts as the templates name them.

LibreOffice runs with ``FONTCONFIG_FILE`` pointing at ``fontconfig/fonts.conf`` (which includes the
system configuration) so that 仿宋_GB2312, 黑体, 方正小标宋简体 … resolve to the Simplified Chinese Noto
CJK faces, and with a private profile (``-env:UserInstallation``) so that it neither touches nor waits for a
user's own LibreOffice.

LibreOffice gets a copy of the document in which the hyphen of a period span (``1-6月``) sits between word
joiners (U+2060): LibreOffice breaks a line after Word's non-breaking hyphen (``w:noBreakHyphen``, read as
U+2011) and after a literal U+2011; Word does not. The .docx itself is not changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from kegong.core.errors import SetupError

FONTS_CONF = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


class ConversionError(SetupError):
    """LibreOffice or poppler failed or is missing; the message is Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_env() -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


WJ = "\u2060"  # WORD JOINER: no line break on either side, no width
_HYPHEN_BETWEEN_TEXTS = re.compile(r"</w:t>\s*<w:noBreakHyphen/>\s*<w:t(?: [^>]*)?>")
_HYPHEN = "<w:noBreakHyphen/>"


def join_spans(document_xml: str) -> str:
    """``1-6月`` never broken at its hyphen by LibreOffice: each ``w:noBreakHyphen`` becomes "-" between word
    joiners. (LibreOffice still allows a break where digits meet CJK, ``1-7`` | ``月``, as at every change of
    script; joiners there do not stop it.)"""
    xml = _HYPHEN_BETWEEN_TEXTS.sub(f"{WJ}-{WJ}", document_xml)
    return xml.replace(_HYPHEN, f'<w:t xml:space="preserve">{WJ}-{WJ}</w:t>')


def line_grid_only(document_xml: str) -> str:
    """Word's 28 × 22 grid as a line grid: LibreOffice narrows the text area to a whole number of character
    cells of a ``linesAndChars`` grid (27 of 15.79 pt), even for paragraphs that do not snap to it; the body's
    condensed spacing (docformat.CONDENSE) gives the 28 characters."""
    return document_xml.replace('w:type="linesAndChars"', 'w:type="lines"')


def _libreoffice_copy(docx: Path, folder: Path) -> Path:
    """The document as LibreOffice should lay it out (join_spans, line_grid_only), under the same name in
    ``folder``."""
    copy = folder / docx.name
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = line_grid_only(join_spans(data.decode("utf-8"))).encode("utf-8")
            dst.writestr(info, data)
    return copy


def docx_to_pdf(docx: Path, out_dir: Path, *, timeout: float = 180) -> Path:
    """Convert with a private LibreOffice profile; returns the PDF path (``out_dir``/<name>.pdf)."""
    exe = soffice()
    if exe is None:
        raise ConversionError("未找到 LibreOffice（soffice），无法转换为 PDF")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kegong-lo-") as profile:
        try:
            source = _libreoffice_copy(docx, Path(profile))
        except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as e:
            raise ConversionError(f"无法读取 {docx.name}：{e}") from None
        cmd = [exe, f"-env:UserInstallation=file://{profile}/profile", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out_dir), str(source)]
        try:
            proc = subprocess.run(cmd, env=font_env(), capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice 转换 {docx.name} 超时（{timeout:.0f} 秒）") from None
    pdf = out_dir / (docx.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise ConversionError(f"LibreOffice 转换 {docx.name} 失败：{detail[-1] if detail else proc.returncode}")
    return pdf


def pdf_to_pngs(pdf: Path, out_prefix: Path, *, dpi: int = 60, first: int | None = None,
                last: int | None = None) -> list[Path]:
    """Render PDF pages to PNG with pdftoppm; returns the page images in order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ConversionError("未找到 pdftoppm（poppler-utils），无法生成页面图片")
    cmd = [exe, "-png", "-r", str(dpi)]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    proc = subprocess.run([*cmd, str(pdf), str(out_prefix)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise ConversionError(f"pdftoppm 失败：{proc.stderr.strip()}")
    return sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"))


def pdf_fonts(pdf: Path) -> list[str]:
    """Font names embedded in a PDF (pdffonts), to check which faces LibreOffice really used."""
    exe = shutil.which("pdffonts")
    if exe is None:
        return []
    proc = subprocess.run([exe, str(pdf)], capture_output=True, text=True)
    return [line.split()[0] for line in proc.stdout.splitlines()[2:] if line.strip()]
