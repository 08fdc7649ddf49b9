"""全县数据: county-level numbers per period — published figures and the facts staff keep."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kegong.core.catalogue import COUNTY_MEASURES


class CountyFigure(models.Model):
    """A county-level figure entered or imported per period: the official 规上工业增加值 growth as the
    statistics bureau publishes it, GDP, the industrial producer price index, high-tech value added…"""

    code = models.CharField("代码", max_length=40)
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月（累计截止）")
    value = models.DecimalField("数值", max_digits=20, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   verbose_name="修改人", related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "全县公布数据"
        constraints = [models.UniqueConstraint(fields=["code", "year", "month"], name="countyfigure_unique")]

    def __str__(self) -> str:
        d = COUNTY_MEASURES.get(self.code)
        return f"{d.name if d else self.code} {self.year}年1-{self.month}月"
