"""A document another SQLite tool switched to write-ahead logging, with its -wal left beside it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from compdesk.storage import Store
from compdesk.storage.check import run_check
from tests.conftest import make_person


def _left_in_wal_mode(tmp_path: Path) -> Path:
    """A document whose latest edit sits only in the -wal file another tool left behind."""
    path = tmp_path / "doc.compdesk"
    with Store.create(path, user="tester") as store:
        make_person(store, "Ana Ode")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("UPDATE people SET notes = 'only in the write-ahead log'")
    connection.commit()
    # Copy the pair while the log is still open, as a crash or a USB copy would leave them.
    shutil.copy(path, tmp_path / "copy")
    shutil.copy(path.with_name(path.name + "-wal"), tmp_path / "copy-wal")
    connection.close()
    shutil.move(tmp_path / "copy", path)
    shutil.move(tmp_path / "copy-wal", path.with_name(path.name + "-wal"))
    return path


def test_a_writable_open_keeps_the_logs_edits_and_leaves_one_file(tmp_path: Path) -> None:
    path = _left_in_wal_mode(tmp_path)
    assert path.with_name(path.name + "-wal").exists()

    with Store.open(path, user="tester") as store:
        assert not store.read_only
        assert [person.notes for person in store.people.all()] == ["only in the write-ahead log"]
        make_person(store, "Ben Ode")

    assert not path.with_name(path.name + "-wal").exists()
    plain = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        notes = plain.execute("SELECT notes FROM people ORDER BY id").fetchall()
    finally:
        plain.close()
    assert notes == [("only in the write-ahead log",), ("",)]
    assert run_check(path).problems == []


def test_check_names_the_write_ahead_mode_and_the_log_beside_it(tmp_path: Path) -> None:
    path = _left_in_wal_mode(tmp_path)
    problems = run_check(path).problems
    assert any("switched to write-ahead logging by another program" in p for p in problems)
    assert any("doc.compdesk-wal lies beside the document" in p for p in problems)
