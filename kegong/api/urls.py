"""/api/v1/: the NinjaAPI, and a JSON 404 for any other path under it (not the site's HTML page)."""

from django.http import JsonResponse
from django.urls import path, re_path

from kegong.api.api import api


def not_found(request, rest: str = ""):
    return JsonResponse({"detail": "没有这个接口（接口目录见 /api/v1/docs）"}, status=404,
                        json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
