"""The store: the one class that owns a document's SQLite connection and every SQL statement."""

from __future__ import annotations

import getpass
import json
import logging
import os
import shutil
import sqlite3
import struct
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar
from urllib.parse import quote

from compdesk.models.dates import utc_now_text
from compdesk.models.errors import (
    CancelledError,
    DamagedDocumentError,
    DocumentError,
    DocumentInUseError,
    InputError,
    NewerDocumentError,
    NotADocumentError,
    NotFoundError,
    ReadOnlyDocumentError,
)
from compdesk.models.lock import WriterLock
from compdesk.models.records import (
    Action,
    ActionState,
    ActionStatus,
    ActionType,
    Attachment,
    CalendarActivity,
    ChangeLogEntry,
    Competency,
    Effectiveness,
    Evidence,
    EvidenceDates,
    EvidenceKind,
    Level,
    Person,
    PersonType,
    Role,
    Route,
    Settings,
)
from compdesk.models.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from hashlib import _Hash

log = logging.getLogger(__name__)

SQLITE_HEADER: Final = b"SQLite format 3\x00"
CHUNK_SIZE: Final = 1 << 20
# Large enough for a scanned certificate bundle or a recorded training; a bigger file is
# almost certainly a mistake (a video, a disk image) and would make the document unwieldy.
MAX_ATTACHMENT_BYTES: Final = 256 * 1024 * 1024
GENESIS_HASH: Final = "0" * 64

ProgressCallback = Callable[[int, int], None]
RecordT = TypeVar("RecordT")

# Friendly wording for constraint failures the user can cause.
_UNIQUE_MESSAGES: Final = {
    "roles.name": "a role with that name already exists",
    "competencies.name": "a competency with that name already exists",
    "people.email": "another person already has that email address",
}


