"""Section 1: what competence each role requires, and when the requirements were last reviewed
(ISO/IEC 27001 7.2 a; the auditor's first question)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, PageBreakIfNotEmpty, Spacer, TableStyle

from compdesk.models.records import Competency, Role
from compdesk.models.rules import review_state
from compdesk.reports.binder.layout import ZEBRA_FILL, BinderTable
from compdesk.reports.binder.sections.common import day, paragraph
from compdesk.reports.binder.text import markup
from compdesk.reports.formatting import renewal_text

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 1
TITLE: Final = "Competence requirements by role"
CLAUSE: Final = "ISO/IEC 27001 7.2 a"

# Shares of the portrait frame's width: role, owner, review, required competencies.
_COLUMNS: Final = (0.27, 0.13, 0.16, 0.44)
# Shares of the requirements column: competency, level, renewal.
_REQUIRES_COLUMNS: Final = (0.5, 0.2, 0.3)


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    required_by_role: dict[int, list[Competency]] = {role.id: [] for role in content.roles}
    for competency in content.competencies:  # matrix order within each role
        for role in content.roles:
            if (role.id, competency.id) in content.requirements:
                required_by_role[role.id].append(competency)
    holders = Counter(role_id for person in content.people for role_id in person.role_ids)
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(NUMBER, TITLE, CLAUSE)]
    story.append(
        paragraph(
            f"{len(content.roles)} roles and {len(content.competencies)} competencies. "
            "Each role lists the competencies a person in it must show, with the level "
            "(basic, role-specific, advanced) and how often the evidence must be renewed. "
            "Requirements are reviewed at least every review interval; "
            "a review that is due is marked ⚠.",
            layout,
            "Body",
        )
    )
    story.append(Spacer(1, 6))
    if not content.roles:
        story.append(paragraph("The document defines no roles.", layout, "Body"))
        return story
    width = layout.portrait.width
    rows: list[list[Flowable | str]] = [
        [
            paragraph(heading, layout, "CellBold")
            for heading in ("Role", "Owner", "Last review", "Requires")
        ]
    ]
    for role in content.roles:
        rows.append(
            [
                paragraph(_role_markup(role, holders[role.id]), layout),
                paragraph(markup(role.owner) if role.owner else "not named", layout),
                paragraph(_review_markup(role, content), layout),
                _requires_table(required_by_role[role.id], layout, _COLUMNS[3] * width),
            ]
        )
    story.append(layout.table(rows, [share * width for share in _COLUMNS]))
    return story


def _role_markup(role: Role, people: int) -> str:
    lines = [markup(role.name, bold=True)]
    if role.description:
        lines.append(markup(role.description))
    if role.responsibilities:
        lines.append(f"<i>Responsibilities:</i> {markup(role.responsibilities)}")
    lines.append(f"<i>{people} {'person' if people == 1 else 'people'} in the binder</i>")
    return "<br/>".join(lines)


def _review_markup(role: Role, content: BinderContent) -> str:
    state = review_state(role, content.as_of)
    lines = [f"reviewed {day(role.last_reviewed)}"]
    if role.review_interval_months:
        lines.append(f"every {role.review_interval_months} months")
    next_review = state.text()
    lines.append(f"<b>{next_review}</b>" if state.due else f"next: {next_review}")
    return "<br/>".join(lines)


def _requires_table(competencies: list[Competency], layout: Layout, width: float) -> Flowable:
    """The role's competencies in aligned columns: name, level, renewal."""
    if not competencies:
        return paragraph("no competency required", layout)
    rows = [
        [
            paragraph(markup(c.name), layout),
            paragraph(c.level.label, layout, "Caption"),
            paragraph(renewal_text(c), layout, "Caption"),
        ]
        for c in competencies
    ]
    # The outer cell's padding is inside `width`.
    inner = width - 6
    table = BinderTable(rows, colWidths=[share * inner for share in _REQUIRES_COLUMNS])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, ZEBRA_FILL),
            ]
        )
    )
    return table
