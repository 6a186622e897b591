"""What a document's schema holds that compdesk did not put there.

compdesk creates tables and indexes only (storage/schema.py); a trigger or a view in a document
was added by another program, and would run compdesk's own writes through SQL nobody reviewed.
Reading the schema table runs nothing: it is inspected before anything else is read.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple


class SchemaObject(NamedTuple):
    kind: str  # "trigger" or "view"
    name: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name!r}"


def planted_objects(connection: sqlite3.Connection) -> list[SchemaObject]:
    """The triggers and views in the document, which compdesk never creates, by name."""
    rows = connection.execute(
        "SELECT type, name FROM sqlite_schema WHERE type IN ('trigger', 'view') ORDER BY type, name"
    ).fetchall()
    return [SchemaObject(kind, name) for kind, name in rows]


__all__ = ["SchemaObject", "planted_objects"]
