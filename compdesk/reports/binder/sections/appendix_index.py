"""Section 6: the appendix's index, every attachment of the binder's people accounted for
(ISO/IEC 27001 7.2 d). The last section: the appended evidence's bookmarks hang under it.

Each file is listed with its person, competency and evidence, its size, its full SHA-256 (an
auditor re-checks a file against it) and where it is: the binder page it starts on, embedded as
a PDF file attachment, or the placeholder page that says why it could not be shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, PageBreakIfNotEmpty, Spacer

from compdesk.reports.binder.content import BinderAttachment, binder_attachments
from compdesk.reports.binder.sections.common import (
    evidence_plain_label,
    hash_paragraph,
    paragraph,
)
from compdesk.reports.binder.text import markup
from compdesk.reports.formatting import format_size

if TYPE_CHECKING:
    from compdesk.reports.binder.appendix import AppendixItem
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 6
TITLE: Final = "Appendix: the evidence files"
CLAUSE: Final = "ISO/IEC 27001 7.2 d"

_COLUMNS: Final = (0.06, 0.37, 0.57)


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    attachments = list(binder_attachments(content))
    # A file several records share is one item, reproduced once: found by its content.
    items = {item.file.sha256: item for item in content.appendix}
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(NUMBER, TITLE, CLAUSE)]
    story.append(paragraph(_introduction(content, len(attachments)), layout, "Body"))
    story.append(Spacer(1, 6))
    if not attachments:
        return story
    rows: list[list[Flowable | str]] = [["#", "Evidence", "File, SHA-256 and where it is"]]
    for number, entry in enumerate(attachments, start=1):
        rows.append(
            [
                paragraph(str(number), layout),
                _evidence_cell(entry, layout),
                _file_cell(entry, items.get(entry.attachment.sha256), content, layout),
            ]
        )
    width = layout.portrait.width
    story.append(layout.table(rows, [share * width for share in _COLUMNS]))
    return story


def _introduction(content: BinderContent, count: int) -> str:
    files = f"{count} file{'' if count == 1 else 's'}"
    if not content.options.attachments:
        return (
            f"{files} attached to the evidence of the people in this binder. This binder was "
            "made <b>without the appendix</b>: the files are not reproduced, and are listed "
            "here with their SHA-256 so each can be checked against the document."
        )
    if count == 0:
        return "No files are attached to the evidence of the people in this binder."
    return (
        f"{files} attached to the evidence of the people in this binder, in the order "
        "section 3 lists them. PDFs and images follow this index, each page stamped with "
        "the person, competency, evidence and file; other files are embedded in this PDF as "
        "file attachments; a file that cannot be shown has a page saying why. The SHA-256 "
        "is that of the file as kept in the document."
    )


def _evidence_cell(entry: BinderAttachment, layout: Layout) -> list[Flowable]:
    return [
        paragraph(markup(entry.person.name), layout, "CellBold"),
        paragraph(markup(entry.competency.name), layout),
        paragraph(markup(evidence_plain_label(entry.evidence)), layout, "Caption"),
    ]


def _file_cell(
    entry: BinderAttachment, item: AppendixItem | None, content: BinderContent, layout: Layout
) -> list[Flowable]:
    attachment = entry.attachment
    return [
        paragraph(
            f"{markup(attachment.file_name)} · {format_size(attachment.size)}", layout, "CellBold"
        ),
        hash_paragraph(attachment.sha256, layout),
        paragraph(_where(item, content), layout),
    ]


def _where(item: AppendixItem | None, content: BinderContent) -> str:
    if item is None:
        if not content.options.attachments:
            return "not reproduced (binder made without the appendix)"
        return "not reproduced"
    # PERF: imported here, where an item exists and so the appendix was planned: the matrix
    # PDF, which imports the sections, then loads neither pikepdf nor the image code.
    from compdesk.reports.binder.appendix import ItemKind

    page = content.appendix_pages.get(item.file.attachment_id)
    at = f"page {page}" if page is not None else "a page of the appendix"
    if item.kind is ItemKind.EMBEDDED:
        return "embedded as a file attachment of this PDF"
    if item.kind is ItemKind.PLACEHOLDER:
        return f"not shown: {markup(item.problem)} (placeholder on {at})"
    return at + (f" ({item.page_count} pages)" if item.page_count > 1 else "")
