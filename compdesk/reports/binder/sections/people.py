"""Section 3: each person, their roles, and the evidence behind each competency they need
(ISO/IEC 27001 7.2 b and d; the auditor's second question).

The longest section, a page or so per person: everything is looked up through dictionaries
built once, and each person's required competencies come straight from their matrix cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, PageBreakIfNotEmpty, Spacer

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Competency, Evidence, Person
from compdesk.reports.binder.sections.common import (
    day,
    evidence_flowables,
    joined,
    paragraph,
    status_markup,
)
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 3
TITLE: Final = "People and their evidence"
CLAUSE: Final = "ISO/IEC 27001 7.2 b, 7.2 d"

# Shares of the portrait frame's width: competency, status, evidence.
_COLUMNS: Final = (0.25, 0.16, 0.59)


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(NUMBER, TITLE, CLAUSE)]
    story.append(
        paragraph(
            f"{len(content.people)} {'person' if len(content.people) == 1 else 'people'}, "
            "by name. For each: the roles they hold, every competency those roles require "
            "with its status as of "
            f"{content.as_of.isoformat()} and the evidence recorded for it (kind, route, "
            "dates, issuer, who verified it, the files with the start of their SHA-256 and the "
            "binder page where each is reproduced; section 6 gives every full hash), then "
            "evidence of competencies their roles do not require.",
            layout,
            "Body",
        )
    )
    for person in content.people:
        story += person_flowables(person, content, layout)
    return story


def person_flowables(person: Person, content: BinderContent, layout: Layout) -> list[Flowable]:
    """One person's part: heading, details, required competencies, other evidence."""
    evidence_by_competency: dict[int, list[Evidence]] = {}
    for evidence in content.evidence_by_person.get(person.id, ()):
        evidence_by_competency.setdefault(evidence.competency_id, []).append(evidence)
    cells = content.matrix.cells
    required = [c for c in content.competencies if (person.id, c.id) in cells]
    story: list[Flowable] = [
        layout.person_heading(person),
        paragraph(_details(person, content), layout, "Small"),
        Spacer(1, 3),
    ]
    widths = [share * layout.portrait.width for share in _COLUMNS]
    if required:
        story.append(
            layout.table([["Required competency", "Status", "Evidence"]], widths, zebra=False)
        )
        story += (
            _competency_row(person, c, evidence_by_competency.get(c.id, []), content, layout)
            for c in required
        )
    else:
        story.append(
            paragraph("No competency is required by this person's roles.", layout, "Small")
        )
    required_ids = {competency.id for competency in required}
    other = [
        c
        for c in content.competencies
        if c.id in evidence_by_competency and c.id not in required_ids
    ]
    if other:
        story.append(Spacer(1, 4))
        story.append(
            paragraph(
                "Other evidence (of competencies their roles do not require)", layout, "CellBold"
            )
        )
        story += (
            _competency_row(person, c, evidence_by_competency[c.id], content, layout) for c in other
        )
    return story


def _details(person: Person, content: BinderContent) -> str:
    roles = ", ".join(markup(content.role(role_id).name) for role_id in person.role_ids)
    dates = f"started {day(person.start_date)}"
    if person.end_date is not None:
        dates += f", leaves {day(person.end_date)}"
    parts = [
        person.type.label,
        markup(person.job_title) if person.job_title else "",
        f"roles: {roles}" if roles else "no role",
        markup(person.email) if content.options.contact_details and person.email else "",
        dates,
    ]
    return joined(parts)


def _competency_row(
    person: Person,
    competency: Competency,
    records: Sequence[Evidence],
    content: BinderContent,
    layout: Layout,
) -> Flowable:
    """One competency of a person as a single-row table: stacked, the rows read as one
    table, and ReportLab measures each row once rather than re-measuring a whole table after
    each page break (most people's tables cross one)."""
    cell = content.matrix.cell(person.id, competency.id)
    evidence: list[Flowable] = []
    for record in records:
        if evidence:
            evidence.append(Spacer(1, 3))
        evidence += evidence_flowables(record, competency, content, layout)
    if not evidence:
        evidence.append(paragraph("no evidence recorded", layout))
    if cell.status is GapStatus.NOT_REQUIRED:
        status = paragraph("not required", layout, "Caption")
    else:
        # Bold where the auditor must look: anything but met.
        emphasis = "Cell" if cell.status is GapStatus.MET else "CellBold"
        status = paragraph(status_markup(cell), layout, emphasis)
    row: list[Flowable | str] = [
        [
            paragraph(markup(competency.name), layout),
            paragraph(competency.level.label, layout, "Caption"),
        ],
        status,
        evidence,
    ]
    widths = [share * layout.portrait.width for share in _COLUMNS]
    table = layout.table([row], widths, header_rows=0, zebra=False)
    table.splitInRow = 1  # a competency with many records may be taller than a page
    return table
