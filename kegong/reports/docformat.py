"""GB/T 9704-2012 page and type for the default report templates, with python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm); body 仿宋_GB2312 3号
(16 pt) at a fixed 28.95 pt line pitch, 28 characters a line and 22 lines a page (a linesAndChars
document grid, the body condensed to its pitch); title 方正小标宋简体 2号; level-1 headings 黑体, level-2
楷体_GB2312, level-3 仿宋 bold; page numbers 4号 宋体 "— 1 —" 7 mm under the 版心, odd pages right and even
pages left, one character in from the edge; 附件说明 and the 发文机关署名 over the 成文日期 (signature_block).

Fonts are named in every slot of ``w:rFonts`` (ascii, hAnsi, eastAsia, cs) and text is tagged zh-CN, so
Word uses the named face and LibreOffice (with ``fontconfig/fonts.conf``) the Simplified Chinese Noto forms.
Everything is a named style: users restyle a template in Word by editing 公文正文, 一级标题, … once.
"""

from __future__ import annotations

import math

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
SIZE_S4 = Pt(12)  # 小四
SIZE_5 = Pt(10.5)  # 五号
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines
INDENT_2_CHARS = Pt(32)
RED = RGBColor(0xE0, 0x00, 0x00)

TEXT_WIDTH = Mm(210 - 28 - 26)
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
CHAR_PITCH = TEXT_WIDTH.pt / CHARS_PER_LINE  # 15.79 pt: 28 三号 characters fill the 156 mm line
# w:docGrid charSpace: the grid pitch less the 三号 size, in 1/4096 pt (Word's 每行28字 grid)
GRID_CHAR_SPACE = math.floor((CHAR_PITCH - SIZE_3.pt) * 4096)
# w:spacing on the body text, in 1/20 pt: each character condensed so that 28 fit without snapping to the
# grid (LibreOffice widens a character wider than its grid cell to 1.5 cells, and Word's snapping leaves
# gaps after Latin digits — the "纳 税 4755.48 万 元" look)
CONDENSE = math.floor((CHAR_PITCH - SIZE_3.pt) * 20)
CHAR = Pt(SIZE_3.pt + CONDENSE / 20)  # one body character's advance

# style name → (font, size, bold, alignment, first-line indent, line spacing (None: single), outline level)
STYLES: dict[str, tuple] = {
    "公文标题": (TITLE_FONT, SIZE_2, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(35), None),
    "公文副标题": (H2_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, None, LINE_PITCH, None),
    "一级标题": (H1_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT_2_CHARS, LINE_PITCH, 0),
    "二级标题": (H2_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT_2_CHARS, LINE_PITCH, 1),
    "三级标题": (BODY_FONT, SIZE_3, True, WD_ALIGN_PARAGRAPH.JUSTIFY, INDENT_2_CHARS, LINE_PITCH, 2),
    "落款": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, None, LINE_PITCH, None),
    "附件说明": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, None, LINE_PITCH, None),
    "发文机关署名": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, None, LINE_PITCH, None),
    "成文日期": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.RIGHT, None, LINE_PITCH, None),
    "图": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, None, None, None),
    "图表题": (H1_FONT, SIZE_4, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(24), None),
    "表格文字": (BODY_FONT, SIZE_S4, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(18), None),
    "表格标题行": (H1_FONT, SIZE_S4, False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(18), None),
    "注释": (BODY_FONT, SIZE_4, False, WD_ALIGN_PARAGRAPH.JUSTIFY, None, Pt(22), None),
    "简报报头": (TITLE_FONT, Pt(36), False, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(54), None),
    "简报期号": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, None, LINE_PITCH, None),
    "简报发文": (BODY_FONT, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, None, LINE_PITCH, None),
}


def set_run_fonts(rpr_parent, font: str) -> None:
    """Name ``font`` in every rFonts slot (ascii, hAnsi, eastAsia, cs) of a style's or run's rPr."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


def set_lang(rpr_parent) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")  # Latin text (digits) keeps Latin line breaking: 36650.00 is never split
    lang.set(qn("w:eastAsia"), "zh-CN")


def insert_ordered(parent, child, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first existing element named in ``successors`` (schema order matters
    to Word), or append it."""
    for name in successors:
        found = parent.find(qn(name))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


_PPR_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                   "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                   "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                   "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                        "w:tblDescription", "w:tblPrChange")


def _outline(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    insert_ordered(ppr, el, ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))


def _define_style(doc, name: str, spec: tuple) -> None:
    font, size, bold, align, indent, spacing, outline = spec
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    style.font.size = size
    style.font.bold = bold
    set_run_fonts(style.element, font)
    pf = style.paragraph_format
    pf.alignment = align
    pf.first_line_indent = indent if indent is not None else Pt(0)
    pf.space_before = pf.space_after = Pt(0)
    if spacing is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = spacing
    if outline is not None:
        _outline(style, outline)
        pf.keep_with_next = True  # a heading never ends a page


