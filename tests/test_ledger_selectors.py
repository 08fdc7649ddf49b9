"""Reading every ledger for one enterprise (its page): which ledgers hold a record of it, in one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kegong.enterprises.models import Enterprise
from kegong.ledgers.base import ledgers
from kegong.ledgers.selectors import holding, of_enterprise
from kegong.service.models import Appeal
from kegong.tech.models import HighTechCertificate
from tests.desk_data import A, B, C, load_county


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    a, b = Enterprise.objects.get(uscc=A), Enterprise.objects.get(uscc=B)
    HighTechCertificate.objects.create(enterprise=a, number="GR202543000001", issued=dt.date(2025, 11, 28))
    Appeal.objects.create(enterprise=a, category="labour", title="招工难", department="人社局",
                          received=dt.date(2026, 5, 6))
    Appeal.objects.create(enterprise=b, category="eia", title="环评批复", department="生态环境分局",
                          received=dt.date(2026, 5, 7))
    return a, b


def test_only_the_ledgers_holding_a_record_of_the_firm_in_registry_order(county):
    a, b = county
    order = [lg.slug for lg in ledgers()]
    assert [lg.slug for lg in holding(a.pk)] == sorted(["high-tech", "appeals"], key=order.index)
    assert [lg.slug for lg in holding(b.pk)] == ["appeals"]
    assert holding(Enterprise.objects.get(uscc=C).pk) == []


def test_the_page_reads_one_query_plus_one_per_ledger_it_shows(county):
    a, _b = county
    with CaptureQueriesContext(connection) as q:
        got = of_enterprise(a)
    assert len(q.captured_queries) == 1 + 2
    assert {lg.slug: [str(r) for r in rows] for lg, rows in got}["appeals"] == [str(Appeal.objects.get(title="招工难"))]


@pytest.mark.parametrize(("scope", "expected"), [
    (("all", ""), {}),
    (("town", "白沙镇"), {"enterprise__town__name": "白沙镇"}),
    (("park", "工业园"), {"enterprise__park__name": "工业园"}),
    (("park", ""), {"enterprise__park__isnull": True}),  # outside any park
    (("industry", "C"), {"enterprise__industry_section": "C"}),
    (("division", "21"), {"enterprise__industry_division": "21"}),
    (("chain", "家居智造"), {"enterprise__chain": "家居智造"}),
    (("enterprise", A), {"enterprise__uscc": A}),
])
def test_one_spelling_of_a_scope_on_the_records_enterprise(scope, expected):
    """kegong.enterprises.selectors.scope_q, which every ledger app's counts use."""
    from django.db.models import Q

    from kegong.core.stats.scopes import Scope
    from kegong.enterprises.selectors import scope_q

    assert scope_q(Scope(*scope)) == Q(**expected)
    assert scope_q(Scope("enterprises", f"{A},{B}")) == Q(enterprise__uscc__in=[A, B])
