"""The binder's paragraphs: the quick path for plain text must read exactly as ReportLab's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph, SimpleDocTemplate

from compdesk.reports.binder.layout import Layout
from compdesk.reports.binder.measured import BinderTable, MeasuredParagraph

TEXTS = [
    "no evidence recorded",
    "  several\n lines   of text  ",
    "a > b",
    "陈伟 · Certificate",
    "SHA-256 " + "ab" * 32,
]


@pytest.mark.parametrize("text", TEXTS)
def test_plain_text_paragraph_matches_reportlabs_parse(text: str) -> None:
    for style in Layout().styles.values():
        parsed, quick = Paragraph(text, style), MeasuredParagraph(text, style)
        assert quick.text == parsed.text
        assert [vars(f) for f in quick.frags] == [vars(f) for f in parsed.frags]
        assert quick.wrap(200, 1000) == parsed.wrap(200, 1000)
        assert quick.getPlainText() == parsed.getPlainText()


def test_markup_is_still_parsed() -> None:
    style = Layout().styles["Cell"]
    paragraph = MeasuredParagraph("<b>bold</b> and &amp; plain", style)
    assert paragraph.getPlainText() == "bold and & plain"
    assert paragraph.frags[0].fontName != paragraph.frags[-1].fontName


def _pdf(paragraph_class: type, path: Path) -> bytes:
    layout = Layout()
    cell = layout.styles["Cell"]
    texts = ["Basic", "<b>Met</b> until 2027-07-04", "a longer text that wraps " * 12, "—"]
    story = [
        BinderTable(
            [[paragraph_class(text, cell) for text in texts] for _ in range(60)],
            colWidths=[120, 120, 160, 60],
            splitInRow=1,
        ),
        *(paragraph_class(text, layout.styles["Body"]) for text in texts * 20),
    ]
    SimpleDocTemplate(str(path)).build(story)
    return path.read_bytes()


def test_paragraphs_that_share_their_lines_draw_as_reportlabs(tmp_path: Path) -> None:
    """Repeated texts, a table split across pages and paragraphs split at page ends."""
    shared = _pdf(MeasuredParagraph, tmp_path / "shared.pdf")
    assert shared == _pdf(Paragraph, tmp_path / "reportlab.pdf")
    assert len(re.findall(rb"/Type /Page\b(?!s)", shared)) > 2
