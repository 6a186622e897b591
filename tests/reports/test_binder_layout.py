"""The binder's paragraphs: the quick path for plain text must read exactly as ReportLab's own."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from compdesk.reports.binder.layout import Layout, MeasuredParagraph

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
