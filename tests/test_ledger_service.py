"""企业培育与帮扶 (issue 12 items 6–8): 乡镇输送用工 and 银行融资 imported from the lists towns and banks send (a
title, a unit line, a merged two-level header, text numbers with thousands separators, a 合计 row, a signature
line), a bad row named with nothing written, the same list again changing nothing; the yearly rankings with
ties; every measure at the period's boundaries and for a town; the 三难 figures on hand-made appeals; the
荣誉 and 升规入统 ledgers; the demo's records, loaded twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, OrgUnit
from kegong.ledgers.base import ledger
from kegong.ledgers.services import ledger_import
from kegong.measures.registry import measure
from kegong.readers.errors import IngestError
from kegong.service.models import Appeal, BankLoan, EnterpriseHonour, ScaleUpCandidate, WorkerReferral
from kegong.service.rankings import bank_ranking, ranking_table, town_ranking
from kegong.service.selectors import overdue, three_difficulties
from tests.desk_data import NAME_A, A, B, C, load_county, staff, text_of

NAME_B, NAME_C = "湖南乙家具有限公司", "湖南丙电子科技有限公司"
ALL = Scope("all")
JUNE = Period.cumulative(2026, 6)


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)  # A and C in 城关镇, B in 白沙镇
    return tmp_path


def firm(uscc: str) -> Enterprise:
    return Enterprise.objects.get(uscc=uscc)


def town(name: str) -> OrgUnit:
    return OrgUnit.objects.get(kind=OrgUnit.Kind.TOWN, name=name)


def value(code: str, period: Period = JUNE, scope: Scope = ALL):
    return measure(code).compute(period, scope, None)


# --- the lists as offices make them ----------------------------------------------------------------------
def town_list(path, rows, title="白沙镇2026年上半年向县内工业企业输送用工情况统计表"):
    """A town's list: title, 填报单位 and unit line, 输送情况 over 输送日期 and 输送人数, signature line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "输送用工"
    ws.append([title])
    ws.merge_cells("A1:G1")
    ws.append(["填报单位（盖章）：白沙镇人民政府", None, None, None, None, "单位：人"])
    ws.append(["序号", "输送乡镇", "用工企业", "统一社会信用代码", "输送情况", None, "备注"])
    ws.append([None, None, None, None, "输送日期", "输送人数（人）", None])
    for col in "ABCDG":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:F3")
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["合计", None, None, None, None, sum(int(str(r[4]).replace(",", "")) for r in rows), None])
    ws.append(["填报人：张三", None, None, "审核人：李四", None, "填报日期：2026年7月3日"])
    wb.save(path)
    return path


def bank_list(path, rows, title="中国农业银行青溪县支行2026年支持工业企业贷款投放明细表"):
    """A bank's list: title, unit line 单位：万元, 贷款发放情况 over 发放日期 / 贷款金额 / 期限, signature line."""
    wb = Workbook()
    ws = wb.active
    ws.title = "贷款明细"
    ws.append([title])
    ws.merge_cells("A1:I1")
    ws.append(["报送单位：中国农业银行青溪县支行", None, None, None, None, None, None, "单位：万元"])
    ws.append(["序号", "借款企业名称", "统一社会信用代码", "贷款银行", "贷款发放情况", None, None, "贷款类型", "备注"])
    ws.append([None, None, None, None, "发放日期", "贷款金额", "期限（月）", None, None])
    for col in "ABCDHI":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("E3:G3")
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["注：贷款金额以万元为单位，保留两位小数。"])
    ws.append(["填报人：王芳", None, None, "审核人：刘强", None, None, "联系电话：0735-1234567"])
    wb.save(path)
    return path


REFERRALS = [
    ["白沙镇", NAME_A, A, "2026年2月26日", "35", "春风行动专场招聘"],
    ["白沙镇", NAME_C, C, "2026-03-10", "1,020", ""],
    ["城关镇", NAME_B, B, dt.datetime(2026, 6, 30), 12, ""],
]
LOANS = [
    [NAME_A, A, "中国农业银行青溪县支行", "2026-03-15", "1,200.00", "12", "流动资金贷款", ""],
    [NAME_B, B, "中国农业银行 青溪县支行", "2026年5月8日", "300", "6", "流动资金", ""],
    [NAME_A, A, "中国农业银行青溪县支行", dt.datetime(2026, 6, 30), "2,500.50", "60", "项目贷款", "技改"],
]


