"""Reading a period's prose sections (its own, carried over from the latest earlier period, or the default),
the periods a report can be made for, the uploaded templates and the documents made through the web."""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core.catalogue import TEXTS, text_kind
from kegong.core.periods import Period
from kegong.reports.defaults import DEFAULT_TEXTS
from kegong.reports.models import PeriodText, ReportDocument, ReportTemplate


@dataclass(frozen=True)
class TextValue:
    """A period's text for one section, and where it came from.

    ``source`` is ``"own"`` (written for this period), ``"carried"`` (the latest earlier period's text,
    ``from_period`` says which) or ``"default"`` (the built-in starting text)."""

    kind: str
    text: str
    source: str
    from_period: str = ""


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
                out[t.kind] = TextValue(t.kind, text, "carried", Period.cumulative(y, m).key())
        else:
            out[t.kind] = TextValue(t.kind, DEFAULT_TEXTS.get(t.kind, ""), "default")
    return out


def starting_text(kind: str, year: int, month: int) -> TextValue:
    """What a new text for (kind, period) starts from: the latest earlier period's, else the default."""
    kind = text_kind(kind)
    earlier = (PeriodText.objects.filter(kind=kind, year__lte=year).exclude(year=year, month__gte=month)
               .order_by("-year", "-month").first())
    if earlier is not None:
        return TextValue(kind, earlier.text, "carried", Period.cumulative(earlier.year, earlier.month).key())
    return TextValue(kind, DEFAULT_TEXTS.get(kind, ""), "default")


def period_text_rows(year: int, month: int) -> dict[str, PeriodText]:
    """The period's own texts by kind (who saved them and when)."""
    return {r.kind: r for r in PeriodText.objects.filter(year=year, month=month).select_related("updated_by")}


def report_periods() -> list[Period]:
    """The cumulative periods with figures, newest first (1-2月 is the first of a year)."""
    from kegong.figures.selectors import load_panel

    panel = load_panel()
    out = [Period.cumulative(y, m) for y in panel.years for m in range(2, 13) if panel.has_data(y, m)]
    return sorted(out, reverse=True)


def report_templates(kind: str | None = None) -> list[ReportTemplate]:
    rows = ReportTemplate.objects.select_related("uploaded_by")
    return list(rows.filter(kind=kind) if kind else rows)


def recent_documents(limit: int = 30) -> list[ReportDocument]:
    return list(ReportDocument.objects.select_related("made_by", "template")[:limit])
