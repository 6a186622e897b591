"""Removing the triggers and views another program planted in a document, after a copy.

compdesk creates neither (storage/schema_audit.py), and a document holding any is opened
read-only (storage/opening.py `planted_reason`). The repair keeps the document as it was
beside it, then drops them in one transaction that the change log records.
"""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path
from typing import NamedTuple

from compdesk.models.errors import DocumentInUseError
from compdesk.storage.connection import connect
from compdesk.storage.copying import copy_document
from compdesk.storage.lock import WriterLock
from compdesk.storage.opening import display_name, inspect_document
from compdesk.storage.schema import SCHEMA_VERSION
from compdesk.storage.schema_audit import SchemaObject, planted_objects

# One default for the change log's name, shared with Store.open (same package).
from compdesk.storage.store import Store, default_user


class Repair(NamedTuple):
    # What was dropped; empty when the document held nothing to remove (and nothing changed).
    removed: list[SchemaObject]
    # The copy of the document as it was; None when nothing was removed.
    backup: Path | None


def repair_backup_path(path: Path, today: datetime.date) -> Path:
    """`acme.compdesk.before-repair-2026-12-02.bak`, numbered when that name is taken."""
    stem = f"{path.name}.before-repair-{today.isoformat()}"
    for number in itertools.count(1):
        candidate = path.with_name(f"{stem}.bak" if number == 1 else f"{stem}-{number}.bak")
        if not candidate.exists():
            return candidate
    raise AssertionError("unreachable")


def planted_in(store: Store) -> list[SchemaObject]:
    """The triggers and views in an open document (reading the schema runs none of them)."""
    return planted_objects(store.db.connection)


def describe(objects: list[SchemaObject]) -> str:
    return ", ".join(str(each) for each in objects)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def remove_planted_sql(
    path: Path, *, user: str | None, today: datetime.date | None = None
) -> Repair:
    """Keep a copy of the document, then drop its triggers and views and log it.

    Refuses (DocumentInUseError) while a compdesk window has it open for editing, and what
    opening it would refuse. The drops are prepared at the top level, which the connection's
    authorizer allows; nothing a trigger or view holds runs. A document of an older format is
    logged once it is upgraded, which only then can happen (the upgrade writes to its tables).
    """
    name = display_name(path)
    current = inspect_document(path) == SCHEMA_VERSION
    writer_lock = WriterLock.try_acquire(path)
    if writer_lock is None:
        raise DocumentInUseError(f"{name} is open for editing in a compdesk window; close it first")
    removed: list[SchemaObject] = []
    backup: Path | None = None
    try:
        connection = connect(path, read_only=False)
        store = Store(
            connection, path, read_only=False, user=user or default_user(), owns_trash=False
        )
        try:
            if not planted_in(store):
                return Repair([], None)
            backup = repair_backup_path(path, today or datetime.date.today())
            copy_document(path, backup)
            with store.transaction():
                removed = planted_in(store)
                for kind, object_name in removed:
                    store.db.execute(f"DROP {kind.upper()} {_quoted(object_name)}")
                if current:
                    store.change_log.append(f"removed planted SQL: {describe(removed)}")
        finally:
            store.close()
    finally:
        writer_lock.release()
    if removed and not current:
        with Store.open(path, user=user, exclusive=True) as upgraded:
            upgraded.change_log.append(f"removed planted SQL: {describe(removed)}")
    return Repair(removed, backup)


__all__ = ["Repair", "describe", "planted_in", "remove_planted_sql", "repair_backup_path"]
