"""No lost update: two people editing the same enterprise-month at once. The entry form carries the version of
what it showed (``kegong.figures.services.entry_version``, a hidden field); a save whose version no longer
matches is refused with ``该企业该月数据已被 X 于 HH:MM 修改，请刷新后重试`` and writes nothing — at the service,
through the web form with two sessions, and with two threads saving at the same instant on PostgreSQL
(``DATABASE_URL=postgresql://…``; skipped on SQLite, which takes one writer at a time)."""

from __future__ import annotations

import re
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kegong.core.catalogue import INDICATORS
from kegong.enterprises.models import Enterprise
from kegong.figures.models import MonthlyFigure
from kegong.figures.services import EditConflict, entry_version, save_if_unchanged
from kegong.imports.entry import save_entry
from kegong.imports.models import ImportBatch
from kegong.readers.template import VALUE_KEYS
from tests.desk_data import A, load_county, make_user, staff, text_of

CONFLICT = re.compile(r"该企业该月数据已被 (.+?) 于 (\d\d:\d\d) 修改，请刷新后重试")


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)
    return tmp_path


def stored(code: str = "gross_output") -> dict[str, Decimal | None]:
    f = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code=code, year=2026, month=6)
    return {k: getattr(f, k) for k in VALUE_KEYS}


def raw(**gross: str) -> dict[str, dict[str, str]]:
    """The form's values: what is stored for gross_output, with ``gross`` changed; the other indicators empty."""
    out = {d.code: {k: "" for k in VALUE_KEYS} for d in INDICATORS}
    out["gross_output"] = {k: ("" if v is None else format(v.normalize(), "f")) for k, v in stored().items()}
    out["gross_output"].update(gross)
    return out


def saver(e: Enterprise, user, values: dict):
    return lambda: save_entry(enterprise=e, year=2026, month=6, raw=values, user=user)


def batch_count() -> int:
    return ImportBatch.objects.count()


def expected_time(user) -> str:
    """HH:MM of the newest batch the user made, in local time — the time the refusal must name."""
    at = ImportBatch.objects.filter(imported_by=user).latest("imported_at").imported_at
    return timezone.localtime(at).strftime("%H:%M")


def test_the_version_changes_with_any_stored_value_and_only_then(county):
    e = Enterprise.objects.get(uscc=A)
    v = entry_version(enterprise_id=e.pk, year=2026, month=6)
    assert v == entry_version(enterprise_id=e.pk, year=2026, month=6)
    assert v != entry_version(enterprise_id=e.pk, year=2026, month=5)  # another month, another version
    MonthlyFigure.objects.filter(enterprise=e, indicator__code="revenue", year=2026, month=6).update(value=Decimal("1"))
    assert entry_version(enterprise_id=e.pk, year=2026, month=6) != v


def test_service_second_save_from_the_same_load_is_refused_and_writes_nothing(county):
    e = Enterprise.objects.get(uscc=A)
    wang, li = staff(), make_user("staff", "li", "李科长")
    first_load = entry_version(enterprise_id=e.pk, year=2026, month=6)
    second_load = entry_version(enterprise_id=e.pk, year=2026, month=6)
    before = stored()
    written = save_if_unchanged(enterprise_id=e.pk, year=2026, month=6, version=first_load,
                                save=saver(e, wang, raw(value="130", cumulative="610")))
    assert written is not None and written.figures_written >= 1
    after_first, batches = stored(), batch_count()
    assert after_first["value"] == Decimal("130") and after_first["cumulative"] == Decimal("610")
    assert after_first["prior_year_value"] == before["prior_year_value"]

    with pytest.raises(EditConflict) as caught:
        save_if_unchanged(enterprise_id=e.pk, year=2026, month=6, version=second_load,
                          save=saver(e, li, raw(value="999", cumulative="1500")))
    m = CONFLICT.fullmatch(caught.value.message)
    assert m, caught.value.message
    assert m[1] == "王主任" and m[2] == expected_time(wang)
    assert stored() == after_first and batch_count() == batches  # nothing written, no batch

    fresh = entry_version(enterprise_id=e.pk, year=2026, month=6)  # after a refresh the save goes through
    save_if_unchanged(enterprise_id=e.pk, year=2026, month=6, version=fresh,
                      save=saver(e, li, raw(value="999", cumulative="1500")))
    assert stored()["value"] == Decimal("999")


