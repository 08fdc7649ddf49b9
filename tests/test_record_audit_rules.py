"""台账核对 rules (kegong.core.rules.record_audit, evaluated by kegong.core.stats.record_audit): parts adding up
to their whole, cumulative counts not falling (within the year, or below what they were before an edit),
shares in 0–100 %, 已开通 ≤ 已建成, and the record checks — each table-driven, pure."""

from __future__ import annotations

from datetime import date

import pytest

from kegong.core.rules.record_audit import (
    MEASURE_RULES,
    RECORD_RULES,
    RULES,
    RULES_BY_CODE,
    measure_codes,
    rules_touching,
)
from kegong.core.stats.audit import RULES as FIGURE_RULES
from kegong.core.stats.audit import Severity
from kegong.core.stats.record_audit import (
    RECORD_CHECKS,
    RecordRow,
    apply_notes,
    audit_measures,
    audit_records,
    summary,
)

W, S, C = "wall_enterprises", "wall_sintered_enterprises", "wall_concrete_enterprises"


def monthly(*values):
    return {m: v for m, v in enumerate(values, 1)}


def test_the_table_is_data_with_codes_apart_from_the_figure_rules():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)) and not set(codes) & {r.code for r in FIGURE_RULES}
    assert all(r.title and r.source for r in RULES)
    assert all(r.check in RECORD_CHECKS for r in RECORD_RULES)
    assert RULES_BY_CODE["R01"].parts == (S, C) and RULES_BY_CODE["R02"].severity is Severity.SOFT
    assert measure_codes()[:3] == (W, S, C)
    assert {r.code for r in rules_touching(["wall_sintered_output"])} == {"R02", "R31", "R32"}


@pytest.mark.parametrize("series, months, message", [
    ({W: monthly(3, 3, 4), S: monthly(2, 2, 3), C: monthly(1, 1, 1)}, None, None),  # 3 = 2 + 1 …
    ({W: monthly(3, 4, 4), S: monthly(2, 2, 3), C: monthly(1, 1, 1)}, (2,),
     "1-2月，正常生产墙材企业数 4家，而烧结墙材企业数 2家 + 混凝土墙材企业数 1家 = 3家"),
    ({W: monthly(3, 3), S: monthly(2, None), C: monthly(0, 0)}, (1,), "1月，正常生产墙材企业数 3家"),  # unknown: skipped
    ({W: monthly(None, None), S: monthly(1, 1), C: monthly(1, 1)}, None, None),
])
def test_parts_add_up_to_their_whole(series, months, message):
    found = [f for f in audit_measures(2026, series) if f.rule == "R01"]
    if months is None:
        assert found == []
        return
    (f,) = found
    assert f.months == months and f.severity is Severity.HARD and message in f.message
    assert f.names == ("正常生产墙材企业数", "烧结墙材企业数", "混凝土墙材企业数")


@pytest.mark.parametrize("values, before, months, message, correction", [
    (monthly(0.5, 1.2, 1.2, 1.52), None, None, None, False),
    (monthly(0.5, 1.2, 1.1, 1.52), None, (3,), "烧结墙材产量（折标砖）1-3月累计 1.10亿块，低于1-2月累计 1.20亿块", False),
    (monthly(0.5, None, 0.4), None, (3,), "低于1月累计 0.50亿块", False),  # an unknown month is stepped over
    (monthly(0.5, 1.2, 1.3), monthly(0.5, 1.4, 1.5), (2, 3), "1-2月 由 1.40亿块 降为 1.20亿块", True),
    (monthly(0.5, 1.2, 1.3), monthly(0.5, 1.2, 1.2), None, None, False),  # raised: no note needed
])
def test_a_cumulative_may_not_fall(values, before, months, message, correction):
    code = "wall_sintered_output"
    found = [f for f in audit_measures(2026, {code: values}, before=before and {code: before}) if f.rule == "R02"]
    if months is None:
        assert found == []
        return
    (f,) = found
    assert (f.months, f.month, f.correction, f.severity) == (months, months[0], correction, Severity.SOFT)
    assert message in f.message and f.key == ("R02", code, 2026, months[0])


