"""The import dialog's two tables: the file's rows as read, and the problems the check found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from compdesk.models.export_dates import parse_export_date
from compdesk.models.people_check import ExistingChoice, ImportCheck, RowProblem
from compdesk.models.people_import import DATE_FIELDS, PeopleField, PeopleTable
from compdesk.views.widgets.forms import plain_tooltip
from compdesk.views.widgets.record_table import RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT: Final = QModelIndex()
ERROR_BACKGROUND: Final = QColor("#fde7e9")
ACTION_HEADER: Final = "Import as"


class PeoplePreviewModel(QAbstractTableModel):
    """The rows of a people CSV, with what importing does to each and its bad cells marked.

    The file's columns come first, a date shown with the date it was read as; the last column
    says what happens to the row (added, updated, skipped, left, or not yet: a problem).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: PeopleTable | None = None
        self._mapping: Mapping[int, PeopleField | None] = {}
        self._check: ImportCheck | None = None
        self._choices: Mapping[int, ExistingChoice] = {}
        # (row, file column or None for the whole row) → the problems there.
        self._problems: dict[tuple[int, int | None], list[str]] = {}

    def set_table(self, table: PeopleTable | None) -> None:
        self.beginResetModel()
        self._table, self._mapping, self._check, self._problems = table, {}, None, {}
        self.endResetModel()

    def set_check(
        self,
        mapping: Mapping[int, PeopleField | None],
        check: ImportCheck | None,
        choices: Mapping[int, ExistingChoice],
    ) -> None:
        table = self._table
        self._mapping, self._check, self._choices = dict(mapping), check, dict(choices)
        self._problems = {}
        if table is not None and check is not None:
            for problem in check.problems:
                if problem.row_number is None:
                    continue
                column = (
                    table.headers.index(problem.column) if problem.column in table.headers else None
                )
                self._problems.setdefault((problem.row_number - 1, column), []).append(problem.why)
        if self.rowCount() and self.columnCount():
            last_row, last_column = self.rowCount() - 1, self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_column))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last_column)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, last_row)

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() or self._table is None else len(self._table.headers) + 1

    def _field_text(self, column: int) -> str:
        if column not in self._mapping:
            return "? choose a field"
        field = self._mapping[column]
        return "(ignored)" if field is None else f"→ {field.label}"

    def row_has_problem(self, row: int) -> bool:
        return any(key[0] == row for key in self._problems)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        table = self._table
        if table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section <= len(table.headers):
                return None
            if section == len(table.headers):
                return f"{ACTION_HEADER}\n" if role == Qt.ItemDataRole.DisplayRole else None
            header = table.headers[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{header}\n{self._field_text(section)}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(f"Column “{header}”: {self._field_text(section)}")
            return None
        if not 0 <= section < len(table.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # Row numbers as the problem list counts them.
            return f"{'⚠ ' if self.row_has_problem(section) else ''}{section + 1}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Row {section + 1}, line {table.line_numbers[section]} of the file"
        return None

    def action_text(self, row: int) -> str:
        check = self._check
        if self.row_has_problem(row):
            return "⚠ not yet"
        if check is None:
            return ""
        number = row + 1
        left = " (left)" if number in check.leaver_rows else ""
        if number in check.existing_rows:
            choice = self._choices.get(number)
            if choice is ExistingChoice.UPDATE:
                return f"Update{left}"
            return "Skip (already there)" if choice is ExistingChoice.SKIP else "? update or skip"
        return f"Add{left}"

    def _cell_text(self, row: int, column: int) -> str:
        table = self._table
        assert table is not None
        value = table.rows[row][column]
        check = self._check
        if check is None or self._mapping.get(column) not in DATE_FIELDS or not value.strip():
            return value
        try:
            read = parse_export_date(value, check.date_orders.get(column))
        except ValueError:
            return value
        if read is None or read.isoformat() == value.strip():
            return value
        return f"{value} → {read.isoformat()}"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self._table
        if table is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(table.rows) and 0 <= column <= len(table.headers)):
            return None
        if column == len(table.headers):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.action_text(row)
            if role == Qt.ItemDataRole.ToolTipRole:
                whole = self._problems.get((row, None))
                return plain_tooltip("\n".join(whole)) if whole else None
            return None
        problems = self._problems.get((row, column))
        value = table.rows[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._cell_text(row, column)
            return f"⚠ {text}" if problems else text
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return QBrush(ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if not (value or problems):
                return None
            return plain_tooltip("\n".join(problems) if problems else value)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{value}, problem: {'; '.join(problems)}" if problems else value
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class ProblemsModel(RowTableModel):
    """Every problem of a check, one a line: row, column, value, why."""

    headers = ("Row", "Column", "Value", "Problem")

    @property
    def problems(self) -> tuple[RowProblem, ...]:
        return tuple(self.rows())

    def set_problems(self, problems: tuple[RowProblem, ...]) -> None:
        self.set_rows(problems)

    def row_id(self, item: Any) -> int:
        return self.rows().index(item)

    def display(self, item: Any, column: int) -> str:
        assert isinstance(item, RowProblem)
        row = "" if item.row_number is None else str(item.row_number)
        return (row, item.column or "the whole file", item.value, item.why)[column]

    def extra_data(self, item: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(item.text())
        return None
