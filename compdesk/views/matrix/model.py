"""The competence matrix as a Qt item model: people × competencies, from the gap engine.

`MatrixModel` holds one precomputed row per person (`rows.py`), so `data()` is a few dictionary
and tuple look-ups and a 1000-person matrix paints as fast as a 10-person one. What is shown of
it is decided by `MatrixFilterModel` (`filter_proxy.py`).
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from compdesk.models.gaps import GapCell, GapMatrix, GapStatus
from compdesk.models.records import Action, Competency, Evidence, Person, Role
from compdesk.reports.formatting import percent
from compdesk.views.matrix.descriptions import (
    competency_tooltip,
    counted,
    describe_action,
    describe_evidence,
)
from compdesk.views.matrix.legend import STATUS_COLOURS, STATUS_MEANINGS, STATUS_TEXT_COLOUR
from compdesk.views.matrix.rows import (
    COMPLETION_COLUMN,
    FIRST_COMPETENCY_COLUMN,
    MatrixRow,
    adjusted_tally,
    make_rows,
    tally_rows,
)
from compdesk.views.widgets.forms import plain_tooltip

ModelIndex = QModelIndex | QPersistentModelIndex
# The evidence and action a cell names (None where it names none).
DetailReader = Callable[[GapCell], tuple[Evidence | None, Action | None]]


class MatrixRole(enum.IntEnum):
    """Data roles beyond Qt's own, for the view, the header painter and tests."""

    STATUS = Qt.ItemDataRole.UserRole + 1  # GapStatus of a cell (None in the completion column)
    PERSON_ID = enum.auto()
    COMPETENCY_ID = enum.auto()  # also on the horizontal header
    SORT = enum.auto()  # what the proxy sorts by: status severity, completion
    LEVEL = enum.auto()  # horizontal header: the competency's Level
    COMPLETION = enum.auto()  # float | None: a row's completion, or a column's in the header


# Every role MatrixModel.data() answers (for cells and the completion column).
ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        *MatrixRole,
    }
)

# Sorting a competency column ascending puts the worst gaps first.
_SEVERITY = {
    GapStatus.MISSING: 0,
    GapStatus.EXPIRED: 1,
    GapStatus.PLANNED: 2,
    GapStatus.DUE: 3,
    GapStatus.EXPIRING: 4,
    GapStatus.MET: 5,
    GapStatus.NOT_REQUIRED: 6,
}


def _completion_sort_key(row: MatrixRow) -> float:
    """No competency required sorts below 0 %."""
    return -1.0 if row.completion is None else row.completion


