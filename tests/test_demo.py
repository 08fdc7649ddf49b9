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
    # below the scope a firm is on the tax bureau's and the power company's lists only
    assert {f.indicator for f in county.records.figures if f.uscc in left and f.year == 2026} == {"tax", "electricity"}


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
    from kegong.core.catalogue import FACTS

    # the typed facts and the published figures (issue 13: fewer facts typed)
    assert CountyFigure.objects.filter(year=2026, month=6).count() > len(FACTS)
    from kegong.tech.models import HighTechCertificate

    certificates = list(HighTechCertificate.objects.values())
    assert certificates
    again = load_demo(small)
    assert again.write.already_imported
    assert MonthlyFigure.objects.count() == len(small.records.figures)
    assert Enterprise.objects.count() == len(small.enterprises)
    assert list(HighTechCertificate.objects.values()) == certificates  # not one certificate touched again


# --- 台账: 高新技术企业证书 ---------------------------------------------------------------------------------
def _valid_firms(certificates, day) -> set[str]:
    from kegong.tech.models import valid_until

    return {c.uscc for c in certificates if c.issued <= day <= valid_until(c.issued)}


def test_high_tech_certificates_for_a_fifth_to_a_quarter_of_the_manufacturers():
    import datetime as dt
    import re

    from kegong.demo.ledgers import high_tech_certificates

    county = generate_county(DemoSpec(seed=2026, last=(2026, 6)))
    certs = high_tech_certificates(county)
    assert certs == high_tech_certificates(generate_county(DemoSpec(seed=2026, last=(2026, 6))))  # the seed's
    makers = {e.record.uscc for e in county.enterprises
              if e.scope_years[2026] and classify(e.record.industry_code).section == "C"}
    valid = _valid_firms(certs, dt.date(2026, 6, 30))
    assert 25 <= len(valid) <= 40 and valid <= makers
    assert 0.18 <= len(valid) / len(makers) <= 0.3
    assert {c.issued.year for c in certs} == {2022, 2023, 2024, 2025}  # the 2026 batches come in November
    assert all(c.issued.month in (11, 12) and c.issued <= dt.date(2026, 6, 30) for c in certs)
    assert all(re.fullmatch(rf"GR{c.issued.year}43\d{{6}}", c.number) for c in certs)
    assert len({c.number for c in certs}) == len(certs)
    assert {c.batch for c in certs} >= {"2025年第一批", "2025年第二批"}
    lapsed = {c.uscc for c in certs} - valid
    assert lapsed, "every holder re-certified: no lapsed certificate in the ledger"
    november = high_tech_certificates(generate_county(DemoSpec(seed=2026, last=(2026, 11))))
    assert {c.issued.year for c in november} == {2022, 2023, 2024, 2025, 2026} and november[:len(certs)] == certs


@pytest.mark.django_db
def test_the_demo_count_is_the_measure():
    import datetime as dt

    from kegong.core.periods import Period
    from kegong.core.stats.scopes import Scope
    from kegong.demo.ledgers import high_tech_certificates
    from kegong.demo.load import load_demo
    from kegong.measures.dashboard import measure_data
    from kegong.measures.registry import measure
    from kegong.tech.models import HighTechCertificate

    demo = generate_county(DemoSpec(seed=5, n_enterprises=60, last=(2026, 6)))
    load_demo(demo)
    certs = high_tech_certificates(demo)
    assert HighTechCertificate.objects.count() == len(certs)
    june = Period.cumulative(2026, 6)
    v = measure("high_tech_enterprises").compute(june, Scope.county(), measure_data(june))
    assert v.level == len(_valid_firms(certs, dt.date(2026, 6, 30))) > 0
    assert v.prior == len(_valid_firms(certs, dt.date(2025, 6, 30)))
    town = next(e.record.town for e in demo.enterprises if e.record.uscc == certs[-1].uscc)
    in_town = {e.record.uscc for e in demo.enterprises if e.record.town == town}
    assert measure("high_tech_enterprises").compute(june, Scope("town", town), measure_data(june)).level == len(
        _valid_firms(certs, dt.date(2026, 6, 30)) & in_town)


# --- a province-size demo (pure: no database) ------------------------------------------------------------
PROVINCE = DemoSpec(seed=2026, n_enterprises=20_000, last=(2026, 6))


