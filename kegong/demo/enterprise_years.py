"""The demo county's 企业年度科技情况: what its above-scale manufacturers declare of the last three complete years
(2023–2025 for a demo through 2026-11) — every 高新技术企业 certificate holder, and a share of the others.

Deterministic from the demo's seed, on a random stream of its own (the rest of the demo is unchanged by it).
Where the years overlap the monthly figures the declarations agree with them: 销售收入 is the year's 营业收入
(1-12月累计, or the next year's 上年同期累计; 工业销售产值 where there is no 营业收入) less up to 1.5 %, 研发费用
the year's 研发投入 give or take 5 % — most holders declare more, on the 高企 caliber, reaching the band of
the R&D ratio (:data:`KEEPS_BAND`); a year outside the figures (a firm below the scope then) is the first
known year's, shrunk by the growth it had. Holders spend 3–6 % of sales on R&D with 10–30 % tech staff and
most of their income from 高新技术产品; the others less. Some of the others leave a figure blank (not known):
a few leave 销售收入 blank, which the self-check then takes from the monthly figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from kegong.core.codes.industry import classify
from kegong.core.rules.high_tech import rd_band
from kegong.demo.generator import DemoCounty
from kegong.demo.ledgers import high_tech_certificates

OTHERS_SHARE = 0.4  # of the above-scale manufacturers holding no certificate
KEEPS_BAND = 0.85  # the holders whose declared R&D reaches the band of the 高企 R&D ratio
NOTE = "演示数据"
CENT = Decimal("0.01")
FIELDS = ("staff", "tech_staff", "sales", "total_income", "total_assets", "total_cost", "rd", "domestic_rd",
          "high_tech_income", "core_ip_count", "ip_class1", "ip_class2", "national_award",
          "provincial_rd_institution", "led_standard")


@dataclass(frozen=True)
class DemoYear:
    uscc: str
    year: int
    values: tuple  # in the order of FIELDS; None: left blank


def declared_years(demo: DemoCounty) -> tuple[int, ...]:
    last_y, last_m = demo.last
    end = last_y if last_m == 12 else last_y - 1
    return (end - 2, end - 1, end)


def _firms(demo: DemoCounty, rng) -> list[tuple[str, bool]]:
    """(uscc, holds a certificate) of the firms that declare: the manufacturers above scale in the last
    declared year or now — holders all, the others by chance."""
    holders = {c.uscc for c in high_tech_certificates(demo)}
    end = declared_years(demo)[-1]
    out = []
    for e in demo.enterprises:
        code = e.record.uscc
        manufacturer = classify(e.record.industry_code).section == "C"
        above = e.scope_years.get(end, False) or e.scope_years.get(demo.last[0], False)
        draw = rng.random()  # one draw per firm whatever it is, so the stream does not shift
        if code in holders or (manufacturer and above and draw < OTHERS_SHARE):
            out.append((code, code in holders))
    return out


def _series(uscc: str, code: str, years, totals) -> list[float | None]:
    return [float(totals[(uscc, code, y)]) if (uscc, code, y) in totals else None for y in years]


def _fill_back(values: list[float | None], growth: float) -> list[float] | None:
    """Years missing before (or after) the first known one, from it at ``growth`` a year; None if none known."""
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return None
    out = list(values)
    for i in range(len(out)):
        if out[i] is None:
            j = min(known, key=lambda k: abs(k - i))
            out[i] = float(values[j]) * (1 + growth) ** (i - j)
    return out


def _money(x: float) -> Decimal:
    return Decimal(f"{max(x, 0.0):.2f}")


def _firm_years(uscc: str, holder: bool, years, totals, r: np.ndarray) -> list[DemoYear]:
    """One firm's three years from its uniform draws ``r`` (shape (3, 16): a row per year)."""
    sales = _fill_back(_series(uscc, "revenue", years, totals), 0.25) or \
        _fill_back(_series(uscc, "sales_output", years, totals), 0.25) or [2000.0 * (1.1 ** i) for i in range(3)]
    rd_known = _series(uscc, "rd_spend", years, totals)
    intensity = 0.03 + 0.03 * r[0, 0] if holder else (0.005 + 0.02 * r[0, 0] if r[0, 1] < 0.5 else 0.0)
    per_head = 60 + 100 * r[0, 2]  # 万元 of sales a worker
    tech_share = (0.09 + 0.21 * r[0, 3]) if holder else (0.02 + 0.16 * r[0, 3])
    ht_share = (0.55 + 0.37 * r[0, 4]) if holder else ((0.1 + 0.6 * r[0, 4]) if r[0, 5] < 0.4 else 0.0)
    blank = not holder and r[0, 6] < 0.2  # leaves the income split and 境内研发费用 blank
    need = float(rd_band(Decimal(f"{sales[-1]:.2f}")).min_percent) / 100
    out = []
    for k, y in enumerate(years):
        u = r[k]
        s = sales[k]
        rd = rd_known[k] * (0.95 + 0.1 * u[7]) if rd_known[k] is not None else s * intensity * (0.9 + 0.2 * u[7])
        if holder and r[0, 7] < KEEPS_BAND:  # declared on the 高企 caliber: at least its band
            rd = max(rd, s * need * (1.02 + 0.25 * u[7]))
        staff = int(np.clip(round(s / per_head), 20, 3000))
        income = s * (1 + 0.04 * u[8])
        sales_d, rd_d, income_d = _money(s * (0.985 + 0.015 * u[9])), _money(rd), _money(income)
        values = (
            staff, min(staff, int(round(staff * tech_share * (0.95 + 0.1 * u[10])))),
            None if not holder and u[11] < 0.1 else sales_d, None if blank else income_d,
            _money(s * (0.6 + u[12])), _money(s * (0.88 + 0.1 * u[13])), rd_d,
            None if blank else min(rd_d, _money(rd * (1.0 if holder else 0.85 + 0.15 * u[14]))),
            None if blank else min(income_d, _money(income * ht_share)),
            int(3 + 17 * u[15]) if holder else int(5 * u[15]),
            (1 + int(5 * r[1, 15])) if holder and r[2, 15] < 0.9 else (1 if r[1, 14] < 0.2 else 0),
            int(12 * r[2, 14]) if holder else int(6 * r[2, 14]),
            *_flags(holder, r),
        )
        out.append(DemoYear(uscc, y, values))
    return out