def test_a_town_list_is_imported_and_again_changes_nothing(county):
    lg = ledger("referrals")
    path = town_list(county / "白沙镇输送用工.xlsx", REFERRALS)
    r = ledger_import(ledger=lg, path=path)
    assert (len(r.created), len(r.updated), r.unchanged) == (3, 0, 0)
    big = WorkerReferral.objects.get(enterprise__uscc=C)
    assert (big.town.name, big.date, big.workers) == ("白沙镇", dt.date(2026, 3, 10), 1020)  # "1,020" read
    assert WorkerReferral.objects.get(enterprise__uscc=A).note == "春风行动专场招聘"
    again = ledger_import(ledger=lg, path=path)
    assert not again.changed and again.unchanged == 3 and WorkerReferral.objects.count() == 3


def test_a_bank_list_is_imported_and_again_changes_nothing(county):
    lg = ledger("loans")
    path = bank_list(county / "农行贷款明细.xlsx", LOANS)
    r = ledger_import(ledger=lg, path=path)
    assert len(r.created) == 3
    project = BankLoan.objects.get(granted=dt.date(2026, 6, 30))
    assert (project.amount, project.term, project.kind, project.note) == (Decimal("2500.50"), 60, "project", "技改")
    first = BankLoan.objects.get(granted=dt.date(2026, 3, 15))
    assert first.amount == Decimal("1200.00") and first.kind == "working"  # 流动资金贷款 is 流动资金
    assert set(BankLoan.objects.values_list("bank", flat=True)) == {"中国农业银行青溪县支行"}  # the space dropped
    assert not ledger_import(ledger=lg, path=path).changed
    changed = [LOANS[0], LOANS[1][:4] + ["350"] + LOANS[1][5:], LOANS[2]]
    r = ledger_import(ledger=lg, path=bank_list(county / "农行贷款明细（更正）.xlsx", changed))
    assert len(r.updated) == 1 and r.unchanged == 2
    assert "贷款金额（万元）：“300.00”→“350”" in r.record.changes


def test_a_bad_row_is_named_and_nothing_is_written(county):
    bad = [REFERRALS[0], ["黄土镇", NAME_C, C, "2026-03-10", "20", ""], REFERRALS[2]]
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=ledger("referrals"), path=town_list(county / "坏.xlsx", bad))
    (line,) = e.value.lines()
    assert line.startswith("文件 坏.xlsx 工作表 输送用工 第 6 行 B 列（输送乡镇）：“黄土镇”不是可选的输送乡镇（街道）")
    assert "城关镇、白沙镇" in line or "白沙镇、城关镇" in line  # the towns kegong knows, named
    assert WorkerReferral.objects.count() == 0
    bad = [LOANS[0], LOANS[1][:4] + ["3OO"] + LOANS[1][5:], LOANS[2]]
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=ledger("loans"), path=bank_list(county / "坏贷款.xlsx", bad))
    assert e.value.lines() == ["文件 坏贷款.xlsx 工作表 贷款明细 第 6 行 F 列（贷款发放情况贷款金额）：“3OO”不是数字"]
    assert BankLoan.objects.count() == 0


def test_the_pages_the_form_and_an_export_that_reads_back(client, county):
    """Each new ledger's list, form and export (choices in Chinese, a town by name) — imported again, unchanged."""
    from openpyxl import load_workbook

    user = staff()
    ledger_import(ledger=ledger("referrals"), path=town_list(county / "输送.xlsx", REFERRALS), user=user)
    ledger_import(ledger=ledger("loans"), path=bank_list(county / "贷款.xlsx", LOANS), user=user)
    EnterpriseHonour.objects.create(enterprise=firm(A), kind="little_giant", level="national", year=2025, batch="第七批")
    ScaleUpCandidate.objects.create(enterprise=firm(C), year=2026, stage="applying", expected=dt.date(2026, 9, 1))
    client.force_login(user)
    r = client.post("/ledgers/referrals/new/", {"enterprise_code": B, "town": town("城关镇").pk, "date": "2026-04-01",
                                                "workers": "8", "note": ""})
    assert r.status_code == 302 and WorkerReferral.objects.get(enterprise__uscc=B, date=dt.date(2026, 4, 1)).workers == 8
    assert "春风行动专场招聘" in text_of(client.get("/ledgers/referrals/").content.decode())
    assert "专精特新“小巨人”" in text_of(client.get("/ledgers/honours/").content.decode())
    assert "2026年9月" in text_of(client.get("/ledgers/scale-up/").content.decode())
    for slug, n in (("referrals", 4), ("loans", 3), ("honours", 1), ("scale-up", 1)):
        r = client.get(f"/ledgers/{slug}/export.xlsx")
        assert r.status_code == 200, slug
        out = county / f"{slug}.xlsx"
        out.write_bytes(b"".join(r.streaming_content))
        rows = list(load_workbook(out).active.iter_rows(values_only=True))
        assert len(rows) == 2 + n, slug
        again = ledger_import(ledger=ledger(slug), path=out, user=user)
        assert not again.changed and again.unchanged == n, slug
        if slug == "loans":
            assert "项目贷款" in rows[2] + rows[3] + rows[4]  # the kind in Chinese


