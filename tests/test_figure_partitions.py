"""The monthly figures table partitioned by year on PostgreSQL (kegong/figures/partitions.py, migration
figures 0003): the layout, where rows land, the constraints, the import/rollback paths and Django's flush."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from kegong.core.codes.uscc import make_uscc
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet, ScaleRecord
from kegong.figures import partitions
from kegong.figures.models import MonthlyFigure
from kegong.imports.rollback import rollback_batch
from kegong.imports.writer import write_records

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")

FIRMS = [make_uscc(f"91330100{i:08d}") for i in range(1, 4)]
TABLE = MonthlyFigure._meta.db_table


def _records(value: int, year: int, months=(3, 4)) -> RecordSet:
    rs = RecordSet(source="tongji", period_key=f"{year}-{months[-1]:02d}-{value}")
    for i, u in enumerate(FIRMS):
        rs.enterprises.append(EnterpriseRecord(uscc=u, name=f"分区企业{i}", industry_code="2110", town="城关镇"))
        rs.scale.append(ScaleRecord(uscc=u, year=year, above_scale=True))
        rs.figures += [FigureRecord(uscc=u, indicator="gross_output", year=year, month=m, start_month=m,
                                    value=Decimal(value + i), cumulative=Decimal((value + i) * m))
                       for m in months]
    return rs


def _write(rs: RecordSet, tag: str):
    return write_records(rs, file_name=f"{tag}.xlsx", file_hash=tag.ljust(64, "0"), replace_scope=False)


def _partition_of_rows() -> dict[int, set[str]]:
    """``{year: {partition names}}`` of the stored rows, as PostgreSQL placed them (tableoid)."""
    with connection.cursor() as cur:
        cur.execute(f'SELECT DISTINCT year, tableoid::regclass::text FROM "{TABLE}"')
        out: dict[int, set[str]] = {}
        for year, part in cur.fetchall():
            out.setdefault(year, set()).add(part)
        return out


def _layout() -> dict:
    """What Django's introspection sees of the table: constraint name → (columns, kind, references)."""
    with connection.cursor() as cur:
        found = connection.introspection.get_constraints(cur, TABLE)
    return {name: (tuple(c["columns"]), c["primary_key"], c["unique"], c["foreign_key"], c["index"], c["check"])
            for name, c in found.items()}


def _expected_names() -> set[str]:
    """The constraint and index names Django's schema editor gives the model (computed, not copied)."""
    editor = connection.schema_editor()
    model = MonthlyFigure
    names = {c.name for c in model._meta.constraints} | {i.name for i in model._meta.indexes}
    for f in model._meta.concrete_fields:
        if f.remote_field is not None:
            names.add(editor._create_index_name(TABLE, [f.column], suffix=""))
            names.add(str(editor._fk_constraint_name(model, f, "_fk_%(to_table)s_%(to_column)s")).strip('"'))
        if f.db_check(connection):  # unnamed in Django's CREATE TABLE: PostgreSQL's own name
            names.add(f"{TABLE}_{f.column}_check")
    names.add(f"{TABLE}_pkey")
    return names


@pytest.mark.django_db
def test_the_table_is_partitioned_by_year_with_the_names_django_expects():
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_partkeydef(partrelid) FROM pg_partitioned_table "
                    "WHERE partrelid = %s::regclass", [TABLE])
        assert cur.fetchone() == ("RANGE (year)",)
    parts = partitions.year_partitions()
    years = range(partitions.FIRST_YEAR, partitions.LAST_YEAR + 1)
    assert set(parts) == {partitions.partition_name(y) for y in years} | {partitions.DEFAULT_PARTITION}
    assert parts[partitions.partition_name(2025)].replace("'", "") == "FOR VALUES FROM (2025) TO (2026)"
    assert parts[partitions.DEFAULT_PARTITION] == "DEFAULT"
    layout = _layout()
    assert set(layout) == _expected_names()
    assert layout[f"{TABLE}_pkey"][:2] == (("id", "year"), True)
    assert layout["figure_unique"][:3] == (("enterprise_id", "indicator_id", "year", "month"), False, True)
    refs = {v[3] for v in layout.values() if v[3]}
    assert refs == {("enterprises_enterprise", "id"), ("figures_indicator", "id"), ("imports_importbatch", "id")}
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        assert cur.fetchone()[0] == f"public.{TABLE}_id_seq"


