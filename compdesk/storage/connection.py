"""The connection to a document's file: its pragmas, the guarded transaction, error translation.

Each `Database` is one SQLite connection, used by the thread that opened it. Background work
opens its own (`Store.open_another`), so the window never reads a worker's uncommitted rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from compdesk.models.errors import (
    DocumentBusyError,
    DocumentError,
    InputError,
    NotFoundError,
    ReadOnlyDocumentError,
)

# How long a statement waits for another connection's lock before it reports "locked".
BUSY_TIMEOUT_MS: Final = 3000

# Friendly wording for constraint failures the user can cause.
_UNIQUE_MESSAGES: Final = {
    "roles.name": "a role with that name already exists",
    "competencies.name": "a competency with that name already exists",
    "people.email": "another person already has that email address",
}


def translate_integrity_error(error: sqlite3.IntegrityError) -> InputError:
    message = str(error)
    for column, friendly in _UNIQUE_MESSAGES.items():
        if column in message:
            return InputError(friendly)
    if "CHECK constraint" in message:
        return InputError("a required value is empty or out of range")
    if "FOREIGN KEY" in message:
        return InputError("that record refers to something that no longer exists")
    return InputError(message)


def is_busy(error: sqlite3.Error) -> bool:
    """Another connection holds the lock this statement needed (for longer than it waited)."""
    return error.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def translate_operational_error(error: sqlite3.OperationalError) -> DocumentError:
    """The user's message for a failure of the file itself; anything else is a bug (re-raised)."""
    message = str(error)
    if "disk is full" in message:
        return DocumentError("the disk is full; nothing was changed")
    if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_IOERR:
        # A write the system refused: a file-size limit, a full or failing disk, a removed
        # stick. The journal undoes what was half-written.
        return DocumentError(
            "the document could not be written (a disk error: the disk may be full, "
            "removed or failing); nothing was changed"
        )
    if is_busy(error):
        return DocumentBusyError(
            "the document is in use by another program; nothing was changed, try again in a moment"
        )
    if "readonly" in message or "read-only" in message:
        return ReadOnlyDocumentError("the document is read-only; nothing was changed")
    raise error


def translate_error(error: BaseException) -> BaseException:
    """The error to show for one raised inside a transaction: sqlite3's own become ours."""
    if isinstance(error, sqlite3.IntegrityError):
        return translate_integrity_error(error)
    if isinstance(error, sqlite3.OperationalError):
        return translate_operational_error(error)
    if isinstance(error, sqlite3.DatabaseError) and is_not_authorized(error):
        return DocumentError(PLANTED_SQL_REFUSED)
    return error


def read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _only_compdesks_own_sql(
    action: int, first: str | None, second: str | None, database: str | None, inner: str | None
) -> int:
    """SQLite's authorizer: refuse every statement a trigger or a view would run.

    compdesk creates neither (storage/schema_audit.py); `inner` names the trigger or view a
    statement comes from, and is None for compdesk's own SQL (foreign-key actions included).
    Checked when a statement is prepared, so a planted trigger makes the write that would fire
    it fail whole, and a planted view is never read, however it is named.
    """
    return sqlite3.SQLITE_OK if inner is None else sqlite3.SQLITE_DENY


def _defend(connection: sqlite3.Connection) -> None:
    """Run no SQL that a document brings with it, and let no statement rewrite the schema."""
    connection.execute("PRAGMA trusted_schema = OFF")
    set_config = getattr(connection, "setconfig", None)
    if set_config is not None:
        set_config(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # type: ignore[attr-defined]
    # Python 3.11's sqlite3 has no setconfig, so defensive mode (which mainly locks
    # `writable_schema`, a pragma compdesk never issues) stays off there; the authorizer
    # below is what keeps planted SQL from running, on every Python.
    connection.set_authorizer(_only_compdesks_own_sql)


def is_not_authorized(error: sqlite3.Error) -> bool:
    """The authorizer refused a statement: it would have run a trigger or a view."""
    return error.sqlite_errorcode == sqlite3.SQLITE_AUTH


PLANTED_SQL_REFUSED: Final = (
    "the document holds SQL that compdesk did not create (a trigger or a view), which this "
    "would have run; nothing was changed. compdesk repair can remove it after keeping a copy"
)


def configure(connection: sqlite3.Connection, *, writable: bool) -> None:
    _defend(connection)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if writable:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA journal_mode = DELETE")


def raw_connection(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly), not yet configured.

    It keeps sqlite3's check that only the thread that made it uses it.
    """
    if read_only:
        return sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
    return sqlite3.connect(path, isolation_level=None)


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A configured connection in autocommit mode (transactions are begun explicitly)."""
    connection = raw_connection(path, read_only=read_only)
    try:
        configure(connection, writable=not read_only)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


@contextmanager
def _refusing_planted_sql() -> Iterator[None]:
    """A statement the authorizer refused (it would run a trigger, or read a view put in place
    of one of compdesk's tables) is the user's message, not a crash; also outside transactions."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if not is_not_authorized(error):
            raise
        raise DocumentError(PLANTED_SQL_REFUSED) from None


class Database:
    """One connection to a document, with transactions that nest and errors the user can read."""

    def __init__(self, connection: sqlite3.Connection, name: str, *, read_only: bool) -> None:
        self.connection = connection
        self.name = name
        self.read_only = read_only
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls become savepoints. An exception rolls back.

        The rollback is guarded as sqlite-utils' `atomic()` guards it: when SQLite has already
        rolled the whole transaction back itself (a full disk), issuing ROLLBACK would replace
        the real error with "cannot rollback - no transaction is active".
        """
        if self.read_only:
            raise ReadOnlyDocumentError(f"{self.name} is open read-only; nothing was changed")
        depth = self._depth
        try:
            self.connection.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT s{depth}")
        except sqlite3.OperationalError as error:
            raise translate_operational_error(error) from None
        self._depth += 1
        try:
            yield
        except BaseException as error:
            self._depth = depth
            if self.connection.in_transaction:
                if depth == 0:
                    self.connection.execute("ROLLBACK")
                else:
                    self.connection.execute(f"ROLLBACK TO s{depth}")
                    self.connection.execute(f"RELEASE s{depth}")
            translated = translate_error(error)
            if translated is error:
                raise
            raise translated from None
        self._depth = depth
        try:
            self.connection.execute("COMMIT" if depth == 0 else f"RELEASE s{depth}")
        except sqlite3.OperationalError as error:
            if depth == 0 and self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
            raise translate_operational_error(error) from None

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        with _refusing_planted_sql():
            return self.connection.execute(sql, parameters)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> sqlite3.Cursor:
        with _refusing_planted_sql():
            return self.connection.executemany(sql, rows)

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows that can also be read by column name."""
        cursor = self.connection.cursor()
        cursor.row_factory = sqlite3.Row
        with _refusing_planted_sql():
            return cursor.execute(sql, parameters).fetchall()

    def one(self, sql: str, parameters: Sequence[Any], what: str) -> sqlite3.Row:
        """The first row, or NotFoundError naming `what`."""
        rows = self.rows(sql, parameters)
        if not rows:
            raise NotFoundError(f"{what} not found")
        return rows[0]

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        return self.execute(sql, parameters).fetchone()[0]

    def insert(self, sql: str, parameters: Sequence[Any]) -> int:
        """Run an INSERT; the new row's id."""
        row_id = self.execute(sql, parameters).lastrowid
        assert row_id is not None
        return row_id

    def close(self) -> None:
        self.connection.close()
