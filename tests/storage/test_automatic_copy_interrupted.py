"""The day's automatic copy is written beside its name and renamed into place whole: one that
fails half-way leaves no file that would pass for the day's copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from compdesk.models.errors import DocumentError
from compdesk.storage import Store, backup
from compdesk.storage.automatic_backups import (
    automatic_copies,
    automatic_folder,
    daily_copy_due,
    take_daily_copy,
)
from compdesk.storage.backup import restore_backup

DAY = dt.date(2026, 5, 1)


def test_a_copy_that_fails_half_way_leaves_no_stamp_and_the_next_open_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = tmp_path / "acme.compdesk"
    with Store.create(document) as store:
        store.people.add("Ada Lovelace", "ada@example.com")
    real_chunks = backup._file_chunks

    def fail_after_the_first_chunk(path: Path) -> Iterator[bytes]:
        chunks = real_chunks(path)
        yield next(chunks)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "_file_chunks", fail_after_the_first_chunk)
    with pytest.raises(DocumentError, match="No space left on device; nothing was written"):
        take_daily_copy(document, today=DAY)

    assert daily_copy_due(document, DAY)
    assert automatic_copies(document) == []
    assert not [p for p in automatic_folder(document).iterdir() if p.is_file()]

    monkeypatch.undo()
    copy = take_daily_copy(document, today=DAY)
    assert copy is not None and not daily_copy_due(document, DAY)
    restored = tmp_path / "restored.compdesk"
    restore_backup(copy, restored)
    with Store.open(restored, read_only=True) as again:
        assert [person.name for person in again.people.all()] == ["Ada Lovelace"]
