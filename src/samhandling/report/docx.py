"""The brief as a Word document (python-docx): A4, headings, short paragraphs, tables, figures.

Built from the default python-docx template (whose styles Word and LibreOffice
both know), with the body font, margins and table look set here so the document
prints the same everywhere. Figures are scaled to the text width.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from samhandling.i18n import t
from samhandling.report.blocks import Brief, Bullets, Figure, FindingItem, Paragraph, Subheading, Table

__all__ = ["render_docx"]

_TEXT_WIDTH_CM = 17.0
SEVERITY_FILL = {"kritisk": "F6D5D1", "viktig": "FCE8C8", "info": "E3ECF5"}
SEVERITY_INK = {"kritisk": RGBColor(0x9C, 0x1F, 0x12), "viktig": RGBColor(0x8A, 0x4B, 0x00),
                "info": RGBColor(0x2B, 0x4F, 0x7A)}
_ACCENT = RGBColor(0x1F, 0x3A, 0x5F)


def _safe(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (python-docx would raise on them)."""
    return "".join(ch for ch in str(text) if ch in "\t\n\r" or ord(ch) >= 0x20)


def _property(text: str, limit: int = 255) -> str:
    """``text`` fit for a document property: XML-safe, on one line, at most ``limit`` characters."""
    text = " ".join(_safe(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shade(cell: Any, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _keep_row_together(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _setup(doc: Any, brief: Brief) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.1
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Calibri")
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12)):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = _ACCENT
        style.paragraph_format.keep_with_next = True
    styles["Heading 1"].paragraph_format.space_before = Pt(16)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)
    # python-docx refuses core properties over 255 characters; the page keeps the whole title.
    doc.core_properties.title = _property(brief.title)
    doc.core_properties.subject = _property(brief.kind)
    doc.core_properties.author = "Samhandlingskart"
    doc.core_properties.last_modified_by = "Samhandlingskart"
    doc.core_properties.comments = ""
    doc.core_properties.language = "nb-NO"
    styles["Footer"].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_safe(f"{brief.title} – {brief.kind} – {t('report.labels.page')} "))
    _page_number(footer)
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)


def _page_number(paragraph: Any) -> None:
    """Add the page number to ``paragraph``: a PAGE field, one run per field part as Word writes it."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        paragraph.add_run()._r.append(element)


def _table(doc: Any, block: Table) -> None:
    ncols = len(block.header)
    table = doc.add_table(rows=1, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    weights = block.widths if len(block.widths) == ncols else (1.0,) * ncols
    widths = [Cm(_TEXT_WIDTH_CM * w / sum(weights)) for w in weights]
    # Word reads the cell widths, LibreOffice the table grid: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, block.header, widths, strict=True):
        cell.width = width
        cell.text = ""
        run = cell.paragraphs[0].add_run(_safe(text))
        run.bold = True
        run.font.size = Pt(9)
        _shade(cell, "DCE3EC")
    for i, values in enumerate(block.rows):
        row = table.add_row()
        _keep_row_together(row)
        severity = block.severities[i] if i < len(block.severities) else ""
        for j, (cell, text, width) in enumerate(zip(row.cells, values, widths, strict=False)):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(_safe(text))
            run.font.size = Pt(9)
            if j == 0 and severity:
                _shade(cell, SEVERITY_FILL.get(severity, "FFFFFF"))
                run.bold = True
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _finding(doc: Any, item: FindingItem) -> None:
    head = doc.add_paragraph()
    head.paragraph_format.keep_with_next = True
    head.paragraph_format.space_before = Pt(6)
    head.paragraph_format.space_after = Pt(2)
    tag = head.add_run(_safe(item.severity_label.upper()) + "  ")
    tag.bold = True
    tag.font.size = Pt(8.5)
    tag.font.color.rgb = SEVERITY_INK.get(item.severity, _ACCENT)
    name = head.add_run(_safe(item.title))
    name.bold = True
    body = doc.add_paragraph(_safe(item.text))
    body.paragraph_format.keep_with_next = True
    body.paragraph_format.space_after = Pt(2)
    if item.source:
        source = doc.add_paragraph()
        source.paragraph_format.keep_with_next = True
        source.paragraph_format.space_after = Pt(2)
        lead = source.add_run(_safe(t("report.labels.source")) + ": ")
        lead.bold = True
        lead.font.size = Pt(9)
        run = source.add_run(_safe(item.source))
        run.font.size = Pt(9)
    advice = doc.add_paragraph()
    advice.paragraph_format.left_indent = Cm(0.4)
    lead = advice.add_run(_safe(t("report.labels.recommendation")) + ": ")
    lead.bold = True
    lead.font.color.rgb = _ACCENT
    advice.add_run(_safe(item.recommendation))


def _png_width_cm(png: bytes) -> float:
    """The width a PNG was drawn for (pixels / dpi), capped at the text width."""
    from docx.image.image import Image

    image = Image.from_blob(png)
    dpi = image.horz_dpi or 72
    return min(_TEXT_WIDTH_CM, image.px_width / dpi * 2.54)


def _figure(doc: Any, block: Figure, png: bytes) -> None:
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    width = _TEXT_WIDTH_CM if block.wide else _png_width_cm(png)
    picture.add_run().add_picture(io.BytesIO(png), width=Cm(width))
    caption = doc.add_paragraph()
    run = caption.add_run(_safe(block.caption))
    run.italic = True
    run.font.size = Pt(8.5)
    run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


def render_docx(brief: Brief, figures: dict[str, bytes]) -> bytes:
    """Return the brief as ``.docx`` bytes; ``figures`` maps figure names to PNG bytes."""
    doc = Document()
    _setup(doc, brief)
    doc.add_paragraph(_safe(brief.title), style="Title")
    kind = doc.add_paragraph()
    run = kind.add_run(_safe(brief.kind))
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = _ACCENT
    dateline = doc.add_paragraph()
    run = dateline.add_run(_safe(brief.dateline))
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for section in brief.sections:
        doc.add_heading(_safe(section.heading), level=1)
        for i, block in enumerate(section.blocks):
            if isinstance(block, Subheading):
                doc.add_heading(_safe(block.text), level=2)
            elif isinstance(block, Paragraph):
                p = doc.add_paragraph()
                # An introduction stays on the page of what it introduces.
                following = section.blocks[i + 1] if i + 1 < len(section.blocks) else None
                p.paragraph_format.keep_with_next = isinstance(following, (Figure, Table, FindingItem, Bullets))
                run = p.add_run(_safe(block.text))
                if block.style == "note":
                    run.font.size = Pt(9)
                    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            elif isinstance(block, Bullets):
                style = "List Number" if block.numbered else "List Bullet"
                for text in block.items:
                    doc.add_paragraph(_safe(text), style=style).paragraph_format.space_after = Pt(3)
            elif isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, FindingItem):
                _finding(doc, block)
            elif isinstance(block, Figure) and block.name in figures:
                _figure(doc, block, figures[block.name])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
