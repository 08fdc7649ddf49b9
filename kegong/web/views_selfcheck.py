"""/enterprises/<uscc>/tech/: one enterprise's 高新技术企业 self-check and 科技型中小企业 evaluation for a year —
each criterion 符合 / 不符合 / 待补充 with its explanation and the rule it comes from, the R&D band used, the
score item by item, the size limits, the direct routes, what is missing, and where every figure came from.
Guarded like the enterprise page (``enterprises.view`` and the user's read scope: outside it, a 404). The
facts are gathered in kegong.tech.selfcheck; the rules are kegong.core.rules.high_tech and .tech_sme."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render

from kegong.core.numbers import fmt
from kegong.core.rules import high_tech as ht
from kegong.core.rules import tech_sme as sme
from kegong.core.rules.common import STATUS_NAMES, show_amount, show_threshold
from kegong.enterprises import selectors as register
from kegong.tech import selfcheck
from kegong.web.access import requires

_CRITERIA = {c.code: c for c in (*ht.CRITERIA, sme.SIZE, sme.SCORED, sme.DIRECT_ROUTE)}
_LIMITS = {lim.code: lim for lim in sme.SIZE_LIMITS}
_DIRECT_CODES = {c.code for c in sme.DIRECT}
_ITEM_SOURCE = {"tech_staff": f"{sme.RULE}第七条（一）", "rd": f"{sme.RULE}第七条（二）", "ip": f"{sme.RULE}第七条（三）"}


def _value(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return fmt(v)
    return str(v)


def _source(s: selfcheck.Source) -> dict:
    return {"label": s.label, "value": _value(s.value), "source": s.source or s.note or "待补充", "known": s.known}


def _finding(f, source: str = "") -> dict:
    c = _CRITERIA.get(f.code)
    return {"name": f.name, "status": f.status, "status_name": STATUS_NAMES[f.status], "text": f.explanation,
            "rule": c.text if c else "", "source": source or (c.source if c else ""), "missing": f.missing}


def _bands(used: ht.RdBand | None) -> list[dict]:
    return [{"label": b.label, "min": show_threshold(b.min_percent), "used": b is used} for b in ht.RD_BANDS]


def _scores(result: sme.TechSmeResult) -> list[dict]:
    return [{"name": s.name, "full": s.full, "points": s.points, "low": s.low, "high": s.high, "text": s.explanation,
             "status": "unknown" if s.points is None else "pass" if s.points else "fail", "source": _ITEM_SOURCE[s.code]}
            for s in result.scores]


def _limits(result: sme.TechSmeResult) -> list[dict]:
    out = []
    for f in result.size:
        lim = _LIMITS[f.code]
        shown = show_amount(lim.maximum) if lim.unit == "万元" else f"{lim.maximum} {lim.unit}"
        out.append({**_finding(f, lim.source), "rule": f"{lim.name}不超过 {shown}"})
    return out


def _year(request, years: list[int], default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if year in years else default


@requires("enterprises.view")
def enterprise_selfcheck(request, uscc: str):
    e = register.enterprise_for(request.access.enterprise_q(), uscc)
    if e is None:
        raise Http404("找不到这家企业，或它不在您的查看范围内")
    years, default = selfcheck.year_choices(e)
    year = _year(request, years, default)
    sc = selfcheck.self_check_for(e, year)
    ctx = {"e": e, "sc": sc, "year": year, "years": years, "declared": sorted(sc.declared),
           "yearly": [(y, [_source(s), _source(r), _source(d)]) for y, s, r, d in sc.yearly],
           "facts": [_source(f) for k, f in sc.facts.items() if k not in _DIRECT_CODES], "bands": _bands(sc.band),
           "direct": [{**_source(sc.facts[c.code]), "name": c.name, "source_rule": c.source} for c in sme.DIRECT],
           "ht_rule": ht.RULE, "ht_guide": ht.GUIDE, "sme_rule": sme.RULE, "sme_guide": sme.GUIDE,
           "not_checked": ht.NOT_CHECKED, "pass_score": sme.PASS_SCORE,
           "may_declare": request.access.can("ledgers.edit")}
    if sc.high_tech is not None:
        ctx["ht"] = {"status": sc.high_tech.status, "verdict": sc.high_tech.verdict_name,
                     "findings": [_finding(f) for f in sc.high_tech.findings],
                     "missing": list(dict.fromkeys(sc.high_tech.missing))}
    if sc.tech_sme is not None:
        r = sc.tech_sme
        low, high = sum(s.low for s in r.scores), sum(s.high for s in r.scores)
        ctx["sme"] = {"status": r.status, "verdict": r.verdict_name, "route": r.route, "text": r.explanation,
                      "missing": r.missing, "limits": _limits(r), "scores": _scores(r), "total": r.total,
                      "low": low, "high": high, "scored": _finding(r.scored), "direct": _finding(r.direct)}
    return render(request, "web/selfcheck.html", ctx)
