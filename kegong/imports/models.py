"""数据导入: one file taken in (a batch) and what it did besides writing figures, so it can be undone."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.core.catalogue import SOURCES
from kegong.enterprises.models import Enterprise


class ImportBatch(models.Model):
    """One file taken in: who, when, which file (and its hash), how many rows."""

    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        SUPERSEDED = "superseded", "已被更正文件替代"
        ROLLED_BACK = "rolled_back", "已撤销"

    source = models.CharField("来源", max_length=20, choices=list(SOURCES.items()))
    file_name = models.CharField("文件名", max_length=255)
    file_hash = models.CharField("文件 SHA-256", max_length=64, db_index=True)
    period_key = models.CharField("期别", max_length=20, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    verbose_name="导入人")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    rows = models.PositiveIntegerField("读取行数", default=0)
    figures_written = models.PositiveIntegerField("写入数据条数", default=0)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    note = models.TextField("说明", blank=True)
    totals_accepted = models.TextField("接受合计不符的理由", blank=True)
    rolled_back_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name="撤销人")
    rolled_back_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入批次"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.imported_at:%Y-%m-%d %H:%M}）"



class BatchChange(models.Model):
    """What a batch did besides writing figures (an enterprise created or changed, a scale status set, a
    power account matched …) with the values before, so that the batch can be rolled back."""

    class Kind(models.TextChoices):
        ENTERPRISE_CREATED = "enterprise_created", "新建企业"
        ENTERPRISE_UPDATED = "enterprise_updated", "修改企业"
        ALIAS_CREATED = "alias_created", "新增别名"
        SCALE_CREATED = "scale_created", "新增规上状态"
        SCALE_UPDATED = "scale_updated", "修改规上状态"
        ACCOUNT_CREATED = "account_created", "新增供电户号"
        ACCOUNT_UPDATED = "account_updated", "修改供电户号"
        READING_CREATED = "reading_created", "新增户号用电量"
        READING_UPDATED = "reading_updated", "修改户号用电量"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes", verbose_name="批次")
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    enterprise = models.ForeignKey(Enterprise, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                   verbose_name="企业")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    object_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    old = models.JSONField("原值", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "批次变更记录"
        indexes = [models.Index(fields=["batch", "kind"])]


class ImportProfile(models.Model):
    """导入方案: a user's mapping of the columns of a layout kegong did not know, matched to the next file of the
    same layout by the fingerprint of its header."""

    name = models.CharField("方案名称", max_length=100, unique=True)
    source = models.CharField("来源", max_length=20, choices=list(SOURCES.items()), default="tongji")
    fingerprint = models.CharField("表头指纹", max_length=32, db_index=True)
    headers = models.JSONField("表头", default=list, blank=True)  # the layout's headers, to show
    columns = models.JSONField("列映射", default=dict)  # normalised label → {"field", "part", "unit"}
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    used = models.PositiveIntegerField("使用次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "导入方案"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
