"""台账, with 高新技术企业证书 as the first ledger: the published list of certified enterprises imported the way
the province sends it (a title, a 序号 column, dates as text and as dates, a 注 line; a GBK CSV too), a bad
row named with its file, sheet, row and column and nothing written, the same list again changing nothing, a
changed list recorded with before and after; the pages within each role's scope; export and re-import."""

from __future__ import annotations

import datetime as dt

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
