"""Small pieces the editing views share: plain-text tooltips, a field's error and the message
under a form, dialog buttons and sizing, a confirmation, checks of typed names, combo boxes.

Date fields are in `date_edit`, the form over one record in `record_form`, check-box lists in
`check_list`. Every label that can show text the user typed is plain text: a name such as
`<Ana> & Co` must appear as typed, never as markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from compdesk.models.errors import InputError


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as typed: Qt guesses rich text from a `<` otherwise."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def bold_font() -> QFont:
    """Bold, and otherwise the parent's font: it grows with audit mode's larger type."""
    font = QFont()
    font.setBold(True)
    return font


def format_date(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


class FieldError(InputError):
    """Bad input in one field of a form; the form puts the keyboard focus there."""

    def __init__(self, widget: QWidget, message: str) -> None:
        super().__init__(message)
        self.widget = widget


def make_dialog_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (named `ok_text`) and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def make_text_box(lines: int, parent: QWidget) -> QPlainTextEdit:
    """A text box `lines` lines high in the parent's font; Tab leaves it."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(parent.fontMetrics().lineSpacing() * lines + 12)
    return box


def fit_dialog_to_wrapped_text(dialog: QDialog, layout: QLayout) -> None:
    """Wrapped hints need their height for the width: a window sized by Qt's first guess
    can be too short for them, and the fields then overlap."""
    layout.activate()
    width = dialog.sizeHint().width()
    dialog.resize(width, max(dialog.sizeHint().height(), layout.totalHeightForWidth(width)))


def focus_first_enabled(widgets: Iterable[QWidget]) -> None:
    for widget in widgets:
        if widget.isEnabled():
            widget.setFocus()
            return


_ERROR_STYLE = (
    "QLabel { background: #fde7e9; color: #5f0b12; border: 1px solid #c42b1c;"
    " border-radius: 3px; padding: 4px; }"
)
_INFO_STYLE = (
    "QLabel { background: #e6f2e6; color: #0b3d0b; border: 1px solid #3a7d3a;"
    " border-radius: 3px; padding: 4px; }"
)


class FormMessage(QLabel):
    """A problem or a confirmation under a form, marked by a symbol and words, not colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Form message")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.is_error = False
        self.hide()

    def show_error(self, text: str) -> None:
        self._show(f"⚠ {text}", _ERROR_STYLE, is_error=True)

    def show_field_error(self, error: FieldError) -> None:
        """Say what is wrong, and put the keyboard focus in the field at fault."""
        self.show_error(str(error))
        error.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_info(self, text: str) -> None:
        self._show(f"✔ {text}", _INFO_STYLE, is_error=False)

    def _show(self, text: str, style: str, *, is_error: bool) -> None:
        self.is_error = is_error
        self.setStyleSheet(style)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear_message(self) -> None:
        self.is_error = False
        self.setText("")
        self.hide()


def ask_to_confirm(
    parent: QWidget, title: str, text: str, action: str, on_confirmed: Callable[[], None]
) -> QMessageBox:
    """A non-blocking question: `on_confirmed` runs only if the user picks `action`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(action)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def on_finished(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes.value:
            on_confirmed()
        box.deleteLater()

    box.finished.connect(on_finished)
    box.open()
    return box


def required_text(widget: QLineEdit, what: str) -> str:
    text = widget.text().strip()
    if not text:
        raise FieldError(widget, f"The {what} is required.")
    return text


def require_unique_name(
    widget: QLineEdit, name: str, records: Iterable[Any], current: Any | None, noun: str
) -> None:
    """A FieldError if a record other than `current` has that name, in any case."""
    for other in records:
        if other.name.casefold() == name.casefold() and (current is None or other.id != current.id):
            raise FieldError(widget, f"There is already a {noun} named “{other.name}”.")


def set_combo_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    combo.clear()
    for label, value in items:
        combo.addItem(label, value)
