"""The note and signature lines offices put under a table — 注：…, 填表人：王五　审核人：赵六, 单位负责人：…,
报出日期：… — as one vocabulary every reader skips them by (pure).

``FOOTER_WORDS`` are the words such a line starts with; :func:`footer_line` is the same words followed by
the separator a reader expects (a colon, or a numbered ``注1.``)."""

from __future__ import annotations

import re

FOOTER_WORDS = ("注", "说明", "备注", "填表人", "填报人", "制表人", "制表", "审核人", "审核", "复核人", "复核",
                "单位负责人", "统计负责人", "负责人", "报出日期", "填报日期", "报送日期", "制表日期", "数据来源",
                "资料来源", "联系电话", "联系人")
# a longer word first, so that 单位负责人 is not read as 单位 …
_ALTERNATIVES = "|".join(sorted(FOOTER_WORDS, key=len, reverse=True))


def footer_line(separators: str = r"[:：]") -> re.Pattern[str]:
    """A line starting with a footer word then ``separators`` (a regular expression), a number between them
    allowed (注1：)."""
    return re.compile(rf"({_ALTERNATIVES})\d*\s*{separators}")
