"""The onboarding record of recent starters: when each required competency was first met.

An auditor samples a handful of recent joiners and asks how they were introduced to security
(Annex A 6.3): each required competency should be met within the document's onboarding grace
of the start date (DOMAIN: 7 days). Auditors also set the induction against the day the
person's accounts were created: onboarding finished more than `Settings.access_grace_days`
after `Person.access_granted_on` (or still unfinished by then) is "after access", a
nonconformity of its own. A pure function of the records and a date, used by the findings and
by the binder's training section alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from compdesk.models.dates import add_months
from compdesk.models.records import Competency, EvidenceDates, Person, Settings
from compdesk.models.rules import is_active

# How far back a starter is recent: the twelve months up to the as-of date.
RECENT_MONTHS = 12


@dataclass(frozen=True, slots=True)
class OnboardingItem:
    """One competency a starter's roles require, and the first day evidence of it counted."""

    competency_id: int
    # The earliest achieved_on of the person's evidence of it up to the as-of date; None when
    # no dated evidence counts yet (undated evidence cannot show when onboarding happened).
    met_on: date | None
    # Met after the deadline, or still unmet once the deadline has passed.
    late: bool


@dataclass(frozen=True, slots=True)
class OnboardingRecord:
    person: Person
    # The last day of the onboarding grace: start date + Settings.onboarding_grace_days.
    deadline: date
    # In the order of the competencies given (the matrix order).
    items: tuple[OnboardingItem, ...]
    # The last day onboarding may end once access was granted: access + access grace; None
    # when the person carries no access date.
    access_deadline: date | None = None
    # Finished after the access deadline, or still unfinished once it has passed.
    after_access: bool = False

    @property
    def late(self) -> bool:
        return any(item.late for item in self.items)

    @property
    def access_granted_on(self) -> date | None:
        return self.person.access_granted_on

    @property
    def finished_on(self) -> date | None:
        """The day the last required competency was met; None while any is unmet (or none is
        required)."""
        if not self.items or any(item.met_on is None for item in self.items):
            return None
        return max(item.met_on for item in self.items if item.met_on is not None)

    def late_items(self) -> tuple[OnboardingItem, ...]:
        return tuple(item for item in self.items if item.late)


def recent_since(as_of: date) -> date:
    """The first day of the twelve months up to `as_of` (2026-05-01 → 2025-05-02)."""
    return add_months(as_of, -RECENT_MONTHS) + timedelta(days=1)


def is_recent_starter(person: Person, as_of: date) -> bool:
    """Started within the twelve months up to and including `as_of`."""
    start = person.start_date
    return start is not None and recent_since(as_of) <= start <= as_of


def onboarding_deadline(start_date: date, settings: Settings) -> date:
    """The last day on which meeting a required competency is still on time."""
    return start_date + timedelta(days=settings.onboarding_grace_days)


def access_deadline(access_granted_on: date, settings: Settings) -> date:
    """The last day onboarding may end after access was granted (DOMAIN: 48 hours)."""
    return access_granted_on + timedelta(days=settings.access_grace_days)


def finished_after_access(
    finished_on: date | None, deadline: date, as_of: date, *, required: bool = True
) -> bool:
    """Finished after the access deadline (its last day is in time), or unfinished once it has
    passed; nothing required is never after access."""
    if not required:
        return False
    return finished_on > deadline if finished_on is not None else as_of > deadline


def after_access(records: Iterable[OnboardingRecord]) -> tuple[OnboardingRecord, ...]:
    """The records whose onboarding came after access was granted (shown and counted)."""
    return tuple(record for record in records if record.after_access)


def onboarding_item(
    competency_id: int, met_on: date | None, deadline: date, as_of: date
) -> OnboardingItem:
    """Met on the grace's last day is on time, the day after is late; unmet is late only once
    the as-of date is past the deadline."""
    late = met_on > deadline if met_on is not None else as_of > deadline
    return OnboardingItem(competency_id, met_on, late)


def find_onboarding(
    *,
    people: Iterable[Person],
    competencies: Sequence[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[EvidenceDates],
    settings: Settings,
    as_of: date,
) -> tuple[OnboardingRecord, ...]:
    """The onboarding record of every active person who started in the twelve months up to
    `as_of`, in the order `people` are given, each with an item per competency their roles
    require (a starter whose roles require nothing has no items)."""
    starters = [p for p in people if is_active(p, as_of) and is_recent_starter(p, as_of)]
    if not starters:
        return ()
    wanted = {p.id for p in starters}
    first_met = _first_met(evidence, wanted, as_of)
    required_by_role: dict[int, set[int]] = {}
    for role_id, competency_id in requirements:
        required_by_role.setdefault(role_id, set()).add(competency_id)
    records = []
    for person in starters:
        assert person.start_date is not None  # is_recent_starter
        deadline = onboarding_deadline(person.start_date, settings)
        required = set().union(*(required_by_role.get(r, ()) for r in person.role_ids))
        items = tuple(
            onboarding_item(c.id, first_met.get((person.id, c.id)), deadline, as_of)
            for c in competencies
            if c.id in required
        )
        record = OnboardingRecord(person, deadline, items)
        if person.access_granted_on is not None:
            access_ends = access_deadline(person.access_granted_on, settings)
            late_for_access = finished_after_access(
                record.finished_on, access_ends, as_of, required=bool(items)
            )
            record = OnboardingRecord(person, deadline, items, access_ends, late_for_access)
        records.append(record)
    return tuple(records)


def _first_met(
    evidence: Iterable[EvidenceDates], people_ids: set[int], as_of: date
) -> Mapping[tuple[int, int], date]:
    """Per person × competency, the earliest achieved_on up to `as_of` of these people."""
    first: dict[tuple[int, int], date] = {}
    for _, person_id, competency_id, achieved_on, _ in evidence:
        if person_id not in people_ids or achieved_on is None or achieved_on > as_of:
            continue
        key = (person_id, competency_id)
        kept = first.get(key)
        if kept is None or achieved_on < kept:
            first[key] = achieved_on
    return first
