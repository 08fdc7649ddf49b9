"""导入方案 (import profiles): saving, listing and using the user's column mappings. Services write
(keyword-only ``profile_<action>``), selectors read; the mapping itself is plain data
(:mod:`kegong.readers.mapping`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from kegong.core.errors import InputError
from kegong.imports.models import ImportProfile
from kegong.readers.mapping import UNPLACED, ColumnMapping, SheetColumns


class ProfileError(InputError):
    """A profile that cannot be saved or found; the message is Chinese."""


# --- selectors ------------------------------------------------------------------------------------------

def profiles_all():
    return ImportProfile.objects.select_related("created_by").order_by("name")


def profile_mapping(name: str) -> ColumnMapping:
    p = ImportProfile.objects.filter(name=name.strip()).first()
    if p is None:
        known = "、".join(profiles_all().values_list("name", flat=True)) or "（尚无导入方案）"
        raise ProfileError(f"没有名为“{name}”的导入方案；已有：{known}")
    return ColumnMapping.from_json(p.columns, p.name, p.fingerprint)


def profile_mappings() -> tuple[ColumnMapping, ...]:
    """Every saved mapping, for the readers to match by fingerprint."""
    return tuple(ColumnMapping.from_json(c, n, f) for n, f, c in
                 ImportProfile.objects.values_list("name", "fingerprint", "columns"))


# --- services -------------------------------------------------------------------------------------------

@transaction.atomic
def profile_save(*, name: str, columns: SheetColumns, mapping: ColumnMapping, user=None,
                 source: str = "tongji") -> ImportProfile:
    """Save (or replace) the profile ``name`` for the layout of ``columns``. Every column the vocabulary
    could not place must be mapped or ignored."""
    name = (name or "").strip()
    if not name:
        raise ProfileError("导入方案需要一个名称")
    if len(name) > 100:
        raise ProfileError("导入方案名称不能超过 100 个字")
    missing = [p for p in columns.placements if p.role == UNPLACED and mapping.get(p.label) is None]
    if missing:
        raise ProfileError("还有未指定的列：" + "、".join(f"{p.letter} 列（{p.header}）" for p in missing))
    headers = [p.header for p in columns.placements if p.header]
    profile, _ = ImportProfile.objects.update_or_create(name=name, defaults={
        "source": source, "fingerprint": columns.fingerprint, "headers": headers, "columns": mapping.to_json(),
        "created_by": user})
    return profile


def profile_rename(*, name: str, new_name: str) -> ImportProfile:
    p = ImportProfile.objects.filter(name=name).first()
    if p is None:
        raise ProfileError(f"没有名为“{name}”的导入方案")
    new_name = new_name.strip()
    if not new_name:
        raise ProfileError("导入方案需要一个名称")
    if ImportProfile.objects.filter(name=new_name).exclude(pk=p.pk).exists():
        raise ProfileError(f"已有名为“{new_name}”的导入方案")
    p.name = new_name
    p.save(update_fields=["name", "updated_at"])
    return p


def profile_delete(*, name: str) -> None:
    deleted, _ = ImportProfile.objects.filter(name=name).delete()
    if not deleted:
        raise ProfileError(f"没有名为“{name}”的导入方案")


def profile_used(*, names: set[str]) -> None:
    ImportProfile.objects.filter(name__in=names).update(used=F("used") + 1)
