"""What every undo command shares: the areas an edit touches, and the add / update / delete
patterns over the store.

An added record is removed on undo *into the trash*, and redo restores it with the same id, so
later commands on the stack that refer to that id stay valid. Deletions work the other way round.
A command reaches the store through `self.store` at every step: work in the background points
it at a connection of the worker's own while it applies the command.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from compdesk.models.errors import DocumentError
from compdesk.storage import ProgressCallback, Store

log = logging.getLogger(__name__)


class Change(enum.Flag):
    """The areas of a document that an edit touched, so a view reloads only what it shows."""

    PEOPLE = enum.auto()  # people and the roles they hold
    ROLES = enum.auto()
    COMPETENCIES = enum.auto()
    REQUIREMENTS = enum.auto()  # which role requires which competency
    EVIDENCE = enum.auto()  # evidence and its attachments
    ACTIONS = enum.auto()
    TRAINING = enum.auto()  # training sessions, their attendees and files
    AS_OF = enum.auto()  # not an edit: the date the matrix is computed as of
    NONE = 0
    ALL = PEOPLE | ROLES | COMPETENCIES | REQUIREMENTS | EVIDENCE | ACTIONS | TRAINING | AS_OF


class StoreCommand(QUndoCommand):
    """Base of every edit. Document.push runs `apply` once itself, so that a refused edit
    never reaches the stack; the stack's own first `redo` is then skipped."""

    # What applying or reverting this command may change (a deletion also takes what it
    # cascades to).
    changes = Change.ALL

    def __init__(self, store: Store, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.done_once = False
        self.on_failure: Callable[[DocumentError], None] | None = None
        # Set by a view that runs a long `apply` off the GUI thread (attaching big files).
        self.report_progress: ProgressCallback | None = None
        self.cancel: threading.Event | None = None

    def trash_ids(self) -> set[int]:
        """Trash entries this command may still restore; the rest can be purged."""
        return set()

    def touched_people(self) -> frozenset[int] | None:
        """The people whose records (or what the matrix computes from them) applying or
        reverting this command changes; None: anyone, or who cannot be said (roles,
        requirements, competencies, settings, people themselves, imports)."""
        return None

    def redo(self) -> None:
        if self.done_once:
            self.done_once = False
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        # Qt calls undo/redo from C++: an exception must not escape into it.
        try:
            step()
        except DocumentError as error:
            log.warning("%s failed: %s", self.text(), error)
            if self.on_failure is not None:
                self.on_failure(error)

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddRecordCommand(StoreCommand):
    """Adds a record; undo moves it to the trash, redo brings the same record back."""

    def __init__(self, store: Store, text: str) -> None:
        super().__init__(store, text)
        self.record_id: int | None = None
        self._trash_id: int | None = None

    def trash_ids(self) -> set[int]:
        return {self._trash_id} if self._trash_id is not None else set()

    def apply(self) -> None:
        if self._trash_id is None:
            self.record_id = self._add()
        else:
            self.store.trash.restore(self._trash_id)
            self._trash_id = None

    def revert(self) -> None:
        assert self.record_id is not None
        self._trash_id = self._delete(self.record_id)

    def _add(self) -> int:
        raise NotImplementedError

    def _delete(self, record_id: int) -> int | None:
        raise NotImplementedError


class DeleteRecordCommand(StoreCommand):
    def __init__(self, store: Store, text: str, record_id: int) -> None:
        super().__init__(store, text)
        self.record_id = record_id
        self._trash_id: int | None = None

    def trash_ids(self) -> set[int]:
        return {self._trash_id} if self._trash_id is not None else set()

    def apply(self) -> None:
        self._trash_id = self._delete(self.record_id)

    def revert(self) -> None:
        assert self._trash_id is not None
        self.store.trash.restore(self._trash_id)
        self._trash_id = None

    def _delete(self, record_id: int) -> int | None:
        raise NotImplementedError


class UpdateRecordCommand(StoreCommand):
    def __init__(self, store: Store, text: str, before: Any, after: Any) -> None:
        super().__init__(store, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self._update(self.after)

    def revert(self) -> None:
        self._update(self.before)

    def _update(self, record: Any) -> None:
        raise NotImplementedError
