"""Reading the enterprise register (企业库) for the pages: the list's filters (a django-filter FilterSet) and
one enterprise's register data, aliases and scale statuses.

No figures are read here (they come from the panel store, :mod:`kegong.figures.store`): the growth-band
filter is handed a function that names the firms of a band, so that this module needs nothing but the
register. Every query starts from the queryset the caller gives — already limited to what the user may
read (``request.access.enterprise_q()``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import django_filters
from django import forms
from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from kegong.core.codes.industry import INDUSTRY_SECTIONS, SECTIONS
from kegong.core.codes.uscc import USCCError, validate_uscc
from kegong.core.stats.scopes import Scope
from kegong.enterprises.models import Enterprise, EnterpriseAlias, OrgUnit, ScaleStatus

NO_PARK = "-"  # the park filter's value for the enterprises outside any park
NO_CHAIN = "-"
ABOVE, BELOW = "above", "below"
# growth bands of gross output's cumulative year-on-year growth (%), as (code, label, low, high)
GROWTH_BANDS: tuple[tuple[str, str, float | None, float | None], ...] = (
    ("lt0", "下降（<0%）", None, 0.0),
    ("0-10", "0%～10%", 0.0, 10.0),
    ("10-20", "10%～20%", 10.0, 20.0),
    ("ge20", "20%及以上", 20.0, None),
    ("none", "无可比数据", None, None),
)
BAND_CODES = tuple(b[0] for b in GROWTH_BANDS)

# (credit codes, inside): the firms of a band, or (with inside False) the firms outside it
BandMembers = Callable[[str], tuple[Sequence[str], bool]]
# the names offered by the town, park and chain filters
FilterChoices = tuple[list[str], list[str], list[str]]
# what the list shows of a firm (one query, no model instances: 50 rows a page)
LIST_FIELDS = ("pk", "uscc", "name", "industry_section", "town__name", "park__name", "contact_person",
               "contact_phone")


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join("" if v is False else f" {conditional_escape(k)}" if v is True else
                   f' {conditional_escape(k)}="{conditional_escape(str(v))}"'
                   for k, v in attrs.items())


class QuickSelect(forms.Select):
    """A ``<select>`` with the very markup of Django's ``select.html``/``select_option.html``, written in Python:
    the list's town filter alone has 150 options at 20,000 firms, and Django renders each option through two
    template includes — that was about half the list page's server time. Choices in groups are left to
    Django."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted, selected = set(self.format_value(value)), False
        out = [f'<select name="{conditional_escape(name)}"{_attrs_html(self.build_attrs(self.attrs, attrs))}>']
        for v, label in choices:
            v = "" if v is None else v
            here = not selected and str(v) in wanted  # one selected option, the first that matches
            selected |= here
            out.append(f'\n  <option value="{conditional_escape(str(v))}"{" selected" if here else ""}>'
                       f"{conditional_escape(label)}</option>\n")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def readable(q: Q) -> QuerySet[Enterprise]:
    """The enterprises the user's scope ``q`` (``access.enterprise_q()``) allows, by name."""
    return Enterprise.objects.filter(q).order_by("name", "pk")


def search_q(text: str) -> Q:
    """Part of a name, of a credit code, or of a former name / alias."""
    text = text.strip()
    aliases = EnterpriseAlias.objects.filter(name__icontains=text).values("enterprise_id")
    return Q(name__icontains=text) | Q(uscc__icontains=text.upper()) | Q(pk__in=aliases)


