"""The settings a deployment chooses, declared once: name, default, type, help (read from ``KEGONG_*``).

Each row reads one environment variable and says which Django settings it sets; ``kegong/settings.py``
applies :func:`django_settings`, ``kegong settings`` lists :func:`rows` and docs/security.md carries
:func:`markdown_table`. Pure: the environment is passed in, nothing is read behind the caller's back.

Behind an HTTPS proxy (nginx, a government gateway) a typical production environment is
:data:`PRODUCTION_EXAMPLE`; ``kegong check --deploy`` passes with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from kegong.core.errors import SetupError

TRUE = frozenset({"1", "true", "yes", "on", "是"})
FALSE = frozenset({"0", "false", "no", "off", "否", ""})


class DeploySettingError(SetupError):
    """An environment variable kegong cannot read; the message names it and what it takes."""


@dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    type: str  # "bool" | "int" | "list" | "str"
    default: object
    help: str
    apply: Callable[[object], dict[str, object]]  # the value → the Django settings it sets

    def parse(self, raw: str | None) -> object:
        """The value of this setting given the environment's text (None: not set → the default)."""
        if raw is None:
            return self.default
        text = raw.strip()
        if self.type == "bool":
            if text.lower() in TRUE:
                return True
            if text.lower() in FALSE:
                return False
            raise DeploySettingError(f"环境变量 {self.name}=“{raw}”无法识别，应为 1 或 0")
        if self.type == "int":
            try:
                value = int(text)
            except ValueError:
                raise DeploySettingError(f"环境变量 {self.name}=“{raw}”不是整数") from None
            if value < 0:
                raise DeploySettingError(f"环境变量 {self.name}=“{raw}”不能为负数")
            return value
        if self.type == "list":
            return [p.strip() for p in text.split(",") if p.strip()]
        return text


def _origins(value) -> dict[str, object]:
    bad = [o for o in value if not o.startswith(("https://", "http://"))]
    if bad:
        raise DeploySettingError(f"环境变量 KEGONG_TRUSTED_ORIGINS 中的“{bad[0]}”须带协议，例如 https://kegong.example.gov.cn")
    return {"CSRF_TRUSTED_ORIGINS": list(value)}


def _idle(value) -> dict[str, object]:
    if value < 1:
        raise DeploySettingError("环境变量 KEGONG_SESSION_IDLE_MINUTES 至少为 1（分钟）")
    # the cookie's age is renewed on every request: a session ends after this many minutes without one
    return {"SESSION_COOKIE_AGE": value * 60, "SESSION_SAVE_EVERY_REQUEST": True}


SETTINGS: tuple[Setting, ...] = (
    Setting("KEGONG_DEBUG", "bool", False, "调试模式（显示出错详情）。生产环境必须为 0", lambda v: {"DEBUG": v}),
    Setting("KEGONG_ALLOWED_HOSTS", "list", ["127.0.0.1", "localhost", "testserver"],
            "允许访问的主机名，逗号分隔（浏览器地址栏中的域名）", lambda v: {"ALLOWED_HOSTS": list(v)}),
    Setting("KEGONG_TRUSTED_ORIGINS", "list", [],
            "受信任的来源（含协议），逗号分隔；经 HTTPS 代理访问时填写，如 https://kegong.example.gov.cn，"
            "否则登录会被拒绝（Origin checking failed）", _origins),
    Setting("KEGONG_PROXY_SSL_HEADER", "bool", False,
            "前置代理以 X-Forwarded-Proto: https 告知原请求为 HTTPS（仅在代理会覆盖该请求头时开启）",
            lambda v: {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if v else None}),
    Setting("KEGONG_USE_X_FORWARDED_HOST", "bool", False, "以代理传来的 X-Forwarded-Host 作为主机名",
            lambda v: {"USE_X_FORWARDED_HOST": v}),
    Setting("KEGONG_TRUST_X_FORWARDED_FOR", "bool", False,
            "以代理传来的 X-Forwarded-For（最后一项）作为访问者 IP，用于审计日志与登录锁定；不经代理时须为 0",
            lambda v: {"KEGONG_TRUST_X_FORWARDED_FOR": v}),
    Setting("KEGONG_SSL_REDIRECT", "bool", False, "把 HTTP 请求重定向到 HTTPS",
            lambda v: {"SECURE_SSL_REDIRECT": v}),
    Setting("KEGONG_SECURE_COOKIES", "bool", False, "会话与 CSRF Cookie 只经 HTTPS 发送",
            lambda v: {"SESSION_COOKIE_SECURE": v, "CSRF_COOKIE_SECURE": v}),
    Setting("KEGONG_HSTS_SECONDS", "int", 0, "HSTS 有效期（秒），0 为不发送；确认全站 HTTPS 后可设 31536000",
            lambda v: {"SECURE_HSTS_SECONDS": v}),
    Setting("KEGONG_HSTS_INCLUDE_SUBDOMAINS", "bool", False, "HSTS 包括子域名",
            lambda v: {"SECURE_HSTS_INCLUDE_SUBDOMAINS": v}),
    Setting("KEGONG_HSTS_PRELOAD", "bool", False, "HSTS 带 preload 标记（允许浏览器预置）",
            lambda v: {"SECURE_HSTS_PRELOAD": v}),
    Setting("KEGONG_SESSION_IDLE_MINUTES", "int", 30, "登录后无操作多少分钟自动退出", _idle),
)
BY_NAME = {s.name: s for s in SETTINGS}

PRODUCTION_EXAMPLE: dict[str, str] = {
    "KEGONG_DEBUG": "0",
    "KEGONG_ALLOWED_HOSTS": "kegong.example.gov.cn",
    "KEGONG_TRUSTED_ORIGINS": "https://kegong.example.gov.cn",
    "KEGONG_PROXY_SSL_HEADER": "1",
    "KEGONG_TRUST_X_FORWARDED_FOR": "1",
    "KEGONG_SSL_REDIRECT": "1",
    "KEGONG_SECURE_COOKIES": "1",
    "KEGONG_HSTS_SECONDS": "31536000",
    "KEGONG_HSTS_INCLUDE_SUBDOMAINS": "1",
    "KEGONG_HSTS_PRELOAD": "1",
}


def values(environ: Mapping[str, str]) -> dict[str, object]:
    """Each setting's value by its variable name."""
    return {s.name: s.parse(environ.get(s.name)) for s in SETTINGS}


def django_settings(environ: Mapping[str, str]) -> dict[str, object]:
    """The Django settings the environment chooses (every row applied, defaults included)."""
    out: dict[str, object] = {}
    for s in SETTINGS:
        out.update(s.apply(s.parse(environ.get(s.name))))
    return out


def show(value: object) -> str:
    """A value as the table writes it: 1/0, a comma list, （空）."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value) or "（空）"
    return str(value) if value != "" else "（空）"


def rows(environ: Mapping[str, str]) -> list[tuple[str, str, str, str]]:
    """(name, value, default, help) of each setting, as ``kegong settings`` lists them."""
    now = values(environ)
    return [(s.name, show(now[s.name]), show(s.default), s.help) for s in SETTINGS]


def markdown_table() -> str:
    """The declaration as a Markdown table (docs/security.md)."""
    lines = ["| 环境变量 | 类型 | 默认值 | 说明 | Django 设置 |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        targets = "、".join(s.apply(s.default))
        lines.append(f"| `{s.name}` | {s.type} | `{show(s.default)}` | {s.help} | {targets} |")
    return "\n".join(lines)
