"""Render representative pages of each default report for the demo county to PNG (the pictures in docs/).

Run:  .venv/bin/python docs/render_report_pages.py
Needs LibreOffice (soffice) and poppler (pdftoppm, pdftotext). Writes docs/report-<kind>-p<N>.png, N the page
number: for the half-year summary its first page, the page with the 附件说明 and signature, and the first
附件 page (the tables); for the monthly briefing its first page and the pages with 表1 and 表2. The demo county
(seed 2026, 150 enterprises) for 2026年1-6月, its period facts filled in by ``kegong briefing demo``, converted
with kegong's fontconfig (Noto CJK SC for the official fonts).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# the pages shown: the first, then the first page whose text matches each marker (pdftotext may put a
# space between 表 and its number)
MARKERS = {"half-year": (r"附件：\s*1．", r"表\s*1\s"), "monthly": (r"表\s*1\s", r"表\s*2\s")}


def pick_pages(pdf: Path, markers: tuple[str, ...]) -> list[int]:
    """Page 1 and, per marker, the first page whose text holds it (pdftotext, page by page)."""
    pages = [1]
    n = 1
    texts = []
    while True:
        out = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                             text=True)
        if out.returncode != 0:
            break
        texts.append(out.stdout)
        n += 1
    for marker in markers:
        found = next((i + 1 for i, t in enumerate(texts) if re.search(marker, t)), None)
        if found is not None and found not in pages:
            pages.append(found)
    return pages


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from kegong.reports.convert import docx_to_pdf, pdf_to_pngs

    work = Path(tempfile.mkdtemp(prefix="kegong-docs-"))
    env = dict(os.environ, KEGONG_DATA_DIR=str(work / "data"), OPENBLAS_NUM_THREADS="1")

    def kegong(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "kegong", *args], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)

    try:
        kegong("demo", "--through", "2026-06", "--quiet")
        kegong("briefing", "demo", "--period", "2026-06")
        for kind, markers in MARKERS.items():
            docx = work / f"{kind}.docx"
            kegong("report", kind, "--period", "2026-06", "-o", str(docx), "--date", "2026-07-10")
            pdf = docx_to_pdf(docx, work)
            for page in pick_pages(pdf, markers):
                png = pdf_to_pngs(pdf, work / f"{kind}-{page}", dpi=80, first=page, last=page)[0]
                target = DOCS / f"report-{kind}-p{page}.png"
                shutil.copyfile(png, target)
                print(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
