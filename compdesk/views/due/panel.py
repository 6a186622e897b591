"""The matrix's list of what falls due: each person × recurring competency that is overdue or
due soon, with its date, as of the matrix's date (models/due.find_due over the same matrix, so
the list never disagrees with the cells). A row leads to the person in the People view."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.due import DueItem, DueList, find_due
from compdesk.models.errors import DocumentError
from compdesk.models.finding_kinds import RecordKind, RecordRef
from compdesk.views.commands.base import Change
from compdesk.views.document import Document

COLUMNS: Final = ("Person", "Competency", "Due", "State")
# The areas whose edits can change a due date.
SHOWS: Final = (
    Change.PEOPLE
    | Change.ROLES
    | Change.COMPETENCIES
    | Change.REQUIREMENTS
    | Change.EVIDENCE
    | Change.ACTIONS
    | Change.AS_OF
)
PERSON_ROLE: Final = Qt.ItemDataRole.UserRole


class DuePanel(QDialog):
    """A window beside the main one (not modal: the matrix stays usable under it)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Due and overdue")
        self.setModal(False)
        self.resize(800, 480)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAccessibleName("Due and overdue")
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.itemActivated.connect(self.on_item_activated)
        hint = QLabel("Enter or a double click shows the person.")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.show_person_button = QPushButton("&Show person")
        buttons.addButton(self.show_person_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.show_person_button.clicked.connect(self.on_show_person_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        document.changed.connect(self.on_document_changed)
        document.as_of_changed.connect(self.reload)
        # The document closed: its list would only mislead.
        document.destroyed.connect(self.close)
        document.destroyed.connect(self.deleteLater)
        self.due: DueList | None = None
        self.reload()

    def on_document_changed(self, changes: object) -> None:
        if isinstance(changes, Change) and changes & SHOWS:
            self.reload()

    def reload(self, *_args: object) -> None:
        try:
            due = find_due(self.document.matrix(), self.document.store.settings.get())
        except DocumentError as error:
            self.heading.setText(f"The due dates could not be found: {error}")
            return
        self.due = due
        overdue, soon = due.overdue(), due.due_soon()
        self.heading.setText(
            f"As of {due.as_of.isoformat()}: {len(overdue)} overdue, {len(soon)} due soon "
            "(recurring competencies and documents to acknowledge)."
        )
        self.tree.clear()
        for title, items in (("Overdue", overdue), ("Due soon", soon)):
            group = QTreeWidgetItem(self.tree, [f"{title} ({len(items)})"])
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for item in items:
                group.addChild(_row(item))
            if not items:
                empty = QTreeWidgetItem(group, ["Nobody"])
                empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setExpanded(True)
        for column in range(len(COLUMNS) - 1):
            self.tree.resizeColumnToContents(column)
        first = self._first_person_row()
        if first is not None:
            self.tree.setCurrentItem(first)

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """Each group's title row and its rows."""
        groups = []
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            if group is None:
                continue
            rows = [group.child(child) for child in range(group.childCount())]
            groups.append((group, [row for row in rows if row is not None]))
        return groups

    def _first_person_row(self) -> QTreeWidgetItem | None:
        for _group, rows in self._groups():
            for row in rows:
                if row.data(0, PERSON_ROLE) is not None:
                    return row
        return None

    def rows(self) -> list[tuple[str, ...]]:
        """What the list shows, group title first in each group (for tests and screen
        readers' users alike: the text, not a colour, says the state)."""
        shown: list[tuple[str, ...]] = []
        for group, rows in self._groups():
            shown.append((group.text(0),))
            for row in rows:
                shown.append(tuple(row.text(column) for column in range(len(COLUMNS))))
        return shown

    def on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self._show_person(item)

    def on_show_person_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self._show_person(item)

    def _show_person(self, item: QTreeWidgetItem) -> None:
        person_id = item.data(0, PERSON_ROLE)
        if person_id is None:
            return
        # Imported here: the window imports the views, not the other way round.
        from compdesk.views.main_window import MainWindow

        window = self.parentWidget()
        if isinstance(window, MainWindow):
            window.show_record(RecordRef(RecordKind.PERSON, int(person_id), item.text(0)))
            window.activateWindow()


def _row(item: DueItem) -> QTreeWidgetItem:
    due = item.due_on.isoformat() if item.due_on is not None else "—"
    row = QTreeWidgetItem([item.person.name, item.competency.name, due, item.text()])
    row.setData(0, PERSON_ROLE, item.person.id)
    row.setToolTip(0, f"Show {item.person.name} in People")
    return row


def open_due_panel(anchor: QWidget) -> DuePanel | None:
    """Show the due list of the document open in `anchor`'s window (one panel per window and
    document); None when no document is open."""
    from compdesk.views.main_window import MainWindow

    window = anchor.window()
    if not isinstance(window, MainWindow) or window.document is None:
        return None
    panel = window.findChild(DuePanel)
    if panel is not None and panel.document is not window.document:
        panel.deleteLater()
        panel.setParent(None)
        panel = None
    if panel is None:
        panel = DuePanel(window.document, window)
    else:
        panel.reload()
    panel.show()
    panel.raise_()
    panel.activateWindow()
    panel.tree.setFocus()
    return panel
