"""Due and overdue: each person's next due date of every recurring competency, as of a date.

Read from the gap matrix, so the list never disagrees with it: the due date is the last valid
day of the evidence that decided the cell (N months after the last completion, or the fixed
yearly date, as `compdesk.models.renewal` says; an explicit expiry date wins). A competency is
recurring when it has a renewal interval or a fixed yearly date; a document to acknowledge
is listed too, since a new version makes it due again.

| state     | cell                   | meaning                                                  |
|-----------|------------------------|----------------------------------------------------------|
| on track  | met                    | due later than the expiry warning window                 |
| due soon  | expiring, due          | due within the warning window, or past due in its grace  |
|           |                        | (renewal, onboarding or acknowledgement grace)           |
| overdue   | expired, missing,      | past due beyond the grace, or never done outside any     |
|           | planned                | grace (an open action does not stop it being overdue)     |
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from compdesk.models.gaps import GapCell, GapMatrix, GapStatus
from compdesk.models.records import Competency, Person, Settings
from compdesk.models.renewal import renewal_rule


class DueState(enum.Enum):
    ON_TRACK = "on track"
    DUE_SOON = "due soon"  # within the warning window before the due date
    IN_GRACE = "past due, in grace"  # past the due date, the grace not over
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class DueItem:
    person: Person
    competency: Competency
    state: DueState
    # The last valid day of the decisive evidence; for what was never done, the onboarding
    # deadline while it runs, else None.
    due_on: date | None
    # Past the due date: the last day of the grace (None once it is over).
    grace_ends_on: date | None
    never_completed: bool
    evidence_id: int | None
    action_id: int | None
    as_of: date

    @property
    def days_left(self) -> int | None:
        """Days from the as-of date to the due date (negative once past it)."""
        return None if self.due_on is None else (self.due_on - self.as_of).days

    @property
    def deadline(self) -> date | None:
        """The day after which the item is overdue: the grace's end, else the due date."""
        return self.grace_ends_on or self.due_on

    def text(self) -> str:
        """One line for a list, the same in the window, the command line and the binder."""
        due = self.due_on.isoformat() if self.due_on is not None else ""
        if self.state is DueState.OVERDUE:
            return "overdue: never done" if self.never_completed else f"overdue: was due {due}"
        if self.state is DueState.IN_GRACE:
            assert self.grace_ends_on is not None
            return f"was due {due}; overdue after {self.grace_ends_on.isoformat()}"
        if self.never_completed:
            return f"due by {due} (onboarding)"
        days = self.days_left
        if days == 0:
            return f"due today ({due})"
        if self.state is DueState.DUE_SOON:
            return f"due {due}, in {days} day{'' if days == 1 else 's'}"
        return f"due {due}"


@dataclass(frozen=True, slots=True)
class DueList:
    as_of: date
    # Every active person × required recurring competency, in matrix order (people, then
    # competencies); a cell whose evidence never expires is left out.
    items: tuple[DueItem, ...]

    def due_soon(self) -> tuple[DueItem, ...]:
        """Due within the warning window or past due in grace, soonest deadline first."""
        return _by_deadline(
            i for i in self.items if i.state in (DueState.DUE_SOON, DueState.IN_GRACE)
        )

    def overdue(self) -> tuple[DueItem, ...]:
        """Overdue, longest overdue first (never completed, with no date, first of all)."""
        return _by_deadline(i for i in self.items if i.state is DueState.OVERDUE)

    def for_person(self, person_id: int) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.person.id == person_id)

    def for_competency(self, competency_id: int) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.competency.id == competency_id)


def is_recurring(competency: Competency, settings: Settings) -> bool:
    """Falls due again: a renewal interval, a fixed yearly date, or a document version."""
    return renewal_rule(competency, settings).recurring or bool(competency.document_version)


def find_due(matrix: GapMatrix, settings: Settings) -> DueList:
    """The due list of a gap matrix (computed with the same settings)."""
    recurring = [c for c in matrix.competencies if is_recurring(c, settings)]
    items = []
    for person in matrix.people:
        for competency in recurring:
            cell = matrix.cells.get((person.id, competency.id))
            if cell is None:
                continue
            item = _due_item(person, competency, cell, matrix.as_of)
            if item is not None:
                items.append(item)
    return DueList(matrix.as_of, tuple(items))


def _due_item(person: Person, competency: Competency, cell: GapCell, as_of: date) -> DueItem | None:
    status = cell.status
    never = cell.evidence_id is None
    due_on = cell.expires_on
    grace_ends = None
    if status.counts_as_met:
        if due_on is None:
            return None  # evidence that never expires
        state = DueState.DUE_SOON if status is GapStatus.EXPIRING else DueState.ON_TRACK
    elif status is GapStatus.DUE:
        grace_ends = cell.grace_ends_on
        if never:
            due_on, grace_ends = cell.grace_ends_on, None
            state = DueState.DUE_SOON
        else:
            state = DueState.IN_GRACE
    else:
        state = DueState.OVERDUE
    return DueItem(
        person, competency, state, due_on, grace_ends, never, cell.evidence_id, cell.action_id,
        as_of,
    )


def _by_deadline(items: Iterable[DueItem]) -> tuple[DueItem, ...]:
    return tuple(
        sorted(items, key=lambda i: (i.deadline or date.min, i.person.name, i.competency.name))
    )
