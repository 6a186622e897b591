"""The gap engine at every boundary of DESIGN.md's status table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from compdesk.models.gaps import GapCell, GapMatrix, GapStatus, compute_matrix
from compdesk.models.records import (
    Action,
    ActionState,
    ActionStatus,
    ActionType,
    Competency,
    Effectiveness,
    Evidence,
    EvidenceKind,
    Level,
    Person,
    PersonType,
    RenewalMode,
    Route,
    Settings,
)
from compdesk.models.rules import action_is_open, evidence_expiry

AS_OF = date(2026, 11, 25)
ROLE, OTHER_ROLE = 1, 2
SECURE_CODING = Competency(10, "Secure coding", Level.ROLE_SPECIFIC, renewal_months=12)
PHISHING = Competency(11, "Phishing recognition", Level.BASIC, renewal_months=3)
AUDIT = Competency(12, "Internal audit", Level.ADVANCED, renewal_months=None)
COMPETENCIES = (SECURE_CODING, PHISHING, AUDIT)
REQUIREMENTS = {(ROLE, SECURE_CODING.id), (ROLE, PHISHING.id), (OTHER_ROLE, PHISHING.id)}
DEFAULTS = Settings()
VETERAN = Person(1, "Ana Ruiz", "ana@example.com", start_date=date(2020, 1, 6), role_ids=(ROLE,))


def matrix_of(
    *,
    people: Iterable[Person],
    competencies: Iterable[Competency],
    requirements: Iterable[tuple[int, int]],
    evidence: Iterable[Evidence],
    actions: Iterable[Action],
    settings: Settings,
    as_of: date,
) -> GapMatrix:
    """The engine over records, reduced to the rows a document's bulk loads give."""
    return compute_matrix(
        people=people,
        competencies=competencies,
        requirements=requirements,
        evidence=[
            (e.id, e.person_id, e.competency_id, e.achieved_on, e.expires_on) for e in evidence
        ],
        actions=[
            ActionState(a.id, a.person_id, a.competency_id, a.status, a.effectiveness)
            for a in actions
        ],
        settings=settings,
        as_of=as_of,
    )


def evidence(
    achieved_on: date | None,
    expires_on: date | None = None,
    competency: Competency = SECURE_CODING,
    evidence_id: int = 100,
    person: Person = VETERAN,
) -> Evidence:
    return Evidence(
        evidence_id,
        person.id,
        competency.id,
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        achieved_on=achieved_on,
        expires_on=expires_on,
    )


def action(
    status: ActionStatus,
    effectiveness: Effectiveness = Effectiveness.NOT_YET_EVALUATED,
    competency: Competency = SECURE_CODING,
) -> Action:
    return Action(
        200, VETERAN.id, competency.id, ActionType.TRAINING, status=status,
        effectiveness=effectiveness,
    )


def status(
    *items: Evidence,
    actions: tuple[Action, ...] = (),
    person: Person = VETERAN,
    competency: Competency = SECURE_CODING,
    settings: Settings = DEFAULTS,
    as_of: date = AS_OF,
) -> GapStatus:
    matrix = matrix_of(
        people=[person],
        competencies=COMPETENCIES,
        requirements=REQUIREMENTS,
        evidence=items,
        actions=actions,
        settings=settings,
        as_of=as_of,
    )
    return matrix.status(person.id, competency.id)


@pytest.mark.parametrize(
    ("expires_on", "expected"),
    [
        (AS_OF + timedelta(days=31), GapStatus.MET),
        (AS_OF + timedelta(days=30), GapStatus.EXPIRING),
        (AS_OF, GapStatus.EXPIRING),
        (AS_OF - timedelta(days=1), GapStatus.DUE),
        (AS_OF - timedelta(days=30), GapStatus.DUE),
        (AS_OF - timedelta(days=31), GapStatus.EXPIRED),
    ],
    ids=["in-31-days", "in-30-days", "today", "yesterday", "30-days-ago", "31-days-ago"],
)
def test_expiry_boundaries(expires_on: date, expected: GapStatus) -> None:
    assert status(evidence(date(2025, 6, 1), expires_on)) is expected


def test_expiry_is_derived_from_the_renewal_interval_when_not_given() -> None:
    item = evidence(date(2025, 11, 25))
    assert evidence_expiry(item, SECURE_CODING) == date(2026, 11, 25)
    assert status(item) is GapStatus.EXPIRING
    assert status(evidence(date(2025, 11, 24))) is GapStatus.DUE


