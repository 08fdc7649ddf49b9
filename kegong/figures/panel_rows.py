"""Bulk reads for the panel store: cursor rows straight into numpy arrays, never model instances.

Every function takes an open cursor so that the store can run them all inside one read transaction (one
consistent snapshot of the database).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import connection

from kegong.enterprises.models import Enterprise, OrgUnit, ScaleStatus
from kegong.figures.models import Indicator, MonthlyFigure, PanelChange

FIGURE_COLUMNS = ("value", "cumulative", "prior_year_value", "prior_year_cumulative")
_MONTHS_PER_QUERY = 24


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _float_sql() -> str:
    return "DOUBLE PRECISION" if connection.vendor == "postgresql" else "REAL"


@dataclass(frozen=True)
class Register:
    """The enterprise register as the panel needs it, in primary-key order."""

    pks: np.ndarray  # int64
    ids: list[str]
    names: list[str]
    attributes: dict[str, list[str]]  # section, division, town, park, chain → one value per enterprise


def current_version(cur) -> str:
    """The data version: the newest change's id and token ("0" before any change was recorded)."""
    cur.execute(f"SELECT id, token FROM {_t(PanelChange)} ORDER BY id DESC LIMIT 1")
    row = cur.fetchone()
    return "0" if row is None else f"{row[0]}-{row[1]}"


def changes_since(cur, change_id: int) -> list[tuple[int, str, list]]:
    import json

    cur.execute(f"SELECT id, token, months FROM {_t(PanelChange)} WHERE id > %s ORDER BY id", [change_id])
    out = []
    for i, token, months in cur.fetchall():
        out.append((i, token, json.loads(months) if isinstance(months, str) else months))
    return out


def token_of(cur, change_id: int) -> str | None:
    cur.execute(f"SELECT token FROM {_t(PanelChange)} WHERE id = %s", [change_id])
    row = cur.fetchone()
    return None if row is None else row[0]


def fetch_register(cur) -> Register:
    e, o = _t(Enterprise), _t(OrgUnit)
    cur.execute(f"SELECT e.id, e.uscc, e.name, e.industry_section, e.industry_division, t.name, p.name, e.chain "
                f"FROM {e} e LEFT JOIN {o} t ON t.id = e.town_id LEFT JOIN {o} p ON p.id = e.park_id "
                f"ORDER BY e.id")
    rows = cur.fetchall()
    cols = list(zip(*rows)) if rows else [()] * 8
    attrs = {a: [v or "" for v in cols[3 + j]] for j, a in enumerate(("section", "division", "town", "park",
                                                                      "chain"))}
    return Register(np.array(cols[0], dtype=np.int64), list(cols[1]), list(cols[2]), attrs)


def fetch_scale(cur) -> tuple[np.ndarray, np.ndarray]:
    """(enterprise pk, year) of every above-scale status."""
    cur.execute(f"SELECT enterprise_id, year FROM {_t(ScaleStatus)} WHERE above_scale = %s", [True])
    arr = np.array(cur.fetchall(), dtype=np.int64).reshape(-1, 2)
    return arr[:, 0], arr[:, 1]


def fetch_indicator_ids(cur) -> dict[int, str]:
    cur.execute(f"SELECT id, code FROM {_t(Indicator)}")
    return dict(cur.fetchall())


def year_range(cur) -> tuple[int, int] | None:
    cur.execute(f"SELECT MIN(year), MAX(year) FROM {_t(MonthlyFigure)}")
    lo, hi = cur.fetchone()
    cur.execute(f"SELECT MIN(year), MAX(year) FROM {_t(ScaleStatus)}")
    slo, shi = cur.fetchone()
    los = [v for v in (lo, slo) if v is not None]
    his = [v for v in (hi, shi) if v is not None]
    return (min(los), max(his)) if los else None


def _select() -> str:
    f = _float_sql()
    values = ", ".join(f"CAST({c} AS {f})" for c in FIGURE_COLUMNS)
    return f"SELECT indicator_id, enterprise_id, year, month, {values} FROM {_t(MonthlyFigure)}"


def _to_array(rows: list[tuple]) -> np.ndarray:
    return np.array(rows, dtype=np.float64).reshape(-1, 8)  # NULL → NaN


def fetch_years(cur, first: int, last: int) -> np.ndarray:
    """Every figure of the years ``first``–``last``: (rows, 8) — indicator id, enterprise pk, year, month and
    the four amounts (NaN where not reported)."""
    cur.execute(_select() + " WHERE year >= %s AND year <= %s", [first, last])
    return _to_array(cur.fetchall())


def fetch_months(cur, months: Iterable[tuple[int, int]]) -> np.ndarray:
    """Every figure of the given (year, month) pairs, in the same shape as :func:`fetch_years`."""
    months = sorted(set(months))
    parts = []
    for lo in range(0, len(months), _MONTHS_PER_QUERY):
        chunk = months[lo:lo + _MONTHS_PER_QUERY]
        cond = " OR ".join(["(year = %s AND month = %s)"] * len(chunk))
        cur.execute(_select() + f" WHERE {cond}", [v for ym in chunk for v in ym])
        parts.append(_to_array(cur.fetchall()))
    return np.concatenate(parts) if parts else np.empty((0, 8))
