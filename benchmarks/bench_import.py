"""Speed of importing a large statistics-bureau workbook (规模以上工业企业主要指标).

Builds (untimed) an .xlsx of N enterprises (default 20,000) in the bureau's shape: title, unit line
(单位：千元), a two-row header (each group label typed once over its four columns), six indicators × (本月, 1-本月, 上年同月, 上年同期), a 合计 row and
注 lines. Then, in a fresh SQLite database, times:

* read + validate only (python-calamine, every credit code and number checked; no database);
* the first import (``kegong import`` path: read, validate, create N enterprises, N scale statuses and
  6·N figures in one transaction, every change logged for rollback);
* the same file again (recognised by its hash: nothing written);
* a corrected file (every enterprise's 本月 changed: 6·N figures updated with history kept);
* rolling the corrected batch back.

    .venv/bin/python benchmarks/bench_import.py [--rows 20000]
Writes benchmarks/import-results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUT = Path(__file__).with_name("import-results.md")
INDICATORS = ("工业总产值（当年价格）", "工业销售产值", "出口交货值", "营业收入", "利润总额", "用电量（万千瓦时）")
SUBS = ("本月", "1-本月", "上年同月", "上年同期")
TOWNS = [f"{n}镇" for n in "东西南北中上下左右前后城关白沙青山绿水黄土红岩"]
INDUSTRIES = ["3021", "2110", "3982", "1310", "2929", "3311", "4411", "1011", "3411", "2651"]


def build(path: Path, rows: int, bump: int = 0, seed: int = 7) -> None:
    from openpyxl import Workbook

    from kegong.core.codes.uscc import make_uscc

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("1-6月")
    width = 5 + 4 * len(INDICATORS)
    ws.append(["规模以上工业企业主要指标（2026年1-6月）"])
    ws.append(["填报单位：某某县统计局", None, None, "单位：千元"])
    top = ["序号", "统一社会信用代码", "单位详细名称", "行业代码", "所在乡镇（街道）"]
    for ind in INDICATORS:
        top += [ind, None, None, None]
    ws.append(top)
    ws.append([None] * 5 + list(SUBS) * len(INDICATORS))
    totals = [0.0] * (width - 5)
    for i in range(rows):
        row = [i + 1, make_uscc(f"91431124{i + 1:08d}"), f"某某县第{i + 1}号工业有限公司", rng.choice(INDUSTRIES),
               rng.choice(TOWNS)]
        for k in range(len(INDICATORS)):
            month = round(rng.uniform(50, 5000), 1) + bump
            cum = round(month * rng.uniform(5.5, 6.5), 1)
            pm = round(month * rng.uniform(0.8, 1.1), 1)
            pc = round(cum * rng.uniform(0.8, 1.1), 1)
            vals = [month, cum, pm, pc]
            for j, v in enumerate(vals):
                totals[4 * k + j] += v
            row += vals
        ws.append(row)
    ws.append([None, None, "合计", None, None, *[round(t, 1) for t in totals]])
    ws.append(["注：1. 本表数据为快报数。"])
    ws.append(["2. 工业总产值按当年价格计算。"])
    wb.save(str(path))


def timed(label: str, fn, results: list):
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    results.append((label, dt))
    print(f"{label}: {dt:.2f} s", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kegong-bench-import-"))
    os.environ["KEGONG_DATA_DIR"] = str(work / "data")
    os.environ.pop("DATABASE_URL", None)
    from kegong.cli import setup_django

    setup_django(must_exist=False, migrate=True)
    from kegong.imports.rollback import rollback_batch
    from kegong.imports.services import import_files
    from kegong.readers.detect import read_file

    first, corrected = work / "规上工业2026年1-6月.xlsx", work / "规上工业2026年1-6月（更正）.xlsx"
    t0 = time.perf_counter()
    build(first, args.rows)
    build(corrected, args.rows, bump=1)
    print(f"built two workbooks of {args.rows} rows in {time.perf_counter() - t0:.1f} s "
          f"({first.stat().st_size / 1e6:.1f} MB each)", flush=True)

    results: list[tuple[str, float]] = []
    parsed = timed("read + validate (no database)", lambda: read_file(first), results)
    assert parsed.records.rows_read == args.rows and parsed.records.findings == [], parsed.records.findings[:3]
    r1 = timed("first import (new database)", lambda: import_files([first]), results)[0]
    assert r1.summary.enterprises_created == args.rows
    assert r1.summary.figures_created == 6 * args.rows
    r2 = timed("same file again", lambda: import_files([first]), results)[0]
    assert r2.summary.already_imported
    r3 = timed("corrected file (every figure changed)", lambda: import_files([corrected]), results)[0]
    assert r3.summary.figures_updated == 6 * args.rows, r3.summary
    timed("roll back the corrected batch", lambda: rollback_batch(r3.summary.batch_id), results)

    lines = [
        "# Import benchmark",
        "",
        f"`benchmarks/bench_import.py --rows {args.rows}` — statistics-bureau workbook, {args.rows:,} enterprises × "
        f"{len(INDICATORS)} indicators × 4 columns ({first.stat().st_size / 1e6:.1f} MB .xlsx), SQLite in a fresh "
        f"data folder; {platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared), Python "
        f"{platform.python_version()}.",
        "",
        "| step | seconds |",
        "| --- | ---: |",
        *[f"| {label} | {dt:.2f} |" for label, dt in results],
        "",
        "The first import creates every enterprise, its 2026 scale status, "
        f"{6 * args.rows:,} monthly figures and the rollback log in one transaction. Target: under 10 s.",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
