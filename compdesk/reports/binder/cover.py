"""The binder's first pages: the cover (who, what, as of when, and the hashes to re-check it)
and the contents."""

from __future__ import annotations

from typing import Final

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from compdesk.reports.binder.content import BinderContent
from compdesk.reports.binder.layout import Anchor, Layout
from compdesk.reports.binder.text import markup
from compdesk.storage.change_log import head_text

TITLE: Final = "Audit binder"
SUBTITLE: Final = (
    "Competence and awareness evidence for ISO/IEC 27001 clauses 5.3, 7.2 and 7.3 and Annex A 6.3"
)


def binder_title(content: BinderContent) -> str:
    """The PDF's title: logical text, for the metadata and the viewer's window."""
    organisation = content.organisation.strip()
    where = f" · {organisation}" if organisation else ""
    return f"{TITLE}{where} · as of {content.as_of.isoformat()}"


def cover_flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    """The cover page, ending with a page break."""
    styles = layout.styles
    organisation = content.organisation.strip() or "(organisation not set in the document)"
    scope = content.isms_scope.strip() or "(ISMS scope not set in the document)"
    people = len(content.people)
    facts: list[tuple[str, str]] = [
        ("ISMS scope", scope),
        ("As of", content.as_of.isoformat()),
        ("Prepared by", content.prepared_by),
        ("Document", content.document_name),
        ("People covered", f"{people} {'person' if people == 1 else 'people'}"),
        ("Options", "; ".join(content.options.described())),
        ("SHA-256 of the document file", content.document_sha256),
        ("SHA-256 of the evidence index", content.evidence_index_sha256),
        ("Change-log head", head_text((content.change_log_head, content.change_log_length))),
    ]
    label_width = 150.0
    rows: list[list[Flowable | str]] = [
        [Paragraph(markup(label, bold=True), styles["CellBold"]), value] for label, value in facts
    ]
    table = layout.table(
        rows, [label_width, layout.portrait.width - label_width], header_rows=0, zebra=False
    )
    return [
        Anchor("Cover", "cover"),
        Spacer(1, 60),
        Paragraph(markup(TITLE, bold=True), styles["Title"]),
        Paragraph(markup(SUBTITLE), styles["Body"]),
        Spacer(1, 24),
        Paragraph(markup(organisation, bold=True), styles["Section"]),
        Spacer(1, 14),
        table,
        Spacer(1, 14),
        Paragraph(
            markup(
                "A PDF cannot carry its own hash. The hashes above identify what this binder was "
                "made from: the SHA-256 of the .compdesk file as it was read (sha256sum FILE), of "
                "the evidence index (one line per attachment of the people covered: its SHA-256, "
                "its evidence record's id and its file name; the lines sorted; see the "
                "appendix index), and the newest entry of the document's hash-chained change log with "
                "the number of entries then: compdesk check FILE --since HASH later proves that "
                "the history still holds that entry and has only grown after it, and says how "
                "many entries followed. The same "
                "document, date and options give this binder byte for byte."
            ),
            styles["Small"],
        ),
        PageBreak(),
    ]


def contents_flowables(contents: TableOfContents, layout: Layout) -> list[Flowable]:
    """The contents pages (the entries prepared from the whole story), ending with a page break."""
    return [
        Anchor("Contents", "contents"),
        Paragraph(markup("Contents", bold=True), layout.styles["Title"]),
        Spacer(1, 6),
        contents,
        PageBreak(),
    ]
