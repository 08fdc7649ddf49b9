"""/api/v1/: the NinjaAPI, and a JSON 404 for any other path under it (not the site's HTML page)."""

from django.http import JsonResponse
from django.urls import Resolver404, path, re_path, resolve

from kegong.api.api import api


def not_found(request):
    message = "没有这个接口（接口目录见 /api/v1/docs）"
    if not request.path.endswith("/"):
        try:
            if resolve(request.path + "/").func is not not_found:
                message = f"没有这个接口：路径应以 / 结尾（{request.path}/）"
        except Resolver404:
            pass
    return JsonResponse({"detail": message}, status=404, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", api.urls),
    re_path(r"^.*$", not_found),
]
