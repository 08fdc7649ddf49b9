"""台账, with 高新技术企业证书 as the first ledger: the published list of certified enterprises imported the way
the province sends it (a title, a 序号 column, dates as text and as dates, a 注 line; a GBK CSV too), a bad
row named with its file, sheet, row and column and nothing written, the same list again changing nothing, a
changed list recorded with before and after; the pages within each role's scope; export and re-import."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import Workbook, load_workbook

from kegong.core import access
from kegong.ledgers.base import ledger
from kegong.ledgers.models import LedgerImport
from kegong.ledgers.services import ledger_import
from kegong.readers.errors import IngestError
from kegong.tech.models import HighTechCertificate, valid_until
from tests.desk_data import NAME_A, A, B, C, load_county, make_user, staff, text_of

LG = ledger("high-tech")


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    return tmp_path


def published(path, rows, title="湖南省2025年第一批拟认定高新技术企业名单"):
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append([title])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "企业名称", "统一社会信用代码", "证书编号", "发证日期", "备注"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append([])
    ws.append(["注：证书有效期三年。"])
    wb.save(path)
    return path


GOOD = [
    ["湖南甲建材有限公司", A, "GR202543000123", "2025年11月28日", ""],
    ["湖南乙家具有限公司", B.lower(), "GR202543000456", dt.datetime(2025, 11, 28), "首次认定"],
]


def test_a_published_list_is_imported_and_again_changes_nothing(county):
    path = published(county / "高企名单.xlsx", GOOD)
    r = ledger_import(ledger=LG, path=path)
    assert (len(r.created), len(r.updated), r.unchanged) == (2, 0, 0)
    cert = HighTechCertificate.objects.get(number="GR202543000123")
    assert cert.enterprise.uscc == A and cert.issued == dt.date(2025, 11, 28)
    assert cert.valid_until == dt.date(2028, 11, 27)
    assert HighTechCertificate.objects.get(number="GR202543000456").enterprise.uscc == B  # lowercase code read
    again = ledger_import(ledger=LG, path=path)
    assert not again.changed and again.unchanged == 2
    assert LedgerImport.objects.count() == 1  # nothing changed, nothing recorded


def test_a_changed_list_is_recorded_with_before_and_after(county):
    ledger_import(ledger=LG, path=published(county / "a.xlsx", GOOD))
    changed = [GOOD[0][:4] + ["复审"], GOOD[1]]
    r = ledger_import(ledger=LG, path=published(county / "b.xlsx", changed), user=staff())
    assert len(r.updated) == 1 and r.unchanged == 1
    rec = LedgerImport.objects.latest("pk")
    assert rec.imported_by.username == "wang" and "备注：“（空）”→“复审”" in rec.changes


def test_a_bad_list_is_named_and_nothing_is_written(county):
    bad = [GOOD[0], ["湖南丁化工有限公司", "91431124MA4L000000", "GR202543000789", "2025-11-28", ""],
           ["湖南乙家具有限公司", B, "GR202543000456", "2025年13月1日", ""], ["湖南丙电子科技有限公司", C, "", "2025-11-28", ""]]
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=LG, path=published(county / "坏名单.xlsx", bad))
    lines = e.value.lines()
    text = "\n".join(lines)
    assert "文件 坏名单.xlsx 工作表 名单 第 4 行 C 列（统一社会信用代码）" in text  # an invalid code
    assert "第 5 行 E 列（发证日期）：“2025年13月1日”不是日期" in text
    assert "第 6 行 D 列（证书编号）：“证书编号”不能为空" in text
    assert HighTechCertificate.objects.count() == 0 and LedgerImport.objects.count() == 0


def test_an_enterprise_not_in_the_register_is_named(county):
    from tests.ingest.builders import uscc
    with pytest.raises(IngestError) as e:
        ledger_import(ledger=LG, path=published(county / "x.xlsx", [["湖南戊公司", uscc(77), "GR1", "2025-11-28", ""]]))
    assert f"第 3 行 C 列（统一社会信用代码）：统一社会信用代码 {uscc(77)}不在企业库中" in "\n".join(e.value.lines())


def test_a_gbk_csv_by_name_only(county):
    path = county / "高企.csv"
    path.write_bytes("企业名称,证书编号,发证日期\n湖南甲建材有限公司,GR202543000123,2025/11/28\n".encode("gbk"))
    r = ledger_import(ledger=LG, path=path)
    assert [c.enterprise.name for c in r.created] == [NAME_A]


@pytest.mark.parametrize(("issued", "until"), [(dt.date(2025, 11, 28), dt.date(2028, 11, 27)),
                                               (dt.date(2024, 2, 29), dt.date(2027, 2, 27)),
                                               (dt.date(2026, 1, 1), dt.date(2028, 12, 31))])
def test_valid_for_three_years(issued, until):
    assert valid_until(issued) == until


def test_pages_scope_form_history_export(client, county):
    ledger_import(ledger=LG, path=published(county / "a.xlsx", GOOD))
    client.force_login(make_user(access.TOWN, "cg", units=["城关镇"]))  # A is in 城关镇, B in 白沙镇
    page = text_of(client.get("/ledgers/high-tech/").content.decode())
    assert "GR202543000123" in page and "GR202543000456" not in page
    b = HighTechCertificate.objects.get(number="GR202543000456")
    assert client.get(f"/ledgers/high-tech/{b.pk}/").status_code == 404
    assert client.get("/ledgers/high-tech/new/").status_code == 403
    assert client.get("/ledgers/high-tech/export.xlsx").status_code == 403
    assert "GR202543000123" in text_of(client.get(f"/enterprises/{A}/").content.decode())  # on the firm's page

    client.force_login(staff())
    r = client.post("/ledgers/high-tech/new/", {"enterprise_code": C, "number": "GR202543000999",
                                                "issued": "2025-12-01", "batch": "2025年第二批", "note": ""})
    assert r.status_code == 302
    cert = HighTechCertificate.objects.get(number="GR202543000999")
    r = client.post(f"/ledgers/high-tech/{cert.pk}/", {"enterprise_code": C, "number": "GR202543000999",
                                                       "issued": "2025-12-02", "batch": "2025年第二批", "note": ""})
    assert r.status_code == 302
    page = text_of(client.get(f"/ledgers/high-tech/{cert.pk}/").content.decode())
    assert "发证日期：“2025-12-01”→“2025-12-02”" in page and "王主任" in page
    r = client.post("/ledgers/high-tech/new/", {"enterprise_code": "91431124MA4L000000", "number": "X",
                                                "issued": "2025-12-01"})
    assert r.status_code == 400 and "统一社会信用代码“91431124MA4L000000”不在企业库中" in text_of(r.content.decode())
    assert not HighTechCertificate.objects.filter(number="X").exists()

    r = client.get("/ledgers/high-tech/export.xlsx")
    assert r.status_code == 200
    out = county / "导出.xlsx"
    out.write_bytes(b"".join(r.streaming_content))
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("统一社会信用代码", "企业名称", "证书编号") and len(rows) == 2 + 3
    again = ledger_import(ledger=LG, path=out)
    assert not again.changed and again.unchanged == 3  # the export reads back as it is


def test_the_web_import_names_the_errors(client, county):
    client.force_login(staff())
    bad = published(county / "坏名单.xlsx", [["湖南甲建材有限公司", A, "GR1", "2025年13月1日", ""]])
    with open(bad, "rb") as f:
        r = client.post("/ledgers/high-tech/import/", {"file": f})
    assert r.status_code == 400 and "第 3 行 E 列（发证日期）：“2025年13月1日”不是日期" in text_of(r.content.decode())
    good = published(county / "名单.xlsx", GOOD)
    with open(good, "rb") as f:
        r = client.post("/ledgers/high-tech/import/", {"file": f})
    assert r.status_code == 200 and "新增 2 条" in text_of(r.content.decode())
    client.force_login(make_user(access.LEADER, "boss"))
    with open(good, "rb") as f:
        assert client.post("/ledgers/high-tech/import/", {"file": f}).status_code == 403


# --- 国家级高新技术企业数: the count of the certificates a user can open (issue 12) ---------------------------
def _days(first: dt.date, last: dt.date):
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


def test_the_first_issue_date_still_valid_matches_valid_until_every_day():
    """``issued >= first_issue_valid_on(day)`` exactly when ``valid_until(issued) >= day`` — every day of
    four years (two 29 Februaries on each side), by brute force over the issue dates around it."""
    from kegong.tech.selectors import first_issue_valid_on

    for day in _days(dt.date(2026, 1, 1), dt.date(2029, 12, 31)):
        first = first_issue_valid_on(day)
        assert valid_until(first) >= day > valid_until(first - dt.timedelta(days=1)), day
    assert first_issue_valid_on(dt.date(2027, 2, 27)) == dt.date(2024, 2, 28)  # 02-28 and 02-29 end on 02-27
    assert first_issue_valid_on(dt.date(2027, 2, 28)) == dt.date(2024, 3, 1)  # so 02-29 is not valid on 02-28
    assert first_issue_valid_on(dt.date(2028, 2, 29)) == dt.date(2025, 3, 1)
    assert first_issue_valid_on(dt.date(2026, 6, 30)) == dt.date(2023, 7, 1)  # issued > day − 3 years


def test_valid_certificates_are_those_valid_on_the_day(county):
    """The database's filter keeps exactly the certificates ``is_valid_on`` says — around two 29 Februaries."""
    from kegong.enterprises.models import Enterprise
    from kegong.tech.selectors import valid_certificates

    a = Enterprise.objects.get(uscc=A)
    certs = [HighTechCertificate.objects.create(enterprise=a, number=f"GR{i:04d}", issued=d)
             for i, d in enumerate([*_days(dt.date(2024, 2, 20), dt.date(2024, 3, 5)),
                                    *_days(dt.date(2023, 2, 25), dt.date(2023, 3, 2)), dt.date(2026, 6, 30)])]
    for day in [*_days(dt.date(2027, 2, 18), dt.date(2027, 3, 8)), *_days(dt.date(2026, 2, 24), dt.date(2026, 3, 3)),
                dt.date(2026, 6, 29), dt.date(2026, 6, 30), dt.date(2028, 2, 29)]:
        got = set(valid_certificates(day).values_list("pk", flat=True))
        assert got == {c.pk for c in certs if c.is_valid_on(day)}, day


