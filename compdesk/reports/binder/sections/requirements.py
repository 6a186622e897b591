"""Section 1: what competence each role requires, and when the requirements were last reviewed
(ISO/IEC 27001 7.2 a; the auditor's first question)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, Spacer

from compdesk.models.records import Competency, Role
from compdesk.models.rules import review_state
from compdesk.reports.binder.sections.common import day, paragraph
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 1
TITLE: Final = "Competence requirements by role"
CLAUSE: Final = "ISO/IEC 27001 7.2 a"

# Shares of the portrait frame's width: role, owner, review, required competencies.
_COLUMNS: Final = (0.30, 0.15, 0.19, 0.36)


def renewal_text(competency: Competency) -> str:
    months = competency.renewal_months
    if not months:
        return "no renewal"
    return f"renewed every {months} month{'' if months == 1 else 's'}"


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    required_by_role: dict[int, list[Competency]] = {role.id: [] for role in content.roles}
    for competency in content.competencies:  # matrix order within each role
        for role in content.roles:
            if (role.id, competency.id) in content.requirements:
                required_by_role[role.id].append(competency)
    holders = Counter(role_id for person in content.people for role_id in person.role_ids)
    story: list[Flowable] = [*layout.section_title(NUMBER, TITLE, CLAUSE)]
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
                paragraph(_requires_markup(required_by_role[role.id]), layout),
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


def _requires_markup(competencies: list[Competency]) -> str:
    if not competencies:
        return "no competency required"
    return "<br/>".join(
        f"{markup(c.name)} <font size='6.5'>({c.level.label.lower()}, {renewal_text(c)})</font>"
        for c in competencies
    )
