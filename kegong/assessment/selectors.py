"""绩效考评 read: for a scheme and a period, each town's completion of each item — the town's actual from the
registry of measures (``measure(code).compute(period, Scope("town", town), data)``, one MeasureData for every
item), against the town's own target of the scheme's year (Target.town) — scored, totalled and ranked by the
core (kegong.core.stats.assessment), each score with its working in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kegong.assessment.models import AssessmentItem, AssessmentScheme, ManualScore
from kegong.core import numbers
from kegong.core.errors import InputError, KegongError
from kegong.core.periods import Period
from kegong.core.stats import assessment as core
from kegong.core.stats.scopes import Scope
from kegong.core.stats.targets import TargetKind, convert, goal_text
from kegong.enterprises.models import OrgUnit
from kegong.measures.registry import MeasureData, measure
from kegong.measures.sharing import sharing
from kegong.targets.models import Target
from kegong.targets.selectors import town_targets

LEVEL_KINDS = (TargetKind.LEVEL.value, TargetKind.COUNT.value, TargetKind.SHARE.value)


@dataclass(frozen=True)
class Cell:
    """One town's score on one item: the core's score and the whole working (what was achieved, against
    which target, then the core's formula)."""

    item: AssessmentItem
    score: core.ItemScore
    working: str

    @property
    def text(self) -> str:
        return numbers.fmt(self.score.score, 2) if self.score.has_data else "0.00"


@dataclass(frozen=True)
class Row:
    rank: int
    town: str
    total: float
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Board:
    scheme: AssessmentScheme
    period: Period
    items: tuple[AssessmentItem, ...]
    rows: tuple[Row, ...]

    @property
    def weight(self) -> float:
        return float(sum(i.weight for i in self.items if i.kind == core.ItemKind.BASE))


def schemes(year: int | None = None) -> list[AssessmentScheme]:
    qs = AssessmentScheme.objects.all()
    return list(qs.filter(year=year) if year is not None else qs)


def scheme_for(year: int, pk: int | None = None) -> AssessmentScheme | None:
    """The scheme asked for (by id), else the year's (the one created last when there are several)."""
    qs = AssessmentScheme.objects.all()
    if pk is not None:
        found = qs.filter(pk=pk).first()
        if found is not None:
            return found
    return qs.filter(year=year).order_by("-created_at", "-pk").first()


def towns() -> list[str]:
    return list(OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN).order_by("order", "name")
                .values_list("name", flat=True))


def _target(item: AssessmentItem, found: Sequence[Target]) -> Target | None:
    kinds = (TargetKind.GROWTH.value,) if item.figure == AssessmentItem.Figure.GROWTH else LEVEL_KINDS
    return next((t for t in found if t.kind in kinds), None)


def _measured(item: AssessmentItem, period: Period, town: str, data: MeasureData) -> tuple[float | None, str]:
    """The town's actual on the item (level or growth) in the measure's unit, and that unit."""
    m = measure(item.measure)
    try:
        v = m.compute(period, Scope("town", town), data)
    except KegongError:  # a town without any enterprise in the panel
        return None, m.unit
    if item.figure == AssessmentItem.Figure.GROWTH:
        return v.growth, "%"
    return v.level, m.unit


def _amount(v: float | None, unit: str) -> str:
    return numbers.NO_FIGURE if v is None else f"{numbers.fmt_plain(v, 2, grouping=True)}{unit}"


def measured_input(item: AssessmentItem, period: Period, town: str, data: MeasureData,
                   targets: dict) -> tuple[core.Input, str]:
    """The core's input for a measured item and the first part of its working (完成, 目标). On a completion
    basis the target is converted to the measure's unit (亿元 → 万元: whole numbers stay whole, so 3,300 of
    5,500 is 60 % exactly); an item scored on the actual itself (a rank, a bonus) needs no target, its actual
    shown in the item's unit when it has one."""
    raw, unit = _measured(item, period, town, data)
    t = _target(item, targets.get((town, item.measure), ()))
    growth = item.figure == AssessmentItem.Figure.GROWTH
    if growth or item.basis == core.Basis.COMPLETION or not item.unit:
        actual, shown = raw, unit
    else:
        actual, shown = (None if raw is None else convert(raw, unit, item.unit)), item.unit
    what = f"{item.name}{'增速' if growth and '增' not in item.name else ''}"
    done = f"{period.label()}{what}完成{_amount(actual, shown)}"
    if item.basis == core.Basis.ACTUAL:  # scored on the actual itself: no target is needed
        return core.Input(actual=actual), done
    if t is None:
        return core.Input(actual=actual), f"{done}；本乡镇未设定{period.year}年“{item.name}”目标"
    target = float(t.value) if growth else convert(float(t.value), t.unit, shown)
    return core.Input(actual=actual, target=target), f"{done}；目标{goal_text(t.kind, float(t.value), t.unit)}"


def manual_input(item: AssessmentItem, town: str, given: dict) -> tuple[core.Input, str]:
    s = given.get((item.pk, town))
    if s is None:
        return core.Input(), ""
    by = (s.by.get_full_name() or s.by.get_username()) if s.by_id else ""
    words = "；".join(x for x in (s.note, f"评分人 {by}" if by else "") if x)
    return core.Input(manual=float(s.score)), words


def _column(item: AssessmentItem, period: Period, names: Sequence[str], data: MeasureData | None, targets: dict,
            given: dict) -> dict[str, Cell]:
    try:
        rule = item.rule()
    except KegongError as e:
        raise InputError(f"考评项目“{item.name}”的计分规则有误：{e}") from None
    inputs, first = {}, {}
    for town in names:
        if item.is_manual:
            inputs[town], first[town] = manual_input(item, town, given)
        else:
            inputs[town], first[town] = measured_input(item, period, town, data, targets)
    scored = core.score_column(rule, inputs)
    return {town: Cell(item, s, "：".join(x for x in (first[town], s.working) if x)) for town, s in scored.items()}


def board(scheme: AssessmentScheme, period: Period, data: MeasureData | None = None) -> Board:
    """Every town's scores on every item of ``scheme`` at ``period`` (a period of the scheme's year), ranked."""
    if period.year != scheme.year:
        raise InputError(f"评估期 {period.label()} 不在考评方案“{scheme}”的年度内")
    items = tuple(scheme.items.order_by("order", "pk"))
    names = towns()
    if data is None and any(not i.is_manual for i in items):
        from kegong.measures.dashboard import measure_data

        data = measure_data(period)
    targets = town_targets(scheme.year, {i.measure for i in items})
    given = {(s.item_id, s.town.name): s for s in
             ManualScore.objects.filter(item__scheme=scheme).select_related("town", "by")}
    with sharing():  # each measure read for every town at once
        columns = [_column(i, period, names, data, targets, given) for i in items]
    cells = {town: tuple(col[town] for col in columns) for town in names}
    ranked = core.ranking({town: [c.score for c in cs] for town, cs in cells.items()})
    return Board(scheme, period, items, tuple(Row(r.rank, r.town, r.total, cells[r.town]) for r in ranked))
