"""Statistics-bureau workbooks imported through ``kegong import``: written once, re-imports change nothing,
a corrected file replaces the figures and keeps history, a batch rolls back, growth rates as by hand."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kegong.enterprises.models import Enterprise, ScaleStatus
from kegong.figures.models import FigureRevision, MonthlyFigure
from kegong.imports.models import ImportBatch
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_tongji_xlsx
from tests.ingest.conftest import dump_db

A, B, C = uscc(1), uscc(2), uscc(3)


def may(tmp: Path) -> Path:
    """1-5月, amounts in 万元."""
    ents = [
        Ent(A, "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (100, 480, 90, 400), "revenue": (110, 500, 95, 450)}),
        Ent(B, "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (50, 260, 55, 250), "revenue": (60, 300, 64, 320)}),
        Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (30, 150, 20, 100), "revenue": (40, 200, 30, 150)}),
    ]
    return write_tongji_xlsx(tmp / "规上工业2026年1-5月.xlsx", [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1-5月）", unit="单位：万元", sheet_name="1-5月",
        indicators=("gross_output", "revenue"))])


def june(tmp: Path, name: str = "规上工业2026年1-6月.xlsx", drop_c: bool = False, a_go=(1200, 6000, 1000, 5000)) -> Path:
    """1-6月, amounts in 千元."""
    ents = [
        Ent(A, "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": a_go, "revenue": (1123.4, 6123.4, 900, 5400)}),
        Ent(B, "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (400, 3000, 500, 3000), "revenue": (500, 3500, 700, 3900)}),
        Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (250, 1750, 250, 1250), "revenue": (500, 2500, 300, 1800)}),
    ]
    if drop_c:
        ents = ents[:2]
    return write_tongji_xlsx(tmp / name, [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1—6月）", unit="单位：千元", sheet_name="1-6月",
        indicators=("gross_output", "revenue"))])


def sums(code: str, year: int, month: int) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    rows = MonthlyFigure.objects.filter(indicator__code=code, year=year, month=month,
                                        enterprise__scale_statuses__year=year,
                                        enterprise__scale_statuses__above_scale=True)
    tot = [Decimal(0)] * 4
    for f in rows:
        for i, k in enumerate(("value", "cumulative", "prior_year_value", "prior_year_cumulative")):
            tot[i] += getattr(f, k)
    return tuple(tot)


def pct(a: Decimal, b: Decimal) -> float:
    return round(float((a / b - 1) * 100), 2)


@pytest.mark.django_db
def test_two_months_give_the_growth_rates_worked_by_hand(cli, tmp_path: Path):
    r = cli("import", str(may(tmp_path)), str(june(tmp_path)), "--quiet")
    assert r.exit_code == 0, r.output
    assert "新建企业 3 家" in r.output and "写入数据 6 条" in r.output
    # By hand from the workbooks (1-6月 in 千元 → ÷10 to 万元):
    #   gross output 1-5月: (480+260+150)/(400+250+100) = 890/750   → +18.67%
    #   gross output 1-6月: (600+300+175)/(500+300+125) = 1075/925  → +16.22%
    #   gross output June:  (120+40+25)/(100+50+25)     = 185/175   → +5.71%
    #   revenue 1-5月:      (500+300+200)/(450+320+150) = 1000/920  → +8.70%
    #   revenue 1-6月: (612.34+350+250)/(540+390+180) = 1212.34/1110 → +9.22%
    #   revenue June: (112.34+50+50)/(90+70+30)         = 212.34/190 → +11.76%
    v, cum, pv, pcum = sums("gross_output", 2026, 6)
    assert (v, cum, pv, pcum) == (Decimal(185), Decimal(1075), Decimal(175), Decimal(925))
    assert pct(cum, pcum) == 16.22 and pct(v, pv) == 5.71
    _, cum5, _, pcum5 = sums("gross_output", 2026, 5)
    assert pct(cum5, pcum5) == 18.67
    v, cum, pv, pcum = sums("revenue", 2026, 6)
    assert (v, cum) == (Decimal("212.34"), Decimal("1212.34"))
    assert pct(cum, pcum) == 9.22 and pct(v, pv) == 11.76
    _, cum5, _, pcum5 = sums("revenue", 2026, 5)
    assert pct(cum5, pcum5) == 8.70

    out = cli("indicators", "--period", "2026-06", "--scope", "all", "--json")
    assert out.exit_code == 0, out.output
    rows = {row["code"]: row for row in json.loads(out.output)["indicators"]}
    assert rows["gross_output"]["cumulative"] == 1075.0
    assert rows["gross_output"]["yoy_pct"] == 16.22
    assert rows["gross_output"]["yoy_pct_prev"] == 18.67
    assert rows["gross_output"]["month_yoy_pct"] == 5.71
    assert rows["revenue"]["yoy_pct"] == 9.22 and rows["revenue"]["yoy_pct_prev"] == 8.70
    assert rows["revenue"]["month_yoy_pct"] == 11.76


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(cli, tmp_path: Path):
    p = june(tmp_path)
    assert cli("import", str(p), "--quiet").exit_code == 0
    before = dump_db()
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0 and "已导入过" in r.output
    assert dump_db() == before


@pytest.mark.django_db
def test_dry_run_shows_the_changes_and_writes_nothing(cli, tmp_path: Path):
    before = dump_db()
    r = cli("import", str(june(tmp_path)), "--dry-run", "--quiet")
    assert r.exit_code == 0, r.output
    assert "新建企业 3 家" in r.output and "写入数据 6 条" in r.output and "数据库未改动" in r.output
    assert dump_db() == before


@pytest.mark.django_db
def test_a_corrected_file_replaces_the_period_keeps_history_and_rolls_back(cli, tmp_path: Path):
    cli("import", str(may(tmp_path)), "--quiet")
    first = june(tmp_path)
    assert cli("import", str(first), "--quiet").exit_code == 0
    after_first = dump_db()
    b1 = ImportBatch.objects.get(file_name=first.name)

    corrected = june(tmp_path, name="规上工业2026年1-6月（更正）.xlsx", drop_c=True, a_go=(1300, 6100, 1000, 5000))
    r = cli("import", str(corrected), "--quiet")
    assert r.exit_code == 0, r.output
    assert "修改 1" in r.output and "删除 2" in r.output
    assert "湖南丙电子科技有限公司" in r.output and "没有" in r.output  # missing from the later file
    b2 = ImportBatch.objects.get(file_name=corrected.name)
    b1.refresh_from_db()
    assert b1.status == ImportBatch.Status.SUPERSEDED
    a_june = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="gross_output", year=2026, month=6)
    assert (a_june.value, a_june.cumulative, a_june.batch_id) == (Decimal(130), Decimal(610), b2.pk)
    assert not MonthlyFigure.objects.filter(enterprise__uscc=C, year=2026, month=6).exists()
    hist = FigureRevision.objects.filter(replaced_by=b2)
    assert hist.count() == 3
    assert hist.get(enterprise__uscc=A, indicator__code="gross_output").cumulative == Decimal(600)

    r = cli("rollback", str(b1.pk), "--yes")
    assert r.exit_code == 2 and f"请先撤销批次 {b2.pk}" in r.output
    r = cli("rollback", str(b2.pk), "--yes")
    assert r.exit_code == 0, r.output
    b1.refresh_from_db()
    assert b1.status == ImportBatch.Status.ACTIVE
    # figures are back exactly as after the first import (history rows and the batch log stay)
    now = json.loads(dump_db())
    then = json.loads(after_first)
    for label in ("figures.MonthlyFigure", "enterprises.Enterprise", "enterprises.ScaleStatus"):
        strip = [{k: v for k, v in row.items() if k != "id"} for row in then[label]]
        got = [{k: v for k, v in row.items() if k != "id"} for row in now[label]]
        key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
        assert sorted(got, key=key) == sorted(strip, key=key), label
    r = cli("rollback", str(b2.pk), "--yes")
    assert r.exit_code == 2 and "已经撤销过了" in r.output


@pytest.mark.django_db
def test_rolling_back_the_first_import_removes_its_enterprises(cli, tmp_path: Path):
    before = dump_db()
    cli("import", str(may(tmp_path)), "--quiet")
    batch = ImportBatch.objects.get()
    assert Enterprise.objects.count() == 3 and ScaleStatus.objects.count() == 3
    r = cli("rollback", str(batch.pk), "--yes")
    assert r.exit_code == 0 and "删除企业 3 家" in r.output
    assert Enterprise.objects.count() == 0 and MonthlyFigure.objects.count() == 0 and ScaleStatus.objects.count() == 0
    now = json.loads(dump_db())
    then = json.loads(before)
    for label in ("figures.MonthlyFigure", "enterprises.Enterprise", "enterprises.ScaleStatus",
                  "enterprises.EnterpriseAlias"):
        assert now[label] == then[label]
    assert cli("rollback", "999", "--yes").exit_code == 2


@pytest.mark.django_db
def test_a_later_change_blocks_rolling_back_the_earlier_batch(cli, tmp_path: Path):
    cli("import", str(june(tmp_path)), "--quiet")
    cli("import", str(june(tmp_path, name="二次.xlsx", a_go=(1300, 6100, 1000, 5000))), "--quiet")
    first, second = ImportBatch.objects.order_by("pk")
    r = cli("rollback", str(first.pk), "--yes")
    assert r.exit_code == 2 and str(second.pk) in r.output


@pytest.mark.django_db
def test_batches_lists_imports(cli, tmp_path: Path):
    assert "还没有导入批次" in cli("batches").output
    cli("import", str(may(tmp_path)), "--quiet")
    out = cli("batches").output
    assert "统计局" in out and "2026-05" in out and "规上工业2026年1-5月.xlsx" in out and "有效" in out


@pytest.mark.django_db
def test_long_work_shows_a_progress_bar(cli, tmp_path: Path):
    ents = [Ent(uscc(100 + i), f"某某县第{i}号工业有限公司", "3021", "城关镇",
                {"gross_output": (10, 60, 9, 50), "sales_output": (10, 60, 9, 50), "revenue": (11, 66, 10, 55),
                 "profit": (1, 6, 1, 5)}) for i in range(500)]
    p = write_tongji_xlsx(tmp_path / "大表2026年1-6月.xlsx", [TongjiSheet(ents, unit="单位：万元")])
    r = cli("import", str(p))
    assert r.exit_code == 0, r.output
    assert "写入 大表2026年1-6月.xlsx" in r.output and "写入数据 2000 条" in r.output
    assert MonthlyFigure.objects.count() == 2000
