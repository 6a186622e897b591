"""The findings about training: onboarding after access, a low pass rate without a retake, an
acknowledgement of a superseded version, and completion of a recurring training below target;
each at its boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from compdesk.models.findings import FindingKind, RecordKind, restricted_to
from compdesk.models.records import Attendance, Competency, Level, RenewalMode, TrainingSession
from tests.models.test_findings import CODING, POLICY, Organisation, evidence, person

DAY = timedelta(days=1)

# ---- onboarding after access ----------------------------------------------------------------

STARTED = date(2026, 10, 1)
ACCESS = date(2026, 10, 1)  # the access grace (2 days) ends on 3 October


def _starter_met_on(met_on: date, access_granted_on: date | None = ACCESS) -> Organisation:
    ana = person(1, "Ana Ruiz", start_date=STARTED, access_granted_on=access_granted_on)
    return Organisation(
        people=[ana],
        evidence=[evidence(1, ana, POLICY, met_on), evidence(2, ana, CODING, STARTED)],
    )


@pytest.mark.parametrize(
    ("met_on", "raised"), [(ACCESS + 2 * DAY, False), (ACCESS + 3 * DAY, True)]
)
def test_onboarding_after_access_from_the_day_after_the_access_grace(
    met_on: date, raised: bool
) -> None:
    found = _starter_met_on(met_on).of_kind(FindingKind.ONBOARDING_AFTER_ACCESS)
    assert bool(found) is raised
    if raised:
        [finding] = found
        assert finding.summary == (
            "Ana Ruiz was given access 2026-10-01; onboarding was due by 2026-10-03 and is "
            "finished 2026-10-04"
        )
        assert finding.kind.clause == "A 6.3"
        assert [r.label for r in finding.records] == ["Ana Ruiz", "Security policy"]


def test_unfinished_onboarding_is_after_access_once_the_access_grace_has_passed() -> None:
    ana = person(1, "Ana Ruiz", start_date=STARTED, access_granted_on=ACCESS)
    organisation = Organisation(people=[ana], evidence=[evidence(2, ana, CODING, STARTED)])
    assert organisation.of_kind(FindingKind.ONBOARDING_AFTER_ACCESS, ACCESS + 2 * DAY) == []
    [finding] = organisation.of_kind(FindingKind.ONBOARDING_AFTER_ACCESS, ACCESS + 3 * DAY)
    assert finding.summary.endswith("is still not finished")


def test_a_starter_without_an_access_date_is_never_after_access() -> None:
    organisation = _starter_met_on(date(2026, 11, 1), access_granted_on=None)
    assert organisation.of_kind(FindingKind.ONBOARDING_AFTER_ACCESS) == []


# ---- a session under the retake pass rate ---------------------------------------------------

HELD = date(2026, 6, 10)


def _scored_session(
    *scores: float, session_id: int = 1, held_on: date = HELD
) -> tuple[TrainingSession, list[Attendance]]:
    session = TrainingSession(session_id, CODING.id, held_on, pass_mark=80)
    return session, [
        Attendance(session_id, 100 + index, score=score) for index, score in enumerate(scores)
    ]


def _with_sessions(*sessions: tuple[TrainingSession, list[Attendance]]) -> Organisation:
    return Organisation(
        sessions=[session for session, _ in sessions],
        attendance=[entry for _, attendees in sessions for entry in attendees],
    )


def test_a_pass_rate_at_the_retake_threshold_is_no_finding() -> None:
    # 9 of 10 passed: 90 %, exactly the default threshold.
    assert _with_sessions(_scored_session(*[90] * 9, 50)).of_kind(FindingKind.RETAKE_MISSING) == []


def test_a_pass_rate_under_the_threshold_without_a_later_session_is_a_finding() -> None:
    [finding] = _with_sessions(_scored_session(*[90] * 8, 50, 50)).of_kind(
        FindingKind.RETAKE_MISSING
    )
    assert finding.summary == (
        "Secure coding, session of 2026-06-10: 8 of 10 passed (80 %; retake below 90 %) and no "
        "later session was held"
    )
    assert [(r.kind, r.label) for r in finding.records] == [
        (RecordKind.COMPETENCY, "Secure coding")
    ]
    assert FindingKind.RETAKE_MISSING.clause == "7.2 c"


def test_a_later_session_of_the_topic_is_the_retake_but_only_once_held() -> None:
    low = _scored_session(90, 50, 50)
    retake = _scored_session(90, 90, 90, session_id=2, held_on=HELD + 30 * DAY)
    organisation = _with_sessions(low, retake)
    assert organisation.of_kind(FindingKind.RETAKE_MISSING) == []
    # As of the day before the retake, the low session still waits for one.
    assert len(organisation.of_kind(FindingKind.RETAKE_MISSING, HELD + 29 * DAY)) == 1
    # A session on the same day is no later session.
    same_day = _scored_session(90, 90, session_id=2)
    assert len(_with_sessions(low, same_day).of_kind(FindingKind.RETAKE_MISSING)) == 1


def test_only_sessions_of_the_last_twelve_months_wait_for_a_retake() -> None:
    # The twelve months to 2026-11-25 begin on 2025-11-26.
    kept = _scored_session(50, held_on=date(2025, 11, 26))
    assert len(_with_sessions(kept).of_kind(FindingKind.RETAKE_MISSING)) == 1
    old = _scored_session(50, held_on=date(2025, 11, 25))
    assert _with_sessions(old).of_kind(FindingKind.RETAKE_MISSING) == []


def test_a_session_nobody_attended_or_not_scored_is_no_retake_finding() -> None:
    absent = _scored_session(50)
    absent[1][0] = replace(absent[1][0], attended=False)
    unscored = (replace(absent[0], id=2, pass_mark=None), [Attendance(2, 100)])
    assert _with_sessions(absent).of_kind(FindingKind.RETAKE_MISSING) == []
    assert _with_sessions(unscored).of_kind(FindingKind.RETAKE_MISSING) == []


def test_a_retake_finding_stays_in_a_sample_of_people() -> None:
    findings = _with_sessions(_scored_session(50)).findings()
    kept = restricted_to(findings, {999})
    assert [f.kind for f in kept] == [FindingKind.RETAKE_MISSING]


# ---- an acknowledgement of a superseded version ---------------------------------------------

PUBLISHED = date(2026, 10, 1)  # the acknowledgement grace (30 days) ends on 31 October
POLICY_V2 = replace(POLICY, document_version="2", version_since=PUBLISHED)


def _acknowledged(version: str) -> Organisation:
    ana = person(1, "Ana Ruiz")
    return Organisation(
        people=[ana],
        competencies=[POLICY_V2, CODING],
        evidence=[
            evidence(1, ana, POLICY_V2, date(2026, 3, 1), document_version=version),
            evidence(2, ana, CODING),
        ],
    )


@pytest.mark.parametrize(
    ("as_of", "raised"), [(PUBLISHED + 30 * DAY, False), (PUBLISHED + 31 * DAY, True)]
)
def test_an_earlier_version_is_a_finding_from_the_day_after_its_grace(
    as_of: date, raised: bool
) -> None:
    found = _acknowledged("1").of_kind(FindingKind.SUPERSEDED_ACKNOWLEDGEMENT, as_of)
    assert bool(found) is raised
    if raised:
        [finding] = found
        assert finding.summary == (
            "Ana Ruiz: latest acknowledgement of Security policy is of version 1 of 2026-03-01; "
            "the current version is 2 published 2026-10-01"
        )
        assert [(r.kind, r.id) for r in finding.records] == [
            (RecordKind.EVIDENCE, 1),
            (RecordKind.PERSON, 1),
            (RecordKind.COMPETENCY, POLICY.id),
        ]


def test_an_acknowledgement_of_the_current_version_is_no_finding() -> None:
    assert _acknowledged("2").of_kind(FindingKind.SUPERSEDED_ACKNOWLEDGEMENT) == []


def test_a_later_acknowledgement_of_the_current_version_ends_the_finding() -> None:
    organisation = _acknowledged("1")
    assert organisation.evidence is not None
    ana = organisation.people[0]
    organisation.evidence.append(
        evidence(3, ana, POLICY_V2, date(2026, 11, 20), document_version="2")
    )
    assert organisation.of_kind(FindingKind.SUPERSEDED_ACKNOWLEDGEMENT) == []


def test_someone_whose_roles_do_not_require_the_document_is_not_asked_for_it() -> None:
    organisation = _acknowledged("1")
    organisation.requirements = {(1, CODING.id)}
    assert organisation.of_kind(FindingKind.SUPERSEDED_ACKNOWLEDGEMENT) == []


# ---- completion of a recurring training ----------------------------------------------------


def test_a_recurring_training_on_a_fixed_date_below_target_is_the_completion_finding() -> None:
    """Completion of a recurring training is the completion rule; its fixed date decides when
    each completion stops counting."""
    awareness = Competency(
        12,
        "Awareness",
        Level.BASIC,
        renewal_months=12,
        renewal_mode=RenewalMode.FIXED_DATE,
        renewal_on="11-01",
    )
    people = [person(n, name) for n, name in ((1, "Ana Ruiz"), (2, "Bo Li"))]
    organisation = Organisation(
        people=people,
        competencies=[awareness],
        requirements={(1, awareness.id)},
        # Ana's completion of 2025-11-20 fell due on 2026-11-01; Bo's renewed it.
        evidence=[
            evidence(1, people[0], awareness, date(2025, 11, 20)),
            evidence(2, people[1], awareness, date(2026, 10, 20)),
        ],
    )
    assert organisation.of_kind(FindingKind.COMPLETION_BELOW_TARGET, date(2026, 10, 31)) == []
    [finding] = organisation.of_kind(FindingKind.COMPLETION_BELOW_TARGET, date(2026, 12, 2))
    assert finding.summary.startswith("Awareness is met by 1 of the 2 people")
    assert finding.summary.endswith("not met by Ana Ruiz")
