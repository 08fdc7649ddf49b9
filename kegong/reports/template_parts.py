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
TOWN_WIDTHS = [32, 22, 28, 22, 28, 24]
SECTION_WIDTHS = [50, 22, 26, 20, 24, 14]


def _town_table(doc, number: str) -> None:
    p = para(doc, f"表{number}　{{{{ period.label }}}}分乡镇（街道）规模工业总产值", "图表题")
    keep_with_next(p)
    t = grid_table(doc, ["乡镇（街道）", "企业数（家）", "总产值（亿元）", "同比（%）", "拉动（百分点）", "增速排名"],
                   TOWN_WIDTHS)
    loop_rows(doc, t, "for t in towns", [
        "{{ t.name }}", "{{ t.enterprises }}", "{{ t.gross_output.cumulative_yi }}", "{{ t.gross_output.yoy_num }}",
        "{{ t.contribution }}", "{{ t.rank }}"], TOWN_WIDTHS)
    table_row(doc, t, ["全县合计", "{{ industry.enterprises }}", "{{ industry.gross_output.cumulative_yi }}",
                       "{{ industry.gross_output.yoy_num }}", "{{ industry.gross_output.yoy_num }}", "—"],
              TOWN_WIDTHS, style="表格标题行")
    para(doc, "注：拉动指该乡镇（街道）总产值增量占全县上年同期总产值的百分比，各乡镇拉动之和等于全县增速。", "注释")


def _section_table(doc, number: str) -> None:
    p = para(doc, f"表{number}　{{{{ period.label }}}}分行业门类主要指标", "图表题")
    keep_with_next(p)
    t = grid_table(doc, ["行业门类", "企业数（家）", "总产值（亿元）", "同比（%）", "拉动（百分点）", "排名"],
                   SECTION_WIDTHS)
    loop_rows(doc, t, "for s in sections", [
        "{{ s.name }}", "{{ s.enterprises }}", "{{ s.gross_output.cumulative_yi }}", "{{ s.gross_output.yoy_num }}",
        "{{ s.contribution }}", "{{ s.rank }}"], SECTION_WIDTHS)


INDICATOR_WIDTHS = [32, 22, 28, 28, 20, 26]


def _indicator_table(doc, number: str) -> None:
    p = para(doc, f"表{number}　{{{{ period.label }}}}全县规模工业主要指标", "图表题")
    keep_with_next(p)
    t = grid_table(doc, ["指标", "单位", "{{ period.span }}累计", "上年同期", "同比（%）", "增速变化（百分点）"],
                   INDICATOR_WIDTHS)
    loop_rows(doc, t, "for f in indicators", [
        "{{ f.name }}", "{{ f.display_unit }}", "{{ f.cumulative_display }}", "{{ f.prior_display }}",
        "{{ f.yoy_num }}", "{{ f.pp }}"], INDICATOR_WIDTHS)


# --- the half-year summary (structure of a 县科工局 上半年工作总结及下半年工作计划) -------------------------
