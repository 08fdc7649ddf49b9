"""Report and briefing commands: ``kegong report``, ``kegong briefing``.

A thin shell: the data come from ``kegong.reports.sources`` (the statistical core), the document from
``kegong.reports.writer``; staff's per-period facts and texts from ``kegong.briefing``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import click

from kegong.cli.app import KegongError, main, parse_period_option, period_or_latest, setup_django

KINDS = ("monthly", "half-year")
KIND_NAMES = {"monthly": "工业经济运行简报", "half-year": "工作总结及工作计划"}


def _cumulative(text: str):
    return parse_period_option(text, cumulative=True)


@main.group()
def report() -> None:
    """生成 Word 报告：工业经济运行简报（monthly）、半年工作总结（half-year）。"""


def _generate(kind: str, period: str, output: Path | None, template: Path | None, fmt: str | None,
              issued: str | None, no_cache: bool) -> None:
    from kegong.core.rules.documents import covered, title_label
    from kegong.reports import writer
    from kegong.reports.context import missing_inputs
    from kegong.reports.sources import FORECAST_LIST, default_cache_dir, gather

    p = period_or_latest(period)
    if fmt is None:
        suffix = output.suffix.lower() if output is not None else ""
        fmt = {".md": "md", ".pdf": "pdf"}.get(suffix, "docx")
    if template is None:
        template = writer.default_template(kind)
    elif not template.exists():
        raise KegongError(f"模板文件 {template} 不存在")
    elif template.suffix.lower() != ".docx":
        raise KegongError(f"模板 {template.name} 不是 .docx 文件（请在 Word 中另存为 .docx）")
    try:
        day = dt.date.fromisoformat(issued) if issued else None  # default: the day after the data were due
    except ValueError:
        raise KegongError(f"日期“{issued}”无效，请用 YYYY-MM-DD") from None
    codes = writer.check(template, FORECAST_LIST)  # placeholders first: no data gathered for a bad template
    setup_django()
    try:
        data = gather(p, forecast_codes=codes, issued=day, cache_dir=None if no_cache else default_cache_dir(),
                      covers=covered(kind, p))
        label = title_label(kind, p)
        if output is None:
            output = Path(f"{data.county_name}{label}{KIND_NAMES[kind]}.{fmt}")
        if fmt == "md":
            writer.write_markdown(data, output, template, checked=True)
        elif fmt == "pdf":
            _write_pdf(data, output, template)
        else:
            writer.write_docx(data, output, template, checked=True)
    except OSError as e:
        raise KegongError(f"无法写入 {output}：{e.strerror or e}") from None
    early = f"（数据截至{p.span_label()}，{data.covers.span_label()}为预计）" if data.covers else ""
    click.echo(f"已生成 {label}{KIND_NAMES[kind]}{early}：{output}")
    for note in missing_inputs(data):
        click.echo(f"提示：{note}", err=True)


def _write_pdf(data, output: Path, template: Path) -> None:
    """The .docx rendered in a temporary folder and converted by LibreOffice with kegong's fonts."""
    import tempfile

    from kegong.reports import writer
    from kegong.reports.convert import docx_to_pdf

    with tempfile.TemporaryDirectory(prefix="kegong-pdf-") as tmp:
        docx = Path(tmp) / f"{output.stem}.docx"
        writer.write_docx(data, docx, template, checked=True)
        pdf = docx_to_pdf(docx, Path(tmp))
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(pdf), output)


def _report_command(kind: str):
    @click.option("--period", default=None, help="累计期，如 2026-06、2026年6月、上半年（默认最新有数据的月份）。")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="输出文件（.docx；--format md/pdf 时为 .md/.pdf）。默认：县名+期别+报告名。")
    @click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
                  help="用自己修改过的 Word 模板（.docx）；可用 kegong report template 导出默认模板来改。")
    @click.option("--format", "fmt", type=click.Choice(["docx", "md", "pdf"]), default=None,
                  help="docx（默认）、md（纯文本预览，图表另存为 PNG）或 pdf（经 LibreOffice 转换）。")
    @click.option("--date", "issued", default=None, help="成文日期 YYYY-MM-DD，默认为本期数据报送截止日（次月5日，遇节假日顺延）的次日。")
    @click.option("--no-cache", is_flag=True, help="不使用已保存的预测结果，重新计算。")
    def command(period, output, template, fmt, issued, no_cache):
        _generate(kind, period, output, template, fmt, issued, no_cache)

    command.__doc__ = {"monthly": "生成某月的工业经济运行简报。",
                       "half-year": "生成工作总结及工作计划（上半年总结及下半年计划的结构）。"}[kind]
    return report.command(name=kind)(command)


for _kind in KINDS:
    _report_command(_kind)


@report.command(name="template")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="导出到此 .docx 文件，用 Word 修改后以 --template 使用。")
def export_template(kind: str, output: Path) -> None:
    """导出默认 Word 模板，供修改（占位符说明见 kegong/reports/CONTEXT.md）。"""
    from kegong.reports.writer import default_template

    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(default_template(kind), output)
    except OSError as e:
        raise KegongError(f"无法写入 {output}：{e.strerror or e}") from None
    click.echo(f"已导出 {KIND_NAMES[kind]}模板：{output}")


