"""Opening a document: header checks, creation, migrations with their backup copy, the writer
lock, and writing new files beside a document (copying one whole: storage/copying.py).

What a file's header and size say is trusted only under SQLite's shared lock: another
program's commit writes page 1 (which counts the pages) before the pages it counts, so a file
read without the lock can look truncated for a moment. Under the lock no other connection can
be writing the file; and on a writable connection, taking it first rolls back the journal of
an edit that a crash interrupted (SQLite does that itself), which a read-only connection cannot
do. The only bytes read without the lock are those written once, when a document is created:
the SQLite signature, the page size and compdesk's application id.

On POSIX, closing any descriptor of a file drops every fcntl lock this process holds on it,
SQLite's included. So the file this module reads through is opened before its connection
takes a lock and closed only after the lock is released.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import FileIO
from pathlib import Path
from typing import Final, NamedTuple

from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentBusyError,
    DocumentError,
    DocumentInUseError,
    InputError,
    InterruptedEditError,
    NewerDocumentError,
    NotADocumentError,
    UpgradeFailedError,
)
from compdesk.storage.connection import configure, is_busy, raw_connection
from compdesk.storage.lock import WriterLock
from compdesk.storage.new_files import write_beside
from compdesk.storage.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from compdesk.storage.schema_audit import SchemaObject, planted_objects, structure_problems

log = logging.getLogger(__name__)

SQLITE_HEADER: Final = b"SQLite format 3\x00"
HEADER_SIZE: Final = 100
COPY_CHUNK_SIZE: Final = 1 << 20


def display_name(path: Path) -> str:
    """A file's name as a one-line message shows it: quoted when spaces at its ends, or an
    unprintable character, would make it vanish or mislead ('   ' rather than nothing)."""
    name = path.name or str(path)
    if not name.strip() or name != name.strip() or not name.isprintable():
        return repr(name)
    return name


def journal_path(path: Path) -> Path:
    """Where SQLite keeps the rollback journal of an edit in progress (or interrupted)."""
    return path.with_name(path.name + "-journal")


def migration_backup_path(path: Path, from_version: int) -> Path:
    return path.with_name(f"{path.name}.format{from_version}.bak")


def writing_problem(path: Path) -> str | None:
    """Why edits to the document at `path` could not be saved, or None when they can."""
    if not os.access(path, os.W_OK):
        return "it is not writable"
    folder = path.absolute().parent
    # Every edit writes a journal next to the document, and deletes it on commit.
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} cannot be written, and saving an edit writes a journal there"
    return None


# ---- reading the file itself -------------------------------------------------------------------


@contextmanager
def opened_file(path: Path, name: str) -> Iterator[FileIO]:
    """The document's file, unbuffered (each read sees the file as it is at that moment),
    or the reason there is no document to read at `path`."""
    if not path.exists():
        raise NotADocumentError(f"{name}: no such file")
    if path.is_dir():
        raise NotADocumentError(f"{name} is a folder, not a compdesk document")
    if not path.is_file():
        raise NotADocumentError(f"{name} is not a regular file")
    try:
        stream = FileIO(path, "rb")
    except OSError as error:
        raise NotADocumentError(f"{name} cannot be read: {error.strerror or error}") from None
    with stream:
        yield stream


def _read_header(stream: FileIO) -> tuple[bytes, int]:
    """The first 100 bytes and the size of the file, as they are now."""
    stream.seek(0)
    return stream.read(HEADER_SIZE) or b"", os.fstat(stream.fileno()).st_size


def _page_size(header: bytes) -> int:
    (page_size,) = struct.unpack(">H", header[16:18])
    return 65536 if page_size == 1 else int(page_size)


def check_identity(stream: FileIO, name: str) -> None:
    """Refuse what is not a compdesk document, from the bytes that never change once written.

    This runs before any connection: a writable one would roll back the interrupted edit of
    some other application's database before it could be told apart.
    """
    header, size = _read_header(stream)
    if size == 0:
        raise NotADocumentError(f"{name} is empty (0 bytes), not a compdesk document")
    if not header.startswith(SQLITE_HEADER):
        raise NotADocumentError(f"{name} is not a compdesk document: it is a file of another kind")
    if len(header) < HEADER_SIZE:
        raise DamagedDocumentError(f"{name} is truncated: only {size} bytes are left")
    page_size = _page_size(header)
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedDocumentError(f"{name} is damaged: its header is corrupt")
    (application_id,) = struct.unpack(">I", header[68:72])
    if application_id != APPLICATION_ID:
        raise NotADocumentError(
            f"{name} holds another application's data, not a compdesk document"
        )


def _size_problem(stream: FileIO, name: str) -> DamagedDocumentError | None:
    """What is wrong with the file's size, compared with the size its header records.

    Trustworthy only under the shared lock (or when SQLite, under it, found the file corrupt).
    """
    header, size = _read_header(stream)
    page_size = _page_size(header)
    change_counter, page_count = struct.unpack(">II", header[24:32])
    (valid_for,) = struct.unpack(">I", header[92:96])
    # The recorded page count counts only when it was written with the change counter
    # (SQLite 3.7.0 and later always do that); otherwise the size is all there is to go by.
    if valid_for != change_counter or not page_count:
        if size % page_size:
            return DamagedDocumentError(
                f"{name} is truncated: its last page has {size % page_size} of {page_size} bytes"
            )
        return None
    written = page_size * page_count
    if size < written:
        return DamagedDocumentError(
            f"{name} is truncated: it has {size} bytes where {written} were written"
        )
    if size > written:
        return DamagedDocumentError(
            f"{name} has {size - written} bytes of unknown data after its end"
        )
    return None


# ---- connecting under the lock ------------------------------------------------------------------


def _interrupted_edit(name: str, reason: str | None = None) -> InterruptedEditError:
    undone = f"it will be undone when {name} is next opened for editing"
    if reason is None:
        return InterruptedEditError(
            f"{name} holds an edit that a crash or a power cut interrupted; {undone} "
            "(a read-only open cannot undo it); nothing was changed"
        )
    return InterruptedEditError(
        f"{name} holds an edit that a crash or a power cut interrupted; {undone}, "
        f"which cannot happen here: {reason}; nothing was changed"
    )


def opening_error(name: str, error: sqlite3.Error) -> DocumentError:
    """The user's message for what SQLite said while opening; SQLite's own words otherwise."""
    code = error.sqlite_errorcode
    if code == sqlite3.SQLITE_READONLY_ROLLBACK:
        return _interrupted_edit(name)
    if is_busy(error):
        return DocumentBusyError(
            f"{name} is in use by another program, which holds a lock on it; try again in a moment"
        )
    primary = code & 0xFF
    if primary == sqlite3.SQLITE_NOTADB:
        return DamagedDocumentError(f"{name} is damaged: its header is corrupt")
    if primary == sqlite3.SQLITE_FULL:
        return DocumentError(f"{name} cannot be opened: the disk is full; nothing was changed")
    # The file or the disk, not the document: none of these says anything of its pages.
    # SQLite's own words ("unable to open database file") are logged, not shown.
    log.info("opening %s failed: %s", name, error)
    unreachable = {
        sqlite3.SQLITE_CANTOPEN: "the file or its folder cannot be reached",
        sqlite3.SQLITE_IOERR: "the disk reported an error while reading it",
        sqlite3.SQLITE_PERM: "this account is not allowed to open it",
        sqlite3.SQLITE_READONLY: "it can only be read here, not changed",
    }
    if primary in unreachable:
        return DocumentError(f"{name} cannot be opened: {unreachable[primary]}")
    return DamagedDocumentError(f"{name} is damaged: its contents cannot be read")


def _locked_read_error(stream: FileIO, name: str, error: sqlite3.Error) -> DocumentError:
    """The user's message for what SQLite said while reading the file under its lock.

    SQLite refuses a file shorter than its header says as corrupt before it grants the lock,
    having looked under it; the sizes then say how.
    """
    if error.sqlite_errorcode & 0xFF == sqlite3.SQLITE_CORRUPT:
        problem = _size_problem(stream, name)
        if problem is not None:
            return problem
    return opening_error(name, error)


def connect_document(path: Path, name: str, *, writable: bool) -> sqlite3.Connection:
    """A connection that waits for other programs' locks as long as edits do.

    Only the pragmas that touch no file are set here; a writable connection's others wait
    (`configure`) until the file is known to be a compdesk document.
    """
    try:
        connection = raw_connection(path, read_only=not writable)
    except sqlite3.Error as error:
        raise opening_error(name, error) from None
    try:
        configure(connection, writable=False)
    except sqlite3.Error as error:
        connection.close()
        raise opening_error(name, error) from None
    return connection


@contextmanager
def _shared_lock(connection: sqlite3.Connection) -> Iterator[None]:
    """Hold SQLite's shared lock on the file: no other program can be writing it meanwhile.

    The first read of a transaction takes the lock, after rolling back an interrupted edit
    when the connection is writable (or failing with SQLITE_READONLY_ROLLBACK when it is not).
    """
    connection.execute("BEGIN")
    try:
        connection.execute("PRAGMA user_version").fetchone()
        yield
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")


def _inspect(
    connection: sqlite3.Connection, stream: FileIO, name: str, *, check_pages: bool
) -> int:
    """Refuse a file that is not a compdesk document this version can read; its format.

    Always checked: the header, the application id, the format, and the page count against
    the file's size. `check_pages` adds SQLite's check of every page, which reads the whole
    file (0.2 s for 500 MB of attachments): `check`, backups and restores ask for it; an
    open does not (the window runs it in the background for a large document).
    """
    try:
        with _shared_lock(connection):
            problem = _size_problem(stream, name)
            if problem is not None:
                raise problem
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise NewerDocumentError(
                    f"{name} was written by a newer compdesk (file format {version}); "
                    f"this version reads formats up to {SCHEMA_VERSION}: please update compdesk"
                )
            if version < 1:
                raise DamagedDocumentError(f"{name} is damaged: it has no schema")
            if not check_pages:
                return version
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise damaged_pages_error(name, problems)
    except sqlite3.Error as error:
        raise _locked_read_error(stream, name, error) from None
    return version


def damaged_pages_error(name: str, problems: list[str]) -> DamagedDocumentError:
    """What SQLite's check of the pages found, as the sentence a damaged document gets."""
    return DamagedDocumentError(
        f"{name} is damaged: {len(problems)} problem(s) found in its pages (first: {problems[0]})"
    )


