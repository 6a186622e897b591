"""The open document as the window sees it: the store, its undo stack and change signals."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from compdesk.models.errors import DocumentError
from compdesk.models.gaps import GapMatrix
from compdesk.storage import Store
from compdesk.views.commands.base import Change, StoreCommand

log = logging.getLogger(__name__)

UNDO_LIMIT = 200
READ_ONLY_REFUSAL = "This document is open read-only; nothing was changed."


class Document(QObject):
    """One open compdesk file. Every edit goes through `push` so it can be undone."""

    # Emitted after any edit, undo or redo, with the Change areas it touched: views reload
    # what they show of those.
    changed = Signal(object)
    # Emitted when the as-of date of the matrix changes.
    as_of_changed = Signal(object)
    # Something failed that no caller is waiting to hear about (an undo or redo, work in the
    # background, a view's reload); the text is for the user. A refused `push` is returned.
    failed = Signal(str)
    # Editing was switched on or off (read-only file, audit mode).
    editable_changed = Signal(bool)
    # A sentence for the window's status bar about the document as a whole.
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.undo_stack.indexChanged.connect(self.on_undo_stack_index_changed)
        self._undo_index = 0
        # What the command being pushed touches: the stack's index alone cannot say (at the
        # undo limit, a push drops the oldest command and the index stays where it was).
        self._pushed_changes: Change | None = None
        self._as_of = date.today()
        self._audit_mode = False
        self._matrix: GapMatrix | None = None
        self._trash_in_use: set[int] = set()

    # ---- state ------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def audit_mode(self) -> bool:
        return self._audit_mode

    @property
    def folder(self) -> Path:
        """Where the window's file dialogs start: the document's own folder, where its user
        keeps the files that go with it."""
        return self.store.path.parent

    @property
    def editable(self) -> bool:
        return not self.read_only and not self._audit_mode

    def set_audit_mode(self, enabled: bool) -> None:
        if enabled != self._audit_mode:
            self._audit_mode = enabled
            self.editable_changed.emit(self.editable)

    @property
    def as_of(self) -> date:
        return self._as_of

    def set_as_of(self, as_of: date) -> None:
        if as_of != self._as_of:
            self._as_of = as_of
            self._matrix = None
            self.as_of_changed.emit(as_of)

    def matrix(self) -> GapMatrix:
        """The gap matrix as of the chosen date, computed once per change."""
        if self._matrix is None:
            self._matrix = self.store.gap_matrix(self._as_of)
        return self._matrix

    # ---- editing ------------------------------------------------------------------------

    def push(self, command: StoreCommand) -> str | None:
        """Run an edit and keep it on the undo stack. None once applied; otherwise why the
        document refused it, for the caller to show (nothing else shows it)."""
        if not self.editable:
            return READ_ONLY_REFUSAL
        try:
            command.apply()
        except DocumentError as error:
            return str(error)
        self.push_applied(command)
        return None

    def push_or_report(self, command: StoreCommand) -> bool:
        """`push`, for a caller with no place of its own to show a refusal: the window shows
        it (through `failed`). True once applied."""
        refusal = self.push(command)
        if refusal is not None:
            self.failed.emit(refusal)
        return refusal is None

    def push_applied(self, command: StoreCommand) -> None:
        """Keep an edit whose `apply` already ran (off the GUI thread, for long work)."""
        command.done_once = True
        command.on_failure = self.report
        self._pushed_changes = command.changes
        try:
            self.undo_stack.push(command)
        finally:
            self._pushed_changes = None

    def report(self, error: DocumentError) -> None:
        self.failed.emit(str(error))

    def on_undo_stack_index_changed(self, index: int) -> None:
        if self._pushed_changes is not None:
            changes = self._pushed_changes
        else:
            # Undo or redo: the commands between the old index and the new one ran.
            changes = Change.NONE
            for position in range(min(index, self._undo_index), max(index, self._undo_index)):
                command = self.undo_stack.command(position)
                if isinstance(command, StoreCommand):
                    changes |= command.changes
        self._undo_index = index
        self._matrix = None
        self._purge_unreachable_trash()
        self.changed.emit(changes)

    def forget_undo(self, reason: str) -> None:
        """Take every undo and redo step off (they hold copies of records as they were, which
        must not come back, e.g. after a purge) and say so, with `reason`, in the status bar."""
        self.undo_stack.clear()
        self._undo_index = 0
        # What only the forgotten steps could bring back goes from the trash now.
        self._purge_unreachable_trash()
        self.status_message.emit(f"Undo history cleared: {reason}")

    def refresh(self) -> None:
        """Something outside the undo stack changed the document (an import, a settings edit)."""
        self._matrix = None
        self.changed.emit(Change.ALL)

    def _purge_unreachable_trash(self) -> None:
        """Deleted rows wait in the trash only while a command on the stack can bring them back."""
        reachable: set[int] = set()
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            reachable |= _trash_ids(command)
        dropped = self._trash_in_use - reachable
        self._trash_in_use = reachable
        if dropped and not self.read_only:
            try:
                self.store.trash.purge(dropped)
            except DocumentError as error:
                log.warning("could not purge the trash: %s", error)

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()


def _trash_ids(command: QUndoCommand) -> set[int]:
    if isinstance(command, StoreCommand):
        return command.trash_ids()
    return set()
