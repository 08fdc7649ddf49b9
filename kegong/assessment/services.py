"""绩效考评 writes: a scheme copied to another year, the bureau's manual score of a town on an item."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from kegong.assessment.models import AssessmentItem, AssessmentScheme, ManualScore
from kegong.core.errors import InputError
from kegong.enterprises.models import OrgUnit

ITEM_FIELDS = ("order", "name", "measure", "figure", "unit", "weight", "kind", "method", "basis", "lower", "full",
               "floor", "cap", "bands", "step", "per_unit", "note")


class AssessmentError(InputError):
    """A request that cannot be carried out; the message is one Chinese line."""


@transaction.atomic
def scheme_copy(*, scheme: AssessmentScheme, year: int, name: str | None = None) -> AssessmentScheme:
    """The scheme and its items for ``year`` (the same name unless ``name``); manual scores stay behind."""
    name = name or scheme.name
    if AssessmentScheme.objects.filter(year=year, name=name).exists():
        raise AssessmentError(f"{year}年已有考评方案“{name}”")
    new = AssessmentScheme.objects.create(year=year, name=name, note=scheme.note)
    AssessmentItem.objects.bulk_create([
        AssessmentItem(scheme=new, **{f: getattr(i, f) for f in ITEM_FIELDS})
        for i in scheme.items.order_by("order", "pk")])
    return new


def _score(value) -> Decimal:
    try:
        d = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise AssessmentError(f"得分“{value}”不是数字") from None
    if not d.is_finite():
        raise AssessmentError(f"得分“{value}”不是有效数字")
    return d.quantize(Decimal("0.01"))


def manual_score_set(*, item: AssessmentItem, town: OrgUnit | str, score, note: str = "",
                     user=None) -> tuple[ManualScore, bool]:
    """Set (or change) the bureau's score of ``town`` on a manual ``item``; (the score, whether created). The
    score must lie within the item's range: 0 to its cap (or weight), a deduction 0 down to minus it."""
    if not item.is_manual:
        raise AssessmentError(f"“{item.name}”按指标计分，不能人工评分")
    if isinstance(town, str):
        found = OrgUnit.objects.filter(kind=OrgUnit.Kind.TOWN, name=town.strip()).first()
        if found is None:
            raise AssessmentError(f"没有名为“{town.strip()}”的乡镇（街道）")
        town = found
    elif town.kind != OrgUnit.Kind.TOWN:
        raise AssessmentError(f"“{town.name}”不是乡镇（街道）")
    amount = _score(score)
    low, high = item.bounds()
    if not low <= float(amount) <= high:
        raise AssessmentError(f"“{item.name}”的得分应在 {low:g} 至 {high:g} 之间，“{score}”超出范围")
    return ManualScore.objects.update_or_create(item=item, town=town,
                                                defaults={"score": amount, "note": note, "by": user})
