"""The onboarding record of recent starters: who started, by when, and the day each was met."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from compdesk.models.onboarding import (
    OnboardingItem,
    OnboardingRecord,
    find_onboarding,
    is_recent_starter,
    recent_since,
)
from compdesk.models.records import Competency, EvidenceDates, Person, Settings

AS_OF = date(2026, 11, 25)
DAY = timedelta(days=1)
ROLE = 1
POLICY, PHISHING, AUDIT = (
    Competency(10, "Security policy"),
    Competency(11, "Phishing"),
    Competency(12, "Audit"),
)
COMPETENCIES = (POLICY, PHISHING, AUDIT)
DEFAULTS = Settings()
REQUIREMENTS = {(ROLE, POLICY.id), (ROLE, PHISHING.id)}


def starter(person_id: int = 1, start: date = date(2026, 11, 2), **values: object) -> Person:
    values.setdefault("role_ids", (ROLE,))
    person = Person(person_id, f"Person {person_id}", f"p{person_id}@example.com", start_date=start)
    return replace(person, **values)  # type: ignore[arg-type]


def onboarding(
    people: list[Person], evidence: list[EvidenceDates], *, settings: Settings = DEFAULTS
) -> tuple[OnboardingRecord, ...]:
    return find_onboarding(
        people=people,
        competencies=COMPETENCIES,
        requirements=REQUIREMENTS,
        evidence=evidence,
        settings=settings,
        as_of=AS_OF,
    )


def test_each_required_competency_is_met_on_its_earliest_evidence() -> None:
    ana = starter()
    evidence: list[EvidenceDates] = [
        (1, ana.id, POLICY.id, date(2026, 11, 20), None),
        (2, ana.id, POLICY.id, date(2026, 11, 4), date(2026, 11, 5)),  # expired: still the day
        (3, ana.id, PHISHING.id, AS_OF + DAY, None),  # after the as-of date: not yet
        (4, ana.id, AUDIT.id, date(2026, 11, 3), None),  # not required
    ]

    (record,) = onboarding([ana], evidence)

    assert record.person == ana
    assert record.deadline == date(2026, 11, 9)
    assert record.items == (
        OnboardingItem(POLICY.id, date(2026, 11, 4), late=False),
        OnboardingItem(PHISHING.id, None, late=True),
    )
    assert record.late
    assert record.late_items() == (OnboardingItem(PHISHING.id, None, late=True),)


def test_the_deadline_follows_the_documents_grace() -> None:
    ana = starter()
    evidence: list[EvidenceDates] = [
        (1, ana.id, POLICY.id, date(2026, 11, 12), None),
        (2, ana.id, PHISHING.id, date(2026, 11, 12), None),
    ]

    (record,) = onboarding([ana], evidence, settings=Settings(onboarding_grace_days=10))

    assert record.deadline == date(2026, 11, 12)
    assert not record.late


def test_undated_evidence_cannot_show_when_onboarding_happened() -> None:
    ana = starter()

    (record,) = onboarding([ana], [(1, ana.id, POLICY.id, None, None)])

    assert record.items[0] == OnboardingItem(POLICY.id, None, late=True)


def test_only_active_recent_starters_have_a_record_in_the_order_given() -> None:
    people = [
        starter(1, date(2026, 1, 5)),
        starter(2, date(2020, 1, 5)),  # not recent
        starter(3, date(2026, 3, 1), end_date=date(2026, 6, 1)),  # left
        starter(4, AS_OF + DAY),  # not yet started
        starter(5, AS_OF),  # starts today
        Person(6, "No start", "n@example.com", role_ids=(ROLE,)),
    ]

    assert [r.person.id for r in onboarding(people, [])] == [1, 5]


def test_a_starter_whose_roles_require_nothing_is_listed_and_not_late() -> None:
    (record,) = onboarding([starter(1, date(2026, 1, 5), role_ids=())], [])

    assert record.items == ()
    assert not record.late


@pytest.mark.parametrize(
    ("start", "recent"),
    [(date(2025, 11, 25), False), (date(2025, 11, 26), True), (AS_OF, True), (AS_OF + DAY, False)],
)
def test_recent_is_the_twelve_months_up_to_the_date(start: date, recent: bool) -> None:
    assert recent_since(AS_OF) == date(2025, 11, 26)
    assert is_recent_starter(starter(start=start), AS_OF) is recent
