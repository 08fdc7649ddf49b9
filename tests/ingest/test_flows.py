"""Monthly amounts → figures, incl. the combined 1-2月 figure (pure functions, no database)."""

from decimal import Decimal as D

from kegong.readers.flows import Stored, flow_figures

U = "91110000600037341L"


def by_month(records):
    return {(r.year, r.month): r for r in records}


def test_february_is_combined_and_cumulated():
    out = by_month(flow_figures("tax", {(U, 2026, 1): D(10), (U, 2026, 2): D(5), (U, 2026, 3): D(7)}, {}))
    assert out[(2026, 1)].value == D(10) and out[(2026, 1)].cumulative == D(10)
    assert out[(2026, 2)].start_month == 1 and out[(2026, 2)].value == D(15) and out[(2026, 2)].cumulative == D(15)
    assert out[(2026, 3)].value == D(7) and out[(2026, 3)].cumulative == D(22)


def test_prior_year_comes_from_last_years_stored_months():
    stored = {(U, 2025, 3): Stored(D(4), D(20), start_month=3), (U, 2025, 2): Stored(D(16), D(16), start_month=1)}
    out = by_month(flow_figures("tax", {(U, 2026, 3): D(8)}, stored))
    assert out[(2026, 3)].prior_year_value == D(4) and out[(2026, 3)].prior_year_cumulative == D(20)


def test_january_arriving_after_a_combined_february_is_not_counted_twice():
    stored = {(U, 2026, 2): Stored(D(15), D(15), start_month=1)}  # 1-2月 combined, no January on its own
    out = by_month(flow_figures("tax", {(U, 2026, 1): D(10)}, stored))
    assert out[(2026, 1)].value == D(10)
    assert (2026, 2) not in out or out[(2026, 2)].cumulative == D(15)
