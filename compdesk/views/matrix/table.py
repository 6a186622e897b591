"""The matrix grid: Enter opens a cell, files dropped on a cell become its evidence."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from compdesk.views.matrix.filter_proxy import MatrixFilterModel
from compdesk.views.widgets.file_drops import local_files

ModelIndex = QModelIndex | QPersistentModelIndex

# The selected cell's frame: dark enough on every status colour (contrast above 7:1 with each),
# and grey while the grid does not have the keyboard.
SELECTION_FRAME_COLOUR = "#0b2e8a"
SELECTION_FRAME_UNFOCUSED = "#555555"


# PERF: spares PySide's first viewport() look-up, 7 to 18 ms on the way to the first paint.
def viewport_of(view: QAbstractItemView) -> QWidget:
    """`view.viewport()`, without the cost of PySide's first look-up of it.

    WORKAROUND: with PySide's lazily created types (https://bugreports.qt.io/browse/PYSIDE-2404)
    the plain QWidget that viewport() returns is typed by trying every QWidget subclass,
    creating each one not created yet. Found as a named child, the same widget is typed from
    its meta-object at once; later viewport() calls then return that wrapper. To reproduce
    (PySide6 6.11, offscreen), in a fresh process after `view = QTableView()`:
    `view.viewport()` takes about 18 ms, `view.findChild(QWidget, "qt_scrollarea_viewport")`
    about 0.1 ms.
    """
    found = view.findChild(
        QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly
    )
    return found if found is not None else view.viewport()


class MatrixTable(QTableView):
    """The matrix grid: Enter opens a cell, files dropped on a cell become its evidence."""

    # person id, competency id, files
    files_dropped = Signal(int, int, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.drops_enabled = True
        self._dragged: list[Path] = []
        self.setAcceptDrops(True)
        viewport_of(self).setAcceptDrops(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The selected cell keeps its status colour, with a frame around it: the style fills a
        # selected cell with the highlight instead of its colour, so that one cell is painted
        # again as unselected, then framed. Python runs for one cell per paint, not for each.
        current = self.currentIndex()
        selection = self.selectionModel()
        if not current.isValid() or selection is None or not selection.isSelected(current):
            return
        rect = self.visualRect(current)
        if not rect.isValid() or not event.rect().intersects(rect):
            return
        painter = QPainter(viewport_of(self))
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = rect
        option.state &= ~QStyle.StateFlag.State_Selected
        option.state &= ~QStyle.StateFlag.State_HasFocus
        self.itemDelegateForIndex(current).paint(painter, option, current)
        focused = self.hasFocus()
        pen = QPen(QColor(SELECTION_FRAME_COLOUR if focused else SELECTION_FRAME_UNFOCUSED), 3)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.end()

    def cell_ids(self, index: ModelIndex) -> tuple[int, int] | None:
        """(person id, competency id) of a competency cell, None for any other place."""
        model = self.model()
        return model.cell_ids(index) if isinstance(model, MatrixFilterModel) else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._dragged = local_files(event.mimeData()) if self.drops_enabled else []
        if self._dragged:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if self._dragged and self.cell_ids(index) is not None:
            # The target cell is shown as the current one while the files hover over it.
            self.setCurrentIndex(index)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QEvent) -> None:
        self._dragged = []
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData()) if self.drops_enabled else []
        index = self.indexAt(event.position().toPoint())
        ids = self.cell_ids(index)
        self._dragged = []
        if not paths or ids is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.setCurrentIndex(index)
        self.files_dropped.emit(ids[0], ids[1], paths)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter opens the cell on every platform (Qt leaves it to the style otherwise).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)
