"""Triggers and views another program adds to a document never run through compdesk."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from compdesk.models.errors import DocumentError
from compdesk.models.records import EvidenceKind, Route
from compdesk.storage import Store
from compdesk.storage.connection import connect
from compdesk.storage.repair import remove_planted_sql
from tests.cli.helpers import acme_document
from tests.storage.old_formats import write_old_document

# The probe's triggers: each changes what an ordinary write of compdesk stores.
FOREVER = (
    "CREATE TRIGGER forever AFTER INSERT ON evidence BEGIN "
    "UPDATE evidence SET expires_on = '2099-12-31' WHERE id = NEW.id; END"
)
LENIENT = (
    "CREATE TRIGGER lenient AFTER UPDATE ON settings BEGIN "
    "INSERT OR REPLACE INTO settings (key, value) VALUES ('grace_days', '3650'); END"
)
SHREDDER = "CREATE TRIGGER shredder AFTER INSERT ON evidence BEGIN DELETE FROM attachments; END"
GHOST = (
    "CREATE VIEW people_v AS SELECT id, name, email FROM people "
    "UNION ALL SELECT 999, 'Ghost Auditor', 'ghost@example.com'"
)


def plant(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        for statement in statements:
            connection.execute(statement)
    connection.close()


def snapshot(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows: list[tuple[object, ...]] = []
        for table in ("people", "evidence", "attachments", "settings", "change_log"):
            rows.extend(connection.execute(f"SELECT '{table}', * FROM {table} ORDER BY 2"))
        return rows
    finally:
        connection.close()


def add_evidence(store: Store) -> None:
    ana = store.people.by_email("ana@acme.example")
    phishing = store.competencies.by_name("Phishing recognition")
    store.evidence.add(
        ana.id,
        phishing.id,
        EvidenceKind.TRAINING_RECORD,
        Route.TRAINING,
        achieved_on=date(2026, 4, 2),
        expires_on=date(2027, 4, 2),
    )


@pytest.mark.parametrize("trigger", [FOREVER, LENIENT, SHREDDER])
def test_a_document_with_a_trigger_opens_read_only_saying_why(tmp_path: Path, trigger: str) -> None:
    path = acme_document(tmp_path)
    plant(path, trigger)
    before = snapshot(path)

    with Store.open(path, exclusive=True) as store:
        assert store.read_only
        reason = store.read_only_reason or ""
        assert "contains SQL that compdesk did not create (trigger " in reason
        assert "compdesk repair" in reason
        with pytest.raises(DocumentError):
            add_evidence(store)
        with pytest.raises(DocumentError):
            store.settings.update(store.settings.get())

    assert snapshot(path) == before


def test_the_message_names_every_trigger_and_view(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER, GHOST)

    with Store.open(path) as store:
        assert "(trigger 'forever', view 'people_v')" in (store.read_only_reason or "")


def test_a_trigger_added_while_open_makes_the_write_fail_whole(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    with Store.open(path) as store:
        assert not store.read_only
        plant(path, FOREVER)
        before = snapshot(path)
        with pytest.raises(DocumentError, match="SQL that compdesk did not create"):
            add_evidence(store)
    assert snapshot(path) == before


def test_no_connection_reads_through_a_view(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(path, GHOST)
    connection = connect(path, read_only=True)
    try:
        with pytest.raises(sqlite3.DatabaseError, match=r"prohibited|not authorized"):
            connection.execute("SELECT name FROM people_v").fetchall()
        assert connection.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    finally:
        connection.close()


def test_a_view_in_place_of_a_table_is_never_read(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(
        path,
        "ALTER TABLE people RENAME TO people_kept",
        "CREATE VIEW people AS SELECT * FROM people_kept",
    )
    with pytest.raises(DocumentError), Store.open(path, read_only=True) as store:
        store.people.all()


def test_repair_removes_them_after_a_copy_that_still_holds_them(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER, LENIENT, SHREDDER, GHOST)

    repair = remove_planted_sql(path, user="tester", today=date(2026, 12, 2))

    assert [str(each) for each in repair.removed] == [
        "trigger 'forever'",
        "trigger 'lenient'",
        "trigger 'shredder'",
        "view 'people_v'",
    ]
    assert repair.backup == tmp_path / "acme.compdesk.before-repair-2026-12-02.bak"
    kept = sqlite3.connect(repair.backup)
    assert (
        kept.execute(
            "SELECT count(*) FROM sqlite_schema WHERE type <> 'table' AND type <> 'index'"
        ).fetchone()[0]
        == 4
    )
    kept.close()
    with Store.open(path) as store:
        assert not store.read_only
        add_evidence(store)
        expiries = [evidence.expires_on for evidence in store.evidence.list()]
        assert date(2027, 4, 2) in expiries and date(2099, 12, 31) not in expiries
        repaired = store.change_log.entries()[-2].what
    assert repaired.startswith("removed planted SQL: trigger 'forever', trigger 'lenient'")


def test_repair_never_overwrites_an_earlier_copy(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    plant(path, FOREVER)
    first = remove_planted_sql(path, user="tester", today=date(2026, 12, 2)).backup
    plant(path, GHOST)
    second = remove_planted_sql(path, user="tester", today=date(2026, 12, 2)).backup

    assert first is not None and second is not None and first != second
    assert first.exists() and second.exists()


def test_repair_of_a_clean_document_changes_nothing(tmp_path: Path) -> None:
    path = acme_document(tmp_path)
    before = snapshot(path)

    repair = remove_planted_sql(path, user="tester")

    assert repair.removed == [] and repair.backup is None
    assert snapshot(path) == before
    assert list(tmp_path.iterdir()) == [path]


def test_an_older_format_with_planted_sql_is_repaired_then_upgraded(tmp_path: Path) -> None:
    path = write_old_document(tmp_path / "old.compdesk", 4, "", created_at="2025-01-01T00:00:00Z")
    plant(path, LENIENT)
    with pytest.raises(DocumentError, match="cannot be upgraded: it contains SQL"):
        Store.open(path)

    repair = remove_planted_sql(path, user="tester", today=date(2026, 12, 2))

    assert [str(each) for each in repair.removed] == ["trigger 'lenient'"]
    with Store.open(path) as store:
        assert not store.read_only
        assert store.change_log.entries()[-1].what == "removed planted SQL: trigger 'lenient'"
