"""Gather a report's data from the database through the statistical core (the Django-facing shell).

Every number comes from ``kegong.core.stats``: the indicator table (same-scope sums, growth, 百分点 changes),
``growth.breakdown`` (拉动 and ranks of sections and towns), ``value_added`` (official or estimated
增加值 growth), ``forecast`` (预计 1-(M+1)月 with intervals) and the targets service (progress against
annual targets); the counts of ledger records (国家级高新技术企业数) from their measures in the registry. This
module only reads and re-shapes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import warnings
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from kegong.core.catalogue import BY_CODE, INDICATORS, RECORD_COUNTS, REPORTED_GROWTH
from kegong.core.errors import DataError
from kegong.core.periods import Period, reporting_months
from kegong.core.rules.documents import dated
from kegong.core.stats.growth import breakdown, growth_pct
from kegong.core.stats.panel import Panel, Scope, StatsError
from kegong.reports import difficulties
from kegong.reports.analysis import gather_analysis
from kegong.reports.context import COUNTY_FIGURES
from kegong.reports.data import CountyMeasure, Measure, Outlook, Part, ReportData, TargetLine, Text
from kegong.reports.outlooks import ready_to_enter

TREND_CODES = ("gross_output", "electricity", "tax", "industrial_investment")
# the forecasts listed in ``forecasts`` (the monthly 下阶段预测); a template naming
# ``industry.<code>.forecast`` gets that one too (see writer.forecast_codes)
FORECAST_LIST = ("gross_output", "electricity", "tax", "industrial_investment")


CACHE_FORMAT = 2  # the stored forecast's fields (2: with the back-test MAPE)


class SourceError(DataError):
    """The data for the report is missing; the message is Chinese."""


def _measures(rows) -> dict[str, dict[str, Measure]]:
    out: dict[str, dict[str, Measure]] = {}
    for r in rows:
        out.setdefault(r.scope, {})[r.code] = Measure.from_core(r, net_change=r.net_addition)
    return out


def _parts(panel: Panel, kind: str, by_scope: dict[str, dict[str, Measure]], members: dict[str, int],
           code: str = "gross_output") -> list[Part]:
    scopes = [s for s in by_scope if s.startswith(kind + ":")]
    keys = [s.partition(":")[2] for s in scopes]
    cur = [by_scope[s].get(code).cumulative if code in by_scope[s] else None for s in scopes]
    pri = [by_scope[s].get(code).cumulative_prior_year if code in by_scope[s] else None for s in scopes]
    b = breakdown(keys, [panel.scope_label(Scope(kind, k)) for k in keys], cur, pri)
    return [Part(key=p.key, label=p.label, members=members[s], measures=by_scope[s], pull_pp=p.pull_pp,
                 rank_growth=p.rank_growth, share_pct=p.share_pct, pull_indicator=code)
            for s, p in zip(scopes, b.parts)]


def _trend(panel: Panel, period: Period) -> dict[str, list[tuple[str, float | None]]]:
    from kegong.core.stats.indicators import indicator_table

    defs = [BY_CODE[c] for c in TREND_CODES if c in panel.indicators]
    out: dict[str, list[tuple[str, float | None]]] = {d.code: [] for d in defs}
    for rp in reporting_months(period.year, period.end):
        p = Period.cumulative(period.year, rp.end)
        if not panel.has_data(p.year, p.end):
            continue
        for r in indicator_table(panel, p, [Scope.county()], defs):
            out[r.code].append((p.span_label(), r.yoy_pct))
    return out


def _county_figures(figures, period: Period) -> dict[str, CountyMeasure]:
    """Published county figures: the latest month of the year up to the period's end that has one (a
    quarterly figure in 1-11月 is the 1-9月 one, and says so: ``CountyMeasure.period``), with the growth
    the bureau published for that same month (``REPORTED_GROWTH``, at comparable prices) when there is one."""
    out = {}
    for d in COUNTY_FIGURES:
        code, name, unit = d.code, d.name, d.unit
        for m in range(period.end, 1, -1):
            hit = figures.get((code, period.year, m))
            if hit is None:
                continue
            prior = figures.get((code, period.year - 1, m))
            value, prior_value = hit[0], prior[0] if prior else None
            reported = figures.get((REPORTED_GROWTH.get(code, ""), period.year, m))
            out[code] = CountyMeasure(code, name, hit[1] or unit, value, prior_value,
                                      growth_pct(value, prior_value), Period.cumulative(period.year, m),
                                      reported_yoy_pct=float(reported[0]) if reported else None)
            break
    return out


def _outlooks(panel: Panel, period: Period, codes: Sequence[str], level: float,
              cache_dir: Path | None = None) -> dict[str, Outlook]:
    """The core's 预计 1-(M+1)月 for each code. Forecasting refits models over a rolling back-test (the
    slow part of a report), so results are memoised on disk by their exact inputs: the series, the
    cumulative figures, the level and the forecasting modules' source — same inputs, same forecast."""
    from kegong.core.stats import forecast as fc

    out = {}
    for code in codes:
        if code not in panel.indicators:
            continue
        points, cum, prior = fc.county_points(panel, code, period.year, period.end)
        d = BY_CODE[code]
        key = _forecast_key(points, cum, prior, level)
        hit = _cache_read(cache_dir, key)
        if hit is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # statsmodels convergence chatter; the back-test judges fits
                try:
                    cf = fc.forecast_cumulative(points, current_cumulative=cum, prior_cumulative=prior, level=level)
                except fc.ForecastError:
                    continue
            hit = {"year": cf.year, "span": cf.span_label, "cumulative": cf.cumulative,
                   "cumulative_low": cf.cumulative_low, "cumulative_high": cf.cumulative_high, "growth": cf.growth,
                   "growth_low": cf.growth_low, "growth_high": cf.growth_high, "level": cf.next.level,
                   "model_label": cf.next.model_label, "note": cf.next.note, "fallback": cf.next.fallback,
                   "mape": cf.next.backtest.get(cf.next.model)}
            _cache_write(cache_dir, key, hit)
        if hit["year"] != period.year:  # after December the next period is next year's 1-2月
            continue
        out[code] = Outlook(code, d.name, d.unit, hit["span"], hit["cumulative"], hit["cumulative_low"],
                            hit["cumulative_high"], hit["growth"], hit["growth_low"], hit["growth_high"],
                            hit["level"], hit["model_label"], hit["note"], hit["fallback"], hit.get("mape"))
    return out


