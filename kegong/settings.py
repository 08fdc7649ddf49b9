"""Django settings. The data folder and database come from kegong.conf (env-driven)."""

from __future__ import annotations

import os
from pathlib import Path

from kegong import conf

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = conf.data_dir()

SECRET_KEY = conf.secret_key()
DEBUG = os.environ.get("KEGONG_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("KEGONG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

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
    "kegong.web",
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
CSRF_FAILURE_VIEW = "kegong.web.access.csrf_failure"

# One waitress process serves the site, so an in-process cache holds the progress of web imports.
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

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
