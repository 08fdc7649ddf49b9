"""Tax, power and project lists and kegong's own template, imported through ``kegong import``."""

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kegong.enterprises.models import PowerAccount
from kegong.figures.models import MonthlyFigure, PowerReading
from kegong.imports.models import ImportBatch
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_rows_xlsx, write_tongji_xlsx
from tests.ingest.conftest import dump_db

A, B, C = uscc(1), uscc(2), uscc(3)


@pytest.fixture
def county(cli, tmp_path: Path):
    """Three enterprises known from a statistics workbook."""
    ents = [Ent(A, "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (10, 50, 9, 40)}),
            Ent(B, "湖南乙家具有限责任公司", "2110", "白沙镇", {"gross_output": (20, 90, 15, 80)}),
            Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (5, 30, 4, 20)})]
    p = write_tongji_xlsx(tmp_path / "规上.xlsx", [TongjiSheet(ents, title="2026年1-6月", unit="单位：万元")])
    assert cli("import", str(p), "--quiet").exit_code == 0


def fig(u: str, code: str, y: int, m: int) -> MonthlyFigure:
    return MonthlyFigure.objects.get(enterprise__uscc=u, indicator__code=code, year=y, month=m)


def _amount(v) -> Decimal:
    try:
        return Decimal(str(v).replace(",", ""))
    except ArithmeticError:
        return Decimal(0)


def tax_list(path: Path, rows: list[tuple], encoding: str | None = None) -> Path:
    header = ["序号", "纳税人识别号", "纳税人名称", "行业", "征收项目", "税款所属期起", "税款所属期止", "实缴税额"]
    body = [[i + 1, *r] for i, r in enumerate(rows)]
    total = ["合计", "", "", "", "", "", "", float(sum(_amount(r[-1]) for r in rows))]
    if encoding:
        with open(path, "w", encoding=encoding, newline="") as f:
            csv.writer(f).writerows([header, *body, total])
        return path
    return write_rows_xlsx(path, [["重点税源企业入库税收明细"], ["金额单位：元"], header, *body, total])


@pytest.mark.django_db
def test_tax_kinds_are_summed_per_month_and_cumulated_from_stored_months(cli, county, tmp_path: Path):
    prior = tax_list(tmp_path / "tax-2025.xlsx", [
        (A, "湖南甲建材有限公司", "水泥制品", "增值税", "2025-05-01", "2025-05-31", 40000),
        (A, "湖南甲建材有限公司", "水泥制品", "增值税", "2025-06-01", "2025-06-30", 50000),
    ])
    may = tax_list(tmp_path / "tax-2026-05.xlsx", [
        (A, "湖南甲建材有限公司", "水泥制品", "增值税", "2026-05-01", "2026-05-31", "120,000.00"),
        (A, "湖南甲建材有限公司", "水泥制品", "企业所得税", "2026-05-01", "2026-05-31", 30000),
        (B, "湖南乙家具有限责任公司", "家具", "增值税", "2026-05-01", "2026-05-31", 8000),
    ])
    june = tax_list(tmp_path / "tax-2026-06.csv", [
        (A, "湖南甲建材有限公司", "水泥制品", "增值税", "2026-06-01", "2026-06-30", 100000),
        (A, "湖南甲建材有限公司", "水泥制品", "城市维护建设税", "2026-06-01", "2026-06-30", 7000),
        (A, "湖南甲建材有限公司", "水泥制品", "企业所得税", "2026-04-01", "2026-06-30", 45000),
        (uscc(9), "某某商贸有限公司", "批发", "增值税", "2026-06-01", "2026-06-30", 999),
    ], encoding="gbk")
    r = cli("import", str(prior), str(june), str(may), "--source", "tax", "--quiet")
    assert r.exit_code == 0, r.output
    assert "1 户纳税人不在企业库中" in r.output and "某某商贸有限公司" in r.output
    a5, a6 = fig(A, "tax", 2026, 5), fig(A, "tax", 2026, 6)
    assert (a5.value, a5.cumulative) == (Decimal(15), Decimal(15))  # 元 → 万元: (120000+30000)/10000
    assert (a6.value, a6.cumulative) == (Decimal("15.2"), Decimal("30.2"))
    assert (a6.prior_year_value, a6.prior_year_cumulative) == (Decimal(5), Decimal(9))
    assert fig(B, "tax", 2026, 5).value == Decimal("0.8")
    assert "1月、2月、3月、4月 的纳税数据尚未导入" in r.output