def _certificates():
    """A (城关镇) twice — expired and re-certified, the two overlapping —, B (白沙镇) expired, C (城关镇) valid."""
    from kegong.enterprises.models import Enterprise

    firms = {e.uscc: e for e in Enterprise.objects.all()}
    for number, firm, issued in (("GR202243000101", A, dt.date(2022, 12, 12)), ("GR202543000102", A, dt.date(2025, 11, 28)),
                                 ("GR202243000103", B, dt.date(2022, 11, 25)), ("GR202443000104", C, dt.date(2024, 12, 6)),
                                 ("GR202543000105", A, dt.date(2025, 12, 10))):
        HighTechCertificate.objects.create(enterprise=firms[firm], number=number, issued=issued, batch="")


def test_the_count_is_of_enterprises_with_a_valid_certificate_by_scope(county):
    from django.db.models import Q

    from kegong.core.stats.scopes import Scope
    from kegong.tech.selectors import high_tech_count, high_tech_enterprises, scope_q

    _certificates()
    june = dt.date(2026, 6, 30)
    assert high_tech_count(june) == 2  # A (two valid certificates, one firm) and C
    assert {e.uscc for e in high_tech_enterprises(june)} == {A, C}
    assert high_tech_count(dt.date(2025, 6, 30)) == 3  # A, B and C a year earlier
    assert high_tech_count(june, scope_q(Scope("town", "城关镇"))) == 2
    assert high_tech_count(june, scope_q(Scope("town", "白沙镇"))) == 0
    assert high_tech_count(june, Q(enterprise__uscc=C)) == 1


