"""Checking a template's placeholders against the documented context — before any data is gathered.

Two layers:

* :func:`check_template` walks the template's Jinja syntax tree (docxtpl's own XML patching first) and
  resolves every name and attribute chain — ``industry.gross_output.cumulative_yi``, ``t.gross_output.yoy``
  inside ``{%tr for t in towns %}`` — against a *shape* context: the real context of an empty report with
  one specimen item in every list. It checks every branch (also the ``{% if %}`` branches a given period
  would not take) and costs milliseconds. Top-level names also go through docxtpl's
  ``get_undeclared_template_variables``.
* while rendering, a strict ``Undefined`` turns anything that still slips through into the same error.

Either way the error names the placeholder and lists the names that would have been accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateSyntaxError, UndefinedError, nodes

from kegong.core.errors import InputError
from kegong.core.periods import Period
from kegong.reports import context as C
from kegong.reports.data import Outlook, Part, ReportData, TargetLine

DOC_HINT = "（详见 kegong/reports/CONTEXT.md）"


class ReportError(InputError):
    """A report that cannot be made as asked; the message is Chinese (one line)."""


class PlaceholderError(UndefinedError):
    def __init__(self, name: str | None, obj: Any):
        super().__init__(f"undefined {name}")
        self.name, self.obj = name, obj


class _Strict(StrictUndefined):
    """Undefined that fails on any use and remembers what was asked of what."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args, **kwargs):
        raise PlaceholderError(self._undefined_name, self._undefined_obj)

    __iter__ = __str__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = __contains__ = \
        _fail_with_undefined_error
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __call__ = __getitem__ = \
        __lt__ = __le__ = __gt__ = __ge__ = __int__ = __float__ = __complex__ = __pow__ = __rpow__ = \
        _fail_with_undefined_error


def jinja_env() -> Environment:
    return Environment(undefined=_Strict, autoescape=True)


def syntax_error(e: TemplateSyntaxError) -> ReportError:
    return ReportError(f"模板语法错误（{e.message}）：请检查 {{{{ }}}} 与 {{% %}} 是否成对、拼写是否正确")


def known_names(obj: Any) -> list[str]:
    """The names a template may use on ``obj`` (dict keys, dataclass fields, a part's indicator codes)."""
    if isinstance(obj, dict):
        return sorted(map(str, obj))
    names: list[str] = []
    if is_dataclass(obj):
        names = [f.name for f in fields(obj) if f.name != "figures"]
        names += sorted(getattr(obj, "figures", {}) or {})
    elif isinstance(obj, list | tuple):
        return ["（列表：请用 {% for … in … %} 逐项使用）"]
    return names


# view classes by the names CONTEXT.md gives them
DOC_NAMES = {"FigureView": "figure", "PartView": "part", "OutlookView": "forecast", "FactView": "fact",
             "CountyFigureView": "county figure", "TargetView": "target", "GoalView": "goal",
             "ValueAddedView": "industry.value_added", "str": "文字段落"}


def unknown_error(where: str, name: str, obj: Any, parent: str = "") -> ReportError:
    owner = DOC_NAMES.get(type(obj).__name__, parent) if obj is not None else parent
    known = known_names(obj)
    return ReportError(f"模板占位符 {where} 中的“{name}”无法识别" + (f"（{owner} 没有这一项）" if owner else "")
                       + (f"；可用的有：{'、'.join(known)}" if known else "") + DOC_HINT)


# --- the template's XML and syntax tree -----------------------------------------------------------------
def template_xml(tpl: DocxTemplate) -> str:
    """Body, headers and footers as docxtpl patches them before handing them to Jinja."""
    tpl.init_docx()
    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            xml += tpl.patch_xml(tpl.get_part_xml(part))
    return xml


def tags(xml: str) -> list[str]:
    text = re.sub(r"<[^>]+>", "", xml)
    return re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.S)


def where(xml: str, path: str) -> str:
    """The tag (as the user typed it) that contains ``path`` (``industry.gross_output.foo``)."""
    last = path.rsplit(".", 1)[-1]
    for tag in tags(xml):
        flat = re.sub(r"\s+", "", tag)
        if path.replace(" ", "") in flat:
            return tag
    for tag in tags(xml):
        if re.search(rf"\b{re.escape(last)}\b", tag):
            return tag
    return path


def load(template: Path) -> DocxTemplate:
    if not template.exists():
        raise ReportError(f"模板文件 {template} 不存在")
    try:
        tpl = DocxTemplate(str(template))
        tpl.init_docx()
    except Exception as e:  # not a .docx: zip/xml errors of many kinds
        raise ReportError(f"无法读取模板 {template.name}：不是有效的 Word（.docx）文件（{type(e).__name__}）") from None
    return tpl


def parse(tpl: DocxTemplate, env: Environment | None = None) -> tuple[str, nodes.Template]:
    xml = template_xml(tpl)
    try:
        return xml, (env or jinja_env()).parse(xml)
    except TemplateSyntaxError as e:
        raise syntax_error(e) from None


