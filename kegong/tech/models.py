"""科技创新: 高新技术企业 certificates (and, as they are added, applications, tech-SME registrations, R&D
filings and subsidies, platforms and projects)."""

from __future__ import annotations

import datetime as dt

from django.db import models

from kegong.enterprises.models import Enterprise

VALID_YEARS = 3  # a 高新技术企业 certificate is valid for three years from its issue date


def valid_until(issued: dt.date) -> dt.date:
    """The last day of a certificate issued on ``issued`` (three years, less a day)."""
    try:
        end = issued.replace(year=issued.year + VALID_YEARS)
    except ValueError:  # 29 February
        end = issued.replace(year=issued.year + VALID_YEARS, day=28)
    return end - dt.timedelta(days=1)


class HighTechCertificate(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="high_tech_certificates",
                                   verbose_name="企业")
    number = models.CharField("证书编号", max_length=30, unique=True)
    issued = models.DateField("发证日期")
    batch = models.CharField("认定批次", max_length=40, blank=True, help_text="如：2025年第一批")
    note = models.CharField("备注", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "高新技术企业证书"
        ordering = ["-issued", "number"]

    def __str__(self) -> str:
        return f"{self.number}（{self.enterprise.name}）"

    @property
    def valid_until(self) -> dt.date:
        return valid_until(self.issued)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.issued <= day <= self.valid_until

    def renewal_due(self, months: int = 6) -> dt.date:
        """When the re-certification should be prepared: ``months`` before the certificate ends."""
        end = self.valid_until
        y, m = divmod(end.month - 1 - months, 12)
        return end.replace(year=end.year + y, month=m + 1, day=min(end.day, 28))
