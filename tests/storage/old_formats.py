"""Documents of an earlier file format, written with that format's own SQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from compdesk.storage.change_log import GENESIS_HASH, change_log_hash
from compdesk.storage.schema import APPLICATION_ID, MIGRATIONS


def write_old_document(path: Path, version: int, rows: str, *, created_at: str) -> Path:
    """A document of format `version` at `path` holding `rows` (SQL inserts) and the change
    log entry of its creation at `created_at`."""
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA foreign_keys = ON")
    for script in MIGRATIONS[:version]:
        connection.executescript(script)
    connection.executescript(rows)
    who, what = "tester", f"created document {path.name}"
    connection.execute(
        "INSERT INTO change_log (at, who, what, previous_hash, hash) VALUES (?, ?, ?, ?, ?)",
        (created_at, who, what, GENESIS_HASH, change_log_hash(GENESIS_HASH, created_at, who, what)),
    )
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()
    return path
