"""The connection: transactions that nest, a full disk reported as such, one connection per thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from compdesk.models.errors import DocumentError
from compdesk.storage import Store
from tests.conftest import make_competency, make_evidence, make_person


def _page_count(store: Store) -> int:
    return int(store.db.scalar("PRAGMA page_count"))


def test_a_full_disk_during_an_attachment_says_so_and_changes_nothing(store: Store) -> None:
    evidence = make_evidence(store, make_person(store), make_competency(store))
    before = store.path.read_bytes()
    # As if the disk had room for only a few more pages.
    store.db.execute(f"PRAGMA max_page_count = {_page_count(store) + 2}")

    with pytest.raises(DocumentError, match="the disk is full; nothing was changed"):
        store.attachments.attach_bytes(evidence.id, "scan.pdf", b"%PDF" + bytes(200_000))

    assert store.path.read_bytes() == before
    assert store.blobs.all() == [] and store.evidence.get(evidence.id).attachments == ()


def test_a_full_disk_during_a_bulk_edit_says_so_and_changes_nothing(store: Store) -> None:
    before = store.path.read_bytes()
    store.db.execute(f"PRAGMA max_page_count = {_page_count(store) + 2}")

    with (
        pytest.raises(DocumentError, match="the disk is full; nothing was changed"),
        store.logged_as("imported many people"),
    ):
        for number in range(500):
            make_person(store, f"Person {number}", notes="n" * 500)

    assert store.path.read_bytes() == before
    assert store.people.all() == []


def test_a_second_connection_sees_only_what_the_first_has_committed(store: Store) -> None:
    worker = store.open_another()
    try:
        with worker.transaction():
            make_person(worker, "Ana Ruiz")
            assert store.people.all() == []
        assert [person.name for person in store.people.all()] == ["Ana Ruiz"]
    finally:
        worker.close()


def test_a_worker_thread_writes_through_its_own_connection(store: Store) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        # Opened on the thread that uses it: a connection belongs to one thread.
        worker = store.open_another()
        try:
            make_person(worker, "Bo Chen")
        except BaseException as error:
            errors.append(error)
        finally:
            worker.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()

    assert errors == []
    assert [person.name for person in store.people.all()] == ["Bo Chen"]


def test_another_connection_leaves_the_trash_for_the_window_s_undo(
    store: Store, tmp_path: Path
) -> None:
    evidence = make_evidence(store, make_person(store), make_competency(store))
    trash_id = store.evidence.delete(evidence.id, keep_for_undo=True)
    assert trash_id is not None

    store.open_another().close()

    store.trash.restore(trash_id)
    assert store.evidence.get(evidence.id) == evidence