def _text(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _translate_integrity_error(error: sqlite3.IntegrityError) -> InputError:
    message = str(error)
    for column, friendly in _UNIQUE_MESSAGES.items():
        if column in message:
            return InputError(friendly)
    if "CHECK constraint" in message:
        return InputError("a required value is empty or out of range")
    if "FOREIGN KEY" in message:
        return InputError("that record refers to something that no longer exists")
    return InputError(message)


def _translate_operational_error(error: sqlite3.OperationalError) -> DocumentError:
    message = str(error)
    if "disk is full" in message or "database or disk is full" in message:
        return DocumentError("the disk is full; nothing was changed")
    if "locked" in message or "busy" in message:
        return DocumentError("the document is in use by another program; nothing was changed")
    if "readonly" in message or "read-only" in message:
        return ReadOnlyDocumentError("the document is read-only; nothing was changed")
    raise error


def read_header_problem(path: Path) -> DocumentError | None:
    """Inspect a path without opening it as a database; return why it is unusable, if it is."""
    name = path.name or str(path)
    if not path.exists():
        return NotADocumentError(f"{name}: no such file")
    if path.is_dir():
        return NotADocumentError(f"{name} is a folder, not a compdesk document")
    if not path.is_file():
        return NotADocumentError(f"{name} is not a regular file")
    size = path.stat().st_size
    if size == 0:
        return NotADocumentError(f"{name} is empty (0 bytes), not a compdesk document")
    try:
        with path.open("rb") as stream:
            header = stream.read(100)
    except OSError as error:
        return NotADocumentError(f"{name} cannot be read: {error.strerror or error}")
    if not header.startswith(SQLITE_HEADER):
        return NotADocumentError(f"{name} is not a compdesk document (it is not a SQLite file)")
    if len(header) < 100:
        return DamagedDocumentError(f"{name} is truncated: only {size} bytes are left")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    if page_size < 512 or page_size & (page_size - 1):
        return DamagedDocumentError(f"{name} is damaged: its header is corrupt")
    expected = page_size * page_count
    if size % page_size or (valid_for == change_counter and page_count and size < expected):
        return DamagedDocumentError(
            f"{name} is truncated: it has {size} bytes where {max(expected, size)} were written"
        )
    return None


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def inspect_document(path: Path) -> int:
    """Refuse anything that is not an intact compdesk document this version can open.

    Reads only: the file is never modified. Returns the file's schema version.
    """
    problem = read_header_problem(path)
    if problem is not None:
        raise problem
    name = path.name
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        raise NotADocumentError(f"{name} cannot be opened: {error}") from None
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if application_id != APPLICATION_ID:
            raise NotADocumentError(
                f"{name} is a SQLite database of another application, not a compdesk document"
            )
        if version > SCHEMA_VERSION:
            raise NewerDocumentError(
                f"{name} was written by a newer compdesk (file format {version}); "
                f"this version reads formats up to {SCHEMA_VERSION}: please update compdesk"
            )
        if version < 1:
            raise DamagedDocumentError(f"{name} is damaged: it has no schema")
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise DamagedDocumentError(
                f"{name} is damaged: {len(problems)} problem(s) found in its pages "
                f"(first: {problems[0]})"
            )
    except sqlite3.DatabaseError as error:
        raise DamagedDocumentError(f"{name} is damaged: {error}") from None
    finally:
        connection.close()
    return int(version)


def _configure(connection: sqlite3.Connection, *, writable: bool) -> None:
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA busy_timeout = 3000")
    if writable:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA journal_mode = DELETE")


def migration_backup_path(path: Path, from_version: int) -> Path:
    return path.with_name(f"{path.name}.format{from_version}.bak")


def _migrate(connection: sqlite3.Connection, from_version: int) -> None:
    for number in range(from_version + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[number - 1]
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        log.info("migrated document to format %d", number)


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


class Store:
    """A compdesk document: every read and write of the file goes through here."""

    def __init__(
        self, connection: sqlite3.Connection, path: Path, *, read_only: bool, user: str
    ) -> None:
        self._connection = connection
        self.path = path
        self.read_only = read_only
        self.user = user
        self._depth = 0
        self._lock = threading.RLock()
        self._writer_lock: WriterLock | None = None
        self._log_suppressed = False

    # ---- opening and closing ------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, user: str | None = None) -> Store:
        """Create a new, empty document at `path`; refuse to overwrite anything."""
        path = Path(path)
        if path.exists():
            raise InputError(f"{path.name} already exists; choose another name")
        if not path.parent.is_dir():
            raise InputError(f"the folder {path.parent} does not exist")
        try:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as error:
            raise DocumentError(f"cannot create {path.name}: {error}") from None
        try:
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            _configure(connection, writable=True)
            _migrate(connection, 0)
        except sqlite3.Error as error:
            connection.close()
            path.unlink(missing_ok=True)
            raise DocumentError(f"cannot create {path.name}: {error}") from None
        store = cls(connection, path, read_only=False, user=user or _default_user())
        store._append_log(f"created document {path.name}")
        return store

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        user: str | None = None,
        exclusive: bool = False,
    ) -> Store:
        """Open an existing document, upgrading its format if it is older (after a backup).

        With `exclusive`, hold a writer's lock while open, and refuse with DocumentInUseError
        when another program already holds it (the window then offers read-only).
        """
        path = Path(path)
        version = inspect_document(path)
        if not read_only and not os.access(path, os.W_OK):
            read_only = True
        writer_lock = None
        if exclusive and not read_only:
            writer_lock = WriterLock.try_acquire(path)
            if writer_lock is None:
                raise DocumentInUseError(
                    f"{path.name} is already open for editing in another compdesk window"
                )
        try:
            store = cls._open_checked(path, version, read_only=read_only, user=user)
        except BaseException:
            if writer_lock is not None:
                writer_lock.release()
            raise
        store._writer_lock = writer_lock
        return store

    @classmethod
    def _open_checked(
        cls, path: Path, version: int, *, read_only: bool, user: str | None
    ) -> Store:
        if read_only:
            if version < SCHEMA_VERSION:
                raise DocumentError(
                    f"{path.name} uses an older file format and must be upgraded, "
                    "which needs it to be writable"
                )
            connection = sqlite3.connect(
                _read_only_uri(path), uri=True, isolation_level=None, check_same_thread=False
            )
            _configure(connection, writable=False)
            return cls(connection, path, read_only=True, user=user or _default_user())
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            _configure(connection, writable=True)
            if version < SCHEMA_VERSION:
                shutil.copy2(path, migration_backup_path(path, version))
                _migrate(connection, version)
        except sqlite3.OperationalError as error:
            connection.close()
            raise _translate_operational_error(error) from None
        except OSError as error:
            connection.close()
            raise DocumentError(f"cannot back up {path.name} before upgrading: {error}") from None
        store = cls(connection, path, read_only=False, user=user or _default_user())
        if version < SCHEMA_VERSION:
            store._append_log(f"upgraded file format {version} to {SCHEMA_VERSION}")
        # Trash left by a session that crashed: nothing can undo into it any more.
        store.purge_trash()
        return store

    def close(self) -> None:
        if not self.read_only:
            try:
                self.purge_trash()
            except DocumentError:
                log.exception("could not purge the trash on close")
        self._connection.close()
        if self._writer_lock is not None:
            self._writer_lock.release()
            self._writer_lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- transactions -----------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls become savepoints. An exception rolls back."""
        if self.read_only:
            raise ReadOnlyDocumentError(f"{self.path.name} is open read-only; nothing was changed")
        with self._lock:
            depth = self._depth
            try:
                self._connection.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT s{depth}")
            except sqlite3.OperationalError as error:
                raise _translate_operational_error(error) from None
            self._depth += 1
            try:
                yield
            except BaseException as error:
                self._depth = depth
                if depth == 0:
                    self._connection.execute("ROLLBACK")
                else:
                    self._connection.execute(f"ROLLBACK TO s{depth}")
                    self._connection.execute(f"RELEASE s{depth}")
                if isinstance(error, sqlite3.IntegrityError):
                    raise _translate_integrity_error(error) from None
                if isinstance(error, sqlite3.OperationalError):
                    raise _translate_operational_error(error) from None
                raise
            self._depth = depth
            try:
                self._connection.execute("COMMIT" if depth == 0 else f"RELEASE s{depth}")
            except sqlite3.OperationalError as error:
                if depth == 0 and self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise _translate_operational_error(error) from None

    def _execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self._connection.execute(sql, parameters)

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        cursor = self._connection.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, parameters).fetchall()

    def _one(self, sql: str, parameters: Sequence[Any], what: str) -> sqlite3.Row:
        rows = self._rows(sql, parameters)
        if not rows:
            raise NotFoundError(f"{what} not found")
        return rows[0]

    # ---- change log -------------------------------------------------------------------

    @contextmanager
    def logged_as(self, what: str) -> Iterator[None]:
        """One transaction whose edits are recorded as one change-log entry (bulk work)."""
        with self.transaction():
            outer, self._log_suppressed = self._log_suppressed, True
            try:
                yield
            finally:
                self._log_suppressed = outer
            self._append_log(what)

    def _append_log(self, what: str) -> None:
        if self._log_suppressed:
            return
        with self.transaction():
            row = self._execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
            previous = row[0] if row else GENESIS_HASH
            at = utc_now_text()
            digest = change_log_hash(previous, at, self.user, what)
            self._execute(
                "INSERT INTO change_log (at, who, what, previous_hash, hash) VALUES (?, ?, ?, ?, ?)",
                (at, self.user, what, previous, digest),
            )

    def change_log(self) -> list[ChangeLogEntry]:
        return [
            ChangeLogEntry(r["id"], r["at"], r["who"], r["what"], r["previous_hash"], r["hash"])
            for r in self._rows("SELECT * FROM change_log ORDER BY id")
        ]

    # ---- settings -----------------------------------------------------------------------

    def settings(self) -> Settings:
        stored = dict(self._execute("SELECT key, value FROM settings").fetchall())
        values: dict[str, Any] = {}
        for setting in fields(Settings):
            if setting.name in stored:
                kind = type(getattr(Settings(), setting.name))
                values[setting.name] = kind(stored[setting.name])
        return Settings(**values)

    def update_settings(self, settings: Settings) -> None:
        with self.transaction():
            for setting in fields(Settings):
                self._execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (setting.name, str(getattr(settings, setting.name))),
                )
            self._append_log("changed the document settings")

    # ---- roles ------------------------------------------------------------------------

    @staticmethod
    def _role(row: sqlite3.Row) -> Role:
        return Role(
            id=row["id"],
            name=row["name"],
            description=row["description"],
            responsibilities=row["responsibilities"],
            owner=row["owner"],
            last_reviewed=_date(row["last_reviewed"]),
            review_interval_months=row["review_interval_months"],
        )

    def roles(self) -> list[Role]:
        return [self._role(r) for r in self._rows("SELECT * FROM roles ORDER BY name")]

    def role(self, role_id: int) -> Role:
        return self._role(self._one("SELECT * FROM roles WHERE id = ?", (role_id,), "role"))

    def role_by_name(self, name: str) -> Role:
        row = self._one("SELECT * FROM roles WHERE name = ?", (name.strip(),), f"role {name!r}")
        return self._role(row)

    def add_role(self, name: str, **values: Any) -> Role:
        role = replace(Role(id=0, name=name.strip()), **values)
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO roles (name, description, responsibilities, owner, last_reviewed,"
                " review_interval_months) VALUES (?, ?, ?, ?, ?, ?)",
                self._role_values(role),
            )
            self._append_log(f"added role {role.name}")
        return replace(role, id=_last_id(cursor))

    @staticmethod
    def _role_values(role: Role) -> tuple[Any, ...]:
        return (
            role.name.strip(),
            role.description,
            role.responsibilities,
            role.owner,
            _text(role.last_reviewed),
            role.review_interval_months,
        )

    def update_role(self, role: Role) -> Role:
        with self.transaction():
            before = self.role(role.id)
            self._execute(
                "UPDATE roles SET name = ?, description = ?, responsibilities = ?, owner = ?,"
                " last_reviewed = ?, review_interval_months = ? WHERE id = ?",
                (*self._role_values(role), role.id),
            )
            self._append_log(f"changed role {_renamed(before.name, role.name)}")
        return self.role(role.id)

    def delete_role(self, role_id: int, *, keep_for_undo: bool = False) -> int | None:
        role = self.role(role_id)
        return self._delete(
            f"deleted role {role.name}",
            [
                ("roles", "id = ?", (role_id,)),
                ("requirements", "role_id = ?", (role_id,)),
                ("person_roles", "role_id = ?", (role_id,)),
            ],
            keep_for_undo,
        )

    # ---- competencies ---------------------------------------------------------------------

    @staticmethod
    def _competency(row: sqlite3.Row) -> Competency:
        kinds = tuple(EvidenceKind(k) for k in row["accepted_kinds"].split("|") if k)
        return Competency(
            id=row["id"],
            name=row["name"],
            level=Level(row["level"]),
            renewal_months=row["renewal_months"],
            description=row["description"],
            accepted_kinds=kinds,
            last_reviewed=_date(row["last_reviewed"]),
        )

    _LEVEL_ORDER: Final = (
        "CASE level WHEN 'basic' THEN 0 WHEN 'role-specific' THEN 1 ELSE 2 END, name"
    )

    def competencies(self) -> list[Competency]:
        """All competencies, grouped by level (basic first), then by name."""
        sql = f"SELECT * FROM competencies ORDER BY {self._LEVEL_ORDER}"
        return [self._competency(r) for r in self._rows(sql)]

    def competency(self, competency_id: int) -> Competency:
        row = self._one("SELECT * FROM competencies WHERE id = ?", (competency_id,), "competency")
        return self._competency(row)

    def competency_by_name(self, name: str) -> Competency:
        row = self._one(
            "SELECT * FROM competencies WHERE name = ?", (name.strip(),), f"competency {name!r}"
        )
        return self._competency(row)

    @staticmethod
    def _competency_values(competency: Competency) -> tuple[Any, ...]:
        return (
            competency.name.strip(),
            competency.level.value,
            competency.renewal_months,
            competency.description,
            "|".join(kind.value for kind in competency.accepted_kinds),
            _text(competency.last_reviewed),
        )

    def add_competency(self, name: str, **values: Any) -> Competency:
        competency = replace(Competency(id=0, name=name.strip()), **values)
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO competencies (name, level, renewal_months, description,"
                " accepted_kinds, last_reviewed) VALUES (?, ?, ?, ?, ?, ?)",
                self._competency_values(competency),
            )
            self._append_log(f"added competency {competency.name}")
        return replace(competency, id=_last_id(cursor))

    def update_competency(self, competency: Competency) -> Competency:
        with self.transaction():
            before = self.competency(competency.id)
            self._execute(
                "UPDATE competencies SET name = ?, level = ?, renewal_months = ?,"
                " description = ?, accepted_kinds = ?, last_reviewed = ? WHERE id = ?",
                (*self._competency_values(competency), competency.id),
            )
            self._append_log(f"changed competency {_renamed(before.name, competency.name)}")
        return self.competency(competency.id)

    def delete_competency(self, competency_id: int, *, keep_for_undo: bool = False) -> int | None:
        competency = self.competency(competency_id)
        evidence_ids = "SELECT id FROM evidence WHERE competency_id = ?"
        session_ids = "SELECT id FROM training_sessions WHERE competency_id = ?"
        return self._delete(
            f"deleted competency {competency.name}",
            [
                ("competencies", "id = ?", (competency_id,)),
                ("requirements", "competency_id = ?", (competency_id,)),
                ("evidence", "competency_id = ?", (competency_id,)),
                ("attachments", f"evidence_id IN ({evidence_ids})", (competency_id,)),
                ("actions", "competency_id = ?", (competency_id,)),
                ("training_sessions", "competency_id = ?", (competency_id,)),
                ("training_attendees", f"session_id IN ({session_ids})", (competency_id,)),
            ],
            keep_for_undo,
        )

    # ---- requirements ---------------------------------------------------------------------

    def requirements(self) -> set[tuple[int, int]]:
        """Every (role id, competency id) pair that the role requires."""
        return set(self._execute("SELECT role_id, competency_id FROM requirements").fetchall())

    def set_requirement(self, role_id: int, competency_id: int, required: bool) -> None:
        role, competency = self.role(role_id), self.competency(competency_id)
        with self.transaction():
            if required:
                cursor = self._execute(
                    "INSERT OR IGNORE INTO requirements (role_id, competency_id) VALUES (?, ?)",
                    (role_id, competency_id),
                )
                verb = "now requires"
            else:
                cursor = self._execute(
                    "DELETE FROM requirements WHERE role_id = ? AND competency_id = ?",
                    (role_id, competency_id),
                )
                verb = "no longer requires"
            if cursor.rowcount:
                self._append_log(f"role {role.name} {verb} {competency.name}")

    # ---- people ---------------------------------------------------------------------------

    def _person_roles(self, person_id: int | None = None) -> dict[int, tuple[int, ...]]:
        sql = "SELECT person_id, role_id FROM person_roles"
        rows = self._execute(
            sql + (" WHERE person_id = ?" if person_id is not None else "") + " ORDER BY role_id",
            (person_id,) if person_id is not None else (),
        ).fetchall()
        grouped: dict[int, list[int]] = {}
        for owner, role_id in rows:
            grouped.setdefault(owner, []).append(role_id)
        return {owner: tuple(ids) for owner, ids in grouped.items()}

    _PERSON_COLUMNS: Final = "id, name, email, type, job_title, start_date, end_date, notes"

    @staticmethod
    def _person(row: Sequence[Any], role_ids: tuple[int, ...]) -> Person:
        """A person from a row of _PERSON_COLUMNS (read by position: people() reads many)."""
        person_id, name, email, kind, job_title, start_date, end_date, notes = row
        return Person(
            id=person_id,
            name=name,
            email=email,
            type=PersonType(kind),
            job_title=job_title,
            start_date=_date(start_date),
            end_date=_date(end_date),
            notes=notes,
            role_ids=role_ids,
        )

    def people(self) -> list[Person]:
        """Everyone, in alphabetical order (Ólafur with the Os, not after Zoë)."""
        roles = self._person_roles()
        sql = f"SELECT {self._PERSON_COLUMNS} FROM people ORDER BY id"
        people = [self._person(row, roles.get(row[0], ())) for row in self._execute(sql)]
        return sorted(people, key=lambda person: _alphabetical_key(person.name))

    def person(self, person_id: int) -> Person:
        sql = f"SELECT {self._PERSON_COLUMNS} FROM people WHERE id = ?"
        row = self._one(sql, (person_id,), "person")
        return self._person(row, self._person_roles(person_id).get(person_id, ()))

    def person_by_email(self, email: str) -> Person:
        sql = f"SELECT {self._PERSON_COLUMNS} FROM people WHERE email = ?"
        row = self._one(sql, (email.strip(),), f"person {email!r}")
        return self._person(row, self._person_roles(row["id"]).get(row["id"], ()))

    @staticmethod
    def _person_values(person: Person) -> tuple[Any, ...]:
        if person.start_date and person.end_date and person.end_date < person.start_date:
            raise InputError(f"{person.name}: the end date is before the start date")
        return (
            person.name.strip(),
            person.email.strip(),
            person.type.value,
            person.job_title,
            _text(person.start_date),
            _text(person.end_date),
            person.notes,
        )

    def _write_person_roles(self, person_id: int, role_ids: Iterable[int]) -> None:
        self._execute("DELETE FROM person_roles WHERE person_id = ?", (person_id,))
        self._connection.executemany(
            "INSERT OR IGNORE INTO person_roles (person_id, role_id) VALUES (?, ?)",
            [(person_id, role_id) for role_id in role_ids],
        )

    def add_person(self, name: str, email: str, **values: Any) -> Person:
        person = replace(Person(id=0, name=name.strip(), email=email.strip()), **values)
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO people (name, email, type, job_title, start_date, end_date, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                self._person_values(person),
            )
            person_id = _last_id(cursor)
            self._write_person_roles(person_id, person.role_ids)
            self._append_log(f"added person {person.name} <{person.email}>")
        return self.person(person_id)

    def import_people(self, people: Sequence[Person], *, source: str = "") -> list[Person]:
        """Add many people in one transaction: one refused person leaves the document as it was.

        Only adds: an email already in the document (ignoring case) is refused by name.
        """
        with self.transaction():
            added: list[int] = []
            for person in people:
                row = self._execute(
                    "SELECT name FROM people WHERE email = ?", (person.email.strip(),)
                ).fetchone()
                if row is not None:
                    raise InputError(f"{person.email} is already in the document ({row[0]})")
                person_id = self.add_person(person.name, person.email, **_person_fields(person)).id
                added.append(person_id)
            if source:
                self._append_log(f"imported {len(added)} people from {source}")
        return [self.person(person_id) for person_id in added]

    def update_person(self, person: Person) -> Person:
        with self.transaction():
            before = self.person(person.id)
            self._execute(
                "UPDATE people SET name = ?, email = ?, type = ?, job_title = ?, start_date = ?,"
                " end_date = ?, notes = ? WHERE id = ?",
                (*self._person_values(person), person.id),
            )
            self._write_person_roles(person.id, person.role_ids)
            self._append_log(f"changed person {_renamed(before.name, person.name)}")
        return self.person(person.id)

    def delete_person(self, person_id: int, *, keep_for_undo: bool = False) -> int | None:
        person = self.person(person_id)
        evidence_ids = "SELECT id FROM evidence WHERE person_id = ?"
        return self._delete(
            f"deleted person {person.name} <{person.email}>",
            [
                ("people", "id = ?", (person_id,)),
                ("person_roles", "person_id = ?", (person_id,)),
                ("evidence", "person_id = ?", (person_id,)),
                ("attachments", f"evidence_id IN ({evidence_ids})", (person_id,)),
                ("actions", "person_id = ?", (person_id,)),
                ("training_attendees", "person_id = ?", (person_id,)),
            ],
            keep_for_undo,
        )

    # ---- evidence -------------------------------------------------------------------------

    def _attachments_by_evidence(self, evidence_id: int | None = None) -> dict[int, list[Attachment]]:
        sql = (
            "SELECT a.id, a.evidence_id, a.file_name, b.sha256, b.size"
            " FROM attachments a JOIN blobs b ON b.id = a.blob_id"
        )
        parameters: tuple[Any, ...] = ()
        if evidence_id is not None:
            sql += " WHERE a.evidence_id = ?"
            parameters = (evidence_id,)
        grouped: dict[int, list[Attachment]] = {}
        for row in self._execute(sql + " ORDER BY a.id", parameters):
            grouped.setdefault(row[1], []).append(Attachment(*row))
        return grouped

    @staticmethod
    def _evidence(row: sqlite3.Row, attachments: Iterable[Attachment]) -> Evidence:
        return Evidence(
            id=row["id"],
            person_id=row["person_id"],
            competency_id=row["competency_id"],
            kind=EvidenceKind(row["kind"]),
            route=Route(row["route"]),
            title=row["title"],
            issuer=row["issuer"],
            achieved_on=_date(row["achieved_on"]),
            expires_on=_date(row["expires_on"]),
            score=row["score"],
            verified_by=row["verified_by"],
            verified_on=_date(row["verified_on"]),
            notes=row["notes"],
            attachments=tuple(attachments),
        )

    def evidence_list(
        self, *, person_id: int | None = None, competency_id: int | None = None
    ) -> list[Evidence]:
        """Evidence records with their attachments, newest achievement first."""
        conditions, parameters = [], []
        if person_id is not None:
            conditions.append("person_id = ?")
            parameters.append(person_id)
        if competency_id is not None:
            conditions.append("competency_id = ?")
            parameters.append(competency_id)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        rows = self._rows(
            f"SELECT * FROM evidence{where} ORDER BY achieved_on DESC, id DESC", parameters
        )
        attachments = self._attachments_by_evidence() if rows else {}
        return [self._evidence(r, attachments.get(r["id"], ())) for r in rows]

    def evidence_dates(self) -> list[EvidenceDates]:
        """Every evidence record's dates, without the rest: the gap engine's bulk input."""
        parse = date.fromisoformat
        return [
            (
                evidence_id,
                person_id,
                competency_id,
                parse(achieved_on) if achieved_on else None,
                parse(expires_on) if expires_on else None,
            )
            for evidence_id, person_id, competency_id, achieved_on, expires_on in self._execute(
                "SELECT id, person_id, competency_id, achieved_on, expires_on FROM evidence"
            )
        ]

    def evidence(self, evidence_id: int) -> Evidence:
        row = self._one("SELECT * FROM evidence WHERE id = ?", (evidence_id,), "evidence")
        return self._evidence(row, self._attachments_by_evidence(evidence_id).get(evidence_id, ()))

    @staticmethod
    def _evidence_values(evidence: Evidence) -> tuple[Any, ...]:
        if evidence.achieved_on and evidence.expires_on and evidence.expires_on < evidence.achieved_on:
            raise InputError("the expiry date is before the date the evidence was achieved")
        return (
            evidence.person_id,
            evidence.competency_id,
            evidence.kind.value,
            evidence.route.value,
            evidence.title,
            evidence.issuer,
            _text(evidence.achieved_on),
            _text(evidence.expires_on),
            evidence.score,
            evidence.verified_by,
            _text(evidence.verified_on),
            evidence.notes,
        )

    def _evidence_label(self, evidence: Evidence) -> str:
        person, competency = self.person(evidence.person_id), self.competency(evidence.competency_id)
        return f"{evidence.kind.value} for {person.name}, {competency.name}"

    def add_evidence(
        self,
        person_id: int,
        competency_id: int,
        kind: EvidenceKind,
        route: Route,
        **values: Any,
    ) -> Evidence:
        evidence = replace(
            Evidence(id=0, person_id=person_id, competency_id=competency_id, kind=kind, route=route),
            **values,
        )
        with self.transaction():
            label = self._evidence_label(evidence)
            cursor = self._execute(
                "INSERT INTO evidence (person_id, competency_id, kind, route, title, issuer,"
                " achieved_on, expires_on, score, verified_by, verified_on, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._evidence_values(evidence),
            )
            self._append_log(f"added {label}")
        return self.evidence(_last_id(cursor))

    def update_evidence(self, evidence: Evidence) -> Evidence:
        with self.transaction():
            self.evidence(evidence.id)
            self._execute(
                "UPDATE evidence SET person_id = ?, competency_id = ?, kind = ?, route = ?,"
                " title = ?, issuer = ?, achieved_on = ?, expires_on = ?, score = ?,"
                " verified_by = ?, verified_on = ?, notes = ? WHERE id = ?",
                (*self._evidence_values(evidence), evidence.id),
            )
            self._append_log(f"changed {self._evidence_label(evidence)}")
        return self.evidence(evidence.id)

    def delete_evidence(self, evidence_id: int, *, keep_for_undo: bool = False) -> int | None:
        label = self._evidence_label(self.evidence(evidence_id))
        return self._delete(
            f"deleted {label}",
            [
                ("evidence", "id = ?", (evidence_id,)),
                ("attachments", "evidence_id = ?", (evidence_id,)),
            ],
            keep_for_undo,
        )

    # ---- attachments ----------------------------------------------------------------------

    def attachment(self, attachment_id: int) -> Attachment:
        row = self._one(
            "SELECT a.id, a.evidence_id, a.file_name, b.sha256, b.size"
            " FROM attachments a JOIN blobs b ON b.id = a.blob_id WHERE a.id = ?",
            (attachment_id,),
            "attachment",
        )
        return Attachment(*row)

    def attach_file(
        self,
        evidence_id: int,
        source: Path | str,
        file_name: str | None = None,
        *,
        report_progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Attachment:
        """Attach a file to evidence, streaming it in chunks; identical bytes are stored once."""
        source = Path(source)
        name = (file_name or source.name).strip()
        if not source.is_file():
            raise InputError(f"{source.name}: no such file")
        size = source.stat().st_size
        _check_attachment_size(name, size)
        total = 2 * size

        def chunks(offset: int) -> Iterator[bytes]:
            done = 0
            try:
                with source.open("rb") as stream:
                    while chunk := stream.read(CHUNK_SIZE):
                        if cancel is not None and cancel.is_set():
                            raise CancelledError("adding the attachment was cancelled")
                        done += len(chunk)
                        if report_progress is not None:
                            report_progress(offset + done, total)
                        yield chunk
            except OSError as error:
                raise InputError(f"{name} cannot be read: {error.strerror or error}") from None

        digest = _sha256()
        for chunk in chunks(0):
            digest.update(chunk)
        return self._attach(evidence_id, name, size, digest.hexdigest(), lambda: chunks(size))

    def attach_bytes(self, evidence_id: int, file_name: str, data: bytes) -> Attachment:
        """Attach a small in-memory file (generated documents, tests)."""
        _check_attachment_size(file_name, len(data))
        return self._attach(
            evidence_id,
            file_name.strip(),
            len(data),
            _sha256(data).hexdigest(),
            lambda: iter([data[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)]),
        )

    def _attach(
        self,
        evidence_id: int,
        file_name: str,
        size: int,
        sha256: str,
        chunks: Callable[[], Iterator[bytes]],
    ) -> Attachment:
        with self.transaction():
            evidence = self.evidence(evidence_id)
            row = self._execute("SELECT id FROM blobs WHERE sha256 = ?", (sha256,)).fetchone()
            if row is not None:
                blob_id = row[0]
            else:
                cursor = self._execute(
                    "INSERT INTO blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                    (sha256, size, size),
                )
                blob_id = _last_id(cursor)
                self._write_blob(blob_id, size, sha256, chunks())
            cursor = self._execute(
                "INSERT INTO attachments (evidence_id, blob_id, file_name) VALUES (?, ?, ?)",
                (evidence_id, blob_id, file_name),
            )
            self._append_log(f"attached {file_name} to {self._evidence_label(evidence)}")
        return self.attachment(_last_id(cursor))

    def _write_blob(self, blob_id: int, size: int, sha256: str, chunks: Iterator[bytes]) -> None:
        digest, written = _sha256(), 0
        with self._connection.blobopen("blobs", "data", blob_id) as blob:
            for chunk in chunks:
                if written + len(chunk) > size:
                    raise InputError("the file changed while it was being attached")
                blob.write(chunk)
                digest.update(chunk)
                written += len(chunk)
        if written != size or digest.hexdigest() != sha256:
            raise InputError("the file changed while it was being attached")

    def _blob_id(self, attachment_id: int) -> int:
        row = self._one(
            "SELECT blob_id FROM attachments WHERE id = ?", (attachment_id,), "attachment"
        )
        return int(row[0])

    def read_blob(self, blob_id: int) -> Iterator[bytes]:
        """The stored bytes of one blob, chunk by chunk."""
        with self._connection.blobopen("blobs", "data", blob_id, readonly=True) as blob:
            while chunk := blob.read(CHUNK_SIZE):
                yield chunk

    def read_attachment(self, attachment_id: int) -> Iterator[bytes]:
        return self.read_blob(self._blob_id(attachment_id))

    def attachment_bytes(self, attachment_id: int) -> bytes:
        """A whole attachment in memory: only for small files (previews, tests)."""
        return b"".join(self.read_attachment(attachment_id))

    def export_attachment(self, attachment_id: int, destination: Path | str) -> Path:
        destination = Path(destination)
        partial = destination.with_name(destination.name + ".part")
        try:
            with partial.open("wb") as stream:
                for chunk in self.read_attachment(attachment_id):
                    stream.write(chunk)
            partial.replace(destination)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise InputError(f"cannot write {destination.name}: {error.strerror or error}") from None
        return destination

    def remove_attachment(self, attachment_id: int, *, keep_for_undo: bool = False) -> int | None:
        attachment = self.attachment(attachment_id)
        return self._delete(
            f"removed attachment {attachment.file_name}",
            [("attachments", "id = ?", (attachment_id,))],
            keep_for_undo,
        )

    def blobs(self) -> list[tuple[int, str, int]]:
        """(id, sha256, size) of every stored file."""
        return [tuple(r) for r in self._execute("SELECT id, sha256, size FROM blobs ORDER BY id")]

    def blob_length(self, blob_id: int) -> int:
        row = self._one("SELECT length(data) FROM blobs WHERE id = ?", (blob_id,), "stored file")
        return int(row[0])

    # ---- actions --------------------------------------------------------------------------

    @staticmethod
    def _action(row: sqlite3.Row) -> Action:
        return Action(
            id=row["id"],
            person_id=row["person_id"],
            competency_id=row["competency_id"],
            type=ActionType(row["type"]),
            description=row["description"],
            owner=row["owner"],
            due_date=_date(row["due_date"]),
            status=ActionStatus(row["status"]),
            completed_on=_date(row["completed_on"]),
            effectiveness=Effectiveness(row["effectiveness"]),
            evaluation=row["evaluation"],
            evaluated_on=_date(row["evaluated_on"]),
        )

    def actions(
        self, *, person_id: int | None = None, competency_id: int | None = None
    ) -> list[Action]:
        conditions, parameters = [], []
        if person_id is not None:
            conditions.append("person_id = ?")
            parameters.append(person_id)
        if competency_id is not None:
            conditions.append("competency_id = ?")
            parameters.append(competency_id)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT * FROM actions{where} ORDER BY due_date IS NULL, due_date, id"
        return [self._action(r) for r in self._rows(sql, parameters)]

    def action_states(self) -> list[ActionState]:
        """Every action's status and evaluation, without the rest: the gap engine's bulk input."""
        statuses = {status.value: status for status in ActionStatus}
        results = {result.value: result for result in Effectiveness}
        return [
            ActionState(row[0], row[1], row[2], statuses[row[3]], results[row[4]])
            for row in self._execute(
                "SELECT id, person_id, competency_id, status, effectiveness FROM actions"
            )
        ]

    def action(self, action_id: int) -> Action:
        return self._action(self._one("SELECT * FROM actions WHERE id = ?", (action_id,), "action"))

    @staticmethod
    def _action_values(action: Action) -> tuple[Any, ...]:
        return (
            action.person_id,
            action.competency_id,
            action.type.value,
            action.description,
            action.owner,
            _text(action.due_date),
            action.status.value,
            _text(action.completed_on),
            action.effectiveness.value,
            action.evaluation,
            _text(action.evaluated_on),
        )

    def _action_label(self, action: Action) -> str:
        person, competency = self.person(action.person_id), self.competency(action.competency_id)
        return f"{action.type.value} action for {person.name}, {competency.name}"

    def add_action(
        self, person_id: int, competency_id: int, type: ActionType, **values: Any
    ) -> Action:
        action = replace(
            Action(id=0, person_id=person_id, competency_id=competency_id, type=type), **values
        )
        with self.transaction():
            label = self._action_label(action)
            cursor = self._execute(
                "INSERT INTO actions (person_id, competency_id, type, description, owner,"
                " due_date, status, completed_on, effectiveness, evaluation, evaluated_on)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._action_values(action),
            )
            self._append_log(f"planned {label}")
        return self.action(_last_id(cursor))

    def update_action(self, action: Action) -> Action:
        with self.transaction():
            self.action(action.id)
            self._execute(
                "UPDATE actions SET person_id = ?, competency_id = ?, type = ?, description = ?,"
                " owner = ?, due_date = ?, status = ?, completed_on = ?, effectiveness = ?,"
                " evaluation = ?, evaluated_on = ? WHERE id = ?",
                (*self._action_values(action), action.id),
            )
            self._append_log(f"changed {self._action_label(action)}")
        return self.action(action.id)

    def delete_action(self, action_id: int, *, keep_for_undo: bool = False) -> int | None:
        label = self._action_label(self.action(action_id))
        return self._delete(
            f"deleted {label}", [("actions", "id = ?", (action_id,))], keep_for_undo
        )

    # ---- calendar -------------------------------------------------------------------------

    def calendar(self) -> list[CalendarActivity]:
        return [
            CalendarActivity(r["id"], r["month"], r["activity"], r["owner"], r["target"], r["status"])
            for r in self._rows("SELECT * FROM calendar ORDER BY month, id")
        ]

    def add_calendar_activity(
        self, month: int, activity: str, owner: str = "", target: str = ""
    ) -> CalendarActivity:
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO calendar (month, activity, owner, target) VALUES (?, ?, ?, ?)",
                (month, activity.strip(), owner, target),
            )
            self._append_log(f"added calendar activity {activity.strip()}")
        return CalendarActivity(_last_id(cursor), month, activity.strip(), owner, target)

    # ---- deletion, trash and undo ---------------------------------------------------------

    def _delete(
        self,
        what: str,
        targets: list[tuple[str, str, tuple[Any, ...]]],
        keep_for_undo: bool,
    ) -> int | None:
        """Delete rows (parents first in `targets`); optionally keep them in the trash.

        Returns the trash id that `restore` takes, when the rows were kept.
        """
        with self.transaction():
            snapshot = [
                (table, [dict(r) for r in self._rows(f"SELECT * FROM {table} WHERE {where}", args)])
                for table, where, args in targets
            ]
            blob_ids = {
                row["blob_id"] for table, rows in snapshot if table == "attachments" for row in rows
            }
            trash_id = None
            if keep_for_undo:
                cursor = self._execute(
                    "INSERT INTO trash (deleted_at, what, payload) VALUES (?, ?, ?)",
                    (utc_now_text(), what, json.dumps(snapshot)),
                )
                trash_id = _last_id(cursor)
                self._connection.executemany(
                    "INSERT INTO trash_blobs (trash_id, blob_id) VALUES (?, ?)",
                    [(trash_id, blob_id) for blob_id in blob_ids],
                )
            # Children first, so that no foreign key is violated on the way.
            for table, where, args in reversed(targets):
                self._execute(f"DELETE FROM {table} WHERE {where}", args)
            self._delete_orphaned_blobs(blob_ids)
            self._append_log(what)
        return trash_id

    def restore(self, trash_id: int) -> None:
        """Put back what a deletion kept for undo, with the same ids."""
        with self.transaction():
            row = self._one("SELECT what, payload FROM trash WHERE id = ?", (trash_id,), "trash")
            snapshot: list[tuple[str, list[dict[str, Any]]]] = json.loads(row["payload"])
            for table, rows in snapshot:
                for values in rows:
                    columns = ", ".join(values)
                    marks = ", ".join("?" for _ in values)
                    self._execute(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
                    )
            self._execute("DELETE FROM trash WHERE id = ?", (trash_id,))
            self._append_log(f"undid: {row['what']}")

    def purge_trash(self, trash_ids: Iterable[int] | None = None) -> None:
        """Forget deletions kept for undo, so that deleted bytes are really gone."""
        if self.read_only:
            return
        with self.transaction():
            if trash_ids is None:
                chosen = [r[0] for r in self._execute("SELECT id FROM trash")]
            else:
                chosen = list(trash_ids)
            if not chosen:
                return
            marks = ", ".join("?" for _ in chosen)
            blob_ids = {
                r[0]
                for r in self._execute(
                    f"SELECT blob_id FROM trash_blobs WHERE trash_id IN ({marks})", chosen
                )
            }
            self._execute(f"DELETE FROM trash WHERE id IN ({marks})", chosen)
            self._delete_orphaned_blobs(blob_ids)

    def _delete_orphaned_blobs(self, blob_ids: Iterable[int]) -> None:
        for blob_id in blob_ids:
            self._execute(
                "DELETE FROM blobs WHERE id = ?"
                " AND NOT EXISTS (SELECT 1 FROM attachments WHERE blob_id = blobs.id)"
                " AND NOT EXISTS (SELECT 1 FROM trash_blobs WHERE blob_id = blobs.id)",
                (blob_id,),
            )

    # ---- whole-document reads -------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """What SQLite's own full check finds wrong (empty when the file is sound)."""
        try:
            problems = [r[0] for r in self._execute("PRAGMA integrity_check")]
            problems += [
                f"row {r[1]} of {r[0]} refers to a missing {r[2]} row"
                for r in self._execute("PRAGMA foreign_key_check")
            ]
        except sqlite3.DatabaseError as error:
            return [str(error)]
        return [] if problems == ["ok"] else [p for p in problems if p != "ok"]

    def schema_version(self) -> int:
        return int(self._execute("PRAGMA user_version").fetchone()[0])

    def counts(self) -> dict[str, int]:
        """Rows per table of the competence record, for summaries."""
        tables = ("roles", "competencies", "people", "evidence", "attachments", "actions", "blobs")
        return {t: self._execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def select_all_evidence_and_requirements(self) -> int:
        """A plain read of every evidence and requirement row: the baseline the matrix is timed against."""
        rows = self._execute("SELECT * FROM evidence").fetchall()
        rows += self._execute("SELECT * FROM requirements").fetchall()
        return len(rows)


def _alphabetical_key(text: str) -> str:
    """Sort accented letters with their base letter, ignoring case."""
    if text.isascii():
        # Nothing to decompose: the same key, without the per-character pass.
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _last_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _renamed(before: str, after: str) -> str:
    return before if before == after.strip() else f"{before} (now {after.strip()})"


def _check_attachment_size(name: str, size: int) -> None:
    if size == 0:
        raise InputError(f"{name} is empty (0 bytes); there is nothing to keep as evidence")
    if size > MAX_ATTACHMENT_BYTES:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.0f} MB; attachments can be at most "
            f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB"
        )


def change_log_hash(previous_hash: str, at: str, who: str, what: str) -> str:
    return _sha256("\n".join((previous_hash, at, who, what)).encode()).hexdigest()


def _sha256(data: bytes = b"") -> _Hash:
    # hashlib loads OpenSSL (about 2 ms): imported on the first edit or attachment, not while
    # the window starts and opens a document.
    import hashlib

    return hashlib.sha256(data)


def _person_fields(person: Person) -> dict[str, Any]:
    """A person's values other than id, name and email, as `add_person` takes them."""
    return {
        f.name: getattr(person, f.name)
        for f in fields(Person)
        if f.name not in ("id", "name", "email")
    }
