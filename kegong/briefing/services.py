"""Reading and starting a period's facts and texts. Thin: the rules live in plain functions below."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from kegong.briefing.catalogue import FACTS_BY_CODE, TEXTS, TEXTS_BY_KIND
from kegong.briefing.defaults import DEFAULT_TEXTS
from kegong.briefing.models import PeriodFact, PeriodText


class BriefingError(ValueError):
    """A user error about facts or texts; the message is Chinese."""


@dataclass(frozen=True)
class TextValue:
    """A period's text for one section, and where it came from.

    ``source`` is ``"own"`` (written for this period), ``"carried"`` (the latest earlier period's text,
    ``from_period`` says which) or ``"default"`` (the built-in starting text)."""

    kind: str
    text: str
    source: str
    from_period: str = ""


def period_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def facts_for(year: int, month: int) -> dict[str, Decimal]:
    """This period's facts (code → value). Facts are never carried over from other periods."""
    return {f.code: f.value for f in PeriodFact.objects.filter(year=year, month=month)}


def _ordinal(year: int, month: int) -> int:
    return year * 12 + month


def texts_for(year: int, month: int) -> dict[str, TextValue]:
    """Each section's text for the period: its own, else the latest earlier period's, else the default."""
    rows = PeriodText.objects.filter(year__lte=year).values_list("kind", "year", "month", "text")
    best: dict[str, tuple[int, str, int, int]] = {}
    here = _ordinal(year, month)
    for kind, y, m, text in rows:
        o = _ordinal(y, m)
        if o <= here and (kind not in best or o > best[kind][0]):
            best[kind] = (o, text, y, m)
    out: dict[str, TextValue] = {}
    for t in TEXTS:
        if t.kind in best:
            o, text, y, m = best[t.kind]
            if o == here:
                out[t.kind] = TextValue(t.kind, text, "own")
            else:
                out[t.kind] = TextValue(t.kind, text, "carried", period_key(y, m))
        else:
            out[t.kind] = TextValue(t.kind, DEFAULT_TEXTS.get(t.kind, ""), "default")
    return out


def starting_text(kind: str, year: int, month: int) -> TextValue:
    """What a new text for (kind, period) starts from: the latest earlier period's, else the default."""
    if kind not in TEXTS_BY_KIND:
        raise BriefingError(f"未知的文字栏目“{kind}”（可用：{'、'.join(TEXTS_BY_KIND)}）")
    earlier = (PeriodText.objects.filter(kind=kind, year__lte=year).exclude(year=year, month__gte=month)
               .order_by("-year", "-month").first())
    if earlier is not None:
        return TextValue(kind, earlier.text, "carried", period_key(earlier.year, earlier.month))
    return TextValue(kind, DEFAULT_TEXTS.get(kind, ""), "default")


@transaction.atomic
def start_period(year: int, month: int, user=None) -> list[str]:
    """Create this period's missing texts from their starting texts; returns the kinds created."""
    created = []
    existing = set(PeriodText.objects.filter(year=year, month=month).values_list("kind", flat=True))
    for t in TEXTS:
        if t.kind in existing:
            continue
        start = starting_text(t.kind, year, month)
        if not start.text:
            continue
        PeriodText.objects.create(kind=t.kind, year=year, month=month, text=start.text,
                                  based_on=start.from_period, updated_by=user)
        created.append(t.kind)
    return created


def set_fact(code: str, year: int, month: int, value: Decimal | float | int | str, note: str = "",
             user=None) -> PeriodFact:
    if code not in FACTS_BY_CODE:
        raise BriefingError(f"未知的填报项目“{code}”（可用：{'、'.join(FACTS_BY_CODE)}）")
    try:
        v = Decimal(str(value))
    except ArithmeticError:
        raise BriefingError(f"“{value}”不是数字") from None
    if not v.is_finite() or v < 0:
        raise BriefingError(f"{FACTS_BY_CODE[code].name}的数值应为非负数，收到“{value}”")
    fact, _ = PeriodFact.objects.update_or_create(code=code, year=year, month=month,
                                                  defaults={"value": v, "note": note, "updated_by": user})
    return fact


def set_text(kind: str, year: int, month: int, text: str, user=None) -> PeriodText:
    if kind not in TEXTS_BY_KIND:
        raise BriefingError(f"未知的文字栏目“{kind}”（可用：{'、'.join(TEXTS_BY_KIND)}）")
    row, _ = PeriodText.objects.update_or_create(kind=kind, year=year, month=month,
                                                 defaults={"text": text.strip(), "updated_by": user})
    return row
