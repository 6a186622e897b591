"""A form over one record: labelled rows, Apply and Revert, one undo command per apply."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.errors import InputError
from compdesk.views.commands.base import StoreCommand
from compdesk.views.document import Document
from compdesk.views.widgets.check_list import CheckListModel
from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.forms import FieldError, FormMessage, bold_font


def add_labelled_rows(form: QFormLayout, rows: Iterable[tuple[str, QWidget, str | None]]) -> None:
    """Rows of (label with its & mnemonic, field, the field's accessible name or None to keep
    its own); an empty label puts the field alone on its row, as a note to the one above."""
    for label, widget, name in rows:
        if name is not None:
            widget.setAccessibleName(name)
        if label:
            label_widget = QLabel(label)
            # A label's mnemonic focuses its buddy only if that takes the focus itself.
            label_widget.setBuddy(
                widget.line_edit if isinstance(widget, OptionalDateEdit) else widget
            )
            form.addRow(label_widget, widget)
        else:
            form.addRow("", widget)


class RecordForm(QWidget):
    """A form over one record, or over a new one (record None).

    Apply turns the form into one undo command and pushes it; bad input shows a message under
    the form, moves the focus to the field at fault, and changes nothing.
    """

    # The command that the form pushed successfully.
    applied = Signal(object)
    # The user changed something that is not applied yet.
    dirty_changed = Signal(bool)

    noun = "record"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.record: Any | None = None
        self.dirty = False
        self._loading = False
        self._editable = True
        self._read_only_widgets: list[QLineEdit | QPlainTextEdit | OptionalDateEdit] = []
        self._disabled_widgets: list[QWidget] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setFont(bold_font())
        outer.addWidget(self.heading)
        self.fields = QFormLayout()
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.fields)
        self.message = FormMessage()
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Forget the changes not applied yet")
        self.revert_button.clicked.connect(self.revert)
        self.apply_button = QPushButton("Add")
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        outer.addLayout(buttons)
        outer.addStretch(1)

    # ---- for subclasses -----------------------------------------------------------------

    def fill(self, record: Any | None) -> None:
        """Show `record` (None: empty fields for a new one)."""
        raise NotImplementedError

    def command(self) -> StoreCommand | None:
        """The edit the fields ask for (None if nothing changed), or a FieldError."""
        raise NotImplementedError

    def title_of(self, record: Any) -> str:
        return str(getattr(record, "name", ""))

    def add_row(self, label: str, widget: QWidget, *, accessible_name: str | None = None) -> None:
        """A labelled field that marks the form dirty when the user changes it."""
        name = accessible_name or label.replace("&", "").rstrip(":")
        add_labelled_rows(
            self.fields, [(label, widget, None if isinstance(widget, OptionalDateEdit) else name)]
        )
        self.watch(widget)

    def watch(self, widget: QWidget) -> None:
        if isinstance(widget, OptionalDateEdit):
            widget.edited.connect(self.mark_dirty)
            widget.returnPressed.connect(self.apply)
            self._read_only_widgets.append(widget)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.mark_dirty)
            widget.returnPressed.connect(self.apply)
            self._read_only_widgets.append(widget)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.mark_dirty)
            widget.setTabChangesFocus(True)
            self._read_only_widgets.append(widget)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.mark_dirty)
            self._disabled_widgets.append(widget)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self.mark_dirty)
            self._disabled_widgets.append(widget)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.mark_dirty)
            self._disabled_widgets.append(widget)

    def order_tab_chain(self) -> list[QWidget]:
        """Tab through the fields top to bottom, then Revert and Apply; returns the chain."""
        chain: list[QWidget] = []
        for row in range(self.fields.rowCount()):
            item = self.fields.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if widget is not None:
                chain.extend(_focus_stops(widget))
        chain += [self.revert_button, self.apply_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        return chain

    def watch_checks(self, model: CheckListModel) -> None:
        model.checks_changed.connect(self.mark_dirty)

    # ---- state ------------------------------------------------------------------------

    @property
    def is_new(self) -> bool:
        return self.record is None

    def mark_dirty(self, *_args: object) -> None:
        if self._loading or not self._editable:
            return
        if not self.dirty:
            self.dirty = True
            self.dirty_changed.emit(True)
        self._update_buttons()

    def load(self, record: Any | None) -> None:
        """Show a record, or empty fields for a new one; forgets changes not applied."""
        self._loading = True
        try:
            self.record = record
            self.fill(record)
        finally:
            self._loading = False
        was_dirty, self.dirty = self.dirty, False
        if was_dirty:
            self.dirty_changed.emit(False)
        self.message.clear_message()
        self.heading.setText(self.title_of(record) if record is not None else f"New {self.noun}")
        self._update_buttons()

    def revert(self) -> None:
        self.load(self.record)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for editor in self._read_only_widgets:
            editor.setReadOnly(not editable)
        for widget in self._disabled_widgets:
            widget.setEnabled(editable)
        if not editable and self.dirty:
            self.load(self.record)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.apply_button.setText(f"Add {self.noun}" if self.is_new else "Apply")
        self.apply_button.setAccessibleName(
            f"Add this {self.noun}" if self.is_new else "Apply the changes"
        )
        self.apply_button.setEnabled(self._editable and (self.is_new or self.dirty))
        self.revert_button.setEnabled(self._editable and self.dirty)

    # ---- applying -----------------------------------------------------------------------

    def apply(self) -> bool:
        """Push the form's edit. True when it was applied (or there was nothing to apply)."""
        if not self._editable or not self.document.editable:
            return False
        try:
            command = self.command()
        except FieldError as error:
            self.message.show_field_error(error)
            return False
        except InputError as error:
            self.message.show_error(str(error))
            return False
        if command is None:
            self.load(self.record)
            return True
        refusal = self.document.push(command)
        if refusal is not None:
            self.message.show_error(f"Not saved: {refusal}" if refusal else "Not saved.")
            return False
        self.dirty = False
        self.dirty_changed.emit(False)
        self.applied.emit(command)
        self._update_buttons()
        return True


def _focus_stops(widget: QWidget) -> list[QWidget]:
    """The widgets inside one form field that Tab stops at, in their order."""
    if isinstance(widget, OptionalDateEdit):
        return [widget.line_edit, widget.calendar_button]
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return [widget]
    stops: list[QWidget] = []
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if not child.isWindow():
            stops.extend(_focus_stops(child))
    return stops