class EnterpriseFilter(django_filters.FilterSet):
    """The list's filters. ``year`` is the year the 规上/规下 status is read for (the latest with figures);
    ``band_members`` names the firms of a growth band; ``narrow`` limits the town, park and chain choices
    to those of the readable firms (a scoped user)."""

    q = django_filters.CharFilter(label="企业名称、信用代码或曾用名", method="filter_q", max_length=100)
    town = django_filters.ChoiceFilter(label="乡镇（街道）", method="filter_town", empty_label="全部乡镇（街道）", widget=QuickSelect)
    park = django_filters.ChoiceFilter(label="园区", method="filter_park", empty_label="全部园区", widget=QuickSelect)
    section = django_filters.ChoiceFilter(
        label="行业门类", field_name="industry_section", empty_label="全部门类", widget=QuickSelect,
        choices=[(s, f"{s} {SECTIONS[s][0]}") for s in INDUSTRY_SECTIONS])
    chain = django_filters.ChoiceFilter(label="产业链", method="filter_chain", empty_label="全部产业链", widget=QuickSelect)
    scale = django_filters.ChoiceFilter(label="规上/规下", method="filter_scale", empty_label="全部", widget=QuickSelect,
                                        choices=[(ABOVE, "规上（在库）"), (BELOW, "规下")])
    growth = django_filters.ChoiceFilter(label="产值累计增速", method="filter_growth", empty_label="全部",
                                         widget=QuickSelect,
                                         choices=[(c, label) for c, label, _lo, _hi in GROWTH_BANDS])

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def __init__(self, data=None, queryset: QuerySet[Enterprise] | None = None, *, year: int | None = None,
                 band_members: BandMembers | None = None, narrow: bool = False,
                 choices: FilterChoices | None = None) -> None:
        super().__init__(data, queryset=queryset)
        self.year, self.band_members = year, band_members
        towns, parks, chains = choices if choices is not None else filter_choices(self.queryset, narrow)
        self.filters["town"].extra["choices"] = [(n, n) for n in towns]
        self.filters["park"].extra["choices"] = [(n, n) for n in parks] + [(NO_PARK, "不在园区")]
        self.filters["chain"].extra["choices"] = [(c, c) for c in chains] + [(NO_CHAIN, "未归入产业链")]
        if year is not None:
            self.filters["scale"].label = f"{year}年规上/规下"

    def filter_q(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(search_q(value)) if value.strip() else qs

    def filter_town(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(town__name=value)

    def filter_park(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(park__isnull=True) if value == NO_PARK else qs.filter(park__name=value)

    def filter_chain(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(chain="" if value == NO_CHAIN else value)

    def filter_scale(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        if self.year is None:
            return qs.none() if value == ABOVE else qs
        above = ScaleStatus.objects.filter(year=self.year, above_scale=True).values("enterprise_id")
        return qs.filter(pk__in=above) if value == ABOVE else qs.exclude(pk__in=above)

    def filter_growth(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        if self.band_members is None:
            return qs.none()
        usccs, inside = self.band_members(value)
        among = _one_parameter_list(list(usccs), connections[qs.db].vendor)
        return qs.filter(uscc__in=among) if inside else qs.exclude(uscc__in=among)


def _one_parameter_list(values: list[str], vendor: str) -> RawSQL | list[str]:
    """``values`` for an ``__in`` lookup as one JSON parameter that the database unpacks (a band holds
    thousands of firms at 20,000: thousands of bound parameters, compiled twice — count and page — cost the
    list page 3× more); a plain list on a database without the JSON functions."""
    if vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
    if vendor == "postgresql":
        return RawSQL("SELECT json_array_elements_text(%s::json)", [json.dumps(values)])
    return values


def filter_choices(within: QuerySet[Enterprise], narrow: bool) -> FilterChoices:
    """The town, park and chain names the list's filters offer: every town and park (``narrow``: only those
    of the firms ``within``), and the chains of the firms ``within``."""
    base = within if narrow else None
    return unit_names(OrgUnit.Kind.TOWN, base), unit_names(OrgUnit.Kind.PARK, base), chain_names(within)


def list_rows(qs: QuerySet[Enterprise]) -> QuerySet:
    """``qs`` as the list's rows (dicts of :data:`LIST_FIELDS`, in ``qs``'s order); see :func:`as_listed`."""
    return qs.values(*LIST_FIELDS)


def as_listed(row: dict) -> dict:
    """A row of :func:`list_rows` shaped like the enterprise it stands for (``town.name``, ``park.name`` —
    ``park`` None outside any park), for the list's template."""
    return {"pk": row["pk"], "uscc": row["uscc"], "name": row["name"], "industry_section": row["industry_section"],
            "town": {"name": row["town__name"]} if row["town__name"] is not None else None,
            "park": {"name": row["park__name"]} if row["park__name"] is not None else None,
            "contact_person": row["contact_person"], "contact_phone": row["contact_phone"]}


def unit_names(kind: str, within: QuerySet[Enterprise] | None = None) -> list[str]:
    """The names of the towns (or parks), in their order; with ``within``, only those of its firms."""
    units = OrgUnit.objects.filter(kind=kind)
    if within is not None:
        column = "town_id" if kind == OrgUnit.Kind.TOWN else "park_id"
        units = units.filter(pk__in=within.order_by().values(column))
    return list(units.order_by("order", "name").values_list("name", flat=True))


def chain_names(within: QuerySet[Enterprise]) -> list[str]:
    return list(within.exclude(chain="").order_by("chain").values_list("chain", flat=True).distinct())


def enterprise_for(q: Q, code: str) -> Enterprise | None:
    """The enterprise with credit code ``code`` if the user's scope ``q`` allows it; None for an invalid or
    unknown code and for a firm outside the scope alike (a page must not tell them apart)."""
    try:
        code = validate_uscc(code.strip().upper())
    except USCCError:
        return None
    return Enterprise.objects.filter(q).select_related("town", "park").filter(uscc=code).first()


def aliases_of(enterprise: Enterprise) -> list[EnterpriseAlias]:
    return list(enterprise.aliases.order_by("kind", "name"))


def scale_statuses_of(enterprise: Enterprise) -> list[ScaleStatus]:
    """The enterprise's 规上/规下 status by year, the latest first."""
    return list(enterprise.scale_statuses.order_by("-year"))


def scope_q(scope: Scope, prefix: str = "enterprise__") -> Q:
    """A statistical scope as a filter on records by their enterprise's own attributes (``prefix`` the path
    to the enterprise; "" on enterprises themselves): a town scope is the enterprises of the town named,
    ``park:`` with no key those outside any park. A record counts whether or not its enterprise is above
    scale this year: the ledgers' counts are of their records. The one spelling every ledger app uses."""
    p = prefix
    if scope.kind == "all":
        return Q()
    if scope.kind == "park":
        return Q(**{f"{p}park__name": scope.key}) if scope.key else Q(**{f"{p}park__isnull": True})
    field = {"town": "town__name", "industry": "industry_section", "division": "industry_division",
             "chain": "chain", "enterprise": "uscc"}.get(scope.kind)
    if field:
        return Q(**{f"{p}{field}": scope.key})
    return Q(**{f"{p}uscc__in": list(scope.members)})  # enterprises
