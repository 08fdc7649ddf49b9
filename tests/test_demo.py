"""The demo county generator: deterministic, realistic, and written through the import service."""

from collections import Counter, defaultdict

import pytest

from kegong.core.codes.industry import classify
from kegong.core.codes.uscc import is_valid_uscc
from kegong.demo.generator import DemoSpec, generate_county

LAST = (2026, 10)


@pytest.fixture(scope="module")
def county():
    return generate_county(DemoSpec(seed=2026, last=LAST))


def test_same_seed_same_county_other_seed_other_county(county):
    again = generate_county(DemoSpec(seed=2026, last=LAST))
    assert again.records.figures == county.records.figures
    assert again.records.enterprises == county.records.enterprises
    assert again.county_figures == county.county_figures
    other = generate_county(DemoSpec(seed=7, last=LAST))
    assert other.records.figures != county.records.figures


def test_counts_towns_parks_and_sections(county):
    latest = [e for e in county.enterprises if e.scope_years[2026]]
    assert 140 <= len(latest) <= 160
    assert len({e.record.town for e in county.enterprises}) >= 10
    assert {e.record.park for e in county.enterprises if e.record.park} == {"青溪经济开发区", "家居智造产业园"}
    sections = Counter(classify(e.record.industry_code).section for e in latest)
    assert set(sections) == {"B", "C", "D"} and sections["C"] > sections["B"] + sections["D"]
    codes = {e.record.industry_code for e in latest}
    assert {"3031", "4415", "4416"} <= codes  # wall bricks, wind, solar
    assert all(is_valid_uscc(e.record.uscc) for e in county.enterprises)
    assert len({e.record.name for e in county.enterprises}) == len(county.enterprises)


def test_three_years_up_to_the_last_month_with_jan_feb_combined(county):
    figs = [f for f in county.records.figures if f.indicator == "gross_output"]
    assert {f.year for f in figs} == {2024, 2025, 2026}
    assert max((f.year, f.month) for f in figs) == LAST
    assert not any(f.month == 1 for f in figs)
    assert all(f.start_month == 1 for f in figs if f.month == 2)
    assert all(f.start_month == f.month for f in figs if f.month > 2)
    assert {f.indicator for f in county.records.figures} >= {
        "gross_output", "tax", "electricity", "industrial_investment", "renovation_investment"}


def test_cumulative_is_the_sum_of_months_except_where_planted(county):
    planted = {(p.uscc, p.indicator, p.year) for p in county.planted}
    runs = defaultdict(list)
    for f in county.records.figures:
        runs[(f.uscc, f.indicator, f.year)].append(f)
    for key, rows in runs.items():
        if key in planted:
            continue
        total = 0
        for f in sorted(rows, key=lambda f: f.month):
            total += f.value
            assert f.cumulative == total


def test_seasonality_and_the_spring_festival_dip(county):
    month_total = defaultdict(float)
    for f in county.records.figures:
        if f.indicator == "gross_output" and f.year == 2025:
            month_total[f.month] += float(f.value)
    jan_feb_avg = month_total[2] / 2
    assert jan_feb_avg < 0.85 * (sum(month_total[m] for m in range(3, 13)) / 10)
    assert month_total[12] > month_total[3]  # year-end push


def test_scope_changes_each_year_and_one_new_plant_without_prior_year(county):
    scope = {y: {e.record.uscc for e in county.enterprises if e.scope_years[y]} for y in county.years}
    for a, b in ((2024, 2025), (2025, 2026)):
        assert scope[b] - scope[a], f"nobody entered in {b}"
        assert scope[a] - scope[b], f"nobody left in {b}"
    newcomers = [e for e in county.enterprises if e.commissioned_year == 2026]
    assert len(newcomers) == 1
    rows = [f for f in county.records.figures if f.uscc == newcomers[0].record.uscc]
    assert rows and all(f.prior_year_cumulative is None for f in rows)
    left = scope[2025] - scope[2026]
    assert not any(f.uscc in left and f.year == 2026 for f in county.records.figures)


def test_planted_anomalies(county):
    kinds = {p.kind: p for p in county.planted}
    typo, gap = kinds["typo_x10"], kinds["missing_month"]
    rows = {(f.uscc, f.indicator, f.year, f.month): f for f in county.records.figures}
    t = rows[(typo.uscc, "gross_output", typo.year, typo.month)]
    neighbours = [rows[(typo.uscc, "gross_output", typo.year, m)].value for m in (typo.month - 1, typo.month + 1)]
    assert t.value > 5 * max(neighbours)
    assert (gap.uscc, "gross_output", gap.year, gap.month) not in rows
    after = rows[(gap.uscc, "gross_output", gap.year, gap.month + 1)]
    before = rows[(gap.uscc, "gross_output", gap.year, gap.month - 1)]
    assert after.cumulative > before.cumulative + after.value  # the missing month is inside the cumulative


@pytest.mark.django_db
def test_load_writes_through_the_import_service_and_is_idempotent():
    from kegong.county.models import CountyFigure
    from kegong.demo.load import load_demo
    from kegong.enterprises.models import Enterprise, ScaleStatus
    from kegong.figures.models import MonthlyFigure
    from kegong.imports.models import ImportBatch

    small = generate_county(DemoSpec(seed=11, n_enterprises=40, last=(2026, 7)))
    result = load_demo(small)
    assert result.write.enterprises_created == len(small.enterprises)
    assert MonthlyFigure.objects.count() == len(small.records.figures)
    assert ScaleStatus.objects.filter(year=2026, above_scale=True).count() == sum(
        e.scope_years[2026] for e in small.enterprises)
    assert ImportBatch.objects.get().source == "demo"
    assert CountyFigure.objects.filter(code="value_added_growth", year=2026, month=6).exists()
    from kegong.county.models import CountyFigure
    from kegong.targets.models import Target

    assert {t.code for t in Target.objects.filter(year=2026)} >= {"value_added_growth", "new_above_scale",
                                                                  "rd_gdp_share", "high_tech_gdp_share"}
    assert CountyFigure.objects.filter(year=2026, month=6).count() > 20
    again = load_demo(small)
    assert again.write.already_imported
    assert MonthlyFigure.objects.count() == len(small.records.figures)
    assert Enterprise.objects.count() == len(small.enterprises)
