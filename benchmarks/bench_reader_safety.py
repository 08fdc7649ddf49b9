"""What reader safety costs: the extent scan of every worksheet and the reading child.

Builds (untimed) a statistics-bureau workbook of 150 and of 20,000 enterprises (the shape of
``bench_import.py``), a kegong template of 20,000 rows (one enterprise, indicator and month a row) and a
plain 20,000-row × 40-column sheet. Then times, best of ``--repeat`` runs after one warm-up:

* the zip check alone (every member inflated, as before) and with the worksheets' cell references scanned;
* ``read_file`` in this process and ``read_file_capped`` (a child ``python -m kegong.imports.sandbox`` under
  the memory cap, the ParsedFile pickled back): the difference is the child's overhead.

    .venv/bin/python benchmarks/bench_reader_safety.py [--repeat 5]
Writes benchmarks/reader-safety-results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
OUT = Path(__file__).with_name("reader-safety-results.md")


def build_template(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    from kegong.core.codes.uscc import make_uscc
    from kegong.readers.template import HEADERS, SHEET, TITLE

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append([f"{TITLE}（金额单位：万元）"])
    ws.append(["说明：每行填一家企业、一个指标、一个月份。"])
    ws.append(list(HEADERS))
    for i in range(rows):
        month = 1 + i % 6
        ws.append([make_uscc(f"91431124{i // 6 + 1:08d}"), f"某某县第{i // 6 + 1}号工业有限公司", "研发投入",
                   f"2026-{month:02d}", 10 + i % 97, None, 9 + i % 89, None])
    wb.save(str(path))


def build_plain(path: Path, rows: int, cols: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    for r in range(rows):
        ws.append([f"企业{r}" if c < 3 else r * 0.5 + c for c in range(cols)])
    wb.save(str(path))


def best(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def inflate_only(path: Path) -> None:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            with zf.open(info) as member:
                while member.read(1 << 20):
                    pass


def files(folder: Path) -> dict[str, Path]:
    from bench_import import build

    out = {"统计局 150 家": folder / "tongji-150.xlsx", "统计局 20,000 家": folder / "tongji-20000.xlsx",
           "模板 20,000 行": folder / "template-20000.xlsx", "20,000 行 × 40 列": folder / "plain-20000x40.xlsx"}
    build(out["统计局 150 家"], 150)
    build(out["统计局 20,000 家"], 20000)
    build_template(out["模板 20,000 行"], 20000)
    build_plain(out["20,000 行 × 40 列"], 20000, 40)
    return out


def measure(label: str, path: Path, repeat: int) -> list[str]:
    from kegong.imports.sandbox import read_file_capped
    from kegong.readers.detect import read_file
    from kegong.readers.errors import IngestError
    from kegong.readers.safety import sniff

    def read(fn: Callable) -> Callable[[], object]:
        def go() -> object:
            try:
                return fn(path)
            except IngestError:  # the plain sheet is no known report: read to the end all the same
                return None
        return go

    scan, plain = best(lambda: sniff(path), repeat), best(lambda: inflate_only(path), repeat)
    here, child = best(read(read_file), repeat), best(read(read_file_capped), repeat)
    size = path.stat().st_size / 1048576
    return [f"| {label} | {size:.1f} MB | {plain:.2f} | {scan:.2f} | {here:.2f} | {child:.2f} | "
            f"+{child - here:.2f} s ({(child - here) / here:.0%}) |"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.environ.pop("KEGONG_READ_IN_PROCESS", None)
    lines = ["# Reader safety: what the extent scan and the reading child cost", "",
             f"`benchmarks/bench_reader_safety.py --repeat {args.repeat}` — best of {args.repeat} runs after a warm-up; "
             f"{platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}.", "",
             "| file | size | zip check, inflate only (s) | zip check + extent scan (s) | read_file in process (s) "
             "| read_file_capped, child (s) | child overhead |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    with tempfile.TemporaryDirectory(prefix="kegong-reader-safety-") as tmp:
        for label, path in files(Path(tmp)).items():
            lines += measure(label, path, args.repeat)
            print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written {OUT}")


if __name__ == "__main__":
    main()