@pytest.mark.django_db
def test_rows_land_in_their_years_partition_and_a_year_added_later_takes_its_rows():
    for year in (2025, 2026, 2041):
        _write(_records(10, year), f"y{year}")
    assert _partition_of_rows() == {2025: {partitions.partition_name(2025)},
                                    2026: {partitions.partition_name(2026)},
                                    2041: {partitions.DEFAULT_PARTITION}}
    before = MonthlyFigure.objects.filter(year=2041).count()
    assert partitions.ensure_year_partitions(2041, 2042) == [partitions.partition_name(2041),
                                                            partitions.partition_name(2042)]
    assert _partition_of_rows()[2041] == {partitions.partition_name(2041)}
    assert MonthlyFigure.objects.filter(year=2041).count() == before == len(FIRMS) * 2
    assert partitions.ensure_year_partitions(2041, 2042) == []


@pytest.mark.django_db
def test_the_unique_constraint_still_refuses_a_second_figure_for_the_same_month():
    _write(_records(10, 2026), "a")
    f = MonthlyFigure.objects.filter(year=2026, month=3).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyFigure.objects.create(enterprise_id=f.enterprise_id, indicator_id=f.indicator_id, year=2026,
                                     month=3, start_month=3, value=Decimal(1))
    with pytest.raises(IntegrityError), transaction.atomic():  # the check constraint came along as well
        MonthlyFigure.objects.create(enterprise_id=f.enterprise_id, indicator_id=f.indicator_id, year=2026,
                                     month=5, start_month=6)


@pytest.mark.django_db
def test_an_import_updates_in_place_and_its_rollback_brings_the_old_figures_back():
    _write(_records(10, 2026), "a")
    ids = dict(MonthlyFigure.objects.values_list("pk", "value"))
    summary = _write(_records(20, 2026, months=(4,)), "b")
    assert summary.figures_updated == len(FIRMS) and summary.figures_created == 0
    after = dict(MonthlyFigure.objects.values_list("pk", "value"))
    assert set(after) == set(ids)  # updated where they stood: the same rows, no new ids
    changed = {pk for pk in ids if after[pk] != ids[pk]}
    assert changed == set(MonthlyFigure.objects.filter(month=4).values_list("pk", flat=True))
    assert {after[pk] for pk in changed} == {Decimal(20 + i) for i in range(len(FIRMS))}
    rollback_batch(summary.batch_id)
    assert dict(MonthlyFigure.objects.values_list("pk", "value")) == ids


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_djangos_flush_and_sequence_reset_work_on_the_partitioned_table():
    """A transactional test starts after Django's TRUNCATE … and ``setval(pg_get_serial_sequence(…))``."""
    assert partitions.is_partitioned()
    _write(_records(10, 2026, months=(3,)), "flush")
    assert sorted(MonthlyFigure.objects.values_list("pk", flat=True)) == list(range(1, len(FIRMS) + 1))


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_table_is_empty_and_still_partitioned():
    assert MonthlyFigure.objects.count() == 0
    assert partitions.is_partitioned() and len(partitions.year_partitions()) == 42


@pytest.mark.django_db
def test_the_reverse_and_forward_conversions_keep_rows_ids_and_names():
    _write(_records(10, 2025), "a")
    _write(_records(11, 2041, months=(1,)), "b")
    rows = sorted(MonthlyFigure.objects.values_list("pk", "year", "month", "value", "enterprise_id"))
    layout = _layout()
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending deferred FK checks
    partitions.unpartition_table()
    assert not partitions.is_partitioned()
    plain = _layout()
    assert plain[f"{TABLE}_pkey"][0] == ("id",)
    assert {k: v for k, v in plain.items() if k != f"{TABLE}_pkey"} == {
        k: v for k, v in layout.items() if k != f"{TABLE}_pkey"}
    assert sorted(MonthlyFigure.objects.values_list("pk", "year", "month", "value", "enterprise_id")) == rows
    partitions.partition_table()
    assert partitions.is_partitioned() and _layout() == layout
    assert sorted(MonthlyFigure.objects.values_list("pk", "year", "month", "value", "enterprise_id")) == rows
    new = _write(_records(12, 2026, months=(1,)), "c")
    assert new.figures_created == len(FIRMS)
    assert min(MonthlyFigure.objects.filter(year=2026).values_list("pk", flat=True)) > max(r[0] for r in rows)
