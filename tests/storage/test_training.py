"""Training sessions: the evidence each pass earns, kept consistent by edits, deletion and undo."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from compdesk.models.errors import InputError
from compdesk.models.gaps import GapStatus
from compdesk.models.records import Attendance, EvidenceKind, Route
from compdesk.storage import Store
from tests.conftest import make_competency, make_person, make_role

HELD_ON = date(2026, 3, 10)


def _team(store: Store) -> tuple[int, list[int]]:
    role = make_role(store)
    competency = make_competency(store, "Phishing awareness")
    store.requirements.set(role.id, competency.id, True)
    people = [make_person(store, name, roles=(role,)).id for name in ("Ana Ruiz", "Bo Li", "Cy Ng")]
    return competency.id, people


def _scored(people: list[int], *scores: float | None) -> list[Attendance]:
    return [
        Attendance(0, person, score=score) for person, score in zip(people, scores, strict=True)
    ]


def test_each_passing_attendee_gets_one_assessment_of_the_session(store: Store) -> None:
    competency_id, people = _team(store)
    session = store.training.add(
        competency_id, HELD_ON, _scored(people, 90, 60, 80), pass_mark=80, trainer="Acme"
    )
    evidence = {e.person_id: e for e in store.evidence.list(competency_id=competency_id)}
    assert sorted(evidence) == [people[0], people[2]]
    record = evidence[people[0]]
    assert (record.kind, record.route, record.achieved_on, record.score, record.issuer) == (
        EvidenceKind.ASSESSMENT,
        Route.TRAINING,
        HELD_ON,
        90,
        "Acme",
    )
    # No expiry of its own: the competency's renewal rule decides.
    assert record.expires_on is None
    linked = {a.person_id: a.evidence_id for a in store.training.attendees(session.id)}
    assert linked == {people[0]: record.id, people[1]: None, people[2]: evidence[people[2]].id}


def test_an_unscored_session_gives_a_training_record_to_those_who_attended(store: Store) -> None:
    competency_id, people = _team(store)
    store.training.add(
        competency_id,
        HELD_ON,
        [Attendance(0, people[0]), Attendance(0, people[1], attended=False)],
    )
    [record] = store.evidence.list(competency_id=competency_id)
    assert (record.person_id, record.kind) == (people[0], EvidenceKind.TRAINING_RECORD)


def test_the_matrix_changes_with_the_session_and_reverts_when_it_is_deleted(store: Store) -> None:
    competency_id, people = _team(store)
    as_of = date(2026, 4, 1)

    def met() -> set[int]:
        matrix = store.gap_matrix(as_of)
        return {
            person
            for person in people
            if matrix.cell(person, competency_id).status is GapStatus.MET
        }

    assert met() == set()
    session = store.training.add(competency_id, HELD_ON, _scored(people, 90, 50, 100), pass_mark=80)
    assert met() == {people[0], people[2]}
    trash_id = store.training.delete(session.id, keep_for_undo=True)
    assert met() == set()
    assert store.evidence.list() == []
    assert trash_id is not None
    store.trash.restore(trash_id)
    assert met() == {people[0], people[2]}
    assert [a.evidence_id is not None for a in store.training.attendees(session.id)] == [
        True,
        False,
        True,
    ]


def test_editing_scores_keeps_passing_records_and_removes_failed_ones(store: Store) -> None:
    competency_id, people = _team(store)
    session = store.training.add(competency_id, HELD_ON, _scored(people, 90, 50, 100), pass_mark=80)
    before = {e.person_id: e.id for e in store.evidence.list()}
    store.training.update(session, _scored(people, 95, 85, 40))
    after = {e.person_id: e for e in store.evidence.list()}
    assert sorted(after) == [people[0], people[1]]
    assert after[people[0]].id == before[people[0]]
    assert after[people[0]].score == 95
    # A new date moves every record of the session.
    store.training.update(replace(store.training.get(session.id), held_on=date(2026, 3, 12)))
    assert {e.achieved_on for e in store.evidence.list()} == {date(2026, 3, 12)}


def test_a_dropped_attendee_loses_the_record_of_the_session(store: Store) -> None:
    competency_id, people = _team(store)
    session = store.training.add(competency_id, HELD_ON, _scored(people, 90, 90, 90), pass_mark=80)
    store.training.update(session, _scored(people[:1], 90))
    assert [e.person_id for e in store.evidence.list()] == [people[0]]


def test_session_files_are_shared_with_each_passing_attendees_evidence(store: Store) -> None:
    competency_id, people = _team(store)
    session = store.training.add(competency_id, HELD_ON, _scored(people, 90, 50, 90), pass_mark=80)
    store.training.attach_bytes(session.id, "attendance.pdf", b"%PDF signed list")
    store.training.update(session, _scored(people, 90, 85, 90))
    records = store.evidence.list()
    assert len(records) == 3
    assert all([a.file_name for a in e.attachments] == ["attendance.pdf"] for e in records)
    # Content-addressed: one stored copy for the session and the three records.
    assert len(store.blobs.all()) == 1
    [file] = store.training.files(session.id)
    store.training.remove_file(file.id)
    assert all(e.attachments == () for e in store.evidence.list())
    assert store.blobs.all() == []


def test_a_session_is_one_change_log_entry(store: Store) -> None:
    competency_id, people = _team(store)
    before = len(store.change_log.entries())
    store.training.add(competency_id, HELD_ON, _scored(people, 90, 90, 90), pass_mark=80)
    entries = store.change_log.entries()
    assert len(entries) == before + 1
    assert entries[-1].what == "recorded training session Phishing awareness of 2026-03-10"


@pytest.mark.parametrize(
    ("score", "pass_mark", "message"),
    [(120, 80, "from 0 to 100"), (50, 180, "pass mark")],
)
def test_impossible_scores_are_refused_and_nothing_is_written(
    store: Store, score: float, pass_mark: float, message: str
) -> None:
    competency_id, people = _team(store)
    with pytest.raises(InputError, match=message):
        store.training.add(competency_id, HELD_ON, _scored(people[:1], score), pass_mark=pass_mark)
    assert store.training.sessions() == []
    assert store.evidence.list() == []


def test_sessions_list_newest_first_within_a_period(store: Store) -> None:
    competency_id, _ = _team(store)
    for day in (1, 20, 10):
        store.training.add(competency_id, date(2026, 2, day))
    listed = store.training.sessions(since=date(2026, 2, 5))
    assert [s.held_on.day for s in listed] == [20, 10]


@pytest.mark.parametrize(
    ("attendance", "pass_mark", "passes"),
    [
        (Attendance(1, 1, score=80), 80.0, True),
        (Attendance(1, 1, score=79.9), 80.0, False),
        (Attendance(1, 1), 80.0, False),
        (Attendance(1, 1), None, True),
        (Attendance(1, 1, attended=False, passed=True), None, False),
        (Attendance(1, 1, score=10, passed=True), 80.0, True),
    ],
)
def test_who_passes_a_session(
    attendance: Attendance, pass_mark: float | None, passes: bool
) -> None:
    assert attendance.passes(pass_mark) is passes
