"""The JSON shapes kegong gives out — one place, reused by the CLI's ``--json``, the web pages and the API.

Each function takes the plain result of a selector and returns plain JSON-ready data; nothing here reads
the database.
"""

from __future__ import annotations

from kegong.core.stats.indicators import table_json


def indicators_json(table) -> dict:
    """``kegong indicators --json`` (the contract documented in ``kegong.core.stats.indicators``)."""
    return table_json(table.period, table.rows, table.value_added, table.ratios)


def ranking_json(r) -> dict:
    bd = r.total
    from kegong.core.catalogue import BY_CODE

    return {"period": r.period.key(), "indicator": r.indicator, "unit": BY_CODE[r.indicator].unit, "by": r.by,
            "scope": r.scope, "sort": r.sort,
            "total": {"cumulative": bd.current, "cumulative_prior_year": bd.prior, "yoy_pct": bd.growth_pct},
            "parts": [{"key": p.key, "name": p.label, "cumulative": p.current, "cumulative_prior_year": p.prior,
                       "yoy_pct": p.growth_pct, "net_addition": p.net_addition, "share_pct": p.share_pct,
                       "pull_pp": p.pull_pp, "contribution_pct": p.contribution_pct, "rank_level": p.rank_level,
                       "rank_growth": p.rank_growth} for p in r.parts]}


def findings_json(findings) -> list[dict]:
    return [f.to_dict() for f in findings]


def forecast_json(table) -> dict:
    return {"period": table.period.key(), "forecasts": table.results, "errors": table.errors}


def targets_json(overview) -> dict:
    p = overview.period
    return {"year": overview.year, "period": p.key(), "time_progress": p.time_progress(),
            "targets": [x.to_dict() for x in overview.progress], "alerts": [a.to_dict() for a in overview.alerts]}


def _record_json(obj) -> dict:
    e = getattr(obj, "enterprise", None)
    return {"id": obj.pk, "text": str(obj), "enterprise": None if e is None else {"uscc": e.uscc, "name": e.name}}


def measure_row_json(row, with_records: bool = False) -> dict:
    """One ledger count (kegong.measures.listing.MeasureRow): ``value`` for a county reader, ``records`` —
    how many of its records the reader may open — where the measure counts records."""
    m = row.measure
    out = {"code": m.code, "name": m.name, "unit": m.unit, "kind": m.kind, "ledger": m.ledger, "value": row.level,
           "records": None if row.records is None else len(row.records)}
    if with_records:
        out["items"] = None if row.records is None else [_record_json(r) for r in row.records]
    return out


def measures_json(period, scope, rows, county: bool, with_records: bool = False) -> dict:
    """``kegong measures --json`` and GET /api/measures/: the ledger counts at a period."""
    return {"period": period.key(), "label": period.label(), "scope": str(scope) if county else "readable",
            "measures": [measure_row_json(r, with_records) for r in rows]}
