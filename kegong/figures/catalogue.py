"""The indicator catalogue: one entry per indicator kegong stores, plain data.

Money is stored in 万元, electricity in 万千瓦时 (energy, never 万千瓦, which is power).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str
    kind: str  # "flow": summed over months; "stock": level at the period's end
    source: str  # tongji | tax | power | project | manual
    aggregation: str = "sum"
    order: int = 0


WAN_YUAN = "万元"
WAN_KWH = "万千瓦时"

INDICATORS: tuple[IndicatorDef, ...] = (
    IndicatorDef("gross_output", "工业总产值", WAN_YUAN, "flow", "tongji", order=10),
    IndicatorDef("sales_output", "工业销售产值", WAN_YUAN, "flow", "tongji", order=20),
    IndicatorDef("export_delivery", "出口交货值", WAN_YUAN, "flow", "tongji", order=30),
    IndicatorDef("revenue", "营业收入", WAN_YUAN, "flow", "tongji", order=40),
    IndicatorDef("profit", "利润总额", WAN_YUAN, "flow", "tongji", order=50),
    IndicatorDef("electricity", "工业用电量", WAN_KWH, "flow", "power", order=60),
    IndicatorDef("tax", "纳税总额", WAN_YUAN, "flow", "tax", order=70),
    IndicatorDef("industrial_investment", "工业投资", WAN_YUAN, "flow", "project", order=80),
    IndicatorDef("renovation_investment", "技改投资", WAN_YUAN, "flow", "project", order=90),
    IndicatorDef("rd_spend", "研发投入", WAN_YUAN, "flow", "manual", order=100),
)

BY_CODE = {d.code: d for d in INDICATORS}
SOURCES = {"tongji": "统计局", "tax": "税务局", "power": "供电公司", "project": "项目库", "manual": "手工录入",
           "template": "kegong 模板", "demo": "演示数据"}