def inspect_document(path: Path, *, check_pages: bool = True) -> int:
    """Refuse anything that is not an intact compdesk document this version can open.

    Reads only: the file is never modified (so an interrupted edit is refused, not undone).
    Checks every page unless told not to (by `check`, which runs the fuller integrity_check
    itself). Returns the file's schema version.
    """
    name = display_name(path)
    with opened_file(path, name) as stream:
        check_identity(stream, name)
        connection = connect_document(path, name, writable=False)
        try:
            return _inspect(connection, stream, name, check_pages=check_pages)
        finally:
            connection.close()


# ---- writing new files beside a document ----------------------------------------------------------


def write_new_file(target: Path, write: Callable[[Path], None], *, overwrite: bool = True) -> None:
    """Have `write` fill a partial file beside `target`, put in its place once whole
    (storage/new_files.py): a crash leaves no file at `target` or a whole one."""
    if journal_path(target).exists():
        # Beside that journal, the new file would be "rolled back" with another file's pages.
        raise InputError(
            f"cannot write {display_name(target)}: an interrupted edit of the file of that name "
            "left its journal beside it; choose another name"
        )
    write_beside(target, write, name=display_name(target), overwrite=overwrite)


def create_new_file(target: Path, write: Callable[[Path], None]) -> None:
    """Have `write` fill a new file, put at `target` once whole; refuse to replace one."""
    write_new_file(target, write, overwrite=False)


