"""企业诉求 限时办结: the categories of an enterprise's problem and the working days promised for each, as data.

The limits are the county's own (its 优化营商环境 限时办结 scheme sets them; staff change them here or per
appeal); the defaults below follow the common practice of county 企业服务 schemes: a simple matter in 5
working days, a cross-department procedure in 15, land and demolition in 20. Source year: 2026.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "县优化营商环境企业诉求限时办结制度（默认值，2026年；以本县文件为准，可逐条修改）"


@dataclass(frozen=True)
class AppealCategory:
    code: str
    name: str
    group: str  # the 三难 the reports speak of: 用工难 / 融资难 / 办事难, or 其他
    days: int  # working days promised


CATEGORIES: tuple[AppealCategory, ...] = (
    AppealCategory("labour", "用工", "用工难", 10),
    AppealCategory("finance", "融资", "融资难", 15),
    AppealCategory("land", "手续：土地", "办事难", 20),
    AppealCategory("eia", "手续：环评", "办事难", 15),
    AppealCategory("demolition", "手续：征地拆迁", "办事难", 20),
    AppealCategory("poles", "手续：杆线迁改", "办事难", 15),
    AppealCategory("other", "其他", "其他", 5),
)
BY_CODE = {c.code: c for c in CATEGORIES}
