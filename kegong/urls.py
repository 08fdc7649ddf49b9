from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "科工 kegong 管理后台"
admin.site.site_title = "科工 kegong"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("kegong.api.urls")),
    path("", include("kegong.web.urls")),
]

# a database that goes away outside a view (the session save): the same 503 page as inside one
handler500 = "kegong.web.db_errors.server_error"
