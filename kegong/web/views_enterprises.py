"""企业: the enterprise list (search, filters, pages) and one enterprise's page (register data, monthly series
with its chart, growth against its section's, audit findings). Both show only what the user may read
(``request.access``): an enterprise outside the scope is a 404, told apart from an unknown code by nobody.
Figures come from the panel store (kegong.figures.selectors), the register from kegong.enterprises."""

from __future__ import annotations

import numpy as np
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from kegong.audit.selectors import enterprise_findings
from kegong.core.catalogue import BY_CODE, INDICATORS
from kegong.core.codes.industry import SECTIONS
from kegong.core.errors import KegongError
from kegong.core.numbers import fmt, fmt_pct, round_half_up
from kegong.core.periods import Period
from kegong.core.stats.audit import summary
from kegong.core.stats.scopes import Scope
from kegong.enterprises import selectors as register
from kegong.enterprises.models import ScaleStatus
from kegong.figures import store
from kegong.figures.selectors import (
    FirmGrowth,
    enterprise_latest,
    enterprise_series,
    firm_growth,
    latest_period,
)
from kegong.ledgers.selectors import of_enterprise as ledger_records
from kegong.web.access import requires
from kegong.web.views_ledgers import cell

PER_PAGE = 50


def _bands(fg: FirmGrowth | None, narrow: np.ndarray | None = None):
    """The growth-band filter's members: the smaller side of the band, so the query's list stays short —
    counted among the firms of the town, park and chain chosen (``narrow``, which the query applies anyway):
    a town's band is a list of dozens, not of thousands."""
    limits = {code: (lo, hi) for code, _label, lo, hi in register.GROWTH_BANDS}

    def members(code: str) -> tuple[list[str], bool]:
        if fg is None:
            return [], True
        lo, hi = limits[code]
        m = fg.band(lo, hi, comparable=code != "none")
        band, rest = (m, ~m) if narrow is None else (m & narrow, ~m & narrow)
        inside = int(band.sum()) <= int(rest.sum())
        pick = band if inside else rest
        return [fg.ids[i] for i in pick.nonzero()[0]], inside

    return members


def _narrowing(request, fg: FirmGrowth | None) -> np.ndarray | None:
    """The panel's firms of the town, park and chain the filter names (None: no such filter, or a panel
    other than the one ``fg`` was read from)."""
    if fg is None:
        return None
    panel = store.snapshot().panel
    if panel.ids is not fg.ids and panel.ids != fg.ids:
        return None
    m = None
    for kind, outside in (("town", None), ("park", register.NO_PARK), ("chain", register.NO_CHAIN)):
        value = request.GET.get(kind, "")
        if not value:
            continue
        try:
            part = panel.mask(Scope(kind, "" if value == outside else value))
        except KegongError:  # a name the panel has no firm of
            part = np.zeros(panel.n_enterprises, dtype=bool)
        m = part if m is None else m & part
    return m


_choices: dict[tuple, register.FilterChoices] = {}


def _filter_choices(acc, readable) -> register.FilterChoices:
    """The town, park and chain names the filters offer, read once per data version and read scope (every
    change to an enterprise or org unit records a new version; the chain list alone is a DISTINCT over the
    whole register)."""
    key = (str(store.root()), store.version(), acc.enterprise_q())
    hit = _choices.get(key)
    if hit is None:
        hit = register.filter_choices(readable, narrow=not acc.reads_all)
        if len(_choices) > 64:
            _choices.clear()
        _choices[key] = hit
    return hit


_counts: dict[tuple, int] = {}
_forms: dict[tuple, str] = {}


def _filters_html(f, key: tuple) -> str:
    """The filter form as HTML, rendered once per data version, scope and filter (its selects list every town,
    park and chain: 3 ms of template work a page)."""
    hit = _forms.get(key)
    if hit is None:
        hit = render_to_string("web/_enterprise_filters.html", {"filter": f})
        if len(_forms) > 512:
            _forms.clear()
        _forms[key] = hit
    return mark_safe(hit)


class _RememberedCount(Paginator):
    """A paginator whose count is read once per data version, read scope and filter (a search over 20,000
    names counts in 4 ms of the page's 13; every page of the same search and filter after the first reuses it)."""

    def __init__(self, object_list, per_page, key: tuple):
        super().__init__(object_list, per_page)
        self._key = key

    @cached_property
    def count(self) -> int:
        hit = _counts.get(self._key)
        if hit is None:
            hit = super().count
            if len(_counts) > 512:
                _counts.clear()
            _counts[self._key] = hit
        return hit


_ROW = ('<tr><td class="name"><a href="{}">{}</a></td><td class="code">{}</td><td>{}</td><td>{}</td><td>{}</td>'
        '<td>{}</td><td class="num">{}</td><td class="num{}">{}</td>')
_CONTACTS = '<td>{}</td><td class="nowrap">{}</td>'
_ABOVE, _BELOW = mark_safe('<span class="tag active">规上</span>'), mark_safe('<span class="muted">规下</span>')


