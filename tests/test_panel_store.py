"""The panel store: refreshed by every kind of change, rebuilt when deleted, one consistent snapshot.

The store must equal a panel read straight from the database after every change — the incremental path
(copy the last snapshot, re-read the touched months) and the full rebuild give the same arrays.
"""

from __future__ import annotations

import shutil
import threading
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection, transaction

from kegong.core.codes.uscc import make_uscc
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet, ScaleRecord
from kegong.core.stats.panel import FIELDS
from kegong.figures import store
from kegong.figures.models import MonthlyFigure, PanelChange
from kegong.imports.rollback import rollback_batch
from kegong.imports.writer import write_records

FIRMS = [make_uscc(f"91330100{i:08d}") for i in range(1, 7)]


def _records(value: int, *, months=(2, 3), firms=FIRMS, year=2026, source="tongji") -> RecordSet:
    rs = RecordSet(source=source, period_key=f"{year}-{months[-1]:02d}-{value}")
    for i, u in enumerate(firms):
        rs.enterprises.append(EnterpriseRecord(uscc=u, name=f"测试企业{i}", industry_code="2110",
                                               town="城关镇" if i % 2 else "东山镇"))
        rs.scale += [ScaleRecord(uscc=u, year=y, above_scale=True) for y in (year - 1, year)]
        for m in months:
            rs.figures.append(FigureRecord(uscc=u, indicator="gross_output", year=year, month=m,
                                           start_month=1 if m == 2 else m, value=Decimal(value),
                                           cumulative=Decimal(value * m), prior_year_value=Decimal(value - 1),
                                           prior_year_cumulative=Decimal((value - 1) * m)))
    return rs


def _write(rs: RecordSet, tag: str):
    return write_records(rs, file_name=f"{tag}.xlsx", file_hash=tag.ljust(64, "0"), replace_scope=False)


def _cell(panel, uscc: str, month: int, field: str = "cumulative", year: int = 2026) -> float | None:
    return panel.figure(field, "gross_output", uscc, year, month)


def _assert_same(a, b) -> None:
    assert a.ids == b.ids and a.indicators == b.indicators and (a.first_year, a.n_years) == (b.first_year, b.n_years)
    for f in FIELDS:
        assert np.array_equal(np.asarray(a.data[f]), np.asarray(b.data[f]))
        assert np.array_equal(np.asarray(a.reported[f]), np.asarray(b.reported[f]))
    assert np.array_equal(np.asarray(a.above_scale), np.asarray(b.above_scale))
    assert {k: g.labels for k, g in a.groups.items()} == {k: g.labels for k, g in b.groups.items()}


def _fresh():
    """The panel read from the database alone, bypassing every stored snapshot."""
    store._current.clear()
    shutil.rmtree(store.root(), ignore_errors=True)
    return store.refresh().panel


@pytest.mark.django_db
def test_an_import_is_in_the_next_read_and_the_incremental_path_equals_a_full_read():
    _write(_records(10), "a")
    first = store.snapshot()
    assert _cell(first.panel, FIRMS[0], 3) == 30.0
    _write(_records(20, months=(3,)), "b")
    second = store.snapshot()
    assert second.version != first.version
    assert _cell(second.panel, FIRMS[0], 3) == 60.0 and _cell(second.panel, FIRMS[0], 2) == 20.0
    assert second.path is not None and second.path.exists()
    _assert_same(second.panel, _fresh())


@pytest.mark.django_db
def test_a_rollback_brings_the_old_figures_back():
    _write(_records(10), "a")
    summary = _write(_records(20, months=(3,)), "b")
    assert _cell(store.snapshot().panel, FIRMS[1], 3) == 60.0
    rollback_batch(summary.batch_id)
    assert _cell(store.snapshot().panel, FIRMS[1], 3) == 30.0
    _assert_same(store.snapshot().panel, _fresh())


