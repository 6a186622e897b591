"""The page that stands in for a file the binder cannot reproduce, saying which file and why."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph, Spacer

from compdesk.reports.binder import text
from compdesk.reports.binder.stamps import FOOTER_BAND, HEADER_BAND
from compdesk.reports.formatting import format_size

_MARGIN: Final = 56.0


def draw_placeholder_page(
    destination: Path,
    page_size: tuple[float, float],
    *,
    person: str,
    competency: str,
    evidence: str,
    file_name: str,
    sha256: str,
    size: int,
    problem: str,
) -> Path:
    """One page naming the evidence and its file, and the reason it is not reproduced."""
    rl_config.invariant = 1
    rl_config.useA85 = 0
    text.register_fonts()
    heading = ParagraphStyle("PlaceholderHeading", fontName=text.FONT_BOLD, fontSize=16, leading=20)
    body = ParagraphStyle("PlaceholderBody", fontName=text.FONT, fontSize=10, leading=14)
    label = ParagraphStyle("PlaceholderLabel", parent=body, spaceBefore=6)
    rows = (
        ("Person", person),
        ("Competency", competency),
        ("Evidence", evidence),
        ("File", file_name),
        ("SHA-256", sha256),
        ("Size", format_size(size)),
    )
    story = [
        Paragraph("This file is not reproduced in the binder", heading),
        Spacer(0, 10),
        Paragraph(text.markup(problem), body),
        Spacer(0, 6),
        *(Paragraph(f"<b>{name}</b>: {text.markup(value)}", label) for name, value in rows),
        Spacer(0, 12),
        Paragraph(
            "The file is kept unchanged in the compdesk document; its SHA-256 above identifies "
            "it. Export it from the evidence record to look at it.",
            body,
        ),
    ]
    width, height = page_size
    canvas = Canvas(str(destination), pagesize=page_size, pageCompression=1)
    frame = Frame(
        _MARGIN,
        FOOTER_BAND + _MARGIN,
        width - 2 * _MARGIN,
        height - HEADER_BAND - FOOTER_BAND - 2 * _MARGIN,
        showBoundary=0,
    )
    frame.addFromList(story, canvas)
    canvas.showPage()
    canvas.save()
    return destination
