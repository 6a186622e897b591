"""A document whose tables another SQLite tool changed (a column or a table dropped, one
added): writing commands refuse it unchanged, reading ones name the cause, and check lists it
— never SQLite's own "no such column" as an unexpected problem."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from compdesk.cli import main
from compdesk.storage import Store
from compdesk.storage.schema import MIGRATIONS, SCHEMA_VERSION
from compdesk.storage.schema_audit import CURRENT_SCHEMA_DIGEST, schema_digest
from tests.cli.helpers import acme_document, one_error
from tests.storage.old_formats import write_old_document

CHANGES = {
    "a column dropped": "ALTER TABLE people DROP COLUMN notes",
    "the change log dropped": "DROP TABLE change_log",
    "a column added": "ALTER TABLE evidence ADD COLUMN secret TEXT",
}


def _changed(tmp_path: Path, statement: str) -> Path:
    path = acme_document(tmp_path)
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(statement)
    connection.close()
    return path


def test_the_current_schema_fingerprint_is_that_of_every_document_the_migrations_made(
    tmp_path: Path,
) -> None:
    new = tmp_path / "new.compdesk"
    Store.create(new).close()
    old = write_old_document(tmp_path / "old.compdesk", 1, "", created_at="2024-01-01T00:00:00Z")
    Store.open(old).close()  # upgraded through every migration
    for path in (new, old):
        with sqlite3.connect(path) as connection:
            assert schema_digest(connection) == CURRENT_SCHEMA_DIGEST
        connection.close()
    assert len(MIGRATIONS) == SCHEMA_VERSION


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_writing_command_refuses_it_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    path = _changed(tmp_path, CHANGES[change])
    people = tmp_path / "people.csv"
    people.write_text("name,email\nZed Zorro,zed@example.com\n", encoding="utf-8")
    before = path.read_bytes()

    assert main(["import-people", str(path), str(people)]) == 2

    line = one_error(capsys.readouterr().err)
    assert "cannot be changed: another program changed its tables" in line
    assert "compdesk check" in line
    assert path.read_bytes() == before


def test_a_reading_command_names_the_cause(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _changed(tmp_path, CHANGES["a column dropped"])

    assert main(["matrix", str(path)]) == 2

    line = one_error(capsys.readouterr().err)
    assert "unexpected problem" not in line
    assert "table 'people': column 'notes' is missing" in line


def test_check_lists_the_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _changed(tmp_path, CHANGES["a column added"])

    assert main(["check", str(path)]) == 1

    assert "secret" in capsys.readouterr().out
