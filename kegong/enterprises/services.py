"""Writes of the enterprise register (企业库) that are not part of an import."""

from __future__ import annotations

from kegong.enterprises.models import OrgUnit


def county() -> OrgUnit:
    unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.COUNTY).first()
    if unit is None:
        unit = OrgUnit.objects.create(name="本县", kind=OrgUnit.Kind.COUNTY)
    return unit


def org_unit(kind: str, name: str, cache: dict) -> OrgUnit:
    key = (kind, name)
    if key not in cache:
        cache[key], _ = OrgUnit.objects.get_or_create(kind=kind, name=name, defaults={"parent": county()})
    return cache[key]
