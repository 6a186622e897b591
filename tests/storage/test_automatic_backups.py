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
    daily_copy_quietly,
    take_daily_copy,
)
from compdesk.storage.backup import restore_backup

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
