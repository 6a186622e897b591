"""The domain rules, case by case: validity, people, review, actions, kinds and routes."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from compdesk.models.errors import InputError
from compdesk.models.records import (
    Action,
    ActionState,
    ActionStatus,
    ActionType,
    Competency,
    Effectiveness,
    Evidence,
    EvidenceKind,
    Person,
    Role,
    Route,
)
from compdesk.models.rules import (
    USUAL_ROUTES,
    Attention,
    Validity,
    accepted_kind_problem,
    accepts_kind,
    action_is_open,
    action_worked,
    attention_of,
    counts_on,
    days_overdue,
    default_evidence_kind,
    evidence_expiry,
    evidence_of_action,
    expiry_date,
    expiry_is_derived,
    guess_evidence_kind,
    has_not_started,
    is_active,
    is_leaver,
    is_overdue,
    require_accepted_kind,
    review_state,
    usual_route,
    validity_on,
)

AS_OF = date(2026, 11, 25)
SECURE_CODING = Competency(
    10,
    "Secure coding",
    renewal_months=12,
    accepted_kinds=(EvidenceKind.CERTIFICATE, EvidenceKind.TRAINING_RECORD),
)
ANY_KIND = Competency(11, "Phishing recognition")


def make_evidence(achieved_on: date | None, expires_on: date | None = None) -> Evidence:
    return Evidence(
        1,
        1,
        SECURE_CODING.id,
        EvidenceKind.CERTIFICATE,
        Route.TRAINING,
        achieved_on=achieved_on,
        expires_on=expires_on,
    )


def make_action(
    status: ActionStatus,
    effectiveness: Effectiveness = Effectiveness.NOT_YET_EVALUATED,
    due_date: date | None = None,
) -> Action:
    return Action(
        1,
        1,
        SECURE_CODING.id,
        ActionType.TRAINING,
        status=status,
        effectiveness=effectiveness,
        due_date=due_date,
    )


# ---- evidence validity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires_on", "achieved_on", "renewal_months", "expected"),
    [
        (date(2027, 3, 1), date(2026, 1, 1), 12, date(2027, 3, 1)),
        (None, date(2026, 1, 31), 1, date(2026, 2, 28)),
        (None, date(2026, 1, 1), None, None),
        (None, date(2026, 1, 1), 0, None),
        (None, None, 12, None),
    ],
    ids=["own-date-wins", "renewal-clamped", "no-renewal", "zero-renewal", "undated"],
)
def test_expiry_is_the_own_date_else_achieved_plus_renewal(
    expires_on: date | None,
    achieved_on: date | None,
    renewal_months: int | None,
    expected: date | None,
) -> None:
    assert expiry_date(expires_on, achieved_on, renewal_months) == expected


def test_evidence_expiry_derived_from_the_competency_is_marked_derived() -> None:
    derived = make_evidence(date(2025, 11, 25))
    own = make_evidence(date(2025, 11, 25), date(2026, 1, 1))
    assert evidence_expiry(derived, SECURE_CODING) == date(2026, 11, 25)
    assert expiry_is_derived(derived, SECURE_CODING)
    assert not expiry_is_derived(own, SECURE_CODING)
    assert not expiry_is_derived(derived, ANY_KIND)


@pytest.mark.parametrize(
    ("expires_on", "expected"),
    [
        (None, Validity.NEVER_EXPIRES),
        (AS_OF + timedelta(days=31), Validity.VALID),
        (AS_OF + timedelta(days=30), Validity.EXPIRING),
        (AS_OF, Validity.EXPIRING),
        (AS_OF - timedelta(days=1), Validity.EXPIRED),
    ],
    ids=["never", "in-31-days", "in-30-days", "today", "yesterday"],
)
def test_evidence_is_valid_through_its_expiry_and_expiring_within_the_warning(
    expires_on: date | None, expected: Validity
) -> None:
    assert validity_on(expires_on, AS_OF, warning_days=30) is expected


@pytest.mark.parametrize(
    ("validity", "symbol"),
    [
        (Validity.EXPIRING, "⚠"),
        (Validity.EXPIRED, "✘"),
        (Validity.VALID, ""),
        (Validity.NEVER_EXPIRES, ""),
    ],
)
def test_only_expiring_and_expired_evidence_is_marked(validity: Validity, symbol: str) -> None:
    assert validity.symbol == symbol


@pytest.mark.parametrize(
    ("achieved_on", "counts"),
    [(None, True), (AS_OF - timedelta(days=1), True), (AS_OF, True), (AS_OF + timedelta(1), False)],
    ids=["undated", "yesterday", "today", "tomorrow"],
)
def test_evidence_counts_from_the_day_it_was_achieved(
    achieved_on: date | None, counts: bool
) -> None:
    assert counts_on(achieved_on, AS_OF) is counts


# ---- people ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_date", "end_date", "not_started", "leaver", "active"),
    [
        (None, None, False, False, True),
        (AS_OF, None, False, False, True),
        (AS_OF + timedelta(days=1), None, True, False, False),
        (None, AS_OF, False, False, True),
        (None, AS_OF - timedelta(days=1), False, True, False),
    ],
    ids=["no-dates", "starts-today", "starts-tomorrow", "last-day-today", "left-yesterday"],
)
def test_a_person_is_active_from_their_start_through_their_end_date(
    start_date: date | None, end_date: date | None, not_started: bool, leaver: bool, active: bool
) -> None:
    person = Person(1, "Ana Ruiz", "ana@example.com", start_date=start_date, end_date=end_date)
    assert has_not_started(person, AS_OF) is not_started
    assert is_leaver(person, AS_OF) is leaver
    assert is_active(person, AS_OF) is active


# ---- role review ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_reviewed", "months", "due", "text"),
    [
        (None, 12, True, "⚠ never reviewed"),
        (date(2025, 1, 31), 12, False, "2026-01-31"),
        (date(2024, 6, 1), 12, False, "2025-06-01"),
        (date(2024, 1, 30), 12, True, "⚠ due since 2025-01-30"),
        (date(2020, 1, 1), None, False, "no fixed interval"),
        (date(2020, 1, 1), 0, False, "no fixed interval"),
    ],
    ids=["never-reviewed", "within-interval", "due-today", "overdue", "no-interval", "zero"],
)
def test_a_role_is_due_for_review_after_its_interval(
    last_reviewed: date | None, months: int | None, due: bool, text: str
) -> None:
    role = Role(1, "Developer", last_reviewed=last_reviewed, review_interval_months=months)
    state = review_state(role, date(2025, 6, 1))
    assert (state.due, state.text()) == (due, text)


# ---- actions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "effectiveness", "is_open"),
    [
        (ActionStatus.PLANNED, Effectiveness.NOT_YET_EVALUATED, True),
        (ActionStatus.IN_PROGRESS, Effectiveness.NOT_YET_EVALUATED, True),
        (ActionStatus.DONE, Effectiveness.NOT_YET_EVALUATED, True),
        (ActionStatus.DONE, Effectiveness.EFFECTIVE, False),
        (ActionStatus.DONE, Effectiveness.PARTLY, False),
        (ActionStatus.DONE, Effectiveness.NOT_EFFECTIVE, False),
        (ActionStatus.CANCELLED, Effectiveness.NOT_YET_EVALUATED, False),
    ],
    ids=[
        "planned",
        "in-progress",
        "done-not-evaluated",
        "done-effective",
        "done-partly",
        "done-not-effective",
        "cancelled",
    ],
)
def test_an_action_is_open_until_cancelled_or_done_and_evaluated(
    status: ActionStatus, effectiveness: Effectiveness, is_open: bool
) -> None:
    assert action_is_open(make_action(status, effectiveness)) is is_open
    assert action_is_open(ActionState(1, 1, 1, status, effectiveness)) is is_open


@pytest.mark.parametrize(
    ("status", "effectiveness", "due_date", "attention"),
    [
        (ActionStatus.PLANNED, Effectiveness.NOT_YET_EVALUATED, None, (Attention.NONE, 0)),
        (ActionStatus.PLANNED, Effectiveness.NOT_YET_EVALUATED, AS_OF, (Attention.NONE, 0)),
        (
            ActionStatus.PLANNED,
            Effectiveness.NOT_YET_EVALUATED,
            AS_OF - timedelta(days=3),
            (Attention.OVERDUE, 3),
        ),
        (
            ActionStatus.IN_PROGRESS,
            Effectiveness.NOT_YET_EVALUATED,
            AS_OF - timedelta(days=1),
            (Attention.OVERDUE, 1),
        ),
        (
            ActionStatus.DONE,
            Effectiveness.NOT_YET_EVALUATED,
            AS_OF - timedelta(days=9),
            (Attention.NOT_EVALUATED, 0),
        ),
        (
            ActionStatus.DONE,
            Effectiveness.EFFECTIVE,
            AS_OF - timedelta(days=9),
            (Attention.NONE, 0),
        ),
        (
            ActionStatus.CANCELLED,
            Effectiveness.NOT_YET_EVALUATED,
            AS_OF - timedelta(days=9),
            (Attention.NONE, 0),
        ),
    ],
    ids=[
        "no-due-date",
        "due-today",
        "three-days-late",
        "in-progress-late",
        "done-not-evaluated",
        "done-evaluated",
        "cancelled",
    ],
)
def test_an_unfinished_action_past_its_due_date_is_overdue(
    status: ActionStatus,
    effectiveness: Effectiveness,
    due_date: date | None,
    attention: tuple[Attention, int],
) -> None:
    action = make_action(status, effectiveness, due_date)
    assert attention_of(action, AS_OF) == attention
    assert is_overdue(action, AS_OF) is (attention[0] is Attention.OVERDUE)
    assert days_overdue(action, AS_OF) == attention[1]


# ---- evidence kinds and routes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ISO27001_certificate.pdf", EvidenceKind.CERTIFICATE),
        ("Ana Ruiz CV.pdf", EvidenceKind.CV),
        ("attendance-list-2026.xlsx", EvidenceKind.ATTENDANCE_LIST),
        ("phishing drill results.csv", EvidenceKind.DRILL_RESULT),
        ("module 3 quiz results.pdf", EvidenceKind.ASSESSMENT),
        ("gophish-export.csv", EvidenceKind.DRILL_RESULT),
        ("contract.pdf", EvidenceKind.CONTRACT_CLAUSE),
        ("course-transcript.pdf", EvidenceKind.TRAINING_RECORD),
        ("scan0001.jpg", EvidenceKind.OTHER),
    ],
)
def test_the_evidence_kind_is_guessed_from_the_file_name(name: str, kind: EvidenceKind) -> None:
    assert guess_evidence_kind(Path("some folder") / name) is kind
    assert guess_evidence_kind(name) is kind


@pytest.mark.parametrize(
    ("kind", "route"),
    [
        (EvidenceKind.CERTIFICATE, Route.TRAINING),
        (EvidenceKind.TRAINING_RECORD, Route.TRAINING),
        (EvidenceKind.CV, Route.EXPERIENCE),
        (EvidenceKind.ASSESSMENT, Route.TRAINING),
        (EvidenceKind.DRILL_RESULT, Route.TRAINING),
        (EvidenceKind.ATTENDANCE_LIST, Route.TRAINING),
        (EvidenceKind.CONTRACT_CLAUSE, Route.EXPERIENCE),
        (EvidenceKind.OTHER, Route.TRAINING),
    ],
)
def test_each_evidence_kind_has_one_usual_route(kind: EvidenceKind, route: Route) -> None:
    assert usual_route(kind) is route


def test_the_route_table_lists_every_kind_in_order() -> None:
    assert list(USUAL_ROUTES) == list(EvidenceKind)


# ---- accepted evidence kinds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("competency", "kind", "accepted"),
    [
        (SECURE_CODING, EvidenceKind.CERTIFICATE, True),
        (SECURE_CODING, EvidenceKind.TRAINING_RECORD, True),
        (SECURE_CODING, EvidenceKind.CV, False),
        (ANY_KIND, EvidenceKind.CV, True),
        (ANY_KIND, EvidenceKind.OTHER, True),
    ],
    ids=["listed", "also-listed", "not-listed", "no-list-cv", "no-list-other"],
)
def test_a_competency_accepts_its_listed_kinds_or_every_kind_without_a_list(
    competency: Competency, kind: EvidenceKind, accepted: bool
) -> None:
    assert accepts_kind(competency, kind) is accepted
    assert (accepted_kind_problem(competency, kind) is None) is accepted


def test_a_kind_the_competency_does_not_accept_is_refused_with_the_kinds_it_accepts() -> None:
    message = (
        "Secure coding accepts certificate or training record, not CV / experience; add the "
        "kind to the competency's accepted kinds in Roles & competencies to record it."
    )
    assert accepted_kind_problem(SECURE_CODING, EvidenceKind.CV) == message
    with pytest.raises(InputError) as refused:
        require_accepted_kind(SECURE_CODING, EvidenceKind.CV)
    assert str(refused.value) == message
    require_accepted_kind(SECURE_CODING, EvidenceKind.CERTIFICATE)
    require_accepted_kind(ANY_KIND, EvidenceKind.CV)


@pytest.mark.parametrize(
    ("accepted_kinds", "named"),
    [
        ((EvidenceKind.ASSESSMENT,), "accepts assessment or quiz result, not"),
        (
            (EvidenceKind.CV, EvidenceKind.CERTIFICATE, EvidenceKind.ATTENDANCE_LIST),
            "accepts CV / experience, certificate or attendance list, not",
        ),
    ],
    ids=["one", "three"],
)
def test_the_refusal_names_every_accepted_kind(
    accepted_kinds: tuple[EvidenceKind, ...], named: str
) -> None:
    competency = Competency(12, "Internal audit", accepted_kinds=accepted_kinds)
    problem = accepted_kind_problem(competency, EvidenceKind.OTHER)
    assert problem is not None and named in problem


# ---- what a closed action leaves --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "effectiveness", "worked"),
    [
        (ActionStatus.DONE, Effectiveness.EFFECTIVE, True),
        (ActionStatus.DONE, Effectiveness.PARTLY, False),
        (ActionStatus.DONE, Effectiveness.NOT_YET_EVALUATED, False),
        (ActionStatus.IN_PROGRESS, Effectiveness.EFFECTIVE, False),
        (ActionStatus.CANCELLED, Effectiveness.EFFECTIVE, False),
    ],
)
def test_only_a_done_and_effective_action_has_worked(
    status: ActionStatus, effectiveness: Effectiveness, worked: bool
) -> None:
    action = Action(1, 1, 1, ActionType.TRAINING, status=status, effectiveness=effectiveness)
    assert action_worked(action) is worked


@pytest.mark.parametrize(
    ("action_type", "kind", "route"),
    [
        (ActionType.TRAINING, EvidenceKind.TRAINING_RECORD, Route.TRAINING),
        (ActionType.MENTORING, EvidenceKind.TRAINING_RECORD, Route.TRAINING),
        (ActionType.SELF_STUDY, EvidenceKind.ASSESSMENT, Route.TRAINING),
        (ActionType.EXTERNAL_EXPERTISE, EvidenceKind.CONTRACT_CLAUSE, Route.EXPERIENCE),
        (ActionType.HIRING, EvidenceKind.CV, Route.EXPERIENCE),
    ],
)
def test_each_type_of_action_leaves_its_usual_evidence(
    action_type: ActionType, kind: EvidenceKind, route: Route
) -> None:
    assert evidence_of_action(action_type) == (kind, route)


def test_a_new_evidence_record_starts_with_a_kind_its_competency_accepts() -> None:
    quiz_only = Competency(1, "Passwords and MFA", accepted_kinds=(EvidenceKind.ASSESSMENT,))
    anything = Competency(2, "Security policy")
    assert default_evidence_kind(quiz_only) is EvidenceKind.ASSESSMENT
    assert default_evidence_kind(quiz_only, EvidenceKind.CV) is EvidenceKind.ASSESSMENT
    assert default_evidence_kind(anything, EvidenceKind.CV) is EvidenceKind.CV
    assert default_evidence_kind(anything) is EvidenceKind.CERTIFICATE
    assert default_evidence_kind(None) is EvidenceKind.CERTIFICATE
