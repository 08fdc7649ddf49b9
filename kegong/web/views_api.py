"""The read API (JSON) over the same selectors and serializers as the pages and ``kegong … --json``: the ledger
counts of the measure registry for a period (GET /api/measures/?period=2026-06&scope=town:城关镇) and one count
with the records it counts (GET /api/measures/<code>/). Signed-in users only, with their page permission and
scope: a reader of the whole county gets values for any scope; anyone else the records of their own enterprises,
and a scope asked for is refused rather than answered for the county."""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse

from kegong import serializers
from kegong.core.errors import KegongError
from kegong.core.periods import Period
from kegong.core.stats.scopes import Scope
from kegong.measures.listing import MeasureRow, default_period, ledger_measure, measure_rows, readable_records
from kegong.web.access import requires
from kegong.web.views_measures import readable_ids

JSON = {"ensure_ascii": False}


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON)


def _asked(request) -> tuple[Period, Scope]:
    """The period and scope asked for; raises KegongError with the Chinese message for a bad one."""
    text = request.GET.get("period", "").strip()
    period = Period.parse(text).as_cumulative() if text else default_period(dt.date.today())
    scope_text = request.GET.get("scope", "").strip()
    scope = Scope.parse(scope_text) if scope_text else Scope.county()
    if scope.kind != "all" and not request.access.reads_all:
        raise KegongError("您的账号只能查看本范围内企业的记录，不能按其他范围取数（去掉 scope 参数）")
    return period, scope


@requires("ledgers.view")
def api_measures(request):
    try:
        period, scope = _asked(request)
    except KegongError as e:
        return _error(str(e))
    rows = measure_rows(period, scope, readable_ids(request))
    county = request.access.reads_all
    return JsonResponse(serializers.measures_json(period, scope, rows, county), json_dumps_params=JSON)


@requires("ledgers.view")
def api_measure(request, code: str):
    m = ledger_measure(code)
    if m is None:
        return _error(f"没有台账计数“{code}”", status=404)
    try:
        period, scope = _asked(request)
    except KegongError as e:
        return _error(str(e))
    ids = readable_ids(request)
    level = m.compute(period, scope).level if ids is None else None
    records = readable_records(m, period, ids)
    if records is not None and scope.kind != "all":
        records = None  # the records are listed for the county; a scope's value stands alone
    row = MeasureRow(m, level, records)
    out = serializers.measures_json(period, scope, [row], ids is None, with_records=True)
    return JsonResponse({"period": out["period"], "label": out["label"], "scope": out["scope"],
                         **out["measures"][0]}, json_dumps_params=JSON)