# --- the shape context ----------------------------------------------------------------------------------
def shape_context() -> dict[str, Any]:
    """The context of an empty report with one specimen in every list and every optional view filled in,
    so that every documented name resolves to something of its real type."""
    period = Period.cumulative(2000, 6)
    d = C.INDICATOR_DEFS["gross_output"]
    outlook = C.outlook_view(Outlook(d.code, d.name, d.unit, "1-7月", None, None, None, None, None, None, 0.8))
    figure = replace(C.figure_view(C.empty_measure("gross_output"), against=""), forecast=outlook)
    part = C.part_view(Part(key="", label="", members=0, measures={}), "")
    part.figures.update({code: figure for code in part.figures})
    target = C.target_view(TargetLine("", "", "level", 1.0, "", None, None, 0.5, None, None, ""), period)
    goal = C.goal_view(TargetLine("", "", "level", 1.0, "", None, None, 0.5, None, None, ""))
    ctx = C.build_context(ReportData(county_name="", period=period, issued=dt.date(2000, 7, 1),
                                     enterprises=None, new_enterprises=None, county={}))
    industry = ctx["industry"]
    for code in C.TEXT_INDICATORS:
        industry[code] = replace(industry[code], forecast=outlook)
    industry["value_added"] = replace(industry["value_added"], forecast=outlook)
    ctx.update(indicators=[figure], sections=[part], towns=[part], towns_growing=[part], towns_declining=[part],
               section={"B": part, "C": part, "D": part}, targets=[target], goals=[goal], forecasts=[outlook])
    ctx["analysis"]["declines"] = [figure]
    ctx["prose"] = {k: [""] for k in ctx["prose"]}
    return ctx


# --- the static walk ------------------------------------------------------------------------------------
_UNKNOWN = object()


def _lookup(obj: Any, name: str) -> Any:
    """The attribute/key ``name`` of ``obj`` as Jinja would find it; raise KeyError when it has none."""
    if obj is _UNKNOWN or obj is None:
        return _UNKNOWN
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
        raise KeyError(name)
    if isinstance(obj, str | int | float | list | tuple):
        if name in dir(obj) and not name.startswith("_"):
            return _UNKNOWN  # a method (p.strip(), …): allowed, not followed
        raise KeyError(name)
    try:
        return getattr(obj, name)
    except AttributeError:
        raise KeyError(name) from None


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_path(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_path(node.node)}.{node.arg.value}"
    return "…"


class _Checker:
    def __init__(self, ctx: dict[str, Any], xml: str):
        self.ctx, self.xml = ctx, xml

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return self.ctx.get(node.name, _UNKNOWN)
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = self.resolve(node.node, scope)
            if isinstance(node, nodes.Getitem):
                if isinstance(node.arg, nodes.Slice):
                    self.visit(node.arg, scope)
                    return base
                if not (isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)):
                    self.visit(node.arg, scope)
                    return base[0] if isinstance(base, list) and base else _UNKNOWN
                name = node.arg.value
            else:
                name = node.attr
            try:
                return _lookup(base, name)
            except KeyError:
                path = _path(node)
                raise unknown_error(where(self.xml, path), name, base, _path(node.node)) from None
        self.visit(node, scope)
        return _UNKNOWN

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            items = self.resolve(node.iter, scope)
            inner = dict(scope, loop=_UNKNOWN)
            item = items[0] if isinstance(items, list) and items else _UNKNOWN
            for name in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
                inner[name.name] = item if isinstance(node.target, nodes.Name) else _UNKNOWN
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for name in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]:
                scope[name.name] = _UNKNOWN
            if isinstance(node, nodes.Assign):
                self.visit(node.node, scope)
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def check_template(tpl: DocxTemplate, env: Environment | None = None) -> nodes.Template:
    """Raise :class:`ReportError` for any placeholder the context does not have; return the syntax tree."""
    env = env or jinja_env()
    xml, tree = parse(tpl, env)
    ctx = shape_context()
    unknown = set(tpl.get_undeclared_template_variables(env, ctx)) - set(env.globals) - {"loop"}
    if unknown:
        names = "、".join(sorted(unknown))
        raise ReportError(f"模板中有未知的占位符：{names}；可用的顶层名称：{'、'.join(sorted(ctx))}{DOC_HINT}")
    _Checker(ctx, xml).visit(tree, {})
    return tree


# industry.* names made from the gross-output forecast (the month a 预计 figure needs that is not yet in)
DERIVED_FROM_OUTPUT = ("high_tech_forecast",)


def forecast_codes(tree: nodes.Template, listed: tuple[str, ...]) -> tuple[str, ...]:
    """The indicators whose forecast the template prints: ``industry.<code>.forecast`` by name, and the
    ``listed`` ones when it uses the ``forecasts`` list or a forecast of a loop item."""
    codes: list[str] = []
    wants_list = any(n.name == "forecasts" for n in tree.find_all(nodes.Name))
    for n in tree.find_all(nodes.Getattr):
        if n.attr != "forecast":
            continue
        inner = n.node
        if (isinstance(inner, nodes.Getattr) and isinstance(inner.node, nodes.Name)
                and inner.node.name == "industry"):
            # the value-added forecast is made from gross output's (kegong.reports.outlooks)
            codes.append("gross_output" if inner.attr == "value_added" else inner.attr)
        else:
            wants_list = True
    if any(n.attr in DERIVED_FROM_OUTPUT for n in tree.find_all(nodes.Getattr)):
        codes.append("gross_output")
    if wants_list:
        codes += listed
    return tuple(dict.fromkeys(codes))
