"""The database side of audit and targets (kegong.targets): loaders, confirmations, target progress."""

from decimal import Decimal

import pytest

from kegong.audit import selectors, services
from kegong.audit.models import AuditConfirmation
from kegong.core.codes.uscc import make_uscc
from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.core.records import EnterpriseRecord, FigureRecord, RecordSet, ScaleRecord
from kegong.core.stats.targets import Status
from kegong.imports.writer import write_records
from kegong.targets import services as target_services

A = make_uscc("91431099MA000001")
B = make_uscc("91431099MA000002")


def figures(uscc: str, code: str, months: dict[int, float], prior: dict[int, float]) -> list[FigureRecord]:
    out, cum, pcum = [], Decimal(0), Decimal(0)
    for m, v in sorted(months.items()):
        cum += Decimal(str(v))
        pcum += Decimal(str(prior[m]))
        out.append(FigureRecord(uscc, code, 2026, m, 1 if m == 2 else m, Decimal(str(v)), cum,
                                Decimal(str(prior[m])), pcum))
    return out


@pytest.fixture
def world(db):
    rs = RecordSet(source="demo", period_key="2026-05")
    rs.enterprises = [EnterpriseRecord(A, "青溪甲机械有限公司", "3411", "城关镇"),
                      EnterpriseRecord(B, "青溪乙建材有限公司", "3021", "白沙镇")]
    rs.scale = [ScaleRecord(A, 2026, True, 2026), ScaleRecord(B, 2026, True, 2015)]
    prior = {2: 180.0, 3: 90.0, 4: 90.0, 5: 90.0}
    rs.figures = figures(A, "gross_output", {2: 200.0, 3: 100.0, 4: 1000.0, 5: 100.0}, prior)  # ×10 in April
    rs.figures += figures(A, "revenue", {2: 800.0, 3: 400.0, 4: 400.0, 5: 400.0}, prior)
    b = figures(B, "gross_output", {2: 200.0, 3: 100.0, 4: 100.0, 5: 100.0}, prior)
    rs.figures += [f for f in b if f.month != 4]  # April not reported; May's cumulative still has it
    rs.figures += figures(B, "revenue", {2: 800.0, 3: 400.0, 4: 400.0, 5: 400.0}, prior)
    write_records(rs, file_name="test", file_hash="t" * 64)


def test_audit_inputs_read_the_form_as_stored(world):
    ents = {e.uscc: e for e in selectors.audit_inputs(2026)}
    a = ents[A]
    assert a.above_scale and a.name == "青溪甲机械有限公司"
    jf = a.row("gross_output", 2)
    assert (jf.start_month, jf.value, jf.cumulative, jf.prior_cumulative) == (1, 200.0, 200.0, 180.0)
    assert sorted(ents[B].figures["gross_output"]) == [2, 3, 5]


def test_run_audit_finds_the_typo_and_the_gap(world):
    april = services.run_audit(2026, [4])
    spike = [f for f in april if f.rule == "S02"]
    assert [(f.uscc, f.indicator) for f in spike] == [(A, "gross_output")]
    gap = [f for f in services.run_audit(2026, [5]) if f.rule == "H03"]
    assert [(f.uscc, f.figures["missing_months"], f.figures["implied_missing"]) for f in gap] == [(B, [4], 100.0)]


def test_confirming_a_soft_finding_and_refusing_a_hard_one(world):
    f, replaced = services.confirm_finding(Period.cumulative(2026, 4), A, "s02", "订单集中交付，属实", user="审核员")
    assert not replaced and f.rule == "S02"
    c = AuditConfirmation.objects.get()
    assert (c.enterprise.uscc, c.indicator.code, c.year, c.month, c.rule, c.confirmed_by) == (
        A, "gross_output", 2026, 4, "S02", "审核员")
    spike = [x for x in services.run_audit(2026, [4]) if x.rule == "S02"][0]
    assert spike.confirmed and spike.note == "订单集中交付，属实"
    _, replaced = services.confirm_finding(Period.cumulative(2026, 4), A, "S02", "复核属实")
    assert replaced and AuditConfirmation.objects.count() == 1
    with pytest.raises(InputError, match="不能确认"):
        services.confirm_finding(Period.cumulative(2026, 5), B, "H03", "x")
    with pytest.raises(InputError, match="无需确认"):
        services.confirm_finding(Period.cumulative(2026, 5), A, "S02", "x")
    with pytest.raises(InputError, match="不能为空"):
        services.confirm_finding(Period.cumulative(2026, 4), A, "S02", "  ")


def test_targets_defaults_and_progress(world):
    t, created = target_services.set_target(2026, "new_above_scale", "2")
    assert created and (t.kind, t.unit, t.name) == ("count", "家", "新增规上工业企业")  # the catalogue's name
    t, _ = target_services.set_target(2026, "gross_output", 10)
    assert (t.kind, t.unit, t.name) == ("growth", "%", "规上工业总产值增长")
    _, created = target_services.set_target(2026, "gross_output", 12)
    assert not created
    report = target_services.progress_report(2026, Period.cumulative(2026, 5))
    got = {p.target.code: p for p in report.progress}
    # one enterprise entered the scope in 2026: 1 of 2 = 50% against 5/12 elapsed → +8.3 points → ahead
    assert got["new_above_scale"].actual == 1 and got["new_above_scale"].status is Status.AHEAD
    # gross output 1-5月: A 1400 + B 500 (B's cumulative carries April) over 2 × 450 prior → +111.1%
    assert got["gross_output"].actual == pytest.approx(100 * (1900 / 900 - 1))
    assert report.sources == {"new_above_scale:count": "count", "gross_output:growth": "figures"}
    assert target_services.remove_target(2026, "gross_output") == 1
    with pytest.raises(InputError):
        target_services.remove_target(2026, "gross_output")
