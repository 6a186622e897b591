"""Checking a document's values: each enum, date, number and setting is one compdesk writes.

compdesk validates everything on the way in; a value outside these was written by another
program, and would be misread (or refused) when the record is shown. Each finding names the
table, the row and the column, so it can be found and corrected.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import fields
from typing import Final

from compdesk.models.calendar import CALENDAR_STATUSES
from compdesk.models.dates import parse_date
from compdesk.models.errors import InputError
from compdesk.models.records import (
    ActionStatus,
    ActionType,
    Delivery,
    DrillKind,
    Effectiveness,
    EvidenceKind,
    Level,
    PersonType,
    RenewalMode,
    Route,
    Settings,
)
from compdesk.models.text import is_email, normal_email
from compdesk.storage.attachments import ATTACHMENT_LIMIT_RANGE_MB
from compdesk.storage.schema_audit import expected_shape

# The dates compdesk accepts anywhere (issue: a year-9999 date broke the matrix).
FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2200

# Beyond this many findings of one kind, the rest are counted, so a ruined file reads well.
SHOWN_PER_KIND: Final = 20

ENUM_COLUMNS: Final[dict[tuple[str, str], tuple[str, ...]]] = {
    ("competencies", "level"): tuple(v.value for v in Level),
    ("competencies", "renewal_mode"): tuple(v.value for v in RenewalMode),
    ("people", "type"): tuple(v.value for v in PersonType),
    ("evidence", "kind"): tuple(v.value for v in EvidenceKind),
    ("evidence", "route"): tuple(v.value for v in Route),
    ("actions", "type"): tuple(v.value for v in ActionType),
    ("actions", "status"): tuple(v.value for v in ActionStatus),
    ("actions", "effectiveness"): tuple(v.value for v in Effectiveness),
    ("calendar", "status"): CALENDAR_STATUSES,
    ("training_sessions", "delivery"): tuple(v.value for v in Delivery),
    ("drills", "kind"): tuple(v.value for v in DrillKind),
}

DATE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "roles": ("last_reviewed",),
    "competencies": ("last_reviewed", "version_since", "renewal_since"),
    "people": ("start_date", "end_date", "access_granted_on"),
    "evidence": ("achieved_on", "expires_on", "verified_on"),
    "actions": ("due_date", "completed_on", "evaluated_on"),
    "training_sessions": ("held_on",),
    "drills": ("held_on",),
}

# What compdesk drops from every text on the way in (models/text.py): C0 controls but line
# feed and tab, DEL, C1, and the bidi embeddings, overrides and isolates. As a GLOB class;
# NUL, which a GLOB pattern cannot hold, is looked for apart.
_CONTROL_CLASS: Final = "\x01-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# The fields compdesk keeps on one line (storage/table.py `stripped`, file names): a line
# break or tab in them was written by another program.
_ONE_LINE_COLUMNS: Final = frozenset({
    ("people", "name"), ("people", "job_title"), ("roles", "name"), ("competencies", "name"),
    ("competencies", "document_version"), ("evidence", "document_version"),
    ("calendar", "activity"), ("attachments", "file_name"),
    ("training_session_files", "file_name"),
})

# The most days any setting may hold, as the Preferences dialog allows (ten years).
_MAX_SETTING_DAYS: Final = 3650
_FRACTION_SETTINGS: Final = ("completion_target", "retake_below")
_PERCENT_SETTINGS: Final = ("pass_mark",)
# Months, as the Preferences dialog allows (twenty years).
_MONTH_SETTINGS: Final = {"leaver_retention_months": (1.0, 240.0)}
# Megabytes, as the Preferences dialog allows.
_MEGABYTE_SETTINGS: Final = {"attachment_limit_mb": tuple(map(float, ATTACHMENT_LIMIT_RANGE_MB))}


class _Findings:
    """Findings grouped by kind, each kind capped at SHOWN_PER_KIND lines."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[str]] = {}
        self._hidden: dict[str, int] = {}

    def add(self, kind: str, line: str) -> None:
        shown = self._by_kind.setdefault(kind, [])
        if len(shown) < SHOWN_PER_KIND:
            shown.append(line)
        else:
            self._hidden[kind] = self._hidden.get(kind, 0) + 1

    def lines(self) -> list[str]:
        result: list[str] = []
        for kind, shown in self._by_kind.items():
            result += shown
            if kind in self._hidden:
                result.append(f"and {self._hidden[kind]} more {kind}")
        return result


