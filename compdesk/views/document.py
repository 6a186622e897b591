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
from compdesk.storage.store import MatrixRows
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
        self._pushed_people: frozenset[int] | None = None
        # The people whose records the last edit, undo or redo touched (None: anyone), for
        # the views to reload only theirs; see `StoreCommand.touched_people`.
        self.last_touched_people: frozenset[int] | None = None
        self._as_of = date.today()
        self._audit_mode = False
        self._matrix: GapMatrix | None = None
        # What the matrix is computed from, kept so another date needs no reading; the rows of
        # `_stale_people` were edited since and are read again when the matrix is next wanted.
        self._matrix_rows: MatrixRows | None = None
        self._stale_people: set[int] = set()
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
        """The gap matrix as of the chosen date, computed once per change: after an edit of
        a few people's records, only their cells are computed again."""
        if self._matrix_rows is None:
            self._matrix_rows, self._matrix = self.store.matrix_rows(), None
            self._stale_people.clear()
        elif self._stale_people:
            touched = frozenset(self._stale_people)
            self._stale_people.clear()
            updated = self.store.matrix_rows_updated(self._matrix_rows, touched)
            if updated is None:
                self._matrix_rows, self._matrix = self.store.matrix_rows(), None
            else:
                self._matrix_rows, part_rows = updated
                if self._matrix is not None:
                    part = self.store.gap_matrix(self._as_of, part_rows)
                    # None if who is in the matrix changed: computed whole below.
                    self._matrix = self._matrix.with_people_from(part, touched)
        if self._matrix is None:
            self._matrix = self.store.gap_matrix(self._as_of, self._matrix_rows)
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
        self._pushed_people = command.touched_people()
        try:
            self.undo_stack.push(command)
        finally:
            self._pushed_changes = None
            self._pushed_people = None

    def report(self, error: DocumentError) -> None:
        self.failed.emit(str(error))

    def on_undo_stack_index_changed(self, index: int) -> None:
        people: frozenset[int] | None
        if self._pushed_changes is not None:
            changes, people = self._pushed_changes, self._pushed_people
        else:
            # Undo or redo: the commands between the old index and the new one ran.
            changes, people = Change.NONE, frozenset()
            for position in range(min(index, self._undo_index), max(index, self._undo_index)):
                command = self.undo_stack.command(position)
                if isinstance(command, StoreCommand):
                    changes |= command.changes
                    people = joined_people(people, command.touched_people())
                else:
                    people = None
        self._undo_index = index
        self._forget_matrix(people)
        self.last_touched_people = people
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
        self._forget_matrix(None)
        self.last_touched_people = None
        self.changed.emit(Change.ALL)

    def _forget_matrix(self, people: frozenset[int] | None) -> None:
        """The matrix is stale for these people (None: for anyone)."""
        if people is None:
            self._matrix, self._matrix_rows = None, None
            self._stale_people.clear()
        else:
            self._stale_people |= people

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


def joined_people(
    people: frozenset[int] | None, more: frozenset[int] | None
) -> frozenset[int] | None:
    """The people two edits touched together; None (anyone) absorbs."""
    return None if people is None or more is None else people | more


def _trash_ids(command: QUndoCommand) -> set[int]:
    if isinstance(command, StoreCommand):
        return command.trash_ids()
    return set()
