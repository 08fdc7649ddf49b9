"""存在问题 and 建议 of the monthly 工业经济运行简报, drawn from the month's own figures.

Pure: ``monthly_points(ctx)`` reads a context-like mapping — ``period`` (``span``), ``industry`` (code →
*figure*), ``sections`` and ``towns`` (*part* lists) and ``targets`` (*target* list), as
:func:`kegong.reports.context.build_context` makes them — and returns ``{"problems": [...], "suggestions":
[...]}``, each a list of paragraphs numbered （一）（二）…

The rules are the table ``RULES``: a condition (which indicators fell, which slowed by ``SLOWDOWN_PP`` points
or more, which towns and sections fell, which targets lag their time progress) and the two sentence templates
it fills in with the figures' own phrases (``growth``, ``pp_change_text``, ``contribution_text``, the
target's ``text``). Nothing here computes a figure; when no rule holds, ``CALM`` is said.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kegong.reports import phrasing as ph

SLOWDOWN_PP = 1.0  # a growing indicator whose growth fell this many points or more 较上一累计期
NUMERALS = "一二三四五六七八九十"
WATCHED = ("gross_output", "revenue", "profit", "tax", "electricity", "industrial_investment",
           "renovation_investment")

Fields = dict[str, str]


@dataclass(frozen=True)
class Rule:
    """When ``find`` gives fields (not None), the problem and the suggestion are its templates filled in."""

    name: str
    find: Callable[[Mapping[str, Any]], Fields | None]
    problem: str
    suggestion: str


def _figures(ctx: Mapping[str, Any], codes: Sequence[str]) -> list:
    industry = ctx.get("industry") or {}
    return [f for f in (industry.get(c) for c in codes) if f is not None and getattr(f, "has_data", False)]


def _joined(items: Sequence[str], sep: str = "、") -> str:
    return sep.join(items)


def _fell(codes: Sequence[str]) -> Callable[[Mapping[str, Any]], Fields | None]:
    """The indicators among ``codes`` whose cumulative fell: 工业投资同比下降30.7%（增速较1-10月回落0.5个百分点）."""
    def find(ctx: Mapping[str, Any]) -> Fields | None:
        fell = [f for f in _figures(ctx, codes) if f.verb == "下降"]
        if not fell:
            return None
        return {"names": _joined([f.name for f in fell]),
                "details": _joined([f"{f.name}{f.growth}" + (f"（{f.pp_change_text}）" if f.pp_change_text else "")
                                    for f in fell])}
    return find


def _slowed(ctx: Mapping[str, Any]) -> Fields | None:
    """Indicators still growing (or flat) whose growth dropped by ``SLOWDOWN_PP`` points or more."""
    slowed = [f for f in _figures(ctx, WATCHED) if f.verb in ("增长", "持平") and f.pp_change is not None
              and ph.rounded(f.pp_change, 1) <= -SLOWDOWN_PP]
    if not slowed:
        return None
    return {"names": _joined([f.name for f in slowed]),
            "details": _joined([f"{f.name}{f.growth}，{f.pp_change_text}" for f in slowed], "；")}


def _parts_fell(kind: str) -> Callable[[Mapping[str, Any]], Fields | None]:
    """The towns or sections whose gross output fell, with what each took off the county's growth."""
    def find(ctx: Mapping[str, Any]) -> Fields | None:
        fell = [p for p in ctx.get(kind) or [] if p.gross_output.verb == "下降"]
        if not fell:
            return None
        return {"names": _joined([p.name for p in fell]), "count": str(len(fell)),
                "details": _joined([f"{p.name}{p.gross_output.growth}"
                                    + (f"，{p.contribution_text}" if p.contribution_text else "") for p in fell], "；")}
    return find


def _lagging(ctx: Mapping[str, Any]) -> Fields | None:
    """Targets behind their time progress (or below their goal): the core's own sentence on each."""
    behind = [t for t in ctx.get("targets") or [] if t.status == "滞后"]
    if not behind:
        return None
    return {"names": _joined([t.name for t in behind]),
            "details": _joined([t.text.removesuffix("（滞后）") for t in behind], "；")}


RULES: tuple[Rule, ...] = (
    Rule("output_fell", _fell(("gross_output", "revenue", "profit")),
         "{names}同比下降。{span}，{details}，工业生产承压。",
         "稳生产保增长。加强重点企业生产调度，帮助企业拓市场、保订单、稳用工，推动{names}止跌回升。"),
    Rule("investment_fell", _fell(("industrial_investment", "renovation_investment")),
         "{names}同比下降。{span}，{details}，项目支撑不足。",
         "抓项目稳投资。加快在建工业和技改项目建设进度，推动尽早形成实物工作量，谋划储备一批新项目，扭转{names}下降局面。"),
    Rule("tax_fell", _fell(("tax",)), "{names}同比下降。{span}，{details}。",
         "加强税源跟踪分析。摸清重点纳税企业经营和纳税变化，落实好助企纾困政策，稳定工业税收。"),
    Rule("electricity_fell", _fell(("electricity",)), "{names}同比下降。{span}，{details}，企业开工不足。",
         "关注企业开工用能情况。对用电量明显下降的企业逐一走访，了解停产减产原因，协调解决实际困难。"),
    Rule("slowed", _slowed, "{names}增速回落。{span}，{details}。",
         "密切跟踪{names}走势。分析增速回落原因，加强月度调度和预警，及时协调解决企业生产经营中的困难。"),
    Rule("towns_fell", _parts_fell("towns"),
         "部分乡镇（街道）总产值下降。{span}，{count}个乡镇（街道）规模工业总产值同比下降：{details}。",
         "加强乡镇（街道）工业运行调度。督促{names}逐企分析下降原因，一企一策帮助企业稳产增产。"),
    Rule("sections_fell", _parts_fell("sections"), "{names}总产值下降。{span}，{details}。",
         "分行业精准施策。针对{names}生产下降的原因，帮助重点企业稳定生产、拓展市场。"),
    Rule("targets_lagging", _lagging, "部分年度目标进度滞后。{details}。",
         "对照年度目标倒排进度。针对{names}等滞后目标，逐项明确责任和措施，力争全年目标任务完成。"),
)
CALM = ("主要指标总体平稳，增长基础仍需巩固。{span}，全县规模工业总产值{growth}，主要指标、乡镇（街道）和年度目标未出现下降或滞后。",
        "巩固工业经济运行向好势头。加强重点企业、重点项目跟踪服务，确保全年目标任务完成。")


def _numbered(paragraphs: Sequence[str]) -> list[str]:
    return [f"（{NUMERALS[i] if i < len(NUMERALS) else i + 1}）{p}" for i, p in enumerate(paragraphs)]


def monthly_points(ctx: Mapping[str, Any]) -> dict[str, list[str]]:
    """The briefing's 存在问题 and 建议: one problem and one suggestion per rule that holds (suggestions said
    once), numbered; ``CALM`` when none holds."""
    span = (ctx.get("period") or {}).get("span", "")
    problems: list[str] = []
    suggestions: list[str] = []
    for rule in RULES:
        fields = rule.find(ctx)
        if fields is None:
            continue
        problems.append(rule.problem.format(span=span, **fields))
        advice = rule.suggestion.format(span=span, **fields)
        if advice not in suggestions:
            suggestions.append(advice)
    if not problems:
        gross = (ctx.get("industry") or {}).get("gross_output")
        growth = gross.growth if gross is not None else ph.NO_DATA
        problems, suggestions = [CALM[0].format(span=span, growth=growth)], [CALM[1]]
    return {"problems": _numbered(problems), "suggestions": _numbered(suggestions)}