def text_columns(version: int) -> dict[str, tuple[str, ...]]:
    """Every TEXT column of file format `version`, per table."""
    return {
        table: columns
        for table, parts in expected_shape(version).items()
        if (
            columns := tuple(
                part.removeprefix("column ").strip("'")
                for part, definition in parts.items()
                if part.startswith("column ") and definition[0] == "TEXT"
            )
        )
    }


def _row_key(connection: sqlite3.Connection, table: str) -> str | None:
    """The SQL naming a row of `table`: its id, or its key columns (tables without rowid);
    None when the table is missing (a schema finding)."""
    columns = connection.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
    names = {row[1] for row in columns}
    if "id" in names:
        return "id"
    keys = [row[1] for row in sorted(columns, key=lambda row: row[5]) if row[5] > 0]
    return " || ', ' || ".join(f'"{key}"' for key in keys) or ("rowid" if names else None)


def _rows(
    connection: sqlite3.Connection,
    table: str,
    column: str,
    condition: str,
    parameters: tuple[object, ...] = (),
) -> Iterator[tuple[object, object]]:
    """(row id, value) of the rows whose `column` fails `condition` (an SQL expression of v)."""
    key = _row_key(connection, table)
    columns = {row[1] for row in connection.execute(f'PRAGMA table_xinfo("{table}")')}
    if key is None or column not in columns:
        return iter(())  # a missing table or column is a schema finding
    sql = (
        f'SELECT k, v FROM (SELECT {key} AS k, "{column}" AS v FROM "{table}") '
        f"WHERE NOT ({condition}) ORDER BY k"
    )
    return iter(connection.execute(sql, parameters))


