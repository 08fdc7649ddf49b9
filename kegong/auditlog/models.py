from django.conf import settings
from django.db import models
from django.utils import timezone


class Event(models.Model):
    """One line of the audit log: who (the account, and the name as typed for a failed login), when, from
    which address, what."""

    class Action(models.TextChoices):
        LOGIN = "login", "登录"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "登录锁定"
        LOGOUT = "logout", "退出登录"
        EXPORT = "export", "导出下载"
        APPROVE = "approve", "审定期别"
        UNLOCK = "unlock", "解锁期别"
        ROLLBACK = "rollback", "撤销导入批次"
        ADMIN_ADD = "admin_add", "后台新增"
        ADMIN_CHANGE = "admin_change", "后台修改"
        ADMIN_DELETE = "admin_delete", "后台删除"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    via = models.CharField("途径", max_length=10, default="网页")
    action = models.CharField("操作", max_length=20, choices=Action.choices, db_index=True)
    what = models.TextField("内容", blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = "审计日志"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"
