"""The brief as ONE self-contained, print-friendly HTML file.

Everything is inside the file: CSS inline (with ``@media print`` rules for A4),
figures as ``data:image/png;base64`` URIs, no script, no link to anything. A
Content-Security-Policy forbids loading anything from the network, so even a
hostile label could not fetch or run something. Every text — labels come from
uploaded files — goes through :func:`html.escape`.
"""

from __future__ import annotations

import base64
import html

from samhandling.i18n import t
from samhandling.report.blocks import Brief, Bullets, Figure, FindingItem, Paragraph, Subheading, Table

__all__ = ["render_html", "CSS"]

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --accent: #1f3a5f; --line: #c9d1db; }
* { box-sizing: border-box; }
body { font-family: Calibri, Carlito, "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       font-size: 11pt; line-height: 1.45; margin: 0; background: #f3f4f6; }
main { max-width: 19cm; margin: 1.5rem auto; background: #fff; padding: 1.6cm 1.8cm; }
h1.title { font-size: 22pt; color: var(--accent); margin: 0 0 .2rem; line-height: 1.15; }
p.kind { font-weight: bold; color: var(--accent); font-size: 12.5pt; margin: 0 0 .2rem; }
p.dateline { color: var(--muted); font-size: 9pt; margin: 0 0 1rem; }
h2 { font-size: 15pt; color: var(--accent); border-bottom: 2px solid var(--line); padding-bottom: .15rem;
     margin: 1.6rem 0 .6rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 12pt; color: var(--accent); margin: 1rem 0 .4rem; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 .55rem; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.keep > p:last-child, .keep > h2:last-child, .keep > h3:last-child { break-after: avoid; page-break-after: avoid; }
p.note { font-size: 9pt; color: var(--muted); }
ul, ol { margin: 0 0 .7rem 1.2rem; padding: 0; }
li { margin-bottom: .25rem; }
table { width: 100%; border-collapse: collapse; margin: .3rem 0 .9rem; font-size: 9.5pt; }
th, td { border: 1px solid var(--line); padding: .25rem .4rem; vertical-align: top; text-align: left; }
th { background: #dce3ec; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
td.sev-kritisk { background: #f6d5d1; font-weight: bold; }
td.sev-viktig { background: #fce8c8; font-weight: bold; }
td.sev-info { background: #e3ecf5; font-weight: bold; }
.finding { border-left: 4px solid var(--line); padding: .1rem 0 .1rem .7rem; margin: .7rem 0;
           break-inside: avoid; page-break-inside: avoid; }
.finding.kritisk { border-color: #c0392b; } .finding.viktig { border-color: #d68910; }
.finding.info { border-color: #5d8bb8; }
.finding .head { font-weight: bold; margin-bottom: .2rem; }
.tag { font-size: 8.5pt; letter-spacing: .04em; margin-right: .4rem; }
.tag.kritisk { color: #9c1f12; } .tag.viktig { color: #8a4b00; } .tag.info { color: #2b4f7a; }
.source { font-size: 9.5pt; }
.advice { margin-left: .4rem; }
.advice b, .source b { color: var(--accent); }
figure { margin: .6rem 0 1rem; break-inside: avoid; page-break-inside: avoid; text-align: center; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; font-style: italic; color: #444; text-align: left; margin-top: .2rem; }
@page { size: A4; margin: 1.8cm 1.8cm 2cm;
        @bottom-center { content: counter(page); font-size: 8pt; color: #666; } }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  h2 { margin-top: 1.1rem; }
  figure img { max-height: 23cm; }
  a { color: inherit; text-decoration: none; }
}
"""

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _sev(severity: str) -> str:
    """A severity word as a CSS class (only the three known words pass)."""
    return severity if severity in ("kritisk", "viktig", "info") else "info"


def _table(block: Table) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in block.header)
    rows = []
    for i, values in enumerate(block.rows):
        severity = block.severities[i] if i < len(block.severities) else ""
        cells = []
        for j, text in enumerate(values):
            cls = f' class="sev-{_sev(severity)}"' if j == 0 and severity else ""
            cells.append(f"<td{cls}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    total = sum(block.widths) if len(block.widths) == len(block.header) else 0
    cols = ""
    if total:
        cols = (
            "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in block.widths) + "</colgroup>"
        )
    return f"<table>{cols}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _finding(item: FindingItem) -> str:
    sev = _sev(item.severity)
    parts = [
        f'<div class="finding {sev}">',
        f'<p class="head"><span class="tag {sev}">{_e(item.severity_label.upper())}</span>{_e(item.title)}</p>',
        f"<p>{_e(item.text)}</p>",
    ]
    if item.source:
        parts.append(f'<p class="source"><b>{_e(t("report.labels.source"))}:</b> {_e(item.source)}</p>')
    parts.append(f'<p class="advice"><b>{_e(t("report.labels.recommendation"))}:</b> {_e(item.recommendation)}</p>')
    parts.append("</div>")
    return "".join(parts)


def _png_width_cm(png: bytes) -> float | None:
    """The width a PNG was drawn for: pixels (``IHDR``) over pixels per metre (``pHYs``)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width = int.from_bytes(png[16:20], "big")
    at = 8
    while at + 8 <= len(png):
        length, kind = int.from_bytes(png[at:at + 4], "big"), png[at + 4:at + 8]
        if kind == b"pHYs" and png[at + 16] == 1:
            per_metre = int.from_bytes(png[at + 8:at + 12], "big")
            return width / per_metre * 100 if per_metre else None
        if kind in (b"IDAT", b"IEND"):
            return None
        at += 12 + length
    return None


def _figure(block: Figure, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    width = _png_width_cm(png)
    size = f' style="width:{min(width, 17.0):.2f}cm"' if width else ""
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{_e(block.caption)}"{size}>'
            f"<figcaption>{_e(block.caption)}</figcaption></figure>")


def _block(block: object, figures: dict[str, bytes]) -> str:
    if isinstance(block, Paragraph):
        cls = f' class="{_e(block.style)}"' if block.style else ""
        return f"<p{cls}>{_e(block.text)}</p>"
    if isinstance(block, Bullets):
        tag = "ol" if block.numbered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in block.items) + f"</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, FindingItem):
        return _finding(block)
    if isinstance(block, Figure) and block.name in figures:
        return _figure(block, figures[block.name])
    return ""


def _open_keep(out: list[str]) -> bool:
    out.append('<div class="keep">')
    return True


def _close_keep(out: list[str], opened: bool) -> bool:
    if opened:
        out.append("</div>")
    return False


def render_html(brief: Brief, figures: dict[str, bytes]) -> str:
    """Return the brief as one HTML page; ``figures`` maps figure names to PNG bytes."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="nb"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(brief.title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f'<h1 class="title">{_e(brief.title)}</h1>',
        f'<p class="kind">{_e(brief.kind)}</p>',
        f'<p class="dateline">{_e(brief.dateline)}</p>',
    ]
    for section in brief.sections:
        out.append(f'<section id="{_e(section.key)}">')
        # A heading, its introduction and the first thing they introduce are printed on one page
        # (a long table only keeps its first rows with them).
        opened = _open_keep(out)
        out.append(f"<h2>{_e(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, Subheading):
                opened = _close_keep(out, opened) or _open_keep(out)
                out.append(f"<h3>{_e(block.text)}</h3>")
                continue
            if opened and isinstance(block, Table):
                opened = _close_keep(out, opened)
            out.append(_block(block, figures))
            if opened and not isinstance(block, Paragraph):
                opened = _close_keep(out, opened)
        _close_keep(out, opened)
        out.append("</section>")
    out.append("</main></body></html>")
    return "\n".join(out)
