"""The open document as the window sees it: the store, its undo stack and change signals."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from compdesk.models.errors import DocumentError
from compdesk.models.gaps import GapMatrix, matrix_for
from compdesk.models.store import Store

if TYPE_CHECKING:
    from compdesk.views.commands import StoreCommand

log = logging.getLogger(__name__)

UNDO_LIMIT = 200


class Document(QObject):
    """One open compdesk file. Every edit goes through `push` so it can be undone."""

    # Emitted after any edit, undo or redo: views reload what they show.
    changed = Signal()
    # Emitted when the as-of date of the matrix changes.
    as_of_changed = Signal(object)
    # A store operation failed; the text is for the user.
    failed = Signal(str)
    # Editing was switched on or off (read-only file, audit mode).
    editable_changed = Signal(bool)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.undo_stack.indexChanged.connect(self.on_undo_stack_index_changed)
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
            self._matrix = matrix_for(self.store, self._as_of)
        return self._matrix

    # ---- editing ------------------------------------------------------------------------

    def push(self, command: StoreCommand) -> bool:
        """Run an edit; if the store accepts it, keep it on the undo stack. False on failure."""
        if not self.editable:
            self.failed.emit("This document is open read-only; nothing was changed.")
            return False
        try:
            command.apply()
        except DocumentError as error:
            self.failed.emit(str(error))
            return False
        self.push_applied(command)
        return True

    def push_applied(self, command: StoreCommand) -> None:
        """Keep an edit whose `apply` already ran (off the GUI thread, for long work)."""
        command.done_once = True
        command.on_failure = self.report
        self.undo_stack.push(command)

    def report(self, error: DocumentError) -> None:
        self.failed.emit(str(error))

    def on_undo_stack_index_changed(self, _index: int) -> None:
        self._matrix = None
        self._purge_unreachable_trash()
        self.changed.emit()

    def refresh(self) -> None:
        """Something outside the undo stack changed the document (an import, a settings edit)."""
        self._matrix = None
        self.changed.emit()

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
                self.store.purge_trash(dropped)
            except DocumentError as error:
                log.warning("could not purge the trash: %s", error)

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()


def _trash_ids(command: QUndoCommand) -> set[int]:
    from compdesk.views.commands import StoreCommand

    if isinstance(command, StoreCommand):
        return command.trash_ids()
    return set()
