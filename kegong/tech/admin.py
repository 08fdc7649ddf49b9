from django.contrib import admin

from kegong.admin_log import RecordedAdmin
from kegong.tech.models import HighTechCertificate


@admin.register(HighTechCertificate)
class HighTechCertificateAdmin(RecordedAdmin):
    list_display = ("number", "enterprise", "issued", "batch")
    search_fields = ("number", "enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)
