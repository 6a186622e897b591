"""The gap engine: the status of every person × required competency, as of a date.

A pure function of the record and the date, so the matrix view, the command line and the
binder always agree. Every gap rule lives here and nowhere else.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple, Protocol

from compdesk.models.dates import add_months
from compdesk.models.records import (
    ActionStatus,
    Competency,
    Effectiveness,
    EvidenceDates,
    Person,
    Settings,
)

if TYPE_CHECKING:
    from compdesk.models.store import Store


class GapStatus(enum.Enum):
    MET = "met"
    EXPIRING = "expiring"
    DUE = "due"
    PLANNED = "planned"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_REQUIRED = "not required"

    @property
    def symbol(self) -> str:
        """A mark that tells the status apart without colour."""
        return _SYMBOLS[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def counts_as_met(self) -> bool:
        return self in (GapStatus.MET, GapStatus.EXPIRING)


_SYMBOLS = {
    GapStatus.MET: "✔",
    GapStatus.EXPIRING: "⚠",
    GapStatus.DUE: "◔",
    GapStatus.PLANNED: "➜",
    GapStatus.EXPIRED: "✘",
    GapStatus.MISSING: "○",
    GapStatus.NOT_REQUIRED: "—",
}


class DatedEvidence(Protocol):
    """What the engine reads of an evidence record (an Evidence, or a test's stand-in)."""

    @property
    def id(self) -> int: ...
    @property
    def person_id(self) -> int: ...
    @property
    def competency_id(self) -> int: ...
    @property
    def achieved_on(self) -> date | None: ...
    @property
    def expires_on(self) -> date | None: ...


class ActionLike(Protocol):
    """What the engine reads of an action: an Action record or a bulk-loaded ActionState."""

    @property
    def id(self) -> int: ...
    @property
    def person_id(self) -> int: ...
    @property
    def competency_id(self) -> int: ...
    @property
    def status(self) -> ActionStatus: ...
    @property
    def effectiveness(self) -> Effectiveness: ...


def action_is_open(action: ActionLike) -> bool:
    """An action is open until cancelled, or until done *and* evaluated: an action whose
    effect was never judged still counts as open (DOMAIN: training never evaluated)."""
    if action.status is ActionStatus.CANCELLED:
        return False
    if action.status is ActionStatus.DONE:
        return action.effectiveness is Effectiveness.NOT_YET_EVALUATED
    return True


def evidence_expiry(evidence: DatedEvidence, competency: Competency) -> date | None:
    """When evidence stops being valid: its own expiry date, else achieved + renewal interval.

    Evidence is valid up to and including this date. None means it never expires.
    """
    return _expiry(evidence.expires_on, evidence.achieved_on, competency.renewal_months)


def _expiry(
    expires_on: date | None, achieved_on: date | None, renewal_months: int | None
) -> date | None:
    if expires_on is not None:
        return expires_on
    if renewal_months and achieved_on is not None:
        return add_months(achieved_on, renewal_months)
    return None


def is_active(person: Person, as_of: date) -> bool:
    """A person is in the matrix from their start date through their end date."""
    if person.start_date is not None and person.start_date > as_of:
        return False
    return person.end_date is None or person.end_date >= as_of


class GapCell(NamedTuple):
    person_id: int
    competency_id: int
    status: GapStatus
    # The evidence that decided the status (the longest-valid one, or the last to expire).
    evidence_id: int | None = None
    expires_on: date | None = None
    # The open action addressing the gap, if any.
    action_id: int | None = None
    # For a due cell: the last day of the grace period.
    grace_ends_on: date | None = None


@dataclass(frozen=True)
class GapMatrix:
    as_of: date
    people: tuple[Person, ...]
    competencies: tuple[Competency, ...]
    # Only required cells; every other person × competency is not required.
    cells: dict[tuple[int, int], GapCell] = field(default_factory=dict)

    def cell(self, person_id: int, competency_id: int) -> GapCell:
        found = self.cells.get((person_id, competency_id))
        return found or GapCell(person_id, competency_id, GapStatus.NOT_REQUIRED)

    def status(self, person_id: int, competency_id: int) -> GapStatus:
        return self.cell(person_id, competency_id).status

    def counts(self) -> Counter[GapStatus]:
        return Counter(cell.status for cell in self.cells.values())

    def overall_completion(self) -> float | None:
        return _completion(self.cells.values())

    def person_completion(self, person_id: int) -> float | None:
        return _completion(self.cell(person_id, c.id) for c in self.competencies)

    def competency_completion(self, competency_id: int) -> float | None:
        return _completion(self.cell(p.id, competency_id) for p in self.people)


def _completion(cells: Iterable[GapCell]) -> float | None:
    """Share of required cells that are met (expiring still counts); None if none required."""
    required = met = 0
    for cell in cells:
        if cell.status is GapStatus.NOT_REQUIRED:
            continue
        required += 1
        met += cell.status.counts_as_met
    return met / required if required else None


def compute_matrix(
    *,
    people: Iterable[Person],
    competencies: Iterable[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[DatedEvidence],
    actions: Iterable[ActionLike],
    settings: Settings,
    as_of: date,
) -> GapMatrix:
    """The gap matrix of these records as of a date."""
    return compute_matrix_from_rows(
        people=people,
        competencies=competencies,
        requirements=requirements,
        evidence_rows=[
            (e.id, e.person_id, e.competency_id, e.achieved_on, e.expires_on) for e in evidence
        ],
        actions=actions,
        settings=settings,
        as_of=as_of,
    )


def compute_matrix_from_rows(
    *,
    people: Iterable[Person],
    competencies: Iterable[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence_rows: Iterable[EvidenceDates],
    actions: Iterable[ActionLike],
    settings: Settings,
    as_of: date,
) -> GapMatrix:
    """compute_matrix over evidence already reduced to its dates (a bulk load)."""
    competency_list = tuple(competencies)
    renewal_months = {c.id: c.renewal_months for c in competency_list}
    required_by_role: dict[int, set[int]] = {}
    for role_id, competency_id in requirements:
        required_by_role.setdefault(role_id, set()).add(competency_id)

    # One pass over the evidence keeps, per person × competency, the valid record that lasts
    # longest and the expired record that expired last. Evidence counts only from its
    # achieved-on date; undated evidence always counts. NEVER stands for "does not expire".
    best_valid: dict[tuple[int, int], tuple[date, int]] = {}
    last_expired: dict[tuple[int, int], tuple[date, int]] = {}
    expiry = _expiry
    for evidence_id, person_id, competency_id, achieved_on, own_expiry in evidence_rows:
        if achieved_on is not None and achieved_on > as_of:
            continue
        if competency_id not in renewal_months:
            continue
        expires_on = expiry(own_expiry, achieved_on, renewal_months[competency_id]) or _NEVER
        key = (person_id, competency_id)
        kept = best_valid if expires_on >= as_of else last_expired
        current = kept.get(key)
        if current is None or expires_on > current[0]:
            kept[key] = (expires_on, evidence_id)

    open_actions: dict[tuple[int, int], int] = {}
    for action in actions:
        if action_is_open(action):
            open_actions.setdefault((action.person_id, action.competency_id), action.id)

    warning = timedelta(days=settings.expiry_warning_days)
    renewal_grace = timedelta(days=settings.renewal_grace_days)
    onboarding_grace = timedelta(days=settings.onboarding_grace_days)
    met, expiring = GapStatus.MET, GapStatus.EXPIRING

    active = tuple(p for p in people if is_active(p, as_of))
    # People share role combinations: work out each combination's requirements once.
    required_by_roles: dict[tuple[int, ...], tuple[int, ...]] = {}
    cells: dict[tuple[int, int], GapCell] = {}
    for person in active:
        role_ids = person.role_ids
        required = required_by_roles.get(role_ids)
        if required is None:
            required = tuple(frozenset().union(*(required_by_role.get(r, ()) for r in role_ids)))
            required_by_roles[role_ids] = required
        start_date = person.start_date
        onboarding_ends = start_date + onboarding_grace if start_date is not None else None
        if onboarding_ends is not None and as_of > onboarding_ends:
            onboarding_ends = None
        person_id = person.id
        for competency_id in required:
            key = (person_id, competency_id)
            valid = best_valid.get(key)
            if valid is None:
                cells[key] = _gap_cell(
                    key,
                    last_expired.get(key),
                    open_actions.get(key),
                    as_of,
                    renewal_grace,
                    onboarding_ends,
                )
            elif valid[0] is _NEVER:
                cells[key] = GapCell(person_id, competency_id, met, valid[1])
            else:
                expires_on = valid[0]
                status = expiring if expires_on - as_of <= warning else met
                cells[key] = GapCell(person_id, competency_id, status, valid[1], expires_on)
    return GapMatrix(as_of, active, competency_list, cells)


# Stands for "never expires" while comparing expiry dates.
_NEVER = date.max


def _gap_cell(
    key: tuple[int, int],
    last_expired: tuple[date, int] | None,
    open_action_id: int | None,
    as_of: date,
    renewal_grace: timedelta,
    onboarding_ends: date | None,
) -> GapCell:
    """A required cell without valid evidence: due, planned, expired or missing."""
    person_id, competency_id = key
    expired_on, expired_evidence_id = last_expired if last_expired else (None, None)
    grace_ends = None
    if expired_on is not None and as_of - expired_on <= renewal_grace:
        grace_ends = expired_on + renewal_grace
    if onboarding_ends is not None:
        grace_ends = max(grace_ends or onboarding_ends, onboarding_ends)
    if grace_ends is not None:
        status = GapStatus.DUE
    elif open_action_id is not None:
        status = GapStatus.PLANNED
    elif expired_on is not None:
        status = GapStatus.EXPIRED
    else:
        status = GapStatus.MISSING
    return GapCell(
        person_id,
        competency_id,
        status,
        expired_evidence_id,
        expired_on,
        open_action_id,
        grace_ends,
    )


def matrix_for(store: Store, as_of: date) -> GapMatrix:
    """The gap matrix of a whole document."""
    return compute_matrix_from_rows(
        people=store.people(),
        competencies=store.competencies(),
        requirements=store.requirements(),
        evidence_rows=store.evidence_dates(),
        actions=store.action_states(),
        settings=store.settings(),
        as_of=as_of,
    )
