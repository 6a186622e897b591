"""What a document's schema holds that compdesk did not put there.

compdesk creates tables and indexes only (storage/schema.py); a trigger or a view in a document
was added by another program, and would run compdesk's own writes through SQL nobody reviewed.
Reading the schema table runs nothing: it is inspected before anything else is read.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from typing import Final, NamedTuple

from compdesk.storage.schema import MIGRATIONS, SCHEMA_VERSION


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



# What a table, an index or a foreign key is made of, as SQLite reports it.
_Shape = dict[str, tuple[object, ...]]


def _names(connection: sqlite3.Connection, kind: str) -> list[str]:
    # Internal tables (sqlite_sequence, sqlite_stat1) and automatic indexes are SQLite's own.
    return [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite%' ORDER BY name",
            (kind,),
        )
    ]


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _schema_shape(connection: sqlite3.Connection) -> dict[str, _Shape]:
    """Per table: its columns, its indexes and its foreign keys, each keyed by name."""
    shape: dict[str, _Shape] = {}
    for table in _names(connection, "table"):
        quoted = _quoted(table)
        parts: _Shape = {}
        for _, name, kind, notnull, default, pk, hidden in connection.execute(
            f"PRAGMA table_xinfo({quoted})"
        ):
            parts[f"column {name!r}"] = (str(kind).upper(), notnull, default, pk, hidden)
        for _, name, unique, origin, partial in connection.execute(
            f"PRAGMA index_list({quoted})"
        ):
            columns = tuple(
                (row[2], row[3], row[4])
                for row in connection.execute(f"PRAGMA index_xinfo({_quoted(name)})")
            )
            # Automatic indexes (UNIQUE, PRIMARY KEY) are named by SQLite: key them by content.
            key = name if origin == "c" else f"{origin} {columns}"
            parts[f"index {key!r}"] = (unique, origin, partial, columns)
        for row in connection.execute(f"PRAGMA foreign_key_list({quoted})"):
            parts[f"foreign key {row[3]!r} -> {row[2]}({row[4]})"] = tuple(row[5:])
        shape[table] = parts
    return shape


@functools.cache
def expected_shape(version: int) -> dict[str, _Shape]:
    """The schema format `version` promises: its migrations run on an empty database."""
    connection = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            connection.executescript(script)
        return _schema_shape(connection)
    finally:
        connection.close()


def schema_digest(connection: sqlite3.Connection) -> str:
    """A fingerprint of the document's tables and indexes as their SQL reads: the same for
    every document whose schema the migrations alone made."""
    rows = connection.execute(
        "SELECT type, name, sql FROM sqlite_schema"
        " WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY type, name"
    ).fetchall()
    text = "\n".join(f"{kind} {name} {sql}" for kind, name, sql in rows)
    return hashlib.sha256(text.encode()).hexdigest()


# The fingerprint of the current format's schema (tests/storage/test_schema_audit.py proves it
# against a new document): opening for editing compares one hash instead of building the
# expected schema, and does the full comparison only when the hash differs.
CURRENT_SCHEMA_DIGEST: Final = "47def2cf21d0ba944ad7602c5fc175e1756822c1f8273d6cb5468a0b3631f289"


def structure_problems(connection: sqlite3.Connection, version: int) -> list[str]:
    """How the tables, columns and indexes differ from what format `version` promises (the
    triggers and views aside: see `planted_objects`); empty in the common case at once."""
    if version == SCHEMA_VERSION and schema_digest(connection) == CURRENT_SCHEMA_DIGEST:
        return []
    planted = len(planted_objects(connection))
    return schema_problems(connection, version)[planted:]


def schema_problems(connection: sqlite3.Connection, version: int) -> list[str]:
    """How the document's schema differs from the one its format number promises, by name."""
    problems = [
        f"the document holds a {kind} {name!r} that compdesk never creates: another program "
        "added it, and it would run hidden SQL"
        for kind, name in planted_objects(connection)
    ]
    expected = expected_shape(version)
    found = _schema_shape(connection)
    for table in sorted(expected.keys() - found.keys()):
        problems.append(f"the table {table!r} is missing: its records are lost")
    for table in sorted(found.keys() - expected.keys()):
        problems.append(f"the table {table!r} is not part of file format {version}")
    for table in sorted(expected.keys() & found.keys()):
        want, have = expected[table], found[table]
        for part in sorted(want.keys() - have.keys()):
            problems.append(f"table {table!r}: {part} is missing")
        for part in sorted(have.keys() - want.keys()):
            problems.append(f"table {table!r}: {part} is not part of file format {version}")
        for part in sorted(want.keys() & have.keys()):
            if want[part] != have[part]:
                problems.append(f"table {table!r}: {part} was changed from its definition")
    return problems


__all__ = [
    "CURRENT_SCHEMA_DIGEST",
    "SchemaObject",
    "expected_shape",
    "planted_objects",
    "schema_digest",
    "schema_problems",
    "structure_problems",
]