def test_evidence_of_a_competency_that_never_expires_stays_met() -> None:
    assert status(evidence(date(2001, 1, 1), competency=AUDIT), competency=AUDIT) is (
        GapStatus.NOT_REQUIRED
    )
    auditor = replace(VETERAN, role_ids=(ROLE, 3))
    matrix = matrix_of(
        people=[auditor], competencies=COMPETENCIES, requirements={(3, AUDIT.id)},
        evidence=[evidence(date(2001, 1, 1), competency=AUDIT)], actions=(),
        settings=Settings(), as_of=AS_OF,
    )
    assert matrix.status(auditor.id, AUDIT.id) is GapStatus.MET


def test_a_competency_no_role_of_the_person_requires_is_not_required() -> None:
    assert status(competency=AUDIT) is GapStatus.NOT_REQUIRED


def test_never_evidenced_is_missing() -> None:
    assert status() is GapStatus.MISSING


@pytest.mark.parametrize(
    ("days_since_start", "expected"),
    [(0, GapStatus.DUE), (7, GapStatus.DUE), (8, GapStatus.MISSING)],
    ids=["first-day", "start-plus-7", "start-plus-8"],
)
def test_onboarding_grace_ends_seven_days_after_the_start(
    days_since_start: int, expected: GapStatus
) -> None:
    starter = replace(VETERAN, start_date=AS_OF - timedelta(days=days_since_start))
    assert status(person=starter) is expected


def test_onboarding_grace_is_a_setting_of_the_document() -> None:
    starter = replace(VETERAN, start_date=AS_OF - timedelta(days=10))
    assert status(person=starter, settings=Settings(onboarding_grace_days=14)) is GapStatus.DUE


def test_warning_window_and_renewal_grace_are_settings_of_the_document() -> None:
    item = evidence(date(2025, 6, 1), AS_OF + timedelta(days=50))
    assert status(item, settings=Settings(expiry_warning_days=60)) is GapStatus.EXPIRING
    old = evidence(date(2025, 6, 1), AS_OF - timedelta(days=50))
    assert status(old, settings=Settings(renewal_grace_days=60)) is GapStatus.DUE


def test_a_person_who_has_not_started_yet_is_not_in_the_matrix() -> None:
    future = replace(VETERAN, start_date=AS_OF + timedelta(days=1))
    matrix = matrix_of(
        people=[future], competencies=COMPETENCIES, requirements=REQUIREMENTS, evidence=(),
        actions=(), settings=Settings(), as_of=AS_OF,
    )
    assert matrix.people == ()


@pytest.mark.parametrize(
    ("end_date", "in_matrix"),
    [(AS_OF, True), (AS_OF - timedelta(days=1), False)],
    ids=["last-day-today", "left-yesterday"],
)
def test_a_leaver_drops_out_of_the_matrix_after_their_end_date(
    end_date: date, in_matrix: bool
) -> None:
    leaver = replace(VETERAN, end_date=end_date)
    matrix = matrix_of(
        people=[leaver], competencies=COMPETENCIES, requirements=REQUIREMENTS, evidence=(),
        actions=(), settings=Settings(), as_of=AS_OF,
    )
    assert (leaver in matrix.people) is in_matrix
    assert ((leaver.id, SECURE_CODING.id) in matrix.cells) is in_matrix


def test_two_roles_requiring_the_same_competency_give_one_cell() -> None:
    both = replace(VETERAN, role_ids=(ROLE, OTHER_ROLE))
    matrix = matrix_of(
        people=[both], competencies=COMPETENCIES, requirements=REQUIREMENTS,
        evidence=[evidence(date(2026, 10, 1), competency=PHISHING)], actions=(),
        settings=Settings(), as_of=AS_OF,
    )
    assert sorted(matrix.cells) == [(both.id, SECURE_CODING.id), (both.id, PHISHING.id)]
    assert matrix.status(both.id, PHISHING.id) is GapStatus.MET


def test_a_contractor_is_held_to_the_same_rules() -> None:
    contractor = replace(VETERAN, type=PersonType.CONTRACTOR)
    assert status(person=contractor) is GapStatus.MISSING
    assert status(evidence(date(2026, 3, 1)), person=contractor) is GapStatus.MET


def test_evidence_achieved_after_the_as_of_date_does_not_count() -> None:
    later = evidence(AS_OF + timedelta(days=1))
    assert status(later) is GapStatus.MISSING
    assert status(later, as_of=AS_OF + timedelta(days=1)) is GapStatus.MET