def _rows_html(rows: list[dict], contacts: bool) -> str:
    """The list's table body, 50 rows of 10 cells: written here rather than in the template, where resolving
    and escaping 500 variables took half of the page's time (every value still escaped by format_html)."""
    base = reverse("enterprises")  # /enterprises/, the profile is /enterprises/<uscc>/
    out = []
    for r in rows:
        e, g = r["e"], r["growth"]
        cls = "" if g is None else (" down" if g < 0 else " up")
        html = format_html(_ROW, f"{base}{e['uscc']}/", e["name"], e["uscc"], (e.get("town") or {}).get("name", ""),
                           (e.get("park") or {}).get("name") or "—", e["industry_section"],
                           _ABOVE if r["above"] else _BELOW, r["output"], cls, r["growth_display"])
        if contacts:
            html += format_html(_CONTACTS, e.get("contact_person") or "—", e.get("contact_phone") or "—")
        out.append(html + "</tr>")
    return mark_safe("\n".join(out))


@requires("enterprises.view")
def enterprise_list(request):
    acc = request.access
    latest = latest_period()
    fg = firm_growth(*latest) if latest else None
    readable = register.readable(acc.enterprise_q())
    f = register.EnterpriseFilter(request.GET, queryset=readable, year=latest[0] if latest else None,
                                  band_members=_bands(fg, _narrowing(request, fg) if request.GET.get("growth") else None),
                                  narrow=not acc.reads_all,
                                  choices=_filter_choices(acc, readable))
    qs = f.qs if f.is_valid() else f.queryset.none()
    filters = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists() if k != "page"))
    key = (str(store.root()), store.version(), acc.enterprise_q(), f.is_valid(), filters)
    page = _RememberedCount(qs, PER_PAGE, key).get_page(request.GET.get("page"))  # counts without the rows' joins
    firms = [register.as_listed(r) for r in register.list_rows(page.object_list)]
    known = {e["uscc"]: fg.is_above(e["uscc"]) for e in firms} if fg else {}
    unknown = [e["pk"] for e in firms if known.get(e["uscc"]) is None]  # not in the panel (yet): ask the register
    above = set(ScaleStatus.objects.filter(year=latest[0], above_scale=True, enterprise__in=unknown)
                .values_list("enterprise_id", flat=True)) if latest and unknown else set()
    rows = []
    for e in firms:
        cur, growth = fg.of(e["uscc"]) if fg else (None, None)
        rows.append({"e": e, "above": bool(known.get(e["uscc"])) or e["pk"] in above, "output": fmt(cur),
                     "growth": growth, "growth_display": fmt_pct(growth)})
    contacts = acc.can("enterprises.contacts")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/enterprises.html", {
        "filter": f, "page": page, "rows": rows, "rows_html": _rows_html(rows, contacts),
        "filters_html": _filters_html(f, key), "query": query.urlencode(),
        "period": Period.cumulative(*latest).label() if latest else "",
        "contacts": contacts, "scoped": not acc.reads_all,
        "total": page.paginator.count})


def _chart(series, name: str, unit: str) -> dict:
    r = lambda v, nd=2: round_half_up(v, nd)  # noqa: E731
    return {"labels": [m.label for m in series], "name": name, "unit": unit,
            "value": [r(m.value) for m in series], "prior_value": [r(m.prior_value) for m in series],
            "growth": [r(m.growth, 1) for m in series], "section_growth": [r(m.section_growth, 1) for m in series]}


def _profile_period(request, latest: tuple[int, int]) -> tuple[int, str]:
    years = [latest[0] - i for i in range(3)]
    try:
        year = int(request.GET.get("year", latest[0]))
    except ValueError:
        year = latest[0]
    code = request.GET.get("indicator", "gross_output")
    return (year if year in years else latest[0]), (code if code in BY_CODE else "gross_output")


@requires("enterprises.view")
def enterprise_detail(request, uscc: str):
    acc = request.access
    e = register.enterprise_for(acc.enterprise_q(), uscc)
    if e is None:
        raise Http404("找不到这家企业，或它不在您的查看范围内")
    latest = latest_period()
    ctx = {"e": e, "contacts": acc.can("enterprises.contacts"), "aliases": register.aliases_of(e),
           "statuses": register.scale_statuses_of(e), "section_name": SECTIONS.get(e.industry_section, ("",))[0],
           "may_enter": acc.can("figures.enter") and acc.may_enter(e), "indicators": INDICATORS,
           "ledgers": [(lg, [(obj, [cell(obj, a) for a, _h in lg.list_columns[1:]]) for obj in rows])
                       for lg, rows in ledger_records(e)]}
    if latest:
        year, code = _profile_period(request, latest)
        month = latest[1] if year == latest[0] else 12
        series = enterprise_series(e.uscc, e.industry_section, code, year)
        d = BY_CODE[code]
        findings = enterprise_findings(e.uscc, *latest)
        ctx.update({
            "year": year, "years": [latest[0] - i for i in range(3)], "code": code, "indicator": d,
            "period_label": Period.cumulative(year, month).label() if series else "",
            "latest": [{**r, "cumulative": fmt(r["cumulative"]), "prior": fmt(r["prior_cumulative"]),
                        "growth_display": fmt_pct(r["growth"])} for r in enterprise_latest(e.uscc, year, month)],
            "series": [{"m": m, "value": fmt(m.value), "cumulative": fmt(m.cumulative),
                        "prior": fmt(m.prior_cumulative), "growth": fmt_pct(m.growth),
                        "section_growth": fmt_pct(m.section_growth)} for m in series],
            "chart": _chart(series, d.name, d.unit),
            "findings": findings, "finding_summary": summary(findings),
            "audit_period": Period.cumulative(*latest).label(),
            "entry_link": "?" + urlencode({"enterprise": e.uscc}),
        })
    return render(request, "web/enterprise.html", ctx)
