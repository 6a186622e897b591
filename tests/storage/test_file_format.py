"""The file format: what opening accepts, what it refuses, and that refusing changes nothing."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentError,
    NewerDocumentError,
    NotADocumentError,
    UpgradeFailedError,
)
from compdesk.storage import Store, migration_backup_path
from compdesk.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from tests.conftest import make_competency, make_document, make_person, make_role


def _document_with_people(tmp_path: Path, people: int = 60) -> Path:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        role = make_role(store)
        for number in range(people):
            make_person(store, f"Person {number}", roles=(role,), notes="x" * 200)
    return path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere.compdesk"


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "folder.compdesk"
    path.mkdir()
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.compdesk"
    path.write_bytes(b"")
    return path


def _random_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "random.compdesk"
    path.write_bytes(os.urandom(8192))
    return path


def _truncated(tmp_path: Path) -> Path:
    path = _document_with_people(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    return path


def _corrupted_pages(tmp_path: Path) -> Path:
    path = _document_with_people(tmp_path)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Overwrite every page after the schema with noise, keeping the header and schema page.
    noise = bytes((i * 37 + 11) % 256 for i in range(page_size))
    for offset in range(2 * page_size, len(data), page_size):
        data[offset : offset + page_size] = noise
    path.write_bytes(bytes(data))
    return path


def _foreign_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.execute("INSERT INTO songs VALUES ('Blue')")
    connection.commit()
    connection.close()
    return path


def _newer_version(tmp_path: Path) -> Path:
    path = make_document(tmp_path)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    return path


REFUSED: list[tuple[Callable[[Path], Path], type[DocumentError], str]] = [
    (_missing, NotADocumentError, "no such file"),
    (_directory, NotADocumentError, "is a folder"),
    (_empty, NotADocumentError, "is empty"),
    (_random_bytes, NotADocumentError, "a file of another kind"),
    (_truncated, DamagedDocumentError, "truncated"),
    (_corrupted_pages, DamagedDocumentError, "damaged"),
    (_foreign_sqlite, NotADocumentError, "another application"),
    (_newer_version, NewerDocumentError, "newer compdesk"),
]


def _snapshot(path: Path) -> bytes | str | None:
    if path.is_dir():
        return "dir:" + ",".join(sorted(os.listdir(path)))
    return path.read_bytes() if path.exists() else None


@pytest.mark.parametrize(("make_file", "error_type", "message"), REFUSED)
def test_opening_refuses_with_its_own_message_and_changes_nothing(
    tmp_path: Path,
    make_file: Callable[[Path], Path],
    error_type: type[DocumentError],
    message: str,
) -> None:
    path = make_file(tmp_path)
    before = _snapshot(path)
    siblings_before = sorted(os.listdir(tmp_path))

    with pytest.raises(error_type, match=message):
        Store.open(path)

    assert _snapshot(path) == before
    assert sorted(os.listdir(tmp_path)) == siblings_before


def test_the_refusal_messages_are_all_different(tmp_path: Path) -> None:
    messages = set()
    for index, (make_file, _, _) in enumerate(REFUSED):
        folder = tmp_path / str(index)
        folder.mkdir()
        with pytest.raises(DocumentError) as caught:
            Store.open(make_file(folder))
        messages.add(str(caught.value).split(" ", 1)[1])
    assert len(messages) == len(REFUSED)


def test_a_new_document_carries_the_compdesk_identity_and_pragmas(tmp_path: Path) -> None:
    path = make_document(tmp_path)
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()


def test_an_edit_leaves_no_sidecar_files(tmp_path: Path) -> None:
    path = make_document(tmp_path)
    with Store.open(path) as store:
        make_person(store)
        assert sorted(os.listdir(tmp_path)) == [path.name]


def test_foreign_keys_and_secure_delete_are_on(store: Store) -> None:
    pragmas = {
        name: store.db.connection.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("foreign_keys", "secure_delete")
    }
    assert pragmas == {"foreign_keys": 1, "secure_delete": 1}


def _write_version_1_document(path: Path) -> None:
    """A document as the first compdesk release wrote it: format 1, with some data."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.executescript(f"BEGIN;{MIGRATIONS[0]}PRAGMA user_version = 1;COMMIT;")
    connection.execute("INSERT INTO roles (name) VALUES ('Developer')")
    connection.execute(
        "INSERT INTO people (name, email, start_date) VALUES ('Ana Ruiz', 'ana@example.com', '2025-02-01')"
    )
    connection.execute("INSERT INTO person_roles VALUES (1, 1)")
    connection.close()


def test_an_older_document_is_upgraded_after_a_backup_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.compdesk"
    _write_version_1_document(path)
    original = path.read_bytes()

    with Store.open(path, user="tester") as store:
        assert store.schema_version() == SCHEMA_VERSION
        people = store.people.all()
        assert [(p.name, p.email, str(p.start_date)) for p in people] == [
            ("Ana Ruiz", "ana@example.com", "2025-02-01")
        ]
        assert store.calendar.all() == []
        assert store.change_log.entries()[-1].what == f"upgraded file format 1 to {SCHEMA_VERSION}"

    assert migration_backup_path(path, 1).read_bytes() == original


def test_a_failing_migration_leaves_the_document_at_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.compdesk"
    _write_version_1_document(path)
    broken = (MIGRATIONS[0], "CREATE TABLE calendar (id INTEGER); CREATE TABLE calendar (x);")
    monkeypatch.setattr("compdesk.storage.opening.MIGRATIONS", broken)

    with pytest.raises(UpgradeFailedError):
        Store.open(path)

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert "calendar" not in tables
    connection.close()


def test_a_file_without_write_permission_opens_read_only_and_refuses_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_document(tmp_path)
    before = path.read_bytes()
    # Root may write anywhere, so ask the permission check itself to say no.
    monkeypatch.setattr("compdesk.storage.opening.os.access", lambda *_: False)

    with Store.open(path) as store:
        assert store.read_only
        with pytest.raises(DocumentError, match="read-only"):
            make_person(store)

    assert path.read_bytes() == before


def test_competency_names_are_unique_ignoring_case(store: Store) -> None:
    make_competency(store, "Secure coding")
    with pytest.raises(DocumentError, match="already exists"):
        make_competency(store, "SECURE CODING")
