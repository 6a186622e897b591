"""The onboarding record of recent starters: when each required competency was first met.

An auditor samples a handful of recent joiners and asks how they were introduced to security
(Annex A 6.3): each required competency should be met within the document's onboarding grace
of the start date (DOMAIN: 7 days). A pure function of the records and a date, used by the
findings and by the binder's training section alike.
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

    @property
    def late(self) -> bool:
        return any(item.late for item in self.items)

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
        records.append(OnboardingRecord(person, deadline, items))
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