def new_document():
    """An empty A4 document with the GB/T 9704 page, styles and odd/even page-number footers."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # the rule above the number sits 7 mm below the 版心: 35 − 7 mm, less the 4号 line (≈ 5 mm)
    section.footer_distance = Mm(23)
    section.start_type = WD_SECTION.NEW_PAGE

    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    normal.font.color.rgb = RGBColor(0, 0, 0)
    set_run_fonts(normal.element, BODY_FONT)
    set_lang(normal.element)
    npf = normal.paragraph_format
    npf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    npf.first_line_indent = INDENT_2_CHARS
    npf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    npf.line_spacing = LINE_PITCH
    npf.space_before = npf.space_after = Pt(0)
    npf.widow_control = False
    _grid(section, normal)
    _doc_defaults(doc)
    for name, spec in STYLES.items():
        _define_style(doc, name, spec)
    doc.styles["图表题"].paragraph_format.space_before = Pt(6)
    doc.styles["图"].paragraph_format.space_before = Pt(12)  # clear of a table's bottom rule above it
    _signature_styles(doc)

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    section.header.is_linked_to_previous = False
    section.even_page_header.is_linked_to_previous = False
    for header in (section.header, section.even_page_header):
        header.paragraphs[0].style = doc.styles["Normal"]
        header.paragraphs[0].paragraph_format.first_line_indent = Pt(0)
    core = doc.core_properties
    core.author = "kegong"
    core.language = "zh-CN"
    return doc


def _grid(section, normal) -> None:
    """GB/T 9704's 28 characters × 22 lines: the section's line-and-character grid (what Word's 页面设置 shows
    and uses for text in other styles) and, on 公文正文 (Normal), the body characters condensed to the grid
    pitch and laid out without snapping to it (so Latin digits sit at their own width, see CONDENSE)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.twips)))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))
    ppr = normal.element.get_or_add_pPr()
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    insert_ordered(ppr, snap, _PPR_AFTER_PBDR[_PPR_AFTER_PBDR.index("w:spacing"):])
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE))
    normal.element.rPr.find(qn("w:color")).addnext(spacing)  # rPr order: … color, spacing, w, kern, sz …


# GB/T 9704-2012 7.3.5.1 (the layout also used here without a seal): 成文日期右空四字, 发文机关署名以成文日期为准
# 居中. The date is taken as DATE_CHARS wide (2026年7月10日: three characters and seven half-width digits).
DATE_RIGHT_CHARS, DATE_CHARS = 4, 7
ANNEX_LABEL_CHARS, ANNEX_NUMBER_CHARS = 2 + 3, 1.5  # 左空二字 + "附件：", "1．"


def _signature_styles(doc) -> None:
    """成文日期 right-aligned four characters in; 发文机关署名 centred in a box that is symmetric about the
    date's centre (up to 15 characters fit on one line); 附件说明 wrapping under the first character of a name."""
    axis = DATE_RIGHT_CHARS + DATE_CHARS / 2
    doc.styles["成文日期"].paragraph_format.right_indent = Pt(DATE_RIGHT_CHARS * CHAR.pt)
    name = doc.styles["发文机关署名"].paragraph_format
    name.left_indent, name.right_indent = Pt(TEXT_WIDTH.pt - 2 * axis * CHAR.pt), Pt(0)
    note = doc.styles["附件说明"].paragraph_format
    note.left_indent = Pt((ANNEX_LABEL_CHARS + ANNEX_NUMBER_CHARS) * CHAR.pt)
    note.first_line_indent = Pt(-(ANNEX_LABEL_CHARS - 2 + ANNEX_NUMBER_CHARS) * CHAR.pt)


def signature_block(doc, annexes: tuple[str, ...] = (), name: str = "{{ bureau.name }}",
                    date: str = "{{ report.date }}") -> None:
    """The end of a 公文 body (GB/T 9704-2012 7.3.4, 7.3.5): a blank line, the 附件说明 ("附件：1．…", one
    paragraph a name, later numbers under the first) when ``annexes`` are named, a blank line, the 发文机关署名
    centred over the 成文日期 — all kept on one page."""
    keep_with_next(para(doc, ""))
    for i, title in enumerate(annexes, 1):
        p = para(doc, f"{'附件：' if i == 1 else ''}{i}．{title}", "附件说明")
        if i > 1:
            p.paragraph_format.first_line_indent = Pt(-ANNEX_NUMBER_CHARS * CHAR.pt)
        keep_with_next(p)
    if annexes:
        keep_with_next(para(doc, ""))
    keep_with_next(para(doc, name, "发文机关署名"))
    para(doc, date, "成文日期")


