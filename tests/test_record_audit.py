"""台账核对 through the pages: a wall producer stored with a kind that is neither 烧结 nor 混凝土 (so the parts
no longer add up to 正常生产) and a month's output re-entered lower through the form (the year's cumulative
falls below what it was) → findings on /data/audit/ with the measures, months and values and a link to the
records behind each count; a note clears the soft one, a hard one cannot be noted away; saving the record
shows the warning on the next page; the demo county's ledgers give no finding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kegong.audit.models import RecordAuditNote
from kegong.audit.records import record_findings
from kegong.enterprises.models import Enterprise
from kegong.wall.models import WallOutput, WallProducer
from tests.desk_data import A, B, C, load_county, make_user, staff, text_of

PAGE = "/data/audit/?period=2026-06"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)


def wall(months=range(1, 7), output="1,000"):
    """A 烧结 producer (A) and a 混凝土 one (B), each with its monthly output."""
    for uscc, kind in ((A, "sintered"), (B, "concrete")):
        e = Enterprise.objects.get(uscc=uscc)
        WallProducer.objects.create(enterprise=e, kind=kind)
        for m in months:
            WallOutput.objects.create(enterprise=e, year=2026, month=m, output=Decimal(output.replace(",", "")))


def page(client, url=PAGE) -> str:
    r = client.get(url)
    assert r.status_code == 200
    return text_of(r.content.decode())


def test_consistent_ledgers_give_no_finding(client, county):
    wall()
    client.force_login(staff())
    text = page(client)
    assert "台账核对" in text and "各台账计数相互一致，没有发现核对问题" in text
    assert record_findings(2026, 6) == []
    r = client.get("/data/audit/?period=2026-03")  # no monthly figures for March: the ledgers are still checked
    assert r.status_code == 400 and "台账核对" in text_of(r.content.decode())


def test_a_producer_of_no_known_kind_breaks_the_parts_on_the_audit_page(client, county):
    wall()
    c = Enterprise.objects.get(uscc=C)
    WallProducer.objects.create(enterprise=c, kind="sintered")
    WallOutput.objects.create(enterprise=c, year=2026, month=2, output=Decimal("500"))
    WallProducer.objects.filter(enterprise=c).update(kind="烧结砖")  # as an old list wrote it: a name, not a code
    client.force_login(staff())
    html = client.get(PAGE).content.decode()
    text = text_of(html)
    assert "R01" in text and "正常生产墙材企业数 3家，而烧结墙材企业数 1家 + 混凝土墙材企业数 1家 = 2家" in text
    assert "1-2月、1-3月、1-4月、1-5月 等 5 个月，正常生产墙材企业数" in text  # the months it is seen in (C produced from 2月)
    assert 'href="/measures/wall_enterprises/?period=2026-06"' in html  # the records behind the count
    assert "R33" in text and "墙材类别为“烧结砖”，既不是烧结也不是混凝土" in text
    assert "须修改台账" in text
    soft = page(client, PAGE + "&show=soft")  # the figures' filter applies to the section too
    assert "R01" not in soft and "这一类没有核对问题" in soft and "已说明 0 待说明 0" in soft
    r = client.post("/data/audit/confirm/", {"kind": "record", "period": "2026-06", "rule": "R01",
                                            "subject": "wall_enterprises", "year": "2026", "month": "2",
                                            "note": "属实"}, follow=True)
    assert "未说明：R01（正常生产墙材企业数不等于烧结与混凝土企业数之和）是强制性核对问题，不能确认" in text_of(
        r.content.decode())
    assert not RecordAuditNote.objects.exists()


def edit_output(client, month: int, output: str):
    o = WallOutput.objects.get(enterprise__uscc=A, year=2026, month=month)
    return client.post(f"/ledgers/wall-outputs/{o.pk}/", {"enterprise_code": A, "year": "2026", "month": str(month),
                                                         "output": output, "note": "更正"}, follow=True)


def test_an_output_re_entered_lower_warns_on_entry_and_waits_for_its_note(client, county):
    wall()
    client.force_login(staff())
    r = edit_output(client, 3, "400")
    assert r.status_code == 200
    shown = text_of(r.content.decode())
    assert "已保存" in shown
    assert ("台账核对 R02（提示）：修改后烧结墙材产量（折标砖）1-3月、1-4月、1-5月、1-6月 等 10 个月累计回落："
            "1-3月 由 0.30亿块 降为 0.24亿块") in shown
    assert "如系更正，请在“数据审核 · 台账核对”中写明更正原因" in shown
    text = page(client)
    assert "R02" in text and "1-3月 由 0.30亿块 降为 0.24亿块" in text and "待说明" in text
    assert "修改前 0.30亿块；修改后 0.24亿块" in text
    r = client.post("/data/audit/confirm/", {"kind": "record", "period": "2026-06", "show": "all", "rule": "R02",
                                            "subject": "wall_sintered_output", "year": "2026", "month": "3",
                                            "note": "3月产量重报，原数含返工砖"})
    assert r.status_code == 302
    n = RecordAuditNote.objects.get(subject="wall_sintered_output")
    assert (n.note, n.confirmed_by, n.correction) == ("3月产量重报，原数含返工砖", "wang", True)
    text = page(client)
    assert "✓ 3月产量重报，原数含返工砖" in text and "王主任" in text
    sintered = [f for f in record_findings(2026, 6) if f.subject == "wall_sintered_output"]
    assert [f.confirmed for f in sintered] == [True]
    # the savings fell with it: still awaiting their notes
    assert {f.subject for f in record_findings(2026, 6) if not f.confirmed} == {
        "wall_land_saved", "wall_energy_saved", "wall_waste_used"}


def test_an_output_raised_or_a_consistent_new_record_says_nothing(client, county):
    wall()
    client.force_login(staff())
    shown = text_of(edit_output(client, 3, "1200").content.decode())
    assert "已保存" in shown and "台账核对" not in shown
    assert WallOutput.objects.get(enterprise__uscc=A, month=3).output == 1200
    r = client.post("/ledgers/wall-outputs/new/", {"enterprise_code": A, "year": "2026", "month": "7",
                                                  "output": "900", "note": ""}, follow=True)
    assert r.status_code == 200 and "已登记" in text_of(r.content.decode())
    assert "台账核对" not in text_of(r.content.decode())
    assert not RecordAuditNote.objects.exists()


def test_a_new_output_of_a_closed_producer_is_shown_on_entry(client, county):
    wall()
    WallProducer.objects.filter(enterprise__uscc=B).update(status="closed")
    client.force_login(staff())
    r = client.post("/ledgers/wall-outputs/new/", {"enterprise_code": B, "year": "2026", "month": "7",
                                                  "output": "50", "note": ""}, follow=True)
    shown = text_of(r.content.decode())
    assert "台账核对 R32（提示）：湖南乙家具有限公司 2026年7月：企业生产状态为关停，7月却报产量 50.00 万块" in shown
    assert "如数据属实" in shown


def test_a_town_user_sees_no_county_checks(client, county):
    from kegong.core import access

    wall()
    WallProducer.objects.filter(enterprise__uscc=A).update(kind="x")
    client.force_login(make_user(access.TOWN, "chengguan", units=["城关镇"]))
    text = page(client)
    assert "数据审核" in text and "台账核对" not in text


def test_the_demo_countys_ledgers_give_no_finding(db):
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))
    from kegong.audit.records import series

    known = series(2026, ("wall_enterprises", "g5_done_sites", "zone_done_investment", "it_lan_share"), [6])
    assert all(v[6] is not None for v in known.values()), known  # the demo's ledgers are there, and agree
    assert [(f.rule, f.message) for f in record_findings(2026, 6)] == []


def test_the_audit_command_lists_the_record_findings_and_takes_a_note(client, county):
    from click.testing import CliRunner

    from kegong.cli import main

    wall()
    client.force_login(staff())
    edit_output(client, 3, "400")
    r = CliRunner().invoke(main, ["audit", "--period", "2026-06"])
    assert r.exit_code == 0, r.output
    assert "2026年1-6月台账核对：强制性问题 0 条（须修改台账），提示性问题 4 条（已说明 0 条，待说明 4 条）" in r.output
    assert "1-3月 由 0.30亿块 降为 0.24亿块" in r.output and "kegong audit note" in r.output
    r = CliRunner().invoke(main, ["audit", "note", "--year", "2026", "--rule", "R02", "--subject",
                                  "wall_land_saved", "--month", "3", "--note", "随产量更正", "--user", "wang"])
    assert r.exit_code == 0, r.output
    assert "已说明：R02 修改后节约土地" in r.output
    assert RecordAuditNote.objects.get(subject="wall_land_saved").note == "随产量更正"
    r = CliRunner().invoke(main, ["audit", "note", "--year", "2026", "--rule", "R01", "--subject",
                                  "wall_enterprises", "--note", "x"])
    assert r.exit_code != 0 and "强制性核对问题，不能确认" in r.output
    rules = CliRunner().invoke(main, ["audit", "rules"])
    assert "台账核对规则" in rules.output and "R33" in rules.output


def test_a_site_opened_before_it_was_built_and_a_project_past_its_total_are_named_with_their_records(client, county):
    import datetime as dt

    from kegong.enterprises.models import OrgUnit
    from kegong.informatization.models import G5Site
    from kegong.projects.models import Project, ProjectProgress, ProjectTheme

    town = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).first() or OrgUnit.objects.create(
        kind=OrgUnit.Kind.TOWN, name="城关镇")
    site = G5Site.objects.create(number="QX-5G-001", name="城关镇政府楼顶", town=town, operator="mobile",
                                 status="open", built=dt.date(2026, 4, 10), opened=dt.date(2026, 3, 1))
    p = Project.objects.create(name="青溪县家居产业园一期", theme=ProjectTheme.objects.get_or_create(name="生态产业")[0], year=2026,
                               total_investment=Decimal("5000"), plan_investment=Decimal("3000"))
    for m, v in ((2, "3,000"), (5, "2,500")):
        ProjectProgress.objects.create(project=p, year=2026, month=m, completed=Decimal(v.replace(",", "")))
    found = {f.rule: f for f in record_findings(2026, 6)}
    assert found["R11"].message == "城关镇政府楼顶（QX-5G-001）：开通日期 2026-03-01 早于建成日期 2026-04-10"
    assert found["R21"].message == "青溪县家居产业园一期（2026年）：累计完成投资 5,500.00 万元超过总投资 5,000.00 万元"
    assert found["R05"].months == (5, 6) and found["R05"].soft  # the county's 累计完成 past the 总投资 too
    client.force_login(staff())
    html = client.get(PAGE).content.decode()
    assert f'href="/ledgers/g5-sites/{site.pk}/"' in html and f'href="/ledgers/projects/{p.pk}/"' in html
    assert 'href="/measures/zone_done_investment/?period=2026-06"' in html


def test_a_month_of_progress_entered_past_the_projects_total_is_shown_on_entry(client, county):
    from kegong.projects.models import Project, ProjectProgress, ProjectTheme

    p = Project.objects.create(name="青溪县家居产业园一期", theme=ProjectTheme.objects.get_or_create(name="生态产业")[0], year=2026,
                               total_investment=Decimal("5000"), plan_investment=Decimal("3000"))
    ProjectProgress.objects.create(project=p, year=2026, month=2, completed=Decimal("3000"))
    client.force_login(staff())
    r = client.post("/ledgers/project-progress/new/", {"project": p.pk, "year": "2026", "month": "5",
                                                      "completed": "2500", "note": ""}, follow=True)
    shown = text_of(r.content.decode())
    assert "已登记" in shown
    assert "台账核对 R21（提示）：青溪县家居产业园一期（2026年）：累计完成投资 5,500.00 万元超过总投资 5,000.00 万元" in shown
    assert "台账核对 R05（提示）：1-5月、1-6月" in shown  # and the county's 累计完成 is past its 总投资
    assert "1-8月 等 8 个月，示范区累计完成投资 0.55亿元 大于示范区项目总投资 0.5亿元" in shown


def test_a_lowering_undone_leaves_nothing_to_explain(client, county):
    wall()
    client.force_login(staff())
    edit_output(client, 3, "400")
    assert {f.subject for f in record_findings(2026, 6)} == {"wall_sintered_output", "wall_land_saved",
                                                            "wall_energy_saved", "wall_waste_used"}
    shown = text_of(edit_output(client, 3, "1000").content.decode())  # put back as it was
    assert "台账核对" not in shown
    assert record_findings(2026, 6) == []
    assert "各台账计数相互一致" in page(client)


def test_a_sites_build_date_moved_later_is_a_correction_to_explain(client, county):
    import datetime as dt

    from kegong.enterprises.models import OrgUnit
    from kegong.informatization.models import G5Site

    town = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).first() or OrgUnit.objects.create(
        kind=OrgUnit.Kind.TOWN, name="城关镇")
    site = G5Site.objects.create(number="QX-5G-002", name="青溪二中", town=town, operator="telecom", status="built",
                                 built=dt.date(2026, 2, 20))
    client.force_login(staff())
    r = client.post(f"/ledgers/g5-sites/{site.pk}/", {
        "number": "QX-5G-002", "name": "青溪二中", "town": town.pk, "operator": "telecom", "status": "built",
        "built": "2026-05-08", "opened": "", "investment": "", "note": "按竣工验收单更正"}, follow=True)
    shown = text_of(r.content.decode())
    assert "已保存" in shown
    assert "台账核对 R02（提示）：修改后5G站点累计建成数1-2月、1-3月、1-4月累计回落：1-2月 由 1个 降为 0个" in shown
    (f,) = record_findings(2026, 6)
    assert (f.rule, f.subject, f.month, f.months) == ("R02", "g5_done_sites", 2, (2, 3, 4))


def test_a_list_imported_over_the_months_is_checked_like_an_entry(client, county, tmp_path):
    """The power of an import: 墙材月度产量 re-imported with March lower — the same R02 correction as on entry,
    shown on the result page and waiting on the audit page; the same list again says nothing new."""
    from openpyxl import Workbook

    wall()
    book = tmp_path / "墙材产量6月.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["青溪县墙材企业月度产量统计表"])
    ws.append(["单位：万块（折标砖）"])
    ws.append(["统一社会信用代码", "企业名称", "年份", "月份", "产量"])
    name = Enterprise.objects.get(uscc=A).name
    for m, out in ((3, "400"), (4, "1,000")):
        ws.append([A, name, 2026, m, out])
    ws.append(["填表人：李四", None, "审核人：王五"])
    wb.save(book)
    client.force_login(staff())
    with book.open("rb") as f:
        r = client.post("/ledgers/wall-outputs/import/", {"file": f}, follow=True)
    shown = text_of(r.content.decode())
    assert r.status_code == 200 and "台账核对 R02（提示）：修改后烧结墙材产量（折标砖）" in shown, shown[:2000]
    assert "1-3月 由 0.30亿块 降为 0.24亿块" in shown
    assert RecordAuditNote.objects.filter(subject="wall_sintered_output", correction=True).exists()
    assert "待说明" in page(client)
