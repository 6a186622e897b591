"""The Calendar view: a year's planned awareness activities by month, with their owner, target,
status and actual result, and the sessions and drills that fulfilled each; late ones marked."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compdesk.models.calendar import activity_label, month_name
from compdesk.models.calendar_progress import is_late, year_progress
from compdesk.models.records import CalendarActivity
from compdesk.views.calendar.dialog import EVERY_YEAR, ActivityDialog
from compdesk.views.commands.base import Change
from compdesk.views.commands.calendar import DeleteActivityCommand
from compdesk.views.document import Document
from compdesk.views.widgets.document_view import DocumentView
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.list_page import (
    button_row,
    connect_record_keys,
    details_label,
    table_over_details,
)
from compdesk.views.widgets.record_table import (
    RecordFilterProxy,
    RowTableModel,
    make_record_table,
    reselect_record_row,
    select_record_row,
    selected_item,
)

_LATE_COLOUR: Final = "#a4262c"


@dataclass(frozen=True, slots=True)
class ActivityRow:
    activity: CalendarActivity
    fulfilled_by: tuple[str, ...]  # the labels of the sessions and drills linked to it
    late: bool

    @property
    def status_text(self) -> str:
        return f"{self.activity.status} ⚠ late" if self.late else self.activity.status


class ActivityColumn(enum.IntEnum):
    MONTH = 0
    ACTIVITY = 1
    OWNER = 2
    TARGET = 3
    STATUS = 4
    RESULT = 5
    FULFILLED_BY = 6


# The short columns' shares of the table's width; the result and what fulfilled it, the long
# texts, share the rest, and Month and Status fit their words.
_COLUMN_SHARES: Final = {
    ActivityColumn.ACTIVITY: 0.17,
    ActivityColumn.OWNER: 0.13,
    ActivityColumn.TARGET: 0.15,
}


class ActivityTableModel(RowTableModel):
    headers = ("Month", "Activity", "Owner", "Target", "Status", "Actual result", "Fulfilled by")

    def row_id(self, item: ActivityRow) -> int:
        return item.activity.id

    def display(self, item: ActivityRow, column: int) -> str:
        activity = item.activity
        match ActivityColumn(column):
            case ActivityColumn.MONTH:
                every = f" ({EVERY_YEAR})" if activity.year is None else ""
                return month_name(activity.month) + every
            case ActivityColumn.ACTIVITY:
                return activity.activity
            case ActivityColumn.OWNER:
                return activity.owner
            case ActivityColumn.TARGET:
                return activity.target
            case ActivityColumn.STATUS:
                return item.status_text
            case ActivityColumn.RESULT:
                return activity.actual_result
            case ActivityColumn.FULFILLED_BY:
                return "\n".join(item.fulfilled_by) or "—"

    def sort_key(self, item: ActivityRow, column: int) -> object:
        if column == ActivityColumn.MONTH:
            return (item.activity.month, item.activity.id)
        return self.display(item, column).casefold()

    def extra_data(self, item: ActivityRow, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ActivityColumn.STATUS and item.late:
                return plain_tooltip("Still planned after its month: late")
            return plain_tooltip(self.display(item, column))
        late_status = item.late and column == ActivityColumn.STATUS
        if role == Qt.ItemDataRole.ForegroundRole and late_status:
            return QBrush(QColor(_LATE_COLOUR))
        return None


class CalendarView(DocumentView):
    title = "Calendar"
    shows = Change.TRAINING | Change.AS_OF

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self._editable = document.editable
        self.dialog: ActivityDialog | None = None
        self._year: int | None = None

        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("Year")
        self.year_combo.setToolTip("The year of the calendar to show")
        year_label = QLabel("&Year:")
        year_label.setBuddy(self.year_combo)
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Calendar summary")
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.year_combo)
        top.addStretch(1)
        top.addWidget(self.summary_label)

        self.add_button = QPushButton("&Add activity…")
        self.add_button.setToolTip("Plan an activity of the annual calendar")
        self.add_button.clicked.connect(self.add_activity)
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setToolTip("Edit the activity, its status or its actual result (Enter)")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip(
            "Delete the activity; the sessions and drills that fulfilled it stay (Delete; undo "
            "with Ctrl+Z)"
        )
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = button_row((self.add_button, self.edit_button, self.delete_button))

        self.model = ActivityTableModel(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_record_table(self.proxy, "Calendar activities")
        self.table.sortByColumn(ActivityColumn.MONTH, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in (ActivityColumn.MONTH, ActivityColumn.STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (ActivityColumn.RESULT, ActivityColumn.FULFILLED_BY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        connect_record_keys(
            self.table,
            edit=self.on_table_activated,
            selection_changed=self.on_selection_changed,
            delete=self.delete_selected,
            delete_text="Delete activity",
        )

        self.details = details_label("Activity details")
        splitter = table_over_details(self.table, self.details, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

        self.year_combo.activated.connect(self.on_year_chosen)
        self.set_editable(document.editable)
        self._show_details(None)

    # ---- loading ------------------------------------------------------------------------

    def year(self) -> int:
        return self._year if self._year is not None else self.document.as_of.year

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_columns()

    def _share_columns(self) -> None:
        # Never narrower than a column's longest word, which would be cut off in a wrapped cell.
        width = self.table.viewport().width()
        metrics = self.table.fontMetrics()
        padding = 12
        for column, share in _COLUMN_SHARES.items():
            words = (
                word
                for row in range(self.model.rowCount())
                for word in str(self.model.index(row, column).data() or "").split()
            )
            longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
            self.table.setColumnWidth(column, max(int(share * width), longest + padding))

    def refresh(self) -> None:
        store = self.document.store
        selected = self.selected_row()
        selected_proxy_row = self.table.currentIndex().row()
        activities = store.calendar.all()
        sessions = store.training.sessions()
        drills = store.drills.all()
        years = {a.year for a in activities if a.year is not None}
        years |= {s.held_on.year for s in sessions} | {d.held_on.year for d in drills}
        years.add(self.year())
        self._fill_years(sorted(years))

        year, as_of = self.year(), self.document.as_of
        fulfilled: dict[int, list[str]] = {}
        for session in sessions:
            if session.calendar_id is not None:
                fulfilled.setdefault(session.calendar_id, []).append(store.training.label(session))
        for drill in drills:
            if drill.calendar_id is not None:
                fulfilled.setdefault(drill.calendar_id, []).append(store.drills.label(drill))
        shown = [a for a in activities if a.year in (year, None)]
        self.model.set_rows(
            [
                ActivityRow(a, tuple(fulfilled.get(a.id, ())), is_late(a, as_of, year=year))
                for a in shown
            ]
        )
        self._share_columns()
        self.summary_label.setText(year_progress(shown, year, as_of).text)
        if selected is not None:
            reselect_record_row(
                self.table, self.model, self.proxy, selected.activity.id, selected_proxy_row
            )
        self._show_details(self.selected_row())

    def _fill_years(self, years: Sequence[int]) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(self.year()), 0))
        self.year_combo.blockSignals(False)

    def on_year_chosen(self, _index: int) -> None:
        self.show_year(int(self.year_combo.currentData()))

    def show_year(self, year: int) -> None:
        self._year = year
        self.refresh()

    # ---- selection ----------------------------------------------------------------------

    def selected_row(self) -> ActivityRow | None:
        item = selected_item(self.table)
        return item if isinstance(item, ActivityRow) else None

    def select_activity(self, activity_id: int) -> bool:
        return select_record_row(self.table, self.model, self.proxy, activity_id)

    def on_selection_changed(self, *_args: object) -> None:
        self._show_details(self.selected_row())

    def _show_details(self, item: ActivityRow | None) -> None:
        if item is None:
            self.details.setText(
                "Select an activity to see what fulfilled it. Link a training session or a "
                "drill to an activity in its form (Calendar activity)."
            )
        else:
            activity = item.activity
            lines = [
                activity_label(activity) + (f" ({EVERY_YEAR})" if activity.year is None else ""),
                f"Owner: {activity.owner or '—'} · Target: {activity.target or '—'}",
                f"Status: {item.status_text} · Actual result: {activity.actual_result or '—'}",
                "Fulfilled by:",
                *(f"  {label}" for label in item.fulfilled_by),
            ]
            if not item.fulfilled_by:
                lines[-1] += " nothing linked yet"
            self.details.setText("\n".join(lines))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_activity = self.selected_row() is not None
        self.add_button.setEnabled(self._editable)
        self.edit_button.setEnabled(self._editable and has_activity)
        self.delete_button.setEnabled(self._editable and has_activity)

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_buttons()

    # ---- editing ------------------------------------------------------------------------

    def _years(self) -> list[int]:
        return [int(self.year_combo.itemData(i)) for i in range(self.year_combo.count())]

    def _open_dialog(self, dialog: ActivityDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda result: self.on_dialog_finished(dialog, result))
        dialog.open()

    def add_activity(self) -> None:
        if self._editable:
            self._open_dialog(
                ActivityDialog(self.document, year=self.year(), years=self._years(), parent=self)
            )

    def edit_selected(self) -> None:
        item = self.selected_row()
        if item is not None and self._editable:
            self._open_dialog(
                ActivityDialog(
                    self.document, activity=item.activity, years=self._years(), parent=self
                )
            )

    def on_dialog_finished(self, dialog: ActivityDialog, result: int) -> None:
        saved = dialog.saved_activity_id
        accepted = result == ActivityDialog.DialogCode.Accepted
        if accepted and saved is not None and not self.select_activity(saved):
            # Added or moved to another year than the one shown: show that year.
            activity = self.document.store.calendar.get(saved)
            if activity.year is not None:
                self.show_year(activity.year)
            self.select_activity(saved)
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def delete_selected(self) -> None:
        item = self.selected_row()
        if item is not None and self._editable:
            self.document.push_or_report(DeleteActivityCommand(self.document.store, item.activity))

    def on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()
