"""The calendar activity form: add one, or edit one, of the annual calendar.

Accepting pushes AddActivityCommand or UpdateActivityCommand; when the document refuses, the
form stays open and says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.calendar import CALENDAR_STATUSES, month_name
from compdesk.models.records import CalendarActivity
from compdesk.views.commands.base import StoreCommand
from compdesk.views.commands.calendar import AddActivityCommand, UpdateActivityCommand
from compdesk.views.document import Document
from compdesk.views.evidence.form_guard import FormGuard
from compdesk.views.widgets.command_dialog import CommandDialog
from compdesk.views.widgets.forms import FieldError, FormMessage, make_dialog_buttons

EVERY_YEAR: Final = "every year"


class ActivityDialog(CommandDialog):
    """Add a calendar activity (`activity` None) in `year`, or edit one."""

    def __init__(
        self,
        document: Document,
        *,
        activity: CalendarActivity | None = None,
        year: int | None = None,
        years: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.activity = activity
        # The id of the activity added or edited, once accepted.
        self.saved_activity_id: int | None = activity.id if activity else None
        self.setWindowTitle("Edit calendar activity" if activity else "Add calendar activity")
        self.setMinimumWidth(480)

        self.month_combo = QComboBox()
        self.month_combo.setAccessibleName("Month")
        for month in range(1, 13):
            self.month_combo.addItem(month_name(month), month)
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Year")
        self.year_combo.setToolTip("A template activity planned every year has no year")
        self.year_combo.addItem(EVERY_YEAR, None)
        shown = activity.year if activity else year
        for listed in sorted({*years, *([shown] if shown is not None else [])}):
            self.year_combo.addItem(str(listed), listed)
        self.activity_edit = QLineEdit()
        self.activity_edit.setAccessibleName("Activity")
        self.activity_edit.setPlaceholderText("e.g. phishing drill, security awareness refresher")
        self.owner_edit = QLineEdit()
        self.owner_edit.setAccessibleName("Owner")
        self.target_edit = QLineEdit()
        self.target_edit.setAccessibleName("Target")
        self.target_edit.setPlaceholderText("e.g. click rate below 10 %")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        for status in CALENDAR_STATUSES:
            self.status_combo.addItem(status, status)
        self.result_edit = QLineEdit()
        self.result_edit.setAccessibleName("Actual result")

        self.message = FormMessage(self)
        self.buttons = make_dialog_buttons(self, "Apply changes" if activity else "Add activity")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: tuple[tuple[str, QWidget], ...] = (
            ("&Month:", self.month_combo),
            ("&Year:", self.year_combo),
            ("A&ctivity:", self.activity_edit),
            ("&Owner:", self.owner_edit),
            ("&Target:", self.target_edit),
            ("&Status:", self.status_combo),
            ("Actual &result:", self.result_edit),
        )
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self._fill(activity, year)
        self.guard = FormGuard(
            self,
            self.message,
            self.ok_button,
            (
                self.month_combo,
                self.year_combo,
                self.activity_edit,
                self.owner_edit,
                self.target_edit,
                self.status_combo,
                self.result_edit,
            ),
            noun="calendar activity",
            check=self.values,
        )
        self.activity_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, activity: CalendarActivity | None, year: int | None) -> None:
        if activity is None:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
            return
        self.month_combo.setCurrentIndex(activity.month - 1)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(activity.year), 0))
        self.activity_edit.setText(activity.activity)
        self.owner_edit.setText(activity.owner)
        self.target_edit.setText(activity.target)
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(activity.status), 0))
        self.result_edit.setText(activity.actual_result)

    def values(self) -> CalendarActivity:
        """The activity as typed, or a FieldError saying what is wrong."""
        name = self.activity_edit.text().strip()
        if not name:
            raise FieldError(self.activity_edit, "Name the activity, e.g. phishing drill.")
        base = self.activity or CalendarActivity(id=0, month=1, activity=name)
        return replace(
            base,
            month=int(self.month_combo.currentData()),
            year=self.year_combo.currentData(),
            activity=name,
            owner=self.owner_edit.text().strip(),
            target=self.target_edit.text().strip(),
            status=str(self.status_combo.currentData()),
            actual_result=self.result_edit.text().strip(),
        )

    def command(self) -> StoreCommand | None:
        """The edit accepting asks for (None when nothing changed)."""
        activity = self.values()
        store = self.document.store
        if self.activity is None:
            return AddActivityCommand(store, activity)
        if activity == self.activity:
            return None
        return UpdateActivityCommand(store, self.activity, activity)

    def on_saved(self, command: StoreCommand) -> None:
        if isinstance(command, AddActivityCommand):
            self.saved_activity_id = command.record_id
