"""A form over one record: labelled rows; each field is saved as it is left, as one undo command.

The model (the same in every form of the window): a field of a record that exists is saved when
the user leaves it (Tab, a click elsewhere, Enter), and a choice (a combo box, a tick) as soon as
it is made, each as one undoable command whose text names the field. Esc in a field puts back
what it held when the user entered it. A new record is a draft until Add (or Enter); every way
out of the form (another row, another view, closing, quitting, opening another file) first saves
what is pending, a draft included, through `commit_pending`; a field that does not validate
blocks the way out, with its message shown and the focus in it. Nothing typed is dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from itertools import pairwise
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
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
from compdesk.views.commands.base import StoreCommand, UpdateRecordCommand
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

    A field left, a choice made or Apply turns the form into one undo command and pushes it;
    bad input shows a message under the form and changes nothing (see the module's docstring).
    """

    # The command that the form pushed successfully.
    applied = Signal(object)
    # The user changed something that is not applied yet.
    dirty_changed = Signal(bool)

    noun = "record"
    # What the undo text calls each field of the record that the form edits ("job title").
    field_labels: ClassVar[dict[str, str]] = {}

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.record: Any | None = None
        self.dirty = False
        self._loading = False
        self._editable = True
        self._read_only_widgets: list[QLineEdit | QPlainTextEdit | OptionalDateEdit] = []
        self._disabled_widgets: list[QWidget] = []
        # What each typed-in field held when the user entered it, for Esc to put back.
        self._entered_text: dict[QObject, str] = {}

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
        self.revert_button.setToolTip("Forget the typing not saved yet (Esc in a field)")
        # A click must not take the focus: leaving the field would save what Revert is to forget.
        self.revert_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
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
        """Mark the form dirty when the user changes `widget`; save a typed field as it is
        left and a choice as it is made."""
        if isinstance(widget, OptionalDateEdit):
            widget.edited.connect(self.mark_dirty)
            widget.returnPressed.connect(self.apply)
            # Also a date picked from the calendar, which takes the focus from the text.
            widget.editingFinished.connect(self._save_left_field_soon)
            widget.line_edit.installEventFilter(self)
            self._read_only_widgets.append(widget)
        elif isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.mark_dirty)
            widget.returnPressed.connect(self.apply)
            widget.installEventFilter(self)
            self._read_only_widgets.append(widget)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.mark_dirty)
            widget.setTabChangesFocus(True)
            widget.installEventFilter(self)
            self._read_only_widgets.append(widget)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.on_choice_made)
            self._disabled_widgets.append(widget)
        elif isinstance(widget, QSpinBox):
            # Typed digits are saved as the box is left, not at each keystroke.
            widget.valueChanged.connect(self.mark_dirty)
            widget.installEventFilter(self)
            self._disabled_widgets.append(widget)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.on_choice_made)
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
        model.checks_changed.connect(self.on_choice_made)

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

    def on_choice_made(self, *_args: object) -> None:
        """A choice (a combo box, a tick, a date picked) is saved as it is made; after the
        signal's sender has finished, since saving reloads the lists it belongs to."""
        if self._loading or not self._editable:
            return
        self.mark_dirty()
        if not self.is_new:
            QTimer.singleShot(0, self._save_left_field)

    def _save_left_field_soon(self) -> None:
        if not self.is_new:
            QTimer.singleShot(0, self._save_left_field)

    def _save_left_field(self) -> None:
        if self.dirty and not self.is_new:
            self.apply(focus_on_error=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._entered_text[watched] = _text_of(watched)
        elif kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            # A context menu or a popup takes the focus for a moment: the field is not left.
            if event.reason() != Qt.FocusReason.PopupFocusReason:
                self._save_left_field()
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._editable
        ):
            self.revert_field(watched)
            return True
        return super().eventFilter(watched, event)

    def revert_field(self, field: QObject) -> None:
        """Esc: the field holds again what it held when the user entered it."""
        entered = self._entered_text.get(field)
        if entered is not None and _text_of(field) != entered:
            _set_text_of(field, entered)
        if self.is_new:
            return
        try:
            unchanged = self.command() is None
        except InputError:
            unchanged = False
        if unchanged:
            self.load(self.record)

    def commit_pending(self) -> bool:
        """Before a way out of the form: save what is pending (a draft is added); False, with
        the message shown and the focus in the field at fault, if it does not validate. A draft
        with nothing typed in it is simply dropped."""
        if not self.dirty or not self._editable or not self.document.editable:
            return True
        if self.is_new and self._draft_is_blank():
            self.load(None)
            return True
        return self.apply()

    def _draft_is_blank(self) -> bool:
        return all(
            not _text_of(widget).strip()
            for widget in self._read_only_widgets
            if isinstance(widget, QLineEdit | QPlainTextEdit | OptionalDateEdit)
        )

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

    def apply(self, *, focus_on_error: bool = True) -> bool:
        """Push the form's edit. True when it was applied (or there was nothing to apply).

        Refused, the form says why; `focus_on_error` puts the focus in the field at fault (not
        when the user has just left it for another)."""
        if not self._editable or not self.document.editable:
            return False
        try:
            command = self.command()
        except FieldError as error:
            if focus_on_error:
                self.message.show_field_error(error)
            else:
                self.message.show_error(str(error))
            return False
        except InputError as error:
            self.message.show_error(str(error))
            return False
        if command is None:
            self.load(self.record)
            return True
        if isinstance(command, UpdateRecordCommand):
            command.setText(self.change_text(command.before, command.after))
        refusal = self.document.push(command)
        if refusal is not None:
            self.message.show_error(f"Not saved: {refusal}" if refusal else "Not saved.")
            return False
        self.dirty = False
        self.dirty_changed.emit(False)
        self.applied.emit(command)
        self._update_buttons()
        return True

    def change_text(self, before: Any, after: Any) -> str:
        """The undo text of an edit: "Change job title of Ana Ruiz" (each field it changed)."""
        changed = [
            self.field_labels.get(field.name, field.name.replace("_", " "))
            for field in dataclasses.fields(before)
            if _comparable(getattr(before, field.name)) != _comparable(getattr(after, field.name))
        ]
        if not changed:
            return f"Edit {self.title_of(before)}"
        listed = (
            changed[0] if len(changed) == 1 else ", ".join(changed[:-1]) + " and " + changed[-1]
        )
        return f"Change {listed} of {self.title_of(before)}"


def _comparable(value: Any) -> Any:
    # What a tuple holds is a set (role ids, accepted kinds): another order changes nothing.
    return frozenset(value) if isinstance(value, tuple) else value


def _text_of(field: QObject) -> str:
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, QPlainTextEdit):
        return field.toPlainText()
    if isinstance(field, OptionalDateEdit):
        return field.text()
    if isinstance(field, QSpinBox):
        return field.text()
    return ""


def _set_text_of(field: QObject, text: str) -> None:
    if isinstance(field, QLineEdit):
        field.setText(text)
    elif isinstance(field, QPlainTextEdit):
        field.setPlainText(text)
    elif isinstance(field, QSpinBox):
        field.setValue(field.valueFromText(text))


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
