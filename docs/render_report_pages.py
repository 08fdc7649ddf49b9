"""Render the first page of each default report for the demo county to PNG (the pictures in docs/).

Run:  .venv/bin/python docs/render_report_pages.py
Needs LibreOffice (soffice) and poppler (pdftoppm). Writes docs/report-half-year.png and
docs/report-monthly.png: the demo county (seed 2026, 150 enterprises) for 2026年1-6月, its period facts
filled in by ``kegong briefing demo``, converted with kegong's fontconfig (Noto CJK SC for the official fonts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = {"half-year": 1, "monthly": 1}


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
        for kind, page in PAGES.items():
            docx = work / f"{kind}.docx"
            kegong("report", kind, "--period", "2026-06", "-o", str(docx), "--date", "2026-07-10")
            pdf = docx_to_pdf(docx, work)
            png = pdf_to_pngs(pdf, work / kind, dpi=80, first=page, last=page)[0]
            shutil.copyfile(png, DOCS / f"report-{kind}.png")
            print(DOCS / f"report-{kind}.png")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
