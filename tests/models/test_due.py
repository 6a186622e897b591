"""The due list: each person's next due date of every recurring competency, and who is late."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from compdesk.models.due import DueList, DueState, find_due, is_recurring
from compdesk.models.gaps import compute_matrix
from compdesk.models.records import (
    ActionState,
    ActionStatus,
    Competency,
    Effectiveness,
    EvidenceDates,
    Person,
    RenewalMode,
    Settings,
)

ROLE = 1
DAY = timedelta(days=1)
YEARLY = Competency(10, "Passwords and MFA", renewal_months=12)
FIXED = Competency(
    11, "Yearly awareness", renewal_months=12, renewal_mode=RenewalMode.FIXED_DATE,
    renewal_on="02-29",
)
ONCE = Competency(12, "Internal audit")
POLICY = Competency(13, "Security policy", document_version="2", version_since=date(2026, 6, 1))
COMPETENCIES = (YEARLY, FIXED, ONCE, POLICY)
REQUIREMENTS = {(ROLE, c.id) for c in COMPETENCIES}
DEFAULTS = Settings()
ANA = Person(1, "Ana Ruiz", "ana@example.com", start_date=date(2020, 1, 6), role_ids=(ROLE,))
BO = Person(2, "Bo Chen", "bo@example.com", start_date=date(2020, 1, 6), role_ids=(ROLE,))


def due_list(
    evidence: list[EvidenceDates],
    as_of: date,
    *,
    people: tuple[Person, ...] = (ANA,),
    actions: tuple[ActionState, ...] = (),
    versions: dict[int, str] | None = None,
    fixed_since: dict[int, date] | None = None,
) -> DueList:
    matrix = compute_matrix(
        people=people, competencies=COMPETENCIES, requirements=REQUIREMENTS, evidence=evidence,
        actions=actions, settings=DEFAULTS, as_of=as_of, evidence_versions=versions,
        fixed_since=fixed_since,
    )
    return find_due(matrix, DEFAULTS)


def item_of(listed: DueList, competency: Competency, person: Person = ANA) -> tuple[object, ...]:
    (item,) = [i for i in listed.for_person(person.id) if i.competency == competency]
    return item.state, item.due_on, item.grace_ends_on


def test_only_recurring_competencies_and_documents_are_listed() -> None:
    assert [is_recurring(c, DEFAULTS) for c in COMPETENCIES] == [True, True, False, True]
    listed = due_list([], date(2026, 11, 25))
    assert [i.competency for i in listed.items] == [YEARLY, FIXED, POLICY]


def test_evidence_that_never_expires_is_not_listed() -> None:
    listed = due_list([(1, ANA.id, YEARLY.id, None, None)], date(2026, 11, 25))
    assert YEARLY not in [i.competency for i in listed.items]


@pytest.mark.parametrize(
    ("achieved_on", "as_of", "expected"),
    [
        # 31 Jan + 12 months: 31 Jan; the warning window is 30 days, the renewal grace 30.
        (date(2025, 1, 31), date(2025, 12, 31), (DueState.ON_TRACK, date(2026, 1, 31), None)),
        (date(2025, 1, 31), date(2026, 1, 1), (DueState.DUE_SOON, date(2026, 1, 31), None)),
        (date(2025, 1, 31), date(2026, 1, 31), (DueState.DUE_SOON, date(2026, 1, 31), None)),
        (date(2025, 1, 31), date(2026, 2, 1),
         (DueState.IN_GRACE, date(2026, 1, 31), date(2026, 3, 2))),
        (date(2025, 1, 31), date(2026, 3, 2),
         (DueState.IN_GRACE, date(2026, 1, 31), date(2026, 3, 2))),
        (date(2025, 1, 31), date(2026, 3, 3), (DueState.OVERDUE, date(2026, 1, 31), None)),
        # Leap day + 12 months is 28 February.
        (date(2024, 2, 29), date(2025, 2, 28), (DueState.DUE_SOON, date(2025, 2, 28), None)),
    ],
    ids=["on-track", "window-first-day", "due-day", "day-after", "grace-last-day",
         "after-grace", "leap-day"],
)
def test_after_completion_due_date_and_state(
    achieved_on: date, as_of: date, expected: tuple[object, ...]
) -> None:
    listed = due_list([(1, ANA.id, YEARLY.id, achieved_on, None)], as_of)
    assert item_of(listed, YEARLY) == expected


@pytest.mark.parametrize(
    ("achieved_on", "as_of", "due_on"),
    [
        (date(2028, 2, 1), date(2028, 3, 1), date(2029, 2, 28)),  # inside the leap-year window
        (date(2027, 12, 1), date(2027, 12, 2), date(2028, 2, 29)),  # before it: due this year
        (date(2026, 3, 1), date(2026, 3, 2), date(2027, 2, 28)),
    ],
)
def test_fixed_date_due_date_on_29_february(achieved_on: date, as_of: date, due_on: date) -> None:
    listed = due_list([(1, ANA.id, FIXED.id, achieved_on, None)], as_of)
    assert item_of(listed, FIXED)[1] == due_on


def test_the_mode_switch_leaves_everyone_with_a_due_date_not_overdue() -> None:
    """Completions of a 12-month training on 1 December 2025 and 1 March 2026; switched to a
    fixed 29 February on 1 November 2026 (fixed rule alone: both due 28 February 2026)."""
    evidence: list[EvidenceDates] = [
        (1, ANA.id, FIXED.id, date(2025, 12, 1), None),
        (2, BO.id, FIXED.id, date(2026, 3, 1), None),
    ]
    as_of = date(2026, 11, 2)
    strict = due_list(evidence, as_of, people=(ANA, BO))
    assert [i.person for i in strict.overdue() if i.competency == FIXED] == [ANA]
    switched = due_list(evidence, as_of, people=(ANA, BO), fixed_since={FIXED.id: date(2026, 11, 1)})
    assert [i for i in switched.overdue() if i.competency == FIXED] == []
    assert item_of(switched, FIXED, ANA) == (DueState.DUE_SOON, date(2026, 12, 1), None)
    assert item_of(switched, FIXED, BO) == (DueState.ON_TRACK, date(2027, 2, 28), None)


def test_a_new_starter_who_has_done_nothing_is_due_by_the_onboarding_deadline() -> None:
    starter = replace(ANA, start_date=date(2026, 11, 20))
    listed = due_list([], date(2026, 11, 25), people=(starter,))
    item = listed.for_competency(YEARLY.id)[0]
    assert (item.state, item.due_on, item.never_completed) == (
        DueState.DUE_SOON, date(2026, 11, 27), True
    )
    late = due_list([], date(2026, 11, 28), people=(starter,)).for_competency(YEARLY.id)[0]
    assert (late.state, late.due_on) == (DueState.OVERDUE, None)


def test_an_open_action_does_not_stop_a_gap_being_overdue() -> None:
    action = ActionState(5, ANA.id, YEARLY.id, ActionStatus.PLANNED,
                         Effectiveness.NOT_YET_EVALUATED)
    listed = due_list([(1, ANA.id, YEARLY.id, date(2020, 1, 1), None)], date(2026, 11, 25),
                      actions=(action,))
    (item,) = listed.for_competency(YEARLY.id)
    assert (item.state, item.action_id, item.due_on) == (DueState.OVERDUE, 5, date(2021, 1, 1))


def test_a_new_document_version_makes_everyone_due_then_overdue() -> None:
    evidence: list[EvidenceDates] = [(1, ANA.id, POLICY.id, date(2026, 1, 10), None)]
    versions = {1: "1"}
    before = due_list(evidence, date(2026, 5, 31), versions=versions)
    assert POLICY not in [i.competency for i in before.items]  # acknowledged, never expires
    in_grace = due_list(evidence, date(2026, 7, 1), versions=versions)
    assert item_of(in_grace, POLICY) == (DueState.IN_GRACE, date(2026, 5, 31), date(2026, 7, 1))
    after = due_list(evidence, date(2026, 7, 2), versions=versions)
    assert item_of(after, POLICY)[0] is DueState.OVERDUE


def test_the_lists_are_ordered_by_deadline_and_as_of_a_past_date() -> None:
    evidence: list[EvidenceDates] = [
        (1, ANA.id, YEARLY.id, date(2025, 12, 20), None),
        (2, BO.id, YEARLY.id, date(2025, 12, 5), None),
        (3, ANA.id, FIXED.id, date(2026, 2, 1), None),
    ]
    listed = due_list(evidence, date(2026, 12, 10), people=(ANA, BO))
    soon = [(i.person.name, i.competency.name, i.deadline) for i in listed.due_soon()]
    # Ana's is due on 20 December; Bo's was due on 5 December and is in grace to 4 January.
    assert soon == [
        ("Ana Ruiz", "Passwords and MFA", date(2026, 12, 20)),
        ("Bo Chen", "Passwords and MFA", date(2027, 1, 4)),
    ]
    past = due_list(evidence, date(2026, 1, 1), people=(ANA, BO))
    assert all(i.state is DueState.ON_TRACK for i in past.for_competency(YEARLY.id))
    overdue = [(i.person.name, i.competency) for i in past.overdue()]
    assert overdue == [("Ana Ruiz", POLICY), ("Ana Ruiz", FIXED), ("Bo Chen", POLICY),
                       ("Bo Chen", FIXED)]


@pytest.mark.parametrize(
    ("evidence", "as_of", "people", "text"),
    [
        ([(1, ANA.id, YEARLY.id, date(2025, 1, 31), None)], date(2025, 12, 1), (ANA,),
         "due 2026-01-31"),
        ([(1, ANA.id, YEARLY.id, date(2025, 1, 31), None)], date(2026, 1, 30), (ANA,),
         "due 2026-01-31, in 1 day"),
        ([(1, ANA.id, YEARLY.id, date(2025, 1, 31), None)], date(2026, 1, 31), (ANA,),
         "due today (2026-01-31)"),
        ([(1, ANA.id, YEARLY.id, date(2025, 1, 31), None)], date(2026, 2, 1), (ANA,),
         "was due 2026-01-31; overdue after 2026-03-02"),
        ([(1, ANA.id, YEARLY.id, date(2025, 1, 31), None)], date(2026, 3, 3), (ANA,),
         "overdue: was due 2026-01-31"),
        ([], date(2026, 11, 25), (ANA,), "overdue: never done"),
        ([], date(2026, 11, 25), (replace(ANA, start_date=date(2026, 11, 20)),),
         "due by 2026-11-27 (onboarding)"),
    ],
    ids=["on-track", "tomorrow", "today", "in-grace", "overdue", "never-done", "onboarding"],
)
def test_each_item_reads_as_one_line(
    evidence: list[EvidenceDates], as_of: date, people: tuple[Person, ...], text: str
) -> None:
    (item,) = due_list(evidence, as_of, people=people).for_competency(YEARLY.id)
    assert item.text() == text
