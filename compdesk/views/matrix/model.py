"""The competence matrix as Qt item models: people × competencies, from the gap engine.

`MatrixModel` holds one precomputed row per person, so `data()` is a few dictionary and tuple
look-ups and a 1000-person matrix paints as fast as a 10-person one. `MatrixFilterModel`
filters people (role, type, gaps, search) and hides the competencies nobody shown needs.
"""

from __future__ import annotations

import enum
import html
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from compdesk.models.gaps import GapCell, GapMatrix, GapStatus
from compdesk.models.records import (
    Action,
    Competency,
    Evidence,
    Level,
    Person,
    PersonType,
    Role,
)

ModelIndex = QModelIndex | QPersistentModelIndex

COMPLETION_COLUMN = 0
FIRST_COMPETENCY_COLUMN = 1


class MatrixRole(enum.IntEnum):
    """Data roles beyond Qt's own, for the view, the header painter and tests."""

    STATUS = Qt.ItemDataRole.UserRole + 1  # GapStatus of a cell (None in the completion column)
    PERSON_ID = enum.auto()
    COMPETENCY_ID = enum.auto()  # also on the horizontal header
    SORT = enum.auto()  # what the proxy sorts by: status severity, completion
    LEVEL = enum.auto()  # horizontal header: the competency's Level
    COMPLETION = enum.auto()  # float | None: a row's completion, or a column's in the header


StatusRole = MatrixRole.STATUS