def test_the_matrix_as_of_a_past_date_shows_what_was_true_then() -> None:
    expired_now = evidence(date(2024, 1, 10), date(2025, 1, 10))
    assert status(expired_now) is GapStatus.EXPIRED
    assert status(expired_now, as_of=date(2024, 6, 1)) is GapStatus.MET


def test_any_valid_evidence_wins_over_expired_evidence() -> None:
    old = evidence(date(2020, 1, 1), date(2021, 1, 1), evidence_id=1)
    new = evidence(date(2026, 9, 1), date(2027, 9, 1), evidence_id=2)
    matrix = matrix_of(
        people=[VETERAN], competencies=COMPETENCIES, requirements=REQUIREMENTS,
        evidence=[old, new], actions=(), settings=Settings(), as_of=AS_OF,
    )
    cell = matrix.cell(VETERAN.id, SECURE_CODING.id)
    assert (cell.status, cell.evidence_id, cell.expires_on) == (GapStatus.MET, 2, date(2027, 9, 1))


@pytest.mark.parametrize(
    ("open_action", "expected"),
    [
        (action(ActionStatus.PLANNED), GapStatus.PLANNED),
        (action(ActionStatus.IN_PROGRESS), GapStatus.PLANNED),
        (action(ActionStatus.DONE), GapStatus.PLANNED),
        (action(ActionStatus.DONE, Effectiveness.EFFECTIVE), GapStatus.MISSING),
        (action(ActionStatus.DONE, Effectiveness.NOT_EFFECTIVE), GapStatus.MISSING),
        (action(ActionStatus.CANCELLED), GapStatus.MISSING),
    ],
    ids=["planned", "in-progress", "done-not-evaluated", "done-effective",
         "done-not-effective", "cancelled"],
)
def test_an_open_action_makes_a_gap_planned(open_action: Action, expected: GapStatus) -> None:
    assert status(actions=(open_action,)) is expected


def test_an_action_that_is_done_but_not_evaluated_still_counts_as_open() -> None:
    done = action(ActionStatus.DONE)
    assert action_is_open(done)
    assert status(evidence(date(2020, 1, 1), date(2021, 1, 1)), actions=(done,)) is (
        GapStatus.PLANNED
    )


def test_grace_comes_before_planned_and_planned_before_expired() -> None:
    starter = replace(VETERAN, start_date=AS_OF - timedelta(days=2))
    assert status(person=starter, actions=(action(ActionStatus.PLANNED),)) is GapStatus.DUE
    expired = evidence(date(2020, 1, 1), date(2021, 1, 1))
    assert status(expired, actions=(action(ActionStatus.PLANNED),)) is GapStatus.PLANNED


def test_completion_counts_met_and_expiring_cells_over_required_ones() -> None:
    people = [VETERAN, replace(VETERAN, id=2, email="bo@example.com")]
    matrix = matrix_of(
        people=people, competencies=COMPETENCIES, requirements=REQUIREMENTS,
        evidence=[evidence(date(2026, 10, 1)), evidence(date(2025, 12, 1), competency=PHISHING)],
        actions=(), settings=Settings(), as_of=AS_OF,
    )
    assert matrix.overall_completion() == 1 / 4
    assert matrix.person_completion(VETERAN.id) == 1 / 2
    assert matrix.competency_completion(SECURE_CODING.id) == 1 / 2
    assert matrix.competency_completion(AUDIT.id) is None


# ---- fixed yearly renewal and document versions ---------------------------------------------

AWARENESS = Competency(
    20, "Awareness", renewal_months=12, renewal_mode=RenewalMode.FIXED_DATE, renewal_on="01-31"
)
POLICY = Competency(21, "Security policy", document_version="2", version_since=date(2026, 11, 1))


def new_rules_status(
    *evidence_rows: tuple[int, int, date | None, str],
    competency: Competency,
    as_of: date,
    fixed_since: dict[int, date] | None = None,
) -> GapCell:
    """The cell of VETERAN for `competency`, from (evidence id, competency id, achieved on,
    document version) rows."""
    matrix = compute_matrix(
        people=[VETERAN],
        competencies=(*COMPETENCIES, AWARENESS, POLICY),
        requirements={(ROLE, AWARENESS.id), (ROLE, POLICY.id)},
        evidence=[(i, VETERAN.id, c, achieved, None) for i, c, achieved, _ in evidence_rows],
        actions=(),
        settings=DEFAULTS,
        as_of=as_of,
        evidence_versions={i: version for i, _, _, version in evidence_rows},
        fixed_since=fixed_since,
    )
    return matrix.cell(VETERAN.id, competency.id)


