"""At 1024×700, a laptop's window, the list views fit without scrolling sideways, in and out
of audit mode; a cell too narrow for its text elides it and its tooltip holds all of it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView
from pytestqt.qtbot import QtBot

from compdesk.demo import create_demo
from compdesk.views.main_window import MainWindow
from compdesk.views.names import VIEW_NAMES
from tests.gui.conftest import demo_window_over

AS_OF = date(2026, 12, 2)
TABLE_VIEWS = ("evidence", "people", "training", "drills", "actions")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("layout-demo") / "Northwind.compdesk"
    create_demo(path, as_of=AS_OF).close()
    return path


@pytest.fixture
def demo_window(qtbot: QtBot, demo_file: Path, tmp_path: Path) -> Iterator[MainWindow]:
    yield from demo_window_over(qtbot, demo_file, tmp_path, AS_OF)


def laid_out(qtbot: QtBot, window: MainWindow, name: str, *, audit_mode: bool) -> QTableView:
    """The table of view `name`, shown and laid out in the 1024×700 window."""
    qtbot.waitExposed(window)
    if audit_mode:
        window.activateWindow()
        # View ▸ Audit Mode, as the user turns it on.
        qtbot.keyClick(
            window,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert window.document is not None and window.document.audit_mode
    window.show_view(VIEW_NAMES.index(name))
    for _ in range(3):
        QApplication.processEvents()
    table = window.view(name).table  # type: ignore[attr-defined]  # each list view has one
    assert isinstance(table, QTableView)
    return table


def page_of(window: MainWindow) -> QScrollArea:
    page = window.tabs.currentWidget()
    assert isinstance(page, QScrollArea)
    return page


@pytest.mark.parametrize("audit_mode", [False, True], ids=["normal", "audit-mode"])
@pytest.mark.parametrize("name", TABLE_VIEWS)
def test_the_view_does_not_scroll_sideways_at_1024(
    qtbot: QtBot, demo_window: MainWindow, name: str, audit_mode: bool
) -> None:
    table = laid_out(qtbot, demo_window, name, audit_mode=audit_mode)
    assert demo_window.width() == 1024
    assert page_of(demo_window).horizontalScrollBar().maximum() == 0
    assert table.horizontalScrollBar().maximum() == 0
    assert not table.horizontalScrollBar().isVisible()


def elided_cells(table: QTableView) -> list[QModelIndex]:
    """The cells whose text is wider than their column."""
    model, metrics = table.model(), table.fontMetrics()
    cells = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(index.data() or "")
            if metrics.horizontalAdvance(text) + 8 > table.columnWidth(column):
                cells.append(index)
    return cells


@pytest.mark.parametrize("name", ["evidence", "people"])
def test_a_cut_cell_has_its_whole_text_in_the_tooltip(
    qtbot: QtBot, demo_window: MainWindow, name: str
) -> None:
    table = laid_out(qtbot, demo_window, name, audit_mode=True)
    cells = elided_cells(table)
    assert cells, "at 1024 pixels in audit mode, some text must be cut"
    for index in cells:
        assert table.textElideMode() == Qt.TextElideMode.ElideRight
        assert str(index.data()) in str(index.data(Qt.ItemDataRole.ToolTipRole))


def test_the_columns_grow_back_when_the_window_widens(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    table = laid_out(qtbot, demo_window, "evidence", audit_mode=True)
    narrow = table.horizontalHeader().length()
    demo_window.resize(1600, 900)
    for _ in range(3):
        QApplication.processEvents()
    assert table.horizontalHeader().length() > narrow
    assert table.horizontalScrollBar().maximum() == 0
