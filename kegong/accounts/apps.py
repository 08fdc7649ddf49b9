from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kegong.accounts"
    verbose_name = "用户与权限"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kegong.accounts import signals  # noqa: F401 - forget a changed account's access at once