def _doc_defaults(doc) -> None:
    """Document defaults in the theme-free form: the body font in every slot, zh-CN."""
    styles_el = doc.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is None:
        return
    rfonts = rpr_default.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, rfonts)
    for k in list(rfonts.attrib):
        del rfonts.attrib[k]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), BODY_FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    lang.set(qn("w:val"), "en-US")  # Latin text (digits) keeps Latin line breaking: 36650.00 is never split
    lang.set(qn("w:eastAsia"), "zh-CN")
    for name in ("w:sz", "w:szCs"):  # 三号: the size the character grid's charSpace is counted from
        el = rpr_default.find(qn(name))
        if el is not None:
            el.set(qn("w:val"), str(int(SIZE_3.pt * 2)))


def _field_run(paragraph, instruction: str, placeholder: str):
    """A complex field (PAGE, NUMPAGES …) as Word writes it: begin, instrText, separate, result, end."""
    runs = []

    def fld(kind: str):
        r = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._r.append(el)
        runs.append(r)

    fld("begin")
    r = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r._r.append(instr)
    runs.append(r)
    fld("separate")
    runs.append(paragraph.add_run(placeholder))
    fld("end")
    return runs


def _page_number(footer, *, odd: bool) -> None:
    """— 1 —, 4号 半角宋体, odd pages right and even pages left, one character (14 pt) in from the edge."""
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = footer.part.document.styles["Normal"] if hasattr(footer.part, "document") else p.style
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        pf.right_indent = SIZE_4
    else:
        pf.left_indent = SIZE_4
    runs = [p.add_run("— ")] + _field_run(p, "PAGE", "1") + [p.add_run(" —")]
    for r in runs:
        r.font.size = SIZE_4
        set_run_fonts(r._r, PAGE_NUMBER_FONT)


# --- content helpers ---------------------------------------------------------------------------------
def para(doc, text: str = "", style: str | None = None, color: RGBColor | None = None):
    """One paragraph in ``style`` whose text is one run (so a Jinja tag in it stays in one run)."""
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if color is not None:
            run.font.color.rgb = color
    return p


def bottom_rule(paragraph, color: str = "E00000", size_eighths: int = 12) -> None:
    """A rule under a paragraph (the red line of a 简报 masthead)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(k), v)
    borders.append(bottom)
    insert_ordered(ppr, borders, _PPR_AFTER_PBDR)


def page_break_before(paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def grid_table(doc, header: list[str], widths_mm: list[float]):
    """A table with single lines on every edge, a 黑体 header row repeated on every page, centred on the page;
    no row splits across a page."""
    table = doc.add_table(rows=1, cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(k), v)
        borders.append(el)
    insert_ordered(tbl_pr, borders, _TBLPR_AFTER_BORDERS)
    _fixed_widths(table, widths_mm)
    for cell, text, w in zip(table.rows[0].cells, header, widths_mm):
        cell.width = Mm(w)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].style = doc.styles["表格标题行"]
        cell.paragraphs[0].add_run(text)
        keep_with_next(cell.paragraphs[0])  # the header stays with the first row (and the caption with both)
    _row_flag(table.rows[0], "w:cantSplit")
    _row_flag(table.rows[0], "w:tblHeader")
    return table


def _fixed_widths(table, widths_mm: list[float]) -> None:
    """Column widths Word and LibreOffice both honour: tblW, a fixed layout and the tblGrid columns."""
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        insert_ordered(tbl_pr, tbl_w, ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                                        *_TBLPR_AFTER_BORDERS))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(sum(Mm(w).twips for w in widths_mm))))
    tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(Mm(w).twips))


def _row_flag(row, name: str) -> None:
    """w:cantSplit (a row never splits across pages) or w:tblHeader (repeated on every page)."""
    el = OxmlElement(name)
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def table_row(doc, table, texts: list[str], widths_mm: list[float], style: str = "表格文字",
              first_left: bool = False):
    row = table.add_row()
    _row_flag(row, "w:cantSplit")
    for i, (cell, text, w) in enumerate(zip(row.cells, texts, widths_mm)):
        cell.width = Mm(w)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = doc.styles[style]
        if first_left and i == 0:
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if text:
            p.add_run(text)
    return row


def loop_rows(doc, table, loop: str, cells: list[str], widths_mm: list[float], first_left: bool = True) -> None:
    """docxtpl table-row loop: ``{%tr for … %}`` row, the repeated row, ``{%tr endfor %}`` row."""
    n = len(cells)
    table_row(doc, table, [f"{{%tr {loop} %}}"] + [""] * (n - 1), widths_mm)
    table_row(doc, table, cells, widths_mm, first_left=first_left)
    table_row(doc, table, ["{%tr endfor %}"] + [""] * (n - 1), widths_mm)
