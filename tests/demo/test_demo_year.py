"""The sample organisation's year: sessions, a quiz import, drills, the policy's versions,
access dates and the calendar, each with real content for every view and metric."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from compdesk.demo import create_demo
from compdesk.models.export_dates import DateOrder
from compdesk.models.finding_kinds import FindingKind
from compdesk.models.gaps import GapStatus
from compdesk.models.onboarding import recent_since
from compdesk.models.quiz_import import QuizTool, match_quiz, read_quiz_results
from compdesk.models.records import DrillKind, EvidenceKind, PersonType, RenewalMode
from compdesk.models.rules import is_active
from compdesk.models.training import group_result
from compdesk.storage import Store

AS_OF = date(2026, 3, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = create_demo(tmp_path_factory.mktemp("year") / "northwind.compdesk", as_of=AS_OF)
    yield store
    store.close()


def year(store: Store) -> dict[str, object]:
    """The year as a user would compare it: sessions with attendees, drills with results."""
    emails = {p.id: p.email for p in store.people.all()}
    return {
        "sessions": [
            (
                s.competency_id,
                s.held_on,
                s.pass_mark,
                sorted((emails[a.person_id], a.score) for a in store.training.attendees(s.id)),
            )
            for s in store.training.sessions()
        ],
        "drills": [
            (
                d.kind,
                d.held_on,
                d.minutes_to_report,
                sorted(
                    (emails[r.person_id], r.clicked, r.reported, r.minutes_to_report)
                    for r in store.drills.results(d.id)
                ),
            )
            for d in store.drills.all()
        ],
        "calendar": [(a.year, a.month, a.status, a.actual_result) for a in store.calendar.all()],
    }


def sessions_of(store: Store, competency: str) -> list[int]:
    competency_id = store.competencies.by_name(competency).id
    return [s.id for s in store.training.sessions(competency_id=competency_id)]


def test_a_year_of_sessions_with_scores_and_some_failing(demo: Store) -> None:
    sessions = demo.training.sessions(since=recent_since(AS_OF), until=AS_OF)
    attendees = [a for s in sessions for a in demo.training.attendees(s.id)]

    assert len(sessions) >= 5
    assert len({s.competency_id for s in sessions}) >= 4
    assert len({s.held_on.month for s in sessions}) >= 4
    assert any(a.score is not None for a in attendees)
    assert any(not a.passes(s.pass_mark) for s in sessions for a in demo.training.attendees(s.id))
    assert all(demo.training.files(s.id) for s in sessions)


def test_each_passing_attendee_has_the_sessions_evidence_and_no_failing_one_does(
    demo: Store,
) -> None:
    for session in demo.training.sessions():
        for attendance in demo.training.attendees(session.id):
            if attendance.passes(session.pass_mark):
                assert attendance.evidence_id is not None
                evidence = demo.evidence.get(attendance.evidence_id)
                assert (evidence.person_id, evidence.achieved_on) == (
                    attendance.person_id,
                    session.held_on,
                )
                assert evidence.attachments
            else:
                assert attendance.evidence_id is None


def test_one_session_fell_below_the_retake_threshold_and_was_retaken(demo: Store) -> None:
    retake_below = demo.settings.get().retake_below
    flagged = [
        s
        for s in demo.training.sessions()
        if group_result(demo.training.attendees(s.id), s.pass_mark).needs_retake(retake_below)
    ]
    kinds = {finding.kind for finding in demo.findings(AS_OF)}

    [session] = flagged
    failed = {
        a.person_id
        for a in demo.training.attendees(session.id)
        if not a.passes(session.pass_mark)
    }
    [retake] = [
        s
        for s in demo.training.sessions(competency_id=session.competency_id)
        if s.held_on > session.held_on
    ]
    retaken = {a.person_id for a in demo.training.attendees(retake.id) if a.passes(retake.pass_mark)}
    assert retaken and retaken < failed
    assert FindingKind.RETAKE_MISSING not in kinds


def test_the_quiz_came_from_a_google_forms_sheet_and_lists_an_unmatched_address(
    demo: Store,
) -> None:
    [session_id] = sessions_of(demo, "Passwords and MFA")
    session = demo.training.get(session_id)
    [sheet] = demo.training.files(session_id)
    results = read_quiz_results(
        demo.training.file_bytes(sheet.id),
        today=AS_OF,
        name=sheet.file_name,
        date_order=DateOrder.MONTH_FIRST,
    )
    matched, unmatched = match_quiz(results, demo.people.all())
    scores = {a.person_id: a.score for a in demo.training.attendees(session_id)}

    assert results.ok and results.tool is QuizTool.GOOGLE_FORMS
    assert results.held_on == session.held_on
    assert {person.id: row.score for person, row in matched} == scores
    assert len(unmatched) == 1 and unmatched[0] in session.notes
    assert any(score is not None and score < (session.pass_mark or 0) for score in scores.values())


def test_two_phishing_drills_improve_their_click_rate_with_one_repeat_clicker(
    demo: Store,
) -> None:
    older, latest = demo.drills.all(kind=DrillKind.PHISHING)
    clickers = [
        {r.person_id for r in demo.drills.results(d.id) if r.clicked} for d in (older, latest)
    ]

    assert older.held_on < latest.held_on
    for drill in (older, latest):
        assert drill.sent == len(demo.drills.results(drill.id))
        assert (drill.click_target, drill.report_target) == (0.10, 0.50)
    assert older.sent and latest.sent and older.clicked is not None
    assert latest.clicked is not None and older.reported is not None
    assert latest.clicked / latest.sent < older.clicked / older.sent
    assert len(clickers[0] & clickers[1]) == 1


def test_each_reporter_of_a_phishing_drill_has_its_drill_evidence(demo: Store) -> None:
    competency = demo.competencies.by_name("Phishing recognition")
    for drill in demo.drills.all(kind=DrillKind.PHISHING):
        reporters = {r.person_id for r in demo.drills.results(drill.id) if r.reported}
        evidenced = {
            e.person_id
            for e in demo.evidence.list(competency_id=competency.id)
            if e.kind is EvidenceKind.DRILL_RESULT and e.achieved_on == drill.held_on
        }
        assert reporters and reporters == evidenced


def test_the_incident_drill_reports_within_its_target(demo: Store) -> None:
    [drill] = demo.drills.all(kind=DrillKind.INCIDENT)
    results = demo.drills.results(drill.id)

    assert drill.participants == len(results) >= 10
    assert drill.minutes_target == 15
    assert drill.minutes_to_report is not None and drill.minutes_to_report <= 15
    assert all(r.reported and r.minutes_to_report for r in results)


def test_the_security_policy_is_at_version_2_with_some_people_still_on_version_1(
    demo: Store,
) -> None:
    policy = demo.competencies.by_name("Security policy")
    matrix = demo.gap_matrix(AS_OF)
    active = {p.id for p in demo.people.all() if is_active(p, AS_OF)}
    latest: dict[int, str] = {}
    for evidence in sorted(
        demo.evidence.list(competency_id=policy.id), key=lambda e: e.achieved_on or date.min
    ):
        if evidence.person_id in active:
            latest[evidence.person_id] = evidence.document_version
    on_version_1 = {p for p, version in latest.items() if version == "1"}
    kinds = [finding.kind for finding in demo.findings(AS_OF)]

    assert policy.document_version == "2" and policy.version_since is not None
    assert AS_OF - policy.version_since > timedelta(days=demo.settings.get().acknowledgement_grace_days)
    assert list(latest.values()).count("2") > 3 * len(on_version_1) > 0
    assert all(matrix.cells[(p, policy.id)].status is GapStatus.EXPIRED for p in on_version_1)
    assert kinds.count(FindingKind.SUPERSEDED_ACKNOWLEDGEMENT) == len(on_version_1)


def test_one_recurring_competency_falls_due_on_a_fixed_yearly_date(demo: Store) -> None:
    fixed = [c for c in demo.competencies.all() if c.renewal_mode is RenewalMode.FIXED_DATE]

    [competency] = fixed
    assert competency.renewal_months and len(competency.renewal_on) == 5
    assert competency.id in demo.competencies.fixed_since()


def test_employees_carry_access_dates_and_one_starter_came_after_access(demo: Store) -> None:
    employees = [p for p in demo.people.all() if p.type is PersonType.EMPLOYEE]
    records = demo.onboarding(AS_OF)

    assert sum(p.access_granted_on is not None for p in employees) >= 10
    assert len([r for r in records if r.after_access]) == 1
    assert any(r.access_deadline is not None and not r.after_access for r in records)


def test_this_years_calendar_is_part_done_and_linked_to_what_fulfilled_it(demo: Store) -> None:
    this_year = [a for a in demo.calendar.all(year=AS_OF.year) if a.year == AS_OF.year]
    linked = {s.calendar_id for s in demo.training.sessions()} | {
        d.calendar_id for d in demo.drills.all()
    }

    assert {a.status for a in this_year} >= {"done", "planned"}
    assert all(a.actual_result for a in this_year if a.status == "done")
    assert any(a.id in linked for a in this_year if a.status == "done")
    assert not any(a.actual_result for a in this_year if a.status == "planned")


def test_the_metrics_have_figures_for_every_part(demo: Store) -> None:
    figures = demo.metrics(AS_OF).as_json()

    assert 0 < figures["completion_rate"] < 1
    assert {d["kind"] for d in figures["drills"]} == {"phishing", "incident"}
    assert figures["training_hours"]["sessions"] >= 5
    assert figures["training_hours"]["per_person"] > 0


def test_the_same_seed_gives_the_same_year(tmp_path: Path, demo: Store) -> None:
    with create_demo(tmp_path / "again.compdesk", as_of=AS_OF) as again:
        assert year(again) == year(demo)
