"""中小微企业信心指数: the quarterly survey's questions as data, and the index computed from the answers.

Each enterprise answers every question with one of three words — 好转（乐观）/ 持平 / 恶化（悲观） — about
this quarter against the last (the outlook question: the next quarter against this one). The index is the
diffusion index of the bureau's 中小企业景气调查 (as 中国中小企业协会's 中小企业发展指数 and the 企业景气调查 of
国家统计局 compute theirs):

    question index = (好转（乐观）的占比 % − 恶化（悲观）的占比 %) + 100

over the enterprises that answered that question (a blank answer is not counted), so it runs from 0 (every
answer 恶化) to 200 (every answer 好转); 100 is the boom-bust line (景气临界值: above it more enterprises see
things getting better than worse). The overall index is the mean of the question indices (the questions
nobody answered left out), per quarter.

Pure: no Django."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FORMULA = "分项指数 =（好转/乐观占比% − 恶化/悲观占比%）+ 100，取值 0–200，100 为景气临界值；总指数 = 各分项指数的算术平均"
BOOM_BUST = 100.0

UP, FLAT, DOWN = "up", "flat", "down"
ANSWERS: tuple[tuple[str, str], ...] = ((UP, "好转/乐观"), (FLAT, "持平"), (DOWN, "恶化/悲观"))
# the words a survey form writes for each answer (its column choices)
ANSWER_WORDS: dict[str, tuple[str, ...]] = {
    UP: ("好转", "乐观", "增加", "上升", "改善", "增长", "较好", "好"),
    FLAT: ("持平", "不变", "一般", "平稳", "基本持平"),
    DOWN: ("恶化", "悲观", "减少", "下降", "变差", "下滑", "较差", "差"),
}


@dataclass(frozen=True)
class Question:
    code: str  # the survey model's field
    name: str  # the form's header word
    asks: str


QUESTIONS: tuple[Question, ...] = (
    Question("overall", "综合经营", "本季度企业综合经营状况与上季度相比"),
    Question("production", "生产", "本季度生产（产量、开工率）与上季度相比"),
    Question("orders", "订单", "本季度订单（含出口订单）与上季度相比"),
    Question("employment", "用工", "本季度用工（招工难易、用工人数）与上季度相比"),
    Question("financing", "融资", "本季度融资（贷款可得性、资金周转）与上季度相比"),
    Question("profit", "盈利", "本季度盈利与上季度相比"),
    Question("outlook", "下季度预期", "对下季度经营前景的判断"),
)
QUESTION_CODES = tuple(q.code for q in QUESTIONS)
BY_CODE = {q.code: q for q in QUESTIONS}


@dataclass(frozen=True)
class QuestionIndex:
    code: str
    name: str
    answered: int
    up: int
    flat: int
    down: int

    @property
    def index(self) -> float | None:
        """(up% − down%) + 100; None when nobody answered."""
        if not self.answered:
            return None
        return (self.up - self.down) * 100 / self.answered + 100

    @property
    def up_pct(self) -> float | None:
        return self.up * 100 / self.answered if self.answered else None

    @property
    def down_pct(self) -> float | None:
        return self.down * 100 / self.answered if self.answered else None


@dataclass(frozen=True)
class ConfidenceIndex:
    year: int
    quarter: int
    enterprises: int  # the surveys (one per enterprise) counted
    questions: tuple[QuestionIndex, ...]

    @property
    def overall(self) -> float | None:
        """The mean of the question indices (questions nobody answered left out); None with no answer."""
        known = [q.index for q in self.questions if q.index is not None]
        return sum(known) / len(known) if known else None

    @property
    def label(self) -> str:
        return f"{self.year}年{quarter_name(self.quarter)}"

    def of(self, code: str) -> QuestionIndex:
        return next(q for q in self.questions if q.code == code)


def quarter_name(q: int) -> str:
    return f"{'一二三四'[q - 1]}季度"


def index(year: int, quarter: int, surveys: Iterable[Mapping[str, str | None]]) -> ConfidenceIndex:
    """The quarter's index from its surveys: each a mapping question code → up | flat | down | None."""
    rows = list(surveys)
    out = []
    for q in QUESTIONS:
        said = [r.get(q.code) for r in rows]
        for a in said:
            if a not in (UP, FLAT, DOWN, None, ""):
                raise ValueError(f"unknown answer {a!r} to {q.code}")
        out.append(QuestionIndex(q.code, q.name, sum(a in (UP, FLAT, DOWN) for a in said), said.count(UP),
                                 said.count(FLAT), said.count(DOWN)))
    return ConfidenceIndex(year, quarter, len(rows), tuple(out))


def by_quarter(surveys: Iterable[tuple[int, int, Mapping[str, str | None]]]) -> list[ConfidenceIndex]:
    """Every quarter's index from (year, quarter, answers) rows, oldest first."""
    groups: dict[tuple[int, int], list[Mapping[str, str | None]]] = {}
    for year, quarter, answers in surveys:
        groups.setdefault((year, quarter), []).append(answers)
    return [index(y, q, groups[(y, q)]) for y, q in sorted(groups)]


def quarter_of_month(month: int) -> int:
    """The quarter a month falls in (6月: 二季度)."""
    return (month - 1) // 3 + 1
