"""What every view of the main window shares."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from compdesk.views.commands.base import Change
from compdesk.views.document import Document, joined_people


class DocumentView(QWidget):
    """A tab of the main window over the open document.

    It reloads from the store when the document changes in an area it `shows`, lazily: a
    hidden view only notes that it is stale and refreshes when shown.
    """

    title = ""
    # The areas of the document this view shows: an edit elsewhere leaves it as it is.
    shows = Change.ALL

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._stale = True
        # The people whose records changed since this view last refreshed (None: anyone), for
        # a view that can reload only theirs; a hidden view gathers what it missed.
        self.changed_people: frozenset[int] | None = None
        self._search_edit: QLineEdit | None = None
        document.changed.connect(self.on_document_changed)
        document.as_of_changed.connect(self.on_document_as_of_changed)
        document.editable_changed.connect(self.set_editable)

    def on_document_changed(self, changes: Change) -> None:
        if not changes & self.shows:
            return
        people = None if changes & Change.AS_OF else self.document.last_touched_people
        if self._stale:
            self.changed_people = joined_people(self.changed_people, people)
        else:
            self.changed_people = people
        # PERF: a hidden view reloads when next shown, not at every edit.
        if self.isVisible():
            self._stale = False
            self.refresh()
        else:
            self._stale = True

    def on_document_as_of_changed(self, _as_of: object) -> None:
        self.on_document_changed(Change.AS_OF)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        """Reload everything shown from the document."""

    def set_editable(self, editable: bool) -> None:
        """Enable or disable the controls that change the document."""

    def commit_pending_edits(self) -> bool:
        """Save what this view's form holds before the user leaves the view or the document
        (another view, closing, quitting, opening another file). False, with the form's message
        shown and the focus in the field at fault, if it does not validate: the way out is
        then refused, so that nothing typed is lost."""
        return True

    def make_search_edit(self, placeholder: str, name: str) -> QLineEdit:
        """This view's search box, the one that focus_search (Ctrl+F) goes to."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setClearButtonEnabled(True)
        self._search_edit = edit
        return edit

    def focus_search(self) -> None:
        """Put the keyboard focus in this view's search box (Ctrl+F)."""
        if self._search_edit is not None:
            self._search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._search_edit.selectAll()
