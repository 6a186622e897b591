"""The matrix's headers: the competency columns under their level band, the people's names
down the side."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPolygon,
)
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from compdesk.models.records import Level
from compdesk.reports.formatting import percent
from compdesk.views.matrix.filter_proxy import MatrixFilterModel
from compdesk.views.matrix.legend import LEVEL_COLOURS
from compdesk.views.widgets.level_header import LevelBandHeader

# Rotated competency names longer than this wrap onto a second line, then are elided.
MAX_NAME_LENGTH = 190


class CompetencyHeader(LevelBandHeader):
    """Column headers: a level band (the level named across its columns), the competency name
    written upwards so the columns stay narrow, and the column's completion underneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, band_colours=LEVEL_COLOURS)
        self.setSortIndicatorShown(True)
        self.setSortIndicatorClearable(True)

    # ---- geometry ----------------------------------------------------------------------------

    def _arrow_space(self) -> int:
        return 12

    def column_width(self) -> int:
        metrics = self.fontMetrics()
        # Narrow, so that 15 competencies fit beside the names at 1280 pixels in audit mode.
        return max(metrics.horizontalAdvance("100 %") + 8, 2 * metrics.lineSpacing() + 6)

    def _name_length(self) -> int:
        metrics = self.fontMetrics()
        longest = metrics.horizontalAdvance("Completion")
        proxy = self._proxy()
        if proxy is not None:
            # Every competency, not only those shown, so filtering never changes the height.
            for competency in proxy.matrix_model().competencies:
                longest = max(longest, metrics.horizontalAdvance(competency.name))
        return min(longest, MAX_NAME_LENGTH) + 12

    def section_level(self, logical_index: int) -> Level | None:
        proxy = self._proxy()
        competency = proxy.column_competency(logical_index) if proxy is not None else None
        return competency.level if competency is not None else None

    def _proxy(self) -> MatrixFilterModel | None:
        model = self.model()
        return model if isinstance(model, MatrixFilterModel) else None

    def sizeHint(self) -> QSize:
        height = 2 * self.band_height() + self._arrow_space() + self._name_length()
        return QSize(self.length(), height)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        return QSize(self.column_width(), self.sizeHint().height())

    # ---- painting ----------------------------------------------------------------------------

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        painter.save()
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        option.text = ""
        option.sortIndicator = QStyleOptionHeader.SortIndicator.None_
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)

        proxy = self._proxy()
        band = self.band_height()
        competency = proxy.column_competency(logicalIndex) if proxy is not None else None
        name = competency.name if competency is not None else "Completion"
        completion = proxy.column_completion(logicalIndex) if proxy is not None else None
        selection = self.selectionModel()
        font = QFont(self.font())
        if selection is not None and selection.columnIntersectsSelection(
            logicalIndex, self.rootIndex()
        ):
            font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))

        # The completion of the column, along the bottom.
        footer = QRect(rect.left(), rect.bottom() - band + 1, rect.width(), band)
        painter.drawText(footer, Qt.AlignmentFlag.AlignCenter, percent(completion))
        painter.drawLine(footer.topLeft(), footer.topRight())

        # The sort arrow, just under the level band.
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logicalIndex:
            centre_x, top = rect.center().x(), rect.top() + band + 3
            if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
                points = [
                    QPoint(centre_x - 4, top + 6),
                    QPoint(centre_x + 4, top + 6),
                    QPoint(centre_x, top),
                ]
            else:
                points = [
                    QPoint(centre_x - 4, top),
                    QPoint(centre_x + 4, top),
                    QPoint(centre_x, top + 6),
                ]
            painter.setBrush(painter.pen().color())
            painter.drawPolygon(QPolygon(points))

        # The name, written upwards, on one or two lines.
        if name:
            length = rect.height() - 2 * band - self._arrow_space() - 6
            lines = _wrap_two_lines(name, metrics, length)
            painter.translate(rect.left() + rect.width() / 2, rect.bottom() - band - 4)
            painter.rotate(-90)
            line_height = metrics.lineSpacing()
            top = -len(lines) * line_height // 2
            for number, line in enumerate(lines):
                painter.drawText(
                    QRect(0, top + number * line_height, length, line_height),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    line,
                )
        painter.restore()


def _wrap_two_lines(text: str, metrics: QFontMetrics, length: int) -> list[str]:
    if metrics.horizontalAdvance(text) <= length:
        return [text]
    words = text.split()
    first = ""
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count])
        if metrics.horizontalAdvance(candidate) <= length:
            first = candidate
            rest = " ".join(words[count:])
            break
    else:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, length)]
    if not rest:
        return [first]
    return [first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, length)]


class NameHeader(QHeaderView):
    """The people's names down the left: fixed-height rows, as wide as the longest name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._width = 160

    def fit_names(self, names: Iterable[str]) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        # PERF: each distinct name is measured once (a thousand people share a few hundred).
        widest = max((metrics.horizontalAdvance(name) for name in set(names)), default=0)
        self._width = max(140, min(widest + 24, 320))
        self.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        # QHeaderView would measure only the first and last 100 names; we measured them all.
        return QSize(self._width, self.defaultSectionSize())