def _forecast_key(points, cum, prior, level) -> str:
    from kegong.core.stats import forecast as fc

    # the forecasting code itself is part of the key: a change to the models invalidates what is stored
    source = b"".join(p.read_bytes() for p in sorted(Path(fc.__file__).parent.glob("forecast*.py")))
    payload = json.dumps([CACHE_FORMAT, [(p.year, p.month, repr(float(p.value)), p.start) for p in points],
                          repr(cum), repr(prior), repr(level)])
    return hashlib.sha256(source + payload.encode()).hexdigest()[:32]


def _cache_read(cache_dir: Path | None, key: str) -> dict | None:
    if cache_dir is None:
        return None
    try:
        return json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _cache_write(cache_dir: Path | None, key: str, value: dict) -> None:
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(value), encoding="utf-8")
        tmp.replace(cache_dir / f"{key}.json")
    except OSError:
        pass  # a cache that cannot be written is only slower


def _targets(period: Period, panel: Panel, county) -> list[TargetLine]:
    try:
        from kegong.targets.services import progress_report
    except ImportError:  # the targets app is optional for reports
        return []
    report = progress_report(period.year, period, panel=panel, county=county)
    return [TargetLine(code=p.target.code, name=p.target.name, kind=str(p.target.kind), target=p.target.value,
                       unit=p.target.unit, actual=p.actual, completion=p.completion,
                       time_progress=p.time_progress, gap_points=p.gap_points,
                       status_label=p.status.label if p.status else None, message=p.message,
                       required_rest_growth=p.required_rest_growth, as_of=p.as_of)
            for p in report.progress]


def _record_counts(period: Period, panel: Panel) -> dict[str, Decimal]:
    """The counts of ledger records at the period's end, for the county (``facts.high_tech_enterprises``: the
    enterprises holding a 高新技术企业 certificate valid on the period's last day) — each the value of its
    measure, so the document says what the dashboard and the ledger's pages show. A count whose ledger holds
    no record at all is left out, like a fact not entered."""
    from kegong.measures.registry import MeasureData, measure
    from kegong.measures.sharing import sharing

    out = {}
    data = MeasureData(panel)
    with sharing():  # the counts of one ledger read its records once
        for code in (*RECORD_COUNTS, *difficulties.CODES):
            v = measure(code).compute(period, Scope.county(), data)
            if v.level is not None:
                out[code] = Decimal(str(v.level))
    return out


def _stat_firms(period: Period) -> list[str]:
    """The credit codes of the firms on the latest 纳入高新技术产业增加值统计 list by the period's end (the
    records its measure counts, through the registry)."""
    from kegong.measures.registry import measure

    try:
        records = measure("hightech_stat_enterprises").records(period, Scope.county()) or []
    except KeyError:  # the tech app is not installed
        return []
    return sorted({r.enterprise.uscc for r in records if getattr(r, "enterprise", None) is not None})


