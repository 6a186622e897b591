"""Section 5's acknowledgements by version: for each document to acknowledge (a competency
with a document version), who of the binder's people it is required of is on the current
version and who is not (models/acknowledgements.py decides each person's state)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, KeepTogether, Spacer

from compdesk.models.acknowledgements import (
    Acknowledgement,
    AcknowledgementState,
    PersonAcknowledgement,
    document_acknowledgements,
    is_document,
)
from compdesk.reports.binder.sections.common import day, paragraph
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

_COLUMNS: Final = (0.22, 0.78)


def acknowledgements(content: BinderContent, layout: Layout) -> list[Flowable]:
    required_of: dict[int, set[int]] = {}
    for person_id, competency_id in content.matrix.cells:
        required_of.setdefault(competency_id, set()).add(person_id)
    story: list[Flowable] = []
    for competency in content.competencies:
        concerned = required_of.get(competency.id)
        if not is_document(competency) or not concerned:
            continue
        listing = document_acknowledgements(
            competency=competency,
            people=(p for p in content.people if p.id in concerned),
            acknowledgements=(
                Acknowledgement(e.id, e.person_id, e.document_version, e.achieved_on)
                for person_id in concerned
                for e in content.evidence_by_person.get(person_id, ())
                if e.competency_id == competency.id
            ),
            settings=content.settings,
            as_of=content.as_of,
        )
        current = competency.document_version
        counts = ", ".join(
            f"{'version ' + version if version else 'no version'}: {count}"
            + (" (current)" if version == current else "")
            for version, count in listing.by_version().items()
        )
        grace = (
            f" Earlier versions count until {day(listing.grace_ends)}."
            if listing.grace_ends is not None and listing.grace_ends >= content.as_of
            else ""
        )
        on_current = [e for e in listing.people if e.state is AcknowledgementState.CURRENT]
        rows: list[list[Flowable | str]] = [
            [paragraph("<b>On the current version</b>", layout, "CellBold"),
             paragraph(_names(on_current), layout)],
            [paragraph("<b>On an earlier version</b>", layout, "CellBold"),
             paragraph(_names(listing.not_current(), with_version=True), layout)],
            [paragraph("<b>Never acknowledged</b>", layout, "CellBold"),
             paragraph(_names(listing.never_acknowledged()), layout)],
        ]
        width = layout.portrait.width
        story += [
            KeepTogether(
                [
                    paragraph(
                        f"{markup(competency.name, bold=True)} — current version "
                        f"{markup(current)}",
                        layout,
                        "Heading",
                    ),
                    paragraph(f"Latest acknowledgement per person: {counts}.{grace}", layout,
                              "Small"),
                ]
            ),
            layout.table(rows, [share * width for share in _COLUMNS], header_rows=0),
            Spacer(1, 6),
        ]
    if not story:
        story.append(
            paragraph("No document to acknowledge is required of the binder's people.", layout,
                      "Body")
        )
    return story


def _names(entries: tuple[PersonAcknowledgement, ...] | list[PersonAcknowledgement],
           *, with_version: bool = False) -> str:
    texts = []
    for entry in entries:
        text = markup(entry.person.name)
        if with_version and entry.latest is not None:
            state = entry.state.label.lower() if entry.state is not None else ""
            text += f" (version {markup(entry.latest.version) or '—'}, {state})"
        texts.append(text)
    return "; ".join(texts) or "—"
