"""The onboarding record of recent starters: who started, by when, and the day each was met."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from compdesk.models.onboarding import (
    OnboardingItem,
    OnboardingRecord,
    after_access,
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


# ---- onboarding after access was granted ----------------------------------------------------

ACCESS = date(2026, 11, 2)


def met_both_on(person: Person, day: date) -> list[EvidenceDates]:
    return [(1, person.id, POLICY.id, date(2026, 11, 2), None), (2, person.id, PHISHING.id, day, None)]


@pytest.mark.parametrize(
    ("finished_on", "after_access"),
    [
        (ACCESS + 2 * DAY, False),  # the grace's last day is in time
        (ACCESS + 3 * DAY, True),
        (ACCESS - DAY, False),  # before access: as it should be
    ],
    ids=["grace-last-day", "day-after-grace", "before-access"],
)
def test_onboarding_finished_more_than_the_grace_after_access_is_after_access(
    finished_on: date, after_access: bool
) -> None:
    ana = starter(start=date(2026, 11, 1), access_granted_on=ACCESS)

    (record,) = onboarding([ana], met_both_on(ana, finished_on))

    assert record.access_granted_on == ACCESS
    assert record.access_deadline == date(2026, 11, 4)
    assert record.finished_on == max(finished_on, date(2026, 11, 2))
    assert record.after_access is after_access


def test_access_granted_long_before_the_start_makes_onboarding_after_access() -> None:
    """Accounts made a month before the first day: the 7-day deadline is kept, access's not."""
    ana = starter(start=date(2026, 11, 2), access_granted_on=date(2026, 10, 1))

    (record,) = onboarding([ana], met_both_on(ana, date(2026, 11, 3)))

    assert not record.late
    assert record.after_access


def test_unfinished_onboarding_is_after_access_once_the_grace_has_passed() -> None:
    recent = starter(start=AS_OF - 2 * DAY, access_granted_on=AS_OF - 2 * DAY)
    older = starter(2, start=AS_OF - 5 * DAY, access_granted_on=AS_OF - 3 * DAY)

    records = onboarding([recent, older], [])

    assert [r.finished_on for r in records] == [None, None]
    assert [r.after_access for r in records] == [False, True]
    assert after_access(records) == (records[1],)


def test_without_an_access_date_or_requirements_nothing_is_after_access() -> None:
    no_date = starter(start=date(2026, 10, 1))
    nothing_required = starter(2, start=date(2026, 10, 1), role_ids=(),
                               access_granted_on=date(2026, 9, 1))

    records = onboarding([no_date, nothing_required], [])

    assert [(r.access_deadline, r.after_access) for r in records] == [
        (None, False), (date(2026, 9, 3), False)
    ]
    assert records[0].late and records[0].finished_on is None


def test_the_access_grace_is_a_setting_of_the_document() -> None:
    ana = starter(start=date(2026, 11, 1), access_granted_on=ACCESS)

    (record,) = onboarding([ana], met_both_on(ana, ACCESS + 5 * DAY),
                           settings=Settings(access_grace_days=5))

    assert not record.after_access