# --- rankings ---------------------------------------------------------------------------------------------
def referral(town_name, uscc, day, workers):
    return WorkerReferral.objects.create(town=town(town_name), enterprise=firm(uscc), date=day, workers=workers)


def loan(bank, uscc, day, amount):
    return BankLoan.objects.create(bank=bank, enterprise=firm(uscc), granted=day, amount=Decimal(amount))


def test_rankings_share_a_rank_on_a_tie(county):
    OrgUnit.objects.create(kind=OrgUnit.Kind.TOWN, name="青山镇")  # referred nobody
    referral("城关镇", A, dt.date(2026, 3, 1), 20)
    referral("城关镇", B, dt.date(2026, 4, 1), 10)
    referral("白沙镇", A, dt.date(2026, 3, 2), 30)
    referral("白沙镇", C, dt.date(2025, 12, 31), 99)  # last year
    rows = [(r.rank, r.name, r.value, r.share, r.enterprises, r.records) for r in town_ranking(2026)]
    assert rows == [(1, "城关镇", 30, 50.0, 2, 2), (1, "白沙镇", 30, 50.0, 1, 1), (3, "青山镇", 0, 0.0, 0, 0)]
    assert [r.value for r in town_ranking(2026, through=dt.date(2026, 3, 31))] == [30, 20, 0]
    loan("县农商银行", A, dt.date(2026, 2, 1), "600")
    loan("县农商银行", B, dt.date(2026, 3, 1), "400")
    loan("中国农业银行青溪县支行", C, dt.date(2026, 5, 1), "1000")
    loan("中国银行青溪县支行", A, dt.date(2026, 6, 1), "500")
    by_amount = [(r.rank, r.name, r.value, r.share) for r in bank_ranking(2026)]
    assert by_amount == [(1, "中国农业银行青溪县支行", Decimal("1000"), 40.0), (1, "县农商银行", Decimal("1000"), 40.0),
                         (3, "中国银行青溪县支行", Decimal("500"), 20.0)]
    by_firms = [(r.rank, r.name, r.value, r.share) for r in bank_ranking(2026, by="enterprises")]
    assert by_firms == [(1, "县农商银行", 2, 50.0), (2, "中国农业银行青溪县支行", 1, 25.0), (2, "中国银行青溪县支行", 1, 25.0)]
    t = ranking_table("banks-enterprises", 2026)
    assert t.title == "2026年银行服务企业数排名" and t.headers[:4] == ("名次", "贷款银行", "贷款企业（家）", "占比（%）")
    assert t.rows[0] == (1, "县农商银行", 2, 50.0, Decimal("1000"), 2)
    assert ranking_table("towns", 2026).rows[2] == (3, "青山镇", 0, 0.0, 0, 0)


# --- measures ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("day", "in_june"), [
    (dt.date(2025, 12, 31), False),  # last year
    (dt.date(2026, 1, 1), True),  # the year's first day
    (dt.date(2026, 6, 30), True),  # the period's last day
    (dt.date(2026, 7, 1), False),  # after it
])
def test_referrals_and_loans_at_the_period_boundaries(county, day, in_june):
    assert value("workers_referred").level is None and value("loans_amount").level is None  # nothing recorded
    referral("城关镇", A, day, 7)
    loan("县农商银行", B, day, "250.5")
    assert value("workers_referred").level == (7 if in_june else 0)
    assert value("loans_amount").level == (250.5 if in_june else 0)
    assert value("loans_enterprises").level == (1 if in_june else 0)
    assert value("workers_referred", Period.month(2026, 6)).level == value("workers_referred").level  # 1-6月


def test_measures_for_a_town(county):
    referral("白沙镇", A, dt.date(2026, 3, 1), 40)  # 白沙镇 referred to a firm of 城关镇
    referral("城关镇", B, dt.date(2026, 3, 1), 5)
    loan("县农商银行", A, dt.date(2026, 2, 1), "600")
    loan("县农商银行", C, dt.date(2026, 3, 1), "400")
    loan("县农商银行", B, dt.date(2025, 3, 1), "100")
    baisha, chengguan = Scope("town", "白沙镇"), Scope("town", "城关镇")
    assert value("workers_referred", scope=baisha).level == 40  # what the town referred: its reward
    assert value("workers_referred", scope=chengguan).level == 5
    assert (value("loans_amount", scope=chengguan).level, value("loans_enterprises", scope=chengguan).level) == (1000, 2)
    b = value("loans_amount", scope=baisha)
    assert (b.level, b.prior, b.growth) == (0, 100, -100)  # B's loan was last year


