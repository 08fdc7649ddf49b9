"""Django settings. The data folder and database come from kegong.conf (env-driven)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE

from kegong import conf, deploy_settings

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = conf.data_dir()

SECRET_KEY = conf.secret_key()
# DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, the proxy headers, secure cookies, HSTS and the session's idle
# timeout: the deployment's choice, one declared table (kegong.deploy_settings, `kegong settings`)
globals().update(deploy_settings.django_settings(os.environ))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # the bureau's own nouns, one app each (models, services = writes, selectors = reads)
    "kegong.enterprises",  # 企业库
    "kegong.imports",  # 数据导入
    "kegong.figures",  # 企业月报
    "kegong.county",  # 全县数据
    "kegong.audit",  # 数据审核
    "kegong.targets",  # 年度目标
    "kegong.reports",  # 报告
    "kegong.accounts",  # 用户与权限
    "kegong.ledgers",  # 台账 (the generic part: declarations, import records)
    "kegong.tech",  # 科技创新
    "kegong.service",  # 企业服务
    "kegong.projects",  # 示范区项目与新能源
    "kegong.informatization",  # 信息化与两化融合
    "kegong.wall",  # 墙材与节能
    "kegong.sme",  # 中小微企业
    "kegong.assessment",  # 绩效考评
    "kegong.auditlog",  # 审计日志
    "kegong.jobs",  # 后台任务 (imports and reports on a queue in the database)
    "kegong.api",  # 数据接口 (read API /api/v1/, ApiToken)
    "ninja",  # django-ninja's own Swagger files for /api/v1/docs (no CDN)
    "kegong.web",
    "axes",  # login lockout: after the apps, so its checks see the settings below
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kegong.admin_log.CurrentRequestMiddleware",  # the audit log's IP address for a service's row
    "kegong.web.middleware.PrivatePagesMiddleware",  # no-store on signed-in pages; downloads logged
    "axes.middleware.AxesMiddleware",  # turns a lockout into the lockout page
    "kegong.web.db_errors.DatabaseUnavailableMiddleware",  # a lost database → 503 数据库暂时无法连接
]

ROOT_URLCONF = "kegong.urls"
WSGI_APPLICATION = "kegong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "web" / "admin_templates"],  # the admin in kegong's name
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kegong.web.access.context",
            ]
        },
    }
]

DATABASES = {"default": conf.database_config()}
# imports and reports run as tasks on a queue kept in the database (kegong.jobs; `kegong worker`, or the worker
# `kegong serve` starts beside itself): a crash of the web process loses no job, every process sees the progress
TASKS = {"default": {"BACKEND": "kegong.jobs.backend.DatabaseBackend", "QUEUES": ["default"]}}  # = kegong.jobs.conf_settings.TASKS
CSRF_FAILURE_VIEW = "kegong.web.access.csrf_failure"

# An in-process cache for per-process memos (the jobs' progress is in the database, kegong.jobs).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kegong",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]  # a Chinese UI whatever the browser asks for
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# sessions read from the cache first (one database query less per page), kept in the database too
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- login lockout (django-axes): 5 wrong passwords in a row for one user name from one address lock that
# pair for 30 minutes; the attempts and the lockout are in the audit log (kegong.auditlog)
AUTHENTICATION_BACKENDS = [
    "kegong.auditlog.backends.LockoutBackend",  # refuses a locked pair before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # locked for 30 minutes from the lockout, not longer
AXES_LOCKOUT_CALLABLE = "kegong.web.views_auditlog.lockout"  # the Chinese page web/lockout.html, 429
AXES_CLIENT_IP_CALLABLE = "kegong.admin_log.client_ip"  # the same address as the audit log's
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log
AXES_VERBOSE = False

# --- Content-Security-Policy (django-csp 4): scripts and style sheets from this server only, no inline
# script. Style *attributes* are allowed (style-src-attr): ECharts writes its tooltips as HTML with inline
# styles, and so does Django's admin; <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
