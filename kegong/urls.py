from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "科工 kegong 管理后台"
admin.site.site_title = "科工 kegong"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("kegong.api.urls")),
    path("", include("kegong.web.urls")),
]