# Every role MatrixModel.data() answers (for cells and the completion column).
_ROLES = frozenset(
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

# Light backgrounds, so black text and symbols keep a contrast above 7:1 on every one.
STATUS_COLOURS: Mapping[GapStatus, str] = {
    GapStatus.MET: "#a5d6a7",
    GapStatus.EXPIRING: "#ffd54f",
    GapStatus.DUE: "#b3e0f7",
    GapStatus.PLANNED: "#cfc2f2",
    GapStatus.EXPIRED: "#f28b82",
    GapStatus.MISSING: "#dcc7c7",
}
STATUS_TEXT_COLOUR = "#000000"

LEVEL_COLOURS: Mapping[Level, str] = {
    Level.BASIC: "#d6e2f0",
    Level.ROLE_SPECIFIC: "#f0e2c4",
    Level.ADVANCED: "#ecd5e3",
}

# Stand-ins for a status symbol the font cannot draw (older or minimal fonts).
_SYMBOL_FALLBACKS: Mapping[GapStatus, tuple[str, ...]] = {
    GapStatus.MET: ("✓", "+"),
    GapStatus.EXPIRING: ("!",),
    GapStatus.DUE: ("◑", "~"),
    GapStatus.PLANNED: ("→", ">"),
    GapStatus.EXPIRED: ("✗", "x"),
    GapStatus.MISSING: ("o",),
    GapStatus.NOT_REQUIRED: ("-",),
}


def display_symbols(can_show: Callable[[str], bool]) -> dict[GapStatus, str]:
    """The gap engine's symbols, with a fallback for each one `can_show` says cannot be drawn."""
    symbols = {}
    for status in GapStatus:
        candidates = (status.symbol, *_SYMBOL_FALLBACKS[status])
        symbols[status] = next((s for s in candidates if can_show(s)), candidates[-1])
    return symbols


# The order statuses appear in the legend, best first.
LEGEND_ORDER = (
    GapStatus.MET,
    GapStatus.EXPIRING,
    GapStatus.DUE,
    GapStatus.PLANNED,
    GapStatus.EXPIRED,
    GapStatus.MISSING,
    GapStatus.NOT_REQUIRED,
)

STATUS_MEANINGS: Mapping[GapStatus, str] = {
    GapStatus.MET: "valid evidence on the as-of date",
    GapStatus.EXPIRING: "valid, but expires within the warning window",
    GapStatus.DUE: "not met yet, but inside a grace period (onboarding or renewal)",
    GapStatus.PLANNED: "not met; an open action addresses it",
    GapStatus.EXPIRED: "all evidence has expired and the renewal grace is over",
    GapStatus.MISSING: "never evidenced",
    GapStatus.NOT_REQUIRED: "not required by any of the person's roles",
}

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

_CENTRED = int(Qt.AlignmentFlag.AlignCenter)
# Worked out once: combining Qt's flag enums costs microseconds, and Qt asks for every cell.
_CELL_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def percent(value: float | None) -> str:
    """'73 %' (with the space the rest of compdesk uses), or '—' when nothing is required."""
    return "—" if value is None else f"{value:.0%}".replace("%", " %")


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "no date"


# The statuses that count as met, as the gap engine says.
_MET_STATUSES = tuple(status for status in GapStatus if status.counts_as_met)


@dataclass(slots=True, eq=False)
class MatrixRow:
    """Everything the model shows for one person, computed once per refresh."""

    person: Person
    # One per competency column (not required where none of the person's roles asks for it).
    statuses: tuple[GapStatus, ...]
    # Source columns (not competency ids) of the required competencies: the proxy needs no
    # look-ups.
    required_columns: tuple[int, ...]
    met_count: int
    label: str
    roles_text: str
    # Built the first time a search needs it.
    _search_text: str | None = field(default=None, repr=False)

    @property
    def required_count(self) -> int:
        return len(self.required_columns)

    @property
    def completion(self) -> float | None:
        required = len(self.required_columns)
        return self.met_count / required if required else None

    @property
    def has_gap(self) -> bool:
        return self.met_count < len(self.required_columns)

    @property
    def search_text(self) -> str:
        if self._search_text is None:
            person = self.person
            self._search_text = " ".join(
                (person.name, person.email, person.job_title, person.type.value, self.roles_text)
            ).casefold()
        return self._search_text


class MatrixModel(QAbstractTableModel):
    """Column 0 is each person's completion, then one column per competency (grouped by level).

    Person names are the vertical header, so they stay in view when scrolling sideways.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.as_of = date.today()
        self.competencies: tuple[Competency, ...] = ()
        self.rows: list[MatrixRow] = []
        # Bumped on every refresh, so the proxy knows its cached summary is stale.
        self.generation = 0
        self._row_by_person: dict[int, int] = {}
        self._column_by_competency: dict[int, int] = {}
        self._cells: Mapping[tuple[int, int], GapCell] = {}
        # Every person's cells counted, for the header's completion and the unfiltered proxy.
        self.tally = tally_rows([])
        # Evidence and actions named in tooltips: loaded only when a tooltip is about to show.
        self.details_loaded = False
        self._evidence: Mapping[int, Evidence] = {}
        self._actions: Mapping[int, Action] = {}
        self.symbols = {status: status.symbol for status in GapStatus}
        self._brushes = {s: QBrush(QColor(c)) for s, c in STATUS_COLOURS.items()}
        self._text_brush = QBrush(QColor(STATUS_TEXT_COLOUR))
        self._status_roles: dict[GapStatus, dict[int, Any]] = {}

    # ---- loading --------------------------------------------------------------------------

    def set_matrix(
        self,
        matrix: GapMatrix,
        *,
        roles: Iterable[Role] = (),
        evidence: Iterable[Evidence] | None = None,
        actions: Iterable[Action] | None = None,
    ) -> bool:
        """Show `matrix`. Same people and columns: cells change in place (selection stays);
        otherwise the model is reset, and True is returned.

        The evidence and actions the tooltips name may come later, through `set_details`.
        """
        competencies = tuple(matrix.competencies)
        rows = _make_rows(matrix, competencies, {role.id: role.name for role in roles})
        same_shape = competencies == self.competencies and [r.person.id for r in rows] == [
            r.person.id for r in self.rows
        ]
        if not same_shape:
            self.beginResetModel()
        self.generation += 1
        self.as_of = matrix.as_of
        self.competencies = competencies
        self.rows = rows
        self._row_by_person = {row.person.id: index for index, row in enumerate(rows)}
        self._column_by_competency = {
            c.id: column for column, c in enumerate(competencies, FIRST_COMPETENCY_COLUMN)
        }
        self._cells = matrix.cells
        self.tally = tally_rows(rows)
        if evidence is not None and actions is not None:
            self.set_details(evidence, actions)
        else:
            self.details_loaded = False
            self._evidence, self._actions = {}, {}
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

    def set_details(self, evidence: Iterable[Evidence], actions: Iterable[Action]) -> None:
        """The records that tooltips describe (the cells only hold their ids)."""
        self._evidence = {item.id: item for item in evidence}
        self._actions = {item.id: item for item in actions}
        self.details_loaded = True

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
        """The roles of a cell that follow from its status alone, as data() answers them; empty
        for the completion column. The delegate asks for these of every painted cell."""
        status = self.status_at(row, column)
        if status is None:
            return {}
        roles = self._status_roles.get(status)
        if roles is None:
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

        Python callers use this rather than `index.data(MatrixRole.STATUS)`: an empty QVariant
        coming back from C++ costs nothing here (see the note on PySide 6.12 in the report).
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
        if role not in _ROLES or not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == COMPLETION_COLUMN:
            return self._completion_data(row, role)
        status = row.statuses[column - FIRST_COMPETENCY_COLUMN]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.symbols[status]
        if role == MatrixRole.STATUS:
            return status
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes.get(status)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._text_brush if status in self._brushes else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRED
        if role == Qt.ItemDataRole.AccessibleTextRole:
            competency = self.competencies[column - FIRST_COMPETENCY_COLUMN]
            return f"{competency.name}: {status.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(row, column)
        if role == MatrixRole.SORT:
            return _SEVERITY[status]
        if role == MatrixRole.PERSON_ID:
            return row.person.id
        if role == MatrixRole.COMPETENCY_ID:
            return self.competencies[column - FIRST_COMPETENCY_COLUMN].id
        return None

    def _completion_data(self, row: MatrixRow, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return percent(row.completion)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role in (MatrixRole.COMPLETION, MatrixRole.SORT):
            if role == MatrixRole.SORT and row.completion is None:
                return -1.0
            return row.completion
        if role == MatrixRole.PERSON_ID:
            return row.person.id
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            if not row.required_count:
                return f"{row.person.name}: no role requires any competency yet"
            return (
                f"{row.person.name}: {row.met_count} of {row.required_count} required "
                f"competencies met ({percent(row.completion)})"
            )
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
        evidence = self._evidence.get(cell.evidence_id) if cell.evidence_id is not None else None
        if evidence is not None:
            lines.append("Evidence: " + html.escape(describe_evidence(evidence)))
        action = self._actions.get(cell.action_id) if cell.action_id is not None else None
        if action is not None:
            lines.append("Action: " + html.escape(describe_action(action)))
        return "<br>".join(lines)


def describe_evidence(evidence: Evidence) -> str:
    """One line naming evidence: title and kind, issuer, dates, attachments."""
    title = evidence.title or evidence.kind.label
    parts = [f"{title} ({evidence.kind.label.lower()})" if evidence.title else title]
    if evidence.issuer:
        parts.append(f"from {evidence.issuer}")
    parts.append(f"achieved {_day(evidence.achieved_on)}")
    if evidence.expires_on is not None:
        parts.append(f"expires {evidence.expires_on.isoformat()}")
    count = len(evidence.attachments)
    if count:
        parts.append(f"{count} file{'s' if count != 1 else ''} attached")
    return ", ".join(parts)


def describe_action(action: Action) -> str:
    parts = [action.type.label]
    if action.description:
        parts[0] += f" “{action.description}”"
    if action.owner:
        parts.append(f"owner {action.owner}")
    if action.due_date is not None:
        parts.append(f"due {action.due_date.isoformat()}")
    parts.append(action.status.label.lower())
    return ", ".join(parts)


def competency_tooltip(competency: Competency) -> str:
    renewal = (
        f"renewed every {competency.renewal_months} months"
        if competency.renewal_months
        else "does not expire"
    )
    lines = [
        f"<b>{html.escape(competency.name)}</b>",
        f"Level: {competency.level.label} · {renewal}",
    ]
    if competency.description:
        lines.append(html.escape(competency.description))
    return "<br>".join(lines)


def _make_rows(
    matrix: GapMatrix, competencies: tuple[Competency, ...], role_names: Mapping[int, str]
) -> list[MatrixRow]:
    """One row per person of the matrix, in a single pass over its (required) cells."""
    column_of = {c.id: column for column, c in enumerate(competencies, FIRST_COMPETENCY_COLUMN)}
    not_required = GapStatus.NOT_REQUIRED
    statuses_of: dict[int, list[GapStatus]] = {}
    required_of: dict[int, list[int]] = {}
    for (person_id, competency_id), cell in matrix.cells.items():
        column = column_of.get(competency_id)
        if column is None:
            continue
        statuses = statuses_of.get(person_id)
        if statuses is None:
            statuses = statuses_of[person_id] = [not_required] * len(competencies)
            required_of[person_id] = []
        statuses[column - FIRST_COMPETENCY_COLUMN] = cell.status
        required_of[person_id].append(column)

    nothing_required = (not_required,) * len(competencies)
    # People share role combinations: name each combination once.
    roles_texts: dict[tuple[int, ...], str] = {}
    rows = []
    for person in matrix.people:
        found = statuses_of.get(person.id)
        roles_text = roles_texts.get(person.role_ids)
        if roles_text is None:
            roles_text = roles_texts[person.role_ids] = ", ".join(
                role_names.get(i, "") for i in person.role_ids if i in role_names
            )
        label = person.name
        if person.type is not PersonType.EMPLOYEE:
            label += f" ({person.type.value})"
        rows.append(
            MatrixRow(
                person,
                tuple(found) if found is not None else nothing_required,
                tuple(sorted(required_of[person.id])) if found is not None else (),
                sum(map(found.count, _MET_STATUSES)) if found is not None else 0,
                label,
                roles_text,
            )
        )
    return rows


def tally_rows(rows: Iterable[MatrixRow]) -> ShownSummary:
    """How many people, and per column how many required and met cells, among `rows`."""
    row_statuses = [row.statuses for row in rows]
    column_required: dict[int, int] = {}
    column_met: dict[int, int] = {}
    gap_columns: set[int] = set()
    counts: Counter[GapStatus] = Counter()
    not_required = GapStatus.NOT_REQUIRED
    # Column by column: each is a tuple of statuses that Python counts in C.
    for column, statuses in enumerate(zip(*row_statuses, strict=True), FIRST_COMPETENCY_COLUMN):
        required = len(statuses) - statuses.count(not_required)
        if not required:
            continue
        met = sum(statuses.count(status) for status in _MET_STATUSES)
        column_required[column] = required
        if met:
            column_met[column] = met
        if met < required:
            gap_columns.add(column)
        for status in _STATUSES_REQUIRED:
            found = statuses.count(status)
            if found:
                counts[status] += found
    return ShownSummary(
        people=len(row_statuses),
        columns=frozenset(column_required),
        column_required=column_required,
        column_met=column_met,
        counts=counts,
        gap_columns=frozenset(gap_columns),
    )


_STATUSES_REQUIRED = tuple(status for status in GapStatus if status is not GapStatus.NOT_REQUIRED)


@dataclass(frozen=True, slots=True)
class ShownSummary:
    """What the filtered matrix shows: its columns, completion per column, status counts."""

    people: int
    columns: frozenset[int]
    column_required: Mapping[int, int]
    column_met: Mapping[int, int]
    counts: Counter[GapStatus]
    # The columns where someone counted has a gap.
    gap_columns: frozenset[int] = frozenset()

    @property
    def required(self) -> int:
        return sum(self.column_required.values())

    @property
    def met(self) -> int:
        return sum(self.column_met.values())

    @property
    def completion(self) -> float | None:
        return self.met / self.required if self.required else None

    def column_completion(self, column: int) -> float | None:
        required = self.column_required.get(column, 0)
        return self.column_met.get(column, 0) / required if required else None


class MatrixFilterModel(QSortFilterProxyModel):
    """Filters people by role, type, gaps and search text; shows only the competencies that
    someone shown needs (with "gaps only": that someone shown lacks)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.role_id: int | None = None
        self.person_type: PersonType | None = None
        self.gaps_only = False
        self.search = ""
        self._filter_generation = 0
        self._filtering = False  # whether any filter is set (else every person is shown)
        self._summary: tuple[tuple[int, int], ShownSummary] | None = None
        self.setSortRole(MatrixRole.SORT)
        self.setDynamicSortFilter(True)

    def matrix_model(self) -> MatrixModel:
        model = self.sourceModel()
        assert isinstance(model, MatrixModel)
        return model

    # ---- filters ----------------------------------------------------------------------------

    def set_role_id(self, role_id: int | None) -> None:
        self._change_filter(lambda: setattr(self, "role_id", role_id))

    def set_person_type(self, person_type: PersonType | None) -> None:
        self._change_filter(lambda: setattr(self, "person_type", person_type))

    def set_gaps_only(self, gaps_only: bool) -> None:
        self._change_filter(lambda: setattr(self, "gaps_only", gaps_only))

    def set_search(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "search", text.strip().casefold()))

    def refilter(self) -> None:
        """The source changed in place: re-decide which rows and columns are shown."""
        self._change_filter(lambda: None)

    def _change_filter(self, change: Any) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter is deprecated there
            self.beginFilterChange()
            change()
            self._filter_generation += 1
            self._filtering = self.filters_anything()
            self.endFilterChange(QSortFilterProxyModel.Direction.Both)
        else:  # pragma: no cover - older Qt
            change()
            self._filter_generation += 1
            self._filtering = self.filters_anything()
            self.invalidateFilter()
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def accepts_row(self, row: MatrixRow) -> bool:
        if self.role_id is not None and self.role_id not in row.person.role_ids:
            return False
        if self.person_type is not None and row.person.type is not self.person_type:
            return False
        if self.gaps_only and not row.has_gap:
            return False
        return not self.search or self.search in row.search_text

    def filters_anything(self) -> bool:
        return bool(
            self.role_id is not None
            or self.person_type is not None
            or self.gaps_only
            or self.search
        )

    def summary(self) -> ShownSummary:
        """Computed once per refresh or filter change: O(cells of the shown people)."""
        model = self.matrix_model()
        key = (model.generation, self._filter_generation)
        if self._summary is not None and self._summary[0] == key:
            return self._summary[1]
        if not self.filters_anything():
            summary = model.tally  # everyone is shown
        else:
            shown = tally_rows(row for row in model.rows if self.accepts_row(row))
            if self.gaps_only:
                shown = replace(shown, columns=shown.gap_columns)
            summary = shown
        self._summary = (key, summary)
        return summary

    # ---- QSortFilterProxyModel ----------------------------------------------------------------

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._filtering:  # asked once per person on every reset
            return True
        rows = self.matrix_model().rows
        return 0 <= source_row < len(rows) and self.accepts_row(rows[source_row])

    def filterAcceptsColumn(self, source_column: int, source_parent: ModelIndex) -> bool:
        return source_column == COMPLETION_COLUMN or source_column in self.summary().columns

    def multiData(
        self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        # Qt's delegate asks for all the roles of a cell at once; answering them here is one
        # call into Python per painted cell instead of one per role.
        # A lone QModelRoleData is what C++ would turn into a span of one. The cast is for the
        # stubs, which leave out the span's __len__/__getitem__ that PySide6 iterates with.
        role_data_span: Iterable[QModelRoleData] = (
            (roleDataSpan,)
            if isinstance(roleDataSpan, QModelRoleData)
            else cast("Iterable[QModelRoleData]", roleDataSpan)
        )
        source = self.mapToSource(index)
        model = self.matrix_model()
        known = model.status_roles(source.row(), source.column())
        for role_data in role_data_span:
            role = role_data.role()
            if role in known:
                value = known[role]
            elif role in _ROLES:
                value = model.data(source, role)
            else:
                value = None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
            MatrixRole.COMPLETION,
            Qt.ItemDataRole.ToolTipRole,
        ):
            source_column = self.source_column(section)
            if source_column is None:
                return super().headerData(section, orientation, role)
            summary = self.summary()
            if source_column == COMPLETION_COLUMN:
                completion, required, met = summary.completion, summary.required, summary.met
            else:
                completion = summary.column_completion(source_column)
                required = summary.column_required.get(source_column, 0)
                met = summary.column_met.get(source_column, 0)
            if role == MatrixRole.COMPLETION:
                return completion
            base = super().headerData(section, orientation, role) or ""
            shown = (
                "the person shown" if summary.people == 1 else f"the {summary.people} people shown"
            )
            return (
                f"{base}<br>Completion among {shown}: {percent(completion)} "
                f"({met} of {required} required met)<br><i>Click to sort by this column.</i>"
            )
        return super().headerData(section, orientation, role)

    # ---- Python-side look-ups (no QVariant round trip) ---------------------------------------

    def source_cell(self, index: ModelIndex) -> tuple[int, int] | None:
        """(model row, model column) of a shown cell."""
        if not index.isValid() or index.model() is not self:
            return None
        source = self.mapToSource(self.index(index.row(), index.column()))
        return (source.row(), source.column()) if source.isValid() else None

    def cell_ids(self, index: ModelIndex) -> tuple[int, int] | None:
        """(person id, competency id) of a shown competency cell; None elsewhere."""
        cell = self.source_cell(index)
        if cell is None:
            return None
        model = self.matrix_model()
        competency = model.competency_at(cell[1])
        if competency is None:
            return None
        return model.rows[cell[0]].person.id, competency.id

    def person_id(self, row: int) -> int | None:
        source = self.mapToSource(self.index(row, 0))
        return self.matrix_model().rows[source.row()].person.id if source.isValid() else None

    def status(self, index: ModelIndex) -> GapStatus | None:
        cell = self.source_cell(index)
        return None if cell is None else self.matrix_model().status_at(*cell)

    def column_competency(self, section: int) -> Competency | None:
        column = self.source_column(section)
        return None if column is None else self.matrix_model().competency_at(column)

    def column_completion(self, section: int) -> float | None:
        column = self.source_column(section)
        if column is None:
            return None
        summary = self.summary()
        if column == COMPLETION_COLUMN:
            return summary.completion
        return summary.column_completion(column)

    def source_column(self, section: int) -> int | None:
        """The model column shown as `section`."""
        # The completion column is always shown, first. Competency columns are shown only
        # when someone is, so there is always a row to map through.
        if section == COMPLETION_COLUMN:
            return COMPLETION_COLUMN
        if not 0 <= section < self.columnCount() or self.rowCount() == 0:
            return None
        source = self.mapToSource(self.index(0, section))
        return source.column() if source.isValid() else None