def _described(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _enum_findings(connection: sqlite3.Connection, findings: _Findings) -> None:
    for (table, column), allowed in ENUM_COLUMNS.items():
        placeholders = ", ".join("'" + value.replace("'", "''") + "'" for value in allowed)
        for row_id, value in _rows(connection, table, column, f"v IN ({placeholders})"):
            findings.add(
                "values outside their lists",
                f"{table} row {row_id}, column {column}: {_described(value)} is not one of "
                f"{', '.join(allowed)}",
            )


def date_problem(value: object) -> str | None:
    """Why a stored date is not one compdesk writes; None when it is one."""
    if not isinstance(value, str):
        return "is not a date"
    if len(value) == 10 and value[:4].isdigit() and not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        return f"is outside the years {FIRST_YEAR}-{LAST_YEAR}"
    try:
        parsed = parse_date(value)
    except InputError:
        return "is not a date in the form YYYY-MM-DD"
    if parsed.isoformat() != value:
        return "is not a date in the form YYYY-MM-DD"
    return None


def _date_findings(connection: sqlite3.Connection, findings: _Findings) -> None:
    for table, columns in DATE_COLUMNS.items():
        for column in columns:
            for row_id, value in _rows(connection, table, column, "v IS NULL OR v = ''"):
                problem = date_problem(value)
                if problem is not None:
                    findings.add(
                        "bad dates",
                        f"{table} row {row_id}, column {column}: {_described(value)} {problem}",
                    )


def _email_findings(connection: sqlite3.Connection, findings: _Findings) -> None:
    for row_id, value in _rows(connection, "people", "email", "0"):
        # Capitals are not a problem: compdesk before format 5 stored addresses as typed, and
        # every lookup compares them in lower case.
        if isinstance(value, str) and normal_email(value) != value.lower():
            problem = (
                f"is not in the form compdesk stores and compares ({normal_email(value)!r}):"
                " the same address could be a second person"
            )
        elif not (isinstance(value, str) and is_email(value)):
            problem = "is not an email address"
        else:
            continue
        findings.add("emails", f"people row {row_id}, column email: {_described(value)} {problem}")


def _text_findings(
    connection: sqlite3.Connection, findings: _Findings, version: int
) -> None:
    for table, columns in text_columns(version).items():
        for column in columns:
            # NUL ends a GLOB pattern, so it is looked for on its own.
            rules = [(
                "v GLOB ? OR instr(v, char(0)) > 0",
                f"*[{_CONTROL_CLASS}]*",
                "holds control or bidi-override characters",
            )]
            if (table, column) in _ONE_LINE_COLUMNS:
                rules.append(
                    ("v GLOB ?", "*[\t\n]*", "holds a line break or tab in a one-line field")
                )
            for found, pattern, problem in rules:
                condition = f"v IS NULL OR NOT ({found})"
                parameters = (pattern,)
                for row_id, value in _rows(connection, table, column, condition, parameters):
                    findings.add(
                        "texts with control characters",
                        f"{table} row {row_id}, column {column}: {_described(value)} {problem}",
                    )


def _number_findings(
    connection: sqlite3.Connection, findings: _Findings, version: int
) -> None:
    for table, parts in expected_shape(version).items():
        for part, definition in parts.items():
            kind = definition[0]
            if not part.startswith("column ") or kind not in ("INTEGER", "REAL"):
                continue
            column = part.removeprefix("column ").strip("'")
            accepted = "('integer', 'null')" if kind == "INTEGER" else "('integer', 'real', 'null')"
            for row_id, value in _rows(connection, table, column, f"typeof(v) IN {accepted}"):
                findings.add(
                    "values that are not numbers",
                    f"{table} row {row_id}, column {column}: {_described(value)} is not "
                    f"{'a whole number' if kind == 'INTEGER' else 'a number'}",
                )


def setting_problem(name: str, text: str) -> str | None:
    """Why a stored setting is not one compdesk writes; None when it is one."""
    kind = type(getattr(Settings(), name))
    if kind is str:
        return None
    try:
        value = float(text) if kind is float else int(text)
    except ValueError:
        return f"is not {'a number' if kind is float else 'a whole number'}"
    if name in _FRACTION_SETTINGS:
        low, high = 0.0, 1.0
    elif name in _PERCENT_SETTINGS:
        low, high = 0.0, 100.0
    elif name in _MONTH_SETTINGS:
        low, high = _MONTH_SETTINGS[name]
    elif name in _MEGABYTE_SETTINGS:
        low, high = _MEGABYTE_SETTINGS[name]
    else:
        low, high = 0.0, float(_MAX_SETTING_DAYS)
    if not (math.isfinite(value) and low <= value <= high):
        return f"is outside {low:g}-{high:g}"
    return None


def _setting_findings(connection: sqlite3.Connection, findings: _Findings) -> None:
    known = {setting.name for setting in fields(Settings)}
    for key, value in connection.execute("SELECT key, value FROM settings ORDER BY key"):
        if key not in known:
            findings.add("settings", f"settings: {_described(key)} is not a setting compdesk knows")
            continue
        problem = setting_problem(key, str(value))
        if problem is not None:
            findings.add("settings", f"settings: {key} {_described(value)} {problem}")


def _accepted_kind_findings(connection: sqlite3.Connection, findings: _Findings) -> None:
    known = {kind.value for kind in EvidenceKind}
    for row_id, value in _rows(connection, "competencies", "accepted_kinds", "0"):
        for kind in str(value).split("|") if value else ():
            if kind and kind not in known:
                findings.add(
                    "unknown accepted kinds",
                    f"competencies row {row_id}, column accepted_kinds: {_described(kind)} is "
                    "not a kind of evidence",
                )


_CHECKS: Final[tuple[Callable[[sqlite3.Connection, _Findings], None], ...]] = (
    _enum_findings,
    _date_findings,
    _setting_findings,
    _accepted_kind_findings,
    _email_findings,
)


def value_problems(connection: sqlite3.Connection, version: int) -> list[str]:
    """One line per value compdesk would not have written, capped per kind."""
    findings = _Findings()
    for check in _CHECKS:
        _guarded(check, connection, findings)
    _guarded(lambda c, f: _number_findings(c, f, version), connection, findings)
    _guarded(lambda c, f: _text_findings(c, f, version), connection, findings)
    return findings.lines()


def _guarded(
    check: Callable[[sqlite3.Connection, _Findings], None],
    connection: sqlite3.Connection,
    findings: _Findings,
) -> None:
    # A missing table is reported by the schema check; the other checks still run.
    with contextlib.suppress(sqlite3.DatabaseError):
        check(connection, findings)
