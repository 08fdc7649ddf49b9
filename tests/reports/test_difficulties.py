"""The 三难 paragraph's counts (kegong.reports.difficulties): said where the staff wrote about the 三难."""

from __future__ import annotations

import pytest

from kegong.reports.difficulties import counts_sentence, with_counts

STAFF = ["（一）“三难”问题制约工业企业发展。用工难，企业难招难留人才。",
         "（二）经济运行工作力量不足。"]
FACTS = {"appeals_received": 12, "appeals_closed": 9, "appeals_overdue": 2, "appeals_labour": 5,
         "appeals_finance": 3, "appeals_land": 1, "appeals_eia": 2, "appeals_demolition": 0, "appeals_poles": None,
         "appeals_other": 1}


@pytest.mark.parametrize(("facts", "expected"), [
    (FACTS, "1-6月，企业诉求台账共受理企业反映的问题12件，其中用工5件、融资3件、手续3件（环评2件、土地1件）、其他1件；"
            "已办结9件，超过限时办结期限2件。"),
    ({"appeals_received": 1, "appeals_closed": 0, "appeals_finance": 1},
     "1-6月，企业诉求台账共受理企业反映的问题1件，其中融资1件；已办结0件。"),
    ({"appeals_received": 0}, None),
    ({"appeals_received": None}, None),
    ({}, None),
])
def test_counts_sentence(facts, expected):
    assert counts_sentence("1-6月", facts) == expected


def test_the_counts_go_after_the_heading_of_the_three_difficulties():
    out = with_counts(STAFF, "1-6月", FACTS)
    assert out[0].startswith("（一）“三难”问题制约工业企业发展。1-6月，企业诉求台账共受理企业反映的问题12件")
    assert out[0].endswith("超过限时办结期限2件。用工难，企业难招难留人才。")
    assert out[1] == STAFF[1]


def test_without_a_three_difficulties_paragraph_the_counts_open_the_section():
    out = with_counts(STAFF[1:], "1-6月", FACTS)
    assert out[0].startswith("“三难”问题方面，1-6月，企业诉求台账共受理")
    assert out[1:] == STAFF[1:]


def test_no_appeal_recorded_leaves_the_staff_text_alone():
    assert with_counts(STAFF, "1-6月", {"appeals_received": None}) == STAFF
