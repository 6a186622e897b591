"""Which people and competencies the matrix shows: filters by role, type, gaps and search,
and sorting by status or completion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from PySide6.QtCore import (
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from compdesk.models.gaps import GapStatus
from compdesk.models.records import Competency, PersonType
from compdesk.reports.formatting import percent
from compdesk.views.matrix.model import ANSWERED_ROLES, MatrixModel, MatrixRole
from compdesk.views.matrix.rows import COMPLETION_COLUMN, MatrixRow, ShownSummary, tally_rows

ModelIndex = QModelIndex | QPersistentModelIndex


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
        # PERF: cached: the header asks for it for every column it paints.
        model = self.matrix_model()
        key = (model.generation, self._filter_generation)
        if self._summary is not None and self._summary[0] == key:
            return self._summary[1]
        if not self.filters_anything():
            summary = model.tally  # everyone is shown
        else:
            shown = tally_rows(row for row in model.rows if self.accepts_row(row))
            if self.gaps_only:
                shown = shown._replace(columns=shown.gap_columns)
            summary = shown
        self._summary = (key, summary)
        return summary

    # ---- QSortFilterProxyModel ----------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # PERF: the model orders its own rows, by a key computed once per row; this proxy's
        # sort would call data() twice per comparison (≈ 0.5 s at 5000 people).
        source_column = self.source_column(column) if column >= 0 else None
        self.matrix_model().sort(-1 if source_column is None else source_column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        # PERF: no filter set, so no look at the row (Qt asks once per person on every reset).
        if not self._filtering:
            return True
        rows = self.matrix_model().rows
        return 0 <= source_row < len(rows) and self.accepts_row(rows[source_row])

    def filterAcceptsColumn(self, source_column: int, source_parent: ModelIndex) -> bool:
        return source_column == COMPLETION_COLUMN or source_column in self.summary().columns

    def multiData(
        self, index: ModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData
    ) -> None:
        # PERF: one call into Python per painted cell, not one per role the delegate asks for.
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
            elif role in ANSWERED_ROLES:
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
