"""Why a command failed on a document another program changed: the values in it that compdesk
would never have written, found by the rules `check` applies.

    unreadable_values_line(path) -> str | None

Asked only after a command has already failed unexpectedly, so that a document edited with a
plain SQLite tool (a date with junk after it, an unknown status, a setting that is no number)
is named as the cause, in one line that points to `compdesk check`, instead of being reported
as a fault of compdesk. Reads only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from compdesk.models.errors import DocumentError
from compdesk.storage.check_values import value_problems
from compdesk.storage.connection import connect
from compdesk.storage.opening import changed_reason, display_name, inspect_document
from compdesk.storage.schema_audit import structure_problems


def unreadable_values_line(path: Path | None) -> str | None:
    """One sentence naming the first value compdesk would not have written, or None when the
    document's values are sound (the failure lies elsewhere)."""
    if path is None or not path.is_file():
        return None
    try:
        version = inspect_document(path)
        connection = connect(path, read_only=True)
        try:
            changed = structure_problems(connection, version)
            problems = changed or value_problems(connection, version)
        finally:
            connection.close()
    except (DocumentError, sqlite3.Error, OSError):
        return None
    if not problems:
        return None
    name = display_name(path)
    if changed:
        return f"{name} cannot be read: {changed_reason(changed)}"
    return (
        f"{name} holds values compdesk would never have written, changed by another program "
        f"(the first: {problems[0]}); compdesk check {name} lists them all"
    )
