"""存在问题's “三难” paragraph from the 企业诉求 records (issue 12): the counts of the appeals the bureau took in
over the period — by the 三难 group and, for 手续, by the procedure — said in the paragraph staff wrote about
用工难、融资难、手续难, so that the words rest on the ledger a reader can open. Pure: it gets the measures'
values (``facts``: code → number or None) and the staff's paragraphs, and gives the paragraphs back.

The counts are the measures ``appeals_received`` / ``appeals_closed`` / ``appeals_overdue`` and
``appeals_<category>`` for each category of :mod:`kegong.core.rules.appeals` (kegong.service.measures).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kegong.core.rules.appeals import CATEGORIES

PROCEDURE_GROUP = "办事难"
# the measures the sentence reads (kegong.reports.sources computes them with the ledger counts)
CODES = ("appeals_received", "appeals_closed", "appeals_overdue", *(f"appeals_{c.code}" for c in CATEGORIES))
MARK = "三难"  # the staff paragraph the sentence goes into


def _n(facts: Mapping[str, object], code: str) -> int:
    v = facts.get(code)
    return int(v) if v is not None else 0


def counts_sentence(span: str, facts: Mapping[str, object]) -> str | None:
    """“1-6月，企业诉求台账共受理企业反映的问题12件，其中用工5件、融资3件、手续4件（土地2件、环评2件）；已办结9件，
    超过限时办结期限2件。” — None while no appeal is recorded for the period (the measure unknown or 0)."""
    received = facts.get("appeals_received")
    if not received:
        return None
    groups: list[str] = []
    procedures = [(c.name.removeprefix("手续："), _n(facts, f"appeals_{c.code}"))
                  for c in CATEGORIES if c.group == PROCEDURE_GROUP]
    for c in CATEGORIES:
        if c.group == PROCEDURE_GROUP:
            continue
        if (k := _n(facts, f"appeals_{c.code}")) and c.group != "其他":
            groups.append(f"{c.name}{k}件")
    if total := sum(k for _name, k in procedures):
        detail = "、".join(f"{name}{k}件" for name, k in sorted(procedures, key=lambda p: -p[1]) if k)
        groups.append(f"手续{total}件（{detail}）")
    if other := sum(_n(facts, f"appeals_{c.code}") for c in CATEGORIES if c.group == "其他"):
        groups.append(f"其他{other}件")
    text = f"{span}，企业诉求台账共受理企业反映的问题{int(received)}件"
    if groups:
        text += "，其中" + "、".join(groups)
    text += f"；已办结{_n(facts, 'appeals_closed')}件"
    if overdue := _n(facts, "appeals_overdue"):
        text += f"，超过限时办结期限{overdue}件"
    return text + "。"


def with_counts(paragraphs: Sequence[str], span: str, facts: Mapping[str, object]) -> list[str]:
    """The staff's 存在问题 paragraphs with the counts said in the one about the 三难 (after its first
    sentence, the heading “（一）“三难”问题制约工业企业发展。”); without such a paragraph, the counts open the
    section as a paragraph of their own. Unchanged while no appeal is recorded."""
    sentence = counts_sentence(span, facts)
    out = list(paragraphs)
    if sentence is None:
        return out
    for i, p in enumerate(out):
        if MARK in p:
            cut = p.find("。") + 1
            out[i] = p[:cut] + sentence + p[cut:] if cut else p + "。" + sentence
            return out
    return ["“三难”问题方面，" + sentence, *out]
