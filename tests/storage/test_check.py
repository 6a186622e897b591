"""`check`: a sound document passes; edits made outside compdesk and damage are found."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from compdesk.storage import Store, change_log_hash
from compdesk.storage.check import check_document, run_check
from tests.conftest import make_competency, make_document, make_evidence, make_person


def _document_with_attachment(tmp_path: Path) -> Path:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        person = make_person(store)
        evidence = make_evidence(store, person, make_competency(store))
        store.attachments.attach_bytes(evidence.id, "certificate.pdf", b"%PDF-1.4 certificate of Ana")
    return path


def _edit(path: Path, sql: str, parameters: tuple[object, ...] = ()) -> None:
    """Change the file the way someone with a plain SQLite tool would."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(sql, parameters)
    connection.close()


def test_a_fresh_document_is_sound(tmp_path: Path) -> None:
    report = run_check(make_document(tmp_path))

    assert report.ok
    assert check_document(make_document(tmp_path, "other.compdesk")) == []
    assert any("hash chain intact" in fact for fact in report.verified)


def test_a_document_with_attachments_is_sound(tmp_path: Path) -> None:
    report = run_check(_document_with_attachment(tmp_path))

    assert report.problems == []
    assert "1 stored file: sizes and SHA-256 verified" in report.verified


def test_checking_never_changes_the_file(tmp_path: Path) -> None:
    path = _document_with_attachment(tmp_path)
    _edit(path, "UPDATE change_log SET what = 'forged' WHERE id = 2")
    before = path.read_bytes()

    run_check(path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.compdesk"]


def test_a_change_log_entry_edited_outside_compdesk_is_found(tmp_path: Path) -> None:
    path = _document_with_attachment(tmp_path)
    _edit(path, "UPDATE change_log SET who = 'mallory' WHERE id = 3")

    (problem,) = check_document(path)

    assert problem.startswith("change log entry 3 ")
    assert "was edited outside compdesk" in problem


def test_an_entry_rehashed_after_editing_breaks_the_link_to_the_next(tmp_path: Path) -> None:
    path = _document_with_attachment(tmp_path)
    connection = sqlite3.connect(path)
    previous, at, who = connection.execute(
        "SELECT previous_hash, at, who FROM change_log WHERE id = 2"
    ).fetchone()
    connection.close()
    forged = change_log_hash(previous, at, who, "nothing happened")
    _edit(path, "UPDATE change_log SET what = 'nothing happened', hash = ? WHERE id = 2", (forged,))

    (problem,) = check_document(path)

    assert problem.startswith("change log entry 3 ")
    assert "does not follow the entry before it" in problem


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("DELETE FROM change_log WHERE id = 2", "change log entry 3 "),
        ("DELETE FROM change_log WHERE id = 1", "is the first entry but does not start the chain"),
        ("DELETE FROM change_log", "it has 0 entries where 5 were recorded"),
    ],
    ids=["middle entry", "first entry", "every entry"],
)
def test_removed_change_log_entries_are_found(tmp_path: Path, sql: str, expected: str) -> None:
    path = _document_with_attachment(tmp_path)
    _edit(path, sql)

    problems = check_document(path)

    assert any(expected in problem for problem in problems)
    # The count kept beside the log tells a removal wherever it was made.
    assert "the change log was shortened" in problems[-1]


def test_an_attachment_whose_bytes_were_altered_is_found(tmp_path: Path) -> None:
    path = _document_with_attachment(tmp_path)
    _edit(path, "UPDATE blobs SET data = ? WHERE id = 1", (b"%PDF-1.4 certificate of Bob",))

    (problem,) = check_document(path)

    assert "stored file 1 (certificate.pdf) was altered" in problem


def test_an_attachment_whose_size_no_longer_matches_is_found(tmp_path: Path) -> None:
    path = _document_with_attachment(tmp_path)
    data = b"%PDF-1.4 certificate of Ana, extended"
    # Even with a matching hash: the recorded size is checked on its own.
    _edit(
        path,
        "UPDATE blobs SET data = ?, sha256 = ? WHERE id = 1",
        (data, hashlib.sha256(data).hexdigest()),
    )

    problems = check_document(path)

    assert "stored file 1 (certificate.pdf) has 37 bytes where 27 were stored" in problems[0]
    # The bytes and hash swapped together no longer match what the change log recorded.
    assert "stored file 1 (certificate.pdf) holds bytes that no change-log entry attached" in (
        problems[1]
    )


def _foreign(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    _edit(path, "CREATE TABLE t (x)")
    return path


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.compdesk"
    path.write_text("not a database")
    return path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.compdesk"


@pytest.mark.parametrize("make", [_foreign, _text_file, _missing])
def test_a_file_that_is_not_a_compdesk_document_cannot_be_checked(
    tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    report = run_check(make(tmp_path))

    assert not report.opened
    assert len(report.problems) == 1


def test_a_truncated_document_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        for number in range(80):
            make_person(store, f"Person {number}", notes="x" * 300)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])

    report = run_check(path)

    assert report.opened
    assert not report.ok
    assert "truncated" in report.problems[0]


@pytest.mark.usefixtures("short_busy_timeout")
def test_a_lock_taken_during_the_check_is_in_use_not_a_problem_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _document_with_attachment(tmp_path)
    other_program = sqlite3.connect(path, isolation_level=None)

    def integrity_check_under_a_lock(store: Store) -> list[str]:
        # Another SQLite tool takes the file exclusively after the check has opened it.
        other_program.execute("BEGIN EXCLUSIVE")
        try:
            return original(store)
        finally:
            other_program.execute("ROLLBACK")

    original = Store.page_problems
    monkeypatch.setattr(Store, "page_problems", integrity_check_under_a_lock)
    report = run_check(path)
    other_program.close()

    assert not report.opened
    assert len(report.problems) == 1
    assert "in use by another program" in report.problems[0]
    assert "try again" in report.problems[0]
    assert "integrity" not in report.problems[0]


def test_attachments_left_out_of_a_backup_are_one_calm_problem(tmp_path: Path) -> None:
    path = _document_with_attachment(tmp_path)
    with Store.open(path, user="tester") as store:
        evidence = store.evidence.list()[0]
        store.attachments.attach_bytes(evidence.id, "second.pdf", b"%PDF-1.4 second")
        store.attachments.attach_bytes(evidence.id, "kept.pdf", b"%PDF-1.4 kept")
    # What a restored backup made --without-attachments holds: sizes and hashes, no bytes.
    _edit(
        path,
        "UPDATE blobs SET data = X'' WHERE id IN (SELECT min(id) FROM blobs UNION "
        "SELECT min(id) + 1 FROM blobs)",
    )

    report = run_check(path)

    assert report.problems == [
        "2 attachments were left out of the backup this document was restored from "
        "(their names, sizes and SHA-256 are kept)"
    ]
    assert report.attachments_left_out == 2
    assert "1 stored file: sizes and SHA-256 verified" in report.verified
