"""The store: records in and out, one transaction per edit, attachments, trash and change log."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from compdesk.models.errors import InputError, NotFoundError
from compdesk.models.records import (
    ActionStatus,
    ActionType,
    Effectiveness,
    EvidenceKind,
    PersonType,
    Route,
    Settings,
)
from compdesk.storage import CHUNK_SIZE, GENESIS_HASH, Store, change_log_hash
from tests.conftest import make_competency, make_evidence, make_person, make_role


def test_a_person_keeps_every_field_and_their_roles(store: Store) -> None:
    developer, admin = make_role(store, "Developer"), make_role(store, "Sysadmin")
    person = make_person(
        store, "李娜 <Lina> & Zoë 🚀", email="lina@example.com", roles=(developer, admin),
        type=PersonType.CONTRACTOR, job_title="Engineer", start_date=date(2026, 2, 1),
        notes="Agency: Acme",
    )
    assert store.people.get(person.id) == person
    assert set(person.role_ids) == {developer.id, admin.id}
    assert store.people.by_email("LINA@example.com") == person


def test_updating_a_person_replaces_their_roles(store: Store) -> None:
    developer, admin = make_role(store, "Developer"), make_role(store, "Sysadmin")
    person = make_person(store, roles=(developer,))
    changed = store.people.update(replace(person, name="Ana Ruiz Díaz", role_ids=(admin.id,)))
    assert (changed.name, changed.role_ids) == ("Ana Ruiz Díaz", (admin.id,))


def test_an_end_date_before_the_start_date_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="end date is before the start date"):
        make_person(store, start_date=date(2026, 5, 1), end_date=date(2026, 4, 1))
    assert store.people.all() == []


def test_requirements_are_set_and_cleared(store: Store) -> None:
    role, competency = make_role(store), make_competency(store)
    store.requirements.set(role.id, competency.id, True)
    store.requirements.set(role.id, competency.id, True)
    assert store.requirements.all() == {(role.id, competency.id)}
    store.requirements.set(role.id, competency.id, False)
    assert store.requirements.all() == set()


def test_a_failed_edit_inside_a_transaction_rolls_everything_back(store: Store) -> None:
    log_length = len(store.change_log.entries())
    with pytest.raises(InputError), store.transaction():
        make_person(store, "First", email="same@example.com")
        make_person(store, "Second", email="same@example.com")
    assert store.people.all() == []
    assert len(store.change_log.entries()) == log_length


def test_a_nested_transaction_rolls_back_to_its_savepoint(store: Store) -> None:
    with store.transaction():
        make_person(store, "Kept")
        with pytest.raises(InputError), store.transaction():
            make_person(store, "Dropped", email="kept@example.com")
    assert [p.name for p in store.people.all()] == ["Kept"]


def test_unknown_records_raise_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.people.get(42)
    with pytest.raises(NotFoundError, match="competency 'Nope'"):
        store.competencies.by_name("Nope")


def test_evidence_and_actions_keep_every_field(store: Store) -> None:
    person, competency = make_person(store), make_competency(store)
    item = make_evidence(
        store, person, competency, kind=EvidenceKind.CERTIFICATE, route=Route.EDUCATION,
        title="OSCP", issuer="OffSec", expires_on=date(2029, 1, 10), score=91.5,
        verified_by="ISMS manager", verified_on=date(2026, 1, 12),
    )
    assert store.evidence.get(item.id) == item
    assert store.evidence.list(person_id=person.id) == [item]
    gap_action = store.actions.add(
        person.id, competency.id, ActionType.MENTORING, owner="CTO", due_date=date(2026, 3, 1),
        status=ActionStatus.DONE, completed_on=date(2026, 2, 20),
        effectiveness=Effectiveness.PARTLY, evaluation="Quiz 70 %", evaluated_on=date(2026, 3, 2),
    )
    assert store.actions.get(gap_action.id) == gap_action
    assert store.actions.list(person_id=person.id) == [gap_action]


def test_an_expiry_before_the_achievement_is_refused(store: Store) -> None:
    person, competency = make_person(store), make_competency(store)
    with pytest.raises(InputError, match="expiry date is before"):
        make_evidence(store, person, competency, date(2026, 5, 1), expires_on=date(2026, 1, 1))


def test_settings_are_kept_in_the_document(tmp_path: Path) -> None:
    path = tmp_path / "s.compdesk"
    with Store.create(path) as store:
        assert store.settings.get() == Settings()
        store.settings.update(Settings(organisation="Acme", onboarding_grace_days=14))
    with Store.open(path) as store:
        assert store.settings.get() == Settings(organisation="Acme", onboarding_grace_days=14)


def _write_file(path: Path, size: int, seed: int = 1) -> Path:
    block = hashlib.sha256(str(seed).encode()).digest() * 4096
    with path.open("wb") as stream:
        remaining = size
        while remaining:
            stream.write(block[: min(remaining, len(block))])
            remaining -= min(remaining, len(block))
    return path


def test_an_attachment_round_trips_in_chunks(store: Store, tmp_path: Path) -> None:
    source = _write_file(tmp_path / "cv.pdf", 3 * CHUNK_SIZE + 17)
    item = make_evidence(store, make_person(store), make_competency(store))
    progress: list[tuple[int, int]] = []
    attachment = store.attachments.attach_file(item.id, source, report_progress=lambda d, t: progress.append((d, t)))

    assert attachment.size == source.stat().st_size
    assert attachment.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    chunks = list(store.attachments.read(attachment.id))
    assert max(len(c) for c in chunks) <= CHUNK_SIZE
    assert b"".join(chunks) == source.read_bytes()
    assert progress[-1][0] == progress[-1][1]
    exported = store.attachments.export(attachment.id, tmp_path / "out.pdf")
    assert exported.read_bytes() == source.read_bytes()


def test_identical_files_are_stored_once_and_kept_while_any_evidence_uses_them(
    store: Store, tmp_path: Path
) -> None:
    source = _write_file(tmp_path / "attendance.pdf", 5000)
    competency = make_competency(store)
    first = make_evidence(store, make_person(store, "A"), competency)
    second = make_evidence(store, make_person(store, "B"), competency)
    store.attachments.attach_file(first.id, source)
    store.attachments.attach_file(second.id, source, file_name="list.pdf")
    assert len(store.blobs.all()) == 1

    store.evidence.delete(first.id)
    assert len(store.blobs.all()) == 1
    store.evidence.delete(second.id)
    assert store.blobs.all() == []


def test_removing_the_last_attachment_deletes_the_bytes(store: Store, tmp_path: Path) -> None:
    item = make_evidence(store, make_person(store), make_competency(store))
    attachment = store.attachments.attach_file(item.id, _write_file(tmp_path / "a.png", 100))
    store.attachments.remove(attachment.id)
    assert store.blobs.all() == []
    assert store.evidence.get(item.id).attachments == ()


@pytest.mark.parametrize(
    ("size", "message"),
    [(0, "is empty"), (300 * 1024 * 1024, "at most 256 MB")],
    ids=["empty", "too-large"],
)
def test_unusable_attachments_are_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, size: int, message: str
) -> None:
    source = tmp_path / "file.bin"
    with source.open("wb") as stream:
        stream.truncate(size)
    item = make_evidence(store, make_person(store), make_competency(store))
    log_length = len(store.change_log.entries())
    with pytest.raises(InputError, match=message):
        store.attachments.attach_file(item.id, source)
    assert store.blobs.all() == []
    assert len(store.change_log.entries()) == log_length


def test_a_cancelled_attachment_writes_nothing(store: Store, tmp_path: Path) -> None:
    import threading

    cancel = threading.Event()
    item = make_evidence(store, make_person(store), make_competency(store))
    source = _write_file(tmp_path / "big.bin", 4 * CHUNK_SIZE)

    def cancel_half_way(done: int, total: int) -> None:
        if done > total * 0.6:
            cancel.set()

    with pytest.raises(Exception, match="cancelled"):
        store.attachments.attach_file(item.id, source, report_progress=cancel_half_way, cancel=cancel)
    assert store.blobs.all() == []


def test_a_deletion_kept_for_undo_restores_with_the_same_ids(store: Store, tmp_path: Path) -> None:
    role = make_role(store)
    person = make_person(store, roles=(role,))
    competency = make_competency(store)
    item = make_evidence(store, person, competency)
    attachment = store.attachments.attach_file(item.id, _write_file(tmp_path / "cv.pdf", 2000))
    gap_action = store.actions.add(person.id, competency.id, ActionType.TRAINING)

    trash_id = store.people.delete(person.id, keep_for_undo=True)
    assert trash_id is not None
    assert store.people.all() == [] and store.evidence.list() == []
    assert len(store.blobs.all()) == 1

    store.trash.restore(trash_id)
    assert store.people.get(person.id) == person
    assert store.evidence.get(item.id).attachments == (attachment,)
    assert store.actions.get(gap_action.id) == gap_action


def test_purging_the_trash_really_deletes_the_bytes(store: Store, tmp_path: Path) -> None:
    item = make_evidence(store, make_person(store), make_competency(store))
    store.attachments.attach_file(item.id, _write_file(tmp_path / "cv.pdf", 2000))
    trash_id = store.evidence.delete(item.id, keep_for_undo=True)
    assert trash_id is not None
    store.trash.purge([trash_id])
    assert store.blobs.all() == []
    with pytest.raises(NotFoundError):
        store.trash.restore(trash_id)


def test_trash_left_by_a_crash_is_purged_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "crash.compdesk"
    store = Store.create(path)
    item = make_evidence(store, make_person(store), make_competency(store))
    store.attachments.attach_file(item.id, _write_file(tmp_path / "cv.pdf", 2000))
    store.evidence.delete(item.id, keep_for_undo=True)
    store.db.connection.close()  # a crash: close() never runs

    with Store.open(path) as reopened:
        assert reopened.blobs.all() == []


def test_deleted_bytes_do_not_remain_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.compdesk"
    secret = b"SECRET-CV-CONTENT-" * 200
    with Store.create(path) as store:
        item = make_evidence(store, make_person(store), make_competency(store))
        store.attachments.attach_bytes(item.id, "cv.txt", secret)
        store.evidence.delete(item.id)
    assert b"SECRET-CV-CONTENT-" not in path.read_bytes()


def test_every_edit_extends_the_hash_chained_change_log(store: Store) -> None:
    person = make_person(store, "Ana Ruiz")
    store.people.update(replace(person, name="Ana Ruiz Díaz"))
    entries = store.change_log.entries()
    assert [e.what for e in entries[-2:]] == [
        "added person Ana Ruiz <ana.ruiz@example.com>",
        "changed person Ana Ruiz (now Ana Ruiz Díaz)",
    ]
    assert all(e.who == "tester" for e in entries)
    previous = GENESIS_HASH
    for entry in entries:
        assert entry.previous_hash == previous
        assert entry.hash == change_log_hash(previous, entry.at, entry.who, entry.what)
        previous = entry.hash


def test_deleting_a_role_keeps_the_people_who_held_it(store: Store) -> None:
    role = make_role(store)
    person = make_person(store, roles=(role,))
    store.roles.delete(role.id)
    assert store.people.get(person.id).role_ids == ()


def test_bulk_work_is_recorded_as_one_change_log_entry(store: Store) -> None:
    log_length = len(store.change_log.entries())
    with store.logged_as("imported 2 people"):
        make_person(store, "Ana Ruiz")
        make_person(store, "Bo Chen")
    assert [e.what for e in store.change_log.entries()[log_length:]] == ["imported 2 people"]
    make_person(store, "Cy Diaz")
    assert store.change_log.entries()[-1].what == "added person Cy Diaz <cy.diaz@example.com>"


def test_people_are_listed_alphabetically_with_accents_beside_their_letter(store: Store) -> None:
    for name in ("Zoë Müller", "Ólafur Jónsson", "amara Okafor", "Priya Raman"):
        make_person(store, name)
    assert [p.name for p in store.people.all()] == [
        "amara Okafor", "Ólafur Jónsson", "Priya Raman", "Zoë Müller"
    ]