def _digest(county) -> str:
    """sha256 of every record's repr: equal digests ⇔ byte-identical records."""
    import hashlib

    h = hashlib.sha256()
    for part in (county.records.enterprises, county.records.scale, county.county_figures, county.planted):
        h.update(repr(part).encode())
    figures = county.records.figures
    for i in range(0, len(figures), 100_000):
        h.update("\n".join(map(repr, figures[i:i + 100_000])).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def province():
    county = generate_county(PROVINCE)
    return county, _digest(county)


def test_province_has_unique_valid_credit_codes_and_names(province):
    from kegong.core.codes.uscc import validate_uscc

    county, _ = province
    k = round(20_000 / 30)  # entering and leaving each year scale with the size
    assert len(county.enterprises) == 20_000 + 2 * k
    assert sum(e.scope_years[2026] for e in county.enterprises) == 20_000
    codes = [e.record.uscc for e in county.enterprises]
    assert all(validate_uscc(c) == c for c in codes)  # GB 32100 check character and the org-code check digit
    assert len(set(codes)) == len(codes)
    assert len({c[8:16] for c in codes}) == len(codes)  # unique organisation codes too
    names = [e.record.name for e in county.enterprises]
    assert len(set(names)) == len(names)
    assert all(n.endswith("公司") for n in names)


def test_province_org_structure_grows_with_the_size(province):
    county, _ = province
    towns = {e.record.town for e in county.enterprises}
    parks = {e.record.park for e in county.enterprises if e.record.park}
    assert 100 <= len(towns) <= 200 and {"城关镇", "龙溪街道"} <= towns
    assert {"青溪经济开发区", "家居智造产业园"} < parks and len(parks) > 10
    from kegong.demo.names import org_structure

    hosts = dict(org_structure(20_000).extra_parks)
    assert all(e.record.town == hosts[e.record.park] for e in county.enterprises if e.record.park in hosts)


def test_province_figure_counts(province):
    county, _ = province
    figures = county.records.figures
    ends = {2024: 12, 2025: 12, 2026: 6}
    # every in-scope enterprise reports gross output for months 2..end of each of its years (one planted gap)
    expected_go = sum(ends[y] - 1 for e in county.enterprises for y in county.years if e.scope_years[y]) - 1
    counts = Counter(f.indicator for f in figures)
    assert counts["gross_output"] == expected_go
    for code in ("sales_output", "revenue", "profit"):
        assert counts[code] == expected_go + 1
    # a firm's years below the scope add its tax and electricity months (not a plant commissioned this year)
    below = sum(ends[y] - 1 for e in county.enterprises if e.commissioned_year is None
                for y in county.years if not e.scope_years[y])
    for code in ("electricity", "tax"):
        assert counts[code] == expected_go + 1 + below
    assert 6 * expected_go < len(figures) < 10 * (expected_go + 1) + 2 * below
    assert len(figures) == len({(f.uscc, f.indicator, f.year, f.month) for f in figures})
    assert {f.year for f in figures} == {2024, 2025, 2026} and max((f.year, f.month) for f in figures) == (2026, 6)


def test_province_is_deterministic(province):
    county, digest = province
    again = generate_county(PROVINCE)
    assert len(again.records.figures) == len(county.records.figures)
    assert _digest(again) == digest


def test_credit_codes_past_9999_use_a_wide_counter_space():
    from kegong.core.codes.uscc import make_uscc, validate_uscc
    from kegong.demo.names import credit_code_body

    bodies = [credit_code_body(i, 10 + i % 89) for i in range(9_990, 60_000)]
    assert all(len(b) == 16 for b in bodies) and len(set(bodies)) == len(bodies)
    assert all(b[10].isdigit() for b in bodies[:10]) and all(b[10].isalpha() for b in bodies[10:])
    assert all(validate_uscc(make_uscc(b)) for b in bodies[::97])


def test_names_never_loop_once_the_vocabulary_is_used_up(monkeypatch):
    import numpy as np

    from kegong.demo import catalog as C
    from kegong.demo import names as G

    monkeypatch.setattr(C, "NAME_WORDS", ("宏达",))
    monkeypatch.setattr(C, "WORD_HEADS", "宏")
    monkeypatch.setattr(C, "WORD_TAILS", "达兴")
    monkeypatch.setattr(C, "MORE_PRODUCTS", {})
    namer = G.Namer(G.org_structure(150))
    hydro = next(i for i in C.INDUSTRIES if i.key == "hydro")
    rng = np.random.default_rng(1)
    names = [namer.name(rng, hydro) for _ in range(3_000)]  # a vocabulary of a few hundred names
    assert len(set(names)) == len(names)
    assert "分公司" in names[-1] and any("第二分公司" in n for n in names)


@pytest.mark.django_db
def test_a_bigger_demo_loads_with_more_towns_and_scaled_targets():
    from kegong.demo.load import load_demo
    from kegong.enterprises.models import Enterprise, OrgUnit
    from kegong.figures.models import MonthlyFigure
    from kegong.targets.models import Target

    demo = generate_county(DemoSpec(seed=4, n_enterprises=450, last=(2026, 3)))
    result = load_demo(demo)
    assert result.write.enterprises_created == len(demo.enterprises) == Enterprise.objects.count()
    assert MonthlyFigure.objects.count() == len(demo.records.figures)
    towns = set(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).values_list("name", flat=True))
    assert len(towns) > 13 and {e.record.town for e in demo.enterprises} <= towns
    targets = {t.code: float(t.value) for t in Target.objects.filter(year=2026)}
    assert targets["new_above_scale"] == 36 and targets["industrial_investment"] == 60  # 3 counties' worth
    assert targets["value_added_growth"] == 8  # a rate stays a rate