def appeal(uscc=A, category="labour", received=dt.date(2026, 3, 2), **kw) -> Appeal:
    a = Appeal(enterprise=firm(uscc), category=category, title=kw.pop("title", f"{category}{received}"),
               department=kw.pop("department", "县人社局"), received=received, **kw)
    a.full_clean()
    a.save()
    return a


def closed(on: dt.date, satisfaction: str = "good") -> dict:
    return {"status": Appeal.Status.CLOSED, "closed": on, "reply": "已办结", "satisfaction": satisfaction}


@pytest.mark.parametrize(("received", "kw", "counted", "overdue"), [
    # 10 working days (端午节 2026-06-19 a holiday): received 06-15 → due 06-30, 06-12 → 06-29, 06-01 → 06-15
    (dt.date(2026, 6, 15), {}, True, False),  # due on the period's last day: not overdue yet
    (dt.date(2026, 6, 12), {}, True, True),  # due the day before: open on the 30th, overdue
    (dt.date(2026, 6, 12), closed(dt.date(2026, 6, 29)), True, False),  # closed on its due date
    (dt.date(2026, 6, 12), closed(dt.date(2026, 7, 2)), True, True),  # closed after the period: open then
    (dt.date(2026, 6, 1), closed(dt.date(2026, 6, 16)), True, True),  # closed a day late
    (dt.date(2026, 7, 1), {}, False, False),  # received after the period
    (dt.date(2025, 12, 31), {}, False, False),  # last year's: not this year's count
])
def test_appeal_measures_at_the_period_boundaries(county, received, kw, counted, overdue):
    assert value("appeals_received").level is None  # no appeal at all: unknown, not 0
    appeal(received=received, **kw)
    assert value("appeals_received").level == int(counted)
    assert value("appeals_overdue").level == int(overdue)
    assert value("appeals_labour").level == int(counted) and value("appeals_finance").level == 0
    shut = kw.get("closed") is not None and kw["closed"] <= dt.date(2026, 6, 30)
    assert value("appeals_closed").level == int(counted and shut)


def test_three_difficulties_on_hand_made_appeals(county):
    appeal(category="labour", received=dt.date(2026, 3, 2), **closed(dt.date(2026, 3, 10)))
    appeal(uscc=B, category="labour", received=dt.date(2026, 5, 6), **closed(dt.date(2026, 5, 29), "fair"))  # late
    appeal(category="finance", received=dt.date(2026, 4, 1), department="县金融办")  # open, overdue
    appeal(uscc=B, category="land", received=dt.date(2026, 6, 1), department="县自然资源局",
           **closed(dt.date(2026, 6, 12), "bad"))
    appeal(uscc=C, category="eia", received=dt.date(2026, 6, 24), department="市生态环境局青溪分局")  # in time
    appeal(uscc=C, category="poles", received=dt.date(2026, 5, 20), department="国网青溪县供电公司")  # overdue
    appeal(uscc=C, category="other", received=dt.date(2026, 2, 2), department="县发改局", **closed(dt.date(2026, 2, 4), ""))
    appeal(uscc=B, category="other", received=dt.date(2025, 11, 2), department="县发改局")  # last year's, still open
    appeal(uscc=B, category="land", received=dt.date(2026, 7, 2), department="县自然资源局")  # after the period
    t = three_difficulties(JUNE)
    assert (t.label, t.first, t.last, t.recorded) == ("2026年1-6月", dt.date(2026, 1, 1), dt.date(2026, 6, 30), True)
    assert (t.received, t.closed, t.open, t.overdue, t.open_overdue, t.closed_late) == (7, 4, 3, 3, 2, 1)
    assert t.closed_share == 57.1 and t.carried_over_overdue == 1
    assert t.by_group == (("用工难", 2), ("融资难", 1), ("办事难", 3), ("其他", 1))
    assert dict(t.by_category) == {"用工": 2, "融资": 1, "手续：土地": 1, "手续：环评": 1, "手续：征地拆迁": 0,
                                   "手续：杆线迁改": 1, "其他": 1}
    assert [(d.department, d.received, d.open, d.overdue) for d in t.departments[:3]] == [
        ("县金融办", 1, 1, 1), ("国网青溪县供电公司", 1, 1, 1), ("县人社局", 2, 0, 1)]  # ties by name
    assert t.satisfaction == (("满意", 1), ("基本满意", 1), ("不满意", 1), ("未评价", 1))
    assert t.satisfied_share == 66.7
    town_t = three_difficulties(JUNE, Scope("town", "白沙镇"))
    assert (town_t.received, town_t.by_group[2]) == (2, ("办事难", 1))
    for code, n in (("appeals_received", 7), ("appeals_closed", 4), ("appeals_overdue", 3), ("appeals_labour", 2),
                    ("appeals_finance", 1), ("appeals_procedure", 3), ("appeals_land", 1), ("appeals_other", 1)):
        assert value(code).level == n, code