_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
# PERF: combined once, not per cell: combining Qt's flag enums costs microseconds.
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class MatrixModel(QAbstractTableModel):
    """Column 0 is each person's completion, then one column per competency (grouped by level).

    Person names are the vertical header, so they stay in view when scrolling sideways.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.today()
        self.competencies: tuple[Competency, ...] = ()
        # The rows as shown: in the chosen sort order (`sort`), else in the matrix's (name) order.
        self.rows: list[MatrixRow] = []
        # The same rows in the matrix's order: ties of a sort keep it.
        self._rows_in_matrix_order: list[MatrixRow] = []
        # (column, descending) of the chosen sort; None: the matrix's order.
        self._sort: tuple[int, bool] | None = None
        # Bumped on every refresh, so the proxy knows its cached summary is stale.
        self.generation = 0
        self._row_by_person: dict[int, int] = {}
        self._column_by_competency: dict[int, int] = {}
        self._cells: Mapping[tuple[int, int], GapCell] = {}
        # Every person's cells counted, for the header's completion and the unfiltered proxy.
        self.tally = tally_rows([])
        # PERF: what a tooltip names is read when it shows, one cell's records, not at every
        # refresh; the reader is given again after each (`set_detail_reader`).
        self._detail_reader: DetailReader | None = None
        self.symbols = {status: status.symbol for status in GapStatus}
        self._brushes = {s: QBrush(QColor(c)) for s, c in STATUS_COLOURS.items()}
        self._text_brush = QBrush(QColor(STATUS_TEXT_COLOUR))
        self._status_roles: dict[GapStatus, dict[int, Any]] = {}
        self._role_names: dict[int, str] = {}

    # ---- loading --------------------------------------------------------------------------

    def set_matrix(
        self,
        matrix: GapMatrix,
        *,
        roles: Iterable[Role] = (),
    ) -> bool:
        """Show `matrix`. Same people and columns: cells change in place (selection stays);
        otherwise the model is reset, and True is returned.

        The evidence and actions the tooltips name are read later, through `set_detail_reader`.
        """
        competencies = tuple(matrix.competencies)
        self._role_names = {role.id: role.name for role in roles}
        rows = make_rows(matrix, competencies, self._role_names)
        same_shape = competencies == self.competencies and [r.person.id for r in rows] == [
            r.person.id for r in self._rows_in_matrix_order
        ]
        if not same_shape:
            self.beginResetModel()
        self.generation += 1
        self.as_of = matrix.as_of
        self.competencies = competencies
        self._column_by_competency = {
            c.id: column for column, c in enumerate(competencies, FIRST_COMPETENCY_COLUMN)
        }
        self._cells = matrix.cells
        self._rows_in_matrix_order = rows
        if same_shape:
            self._show_in_order(self._sorted(rows))
        else:
            self.rows = self._sorted(rows)
            self._row_by_person = {row.person.id: index for index, row in enumerate(self.rows)}
        self.tally = tally_rows(rows)
        self._detail_reader = None
        if not same_shape:
            self.endResetModel()
            return True
        if rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1)
            )
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(rows) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        return False

    def update_people(self, matrix: GapMatrix, person_ids: Iterable[int]) -> bool:
        """Show `matrix`, where only these people's cells differ from what is shown: their
        rows change in place (and move, if the sort says so) and the totals are adjusted.
        False, with nothing changed, if the matrix has other people or columns (then
        `set_matrix`)."""
        if tuple(matrix.competencies) != self.competencies or len(matrix.people) != len(self.rows):
            return False
        wanted = {person_id for person_id in person_ids if person_id in self._row_by_person}
        positions = {p.id: i for i, p in enumerate(matrix.people) if p.id in wanted}
        in_order = self._rows_in_matrix_order
        if len(positions) != len(wanted) or any(
            in_order[i].person.id != person_id for person_id, i in positions.items()
        ):
            return False
        people = [matrix.people[i] for i in positions.values()]
        cells = {
            (person.id, c.id): matrix.cells[(person.id, c.id)]
            for person in people
            for c in self.competencies
            if (person.id, c.id) in matrix.cells
        }
        part = GapMatrix(matrix.as_of, tuple(people), self.competencies, cells)
        new_rows = make_rows(part, self.competencies, self._role_names)
        old_rows = [in_order[i] for i in positions.values()]
        for position, new_row in zip(positions.values(), new_rows, strict=True):
            in_order[position] = new_row
            self.rows[self._row_by_person[new_row.person.id]] = new_row
        self.generation += 1
        self.as_of = matrix.as_of
        self._cells = matrix.cells
        # PERF: the changed rows' counts swapped, not every row counted again.
        self.tally = adjusted_tally(self.tally, old_rows, new_rows)
        self._detail_reader = None
        if self._sort is not None:
            self._show_in_order(self._sorted(in_order))
        last_column = self.columnCount() - 1
        for row in sorted(self._row_by_person[person.id] for person in people):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last_column))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last_column)
        return True

    # ---- sorting ----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column (worst status first, or lowest completion first,
        ascending); a column < 0 returns to the matrix's order. Ties keep the matrix's order."""
        descending = order == Qt.SortOrder.DescendingOrder
        self._sort = (column, descending) if 0 <= column < self.columnCount() else None
        self._show_in_order(self._sorted(self._rows_in_matrix_order))

    def _sorted(self, rows: list[MatrixRow]) -> list[MatrixRow]:
        """`rows`, given in the matrix's order, in the chosen sort order."""
        if self._sort is None or not 0 <= self._sort[0] < self.columnCount():
            return list(rows)
        column, descending = self._sort
        key: Callable[[MatrixRow], float]
        if column == COMPLETION_COLUMN:
            key = _completion_sort_key
        else:
            position = column - FIRST_COMPETENCY_COLUMN

            def key(row: MatrixRow) -> float:
                return _SEVERITY[row.statuses[position]]

        # PERF: one key per row, compared in C: sorting 5000 rows takes milliseconds, where
        # QSortFilterProxyModel asked data() twice per comparison. `sorted` is stable also
        # reversed, so ties keep the matrix's order both ways, as that proxy's sort did.
        return sorted(rows, key=key, reverse=descending)

    def _show_in_order(self, rows: list[MatrixRow]) -> None:
        """Show `rows`, the people shown now in another order: selections and the current
        cell move with their people."""
        if [row.person.id for row in rows] == [row.person.id for row in self.rows]:
            self.rows = rows
            return
        # Emitted without arguments: an empty parents list from Python crashes PySide6.
        self.layoutAboutToBeChanged.emit()
        row_by_person = {row.person.id: index for index, row in enumerate(rows)}
        persistent = self.persistentIndexList()
        moved = [
            self.index(row_by_person[self.rows[index.row()].person.id], index.column())
            for index in persistent
        ]
        self.changePersistentIndexList(persistent, moved)
        self.rows, self._row_by_person = rows, row_by_person
        self.layoutChanged.emit()

    @property
    def details_loaded(self) -> bool:
        """Whether tooltips can name their cell's evidence and action (since the last refresh)."""
        return self._detail_reader is not None

    def set_detail_reader(self, reader: DetailReader) -> None:
        """Tooltips read the evidence and action their cell names through `reader`, one cell
        at a time."""
        self._detail_reader = reader

    def set_symbols(self, symbols: Mapping[GapStatus, str]) -> None:
        """Show these marks for the statuses (the view picks ones its font can draw)."""
        if dict(symbols) != self.symbols:
            self.symbols = dict(symbols)
            self._status_roles = {}
            if self.rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
                )

    def overall_completion(self) -> float | None:
        """Share of all required cells that are met, as the gap engine counts it."""
        return self.tally.completion

    # ---- look-ups for the view ------------------------------------------------------------

    def row_of(self, person_id: int) -> int | None:
        return self._row_by_person.get(person_id)

    def column_of(self, competency_id: int) -> int | None:
        return self._column_by_competency.get(competency_id)

    def competency_at(self, column: int) -> Competency | None:
        index = column - FIRST_COMPETENCY_COLUMN
        return self.competencies[index] if 0 <= index < len(self.competencies) else None

    def person(self, person_id: int) -> Person | None:
        row = self._row_by_person.get(person_id)
        return self.rows[row].person if row is not None else None

    def competency(self, competency_id: int) -> Competency | None:
        column = self._column_by_competency.get(competency_id)
        return self.competency_at(column) if column is not None else None

    def status_roles(self, row: int, column: int) -> Mapping[int, Any]:
        """The roles of a cell that follow from its status alone (symbol, colours, alignment,
        sort key); empty for the completion column. `data()` answers them from here too."""
        status = self.status_at(row, column)
        if status is None:
            return {}
        roles = self._status_roles.get(status)
        if roles is None:
            # PERF: worked out once per status, not for each cell the delegate paints.
            roles = {
                Qt.ItemDataRole.DisplayRole: self.symbols[status],
                MatrixRole.STATUS: status,
                Qt.ItemDataRole.BackgroundRole: self._brushes.get(status),
                Qt.ItemDataRole.ForegroundRole: (
                    self._text_brush if status in self._brushes else None
                ),
                Qt.ItemDataRole.TextAlignmentRole: _CENTRED,
                MatrixRole.SORT: _SEVERITY[status],
            }
            self._status_roles[status] = roles
        return roles

    def status_at(self, row: int, column: int) -> GapStatus | None:
        """The status of a cell; None in the completion column.

        Python callers use this rather than `index.data(MatrixRole.STATUS)`: no round trip
        through a QVariant.
        """
        if not 0 <= row < len(self.rows):
            return None
        index = column - FIRST_COMPETENCY_COLUMN
        statuses = self.rows[row].statuses
        return statuses[index] if 0 <= index < len(statuses) else None

    # ---- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_COMPETENCY_COLUMN + len(self.competencies)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _CELL_FLAGS

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The delegate asks for a dozen roles per painted cell; most have nothing here.
        if role not in ANSWERED_ROLES or not index.isValid():
            return None
        row_number, column = index.row(), index.column()
        by_status = self.status_roles(row_number, column)
        if role in by_status:
            return by_status[role]
        row = self.rows[row_number]
        if column == COMPLETION_COLUMN:
            return self._completion_data(row, role)
        competency = self.competencies[column - FIRST_COMPETENCY_COLUMN]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{competency.name}: {by_status[MatrixRole.STATUS].label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(row, column)
        if role == MatrixRole.PERSON_ID:
            return row.person.id
        if role == MatrixRole.COMPETENCY_ID:
            return competency.id
        return None

    def _completion_data(self, row: MatrixRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return percent(row.completion)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == MatrixRole.SORT:
            return _completion_sort_key(row)
        if role == MatrixRole.COMPLETION:
            return row.completion
        if role == MatrixRole.PERSON_ID:
            return row.person.id
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if not row.required_count:
                text = f"{row.person.name}: no role requires any competency yet"
            else:
                required = counted(
                    row.required_count, "required competency", "required competencies"
                )
                text = (
                    f"{row.person.name}: {row.met_count} of {required} met "
                    f"({percent(row.completion)})"
                )
            # A name with a `<` must show as typed, not as rich text.
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self.rows):
                return None
            return self._person_header(self.rows[section], role)
        if not 0 <= section < self.columnCount():
            return None
        if section == COMPLETION_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Completion"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "Share of each person's required competencies that are met"
            if role == MatrixRole.COMPLETION:
                return self.tally.completion
            return None
        competency = self.competencies[section - FIRST_COMPETENCY_COLUMN]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return competency.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return competency_tooltip(competency)
        if role == MatrixRole.LEVEL:
            return competency.level
        if role == MatrixRole.COMPETENCY_ID:
            return competency.id
        if role == MatrixRole.COMPLETION:
            return self.tally.column_completion(section)
        return None

    def _person_header(self, row: MatrixRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            person = row.person
            lines = [f"<b>{html.escape(person.name)}</b>", html.escape(person.email)]
            details = [person.type.label]
            if person.job_title:
                details.append(person.job_title)
            lines.append(html.escape(" · ".join(details)))
            lines.append("Roles: " + html.escape(row.roles_text or "none"))
            if person.start_date is not None:
                lines.append(f"Started {person.start_date.isoformat()}")
            return "<br>".join(lines)
        if role == MatrixRole.PERSON_ID:
            return row.person.id
        return None

    # ---- tooltips -----------------------------------------------------------------------------

    def _cell_tooltip(self, row: MatrixRow, column: int) -> str:
        competency = self.competencies[column - FIRST_COMPETENCY_COLUMN]
        cell = self._cells.get((row.person.id, competency.id))
        status = cell.status if cell is not None else GapStatus.NOT_REQUIRED
        lines = [
            f"<b>{html.escape(row.person.name)} — {html.escape(competency.name)}</b>",
            f"{self.symbols[status]} {status.label}: {STATUS_MEANINGS[status]}",
        ]
        if cell is None:
            return "<br>".join(lines)
        if status.counts_as_met:
            lines.append(
                f"Valid until {cell.expires_on.isoformat()}"
                if cell.expires_on is not None
                else "Does not expire"
            )
        elif status is GapStatus.DUE and cell.grace_ends_on is not None:
            lines.append(f"Grace period ends {cell.grace_ends_on.isoformat()}")
        elif status is GapStatus.EXPIRED and cell.expires_on is not None:
            lines.append(f"Expired {cell.expires_on.isoformat()}")
        evidence, action = (
            self._detail_reader(cell) if self._detail_reader is not None else (None, None)
        )
        if evidence is not None:
            lines.append("Evidence: " + html.escape(describe_evidence(evidence)))
        if action is not None:
            lines.append("Action: " + html.escape(describe_action(action)))
        return "<br>".join(lines)