def copy_under_lock(
    connection: sqlite3.Connection, stream: FileIO, target: Path, name: str
) -> None:
    try:
        with _shared_lock(connection):
            stream.seek(0)
            with target.open("xb") as output:
                shutil.copyfileobj(stream, output, COPY_CHUNK_SIZE)
                output.flush()
                os.fsync(output.fileno())
    except sqlite3.Error as error:
        raise _locked_read_error(stream, name, error) from None


# ---- creating, upgrading, opening -------------------------------------------------------------------


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
    name = display_name(path)
    if path.exists():
        raise InputError(f"{name} already exists; choose another name")
    if not path.parent.is_dir():
        raise InputError(f"the folder {path.parent} does not exist")
    try:
        connection = raw_connection(path, read_only=False)
    except sqlite3.Error as error:
        raise DocumentError(f"cannot create {name}: {error}") from None
    try:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        configure(connection, writable=True)
        migrate(connection, 0)
    except sqlite3.Error as error:
        connection.close()
        path.unlink(missing_ok=True)
        raise DocumentError(f"cannot create {name}: {error}") from None
    return connection


def _upgrade(connection: sqlite3.Connection, stream: FileIO, path: Path, version: int) -> None:
    """Upgrade to the current format after a backup copy, which a failed upgrade removes
    when it left the document as it was."""
    name = display_name(path)
    backup = migration_backup_path(path, version)
    try:
        write_new_file(backup, lambda partial: copy_under_lock(connection, stream, partial, name))
    except OSError as error:
        raise DocumentError(f"cannot back up {name} before upgrading: {error}") from None
    try:
        migrate(connection, version)
    except sqlite3.Error as error:
        raise _failed_upgrade(connection, path, version, error) from None


