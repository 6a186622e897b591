"""The competence matrix alone as a PDF: the binder's matrix section on its own landscape pages,
under a small title block (no cover, no contents, no appendix). The page a small company
prints from its spreadsheet today."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak, Paragraph

from compdesk.reports.binder.content import gather_matrix_content
from compdesk.reports.binder.destination import partial_beside
from compdesk.reports.binder.layout import BinderDocument, Layout, cyclic_collection_paused
from compdesk.reports.binder.options import BinderOptions, PageSize
from compdesk.reports.binder.sections import matrix as matrix_section
from compdesk.reports.binder.text import markup
from compdesk.storage import Store


def write_matrix_pdf(
    store: Store, destination: Path, as_of: date, *, page_size: PageSize = PageSize.A4
) -> int:
    """Write the matrix of everyone active on `as_of` to `destination`; its page count.

    The file is written beside the destination and renamed at the end: a failure leaves no
    partial file, and a file already there as it was.
    """
    # The fonts' tables, the matrix and the grid are many small objects: no cyclic collection
    # while they are made (see `cyclic_collection_paused`).
    with cyclic_collection_paused():
        return _write(store, Path(destination), as_of, page_size)


def _write(store: Store, destination: Path, as_of: date, page_size: PageSize) -> int:
    options = BinderOptions(as_of=as_of, attachments=False, page_size=page_size)
    content = gather_matrix_content(store, options)
    layout = Layout(page_size)
    organisation = content.organisation.strip()
    title = f"Competence matrix{' · ' + organisation if organisation else ''} · as of {as_of}"
    title_block: list[Flowable] = [
        Paragraph(
            markup(organisation or content.document_name, bold=True), layout.styles["Heading"]
        ),
        Paragraph(
            markup(
                f"{content.document_name} · as of {as_of.isoformat()} · prepared by {content.prepared_by}"
            ),
            layout.styles["Caption"],
        ),
    ]
    section = matrix_section.flowables(content, layout)
    # The section opens by turning to a landscape page; the title block goes on that page.
    leading = 0
    while leading < len(section) and isinstance(section[leading], PageBreak):
        leading += 1
    story = [*section[:leading], *title_block, *section[leading:]]
    partial = partial_beside(destination)
    try:
        document = BinderDocument(
            partial,
            layout,
            as_of=as_of,
            organisation=organisation,
            title=title,
            author=content.prepared_by,
            first_template=Layout.LANDSCAPE,
        )
        pages = document.build_story(lambda _pages: story)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return pages