@pytest.mark.django_db
def test_a_new_enterprise_and_a_new_year_reorder_the_register_without_losing_cells():
    _write(_records(10), "a")
    store.snapshot()
    extra = make_uscc("9133010000000099")
    _write(_records(7, months=(4,), firms=[extra], year=2027), "b")
    p = store.snapshot().panel
    assert extra in p.ids and p.years == range(2025, 2028)
    assert _cell(p, FIRMS[0], 3) == 30.0 and _cell(p, extra, 4, year=2027) == 28.0
    _assert_same(p, _fresh())


@pytest.mark.django_db
def test_the_admin_shows_figures_but_changes_them_only_through_a_recorded_path(admin_client):
    """A figure changes only through an import, 手工录入 or a rollback (each a batch with who, when and the values
    before): the admin refuses an edit, so the store and the database stay as they were."""
    _write(_records(10), "a")
    before = _cell(store.snapshot().panel, FIRMS[2], 3)
    fig = MonthlyFigure.objects.get(enterprise__uscc=FIRMS[2], month=3)
    assert admin_client.get(f"/admin/figures/monthlyfigure/{fig.pk}/change/").status_code == 200  # to read
    res = admin_client.post(f"/admin/figures/monthlyfigure/{fig.pk}/change/", {
        "enterprise": fig.enterprise_id, "indicator": fig.indicator_id, "year": 2026, "month": 3,
        "start_month": 3, "value": "11", "cumulative": "99", "prior_year_value": "9",
        "prior_year_cumulative": "27", "batch": fig.batch_id})
    assert res.status_code == 403
    assert admin_client.post(f"/admin/figures/monthlyfigure/{fig.pk}/delete/", {"post": "yes"}).status_code == 403
    fig.refresh_from_db()
    assert fig.cumulative != 99 and _cell(store.snapshot().panel, FIRMS[2], 3) == before


@pytest.mark.django_db
def test_a_deleted_store_is_rebuilt_and_equals_what_it_was():
    _write(_records(10), "a")
    before = store.snapshot()
    shutil.rmtree(store.root())
    store._current.clear()
    after = store.snapshot()
    assert after.version == before.version and after.path.exists()
    _assert_same(after.panel, before.panel)
    again = store.rebuild()
    _assert_same(again.panel, before.panel)


@pytest.mark.django_db
def test_a_read_of_years_beyond_the_store_is_empty_there():
    _write(_records(10), "a")
    p = store.panel([2026, 2027])
    assert p.years == range(2026, 2028) and not p.has_data(2027, 3) and p.has_data(2026, 3)
    view = store.panel([2026])
    assert view.years == range(2026, 2027) and _cell(view, FIRMS[0], 2) == 20.0


@pytest.mark.django_db
def test_every_change_is_recorded_with_its_months():
    _write(_records(10), "a")
    months = [m for c in PanelChange.objects.order_by("id") for m in c.months]
    assert [2026, 2] in months and [2026, 3] in months


@pytest.mark.django_db(transaction=True)
def test_a_read_during_commits_never_fails_and_never_mixes_batches():
    """One thread commits batches (every firm's March set to k) while this one reads in a loop: each read
    sees one batch whole — all firms at the same k — never a mixture, and never fails."""
    _write(_records(1), "k1")
    errors: list[BaseException] = []
    done = threading.Event()

    def writer():
        try:
            for k in range(2, 9):
                with transaction.atomic():
                    _write(_records(k, months=(3,)), f"k{k}")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connection.close()
            done.set()

    t = threading.Thread(target=writer)
    t.start()
    seen = set()
    reads = 0
    while not done.is_set() or reads < 3:
        snap = store.snapshot()
        values = {_cell(snap.panel, u, 3) for u in FIRMS}
        assert len(values) == 1, f"a read mixed batches: {values}"
        seen |= values
        reads += 1
    t.join()
    assert not errors, errors
    assert _cell(store.snapshot().panel, FIRMS[0], 3) == 24.0  # 8 × 3: the last batch
    assert len(seen) >= 2
