"""Opening a document the way the commands that change it must, and the summary they print."""

from __future__ import annotations

import sys
from pathlib import Path

from compdesk.cli.output import one_line
from compdesk.models.errors import ReadOnlyDocumentError
from compdesk.preferences import Preferences
from compdesk.storage import Store
from compdesk.storage.automatic_backups import copy_before_upgrade, daily_copy_quietly
from compdesk.storage.opening import display_name, pages_checked_at_open


def change_log_user() -> str | None:
    """The name the change log records: the one set in the window's preferences, else the OS's."""
    return Preferences.load().user_name.strip() or None


def open_for_writing(path: Path) -> Store:
    preferences = Preferences.load()
    # Before an upgrade and once a day, a copy in the user's data folder; a failure to write
    # it is a warning, never a refusal to open.
    copy_before_upgrade(path)
    # Exclusive: refuse while a compdesk window has the document open for editing.
    # A write into a damaged page could spread the damage: checked first, as far as it is cheap.
    store = Store.open(
        path,
        exclusive=True,
        user=preferences.user_name.strip() or None,
        check_pages=pages_checked_at_open(path),
    )
    if store.read_only:
        problem = store.read_only_reason or "it is not writable"
        store.close()
        raise ReadOnlyDocumentError(f"{display_name(path)} cannot be changed: {problem}")
    warning = daily_copy_quietly(path, preferences.automatic_backups_kept)
    if warning is not None:
        sys.stderr.write(f"compdesk: warning: {one_line(warning)}\n")
    return store


def contents_summary(store: Store) -> str:
    """'7 roles, 19 competencies, 15 people, …': what a new document holds."""
    counts = store.counts()
    return (
        f"{counts['roles']} roles, {counts['competencies']} competencies, "
        f"{counts['people']} people, {counts['evidence']} evidence records, "
        f"{counts['attachments']} attachments"
    )
