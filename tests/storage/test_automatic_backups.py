"""Automatic copies: one a day on a writable open, the last few kept, never stopping an open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compdesk.storage import Store
from compdesk.storage.automatic_backups import (
    automatic_copies,
    automatic_folder,
    backups_root,
    copy_before_upgrade,
    daily_copy_quietly,
    take_daily_copy,
)
from compdesk.storage.backup import restore_backup
from compdesk.storage.opening import inspect_document
from tests.storage.old_formats import write_old_document

DAY = dt.date(2026, 5, 1)


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "acme.compdesk"
    with Store.create(path) as store:
        store.people.add("Ada Lovelace", "ada@example.com")
    return path


def test_two_opens_the_same_day_make_one_copy(document: Path) -> None:
    first = take_daily_copy(document, today=DAY)
    assert first is not None and first.parent == automatic_folder(document)
    assert take_daily_copy(document, today=DAY) is None
    assert [copy.day for copy in automatic_copies(document)] == [DAY]


def test_the_eighth_day_removes_the_oldest(document: Path) -> None:
    for offset in range(8):
        take_daily_copy(document, keep=7, today=DAY + dt.timedelta(days=offset))
    days = [copy.day for copy in automatic_copies(document)]
    assert len(days) == 7
    assert DAY not in days and days[0] == DAY + dt.timedelta(days=7)


def test_a_copy_restores_to_the_same_people(document: Path, tmp_path: Path) -> None:
    copy = take_daily_copy(document, today=DAY)
    assert copy is not None
    restore_backup(copy, tmp_path / "back.compdesk")
    with Store.open(tmp_path / "back.compdesk", read_only=True) as store:
        assert [person.name for person in store.people.all()] == ["Ada Lovelace"]


def test_documents_of_one_name_in_two_folders_keep_apart(document: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / document.name
    other.parent.mkdir()
    with Store.create(other):
        pass
    assert automatic_folder(other) != automatic_folder(document)


def test_a_copy_that_cannot_be_written_is_a_warning_not_a_failure(
    document: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A file where the folder should be: refused even to root.
    backups_root().parent.mkdir(parents=True)
    backups_root().write_text("not a folder")
    message = daily_copy_quietly(document)
    assert message is not None and "no automatic copy" in message
    assert "no automatic copy" in caplog.text
    assert automatic_copies(document) == []


def test_an_older_format_is_copied_before_its_upgrade(tmp_path: Path) -> None:
    path = write_old_document(
        tmp_path / "format4.compdesk", 4, "", created_at="2025-01-01T00:00:00Z"
    )
    copy = copy_before_upgrade(path, today=DAY)
    assert copy is not None and copy.name == "2026-05-01-format4.cdbackup"
    restore_backup(copy, tmp_path / "as-it-was.compdesk")
    assert inspect_document(tmp_path / "as-it-was.compdesk") == 4
    assert [c.before_format for c in automatic_copies(path)] == [4]


def test_a_document_of_the_current_format_needs_no_upgrade_copy(document: Path) -> None:
    assert copy_before_upgrade(document) is None
    assert automatic_copies(document) == []


def test_the_upgrade_copies_are_never_pruned(tmp_path: Path) -> None:
    path = write_old_document(
        tmp_path / "format4.compdesk", 4, "", created_at="2025-01-01T00:00:00Z"
    )
    copy_before_upgrade(path, today=DAY)
    with Store.open(path, user="tester"):
        pass
    for offset in range(3):
        take_daily_copy(path, keep=1, today=DAY + dt.timedelta(days=offset))
    kinds = [copy.before_format for copy in automatic_copies(path)]
    assert kinds == [None, 4]


def test_keeping_none_takes_none(document: Path) -> None:
    assert take_daily_copy(document, keep=0, today=DAY) is None
    assert automatic_copies(document) == []
