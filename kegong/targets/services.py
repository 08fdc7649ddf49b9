"""Writing targets and their achieved county figures; reading progress.

The statistics live in ``kegong.core.stats`` (targets, audit, alerts); this module wires them to the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kegong.core.catalogue import BY_CODE, RECORD_COUNTS
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.stats.targets import (
    PRESETS,
    Progress,
    TargetKind,
    TargetSpec,
    achieved,
    progress_of,
    target_name,
)
from kegong.county.services import county_figure_set
from kegong.targets import selectors
from kegong.targets.models import Target


class TargetsError(InputError):
    """A request that cannot be carried out; the message is one Chinese line."""


# --- targets -------------------------------------------------------------------------------------------
def _decimal(value: str | float) -> Decimal:
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise TargetsError(f"目标值“{value}”不是数字") from None
    if not d.is_finite():
        raise TargetsError(f"目标值“{value}”不是有效数字")
    return d


def town_unit(town: str | None):
    """The OrgUnit of a town by name (None for the county's own target)."""
    from kegong.enterprises.models import OrgUnit

    if town is None or not str(town).strip():
        return None
    unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, name=str(town).strip()).first()
    if unit is None:
        raise TargetsError(f"没有名为“{str(town).strip()}”的乡镇（街道）")
    return unit


def set_target(year: int, code: str, value: str | float, *, kind: str | None = None, unit: str | None = None,
               name: str | None = None, note: str = "", town: str | None = None) -> tuple[Target, bool]:
    """Create or update a target — the county's, or with ``town`` (a town's name) that town's own; kind, unit
    and name default from the presets or the catalogue."""
    amount = _decimal(value)
    place = town_unit(town)
    preset = PRESETS.get(code)
    ind = BY_CODE.get(code)
    kind = kind or (preset.kind.value if preset else None)
    if kind is None:
        raise TargetsError(f"“{code}”没有默认的目标类型，请用 --kind 指定 growth（增速）、level（总量）或 count（数量）")
    if kind not in TargetKind.__members__.values():
        raise TargetsError(f"目标类型“{kind}”无效（可用：growth、level、count）")
    kind_e = TargetKind(kind)
    if unit is None:
        if kind_e.is_rate:
            unit = "%"
        elif preset and preset.kind is kind_e:
            unit = preset.unit
        elif kind_e is TargetKind.COUNT:
            unit = "家"
        elif ind:
            unit = ind.unit
        else:
            raise TargetsError(f"请用 --unit 指定“{code}”目标的单位")
    if name is None:
        name = target_name(code, kind_e)  # from the catalogue
        if name == code:
            raise TargetsError(f"请用 --name 指定“{code}”目标的名称")
    obj, created = Target.all_scopes.update_or_create(
        year=year, code=code, kind=kind_e.value, town=place,
        defaults={"value": amount, "unit": unit, "name": name, "note": note})
    return obj, created


def remove_target(year: int, code: str, kind: str | None = None, *, town: str | None = None) -> int:
    """Delete the county's targets of ``year`` on ``code`` (of one ``kind``), or with ``town`` that town's."""
    place = town_unit(town)
    qs = Target.all_scopes.filter(year=year, code=code, town=place)
    if kind:
        qs = qs.filter(kind=kind)
    n = qs.count()
    if n == 0:
        raise TargetsError(f"{year}年{place.name if place else ''}没有代码为“{code}”的目标")
    qs.delete()
    return n


def record_actual(period: Period, code: str, value: str | float, unit: str = "") -> bool:
    """Store an achieved county-level figure (e.g. the number of 国家高新技术企业 recognised so far) as a
    county figure of the period's last month; returns whether one was replaced. A count of ledger records
    (成功申报国家高新技术企业数) is counted from its ledger, not entered."""
    if code in RECORD_COUNTS:
        raise TargetsError(f"“{RECORD_COUNTS[code].name}”由台账记录计数，不能手工录入完成数（请在台账中登记记录）")
    _, replaced = county_figure_set(code=code, year=period.year, month=period.end, value=_decimal(value),
                                    unit=unit, note="kegong targets actual 录入", known_only=False)
    return replaced


@dataclass(frozen=True)
class TargetReport:
    period: Period
    progress: list[Progress]
    sources: dict[str, str]  # target code:kind → where its actual came from


def gdp_share_figures(panel, county, period: Period) -> dict[tuple[str, int, int], tuple[float, str]]:
    """The ratios to GDP (研发投入/GDP, 高新技术产业增加值/GDP) for every month up to ``period`` that has a
    GDP figure (GDP is published quarterly), keyed like county figures so share targets can find them."""
    from kegong.core.stats.indicators import county_checks

    out: dict[tuple[str, int, int], tuple[float, str]] = {}
    for m in range(1, period.end + 1):
        if ("gdp", period.year, m) not in county:
            continue
        _va, ratios = county_checks(panel, Period.cumulative(period.year, m), county)
        for code, v in (("rd_gdp_share", ratios.rd_gdp_pct), ("high_tech_gdp_share", ratios.high_tech_gdp_pct)):
            if v is not None:
                out[(code, period.year, m)] = (v, "%")
    return out


def progress_report(year: int, period: Period, panel=None, county=None) -> TargetReport:
    """Progress of every target of ``year`` at the end of ``period``."""
    from kegong.core.stats.targets import totals_from_panel
    from kegong.county.selectors import load_county_figures
    from kegong.figures.selectors import load_panel

    specs: list[TargetSpec] = selectors.target_specs(year)
    if panel is None:
        panel = load_panel(years=[year - 1, year])
    if county is None:
        county = load_county_figures([year])
    totals = totals_from_panel(panel, year, selectors.indicator_units())
    county = {**county, **gdp_share_figures(panel, county, period)}
    recorded = selectors.record_counts(period, {s.code for s in specs})  # counted from the 台账, never typed
    county = {k: v for k, v in county.items() if k[0] not in recorded}
    counts = {**selectors.counts(year), **recorded}
    out, sources = [], {}
    for s in specs:
        got = achieved(s, period, county=county, counts=counts, totals=totals)
        out.append(progress_of(s, period, got))
        sources[f"{s.code}:{s.kind}"] = got.source
    return TargetReport(period, out, sources)


@dataclass(frozen=True)
class TargetsOverview:
    year: int
    period: Period
    progress: list[Progress]
    alerts: list


def targets_overview(year: int, period: Period | None = None, drop_points: float = 5.0) -> TargetsOverview:
    """Every target of ``year`` at ``period`` (default: the year's latest month with figures), and the
    alerts (targets behind time, growth falling) — what ``kegong targets`` and the dashboard show."""
    from kegong.core.catalogue import INDICATORS
    from kegong.core.stats.alerts import alerts
    from kegong.core.stats.indicators import indicator_table
    from kegong.core.stats.panel import Scope
    from kegong.county.selectors import load_county_figures
    from kegong.figures.selectors import load_panel

    panel = load_panel(years=[year - 1, year])
    if period is None:
        period = Period.cumulative(year, panel.last_month(year) or 12)
    if period.year != year:
        raise InputError(f"评估期 {period.label()} 不在 {year} 年内")
    report = progress_report(year, period, panel=panel, county=load_county_figures([year]))
    rows = indicator_table(panel, period, [Scope.county()], INDICATORS) if panel.has_data(year, period.end) else []
    return TargetsOverview(year, period, report.progress, alerts(rows, period, report.progress,
                                                                 drop_points=drop_points))
