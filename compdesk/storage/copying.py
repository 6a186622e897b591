"""Copying a document as it was at its last commit, whatever another program does to it
meanwhile: a commit under way is waited for, and an edit a crash interrupted is copied with its
journal and undone in the copy only (the source and its journal are left as they are).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Final

from compdesk.models.errors import (
    DamagedDocumentError,
    DocumentBusyError,
    InputError,
    InterruptedEditError,
)
from compdesk.storage.connection import raw_connection
from compdesk.storage.opening import (
    check_identity,
    connect_document,
    copy_under_lock,
    display_name,
    journal_path,
    opened_file,
    opening_error,
    write_new_file,
)

# A copy starts again when another program undoes an interrupted edit while it is copied.
_COPY_ATTEMPTS: Final = 3


def _journal_state(path: Path) -> tuple[int, int, int] | None:
    try:
        status = journal_path(path).stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def _copy_with_its_journal(source: Path, target: Path, name: str) -> bool:
    """Copy an interrupted edit with its journal and undo it in the copy; False when the
    journal changed meanwhile (another program undid the edit) and the copy must start again."""
    journal = _journal_state(source)
    if journal is None:
        return False
    # The journal first: it holds the pages as they were at the last commit, so whatever
    # state the file is in when it is copied next, even half rolled back by another program,
    # rolling the copy back gives that commit.
    try:
        shutil.copyfile(journal_path(source), journal_path(target))
    except FileNotFoundError:
        return False
    shutil.copyfile(source, target)
    if _journal_state(source) != journal:
        journal_path(target).unlink(missing_ok=True)
        target.unlink()
        return False
    connection = raw_connection(target, read_only=False)
    try:
        connection.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as error:
        raise opening_error(name, error) from None
    finally:
        connection.close()
    if journal_path(target).exists():
        raise DamagedDocumentError(f"{name} is damaged: its interrupted edit cannot be undone")
    return True


def copy_document(source: Path, target: Path) -> None:
    """Copy the document at `source` to `target` as it was at its last commit.

    The copy waits for another program's commit to finish rather than catch it half-written.
    An edit that a crash interrupted is copied with its journal and undone in the copy, which
    is then whole on its own; `source` and its journal are left exactly as they are. Raises
    what opening `source` would for what is not a document, and OSError when `target` cannot
    be written.

    Call it while no other connection of this process is mid-transaction on `source`: closing
    the file it reads through drops this process's POSIX locks on it.
    """
    name = display_name(source)
    if target.exists() and source.exists() and os.path.samefile(source, target):
        # Replacing the file itself would leave open connections on a file that is gone.
        raise InputError(f"cannot copy {name} onto itself; choose another name")

    def write(partial: Path) -> None:
        for _attempt in range(_COPY_ATTEMPTS):
            with opened_file(source, name) as stream:
                check_identity(stream, name)
                connection = connect_document(source, name, writable=False)
                try:
                    copy_under_lock(connection, stream, partial, name)
                    return
                except InterruptedEditError:
                    pass
                finally:
                    connection.close()
            if _copy_with_its_journal(source, partial, name):
                return
        raise DocumentBusyError(
            f"another program is undoing an interrupted edit of {name}; try again in a moment"
        )

    write_new_file(target, write)
