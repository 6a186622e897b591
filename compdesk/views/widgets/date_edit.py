"""Date and month-count fields that may be empty: a date typed or picked from a calendar,
and a number of months where none means no interval."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from compdesk.models.dates import parse_date
from compdesk.models.errors import InputError
from compdesk.views.widgets.forms import FieldError, format_date

DATE_PLACEHOLDER = "YYYY-MM-DD"


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


def date_not_in_future(edit: OptionalDateEdit) -> date | None:
    """The date typed (None when empty); a FieldError if it is after today."""
    value = edit.date()
    if value is not None and value > date.today():
        raise FieldError(edit.line_edit, f"The {edit.what} {value.isoformat()} is in the future.")
    return value