@pytest.mark.parametrize(
    ("achieved_on", "as_of", "expected"),
    [
        (date(2026, 1, 15), date(2026, 12, 31), GapStatus.MET),  # due 31 Jan 2027
        (date(2026, 1, 15), date(2027, 1, 1), GapStatus.EXPIRING),
        (date(2025, 12, 15), date(2026, 1, 20), GapStatus.EXPIRING),  # before the window
        (date(2025, 12, 15), date(2026, 3, 2), GapStatus.DUE),  # 30 days' renewal grace
        (date(2025, 12, 15), date(2026, 3, 3), GapStatus.EXPIRED),
    ],
    ids=["met", "expiring", "before-window", "grace-last-day", "after-grace"],
)
def test_a_fixed_yearly_date_decides_the_matrix(
    achieved_on: date, as_of: date, expected: GapStatus
) -> None:
    cell = new_rules_status((1, AWARENESS.id, achieved_on, ""), competency=AWARENESS, as_of=as_of)
    assert cell.status is expected


def test_switching_to_a_fixed_date_does_not_mark_earlier_completions_expired() -> None:
    completed = (1, AWARENESS.id, date(2025, 12, 15), "")
    as_of = date(2026, 11, 2)
    assert new_rules_status(completed, competency=AWARENESS, as_of=as_of).status is (
        GapStatus.EXPIRED
    )
    cell = new_rules_status(
        completed, competency=AWARENESS, as_of=as_of, fixed_since={AWARENESS.id: date(2026, 11, 1)}
    )
    assert (cell.status, cell.expires_on) == (GapStatus.MET, date(2026, 12, 15))


@pytest.mark.parametrize(
    ("version", "as_of", "expected", "grace_ends"),
    [
        ("2", date(2026, 12, 31), GapStatus.MET, None),
        ("1", date(2026, 10, 31), GapStatus.MET, None),  # before version 2: it was current
        ("1", date(2026, 11, 1), GapStatus.DUE, date(2026, 12, 1)),  # version 2's first day
        ("1", date(2026, 12, 1), GapStatus.DUE, date(2026, 12, 1)),  # the grace's last day
        ("1", date(2026, 12, 2), GapStatus.EXPIRED, None),
        ("", date(2026, 11, 15), GapStatus.DUE, date(2026, 12, 1)),  # of no version
    ],
    ids=["current", "before-new-version", "first-day", "grace-last-day", "after-grace",
         "no-version"],
)
def test_an_acknowledgement_of_an_earlier_version_is_due_through_the_grace(
    version: str, as_of: date, expected: GapStatus, grace_ends: date | None
) -> None:
    cell = new_rules_status((1, POLICY.id, date(2026, 3, 1), version), competency=POLICY,
                            as_of=as_of)
    assert (cell.status, cell.grace_ends_on) == (expected, grace_ends)


def test_an_acknowledgement_of_the_current_version_wins_over_an_earlier_one() -> None:
    cell = new_rules_status(
        (1, POLICY.id, date(2026, 3, 1), "1"), (2, POLICY.id, date(2026, 11, 20), "2"),
        competency=POLICY, as_of=date(2026, 12, 20),
    )
    assert (cell.status, cell.evidence_id) == (GapStatus.MET, 2)


def test_without_a_publication_date_only_the_current_version_counts() -> None:
    undated = replace(POLICY, version_since=None)
    matrix = compute_matrix(
        people=[VETERAN], competencies=(undated,), requirements={(ROLE, undated.id)},
        evidence=[(1, VETERAN.id, undated.id, date(2026, 3, 1), None)], actions=(),
        settings=DEFAULTS, as_of=AS_OF, evidence_versions={1: "1"},
    )
    assert matrix.status(VETERAN.id, undated.id) is GapStatus.MISSING


def test_without_versions_given_the_engine_reads_every_acknowledgement_as_of_no_version() -> None:
    """A document's evidence without a version entry is earlier than the current version."""
    cell = new_rules_status((1, POLICY.id, date(2026, 3, 1), ""), competency=POLICY,
                            as_of=date(2026, 10, 1))
    assert cell.status is GapStatus.MET
