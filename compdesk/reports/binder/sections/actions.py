"""Section 4: the gaps found, what was done about each, and whether it worked
(ISO/IEC 27001 7.2 c; the auditor's third question)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Final

from reportlab.platypus import Flowable, PageBreakIfNotEmpty, Spacer

from compdesk.models.gaps import GapCell, GapStatus
from compdesk.models.records import Action, ActionStatus, Effectiveness
from compdesk.models.rules import Attention, attention_of
from compdesk.reports.binder.sections.common import (
    ATTENTION_MARK,
    day,
    joined,
    paragraph,
    status_markup,
)
from compdesk.reports.binder.text import markup

if TYPE_CHECKING:
    from compdesk.reports.binder.content import BinderContent
    from compdesk.reports.binder.layout import Layout

NUMBER: Final = 4
TITLE: Final = "Gaps and actions"
CLAUSE: Final = "ISO/IEC 27001 7.2 c"

_ACTION_COLUMNS: Final = (0.17, 0.17, 0.22, 0.16, 0.28)
_GAP_COLUMNS: Final = (0.25, 0.27, 0.18, 0.30)
# Gaps nobody is acting on: no open action, outside any grace.
_UNADDRESSED: Final = (GapStatus.MISSING, GapStatus.EXPIRED)


def flowables(content: BinderContent, layout: Layout) -> list[Flowable]:
    as_of = content.as_of
    person_order = {person.id: index for index, person in enumerate(content.people)}
    competency_order = {c.id: index for index, c in enumerate(content.competencies)}
    actions = sorted(
        content.actions,
        key=lambda a: (
            person_order.get(a.person_id, len(person_order)),
            competency_order.get(a.competency_id, len(competency_order)),
            a.due_date or date.max,
            a.id,
        ),
    )
    attention = {action.id: attention_of(action, as_of) for action in actions}
    needs = Counter(state for state, _days in attention.values())
    # Each section opens a page of its own; an empty page is never left behind.
    story: list[Flowable] = [PageBreakIfNotEmpty(), *layout.section_title(NUMBER, TITLE, CLAUSE)]
    story.append(
        paragraph(
            f"{len(actions)} gap-closure action{'' if len(actions) == 1 else 's'} as of "
            f"{as_of.isoformat()}: {needs[Attention.OVERDUE]} marked "
            f"<b>{ATTENTION_MARK} overdue</b> (past their due date, not done), "
            f"{needs[Attention.NOT_EVALUATED]} marked <b>{ATTENTION_MARK} not yet evaluated</b> "
            "(done, but whether they worked was never judged; they stay open until it is).",
            layout,
            "Body",
        )
    )
    story.append(Spacer(1, 6))
    width = layout.portrait.width
    if actions:
        rows: list[list[Flowable | str]] = [
            [
                paragraph(f"<b>{h}</b>", layout, "CellBold")
                for h in ("Person", "Competency", "Action", "Due and status", "Effectiveness")
            ]
        ]
        for action in actions:
            rows.append(_action_row(action, attention[action.id], content, layout))
        story.append(layout.table(rows, [share * width for share in _ACTION_COLUMNS]))
    else:
        story.append(paragraph("No actions are recorded.", layout, "Body"))
    story.append(Spacer(1, 10))
    story.append(paragraph("Open gaps without an open action", layout, "Heading"))
    story += _unaddressed_gaps(content, layout)
    return story


def _action_row(
    action: Action, attention: tuple[Attention, int], content: BinderContent, layout: Layout
) -> list[Flowable | str]:
    state, overdue_days = attention
    what = joined(
        [
            f"<b>{action.type.label}</b>",
            markup(action.description) if action.description else "",
        ],
        ": ",
    )
    what += f"<br/>owner: {markup(action.owner) if action.owner else 'not named'}"
    status_lines = [f"due {day(action.due_date)}", action.status.label]
    if action.status is ActionStatus.DONE:
        status_lines[-1] += f" on {day(action.completed_on)}"
    if state is Attention.OVERDUE:
        status_lines.append(
            f"<b>{ATTENTION_MARK} overdue by {overdue_days} day{'' if overdue_days == 1 else 's'}</b>"
        )
    effect = action.effectiveness.label
    if action.effectiveness is not Effectiveness.NOT_YET_EVALUATED:
        effect = f"<b>{effect}</b>"
        if action.evaluated_on is not None:
            effect += f" (judged {day(action.evaluated_on)})"
        effect += (
            f"<br/>how: {markup(action.evaluation)}"
            if action.evaluation
            else "<br/>how: not recorded"
        )
    if state is Attention.NOT_EVALUATED:
        effect = f"<b>{ATTENTION_MARK} not yet evaluated</b>"
    return [
        paragraph(markup(content.person(action.person_id).name), layout),
        paragraph(markup(content.competency(action.competency_id).name), layout),
        paragraph(what, layout),
        paragraph("<br/>".join(status_lines), layout),
        paragraph(effect, layout),
    ]


def _unaddressed_gaps(content: BinderContent, layout: Layout) -> list[Flowable]:
    closed_actions: dict[tuple[int, int], list[Action]] = {}
    for action in content.actions:
        closed_actions.setdefault((action.person_id, action.competency_id), []).append(action)
    gaps: list[GapCell] = [
        cell
        for person in content.people
        for competency in content.competencies
        if (cell := content.matrix.cell(person.id, competency.id)).status in _UNADDRESSED
    ]
    if not gaps:
        return [
            paragraph(
                "None: every missing or expired required competency has an open action.",
                layout,
                "Body",
            )
        ]
    story: list[Flowable] = [
        paragraph(
            f"{len(gaps)} required competenc{'y is' if len(gaps) == 1 else 'ies are'} missing "
            "or expired with no open action (planned, in progress, or done and awaiting its "
            "evaluation) addressing them; the last column names earlier, closed actions.",
            layout,
            "Small",
        )
    ]
    rows: list[list[Flowable | str]] = [
        [
            paragraph(f"<b>{h}</b>", layout, "CellBold")
            for h in ("Person", "Competency", "Status", "Earlier actions")
        ]
    ]
    for cell in gaps:
        earlier = closed_actions.get((cell.person_id, cell.competency_id), [])
        rows.append(
            [
                paragraph(markup(content.person(cell.person_id).name), layout),
                paragraph(markup(content.competency(cell.competency_id).name), layout),
                paragraph(status_markup(cell), layout),
                paragraph(
                    "<br/>".join(
                        f"{a.type.label}, {a.status.label.lower()}, {a.effectiveness.value}"
                        for a in earlier
                    )
                    or "none",
                    layout,
                ),
            ]
        )
    story.append(layout.table(rows, [share * layout.portrait.width for share in _GAP_COLUMNS]))
    return story
