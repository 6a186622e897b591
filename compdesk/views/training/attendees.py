"""The session form's attendee list: one row per person, with attended, score and passed.

Scores are typed in a column, one after another: Enter in a score moves to the next row's
score (`AttendeeTable`). Passed follows the score against the pass mark until the trainer ticks
or clears it (the trainer's judgement wins, as `Attendance.passes` says).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from compdesk.models.records import Attendance, Person
from compdesk.views.widgets.record_table import AnyIndex, RowTableModel


class AttendeeColumn(enum.IntEnum):
    PERSON = 0
    ATTENDED = 1
    SCORE = 2
    PASSED = 3


@dataclass(frozen=True, slots=True)
class AttendeeRow:
    person: Person
    attended: bool = True
    score: float | None = None
    passed: bool | None = None  # None: decided by the score against the pass mark

    def attendance(self, session_id: int = 0) -> Attendance:
        return Attendance(session_id, self.person.id, self.attended, self.score, self.passed)


def parse_score(text: str) -> float | None:
    """A typed score: a percent ("85", "85 %", "85,5"), or None when empty.

    ValueError when it is not a number from 0 to 100."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    score = float(cleaned)
    if not 0 <= score <= 100:
        raise ValueError(f"a score is a percentage from 0 to 100, not {score:g}")
    return score


def format_score(score: float | None) -> str:
    return "" if score is None else f"{score:g}"


class AttendeeModel(RowTableModel):
    """The attendees of the session being recorded or edited (AttendeeRow each)."""

    headers = ("Person", "Attended", "Score %", "Passed")
    # A typed score was not taken: why, for the form to say.
    score_refused = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pass_mark: float | None = None

    # ---- rows ---------------------------------------------------------------------------

    def row_id(self, item: AttendeeRow) -> int:
        return item.person.id

    def add_person(self, person: Person) -> int:
        """Add a person at the end (once); their row."""
        listed = self.row_of(person.id)
        if listed is not None:
            return listed
        row = self.rowCount()
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(AttendeeRow(person))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def set_pass_mark(self, pass_mark: float | None) -> None:
        self._pass_mark = pass_mark
        if self._rows:
            self.dataChanged.emit(
                self.index(0, AttendeeColumn.PASSED),
                self.index(len(self._rows) - 1, AttendeeColumn.PASSED),
            )

    def attendances(self, session_id: int = 0) -> list[Attendance]:
        return [row.attendance(session_id) for row in self._rows]

    # ---- cells ----------------------------------------------------------------------------

    def passes(self, item: AttendeeRow) -> bool:
        return item.attendance().passes(self._pass_mark)

    def display(self, item: AttendeeRow, column: int) -> str:
        match AttendeeColumn(column):
            case AttendeeColumn.PERSON:
                return item.person.name
            case AttendeeColumn.SCORE:
                return format_score(item.score)
            case AttendeeColumn.ATTENDED:
                return "Attended" if item.attended else "Absent"
            case AttendeeColumn.PASSED:
                return "Passed" if self.passes(item) else "Not passed"

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        column = AttendeeColumn(index.column())
        if column in (AttendeeColumn.ATTENDED, AttendeeColumn.PASSED):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if column is AttendeeColumn.SCORE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def extra_data(self, item: AttendeeRow, column: int, role: int) -> Any:
        column = AttendeeColumn(column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.EditRole and column is AttendeeColumn.SCORE:
            return format_score(item.score)
        if role == Qt.ItemDataRole.CheckStateRole:
            if column is AttendeeColumn.ATTENDED:
                return Qt.CheckState.Checked if item.attended else Qt.CheckState.Unchecked
            if column is AttendeeColumn.PASSED:
                return Qt.CheckState.Checked if self.passes(item) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is AttendeeColumn.PERSON:
                return item.person.email
            if column is AttendeeColumn.PASSED:
                if item.passed is not None and item.attended:
                    return "Ticked by hand: the trainer's judgement, whatever the score"
                return "From the score against the pass mark; tick or clear to decide by hand"
            if column is AttendeeColumn.SCORE:
                return "The score in percent; Enter moves to the next person"
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        row = index.row()
        item = self._rows[row]
        column = AttendeeColumn(index.column())
        if column is AttendeeColumn.SCORE and role == Qt.ItemDataRole.EditRole:
            try:
                score = parse_score(str(value))
            except ValueError as error:
                message = str(error)
                if not message.startswith("a score"):
                    message = f"{str(value).strip()!r} is not a score in percent"
                self.score_refused.emit(message)
                return False
            # A new score decides again, unless the trainer then ticks by hand.
            self._rows[row] = replace(item, score=score, passed=None)
        elif role == Qt.ItemDataRole.CheckStateRole and column is AttendeeColumn.ATTENDED:
            self._rows[row] = replace(item, attended=_checked(value))
        elif role == Qt.ItemDataRole.CheckStateRole and column is AttendeeColumn.PASSED:
            ticked = _checked(value)
            by_score = replace(item, passed=None).attendance().passes(self._pass_mark)
            passed = None if ticked == by_score else ticked
            self._rows[row] = replace(item, passed=passed, attended=item.attended or ticked)
        else:
            return False
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.headers) - 1))
        return True


def _checked(value: Any) -> bool:
    return bool(value == Qt.CheckState.Checked or value == Qt.CheckState.Checked.value)


class AttendeeTable(QTableView):
    """The attendee list: typing a digit on a score starts editing it, and Enter moves down to
    the next row's score, so a column of scores is typed without the mouse. Enter on the last
    score emits `scores_done`: the form moves on rather than leave the keys on that score."""

    scores_done = Signal()

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName("Attendees")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(False)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        moves_down = (
            hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache
            and self.currentIndex().column() == AttendeeColumn.SCORE
        )
        if not moves_down:
            super().closeEditor(editor, hint)
            return
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        below = self.currentIndex().siblingAtRow(self.currentIndex().row() + 1)
        if below.isValid():
            self.setCurrentIndex(below)
            self.edit(below)
        else:
            self.scores_done.emit()

    def start_scores(self) -> None:
        """Put the keyboard in the first score, ready to type."""
        first = self.model().index(0, AttendeeColumn.SCORE)
        if first.isValid():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            self.setCurrentIndex(first)
            self.edit(first)