@report.command(name="pdf")
@click.argument("docx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--outdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="PDF 输出目录，默认与 .docx 相同。")
def to_pdf(docx: Path, outdir: Path | None) -> None:
    """用 LibreOffice 把报告转换为 PDF（中文字体按模板所列映射到 Noto CJK 简体字形）。"""
    from kegong.reports.convert import docx_to_pdf

    pdf = docx_to_pdf(docx, outdir or docx.parent)
    click.echo(f"已转换：{pdf}")


# --- briefing: staff's per-period facts and texts ------------------------------------------------------
@main.group()
def briefing() -> None:
    """每期填报数据（研发备案企业数、5G 站点、墙材产量……）和文字材料（存在问题、工作举措……）。"""


@briefing.command(name="show")
@click.option("--period", required=True, help="累计期 YYYY-MM。")
def briefing_show(period: str) -> None:
    """列出本期已填报的数据和文字材料的来源。"""
    p = _cumulative(period)
    setup_django()
    from kegong.core.catalogue import FACTS, GROUPS, TEXTS_BY_KIND
    from kegong.county.selectors import facts_for
    from kegong.reports.context import fact_view
    from kegong.reports.selectors import texts_for

    facts = facts_for(p.year, p.end)
    click.echo(f"{p.label()} 填报数据（{len(facts)}/{len(FACTS)} 项）：")
    for group, title in GROUPS.items():
        click.echo(f"  【{title}】")
        for d in (d for d in FACTS if d.group == group):
            v = fact_view(d, facts.get(d.code))
            click.echo(f"    {d.code:<26} {d.name}：{v.text if v else '未填'}")
    click.echo("文字材料：")
    source = {"own": "本期", "carried": "沿用", "default": "默认"}
    for kind, t in texts_for(p.year, p.end).items():
        origin = source[t.source] + (f" {t.from_period}" if t.from_period else "")
        click.echo(f"  {TEXTS_BY_KIND[kind].name}（{kind}） [{origin}] {t.text[:30].replace(chr(10), ' ')}…")


@briefing.command(name="set")
@click.option("--period", required=True, help="累计期 YYYY-MM。")
@click.argument("code")
@click.argument("value")
@click.option("--note", default="", help="说明。")
def briefing_set(period: str, code: str, value: str, note: str) -> None:
    """填报一项数据：kegong briefing set --period 2026-06 g5_done_sites 133"""
    p = _cumulative(period)
    setup_django()
    from kegong.core.catalogue import COUNTY_MEASURES
    from kegong.county.services import county_figure_set

    county_figure_set(code=code, year=p.year, month=p.end, value=value, note=note)
    d = COUNTY_MEASURES[code]
    click.echo(f"已填报 {p.label()} {d.name}：{value}{d.unit}")


@briefing.command(name="text")
@click.option("--period", required=True, help="累计期 YYYY-MM。")
@click.argument("kind")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True), required=False)
def briefing_text(period: str, kind: str, file: str | None) -> None:
    """设置一栏文字（每段一行），从文件或标准输入（-）读取；不给文件则打印本期起草基础。"""
    p = _cumulative(period)
    setup_django()
    from kegong.core.catalogue import text_kind
    from kegong.reports.selectors import starting_text, texts_for
    from kegong.reports.services import period_text_set

    try:
        if file is None:
            kind = text_kind(kind)
            current = texts_for(p.year, p.end).get(kind) or starting_text(kind, p.year, p.end)
            click.echo(current.text)
            return
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        period_text_set(kind=kind, year=p.year, month=p.end, text=text)
    except (OSError, UnicodeDecodeError) as e:
        raise KegongError(f"无法读取 {file}：{e}") from None
    click.echo(f"已保存 {p.label()} 文字材料“{kind}”")


@briefing.command(name="start")
@click.option("--period", required=True, help="累计期 YYYY-MM。")
def briefing_start(period: str) -> None:
    """以最近一期的文字为起点，建立本期各栏文字（已有的不动），再逐栏修改。"""
    p = _cumulative(period)
    setup_django()
    from kegong.reports.services import period_texts_start

    created = period_texts_start(year=p.year, month=p.end)
    click.echo(f"{p.label()}：已建立 {len(created)} 栏文字" + (f"（{'、'.join(created)}）" if created else ""))


@briefing.command(name="demo")
@click.option("--period", required=True, help="累计期 YYYY-MM。")
@click.option("--seed", default=2026, show_default=True)
def briefing_demo(period: str, seed: int) -> None:
    """为演示县填入一套演示用的本期填报数据（标注“演示数据”）。"""
    p = _cumulative(period)
    setup_django()
    from kegong.demo.facts import seed_facts

    n = seed_facts(p.year, p.end, seed=seed)
    click.echo(f"已为 {p.label()} 填入 {n} 项演示数据")
