from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.tech.models import (
    HighTechApplication,
    HighTechCertificate,
    HighTechFiling,
    HighTechStatEnterprise,
    InnovationPlatform,
    RdFiling,
    RdSubsidy,
    TechProject,
    TechSmeRegistration,
)

_FIRM = ("enterprise__name", "enterprise__uscc")


@admin.register(HighTechCertificate)
class HighTechCertificateAdmin(RecordedAdmin):
    list_display = ("number", "enterprise", "issued", "batch")
    search_fields = ("number", *_FIRM)
    raw_id_fields = ("enterprise",)


@admin.register(HighTechApplication)
class HighTechApplicationAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "batch", "stage", "applied", "result_date", "certificate_number")
    list_filter = ("year", "batch", "stage")
    search_fields = ("certificate_number", *_FIRM)
    raw_id_fields = ("enterprise",)


@admin.register(HighTechFiling)
class HighTechFilingAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "torch_status", "torch_date", "report_status", "report_date")
    list_filter = ("year", "torch_status", "report_status")
    search_fields = _FIRM
    raw_id_fields = ("enterprise",)


@admin.register(TechSmeRegistration)
class TechSmeRegistrationAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "number", "score", "status", "date")
    list_filter = ("year", "status")
    search_fields = ("number", *_FIRM)
    raw_id_fields = ("enterprise",)


@admin.register(RdFiling)
class RdFilingAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "amount", "filed")
    list_filter = ("year",)
    search_fields = _FIRM
    raw_id_fields = ("enterprise",)


@admin.register(RdSubsidy)
class RdSubsidyAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "applied_amount", "granted_amount", "status", "applied")
    list_filter = ("year", "status")
    search_fields = _FIRM
    raw_id_fields = ("enterprise",)


@admin.register(InnovationPlatform)
class InnovationPlatformAdmin(RecordedAdmin):
    list_display = ("enterprise", "name", "kind", "level", "status", "year", "recognised")
    list_filter = ("year", "kind", "level", "status")
    search_fields = ("name", *_FIRM)
    raw_id_fields = ("enterprise",)


@admin.register(TechProject)
class TechProjectAdmin(RecordedAdmin):
    list_display = ("name", "enterprise", "level", "programme", "amount", "status", "year")
    list_filter = ("year", "level", "status")
    search_fields = ("name", "programme", *_FIRM)
    raw_id_fields = ("enterprise",)


@admin.register(HighTechStatEnterprise)
class HighTechStatEnterpriseAdmin(RecordedAdmin):
    list_display = ("enterprise", "year", "quarter", "domain")
    list_filter = ("year", "quarter")
    search_fields = ("domain", *_FIRM)
    raw_id_fields = ("enterprise",)
