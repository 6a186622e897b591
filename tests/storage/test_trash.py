"""Deletion and undo follow the schema's foreign keys, so a table added later is never forgotten."""

from __future__ import annotations

from typing import Any

from compdesk.models.records import Competency, Evidence, Person
from compdesk.storage import Store
from tests.conftest import make_competency, make_evidence, make_person, make_role


def _rows(store: Store, table: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]


def _attended(store: Store, person: Person, competency: Competency, evidence: Evidence) -> None:
    """A training session of the competency that the person attended, earning the evidence."""
    session_id = store.db.insert(
        "INSERT INTO training_sessions (competency_id, held_on) VALUES (?, '2026-01-10')",
        (competency.id,),
    )
    store.db.execute(
        "INSERT INTO training_attendees (session_id, person_id, passed, evidence_id)"
        " VALUES (?, ?, 1, ?)",
        (session_id, person.id, evidence.id),
    )


def test_undoing_a_deletion_restores_the_rows_of_a_table_added_later(store: Store) -> None:
    # Two tables a later format might add: one that cascades, one whose key says nothing.
    store.db.execute(
        "CREATE TABLE reviews (id INTEGER PRIMARY KEY,"
        " evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE, note TEXT)"
    )
    store.db.execute(
        "CREATE TABLE badges (person_id INTEGER NOT NULL REFERENCES people(id), badge TEXT,"
        " PRIMARY KEY (person_id, badge)) WITHOUT ROWID"
    )
    person = make_person(store, roles=(make_role(store),))
    evidence = make_evidence(store, person, make_competency(store))
    store.db.execute("INSERT INTO reviews (evidence_id, note) VALUES (?, 'checked the scan')", (evidence.id,))
    store.db.execute("INSERT INTO badges VALUES (?, 'first aider')", (person.id,))
    before = {table: _rows(store, table) for table in ("reviews", "badges", "person_roles")}

    trash_id = store.people.delete(person.id, keep_for_undo=True)
    assert trash_id is not None
    assert {table: _rows(store, table) for table in before} == {t: [] for t in before}

    store.trash.restore(trash_id)
    assert {table: _rows(store, table) for table in before} == before
    assert store.people.get(person.id) == person
    assert store.evidence.get(evidence.id) == evidence


def test_undo_puts_back_a_reference_that_the_deletion_set_to_null(store: Store) -> None:
    person, competency = make_person(store), make_competency(store)
    evidence = make_evidence(store, person, competency)
    _attended(store, person, competency, evidence)
    attended = _rows(store, "training_attendees")

    trash_id = store.evidence.delete(evidence.id, keep_for_undo=True)
    assert trash_id is not None
    # The attendance stays; only its link to the deleted evidence goes.
    assert [row[:-1] for row in _rows(store, "training_attendees")] == [attended[0][:-1]]
    assert _rows(store, "training_attendees")[0][-1] is None

    store.trash.restore(trash_id)
    assert _rows(store, "training_attendees") == attended


def test_deleting_a_competency_reaches_its_sessions_attendees_and_evidence_once(
    store: Store,
) -> None:
    person, competency = make_person(store), make_competency(store)
    evidence = make_evidence(store, person, competency)
    # Reached twice: through its session (deleted) and through its evidence (set to null).
    _attended(store, person, competency, evidence)
    tables = ("competencies", "evidence", "training_sessions", "training_attendees")
    before = {table: _rows(store, table) for table in tables}

    trash_id = store.competencies.delete(competency.id, keep_for_undo=True)
    assert trash_id is not None
    assert all(_rows(store, table) == [] for table in tables)

    store.trash.restore(trash_id)
    assert {table: _rows(store, table) for table in tables} == before