def _page_version(client) -> tuple[str, str]:
    html = client.get("/data/entry/", {"enterprise": A, "period": "2026-06"}).content.decode()
    m = re.search(r'name="version" value="([^"]+)"', html)
    assert m, "the entry form carries the version of what it shows"
    return m[1], html


def _post(client, version: str, **gross: str):
    data = {f"{code}__{k}": v for code, vals in raw(**gross).items() for k, v in vals.items()}
    return client.post("/data/entry/", {**data, "enterprise": A, "period": "2026-06", "version": version})


def test_two_sessions_through_the_form_the_second_is_told_who_and_when(client, county):
    from django.test import Client

    wang, li = staff(), make_user("staff", "li", "李科长")
    other = Client()
    client.force_login(wang)
    other.force_login(li)
    v_wang, _ = _page_version(client)
    v_li, _ = _page_version(other)
    assert v_wang == v_li

    r = _post(client, v_wang, value="130", cumulative="610")
    assert r.status_code == 302
    after_first, batches = stored(), batch_count()
    assert after_first["value"] == Decimal("130")

    r = _post(other, v_li, value="999", cumulative="1500")
    assert r.status_code == 409
    page = text_of(r.content.decode())
    m = CONFLICT.search(page)
    assert m and m[1] == "王主任" and m[2] == expected_time(wang)
    assert stored() == after_first and batch_count() == batches
    assert 'name="gross_output__value" value="130"' in r.content.decode()  # the page now shows what is stored

    v_fresh, _ = _page_version(other)
    assert v_fresh != v_li
    assert _post(other, v_fresh, value="999", cumulative="1500").status_code == 302
    assert stored()["value"] == Decimal("999")


@pytest.mark.django_db(transaction=True)
def test_two_threads_saving_at_once_exactly_one_succeeds(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgresql://…): SQLite takes one writer at a time")
    load_county(tmp_path)
    e = Enterprise.objects.get(uscc=A)
    users = [staff(), make_user("staff", "li", "李科长")]
    version = entry_version(enterprise_id=e.pk, year=2026, month=6)
    values = [raw(value="130", cumulative="610"), raw(value="999", cumulative="1500")]
    start = threading.Barrier(2)
    outcome: dict[int, object] = {}

    def slow_save(i: int):
        inner = saver(e, users[i], values[i])

        def run():
            time.sleep(0.3)  # hold the lock a while: the other thread is meanwhile trying to save too
            return inner()
        return run

    def worker(i: int) -> None:
        try:
            start.wait(5)
            outcome[i] = save_if_unchanged(enterprise_id=e.pk, year=2026, month=6, version=version,
                                           save=slow_save(i))
        except Exception as err:  # noqa: BLE001 - recorded and asserted on below
            outcome[i] = err
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    refused = [i for i, o in outcome.items() if isinstance(o, EditConflict)]
    saved = [i for i, o in outcome.items() if not isinstance(o, Exception)]
    assert len(outcome) == 2 and len(refused) == 1 and len(saved) == 1, outcome
    winner = saved[0]
    want = values[winner]["gross_output"]
    assert stored()["value"] == Decimal(want["value"]) and stored()["cumulative"] == Decimal(want["cumulative"])
    assert ImportBatch.objects.filter(imported_by__in=users).count() == 1


def test_a_form_shown_again_for_a_bad_value_keeps_the_version_it_was_typed_against(client, county):
    """Load, someone else saves, the first one's bad value is shown again — still refused once corrected."""
    from django.test import Client

    wang, li = staff(), make_user("staff", "li", "李科长")
    other = Client()
    client.force_login(wang)
    other.force_login(li)
    v_li, _ = _page_version(other)
    r = _post(other, v_li, value="12,3O5")  # a bad value: shown again, nothing written
    assert r.status_code in (400, 409)
    m = re.search(r'name="version" value="([^"]+)"', r.content.decode())
    assert m and m[1] == v_li
    v_wang, _ = _page_version(client)
    assert _post(client, v_wang, value="130", cumulative="610").status_code == 302
    after_first = stored()
    r = _post(other, m[1], value="999", cumulative="1500")  # the corrected form, against the old version
    assert r.status_code == 409 and CONFLICT.search(text_of(r.content.decode()))
    assert stored() == after_first
