"""The default templates: reproducible from their script, GB/T 9704-2012 page and type, fonts named."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kegong.reports.build_templates import TEMPLATE_DIR, TEMPLATES, build_all
from kegong.reports.convert import FONTS_CONF, font_env

PATHS = [TEMPLATE_DIR / name for name in TEMPLATES.values()]


def test_committed_templates_are_what_the_script_builds(tmp_path):
    for built in build_all(tmp_path):
        committed = TEMPLATE_DIR / built.name
        assert built.read_bytes() == committed.read_bytes(), (
            f"{built.name} differs from the script's output: run python -m kegong.reports.build_templates")


def _fonts(style) -> dict[str, str]:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return {k: rfonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_page_is_gbt9704(path):
    doc = Document(str(path))
    s = doc.sections[0]
    got = [s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin]
    assert [round(x.mm, 1) for x in got] == [210, 297, 37, 35, 28, 26]  # stored in twips


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_type_is_gbt9704_and_fonts_are_named(path):
    doc = Document(str(path))
    st = doc.styles
    normal = st["Normal"]
    assert _fonts(normal) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "仿宋_GB2312")
    assert normal.font.size == Pt(16)
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(28.95)
    assert pf.first_line_indent == Pt(32)
    # 225 mm of 版心 at 28.95 pt a line: 22 lines a page
    assert int(Mm(297 - 37 - 35).pt // pf.line_spacing.pt) == 22
    assert _fonts(st["公文标题"])["eastAsia"] == "方正小标宋简体" and st["公文标题"].font.size == Pt(22)
    assert st["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _fonts(st["一级标题"])["eastAsia"] == "黑体"
    assert _fonts(st["二级标题"])["eastAsia"] == "楷体_GB2312"
    assert st["一级标题"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_page_numbers_odd_right_even_left(path):
    doc = Document(str(path))
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    for footer, align in ((s.footer, WD_ALIGN_PARAGRAPH.RIGHT), (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in xml and p.text.startswith("— ") and p.text.endswith(" —")
        run = p.runs[0]
        assert run.font.size == Pt(14)
        assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    assert s.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)
    assert s.even_page_footer.paragraphs[0].paragraph_format.left_indent == Pt(14)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_tags_sit_in_single_runs(path):
    """docxtpl needs each tag inside one run; the builder writes one run per paragraph/cell."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    import re

    for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml):
        assert t.count("{{") == t.count("}}") and t.count("{%") == t.count("%}"), t


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig tools not installed")
@pytest.mark.parametrize(("family", "expected"), [
    ("方正小标宋简体", "Noto Serif CJK SC"), ("宋体", "Noto Serif CJK SC"), ("仿宋_GB2312", "Noto Serif CJK SC"),
    ("仿宋", "Noto Serif CJK SC"), ("楷体_GB2312", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC")])
def test_fontconfig_maps_official_fonts_to_simplified_noto(family, expected):
    out = subprocess.run(["fc-match", "-f", "%{family[0]}", family], env=font_env(), capture_output=True,
                         text=True, check=True).stdout
    if "Noto" not in out:
        pytest.skip("Noto CJK fonts not installed")
    assert out == expected
    assert FONTS_CONF.exists()