def add_outlooks(data: ReportData, panel: Panel, codes: Sequence[str], level: float,
                 cache_dir: Path | None = None) -> None:
    """The model forecasts the template prints and the 预计 figures made from them (``outlooks``)."""
    from kegong.reports import outlooks as ol

    data.outlooks = _outlooks(panel, data.period, codes, level, cache_dir)
    output = data.outlooks.get("gross_output")
    gross = data.county.get("gross_output")
    data.value_added_outlook = ol.value_added_outlook(data.value_added_pct, gross.yoy_pct if gross else None,
                                                      output)
    covers = data.covers or data.period
    data.high_tech_outlook = ol.high_tech_outlook(
        panel, data.period, covers, data.county_figures.get("high_tech_value_added"), _stat_firms(data.period),
        published_growth=getattr(data.county_figures.get("high_tech_value_added"), "reported_yoy_pct", None),
        output=output, output_now=(gross.cumulative, gross.yoy_pct) if gross else (None, None))


def _estimates(panel: Panel, period: Period) -> list:
    """用电折算产值 for the month right after ``period`` when its electricity is in and its statistics are not
    (kegong.core.stats.early_estimate; the dashboard's card says the same)."""
    from kegong.core.stats.early_estimate import estimate_scopes, pending_month

    after = period.next_cumulative()
    if after.year != period.year or pending_month(panel, period.year) != after.end:
        return []
    return estimate_scopes(panel, after.year, after.end)


def _new_enterprises(year: int) -> int:
    from kegong.enterprises.models import ScaleStatus

    return ScaleStatus.objects.filter(year=year, above_scale=True, entered_year=year).count()


def work_calendar():
    """The national holiday calendar (None when it cannot be loaded: Monday to Friday then)."""
    from kegong.core.errors import KegongError
    from kegong.core.workdays import china_calendar

    try:
        return china_calendar()
    except KegongError:
        return None


def default_cache_dir() -> Path:
    from kegong import conf

    return conf.data_dir() / "cache" / "forecasts"


def gather(period: Period, *, forecast_codes: Sequence[str] = FORECAST_LIST, issued: dt.date | None = None,
           forecast_level: float = 0.8, panel: Panel | None = None,
           cache_dir: Path | None = None, covers: Period | None = None) -> ReportData:
    """Everything the report for ``period`` (a cumulative period) needs, from the database.

    Only the forecasts in ``forecast_codes`` are made (the writer asks for those its template uses)."""
    from kegong.core.stats.indicators import check_period, county_checks, default_scopes, indicator_table
    from kegong.county.selectors import facts_for, load_county_figures
    from kegong.enterprises.services import county as county_unit
    from kegong.figures.selectors import load_panel
    from kegong.reports.selectors import texts_for

    period.require_cumulative()
    if panel is None:
        stored = load_panel()  # the store's snapshot: every year, one consistent version
        if not stored.has_year(period.year) or stored.last_month(period.year) is None:
            raise SourceError(f"没有 {period.year} 年的月度数据，无法生成 {period.label()} 的报告")
        panel = load_panel(years=range(stored.first_year, period.year + 1))
    try:
        check_period(panel, period)
    except StatsError as e:
        raise SourceError(str(e)) from None
    scopes = default_scopes(panel)
    rows = indicator_table(panel, period, scopes, INDICATORS)
    by_scope = _measures(rows)
    members = {r.scope: r.members for r in rows}
    county_figs = load_county_figures([period.year - 1, period.year])
    va, _ratios = county_checks(panel, period, county_figs)
    va_pct, va_source = (va.official_pct, "official") if va.official_pct is not None else (va.estimate_pct, "estimate")
    texts = {k: Text(v.kind, v.text, v.source, v.from_period) for k, v in texts_for(period.year, period.end).items()}
    covers = covers if covers is not None and covers != period else None
    data = ReportData(
        county_name=county_unit().name, period=period, issued=issued or dated(covers or period, work_calendar()),
        enterprises=members.get("all"), new_enterprises=_new_enterprises(period.year),
        county=by_scope.get("all", {}), sections=_parts(panel, "industry", by_scope, members),
        towns=_parts(panel, "town", by_scope, members), trend=_trend(panel, period),
        value_added_pct=va_pct, value_added_source=va_source if va_pct is not None else "",
        county_figures=_county_figures(county_figs, period),
        targets=_targets(period, panel, county_figs),
        facts={**facts_for(period.year, period.end), **_record_counts(period, panel)}, texts=texts,
        covers=covers, new_enterprises_ready=ready_to_enter(panel, period),
        analysis=gather_analysis(panel, period, figures=county_figs, top=3), estimates=_estimates(panel, period),
    )
    add_outlooks(data, panel, forecast_codes, forecast_level, cache_dir)
    return data
