"""Opening a document the way the commands that change it must, and the summary they print."""

from __future__ import annotations

from pathlib import Path

from compdesk.models.errors import ReadOnlyDocumentError
from compdesk.preferences import Preferences
from compdesk.storage import Store
from compdesk.storage.opening import display_name


def change_log_user() -> str | None:
    """The name the change log records: the one set in the window's preferences, else the OS's."""
    return Preferences.load().user_name.strip() or None


def open_for_writing(path: Path) -> Store:
    # Exclusive: refuse while a compdesk window has the document open for editing.
    store = Store.open(path, exclusive=True, user=change_log_user())
    if store.read_only:
        problem = store.read_only_reason or "it is not writable"
        store.close()
        raise ReadOnlyDocumentError(f"{display_name(path)} cannot be changed: {problem}")
    return store


def contents_summary(store: Store) -> str:
    """'7 roles, 19 competencies, 15 people, …': what a new document holds."""
    counts = store.counts()
    return (
        f"{counts['roles']} roles, {counts['competencies']} competencies, "
        f"{counts['people']} people, {counts['evidence']} evidence records, "
        f"{counts['attachments']} attachments"
    )
