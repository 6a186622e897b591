"""Form pieces the editing views share: optional dates and months, messages, record forms.

Every label here that can show text the user typed is plain text: a name such as
`<Ana> & Co` must appear as typed, never as markup.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import pairwise
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from compdesk.models.dates import parse_date
from compdesk.models.errors import InputError
from compdesk.views.commands import StoreCommand
from compdesk.views.document import Document

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()
DATE_PLACEHOLDER = "YYYY-MM-DD"


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


# ---- single fields ------------------------------------------------------------------------


class OptionalDateEdit(QWidget):
    """A date that may be empty: typed as YYYY-MM-DD, or picked from a calendar.

    A QDateEdit always holds some date, which would turn "no end date" into a wrong one.
    """

    # The user changed the text, by typing or with the calendar.
    edited = Signal()
    editingFinished = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line_edit = QLineEdit()
        self.line_edit.setPlaceholderText(f"{DATE_PLACEHOLDER} (optional)")
        self.line_edit.setClearButtonEnabled(True)
        self.line_edit.setAccessibleName(what.capitalize())
        self.line_edit.setToolTip(f"The {what}, as YYYY-MM-DD; leave empty if there is none")
        self.line_edit.textEdited.connect(lambda _text: self.edited.emit())
        self.line_edit.editingFinished.connect(self.editingFinished.emit)
        self.returnPressed = self.line_edit.returnPressed
        # The clear button changes the text without textEdited.
        self.line_edit.textChanged.connect(self._on_text_changed)
        layout.addWidget(self.line_edit)

        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self.on_calendar_clicked)
        self.calendar.activated.connect(self.on_calendar_clicked)
        self._menu = QMenu(self)
        calendar_action = QWidgetAction(self._menu)
        calendar_action.setDefaultWidget(self.calendar)
        self._menu.addAction(calendar_action)
        self._menu.aboutToShow.connect(self.on_menu_about_to_show)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▦")
        self.calendar_button.setToolTip(f"Pick the {what} from a calendar")
        self.calendar_button.setAccessibleName(f"Pick the {what} from a calendar")
        self.calendar_button.setMenu(self._menu)
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.calendar_button)
        self._setting = False

    def _on_text_changed(self, text: str) -> None:
        if not text and not self._setting:
            self.edited.emit()

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:
        self._setting = True
        try:
            self.line_edit.setText(text)
        finally:
            self._setting = False

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value))

    def date(self) -> date | None:
        """The date typed, None when empty; a FieldError saying what is wrong otherwise."""
        text = self.line_edit.text().strip()
        if not text:
            return None
        try:
            return parse_date(text, self.what)
        except InputError:
            raise FieldError(
                self.line_edit,
                f"The {self.what} “{text}” is not a date in the form YYYY-MM-DD "
                "(for example 2025-03-31).",
            ) from None

    def setReadOnly(self, read_only: bool) -> None:
        self.line_edit.setReadOnly(read_only)
        self.line_edit.setClearButtonEnabled(not read_only)
        self.calendar_button.setEnabled(not read_only)

    def on_menu_about_to_show(self) -> None:
        try:
            current = self.date()
        except FieldError:
            current = None
        chosen = current or date.today()
        self.calendar.setSelectedDate(QDate(chosen.year, chosen.month, chosen.day))

    def on_calendar_clicked(self, picked: QDate) -> None:
        self.line_edit.setText(picked.toString("yyyy-MM-dd"))
        self._menu.hide()
        self.edited.emit()
        self.editingFinished.emit()


class OptionalMonthsSpinBox(QSpinBox):
    """A number of months, where 0 shows as `none_text` and means "no interval"."""

    def __init__(self, none_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 240)
        self.setSpecialValueText(none_text)
        self.setSuffix(" months")
        self.setAccelerated(True)

    def months(self) -> int | None:
        return self.value() or None

    def set_months(self, months: int | None) -> None:
        self.setValue(months or 0)


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
        self.is_error = True
        self.setStyleSheet(
            "QLabel { background: #fde7e9; color: #5f0b12; border: 1px solid #c42b1c;"
            " border-radius: 3px; padding: 4px; }"
        )
        self._show(f"⚠ {text}")

    def show_field_error(self, error: FieldError) -> None:
        """Say what is wrong, and put the keyboard focus in the field at fault."""
        self.show_error(str(error))
        error.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_info(self, text: str) -> None:
        self.is_error = False
        self.setStyleSheet(
            "QLabel { background: #e6f2e6; color: #0b3d0b; border: 1px solid #3a7d3a;"
            " border-radius: 3px; padding: 4px; }"
        )
        self._show(f"✔ {text}")

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear_message(self) -> None:
        self.is_error = False
        self.setText("")
        self.hide()


# ---- a checkable list ---------------------------------------------------------------------


class CheckListModel(QAbstractListModel):
    """Named items, each with a check box: the roles a person holds, for instance."""

    checks_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[int, str, str]] = []
        self._checked: set[int] = set()
        self._editable = True

    def set_items(self, items: Iterable[tuple[int, str, str]]) -> None:
        """(id, label, tooltip) per item; checks of ids that remain are kept."""
        self.beginResetModel()
        self._items = list(items)
        self._checked &= {item_id for item_id, _label, _tip in self._items}
        self.endResetModel()

    def set_checked(self, ids: Iterable[int]) -> None:
        self._checked = set(ids) & {item_id for item_id, _label, _tip in self._items}
        self._emit_all_changed()

    def checked(self) -> tuple[int, ...]:
        """Checked ids, in the order of the list."""
        return tuple(item_id for item_id, _label, _tip in self._items if item_id in self._checked)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1))

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item_id, label, tip = self._items[index.row()]
        checked = item_id in self._checked
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(tip) if tip else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{label}, {'checked' if checked else 'not checked'}"
        if role == Qt.ItemDataRole.UserRole:
            return item_id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return checkable_flags(index, self._editable)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        checked = requested_check(index, value, role, self._editable)
        if checked is None:
            return False
        item_id = self._items[index.row()][0]
        if checked:
            self._checked.add(item_id)
        else:
            self._checked.discard(item_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checks_changed.emit()
        return True


def check_state(value: Any) -> Qt.CheckState:
    """A check state as views hand it to setData: an enum member or its int value."""
    if isinstance(value, Qt.CheckState):
        return value
    try:
        return Qt.CheckState(int(value))
    except (TypeError, ValueError):
        return Qt.CheckState.Unchecked


def checkable_flags(index: AnyIndex, editable: bool) -> Qt.ItemFlag:
    """The flags of an item with a check box, which the user can tick while `editable`."""
    if not index.isValid():
        return Qt.ItemFlag.NoItemFlags
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if editable:
        flags |= Qt.ItemFlag.ItemIsUserCheckable
    return flags


def requested_check(index: AnyIndex, value: Any, role: int, editable: bool) -> bool | None:
    """Whether setData asks to tick (True) or untick (False) a check box; None when it asks
    for something else, or the box cannot be ticked now."""
    if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not editable:
        return None
    return check_state(value) == Qt.CheckState.Checked


def make_check_list_view(model: CheckListModel, name: str) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setToolTip(f"{name}: Space ticks or unticks the selected one")
    return view


# ---- confirmation -------------------------------------------------------------------------


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


# ---- a form over one record ---------------------------------------------------------------


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


def date_not_in_future(edit: OptionalDateEdit) -> date | None:
    """The date typed (None when empty); a FieldError if it is after today."""
    value = edit.date()
    if value is not None and value > date.today():
        raise FieldError(edit.line_edit, f"The {edit.what} {value.isoformat()} is in the future.")
    return value


def set_combo_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    combo.clear()
    for label, value in items:
        combo.addItem(label, value)
