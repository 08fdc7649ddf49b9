"""报告: the prose sections staff write per period for the documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.core.catalogue import TEXTS


class PeriodText(models.Model):
    """One prose section for one period. ``based_on`` records the period it was started from."""

    kind = models.CharField("栏目", max_length=20, choices=[(t.kind, t.name) for t in TEXTS])
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（累计截止）")
    text = models.TextField("文字", help_text="每段一行；空行忽略。")
    based_on = models.CharField("起草依据", max_length=20, blank=True,
                                help_text="从哪一期的文字复制起草（如 2026-05），空为新写。")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   verbose_name="修改人", related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "期别文字材料"
        ordering = ["-year", "-month", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "month"], name="periodtext_unique"),
                       models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12),
                                              name="periodtext_month_range")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}年1-{self.month}月"


# the documents the web makes, by the CLI's command names
REPORT_KINDS = (("monthly", "工业经济运行简报"), ("half-year", "工作总结及工作计划"))
KIND_NAMES = dict(REPORT_KINDS)


class ReportTemplate(models.Model):
    """A Word template uploaded through the web, its placeholders checked when it was uploaded. ``path`` is
    relative to the data folder and generated (the user's file name is kept only as ``original_name``)."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("报告类型", max_length=20, choices=REPORT_KINDS)
    path = models.CharField("文件", max_length=200, help_text="数据目录下的相对路径")
    original_name = models.CharField("上传的文件名", max_length=255, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    verbose_name="上传人", related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "报告模板"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class ReportDocument(models.Model):
    """A document generated through the web and kept in the data folder for download. ``approved`` and
    ``approval`` say whether the period was 审定 when it was made."""

    kind = models.CharField("报告类型", max_length=20, choices=REPORT_KINDS)
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（累计截止）")
    template = models.ForeignKey(ReportTemplate, null=True, blank=True, on_delete=models.SET_NULL,
                                 verbose_name="模板", related_name="documents")
    template_name = models.CharField("模板名称", max_length=100, default="默认模板")
    path = models.CharField("文件", max_length=200, help_text="数据目录下的相对路径")
    filename = models.CharField("下载文件名", max_length=200)
    approved = models.BooleanField("生成时已审定", default=False)
    approval = models.CharField("审定情况", max_length=200, blank=True)
    made_at = models.DateTimeField("生成时间", auto_now_add=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                verbose_name="生成人", related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "已生成的报告"
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}年1-{self.month}月{self.get_kind_display()}"
