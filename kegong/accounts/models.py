"""用户与权限: each login's role and scope — which towns and parks (or which one enterprise) the user may
read and may enter figures for. The roles and what they allow are data in :mod:`kegong.core.access`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.core.access import ROLES, STAFF
from kegong.enterprises.models import Enterprise, OrgUnit


class Account(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account",
                                verbose_name="用户")
    role = models.CharField("角色", max_length=20, choices=ROLES, default=STAFF)
    read_units = models.ManyToManyField(OrgUnit, blank=True, related_name="+", verbose_name="可查看的乡镇/园区",
                                        help_text="乡镇/园区人员只能查看这些乡镇（街道）和园区的企业与数据")
    entry_units = models.ManyToManyField(OrgUnit, blank=True, related_name="+", verbose_name="可录入的乡镇/园区",
                                         help_text="可为这些乡镇和园区的企业录入月度数据")
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="所属企业", help_text="企业填报员只能查看和填报本企业的数据")
    phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户角色与范围"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"