def _flags(holder: bool, r: np.ndarray) -> tuple[bool | None, bool | None, bool | None]:
    """国家级科技奖励, 省部级以上研发机构, 主导制定标准: a holder says; three in ten of the others leave them blank."""
    if not holder and r[2, 12] < 0.3:
        return None, None, None
    return (bool(r[2, 13] < (0.03 if holder else 0.005)), bool(r[1, 13] < (0.3 if holder else 0.05)),
            bool(r[1, 12] < (0.1 if holder else 0.02)))


def enterprise_years(demo: DemoCounty, totals: dict[tuple[str, str, int], Decimal]) -> list[DemoYear]:
    """The demo's yearly declarations; ``totals`` maps (uscc, indicator, year) to the year's total in the monthly
    figures (:func:`monthly_totals`)."""
    rng = np.random.default_rng([demo.spec.seed, 4302])
    firms = _firms(demo, rng)
    years = declared_years(demo)
    draws = rng.random((len(firms), len(years), 16))
    out: list[DemoYear] = []
    for (uscc, holder), r in zip(firms, draws, strict=True):
        out.extend(_firm_years(uscc, holder, years, totals, r))
    return out


def monthly_totals(years: tuple[int, ...]) -> dict[tuple[str, str, int], Decimal]:
    """Each enterprise's whole-year 营业收入, 工业销售产值 and 研发投入 of ``years`` as stored: the 1-12月
    cumulative, or else the next year's December 上年同期累计."""
    from kegong.figures.models import MonthlyFigure

    out: dict[tuple[str, str, int], Decimal] = {}
    rows = (MonthlyFigure.objects.filter(indicator__code__in=("revenue", "sales_output", "rd_spend"), month=12,
                                         year__in={*years, *(y + 1 for y in years)})
            .values_list("enterprise__uscc", "indicator__code", "year", "cumulative", "prior_year_cumulative"))
    for uscc, code, year, cum, prior in rows.iterator(chunk_size=5000):
        if year in years and cum is not None:
            out[(uscc, code, year)] = cum
        if year - 1 in years and prior is not None:
            out.setdefault((uscc, code, year - 1), prior)
    return out


def load_enterprise_years(demo: DemoCounty) -> int:
    """Write the demo's declarations (matched on enterprise and year, so a second run changes nothing); how
    many were created."""
    from kegong.enterprises.models import Enterprise, EnterpriseYear

    years = declared_years(demo)
    rows = enterprise_years(demo, monthly_totals(years))
    firms = dict(Enterprise.objects.values_list("uscc", "pk"))
    existing = set(EnterpriseYear.objects.filter(year__in=years).values_list("enterprise_id", "year"))
    new = [EnterpriseYear(enterprise_id=firms[r.uscc], year=r.year, note=NOTE, **dict(zip(FIELDS, r.values, strict=True)))
           for r in rows if (firms[r.uscc], r.year) not in existing]
    EnterpriseYear.objects.bulk_create(new, batch_size=1000)
    return len(new)