def test_honour_holders_and_scale_up_candidates(county):
    assert value("honours_specialised").level is None and value("scale_up_candidates").level is None
    kinds = EnterpriseHonour.Kind
    for uscc, kind, level, year in ((A, kinds.SPECIALISED, "provincial", 2023), (B, kinds.SPECIALISED, "provincial", 2026),
                                    (A, kinds.LITTLE_GIANT, "national", 2025), (C, kinds.BRAND, "provincial", 2019)):
        EnterpriseHonour.objects.create(enterprise=firm(uscc), kind=kind, level=level, year=year)
    cases = {  # (code, year) → holders: valid three years, its own included; 湖湘精品 from its year on
        ("honours_specialised", 2025): 1, ("honours_specialised", 2026): 1, ("honours_specialised", 2022): 0,
        ("honours_little_giant", 2025): 1, ("honours_little_giant", 2027): 1, ("honours_little_giant", 2028): 0,
        ("honours_brand", 2026): 1, ("honours_innovative", 2026): 0,
    }
    for (code, year), n in cases.items():
        assert value(code, Period.cumulative(year, 6)).level == n, (code, year)
    assert value("honours_specialised", scope=Scope("town", "白沙镇")).level == 1
    ScaleUpCandidate.objects.create(enterprise=firm(C), year=2026, stage="cultivating", expected=dt.date(2026, 9, 15))
    ScaleUpCandidate.objects.create(enterprise=firm(B), year=2025, stage="failed")
    assert ScaleUpCandidate.objects.get(enterprise__uscc=C).expected_month() == "2026年9月"
    assert value("scale_up_candidates").level == 1 and value("scale_up_candidates", Period(2025, 1, 12)).level == 1


# --- the demo ---------------------------------------------------------------------------------------------
def test_the_demo_loads_its_records_once_with_overdue_appeals_at_its_last_month(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo
    from kegong.demo.service_records import load_service_records

    demo = generate_county(DemoSpec(seed=11, n_enterprises=40, last=(2026, 6)))
    load_demo(demo)
    models = (Appeal, WorkerReferral, BankLoan, EnterpriseHonour, ScaleUpCandidate)
    before = {m: sorted(m.objects.values_list("pk", "updated_at")) for m in models}
    assert all(before.values())
    assert load_service_records(demo) == dict.fromkeys(("appeals", "referrals", "loans", "honours", "scale_up"), 0)
    assert {m: sorted(m.objects.values_list("pk", "updated_at")) for m in models} == before  # nothing touched
    end = dt.date(2026, 6, 30)
    assert 36 <= Appeal.objects.count() <= 55 and not Appeal.objects.filter(received__gt=end).exists()
    assert not Appeal.objects.filter(closed__gt=end).exists()
    assert len(overdue(end)) >= 3  # red on the dashboard at the demo's last month
    t = three_difficulties(JUNE)
    assert t.open_overdue >= 3 and t.open > t.open_overdue  # several overdue, some open within their limit
    assert t.closed > t.open and all(n for _g, n in t.by_group[:3])
    assert value("appeals_overdue").level == t.overdue
    towns = set(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).values_list("name", flat=True))
    assert set(WorkerReferral.objects.filter(date__year=2025).values_list("town__name", flat=True)) == towns
    assert 6 <= BankLoan.objects.values("bank").distinct().count() <= 8
    giants = EnterpriseHonour.objects.filter(kind="little_giant").count()
    assert 1 <= giants <= 2 and EnterpriseHonour.objects.filter(kind="specialised").count() > giants
    above = set(Enterprise.objects.filter(scale_statuses__year=2026, scale_statuses__above_scale=True)
                .values_list("uscc", flat=True))
    stages = dict(ScaleUpCandidate.objects.filter(year=2026).values_list("enterprise__uscc", "stage"))
    assert stages and all((u in above) == (s == "entered") for u, s in stages.items())
