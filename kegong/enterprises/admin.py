from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.enterprises.models import Enterprise, EnterpriseAlias, EnterpriseYear, OrgUnit, ScaleStatus


class AliasInline(admin.TabularInline):
    model = EnterpriseAlias
    extra = 0


class ScaleInline(admin.TabularInline):
    model = ScaleStatus
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(RecordedAdmin):
    list_display = ("name", "uscc", "industry_code", "industry_section", "town", "park", "chain")
    list_filter = ("industry_section", "town", "park", "chain")
    search_fields = ("name", "uscc", "aliases__name")
    inlines = [AliasInline, ScaleInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(RecordedAdmin):
    list_display = ("name", "kind", "parent", "code")
    list_filter = ("kind",)


@admin.register(EnterpriseYear)
class EnterpriseYearAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "staff", "tech_staff", "sales", "rd", "high_tech_income")
    list_filter = ("year",)
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