def _failed_upgrade(
    connection: sqlite3.Connection, path: Path, version: int, error: sqlite3.Error
) -> DocumentError:
    name, backup = display_name(path), migration_backup_path(path, version)
    try:
        reached: int | None = int(connection.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        reached = None
    if reached != version:
        # Part of the upgrade was committed: the copy is the only one of the file as it was.
        where = f"it is at format {reached} now" if reached is not None else "it may be changed"
        return UpgradeFailedError(
            f"{name} could not be upgraded from file format {version} to {SCHEMA_VERSION} "
            f"({error}); {where}, and a copy of it as it was is kept as {backup.name}"
        )
    # Each migration rolls back whole, so the document is as it was and the copy a duplicate.
    backup.unlink(missing_ok=True)
    if is_busy(error):
        return opening_error(name, error)
    return UpgradeFailedError(
        f"{name} cannot be upgraded from file format {version} to {SCHEMA_VERSION} ({error}); "
        f"it was left as it was, at format {version}"
    )


class OpenedFile(NamedTuple):
    connection: sqlite3.Connection
    read_only: bool
    # Held while the document is open for editing in this window (exclusive opens only).
    writer_lock: WriterLock | None
    # The format the file had before this open upgraded it; None when it was current.
    upgraded_from: int | None
    # Why an open for editing became read-only (see `writing_problem`, `planted_reason`).
    read_only_reason: str | None = None


def planted_reason(planted: list[SchemaObject]) -> str:
    """Why a document with triggers or views is not opened for editing."""
    named = ", ".join(str(each) for each in planted)
    return (
        f"it contains SQL that compdesk did not create ({named}); "
        "compdesk repair can remove them after keeping a copy"
    )


# Up to this size every page is checked while the document opens for editing (a few
# milliseconds: 12 ms at 1000 people); above, the check reads for tenths of a second, so the
# window runs it after the first paint and the command line leaves it to `check`.
PAGE_CHECK_AT_OPEN_UP_TO = 50 * 1024 * 1024


def pages_checked_at_open(path: Path) -> bool:
    """Whether an open for editing checks every page of this document before any write."""
    try:
        return path.stat().st_size <= PAGE_CHECK_AT_OPEN_UP_TO
    except OSError:
        return True  # the open itself then says what is wrong with the file


def changed_reason(changed: list[str]) -> str:
    """Why a document whose tables another program changed is not opened for editing: a
    write would fail half-way on a missing table or column, or skip a column it added."""
    more = f", and {len(changed) - 1} more" if len(changed) > 1 else ""
    return (
        f"another program changed its tables ({changed[0]}{more}); compdesk check lists "
        "what differs from the file format"
    )


def open_file(
    path: Path, *, read_only: bool, exclusive: bool, check_pages: bool = False
) -> OpenedFile:
    """Open an existing document, upgrading its format if it is older (after a backup).

    An open for editing first undoes an edit that a crash interrupted. It becomes read-only
    when the file or its folder cannot be written (`writing_problem`). With `exclusive`, hold
    a writer's lock while open, and refuse with DocumentInUseError when another program
    already holds it (the window then offers read-only). `check_pages=False`: see `_inspect`.
    """
    name = display_name(path)
    with opened_file(path, name) as stream:
        check_identity(stream, name)
        reason = None if read_only else writing_problem(path)
        writable = not read_only and reason is None
        writer_lock = None
        if exclusive and writable:
            writer_lock = WriterLock.try_acquire(path)
            if writer_lock is None:
                raise DocumentInUseError(
                    f"{name} is already open for editing in another compdesk window"
                )
        try:
            connection = connect_document(path, name, writable=writable)
            try:
                version, planted, changed = _open_checked(
                    connection, stream, path, writable=writable, check_pages=check_pages
                )
            except InterruptedEditError:
                connection.close()
                raise _interrupted_edit(name, reason) from None
            except BaseException:
                connection.close()
                raise
        except BaseException:
            if writer_lock is not None:
                writer_lock.release()
            raise
    if (planted or changed) and writable:
        # Never written through, so no trigger can fire; reads name tables only (no view).
        connection.close()
        if writer_lock is not None:
            writer_lock.release()
        why = planted_reason(planted) if planted else changed_reason(changed)
        if version < SCHEMA_VERSION:
            raise DocumentError(f"{name} cannot be upgraded: {why}")
        opened = open_file(path, read_only=True, exclusive=False, check_pages=False)
        return opened._replace(read_only_reason=why)
    upgraded_from = version if version < SCHEMA_VERSION else None
    return OpenedFile(connection, not writable, writer_lock, upgraded_from, reason)


def _inspect_first_read_only(stream: FileIO, path: Path) -> int | None:
    """Inspect through a read-only connection beside the writable one; None after a crash,
    when the writable one must inspect, as only its first read undoes the interrupted edit."""
    name = display_name(path)
    # PERF: SQLite's page check takes half as long on a read-only connection (7 ms instead of
    # 14 for the 1000-person demo), for one more connection that costs well under a millisecond.
    checking = connect_document(path, name, writable=False)
    try:
        return _inspect(checking, stream, name, check_pages=True)
    except InterruptedEditError:
        return None
    finally:
        checking.close()


def _open_checked(
    connection: sqlite3.Connection,
    stream: FileIO,
    path: Path,
    *,
    writable: bool,
    check_pages: bool,
) -> tuple[int, list[SchemaObject], list[str]]:
    """Inspect the file, and upgrade it when it is older; the format it had, the triggers and
    views found in it, and how another program changed its tables (a document with any of
    those is neither configured for writing nor upgraded: no write runs through them)."""
    name = display_name(path)
    version = None
    if writable and check_pages:
        version = _inspect_first_read_only(stream, path)
    if version is None:
        version = _inspect(connection, stream, name, check_pages=check_pages)
    try:
        planted = planted_objects(connection)
    except sqlite3.Error as error:
        raise _locked_read_error(stream, name, error) from None
    if planted and writable:
        return version, planted, []
    if not writable:
        if version < SCHEMA_VERSION:
            raise DocumentError(
                f"{name} uses an older file format and must be upgraded, "
                "which needs it to be writable"
            )
        return version, planted, []
    if version == SCHEMA_VERSION:
        changed = structure_problems(connection, version)
        if changed:
            return version, planted, changed
    try:
        configure(connection, writable=True)
    except sqlite3.Error as error:
        raise opening_error(name, error) from None
    if version < SCHEMA_VERSION:
        _upgrade(connection, stream, path, version)
    return version, planted, []
