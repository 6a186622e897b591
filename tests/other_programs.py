"""Other programs acting on a document as real ones do: a crash in the middle of an edit, and
a SQLite tool holding the file's lock."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from compdesk.storage import Store
from compdesk.storage.opening import journal_path

INTERRUPT_AN_EDIT = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
# A page cache this small makes SQLite write changed pages into the file long before the
# commit, so that the file itself is half-changed when the process dies.
connection.execute("PRAGMA cache_size = 2")
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE roles SET name = 'half-renamed ' || id")
for number in range(2000):
    connection.execute(
        "INSERT INTO roles (name, description) VALUES (?, ?)", (f"half-made {number}", "x" * 500)
    )
# Pages already in the file change again: without its journal, the file is now corrupt.
connection.execute("UPDATE roles SET description = 'half-changed'")
os._exit(0)  # as a crash would: no rollback, no commit
"""

HOLD_A_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
connection.execute("ROLLBACK")
"""


def role_names(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM roles ORDER BY id")]
    finally:
        connection.close()


def has_hot_journal(path: Path) -> bool:
    """SQLite's own verdict, asked without changing anything: a read-only connection cannot
    roll a hot journal back, and says so with its own error code."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        return error.sqlite_errorname == "SQLITE_READONLY_ROLLBACK"
    finally:
        connection.close()
    return False


def document_with_roles(tmp_path: Path, name: str = "doc.compdesk") -> Path:
    path = tmp_path / name
    with Store.create(path, user="tester") as store:
        for number in range(5):
            store.roles.add(f"Role {number}")
    return path


def interrupt_an_edit(path: Path) -> None:
    size_before = path.stat().st_size
    subprocess.run([sys.executable, "-c", INTERRUPT_AN_EDIT, str(path)], check=True)
    assert journal_path(path).exists()
    assert path.stat().st_size > size_before, "the edit should have reached the file itself"
    assert has_hot_journal(path)


@contextmanager
def another_program(script: str, path: Path, ready: str) -> Iterator[None]:
    """Run `script` over `path` in another process until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        assert process.stdout.readline() == ready + "\n"
        yield
    finally:
        process.stdin.close()
        assert process.wait(timeout=10) == 0
