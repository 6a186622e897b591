"""Date fields, typed as YYYY-MM-DD or picked from a calendar, and a number of months where
none means no interval.

A typed date is read whole, from the text, when the user presses Enter or leaves the field: a
QDateEdit edits one section at a time, so typing `2025-06-30` over 2026-06-01 gives 2026-06-30,
and a year typed over a selected date is dropped. A text that is no date is refused where it
was typed: the field is marked and says why, until it holds a date again.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, Signal
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

# The field's own frame, red, while its text is refused (the form's message says the rest).
_REFUSED_STYLE = "QLineEdit { border: 2px solid #c42b1c; border-radius: 3px; padding: 1px; }"


class OptionalDateEdit(QWidget):
    """A date that may be empty: typed as YYYY-MM-DD, or picked from a calendar.

    A QDateEdit always holds some date, which would turn "no end date" into a wrong one.
    """

    # The user changed the text, by typing or with the calendar.
    edited = Signal()
    editingFinished = Signal()
    # Why the text is refused, as the field shows it; "" once it is a date again.
    refusal_changed = Signal(str)

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
        # A label's buddy, or a focus given to the field, lands where the date is typed.
        self.setFocusProxy(self.line_edit)

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
        self._tooltip = self.line_edit.toolTip()
        self.refusal: str | None = None
        # Checked as the field is left, so a wrong date is marked before anything uses it.
        self.line_edit.editingFinished.connect(self.check)

    def _on_text_changed(self, text: str) -> None:
        if not text and not self._setting:
            self.edited.emit()
        if self.refusal is not None and self._problem(text) is None:
            self._show_refusal(None)

    def _problem(self, text: str) -> str | None:
        """Why `text` is not a date this field takes; None if it is one."""
        text = text.strip()
        if not text:
            return None
        try:
            parse_date(text, self.what)
        except InputError:
            return (
                f"The {self.what} “{text}” is not a date in the form YYYY-MM-DD "
                "(for example 2025-03-31)."
            )
        return None

    def check(self) -> bool:
        """Mark the field if its text is not a date it takes; True when it is one."""
        self._show_refusal(self._problem(self.line_edit.text()))
        return self.refusal is None

    def _show_refusal(self, refusal: str | None) -> None:
        if refusal == self.refusal:
            return
        self.refusal = refusal
        self.line_edit.setStyleSheet(_REFUSED_STYLE if refusal else "")
        self.line_edit.setToolTip(refusal or self._tooltip)
        self.line_edit.setAccessibleDescription(refusal or "")
        self.refusal_changed.emit(refusal or "")

    def set_help(self, text: str) -> None:
        """The field's tooltip, shown while its text is not refused."""
        self._tooltip = text
        if self.refusal is None:
            self.line_edit.setToolTip(text)

    def text(self) -> str:
        return self.line_edit.text()

    def setText(self, text: str) -> None:
        self._setting = True
        try:
            self.line_edit.setText(text)
        finally:
            self._setting = False
        self.check()

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value))

    def date(self) -> date | None:
        """The date typed, None when empty; a FieldError saying what is wrong otherwise (the
        field is marked with it too)."""
        if not self.check():
            assert self.refusal is not None
            raise FieldError(self.line_edit, self.refusal)
        text = self.line_edit.text().strip()
        return parse_date(text, self.what) if text else None

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


class DateEdit(OptionalDateEdit):
    """A date that is always given, such as the date a matrix is shown as of.

    The date is taken when the user presses Enter, leaves the field or picks a day from the
    calendar (`date_entered`), never at each keystroke; a text that is no date, or none, is
    refused (`refusal_changed` says why) and the date taken before stays in force.
    """

    date_entered = Signal(object)  # date

    def __init__(self, what: str, value: date, parent: QWidget | None = None) -> None:
        super().__init__(what, parent)
        self._value = value
        self.line_edit.setPlaceholderText(DATE_PLACEHOLDER)
        self.line_edit.setClearButtonEnabled(False)
        self.set_help(f"The {what}, as YYYY-MM-DD; Enter takes it")
        self.set_date(value)
        self.editingFinished.connect(self.take)
        self._fit_width()

    def _fit_width(self) -> None:
        # Never squeezed to "5-06-30" in a crowded row: a date is read whole or misread.
        metrics = self.line_edit.fontMetrics()
        self.line_edit.setMinimumWidth(metrics.horizontalAdvance("0000-00-00") + 16)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_width()  # audit mode's larger type

    def value(self) -> date:
        """The date last taken (what the text says once it is taken)."""
        return self._value

    def set_date(self, value: date | None) -> None:
        """Show a date taken elsewhere (without `date_entered`)."""
        if value is not None:
            self._value = value
        super().set_date(self._value)

    def choose(self, value: date) -> None:
        """Show a date and take it, as if typed (a button's "Today")."""
        self.set_date(value)
        self.date_entered.emit(value)

    def setDate(self, value: QDate) -> None:
        """QDateEdit's spelling of `choose`, for code that holds a QDate."""
        self.choose(date(value.year(), value.month(), value.day()))

    def _problem(self, text: str) -> str | None:
        if not text.strip():
            return f"The {self.what} cannot be empty: type a date as YYYY-MM-DD."
        return super()._problem(text)

    def take(self) -> None:
        """Take the date typed, whole; or mark the field and say why it is refused."""
        if not self.check():
            return
        typed = self.date()
        assert typed is not None
        # The text shown is the date taken, in one spelling.
        super().set_date(typed)
        if typed != self._value:
            self._value = typed
            self.date_entered.emit(typed)


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
