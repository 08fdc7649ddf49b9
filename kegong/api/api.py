"""The NinjaAPI of /api/v1/: token authentication (``Authorization: Bearer <key>``; the request then reads
as the token's user, ``request.access``), the errors as ``{"detail": "…"}`` in Chinese with 400/401/403/404
(never a traceback), and the routers (:mod:`kegong.api.routers`). The OpenAPI document is /api/v1/openapi.json,
its pages /api/v1/docs."""

from __future__ import annotations

import logging

from django.http import Http404
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from kegong.accounts.selectors import access_of
from kegong.api import routers, selectors, services
from kegong.core.errors import KegongError

log = logging.getLogger("kegong.api")
NEED_TOKEN = "需要接口令牌：请在请求头中加 Authorization: Bearer <令牌>（令牌用 kegong token create 创建）"
BAD_TOKEN = "接口令牌无效或已吊销"
ERRORS = {400: "请求参数有误", 401: NEED_TOKEN, 403: "没有权限", 404: "没有找到"}
PARAM_PROBLEMS = {"int_parsing": "应为整数", "greater_than_equal": "太小", "less_than_equal": "太大",
                  "literal_error": "不是可用的取值", "missing": "缺少此参数", "string_too_long": "太长",
                  "int_from_float": "应为整数", "string_type": "应为文字", "enum": "不是可用的取值"}


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class TokenAuth(HttpBearer):
    openapi_description = "接口令牌（kegong token create 创建），按令牌所属用户的角色和范围返回数据"

    def authenticate(self, request, token: str):
        found = selectors.token_for(token.strip())
        if found is None:
            raise AuthenticationError(401, BAD_TOKEN)
        services.token_touch(found)
        request.api_token = found
        request.access = access_of(found.user)
        return found.user


class KegongAPI(NinjaAPI):
    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)  # the bureau's figures: never cached
        if response.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="kegong"'
        return response


api = KegongAPI(title="科工 kegong 数据接口", version="1.0.0", urls_namespace="api_v1", auth=TokenAuth(),
                renderer=Renderer(), description=(
                    "供市平台、统计局工具等系统读取：主要指标、排名、企业库、台账。每个令牌属于一个用户，"
                    "按该用户的角色和范围返回数据（与网页相同）。出错时返回 {\"detail\": \"中文原因\"}。"))


def detail(request, message: str, status: int):
    return api.create_response(request, {"detail": message}, status=status)


def _param_message(errors: list[dict]) -> str:
    parts = []
    for e in errors:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        name = ".".join(loc) or "请求"
        parts.append(f"参数“{name}”{PARAM_PROBLEMS.get(e.get('type', ''), '无效')}")
    return "请求参数有误：" + "；".join(parts or ["无法读取"])


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return detail(request, _param_message(exc.errors), 400)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    return detail(request, BAD_TOKEN if exc.message == BAD_TOKEN else NEED_TOKEN, 401)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    status = exc.status_code if exc.status_code in ERRORS else 400
    message = exc.message if any("\u4e00" <= c <= "\u9fff" for c in exc.message) else ERRORS[status]
    return detail(request, message, status)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    text = str(exc)
    return detail(request, text if any("\u4e00" <= c <= "\u9fff" for c in text) else ERRORS[404], 404)


@api.exception_handler(KegongError)
def _kegong_error(request, exc: KegongError):
    return detail(request, str(exc), 400)


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    log.exception("API error on %s", request.get_full_path())
    return detail(request, "服务器内部错误，已记录日志；请稍后重试或联系管理员", 500)


api.add_router("", routers.router)