@pytest.mark.django_db
def test_tax_list_with_a_column_per_kind_detected_by_its_headers(cli, county, tmp_path: Path):
    p = write_rows_xlsx(tmp_path / "税收.xlsx", [
        ["2026年6月税收分户表"], ["单位：万元"],
        ["纳税人识别号", "纳税人名称", "增值税", "企业所得税", "个人所得税"],
        [C, "湖南丙电子科技有限公司", 3.5, 1.25, 0.25],
    ])
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0, r.output
    assert "税务局" in r.output
    assert fig(C, "tax", 2026, 6).value == Decimal(5)


@pytest.mark.django_db
def test_tax_list_errors_name_the_cell(cli, county, tmp_path: Path):
    p = tax_list(tmp_path / "bad-tax.xlsx", [
        (A, "湖南甲建材有限公司", "水泥制品", "增值税", "2026-06-01", "2026-06-30", "12,3O5"),
        (A[:-1] + "0" if A[-1] != "0" else A[:-1] + "1", "x", "x", "增值税", "2026-06-01", "2026-06-30", 1),
    ])
    before = dump_db()
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 2
    assert "文件 bad-tax.xlsx 工作表 Sheet1 第 4 行 H 列（实缴税额）：“12,3O5”不是数字，应为金额（单位：元）" in r.output
    assert "第 5 行 B 列（纳税人识别号）" in r.output and "末位校验码错误" in r.output
    assert dump_db() == before


def power_list(path: Path, rows: list[tuple], month: str = "202606") -> Path:
    return write_rows_xlsx(path, [["工业用户用电量明细"],
                                  ["户号", "户名", "用电地址", "电费年月", "用电量（千瓦时）"],
                                  *[[a, n, addr, month, kwh] for a, n, addr, kwh in rows]])


@pytest.mark.django_db
def test_power_accounts_are_matched_by_name_remembered_and_matched_by_hand(cli, county, tmp_path: Path):
    may = power_list(tmp_path / "电量-5月.xlsx", [
        ("0101", "湖南甲建材有限责任公司", "城关镇工业园", 150000),
        ("0102", "湖南 甲建材 有限公司（二车间）", "城关镇工业园", 50000),
        ("0201", "乙家具厂", "白沙镇", 30000),
    ], month="2026-05")
    r = cli("import", str(may), "--quiet")
    assert r.exit_code == 0, r.output
    assert "户号 0201（乙家具厂）未能匹配到企业" in r.output and "kegong match-power 0201" in r.output
    assert fig(A, "electricity", 2026, 5).value == Decimal(20)  # (150000+50000) 千瓦时 = 20 万千瓦时
    assert PowerAccount.objects.get(account_no="0101").enterprise.uscc == A
    assert not MonthlyFigure.objects.filter(enterprise__uscc=B, indicator__code="electricity").exists()

    listing = cli("match-power")
    assert "0201" in listing.output and "乙家具厂" in listing.output
    r = cli("match-power", "0201", B)
    assert r.exit_code == 0, r.output
    assert fig(B, "electricity", 2026, 5).value == Decimal(3)
    assert "所有供电户号均已匹配" in cli("match-power").output

    # June: the account's name has changed, the remembered match still holds
    june = power_list(tmp_path / "电量-6月.xlsx", [("0101", "甲建材", "城关镇", 100000), ("0102", "x", "", 20000),
                                                  ("0201", "乙家具厂", "白沙镇", 40000)])
    r = cli("import", str(june), "--quiet")
    assert r.exit_code == 0 and "未能匹配" not in r.output
    a6 = fig(A, "electricity", 2026, 6)
    assert (a6.value, a6.cumulative) == (Decimal(12), Decimal(32))
    assert PowerReading.objects.count() == 6
    r = cli("match-power", "9999", B)
    assert r.exit_code == 2 and "户号“9999”不存在" in r.output


@pytest.mark.django_db
def test_power_rollback_removes_accounts_and_readings(cli, county, tmp_path: Path):
    before = dump_db()
    cli("import", str(power_list(tmp_path / "p.xlsx", [("0101", "湖南甲建材有限公司", "", 10000)])), "--quiet")
    batch = ImportBatch.objects.filter(source="power").get()
    assert cli("rollback", str(batch.pk), "--yes").exit_code == 0
    import json

    now, then = json.loads(dump_db()), json.loads(before)
    for label in ("enterprises.PowerAccount", "figures.PowerReading", "figures.MonthlyFigure"):
        assert now[label] == then[label], label