@pytest.mark.parametrize("values, bad", [
    (monthly(0, 55.5, 100), None),
    (monthly(101.2), (1,)),
    (monthly(-0.01, 3), (1,)),
    (monthly(None, 140), (2,)),
])
def test_a_share_lies_between_0_and_100(values, bad):
    found = [f for f in audit_measures(2026, {"it_lan_share": values}) if f.rule == "R03"]
    assert (found[0].months if found else None) == bad
    if bad:
        assert "不在 0～100% 之间" in found[0].message


@pytest.mark.parametrize("opened, built, bad", [((3, 5), (4, 5), None), ((3, 6), (4, 5), (2,)), ((3, None), (4, 5), None)])
def test_opened_sites_never_outnumber_the_built(opened, built, bad):
    found = [f for f in audit_measures(2026, {"g5_open_sites": monthly(*opened), "g5_done_sites": monthly(*built)})
             if f.rule == "R04"]
    assert (found[0].months if found else None) == bad


SITE = {"status": "open", "status_label": "开通", "built": date(2026, 3, 1), "opened": date(2026, 4, 1)}


@pytest.mark.parametrize("ledger, fields, rules", [
    ("g5-sites", SITE, []),
    ("g5-sites", {**SITE, "opened": date(2026, 2, 1)}, ["R11"]),
    ("g5-sites", {**SITE, "built": date(2025, 3, 1), "opened": date(2025, 2, 1)}, []),  # another year's site
    ("g5-sites", {**SITE, "built": None}, ["R12"]),
    ("g5-sites", {**SITE, "opened": None}, ["R12"]),
    ("g5-sites", {**SITE, "status": "built", "status_label": "建成"}, ["R13"]),
    ("projects", {"total": 5000.0, "done": 4999.5}, []),
    ("projects", {"total": 5000.0, "done": 5200.0}, ["R21"]),
    ("wall-outputs", {"output": 120.0, "month": 3, "producer_status": "normal"}, []),
    ("wall-outputs", {"output": -1.0, "month": 3, "producer_status": "normal"}, ["R31"]),
    ("wall-outputs", {"output": 80.0, "month": 3, "producer_status": "closed", "producer_status_label": "关停"},
     ["R32"]),
    ("wall-outputs", {"output": 0.0, "month": 3, "producer_status": "stopped"}, []),
    ("wall-producers", {"kind": "sintered"}, []),
    ("wall-producers", {"kind": "烧结砖"}, ["R33"]),
])
def test_the_record_rules(ledger, fields, rules):
    found = audit_records(2026, [RecordRow(ledger, 7, "某记录", fields)])
    assert [f.rule for f in found] == rules
    for f in found:
        assert f.subject == f"{ledger}:7" and f.message.startswith("某记录：") and f.record_pk == 7


def test_a_note_confirms_a_soft_finding_only():
    series = {W: monthly(4), S: monthly(2), C: monthly(1), "wall_concrete_output": monthly(300, 200)}
    found = audit_measures(2026, series)
    notes = {("R02", "wall_concrete_output", 2026, 2): "2月更正为 200", ("R01", W, 2026, 1): "不能确认"}
    out = apply_notes(found, notes)
    assert [(f.rule, f.confirmed) for f in out] == [("R01", False), ("R02", True)]  # hard first
    assert out[1].note == "2月更正为 200"
    assert summary(out) == {"hard": 1, "soft": 1, "confirmed": 1, "unconfirmed": 0}


def test_consistent_values_give_no_finding():
    series = {W: monthly(3, 3, 4), S: monthly(2, 2, 3), C: monthly(1, 1, 1), "it_lan_share": monthly(40.0, 40.0, 40.0),
              "g5_open_sites": monthly(1, 2, 2), "g5_done_sites": monthly(2, 2, 3),
              "zone_done_investment": monthly(0.2, 0.5, 0.9), "zone_total_investment": monthly(12.0, 12.0, 12.0)}
    assert audit_measures(2026, series, rules=MEASURE_RULES) == []
