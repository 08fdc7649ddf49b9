"""Writing county figures: one service for a published figure, a staff fact or a target's achieved count."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from kegong.core.catalogue import COUNTY_MEASURES
from kegong.core.errors import InputError
from kegong.county.models import CountyFigure


def parse_amount(value: Decimal | float | int | str, what: str = "数值", allow_nan: bool = False) -> Decimal:
    """A finite Decimal from what a user typed; a clear Chinese error otherwise (NaN passes with
    ``allow_nan`` so that the caller's own range check can name it)."""
    try:
        v = Decimal(str(value).strip().replace(",", ""))
    except (ArithmeticError, InvalidOperation):
        raise InputError(f"{what}“{value}”不是数字") from None
    if not v.is_finite() and not (allow_nan and v.is_nan()):
        raise InputError(f"{what}“{value}”不是有效数字")
    return v


def county_figure_set(*, code: str, year: int, month: int, value: Decimal | float | int | str, unit: str | None = None,
                      note: str = "", user=None, known_only: bool = True) -> tuple[CountyFigure, bool]:
    """Create or replace the county figure ``code`` of (year, 1-month); returns it and whether it replaced
    one. Codes come from the catalogue's county measures (``known_only=False`` admits others, e.g. a target's
    own code); no figure is NaN, and only a rate (%: a growth) may be negative."""
    d = COUNTY_MEASURES.get(code)
    if d is None and known_only:
        raise InputError(f"未知的填报项目“{code}”（可用：{'、'.join(COUNTY_MEASURES)}）")
    v = parse_amount(value, allow_nan=True)
    if v.is_nan() or (d is not None and d.unit != "%" and v < 0):
        raise InputError(f"{d.name if d else code}的数值应为{'数' if d and d.unit == '%' else '非负数'}，收到“{value}”")
    obj, created = CountyFigure.objects.update_or_create(
        code=code, year=year, month=month,
        defaults={"value": v, "unit": unit if unit is not None else (d.unit if d else ""), "note": note,
                  "updated_by": user})
    return obj, not created
