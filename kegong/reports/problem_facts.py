"""存在问题 with the figures it rests on: sentences made from the period's data, put into the paragraphs
staff wrote (as ``difficulties`` does for the 三难). Pure; rules as data.

Each rule names the staff paragraph by a word in it (``marker``), the phrase after which its sentence goes
(``after``; the end of the paragraph's first sentence when the phrase is not there) and what it says. A
rule whose figures are missing says nothing; a paragraph no rule names is left as written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ProblemFigures:
    enterprises: int | None  # 规上工业企业数
    high_tech: Decimal | None  # 国家级高新技术企业数 (its ledger's count)


@dataclass(frozen=True)
class Rule:
    marker: str
    after: str
    say: Callable[[ProblemFigures], str | None]


def _high_tech(f: ProblemFigures) -> str | None:
    if f.enterprises is None or f.high_tech is None:
        return None
    return f"全县规模以上工业企业有{f.enterprises}家，国家级高新技术企业只有{int(f.high_tech)}家。"


RULES: tuple[Rule, ...] = (
    Rule("科技创新支撑", "二是高企发展不快。", _high_tech),
)


def _insert(paragraph: str, after: str, sentence: str) -> str:
    at = paragraph.find(after)
    if at >= 0:
        cut = at + len(after)
    else:
        first = paragraph.find("。")
        cut = len(paragraph) if first < 0 else first + 1
    return paragraph[:cut] + sentence + paragraph[cut:]


def with_figures(paragraphs: list[str], figures: ProblemFigures, rules: tuple[Rule, ...] = RULES) -> list[str]:
    """The paragraphs with each rule's sentence in the first paragraph its marker names."""
    out = list(paragraphs)
    for rule in rules:
        sentence = rule.say(figures)
        if not sentence:
            continue
        for i, p in enumerate(out):
            if rule.marker in p and sentence not in p:
                out[i] = _insert(p, rule.after, sentence)
                break
    return out


def figures_of(enterprises: int | None, facts: Mapping[str, Decimal]) -> ProblemFigures:
    return ProblemFigures(enterprises, facts.get("high_tech_enterprises"))
