"""Monthly amounts (tax paid, electricity used, investment completed) turned into figures: the month's value,
the Jan–month cumulative summed from the stored months of that year, and last year's same month and
cumulative from the stored prior-year figures. Plain data in, plain records out.

As on the statistics forms, February's figure is the combined 1-2月 one (``month=2, start_month=1``, value
January + February); January keeps a figure of its own (``month=1``) so that February can be combined later.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kegong.core.periods import start_month_of
from kegong.core.records import FigureRecord

Key = tuple[str, int, int]  # (credit code, year, month)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Stored:
    """A figure as it stands in the database (only what the computation needs)."""

    value: Decimal | None
    cumulative: Decimal | None
    prior_year_value: Decimal | None = None
    prior_year_cumulative: Decimal | None = None
    start_month: int | None = None


def _q(d: Decimal | None) -> Decimal | None:
    return None if d is None else d.quantize(Decimal("0.0001"))


def raw_months(stored: Mapping[Key, Stored]) -> dict[tuple[str, int], dict[int, Decimal]]:
    """Each enterprise-year's single-month amounts recovered from stored figures (a combined 1-2月 figure
    gives February as the combined value less a stored January)."""
    months: dict[tuple[str, int], dict[int, Decimal]] = defaultdict(dict)
    for (u, y, m), s in stored.items():
        if s.value is not None:
            months[(u, y)][m] = s.value
    for (u, y, m), s in stored.items():
        if m == 2 and s.start_month == 1 and s.value is not None:
            months[(u, y)][2] = s.value - months[(u, y)].get(1, ZERO)
    return months


Months = dict[tuple[str, int], dict[int, Decimal]]  # (credit code, year) → month → single-month amount


def _add_new(months: Months, new: Mapping[Key, Decimal], stored: Mapping[Key, Stored]) -> None:
    """Put the new single-month amounts into ``months`` (a defaultdict from :func:`raw_months`)."""
    for (u, y, m), v in new.items():
        months[(u, y)][m] = v
        feb = stored.get((u, y, 2))
        if m == 1 and (u, y, 1) not in stored and feb is not None and feb.start_month == 1 \
                and feb.value is not None and (u, y, 2) not in new:
            # a combined 1-2月 figure stored before January arrived on its own: February is the rest
            months[(u, y)][2] = feb.value - v


def _shown(months: Months, u: str, y: int, m: int) -> Decimal | None:
    """The month's figure as stored: February is January + February."""
    ms = months.get((u, y), {})
    if m == 2 and 2 in ms:
        return ms.get(1, ZERO) + ms[2]
    return ms.get(m)


def _cumulative(months: Months, stored: Mapping[Key, Stored], touched: set[tuple[str, int]],
                u: str, y: int, m: int) -> Decimal | None:
    """Jan–month total: summed afresh for a touched or unstored enterprise-year, else as stored."""
    if (u, y) in touched or (u, y, m) not in stored:
        vals = [v for mm, v in months.get((u, y), {}).items() if mm <= m]
        return sum(vals, ZERO) if vals else None
    return stored[(u, y, m)].cumulative


def _candidates(new: Mapping[Key, Decimal], months: Months, touched: set[tuple[str, int]]) -> set[Key]:
    """The new months, every month of a touched enterprise-year and of the year after it, and February
    when January is known."""
    candidates: set[Key] = set(new)
    for (u, y) in touched:
        candidates |= {(u, y, m) for m in months.get((u, y), {})}
        candidates |= {(u, y + 1, m) for m in months.get((u, y + 1), {})}
        if 1 in months.get((u, y), {}):
            candidates.add((u, y, 2))
    return candidates


def _figure(indicator: str, key: Key, months: Months, stored: Mapping[Key, Stored],
            touched: set[tuple[str, int]]) -> FigureRecord | None:
    """The figure for one month, or None when the month has no amount."""
    u, y, m = key
    value = _shown(months, u, y, m)
    if value is None:
        return None
    prior = _shown(months, u, y - 1, m)
    return FigureRecord(
        uscc=u, indicator=indicator, year=y, month=m, start_month=start_month_of(m),
        value=_q(value), cumulative=_q(_cumulative(months, stored, touched, u, y, m)),
        prior_year_value=_q(prior),
        prior_year_cumulative=_q(_cumulative(months, stored, touched, u, y - 1, m)) if prior is not None else None,
    )


def _same_as_stored(s: Stored, rec: FigureRecord) -> bool:
    return (_q(s.value), _q(s.cumulative), _q(s.prior_year_value), _q(s.prior_year_cumulative), s.start_month
            ) == (rec.value, rec.cumulative, rec.prior_year_value, rec.prior_year_cumulative, rec.start_month)


def flow_figures(indicator: str, new: Mapping[Key, Decimal], stored: Mapping[Key, Stored]) -> list[FigureRecord]:
    """Figures for every month in ``new`` and for every stored month whose value, cumulative or prior-year
    fields change because of ``new`` (a later month of the same year, the same month of the next year).

    A month without an amount counts as nothing paid/used that month (a quarterly tax payer pays in the
    quarter's last month)."""
    months = raw_months(stored)
    _add_new(months, new, stored)
    touched = {(u, y) for (u, y, _m) in new}
    out: list[FigureRecord] = []
    for key in sorted(_candidates(new, months, touched)):
        rec = _figure(indicator, key, months, stored, touched)
        if rec is None:
            continue
        s = stored.get(key)
        if key not in new and s is not None and _same_as_stored(s, rec):
            continue
        out.append(rec)
    return out


def missing_months(month: int, have: set[int]) -> list[int]:
    """Months before ``month`` for which no data of the indicator is stored or being imported."""
    return [m for m in range(1, month) if m not in have]
