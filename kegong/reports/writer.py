"""Render a report: a docxtpl template + the context → a .docx (or its Markdown preview).

Placeholders are checked before anything is written (``placeholders.check_template``): a name the context
does not have is a :class:`ReportError` naming it and listing the known names, never a silent blank.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import InlineImage
from jinja2 import TemplateSyntaxError

from kegong.core.stats.targets import Status
from kegong.reports import charts as ch
from kegong.reports import placeholders as P
from kegong.reports.build_templates import TEMPLATE_DIR, TEMPLATES
from kegong.reports.context import build_context
from kegong.reports.data import ReportData
from kegong.reports.placeholders import ReportError

__all__ = ["ReportError", "Rendered", "check", "default_template", "render", "to_markdown", "write_docx",
           "write_markdown"]

CHART_WIDTH = Mm(150)


def default_template(kind: str) -> Path:
    try:
        return TEMPLATE_DIR / TEMPLATES[kind]
    except KeyError:
        raise ReportError(f"未知的报告类型“{kind}”（可用：{'、'.join(TEMPLATES)}）") from None


def check(template: Path, listed: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Check the template's placeholders (no data needed) and return the forecasts it prints."""
    tree = P.check_template(P.load(template))
    return P.forecast_codes(tree, listed)


# --- rendering ------------------------------------------------------------------------------------------
@dataclass
class Rendered:
    document: Any  # docx.Document
    context: dict[str, Any]
    charts: dict[str, bytes]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.document.save(str(path))


def chart_images(context: dict[str, Any], data: ReportData) -> dict[str, bytes]:
    """The four charts as PNG bytes (absent when there is nothing to draw)."""
    out: dict[str, bytes | None] = {}
    names = {c: context["industry"][c].name for c in ("gross_output", "electricity", "tax",
                                                      "industrial_investment")}
    out["trend"] = ch.trend_chart({names[c]: pts for c, pts in data.trend.items() if c in names})
    towns = context["towns"]
    gross = context["industry"]["gross_output"]
    out["towns"] = ch.growth_bars([t.name for t in towns], [t.gross_output.yoy_pct for t in towns],
                                  average=gross.yoy_pct)
    secs = context["sections"]
    out["sections"] = ch.growth_and_pull([s.name for s in secs], [s.gross_output.yoy_pct for s in secs],
                                         [s.contribution_pp for s in secs])
    level = [t for t in context["targets"] if t.kind != "growth"]
    out["targets"] = ch.target_progress([t.name for t in level], [t.completion_pct for t in level],
                                        100 * data.period.time_progress(),
                                        behind=[t.status == Status.BEHIND.label for t in level],
                                        shares=[t.kind == "share" for t in level])
    return {k: v for k, v in out.items() if v}


def render(data: ReportData, template: Path, *, with_charts: bool = True, checked: bool = False) -> Rendered:
    """Render ``template`` with the report's context. The placeholders are checked first (unless the
    caller did, ``checked=True``); a strict Undefined backs the check up while rendering."""
    tpl = P.load(template)
    env = P.jinja_env()
    if not checked:
        P.check_template(tpl, env)
    context = build_context(data)
    images = chart_images(context, data) if with_charts else {}
    context["charts"] = {name: (InlineImage(tpl, io.BytesIO(images[name]), width=CHART_WIDTH)
                                if name in images else "") for name in context["charts"]}
    try:
        tpl.render(context, env, autoescape=True)
    except P.PlaceholderError as e:
        xml = P.template_xml(P.load(template))
        raise P.unknown_error(P.where(xml, e.name or ""), e.name or "", e.obj) from None
    except TemplateSyntaxError as e:
        raise P.syntax_error(e) from None
    keep_spans_together(tpl.docx.element.body)
    return Rendered(document=tpl.docx, context=context, charts=images)


_SPAN = re.compile(r"(?<=\d)-(?=\d)")


def keep_spans_together(body) -> None:
    """``1-7月`` must not break after its hyphen: digit-hyphen-digit becomes Word's non-breaking hyphen
    (``w:noBreakHyphen``, which python-docx and Word read back as "-")."""
    for t in body.iter(qn("w:t")):
        text = t.text or ""
        if not _SPAN.search(text):
            continue
        parts = _SPAN.split(text)
        t.text = parts[0]
        t.set(qn("xml:space"), "preserve")
        anchor = t
        for part in parts[1:]:
            hyphen = OxmlElement("w:noBreakHyphen")
            anchor.addnext(hyphen)
            nxt = OxmlElement("w:t")
            nxt.set(qn("xml:space"), "preserve")
            nxt.text = part
            hyphen.addnext(nxt)
            anchor = nxt


def write_docx(data: ReportData, out: Path, template: Path, checked: bool = False) -> Rendered:
    r = render(data, template, checked=checked)
    r.save(out)
    return r


# --- Markdown preview -----------------------------------------------------------------------------------
_HEADING = {"公文标题": "# ", "简报报头": "# ", "一级标题": "## ", "二级标题": "### ", "三级标题": "#### ",
            "图表题": "**"}


def to_markdown(rendered: Rendered, image_dir: Path | None = None, image_prefix: str = "") -> str:
    """The rendered document as plain Markdown: headings by style, tables as pipe tables, charts as
    image links (written to ``image_dir``)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = rendered.document
    lines: list[str] = []
    blips = {}
    for rel in doc.part.rels.values():
        if "image" in rel.reltype:
            blips[rel.rId] = rel.target_part.blob
    written = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            ids = block._p.xpath(".//a:blip/@r:embed")
            for rid in ids:
                written += 1
                name = f"{image_prefix}chart{written}.png"
                if image_dir is not None and rid in blips:
                    image_dir.mkdir(parents=True, exist_ok=True)
                    (image_dir / name).write_bytes(blips[rid])
                lines += [f"![图{written}]({name})", ""]
            if not text:
                continue
            mark = _HEADING.get(block.style.name if block.style is not None else "", "")
            if mark:  # a heading set on two lines in Word is one line here
                text = "".join(part.strip() for part in text.splitlines())
            lines += [f"**{text}**" if mark == "**" else f"{mark}{text}", ""]
        elif isinstance(block, Table):
            rows = [[c.text.strip().replace("|", "｜") for c in r.cells] for r in block.rows]
            if not rows:
                continue
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "---|" * len(rows[0]))
            lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(data: ReportData, out: Path, template: Path, checked: bool = False) -> Rendered:
    r = render(data, template, checked=checked)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_markdown(r, out.parent, image_prefix=f"{out.stem}-"), encoding="utf-8")
    return r
