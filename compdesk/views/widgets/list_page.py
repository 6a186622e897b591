"""The parts of a list view laid out the same way in every tab: a row of buttons, a read-only
details pane, the table above that pane, and the table's keys (Actions, Training, Drills,
Calendar)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTableView

from compdesk.views.widgets.record_table import add_shortcut_action


def button_row(buttons: Iterable[QPushButton]) -> QHBoxLayout:
    """The buttons side by side at the left, the rest of the row empty."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def details_label(accessible_name: str) -> QLabel:
    """A pane of plain text about the selected record: wrapped, selectable, never markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(accessible_name)
    label.setMargin(6)
    return label


def table_over_details(table: QTableView, details: QLabel, table_share: int) -> QSplitter:
    """The table above its details pane; the table takes `table_share` parts to the pane's one."""
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(table)
    splitter.addWidget(details)
    splitter.setStretchFactor(0, table_share)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    return splitter


def connect_record_keys(
    table: QTableView,
    *,
    edit: Callable[..., object],
    selection_changed: Callable[..., object],
    delete: Callable[[], object],
    delete_text: str,
) -> None:
    """Enter or a double-click edits the row, a new selection shows its details, and the
    Delete key (while the table has the focus) deletes it."""
    table.activated.connect(edit)
    table.selectionModel().selectionChanged.connect(selection_changed)
    add_shortcut_action(table, delete_text, QKeySequence.StandardKey.Delete, delete)
