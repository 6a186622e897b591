"""Opening a document: header checks, creation, migrations with their backup copy, the writer lock."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentError,
    DocumentInUseError,
    InputError,
    NewerDocumentError,
    NotADocumentError,
)
from compdesk.storage.connection import (
    configure,
    connect,
    raw_connection,
    read_only_uri,
    translate_operational_error,
)
from compdesk.storage.lock import WriterLock
from compdesk.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

SQLITE_HEADER: Final = b"SQLite format 3\x00"


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


def inspect_document(path: Path) -> int:
    """Refuse anything that is not an intact compdesk document this version can open.

    Reads only: the file is never modified. Returns the file's schema version.
    """
    problem = read_header_problem(path)
    if problem is not None:
        raise problem
    name = path.name
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
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


def migration_backup_path(path: Path, from_version: int) -> Path:
    return path.with_name(f"{path.name}.format{from_version}.bak")


def migrate(connection: sqlite3.Connection, from_version: int) -> None:
    """Apply the migrations after `from_version`, each in one transaction with its number."""
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


def create_file(path: Path) -> sqlite3.Connection:
    """A new, empty document at `path`; refuse to overwrite anything."""
    if path.exists():
        raise InputError(f"{path.name} already exists; choose another name")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist")
    try:
        connection = raw_connection(path, read_only=False)
    except sqlite3.Error as error:
        raise DocumentError(f"cannot create {path.name}: {error}") from None
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        configure(connection, writable=True)
        migrate(connection, 0)
    except sqlite3.Error as error:
        connection.close()
        path.unlink(missing_ok=True)
        raise DocumentError(f"cannot create {path.name}: {error}") from None
    return connection


@dataclass(slots=True)
class OpenedFile:
    connection: sqlite3.Connection
    read_only: bool
    # Held while the document is open for editing in this window (exclusive opens only).
    writer_lock: WriterLock | None
    # The format the file had before this open upgraded it; None when it was current.
    upgraded_from: int | None


def open_file(path: Path, *, read_only: bool, exclusive: bool) -> OpenedFile:
    """Open an existing document, upgrading its format if it is older (after a backup).

    With `exclusive`, hold a writer's lock while open, and refuse with DocumentInUseError
    when another program already holds it (the window then offers read-only).
    """
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
        connection = _connect_checked(path, version, read_only=read_only)
    except BaseException:
        if writer_lock is not None:
            writer_lock.release()
        raise
    upgraded_from = version if version < SCHEMA_VERSION else None
    return OpenedFile(connection, read_only, writer_lock, upgraded_from)


def _connect_checked(path: Path, version: int, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        if version < SCHEMA_VERSION:
            raise DocumentError(
                f"{path.name} uses an older file format and must be upgraded, "
                "which needs it to be writable"
            )
        return connect(path, read_only=True)
    connection = raw_connection(path, read_only=False)
    try:
        configure(connection, writable=True)
        if version < SCHEMA_VERSION:
            shutil.copy2(path, migration_backup_path(path, version))
            migrate(connection, version)
    except sqlite3.OperationalError as error:
        connection.close()
        raise translate_operational_error(error) from None
    except OSError as error:
        connection.close()
        raise DocumentError(f"cannot back up {path.name} before upgrading: {error}") from None
    return connection