@pytest.mark.django_db
def test_project_investment_by_month_and_renovation(cli, county, tmp_path: Path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年工业投资项目库"])
    ws.append(["单位：万元"])
    ws.append(["项目名称", "建设单位", "是否技改", "计划总投资", "本年完成投资", None, None])
    ws.append([None, None, None, None, "1月", "2月", "3月"])
    ws.merge_cells("E3:G3")
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append(["年产10万方砌块技改", "湖南甲建材有限责任公司", "是", 5000, 100, 200, 300])
    ws.append(["新建仓库", "湖南甲建材有限公司", "否", 800, 50, None, 70])
    ws.append(["家具生产线", "湖南乙家具有限责任公司", "否", 1200, None, 10, 20])
    ws.append(["他县项目", "外县某公司", "是", 100, 1, 1, 1])
    ws.append(["合计", None, None, 7100, 151, 211, 391])
    p = tmp_path / "项目库.xlsx"
    wb.save(p)
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0, r.output
    assert "项目库" in r.output and "他县项目（外县某公司）" in r.output
    a3 = fig(A, "industrial_investment", 2026, 3)
    assert (a3.value, a3.cumulative) == (Decimal(370), Decimal(720))
    a2 = fig(A, "industrial_investment", 2026, 2)
    assert (a2.value, a2.start_month, a2.cumulative) == (Decimal(350), 1, Decimal(350))  # combined 1-2月
    r3 = fig(A, "renovation_investment", 2026, 3)
    assert (r3.value, r3.cumulative) == (Decimal(300), Decimal(600))
    assert fig(B, "industrial_investment", 2026, 3).cumulative == Decimal(30)
    assert not MonthlyFigure.objects.filter(enterprise__uscc=B, indicator__code="renovation_investment").exists()


@pytest.mark.django_db
def test_template_round_trip(cli, county, tmp_path: Path):
    t = tmp_path / "模板.xlsx"
    r = cli("template", "-o", str(t))
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(t)
    ws = wb["数据"]
    assert [c.value for c in ws[3]] == ["统一社会信用代码", "单位详细名称", "指标", "期别", "本月", "1-本月累计",
                                       "上年同月", "上年同期累计"]
    ws.append([A, "湖南甲建材有限公司", "研发投入", "2026年1-2月", 12.5, 12.5, 10, 10])
    ws.append([A, "湖南甲建材有限公司", "rd_spend", "2026-03", "3", "15.5", None, None])
    wb.save(t)
    r = cli("import", str(t), "--quiet")
    assert r.exit_code == 0, r.output
    assert "kegong 模板" in r.output
    feb = fig(A, "rd_spend", 2026, 2)
    assert (feb.start_month, feb.value) == (1, Decimal("12.5"))
    assert fig(A, "rd_spend", 2026, 3).cumulative == Decimal("15.5")

    ws.append([uscc(8), "不存在企业", "研发投入", "2026-03", 1, 1, None, None])
    ws.append([B, "湖南乙家具有限责任公司", "不存在的指标", "2026-03", 1, 1, None, None])
    wb.save(t)
    before = dump_db()
    r = cli("import", str(t), "--quiet")
    assert r.exit_code == 2
    assert "“不存在的指标”不是 kegong 的指标" in r.output
    assert dump_db() == before


@pytest.mark.django_db
def test_export_neutralises_formulas_and_keeps_chinese_headers(cli, county, tmp_path: Path):
    from kegong.enterprises.models import Enterprise

    Enterprise.objects.filter(uscc=A).update(name="=HYPERLINK(\"http://x\",\"点我\")", contact_person="@SUM(A1)",
                                             contact_phone="+86-0731")
    out = tmp_path / "企业.xlsx"
    r = cli("export", "enterprises", "-o", str(out))
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[1]][:3] == ["统一社会信用代码", "单位详细名称", "行业代码"]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == A)
    assert row[1] == "'=HYPERLINK(\"http://x\",\"点我\")" and row[7] == "'@SUM(A1)" and row[8] == "'+86-0731"
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)

    figs = tmp_path / "数据.xlsx"
    r = cli("export", "figures", "--period", "2026-06", "-o", str(figs))
    assert r.exit_code == 0 and "3 行" in r.output
    ws = openpyxl.load_workbook(figs).active
    assert ws["H1"].value == "本月" and {c.value for c in ws["E"][1:]} == {2026}
    for table in ("indicators", "batches", "power-accounts", "scale"):
        assert cli("export", table, "-o", str(tmp_path / f"{table}.xlsx")).exit_code == 0
    assert cli("export", "enterprises", "-o", str(tmp_path / "x.csv")).exit_code == 2
