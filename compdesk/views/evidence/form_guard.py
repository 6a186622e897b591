"""What a record dialog's fields hold since it opened: asked about before it is dropped, and
re-checked while a field error is shown.

The model of docs/architecture.md ("Forms save as they go"): a dialog's explicit button applies;
the window's close with something typed applies it when it validates; Esc or Cancel with
something typed, or a close that does not validate, asks first (apply, discard, or keep
editing), so nothing typed is dropped without a word. A field error shown under the form goes
away as soon as the form passes the check again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from compdesk.views.widgets.date_edit import OptionalDateEdit
from compdesk.views.widgets.forms import FieldError, FormMessage


def field_value(widget: QWidget) -> object:
    """What the user can change in one field."""
    if isinstance(widget, OptionalDateEdit):
        return widget.text()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    raise TypeError(f"no value of a {type(widget).__name__}")


class FormGuard(QObject):
    """Watches a dialog's fields: `reject` asks before dropping what was typed, the window's
    close applies it (through `apply`, the dialog's OK button) when it validates, and a field
    error shown by `show_field_error` is cleared once `check` passes again.

    `check` raises the FieldError of the form's first problem (the dialog's `values`);
    `extra_state` gives what the fields do not show (the files listed to attach)."""

    def __init__(
        self,
        dialog: QDialog,
        message: FormMessage,
        apply: QAbstractButton,
        fields: Sequence[QWidget],
        *,
        noun: str,
        check: Callable[[], object],
        extra_state: Callable[[], object] = lambda: None,
    ) -> None:
        super().__init__(dialog)
        self._dialog, self._message, self._apply = dialog, message, apply
        self._fields = tuple(fields)
        self._noun, self._check, self._extra_state = noun, check, extra_state
        self._showing_field_error = False
        self.question: QMessageBox | None = None
        self.apply_button: QAbstractButton | None = None
        self.discard_button: QAbstractButton | None = None
        self._opened_with = self._state()
        for field in self._fields:
            if isinstance(field, OptionalDateEdit):
                field.line_edit.textChanged.connect(self.on_field_changed)
            elif isinstance(field, QLineEdit | QPlainTextEdit):
                field.textChanged.connect(self.on_field_changed)
            elif isinstance(field, QComboBox):
                field.currentIndexChanged.connect(self.on_field_changed)

    def _state(self) -> tuple[object, ...]:
        return (*(field_value(field) for field in self._fields), self._extra_state())

    def take_as_opened(self) -> None:
        """What the fields hold now is what the dialog opened with (after its opener filled
        some in for the user)."""
        self._opened_with = self._state()

    def has_changes(self) -> bool:
        """Something was typed or chosen since the dialog opened."""
        return self._state() != self._opened_with

    # ---- field errors -------------------------------------------------------------------------

    def show_field_error(self, error: FieldError) -> None:
        self._message.show_field_error(error)
        self._showing_field_error = True

    def on_field_changed(self, *_args: object) -> None:
        if not self._showing_field_error:
            return
        try:
            self._check()
        except FieldError:
            return
        self._showing_field_error = False
        self._message.clear_message()

    # ---- ways out -----------------------------------------------------------------------------

    def close(self, event: QCloseEvent) -> bool:
        """The window's close button (the dialog's closeEvent): what was typed is applied, as
        every other way out of a form applies it; only what does not validate is asked about.
        False when nothing was typed, for the dialog to close as usual."""
        if not self.has_changes():
            return False
        event.ignore()
        if not self._apply.isEnabled():
            # Applying is not possible now (files still being attached): the dialog's own
            # reject says what happens.
            self._dialog.reject()
            return True
        try:
            self._check()
        except FieldError:
            self.reject(lambda: QDialog.reject(self._dialog))
            return True
        self._dialog.accept()
        return True

    def reject(self, drop: Callable[[], None]) -> None:
        """Close through `drop` (the dialog's own reject) at once when nothing was typed;
        otherwise ask whether to apply, discard, or keep editing."""
        if not self.has_changes():
            drop()
            return
        if self.question is not None:
            return
        question = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard changes?",
            f"The changes to this {self._noun} are not applied yet.",
            parent=self._dialog,
        )
        question.setTextFormat(Qt.TextFormat.PlainText)
        question.setInformativeText("Apply them, discard them, or keep editing?")
        self.apply_button = question.addButton("&Apply", QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = question.addButton(
            "&Discard changes", QMessageBox.ButtonRole.DestructiveRole
        )
        keep = question.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
        question.setDefaultButton(keep)
        question.setEscapeButton(keep)
        question.setWindowModality(Qt.WindowModality.WindowModal)

        def on_finished(_result: int) -> None:
            clicked = question.clickedButton()
            self.question = None
            question.deleteLater()
            if clicked is self.discard_button:
                drop()
            elif clicked is self.apply_button:
                self._dialog.accept()

        question.finished.connect(on_finished)
        self.question = question
        question.open()
