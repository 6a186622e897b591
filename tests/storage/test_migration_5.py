"""Format 5: the number of change-log entries, kept beside the log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from compdesk.storage import Store
from compdesk.storage.check import check_document
from tests.conftest import make_person
from tests.storage.old_formats import write_old_document


def _recorded_length(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("SELECT entries FROM change_log_length").fetchone()[0])
    finally:
        connection.close()


def test_a_format_4_document_upgrades_with_its_log_counted(tmp_path: Path) -> None:
    path = write_old_document(
        tmp_path / "format4.compdesk", 4, "", created_at="2025-01-01T00:00:00Z"
    )
    with Store.open(path, user="tester") as store:
        assert store.schema_version() == 5
        # The creation entry and the upgrade entry.
        assert store.change_log.head()[1] == 2
    assert _recorded_length(path) == 2
    assert check_document(path) == []


def test_each_entry_is_counted_with_the_edit(tmp_path: Path) -> None:
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        make_person(store)
        head, length = store.change_log.head()
        assert head == store.change_log.entries()[-1].hash
    assert _recorded_length(path) == length == 2
