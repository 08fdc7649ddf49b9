"""培育 pages of issue 12 beside the computed lists: the yearly rankings of the reward schemes (towns by workers
referred, banks by amount lent and by enterprises served) with their .xlsx, and the 高企 re-certification
reminders within each user's read scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kegong.core import access
from kegong.enterprises.models import Enterprise, OrgUnit
from kegong.service.models import BankLoan, WorkerReferral
from kegong.tech.models import HighTechApplication, HighTechCertificate
from tests.desk_data import NAME_A, A, B, C, load_county, make_user, reporter, staff, text_of

YEAR = dt.date.today().year


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    a, b, c = (Enterprise.objects.get(uscc=u) for u in (A, B, C))
    cg, bs = OrgUnit.objects.get(name="城关镇"), OrgUnit.objects.get(name="白沙镇")
    WorkerReferral.objects.create(town=bs, enterprise=b, date=dt.date(YEAR, 3, 1), workers=12)
    WorkerReferral.objects.create(town=bs, enterprise=a, date=dt.date(YEAR, 4, 1), workers=8)
    WorkerReferral.objects.create(town=cg, enterprise=a, date=dt.date(YEAR, 5, 1), workers=20)
    WorkerReferral.objects.create(town=cg, enterprise=a, date=dt.date(YEAR - 1, 5, 1), workers=99)  # last year
    BankLoan.objects.create(bank="县农商银行", enterprise=a, granted=dt.date(YEAR, 2, 10), amount=Decimal("500"))
    BankLoan.objects.create(bank="县农商银行", enterprise=b, granted=dt.date(YEAR, 3, 10), amount=Decimal("300.5"))
    BankLoan.objects.create(bank="中国农业银行青溪县支行", enterprise=c, granted=dt.date(YEAR, 3, 12),
                            amount=Decimal("1200"))
    return a, b, c


def _rows(html: str, title: str) -> list[list[str]]:
    part = html.split(f"<h2>{title}</h2>")[1].split("</table>")[0]
    rows = []
    for tr in part.split("<tr>")[2:]:  # after the header row
        rows.append([text_of(td).strip() for td in tr.split("<td")[1:]])
    return [[c.split(">", 1)[1] if ">" in c else c for c in r] for r in rows]


def test_towns_and_banks_ranked_for_the_year(client, county):
    client.force_login(staff())
    html = client.get("/lists/rankings/", {"year": YEAR}).content.decode()
    towns = _rows(html, f"{YEAR}年乡镇输送用工排名")
    # 城关镇 and 白沙镇 tie at 20 (last year's 99 not counted): one rank, by name; the others 0 at the bottom
    assert towns[0][:3] == ["1", "城关镇", "20"] and towns[1][:3] == ["1", "白沙镇", "20"]
    assert towns[0][3] == "50.00" and all(r[2] == "0" for r in towns[2:])
    banks = _rows(html, f"{YEAR}年银行贷款金额排名")
    assert [r[:3] for r in banks] == [["1", "中国农业银行青溪县支行", "1,200.00"], ["2", "县农商银行", "800.50"]]
    firms = _rows(html, f"{YEAR}年银行服务企业数排名")
    assert [r[:3] for r in firms] == [["1", "县农商银行", "2"], ["2", "中国农业银行青溪县支行", "1"]]


def test_the_rankings_workbook_holds_the_three_tables(client, county):
    client.force_login(staff())
    r = client.get("/lists/rankings.xlsx", {"year": YEAR})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content), read_only=True)
    assert wb.sheetnames == ["乡镇输送用工排名", "银行贷款金额排名", "银行服务企业数排名"]
    values = [v for row in wb["银行贷款金额排名"].iter_rows(values_only=True) for v in row if v is not None]
    assert "中国农业银行青溪县支行" in values and 1200 in [float(v) for v in values if isinstance(v, (int, float))]


def test_an_enterprise_reporter_sees_no_ranking(client, county):
    client.force_login(reporter())
    assert client.get("/lists/rankings/").status_code == 403
    assert client.get("/lists/rankings.xlsx").status_code == 403


def _ends_in(days: int) -> dt.date:
    """The issue date of a certificate valid until ``days`` from today (three years less a day)."""
    end = dt.date.today() + dt.timedelta(days=days)
    start = end + dt.timedelta(days=1)
    try:
        return start.replace(year=start.year - 3)
    except ValueError:
        return start.replace(year=start.year - 3, day=28)


def test_renewals_due_within_six_months_and_without_a_later_application(client, county):
    a, b, c = county
    HighTechCertificate.objects.create(enterprise=a, number="GR1", issued=_ends_in(40))
    HighTechCertificate.objects.create(enterprise=b, number="GR2", issued=_ends_in(300))  # not yet
    cert_c = HighTechCertificate.objects.create(enterprise=c, number="GR3", issued=_ends_in(100))
    client.force_login(staff())
    page = text_of(client.get("/lists/renewals/").content.decode())
    assert "GR1" in page and "GR3" in page and "GR2" not in page and "有 2 家企业" in page
    HighTechApplication.objects.create(enterprise=c, year=cert_c.issued.year + 3, stage="applied")
    page = text_of(client.get("/lists/renewals/").content.decode())
    assert "GR3" not in page and "有 1 家企业" in page and NAME_A in page


def test_a_town_user_sees_the_reminders_of_its_own_firms(client, county):
    a, b, _c = county
    HighTechCertificate.objects.create(enterprise=a, number="GR1", issued=_ends_in(40))  # A is in 城关镇
    client.force_login(make_user(access.TOWN, "bs", units=["白沙镇"]))
    page = text_of(client.get("/lists/renewals/").content.decode())
    assert "GR1" not in page and "有 0 家企业" in page