def test_the_measure_is_registered_and_counts_the_certificates(county):
    from kegong.core.periods import Period
    from kegong.core.stats.scopes import Scope
    from kegong.measures.registry import MeasureData, measure

    m = measure("high_tech_enterprises")
    assert (m.name, m.unit, m.kind) == ("国家级高新技术企业数", "家", "stock")
    data = MeasureData(panel=None)
    assert not m.compute(Period.cumulative(2026, 6), Scope.county(), data).has_data  # no certificate at all
    _certificates()
    v = m.compute(Period.cumulative(2026, 6), Scope.county(), data)
    assert (v.level, v.prior) == (2, 3) and v.growth == pytest.approx(100 * (2 / 3 - 1))
    town = m.compute(Period.cumulative(2026, 6), Scope("town", "白沙镇"), data)
    assert (town.level, town.prior, town.growth) == (0, 1, -100)
    assert m.compute(Period.cumulative(2026, 2), Scope.county(), data).level == 2  # on 2026-02-28


def _page_count(client, day: dt.date) -> int:
    """The enterprises whose certificate the ledger's page lists as valid on ``day`` (发证日期 ≤ day ≤ 有效期至)."""
    html = client.get("/ledgers/high-tech/").content.decode()
    firms = set()
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = [text_of(c).strip() for c in re.findall(r"<td>(.*?)</td>", row, flags=re.S)]
        if not cells:
            continue
        issued, until = (dt.date(*map(int, re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", c).groups()))
                         for c in cells[2:4])
        if issued <= day <= until:
            firms.add(cells[0])
    return len(firms)


def test_the_report_says_the_count_the_ledger_pages_list(client, county):
    """The report's 国家级高新技术企业数 is the count of certificates valid at the period's end — what the
    ledger's page lists, for the county and for a town — not a typed figure."""
    from kegong.core.catalogue import FACTS_BY_CODE
    from kegong.core.periods import Period
    from kegong.core.stats.scopes import Scope
    from kegong.county.models import CountyFigure
    from kegong.measures.registry import MeasureData, measure
    from kegong.reports.context import build_context, missing_inputs
    from kegong.reports.sources import gather

    assert "high_tech_enterprises" not in FACTS_BY_CODE  # nobody types it in any more
    CountyFigure.objects.create(code="high_tech_enterprises", year=2026, month=6, value=99, unit="家")  # ignored
    june = Period.cumulative(2026, 6)
    empty = gather(june)
    assert "high_tech_enterprises" not in empty.facts  # no certificate: no sentence, and the reason given
    assert any(n.startswith("台账中没有记录，无法计数（相关句子已略去）：国家级高新技术企业数")
               for n in missing_inputs(empty))  # the other ledgers' counts (研发备案 …) named after it
    _certificates()
    data = gather(june)
    assert data.facts["high_tech_enterprises"] == 2
    assert build_context(data)["facts"]["high_tech_enterprises"].text == "2家"
    day = dt.date(2026, 6, 30)
    assert data.facts["high_tech_enterprises"] == len({c.enterprise_id for c in HighTechCertificate.objects.all()
                                                       if c.is_valid_on(day)})
    client.force_login(staff())
    assert _page_count(client, day) == 2
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))
    assert _page_count(client, day) == measure("high_tech_enterprises").compute(
        june, Scope("town", "白沙镇"), MeasureData(panel=None)).level == 0
    assert _page_count(client, dt.date(2025, 6, 30)) == 1


def test_the_dashboard_card_is_the_count(client, county):
    from kegong.core.periods import Period
    from kegong.measures.dashboard import dashboard

    _certificates()
    card = next(c for c in dashboard(Period.cumulative(2026, 6))["cards"] if c["code"] == "high_tech_enterprises")
    assert (card["name"], card["level"], card["unit"]) == ("国家级高新技术企业数", 2, "家")
    client.force_login(staff())
    html = client.get("/?period=2026-06").content.decode()
    article = re.search(r"<h2>国家级高新技术企业数</h2>(.*?)</article>", html, flags=re.S).group(1)
    assert re.search(r'class="level">2<small>家</small>', article) and "同比" in article


def test_the_list_names_an_import_made_from_the_command_line(client, county):
    """An import with no user (``kegong`` on the command line) is listed without breaking the page."""
    ledger_import(ledger=LG, path=published(county / "高企名单.xlsx", GOOD))
    client.force_login(staff())
    r = client.get("/ledgers/high-tech/")
    assert r.status_code == 200 and "高企名单.xlsx：新增 2，修改 0，未变 0（命令行导入）" in text_of(r.content.decode())
