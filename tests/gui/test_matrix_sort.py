"""Sorting the matrix by a column gives the order a plain sort of the shown values gives,
ties in name order, with filters on, and keeps it (and the current cell) across edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from compdesk.models.gaps import GapStatus
from compdesk.views.document import Document
from compdesk.views.main_window import MainWindow
from compdesk.views.matrix.model import MatrixRole
from compdesk.views.matrix.rows import COMPLETION_COLUMN, tally_rows
from compdesk.views.matrix.view import MatrixView
from tests.gui.test_matrix_incremental import add_evidence, assert_as_recomputed


def matrix_view(window: MainWindow) -> MatrixView:
    window.show_view(0)
    view = window.view("matrix")
    assert isinstance(view, MatrixView)
    return view


def expected_order(
    view: MatrixView, section: int, order: Qt.SortOrder, name_order: list[int]
) -> list[int]:
    """The shown people's ids, in name order (as shown unsorted), sorted in Python by the
    shown sort values."""
    model, proxy = view.model, view.proxy
    source_column = proxy.source_column(section)
    assert source_column is not None
    shown = set(view.shown_person_ids())
    in_name_order = [person_id for person_id in name_order if person_id in shown]
    name_rank = {person_id: rank for rank, person_id in enumerate(in_name_order)}

    def value(person_id: int) -> float:
        row = model.row_of(person_id)
        assert row is not None
        sort_value = model.index(row, source_column).data(MatrixRole.SORT)
        assert isinstance(sort_value, int | float)
        return float(sort_value)

    descending = order == Qt.SortOrder.DescendingOrder
    return sorted(
        in_name_order,
        key=lambda person_id: (
            -value(person_id) if descending else value(person_id),
            name_rank[person_id],
        ),
    )


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
@pytest.mark.parametrize("gaps_only", [False, True])
def test_sorted_rows_are_in_the_order_of_their_values_ties_by_name(
    demo_window: MainWindow, order: Qt.SortOrder, gaps_only: bool
) -> None:
    view = matrix_view(demo_window)
    name_order = view.shown_person_ids()
    view.filters.gaps_check.setChecked(gaps_only)
    # The completion column and a competency column (statuses).
    for section in (COMPLETION_COLUMN, 1, view.proxy.columnCount() - 1):
        view.table.sortByColumn(section, order)
        assert view.table.horizontalHeader().sortIndicatorSection() == section
        assert view.shown_person_ids() == expected_order(view, section, order, name_order)
    view.filters.gaps_check.setChecked(False)
    view.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert view.shown_person_ids() == name_order


def test_an_edit_and_its_undo_keep_the_sort_the_totals_and_the_current_cell(
    demo_window: MainWindow, demo_document: Document
) -> None:
    view = matrix_view(demo_window)
    name_order = view.shown_person_ids()
    section = 1
    view.table.sortByColumn(section, Qt.SortOrder.AscendingOrder)
    first = view.proxy.index(0, section)
    current_ids = view.proxy.cell_ids(first)
    view.table.setCurrentIndex(first)
    command = add_evidence(demo_document)
    for step in (
        lambda: demo_document.push(command),
        demo_document.undo_stack.undo,
        demo_document.undo_stack.redo,
    ):
        step()
        assert view.shown_person_ids() == expected_order(
            view, section, Qt.SortOrder.AscendingOrder, name_order
        )
        assert view.model.tally == tally_rows(view.model.rows)
        assert_as_recomputed(view, demo_document)
        assert view.proxy.cell_ids(view.table.currentIndex()) == current_ids


def test_sorting_moves_the_selection_with_its_people(demo_window: MainWindow) -> None:
    view = matrix_view(demo_window)
    index = view.proxy.index(3, 1)
    selected = view.proxy.cell_ids(index)
    view.table.setCurrentIndex(index)
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert view.proxy.cell_ids(view.table.currentIndex()) == selected
    assert [view.proxy.cell_ids(i) for i in view.table.selectionModel().selectedIndexes()] == [
        selected
    ]
    assert view.proxy.status(view.table.currentIndex()) in set(GapStatus)
