"""`compdesk review`: the management review page alone as a one-page PDF; the page itself is
section 5's last (reports/binder/sections/review.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import SimpleDocTemplate

from compdesk.reports.binder.layout import BOTTOM_MARGIN, MARGIN, TOP_MARGIN, Layout
from compdesk.reports.binder.sections.review import TITLE, review_flowables

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent


def write_review(content: BinderContent, destination: Path) -> None:
    """The review page alone as a PDF at `destination` (the same bytes for the same content)."""
    layout = Layout(content.options.page_size)
    document = SimpleDocTemplate(
        str(destination),
        pagesize=content.options.page_size.points,
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN,
        title=TITLE, author=content.prepared_by, creator="compdesk",
    )
    document.build(review_flowables(content, layout))


__all__ = ["write_review"]
