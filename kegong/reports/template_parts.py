"""What the two default templates are built of (kegong.reports.build_templates): the paragraph-level docxtpl
tags, a staff-written prose section, a chart placeholder and the three tables."""

from __future__ import annotations

from kegong.reports.docformat import (
    grid_table,
    keep_with_next,
    loop_rows,
    para,
    table_row,
)

P = "{%p "  # paragraph-level tag opener


def _ploop(doc, expr: str, body: str, style: str | None = None) -> None:
    """A paragraph per item: ``{%p for … %}`` / body / ``{%p endfor %}``."""
    para(doc, f"{P}for {expr} %}}")
    para(doc, body, style)
    para(doc, f"{P}endfor %}}")


def _pif(doc, cond: str, body: str, style: str | None = None) -> None:
    para(doc, f"{P}if {cond} %}}")
    para(doc, body, style)
    para(doc, f"{P}endif %}}")


def _prose(doc, kind: str) -> None:
    """Staff-written paragraphs of one kind for the period (see the briefing app)."""
    _ploop(doc, f"p in prose.{kind}", "{{ p }}")


def _chart(doc, name: str, caption: str) -> None:
    para(doc, f"{P}if charts.{name} %}}")
    p = para(doc, f"{{{{ charts.{name} }}}}", "图")
    keep_with_next(p)
    para(doc, caption, "图表题")
    para(doc, f"{P}endif %}}")


# --- tables ---------------------------------------------------------------------------------------------
# Titles (without "表N　"), also listed in the half-year's 附件说明. The widths (mm, 156 in all) are set so that
# a header never wraps inside a word in 小四 黑体: it fits on one line, or the column is narrower than its name
# and "（" (which may not end a line) takes the unit to the second line whole — 总产值 / （亿元）.
INDICATOR_TITLE = "{{ period.label }}全县规模工业主要指标"
SECTION_TITLE = "{{ period.label }}分行业门类主要指标"
TOWN_TITLE = "{{ period.label }}分乡镇（街道）规模工业总产值"
TOWN_WIDTHS = [38, 20, 22, 20, 34, 22]
SECTION_WIDTHS = [46, 20, 22, 20, 34, 14]
INDICATOR_WIDTHS = [31, 22, 28, 28, 20, 27]
GROWTH, OUTPUT, FIRMS, PULL = "同比（%）", "总产值（亿元）", "企业数（家）", "拉动（百分点）"
# the 合计 row's 拉动 is the county's growth (the towns' pulls add up to it), signed like the rows' ph.pp
SIGNED_GROWTH = ("{% if industry.gross_output.yoy_pct is not none and industry.gross_output.yoy_pct > 0 "
                 "and industry.gross_output.yoy_num != '0.0' %}+{% endif %}{{ industry.gross_output.yoy_num }}")


def _caption(doc, number: str, title: str) -> None:
    keep_with_next(para(doc, f"表{number}　{title}", "图表题"))


def _town_table(doc, number: str) -> None:
    _caption(doc, number, TOWN_TITLE)
    t = grid_table(doc, ["乡镇（街道）", FIRMS, OUTPUT, GROWTH, PULL, "增速排名"], TOWN_WIDTHS)
    loop_rows(doc, t, "for t in towns", [
        "{{ t.name }}", "{{ t.enterprises }}", "{{ t.gross_output.cumulative_yi }}", "{{ t.gross_output.yoy_num }}",
        "{{ t.contribution }}", "{{ t.rank }}"], TOWN_WIDTHS)
    table_row(doc, t, ["全县合计", "{{ industry.enterprises }}", "{{ industry.gross_output.cumulative_yi }}",
                       "{{ industry.gross_output.yoy_num }}", SIGNED_GROWTH, "—"],
              TOWN_WIDTHS, style="表格标题行")
    para(doc, "注：拉动指该乡镇（街道）总产值增量占全县上年同期总产值的百分比，各乡镇拉动之和等于全县增速。", "注释")


def _section_table(doc, number: str) -> None:
    _caption(doc, number, SECTION_TITLE)
    t = grid_table(doc, ["行业门类", FIRMS, OUTPUT, GROWTH, PULL, "排名"], SECTION_WIDTHS)
    loop_rows(doc, t, "for s in sections", [
        "{{ s.name }}", "{{ s.enterprises }}", "{{ s.gross_output.cumulative_yi }}", "{{ s.gross_output.yoy_num }}",
        "{{ s.contribution }}", "{{ s.rank }}"], SECTION_WIDTHS)


def _indicator_table(doc, number: str) -> None:
    _caption(doc, number, INDICATOR_TITLE)
    t = grid_table(doc, ["指标", "单位", "{{ period.span }}累计", "上年同期", GROWTH, "增速变化（百分点）"],
                   INDICATOR_WIDTHS)
    loop_rows(doc, t, "for f in indicators", [
        "{{ f.name }}", "{{ f.display_unit }}", "{{ f.cumulative_display }}", "{{ f.prior_display }}",
        "{{ f.yoy_num }}", "{{ f.pp }}"], INDICATOR_WIDTHS)


# --- the half-year summary (structure of a 县科工局 上半年工作总结及下半年工作计划) -------------------------
