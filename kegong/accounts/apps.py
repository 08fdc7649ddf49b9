from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kegong.accounts"
    verbose_name = "用户与权限"
    default_auto_field = "django.db.models.BigAutoField"
