"""GB/T 9704 layout of the rendered reports: the 28 × 22 grid, period spans that never break at their hyphen,
rows that never split, the 附件说明 and the signature, table headers that fit their columns; and, through
LibreOffice, the PDF itself (28 characters a line, no line ending in "1-", headings in other faces than the body).

The expectations are derived from the page (A4, the margins in the section) and the type sizes in the document,
not copied from the module that writes them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from kegong.reports import phrasing as ph
from kegong.reports.writer import default_template, render
from tests.reports.sample import sample_data

KINDS = ("half-year", "monthly")


@pytest.fixture(scope="module")
def rendered():
    return {kind: render(sample_data(), default_template(kind)) for kind in KINDS}


def _text_width(doc) -> float:
    """The 版心 width in pt, from the section's page size and margins."""
    s = doc.sections[0]
    return (s.page_width - s.left_margin - s.right_margin) / Pt(1)


def _body_advance(doc) -> float:
    """One body character's advance in pt: Normal's size plus its character spacing (1/20 pt)."""
    rpr = doc.styles["Normal"].element.rPr
    spacing = rpr.find(qn("w:spacing"))
    return doc.styles["Normal"].font.size.pt + (int(spacing.get(qn("w:val"))) / 20 if spacing is not None else 0)


@pytest.mark.parametrize("kind", KINDS)
def test_grid_is_28_characters_by_22_lines(rendered, kind):
    doc = rendered[kind].document
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    s = doc.sections[0]
    height = (s.page_height - s.top_margin - s.bottom_margin) / Pt(1)
    pitch = Twips(int(grid.get(qn("w:linePitch")))).pt
    assert int(height // pitch) == 22
    assert doc.styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(pitch, abs=0.05)
    # Word's character pitch: the document's 三号 plus charSpace/4096 pt; 28 fit the line, 29 do not
    defaults = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    size = int(defaults.find(qn("w:sz")).get(qn("w:val"))) / 2
    assert size == 16 == doc.styles["Normal"].font.size.pt
    char_pitch = size + int(grid.get(qn("w:charSpace"))) / 4096
    width = _text_width(doc)
    assert 28 * char_pitch <= width < 29 * char_pitch
    # the body is laid out without snapping to the grid, its characters condensed to the same count
    advance = _body_advance(doc)
    assert 28 * advance <= width < 29 * advance
    snap = doc.styles["Normal"].element.pPr.find(qn("w:snapToGrid"))
    assert snap is not None and snap.get(qn("w:val")) == "0"


@pytest.mark.parametrize("kind", KINDS)
def test_period_spans_use_non_breaking_hyphens(rendered, kind):
    body = rendered[kind].document.element.body
    texts = [t.text or "" for t in body.iter(qn("w:t"))]
    assert not [t for t in texts if re.search(r"\d-\d", t)]  # no ordinary hyphen between digits is left
    joined = 0
    for t in body.iter(qn("w:t")):
        nxt = t.getnext()
        if nxt is not None and nxt.tag == qn("w:noBreakHyphen"):
            after = nxt.getnext()
            assert re.search(r"\d$", t.text or "") and after is not None and re.match(r"\d", after.text or "")
            joined += 1
    spans = sum(len(re.findall(r"\d-\d", p.text)) for p in rendered[kind].document.paragraphs)
    assert joined >= spans > 0  # python-docx reads w:noBreakHyphen back as "-"


@pytest.mark.parametrize("kind", KINDS)
def test_no_row_splits_and_headers_repeat(rendered, kind):
    doc = rendered[kind].document
    assert doc.tables
    for table in doc.tables:
        for i, row in enumerate(table.rows):
            tr_pr = row._tr.trPr
            assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None, (kind, i)
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        # the caption (the paragraph before) and the header row keep with what follows
        caption = table._tbl.getprevious()
        assert caption.pPr.find(qn("w:keepNext")) is not None or "表" not in "".join(caption.itertext())
        for cell in table.rows[0].cells:
            assert cell.paragraphs[0].paragraph_format.keep_with_next


def _units(text: str) -> float:
    """A header line's width in characters: wide (CJK, full-width) 1, others ½."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _header_lines(text: str, room: float) -> list[str]:
    """How a header wraps in ``room`` characters: greedily, except that "（" never ends a line and "）" never
    starts one (kinsoku)."""
    lines, line = [], ""
    for c in text:
        if line and _units(line + c) > room:
            both, cut = line + c, len(line)
            while cut > 1 and (both[cut - 1] == "（" or both[cut] == "）"):
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        line += c
    return [*lines, line]


@pytest.mark.parametrize("kind", KINDS)
def test_table_headers_never_wrap_inside_a_word(rendered, kind):
    doc = rendered[kind].document
    advance = doc.styles["表格标题行"].font.size.pt + (_body_advance(doc) - doc.styles["Normal"].font.size.pt)
    margins = 2 * Twips(108).pt  # Word's default cell margins, 0.19 cm each side
    for table in doc.tables:
        widths = [Twips(int(c.get(qn("w:w")))).pt for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= _text_width(doc) + 1
        for cell, width in zip(table.rows[0].cells, widths):
            room = (width - margins) / advance
            lines = _header_lines(cell.text, room)
            # one line, or the name on the first and the whole "（unit）" on the second
            assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("（") and lines[1].endswith("）")), (
                cell.text, lines)


def test_total_rows_pull_is_signed_like_the_rows(rendered):
    doc = rendered["half-year"].document
    gross = rendered["half-year"].context["industry"]["gross_output"]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("乡镇"))
    total = next(r for r in table.rows if r.cells[0].text == "全县合计")
    assert total.cells[4].text == ph.pp(gross.yoy_pct)
    assert total.cells[4].text.startswith("+") == (round(gross.yoy_pct, 1) > 0)


def test_annex_note_and_signature(rendered):
    r = rendered["half-year"]
    doc = r.document
    paras = doc.paragraphs
    names = [i for i, p in enumerate(paras) if p.style.name == "发文机关署名"]
    assert len(names) == 1
    i = names[0]
    name, date = paras[i], paras[i + 1]
    assert name.text == r.context["bureau"]["name"] and date.text == r.context["report"]["date"]
    assert date.style.name == "成文日期"
    # the annex note before it names the tables of the 附件 page, as their captions do
    notes = [p for p in paras[:i] if p.style.name == "附件说明"]
    captions = [re.sub(r"^表\d　", "", p.text) for p in paras[i:] if re.match(r"表\d　", p.text)]
    assert [re.sub(r"^(附件：)?\d．", "", p.text) for p in notes] == captions and len(captions) == 3
    assert notes[0].text.startswith("附件：1．") and notes[1].text.startswith("2．")
    assert all(p.paragraph_format.keep_with_next for p in [*notes, name])
    # 成文日期右空四字; 发文机关署名 centred over the date
    char = _body_advance(doc)
    width = _text_width(doc)
    dpf, npf = date.style.paragraph_format, name.style.paragraph_format
    assert date.style.paragraph_format.alignment == 2  # right
    assert dpf.right_indent.pt == pytest.approx(4 * char, abs=0.1)
    date_centre = 4 * char + _units(date.text) * char / 2  # from the right margin
    name_centre = (width - npf.left_indent.pt - (npf.right_indent.pt if npf.right_indent else 0)) / 2
    assert name.style.paragraph_format.alignment == 1  # centred
    assert abs(name_centre - date_centre) <= char / 2
    assert _units(name.text) * char <= width - npf.left_indent.pt  # the name fits on one line


def test_chart_is_clear_of_the_table_above(rendered):
    doc = rendered["monthly"].document
    assert doc.styles["图"].paragraph_format.space_before.pt >= 6


# --- through LibreOffice ---------------------------------------------------------------------------------
def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or poppler not installed")
def test_pdf_lines(rendered, tmp_path):
    from kegong.reports.convert import docx_to_pdf, pdf_fonts

    docx = tmp_path / "half-year.docx"
    rendered["half-year"].save(docx)
    pdf = docx_to_pdf(docx, tmp_path)
    lines = [line.strip() for line in _pdf_text(pdf).splitlines()]
    assert not [line for line in lines if re.search(r"\d-$", line)]
    assert not [line for line in lines if re.match(r"-\d", line)]
    # a full line of 三号 body text without Latin characters holds 28 characters
    body = [p.text for p in rendered["half-year"].document.paragraphs if p.style.name == "Normal"]
    cjk = [line for line in lines if len(line) >= 20 and all(unicodedata.east_asian_width(c) in "WF" for c in line)
           and any(line in text for text in body)]
    assert cjk and max(len(line) for line in cjk) >= 28
    # a closing mark may hang past the margin (w:overflowPunct, 标点溢出): it is not counted
    assert max(len(line) - (len(line) > 28 and line[-1] in "。，、；：）”") for line in cjk) == 28
    # headings differ from the body: a bold sans (黑体) and a bold serif (小标宋, 楷体) beside the regular serif
    fonts = " ".join(pdf_fonts(pdf))
    if "Noto" in fonts:
        assert "SansCJK" in fonts and "Bold" in fonts and "SerifCJK" in fonts


def test_libreoffice_copy_joins_the_hyphen_and_uses_a_line_grid():
    from kegong.reports.convert import WJ, join_spans, line_grid_only

    xml = ('<w:r><w:t xml:space="preserve">预计1</w:t><w:noBreakHyphen/><w:t xml:space="preserve">7月</w:t>'
           '<w:noBreakHyphen/></w:r><w:docGrid w:type="linesAndChars" w:linePitch="579"/>')
    out = line_grid_only(join_spans(xml))
    assert f"预计1{WJ}-{WJ}7月" in out and f"<w:t xml:space=\"preserve\">{WJ}-{WJ}</w:t>" in out
    assert "noBreakHyphen" not in out and 'w:type="lines"' in out
