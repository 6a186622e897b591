"""`compdesk review` and the window's "Save as PDF…": the management review page alone as a
one-page PDF; the page itself is section 5's last (reports/binder/sections/review.py)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.platypus import SimpleDocTemplate

from compdesk.models.errors import DocumentError
from compdesk.reports.binder.layout import BOTTOM_MARGIN, MARGIN, TOP_MARGIN, Layout
from compdesk.reports.binder.sections.review import TITLE, review_flowables

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent


class SaveReviewError(DocumentError):
    """The review's PDF could not be written where the user asked (disk full, no right)."""


def write_review(content: BinderContent, destination: Path) -> None:
    """The review page alone as a PDF at `destination` (the same bytes for the same content).

    Written beside it and renamed, so a failure midway leaves whatever was there as it was;
    a SaveReviewError says why it failed.
    """
    layout = Layout(content.options.page_size)
    partial: Path | None = None
    try:
        # Created as a plain new file (not mkstemp's 0600), so the PDF gets the permissions
        # the user's other files get.
        partial = destination.with_name(f".{destination.name}.{secrets.token_hex(4)}.part")
        partial.open("xb").close()
        document = SimpleDocTemplate(
            str(partial),
            pagesize=content.options.page_size.points,
            leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN, title=TITLE, author=content.prepared_by,
            creator="compdesk",
        )
        document.build(review_flowables(content, layout))
        os.replace(partial, destination)
    except OSError as error:
        if partial is not None:
            partial.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise SaveReviewError(
            f"Cannot write the management review to {destination}: {reason}."
        ) from None


__all__ = ["SaveReviewError", "write_review"]
